//! What a capture's lists say of the connections they leave out or print
//! otherwise: a UDP endpoint of NETSTAT ALL, the whole TTLS DETAIL list, a
//! run's TTLS printed seconds after its ALL, names the console printed in
//! upper case, a day whose lists hold only the TLS connections or those a
//! filter chose. Each rule pinned on a small capture tree written here by
//! hand, with the answer worked out from its text in the test (the helpers
//! are trust.rs's).

use crate::trust::{all_block, allconn_day, ingest, report, ttls_entry, HEADER};
use crate::util::{stderr, TestDir};

/// An ALL block of CICSPRD1 on 443 from `foreign` with `TTLSPolicy: Yes`
/// under CICS-RULE, CICS-GRP and CICS-ENV.
fn cics_block(conn: &str, foreign: &str, bytes: (u64, u64)) -> String {
    all_block("CICSPRD1", conn, "10.1.1.2..443", foreign, bytes, "12/01/2026", "Establsh", "Yes")
        + "    TTLSRule:         CICS-RULE\n    TTLSGrpAction:    CICS-GRP\n    TTLSEnvAction:    CICS-ENV\n"
}

/// CICSPRD1's listener on 443.
fn cics_listener() -> String {
    all_block("CICSPRD1", "0000002A", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "11/20/2026", "Listen", "No")
}

/// The rule, group action and environment action of a TTLS DETAIL entry
/// of CICSPRD1 on 443.
const CICS_RULE: &str = "TTLSRule: CICS-RULE
  Priority:       5
  LocalPort:      443
  JobName:        CICSPRD1
  Direction:      Inbound
  TTLSGrpAction:  CICS-GRP
    GroupID:                    00000005
    TTLSEnabled:                On
  TTLSEnvAction:  CICS-ENV
    HandshakeRole:              Server
    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    TLSV1.2:                    On
";

/// A UDP endpoint in NETSTAT ALL prints a foreign socket `*..*`, datagram
/// counters and no `State:` or `TTLSPolicy:` line; captured alone (no ALLCONN
/// beside it to print `UDP`) it is a UDP endpoint still, not a connection.
#[test]
fn a_udp_endpoint_of_an_all_captured_alone_is_no_connection() {
    let dir = TestDir::new();
    // Lines 2-10: SYSLOGD1's UDP endpoint on 514, 123 456 789 bytes in;
    // lines 11-17 CICSPRD1's 0000B001 (TTLSPolicy No, 500 in, 1 000 out),
    // then its listener.
    let udp = "Client Name: SYSLOGD1                 Client Id: 0000001C
Local Socket: 0.0.0.0..514            Foreign Socket: *..*
  BytesIn:            0123456789        BytesOut:           0000000000
  DgramIn:            0000654321        DgramOut:           0000000000
  StartDate:          11/20/2026        StartTime:          05:30:00
  Last Touched:       07:59:59          MaxSendLim:         0000065535
  QOSPolicy:          No
  MulticastSpecific:
    HopLimit:         0000000001        LoopBack:           Yes
";
    let cics = all_block(
        "CICSPRD1",
        "0000B001",
        "10.1.1.2..443",
        "10.30.5.22..60000",
        (500, 1000),
        "12/01/2026",
        "Establsh",
        "No",
    );
    dir.write("tree/2026-12-01/SYSA/netstat.txt", format!("{HEADER}\n{udp}{cics}{}", cics_listener()));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: 3 endpoints, 0000B001 the one connection, 0000002A a
    // listener (`Listen`), 0000001C a UDP endpoint (`*..*`).
    assert!(
        stderr(&output).ends_with(
            "1 snapshots, 3 endpoint rows (1 connection, 1 listener, 1 UDP), 0 TLS session rows; 0 problems\n"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        dir.csv("SELECT conn_id, state, endpoint, direction FROM v_connections ORDER BY conn_id"),
        "conn_id,state,endpoint,direction\n0000001C,UDP,udp,\n0000002A,Listen,listener,inbound\n0000B001,Establsh,connection,inbound\n"
    );
    // capacity: CICSPRD1 on 443 alone, 500 in and 1 000 out; nothing of 514.
    assert_eq!(
        report(&dir, &["capacity"], &["job", "direction", "port", "connections", "bytes_in", "bytes_out"]),
        "job,direction,port,connections,bytes_in,bytes_out\nCICSPRD1,inbound,443,1,500,1000\n"
    );
    // tls-adoption: 1 connection, in clear; its 500/1 000 bytes unprotected.
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &["connections", "clear_connections", "unknown_policy", "bytes_in_unprotected", "bytes_out_unprotected"]
        ),
        "connections,clear_connections,unknown_policy,bytes_in_unprotected,bytes_out_unprotected\n1,1,0,500,1000\n"
    );
}

/// One run: ALL prints 0000B001 and 0000B002, both `TTLSPolicy: Yes`
/// (CICS-RULE), and the listener; the TTLS report asked by `ttls_echo`
/// lists 0000B001 alone, negotiated (TLSv1.2, C02F).
fn two_matched_one_listed(dir: &TestDir, ttls_echo: &str) {
    let all = cics_block("0000B001", "10.30.5.21..60000", (1000, 2000))
        + &cics_block("0000B002", "10.30.5.22..60001", (500, 1000))
        + &cics_listener();
    let ttls = ttls_entry("0000b001", "10.1.1.2..443", "10.30.5.21..60000") + CICS_RULE;
    let header = HEADER.replace("08:00:01", "08:00:03");
    dir.write(
        "tree/2026-12-01/SYSA/netstat.txt",
        format!("NETSTAT ALL\n{HEADER}\n{all}READY\n{ttls_echo}\n{header}\n{ttls}READY\n"),
    );
    let output = ingest(dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

const ADOPTION: [&str; 4] = ["connections", "tls_connections", "policy_only", "tls_not_captured"];

/// An unfiltered `NETSTAT TTLS DETAIL` lists every AT-TLS connection, as
/// `NETSTAT TTLS` does: a connection a rule matched that it leaves out
/// negotiated no session (`policy_only`); a `TTLS CONN n DETAIL` tells of n
/// alone, so the other's TLS was not captured.
#[test]
fn a_connection_the_whole_ttls_detail_list_leaves_out_is_policy_only() {
    let dir = TestDir::new();
    two_matched_one_listed(&dir, "NETSTAT TTLS DETAIL");
    // By hand: 2 connections, 0000B001 negotiated, 0000B002 left out of the
    // whole list: policy_only (before: tls_not_captured).
    assert_eq!(
        report(&dir, &["tls-adoption"], &ADOPTION),
        "connections,tls_connections,policy_only,tls_not_captured\n2,1,1,0\n"
    );

    let one = TestDir::new();
    two_matched_one_listed(&one, "NETSTAT TTLS CONN 0000B001 DETAIL");
    // By hand: the list asked for 0000B001 alone; nothing told of 0000B002.
    assert_eq!(
        report(&one, &["tls-adoption"], &ADOPTION),
        "connections,tls_connections,policy_only,tls_not_captured\n2,1,0,1\n"
    );
    // coverage and files say what was asked: the list of one connection is
    // `TTLS CONN DETAIL`, the whole list `TTLS DETAIL` (before: both
    // `TTLS DETAIL`).
    assert_eq!(report(&dir, &["coverage"], &["report_kinds"]), "report_kinds\n\"ALL, TTLS DETAIL\"\n");
    assert_eq!(report(&one, &["coverage"], &["report_kinds"]), "report_kinds\n\"ALL, TTLS CONN DETAIL\"\n");
    assert_eq!(report(&one, &["files"], &["report_kinds"]), "report_kinds\n\"ALL, TTLS CONN DETAIL\"\n");
}

/// ALL and TTLS DETAIL written by one job to files named with their own
/// times, 12 s apart: two runs, one connection. It negotiated TLS, so its
/// traffic of the day is protected traffic, though the snapshot that
/// printed the counters (ALL) printed no session.
#[test]
fn a_connection_s_bytes_count_protected_when_its_day_shows_it_negotiated() {
    let dir = TestDir::new();
    let all = cics_block("0000B001", "10.30.5.22..60000", (1000, 2000)) + &cics_listener();
    dir.write(
        "tree/2026-12-01/SYSA/SYSA.NETSTAT.ALL.D261201.T080000.txt",
        format!("NETSTAT ALL\n{HEADER}\n{all}READY\n"),
    );
    let ttls = ttls_entry("0000b001", "10.1.1.2..443", "10.30.5.22..60000") + CICS_RULE;
    dir.write(
        "tree/2026-12-01/SYSA/SYSA.NETSTAT.TTLS.D261201.T080012.txt",
        format!("NETSTAT TTLS DETAIL\n{}\n{ttls}READY\n", HEADER.replace("08:00:01", "08:00:12")),
    );
    let output = ingest(&dir, "tree");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(dir.csv("SELECT count(*) AS snapshots FROM snapshots"), "snapshots\n2\n");
    // By hand: 1 connection, negotiated (TLSv1.2 C02F at 08:00:12); its
    // 1 000 in and 2 000 out (the ALL at 08:00:00) are protected, none
    // unprotected (before: 0 protected, 1 000/2 000 unprotected).
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &[
                "connections",
                "tls_connections",
                "bytes_in_protected",
                "bytes_out_protected",
                "bytes_in_unprotected",
                "bytes_out_unprotected"
            ]
        ),
        "connections,tls_connections,bytes_in_protected,bytes_out_protected,bytes_in_unprotected,bytes_out_unprotected
1,1,1000,2000,0,0
"
    );
    // C02F (ECDHE) is quantum-vulnerable: its 3 000 bytes (before: 0).
    assert_eq!(report(&dir, &["quantum"], &["vulnerable_bytes"]), "vulnerable_bytes\n3000\n");
}

/// TSO's ALL prints the connection's rule and group action as defined
/// (`CicsExempt`, `CicsGrpOff`); the console's TTLS DETAIL of the same run
/// prints every name in upper case. They are the same objects: AT-TLS is
/// off for the connection, which is cleartext.
#[test]
fn a_console_name_in_upper_case_joins_the_tso_name_of_its_run() {
    let dir = TestDir::new();
    let all = all_block(
        "CICSPRD1",
        "0000C001",
        "10.1.1.2..8080",
        "10.9.9.7..50001",
        (2248, 2076),
        "12/01/2026",
        "Establsh",
        "Yes",
    ) + "    TTLSRule:         CicsExempt\n    TTLSGrpAction:    CicsGrpOff\n";
    dir.write("tree/2026-12-01/SYSA/all.txt", format!("NETSTAT ALL\n{HEADER}\n{all}READY\n"));
    dir.write(
        "tree/2026-12-01/SYSA/ttls.txt",
        "D TCPIP,,NETSTAT,TTLS,DETAIL
EZD0101I NETSTAT CS V2R4 TCPIP 279
CONNID: 0000C001
  JOBNAME:      CICSPRD1
  LOCALSOCKET:  10.1.1.2..8080
  REMOTESOCKET: 10.9.9.7..50001
TTLSRULE: CICSEXEMPT
  PRIORITY:       10
  LOCALPORT:      8080
  DIRECTION:      INBOUND
  TTLSGRPACTION:  CICSGRPOFF
    GROUPID:                    00000009
    TTLSENABLED:                OFF
1 OF 1 RECORDS DISPLAYED
END OF THE REPORT
",
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: CICSGRPOFF is CicsGrpOff, TTLSEnabled Off: clear (before:
    // policy_only); the rule says Inbound, the port 8080; 2 248 + 2 076 =
    // 4 324 bytes in clear.
    assert_eq!(
        dir.csv("SELECT conn_id, ttls_group_action, tls_state, direction FROM v_connections"),
        "conn_id,ttls_group_action,tls_state,direction\n0000C001,CicsGrpOff,clear,inbound\n"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "direction", "port", "clear_connections", "clear_bytes"]),
        "job,direction,port,clear_connections,clear_bytes\nCICSPRD1,inbound,8080,1,4324\n"
    );
}

/// Two TTLS reports of one run print 0000C001's session otherwise: the
/// whole list at 08:00:02 TLSv1.2 with C02F, `TTLS CONN 0000C001 DETAIL` at
/// 08:05:02 TLSv1.0 with 000A (the handshake redone between them). The first
/// print stands; the other is kept and said, not dropped.
#[test]
fn a_session_another_report_of_the_run_prints_otherwise_is_kept_and_said() {
    let dir = TestDir::new();
    // Lines 1-10: the echo, the header and 0000C001's entry (ConnID line 3);
    // line 11 READY; lines 12-13 echo and header; the DETAIL entry from line
    // 14 (SecLevel line 18, Cipher line 19), its rule from line 21.
    let first = ttls_entry("0000C001", "10.1.1.2..443", "10.9.9.7..50001");
    let later = "ConnID: 0000C001
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.9.9.7..50001
  SecLevel:     TLS Version 1.0
  Cipher:       000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
  CertUserID:   N/A
";
    dir.write(
        "tree/2026-12-01/SYSA/n.txt",
        format!(
            "NETSTAT TTLS\n{}\n{first}READY\nNETSTAT TTLS CONN 0000C001 DETAIL\n{}\n{later}{CICS_RULE}READY\n",
            HEADER.replace("08:00:01", "08:00:02"),
            HEADER.replace("08:00:01", "08:05:02")
        ),
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: the session of line 3 stands (TLSv1.2, C02F); line 14's
    // SecLevel and Cipher are kept at line 14 (the entry's), each said.
    assert_eq!(
        dir.csv("SELECT conn_id, tls_protocol, cipher_code FROM v_connections"),
        "conn_id,tls_protocol,cipher_code\n0000C001,TLSv1.2,C02F\n"
    );
    assert_eq!(
        dir.csv("SELECT source_line, key, value FROM attributes WHERE owner_table = 'tls_sessions' ORDER BY rowid"),
        "source_line,key,value
14,SecLevel (other report),TLS Version 1.0
14,Cipher (other report),000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
"
    );
    let said = stderr(&output);
    for setting in ["SecLevel TLS Version 1.0", "Cipher 000A TLS_RSA_WITH_3DES_EDE_CBC_SHA"] {
        assert!(
            said.contains(&format!(
                "connection 0000C001: the TLS session printed at line 14 has {setting}, where its print at line 3 has \
                 another"
            )),
            "{said}"
        );
    }
}

/// `NETSTAT TTLS DETAIL` of 0000B001 (CICS-RULE, TLSv1.2 C02F), echo and header at 08:00:03.
fn cics_ttls_detail(echo: &str) -> String {
    let ttls = ttls_entry("0000b001", "10.1.1.2..443", "10.30.5.21..60000") + CICS_RULE;
    format!("{echo}\n{}\n{ttls}READY\n", HEADER.replace("08:00:01", "08:00:03"))
}

/// The HTML page of the inventory in `dir`.
fn html_page(dir: &TestDir) -> String {
    let page = dir.path("page.html");
    let output = dir.run(&["html", "--out", page.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    std::fs::read_to_string(page).unwrap()
}

/// NETSTAT TTLS (TTLS DETAIL, TTLS CONN n DETAIL) lists only the
/// connections AT-TLS maps, and `ALL (PORT 443` those of one port: a day
/// captured so tells nothing of the stack's connections in clear, so it
/// gives no TLS share (before: 100 %, review 15b F12) and coverage says so.
#[test]
fn a_day_that_lists_only_tls_connections_or_a_filtered_list_gives_no_share() {
    let dir = TestDir::new();
    // 12-01: ALL of 0000B001 (CICS-RULE) and FTPD1's 0000B003 on 21
    // (TTLSPolicy No, 100 in, 200 out) with its listener, then the whole
    // TTLS DETAIL list.
    let ftp =
        all_block("FTPD1", "0000B003", "10.1.1.2..21", "10.40.2.15..50701", (100, 200), "12/01/2026", "Establsh", "No");
    let ftp_listener =
        all_block("FTPD1", "00000036", "0.0.0.0..21", "0.0.0.0..0", (0, 0), "11/20/2026", "Listen", "No");
    let all = cics_block("0000B001", "10.30.5.21..60000", (1000, 2000)) + &ftp + &ftp_listener + &cics_listener();
    dir.write(
        "tree/2026-12-01/SYSA/netstat.txt",
        format!("NETSTAT ALL\n{HEADER}\n{all}READY\n{}", cics_ttls_detail("NETSTAT TTLS DETAIL")),
    );
    // 12-02: the TTLS DETAIL list alone; 12-03: ALL filtered to port 443,
    // then TTLS DETAIL; 12-04: `TTLS CONN 0000B001 DETAIL` alone.
    dir.write("tree/2026-12-02/SYSA/netstat.txt", cics_ttls_detail("NETSTAT TTLS DETAIL"));
    let port_443 = cics_block("0000B001", "10.30.5.21..60000", (1500, 2500)) + &cics_listener();
    dir.write(
        "tree/2026-12-03/SYSA/netstat.txt",
        format!("NETSTAT ALL (PORT 443\n{HEADER}\n{port_443}READY\n{}", cics_ttls_detail("NETSTAT TTLS DETAIL")),
    );
    dir.write("tree/2026-12-04/SYSA/netstat.txt", cics_ttls_detail("NETSTAT TTLS CONN 0000B001 DETAIL"));
    // 12-05: `TTLS CONN 0000B001` alone (its session, no policy).
    let session = ttls_entry("0000b001", "10.1.1.2..443", "10.30.5.21..60000");
    dir.write("tree/2026-12-05/SYSA/netstat.txt", format!("NETSTAT TTLS CONN 0000B001\n{HEADER}\n{session}READY\n"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: 12-01 lists both connections: 1 of 2 negotiated, 0.5, FTPD1's
    // in clear. 12-02 to 12-05 list 0000B001 alone, and no report lists the
    // others: 1 connection each, unlisted, no share (before: 1).
    let columns = ["date", "connections", "tls_connections", "tls_share", "clear_connections", "unlisted_connections"];
    assert_eq!(
        report(&dir, &["tls-adoption"], &columns),
        "date,connections,tls_connections,tls_share,clear_connections,unlisted_connections
2026-12-01,2,1,0.5,1,0
2026-12-02,1,1,,0,1
2026-12-03,1,1,,0,1
2026-12-04,1,1,,0,1
2026-12-05,1,1,,0,1
"
    );
    // coverage: the whole lists of 12-01 are `captured`; the TTLS lists
    // alone `TLS connections only`, the ALL filtered to one port `filtered
    // list` (before: `captured`, and 12-05 `no connection list`).
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "report_kinds", "connections"]),
        "date,status,report_kinds,connections
2026-12-01,captured,\"ALL, TTLS DETAIL\",2
2026-12-02,TLS connections only,TTLS DETAIL,1
2026-12-03,filtered list,\"ALL, TTLS DETAIL\",1
2026-12-04,TLS connections only,TTLS CONN DETAIL,1
2026-12-05,TLS connections only,TTLS CONN,1
"
    );
    // cleartext counts what it saw: FTPD1's one connection, 100 + 200 bytes.
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "port", "clear_connections", "clear_bytes"]),
        "job,port,clear_connections,clear_bytes\nFTPD1,21,1,300\n"
    );
    // The page: 1 of 2 (12-01's rows alone), the 4 other days said on the
    // share and cleartext cards; the adoption chart has a point on 12-01 alone.
    let page = html_page(&dir);
    assert!(page.contains(r#"id="tls-share" value="0.5">50.0 %"#), "{page}");
    assert_eq!(page.matches("4 capture days (system, stack, date)").count(), 2, "{page}");
    assert!(page.contains("<title>SYSA 2026-12-01: 1 of 2 connections negotiated TLS (50.0 %)</title>"), "{page}");
    for day in ["02", "03", "04", "05"] {
        assert!(!page.contains(&format!("<title>SYSA 2026-12-{day}: 1 of 1 connections")), "{page}");
    }
    assert!(page.contains("SYSA/TCPIP 2026-12-02: captured (TLS connections only)"), "{page}");

    // A day captured by TTLS DETAIL alone: the share is not known, not 100 %.
    let alone = TestDir::new();
    alone.write("tree/2026-12-02/SYSA/netstat.txt", cics_ttls_detail("NETSTAT TTLS DETAIL"));
    ingest(&alone, "tree");
    assert_eq!(
        report(&alone, &["tls-adoption"], &["connections", "tls_share", "unlisted_connections"]),
        "connections,tls_share,unlisted_connections\n1,,1\n"
    );
    let page = html_page(&alone);
    assert!(page.contains(r#"id="tls-share" value="0">not known"#), "{page}");
    assert!(page.contains("1 capture day (system, stack, date) not counted here"), "{page}");
}

/// A day captured by ALLCONN alone prints no AT-TLS state: the share of its
/// connections is not known, and the adoption chart draws no point for it
/// (before: a fall to 0 % between two days at 100 %, review 15a F3); the
/// report keeps its row, `unknown_policy` beside the share.
#[test]
fn the_adoption_chart_draws_no_point_for_a_day_that_tells_no_protection() {
    let dir = TestDir::new();
    for (day, bytes) in [("2026-12-01", (1000, 2000)), ("2026-12-03", (3000, 6000))] {
        let all = cics_block("0000B001", "10.30.5.21..60000", bytes) + &cics_listener();
        dir.write(
            &format!("tree/{day}/SYSB/netstat.txt"),
            format!("NETSTAT ALL\n{HEADER}\n{all}READY\n{}", cics_ttls_detail("NETSTAT TTLS DETAIL")),
        );
    }
    allconn_day(
        &dir,
        "tree",
        "2026-12-02",
        &[
            ("CICSPRD1", "0000B001", "10.1.1.2..443", "10.30.5.21..60000"),
            ("CICSPRD1", "0000002A", "0.0.0.0..443", "0.0.0.0..0"),
        ],
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: 0000B001 negotiated on 12-01 and 12-03; ALLCONN of 12-02
    // prints no TTLSPolicy: unknown, share 0 as the report documents it.
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &["date", "connections", "tls_share", "unknown_policy", "unlisted_connections"]
        ),
        "date,connections,tls_share,unknown_policy,unlisted_connections
2026-12-01,1,1,0,0
2026-12-02,1,0,1,0
2026-12-03,1,1,0,0
"
    );
    let page = html_page(&dir);
    for day in ["01", "03"] {
        let point = format!("<title>SYSB 2026-12-{day}: 1 of 1 connections negotiated TLS (100.0 %)</title>");
        assert!(page.contains(&point), "{page}");
    }
    assert!(!page.contains("<title>SYSB 2026-12-02: 0 of 1"), "{page}");
}

/// FTPD1's connection 0000B003 on 21 (`TTLSPolicy: No`, 100 in, 200 out)
/// and its listener, as NETSTAT ALL prints them.
fn ftp_blocks() -> String {
    all_block("FTPD1", "0000B003", "10.1.1.2..21", "10.40.2.15..50701", (100, 200), "12/01/2026", "Establsh", "No")
        + &all_block("FTPD1", "00000036", "0.0.0.0..21", "0.0.0.0..0", (0, 0), "11/20/2026", "Listen", "No")
}

/// The headline's share card as text (tags dropped).
fn share_card(page: &str) -> String {
    let start = page.find(r#"id="tls-share""#).unwrap();
    let end = start + page[start..].find("</div>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// A connection first seen on a day of TTLS DETAIL alone (or of a filtered
/// list) counts in the headline on its first listed day: 2 December lists
/// CICSPRD1's 0000B001 (negotiated, C02F, seen on 1 December in the TTLS
/// list) and FTPD1's 0000B003 in clear, so 1 of 2, 50 % (before: 0000B001
/// new on 1 December, a day left out, so 0 of 1, review 18b F5).
#[test]
fn a_connection_first_seen_on_a_day_left_out_counts_on_its_first_listed_day() {
    for first in ["NETSTAT TTLS DETAIL alone", "NETSTAT ALL (PORT 443"] {
        let dir = TestDir::new();
        let ttls = cics_ttls_detail("NETSTAT TTLS DETAIL");
        let day1 = if first.starts_with("NETSTAT ALL") {
            let port_443 = cics_block("0000B001", "10.30.5.21..60000", (1000, 2000)) + &cics_listener();
            format!("NETSTAT ALL (PORT 443\n{HEADER}\n{port_443}READY\n{ttls}")
        } else {
            ttls.clone()
        };
        dir.write("tree/2026-12-01/SYSA/netstat.txt", day1);
        let all = cics_block("0000B001", "10.30.5.21..60000", (1500, 2500)) + &ftp_blocks() + &cics_listener();
        dir.write("tree/2026-12-02/SYSA/netstat.txt", format!("NETSTAT ALL\n{HEADER}\n{all}READY\n{ttls}"));
        ingest(&dir, "tree");
        // new_connections as before (0000B001 new on 1 December); listed_new_*
        // count it on 2 December, the first listed day, beside 0000B003.
        assert_eq!(
            report(
                &dir,
                &["tls-adoption"],
                &[
                    "date",
                    "new_connections",
                    "unlisted_connections",
                    "listed_new_connections",
                    "listed_new_tls_connections",
                    "listed_new_untold"
                ]
            ),
            "date,new_connections,unlisted_connections,listed_new_connections,listed_new_tls_connections,listed_new_untold
2026-12-01,1,1,0,0,0
2026-12-02,1,0,2,1,0
",
            "{first}"
        );
        let page = html_page(&dir);
        assert!(page.contains(r#"id="tls-share" value="0.5">50.0 %"#), "{first}: {page}");
        let card = share_card(&page);
        assert!(card.contains("(1 of 2, each counted once over the period"), "{first}: {card}");
        assert!(card.contains("1 capture day (system, stack, date) not counted here"), "{first}: {card}");
    }
}

/// One stack captured by TTLS DETAIL alone leaves out that stack's day, not
/// the other stack's: SYSA's TCPIP lists CICSPRD1's 0000B001 (negotiated)
/// and FTPD1's 0000B003 (clear), TCPIPB only its TLS connection 0000C001:
/// the headline says 1 of 2, 50 %, and 1 capture day left out (before:
/// "not known (0 of 0)", review 18b F12).
#[test]
fn a_stack_captured_by_ttls_alone_leaves_the_other_stack_of_its_day_counted() {
    let dir = TestDir::new();
    let all = cics_block("0000B001", "10.30.5.21..60000", (1000, 2000)) + &ftp_blocks() + &cics_listener();
    dir.write(
        "tree/2026-12-01/SYSA/tcpip.txt",
        format!("NETSTAT ALL\n{HEADER}\n{all}READY\n{}", cics_ttls_detail("NETSTAT TTLS DETAIL")),
    );
    let header_b = HEADER.replace("TCPIP Name: TCPIP ", "TCPIP Name: TCPIPB").replace("08:00:01", "08:00:03");
    let entry = ttls_entry("0000c001", "10.1.1.3..443", "10.30.5.22..60001") + CICS_RULE;
    dir.write("tree/2026-12-01/SYSA/tcpipb.txt", format!("NETSTAT TTLS DETAIL TCP TCPIPB\n{header_b}\n{entry}READY\n"));
    ingest(&dir, "tree");
    assert_eq!(
        report(&dir, &["coverage"], &["stack", "status"]),
        "stack,status\nTCPIP,captured\nTCPIPB,TLS connections only\n"
    );
    // The system's row: 3 connections, 1 of them unlisted (TCPIPB's), and
    // the listed ones TCPIP's two.
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &[
                "connections",
                "tls_share",
                "unlisted_connections",
                "listed_new_connections",
                "listed_new_tls_connections"
            ]
        ),
        "connections,tls_share,unlisted_connections,listed_new_connections,listed_new_tls_connections\n3,,1,2,1\n"
    );
    let page = html_page(&dir);
    assert!(page.contains(r#"id="tls-share" value="0.5">50.0 %"#), "{page}");
    let card = share_card(&page);
    assert!(card.contains("(1 of 2, each counted once over the period"), "{card}");
    assert!(card.contains("1 capture day (system, stack, date) not counted here"), "{card}");
}

/// A day of NETSTAT ALL alone (the TTLS step did not run): CICSPRD1's
/// 0000B001 and 0000B002 matched CICS-RULE (`TTLSPolicy: Yes`, TLS not
/// captured), FTPD1's 0000B003 is in clear. Of 3 connections none shown
/// negotiated and 2 not told: the share is 0 % to 66.7 % (2 of 3 at most),
/// said so; the 443 listener's connections are AT-TLS mapped, not "no TLS"
/// (before: "0.0 % (0 of 3)" and the listener counted as one that "showed no
/// TLS connection", review 18b F7).
#[test]
fn a_day_whose_ttls_step_did_not_run_gives_a_range_and_no_listener_without_tls() {
    let dir = TestDir::new();
    let all = cics_block("0000B001", "10.30.5.21..60000", (1000, 2000))
        + &cics_block("0000B002", "10.30.5.22..60001", (3000, 4000))
        + &ftp_blocks()
        + &cics_listener();
    dir.write("tree/2026-12-01/SYSA/netstat.txt", format!("NETSTAT ALL\n{HEADER}\n{all}READY\n"));
    ingest(&dir, "tree");
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &["connections", "tls_not_captured", "clear_connections", "listed_new_connections", "listed_new_untold"]
        ),
        "connections,tls_not_captured,clear_connections,listed_new_connections,listed_new_untold\n3,2,1,3,2\n"
    );
    let page = html_page(&dir);
    assert!(page.contains(r#"id="tls-share" value="0">0.0 % to 66.7 %"#), "{page}");
    let card = share_card(&page);
    assert!(card.contains("(0 of 3, each counted once over the period"), "{card}");
    assert!(
        card.contains("2 of the 3 were first counted on a day whose captures did not tell their protection"),
        "{card}"
    );
    // The cleartext card: FTPD1's service; CICSPRD1's listener apart.
    assert!(page.contains(r#"id="cleartext-services" value="1""#), "{page}");
    assert!(
        page.contains("0 more listen and showed no TLS connection; 1 more listen with connections an AT-TLS rule maps"),
        "{page}"
    );
}
