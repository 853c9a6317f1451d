//! The console dialect: `D TCPIP,,NETSTAT,...` replies in a SYSLOG extract,
//! with SYSLOG prefixes, read into the same rows as the TSO output of the
//! same connections.

use chrono::{NaiveDate, NaiveTime};
use ttlsinv::model::{ConnectionSource, Dialect, ReportKind, Socket, TlsProtocol};

use crate::util::{fixture, parse_all, stderr, TestDir};

const SYSLOG: &str = "console/syslog-sysa-2022151.txt";

#[test]
fn a_syslog_extract_holds_four_console_reports() {
    let text = fixture(SYSLOG);
    let reports = ttlsinv::capture::split::split(&text);
    let found: Vec<_> =
        reports.iter().map(|r| (r.kind, r.dialect, r.first_line, r.last_line, r.header.time, r.body.len())).collect();
    let at = |h, m, s| NaiveTime::from_hms_opt(h, m, s);
    let console = Dialect::Console;
    assert_eq!(
        found,
        [
            (ReportKind::All, console, 3, 40, at(16, 40, 39), 36),
            (ReportKind::AllConn, console, 44, 49, at(16, 55, 18), 3),
            (ReportKind::TtlsConn, console, 54, 67, at(16, 58, 2), 13),
            (ReportKind::TtlsGroup, console, 71, 76, at(16, 58, 30), 5),
        ]
    );
    for r in &reports {
        assert_eq!((r.header.release.as_str(), r.header.stack.as_str()), ("V2R4", "TCPIP"));
        assert_eq!((r.header.date, r.header.system.as_deref()), (NaiveDate::from_ymd_opt(2022, 5, 31), Some("SYSA")));
    }
    // The message of another job written inside the ALL reply is not part of it.
    assert!(!reports[0].body.iter().any(|l| l.text.contains("IEF403I")));
    // Nor are the lines of another message (connect id 313) inside the ALLCONN reply.
    let allconn: Vec<_> = reports[1].body.iter().map(|l| l.number).collect();
    assert_eq!(allconn, [45, 46, 49]);
}

#[test]
fn console_reports_parse_in_their_tso_spelling() {
    let parsed = parse_all(
        &fixture(SYSLOG),
        &[ReportKind::All, ReportKind::AllConn, ReportKind::TtlsConn, ReportKind::TtlsGroup],
    );
    for p in &parsed {
        assert_eq!(p.problems, vec![]);
    }
    let all = &parsed[0].records.connections[0];
    assert_eq!(
        (all.conn_id.as_str(), all.state.as_deref(), all.ttls_policy),
        ("000000BB", Some("Establsh"), Some(true))
    );
    assert_eq!(all.ttls_env_action.as_deref(), Some("CSQ1-INBOUND-ENVIRONMENT-ACTION"));
    assert_eq!(all.tcp.get("rtt_seq"), Some(&ttlsinv::model::FieldValue::Int(3598814997)));
    assert_eq!(all.attributes, vec![], "every upper-case key is known");
    let states: Vec<_> = parsed[1].records.connections.iter().map(|c| (c.source, c.state.as_deref())).collect();
    assert_eq!(
        states,
        [(Some(ConnectionSource::ConnList), Some("Establsh")), (Some(ConnectionSource::ConnList), Some("Listen"))]
    );
    let session = &parsed[2].records.tls_sessions[0];
    assert_eq!(
        (session.sec_level.as_deref(), session.protocol, session.map_type.as_deref(), session.fips140),
        (Some("TLS Version 1.2"), Some(TlsProtocol::TlsV1_2), Some("Primary"), Some(false))
    );
    assert_eq!(
        session.session_id.as_deref(),
        Some("01010018 0A010002 CFEE0000 00000000 00000000 00000000 62970B05 00000001")
    );
    let groups: Vec<_> = parsed[3].records.group_actions.iter().map(|g| (g.name.as_str(), g.conns)).collect();
    assert_eq!(
        groups,
        [("CSQ1-GROUP-ACTION", Some(1)), ("GRPACTOFF", Some(0)), ("GRPACTON", Some(0)), ("GA1", Some(0))]
    );
}

#[test]
fn console_output_without_prefixes_in_the_long_layout() {
    let text = "D TCPIP,TCPIPB,N,CONN\n\
                EZD0101I NETSTAT CS 3.1 TCPIPB 418\n\
                USER ID  CONN     STATE\n\
                TN3270B  0000A0F1 ESTABLSH\n\
                \x20 LOCAL SOCKET:   2001:DB8:10::2..992\n\
                \x20 FOREIGN SOCKET: 2001:DB8:99::7..50001\n\
                UDPJOB   0000A0F2 UDP\n\
                \x20 LOCAL SOCKET:   0.0.0.0..520\n\
                \x20 FOREIGN SOCKET: *..*\n\
                2 OF 2 RECORDS DISPLAYED\n\
                END OF THE REPORT\n\
                IEE612I CN=01 DEVNUM=0700 SYS=SYSB\n";
    let reports = ttlsinv::capture::split::split(text);
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!((r.kind, r.dialect, r.first_line, r.last_line), (ReportKind::Conn, Dialect::Console, 2, 9));
    assert_eq!(
        (r.header.release.as_str(), r.header.stack.as_str(), r.header.time, r.header.date),
        ("3.1", "TCPIPB", None, None)
    );
    let parsed = ttlsinv::parse::parse(r.kind, &r.body);
    assert_eq!(parsed.problems, vec![]);
    let rows: Vec<_> = parsed
        .records
        .connections
        .iter()
        .map(|c| (c.conn_id.as_str(), c.state.as_deref(), c.local.clone(), c.remote.clone()))
        .collect();
    let socket = |ip: &str, port| Some(Socket { ip: ip.into(), port });
    assert_eq!(
        rows,
        [
            // The console's upper-case IPv6 in its canonical text, as TSO prints it.
            ("0000A0F1", Some("Establsh"), socket("2001:db8:10::2", Some(992)), socket("2001:db8:99::7", Some(50001))),
            ("0000A0F2", Some("UDP"), socket("0.0.0.0", Some(520)), socket("*", None)),
        ]
    );
}

/// The same connections captured from TSO: the published ALL and ALLCONN,
/// TTLS CONN 000000BB without DETAIL (after its command echo, as the
/// console's reply follows its command), and TTLS GROUP, in a dated system
/// folder.
fn tso() -> TestDir {
    let dir = TestDir::new();
    for (name, source) in [
        ("all.txt", "published/netstat-all-port1414.txt"),
        ("allconn.txt", "published/netstat-allconn-port1414.txt"),
        ("ttls.txt", "variants/ttls-conn-000000bb.txt"),
        ("ttls-group.txt", "published/netstat-ttls-group.txt"),
    ] {
        let echo = if name == "ttls.txt" { "NETSTAT TTLS CONN 000000BB\n" } else { "" };
        dir.write(&format!("captures/2022-05-31/SYSA/{name}"), format!("{echo}{}", fixture(source)));
    }
    let output = dir.run(&["ingest", dir.path("captures").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    dir
}

/// The SYSLOG extract, in a folder that says neither date nor system.
fn console() -> TestDir {
    let dir = TestDir::new();
    dir.write("logs/operator/syslog-extract.txt", fixture(SYSLOG));
    let output = dir.run(&["ingest", dir.path("logs").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(
            "1 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 ALL, 1 ALLCONN, \
             1 TTLS CONN, 1 TTLS GROUP; 1 snapshots, 2 endpoint rows (1 connection, 1 listener), 1 TLS session rows; 0 problems\n"
        ),
        "{}",
        stderr(&output)
    );
    dir
}

#[test]
fn console_and_tso_captures_of_the_same_connections_give_the_same_rows() {
    let (tso, console) = (tso(), console());
    let queries = [
        "SELECT system, stack, capture_date, captured_at, report_count FROM snapshots",
        "SELECT system, stack, captured_at, capture_date, conn_id, job, local_ip, local_port, remote_ip, remote_port,
                state, bytes_in, bytes_out, segments_in, segments_out, started_at, ttls_policy, ttls_rule,
                ttls_group_action, ttls_env_action, tls_protocol, cipher_code, cipher_name, key_share, key_share_name,
                endpoint, direction, protocol_grade, cipher_grade, key_share_grade, service_port, worst_grade
         FROM v_connections ORDER BY conn_id",
        "SELECT c.*, '' AS ids FROM connections c ORDER BY conn_id",
        "SELECT conn_id, sec_level, protocol, cipher_code, cipher_name, key_share_code, key_share_name, cert_user_id,
                map_type, fips140, session_id, sid_reuse_requested, rule_name, report_count
         FROM tls_sessions ORDER BY conn_id",
        // The console prints names in upper case.
        "SELECT upper(name), group_id, conns, source FROM group_actions ORDER BY 1",
        // Less the filters the console's command echoes name (below): the
        // published TSO captures begin at their header, without the echo.
        "SELECT count(*) FROM attributes WHERE key <> 'Filter'",
    ];
    for query in queries {
        let query = query.replace("c.*, '' AS ids", CONNECTION_FACTS);
        let expected = tso.csv(&query);
        assert_eq!(console.csv(&query), expected, "{query}");
        assert!(expected.lines().count() > 1, "{query}");
    }
    assert_eq!(
        console.csv("SELECT report_kind, dialect, header_time, system FROM captures ORDER BY first_line"),
        "report_kind,dialect,header_time,system\nALL,console,16:40:39,SYSA\nALLCONN,console,16:55:18,SYSA\n\
         TTLS CONN,console,16:58:02,SYSA\nTTLS GROUP,console,16:58:30,SYSA\n"
    );
    assert_eq!(console.csv("SELECT system, capture_date FROM capture_files"), "system,capture_date\nSYSA,2022-05-31\n");
    // `D TCPIP,,NETSTAT,ALL,PORT=1414` (line 2) and `...,ALLCONN,PORT=1414`
    // (line 43) name their filter, `...,TTLS,CONN=000000BB` (line 53) its
    // connection: kept with their reports.
    assert_eq!(
        console.csv(
            "SELECT k.report_kind, a.source_line, a.value FROM attributes a JOIN captures k ON k.capture_id = a.owner_id
             WHERE a.owner_table = 'captures' AND a.key = 'Filter' ORDER BY 2"
        ),
        "report_kind,source_line,value\nALL,2,PORT=1414\nALLCONN,43,PORT=1414\nTTLS CONN,53,CONN=000000BB\n"
    );
}

/// Every column of `connections` but the row ids and where the row was read.
const CONNECTION_FACTS: &str = "conn_id, source_rank, report_count, job, local_ip, local_port, remote_ip, remote_port,
    state, bytes_in, bytes_out, segments_in, segments_out, started_at, last_touched, ttls_policy, ttls_rule,
    ttls_group_action, ttls_env_action, rcv_nxt, snd_nxt, client_rcv_nxt, client_snd_nxt, init_rcv_seq_num,
    init_snd_seq_num, congestion_window, slow_start_threshold, incoming_window_num, outgoing_window_num, snd_wl1,
    snd_wl2, snd_wnd, max_snd_wnd, snd_una, rtt_seq, maximum_segment_size, ds_field, smooth_trip_time,
    smooth_trip_variance, rexmt, rexmt_count, dup_acks, rcv_wnd, sock_opt, tcp_timer, tcp_sig, tcp_sel, tcp_det,
    tcp_pol, tcp_prf, tcp_prf2, tcp_prf3, delay_ack, qos_policy, routing_policy, receive_buffer_size,
    send_buffer_size, receive_data_queued, send_data_queued, send_stalled, ancillary_input_queue";

#[test]
fn console_output_without_prefixes_needs_a_dated_path() {
    let dir = TestDir::new();
    let text = "EZD0101I NETSTAT CS V2R4 TCPIP 12\nUSER ID  CONN     STATE\nJOB1     00000011 LISTEN\n\
                \x20 LOCAL SOCKET:   0.0.0.0..21\n\x20 FOREIGN SOCKET: 0.0.0.0..0\nEND OF THE REPORT\n";
    dir.write("logs/console.txt", text);
    dir.write("logs/2022-05-31/SYSB/console.txt", text);
    let output = dir.run(&["ingest", dir.path("logs").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(
        err.contains("console.txt: no capture date in the path") && err.contains("nor in the report (a SYSLOG prefix"),
        "{err}"
    );
    assert!(err.ends_with("2 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 1 failed; reports: 1 CONN/ALLCONN; 1 snapshots, 1 endpoint rows (0 connection, 1 listener), 0 TLS session rows; 1 problems\n"), "{err}");
    assert_eq!(
        dir.csv("SELECT system, capture_date, state FROM v_connections"),
        "system,capture_date,state\nSYSB,2022-05-31,Listen\n"
    );
}
