//! The per-day summaries worked out in one pass over the rows of the days
//! being summarized, with the columns of `v_connections` they need: reading the rows once and
//! grouping them in hash maps costs a fraction of the sorts SQLite needs for
//! the same GROUP BYs. Grouping follows SQL: NULL is a value of its own,
//! `sum` of nothing but NULLs is NULL, `max` skips NULLs.

use std::collections::BTreeMap;

use rusqlite::{params, params_from_iter, Row, Statement, Transaction};

use super::directions::Directions;
// Keys here are a few small numbers: a simple fast hash beats SipHash, and
// nothing here is exposed to hash flooding that matters (one ingest's rows).
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

/// The snapshots of the days in capture order (a connection's first
/// snapshot of a day comes first), with their system, stack, capture date
/// and time.
const SNAPSHOTS: &str = include_str!("../../../sql/summarize/days-snapshots.sql");

/// The rows of a snapshot with the columns the summaries read, from
/// `v_connection_core`, the view under `v_connections`, but the direction
/// and the worst grade, worked out here from what the rows give (see
/// [`Directions::direction`], [`Grades`]). Counters are traffic (growth
/// since the connection's previous snapshot), not as printed.
const ROWS: &str = include_str!("../../../sql/summarize/days-rows.sql");

/// The rank of each grade.
const GRADES: &str = include_str!("../../../sql/summarize/grades.sql");

/// One observation of a connection from before the days being summarized:
/// its previous observation, date and TLS state (see [`History`]).
const OBSERVATION: &str = include_str!("../../../sql/summarize/days-observation.sql");

/// What a prune kept of a deleted observation: the last dates the connection
/// told each rank of [`tells`] until then.
const PRUNED_OBSERVATION: &str = include_str!("../../../sql/summarize/days-pruned-observation.sql");

const INSERT_ENDPOINT: &str = include_str!("../../../sql/summarize/days-insert-endpoint.sql");

const INSERT_SERVICE: &str = include_str!("../../../sql/summarize/days-insert-service.sql");

const INSERT_CAPACITY: &str = include_str!("../../../sql/summarize/days-insert-capacity.sql");

const INSERT_ENDPOINT_DAY: &str = include_str!("../../../sql/summarize/days-insert-endpoint-day.sql");

const INSERT_STEP: &str = include_str!("../../../sql/summarize/days-insert-step.sql");

const INSERT_NEGOTIATED: &str = include_str!("../../../sql/summarize/days-insert-negotiated.sql");

const INSERT_PROTECTION: &str = include_str!("../../../sql/summarize/days-insert-protection.sql");

const INSERT_UNSHOWN: &str = include_str!("../../../sql/summarize/days-insert-unshown.sql");

/// Declares the columns of [`ROWS`] that are read, each looked up by name
/// once per statement.
macro_rules! row_columns {
    ($($name:ident),* $(,)?) => {
        /// Where each column of [`ROWS`] is.
        struct Columns {
            $($name: usize,)*
        }

        impl Columns {
            fn of(select: &rusqlite::Statement<'_>) -> rusqlite::Result<Columns> {
                Ok(Columns { $($name: select.column_index(stringify!($name))?,)* })
            }
        }
    };
}

row_columns! {
    conn_id, endpoint, local_port, remote_port, job, remote_ip, tls_state, rule, env_action, tls_protocol, protocol_rank, cipher_code, cipher_name, key_share, protocol_grade,
    cipher_grade, key_share_grade, aead, traffic_bytes_in, traffic_bytes_out,
    traffic_segments_in, traffic_segments_out, has_session, identity_id, previous_connection_id, previous_date, closed,
    started_earlier, days_covered, evidence_rank, own_direction,
}

/// A text of the rows as a small number (0 for NULL): keys of a few numbers
/// hash and compare fast, and each distinct text is allocated once.
type Id = u32;

#[derive(Default)]
struct Texts {
    ids: HashMap<Box<str>, Id>,
    texts: Vec<Box<str>>,
}

impl Texts {
    fn id(&mut self, row: &Row<'_>, column: usize) -> rusqlite::Result<Id> {
        Ok(self.of(row.get_ref(column)?.as_str_or_null()?))
    }

    fn of(&mut self, text: Option<&str>) -> Id {
        let Some(text) = text else { return 0 };
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        self.texts.push(text.into());
        let id = Id::try_from(self.texts.len()).expect("fewer distinct texts than u32::MAX");
        self.ids.insert(text.into(), id);
        id
    }

    fn get(&self, id: Id) -> Option<&str> {
        id.checked_sub(1).map(|i| &*self.texts[i as usize])
    }
}

/// The rank of each grade (1 worst) by its text, from the table grades,
/// read once: a row's worst grade is worked out from its three grades as
/// `v_connection_core` does, where the view looked each up for every row.
#[derive(Default)]
struct Grades(HashMap<Id, i64>);

impl Grades {
    fn read(tx: &Transaction<'_>, texts: &mut Texts) -> rusqlite::Result<Grades> {
        let mut grades = Grades::default();
        let mut select = tx.prepare(GRADES)?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            grades.0.insert(texts.id(row, 0)?, row.get(1)?);
        }
        Ok(grades)
    }

    /// The worst of the grades of protocol, cipher suite and key share and
    /// its rank: the first of the lowest rank; none when the table grades
    /// none of them (as the view's `worst_grade` and `grade_rank`).
    fn worst(&self, grades: [Id; 3]) -> (Id, Option<i64>) {
        let ranks = grades.map(|grade| self.0.get(&grade).copied().unwrap_or(99));
        match ranks.iter().enumerate().min_by_key(|(_, rank)| **rank) {
            Some((at, &rank)) if rank != 99 => (grades[at], Some(rank)),
            _ => (0, None),
        }
    }
}

/// A system, stack and capture date.
type Day = [Id; 3];

/// What a service is to the capacity report: day, job, direction, service port.
type Service = (Day, [Id; 2], Option<i64>);

/// A row of `daily_endpoints`: day; endpoint kind, direction, job, remote
/// address, TLS state, continued from (date), seen before (date), negotiated
/// before (date), protocol, cipher code and name, key share; service port.
type EndpointKey = (Day, [Id; 12], Option<i64>);

/// What a connection negotiated: protocol, cipher code, key share.
type Negotiation = [Id; 3];

/// A row of `negotiated_days`: day; connection (identity); job, direction,
/// remote address, rule, environment action, protocol, cipher code, key
/// share, policy fingerprint; service port.
type NegotiatedDayKey = (Day, Option<i64>, [Id; 9], Option<i64>);

/// When a connection was seen so on its day: its first snapshot's time, and
/// its last snapshot with that snapshot's time.
struct NegotiatedDay {
    first_seen: Id,
    last_seen: Id,
    snapshot_id: i64,
}

/// A connection endpoint as the regressions report follows it, on one day:
/// day; job, direction, remote address; service port (a job's inbound
/// service and its requests to the same port of the same peer are two).
type Peer = (Day, [Id; 3], Option<i64>);

/// The security of a connection: what regressions compare.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    captured_at: Id,
    snapshot_id: i64,
    conn_id: Id,
    /// 1 negotiated TLS, 0 cleartext, `None` neither known.
    protected: Option<i64>,
    tls_protocol: Id,
    protocol_rank: Option<i64>,
    cipher_code: Id,
    aead: Option<i64>,
    worst_grade: Id,
    grade_rank: Option<i64>,
    /// Said beside the protocol and suite: a regression may come from it
    /// alone (its grade counts in the worst), review 17a F7.
    key_share: Id,
}

impl State {
    /// The weakest connection of an endpoint in a snapshot stands for it:
    /// cleartext first, then the worst grade, then the oldest protocol.
    fn weakness<'t>(&self, texts: &'t Texts) -> (i64, i64, i64, Option<&'t str>) {
        (
            self.protected.unwrap_or(1),
            self.grade_rank.unwrap_or(99),
            self.protocol_rank.unwrap_or(99),
            texts.get(self.conn_id),
        )
    }

    /// What the judgement of a step (end.sql) compares: a step between
    /// states equal in these cannot be a regression.
    fn judged(&self) -> [Option<i64>; 4] {
        [self.protected, self.protocol_rank, self.aead, self.grade_rank]
    }

    /// The state's values in the order the inserts of `endpoint_days` and
    /// `temp.steps` bind them: first and last of the day, before and after a step.
    fn values<'t>(&self, texts: &'t Texts) -> [Value<'t>; 9] {
        [
            Value::Text(texts.get(self.captured_at)),
            Value::Int(self.protected),
            Value::Text(texts.get(self.tls_protocol)),
            Value::Int(self.protocol_rank),
            Value::Text(texts.get(self.cipher_code)),
            Value::Int(self.aead),
            Value::Text(texts.get(self.worst_grade)),
            Value::Int(self.grade_rank),
            Value::Text(texts.get(self.key_share)),
        ]
    }
}

/// A value to bind.
#[derive(Clone, Copy)]
enum Value<'t> {
    Text(Option<&'t str>),
    Int(Option<i64>),
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Value::Text(text) => text.to_sql(),
            Value::Int(int) => int.to_sql(),
        }
    }
}

/// SQL's `sum` of a nullable column: NULL until a value comes.
fn sum(total: &mut Option<i64>, value: Option<i64>) {
    if let Some(v) = value {
        *total = Some(total.unwrap_or(0).saturating_add(v));
    }
}

/// Takes back from `total` what [`sum`] added of `value`: the counters were
/// printed still, so 0 is left, not NULL.
fn unsum(total: &mut Option<i64>, value: Option<i64>) {
    if let Some(v) = value {
        *total = Some(total.unwrap_or(0).saturating_sub(v));
    }
}

/// A row of `daily_endpoints` being counted.
struct EndpointDay {
    /// Protocol, cipher suite, key share and worst grade.
    grades: [Id; 4],
    connections: i64,
    tls_sessions: i64,
    snapshots: i64,
    last_snapshot: i64,
    first_seen: Id,
    last_seen: Id,
    bytes_in: Option<i64>,
    bytes_out: Option<i64>,
}

/// A service of a day being counted for `daily_capacity`.
#[derive(Default)]
struct Capacity {
    /// Connections open per snapshot.
    per_snapshot: HashMap<i64, i64>,
    /// Connections, each counted once.
    connections: i64,
    /// Traffic: bytes in and out, segments in and out.
    traffic: [Option<i64>; 4],
    /// Bytes moved per remote address (none: none captured).
    peers: HashMap<Id, Option<i64>>,
    /// Connections whose counters were first printed this day and that
    /// started on an earlier date, or whose start is not known.
    started_earlier: i64,
    /// The most days a connection's traffic covers (see `ROWS`).
    days_covered: i64,
}

/// The rows of `daily_endpoints` being counted, each found by its key and
/// known by its place (a connection counted in one may move to another).
#[derive(Default)]
struct Endpoints {
    places: HashMap<EndpointKey, usize>,
    rows: Vec<(EndpointKey, EndpointDay)>,
}

impl Endpoints {
    /// The place of the row of `key`, made by `new` if there is none.
    fn place(&mut self, key: EndpointKey, new: impl FnOnce() -> EndpointDay) -> usize {
        *self.places.entry(key).or_insert_with(|| {
            self.rows.push((key, new()));
            self.rows.len() - 1
        })
    }
}

/// A connection (identity) as it counts on a day.
struct Counted {
    /// The place of the row of `daily_endpoints` it counts in.
    place: usize,
    /// How much the TLS state it counts in tells ([`tells`]).
    tells: u8,
    has_session: bool,
    /// The bytes in and out it added to each row until now, which follow it
    /// to a row of a state that tells more: one entry per row (most often
    /// one), however many snapshots of the day print it.
    traffic: Vec<(usize, [Option<i64>; 2])>,
}

impl Counted {
    /// Records that `bytes` went to the row at `place`.
    fn carry(&mut self, place: usize, [bytes_in, bytes_out]: [Option<i64>; 2]) {
        match self.traffic.iter_mut().find(|(at, _)| *at == place) {
            Some((_, [total_in, total_out])) => {
                sum(total_in, bytes_in);
                sum(total_out, bytes_out);
            }
            None => self.traffic.push((place, [bytes_in, bytes_out])),
        }
    }
}

/// How much a TLS state tells of a connection's protection: a connection
/// counts once a day, in the state of its snapshot that told the most
/// (the first of those). `negotiated` is seen; `policy_only` says TTLS was
/// looked at and showed no session (yet); `not_captured` and `clear` say what
/// ALL printed; `unknown` (ALLCONN alone) says nothing.
fn tells(tls_state: Option<&str>) -> u8 {
    match tls_state {
        Some("negotiated") => 3,
        Some("policy_only") => 2,
        Some("unknown") | None => 0,
        Some(_) => 1,
    }
}

/// The ranks of [`tells`].
const RANKS: usize = 4;

/// What a connection (identity) told of its protection before the day being
/// counted: for each rank of [`tells`], the last date it was seen in a state
/// that told at least that much. A row of the connection continues from that
/// date for its own state's rank (`continued_from`), so that over a period a
/// connection counts once in each state that told more than every earlier
/// day of the period did: a connection that ALLCONN alone saw before TTLS
/// showed its weak session counts as weak, and a day of ALLCONN after a day
/// that showed it in cleartext adds no `unknown` one. Rank 0's date is the
/// last date it was seen at all (`seen_before`): a connection is new in a
/// period once, on its first date, whatever each date told. Apart, per
/// negotiation (protocol, suite, key share), the last date it negotiated
/// that (`negotiated_before`): over a period a connection counts once under
/// each negotiation it had, so that a session renegotiated weak on a later
/// day of a long-lived connection is counted (review 17a F11).
struct History {
    /// Per rank, the latest date of this pass at that rank or more and the
    /// one before it (a connection's rows come in date order: the latest may
    /// be the day being counted).
    in_pass: [(Id, Id); RANKS],
    /// Per rank, the last date before this pass (`Some(0)`: none), once read.
    before: [Option<Id>; RANKS],
    /// The next observation from before this pass to read (none: none left).
    unread: Option<i64>,
    /// Per negotiation of this pass, its latest date and the one before it.
    negotiated_in_pass: Vec<(Negotiation, (Id, Id))>,
    /// Per negotiation read back from before this pass, its last date.
    negotiated_read: Vec<(Negotiation, Id)>,
    /// When reading back met a prune: the last date it kept of the
    /// connection negotiating anything, which stands for a negotiation not
    /// read back (the prune kept no more).
    negotiated_pruned: Id,
}

/// An observation from before the pass, read back.
enum Before {
    /// Its previous observation, date, rank and negotiation.
    Seen(Option<i64>, Id, u8, Negotiation),
    /// Deleted by a prune, which kept per rank the last date the connection
    /// told at least that much until then (0: none): the end of the reading.
    Pruned([Id; RANKS]),
}

impl History {
    /// The history of a connection whose first row in this pass follows the
    /// observation `previous`.
    fn new(previous: Option<i64>) -> History {
        History {
            in_pass: [(0, 0); RANKS],
            before: [None; RANKS],
            unread: previous,
            negotiated_in_pass: Vec::new(),
            negotiated_read: Vec::new(),
            negotiated_pruned: 0,
        }
    }

    /// The history of a connection for its row on `date` that follows the
    /// observation `previous` (id, date): read back from there when that
    /// date is not in this pass (a day between days being summarized), which
    /// also reads back the dates of this pass before it.
    fn of(histories: &mut HashMap<i64, History>, identity: i64, date: Id, previous: (Option<i64>, Id)) -> &mut History {
        let history = histories.entry(identity).or_insert_with(|| History::new(previous.0));
        let latest = history.in_pass[0].0;
        if latest != 0 && previous.1 != date && previous.1 != latest {
            *history = History::new(previous.0);
        }
        history
    }

    /// The last date before `date` on which the connection told at least
    /// `rank` (0: none), reading back its observations from before this pass
    /// with `read` as far as needed.
    fn last_before(
        &mut self,
        date: Id,
        rank: u8,
        mut read: impl FnMut(i64) -> rusqlite::Result<Before>,
    ) -> rusqlite::Result<Id> {
        let rank = usize::from(rank);
        let in_pass = before_in_pass(self.in_pass[rank], date);
        if in_pass != 0 {
            return Ok(in_pass);
        }
        loop {
            if let Some(before) = self.before[rank] {
                return Ok(before);
            }
            self.read_back(&mut read)?;
        }
    }

    /// The last date before `date` on which the connection negotiated
    /// `negotiation` (0: none), reading back as [`History::last_before`]
    /// does; past a prune, the last date the prune kept of it negotiating
    /// anything.
    fn negotiated_before(
        &mut self,
        date: Id,
        negotiation: Negotiation,
        mut read: impl FnMut(i64) -> rusqlite::Result<Before>,
    ) -> rusqlite::Result<Id> {
        if let Some((_, dates)) = self.negotiated_in_pass.iter().find(|(n, _)| *n == negotiation) {
            let in_pass = before_in_pass(*dates, date);
            if in_pass != 0 {
                return Ok(in_pass);
            }
        }
        loop {
            if let Some((_, before)) = self.negotiated_read.iter().find(|(n, _)| *n == negotiation) {
                return Ok(*before);
            }
            if !self.read_back(&mut read)? {
                return Ok(self.negotiated_pruned);
            }
        }
    }

    /// Reads back the next observation from before this pass; false when
    /// none is left (every rank then has its date).
    fn read_back(&mut self, read: &mut impl FnMut(i64) -> rusqlite::Result<Before>) -> rusqlite::Result<bool> {
        let Some(observation) = self.unread else {
            self.before.iter_mut().for_each(|slot| _ = slot.get_or_insert(0));
            return Ok(false);
        };
        match read(observation)? {
            Before::Seen(previous, seen, told, negotiation) => {
                for slot in &mut self.before[..=usize::from(told)] {
                    slot.get_or_insert(seen);
                }
                // Read newest first: the first date of a negotiation is its last.
                if usize::from(told) == RANKS - 1 && !self.negotiated_read.iter().any(|(n, _)| *n == negotiation) {
                    self.negotiated_read.push((negotiation, seen));
                }
                self.unread = previous;
            }
            Before::Pruned(dates) => {
                for (slot, date) in self.before.iter_mut().zip(dates) {
                    slot.get_or_insert(date);
                }
                self.negotiated_pruned = dates[RANKS - 1];
                self.unread = None;
            }
        }
        Ok(true)
    }

    /// Records that the connection told `rank` on `date`, having negotiated
    /// `negotiation` when it did.
    fn record(&mut self, date: Id, rank: u8, negotiation: Option<Negotiation>) {
        for slot in &mut self.in_pass[..=usize::from(rank)] {
            if slot.0 != date {
                *slot = (date, slot.0);
            }
        }
        let Some(negotiation) = negotiation else { return };
        match self.negotiated_in_pass.iter_mut().find(|(n, _)| *n == negotiation) {
            Some((_, slot)) if slot.0 != date => *slot = (date, slot.0),
            Some(_) => {}
            None => self.negotiated_in_pass.push((negotiation, (date, 0))),
        }
    }
}

/// Of the latest date of this pass and the one before it, the last before
/// `date` (0: none): the latest may be the day being counted.
fn before_in_pass((latest, earlier): (Id, Id), date: Id) -> Id {
    if latest == date {
        earlier
    } else {
        latest
    }
}

/// The statements that read back observations from before the days: an
/// observation ([`OBSERVATION`]), or what a prune kept of it
/// ([`PRUNED_OBSERVATION`]).
struct ReadBack<'c> {
    observation: Statement<'c>,
    pruned: Statement<'c>,
}

/// Everything counted from the rows of the days.
#[derive(Default)]
struct Days {
    texts: Texts,
    grades: Grades,
    endpoints: Endpoints,
    capacity: HashMap<Service, Capacity>,
    /// The weakest connection of each endpoint in each snapshot.
    states: HashMap<Peer, HashMap<i64, State>>,
    /// Per day and connection (identity), how it counts that day.
    continued: HashMap<(Day, i64), Counted>,
    /// Per connection (identity), what it told before the day being counted.
    histories: HashMap<i64, History>,
    /// What each connection negotiated on each day, under which rule.
    negotiated: HashMap<NegotiatedDayKey, NegotiatedDay>,
}

impl Days {
    /// Counts one row of `ROWS`, of the snapshot `snapshot_id` of `day`
    /// captured at `captured_at` under the policy `fingerprint`, whose
    /// direction is `direction`.
    fn add(
        &mut self,
        (snapshot_id, day, captured_at, fingerprint): (i64, Day, Id, Id),
        c: &Columns,
        (row, direction): (&Row<'_>, Option<&str>),
        back: &mut ReadBack<'_>,
    ) -> rusqlite::Result<()> {
        let t = &mut self.texts;
        let (endpoint, direction) = (t.id(row, c.endpoint)?, t.of(direction));
        let (job, remote_ip) = (t.id(row, c.job)?, t.id(row, c.remote_ip)?);
        // As v_connections says it: the port of the side that serves.
        let service_port: Option<i64> = match t.get(direction) {
            Some("inbound") => row.get(c.local_port)?,
            Some("outbound") => row.get(c.remote_port)?,
            _ => None,
        };
        let tls_state = t.id(row, c.tls_state)?;
        let graded = [t.id(row, c.protocol_grade)?, t.id(row, c.cipher_grade)?, t.id(row, c.key_share_grade)?];
        let (worst_grade, grade_rank) = self.grades.worst(graded);
        let state = State {
            captured_at,
            snapshot_id,
            conn_id: t.id(row, c.conn_id)?,
            protected: match t.get(tls_state) {
                Some("negotiated") => Some(1),
                Some("clear") => Some(0),
                _ => None,
            },
            tls_protocol: t.id(row, c.tls_protocol)?,
            protocol_rank: row.get(c.protocol_rank)?,
            cipher_code: t.id(row, c.cipher_code)?,
            aead: row.get(c.aead)?,
            worst_grade,
            grade_rank,
            key_share: t.id(row, c.key_share)?,
        };
        let (cipher_name, key_share) = (t.id(row, c.cipher_name)?, state.key_share);
        let grades = [graded[0], graded[1], graded[2], worst_grade];
        let bytes: [Option<i64>; 4] = [
            row.get(c.traffic_bytes_in)?,
            row.get(c.traffic_bytes_out)?,
            row.get(c.traffic_segments_in)?,
            row.get(c.traffic_segments_out)?,
        ];
        let has_session: bool = row.get(c.has_session)?;
        let identity: Option<i64> = row.get(c.identity_id)?;
        let previous = (row.get(c.previous_connection_id)?, t.id(row, c.previous_date)?);
        let started_earlier = row.get::<_, Option<bool>>(c.started_earlier)?.unwrap_or(false);

        // A connection counts once a day: at its first snapshot of the day
        // (capacity), in the TLS state of its snapshot that told the most
        // (the endpoints). Its traffic goes with it: a snapshot that told
        // less of its protection than another of the day (ALL alone, its
        // TTLS printed by a run seconds later) adds its bytes under the state
        // that told the most, or a connection that negotiated TLS would
        // count its bytes unprotected; one that told as much keeps its own
        // (a TLS version of its own), and so do bytes a print showed in clear.
        let entry = identity.map(|identity| self.continued.entry((day, identity)));
        let counted = match &entry {
            Some(Entry::Occupied(counted)) => Some(counted.get()),
            _ => None,
        };
        let counts = counted.is_none();
        let told = tells(t.get(tls_state));
        let negotiation =
            (usize::from(told) == RANKS - 1).then_some([state.tls_protocol, state.cipher_code, key_share]);
        let (continued_from, seen_before, negotiated_before) = match identity {
            Some(identity) => {
                let history = History::of(&mut self.histories, identity, day[2], previous);
                let mut read = |id| {
                    let mut rows = back.observation.query([id])?;
                    if let Some(row) = rows.next()? {
                        let told = tells(row.get_ref(2)?.as_str_or_null()?);
                        let negotiation = [t.id(row, 3)?, t.id(row, 4)?, t.id(row, 5)?];
                        return Ok(Before::Seen(row.get(0)?, t.id(row, 1)?, told, negotiation));
                    }
                    let mut dates = [0; RANKS];
                    if let Some(row) = back.pruned.query([id])?.next()? {
                        for (rank, date) in dates.iter_mut().enumerate() {
                            *date = t.id(row, rank)?;
                        }
                    }
                    Ok(Before::Pruned(dates))
                };
                let from = history.last_before(day[2], told, &mut read)?;
                let seen = history.last_before(day[2], 0, &mut read)?;
                let negotiated = match negotiation {
                    Some(negotiation) => history.negotiated_before(day[2], negotiation, &mut read)?,
                    None => from,
                };
                history.record(day[2], told, negotiation);
                (from, seen, negotiated)
            }
            None => (previous.1, previous.1, previous.1),
        };
        let key = (
            day,
            [
                endpoint,
                direction,
                job,
                remote_ip,
                tls_state,
                continued_from,
                seen_before,
                negotiated_before,
                state.tls_protocol,
                state.cipher_code,
                cipher_name,
                key_share,
            ],
            service_port,
        );
        let place = self.endpoints.place(key, || EndpointDay {
            grades,
            connections: 0,
            tls_sessions: 0,
            snapshots: 0,
            last_snapshot: -1,
            first_seen: captured_at,
            last_seen: captured_at,
            bytes_in: None,
            bytes_out: None,
        });
        let traffic = [bytes[0], bytes[1]];
        let now = || Counted { place, tells: told, has_session, traffic: vec![(place, traffic)] };
        let rows = &mut self.endpoints.rows;
        // Whether the connection counts in this row now, and the row its
        // bytes go to.
        let (counts_here, bytes_place) = match entry {
            None => (true, place),
            Some(Entry::Vacant(vacant)) => {
                vacant.insert(now());
                (true, place)
            }
            Some(Entry::Occupied(mut counted)) if told > counted.get().tells => {
                let earlier = std::mem::replace(counted.get_mut(), now());
                rows[earlier.place].1.connections -= 1;
                rows[earlier.place].1.tls_sessions -= i64::from(earlier.has_session);
                for (from, [bytes_in, bytes_out]) in earlier.traffic {
                    // Bytes a print showed in clear went before any later
                    // handshake (an application-controlled rule's data
                    // before the application started TLS): they stay.
                    let to = if t.get(rows[from].0 .1[4]) == Some("clear") { from } else { place };
                    if to != from {
                        unsum(&mut rows[from].1.bytes_in, bytes_in);
                        unsum(&mut rows[from].1.bytes_out, bytes_out);
                        sum(&mut rows[to].1.bytes_in, bytes_in);
                        sum(&mut rows[to].1.bytes_out, bytes_out);
                    }
                    counted.get_mut().carry(to, [bytes_in, bytes_out]);
                }
                (true, place)
            }
            Some(Entry::Occupied(mut counted)) => {
                let counted = counted.get_mut();
                let to = if told < counted.tells && t.get(tls_state) != Some("clear") { counted.place } else { place };
                counted.carry(to, traffic);
                (false, to)
            }
        };
        let seen = &mut rows[place].1;
        seen.connections += i64::from(counts_here);
        seen.tls_sessions += i64::from(counts_here && has_session);
        // Rows come ordered by snapshot: a new snapshot shows as a change.
        if seen.last_snapshot != snapshot_id {
            seen.snapshots += 1;
            seen.last_snapshot = snapshot_id;
        }
        if t.get(captured_at) < t.get(seen.first_seen) {
            seen.first_seen = captured_at;
        }
        if t.get(captured_at) > t.get(seen.last_seen) {
            seen.last_seen = captured_at;
        }
        let taking = &mut rows[bytes_place].1;
        sum(&mut taking.bytes_in, bytes[0]);
        sum(&mut taking.bytes_out, bytes[1]);
        if t.get(tls_state) == Some("negotiated") {
            let what = [
                job,
                direction,
                remote_ip,
                t.id(row, c.rule)?,
                t.id(row, c.env_action)?,
                state.tls_protocol,
                state.cipher_code,
                key_share,
                fingerprint,
            ];
            let seen = self.negotiated.entry((day, identity, what, service_port)).or_insert(NegotiatedDay {
                first_seen: captured_at,
                last_seen: captured_at,
                snapshot_id,
            });
            // Rows come in capture order: the last is the latest; of two
            // snapshots of one time, impact takes the larger
            // `captured_at|snapshot_id` as text.
            if captured_at != seen.last_seen
                || snapshot_id != seen.snapshot_id && snapshot_id.to_string() > seen.snapshot_id.to_string()
            {
                seen.last_seen = captured_at;
                seen.snapshot_id = snapshot_id;
            }
        }
        if t.get(endpoint) != Some("connection") {
            return Ok(());
        }

        let service = self.capacity.entry((day, [job, direction], service_port)).or_default();
        // The peak counts the connections open in a run: a `Closed` one
        // (ALLCONN lists recently closed ones) was seen that day, not open then.
        let open = service.per_snapshot.entry(snapshot_id).or_insert(0);
        *open += i64::from(!row.get::<_, bool>(c.closed)?);
        service.connections += i64::from(counts);
        // A connection's counters are printed for the first time in one row.
        service.started_earlier += i64::from(started_earlier);
        service.days_covered = service.days_covered.max(row.get(c.days_covered)?);
        for (total, value) in service.traffic.iter_mut().zip(bytes) {
            sum(total, value);
        }
        let moved = service.peers.entry(remote_ip).or_insert(None);
        sum(moved, bytes[0]);
        sum(moved, bytes[1]);

        let in_snapshot = self.states.entry((day, [job, direction, remote_ip], service_port)).or_default();
        match in_snapshot.get(&snapshot_id) {
            Some(weakest) if weakest.weakness(t) <= state.weakness(t) => {}
            _ => {
                in_snapshot.insert(snapshot_id, state);
            }
        }
        Ok(())
    }
}

/// Reads the rows of the days in `temp.summary_days` and writes their
/// `daily_endpoints`, `daily_services`, `daily_capacity`, `endpoint_days` and `negotiated_days`, the steps
/// between snapshots of a day into `temp.steps`, and each connection's
/// evidence of direction; returns the days to summarize again for it
/// (see [`Directions`]).
pub(super) fn write_days(tx: &Transaction<'_>) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut days = Days::default();
    days.grades = Grades::read(tx, &mut days.texts)?;
    let mut select = tx.prepare(ROWS)?;
    let mut directions = Directions::new(tx)?;
    let columns = Columns::of(&select)?;
    let mut back = ReadBack { observation: tx.prepare(OBSERVATION)?, pruned: tx.prepare(PRUNED_OBSERVATION)? };
    let mut snapshots = tx.prepare(SNAPSHOTS)?;
    let mut in_order = snapshots.query([])?;
    while let Some(snapshot) = in_order.next()? {
        let snapshot_id: i64 = snapshot.get(0)?;
        let t = &mut days.texts;
        let day = [t.id(snapshot, 1)?, t.id(snapshot, 2)?, t.id(snapshot, 3)?];
        let captured_at = t.id(snapshot, 4)?;
        let shared = (snapshot_id, day, captured_at, t.id(snapshot, 5)?);
        let on = (snapshot.get_ref(1)?.as_str()?, snapshot.get_ref(2)?.as_str()?, snapshot.get_ref(3)?.as_str()?);
        let mut rows = select.query([snapshot_id])?;
        while let Some(row) = rows.next()? {
            let identity = row.get(columns.identity_id)?;
            let rank = row.get(columns.evidence_rank)?;
            let own = row.get_ref(columns.own_direction)?.as_str_or_null()?;
            days.add(shared, &columns, (row, directions.direction(identity, rank, own)?), &mut back)?;
            directions.row((identity, rank, own), on)?;
        }
    }
    insert_endpoints(tx, &days)?;
    insert_capacity(tx, &days)?;
    insert_states(tx, &days)?;
    insert_negotiated(tx, &days)?;
    insert_protection(tx, &days)?;
    directions.stale(tx)
}

/// The entries of a map in the order of their keys: rows are written in
/// the same order whatever the hash seed.
fn sorted<K: Ord, V>(map: &HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

/// A row of `daily_services` being summed: the rows of `daily_endpoints`
/// of a service, state and negotiation, their remote addresses aside.
struct ServiceDay {
    connections: i64,
    tls_sessions: i64,
    bytes_in: Option<i64>,
    bytes_out: Option<i64>,
    first_seen: Id,
    last_seen: Id,
}

/// A service, state and negotiation of a day: endpoint kind, direction,
/// job, TLS state, continued from (date), seen before (date), negotiated
/// before (date), protocol, cipher code and name, key share, and the grades
/// of protocol, cipher suite, key share and the worst.
type Negotiated = [Id; 15];

/// The values `daily_endpoints` and `daily_services` share, in the order
/// their inserts bind them: the day, service port, whether it is weak (a
/// part graded weak or insecure, or `unknown`: no registry grades it, which
/// is to be looked at as much), and the service.
fn service_values<'t>(
    t: &'t Texts,
    day: &Day,
    port: Option<i64>,
    service: &'t Negotiated,
) -> impl Iterator<Item = Value<'t>> {
    let weak = service[11..14].iter().any(|grade| matches!(t.get(*grade), Some("weak" | "insecure" | "unknown")));
    let head = [
        Value::Text(t.get(day[2])),
        Value::Text(t.get(day[0])),
        Value::Text(t.get(day[1])),
        Value::Int(port),
        Value::Int(Some(i64::from(weak))),
    ];
    head.into_iter().chain(service.iter().map(|id| Value::Text(t.get(*id))))
}

/// Writes `daily_endpoints`, and `daily_services` summed from the same rows.
fn insert_endpoints(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut insert = tx.prepare(INSERT_ENDPOINT)?;
    // Ordered, so that rows are written in the same order whatever the hash seed.
    let mut services: BTreeMap<(Day, Negotiated, Option<i64>), ServiceDay> = BTreeMap::new();
    let mut rows: Vec<_> = days.endpoints.rows.iter().collect();
    // In the order of the largest index, daily_endpoints_peer (then the rest of the key): its entries
    // go in one after another instead of all over its pages, which also leaves them full.
    rows.sort_by_cached_key(|((day, texts, port), _)| {
        let [endpoint, direction, job, remote_ip, tls_state, continued_from, seen_before, negotiated_before, protocol, cipher, cipher_name, key_share] =
            texts.map(|id| t.get(id));
        let service = (t.get(day[0]), t.get(day[1]), job, direction, *port, remote_ip, t.get(day[2]));
        (service, (tls_state, protocol, cipher, key_share, endpoint, continued_from, seen_before, negotiated_before, cipher_name))
    });
    for ((day, texts, port), v) in rows {
        let [endpoint, direction, job, remote_ip, tls_state, continued_from, seen_before, negotiated_before, tls_protocol, cipher_code, cipher_name, key_share] =
            *texts;
        let [protocol_grade, cipher_grade, key_share_grade, worst_grade] = v.grades;
        let service = [
            endpoint,
            direction,
            job,
            tls_state,
            continued_from,
            seen_before,
            negotiated_before,
            tls_protocol,
            cipher_code,
            cipher_name,
            key_share,
            protocol_grade,
            cipher_grade,
            key_share_grade,
            worst_grade,
        ];
        let own = [
            Value::Text(t.get(remote_ip)),
            Value::Int(Some(v.connections)),
            Value::Int(Some(v.tls_sessions)),
            Value::Int(Some(v.snapshots)),
            Value::Text(t.get(v.first_seen)),
            Value::Text(t.get(v.last_seen)),
            Value::Int(v.bytes_in),
            Value::Int(v.bytes_out),
        ];
        insert.execute(params_from_iter(service_values(t, day, *port, &service).chain(own)))?;
        let summed = services.entry((*day, service, *port)).or_insert(ServiceDay {
            connections: 0,
            tls_sessions: 0,
            bytes_in: None,
            bytes_out: None,
            first_seen: v.first_seen,
            last_seen: v.last_seen,
        });
        summed.connections += v.connections;
        summed.tls_sessions += v.tls_sessions;
        sum(&mut summed.bytes_in, v.bytes_in);
        sum(&mut summed.bytes_out, v.bytes_out);
        if t.get(v.first_seen) < t.get(summed.first_seen) {
            summed.first_seen = v.first_seen;
        }
        if t.get(v.last_seen) > t.get(summed.last_seen) {
            summed.last_seen = v.last_seen;
        }
    }
    let mut insert = tx.prepare(INSERT_SERVICE)?;
    for ((day, service, port), v) in &services {
        let sums = [
            Value::Int(Some(v.connections)),
            Value::Int(Some(v.tls_sessions)),
            Value::Text(t.get(v.first_seen)),
            Value::Text(t.get(v.last_seen)),
            Value::Int(v.bytes_in),
            Value::Int(v.bytes_out),
        ];
        insert.execute(params_from_iter(service_values(t, day, *port, service).chain(sums)))?;
    }
    Ok(())
}

/// Bytes and segments are traffic (see `ROWS`); the top peer is the remote
/// address that moved the most bytes in the day.
fn insert_capacity(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut insert = tx.prepare(INSERT_CAPACITY)?;
    for ((day, [job, direction], service_port), seen) in sorted(&days.capacity) {
        let peak = seen.per_snapshot.values().copied().max().unwrap_or(0);
        // The most bytes; between equals, the lowest address (NULL first, as
        // SQL sorts). A peer whose bytes were not captured (ALLCONN) is none.
        let top = seen
            .peers
            .iter()
            .filter_map(|(ip, bytes)| Some((t.get(*ip), (*bytes)?)))
            .min_by(|(a_ip, a), (b_ip, b)| b.cmp(a).then(a_ip.cmp(b_ip)));
        let [bytes_in, bytes_out, segments_in, segments_out] = seen.traffic;
        insert.execute(params![
            t.get(day[2]),
            t.get(day[0]),
            t.get(day[1]),
            t.get(*job),
            t.get(*direction),
            service_port,
            seen.per_snapshot.len() as i64,
            seen.connections,
            peak,
            bytes_in,
            bytes_out,
            segments_in,
            segments_out,
            top.and_then(|(ip, _)| ip),
            top.map(|(_, bytes)| bytes),
            seen.started_earlier,
            seen.days_covered.max(1),
        ])?;
    }
    Ok(())
}

/// Each endpoint's first and last state of the day, and every step from
/// one snapshot that saw it to the next; of the snapshots that told its
/// protection alone. One that did not (ALLCONN alone, ALL without a TTLS
/// report) cannot show a change, and taken for the day's first or last it
/// hid the change across it; a day with no such snapshot has no row, so the
/// next day compares with the last day that told.
fn insert_states(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut insert_day = tx.prepare(INSERT_ENDPOINT_DAY)?;
    let mut insert_step = tx.prepare(INSERT_STEP)?;
    // In the order of endpoint_days_endpoint, for the reason given in insert_endpoints.
    let mut states: Vec<_> = days.states.iter().collect();
    states.sort_by_cached_key(|((day, [job, direction, remote_ip], port), _)| {
        (t.get(day[0]), t.get(day[1]), t.get(*job), t.get(*direction), *port, t.get(*remote_ip), t.get(day[2]))
    });
    for ((day, [job, direction, remote_ip], service_port), by_snapshot) in states {
        let mut seen: Vec<&State> = by_snapshot.values().filter(|state| state.protected.is_some()).collect();
        seen.sort_by(|a, b| (t.get(a.captured_at), a.snapshot_id).cmp(&(t.get(b.captured_at), b.snapshot_id)));
        let (Some(first), Some(last)) = (seen.first(), seen.last()) else { continue };
        let key = [
            Value::Text(t.get(day[0])),
            Value::Text(t.get(day[1])),
            Value::Text(t.get(*job)),
            Value::Text(t.get(*direction)),
            Value::Int(*service_port),
            Value::Text(t.get(*remote_ip)),
            Value::Text(t.get(day[2])),
        ];
        insert_day.execute(params_from_iter(key.into_iter().chain(first.values(t)).chain(last.values(t))))?;
        // Most steps change nothing judged (the same connections seen again):
        // they are not written, which was most of what the steps cost.
        for pair in seen.windows(2).filter(|pair| pair[0].judged() != pair[1].judged()) {
            insert_step.execute(params_from_iter(key.into_iter().chain(pair[0].values(t)).chain(pair[1].values(t))))?;
        }
    }
    Ok(())
}

/// Writes `negotiated_days`, in the order of its snapshot index.
fn insert_negotiated(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut insert = tx.prepare(INSERT_NEGOTIATED)?;
    let mut rows: Vec<_> = days.negotiated.iter().collect();
    rows.sort_by_cached_key(|((_, identity, what, port), seen)| {
        (seen.snapshot_id, *identity, what.map(|id| t.get(id)), *port)
    });
    for ((_, identity, what, port), seen) in rows {
        let [job, direction, remote_ip, rule, env_action, tls_protocol, cipher_code, key_share, _] =
            what.map(|id| t.get(id));
        insert.execute(params![
            seen.snapshot_id,
            identity,
            job,
            direction,
            port,
            remote_ip,
            rule,
            env_action,
            tls_protocol,
            cipher_code,
            key_share,
            t.get(seen.first_seen),
        ])?;
    }
    Ok(())
}

/// Writes, per connection (identity), what it showed of its protection on
/// its first day that showed it (`connection_protection`: the state it
/// counts in, when clear or negotiated) and, per day that showed nothing
/// (`unknown`, `not_captured`), its traffic in rows of those states
/// (`unshown_traffic`), which the reports count in the state it was first
/// shown in: AT-TLS maps a connection at its start, so that state held for
/// its life.
fn insert_protection(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut shown = tx.prepare(INSERT_PROTECTION)?;
    let mut unshown = tx.prepare(INSERT_UNSHOWN)?;
    let rows = &days.endpoints.rows;
    let mut counted: Vec<_> = days.continued.iter().collect();
    counted.sort_by_cached_key(|((day, identity), _)| (day.map(|id| t.get(id)), *identity));
    for ((day, identity), counted) in counted {
        let (key, _) = &rows[counted.place];
        let [endpoint, direction, job, remote_ip, tls_state, _, _, _, protocol, cipher, _, key_share] =
            key.1.map(|id| t.get(id));
        let continued_from = key.1[5];
        if endpoint != Some("connection") {
            continue;
        }
        let day_values = [t.get(day[2]), t.get(day[0]), t.get(day[1])];
        if matches!(tls_state, Some("clear" | "negotiated")) {
            // Its first day so is the one read (continued from none): the
            // days after it are not written, which would be a row per
            // connection and day.
            if continued_from != 0 {
                continue;
            }
            shown.execute(params![
                day_values[0],
                day_values[1],
                day_values[2],
                identity,
                tls_state,
                protocol,
                cipher,
                key_share
            ])?;
            continue;
        }
        let Some(state @ ("unknown" | "not_captured")) = tls_state else { continue };
        let mut traffic = [None, None];
        for (place, bytes) in &counted.traffic {
            if matches!(t.get(rows[*place].0 .1[4]), Some("unknown" | "not_captured")) {
                sum(&mut traffic[0], bytes[0]);
                sum(&mut traffic[1], bytes[1]);
            }
        }
        if traffic.iter().any(Option::is_some) {
            unshown.execute(params![
                day_values[0],
                day_values[1],
                day_values[2],
                identity,
                direction,
                key.2,
                job,
                remote_ip,
                state,
                traffic[0],
                traffic[1]
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{insert_states, Days, Grades, Id, State, Texts};
    use crate::store::Store;

    fn text(texts: &mut Texts, text: &str) -> Id {
        texts.texts.push(text.into());
        let id = Id::try_from(texts.texts.len()).unwrap();
        texts.ids.insert(text.into(), id);
        id
    }

    /// The worst grade of a row as `v_connection_core`'s `worst_grade` and
    /// `grade_rank` give it, with grades ranked insecure 1, weak 2, secure
    /// 3, recommended 4: TLSv1.3 (recommended) with a CBC suite (weak) and
    /// no key share is weak, rank 2; TLSv1.2 (secure) with a suite the
    /// table does not rank and x25519 (recommended) is secure, rank 3;
    /// nothing graded, or nothing the table ranks, is none.
    #[test]
    fn the_worst_grade_is_the_first_of_the_lowest_rank() {
        let mut t = Texts::default();
        let mut grades = Grades::default();
        for (grade, rank) in [("insecure", 1), ("weak", 2), ("secure", 3), ("recommended", 4)] {
            grades.0.insert(text(&mut t, grade), rank);
        }
        let [weak, secure, recommended] = ["weak", "secure", "recommended"].map(|g| t.ids[g]);
        let unranked = text(&mut t, "unheard-of");
        assert_eq!(grades.worst([recommended, weak, 0]), (weak, Some(2)));
        assert_eq!(grades.worst([secure, unranked, recommended]), (secure, Some(3)));
        assert_eq!(grades.worst([0, 0, 0]), (0, None));
        assert_eq!(grades.worst([unranked, 0, unranked]), (0, None));
    }

    /// A client of TN3270A on port 992 seen in three snapshots of a day: at
    /// 08:00 and 12:00 by TLSv1.3 with an AEAD suite (graded recommended),
    /// the second time on a new connection; at 16:00 by TLSv1.2 with a CBC
    /// suite (weak). The step 08:00 to 12:00 changes nothing a regression
    /// is judged on, so only the step 12:00 to 16:00 is written; the day's
    /// first and last states are those of 08:00 and 16:00.
    #[test]
    fn only_steps_that_change_what_is_judged_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let tx = store.conn.transaction().unwrap();
        tx.execute_batch(super::super::DAYS_TABLE).unwrap();
        tx.execute_batch(super::super::BEGIN).unwrap();

        let mut days = Days::default();
        let t = &mut days.texts;
        let day = [text(t, "SYSA"), text(t, "TCPIP"), text(t, "2026-11-23")];
        let peer = (day, [text(t, "TN3270A"), text(t, "inbound"), text(t, "10.20.30.40")], Some(992));
        let (tls13, tls12) = (text(t, "TLSv1.3"), text(t, "TLSv1.2"));
        let (aes_gcm, aes_cbc) = (text(t, "1302"), text(t, "003D"));
        let (recommended, weak) = (text(t, "recommended"), text(t, "weak"));
        let strong = |t: &mut Texts, at: &str, snapshot_id: i64, conn_id: &str| State {
            captured_at: text(t, at),
            snapshot_id,
            conn_id: text(t, conn_id),
            protected: Some(1),
            tls_protocol: tls13,
            protocol_rank: Some(6),
            cipher_code: aes_gcm,
            aead: Some(1),
            worst_grade: recommended,
            grade_rank: Some(4),
            key_share: 0,
        };
        let morning = strong(t, "2026-11-23T08:00:00", 1, "0000A1");
        let noon = strong(t, "2026-11-23T12:00:00", 2, "0000B2");
        let evening = State {
            tls_protocol: tls12,
            protocol_rank: Some(5),
            cipher_code: aes_cbc,
            aead: Some(0),
            worst_grade: weak,
            grade_rank: Some(2),
            ..strong(t, "2026-11-23T16:00:00", 3, "0000C3")
        };
        days.states.insert(peer, [(1, morning), (2, noon), (3, evening)].into_iter().collect());
        insert_states(&tx, &days).unwrap();

        let rows = |sql: &str| -> Vec<String> {
            let mut stmt = tx.prepare(sql).unwrap();
            let columns = stmt.column_count();
            stmt.query_map([], |row| (0..columns).map(|i| row.get(i)).collect::<rusqlite::Result<Vec<String>>>())
                .unwrap()
                .map(|row| row.unwrap().join(" "))
                .collect()
        };
        assert_eq!(
            rows("SELECT job, remote_ip, before_at, before_protocol, after_at, after_protocol FROM temp.steps"),
            ["TN3270A 10.20.30.40 2026-11-23T12:00:00 TLSv1.3 2026-11-23T16:00:00 TLSv1.2"]
        );
        assert_eq!(
            rows("SELECT first_at, first_protocol, last_at, last_protocol FROM endpoint_days"),
            ["2026-11-23T08:00:00 TLSv1.3 2026-11-23T16:00:00 TLSv1.2"]
        );
    }
}
