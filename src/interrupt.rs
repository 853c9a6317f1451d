//! Ctrl-C (SIGINT), SIGTERM and SIGHUP while files are being written: the
//! temporary files registered here are removed, a message set by the command
//! (what is left incomplete) is printed, and the process ends with status
//! 128 + the signal's number, as a shell expects. Without it an interrupted
//! `export --all` left a temporary file of hundreds of MB behind.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

struct Pending {
    files: Vec<PathBuf>,
    message: Option<String>,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending { files: Vec::new(), message: None });
static WATCH: Once = Once::new();

fn pending() -> std::sync::MutexGuard<'static, Pending> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Creates a file with `create` and removes it if the process is
/// interrupted before [`forget_file`]. The file is made while the list is
/// locked, so that an interruption cannot fall between its creation and its
/// registration.
///
/// # Errors
/// Those of `create`.
pub fn create_removed_on_interrupt<T, P: AsRef<Path>, E>(
    create: impl FnOnce() -> Result<(T, P), E>,
) -> Result<(T, P), E> {
    // Watched first and made under the lock: a signal either comes before
    // the file exists, or waits for the lock and finds the file registered.
    watch();
    let mut pending = pending();
    let (made, path) = create()?;
    pending.files.push(path.as_ref().to_path_buf());
    Ok((made, path))
}

/// The file is in place, or removed already: nothing to do on interruption.
pub fn forget_file(path: &Path) {
    pending().files.retain(|p| p != path);
}

/// What to print if the process is interrupted from now on (None: nothing).
pub fn say_on_interrupt(message: Option<String>) {
    watch();
    pending().message = message;
}

/// Starts, once, the thread that waits for the signals. The signal handler
/// only wakes that thread, which may then lock and remove files safely.
fn watch() {
    WATCH.call_once(|| {
        let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let pending = pending();
                for file in &pending.files {
                    let _ = std::fs::remove_file(file);
                }
                if let Some(message) = &pending.message {
                    eprintln!("ttlsinv: interrupted: {message}");
                }
                #[expect(
                    clippy::disallowed_methods,
                    reason = "the run is interrupted: its partial files are removed above"
                )]
                std::process::exit(128 + signal);
            }
        });
    });
}
