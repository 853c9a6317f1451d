//! The answers a security team acts on (issue 20), on the ingested
//! `samples/`, with values worked out by hand from the captures and the
//! story in `samples/README.md`.

use crate::reports::{report, samples};
use crate::util::stderr;

const IMPACT: [&str; 12] = [
    "breaks",
    "system",
    "job",
    "direction",
    "port",
    "remote_ip",
    "disabled",
    "connections",
    "dates",
    "rule",
    "env_action",
    "fallback_protocols",
];

#[test]
fn impact_of_disabling_tls_1_0_is_payxfer_with_its_rule_and_what_else_it_allows() {
    // PAYXFER negotiated TLS Version 1 on the 22nd (9F9C) and the 23rd
    // (AB3A); PAYXFER-CLIENT-ENV has TLSV1, TLSV1.1 and TLSV1.2 On and lists
    // 0035, 002F, 000A: without TLSv1.0 the rule still allows TLSv1.1 and
    // TLSv1.2, which carry all three suites. No other connection used TLSv1.0.
    let mut columns = IMPACT.to_vec();
    columns.push("fallback_ciphers");
    assert_eq!(
        report(&["impact", "--disable", "TLSv1.0"], &columns),
        "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
maybe,SYSB,PAYXFER,outbound,8443,10.60.1.9,TLSv1.0,2,2,PAYXFER-OUTBOUND-RULE,PAYXFER-CLIENT-ENV,\"TLSv1.1,TLSv1.2\",\"0035,002F,000A\"
"
    );
}

#[test]
fn impact_of_disabling_3des_in_any_form_shows_who_loses_it() {
    // Only PAYXFER negotiated 000A; its rule keeps 0035 and 002F.
    let mut columns = IMPACT.to_vec();
    columns.push("fallback_ciphers");
    let expected = "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
maybe,SYSB,PAYXFER,outbound,8443,10.60.1.9,000A,2,2,PAYXFER-OUTBOUND-RULE,PAYXFER-CLIENT-ENV,\"TLSv1.0,TLSv1.1,TLSv1.2\",\"0035,002F\"
";
    for form in ["000A", "0A", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"] {
        assert_eq!(report(&["impact", "--disable", form], &columns), expected, "{form}");
    }
}

#[test]
fn impact_lists_endpoints_with_nothing_else_allowed_first() {
    // CSQ1-INBOUND-ENVIRONMENT-ACTION lists 003C alone: CSQ9CHIN's one
    // connection (000000BB, seen on three days) would break. PAYXFER keeps
    // 0035 and 002F, so it comes after.
    let mut columns = IMPACT.to_vec();
    columns.push("fallback_ciphers");
    assert_eq!(
        report(&["impact", "--disable", "000A,003C"], &columns),
        "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
yes,SYSA,CSQ9CHIN,inbound,1414,10.1.0.2,003C,1,3,REMOTE-TO-CSQ1,CSQ1-INBOUND-ENVIRONMENT-ACTION,\"TLSv1.2,TLSv1.3\",
maybe,SYSB,PAYXFER,outbound,8443,10.60.1.9,000A,2,2,PAYXFER-OUTBOUND-RULE,PAYXFER-CLIENT-ENV,\"TLSv1.0,TLSv1.1,TLSv1.2\",\"0035,002F\"
"
    );
}

#[test]
fn impact_filters_by_rule_and_environment_action() {
    // TN3270A negotiated 1301 with 10.20.30.40 on the 22nd and 23rd (TLSV1.1
    // Off then) and with 10.20.30.41 on the 24th, when TN3270-ENV-ACTION had
    // TLSV1.1 On and 000A at the end of its list.
    let mut columns = IMPACT.to_vec();
    columns.push("fallback_ciphers");
    assert_eq!(
        report(&["impact", "--disable", "1301", "--rule", "tn3270*"], &columns),
        "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
maybe,SYSA,TN3270A,inbound,992,10.20.30.40,1301,2,2,TN3270-SECURE-RULE,TN3270-ENV-ACTION,\"TLSv1.2,TLSv1.3\",\"1302,1303,C02F,C030,C027,C028\"
maybe,SYSA,TN3270A,inbound,992,10.20.30.41,1301,1,1,TN3270-SECURE-RULE,TN3270-ENV-ACTION,\"TLSv1.1,TLSv1.2,TLSv1.3\",\"1302,1303,C02F,C030,C027,C028,000A\"
"
    );
    // CICSPRD1-SERVER-ENV has TLSV1.2 On and every other version Off.
    assert_eq!(
        report(
            &["impact", "--disable", "TLSv1.2", "--env-action", "CICSPRD1-SERVER-ENV"],
            &["breaks", "remote_ip", "connections"]
        ),
        "breaks,remote_ip,connections
yes,10.30.5.21,1
yes,10.30.5.22,2
yes,10.30.5.23,1
"
    );
}

#[test]
fn impact_refuses_what_it_cannot_read() {
    let output = samples().run(&["report", "impact", "--disable", "0023"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("write cipher:0023 or group:0023"), "{}", stderr(&output));
    let output = samples().run(&["report", "impact"]);
    assert!(stderr(&output).contains("report impact needs --disable"), "{}", stderr(&output));
}
