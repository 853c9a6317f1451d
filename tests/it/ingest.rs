//! End-to-end ingest through the binary: merge, idempotence, changes and
//! problems, on the published captures.

use crate::util::{fixture, stderr, TestDir};

const PUBLISHED: &[&str] = &[
    "netstat-all-port1414.txt",
    "netstat-allconn-port1414.txt",
    "netstat-ttls-conn-detail.txt",
    "netstat-ttls-group.txt",
    "netstat-ttls-group-detail.txt",
];

/// The published captures as one capture run of SYSA on 2022-05-31.
fn published_tree() -> TestDir {
    let dir = TestDir::new();
    for name in PUBLISHED {
        dir.write(&format!("captures/2022-05-31/SYSA/{name}"), fixture(&format!("published/{name}")));
    }
    dir
}

#[test]
fn reports_of_one_run_merge_into_one_connection_row() {
    let dir = published_tree();
    let output = dir.run(&["ingest", dir.path("captures").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).ends_with(
        "5 files: 5 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 ALL, 1 CONN/ALLCONN, 1 TTLS DETAIL, \
         1 TTLS GROUP, 1 TTLS GROUP DETAIL; 1 snapshots, 3 endpoint rows (2 connection, 1 listener), 1 TLS session rows; 0 problems\n"
    ));
    // ALL and ALLCONN print 000000BB with foreign socket 10.1.0.2..51844:
    // one row. The TTLS DETAIL report prints 000000bb with RemoteSocket
    // 10.1.0.2..53230, a later session of the conn id (the published
    // README): another connection, kept apart under its job, port and
    // socket, with the negotiated session; 000000BB has a rule (ALL:
    // TTLSPolicy Yes and its rule and actions) and no session of its own.

    let rows = dir.csv(
        "SELECT system, stack, captured_at, capture_date, conn_id, job, local_ip, local_port, remote_ip, remote_port, \
         state, bytes_in, bytes_out, segments_in, segments_out, started_at, ttls_policy, ttls_rule, ttls_group_action, \
         ttls_env_action, tls_protocol, cipher_code, cipher_name, key_share, source_line, \
         replace(source_file, rtrim(source_file, replace(source_file, '/', '')), '') AS file \
         FROM v_connections ORDER BY conn_id",
    );
    assert_eq!(
        rows,
        "system,stack,captured_at,capture_date,conn_id,job,local_ip,local_port,remote_ip,remote_port,state,bytes_in,\
         bytes_out,segments_in,segments_out,started_at,ttls_policy,ttls_rule,ttls_group_action,ttls_env_action,\
         tls_protocol,cipher_code,cipher_name,key_share,source_line,file\n\
         SYSA,TCPIP,2022-05-31T16:40:39,2022-05-31,-CSQ9CHIN-1414-10.1.0.2..53230,CSQ9CHIN,10.1.1.2,1414,10.1.0.2,\
         53230,,,,,,,1,REMOTE-TO-CSQ1,CSQ1-GROUP-ACTION,CSQ1-INBOUND-ENVIRONMENT-ACTION,TLSv1.2,003C,\
         TLS_RSA_WITH_AES_128_CBC_SHA256,,2,netstat-ttls-conn-detail.txt\n\
         SYSA,TCPIP,2022-05-31T16:40:39,2022-05-31,00000022,CSQ9CHIN,0.0.0.0,1414,0.0.0.0,0,Listen,,,,,,,,,,,,,,5,\
         netstat-allconn-port1414.txt\n\
         SYSA,TCPIP,2022-05-31T16:40:39,2022-05-31,000000BB,CSQ9CHIN,10.1.1.2,1414,10.1.0.2,51844,Establsh,2248,2076,\
         20,14,2022-05-31T16:31:54,1,REMOTE-TO-CSQ1,CSQ1-GROUP-ACTION,CSQ1-INBOUND-ENVIRONMENT-ACTION,,,,,2,\
         netstat-all-port1414.txt\n"
    );

    let env = dir.csv(
        "SELECT name, tlsv1, tlsv1_1, tlsv1_2, tlsv1_3, keyring, client_auth_type,
                (SELECT count(*) FROM env_action_signature_pairs p WHERE p.env_action_id = e.env_action_id AND setting = 'SignaturePairs'),
                (SELECT group_concat(code) FROM env_action_signature_pairs p WHERE p.env_action_id = e.env_action_id AND setting = 'SignaturePairs'),
                (SELECT group_concat(code) FROM env_action_groups g WHERE g.env_action_id = e.env_action_id AND setting = 'ClientECurves'),
                (SELECT count(*) FROM env_action_groups g WHERE g.env_action_id = e.env_action_id AND setting = 'ServerKeyShareGroups')
         FROM env_actions e",
    );
    let expected = "CSQ1-INBOUND-ENVIRONMENT-ACTION,0,0,1,1,START1/MQRING,Required,16,\
        \"0601,0603,0501,0503,0401,0403,0402,0301,0303,0302,0201,0203,0202,0806,0805,0804\",\
        \"0021,0023,0024,0025,0019,0029\",5\n";
    assert!(env.ends_with(expected), "{env}");

    // Group ids and counts; CSQ1-GROUP-ACTION is also printed by TTLS DETAIL
    // (GroupID 00000007, from another day of the article): neither report
    // prints a time, and the TTLS GROUP report's print (the group action as
    // it is) stands over TTLS DETAIL's (the copy the connection was set up
    // with), so its id 0000003F is kept and the tables add the counts.
    let groups = dir.csv("SELECT name, group_id, conns, tasks FROM group_actions ORDER BY name");
    assert_eq!(
        groups,
        "name,group_id,conns,tasks\nCSQ1-GROUP-ACTION,0000003F,1,4\nGA1,00000042,0,4\nGrpActOff,00000040,0,4\nGrpActOn,00000041,0,4\n"
    );
    let envs = dir.csv("SELECT env_action, conns FROM group_action_envs");
    assert_eq!(envs, "env_action,conns\nCSQ1-INBOUND-ENVIRONMENT-ACTION,1\n");
}

fn counts(dir: &TestDir) -> String {
    dir.csv(
        "SELECT (SELECT count(*) FROM capture_files), (SELECT count(*) FROM captures), (SELECT count(*) FROM snapshots),
                (SELECT count(*) FROM connections), (SELECT count(*) FROM tls_sessions), (SELECT count(*) FROM rules),
                (SELECT count(*) FROM group_actions), (SELECT count(*) FROM env_actions),
                (SELECT count(*) FROM env_action_signature_pairs), (SELECT count(*) FROM attributes)",
    )
}

#[test]
fn ingest_again_adds_nothing_and_a_changed_file_replaces_its_rows() {
    let dir = published_tree();
    let captures = dir.path("captures");
    let captures = captures.to_str().unwrap();
    assert_eq!(dir.run(&["ingest", captures]).status.code(), Some(0));
    let first = counts(&dir);
    // 3 endpoints: the listener, 000000BB and the TTLS DETAIL report's entry
    // for 000000bb, another connection (RemoteSocket 10.1.0.2..53230, where
    // ALL prints Foreign Socket 10.1.0.2..51844), kept apart. 45 attributes:
    // 43 fields printed without a column, the entry's `ConnID (reused)`
    // 000000BB, and CSQ1-GROUP-ACTION's Group ID 0000003F of TTLS GROUP
    // DETAIL and TTLS GROUP (once), where TTLS DETAIL prints 00000007 (kept
    // beside it).
    assert!(first.ends_with("\n5,5,1,3,1,1,4,1,17,45\n"), "{first}");

    let again = dir.run(&["ingest", captures]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stderr(&again).contains("5 files: 0 ingested, 5 unchanged"), "{}", stderr(&again));
    assert_eq!(counts(&dir), first);

    // Same content, new modification time: hashed, found unchanged.
    let all = dir.path("captures/2022-05-31/SYSA/netstat-all-port1414.txt");
    let text = std::fs::read_to_string(&all).unwrap();
    std::fs::write(&all, &text).unwrap();
    let touched = dir.run(&["ingest", captures]);
    assert!(stderr(&touched).contains("0 ingested, 5 unchanged"), "{}", stderr(&touched));
    assert_eq!(counts(&dir), first);

    // Changed content: the file and its snapshot are rebuilt, nothing doubles.
    std::fs::write(&all, text.replace("0000002248", "0000009999")).unwrap();
    let changed = dir.run(&["ingest", captures]);
    assert_eq!(changed.status.code(), Some(0), "{}", stderr(&changed));
    assert!(stderr(&changed).contains("5 ingested"), "{}", stderr(&changed));
    assert_eq!(counts(&dir), first);
    assert_eq!(dir.csv("SELECT bytes_in FROM v_connections WHERE conn_id = '000000BB'"), "bytes_in\n9999\n");
}

#[test]
fn garbage_in_a_report_is_located_and_everything_else_kept() {
    let dir = published_tree();
    let all = fixture("published/netstat-all-port1414.txt");
    let mut lines: Vec<&str> = all.lines().collect();
    lines.insert(10, "\u{1}\u{2}#@!garbage line from a bad transfer");
    dir.write("captures/2022-05-31/SYSA/netstat-all-port1414.txt", lines.join("\n") + "\n");
    let output = dir.run(&["ingest", dir.path("captures").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    let file = dir.path("captures/2022-05-31/SYSA/netstat-all-port1414.txt").canonicalize().unwrap();
    let expected = format!(
        "{}:11: expected `Key: value` in a NETSTAT ALL block, found `\\u{{1}}\\u{{2}}#@!garbage line from a bad transfer`\n",
        file.display()
    );
    assert!(err.starts_with(&expected), "{err}");
    assert!(err.ends_with("5 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 ALL, 1 CONN/ALLCONN, 1 TTLS DETAIL, 1 TTLS GROUP, 1 TTLS GROUP DETAIL; 1 snapshots, 3 endpoint rows (2 connection, 1 listener), 1 TLS session rows; 1 problems\n"), "{err}");
    // The block around the garbage is kept whole.
    assert_eq!(
        dir.csv("SELECT bytes_in, rcv_nxt, send_stalled FROM connections WHERE conn_id = '000000BB'"),
        "bytes_in,rcv_nxt,send_stalled\n2248,626077759,0\n"
    );
    let recorded = dir.csv("SELECT line, reason FROM ingest_problems");
    assert!(recorded.starts_with("line,reason\n11,\"expected `Key: value`"), "{recorded}");

    // A later run says it again, without reading the file: nothing new
    // went wrong, so it exits 0 (see trust_nightly).
    let again = dir.run(&["ingest", dir.path("captures").to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stderr(&again).contains(":11: expected `Key: value` in a NETSTAT ALL block"), "{}", stderr(&again));
    assert!(stderr(&again).contains("recorded earlier"));
    assert!(stderr(&again).ends_with("; 1 problems (1 recorded earlier)\n"), "{}", stderr(&again));
}

#[test]
fn files_without_a_date_or_report_fail_alone() {
    let dir = published_tree();
    let other_day = fixture("published/netstat-allconn-port1414.txt").replace("000000BB", "000000CC");
    dir.write("captures/undated/netstat.txt", other_day);
    dir.write("captures/2022-05-31/SYSA/empty.txt", "");
    dir.write(
        "captures/2022-05-31/SYSA/errors.txt",
        "READY\nNETSTAT ALLCONN\nEZZ2376I Could not determine TCPIPjobname, using default of INET\nREADY\n",
    );
    // The same TTLS GROUP text on another day is that day's observation (it
    // prints no time); the same text again on that day is a copy.
    dir.write("captures/2022-06-01/SYSA/group.txt", fixture("published/netstat-ttls-group.txt"));
    dir.write("captures/2022-06-01/SYSA/copy.txt", fixture("published/netstat-ttls-group.txt"));
    let output = dir.run(&["ingest", dir.path("captures").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(err.contains("undated/netstat.txt: no capture date in the path"), "{err}");
    assert!(err.contains("give --date or --layout"), "{err}");
    assert!(err.contains("empty.txt: empty file (0 bytes)"), "{err}");
    assert!(err.contains("errors.txt: no NETSTAT report, only messages EZZ2376I"), "{err}");
    // In path order copy.txt comes first: group.txt is the copy.
    assert!(err.contains("2022-06-01/SYSA/group.txt: note: same content as "), "{err}");
    assert!(err.ends_with("10 files: 6 ingested, 0 unchanged, 1 duplicate, 0 not captures, 3 failed; reports: 1 ALL, 1 CONN/ALLCONN, 1 TTLS DETAIL, 2 TTLS GROUP, 1 TTLS GROUP DETAIL; 2 snapshots, 3 endpoint rows (2 connection, 1 listener), 1 TLS session rows; 3 problems\n"), "{err}");

    // --date fixes the undated file on the next run.
    let fixed = dir.run(&[
        "ingest",
        "--date",
        "2022-05-30",
        "--system",
        "SYSZ",
        dir.path("captures/undated").to_str().unwrap(),
    ]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert_eq!(
        dir.csv("SELECT system, capture_date, count(*) FROM v_connections GROUP BY 1, 2"),
        // SYSA: the listener, 000000BB and the TTLS DETAIL's entry kept apart.
        "system,capture_date,count(*)\nSYSA,2022-05-31,3\nSYSZ,2022-05-30,2\n"
    );
}

#[test]
fn a_second_ingest_on_the_same_database_fails_fast_and_harms_nothing() {
    let dir = published_tree();
    let captures = dir.path("captures");
    assert_eq!(dir.run(&["ingest", "-q", captures.to_str().unwrap()]).status.code(), Some(0));
    let before = counts(&dir);

    // Another ingest holds the database.
    let held = std::fs::File::open(dir.path("t.db")).unwrap();
    held.try_lock().unwrap();
    let second = dir.run(&["ingest", captures.to_str().unwrap()]);
    assert_eq!(second.status.code(), Some(1));
    let expected = format!(
        "ttlsinv: another ttlsinv ingest or prune is writing to {}: wait for it to finish, or give another --db\n",
        dir.path("t.db").display()
    );
    assert_eq!(stderr(&second), expected);
    // Readers are not held up.
    assert_eq!(counts(&dir), before);
    drop(held);

    let third = dir.run(&["ingest", captures.to_str().unwrap()]);
    assert_eq!(third.status.code(), Some(0));
    assert_eq!(counts(&dir), before);
}

#[test]
fn a_database_of_a_newer_version_or_another_program_is_refused_untouched() {
    let dir = published_tree();
    let captures = dir.path("captures");
    assert_eq!(dir.run(&["ingest", "-q", captures.to_str().unwrap()]).status.code(), Some(0));
    {
        let conn = rusqlite::Connection::open(dir.path("t.db")).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(dir.path("t.db")).unwrap();
    for args in [&["ingest", captures.to_str().unwrap()][..], &["sql", "SELECT 1"], &["report", "coverage"]] {
        let output = dir.run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let expected = format!(
            "ttlsinv: database {} has schema version 99, newer than this ttlsinv knows ({}): use a newer ttlsinv or another --db\n",
            dir.path("t.db").display(),
            ttlsinv::store::MIGRATIONS.len()
        );
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
    assert_eq!(std::fs::read(dir.path("t.db")).unwrap(), before, "the database is not touched");

    let other = dir.path("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE accounts (id INTEGER)").unwrap();
    let before = std::fs::read(&other).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
        .args(["--db", other.to_str().unwrap(), "ingest", captures.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is a SQLite database but not a ttlsinv inventory"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

/// A full disk, simulated with SQLite's page limit: the run stops with an
/// error naming the database, the file being written is rolled back, and a
/// later run with room completes to the same database as an undisturbed one.
#[test]
fn a_full_database_stops_with_its_name_and_loses_nothing() {
    use ttlsinv::ingest::{self, Options};
    use ttlsinv::store::Store;

    let dir = TestDir::new();
    let roots = [crate::util::project("samples/tree")];
    let db = dir.path("full.db");
    let mut store = Store::open(&db).unwrap();
    // No free pages left to fill, and room for a few more only.
    store.connection().execute_batch("VACUUM").unwrap();
    let pages: i64 = store.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    store.connection().pragma_update(None, "max_page_count", pages + 8).unwrap();
    let error = ingest::run(&mut store, &roots, &Options::default(), &mut |_| {}).unwrap_err();
    assert_eq!(format!("{error}"), format!("database {}", db.display()));
    assert!(format!("{:#}", anyhow::Error::from(error)).contains("database or disk is full"));
    drop(store);

    let check = std::process::Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
        .args(["--db", db.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let mut store = Store::open(&db).unwrap();
    let summary = ingest::run(&mut store, &roots, &Options::default(), &mut |_| {}).unwrap();
    assert!(summary.files_unchanged > 0 && summary.files_ingested > 0, "{summary}");
    assert_eq!(summary.files_unchanged + summary.files_ingested, 16);
    drop(store);

    assert_eq!(dir.run(&["ingest", "-q", roots[0].to_str().unwrap()]).status.code(), Some(0));
    let counts = |path: &std::path::Path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        let sql = "SELECT (SELECT count(*) FROM connections) || '/' || (SELECT count(*) FROM attributes) || '/' ||
                          (SELECT count(*) FROM env_action_signature_pairs)";
        conn.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap()
    };
    assert_eq!(counts(&db), counts(&dir.path("t.db")));
}

/// The reports of a capture run are merged in memory before they are
/// written, whether in one TSO file or in several files of one folder; the
/// store merges reports written apart. The rows must be the same every way.
#[test]
fn reports_merged_in_memory_equal_reports_merged_by_the_store() {
    use ttlsinv::ingest::{self, Options};
    use ttlsinv::store::Store;

    let text = std::fs::read_to_string(crate::util::project("samples/tree/2026-11-22/SYSA/netstat.txt")).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let dir = TestDir::new();
    dir.write("one/2026-11-22/SYSA/netstat.txt", &text);
    for (index, report) in ttlsinv::capture::split::split(&text).iter().enumerate() {
        // From the command echo before the header, which names the report.
        let part = lines[report.first_line as usize - 2..report.last_line as usize].join("\n");
        dir.write(&format!("parts/2026-11-22/SYSA/part-{index:02}.txt"), part + "\n");
    }
    let rows = |tree: &str, group_files: usize| {
        let db = dir.path(&format!("{tree}-{group_files}.db"));
        let mut store = Store::open(&db).unwrap();
        let options = Options { group_files, ..Options::default() };
        let summary = ingest::run(&mut store, &[dir.path(tree)], &options, &mut |_| {}).unwrap();
        assert!(summary.is_clean(), "{summary}");
        let sql = "SELECT c.conn_id, c.job, c.local_ip, c.local_port, c.remote_ip, c.remote_port, c.state, c.bytes_in,
                          c.bytes_out, c.started_at, c.ttls_policy, c.ttls_rule, c.rcv_nxt, c.smooth_trip_time,
                          c.source_rank, c.report_count, k.report_kind, t.protocol, t.cipher_code, t.report_count
                   FROM connections c JOIN captures k USING (capture_id)
                   LEFT JOIN tls_sessions t USING (snapshot_id, conn_id) ORDER BY c.conn_id";
        let mut stmt = store.connection().prepare(sql).unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |row| {
                (0..20)
                    .map(|i| row.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|cells| cells.join(","))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    };
    let one_file = rows("one", 0);
    assert_eq!(one_file.len(), 15);
    assert_eq!(rows("parts", 0), one_file, "several files, merged in memory");
    assert_eq!(rows("parts", 1), one_file, "several files, merged by the store");
    // The TLS connection of the published capture: ALL, ALLCONN and TTLS DETAIL.
    let bb = one_file.iter().find(|r| r.starts_with("Text(\"000000BB\")")).unwrap();
    assert!(bb.ends_with("Integer(1),Integer(3),Text(\"ALL\"),Text(\"TLSv1.2\"),Text(\"003C\"),Integer(1)"), "{bb}");
}

/// The database keeps a connection row compactly (schema 18: repeated texts
/// once, times as numbers, sequence numbers as differences), and
/// `connections` and `v_connections` still show each field as printed, with
/// its type. Worked from the capture: 000000C1 is the published block under
/// another id; 000000C2 prints no `StartDate` and no `RcvNxt`/`SndNxt` line, so
/// its `ClientRcvNxt` (0000100200) is kept without the field it is otherwise
/// a difference from.
#[test]
fn every_field_reads_back_as_printed_from_the_compact_row() {
    let dir = TestDir::new();
    dir.write("captures/2022-05-31/SYSA/all.txt", fixture("variants/all-short-block.txt"));
    let output = dir.run(&["ingest", dir.path("captures").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(
            "SELECT conn_id, started_at, typeof(started_at) AS t, last_touched, job, state, rcv_nxt, client_rcv_nxt,
                    typeof(client_rcv_nxt) AS n, init_snd_seq_num, max_snd_wnd, rtt_seq, tcp_prf2, ds_field,
                    smooth_trip_variance, typeof(smooth_trip_variance) AS r, ancillary_input_queue, ttls_rule
             FROM connections ORDER BY conn_id"
        ),
        "conn_id,started_at,t,last_touched,job,state,rcv_nxt,client_rcv_nxt,n,init_snd_seq_num,max_snd_wnd,rtt_seq,\
         tcp_prf2,ds_field,smooth_trip_variance,r,ancillary_input_queue,ttls_rule\n\
         000000C1,2022-05-31T16:31:54,text,16:36:57,CSQ9CHIN,Establsh,626077759,626076574,integer,3598810349,64256,\
         3598814997,20,00,19,real,N/A,REMOTE-TO-CSQ1\n\
         000000C2,,null,16:37:05,TN3270A,Establsh,,100200,integer,200000,29200,200250,20,00,4.5,real,N/A,\n"
    );
    assert_eq!(
        dir.csv("SELECT conn_id, started_at, job, local_ip, state, ttls_rule, ttls_env_action FROM v_connections ORDER BY 1"),
        "conn_id,started_at,job,local_ip,state,ttls_rule,ttls_env_action\n\
         000000C1,2022-05-31T16:31:54,CSQ9CHIN,10.1.1.2,Establsh,REMOTE-TO-CSQ1,CSQ1-INBOUND-ENVIRONMENT-ACTION\n\
         000000C2,,TN3270A,10.1.1.2,Establsh,,\n"
    );
    // Each repeated text is kept once: two jobs, one address, one state,
    // the rule and its two actions, and the arrays of the seldom read TCP
    // settings (since 0022), one per connection here as their
    // MaximumSegmentSize differs (1440, 1460): MaximumSegmentSize, DSField,
    // SockOpt to TcpPrf3, DelayAck Yes, QOSPolicy and RoutingPolicy No,
    // the buffer sizes, Ancillary Input Queue. The counters (ReXmt,
    // ReXmtCount, DupACKs, the data queued, SendStalled No) are columns of
    // their own (since 0026), all 0 in both blocks. And the report's dialect
    // and release (since 0030): msgid (EZZ before every line) and V2R4.
    assert_eq!(dir.csv("SELECT count(*) AS n FROM texts"), "n\n11\n");
    let rest = r#""88","00","04","40","E4","00","89","20","00",1,0,0,65536,65536,"N/A"]"#;
    let packed = format!(
        "SELECT c.conn_id, t.text = '[1440,\"00\",{rest}' AS c1, t.text = '[1460,\"00\",{rest}' AS c2,
                c.rexmt, c.rexmt_count, c.dup_acks, c.receive_data_queued, c.send_data_queued, c.send_stalled
         FROM connection_rows c JOIN texts t ON t.text_id = c.tcp_rare_text_id ORDER BY c.conn_id"
    );
    assert_eq!(
        dir.csv(&packed),
        "conn_id,c1,c2,rexmt,rexmt_count,dup_acks,receive_data_queued,send_data_queued,send_stalled\n\
         000000C1,1,0,0,0,0,0,0,0\n000000C2,0,1,0,0,0,0,0,0\n"
    );
}

/// The published TTLS CONN DETAIL block prints its `SessionID` over two
/// lines, 8 groups of 8 hex digits: `tls_sessions` shows it as before (the
/// lines joined by a blank, 71 characters), kept as its 32 bytes (0022).
#[test]
fn a_session_id_printed_in_hex_reads_back_as_printed_from_its_bytes() {
    let dir = TestDir::new();
    dir.write("captures/2022-05-31/SYSA/ttls.txt", fixture("published/netstat-ttls-conn-detail.txt"));
    let output = dir.run(&["ingest", dir.path("captures").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT session_id, typeof(session_id) AS t FROM tls_sessions"),
        "session_id,t\n01010018 0A010002 CFEE0000 00000000 00000000 00000000 62970B05 00000001,text\n"
    );
    assert_eq!(
        dir.csv("SELECT typeof(session_id) AS t, length(session_id) AS n, hex(session_id) AS h FROM tls_session_rows"),
        "t,n,h\nblob,32,010100180A010002CFEE000000000000000000000000000062970B0500000001\n"
    );
}

/// A database of schema 17 (and one of 21, one of 27) with a netstat report,
/// two connection rows and two TLS sessions (of SYSZ on 2022-05-30, beside
/// the published captures of SYSA): the ingest that upgrades it rewrites them
/// into the compact tables of schemas 18, 20, 22 and 30 (27: only the report,
/// 30), and says so before anything else; the next ingest, on a database up
/// to date, says nothing of it.
#[test]
fn an_upgrade_that_rewrites_rows_is_said_before_it_starts() {
    for version in [17, 21, 27] {
        upgrade_from(version);
    }
}

fn upgrade_from(version: usize) {
    let dir = published_tree();
    let db = dir.path("t.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        for (_, sql) in &ttlsinv::store::MIGRATIONS[..version] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", i64::try_from(version).unwrap()).unwrap();
        conn.execute_batch(
            "INSERT INTO capture_files (file_id, path, sha256, size, system, capture_date, ingested_at)
                 VALUES (1, '/c/2022-05-30/SYSZ/all.txt', 'ab', 10, 'SYSZ', '2022-05-30', '2026-12-06T17:00:00Z');
             INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at)
                 VALUES (1, 'SYSZ', 'TCPIP', '2022-05-30', '.', '2022-05-30T16:40:39');
             INSERT INTO captures (capture_id, file_id, snapshot_id, report_kind, dialect, release, stack, system,
                     captured_at, header_time, first_line, last_line, record_count)
                 VALUES (1, 1, 1, 'ALL', 'msgid', 'V2R4', 'TCPIP', 'SYSZ', '2022-05-30T16:40:39', '16:40:39', 1, 40, 2);
             INSERT INTO connections (connection_id, snapshot_id, capture_id, source_line, source_rank, conn_id, state)
                 VALUES (1, 1, 1, 2, 1, '000000BB', 'Establsh'), (2, 1, 1, 30, 1, '000000BC', 'Establsh');
             INSERT INTO tls_sessions (tls_session_id, snapshot_id, capture_id, source_line, conn_id, protocol)
                 VALUES (1, 1, 1, 60, '000000BB', 'TLSv1.2'), (2, 1, 1, 70, '000000BC', 'TLSv1.3');",
        )
        .unwrap();
    }
    let captures = dir.path("captures");
    let output = dir.run(&["ingest", "-q", captures.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let rewritten = match version {
        27 => "1 netstat reports",
        _ => "2 connection rows, 2 TLS sessions and 1 netstat reports",
    };
    let said = format!(
        "upgrading {} from schema {version} to {} first: its {rewritten} are rewritten into \
         compact tables that take less space. This is done once, and takes a few minutes of CPU for 10 million \
         connection rows; the file keeps the freed pages until `sqlite3 {} VACUUM`",
        db.display(),
        ttlsinv::store::latest_version(),
        db.display()
    );
    assert_eq!(err.lines().next(), Some(said.as_str()), "{err}");
    assert_eq!(dir.csv("SELECT count(*) FROM connections WHERE snapshot_id = 1").lines().nth(1), Some("2"));
    let again = dir.run(&["ingest", "-q", captures.to_str().unwrap()]);
    assert!(!stderr(&again).contains("upgrading"), "{}", stderr(&again));
}

/// The inventory in the folder of its captures (`ttlsinv ingest .` with the
/// default `ttlsinv.db`) is not walked as a capture: its file, `-wal` and
/// `-shm` were three "not a capture" notes on every run, and three rows of
/// `files` (review 14a F11). The folder holds one capture and `t.db`.
#[test]
fn the_inventory_in_the_folder_it_ingests_is_not_a_capture() {
    let dir = published_tree();
    let root = dir.path("captures");
    let db = root.join("ttlsinv.db");
    let ingest = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
            .args(["--db", db.to_str().unwrap(), "ingest", "."])
            .current_dir(&root)
            .env_remove("TTLSINV_DB")
            .output()
            .unwrap()
    };
    let first = ingest();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stderr(&first).contains("5 files: 5 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed"));
    let again = ingest();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stderr(&again).contains("5 files: 0 ingested, 5 unchanged, 0 duplicate, 0 not captures, 0 failed"));
    assert!(!stderr(&again).contains("ttlsinv.db"), "{}", stderr(&again));
}
