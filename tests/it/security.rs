//! The answers a security team acts on (issue 20), on the ingested
//! `samples/`, with values worked out by hand from the captures and the
//! story in `samples/README.md`.

use crate::reports::{report, samples};
use crate::util::{project, project_columns, stderr, TestDir};

const IMPACT: [&str; 13] = [
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
    "fallback_ciphers",
];

/// impact with these arguments, the columns of IMPACT.
fn impact(args: &[&str]) -> String {
    let mut full = vec!["impact"];
    full.extend_from_slice(args);
    report(&full, &IMPACT)
}

#[test]
fn impact_of_disabling_tls_1_0_is_payxfer_with_its_rule_and_what_else_it_allows() {
    // PAYXFER negotiated TLS Version 1 on the 22nd (9F9C) and the 23rd
    // (AB3A); PAYXFER-CLIENT-ENV has TLSV1, TLSV1.1 and TLSV1.2 On and lists
    // 0035, 002F, 000A: without TLSv1.0 the rule still allows TLSv1.1 and
    // TLSv1.2, which carry all three suites. No other connection used TLSv1.0.
    assert_eq!(
        impact(&["--disable", "TLSv1.0"]),
        "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
maybe,SYSB,PAYXFER,outbound,8443,10.60.1.9,TLSv1.0,2,2,PAYXFER-OUTBOUND-RULE,PAYXFER-CLIENT-ENV,\"TLSv1.1,TLSv1.2\",\"0035,002F,000A\"
"
    );
}

#[test]
fn impact_of_disabling_3des_in_any_form_shows_who_loses_it() {
    // Only PAYXFER negotiated 000A; its rule keeps 0035 and 002F.
    let expected = "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
maybe,SYSB,PAYXFER,outbound,8443,10.60.1.9,000A,2,2,PAYXFER-OUTBOUND-RULE,PAYXFER-CLIENT-ENV,\"TLSv1.0,TLSv1.1,TLSv1.2\",\"0035,002F\"
";
    for form in ["000A", "0A", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"] {
        assert_eq!(impact(&["--disable", form]), expected, "{form}");
    }
}

#[test]
fn impact_lists_endpoints_with_nothing_else_allowed_first() {
    // CSQ1-INBOUND-ENVIRONMENT-ACTION lists 003C alone: CSQ9CHIN's one
    // connection (000000BB, seen on three days) would break. PAYXFER keeps
    // 0035 and 002F, so it comes after.
    assert_eq!(
        impact(&["--disable", "000A,003C"]),
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
    // TLSV1.1 On and 000A at the end of its list. 10.20.30.40 is seen on the
    // 24th too (0000BF4A, TLSv1.2 with C027): the rule is judged as that,
    // its last snapshot, printed it.
    assert_eq!(
        impact(&["--disable", "1301", "--rule", "tn3270*"]),
        "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
maybe,SYSA,TN3270A,inbound,992,10.20.30.40,1301,2,2,TN3270-SECURE-RULE,TN3270-ENV-ACTION,\"TLSv1.1,TLSv1.2,TLSv1.3\",\"1302,1303,C02F,C030,C027,C028,000A\"
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
fn impact_takes_what_else_is_allowed_from_the_endpoint_s_last_sighting() {
    // 10.20.30.40 negotiated 1301 with TN3270A on the 22nd (A1F0) and the
    // 23rd (B1A0) and C027 on the 24th (BF4A): one endpoint, three
    // connections on three dates, last seen on the 24th, so what else its rule
    // allows is read from the 24th's TN3270-ENV-ACTION (TLSV1.1 On, 000A at
    // the end of its suites), not the 22nd's, less 1301 and C027.
    // 10.20.30.41 (C0A2, 1301) was seen on the 24th only.
    assert_eq!(
        impact(&["--disable", "1301,C027", "--rule", "tn3270*"]),
        "breaks,system,job,direction,port,remote_ip,disabled,connections,dates,rule,env_action,fallback_protocols,fallback_ciphers
maybe,SYSA,TN3270A,inbound,992,10.20.30.40,\"1301,C027\",3,3,TN3270-SECURE-RULE,TN3270-ENV-ACTION,\"TLSv1.1,TLSv1.2,TLSv1.3\",\"1302,1303,C02F,C030,C028,000A\"
maybe,SYSA,TN3270A,inbound,992,10.20.30.41,1301,1,1,TN3270-SECURE-RULE,TN3270-ENV-ACTION,\"TLSv1.1,TLSv1.2,TLSv1.3\",\"1302,1303,C02F,C030,C028,000A\"
"
    );
}

#[test]
fn impact_refuses_what_it_cannot_read() {
    let output = samples().run(&["report", "impact", "--disable", "0023"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("write cipher:0023 or group:0023"), "{}", stderr(&output));
    let output = samples().run(&["report", "impact"]);
    assert!(stderr(&output).contains("report impact needs --disable"), "{}", stderr(&output));
}

#[test]
fn export_takes_each_reports_own_parameters_or_refuses_before_writing() {
    // The same answers as `report impact --disable TLSv1.0` above and the
    // PCI DSS summary row below (13 of 15 compliant, 1 failing endpoint,
    // 4 failing settings), written to CSV files.
    let dir = TestDir::new();
    let out = dir.path("out");
    let out = out.to_str().unwrap();
    let export = |args: &[&str]| samples().run(&[&["export", "--out", out], args].concat());
    let output =
        export(&["--report", "impact", "--disable", "TLSv1.0", "--report", "compliance", "--standard", "pci-dss-4"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = |name: &str| std::fs::read_to_string(dir.path("out").join(name)).unwrap();
    assert_eq!(
        project_columns(&read("impact.csv"), &["system", "job", "disabled", "connections", "rule", "fallback_protocols"]),
        "system,job,disabled,connections,rule,fallback_protocols\nSYSB,PAYXFER,TLSv1.0,2,PAYXFER-OUTBOUND-RULE,\"TLSv1.1,TLSv1.2\"\n"
    );
    let compliance = project_columns(
        &read("compliance.csv"),
        &["row", "connections", "compliant", "failing_endpoints", "failing_settings"],
    );
    assert_eq!(compliance.lines().nth(1), Some("summary,15,13,1,4"), "{compliance}");

    // A parameter that one of the reports does not take, or a report without
    // the one it needs: refused in the command line's words, no file written.
    let empty = TestDir::new();
    let out = empty.path("out");
    let out = out.to_str().unwrap();
    let refused = [
        (vec!["--report", "capacity", "--disable", "000A"], "none of the reports to export takes --disable"),
        (
            vec!["--report", "impact", "--disable", "000A", "--report", "coverage", "--port", "443"],
            "cannot export coverage: report coverage does not take --port; it takes: --from, --to, --system, --stack",
        ),
        (vec!["--report", "compliance"], "cannot export compliance: report compliance needs --standard NAME"),
        (
            vec!["--report", "impact", "--standard", "pci-dss-4", "--disable", "000A"],
            "none of the reports to export takes --standard",
        ),
        (vec!["--table", "rules", "--by", "stack"], "are parameters of canned reports: give --report NAME"),
    ];
    for (args, message) in refused {
        let output = samples().run(&[&["export", "--out", out], &args[..]].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
        assert_eq!(std::fs::read_dir(empty.path("out")).unwrap().count(), 0, "{args:?}: nothing written");
    }
}

const COMPLIANCE: [&str; 13] = [
    "row",
    "system",
    "date",
    "connections",
    "compliant",
    "compliant_pct",
    "failing_endpoints",
    "failing_settings",
    "job",
    "remote_ip",
    "negotiated",
    "reason",
    "change",
];

#[test]
fn compliance_with_pci_dss_4_per_day_with_failing_endpoints_and_settings() {
    // Negotiated TLS connections, each counted once: SYSA 10 (000000BB,
    // A07D, A1C4, A1D7, A1F0, B15E, B1A0, BF4A, C015, C0A2), SYSB 5 (9F02,
    // 9F9C, 9C11, AB3A, AB40). Only PAYXFER's two (TLS Version 1, 000A 3DES)
    // fail PCI DSS: 13 of 15. Per day: SYSA 5, 5, 6 all compliant; SYSB 3
    // with PAYXFER failing on the 22nd and 23rd, IZUSVR1 alone on the 24th.
    // Policy: PAYXFER-CLIENT-ENV allows TLSv1.0, TLSv1.1 and 000A on the
    // 22nd and 23rd; TN3270-ENV-ACTION allows TLSv1.1 and 000A on the 24th:
    // 4 settings of an action (each action's protocols and V3CipherSuites),
    // 2 on each of those days (before: 5 and 3, the codes); with --by day
    // (the day rows) as by default, one
    // policy row per setting of an action over the period (no date), its
    // codes together: PAYXFER-CLIENT-ENV's protocols TLSv1.0 and TLSv1.1 in
    // one row. All graded weak (TLS 1.0, TLS 1.1, 3DES), so in system order.
    // One service row: PAYXFER's two connections with its one peer, TLS 1.0
    // and 000A both graded weak (listed by name).
    assert_eq!(
        report(&["compliance", "--standard", "pci-dss-4", "--by", "day"], &COMPLIANCE),
        "row,system,date,connections,compliant,compliant_pct,failing_endpoints,failing_settings,job,remote_ip,negotiated,reason,change
summary,,,15,13,86.7,1,4,,,,,
day,SYSA,2026-11-22,5,5,100,0,0,,,,,
day,SYSA,2026-11-23,5,5,100,0,0,,,,,
day,SYSA,2026-11-24,6,6,100,0,2,,,,,
day,SYSB,2026-11-22,3,2,66.7,1,2,,,,,
day,SYSB,2026-11-23,3,2,66.7,1,2,,,,,
day,SYSB,2026-11-24,1,1,100,0,0,,,,,
service,SYSB,,2,0,0,,,PAYXFER,,TLSv1.0 000A,cipher 000A; protocol TLSv1.0,
policy,SYSA,,,,,,,,,,cipher 000A (TLS_RSA_WITH_3DES_EDE_CBC_SHA) not allowed,remove 000A from V3CipherSuites of TN3270-ENV-ACTION
policy,SYSA,,,,,,,,,,protocol TLSv1.1 (TLSv1.1) not allowed,TLSV1.1 Off in TN3270-ENV-ACTION
policy,SYSB,,,,,,,,,,cipher 000A (TLS_RSA_WITH_3DES_EDE_CBC_SHA) not allowed,remove 000A from V3CipherSuites of PAYXFER-CLIENT-ENV
policy,SYSB,,,,,,,,,,\"protocol TLSv1.0 (TLSv1.0), TLSv1.1 (TLSv1.1) not allowed\",\"TLSV1 Off, TLSV1.1 Off in PAYXFER-CLIENT-ENV\"
"
    );
    // Without --by day the same but the day rows.
    let default = report(&["compliance", "--standard", "pci-dss-4"], &COMPLIANCE);
    assert_eq!(default.lines().filter(|l| l.starts_with("day")).count(), 0, "{default}");
    assert_eq!(default.lines().count(), 1 + 1 + 1 + 4, "header, summary, service, 4 settings: {default}");
    // When each setting was seen: TN3270-ENV-ACTION's on the 24th only (Off
    // and without 000A on the 22nd and 23rd), PAYXFER-CLIENT-ENV's on the
    // 22nd and 23rd (no PAYXFER rule printed on the 24th).
    let seen = ["row", "system", "action", "code", "first_seen", "last_seen", "dates"];
    assert_eq!(
        report(&["compliance", "--standard", "pci-dss-4"], &seen)
            .lines()
            .filter(|l| l.starts_with("policy"))
            .collect::<Vec<_>>()
            .join("\n"),
        "policy,SYSA,TN3270-ENV-ACTION,000A,2026-11-24,2026-11-24,1
policy,SYSA,TN3270-ENV-ACTION,TLSv1.1,2026-11-24,2026-11-24,1
policy,SYSB,PAYXFER-CLIENT-ENV,000A,2026-11-22,2026-11-23,2
policy,SYSB,PAYXFER-CLIENT-ENV,TLSv1.0 TLSv1.1,2026-11-22,2026-11-23,2"
    );
    // With --by peer, the long form: a policy row per setting and date.
    let by_peer = report(&["compliance", "--standard", "pci-dss-4", "--by", "peer"], &COMPLIANCE);
    assert_eq!(
        by_peer.lines().filter(|l| l.starts_with("policy")).map(|l| format!("{l}\n")).collect::<String>(),
        "policy,SYSA,2026-11-24,,,,,,,,,cipher 000A (TLS_RSA_WITH_3DES_EDE_CBC_SHA) not allowed,remove 000A from V3CipherSuites of TN3270-ENV-ACTION
policy,SYSA,2026-11-24,,,,,,,,,protocol TLSv1.1 (TLSv1.1) not allowed,TLSV1.1 Off in TN3270-ENV-ACTION
policy,SYSB,2026-11-22,,,,,,,,,cipher 000A (TLS_RSA_WITH_3DES_EDE_CBC_SHA) not allowed,remove 000A from V3CipherSuites of PAYXFER-CLIENT-ENV
policy,SYSB,2026-11-22,,,,,,,,,protocol TLSv1.0 (TLSv1.0) not allowed,TLSV1 Off in PAYXFER-CLIENT-ENV
policy,SYSB,2026-11-22,,,,,,,,,protocol TLSv1.1 (TLSv1.1) not allowed,TLSV1.1 Off in PAYXFER-CLIENT-ENV
policy,SYSB,2026-11-23,,,,,,,,,cipher 000A (TLS_RSA_WITH_3DES_EDE_CBC_SHA) not allowed,remove 000A from V3CipherSuites of PAYXFER-CLIENT-ENV
policy,SYSB,2026-11-23,,,,,,,,,protocol TLSv1.0 (TLSv1.0) not allowed,TLSV1 Off in PAYXFER-CLIENT-ENV
policy,SYSB,2026-11-23,,,,,,,,,protocol TLSv1.1 (TLSv1.1) not allowed,TLSV1.1 Off in PAYXFER-CLIENT-ENV
"
    );
}

#[test]
fn compliance_with_nist_800_52r2_fails_rsa_key_transport_too() {
    // SP 800-52r2 allows no RSA key transport suite: CSQ9CHIN's 003C fails
    // on each day as well as PAYXFER: 12 of 15. C027 (ECDHE, CBC) is allowed.
    // With --by peer, a row per failing endpoint and day; with --by day the
    // day rows too. Failing settings (each setting of an action once): SYSA
    // the V3CipherSuites of CICSPRD1-SERVER-ENV and DB2ADIST-SERVER-ENV
    // (009C 009D), CSQ1-INBOUND-ENVIRONMENT-ACTION (003C) and
    // TN3270-ENV-ACTION (1303; 000A too on the 24th), and on the 24th
    // TN3270-ENV-ACTION's protocols (TLSv1.1): 4, 4, 5; SYSB the
    // V3CipherSuites of ZOSMF-SERVER-ENV (1303) every day, and
    // PAYXFER-CLIENT-ENV's (000A 002F 0035) and protocols (TLSv1.0 TLSv1.1)
    // on the 22nd and 23rd: 3, 3, 1; 8 in the period (before: 14, the codes).
    let rows = report(&["compliance", "--standard", "nist-800-52r2", "--by", "peer,day"], &COMPLIANCE);
    let kept: Vec<&str> = rows.lines().filter(|l| !l.starts_with("policy")).collect();
    assert_eq!(
        kept.join("\n"),
        "row,system,date,connections,compliant,compliant_pct,failing_endpoints,failing_settings,job,remote_ip,negotiated,reason,change
summary,,,15,12,80,2,8,,,,,
day,SYSA,2026-11-22,5,4,80,1,4,,,,,
day,SYSA,2026-11-23,5,4,80,1,4,,,,,
day,SYSA,2026-11-24,6,5,83.3,1,5,,,,,
day,SYSB,2026-11-22,3,2,66.7,1,3,,,,,
day,SYSB,2026-11-23,3,2,66.7,1,3,,,,,
day,SYSB,2026-11-24,1,1,100,0,1,,,,,
endpoint,SYSA,2026-11-22,1,0,0,,,CSQ9CHIN,10.1.0.2,TLSv1.2 003C,cipher 003C,
endpoint,SYSA,2026-11-23,1,0,0,,,CSQ9CHIN,10.1.0.2,TLSv1.2 003C,cipher 003C,
endpoint,SYSA,2026-11-24,1,0,0,,,CSQ9CHIN,10.1.0.2,TLSv1.2 003C,cipher 003C,
endpoint,SYSB,2026-11-22,1,0,0,,,PAYXFER,10.60.1.9,TLSv1.0 000A,protocol TLSv1.0; cipher 000A,
endpoint,SYSB,2026-11-23,1,0,0,,,PAYXFER,10.60.1.9,TLSv1.0 000A,protocol TLSv1.0; cipher 000A,"
    );
    // By default a row per failing service: PAYXFER (2 connections) before
    // CSQ9CHIN (1, seen on three days), both weak with one peer. First and
    // last seen: the earliest report time of the first and last snapshot
    // (SYSB's onetstat-A headers, 07:30:12 on the 22nd and 07:30:08 on the
    // 23rd; SYSA's first header, 08:00:01 on the 22nd and the 24th).
    let services = report(&["compliance", "--standard", "nist-800-52r2"], &SERVICE);
    assert_eq!(
        services.lines().filter(|l| l.starts_with("service") || l.starts_with("row")).collect::<Vec<_>>().join("\n"),
        "row,system,job,direction,port,connections,peers,example_peer,first_seen,last_seen,worst_grade,negotiated,reason
service,SYSB,PAYXFER,outbound,8443,2,1,10.60.1.9,2026-11-22T07:30:12,2026-11-23T07:30:08,weak,TLSv1.0 000A,cipher 000A; protocol TLSv1.0
service,SYSA,CSQ9CHIN,inbound,1414,1,1,10.1.0.2,2026-11-22T08:00:01,2026-11-24T08:00:01,weak,TLSv1.2 003C,cipher 003C"
    );
    // The settings of the 24th on SYSA: 009C and 009D in CICSPRD1-SERVER-ENV
    // and DB2ADIST-SERVER-ENV, 003C in CSQ1-INBOUND-ENVIRONMENT-ACTION, and
    // in TN3270-ENV-ACTION 1303 (ChaCha20 is not in SP 800-52r2), 000A and TLSv1.1;
    // one row per setting of an action, its codes together. Each setting's
    // worst code is weak (1303 is recommended, the rest weak), so they come
    // by rule: CICSPRD1-HTTPS-RULE, DB2ADIST-SECURE-PORT, REMOTE-TO-CSQ1,
    // TN3270-SECURE-RULE.
    let policy = report(
        &["compliance", "--standard", "nist-800-52r2", "--system", "SYSA", "--from", "2026-11-24"],
        &["row", "rule", "action", "setting", "code", "worst_grade"],
    );
    assert_eq!(
        policy.lines().filter(|l| l.starts_with("policy")).collect::<Vec<_>>().join("\n"),
        "policy,CICSPRD1-HTTPS-RULE,CICSPRD1-SERVER-ENV,V3CipherSuites,009C 009D,weak
policy,DB2ADIST-SECURE-PORT,DB2ADIST-SERVER-ENV,V3CipherSuites,009C 009D,weak
policy,REMOTE-TO-CSQ1,CSQ1-INBOUND-ENVIRONMENT-ACTION,V3CipherSuites,003C,weak
policy,TN3270-SECURE-RULE,TN3270-ENV-ACTION,V3CipherSuites,000A 1303,weak
policy,TN3270-SECURE-RULE,TN3270-ENV-ACTION,protocols,TLSv1.1,weak"
    );
}

const SERVICE: [&str; 13] = [
    "row",
    "system",
    "job",
    "direction",
    "port",
    "connections",
    "peers",
    "example_peer",
    "first_seen",
    "last_seen",
    "worst_grade",
    "negotiated",
    "reason",
];

#[test]
fn compliance_gives_one_row_per_failing_service_with_its_peers_and_each_peer_with_by_peer() {
    // tests/fixtures/compliance: CSQ9CHIN (1414) has five clients over two
    // days; SP 800-52r2 fails RSA key transport (003C, 000A, 0005), TLS 1.0
    // and SSL 3. Negotiated connections, each once: C402 C403 C404 C405 C411
    // on the 1st, C403 (still up) D101 D102 D103 on the 2nd: 8, of which
    // C404 and D103 (C02F) comply. CSQ9CHIN fails with C402, C403, C405,
    // D101 and D102 (5 connections) from 10.80.4.2 (both days), .3, .6 and
    // .5: 4 peers; FTPD1 with C411 from 10.40.2.15, SSL 3 and RC4, both
    // insecure: on top though it has one peer. Failing endpoints: 5 in the
    // period, 4 on the 1st (.2 .3 .6 and 10.40.2.15), 3 on the 2nd (.3 .2
    // .5). Settings: MQ-LEGACY-ENV allows TLSv1.0 (protocols) and 003C and
    // 000A (V3CipherSuites) on both days, FTPS-LEGACY-ENV SSLv3 and 0005 on
    // the 1st (no FTP connection on the 2nd, so its rule was not printed):
    // 4 settings of an action in the period, 4 on the 1st, 2 on the 2nd
    // (before: 5, 5 and 3, the codes).
    let dir = TestDir::new();
    let output = dir.run(&["ingest", "--quiet", project("tests/fixtures/compliance/SYSM").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let run = |args: &[&str]| {
        let output =
            dir.run(&[&["report", "compliance", "--standard", "nist-800-52r2", "--format", "csv"], args].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    // The rows of these kinds (and the header), with these columns.
    let kept = |rows: &str, kinds: &[&str], columns: &[&str]| {
        let projected = project_columns(rows, columns);
        let mut lines = projected.lines();
        let header = lines.next().unwrap().to_string();
        let rows = lines.filter(|l| kinds.iter().any(|k| l.starts_with(&format!("{k},"))));
        std::iter::once(header).chain(rows.map(str::to_string)).collect::<Vec<_>>().join("\n")
    };
    let rows = run(&[]);
    assert_eq!(
        kept(
            &rows,
            &["summary", "day", "service"],
            &["row", "date", "connections", "compliant", "failing_endpoints", "failing_settings"]
        ),
        "row,date,connections,compliant,failing_endpoints,failing_settings
summary,,8,2,5,4
service,,1,0,,
service,,5,0,,"
    );
    // --by day: the figures of each date too.
    let days = run(&["--by", "day"]);
    assert_eq!(
        kept(&days, &["day"], &["row", "date", "connections", "compliant", "failing_endpoints", "failing_settings"]),
        "row,date,connections,compliant,failing_endpoints,failing_settings
day,2026-12-01,5,1,4,4
day,2026-12-02,4,1,3,2"
    );
    assert_eq!(
        kept(&rows, &["service"], &SERVICE),
        "row,system,job,direction,port,connections,peers,example_peer,first_seen,last_seen,worst_grade,negotiated,reason
service,SYSM,FTPD1,inbound,21,1,1,10.40.2.15,2026-12-01T09:15:02,2026-12-01T09:15:02,insecure,SSLv3 0005,cipher 0005; protocol SSLv3
service,SYSM,CSQ9CHIN,inbound,1414,5,4,10.80.4.2,2026-12-01T09:15:02,2026-12-02T09:15:02,weak,\"TLSv1.0 000A,TLSv1.2 003C\",cipher 000A; cipher 003C; protocol TLSv1.0"
    );

    // From the 2nd: C403 (continued from the 1st) D101 D102 fail, from .3 .2 .5.
    let second = run(&["--from", "2026-12-02", "--by", "day"]);
    assert_eq!(
        kept(
            &second,
            &["summary", "day", "service"],
            &["row", "job", "connections", "compliant", "failing_endpoints", "peers"]
        ),
        "row,job,connections,compliant,failing_endpoints,peers
summary,,4,1,3,
day,,4,1,3,
service,CSQ9CHIN,3,0,,3"
    );

    // --by peer: a row per failing peer and day instead, counted per day,
    // in the order of the index daily_endpoints_peer: by job (CSQ9CHIN
    // before FTPD1), port, remote address, then date.
    let peers = run(&["--by", "peer"]);
    assert_eq!(
        kept(
            &peers,
            &["service", "endpoint"],
            &["row", "date", "job", "port", "remote_ip", "connections", "negotiated", "reason"]
        ),
        "row,date,job,port,remote_ip,connections,negotiated,reason
endpoint,2026-12-01,CSQ9CHIN,1414,10.80.4.2,1,TLSv1.2 003C,cipher 003C
endpoint,2026-12-02,CSQ9CHIN,1414,10.80.4.2,1,TLSv1.2 003C,cipher 003C
endpoint,2026-12-01,CSQ9CHIN,1414,10.80.4.3,1,TLSv1.2 003C,cipher 003C
endpoint,2026-12-02,CSQ9CHIN,1414,10.80.4.3,1,TLSv1.2 003C,cipher 003C
endpoint,2026-12-02,CSQ9CHIN,1414,10.80.4.5,1,TLSv1.0 000A,protocol TLSv1.0; cipher 000A
endpoint,2026-12-01,CSQ9CHIN,1414,10.80.4.6,1,TLSv1.2 003C,cipher 003C
endpoint,2026-12-01,FTPD1,21,10.40.2.15,1,SSLv3 0005,protocol SSLv3; cipher 0005"
    );
    // The endpoint rows come right after the summary, so that they stream;
    // the 8 policy rows (one per code and date, below) come last, as working
    // them out per date takes seconds on a large database.
    let kinds: Vec<&str> = peers.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(kinds, [&["summary"][..], &["endpoint"; 7], &["policy"; 8]].concat(), "{peers}");
    // With PCI DSS too (TLS 1.0, SSL 3, 3DES and RC4 fail it, 003C does
    // not): the other rows of each standard first, then the endpoints, each
    // endpoint's date and negotiation once per standard it fails: 10.80.4.5
    // on the 2nd and 10.40.2.15 on the 1st fail both.
    let both = run(&["--standard", "pci-dss-4", "--by", "peer"]);
    let standards: Vec<String> = project_columns(&both, &["standard", "row", "date", "job", "remote_ip"])
        .lines()
        .skip(1)
        .filter(|l| !l.contains(",policy,"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        standards.join("\n"),
        "nist-800-52r2,summary,,,
pci-dss-4,summary,,,
nist-800-52r2,endpoint,2026-12-01,CSQ9CHIN,10.80.4.2
nist-800-52r2,endpoint,2026-12-02,CSQ9CHIN,10.80.4.2
nist-800-52r2,endpoint,2026-12-01,CSQ9CHIN,10.80.4.3
nist-800-52r2,endpoint,2026-12-02,CSQ9CHIN,10.80.4.3
nist-800-52r2,endpoint,2026-12-02,CSQ9CHIN,10.80.4.5
pci-dss-4,endpoint,2026-12-02,CSQ9CHIN,10.80.4.5
nist-800-52r2,endpoint,2026-12-01,CSQ9CHIN,10.80.4.6
nist-800-52r2,endpoint,2026-12-01,FTPD1,10.40.2.15
pci-dss-4,endpoint,2026-12-01,FTPD1,10.40.2.15"
    );
    // The summary and day rows are the same in both forms.
    let all =
        ["row", "standard", "date", "connections", "compliant", "failing_endpoints", "failing_settings", "change"];
    let heads = ["summary", "day"];
    assert_eq!(kept(&days, &heads, &all).lines().count(), 1 + 3, "header, summary, 2 days");
    assert_eq!(kept(&run(&["--by", "peer,day"]), &heads, &all), kept(&days, &heads, &all));
    assert_eq!(kept(&peers, &heads, &all), kept(&rows, &heads, &all));
    // The policy rows: by default each setting of an action once, its codes
    // together, captured on the 1st and 2nd (MQ-LEGACY-ENV: TLSv1.0; 003C
    // and 000A) or on the 1st only (FTPS-LEGACY-ENV: SSLv3; 0005), the
    // insecure ones (SSL 3, RC4) first; with --by peer one per code and date.
    let policy = ["row", "date", "rule", "action", "setting", "code", "first_seen", "last_seen", "dates"];
    assert_eq!(
        kept(&rows, &["policy"], &policy),
        "row,date,rule,action,setting,code,first_seen,last_seen,dates
policy,,FTPS-LEGACY-RULE,FTPS-LEGACY-ENV,V3CipherSuites,0005,2026-12-01,2026-12-01,1
policy,,FTPS-LEGACY-RULE,FTPS-LEGACY-ENV,protocols,SSLv3,2026-12-01,2026-12-01,1
policy,,MQ-LEGACY-RULE,MQ-LEGACY-ENV,V3CipherSuites,000A 003C,2026-12-01,2026-12-02,2
policy,,MQ-LEGACY-RULE,MQ-LEGACY-ENV,protocols,TLSv1.0,2026-12-01,2026-12-02,2"
    );
    assert_eq!(
        kept(&peers, &["policy"], &policy),
        "row,date,rule,action,setting,code,first_seen,last_seen,dates
policy,2026-12-01,FTPS-LEGACY-RULE,FTPS-LEGACY-ENV,V3CipherSuites,0005,,,
policy,2026-12-01,FTPS-LEGACY-RULE,FTPS-LEGACY-ENV,protocols,SSLv3,,,
policy,2026-12-01,MQ-LEGACY-RULE,MQ-LEGACY-ENV,V3CipherSuites,000A,,,
policy,2026-12-01,MQ-LEGACY-RULE,MQ-LEGACY-ENV,V3CipherSuites,003C,,,
policy,2026-12-01,MQ-LEGACY-RULE,MQ-LEGACY-ENV,protocols,TLSv1.0,,,
policy,2026-12-02,MQ-LEGACY-RULE,MQ-LEGACY-ENV,V3CipherSuites,000A,,,
policy,2026-12-02,MQ-LEGACY-RULE,MQ-LEGACY-ENV,V3CipherSuites,003C,,,
policy,2026-12-02,MQ-LEGACY-RULE,MQ-LEGACY-ENV,protocols,TLSv1.0,,,"
    );
}

/// The captures of `tests/fixtures/compliance` and `compliance-sets` (the
/// 3rd in two files, 09:15 and 15:00), by path under `tree/SYSM/`.
const SET_FILES: [(&str, &str); 4] = [
    ("20261201/netstat.txt", "tests/fixtures/compliance/SYSM/20261201/netstat.txt"),
    ("20261202/netstat.txt", "tests/fixtures/compliance/SYSM/20261202/netstat.txt"),
    ("20261203/netstat.txt", "tests/fixtures/compliance-sets/SYSM/20261203/netstat.txt"),
    ("20261203/netstat-1500.txt", "tests/fixtures/compliance-sets/SYSM/20261203/netstat-1500.txt"),
];

/// Writes `files` of [`SET_FILES`] into `dir`'s tree and ingests the tree.
fn add_and_ingest(dir: &TestDir, files: &[(&str, &str)]) {
    for (to, from) in files {
        dir.write(&format!("tree/SYSM/{to}"), std::fs::read(project(from)).unwrap());
    }
    let output = dir.run(&["ingest", "--quiet", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{files:?}: {}", stderr(&output));
}

/// The negotiation sets of a database in words (no ids): each peer's set,
/// the peers per service and set, the peers per day and set.
fn negotiation_sets(dir: &TestDir) -> String {
    dir.csv(
        "WITH named AS (
             SELECT s.set_id, group_concat(concat_ws(' ', n.tls_protocol, n.cipher_code, n.key_share), '+'
                                           ORDER BY concat_ws(' ', n.tls_protocol, n.cipher_code, n.key_share)) AS set_
             FROM negotiation_sets s, json_each('[' || s.negotiations || ']') j
             JOIN negotiations n ON n.negotiation_id = j.value GROUP BY s.set_id)
         SELECT * FROM (
             SELECT 'peer', p.job, p.service_port, x.remote_ip, n.set_, NULL AS peers
             FROM service_peers x JOIN peer_services p USING (service_id) JOIN named n USING (set_id)
             UNION ALL
             SELECT 'service', p.job, p.service_port, NULL, n.set_, c.peers
             FROM service_sets c JOIN peer_services p USING (service_id) JOIN named n USING (set_id)
             UNION ALL
             SELECT 'day', d.system, d.capture_date, NULL, n.set_, d.peers
             FROM daily_peer_sets d JOIN named n USING (set_id))
         ORDER BY 1, 2, 3, 4, 5",
    )
}

#[test]
fn compliance_counts_each_peer_once_over_its_days_whatever_order_the_days_come_in() {
    // The compliance fixture's two days and a 3rd (compliance-sets) in two
    // captures. SP 800-52r2 fails 003C, 000A, TLS 1.0 (and SSL 3, 0005).
    // 09:15: E201 from 10.80.4.4 with 003C (compliant with C02F on the 1st
    // and 2nd), E202 from 10.80.4.5 with C02F (failed with TLS 1.0 000A on
    // the 2nd); 15:00: E301 from .6 with C02F (003C on the 1st), E302 from
    // .7 (new) with 003C, E303 from .4 again with TLS 1.0 000A.
    // Connections: 8 on the 1st and 2nd, 5 on the 3rd: 13, of which C404,
    // D103, E202, E301 comply: 4. CSQ9CHIN fails with 5 + 3 connections
    // from .2 .3 .4 .5 .6 .7: 6 peers, each once though .2 and .3 failed on
    // two dates and .4, .5, .6 complied on some; with FTPD1's one, 7 failing
    // endpoints. On the 3rd: 5 connections, 2 compliant, 2 failing
    // endpoints (.4 twice, .7), 2 settings (MQ-LEGACY-ENV's protocols and
    // V3CipherSuites). Settings in the period: those two and
    // FTPS-LEGACY-ENV's two of the 1st: 4; 4 on the 1st, 2 on the 2nd.
    let at_once = TestDir::new();
    add_and_ingest(&at_once, &SET_FILES);
    let run = |dir: &TestDir, args: &[&str]| {
        let output =
            dir.run(&[&["report", "compliance", "--standard", "nist-800-52r2", "--format", "csv"], args].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    // The rows but the policy ones, with these columns.
    let figures = |rows: &str, columns: &[&str]| {
        project_columns(rows, columns).lines().filter(|l| !l.starts_with("policy")).collect::<Vec<_>>().join("\n")
    };
    let columns = ["row", "date", "job", "connections", "compliant", "failing_endpoints", "failing_settings", "peers"];
    let by_day = run(&at_once, &["--by", "day"]);
    assert_eq!(
        figures(&by_day, &columns),
        "row,date,job,connections,compliant,failing_endpoints,failing_settings,peers
summary,,,13,4,7,4,
day,2026-12-01,,5,1,4,4,
day,2026-12-02,,4,1,3,2,
day,2026-12-03,,5,2,2,2,
service,,FTPD1,1,0,,,1
service,,CSQ9CHIN,8,0,,,6"
    );
    // .4's set: C02F (1st, 2nd), 003C and TLS 1.0 000A (3rd).
    let sets = negotiation_sets(&at_once);
    assert!(sets.contains("peer,CSQ9CHIN,1414,10.80.4.4,TLSv1.0 000A+TLSv1.2 003C+TLSv1.2 C02F,\n"), "{sets}");

    // The same captures a day at a time, the 3rd in two parts: the 15:00
    // capture makes the 3rd be summarized again and .4's set grow.
    let by_parts = TestDir::new();
    for file in SET_FILES {
        add_and_ingest(&by_parts, &[file]);
    }
    assert_eq!(negotiation_sets(&by_parts), sets);
    assert_eq!(run(&by_parts, &["--by", "day"]), by_day);
    assert_eq!(run(&by_parts, &[]), run(&at_once, &[]));

    // Pruning keeps the summaries: the peers of the pruned days still count.
    // (The policy settings are facts: those of the pruned days go.)
    let output = by_parts.run(&["prune", "--before", "2026-12-03"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(negotiation_sets(&by_parts), sets);
    let peers = ["row", "date", "job", "connections", "compliant", "failing_endpoints", "peers"];
    assert_eq!(figures(&run(&by_parts, &["--by", "day"]), &peers), figures(&by_day, &peers));
}

#[test]
fn compliance_counts_failing_settings_when_no_connection_negotiated_in_the_period() {
    // The hybrid fixture's three TTLS connections with their SecLevel,
    // Cipher and KeyShare lines taken out (no session negotiated: policy
    // only), and TLSV1.1 switched On in MQ-TLS12-ENV, the last environment
    // action. PCI DSS 4 forbids TLSv1.1; everything else the three rules
    // allow (TLSv1.2, TLSv1.3, 1302 1301 C030 C02F) it allows: one failing
    // setting, no connection to judge.
    let text = std::fs::read_to_string(project("tests/fixtures/quantum/SYSQ/20261201/netstat.txt")).unwrap();
    let mut lines: Vec<&str> = text
        .lines()
        .filter(|l| !["  SecLevel:", "  Cipher:", "  KeyShare:"].iter().any(|session| l.starts_with(session)))
        .collect();
    let mq = lines.iter().rposition(|l| l.trim_start().starts_with("TLSV1.1:")).unwrap();
    lines[mq] = "    TLSV1.1:                    On";
    let dir = TestDir::new();
    dir.write("tree/SYSQ/20261201/netstat.txt", lines.join("\n") + "\n");
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = dir.run(&["report", "compliance", "--standard", "pci-dss-4", "--by", "day", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let columns = ["row", "system", "connections", "compliant", "failing_endpoints", "failing_settings", "change"];
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout).unwrap(), &columns),
        "row,system,connections,compliant,failing_endpoints,failing_settings,change
summary,,0,0,0,1,
day,SYSQ,0,0,0,1,
policy,SYSQ,,,,,TLSV1.1 Off in MQ-TLS12-ENV
"
    );
}

#[test]
fn compliance_scorecard_has_one_summary_row_per_standard() {
    // Of the 15 negotiated connections: Mozilla intermediate fails 003C and
    // C027 (level old) and PAYXFER: 11; modern takes only the 4 TLS 1.3
    // sessions (A1F0, B1A0, C0A2 with X25519, 9C11 with secp256r1); CNSA 2.0
    // wants TLS_AES_256_GCM_SHA384 over ML-KEM-1024: none.
    let rows = report(&["compliance", "--standard", "all"], &["standard", "row", "connections", "compliant"]);
    assert_eq!(
        rows.lines().filter(|l| l.contains(",summary,") || l.starts_with("standard")).collect::<Vec<_>>().join("\n"),
        "standard,row,connections,compliant
cnsa-2.0,summary,15,0
mozilla-intermediate-5.7,summary,15,11
mozilla-intermediate-6.0,summary,15,11
mozilla-modern-5.7,summary,15,4
mozilla-modern-6.0,summary,15,4
nist-800-52r2,summary,15,12
pci-dss-4,summary,15,13"
    );
}

/// Copies the samples' captures of `days` (`22`, `23`, `24`) into `dir`.
fn copy_sample_days(dir: &TestDir, days: &[&str]) {
    let tree = project("samples/tree");
    for day in days {
        let sysa = format!("2026-11-{day}/SYSA/netstat.txt");
        dir.write(&format!("tree/{sysa}"), std::fs::read(tree.join(&sysa)).unwrap());
        let sysb = tree.join(format!("SYSB/202611{day}"));
        for entry in std::fs::read_dir(&sysb).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            dir.write(&format!("tree/SYSB/202611{day}/{name}"), std::fs::read(&path).unwrap());
        }
    }
    if days.contains(&"24") {
        let sysc = "SYSC/TCPIP.NETSTAT.D261124.T0815.txt";
        dir.write(&format!("tree/{sysc}"), std::fs::read(tree.join(sysc)).unwrap());
    }
}

fn ingest(dir: &TestDir) {
    let output = dir.run(&["ingest", "--quiet", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// What `alerts` prints when nothing is new: the header alone.
const NOTHING: &str = "alert,date,system,subject,detail\n";

/// `alerts ARGS --format csv`: exit status and the named columns.
fn alerts(dir: &TestDir, args: &[&str]) -> (Option<i32>, String) {
    let mut full = vec!["alerts"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "csv"]);
    let output = dir.run(&full);
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    (output.status.code(), project_columns(&text, &["alert", "date", "system", "subject", "detail"]))
}

#[test]
fn alerts_say_what_is_new_after_each_run_and_nothing_twice() {
    let dir = TestDir::new();
    copy_sample_days(&dir, &["22", "23"]);
    ingest(&dir);
    // The first read tells everything the two days hold: the two endpoints
    // that negotiated weak crypto (PAYXFER TLS Version 1 with 000A, CSQ9CHIN
    // 003C, both from the 22nd) and the services with cleartext connections,
    // each dated by the last day it showed one: FTPD1 on 21 the 22nd
    // (0000A233; none on the 23rd), JES2S001 on 175 the 23rd (all along),
    // DB2ADIST on 446 and SSHD on 22 the 23rd. No regression, no policy
    // change between the two days.
    let (status, first) = alerts(&dir, &["--peek"]);
    assert_eq!(status, Some(4));
    assert_eq!(
        first,
        "alert,date,system,subject,detail
cleartext,2026-11-22,SYSA,FTPD1 inbound 21,1 connection without AT-TLS protection (TTLSPolicy: No or a rule that leaves it in clear: TTLSEnabled Off or ApplicationControlled with no TLS started; TLS an application does itself and IPsec are not seen)
weak_crypto,2026-11-22,SYSA,CSQ9CHIN inbound 1414 10.1.0.2,negotiated TLSv1.2 003C (weak) for the first time
weak_crypto,2026-11-22,SYSB,PAYXFER outbound 8443 10.60.1.9,negotiated TLSv1.0 000A (weak) for the first time
cleartext,2026-11-23,SYSA,DB2ADIST inbound 446,1 connection without AT-TLS protection (TTLSPolicy: No or a rule that leaves it in clear: TTLSEnabled Off or ApplicationControlled with no TLS started; TLS an application does itself and IPsec are not seen)
cleartext,2026-11-23,SYSB,JES2S001 inbound 175,1 connection without AT-TLS protection (TTLSPolicy: No or a rule that leaves it in clear: TTLSEnabled Off or ApplicationControlled with no TLS started; TLS an application does itself and IPsec are not seen)
cleartext,2026-11-23,SYSB,SSHD inbound 22,1 connection without AT-TLS protection (TTLSPolicy: No or a rule that leaves it in clear: TTLSEnabled Off or ApplicationControlled with no TLS started; TLS an application does itself and IPsec are not seen)
"
    );
    // --peek left them unread.
    assert_eq!(alerts(&dir, &[]), (Some(4), first));
    assert_eq!(alerts(&dir, &[]), (Some(0), NOTHING.to_string()));

    // The third day: exactly its two regressions and the change of
    // TN3270-ENV-ACTION. TN3270A's C027 and FTPDB's cleartext are the
    // regressions themselves, not new alerts of their own; SYSC's one
    // connection has no known policy (not cleartext). Each regression names
    // what its peer negotiated before and after: TN3270A's 10.20.30.40
    // TLSv1.3 1301 on the 23rd, TLSv1.2 C027 on the 24th; FTPDB's
    // 10.50.7.12 TLSv1.2 C030 on the 23rd, no AT-TLS on the 24th.
    copy_sample_days(&dir, &["24"]);
    ingest(&dir);
    let (status, third) = alerts(&dir, &[]);
    assert_eq!(status, Some(4));
    assert_eq!(
        third,
        "alert,date,system,subject,detail
policy_change,2026-11-24,SYSA,env_action TN3270-ENV-ACTION TLSV1.1,changed: Off -> On
policy_change,2026-11-24,SYSA,env_action TN3270-ENV-ACTION V3CipherSuites,changed: 1301 1302 1303 C02F C030 C027 C028 -> 1301 1302 1303 C02F C030 C027 C028 000A
regression,2026-11-24,SYSA,TN3270A inbound 992 10.20.30.40,TLSv1.3 to TLSv1.2; AEAD to CBC; recommended to weak: TLSv1.3 1301 0029 -> TLSv1.2 C027 (from 2026-11-23T08:00:02 to 2026-11-24T08:00:01)
regression,2026-11-24,SYSB,FTPDB inbound 21 10.50.7.12,AT-TLS to cleartext: TLSv1.2 C030 -> cleartext (from 2026-11-23T07:30:08 to 2026-11-24T07:30:10)
"
    );
    assert_eq!(alerts(&dir, &[]), (Some(0), NOTHING.to_string()));
    // --since DATE shows those of a date again, read or not.
    let (status, again) = alerts(&dir, &["--since", "2026-11-24", "--peek"]);
    assert_eq!((status, again), (Some(4), third));
}

#[test]
fn alerts_as_ndjson_one_object_per_line() {
    let dir = TestDir::new();
    copy_sample_days(&dir, &["22"]);
    ingest(&dir);
    let output = dir.run(&["alerts", "--format", "ndjson"]);
    assert_eq!(output.status.code(), Some(4));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // The 22nd: FTPD1 and JES2S001 in cleartext, CSQ9CHIN and PAYXFER
    // weak; SYSA's first: cleartext before weak_crypto.
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["alert"], "cleartext");
    assert_eq!(lines[0]["system"], "SYSA");
    assert_eq!(lines[0]["subject"], "FTPD1 inbound 21");
    assert_eq!(lines[0]["date"], "2026-11-22");
    let output = dir.run(&["alerts", "--since", "yesterday"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("give `last` or a date"), "{}", stderr(&output));
}

#[test]
fn quantum_readiness_per_day_with_the_rules_that_allow_no_alternative() {
    // Every session of the samples relies on classical key exchange: TLS 1.2
    // suites (RSA or ECDHE) and TLS 1.3 over X25519 or secp256r1; no rule
    // lists a hybrid or ML-KEM group. Traffic of SYSB on the 24th is
    // IZUSVR1's 9C11 alone: BytesIn 0005590127 - 0002904415 plus BytesOut
    // 0039106611 - 0020177436 (the 23rd's counters) = 21614887.
    assert_eq!(
        report(
            &["quantum"],
            &[
                "date",
                "system",
                "tls_connections",
                "vulnerable_connections",
                "resistant_connections",
                "rules_without_alternative"
            ]
        ),
        "date,system,tls_connections,vulnerable_connections,resistant_connections,rules_without_alternative
2026-11-22,SYSA,5,5,0,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,REMOTE-TO-CSQ1,TN3270-SECURE-RULE\"
2026-11-22,SYSB,3,3,0,\"FTPDB-SERVER-RULE,PAYXFER-OUTBOUND-RULE,ZOSMF-HTTPS-RULE\"
2026-11-23,SYSA,5,5,0,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,REMOTE-TO-CSQ1,TN3270-SECURE-RULE\"
2026-11-23,SYSB,3,3,0,\"FTPDB-SERVER-RULE,PAYXFER-OUTBOUND-RULE,ZOSMF-HTTPS-RULE\"
2026-11-24,SYSA,6,6,0,\"CICSPRD1-HTTPS-RULE,DB2ADIST-SECURE-PORT,REMOTE-TO-CSQ1,TN3270-SECURE-RULE\"
2026-11-24,SYSB,1,1,0,ZOSMF-HTTPS-RULE
"
    );
    assert_eq!(
        report(&["quantum", "--system", "SYSB", "--from", "2026-11-24"], &["vulnerable_bytes"]),
        "vulnerable_bytes\n21614887\n"
    );
}

#[test]
fn v_connections_says_whether_the_key_exchange_is_quantum_vulnerable() {
    // The samples' 23 TLS sessions are all classical (RSA or ECDHE suites for
    // TLS 1.2 and 1.0, X25519 or secp256r1 for TLS 1.3); the other 54 of the
    // 77 connection rows have no TLS.
    assert_eq!(
        samples().csv("SELECT quantum_vulnerable, count(*) AS n FROM v_connections GROUP BY 1 ORDER BY 1"),
        "quantum_vulnerable,n\n,54\n1,23\n"
    );
}
