//! What the policy reports make of what each source prints: NETSTAT TTLS
//! DETAIL and `pasearch`, each rule pinned on a small capture tree written
//! here by hand, with the answer worked out from its text in the test.

use crate::trust::{ingest, report, ttls_session, HEADER};
use crate::trust_policy::pasearch_cics_alone;
use crate::util::{stderr, TestDir};

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
    // System SSL's defaults (graded unknown, first): on SYSA SMTP-RULE's
    // suites and its key share groups (TLSv1.3 on; CICS-RULE's TLS 1.2
    // alone uses none), then SMTP-ENV's TLSv1.0 (weak) and TLSv1.3
    // (recommended); on SYSB CICS-RULE's protocols, then its C02F (secure).
    assert_eq!(
        report(&dir, &["allowed-not-used"], &["system", "kind", "code", "name", "grade", "rules", "actions"]),
        format!(
            "system,kind,code,name,grade,rules,actions
SYSA,cipher,,{defaults},unknown,SMTP-RULE,SMTP-ENV
SYSA,group,,{defaults},unknown,SMTP-RULE,SMTP-ENV
SYSA,protocol,TLSv1.0,TLSv1.0,weak,SMTP-RULE,SMTP-ENV
SYSA,protocol,TLSv1.3,TLSv1.3,recommended,SMTP-RULE,SMTP-ENV
SYSB,protocol,,{defaults},unknown,CICS-RULE,CICS-ENV
SYSB,cipher,C02F,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,secure,CICS-RULE,CICS-ENV
"
        )
    );
}
