//! The summaries the canned reports read (migration 0006): they answer as
//! the same reports written over `v_connections` and `tls_sessions` (kept in
//! `tests/fixtures/reports-from-views`), and they hold the same rows
//! whatever the order the captures arrive in, and after a capture changes.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::Connection;
use ttlsinv::canned::{self, Query};
use ttlsinv_gen::Plan;

use crate::util::{project, stderr, TestDir};

/// Three days of two systems, three snapshots a day: connections that
/// persist and come and go, TLS versions and ciphers that change, and a
/// policy change now and then.
fn generated(dir: &TestDir) -> PathBuf {
    let tree = dir.path("tree");
    ttlsinv_gen::run(&Plan { snapshots_per_day: 3, seed: 5, ..Plan::new(tree.clone(), 3, 2, 150) }).unwrap();
    tree
}

fn ingest(dir: &TestDir, db: &str, paths: &[&Path]) {
    let mut args = vec!["--db".to_string(), dir.path(db).to_string_lossy().into_owned(), "ingest".into(), "-q".into()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ttlsinv")).args(&args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

fn rows(conn: &Connection, sql: &str, filters: &Query) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{e}: {sql}"));
    filters.bind("test", &mut stmt).unwrap();
    let columns = stmt.column_count();
    let mut rows = stmt.raw_query();
    let mut all = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        all.push((0..columns).map(|i| row.get::<_, Value>(i).unwrap()).collect());
    }
    all
}

/// A report query; a value that reads as a whole number is bound as one,
/// as `--port` and `--by` bind theirs.
fn filters(pairs: &[(&str, &str)]) -> Query {
    let mut query = Query::default();
    for (name, value) in pairs {
        match value.parse::<i64>() {
            Ok(number) => query.set(name, number),
            Err(_) => query.set(name, value.to_string()),
        }
    }
    query
}

#[test]
fn reports_read_from_summaries_answer_as_the_reports_over_the_views() {
    let dir = TestDir::new();
    let tree = generated(&dir);
    // And two runs of a day whose snapshots tell a connection's protection
    // differently: it counts once, in the state that told the most.
    crate::trust_counters::two_runs_telling_protection_differently(&dir, "runs");
    // And days that did not show a connection's protection between days
    // that did (a BYTEINFO day, ALL without TTLS).
    crate::trust_protected::unshown_days(&dir, "unshown");
    ingest(&dir, "t.db", &[&tree, &project("samples/tree"), &dir.path("runs"), &dir.path("unshown")]);
    let conn = Connection::open(dir.path("t.db")).unwrap();
    // The policy settings as rows: the report over the views nests too
    // deep for SQLite 3.54 over today's v_policy_settings (same rows).
    conn.execute_batch("CREATE TEMP TABLE policy_settings AS SELECT * FROM v_policy_settings").unwrap();
    // The prints of rules and actions that are an older connection's copy
    // (no news about the policy), walked from each object's first print: a
    // TTLS DETAIL print (not a pasearch dump's, nor a TTLS GROUP report's,
    // which are as of their capture) is as of the latest StartDate of the
    // connections whose TLS sessions name its rule (or a rule naming the
    // action); one as of before the print standing before it is stale, any
    // other stands from then on.
    conn.execute_batch(
        "CREATE TEMP TABLE stale_prints AS
         WITH RECURSIVE prints AS (
             SELECT s.system, s.stack, s.captured_at, o.*,
                    o.source = 'netstat' AND k.report_kind NOT LIKE 'TTLS GROUP%' AS ttls,
                    row_number() OVER (PARTITION BY s.system, s.stack, o.object, o.name
                                       ORDER BY s.captured_at, s.snapshot_id) AS n
             FROM (SELECT snapshot_id, capture_id, source, 'rule' AS object, name FROM rules
                   UNION ALL SELECT snapshot_id, capture_id, source, 'group_action', name FROM group_actions
                   UNION ALL SELECT snapshot_id, capture_id, source, 'env_action', name FROM env_actions
                   UNION ALL SELECT snapshot_id, capture_id, source, 'conn_action', name FROM conn_actions) o
             JOIN snapshots s ON s.snapshot_id = o.snapshot_id
             JOIN captures k ON k.capture_id = o.capture_id
         ),
         dated AS (
             SELECT p.*,
                    CASE WHEN p.ttls
                         THEN (SELECT max(c.started_at) FROM tls_sessions t
                               JOIN connections c ON c.snapshot_id = t.snapshot_id AND c.conn_id = t.conn_id
                               JOIN rules r ON r.snapshot_id = t.snapshot_id AND r.name = t.rule_name
                               WHERE t.snapshot_id = p.snapshot_id
                                 AND p.name = CASE p.object WHEN 'rule' THEN r.name
                                                            WHEN 'group_action' THEN r.group_action
                                                            WHEN 'env_action' THEN r.env_action
                                                            ELSE r.conn_action END)
                         ELSE p.captured_at END AS at
             FROM prints p
         ),
         walk AS (
             SELECT system, stack, object, name, n, snapshot_id, 0 AS stale, at AS standing FROM dated WHERE n = 1
             UNION ALL
             SELECT d.system, d.stack, d.object, d.name, d.n, d.snapshot_id,
                    d.ttls AND d.at < w.standing IS 1,
                    CASE WHEN d.ttls AND d.at < w.standing THEN w.standing ELSE d.at END
             FROM walk w JOIN dated d USING (system, stack, object, name)
             WHERE d.n = w.n + 1
         )
         SELECT snapshot_id, object, name FROM walk WHERE stale",
    )
    .unwrap();
    // How the reports count a connection once a day: in the row of its
    // snapshot of the day whose TLS state told the most (negotiated, then
    // policy_only, then not_captured or clear, then unknown; the first of
    // those: `stands`), continued from the date of its first row that day
    // (`day_from`); the traffic of a row that told less than that one goes
    // under that one's state (but for a row shown clear, whose bytes went in
    // clear), and when that state shows nothing of its
    // protection (unknown, not_captured), under the state (and cipher suite)
    // it counts in on the first day that showed it clear or negotiated
    // (`traffic_state`, `traffic_cipher`, `carried`).
    conn.execute_batch(
        "CREATE TEMP TABLE connection_days_own AS
         SELECT *,
             connection_id = first_value(connection_id) OVER day AS stands,
             CASE WHEN identity_id IS NOT NULL AND tls_state IS NOT 'clear'
                       AND told < max(told) OVER (PARTITION BY identity_id, capture_date)
                  THEN first_value(tls_state) OVER day ELSE tls_state END AS own_traffic_state,
             CASE WHEN identity_id IS NOT NULL AND tls_state IS NOT 'clear'
                       AND told < max(told) OVER (PARTITION BY identity_id, capture_date)
                  THEN first_value(cipher_code) OVER day ELSE cipher_code END AS own_traffic_cipher,
             first_value(previous_date) OVER (
                 PARTITION BY identity_id, capture_date ORDER BY captured_at, snapshot_id) AS day_from
         FROM (SELECT *, CASE WHEN tls_state = 'negotiated' THEN 3 WHEN tls_state = 'policy_only' THEN 2
                              WHEN tls_state IN ('clear', 'not_captured') THEN 1 ELSE 0 END AS told
               FROM v_connections)
         WINDOW day AS (PARTITION BY identity_id, capture_date ORDER BY told DESC, captured_at, snapshot_id);
         CREATE INDEX temp.connection_days_own_identity ON connection_days_own (identity_id);
         CREATE TEMP VIEW connection_days AS
         SELECT *, coalesce(shown ->> 0, own_traffic_state) AS traffic_state,
             CASE WHEN shown IS NULL THEN own_traffic_cipher ELSE shown ->> 1 END AS traffic_cipher,
             shown IS NOT NULL AS carried,
             -- a negotiated row counts once per negotiation: from the last earlier date of the same one
             CASE WHEN tls_state = 'negotiated' AND identity_id IS NOT NULL
                  THEN (SELECT max(o.capture_date) FROM temp.connection_days_own o
                        WHERE o.identity_id = d.identity_id AND o.tls_state = 'negotiated'
                          AND o.tls_protocol IS d.tls_protocol AND o.cipher_code IS d.cipher_code
                          AND o.key_share IS d.key_share AND o.capture_date < d.capture_date)
                  ELSE day_from END AS negotiation_from
         FROM (SELECT *,
                   CASE WHEN endpoint = 'connection' AND own_traffic_state IN ('unknown', 'not_captured')
                        THEN (SELECT json_array(s.tls_state, s.cipher_code) FROM temp.connection_days_own s
                              WHERE s.identity_id = d.identity_id AND s.stands AND s.tls_state IN ('clear', 'negotiated')
                              ORDER BY s.capture_date LIMIT 1) END AS shown
               FROM temp.connection_days_own d) d",
    )
    .unwrap();
    let filter_sets = [
        filters(&[]),
        filters(&[("from", "2026-01-02"), ("to", "2026-01-02")]),
        filters(&[("system", "sys001")]),
        filters(&[("system", "SYSA"), ("stack", "tcpip")]),
        filters(&[("job", "C*")]),
        filters(&[("port", "443")]),
        filters(&[("by_peer", "1")]),
    ];
    let dir_of_views = project("tests/fixtures/reports-from-views");
    let mut compared = 0;
    let fixtures = std::fs::read_dir(&dir_of_views).unwrap().count();
    assert_eq!(fixtures, 12, "one fixture per report rewritten to read summaries");
    // impact switches off a protocol, a cipher suite and a key share group
    // (each looked up by its negotiations), or a signature pair (every
    // negotiated row, judged by its rule) beside a protocol.
    let disables = [
        r#"[{"kind":"protocol","code":"TLSv1.0"},{"kind":"cipher","code":"C027"},{"kind":"group","code":"0029"}]"#,
        r#"[{"kind":"signature_pair","code":"0401"},{"kind":"protocol","code":"TLSv1.3"}]"#,
    ];
    for entry in std::fs::read_dir(&dir_of_views).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let canned = canned::find(&name).unwrap_or_else(|| panic!("{name} is not a canned report"));
        let mut over_views = std::fs::read_to_string(&path).unwrap();
        if name == "impact" {
            // Its fixture is what it read of the facts: in place of what it reads of the summaries.
            let start = canned.sql.find("matched AS MATERIALIZED (").unwrap();
            let end = canned.sql.find("-- What the rules of the snapshots").unwrap();
            over_views = format!("{}{over_views}{}", &canned.sql[..start], &canned.sql[end..]);
        }
        let over_views = over_views.replace("v_policy_settings", "temp.policy_settings");
        let takes = |p: &str| over_views.contains(&format!(":{p}"));
        let sets = filter_sets.iter().flat_map(|set| {
            let set = Query { values: set.values.iter().filter(|(k, _)| takes(k)).cloned().collect() };
            match name.as_str() {
                "tls-adoption" => vec![set.with("by_stack", 1).with("by_port", 1)],
                "impact" => disables.iter().map(|disable| set.clone().with("disable", disable.to_string())).collect(),
                _ => vec![set],
            }
        });
        for set in sets {
            let expected = rows(&conn, &over_views, &set);
            let actual = rows(&conn, canned.sql, &set);
            let missing: Vec<_> = expected.iter().filter(|r| !actual.contains(r)).collect();
            let extra: Vec<_> = actual.iter().filter(|r| !expected.contains(r)).collect();
            assert_eq!(actual, expected, "{name} with {:?}: missing {missing:?}, extra {extra:?}", set.values);
            if set.values.iter().all(|(k, _)| ["by_stack", "by_port", "disable"].contains(&k.as_str())) {
                assert!(!expected.is_empty(), "{name} shows nothing on this tree: the comparison proves little");
            }
            compared += 1;
        }
    }
    assert_eq!(compared, (fixtures - 1 + disables.len()) * filter_sets.len());
}

/// The summary rows, ordered, without snapshot ids (which depend on the
/// order files were read in).
fn summaries(db: &Path) -> Vec<(String, Vec<Vec<Value>>)> {
    let conn = Connection::open(db).unwrap();
    let pending: i64 = conn.query_row("SELECT count(*) FROM summaries_pending", [], |r| r.get(0)).unwrap();
    assert_eq!(pending, 0);
    [
        "daily_endpoints",
        "daily_services",
        "daily_capacity",
        "endpoint_days",
        "regressions",
        "policy_objects JOIN snapshots USING (snapshot_id)",
        "negotiated_days JOIN snapshots USING (snapshot_id)",
        "connection_protection",
        "unshown_traffic",
    ]
    .iter()
    .map(|table| {
        let columns = conn.prepare(&format!("SELECT * FROM {table}")).unwrap().column_count();
        let order = (1..=columns).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT * FROM {table} ORDER BY {order}");
        let mut all = rows(&conn, &sql, &filters(&[]));
        if table.contains("JOIN snapshots") || ["connection_protection", "unshown_traffic"].contains(table) {
            // Ids, and run keys (folders in the tree given: a day folder
            // given alone is a tree of its own), are no summaries.
            let stmt = conn.prepare(&sql).unwrap();
            let ids = ["snapshot_id", "run_key", "identity_id"].map(|name| stmt.column_index(name).ok());
            for row in &mut all {
                for id in ids.iter().flatten() {
                    row[*id] = Value::Null;
                }
            }
            all.sort_by_key(|row| format!("{row:?}"));
        }
        (table.to_string(), all)
    })
    .collect()
}

#[test]
fn summaries_are_the_same_whatever_order_the_days_arrive_in() {
    let dir = TestDir::new();
    let tree = generated(&dir);
    let day = |d: &str| tree.join(format!("2026-01-0{d}"));
    ingest(&dir, "in-order.db", &[&tree]);
    // The last day first, then the first, then the one in between.
    for d in ["3", "1", "2"] {
        ingest(&dir, "backwards.db", &[&day(d)]);
    }
    let expected = summaries(&dir.path("in-order.db"));
    assert!(expected.iter().find(|(t, _)| t == "regressions").is_some_and(|(_, rows)| !rows.is_empty()));
    assert_eq!(summaries(&dir.path("backwards.db")), expected);
}

#[test]
fn a_changed_capture_rebuilds_its_day_and_the_next_day_s_comparison() {
    let dir = TestDir::new();
    let tree = generated(&dir);
    ingest(&dir, "t.db", &[&tree]);
    // Every TLS 1.2 session of the last snapshot of the middle day was TLS
    // 1.3: the next day, back on TLS 1.2, is a regression from it.
    let last = std::fs::read_dir(tree.join("2026-01-02/SYS001")).unwrap().map(|e| e.unwrap().path()).max().unwrap();
    let file = last.join("ttls-detail.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replace("TLS Version 1.2", "TLS Version 1.3");
    assert_ne!(text, changed);
    std::fs::write(&file, changed).unwrap();
    ingest(&dir, "t.db", &[&tree]);
    ingest(&dir, "fresh.db", &[&tree]);
    let rebuilt = summaries(&dir.path("t.db"));
    assert_eq!(rebuilt, summaries(&dir.path("fresh.db")));
    let conn = Connection::open(dir.path("t.db")).unwrap();
    let next_day: i64 = conn
        .query_row(
            "SELECT count(*) FROM regressions WHERE system = 'SYS001' AND capture_date = '2026-01-03'
             AND across_days = 1 AND worse LIKE 'TLSv1.3 to TLSv1.2%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(next_day > 0, "the step back to TLS 1.2 on the next day is not seen as a regression");
}

#[test]
fn reports_say_when_days_wait_for_their_summaries() {
    let dir = TestDir::new();
    ingest(&dir, "t.db", &[&project("samples/tree")]);
    let quiet = dir.run(&["report", "tls-adoption"]);
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
    // As an ingest interrupted after writing its files leaves it.
    let conn = Connection::open(dir.path("t.db")).unwrap();
    conn.execute("INSERT INTO summaries_pending SELECT DISTINCT system, stack, capture_date FROM snapshots", [])
        .unwrap();
    let noted = dir.run(&["report", "tls-adoption"]);
    assert!(noted.status.success());
    assert!(
        stderr(&noted).starts_with("note: 7 capture days (system, stack, date) are not summarized yet"),
        "{}",
        stderr(&noted)
    );
    ingest(&dir, "t.db", &[&project("samples/tree")]);
    assert_eq!(stderr(&dir.run(&["report", "tls-adoption"])), "");
}

#[test]
fn a_new_catalog_rebuilds_every_summary() {
    let dir = TestDir::new();
    ingest(&dir, "t.db", &[&project("samples/tree")]);
    let before = summaries(&dir.path("t.db"));
    // What an older ttlsinv with other grades would have left.
    let conn = Connection::open(dir.path("t.db")).unwrap();
    conn.execute_batch(
        "UPDATE cipher_suites SET grade = 'recommended' WHERE code = '003C';
         UPDATE daily_endpoints SET cipher_grade = 'recommended' WHERE cipher_code = '003C';",
    )
    .unwrap();
    drop(conn);
    ingest(&dir, "t.db", &[&project("samples/tree")]);
    assert_eq!(summaries(&dir.path("t.db")), before);
}

/// The summaries read the days' rows a snapshot at a time from
/// `v_connection_core`, the view under `v_connections`, with what they
/// derive of their own (sql/summarize/days-rows.sql: the grade's rank,
/// whether a session was printed, whether it started earlier): every column
/// of every row is what `v_connections` says, on the samples, the fixtures with captures,
/// generated trees of shapes (a) and (b), and a capture written here where
/// direction comes from each kind of evidence but a handshake role.
#[test]
fn the_summaries_read_each_row_as_v_connections_gives_it() {
    let dir = TestDir::new();
    let tree = generated(&dir);
    let clients = dir.path("clients");
    let shape = ttlsinv_gen::Shape::Clients;
    ttlsinv_gen::run(&Plan { snapshots_per_day: 2, seed: 7, shape, ..Plan::new(clients.clone(), 2, 2, 120) }).unwrap();
    // FTPD1 listens on 21 and has a client (listener); a local client of
    // it from 127.0.0.1 (own listener); PAYCLNT goes from 1030 to 443 and
    // BATCH1 from 50123 to 50999, where nothing listens on a day that shows
    // listeners (no listener). SYSF's day shows no listener: the same
    // PAYCLNT (port numbers) and BATCH1, two ports above 49152 (none);
    // CSQ2CHIN serves two clients on 1415 (peers); BATCH2 reaches
    // 10.8.0.7..8080 from two local ports (remote). (On SYSE's day, which
    // shows listeners, `no listener` would decide those: migration 0040.)
    let no_listener = "EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I PAYCLNT  00000106 10.1.1.2..1030         10.8.0.9..443          Establsh
EZZ2587I BATCH1   00000201 10.1.1.2..50123        10.7.0.1..50999        Establsh
EZZ2587I CSQ2CHIN 00000101 10.1.1.2..1415         10.7.0.1..50001        Establsh
EZZ2587I CSQ2CHIN 00000102 10.1.1.2..1415         10.7.0.2..50002        Establsh
EZZ2587I BATCH2   00000401 10.1.1.2..50601        10.8.0.7..8080         Establsh
EZZ2587I BATCH2   00000402 10.1.1.2..50602        10.8.0.7..8080         Establsh
";
    dir.write("evidence/2026-03-01/SYSF/allconn.txt", no_listener);
    dir.write(
        "evidence/2026-03-01/SYSE/allconn.txt",
        "EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I FTPD1    00000021 0.0.0.0..21            0.0.0.0..0             Listen
EZZ2587I FTPD1    00000301 10.1.1.2..21           10.7.0.9..50731        Establsh
EZZ2587I BATCH3   00000302 127.0.0.1..50500       127.0.0.1..21          Establsh
EZZ2587I PAYCLNT  00000106 10.1.1.2..1030         10.8.0.9..443          Establsh
EZZ2587I BATCH1   00000201 10.1.1.2..50123        10.7.0.1..50999        Establsh
",
    );
    let fixtures = ["samples/tree", "tests/fixtures/compliance", "tests/fixtures/html", "tests/fixtures/quantum"];
    let mut paths: Vec<PathBuf> = fixtures.iter().map(|f| project(f)).collect();
    paths.extend([tree, clients, dir.path("evidence")]);
    ingest(&dir, "t.db", &paths.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    let conn = Connection::open(dir.path("t.db")).unwrap();
    // What the summaries read before, through the view (but what a row
    // shares with its snapshot, read with the snapshot).
    let through_view = "
        SELECT v.snapshot_id, v.conn_id, v.endpoint, v.direction, v.service_port, v.job, v.remote_ip, v.tls_state,
            v.tls_protocol, v.protocol_rank, v.cipher_code, v.cipher_name, v.key_share, v.protocol_grade,
            v.cipher_grade, v.key_share_grade, v.worst_grade, g.rank, v.aead, v.traffic_bytes_in, v.traffic_bytes_out,
            v.traffic_segments_in, v.traffic_segments_out,
            EXISTS (SELECT 1 FROM tls_sessions t WHERE t.snapshot_id = v.snapshot_id AND t.conn_id = v.conn_id),
            v.identity_id, v.previous_date,
            -- counters printed for the first time by a connection started before the day
            CASE WHEN substr(v.started_at, 1, 10) < v.capture_date AND coalesce(v.bytes_in, v.bytes_out) IS NOT NULL
                      AND v.traffic_bytes_in IS v.bytes_in AND v.traffic_bytes_out IS v.bytes_out
                 THEN v.previous_connection_id IS NULL OR (SELECT p.bytes_in IS NULL AND p.bytes_out IS NULL
                     FROM connections p WHERE p.connection_id = v.previous_connection_id)
                 ELSE 0 END
        FROM v_connections v LEFT JOIN grades g ON g.grade = v.worst_grade
        ORDER BY v.snapshot_id, v.conn_id";
    let expected = rows(&conn, through_view, &filters(&[]));
    // The same columns of the summaries' read of each snapshot, with what
    // days.rs works out of them: the service port; the direction, the
    // connection's strongest entry (directions.rs keeps it as the rows write
    // theirs) where the row's own evidence is weaker; the worst grade, the
    // first of the lowest rank (days.rs's `Grades`).
    let read = include_str!("../../sql/summarize/days-rows.sql").trim().trim_end_matches(';');
    let ours = format!(
        "SELECT ?1, conn_id, endpoint, direction,
             CASE direction WHEN 'inbound' THEN local_port WHEN 'outbound' THEN remote_port END, job, remote_ip,
             tls_state, tls_protocol, protocol_rank, cipher_code, cipher_name, key_share, protocol_grade,
             cipher_grade, key_share_grade,
             CASE WHEN grade_rank IS NULL THEN NULL WHEN grade_rank = gp THEN protocol_grade
                 WHEN grade_rank = gc THEN cipher_grade ELSE key_share_grade END,
             grade_rank, aead, traffic_bytes_in, traffic_bytes_out,
             traffic_segments_in, traffic_segments_out, has_session, identity_id, previous_date, started_earlier
         FROM (SELECT *, nullif(min(gp, gc, gk), 99) AS grade_rank,
                   coalesce((SELECT x.direction FROM connection_directions x WHERE x.identity_id = r.identity_id
                             AND r.evidence_rank IS NOT NULL AND x.rank < r.evidence_rank
                             ORDER BY x.rank, x.capture_date LIMIT 1), own_direction) AS direction
               FROM (SELECT r.*,
                         coalesce((SELECT rank FROM grades WHERE grade = protocol_grade), 99) AS gp,
                         coalesce((SELECT rank FROM grades WHERE grade = cipher_grade), 99) AS gc,
                         coalesce((SELECT rank FROM grades WHERE grade = key_share_grade), 99) AS gk
                     FROM ({read}) r) r)
         ORDER BY conn_id"
    );
    let mut ours = conn.prepare(&ours).unwrap();
    let mut snapshots = conn.prepare("SELECT snapshot_id FROM snapshots ORDER BY 1").unwrap();
    let mut snapshots = snapshots.query([]).unwrap();
    let mut actual = Vec::new();
    while let Some(s) = snapshots.next().unwrap() {
        let snapshot_id: i64 = s.get(0).unwrap();
        let mut read = ours.query([snapshot_id]).unwrap();
        while let Some(row) = read.next().unwrap() {
            actual.push((0..27).map(|i| row.get::<_, Value>(i).unwrap()).collect::<Vec<_>>());
        }
    }
    assert_eq!(actual.len(), expected.len());
    for (ours, theirs) in actual.iter().zip(&expected) {
        assert_eq!(ours, theirs);
    }
    let mut kinds = conn.prepare("SELECT DISTINCT coalesce(direction_evidence, '-') FROM v_connections").unwrap();
    let mut kinds: Vec<String> = kinds.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    kinds.sort();
    assert_eq!(kinds, ["-", "listener", "no listener", "own listener", "peers", "port numbers", "remote", "rule"]);
}
