//! Follows each connection from snapshot to snapshot, so that its counters
//! can be read as traffic and the connection counted once.
//!
//! NETSTAT's byte and segment counters count from the connection's start. An
//! observation continues the latest earlier one of the same stack and conn
//! id when nothing says it is another connection: the same start time and
//! ports where both printed them, and no counter lower than before (a conn
//! id reused by a new connection starts afresh) unless both printed the
//! same start: a new connection prints its own, so counters that fall under
//! an unchanged start are the same connection's, wrapped at 2^32 (printed
//! in 10 digits, see [`moved`]) or misprinted; such a fall is kept in
//! `temp.counter_falls` for ingest to say. Addresses are not compared:
//! reports print the same address in more than one form (IPv4 and
//! IPv4-mapped IPv6).
//!
//! BYTEINFO's monitor layout prints no conn id (the row's is made up from
//! its job, local port and foreign socket) unless another report of its
//! snapshot names the connection. Such an observation continues the latest
//! earlier one of the same job, local port and remote socket, printed with
//! a conn id or without, and one printed with a conn id continues its conn
//! id's or else its socket's: one connection, whatever report printed it on
//! each day. A stack with such rows is linked whole,
//! in capture order, after each run.
//!
//! The writer links new rows as it inserts them ([`Live`]), from the heads
//! of each conn id. What it could not link, [`link_connections`] links after
//! the files are written: on from `connection_heads` (the latest observation
//! of each conn id) when the rows are all later than what was linked;
//! otherwise (a late file, a changed one) the whole stack is linked again
//! and the days whose rows changed are marked pending.
//!
//! `ttlsinv prune` keeps the heads of each stack at its boundary
//! (`pruned_heads`, [`keep_pruned`]): a stack linked again whole takes each
//! in its time ([`Waiting`]), so a day after the boundary continues the
//! pruned days as it did when it was first linked, and a day before it read
//! late (or read again) does not.

// Looked up for every row the writer links: a fast hash.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::{ipv4_form, Connection as Record};

/// Stacks with connection rows not linked yet, or whose links were reset.
const STACKS: &str = include_str!("../../../sql/summarize/links-stacks.sql");

const LINKED_THROUGH: &str = include_str!("../../../sql/summarize/links-linked-through.sql");

const EARLIEST_UNLINKED: &str = include_str!("../../../sql/summarize/links-earliest-unlinked.sql");

/// The observations to link, each conn id's in capture order. `?3`: 1 for
/// every row of the stack, 0 for the rows not linked yet.
const OBSERVATIONS: &str = include_str!("../../../sql/summarize/links-observations.sql");

const HEAD: &str = include_str!("../../../sql/summarize/links-head.sql");

const CLEAR_HEADS: &str = include_str!("../../../sql/summarize/links-clear-heads.sql");

const UPSERT_HEAD: &str = include_str!("../../../sql/summarize/links-upsert-head.sql");

const UPDATE_LINK: &str = include_str!("../../../sql/summarize/links-update.sql");

const MARK_PENDING: &str = include_str!("../../../sql/summarize/links-mark-pending.sql");

const SET_LINKED_THROUGH: &str = include_str!("../../../sql/summarize/links-set-linked-through.sql");

const STACK_UNNUMBERED: &str = include_str!("../../../sql/summarize/links-stack-unnumbered.sql");

/// The heads a prune kept of a stack become its heads (after [`CLEAR_HEADS`]).
const SEED_HEADS: &str = include_str!("../../../sql/summarize/links-seed-heads.sql");

/// The heads a prune kept of a stack, with their sockets.
const PRUNED_HEADS: &str = include_str!("../../../sql/summarize/links-pruned-heads.sql");

/// Byte and segment counters: in, out, segments in, segments out.
type Counters = [Option<i64>; 4];

/// The counters' names, as ALL prints them.
const COUNTER_NAMES: [&str; 4] = ["BytesIn", "BytesOut", "SegmentsIn", "SegmentsOut"];

/// A counter printed in 10 digits wraps here: NETSTAT's SHORT format prints
/// the low 32 bits of the stack's 64-bit counters (2^32 - 1 is 10 digits
/// long); its LONG format prints the whole counter in 20 digits.
const WRAP: i64 = 1 << 32;

/// Printed in more digits than this, a counter is the whole 64-bit one.
const SHORT_DIGITS: i64 = 10;

/// Whether `value`, a counter printed in `digits`, is the whole 64-bit one.
/// A row stored before 0073 keeps no width (`None`): a value 32 bits cannot
/// hold was printed whole, a lower one is taken for a 10-digit print.
fn whole(digits: Option<i64>, value: i64) -> bool {
    digits.map_or(value >= WRAP, |d| d > SHORT_DIGITS)
}

/// What a counter moved from one reading to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moved {
    Grew(i64),
    /// Fell: the growth across a 32-bit wrap where one explains the fall,
    /// else none.
    Fell(Option<i64>),
}

/// What a counter moved from `before` to `now` under an unchanged start,
/// each reading printed whole (see [`whole`]) or in 10 digits. Where either
/// is a 10-digit print, the low 32 bits are compared (a whole reading
/// reduced to them, review 15a F2: a day of `netstat -b FORMAT LONG`
/// between days of ALL); two whole readings compare whole.
///
/// Only a 10-digit reading wraps. It wraps from the upper half of the
/// counter, or from anywhere below 2^32 when `busy`: the same reading shows
/// the connection moved on since (see [`Head::follow`]), and the fall is one
/// wrap (more than 2 GiB between two snapshots, review 18a F9). A fall from
/// below the upper half with nothing to show that is far
/// likelier an earlier run read again under a later time (a cumulative copy
/// read whole, a capture re-dated), whose every counter is lower or the
/// same, or a misprint, for which a wrap would count 4 GiB that never moved
/// (review 13a). A whole reading is never below the low 32 bits an earlier
/// 10-digit print showed of it, nor below its own earlier value: its fall is
/// no wrap (review 14b); above them, it moved what its low 32 bits moved.
fn moved(before: i64, before_whole: bool, now: i64, now_whole: bool, busy: bool) -> Moved {
    if now_whole {
        return match now.checked_sub(before) {
            Some(growth) if growth >= 0 && before_whole => Moved::Grew(growth),
            Some(growth) if growth >= 0 => Moved::Grew(growth % WRAP),
            _ => Moved::Fell(None),
        };
    }
    let before = if before_whole { before.rem_euclid(WRAP) } else { before };
    if now >= before {
        Moved::Grew(now - before)
    } else {
        let from = if busy { 0 } else { WRAP / 2 };
        Moved::Fell((from..WRAP).contains(&before).then(|| now + WRAP - before))
    }
}

/// Per counter, the value before a fall, whether it was printed whole, and
/// the counter of the same reading whose growth shows the connection moved
/// on (see [`Head::follow`]), by its index in [`COUNTER_NAMES`].
type Fell = [Option<(i64, bool, Option<usize>)>; 4];

/// The counters printed whole of a head, as `connection_heads` and
/// `pruned_heads` keep them: one bit each, in [`COUNTER_NAMES`] order.
fn whole_mask(whole: [bool; 4]) -> i64 {
    whole.iter().enumerate().map(|(i, &w)| i64::from(w) << i).sum()
}

/// The counters printed whole of a stored head (NULL: a head stored before
/// 0080, its counters taken for 10-digit ones).
fn whole_bits(mask: Option<i64>) -> [bool; 4] {
    std::array::from_fn(|i| mask.is_some_and(|m| m >> i & 1 == 1))
}

/// Creates `temp.counter_falls`, where linking keeps the counters that fell
/// under an unchanged start (see the module comment).
const FALLS_TABLE: &str = include_str!("../../../sql/summarize/links-falls-table.sql");

const INSERT_FALL: &str = include_str!("../../../sql/summarize/links-insert-fall.sql");

/// What is known of a connection at its latest observation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    connection_id: i64,
    identity_id: i64,
    captured_at: String,
    /// The capture date of the observation (not always the day of its
    /// time: a run filed under its path's date may print its time after
    /// midnight), which a prune keeps with its heads; empty where no walk
    /// needs it ([`HEAD`] and the writer's links, which keep none).
    capture_date: String,
    started_at: Option<String>,
    local_port: Option<i64>,
    remote_port: Option<i64>,
    /// The last value printed of each counter (an observation without
    /// counters, from ALLCONN, keeps the earlier ones).
    counters: Counters,
    /// Whether each was printed whole (see [`whole`]).
    whole: [bool; 4],
}

/// One observation of a connection.
#[derive(Debug, Clone)]
struct Observation {
    connection_id: i64,
    captured_at: String,
    capture_date: String,
    started_at: Option<String>,
    local_port: Option<i64>,
    remote_port: Option<i64>,
    counters: Counters,
    /// The digits its counters were printed in (see [`whole`]).
    counter_digits: Option<i64>,
}

/// What linking works out for an observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Link {
    previous_id: Option<i64>,
    identity_id: i64,
    traffic: Counters,
    /// The value before of each counter that fell below it under an
    /// unchanged start (traffic across a 32-bit wrap, else none).
    fell: Fell,
}

/// Two values agree when either is missing or they are equal.
fn agree<T: PartialEq>(a: Option<&T>, b: Option<&T>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

impl Head {
    /// Whether `next` is a later observation of this connection: lower
    /// counters say another connection unless both printed the same start.
    fn continues_to(&self, next: &Observation) -> bool {
        let same_start = self.started_at.is_some() && self.started_at == next.started_at;
        agree(self.started_at.as_ref(), next.started_at.as_ref())
            && agree(self.local_port.as_ref(), next.local_port.as_ref())
            && agree(self.remote_port.as_ref(), next.remote_port.as_ref())
            && (same_start
                || (0..4).all(|i| match (self.counters[i], next.counters[i]) {
                    (Some(before), Some(now)) => {
                        let now_whole = whole(next.counter_digits, now);
                        matches!(moved(before, self.whole[i], now, now_whole, false), Moved::Grew(_))
                    }
                    _ => true,
                }))
    }

    /// The link of `next` and the head after it.
    fn follow(head: Option<&Head>, next: &Observation) -> (Link, Head) {
        let continued = head.filter(|h| h.continues_to(next));
        // Each counter's reading before (and whether printed whole) and now.
        let readings: [Option<(i64, bool, i64, bool)>; 4] =
            std::array::from_fn(|i| match (next.counters[i], continued.and_then(|h| h.counters[i])) {
                (Some(now), Some(before)) => {
                    Some((before, continued.is_some_and(|h| h.whole[i]), now, whole(next.counter_digits, now)))
                }
                _ => None,
            });
        let grew: [bool; 4] = std::array::from_fn(|i| {
            readings[i].is_some_and(|(before, before_whole, now, now_whole)| {
                matches!(moved(before, before_whole, now, now_whole, false), Moved::Grew(growth) if growth > 0)
            })
        });
        // The counter whose growth shows that the connection moved on since
        // the reading before, so that counter `i`'s fall is no earlier run
        // read again (review 18a F9): the other counter of its direction
        // (BytesIn and SegmentsIn, BytesOut and SegmentsOut), or, where the
        // two readings did not both print that one, any other.
        let shown = |i: usize| {
            let pair = i ^ 2;
            if readings[pair].is_some() {
                grew[pair].then_some(pair)
            } else {
                (0..4).find(|&j| grew[j])
            }
        };
        let mut fell = [None; 4];
        // The counters that stay at their value before a fall.
        let mut stays = [false; 4];
        let traffic = std::array::from_fn(|i| match readings[i] {
            Some((before, before_whole, now, now_whole)) => {
                match moved(before, before_whole, now, now_whole, shown(i).is_some()) {
                    Moved::Grew(growth) => Some(growth),
                    // Fallen under the same start: the growth across a 32-bit
                    // wrap, where one explains the fall; else none, and the
                    // connection goes on from the higher value (a later run
                    // taken for an earlier one, review 16b F2: the bytes counted
                    // up to it are not counted again), unless a 10-digit print
                    // could not hold it (a misprint).
                    Moved::Fell(wrap) => {
                        fell[i] = Some((before, before_whole, shown(i)));
                        stays[i] = wrap.is_none() && (before_whole || before < WRAP);
                        Some(wrap.unwrap_or(0))
                    }
                }
            }
            None => next.counters[i],
        });
        let link = Link {
            previous_id: continued.map(|h| h.connection_id),
            identity_id: continued.map_or(next.connection_id, |h| h.identity_id),
            traffic,
            fell,
        };
        let before = |i: usize| continued.and_then(|h| h.counters[i]);
        let kept = |now: Option<i64>, i: usize| if stays[i] { before(i) } else { now.or_else(|| before(i)) };
        let head = Head {
            connection_id: next.connection_id,
            identity_id: link.identity_id,
            captured_at: next.captured_at.clone(),
            capture_date: next.capture_date.clone(),
            started_at: next.started_at.clone().or_else(|| continued.and_then(|h| h.started_at.clone())),
            local_port: next.local_port.or_else(|| continued.and_then(|h| h.local_port)),
            remote_port: next.remote_port.or_else(|| continued.and_then(|h| h.remote_port)),
            counters: std::array::from_fn(|i| kept(next.counters[i], i)),
            whole: std::array::from_fn(|i| match next.counters[i] {
                Some(now) if !stays[i] => whole(next.counter_digits, now),
                _ => continued.is_some_and(|h| h.whole[i]),
            }),
        };
        (link, head)
    }
}

/// A job, local port, remote address (in its IPv4 form) and remote port:
/// what BYTEINFO's monitor layout prints of a connection.
type Socket = (Option<String>, Option<i64>, Option<String>, Option<i64>);

/// Where a walk keeps a connection's latest observation: under its printed
/// conn id, or under its socket while no report has printed one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Thread {
    Printed(String),
    Unnumbered(Socket),
}

/// The heads of a walk of a stack's observations, each with the conn id it
/// is stored under.
#[derive(Default)]
struct Threads {
    heads: HashMap<Thread, (String, Head)>,
    /// The printed conn id last observed on each socket.
    printed: HashMap<Socket, String>,
}

impl Threads {
    /// The link of `next`, observed as `conn_id`. With its `socket` (a
    /// walk in capture order), an observation without a printed conn id and
    /// one with it continue each other when they are the same socket.
    fn follow(&mut self, conn_id: &str, socket: Option<Socket>, next: &Observation) -> Link {
        let unnumbered = conn_id.starts_with('-');
        let own = match &socket {
            Some(socket) if unnumbered => Thread::Unnumbered(socket.clone()),
            _ => Thread::Printed(conn_id.to_string()),
        };
        let other = socket.as_ref().and_then(|socket| {
            if unnumbered {
                self.printed.get(socket).map(|id| Thread::Printed(id.clone()))
            } else {
                Some(Thread::Unnumbered(socket.clone()))
            }
        });
        let heads = &self.heads;
        let continues =
            |thread: Thread| heads.get(&thread).filter(|(_, h)| h.continues_to(next)).map(|(_, h)| (thread, h));
        let continued = if unnumbered {
            // Without a printed conn id, the latest head of its socket (its
            // own on a tie).
            [other, Some(own.clone())]
                .into_iter()
                .flatten()
                .filter_map(continues)
                .max_by(|(_, a), (_, b)| a.captured_at.cmp(&b.captured_at))
        } else {
            // A printed conn id ties most: its own head first.
            [Some(own.clone()), other].into_iter().flatten().find_map(continues)
        };
        let (link, head) = Head::follow(continued.as_ref().map(|(_, h)| *h), next);
        // A connection printed with a conn id goes on under it.
        let (thread, stored_as) = match continued {
            Some((Thread::Printed(id), _)) if unnumbered => (Thread::Printed(id.clone()), id),
            _ => (own, conn_id.to_string()),
        };
        if let (Some(socket), false) = (socket, unnumbered) {
            self.printed.insert(socket, conn_id.to_string());
        }
        self.heads.insert(thread, (stored_as, head));
        link
    }

    /// Starts from the heads a prune kept (see [`read_pruned`]).
    fn seed(&mut self, heads: Vec<(String, Option<Socket>, Head)>) {
        for (conn_id, socket, head) in heads {
            let thread = match socket {
                Some(socket) if conn_id.starts_with('-') => Thread::Unnumbered(socket),
                Some(socket) => {
                    self.printed.insert(socket, conn_id.clone());
                    Thread::Printed(conn_id.clone())
                }
                None => Thread::Printed(conn_id.clone()),
            };
            self.heads.insert(thread, (conn_id, head));
        }
    }

    /// The heads with the socket each was last seen on, if any.
    fn with_sockets(self) -> Vec<(String, Option<Socket>, Head)> {
        let printed: HashMap<String, Socket> = self.printed.into_iter().map(|(socket, id)| (id, socket)).collect();
        self.heads
            .into_iter()
            .map(|(thread, (conn_id, head))| {
                let socket = match thread {
                    Thread::Unnumbered(socket) => Some(socket),
                    Thread::Printed(id) => printed.get(&id).cloned(),
                };
                (conn_id, socket, head)
            })
            .collect()
    }

    /// Writes the heads and forgets them.
    fn write(&mut self, stmt: &mut rusqlite::Statement<'_>, system: &str, stack: &str) -> rusqlite::Result<()> {
        for (_, (conn_id, head)) in self.heads.drain() {
            write_head(stmt, system, stack, &conn_id, &head)?;
        }
        Ok(())
    }
}

/// The heads a prune kept, each waiting for a walk in capture order to
/// reach its time: a day earlier than the pruned ones (read late, or read
/// again with `--restore-pruned` while a later pruned day stays pruned) is
/// not continued from a head later than it, and the next day after the
/// head is.
struct Waiting(Vec<(String, Option<Socket>, Head)>);

impl Waiting {
    fn new(mut heads: Vec<(String, Option<Socket>, Head)>) -> Waiting {
        // Latest first: the due heads are taken from the end.
        heads.sort_by(|a, b| b.2.captured_at.cmp(&a.2.captured_at));
        Waiting(heads)
    }

    /// The heads taken before `at` (all of them without it), no longer waiting.
    fn due(&mut self, at: Option<&str>) -> Vec<(String, Option<Socket>, Head)> {
        let due = self.0.iter().rev().take_while(|(_, _, h)| at.is_none_or(|at| h.captured_at.as_str() < at)).count();
        self.0.split_off(self.0.len() - due)
    }
}

/// Links every connection row not linked yet (see the module comment).
pub(super) fn link_connections(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let stacks: Vec<(String, String)> =
        tx.prepare(STACKS)?.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<Result<_, _>>()?;
    for (system, stack) in stacks {
        link_stack(tx, &system, &stack)?;
    }
    Ok(())
}

fn link_stack(tx: &Transaction<'_>, system: &str, stack: &str) -> rusqlite::Result<()> {
    let linked_through: Option<String> =
        tx.query_row(LINKED_THROUGH, params![system, stack], |row| row.get(0)).optional()?;
    let earliest: Option<String> = tx.query_row(EARLIEST_UNLINKED, params![system, stack], |row| row.get(0))?;
    // Rows without a printed conn id continue rows of other conn ids: the
    // stack is walked whole in capture order.
    let in_time: bool = tx.query_row(STACK_UNNUMBERED, params![system, stack], |row| row.get(0))?;
    let whole = in_time
        || match (&linked_through, &earliest) {
            (None, _) => true,
            (Some(through), Some(earliest)) => earliest <= through,
            (Some(_), None) => false,
        };
    // Linked again whole, a stack starts from the heads a prune kept.
    let mut seeded = false;
    if whole {
        tx.execute(CLEAR_HEADS, params![system, stack])?;
        seeded = tx.execute(SEED_HEADS, params![system, stack])? > 0;
    }

    let mut select = tx.prepare(OBSERVATIONS)?;
    let mut head_of = tx.prepare(HEAD)?;
    let mut upsert_head = tx.prepare(UPSERT_HEAD)?;
    let mut update = tx.prepare(UPDATE_LINK)?;
    let mut mark = tx.prepare(MARK_PENDING)?;
    let mut rows = select.query(params![system, stack, whole, in_time])?;
    let mut threads = Threads::default();
    let mut waiting = Waiting::new(if in_time && seeded { read_pruned(tx, system, stack)? } else { Vec::new() });
    // Walking each conn id's observations in turn: the conn id walked.
    let mut current: Option<String> = None;
    // Days marked pending already (a day has many rows).
    let mut marked: HashSet<String> = HashSet::default();
    while let Some(row) = rows.next()? {
        let (conn_id, observation, socket) = observed(row, in_time)?;
        let stored = Link {
            previous_id: row.get(11)?,
            identity_id: row.get::<_, Option<i64>>(12)?.unwrap_or(0),
            traffic: [row.get(13)?, row.get(14)?, row.get(15)?, row.get(16)?],
            fell: [None; 4],
        };
        if !in_time && current.as_ref() != Some(&conn_id) {
            threads.seed(waiting.due(None));
            threads.write(&mut upsert_head, system, stack)?;
            if let Some(head) = if whole && !seeded { None } else { read_head(&mut head_of, system, stack, &conn_id)? }
            {
                waiting = Waiting::new(vec![(conn_id.clone(), None, head)]);
            }
            current = Some(conn_id.clone());
        }
        threads.seed(waiting.due(Some(&observation.captured_at)));
        let link = threads.follow(&conn_id, socket, &observation);
        if (Link { fell: [None; 4], ..link }) != stored {
            record_falls(tx, observation.connection_id, link.previous_id, link.fell, observation.counters)?;
            update.execute(params![
                observation.connection_id,
                link.previous_id,
                link.identity_id,
                link.traffic[0],
                link.traffic[1],
                link.traffic[2],
                link.traffic[3]
            ])?;
            if marked.insert(observation.capture_date.clone()) {
                mark.execute(params![system, stack, observation.capture_date])?;
            }
        }
    }
    threads.seed(waiting.due(None));
    threads.write(&mut upsert_head, system, stack)?;
    tx.execute(SET_LINKED_THROUGH, params![system, stack])?;
    Ok(())
}

/// Keeps in `temp.counter_falls` the counters of observation `id` that fell
/// below their values `fell` before (see the module comment), to be said.
fn record_falls(tx: &Connection, id: i64, previous: Option<i64>, fell: Fell, now: Counters) -> rusqlite::Result<()> {
    if fell.iter().all(Option::is_none) {
        return Ok(());
    }
    tx.execute_batch(FALLS_TABLE)?;
    let mut insert = tx.prepare_cached(INSERT_FALL)?;
    for ((name, before), now) in COUNTER_NAMES.iter().zip(fell).zip(now) {
        if let Some((before, before_whole, shown)) = before {
            let grown = shown.map(|j| COUNTER_NAMES[j]);
            insert.execute(params![id, previous, name, before, now, before_whole, grown])?;
        }
    }
    Ok(())
}

const FALLS: &str = include_str!("../../../sql/summarize/links-falls.sql");

const CLEAR_FALLS: &str = include_str!("../../../sql/summarize/links-falls-clear.sql");

/// What to say of the counters that fell under an unchanged start since the
/// last call: (file, message), one per row, its counters named in one.
pub(super) fn falls(tx: &Connection) -> rusqlite::Result<Vec<(std::path::PathBuf, String)>> {
    tx.execute_batch(FALLS_TABLE)?;
    let mut notes: Vec<(std::path::PathBuf, String)> = Vec::new();
    // (file, line) of the row the last note is of.
    let mut last: Option<(String, i64)> = None;
    let mut select = tx.prepare(FALLS)?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let (path, line): (String, i64) = (row.get(0)?, row.get(1)?);
        let (counter, before, now): (String, i64, i64) = (row.get(5)?, row.get(6)?, row.get(7)?);
        let digits: Option<i64> = row.get(10)?;
        let before_whole: bool = row.get(11)?;
        let grown: Option<String> = row.get(12)?;
        let now_whole = whole(digits, now);
        let wrap = match moved(before, before_whole, now, now_whole, grown.is_some()) {
            Moved::Fell(wrap) => wrap,
            Moved::Grew(_) => None,
        };
        // A wrap from the lower half is taken only for the growth beside it.
        let low_before = if before_whole { before.rem_euclid(WRAP) } else { before };
        let shown = match &grown {
            Some(grown) if wrap.is_some() && low_before < WRAP / 2 => format!(
                ", from below half of what it holds, but {grown} grew in the same reading: the connection moved \
                 on, more than 2 GiB since, not an earlier run read again"
            ),
            _ => String::new(),
        };
        // As `Head::follow` keeps it: the connection goes on from the value before.
        let on = if wrap.is_none() && (before_whole || before < WRAP) {
            format!(", and the connection goes on from {before} (not counted again)")
        } else {
            String::new()
        };
        let counted = match (wrap, digits) {
            (Some(growth), Some(d)) => {
                format!("a 32-bit counter that wrapped (printed in {d} digits: NETSTAT's SHORT format shows the low 32 bits){shown}: {growth} counted")
            }
            (Some(growth), None) => format!(
                "a 32-bit counter that wrapped (stored before the digits printed were kept, taken for 10){shown}: \
                 {growth} counted"
            ),
            (None, Some(d)) if d > SHORT_DIGITS => format!(
                "printed in {d} digits, the whole 64-bit counter (NETSTAT's LONG format), which does not wrap at \
                 2^32, so no wrap explains it: an earlier run read again under a later time (a cumulative copy \
                 read whole, a capture re-dated, a run printed after the clock went back?) or a misprint; no \
                 traffic counted for the fall{on}"
            ),
            (None, _) if before >= WRAP && !before_whole => "more than a 32-bit counter holds, so no wrap explains \
                                                         it (a misprinted capture?): no traffic counted for the fall"
                .to_string(),
            (None, _) => format!(
                "below half of what a 32-bit counter holds, and nothing in the same reading shows the connection \
                 moved on, so no wrap explains it (more than 2 GiB between two snapshots): an earlier run read again under a later time (a cumulative copy read whole, a capture \
                 re-dated, a run printed after the clock went back?) or a misprint; no traffic counted for the \
                 fall{on}"
            ),
        };
        // A whole reading before a 10-digit one is compared by its low 32 bits.
        let low = if before_whole && !now_whole && before >= WRAP {
            format!(" (printed whole; its low 32 bits, what a 10-digit print shows: {})", before.rem_euclid(WRAP))
        } else {
            String::new()
        };
        let fall = format!("{counter} {before}{low} -> {now}, {counted}");
        if last.as_ref() == Some(&(path.clone(), line)) {
            if let Some((_, message)) = notes.last_mut() {
                message.push_str(&format!("; {fall}"));
            }
            continue;
        }
        let conn_id: String = row.get(2)?;
        let job: Option<String> = row.get(3)?;
        let started: Option<String> = row.get(4)?;
        let earlier = match (row.get::<_, Option<String>>(8)?, row.get::<_, Option<i64>>(9)?) {
            (Some(file), Some(line)) if file == path => format!("line {line}"),
            (Some(file), Some(line)) => {
                format!("line {line} of {}", crate::path_text::shown(&crate::path_text::decode(&file)))
            }
            _ => "an earlier capture".to_string(),
        };
        let message = format!(
            "line {line}: the counters of conn id {conn_id} ({}, started {}) are lower than at {earlier}, under \
             the same start and sockets: one connection (a new one prints another StartDate/StartTime), not \
             two; {fall}",
            job.as_deref().unwrap_or("no job"),
            started.as_deref().unwrap_or("?").replace('T', " ")
        );
        notes.push((crate::path_text::decode(&path), message));
        last = Some((path, line));
    }
    tx.execute_batch(CLEAR_FALLS)?;
    Ok(notes)
}

/// A row of [`OBSERVATIONS`] (or [`PRUNED_OBSERVATIONS`]): its conn id, the
/// observation, and (`in_time`) its socket.
fn observed(row: &rusqlite::Row<'_>, in_time: bool) -> rusqlite::Result<(String, Observation, Option<Socket>)> {
    let observation = Observation {
        connection_id: row.get(0)?,
        captured_at: row.get(2)?,
        capture_date: row.get(3)?,
        started_at: row.get(4)?,
        local_port: row.get(5)?,
        remote_port: row.get(6)?,
        counters: [row.get(7)?, row.get(8)?, row.get(9)?, row.get(10)?],
        counter_digits: row.get(19)?,
    };
    let socket = if in_time {
        let remote_ip: Option<String> = row.get(18)?;
        let remote_ip = remote_ip.as_deref().map(|ip| ipv4_form(ip).to_string());
        Some((row.get(17)?, observation.local_port, remote_ip, observation.remote_port))
    } else {
        None
    };
    Ok((row.get(1)?, observation, socket))
}

/// The stacks of the snapshots being pruned (`temp.prune_snapshots`).
const PRUNED_STACKS: &str = include_str!("../../../sql/prune/stacks.sql");

/// The observations of a stack's snapshots being pruned, as [`OBSERVATIONS`]
/// gives them.
const PRUNED_OBSERVATIONS: &str = include_str!("../../../sql/prune/observations.sql");

/// Per connection (identity), the last date the rows being pruned and the
/// heads an earlier prune kept told each rank of its protection.
const PRUNED_TOLD: &str = include_str!("../../../sql/prune/told.sql");

const DELETE_PRUNED_HEADS: &str = include_str!("../../../sql/prune/delete-heads.sql");

const INSERT_PRUNED_HEAD: &str = include_str!("../../../sql/prune/insert-head.sql");

/// Before a prune deletes the snapshots in `temp.prune_snapshots` (their
/// rows linked): keeps the heads of each of their stacks at the boundary,
/// the heads an earlier prune kept walked on through the rows that go, with
/// what the connections told of their protection until then.
pub(in crate::store) fn keep_pruned(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute_batch(PRUNED_TOLD)?;
    let stacks: Vec<(String, String)> =
        tx.prepare(PRUNED_STACKS)?.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut insert = tx.prepare(INSERT_PRUNED_HEAD)?;
    for (system, stack) in stacks {
        // In capture order, by socket too, whatever the stack holds: a
        // later day's monitor rows may continue these heads by their socket.
        let mut threads = Threads::default();
        let mut waiting = Waiting::new(read_pruned(tx, &system, &stack)?);
        let mut select = tx.prepare(PRUNED_OBSERVATIONS)?;
        let mut rows = select.query(params![system, stack])?;
        while let Some(row) = rows.next()? {
            let (conn_id, observation, socket) = observed(row, true)?;
            threads.seed(waiting.due(Some(&observation.captured_at)));
            threads.follow(&conn_id, socket, &observation);
        }
        threads.seed(waiting.due(None));
        tx.execute(DELETE_PRUNED_HEADS, params![system, stack])?;
        for (conn_id, socket, h) in threads.with_sockets() {
            let (job, remote_ip) = socket.map_or((None, None), |(job, _, ip, _)| (job, ip));
            insert.execute(params![
                system,
                stack,
                conn_id,
                h.connection_id,
                h.identity_id,
                h.captured_at,
                h.started_at,
                h.local_port,
                h.remote_port,
                h.counters[0],
                h.counters[1],
                h.counters[2],
                h.counters[3],
                job,
                remote_ip,
                h.capture_date,
                whole_mask(h.whole)
            ])?;
        }
    }
    Ok(())
}

/// The heads a prune kept of a stack, each with its conn id and socket.
fn read_pruned(tx: &Connection, system: &str, stack: &str) -> rusqlite::Result<Vec<(String, Option<Socket>, Head)>> {
    tx.prepare(PRUNED_HEADS)?
        .query_map(params![system, stack], |row| {
            let head = Head { capture_date: row.get(14)?, ..head(row)? };
            let job: Option<String> = row.get(12)?;
            let remote_ip: Option<String> = row.get(13)?;
            let socket =
                (job.is_some() || remote_ip.is_some()).then_some((job, head.local_port, remote_ip, head.remote_port));
            Ok((row.get(11)?, socket, head))
        })?
        .collect()
}

/// Links rows as the writer inserts them, from the heads of each conn id
/// kept in memory: a row later than everything linked in its stack gets its
/// previous observation, identity and traffic in its INSERT, so the
/// summaries need not UPDATE every row afterwards. Whatever it cannot link
/// that way (a row earlier than what was linked, a snapshot whose time
/// moved, a stack whose rows were removed) it leaves to
/// [`link_connections`]: unlinked, or with the stack's `connection_links`
/// removed so that the stack is linked again whole. The heads and
/// `linked_through` it advances are written in the writer's transaction.
#[derive(Default)]
pub(in crate::store) struct Live {
    stacks: HashMap<(String, String), LiveStack>,
    /// The stack, snapshot and time of the report being written.
    current: Option<((String, String), i64, String)>,
    /// The next connection id ([`Live::next_id`]).
    next_id: Option<i64>,
    /// Off for the rest of the run: files were removed (their stacks must
    /// be linked again whole).
    off: bool,
    /// Rows written since the last [`Live::save`] whose counters fell under
    /// an unchanged start: id, previous id, the values before, now.
    falls: Vec<(i64, Option<i64>, Fell, Counters)>,
}

/// A stack as [`Live`] links it.
struct LiveStack {
    /// False: left to [`link_connections`] for the rest of the run.
    linkable: bool,
    /// Rows at or before this time were linked by an earlier run.
    floor: Option<String>,
    /// The latest (time, snapshot) linked in this run.
    position: Option<(String, i64)>,
    /// The time each snapshot linked in this run had.
    snapshots: HashMap<i64, String>,
    /// Heads by conn id (`None`: none stored), as far as looked up.
    heads: HashMap<String, Option<Head>>,
    /// Conn ids whose head changed since the last [`Live::save`].
    dirty: HashSet<String>,
    /// The stack had no head stored when it was loaded: every head stored
    /// since is in `heads` (until they are cleared), nothing to look up.
    fresh: bool,
}

/// A link worked out for a row about to be inserted.
pub(in crate::store) struct Planned {
    conn_id: String,
    head: Head,
    /// The counters that fell, as [`Link::fell`], and the values printed.
    fell: (Fell, Counters),
    /// The values of `LINK_COLUMNS` (see `store::write`).
    pub(in crate::store) values: [Option<i64>; 7],
}

/// The heads kept in memory at most, over all stacks: past this, they are
/// looked up again.
const LIVE_HEADS: usize = 500_000;

const STACK_HAS_ROWS: &str = include_str!("../../../sql/summarize/links-stack-has-rows.sql");

const PRUNED_THROUGH: &str = include_str!("../../../sql/summarize/links-pruned-through.sql");

const UNLINK_STACK: &str = include_str!("../../../sql/summarize/links-unlink-stack.sql");

const ADVANCE_LINKED_THROUGH: &str = include_str!("../../../sql/summarize/links-advance-linked-through.sql");

const NEXT_ID: &str = include_str!("../../../sql/summarize/links-next-id.sql");

impl Live {
    /// The report about to be written is of this stack and snapshot, whose
    /// time (as stored) is `captured_at`.
    pub(in crate::store) fn snapshot(
        &mut self,
        tx: &Connection,
        system: &str,
        stack: &str,
        snapshot_id: i64,
        captured_at: &str,
    ) -> rusqlite::Result<()> {
        self.current = None;
        if self.off {
            return Ok(());
        }
        let key = (system.to_string(), stack.to_string());
        if !self.stacks.contains_key(&key) {
            let state = LiveStack::load(tx, system, stack)?;
            self.stacks.insert(key.clone(), state);
        }
        let Some(state) = self.stacks.get_mut(&key) else { return Ok(()) };
        // A snapshot whose time moved (an earlier report of it came later)
        // no longer stands where its rows were linked.
        if state.snapshots.get(&snapshot_id).is_some_and(|at| at != captured_at) {
            state.unlink(tx, &key)?;
        }
        if state.linkable {
            self.current = Some((key, snapshot_id, captured_at.to_string()));
        }
        Ok(())
    }

    /// The id the next connection row inserted is given, linked or not:
    /// never one a prune deleted, which the links kept of the pruned rows
    /// name (SQLite would give the largest id + 1).
    pub(in crate::store) fn next_id(&mut self, tx: &Connection) -> rusqlite::Result<i64> {
        next_id(&mut self.next_id, tx)
    }

    /// The link of connection `c` of the current report, if it can be
    /// worked out now.
    pub(in crate::store) fn plan(&mut self, tx: &Connection, c: &Record) -> rusqlite::Result<Option<Planned>> {
        let Some((key, snapshot_id, captured_at)) = &self.current else { return Ok(None) };
        let Some(state) = self.stacks.get_mut(key) else { return Ok(None) };
        let later = state.floor.as_ref().is_none_or(|floor| captured_at > floor)
            && state.position.as_ref().is_none_or(|(at, id)| (captured_at, snapshot_id) >= (at, id));
        // A row without a printed conn id is linked by its socket, which the
        // heads of conn ids do not find: its stack is linked whole.
        if !later || c.is_unnumbered() {
            state.unlink(tx, key)?;
            self.current = None;
            return Ok(None);
        }
        let next_id = next_id(&mut self.next_id, tx)?;
        let head = match state.heads.get(&c.conn_id) {
            Some(head) => head.clone(),
            None if state.fresh => None,
            None => {
                let mut stmt = tx.prepare_cached(HEAD)?;
                read_head(&mut stmt, &key.0, &key.1, &c.conn_id)?
            }
        };
        let observation = Observation {
            connection_id: next_id,
            captured_at: captured_at.clone(),
            capture_date: String::new(),
            started_at: c.started_at.map(crate::store::write::iso_date_time),
            local_port: c.local.as_ref().and_then(|s| s.port).map(i64::from),
            remote_port: c.remote.as_ref().and_then(|s| s.port).map(i64::from),
            counters: [c.bytes_in, c.bytes_out, c.segments_in, c.segments_out],
            counter_digits: c.counter_digits,
        };
        let (link, head) = Head::follow(head.as_ref(), &observation);
        let [bytes_in, bytes_out, segments_in, segments_out] = link.traffic;
        let values =
            [Some(next_id), link.previous_id, Some(link.identity_id), bytes_in, bytes_out, segments_in, segments_out];
        let fell = (link.fell, observation.counters);
        Ok(Some(Planned { conn_id: c.conn_id.clone(), head, fell, values }))
    }

    /// A row of the current report's stack linked already changed its conn
    /// id (a TTLS entry set apart from a connection that reused its conn
    /// id): the stack is linked again whole after the run.
    pub(in crate::store) fn relink_current(&mut self, tx: &Connection) -> rusqlite::Result<()> {
        if let Some((key, ..)) = self.current.take() {
            if let Some(state) = self.stacks.get_mut(&key) {
                state.unlink(tx, &key)?;
            }
        }
        Ok(())
    }

    /// The row of `planned` was written as `connection_id`: new (the link
    /// was stored with it), or merged into a row already there (the link
    /// was not).
    pub(in crate::store) fn written(&mut self, planned: Option<Planned>, connection_id: i64, new: bool) {
        if new {
            self.next_id = self.next_id.map(|id| id.max(connection_id + 1));
        }
        let (Some(planned), Some((key, snapshot_id, captured_at))) = (planned, &self.current) else { return };
        let Some(state) = self.stacks.get_mut(key) else { return };
        if !new || planned.values[0] != Some(connection_id) {
            return;
        }
        let (fell, now) = planned.fell;
        if fell.iter().any(Option::is_some) {
            self.falls.push((connection_id, planned.values[1], fell, now));
        }
        state.position = Some((captured_at.clone(), *snapshot_id));
        state.snapshots.insert(*snapshot_id, captured_at.clone());
        state.dirty.insert(planned.conn_id.clone());
        state.heads.insert(planned.conn_id, Some(planned.head));
    }

    /// Writes the heads and `linked_through` advanced since the last save,
    /// in the writer's transaction.
    pub(in crate::store) fn save(&mut self, tx: &Connection) -> rusqlite::Result<()> {
        self.current = None;
        self.next_id = None;
        let mut upsert_head = tx.prepare_cached(UPSERT_HEAD)?;
        let mut advance = tx.prepare_cached(ADVANCE_LINKED_THROUGH)?;
        for (id, previous, fell, now) in self.falls.drain(..) {
            record_falls(tx, id, previous, fell, now)?;
        }
        let mut kept = 0;
        for ((system, stack), state) in &mut self.stacks {
            if state.linkable {
                for conn_id in state.dirty.drain() {
                    if let Some(Some(head)) = state.heads.get(&conn_id) {
                        write_head(&mut upsert_head, system, stack, &conn_id, head)?;
                    }
                }
                if let Some((at, _)) = &state.position {
                    advance.execute(params![system, stack, at])?;
                }
            }
            kept += state.heads.len();
        }
        if kept > LIVE_HEADS {
            for state in self.stacks.values_mut() {
                state.heads.clear();
                state.fresh = false;
            }
        }
        Ok(())
    }

    /// Files were removed: their stacks are linked again whole after the
    /// run, and nothing more is linked as it is written.
    pub(in crate::store) fn stop(&mut self) {
        *self = Live { off: true, ..Live::default() };
    }
}

/// [`Live::next_id`], looked up once until the next [`Live::save`].
fn next_id(known: &mut Option<i64>, tx: &Connection) -> rusqlite::Result<i64> {
    match *known {
        Some(id) => Ok(id),
        None => Ok(*known.insert(tx.query_row(NEXT_ID, [], |row| row.get(0))?)),
    }
}

impl LiveStack {
    fn load(tx: &Connection, system: &str, stack: &str) -> rusqlite::Result<LiveStack> {
        let floor: Option<String> =
            tx.query_row(LINKED_THROUGH, params![system, stack], |row| row.get(0)).optional()?;
        let mut state = LiveStack {
            linkable: true,
            floor,
            position: None,
            snapshots: HashMap::default(),
            heads: HashMap::default(),
            dirty: HashSet::default(),
            fresh: false,
        };
        if state.floor.is_none() {
            // Never linked, or to be linked again whole: only a stack
            // without rows starts here.
            if tx.query_row(STACK_HAS_ROWS, params![system, stack], |row| row.get(0))? {
                state.linkable = false;
            } else {
                tx.execute(CLEAR_HEADS, params![system, stack])?;
                // The heads a prune kept are looked up as stored heads, which
                // keep no time to wait for: a row at or before the latest of
                // them (a late day, or a day read again while a later one
                // stays pruned) is left to a walk that takes each in its time.
                state.fresh = tx.execute(SEED_HEADS, params![system, stack])? == 0;
                if !state.fresh {
                    state.floor = tx.query_row(PRUNED_THROUGH, params![system, stack], |row| row.get(0))?;
                }
            }
        } else if tx.query_row(STACK_UNNUMBERED, params![system, stack], |row| row.get(0))? {
            // Linked whole after each run (see the module comment).
            state.unlink(tx, &(system.to_string(), stack.to_string()))?;
        }
        Ok(state)
    }

    /// Leaves the stack to be linked again whole after the run.
    fn unlink(&mut self, tx: &Connection, (system, stack): &(String, String)) -> rusqlite::Result<()> {
        tx.execute(UNLINK_STACK, params![system, stack])?;
        self.linkable = false;
        self.heads.clear();
        self.dirty.clear();
        Ok(())
    }
}

fn read_head(
    stmt: &mut rusqlite::Statement<'_>,
    system: &str,
    stack: &str,
    conn_id: &str,
) -> rusqlite::Result<Option<Head>> {
    stmt.query_row(params![system, stack, conn_id], head).optional()
}

/// A head from the first columns of a row of [`HEAD`] or [`PRUNED_HEADS`].
fn head(row: &rusqlite::Row<'_>) -> rusqlite::Result<Head> {
    Ok(Head {
        connection_id: row.get(0)?,
        identity_id: row.get(1)?,
        captured_at: row.get(2)?,
        capture_date: String::new(),
        started_at: row.get(3)?,
        local_port: row.get(4)?,
        remote_port: row.get(5)?,
        counters: [row.get(6)?, row.get(7)?, row.get(8)?, row.get(9)?],
        whole: whole_bits(row.get(10)?),
    })
}

fn write_head(
    stmt: &mut rusqlite::Statement<'_>,
    system: &str,
    stack: &str,
    conn_id: &str,
    head: &Head,
) -> rusqlite::Result<()> {
    stmt.execute(params![
        system,
        stack,
        conn_id,
        head.connection_id,
        head.identity_id,
        head.captured_at,
        head.started_at,
        head.local_port,
        head.remote_port,
        head.counters[0],
        head.counters[1],
        head.counters[2],
        head.counters[3],
        whole_mask(head.whole)
    ])
    .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(id: i64, started: &str, bytes_in: i64) -> Observation {
        Observation {
            connection_id: id,
            captured_at: format!("2026-01-0{id}T08:00:00"),
            capture_date: format!("2026-01-0{id}"),
            started_at: Some(started.to_string()),
            local_port: Some(1414),
            remote_port: Some(51844),
            counters: [Some(bytes_in), Some(10 * bytes_in), None, None],
            counter_digits: Some(10),
        }
    }

    #[test]
    fn counters_become_traffic_along_a_connection() {
        let (first, head) = Head::follow(None, &seen(1, "2026-01-01T07:00:00", 1000));
        let fell = [None; 4];
        assert_eq!(
            first,
            Link { previous_id: None, identity_id: 1, traffic: [Some(1000), Some(10_000), None, None], fell }
        );
        let (second, head) = Head::follow(Some(&head), &seen(2, "2026-01-01T07:00:00", 5000));
        assert_eq!(
            second,
            Link { previous_id: Some(1), identity_id: 1, traffic: [Some(4000), Some(40_000), None, None], fell }
        );
        let (third, _) = Head::follow(Some(&head), &seen(3, "2026-01-01T07:00:00", 12_000));
        assert_eq!(
            third,
            Link { previous_id: Some(2), identity_id: 1, traffic: [Some(7000), Some(70_000), None, None], fell }
        );
    }

    #[test]
    fn a_conn_id_reused_by_a_new_connection_starts_afresh() {
        let (_, head) = Head::follow(None, &seen(1, "2026-01-01T07:00:00", 5000));
        // Another start time.
        let (link, _) = Head::follow(Some(&head), &seen(2, "2026-01-02T07:00:00", 9000));
        assert_eq!(link.previous_id, None);
        assert_eq!(link.traffic[0], Some(9000));
        // Same start time printed nowhere, counters lower.
        let mut lower = seen(2, "x", 300);
        lower.started_at = None;
        let (link, _) = Head::follow(Some(&head), &lower);
        assert_eq!((link.previous_id, link.identity_id, link.traffic[0]), (None, 2, Some(300)));
    }

    /// `BytesIn` 4 294 000 000 then 1 000 000 under the same start: wrapped at
    /// 2^32 = 4 294 967 296, so 4 294 967 296 - 4 294 000 000 + 1 000 000 =
    /// 1 967 296 bytes; `BytesOut` 42 940 000 000 then 100 (more than 32 bits
    /// hold, no wrap explains the fall): no traffic; `SegmentsIn` 3 000 then
    /// 1 000 (below 2^31 = 2 147 483 648: a wrap would mean 4 294 965 296
    /// segments between two snapshots): no traffic. The connection goes on
    /// from 1 000 000 bytes in (after the wrap), 100 bytes out (42 940 000 000
    /// is a misprint), and 3 000 segments in (the higher value: the 1 000 is
    /// an earlier reading taken for a later one, review 16b F2).
    #[test]
    fn counters_that_fall_under_the_same_start_stay_one_connection() {
        let mut first = seen(1, "2026-01-01T07:00:00", 4_294_000_000);
        first.counters[2] = Some(3000);
        let (_, head) = Head::follow(None, &first);
        let mut next = seen(2, "2026-01-01T07:00:00", 1_000_000);
        next.counters[1] = Some(100);
        next.counters[2] = Some(1000);
        let (link, head) = Head::follow(Some(&head), &next);
        assert_eq!(
            link,
            Link {
                previous_id: Some(1),
                identity_id: 1,
                traffic: [Some(1_967_296), Some(0), Some(0), None],
                fell: [
                    Some((4_294_000_000, false, None)),
                    Some((42_940_000_000, false, None)),
                    Some((3000, false, None)),
                    None,
                ],
            }
        );
        assert_eq!(head.counters, [Some(1_000_000), Some(100), Some(3000), None]);
        let (link, _) = Head::follow(Some(&head), &seen(3, "2026-01-01T07:00:00", 1_000_500));
        assert_eq!((link.previous_id, link.traffic[0], link.fell), (Some(2), Some(500), [None; 4]));
    }

    /// `BytesIn` 3 000 000 000 then 1 000 under the same start. Printed in
    /// 10 digits (the low 32 bits): wrapped, 4 294 967 296 - 3 000 000 000 +
    /// 1 000 = 1 294 968 296 bytes. Printed in 20 digits (the whole 64-bit
    /// counter, review 14b F17): no wrap explains it, no traffic.
    #[test]
    fn only_a_counter_printed_in_10_digits_wraps() {
        for (digits, traffic) in [(Some(10), 1_294_968_296), (None, 1_294_968_296), (Some(20), 0)] {
            let (_, head) = Head::follow(None, &seen(1, "2026-01-01T07:00:00", 3_000_000_000));
            let mut next = seen(2, "2026-01-01T07:00:00", 1000);
            next.counter_digits = digits;
            let (link, _) = Head::follow(Some(&head), &next);
            assert_eq!(
                (link.previous_id, link.traffic[0], link.fell[0]),
                (Some(1), Some(traffic), Some((3_000_000_000, false, None)))
            );
        }
    }

    /// An MQ channel's `BytesOut`, the 64-bit counter 1 500 000 000 then
    /// 4 500 000 000, printed in 10 digits (its low 32 bits: 1 500 000 000
    /// then 205 032 704), while `BytesIn` went from 1 500 000 to 4 500 000
    /// (review 18a F9): a reading whose other counter grew is no earlier run
    /// read again, so the fall is one wrap, 4 294 967 296 - 1 500 000 000 +
    /// 205 032 704 = 3 000 000 000 bytes, whatever half it started in. With
    /// `BytesIn` still 1 500 000 (nothing grew), the same fall from below
    /// 2 147 483 648 counts nothing and the connection goes on from
    /// 1 500 000 000.
    #[test]
    fn a_fall_from_the_lower_half_is_a_wrap_when_the_reading_shows_the_connection_moved_on() {
        let counters = |bytes_in, bytes_out| Observation {
            counters: [Some(bytes_in), Some(bytes_out), None, None],
            ..seen(2, "2026-01-01T07:00:00", 0)
        };
        let (_, head) = Head::follow(None, &counters(1_500_000, 1_500_000_000));
        let (link, after) = Head::follow(Some(&head), &counters(4_500_000, 205_032_704));
        assert_eq!(link.traffic, [Some(3_000_000), Some(3_000_000_000), None, None]);
        assert_eq!(link.fell, [None, Some((1_500_000_000, false, Some(0))), None, None]);
        assert_eq!(after.counters[1], Some(205_032_704));
        let (link, after) = Head::follow(Some(&head), &counters(1_500_000, 205_032_704));
        assert_eq!(link.traffic, [Some(0), Some(0), None, None]);
        assert_eq!(link.fell, [None, Some((1_500_000_000, false, None)), None, None]);
        assert_eq!(after.counters[1], Some(1_500_000_000));
        // Segments printed: BytesOut's fall is a wrap when SegmentsOut grew
        // (1 050 000 to 3 100 000), not when it stayed at 1 050 000, however
        // BytesIn moved.
        let with_segments = |bytes_in, bytes_out, segments_out| Observation {
            counters: [Some(bytes_in), Some(bytes_out), Some(525_000), Some(segments_out)],
            ..seen(2, "2026-01-01T07:00:00", 0)
        };
        let (_, head) = Head::follow(None, &with_segments(1_500_000, 1_500_000_000, 1_050_000));
        let (link, _) = Head::follow(Some(&head), &with_segments(1_500_000, 205_032_704, 3_100_000));
        assert_eq!(link.traffic, [Some(0), Some(3_000_000_000), Some(0), Some(2_050_000)]);
        assert_eq!(link.fell[1], Some((1_500_000_000, false, Some(3))));
        let (link, _) = Head::follow(Some(&head), &with_segments(4_500_000, 205_032_704, 1_050_000));
        assert_eq!(link.traffic, [Some(3_000_000), Some(0), Some(0), Some(0)]);
        assert_eq!(link.fell[1], Some((1_500_000_000, false, None)));
    }

    /// A busy channel's `BytesOut`, the whole counter 4 800 000 000, 5 400 000 000
    /// and 6 000 000 000 on three days (review 15a F2), printed by ALL in 10
    /// digits (its low 32 bits: 505 032 704, 1 105 032 704, 1 705 032 704) or
    /// by `netstat -b FORMAT LONG` in 20 (whole): 600 000 000 a day whatever
    /// the width of each print. Two whole prints compare whole, and one
    /// below an earlier 10-digit print fell (no wrap).
    #[test]
    fn a_whole_print_beside_a_10_digit_one_is_read_by_its_low_32_bits() {
        let low = |whole: i64| whole % WRAP;
        assert_eq!(moved(low(4_800_000_000), false, 5_400_000_000, true, false), Moved::Grew(600_000_000));
        assert_eq!(moved(5_400_000_000, true, low(6_000_000_000), false, false), Moved::Grew(600_000_000));
        assert_eq!(moved(4_800_000_000, true, 5_400_000_000, true, false), Moved::Grew(600_000_000));
        assert_eq!(moved(low(4_800_000_000), false, low(5_400_000_000), false, false), Moved::Grew(600_000_000));
        // 3 000 000 000 whole, then 10 digits 1 000: the low 32 bits wrapped.
        assert_eq!(moved(3_000_000_000, true, 1000, false, false), Moved::Fell(Some(1_294_968_296)));
        assert_eq!(moved(3_000_000_000, false, 1000, true, false), Moved::Fell(None));
        assert_eq!(moved(3_000_000_000, true, 1000, true, false), Moved::Fell(None));
        // A row stored before 0073 keeps no width: above 32 bits, whole.
        assert!(whole(None, 5_400_000_000) && !whole(None, 3_000_000_000) && !whole(Some(10), 5_400_000_000));
        let mut head = Head::follow(None, &seen(1, "2026-01-01T07:00:00", low(4_800_000_000))).1;
        for (id, whole, digits) in [(2, 5_400_000_000, 20), (3, low(6_000_000_000), 10)] {
            let mut next = seen(id, "2026-01-01T07:00:00", whole);
            next.counter_digits = Some(digits);
            let (link, after) = Head::follow(Some(&head), &next);
            assert_eq!((link.previous_id, link.traffic[0], link.fell), (Some(id - 1), Some(600_000_000), [None; 4]));
            head = after;
        }
    }

    #[test]
    fn an_observation_without_counters_keeps_the_last_ones() {
        let (_, head) = Head::follow(None, &seen(1, "2026-01-01T07:00:00", 1000));
        let mut allconn = seen(2, "x", 0);
        allconn.started_at = None;
        allconn.counters = [None; 4];
        let (link, head) = Head::follow(Some(&head), &allconn);
        assert_eq!(link, Link { previous_id: Some(1), identity_id: 1, traffic: [None; 4], fell: [None; 4] });
        let (link, _) = Head::follow(Some(&head), &seen(3, "2026-01-01T07:00:00", 1500));
        assert_eq!(link.traffic[0], Some(500));
    }

    /// Observation `id` of CICSPRD1's 1414 from 10.30.5.22..51844 as
    /// `conn_id` (made up when BYTEINFO's monitor layout printed it).
    fn on_socket(threads: &mut Threads, conn_id: &str, id: i64, bytes_in: i64) -> Link {
        let mut next = seen(id, "x", bytes_in);
        next.started_at = None;
        let socket = (Some("CICSPRD1".to_string()), Some(1414), Some("10.30.5.22".to_string()), Some(51844));
        threads.follow(conn_id, Some(socket), &next)
    }

    #[test]
    fn the_same_socket_continues_with_a_conn_id_or_without() {
        let unnumbered = "-CICSPRD1-1414-10.30.5.22..51844";
        let mut threads = Threads::default();
        let link = |l: Link| (l.previous_id, l.identity_id, l.traffic[0]);
        assert_eq!(link(on_socket(&mut threads, unnumbered, 1, 1000)), (None, 1, Some(1000)));
        assert_eq!(link(on_socket(&mut threads, "0000A001", 2, 5000)), (Some(1), 1, Some(4000)));
        assert_eq!(link(on_socket(&mut threads, unnumbered, 3, 6000)), (Some(2), 1, Some(1000)));
        assert_eq!(link(on_socket(&mut threads, "0000A001", 4, 6500)), (Some(3), 1, Some(500)));
        // Lower counters on the socket: another connection, which leaves
        // the conn id's own going on.
        assert_eq!(link(on_socket(&mut threads, unnumbered, 5, 300)), (None, 5, Some(300)));
        assert_eq!(link(on_socket(&mut threads, "0000A001", 6, 7000)), (Some(4), 1, Some(500)));
        assert_eq!(link(on_socket(&mut threads, unnumbered, 7, 7100)), (Some(6), 1, Some(100)));
    }
}
