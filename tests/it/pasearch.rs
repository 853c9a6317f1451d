//! `pasearch -t` dumps: the real z/OS 3.1 dump (12 rules) parsed and
//! ingested into the policy tables, the canned reports on it, and a dump
//! merged with the NETSTAT reports of the same capture run.

use chrono::{NaiveDate, NaiveTime};
use ttlsinv::model::{Dialect, ReportKind};

use crate::util::{fixture, parse_clean, project_columns, stderr, TestDir};

const DUMP: &str = "pasearch/pasearch-t-cs31.txt";

#[test]
fn the_header_gives_release_stack_date_and_time() {
    let text = fixture(DUMP);
    let reports = ttlsinv::capture::split::split(&text);
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!((r.kind, r.dialect, r.first_line, r.last_line), (ReportKind::Pasearch, Dialect::Plain, 2, 2295));
    assert_eq!((r.header.release.as_str(), r.header.stack.as_str()), ("3.1", "TCPIP"));
    assert_eq!(r.header.date, NaiveDate::from_ymd_opt(2024, 12, 23));
    assert_eq!(r.header.time, NaiveTime::from_hms_opt(4, 52, 29));
    assert_eq!(r.header.system, None);
}

#[test]
fn every_rule_with_its_conditions_and_actions() {
    let records = parse_clean(&fixture(DUMP), ReportKind::Pasearch);
    let rules: Vec<_> = records
        .rules
        .iter()
        .map(|r| {
            (
                r.line,
                r.name.as_str(),
                r.priority,
                r.local_port.as_deref(),
                r.remote_addr.as_deref(),
                r.remote_port.as_deref(),
                r.job_name.as_deref(),
                r.user_id.as_deref(),
                r.direction.as_deref(),
                (r.group_action.as_deref(), r.env_action.as_deref(), r.conn_action.as_deref()),
            )
        })
        .collect();
    let azf = |env, conn| (Some("AZFGroupAction1"), Some(env), Some(conn));
    let tn = (Some("TNGA"), Some("TNEA"), Some("TNCA"));
    let default = |conn| (Some("DEFAULTTNGA"), Some("DEFAULTTNEA"), Some(conn));
    let all = Some("All");
    assert_eq!(
        rules,
        [
            (
                6,
                "AZFClientRule",
                Some(255),
                all,
                Some("0.0.26.137"),
                all,
                Some("AZF*"),
                None,
                Some("Outbound"),
                azf("eActAZFClient", "AZFConnAction1")
            ),
            (
                193,
                "AZFMutAuthRule",
                Some(255),
                Some("6794"),
                all,
                all,
                None,
                None,
                Some("Inbound"),
                azf("AZFEnvActionMutual", "AZFConnActionMutual")
            ),
            (
                382,
                "AZFSrvAuthRule",
                Some(255),
                Some("6793"),
                all,
                all,
                None,
                None,
                Some("Inbound"),
                azf("AZFEnvAction1", "AZFConnAction1")
            ),
            (
                569,
                "CPJES2IN",
                Some(255),
                Some("2252"),
                all,
                all,
                None,
                None,
                Some("Inbound"),
                azf("AZFEnvAction1", "AZFConnAction1")
            ),
            (
                756,
                "CPJES2OUT",
                Some(255),
                all,
                Some("10.1.0.2"),
                Some("2175"),
                None,
                None,
                Some("Outbound"),
                azf("AZFEnvAction1Client", "AZFConnAction1")
            ),
            (
                944,
                "COLATTLJ",
                Some(1),
                Some("4000"),
                Some("10.1.1.2"),
                all,
                Some("COLCOMPI"),
                Some("COLIN"),
                Some("Both"),
                tn
            ),
            (1141, "COLATTLS", Some(1), Some("4000"), all, all, None, Some("START1"), Some("Both"), tn),
            (
                1338,
                "CSSMTPRule",
                Some(1),
                all,
                all,
                Some("25"),
                None,
                None,
                Some("Outbound"),
                (Some("CSSMTPGroup"), Some("CSSMTPEnvironment"), None)
            ),
            (
                1499,
                "DEFAULTRULE12",
                Some(1),
                Some("9999"),
                all,
                all,
                None,
                None,
                Some("Both"),
                default("DEFAULTTNCA12")
            ),
            (
                1699,
                "DEFAULTRULE13",
                Some(1),
                Some("9999"),
                all,
                all,
                None,
                None,
                Some("Both"),
                default("DEFAULTTNCA13")
            ),
            (1903, "GPMSERVE", Some(1), Some("8803"), all, all, None, None, Some("Both"), tn),
            (2100, "TNZZZZ", Some(1), Some("2023"), all, all, Some("TN3270"), None, Some("Inbound"), tn),
        ]
    );
    for rule in &records.rules {
        assert_eq!(
            (rule.rule_type.as_deref(), rule.status.as_deref(), rule.weight, rule.local_addr.as_deref()),
            (Some("TTLS"), Some("Active"), rule.priority, Some("All")),
            "{}",
            rule.name
        );
    }
    // The rest of what a rule prints is kept, with its line.
    let kept: Vec<_> = records.rules[0].attributes.iter().map(|a| (a.line, a.key.as_str(), a.value.as_str())).collect();
    assert_eq!(
        kept,
        [
            (8, "Version", "3"),
            (9, "ForLoadDist", "False"),
            (10, "Sequence Actions", "Don't Care"),
            (11, "No. Policy Action", "3"),
            (14, "Action Sequence (eActAZFClient)", "0"),
            (17, "Action Sequence (AZFGroupAction1)", "0"),
            (20, "Action Sequence (AZFConnAction1)", "0"),
            (23, "First to Last", "1111111111111111111111111111111"),
            (24, "Last to First", "1111111111111111111111111111111"),
            (25, "Month of Yr Mask", "111111111111"),
            (26, "Day of Week Mask", "1111111  (Sunday - Saturday)"),
            (27, "Start Date Time", "None"),
            (28, "End Date Time", "None"),
            (29, "Fr TimeOfDay", "00:00"),
            (29, "To TimeOfDay", "24:00"),
            (30, "Fr TimeOfDay UTC", "00:00"),
            (30, "To TimeOfDay UTC", "00:00"),
            (31, "TimeZone", "Local"),
            (32, "NegativeIndicator", "Off"),
            (43, "Policy created", "Mon Dec 23 04:52:19 2024"),
            (44, "Policy updated", "Mon Dec 23 04:52:19 2024"),
        ]
    );
    let report: Vec<_> = records.attributes.iter().map(|a| (a.line, a.key.as_str(), a.value.as_str())).collect();
    assert_eq!(report, [(3, "Date", "12/23/2024"), (3, "Time", "04:52:29"), (4, "TTLS Instance Id", "1734951139")]);
}

#[test]
fn every_action_once_with_its_settings() {
    let records = parse_clean(&fixture(DUMP), ReportKind::Pasearch);
    let groups: Vec<_> = records
        .group_actions
        .iter()
        .map(|g| (g.line, g.name.as_str(), g.ttls_enabled, g.trace, g.syslog_facility.as_deref(), g.fips140))
        .collect();
    assert_eq!(
        groups,
        [
            (158, "AZFGroupAction1", Some(true), Some(255), Some("Daemon"), Some(false)),
            (984, "TNGA", Some(true), Some(255), Some("Daemon"), Some(false)),
            (1375, "CSSMTPGroup", Some(true), Some(7), Some("Daemon"), Some(false)),
            (1685, "DEFAULTTNGA", Some(true), Some(2), Some("Daemon"), Some(false)),
        ]
    );

    let envs: Vec<_> = records
        .env_actions
        .iter()
        .map(|e| {
            let on = |v: Option<bool>| u8::from(v == Some(true));
            let protocols = [
                e.handshake.sslv2,
                e.handshake.sslv3,
                e.handshake.tlsv1,
                e.handshake.tlsv1_1,
                e.handshake.tlsv1_2,
                e.handshake.tlsv1_3,
            ]
            .map(on);
            (e.line, e.name.as_str(), e.handshake.role.as_deref(), e.keyring.as_deref(), protocols)
        })
        .collect();
    let keyring = Some("start1/TN3270");
    assert_eq!(
        envs,
        [
            (46, "eActAZFClient", Some("Client"), keyring, [0, 0, 0, 0, 1, 0]),
            (247, "AZFEnvActionMutual", Some("ServerWithClientAuth"), keyring, [0, 0, 1, 0, 1, 0]),
            (436, "AZFEnvAction1", Some("Server"), keyring, [0, 0, 0, 0, 1, 0]),
            (810, "AZFEnvAction1Client", Some("Client"), keyring, [0, 0, 1, 0, 1, 0]),
            (998, "TNEA", Some("ServerWithClientAuth"), keyring, [0, 0, 1, 1, 0, 0]),
            (1389, "CSSMTPEnvironment", Some("Client"), Some("START1/TN3270"), [0, 0, 1, 0, 1, 0]),
            (1539, "DEFAULTTNEA", Some("ServerWithClientAuth"), Some("Userid/Keyring"), [0, 0, 1, 1, 0, 0]),
        ]
    );
    let client = &records.env_actions[0];
    assert_eq!(
        (client.client_auth_type.as_deref(), client.cert_validation_mode.as_deref(), client.handshake.timeout),
        (Some("Required"), Some("Any"), Some(10))
    );
    let lists = |items: &[ttlsinv::model::SettingItem], setting: &str| -> Vec<String> {
        items.iter().filter(|i| i.setting == setting).map(|i| i.value.code.clone()).collect()
    };
    assert_eq!(lists(&client.lists, "ClientECurves"), ["0021", "0023", "0024", "0025", "0019"]);
    assert_eq!(lists(&client.lists, "ServerKeyShareGroups"), ["0023", "0024", "0025", "0029", "0030"]);
    assert_eq!(lists(&client.lists, "SignaturePairs").len(), 13);
    assert_eq!(lists(&client.lists, "OcspRequestSigalg"), ["0401"]);
    let first = &client.lists[0];
    assert_eq!((first.line, first.position, first.value.name.as_deref()), (89, 1, Some("secp224r1")));
    // `ClientECurves: Any` is a value, not a list.
    let tnea = &records.env_actions[4];
    assert_eq!(lists(&tnea.lists, "ClientECurves"), Vec::<String>::new());
    assert!(tnea
        .attributes
        .iter()
        .any(|a| (a.line, a.key.as_str(), a.value.as_str()) == (1040, "ClientECurves", "Any")));

    let conns: Vec<_> = records
        .conn_actions
        .iter()
        .map(|c| {
            let codes: Vec<&str> =
                c.lists.iter().filter(|i| i.setting == "V3CipherSuites").map(|i| i.value.code.as_str()).collect();
            (
                c.line,
                c.name.as_str(),
                c.server_certificate_label.as_deref(),
                c.handshake.tlsv1_2,
                c.handshake.timeout,
                codes,
            )
        })
        .collect();
    let azf = vec!["C023", "C024", "C027", "C028", "C02B", "C02C", "C02F"];
    assert_eq!(
        conns,
        [
            (172, "AZFConnAction1", Some("RSA2048"), None, None, azf.clone()),
            (359, "AZFConnActionMutual", Some("RSA2048"), None, Some(120), azf),
            (1102, "TNCA", Some("NISTECCTEST"), Some(true), Some(3), vec!["003D", "C02C"]),
            (1649, "DEFAULTTNCA12", None, Some(true), None, vec![]),
            (1849, "DEFAULTTNCA13", None, Some(true), None, vec![]),
        ]
    );
    let tnca = &records.conn_actions[2];
    assert_eq!(
        (tnca.handshake.tlsv1, tnca.handshake.tlsv1_1, tnca.handshake.tlsv1_3, tnca.handshake.secondary_map),
        (Some(false), Some(false), Some(false), Some(false))
    );
    assert_eq!(lists(&tnca.lists, "SignaturePairs").len(), 13);
    assert_eq!(
        lists(&records.conn_actions[4].lists, "ClientECurves"),
        ["0021", "0023", "0024", "0025", "0019", "0029"]
    );
}

/// The dump alone in a folder named after the system: the date comes from
/// its `Date:`.
fn dump_ingested() -> TestDir {
    let dir = TestDir::new();
    dir.write("policy/SYSA/pasearch-t-cs31.txt", fixture(DUMP));
    let output = dir.run(&["ingest", "--layout", "{system}/", dir.path("policy").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(
            "1 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 PASEARCH; \
             1 snapshots, 0 connection rows, 0 TLS session rows; 0 problems\n"
        ),
        "{}",
        stderr(&output)
    );
    dir
}

#[test]
fn the_dump_ingests_into_the_policy_tables() {
    let dir = dump_ingested();
    assert_eq!(
        dir.csv("SELECT system, stack, capture_date, captured_at, report_count FROM snapshots"),
        "system,stack,capture_date,captured_at,report_count\nSYSA,TCPIP,2024-12-23,2024-12-23T04:52:29,1\n"
    );
    assert_eq!(
        dir.csv("SELECT report_kind, dialect, release, header_time, record_count FROM captures"),
        "report_kind,dialect,release,header_time,record_count\nPASEARCH,plain,3.1,04:52:29,28\n"
    );
    let counts = dir.csv(
        "SELECT (SELECT count(*) FROM rules WHERE source = 'pasearch') AS rules,
                (SELECT count(*) FROM group_actions WHERE source = 'pasearch') AS groups,
                (SELECT count(*) FROM env_actions WHERE source = 'pasearch') AS envs,
                (SELECT count(*) FROM conn_actions WHERE source = 'pasearch') AS conns,
                (SELECT count(*) FROM env_action_groups) AS env_groups,
                (SELECT count(*) FROM env_action_signature_pairs) AS env_pairs,
                (SELECT count(*) FROM conn_action_ciphers) AS conn_ciphers,
                (SELECT count(*) FROM conn_action_groups) AS conn_groups,
                (SELECT count(*) FROM conn_action_signature_pairs) AS conn_pairs,
                (SELECT count(*) FROM attributes WHERE owner_table = 'captures') AS report_fields",
    );
    assert_eq!(
        counts,
        "rules,groups,envs,conns,env_groups,env_pairs,conn_ciphers,conn_groups,conn_pairs,report_fields\n\
         12,4,7,5,106,98,16,13,42,3\n"
    );
    // Which rule uses which connection action, and what that action allows.
    let conn = dir.csv(
        "SELECT r.name, c.name AS conn_action, c.tlsv1_2,
                (SELECT group_concat(code, ' ') FROM (SELECT code FROM conn_action_ciphers l
                 WHERE l.conn_action_id = c.conn_action_id ORDER BY position)) AS ciphers
         FROM rules r JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
         WHERE r.name IN ('COLATTLJ', 'CPJES2OUT') ORDER BY r.name",
    );
    assert_eq!(
        conn,
        "name,conn_action,tlsv1_2,ciphers\nCOLATTLJ,TNCA,1,003D C02C\n\
         CPJES2OUT,AZFConnAction1,,C023 C024 C027 C028 C02B C02C C02F\n"
    );
    // ttlsinv check finds the store consistent.
    let check = dir.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn canned_reports_cover_rules_that_no_connection_used() {
    let dir = dump_ingested();
    let output = dir.run(&["report", "policy-inventory", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let inventory = String::from_utf8(output.stdout).unwrap();
    // What each rule allows is its connection action's setting where it has
    // one: TNCA switches TLSv1.2 on and TLSv1.0/1.1 off for the rules that
    // use it, whatever their environment action TNEA says.
    assert_eq!(
        project_columns(
            &inventory,
            &["system", "last_seen", "rule", "priority", "local_port", "conn_action", "protocols_on", "source"]
        ),
        "system,last_seen,rule,priority,local_port,conn_action,protocols_on,source
SYSA,2024-12-23,AZFClientRule,255,All,AZFConnAction1,TLSv1.2,pasearch
SYSA,2024-12-23,AZFMutAuthRule,255,6794,AZFConnActionMutual,TLSv1.0 TLSv1.2,pasearch
SYSA,2024-12-23,AZFSrvAuthRule,255,6793,AZFConnAction1,TLSv1.2,pasearch
SYSA,2024-12-23,CPJES2IN,255,2252,AZFConnAction1,TLSv1.2,pasearch
SYSA,2024-12-23,CPJES2OUT,255,All,AZFConnAction1,TLSv1.0 TLSv1.2,pasearch
SYSA,2024-12-23,COLATTLJ,1,4000,TNCA,TLSv1.2,pasearch
SYSA,2024-12-23,COLATTLS,1,4000,TNCA,TLSv1.2,pasearch
SYSA,2024-12-23,CSSMTPRule,1,All,,TLSv1.0 TLSv1.2,pasearch
SYSA,2024-12-23,DEFAULTRULE12,1,9999,DEFAULTTNCA12,TLSv1.2,pasearch
SYSA,2024-12-23,DEFAULTRULE13,1,9999,DEFAULTTNCA13,TLSv1.2 TLSv1.3,pasearch
SYSA,2024-12-23,GPMSERVE,1,8803,TNCA,TLSv1.2,pasearch
SYSA,2024-12-23,TNZZZZ,1,2023,TNCA,TLSv1.2,pasearch
"
    );
    let colattlj = project_columns(&inventory, &["rule", "ciphers"]);
    assert!(colattlj.contains("\nCOLATTLJ,003D:weak C02C:recommended\n"), "{colattlj}");

    // CSSMTPEnvironment (CSSMTPRule, no connection action) and DEFAULTTNEA
    // with DEFAULTTNCA12 or 13 (DEFAULTRULE12, 13) list no cipher suite:
    // AT-TLS uses System SSL's defaults, one row without a code, graded
    // unknown (first), names the environment actions. Of the key share
    // lists, each rule reads its role's: the clients (eActAZFClient,
    // AZFEnvAction1Client, CSSMTPEnvironment: HandshakeRole Client) offer
    // their ClientKeyShareGroups, 0023 alone; the servers (AZFEnvAction1,
    // AZFEnvActionMutual, TNEA, DEFAULTTNEA: Server or
    // ServerWithClientAuth) pick from their ServerKeyShareGroups 0023 0024
    // 0025 0029 0030, DEFAULTTNEA's for DEFAULTRULE12 and 13 too (their
    // connection actions list ClientKeyShareGroups 0023 alone, which a
    // server does not read).
    let output = dir.run(&["report", "allowed-not-used", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout).unwrap(), &["kind", "code", "grade", "actions"]),
        "kind,code,grade,actions
cipher,,unknown,\"CSSMTPEnvironment,DEFAULTTNEA\"
cipher,003D,weak,TNCA
cipher,C023,weak,\"AZFConnAction1,AZFConnActionMutual\"
cipher,C024,weak,\"AZFConnAction1,AZFConnActionMutual\"
cipher,C027,weak,\"AZFConnAction1,AZFConnActionMutual\"
cipher,C028,weak,\"AZFConnAction1,AZFConnActionMutual\"
protocol,TLSv1.0,weak,\"AZFEnvAction1Client,AZFEnvActionMutual,CSSMTPEnvironment\"
cipher,C02F,secure,\"AZFConnAction1,AZFConnActionMutual\"
group,0025,secure,\"AZFEnvAction1,AZFEnvActionMutual,DEFAULTTNEA,TNEA\"
protocol,TLSv1.2,secure,\"AZFEnvAction1,AZFEnvAction1Client,AZFEnvActionMutual,CSSMTPEnvironment,DEFAULTTNCA12,DEFAULTTNCA13,TNCA,eActAZFClient\"
cipher,C02B,recommended,\"AZFConnAction1,AZFConnActionMutual\"
cipher,C02C,recommended,\"AZFConnAction1,AZFConnActionMutual,TNCA\"
group,0023,recommended,\"AZFEnvAction1,AZFEnvAction1Client,AZFEnvActionMutual,CSSMTPEnvironment,DEFAULTTNEA,TNEA,eActAZFClient\"
group,0024,recommended,\"AZFEnvAction1,AZFEnvActionMutual,DEFAULTTNEA,TNEA\"
group,0029,recommended,\"AZFEnvAction1,AZFEnvActionMutual,DEFAULTTNEA,TNEA\"
group,0030,recommended,\"AZFEnvAction1,AZFEnvActionMutual,DEFAULTTNEA,TNEA\"
protocol,TLSv1.3,recommended,DEFAULTTNCA13
"
    );
}

/// The published NETSTAT captures of one run, with a pasearch dump of the
/// same stack taken by the same run.
fn run_with_dump() -> TestDir {
    let dir = TestDir::new();
    for name in ["netstat-all-port1414.txt", "netstat-ttls-conn-detail.txt"] {
        dir.write(&format!("c/2022-05-31/SYSA/{name}"), fixture(&format!("published/{name}")));
    }
    dir.write("c/2022-05-31/SYSA/pasearch.txt", fixture("variants/pasearch-csq1.txt"));
    let output = dir.run(&["ingest", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("reports: 1 ALL, 1 PASEARCH, 1 TTLS DETAIL; 1 snapshots,"), "{}", stderr(&output));
    dir
}

#[test]
fn a_dump_merges_with_the_netstat_reports_of_its_run() {
    let dir = run_with_dump();
    assert_eq!(
        dir.csv("SELECT name, source, priority, local_port, remote_addr, direction, status, env_action FROM rules ORDER BY name"),
        "name,source,priority,local_port,remote_addr,direction,status,env_action\n\
         CSQ1-TO-REMOTE,pasearch,2,All,10.1.0.0-10.1.255.255,Outbound,Active,CSQ1-OUTBOUND-ENVIRONMENT-ACTION\n\
         REMOTE-TO-CSQ1,both,1,1414,All,Inbound,Active,CSQ1-INBOUND-ENVIRONMENT-ACTION\n"
    );
    assert_eq!(dir.csv("SELECT name, source FROM group_actions"), "name,source\nCSQ1-GROUP-ACTION,both\n");
    // The print that stands lists a setting: the dump's (16:30:00), where
    // TTLS DETAIL printed no time, for the action a connection used (its
    // lines 81-83: 003C C02F C030, where TTLS DETAIL lists 003C alone), and
    // for the action only pasearch printed.
    assert_eq!(
        dir.csv(
            "SELECT e.name, e.source, e.tlsv1, group_concat(c.code, ' ') AS ciphers
             FROM env_actions e LEFT JOIN (SELECT * FROM env_action_ciphers ORDER BY env_action_id, position) c
             USING (env_action_id) GROUP BY e.env_action_id ORDER BY e.name"
        ),
        "name,source,tlsv1,ciphers\n\
         CSQ1-INBOUND-ENVIRONMENT-ACTION,both,0,003C C02F C030\n\
         CSQ1-OUTBOUND-ENVIRONMENT-ACTION,pasearch,1,003C C02F 000A\n"
    );
    // The rule no connection used is in the inventory, and what only it
    // allows is allowed but not used, as are C02F and C030 of the dump's
    // inbound list (the connection negotiated 003C); its key share groups
    // are the dump's too (lines 85-89: 0023, and 0023 0029 for the server),
    // not TTLS DETAIL's (0023 0024 0025 0029 0030 for the server); the
    // outbound CSQ1-TO-REMOTE (HandshakeRole Client) offers its
    // ClientKeyShareGroups alone (lines 173-174: 0023), so 0029 is
    // REMOTE-TO-CSQ1's alone.
    let output = dir.run(&["report", "policy-inventory", "--format", "csv"]);
    assert_eq!(
        project_columns(
            &String::from_utf8(output.stdout).unwrap(),
            &["rule", "env_action", "source", "protocols_on", "ciphers"]
        ),
        "rule,env_action,source,protocols_on,ciphers
CSQ1-TO-REMOTE,CSQ1-OUTBOUND-ENVIRONMENT-ACTION,pasearch,TLSv1.0 TLSv1.2 TLSv1.3,003C:weak C02F:secure 000A:weak
REMOTE-TO-CSQ1,CSQ1-INBOUND-ENVIRONMENT-ACTION,both,TLSv1.2 TLSv1.3,003C:weak C02F:secure C030:secure
"
    );
    let output = dir.run(&["report", "allowed-not-used", "--format", "csv"]);
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout).unwrap(), &["kind", "code", "grade", "rules"]),
        "kind,code,grade,rules
cipher,000A,weak,CSQ1-TO-REMOTE
protocol,TLSv1.0,weak,CSQ1-TO-REMOTE
cipher,C02F,secure,\"CSQ1-TO-REMOTE,REMOTE-TO-CSQ1\"
cipher,C030,secure,REMOTE-TO-CSQ1
group,0023,recommended,\"CSQ1-TO-REMOTE,REMOTE-TO-CSQ1\"
group,0029,recommended,REMOTE-TO-CSQ1
protocol,TLSv1.3,recommended,\"CSQ1-TO-REMOTE,REMOTE-TO-CSQ1\"
"
    );
}

#[test]
fn an_action_printed_otherwise_under_another_rule_of_the_dump_is_kept_and_said() {
    // The dump prints AZFGroupAction1 under each rule that uses it: first
    // at line 158 with `Trace: 255`, then at line 233 (under
    // AZFMutAuthRule), whose `Trace:` (line 239) is made to say 2 here, as
    // a policy refreshed while pasearch printed would. The prints after it
    // (line 422, ...) say 255 again: nothing more to keep.
    let lines: Vec<String> = fixture(DUMP).lines().map(str::to_string).collect();
    assert_eq!(
        (lines[232].trim(), lines[238].trim()),
        ("TTLS Action:                  AZFGroupAction1", "Trace:                      255")
    );
    let mut changed = lines.clone();
    changed[238] = "    Trace:                      2".to_string();
    let dir = TestDir::new();
    dir.write("policy/SYSA/pasearch-t-cs31.txt", changed.join("\n") + "\n");
    let output = dir.run(&["ingest", "--layout", "{system}/", dir.path("policy").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT source_line, owner_table, key, value FROM attributes WHERE key LIKE '%(other report)'"),
        "source_line,owner_table,key,value\n233,group_actions,Trace (other report),2\n"
    );
    assert_eq!(dir.csv("SELECT trace FROM group_actions WHERE name = 'AZFGroupAction1'"), "trace\n255\n");
    let said = stderr(&output);
    assert!(
        said.contains(
            "pasearch-t-cs31.txt: note: group action AZFGroupAction1 printed at line 233: Trace 2, where its print \
             at line 158 has another: that stands (printed first), and 2 is kept as the attribute `Trace (other report)`"
        ),
        "{said}"
    );
}
