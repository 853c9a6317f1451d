//! Which print of the AT-TLS policy is the policy: the same policy printed
//! by TSO and by the console, a long-lived connection's old copy beside
//! the copy in force, a page heading inside a print. Each rule pinned on a
//! small capture tree written here by hand, with the answer worked out from
//! its text in the test.

use crate::trust::{all_block, ingest, report, HEADER};
use crate::trust_policy::{cics, WITHOUT_3DES, WITH_3DES};
use crate::util::{stderr, TestDir};

const DRIFT: &[&str] = &["after", "object", "name", "setting", "change", "old_value", "new_value"];

/// The `policy_change` alerts of a first `alerts` run.
fn policy_changes(dir: &TestDir) -> Vec<String> {
    let output = dir.run(&["alerts", "--format", "csv"]);
    let alerts = String::from_utf8(output.stdout).unwrap();
    alerts.lines().filter(|l| l.starts_with("policy_change,")).map(str::to_string).collect()
}

#[test]
fn the_same_policy_printed_by_tso_and_by_the_console_is_no_change() {
    let dir = TestDir::new();
    // CICS-ENV with three settings that have no column: two NETSTAT prints
    // (`ClientEDHGroupSize: Legacy`, `HttpCdpEnable: Off`) and one this
    // version does not know (`ClientPskMode: Preferred`, a keyword value).
    let env = |http: &str, psk: &str| {
        format!(
            "{WITHOUT_3DES}    ClientEDHGroupSize:         Legacy
    HttpCdpEnable:              {http}
    ClientPskMode:              {psk}
"
        )
    };
    // 1 March by TSO; 2 March the same policy by the console, which prints
    // every line in upper case (`HTTPCDPENABLE:              OFF`); 3 March
    // by TSO with HttpCdpEnable switched on and ClientPskMode Required.
    let console = format!(
        " D TCPIP,,NETSTAT,TTLS,DETAIL\nEZD0101I NETSTAT CS V2R4 TCPIP 279\n{}1 OF 1 RECORDS DISPLAYED\nEND OF THE REPORT\n",
        cics(&env("Off", "Preferred")).to_uppercase()
    );
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(&env("Off", "Preferred"))));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", console);
    dir.write("tree/2026-03-03/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(&env("On", "Required"))));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The console's keys and NETSTAT's keyword values take their TSO
    // spelling; a key this version does not know, and its value, stay as
    // printed.
    assert_eq!(
        dir.csv(
            "SELECT p.setting, p.value FROM v_policy_settings p JOIN snapshots s USING (snapshot_id)
             WHERE s.capture_date = '2026-03-02' AND p.name = 'CICS-ENV'
               AND upper(p.setting) IN ('CLIENTEDHGROUPSIZE', 'HTTPCDPENABLE', 'CLIENTPSKMODE', 'TLSV1.2')
             ORDER BY 1"
        ),
        "setting,value\nCLIENTPSKMODE,PREFERRED\nClientEDHGroupSize,Legacy\nHttpCdpEnable,Off\nTLSV1.2,On\n"
    );
    // The Policy Agent reads keys and keyword values in any case: 1 -> 2
    // March is no change; 2 -> 3 March the two changes made, the key named
    // as the later capture prints it, the old value as the console did.
    assert_eq!(
        report(&dir, &["policy-drift"], DRIFT),
        "after,object,name,setting,change,old_value,new_value
2026-03-03T08:00:01,env_action,CICS-ENV,ClientPskMode,changed,PREFERRED,Required
2026-03-03T08:00:01,env_action,CICS-ENV,HttpCdpEnable,changed,Off,On
"
    );
    assert_eq!(policy_changes(&dir).len(), 2, "{:?}", policy_changes(&dir));
}

#[test]
fn a_long_lived_connection_s_old_copy_of_the_policy_is_not_the_policy_in_force() {
    let dir = TestDir::new();
    // 1 March: conn 0000C001 under CICS-ENV, which allows C02F and 000A.
    // Overnight the policy is refreshed without 000A. 2 March: 0000C001 is
    // still up and TTLS DETAIL prints it first with the copy it was set up
    // with (C02F 000A, `V3CipherSuites:` on line 25), then the new 0000C002
    // with the copy in force (C02F alone). 3 March: 0000C001 has closed.
    let old = cics(WITH_3DES);
    let new = cics(WITHOUT_3DES).replace("0000c001", "0000c002").replace("10.7.0.1..50001", "10.7.0.1..50002");
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{old}"));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{HEADER}\n{old}{new}"));
    dir.write("tree/2026-03-03/SYSA/ttls.txt", format!("{HEADER}\n{new}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The change is dated the day it was first in force, once; the old copy
    // is kept where 0000C001 printed it, and is not a setting of the policy.
    assert_eq!(
        report(&dir, &["policy-drift"], DRIFT),
        "after,object,name,setting,change,old_value,new_value
2026-03-02T08:00:01,env_action,CICS-ENV,V3CipherSuites,changed,C02F 000A,C02F
"
    );
    assert_eq!(
        dir.csv(
            "SELECT s.capture_date, a.source_line, a.key, a.value FROM attributes a
             JOIN captures k USING (capture_id) JOIN snapshots s USING (snapshot_id)
             WHERE a.owner_table = 'env_actions'"
        ),
        "capture_date,source_line,key,value\n2026-03-02,25,V3CipherSuites (other report),C02F 000A\n"
    );
    assert!(
        stderr(&output).contains(
            "note: environment action CICS-ENV printed at line 25: V3CipherSuites C02F 000A, where its print at line \
             49 has another: that stands (printed last)"
        ),
        "{}",
        stderr(&output)
    );
    let changes = policy_changes(&dir);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].starts_with(
        "policy_change,2026-03-02,SYSA,TCPIP,env_action CICS-ENV V3CipherSuites,changed: C02F 000A -> C02F,"
    ));
}

#[test]
fn a_print_of_a_connection_set_up_before_a_newer_print_s_is_not_news_about_the_policy() {
    let dir = TestDir::new();
    // CICS-ENV allowed C02F and 000A until a refresh on 2 March took 000A
    // out. 0000C001 (from 10.7.0.1..50001) started 02/28/2026 07:00 and
    // lives all along, printing the copy it was set up with (C02F 000A);
    // 0000C002 (..50002) started 03/02/2026 07:00 and prints C02F alone.
    let old = cics(WITH_3DES);
    let new = cics(WITHOUT_3DES).replace("0000c001", "0000c002").replace("10.7.0.1..50001", "10.7.0.1..50002");
    let all = |conn: &str, port: u32, start: &str, bytes_in: u64| {
        let foreign = format!("10.7.0.1..{port}");
        all_block("CICSPRD1", conn, "10.1.1.2..443", &foreign, (bytes_in, 5000), start, "Establsh", "Yes")
    };
    let c001 = |bytes_in: u64| all("0000C001", 50001, "02/28/2026", bytes_in);
    let c002 = all("0000C002", 50002, "03/02/2026", 1000);
    let run =
        |echo: &str, time: &str, text: &str| format!("READY\n{echo}\n{}\n{text}", HEADER.replace("08:00:01", time));
    // Each day ALL (lines 1-3, a block of 7 lines per connection, READY),
    // then TTLS. 2 March asks TTLS CONN n DETAIL in ALLCONN's order, newest
    // first: 0000C002's entry at line 21 (26 lines; its TTLSEnvAction line
    // 41), READY (47), then at 08:00:06 0000C001's at line 50, its
    // V3CipherSuites at line 50 + 23 = 73: the old copy is printed later.
    // 0000C001 has BytesIn 1 000, 2 000 and 3 000 on the three days.
    let day1 = vec![run("NETSTAT ALL", "08:00:01", &c001(1000)), run("NETSTAT TTLS DETAIL", "08:00:02", &old)];
    let day2 = vec![
        run("NETSTAT ALL", "08:00:01", &format!("{c002}{}", c001(2000))),
        run("NETSTAT TTLS CONN 0000C002 DETAIL", "08:00:05", &new),
        run("NETSTAT TTLS CONN 0000C001 DETAIL", "08:00:06", &old),
    ];
    // 3 March: 0000C002 has closed; 0000C001 prints its old copy again.
    let day3 = vec![run("NETSTAT ALL", "08:00:01", &c001(3000)), run("NETSTAT TTLS DETAIL", "08:00:02", &old)];
    for (day, text) in [("2026-03-01", day1), ("2026-03-02", day2), ("2026-03-03", day3)] {
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{}READY\n", text.concat()));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 2 March: the copy of the connection that started later stands, though
    // printed first; the other is kept where 0000C001 printed it, and said.
    assert!(
        stderr(&output).contains(
            "note: environment action CICS-ENV printed at line 73: V3CipherSuites C02F 000A, where its print at line \
             41 has another: that stands (the copy of the connection that started later: 03/02/2026 07:00:00, where \
             the other's started 02/28/2026 07:00:00)"
        ),
        "{}",
        stderr(&output)
    );
    // 3 March prints only 0000C001's copy, set up before 0000C002's print of
    // 2 March: no change of policy, no alert. The refresh is said once.
    assert_eq!(
        report(&dir, &["policy-drift"], DRIFT),
        "after,object,name,setting,change,old_value,new_value
2026-03-02T08:00:01,env_action,CICS-ENV,V3CipherSuites,changed,C02F 000A,C02F
"
    );
    let changes = policy_changes(&dir);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].starts_with(
        "policy_change,2026-03-02,SYSA,TCPIP,env_action CICS-ENV V3CipherSuites,changed: C02F 000A -> C02F,"
    ));
    // The policy is 2 March's print: CICS-RULE allows C02F alone, seen in
    // use up to 3 March; C02F and TLSv1.2 were negotiated, so nothing it
    // allows went unused; 000A failed PCI DSS on 1 March only.
    assert_eq!(
        report(&dir, &["policy-inventory"], &["last_seen", "rule", "ciphers"]),
        "last_seen,rule,ciphers\n2026-03-03,CICS-RULE,C02F:secure\n"
    );
    assert_eq!(report(&dir, &["allowed-not-used"], &["kind", "code", "rules"]), "kind,code,rules\n");
    let policy_rows = report(
        &dir,
        &["compliance", "--standard", "pci-dss-4"],
        &["row", "action", "setting", "code", "first_seen", "last_seen", "dates"],
    );
    assert_eq!(
        policy_rows.lines().filter(|l| l.starts_with("policy,")).collect::<Vec<_>>(),
        ["policy,CICS-ENV,V3CipherSuites,000A,2026-03-01,2026-03-01,1"]
    );
}

#[test]
fn a_page_heading_inside_a_ttls_detail_print_is_passed_over_and_said() {
    let dir = TestDir::new();
    // A batch SYSTSPRT with its ASA column: `1READY` (line 1), the command
    // (2), the report header (3), CICS's entry from line 4. A print utility
    // broke the page inside CICS-ENV's cipher list: after its first item
    // (`V3CipherSuites:` on line 4 + 23 = 27), the page heading is line 28
    // (`1` in column 1: a new page), its second item 000A line 29, then
    // TLSV1.1 and TLSV1.2. Each day's heading prints its own date.
    let systsprt = |date: &str| {
        let entry: String = cics(WITH_3DES).lines().map(|l| format!(" {l}\n")).collect();
        let entry = entry.replacen(
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n                                 000A",
            &format!(
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n1REPORT: SYSTSPRT    DATE: {date}    PAGE: 2\n                                 000A"
            ),
            1,
        );
        format!("1READY\n NETSTAT TTLS DETAIL\n {HEADER}\n{entry} READY\n")
    };
    dir.write("tree/2026-03-01/SYSA/systsprt.txt", systsprt("03/01/26"));
    dir.write("tree/2026-03-02/SYSA/systsprt.txt", systsprt("03/02/26"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    for date in ["03/01/26", "03/02/26"] {
        let note = format!(
            "note: line 28: 1 page heading inside the report (`REPORT: SYSTSPRT    DATE: {date}    PAGE: 2`), as a \
             print utility or report archiver puts at the top of each page, not NETSTAT's: passed over"
        );
        assert!(said.contains(&note), "{note}: {said}");
    }
    assert!(said.contains("; 0 problems"), "{said}");
    // The heading is no setting; the list and the switches after it stay
    // CICS-ENV's; nothing changed from one day to the next.
    assert_eq!(
        dir.csv(
            "SELECT object, setting, value FROM v_policy_settings
             WHERE snapshot_id = 1 AND (object = 'rule' OR setting LIKE 'V3%' OR setting LIKE 'TLS%')
             ORDER BY 1, 2"
        ),
        "object,setting,value
env_action,TLSV1.1,Off
env_action,TLSV1.2,On
env_action,V3CipherSuites,C02F 000A
rule,Direction,Inbound
rule,JobName,CICSPRD1
rule,LocalAddr,All
rule,LocalPort,443
rule,Priority,5
rule,RemoteAddr,All
rule,RemotePort,All
rule,TTLSEnvAction,CICS-ENV
rule,TTLSGrpAction,CICS-GRP
"
    );
    assert_eq!(report(&dir, &["policy-drift"], DRIFT), "after,object,name,setting,change,old_value,new_value\n");
}

#[test]
fn the_cbom_pairs_a_protocol_with_the_suites_one_print_of_its_rule_allows_beside_it() {
    let dir = TestDir::new();
    // 1 March: CICS-ENV allows C02F and 000A (3DES) with TLSv1.2 alone
    // (TLSV1.1 Off). 2 March: C02F and 002F (AES_128_CBC_SHA) with TLSv1.1
    // and TLSv1.2 on. CICSPRD1's connection negotiates C02F with TLSv1.2
    // both days.
    let day2 = "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                002F TLS_RSA_WITH_AES_128_CBC_SHA
    TLSV1.1:                    On
    TLSV1.2:                    On
";
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(WITH_3DES)));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(day2)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let file = dir.path("bom.json");
    let output = dir.run(&["export", "--format", "cbom", "--out", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let bom: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let protocol = |name: &str| {
        let components = bom["components"].as_array().unwrap();
        components.iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("no {name}")).clone()
    };
    let suites = |name: &str| -> Vec<String> {
        let suites = protocol(name)["cryptoProperties"]["protocolProperties"]["cipherSuites"].clone();
        suites.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_string()).collect()
    };
    // TLSv1.1 was allowed on 2 March alone, beside C02F (TLS 1.2 only) and
    // 002F: 002F. 3DES, allowed on 1 March when TLSv1.1 was off, was never
    // allowed beside it. TLSv1.2: every suite of both days.
    assert_eq!(suites("TLSv1.1"), ["TLS_RSA_WITH_AES_128_CBC_SHA"]);
    assert_eq!(
        suites("TLSv1.2"),
        ["TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]
    );
    let places: Vec<String> = protocol("TLSv1.2")["evidence"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["symbol"] == "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
        .map(|o| o["additionalContext"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        places,
        ["allowed on 2026-03-01 by V3CipherSuites of environment action CICS-ENV; rule CICS-RULE (JobName CICSPRD1)"]
    );
}

#[test]
fn a_ttls_detail_print_that_lost_its_indentation_is_read_by_its_keys() {
    let dir = TestDir::new();
    // 1 March as TSO prints it; 2 March the same text with every line's
    // leading blanks gone (copied through a mail or a web form): the action
    // settings (`GroupID:`, `TTLSEnabled:`, `HandshakeRole:`, the cipher list
    // and its continuation `000A ...`) start in column 1, as the rule's do.
    let stripped: String = cics(WITH_3DES).lines().map(|l| format!("{}\n", l.trim_start())).collect();
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(WITH_3DES)));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{HEADER}\n{stripped}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("; 0 problems"), "{}", stderr(&output));
    // A rule prints none of the actions' keys: each stays in the action
    // its header opened. 2 March reads as 1 March: no drift.
    assert_eq!(
        dir.csv(
            "SELECT p.object, p.setting, p.value FROM v_policy_settings p JOIN snapshots s USING (snapshot_id)
             WHERE s.capture_date = '2026-03-02' AND p.object <> 'rule' ORDER BY 1, 2"
        ),
        "object,setting,value
env_action,HandshakeRole,Server
env_action,Keyring,CICS/RING
env_action,TLSV1.1,Off
env_action,TLSV1.2,On
env_action,V3CipherSuites,C02F 000A
group_action,TTLSEnabled,On
"
    );
    assert_eq!(report(&dir, &["policy-drift"], DRIFT), "after,object,name,setting,change,old_value,new_value\n");
}

#[test]
fn a_suite_listed_by_v3ciphersuites_and_v3ciphersuites4char_is_allowed_once() {
    let dir = TestDir::new();
    // A release that prints both lists: 003C and 000A in the 2-character
    // list (as NETSTAT prints it widened), and again with C02F in the
    // 4-character one.
    let env = "    V3CipherSuites:             003C TLS_RSA_WITH_AES_128_CBC_SHA256
                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
    V3CipherSuites4Char:        003C TLS_RSA_WITH_AES_128_CBC_SHA256
                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
                                C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    TLSV1.2:                    On
";
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(env)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // One allowed set, in the order first listed: 003C and 000A weak (CBC
    // with RSA key exchange; 3DES), C02F secure.
    assert_eq!(
        report(&dir, &["policy-inventory"], &["rule", "ciphers"]),
        "rule,ciphers\nCICS-RULE,003C:weak 000A:weak C02F:secure\n"
    );
}

#[test]
fn a_group_s_connection_count_printed_otherwise_by_another_report_of_the_run_is_kept_and_said() {
    let dir = TestDir::new();
    // One file: `NETSTAT TTLS GROUP` (its echo on line 1, CSQ1-GROUP-ACTION's
    // row `Conns 1` on line 5), then `NETSTAT TTLS GROUP DETAIL` (echo on
    // line 9, its `TTLSGrpAction:` on line 11), whose `GroupConns:` says 5
    // here, as a moment later with more connections. Neither prints a time:
    // one run; between two TTLS GROUP reports the first print stands.
    let group = std::fs::read_to_string(crate::util::project("tests/fixtures/published/netstat-ttls-group.txt"));
    let detail =
        std::fs::read_to_string(crate::util::project("tests/fixtures/published/netstat-ttls-group-detail.txt"));
    let detail = detail.unwrap().replacen("GroupConns:      1", "GroupConns:      5", 1);
    let text = format!("NETSTAT TTLS GROUP\n{}NETSTAT TTLS GROUP DETAIL\n{detail}", group.unwrap());
    dir.write("tree/2026-03-01/SYSA/g.txt", text);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT name, group_id, conns FROM group_actions WHERE name = 'CSQ1-GROUP-ACTION'"),
        "name,group_id,conns\nCSQ1-GROUP-ACTION,0000003F,1\n"
    );
    assert_eq!(
        dir.csv("SELECT source_line, key, value FROM attributes WHERE owner_table = 'group_actions'"),
        "source_line,key,value\n11,GroupConns (other report),5\n"
    );
    let note = "g.txt: note: group action CSQ1-GROUP-ACTION printed at line 11: GroupConns 5, where its print at line \
                5 has another: that stands (printed first), and 5 is kept as the attribute `GroupConns (other report)`";
    assert!(stderr(&output).contains(note), "{}", stderr(&output));
}

#[test]
fn a_release_that_also_prints_v3ciphersuites4char_changes_no_policy() {
    let dir = TestDir::new();
    // 1 March (V2R4): CICS-ENV's V3CipherSuites C02F 000A. 2 March, after
    // a release upgrade (V3R1): the same policy, printed in the same
    // V3CipherSuites list and again in V3CipherSuites4Char. 3 March: 000A
    // taken out of both lists.
    let both = |suites: &str| {
        format!(
            "    V3CipherSuites:             {suites}
    V3CipherSuites4Char:        {suites}
    TLSV1.1:                    Off
    TLSV1.2:                    On
"
        )
    };
    let two = "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA";
    let one = "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    let v3r1 = HEADER.replace("V2R4", "V3R1");
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(WITH_3DES)));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{v3r1}\n{}", cics(&both(two))));
    dir.write("tree/2026-03-03/SYSA/ttls.txt", format!("{v3r1}\n{}", cics(&both(one))));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The two lists are one setting, each suite once: C02F 000A on 1 and 2
    // March (no change: the second list repeats the first), C02F on 3 March.
    assert_eq!(
        dir.csv(
            "SELECT s.capture_date, p.setting, p.value FROM v_policy_settings p JOIN snapshots s USING (snapshot_id)
             WHERE p.object = 'env_action' AND p.setting LIKE 'V3%' ORDER BY 1"
        ),
        "capture_date,setting,value
2026-03-01,V3CipherSuites,C02F 000A
2026-03-02,V3CipherSuites,C02F 000A
2026-03-03,V3CipherSuites,C02F
"
    );
    assert_eq!(
        report(&dir, &["policy-drift"], DRIFT),
        "after,object,name,setting,change,old_value,new_value
2026-03-03T08:00:01,env_action,CICS-ENV,V3CipherSuites,changed,C02F 000A,C02F
"
    );
    // One alert, for 3 March's change; none for the upgrade.
    let changes = policy_changes(&dir);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].starts_with(
        "policy_change,2026-03-03,SYSA,TCPIP,env_action CICS-ENV V3CipherSuites,changed: C02F 000A -> C02F,"
    ));
}

#[test]
fn a_suite_of_either_cipher_list_is_one_setting_to_change_whichever_print_is_read() {
    let dir = TestDir::new();
    // 1 March (V2R4): CICS-ENV's V3CipherSuites C02F 000A 1301 (NETSTAT
    // prints the 4-character suite in the one list). 2 March, after an
    // upgrade to V3R1: the same policy, its 2-character suites C02F 000A in
    // V3CipherSuites and all three in V3CipherSuites4Char.
    let widened = "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
                                1301 TLS_AES_128_GCM_SHA256
    TLSV1.2:                    On
";
    let both = "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
    V3CipherSuites4Char:        C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
                                1301 TLS_AES_128_GCM_SHA256
    TLSV1.2:                    On
";
    let v3r1 = HEADER.replace("V2R4", "V3R1");
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(widened)));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{v3r1}\n{}", cics(both)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // One policy: both prints list C02F 000A 1301 (one fingerprint).
    assert_eq!(dir.csv("SELECT count(DISTINCT fingerprint) AS policies FROM snapshot_policies"), "policies\n1\n");
    // What 2 March's print allows: one setting, each suite once, C02F and
    // 000A where the first list has them, 1301 numbered on after them.
    assert_eq!(
        dir.csv(
            "SELECT a.setting, a.position, a.code FROM v_rule_allows a JOIN snapshots s USING (snapshot_id)
             WHERE s.capture_date = '2026-03-02' AND a.kind = 'cipher' ORDER BY a.position"
        ),
        "setting,position,code\nV3CipherSuites,1,C02F\nV3CipherSuites,2,000A\nV3CipherSuites,3,1301\n"
    );
    // pci-dss-4 forbids 3DES (000A): one setting to change, whichever print
    // of the policy is read: over both days (the 1 March print read for the
    // policy), seen on 2 dates; from 2 March (its print alone), on 1 (before:
    // V3CipherSuites and V3CipherSuites4Char, two settings to change). The
    // connection 0000c001 negotiated C02F with TLSv1.2 on both days: 1,
    // compliant.
    let columns = [
        "row",
        "system",
        "connections",
        "compliant",
        "failing_settings",
        "first_seen",
        "last_seen",
        "action",
        "setting",
        "code",
        "dates",
    ];
    assert_eq!(
        report(&dir, &["compliance", "--standard", "pci-dss-4"], &columns),
        "row,system,connections,compliant,failing_settings,first_seen,last_seen,action,setting,code,dates
summary,,1,1,1,,,,,,
policy,SYSA,,,,2026-03-01,2026-03-02,CICS-ENV,V3CipherSuites,000A,2
"
    );
    assert_eq!(
        report(&dir, &["compliance", "--standard", "pci-dss-4", "--from", "2026-03-02"], &columns),
        "row,system,connections,compliant,failing_settings,first_seen,last_seen,action,setting,code,dates
summary,,1,1,1,,,,,,
policy,SYSA,,,,2026-03-02,2026-03-02,CICS-ENV,V3CipherSuites,000A,1
"
    );
}

#[test]
fn a_connection_action_s_cipher_list_in_either_part_overrides_the_environment_s() {
    let dir = TestDir::new();
    // CICS-ENV lists C02F and 000A in V3CipherSuites; the rule's connection
    // action CICS-CONN lists C02F alone, in V3CipherSuites4Char (V3R1).
    let conn = "  TTLSConnAction: CICS-CONN
    V3CipherSuites4Char:        C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    HandshakeRole:              Server
";
    let v3r1 = HEADER.replace("V2R4", "V3R1");
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{v3r1}\n{}{conn}", cics(WITH_3DES)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The two lists are one setting, and AT-TLS reads the connection
    // action's first: the rule allows C02F alone (before: C02F from
    // CICS-CONN and 000A from CICS-ENV, whose list was another setting).
    assert_eq!(
        dir.csv("SELECT action, action_name, setting, position, code FROM v_rule_allows WHERE kind = 'cipher'"),
        "action,action_name,setting,position,code\nconnection,CICS-CONN,V3CipherSuites,1,C02F\n"
    );
    // So nothing allows 000A: allowed-not-used does not name it.
    let unused = report(&dir, &["allowed-not-used"], &["code", "actions"]);
    assert!(!unused.contains("000A"), "{unused}");
}
