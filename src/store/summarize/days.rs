//! The per-day summaries worked out in one pass over the rows of
//! `v_connections` of the days being summarized: reading the rows once and
//! grouping them in hash maps costs a fraction of the sorts SQLite needs for
//! the same GROUP BYs. Grouping follows SQL: NULL is a value of its own,
//! `sum` of nothing but NULLs is NULL, `max` skips NULLs.

use rusqlite::{params, Row, Transaction};
// Keys here are a few small numbers: a simple fast hash beats SipHash, and
// nothing here is exposed to hash flooding that matters (one ingest's rows).
use rustc_hash::FxHashMap as HashMap;

/// The rows of the days, ordered by snapshot. `worst_grade`'s rank comes
/// from `grades`; the last column says whether the row has a TLS session.
const ROWS: &str = "SELECT v.snapshot_id, v.system, v.stack, v.capture_date, v.captured_at, v.conn_id, v.endpoint,
       v.direction, v.service_port, v.job, v.remote_ip, v.ttls_policy, v.tls_protocol, v.protocol_rank,
       v.cipher_code, v.cipher_name, v.key_share, v.protocol_grade, v.cipher_grade, v.key_share_grade,
       v.worst_grade, g.rank, v.aead, v.bytes_in, v.bytes_out, v.segments_in, v.segments_out,
       EXISTS (SELECT 1 FROM tls_sessions t WHERE t.snapshot_id = v.snapshot_id AND t.conn_id = v.conn_id)
    FROM v_connections v
    LEFT JOIN grades g ON g.grade = v.worst_grade
    WHERE v.snapshot_id IN (SELECT s.snapshot_id FROM snapshots s
                            JOIN temp.summary_days USING (system, stack, capture_date))
    ORDER BY v.snapshot_id";

const INSERT_ENDPOINT: &str = "INSERT INTO daily_endpoints VALUES
    (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)";

const INSERT_CAPACITY: &str = "INSERT INTO daily_capacity VALUES
    (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

const INSERT_ENDPOINT_DAY: &str = "INSERT INTO endpoint_days VALUES
    (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

const INSERT_STEP: &str = "INSERT INTO temp.steps VALUES
    (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

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
        let Some(text) = row.get_ref(column)?.as_str_or_null()? else { return Ok(0) };
        if let Some(id) = self.ids.get(text) {
            return Ok(*id);
        }
        self.texts.push(text.into());
        let id = Id::try_from(self.texts.len()).expect("fewer distinct texts than u32::MAX");
        self.ids.insert(text.into(), id);
        Ok(id)
    }

    fn get(&self, id: Id) -> Option<&str> {
        id.checked_sub(1).map(|i| &*self.texts[i as usize])
    }
}

/// A system, stack and capture date.
type Day = [Id; 3];

/// What a service is to the capacity report: day, job, direction, service port.
type Service = (Day, [Id; 2], Option<i64>);

/// A row of `daily_endpoints`: day; endpoint kind, direction, job, remote
/// address, protocol, cipher code and name, key share; service port, AT-TLS policy.
type EndpointKey = (Day, [Id; 8], [Option<i64>; 2]);

/// A connection endpoint as the regressions report follows it, on one day:
/// day; job, remote address; service port.
type Peer = (Day, [Id; 2], Option<i64>);

/// The security of a connection: what regressions compare.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    captured_at: Id,
    snapshot_id: i64,
    conn_id: Id,
    ttls_policy: Option<i64>,
    tls_protocol: Id,
    protocol_rank: Option<i64>,
    cipher_code: Id,
    aead: Option<i64>,
    worst_grade: Id,
    grade_rank: Option<i64>,
}

impl State {
    /// The weakest connection of an endpoint in a snapshot stands for it:
    /// cleartext first, then the worst grade, then the oldest protocol.
    fn weakness<'t>(&self, texts: &'t Texts) -> (i64, i64, i64, Option<&'t str>) {
        (
            self.ttls_policy.unwrap_or(1),
            self.grade_rank.unwrap_or(99),
            self.protocol_rank.unwrap_or(99),
            texts.get(self.conn_id),
        )
    }

    fn values<'t>(&self, texts: &'t Texts) -> [Value<'t>; 8] {
        [
            Value::Text(texts.get(self.captured_at)),
            Value::Int(self.ttls_policy),
            Value::Text(texts.get(self.tls_protocol)),
            Value::Int(self.protocol_rank),
            Value::Text(texts.get(self.cipher_code)),
            Value::Int(self.aead),
            Value::Text(texts.get(self.worst_grade)),
            Value::Int(self.grade_rank),
        ]
    }
}

/// A value to bind.
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

/// SQL's `max` of a nullable column.
fn max(highest: &mut Option<i64>, value: Option<i64>) {
    *highest = (*highest).max(value);
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
    /// Connections per snapshot.
    per_snapshot: HashMap<i64, i64>,
    /// The highest byte and segment counters of each connection (conn id, remote address).
    per_connection: HashMap<[Id; 2], [Option<i64>; 4]>,
}

/// Everything counted from the rows of the days.
#[derive(Default)]
struct Days {
    texts: Texts,
    endpoints: HashMap<EndpointKey, EndpointDay>,
    capacity: HashMap<Service, Capacity>,
    /// The weakest connection of each endpoint in each snapshot.
    states: HashMap<Peer, HashMap<i64, State>>,
}

impl Days {
    /// Counts one row of `ROWS`.
    fn add(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        let t = &mut self.texts;
        let snapshot_id: i64 = row.get(0)?;
        let day = [t.id(row, 1)?, t.id(row, 2)?, t.id(row, 3)?];
        let captured_at = t.id(row, 4)?;
        let (endpoint, direction, job, remote_ip) = (t.id(row, 6)?, t.id(row, 7)?, t.id(row, 9)?, t.id(row, 10)?);
        let service_port: Option<i64> = row.get(8)?;
        let state = State {
            captured_at,
            snapshot_id,
            conn_id: t.id(row, 5)?,
            ttls_policy: row.get(11)?,
            tls_protocol: t.id(row, 12)?,
            protocol_rank: row.get(13)?,
            cipher_code: t.id(row, 14)?,
            aead: row.get(22)?,
            worst_grade: t.id(row, 20)?,
            grade_rank: row.get(21)?,
        };
        let (cipher_name, key_share) = (t.id(row, 15)?, t.id(row, 16)?);
        let grades = [t.id(row, 17)?, t.id(row, 18)?, t.id(row, 19)?, state.worst_grade];
        let bytes: [Option<i64>; 4] = [row.get(23)?, row.get(24)?, row.get(25)?, row.get(26)?];
        let has_session: bool = row.get(27)?;

        let key = (
            day,
            [endpoint, direction, job, remote_ip, state.tls_protocol, state.cipher_code, cipher_name, key_share],
            [service_port, state.ttls_policy],
        );
        let seen = self.endpoints.entry(key).or_insert(EndpointDay {
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
        seen.connections += 1;
        seen.tls_sessions += i64::from(has_session);
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
        sum(&mut seen.bytes_in, bytes[0]);
        sum(&mut seen.bytes_out, bytes[1]);
        if t.get(endpoint) != Some("connection") {
            return Ok(());
        }

        let service = self.capacity.entry((day, [job, direction], service_port)).or_default();
        *service.per_snapshot.entry(snapshot_id).or_insert(0) += 1;
        let counters = service.per_connection.entry([state.conn_id, remote_ip]).or_default();
        for (highest, value) in counters.iter_mut().zip(bytes) {
            max(highest, value);
        }

        let in_snapshot = self.states.entry((day, [job, remote_ip], service_port)).or_default();
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
/// `daily_endpoints`, `daily_capacity` and `endpoint_days`, and the steps
/// between snapshots of a day into `temp.steps`.
pub(super) fn write_days(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut days = Days::default();
    let mut select = tx.prepare(ROWS)?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        days.add(row)?;
    }
    insert_endpoints(tx, &days)?;
    insert_capacity(tx, &days)?;
    insert_states(tx, &days)
}

/// The entries of a map in the order of their keys: rows are written in
/// the same order whatever the hash seed.
fn sorted<K: Ord, V>(map: &HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

fn insert_endpoints(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut insert = tx.prepare(INSERT_ENDPOINT)?;
    let weak = |grade: Id| matches!(t.get(grade), Some("weak" | "insecure"));
    for ((day, texts, [service_port, ttls_policy]), v) in sorted(&days.endpoints) {
        let [endpoint, direction, job, remote_ip, tls_protocol, cipher_code, cipher_name, key_share] = *texts;
        let [protocol_grade, cipher_grade, key_share_grade, worst_grade] = v.grades;
        let any_weak = weak(protocol_grade) || weak(cipher_grade) || weak(key_share_grade);
        insert.execute(params![
            t.get(day[2]),
            t.get(day[0]),
            t.get(day[1]),
            t.get(endpoint),
            t.get(direction),
            service_port,
            t.get(job),
            t.get(remote_ip),
            ttls_policy,
            t.get(tls_protocol),
            t.get(cipher_code),
            t.get(cipher_name),
            t.get(key_share),
            t.get(protocol_grade),
            t.get(cipher_grade),
            t.get(key_share_grade),
            t.get(worst_grade),
            any_weak,
            v.connections,
            v.tls_sessions,
            v.snapshots,
            t.get(v.first_seen),
            t.get(v.last_seen),
            v.bytes_in,
            v.bytes_out,
        ])?;
    }
    Ok(())
}

/// NETSTAT's byte and segment counters grow over a connection's life, so a
/// connection seen in several snapshots of a day counts with its highest
/// value; the top peer is the remote address that moved the most bytes.
fn insert_capacity(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut insert = tx.prepare(INSERT_CAPACITY)?;
    for ((day, [job, direction], service_port), seen) in sorted(&days.capacity) {
        let peak = seen.per_snapshot.values().copied().max().unwrap_or(0);
        let mut totals = [None; 4];
        let mut peers: HashMap<Option<&str>, i64> = HashMap::default();
        for ([_, remote_ip], counters) in &seen.per_connection {
            for (total, value) in totals.iter_mut().zip(counters) {
                sum(total, *value);
            }
            *peers.entry(t.get(*remote_ip)).or_insert(0) += counters[0].unwrap_or(0) + counters[1].unwrap_or(0);
        }
        // The most bytes; between equals, the lowest address (NULL first, as SQL sorts).
        let top = peers.into_iter().min_by(|(a_ip, a), (b_ip, b)| b.cmp(a).then(a_ip.cmp(b_ip)));
        let [bytes_in, bytes_out, segments_in, segments_out] = totals;
        insert.execute(params![
            t.get(day[2]),
            t.get(day[0]),
            t.get(day[1]),
            t.get(*job),
            t.get(*direction),
            service_port,
            seen.per_snapshot.len() as i64,
            seen.per_connection.len() as i64,
            peak,
            bytes_in,
            bytes_out,
            segments_in,
            segments_out,
            top.and_then(|(ip, _)| ip),
            top.map(|(_, bytes)| bytes),
        ])?;
    }
    Ok(())
}

/// Each endpoint's first and last state of the day, and every step from
/// one snapshot that saw it to the next.
fn insert_states(tx: &Transaction<'_>, days: &Days) -> rusqlite::Result<()> {
    let t = &days.texts;
    let mut insert_day = tx.prepare(INSERT_ENDPOINT_DAY)?;
    let mut insert_step = tx.prepare(INSERT_STEP)?;
    for ((day, [job, remote_ip], service_port), by_snapshot) in sorted(&days.states) {
        let mut seen: Vec<&State> = by_snapshot.values().collect();
        seen.sort_by(|a, b| (t.get(a.captured_at), a.snapshot_id).cmp(&(t.get(b.captured_at), b.snapshot_id)));
        let (Some(first), Some(last)) = (seen.first(), seen.last()) else { continue };
        let key = [
            Value::Text(t.get(day[0])),
            Value::Text(t.get(day[1])),
            Value::Text(t.get(*job)),
            Value::Int(*service_port),
            Value::Text(t.get(*remote_ip)),
            Value::Text(t.get(day[2])),
        ];
        insert_day.execute(rusqlite::params_from_iter(key.iter().chain(&first.values(t)).chain(&last.values(t))))?;
        for pair in seen.windows(2) {
            insert_step
                .execute(rusqlite::params_from_iter(key.iter().chain(&pair[0].values(t)).chain(&pair[1].values(t))))?;
        }
    }
    Ok(())
}
