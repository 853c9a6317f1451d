//! `ttlsinv ingest`: walk, parse, store; `path:line: reason` on stderr for
//! every problem, a one-line summary at the end.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};

use super::EXIT_PROBLEMS;
use crate::capture::locate::Locator;
use crate::cli::IngestArgs;
use crate::ingest::{self, Event, Options};
use crate::store::Store;

/// One ingest at a time per database: two would both pass the "already
/// ingested?" test for the same new file. Readers (`sql`, `report`) are not
/// held up: SQLite's WAL lets them see each committed file. The lock is an
/// advisory lock on the database file itself (not SQLite's own locks), held
/// until the returned file is dropped; nothing is left behind.
fn lock_for_ingest(db: &Path) -> anyhow::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(db)
        .with_context(|| format!("cannot open database {}", db.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => {
            bail!("another ttlsinv ingest is writing to {}: wait for it to finish, or give another --db", db.display())
        }
        Err(TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock database {}", db.display())),
    }
}

pub fn run(db: &Path, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    for path in &args.paths {
        anyhow::ensure!(path.exists(), "{} does not exist", path.display());
    }
    let _writer = lock_for_ingest(db)?;
    let mut store = Store::open(db)?;
    let options = Options {
        locator: Locator { layout: args.layout.clone(), system: args.system.clone(), date: args.date },
        threads: args.jobs,
    };
    let mut on_event = |event: Event<'_>| match event {
        Event::Problem { path, problem, earlier } => {
            let location = match problem.line {
                0 => path.display().to_string(),
                line => format!("{}:{line}", path.display()),
            };
            let when = if earlier { " (recorded earlier; the file has not changed)" } else { "" };
            eprintln!("{location}: {}{when}", problem.reason);
        }
        Event::Note { path, message } if !args.quiet => eprintln!("{}: note: {message}", path.display()),
        Event::Note { .. } | Event::FileDone { .. } => {}
    };
    let summary = ingest::run(&mut store, &args.paths, &options, &mut on_event)
        .with_context(|| format!("ingest into {} stopped", db.display()))?;
    if !args.quiet {
        eprintln!("{summary}");
    }
    Ok(if summary.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_PROBLEMS) })
}
