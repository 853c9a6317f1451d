//! `ttlsinv ingest`: walk, parse, store; `path:line: reason` on stderr for
//! every problem, a one-line summary at the end.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::EXIT_PROBLEMS;
use crate::capture::locate::{Layout, Locator};
use crate::capture::{self};
use crate::cli::IngestArgs;
use crate::ingest::{self, Event, Options};
use crate::path_text;
use crate::store::Store;

/// One ingest (or prune) at a time per database: two would both pass the
/// "already ingested?" test for the same new file. Readers (`sql`, `report`) are not
/// held up: SQLite's WAL lets them see each committed file. The lock is an
/// advisory lock on the database file itself (not SQLite's own locks), held
/// until the returned file is dropped; nothing is left behind.
pub(super) fn lock_for_ingest(db: &Path) -> anyhow::Result<File> {
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
            bail!(
                "another ttlsinv ingest or prune is writing to {}: wait for it to finish, or give another --db",
                db.display()
            )
        }
        Err(TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock database {}", db.display())),
    }
}

pub fn run(db: &Path, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    for path in &args.paths {
        anyhow::ensure!(path.exists(), "{} does not exist", path.display());
        anyhow::ensure!(capture::has_files(path), "no files under {}", path.display());
    }
    let _writer = lock_for_ingest(db)?;
    let mut store = super::open_for_writing(db)?;
    let options = Options {
        locator: Locator { layout: layout(&mut store, args)?, system: args.system.clone(), date: args.date },
        threads: args.jobs,
        group_files: 0,
        chunk_bytes: args.part_size.map_or(0, |size| usize::try_from(size).unwrap_or(usize::MAX)),
        max_file_size: args.max_file_size.unwrap_or(0),
        prune_missing: args.prune_missing,
        restore_pruned: args.restore_pruned,
        today: Some(super::today()?),
    };
    let progress = Progress::new(args.quiet);
    let mut on_event = |event: Event<'_>| match event {
        Event::Problem { path, problem, earlier } => {
            let location = match problem.line {
                0 => path_text::shown(path),
                line => format!("{}:{line}", path_text::shown(path)),
            };
            let when = if earlier { " (recorded earlier; the file has not changed)" } else { "" };
            progress.say(&format!("{location}: {}{when}", problem.reason));
        }
        Event::Note { path, message } if !args.quiet => {
            progress.say(&format!("{}: note: {message}", path_text::shown(path)));
        }
        Event::Note { .. } => {}
        Event::Found { files, bytes } => progress.found(files, bytes),
        Event::FileDone { bytes, connections } => progress.done(bytes, connections),
        Event::Summarized { done, total } => progress.summarized(done, total),
    };
    let summary = ingest::run(&mut store, &args.paths, &options, &mut on_event)
        .with_context(|| format!("ingest into {} stopped", db.display()))?;
    progress.finish();
    if !args.quiet {
        if let Some(systems) = summary.filed_under() {
            eprintln!("{systems}");
        }
        eprintln!("{summary}");
    }
    if args.timings {
        eprintln!("{}", summary.timings);
    }
    // As for a folder without files: a run that found only files that are
    // no capture (a README, a log of something else) did nothing asked of it.
    if summary.files_found > 0 && summary.files_skipped == summary.files_found {
        let paths: Vec<String> = args.paths.iter().map(|p| path_text::shown(p)).collect();
        bail!(
            "nothing was ingested: none of the {} files under {} holds a NETSTAT report (`ttlsinv report files` \
             says what each looked like)",
            summary.files_found,
            paths.join(", ")
        );
    }
    Ok(if summary.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_PROBLEMS) })
}

/// The layout of this run: `--layout`, else the one recorded by the first
/// ingest of the trees given (a tree is a path given to ingest, and the
/// folders inside it). Records the layout of a tree ingested for the first
/// time (or whose earlier runs ingested nothing); refuses another `--layout`
/// than the recorded one unless `--change-layout` says so.
fn layout(store: &mut Store, args: &IngestArgs) -> anyhow::Result<Option<Layout>> {
    let given = args.layout.as_ref().map(ToString::to_string);
    let mut recorded = BTreeMap::new();
    for path in &args.paths {
        // A pipe (`<(zcat f)`) has no path to record: it is no tree.
        let Ok(root) = path.canonicalize() else { continue };
        match store.recorded_layout(&root)? {
            None => store.record_layout(&root, given.as_deref())?,
            // Recorded by a run that ingested nothing from it (no date, no
            // system): no capture was filed by that rule, so it binds nothing.
            Some((tree, _)) if !store.tree_holds_captures(&tree)? => store.record_layout(&tree, given.as_deref())?,
            Some((tree, _)) if args.change_layout => store.record_layout(&tree, given.as_deref())?,
            Some((tree, layout)) if args.layout.is_none() => {
                recorded.insert(layout, tree);
            }
            Some((tree, layout)) if layout != given => bail!(
                "{} was first ingested with {}, and this ingest gives {}: captures of one tree would be filed \
                 by two rules. To keep the recorded layout, leave out --layout; to change it on purpose, add \
                 --change-layout (captures already ingested keep their dates and systems)",
                path_text::shown(&tree),
                described(layout.as_deref()),
                described(given.as_deref())
            ),
            Some(_) => {}
        }
    }
    if args.layout.is_some() || args.change_layout {
        return Ok(args.layout.clone());
    }
    let mut rules = recorded.into_iter();
    let (rule, tree) = match (rules.next(), rules.next()) {
        (None, _) => return Ok(None),
        (Some(first), None) => first,
        (Some((a, first)), Some((b, second))) => bail!(
            "{} was first ingested with {} and {} with {}: ingest them one at a time",
            path_text::shown(&first),
            described(a.as_deref()),
            path_text::shown(&second),
            described(b.as_deref())
        ),
    };
    let Some(template) = rule else { return Ok(None) };
    if !args.quiet {
        eprintln!("note: --layout '{template}', recorded by the first ingest of {}", path_text::shown(&tree));
    }
    template.parse().map(Some).map_err(|e: String| anyhow::anyhow!("the recorded layout '{template}': {e}"))
}

fn described(layout: Option<&str>) -> String {
    match layout {
        Some(template) => format!("--layout '{template}'"),
        None => "the default layout (no --layout)".to_string(),
    }
}

/// A progress bar on stderr (files, bytes, connections, rate, time left),
/// drawn only when stderr is a terminal and `--quiet` is not given. Lines
/// printed while it runs go above it.
struct Progress {
    bar: ProgressBar,
    files: Cell<(u64, u64)>,
    connections: Cell<u64>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        let drawn = !quiet && std::io::stderr().is_terminal();
        let target = if drawn { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        let style = ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {msg} (about {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress { bar, files: Cell::new((0, 0)), connections: Cell::new(0) }
    }

    fn found(&self, files: usize, bytes: u64) {
        let (done, total) = self.files.get();
        self.files.set((done, total + files as u64));
        self.bar.inc_length(bytes);
        self.show();
    }

    fn done(&self, bytes: u64, connections: usize) {
        let (done, total) = self.files.get();
        self.files.set((done + 1, total));
        self.connections.set(self.connections.get() + connections as u64);
        self.bar.inc(bytes);
        self.show();
    }

    fn show(&self) {
        let (done, total) = self.files.get();
        self.bar.set_message(format!("{done}/{total} files, {} connections", self.connections.get()));
        // Ctrl-C ends the run at once: a file is written whole or not at
        // all, so what was written is kept and a rerun picks up the rest.
        crate::interrupt::say_on_interrupt(Some(format!(
            "after {done} of {total} files; what was written is kept; run the same command to finish"
        )));
    }

    fn summarized(&self, done: usize, total: usize) {
        self.bar.set_message(format!("summarizing: {done}/{total} days"));
    }

    /// Prints a line of its own, above the bar.
    fn say(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
