//! What the policy reports make of what each source prints: NETSTAT TTLS
//! DETAIL and `pasearch`, each rule pinned on a small capture tree written
//! here by hand, with the answer worked out from its text in the test.

use crate::trust::{ingest, report, ttls_session, HEADER};
use crate::trust_policy::pasearch_cics_alone;
use crate::util::{project_columns, stderr, TestDir};

/// A `QoS` rule and its action as `pasearch` without -t prints them after
/// the AT-TLS policy.
const QOS_RULE: &str = "
policyRule:             QOS-BULK-RULE
  Rule Type:            QoS
  Version:              3                 Status:            Active
  Weight:               1                 ForLoadDist:       False
  Priority:             1                 Sequence Actions:  Don't Care
  No. Policy Action:    1
  policyAction:         BULK-SLA
   ActionType:          QoS
   Action Sequence:     0
  QoS Condition Summary:                  NegativeIndicator: Off
   SourceIpFromAddr:    All
   SourceIpToAddr:      All
   SourcePortFrom:      21                SourcePortTo:      21
   ProtocolNumFrom:     6                 ProtocolNumTo:     6
   ApplicationName:     FTPD1

  QoS Action:           BULK-SLA
    Version:            3
    Status:             Active
    OutgoingTOS:        00000000
";

#[test]
fn a_full_pasearch_keeps_the_at_tls_rules_and_says_what_it_passed_over() {
    let dir = TestDir::new();
    // 1 March: a full `pasearch` (no -t): CICS-RULE (Rule Type TTLS, 47
    // lines) and after a blank line, on line 49, QOS-BULK-RULE (Rule Type
    // QoS) with its QoS action BULK-SLA. Only the AT-TLS rule is AT-TLS
    // policy; the QoS rule, with its action, is skipped and said once.
    dir.write("tree/2026-03-01/SYSA/pasearch.txt", format!("{}{QOS_RULE}", pasearch_cics_alone("03/01/2026")));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains(
            "pasearch.txt: note: line 49: 1 policy rule of another type than AT-TLS (QoS: QOS-BULK-RULE), as \
             `pasearch` without -t prints every policy type: skipped with its actions, as this inventory holds \
             AT-TLS policy alone; `pasearch -t` prints the AT-TLS policy only"
        ),
        "{said}"
    );
    assert!(said.contains("; 0 problems"), "{said}");
    // CICS-RULE alone, as its dump prints it: C02F under TLSv1.2.
    assert_eq!(
        report(&dir, &["policy-inventory"], &["rule", "source", "protocols_on", "ciphers"]),
        "rule,source,protocols_on,ciphers\nCICS-RULE,pasearch,TLSv1.2,C02F:secure\n"
    );
}

/// A `NETSTAT TTLS DETAIL` entry of a negotiated TLSv1.2 C02F session and
/// its rule `rule` (group action `group`, environment action `env`), whose
/// environment action prints `env_lines` after `HandshakeRole`.
fn detail(
    conn: &str,
    (job, local, remote, direction): (&str, &str, &str, &str),
    [rule, group, env]: [&str; 3],
    env_lines: &str,
) -> String {
    let session = ttls_session(conn, job, local, remote, "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    let (port, role) = match direction {
        "Inbound" => (local.rsplit("..").next().unwrap_or_default(), "Server"),
        _ => ("All", "Client"),
    };
    format!(
        "{session}TTLSRule: {rule}
  Priority:       5
  LocalPort:      {port}
  JobName:        {job}
  Direction:      {direction}
  TTLSGrpAction:  {group}
    TTLSEnabled:                On
  TTLSEnvAction:  {env}
    HandshakeRole:              {role}
{env_lines}"
    )
}

/// 1 March, SYSA: CSSMTP's client session to 10.50.0.9 on 25 under
/// SMTP-RULE, whose SMTP-ENV switches TLSv1.0, TLSv1.2 and TLSv1.3 on (the
/// others off) and lists no cipher suite, group or signature pair (as z/OS
/// 3.1's published `CSSMTPEnvironment`, there without TLSv1.3); CICSPRD1's server session from 10.7.0.1
/// on 443 under CICS-RULE, whose CICS-ENV lists C02F alone under TLSv1.2.
/// Both negotiated TLSv1.2 with C02F. SYSB: a `pasearch -t` dump of
/// CICS-RULE whose CICS-ENV lists C02F and switches no protocol on or off
/// (no `TTLSEnvironmentAdvancedParms`), no connection.
fn system_ssl_defaults(dir: &TestDir) {
    let switches = |tlsv1: &str, tlsv1_3: &str| {
        format!(
            "    SSLV2:                      Off
    SSLV3:                      Off
    TLSV1:                      {tlsv1}
    TLSV1.1:                    Off
    TLSV1.2:                    On
    TLSV1.3:                    {tlsv1_3}
"
        )
    };
    let cics_env = format!(
        "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n{}",
        switches("Off", "Off")
    );
    let smtp = detail(
        "0000c001",
        ("CSSMTP", "10.1.1.2..1025", "10.50.0.9..25", "Outbound"),
        ["SMTP-RULE", "SMTP-GRP", "SMTP-ENV"],
        &switches("On", "On"),
    );
    let cics = detail(
        "0000c002",
        ("CICSPRD1", "10.1.1.2..443", "10.7.0.1..50001", "Inbound"),
        ["CICS-RULE", "CICS-GRP", "CICS-ENV"],
        &cics_env,
    );
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{smtp}{cics}"));
    let no_switch = pasearch_cics_alone("03/01/2026").replace(
        "    TTLSEnvironmentAdvancedParms:
     TLSv1.1:                   Off
     TLSv1.2:                   On
",
        "",
    );
    dir.write("tree/2026-03-01/SYSB/pasearch.txt", no_switch);
    let output = ingest(dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_kind_of_setting_a_rule_sets_nowhere_is_system_ssl_s_defaults_not_nothing() {
    let dir = TestDir::new();
    system_ssl_defaults(&dir);
    // policy-inventory (priority 5 all, by system and name): what the
    // actions leave unset is System SSL's defaults. SYSA CICS-RULE: TLSv1.2,
    // C02F, no group, no signature pair; SMTP-RULE: TLSv1.0, 1.2 and 1.3,
    // no suite, no group, no signature pair; SYSB CICS-RULE: no protocol
    // switch, C02F, no group, no signature pair.
    let defaults = "System SSL defaults";
    let columns = ["system", "rule", "protocols_on", "ciphers", "groups", "signature_pairs"];
    assert_eq!(
        report(&dir, &["policy-inventory"], &columns),
        format!(
            "system,rule,protocols_on,ciphers,groups,signature_pairs
SYSA,CICS-RULE,TLSv1.2,C02F:secure,{defaults},{defaults}
SYSA,SMTP-RULE,TLSv1.0 TLSv1.2 TLSv1.3,{defaults},{defaults},{defaults}
SYSB,CICS-RULE,{defaults},C02F:secure,{defaults},{defaults}
"
        )
    );
    // impact without C02F: CICS-ENV's list held C02F alone, nothing is left
    // of it (`yes`); SMTP-ENV lists no suite, so AT-TLS offers System SSL's
    // default suites under TLSv1.0, 1.2 and 1.3: `maybe` (before: `yes`, no
    // fallback suite).
    let columns = ["breaks", "job", "port", "settings_from", "fallback_protocols", "fallback_ciphers"];
    assert_eq!(
        report(&dir, &["impact", "--disable", "C02F"], &columns),
        format!(
            "breaks,job,port,settings_from,fallback_protocols,fallback_ciphers
yes,CICSPRD1,443,CICS-ENV,TLSv1.2,
maybe,CSSMTP,25,SMTP-ENV,\"TLSv1.0,TLSv1.2,TLSv1.3\",{defaults}
"
        )
    );
    // Without TLSv1.2: CICS-ENV has no protocol left (`yes`, and C02F with
    // it); SMTP-ENV keeps TLSv1.0 and 1.3 and System SSL's default suites:
    // `maybe`.
    assert_eq!(
        report(&dir, &["impact", "--disable", "TLSv1.2"], &columns),
        format!(
            "breaks,job,port,settings_from,fallback_protocols,fallback_ciphers
yes,CICSPRD1,443,CICS-ENV,,
maybe,CSSMTP,25,SMTP-ENV,\"TLSv1.0,TLSv1.3\",{defaults}
"
        )
    );
    // allowed-not-used: SYSA negotiated TLSv1.2 and C02F, no key share
    // (N/A); SYSB nothing. Left, one row without a code per kind left to
    // System SSL's defaults (graded unknown): on SYSA SMTP-RULE's suites
    // and its key share groups (TLSv1.3 on; CICS-RULE's TLS 1.2 alone uses
    // none), on SYSB CICS-RULE's protocols; SMTP-ENV's TLSv1.0 (weak) and
    // TLSv1.3 (recommended) on SYSA, CICS-ENV's C02F (secure) on SYSB.
    // Weakest first across systems and stacks (review 14a F13: `--top`
    // kept one system's harmless rows before another's weak one).
    assert_eq!(
        report(&dir, &["allowed-not-used"], &["system", "kind", "code", "name", "grade", "rules", "actions"]),
        format!(
            "system,kind,code,name,grade,rules,actions
SYSA,cipher,,{defaults},unknown,SMTP-RULE,SMTP-ENV
SYSA,group,,{defaults},unknown,SMTP-RULE,SMTP-ENV
SYSB,protocol,,{defaults},unknown,CICS-RULE,CICS-ENV
SYSA,protocol,TLSv1.0,TLSv1.0,weak,SMTP-RULE,SMTP-ENV
SYSB,cipher,C02F,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,secure,CICS-RULE,CICS-ENV
SYSA,protocol,TLSv1.3,TLSv1.3,recommended,SMTP-RULE,SMTP-ENV
"
        )
    );
}

/// CICSPRD1's session from 10.7.0.1 under CICS-RULE (C02F) and from
/// 10.7.0.2 under OTHER-RULE (`other_ciphers`), as TTLS DETAIL prints them.
fn in_use(cics: bool, other_ciphers: Option<&str>) -> String {
    let env = |ciphers: &str| {
        format!(
            "    Keyring:                    CICS/RING
    V3CipherSuites:             {ciphers}    TLSV1.1:                    Off
    TLSV1.2:                    On
"
        )
    };
    let c02f = "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n";
    let sessions = [
        (cics.then_some(c02f), "0000c001", "10.7.0.1..50001", ["CICS-RULE", "CICS-GRP", "CICS-ENV"]),
        (other_ciphers, "0000c002", "10.7.0.2..50002", ["OTHER-RULE", "OTHER-GRP", "OTHER-ENV"]),
    ];
    let mut text = HEADER.to_string() + "\n";
    for (ciphers, conn, remote, policy) in sessions {
        if let Some(ciphers) = ciphers {
            text += &detail(conn, ("CICSPRD1", "10.1.1.2..443", remote, "Inbound"), policy, &env(ciphers));
        }
    }
    text
}

/// A `pasearch -t` dump of 3 March holding CICS-RULE (C02F) and OTHER-RULE
/// (OTHER-ENV with `other_ciphers`, pasearch's continuation lines).
fn pasearch_both(other_ciphers: &str) -> String {
    pasearch_both_on("03/03/2026", other_ciphers)
}

/// [`pasearch_both`] dated `date` (MM/DD/YYYY).
fn pasearch_both_on(date: &str, other_ciphers: &str) -> String {
    let dump = pasearch_cics_alone(date);
    let rule = &dump[dump.find("policyRule:").unwrap_or_default()..];
    let other =
        rule.replace("CICS-", "OTHER-").replace("      C02F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n", other_ciphers);
    format!("{dump}\n{other}")
}

#[test]
fn a_pasearch_capture_among_netstat_captures_changes_no_setting_and_shows_no_use() {
    let dir = TestDir::new();
    let (c02f, with_3des) = (
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n",
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA\n",
    );
    let dump_3des = "      C02F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n      000A  TLS_RSA_WITH_3DES_EDE_CBC_SHA\n";
    let dump_c02f = "      C02F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n";
    for system in ["SYSA", "SYSB"] {
        dir.write(&format!("tree/2026-03-01/{system}/ttls.txt"), in_use(true, Some(with_3des)));
        dir.write(&format!("tree/2026-03-02/{system}/ttls.txt"), in_use(true, None));
    }
    // SYSA, pasearch beside NETSTAT once a week: on 3 March the same run
    // takes the dump (both rules, unchanged) and TTLS DETAIL (CICS alone),
    // and 4 March TTLS DETAIL (CICS alone).
    dir.write("tree/2026-03-03/SYSA/pasearch.txt", pasearch_both(dump_3des));
    dir.write("tree/2026-03-03/SYSA/ttls.txt", in_use(true, None));
    dir.write("tree/2026-03-04/SYSA/ttls.txt", in_use(true, None));
    // SYSB: on 3 March the dump alone, where OTHER-ENV lists C02F alone
    // (000A taken out while OTHER was idle); on 4 March TTLS DETAIL prints
    // OTHER alone (C02F), CICS's connection gone.
    dir.write("tree/2026-03-03/SYSB/pasearch.txt", pasearch_both(dump_c02f));
    dir.write("tree/2026-03-04/SYSB/ttls.txt", in_use(false, Some(c02f)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand. Both: on 2 March OTHER's connection ended (unused against 1
    // March). SYSA: nothing more: the dump's fields NETSTAT never prints
    // (Version, Status, Weight, Rule Type ...) are no change, CICS's values
    // are the same in every print, and the dump lists OTHER idle (before:
    // 14 settings added on 3 March and removed on 4 March per rule, and
    // OTHER in_use on 3 March, unused on 4 March). SYSB: 3 March, the dump
    // alone: OTHER-ENV's V3CipherSuites changed against its last print (1
    // March), a value both sources print; no use shown. 4 March: OTHER is
    // back in use (NETSTAT last showed it idle on 2 March) and CICS unused
    // (NETSTAT showed it in use on 2 March), against the dump of 3 March.
    let columns = ["system", "before", "after", "object", "name", "setting", "change", "old_value", "new_value"];
    assert_eq!(
        report(&dir, &["policy-drift"], &columns),
        "system,before,after,object,name,setting,change,old_value,new_value
SYSA,2026-03-01T08:00:01,2026-03-02T08:00:01,env_action,OTHER-ENV,,unused,,
SYSA,2026-03-01T08:00:01,2026-03-02T08:00:01,group_action,OTHER-GRP,,unused,,
SYSA,2026-03-01T08:00:01,2026-03-02T08:00:01,rule,OTHER-RULE,,unused,,
SYSB,2026-03-01T08:00:01,2026-03-02T08:00:01,env_action,OTHER-ENV,,unused,,
SYSB,2026-03-01T08:00:01,2026-03-02T08:00:01,group_action,OTHER-GRP,,unused,,
SYSB,2026-03-01T08:00:01,2026-03-02T08:00:01,rule,OTHER-RULE,,unused,,
SYSB,2026-03-01T08:00:01,2026-03-03T08:00:30,env_action,OTHER-ENV,V3CipherSuites,changed,C02F 000A,C02F
SYSB,2026-03-03T08:00:30,2026-03-04T08:00:01,env_action,CICS-ENV,,unused,,
SYSB,2026-03-03T08:00:30,2026-03-04T08:00:01,env_action,OTHER-ENV,,in_use,,
SYSB,2026-03-03T08:00:30,2026-03-04T08:00:01,group_action,CICS-GRP,,unused,,
SYSB,2026-03-03T08:00:30,2026-03-04T08:00:01,group_action,OTHER-GRP,,in_use,,
SYSB,2026-03-03T08:00:30,2026-03-04T08:00:01,rule,CICS-RULE,,unused,,
SYSB,2026-03-03T08:00:30,2026-03-04T08:00:01,rule,OTHER-RULE,,in_use,,
"
    );
    // The alerts say the one change of policy (before: one per field
    // pasearch alone prints, on 3 and on 4 March, for each rule and action).
    let output = dir.run(&["alerts", "--format", "csv"]);
    let alerts = String::from_utf8(output.stdout).unwrap();
    let changes: Vec<&str> = alerts.lines().filter(|l| l.starts_with("policy_change,")).collect();
    assert_eq!(changes.len(), 1, "{alerts}");
    assert!(
        changes[0].starts_with(
            "policy_change,2026-03-03,SYSB,TCPIP,env_action OTHER-ENV V3CipherSuites,changed: C02F 000A -> C02F,"
        ),
        "{alerts}"
    );
}

#[test]
fn a_policy_change_alert_for_a_whole_rule_or_action_says_what_the_dumps_show() {
    let dir = TestDir::new();
    // SYSA's `pasearch -t` dumps (08:00:30): 1 March CICS-RULE and
    // OTHER-RULE (OTHER-GRP, OTHER-ENV with 000A); 2 March CICS-RULE alone:
    // OTHER's rule and actions were taken out of the policy; 3 March both
    // again: put back. Each a whole-object change the dumps alone can show,
    // told as a sentence with the captures that show it (before: `removed:
    //  -> `, `added:  -> `).
    let dump_3des = "      000A  TLS_RSA_WITH_3DES_EDE_CBC_SHA\n";
    dir.write("tree/2026-03-01/SYSA/pasearch.txt", pasearch_both_on("03/01/2026", dump_3des));
    dir.write("tree/2026-03-02/SYSA/pasearch.txt", pasearch_cics_alone("03/02/2026"));
    dir.write("tree/2026-03-03/SYSA/pasearch.txt", pasearch_both_on("03/03/2026", dump_3des));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = dir.run(&["alerts", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let removed = "removed from the policy: the whole policy (pasearch -t) captured 2026-03-02T08:00:30 no longer has \
                   it; last printed 2026-03-01T08:00:30";
    let added = "added to the policy: printed 2026-03-03T08:00:30; not in the whole policy (pasearch -t) captured \
                 2026-03-02T08:00:30";
    let mut expected = "alert,date,system,subject,detail\n".to_string();
    for (date, detail) in [("2026-03-02", removed), ("2026-03-03", added)] {
        for subject in ["env_action OTHER-ENV", "group_action OTHER-GRP", "rule OTHER-RULE"] {
            // A group action a TTLS GROUP list of every group action leaves out is removed too.
            let detail = match (subject, date) {
                ("group_action OTHER-GRP", "2026-03-02") => {
                    detail.replace("(pasearch -t)", "(pasearch -t) or the list of every group action (TTLS GROUP)")
                }
                _ => detail.to_string(),
            };
            expected += &format!("policy_change,{date},SYSA,{subject},{detail}\n");
        }
    }
    let alerts = String::from_utf8(output.stdout).unwrap();
    assert_eq!(project_columns(&alerts, &["alert", "date", "system", "subject", "detail"]), expected);
}

#[test]
fn policy_inventory_dates_a_rule_a_later_whole_policy_leaves_out() {
    let dir = TestDir::new();
    // pasearch -t dumps: 1 March CICS-RULE (CICS-ENV C02F) and OTHER-RULE
    // (OTHER-ENV 000A in place of C02F); 2 March CICS-RULE alone: OTHER-RULE
    // was taken out of the policy on 2 March.
    let dump_3des = "      000A  TLS_RSA_WITH_3DES_EDE_CBC_SHA\n";
    dir.write("tree/2026-03-01/SYSA/pasearch.txt", pasearch_both_on("03/01/2026", dump_3des));
    dir.write("tree/2026-03-02/SYSA/pasearch.txt", pasearch_cics_alone("03/02/2026"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Without --from OTHER-RULE is listed as last printed, `removed` saying
    // when (before: listed with nothing to tell it was gone).
    let columns = ["last_seen", "rule", "ciphers", "removed"];
    assert_eq!(
        report(&dir, &["policy-inventory"], &columns),
        "last_seen,rule,ciphers,removed\n2026-03-02,CICS-RULE,C02F:secure,\n2026-03-01,OTHER-RULE,000A:weak,2026-03-02\n"
    );
    // Up to 1 March it was in the policy; from 2 March on it is not listed.
    assert_eq!(
        report(&dir, &["policy-inventory", "--to", "2026-03-01"], &columns),
        "last_seen,rule,ciphers,removed\n2026-03-01,CICS-RULE,C02F:secure,\n2026-03-01,OTHER-RULE,000A:weak,\n"
    );
    assert_eq!(
        report(&dir, &["policy-inventory", "--from", "2026-03-02"], &columns),
        "last_seen,rule,ciphers,removed\n2026-03-02,CICS-RULE,C02F:secure,\n"
    );
}

/// One day of `system` for the dump-to-dump tests: TTLS DETAIL (08:00:01)
/// of CICS's session, and of OTHER's (C02F) when `other` holds; beside it
/// a `pasearch -t` dump (08:00:30) when `dump` is set: both rules when it
/// holds true, CICS-RULE alone when false.
fn netstat_and_dump(dir: &TestDir, system: &str, day: u32, other: bool, dump: Option<bool>) {
    let c02f = "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n";
    dir.write(&format!("tree/2026-03-0{day}/{system}/ttls.txt"), in_use(true, other.then_some(c02f)));
    let date = format!("03/0{day}/2026");
    let dump = match dump {
        Some(true) => pasearch_both_on(&date, "      C02F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"),
        Some(false) => pasearch_cics_alone(&date),
        None => return,
    };
    dir.write(&format!("tree/2026-03-0{day}/{system}/pasearch.txt"), dump);
}

/// A day of [`netstat_and_dump`]: the day of March, OTHER in use, the dump.
type Day = (u32, bool, Option<bool>);

#[test]
fn a_dump_shows_a_rule_removed_or_added_since_the_last_dump_whatever_netstat_captures_lie_between() {
    let dir = TestDir::new();
    // Monthly NETSTAT, a quarterly dump (review 16b F5), in small. Days as
    // (day, OTHER in use, dump: Some(true) both rules, Some(false) CICS alone).
    let days: [(&str, &[Day]); 5] = [
        // SYSA: OTHER in the dump of 1 March alone (never in use), gone
        // from the dump of 3 March; 2 March NETSTAT alone.
        ("SYSA", &[(1, false, Some(true)), (2, false, None), (3, false, Some(false))]),
        // SYSB: the other way round: OTHER first in the dump of 3 March.
        ("SYSB", &[(1, false, Some(false)), (2, false, None), (3, false, Some(true))]),
        // SYSC: OTHER first in use, and in the dump, on 3 March; in use on
        // 4 March, idle on 5 March, gone from the dump of 6 March.
        (
            "SYSC",
            &[
                (1, false, Some(false)),
                (2, false, None),
                (3, true, Some(true)),
                (4, true, None),
                (5, false, None),
                (6, false, Some(false)),
            ],
        ),
        // SYSD: OTHER first in use on 3 March, in the dump of 4 March.
        ("SYSD", &[(1, false, Some(false)), (2, false, None), (3, true, None), (4, true, Some(true))]),
        // SYSE: OTHER in use on 2 March, the day after the dump without it.
        ("SYSE", &[(1, false, Some(false)), (2, true, None), (3, true, Some(true))]),
    ];
    for (system, days) in days {
        for &(day, other, dump) in days {
            netstat_and_dump(&dir, system, day, other, dump);
        }
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand (a run's time is its TTLS DETAIL's, 08:00:01; OTHER-RULE,
    // OTHER-GRP and OTHER-ENV change together, one row each). CICS is in
    // use and printed alike every day: no row.
    // SYSA: 2 March leaves OTHER out, but NETSTAT prints only what is in
    // use, and pasearch alone printed it (idle): nothing; 3 March's dump
    // leaves it out: `removed`, last printed 1 March (before: nothing, the
    // dump compared with 2 March alone, which had no OTHER either).
    // SYSB: 3 March's dump has OTHER, 1 March's did not: `added` against 1
    // March (before: nothing: pasearch alone printed it, 2 March no dump).
    // SYSC: 3 March OTHER is new in use and in the dump: `added` against 1
    // March (not `in_use` against 2 March); 4 March the same; 5 March
    // NETSTAT no longer prints it: `unused` against 4 March; 6 March the
    // dump leaves it out: `removed`, last printed 4 March.
    // SYSD: 3 March OTHER first seen in use: `in_use` against 2 March (no
    // dump then); 4 March's dump has it, 1 March's did not: `added`.
    // SYSE: 2 March OTHER in use the capture after a dump without it:
    // `added` against 1 March then; 3 March's dump has it, which 2 March
    // already said: nothing more.
    let mut expected = "system,before,after,object,name,change\n".to_string();
    for (system, before, after, change) in [
        ("SYSA", 1, 3, "removed"),
        ("SYSB", 1, 3, "added"),
        ("SYSC", 1, 3, "added"),
        ("SYSC", 4, 5, "unused"),
        ("SYSC", 4, 6, "removed"),
        ("SYSD", 2, 3, "in_use"),
        ("SYSD", 1, 4, "added"),
        ("SYSE", 1, 2, "added"),
    ] {
        for (object, name) in [("env_action", "OTHER-ENV"), ("group_action", "OTHER-GRP"), ("rule", "OTHER-RULE")] {
            expected +=
                &format!("{system},2026-03-0{before}T08:00:01,2026-03-0{after}T08:00:01,{object},{name},{change}\n");
        }
    }
    let columns = ["system", "before", "after", "object", "name", "change"];
    assert_eq!(report(&dir, &["policy-drift"], &columns), expected);
    // The alerts follow: one policy_change per added or removed row (6 x 3),
    // saying which dumps show it.
    let output = dir.run(&["alerts", "--format", "csv"]);
    let alerts = String::from_utf8(output.stdout).unwrap();
    let changes: Vec<&str> = alerts.lines().filter(|l| l.starts_with("policy_change,")).collect();
    assert_eq!(changes.len(), 18, "{alerts}");
    for expected in [
        "policy_change,2026-03-03,SYSA,TCPIP,rule OTHER-RULE,removed from the policy: the whole policy (pasearch -t) \
         captured 2026-03-03T08:00:01 no longer has it; last printed 2026-03-01T08:00:01,",
        "policy_change,2026-03-03,SYSB,TCPIP,rule OTHER-RULE,added to the policy: printed 2026-03-03T08:00:01; not in \
         the whole policy (pasearch -t) captured 2026-03-01T08:00:01,",
    ] {
        assert!(changes.iter().any(|l| l.starts_with(expected)), "{expected} in {alerts}");
    }
}
