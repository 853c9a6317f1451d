//! Schema migrations, embedded in the binary and applied on open.

use rusqlite::Connection;

/// Schema migrations, oldest first. The position + 1 is the schema version
/// kept in `PRAGMA user_version`. Append only: never edit a shipped entry.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("../../migrations/0001_initial.sql")),
    ("0002_reference", include_str!("../../migrations/0002_reference.sql")),
    ("0003_graded_views", include_str!("../../migrations/0003_graded_views.sql")),
    ("0004_policy_sources", include_str!("../../migrations/0004_policy_sources.sql")),
    ("0005_rule_allows", include_str!("../../migrations/0005_rule_allows.sql")),
    ("0006_summaries", include_str!("../../migrations/0006_summaries.sql")),
    ("0007_trustworthy_numbers", include_str!("../../migrations/0007_trustworthy_numbers.sql")),
    ("0008_path_text", include_str!("../../migrations/0008_path_text.sql")),
    ("0009_observations", include_str!("../../migrations/0009_observations.sql")),
    ("0010_walked_files", include_str!("../../migrations/0010_walked_files.sql")),
    ("0011_ingest_roots", include_str!("../../migrations/0011_ingest_roots.sql")),
    ("0012_alerts", include_str!("../../migrations/0012_alerts.sql")),
    ("0013_quantum_column", include_str!("../../migrations/0013_quantum_column.sql")),
    ("0014_relative_run_keys", include_str!("../../migrations/0014_relative_run_keys.sql")),
    ("0015_pruned", include_str!("../../migrations/0015_pruned.sql")),
    ("0016_day_changes", include_str!("../../migrations/0016_day_changes.sql")),
    ("0017_links_at_insert", include_str!("../../migrations/0017_links_at_insert.sql")),
    ("0018_narrow_connections", include_str!("../../migrations/0018_narrow_connections.sql")),
    ("0019_service_view", include_str!("../../migrations/0019_service_view.sql")),
    ("0020_narrow_tls_sessions", include_str!("../../migrations/0020_narrow_tls_sessions.sql")),
    ("0021_report_indexes", include_str!("../../migrations/0021_report_indexes.sql")),
    ("0022_packed_tcp_detail", include_str!("../../migrations/0022_packed_tcp_detail.sql")),
    ("0023_report_peers_sessions", include_str!("../../migrations/0023_report_peers_sessions.sql")),
    ("0024_peer_order", include_str!("../../migrations/0024_peer_order.sql")),
    ("0025_clear_peers", include_str!("../../migrations/0025_clear_peers.sql")),
    ("0026_tcp_counters", include_str!("../../migrations/0026_tcp_counters.sql")),
    ("0027_negotiation_sets", include_str!("../../migrations/0027_negotiation_sets.sql")),
    ("0028_ttls_conn_detail", include_str!("../../migrations/0028_ttls_conn_detail.sql")),
    ("0029_connection_core", include_str!("../../migrations/0029_connection_core.sql")),
    ("0030_narrow_captures", include_str!("../../migrations/0030_narrow_captures.sql")),
    ("0031_unused_index", include_str!("../../migrations/0031_unused_index.sql")),
    ("0032_kept_sockets", include_str!("../../migrations/0032_kept_sockets.sql")),
    ("0033_ipv4_peers", include_str!("../../migrations/0033_ipv4_peers.sql")),
    ("0034_capacity_top_peer", include_str!("../../migrations/0034_capacity_top_peer.sql")),
    ("0035_no_listener", include_str!("../../migrations/0035_no_listener.sql")),
    ("0036_best_tls_state_of_the_day", include_str!("../../migrations/0036_best_tls_state_of_the_day.sql")),
    ("0037_ipv4_remote_evidence", include_str!("../../migrations/0037_ipv4_remote_evidence.sql")),
    ("0038_started_earlier_after_allconn", include_str!("../../migrations/0038_started_earlier_after_allconn.sql")),
    ("0039_continued_by_what_was_told", include_str!("../../migrations/0039_continued_by_what_was_told.sql")),
    ("0040_no_listener_before_peers", include_str!("../../migrations/0040_no_listener_before_peers.sql")),
    ("0045_listener_of_its_day_or_job", include_str!("../../migrations/0045_listener_of_its_day_or_job.sql")),
    ("0042_monitor_rows_linked_by_socket", include_str!("../../migrations/0042_monitor_rows_linked_by_socket.sql")),
    ("0049_regressions_of_told_snapshots", include_str!("../../migrations/0049_regressions_of_told_snapshots.sql")),
    ("0047_partial_policy_captures", include_str!("../../migrations/0047_partial_policy_captures.sql")),
    ("0050_pruned_heads", include_str!("../../migrations/0050_pruned_heads.sql")),
    ("0051_unknown_protocol_graded", include_str!("../../migrations/0051_unknown_protocol_graded.sql")),
    ("0060_cut_reports", include_str!("../../migrations/0060_cut_reports.sql")),
    ("0056_seen_before", include_str!("../../migrations/0056_seen_before.sql")),
    ("0057_group_disabled_is_clear", include_str!("../../migrations/0057_group_disabled_is_clear.sql")),
    ("0058_direction_and_counters", include_str!("../../migrations/0058_direction_and_counters.sql")),
    ("0062_policy_stubs", include_str!("../../migrations/0062_policy_stubs.sql")),
    ("0061_kept_ids_and_placed_failures", include_str!("../../migrations/0061_kept_ids_and_placed_failures.sql")),
    ("0064_continued_files", include_str!("../../migrations/0064_continued_files.sql")),
    ("0065_pruned_file_sizes", include_str!("../../migrations/0065_pruned_file_sizes.sql")),
    ("0067_key_share_named", include_str!("../../migrations/0067_key_share_named.sql")),
    ("0071_directions_by_strength", include_str!("../../migrations/0071_directions_by_strength.sql")),
    ("0069_pruned_head_dates", include_str!("../../migrations/0069_pruned_head_dates.sql")),
    ("0072_whole_lists_and_console_names", include_str!("../../migrations/0072_whole_lists_and_console_names.sql")),
    ("0070_weak_peers_covered", include_str!("../../migrations/0070_weak_peers_covered.sql")),
    ("0068_text_identities", include_str!("../../migrations/0068_text_identities.sql")),
    ("0075_negotiated_days", include_str!("../../migrations/0075_negotiated_days.sql")),
    ("0073_counter_digits", include_str!("../../migrations/0073_counter_digits.sql")),
    ("0078_closed_not_in_peak", include_str!("../../migrations/0078_closed_not_in_peak.sql")),
    (
        "0079_rule_key_shares_and_carried_rules",
        include_str!("../../migrations/0079_rule_key_shares_and_carried_rules.sql"),
    ),
    ("0084_session_indexes_impact_left", include_str!("../../migrations/0084_session_indexes_impact_left.sql")),
    ("0086_one_cipher_list_a_print", include_str!("../../migrations/0086_one_cipher_list_a_print.sql")),
    ("0083_pruned_unlisted", include_str!("../../migrations/0083_pruned_unlisted.sql")),
    ("0081_unshown_traffic", include_str!("../../migrations/0081_unshown_traffic.sql")),
    ("0082_policy_copies_not_news", include_str!("../../migrations/0082_policy_copies_not_news.sql")),
    ("0080_counters_read_across_days", include_str!("../../migrations/0080_counters_read_across_days.sql")),
    ("0087_direction_evidence_of_its_run", include_str!("../../migrations/0087_direction_evidence_of_its_run.sql")),
    ("0088_endpoint_directions", include_str!("../../migrations/0088_endpoint_directions.sql")),
    ("0090_passive_data_session", include_str!("../../migrations/0090_passive_data_session.sql")),
    (
        "0089_unshown_traffic_and_one_cipher_setting",
        include_str!("../../migrations/0089_unshown_traffic_and_one_cipher_setting.sql"),
    ),
    ("0091_releases", include_str!("../../migrations/0091_releases.sql")),
    ("0092_runs_in_file_order", include_str!("../../migrations/0092_runs_in_file_order.sql")),
    ("0094_unknown_grade_to_fix", include_str!("../../migrations/0094_unknown_grade_to_fix.sql")),
    ("0097_negotiations_and_key_shares", include_str!("../../migrations/0097_negotiations_and_key_shares.sql")),
    ("0100_wraps_and_days_covered", include_str!("../../migrations/0100_wraps_and_days_covered.sql")),
    ("0099_clear_by_policy", include_str!("../../migrations/0099_clear_by_policy.sql")),
    ("0101_reports_after_midnight", include_str!("../../migrations/0101_reports_after_midnight.sql")),
];

/// Migrations that rewrite every row of a table, with what the rows are and
/// how to count them (through `connections`, `tls_sessions` and `captures`,
/// tables before 0018, 0020 and 0030, views after: a count that works at any
/// version):
/// on a large database they take minutes, so an upgrade across them is said
/// before it starts.
const REWRITES: &[(&str, &str, &str)] = &[
    ("0018_narrow_connections", CONNECTION_ROWS, COUNT_CONNECTIONS),
    ("0020_narrow_tls_sessions", TLS_SESSIONS, COUNT_TLS_SESSIONS),
    ("0022_packed_tcp_detail", CONNECTION_ROWS, COUNT_CONNECTIONS),
    ("0022_packed_tcp_detail", TLS_SESSIONS, COUNT_TLS_SESSIONS),
    ("0026_tcp_counters", CONNECTION_ROWS, COUNT_CONNECTIONS),
    ("0030_narrow_captures", REPORTS, COUNT_REPORTS),
    ("0062_policy_stubs", REPORTS, COUNT_REPORTS),
];
const CONNECTION_ROWS: &str = "connection rows";
const TLS_SESSIONS: &str = "TLS sessions";
const COUNT_CONNECTIONS: &str = include_str!("../../sql/store/count-connections-to-rewrite.sql");
const COUNT_TLS_SESSIONS: &str = include_str!("../../sql/store/count-tls-sessions-to-rewrite.sql");
const REPORTS: &str = "netstat reports";
const COUNT_REPORTS: &str = include_str!("../../sql/store/count-reports-to-rewrite.sql");

/// An upgrade that rewrites rows: the versions, and (what, how many) of each
/// rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub from: i64,
    pub to: i64,
    pub rewrites: Vec<(&'static str, i64)>,
}

/// What opening the database at `path` for writing will rewrite, read
/// without writing: None when it is new, up to date, or has no rows to
/// rewrite. A database that cannot be read gives None too: the open that
/// follows says what is wrong with it.
pub fn upgrade_ahead(path: &std::path::Path) -> Option<Upgrade> {
    if !path.is_file() {
        return None;
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).ok()?;
    let from = current_version(&conn).ok()?;
    // 0: a new file, with no tables to rewrite.
    let pending = MIGRATIONS.get(usize::try_from(from).ok().filter(|&v| v > 0)?..)?;
    let mut rewrites: Vec<(&'static str, i64)> = Vec::new();
    for (name, _) in pending {
        for (_, what, count) in REWRITES.iter().filter(|(rewrite, _, _)| rewrite == name) {
            if rewrites.iter().any(|(said, _)| said == what) {
                continue;
            }
            let rows: i64 = conn.query_row(count, [], |row| row.get(0)).ok()?;
            if rows > 0 {
                rewrites.push((*what, rows));
            }
        }
    }
    (!rewrites.is_empty()).then_some(Upgrade { from, to: latest_version(), rewrites })
}

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version of an open database.
pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies every pending migration, each in its own transaction together
/// with the version bump, so a failure leaves the previous version intact.
/// Returns the name of the migration that failed, with its error.
pub fn migrate(conn: &mut Connection) -> Result<(), (&'static str, rusqlite::Error)> {
    let current = current_version(conn).map_err(|e| ("reading user_version", e))?;
    // A migration may build a table again (SQLite cannot drop a constraint):
    // with foreign keys on, dropping the old table would delete every row
    // that points to it. So, as SQLite prescribes, they are off while
    // migrations run (the pragma is a no-op inside a transaction) and each
    // migration must leave them intact before it commits.
    let enforced: bool =
        conn.pragma_query_value(None, "foreign_keys", |row| row.get(0)).map_err(|e| ("foreign_keys", e))?;
    conn.pragma_update(None, "foreign_keys", false).map_err(|e| ("foreign_keys", e))?;
    let mut outcome = Ok(());
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(usize::try_from(current).unwrap_or(0)) {
        let apply = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            let broken: i64 =
                tx.query_row(include_str!("../../sql/store/count-broken-foreign-keys.sql"), [], |row| row.get(0))?;
            if broken > 0 {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                    Some(format!("the migration would leave {broken} rows pointing to missing rows")),
                ));
            }
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()
        };
        if let Err(e) = apply(conn) {
            outcome = Err((*name, in_one_line(e)));
            break;
        }
    }
    conn.pragma_update(None, "foreign_keys", enforced).map_err(|e| ("foreign_keys", e))?;
    outcome
}

/// A statement that failed to prepare, said without the whole migration
/// (rusqlite's message quotes every line of it): SQLite's message and the
/// text where it stopped.
fn in_one_line(error: rusqlite::Error) -> rusqlite::Error {
    match error {
        rusqlite::Error::SqlInputError { error, msg, sql, offset } => {
            let at = sql.get(usize::try_from(offset).unwrap_or(0)..).unwrap_or_default();
            let near: String = at.lines().next().unwrap_or_default().trim().chars().take(60).collect();
            rusqlite::Error::SqliteFailure(error, Some(format!("{msg}, near `{near}`")))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_migrations_apply_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
        // Applying again is a no-op.
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
    }

    #[test]
    fn a_failed_migration_says_where_in_one_line() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a);").unwrap();
        let error = conn.execute_batch("-- a comment\nCREATE TABLE t (a);\nSELECT 1;").unwrap_err();
        let message = in_one_line(error).to_string();
        assert!(message.contains("table t already exists"), "{message}");
        assert!(!message.contains('\n') && !message.contains("a comment"), "{message}");
    }

    #[test]
    fn every_rewrite_names_a_migration() {
        for (name, _, _) in REWRITES {
            assert!(MIGRATIONS.iter().any(|(migration, _)| migration == name), "{name}");
        }
    }

    /// A database at the schema before `migration`, with the file,
    /// snapshot and ALL report (capture 1) of the published capture of SYSA.
    fn before(migration: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        let before = MIGRATIONS.iter().position(|(name, _)| *name == migration).unwrap();
        for (_, sql) in &MIGRATIONS[..before] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", before as i64).unwrap();
        conn.execute_batch(
            "INSERT INTO capture_files (file_id, path, sha256, size, system, capture_date, ingested_at)
                 VALUES (1, '/c/2022-05-31/SYSA/all.txt', 'ab', 10, 'SYSA', '2022-05-31', '2026-12-06T17:00:00Z');
             INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (1, 'SYSA', 'TCPIP', '2022-05-31', '.', '2022-05-31T16:40:39');
             INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count)
                 VALUES (1, 1, 1, 'ALL', 'msgid', 'V2R4', 'TCPIP', 'SYSA', '2022-05-31T16:40:39', '16:40:39', 1, 40, 2);",
        )
        .unwrap();
        conn
    }

    /// The rows of `sql`, typed as SQLite holds them.
    /// Applies the migrations after `conn`'s version up to `migration`, and
    /// not those after it (whose own work a test of `migration` would see).
    fn through(conn: &Connection, migration: &str) {
        let current = usize::try_from(current_version(conn).unwrap()).unwrap();
        let last = MIGRATIONS.iter().position(|(name, _)| *name == migration).unwrap();
        for (_, sql) in &MIGRATIONS[current..=last] {
            conn.execute_batch(sql).unwrap();
        }
    }

    /// A query of `view`'s rows in the columns it has now.
    fn columns_of(conn: &Connection, view: &str) -> String {
        let stmt = conn.prepare(&format!("SELECT * FROM {view}")).unwrap();
        let columns = stmt.column_names().collect::<Vec<_>>().join(", ");
        format!("SELECT {columns} FROM {view} ORDER BY connection_id")
    }

    fn rows(conn: &Connection, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        let rows = stmt.query_map([], |row| (0..columns).map(|i| row.get(i)).collect()).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    /// A database at schema 17 with connection and TLS session rows is
    /// rewritten by `0018_narrow_connections`, `0020_narrow_tls_sessions`,
    /// `0022_packed_tcp_detail` and `0026_tcp_counters` into `connection_rows`,
    /// `tls_session_rows` and `texts`, and reads back
    /// the same: `connections` and `tls_sessions` (tables before, views now)
    /// and `v_connections` give the same rows with the same types. The rows
    /// are the published ALL block (000000BB) with a TLS session, and an
    /// ALLCONN line (000000B1) that printed no TCP detail.
    #[test]
    fn narrow_rows_are_rewritten_to_read_back_the_same() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let mut conn = before("0018_narrow_connections");
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                     local_ip, local_port, remote_ip, remote_port, state, bytes_in, bytes_out, segments_in,
                     segments_out, started_at, last_touched, ttls_policy, ttls_rule, ttls_group_action,
                     ttls_env_action, rcv_nxt, snd_nxt, client_rcv_nxt, client_snd_nxt, init_rcv_seq_num,
                     init_snd_seq_num, congestion_window, slow_start_threshold, incoming_window_num,
                     outgoing_window_num, snd_wl1, snd_wl2, snd_wnd, max_snd_wnd, snd_una, rtt_seq,
                     maximum_segment_size, ds_field, smooth_trip_time, smooth_trip_variance, rexmt, rexmt_count,
                     dup_acks, rcv_wnd, sock_opt, tcp_timer, tcp_sig, tcp_sel, tcp_det, tcp_pol, tcp_prf, tcp_prf2,
                     tcp_prf3, delay_ack, qos_policy, routing_policy, receive_buffer_size, send_buffer_size,
                     receive_data_queued, send_data_queued, send_stalled, ancillary_input_queue, previous_id,
                     identity_id, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out)
                 VALUES (1, 1, 1, 2, 1, '000000BB', 'CSQ9CHIN', '10.1.1.2', 1414, '10.1.0.2', 51844, 'Establsh',
                     2248, 2076, 20, 14, '2022-05-31T16:31:54', '16:36:57', 1, 'REMOTE-TO-CSQ1',
                     'CSQ1-GROUP-ACTION', 'CSQ1-INBOUND-ENVIRONMENT-ACTION', 626077759, 3598815082, 626076574,
                     3598812426, 626074325, 3598810349, 18720, 65535, 626208746, 3598877418, 626077759, 3598815082,
                     62336, 64256, 3598815082, 3598814997, 1440, '00', 7.0, 19.0, 0, 0, 0, 130987, '88', '00', '04',
                     '40', 'E4', '00', '89', '20', '00', 1, 0, 0, 65536, 65536, 0, 0, 0, 'N/A', NULL, 1, 2248, 2076,
                     20, 14);
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                     local_ip, local_port, remote_ip, remote_port, state)
                 VALUES (2, 1, 1, 41, 2, '000000B1', 'CSQ9CHIN', '0.0.0.0', 1414, '0.0.0.0', 0, 'Listen');
             INSERT INTO tls_sessions (tls_session_id, snapshot_id, capture_id, source_line, conn_id, sec_level,
                     protocol, cipher_code, cipher_name, map_type, fips140, session_id, sid_reuse_requested, rule_name)
                 VALUES (1, 1, 1, 60, '000000BB', 'TLS Version 1.2', 'TLSv1.2', '003C',
                     'TLS_RSA_WITH_AES_128_CBC_SHA256', 'Primary', 0,
                     '01010018 0A3D0414 01BB0000 00000000 00000000 00000000 6B55BD20 00000001', 0, 'REMOTE-TO-CSQ1');
             INSERT INTO tls_sessions (tls_session_id, snapshot_id, capture_id, source_line, conn_id, session_id)
                 VALUES (2, 1, 1, 70, '000000B1', '01010018 0a3d0414'), (3, 1, 1, 80, '000000B2', '6B55BD20');",
        )
        .unwrap();
        // The columns of the view before: later migrations add some.
        let read = columns_of(&conn, "connections");
        let sessions = "SELECT * FROM tls_sessions ORDER BY tls_session_id";
        let public = "SELECT * FROM v_connections ORDER BY connection_id";
        let (facts, tls, mut view) = (rows(&conn, &read), rows(&conn, sessions), rows(&conn, public));
        assert_eq!((facts.len(), tls.len()), (2, 3));
        migrate(&mut conn).unwrap();
        assert_eq!(rows(&conn, &read), facts);
        assert_eq!(rows(&conn, sessions), tls);
        // This database holds no reference data, so TLSv1.2 and 003C are
        // not graded: since 0051 a negotiated session of a protocol the
        // catalog does not know is graded `unknown`, and one of TLS 1.2
        // whose suite it does not grade is quantum-vulnerable.
        let column = |name: &str| conn.prepare(public).unwrap().column_names().position(|c| c == name).unwrap();
        view[0][column("protocol_grade")] = Text("unknown".into());
        view[0][column("quantum_vulnerable")] = Integer(1);
        assert_eq!(rows(&conn, public), view);
        // Kept compactly: 16:31:54 is 59 514 s after midnight of 2022-05-31,
        // 19 143 days after 1970-01-01; ClientRcvNxt 626076574 is RcvNxt
        // 626077759 - 1185; the ALLCONN line printed no RcvNxt (NULL stays
        // NULL); CSQ9CHIN is one text for both rows.
        let compact = "SELECT started_s, last_touched_s, client_rcv_nxt_d, rtt_seq_d,
                job_text_id = (SELECT text_id FROM texts WHERE text = 'CSQ9CHIN')
            FROM connection_rows ORDER BY connection_id";
        assert_eq!(
            rows(&conn, compact),
            [
                vec![Integer(19_143 * 86_400 + 59_514), Integer(59_817), Integer(-1_185), Integer(-85), Integer(1)],
                vec![Null, Null, Null, Null, Integer(1)]
            ]
        );
        // The rule's name is one text for the connection and its session.
        let rule = "SELECT c.ttls_rule_text_id = t.rule_name_text_id
            FROM connection_rows c JOIN tls_session_rows t USING (snapshot_id, conn_id) WHERE t.tls_session_id = 1";
        assert_eq!(rows(&conn, rule), [[Integer(1)]]);
        // 0022 then 0026: the ALL block's seldom read TCP settings are one
        // array, in the order MaximumSegmentSize, DSField, SockOpt,
        // TcpTimer, TcpSig, TcpSel, TcpDet, TcpPol, TcpPrf, TcpPrf2,
        // TcpPrf3, DelayAck (Yes), QOSPolicy, RoutingPolicy (No), the
        // buffer sizes, Ancillary Input Queue; the counters (ReXmt,
        // ReXmtCount, DupACKs, the data queued 0, SendStalled No) are
        // columns; the ALLCONN line has none of them.
        let packed = "SELECT t.text, c.rexmt, c.rexmt_count, c.dup_acks, c.receive_data_queued, c.send_data_queued,
                c.send_stalled
            FROM connection_rows c LEFT JOIN texts t ON t.text_id = c.tcp_rare_text_id ORDER BY c.connection_id";
        let array = r#"[1440,"00","88","00","04","40","E4","00","89","20","00",1,0,0,65536,65536,"N/A"]"#;
        let mut published = vec![Text(array.into())];
        published.extend([Integer(0), Integer(0), Integer(0), Integer(0), Integer(0), Integer(0)]);
        assert_eq!(rows(&conn, packed), [published, vec![Null; 7]]);
        // A session id printed in groups of 8 upper-case hex digits is its
        // bytes (8 groups: 32; 1 group: 4); one with lower-case digits is
        // kept as printed.
        let ids = "SELECT typeof(session_id), length(session_id),
                CASE WHEN typeof(session_id) = 'blob' THEN hex(session_id) ELSE session_id END
            FROM tls_session_rows ORDER BY tls_session_id";
        let bytes =
            concat!("01010018", "0A3D0414", "01BB0000", "00000000", "00000000", "00000000", "6B55BD20", "00000001");
        assert_eq!(
            rows(&conn, ids),
            [
                vec![Text("blob".into()), Integer(32), Text(bytes.into())],
                vec![Text("text".into()), Integer(17), Text("01010018 0a3d0414".into())],
                vec![Text("blob".into()), Integer(4), Text("6B55BD20".into())],
            ]
        );
    }

    /// A database at schema 25, its TCP counters in the packed array of
    /// 0022, is rewritten by `0026_tcp_counters`: `connections` reads back
    /// the same rows with the same types, the counters are columns, and the
    /// array keeps the settings only. The rows: the published ALL block
    /// (000000BB: `ReXmt` 0000000000, `ReXmtCount` 0000000000, `DupACKs`
    /// 0000000000, `ReceiveDataQueued` and `SendDataQueued` 0000000000,
    /// `SendStalled` No), the same block with the counters of a busy
    /// connection (000000BC: `ReXmt` 0000000003, `ReXmtCount` 0000000002, `DupACKs`
    /// 0000000007, `ReceiveDataQueued` 0000000512, `SendStalled` Yes), and one
    /// that printed only counters (000000BD: `ReXmt` 0000000001).
    #[test]
    fn tcp_counters_leave_the_packed_array_and_read_back_the_same() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let mut conn = before("0026_tcp_counters");
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                     maximum_segment_size, ds_field, rexmt, rexmt_count, dup_acks, sock_opt, tcp_timer, tcp_sig,
                     tcp_sel, tcp_det, tcp_pol, tcp_prf, tcp_prf2, tcp_prf3, delay_ack, qos_policy, routing_policy,
                     receive_buffer_size, send_buffer_size, receive_data_queued, send_data_queued, send_stalled,
                     ancillary_input_queue)
                 VALUES (1, 1, 1, 2, 1, '000000BB', 'CSQ9CHIN', 1440, '00', 0, 0, 0, '88', '00', '04', '40', 'E4',
                         '00', '89', '20', '00', 1, 0, 0, 65536, 65536, 0, 0, 0, 'N/A'),
                        (2, 1, 1, 12, 1, '000000BC', 'CSQ9CHIN', 1440, '00', 3, 2, 7, '88', '00', '04', '40', 'E4',
                         '00', '89', '20', '00', 1, 0, 0, 65536, 65536, 512, 0, 1, 'N/A');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, rexmt)
                 VALUES (3, 1, 1, 22, 1, '000000BD', 1);",
        )
        .unwrap();
        // Before: three arrays, one per row (the counters differ).
        let arrays = "SELECT count(*) FROM texts WHERE text LIKE '[%'";
        assert_eq!(rows(&conn, arrays), [[Integer(3)]]);
        // The columns of the view before: later migrations add some.
        let read = columns_of(&conn, "connections");
        let facts = rows(&conn, &read);
        migrate(&mut conn).unwrap();
        assert_eq!(rows(&conn, &read), facts);
        let kept = "SELECT c.rexmt, c.rexmt_count, c.dup_acks, c.receive_data_queued, c.send_data_queued,
                c.send_stalled, t.text
            FROM connection_rows c LEFT JOIN texts t ON t.text_id = c.tcp_rare_text_id ORDER BY c.connection_id";
        let settings =
            Text(r#"[1440,"00","88","00","04","40","E4","00","89","20","00",1,0,0,65536,65536,"N/A"]"#.into());
        assert_eq!(
            rows(&conn, kept),
            [
                vec![Integer(0), Integer(0), Integer(0), Integer(0), Integer(0), Integer(0), settings.clone()],
                vec![Integer(3), Integer(2), Integer(7), Integer(512), Integer(0), Integer(1), settings],
                vec![Integer(1), Null, Null, Null, Null, Null, Null],
            ]
        );
        // After: the two rows share one array; the three old ones are gone.
        assert_eq!(rows(&conn, arrays), [[Integer(1)]]);
        // CSQ9CHIN and the array; and capture 1's dialect and release (0030).
        assert_eq!(rows(&conn, "SELECT count(*) FROM texts"), [[Integer(4)]]);
    }

    /// `0030_narrow_captures` keeps a report's repeated texts once: the rows
    /// of `captures` read back as they were inserted, the other tables'
    /// foreign keys name the new table, and the view still takes inserts.
    #[test]
    fn narrow_captures_read_back_the_same() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let mut conn = before("0030_narrow_captures");
        // Capture 1 (before's ALL report, printed at the snapshot's time);
        // 2: printed two seconds later; 3: no time in its header (the date
        // alone); 4: a stack and a time that are not the snapshot's, as only
        // a hand-made row has them.
        conn.execute_batch(
            "INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count)
                 VALUES (2, 1, 1, 'TTLS DETAIL', 'msgid', 'V2R4', 'TCPIP', 'SYSA', '2022-05-31T16:40:41', '16:40:41',
                         41, 60, 1),
                        (3, 1, 1, 'CONN/ALLCONN', 'plain', 'V2R5', 'TCPIP', 'SYSA', '2022-05-31', NULL, 61, 70, 3),
                        (4, 1, 1, 'ALL', 'msgid', 'V2R4', 'TCPIPX', 'SYSA', '2022-05-31T16:45:00', '16:40:39',
                         71, 80, 0);
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id)
                 VALUES (1, 1, 2, 45, 1, '000000BB');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let text = |t: &str| Text(t.to_string());
        let read = "SELECT * FROM captures ORDER BY capture_id";
        let (ttls, conn_kind, sysa, tcpip) = (text("TTLS DETAIL"), text("CONN/ALLCONN"), text("SYSA"), text("TCPIP"));
        assert_eq!(
            rows(&conn, read),
            [
                vec![
                    Integer(1),
                    Integer(1),
                    Integer(1),
                    text("ALL"),
                    text("msgid"),
                    text("V2R4"),
                    tcpip.clone(),
                    sysa.clone(),
                    text("2022-05-31T16:40:39"),
                    text("16:40:39"),
                    Integer(1),
                    Integer(40),
                    Integer(2),
                ],
                vec![
                    Integer(2),
                    Integer(1),
                    Integer(1),
                    ttls,
                    text("msgid"),
                    text("V2R4"),
                    tcpip.clone(),
                    sysa.clone(),
                    text("2022-05-31T16:40:41"),
                    text("16:40:41"),
                    Integer(41),
                    Integer(60),
                    Integer(1),
                ],
                vec![
                    Integer(3),
                    Integer(1),
                    Integer(1),
                    conn_kind,
                    text("plain"),
                    text("V2R5"),
                    tcpip,
                    sysa.clone(),
                    text("2022-05-31"),
                    Null,
                    Integer(61),
                    Integer(70),
                    Integer(3),
                ],
                vec![
                    Integer(4),
                    Integer(1),
                    Integer(1),
                    text("ALL"),
                    text("msgid"),
                    text("V2R4"),
                    text("TCPIPX"),
                    sysa,
                    text("2022-05-31T16:45:00"),
                    text("16:40:39"),
                    Integer(71),
                    Integer(80),
                    Integer(0),
                ],
            ]
        );
        // Kept: only what is not the snapshot's; the two dialects and two
        // releases once each.
        let kept = "SELECT stack, system, captured_at FROM capture_rows ORDER BY capture_id";
        assert_eq!(
            rows(&conn, kept),
            [
                vec![Null, Null, Null],
                vec![Null, Null, Null],
                vec![Null, Null, text("2022-05-31")],
                vec![text("TCPIPX"), Null, text("2022-05-31T16:45:00")],
            ]
        );
        assert_eq!(rows(&conn, "SELECT count(*) FROM texts"), [[Integer(4)]], "msgid, V2R4, plain, V2R5");
        let parents = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('connection_rows') ORDER BY 1";
        assert_eq!(rows(&conn, parents), [[text("capture_rows")], [text("snapshots")]]);
        // A connection of a report goes with the report's snapshot, as before.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count)
                 VALUES (5, 1, 1, 'ALLCONN', 'plain', 'V2R6', 'TCPIP', 'SYSA', '2022-05-31T16:41:00', '16:41:00',
                         81, 90, 4);",
        )
        .unwrap();
        let fifth = "SELECT report_kind, release, stack, captured_at FROM captures WHERE capture_id = 5";
        assert_eq!(rows(&conn, fifth), [[text("ALLCONN"), text("V2R6"), text("TCPIP"), text("2022-05-31T16:41:00")]]);
        conn.execute_batch("DELETE FROM snapshots WHERE snapshot_id = 1").unwrap();
        let left = "SELECT (SELECT count(*) FROM captures), (SELECT count(*) FROM connections)";
        assert_eq!(rows(&conn, left), [[Integer(0), Integer(0)]]);
    }

    /// 0035 (`no listener`) marks pending the days it can change: SYSA's
    /// days with listener evidence (446 on 05-31, 06-01 and 06-03) and a
    /// connection inbound to a port where nothing listened (1030 on 05-31)
    /// or of unknown direction (06-03). Not 06-01 (outbound, or inbound to
    /// the listener's 446: as they were), nor 06-02 (inbound to 1030, but no
    /// listener seen that day), nor SYSB's 05-31 (inbound to 1030 with no
    /// listener evidence of its own: SYSA's 446 is another stack's).
    #[test]
    fn no_listener_rebuilds_the_days_it_can_change() {
        use rusqlite::types::Value::Text;

        let conn = before("0035_no_listener");
        conn.execute_batch(
            "DELETE FROM summaries_pending;
             INSERT INTO service_evidence (system, stack, capture_date, evidence, port) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31', 'listener', 446), ('SYSA', 'TCPIP', '2022-06-01', 'listener', 446),
                 ('SYSA', 'TCPIP', '2022-06-03', 'listener', 446), ('SYSA', 'TCPIP', '2022-06-02', 'peers', 1414);
             INSERT INTO daily_services (capture_date, system, stack, endpoint, direction, service_port, job,
                                         connections, tls_sessions) VALUES
                 ('2022-05-31', 'SYSA', 'TCPIP', 'listener', 'inbound', 446, 'DB2PDIST', 1, 0),
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'inbound', 1030, 'DB2PDIST', 1, 0),
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'outbound', 50000, 'DB2PDIST', 1, 0),
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'inbound', 446, 'DB2PDIST', 1, 0),
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'inbound', 1030, 'DB2PDIST', 1, 0),
                 ('2022-06-03', 'SYSA', 'TCPIP', 'connection', 'unknown', NULL, 'BATCH1', 1, 0),
                 ('2022-05-31', 'SYSB', 'TCPIP', 'connection', 'inbound', 1030, 'DB2PDIST', 1, 0);",
        )
        .unwrap();
        // Through 0035 alone: 0087 reads the peers of 06-02 again.
        through(&conn, "0035_no_listener");
        let pending = "SELECT system, capture_date FROM summaries_pending ORDER BY 1, 2";
        let day = |system: &str, date: &str| vec![Text(system.into()), Text(date.into())];
        assert_eq!(rows(&conn, pending), [day("SYSA", "2022-05-31"), day("SYSA", "2022-06-03")]);
    }

    /// 0037 keeps `remote` evidence in the IPv4 form: SYSA's 05-31 held
    /// 10.8.0.5..50300 in both forms (kept once), 06-01 10.9.9.9..443 in
    /// the mapped form alone (rewritten). The day with a connection to a
    /// mapped address (05-31) is rebuilt; 06-01's connection printed
    /// `10.9.9.9`: its day is not.
    #[test]
    fn remote_evidence_is_kept_in_the_ipv4_form() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0037_ipv4_remote_evidence");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, state,
                                      local_port, remote_ip, remote_port) VALUES
                 (1, 1, 1, 2, 1, '000000D1', 'Establsh', 50201, '::ffff:10.8.0.5', 50300),
                 (2, 2, 1, 3, 1, '000000D2', 'Establsh', 50202, '10.9.9.9', 443);
             INSERT INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31', 'remote', 50300, '::ffff:10.8.0.5'),
                 ('SYSA', 'TCPIP', '2022-05-31', 'remote', 50300, '10.8.0.5'),
                 ('SYSA', 'TCPIP', '2022-06-01', 'remote', 443, '::FFFF:10.9.9.9');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0037_ipv4_remote_evidence");
        let evidence = "SELECT capture_date, port, remote_ip FROM service_evidence ORDER BY 1";
        assert_eq!(
            rows(&conn, evidence),
            [
                vec![Text("2022-05-31".into()), Integer(50300), Text("10.8.0.5".into())],
                vec![Text("2022-06-01".into()), Integer(443), Text("10.9.9.9".into())]
            ]
        );
        let pending = "SELECT system, capture_date FROM summaries_pending";
        assert_eq!(rows(&conn, pending), [[Text("SYSA".into()), Text("2022-05-31".into())]]);
    }

    /// 0039 rebuilds every day that follows another of its stack: SYSA's
    /// 06-01 and 06-02 follow 05-31 (two snapshots on 06-02, one day); 05-31
    /// and SYSB's only day follow none.
    #[test]
    fn days_that_follow_another_are_rebuilt_to_continue_by_what_was_told() {
        use rusqlite::types::Value::Text;

        let mut conn = before("0039_continued_by_what_was_told");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T08:00:00'),
                 (3, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T08:00:00'),
                 (4, 'SYSA', 'TCPIP', '2022-06-02', './12', '2022-06-02T12:00:00'),
                 (5, 'SYSB', 'TCPIP', '2022-06-01', '.', '2022-06-01T08:00:00');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let pending = "SELECT system, capture_date FROM summaries_pending ORDER BY 1, 2";
        let day = |system: &str, date: &str| vec![Text(system.into()), Text(date.into())];
        assert_eq!(rows(&conn, pending), [day("SYSA", "2022-06-01"), day("SYSA", "2022-06-02")]);
    }

    /// 0040 (`no listener` before `peers`) marks pending the days it can
    /// change: SYSA's 05-31 shows listeners (21) and holds a connection
    /// inbound to 20, which served two remote sockets and where nothing
    /// listened. Not 06-01 (inbound to 20 too, but it shows no listener),
    /// nor 06-02 (inbound to 1414, served by peers, where a listener was
    /// seen: `listener` decides it).
    #[test]
    fn no_listener_before_peers_rebuilds_the_days_it_can_change() {
        use rusqlite::types::Value::Text;

        let conn = before("0040_no_listener_before_peers");
        conn.execute_batch(
            "DELETE FROM summaries_pending;
             INSERT INTO service_evidence (system, stack, capture_date, evidence, port) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31', 'listener', 21), ('SYSA', 'TCPIP', '2022-05-31', 'listeners shown', 0),
                 ('SYSA', 'TCPIP', '2022-05-31', 'peers', 20), ('SYSA', 'TCPIP', '2022-06-01', 'peers', 20),
                 ('SYSA', 'TCPIP', '2022-06-02', 'listener', 1414), ('SYSA', 'TCPIP', '2022-06-02', 'peers', 1414),
                 ('SYSA', 'TCPIP', '2022-06-02', 'listeners shown', 0);
             INSERT INTO daily_services (capture_date, system, stack, endpoint, direction, service_port, job,
                                         connections, tls_sessions) VALUES
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'inbound', 20, 'FTPD12', 2, 0),
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'inbound', 21, 'FTPD1', 2, 0),
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'inbound', 20, 'FTPD12', 2, 0),
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'inbound', 1414, 'CSQ9CHIN', 2, 0);",
        )
        .unwrap();
        through(&conn, "0040_no_listener_before_peers");
        let pending = "SELECT system, capture_date FROM summaries_pending ORDER BY 1, 2";
        assert_eq!(rows(&conn, pending), [[Text("SYSA".into()), Text("2022-05-31".into())]]);
    }

    /// 0045 keeps each listener's job, read from its connection row: FTPD14
    /// on 1035 and MQSRV on 1414 on 05-31, FTPD1 on 21 on 06-01. It marks
    /// pending 06-01, where DB2PDIST's connection was inbound to 1035 by
    /// FTPD14's listener of another day; not 06-02, where MQSRV's was
    /// inbound to 1414 by its own job's listener.
    #[test]
    fn a_listener_keeps_its_job_and_the_days_of_other_jobs_ports_are_rebuilt() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0045_listener_of_its_day_or_job");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                                      state, local_ip, local_port, remote_ip, remote_port) VALUES
                 (1, 1, 1, 2, 1, '0000A011', 'FTPD14', 'Listen', '0.0.0.0', 1035, '0.0.0.0', 0),
                 (2, 1, 1, 3, 1, '0000A012', 'MQSRV', 'Listen', '0.0.0.0', 1414, '0.0.0.0', 0),
                 (3, 2, 1, 4, 1, '00000021', 'FTPD1', 'Listen', '0.0.0.0', 21, '0.0.0.0', 0),
                 (4, 2, 1, 5, 1, '0000B001', 'DB2PDIST', 'Establsh', '10.1.1.2', 1035, '10.5.5.5', 50000);
             INSERT INTO service_evidence (system, stack, capture_date, evidence, port) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31', 'listener', 1035), ('SYSA', 'TCPIP', '2022-05-31', 'listener', 1414),
                 ('SYSA', 'TCPIP', '2022-06-01', 'listener', 21);
             INSERT INTO daily_services (capture_date, system, stack, endpoint, direction, service_port, job,
                                         connections, tls_sessions) VALUES
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'inbound', 1035, 'DB2PDIST', 1, 0),
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'inbound', 1414, 'MQSRV', 1, 0);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0045_listener_of_its_day_or_job");
        let listeners =
            "SELECT capture_date, port, job FROM service_evidence WHERE evidence = 'listener' ORDER BY 1, 2";
        let listener = |date: &str, port: i64, job: &str| vec![Text(date.into()), Integer(port), Text(job.into())];
        assert_eq!(
            rows(&conn, listeners),
            [
                listener("2022-05-31", 1035, "FTPD14"),
                listener("2022-05-31", 1414, "MQSRV"),
                listener("2022-06-01", 21, "FTPD1")
            ]
        );
        let pending = "SELECT system, capture_date FROM summaries_pending";
        assert_eq!(rows(&conn, pending), [[Text("SYSA".into()), Text("2022-06-01".into())]]);
    }

    /// 0047 adds `partial` to `snapshot_policies` and marks pending the days
    /// whose snapshots have a policy and no report of the whole of it: not
    /// 05-31 (TTLS DETAIL), but 06-01 (TTLS GROUP alone, which lists group
    /// actions and no rule).
    #[test]
    fn the_days_of_policies_printed_in_part_are_rebuilt() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0047_partial_policy_captures");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count) VALUES
                 (2, 1, 1, 'TTLS DETAIL', 'plain', 'V2R4', 'TCPIP', 'SYSA', '2022-05-31T16:40:39', '16:40:39', 41, 80, 1),
                 (3, 1, 2, 'TTLS GROUP', 'plain', 'V2R4', 'TCPIP', 'SYSA', '2022-06-01T16:40:39', '16:40:39', 1, 5, 1);
             INSERT INTO snapshot_policies (snapshot_id, fingerprint) VALUES (1, 'aa'), (2, 'bb');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0047_partial_policy_captures");
        let partial = "SELECT snapshot_id, partial FROM snapshot_policies ORDER BY 1";
        assert_eq!(rows(&conn, partial), [[Integer(1), Integer(0)], [Integer(2), Integer(0)]]);
        let pending = "SELECT system, capture_date FROM summaries_pending";
        assert_eq!(rows(&conn, pending), [[Text("SYSA".into()), Text("2022-06-01".into())]]);
    }

    /// 0042 links again whole the stacks with a row whose conn id was made
    /// up (BYTEINFO's monitor layout): SYSA's TCPIP holds one; TCPIPB's
    /// rows were all printed with conn ids, so its links stand.
    #[test]
    fn stacks_with_monitor_rows_are_linked_again() {
        use rusqlite::types::Value::Text;

        let conn = before("0042_monitor_rows_linked_by_socket");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIPB', '2022-05-31', '.', '2022-05-31T16:40:39');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, state,
                                      local_port, remote_ip, remote_port) VALUES
                 (1, 1, 1, 5, 4, '-CICSPRD1-443-10.30.5.22..60845', 'Establsh', 443, '10.30.5.22', 60845),
                 (2, 2, 1, 9, 1, '0000A001', 'Establsh', 443, '10.30.5.22', 60845);
             INSERT INTO connection_links (system, stack, linked_through) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31T16:40:39'), ('SYSA', 'TCPIPB', '2022-05-31T16:40:39');",
        )
        .unwrap();
        through(&conn, "0042_monitor_rows_linked_by_socket");
        assert_eq!(rows(&conn, "SELECT stack FROM connection_links"), [[Text("TCPIPB".into())]]);
    }

    /// 0049 rebuilds the days whose regressions can change: SYSA's 06-02 (two
    /// snapshots: a step may have passed through one that told nothing) and
    /// SYSB's 06-01 (its endpoint's last state told nothing); not SYSA's
    /// 05-31 (one snapshot, no endpoint day) nor SYSB's 06-02 (one snapshot,
    /// its endpoint's states told).
    #[test]
    fn days_whose_steps_passed_through_a_snapshot_that_told_nothing_are_rebuilt() {
        use rusqlite::types::Value::Text;

        let conn = before("0049_regressions_of_told_snapshots");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T08:00:00'),
                 (3, 'SYSA', 'TCPIP', '2022-06-02', './12', '2022-06-02T12:00:00'),
                 (4, 'SYSB', 'TCPIP', '2022-06-01', '.', '2022-06-01T08:00:00'),
                 (5, 'SYSB', 'TCPIP', '2022-06-02', '.', '2022-06-02T08:00:00');
             INSERT INTO endpoint_days (system, stack, job, service_port, remote_ip, capture_date,
                     first_at, first_protected, last_at, last_protected) VALUES
                 ('SYSB', 'TCPIP', 'CICSPRD1', 443, '10.30.5.22', '2022-06-01',
                  '2022-06-01T08:00:00', 1, '2022-06-01T08:00:00', NULL),
                 ('SYSB', 'TCPIP', 'CICSPRD1', 443, '10.30.5.22', '2022-06-02',
                  '2022-06-02T08:00:00', 1, '2022-06-02T08:00:00', 0);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0049_regressions_of_told_snapshots");
        let pending = "SELECT system, capture_date FROM summaries_pending ORDER BY 1, 2";
        let day = |system: &str, date: &str| vec![Text(system.into()), Text(date.into())];
        assert_eq!(rows(&conn, pending), [day("SYSA", "2022-06-02"), day("SYSB", "2022-06-01")]);
    }

    /// 0051 grades `unknown` what the reports of a negotiated session could
    /// not tell: it marks pending 05-31, whose session printed `TLS Version
    /// 1.4` (no protocol), and 06-01, whose `Cipher` could not be read; not
    /// 06-02 (TLSv1.2 with C02F), nor 06-03, whose entry printed no
    /// `SecLevel` (`policy_only`: no session to grade).
    #[test]
    fn sessions_of_an_unknown_protocol_or_cipher_rebuild_their_days() {
        use rusqlite::types::Value::Text;

        let conn = before("0051_unknown_protocol_graded");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (3, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T16:40:39'),
                 (4, 'SYSA', 'TCPIP', '2022-06-03', '.', '2022-06-03T16:40:39');
             INSERT INTO tls_sessions (tls_session_id, snapshot_id, capture_id, source_line, conn_id, sec_level,
                                       protocol, cipher_code) VALUES
                 (1, 1, 1, 5, '0000B004', 'TLS Version 1.4', NULL, 'C02F'),
                 (2, 2, 1, 5, '0000B002', 'TLS Version 1.2', 'TLSv1.2', NULL),
                 (3, 3, 1, 5, '0000B001', 'TLS Version 1.2', 'TLSv1.2', 'C02F'),
                 (4, 4, 1, 5, '0000B005', NULL, NULL, NULL);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0051_unknown_protocol_graded");
        let pending = "SELECT capture_date FROM summaries_pending ORDER BY 1";
        assert_eq!(rows(&conn, pending), [[Text("2022-05-31".into())], [Text("2022-06-01".into())]]);
    }

    /// 0056 keeps the answers of the summarized rows until they are rebuilt
    /// (`seen_before` is `continued_from`: SYSA's 06-01 row continued from
    /// 05-31) and rebuilds every day that follows another of its stack:
    /// SYSA's 06-01, not 05-31, which follows none.
    #[test]
    fn rows_are_seen_before_as_they_continued_until_their_days_are_rebuilt() {
        use rusqlite::types::Value::{Null, Text};

        let conn = before("0056_seen_before");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO daily_services (capture_date, system, stack, endpoint, tls_state, continued_from,
                                         connections, tls_sessions) VALUES
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'unknown', NULL, 1, 0),
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'negotiated', '2022-05-31', 1, 1);
             INSERT INTO daily_endpoints (capture_date, system, stack, endpoint, tls_state, continued_from, weak,
                                          connections, tls_sessions, snapshots, first_seen, last_seen) VALUES
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'negotiated', '2022-05-31', 0, 1, 1, 1,
                  '2022-06-01T16:40:39', '2022-06-01T16:40:39');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0056_seen_before");
        let seen = "SELECT capture_date, seen_before FROM daily_services ORDER BY 1";
        assert_eq!(
            rows(&conn, seen),
            [vec![Text("2022-05-31".into()), Null], vec![Text("2022-06-01".into()), Text("2022-05-31".into())]]
        );
        let seen = "SELECT seen_before FROM daily_endpoints";
        assert_eq!(rows(&conn, seen), [[Text("2022-05-31".into())]]);
        let pending = "SELECT capture_date FROM summaries_pending";
        assert_eq!(rows(&conn, pending), [[Text("2022-06-01".into())]]);
    }

    /// 0058 links again whole the stacks where one conn id and start fall
    /// under two connections: SYSA's TCPIP, whose 0000A001 (started
    /// 2022-05-31 07:00) was split when its counters fell; not TCPIPB, whose
    /// 0000A001 printed another start when it came back (a reused conn id).
    /// It rebuilds the days with counters printed without a start: TCPIPB's
    /// 06-01 (a monitor row), not its 05-31 nor TCPIP's days.
    #[test]
    fn stacks_that_split_a_connection_are_linked_again_and_days_of_unknown_starts_rebuilt() {
        use rusqlite::types::Value::Text;

        let conn = before("0058_direction_and_counters");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (3, 'SYSA', 'TCPIPB', '2022-05-31', '.', '2022-05-31T16:40:39'),
                 (4, 'SYSA', 'TCPIPB', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, state,
                                      local_port, remote_ip, remote_port, bytes_in, started_at, identity_id) VALUES
                 (1, 1, 1, 5, 1, '0000A001', 'Establsh', 21, '10.9.9.9', 50001, 4294000000,
                  '2022-05-31T07:00:00', 1),
                 (2, 2, 1, 5, 1, '0000A001', 'Establsh', 21, '10.9.9.9', 50001, 1000000,
                  '2022-05-31T07:00:00', 2),
                 (3, 3, 1, 5, 1, '0000A001', 'Establsh', 21, '10.9.9.9', 50001, 5000,
                  '2022-05-31T07:00:00', 3),
                 (4, 4, 1, 5, 1, '0000A001', 'Establsh', 21, '10.9.9.8', 50002, 300,
                  '2022-06-01T07:00:00', 4),
                 (5, 4, 1, 9, 4, '-CICSPRD1-443-10.30.5.22..60845', 'Establsh', 443, '10.30.5.22', 60845, 2000,
                  NULL, 5);
             INSERT INTO connection_links (system, stack, linked_through) VALUES
                 ('SYSA', 'TCPIP', '2022-06-01T16:40:39'), ('SYSA', 'TCPIPB', '2022-06-01T16:40:39');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0058_direction_and_counters");
        assert_eq!(rows(&conn, "SELECT stack FROM connection_links"), [[Text("TCPIPB".into())]]);
        assert_eq!(
            rows(&conn, "SELECT stack, capture_date FROM summaries_pending"),
            [[Text("TCPIPB".into()), Text("2022-06-01".into())]]
        );
    }

    /// 0058 rebuilds the days with a connection inbound on a port from 1024
    /// up where only another job listened that day: 06-01's DB2PDIST on
    /// 1035 (FTPD14's listener, maybe of another run); not 06-02's MQSRV on
    /// 1414 (its own job listens there) nor 06-03's FTPD15 on 21 (below
    /// 1024: another job's listener that day still counts).
    #[test]
    fn days_served_by_another_job_s_listener_from_port_1024_up_are_rebuilt() {
        use rusqlite::types::Value::Text;

        let conn = before("0058_direction_and_counters");
        conn.execute_batch(
            "INSERT INTO service_evidence (system, stack, capture_date, evidence, port, job) VALUES
                 ('SYSA', 'TCPIP', '2022-06-01', 'listener', 1035, 'FTPD14'),
                 ('SYSA', 'TCPIP', '2022-06-02', 'listener', 1414, 'MQSRV'),
                 ('SYSA', 'TCPIP', '2022-06-02', 'listener', 1414, 'CSQ1CHIN'),
                 ('SYSA', 'TCPIP', '2022-06-03', 'listener', 21, 'FTPD1');
             INSERT INTO daily_services (capture_date, system, stack, endpoint, direction, service_port, job,
                                         connections, tls_sessions) VALUES
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'inbound', 1035, 'DB2PDIST', 1, 0),
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'inbound', 1414, 'MQSRV', 1, 0),
                 ('2022-06-03', 'SYSA', 'TCPIP', 'connection', 'inbound', 21, 'FTPD15', 1, 0);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0058_direction_and_counters");
        let pending = "SELECT system, capture_date FROM summaries_pending";
        assert_eq!(rows(&conn, pending), [[Text("SYSA".into()), Text("2022-06-01".into())]]);
    }

    /// 0058 reads each connection's strongest evidence of direction per day
    /// into `connection_directions` and rebuilds the days with a row that
    /// takes another day's: DB2PDIST's 0000D001 (identity 1) is outbound to
    /// 50000 on 05-31 (`no listener`: the day shows DB2ADIST's listener on
    /// 446, none on 1030) and inbound to 1030 by the port numbers on 06-01,
    /// printed by a TTLS report alone: 06-01 is rebuilt, 05-31 is not.
    #[test]
    fn connections_leave_their_direction_and_days_that_take_another_are_rebuilt() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0058_direction_and_counters");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count)
                 VALUES (2, 1, 2, 'TTLS', 'msgid', 'V2R4', 'TCPIP', 'SYSA', '2022-06-01T16:40:39', '16:40:39', 1, 9, 1);
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                                      state, local_ip, local_port, remote_ip, remote_port, identity_id) VALUES
                 (1, 1, 1, 5, 2, '0000D001', 'DB2PDIST', 'Establsh', '10.1.1.2', 1030, '10.5.5.5', 50000, 1),
                 (2, 1, 1, 6, 2, '00000030', 'DB2ADIST', 'Listen', '0.0.0.0', 446, '0.0.0.0', 0, 2),
                 (3, 2, 2, 1, 3, '0000D001', 'DB2PDIST', 'Establsh', '10.1.1.2', 1030, '10.5.5.5', 50000, 1);
             INSERT INTO service_evidence (system, stack, capture_date, evidence, port, job) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31', 'listener', 446, 'DB2ADIST'),
                 ('SYSA', 'TCPIP', '2022-05-31', 'listeners shown', 0, '');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0058_direction_and_counters");
        let entry = |date: &str, rank: i64, direction: &str| {
            vec![Integer(1), Text(date.into()), Integer(rank), Text(direction.into())]
        };
        assert_eq!(
            rows(&conn, "SELECT identity_id, capture_date, rank, direction FROM connection_directions ORDER BY 2"),
            [entry("2022-05-31", 5, "outbound"), entry("2022-06-01", 8, "inbound")]
        );
        assert_eq!(rows(&conn, "SELECT capture_date FROM summaries_pending"), [[Text("2022-06-01".into())]]);
        assert_eq!(
            rows(&conn, "SELECT direction, direction_evidence FROM v_connections WHERE connection_id = 3"),
            [[Text("outbound".into()), Text("same connection".into())]]
        );
    }

    /// 0057 calls cleartext a connection whose own group action prints
    /// `TTLSEnabled: Off`: it marks pending 05-31, whose 0000C001 maps to
    /// CICS-GRP-OFF (Off) with no session; not 06-01, whose group is On,
    /// nor 06-02, whose connection under an Off group negotiated TLSv1.2.
    #[test]
    fn connections_of_a_disabled_group_rebuild_their_days() {
        use rusqlite::types::Value::Text;

        let conn = before("0057_group_disabled_is_clear");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (3, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T16:40:39');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                      state, ttls_policy, ttls_group_action) VALUES
                 (1, 1, 1, 3, 1, '0000C001', 'Establsh', 1, 'CICS-GRP-OFF'),
                 (2, 2, 1, 3, 1, '0000C002', 'Establsh', 1, 'CICS-GRP'),
                 (3, 3, 1, 3, 1, '0000C003', 'Establsh', 1, 'CICS-GRP-OFF');
             INSERT INTO group_actions (snapshot_id, capture_id, source_line, name, ttls_enabled) VALUES
                 (1, 1, 20, 'CICS-GRP-OFF', 0), (2, 1, 20, 'CICS-GRP', 1), (3, 1, 20, 'CICS-GRP-OFF', 0);
             INSERT INTO tls_sessions (tls_session_id, snapshot_id, capture_id, source_line, conn_id, sec_level,
                                       protocol, cipher_code) VALUES
                 (1, 3, 1, 5, '0000C003', 'TLS Version 1.2', 'TLSv1.2', 'C02F');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0057_group_disabled_is_clear");
        let pending = "SELECT capture_date FROM summaries_pending ORDER BY 1";
        assert_eq!(rows(&conn, pending), [[Text("2022-05-31".into())]]);
        let states = "SELECT conn_id, tls_state FROM v_connections ORDER BY 1";
        let state = |id: &str, state: &str| vec![Text(id.into()), Text(state.into())];
        assert_eq!(
            rows(&conn, states),
            [state("0000C001", "clear"), state("0000C002", "not_captured"), state("0000C003", "negotiated")]
        );
    }

    /// 0062 keeps every report as it was (the view `captures` reads them
    /// through the new table, the foreign keys still hold), marks no
    /// snapshot a stub, and lets a report be no file's (a stub's): its rules
    /// stay when the file goes.
    #[test]
    fn reports_are_kept_and_a_report_may_be_no_file_s() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let conn = before("0062_policy_stubs");
        conn.execute_batch(
            "INSERT INTO rules (rule_id, snapshot_id, capture_id, source_line, name) VALUES (1, 1, 1, 30, 'R1');",
        )
        .unwrap();
        // As migrate() runs it: dropping the old table deletes no row.
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        through(&conn, "0062_policy_stubs");
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let report = "SELECT capture_id, file_id, snapshot_id, report_kind, release, captured_at FROM captures";
        let row = |file: rusqlite::types::Value| {
            vec![
                Integer(1),
                file,
                Integer(1),
                Text("ALL".into()),
                Text("V2R4".into()),
                Text("2022-05-31T16:40:39".into()),
            ]
        };
        assert_eq!(rows(&conn, report), [row(Integer(1))]);
        assert_eq!(rows(&conn, "SELECT pruned FROM snapshots"), [[Integer(0)]]);
        assert_eq!(rows(&conn, "SELECT count(*) FROM pragma_foreign_key_check"), [[Integer(0)]]);
        conn.execute_batch(
            "UPDATE capture_rows SET file_id = NULL; UPDATE snapshots SET pruned = 1; DELETE FROM capture_files;",
        )
        .unwrap();
        assert_eq!(rows(&conn, report), [row(Null)]);
        assert_eq!(rows(&conn, "SELECT name FROM rules"), [[Text("R1".into())]]);
    }

    /// 0061 keeps, for a database pruned before it, the highest connection id
    /// the links kept of pruned rows name: here 0000C001's identity, 7 (its
    /// first row, pruned), above the kept rows (1 and 2) and the other
    /// heads; a database never pruned keeps none (SQLite's largest id + 1).
    #[test]
    fn a_pruned_database_keeps_the_highest_id_its_links_name() {
        use rusqlite::types::Value::Integer;

        let conn = before("0061_kept_ids_and_placed_failures");
        through(&conn, "0061_kept_ids_and_placed_failures");
        assert!(rows(&conn, "SELECT * FROM kept_connection_ids").is_empty());
        let conn = before("0061_kept_ids_and_placed_failures");
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                      previous_id, identity_id) VALUES
                 (1, 1, 1, 3, 1, '0000B001', 5, 3), (2, 1, 1, 9, 1, '0000C001', 6, 7);
             INSERT INTO pruned_heads (system, stack, conn_id, connection_id, identity_id, captured_at) VALUES
                 ('SYSA', 'TCPIP', '0000B001', 5, 3, '2022-05-30T16:40:39'),
                 ('SYSA', 'TCPIP', '0000C001', 6, 7, '2022-05-30T16:40:39');
             INSERT INTO connection_heads (system, stack, conn_id, connection_id, identity_id, captured_at) VALUES
                 ('SYSA', 'TCPIP', '0000B001', 1, 3, '2022-05-31T16:40:39'),
                 ('SYSA', 'TCPIP', '0000C001', 2, 7, '2022-05-31T16:40:39');",
        )
        .unwrap();
        through(&conn, "0061_kept_ids_and_placed_failures");
        assert_eq!(rows(&conn, "SELECT one, highest FROM kept_connection_ids"), [[Integer(1), Integer(7)]]);
    }

    /// 0061 names a cipher suite whose code alone was printed from the
    /// catalog: 2022-05-31's session of 0000C001 printed `0035` alone, so
    /// `v_connections` names `TLS_RSA_WITH_AES_256_CBC_SHA` and the day is
    /// rebuilt; the summaries of pruned 2022-05-30 (no facts left) take the
    /// name in place.
    #[test]
    fn a_cipher_suite_printed_by_its_code_alone_is_named_from_the_catalog() {
        use rusqlite::types::Value::Text;

        let conn = before("0061_kept_ids_and_placed_failures");
        // The catalog an open for writing fills, as a database of an earlier version has it.
        let tx = conn.unchecked_transaction().unwrap();
        crate::store::reference::seed_reference(&tx).unwrap();
        tx.commit().unwrap();
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, state,
                                      ttls_policy) VALUES (1, 1, 1, 3, 1, '0000C001', 'Establsh', 1);
             INSERT INTO tls_sessions (tls_session_id, snapshot_id, capture_id, source_line, conn_id, sec_level,
                                       protocol, cipher_code) VALUES
                 (1, 1, 1, 20, '0000C001', 'TLS Version 1.2', 'TLSv1.2', '0035');
             INSERT INTO pruned_days (system, stack, capture_date, pruned_at)
                 VALUES ('SYSA', 'TCPIP', '2022-05-30', '2026-12-06T17:00:00Z');
             INSERT INTO daily_services (capture_date, system, stack, endpoint, cipher_code, connections, tls_sessions)
                 VALUES ('2022-05-30', 'SYSA', 'TCPIP', 'connection', '0035', 1, 1);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0061_kept_ids_and_placed_failures");
        let name = Text("TLS_RSA_WITH_AES_256_CBC_SHA".into());
        assert_eq!(rows(&conn, "SELECT cipher_name FROM v_connections"), [[name.clone()]]);
        assert_eq!(rows(&conn, "SELECT capture_date FROM summaries_pending"), [[Text("2022-05-31".into())]]);
        assert_eq!(rows(&conn, "SELECT cipher_name FROM daily_services"), [[name]]);
    }

    /// 0071 keys `connection_directions` by connection, rank and date, and
    /// the view takes the first entry in that order: the same entry the
    /// least of the joined texts was. DB2PDIST's 0000D001 (identity 1) left
    /// rank 8 inbound on 05-29, rank 5 outbound on 05-30 and rank 5 inbound
    /// on 05-31: the strongest is rank 5, of those the earliest, 05-30's
    /// outbound, which its 05-31 row (its own evidence the port numbers,
    /// 1030 to 50000: inbound, rank 8) takes before and after.
    #[test]
    fn a_connections_strongest_entry_is_the_first_by_rank_then_date() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0071_directions_by_strength");
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                                      state, local_ip, local_port, remote_ip, remote_port, identity_id) VALUES
                 (1, 1, 1, 5, 2, '0000D001', 'DB2PDIST', 'Establsh', '10.1.1.2', 1030, '10.5.5.5', 50000, 1);
             INSERT INTO connection_directions (identity_id, capture_date, system, stack, rank, direction) VALUES
                 (1, '2022-05-31', 'SYSA', 'TCPIP', 5, 'inbound'),
                 (1, '2022-05-29', 'SYSA', 'TCPIP', 8, 'inbound'),
                 (1, '2022-05-30', 'SYSA', 'TCPIP', 5, 'outbound');",
        )
        .unwrap();
        let read = "SELECT direction, direction_evidence, carried_rank, carried_from FROM v_connection_core";
        let taken = [Text("outbound".into()), Text("same connection".into()), Integer(5), Text("2022-05-30".into())];
        assert_eq!(rows(&conn, read), std::slice::from_ref(&taken));
        through(&conn, "0071_directions_by_strength");
        assert_eq!(rows(&conn, read), [taken]);
        assert_eq!(
            rows(&conn, "SELECT capture_date, rank FROM connection_directions ORDER BY 1"),
            [
                [Text("2022-05-29".into()), Integer(8)],
                [Text("2022-05-30".into()), Integer(5)],
                [Text("2022-05-31".into()), Integer(5)]
            ]
        );
    }

    /// 0067: a TLSv1.3 session that printed `KeyShare: 0029` alone: before,
    /// `v_connections.key_share_name` is empty; after, the catalog's `X25519`.
    #[test]
    fn a_key_share_group_printed_by_its_code_alone_is_named_from_the_catalog() {
        use rusqlite::types::Value::{Null, Text};

        let conn = before("0067_key_share_named");
        let tx = conn.unchecked_transaction().unwrap();
        crate::store::reference::seed_reference(&tx).unwrap();
        tx.commit().unwrap();
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, state,
                                      ttls_policy) VALUES (1, 1, 1, 3, 1, '0000C001', 'Establsh', 1);
             INSERT INTO tls_sessions (tls_session_id, snapshot_id, capture_id, source_line, conn_id, sec_level,
                                       protocol, cipher_code, key_share_code) VALUES
                 (1, 1, 1, 20, '0000C001', 'TLS Version 1.3', 'TLSv1.3', '1301', '0029');",
        )
        .unwrap();
        assert_eq!(rows(&conn, "SELECT key_share_name FROM v_connections"), [[Null]]);
        through(&conn, "0067_key_share_named");
        assert_eq!(rows(&conn, "SELECT key_share_name FROM v_connections"), [[Text("X25519".into())]]);
    }

    /// 0069: two heads a prune kept before, of connections last seen on 30
    /// May: 0000C001's at 08:00 that day, 0000C002's at 00:00:03 on 31 May
    /// (a run filed under 30 May that printed its time after midnight).
    /// Both take 30 May, the day they were seen; and the row of 31 May that
    /// continues 0000C001's pruned head (id 7) is dated after it. A day
    /// pruned before keeps no rules for quantum (NULL).
    #[test]
    fn the_heads_a_prune_kept_take_the_date_their_connection_was_last_seen() {
        use rusqlite::types::Value::Text;

        let conn = before("0069_pruned_head_dates");
        conn.execute_batch(
            "INSERT INTO pruned_heads (system, stack, conn_id, connection_id, identity_id, captured_at, seen) VALUES
                 ('SYSA', 'TCPIP', '0000C001', 7, 5, '2022-05-30T08:00:01', '2022-05-30'),
                 ('SYSA', 'TCPIP', '0000C002', 8, 6, '2022-05-31T00:00:03', '2022-05-30');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, state,
                                      previous_id, identity_id) VALUES (9, 1, 1, 3, 1, '0000C001', 'Establsh', 7, 5);
             INSERT INTO pruned_days (system, stack, capture_date, pruned_at)
                 VALUES ('SYSA', 'TCPIP', '2022-05-30', '2026-12-07T14:00:00Z');",
        )
        .unwrap();
        through(&conn, "0069_pruned_head_dates");
        let day = || Text("2022-05-30".into());
        assert_eq!(rows(&conn, "SELECT head_date FROM pruned_heads ORDER BY conn_id"), [[day()], [day()]]);
        assert_eq!(rows(&conn, "SELECT previous_date FROM v_connections"), [[day()]]);
        // The rules quantum named of a day pruned before: not known.
        assert_eq!(rows(&conn, "SELECT quantum_rules FROM pruned_days"), [[rusqlite::types::Value::Null]]);
    }

    /// 0072: on 05-31 a whole TTLS DETAIL list (`Whole list`) leaves out
    /// 0000C001 (`TTLSPolicy: Yes`), and ALL alone printed 0000001C's UDP
    /// endpoint (`*..*`, no state); on 06-01 the console printed the group
    /// action of 0000C003 (`CicsGrpOff` in ALL) as `CICSGRPOFF`, Off; 06-02
    /// holds a cleartext connection alone. Before: `not_captured`, a connection
    /// with no state, `policy_only`; after: `policy_only`, `UDP`, `clear`, and the
    /// days of the first two pending.
    #[test]
    fn whole_ttls_detail_lists_console_names_and_udp_endpoints_rebuild_their_days() {
        use rusqlite::types::Value::{Null, Text};

        let conn = before("0072_whole_lists_and_console_names");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (3, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T16:40:39');
             INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count)
                 VALUES (2, 1, 1, 'TTLS DETAIL', 'msgid', 'V2R4', 'TCPIP', 'SYSA', '2022-05-31T16:40:39', '16:40:39',
                         41, 60, 1);
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                      state, remote_ip, ttls_policy, ttls_group_action) VALUES
                 (1, 1, 1, 3, 1, '0000C001', 'Establsh', '10.9.9.7', 1, NULL),
                 (2, 1, 1, 9, 1, '0000001C', NULL, '*', NULL, NULL),
                 (3, 2, 1, 3, 1, '0000C003', 'Establsh', '10.9.9.7', 1, 'CicsGrpOff'),
                 (4, 3, 1, 3, 1, '0000C004', 'Establsh', '10.9.9.7', 0, NULL);
             INSERT INTO group_actions (snapshot_id, capture_id, source_line, name, ttls_enabled) VALUES
                 (2, 1, 20, 'CICSGRPOFF', 0);
             INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value) VALUES
                 (2, 41, 'captures', 2, 'Whole list', 'TTLS DETAIL');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        let states = "SELECT conn_id, state, tls_state FROM v_connections ORDER BY 1";
        let state = |id: &str, state: Option<&str>, tls: Option<&str>| {
            let text = |t: Option<&str>| t.map_or(Null, |t| Text(t.into()));
            vec![Text(id.into()), text(state), text(tls)]
        };
        assert_eq!(
            rows(&conn, states),
            [
                state("0000001C", None, Some("unknown")),
                state("0000C001", Some("Establsh"), Some("not_captured")),
                state("0000C003", Some("Establsh"), Some("not_captured")),
                state("0000C004", Some("Establsh"), Some("clear")),
            ]
        );
        through(&conn, "0072_whole_lists_and_console_names");
        assert_eq!(
            rows(&conn, states),
            [
                state("0000001C", Some("UDP"), None),
                state("0000C001", Some("Establsh"), Some("policy_only")),
                state("0000C003", Some("Establsh"), Some("clear")),
                state("0000C004", Some("Establsh"), Some("clear")),
            ]
        );
        let pending = "SELECT capture_date FROM summaries_pending ORDER BY 1";
        assert_eq!(rows(&conn, pending), [[Text("2022-05-31".into())], [Text("2022-06-01".into())]]);
    }

    /// 0073 keeps the digits a row's counters were printed in: NULL for the
    /// rows stored before (linked by the rule they were: a 32-bit counter),
    /// and a row written through the view `connections` keeps its width.
    #[test]
    fn rows_stored_before_keep_no_counter_width() {
        use rusqlite::types::Value::{Integer, Null};

        let conn = before("0073_counter_digits");
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                      bytes_in) VALUES (1, 1, 1, 3, 1, '000000BB', 2248);",
        )
        .unwrap();
        through(&conn, "0073_counter_digits");
        conn.execute_batch(
            "INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                      bytes_in, counter_digits) VALUES (2, 1, 1, 9, 1, '00000022', 0, 20);",
        )
        .unwrap();
        let widths = "SELECT connection_id, bytes_in, counter_digits FROM connections ORDER BY 1";
        assert_eq!(rows(&conn, widths), [[Integer(1), Integer(2248), Null], [Integer(2), Integer(0), Integer(20)]]);
    }

    /// 0080 links again whole the stacks with a counter printed in more than
    /// 10 digits (SYSA's TCPIPB, whose 06-01 row printed 20) or, in a row
    /// stored before 0073 (no width), above 32 bits (TCPIPC's 5 400 000 000),
    /// not the others (TCPIP, 10 digits); a head a prune kept takes a value
    /// above 32 bits (`BytesOut` 5 400 000 000: bit 2) for one printed whole.
    #[test]
    fn stacks_with_counters_printed_whole_are_linked_again() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0080_counters_read_across_days");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIPB', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (3, 'SYSA', 'TCPIPC', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                      bytes_in, bytes_out, counter_digits, identity_id) VALUES
                 (1, 1, 1, 5, 1, '000000BB', 1000, 505032704, 10, 1),
                 (2, 2, 1, 5, 1, '00000035', 1000, 5400000000, 20, 2),
                 (3, 3, 1, 5, 1, '00000036', 1000, 5400000000, NULL, 3);
             INSERT INTO connection_links (system, stack, linked_through) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31T16:40:39'), ('SYSA', 'TCPIPB', '2022-06-01T16:40:39'),
                 ('SYSA', 'TCPIPC', '2022-06-01T16:40:39');
             INSERT INTO pruned_heads (system, stack, conn_id, connection_id, identity_id, captured_at, bytes_in,
                                       bytes_out) VALUES
                 ('SYSA', 'TCPIPB', '00000035', 9, 9, '2022-05-30T16:40:39', 1000, 5400000000);",
        )
        .unwrap();
        through(&conn, "0080_counters_read_across_days");
        assert_eq!(rows(&conn, "SELECT stack FROM connection_links"), [[Text("TCPIP".into())]]);
        assert_eq!(rows(&conn, "SELECT whole_counters FROM pruned_heads"), [[Integer(2)]]);
    }

    /// 0080 gives `daily_capacity` the days its traffic covers, 1 for the
    /// rows summarized before, and rebuilds the days with a connection whose
    /// previous observation is of a day before the day before (TCPIP's
    /// 06-02, continuing 05-31) or of the day before without counters
    /// (TCPIPB's 06-02, continuing an ALLCONN row of 06-01); not 06-01
    /// (continuing 05-31's counters).
    #[test]
    fn days_whose_traffic_may_cover_more_days_are_rebuilt() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0080_counters_read_across_days");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T16:40:39'),
                 (3, 'SYSA', 'TCPIPB', '2022-05-31', '.', '2022-05-31T16:40:39'),
                 (4, 'SYSA', 'TCPIPB', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (5, 'SYSA', 'TCPIPB', '2022-06-02', '.', '2022-06-02T16:40:39');
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                      bytes_in, previous_id, identity_id) VALUES
                 (1, 1, 1, 5, 1, '000000BB', 1000, NULL, 1), (2, 2, 1, 5, 1, '000000BB', 3000, 1, 1),
                 (3, 3, 1, 5, 1, '000000BC', 1000, NULL, 3), (4, 4, 1, 5, 2, '000000BC', NULL, 3, 3),
                 (5, 5, 1, 5, 1, '000000BC', 3000, 4, 3), (6, 4, 1, 6, 1, '000000BD', 1000, 3, 3);
             INSERT INTO daily_capacity (capture_date, system, stack, snapshots, connections, peak_connections,
                                         started_earlier) VALUES ('2022-05-31', 'SYSA', 'TCPIP', 1, 1, 1, 0);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0080_counters_read_across_days");
        assert_eq!(rows(&conn, "SELECT days_covered FROM daily_capacity"), [[Integer(1)]]);
        assert_eq!(
            rows(&conn, "SELECT stack, capture_date FROM summaries_pending ORDER BY 1"),
            [[Text("TCPIP".into()), Text("2022-06-02".into())], [Text("TCPIPB".into()), Text("2022-06-02".into())]]
        );
    }

    /// 0064 gives `capture_files` the path of the earlier file a file was
    /// read after: NULL for the files ingested before (read whole).
    #[test]
    fn files_ingested_before_continue_no_earlier_file() {
        use rusqlite::types::Value::{Integer, Null};

        let conn = before("0064_continued_files");
        through(&conn, "0064_continued_files");
        assert_eq!(rows(&conn, "SELECT file_id, continues FROM capture_files"), [[Integer(1), Null]]);
        conn.execute_batch(
            "INSERT INTO capture_files (file_id, path, sha256, size, system, capture_date, ingested_at, continues)
                 VALUES (2, '/c/2022-06-01/SYSA/all.txt', 'cd', 20, 'SYSA', '2022-06-01', '2026-12-07T14:00:00Z',
                         '/c/2022-05-31/SYSA/all.txt');",
        )
        .unwrap();
        let later =
            "SELECT file_id FROM capture_files WHERE continues = (SELECT path FROM capture_files WHERE file_id = 1)";
        assert_eq!(rows(&conn, later), [[Integer(2)]]);
    }

    /// 0065 gives `pruned_files` the size of each file: NULL for the files
    /// pruned before (unknown: no later copy matches them).
    #[test]
    fn files_pruned_before_have_no_size() {
        use rusqlite::types::Value::{Integer, Null};

        let conn = before("0065_pruned_file_sizes");
        conn.execute_batch(
            "INSERT INTO pruned_files (path, sha256, system, capture_date, pruned_at)
                 VALUES ('/c/2022-05-30/SYSA/all.txt', 'ef', 'SYSA', '2022-05-30', '2026-12-07T14:00:00Z');",
        )
        .unwrap();
        through(&conn, "0065_pruned_file_sizes");
        assert_eq!(rows(&conn, "SELECT size FROM pruned_files"), [[Null]]);
        // The statement as it is now, on the schema it is written for.
        let after = MIGRATIONS.iter().position(|(name, _)| *name == "0065_pruned_file_sizes").unwrap() + 1;
        conn.pragma_update(None, "user_version", after as i64).unwrap();
        through(&conn, "0068_text_identities");
        conn.execute_batch(include_str!("../../sql/store/forget-remember-pruned.sql").replace("?1", "1").as_str())
            .unwrap();
        assert_eq!(rows(&conn, "SELECT size FROM pruned_files ORDER BY path"), [[Null], [Integer(10)]]);
    }

    /// 0070 gives `daily_endpoints_weak` each weak row's worst grade after
    /// its key: the index still holds the weak rows alone, now with the grade.
    #[test]
    fn the_index_of_the_weak_rows_holds_their_worst_grade() {
        use rusqlite::types::Value::Text;

        let conn = before("0070_weak_peers_covered");
        conn.execute_batch(
            "INSERT INTO daily_endpoints (capture_date, system, stack, endpoint, direction, service_port, job, remote_ip,
                                          worst_grade, weak, connections, tls_sessions, snapshots, first_seen, last_seen)
                 VALUES ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'inbound', 443, 'WEBSRV', '10.1.1.1', 'insecure',
                         1, 1, 1, 1, '2022-05-31T16:40:39', '2022-05-31T16:40:39'),
                        ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'inbound', 443, 'WEBSRV', '10.1.1.2', 'secure',
                         0, 1, 1, 1, '2022-05-31T16:40:39', '2022-05-31T16:40:39');",
        )
        .unwrap();
        through(&conn, "0070_weak_peers_covered");
        let columns = rows(&conn, "SELECT name FROM pragma_index_info('daily_endpoints_weak') ORDER BY seqno");
        assert_eq!(columns.last(), Some(&vec![Text("worst_grade".into())]));
        let weak = "SELECT remote_ip, worst_grade FROM daily_endpoints INDEXED BY daily_endpoints_weak WHERE weak = 1";
        assert_eq!(rows(&conn, weak), [[Text("10.1.1.1".into()), Text("insecure".into())]]);
    }

    /// 0075 adds `negotiated_days`, empty: the days whose snapshots hold a
    /// negotiated TLS session (a `SecLevel` printed) wait for the next ingest
    /// to fill it, once each (31 May, pending already, and two snapshots of
    /// it); a day of policy-only sessions or a pruned day (a stub: its facts
    /// are gone) does not.
    #[test]
    fn the_days_that_negotiated_tls_wait_for_their_negotiated_days() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0075_negotiated_days");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at, pruned)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39', 0),
                        (3, 'SYSA', 'TCPIP', '2022-05-30', '.', '2022-05-30T16:40:39', 1),
                        (4, 'SYSA', 'TCPIP', '2022-05-31', 'b', '2022-05-31T18:00:00', 0);
             INSERT INTO texts (text_id, text) VALUES (901, 'TLSV1.2');
             INSERT INTO tls_session_rows (tls_session_id, snapshot_id, capture_id, source_line, conn_id,
                                           sec_level_text_id, protocol)
                 VALUES (1, 1, 1, 5, '00000011', 901, 'TLSv1.2'), (2, 4, 1, 5, '00000012', 901, 'TLSv1.2'),
                        (3, 2, 1, 5, '00000013', NULL, NULL), (4, 3, 1, 5, '00000014', 901, 'TLSv1.2');
             DELETE FROM summaries_pending;
             INSERT INTO summaries_pending VALUES ('SYSA', 'TCPIP', '2022-05-31');",
        )
        .unwrap();
        through(&conn, "0075_negotiated_days");
        assert_eq!(rows(&conn, "SELECT count(*) FROM negotiated_days"), [[Integer(0)]]);
        assert_eq!(rows(&conn, "SELECT capture_date FROM summaries_pending ORDER BY 1"), [[Text("2022-05-31".into())]]);
    }

    /// 0078: a day whose snapshot holds a `Closed` connection row waits for
    /// its summaries again (its peak counted it); a day of `Establsh` rows
    /// alone does not.
    #[test]
    fn the_days_with_a_closed_connection_wait_for_their_peak() {
        use rusqlite::types::Value::Text;

        let conn = before("0078_closed_not_in_peak");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at, pruned)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39', 0);
             INSERT INTO texts (text_id, text) VALUES (902, 'Closed'), (903, 'Establsh');
             INSERT INTO connection_rows (snapshot_id, capture_id, source_line, source_rank, conn_id, state_text_id)
                 VALUES (1, 1, 7, 1, '0000B011', 902), (2, 1, 7, 1, '0000B010', 903);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0078_closed_not_in_peak");
        assert_eq!(
            rows(&conn, "SELECT system, stack, capture_date FROM summaries_pending"),
            [[Text("SYSA".into()), Text("TCPIP".into()), Text("2022-05-31".into())]]
        );
    }

    /// 0079's views, worked by hand. Key shares: CLIENT-RULE's environment
    /// action is a client (`ClientKeyShareGroups`); SRV-RULE's environment
    /// says client too, but its connection action, read first,
    /// `ServerWithClientAuth` (a server: `ServerKeyShareGroups`); ANY-RULE's
    /// role is not printed (both). Carried: on 1 June the stack's
    /// negotiated connections were seen under OLD-RULE (printed on 31 May,
    /// snapshot 1), NEW-RULE (printed that day: not carried) and GONE-RULE
    /// (never printed: carried from nothing).
    #[test]
    fn rules_read_their_roles_key_shares_and_unprinted_rules_their_last_print() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let conn = before("0079_rule_key_shares_and_carried_rules");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO env_actions (snapshot_id, capture_id, source_line, name, handshake_role)
                 VALUES (1, 1, 10, 'ENV-C', 'Client'), (1, 1, 11, 'ENV-N', NULL);
             INSERT INTO conn_actions (snapshot_id, capture_id, source_line, name, handshake_role)
                 VALUES (1, 1, 12, 'CONN-S', 'ServerWithClientAuth');
             INSERT INTO rules (snapshot_id, capture_id, source_line, name, env_action, conn_action)
                 VALUES (1, 1, 20, 'CLIENT-RULE', 'ENV-C', NULL), (1, 1, 21, 'SRV-RULE', 'ENV-C', 'CONN-S'),
                        (1, 1, 22, 'ANY-RULE', 'ENV-N', NULL);
             INSERT INTO policy_objects (snapshot_id, object, name, fingerprint)
                 VALUES (1, 'rule', 'OLD-RULE', 'f1'), (2, 'rule', 'NEW-RULE', 'f2');
             INSERT INTO negotiated_days (snapshot_id, rule, first_seen)
                 VALUES (2, 'OLD-RULE', '2022-06-01T16:40:39'), (2, 'OLD-RULE', '2022-06-01T16:40:39'),
                        (2, 'NEW-RULE', '2022-06-01T16:40:39'), (2, 'GONE-RULE', '2022-06-01T16:40:39'),
                        (2, NULL, '2022-06-01T16:40:39');",
        )
        .unwrap();
        through(&conn, "0079_rule_key_shares_and_carried_rules");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT rule, setting FROM v_rule_key_shares ORDER BY rule, setting"),
            [
                [text("ANY-RULE"), text("ClientKeyShareGroups")],
                [text("ANY-RULE"), text("ServerKeyShareGroups")],
                [text("CLIENT-RULE"), text("ClientKeyShareGroups")],
                [text("SRV-RULE"), text("ServerKeyShareGroups")],
            ]
        );
        assert_eq!(
            rows(
                &conn,
                "SELECT capture_date, system, stack, rule, printed_snapshot_id FROM v_carried_rules ORDER BY rule"
            ),
            [
                [text("2022-06-01"), text("SYSA"), text("TCPIP"), text("GONE-RULE"), Null],
                [text("2022-06-01"), text("SYSA"), text("TCPIP"), text("OLD-RULE"), Integer(1)],
            ]
        );
    }

    /// 0084 drops the three indexes impact read sessions by before it read
    /// `negotiated_days` (0075); a session is still found by its connection
    /// and deleted with its report.
    #[test]
    fn sessions_keep_the_indexes_of_their_connection_and_report() {
        use rusqlite::types::Value::Text;

        let conn = before("0084_session_indexes_impact_left");
        let indexes = "SELECT name FROM pragma_index_list('tls_session_rows') ORDER BY name";
        assert_eq!(rows(&conn, indexes).len(), 5);
        through(&conn, "0084_session_indexes_impact_left");
        assert_eq!(
            rows(&conn, indexes),
            [[Text("tls_session_rows_capture".into())], [Text("tls_session_rows_conn".into())]]
        );
    }

    /// 0086: an environment action printing `V3CipherSuites` C02F 000A and
    /// `V3CipherSuites4Char` C02F 000A 1302 has one setting, `V3CipherSuites`
    /// C02F 000A 1302 (each suite once, where first listed), and its day
    /// waits for its summaries (the policy's fingerprint); one printing the
    /// 4-character list alone has it under the one name; a day without the
    /// second list does not wait.
    #[test]
    fn the_two_cipher_lists_of_a_print_are_one_setting() {
        use rusqlite::types::Value::Text;

        let conn = before("0086_one_cipher_list_a_print");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO env_actions (env_action_id, snapshot_id, capture_id, source_line, name)
                 VALUES (1, 1, 1, 10, 'BOTH-ENV'), (2, 1, 1, 20, 'FOUR-ENV'), (3, 2, 1, 30, 'TWO-ENV');
             INSERT INTO env_action_ciphers (env_action_id, setting, position, code, source_line)
                 VALUES (1, 'V3CipherSuites', 1, 'C02F', 11), (1, 'V3CipherSuites', 2, '000A', 12),
                        (1, 'V3CipherSuites4Char', 1, 'C02F', 13), (1, 'V3CipherSuites4Char', 2, '000A', 14),
                        (1, 'V3CipherSuites4Char', 3, '1302', 15),
                        (2, 'V3CipherSuites4Char', 1, '1301', 21), (3, 'V3CipherSuites', 1, '002F', 31);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0086_one_cipher_list_a_print");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT name, setting, value FROM v_policy_settings WHERE object = 'env_action' ORDER BY name"),
            [
                [text("BOTH-ENV"), text("V3CipherSuites"), text("C02F 000A 1302")],
                [text("FOUR-ENV"), text("V3CipherSuites"), text("1301")],
                [text("TWO-ENV"), text("V3CipherSuites"), text("002F")],
            ]
        );
        assert_eq!(
            rows(&conn, "SELECT system, stack, capture_date FROM summaries_pending"),
            [[text("SYSA"), text("TCPIP"), text("2022-05-31")]]
        );
    }

    /// 0083: a day pruned before keeps no count of the connections
    /// tls-adoption counted as unlisted (its captures are gone): NULL, read
    /// as listed.
    #[test]
    fn days_pruned_before_keep_no_unlisted_connections() {
        let conn = before("0083_pruned_unlisted");
        conn.execute_batch(
            "INSERT INTO pruned_days (system, stack, capture_date, pruned_at)
                 VALUES ('SYSA', 'TCPIP', '2022-05-30', '2026-12-07T14:00:00Z');",
        )
        .unwrap();
        through(&conn, "0083_pruned_unlisted");
        assert_eq!(rows(&conn, "SELECT unlisted_connections FROM pruned_days"), [[rusqlite::types::Value::Null]]);
    }

    /// 0081: every day of a stack whose summaries hold traffic of a day that
    /// did not show a connection's protection (SYSA: 100 bytes in, unknown)
    /// waits for its summaries again, to fill `unshown_traffic` and the
    /// `connection_protection` of the days that showed it; a pruned day
    /// (its facts are gone) and a stack whose such rows moved no traffic
    /// (SYSB, ALLCONN alone) do not.
    #[test]
    fn the_days_of_a_stack_with_traffic_of_unshown_protection_wait_for_their_summaries() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0081_unshown_traffic");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at, pruned)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39', 0),
                        (3, 'SYSA', 'TCPIP', '2022-05-30', '.', '2022-05-30T16:40:39', 1),
                        (4, 'SYSB', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39', 0);
             INSERT INTO daily_services (capture_date, system, stack, endpoint, tls_state, connections, tls_sessions,
                                         bytes_in)
                 VALUES ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'unknown', 1, 0, 100),
                        ('2022-06-01', 'SYSB', 'TCPIP', 'connection', 'unknown', 1, 0, NULL);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0081_unshown_traffic");
        assert_eq!(
            rows(&conn, "SELECT system, capture_date FROM summaries_pending ORDER BY 1, 2"),
            [[Text("SYSA".into()), Text("2022-05-31".into())], [Text("SYSA".into()), Text("2022-06-01".into())]]
        );
        assert_eq!(
            rows(&conn, "SELECT (SELECT count(*) FROM unshown_traffic) + (SELECT count(*) FROM connection_protection)"),
            [[Integer(0)]]
        );
    }

    /// 0082 marks pending the days with a TTLS print of a rule (snapshot 2),
    /// whose fingerprints may leave an older connection's copy out; a day
    /// whose rules pasearch alone printed (snapshot 3) is not.
    #[test]
    fn the_days_with_a_ttls_print_of_a_rule_are_fingerprinted_again() {
        use rusqlite::types::Value::Text;

        let conn = before("0082_policy_copies_not_news");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at, pruned)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T08:00:01', 0),
                        (3, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T08:00:01', 0);
             INSERT INTO rules (snapshot_id, capture_id, source_line, name, source)
                 VALUES (2, 1, 10, 'CICS-RULE', 'netstat'), (3, 1, 10, 'CICS-RULE', 'pasearch');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0082_policy_copies_not_news");
        assert_eq!(
            rows(&conn, "SELECT system, stack, capture_date FROM summaries_pending"),
            [[Text("SYSA".into()), Text("TCPIP".into()), Text("2022-06-01".into())]]
        );
    }

    /// 0068 gives files a text identity: NULL for the files ingested (and
    /// pruned) before, read as that of their bytes; a pruned file keeps its own.
    #[test]
    fn files_ingested_before_have_the_text_identity_of_their_bytes() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let conn = before("0068_text_identities");
        through(&conn, "0068_text_identities");
        let known = include_str!("../../sql/store/known-files.sql");
        assert_eq!(
            rows(&conn, &format!("SELECT * FROM ({known}) WHERE file_id = 1")),
            [[
                Text("/c/2022-05-31/SYSA/all.txt".into()),
                Integer(1),
                Text("ab".into()),
                Integer(10),
                Null,
                Integer(0),
                Text("SYSA".into()),
                Text("2022-05-31".into()),
                Null,
                Integer(10),
                Text("ab".into())
            ]]
        );
        conn.execute_batch(
            "INSERT INTO capture_files (file_id, path, sha256, size, system, capture_date, ingested_at, text_size,
                 text_sha256)
                 VALUES (902, '/c/2022-06-01/SYSA/all.txt.gz', 'cd', 5, 'SYSA', '2022-06-01', '2026-12-07T14:00:00Z',
                 12, 'ef');",
        )
        .unwrap();
        conn.execute_batch(include_str!("../../sql/store/forget-remember-pruned.sql").replace("?1", "902").as_str())
            .unwrap();
        let pruned = include_str!("../../sql/prune/pruned-copies.sql");
        assert_eq!(
            rows(&conn, &format!("SELECT * FROM ({pruned}) WHERE path LIKE '%.gz'")),
            [[
                Text("/c/2022-06-01/SYSA/all.txt.gz".into()),
                Text("cd".into()),
                Text("SYSA".into()),
                Integer(5),
                Integer(12),
                Text("ef".into())
            ]]
        );
    }

    /// 0087: the days that wait for their summaries again, worked by hand.
    /// 31 May: peers on port 20 (below 1024: read as before). 1 June:
    /// FTPCLI's listener on 1040 (no connection of that day uses it). 2 June:
    /// FTPCLI's connections inbound to 1040 (that listener, of another day:
    /// it may not count now). 3 June: a remote socket on 50300 (from 1024 up:
    /// kept without a job, read again). 4 June: FTPD1 inbound to 21 (below
    /// 1024). Pending: 2 and 3 June.
    #[test]
    fn the_days_another_day_s_evidence_turned_wait_for_their_summaries() {
        use rusqlite::types::Value::Text;

        let conn = before("0087_direction_evidence_of_its_run");
        conn.execute_batch(
            "INSERT INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip, job) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31', 'peers', 20, '', ''),
                 ('SYSA', 'TCPIP', '2022-06-01', 'listener', 1040, '', 'FTPCLI'),
                 ('SYSA', 'TCPIP', '2022-06-03', 'remote', 50300, '10.8.0.5', '');
             INSERT INTO daily_services (capture_date, system, stack, endpoint, direction, service_port, job,
                     connections, tls_sessions) VALUES
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'inbound', 1040, 'FTPCLI', 1, 0),
                 ('2022-06-04', 'SYSA', 'TCPIP', 'connection', 'inbound', 21, 'FTPD1', 1, 0);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0087_direction_evidence_of_its_run");
        assert_eq!(
            rows(&conn, "SELECT capture_date FROM summaries_pending ORDER BY 1"),
            [[Text("2022-06-02".into())], [Text("2022-06-03".into())]]
        );
    }

    /// 0088: endpoint days and regressions keep the direction, the endpoint
    /// index has it after the job, and a day with endpoint days of an
    /// earlier version (no direction) waits for its summaries again.
    #[test]
    fn endpoint_days_are_keyed_by_direction_and_summarized_again() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let conn = before("0088_endpoint_directions");
        conn.execute_batch(
            "INSERT INTO endpoint_days (system, stack, job, service_port, remote_ip, capture_date, first_at, last_at)
                 VALUES ('SYSA', 'TCPIP', 'DB2ADIST', 446, '10.1.2.2', '2022-05-31', '2022-05-31T16:40:39',
                         '2022-05-31T16:40:39');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0088_endpoint_directions");
        let text = |s: &str| Text(s.into());
        assert_eq!(rows(&conn, "SELECT capture_date, direction FROM endpoint_days"), [[text("2022-05-31"), Null]]);
        assert_eq!(rows(&conn, "SELECT capture_date FROM summaries_pending"), [[text("2022-05-31")]]);
        assert_eq!(
            rows(&conn, "SELECT name FROM pragma_index_info('endpoint_days_endpoint') ORDER BY seqno"),
            ["system", "stack", "job", "direction", "service_port", "remote_ip", "capture_date"].map(|c| [text(c)])
        );
        let regressions = "SELECT count(*) FROM pragma_table_info('regressions') WHERE name = 'direction'";
        assert_eq!(rows(&conn, regressions), [[Integer(1)]]);
    }

    /// 0090, worked by hand. Pending: 31 May (FTPD12 outbound to 50121 and
    /// inbound from the same peer 10.40.2.15) and 2 June (CSQ1CHIN outbound
    /// to 1414 and inbound from 10.1.2.2: read again, its own listener gives
    /// no `session`); not 1 June (DB2PDIST outbound to 50000, no inbound
    /// endpoint) nor 3 June (FTPD13 outbound to 443, below 1024). The
    /// evidence kept reads as before, and 31 May's `session` on 1033 makes
    /// FTPD12's connection from 1033 (the day shows listeners, FTPD1's on
    /// 21) inbound to 1033.
    #[test]
    fn a_session_s_passive_data_connection_is_inbound_and_its_days_are_summarized_again() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0090_passive_data_session");
        conn.execute_batch(
            "INSERT INTO daily_endpoints (capture_date, system, stack, endpoint, direction, service_port, job,
                     remote_ip, weak, connections, tls_sessions, snapshots, first_seen, last_seen) VALUES
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'outbound', 50121, 'FTPD12', '10.40.2.15', 0, 1, 0, 1, '', ''),
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'inbound', 21, 'FTPD12', '10.40.2.15', 0, 1, 0, 1, '', ''),
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'outbound', 50000, 'DB2PDIST', '10.5.5.5', 0, 1, 0, 1, '', ''),
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'outbound', 1414, 'CSQ1CHIN', '10.1.2.2', 0, 1, 0, 1, '', ''),
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'inbound', 1414, 'CSQ1CHIN', '10.1.2.2', 0, 1, 0, 1, '', ''),
                 ('2022-06-03', 'SYSA', 'TCPIP', 'connection', 'outbound', 443, 'FTPD13', '10.40.2.17', 0, 1, 0, 1, '', ''),
                 ('2022-06-03', 'SYSA', 'TCPIP', 'connection', 'inbound', 21, 'FTPD13', '10.40.2.17', 0, 1, 0, 1, '', '');
             INSERT INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip, job) VALUES
                 ('SYSA', 'TCPIP', '2022-05-31', 'listener', 21, '', 'FTPD1'),
                 ('SYSA', 'TCPIP', '2022-05-31', 'listeners shown', 0, '', '');
             INSERT INTO connections (snapshot_id, capture_id, source_line, source_rank, conn_id, job, state,
                     local_ip, local_port, remote_ip, remote_port) VALUES
                 (1, 1, 3, 1, '0000B120', 'FTPD12', 'Establsh', '10.1.1.2', 21, '10.40.2.15', 50120),
                 (1, 1, 4, 1, '0000B122', 'FTPD12', 'Establsh', '10.1.1.2', 1033, '10.40.2.15', 50121);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0090_passive_data_session");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT capture_date FROM summaries_pending ORDER BY 1"),
            [[text("2022-05-31")], [text("2022-06-02")]]
        );
        assert_eq!(rows(&conn, "SELECT count(*) FROM service_evidence"), [[Integer(2)]]);
        conn.execute(
            "INSERT INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip, job)
             VALUES ('SYSA', 'TCPIP', '2022-05-31', 'session', 1033, '10.40.2.15', 'FTPD12')",
            [],
        )
        .unwrap();
        assert_eq!(
            rows(&conn, "SELECT conn_id, direction, service_port, direction_evidence FROM v_connections ORDER BY 1"),
            [
                [text("0000B120"), text("inbound"), Integer(21), text("listener")],
                [text("0000B122"), text("inbound"), Integer(1033), text("session")]
            ]
        );
    }

    /// 0089's view, worked by hand. Connection 7 was shown in clear on
    /// 1 June and negotiated on 2 June (two first days left by the order
    /// they arrived in): its traffic of 3 June goes with 1 June's clear.
    /// Connection 8 was never shown (no row); connection 9, shown
    /// negotiated on 1 June, carries its session to 2 June's traffic.
    #[test]
    fn unshown_traffic_goes_with_the_state_first_shown() {
        use rusqlite::types::Value::{Integer, Null, Text};

        let conn = before("0089_unshown_traffic_and_one_cipher_setting");
        conn.execute_batch(
            "INSERT INTO connection_protection (capture_date, system, stack, identity_id, tls_state, tls_protocol,
                                                cipher_code, key_share)
                 VALUES ('2022-06-02', 'SYSA', 'TCPIP', 7, 'negotiated', 'TLSv1.2', 'C02F', NULL),
                        ('2022-06-01', 'SYSA', 'TCPIP', 7, 'clear', NULL, NULL, NULL),
                        ('2022-06-01', 'SYSA', 'TCPIP', 9, 'negotiated', 'TLSv1.3', '1301', '001D');
             INSERT INTO unshown_traffic (capture_date, system, stack, identity_id, direction, service_port, job,
                                          remote_ip, tls_state, bytes_in, bytes_out)
                 VALUES ('2022-06-03', 'SYSA', 'TCPIP', 7, 'inbound', 21, 'FTPD1', '10.1.1.9', 'unknown', 100, 5),
                        ('2022-06-03', 'SYSA', 'TCPIP', 8, 'inbound', 23, 'TN3270', '10.1.1.8', 'unknown', 1, 2),
                        ('2022-06-02', 'SYSA', 'TCPIP', 9, 'outbound', 443, 'CICSA', '10.2.2.2', 'not_captured',
                         NULL, 40);",
        )
        .unwrap();
        through(&conn, "0089_unshown_traffic_and_one_cipher_setting");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(
                &conn,
                "SELECT identity_id, capture_date, tls_state, bytes_in, bytes_out, shown_date, shown_state,
                        tls_protocol, cipher_code, key_share
                 FROM v_unshown_traffic ORDER BY identity_id"
            ),
            [
                [
                    Integer(7),
                    text("2022-06-03"),
                    text("unknown"),
                    Integer(100),
                    Integer(5),
                    text("2022-06-01"),
                    text("clear"),
                    Null,
                    Null,
                    Null
                ],
                [
                    Integer(9),
                    text("2022-06-02"),
                    text("not_captured"),
                    Null,
                    Integer(40),
                    text("2022-06-01"),
                    text("negotiated"),
                    text("TLSv1.3"),
                    text("1301"),
                    text("001D")
                ],
            ]
        );
    }

    /// 0089's `v_rule_allows`, worked by hand. BOTH-RULE's environment action
    /// prints `V3CipherSuites` C02F 000A and `V3CipherSuites4Char` C02F 000A
    /// 1302: one setting, C02F 1, 000A 2 (the first list's), 1302 3 (numbered
    /// on). FOUR-RULE's prints the 4-character list alone: 1301 1, under the
    /// one name. CONN-RULE's connection action lists 002F in the 4-character
    /// list: it overrides the environment action's `V3CipherSuites` 000A.
    #[test]
    fn a_rule_allows_the_two_cipher_lists_as_one_setting() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0089_unshown_traffic_and_one_cipher_setting");
        conn.execute_batch(
            "INSERT INTO env_actions (env_action_id, snapshot_id, capture_id, source_line, name)
                 VALUES (1, 1, 1, 10, 'BOTH-ENV'), (2, 1, 1, 20, 'FOUR-ENV'), (3, 1, 1, 30, 'TWO-ENV');
             INSERT INTO env_action_ciphers (env_action_id, setting, position, code, source_line)
                 VALUES (1, 'V3CipherSuites', 1, 'C02F', 11), (1, 'V3CipherSuites', 2, '000A', 12),
                        (1, 'V3CipherSuites4Char', 1, 'C02F', 13), (1, 'V3CipherSuites4Char', 2, '000A', 14),
                        (1, 'V3CipherSuites4Char', 3, '1302', 15),
                        (2, 'V3CipherSuites4Char', 1, '1301', 21), (3, 'V3CipherSuites', 1, '000A', 31);
             INSERT INTO conn_actions (conn_action_id, snapshot_id, capture_id, source_line, name)
                 VALUES (1, 1, 1, 40, 'FOUR-CONN');
             INSERT INTO conn_action_ciphers (conn_action_id, setting, position, code, source_line)
                 VALUES (1, 'V3CipherSuites4Char', 1, '002F', 41);
             INSERT INTO rules (snapshot_id, capture_id, source_line, name, env_action, conn_action)
                 VALUES (1, 1, 50, 'BOTH-RULE', 'BOTH-ENV', NULL), (1, 1, 51, 'FOUR-RULE', 'FOUR-ENV', NULL),
                        (1, 1, 52, 'CONN-RULE', 'TWO-ENV', 'FOUR-CONN');",
        )
        .unwrap();
        through(&conn, "0089_unshown_traffic_and_one_cipher_setting");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(
                &conn,
                "SELECT rule, action_name, setting, position, code FROM v_rule_allows WHERE kind = 'cipher'
                 ORDER BY rule, position"
            ),
            [
                [text("BOTH-RULE"), text("BOTH-ENV"), text("V3CipherSuites"), Integer(1), text("C02F")],
                [text("BOTH-RULE"), text("BOTH-ENV"), text("V3CipherSuites"), Integer(2), text("000A")],
                [text("BOTH-RULE"), text("BOTH-ENV"), text("V3CipherSuites"), Integer(3), text("1302")],
                [text("CONN-RULE"), text("FOUR-CONN"), text("V3CipherSuites"), Integer(1), text("002F")],
                [text("FOUR-RULE"), text("FOUR-ENV"), text("V3CipherSuites"), Integer(1), text("1301")],
            ]
        );
    }

    /// 0091: `v_captures` gives every spelling of a release as one, beside
    /// the printed one: `V3R1` and `3.1` are 3.1, `V2R4` 2.4, `V1R10` 1.10.
    #[test]
    fn a_release_printed_two_ways_is_one_zos_release() {
        use rusqlite::types::Value::Text;

        let conn = before("0091_releases");
        conn.execute_batch(
            "INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count)
                 VALUES (2, 1, 1, 'TTLS', 'plain', 'V3R1', 'TCPIP', 'SYSA', '2022-05-31T16:40:39', '16:40:39', 41, 60, 1),
                        (3, 1, 1, 'TTLS', 'plain', '3.1', 'TCPIP', 'SYSA', '2022-05-31T16:40:39', '16:40:39', 61, 80, 1),
                        (4, 1, 1, 'TTLS', 'plain', 'V1R10', 'TCPIP', 'SYSA', '2022-05-31T16:40:39', '16:40:39', 81, 90, 1);",
        )
        .unwrap();
        through(&conn, "0091_releases");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT release, zos_release FROM v_captures ORDER BY capture_id"),
            [["V2R4", "2.4"], ["V3R1", "3.1"], ["3.1", "3.1"], ["V1R10", "1.10"]].map(|r| r.map(text))
        );
    }

    /// 0092, worked by hand. SYSA's `nov.txt` of 1 November: runs printed at
    /// 01:50:01, 01:05:01 (45 minutes before the run above it: an hour
    /// forward, 02:05:01) and 01:20:01 (45 minutes before 02:05:01: 02:20:01);
    /// its stack is linked again whole and its days from 1 November on
    /// (1 and 2 November) wait for their summaries. `same.txt`: two runs at
    /// 01:30:01, kept in file order as they are. `late.txt` on SYSB: 23:50:01
    /// then 00:10:01 (23 hours 40 minutes before: left as stored). SYSC's
    /// connection 2 goes on from 1 with BytesIn 5 000 then 1 000 (a fall): its
    /// stack is linked again; SYSB's stays linked.
    #[test]
    fn a_run_printed_before_the_run_above_it_in_its_file_is_put_forward() {
        use rusqlite::types::Value::Text;

        let conn = before("0092_runs_in_file_order");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (11, 'SYSA', 'TCPIP', '2026-11-01', 'nov.txt', '2026-11-01T01:50:01'),
                 (12, 'SYSA', 'TCPIP', '2026-11-01', 'nov.txt|run 2', '2026-11-01T01:05:01'),
                 (13, 'SYSA', 'TCPIP', '2026-11-01', 'nov.txt|run 3', '2026-11-01T01:20:01'),
                 (14, 'SYSA', 'TCPIP', '2026-11-02', 'dec.txt', '2026-11-02T08:00:01'),
                 (15, 'SYSA', 'TCPIP', '2026-10-31', 'same.txt', '2026-10-31T01:30:01'),
                 (16, 'SYSA', 'TCPIP', '2026-10-31', 'same.txt|run 2', '2026-10-31T01:30:01'),
                 (17, 'SYSB', 'TCPIP', '2026-11-01', 'late.txt', '2026-11-01T23:50:01'),
                 (18, 'SYSB', 'TCPIP', '2026-11-01', 'late.txt|run 2', '2026-11-01T00:10:01'),
                 (19, 'SYSC', 'TCPIP', '2026-11-01', 'c.txt', '2026-11-01T08:00:01'),
                 (20, 'SYSC', 'TCPIP', '2026-11-02', 'c.txt', '2026-11-02T08:00:01');
             INSERT INTO connection_rows (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, bytes_in,
                     previous_id, identity_id) VALUES
                 (1, 19, 1, 2, 0, '000000BB', 5000, NULL, 1), (2, 20, 1, 2, 0, '000000BB', 1000, 1, 1);
             INSERT INTO connection_links (system, stack, linked_through) VALUES
                 ('SYSA', 'TCPIP', '2026-11-02T08:00:01'), ('SYSB', 'TCPIP', '2026-11-01T23:50:01'),
                 ('SYSC', 'TCPIP', '2026-11-02T08:00:01');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0092_runs_in_file_order");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT captured_at FROM snapshots WHERE snapshot_id > 10 ORDER BY snapshot_id"),
            [
                "2026-11-01T01:50:01",
                "2026-11-01T02:05:01",
                "2026-11-01T02:20:01",
                "2026-11-02T08:00:01",
                "2026-10-31T01:30:01",
                "2026-10-31T01:30:01",
                "2026-11-01T23:50:01",
                "2026-11-01T00:10:01",
                "2026-11-01T08:00:01",
                "2026-11-02T08:00:01"
            ]
            .map(|at| [text(at)])
        );
        assert_eq!(rows(&conn, "SELECT system FROM connection_links"), [[text("SYSB")]]);
        assert_eq!(
            rows(&conn, "SELECT system, capture_date FROM summaries_pending ORDER BY 1, 2"),
            [["SYSA", "2026-11-01"], ["SYSA", "2026-11-02"]].map(|r| r.map(text))
        );
    }

    /// 0094: a summary row with a part no registry grades is flagged weak,
    /// as a weak or insecure one is; a secure row and a TLS 1.2 row whose
    /// key share was not printed (no grade) are not.
    #[test]
    fn a_summary_row_graded_unknown_is_flagged_weak() {
        use rusqlite::types::Value::{Integer, Text};

        let conn = before("0094_unknown_grade_to_fix");
        conn.execute_batch(
            "INSERT INTO daily_endpoints (capture_date, system, stack, endpoint, tls_state, weak, remote_ip,
                                          cipher_code, protocol_grade, cipher_grade, key_share_grade, connections,
                                          tls_sessions, snapshots, first_seen, last_seen) VALUES
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'negotiated', 0, '10.1.1.1', 'C0FF', 'secure',
                  'unknown', NULL, 1, 1, 1, '2022-05-31T16:40:39', '2022-05-31T16:40:39'),
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'negotiated', 0, '10.1.1.2', 'C02F', 'secure',
                  'secure', NULL, 1, 1, 1, '2022-05-31T16:40:39', '2022-05-31T16:40:39');
             INSERT INTO daily_services (capture_date, system, stack, endpoint, tls_state, cipher_code,
                                         protocol_grade, cipher_grade, key_share_grade, connections, tls_sessions)
                 VALUES ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'negotiated', '1301', 'recommended',
                         'recommended', 'unknown', 1, 1),
                        ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'negotiated', 'C02F', 'secure', 'secure',
                         NULL, 1, 1);",
        )
        .unwrap();
        through(&conn, "0094_unknown_grade_to_fix");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT cipher_code, weak FROM daily_endpoints ORDER BY 1"),
            [[text("C02F"), Integer(0)], [text("C0FF"), Integer(1)]]
        );
        assert_eq!(
            rows(&conn, "SELECT cipher_code, weak FROM daily_services ORDER BY 1"),
            [[text("1301"), Integer(1)], [text("C02F"), Integer(0)]]
        );
    }

    /// 0097: the rows summarized before count as they did (negotiated
    /// before = continued from), and the days whose negotiated rows continue
    /// an earlier day (2 November's) are summarized again; 1 November's
    /// (first seen) and a cleartext continued row's day (3 November) are not.
    /// So is a day whose endpoint negotiated TLS 1.3 (4 November: its key
    /// share is to be kept), not one of TLS 1.2 alone (5 November).
    #[test]
    fn negotiated_rows_continued_from_an_earlier_day_are_summarized_again() {
        let conn = before("0097_negotiations_and_key_shares");
        conn.execute_batch(
            "DELETE FROM summaries_pending;
             INSERT INTO daily_services (capture_date, system, stack, endpoint, tls_state, continued_from,
                                         cipher_code, connections, tls_sessions) VALUES
                 ('2026-11-01', 'SYSA', 'TCPIP', 'connection', 'negotiated', NULL, 'C02F', 1, 1),
                 ('2026-11-02', 'SYSA', 'TCPIP', 'connection', 'negotiated', '2026-11-01', '000A', 1, 1),
                 ('2026-11-03', 'SYSA', 'TCPIP', 'connection', 'clear', '2026-11-02', NULL, 1, 0);
             INSERT INTO endpoint_days (system, stack, capture_date, first_at, first_protocol, last_at, last_protocol)
                 VALUES ('SYSA', 'TCPIP', '2026-11-04', '2026-11-04T08:00:00', 'TLSv1.2', '2026-11-04T09:00:00',
                         'TLSv1.3'),
                        ('SYSA', 'TCPIP', '2026-11-05', '2026-11-05T08:00:00', 'TLSv1.2', '2026-11-05T09:00:00',
                         'TLSv1.2');",
        )
        .unwrap();
        through(&conn, "0097_negotiations_and_key_shares");
        let text = |s: &str| rusqlite::types::Value::Text(s.into());
        let null = rusqlite::types::Value::Null;
        assert_eq!(
            rows(&conn, "SELECT capture_date, negotiated_before FROM daily_services ORDER BY 1"),
            [
                [text("2026-11-01"), null],
                [text("2026-11-02"), text("2026-11-01")],
                [text("2026-11-03"), text("2026-11-02")]
            ]
        );
        assert_eq!(
            rows(&conn, "SELECT system, capture_date FROM summaries_pending ORDER BY 1, 2"),
            [[text("SYSA"), text("2026-11-02")], [text("SYSA"), text("2026-11-04")]]
        );
    }

    /// 0100 links again whole the stacks with a row whose counter counted
    /// nothing while lower than the row it continues (SYSA's TCPIP: 0000B0A1's
    /// `BytesOut` 1 500 000 000 then 205 032 704, 0 counted) or continuing a row
    /// that printed none (TCPIPB: an ALLCONN row between), not TCPIPC, whose
    /// counters grew (or stayed: 0 counted, not lower).
    #[test]
    fn stacks_with_a_fall_that_counted_nothing_are_linked_again() {
        use rusqlite::types::Value::Text;

        let conn = before("0100_wraps_and_days_covered");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (3, 'SYSA', 'TCPIPB', '2022-05-31', '.', '2022-05-31T16:40:39'),
                 (4, 'SYSA', 'TCPIPB', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (5, 'SYSA', 'TCPIPC', '2022-05-31', '.', '2022-05-31T16:40:39'),
                 (6, 'SYSA', 'TCPIPC', '2022-06-01', '.', '2022-06-01T16:40:39');
             INSERT INTO connection_rows (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                          bytes_in, bytes_out, counter_digits, previous_id, identity_id,
                                          traffic_bytes_in, traffic_bytes_out) VALUES
                 (1, 1, 1, 2, 1, '0000B0A1', 1500000, 1500000000, 10, NULL, 1, 1500000, 1500000000),
                 (2, 2, 1, 2, 1, '0000B0A1', 4500000, 205032704, 10, 1, 1, 3000000, 0),
                 (3, 3, 1, 2, 1, '0000B0A1', NULL, NULL, NULL, NULL, 3, NULL, NULL),
                 (4, 4, 1, 2, 1, '0000B0A1', 4500000, 205032704, 10, 3, 3, 4500000, 0),
                 (5, 5, 1, 2, 1, '0000B0A1', 1500000, 1500000000, 10, NULL, 5, 1500000, 1500000000),
                 (6, 6, 1, 2, 1, '0000B0A1', 1500000, 1600000000, 10, 5, 5, 0, 100000000);
             INSERT INTO connection_links (system, stack, linked_through) VALUES
                 ('SYSA', 'TCPIP', '2022-06-01T16:40:39'), ('SYSA', 'TCPIPB', '2022-06-01T16:40:39'),
                 ('SYSA', 'TCPIPC', '2022-06-01T16:40:39');",
        )
        .unwrap();
        through(&conn, "0100_wraps_and_days_covered");
        assert_eq!(rows(&conn, "SELECT stack FROM connection_links"), [[Text("TCPIPC".into())]]);
    }

    /// 0100 rebuilds the days with a connection whose previous observation
    /// and the one before it printed no counters (TCPIP's 06-03, after
    /// ALLCONN rows on 06-01 and 06-02), not those with one such row between
    /// (TCPIPB's 06-02, which 0080 read right) nor the ALLCONN days.
    #[test]
    fn days_after_two_observations_without_counters_are_rebuilt() {
        use rusqlite::types::Value::Text;

        let conn = before("0100_wraps_and_days_covered");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (3, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T16:40:39'),
                 (4, 'SYSA', 'TCPIP', '2022-06-03', '.', '2022-06-03T16:40:39'),
                 (5, 'SYSA', 'TCPIPB', '2022-05-31', '.', '2022-05-31T16:40:39'),
                 (6, 'SYSA', 'TCPIPB', '2022-06-01', '.', '2022-06-01T16:40:39'),
                 (7, 'SYSA', 'TCPIPB', '2022-06-02', '.', '2022-06-02T16:40:39');
             INSERT INTO connection_rows (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id,
                                          bytes_in, bytes_out, previous_id, identity_id, traffic_bytes_in,
                                          traffic_bytes_out) VALUES
                 (1, 1, 1, 2, 1, '0000B001', 1000, 2000, NULL, 1, 1000, 2000),
                 (2, 2, 1, 2, 1, '0000B001', NULL, NULL, 1, 1, NULL, NULL),
                 (3, 3, 1, 2, 1, '0000B001', NULL, NULL, 2, 1, NULL, NULL),
                 (4, 4, 1, 2, 1, '0000B001', 7000, 8000, 3, 1, 6000, 6000),
                 (5, 5, 1, 2, 1, '0000B001', 1000, 2000, NULL, 5, 1000, 2000),
                 (6, 6, 1, 2, 1, '0000B001', NULL, NULL, 5, 5, NULL, NULL),
                 (7, 7, 1, 2, 1, '0000B001', 7000, 8000, 6, 5, 6000, 6000);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0100_wraps_and_days_covered");
        assert_eq!(
            rows(&conn, "SELECT stack, capture_date FROM summaries_pending"),
            [[Text("TCPIP".into()), Text("2022-06-03".into())]]
        );
    }

    /// 0099, worked by hand. Pending: 31 May (a `policy_only` row) and 2
    /// June (a `not_captured` one), not 1 June (clear and negotiated alone).
    /// In the view, 2 June's DB2PDIST connection (`TTLSPolicy: Yes`, group
    /// GRPOFF, which its own snapshot did not print) is clear: 31 May's
    /// snapshot printed GRPOFF `TTLSEnabled: Off`; 2 June's FTPD12
    /// connection (its TTLS entry prints no `SecLevel`) is clear: 31 May
    /// printed its environment action FTP-ENV `ApplicationControlled: On`;
    /// CICSPRD1's (CICS-ENV, printed Off) stays `policy_only`.
    #[test]
    fn a_policy_printed_earlier_that_leaves_data_in_clear_makes_its_connections_clear() {
        use rusqlite::types::Value::Text;

        let conn = before("0099_clear_by_policy");
        conn.execute_batch(
            "INSERT INTO daily_endpoints (capture_date, system, stack, endpoint, tls_state, weak, remote_ip,
                                          connections, tls_sessions, snapshots, first_seen, last_seen) VALUES
                 ('2022-05-31', 'SYSA', 'TCPIP', 'connection', 'policy_only', 0, '10.1.1.1', 1, 0, 1, '', ''),
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'clear', 0, '10.1.1.1', 1, 0, 1, '', ''),
                 ('2022-06-01', 'SYSA', 'TCPIP', 'connection', 'negotiated', 0, '10.1.1.2', 1, 1, 1, '', ''),
                 ('2022-06-02', 'SYSA', 'TCPIP', 'connection', 'not_captured', 0, '10.1.1.1', 1, 0, 1, '', '');
             INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (2, 'SYSA', 'TCPIP', '2022-06-02', '.', '2022-06-02T08:00:01');
             INSERT INTO group_actions (snapshot_id, capture_id, source_line, name, ttls_enabled)
                 VALUES (1, 1, 30, 'GRPOFF', 0);
             INSERT INTO env_actions (snapshot_id, capture_id, source_line, name, application_controlled)
                 VALUES (1, 1, 31, 'FTP-ENV', 1), (1, 1, 32, 'CICS-ENV', 0);
             INSERT INTO connections (snapshot_id, capture_id, source_line, source_rank, conn_id, job, state,
                     local_ip, local_port, remote_ip, remote_port, ttls_policy, ttls_group_action, ttls_env_action)
                 VALUES (2, 1, 3, 1, '0000C090', 'DB2PDIST', 'Establsh', '10.1.1.2', 446, '10.1.9.9', 50090, 1,
                         'GRPOFF', 'DRDA-ENV'),
                        (2, 1, 4, 1, '0000C030', 'FTPD12', 'Establsh', '10.1.1.2', 21, '10.40.2.15', 50030, 1,
                         'FTP-GRP', 'FTP-ENV'),
                        (2, 1, 5, 1, '0000C031', 'CICSPRD1', 'Establsh', '10.1.1.2', 443, '10.30.5.31', 50031, 1,
                         'CICS-GRP', 'CICS-ENV');
             INSERT INTO tls_sessions (snapshot_id, capture_id, source_line, conn_id)
                 VALUES (2, 1, 40, '0000C030'), (2, 1, 50, '0000C031');
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0099_clear_by_policy");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT capture_date FROM summaries_pending ORDER BY 1"),
            [[text("2022-05-31")], [text("2022-06-02")]]
        );
        assert_eq!(
            rows(&conn, "SELECT conn_id, tls_state FROM v_connections ORDER BY 1"),
            [
                [text("0000C030"), text("clear")],
                [text("0000C031"), text("policy_only")],
                [text("0000C090"), text("clear")]
            ]
        );
    }

    /// 0101, worked by hand: a run filed under 1 December whose ALL printed
    /// `23:59:58` and TTLS DETAIL `00:00:03` (the run dated 23:59:58): the
    /// TTLS report was taken on 2 December at 00:00:03, and its day is
    /// summarized again; a run of 08:00:01 and 08:00:05 is left alone.
    #[test]
    fn a_report_printed_after_midnight_in_a_run_begun_before_is_taken_on_the_next_day() {
        use rusqlite::types::Value::Text;

        let conn = before("0101_reports_after_midnight");
        conn.execute_batch(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (2, 'SYSA', 'TCPIP', '2026-12-01', '.', '2026-12-01T23:59:58'),
                 (3, 'SYSB', 'TCPIP', '2026-12-01', '.', '2026-12-01T08:00:01');
             INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count) VALUES
                 (2, 1, 2, 'ALL', 'msgid', 'V2R4', 'TCPIP', 'SYSA', '2026-12-01T23:59:58', '23:59:58', 1, 40, 2),
                 (3, 1, 2, 'TTLS DETAIL', 'msgid', 'V2R4', 'TCPIP', 'SYSA', '2026-12-01T00:00:03', '00:00:03', 41, 60, 1),
                 (4, 1, 3, 'ALL', 'msgid', 'V2R4', 'TCPIP', 'SYSB', '2026-12-01T08:00:01', '08:00:01', 1, 40, 2),
                 (5, 1, 3, 'TTLS DETAIL', 'msgid', 'V2R4', 'TCPIP', 'SYSB', '2026-12-01T08:00:05', '08:00:05', 41, 60, 1);
             DELETE FROM summaries_pending;",
        )
        .unwrap();
        through(&conn, "0101_reports_after_midnight");
        let text = |s: &str| Text(s.into());
        assert_eq!(
            rows(&conn, "SELECT capture_id, captured_at FROM captures WHERE capture_id > 1 ORDER BY 1"),
            [
                [rusqlite::types::Value::Integer(2), text("2026-12-01T23:59:58")],
                [rusqlite::types::Value::Integer(3), text("2026-12-02T00:00:03")],
                [rusqlite::types::Value::Integer(4), text("2026-12-01T08:00:01")],
                [rusqlite::types::Value::Integer(5), text("2026-12-01T08:00:05")]
            ]
        );
        assert_eq!(
            rows(&conn, "SELECT system, capture_date FROM summaries_pending"),
            [[text("SYSA"), text("2026-12-01")]]
        );
    }
}
