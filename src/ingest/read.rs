//! Reading one walked file on a parser thread: size-checked, hashed before
//! anything is expanded or parsed, expanded, decoded, split into reports and
//! parsed, with the notes and problems it gives.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use super::Options;
use sha2::{Digest, Sha256};

use crate::capture::archive::{self, Container};
use crate::capture::locate::{Content, Locator};
use crate::capture::trees::{self, Trees};
use crate::capture::{self, split, FoundFile, NoReport};
use crate::error::{quoted, quoted_at_most, Problem};
use crate::model::{
    Begun, Connection, Continued, ParsedCapture, ParsedReport, Records, ReportHeader, ReportKind, Run, TextId,
    Whereabouts, CAPTURE_GAP, PAST_MIDNIGHT,
};
use crate::text::plausibly_whole;
use crate::{digest, merge, parse, path_text};

mod stream;
mod text;

pub(super) use text::{begins_with as text_begins_with, head as text_head};

/// What a parser thread made of one file.
pub(super) enum Prepared {
    /// Read and parsed; `problems` are the lines it could not read (at most
    /// [`LISTED_PROBLEMS`] and one that counts the rest), `notes` what is
    /// worth saying besides.
    Parsed { capture: ParsedCapture, problems: Vec<Problem>, notes: Vec<String> },
    /// Nothing to write.
    NoRows(NoRows),
    /// The start of a file read as a stream: the file and its reports,
    /// without records. [`Prepared::Part`]s follow, then a [`Prepared::Tail`].
    Head { capture: ParsedCapture },
    /// Records of report `report` (an index into the head's reports).
    Part { report: usize, records: Records },
    /// The end of a file read as a stream: its problems and notes (as in
    /// `Parsed`), and the records of each report.
    Tail { problems: Vec<Problem>, notes: Vec<String>, problem_count: usize, record_counts: Vec<usize> },
}

/// A file that brings no rows.
pub(super) enum NoRows {
    /// The same observation is in the store: this file unchanged, or
    /// `original`, a copy of it (or the file itself, moved), by its bytes or
    /// its text (see [`TextId`]: `text`, the file's). `run_key`: the run the
    /// file belongs to where it is now.
    Known { file: FoundFile, sha256: String, text: TextId, original: PathBuf, run_key: String },
    /// Could not be read, dated or parsed at all.
    Failed { file: FoundFile, problems: Vec<Problem> },
    /// Not a capture (no report, and nothing suggests a failed capture).
    Skipped { file: FoundFile, reason: String },
    /// The same content as an earlier file of this run in the same place
    /// (a hard link, a copy beside it), or as an earlier file of its system
    /// whose reports print their times (see [`same_as_earlier`]): not parsed
    /// again. `why`: what the note says after the original, if anything.
    Duplicate { file: FoundFile, original: PathBuf, why: String },
}

thread_local! {
    /// The bytes of the file a parser thread reads, kept from one file to the
    /// next: a new buffer for every file had the kernel zero its pages anew
    /// (about 7 % of an ingest). It keeps the size of the largest file read.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A file in the store: where and when its capture was taken.
pub(super) struct Ingested {
    pub(super) system: String,
    pub(super) date: String,
    pub(super) path: PathBuf,
    /// Its content hash and text identity.
    pub(super) sha256: String,
    pub(super) text: TextId,
    /// The run keys of its snapshots.
    pub(super) run_keys: Vec<String>,
}

/// A file a later file of its system may begin with, whole (see
/// [`Reader::continued`]).
pub(super) enum Earlier {
    /// In the store, with its size, content hash and text identity.
    Stored { path: PathBuf, size: u64, sha256: String, text: TextId },
    /// Found by this run at this index of its work, by its size: its text
    /// is known once read (most files' text is their bytes, see [`TextId`]).
    Found { path: PathBuf, index: usize },
}

/// The files a later file may begin with: those of each system by the size
/// of their text, and the files of the work by the system their path names.
#[derive(Default)]
pub(super) struct Earliers {
    by_system: HashMap<String, HashMap<u64, Vec<Earlier>>>,
    /// The sizes of `by_system`, each system's in ascending order.
    sizes: HashMap<String, Vec<u64>>,
    /// The system each file of the work is of, from its path, if any (none
    /// for a zip archive, whose members may be of any).
    places: Vec<Option<String>>,
    /// The work's files by that system, in index order.
    peers: HashMap<Option<String>, Vec<usize>>,
    /// The files pruned from the store (see [`Before`]).
    pruned: HashSet<PathBuf>,
}

/// The earlier files of each system (from the path) by text size: those in
/// the store, those pruned from it (their runs are the pruned days') and
/// those of `work` (by their size).
pub(super) fn earlier_files(
    stored: &HashMap<PathBuf, crate::store::KnownFile>,
    pruned: &HashMap<PathBuf, crate::store::PrunedCopy>,
    work: &[FoundFile],
    locator: &Locator,
) -> Earliers {
    let mut earlier = Earliers { pruned: pruned.keys().cloned().collect(), ..Earliers::default() };
    let stored = stored.iter().map(|(path, k)| (path, &k.system, k.size, &k.sha256, &k.text));
    for (path, system, size, sha256, text) in
        stored.chain(pruned.iter().map(|(path, p)| (path, &p.system, p.size, &p.sha256, &p.text)))
    {
        // A file whose path names no system is compared with those alike too.
        let unplaced = locator.locate(path).is_err().then_some(UNPLACED);
        for system in std::iter::once(system.as_str()).chain(unplaced) {
            let (path, sha256, text) = (path.clone(), sha256.clone(), text.clone());
            let sizes = earlier.by_system.entry(system.to_string()).or_default();
            // By its size too, where the prefix of its bytes is hashed: to
            // say when a later file begins with them, byte for byte.
            if size != text.size {
                sizes.entry(size).or_default();
            }
            sizes.entry(text.size).or_default().push(Earlier::Stored { path, size, sha256, text });
        }
    }
    for (index, file) in work.iter().enumerate() {
        let system = locator.locate(&file.path).ok().map(|w| w.system);
        let found = Earlier::Found { path: file.path.clone(), index };
        let group = system.clone().unwrap_or_else(|| UNPLACED.to_string());
        earlier.by_system.entry(group).or_default().entry(file.size).or_default().push(found);
        // A zip archive's members are placed by their own paths: of any system.
        let zip = file.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        let place = system.filter(|_| !zip);
        earlier.peers.entry(place.clone()).or_default().push(index);
        earlier.places.push(place);
    }
    for (system, sizes) in &earlier.by_system {
        let mut sizes: Vec<u64> = sizes.keys().copied().collect();
        sizes.sort_unstable();
        earlier.sizes.insert(system.clone(), sizes);
    }
    earlier
}

/// The "system" of the files whose path names none (SYSLOG extracts: each
/// console reply is placed by its own prefix): they are compared with each
/// other. The same text is the same replies, of the systems they name.
const UNPLACED: &str = "";

/// The name of the file at `path` without the suffix of its compression:
/// the name of the data set a copy was downloaded as.
fn data_set_name(path: &Path) -> Option<&std::ffi::OsStr> {
    let name = path.file_name()?;
    let text = name.to_str()?;
    let bare = [".gz", ".bz2", ".xz", ".zst"].iter().find_map(|suffix| text.strip_suffix(suffix));
    Some(bare.map_or(name, std::ffi::OsStr::new))
}

/// A file of the work as read, said to later files: its path, the system
/// it is placed on, its content hash and its text identity; `odd` when that
/// is not the size and hash of the file as walked (compressed, an archive's
/// member, CRLF line ends...), so that its text size is not known from the walk.
#[derive(Clone)]
pub(super) struct Copy {
    path: PathBuf,
    /// Its system from its path, or [`UNPLACED`].
    system: String,
    size: u64,
    sha256: String,
    text: TextId,
    /// The hash of the first bytes of its text (see [`text::may_begin_with`]).
    head: String,
    odd: bool,
}

/// What the files of the work said of themselves once read.
#[derive(Default)]
struct Published {
    /// Each file's copies (an archive's members; none: failed, known).
    copies: HashMap<usize, Vec<Copy>>,
    /// Of each system's files of the work (see [`Earliers::peers`]), how many
    /// of the first said theirs.
    done: HashMap<Option<String>, usize>,
    /// The copies of each system whose text is not their bytes (compressed,
    /// CRLF line ends...): their text sizes are not known from the walk.
    odd: HashMap<String, Vec<(usize, Copy)>>,
}

/// A prefix of a file that ends with a line end: its size, the number of
/// the line after it, and its hash.
pub(super) type Prefix = (u64, u32, String);

/// What parser threads share: how to read and date a file, and what is
/// already known.
pub(super) struct Reader<'a> {
    locator: &'a Locator,
    /// The trees of the run, to key capture runs.
    trees: &'a Trees,
    /// Every content hash in the store, with where and when it was taken.
    known_hashes: &'a HashMap<String, Vec<Ingested>>,
    /// The most bytes a file read whole may hold, on disk and expanded.
    limit: u64,
    /// The most bytes a text file read as a stream may hold.
    stream_limit: u64,
    /// Text files larger than [`stream::STREAMED_FROM`] times this are
    /// read as a stream, parsed about this many bytes at a time.
    chunk: usize,
    /// Content seen in this run, by hash and place (see [`Reader::claim`]),
    /// with the index of the first file that holds it.
    claims: Mutex<HashMap<(String, String), (usize, PathBuf)>>,
    /// The files a later file may begin with (see [`earlier_files`]).
    earlier: &'a Earliers,
    /// What each file of the work read so far said of itself, and the
    /// signal of a new one.
    published: Mutex<Published>,
    hashed: Condvar,
}

impl<'a> Reader<'a> {
    pub(super) fn new(
        options: &'a Options,
        known_hashes: &'a HashMap<String, Vec<Ingested>>,
        trees: &'a Trees,
        earlier: &'a Earliers,
    ) -> Reader<'a> {
        Reader {
            locator: &options.locator,
            trees,
            known_hashes,
            limit: if options.max_file_size == 0 { archive::DEFAULT_LIMIT } else { options.max_file_size },
            stream_limit: if options.max_file_size == 0 { u64::MAX } else { options.max_file_size },
            chunk: if options.chunk_bytes == 0 { stream::DEFAULT_CHUNK } else { options.chunk_bytes },
            claims: Mutex::new(HashMap::new()),
            earlier,
            published: Mutex::new(Published::default()),
            hashed: Condvar::new(),
        }
    }

    /// Says what the file at `index` is (the first word stands), to a later
    /// file that may begin with it.
    pub(super) fn publish(&self, index: usize, copies: Vec<Copy>) {
        let mut published = self.published.lock().unwrap_or_else(|e| e.into_inner());
        if published.copies.contains_key(&index) {
            return;
        }
        for copy in copies.iter().filter(|copy| copy.odd) {
            published.odd.entry(copy.system.clone()).or_default().push((index, copy.clone()));
        }
        published.copies.insert(index, copies);
        let place = self.earlier.places.get(index).cloned().flatten();
        let peers = self.earlier.peers.get(&place).map_or(&[][..], Vec::as_slice);
        let Published { copies, done, .. } = &mut *published;
        let done = done.entry(place).or_default();
        while peers.get(*done).is_some_and(|i| copies.contains_key(i)) {
            *done += 1;
        }
        self.hashed.notify_all();
    }

    /// What the file at `index` said, once its parser has read it. Files
    /// are taken in index order and a file says what it is before its
    /// parser waits for anything, so an earlier file's word comes.
    fn copies_of(&self, index: usize) -> Vec<Copy> {
        let mut published = self.published.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(copies) = published.copies.get(&index) {
                return copies.clone();
            }
            published = self.hashed.wait(published).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The copies of `system` before `index` in the work whose text is not
    /// their bytes, of the name or folder of `path` (a data set downloaded
    /// under its name, compressed or not; two downloads in one folder),
    /// once every file before it that may hold one has said what it is
    /// (those of the system, and those whose path names none: an archive's
    /// members), then `siblings` (the members before it of its own archive:
    /// a month's zip of the day folders holds each day's copy). Only those
    /// no larger than the text `size` whose text begins as `head` does (see
    /// [`text::may_begin_with`]): most are none.
    fn odd_before(
        &self,
        (index, siblings): (usize, &[Copy]),
        system: &str,
        path: &Path,
        (head, size): (&[u8], u64),
    ) -> Vec<Copy> {
        let places = [Some(system.to_string()), None];
        let before: Vec<usize> = places
            .iter()
            .map(|place| self.earlier.peers.get(place).map_or(0, |peers| peers.partition_point(|i| *i < index)))
            .collect();
        let mut published = self.published.lock().unwrap_or_else(|e| e.into_inner());
        while places.iter().zip(&before).any(|(place, n)| published.done.get(place).copied().unwrap_or(0) < *n) {
            published = self.hashed.wait(published).unwrap_or_else(|e| e.into_inner());
        }
        let mut odd: Vec<&(usize, Copy)> = published.odd.get(system).into_iter().flatten().collect();
        let related = |c: &Copy| {
            (c.path.parent() == path.parent() || data_set_name(&c.path) == data_set_name(path))
                && c.text.size <= size
                && text::may_begin_with(head, c.text.size, &c.head)
        };
        // The first in the walk first, whichever was read first.
        odd.retain(|(at, copy)| *at < index && related(copy));
        odd.sort_by_key(|(at, _)| *at);
        let siblings = siblings.iter().filter(|copy| copy.system == system && related(copy));
        odd.into_iter().map(|(_, copy)| copy).chain(siblings).cloned().collect()
    }

    /// The system `located` names, if any.
    fn system_of(&self, located: &Path) -> String {
        self.locator.locate(located).map_or_else(|_| UNPLACED.to_string(), |w| w.system)
    }

    /// The text sizes of the earlier files a file placed by `located` may
    /// begin with: those of its system (from its path), or of the files
    /// whose path names none.
    pub(super) fn earlier_sizes(&self, located: &Path) -> Option<&HashMap<u64, Vec<Earlier>>> {
        self.earlier.by_system.get(&self.system_of(located))
    }

    /// The earlier file `original` to the file placed by `located` (see [`same_as_earlier`]).
    pub(super) fn before(&self, original: &Path, located: &Path) -> Before {
        Before { order: self.locator.date_order(original, located), pruned: self.earlier.pruned.contains(original) }
    }

    /// [`Reader::earlier_sizes`]' sizes, in ascending order.
    pub(super) fn wanted_sizes(&self, located: &Path) -> &[u64] {
        self.earlier.sizes.get(&self.system_of(located)).map_or(&[], Vec::as_slice)
    }

    /// The `prefixes` (of the file at `index`, placed by `located`, whose
    /// text is `text`) that are the whole of an earlier file of its system
    /// as text (see [`TextId`]), longest first, after an earlier file the
    /// whole file is (see [`same_as_earlier`]): one in the store, one before
    /// it in this run's work, or one of `odd` (see [`Reader::odd_before`]).
    /// The longest that holds runs with a time is the one read after (see
    /// [`keep_after`]), a copy cut short in a report too (the rest of the
    /// run it ends inside is its date's). The same file at a smaller size
    /// (grown where it is) is none: its old version leaves the inventory. `raw`: the prefixes of
    /// the file's bytes, and `sha256` their hash, to say when it begins with
    /// the earlier file byte for byte.
    pub(super) fn continued(
        &self,
        (index, file, located): (usize, &FoundFile, &Path),
        (prefixes, raw): (&[Prefix], &[Prefix]),
        (text, sha256): (&TextId, &str),
        odd: &[Copy],
    ) -> Vec<Continued> {
        let sizes = self.earlier_sizes(located);
        let earlier = |size: &u64, sha256: &String| {
            let same = |t: &TextId| t.size == *size && t.sha256 == *sha256;
            let known =
                sizes.and_then(|sizes| sizes.get(size)).into_iter().flatten().find_map(|earlier| match earlier {
                    Earlier::Stored { path, size, sha256: stored, text } => {
                        (same(text) && *path != file.path).then(|| (path.clone(), *size, stored.clone()))
                    }
                    Earlier::Found { path, index: at } => (*at < index && *path != file.path)
                        .then(|| self.copies_of(*at).into_iter().find(|c| c.path == *path && same(&c.text)))
                        .flatten()
                        .map(|c| (c.path, c.size, c.sha256)),
                });
            known.or_else(|| {
                let copy = odd.iter().find(|c| c.path != file.path && same(&c.text))?;
                Some((copy.path.clone(), copy.size, copy.sha256.clone()))
            })
        };
        let bytes = |size: u64, hash: &str| raw.iter().any(|(at, _, h)| *at == size && h == hash);
        let continued = prefixes.iter().rev().filter_map(|(size, line, prefix)| {
            let (original, size, sha256) = earlier(size, prefix)?;
            Some(Continued { bytes: bytes(size, &sha256), original, sha256, line: *line })
        });
        // A file moved from where it was ingested is no copy of itself; one
        // beside it is a duplicate by its place (see [`Reader::known`]).
        let elsewhere =
            |(path, _, _): &(PathBuf, u64, String)| path.parent() != file.path.parent() && !super::gone(path);
        let whole = earlier(&text.size, &text.sha256).filter(elsewhere);
        let whole = whole.map(|(original, _, earlier)| Continued {
            bytes: earlier == sha256,
            original,
            sha256: earlier,
            line: u32::MAX,
        });
        whole.into_iter().chain(continued).collect()
    }

    /// Reads, hashes, dates, splits and parses the file at `index` of the
    /// work, and gives what it made of it: an archive one result per
    /// member, a large text file a head, parts and a tail (read as a
    /// stream). Runs on parser threads.
    pub(super) fn prepare(&self, index: usize, file: &FoundFile, give: &mut dyn FnMut(Prepared)) {
        if !(file.size > stream::STREAMED_FROM * self.chunk as u64 && stream::prepare(self, index, file, give)) {
            self.prepare_whole(index, file).into_iter().for_each(give);
        }
        // A file that failed or was known before it said what it is.
        self.publish(index, Vec::new());
    }

    /// [`Reader::prepare`], the file read whole.
    fn prepare_whole(&self, index: usize, file: &FoundFile) -> Vec<Prepared> {
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
            let (sha256, prefixes) = hash_with_prefixes(raw, self.earlier_sizes(&file.path));
            // An empty file holds no capture, so it is no copy of another:
            // two stacks' data sets that both wrote nothing are two failures.
            if let Some(known) = (!raw.is_empty()).then(|| self.known(index, file, &file.path, &sha256, None)).flatten()
            {
                return vec![known];
            }
            if Container::of(raw) != Container::Zip {
                let bytes = match archive::expand(raw, self.limit) {
                    Ok(bytes) => bytes,
                    Err(problem) => return vec![failed(problem)],
                };
                let plain = Container::of(raw) == Container::Plain;
                let text = self.identify(file, &file.path, &bytes, (&sha256, plain.then_some(prefixes)));
                if let Some(known) = self.known_text(index, (file, &file.path), &text) {
                    return vec![known];
                }
                self.publish(index, vec![text.copy.clone()]);
                return vec![self.read_text((index, &[]), file, &file.path, &bytes, text)];
            }
            match archive::unzip(raw, self.limit) {
                Ok(members) if members.is_empty() => {
                    vec![failed(Problem::file("an empty zip archive: it holds no file to read"))]
                }
                Ok(members) => self.members(index, file, &members),
                Err(problem) => vec![failed(problem)],
            }
        })
    }

    /// The members of the zip archive `file`: each a file of its own, named
    /// `archive.zip:member`, dated and placed as if the archive were a
    /// folder, taken in the order of their dates (as the work is, see
    /// `ingest::in_date_order`). All say what they are before any is read
    /// after another: an earlier one of them, or of the walk.
    fn members(&self, index: usize, file: &FoundFile, members: &[archive::Member]) -> Vec<Prepared> {
        // Each member as a file, where it is placed from, and its bytes.
        let mut members: Vec<(FoundFile, PathBuf, &archive::Member)> = members
            .iter()
            .map(|member| {
                let mut path = file.path.clone().into_os_string();
                path.push(":");
                path.push(&member.name);
                let size = member.bytes.as_ref().map_or(0, |b| b.len() as u64);
                let found = FoundFile { path: PathBuf::from(path), size, mtime_ns: file.mtime_ns };
                (found, file.path.join(&member.name), member)
            })
            .collect();
        members.sort_by_cached_key(|(_, located, _)| self.locator.locate(located).ok().map(|w| w.date));
        let mut read = Vec::with_capacity(members.len());
        for (found, located, member) in &members {
            read.push(match &member.bytes {
                Ok(bytes) => {
                    let (sha256, prefixes) = hash_with_prefixes(bytes, self.earlier_sizes(located));
                    match self.known(index, found, located, &sha256, None) {
                        Some(known) => Err(known),
                        None => {
                            let text = self.identify(found, located, bytes, (&sha256, Some(prefixes)));
                            self.known_text(index, (found, located), &text).map_or(Ok((text, bytes.as_slice())), Err)
                        }
                    }
                }
                Err(problem) => {
                    Err(Prepared::NoRows(NoRows::Failed { file: found.clone(), problems: vec![(*problem).clone()] }))
                }
            });
        }
        let mut copies: Vec<Copy> = read.iter().filter_map(|r| r.as_ref().ok()).map(|(t, _)| t.copy.clone()).collect();
        // Members are no files of the walk: their sizes are not known from it.
        for copy in &mut copies {
            copy.odd = true;
        }
        self.publish(index, copies.clone());
        let mut before = 0;
        members
            .iter()
            .zip(read)
            .map(|((found, located, _), read)| match read {
                Ok((text, bytes)) => {
                    before += 1;
                    self.read_text((index, &copies[..before - 1]), found, located, bytes, text)
                }
                Err(prepared) => prepared,
            })
            .collect()
    }

    /// The text of `bytes` (of `file`, placed by `located`), decoded, and
    /// what `file` is to a later file: its content hash `sha256`, its text
    /// identity and the prefixes of that text a later file's text may begin
    /// with. `raw`: the prefixes of `bytes` when they are the file's bytes (not
    /// expanded): they are the text's when the text is the bytes (no text pass).
    fn identify<'b>(
        &self,
        file: &FoundFile,
        located: &Path,
        bytes: &'b [u8],
        (sha256, raw): (&str, Option<Vec<Prefix>>),
    ) -> Identified<'b> {
        let (decoded, encoding_problem) = capture::decode(bytes);
        let plain = raw.is_some() && text::is_plain(bytes, &decoded);
        let (text, prefixes) = if plain {
            (TextId { size: bytes.len() as u64, sha256: sha256.to_string() }, raw.clone().unwrap_or_default())
        } else {
            text::of_text(&decoded, self.wanted_sizes(located))
        };
        let head = text::head_of(&decoded);
        let copy = Copy {
            path: file.path.clone(),
            system: self.system_of(located),
            size: file.size,
            sha256: sha256.to_string(),
            text,
            head: digest::hex(&Sha256::digest(&head)),
            odd: !plain,
        };
        Identified { decoded, encoding_problem, copy, prefixes, raw, head }
    }

    /// [`Reader::known`] by the text of a file whose text is not its bytes.
    fn known_text(
        &self,
        index: usize,
        (file, located): (&FoundFile, &Path),
        text: &Identified<'_>,
    ) -> Option<Prepared> {
        (text.copy.text.sha256 != text.copy.sha256)
            .then(|| self.known(index, file, located, &text.copy.sha256, Some(&text.copy.text)))
            .flatten()
    }

    /// Reads the text of `file` (at `index` of the work, after `siblings`
    /// in its archive, placed by `located`) after the earlier file it begins with, if any (see
    /// [`Reader::continued`]), once every earlier file whose text size the
    /// walk does not tell has said it.
    fn read_text(
        &self,
        (index, siblings): (usize, &[Copy]),
        file: &FoundFile,
        located: &Path,
        bytes: &[u8],
        text: Identified<'_>,
    ) -> Prepared {
        let Identified { decoded, encoding_problem, copy, mut prefixes, mut raw, head } = text;
        let odd = self.odd_before((index, siblings), &copy.system, &file.path, (&head, copy.text.size));
        // Its bytes where they may begin with such a copy's, byte for byte
        // (an archive's member: its bytes are not a file of the walk).
        let walked = self.earlier_sizes(located);
        let members = odd.iter().map(|c| c.size).filter(|size| walked.is_none_or(|sizes| !sizes.contains_key(size)));
        if let Some(raw) = raw.as_mut().filter(|_| !odd.is_empty()) {
            raw.extend(hash_with_sizes(bytes, members).1);
        }
        let raw = raw.unwrap_or_default();
        let extra = extra_sizes(&odd, copy.text.size);
        if extra.iter().any(|size| !prefixes.iter().any(|p| p.0 == *size)) {
            prefixes.extend(text::of_text(&decoded, &extra).1);
            prefixes.sort_unstable();
            prefixes.dedup();
        }
        let continued = self.continued((index, file, located), (&prefixes, &raw), (&copy.text, &copy.sha256), &odd);
        let before = |original: &Path| self.before(original, located);
        let place: Place<'_> = (self.locator, self.trees, &before);
        prepare_bytes((file, located), bytes, (decoded, encoding_problem), (copy.sha256, copy.text), place, continued)
    }
    /// The ingested file that is the same observation as `file`, whose
    /// capture run is `run_key`: the same content taken on the same system
    /// and date, in the same capture run (the file itself first), or moved
    /// there from where it was ingested. TTLS reports print no time, so the
    /// text of long-lived connections is the same from run to run and day
    /// to day: identical content of another run, date or system is another
    /// observation. A file dated by its content (no date in the path) is
    /// the same observation as any file of the same content.
    fn ingested(&self, file: &FoundFile, sha256: &str, run_key: &str) -> Option<&Ingested> {
        let seen = self.known_hashes.get(sha256)?;
        let here = self.locator.locate(&file.path).ok();
        let same_run =
            |i: &Ingested| i.run_keys.is_empty() || trees::are_runs_of(&i.run_keys, run_key) || super::gone(&i.path);
        let same_place = |i: &&Ingested| {
            here.as_ref().is_none_or(|w| w.system == i.system && w.date.to_string() == i.date && same_run(i))
        };
        let same = seen.iter().filter(same_place);
        let mut same = same.clone().filter(|i| i.path == file.path).chain(same);
        same.next()
    }

    /// The same observation already in the store (see [`Reader::ingested`]),
    /// or content held by an earlier file of this run in the same place (same
    /// folder, same date and system from the path): such a file is not parsed.
    /// `located`: where `file` is dated and placed from. By its content
    /// hash `sha256`, or its text when `text` says it (a file whose text is
    /// not its bytes: compressed again, downloaded with CRLF line ends).
    fn known(
        &self,
        index: usize,
        file: &FoundFile,
        located: &Path,
        sha256: &str,
        text: Option<&TextId>,
    ) -> Option<Prepared> {
        let time = self.locator.locate(located).ok().and_then(|w| w.time);
        let run_key = self.trees.run_key(located, time);
        let key = text.map_or(sha256, |text| &text.sha256);
        if let Some(stored) = self.ingested(file, key, &run_key) {
            // The stored bytes, or bytes that are the stored text.
            let text = text.cloned().unwrap_or_else(|| {
                if stored.sha256 == sha256 {
                    stored.text.clone()
                } else {
                    TextId { size: file.size, sha256: sha256.to_string() }
                }
            });
            let (file, sha256, original) = (file.clone(), sha256.to_string(), stored.path.clone());
            return Some(Prepared::NoRows(NoRows::Known { file, sha256, text, original, run_key }));
        }
        let folder = path_text::encode(file.path.parent().unwrap_or(Path::new("")));
        let place = format!("{folder}|{:?}", self.locator.locate(&file.path).ok());
        let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
        // The first file of the work is the original, whichever thread
        // hashes first: a later one that was parsed already is found a
        // duplicate by the writer.
        let first = claims.entry((sha256.to_string(), place)).or_insert_with(|| (index, file.path.clone()));
        if index < first.0 {
            *first = (index, file.path.clone());
        }
        (first.0 < index).then(|| {
            Prepared::NoRows(NoRows::Duplicate { file: file.clone(), original: first.1.clone(), why: String::new() })
        })
    }
}

/// The text sizes of `odd` (see [`Reader::odd_before`]) smaller than
/// `size`, in ascending order: the prefixes to hash of a file of that size.
fn extra_sizes(odd: &[Copy], size: u64) -> Vec<u64> {
    let mut sizes: Vec<u64> = odd.iter().map(|c| c.text.size).filter(|s| *s < size).collect();
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// A file's text, decoded, and what it is to a later file (see [`Reader::identify`]).
struct Identified<'b> {
    decoded: Cow<'b, str>,
    encoding_problem: Option<Problem>,
    copy: Copy,
    /// The prefixes of its text as large as an earlier file of its system.
    prefixes: Vec<Prefix>,
    /// The prefixes of the file's bytes as large as an earlier file (`None`
    /// when expanded): to say when it begins with one byte for byte.
    raw: Option<Vec<Prefix>>,
    /// The first bytes of its text (see [`text::head_of`]).
    head: Vec<u8>,
}

/// What places and dates a file, and what an earlier file it is whole, as
/// text, is to it (see [`Reader::before`]).
type Place<'a> = (&'a Locator, &'a Trees, &'a dyn Fn(&Path) -> Before);

/// Splits and parses the expanded bytes of `file`, decoded (`text`), dated
/// and placed by `located` (its path, or for an archive member the path it
/// would have if the archive were a folder).
fn prepare_bytes(
    (file, located): (&FoundFile, &Path),
    bytes: &[u8],
    (text, encoding_problem): (Cow<'_, str>, Option<Problem>),
    (sha256, text_id): (String, TextId),
    (locator, trees, before): Place<'_>,
    continued: Vec<Continued>,
) -> Prepared {
    let failed = |problem: Problem| Prepared::NoRows(NoRows::Failed { file: file.clone(), problems: vec![problem] });
    let mut notes = Vec::new();
    let (text, mut strays) = match capture::carriage::strip(&text) {
        Some(stripped) => (Cow::Owned(stripped.text), stripped.strays),
        None => (text, Vec::new()),
    };
    let (mut raws, unplaced) = split::split_noted(&text);
    let lines = |r: &split::RawReport<'_>| (r.first_line, r.last_line, r.header.time);
    let reports = raws.iter().map(|r| (r.header.time.is_some(), r.header.date.is_some(), r.kind, r.run));
    let (continued, same) = same_as_earlier(continued, reports, before);
    if let Some(same) = same {
        return Prepared::NoRows(same.duplicate(file));
    }
    let timed = printed_times(raws.iter().map(|r| (r.first_line, r.run.index, r.header.time, r.header.date)));
    let (continued, _) = keep_after(continued, &mut raws, &mut notes, lines, |r| &mut r.run);
    let end = copy_end(locator, continued.as_ref(), &timed);
    // What the earlier file's lines hold was said when it was read.
    let from = continued.as_ref().map_or(0, |c| c.line);
    strays.retain(|line| *line >= from);
    notes.extend(capture::carriage::strays_note(&strays));
    notes.extend(unplaced.into_iter().filter(|(line, _)| *line >= from).map(|(_, note)| note));
    // Only a file that holds reports needs a date and a system: from the
    // path, else from what each report says (a SYSLOG prefix, pasearch's Date:).
    let mut problems: Vec<Problem> = encoding_problem.into_iter().filter(|p| p.line >= from).collect();
    let mut reports = Vec::new();
    // A file that does not end with a line end may have been cut in the
    // middle of its last line: that line is looked at on its own.
    let mut cut_line = (!text.is_empty() && !text.ends_with('\n'))
        .then(|| u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX));
    // The report that runs to the end of a file that ends with a line end
    // may have been cut there: its last record is checked.
    let last_text = cut_line.is_none().then(|| last_text_line(&text)).flatten();
    // TTLS rule blocks already printed, per snapshot (system, stack, date, run).
    let mut printed: HashMap<(String, String, chrono::NaiveDate, u32), parse::ttls::Printed> = HashMap::new();
    for raw in raws {
        let content =
            Content { system: raw.header.system.clone(), date: raw.header.date, stack: stack_of(&raw.header) };
        let whereabouts = match locator.locate_with(located, &content) {
            Ok(w) => w,
            // A failed request alone in a file its path does not place: the
            // file failed as a whole (below). Requests that failed come last.
            Err(_) if matches!(raw.kind, ReportKind::Failed(_)) && reports.is_empty() => continue,
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
                let snapshot = (whereabouts.system.clone(), raw.header.stack.clone(), whereabouts.date, raw.run.index);
                parse::parse_in(raw.kind, &raw.body, printed.entry(snapshot).or_default())
            }
        };
        problems.extend(parsed.problems);
        notes.extend(parsed.notes);
        if last_text == Some(raw.last_line) || raw.cut.is_some() {
            let cut = parse::ending::cut(raw.kind, &raw.body);
            problems.extend(cut.map(|cut| cut_record(raw.kind, raw.last_line, &cut, raw.cut.as_ref())));
        }
        problems.extend(parse::ending::lost(raw.kind, &raw.body).iter().map(|lost| lost_lines(raw.kind, lost)));
        problems.extend(failed_request(raw.kind, &raw.header.stack, raw.first_line, raw.messages.as_deref()));
        problems.extend(ended_in_error(raw.kind, &raw.header.stack, raw.last_line, raw.cut.as_ref()));
        problems.extend(unlike_request(raw.kind, raw.first_line, raw.body.first().map(|l| l.text.trim())));
        notes.extend(names_with_control_characters(&parsed.records));
        notes.extend(raw.shifted.map(shifted_prefix));
        reports.push(ParsedReport {
            header: raw.header,
            whereabouts,
            dialect: raw.dialect,
            kind: raw.kind,
            first_line: raw.first_line,
            last_line: raw.last_line,
            record_count: parsed.records.len(),
            filter: raw.filter,
            asked: raw.asked,
            run: raw.run,
            cut: raw.cut,
            records: parsed.records,
        });
    }
    notes.extend(other_systems(&reports));
    let mut reprinted = Reprinted::new(&reports);
    for (index, r) in reports.iter().enumerate() {
        notes.extend(reprinted.report(index, &r.records.connections));
    }
    // Merged here, on a parser thread; the writer merges the files of a run.
    // Each report's own connections, before the merge moves a run's records
    // into the report that prints them in most detail.
    // The file is recorded under the system and date of its first report,
    // by its path (before its runs are dated).
    let whereabouts = reports.first().map(|r| r.whereabouts.clone());
    let latest: Vec<LatestStart> = reports
        .iter()
        .map(|r| {
            let mut latest = LatestStart::default();
            latest.add(&r.records.connections);
            latest
        })
        .collect();
    let mut clocked: Vec<Clocked<'_>> = reports
        .iter_mut()
        .zip(&latest)
        .map(|(r, latest)| Clocked { whereabouts: &mut r.whereabouts, time: r.header.time, run: r.run.index, latest })
        .collect();
    notes.extend(next_day_clock(&mut clocked, true));
    let (forward, dated) = file_order(&mut reports, end.as_ref());
    notes.extend(dated);
    notes.extend(run_notes(&reports, forward));
    merge::connections(&mut reports);
    notes.extend(masked_addresses(&reports));
    let Some(whereabouts) = whereabouts else {
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
        continues: continued,
        text: text_id,
    };
    Prepared::Parsed { capture, problems, notes }
}

/// The hash of `raw`, and of each of its prefixes that ends with a line
/// end and is as large as an earlier file of `sizes` (see [`Prefix`]).
fn hash_with_prefixes(raw: &[u8], sizes: Option<&HashMap<u64, Vec<Earlier>>>) -> (String, Vec<Prefix>) {
    hash_with_sizes(raw, sizes.into_iter().flat_map(HashMap::keys).copied())
}

/// [`hash_with_prefixes`], at the prefixes as large as `sizes`.
fn hash_with_sizes(raw: &[u8], sizes: impl Iterator<Item = u64>) -> (String, Vec<Prefix>) {
    // The earlier files' sizes in order, each looked at once: a system has a
    // few hundred earlier files at most, a large file millions of lines.
    let mut candidates: Vec<usize> =
        sizes.filter_map(|size| usize::try_from(size).ok()).filter(|size| (1..raw.len()).contains(size)).collect();
    if candidates.is_empty() {
        return (digest::hex(&Sha256::digest(raw)), Vec::new());
    }
    candidates.sort_unstable();
    let (mut hasher, mut hashed, mut line_ends, mut prefixes) = (Sha256::new(), 0, 0, Vec::new());
    for size in candidates {
        if raw[size - 1] != b'\n' {
            continue;
        }
        let part = &raw[hashed..size];
        hasher.update(part);
        line_ends += memchr::memchr_iter(b'\n', part).count();
        hashed = size;
        let line = u32::try_from(line_ends + 1).unwrap_or(u32::MAX);
        prefixes.push((size as u64, line, digest::hex(&hasher.clone().finalize())));
    }
    hasher.update(&raw[hashed..]);
    (digest::hex(&hasher.finalize()), prefixes)
}

/// An earlier file a file is, as text, whose reports print their times,
/// and why it is the same capture.
pub(super) struct Same(PathBuf, Why);

/// Why a file that is an earlier one, as text, is the same capture.
enum Why {
    /// Its reports print their dates and times (pasearch's `Date:`, a
    /// console reply's SYSLOG prefix).
    Dated,
    /// Its reports print their times, and its path names the earlier one's date.
    SameDay,
    /// Runs appended one after another, or counters of an earlier date: a
    /// data set that did not grow.
    NotGrown,
}

impl Same {
    /// The file as a duplicate of the earlier one, said with what to do.
    pub(super) fn duplicate(self, file: &FoundFile) -> NoRows {
        let Same(original, why) = self;
        let shown = path_text::shown(&original);
        let why = match why {
            Why::Dated => ", whose reports print the same dates and times: the same capture, re-sent or kept \
                           elsewhere in the tree"
                .to_string(),
            Why::SameDay => ", of the same day, whose reports print the same times: the same capture, re-sent or kept \
                             elsewhere in the tree"
                .to_string(),
            Why::NotGrown => format!(
                ", whose reports print their times: the same runs, not runs of this date (a data set written with \
                 DISP=MOD that did not grow since: did the job run?), so this date is not captured by it; if the \
                 job ran and printed the very same text, ingest this file where {shown} is not"
            ),
        };
        NoRows::Duplicate { file: file.clone(), original, why }
    }
}

/// The earlier file a file is whole, as text, to that file: how the dates
/// their paths name compare (`None` when one names none), and whether its
/// day was pruned (then a copy of the same day given again from another
/// folder is that day's, read by `--restore-pruned`).
#[derive(Clone, Copy)]
pub(super) struct Before {
    order: Option<std::cmp::Ordering>,
    pruned: bool,
}

/// Splits from `continued` (see [`Reader::continued`]) the earlier file a
/// file is whole, as text, of its system, in another folder, and returns it
/// when the file holds that file's captures and nothing else, the same
/// observations. So when one of its `reports` (whether each header prints
/// a time and a date, its kind and run) prints a time, and
/// - one prints its date too (pasearch's `Date:`, a SYSLOG prefix), or the
///   earlier file's path names the same date (`before`), and it was not
///   pruned: the same instant, a copy (re-sent, archived in the tree);
/// - or they are runs appended one after another (a data set written with
///   DISP=MOD), or one prints counters (ALL, BYTEINFO) and the earlier
///   file's path names an earlier date: the data set did not grow (its job
///   did not run). A run of the later date prints its own counters
///   (R13a-3: one run was read as that date's).
///
/// One run of lists without counters (ALLCONN, CONN: a stack of long-lived
/// connections asked at a fixed time) of another date, or of TTLS reports
/// (no time), may print the same text as the earlier file: read.
pub(super) fn same_as_earlier(
    mut continued: Vec<Continued>,
    reports: impl Iterator<Item = (bool, bool, ReportKind, Run)>,
    before: impl Fn(&Path) -> Before,
) -> (Vec<Continued>, Option<Same>) {
    let Some(at) = continued.iter().position(|c| c.line == u32::MAX) else { return (continued, None) };
    let whole = continued.remove(at);
    let (mut timed, mut dated, mut counted, mut runs) = (false, false, false, false);
    for (time, date, kind, run) in reports {
        timed |= time;
        dated |= time && date;
        counted |= time && matches!(kind, ReportKind::All | ReportKind::ByteInfo);
        runs |= run.index > 0;
    }
    let Before { order, pruned } = before(&whole.original);
    let why = match order {
        _ if !timed => None,
        _ if dated && !pruned => Some(Why::Dated),
        Some(std::cmp::Ordering::Equal) if !pruned => Some(Why::SameDay),
        _ if runs => Some(Why::NotGrown),
        Some(std::cmp::Ordering::Less) if counted => Some(Why::NotGrown),
        _ => None,
    };
    (continued, why.map(|why| Same(whole.original, why)))
}

/// Whether a file whose lines before `continued.line` are the whole of an
/// earlier file holds that file's runs with runs appended: the note that
/// says so, or why not. `reports`: the first and last line of each report,
/// and the time its header prints. An earlier file that ends inside a
/// report (a copy cut short, or downloaded while a run was written) is one:
/// its lines are the new file's (see [`keep_after`] for the rest of the run
/// it ends inside). Not so when no report follows it or goes on after it,
/// or when none of its reports prints a time (TTLS reports do not: the same
/// text is another observation, as when whole).
fn after_earlier(
    continued: &Continued,
    reports: impl Iterator<Item = (u32, u32, Option<chrono::NaiveTime>)>,
) -> Result<String, String> {
    let (line, original) = (continued.line, path_text::shown(&continued.original));
    let how = if continued.bytes {
        "byte for byte"
    } else {
        "as the parser reads it (the same text with other line ends, trailing blanks or compression)"
    };
    let mut whole = format!("lines 1 to {} are the whole of {original}, {how}", line - 1);
    let (mut after, mut timed) = (false, false);
    for (first, last, time) in reports {
        if first < line && last >= line {
            whole = format!("{whole}, which ends inside the report that begins at line {first} (cut short)");
        }
        after |= last >= line;
        timed |= first < line && time.is_some();
    }
    if !after {
        return Err(format!("{whole}, and no report follows"));
    }
    if !timed {
        return Err(format!(
            "{whole}, but no report there prints a time (TTLS reports do not), so they may be this date's \
             observations that print the same text"
        ));
    }
    Ok(format!(
        "{whole}: the runs ingested from it already (a data set written with DISP=MOD and downloaded again: each \
         copy holds the runs of the copies before it), so only the lines from {line} on are read, as the runs after \
         it. If they are new runs that print the very same text, ingest this file where {original} is not"
    ))
}

/// The reports (first and last lines, header time: `lines`) of a file that
/// begins with the whole of earlier files, `continued` (longest first):
/// those after the longest that holds runs with a time (see [`after_earlier`])
/// are kept, their runs (`run`) numbered from 0, and the notes say so (when
/// there is none, all are kept). The reports of the run that earlier file
/// ends inside that go on from it (the one it ends inside, cut short, and
/// those right after it that print no time or a time within
/// [`CAPTURE_GAP`] of the run's report before: TTLS after ALL) are the rest
/// of that run, of its date: not read, said (R13a-15, review 17b F1 and
/// F16), when a later report follows them; when none does, the file is
/// that run downloaded again whole, read from the first of them. Returns
/// the earlier file when the reports after it are kept, and the new index
/// of each report (`usize::MAX`: not kept).
pub(super) fn keep_after<R>(
    continued: Vec<Continued>,
    reports: &mut Vec<R>,
    notes: &mut Vec<String>,
    lines: fn(&R) -> (u32, u32, Option<chrono::NaiveTime>),
    run: fn(&mut R) -> &mut Run,
) -> (Option<Continued>, Vec<usize>) {
    let all = (0..reports.len()).collect();
    let mut rejected = Vec::new();
    let mut accepted = None;
    for c in continued {
        match after_earlier(&c, reports.iter().map(lines)) {
            Err(why) => rejected.push(why),
            Ok(note) => {
                accepted = Some((c, note));
                break;
            }
        }
    }
    let conclusion = if accepted.is_some() {
        "an older copy it begins with is read after instead"
    } else {
        "the whole file is read"
    };
    notes.extend(rejected.into_iter().map(|why| format!("{why}: {conclusion}")));
    let Some((c, note)) = accepted else { return (None, all) };
    notes.push(note);
    // The run of the earlier file's last report (reports come in line
    // order) with the line that begins it and its last header time, and the
    // reports of it that go on from that file: a report that prints a time
    // long after tells a run of its own, of this date.
    let (mut ended_in, mut began, mut clock, mut going_on, mut rest) = (None, 0, None, true, (u32::MAX, 0));
    let after: Vec<(bool, bool)> = reports
        .iter_mut()
        .map(|r| {
            let ((first, last, time), index) = (lines(r), run(r).index);
            if first < c.line {
                if ended_in != Some(index) {
                    (ended_in, began, clock) = (Some(index), first, None);
                }
                clock = time.or(clock);
                if last < c.line {
                    return (false, false);
                }
            }
            going_on &= Some(index) == ended_in && !split::printed_later(clock, time);
            clock = time.or(clock);
            if going_on {
                rest = (rest.0.min(first), rest.1.max(last));
            }
            (true, going_on)
        })
        .collect();
    // Only when a later report follows: else the file adds nothing else.
    let dropped = rest.1 > 0 && after.iter().any(|(after, of_ended)| *after && !of_ended);
    let keep: Vec<bool> = after.iter().map(|(after, of_ended)| *after && !(dropped && *of_ended)).collect();
    if dropped {
        notes.push(rest_of_run(&c.original, began, rest));
    } else if rest.0 < c.line {
        notes.push(run_again(&c.original, began, rest));
    }
    let mut kept = 0;
    let index = keep
        .iter()
        .map(|keep| {
            if !keep {
                return usize::MAX;
            }
            kept += 1;
            kept - 1
        })
        .collect();
    let mut keep = keep.into_iter();
    reports.retain(|_| keep.next().unwrap_or(false));
    // The first run kept is the file's first now.
    let first = reports.iter_mut().map(|r| run(r).index).min().unwrap_or(0);
    for r in reports.iter_mut().map(run) {
        r.index -= first;
        if r.index == 0 {
            r.begun = None;
        }
    }
    (Some(c), index)
}

/// The note on the reports of a file, lines `first` to `last`, after the
/// earlier file `original` that are the rest of the run that file ends
/// inside, begun at its line `began`.
fn rest_of_run(original: &Path, began: u32, (first, last): (u32, u32)) -> String {
    let original = path_text::shown(original);
    format!(
        "lines {first} to {last} are the rest of the capture run that {original} ends inside (the run its line \
         {began} begins): reports printed after that copy was downloaded or cut short, of that run on its date, not \
         of this file's: not read, so neither date counts them; to have them, put in place of {original} a copy \
         downloaded once its run had ended (this file is then read again after it)"
    )
}

/// The note on the reports of a file, lines `first` to `last`, after the
/// earlier file `original` (cut short in the report of line `first`), that
/// are the rest of the run that file ends inside, begun at its line
/// `began`, when nothing follows them: that run downloaded again whole.
fn run_again(original: &Path, began: u32, (first, last): (u32, u32)) -> String {
    let original = path_text::shown(original);
    format!(
        "lines {first} to {last} are the rest of the capture run that {original} ends inside (the run its line \
         {began} begins, cut short there), and nothing follows them: that run downloaded again once it had ended, \
         so they are read from line {first}, as this file's date, a snapshot beside the one of {original}; to have \
         that run once, put this file in place of {original}"
    )
}

/// The number of the last line of `text` that is not blank: found from the
/// end, and numbered by the line ends before it (counted without reading
/// each line, which this did for every line of every file).
fn last_text_line(text: &str) -> Option<u32> {
    let (from_end, _) = text.rsplit('\n').enumerate().find(|(_, line)| !line.trim().is_empty())?;
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    u32::try_from(lines - from_end).ok()
}

/// The problem of a report of `kind` that ends at `line` inside its last
/// record, before what NETSTAT prints in every record: a file that ends
/// there (a capture cut at a line end, which looks like a shorter report),
/// or what cut the report there (`ended`: the console's trailer, NETSTAT's
/// end in error).
pub(super) fn cut_record(
    kind: ReportKind,
    line: u32,
    cut: &parse::ending::Cut,
    ended: Option<&(u32, String)>,
) -> Problem {
    let record = match kind {
        ReportKind::All => "block",
        ReportKind::AllConn | ReportKind::Conn | ReportKind::ConnOrAllConn => "row",
        _ => "entry",
    };
    let (ends, why) = match ended {
        Some((at, by)) => {
            (format!("the report ends here, cut by `{}` (line {at})", quoted(by)), "none of it was printed")
        }
        None => {
            ("the file ends here".to_string(), "the capture looks cut at a line end (a full data set, an output limit)")
        }
    };
    Problem::at(
        line,
        format!(
            "{ends}, in the NETSTAT {} {record} of connection {} (from line {}), {}: {why}; lost: {}, and whatever \
             followed; take the capture again with room for all of it",
            kind.as_str(),
            quoted(&cut.conn_id),
            cut.line,
            cut.before,
            cut.lost
        ),
    )
}

/// The problem of a record of a report of `kind` followed by the next
/// record without what NETSTAT prints in every record (a connection list's
/// row without its socket lines): lines were lost inside the report.
pub(super) fn lost_lines(kind: ReportKind, lost: &parse::ending::Cut) -> Problem {
    Problem::at(
        lost.line,
        format!(
            "the NETSTAT {} row of connection {} (line {}) is followed by the next row {}, which NETSTAT prints \
             under every row of this layout: lines were lost inside the report (a SYSLOG extract missing records, \
             a transfer that dropped lines); lost: {}; take the capture again",
            kind.as_str(),
            quoted(&lost.conn_id),
            lost.line,
            lost.before.replacen("before its", "without its", 1),
            lost.lost
        ),
    )
}

/// The problem of a report of `kind` that NETSTAT ended in error while
/// printing it (`IKJ56641I` after its line `last`): what it printed is
/// kept, and the rest is missing.
pub(super) fn ended_in_error(kind: ReportKind, stack: &str, last: u32, cut: Option<&(u32, String)>) -> Option<Problem> {
    let (line, message) = cut.filter(|(_, cut)| crate::capture::split::ended_in_error(cut))?;
    Some(Problem::at(
        *line,
        format!(
            "NETSTAT {} of stack {stack} printed `{}` in the middle of its report: the command ended in error, so \
             the report's lines up to line {last} are kept and the rest was never printed (it does not show every \
             connection and listener of the stack; coverage says `cut` for its day); take the capture again",
            kind.as_str(),
            quoted(message)
        ),
    ))
}

/// The problem of a NETSTAT request that printed `messages` at `line` and no
/// report: a capture of `stack` that failed (report kind `Failed`).
pub(super) fn failed_request(kind: ReportKind, stack: &str, line: u32, messages: Option<&str>) -> Option<Problem> {
    let ReportKind::Failed(requested) = kind else { return None };
    let request = requested.map_or_else(|| "A NETSTAT request".to_string(), |r| format!("NETSTAT {r}"));
    Some(Problem::at(
        line,
        format!(
            "{request} of stack {stack} printed `{}` and no report: the request failed, so this capture holds \
             nothing of stack {stack} (coverage says `failed` for its day when no other request captured it); \
             take the capture again",
            quoted_at_most(messages.unwrap_or_default(), 240)
        ),
    ))
}

/// The problem of a report at `line` whose command asked for a report this
/// version reads, but whose body does not begin as that report does (its
/// `first` line): it is skipped, and not for its kind.
pub(super) fn unlike_request(kind: ReportKind, line: u32, first: Option<&str>) -> Option<Problem> {
    let ReportKind::Other(Some(name)) = kind else { return None };
    ReportKind::is_read(name).then(|| {
        Problem::at(
            line,
            format!(
                "the command before this report asked for NETSTAT {name}, but its first line `{}` is not one that \
                 {name} prints, so the report is skipped whole; look at the file there (a damaged line, a SYSLOG \
                 prefix out of its columns, another command's output) and ingest it again once mended",
                quoted_at_most(first.unwrap_or_default(), 120)
            ),
        )
    })
}

/// How long NETSTAT may take to print a report after its header, at most.
const PRINTING: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// The connection a report prints that started last: its start, line and
/// conn id (the first printed of those that started at that time).
#[derive(Debug, Clone, Default)]
pub(super) struct LatestStart(Option<(chrono::NaiveDateTime, u32, String)>);

impl LatestStart {
    pub(super) fn add<'c>(&mut self, connections: impl IntoIterator<Item = &'c Connection>) {
        for c in connections {
            let Some(start) = c.started_at else { continue };
            if self.0.as_ref().is_none_or(|(latest, line, _)| {
                (start, std::cmp::Reverse(c.line)) > (*latest, std::cmp::Reverse(*line))
            }) {
                self.0 = Some((start, c.line, c.conn_id.clone()));
            }
        }
    }
}

/// A report of a file, for [`next_day_clock`]: where and when it was taken,
/// its capture run, and the connection it prints that started last.
pub(super) struct Clocked<'r> {
    pub whereabouts: &'r mut Whereabouts,
    pub time: Option<chrono::NaiveTime>,
    pub run: u32,
    pub latest: &'r LatestStart,
}

/// A report is taken at its time on the date of its path. A connection it
/// prints that started later than that says its run printed its times on the
/// next day's clock (a nightly job submitted before midnight, filed under
/// its start day without a time in its name, whose NETSTAT ran after it):
/// the report is taken on the next day, still filed under the date of its
/// path, with the reports of its run printed after midnight too (those after
/// it, and those before it at no later a time: the clock goes round once),
/// when `movable` (a file read as a stream has written its reports already,
/// so the note says to name it); a note says so. A start later even than the
/// next day is said too: the path's date is before it. A connection that
/// started less than [`PRINTING`] after a report's time started while
/// NETSTAT printed it. Each report is compared with its own connections
/// only: a later run of the file (appended with DISP=MOD or `>>`), or a later
/// report of a job held between its steps, prints connections that started
/// after an earlier report's time, as they may (review 15a F8).
pub(super) fn next_day_clock(reports: &mut [Clocked<'_>], movable: bool) -> Vec<String> {
    let shown = |at: chrono::NaiveDateTime| at.format("%Y-%m-%d %H:%M:%S").to_string();
    let (mut moved, mut before) = (None, None);
    let mut crossed = Vec::new();
    for (index, report) in reports.iter().enumerate() {
        let Some((start, line, conn_id)) = &report.latest.0 else { continue };
        let w = &*report.whereabouts;
        let Some(at) = w.taken_at(report.time).filter(|at| *at + PRINTING < *start) else { continue };
        let next = Whereabouts { next_day: true, ..w.clone() }.taken_at(report.time);
        let told = format!(
            "line {line}: connection {conn_id} started at {}, after {} (this run's time on {}, the date of its path)",
            shown(*start),
            shown(at),
            w.date
        );
        match next.filter(|later| *later + PRINTING >= *start) {
            Some(later) => {
                moved.get_or_insert_with(|| {
                    let taken = if movable {
                        format!("so it is taken at {}, filed under {} still", shown(later), w.date)
                    } else {
                        format!("but the file is read as a stream (it is large), so it is kept at {}", shown(at))
                    };
                    format!(
                        "{told}: the run printed its times on the next day's clock (a job started before \
                         midnight), {taken}; a time in the file's name (`.T235950`, when the run started) \
                         says so"
                    )
                });
                crossed.push((index, at));
            }
            None => {
                before.get_or_insert_with(|| {
                    format!(
                        "{told}: even the next day's clock is before that start, so the date of its path looks wrong"
                    )
                });
            }
        }
    }
    if movable {
        for (index, at) in crossed {
            let run = reports[index].run;
            for (other, report) in reports.iter_mut().enumerate().filter(|(_, r)| r.run == run) {
                let after_midnight =
                    other >= index || report.whereabouts.taken_at(report.time).is_some_and(|other_at| other_at <= at);
                if after_midnight {
                    report.whereabouts.next_day = true;
                }
            }
        }
    }
    moved.into_iter().chain(before).collect()
}

/// The note on a capture filed under a date after `today` and the day after
/// (a zone ahead of UTC): no capture can be, so its date is mistyped (2062
/// for 2026), with the day its last connection started as a hint. It is
/// taken under that date still; coverage ends its calendar at the last
/// capture up to then, listing this one on its own day.
pub(super) fn after_today(capture: &ParsedCapture, today: chrono::NaiveDate) -> Option<String> {
    let date = capture.whereabouts.date;
    if date <= today + chrono::TimeDelta::days(1) {
        return None;
    }
    let mut latest = LatestStart::default();
    for report in &capture.reports {
        latest.add(&report.records.connections);
    }
    let started = latest.0.map_or(String::new(), |(start, line, conn_id)| {
        format!(", and its connection that started last, {conn_id} (line {line}), started on {}", start.date())
    });
    Some(format!(
        "it is filed under {date}, after today ({today}){started}: a mistyped date? It is taken under {date}, \
         and coverage and capture_missing count no day missing after the last capture up to today; rename its \
         folder (or file) to the right date and run `ttlsinv ingest --prune-missing` on the tree: the file is read \
         again under that date and this capture forgotten"
    ))
}

/// A clock change moves the clock back an hour at most: a run printed later
/// than the run below it in its file by no more than this is of the same
/// night (see [`file_order`]).
const CLOCK_CHANGE: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// The earlier copy a file continues (see [`keep_after`]) as the runs read
/// after it must follow: its path, and when its last run with a header time
/// was taken, by the date of its path, and of which system.
pub(super) struct CopyEnd {
    original: PathBuf,
    system: String,
    date: chrono::NaiveDate,
    at: chrono::NaiveDateTime,
}

/// A report's first line, capture run, header time and printed date.
type Printed = (u32, u32, chrono::NaiveTime, Option<chrono::NaiveDate>);

/// [`Printed`] of each of `reports` that prints a time (for [`copy_end`]).
pub(super) fn printed_times(
    reports: impl Iterator<Item = (u32, u32, Option<chrono::NaiveTime>, Option<chrono::NaiveDate>)>,
) -> Vec<Printed> {
    reports.filter_map(|(line, run, time, date)| Some((line, run, time?, date))).collect()
}

/// The end of the earlier copy `continued` (see [`CopyEnd`]): the first
/// report with a header time of its last run among `timed` (in line order)
/// before the line the file goes on from, as [`file_order`] places a run,
/// taken by the date of its path (the date it prints, when not after that:
/// a SYSLOG prefix). `None` when its path names no date.
pub(super) fn copy_end(locator: &Locator, continued: Option<&Continued>, timed: &[Printed]) -> Option<CopyEnd> {
    let c = continued?;
    let w = locator.locate(&c.original).ok()?;
    let earlier = timed.iter().filter(|(first, ..)| *first < c.line);
    let (_, last, _, _) = earlier.clone().next_back()?;
    let (_, _, time, printed) = earlier.clone().find(|(_, run, _, _)| run == last)?;
    let at = match printed.filter(|printed| *printed <= w.date) {
        Some(printed) => printed.and_time(*time),
        None => w.taken_at(Some(*time))?,
    };
    Some(CopyEnd { original: c.original.clone(), system: w.system, date: w.date, at })
}

/// Why a run of a file is dated other than by its path (see [`file_order`]).
#[derive(Clone, Copy, PartialEq)]
enum Dated {
    /// By the run below it: a day before when printed at or after its time.
    Before,
    /// By the date its reports print (a SYSLOG prefix, pasearch's `Date:`).
    Printed,
    /// Forward from the end of the earlier copy the file continues.
    AfterCopy,
}

/// A run of a file as [`file_order`] places it: its first report with a
/// header time, and when that was taken.
struct Placed {
    index: usize,
    run: u32,
    line: u32,
    printed: chrono::NaiveTime,
    /// The date the report prints, when it stands (not after the path's).
    date: Option<chrono::NaiveDate>,
    /// When taken by the date of its path (and the next day's clock).
    by_path: chrono::NaiveDateTime,
    at: chrono::NaiveDateTime,
    why: Option<Dated>,
}

/// The latest instant at `printed` before `below` (a run printed `below`'s
/// time, or later by no more than [`CLOCK_CHANGE`], the night the clock went
/// back: on its day, after it, and put forward after by the hour pass).
fn before_run(printed: chrono::NaiveTime, below: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    let step = printed - below.time();
    if step < chrono::TimeDelta::zero() || step <= CLOCK_CHANGE && !step.is_zero() {
        below.date().and_time(printed)
    } else {
        below.date().pred_opt().unwrap_or(below.date()).and_time(printed)
    }
}

/// The first instant at `printed` after `above` (as [`before_run`], the
/// clock going back aside).
fn after_run(printed: chrono::NaiveTime, above: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    let back = above.time() - printed;
    if back < chrono::TimeDelta::zero() || back <= CLOCK_CHANGE && !back.is_zero() {
        above.date().and_time(printed)
    } else {
        above.date().succ_opt().unwrap_or(above.date()).and_time(printed)
    }
}

/// Runs appended to a file one after another (a data set written with
/// DISP=MOD, `>>`) are in the order they ran, each later than the run above
/// it, and none after the date of the file's path, the day it was copied
/// (review 17b F7, F9): per system (the clock is the system's), the last run
/// with a header time is taken on that date at its printed time (or the next
/// day's clock, see [`next_day_clock`]), and each run above it at the latest
/// instant at its printed time before the run below it: the same day when
/// printed earlier, the day before when printed at or after its time (two
/// runs printed at one time are a day apart). A run whose reports print
/// their date (a SYSLOG prefix, pasearch's `Date:`) is taken on it when it is
/// not after the path's (F19). A run printed later than the run below it by
/// no more than [`CLOCK_CHANGE`] is of the same night, the clock went back
/// in between (review 16b F2, 01:50 then 01:05): the run below is put
/// forward by the fewest whole hours that bring it after it. The runs read
/// after an earlier copy (`end`, see [`copy_end`]) are later than its last
/// run: when there are more of them than days between the copies, they are
/// placed forward from it instead, each at the first instant at its printed
/// time after the run above. Every report of a run moves alike, and a run
/// taken on another day is filed under it; the reports keep their printed
/// times (`captures.header_time`). Returns the first report of each run
/// put forward, with what to say of it, and the notes on the runs dated
/// other than by the path.
pub(super) fn file_order(reports: &mut [ParsedReport], end: Option<&CopyEnd>) -> (Vec<(usize, String)>, Vec<String>) {
    let mut systems: Vec<(&str, Vec<Placed>)> = Vec::new();
    for (index, r) in reports.iter().enumerate() {
        let system = r.whereabouts.system.as_str();
        let (Some(printed), Some(by_path)) = (r.header.time, r.whereabouts.taken_at(r.header.time)) else { continue };
        let at = match systems.iter().position(|(s, _)| *s == system) {
            Some(at) => at,
            None => {
                systems.push((system, Vec::new()));
                systems.len() - 1
            }
        };
        let runs = &mut systems[at].1;
        if runs.iter().any(|p| p.run == r.run.index) {
            continue;
        }
        let date = r.header.date.filter(|date| *date <= r.whereabouts.date);
        let run = r.run.index;
        runs.push(Placed { index, run, line: r.first_line, printed, date, by_path, at: by_path, why: None });
    }
    let mut notes = Vec::new();
    let mut days: HashMap<(String, u32), chrono::TimeDelta> = HashMap::new();
    for (system, runs) in &mut systems {
        let mut below: Option<chrono::NaiveDateTime> = None;
        for p in runs.iter_mut().rev() {
            (p.at, p.why) = match (p.date, below) {
                (Some(date), _) => (date.and_time(p.printed), Some(Dated::Printed)),
                (None, Some(below)) => (before_run(p.printed, below), Some(Dated::Before)),
                (None, None) => (p.by_path, None),
            };
            below = Some(p.at);
        }
        let end = end.filter(|end| end.system == *system);
        let after_copy = end.filter(|end| runs.first().is_some_and(|p| p.at <= end.at));
        if let Some(end) = after_copy {
            let mut above = end.at;
            for p in runs.iter_mut() {
                if p.date.is_none() {
                    (p.at, p.why) = (after_run(p.printed, above), Some(Dated::AfterCopy));
                }
                above = p.at;
            }
        }
        let filed = reports[runs.last().map_or(0, |p| p.index)].whereabouts.date;
        let moved: Vec<&Placed> = runs.iter().filter(|p| p.at.date() != p.by_path.date()).collect();
        notes.extend(dated_note(&moved, filed, after_copy));
        for p in moved {
            days.insert((system.to_string(), p.run), p.at.date() - p.by_path.date());
        }
    }
    for r in reports.iter_mut() {
        if let Some(shift) = days.get(&(r.whereabouts.system.clone(), r.run.index)) {
            r.whereabouts.date = r.whereabouts.date.checked_add_signed(*shift).unwrap_or(r.whereabouts.date);
        }
    }
    notes.extend(started_later(reports, &days));
    (clock_back(reports), notes)
}

/// `%Y-%m-%d %H:%M:%S`, as the notes on run times show it.
fn shown(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The note on the runs of a file [`file_order`] dated other than by its
/// path, `filed` (`moved`), and on the earlier copy it placed them after.
fn dated_note(moved: &[&Placed], filed: chrono::NaiveDate, after_copy: Option<&CopyEnd>) -> Option<String> {
    if moved.is_empty() {
        return None;
    }
    let runs: Vec<String> = moved
        .iter()
        .map(|p| {
            let why = match p.why {
                Some(Dated::Printed) => "the date its reports print",
                Some(Dated::AfterCopy) => "the first instant at its printed time after the run above it",
                _ => "the latest instant at its printed time before the run below it",
            };
            format!(
                "the run at line {} (printed {}) is taken at {}, filed under {} ({why})",
                p.line,
                p.printed.format("%H:%M:%S"),
                shown(p.at),
                p.at.date()
            )
        })
        .collect();
    let runs = runs.join("; ");
    let rule = "a run printed at or after the time of the run below it ran a day before it (the clock goes back \
                an hour at most), and a report that prints its date (a SYSLOG prefix, pasearch's `Date:`) is \
                taken on it when that is not after the path's";
    Some(match after_copy {
        Some(end) => format!(
            "the runs read after {} (its last run taken at {}, filed under {}) are later than that run, but there \
             are more of them than days between {} and {filed}, the date of this file's path: they are placed \
             forward from it instead, each after the run above it: {runs}; a run taken after {filed} says that a \
             copy's date is wrong or that the job ran more often than the copies were taken; the reports keep \
             their printed times (`captures.header_time`)",
            path_text::shown(&end.original),
            shown(end.at),
            end.date,
            end.date
        ),
        None => format!(
            "the capture runs of this file (appended one after another: a data set written with DISP=MOD, a log \
             extract) ran in file order, and none after {filed}, the date of the file's path (the day it was \
             copied): {runs}; {rule}; the reports keep their printed times (`captures.header_time`)"
        ),
    })
}

/// The note on a run [`file_order`] moved to another day (`days`, by
/// system and run) that prints a connection started more than [`PRINTING`]
/// after it was taken: the file's runs, or its path's date, contradict the
/// connection's start; the run stays where its file places it.
fn started_later(reports: &[ParsedReport], days: &HashMap<(String, u32), chrono::TimeDelta>) -> Option<String> {
    reports.iter().filter(|r| days.contains_key(&(r.whereabouts.system.clone(), r.run.index))).find_map(|r| {
        let mut latest = LatestStart::default();
        latest.add(&r.records.connections);
        let (start, line, conn_id) = latest.0?;
        let at = r.whereabouts.taken_at(r.header.time).filter(|at| *at + PRINTING < start)?;
        Some(format!(
            "line {line}: connection {conn_id} started at {}, after {} when its run is taken by the order of the \
             file's runs: the runs (or the date of the file's path) contradict that start; was a copy renamed, or \
             a run appended out of order? The run is kept at {}",
            shown(start),
            shown(at),
            shown(at)
        ))
    })
}

/// A run appended later to a file is later, whatever its printed time says
/// (review 16b F2): on the night daylight saving time ends a DISP=MOD data
/// set holds a run printed at 01:50 and, after the clock went back, the next
/// run printed at 01:05; ordered by printed time, the later run's higher
/// counters would be taken for the earlier ones. So the first report with a
/// header time of each capture run, per system, once [`file_order`] dated
/// it, is compared with that of the run of its system above it: taken
/// earlier by no more than [`PAST_MIDNIGHT`], its run is put forward by the
/// fewest whole hours that bring it after that run (a clock change moves
/// whole hours), every report of the run alike. A run taken at the same time
/// stays: file order breaks the tie. Only the snapshot's time, by which every
/// report orders snapshots, moves. Returns the first report of each run put
/// forward, with what to say of it.
fn clock_back(reports: &mut [ParsedReport]) -> Vec<(usize, String)> {
    // Per system: the time of the last run met; per system and run: its shift.
    let mut last: HashMap<&str, chrono::NaiveDateTime> = HashMap::new();
    let mut shifts: HashMap<(&str, u32), chrono::TimeDelta> = HashMap::new();
    let mut said = Vec::new();
    for (index, r) in reports.iter().enumerate() {
        let system = r.whereabouts.system.as_str();
        if r.header.time.is_none() || shifts.contains_key(&(system, r.run.index)) {
            continue;
        }
        let Some(at) = r.whereabouts.taken_at(r.header.time) else { continue };
        let before = last.get(system).copied();
        let back = before.map_or(chrono::TimeDelta::zero(), |before| before - at);
        let hours = if back > chrono::TimeDelta::zero() && back <= PAST_MIDNIGHT { back.num_hours() + 1 } else { 0 };
        let shift = chrono::TimeDelta::hours(hours);
        let taken = at.checked_add_signed(shift).unwrap_or(at);
        if let (Some(before), true) = (before, hours > 0) {
            let how = if hours == 1 { "an hour".to_string() } else { format!("{hours} hours") };
            said.push((
                index,
                format!(
                    "printed at {}, before the run above it in the file ({}), which it follows: the clock went \
                     back in between (the night daylight saving time ends), so the run is taken at {}, {how} after \
                     its printed time (the fewest whole hours that bring it after that run), and comes after that \
                     run in every report; its reports keep their printed times (`captures.header_time`)",
                    shown(at),
                    shown(before),
                    shown(taken)
                ),
            ));
        }
        shifts.insert((system, r.run.index), shift);
        last.insert(system, taken);
    }
    let shifts: HashMap<(String, u32), chrono::TimeDelta> = shifts
        .into_iter()
        .filter(|(_, shift)| !shift.is_zero())
        .map(|((system, run), shift)| ((system.to_string(), run), shift))
        .collect();
    for r in reports.iter_mut() {
        if let Some(shift) = shifts.get(&(r.whereabouts.system.clone(), r.run.index)) {
            r.whereabouts.put_forward = *shift;
        }
    }
    said
}

/// The notes on the reports that begin a capture run of their file after
/// the first ([`run_begins`]), with what [`file_order`] said of a run put
/// forward (`forward`).
pub(super) fn run_notes(reports: &[ParsedReport], forward: Vec<(usize, String)>) -> Vec<String> {
    let mut forward: HashMap<usize, String> = forward.into_iter().collect();
    let mut notes = Vec::new();
    for (index, r) in reports.iter().enumerate() {
        let begins = run_begins(r.kind, &r.header, r.first_line, r.run);
        notes.extend(match (begins, forward.remove(&index)) {
            (Some(begins), Some(forward)) => Some(format!("{begins}; {forward}")),
            (None, Some(forward)) => Some(format!("line {}: a capture run of the file, {forward}", r.first_line)),
            (begins, None) => begins,
        });
    }
    notes
}

/// A note on the socket addresses of a file that are not IP addresses
/// (`mm.mmm.mm.mm`, `x.x.x.x`: masked by whoever shared the capture), which
/// are kept as printed, local and foreign alike.
fn masked_addresses(reports: &[ParsedReport]) -> Option<String> {
    let mut masked: BTreeMap<String, u32> = BTreeMap::new();
    for c in reports.iter().flat_map(|r| &r.records.connections) {
        for ip in self::masked(c) {
            let line = masked.entry(ip.to_string()).or_insert(c.line);
            *line = (*line).min(c.line);
        }
    }
    masked_note(&masked)
}

/// The note on a report that begins a capture run of its file after the
/// first (see [`crate::model::Run`]), which says why.
pub(super) fn run_begins(kind: ReportKind, header: &ReportHeader, line: u32, run: Run) -> Option<String> {
    let (after, begun) = run.begun?;
    let time = header.time.map(|t| format!(" ({})", t.format("%H:%M:%S"))).unwrap_or_default();
    let (kind, stack) = (kind.as_str(), &header.stack);
    let appended = "a capture run appended to the file (a data set written with DISP=MOD, files put together) \
                    begins here, a snapshot of its own with the reports after it";
    Some(match begun {
        Begun::Reprints => format!(
            "line {line}: this {kind} report of stack {stack}{time} prints again a connection, group action or \
             rule the {kind} report at line {after} printed: {appended}"
        ),
        Begun::AskedAgain => format!(
            "line {line}: this {kind} report of stack {stack}{time} was asked by the same command as the {kind} \
             report at line {after} (the same filter, or none), which a capture run asks once: {appended}"
        ),
        Begun::Later(before) => format!(
            "line {line}: this {kind} console reply of stack {stack}{time} came more than {minutes} minutes after \
             the reply at line {after} ({}): each console reply is taken at its own time, so a capture of its own \
             begins here, a snapshot with the replies after it (replies less than {minutes} minutes apart are one \
             capture)",
            before.format("%Y-%m-%d %H:%M:%S"),
            minutes = CAPTURE_GAP.num_minutes()
        ),
        Begun::Dated(before) => format!(
            "line {line}: this {kind} dump of stack {stack} is dated {}, the dump at line {after} {}: each dump prints \
             the date and time it was taken, so a capture run of its own begins here (a data set written with \
             DISP=MOD, files put together), a snapshot with the reports after it",
            header.date.zip(header.time).map_or_else(String::new, |(d, t)| d.and_time(t).format("%Y-%m-%d %H:%M:%S").to_string()),
            before.format("%Y-%m-%d %H:%M:%S")
        ),
        Begun::PrintedLater(before) => format!(
            "line {line}: this {kind} report of stack {stack}{time} printed its header more than {minutes} minutes \
             after the {kind} report at line {after} ({}), as the same command run again later does (one run prints \
             its reports within minutes): {appended}",
            before.format("%H:%M:%S"),
            minutes = CAPTURE_GAP.num_minutes()
        ),
    })
}

/// The note on a console reply read though the SYSLOG prefix of its line
/// `line` (the first such) is out of the columns of the hardcopy log.
pub(super) fn shifted_prefix(line: u32) -> String {
    format!(
        "line {line}: the SYSLOG prefix of this line is out of the columns of the hardcopy log (a blank too many or \
         too few): its fields were read by their shape, and the line (with any other so shifted) taken into its \
         console reply, whose connect id or header it carries; look at how the log was extracted or copied"
    )
}

/// The stack a report's header prints, if any.
pub(super) fn stack_of(header: &ReportHeader) -> Option<String> {
    (!header.stack.is_empty()).then(|| header.stack.clone())
}

/// The notes on the console replies of a file whose SYSLOG prefix names
/// another system than the path (or `--system`): each is filed under the
/// system that printed it, said once per pair of systems at its first reply.
pub(super) fn other_systems(reports: &[ParsedReport]) -> Vec<String> {
    let mut said: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    for r in reports {
        if let Some(named) = &r.whereabouts.filed_under {
            said.entry((named, &r.whereabouts.system)).or_insert(r.first_line);
        }
    }
    let mut said: Vec<_> = said.into_iter().collect();
    said.sort_by_key(|(_, line)| *line);
    said.into_iter()
        .map(|((named, system), line)| {
            format!(
                "line {line}: the SYSLOG prefix of this console reply names system {system}, the path (or --system) \
                 {named}: it is filed under {system}, the system that printed it (a SYSLOG or OPERLOG extract \
                 holds the messages of every system of a sysplex); keep such an extract outside a system's folder, \
                 or move it to {system}'s"
            )
        })
        .collect()
}

/// A report's snapshot (system, stack, date, capture run of its file) and kind.
type SnapshotKind = (String, String, chrono::NaiveDate, u32, ReportKind);

/// Which report of a file first printed each connection, per snapshot and
/// kind, to say a report of the same kind that prints it again: the
/// splitter begins another capture run at a report that prints an entry
/// again (see [`crate::model::Run`]), so this is one of the same run (asked
/// with another filter, or the same conn id under another job name): the
/// second print is merged into the first's row, where the first's values
/// stand. Only the snapshots and
/// kinds with more than one report are followed (a job may ask for BYTEINFO
/// of two ports, or TTLS CONN n DETAIL of each connection: other
/// connections, said nothing).
pub(super) struct Reprinted {
    /// Per report: its snapshot and kind, and its first line.
    reports: Vec<(SnapshotKind, u32)>,
    /// For the snapshots and kinds followed: each conn id and the report that printed it first.
    first: HashMap<SnapshotKind, HashMap<String, usize>>,
}

impl Reprinted {
    pub(super) fn new(reports: &[ParsedReport]) -> Reprinted {
        let reports: Vec<(SnapshotKind, u32)> = reports
            .iter()
            .map(|r| {
                let w = &r.whereabouts;
                ((w.system.clone(), r.header.stack.clone(), w.date, r.run.index, r.kind), r.first_line)
            })
            .collect();
        let mut count: HashMap<&SnapshotKind, usize> = HashMap::new();
        for (key, _) in &reports {
            *count.entry(key).or_default() += 1;
        }
        let first = count.into_iter().filter(|(_, n)| *n > 1).map(|(key, _)| (key.clone(), HashMap::new())).collect();
        Reprinted { reports, first }
    }

    /// The note on the first connection of report `index` that an earlier
    /// report of its kind printed, said once per snapshot and kind.
    pub(super) fn report(&mut self, index: usize, connections: &[Connection]) -> Option<String> {
        let (key, _) = self.reports.get(index)?;
        let seen = self.first.get_mut(key)?;
        let mut again = None;
        for c in connections {
            let first = *seen.entry(c.conn_id.clone()).or_insert(index);
            if first != index && again.is_none() {
                again = Some((c, first));
            }
        }
        let (c, first) = again?;
        // Said once: the snapshot and kind are no longer followed.
        self.first.remove(key);
        let (snapshot, line) = &self.reports[first];
        Some(format!(
            "line {}: connection {} is printed again by this {} report of stack {} (first by the one that \
             begins at line {line}) of the same capture run (their commands' filters differ, or the job name \
             does): only the first print's values are counted; if the file holds several runs one after another \
             (a data set written with DISP=MOD, files put together), give each run a file of its own",
            c.line,
            c.conn_id,
            snapshot.4.as_str(),
            snapshot.1
        ))
    }
}

/// The socket addresses of a connection that are not IP addresses.
fn masked(c: &Connection) -> impl Iterator<Item = &str> {
    [&c.local, &c.remote].into_iter().flatten().map(|socket| socket.ip.as_str()).filter(|ip| {
        let address = ip.split('%').next().unwrap_or_default();
        !(*ip == "*" || ip.is_empty() || address.parse::<std::net::IpAddr>().is_ok())
    })
}

/// The note on masked addresses, each with the first line that prints it.
fn masked_note(masked: &BTreeMap<String, u32>) -> Option<String> {
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

/// At most this many problems of one file are listed (printed and stored);
/// the rest are counted in one more.
pub const LISTED_PROBLEMS: usize = 100;

/// Keeps the first [`LISTED_PROBLEMS`] problems (sorted by line) and counts
/// the others in one more problem at the line of the first of them, so that
/// a file of a million bad lines prints and stores 101 lines. Returns how
/// many problems there were.
fn cap_problems(problems: &mut Vec<Problem>) -> usize {
    let total = problems.len();
    cap_listed(problems, total)
}

/// Keeps the first [`LISTED_PROBLEMS`] of `problems` (sorted by line, the
/// first of `total`: a file read as a stream keeps no more) and counts the
/// others in one more. Returns `total`.
fn cap_listed(problems: &mut Vec<Problem>, total: usize) -> usize {
    if total > LISTED_PROBLEMS {
        let line = problems.get(LISTED_PROBLEMS).map_or(0, |p| p.line);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The last line with text, found from the end, is the one reading
    /// every line from the start finds: line 3 of `a\n\nb \n \n` (then a
    /// blank line and the empty one after the last line end), none in a
    /// text of blanks.
    #[test]
    fn the_last_line_with_text_is_numbered_from_the_start() {
        assert_eq!(last_text_line("a\n\nb \n \n"), Some(3));
        assert_eq!(last_text_line("a"), Some(1));
        assert_eq!(last_text_line("\n\nx"), Some(3));
        assert_eq!(last_text_line(" \n\t\n"), None);
        assert_eq!(last_text_line(""), None);
    }

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
            stream_limit: 1 << 20,
            chunk: 1 << 20,
            claims: Mutex::new(HashMap::new()),
            earlier: &Earliers::default(),
            published: Mutex::new(Published::default()),
            hashed: Condvar::new(),
        };
        let prepare = |index, file| {
            let mut prepared = Vec::new();
            reader.prepare(index, file, &mut |p| prepared.push(p));
            prepared
        };
        let outcome = |prepared: Vec<Prepared>| match &prepared[..] {
            [Prepared::Parsed { capture, .. }] => format!("parsed {}", capture.path.display()),
            [Prepared::NoRows(NoRows::Duplicate { file, original, .. })] => {
                format!("{} duplicate of {}", file.path.display(), original.display())
            }
            _ => "other".to_string(),
        };
        let [a, b, c] = &files[..] else { panic!("{files:?}") };
        // The later file first: parsed, until the earlier one claims the content.
        assert_eq!(outcome(prepare(1, b)), format!("parsed {}", b.path.display()));
        assert_eq!(outcome(prepare(0, a)), format!("parsed {}", a.path.display()));
        assert_eq!(outcome(prepare(2, c)), format!("{} duplicate of {}", c.path.display(), a.path.display()));
        assert_eq!(outcome(prepare(1, b)), format!("{} duplicate of {}", b.path.display(), a.path.display()));
    }
}
