//! What the reports of a snapshot tell together: which connection a TTLS
//! entry is, which run a file is, what a connection's own policy says of
//! its protection. Each rule pinned on a small capture
//! written here by hand, with the answer worked out from its text in the
//! test (the helpers are trust.rs's).

use crate::trust::{all_block, report, ttls_session, HEADER};
use crate::util::{stderr, TestDir};

/// The files (name, text) written before each ingest, ingest by ingest.
type Runs<'a> = Vec<Vec<(&'a str, &'a str)>>;

/// The review's repro (F13 and F6): NETSTAT ALL at 08:00:01 prints FTPD1's
/// cleartext connection 0000C001 (lines 3-9) and CICSPRD1's 0000C002 from
/// 10.7.0.1, a rule matched (lines 10-16); NETSTAT TTLS at 08:10:05 prints
/// those conn ids for other connections: 0000c001 for CICSPRD1 on 443 from
/// 10.99.0.9 (line 3), 0000c002 for CICSPRD1 on 443 from 10.99.0.8 with
/// 3DES (line 11).
fn reused_conn_ids() -> (String, String) {
    let all = format!(
        "NETSTAT ALL\n{HEADER}\n{}{}READY\n",
        all_block("FTPD1", "0000C001", "10.1.1.2..21", "10.9.9.9..50001", (5000, 500), "03/01/2026", "Establsh", "No"),
        all_block(
            "CICSPRD1",
            "0000C002",
            "10.1.1.2..443",
            "10.7.0.1..50001",
            (2000, 200),
            "03/01/2026",
            "Establsh",
            "Yes"
        )
    );
    let ttls = format!(
        "NETSTAT TTLS\n{}\n{}{}READY\n",
        HEADER.replace("08:00:01", "08:10:05"),
        ttls_session(
            "0000c001",
            "CICSPRD1",
            "10.1.1.2..443",
            "10.99.0.9..40000",
            "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
        ),
        ttls_session("0000c002", "CICSPRD1", "10.1.1.2..443", "10.99.0.8..40001", "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA")
    );
    (all, ttls)
}

#[test]
fn a_ttls_entry_of_another_connection_under_a_reused_conn_id_is_kept_apart_and_said() {
    // By hand: a TCP connection keeps its job and sockets, so each TTLS
    // entry, ten minutes after ALL, is another connection that reused the
    // conn id. Four connections: FTPD1's 0000C001 in clear (ALL: TTLSPolicy
    // No; 5 000 + 500 bytes), CICSPRD1's 0000C002 with a rule matched and no
    // session of its own (policy_only), and the two TTLS entries, each
    // negotiated, known by job, port and peer: C02F from 10.99.0.9, 3DES
    // (000A, weak) from 10.99.0.8. tls-adoption: 4 connections, 2 TLS
    // (share 0.5), 1 policy_only, 1 clear; the traffic printed is all
    // unprotected (7 000 in, 700 out), the TLS entries print no counter
    // (protected: empty). cleartext: FTPD1 on 21, one peer, 5 500 bytes.
    // weak-crypto names 10.99.0.8, not ALL's 10.7.0.1. Before: two
    // connections, FTPD1's negotiated and CICSPRD1's 3DES from 10.7.0.1.
    let (all, ttls) = reused_conn_ids();
    let one_output = format!("{all}{ttls}");
    let ttls_first = format!("{ttls}{all}");
    let rows = "conn_id,job,local_port,remote_ip,remote_port,tls_state,cipher_code
-CICSPRD1-443-10.99.0.8..40001,CICSPRD1,443,10.99.0.8,40001,negotiated,000A
-CICSPRD1-443-10.99.0.9..40000,CICSPRD1,443,10.99.0.9,40000,negotiated,C02F
0000C001,FTPD1,21,10.9.9.9,50001,clear,
0000C002,CICSPRD1,443,10.7.0.1,50001,policy_only,
";
    // Files as written: one TSO output (merged in memory) either way
    // round; two files, ALL's written first or last; the TTLS file
    // ingested by a first run, ALL's by a second. Each run's files.
    let cases: [(&str, Runs); 5] = [
        ("one output", vec![vec![("out.txt", one_output.as_str())]]),
        ("one output, TTLS first", vec![vec![("out.txt", ttls_first.as_str())]]),
        ("ALL first", vec![vec![("all.txt", all.as_str()), ("ttls.txt", ttls.as_str())]]),
        ("TTLS first", vec![vec![("0-ttls.txt", ttls.as_str()), ("all.txt", all.as_str())]]),
        ("TTLS a run before", vec![vec![("0-ttls.txt", ttls.as_str())], vec![("all.txt", all.as_str())]]),
    ];
    for (case, runs) in cases {
        let dir = TestDir::new();
        let tree = dir.path("tree");
        let mut said = String::new();
        for files in runs {
            for (name, text) in files {
                dir.write(&format!("tree/2026-03-01/SYSA/{name}"), text);
            }
            let output = dir.run(&["ingest", tree.to_str().unwrap()]);
            assert_eq!(output.status.code(), Some(0), "{case}: {}", stderr(&output));
            said.push_str(&stderr(&output));
        }
        assert_eq!(
            dir.csv(
                "SELECT conn_id, job, local_port, remote_ip, remote_port, tls_state, cipher_code
                 FROM v_connections ORDER BY conn_id"
            ),
            rows,
            "{case}"
        );
        assert_eq!(
            dir.csv(
                "SELECT a.source_line, a.value FROM attributes a JOIN connections c ON c.connection_id = a.owner_id
                 WHERE a.owner_table = 'connections' AND a.key = 'ConnID (reused)' ORDER BY value"
            ),
            if case == "one output" {
                "source_line,value\n20,0000C001\n28,0000C002\n"
            } else {
                "source_line,value\n3,0000C001\n11,0000C002\n"
            },
            "{case}"
        );
        assert_eq!(
            report(
                &dir,
                &["tls-adoption"],
                &[
                    "connections",
                    "tls_connections",
                    "tls_share",
                    "policy_only",
                    "clear_connections",
                    "bytes_in_protected",
                    "bytes_out_protected",
                    "bytes_in_unprotected",
                    "bytes_out_unprotected"
                ]
            ),
            "connections,tls_connections,tls_share,policy_only,clear_connections,bytes_in_protected,\
bytes_out_protected,bytes_in_unprotected,bytes_out_unprotected\n4,2,0.5,1,1,,,7000,700\n",
            "{case}"
        );
        assert_eq!(
            report(&dir, &["cleartext"], &["job", "port", "clear_connections", "clear_peers", "clear_bytes"]),
            "job,port,clear_connections,clear_peers,clear_bytes\nFTPD1,21,1,1,5500\n",
            "{case}"
        );
        assert_eq!(
            report(&dir, &["weak-crypto", "--by", "peer"], &["job", "port", "remote_ip", "worst_grade", "ciphers"]),
            "job,port,remote_ip,worst_grade,ciphers\nCICSPRD1,443,10.99.0.8,weak,000A\n",
            "{case}"
        );
        // Said once, with the file written last, naming both lines.
        let (entry, other) = match case {
            "one output" => ("line 20", "line 3"),
            "one output, TTLS first" => ("line 3", "line 22"),
            "ALL first" => ("line 3", "line 3 of {root}/all.txt"),
            _ => ("line 3 of {root}/0-ttls.txt", "line 3"),
        };
        let root = dir.path("tree/2026-03-01/SYSA");
        let (entry, other) =
            (entry.replace("{root}", root.to_str().unwrap()), other.replace("{root}", root.to_str().unwrap()));
        let note = format!(
            "note: connection 0000C001: the TTLS entry at {entry} (CICSPRD1 10.1.1.2..443 <- 10.99.0.9..40000) is \
             another connection than {other} prints under that conn id (FTPD1 10.1.1.2..21 <- 10.9.9.9..50001): a \
             connection keeps its job and sockets, so the conn id was reused; the entry and its TLS session are kept \
             apart as connection -CICSPRD1-443-10.99.0.9..40000"
        );
        assert_eq!(said.matches(&note).count(), 1, "{case}: {said}");
        assert_eq!(said.matches("is another connection than").count(), 2, "{case}: {said}");
    }
}

/// The review's repro (F14): two runs of 1 March on SYSA, a file per
/// report and run, the run's time in each name. NETSTAT ALL prints
/// CICSPRD1's 0000C001 with a rule matched, 1 000 bytes each way at 08:00,
/// 3 000 at 12:00; `NETSTAT TTLS CONN 0000C001 DETAIL` (no time in its
/// header) prints the session it negotiated, the same text at both runs.
fn two_runs_with_the_same_ttls_text() -> [(String, String); 4] {
    let ttls = format!(
        "NETSTAT TTLS CONN 0000C001 DETAIL\nMVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP\n{}READY\n",
        ttls_session(
            "0000c001",
            "CICSPRD1",
            "10.1.1.2..443",
            "10.7.0.1..50001",
            "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
        )
    );
    let all = |time: &str, bytes| {
        let block = all_block(
            "CICSPRD1",
            "0000C001",
            "10.1.1.2..443",
            "10.7.0.1..50001",
            bytes,
            "03/01/2026",
            "Establsh",
            "Yes",
        );
        format!("NETSTAT ALL\n{}\n{block}READY\n", HEADER.replace("08:00:01", time))
    };
    [
        ("ALL.T080000.txt".to_string(), all("08:00:01", (1000, 1000))),
        ("TTLSD.T080000.txt".to_string(), ttls.clone()),
        ("ALL.T120000.txt".to_string(), all("12:00:01", (3000, 3000))),
        ("TTLSD.T120000.txt".to_string(), ttls),
    ]
}

#[test]
fn the_same_ttls_text_in_another_run_of_the_day_is_that_run_s_observation() {
    // By hand: TTLS prints no time, so an unchanged session prints the same
    // text at every run; the 12:00 file is 12:00's TTLS report (its name
    // says so), not a copy of 08:00's. Both runs see 0000C001 negotiated
    // (TLSv1.2, C02F); a run's time is its earliest report's, the TTLS
    // report's, dated by its name (08:00:00, 12:00:00). Its traffic: 1 000 each way first seen at 08:00,
    // then 3 000 - 1 000 = 2 000 more by 12:00: 3 000 each way, all
    // protected, none unprotected. Before: the 12:00 TTLS file skipped as
    // "same content as TTLSD.T080000.txt", the 12:00 row not_captured and
    // its 2 000 each way unprotected. Ingested at once, and a run at a
    // time (the 12:00 files found by a later ingest).
    for at_once in [true, false] {
        let dir = TestDir::new();
        let mut said = String::new();
        for (index, (name, text)) in two_runs_with_the_same_ttls_text().iter().enumerate() {
            dir.write(&format!("tree/2026-03-01/SYSA/{name}"), text);
            if index == 1 && !at_once || index == 3 {
                let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
                assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
                said.push_str(&stderr(&output));
            }
        }
        assert!(!said.contains("same content as"), "{at_once}: {said}");
        assert_eq!(
            dir.csv("SELECT captured_at, tls_state, tls_protocol FROM v_connections ORDER BY captured_at"),
            "captured_at,tls_state,tls_protocol\n2026-03-01T08:00:00,negotiated,TLSv1.2\n\
             2026-03-01T12:00:00,negotiated,TLSv1.2\n",
            "{at_once}"
        );
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
            "connections,tls_connections,bytes_in_protected,bytes_out_protected,bytes_in_unprotected,\
bytes_out_unprotected\n1,1,3000,3000,0,0\n",
            "{at_once}"
        );
    }
}

#[test]
fn a_connection_whose_own_group_action_is_disabled_is_cleartext() {
    // The review's repro (F12), one file: NETSTAT ALL prints CICSPRD1's
    // 0000C001 from 10.7.0.1 on 443 (5 000 in, 500 out), a rule matched
    // (CICS-RULE, group action CICS-GRP-OFF); its own `NETSTAT TTLS CONN
    // 0000C001 DETAIL` prints no SecLevel and CICS-GRP-OFF with
    // `TTLSEnabled: Off`. By hand: AT-TLS is disabled for the connections
    // of that group, so the data flows in clear: tls_state clear, cleartext
    // lists CICSPRD1 on 443 (inbound: the rule says Inbound) with 1
    // connection, 1 peer, 5 000 + 500 = 5 500 bytes; tls-adoption 1 clear,
    // 0 policy_only. Before: policy_only, cleartext empty.
    let all = all_block(
        "CICSPRD1",
        "0000C001",
        "10.1.1.2..443",
        "10.7.0.1..50001",
        (5000, 500),
        "03/01/2026",
        "Establsh",
        "Yes",
    );
    let detail = "ConnID: 0000c001
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.7.0.1..50001
  CertUserID:   N/A
  MapType:      Primary
TTLSRule: CICS-RULE
  Priority:       5
  LocalPort:      443
  JobName:        CICSPRD1
  Direction:      Inbound
  TTLSGrpAction:  CICS-GRP-OFF
    GroupID:                    00000007
    TTLSEnabled:                Off
  TTLSEnvAction:  CICS-ENV
    HandshakeRole:              Server
    TLSV1.2:                    On
";
    let text = format!(
        "NETSTAT ALL\n{HEADER}\n{all}    TTLSRule:         CICS-RULE\n    TTLSGrpAction:    CICS-GRP-OFF\n    \
         TTLSEnvAction:    CICS-ENV\nREADY\nNETSTAT TTLS CONN 0000C001 DETAIL\n{}\n{detail}READY\n",
        HEADER.replace("08:00:01", "08:00:05")
    );
    let dir = TestDir::new();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", text);
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(dir.csv("SELECT conn_id, tls_state FROM v_connections"), "conn_id,tls_state\n0000C001,clear\n");
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "direction", "port", "clear_connections", "clear_peers", "clear_bytes"]),
        "job,direction,port,clear_connections,clear_peers,clear_bytes\nCICSPRD1,inbound,443,1,1,5500\n"
    );
    assert_eq!(
        report(&dir, &["tls-adoption"], &["connections", "tls_connections", "policy_only", "clear_connections"]),
        "connections,tls_connections,policy_only,clear_connections\n1,0,0,1\n"
    );
}

/// An ALL block of `all_block` with the rule and actions TSO prints under
/// `TTLSPolicy: Yes`.
fn mapped_block(block: &str, rule: &str, group: &str, env: &str) -> String {
    format!("{block}    TTLSRule:         {rule}\n    TTLSGrpAction:    {group}\n    TTLSEnvAction:    {env}\n")
}

/// A TTLS DETAIL entry of an inbound server rule with no session yet (no
/// `SecLevel`, no `Cipher`): its environment action prints
/// `ApplicationControlled` as `control` says.
#[allow(clippy::too_many_arguments)]
fn unsecured_entry(conn: &str, job: &str, local: &str, remote: &str, rule: &str, env: &str, control: &str) -> String {
    let port = local.rsplit("..").next().unwrap();
    format!(
        "ConnID: {conn}
  JobName:      {job}
  LocalSocket:  {local}
  RemoteSocket: {remote}
  CertUserID:   N/A
  MapType:      Primary
TTLSRule: {rule}
  Priority:       5
  LocalPort:      {port}
  JobName:        {job}
  Direction:      Inbound
  TTLSGrpAction:  {rule}-GRP
    GroupID:                    00000007
    TTLSEnabled:                On
  TTLSEnvAction:  {env}
    HandshakeRole:              Server
    TLSV1.2:                    On
    ApplicationControlled:      {control}
"
    )
}

/// One run of `NETSTAT ALL` then `NETSTAT TTLS DETAIL` (the whole list),
/// its headers at `time` and four seconds later.
fn all_then_detail(time: &str, all: &str, detail: &str) -> String {
    let later = format!("{}{}", &time[..7], char::from(time.as_bytes()[7] + 4));
    format!(
        "NETSTAT ALL\n{}\n{all}READY\nNETSTAT TTLS DETAIL\n{}\n{detail}READY\n",
        HEADER.replace("08:00:01", time),
        HEADER.replace("08:00:01", &later)
    )
}

#[test]
fn an_application_controlled_session_that_never_started_tls_is_cleartext() {
    // The review's repro (18b F6), two runs of one day (08:00, 12:00), each
    // ALL then the whole TTLS DETAIL list. FTPD12's 0000C030 on 21 from
    // 10.40.2.15 (rule FTP-SERVER-RULE, environment action FTP-ENV with
    // `ApplicationControlled: On`) has its entry in both lists with no
    // SecLevel and no Cipher, 1 200 in / 3 400 out at 08:00 and 2 400 /
    // 6 800 at 12:00. CICSPRD1's 0000C031 on 443 from 10.30.5.31 (CICS-ENV,
    // `ApplicationControlled: Off`) likewise, 500 / 700 at both.
    // By hand: under ApplicationControlled On AT-TLS passes the
    // application's data in clear until the application asks for the
    // handshake (z/OS FTP with TLSMECHANISM ATTLS on AUTH TLS); four hours
    // apart it had not: its 2 400 + 6 800 = 9 200 bytes went in clear, a
    // cleartext connection of FTPD12 on 21 (inbound: the rule says so).
    // With it Off AT-TLS starts the handshake before any data flows:
    // CICSPRD1's connection is still policy_only, its bytes unprotected
    // and in no clear_bytes (no cleartext row for 443). tls-adoption: 2 connections, 0 TLS, 1
    // policy_only, 1 clear; unprotected 2 400 + 500 = 2 900 in, 6 800 + 700
    // = 7 500 out. Before: FTPD12's was policy_only too, cleartext 0.
    let run = |time: &str, ftp: (u64, u64)| {
        let all = [
            mapped_block(
                &all_block(
                    "FTPD12",
                    "0000C030",
                    "10.1.1.2..21",
                    "10.40.2.15..50030",
                    ftp,
                    "03/01/2026",
                    "Establsh",
                    "Yes",
                ),
                "FTP-SERVER-RULE",
                "FTP-SERVER-RULE-GRP",
                "FTP-ENV",
            ),
            mapped_block(
                &all_block(
                    "CICSPRD1",
                    "0000C031",
                    "10.1.1.2..443",
                    "10.30.5.31..50031",
                    (500, 700),
                    "03/01/2026",
                    "Establsh",
                    "Yes",
                ),
                "CICS-RULE",
                "CICS-RULE-GRP",
                "CICS-ENV",
            ),
        ]
        .concat();
        let detail = [
            unsecured_entry(
                "0000c030",
                "FTPD12",
                "10.1.1.2..21",
                "10.40.2.15..50030",
                "FTP-SERVER-RULE",
                "FTP-ENV",
                "On",
            ),
            unsecured_entry(
                "0000c031",
                "CICSPRD1",
                "10.1.1.2..443",
                "10.30.5.31..50031",
                "CICS-RULE",
                "CICS-ENV",
                "Off",
            ),
        ]
        .concat();
        all_then_detail(time, &all, &detail)
    };
    let dir = TestDir::new();
    dir.write("tree/2026-03-01/SYSA/NETSTAT.T080000.txt", run("08:00:01", (1200, 3400)));
    dir.write("tree/2026-03-01/SYSA/NETSTAT.T120000.txt", run("12:00:01", (2400, 6800)));
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT DISTINCT conn_id, tls_state FROM v_connections ORDER BY 1"),
        "conn_id,tls_state\n0000C030,clear\n0000C031,policy_only\n"
    );
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &[
                "connections",
                "tls_connections",
                "policy_only",
                "clear_connections",
                "bytes_in_unprotected",
                "bytes_out_unprotected"
            ]
        ),
        "connections,tls_connections,policy_only,clear_connections,bytes_in_unprotected,bytes_out_unprotected\n\
         2,0,1,1,2900,7500\n"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "direction", "port", "clear_connections", "policy_only", "clear_bytes"]),
        "job,direction,port,clear_connections,policy_only,clear_bytes\nFTPD12,inbound,21,1,0,9200\n"
    );
}

#[test]
fn bytes_before_an_application_controlled_handshake_stay_unprotected() {
    // The review's repro (18b F2): one connection, two runs of one day.
    // CICSAPP1's 0000C010 on 3000 from 10.30.5.10, rule APP1-RULE whose
    // environment action APP1-ENV says `ApplicationControlled: On`: at 08:00
    // ALL prints 4 000 in / 9 000 out and its TTLS DETAIL entry no
    // SecLevel; at 12:00 ALL prints 6 000 / 15 000 and TTLS DETAIL
    // `TLS Version 1.2`, C02F.
    // By hand: at 08:00 no handshake had happened, so the 4 000 / 9 000
    // went in clear, the application's own data before it started TLS;
    // only the growth to 12:00, 2 000 / 6 000, can be protected. The
    // connection counts once, negotiated (tls 1, clear 0, policy_only 0);
    // protected 2 000 / 6 000, unprotected 4 000 / 9 000; cleartext: no
    // clear connection on 3000, 13 000 clear bytes. Before: 6 000 / 15 000
    // protected, 0 unprotected (the morning's bytes moved to the session).
    let all = |bytes| {
        mapped_block(
            &all_block(
                "CICSAPP1",
                "0000C010",
                "10.1.1.2..3000",
                "10.30.5.10..50010",
                bytes,
                "03/01/2026",
                "Establsh",
                "Yes",
            ),
            "APP1-RULE",
            "APP1-RULE-GRP",
            "APP1-ENV",
        )
    };
    let entry =
        unsecured_entry("0000c010", "CICSAPP1", "10.1.1.2..3000", "10.30.5.10..50010", "APP1-RULE", "APP1-ENV", "On");
    let secured = entry.replacen(
        "  CertUserID:",
        "  SecLevel:     TLS Version 1.2\n  Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n  CertUserID:",
        1,
    );
    let dir = TestDir::new();
    dir.write("tree/2026-03-01/SYSA/NETSTAT.T080000.txt", all_then_detail("08:00:01", &all((4000, 9000)), &entry));
    dir.write("tree/2026-03-01/SYSA/NETSTAT.T120000.txt", all_then_detail("12:00:01", &all((6000, 15000)), &secured));
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &[
                "tls_connections",
                "policy_only",
                "clear_connections",
                "bytes_in_protected",
                "bytes_out_protected",
                "bytes_in_unprotected",
                "bytes_out_unprotected"
            ]
        ),
        "tls_connections,policy_only,clear_connections,bytes_in_protected,bytes_out_protected,bytes_in_unprotected,\
         bytes_out_unprotected\n1,0,0,2000,6000,4000,9000\n"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "port", "clear_connections", "tls_connections", "clear_bytes"]),
        "job,port,clear_connections,tls_connections,clear_bytes\nCICSAPP1,3000,0,1,13000\n"
    );
}

#[test]
fn a_disabled_group_printed_on_an_earlier_day_keeps_its_connections_cleartext() {
    // The review's repro (18b F8): 1 March, ALL, the whole TTLS DETAIL list
    // (empty) and a `pasearch -t` dump whose DRDA-EXEMPT-RULE runs group
    // action GRPOFF, `TTLSEnabled: Off`; 2 March, ALL and TTLS DETAIL only.
    // Each day DB2PDIST has a connection on 446 from 10.1.9.9 that ALL
    // prints `TTLSPolicy: Yes` under DRDA-EXEMPT-RULE and GRPOFF (0000C090
    // 70 000 / 800 000 on the 1st, 0000C091 started on the 2nd, 30 000 /
    // 100 000), not in the TTLS list: AT-TLS is disabled for it.
    // By hand: nothing on the 2nd shows the policy changed (ALL names the
    // same rule and group), so GRPOFF is still off: both connections are
    // clear. tls-adoption: each day 1 clear, 0 policy_only; cleartext
    // DB2PDIST on 446: 2 clear connections, 870 000 + 130 000 = 1 000 000
    // clear bytes, on 2 dates. Before: the 2nd's was policy_only.
    let pasearch = "TCP/IP pasearch CS V2R4                   Image Name: TCPIP
  Date:                 03/01/2026        Time:  08:00:09
  TTLS Instance Id:     1764576000

policyRule:             DRDA-EXEMPT-RULE
  Rule Type:            TTLS
  Version:              3                 Status:            Active
  Priority:             255               Sequence Actions:  Don't Care
  No. Policy Action:    1
  policyAction:         GRPOFF
   ActionType:          TTLS Group
   Action Sequence:     0
  TTLS Condition Summary:                 NegativeIndicator: Off
   LocalPortFrom:       446               LocalPortTo:       446
   JobName:             DB2PDIST          UserId:
   ServiceDirection:    Inbound

  TTLS Action:                  GRPOFF
    Version:                    3
    Status:                     Active
    Scope:                      Group
    TTLSEnabled:                Off
    CtraceClearText:            Off
READY
";
    let dir = TestDir::new();
    for (day, start, conn, bytes) in [
        ("2026-03-01", "03/01/2026", "0000C090", (70_000, 800_000)),
        ("2026-03-02", "03/02/2026", "0000C091", (30_000, 100_000)),
    ] {
        let all = mapped_block(
            &all_block("DB2PDIST", conn, "10.1.1.2..446", "10.1.9.9..50090", bytes, start, "Establsh", "Yes"),
            "DRDA-EXEMPT-RULE",
            "GRPOFF",
            "DRDA-ENV",
        );
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), all_then_detail("08:00:01", &all, ""));
    }
    dir.write("tree/2026-03-01/SYSA/pasearch.txt", pasearch);
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["tls-adoption"], &["date", "connections", "policy_only", "clear_connections"]),
        "date,connections,policy_only,clear_connections\n2026-03-01,1,0,1\n2026-03-02,1,0,1\n"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "port", "clear_connections", "clear_bytes", "dates"]),
        "job,port,clear_connections,clear_bytes,dates\nDB2PDIST,446,2,1000000,2\n"
    );
}

#[test]
fn an_all_block_that_lost_its_ttls_policy_line_inside_a_report_is_said() {
    // The review's repro (F21): NETSTAT ALL of three blocks, CICSPRD1's
    // 0000C001 (lines 3-8) without its TTLSPolicy line, the UDP endpoint of
    // OSNMPD (lines 9-10, foreign socket `*..*`: a UDP block prints no
    // TTLSPolicy), then FTPD1's 0000A001 (lines 11-17) with `TTLSPolicy:
    // No`. By hand: NETSTAT prints TTLSPolicy in every TCP block, so lines
    // of 0000C001's block were lost: a problem at line 3 (exit 3), the
    // block kept with its protection `unknown`; none for the UDP block.
    let cics = all_block(
        "CICSPRD1",
        "0000C001",
        "10.1.1.2..443",
        "10.7.0.1..50001",
        (100, 100),
        "03/01/2026",
        "Establsh",
        "No",
    );
    let cics: String = cics.lines().filter(|l| !l.contains("TTLSPolicy")).map(|l| format!("{l}\n")).collect();
    let udp = "Client Name: OSNMPD                   Client Id: 0000001D\nLocal Socket: 0.0.0.0..161            Foreign Socket: *..*\n";
    let ftp =
        all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50001", (100, 100), "03/01/2026", "Establsh", "No");
    let dir = TestDir::new();
    let file = dir.write("tree/2026-03-01/SYSA/n.txt", format!("NETSTAT ALL\n{HEADER}\n{cics}{udp}{ftp}READY\n"));
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains(&format!(
            "{}:3: the NETSTAT ALL block of connection 0000C001 (from line 3) ends at the next block without the \
             `TTLSPolicy:` line NETSTAT prints in every TCP block",
            file.canonicalize().unwrap().display()
        )),
        "{said}"
    );
    assert!(said.contains("; 1 problems\n"), "{said}");
    assert_eq!(
        dir.csv("SELECT conn_id, tls_state FROM v_connections WHERE remote_ip <> '*' ORDER BY 1"),
        "conn_id,tls_state\n0000A001,clear\n0000C001,unknown\n"
    );
}

#[test]
fn an_ipv6_peer_printed_in_upper_case_or_in_full_is_one_peer() {
    // The review's repro (F9), FTPD1 on 21 of SYSA in clear: 1 March a TSO
    // ALL prints 0000A001 from `2001:db8::9..50731` (1 000 in, 100 out); 2
    // March a console reply, upper case as the console prints it, 0000A002
    // from `2001:DB8::9..50999` (500, 50); 3 March a TSO ALL printing the
    // address in full, 0000A003 from `2001:0db8:0:0:0:0:0:9..51000` (200,
    // 20). By hand: IPv6 hex digits are one address in any case, and zeros
    // compressed or not (RFC 5952's text: 2001:db8::9): one peer, 3
    // connections, 1 100 + 550 + 220 = 1 870 bytes. The full print differs
    // from the stored text in more than case: kept as `Foreign Socket
    // (printed)` at its line (4). Before: two or three peers.
    let tso = |conn: &str, foreign: &str, bytes, date: &str| {
        let block = all_block("FTPD1", conn, "2001:db8::2..21", foreign, bytes, date, "Establsh", "No");
        format!("NETSTAT ALL\n{HEADER}\n{block}READY\n")
    };
    let console = "D TCPIP,,NETSTAT,ALL
EZD0101I NETSTAT CS V2R4 TCPIP 279
CLIENT NAME: FTPD1                    CLIENT ID: 0000A002
  LOCAL SOCKET: 2001:DB8::2..21
  FOREIGN SOCKET: 2001:DB8::9..50999
  BYTESIN:            0000000500        BYTESOUT:           0000000050
  SEGMENTSIN:         0000000010        SEGMENTSOUT:        0000000010
  STARTDATE:          03/02/2026        STARTTIME:          07:00:00
  LAST TOUCHED:       07:59:00          STATE:              ESTABLSH
  TTLSPOLICY:         NO
1 OF 1 RECORDS DISPLAYED
END OF THE REPORT
";
    let dir = TestDir::new();
    dir.write("tree/2026-03-01/SYSA/n.txt", tso("0000A001", "2001:db8::9..50731", (1000, 100), "03/01/2026"));
    dir.write("tree/2026-03-02/SYSA/console.txt", console);
    dir.write("tree/2026-03-03/SYSA/n.txt", tso("0000A003", "2001:0db8:0:0:0:0:0:9..51000", (200, 20), "03/03/2026"));
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT DISTINCT local_ip, remote_ip FROM v_connections"),
        "local_ip,remote_ip\n2001:db8::2,2001:db8::9\n"
    );
    assert_eq!(
        report(&dir, &["cleartext", "--by", "peer"], &["job", "port", "remote_ip", "clear_connections", "clear_bytes"]),
        "job,port,remote_ip,clear_connections,clear_bytes\nFTPD1,21,2001:db8::9,3,1870\n"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["clear_connections", "clear_peers", "clear_bytes"]),
        "clear_connections,clear_peers,clear_bytes\n3,1,1870\n"
    );
    assert_eq!(
        dir.csv("SELECT source_line, key, value FROM attributes WHERE key LIKE '%(printed)'"),
        "source_line,key,value\n4,Foreign Socket (printed),2001:0db8:0:0:0:0:0:9\n"
    );
}

#[test]
fn a_sec_level_that_names_no_version_is_no_negotiated_session() {
    // The review's repro (18b F1), one run: ALL then the whole TTLS DETAIL
    // list. CICSPRD1 on 443: 0000C001 from 10.30.5.22 (10 000 in / 20 000
    // out) negotiated `TLS Version 1.2` C02F; 0000C002 from 10.30.5.23
    // (700 / 300), whose entry (its `SecLevel` at line 50) prints `Not
    // secure` and no Cipher. Both `TTLSPolicy: Yes` under CICS-RULE
    // (ApplicationControlled Off).
    // By hand: `Not secure` names no SSL or TLS version and says in words
    // that the connection is not secure: no session. tls-adoption: 2
    // connections, 1 TLS, 1 policy_only; protected 10 000 / 20 000,
    // unprotected 700 / 300; protocols lists TLSv1.2 alone (1 connection).
    // The text is kept and said (exit 3). Before: 2 TLS connections, the
    // second of protocol `unknown`, 10 700 / 20 300 protected.
    let all = [("0000C001", "10.30.5.22..50001", (10_000, 20_000)), ("0000C002", "10.30.5.23..50002", (700, 300))]
        .iter()
        .map(|(conn, remote, bytes)| {
            mapped_block(
                &all_block("CICSPRD1", conn, "10.1.1.2..443", remote, *bytes, "03/01/2026", "Establsh", "Yes"),
                "CICS-RULE",
                "CICS-RULE-GRP",
                "CICS-ENV",
            )
        })
        .collect::<String>();
    let entry = |conn: &str, remote: &str| {
        unsecured_entry(conn, "CICSPRD1", "10.1.1.2..443", remote, "CICS-RULE", "CICS-ENV", "Off")
    };
    let detail = [
        entry("0000c001", "10.30.5.22..50001").replacen(
            "  CertUserID:",
            "  SecLevel:     TLS Version 1.2\n  Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n  CertUserID:",
            1,
        ),
        entry("0000c002", "10.30.5.23..50002").replacen("  CertUserID:", "  SecLevel:     Not secure\n  CertUserID:", 1),
    ]
    .concat();
    let dir = TestDir::new();
    let text = all_then_detail("08:00:01", &all, &detail);
    assert_eq!(text.lines().nth(49), Some("  SecLevel:     Not secure"), "line 50");
    dir.write("tree/2026-03-01/SYSA/netstat.txt", text);
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "netstat.txt:50: `SecLevel` prints `Not secure`, which names no SSL or TLS version: no negotiated \
             session is counted for the connection (kept as text)"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &[
                "connections",
                "tls_connections",
                "policy_only",
                "bytes_in_protected",
                "bytes_out_protected",
                "bytes_in_unprotected",
                "bytes_out_unprotected"
            ]
        ),
        "connections,tls_connections,policy_only,bytes_in_protected,bytes_out_protected,bytes_in_unprotected,\
         bytes_out_unprotected\n2,1,1,10000,20000,700,300\n"
    );
    assert_eq!(report(&dir, &["protocols"], &["protocol", "connections"]), "protocol,connections\nTLSv1.2,1\n");
}

#[test]
fn a_connection_that_started_after_the_ttls_list_printed_is_not_captured() {
    // The review's repro (18b F4, its t9 form), one file: `NETSTAT TTLS
    // DETAIL` printed at 08:00:01 lists CICSPRD1's 0000C001 (from
    // 10.30.5.22, `TLS Version 1.2` C02F); `NETSTAT ALL` after it, printed
    // at 08:00:06, shows 0000C001 and 0000C070 (from 10.30.5.70,
    // `StartTime: 08:00:03`, 2 000 / 64 000), both `TTLSPolicy: Yes`.
    // By hand: 0000C070 did not exist when the TTLS list was printed, so
    // the list's silence says nothing of it: tls_not_captured, not
    // policy_only. tls-adoption: 2 connections, 1 TLS, 0 policy_only, 1
    // tls_not_captured. Before: policy_only 1.
    let ttls = ttls_session(
        "0000c001",
        "CICSPRD1",
        "10.1.1.2..443",
        "10.30.5.22..50001",
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    );
    let late = all_block(
        "CICSPRD1",
        "0000C070",
        "10.1.1.2..443",
        "10.30.5.70..50070",
        (2000, 64_000),
        "03/01/2026",
        "Establsh",
        "Yes",
    )
    .replace("StartTime:          07:00:00", "StartTime:          08:00:03");
    assert!(late.contains("StartTime:          08:00:03"));
    let all = [
        all_block(
            "CICSPRD1",
            "0000C001",
            "10.1.1.2..443",
            "10.30.5.22..50001",
            (10_000, 20_000),
            "03/01/2026",
            "Establsh",
            "Yes",
        ),
        late,
    ]
    .concat();
    let text = format!(
        "NETSTAT TTLS DETAIL\n{HEADER}\n{ttls}READY\nNETSTAT ALL\n{}\n{all}READY\n",
        HEADER.replace("08:00:01", "08:00:06")
    );
    let dir = TestDir::new();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", text);
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["tls-adoption"], &["connections", "tls_connections", "policy_only", "tls_not_captured"]),
        "connections,tls_connections,policy_only,tls_not_captured\n2,1,0,1\n"
    );
}
