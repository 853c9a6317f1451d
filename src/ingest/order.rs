//! Ordering: parsers on every core, the writer on the calling thread,
//! strictly in the order of the walked files.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Runs `prepare` on `threads` threads and `write` on the calling thread,
/// strictly in the order of `items`. At most a few items are prepared ahead
/// of the writer, so memory stays bounded by the largest items, not by their
/// number. The first error of `write` stops the run.
pub(super) fn in_order<T: Sync, P: Send, E>(
    items: &[T],
    threads: usize,
    prepare: impl Fn(usize, &T) -> P + Sync,
    mut write: impl FnMut(P) -> Result<(), E>,
) -> Result<(), E> {
    let window = threads * 2;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let written = Mutex::new(0usize);
    let advanced = Condvar::new();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, P)>(window);
        for _ in 0..threads.min(items.len()) {
            let sender = sender.clone();
            let (next, stop, written, advanced, prepare) = (&next, &stop, &written, &advanced, &prepare);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= items.len() {
                    return;
                }
                let mut done = written.lock().unwrap_or_else(|e| e.into_inner());
                while index >= *done + window && !stop.load(Ordering::SeqCst) {
                    done = advanced.wait(done).unwrap_or_else(|e| e.into_inner());
                }
                drop(done);
                if stop.load(Ordering::SeqCst) || sender.send((index, prepare(index, &items[index]))).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        let mut pending = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        for (index, prepared) in &receiver {
            pending.insert(index, prepared);
            while let Some(prepared) = pending.remove(&expected) {
                if let Err(error) = write(prepared) {
                    result = Err(error);
                    break;
                }
                expected += 1;
                *written.lock().unwrap_or_else(|e| e.into_inner()) = expected;
                advanced.notify_all();
            }
            if result.is_err() {
                break;
            }
        }
        stop.store(true, Ordering::SeqCst);
        advanced.notify_all();
        drop(receiver);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_writes_in_item_order_on_many_threads() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        let result: Result<(), ()> = in_order(
            &items,
            4,
            |_, n| {
                // Uneven work so that threads finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((n * 37) % 300));
                n * 2
            },
            |n| {
                seen.push(n);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        assert_eq!(seen, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn in_order_stops_at_the_first_write_error() {
        let items: Vec<u32> = (0..100).collect();
        let mut written = 0;
        let result = in_order(
            &items,
            3,
            |_, n| *n,
            |n| {
                if n == 10 {
                    return Err("full disk");
                }
                written += 1;
                Ok(())
            },
        );
        assert_eq!(result, Err("full disk"));
        assert_eq!(written, 10);
    }
}
