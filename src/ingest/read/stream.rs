//! A large text file read as a stream, never whole (issue 16): memory is
//! bounded by the size of a part, not of the file.
//!
//! The file is read twice through a bounded buffer. The first pass hashes
//! it (a file already in the store costs no more than that), tells whether
//! it is UTF-8 and has a carriage-control column, and splits it into
//! reports without keeping their bodies: a report's kind may depend on its
//! last line (TTLS DETAIL, BYTEINFO). The second pass splits it again and
//! parses each report in parts of about `chunk` bytes, cut where a record
//! starts ([`parse::Cuts`]). What it gives the writer as it goes: a head (the
//! file and its reports, without records), the records of each part, and
//! an end (problems, notes, counts). The writer writes the parts into the
//! run's one transaction; the store merges a connection that several parts
//! print as the reports of one file are merged in memory.
//!
//! Read whole as before: a compressed file or an archive, and a file that
//! holds a BYTEINFO report in the monitor layout (its rows have no conn id,
//! and are matched to the connections of the file's other reports).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};

use chrono::NaiveTime;
use sha2::{Digest, Sha256};

use super::text::{is_wanted, TextHasher};
use super::{
    cap_listed, names_with_control_characters, parse_cut, Copy, NoRows, Prefix, Prepared, Reader, LISTED_PROBLEMS,
};
use crate::capture::archive::Container;
use crate::capture::carriage::{self, Detector};
use crate::capture::locate::Content;
use crate::capture::split::{Planned, Splitter};
use crate::capture::{self, FoundFile, NoReport};
use crate::error::{quoted, Problem};
use crate::model::{ParsedCapture, ParsedReport, Records, ReportKind, TextId, Whereabouts};
use crate::parse::ending::Ending;
use crate::parse::{self, Cuts};
use crate::text::{fills, long_width, record_width_of, BodyLine};
use crate::{digest, parse::byteinfo};

/// Text files larger than [`STREAMED_FROM`] times this are read as a
/// stream, parsed about this many bytes at a time (at a record's start).
pub(in crate::ingest) const DEFAULT_CHUNK: usize = 8 << 20;

/// A file of a few parts (up to 32 MiB by default) is read whole: its
/// reports are merged in memory with those of its capture run, which costs
/// less than the store's merge, and it is held no longer than a few parts.
pub(in crate::ingest) const STREAMED_FROM: u64 = 4;

/// The most bytes of one line that are read: a NETSTAT line is a few dozen.
/// The rest of a longer line (a binary file, a file of NUL bytes) is hashed
/// but not kept.
const MAX_LINE: usize = 1 << 20;

/// A part holds at most one record per this many bytes of `chunk`: a
/// record takes about 2 KB parsed (its TCP details), whatever its text.
const RECORD_BYTES: usize = 1024;

/// How much of a large file without any report is looked at to tell what it is.
const SNIFFED: u64 = 1 << 20;

/// The lines of a file as `text.split('\n')` gives them, read through a
/// bounded buffer, optionally hashed.
struct Lines<'f> {
    reader: BufReader<&'f File>,
    line: Vec<u8>,
    hasher: Option<Sha256>,
    size: u64,
    ended: bool,
}

impl<'f> Lines<'f> {
    /// Lines read `buffer` bytes at a time.
    fn new(file: &'f File, hashed: bool, buffer: usize) -> Lines<'f> {
        let hasher = hashed.then(Sha256::new);
        let reader = BufReader::with_capacity(buffer.clamp(1, 1 << 20), file);
        Lines { reader, line: Vec::new(), hasher, size: 0, ended: false }
    }

    /// The next line, without its line end; the text after the last line
    /// end is the last line (empty when the file ends with one).
    fn next(&mut self) -> std::io::Result<Option<&[u8]>> {
        if self.ended {
            return Ok(None);
        }
        self.line.clear();
        let first = self.size == 0;
        loop {
            let buffer = self.reader.fill_buf()?;
            if buffer.is_empty() {
                self.ended = true;
                break;
            }
            let end = memchr::memchr(b'\n', buffer);
            let taken = end.map_or(buffer.len(), |i| i + 1);
            let content = &buffer[..end.unwrap_or(taken)];
            let room = MAX_LINE.saturating_sub(self.line.len());
            self.line.extend_from_slice(&content[..content.len().min(room)]);
            if let Some(hasher) = &mut self.hasher {
                hasher.update(&buffer[..taken]);
            }
            self.size += taken as u64;
            self.reader.consume(taken);
            if end.is_some() {
                break;
            }
        }
        // A UTF-8 byte-order mark is not part of the first line's text.
        Ok(Some(if first { capture::without_bom(&self.line) } else { &self.line }))
    }
}

/// What the first pass learnt of a file.
struct Survey {
    sha256: String,
    /// The line of the first bytes that are not UTF-8.
    not_utf8: Option<u32>,
    carriage: bool,
    /// The lines of a file with a control column that have none.
    strays: Vec<u32>,
    /// The number of the last line, when the file does not end with a line end.
    cut_line: Option<u32>,
    /// The number of the last line that is not blank.
    last_text: u32,
    /// The width of the records its lines were cut to, if any (see
    /// [`crate::text::record_width`]).
    width: Option<usize>,
    /// Notes of console replies' lines that could not be placed.
    unplaced: Vec<(u32, String)>,
    reports: Vec<Planned>,
    /// The report of each segment of the splitter (see [`Splitter::finish`]).
    report_of: Vec<usize>,
    /// The prefixes as large as an earlier file (see [`super::hash_with_prefixes`]).
    prefixes: Vec<Prefix>,
    /// Whether the text is the bytes (see [`super::text::is_plain`]): no
    /// line ends a blank or a carriage return.
    plain: bool,
    /// The text identity and its prefixes as large as an earlier file.
    text: (TextId, Vec<Prefix>),
}

/// The first pass: hash, encoding, carriage control, the reports, and the
/// hash of each prefix as large as an earlier file of `wanted` (ascending).
fn survey(file: &File, buffer: usize, wanted: &[u64]) -> std::io::Result<Survey> {
    let mut lines = Lines::new(file, true, buffer);
    let mut prefixes = Vec::new();
    let (mut plain, mut stripped, mut detector) = (Splitter::default(), Some(Splitter::default()), Detector::default());
    let (mut number, mut not_utf8, mut last_empty, mut last_text) = (0u32, None, true, 0);
    // The longest line, as it is and without a control column.
    let mut longest = (0, 0);
    let mut text_plain = true;
    // The text hashed in the same read (see `TextHasher`): empty lines wait
    // for the next, as the text after the last line end is no line.
    let (mut texts, mut empty) = (TextHasher::new(wanted), 0);
    let mut raw = wanted;
    while let Some(bytes) = lines.next()? {
        number = number.saturating_add(1);
        last_empty = bytes.is_empty();
        text_plain &= super::text::plain_line(bytes);
        let text = capture::decode_line(bytes);
        if bytes.is_empty() {
            empty += 1;
        } else {
            (0..empty).for_each(|_| texts.line(b""));
            empty = 0;
            texts.line(text.as_bytes());
        }
        if matches!(text, Cow::Owned(_)) && not_utf8.is_none() {
            not_utf8 = Some(number);
        }
        if !text.trim().is_empty() {
            last_text = number;
        }
        plain.line(number, &text);
        detector.line(&text);
        longest.0 = longest.0.max(long_width(&text));
        longest.1 = longest.1.max(long_width(carriage::strip_line(&text)));
        // Split as if without the column too, as long as every line may have one.
        match stripped.as_mut() {
            Some(splitter) if detector.possible() => _ = splitter.line(number, carriage::strip_line(&text)),
            _ => stripped = None,
        }
        // A line end read (a prefix as large as the file is left out later).
        if let Some(hasher) = lines.hasher.as_ref().filter(|_| !lines.ended && is_wanted(&mut raw, lines.size)) {
            prefixes.push((lines.size, number.saturating_add(1), digest::hex(&hasher.clone().finalize())));
        }
    }
    let carriage = detector.controlled();
    let strays = if carriage { detector.strays().to_vec() } else { Vec::new() };
    let splitter = match stripped {
        Some(stripped) if carriage => stripped,
        _ => plain,
    };
    let sha256 = digest::hex(&lines.hasher.take().unwrap_or_default().finalize());
    let cut_line = (lines.size > 0 && !last_empty).then_some(number);
    let unplaced = splitter.unplaced();
    let (reports, report_of) = splitter.finish();
    let width = record_width_of(if carriage { longest.1 } else { longest.0 });
    let plain = text_plain && not_utf8.is_none() && cut_line.is_none();
    (1..empty).for_each(|_| texts.line(b""));
    let text = texts.finish();
    Ok(Survey {
        sha256,
        not_utf8,
        carriage,
        strays,
        cut_line,
        last_text,
        width,
        unplaced,
        reports,
        report_of,
        prefixes,
        plain,
        text,
    })
}

/// The text identity of `file` and its prefixes of the sizes `wanted`
/// (see [`TextHasher`]): a read of its own, for a file that may begin with
/// a copy whose text is not its bytes.
fn text_pass(mut file: &File, buffer: usize, wanted: &[u64]) -> std::io::Result<(TextId, Vec<Prefix>)> {
    file.rewind()?;
    let mut lines = Lines::new(file, false, buffer);
    let mut hasher = TextHasher::new(wanted);
    // Empty lines wait for the next: the text after the last line end is no line.
    let mut empty = 0;
    while let Some(bytes) = lines.next()? {
        if bytes.is_empty() {
            empty += 1;
            continue;
        }
        (0..empty).for_each(|_| hasher.line(b""));
        empty = 0;
        hasher.line(capture::decode_line(bytes).as_bytes());
    }
    (1..empty).for_each(|_| hasher.line(b""));
    Ok(hasher.finish())
}

/// Reads `file` as a stream when it is a text file; gives what it made of
/// it to `give` and returns true, or returns false (having given nothing)
/// when it is to be read whole.
pub(super) fn prepare(reader: &Reader<'_>, index: usize, file: &FoundFile, give: &mut dyn FnMut(Prepared)) -> bool {
    let failed = |problem: Problem| Prepared::NoRows(NoRows::Failed { file: file.clone(), problems: vec![problem] });
    let (opened, found) = match capture::open_at_most(file, reader.stream_limit) {
        Ok(opened) => opened,
        Err(problem) => {
            give(failed(problem));
            return true;
        }
    };
    let mut magic = Vec::with_capacity(512);
    let plain = (&opened).take(512).read_to_end(&mut magic).is_ok() && Container::of(&magic) == Container::Plain;
    let bom = capture::without_bom(&magic).len() != magic.len();
    // UTF-16 text is not split at its `\n` bytes: it is decoded whole.
    // Nor is text whose lines end otherwise.
    if !plain || capture::utf16(&magic).is_some() || capture::other_line_ends(&magic) || (&opened).rewind().is_err() {
        return false;
    }
    // A tiny part (in tests) reads the file in tiny pieces too, cutting lines.
    let survey = match survey(&opened, reader.chunk, reader.wanted_sizes(&found.path)) {
        Ok(survey) => survey,
        Err(error) => {
            give(failed(capture::read_error(&error)));
            return true;
        }
    };
    let file = &found;
    if let Some(known) = reader.known(index, file, &file.path, &survey.sha256, None) {
        give(known);
        return true;
    }
    let plain = survey.plain && !bom;
    let (text, mut prefixes) = if plain {
        (TextId { size: file.size, sha256: survey.sha256.clone() }, survey.prefixes.clone())
    } else {
        survey.text.clone()
    };
    if let Some(known) = (!plain).then(|| reader.known(index, file, &file.path, &survey.sha256, Some(&text))).flatten()
    {
        give(known);
        return true;
    }
    let system = reader.system_of(&file.path);
    let (sha256, size) = (survey.sha256.clone(), file.size);
    let first = super::text_head(&file.path, super::text::HEAD);
    let first_hash = crate::digest::hex(&Sha256::digest(&first));
    let copy = Copy { path: file.path.clone(), system, size, sha256, text, head: first_hash, odd: !plain };
    reader.publish(index, vec![copy.clone()]);
    let odd = reader.odd_before((index, &[]), &copy.system, &file.path, (&first, copy.text.size));
    let extra = super::extra_sizes(&odd, copy.text.size);
    if extra.iter().any(|size| !prefixes.iter().any(|p| p.0 == *size)) {
        // Rare (a copy with other line ends or compressed in the same run): read again.
        if let Ok((_, more)) = text_pass(&opened, reader.chunk, &extra) {
            prefixes.extend(more);
            prefixes.sort_unstable();
            prefixes.dedup();
        }
    }
    let monitor = |r: &Planned| r.kind == ReportKind::ByteInfo && r.first.as_deref().is_some_and(byteinfo::is_monitor);
    if survey.reports.iter().any(monitor) || (survey.reports.is_empty() && file.size <= reader.limit) {
        return false;
    }
    if survey.reports.is_empty() {
        give(no_report(&opened, file));
        return true;
    }
    let Survey {
        sha256,
        not_utf8,
        carriage,
        mut strays,
        cut_line,
        last_text,
        width,
        unplaced,
        mut reports,
        mut report_of,
        prefixes: raw,
        plain: _,
        text: _,
    } = survey;
    prefixes.retain(|(size, _, _)| *size < copy.text.size);
    let mut head_notes = Vec::new();
    let continued = reader.continued((index, file, &file.path), (&prefixes, &raw), (&copy.text, &sha256), &odd);
    let lines = |r: &Planned| (r.first_line, r.last_line, r.header.time);
    let timed = reports.iter().map(|r| (r.header.time.is_some(), r.header.date.is_some(), r.kind, r.run));
    let before = |original: &std::path::Path| reader.before(original, &file.path);
    let (continued, same) = super::same_as_earlier(continued, timed, before);
    if let Some(same) = same {
        give(Prepared::NoRows(same.duplicate(file)));
        return true;
    }
    let timed = super::printed_times(reports.iter().map(|r| (r.first_line, r.run.index, r.header.time, r.header.date)));
    let (continued, new_index) = super::keep_after(continued, &mut reports, &mut head_notes, lines, |r| &mut r.run);
    // The segments of the earlier file's reports name none kept.
    for report in &mut report_of {
        *report = new_index.get(*report).copied().unwrap_or(usize::MAX);
    }
    // What the earlier file's lines hold was said when it was read.
    let end = super::copy_end(reader.locator, continued.as_ref(), &timed);
    let from = continued.as_ref().map_or(0, |c| c.line);
    strays.retain(|line| *line >= from);
    let not_utf8 = not_utf8.filter(|line| *line >= from);
    let requests: Vec<Problem> = reports
        .iter()
        .filter_map(|r| super::failed_request(r.kind, &r.header.stack, r.first_line, r.messages.as_deref()))
        .chain(reports.iter().filter_map(|r| super::unlike_request(r.kind, r.first_line, r.first.as_deref())))
        .chain(
            reports.iter().filter_map(|r| super::ended_in_error(r.kind, &r.header.stack, r.last_line, r.cut.as_ref())),
        )
        .collect();
    let firsts: Vec<Option<String>> = reports.iter().map(|r| r.first.clone()).collect();
    let shifted: Vec<String> = reports.iter().filter_map(|r| r.shifted.map(super::shifted_prefix)).collect();
    let mut head = match head(reader, file, (sha256, copy.text), reports, continued) {
        Ok(head) => head,
        Err(reason) => {
            give(failed(Problem::file(reason)));
            return true;
        }
    };
    let (forward, dated) = super::file_order(&mut head.reports, end.as_ref());
    let runs = dated.into_iter().chain(super::run_notes(&head.reports, forward)).chain(shifted);
    let reports = head.reports.iter().zip(firsts).map(|(r, first)| {
        let snapshot = (r.whereabouts.system.clone(), r.header.stack.clone(), r.whereabouts.date, r.run.index);
        Report { kind: r.kind, snapshot, first, last_line: r.last_line, cut: r.cut.clone() }
    });
    let mut parts = Parts::new(reports.collect(), reader.chunk, cut_line);
    parts.width = width;
    parts.last_text = cut_line.is_none().then_some(last_text);
    parts.reprinted = Some(super::Reprinted::new(&head.reports));
    parts.clocks = head
        .reports
        .iter()
        .map(|r| (r.whereabouts.clone(), r.header.time, r.run.index, super::LatestStart::default()))
        .collect();
    let unplaced = unplaced.into_iter().filter(|(line, _)| *line >= from).map(|(_, note)| note);
    parts.notes = head_notes.into_iter().chain(carriage::strays_note(&strays)).chain(unplaced).chain(runs).collect();
    parts.notes.extend(super::other_systems(&head.reports));
    // Bytes that are not UTF-8 are a problem of the file (the first says where).
    parts.problems.extend(not_utf8.map(|line| Problem::at(line, capture::NOT_UTF8)));
    parts.problems.extend(requests);
    parts.problems.sort_by_key(|p| p.line);
    parts.total = parts.problems.len();
    let first_bare = cut_line.is_some_and(|cut| head.reports.iter().any(|r| r.first_line == cut));
    give(Prepared::Head { capture: head });
    let read = (&opened).rewind().and_then(|()| parts.read(&opened, carriage, &report_of, give));
    match read {
        Ok(last) => give(parts.end(first_bare, &last)),
        Err(error) => {
            // Read once already: the file changed or the disk failed.
            parts.problems.push(capture::read_error(&error));
            parts.total += 1;
            give(parts.end(true, ""));
        }
    }
    true
}

/// A large file without any report: what its first bytes say it is.
fn no_report(mut opened: &File, file: &FoundFile) -> Prepared {
    let mut bytes = Vec::new();
    let read = opened.rewind().and_then(|()| opened.take(SNIFFED).read_to_end(&mut bytes));
    let problem = match read {
        Err(error) => capture::read_error(&error),
        Ok(_) => match capture::why_no_report(&bytes, &String::from_utf8_lossy(&bytes)) {
            NoReport::FailedCapture(reason) => Problem::file(reason),
            NoReport::NotACapture(reason) => return Prepared::NoRows(NoRows::Skipped { file: file.clone(), reason }),
        },
    };
    Prepared::NoRows(NoRows::Failed { file: file.clone(), problems: vec![problem] })
}

/// The file and its reports, without records: dated and placed as
/// [`super::prepare_bytes`] does.
fn head(
    reader: &Reader<'_>,
    file: &FoundFile,
    (sha256, text): (String, TextId),
    planned: Vec<Planned>,
    continues: Option<crate::model::Continued>,
) -> Result<ParsedCapture, String> {
    let mut reports = Vec::with_capacity(planned.len());
    for report in planned {
        let content = Content {
            system: report.header.system.clone(),
            date: report.header.date,
            stack: super::stack_of(&report.header),
        };
        let whereabouts = reader.locator.locate_with(&file.path, &content)?;
        reports.push(ParsedReport {
            header: report.header,
            whereabouts,
            dialect: report.dialect,
            kind: report.kind,
            first_line: report.first_line,
            last_line: report.last_line,
            record_count: 0,
            filter: report.filter,
            asked: report.asked,
            run: report.run,
            cut: report.cut,
            records: Records::default(),
        });
    }
    let whereabouts = reports.first().map(|r| r.whereabouts.clone()).ok_or("no report")?;
    let run_key = reader.trees.run_key(&file.path, whereabouts.time);
    Ok(ParsedCapture {
        path: file.path.clone(),
        sha256,
        size: file.size,
        mtime_ns: file.mtime_ns,
        whereabouts,
        run_key,
        reports,
        problem_count: 0,
        continues,
        text,
    })
}

/// A report's snapshot: system, stack, date, capture run of the file.
type Snapshot = (String, String, chrono::NaiveDate, u32);

/// What parsing a report's body needs to know of it.
struct Report {
    kind: ReportKind,
    /// Its snapshot: system, stack, date, capture run of the file.
    snapshot: Snapshot,
    /// The first line of its body.
    first: Option<String>,
    last_line: u32,
    /// What cut it, with its line (see [`crate::capture::split::RawReport::cut`]).
    cut: Option<(u32, String)>,
}

/// The second pass: the reports' bodies, parsed a part at a time.
struct Parts {
    reports: Vec<Report>,
    chunk: usize,
    cut_line: Option<u32>,
    /// The part being gathered: its report, cuts, text and lines.
    report: Option<(usize, Cuts)>,
    text: String,
    lines: Vec<(u32, usize, usize, bool)>,
    /// The records the part gathered starts.
    records: usize,
    carried: Option<(u32, String)>,
    /// TTLS rule blocks already printed, per snapshot.
    printed: HashMap<Snapshot, parse::ttls::Printed>,
    /// The first problems by line (at most one more than are listed), and
    /// how many there were.
    problems: Vec<Problem>,
    total: usize,
    notes: Vec<String>,
    record_counts: Vec<usize>,
    /// Socket addresses that are not IP addresses, with their first line.
    masked: BTreeMap<String, u32>,
    /// Connections printed again by another report of their kind.
    reprinted: Option<super::Reprinted>,
    /// The last report read, and what its last record printed; the file's
    /// last line that is not blank, when the file ends with a line end (see
    /// [`super::cut_record`]).
    ending: Option<(usize, Ending)>,
    last_text: Option<u32>,
    /// The width of the records the file's lines were cut to, if any.
    width: Option<usize>,
    /// Where and when each report was taken, its run, and the connection
    /// it prints that started last: a start after its time is said at the end.
    clocks: Vec<(Whereabouts, Option<NaiveTime>, u32, super::LatestStart)>,
}

impl Parts {
    fn new(reports: Vec<Report>, chunk: usize, cut_line: Option<u32>) -> Parts {
        let record_counts = vec![0; reports.len()];
        Parts {
            reports,
            chunk: chunk.max(1),
            cut_line,
            report: None,
            text: String::new(),
            lines: Vec::new(),
            records: 0,
            carried: None,
            printed: HashMap::new(),
            problems: Vec::new(),
            total: 0,
            notes: Vec::new(),
            record_counts,
            masked: BTreeMap::new(),
            reprinted: None,
            ending: None,
            last_text: None,
            width: None,
            clocks: Vec::new(),
        }
    }

    /// Splits the file again and parses its reports' bodies as they come
    /// (`report_of`: the report of each segment, from the first pass);
    /// returns the text of its last line.
    fn read(
        &mut self,
        file: &File,
        carriage: bool,
        report_of: &[usize],
        give: &mut dyn FnMut(Prepared),
    ) -> std::io::Result<String> {
        let mut lines = Lines::new(file, false, self.chunk);
        let mut splitter = Splitter::bodies();
        let mut number = 0u32;
        while let Some(bytes) = lines.next()? {
            number = number.saturating_add(1);
            let decoded = capture::decode_line(bytes);
            let text = if carriage { carriage::strip_line(&decoded) } else { &decoded };
            let Some((segment, body)) = splitter.line(number, text) else { continue };
            // The same text splits the same way; should the file have
            // changed since the first pass, a line of no report is dropped.
            let Some(report) = report_of.get(segment).copied().filter(|r| *r < self.reports.len()) else {
                continue;
            };
            let full = fills(text, self.width);
            self.line(report, BodyLine { number, text: body, full }, give);
        }
        self.flush(give);
        // What the last call left of the last line.
        let decoded = capture::decode_line(&lines.line);
        Ok(if carriage { carriage::strip_line(&decoded) } else { &decoded }.to_string())
    }

    /// Takes a body line of report `report`.
    fn line(&mut self, report: usize, line: BodyLine<'_>, give: &mut dyn FnMut(Prepared)) {
        if self.report.as_ref().is_none_or(|(r, _)| *r != report) {
            self.flush(give);
            let planned = &self.reports[report];
            self.report = Some((report, Cuts::new(planned.kind, planned.first.as_deref())));
            self.carried = None;
        }
        let kind = self.reports[report].kind;
        let lost = match &mut self.ending {
            Some((r, ending)) if *r == report => {
                ending.line(kind, &line);
                ending.take_lost()
            }
            _ => {
                let mut ending = Ending::default();
                ending.line(kind, &line);
                if let Some((before, ending)) = self.ending.replace((report, ending)) {
                    self.ended(before, &ending, false);
                }
                Vec::new()
            }
        };
        for lost in &lost {
            self.said(super::lost_lines(kind, lost));
        }
        let Some((_, cuts)) = self.report.as_mut() else { return };
        let starts = cuts.line(&line);
        // A part holds about `chunk` bytes of text, and no more records than
        // that many bytes of dense ALLCONN rows would make.
        let full = self.text.len() >= self.chunk || self.records >= self.chunk / RECORD_BYTES;
        if starts && full && !self.lines.is_empty() {
            let carried = cuts.carried().map(|l| (l.number, l.text.to_string()));
            self.flush_part(give);
            self.carried = carried;
        }
        self.records += usize::from(starts);
        let start = self.text.len();
        self.text.push_str(line.text);
        self.lines.push((line.number, start, self.text.len(), line.full));
    }

    /// Parses the part gathered, if any, and ends its report.
    fn flush(&mut self, give: &mut dyn FnMut(Prepared)) {
        self.flush_part(give);
        self.report = None;
        self.carried = None;
    }

    /// Parses the part gathered and gives its records.
    fn flush_part(&mut self, give: &mut dyn FnMut(Prepared)) {
        let Some((report, cuts)) = &mut self.report else { return };
        let report = *report;
        if self.lines.is_empty() {
            return;
        }
        let planned = &self.reports[report];
        let carried = self.carried.as_ref().map(|(number, text)| BodyLine::new(*number, text));
        let body: Vec<BodyLine<'_>> = carried
            .into_iter()
            .chain(self.lines.iter().map(|&(number, start, end, full)| BodyLine {
                number,
                text: &self.text[start..end],
                full,
            }))
            .collect();
        let parsed = match self.cut_line {
            Some(line) if body.last().is_some_and(|l| l.number == line) => {
                self.cut_line = None;
                parse_cut(planned.kind, &body, &mut self.notes)
            }
            _ => {
                let printed = self.printed.entry(planned.snapshot.clone()).or_default();
                cuts.parse(planned.kind, &body, printed)
            }
        };
        drop(body);
        self.text.clear();
        self.lines.clear();
        self.records = 0;
        let mut problems = parsed.problems;
        self.total += problems.len();
        self.problems.append(&mut problems);
        // The first problems by line, as if all were sorted (the sort is stable).
        self.problems.sort_by_key(|p| p.line);
        self.problems.truncate(LISTED_PROBLEMS + 1);
        self.notes.extend(parsed.notes);
        self.notes.extend(names_with_control_characters(&parsed.records));
        for c in &parsed.records.connections {
            for ip in super::masked(c) {
                let line = self.masked.entry(ip.to_string()).or_insert(c.line);
                *line = (*line).min(c.line);
            }
        }
        if let Some(reprinted) = &mut self.reprinted {
            self.notes.extend(reprinted.report(report, &parsed.records.connections));
        }
        if let Some((_, _, _, latest)) = self.clocks.get_mut(report) {
            latest.add(&parsed.records.connections);
        }
        self.record_counts[report] += parsed.records.len();
        give(Prepared::Part { report, records: parsed.records });
    }

    /// The problem of report `report`, read to its end, when its last record
    /// was cut: by what cut the report, or (`last`: the file's last report)
    /// by the end of a file that ends with a line end.
    fn ended(&mut self, report: usize, ending: &Ending, last: bool) {
        let Report { kind, last_line, cut: by, .. } = &self.reports[report];
        let ends = by.is_some() || (last && self.last_text == Some(*last_line));
        if let Some(cut) = ending.cut(*kind).filter(|_| ends) {
            let problem = super::cut_record(*kind, *last_line, &cut, by.as_ref());
            self.said(problem);
        }
    }

    /// Keeps a problem found while reading, among the first by line.
    fn said(&mut self, problem: Problem) {
        self.problems.push(problem);
        self.problems.sort_by_key(|p| p.line);
        self.problems.truncate(LISTED_PROBLEMS + 1);
        self.total += 1;
    }

    /// The end of the file: its problems, notes and counts.
    fn end(&mut self, cut_consumed: bool, last: &str) -> Prepared {
        let mut notes = std::mem::take(&mut self.notes);
        notes.extend(super::masked_note(&self.masked));
        let mut clocked: Vec<super::Clocked<'_>> = self
            .clocks
            .iter_mut()
            .map(|(whereabouts, time, run, latest)| super::Clocked { whereabouts, time: *time, run: *run, latest })
            .collect();
        notes.extend(super::next_day_clock(&mut clocked, false));
        if let (Some(line), false) = (self.cut_line, cut_consumed) {
            if !last.trim().is_empty() {
                notes.push(format!(
                    "line {line}: the file ends without a line end after `{}`, which is not part of a report",
                    quoted(last.trim())
                ));
            }
        }
        if let Some((report, ending)) = self.ending.take() {
            self.ended(report, &ending, true);
        }
        let mut problems = std::mem::take(&mut self.problems);
        let problem_count = cap_listed(&mut problems, self.total);
        Prepared::Tail { problems, notes, problem_count, record_counts: std::mem::take(&mut self.record_counts) }
    }
}
