//! Ordering: parsers on every core, the writer on the calling thread,
//! strictly in the order of the walked files.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Pieces of an item a parser may send before the writer reaches that item;
/// then it waits, so that a file read as a stream is held a few parts at a
/// time, not whole.
const AHEAD: usize = 2;

/// Runs `prepare` on `threads` threads and `write` on the calling thread,
/// strictly in the order of `items`. `prepare` gives each item in one or
/// more pieces (through its last argument), written in the order given. At
/// most a few items are prepared ahead of the writer, and at most [`AHEAD`]
/// pieces of an item the writer has not reached, so memory stays bounded by
/// the largest pieces, not by their number. The first error of `write`
/// stops the run.
pub(super) fn in_order<T: Sync, P: Send, E>(
    items: &[T],
    threads: usize,
    prepare: impl Fn(usize, &T, &mut dyn FnMut(P)) + Sync,
    mut write: impl FnMut(P) -> Result<(), E>,
) -> Result<(), E> {
    let window = threads * 2;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Items written whole: the writer is at item `*written`.
    let written = Mutex::new(0usize);
    let advanced = Condvar::new();
    std::thread::scope(|scope| {
        // A piece, or `None` when the item is whole.
        let (sender, receiver) = mpsc::sync_channel::<(usize, Option<P>)>(window);
        for _ in 0..threads.min(items.len()) {
            let sender = sender.clone();
            let (next, stop, written, advanced, prepare) = (&next, &stop, &written, &advanced, &prepare);
            let wait_while = move |blocked: &dyn Fn(usize) -> bool| {
                let mut done = written.lock().unwrap_or_else(|e| e.into_inner());
                while blocked(*done) && !stop.load(Ordering::SeqCst) {
                    done = advanced.wait(done).unwrap_or_else(|e| e.into_inner());
                }
            };
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= items.len() {
                    return;
                }
                wait_while(&|done| index >= done + window);
                let mut sent = 0;
                let mut open = !stop.load(Ordering::SeqCst);
                prepare(index, &items[index], &mut |piece| {
                    if sent >= AHEAD {
                        wait_while(&|done| done < index);
                    }
                    open = open && !stop.load(Ordering::SeqCst) && sender.send((index, Some(piece))).is_ok();
                    sent += 1;
                });
                if !open || sender.send((index, None)).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        let mut pending: BTreeMap<usize, VecDeque<Option<P>>> = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        'received: for (index, piece) in &receiver {
            pending.entry(index).or_default().push_back(piece);
            while let Some(piece) = pending.get_mut(&expected).and_then(VecDeque::pop_front) {
                let Some(piece) = piece else {
                    pending.remove(&expected);
                    expected += 1;
                    *written.lock().unwrap_or_else(|e| e.into_inner()) = expected;
                    advanced.notify_all();
                    continue;
                };
                if let Err(error) = write(piece) {
                    result = Err(error);
                    break 'received;
                }
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
            |_, n, give| {
                // Uneven work so that threads finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((n * 37) % 300));
                give(n * 2);
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
            |_, n, give| give(*n),
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

    /// An item given in many pieces (a file read as a stream) is written
    /// piece by piece, in order, between the items before and after it,
    /// however the threads run.
    #[test]
    fn the_pieces_of_an_item_are_written_in_order_between_its_neighbours() {
        let items: Vec<u64> = (0..40).collect();
        let mut seen = Vec::new();
        let result: Result<(), ()> = in_order(
            &items,
            3,
            |_, n, give| {
                for piece in 0..(n % 7) {
                    std::thread::sleep(std::time::Duration::from_micros((n * 53 + piece) % 200));
                    give((*n, piece));
                }
            },
            |piece| {
                seen.push(piece);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        let expected: Vec<(u64, u64)> = items.iter().flat_map(|n| (0..n % 7).map(move |p| (*n, p))).collect();
        assert_eq!(seen, expected);
    }
}
