//! The ingest pipeline: find capture files, read and parse them on every
//! core, and write them in the order of their dates (then paths) through
//! the single store writer.
//!
//! A file whose path, size and modification time are already in the store is
//! skipped without being read; a file whose content hash is already there is
//! skipped after hashing. A file that changed replaces its old version. A
//! file that cannot be read or dated is recorded as a problem and the run
//! goes on.
//!
//! In parts: `read` (a file on a parser thread: hashed, expanded, split,
//! parsed), `order` (parsers on every core, the writer in work order),
//! `writer` (the files of a capture run gathered, merged and written) and
//! `ledger` (what became of every walked file).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::capture::locate::Locator;
use crate::capture::trees::Trees;
use crate::capture::{self, FoundFile};
use crate::error::{Problem, StoreError};
use crate::model::{ParsedCapture, Records};
use crate::store::Store;

mod ledger;
mod order;
mod read;
mod writer;

pub use ledger::Outcome;

use ledger::{Ledger, Walked};
use order::in_order;
use read::{Ingested, NoRows, Prepared, Reader};
use writer::{Writer, GROUP_FILES};

/// Why a file of a pruned day was not read, as `walked_files` keeps it:
/// the same words from the prune that deleted it and from every ingest
/// after, whatever date the prune was given.
pub const PRUNED: &str =
    "its day's facts were pruned (ttlsinv prune); `ttlsinv ingest --restore-pruned` reads it again";

/// How to ingest.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where dates and systems come from.
    pub locator: Locator,
    /// Parser threads; 0 means one per core, plus one.
    pub threads: usize,
    /// At most this many files of one capture run are written (and merged)
    /// together; 0 means the default (64). 1 writes every file alone (the
    /// parts of a run still share one transaction).
    pub group_files: usize,
    /// The most bytes one file may hold, on disk and expanded (all members
    /// of an archive together); 0 means no limit for a text file, which is
    /// read as a stream, and [`capture::archive::DEFAULT_LIMIT`] for a file read
    /// whole (compressed, an archive).
    pub max_file_size: u64,
    /// Text files larger than four times this many bytes are read as a
    /// stream and parsed about this many bytes at a time; 0 means the
    /// default (8 MiB: files over 32 MiB are streamed).
    pub chunk_bytes: usize,
    /// Forget the files ingested earlier from the trees of this run that
    /// are no longer there (`--prune-missing`).
    pub prune_missing: bool,
    /// Read the files of pruned days again (`--restore-pruned`).
    pub restore_pruned: bool,
    /// Today's date: a capture dated after it (and the day after, a zone
    /// ahead) is said (see [`read::after_today`]); none, nothing said.
    pub today: Option<chrono::NaiveDate>,
}

/// What ingest reports while it runs.
#[derive(Debug)]
pub enum Event<'a> {
    /// Something could not be read. `earlier` is set when the problem was
    /// recorded by an earlier run and the file has not changed since.
    Problem { path: &'a Path, problem: &'a Problem, earlier: bool },
    /// Something worth saying that is not a problem.
    Note { path: &'a Path, message: String },
    /// Files were found (again for files read a second time); their sizes add up to `bytes`.
    Found { files: usize, bytes: u64 },
    /// A file is done (written, skipped or failed), with the new connections it brought.
    FileDone { bytes: u64, connections: usize },
    /// The summaries of `done` of `total` changed days are rebuilt (after every file is written).
    Summarized { done: usize, total: usize },
}

/// Totals of one ingest run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files_found: usize,
    pub files_ingested: usize,
    pub files_unchanged: usize,
    pub files_duplicate: usize,
    pub files_failed: usize,
    /// Files of days whose facts were pruned (`ttlsinv prune`): not read.
    pub files_pruned: usize,
    /// Files that are not captures (no report, nothing that looks like one).
    pub files_skipped: usize,
    /// Reports written, by kind (reports of kinds this version does not read
    /// are in `skipped_reports`).
    pub reports: BTreeMap<&'static str, usize>,
    /// Reports of kinds this version does not read, by the NETSTAT report
    /// they look like (`unrecognised` when nothing tells).
    pub skipped_reports: BTreeMap<&'static str, usize>,
    /// New rows: a connection seen by several reports of a snapshot counts once.
    pub snapshots: usize,
    /// New rows by endpoint: connections (what every report counts),
    /// listeners and UDP endpoints.
    pub connections: usize,
    pub listeners: usize,
    pub udp: usize,
    pub tls_sessions: usize,
    /// Problems seen, including those recorded earlier for unchanged files.
    pub problems: usize,
    /// Of `problems`, those recorded earlier for unchanged files: said
    /// again, but nothing new went wrong (see [`Summary::is_clean`]).
    pub problems_earlier: usize,
    pub bytes_read: u64,
    /// The systems the files ingested were filed under, with their capture
    /// dates: what the path (or `--layout`, `--system`, `--date`) said.
    pub systems: BTreeMap<String, BTreeSet<chrono::NaiveDate>>,
    /// The folders whose name the files ingested were filed under as their
    /// system, being dated in their own names (see
    /// `Whereabouts::system_from_folder`): the system and a file's name.
    pub systems_from_folders: BTreeMap<PathBuf, (String, String)>,
    /// The systems the files ingested were filed under that are named as
    /// the stack their reports print (see `Whereabouts::stack_folder`): a
    /// file's path and the layout to give.
    pub stack_folders: BTreeMap<String, (PathBuf, &'static str)>,
    /// Per system, the files of a date folder whose names begin with other
    /// names a system could have (see `Whereabouts::file_named_as_system`),
    /// by date and report kind: the name and a file's path.
    pub files_named_as_systems: BTreeMap<String, FilesNamedAsSystems>,
    /// How long the phases took.
    pub timings: Timings,
}

/// The files of one system's date folders by date and report kind, each
/// by the system its name could name: two names for one kind and day are
/// two systems filed under one.
pub type FilesNamedAsSystems = BTreeMap<(chrono::NaiveDate, &'static str), BTreeMap<String, PathBuf>>;

/// How long the phases of an ingest took, wall clock (`ingest --timings`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    pub total: Duration,
    /// Reading, parsing and writing the files: parsers and the writer overlap.
    pub files: Duration,
    /// Of `files`: the writer's time in the store (the rest it waited for parsers).
    pub writer: Duration,
    /// Reading and parsing, added up over the parser threads.
    pub parsing: Duration,
    /// The summaries: linking observations, evidence of services, the days rebuilt.
    pub link: Duration,
    pub evidence: Duration,
    pub rebuild: Duration,
}

impl Timings {
    /// The summaries' part of the whole.
    pub fn summaries(&self) -> Duration {
        self.link + self.evidence + self.rebuild
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = |d: Duration| format!("{:.3} s", d.as_secs_f64());
        let share = self.summaries().as_secs_f64() / self.total.as_secs_f64().max(1e-9) * 100.0;
        write!(
            f,
            "timings: total {}; files {} (writer busy {}, parsing {} over all threads); summaries {} \
             ({share:.1} % of total: link {}, evidence {}, days {}); the rest (walking, looking files up, \
             recording them) {}",
            s(self.total),
            s(self.files),
            s(self.writer),
            s(self.parsing),
            s(self.summaries()),
            s(self.link),
            s(self.evidence),
            s(self.rebuild),
            s(self.total.saturating_sub(self.files + self.summaries())),
        )
    }
}

impl Summary {
    /// True when this run found no new problem: problems recorded earlier
    /// for files that have not changed are said again, but a nightly job
    /// must be able to tell "something new went wrong" from them (exit 3).
    pub fn is_clean(&self) -> bool {
        self.problems == self.problems_earlier
    }

    /// What the files ingested were filed under, briefly
    /// (`systems: SYSA 3 days, SYSB 1 day`); `None` when none was ingested.
    pub fn filed_under(&self) -> Option<String> {
        let systems: Vec<String> = self
            .systems
            .iter()
            .map(|(system, dates)| format!("{system} {} day{}", dates.len(), if dates.len() == 1 { "" } else { "s" }))
            .collect();
        (!systems.is_empty()).then(|| format!("systems: {}", systems.join(", ")))
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts = |map: &BTreeMap<&str, usize>| map.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>();
        let reports = counts(&self.reports).join(", ");
        // Only said when there are some, so the usual line stays short.
        let skipped = match counts(&self.skipped_reports).join(", ") {
            none if none.is_empty() => String::new(),
            some => format!("; skipped reports: {some}"),
        };
        let pruned = match self.files_pruned {
            0 => String::new(),
            n => format!(", {n} pruned"),
        };
        let earlier = match self.problems_earlier {
            0 => String::new(),
            n => format!(" ({n} recorded earlier)"),
        };
        // Rows, one per snapshot an endpoint is seen in (a connection seen by
        // four runs is four rows; the reports count it once). Listeners and
        // UDP endpoints are no connections (no report counts them as such):
        // said apart, and only when there are some.
        let endpoints = match (self.listeners, self.udp) {
            (0, 0) => format!("{} connection rows", self.connections),
            (listeners, udp) => {
                // Kinds of row, not counts of connections (review 13a R13a-19).
                let mut parts = vec![format!("{} connection", self.connections)];
                if listeners > 0 {
                    parts.push(format!("{listeners} listener"));
                }
                if udp > 0 {
                    parts.push(format!("{udp} UDP"));
                }
                format!("{} endpoint rows ({})", self.connections + listeners + udp, parts.join(", "))
            }
        };
        write!(
            f,
            "{} files: {} ingested, {} unchanged, {} duplicate, {} not captures, {} failed{pruned}; reports: {}{skipped}; {} snapshots, {endpoints}, {} TLS session rows; {} problems{earlier}",
            self.files_found,
            self.files_ingested,
            self.files_unchanged,
            self.files_duplicate,
            self.files_skipped,
            self.files_failed,
            if reports.is_empty() { "none".to_string() } else { reports },
            self.snapshots,
            self.tls_sessions,
            self.problems,
        )
    }
}

/// Ingests every capture file under `roots` into `store`.
///
/// # Errors
/// Only store failures stop a run; problems with files are reported through
/// `on_event` and counted in the summary.
pub fn run(
    store: &mut Store,
    roots: &[PathBuf],
    options: &Options,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, StoreError> {
    let start = Instant::now();
    let mut summary = Summary::default();
    let mut ledger = Ledger::default();
    let (mut found, walk_problems) = capture::discover(roots);
    // The inventory itself, in the folder of its captures (the default
    // `ttlsinv.db` of `ttlsinv ingest .`), is no capture: not said each run.
    let inventory = capture::absolute(store.path()).into_os_string();
    let own_files: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = inventory.clone();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect();
    found.retain(|file| !own_files.contains(&file.path));
    // A transfer's marker beside the file it marks is counted and said, and
    // passed over: it would be a failed capture (0 bytes) every night.
    let mut passed_over: Vec<(PathBuf, String)> = capture::markers(&found)
        .into_iter()
        .map(|(path, name, suffix)| {
            let message = format!(
                "a marker (0 bytes, named as {name} of this folder with .{suffix} after it, as a transfer leaves \
                 one to say that file is complete): not a capture"
            );
            (path, message)
        })
        .collect();
    // So is a file a transfer still writes under a name of its own: read
    // cut short tonight, it would stay beside the whole file renamed by
    // tomorrow, a second capture of that day.
    let in_transfer: Vec<(PathBuf, String)> = capture::in_transfer(&found)
        .into_iter()
        .filter(|(path, _)| !passed_over.iter().any(|(marker, _)| marker == path))
        .map(|(path, suffix)| {
            let message = format!(
                "named as a transfer names a file it still writes (.{suffix}): not read, not a capture yet (a \
                 transfer still writing it? it is read once renamed)"
            );
            (path, message)
        })
        .collect();
    passed_over.extend(in_transfer);
    for (path, message) in &passed_over {
        store.replace_problems(path, &[])?;
        on_event(Event::Note { path, message: message.clone() });
        ledger.record(path, Outcome::NotACapture, Some(message.clone()));
    }
    let passed_over: HashSet<PathBuf> = passed_over.into_iter().map(|(path, _)| path).collect();
    found.retain(|file| !passed_over.contains(&file.path));
    // A path that could not be walked is one of the files found, and failed.
    for walked in &walk_problems {
        if walked.note {
            on_event(Event::Note { path: &walked.path, message: walked.problem.reason.clone() });
            ledger.record(&walked.path, Outcome::NotACapture, Some(walked.problem.reason.clone()));
            continue;
        }
        store.replace_problems(&walked.path, std::slice::from_ref(&walked.problem))?;
        on_event(Event::Problem { path: &walked.path, problem: &walked.problem, earlier: false });
        ledger.failed(&walked.path, std::slice::from_ref(&walked.problem));
        summary.problems += 1;
    }
    let mut known = store.known_files()?;
    let trees = trees(store, roots)?;
    let mut queue = found;
    let mut pruned = false;
    // Files read again come after the first pass (see `begun_with`).
    let mut first_pass = true;
    loop {
        while !queue.is_empty() {
            on_event(Event::Found { files: queue.len(), bytes: queue.iter().map(|f| f.size).sum() });
            let mut work = Vec::new();
            for file in queue {
                match known.get(&file.path) {
                    Some(k) if k.size == file.size && k.mtime_ns == file.mtime_ns && file.mtime_ns.is_some() => {
                        ledger.record(&file.path, Outcome::Unchanged, None);
                        report_earlier_problems(store, &file.path, k.problem_count, &mut summary, on_event)?;
                        on_event(Event::FileDone { bytes: file.size, connections: 0 });
                    }
                    // Pruned: not read, so the pruned days stay as pruned.
                    None if !options.restore_pruned && store.is_pruned_file(&file.path)? => {
                        ledger.record(&file.path, Outcome::Pruned, Some(PRUNED.to_string()));
                        on_event(Event::FileDone { bytes: file.size, connections: 0 });
                    }
                    _ => work.push(file),
                }
            }
            in_date_order(&mut work, &options.locator);
            let files_start = Instant::now();
            let mut hashes: HashMap<String, Vec<Ingested>> = HashMap::new();
            for (path, k) in &known {
                let ingested = || Ingested {
                    system: k.system.clone(),
                    date: k.capture_date.clone(),
                    path: path.clone(),
                    sha256: k.sha256.clone(),
                    text: k.text.clone(),
                    run_keys: k.run_keys.clone(),
                };
                hashes.entry(k.sha256.clone()).or_default().push(ingested());
                // Found by its text too (see `TextId`): the same text compressed, with CRLF line ends.
                if k.text.sha256 != k.sha256 {
                    hashes.entry(k.text.sha256.clone()).or_default().push(ingested());
                }
            }
            let threads = parser_threads(options);
            let pruned_copies = store.pruned_copies()?;
            let earlier = read::earlier_files(&known, &pruned_copies, &work, &options.locator);
            let mut writer = Writer {
                store: &mut *store,
                known: &known,
                pruned_copies: &pruned_copies,
                again: Vec::new(),
                moved: HashMap::new(),
                summary: &mut summary,
                ledger: &mut ledger,
                on_event: &mut *on_event,
                group: Vec::new(),
                group_limit: if options.group_files == 0 { GROUP_FILES } else { options.group_files },
                open_run: None,
                restore_pruned: options.restore_pruned,
                today: options.today,
                streamed: None,
                contents: HashMap::new(),
            };
            let reader = Reader::new(options, &hashes, &trees, &earlier);
            let parsing = AtomicU64::new(0);
            let mut writing = Duration::ZERO;
            let prepare = |index, file: &FoundFile, give: &mut dyn FnMut(Prepared)| {
                let start = Instant::now();
                reader.prepare(index, file, give);
                parsing.fetch_add(u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX), Ordering::Relaxed);
            };
            let write = |prepared| {
                let start = Instant::now();
                let written = writer.take(prepared);
                writing += start.elapsed();
                written
            };
            in_order(&work, threads, prepare, write)?;
            let start = Instant::now();
            writer.flush()?;
            writer.store.end_run()?;
            writing += start.elapsed();
            writer.summary.timings.writer += writing;
            writer.summary.timings.parsing += Duration::from_nanos(parsing.into_inner());
            writer.summary.timings.files += files_start.elapsed();
            let mut again = writer.again;
            let before = std::mem::replace(&mut known, store.known_files()?);
            let ingested: Vec<&PathBuf> =
                work.iter().map(|f| &f.path).filter(|path| ledger.outcome(path) == Some(Outcome::Ingested)).collect();
            // Files read again in this pass may begin with another one of it,
            // and so may the files read in it beside one (two downloads of
            // a day, the later named first).
            let read_again = ingested.iter().filter_map(|p| Some((*p, known.get(*p)?)));
            let read_again = read_again.filter(|(p, k)| !first_pass || (k.continues.is_none() && beside(p, &ingested)));
            let candidates: Vec<(&PathBuf, &crate::store::KnownFile)> = before.iter().chain(read_again).collect();
            first_pass = false;
            let later = begun_with(store, (&candidates, &known), ingested.into_iter(), on_event)?;
            if !later.is_empty() {
                again.extend(later);
                known = store.known_files()?;
            }
            queue = rediscover(again);
        }
        let (gone, gone_walked) = left_the_tree(store, &known, roots, &ledger)?;
        // A transfer's temporary file gone since was renamed once complete
        // (or given up): no rows came from it, and it is no file of the tree.
        let (renamed, gone_walked): (Vec<PathBuf>, Vec<PathBuf>) =
            gone_walked.into_iter().partition(|path| capture::transfer_suffix(path).is_some());
        if !renamed.is_empty() {
            store.forget_gone(&[], &renamed)?;
        }
        for path in &renamed {
            let message = "a transfer's temporary file, passed over earlier, no longer in the tree (renamed once \
                           complete?): forgotten"
                .to_string();
            on_event(Event::Note { path, message });
        }
        if !options.prune_missing || pruned || (gone.is_empty() && gone_walked.is_empty()) {
            for path in gone {
                let message = "ingested earlier, no longer in the tree (deleted, or moved out of it): its rows stay \
                               in the inventory; `ttlsinv ingest --prune-missing` forgets them"
                    .to_string();
                on_event(Event::Note { path: &path, message });
            }
            break;
        }
        // Forgotten, then the other files of their snapshots read again.
        pruned = true;
        let files: Vec<(i64, PathBuf)> =
            gone.iter().filter_map(|path| Some((known.get(path)?.file_id, path.clone()))).collect();
        let mut later = Vec::new();
        for (file_id, path) in &files {
            later.extend(store.continuing(*file_id)?.into_iter().map(|later| (later, path)));
        }
        let again = store.forget_gone(&files, &gone_walked)?;
        for (path, earlier) in later {
            on_event(Event::Note {
                path: &path,
                message: read_again_after(earlier, "left the tree (--prune-missing)"),
            });
        }
        for path in &gone {
            let message = "ingested earlier, no longer in the tree: forgotten (--prune-missing), with the rows and \
                           summaries that came from it"
                .to_string();
            on_event(Event::Note { path, message });
        }
        known = store.known_files()?;
        queue = rediscover(again);
    }
    for (system, (example, layout)) in &summary.stack_folders {
        let message = format!(
            "system {system} is the name of a folder in this path, and the stack its reports print: a folder per \
             stack files every system's captures of that stack under one system {system}. If {system} is not \
             the system, ingest the tree into a new database with --layout '{layout}' (files already ingested \
             keep the system they were filed under)"
        );
        on_event(Event::Note { path: example, message });
    }
    for (system, days) in &summary.files_named_as_systems {
        let mut two_or_more = days.values().filter(|names| names.len() > 1);
        let Some((first, paths)) = two_or_more.find_map(|paths| Some((paths.values().next()?, paths))) else {
            continue;
        };
        let names: Vec<String> = paths
            .values()
            .filter_map(|path| path.file_name())
            .map(|name| name.to_string_lossy().into_owned())
            .collect();
        let message = format!(
            "system {system} is the name of the folder above this date folder, whose files are named as systems \
             are ({}, each with a report of the same kind): a file per system in a date folder files them all \
             under one system {system}. If the first qualifier of their names is the system, ingest the tree into \
             a new database with --layout '{{date}}/{{system}}.*' (files already ingested keep the system they \
             were filed under)",
            names.join(", ")
        );
        on_event(Event::Note { path: first.parent().unwrap_or(first), message });
    }
    for (folder, (system, example)) in &summary.systems_from_folders {
        let message = format!(
            "system {system} is the name of this folder: its files are dated in their own names \
             ({example}) and the path names no other system. If {system} is not the system, ingest them \
             into a new database with --system NAME, or with --layout '{{system}}.*' if the first qualifier \
             of their names is the system (files already ingested keep the system they were filed under)"
        );
        on_event(Event::Note { path: folder, message });
    }
    ledger.count(&mut summary);
    let skipped: Vec<Option<String>> = ledger.files.values().map(Walked::skipped_reports).collect();
    // A file that failed as a whole is placed by its path, where the path
    // places it: the day its capture job ran, whatever it wrote.
    let places: Vec<Option<(String, String)>> = ledger
        .files
        .iter()
        .map(|(path, w)| {
            let failed = w.outcome == Outcome::Failed;
            failed.then(|| options.locator.locate(path).ok()).flatten().map(|w| (w.system, w.date.to_string()))
        })
        .collect();
    store.record_walked(ledger.files.iter().zip(&skipped).zip(&places).map(|(((path, w), skipped), place)| {
        crate::store::WalkedFile {
            path: path.as_path(),
            outcome: w.outcome.as_str(),
            reason: w.reason.as_deref(),
            skipped: skipped.as_deref(),
            place: place.as_ref().map(|(system, date)| (system.as_str(), date.as_str())),
        }
    }))?;
    if options.restore_pruned {
        for (path, system, date) in store.restored()? {
            let message = format!(
                "pruned with {date} of {system}, which this run read again without it: that day is summarized \
                 from the files given, not from this one (its counts and AT-TLS share may differ from before the \
                 prune); give this file too with --restore-pruned"
            );
            on_event(Event::Note { path: &path, message });
        }
    }
    // Also finishes the days an interrupted run left pending.
    let summarized = store.summarize(&mut |done, total| on_event(Event::Summarized { done, total }))?;
    for (path, message) in summarized.notes {
        on_event(Event::Note { path: &path, message });
    }
    let timings = &mut summary.timings;
    (timings.link, timings.evidence, timings.rebuild) = (summarized.link, summarized.evidence, summarized.rebuild);
    timings.total = start.elapsed();
    Ok(summary)
}

/// What ingest's read and parse stage made of one file (see [`parse_only`]).
pub enum ParsedFile {
    /// The file's reports, merged as ingest merges them (with the count of
    /// problems parsing them found).
    Capture(ParsedCapture),
    /// A file that brings no rows, with the problems that stopped it.
    NoRows {
        problems: usize,
    },
    /// A large file read as a stream: the file and its reports, without
    /// records (`Capture`), then records of its reports as they are parsed
    /// (not merged: the store merges them), then the end, with the count of
    /// problems parsing them found.
    Records(Records),
    End {
        problems: usize,
    },
}

/// Ingest's read, hash, split and parse stage alone, on the threads of
/// `options` and without a store (nothing is known, so every file is read):
/// `each` gets every file under `roots` in path order, an archive once per
/// member. Returns the problems of the walk. For measuring what parsing costs.
pub fn parse_only(roots: &[PathBuf], options: &Options, each: &mut dyn FnMut(ParsedFile)) -> usize {
    let (found, walk_problems) = capture::discover(roots);
    let nothing_known = HashMap::new();
    let trees = Trees::new(roots.iter().filter_map(|r| r.canonicalize().ok()));
    let nothing_earlier = read::Earliers::default();
    let reader = Reader::new(options, &nothing_known, &trees, &nothing_earlier);
    let written = in_order(
        &found,
        parser_threads(options),
        |index, file, give| reader.prepare(index, file, give),
        |prepared| {
            each(match prepared {
                Prepared::Parsed { capture, .. } | Prepared::Head { capture } => ParsedFile::Capture(capture),
                Prepared::NoRows(NoRows::Failed { problems, .. }) => ParsedFile::NoRows { problems: problems.len() },
                Prepared::NoRows(_) => ParsedFile::NoRows { problems: 0 },
                Prepared::Part { records, .. } => ParsedFile::Records(records),
                Prepared::Tail { problem_count, .. } => ParsedFile::End { problems: problem_count },
            });
            Ok::<(), std::convert::Infallible>(())
        },
    );
    let Ok(()) = written;
    walk_problems.iter().filter(|w| !w.note).count()
}

/// `work` (walked in path order) in the order its captures were taken: by
/// the date each path names, undated first, then as walked. A DISP=MOD copy
/// is read after the earlier copies it begins with wherever they sit in the
/// tree (`archive/2026-11-01/` walks after `2026-11-03/`), in one run as
/// over nights: a fresh ingest equals the nightly one. A zip archive by its
/// latest member's date (a month's zip of older copies, whose members are
/// read in their dates' order, see `Reader::members`): after the plain
/// files of that day, of which a copy kept in it is the copy.
fn in_date_order(work: &mut [FoundFile], locator: &Locator) {
    let date = |path: &Path| locator.locate(path).ok().map(|w| w.date);
    work.sort_by_cached_key(|file| {
        if file.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
            let members = capture::archive::member_names(&file.path);
            members.iter().filter_map(|name| date(&file.path.join(name))).max().or_else(|| date(&file.path))
        } else {
            date(&file.path)
        }
    });
}

/// Whether another of `files` is in the folder of `path`.
fn beside(path: &Path, files: &[&PathBuf]) -> bool {
    files.iter().any(|f| f.as_path() != path && f.parent() == path.parent())
}

/// The `candidates` (the files in the store before this pass, and those
/// read again in it) that begin with the whole of a file ingested in it
/// (`ingested`, stored as `after` says), as text (see `TextId`), of the same
/// system and file name or folder: copies of a DISP=MOD data set taken after
/// that one, which arrived late (a backfill), or read before it in the walk
/// (read again, or two downloads of a day, the later named first). Each is
/// forgotten, to be read again after it, said on both; returns the files to
/// read again. A file read after a copy at least as long already stays.
fn begun_with<'p>(
    store: &mut Store,
    (candidates, after): (&[(&PathBuf, &crate::store::KnownFile)], &HashMap<PathBuf, crate::store::KnownFile>),
    ingested: impl Iterator<Item = &'p PathBuf>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Vec<PathBuf>, StoreError> {
    let mut again = Vec::new();
    for path in ingested {
        let Some(new) = after.get(path) else { continue };
        // Its first bytes, to pass over most files at their first block:
        // read once, when a file of its name is there to compare.
        let (mut head, mut text_head): (Option<Option<Vec<u8>>>, Option<Vec<u8>>) = (None, None);
        for &(later, k) in candidates {
            let longer = k.continues.as_ref().and_then(|c| after.get(c)).is_some_and(|c| c.text.size >= new.text.size);
            // Only a file of the same name (a data set downloaded under its
            // name each day) is opened: every longer file of the system would
            // be a read of its first block per file ingested, thousands a
            // day on a large inventory, from disk.
            if later == path
                || (later.file_name() != path.file_name() && later.parent() != path.parent())
                || k.system != new.system
                || k.text.size <= new.text.size
                || longer
                || again.iter().any(|a| a == later)
            {
                continue;
            }
            let Some(now) = after.get(later) else { continue };
            // Plain text both: its first bytes first; else as text, read through.
            let plain = |k: &crate::store::KnownFile| k.text.size == k.size && k.text.sha256 == k.sha256;
            let begins = if plain(k) && plain(new) {
                let Some(head) = head.get_or_insert_with(|| first_bytes(path, new.size.min(4096))) else { break };
                begins_with(later, k.size, head, (new.size, &new.sha256))
            } else {
                let text_head = text_head.get_or_insert_with(|| read::text_head(path, new.text.size.min(4096)));
                read::text_begins_with(later, k.size, text_head, &new.text)
            };
            if !begins {
                continue;
            }
            again.extend(store.forget(now.file_id)?);
            again.push(later.clone());
            let (shown, shown_later) = (crate::path_text::shown(path), crate::path_text::shown(later));
            let message = format!(
                "read again: it begins with the whole of {shown}, ingested now (an earlier copy of the data set that \
                 arrived after this one, or comes after it in the walk): it is read after it"
            );
            on_event(Event::Note { path: later, message });
            let message = format!(
                "{shown_later}, ingested earlier, begins with the whole of this file: it is read again after it"
            );
            on_event(Event::Note { path, message });
        }
    }
    Ok(again)
}

/// The first `size` bytes of the file at `path`, if it has them.
fn first_bytes(path: &Path, size: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0; usize::try_from(size).ok()?];
    std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut bytes)).ok()?;
    Some(bytes)
}

/// Whether the file at `path`, still `size` bytes, begins with `head` and
/// with `prefix` bytes of content hash `sha256`.
fn begins_with(path: &Path, size: u64, head: &[u8], (prefix, sha256): (u64, &str)) -> bool {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    if file.metadata().map(|m| m.len()).ok() != Some(size) {
        return false;
    }
    let mut first = vec![0; head.len()];
    if file.read_exact(&mut first).is_err() || first != head {
        return false;
    }
    let mut hasher = Sha256::new();
    hasher.update(&first);
    let (mut reader, mut buffer, mut read) =
        (file.take(prefix - first.len() as u64), vec![0; 1 << 16], first.len() as u64);
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                read += n as u64;
            }
            Err(_) => return false,
        }
    }
    read == prefix && crate::digest::hex(&hasher.finalize()) == sha256
}

/// The note on a file read after the whole of `earlier` (see
/// `capture_files.continues`), read again because `earlier` `what`.
fn read_again_after(earlier: &Path, what: &str) -> String {
    format!(
        "read again: it was read after the lines of {} it begins with, which {what}: it is read whole now, or \
         after that file as it is now if it still begins with it",
        crate::path_text::shown(earlier)
    )
}

/// One parser more than cores by default: the writer thread waits on SQLite
/// part of the time, and the extra parser keeps both cores busy then.
fn parser_threads(options: &Options) -> usize {
    if options.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get()) + 1
    } else {
        options.threads
    }
}

fn report_earlier_problems(
    store: &Store,
    path: &Path,
    count: u32,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(), StoreError> {
    if count == 0 {
        return Ok(());
    }
    for problem in store.problems_of(path)? {
        on_event(Event::Problem { path, problem: &problem, earlier: true });
    }
    // The stored count: a file lists at most LISTED_PROBLEMS.
    summary.problems += count as usize;
    summary.problems_earlier += count as usize;
    Ok(())
}

/// The files ingested earlier from under `roots` that are no longer there
/// (deleted, or moved out of the tree), and the other paths walked earlier
/// under `roots` that are gone (a README, a file that failed).
fn left_the_tree(
    store: &Store,
    known: &HashMap<PathBuf, crate::store::KnownFile>,
    roots: &[PathBuf],
    ledger: &Ledger,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), StoreError> {
    let roots: Vec<PathBuf> = roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
    let under_roots = |path: &&PathBuf| roots.iter().any(|root| path.starts_with(root));
    let gone = |path: &&PathBuf| missed(path, ledger);
    let mut files: Vec<PathBuf> = known.keys().filter(under_roots).filter(gone).cloned().collect();
    files.sort();
    let walked = store.walked_paths()?;
    let mut walked: Vec<PathBuf> =
        walked.iter().filter(under_roots).filter(|path| !known.contains_key(*path)).filter(gone).cloned().collect();
    walked.sort();
    Ok((files, walked))
}

/// True when this run did not find `path`: not walked, not on disk, and no
/// member of an archive this run could not read (a zip member, named
/// `archive.zip:member`, is never on disk: the run finds it when it reads the
/// zip, and a zip that failed to read tells nothing of its members).
fn missed(path: &Path, ledger: &Ledger) -> bool {
    !ledger.files.contains_key(path)
        && gone(path)
        && !archive_of(path).is_some_and(|archive| ledger.outcome(archive) == Some(Outcome::Failed))
}

/// True when nothing is at `path` any more: no file, and no archive that
/// holds it as a member.
fn gone(path: &Path) -> bool {
    !path.exists() && !path.ancestors().skip(1).any(Path::is_file)
}

/// The archive file whose member `path` names (`archive.zip:member`), if
/// it is still on disk.
fn archive_of(path: &Path) -> Option<&Path> {
    let text = path.to_str()?;
    text.match_indices(':').map(|(at, _)| Path::new(&text[..at])).find(|archive| archive.is_file())
}

/// The trees of this run: runs are keyed by the folder relative to their
/// tree. Those recorded by earlier runs (`ingest` records the paths it is
/// given), and a path given inside none of them. A folder given inside a
/// recorded tree is no tree of its own: its runs keep the keys a run of the
/// whole tree gives them.
fn trees(store: &Store, roots: &[PathBuf]) -> Result<Trees, StoreError> {
    let recorded: Vec<PathBuf> = store.recorded_roots()?.into_iter().map(|(root, _)| root).collect();
    let given = roots.iter().filter_map(|r| r.canonicalize().ok());
    let new: Vec<PathBuf> = given.filter(|root| !recorded.iter().any(|tree| root.starts_with(tree))).collect();
    Ok(Trees::new(recorded.into_iter().chain(new)))
}

/// The files at `paths` as a walk finds them now, to be read again (a zip
/// member by reading its zip again: its other members are found unchanged).
fn rediscover(paths: Vec<PathBuf>) -> Vec<FoundFile> {
    let mut paths: Vec<PathBuf> = paths
        .into_iter()
        .map(|path| match archive_of(&path) {
            Some(archive) if !path.exists() => archive.to_path_buf(),
            _ => path,
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths.into_iter().filter_map(|path| capture::discover(&[path]).0.into_iter().next()).collect()
}
