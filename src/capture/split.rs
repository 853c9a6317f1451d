//! Splits the text of a capture file into reports.
//!
//! A report starts at its header line:
//!
//! - NETSTAT from TSO or z/OS UNIX: `[EZZ2350I ]MVS TCP/IP NETSTAT CS
//!   <release> TCPIP Name: <stack> [hh:mm:ss]`;
//! - the console command `D TCPIP[,proc],NETSTAT,<report>`: `EZD0101I NETSTAT
//!   CS <release> <stack> [<message number>]` (dialect `console`);
//! - `pasearch`: `TCP/IP pasearch CS <release> Image Name: <stack>`, whose
//!   `Date:` and `Time:` on the lines below become the header's.
//!
//! It ends at the next header or at a line that is clearly not report
//! output: `READY`/`END` of TSO, a command echo (`NETSTAT ALL`, `$ onetstat
//! -A`, `pasearch -t`, the console's `D TCPIP,,NETSTAT,CONN`), a shell prompt,
//! a TSO NETSTAT command message (`EZZ23nnI`, other than the header's
//! `EZZ2350I`), or the console's trailer (`2 OF 2 RECORDS DISPLAYED`, `END OF
//! THE REPORT`). Lines outside reports are skipped. A NETSTAT header
//! repeated inside a report with no such line between (a page break)
//! continues the report, unless what follows it is clearly a report of
//! another kind, or prints an entry (a connection, a group action) the
//! report printed already: a page never does, so that is the same command
//! run again in the same second (a data set written with DISP=MOD), a
//! report of its own.
//!
//! A file may hold capture runs one after another (a data set written with
//! DISP=MOD): a report that prints an entry again that an earlier report of
//! its kind, stack and command filter printed, or that the same command
//! asked again, begins the next run, to which it and the reports after it
//! belong (see [`Run`], [`number_runs`]). Reports of other kinds, however far
//! apart their headers' times, are of the run before them: nothing is
//! printed twice, so nothing tells that they are not. Console replies in a
//! SYSLOG are the exception: each is a command of its own with its exact
//! time, so one long after the reply before it begins another run.
//!
//! Lines may carry a job log's prefix (see [`super::joblog`]) or a SYSLOG
//! prefix (see [`super::syslog`]), which is split off first; the prefix of
//! a console header gives the report's time (a SYSLOG's also its date and
//! system). Inside a console report read from a SYSLOG, the lines of other
//! messages written in between (another connect id, another system or job)
//! are skipped, and those of another reply written at the same time go to
//! that reply.

use std::hash::{Hash, Hasher};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::joblog;
use super::report_kind::{requested, Traits};
use super::syslog::{self, Record};
use crate::model::{Begun, Dialect, ReportHeader, ReportKind, Run, CAPTURE_GAP};
use crate::text::{pairs, starts_with_ignore_case, strip_message_id, time_of_day, us_date, BodyLine};

/// One report found in a capture file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawReport<'a> {
    pub header: ReportHeader,
    pub dialect: Dialect,
    /// The kind, recognised from the content; `Empty` when nothing follows the header.
    pub kind: ReportKind,
    /// Line of the header.
    pub first_line: u32,
    /// Last line that belongs to the report.
    pub last_line: u32,
    /// The filter of the command echo before the header, with the echo's
    /// line (see [`echo_filter`]).
    pub filter: Option<(u32, String)>,
    /// What cut the report, with its line: the console's trailer that says
    /// so (see [`cut_trailer`]), or TSO's message that NETSTAT ended in
    /// error while printing it (see [`ended_in_error`]).
    pub cut: Option<(u32, String)>,
    /// A command echo came before it: the request is known, and so is its
    /// filter (or that it had none).
    pub asked: bool,
    pub body: Vec<BodyLine<'a>>,
    /// Of a request that failed (kind `Failed`): the messages NETSTAT printed
    /// instead of a report.
    pub messages: Option<String>,
    /// The capture run of the file it belongs to.
    pub run: Run,
    /// The first of its lines read though their SYSLOG prefix is out of its
    /// columns (see [`syslog::shifted`]).
    pub shifted: Option<u32>,
}

/// Which header started a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Netstat,
    /// `EZD0101I`.
    Console,
    Pasearch,
}

/// A run of lines under one header line, before page breaks are joined:
/// everything but its body, which the caller keeps (or not: a file read as
/// a stream is split twice, its bodies parsed as they come the second time).
struct Segment {
    header: ReportHeader,
    dialect: Dialect,
    start: Start,
    first_line: u32,
    last_line: u32,
    /// The same header as the segment before, with no boundary line between.
    repeats_header: bool,
    /// The report the command echo before the header asked for, if any.
    echo: Option<&'static str>,
    /// The filter of that echo, with its line.
    filter: Option<(u32, String)>,
    /// What cut it, with its line (see [`RawReport::cut`]).
    cut: Option<(u32, String)>,
    /// Whether a body line came yet.
    bodied: bool,
    /// What its body says of its kind.
    traits: Traits,
    /// pasearch's `Date:` and `Time:` below its header.
    stamp: Stamp,
    /// The entries it prints (see [`entry`]), to tell a page from a run.
    entries: FxHashSet<u64>,
    /// The first line read though its SYSLOG prefix is out of its columns.
    shifted: Option<u32>,
}

/// The console message whose lines make up an open report, when it was read
/// from a SYSLOG: its other lines are continuation records with its connect
/// id, or message records of the same system and job.
struct Owner {
    connect_id: Option<String>,
    system: String,
    job: String,
}

impl Owner {
    /// The record is of this reply's message: its connect id, or its
    /// system and job; a header without a number takes every continuation.
    fn owns_exactly(&self, record: &Record<'_>) -> bool {
        match record {
            Record::Continuation { connect_id } => self.connect_id.as_deref() == Some(*connect_id),
            Record::Message { .. } => self.owns(record),
        }
    }

    fn owns(&self, record: &Record<'_>) -> bool {
        match record {
            Record::Continuation { connect_id } => self.connect_id.as_deref().is_none_or(|id| id == *connect_id),
            Record::Message { system, job, .. } => *system == self.system && *job == self.job,
        }
    }
}

/// A report as the splitter found it, without its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub header: ReportHeader,
    pub dialect: Dialect,
    pub kind: ReportKind,
    pub first_line: u32,
    pub last_line: u32,
    /// The first line of its body (trimmed), if any.
    pub first: Option<String>,
    /// Of a request that failed (kind `Failed`): the messages NETSTAT printed
    /// instead of a report.
    pub messages: Option<String>,
    /// The filter of its command echo, with the echo's line.
    pub filter: Option<(u32, String)>,
    /// The capture run of the file it belongs to.
    pub run: Run,
    /// What cut it, with its line (see [`RawReport::cut`]).
    pub cut: Option<(u32, String)>,
    /// A command echo came before it: the request is known, and so is its
    /// filter (or that it had none).
    pub asked: bool,
    /// The first of its lines read though their SYSLOG prefix is out of its
    /// columns (see [`syslog::shifted`]).
    pub shifted: Option<u32>,
}

/// A NETSTAT request that printed messages (`EZZ2377I Could not establish
/// affinity with TCPIPB ...`) and no report: it failed.
struct Failure {
    /// The lines of its first and last message.
    line: u32,
    last_line: u32,
    /// The report it asked for, if its command echo said.
    requested: Option<&'static str>,
    /// The stack it asked, if its echo or a message named it.
    stack: Option<String>,
    messages: Vec<String>,
}

/// Splits a capture line by line: each line is either a header, a line of
/// the body of the last segment, or outside any report. The kinds of
/// reports and the page breaks that join segments are known only at the
/// end ([`Splitter::finish`]): a TTLS report is DETAIL when any of its
/// lines holds a rule.
#[derive(Default)]
pub struct Splitter {
    segments: Vec<Segment>,
    open: bool,
    /// The console replies read from a SYSLOG that are open, each with its
    /// segment: two commands answered at once write their lines
    /// interleaved, each line carrying its reply's connect id.
    replies: Vec<(usize, Owner)>,
    echo: Option<&'static str>,
    filter: Option<(u32, String)>,
    /// The stack the last command echo named (`(TCP TCPIPB`, `-p TCPIPB`).
    target: Option<String>,
    /// NETSTAT messages printed since the last report header or boundary:
    /// a request that failed, unless a report follows (`EZZ2376I ... using
    /// default` comes before the report it announces).
    messages: Option<Failure>,
    failures: Vec<Failure>,
    /// Only the lines' segments are wanted, not their kinds.
    bodies_only: bool,
    /// NETSTAT ended in error (`IKJ56641I`) while printing the report
    /// before: the messages that follow are that end's.
    abended: bool,
    /// The connect ids of the console replies closed by their trailer: the
    /// reply's lines after it (`END OF THE REPORT`) are its own.
    closed: Vec<String>,
    /// Continuation records of replies whose first line is not in the file.
    unplaced: Vec<Unplaced>,
    /// The column the text of the job-log message being read starts in
    /// (see [`Splitter::job_log`]).
    job_log: Option<usize>,
    /// The header line of the open console reply read through a job-log
    /// prefix.
    logged_reply: Option<u32>,
    /// Lines that ended such a reply before its trailer, not indented to its
    /// text: the line, the reply's header line and the text column.
    misfits: Vec<(u32, u32, usize)>,
}

/// The continuation records of a multi-line console message read from a
/// SYSLOG whose first line is not in the file (an extract that begins inside
/// it): they carry no system, time or stack, so they cannot be placed.
struct Unplaced {
    connect_id: String,
    first: u32,
    last: u32,
    /// One of them is a NETSTAT reply's trailer: a reply was skipped.
    netstat: bool,
}

impl Splitter {
    /// A splitter for a text split before: it gives each line's segment
    /// (as the first did), and not what its lines say of its kind.
    pub fn bodies() -> Splitter {
        Splitter { bodies_only: true, ..Splitter::default() }
    }

    /// Reads line `number` of the text; returns the index of the segment
    /// whose body it belongs to, with the line as the body keeps it.
    pub fn line<'t>(&mut self, number: u32, raw: &'t str) -> Option<(usize, &'t str)> {
        // A form feed is a page eject, as FTP's `SITE ASATRANS` writes the
        // ASA `1` of a SYSOUT: it hides a message id in column 1.
        let raw = raw.trim_end().trim_start_matches('\u{c}');
        let (raw, logged) = self.job_log(number, raw);
        let (record, line, shifted) = match syslog::strip(raw) {
            Some((record, text)) => (Some(record), text.trim_end(), false),
            None => match syslog::shifted(raw).filter(|(record, text)| self.told(record, text)) {
                Some((record, text)) => (Some(record), text.trim_end(), true),
                None => (None, raw, false),
            },
        };
        let (id, body) = strip_message_id(line);
        // Cut once: the header, boundary and kind tests below all look past
        // the indentation of every line.
        let lead = body.trim_start();
        if let Some((mut header, start, message_number)) = parse_any_header(id, lead) {
            // The messages before it only announced it.
            self.messages = None;
            if let Some(Record::Message { system, date, time, job }) = record {
                header.date = Some(date);
                header.time = header.time.or(Some(time));
                header.system = Some(system.to_ascii_uppercase());
                if start == Start::Console {
                    let connect_id = message_number.map(str::to_string);
                    let owner = Owner { connect_id, system: system.to_string(), job: job.to_string() };
                    self.replies.push((self.segments.len(), owner));
                } else {
                    self.replies.clear();
                }
            } else {
                header.time = header.time.or(logged);
                self.replies.clear();
            }
            self.logged_reply = (logged.is_some() && start == Start::Console).then_some(number);
            let repeats_header =
                self.open && start == Start::Netstat && self.segments.last().is_some_and(|s| s.header == header);
            let dialect = match (start, id) {
                (Start::Console, _) => Dialect::Console,
                (_, Some(_)) => Dialect::MessageIds,
                (_, None) => Dialect::Plain,
            };
            self.segments.push(Segment {
                header,
                dialect,
                start,
                first_line: number,
                last_line: number,
                repeats_header,
                echo: self.echo.take(),
                filter: self.filter.take(),
                cut: None,
                bodied: false,
                traits: Traits::default(),
                stamp: Stamp::default(),
                entries: FxHashSet::default(),
                shifted: shifted.then_some(number),
            });
            self.open = true;
            return None;
        }
        // The open reply whose line this is (the latest that owns it).
        let mut reply = None;
        if let (false, Some(record)) = (self.replies.is_empty(), &record) {
            let Some(at) = self.replies.iter().rposition(|(_, owner)| owner.owns(record)) else {
                if let Record::Continuation { connect_id } = record {
                    self.unplace(number, connect_id, lead);
                    return None;
                }
                // Another message written in between; a command echo among
                // them asks for the next reply.
                self.asked(number, body);
                return None;
            };
            reply = Some(at);
        } else if let (false, Some(Record::Continuation { connect_id })) = (self.open, &record) {
            self.unplace(number, connect_id, lead);
            return None;
        }
        if is_boundary_trimmed(id, body, lead) {
            // `3 OF 4 RECORDS DISPLAYED`: the console's MAX= cut the reply.
            let closed = match reply {
                Some(at) => {
                    let (index, owner) = self.replies.remove(at);
                    self.closed.extend(owner.connect_id);
                    Some(index)
                }
                None => self.open.then(|| self.segments.len().checked_sub(1)).flatten(),
            };
            let abend = tso_failure(body) == Some(ABEND);
            if let Some(segment) = closed.and_then(|index| self.segments.get_mut(index)) {
                // NETSTAT ended in error while it printed the report: the
                // report is kept, cut there; its messages are no request of
                // their own that printed nothing.
                let ended = (abend && segment.bodied).then(|| line.trim().to_string());
                self.abended |= ended.is_some();
                let trailer = ended.or_else(|| cut_trailer(body.trim()));
                segment.cut = segment.cut.take().or_else(|| trailer.map(|text| (number, text)));
            }
            if reply.is_none() {
                self.replies.clear();
            }
            // Another reply whose lines are interleaved stays open.
            self.open = !self.replies.is_empty();
            if self.abended && (abend || id.is_some_and(is_command_message)) {
                return None;
            }
            self.abended = false;
            if id.is_some_and(is_command_message) || tso_failure(body).is_some() {
                let failure = self.messages.get_or_insert_with(|| Failure {
                    line: number,
                    last_line: number,
                    requested: self.echo,
                    stack: self.target.clone(),
                    messages: Vec::new(),
                });
                failure.stack = failure.stack.take().or_else(|| affinity_stack(body));
                failure.last_line = number;
                failure.messages.push(line.trim().to_string());
                return None;
            }
            // The end of a request (`READY`, the next command): messages
            // and no report since it began mean it failed, and its echo
            // was that request's.
            if let Some(failure) = self.messages.take() {
                self.failures.push(failure);
                self.echo = None;
                self.target = None;
                self.filter = None;
            }
            self.asked(number, body);
            return None;
        }
        if !self.open || body.is_empty() {
            return None;
        }
        let index = match reply {
            Some(at) => self.replies[at].0,
            None => self.segments.len().checked_sub(1)?,
        };
        let segment = &mut self.segments[index];
        segment.last_line = number;
        if shifted {
            segment.shifted = segment.shifted.or(Some(number));
        }
        let first = !std::mem::replace(&mut segment.bodied, true);
        // What only the kinds need is not gathered again.
        let gather = first || !self.bodies_only;
        if segment.start == Start::Pasearch {
            if gather {
                segment.stamp.add(body);
            }
        } else if let Some(date) = first.then(|| monitor_date(body)).flatten() {
            // BYTEINFO's monitor date line: its date becomes the report's,
            // and the line leaves the body.
            segment.header.date = segment.header.date.or(Some(date));
            return None;
        } else if gather {
            segment.traits.add(body, lead);
        }
        if let Some(entry) = (!self.bodies_only).then(|| entry(body)).flatten() {
            segment.entries.insert(entry);
        }
        Some((index, body))
    }

    /// `raw` without its job-log prefix ([`joblog::strip`]), with the
    /// prefix's time, or a later line of the job-log message being read
    /// without the blanks up to its text column. A job log's message is one
    /// console message: the report open ends where the next begins, or at a
    /// line indented less than the text, which is no line of it (taken as
    /// it is); a reply still open at such a line ends before its trailer,
    /// and the line is noted ([`Splitter::unplaced`]).
    fn job_log<'t>(&mut self, number: u32, raw: &'t str) -> (&'t str, Option<NaiveTime>) {
        if let Some((time, column, text)) = joblog::strip(raw) {
            self.open &= self.job_log.is_none();
            self.job_log = Some(column);
            return (text, Some(time));
        }
        let Some(column) = self.job_log else { return (raw, None) };
        match joblog::continuation(raw, column) {
            Some(text) => (text, None),
            None => {
                if let Some(reply) = self.logged_reply.filter(|_| self.open && !self.bodies_only) {
                    self.misfits.push((number, reply, column));
                }
                self.open = false;
                self.job_log = None;
                (raw, None)
            }
        }
    }

    /// Takes continuation record `number` of the message `connect_id` when
    /// no open reply owns it; `text` is its text, trimmed at the start.
    fn unplace(&mut self, number: u32, connect_id: &str, text: &str) {
        if self.bodies_only || self.closed.iter().any(|closed| closed == connect_id) {
            return;
        }
        let netstat = is_console_trailer(text.trim_end());
        match self.unplaced.last_mut().filter(|u| u.connect_id == connect_id) {
            Some(run) => {
                run.last = number;
                run.netstat |= netstat;
            }
            None => {
                let connect_id = connect_id.to_string();
                self.unplaced.push(Unplaced { connect_id, first: number, last: number, netstat });
            }
        }
    }

    /// Notes for the lines of console replies whose first line is not in
    /// the file, which were skipped, each with its first line, and for the
    /// lines that ended a reply kept in a job log (see [`Splitter::job_log`]).
    pub fn unplaced(&self) -> Vec<(u32, String)> {
        self.unplaced
            .iter()
            .filter(|u| u.netstat)
            .map(|u| {
                let note = format!(
                    "lines {} to {}: records of console reply {}, whose first line (`EZD0101I`, with the system, \
                     time and stack) is not in the file (the extract begins inside the reply): skipped; extract \
                     the log from before the command was answered to have them read",
                    u.first,
                    u.last,
                    crate::error::quoted(&u.connect_id)
                );
                (u.first, note)
            })
            .chain(self.misfits.iter().map(|&(line, reply, column)| {
                let note = format!(
                    "line {line}: a line of the console reply at line {reply}, kept in a job log, is not indented to \
                     the reply's text (column {}), as a job log writes a message's later lines: the reply ends before \
                     it, and its lines from here are not read; keep the job log as JES wrote it, or the reply without \
                     its prefix",
                    column + 1
                );
                (line, note)
            }))
            .collect()
    }

    /// A line whose SYSLOG prefix is out of its columns is told well enough
    /// to be read: an `EZD0101I` header, or a line of an open reply (its
    /// connect id, or its system and job).
    fn told(&self, record: &Record<'_>, text: &str) -> bool {
        let (id, body) = strip_message_id(text);
        let header = id == Some("EZD0101I") && parse_console_header(body.trim()).is_some();
        header || self.replies.iter().any(|(_, owner)| owner.owns_exactly(record))
    }

    /// Takes the command echo `body` at line `number`, if it is one: the
    /// report, stack and filter the next report was asked for.
    fn asked(&mut self, number: u32, body: &str) {
        if let Some(report) = command_echo(body) {
            self.echo = Some(report);
            self.target = echo_target(body);
        }
        if let Some(filter) = echo_filter(body) {
            self.filter = Some((number, filter));
        }
    }

    /// The reports, in order, and for each segment the index of its report.
    /// Joins each segment that only repeats the header of the one before (a
    /// page break) to it, unless it prints an entry of the report again, and
    /// gives every report its kind.
    /// The requests that failed come last, as reports of kind `Failed` of
    /// the stack they named (else of the report before them, else after):
    /// no segment is theirs.
    pub fn finish(mut self) -> (Vec<Planned>, Vec<usize>) {
        self.failures.extend(self.messages.take());
        let mut reports: Vec<Planned> = Vec::new();
        let mut report_of = Vec::with_capacity(self.segments.len());
        // The entries of each report so far.
        let mut printed: Vec<FxHashSet<u64>> = Vec::new();
        for segment in self.segments {
            let Segment {
                mut header,
                dialect,
                start,
                first_line,
                last_line,
                repeats_header,
                echo,
                filter,
                cut,
                traits,
                stamp,
                entries,
                shifted,
                ..
            } = segment;
            let first = traits.first().map(str::to_string);
            let kind = if start == Start::Pasearch {
                header.date = header.date.or(stamp.date);
                header.time = header.time.or(stamp.time);
                ReportKind::Pasearch
            } else {
                traits.kind(echo)
            };
            if let (Some(previous), Some(printed)) = (
                reports.last_mut().filter(|_| repeats_header && !matches!(kind, ReportKind::Pasearch)),
                printed.last_mut(),
            ) {
                // A page of the report: printed within minutes of its first
                // header (a run appended hours later with no line between is
                // another run, review 15a F5).
                let continues = (matches!(kind, ReportKind::Other(_) | ReportKind::Empty)
                    || same_layout(kind, previous.kind))
                    && printed.is_disjoint(&entries)
                    && !printed_later(previous.header.time, header.time);
                if continues {
                    printed.extend(entries);
                    previous.last_line = last_line.max(previous.last_line);
                    previous.first = previous.first.take().or(first);
                    previous.cut = previous.cut.take().or(cut);
                    previous.shifted = previous.shifted.or(shifted);
                    // A TTLS report becomes TTLS DETAIL when a later page holds a
                    // rule; a connection list is BYTEINFO when a page holds byte counts.
                    if matches!(kind, ReportKind::TtlsDetail | ReportKind::ByteInfo) {
                        previous.kind = kind;
                    }
                    report_of.push(reports.len() - 1);
                    continue;
                }
            }
            reports.push(Planned {
                header,
                dialect,
                kind,
                first_line,
                last_line,
                first,
                messages: None,
                filter,
                cut,
                run: Run::default(),
                asked: echo.is_some(),
                shifted,
            });
            report_of.push(reports.len() - 1);
            printed.push(entries);
        }
        number_runs(&mut reports, printed);
        let failed: Vec<Planned> = self.failures.into_iter().filter_map(|f| failed(f, &reports)).collect();
        reports.extend(failed);
        (reports, report_of)
    }
}

/// Numbers the capture runs of a file's `reports` (in file order), given
/// the entries each printed. A report begins the next run when it
/// - prints an entry an earlier report of its kind, stack, whereabouts and
///   command filter printed in the current run ([`Begun::Reprints`]); a page
///   never prints an entry of its report again, nor does a report of another
///   kind count (ALLCONN, ALL and TTLS print the same connections in one
///   run), nor one asked with another filter (`NETSTAT ALL` then `NETSTAT
///   ALL (PORT 443`);
/// - was asked by the same command as such a report, both after their
///   echoes ([`Begun::AskedAgain`]): a run asks each report once, so this is
///   the next run's, though the connections changed in between (an
///   unfiltered list prints every connection of its time);
/// - is a console reply whose SYSLOG time is more than
///   [`CAPTURE_GAP`] after the console reply of its system and stack
///   before it ([`Begun::Later`]): each reply is a command of its own, taken at its
///   own time, and a look at a stack is over within that time;
/// - is a `pasearch` dump whose `Date:` is another than the dump of its
///   system and stack before it, or whose date and time are more than
///   [`CAPTURE_GAP`] from it ([`Begun::Dated`]): dumps appended a day apart
///   (a data set written with DISP=MOD) print their rules once each, and
///   their date keeps them apart from nothing else (review 17b F18);
/// - printed its header more than [`CAPTURE_GAP`] after the report before
///   it of its kind, stack, whereabouts and filter in the current run
///   ([`Begun::PrintedLater`]): the same command run again later, appended
///   without an echo, though it prints no entry again (a stack restarted in
///   between numbers every connection anew; the monitor layout of `netstat
///   -b` prints no conn id). The report before, not the first: a job asking
///   `TTLS CONN n DETAIL` for each of thousands of connections prints them
///   a second or so apart for an hour and more.
fn number_runs(reports: &mut [Planned], entries: Vec<FxHashSet<u64>>) {
    type Key = (String, Option<String>, Option<NaiveDate>, ReportKind, Option<String>);
    // Per kind in the current run: each entry, and the first line of the
    // report that printed it first.
    let mut printed: FxHashMap<Key, FxHashMap<u64, u32>> = FxHashMap::default();
    // The reports of the current run asked after an echo, and their first lines.
    let mut asked: FxHashMap<Key, u32> = FxHashMap::default();
    // Per system and stack, the last console reply with a SYSLOG time, and
    // the last pasearch dump: its first line and time (an OPERLOG extract
    // interleaves systems).
    let mut last_reply: FxHashMap<(Option<String>, String, bool), (u32, NaiveDateTime)> = FxHashMap::default();
    // Per kind in the current run: the last report's line and header time.
    let mut last_printed: FxHashMap<Key, (u32, NaiveTime)> = FxHashMap::default();
    let mut index = 0;
    for (report, entries) in reports.iter_mut().zip(entries) {
        report.run.index = index;
        // A report this version does not read brings no rows to count twice.
        if matches!(report.kind, ReportKind::Other(_) | ReportKind::Empty) {
            continue;
        }
        let filter = report.filter.as_ref().map(|(_, filter)| filter.clone());
        let key = (report.header.stack.clone(), report.header.system.clone(), report.header.date, report.kind, filter);
        // A console reply's SYSLOG date and time, a pasearch dump's `Date:`
        // and `Time:` (keyed apart: each is compared with its own kind).
        let dump = report.kind == ReportKind::Pasearch;
        let stamp = match (report.dialect, report.header.date, report.header.time) {
            (Dialect::Console, Some(date), Some(time)) => Some(date.and_time(time)),
            (_, Some(date), Some(time)) if dump => Some(date.and_time(time)),
            _ => None,
        };
        let reprints = printed.get(&key).and_then(|seen| entries.iter().filter_map(|e| seen.get(e).copied()).min());
        let begun = reprints
            .map(|line| (line, Begun::Reprints))
            .or_else(|| asked.get(&key).filter(|_| report.asked).map(|line| (*line, Begun::AskedAgain)))
            .or_else(|| {
                let (&(line, before), at) = last_reply.get(&(key.1.clone(), key.0.clone(), dump)).zip(stamp)?;
                if dump {
                    let dated = at.date() != before.date() || (at - before).abs() > CAPTURE_GAP;
                    return dated.then_some((line, Begun::Dated(before)));
                }
                (at - before > CAPTURE_GAP).then_some((line, Begun::Later(before)))
            })
            .or_else(|| {
                let &(line, before) = last_printed.get(&key)?;
                printed_later(Some(before), report.header.time).then_some((line, Begun::PrintedLater(before)))
            });
        if begun.is_some() {
            index += 1;
            printed.clear();
            asked.clear();
            last_printed.clear();
        }
        if let Some(time) = report.header.time {
            last_printed.insert(key.clone(), (report.first_line, time));
        }
        report.run = Run { index, begun };
        if let Some(at) = stamp {
            last_reply.insert((key.1.clone(), key.0.clone(), dump), (report.first_line, at));
        }
        if report.asked {
            asked.entry(key.clone()).or_insert(report.first_line);
        }
        let seen = printed.entry(key).or_default();
        for entry in entries {
            seen.entry(entry).or_insert(report.first_line);
        }
    }
}

/// True when a header printed `later` more than [`CAPTURE_GAP`] after
/// `earlier`, on a clock that goes round at midnight (`23:59:58` then
/// `00:00:03` is five seconds on): another run, not the same one.
pub(crate) fn printed_later(earlier: Option<NaiveTime>, later: Option<NaiveTime>) -> bool {
    let (Some(earlier), Some(later)) = (earlier, later) else { return false };
    let after = later - earlier;
    let after = if after < chrono::TimeDelta::zero() { after + chrono::TimeDelta::days(1) } else { after };
    after > CAPTURE_GAP
}

/// The report of kind `Failed` of a request that failed, dated and timed as
/// the report before it (else after it), of the stack it named or that
/// report's, in its capture run. In a file of no report (a job that writes
/// each request to a data set of its own), of the stack it named, placed as
/// the file's path places a report; none when it named no stack: that file
/// failed as a whole.
fn failed(failure: Failure, reports: &[Planned]) -> Option<Planned> {
    let before = reports.iter().rev().find(|r| r.first_line < failure.line);
    let (header, dialect, run) = match before.or_else(|| reports.first()) {
        Some(beside) => {
            let mut header = beside.header.clone();
            header.stack = failure.stack.unwrap_or(header.stack);
            (header, beside.dialect, beside.run.index)
        }
        // NETSTAT's messages print their ids.
        None => (ReportHeader { stack: failure.stack?, ..ReportHeader::default() }, Dialect::MessageIds, 0),
    };
    Some(Planned {
        header,
        dialect,
        kind: ReportKind::Failed(failure.requested),
        first_line: failure.line,
        last_line: failure.last_line,
        first: None,
        messages: Some(failure.messages.join(" ")),
        filter: None,
        run: Run { index: run, begun: None },
        cut: None,
        asked: false,
        shifted: None,
    })
}

/// Splits `text` into its reports, in order (the requests that failed last).
pub fn split(text: &str) -> Vec<RawReport<'_>> {
    split_noted(text).0
}

/// [`split`], with notes of what was skipped that a report's lines may
/// have been (see [`Splitter::unplaced`]).
pub fn split_noted(text: &str) -> (Vec<RawReport<'_>>, Vec<(u32, String)>) {
    let mut splitter = Splitter::default();
    let mut bodies: Vec<Vec<BodyLine<'_>>> = Vec::new();
    let width = crate::text::record_width(text);
    for (index, raw) in crate::text::lines(text).enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if let Some((segment, text)) = splitter.line(number, raw) {
            if bodies.len() <= segment {
                bodies.resize_with(segment + 1, Vec::new);
            }
            bodies[segment].push(BodyLine { number, text, full: crate::text::fills(raw, width) });
        }
    }
    let notes = splitter.unplaced();
    let (planned, report_of) = splitter.finish();
    let mut reports: Vec<RawReport<'_>> = planned
        .into_iter()
        .map(|p| RawReport {
            header: p.header,
            dialect: p.dialect,
            kind: p.kind,
            first_line: p.first_line,
            last_line: p.last_line,
            filter: p.filter,
            cut: p.cut,
            asked: p.asked,
            body: Vec::new(),
            messages: p.messages,
            run: p.run,
            shifted: p.shifted,
        })
        .collect();
    for (segment, mut body) in bodies.into_iter().enumerate() {
        reports[report_of[segment]].body.append(&mut body);
    }
    (reports, notes)
}

/// The line that opens an entry of a report, as a hash, when `body` (not
/// indented) is one: `Client Name: ... Client Id: ...` (ALL), `ConnID: ...`
/// (TTLS), `TTLSGrpAction: ...` (TTLS GROUP DETAIL), `policyRule: ...`
/// (pasearch, which prints each rule once, and its actions again under
/// each rule they serve, indented), or a row
/// of a table (ALLCONN, CONN, BYTEINFO, TTLS GROUP) whose second word is a
/// hex id of 8 digits (a conn id, a group id), by its first two words (a
/// connection's state may change from one run to the next).
fn entry(body: &str) -> Option<u64> {
    if body.starts_with([' ', '\t']) {
        return None;
    }
    let mut hasher = FxHasher::default();
    if ["Client Name:", "ConnID:", "TTLSGrpAction:", "policyRule:"].iter().any(|key| starts_with_ignore_case(body, key))
    {
        body.trim_end().hash(&mut hasher);
        return Some(hasher.finish());
    }
    let mut words = body.split_whitespace();
    let (name, id) = (words.next()?, words.next()?);
    if name.ends_with(':') || id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (name, id).hash(&mut hasher);
    Some(hasher.finish())
}

/// Kinds that a page break can continue into each other: ALLCONN, CONN and
/// BYTEINFO print the same lines (a page has no command echo to tell them
/// apart), and a TTLS report is DETAIL once any of its pages holds a rule.
fn same_layout(a: ReportKind, b: ReportKind) -> bool {
    use ReportKind::{AllConn, ByteInfo, Conn, ConnOrAllConn, Ttls, TtlsConn, TtlsDetail};
    a == b
        || matches!(
            (a, b),
            (AllConn | Conn | ConnOrAllConn | ByteInfo, AllConn | Conn | ConnOrAllConn | ByteInfo)
                | (Ttls | TtlsConn | TtlsDetail, Ttls | TtlsConn | TtlsDetail)
        )
}

/// `line` is a report header (NETSTAT's, the console's or pasearch's),
/// with or without a message id.
pub fn is_header(line: &str) -> bool {
    let (id, body) = strip_message_id(line);
    parse_any_header(id, body).is_some()
}

/// Any report header: NETSTAT's, the console's (with its message number)
/// or pasearch's.
fn parse_any_header<'a>(id: Option<&str>, body: &'a str) -> Option<(ReportHeader, Start, Option<&'a str>)> {
    if id == Some("EZD0101I") {
        return parse_console_header(body).map(|(header, number)| (header, Start::Console, number));
    }
    if let Some(header) = parse_header(body) {
        return Some((header, Start::Netstat, None));
    }
    parse_pasearch_header(body).map(|header| (header, Start::Pasearch, None))
}

/// Parses a NETSTAT report header line (message id already removed).
pub fn parse_header(body: &str) -> Option<ReportHeader> {
    let rest = body.trim_start().strip_prefix("MVS TCP/IP NETSTAT CS ")?;
    let mut tokens = rest.split_whitespace();
    let release = tokens.next().filter(|r| is_release(r))?;
    // `TCPIP NAME:` in upper case too, as IBM's documentation prints it.
    if !tokens.next()?.eq_ignore_ascii_case("TCPIP") || !tokens.next()?.eq_ignore_ascii_case("Name:") {
        return None;
    }
    let stack = tokens.next()?;
    let time = match tokens.next() {
        Some(t) => Some(NaiveTime::parse_from_str(t, "%H:%M:%S").ok()?),
        None => None,
    };
    if tokens.next().is_some() {
        return None;
    }
    Some(ReportHeader { release: release.to_string(), stack: stack.to_string(), time, ..ReportHeader::default() })
}

/// Parses the first line of the console's `EZD0101I` message (the id
/// already removed): `NETSTAT CS V2R4 TCPIP 279`. Returns the header and the
/// message number.
pub fn parse_console_header(body: &str) -> Option<(ReportHeader, Option<&str>)> {
    let mut tokens = body.split_whitespace();
    if tokens.next()? != "NETSTAT" || tokens.next()? != "CS" {
        return None;
    }
    let release = tokens.next().filter(|r| is_release(r))?;
    let stack = tokens.next()?;
    let number = tokens.next();
    if tokens.next().is_some() || number.is_some_and(|n| !n.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let header = ReportHeader { release: release.to_string(), stack: stack.to_string(), ..ReportHeader::default() };
    Some((header, number))
}

/// Parses a `pasearch` header line: `TCP/IP pasearch CS 3.1  Image Name: TCPIP`.
pub fn parse_pasearch_header(body: &str) -> Option<ReportHeader> {
    let rest = body.trim_start().strip_prefix("TCP/IP pasearch CS ")?;
    let mut tokens = rest.split_whitespace();
    let release = tokens.next().filter(|r| is_release(r))?;
    if tokens.next()? != "Image" || tokens.next()? != "Name:" {
        return None;
    }
    let stack = tokens.next()?;
    if tokens.next().is_some() {
        return None;
    }
    Some(ReportHeader { release: release.to_string(), stack: stack.to_string(), ..ReportHeader::default() })
}

/// The `Date:` (`MM/DD/YYYY`) and `Time:` that pasearch prints below its
/// header, before the first rule.
#[derive(Default)]
struct Stamp {
    date: Option<NaiveDate>,
    time: Option<NaiveTime>,
    /// The first rule came: what follows is not the stamp.
    done: bool,
}

impl Stamp {
    fn add(&mut self, text: &str) {
        if self.done || text.trim_start().starts_with("policyRule:") {
            self.done = true;
            return;
        }
        for (key, value) in pairs(text).into_iter().flatten() {
            match key {
                "Date" => self.date = self.date.or(us_date(value)),
                "Time" => self.time = self.time.or(time_of_day(value)),
                _ => {}
            }
        }
    }
}

/// The date of the line BYTEINFO prints below its header in the "Real Time
/// Network Monitor" layout, `01/16/2019          MVS TCP/IP Real Time
/// Network Monitor`.
fn monitor_date(line: &str) -> Option<NaiveDate> {
    let mut words = line.split_whitespace();
    let date = words.next().and_then(us_date)?;
    let rest: Vec<&str> = words.collect();
    let monitor = ["MVS", "TCP/IP", "Real", "Time", "Network", "Monitor"];
    let is_monitor = rest.len() == monitor.len() && rest.iter().zip(monitor).all(|(a, b)| a.eq_ignore_ascii_case(b));
    is_monitor.then_some(date)
}

/// `VnRn` (`V2R4`, `V1R10`) or `n.n` (`3.1`).
fn is_release(token: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = token.strip_prefix('V') {
        return rest.split_once('R').is_some_and(|(v, r)| digits(v) && digits(r));
    }
    token.split_once('.').is_some_and(|(v, r)| digits(v) && digits(r))
}

/// A NETSTAT command message (`EZZ23nnI`), other than the header's `EZZ2350I`.
fn is_command_message(id: &str) -> bool {
    id.starts_with("EZZ23") && id != "EZZ2350I"
}

/// The stack a command echo asks: `NETSTAT ALLCONN (TCP TCPIPB`, `onetstat
/// -a -p TCPIPB`, `D TCPIP,TCPIPB,NETSTAT,CONN`.
fn echo_target(body: &str) -> Option<String> {
    let text = body.trim();
    if console_command(text).is_some() {
        let proc = text.split_once(' ')?.1.trim_start().split(',').nth(1)?;
        return (!proc.is_empty()).then(|| proc.to_ascii_uppercase());
    }
    let mut tokens = text.split_whitespace().map(|t| t.trim_start_matches('('));
    while let Some(token) = tokens.next() {
        if token.eq_ignore_ascii_case("TCP") || token == "-p" {
            return tokens.next().map(|t| t.trim_end_matches(')').to_ascii_uppercase());
        }
    }
    None
}

/// The stack EZZ2377I names: `Could not establish affinity with TCPIPB (1011/11B3005A) ...`.
fn affinity_stack(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("affinity with ")?;
    let stack = rest.split_whitespace().next()?.trim_matches(['\'', '"']);
    (!stack.is_empty()).then(|| stack.to_ascii_uppercase())
}

/// TSO's messages that a command of the capture job did not run
/// (`IKJ56500I COMMAND NETSTST NOT FOUND`) or ended in error (`IKJ56641I
/// NETSTAT ENDED DUE TO ERROR+`, its second level `IKJ56641I COMPLETION CODE
/// IS ...`): the request failed. Other TSO messages say nothing of one
/// (`IKJ56644I NO VALID TSO USERID` heads many a batch TSO job's output).
const TSO_FAILURES: [&str; 2] = ["IKJ56500I", "IKJ56641I"];

/// TSO's message that a command ended in error: after some report lines,
/// it cut that report.
const ABEND: &str = "IKJ56641I";

/// A report's cut (see [`RawReport::cut`]) is NETSTAT's end in error, not
/// the console's trailer.
pub fn ended_in_error(cut: &str) -> bool {
    tso_failure(cut) == Some(ABEND)
}

/// The id of a TSO message that a request failed (see [`TSO_FAILURES`]),
/// which TSO prints in column 1. TSO's ids are a digit longer than
/// NETSTAT's: `strip_message_id` takes them for text.
pub fn tso_failure(line: &str) -> Option<&'static str> {
    if !line.starts_with("IKJ") {
        return None;
    }
    TSO_FAILURES.into_iter().find(|id| line.strip_prefix(id).is_some_and(|rest| rest.starts_with(' ')))
}

/// [`is_boundary_trimmed`] of a line as it is.
#[cfg(test)]
fn is_boundary(id: Option<&str>, body: &str) -> bool {
    is_boundary_trimmed(id, body, body.trim_start())
}

/// A line that is not report output and ends any report before it;
/// `lead` is `body.trim_start()`.
fn is_boundary_trimmed(id: Option<&str>, body: &str, lead: &str) -> bool {
    if id.is_some_and(is_command_message) || tso_failure(body).is_some() {
        return true;
    }
    let text = lead.trim_end();
    // This runs for every line: the common report line is ruled out cheaply.
    // Prompts start in column 1; an indented line is never one. A command
    // echo may be indented (SYSTSIN listed with its leading blanks), but
    // then starts with the command word.
    let indented = body.starts_with([' ', '\t']);
    matches!(text, "READY" | "END")
        || is_console_trailer(text)
        || (!indented && (command_echo_position(text).is_some() || is_prompt(text) || console_command(text).is_some()))
        || (indented && starts_with_command_word(text))
}

/// An indented line that starts with the command word. Most report lines
/// are indented: the first letter rules them out before any word is cut.
fn starts_with_command_word(text: &str) -> bool {
    text.as_bytes().first().is_some_and(|b| matches!(b.to_ascii_lowercase(), b'n' | b'o' | b'p'))
        && text.split_ascii_whitespace().next().is_some_and(is_command_word)
}

/// The report a command echo asks for (`NETSTAT ALLCONN`, `onetstat -a`,
/// `D TCPIP,,NETSTAT,CONN`), if the line is a command echo that names one.
fn command_echo(body: &str) -> Option<&'static str> {
    let text = body.trim();
    if let Some((report, rest)) = console_command(text) {
        // `TTLS,CONN=0000A001`: the operands after the report, split at `=`.
        return requested(std::iter::once(report).chain(rest.flat_map(|operand| operand.split('='))));
    }
    let position = command_echo_position(text)?;
    requested(text.split_whitespace().skip(position + 1))
}

/// Where the command word (`netstat`, `onetstat`, `pasearch`) stands in a
/// command echo line: first, or right after a shell prompt (`SYSB:/u/netops
/// $ onetstat -A`).
fn command_echo_position(text: &str) -> Option<usize> {
    let mut previous: Option<&str> = None;
    for (i, token) in text.split_whitespace().take(8).enumerate() {
        let after_prompt = previous.is_none_or(|p| p.ends_with(['$', '#', '>', '%']));
        if is_command_word(token) && after_prompt {
            return Some(i);
        }
        previous = Some(token);
    }
    None
}

fn is_command_word(token: &str) -> bool {
    ["netstat", "onetstat", "pasearch"].iter().any(|c| token.eq_ignore_ascii_case(c))
}

/// The console command `D[ISPLAY] TCPIP,[proc],N[ETSTAT],<report>[,...]`:
/// returns its report operand and the operands after it.
fn console_command(text: &str) -> Option<(&str, std::str::Split<'_, char>)> {
    let (verb, operands) = text.split_once(' ')?;
    if !verb.eq_ignore_ascii_case("D") && !verb.eq_ignore_ascii_case("DISPLAY") {
        return None;
    }
    let mut operands = operands.trim_start().split(',');
    let is_netstat = |o: &str| !o.is_empty() && "NETSTAT".get(..o.len()).is_some_and(|n| n.eq_ignore_ascii_case(o));
    let valid = operands.next()?.eq_ignore_ascii_case("TCPIP") && operands.next().is_some();
    if !valid || !operands.next().is_some_and(is_netstat) {
        return None;
    }
    // Without a report operand the console prints CONN.
    let report = operands.next().map_or("CONN", |o| o.split_whitespace().next().unwrap_or(""));
    Some((report, operands))
}

/// NETSTAT's filters, by TSO and console name with the shortest
/// abbreviation (*IP System Administrator's Commands*, "The TSO NETSTAT
/// command syntax"; *z/OS Communications Server: IP System Administrator's
/// Commands*, "DISPLAY TCPIP,,NETSTAT"): a list filtered by one prints some
/// of the stack's sockets.
const FILTERS: &[(&str, &str)] = &[
    ("APPLD", "APPLD"),
    ("CLIENT", "CLI"),
    ("CONNTYPE", "CONNT"),
    ("HOSTNAME", "HOSTN"),
    ("IPADDR", "IPA"),
    ("IPPORT", "IPP"),
    ("NOTN3270", "NOTN3270"),
    ("PORT", "PO"),
    ("SMCID", "SMCID"),
];

/// The same filters as z/OS UNIX options (`-p`, the stack, is none).
const UNIX_FILTERS: &[&str] = &["-B", "-E", "-G", "-H", "-I", "-P", "-T", "-U", "-X"];

fn is_filter(word: &str) -> bool {
    let word = word.to_ascii_uppercase();
    FILTERS.iter().any(|(name, shortest)| word.starts_with(shortest) && name.starts_with(word.as_str()))
}

/// The filter a command echo gives its report, if any, as its words: TSO's
/// after `(`, which must come last (`NETSTAT ALLCONN (CLIENT FTPD1`:
/// `CLIENT FTPD1`), z/OS UNIX's options from the first filter on
/// (`onetstat -a -E FTPD1`: `-E FTPD1`), the console's filter operands
/// (`D TCPIP,,N,CONN,PORT=1414`: `PORT=1414`).
fn echo_filter(body: &str) -> Option<String> {
    let text = body.trim();
    // `TTLS CONN n [DETAIL]` prints connection n alone: `CONN n` filters it
    // (a TTLS DETAIL so filtered prints the policy of that connection only).
    let one_connection = command_echo(text) == Some("TTLS CONN");
    if let Some((_, operands)) = console_command(text) {
        let filters: Vec<&str> = operands
            .map(str::trim)
            .filter(|o| is_filter(o.split('=').next().unwrap_or("")) || (one_connection && o.contains('=')))
            .collect();
        return (!filters.is_empty()).then(|| filters.join(","));
    }
    let words: Vec<&str> = text.split_whitespace().skip(command_echo_position(text)? + 1).collect();
    if one_connection {
        return Some(words.iter().skip(1).take(2).copied().collect::<Vec<_>>().join(" "));
    }
    let words = match words.iter().position(|w| w.contains('(')) {
        Some(open) => {
            let mut after: Vec<&str> = words[open..].to_vec();
            after[0] = after[0].split_once('(').map_or("", |(_, rest)| rest);
            after.into_iter().filter(|w| !w.is_empty()).skip_while(|w| !is_filter(w)).collect::<Vec<_>>()
        }
        None => words.into_iter().skip_while(|w| !w.get(..2).is_some_and(|o| UNIX_FILTERS.contains(&o))).collect(),
    };
    (!words.is_empty()).then(|| words.join(" "))
}

/// The console's trailer when it displayed fewer records than there are:
/// `3 OF 4 RECORDS DISPLAYED` (the reply stops at `MAX=`, 100 records unless
/// the command gives another), or `REPORT TRUNCATED DUE TO GREATER THAN
/// 65533 LINES OF OUTPUT` (a reply stops at that many lines), as printed.
fn cut_trailer(text: &str) -> Option<String> {
    if text.starts_with(TRUNCATED) {
        return Some(text.to_string());
    }
    let counts = text.strip_suffix("RECORDS DISPLAYED")?;
    let (shown, all) = counts.trim().split_once(" OF ")?;
    let number = |t: &str| t.trim().parse::<u64>().ok();
    (number(shown)? < number(all)?).then(|| text.to_string())
}

/// The console's last lines: `2 OF 2 RECORDS DISPLAYED`, `END OF THE
/// REPORT`, or the line it prints instead when it cut the report.
fn is_console_trailer(text: &str) -> bool {
    let counted = text.ends_with("RECORDS DISPLAYED") && {
        let mut tokens = text.split_whitespace();
        let number = |t: Option<&str>| t.is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()));
        number(tokens.next()) && tokens.next() == Some("OF") && number(tokens.next()) && tokens.count() == 2
    };
    counted || text == "END OF THE REPORT" || text.starts_with(TRUNCATED)
}

/// The console's line in place of the rest of a reply too long for it.
const TRUNCATED: &str = "REPORT TRUNCATED DUE TO";

/// A bare shell prompt: `$`, or `host:/path $`.
fn is_prompt(text: &str) -> bool {
    let mut tokens = text.split_whitespace();
    match (tokens.next(), tokens.next(), tokens.next()) {
        (Some(one), None, None) => {
            matches!(one, "$" | "#" | ">")
                || (one.ends_with(['$', '#', '>']) && one.contains([':', '/', '~']) && !one.contains(".."))
        }
        (Some(_), Some(prompt), None) => matches!(prompt, "$" | "#" | ">"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let h = parse_header("MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:39").unwrap();
        assert_eq!((h.release.as_str(), h.stack.as_str()), ("V2R4", "TCPIP"));
        assert_eq!(h.time, NaiveTime::from_hms_opt(16, 40, 39));
        let h = parse_header("MVS TCP/IP NETSTAT CS 3.1  TCPIP Name: TCPIPB  ").unwrap();
        assert_eq!((h.release.as_str(), h.stack.as_str(), h.time), ("3.1", "TCPIPB", None));
        assert!(parse_header("MVS TCP/IP NETSTAT CS V1R10 TCPIP Name: T1 08:00:00").is_some());
        assert!(parse_header("MVS TCP/IP NETSTAT CS X TCPIP Name: T1").is_none());
        assert!(parse_header("MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: T1 25:99:00").is_none());
        assert!(parse_header("MVS TCP/IP NETSTAT CS V2R4 TCPIP Name:").is_none());
    }

    #[test]
    fn boundaries() {
        for line in [
            "READY",
            "END",
            "NETSTAT ALL (PORT 1414",
            "SYSB:/u/netops $ onetstat -A -p TCPIPB",
            "$",
            "SYSB:/u/netops $",
            "user@host:~$",
        ] {
            assert!(is_boundary(None, line), "{line}");
        }
        assert!(is_boundary(Some("EZZ2376I"), "Could not determine TCPIPjobname"));
        for line in [
            "TTLSRule: RULE#1",
            "  Client Name: JES2$",
            "CSQ9CHIN 000000BB 10.1.1.2..1414  10.1.0.2..51844  Establsh",
            "MVS TCP/IP NETSTAT CS V2R4",
        ] {
            assert!(!is_boundary(None, line), "{line}");
        }
        assert!(!is_boundary(Some("EZZ2350I"), "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP"));
    }

    #[test]
    fn reports_are_split_and_noise_skipped() {
        let text = "READY\nNETSTAT CONN\nEZZ2350I MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00\r\n\
            EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State\n\
            EZZ2587I JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh\n\
            READY\n\
            MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00\n\
            TTLSGrpAction                             Group ID           Conns\n\
            READY\nEND\n";
        let reports = split(text);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].kind, ReportKind::Conn);
        assert_eq!(reports[0].dialect, Dialect::MessageIds);
        assert_eq!((reports[0].first_line, reports[0].last_line), (3, 5));
        assert_eq!(reports[0].body[1].text, "JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh");
        assert_eq!(reports[1].kind, ReportKind::TtlsGroup);
        assert_eq!(reports[1].dialect, Dialect::Plain);
    }

    #[test]
    fn a_repeated_header_is_a_page_break() {
        let header = "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00";
        let text = format!("{header}\nClient Name: A  Client Id: 1\n{header}\nClient Name: B  Client Id: 2\n{header}\nTTLSGrpAction:  G\n");
        let reports = split(&text);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].kind, ReportKind::All);
        assert_eq!(reports[0].body.len(), 2);
        assert_eq!(reports[1].kind, ReportKind::TtlsGroupDetail);
    }

    #[test]
    fn a_page_break_keeps_the_kind_of_the_first_page() {
        let header = "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00";
        let columns = "User Id  Conn     Local Socket           Foreign Socket         State";
        let row = "JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh";
        let next = "JOB1     00000012 1.1.1.1..21            2.2.2.2..3001          Establsh";
        let text = format!("NETSTAT CONN\n{header}\n{columns}\n{row}\n{header}\n{columns}\n{next}\n");
        let reports = split(&text);
        assert_eq!(reports.len(), 1);
        assert_eq!((reports[0].kind, reports[0].body.len()), (ReportKind::Conn, 4));

        let text = format!("{header}\nConnID: 00000001\n  JobName: A\n{header}\nConnID: 00000002\nTTLSRule: R\n");
        let reports = split(&text);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].kind, ReportKind::TtlsDetail);
    }

    #[test]
    fn a_repeated_header_over_an_entry_printed_before_is_another_run() {
        // The same command run again in the same second, appended with no
        // line between: the second header prints the first's connections
        // (a page would print others), whatever their state now.
        let header = "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00";
        let columns = "User Id  Conn     Local Socket           Foreign Socket         State";
        let row = |state: &str| format!("JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          {state}");
        let all = "Local Socket: 1.1.1.1..21  Foreign Socket: 2.2.2.2..3000";
        let runs = [
            format!("{header}\n{columns}\n{}\n{header}\n{columns}\n{}\n", row("Establsh"), row("CloseWt")),
            format!("{header}\nClient Name: A  Client Id: 1\n{all}\n{header}\nClient Name: A  Client Id: 1\n{all}\n"),
            format!("{header}\nConnID: 00000001\n  JobName: A\n{header}\nConnID: 00000001\n  JobName: A\n"),
            format!("{header}\nTTLSGrpAction:  G\n  GroupID: 00000001\n{header}\nTTLSGrpAction:  G\n"),
        ];
        for text in runs {
            let reports = split(&text);
            assert_eq!(reports.len(), 2, "{text}");
            assert_eq!(reports[0].kind, reports[1].kind, "{text}");
            assert_eq!((reports[0].last_line, reports[1].first_line), (3, 4), "{text}");
            // And another capture run, after the report that printed it first.
            assert_eq!(
                (reports[0].run, reports[1].run),
                (Run::default(), Run { index: 1, begun: Some((1, Begun::Reprints)) }),
                "{text}"
            );
        }
        // A TTLS DETAIL page prints the rules and actions of its connections
        // again, and the ALL page the sockets: still a page.
        let detail = format!(
            "{header}\nConnID: 00000001\nTTLSRule: R\n  TTLSGrpAction: G\n{header}\nConnID: 00000002\nTTLSRule: R\n  TTLSGrpAction: G\n"
        );
        assert_eq!(split(&detail).len(), 1);
    }

    #[test]
    fn a_report_that_prints_an_entry_of_its_kind_again_begins_the_next_run() {
        // ALLCONN, ALL and TTLS of one run print the same connection; the
        // next ALLCONN prints it again and begins run 1, with the reports
        // after it. An ALL asked with a filter prints it again in its run.
        let header = "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00";
        let conn = "JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh";
        let columns = "User Id  Conn     Local Socket           Foreign Socket         State";
        let allconn = format!("NETSTAT ALLCONN\n{header}\n{columns}\n{conn}\nREADY\n");
        let all = format!("NETSTAT ALL\n{header}\nClient Name: JOB1  Client Id: 00000011\nREADY\n");
        let port = format!("NETSTAT ALL (PORT 21\n{header}\nClient Name: JOB1  Client Id: 00000011\nREADY\n");
        let ttls = format!("NETSTAT TTLS\n{header}\nConnID: 00000011\n  JobName: JOB1\nREADY\n");
        let text = [&allconn, &all, &port, &ttls, &allconn, &ttls, &all].map(String::as_str).concat();
        let runs: Vec<(u32, Option<u32>)> =
            split(&text).iter().map(|r| (r.run.index, r.run.begun.map(|(line, _)| line))).collect();
        // Each request is 4 or 5 lines: headers on 2, 7, 11, 15, 20, 25, 30.
        assert_eq!(runs, [(0, None), (0, None), (0, None), (0, None), (1, Some(2)), (1, None), (1, None)]);
    }

    #[test]
    fn releases_from_v1r10_to_3_1() {
        for release in ["V1R10", "V1R13", "V2R1", "V2R2", "V2R3", "V2R4", "V2R5", "V3R1", "3.1", "3.2"] {
            let header = parse_header(&format!("MVS TCP/IP NETSTAT CS {release:<8} TCPIP Name: TCPCS  08:00:00"));
            assert_eq!(header.map(|h| h.release), Some(release.to_string()), "{release}");
            let (header, _) = parse_console_header(&format!("NETSTAT CS {release} TCPCS 12")).unwrap();
            assert_eq!(header.release, release);
            let header = parse_pasearch_header(&format!("TCP/IP pasearch CS {release}   Image Name: TCPCS")).unwrap();
            assert_eq!(header.release, release);
        }
        for release in ["V2", "R4", "V2R", "2.", "V2R4a", "CS"] {
            assert!(parse_header(&format!("MVS TCP/IP NETSTAT CS {release} TCPIP Name: T")).is_none(), "{release}");
        }
    }

    #[test]
    fn console_and_pasearch_headers() {
        let (h, number) = parse_console_header("NETSTAT CS V2R4 TCPIPB 279").unwrap();
        assert_eq!((h.release.as_str(), h.stack.as_str(), h.time, number), ("V2R4", "TCPIPB", None, Some("279")));
        assert_eq!(parse_console_header("NETSTAT CS 3.1 TCPIP").map(|(_, n)| n), Some(None));
        assert!(parse_console_header("NETSTAT CS V2R4 TCPIP X1").is_none());
        assert!(parse_console_header("NETSTAT ALLCONN").is_none());
        let h = parse_pasearch_header("TCP/IP pasearch CS 3.1                    Image Name: TCPIP").unwrap();
        assert_eq!((h.release.as_str(), h.stack.as_str(), h.date), ("3.1", "TCPIP", None));
        assert!(parse_pasearch_header("TCP/IP pasearch CS 3.1 Image").is_none());
    }

    #[test]
    fn console_commands_and_trailers_are_boundaries() {
        for line in [
            "D TCPIP,,NETSTAT,CONN",
            "d tcpip,tcpipb,n,ttls,group",
            "DISPLAY TCPIP,,NETSTAT",
            "2 OF 2 RECORDS DISPLAYED",
            "END OF THE REPORT",
            "REPORT TRUNCATED DUE TO GREATER THAN 65533 LINES OF OUTPUT",
            "pasearch -t",
        ] {
            assert!(is_boundary(None, line), "{line}");
        }
        assert_eq!(command_echo("D TCPIP,,NETSTAT,ALLCONN"), Some("ALLCONN"));
        assert_eq!(echo_filter("D TCPIP,,NETSTAT,ALLCONN"), None);
        assert_eq!(command_echo("D TCPIP,TCPIPB,N,BYTEINFO,IDLETIME"), Some("BYTEINFO"));
        assert_eq!(command_echo("D TCPIP,,N"), Some("CONN"));
        assert_eq!(command_echo("D TCPIP,,N,ROUTE"), Some("ROUTE"));
        assert_eq!(command_echo("D TCPIP,,NETSTAT,TTLS,CONN=0000A001"), Some("TTLS CONN"));
        assert_eq!(command_echo("D TCPIP,,NETSTAT,TTLS,GROUP"), Some("TTLS"));
        for line in
            ["D A,L", "DISPLAY TCPIP,,OMPROUTE", "D  TCPIP", "USER ID  CONN     STATE", "1 OF RECORDS DISPLAYED"]
        {
            assert!(!is_boundary(None, line), "{line}");
        }
    }

    #[test]
    fn a_console_report_in_a_syslog_skips_other_messages() {
        let cont = |id: &str, text: &str| format!("{:<2}{:>43} 00000090  {text}\n", "DR", id);
        let text = [
            "NC0000000 SYSA     22151 16:40:38.90 TSU00012 00000290  D TCPIP,,NETSTAT,CONN\n".to_string(),
            "MR0000000 SYSA     22151 16:40:39.12 STC00045 00000090  EZD0101I NETSTAT CS V2R4 TCPIP 279\n".into(),
            cont("279", "USER ID  CONN     STATE"),
            "N 0000000 SYSA     22151 16:40:39.13 JOB00001 00000090  IEF403I OTHERJOB - STARTED\n".into(),
            cont("280", "SOMETHING ELSE"),
            cont("279", "CSQ9CHIN 000000BB ESTABLSH"),
            cont("279", "1 OF 1 RECORDS DISPLAYED"),
            cont("279", "END OF THE REPORT"),
            cont("279", "AFTER THE END"),
        ]
        .concat();
        let reports = split(&text);
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!((r.kind, r.dialect, r.first_line, r.last_line), (ReportKind::Conn, Dialect::Console, 2, 6));
        let body: Vec<_> = r.body.iter().map(|l| (l.number, l.text)).collect();
        assert_eq!(body, [(3, "USER ID  CONN     STATE"), (6, "CSQ9CHIN 000000BB ESTABLSH")]);
        assert_eq!(r.header.date, NaiveDate::from_ymd_opt(2022, 5, 31));
        assert_eq!(r.header.time, NaiveTime::from_hms_opt(16, 40, 39));
        assert_eq!((r.header.system.as_deref(), r.header.stack.as_str()), (Some("SYSA"), "TCPIP"));
    }

    #[test]
    fn a_request_that_printed_messages_and_no_report_failed() {
        let header = "EZZ2350I MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00";
        let row = "EZZ2587I JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh";
        let columns = "EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State";
        // Lines 1-5 a report and READY; 6-8 a request that failed, naming no
        // stack (the stack of the report before it); 9-10 EZZ2376I before a
        // report (informational), 11-13 that report; 14-15 `-p tcpipc` that
        // failed at the end of the file.
        let text = format!(
            "NETSTAT CONN\n{header}\n{columns}\n{row}\nREADY\nNETSTAT TTLS\nEZZ2385I stack not reached\nREADY\n\
             NETSTAT CONN\nEZZ2376I Could not determine TCPIPjobname, using default of 'TCPIP'\n{header}\n{columns}\n{row}\n\
             $ onetstat -x -p tcpipc\nEZZ2377I Could not establish affinity with TCPIPC (1011/11B3005A)\n"
        );
        let reports = split(&text);
        let kinds: Vec<_> =
            reports.iter().map(|r| (r.kind, r.header.stack.as_str(), r.first_line, r.messages.as_deref())).collect();
        assert_eq!(
            kinds,
            [
                (ReportKind::Conn, "TCPIP", 2, None),
                (ReportKind::Conn, "TCPIP", 11, None),
                (ReportKind::Failed(Some("TTLS")), "TCPIP", 7, Some("EZZ2385I stack not reached")),
                (
                    ReportKind::Failed(Some("TTLS")),
                    "TCPIPC",
                    15,
                    Some("EZZ2377I Could not establish affinity with TCPIPC (1011/11B3005A)")
                ),
            ]
        );
        assert_eq!(echo_target("D TCPIP,TCPIPB,NETSTAT,CONN"), Some("TCPIPB".to_string()));
        assert_eq!(echo_target("NETSTAT ALLCONN (TCP TCPIPB"), Some("TCPIPB".to_string()));
        assert_eq!(echo_target("D TCPIP,,NETSTAT,CONN"), None);
        // Messages alone that name no stack are no report: the file fails
        // as a whole. Naming one, they are a failed request of that stack,
        // undated and untimed (the file's path places it).
        assert_eq!(split("NETSTAT CONN\nEZZ2385I stack not reached\nREADY\n"), []);
        let alone = split("NETSTAT CONN\nEZZ2377I Could not establish affinity with X\nREADY\n");
        let kinds: Vec<_> = alone
            .iter()
            .map(|r| (r.kind, r.header.stack.as_str(), r.header.system.as_deref(), r.header.date, r.header.time))
            .collect();
        assert_eq!(kinds, [(ReportKind::Failed(Some("CONN")), "X", None, None, None)]);
    }

    #[test]
    fn tso_says_a_request_failed_in_two_messages_only() {
        assert_eq!(tso_failure("IKJ56500I COMMAND NETSTST NOT FOUND"), Some("IKJ56500I"));
        assert_eq!(tso_failure("IKJ56641I NETSTAT  ENDED DUE TO ERROR+"), Some("IKJ56641I"));
        assert_eq!(tso_failure("IKJ56644I NO VALID TSO USERID, DEFAULT USER ATTRIBUTES USED"), None);
        assert_eq!(tso_failure("IKJ565001 COMMAND NOT FOUND"), None);
        // An informational TSO message before a request is no failure of it.
        let text = "IKJ56644I NO VALID TSO USERID, DEFAULT USER ATTRIBUTES USED\nREADY\nNETSTAT CONN\n\
                    EZZ2350I MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00\n\
                    EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State\n\
                    EZZ2587I JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh\nREADY\n";
        let kinds: Vec<_> = split(text).iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [ReportKind::Conn]);
    }

    #[test]
    fn a_pasearch_dump_takes_its_date_and_time_from_below_its_header() {
        let text = "\nTCP/IP pasearch CS 3.1                    Image Name: TCPIP\n  Date:                 12/23/2024        Time:  04:52:29\n  TTLS Instance Id:     1734951139\n\npolicyRule:             R1\n  Rule Type:            TTLS\n";
        let reports = split(text);
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!((r.kind, r.dialect, r.first_line, r.last_line), (ReportKind::Pasearch, Dialect::Plain, 2, 7));
        assert_eq!(r.header.date, NaiveDate::from_ymd_opt(2024, 12, 23));
        assert_eq!(r.header.time, NaiveTime::from_hms_opt(4, 52, 29));
    }

    /// A filter as each dialect prints it (examples of IBM's syntax pages:
    /// TSO's after the `(` that must come last, z/OS UNIX's options, the
    /// console's operands); the stack (`-p`, `TCP`), output options and
    /// report modifiers are none.
    #[test]
    fn a_trailer_of_fewer_records_than_there_are_says_the_reply_was_cut() {
        assert_eq!(cut_trailer("100 OF 253 RECORDS DISPLAYED").as_deref(), Some("100 OF 253 RECORDS DISPLAYED"));
        assert_eq!(cut_trailer("2 OF 2 RECORDS DISPLAYED"), None);
        assert_eq!(cut_trailer("END OF THE REPORT"), None);
    }

    #[test]
    fn a_command_echo_names_its_filter() {
        let cases = [
            ("NETSTAT ALLCONN (CLIENT FTPD1", Some("CLIENT FTPD1")),
            ("NETSTAT CONN (IPADDR 10.30.5.22", Some("IPADDR 10.30.5.22")),
            ("NETSTAT ALL (PORT 1414", Some("PORT 1414")),
            ("NETSTAT BYTEINFO IDLETIME FORMAT LONG (PORT 992", Some("PORT 992")),
            ("  NETSTAT ALLC TCP TCPIPB (cli CICSPRD1 CICSPRD2", Some("cli CICSPRD1 CICSPRD2")),
            ("NETSTAT CONN (CONNTYPE NOTTLSPOLICY", Some("CONNTYPE NOTTLSPOLICY")),
            ("NETSTAT ALLCONN", None),
            ("NETSTAT ALL SERVER TCP TCPIPB", None),
            ("NETSTAT CONN REPORT", None),
            ("SYSB:/u/netops $ onetstat -a -E FTPD1 -p TCPIPB", Some("-E FTPD1 -p TCPIPB")),
            ("$ onetstat -A -P 1414", Some("-P 1414")),
            ("SYSB:/u/netops $ onetstat -a -M LONG -p TCPIPB", None),
            ("D TCPIP,,NETSTAT,ALL,PORT=1414", Some("PORT=1414")),
            ("D TCPIP,TCPIPB,N,CONN,CLIENT=CICSPRD1,MAX=500", Some("CLIENT=CICSPRD1")),
            ("D TCPIP,,N,ALLCONN,MAX=500", None),
            ("NETSTAT TTLS CONN 0000A001 DETAIL", Some("CONN 0000A001")),
            ("$ onetstat -x COnn 0000A001", Some("COnn 0000A001")),
            ("D TCPIP,,NETSTAT,TTLS,CONN=000000BB", Some("CONN=000000BB")),
            ("NETSTAT TTLS DETAIL", None),
            ("READY", None),
        ];
        for (echo, filter) in cases {
            assert_eq!(echo_filter(echo).as_deref(), filter, "{echo}");
        }
        let text = "READY\nNETSTAT ALLCONN (PORT 1414\nMVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00\n\
            User Id  Conn     Local Socket           Foreign Socket         State\n\
            JOB1     00000011 1.1.1.1..1414          2.2.2.2..3000          Establsh\n\
            READY\nNETSTAT ALLCONN\nMVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:01\n\
            User Id  Conn     Local Socket           Foreign Socket         State\n";
        let filters: Vec<_> = split(text).into_iter().map(|r| r.filter).collect();
        assert_eq!(filters, [Some((2, "PORT 1414".to_string())), None]);
    }
}
