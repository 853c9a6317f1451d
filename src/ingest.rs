//! The ingest pipeline: find capture files, read and parse them on every
//! core, and write them in path order through the single store writer.
//!
//! A file whose path, size and modification time are already in the store is
//! skipped without being read; a file whose content hash is already there is
//! skipped after hashing. A file that changed replaces its old version. A
//! file that cannot be read or dated is recorded as a problem and the run
//! goes on.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::capture::archive::{self, Container};
use crate::capture::locate::{Content, Locator};
use crate::capture::trees::Trees;
use crate::capture::{self, split, FoundFile, NoReport};
use crate::error::{quoted, Problem, StoreError};
use crate::model::{ParsedCapture, ParsedReport, ReportKind, Whereabouts};
use crate::store::{RunReport, Store};
use crate::{digest, merge, parse, path_text};

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
    /// of an archive together); 0 means [`archive::DEFAULT_LIMIT`].
    pub max_file_size: u64,
    /// Forget the files ingested earlier from the trees of this run that
    /// are no longer there (`--prune-missing`).
    pub prune_missing: bool,
    /// Read the files of pruned days again (`--restore-pruned`).
    pub restore_pruned: bool,
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
    pub connections: usize,
    pub tls_sessions: usize,
    /// Problems seen, including those recorded earlier for unchanged files.
    pub problems: usize,
    pub bytes_read: u64,
    /// The systems the files ingested were filed under, with their capture
    /// dates: what the path (or `--layout`, `--system`, `--date`) said.
    pub systems: BTreeMap<String, BTreeSet<chrono::NaiveDate>>,
    /// How long the phases took.
    pub timings: Timings,
}

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
    /// True when every file was ingested without a problem.
    pub fn is_clean(&self) -> bool {
        self.problems == 0
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
        write!(
            f,
            "{} files: {} ingested, {} unchanged, {} duplicate, {} not captures, {} failed{pruned}; reports: {}{skipped}; {} snapshots, {} connections, {} TLS sessions; {} problems",
            self.files_found,
            self.files_ingested,
            self.files_unchanged,
            self.files_duplicate,
            self.files_skipped,
            self.files_failed,
            if reports.is_empty() { "none".to_string() } else { reports },
            self.snapshots,
            self.connections,
            self.tls_sessions,
            self.problems,
        )
    }
}

/// What became of one walked file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ingested,
    Unchanged,
    Duplicate,
    NotACapture,
    Failed,
    Pruned,
}

impl Outcome {
    /// The name stored in `walked_files.outcome`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ingested => "ingested",
            Outcome::Unchanged => "unchanged",
            Outcome::Duplicate => "duplicate",
            Outcome::NotACapture => "not a capture",
            Outcome::Failed => "failed",
            Outcome::Pruned => "pruned",
        }
    }
}

/// What became of every file of a run, by path: a file read twice (again,
/// because it shared a snapshot with a file that changed) counts once, with
/// what became of it last.
#[derive(Debug, Default)]
struct Ledger {
    files: BTreeMap<PathBuf, Walked>,
}

/// What became of one file, why, and the reports in it this version skipped.
#[derive(Debug)]
struct Walked {
    outcome: Outcome,
    reason: Option<String>,
    skipped_reports: Option<String>,
}

impl Ledger {
    fn record(&mut self, path: &Path, outcome: Outcome, reason: Option<String>) {
        self.files.insert(path.to_path_buf(), Walked { outcome, reason, skipped_reports: None });
    }

    /// The reason of a file that failed: its first problem, and how many more.
    fn failed(&mut self, path: &Path, problems: &[Problem]) {
        let reason = problems.first().map(|first| match problems.len() {
            1 => first.to_string(),
            n => format!("{first} (and {} more)", n - 1),
        });
        self.record(path, Outcome::Failed, reason);
    }

    /// Counts the files in `summary`, each once.
    fn count(&self, summary: &mut Summary) {
        summary.files_found = self.files.len();
        let count = |outcome| self.files.values().filter(|w| w.outcome == outcome).count();
        summary.files_ingested = count(Outcome::Ingested);
        summary.files_unchanged = count(Outcome::Unchanged);
        summary.files_duplicate = count(Outcome::Duplicate);
        summary.files_skipped = count(Outcome::NotACapture);
        summary.files_failed = count(Outcome::Failed);
        summary.files_pruned = count(Outcome::Pruned);
    }
}

/// What a parser thread made of one file.
enum Prepared {
    /// Read and parsed; `problems` are the lines it could not read (at most
    /// [`LISTED_PROBLEMS`] and one that counts the rest), `notes` what is
    /// worth saying besides.
    Parsed { capture: ParsedCapture, problems: Vec<Problem>, notes: Vec<String> },
    /// Nothing to write.
    NoRows(NoRows),
}

/// A file that brings no rows.
enum NoRows {
    /// The same observation is in the store: this file unchanged, or
    /// `original`, a copy of it (or the file itself, moved). `run_key`:
    /// the run the file belongs to where it is now.
    Known { file: FoundFile, sha256: String, original: PathBuf, run_key: String },
    /// Could not be read, dated or parsed at all.
    Failed { file: FoundFile, problems: Vec<Problem> },
    /// Not a capture (no report, and nothing suggests a failed capture).
    Skipped { file: FoundFile, reason: String },
    /// The same content as an earlier file of this run in the same place
    /// (a hard link, a copy beside it): not parsed again.
    Duplicate { file: FoundFile, original: PathBuf },
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
    let (found, walk_problems) = capture::discover(roots);
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
            let files_start = Instant::now();
            let mut hashes: HashMap<String, Vec<Ingested>> = HashMap::new();
            for (path, k) in &known {
                let ingested = Ingested { system: k.system.clone(), date: k.capture_date.clone(), path: path.clone() };
                hashes.entry(k.sha256.clone()).or_default().push(ingested);
            }
            let threads = parser_threads(options);
            let mut writer = Writer {
                store: &mut *store,
                known: &known,
                again: Vec::new(),
                moved: HashMap::new(),
                summary: &mut summary,
                ledger: &mut ledger,
                on_event: &mut *on_event,
                group: Vec::new(),
                group_limit: if options.group_files == 0 { GROUP_FILES } else { options.group_files },
                open_run: None,
                restore_pruned: options.restore_pruned,
            };
            let reader = Reader::new(options, &hashes, &trees);
            let parsing = AtomicU64::new(0);
            let mut writing = Duration::ZERO;
            let prepare = |index, file: &FoundFile| {
                let start = Instant::now();
                let prepared = reader.prepare(index, file);
                parsing.fetch_add(u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX), Ordering::Relaxed);
                prepared
            };
            let write = |prepared| {
                let start = Instant::now();
                let written = writer.take_all(prepared);
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
            let again = writer.again;
            known = store.known_files()?;
            queue = rediscover(again);
        }
        let (gone, gone_walked) = left_the_tree(store, &known, roots)?;
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
        let again = store.forget_gone(&files, &gone_walked)?;
        for path in &gone {
            let message = "ingested earlier, no longer in the tree: forgotten (--prune-missing), with the rows and \
                           summaries that came from it"
                .to_string();
            on_event(Event::Note { path, message });
        }
        known = store.known_files()?;
        queue = rediscover(again);
    }
    ledger.count(&mut summary);
    store.record_walked(
        ledger
            .files
            .iter()
            .map(|(path, w)| (path.as_path(), w.outcome.as_str(), w.reason.as_deref(), w.skipped_reports.as_deref())),
    )?;
    if options.restore_pruned {
        store.restored()?;
    }
    // Also finishes the days an interrupted run left pending.
    let summarized = store.summarize(&mut |done, total| on_event(Event::Summarized { done, total }))?;
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
    NoRows { problems: usize },
}

/// Ingest's read, hash, split and parse stage alone, on the threads of
/// `options` and without a store (nothing is known, so every file is read):
/// `each` gets every file under `roots` in path order, an archive once per
/// member. Returns the problems of the walk. For measuring what parsing costs.
pub fn parse_only(roots: &[PathBuf], options: &Options, each: &mut dyn FnMut(ParsedFile)) -> usize {
    let (found, walk_problems) = capture::discover(roots);
    let nothing_known = HashMap::new();
    let trees = Trees::new(roots.iter().filter_map(|r| r.canonicalize().ok()));
    let reader = Reader::new(options, &nothing_known, &trees);
    let written = in_order(
        &found,
        parser_threads(options),
        |index, file| reader.prepare(index, file),
        |prepared| {
            for file in prepared {
                each(match file {
                    Prepared::Parsed { capture, .. } => ParsedFile::Capture(capture),
                    Prepared::NoRows(NoRows::Failed { problems, .. }) => {
                        ParsedFile::NoRows { problems: problems.len() }
                    }
                    Prepared::NoRows(_) => ParsedFile::NoRows { problems: 0 },
                });
            }
            Ok::<(), std::convert::Infallible>(())
        },
    );
    let Ok(()) = written;
    walk_problems.iter().filter(|w| !w.note).count()
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
    Ok(())
}

thread_local! {
    /// The bytes of the file a parser thread reads, kept from one file to the
    /// next: a new buffer for every file had the kernel zero its pages anew
    /// (about 7 % of an ingest). It keeps the size of the largest file read.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A file in the store: where and when its capture was taken.
struct Ingested {
    system: String,
    date: String,
    path: PathBuf,
}

/// What parser threads share: how to read and date a file, and what is
/// already known.
struct Reader<'a> {
    locator: &'a Locator,
    /// The trees of the run, to key capture runs.
    trees: &'a Trees,
    /// Every content hash in the store, with where and when it was taken.
    known_hashes: &'a HashMap<String, Vec<Ingested>>,
    /// The most bytes a file may hold, on disk and expanded.
    limit: u64,
    /// Content seen in this run, by hash and place (see [`Reader::claim`]),
    /// with the index of the first file that holds it.
    claims: Mutex<HashMap<(String, String), (usize, PathBuf)>>,
}

impl<'a> Reader<'a> {
    fn new(options: &'a Options, known_hashes: &'a HashMap<String, Vec<Ingested>>, trees: &'a Trees) -> Reader<'a> {
        Reader {
            locator: &options.locator,
            trees,
            known_hashes,
            limit: if options.max_file_size == 0 { archive::DEFAULT_LIMIT } else { options.max_file_size },
            claims: Mutex::new(HashMap::new()),
        }
    }

    /// Reads, hashes, dates, splits and parses the file at `index` of the
    /// work; an archive gives one result per member. Runs on parser threads.
    fn prepare(&self, index: usize, file: &FoundFile) -> Vec<Prepared> {
        let failed =
            |problem: Problem| Prepared::NoRows(NoRows::Failed { file: file.clone(), problems: vec![problem] });
        BUFFER.with_borrow_mut(|raw| {
            raw.clear();
            // Size and time from the opened file: the walk's may be out of date.
            let file = match capture::read_at_most(file, self.limit, raw) {
                Ok(opened) => opened,
                Err(problem) => return vec![failed(problem)],
            };
            let file = &file;
            // Hashed before anything is expanded or parsed: content already
            // known costs no more than reading it.
            let sha256 = digest::hex(&Sha256::digest(&raw[..]));
            if let Some(known) = self.known(index, file, &file.path, &sha256) {
                return vec![known];
            }
            if Container::of(raw) != Container::Zip {
                return vec![match archive::expand(raw, self.limit) {
                    Ok(bytes) => prepare_bytes(file, &file.path, &bytes, sha256, (self.locator, self.trees)),
                    Err(problem) => failed(problem),
                }];
            }
            match archive::unzip(raw, self.limit) {
                Ok(members) if members.is_empty() => {
                    vec![failed(Problem::file("an empty zip archive: it holds no file to read"))]
                }
                Ok(members) => members.into_iter().map(|member| self.member(index, file, member)).collect(),
                Err(problem) => vec![failed(problem)],
            }
        })
    }

    /// One member of the zip archive `file`: a file of its own, named
    /// `archive.zip:member`, dated and placed as if the archive were a folder.
    fn member(&self, index: usize, file: &FoundFile, member: archive::Member) -> Prepared {
        let mut path = file.path.clone().into_os_string();
        path.push(":");
        path.push(&member.name);
        let size = member.bytes.as_ref().map_or(0, |b| b.len() as u64);
        let found = FoundFile { path: PathBuf::from(path), size, mtime_ns: file.mtime_ns };
        match member.bytes {
            Ok(bytes) => {
                let sha256 = digest::hex(&Sha256::digest(&bytes));
                let located = file.path.join(&member.name);
                match self.known(index, &found, &located, &sha256) {
                    Some(known) => known,
                    None => prepare_bytes(&found, &located, &bytes, sha256, (self.locator, self.trees)),
                }
            }
            Err(problem) => Prepared::NoRows(NoRows::Failed { file: found, problems: vec![problem] }),
        }
    }

    /// The ingested file that is the same observation as `file`: the same
    /// content taken on the same system and date (the file itself first).
    /// TTLS reports print no time, so the text of long-lived connections is
    /// the same from day to day: identical content on another date or
    /// system is another observation. A file dated by its content (no date
    /// in the path) is the same observation as any file of the same content.
    fn ingested(&self, file: &FoundFile, sha256: &str) -> Option<PathBuf> {
        let seen = self.known_hashes.get(sha256)?;
        let here = self.locator.locate(&file.path).ok();
        let same_place =
            |i: &&Ingested| here.as_ref().is_none_or(|w| w.system == i.system && w.date.to_string() == i.date);
        let same = seen.iter().filter(same_place);
        let mut same = same.clone().filter(|i| i.path == file.path).chain(same);
        same.next().map(|i| i.path.clone())
    }

    /// The same observation already in the store (see [`Reader::ingested`]),
    /// or content held by an earlier file of this run in the same place (same
    /// folder, same date and system from the path): such a file is not parsed.
    /// `located`: where `file` is dated and placed from.
    fn known(&self, index: usize, file: &FoundFile, located: &Path, sha256: &str) -> Option<Prepared> {
        if let Some(original) = self.ingested(file, sha256) {
            let time = self.locator.locate(located).ok().and_then(|w| w.time);
            let run_key = self.trees.run_key(located, time);
            let (file, sha256) = (file.clone(), sha256.to_string());
            return Some(Prepared::NoRows(NoRows::Known { file, sha256, original, run_key }));
        }
        let folder = path_text::encode(file.path.parent().unwrap_or(Path::new("")));
        let place = format!("{folder}|{:?}", self.locator.locate(&file.path).ok());
        let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
        // The first file in path order is the original, whichever thread
        // hashes first: a later one that was parsed already is found a
        // duplicate by the writer.
        let first = claims.entry((sha256.to_string(), place)).or_insert_with(|| (index, file.path.clone()));
        if index < first.0 {
            *first = (index, file.path.clone());
        }
        (first.0 < index).then(|| Prepared::NoRows(NoRows::Duplicate { file: file.clone(), original: first.1.clone() }))
    }
}

/// Decodes, splits and parses the expanded bytes of `file`, dated and
/// placed by `located` (its path, or for an archive member the path it would
/// have if the archive were a folder).
fn prepare_bytes(
    file: &FoundFile,
    located: &Path,
    bytes: &[u8],
    sha256: String,
    (locator, trees): (&Locator, &Trees),
) -> Prepared {
    let failed = |problem: Problem| Prepared::NoRows(NoRows::Failed { file: file.clone(), problems: vec![problem] });
    let (text, encoding_problem) = capture::decode(bytes);
    let text = capture::carriage::strip(&text).map_or(text, Cow::Owned);
    // Only a file that holds reports needs a date and a system: from the
    // path, else from what each report says (a SYSLOG prefix, pasearch's Date:).
    let mut problems: Vec<Problem> = encoding_problem.into_iter().collect();
    let mut notes = Vec::new();
    let mut reports = Vec::new();
    // A file that does not end with a line end may have been cut in the
    // middle of its last line: that line is looked at on its own.
    let mut cut_line = (!text.is_empty() && !text.ends_with('\n'))
        .then(|| u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX));
    // TTLS rule blocks already printed, per snapshot (system, stack, date).
    let mut printed: HashMap<(String, String, chrono::NaiveDate), parse::ttls::Printed<'_>> = HashMap::new();
    for raw in split::split(&text) {
        let content = Content { system: raw.header.system.clone(), date: raw.header.date };
        let whereabouts = match locator.locate_with(located, &content) {
            Ok(w) => w,
            Err(reason) => return failed(Problem::file(reason)),
        };
        let parsed = match cut_line {
            Some(line) if raw.body.last().is_some_and(|l| l.number == line) => {
                cut_line = None;
                parse_cut(raw.kind, &raw.body, &mut notes)
            }
            // A bare header is noted as such (`Empty`).
            Some(line) if raw.first_line == line => {
                cut_line = None;
                parse::parse(raw.kind, &raw.body)
            }
            _ => {
                let snapshot = (whereabouts.system.clone(), raw.header.stack.clone(), whereabouts.date);
                parse::parse_in(raw.kind, &raw.body, printed.entry(snapshot).or_default())
            }
        };
        problems.extend(parsed.problems);
        notes.extend(names_with_control_characters(&parsed.records));
        reports.push(ParsedReport {
            header: raw.header,
            whereabouts,
            dialect: raw.dialect,
            kind: raw.kind,
            first_line: raw.first_line,
            last_line: raw.last_line,
            record_count: parsed.records.len(),
            records: parsed.records,
        });
    }
    // Merged here, on a parser thread; the writer merges the files of a run.
    merge::connections(&mut reports);
    notes.extend(masked_addresses(&reports));
    // The file is recorded under the system and date of its first report.
    let Some(whereabouts) = reports.first().map(|r| r.whereabouts.clone()) else {
        return match capture::why_no_report(bytes, &text) {
            NoReport::FailedCapture(reason) => failed(Problem::file(reason)),
            NoReport::NotACapture(reason) => Prepared::NoRows(NoRows::Skipped { file: file.clone(), reason }),
        };
    };
    if let Some(line) = cut_line {
        let last = text.rsplit('\n').next().unwrap_or_default();
        if !last.trim().is_empty() {
            notes.push(format!(
                "line {line}: the file ends without a line end after `{}`, which is not part of a report",
                quoted(last.trim())
            ));
        }
    }
    problems.sort_by_key(|p| p.line);
    let problem_count = cap_problems(&mut problems);
    let run_key = trees.run_key(located, whereabouts.time);
    let capture = ParsedCapture {
        path: file.path.clone(),
        sha256,
        size: file.size,
        mtime_ns: file.mtime_ns,
        whereabouts,
        run_key,
        reports,
        problem_count,
    };
    Prepared::Parsed { capture, problems, notes }
}

/// A note on the socket addresses of a file that are not IP addresses
/// (`mm.mmm.mm.mm`, `x.x.x.x`: masked by whoever shared the capture), which
/// are kept as printed, local and foreign alike.
fn masked_addresses(reports: &[ParsedReport]) -> Option<String> {
    let mut masked: BTreeMap<&str, u32> = BTreeMap::new();
    for c in reports.iter().flat_map(|r| &r.records.connections) {
        for socket in [&c.local, &c.remote].into_iter().flatten() {
            let address = socket.ip.split('%').next().unwrap_or_default();
            let real = socket.ip == "*" || socket.ip.is_empty() || address.parse::<std::net::IpAddr>().is_ok();
            if !real {
                let line = masked.entry(socket.ip.as_str()).or_insert(c.line);
                *line = (*line).min(c.line);
            }
        }
    }
    let first = masked.values().min()?;
    let shown: Vec<String> = masked.keys().map(|ip| format!("`{}`", quoted(ip))).collect();
    Some(format!(
        "line {first}: socket addresses that are not IP addresses are kept as printed (masked by whoever \
         shared the capture?): {}",
        shown.join(", ")
    ))
}

/// Parses the last report of a file that does not end with a line end: its
/// last line may be cut anywhere, in a key or in a value (`BytesOut: 01`
/// of `0000012345`). A line that adds nothing to the records (and is not a
/// key without its value) is noted; one that adds something is not stored,
/// since nothing tells whether its values are whole, and is a problem.
fn parse_cut(kind: ReportKind, body: &[crate::text::BodyLine<'_>], notes: &mut Vec<String>) -> parse::Parsed {
    const CUT: &str = "the file ends in the middle of this line (cut short in transfer or by a full data set?)";
    let Some((last, before)) = body.split_last() else { return parse::parse(kind, body) };
    let mut whole = parse::parse(kind, body);
    let unreadable = whole.problems.iter_mut().filter(|p| p.line == last.number).fold(false, |_, problem| {
        problem.reason.push_str(": ");
        problem.reason.push_str(CUT);
        true
    });
    if unreadable {
        return whole;
    }
    let shown = quoted(last.text.trim());
    let mut shorter = parse::parse(kind, before);
    if shorter.records == whole.records && !last.text.trim_end().ends_with(':') {
        notes.push(format!(
            "line {}: the file ends without a line end after `{shown}`, which adds nothing to the report",
            last.number
        ));
        return whole;
    }
    if plausibly_whole(last.text) {
        notes.push(format!(
            "line {}: the file ends without a line end after `{shown}`; its last value looks whole \
             (a fixed-width number, a time, a date or a keyword), so the line is kept",
            last.number
        ));
        return whole;
    }
    shorter.problems.push(Problem::at(
        last.number,
        format!("`{shown}`: {CUT}; its values may be cut short, so this line is not stored"),
    ));
    shorter
}

/// Whether the last value of a line cannot be a cut-short value: a counter
/// as NETSTAT prints it (ten digits, zero-padded), a time of day, a date, or
/// a keyword (a state, `N/A`, `On`, `Yes` ...). Anything else (a socket,
/// whose port may have lost digits, a short number, a name) may be cut.
fn plausibly_whole(line: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "N/A",
        "On",
        "Off",
        "Yes",
        "No",
        "Listen",
        "Establsh",
        "Estblsh",
        "TimeWait",
        "TimeWt",
        "CloseWt",
        "ClosWt",
        "ClosWait",
        "FinWait1",
        "FinWt1",
        "FinWait2",
        "FinWt2",
        "LastAck",
        "SynSent",
        "SynRcvd",
        "Closed",
        "Closing",
        "Primary",
        "Secondary",
    ];
    let Some(token) = line.split_whitespace().last() else { return false };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let shaped = |separator: char, widths: &[usize]| {
        let parts: Vec<&str> = token.split(separator).collect();
        parts.len() == widths.len()
            && parts.iter().zip(widths).all(|(part, width)| part.len() == *width && digits(part))
    };
    (token.len() == 10 && digits(token))
        || shaped(':', &[2, 2, 2])
        || shaped('/', &[2, 2, 4])
        || KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(token))
}

/// Notes for job, rule and action names that hold control characters (an
/// ESC sequence in a job name would rewrite the terminal of whoever prints
/// it): they are stored as printed, and said.
fn names_with_control_characters(records: &crate::model::Records) -> Vec<String> {
    let mut names: Vec<(u32, &str, &str)> = Vec::new();
    for c in &records.connections {
        for (what, name) in [
            ("job", &c.job),
            ("rule", &c.ttls_rule),
            ("group action", &c.ttls_group_action),
            ("environment action", &c.ttls_env_action),
        ] {
            names.extend(name.as_deref().map(|n| (c.line, what, n)));
        }
    }
    names.extend(records.tls_sessions.iter().filter_map(|t| Some((t.line, "rule", t.rule.as_deref()?))));
    for r in &records.rules {
        names.push((r.line, "rule", &r.name));
        names.extend(r.job_name.as_deref().map(|n| (r.line, "job", n)));
    }
    names.extend(records.group_actions.iter().map(|g| (g.line, "group action", g.name.as_str())));
    names.extend(records.env_actions.iter().map(|e| (e.line, "environment action", e.name.as_str())));
    names.extend(records.conn_actions.iter().map(|a| (a.line, "connection action", a.name.as_str())));
    names
        .into_iter()
        .filter(|(_, _, name)| name.chars().any(char::is_control))
        .map(|(line, what, name)| {
            format!(
                "line {line}: the {what} name `{}` holds control characters (shown escaped; stored as printed): \
                 was the capture damaged?",
                quoted(name)
            )
        })
        .collect()
}

/// Why a file of a pruned day was not read, as `walked_files` keeps it.
const PRUNED: &str = "its day's facts were pruned (ttlsinv prune); `ttlsinv ingest --restore-pruned` reads it again";

/// At most this many problems of one file are listed (printed and stored);
/// the rest are counted in one more.
pub const LISTED_PROBLEMS: usize = 100;

/// Keeps the first [`LISTED_PROBLEMS`] problems (sorted by line) and counts
/// the others in one more problem at the line of the first of them, so that
/// a file of a million bad lines prints and stores 101 lines. Returns how
/// many problems there were.
fn cap_problems(problems: &mut Vec<Problem>) -> usize {
    let total = problems.len();
    if total > LISTED_PROBLEMS {
        let line = problems[LISTED_PROBLEMS].line;
        problems.truncate(LISTED_PROBLEMS);
        problems.push(Problem::at(
            line,
            format!(
                "{} more problems from this line on are not listed (only the first {LISTED_PROBLEMS} of a file are): \
                 is this file a NETSTAT capture?",
                total - LISTED_PROBLEMS
            ),
        ));
    }
    total
}

/// Files of one capture run are written together when they come one after
/// the other, up to these bounds (which bound the memory they hold).
const GROUP_FILES: usize = 64;
const GROUP_BYTES: u64 = 64 << 20;

/// The writer: takes prepared files in path order on the calling thread and
/// writes them. The files of one capture run (one folder, see `run_key`) are
/// gathered and written in one transaction, their reports merged first, so
/// that a connection printed by the ALL, ALLCONN and TTLS files of a run is
/// one insert instead of three upserts. A run larger than the bounds above
/// is written in parts inside that one transaction.
struct Writer<'a> {
    store: &'a mut Store,
    known: &'a HashMap<PathBuf, crate::store::KnownFile>,
    /// Files to read again: they shared a snapshot with a file that changed.
    again: Vec<PathBuf>,
    /// Files followed to a new path in this run: where each went.
    moved: HashMap<PathBuf, PathBuf>,
    summary: &'a mut Summary,
    ledger: &'a mut Ledger,
    on_event: &'a mut dyn for<'x> FnMut(Event<'x>),
    /// Parsed files, their problems and notes.
    group: Vec<(ParsedCapture, Vec<Problem>, Vec<String>)>,
    group_limit: usize,
    /// The run whose parts are being written in one open transaction.
    open_run: Option<String>,
    /// Files of pruned days are read again (`--restore-pruned`).
    restore_pruned: bool,
}

impl Writer<'_> {
    /// Takes what one walked file gave: one result, or one per member of an
    /// archive, each a file of its own.
    fn take_all(&mut self, prepared: Vec<Prepared>) -> Result<(), StoreError> {
        prepared.into_iter().try_for_each(|p| self.take(p))
    }

    fn take(&mut self, prepared: Prepared) -> Result<(), StoreError> {
        let (capture, problems, notes) = match prepared {
            Prepared::Parsed { capture, problems, notes } => (capture, problems, notes),
            Prepared::NoRows(file) => {
                self.flush()?;
                return self.no_rows(file);
            }
        };
        let Whereabouts { system, date, .. } = &capture.whereabouts;
        if !self.restore_pruned && self.store.is_pruned_day(system, &date.to_string())? {
            let message = format!(
                "a capture of {system} on {date}, a day whose facts were pruned (ttlsinv prune): not read; \
                 `ttlsinv ingest --restore-pruned` reads it"
            );
            (self.on_event)(Event::Note { path: &capture.path, message });
            self.ledger.record(&capture.path, Outcome::Pruned, Some(PRUNED.to_string()));
            (self.on_event)(Event::FileDone { bytes: capture.size, connections: 0 });
            return Ok(());
        }
        let bytes: u64 = self.group.iter().map(|(c, _, _)| c.size).sum();
        let same_run = self.group.first().is_some_and(|(first, _, _)| first.run_key == capture.run_key);
        if !same_run {
            self.flush()?;
        }
        if self.open_run.as_ref().is_some_and(|key| *key != capture.run_key) {
            self.store.end_run()?;
            self.open_run = None;
        }
        if same_run && (self.group.len() >= self.group_limit || bytes + capture.size > GROUP_BYTES) {
            // A run too large to hold in memory is written in parts, all
            // in one transaction: readers and a kill see all of it or none.
            self.store.begin_run()?;
            self.open_run = Some(capture.run_key.clone());
            self.flush()?;
        }
        self.group.push((capture, problems, notes));
        Ok(())
    }

    /// A file that brings no rows.
    fn no_rows(&mut self, file: NoRows) -> Result<(), StoreError> {
        let (store, summary, ledger) = (&mut *self.store, &mut *self.summary, &mut *self.ledger);
        let on_event = &mut *self.on_event;
        match file {
            NoRows::Failed { file, problems } => {
                store.replace_problems(&file.path, &problems)?;
                for problem in &problems {
                    on_event(Event::Problem { path: &file.path, problem, earlier: false });
                }
                ledger.failed(&file.path, &problems);
                summary.problems += problems.len();
                on_event(Event::FileDone { bytes: file.size, connections: 0 });
            }
            NoRows::Skipped { file, reason } => {
                store.replace_problems(&file.path, &[])?;
                on_event(Event::Note { path: &file.path, message: reason.clone() });
                ledger.record(&file.path, Outcome::NotACapture, Some(reason));
                on_event(Event::FileDone { bytes: file.size, connections: 0 });
            }
            NoRows::Duplicate { file, original } => {
                let message = format!("same content as {}", path_text::shown(&original));
                on_event(Event::Note { path: &file.path, message: format!("{message}: skipped") });
                ledger.record(&file.path, Outcome::Duplicate, Some(message));
                on_event(Event::FileDone { bytes: file.size, connections: 0 });
            }
            NoRows::Known { file, sha256, original, run_key } => {
                // A file followed to its new path already: another copy of
                // it is a copy of the file where it is now.
                let original = self.moved.get(&original).cloned().unwrap_or(original);
                match self.known.get(&file.path).filter(|k| k.sha256 == sha256) {
                    Some(k) => {
                        store.touch(k.file_id, file.size, file.mtime_ns)?;
                        ledger.record(&file.path, Outcome::Unchanged, None);
                        report_earlier_problems(store, &file.path, k.problem_count, summary, on_event)?;
                    }
                    None => match self.known.get(&original).filter(|_| moved(&original, &file.path)) {
                        // Moved with its tree, or renamed in its folder: the same run.
                        Some(k) if store.run_keys_of(k.file_id)? == [run_key] => {
                            store.move_file(k.file_id, &original, &file.path, file.size, file.mtime_ns)?;
                            let message =
                                format!("moved from {} (same content and place)", path_text::shown(&original));
                            on_event(Event::Note { path: &file.path, message });
                            // In the inventory, as after a fresh ingest: no why to keep.
                            ledger.record(&file.path, Outcome::Unchanged, None);
                            report_earlier_problems(store, &file.path, k.problem_count, summary, on_event)?;
                            self.moved.insert(original, file.path.clone());
                        }
                        // Moved into another folder, so into another capture
                        // run: read again there, as a fresh ingest would.
                        Some(k) => {
                            self.again.extend(store.forget(k.file_id)?);
                            self.again.push(file.path.clone());
                            let message = format!(
                                "moved from {} into another capture run (another folder): read again",
                                path_text::shown(&original)
                            );
                            on_event(Event::Note { path: &file.path, message });
                            self.moved.insert(original, file.path.clone());
                        }
                        None => {
                            let message = format!("same content as {}", path_text::shown(&original));
                            on_event(Event::Note { path: &file.path, message: format!("{message}: skipped") });
                            ledger.record(&file.path, Outcome::Duplicate, Some(message));
                        }
                    },
                }
                on_event(Event::FileDone { bytes: file.size, connections: 0 });
            }
        }
        Ok(())
    }

    /// Two reports of one kind and stack from different files are never one
    /// capture run (two systems' data sets downloaded into one folder, say):
    /// a file that holds a kind an earlier file of its run holds, in this
    /// group or in the store, becomes a snapshot of its own, and the user is
    /// told how to say which system it is.
    fn separate_runs(
        &self,
        files: &mut [(ParsedCapture, Vec<Problem>)],
        notes: &mut [Vec<String>],
    ) -> Result<(), StoreError> {
        // (system, stack, date, kind) of the run, and the file that holds it.
        let mut held: HashMap<(String, String, String, &'static str), PathBuf> = HashMap::new();
        for ((capture, _), file_notes) in files.iter_mut().zip(notes.iter_mut()) {
            // A file may hold thousands of reports (a TTLS CONN n DETAIL per
            // connection): each kind is looked up once.
            let kinds: BTreeSet<(String, String, String, &'static str)> = capture
                .reports
                .iter()
                .filter(|r| !matches!(r.kind, ReportKind::Other(_) | ReportKind::Empty))
                .map(|r| {
                    (
                        r.whereabouts.system.clone(),
                        r.header.stack.clone(),
                        r.whereabouts.date.to_string(),
                        r.kind.as_str(),
                    )
                })
                .collect();
            let mut clash = None;
            for key in &kinds {
                let (system, stack, date, kind) = key;
                let other = match held.get(key) {
                    Some(path) => Some(path.clone()),
                    None => {
                        let run = RunReport { system, stack, date, run_key: &capture.run_key, kind };
                        self.store.same_kind_in_run(&run, &capture.path)?
                    }
                };
                if let Some(other) = other {
                    clash = Some((key.clone(), other));
                    break;
                }
            }
            let Some(((system, stack, date, kind), other)) = clash else {
                held.extend(kinds.into_iter().map(|key| (key, capture.path.clone())));
                continue;
            };
            let name = path_text::encode(Path::new(capture.path.file_name().unwrap_or_default()));
            capture.run_key = format!("{}|{name}", capture.run_key);
            file_notes.push(format!(
                "holds a report of kind {kind} for stack {stack} on {system} {date}, as {} of the same capture \
                 run does: two reports of one kind are never one run, so this file is a snapshot of its own. If \
                 the files are captures of different systems, say where the system is in their names with \
                 --layout (for data sets named SYSA.NETSTAT.D250301.T080000: '{{system}}.NETSTAT.{{date}}.{{time}}')",
                path_text::shown(&other)
            ));
        }
        Ok(())
    }

    /// Writes the gathered files of one capture run.
    fn flush(&mut self) -> Result<(), StoreError> {
        let mut files: Vec<(ParsedCapture, Vec<Problem>)> = Vec::with_capacity(self.group.len());
        let mut notes = Vec::with_capacity(self.group.len());
        let mut hashes: HashMap<String, PathBuf> = HashMap::new();
        for (capture, problems, file_notes) in std::mem::take(&mut self.group) {
            if let Some(old) = self.known.get(&capture.path) {
                self.again.extend(self.store.forget(old.file_id)?);
            }
            let original = match hashes.get(&capture.sha256) {
                Some(path) => Some(path.clone()),
                None => {
                    let Whereabouts { system, date, .. } = &capture.whereabouts;
                    self.store.same_observation(&capture.sha256, system, &date.to_string())?
                }
            };
            if let Some(original) = original {
                let message = format!("same content as {}", path_text::shown(&original));
                (self.on_event)(Event::Note { path: &capture.path, message: format!("{message}: skipped") });
                self.ledger.record(&capture.path, Outcome::Duplicate, Some(message));
                (self.on_event)(Event::FileDone { bytes: capture.size, connections: 0 });
                continue;
            }
            hashes.insert(capture.sha256.clone(), capture.path.clone());
            files.push((capture, problems));
            notes.push(file_notes);
        }
        if files.is_empty() {
            return Ok(());
        }
        let run_key = files[0].0.run_key.clone();
        self.separate_runs(&mut files, &mut notes)?;
        // One file's reports were merged when it was parsed.
        let same_run: Vec<&mut ParsedCapture> =
            files.iter_mut().map(|(c, _)| c).filter(|c| c.run_key == run_key).collect();
        if same_run.len() > 1 {
            merge_run(same_run);
        }
        let totals = self.store.write(&files)?;
        for (((capture, problems), notes), totals) in files.iter().zip(notes).zip(totals) {
            self.written(capture, problems, notes, totals);
        }
        Ok(())
    }

    /// Says what one written file brought.
    fn written(
        &mut self,
        capture: &ParsedCapture,
        problems: &[Problem],
        notes: Vec<String>,
        totals: crate::store::WriteTotals,
    ) {
        let (summary, on_event) = (&mut *self.summary, &mut *self.on_event);
        for problem in problems {
            on_event(Event::Problem { path: &capture.path, problem, earlier: false });
        }
        for message in notes {
            on_event(Event::Note { path: &capture.path, message });
        }
        for report in &capture.reports {
            let ReportKind::Other(looks_like) = report.kind else {
                *summary.reports.entry(report.kind.as_str()).or_default() += 1;
                if report.kind == ReportKind::Empty {
                    let message = format!(
                        "line {}: a report header with nothing after it (was the capture cut after its first line?)",
                        report.first_line
                    );
                    on_event(Event::Note { path: &capture.path, message });
                }
                continue;
            };
            *summary.skipped_reports.entry(looks_like.unwrap_or("unrecognised")).or_default() += 1;
            let kind = match looks_like {
                Some(name) => format!("a NETSTAT {name} report, which this version does not read"),
                None => "a report of a kind this version does not recognise".to_string(),
            };
            let message = format!("line {}: {kind}: skipped", report.first_line);
            on_event(Event::Note { path: &capture.path, message });
        }
        let skipped = capture.reports.iter().filter_map(|r| match r.kind {
            ReportKind::Other(looks_like) => Some(looks_like.unwrap_or("unrecognised")),
            _ => None,
        });
        let skipped_reports = Some(skipped.collect::<Vec<_>>().join(", ")).filter(|s| !s.is_empty());
        let walked = Walked { outcome: Outcome::Ingested, reason: None, skipped_reports };
        self.ledger.files.insert(capture.path.clone(), walked);
        summary.snapshots += totals.snapshots;
        summary.connections += totals.connections;
        summary.tls_sessions += totals.tls_sessions;
        summary.problems += capture.problem_count;
        summary.bytes_read += capture.size;
        summary.systems.entry(capture.whereabouts.system.clone()).or_default().insert(capture.whereabouts.date);
        on_event(Event::FileDone { bytes: capture.size, connections: totals.connections });
    }
}

/// The files ingested earlier from under `roots` that are no longer there
/// (deleted, or moved out of the tree), and the other paths walked earlier
/// under `roots` that are gone (a README, a file that failed).
fn left_the_tree(
    store: &Store,
    known: &HashMap<PathBuf, crate::store::KnownFile>,
    roots: &[PathBuf],
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), StoreError> {
    let roots: Vec<PathBuf> = roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
    let under_roots = |path: &&PathBuf| roots.iter().any(|root| path.starts_with(root));
    let mut files: Vec<PathBuf> = known.keys().filter(under_roots).filter(|path| gone(path)).cloned().collect();
    files.sort();
    let walked = store.walked_paths()?;
    let mut walked: Vec<PathBuf> =
        walked.iter().filter(under_roots).filter(|path| !known.contains_key(*path) && gone(path)).cloned().collect();
    walked.sort();
    Ok((files, walked))
}

/// True when nothing is at `path` any more: no file, and no archive that
/// holds it as a member.
fn gone(path: &Path) -> bool {
    !path.exists() && !path.ancestors().skip(1).any(Path::is_file)
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

/// The files at `paths` as a walk finds them now, to be read again.
fn rediscover(mut paths: Vec<PathBuf>) -> Vec<FoundFile> {
    paths.sort();
    paths.dedup();
    paths.into_iter().filter_map(|path| capture::discover(&[path]).0.into_iter().next()).collect()
}

/// True when the file found at `to` is the file once ingested at `from`,
/// moved or renamed (the tree moved, or a file renamed): nothing is at
/// `from` any more (an archive member moves with its archive).
fn moved(from: &Path, to: &Path) -> bool {
    from != to && gone(from)
}

/// Merges the connections of all reports of the files of one run (see
/// [`merge::connections`]), then gives each file its reports back.
fn merge_run(mut files: Vec<&mut ParsedCapture>) {
    let counts: Vec<usize> = files.iter().map(|c| c.reports.len()).collect();
    let mut reports: Vec<ParsedReport> = files.iter_mut().flat_map(|c| std::mem::take(&mut c.reports)).collect();
    merge::connections(&mut reports);
    let mut reports = reports.into_iter();
    for (capture, count) in files.iter_mut().zip(counts) {
        capture.reports = reports.by_ref().take(count).collect();
    }
}

/// Runs `prepare` on `threads` threads and `write` on the calling thread,
/// strictly in the order of `items`. At most a few items are prepared ahead
/// of the writer, so memory stays bounded by the largest items, not by their
/// number. The first error of `write` stops the run.
fn in_order<T: Sync, P: Send, E>(
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
    #[test]
    fn a_last_value_looks_whole_only_when_no_cut_can_leave_it() {
        for whole in [
            "  BytesIn:            0000002248        BytesOut:           0000002076",
            "  Last Touched:       16:36:57",
            "  StartDate:          05/31/2022",
            "CSQ9CHIN 00000022 0.0.0.0..1414          0.0.0.0..0             Listen",
            "    Ancillary Input Queue: N/A",
        ] {
            assert!(super::plausibly_whole(whole), "{whole}");
        }
        for cut in [
            "  BytesOut:           01",
            "Local Socket: 10.1.1.2..1414   Foreign Socket: 10.113.104.91..5740",
            "CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Estab",
            "  Last Touched:       16:36:5",
            "",
        ] {
            assert!(!super::plausibly_whole(cut), "{cut}");
        }
    }

    use super::*;

    #[test]
    fn a_hard_link_beside_its_file_is_not_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("2022-05-31/SYSA");
        std::fs::create_dir_all(&folder).unwrap();
        let text = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:39\n\
                    User Id  Conn     Local Socket           Foreign Socket         State\n\
                    CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh\n";
        std::fs::write(folder.join("a.txt"), text).unwrap();
        std::fs::hard_link(folder.join("a.txt"), folder.join("b.txt")).unwrap();
        std::fs::write(folder.join("c.txt"), text).unwrap();
        let (files, _) = capture::discover(&[dir.path().to_path_buf()]);
        let (locator, known, trees) = (Locator::default(), HashMap::new(), Trees::default());
        let reader = Reader {
            locator: &locator,
            trees: &trees,
            known_hashes: &known,
            limit: 1 << 20,
            claims: Mutex::new(HashMap::new()),
        };
        let outcome = |prepared: Vec<Prepared>| match &prepared[..] {
            [Prepared::Parsed { capture, .. }] => format!("parsed {}", capture.path.display()),
            [Prepared::NoRows(NoRows::Duplicate { file, original })] => {
                format!("{} duplicate of {}", file.path.display(), original.display())
            }
            _ => "other".to_string(),
        };
        let [a, b, c] = &files[..] else { panic!("{files:?}") };
        // The later file first: parsed, until the earlier one claims the content.
        assert_eq!(outcome(reader.prepare(1, b)), format!("parsed {}", b.path.display()));
        assert_eq!(outcome(reader.prepare(0, a)), format!("parsed {}", a.path.display()));
        assert_eq!(outcome(reader.prepare(2, c)), format!("{} duplicate of {}", c.path.display(), a.path.display()));
        assert_eq!(outcome(reader.prepare(1, b)), format!("{} duplicate of {}", b.path.display(), a.path.display()));
    }

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
