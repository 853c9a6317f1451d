//! The writer and the merge: prepared files taken in work order on the
//! calling thread, the files of one capture run gathered, their reports
//! merged and written together.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::read::{NoRows, Prepared};
use super::{gone, report_earlier_problems, Event, Ledger, Outcome, Summary, Walked, PRUNED};

use crate::capture::trees;
use crate::error::{Problem, StoreError};
use crate::model::{ParsedCapture, ParsedReport, ReportKind, TextId, Whereabouts};
use crate::store::{RunReport, Store, Streamed};
use crate::{merge, path_text};

/// Files of one capture run are written together when they come one after
/// the other, up to these bounds (which bound the memory they hold).
pub(super) const GROUP_FILES: usize = 64;
const GROUP_BYTES: u64 = 64 << 20;

/// The writer: takes prepared files in work order on the calling thread and
/// writes them. The files of one capture run (one folder, see `run_key`) are
/// gathered and written in one transaction, their reports merged first, so
/// that a connection printed by the ALL, ALLCONN and TTLS files of a run is
/// one insert instead of three upserts. A run larger than the bounds above
/// is written in parts inside that one transaction.
pub(super) struct Writer<'a> {
    pub(super) store: &'a mut Store,
    pub(super) known: &'a HashMap<PathBuf, crate::store::KnownFile>,
    /// The pruned files a later file may have been read after.
    pub(super) pruned_copies: &'a HashMap<PathBuf, crate::store::PrunedCopy>,
    /// Files to read again: they shared a snapshot with a file that changed.
    pub(super) again: Vec<PathBuf>,
    /// Files followed to a new path in this run: where each went.
    pub(super) moved: HashMap<PathBuf, PathBuf>,
    pub(super) summary: &'a mut Summary,
    pub(super) ledger: &'a mut Ledger,
    pub(super) on_event: &'a mut dyn for<'x> FnMut(Event<'x>),
    /// Parsed files, their problems and notes.
    pub(super) group: Vec<(ParsedCapture, Vec<Problem>, Vec<String>)>,
    pub(super) group_limit: usize,
    /// The run whose parts are being written in one open transaction.
    pub(super) open_run: Option<String>,
    /// Files of pruned days are read again (`--restore-pruned`).
    pub(super) restore_pruned: bool,
    /// Today's date (see [`super::Options::today`]).
    pub(super) today: Option<chrono::NaiveDate>,
    /// The file read as a stream whose parts are being written, with its
    /// notes; `None` in it when the file is not written (a duplicate, a
    /// pruned day).
    pub(super) streamed: Option<(ParsedCapture, Vec<String>, Option<Streamed>)>,
    /// What the inventory holds of each file taken so far: its content
    /// hash, or `None` when nothing (it failed, or is to be read again).
    pub(super) contents: HashMap<PathBuf, Option<String>>,
}

impl Writer<'_> {
    /// Takes what a parser gave of a walked file: a file (one per member of
    /// an archive), or a head, a part or the tail of a file read as a stream.
    pub(super) fn take(&mut self, mut prepared: Prepared) -> Result<(), StoreError> {
        // An earlier copy followed to its new path in this run (the same
        // text) is read after there, as its content is now.
        if let Prepared::Parsed { capture, .. } | Prepared::Head { capture } = &mut prepared {
            if let Some(c) = capture.continues.as_mut().filter(|c| self.moved.contains_key(&c.original)) {
                c.original = self.moved[&c.original].clone();
                if let Some(Some(sha256)) = self.contents.get(&c.original) {
                    c.sha256 = sha256.clone();
                }
            }
        }
        let (capture, problems, notes) = match prepared {
            Prepared::Parsed { capture, problems, notes } => (capture, problems, notes),
            Prepared::NoRows(file) => {
                self.flush()?;
                return self.no_rows(file);
            }
            Prepared::Head { capture } => {
                if !self.continues_held(&capture) {
                    self.streamed = Some((capture, Vec::new(), None));
                    return Ok(());
                }
                return self.head(capture);
            }
            Prepared::Part { report, records } => {
                if let Some((capture, _, Some(streamed))) = &mut self.streamed {
                    self.store.write_part(streamed, capture, report, &records)?;
                }
                return Ok(());
            }
            Prepared::Tail { problems, notes: more, problem_count, record_counts } => {
                let Some((mut capture, said, streamed)) = self.streamed.take() else { return Ok(()) };
                let Some(streamed) = streamed else { return Ok(()) };
                capture.problem_count = problem_count;
                let totals = self.store.finish_streamed(&streamed, &capture, &problems, &record_counts)?;
                for (report, count) in capture.reports.iter_mut().zip(record_counts) {
                    report.record_count = count;
                }
                // What parsing said, then what the head said (as for a file read whole).
                let notes = more.into_iter().chain(said).collect();
                self.written(&capture, &problems, notes, totals);
                return Ok(());
            }
        };
        if self.pruned(&capture)? || !self.continues_held(&capture) {
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

    /// Whether the earlier file `capture` begins with, and was read after,
    /// is in the inventory as it was then (written before it, or in the store
    /// and not forgotten since, or pruned: its runs are the pruned days'). When not (it failed, changed, or left
    /// the inventory with a file that changed), `capture` is read again: whole,
    /// or after the earlier file as it is now.
    fn continues_held(&mut self, capture: &ParsedCapture) -> bool {
        let Some(c) = &capture.continues else { return true };
        let held = match self.contents.get(&c.original) {
            Some(sha256) => sha256.as_deref() == Some(&c.sha256),
            None => {
                let gathered = self.group.iter().any(|(g, _, _)| g.path == c.original && g.sha256 == c.sha256);
                let stored = self.known.get(&c.original).is_some_and(|k| k.sha256 == c.sha256);
                let pruned = self.pruned_copies.get(&c.original).is_some_and(|p| p.sha256 == c.sha256);
                gathered || ((stored || pruned) && !self.again.contains(&c.original))
            }
        };
        if !held {
            self.again.push(capture.path.clone());
        }
        held
    }

    /// True (and said) when `capture` is of a pruned day, not to be read.
    /// Read again (`--restore-pruned`), the stubs prune kept of its day go.
    fn pruned(&mut self, capture: &ParsedCapture) -> Result<bool, StoreError> {
        let Whereabouts { system, date, .. } = &capture.whereabouts;
        if self.restore_pruned {
            self.store.drop_stubs(system, &date.to_string())?;
            return Ok(false);
        }
        if !self.store.is_pruned_day(system, &date.to_string())? {
            return Ok(false);
        }
        let message = format!(
            "a capture of {system} on {date}, a day whose facts were pruned (ttlsinv prune): not read; \
             `ttlsinv ingest --restore-pruned` reads it"
        );
        (self.on_event)(Event::Note { path: &capture.path, message });
        self.ledger.record(&capture.path, Outcome::Pruned, Some(PRUNED.to_string()));
        (self.on_event)(Event::FileDone { bytes: capture.size, connections: 0 });
        Ok(true)
    }

    /// The head of a file read as a stream: the files gathered before it
    /// are written, and it is written in parts inside its run's one
    /// transaction. Its connections are merged with those of the other
    /// files of its run (and of its other parts) by the store.
    fn head(&mut self, capture: ParsedCapture) -> Result<(), StoreError> {
        self.flush()?;
        if self.pruned(&capture)? {
            self.streamed = Some((capture, Vec::new(), None));
            return Ok(());
        }
        if self.open_run.as_ref().is_some_and(|key| *key != capture.run_key) {
            self.store.end_run()?;
        }
        self.store.begin_run()?;
        self.open_run = Some(capture.run_key.clone());
        if !self.admitted(&capture, &HashMap::new())? {
            self.streamed = Some((capture, Vec::new(), None));
            return Ok(());
        }
        let mut files = [(capture, Vec::new())];
        let mut notes = Vec::new();
        self.separate_runs(&mut files, std::slice::from_mut(&mut notes))?;
        let [(capture, _)] = files;
        let streamed = self.store.write_head(&capture)?;
        self.streamed = Some((capture, notes, Some(streamed)));
        Ok(())
    }

    /// A file that brings no rows.
    fn no_rows(&mut self, file: NoRows) -> Result<(), StoreError> {
        let (store, summary, ledger) = (&mut *self.store, &mut *self.summary, &mut *self.ledger);
        let on_event = &mut *self.on_event;
        match file {
            NoRows::Failed { file, problems } => {
                self.contents.insert(file.path.clone(), None);
                store.replace_problems(&file.path, &problems)?;
                for problem in &problems {
                    on_event(Event::Problem { path: &file.path, problem, earlier: false });
                }
                ledger.failed(&file.path, &problems);
                summary.problems += problems.len();
                on_event(Event::FileDone { bytes: file.size, connections: 0 });
            }
            NoRows::Skipped { file, reason } => {
                self.contents.insert(file.path.clone(), None);
                store.replace_problems(&file.path, &[])?;
                on_event(Event::Note { path: &file.path, message: reason.clone() });
                ledger.record(&file.path, Outcome::NotACapture, Some(reason));
                on_event(Event::FileDone { bytes: file.size, connections: 0 });
            }
            NoRows::Duplicate { file, original, why } => {
                let held = self.contents.get(&original).cloned().flatten();
                self.contents.insert(file.path.clone(), held);
                let message = format!("same content as {}{why}", path_text::shown(&original));
                on_event(Event::Note { path: &file.path, message: format!("{message}: skipped") });
                ledger.record(&file.path, Outcome::Duplicate, Some(message));
                on_event(Event::FileDone { bytes: file.size, connections: 0 });
            }
            NoRows::Known { file, sha256, text, original, run_key } => {
                self.contents.insert(file.path.clone(), Some(sha256.clone()));
                // A file followed to its new path already: another copy of
                // it is a copy of the file where it is now.
                let original = self.moved.get(&original).cloned().unwrap_or(original);
                let content =
                    crate::store::Content { size: file.size, mtime_ns: file.mtime_ns, sha256: &sha256, text: &text };
                match self.known.get(&file.path).filter(|k| k.sha256 == sha256 || k.text == text) {
                    Some(k) => {
                        store.touch(k.file_id, &content)?;
                        ledger.record(&file.path, Outcome::Unchanged, None);
                        report_earlier_problems(store, &file.path, k.problem_count, summary, on_event)?;
                    }
                    None => match self.known.get(&original).filter(|_| moved(&original, &file.path)) {
                        // Moved with its tree, or renamed in its folder: the same run.
                        Some(k) if trees::are_runs_of(&store.run_keys_of(k.file_id)?, &run_key) => {
                            store.move_file(k.file_id, &original, &file.path, &content)?;
                            let message =
                                format!("moved from {} (same content and place)", path_text::shown(&original));
                            on_event(Event::Note { path: &file.path, message });
                            // In the inventory, as after a fresh ingest: no why to keep.
                            ledger.record(&file.path, Outcome::Unchanged, None);
                            report_earlier_problems(store, &file.path, k.problem_count, summary, on_event)?;
                            self.moved.insert(original, file.path.clone());
                        }
                        // Moved into another folder, or renamed with another
                        // time in its name: another capture run, read again
                        // there, as a fresh ingest would.
                        Some(k) => {
                            let why = another_run(&store.run_keys_of(k.file_id)?, &run_key);
                            self.contents.insert(file.path.clone(), None);
                            self.again.extend(store.forget_moved(k.file_id, &original, &file.path)?);
                            self.again.push(file.path.clone());
                            let message = format!(
                                "moved from {} into another capture run ({why}): read again",
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
    /// told how to say which system it is. The runs of a file (see
    /// [`crate::model::Run`]) are matched in order: the second run of one
    /// file with the second of another.
    fn separate_runs(
        &self,
        files: &mut [(ParsedCapture, Vec<Problem>)],
        notes: &mut [Vec<String>],
    ) -> Result<(), StoreError> {
        // (system, stack, date, kind, run of the file) of the run, and the file that holds it.
        let mut held: HashMap<Held, PathBuf> = HashMap::new();
        for ((capture, _), file_notes) in files.iter_mut().zip(notes.iter_mut()) {
            // A file may hold thousands of reports (a TTLS CONN n DETAIL per
            // connection): each kind is looked up once.
            let kinds: BTreeSet<Held> = capture
                .reports
                .iter()
                .filter(|r| !matches!(r.kind, ReportKind::Other(_) | ReportKind::Empty | ReportKind::Failed(_)))
                .map(|r| {
                    (
                        r.whereabouts.system.clone(),
                        r.header.stack.clone(),
                        r.whereabouts.date.to_string(),
                        r.kind.as_str(),
                        r.run.index,
                    )
                })
                .collect();
            let mut clash = None;
            for key in &kinds {
                let (system, stack, date, kind, index) = key;
                let other = match held.get(key) {
                    Some(path) => Some(path.clone()),
                    None => {
                        let run_key = trees::of_run(&capture.run_key, *index);
                        let run = RunReport { system, stack, date, run_key: &run_key, kind };
                        self.store.same_kind_in_run(&run, &capture.path)?
                    }
                };
                if let Some(other) = other {
                    clash = Some((key.clone(), other));
                    break;
                }
            }
            let Some(((system, stack, date, kind, _), other)) = clash else {
                held.extend(kinds.into_iter().map(|key| (key, capture.path.clone())));
                continue;
            };
            let name = path_text::encode(Path::new(capture.path.file_name().unwrap_or_default()));
            capture.run_key = format!("{}|{name}", capture.run_key);
            file_notes.push(format!(
                "holds a report of kind {kind} for stack {stack} on {system} {date}, as {} of the same capture \
                 run does: two reports of one kind are never one run, so this file is a snapshot of its own. If \
                 the files are captures of different systems, say where the system is in their names with \
                 --layout (for data sets named SYSA.NETSTAT.D250301.T080000: '{{system}}.NETSTAT.{{date}}.{{time}}'); \
                 until then they are snapshots of one system, and a conn id both print is not followed to the next \
                 day (its traffic counts its whole counters). If this file is a copy of the other saved another way \
                 (CRLF line ends, ASA carriage control, a blank line added), keep one of them",
                path_text::shown(&other)
            ));
        }
        Ok(())
    }

    /// Whether `capture` is to be written. The version of its file read
    /// earlier is forgotten first; a file whose content an earlier file of
    /// its group (`hashes`, by text) or the store holds as the same observation is a
    /// duplicate, said and not written.
    fn admitted(&mut self, capture: &ParsedCapture, hashes: &HashMap<String, PathBuf>) -> Result<bool, StoreError> {
        if let Some(old) = self.known.get(&capture.path) {
            let later = self.store.continuing(old.file_id)?;
            self.again.extend(self.store.forget(old.file_id)?);
            for path in later {
                let message = super::read_again_after(&capture.path, "changed");
                (self.on_event)(Event::Note { path: &path, message });
            }
            // Written over (a job that reuses its data set name, a second
            // download): the capture it held leaves the inventory, said.
            // Runs appended to it (a DISP=MOD data set downloaded again)
            // lose nothing: said so.
            if old.sha256 != capture.sha256 && grew(capture, old) {
                let runs = capture.reports.iter().map(|r| r.run.index + 1).max().unwrap_or(0) as usize;
                let what = match runs.checked_sub(old.run_keys.len()) {
                    Some(1) if !old.run_keys.is_empty() => "1 capture run appended".to_string(),
                    Some(n) if n > 1 && !old.run_keys.is_empty() => format!("{n} capture runs appended"),
                    _ => "more lines".to_string(),
                };
                let message = format!(
                    "grew since it was ingested: it begins with the whole of what it held ({} {}), followed by \
                     {what}: it is read whole again, what it held with it, and nothing is lost",
                    old.system, old.capture_date
                );
                (self.on_event)(Event::Note { path: &capture.path, message });
            } else if old.sha256 != capture.sha256 {
                let advice = match capture.whereabouts.time {
                    // A name of its own already: written over after its run.
                    Some(time) => format!(
                        "its name holds the time of its run ({}), so it was written over under that name (a \
                         second download, an edit): to keep both, keep the new one under a name of its own",
                        time.format("T%H%M%S")
                    ),
                    None => "to keep every run, give each run's output a name of its own (with a time, \
                             `.THHMMSS`)"
                        .to_string(),
                };
                let message = format!(
                    "changed since it was ingested: what it holds now replaces the capture it held ({} {}), \
                     whose rows leave the inventory; {advice}",
                    old.system, old.capture_date
                );
                (self.on_event)(Event::Note { path: &capture.path, message });
            }
        }
        // Of the group by its text (see `TextId`): the same text saved
        // another way beside it (another line end, compressed) is the same.
        let original = match hashes.get(&capture.text.sha256) {
            Some(path) => Some(path.clone()),
            None => {
                let Whereabouts { system, date, .. } = &capture.whereabouts;
                self.store.same_observation(&capture.sha256, (system, &date.to_string(), &capture.run_key))?
            }
        };
        self.contents.insert(capture.path.clone(), Some(capture.sha256.clone()));
        let Some(original) = original else { return Ok(true) };
        let message = format!("same content as {}", path_text::shown(&original));
        (self.on_event)(Event::Note { path: &capture.path, message: format!("{message}: skipped") });
        self.ledger.record(&capture.path, Outcome::Duplicate, Some(message));
        (self.on_event)(Event::FileDone { bytes: capture.size, connections: 0 });
        Ok(false)
    }

    /// Writes the gathered files of one capture run.
    pub(super) fn flush(&mut self) -> Result<(), StoreError> {
        let mut files: Vec<(ParsedCapture, Vec<Problem>)> = Vec::with_capacity(self.group.len());
        let mut notes = Vec::with_capacity(self.group.len());
        let mut hashes: HashMap<String, PathBuf> = HashMap::new();
        for (capture, problems, file_notes) in std::mem::take(&mut self.group) {
            if !self.admitted(&capture, &hashes)? {
                continue;
            }
            hashes.insert(capture.text.sha256.clone(), capture.path.clone());
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
        let late = self.today.and_then(|today| super::read::after_today(capture, today));
        for message in notes.into_iter().chain(totals.notes).chain(late) {
            on_event(Event::Note { path: &capture.path, message });
        }
        let (mut reports, mut skipped) = (Vec::new(), Vec::new());
        for report in &capture.reports {
            // NETSTAT's end in error is a problem (see `read::ended_in_error`).
            let trailer = report.cut.as_ref().filter(|(_, cut)| !crate::capture::split::ended_in_error(cut));
            if let Some((line, trailer)) = trailer {
                let kind = report.kind.as_str();
                let (what, remedy) = if trailer.ends_with("RECORDS DISPLAYED") {
                    (
                        format!(
                            "the console's MAX= cut this {kind} reply (100 records unless the command gives another)"
                        ),
                        "raise MAX= (`D TCPIP,,NETSTAT,ALLCONN,MAX=...`) or capture with the TSO NETSTAT command, \
                         which prints every record",
                    )
                } else {
                    (
                        format!("the console cut this {kind} reply at 65533 lines"),
                        "capture with the TSO NETSTAT command, which prints every record, or ask the console for \
                         less at a time (a filter such as `PORT=`)",
                    )
                };
                let message = format!(
                    "line {line}: `{trailer}`: {what}, so it does not show every connection and listener of stack {} \
                     (its listeners are not taken for all the stack's, for direction): {remedy}",
                    report.header.stack
                );
                on_event(Event::Note { path: &capture.path, message });
            }
            let ReportKind::Other(looks_like) = report.kind else {
                reports.push(report.kind.as_str());
                if report.kind == ReportKind::Empty {
                    let message = format!(
                        "line {}: a report header with nothing after it (was the capture cut after its first line?)",
                        report.first_line
                    );
                    on_event(Event::Note { path: &capture.path, message });
                }
                continue;
            };
            skipped.push(looks_like.unwrap_or("unrecognised"));
            let kind = match looks_like {
                // A reply that is not what it was asked for: a problem (see `read::unlike_request`).
                Some(name) if ReportKind::is_read(name) => continue,
                Some(name) => format!("a NETSTAT {name} report, which this version does not read"),
                None => "a report of a kind this version does not recognise".to_string(),
            };
            let message = format!("line {}: {kind}: skipped", report.first_line);
            on_event(Event::Note { path: &capture.path, message });
        }
        // A file whose every request failed (a job that writes each request to
        // a data set of its own) failed, placed where its reports are.
        let (outcome, reason) = if capture.reports.iter().all(|r| matches!(r.kind, ReportKind::Failed(_))) {
            (Outcome::Failed, super::ledger::failure(problems))
        } else {
            // True whatever becomes of the earlier copy (pruned, forgotten):
            // it was read before this one.
            let after = capture.continues.as_ref().map(|c| {
                format!(
                    "read from line {}: lines 1 to {} are {}, read before it",
                    c.line,
                    c.line - 1,
                    path_text::shown(&c.original)
                )
            });
            (Outcome::Ingested, after)
        };
        let walked = Walked { outcome, reason, reports, skipped };
        self.ledger.files.insert(capture.path.clone(), walked);
        summary.snapshots += totals.snapshots;
        summary.connections += totals.connections;
        summary.listeners += totals.listeners;
        summary.udp += totals.udp;
        summary.tls_sessions += totals.tls_sessions;
        summary.problems += capture.problem_count;
        summary.bytes_read += capture.size;
        // Each report's: a SYSLOG extract may hold several systems' replies and days.
        for w in capture.reports.iter().map(|r| &r.whereabouts) {
            summary.systems.entry(w.system.clone()).or_default().insert(w.date);
        }
        // Said once per system: every file of a tree laid out by stack is.
        for w in capture.reports.iter().map(|r| &r.whereabouts) {
            if let Some(layout) = w.stack_folder {
                summary.stack_folders.entry(w.system.clone()).or_insert_with(|| (capture.path.clone(), layout));
            }
        }
        // A file may hold thousands of reports: each kind is kept once.
        let named: BTreeSet<(&str, NaiveDate, &'static str, &str)> = capture
            .reports
            .iter()
            .filter(|r| !matches!(r.kind, ReportKind::Other(_) | ReportKind::Empty | ReportKind::Failed(_)))
            .filter_map(|r| {
                let w = &r.whereabouts;
                let name =
                    w.file_named_as_system.as_deref().filter(|name| !name.eq_ignore_ascii_case(&r.header.stack))?;
                Some((w.system.as_str(), w.date, r.kind.as_str(), name))
            })
            .collect();
        for (system, date, kind, name) in named {
            let days = summary.files_named_as_systems.entry(system.to_string()).or_default();
            let names = days.entry((date, kind)).or_default();
            names.entry(name.to_string()).or_insert_with(|| capture.path.clone());
        }
        if let (true, Some(folder)) = (capture.whereabouts.system_from_folder, capture.path.parent()) {
            let name = capture.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let system = &capture.whereabouts.system;
            summary.systems_from_folders.entry(folder.to_path_buf()).or_insert_with(|| (system.clone(), name));
        }
        on_event(Event::FileDone { bytes: capture.size, connections: totals.connections });
    }
}

/// A report kind of a capture run, in [`Writer::separate_runs`]: system,
/// stack, date, kind, and the run of its file.
type Held = (String, String, String, &'static str, u32);

/// True when the file found at `to` is the file once ingested at `from`,
/// moved or renamed (the tree moved, or a file renamed): nothing is at
/// `from` any more (an archive member moves with its archive).
fn moved(from: &Path, to: &Path) -> bool {
    from != to && gone(from)
}

/// Why a file moved from the runs `before` (run keys, see
/// `capture::Trees::run_key`: the folder, then `|HHMMSS` from a time in the
/// name) to the run `now` is in another run: another folder, or the time its
/// new name gives or no longer gives in the same folder.
fn another_run(before: &[String], now: &str) -> String {
    let split = |key: &str| -> (String, Option<String>) {
        // A later run of one file (`|run 2`) is of its file's folder and time.
        let key =
            key.rsplit_once("|run ").filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit())).map_or(key, |(k, _)| k);
        match key.rsplit_once('|') {
            Some((folder, t)) if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) => {
                (folder.to_string(), Some(format!("{}:{}:{}", &t[..2], &t[2..4], &t[4..])))
            }
            _ => (key.to_string(), None),
        }
    };
    let (folder, time) = split(now);
    match before.iter().map(|key| split(key)).find(|(f, _)| *f == folder) {
        None => "another folder".to_string(),
        Some((_, was)) => match (time, was) {
            (Some(time), Some(was)) => format!("the time in its new name, {time}, where its old name gave {was}"),
            (Some(time), None) => format!("the time in its new name, {time}, where its old name gave none"),
            (None, Some(was)) => format!("its new name gives no time, where its old name gave {was}"),
            (None, None) => "another run of its folder".to_string(),
        },
    }
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

/// Whether the file of `capture` begins with the whole of what it held
/// when `old` was ingested, as bytes or as text (see [`TextId`]), and holds
/// more: lines appended to it.
fn grew(capture: &ParsedCapture, old: &crate::store::KnownFile) -> bool {
    if old.text.size >= capture.text.size {
        return false;
    }
    let path = &capture.path;
    let plain = |size: u64, sha256: &str, text: &TextId| text.size == size && text.sha256 == sha256;
    if plain(old.size, &old.sha256, &old.text) && plain(capture.size, &capture.sha256, &capture.text) {
        super::first_bytes(path, old.size.min(4096))
            .is_some_and(|head| super::begins_with(path, capture.size, &head, (old.size, &old.sha256)))
    } else {
        let head = super::read::text_head(path, old.text.size.min(4096));
        super::read::text_begins_with(path, capture.size, &head, &old.text)
    }
}
