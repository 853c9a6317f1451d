//! What the policy reports mean, each rule pinned on a small capture tree
//! written here by hand, with the answer worked out from its text in the
//! test (see trust.rs for the connection numbers).

use crate::trust::{ingest, report, HEADER};
use crate::util::{project_columns, stderr, TestDir};

/// A `NETSTAT TTLS CONN n DETAIL` entry of CICSPRD1 on port 443 (one
/// connection from 10.7.0.1) under rule `rule`, group action `group` and
/// environment action `env`, whose settings after `HandshakeRole` and
/// `Keyring` are `env_lines` (each line as printed, indented).
fn detail(conn: &str, rule: &str, group: &str, env: &str, env_lines: &str) -> String {
    format!(
        "ConnID: {conn}
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.7.0.1..50001
  SecLevel:     TLS Version 1.2
  Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  KeyShare:     N/A
  CertUserID:   N/A
  MapType:      Primary
TTLSRule: {rule}
  Priority:       5
  LocalAddr:      All
  LocalPort:      443
  RemoteAddr:     All
  RemotePort:     All
  JobName:        CICSPRD1
  Direction:      Inbound
  TTLSGrpAction:  {group}
    GroupID:                    00000007
    TTLSEnabled:                On
  TTLSEnvAction:  {env}
    HandshakeRole:              Server
    Keyring:                    CICS/RING
{env_lines}"
    )
}

/// CICS-ENV's settings as day 1 prints them: 3DES (000A) after C02F in the
/// cipher list, TLSv1.1 off.
pub(crate) const WITH_3DES: &str = "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
    TLSV1.1:                    Off
    TLSV1.2:                    On
";

/// CICS-ENV's settings without 000A.
pub(crate) const WITHOUT_3DES: &str = "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    TLSV1.1:                    Off
    TLSV1.2:                    On
";

/// The CICS policy (CICS-RULE, CICS-GRP, CICS-ENV) in use with `env_lines`.
pub(crate) fn cics(env_lines: &str) -> String {
    detail("0000c001", "CICS-RULE", "CICS-GRP", "CICS-ENV", env_lines)
}

/// Another connection (from 10.7.0.2) under other policy (OTHER-RULE,
/// OTHER-GRP, OTHER-ENV) with `env_lines`.
pub(crate) fn other_with(env_lines: &str) -> String {
    detail("0000c002", "OTHER-RULE", "OTHER-GRP", "OTHER-ENV", env_lines).replace("10.7.0.1..50001", "10.7.0.2..50002")
}

fn other() -> String {
    other_with(WITHOUT_3DES)
}

#[test]
fn a_setting_changed_while_its_policy_was_idle_is_drift_from_where_it_was_last_printed() {
    let dir = TestDir::new();
    // 1 March: CICS-ENV allows C02F and 000A, TLSv1.1 off. 2 March: no
    // connection used the CICS policy, so NETSTAT printed none of it. 3
    // March: in use again, 000A gone from its list and TLSv1.1 switched on.
    let day3 = cics(WITH_3DES).replace("                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA\n", "");
    let day3 = day3.replace("TLSV1.1:                    Off", "TLSV1.1:                    On");
    for (day, text) in [("2026-03-01", cics(WITH_3DES)), ("2026-03-02", other()), ("2026-03-03", day3)] {
        dir.write(&format!("tree/{day}/SYSA/ttls.txt"), format!("{HEADER}\n{text}"));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Both changes are between the capture that last printed CICS-ENV (1
    // March) and the next one that does (3 March): they were made while it
    // was idle, and NETSTAT could not show them on 2 March.
    let columns = ["before", "after", "object", "name", "setting", "change", "old_value", "new_value"];
    assert_eq!(
        report(&dir, &["policy-drift", "--from", "2026-03-03"], &columns),
        "before,after,object,name,setting,change,old_value,new_value
2026-03-02T08:00:01,2026-03-03T08:00:01,env_action,CICS-ENV,,in_use,,
2026-03-01T08:00:01,2026-03-03T08:00:01,env_action,CICS-ENV,TLSV1.1,changed,Off,On
2026-03-01T08:00:01,2026-03-03T08:00:01,env_action,CICS-ENV,V3CipherSuites,changed,C02F 000A,C02F
2026-03-02T08:00:01,2026-03-03T08:00:01,env_action,OTHER-ENV,,unused,,
2026-03-02T08:00:01,2026-03-03T08:00:01,group_action,CICS-GRP,,in_use,,
2026-03-02T08:00:01,2026-03-03T08:00:01,group_action,OTHER-GRP,,unused,,
2026-03-02T08:00:01,2026-03-03T08:00:01,rule,CICS-RULE,,in_use,,
2026-03-02T08:00:01,2026-03-03T08:00:01,rule,OTHER-RULE,,unused,,
"
    );
    // And the alerts after the run say them (TLSv1.1 switched on first).
    let output = dir.run(&["alerts", "--format", "csv"]);
    let alerts = String::from_utf8(output.stdout).unwrap();
    let changes: Vec<&str> = alerts.lines().filter(|l| l.starts_with("policy_change,")).collect();
    assert_eq!(changes.len(), 2, "{alerts}");
    assert!(
        changes[0].starts_with("policy_change,2026-03-03,SYSA,TCPIP,env_action CICS-ENV TLSV1.1,changed: Off -> On,")
    );
    assert!(changes[1].starts_with(
        "policy_change,2026-03-03,SYSA,TCPIP,env_action CICS-ENV V3CipherSuites,changed: C02F 000A -> C02F,"
    ));
}

#[test]
fn allowed_not_used_is_what_each_rule_allows_as_last_printed() {
    let dir = TestDir::new();
    // 1 March: both CICS-ENV and OTHER-ENV allow C02F and 000A; both
    // connections negotiated C02F with TLSv1.2. 2 March: CICS-ENV no longer
    // lists 000A; OTHER's connection ended, so NETSTAT printed nothing of
    // OTHER (idle, not removed: it still allows 000A). Nobody negotiated
    // 000A: OTHER-ENV's 000A is the only risk left to switch off.
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}{}", cics(WITH_3DES), other_with(WITH_3DES)));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(WITHOUT_3DES)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["allowed-not-used"], &["system", "kind", "code", "grade", "rules", "actions"]),
        "system,kind,code,grade,rules,actions\nSYSA,cipher,000A,weak,OTHER-RULE,OTHER-ENV\n"
    );
    // On 1 March alone both allowed it.
    assert_eq!(
        report(&dir, &["allowed-not-used", "--to", "2026-03-01"], &["code", "rules", "actions"]),
        "code,rules,actions\n000A,\"CICS-RULE,OTHER-RULE\",\"CICS-ENV,OTHER-ENV\"\n"
    );
}

#[test]
fn allowed_not_used_judges_only_the_stacks_captured_in_the_period() {
    let dir = TestDir::new();
    // SYSA on 1 and 2 March: CICS-ENV allows TLSv1.2 (TLSv1.1 off) and
    // C02F 000A; its client negotiates TLSv1.2 C02F each day. SYSB on 1
    // March only: OTHER-ENV allows the same, its client negotiates TLSv1.2
    // C02F. Over both days, each stack's 000A is unused.
    for (day, system, text) in [
        ("2026-03-01", "SYSA", cics(WITH_3DES)),
        ("2026-03-02", "SYSA", cics(WITH_3DES).replace("0000c001", "0000c003")),
        ("2026-03-01", "SYSB", other_with(WITH_3DES)),
    ] {
        dir.write(&format!("tree/{day}/{system}/ttls.txt"), format!("{HEADER}\n{text}"));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let columns = ["system", "kind", "code", "grade", "rules", "actions"];
    assert_eq!(
        report(&dir, &["allowed-not-used"], &columns),
        "system,kind,code,grade,rules,actions\nSYSA,cipher,000A,weak,CICS-RULE,CICS-ENV\n\
         SYSB,cipher,000A,weak,OTHER-RULE,OTHER-ENV\n"
    );
    // 2 March: only SYSA was captured. SYSB saw nothing that day, so nothing
    // of it is known unused: its TLSv1.2 and C02F, which its client
    // negotiates, are not offered as safe to switch off (before: SYSB's
    // 000A, C02F and TLSv1.2 were listed), and a note names SYSB.
    let output =
        dir.run(&["report", "allowed-not-used", "--from", "2026-03-02", "--to", "2026-03-02", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout.clone()).unwrap(), &columns),
        "system,kind,code,grade,rules,actions\nSYSA,cipher,000A,weak,CICS-RULE,CICS-ENV\n"
    );
    assert_eq!(
        stderr(&output),
        "note: SYSB TCPIP: no capture in this period: nothing is known unused, so its rules are not judged; give a \
         period that holds one of its captures (--from, --to) to judge them\n"
    );
}

#[test]
fn a_group_action_a_later_ttls_group_list_leaves_out_was_removed() {
    let dir = TestDir::new();
    // As above (CICS-ENV drops 000A on 2 March, OTHER is not printed then),
    // with a TTLS GROUP report beside TTLS DETAIL each day: 1 March it lists
    // CICS-GRP (00000007) and OTHER-GRP (00000008), 1 connection each; 2
    // March CICS-GRP alone. TTLS GROUP lists every group action of the
    // installed policy, idle ones with 0 connections: OTHER-GRP is gone from
    // the policy, and OTHER-RULE, which maps through it, with it.
    let other = other_with(WITH_3DES).replace("00000007", "00000008");
    let group = |rows: &str| {
        format!(
            "{HEADER}
TTLSGrpAction                             Group ID           Conns
----------------------------------------  -----------------  -----
{rows}"
        )
    };
    let cics_grp = "CICS-GRP                                  00000007               1\n";
    let other_grp = "OTHER-GRP                                 00000008               1\n";
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}{other}", cics(WITH_3DES)));
    dir.write("tree/2026-03-01/SYSA/group.txt", group(&format!("{cics_grp}{other_grp}")));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{HEADER}\n{}", cics(WITHOUT_3DES)));
    dir.write("tree/2026-03-02/SYSA/group.txt", group(cics_grp));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // OTHER-GRP `removed` (before: `unused`); OTHER-ENV and OTHER-RULE no
    // longer seen in use, as NETSTAT tells.
    assert_eq!(
        report(&dir, &["policy-drift"], &["after", "object", "name", "setting", "change", "old_value", "new_value"]),
        "after,object,name,setting,change,old_value,new_value
2026-03-02T08:00:01,env_action,CICS-ENV,V3CipherSuites,changed,C02F 000A,C02F
2026-03-02T08:00:01,env_action,OTHER-ENV,,unused,,
2026-03-02T08:00:01,group_action,OTHER-GRP,,removed,,
2026-03-02T08:00:01,rule,OTHER-RULE,,unused,,
"
    );
    let alerts = String::from_utf8(dir.run(&["alerts", "--format", "csv"]).stdout).unwrap();
    assert!(
        alerts.contains(
            "policy_change,2026-03-02,SYSA,TCPIP,group_action OTHER-GRP,removed from the policy: the whole policy \
             (pasearch -t) or the list of every group action (TTLS GROUP) captured 2026-03-02T08:00:01 no longer has \
             it; last printed 2026-03-01T08:00:01,"
        ),
        "{alerts}"
    );
    // Nothing is left to switch off (before: 000A by OTHER-RULE, already gone).
    assert_eq!(
        report(&dir, &["allowed-not-used"], &["system", "kind", "code", "grade", "rules", "actions"]),
        "system,kind,code,grade,rules,actions\n"
    );
}

#[test]
fn a_policy_object_printed_otherwise_by_another_report_of_its_snapshot_is_kept_and_said() {
    let dir = TestDir::new();
    // One SYSTSPRT with two TTLS CONN n DETAIL reports (08:00:01, 08:00:02):
    // one snapshot. The first prints CICS-ENV (its `TTLSEnvAction:` on line
    // 22, of 28 lines) with Keyring CICS/RING and V3CipherSuites C02F 000A;
    // the second (header on line 29) prints it (`TTLSEnvAction:` on line
    // 29 + 21 = 50) with Keyring CICS/RING2 and V3CipherSuites C02F alone on
    // line 29 + 24 = 53. The later print stands: the first one's values are
    // kept where it printed them, a setting at the line of its object's
    // print (22), a list at the line of its first item (25).
    let second = other().replace("OTHER-RULE", "CICS-RULE").replace("OTHER-GRP", "CICS-GRP");
    let second = second.replace("OTHER-ENV", "CICS-ENV").replace("CICS/RING\n", "CICS/RING2\n");
    let later = HEADER.replace("08:00:01", "08:00:02");
    dir.write("tree/2026-03-01/SYSA/systsprt.txt", format!("{HEADER}\n{}{later}\n{second}", cics(WITH_3DES)));
    // The published TTLS CONN DETAIL prints CSQ1-GROUP-ACTION with GroupID
    // 00000007 (its `TTLSGrpAction:` on line 23), the published TTLS GROUP
    // DETAIL (line 2, `TTLSGrpAction:`) with 0000003F: files of one folder,
    // one snapshot, neither with a time: the TTLS GROUP report's print
    // stands (the group action as it is; TTLS DETAIL prints the copy the
    // connection was set up with).
    for name in ["netstat-ttls-conn-detail.txt", "netstat-ttls-group-detail.txt"] {
        let text = std::fs::read_to_string(crate::util::project(&format!("tests/fixtures/published/{name}")));
        dir.write(&format!("tree/2026-03-01/SYSB/{name}"), text.unwrap());
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The print that stands is the row's; the other values are kept where
    // they were printed.
    assert_eq!(
        dir.csv(
            "SELECT s.system, a.source_line, a.owner_table, a.key, a.value FROM attributes a
             JOIN captures k USING (capture_id) JOIN snapshots s USING (snapshot_id)
             WHERE a.key LIKE '%(other report)' ORDER BY 1, 2, 4"
        ),
        "system,source_line,owner_table,key,value
SYSA,22,env_actions,Keyring (other report),CICS/RING
SYSA,25,env_actions,V3CipherSuites (other report),C02F 000A
SYSB,23,group_actions,GroupID (other report),00000007
"
    );
    assert_eq!(
        dir.csv(
            "SELECT name, setting, value FROM v_policy_settings
             WHERE name IN ('CICS-ENV', 'CSQ1-GROUP-ACTION') AND setting IN ('Keyring', 'V3CipherSuites', 'GroupID')
             ORDER BY 1, 2"
        ),
        "name,setting,value\nCICS-ENV,Keyring,CICS/RING2\nCICS-ENV,V3CipherSuites,C02F\n"
    );
    let said = stderr(&output);
    let conn_detail = dir.path("tree/2026-03-01/SYSB/netstat-ttls-conn-detail.txt");
    for note in [
        "systsprt.txt: note: environment action CICS-ENV printed at line 22: Keyring CICS/RING, where its print at \
         line 50 has another: that stands (printed later), and CICS/RING is kept as the attribute \
         `Keyring (other report)`"
            .to_string(),
        "systsprt.txt: note: environment action CICS-ENV printed at line 25: V3CipherSuites C02F 000A, where its \
         print at line 50 has another: that stands (printed later)"
            .to_string(),
        format!(
            "netstat-ttls-group-detail.txt: note: group action CSQ1-GROUP-ACTION printed at line 23 of {}: GroupID \
             00000007, where its print at line 2 has another: that stands (a TTLS GROUP report of the same time)",
            conn_detail.display()
        ),
    ] {
        assert!(said.contains(&note), "{note}: {said}");
    }
}

#[test]
fn a_policy_object_printed_otherwise_again_in_one_ttls_detail_report_is_kept_and_said() {
    let dir = TestDir::new();
    // One `NETSTAT TTLS DETAIL` report (header on line 1) printing two
    // connections of CICS-RULE: the policy was refreshed after the first was
    // set up, and AT-TLS keeps a connection's copy for its life. The first
    // block (lines 2-29, conn 0000C001) prints Priority 5, Keyring CICS/RING,
    // V3CipherSuites C02F 000A (line 25), TLSV1.1 Off, TruncatedHMAC Off (a
    // setting with no column, line 29). The second block (conn 0000C002)
    // starts on line 30: its `TTLSRule:` on line 30 + 9 = 39 prints Priority
    // 6; its group action is printed alike; its `TTLSEnvAction:` on line
    // 30 + 20 = 50 prints Keyring CICS/RING2 and TLSV1.1 On, V3CipherSuites
    // C02F alone (line 53), TruncatedHMAC On (line 56). NETSTAT lists
    // connections oldest first: the last print is the newest connection's,
    // set up under the policy in force, and stands. A typed setting of the
    // other print is kept at the line of its object's print, a list at its
    // first item's, any other field at its own.
    let first = cics(&format!("{WITH_3DES}    TruncatedHMAC:              Off\n"));
    let refreshed = WITHOUT_3DES.replace("TLSV1.1:                    Off", "TLSV1.1:                    On");
    let second = detail(
        "0000c002",
        "CICS-RULE",
        "CICS-GRP",
        "CICS-ENV",
        &format!("{refreshed}    TruncatedHMAC:              On\n"),
    );
    let second = second.replace("Priority:       5", "Priority:       6").replace("CICS/RING\n", "CICS/RING2\n");
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{first}{second}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(
            "SELECT source_line, owner_table, key, value FROM attributes
             WHERE owner_table IN ('rules', 'env_actions', 'group_actions') ORDER BY 1, 3"
        ),
        "source_line,owner_table,key,value
11,rules,Priority (other report),5
22,env_actions,Keyring (other report),CICS/RING
22,env_actions,TLSV1.1 (other report),Off
25,env_actions,V3CipherSuites (other report),C02F 000A
29,env_actions,TruncatedHMAC (other report),Off
56,env_actions,TruncatedHMAC,On
"
    );
    assert_eq!(
        dir.csv(
            "SELECT name, setting, value FROM v_policy_settings
             WHERE name IN ('CICS-RULE', 'CICS-ENV')
               AND setting IN ('Priority', 'Keyring', 'V3CipherSuites', 'TLSV1.1', 'TruncatedHMAC')
             ORDER BY 1, 2"
        ),
        "name,setting,value
CICS-ENV,Keyring,CICS/RING2
CICS-ENV,TLSV1.1,On
CICS-ENV,TruncatedHMAC,On
CICS-ENV,V3CipherSuites,C02F
CICS-RULE,Priority,6
"
    );
    let said = stderr(&output);
    for note in [
        "ttls.txt: note: rule CICS-RULE printed at line 11: Priority 5, where its print at line 39 has another: \
         that stands (printed last), and 5 is kept as the attribute `Priority (other report)`",
        "ttls.txt: note: environment action CICS-ENV printed at line 22: Keyring CICS/RING, where",
        "ttls.txt: note: environment action CICS-ENV printed at line 22: TLSV1.1 Off, where",
        "ttls.txt: note: environment action CICS-ENV printed at line 25: V3CipherSuites C02F 000A, where",
        "ttls.txt: note: environment action CICS-ENV printed at line 29: TruncatedHMAC Off, where",
    ] {
        assert!(said.contains(note), "{note}: {said}");
    }
    assert_eq!(said.matches("where its print at line").count(), 5, "{said}");
}

#[test]
fn a_pasearch_dump_and_ttls_detail_of_one_run_that_disagree_answer_alike_whatever_their_names() {
    // One run of SYSA on 1 March, two files of one folder: TTLS DETAIL
    // prints CICS-ENV (its `TTLSEnvAction:` on line 22) with V3CipherSuites
    // C02F and 000A (the list from line 25); the pasearch dump beside it
    // lists C02F alone (`TTLS Action: CICS-ENV` on line 35, the list's item
    // on line 47); every other setting alike. The print taken later stands,
    // at one time the dump's, whatever the files are called (before: the
    // first file in path order, so `aa-pasearch.txt` and `pasearch.txt`
    // beside `netstat.txt` gave opposite answers). The other list is kept
    // where it was printed and said, naming both prints.
    let cases = [
        // (TTLS DETAIL's time, the dump's, which stands, and why)
        ("08:00:01", "08:00:30", "dump", "printed later"),
        ("08:00:30", "08:00:30", "dump", "a pasearch dump of the same time"),
        ("08:00:40", "08:00:30", "ttls", "printed later"),
    ];
    for (ttls_time, dump_time, stands, why) in cases {
        for (ttls_name, dump_name) in [("netstat.txt", "pasearch.txt"), ("zz-netstat.txt", "aa-pasearch.txt")] {
            let case = format!("{ttls_name} at {ttls_time}, {dump_name} at {dump_time}");
            let dir = TestDir::new();
            let folder = "tree/2026-03-01/SYSA";
            let header = HEADER.replace("08:00:01", ttls_time);
            let ttls = dir.write(&format!("{folder}/{ttls_name}"), format!("{header}\n{}", cics(WITH_3DES)));
            let dump = pasearch_cics_alone("03/01/2026").replace("08:00:30", dump_time);
            let dump = dir.write(&format!("{folder}/{dump_name}"), dump);
            let output = ingest(&dir, "tree");
            assert_eq!(output.status.code(), Some(0), "{case}: {}", stderr(&output));
            // What stands, and the other list where it was printed.
            let (list, kept, kept_file, kept_line, held_file, held_line) = match stands {
                "dump" => ("C02F", "C02F 000A", &ttls, 25, &dump, 35),
                _ => ("C02F 000A", "C02F", &dump, 47, &ttls, 22),
            };
            assert_eq!(
                dir.csv(
                    "SELECT setting, value FROM v_policy_settings WHERE name = 'CICS-ENV' AND setting = 'V3CipherSuites'"
                ),
                format!("setting,value\nV3CipherSuites,{list}\n"),
                "{case}"
            );
            assert_eq!(
                dir.csv(
                    "SELECT f.path, a.source_line, a.key, a.value FROM attributes a JOIN captures k USING (capture_id)
                     JOIN capture_files f USING (file_id) WHERE a.key LIKE '%(other report)'"
                ),
                format!(
                    "path,source_line,key,value\n{},{kept_line},V3CipherSuites (other report),{kept}\n",
                    kept_file.display()
                ),
                "{case}"
            );
            // Said by the file written second (in path order), naming the other.
            let second = if ttls_name > dump_name { &ttls } else { &dump };
            let at = |file: &std::path::PathBuf, line: u32| {
                if file == second {
                    format!("line {line}")
                } else {
                    format!("line {line} of {}", file.display())
                }
            };
            let note = format!(
                "{}: note: environment action CICS-ENV printed at {}: V3CipherSuites {kept}, where its print at {} has \
                 another: that stands ({why}), and {kept} is kept as the attribute `V3CipherSuites (other report)`",
                second.display(),
                at(kept_file, kept_line),
                at(held_file, held_line)
            );
            let said = stderr(&output);
            assert!(said.contains(&note), "{case}: {note}\n{said}");
            // What the policy allows follows: the connection negotiated TLSv1.2
            // with C02F, so 000A is allowed and not used, and fails pci-dss-4,
            // only where TTLS DETAIL's list stands.
            let unused = report(&dir, &["allowed-not-used"], &["code", "rules"]);
            let failing = report(&dir, &["compliance", "--standard", "pci-dss-4"], &["row", "rule", "code"]);
            let failing: Vec<&str> = failing.lines().filter(|l| l.starts_with("policy,")).collect();
            match stands {
                "dump" => {
                    assert_eq!(unused, "code,rules\n", "{case}");
                    assert!(failing.is_empty(), "{case}: {failing:?}");
                }
                _ => {
                    assert_eq!(unused, "code,rules\n000A,CICS-RULE\n", "{case}");
                    assert_eq!(failing, ["policy,CICS-RULE,000A"], "{case}");
                }
            }
        }
    }
}

/// A `pasearch -t` dump of `date` (`MM/DD/YYYY`) that holds CICS-RULE alone,
/// with the settings TTLS DETAIL prints of it without 3DES (see `cics`).
pub(crate) fn pasearch_cics_alone(date: &str) -> String {
    format!(
        "TCP/IP pasearch CS V2R4                   Image Name: TCPIP
  Date:                 {date}        Time:  08:00:30
  TTLS Instance Id:     1772352000

policyRule:             CICS-RULE
  Rule Type:            TTLS
  Version:              3                 Status:            Active
  Weight:               5                 ForLoadDist:       False
  Priority:             5                 Sequence Actions:  Don't Care
  No. Policy Action:    2
  policyAction:         CICS-GRP
   ActionType:          TTLS Group
   Action Sequence:     0
  policyAction:         CICS-ENV
   ActionType:          TTLS Environment
   Action Sequence:     0
  TTLS Condition Summary:                 NegativeIndicator: Off
   Local Address:
    FromAddr:           All
    ToAddr:             All
   Remote Address:
    FromAddr:           All
    ToAddr:             All
   LocalPortFrom:       443               LocalPortTo:       443
   RemotePortFrom:      0                 RemotePortTo:      0
   JobName:             CICSPRD1          UserId:
   ServiceDirection:    Inbound

  TTLS Action:                  CICS-GRP
    Version:                    3
    Status:                     Active
    Scope:                      Group
    TTLSEnabled:                On

  TTLS Action:                  CICS-ENV
    Version:                    3
    Status:                     Active
    Scope:                      Environment
    HandshakeRole:              Server
    TTLSKeyringParms:
     Keyring:                   CICS/RING
    TTLSEnvironmentAdvancedParms:
     TLSv1.1:                   Off
     TLSv1.2:                   On
    TTLSCipherParms:
     v3CipherSuites:
      C02F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
"
    )
}

/// SYSA and SYSB alike: 1 March, TTLS DETAIL prints CICS-RULE (CICS-ENV:
/// C02F, TLSv1.2 on, TLSv1.1 off) and OTHER-RULE (OTHER-ENV: C02F and
/// 000A, the same protocols); both connections negotiated TLSv1.2 with
/// C02F. 2 March: only CICS's connection runs, so NETSTAT prints OTHER
/// not at all: idle, not removed. On SYSB a `pasearch -t` dump of the
/// same 2 March run holds CICS-RULE alone: OTHER-RULE was removed.
pub(crate) fn other_rule_idle_from_the_second_day(dir: &TestDir) {
    for system in ["SYSA", "SYSB"] {
        let day1 = format!("{HEADER}\n{}{}", cics(WITHOUT_3DES), other_with(WITH_3DES));
        dir.write(&format!("tree/2026-03-01/{system}/ttls.txt"), day1);
        dir.write(&format!("tree/2026-03-02/{system}/ttls.txt"), format!("{HEADER}\n{}", cics(WITHOUT_3DES)));
    }
    dir.write("tree/2026-03-02/SYSB/pasearch.txt", pasearch_cics_alone("03/02/2026"));
    let output = ingest(dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_rule_idle_all_the_period_still_allows_what_it_did_when_last_printed() {
    let dir = TestDir::new();
    other_rule_idle_from_the_second_day(&dir);
    other_rule_in_force_from_the_second_day(&dir);
}

/// What the rules of `other_rule_idle_from_the_second_day`'s tree allow from
/// 2 March, as allowed-not-used and policy-inventory say it.
pub(crate) fn other_rule_in_force_from_the_second_day(dir: &TestDir) {
    // allowed-not-used from 2 March: what the rules allow on 2 March is
    // what each said when last printed: on SYSA CICS-RULE C02F and TLSv1.2
    // (2 March), OTHER-RULE C02F, 000A and TLSv1.2 (1 March, idle since).
    // 2 March's connection negotiated C02F and TLSv1.2, so OTHER-ENV's 000A
    // is allowed and not used. On SYSB OTHER-RULE is gone: nothing.
    let columns = ["system", "kind", "code", "grade", "rules", "actions"];
    assert_eq!(
        report(dir, &["allowed-not-used", "--from", "2026-03-02"], &columns),
        "system,kind,code,grade,rules,actions\nSYSA,cipher,000A,weak,OTHER-RULE,OTHER-ENV\n"
    );
    // policy-inventory from 2 March: the rules in force then, as last
    // printed: OTHER-RULE on SYSA, last seen 1 March; not on SYSB.
    assert_eq!(
        report(dir, &["policy-inventory", "--from", "2026-03-02"], &["system", "last_seen", "rule", "ciphers"]),
        "system,last_seen,rule,ciphers
SYSA,2026-03-02,CICS-RULE,C02F:secure
SYSA,2026-03-01,OTHER-RULE,C02F:secure 000A:weak
SYSB,2026-03-02,CICS-RULE,C02F:secure
"
    );
}

#[test]
fn compliance_from_a_date_keeps_the_settings_of_a_rule_idle_all_the_period() {
    let dir = TestDir::new();
    other_rule_idle_from_the_second_day(&dir);
    // pci-dss-4 forbids 3DES (000A) and allows TLSv1.2 and C02F. From 2
    // March, the rules of the period on SYSA are CICS-RULE (printed on 2
    // March, C02F alone) and OTHER-RULE, idle all the period: as last
    // printed, on 1 March, OTHER-ENV lists 000A, which allowed-not-used
    // names too. On SYSB the 2 March dump leaves OTHER-RULE out. So one
    // setting to change, seen on 1 March only (before: none, the scorecard
    // showed the weak setting fixed). The connections of the period: CICS's
    // on each system, TLSv1.2 with C02F, continued from 1 March: 2, both
    // compliant.
    let columns = [
        "row",
        "system",
        "connections",
        "compliant",
        "failing_settings",
        "first_seen",
        "last_seen",
        "rule",
        "action",
        "setting",
        "code",
        "dates",
    ];
    let args = ["compliance", "--standard", "pci-dss-4", "--from", "2026-03-02"];
    assert_eq!(
        report(&dir, &args, &columns),
        "row,system,connections,compliant,failing_settings,first_seen,last_seen,rule,action,setting,code,dates
summary,,2,2,1,,,,,,,
policy,SYSA,,,,2026-03-01,2026-03-01,OTHER-RULE,OTHER-ENV,V3CipherSuites,000A,1
"
    );
    assert_eq!(
        report(&dir, &["allowed-not-used", "--from", "2026-03-02"], &["system", "code", "rules", "actions"]),
        "system,code,rules,actions\nSYSA,000A,OTHER-RULE,OTHER-ENV\n"
    );
    // Over both days OTHER-RULE was printed in the period on both systems.
    let policy_rows = |csv: String| csv.lines().filter(|l| l.starts_with("policy,")).collect::<Vec<_>>().join("\n");
    assert_eq!(
        policy_rows(report(&dir, &args[..3], &["row", "system", "rule", "code", "first_seen", "last_seen"])),
        "policy,SYSA,OTHER-RULE,000A,2026-03-01,2026-03-01\npolicy,SYSB,OTHER-RULE,000A,2026-03-01,2026-03-01"
    );
}

#[test]
fn a_compliance_change_that_empties_a_setting_says_what_to_put_in_its_place() {
    let dir = TestDir::new();
    // pci-dss-4 allows TLS 1.2 and 1.3 and forbids 3DES (000A). CICS-ENV
    // lists C02F 000A with TLSV1.2 On: taking out 000A leaves C02F. OTHER-ENV
    // lists 000A alone with TLSV1.1 On and TLSV1.2 Off: taking out 000A
    // leaves V3CipherSuites empty, and TLSV1.1 Off leaves no protocol on,
    // where AT-TLS would use System SSL's defaults: both changes say to put
    // what the standard allows in their place, and a warning names the
    // standard's file, the row and what to do.
    let only_3des = "    V3CipherSuites:             000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
    TLSV1.1:                    On
    TLSV1.2:                    Off
";
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}{}", cics(WITH_3DES), other_with(only_3des)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let columns = ["row", "rule", "action", "setting", "code", "change"];
    let args = ["compliance", "--standard", "pci-dss-4"];
    let policy = |csv: String| csv.lines().filter(|l| l.starts_with("policy,")).collect::<Vec<_>>().join("\n");
    assert_eq!(
        policy(report(&dir, &args, &columns)),
        "policy,CICS-RULE,CICS-ENV,V3CipherSuites,000A,remove 000A from V3CipherSuites of CICS-ENV
policy,OTHER-RULE,OTHER-ENV,V3CipherSuites,000A,\"remove 000A from V3CipherSuites of OTHER-ENV, which leaves it empty: \
put in its place what the standard allows\"
policy,OTHER-RULE,OTHER-ENV,protocols,TLSv1.1,\"TLSV1.1 Off in OTHER-ENV, which leaves no protocol on: put in its \
place what the standard allows\""
    );
    let warnings = |extra: &[&str]| {
        let output = dir.run(&[&["report"], &args[..], extra, &["--format", "csv"]].concat());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stderr(&output)
    };
    // Two settings of one standard emptied: one warning names both (the
    // map orders V3CipherSuites before protocols, upper case first) and
    // gives every code to check at once.
    let expected = "warning: compliance pci-dss-4 (data/standards/pci-dss-4.json): the changes of 2 policy settings \
                    take out every value the setting lists or every protocol the rule has on (SYSA TCPIP OTHER-ENV \
                    V3CipherSuites 000A; SYSA TCPIP OTHER-ENV protocols TLSv1.1): in each, put in its place what \
                    data/standards/pci-dss-4.json allows (an empty or absent setting makes AT-TLS use System SSL's \
                    defaults), and check with `ttlsinv report impact --disable 000A TLSv1.1` which peers would break \
                    first
";
    // Said once per standard, also by the long form's rows per rule, code and date.
    assert_eq!(warnings(&[]), expected);
    assert_eq!(warnings(&["--by", "peer"]), expected);
    // `export --report compliance` says it too, after its file (before: nothing).
    let out = dir.path("out");
    let output = dir.run(&[&["export", "--out", out.to_str().unwrap(), "--report"], &args[..]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), format!("{expected}1 CSV files written to {}\n", out.display()));
}

#[test]
fn a_compliance_change_that_empties_one_setting_names_it_in_its_warning() {
    let dir = TestDir::new();
    // OTHER-ENV lists 000A alone, with TLSV1.2 On: pci-dss-4 takes 000A out
    // of V3CipherSuites, which leaves it empty, and keeps TLSv1.2 on. One
    // emptied setting of the standard: its warning names the row in full.
    let only_3des = "    V3CipherSuites:             000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
    TLSV1.2:                    On
";
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{}{}", cics(WITH_3DES), other_with(only_3des)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = dir.run(&["report", "compliance", "--standard", "pci-dss-4", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "warning: compliance pci-dss-4 (data/standards/pci-dss-4.json), policy row SYSA TCPIP OTHER-ENV \
         V3CipherSuites: its change takes out 000A, every value it lists: put in its place what \
         data/standards/pci-dss-4.json allows (an empty or absent setting makes AT-TLS use System SSL's defaults), \
         and check with `ttlsinv report impact --disable 000A` which peers would break first\n"
    );
}

#[test]
fn a_compliance_warning_gives_an_impact_command_that_runs_and_counts_settings_as_its_rows() {
    let dir = TestDir::new();
    // OTHER-ENV allows SSLv3 and TLSv1.0 alone, with 0004 (RC4_128_MD5) and
    // 0002 (NULL_SHA); its connection negotiated TLSv1.0 with 0004.
    // pci-dss-4 forbids all four: two policy rows (V3CipherSuites 0002
    // 0004, protocols SSLv3 TLSv1.0), each emptied, so two failing settings
    // (before: 4, the codes). 0002 and 0004 are also key share groups
    // (sect163r1, sect163r2): the warning's impact command names them
    // cipher:0002 cipher:0004, as impact takes them (before: `--disable 0002
    // 0004 ...`, which impact refused as ambiguous).
    let old = "    V3CipherSuites:             0004 TLS_RSA_WITH_RC4_128_MD5
                                0002 TLS_RSA_WITH_NULL_SHA
    SSLV3:                      On
    TLSV1:                      On
    TLSV1.1:                    Off
    TLSV1.2:                    Off
";
    let session = other_with(old).replace("SecLevel:     TLS Version 1.2", "SecLevel:     TLS Version 1").replace(
        "Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "Cipher:       0004 TLS_RSA_WITH_RC4_128_MD5",
    );
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{session}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let columns = ["row", "date", "connections", "compliant", "failing_settings", "setting", "code"];
    assert_eq!(
        report(&dir, &["compliance", "--standard", "pci-dss-4", "--by", "day"], &columns),
        "row,date,connections,compliant,failing_settings,setting,code
summary,,1,0,2,,
day,2026-03-01,1,0,2,,
service,,1,0,,,
policy,,,,,V3CipherSuites,0002 0004
policy,,,,,protocols,SSLv3 TLSv1.0
"
    );
    let output = dir.run(&["report", "compliance", "--standard", "pci-dss-4", "--format", "csv"]);
    let command = "ttlsinv report impact --disable SSLv3 TLSv1.0 cipher:0002 cipher:0004";
    assert!(stderr(&output).contains(&format!("check with `{command}` which peers")), "{}", stderr(&output));
    // Run as the warning gives it: the one connection breaks (nothing left).
    let args: Vec<&str> = command.split(' ').skip(1).chain(["--format", "csv"]).collect();
    let output = dir.run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout).unwrap(), &["breaks", "job", "connections"]),
        "breaks,job,connections\nyes,CICSPRD1,1\n"
    );
}

/// CICSPRD1's connection 0000A001 from 10.30.5.22 as `NETSTAT ALL` prints
/// it: AT-TLS under CICSPRD1-HTTPS-RULE.
pub(crate) fn cics_all(start: &str) -> String {
    format!(
        "Client Name: CICSPRD1                 Client Id: 0000A001
Local Socket: 10.1.1.2..443          Foreign Socket: 10.30.5.22..60845 
  BytesIn:            0000001000        BytesOut:           0000005000
  SegmentsIn:         0000000010        SegmentsOut:        0000000010
  StartDate:          {start}        StartTime:          07:00:00
  Last Touched:       07:59:00          State:              Establsh
  TTLSPolicy:         Yes
    TTLSRule:         CICSPRD1-HTTPS-RULE
    TTLSGrpAction:    CICS-GROUP-ACTION
    TTLSEnvAction:    CICSPRD1-SERVER-ENV
"
    )
}

/// Its TTLS entry: TLSv1.2 with 003C.
pub(crate) const CICS_SESSION: &str = "ConnID: 0000a001
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.30.5.22..60845
  SecLevel:     TLS Version 1.2
  Cipher:       003C TLS_RSA_WITH_AES_128_CBC_SHA256
  KeyShare:     N/A
  CertUserID:   N/A
  MapType:      Primary
";

#[test]
fn impact_answers_from_the_last_capture_that_printed_the_rule() {
    let dir = TestDir::new();
    // 21 March: ALL, then `NETSTAT TTLS CONN 0000A001 DETAIL`, which prints
    // the session (TLSv1.2, 003C) and its rule: CICSPRD1-SERVER-ENV allows
    // 003C and C02F, TLSv1.2 on. 22 March: ALL and the plain `NETSTAT TTLS`
    // list (the session again, no rule: sites take DETAIL rarely).
    let rule = "TTLSRule: CICSPRD1-HTTPS-RULE
  Priority:       5
  LocalPort:      443
  Direction:      Inbound
  TTLSGrpAction:  CICS-GROUP-ACTION
    GroupID:                    00000007
    TTLSEnabled:                On
  TTLSEnvAction:  CICSPRD1-SERVER-ENV
    HandshakeRole:              Server
    V3CipherSuites:             003C TLS_RSA_WITH_AES_128_CBC_SHA256
                                C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    TLSV1.1:                    Off
    TLSV1.2:                    On
";
    let run = |echo: &str, text: &str| format!("READY\n{echo}\n{HEADER}\n{text}READY\n");
    let day1 = [
        run("NETSTAT ALL", &cics_all("03/21/2026")),
        run("NETSTAT TTLS CONN 0000A001 DETAIL", &format!("{CICS_SESSION}{rule}")),
    ];
    let day2 = [run("NETSTAT ALL", &cics_all("03/21/2026")), run("NETSTAT TTLS", CICS_SESSION)];
    dir.write("tree/2026-03-21/SYSA/netstat.txt", day1.concat());
    dir.write("tree/2026-03-22/SYSA/netstat.txt", day2.concat());
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // One connection (the same conn id and start) on two dates, last seen on
    // 22 March, whose captures did not print the rule: its settings are as
    // 21 March printed them. Without 003C it still allows C02F under
    // TLSv1.2: `maybe`, from CICSPRD1-SERVER-ENV as printed on 21 March
    // (before: `unknown`, nothing to fall back to).
    let columns = [
        "breaks",
        "job",
        "port",
        "remote_ip",
        "disabled",
        "connections",
        "dates",
        "last_seen",
        "settings_from",
        "settings_at",
        "fallback_protocols",
        "fallback_ciphers",
    ];
    assert_eq!(
        report(&dir, &["impact", "--disable", "003C"], &columns),
        "breaks,job,port,remote_ip,disabled,connections,dates,last_seen,settings_from,settings_at,fallback_protocols,fallback_ciphers
maybe,CICSPRD1,443,10.30.5.22,003C,1,2,2026-03-22T08:00:01,CICSPRD1-SERVER-ENV,2026-03-21T08:00:01,TLSv1.2,C02F
"
    );
    // With the period 22 March alone, the print of 21 March still stands.
    assert_eq!(
        report(&dir, &["impact", "--disable", "003C", "--from", "2026-03-22"], &["breaks", "dates", "settings_at"]),
        "breaks,dates,settings_at\nmaybe,1,2026-03-21T08:00:01\n"
    );
    // On 21 March alone, the endpoint's own capture printed the rule.
    assert_eq!(
        report(
            &dir,
            &["impact", "--disable", "003C", "--to", "2026-03-21"],
            &["breaks", "settings_at", "fallback_ciphers"]
        ),
        "breaks,settings_at,fallback_ciphers\nmaybe,2026-03-21T08:00:01,C02F\n"
    );
}

#[test]
fn impact_counts_a_connection_once_under_each_rule_it_negotiated_under_and_not_on_a_pruned_day() {
    let dir = TestDir::new();
    // CICSPRD1's 0000A001 from 10.30.5.22 (started 21 March 07:00, TLSv1.2
    // with 003C) on three days, each an ALL and the plain `NETSTAT TTLS`
    // list at 08:00:01: under CICSPRD1-HTTPS-RULE on 21 March; on 22 and 23
    // March ALL names its rule CICSPRD1-TLS12-RULE (a policy refresh renamed
    // it); BytesIn 1 000, 2 000 and 3 000 (a day that printed the same
    // counters would be the day before's run read again). No capture
    // printed either rule's settings.
    let run = |echo: &str, text: &str| format!("READY\n{echo}\n{HEADER}\n{text}READY\n");
    let days = [
        ("21", "CICSPRD1-HTTPS-RULE", "1000"),
        ("22", "CICSPRD1-TLS12-RULE", "2000"),
        ("23", "CICSPRD1-TLS12-RULE", "3000"),
    ];
    for (day, rule, bytes_in) in days {
        let all = cics_all("03/21/2026")
            .replace("CICSPRD1-HTTPS-RULE", rule)
            .replace("BytesIn:            0000001000", &format!("BytesIn:            000000{bytes_in}"));
        let text = [run("NETSTAT ALL", &all), run("NETSTAT TTLS", CICS_SESSION)].concat();
        dir.write(&format!("tree/2026-03-{day}/SYSA/netstat.txt"), text);
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // One connection, counted once under each rule: under HTTPS-RULE on 21
    // March alone, under TLS12-RULE on 22 and 23 March (1 connection, 2
    // dates, not 2 connections); `unknown`, no print of either rule.
    let columns = ["breaks", "rule", "connections", "dates", "first_seen", "last_seen"];
    let both = "breaks,rule,connections,dates,first_seen,last_seen
unknown,CICSPRD1-HTTPS-RULE,1,1,2026-03-21T08:00:01,2026-03-21T08:00:01
unknown,CICSPRD1-TLS12-RULE,1,2,2026-03-22T08:00:01,2026-03-23T08:00:01
";
    assert_eq!(report(&dir, &["impact", "--disable", "003C"], &columns), both);
    // From 23 March: TLS12-RULE's row alone, of that day.
    assert_eq!(
        report(&dir, &["impact", "--disable", "003C", "--from", "2026-03-23"], &columns),
        "breaks,rule,connections,dates,first_seen,last_seen
unknown,CICSPRD1-TLS12-RULE,1,1,2026-03-23T08:00:01,2026-03-23T08:00:01
"
    );
    // 21 March pruned: its facts are gone, and impact (which reads what was
    // negotiated) shows that day no more; 22 and 23 March stand as before.
    let output = dir.run(&["prune", "--before", "2026-03-22"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["impact", "--disable", "003C"], &columns),
        "breaks,rule,connections,dates,first_seen,last_seen
unknown,CICSPRD1-TLS12-RULE,1,2,2026-03-22T08:00:01,2026-03-23T08:00:01
"
    );
}

#[test]
fn impact_judges_the_rule_as_the_endpoint_s_last_snapshot_printed_it() {
    let dir = TestDir::new();
    // 1 March: CICS-ENV lists 000A alone (TLSv1.2 on, TLSv1.1 off), and
    // CICSPRD1's 0000C001 from 10.7.0.1 negotiates 000A. 2 March: the rule
    // lists C02F alone, and 0000C002 from the same peer (another port: the
    // same endpoint) negotiates C02F.
    let only_3des = "    V3CipherSuites:             000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
    TLSV1.1:                    Off
    TLSV1.2:                    On
";
    let day1 = cics(only_3des).replace(
        "Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "Cipher:       000A TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    );
    let day2 = cics(WITHOUT_3DES).replace("0000c001", "0000c002").replace("10.7.0.1..50001", "10.7.0.1..50002");
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{day1}"));
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{HEADER}\n{day2}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 000A was negotiated once (1 March), but the endpoint was last seen on
    // 2 March, whose print of the rule lists C02F with TLSv1.2: `maybe`,
    // falling back to C02F (before: `yes`, judged on 1 March's print, which
    // lists nothing but 000A).
    let columns = [
        "breaks",
        "disabled",
        "connections",
        "dates",
        "last_seen",
        "settings_at",
        "fallback_protocols",
        "fallback_ciphers",
    ];
    assert_eq!(
        report(&dir, &["impact", "--disable", "000A"], &columns),
        "breaks,disabled,connections,dates,last_seen,settings_at,fallback_protocols,fallback_ciphers
maybe,000A,1,1,2026-03-01T08:00:01,2026-03-02T08:00:01,TLSv1.2,C02F
"
    );
    // A period that ends on 1 March sees the rule as it was then: nothing
    // else to fall back to.
    assert_eq!(
        report(&dir, &["impact", "--disable", "000A", "--to", "2026-03-01"], &columns),
        "breaks,disabled,connections,dates,last_seen,settings_at,fallback_protocols,fallback_ciphers
yes,000A,1,1,2026-03-01T08:00:01,2026-03-01T08:00:01,TLSv1.2,
"
    );
}

#[test]
fn a_ttls_conn_n_detail_report_does_not_show_the_other_rules_unused() {
    let dir = TestDir::new();
    // 1 April: the full `NETSTAT TTLS DETAIL` prints 0000C001 under the
    // CICS policy (CICS-RULE, CICS-GRP, CICS-ENV) and 0000C002 under the
    // OTHER policy. 2 April: only `NETSTAT TTLS CONN 0000C001 DETAIL` was
    // taken: it prints connection 0000C001 and its policy alone, so it
    // cannot tell whether the OTHER policy still had a connection. 3 April:
    // the full TTLS DETAIL again, with 0000C001 alone: OTHER is idle now.
    let run = |echo: &str, entries: &str| format!("READY\n{echo}\n{HEADER}\n{entries}READY\n");
    dir.write(
        "tree/2026-04-01/SYSA/ttls.txt",
        run("NETSTAT TTLS DETAIL", &format!("{}{}", cics(WITHOUT_3DES), other())),
    );
    dir.write("tree/2026-04-02/SYSA/ttls.txt", run("NETSTAT TTLS CONN 0000C001 DETAIL", &cics(WITHOUT_3DES)));
    dir.write("tree/2026-04-03/SYSA/ttls.txt", run("NETSTAT TTLS DETAIL", &cics(WITHOUT_3DES)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 2 April says nothing of OTHER: `not_captured`, against 1 April, the
    // capture that last printed it (CICS is printed alike both days: no
    // row). 3 April's full list leaves OTHER out: `unused`, against 1 April
    // too (2 April printed no OTHER, and the two captures' policies are the
    // same: before, nothing was said on 3 April, and 2 April said `unused`).
    let columns = ["before", "after", "object", "name", "setting", "change"];
    assert_eq!(
        report(&dir, &["policy-drift"], &columns),
        "before,after,object,name,setting,change
2026-04-01T08:00:01,2026-04-02T08:00:01,env_action,OTHER-ENV,,not_captured
2026-04-01T08:00:01,2026-04-02T08:00:01,group_action,OTHER-GRP,,not_captured
2026-04-01T08:00:01,2026-04-02T08:00:01,rule,OTHER-RULE,,not_captured
2026-04-01T08:00:01,2026-04-03T08:00:01,env_action,OTHER-ENV,,unused
2026-04-01T08:00:01,2026-04-03T08:00:01,group_action,OTHER-GRP,,unused
2026-04-01T08:00:01,2026-04-03T08:00:01,rule,OTHER-RULE,,unused
"
    );
}
