//! `ttlsinv prune --before DATE`: deletes the facts of old captures, keeps
//! the daily summaries, remembers the files so an ingest does not bring them
//! back, and returns the space to the file system.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::PruneArgs;
use crate::error::StoreError;
use crate::store::{vacuum_copy_path, Vacuuming};

pub fn run(db: &Path, args: &PruneArgs) -> anyhow::Result<ExitCode> {
    if !db.exists() {
        return Err(StoreError::Missing { path: db.to_path_buf() }.into());
    }
    // The only write besides ingest: the same lock.
    let _writer = super::ingest::lock_for_ingest(db)?;
    let mut store = super::open_for_writing(db)?;
    let before = args.before.format("%Y-%m-%d").to_string();
    let system = args.system.as_deref().map(str::to_ascii_uppercase);
    let scope = match &system {
        Some(system) => format!("of {system} taken before {before}"),
        None => format!("taken before {before}"),
    };
    let size = file_size(db);
    let totals = store
        .prune(&before, system.as_deref(), args.dry_run, crate::ingest::PRUNED)
        .with_context(|| format!("prune of {} stopped; nothing was deleted", db.display()))?;
    let counts = format!(
        "{} files, {} snapshots on {} days (system, stack, date), {} connection rows",
        totals.files, totals.snapshots, totals.days, totals.connections
    );
    if args.dry_run {
        eprintln!(
            "would delete the facts of the captures {scope}: {counts}; the daily summaries of those days are kept"
        );
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("deleted the facts of the captures {scope}: {counts}; the daily summaries of those days are kept");
    // The copy a VACUUM left when it was stopped (Ctrl-C, a kill): that
    // prune's space is returned now, though this one deletes nothing.
    let copy = vacuum_copy_path(db);
    let unfinished = copy.exists();
    if totals.files == 0 && !unfinished {
        return Ok(ExitCode::SUCCESS);
    }
    if unfinished {
        eprintln!("{} is left by an earlier prune whose VACUUM was stopped: its space is returned now", copy.display());
    }
    let bar = VacuumBar::new("returning the space of the deleted rows to the file system (VACUUM)");
    let shown = bar.bar.clone();
    // The same prune: a rerun without its --system would prune every system.
    let again = match &system {
        Some(system) => format!("ttlsinv prune --before {before} --system {system}"),
        None => format!("ttlsinv prune --before {before}"),
    };
    crate::interrupt::say_on_interrupt(Some(format!(
        "while returning the space of the deleted rows to the file system (VACUUM): the prune itself is done (the \
         facts of the captures {scope} are deleted, the daily summaries kept, and {db} is whole); {copy}, a copy \
         of it, is left beside it and the space is not returned yet ({db}-wal may stay large until then): run \
         `{again}` again, which deletes nothing more, removes {copy} and returns the space",
        db = db.display(),
        copy = copy.display()
    )));
    let vacuumed = store.vacuum(move |step| VacuumBar::show(&shown, step)).with_context(|| {
        format!(
            "the facts are deleted, but VACUUM of {} stopped (free space beside it for a copy of it?)",
            db.display()
        )
    });
    crate::interrupt::say_on_interrupt(None);
    vacuumed?;
    bar.bar.finish_and_clear();
    eprintln!("{}: {} before, {} now", db.display(), megabytes(size), megabytes(file_size(db)));
    Ok(ExitCode::SUCCESS)
}

/// The bytes of the database and its `-wal` file.
fn file_size(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    [db.as_os_str(), &wal].iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum()
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A bar of how far the vacuum is, on stderr when it is a terminal (else
/// the line it starts with, once): the copy of the live pages by its bytes,
/// then their writing back by pages.
struct VacuumBar {
    bar: ProgressBar,
}

impl VacuumBar {
    fn new(message: &str) -> VacuumBar {
        let terminal = std::io::stderr().is_terminal();
        if !terminal {
            // A log (cron, a job's SYSOUT) gets the line the bar starts with.
            eprintln!("{message}");
        }
        let target = if terminal { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {percent}% ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(message.to_string());
        VacuumBar { bar }
    }

    fn show(bar: &ProgressBar, step: Vacuuming) {
        let (message, done, of) = match step {
            Vacuuming::Copying { bytes, of } => ("VACUUM: copying the live pages", bytes, of),
            Vacuuming::WritingBack { pages, of } => ("VACUUM: writing them back", pages, of),
        };
        bar.set_message(message);
        bar.set_length(of);
        bar.set_position(done);
    }
}
