//! What a capture's lists say of the connections they leave out or print
//! otherwise: a UDP endpoint of NETSTAT ALL, the whole TTLS DETAIL list, a
//! run's TTLS printed seconds after its ALL, names the console printed in
//! upper case. Each rule pinned on a small capture tree written here by
//! hand, with the answer worked out from its text in the test (the helpers
//! are trust.rs's).

use crate::trust::{all_block, ingest, report, ttls_entry, HEADER};
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
