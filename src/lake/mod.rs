//! The lake: tables and views of the database written as Apache Parquet (or
//! NDJSON) files in a Hive layout that `DuckDB`, Spark, Trino and Athena read
//! as they are: `DIR/<name>/capture_date=YYYY-MM-DD/part-0000.parquet` for
//! what is dated, `DIR/<name>/part-0000.parquet` for what is not.
//!
//! This module knows the schema only by asking SQLite: each object is dated
//! through the first of its columns that leads to a capture date
//! (`snapshot_id`, `capture_id`, `capture_date`, or a foreign key to a dated
//! table), and each column gets the Parquet type its declaration says
//! (with dates, times and 0/1 flags named below), so a migration that adds
//! a table or a column needs nothing here, and a test checks every column
//! of every object has a type.

use rusqlite::Connection;

use crate::model::{Connection as ConnectionRecord, FieldKind, TcpDetail};

pub mod duckdb;
pub(crate) mod manifest;
pub(crate) mod ndjson;
pub(crate) mod parquet;
pub(crate) mod write;

/// The type of a column in the lake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LakeType {
    Int64,
    Double,
    Text,
    Boolean,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A date and time; `utc` when stored with a `Z` (the tool's own clock),
    /// else the local time z/OS printed, with no zone.
    Timestamp {
        utc: bool,
    },
}

impl LakeType {
    /// The name in the manifest (Parquet's logical type names).
    pub fn name(self) -> &'static str {
        match self {
            LakeType::Int64 => "INT64",
            LakeType::Double => "DOUBLE",
            LakeType::Text => "UTF8",
            LakeType::Boolean => "BOOLEAN",
            LakeType::Date => "DATE",
            LakeType::Timestamp { utc: false } => "TIMESTAMP",
            LakeType::Timestamp { utc: true } => "TIMESTAMP_UTC",
        }
    }
}

/// Columns that hold 1/0 (On/Off, Yes/No) and NULL: BOOLEAN in the lake.
const BOOLEANS: &[&str] = &[
    "across_days",
    "aead",
    "anonymous",
    "application_controlled",
    "ctrace_clear_text",
    "delay_ack",
    "enabled",
    "export",
    "fips140",
    "first_aead",
    "first_protected",
    "forward_secret",
    "last_aead",
    "last_protected",
    "middlebox_compat_mode",
    "nist_800_52r2",
    "null_cipher",
    "quantum_vulnerable",
    "secondary_map",
    "send_stalled",
    "sid_reuse_requested",
    "sslv2",
    "sslv3",
    "tlsv1",
    "tlsv1_1",
    "tlsv1_2",
    "tlsv1_3",
    "ttls_enabled",
    "ttls_policy",
    "weak",
    "zos_supported",
];

/// Times z/OS printed (local, no zone), and times of the tool's own clock (UTC).
const LOCAL_TIMES: &[&str] = &["captured_at", "started_at"];
const UTC_TIMES: &[&str] = &["ingested_at", "raised_at", "read_at", "recorded_at", "walked_at"];

/// A local time that SQLite may hold as a date alone (a capture whose
/// header and path gave no time), and the lake's own column that says when
/// it does: the TIMESTAMP is midnight of the date either way, and readers
/// (sql/lake/setup.sql) give back SQLite's text by it.
pub const DATE_ALONE: (&str, &str) = ("captured_at", "captured_at_date_only");

/// View columns computed by an expression that no table or field declares
/// (the columns `connections` computes from what `connection_rows` keeps
/// compactly are typed by their fields' declarations in model.rs; the
/// session id of `tls_sessions` is printed from bytes or kept text).
const EXPRESSIONS: &[(&str, LakeType)] = &[
    ("action", LakeType::Text),
    ("action_name", LakeType::Text),
    ("carried_from", LakeType::Date),
    ("carried_rank", LakeType::Int64),
    ("direction_evidence", LakeType::Text),
    ("evidence_rank", LakeType::Int64),
    ("grade_rank", LakeType::Int64),
    // as printed, else the catalog's name (0067)
    ("key_share_name", LakeType::Text),
    ("own_direction", LakeType::Text),
    // the previous row's capture date, else the pruned head's (0069)
    ("previous_date", LakeType::Text),
    // the snapshot a carried rule was last printed in (0079)
    ("printed_snapshot_id", LakeType::Int64),
    ("session_id", LakeType::Text),
    // a release in one spelling (0091)
    ("zos_release", LakeType::Text),
];

/// The lake type of a field of a connection record, by its declaration in
/// model.rs (`connection_record!`, `tcp_detail!`), under the name the view
/// `connections` shows it by.
fn field_type(column: &str) -> Option<LakeType> {
    let fields = ConnectionRecord::SHOWN.iter().filter_map(|&(name, kind)| Some((name, kind?)));
    let tcp = TcpDetail::COLUMNS.iter().copied().zip(TcpDetail::KINDS.iter().copied());
    let (_, kind) = fields.chain(tcp).find(|(name, _)| *name == column)?;
    Some(match kind {
        FieldKind::Int => LakeType::Int64,
        FieldKind::Real => LakeType::Double,
        FieldKind::Text => LakeType::Text,
        FieldKind::Flag => LakeType::Boolean,
    })
}

/// Views that show the rows of a table one for one (the table keeps them
/// compactly): a column is required where the table's of that name is.
const STANDS_FOR: &[(&str, &str)] =
    &[("captures", "capture_rows"), ("connections", "connection_rows"), ("tls_sessions", "tls_session_rows")];

/// Whether `name` is a view that shows a table's rows one for one (and
/// was that table before the table kept them compactly): users still name
/// it as a table.
pub fn stands_for_a_table(name: &str) -> bool {
    STANDS_FOR.iter().any(|(view, _)| *view == name)
}

/// Where the tables of [`STANDS_FOR`] keep their repeated texts.
const TEXTS: &str = "texts";

/// What `v_connections` reads its rows from (migration 0029): the same rows
/// without the file.
const CONNECTION_CORE: &str = "v_connection_core";

/// Whether `name` is a table that keeps rows compactly for a view of
/// [`STANDS_FOR`] (or their texts), or the view under `v_connections`:
/// `--all` and the lake's setup leave it out, as the view holds the same
/// rows in the form users read.
pub fn kept_for_a_view(name: &str) -> bool {
    name == TEXTS || name == CONNECTION_CORE || STANDS_FOR.iter().any(|(_, table)| *table == name)
}

/// The partition column of dated objects.
pub const PARTITION: &str = "capture_date";

/// How an object's rows are tied to a capture date (and a system).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// A `snapshot_id` column: the snapshot's date and system.
    Snapshot,
    /// A `capture_id` column: its snapshot's.
    Capture,
    /// Its own `capture_date` column (and `system`, if it has one).
    Date,
    /// A foreign key `column` to a dated `parent` (its primary key `key`).
    Parent { column: String, parent: String, key: String },
    /// No date: written whole, filtered by its `system` column if it has one.
    Undated,
}

/// One column as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LakeColumn {
    pub name: String,
    pub lake_type: LakeType,
    pub nullable: bool,
}

/// A table or view of the database, as it goes into the lake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LakeObject {
    pub name: String,
    /// `table` or `view`.
    pub kind: String,
    pub anchor: Anchor,
    /// Whether it has a `system` column.
    pub has_system: bool,
    /// The columns written into the files, in the object's order; the
    /// partition column of a dated object is not among them (the folder
    /// name carries it, as Hive readers expect).
    pub columns: Vec<LakeColumn>,
}

impl LakeObject {
    pub fn dated(&self) -> bool {
        self.anchor != Anchor::Undated
    }
}

/// Why the lake cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum LakeError {
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error("{object}.{column}: no lake type for a column declared `{declared}`")]
    NoType { object: String, column: String, declared: String },
    #[error("{object}.{column} holds {value}, which is not a {expected}: the lake's types disagree with the data")]
    Value { object: String, column: String, value: String, expected: &'static str },
    #[error(transparent)]
    Parquet(#[from] ::parquet::errors::ParquetError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Refused(String),
}

/// Reads how `name` (a table or view of the schema) goes into the lake.
///
/// # Errors
/// A column whose type cannot be told, or a SQL error.
pub fn describe(conn: &Connection, name: &str, kind: &str) -> Result<LakeObject, LakeError> {
    let mut declared = declared_columns(conn, name)?;
    if let Some((_, table)) = STANDS_FOR.iter().find(|(view, _)| *view == name) {
        let required = declared_columns(conn, table)?;
        for (column, _, not_null) in &mut declared {
            *not_null = required.iter().any(|(c, _, n)| c == column && *n);
        }
    }
    let has = |column: &str| declared.iter().any(|(c, _, _)| c == column);
    let anchor = if has("snapshot_id") {
        Anchor::Snapshot
    } else if has("capture_id") {
        Anchor::Capture
    } else if has(PARTITION) {
        Anchor::Date
    } else {
        parent_anchor(conn, name)?.unwrap_or(Anchor::Undated)
    };
    let dated = anchor != Anchor::Undated;
    let mut columns = Vec::new();
    for (column, declared_type, not_null) in &declared {
        if dated && column == PARTITION {
            continue;
        }
        columns.push(LakeColumn {
            lake_type: lake_type(conn, name, column, declared_type)?,
            nullable: !not_null,
            name: column.clone(),
        });
    }
    if let Some(time) = columns.iter().find(|c| c.name == DATE_ALONE.0) {
        let nullable = time.nullable;
        columns.push(LakeColumn { name: DATE_ALONE.1.to_string(), lake_type: LakeType::Boolean, nullable });
    }
    Ok(LakeObject { name: name.to_string(), kind: kind.to_string(), anchor, has_system: has("system"), columns })
}

/// (name, declared type, NOT NULL) of each column: a table's declarations,
/// or for a view the declared type of the table column each comes from
/// (none for an expression), all nullable.
fn declared_columns(conn: &Connection, name: &str) -> rusqlite::Result<Vec<(String, String, bool)>> {
    conn.prepare(include_str!("../../sql/export/lake-declared-columns.sql"))?
        .query_map([name], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect()
}

/// The anchor through a foreign key to a table with a `snapshot_id`.
fn parent_anchor(conn: &Connection, name: &str) -> rusqlite::Result<Option<Anchor>> {
    let keys: Vec<(String, String, Option<String>)> = conn
        .prepare(include_str!("../../sql/export/lake-foreign-keys.sql"))?
        .query_map([name], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (parent, column, to) in keys {
        let parent_columns: Vec<(String, bool)> = conn
            .prepare(include_str!("../../sql/export/lake-parent-columns.sql"))?
            .query_map([&parent], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let key = to.or_else(|| parent_columns.iter().find(|(_, pk)| *pk).map(|(c, _)| c.clone()));
        if let (Some(key), true) = (key, parent_columns.iter().any(|(c, _)| c == "snapshot_id")) {
            return Ok(Some(Anchor::Parent { column, parent, key }));
        }
    }
    Ok(None)
}

/// The lake type of `column`: by its name for dates, times, flags and the
/// expressions listed; else by its declaration; else (a view's computed
/// column) by the declaration of the connection record's field it shows,
/// or of table columns of that name.
fn lake_type(conn: &Connection, object: &str, column: &str, declared: &str) -> Result<LakeType, LakeError> {
    if BOOLEANS.contains(&column) {
        return Ok(LakeType::Boolean);
    }
    if LOCAL_TIMES.contains(&column) {
        return Ok(LakeType::Timestamp { utc: false });
    }
    if UTC_TIMES.contains(&column) {
        return Ok(LakeType::Timestamp { utc: true });
    }
    if column == PARTITION {
        return Ok(LakeType::Date);
    }
    if let Some((_, t)) = EXPRESSIONS.iter().find(|(c, _)| *c == column) {
        return Ok(*t);
    }
    let by_declaration = |declared: &str| match declared.to_ascii_uppercase().as_str() {
        "INTEGER" | "INT" => Some(LakeType::Int64),
        "REAL" => Some(LakeType::Double),
        "TEXT" => Some(LakeType::Text),
        _ => None,
    };
    if let Some(t) = by_declaration(declared).or_else(|| field_type(column)) {
        return Ok(t);
    }
    // A view's expression: the one type the tables declare for that name.
    let types: Vec<String> = conn
        .prepare(include_str!("../../sql/export/lake-types-of-name.sql"))?
        .query_map([column], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match types.as_slice() {
        [one] => by_declaration(one),
        _ => None,
    }
    .ok_or_else(|| LakeError::NoType {
        object: object.to_string(),
        column: column.to_string(),
        declared: declared.to_string(),
    })
}

/// An identifier quoted for SQL.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// What is written: a period, a system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub from: Option<String>,
    pub to: Option<String>,
    pub system: Option<String>,
}

/// The dates of the selection: one day (`:day`), or a period (`:from`,
/// `:to`); a parameter that is NULL (or not bound) does not filter.
const DATES: &str = include_str!("../../sql/export/lake-dates.sql");

/// The snapshots of the selected dates and system (`:system`).
const SNAPSHOTS_OF_DAY: &str = include_str!("../../sql/export/lake-snapshots-of-selection.sql");

/// The condition on `object`'s own columns that picks its rows of the
/// selected dates and `:system` (bound by the caller, see [`DATES`]); None
/// for an undated object without a system column (written whole). Built
/// from the object's anchor around the filters in sql/export/.
pub fn day_condition(object: &LakeObject) -> Option<String> {
    let system = include_str!("../../sql/export/lake-system.sql");
    Some(match &object.anchor {
        Anchor::Snapshot => format!("snapshot_id IN ({SNAPSHOTS_OF_DAY})"),
        Anchor::Capture => {
            format!("capture_id IN (SELECT capture_id FROM captures WHERE snapshot_id IN ({SNAPSHOTS_OF_DAY}))")
        }
        Anchor::Date if object.has_system => format!("{DATES} AND {system}"),
        Anchor::Date => DATES.to_string(),
        Anchor::Parent { column, parent, key } => format!(
            "{} IN (SELECT {} FROM {} WHERE snapshot_id IN ({SNAPSHOTS_OF_DAY}))",
            quoted(column),
            quoted(key),
            quoted(parent)
        ),
        Anchor::Undated if object.has_system => system.to_string(),
        Anchor::Undated => return None,
    })
}

/// The query of `object`'s rows (of `:day` and `:system` when it is dated
/// or has a system): its lake columns, in order. Built here, not in sql/,
/// from the object's description, as [`day_condition`] is.
pub fn rows_query(object: &LakeObject) -> String {
    let columns: Vec<String> = object
        .columns
        .iter()
        .map(|c| match c.name.as_str() {
            // No `T`: a date alone.
            name if name == DATE_ALONE.1 => format!("instr({}, 'T') = 0", quoted(DATE_ALONE.0)),
            name => quoted(name),
        })
        .collect();
    let mut sql = format!("SELECT {} FROM {}", columns.join(", "), quoted(&object.name));
    if let Some(condition) = day_condition(object) {
        sql.push_str(" WHERE ");
        sql.push_str(&condition);
    }
    sql
}

/// The capture dates with data, in order, within the selection.
pub const DAYS: &str = include_str!("../../sql/export/lake-days.sql");

/// A value of a row converted to its lake type.
#[derive(Debug, Clone, PartialEq)]
pub enum LakeValue<'a> {
    Null,
    Int(i64),
    Double(f64),
    Text(&'a str),
    Bool(bool),
    /// Days since 1970-01-01.
    Date(i32),
    /// Microseconds since 1970-01-01T00:00:00 (of the zone the type says).
    Micros(i64),
}

/// Converts one SQLite value of `column` of `object` to its lake type.
///
/// # Errors
/// The value does not fit the type (which says the type table is wrong).
pub fn convert<'a>(
    object: &str,
    column: &LakeColumn,
    value: rusqlite::types::ValueRef<'a>,
) -> Result<LakeValue<'a>, LakeError> {
    use rusqlite::types::ValueRef;
    let wrong = |expected: &'static str| LakeError::Value {
        object: object.to_string(),
        column: column.name.clone(),
        value: crate::output::text(value),
        expected,
    };
    Ok(match (column.lake_type, value) {
        (_, ValueRef::Null) => LakeValue::Null,
        (LakeType::Int64, ValueRef::Integer(n)) => LakeValue::Int(n),
        (LakeType::Double, ValueRef::Real(x)) => LakeValue::Double(x),
        #[allow(clippy::cast_precision_loss)] // a REAL column that got an integer: SQLite's own affinity does this
        (LakeType::Double, ValueRef::Integer(n)) => LakeValue::Double(n as f64),
        (LakeType::Boolean, ValueRef::Integer(n @ (0 | 1))) => LakeValue::Bool(n == 1),
        (LakeType::Text, ValueRef::Text(t)) => {
            LakeValue::Text(std::str::from_utf8(t).map_err(|_| wrong("UTF-8 text"))?)
        }
        (LakeType::Date, ValueRef::Text(t)) => {
            let day = parse_date(t).ok_or_else(|| wrong("date YYYY-MM-DD"))?;
            LakeValue::Date(days_since_epoch(day))
        }
        (LakeType::Timestamp { utc }, ValueRef::Text(t)) => {
            let text = if utc { t.strip_suffix(b"Z") } else { Some(t) };
            // A capture whose header and path gave no time is taken at its
            // date alone: midnight of it in the lake, whose TIMESTAMP holds
            // no date alone (it sorts first in its day, as the text does).
            let midnight =
                |t: &[u8]| (!utc).then(|| parse_date(t)).flatten().map(|day| day.and_time(chrono::NaiveTime::MIN));
            let time = text
                .and_then(|t| parse_time(t).or_else(|| midnight(t)))
                .ok_or_else(|| wrong(if utc { "time YYYY-MM-DDThh:mm:ssZ" } else { "time YYYY-MM-DDThh:mm:ss" }))?;
            LakeValue::Micros(time.and_utc().timestamp_micros())
        }
        (t, _) => return Err(wrong(t.name())),
    })
}

/// The number written in ASCII digits at `range` of `text`.
fn digits(text: &[u8], range: std::ops::Range<usize>) -> Option<u32> {
    text.get(range)?.iter().try_fold(0_u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// The date `YYYY-MM-DD` at the start of `text`, read by position.
fn date_at_start(text: &[u8]) -> Option<chrono::NaiveDate> {
    if text.get(4) != Some(&b'-') || text.get(7) != Some(&b'-') {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(i32::try_from(digits(text, 0..4)?).ok()?, digits(text, 5..7)?, digits(text, 8..10)?)
}

/// A date `YYYY-MM-DD`. The store writes every date and time in one form,
/// read here by position: chrono's parser reads its format string again
/// for each value (8 % of an export's CPU). Any other form goes to chrono,
/// so what is accepted is as before.
fn parse_date(text: &[u8]) -> Option<chrono::NaiveDate> {
    (text.len() == 10)
        .then(|| date_at_start(text))
        .flatten()
        .or_else(|| std::str::from_utf8(text).ok().and_then(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()))
}

/// A time `YYYY-MM-DDThh:mm:ss`, with a fraction of up to 9 digits or none,
/// read as [`parse_date`] reads a date.
fn parse_time(text: &[u8]) -> Option<chrono::NaiveDateTime> {
    let by_position = || {
        if text.get(10) != Some(&b'T') || text.get(13) != Some(&b':') || text.get(16) != Some(&b':') {
            return None;
        }
        let nanos = match text.get(19..) {
            Some([]) => 0,
            Some([b'.', fraction @ ..]) if (1..=9).contains(&fraction.len()) => {
                digits(fraction, 0..fraction.len())? * 10_u32.pow(9 - u32::try_from(fraction.len()).ok()?)
            }
            _ => return None,
        };
        let time = chrono::NaiveTime::from_hms_nano_opt(
            digits(text, 11..13)?,
            digits(text, 14..16)?,
            digits(text, 17..19)?,
            nanos,
        )?;
        Some(date_at_start(text)?.and_time(time))
    };
    by_position().or_else(|| {
        std::str::from_utf8(text)
            .ok()
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").ok())
    })
}

/// Days from 1970-01-01 to `day` (Parquet's DATE).
pub fn days_since_epoch(day: chrono::NaiveDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((day - epoch).num_days()).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(conn: &Connection) -> Vec<LakeObject> {
        let names: Vec<(String, String)> = conn
            .prepare(
                "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        names.iter().map(|(n, k)| describe(conn, n, k).unwrap_or_else(|e| panic!("{n}: {e}"))).collect()
    }

    /// Every column of every table and view has a lake type (a new view
    /// column with an expression no table declares fails here, not in a
    /// user's export), and each listed name is a column somewhere.
    #[test]
    fn every_column_of_the_schema_has_a_lake_type_and_every_listed_name_exists() {
        let conn = crate::store::scratch().unwrap();
        let all = objects(&conn);
        let names: Vec<&str> = all.iter().flat_map(|o| o.columns.iter().map(|c| c.name.as_str())).collect();
        for listed in BOOLEANS.iter().chain(LOCAL_TIMES).chain(UTC_TIMES).chain(EXPRESSIONS.iter().map(|(c, _)| c)) {
            assert!(names.contains(listed), "{listed} is in no table or view");
        }
    }

    #[test]
    fn objects_are_dated_through_their_snapshot_capture_date_or_parent() {
        let conn = crate::store::scratch().unwrap();
        let all = objects(&conn);
        let anchor = |name: &str| all.iter().find(|o| o.name == name).unwrap().anchor.clone();
        assert_eq!(anchor("connections"), Anchor::Snapshot);
        assert_eq!(anchor("v_connections"), Anchor::Snapshot);
        assert_eq!(anchor("group_action_envs"), Anchor::Capture);
        assert_eq!(anchor("attributes"), Anchor::Capture);
        assert_eq!(anchor("daily_endpoints"), Anchor::Date);
        assert_eq!(anchor("capture_files"), Anchor::Date);
        assert_eq!(
            anchor("env_action_ciphers"),
            Anchor::Parent {
                column: "env_action_id".into(),
                parent: "env_actions".into(),
                key: "env_action_id".into()
            }
        );
        assert_eq!(anchor("cipher_suites"), Anchor::Undated);
        assert_eq!(anchor("connection_heads"), Anchor::Undated);
        // The partition column is the folder's, not the file's.
        let v = all.iter().find(|o| o.name == "v_connections").unwrap();
        assert!(!v.columns.iter().any(|c| c.name == PARTITION));
        let column = |name: &str| v.columns.iter().find(|c| c.name == name).unwrap().clone();
        assert_eq!(column("bytes_in").lake_type, LakeType::Int64);
        assert_eq!(column("ttls_policy").lake_type, LakeType::Boolean);
        assert_eq!(column("captured_at").lake_type, LakeType::Timestamp { utc: false });
        assert_eq!(column("direction").lake_type, LakeType::Text);
        assert_eq!(column("service_port").lake_type, LakeType::Int64);
        // Computed from what connection_rows keeps compactly: typed by the
        // declarations of their fields in model.rs.
        assert_eq!(column("ttls_rule").lake_type, LakeType::Text);
        let connections = all.iter().find(|o| o.name == "connections").unwrap();
        let shown = |name: &str| connections.columns.iter().find(|c| c.name == name).unwrap().lake_type;
        assert_eq!(shown("client_rcv_nxt"), LakeType::Int64, "ClientRcvNxt: Int, kept as a difference");
        assert_eq!(shown("last_touched"), LakeType::Text, "hh:mm:ss as printed, kept as seconds");
        assert_eq!(shown("ttls_env_action"), LakeType::Text);
        let rules = all.iter().find(|o| o.name == "rules").unwrap();
        let port = rules.columns.iter().find(|c| c.name == "local_port").unwrap();
        assert_eq!((port.lake_type, port.nullable), (LakeType::Text, true), "a rule's port is a range");
        let name = rules.columns.iter().find(|c| c.name == "name").unwrap();
        assert!(!name.nullable, "NOT NULL in SQLite, required in the lake");
    }

    #[test]
    fn values_are_converted_to_their_type_or_refused() {
        use rusqlite::types::ValueRef;
        let column = |t| LakeColumn { name: "c".into(), lake_type: t, nullable: true };
        let local = column(LakeType::Timestamp { utc: false });
        // 2022-05-31T08:00:01: 19143 days after 1970-01-01, plus 8 h 1 s.
        let micros = (19_143 * 86_400 + 8 * 3_600 + 1) * 1_000_000;
        assert_eq!(convert("t", &local, ValueRef::Text(b"2022-05-31T08:00:01")).unwrap(), LakeValue::Micros(micros));
        let utc = column(LakeType::Timestamp { utc: true });
        assert_eq!(convert("t", &utc, ValueRef::Text(b"2022-05-31T08:00:01Z")).unwrap(), LakeValue::Micros(micros));
        assert_eq!(
            convert("t", &column(LakeType::Date), ValueRef::Text(b"2022-05-31")).unwrap(),
            LakeValue::Date(19_143)
        );
        assert_eq!(convert("t", &column(LakeType::Boolean), ValueRef::Integer(1)).unwrap(), LakeValue::Bool(true));
        assert_eq!(convert("t", &column(LakeType::Int64), ValueRef::Null).unwrap(), LakeValue::Null);
        let error = convert("t", &column(LakeType::Boolean), ValueRef::Integer(2)).unwrap_err();
        assert_eq!(error.to_string(), "t.c holds 2, which is not a BOOLEAN: the lake's types disagree with the data");
        assert!(convert("t", &local, ValueRef::Text(b"08:00:01")).is_err());
        // A fraction: 0.25 s is 250 000 microseconds.
        assert_eq!(
            convert("t", &local, ValueRef::Text(b"2022-05-31T08:00:01.25")).unwrap(),
            LakeValue::Micros(micros + 250_000)
        );
        // No 30 February, no 24 o'clock, no letters where digits go.
        assert!(convert("t", &column(LakeType::Date), ValueRef::Text(b"2022-02-30")).is_err());
        assert!(convert("t", &local, ValueRef::Text(b"2022-05-31T24:00:01")).is_err());
        assert!(convert("t", &local, ValueRef::Text(b"2022-05-31T08:0x:01")).is_err());
        assert!(convert("t", &utc, ValueRef::Text(b"2022-05-31T08:00:01")).is_err(), "UTC without its Z");
        // A capture taken at a date alone (no time in header or path) is
        // midnight of it, 19 143 days after 1970-01-01; not so a UTC time.
        assert_eq!(
            convert("t", &local, ValueRef::Text(b"2022-05-31")).unwrap(),
            LakeValue::Micros(19_143 * 86_400 * 1_000_000)
        );
        assert!(convert("t", &utc, ValueRef::Text(b"2022-05-31")).is_err());
    }
}
