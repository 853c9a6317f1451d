//! The statements that write parsed captures, all in one place.
//!
//! Reports of one snapshot are merged as they are written: a connection is
//! one row per snapshot and conn id. When two reports describe it, the most
//! detailed source wins field by field (ALL, then ALLCONN/CONN, then TTLS,
//! then BYTEINFO), and a field one source leaves empty is filled from
//! another; a socket a less detailed report prints otherwise is kept as an
//! attribute (see [`keep_sockets`]). Rules and actions are one row per snapshot and name, filled the
//! same way; where two prints give a setting otherwise, the one `print-stands.sql` names stands
//! (the later, whatever the files are called); their `source` says whether NETSTAT, pasearch or
//! both printed them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params, CachedStatement, OptionalExtension, ToSql};

use super::summarize::Live;
use crate::error::Problem;
use crate::model::{
    ipv4_form, stored, Attribute, CodedValue, ConnAction, Connection, ConnectionSource, EnvAction, GroupAction,
    Handshake, Kept, ListKind, MergeRule, ParsedCapture, ParsedReport, Records, ReportKind, Rule, SettingItem, Socket,
    Stored, TcpDetail, TlsSession, Whereabouts, COUNTERS_OTHER_REPORT, PAST_MIDNIGHT,
};

/// New rows written for one capture file (rows merged into existing ones
/// are not counted again).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteTotals {
    pub snapshots: usize,
    /// New rows by endpoint, as `v_connections.endpoint` tells them apart:
    /// listeners and UDP endpoints are no connections.
    pub connections: usize,
    pub listeners: usize,
    pub udp: usize,
    pub tls_sessions: usize,
    /// Sockets of a connection kept as attributes because another report
    /// of its snapshot printed others (see [`kept_sockets`]), said as notes.
    pub notes: Vec<String>,
}

impl ToSql for Stored<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Stored::Null => ToSqlOutput::Owned(Value::Null),
            Stored::Int(v) => ToSqlOutput::Owned(Value::Integer(*v)),
            Stored::Real(v) => ToSqlOutput::Owned(Value::Real(*v)),
            Stored::Text(v) => ToSqlOutput::Borrowed(v.as_ref().into()),
            Stored::Bytes(v) => ToSqlOutput::Borrowed(v.as_slice().into()),
            // Bound as its id: see `Texts::resolve`.
            Stored::Interned(v) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    format!("the text `{v}` is bound before it is looked up in `texts`").into(),
                ))
            }
            Stored::Packed(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "packed TCP fields are bound before they are looked up in `texts`".into(),
                ))
            }
        })
    }
}

const TEXT_ID: &str = include_str!("../../sql/store/text-id.sql");

/// The ids of the texts in `texts` looked up in one write (one
/// transaction: an id of a text added by a write that was rolled back is
/// not kept).
#[derive(Default)]
pub(super) struct Texts {
    /// Looked up for several columns of every row: a fast hash.
    ids: FxHashMap<String, i64>,
    /// The array of the packed TCP fields of the row being written, kept
    /// from row to row: most rows' array is a text already known, looked up
    /// without an allocation.
    packed: Vec<u8>,
}

impl Texts {
    /// `stored` with an interned text (or packed fields) replaced by its id
    /// (the text is added to `texts` when new).
    fn resolve<'a>(&mut self, tx: &rusqlite::Connection, stored: Stored<'a>) -> rusqlite::Result<Stored<'a>> {
        match stored {
            Stored::Interned(text) => self.id(tx, &text).map(Stored::Int),
            Stored::Packed(tcp) => {
                let mut packed = std::mem::take(&mut self.packed);
                let conversion = |e: serde_json::Error| rusqlite::Error::ToSqlConversionFailure(e.into());
                tcp.write_packed(&mut packed).map_err(conversion)?;
                // serde_json writes UTF-8 (the fields' texts are strings).
                let id = std::str::from_utf8(&packed)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
                    .and_then(|text| self.id(tx, text));
                self.packed = packed;
                id.map(Stored::Int)
            }
            other => Ok(other),
        }
    }

    /// The id of `text` in `texts`, which is added when new.
    fn id(&mut self, tx: &rusqlite::Connection, text: &str) -> rusqlite::Result<i64> {
        if let Some(id) = self.ids.get(text) {
            return Ok(*id);
        }
        let id: i64 = tx.prepare_cached(TEXT_ID)?.query_row([text], |row| row.get(0))?;
        self.ids.insert(text.to_string(), id);
        Ok(id)
    }
}

const INSERT_FILE: &str = include_str!("../../sql/store/insert-file.sql");

/// A snapshot's time is its earliest report time; a time of day beats a bare date.
const UPSERT_SNAPSHOT: &str = include_str!("../../sql/store/upsert-snapshot.sql");

const INSERT_CAPTURE: &str = include_str!("../../sql/store/insert-capture.sql");

/// A field another report of the snapshot already gave the row is not
/// added again (the first report's value stands, as for typed columns):
/// TTLS DETAIL prints a rule and its actions in every report it is part of.
const INSERT_ATTRIBUTE: &str = include_str!("../../sql/store/insert-attribute.sql");

const INSERT_GROUP_ENV: &str = include_str!("../../sql/store/insert-group-env.sql");

/// The list settings of an action are kept in one table per [`ListKind`],
/// named `<owner>_<table>`: a setting is listed whole by the print that
/// stands (see [`list_items`]), not merged item by item. Returns the table
/// and its place in [`ListTables`].
fn list_table(kind: ListKind) -> (usize, &'static str) {
    match kind {
        ListKind::Cipher => (0, "ciphers"),
        ListKind::Group => (1, "groups"),
        ListKind::SignaturePair => (2, "signature_pairs"),
    }
}

/// The statements of the list tables of one kind of action, in the places
/// [`list_table`] gives.
struct ListTables {
    /// The table of the actions (`env_actions`, `conn_actions`).
    owner_table: String,
    /// Inserts an item.
    insert: [String; 3],
    /// Whether the action has items of a setting already.
    exists: [String; 3],
    /// The codes of a setting of the action, in order, with their lines.
    codes: [String; 3],
    /// Deletes the items of a setting of the action.
    delete: [String; 3],
}

const LIST_KINDS: [ListKind; 3] = [ListKind::Cipher, ListKind::Group, ListKind::SignaturePair];

impl ListTables {
    /// The statements for the lists of `owner` (`env_action`, `conn_action`).
    /// Built here, not in sql/: one pair of statements serves every list
    /// table of every owner.
    fn of(owner: &str) -> ListTables {
        ListTables {
            owner_table: format!("{owner}s"),
            insert: LIST_KINDS.map(|kind| {
                let table = list_table(kind).1;
                format!(
                    "INSERT OR IGNORE INTO {owner}_{table}
                     ({owner}_id, setting, position, code, name, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                )
            }),
            exists: LIST_KINDS.map(|kind| {
                let table = list_table(kind).1;
                format!("SELECT EXISTS (SELECT 1 FROM {owner}_{table} WHERE {owner}_id = ?1 AND setting = ?2)")
            }),
            codes: LIST_KINDS.map(|kind| {
                let table = list_table(kind).1;
                format!(
                    "SELECT code, source_line FROM {owner}_{table} WHERE {owner}_id = ?1 AND setting = ?2 \
                     ORDER BY position"
                )
            }),
            delete: LIST_KINDS.map(|kind| {
                let table = list_table(kind).1;
                format!("DELETE FROM {owner}_{table} WHERE {owner}_id = ?1 AND setting = ?2")
            }),
        }
    }
}

const INSERT_PROBLEM: &str = include_str!("../../sql/store/insert-problem.sql");

/// The columns of `tls_session_rows`; those named `*_text_id` hold texts
/// kept once in `texts` (`0020_narrow_tls_sessions`), `session_id` the
/// bytes of a session id printed in hex ([`stored::hex_groups`]).
const TLS_SESSION_COLUMNS: &[&str] = &[
    "sec_level_text_id",
    "protocol",
    "cipher_code",
    "cipher_name_text_id",
    "key_share_code",
    "key_share_name_text_id",
    "cert_user_id_text_id",
    "map_type_text_id",
    "fips140",
    "session_id",
    "sid_reuse_requested",
    "rule_name_text_id",
];
const RULE_COLUMNS: &[&str] = &[
    "rule_type",
    "status",
    "weight",
    "priority",
    "local_addr",
    "local_port",
    "remote_addr",
    "remote_port",
    "job_name",
    "user_id",
    "direction",
    "group_action",
    "env_action",
    "conn_action",
];
const GROUP_ACTION_COLUMNS: &[&str] = &[
    "group_id",
    "conns",
    "tasks",
    "work_q_elements",
    "syslog_q_elements",
    "ttls_enabled",
    "ctrace_clear_text",
    "trace",
    "syslog_facility",
    "secondary_map",
    "fips140",
];
/// Columns of the settings environment and connection actions share, in
/// the order of [`handshake_values`].
const HANDSHAKE_COLUMNS: &[&str] = &[
    "handshake_role",
    "certificate_label",
    "sslv2",
    "sslv3",
    "tlsv1",
    "tlsv1_1",
    "tlsv1_2",
    "tlsv1_3",
    "middlebox_compat_mode",
    "application_controlled",
    "secondary_map",
    "handshake_timeout",
    "reset_cipher_timer",
    "trace",
];
const ENV_ACTION_COLUMNS: &[&str] =
    &["keyring", "client_auth_type", "cert_validation_mode", "suite_b_profile", "renegotiation"];
const CONN_ACTION_COLUMNS: &[&str] = &["server_certificate_label", "client_certificate_label", "ctrace_clear_text"];

/// The typed settings of rules and actions by column, as printed (name,
/// and whether the value is a flag, `On`/`Off`; see `v_policy_settings`):
/// a second print of an object in its snapshot is compared on these.
/// Counters (`GroupConns`, `Tasks`, ...) change from report to report and
/// are not settings.
const PRINTED_SETTINGS: &[(&str, &str, bool)] = &[
    ("rule_type", "Rule Type", false),
    ("status", "Status", false),
    ("weight", "Weight", false),
    ("priority", "Priority", false),
    ("local_addr", "LocalAddr", false),
    ("local_port", "LocalPort", false),
    ("remote_addr", "RemoteAddr", false),
    ("remote_port", "RemotePort", false),
    ("job_name", "JobName", false),
    ("user_id", "UserId", false),
    ("direction", "Direction", false),
    ("group_action", "TTLSGrpAction", false),
    ("env_action", "TTLSEnvAction", false),
    ("conn_action", "TTLSConnAction", false),
    ("group_id", "GroupID", false),
    // a count: two reports of one run taken moments apart may give two
    ("conns", "GroupConns", false),
    ("ttls_enabled", "TTLSEnabled", true),
    ("ctrace_clear_text", "CtraceClearText", true),
    ("trace", "Trace", false),
    ("syslog_facility", "SyslogFacility", false),
    ("secondary_map", "SecondaryMap", true),
    ("fips140", "FIPS140", true),
    ("handshake_role", "HandshakeRole", false),
    ("certificate_label", "CertificateLabel", false),
    ("sslv2", "SSLV2", true),
    ("sslv3", "SSLV3", true),
    ("tlsv1", "TLSV1", true),
    ("tlsv1_1", "TLSV1.1", true),
    ("tlsv1_2", "TLSV1.2", true),
    ("tlsv1_3", "TLSV1.3", true),
    ("middlebox_compat_mode", "MiddleBoxCompatMode", true),
    ("application_controlled", "ApplicationControlled", true),
    ("handshake_timeout", "HandshakeTimeout", false),
    ("reset_cipher_timer", "ResetCipherTimer", false),
    ("keyring", "Keyring", false),
    ("client_auth_type", "ClientAuthType", false),
    ("cert_validation_mode", "CertValidationMode", false),
    ("suite_b_profile", "SuiteBProfile", false),
    ("renegotiation", "Renegotiation", false),
    ("server_certificate_label", "ServerCertificateLabel", false),
    ("client_certificate_label", "ClientCertificateLabel", false),
];

/// The columns of a connection row that link it to its other observations
/// (see `summarize::links`): given when the writer could work them out as it
/// inserts the row, and never changed by a merge into a row already there.
const LINK_COLUMNS: &[&str] = &[
    "connection_id",
    "previous_id",
    "identity_id",
    "traffic_bytes_in",
    "traffic_bytes_out",
    "traffic_segments_in",
    "traffic_segments_out",
];

/// How a fact table merges the rows of the reports of one snapshot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// Empty fields are filled from the other row.
    Fill,
    /// As `Fill`, and a lower `source_rank` (a more detailed report) wins
    /// where both rows have a value (connections).
    Ranked,
    /// As `Fill`, and the row's `source` (`netstat`, `pasearch`) becomes
    /// `both` when the other row came from the other source (policy objects).
    Sourced,
}

/// `INSERT ... ON CONFLICT DO UPDATE` for a fact table keyed by snapshot
/// and `key`, merged as `merge` says. The parameters are the snapshot,
/// capture and line, the rank (`Ranked`), the key, the source (`Sourced`),
/// then `columns`. Built here, not in sql/: the columns and merge rules
/// are those `connection_record!` and the tables' declarations give.
fn upsert_sql(
    table: &str,
    id: &str,
    key: &str,
    columns: &[(&str, MergeRule)],
    merge: Merge,
    counted: bool,
    insert_only: &[&str],
) -> String {
    let ranked = merge == Merge::Ranked;
    let table = FactTable { table, key, columns, merge, counted, insert_only };
    let parameters = table.parameter_count();
    let better = "excluded.source_rank < source_rank";
    let merge_column = |(c, rule): &(&str, MergeRule)| match rule {
        MergeRule::Fill if ranked => {
            match delta_base(c) {
                // A difference is merged as the value it stands for, then taken
                // from the merged base again.
                Some(base) => {
                    let value = |row: &str| format!("{row}{c} + coalesce({row}{base}, 0)");
                    let (mine, theirs) = (value(""), value("excluded."));
                    format!(
                    "{c} = CASE WHEN {better} THEN coalesce({theirs}, {mine}) ELSE coalesce({mine}, {theirs}) END
                     - coalesce(CASE WHEN {better} THEN coalesce(excluded.{base}, {base}) ELSE coalesce({base}, excluded.{base}) END, 0)"
                )
                }
                None => {
                    format!("{c} = CASE WHEN {better} THEN coalesce(excluded.{c}, {c}) ELSE coalesce({c}, excluded.{c}) END")
                }
            }
        }
        MergeRule::Fill => format!("{c} = coalesce({c}, excluded.{c})"),
    };
    let mut updates: Vec<String> = columns.iter().map(merge_column).collect();
    if merge == Merge::Sourced {
        updates.push("source = CASE WHEN source = excluded.source THEN source ELSE 'both' END".to_string());
    }
    let returning = if counted {
        updates.push("report_count = report_count + excluded.report_count".to_string());
        format!("{id}, report_count = ?{parameters}")
    } else {
        format!("{id}, 1")
    };
    if ranked {
        updates.push(format!("capture_id = CASE WHEN {better} THEN excluded.capture_id ELSE capture_id END"));
        updates.push(format!("source_line = CASE WHEN {better} THEN excluded.source_line ELSE source_line END"));
        updates.push("source_rank = min(source_rank, excluded.source_rank)".to_string());
    }
    format!(
        "{}
         ON CONFLICT (snapshot_id, {key}) DO UPDATE SET {}
         RETURNING {returning}",
        table.insert_head(),
        updates.join(", ")
    )
}

/// A fact table as [`upsert_sql`] writes it.
struct FactTable<'a> {
    table: &'a str,
    key: &'a str,
    columns: &'a [(&'a str, MergeRule)],
    merge: Merge,
    counted: bool,
    insert_only: &'a [&'a str],
}

impl FactTable<'_> {
    /// The parameters of [`upsert_sql`] before those of `insert_only`; the
    /// last is the report count of a counted row.
    fn parameter_count(&self) -> usize {
        self.columns.len() + 4 + usize::from(self.merge != Merge::Fill) + usize::from(self.counted)
    }

    /// `INSERT INTO table (...) VALUES (...)`, the head of the upsert.
    fn insert_head(&self) -> String {
        let FactTable { table, key, columns, merge, counted, insert_only } = self;
        let rank = if *merge == Merge::Ranked { ", source_rank" } else { "" };
        let source = if *merge == Merge::Sourced { ", source" } else { "" };
        // A counted row takes the number of reports it stands for as its last
        // parameter, added up on conflict: it is new when it holds just that.
        let names =
            columns.iter().map(|(c, _)| *c).chain(counted.then_some("report_count")).chain(insert_only.iter().copied());
        let names = names.collect::<Vec<_>>().join(", ");
        let parameters = self.parameter_count() + insert_only.len();
        let placeholders = (1..=parameters).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        format!("INSERT INTO {table} (snapshot_id, capture_id, source_line{rank}, {key}{source}, {names}) VALUES ({placeholders})")
    }

    /// The upsert of [`upsert_sql`] that inserts a new row only, with the
    /// same parameters, and returns nothing: see [`RowStatements`].
    fn insert_sql(&self) -> String {
        format!("{} ON CONFLICT (snapshot_id, {}) DO NOTHING", self.insert_head(), self.key)
    }
}

/// The column a `connection_rows` column kept as a difference is the
/// difference from ([`Kept::Delta`]).
fn delta_base(column: &str) -> Option<&'static str> {
    let kept = TcpDetail::STORED.iter().find(|(c, _)| *c == column)?.1;
    let Kept::Delta(base) = kept else { return None };
    TcpDetail::COLUMNS.iter().position(|c| *c == base).map(|i| TcpDetail::STORED[i].0)
}

/// The upsert statements, built once from the column lists.
struct Upserts {
    connection: String,
    connection_insert: String,
    tls_session: String,
    tls_session_insert: String,
    rule: String,
    group_action: String,
    env_action: String,
    conn_action: String,
    env_lists: ListTables,
    conn_lists: ListTables,
}

fn upserts() -> &'static Upserts {
    static UPSERTS: OnceLock<Upserts> = OnceLock::new();
    UPSERTS.get_or_init(|| {
        let tcp = TcpDetail::columns().map(|c| (c, MergeRule::Fill));
        let connection_columns: Vec<(&str, MergeRule)> = Connection::COLUMNS.iter().copied().chain(tcp).collect();
        let session_columns = filled(TLS_SESSION_COLUMNS);
        // The row's sockets after the merge, to tell a record whose sockets
        // lost to another report's (RETURNING is the statement's end).
        let mut connection = upsert_sql(
            "connection_rows",
            "connection_id",
            "conn_id",
            &connection_columns,
            Merge::Ranked,
            true,
            LINK_COLUMNS,
        );
        connection.push_str(&format!(", {}", SOCKET_COLUMNS.join(", ")));
        Upserts {
            connection,
            connection_insert: FactTable {
                table: "connection_rows",
                key: "conn_id",
                columns: &connection_columns,
                merge: Merge::Ranked,
                counted: true,
                insert_only: LINK_COLUMNS,
            }
            .insert_sql(),
            tls_session: upsert_sql(
                "tls_session_rows",
                "tls_session_id",
                "conn_id",
                &session_columns,
                Merge::Fill,
                true,
                &[],
            ),
            tls_session_insert: FactTable {
                table: "tls_session_rows",
                key: "conn_id",
                columns: &session_columns,
                merge: Merge::Fill,
                counted: true,
                insert_only: &[],
            }
            .insert_sql(),
            rule: upsert_sql("rules", "rule_id", "name", &filled(RULE_COLUMNS), Merge::Sourced, false, &[]),
            group_action: upsert_sql(
                "group_actions",
                "group_action_id",
                "name",
                &filled(GROUP_ACTION_COLUMNS),
                Merge::Sourced,
                false,
                &[],
            ),
            env_action: upsert_sql(
                "env_actions",
                "env_action_id",
                "name",
                &action_columns(ENV_ACTION_COLUMNS),
                Merge::Sourced,
                false,
                &[],
            ),
            conn_action: upsert_sql(
                "conn_actions",
                "conn_action_id",
                "name",
                &action_columns(CONN_ACTION_COLUMNS),
                Merge::Sourced,
                false,
                &[],
            ),
            env_lists: ListTables::of("env_action"),
            conn_lists: ListTables::of("conn_action"),
        }
    })
}

/// Runs an upsert given as SQL; see [`run_upsert`].
fn upsert(tx: &rusqlite::Connection, sql: &str, values: &[&dyn ToSql]) -> rusqlite::Result<(i64, bool)> {
    run_upsert(&mut tx.prepare_cached(sql)?, values)
}

/// Binds `values` to the parameters of a prepared upsert from position 1
/// and runs it; returns the row id and whether the row is new. Every upsert
/// returns `id, is_new`. Statements run once per row are prepared once per
/// report by the caller: looking one up in the statement cache hashes its
/// SQL, which for the wide connection upsert costs as much as running it.
fn run_upsert(stmt: &mut CachedStatement<'_>, values: &[&dyn ToSql]) -> rusqlite::Result<(i64, bool)> {
    for (index, value) in values.iter().enumerate() {
        stmt.raw_bind_parameter(index + 1, value)?;
    }
    let mut rows = stmt.raw_query();
    let row = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    Ok((row.get(0)?, row.get(1)?))
}

/// The statements that write a connection or TLS session row: a plain
/// insert, tried first, and the upsert that merges the row into one another
/// write gave the snapshot already. Nearly every row is new (the reports of
/// a run were merged in memory), and the insert alone needs no statement
/// journal: the upsert's UPDATE branch (a trigger, foreign keys) and its
/// RETURNING make SQLite copy every page the statement touches first, in
/// case it aborts halfway.
struct RowStatements<'c> {
    insert: CachedStatement<'c>,
    upsert: CachedStatement<'c>,
}

impl<'c> RowStatements<'c> {
    fn prepare(tx: &'c rusqlite::Connection, insert: &str, upsert: &str) -> rusqlite::Result<Self> {
        Ok(RowStatements { insert: tx.prepare_cached(insert)?, upsert: tx.prepare_cached(upsert)? })
    }

    /// Writes the row of `values` (the upsert's parameters); returns its id
    /// and whether it is new, as [`run_upsert`] does.
    fn write(&mut self, tx: &rusqlite::Connection, values: &[&dyn ToSql]) -> rusqlite::Result<(i64, bool)> {
        for (index, value) in values.iter().enumerate() {
            self.insert.raw_bind_parameter(index + 1, value)?;
        }
        if self.insert.raw_execute()? == 1 {
            return Ok((tx.last_insert_rowid(), true));
        }
        run_upsert(&mut self.upsert, values)
    }

    /// [`Self::write`] for a connection row, with the row's sockets after
    /// the merge when it was there already (see [`Upserts`]); `None` when it
    /// was there and `merge` is off (see [`set_apart`]).
    fn write_connection(
        &mut self,
        tx: &rusqlite::Connection,
        values: &[&dyn ToSql],
        merge: bool,
    ) -> rusqlite::Result<Option<(i64, bool, Option<Sockets>)>> {
        for (index, value) in values.iter().enumerate() {
            self.insert.raw_bind_parameter(index + 1, value)?;
        }
        if self.insert.raw_execute()? == 1 {
            return Ok(Some((tx.last_insert_rowid(), true, None)));
        }
        if !merge {
            return Ok(None);
        }
        for (index, value) in values.iter().enumerate() {
            self.upsert.raw_bind_parameter(index + 1, value)?;
        }
        let mut rows = self.upsert.raw_query();
        let row = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        let sockets = [row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?];
        Ok(Some((row.get(0)?, row.get(1)?, Some(sockets))))
    }
}

/// The row statements of the reports of one file (or one part of a file
/// read as a stream), prepared for the first row that needs them: a file
/// may hold thousands of reports (a TTLS CONN n DETAIL per connection), and
/// looking a statement up in the cache hashes its SQL, which for the wide
/// connection statements costs about as much as running them.
#[derive(Default)]
struct FileStatements<'c> {
    connections: Option<RowStatements<'c>>,
    sessions: Option<RowStatements<'c>>,
}

impl<'c> FileStatements<'c> {
    fn connections(&mut self, tx: &'c rusqlite::Connection) -> rusqlite::Result<&mut RowStatements<'c>> {
        prepared(&mut self.connections, tx, &upserts().connection_insert, &upserts().connection)
    }

    fn sessions(&mut self, tx: &'c rusqlite::Connection) -> rusqlite::Result<&mut RowStatements<'c>> {
        prepared(&mut self.sessions, tx, &upserts().tls_session_insert, &upserts().tls_session)
    }
}

/// The statements in `slot`, prepared first if it is empty.
fn prepared<'s, 'c>(
    slot: &'s mut Option<RowStatements<'c>>,
    tx: &'c rusqlite::Connection,
    insert: &str,
    upsert: &str,
) -> rusqlite::Result<&'s mut RowStatements<'c>> {
    let statements = match slot.take() {
        Some(statements) => statements,
        None => RowStatements::prepare(tx, insert, upsert)?,
    };
    Ok(slot.insert(statements))
}

/// `%Y-%m-%d`, written without parsing that format for every report (it
/// shows in the writer's profile): the same text for the years 0 to 9999.
fn iso_date(date: NaiveDate) -> String {
    if (0..=9999).contains(&date.year()) {
        format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// `%H:%M:%S`, as [`iso_date`]: the same text but for a leap second.
fn iso_time(time: NaiveTime) -> String {
    if time.nanosecond() < 1_000_000_000 {
        format!("{:02}:{:02}:{:02}", time.hour(), time.minute(), time.second())
    } else {
        time.format("%H:%M:%S").to_string()
    }
}

/// `%Y-%m-%dT%H:%M:%S`, as [`iso_date`] and [`iso_time`] write them.
pub(super) fn iso_date_time(at: NaiveDateTime) -> String {
    format!("{}T{}", iso_date(at.date()), iso_time(at.time()))
}

/// When a report was taken (see [`Whereabouts::taken_at`]): its run stays
/// filed under the date of the path, and comes after that date's earlier
/// runs; a bare date without a time.
fn captured_at(w: &Whereabouts, header: Option<NaiveTime>) -> String {
    w.taken_at(header).map_or_else(|| iso_date(w.date), iso_date_time)
}

/// A `captured_at` as stored, with a time of day (`None`: a date alone).
fn stored_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok()
}

/// A report of a run that crossed midnight: taken at `at` on the date of
/// its path, more than [`PAST_MIDNIGHT`] before its run's time `run` (the
/// rule by which `upsert-snapshot.sql` dates the run), it was printed on the
/// next day's clock (ALL at `23:59:58`, TTLS at `00:00:03`): that instant,
/// kept as the report's own `captured_at` (review 18a F1: a day early).
fn after_midnight(at: &str, run: &str) -> Option<String> {
    let (at, run) = (stored_time(at)?, stored_time(run)?);
    (run - at > PAST_MIDNIGHT).then(|| iso_date_time(at + chrono::TimeDelta::days(1)))
}

/// Writes a capture file with its reports and records.
pub(super) fn capture(
    tx: &rusqlite::Connection,
    capture: &ParsedCapture,
    problems: &[Problem],
    live: &mut Live,
    texts: &mut Texts,
) -> rusqlite::Result<WriteTotals> {
    let since = Since::now(tx)?;
    let file_id = file_row(tx, capture, problems)?;
    let mut totals = WriteTotals::default();
    let mut snapshots = SnapshotRows::default();
    let mut statements = FileStatements::default();
    for report in &capture.reports {
        let (ids, _) = report_row(tx, capture, report, file_id, &mut totals, (live, texts, &mut snapshots))?;
        records(tx, ids, (report.kind, &report.records), &mut totals, live, (texts, &mut statements), None)?;
    }
    snapshots.finish(tx)?;
    totals.notes = kept_notes(tx, since, &crate::path_text::encode(&capture.path))?;
    Ok(totals)
}

/// The rows of a file read as a stream: its file row and the rows of its
/// reports are written first, their records a part at a time.
pub struct Streamed {
    file_id: i64,
    /// Each report's ids, with its snapshot's time as stored.
    reports: Vec<(Ids, String)>,
    totals: WriteTotals,
    written: Written,
    /// The last attribute row before the file's (see [`kept_sockets`]).
    since: Since,
}

/// The connection rows a file read as a stream wrote, by snapshot and conn
/// id: each row's id, the rank of its most detailed report, and which of
/// its merged columns hold a value. A later record of the connection (the
/// ALLCONN line, the TTLS block of a connection ALL printed) that is no more
/// detailed and brings no value the row lacks changes only the row's report
/// count: it is counted without the upsert, which costs as much as an insert.
#[derive(Default)]
struct Written(HashMap<i64, HashMap<String, WrittenRow>>);

/// A connection row written: its id, its rank, the columns with a value,
/// its sockets (a record that prints others is written, to keep them).
type WrittenRow = (i64, i64, Vec<u64>, Sockets);

/// Which of the merged columns of `c` hold a value, a bit each.
fn with_values(c: &Connection) -> Vec<u64> {
    let values = c.stored().into_iter().chain(c.tcp.stored()).map(|v| !matches!(v, Stored::Null));
    let mut bits = Vec::new();
    for (index, value) in values.enumerate() {
        if index % 64 == 0 {
            bits.push(0);
        }
        if let (true, Some(word)) = (value, bits.last_mut()) {
            *word |= 1 << (index % 64);
        }
    }
    bits
}

const COUNT_REPORT: &str = include_str!("../../sql/store/count-report.sql");

/// Writes the file row and the report rows of a file read as a stream,
/// without records (see [`part`] and [`finish`]).
pub(super) fn head(
    tx: &rusqlite::Connection,
    capture: &ParsedCapture,
    live: &mut Live,
    texts: &mut Texts,
) -> rusqlite::Result<Streamed> {
    let since = Since::now(tx)?;
    let file_id = file_row(tx, capture, &[])?;
    let mut totals = WriteTotals::default();
    let mut reports = Vec::with_capacity(capture.reports.len());
    let mut snapshots = SnapshotRows::default();
    for report in &capture.reports {
        reports.push(report_row(tx, capture, report, file_id, &mut totals, (live, texts, &mut snapshots))?);
    }
    snapshots.finish(tx)?;
    // A snapshot's time is that of its earliest report, known now: its
    // records are linked at that time whichever report they come from.
    let stored: HashMap<i64, String> = reports.iter().map(|(ids, at)| (ids.snapshot_id, at.clone())).collect();
    for (ids, at) in &mut reports {
        at.clone_from(&stored[&ids.snapshot_id]);
    }
    Ok(Streamed { file_id, reports, totals, written: Written::default(), since })
}

/// Writes records of report `report` of a file read as a stream.
pub(super) fn part(
    tx: &rusqlite::Connection,
    streamed: &mut Streamed,
    report: &ParsedReport,
    index: usize,
    written_records: &Records,
    live: &mut Live,
    texts: &mut Texts,
) -> rusqlite::Result<()> {
    let Some((ids, stored_at)) = streamed.reports.get(index) else { return Ok(()) };
    let w = &report.whereabouts;
    live.snapshot(tx, &w.system, &report.header.stack, ids.snapshot_id, stored_at)?;
    let written = Some(&mut streamed.written);
    let mut statements = FileStatements::default();
    let statements = (texts, &mut statements);
    records(tx, *ids, (report.kind, written_records), &mut streamed.totals, live, statements, written)
}

/// Ends a file read as a stream: its problems, and the counts known only at
/// its end. Returns what it brought.
pub(super) fn finish(
    tx: &rusqlite::Connection,
    streamed: &Streamed,
    capture: &ParsedCapture,
    problems: &[Problem],
    record_counts: &[usize],
) -> rusqlite::Result<WriteTotals> {
    let path = crate::path_text::encode(&capture.path);
    replace_problems(tx, &path, problems)?;
    let count = i64::try_from(capture.problem_count).unwrap_or(i64::MAX);
    tx.prepare_cached(UPDATE_FILE_PROBLEMS)?.execute(params![streamed.file_id, count])?;
    let mut update = tx.prepare_cached(UPDATE_RECORD_COUNT)?;
    for ((ids, _), count) in streamed.reports.iter().zip(record_counts) {
        update.execute(params![ids.capture_id, i64::try_from(*count).unwrap_or(i64::MAX)])?;
    }
    Ok(WriteTotals { notes: kept_notes(tx, streamed.since, &path)?, ..streamed.totals.clone() })
}

const UPDATE_FILE_PROBLEMS: &str = include_str!("../../sql/store/update-file-problems.sql");
const UPDATE_RECORD_COUNT: &str = include_str!("../../sql/store/update-record-count.sql");

/// The row of a capture file, with its problems.
fn file_row(tx: &rusqlite::Connection, capture: &ParsedCapture, problems: &[Problem]) -> rusqlite::Result<i64> {
    let path = crate::path_text::encode(&capture.path);
    // Kept only when the bytes are not the text (see `TextId`).
    let bytes_text = capture.text.size != capture.size || capture.text.sha256 != capture.sha256;
    let file_id: i64 = tx.prepare_cached(INSERT_FILE)?.query_row(
        params![
            path,
            capture.sha256,
            i64::try_from(capture.size).unwrap_or(i64::MAX),
            capture.mtime_ns,
            capture.whereabouts.system,
            iso_date(capture.whereabouts.date),
            i64::try_from(capture.problem_count).unwrap_or(i64::MAX),
            capture.continues.as_ref().map(|c| crate::path_text::encode(&c.original)),
            bytes_text.then(|| i64::try_from(capture.text.size).unwrap_or(i64::MAX)),
            bytes_text.then_some(&capture.text.sha256)
        ],
        |row| row.get(0),
    )?;
    replace_problems(tx, &path, problems)?;
    Ok(file_id)
}

/// The row of one report, in its snapshot (upserted); returns their ids
/// and the snapshot's time as stored.
fn report_row(
    tx: &rusqlite::Connection,
    capture: &ParsedCapture,
    report: &ParsedReport,
    file_id: i64,
    totals: &mut WriteTotals,
    (live, texts, snapshots): (&mut Live, &mut Texts, &mut SnapshotRows),
) -> rusqlite::Result<(Ids, String)> {
    let w = &report.whereabouts;
    let date = iso_date(w.date);
    let captured_at = captured_at(w, report.header.time);
    let run_key = crate::capture::trees::of_run(&capture.run_key, report.run.index);
    let key = [w.system.as_str(), report.header.stack.as_str(), &date, &run_key];
    let (snapshot_id, new_snapshot, stored_at) = snapshots.row(tx, key, &captured_at)?;
    totals.snapshots += usize::from(new_snapshot);
    live.snapshot(tx, &w.system, &report.header.stack, snapshot_id, &stored_at)?;
    // As 0030_narrow_captures keeps a report: the snapshot's stack and
    // system, and a captured_at of the snapshot's date and the header's time,
    // are not written again.
    let header_time = report.header.time.map(iso_time);
    // The view gives the snapshot's date and the header's time; a report
    // taken on another day (the next day's clock) keeps its own.
    let taken = after_midnight(&captured_at, &stored_at).unwrap_or(captured_at);
    let own_captured_at = (header_time.is_none() || !taken.starts_with(&date)).then_some(taken);
    tx.prepare_cached(INSERT_CAPTURE)?.execute(params![
        file_id,
        snapshot_id,
        report.kind.as_str(),
        texts.id(tx, report.dialect.as_str())?,
        texts.id(tx, &report.header.release)?,
        own_captured_at,
        header_time,
        report.first_line,
        report.last_line,
        report.record_count as i64,
    ])?;
    let capture_id = tx.last_insert_rowid();
    let ids = Ids { snapshot_id, capture_id };
    // The command's filter and the console's cut, which direction reads:
    // such a list does not show all the stack's listeners
    // (src/store/summarize/evidence.rs).
    // A TTLS DETAIL its echo asked with no filter lists every AT-TLS
    // connection, as TTLS does (v_connection_core's tls_state); one with no
    // echo may be a `TTLS CONN n DETAIL`.
    let whole = (report.kind == ReportKind::TtlsDetail && report.asked && report.filter.is_none())
        .then(|| (report.first_line, "TTLS DETAIL".to_string()));
    let said = [("Filter", &report.filter), ("Cut", &report.cut), ("Whole list", &whole)];
    let kept: Vec<Attribute> = said
        .into_iter()
        .filter_map(|(key, value)| value.as_ref().map(|(line, value)| (key, *line, value)))
        .map(|(key, line, value)| Attribute { line, key: key.to_string(), value: value.clone() })
        .collect();
    if !kept.is_empty() {
        attributes(tx, ids, ("captures", capture_id, None), &kept)?;
    }
    Ok((ids, stored_at))
}

/// The snapshot rows a file's reports are written into. A file may hold
/// thousands of reports of one snapshot (a TTLS CONN n DETAIL per
/// connection): a report that does not move its snapshot's time is counted
/// here instead of upserting the snapshot row (and firing its trigger) to
/// add one to its report count; [`SnapshotRows::finish`] adds them up.
#[derive(Default)]
struct SnapshotRows {
    /// The last snapshot upserted: its key (system, stack, date, run key),
    /// id, time as stored, and the reports of it counted here since.
    last: Option<([String; 4], i64, String, i64)>,
}

impl SnapshotRows {
    /// The snapshot of `key` with a report taken at `captured_at`: its id,
    /// whether it is new, and its time as stored (as `upsert-snapshot.sql`
    /// returns them).
    fn row(
        &mut self,
        tx: &rusqlite::Connection,
        key: [&str; 4],
        captured_at: &str,
    ) -> rusqlite::Result<(i64, bool, String)> {
        if let Some((last, id, stored_at, counted)) = &mut self.last {
            if last.iter().zip(key).all(|(a, b)| a == b) && keeps(stored_at, captured_at) {
                *counted += 1;
                return Ok((*id, false, stored_at.clone()));
            }
        }
        let params = params![key[0], key[1], key[2], key[3], captured_at];
        let (id, new, stored_at): (i64, bool, String) =
            tx.prepare_cached(UPSERT_SNAPSHOT)?.query_row(params, |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        match &mut self.last {
            Some((_, last_id, last_at, _)) if *last_id == id => last_at.clone_from(&stored_at),
            _ => {
                self.finish(tx)?;
                self.last = Some((key.map(str::to_string), id, stored_at.clone(), 0));
            }
        }
        Ok((id, new, stored_at))
    }

    /// Adds the reports counted to their snapshot's row.
    fn finish(&mut self, tx: &rusqlite::Connection) -> rusqlite::Result<()> {
        if let Some((_, id, _, counted)) = self.last.take().filter(|(_, _, _, counted)| *counted > 0) {
            tx.prepare_cached(ADD_SNAPSHOT_REPORTS)?.execute(params![id, counted])?;
        }
        Ok(())
    }
}

/// Whether a report taken at `at` leaves a snapshot whose time is `stored`
/// as it is under the rule of `upsert-snapshot.sql`. Only the plain case is
/// told: both times of day, `at` the same or later by less than 19 hours
/// (the rule keeps the earliest time, but past 20 hours apart it takes the
/// later one: a run across midnight). Anything else is left to the upsert.
fn keeps(stored: &str, at: &str) -> bool {
    match (stored_time(stored), stored_time(at)) {
        (Some(before), Some(now)) => {
            stored.len() == at.len() && now >= before && now - before < chrono::TimeDelta::hours(19)
        }
        _ => false,
    }
}

const ADD_SNAPSHOT_REPORTS: &str = include_str!("../../sql/store/add-snapshot-reports.sql");

#[derive(Clone, Copy)]
struct Ids {
    snapshot_id: i64,
    capture_id: i64,
}

/// The records of a report of `kind`, with the fields of the report as a
/// whole.
fn records<'c>(
    tx: &'c rusqlite::Connection,
    ids: Ids,
    (kind, records): (ReportKind, &Records),
    totals: &mut WriteTotals,
    live: &mut Live,
    (texts, statements): (&mut Texts, &mut FileStatements<'c>),
    mut written: Option<&mut Written>,
) -> rusqlite::Result<()> {
    attributes(tx, ids, ("captures", ids.capture_id, None), &records.attributes)?;
    let source = match kind {
        ReportKind::Pasearch => "pasearch",
        _ => "netstat",
    };
    // The TTLS entries set apart (see `set_apart`): printed conn id, line, own conn id.
    let mut renamed: Vec<(String, u32, String)> = Vec::new();
    if !records.connections.is_empty() {
        let connection_rows = statements.connections(tx)?;
        for connection in &records.connections {
            let rank = connection.source.map_or(i64::MAX, |s| s as i64);
            let mut row = written.as_deref_mut().map(|w| {
                let rows = w.0.entry(ids.snapshot_id).or_default();
                (with_values(connection), rows.get(&connection.conn_id).cloned(), rows)
            });
            if let Some((bits, Some((id, stored_rank, stored_bits, row_sockets)), _)) = &row {
                let adds = bits.iter().zip(stored_bits).any(|(new, old)| new & !old != 0);
                let mut agrees = || -> rusqlite::Result<bool> {
                    let same_sockets = disagreeing(tx, &sockets(tx, connection, texts)?, row_sockets)? == [false; 2];
                    // A TTLS entry of another job is another connection (see `reuse`).
                    let ttls = connection.source == Some(ConnectionSource::Ttls);
                    Ok(same_sockets && (!ttls || reuse(tx, ids, connection)?.is_none()))
                };
                if *stored_rank <= rank && !adds && agrees()? {
                    counters_source(tx, ids, connection, rank)?;
                    let reports = 1 + i64::from(connection.merged);
                    tx.prepare_cached(COUNT_REPORT)?.execute(params![id, reports])?;
                    attributes(tx, ids, ("connections", *id, None), &connection.attributes)?;
                    continue;
                }
            }
            // A row written already keeps its links: they are written by an insert only.
            let known = row.as_ref().is_some_and(|(_, stored, _)| stored.is_some());
            let planned = if known { None } else { live.plan(tx, connection)? };
            let link = match &planned {
                Some(p) => p.values,
                // Not linked now, given its id all the same (see `Live::next_id`).
                None => [Some(live.next_id(tx)?), None, None, None, None, None, None],
            };
            let mut record = Cow::Borrowed(connection);
            let (id, new, merged) = match connection_row(tx, connection_rows, ids, connection, (&link, false), texts)? {
                Some(inserted) => inserted,
                None => {
                    let apart = set_apart(tx, ids, &mut record, &mut renamed)?;
                    if apart {
                        // Its links are worked out again, the stack's whole.
                        live.relink_current(tx)?;
                        if let Some((_, stored, _)) = &mut row {
                            *stored = None;
                        }
                    }
                    let link = if apart { [link[0], None, None, None, None, None, None] } else { link };
                    counters_source(tx, ids, &record, rank)?;
                    connection_row(tx, connection_rows, ids, &record, (&link, true), texts)?
                        .ok_or(rusqlite::Error::QueryReturnedNoRows)?
                }
            };

            live.written(planned, id, new);
            *match connection.state.as_deref() {
                Some("Listen") => &mut totals.listeners,
                Some("UDP") => &mut totals.udp,
                _ => &mut totals.connections,
            } += usize::from(new);
            attributes(tx, ids, ("connections", id, None), &record.attributes)?;
            let row_sockets = match merged {
                Some(row_sockets) => {
                    keep_sockets(tx, ids, id, &record, &sockets(tx, &record, texts)?, &row_sockets)?;
                    row_sockets
                }
                None if row.is_some() => sockets(tx, &record, texts)?,
                None => [Value::Null, Value::Null, Value::Null, Value::Null],
            };
            if let Some((mut bits, stored, rows)) = row.take() {
                let stored_rank = stored.as_ref().map_or(rank, |(_, r, _, _)| rank.min(*r));
                for (new, old) in bits.iter_mut().zip(stored.iter().flat_map(|(_, _, b, _)| b)) {
                    *new |= old;
                }
                rows.insert(record.conn_id.clone(), (id, stored_rank, bits, row_sockets));
            }
        }
    }
    if !records.tls_sessions.is_empty() {
        let session_rows = statements.sessions(tx)?;
        for session in &records.tls_sessions {
            // The session of a TTLS entry set apart goes with it.
            let own = renamed.iter().find(|(conn_id, line, _)| *conn_id == session.conn_id && *line == session.line);
            let session = match own {
                Some((.., own)) => Cow::Owned(TlsSession { conn_id: own.clone(), ..session.clone() }),
                None => Cow::Borrowed(session),
            };
            let (id, new) = tls_session_row(tx, session_rows, ids, &session, texts)?;
            if !new {
                keep_other_negotiation(tx, ids, id, &session)?;
            }
            totals.tls_sessions += usize::from(new);
            attributes(tx, ids, ("tls_sessions", id, None), &session.attributes)?;
        }
    }
    for rule in &records.rules {
        let (id, stands) = rule_row(tx, ids, source, rule)?;
        attributes(tx, ids, ("rules", id, Some((rule.line, stands))), &rule.attributes)?;
    }
    for group in &records.group_actions {
        let (id, stands) = group_action_row(tx, ids, source, group)?;
        attributes(tx, ids, ("group_actions", id, Some((group.line, stands))), &group.attributes)?;
    }
    for env in &records.env_actions {
        let (id, stands) = env_action_row(tx, ids, source, env)?;
        attributes(tx, ids, ("env_actions", id, Some((env.line, stands))), &env.attributes)?;
    }
    for conn in &records.conn_actions {
        let (id, stands) = conn_action_row(tx, ids, source, conn)?;
        attributes(tx, ids, ("conn_actions", id, Some((conn.line, stands))), &conn.attributes)?;
    }
    Ok(())
}

/// `link`: the values of [`LINK_COLUMNS`], written only by an insert.
/// Returns the row's id, whether it is new, and its sockets after the merge
/// when it was there already; `None` when it was there and `merge` is off.
fn connection_row(
    tx: &rusqlite::Connection,
    stmt: &mut RowStatements<'_>,
    ids: Ids,
    c: &Connection,
    (link, merge): (&[Option<i64>; 7], bool),
    texts: &mut Texts,
) -> rusqlite::Result<Option<(i64, bool, Option<Sockets>)>> {
    let rank = c.source.map_or(i64::MAX, |s| s as i64);
    let stored = c.stored().into_iter().chain(c.tcp.stored()).map(|v| texts.resolve(tx, v));
    let stored = stored.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut values: Vec<&dyn ToSql> = vec![&ids.snapshot_id, &ids.capture_id, &c.line, &rank, &c.conn_id];
    values.extend(stored.iter().map(|v| v as &dyn ToSql));
    let reports = 1 + i64::from(c.merged);
    values.push(&reports);
    values.extend(link.iter().map(|v| v as &dyn ToSql));
    stmt.write_connection(tx, &values, merge)
}

const COUNTERS_SOURCE: &str = include_str!("../../sql/store/counters-source.sql");
const DROP_COUNTERS_SOURCE: &str = include_str!("../../sql/store/drop-counters-source.sql");

/// Counters as the attribute [`COUNTERS_OTHER_REPORT`] gives them:
/// `BytesIn 1000, BytesOut 3900000000`.
fn counters_text(counters: [Option<i64>; 4]) -> String {
    let names = ["BytesIn", "BytesOut", "SegmentsIn", "SegmentsOut"];
    let printed = names.iter().zip(counters).filter_map(|(name, value)| Some(format!("{name} {}", value?)));
    printed.collect::<Vec<_>>().join(", ")
}

/// Before record `c` (of rank `rank`) is merged into the row its conn id
/// has in the snapshot: keeps where the row's counters were printed, as the
/// attribute [`COUNTERS_OTHER_REPORT`], when the merge leaves them printed
/// by another report than the row's source (review 15a F7: an ALLCONN line
/// stands over the BYTEINFO entry that printed them). A record that brings
/// the counters that stand (it fills them, it is more detailed and prints
/// them, or its run's merge gave them to the record that stands) names its
/// own line unless it becomes the source; a more detailed record that
/// prints none, or prints those its run's merge gave it, names the source it
/// takes over, unless the attribute names another already.
fn counters_source(tx: &rusqlite::Connection, ids: Ids, c: &Connection, rank: i64) -> rusqlite::Result<()> {
    type Row = (i64, i64, i64, i64, [Option<i64>; 4], bool);
    let row: Option<Row> = tx
        .prepare_cached(COUNTERS_SOURCE)?
        .query_row(params![ids.snapshot_id, c.conn_id, COUNTERS_OTHER_REPORT], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?], r.get(8)?))
        })
        .optional()?;
    let Some((id, capture_id, line, row_rank, counters, named)) = row else { return Ok(()) };
    let better = rank < row_rank;
    let row_counters = counters.iter().any(Option::is_some);
    let printed = c.prints_counters() && !c.counters_merged;
    let kept = if printed && (c.counters_taken || better || !row_counters) {
        tx.prepare_cached(DROP_COUNTERS_SOURCE)?.execute(params![id, COUNTERS_OTHER_REPORT])?;
        let mine = [c.bytes_in, c.bytes_out, c.segments_in, c.segments_out];
        (!better).then(|| (ids.capture_id, i64::from(c.line), mine))
    } else {
        (better && row_counters && !named && !printed).then_some((capture_id, line, counters))
    };
    if let Some((capture_id, line, counters)) = kept {
        let keep = params![capture_id, line, id, COUNTERS_OTHER_REPORT, counters_text(counters)];
        tx.prepare_cached(KEEP_SOCKET)?.execute(keep)?;
    }
    Ok(())
}

const CONNECTION_IDENTITY: &str = include_str!("../../sql/store/connection-identity.sql");
const SET_APART_ROW: &str = include_str!("../../sql/store/set-apart-row.sql");
const SET_APART_SESSION: &str = include_str!("../../sql/store/set-apart-session.sql");
const KEEP_REUSED_CONN_ID: &str = include_str!("../../sql/store/keep-reused-conn-id.sql");

/// Which of a record and the row its conn id has in the snapshot is a TTLS
/// entry of another connection that reused the conn id
/// ([`Connection::reuses_conn_id_of`]).
enum Reuse {
    /// The record.
    Record,
    /// The row (its id), written by TTLS reports alone: it becomes the
    /// conn id given.
    Row(i64, String),
}

/// Whether the row of `c`'s conn id in the snapshot and `c` are two
/// connections, and which is the TTLS entry (`None`: one connection, or
/// no row).
fn reuse(tx: &rusqlite::Connection, ids: Ids, c: &Connection) -> rusqlite::Result<Option<Reuse>> {
    let found = tx.prepare_cached(CONNECTION_IDENTITY)?.query_row(params![ids.snapshot_id, c.conn_id], |r| {
        let socket = |ip: Option<String>, port: Option<u16>| {
            (ip.is_some() || port.is_some()).then(|| Socket { ip: ip.unwrap_or_default(), port })
        };
        let rank: i64 = r.get(1)?;
        let row = Connection {
            conn_id: c.conn_id.clone(),
            source: (rank == ConnectionSource::Ttls as i64).then_some(ConnectionSource::Ttls),
            job: r.get(2)?,
            local: socket(r.get(3)?, r.get(4)?),
            remote: socket(r.get(5)?, r.get(6)?),
            ..Connection::default()
        };
        Ok((r.get::<_, i64>(0)?, row))
    });
    let Some((id, row)) = found.optional()? else { return Ok(None) };
    Ok(if c.reuses_conn_id_of(&row) {
        Some(Reuse::Record)
    } else if row.reuses_conn_id_of(c) {
        Some(Reuse::Row(id, row.unnumbered_id()))
    } else {
        None
    })
}

/// Sets apart the TTLS entry of `record` and the row its conn id has in
/// the snapshot, when they are two connections ([`reuse`]): the record
/// becomes its own ([`Connection::set_apart`], its session's conn id noted
/// in `renamed`), or the row and its TLS session are moved to theirs. The
/// connection printed by the more detailed report keeps the conn id, in
/// whichever order the reports are written. Returns whether one was set
/// apart.
fn set_apart(
    tx: &rusqlite::Connection,
    ids: Ids,
    record: &mut Cow<'_, Connection>,
    renamed: &mut Vec<(String, u32, String)>,
) -> rusqlite::Result<bool> {
    match reuse(tx, ids, record)? {
        None => Ok(false),
        Some(Reuse::Record) => {
            let printed = record.conn_id.clone();
            let own = record.to_mut().set_apart();
            renamed.push((printed, record.line, own));
            Ok(true)
        }
        Some(Reuse::Row(id, own)) => {
            if tx.prepare_cached(SET_APART_ROW)?.execute(params![id, own])? == 0 {
                return Ok(false);
            }
            tx.prepare_cached(SET_APART_SESSION)?.execute(params![ids.snapshot_id, record.conn_id, own])?;
            tx.prepare_cached(KEEP_REUSED_CONN_ID)?.execute(params![id, record.conn_id])?;
            Ok(true)
        }
    }
}

/// The columns of a connection row's sockets: the local address (a text
/// id) and port, the remote address and port.
const SOCKET_COLUMNS: [&str; 4] = ["local_ip_text_id", "local_port", "remote_ip", "remote_port"];

/// The values of [`SOCKET_COLUMNS`].
type Sockets = [Value; 4];

/// The sockets of `c` as its row stores them.
fn sockets(tx: &rusqlite::Connection, c: &Connection, texts: &mut Texts) -> rusqlite::Result<Sockets> {
    let stored = [
        stored::socket_ip_interned(&c.local),
        stored::socket_port(&c.local),
        stored::socket_ip_as_printed(&c.remote),
        stored::socket_port(&c.remote),
    ];
    let mut values = [Value::Null, Value::Null, Value::Null, Value::Null];
    for (value, stored) in values.iter_mut().zip(stored) {
        *value = match texts.resolve(tx, stored)? {
            Stored::Int(v) => Value::Integer(v),
            Stored::Text(v) => Value::Text(v.into_owned()),
            _ => Value::Null,
        };
    }
    Ok(values)
}

/// Whether `mine` prints the local and the remote socket otherwise than
/// `row`: an address or a port that both print and that differ (one
/// printed by one only fills the other).
/// Addresses compare in their IPv4 form ([`crate::model::ipv4_form`]).
fn disagreeing(tx: &rusqlite::Connection, mine: &Sockets, row: &Sockets) -> rusqlite::Result<[bool; 2]> {
    let differs = |i: usize| mine[i] != Value::Null && row[i] != Value::Null && mine[i] != row[i];
    let text = |value: &Value| -> rusqlite::Result<String> {
        match value {
            Value::Integer(id) => tx.prepare_cached(TEXT_OF)?.query_row([id], |row| row.get(0)),
            Value::Text(text) => Ok(text.clone()),
            _ => Ok(String::new()),
        }
    };
    let ips_differ = |i: usize| -> rusqlite::Result<bool> {
        Ok(differs(i) && ipv4_form(&text(&mine[i])?) != ipv4_form(&text(&row[i])?))
    };
    Ok([ips_differ(0)? || differs(1), ips_differ(2)? || differs(3)])
}

const TEXT_OF: &str = "SELECT text FROM texts WHERE text_id = ?1";

const KEEP_SOCKET: &str = include_str!("../../sql/store/keep-socket.sql");

/// The keys of the sockets a report printed that another report of the
/// snapshot prints otherwise (migration 0032 keeps those a more detailed
/// record replaces under the same keys).
const KEPT_SOCKET_KEYS: [&str; 2] = ["LocalSocket (other report)", "RemoteSocket (other report)"];

/// Keeps as attributes of row `id` the sockets of `c` that lost to those
/// the row holds (`row`, after the merge).
fn keep_sockets(
    tx: &rusqlite::Connection,
    ids: Ids,
    id: i64,
    c: &Connection,
    mine: &Sockets,
    row: &Sockets,
) -> rusqlite::Result<()> {
    let lost = disagreeing(tx, mine, row)?;
    let sockets = [(&c.local, c.local_line), (&c.remote, c.remote_line)];
    for (((socket, line), key), lost) in sockets.into_iter().zip(KEPT_SOCKET_KEYS).zip(lost) {
        if let (Some(socket), true) = (socket, lost) {
            let port = socket.port.map_or_else(|| "*".to_string(), |p| p.to_string());
            let printed = format!("{}..{port}", socket.ip);
            // The line that printed the socket (the block's when none is known).
            let line = if line > 0 { line } else { c.line };
            tx.prepare_cached(KEEP_SOCKET)?.execute(params![ids.capture_id, line, id, key, printed])?;
        }
    }
    Ok(())
}

const LAST_ATTRIBUTE: &str = "SELECT coalesce(max(rowid), 0) FROM attributes";
const LAST_CONNECTION: &str = "SELECT coalesce(max(connection_id), 0) FROM connection_rows";

/// The last attribute and connection rows before a file was written: what
/// it kept is said from there ([`kept_notes`]).
#[derive(Clone, Copy)]
struct Since {
    attribute: i64,
    connection: i64,
}

impl Since {
    fn now(tx: &rusqlite::Connection) -> rusqlite::Result<Since> {
        let last = |sql: &str| tx.prepare_cached(sql)?.query_row([], |row| row.get(0));
        Ok(Since { attribute: last(LAST_ATTRIBUTE)?, connection: last(LAST_CONNECTION)? })
    }
}
const KEPT_SOCKETS: &str = include_str!("../../sql/store/kept-sockets.sql");

const KEEP_OTHER_VALUE: &str = include_str!("../../sql/store/keep-other-value.sql");
const KEPT_VALUES: &str = include_str!("../../sql/store/kept-values.sql");

/// The notes that say the sockets of connections and the values of rules
/// and actions kept as attributes since attribute row `since`, while the
/// file at `path` (encoded) was written.
fn kept_notes(tx: &rusqlite::Connection, since: Since, path: &str) -> rusqlite::Result<Vec<String>> {
    let mut notes = kept_sockets(tx, since.attribute, path)?;
    notes.extend(kept_apart(tx, since, path)?);
    notes.extend(kept_sessions(tx, since.attribute, path)?);
    let since = since.attribute;
    let mut stmt = tx.prepare_cached(KEPT_VALUES)?;
    let rows = stmt.query_map([since], |row| {
        let (line, file, table) = (row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?);
        let (name, key, value) = (row.get::<_, String>(3)?, row.get::<_, String>(4)?, row.get::<_, String>(5)?);
        let (held_line, held_file, why) = (row.get::<_, i64>(6)?, row.get::<_, String>(7)?, row.get::<_, String>(8)?);
        let at = |line: i64, file: &str| {
            if file == path {
                format!("line {line}")
            } else {
                format!("line {line} of {file}")
            }
        };
        let (place, held) = (at(line, &file), at(held_line, &held_file));
        let object = match table.as_str() {
            "rules" => "rule",
            "group_actions" => "group action",
            "env_actions" => "environment action",
            _ => "connection action",
        };
        let setting = key.trim_end_matches(" (other report)");
        Ok(format!(
            "{object} {name} printed at {place}: {setting} {value}, where its print at {held} has another: that \
             stands ({why}), and {value} is kept as the attribute `{key}`"
        ))
    })?;
    for note in rows {
        notes.push(note?);
    }
    Ok(notes)
}

/// The print a rule's or action's row held when a print of it in its
/// snapshot stands over it (`print-stands.sql`): where it was printed.
#[derive(Clone, Copy)]
struct Replaced {
    capture_id: i64,
    line: i64,
}

/// Which print of a rule or action stands in its row: see `print-stands.sql`.
const PRINT_STANDS: &str = include_str!("../../sql/store/print-stands.sql");

/// Settles row `id` of `table` after a print of its object (at `line`)
/// was merged into it: each setting of `columns` (parallel to `values`)
/// the print gives otherwise than the row holds is kept as an attribute
/// `<setting> (other report)`, and said ([`kept_notes`]). The print that
/// stands (`print-stands.sql`: the later, at one time a pasearch dump's,
/// then a TTLS GROUP report's, else the last written) keeps its values in the row: when it is this one, the
/// values it replaces are kept where they were printed, and the row is
/// this print's; returns where the replaced print was then.
fn keep_other_settings(
    tx: &rusqlite::Connection,
    ids: Ids,
    line: u32,
    (table, id_column, id): (&str, &str, i64),
    (columns, values): (&[&str], &[&dyn ToSql]),
) -> rusqlite::Result<Option<Replaced>> {
    let (stands, capture_id, held_line): (bool, i64, i64) = tx
        .prepare_cached(PRINT_STANDS)?
        .query_row(params![table, id, ids.capture_id, line], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    let replaced = stands.then_some(Replaced { capture_id, line: held_line });
    let compared: Vec<(&str, &str, bool, &dyn ToSql)> = columns
        .iter()
        .zip(values)
        .filter_map(|(c, v)| PRINTED_SETTINGS.iter().find(|(column, ..)| column == c).map(|(c, k, f)| (*c, *k, *f, *v)))
        .collect();
    let names = compared.iter().map(|(c, ..)| *c).collect::<Vec<_>>().join(", ");
    let stored: Vec<Value> = tx
        .prepare_cached(&format!("SELECT {names} FROM {table} WHERE {id_column} = ?1"))?
        .query_row([id], |row| (0..compared.len()).map(|i| row.get(i)).collect())?;
    for ((column, key, flag, value), stored) in compared.into_iter().zip(stored) {
        let output = value.to_sql()?;
        let given = match &output {
            ToSqlOutput::Borrowed(v) => *v,
            ToSqlOutput::Owned(v) => ValueRef::from(v),
            _ => continue,
        };
        if given == ValueRef::from(&stored) {
            continue;
        }
        let Some(printed) = as_printed(given, flag) else { continue };
        let Some(r) = replaced else {
            tx.prepare_cached(KEEP_OTHER_VALUE)?.execute(params![ids.capture_id, line, table, id, key, printed])?;
            continue;
        };
        if let Some(held) = as_printed(ValueRef::from(&stored), flag) {
            tx.prepare_cached(KEEP_OTHER_VALUE)?.execute(params![r.capture_id, r.line, table, id, key, held])?;
        }
        let update = format!("UPDATE {table} SET {column} = ?1 WHERE {id_column} = ?2");
        tx.prepare_cached(&update)?.execute([value, &id as &dyn ToSql])?;
    }
    if replaced.is_some() {
        let update = format!("UPDATE {table} SET capture_id = ?1, source_line = ?2 WHERE {id_column} = ?3");
        tx.prepare_cached(&update)?.execute(params![ids.capture_id, line, id])?;
    }
    Ok(replaced)
}

/// A setting's value as a report prints it (a flag `On`/`Off`), or none.
fn as_printed(value: ValueRef<'_>, flag: bool) -> Option<String> {
    match value {
        ValueRef::Integer(i) if flag => Some(if i == 0 { "Off" } else { "On" }.to_string()),
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Text(text) => Some(String::from_utf8_lossy(text).into_owned()),
        _ => None,
    }
}

/// The notes that say the sockets kept as attributes since attribute row
/// `since`, while the file at `path` (encoded) was written.
fn kept_sockets(tx: &rusqlite::Connection, since: i64, path: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = tx.prepare_cached(KEPT_SOCKETS)?;
    let rows = stmt.query_map([since], |row| {
        let (line, file, conn_id) = (row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?);
        let (key, value) = (row.get::<_, String>(3)?, row.get::<_, String>(4)?);
        let place = if file == path { format!("line {line}") } else { format!("line {line} of {file}") };
        let what = key.split(' ').next().unwrap_or_default();
        Ok(format!(
            "connection {conn_id}: {place} prints {what} {value}, another report of its snapshot prints another: \
             the most detailed report's stands and {value} is kept as the attribute `{key}`"
        ))
    })?;
    rows.collect()
}

const KEPT_SESSIONS: &str = include_str!("../../sql/store/kept-sessions.sql");

/// The notes that say the negotiations of TLS sessions kept as attributes
/// since attribute row `since` ([`keep_other_negotiation`]), while the file
/// at `path` (encoded) was written.
fn kept_sessions(tx: &rusqlite::Connection, since: i64, path: &str) -> rusqlite::Result<Vec<String>> {
    let at =
        |line: i64, file: String| if file == path { format!("line {line}") } else { format!("line {line} of {file}") };
    let mut stmt = tx.prepare_cached(KEPT_SESSIONS)?;
    let rows = stmt.query_map([since], |row| {
        let (place, conn_id) = (at(row.get(0)?, row.get(1)?), row.get::<_, String>(2)?);
        let (key, value, held) = (row.get::<_, String>(3)?, row.get::<_, String>(4)?, at(row.get(5)?, row.get(6)?));
        let setting = key.trim_end_matches(" (other report)");
        Ok(format!(
            "connection {conn_id}: the TLS session printed at {place} has {setting} {value}, where its print at \
             {held} has another: the handshake was redone between the reports (or the conn id reused for the same \
             sockets); the first print stands in the reports, and {value} is kept as the attribute `{key}`; take \
             the TTLS reports of a run together to have one session"
        ))
    })?;
    rows.collect()
}

const KEPT_REUSED: &str = include_str!("../../sql/store/kept-reused.sql");

/// The notes that say the TTLS entries set apart ([`set_apart`], or in
/// memory by `merge`) since `since`, while the file at `path` (encoded) was
/// written: both lines, with the job and sockets each printed. An entry set
/// apart before the connection that holds its conn id was written is said
/// when that one is.
fn kept_apart(tx: &rusqlite::Connection, since: Since, path: &str) -> rusqlite::Result<Vec<String>> {
    let place = |line: i64, file: String| {
        if file == path {
            format!("line {line}")
        } else {
            format!("line {line} of {file}")
        }
    };
    let endpoint = |row: &rusqlite::Row<'_>, at: usize| -> rusqlite::Result<String> {
        let text = |i: usize| -> rusqlite::Result<String> {
            Ok(row.get::<_, Option<rusqlite::types::Value>>(at + i)?.map_or_else(
                || "*".to_string(),
                |v| match v {
                    Value::Integer(i) => i.to_string(),
                    Value::Text(t) => t,
                    _ => "*".to_string(),
                },
            ))
        };
        Ok(format!("{} {}..{} <- {}..{}", text(0)?, text(1)?, text(2)?, text(3)?, text(4)?))
    };
    let mut stmt = tx.prepare_cached(KEPT_REUSED)?;
    let rows = stmt.query_map([since.attribute, since.connection], |row| {
        let (entry, own) = (place(row.get(0)?, row.get(1)?), row.get::<_, String>(7)?);
        let (printed, other) = (row.get::<_, String>(8)?, place(row.get(9)?, row.get(10)?));
        Ok(format!(
            "connection {printed}: the TTLS entry at {entry} ({}) is another connection than {other} prints under \
             that conn id ({}): a connection keeps its job and sockets, so the conn id was reused; the entry and \
             its TLS session are kept apart as connection {own}",
            endpoint(row, 2)?,
            endpoint(row, 11)?
        ))
    })?;
    rows.collect()
}

fn tls_session_row(
    tx: &rusqlite::Connection,
    stmt: &mut RowStatements<'_>,
    ids: Ids,
    s: &TlsSession,
    texts: &mut Texts,
) -> rusqlite::Result<(i64, bool)> {
    let protocol = s.protocol.map(|p| p.as_str());
    let (cipher_code, share_code) = (s.cipher.as_ref().map(|c| &c.code), s.key_share.as_ref().map(|c| &c.code));
    let mut id = |text: Option<&str>| text.map(|t| texts.id(tx, t)).transpose();
    let (cipher_name, share_name) =
        (s.cipher.as_ref().and_then(|c| c.name.as_deref()), s.key_share.as_ref().and_then(|c| c.name.as_deref()));
    let (sec_level, cipher_name, share_name) = (id(s.sec_level.as_deref())?, id(cipher_name)?, id(share_name)?);
    let (cert_user_id, map_type, rule) =
        (id(s.cert_user_id.as_deref())?, id(s.map_type.as_deref())?, id(s.rule.as_deref())?);
    let session_id = stored::hex_groups(&s.session_id);
    let values: [&dyn ToSql; 17] = [
        &ids.snapshot_id,
        &ids.capture_id,
        &s.line,
        &s.conn_id,
        &sec_level,
        &protocol,
        &cipher_code,
        &cipher_name,
        &share_code,
        &share_name,
        &cert_user_id,
        &map_type,
        &s.fips140,
        &session_id,
        &s.sid_reuse_requested,
        &rule,
        &1,
    ];
    stmt.write(tx, &values)
}

const SESSION_PRINTED: &str = include_str!("../../sql/store/session-printed.sql");

/// A coded value's code, and the code and name as printed.
fn coded(value: Option<&CodedValue>) -> Option<(&str, String)> {
    value.map(|c| (c.code.as_str(), c.name.as_ref().map_or(c.code.clone(), |n| format!("{} {n}", c.code))))
}

/// Keeps what `s`, a print of the TLS session of row `id` that another
/// report of its snapshot printed first, gives otherwise of the negotiation
/// (`SecLevel`, `Cipher`, `KeyShare`) as the attribute `<key> (other
/// report)` at its line, said as a note ([`kept_notes`]): the first print
/// stands, and a weaker session printed later (a handshake redone between
/// the reports) is not lost in silence.
fn keep_other_negotiation(tx: &rusqlite::Connection, ids: Ids, id: i64, s: &TlsSession) -> rusqlite::Result<()> {
    type Printed = (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);
    let (sec_level, cipher, cipher_name, share, share_name): Printed = tx
        .prepare_cached(SESSION_PRINTED)?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)))?;
    let given = [
        ("SecLevel", sec_level, s.sec_level.as_deref().map(|l| (l, l.to_string()))),
        ("Cipher", cipher.or(cipher_name), coded(s.cipher.as_ref())),
        ("KeyShare", share.or(share_name), coded(s.key_share.as_ref())),
    ];
    for (key, stored, printed) in given {
        let (Some(stored), Some((compared, printed))) = (stored, printed) else { continue };
        if !stored.eq_ignore_ascii_case(compared) {
            tx.prepare_cached(KEEP_OTHER_VALUE)?.execute(params![
                ids.capture_id,
                s.line,
                "tls_sessions",
                id,
                key,
                printed
            ])?;
        }
    }
    Ok(())
}

fn rule_row(tx: &rusqlite::Connection, ids: Ids, source: &str, r: &Rule) -> rusqlite::Result<(i64, bool)> {
    let values: [&dyn ToSql; 19] = [
        &ids.snapshot_id,
        &ids.capture_id,
        &r.line,
        &r.name,
        &source,
        &r.rule_type,
        &r.status,
        &r.weight,
        &r.priority,
        &r.local_addr,
        &r.local_port,
        &r.remote_addr,
        &r.remote_port,
        &r.job_name,
        &r.user_id,
        &r.direction,
        &r.group_action,
        &r.env_action,
        &r.conn_action,
    ];
    let id = upsert(tx, &upserts().rule, &values)?.0;
    let replaced = keep_other_settings(tx, ids, r.line, ("rules", "rule_id", id), (RULE_COLUMNS, &values[5..]))?;
    Ok((id, replaced.is_some()))
}

fn group_action_row(
    tx: &rusqlite::Connection,
    ids: Ids,
    source: &str,
    g: &GroupAction,
) -> rusqlite::Result<(i64, bool)> {
    let values: [&dyn ToSql; 16] = [
        &ids.snapshot_id,
        &ids.capture_id,
        &g.line,
        &g.name,
        &source,
        &g.group_id,
        &g.conns,
        &g.tasks,
        &g.work_q_elements,
        &g.syslog_q_elements,
        &g.ttls_enabled,
        &g.ctrace_clear_text,
        &g.trace,
        &g.syslog_facility,
        &g.secondary_map,
        &g.fips140,
    ];
    let id = upsert(tx, &upserts().group_action, &values)?.0;
    let replaced = keep_other_settings(
        tx,
        ids,
        g.line,
        ("group_actions", "group_action_id", id),
        (GROUP_ACTION_COLUMNS, &values[5..]),
    )?;
    let mut insert_env = tx.prepare_cached(INSERT_GROUP_ENV)?;
    for env in &g.envs {
        insert_env.execute(params![id, ids.capture_id, env.line, env.name, env.conns])?;
    }
    Ok((id, replaced.is_some()))
}

/// The shared handshake columns, then an action's own.
fn action_columns(own: &[&'static str]) -> Vec<(&'static str, MergeRule)> {
    filled(&HANDSHAKE_COLUMNS.iter().chain(own).copied().collect::<Vec<_>>())
}

/// Columns that all merge by [`MergeRule::Fill`].
fn filled(columns: &[&'static str]) -> Vec<(&'static str, MergeRule)> {
    columns.iter().map(|c| (*c, MergeRule::Fill)).collect()
}

/// Values parallel to [`HANDSHAKE_COLUMNS`].
fn handshake_values(h: &Handshake) -> [&dyn ToSql; 14] {
    [
        &h.role,
        &h.certificate_label,
        &h.sslv2,
        &h.sslv3,
        &h.tlsv1,
        &h.tlsv1_1,
        &h.tlsv1_2,
        &h.tlsv1_3,
        &h.middlebox_compat_mode,
        &h.application_controlled,
        &h.secondary_map,
        &h.timeout,
        &h.reset_cipher_timer,
        &h.trace,
    ]
}

fn env_action_row(tx: &rusqlite::Connection, ids: Ids, source: &str, e: &EnvAction) -> rusqlite::Result<(i64, bool)> {
    let mut values: Vec<&dyn ToSql> = vec![&ids.snapshot_id, &ids.capture_id, &e.line, &e.name, &source];
    values.extend(handshake_values(&e.handshake));
    values.extend([
        &e.keyring as &dyn ToSql,
        &e.client_auth_type,
        &e.cert_validation_mode,
        &e.suite_b_profile,
        &e.renegotiation,
    ]);
    let id = upsert(tx, &upserts().env_action, &values)?.0;
    let columns: Vec<&str> = HANDSHAKE_COLUMNS.iter().chain(ENV_ACTION_COLUMNS).copied().collect();
    let replaced =
        keep_other_settings(tx, ids, e.line, ("env_actions", "env_action_id", id), (&columns, &values[5..]))?;
    list_items(tx, ids, (id, replaced), &e.lists, &upserts().env_lists)?;
    Ok((id, replaced.is_some()))
}

fn conn_action_row(tx: &rusqlite::Connection, ids: Ids, source: &str, c: &ConnAction) -> rusqlite::Result<(i64, bool)> {
    let mut values: Vec<&dyn ToSql> = vec![&ids.snapshot_id, &ids.capture_id, &c.line, &c.name, &source];
    values.extend(handshake_values(&c.handshake));
    values.extend([&c.server_certificate_label as &dyn ToSql, &c.client_certificate_label, &c.ctrace_clear_text]);
    let id = upsert(tx, &upserts().conn_action, &values)?.0;
    let columns: Vec<&str> = HANDSHAKE_COLUMNS.iter().chain(CONN_ACTION_COLUMNS).copied().collect();
    let replaced =
        keep_other_settings(tx, ids, c.line, ("conn_actions", "conn_action_id", id), (&columns, &values[5..]))?;
    list_items(tx, ids, (id, replaced), &c.lists, &upserts().conn_lists)?;
    Ok((id, replaced.is_some()))
}

/// Writes the list items of an action, but none of a setting that an
/// earlier report of the snapshot listed for it: a list that differs from
/// that one is kept as an attribute and said (see [`keep_other_settings`]),
/// unless this print stands over the one the row held (`replaced`): then
/// that list is kept where it was printed, and this print's replaces it.
fn list_items(
    tx: &rusqlite::Connection,
    ids: Ids,
    (owner_id, replaced): (i64, Option<Replaced>),
    items: &[SettingItem],
    tables: &ListTables,
) -> rusqlite::Result<()> {
    let insert = |table: usize, item: &SettingItem| -> rusqlite::Result<usize> {
        tx.prepare_cached(&tables.insert[table])?.execute(params![
            owner_id,
            item.setting,
            item.position,
            item.value.code,
            item.value.name,
            item.line
        ])
    };
    let mut listed_before: HashMap<(usize, &str), bool> = HashMap::new();
    // The settings listed before: (table, setting) and this print's items of it.
    let mut again: Vec<((usize, &str), Vec<&SettingItem>)> = Vec::new();
    for item in items {
        let table = list_table(item.kind).0;
        let key = (table, item.setting.as_str());
        let before = match listed_before.get(&key) {
            Some(before) => *before,
            None => {
                let before = tx
                    .prepare_cached(&tables.exists[table])?
                    .query_row(params![owner_id, item.setting], |row| row.get(0))?;
                *listed_before.entry(key).or_insert(before)
            }
        };
        if before {
            match again.iter_mut().find(|(k, _)| *k == key) {
                Some((_, listed)) => listed.push(item),
                None => again.push((key, vec![item])),
            }
            continue;
        }
        insert(table, item)?;
    }
    for ((table, setting), printed) in again {
        let mut stmt = tx.prepare_cached(&tables.codes[table])?;
        let listed: Vec<(String, i64)> = stmt
            .query_map(params![owner_id, setting], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if listed.iter().map(|(code, _)| code.as_str()).eq(printed.iter().map(|i| i.value.code.as_str())) {
            continue;
        }
        let codes = |codes: Vec<&str>| codes.join(" ");
        let (capture_id, line, value) = match replaced {
            None => {
                (ids.capture_id, i64::from(printed[0].line), codes(printed.iter().map(|i| &*i.value.code).collect()))
            }
            Some(r) => (
                r.capture_id,
                listed.first().map_or(r.line, |(_, line)| *line),
                codes(listed.iter().map(|(c, _)| &**c).collect()),
            ),
        };
        tx.prepare_cached(KEEP_OTHER_VALUE)?.execute(params![
            capture_id,
            line,
            tables.owner_table,
            owner_id,
            setting,
            value
        ])?;
        if replaced.is_some() {
            tx.prepare_cached(&tables.delete[table])?.execute(params![owner_id, setting])?;
            for item in printed {
                insert(table, item)?;
            }
        }
    }
    Ok(())
}

/// Writes the fields without a typed column of row `owner_id` of
/// `owner_table`. `print` is the line of the print of a rule or action,
/// whose values another print of it in its snapshot (an earlier line of the
/// same report, or another report) may give otherwise (see
/// [`keep_other_settings`]), and whether this print stands over the one
/// the row held; `None` for any other row.
fn attributes(
    tx: &rusqlite::Connection,
    ids: Ids,
    (owner_table, owner_id, print): (&str, i64, Option<(u32, bool)>),
    attributes: &[Attribute],
) -> rusqlite::Result<()> {
    if attributes.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(INSERT_ATTRIBUTE)?;
    let line = print.map(|(line, _)| line);
    for a in attributes {
        let insert = params![ids.capture_id, a.line, owner_table, owner_id, a.key, a.value, line];
        if stmt.execute(insert)? > 0 {
            continue;
        }
        // Another print of the object gave the field: when it gave another
        // value, the one of the print that stands is the row's, the other kept.
        match print {
            Some((_, true)) => {
                let held = params![owner_table, owner_id, a.key, a.value];
                tx.prepare_cached(include_str!("../../sql/store/demote-attribute.sql"))?.execute(held)?;
                tx.prepare_cached(include_str!("../../sql/store/drop-attribute.sql"))?.execute(held)?;
                stmt.execute(insert)?;
            }
            Some((_, false)) => {
                tx.prepare_cached(KEEP_OTHER_VALUE)?.execute(params![
                    ids.capture_id,
                    a.line,
                    owner_table,
                    owner_id,
                    a.key,
                    a.value
                ])?;
            }
            None => {}
        }
    }
    Ok(())
}

/// Replaces the problems recorded for a path.
pub(super) fn replace_problems(tx: &rusqlite::Connection, path: &str, problems: &[Problem]) -> rusqlite::Result<()> {
    tx.prepare_cached(include_str!("../../sql/store/delete-problems.sql"))?.execute([path])?;
    let mut insert = tx.prepare_cached(INSERT_PROBLEM)?;
    for problem in problems {
        insert.execute(params![path, problem.line, problem.reason])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates and times written as chrono's `%Y-%m-%d` and `%H:%M:%S`
    /// write them: zero-padded, a sign before a year past 9999, 60 seconds
    /// for a leap second.
    #[test]
    fn dates_and_times_are_written_as_chrono_writes_them() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(iso_date(date(2026, 1, 5)), "2026-01-05");
        assert_eq!(iso_date(date(987, 12, 31)), "0987-12-31");
        assert_eq!(iso_date(date(12345, 6, 7)), "+12345-06-07");
        assert_eq!(iso_time(NaiveTime::from_hms_opt(7, 5, 9).unwrap()), "07:05:09");
        assert_eq!(iso_time(NaiveTime::from_hms_milli_opt(23, 59, 59, 1500).unwrap()), "23:59:60");
        let at = date(2026, 3, 1).and_hms_opt(14, 0, 30).unwrap();
        assert_eq!(iso_date_time(at), "2026-03-01T14:00:30");
    }

    #[test]
    fn each_list_kind_has_its_own_place() {
        for (place, kind) in LIST_KINDS.into_iter().enumerate() {
            assert_eq!(list_table(kind).0, place, "{kind:?}");
        }
    }

    /// A TLS session row is inserted by the plain insert; the same conn id
    /// of the same snapshot written again (another write of the snapshot)
    /// goes to the upsert and is merged: one row, its report count added
    /// up, a value the first write left empty filled, the first write's
    /// value kept where both have one.
    #[test]
    fn a_row_written_again_is_merged_by_the_upsert() {
        let conn = crate::store::scratch().unwrap();
        // Session rows alone, without the snapshot and capture they belong to.
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        let mut rows = RowStatements::prepare(&conn, &upserts().tls_session_insert, &upserts().tls_session).unwrap();
        let null: Option<String> = None;
        // snapshot, capture, line, conn id, sec level, protocol, cipher code, then NULLs, then the report count.
        let mut write = |line: i64, protocol: Option<&str>, cipher: &str| {
            let mut values: Vec<&dyn ToSql> = vec![&1, &1, &line, &"000000BB", &null, &protocol, &cipher];
            let given = values.len() - 4;
            values.extend(std::iter::repeat_n(&null as &dyn ToSql, TLS_SESSION_COLUMNS.len() - given));
            values.push(&1);
            rows.write(&conn, &values)
        };
        assert_eq!(write(12, None, "C02F").unwrap(), (1, true));
        assert_eq!(write(40, Some("TLSv1.3"), "1301").unwrap(), (1, false));
        let row: (i64, i64, String, String, i64) = conn
            .query_row(
                "SELECT count(*), source_line, protocol, cipher_code, report_count FROM tls_session_rows",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
            )
            .unwrap();
        assert_eq!(row, (1, 12, "TLSv1.3".to_string(), "C02F".to_string(), 2));
    }

    /// Reports of one snapshot counted without upserting its row leave it
    /// as an upsert per report does: the earliest time of the longest form
    /// (a time of day beats a bare date), but the later time of day of a run
    /// across midnight (times more than 20 hours apart); every report
    /// counted; the same id, time and "new" returned for each report.
    #[test]
    fn reports_counted_leave_the_snapshot_row_an_upsert_each_would() {
        let conn = crate::store::scratch().unwrap();
        let day = |t: &str| format!("2026-01-01{t}");
        // The earliest time, 08:00:03, stays: 08:00:09 and 23:59:59 are
        // later by less than 20 hours, the bare date is shorter.
        let plain = [day("T08:00:05"), day("T08:00:03"), day("T08:00:09"), day(""), day("T23:59:59")];
        // Across midnight: 23:59:58 is more than 20 hours after 00:00:03
        // and takes its place; 00:00:09, as far before it, does not.
        let midnight = [day("T00:00:03"), day("T23:59:58"), day("T00:00:09")];
        let mut snapshots = SnapshotRows::default();
        let mut returned = Vec::new();
        for (run, times) in [("plain", &plain[..]), ("midnight", &midnight[..])] {
            let key = ["SYSA", "TCPIP", "2026-01-01", run];
            returned.extend(times.iter().map(|at| snapshots.row(&conn, key, at).unwrap()));
        }
        snapshots.finish(&conn).unwrap();
        let (early, late) = (day("T08:00:03"), day("T23:59:58"));
        let expected = [
            (1, true, day("T08:00:05")),
            (1, false, early.clone()),
            (1, false, early.clone()),
            (1, false, early.clone()),
            (1, false, early.clone()),
            (2, true, day("T00:00:03")),
            (2, false, late.clone()),
            (2, false, late.clone()),
        ];
        assert_eq!(returned, expected);
        // The same reports upserted one by one, into other runs' snapshots.
        let mut upsert = conn.prepare(UPSERT_SNAPSHOT).unwrap();
        for (run, times) in [("plain, one by one", &plain[..]), ("midnight, one by one", &midnight[..])] {
            for at in times {
                upsert.query_row(params!["SYSA", "TCPIP", "2026-01-01", run, at], |_| Ok(())).unwrap();
            }
        }
        let sql = "SELECT run_key, captured_at, report_count FROM snapshots ORDER BY snapshot_id";
        let rows: Vec<(String, String, i64)> = conn
            .prepare(sql)
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let run = |r: &str| r.to_string();
        let expected = [
            (run("plain"), early.clone(), 5),
            (run("midnight"), late.clone(), 3),
            (run("plain, one by one"), early, 5),
            (run("midnight, one by one"), late, 3),
        ];
        assert_eq!(rows, expected);
    }

    /// The connection upsert is built from the declaration: it prepares
    /// against the migrated schema and merges each declared column once.
    #[test]
    fn the_connection_upsert_merges_each_declared_column_once() {
        let conn = crate::store::scratch().unwrap();
        let sql = &upserts().connection;
        conn.prepare(sql).unwrap();
        for column in Connection::COLUMNS.iter().map(|(c, _)| *c).chain(TcpDetail::columns()) {
            assert_eq!(sql.matches(&format!(" {column} = CASE WHEN")).count(), 1, "{column} in {sql}");
        }
    }

    /// Adding a column to the connection record is one declaration (here:
    /// the declared columns and one more, `extra`, with its merge rule)
    /// plus its migration (here: the ALTER TABLE): the upsert built from
    /// them needs the migration, then writes and merges the new column like
    /// the others. A more detailed report (rank 1) wins where both have a
    /// value; a value it lacks is filled from the other report.
    #[test]
    fn a_column_is_one_declaration_plus_its_migration() {
        let conn = crate::store::scratch().unwrap();
        let declared: Vec<(&str, MergeRule)> =
            Connection::COLUMNS.iter().copied().chain([("extra", MergeRule::Fill)]).collect();
        let sql = upsert_sql("connection_rows", "connection_id", "conn_id", &declared, Merge::Ranked, true, &[]);
        let error = conn.prepare(&sql).expect_err("no migration, no column").to_string();
        assert!(error.contains("extra"), "{error}");
        conn.execute_batch("ALTER TABLE connection_rows ADD COLUMN extra TEXT").unwrap();
        // Connection rows alone, without the snapshot and capture they belong to.
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        let mut stmt = conn.prepare_cached(&sql).unwrap();
        let null: Option<String> = None;
        let mut texts = Texts::default();
        // snapshot, capture, line, rank, conn id, the declared columns (job, then NULLs, then extra), reports.
        let mut write = |rank: i64, job: &str, extra: Option<&str>| {
            let job = texts.resolve(&conn, Stored::Interned(job.into())).unwrap();
            let mut values: Vec<&dyn ToSql> = vec![&1, &1, &1, &rank, &"000000BB", &job];
            values.extend(std::iter::repeat_n(&null as &dyn ToSql, Connection::COLUMNS.len() - 1));
            values.push(&extra);
            values.push(&1);
            run_upsert(&mut stmt, &values).unwrap()
        };
        assert_eq!(write(3, "TTLSJOB", Some("from TTLS")), (1, true));
        assert_eq!(write(1, "ALLJOB", None), (1, false));
        let sql = "SELECT t.text, c.extra FROM connection_rows c JOIN texts t ON t.text_id = c.job_text_id";
        let (job, extra): (String, String) = conn.query_row(sql, [], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
        assert_eq!((job.as_str(), extra.as_str()), ("ALLJOB", "from TTLS"));
    }
}
