//! What the quantum, compliance and CBOM answers make of key exchange: no
//! key exchange at all, key share groups only TLS 1.3 can use, and a TLS
//! 1.3 group NETSTAT did not print. Each rule pinned on a small capture
//! tree written here by hand, with the answer worked out from its text in
//! the test (the helpers are trust.rs's).

use crate::cbom::{cbom, component};
use crate::trust::{all_block, ingest, report, HEADER};
use crate::util::{stderr, stdout, TestDir};

/// A `NETSTAT TTLS DETAIL` entry of `job`'s inbound session from `remote`
/// to 10.3.1.5 on `port` (`SecLevel`, `Cipher` and `KeyShare` as in
/// `session`) under rule `rule` (group action GRP), whose environment
/// action `rule`-ENV (`HandshakeRole` Server) prints `env_lines`.
fn entry(
    conn: &str,
    (job, port, remote): (&str, u16, &str),
    session: [&str; 3],
    rule: &str,
    env_lines: &str,
) -> String {
    let [sec_level, cipher, share] = session;
    format!(
        "ConnID: {conn}
  JobName:      {job}
  LocalSocket:  10.3.1.5..{port}
  RemoteSocket: {remote}
  SecLevel:     {sec_level}
  Cipher:       {cipher}
  KeyShare:     {share}
  CertUserID:   N/A
  MapType:      Primary
TTLSRule: {rule}
  Priority:       5
  LocalPort:      {port}
  JobName:        {job}
  Direction:      Inbound
  TTLSGrpAction:  GRP
    TTLSEnabled:                On
  TTLSEnvAction:  {rule}-ENV
    HandshakeRole:              Server
{env_lines}"
    )
}

/// Writes `text` as the capture `file` (`SYSTEM/NAME`) of 1 December and
/// ingests the tree, which must read cleanly.
fn ingest_day(dir: &TestDir, file: &str, text: &str) {
    dir.write(&format!("tree/2026-12-01/{file}"), text);
    let output = ingest(dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The columns of quantum these tests read, and its header of them.
const QUANTUM: [&str; 8] = [
    "tls_connections",
    "vulnerable_connections",
    "vulnerable_pct",
    "vulnerable_bytes",
    "resistant_connections",
    "unknown_connections",
    "rules_without_alternative",
    "rules_on_default_groups",
];
const QUANTUM_HEADER: &str = "tls_connections,vulnerable_connections,vulnerable_pct,vulnerable_bytes,\
                              resistant_connections,unknown_connections,rules_without_alternative,\
                              rules_on_default_groups\n";

const TLS12_C02F: [&str; 3] = ["TLS Version 1.2", "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "N/A"];
const TLS12_C030: [&str; 3] = ["TLS Version 1.2", "C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "N/A"];

#[test]
fn a_session_without_key_exchange_is_quantum_vulnerable_not_resistant() {
    let dir = TestDir::new();
    // SYSK, 1 December: TESTAPP serves 5100 under NONE-RULE, whose
    // NONE-ENV lists 0000 TLS_NULL_WITH_NULL_NULL and 002F with TLSv1.2
    // alone on. ALL: 10.6.7.1's connection 1 000 in, 5 000 out; 10.6.7.2's
    // 400 in, 700 out. TTLS: the first negotiated `00` (the 2-character
    // print of 0000), the second `2F`.
    let env = "    V3CipherSuites:             0000 TLS_NULL_WITH_NULL_NULL
                                002F TLS_RSA_WITH_AES_128_CBC_SHA
    TLSV1.2:                    On
    TLSV1.3:                    Off
";
    let all = [("0000D001", "10.6.7.1..40001", (1000, 5000)), ("0000D002", "10.6.7.2..40002", (400, 700))]
        .map(|(conn, remote, bytes)| {
            all_block("TESTAPP", conn, "10.3.1.5..5100", remote, bytes, "12/01/2026", "Establsh", "Yes")
        })
        .concat();
    let ttls = [(1, "00 TLS_NULL_WITH_NULL_NULL"), (2, "2F TLS_RSA_WITH_AES_128_CBC_SHA")]
        .map(|(n, cipher)| {
            let remote = format!("10.6.7.{n}..4000{n}");
            entry(
                &format!("0000d00{n}"),
                ("TESTAPP", 5100, &remote),
                ["TLS Version 1.2", cipher, "N/A"],
                "NONE-RULE",
                env,
            )
        })
        .concat();
    ingest_day(&dir, "SYSK/netstat.txt", &format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    // By hand: the NULL session has no key exchange, no encryption: anyone
    // can read its 6 000 bytes, a quantum computer too, so it is
    // vulnerable (before: resistant, its bytes in no column); 002F is RSA
    // key transport, vulnerable. 2 of 2, 7 100 bytes; NONE-RULE has
    // TLSv1.3 off: no alternative.
    assert_eq!(report(&dir, &["quantum"], &QUANTUM), format!("{QUANTUM_HEADER}2,2,100,7100,0,0,NONE-RULE,\n"));
    // The catalog says so too (before: `quantum_vulnerable: no`).
    let text = stdout(&dir.run(&["cipher", "00"]));
    assert!(text.contains("name: TLS_NULL_WITH_NULL_NULL\n") && text.contains("quantum_vulnerable: yes\n"), "{text}");
}

/// SYSC, 1 December, one TTLS DETAIL, six inbound sessions on 10.3.1.5,
/// each under its own rule (every environment action `HandshakeRole` Server,
/// TLSv1.2 on):
/// - APP3 7003, R3-12ONLY-PQGROUP: TLSv1.3 off, C030 alone,
///   `ServerKexECurves` 0023, `ServerKeyShareGroups` 4588 (X25519MLKEM768)
///   0023; negotiated TLSv1.2 C030.
/// - APP4 7004, R4-13ON-NO13SUITE: TLSv1.3 on, C02F alone (no TLS 1.3
///   suite), `ServerKeyShareGroups` 4588 0023; TLSv1.2 C02F.
/// - APP5 7005, R5-CONTROL: TLSv1.3 off, C030, `ServerKeyShareGroups` 0023;
///   TLSv1.2 C030.
/// - APP6 7006, R6-PQ: TLSv1.3 on, 1301 and C02F, `ServerKeyShareGroups` 4588
///   0023; TLSv1.3 1301 with key share 4588.
/// - APP7 7007, R7-DEFAULT-SUITES: TLSv1.3 on, no cipher list (System SSL's
///   defaults), `ServerKeyShareGroups` 4588; TLSv1.2 C02F.
/// - APP8 7008, R8-13ON-NOGROUP: TLSv1.3 on, C02F alone, no key share list;
///   TLSv1.2 C02F.
fn key_shares_tls_1_3_cannot_use(dir: &TestDir) {
    let env = |tls13: &str, lists: &str| {
        format!("{lists}    TLSV1.2:                    On\n    TLSV1.3:                    {tls13}\n")
    };
    let shares = "    ServerKeyShareGroups:       4588 X25519MLKEM768
                                0023 secp256r1
";
    let c030 = "    V3CipherSuites:             C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n";
    let c02f = "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n";
    let sessions = [
        (
            "APP3",
            7003,
            "R3-12ONLY-PQGROUP",
            TLS12_C030,
            env("Off", &format!("{c030}    ServerKexECurves:           0023 secp256r1\n{shares}")),
        ),
        ("APP4", 7004, "R4-13ON-NO13SUITE", TLS12_C02F, env("On", &format!("{c02f}{shares}"))),
        (
            "APP5",
            7005,
            "R5-CONTROL",
            TLS12_C030,
            env("Off", &format!("{c030}    ServerKeyShareGroups:       0023 secp256r1\n")),
        ),
        (
            "APP6",
            7006,
            "R6-PQ",
            ["TLS Version 1.3", "1301 TLS_AES_128_GCM_SHA256", "4588 X25519MLKEM768"],
            env(
                "On",
                &format!(
                    "    V3CipherSuites:             1301 TLS_AES_128_GCM_SHA256
                                C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
{shares}"
                ),
            ),
        ),
        (
            "APP7",
            7007,
            "R7-DEFAULT-SUITES",
            TLS12_C02F,
            env("On", "    ServerKeyShareGroups:       4588 X25519MLKEM768\n"),
        ),
        ("APP8", 7008, "R8-13ON-NOGROUP", TLS12_C02F, env("On", c02f)),
    ];
    let ttls: String = sessions
        .iter()
        .map(|(job, port, rule, session, lines)| {
            let n = port - 7000;
            entry(&format!("0000c10{n}"), (job, *port, &format!("10.7.1.{n}..5200{n}")), *session, rule, lines)
        })
        .collect();
    ingest_day(dir, "SYSC/ttls.txt", &format!("{HEADER}\n{ttls}"));
}

#[test]
fn a_rule_that_cannot_negotiate_tls_1_3_has_no_alternative_whatever_groups_it_lists() {
    let dir = TestDir::new();
    key_shares_tls_1_3_cannot_use(&dir);
    // By hand: five TLS 1.2 ECDHE sessions vulnerable, R6's 4588 session
    // resistant: 5 of 6, 83.3 %. Key share groups are TLS 1.3's alone: R3
    // (TLSv1.3 off) and R4 (no TLS 1.3 suite) can never use their 4588, R5
    // lists 0023 alone, R8 can negotiate no TLS 1.3 either: no alternative
    // (before: R3 and R4 not named, R8 on default groups). R6 has 4588;
    // R7 lists no suite, so System SSL's defaults, which hold TLS 1.3
    // suites, and 4588: it has one.
    // No ALL report: no bytes.
    assert_eq!(
        report(&dir, &["quantum"], &QUANTUM),
        format!("{QUANTUM_HEADER}6,5,83.3,0,1,0,\"R3-12ONLY-PQGROUP,R4-13ON-NO13SUITE,R5-CONTROL,R8-13ON-NOGROUP\",\n")
    );
}

#[test]
fn the_cbom_places_key_share_groups_under_tls_1_3_alone() {
    let dir = TestDir::new();
    key_shares_tls_1_3_cannot_use(&dir);
    let bom = cbom(&dir, &[]);
    let refs = |name: &str| component(&bom, name)["cryptoProperties"]["protocolProperties"]["cryptoRefArray"].clone();
    // By hand: no TLS 1.2 session prints its group. TLSv1.2 may use only
    // R3's ECDHE curve 0023 (ServerKexECurves); the key share lists are
    // TLS 1.3's: 0023 and 4588 of R4 and R6, 4588 of R7, and R6's
    // negotiated 4588 (before: TLSv1.2 pointed to 4588 too).
    assert_eq!(refs("TLSv1.2"), serde_json::json!(["group:0023"]));
    assert_eq!(refs("TLSv1.3"), serde_json::json!(["group:0023", "group:4588"]));
    // X25519MLKEM768 is negotiated under R6 and allowed by R4, R6 and R7,
    // not by R3, whose TLSv1.3 is off (before: "allowed ... rule
    // R3-12ONLY-PQGROUP"); secp256r1 by R3 (as a curve), R4 and R6, not by
    // R5, which lists it as a key share with TLSv1.3 off.
    let places = |name: &str| -> Vec<String> {
        let occurrences = component(&bom, name)["evidence"]["occurrences"].as_array().unwrap().clone();
        let mut places: Vec<String> = occurrences
            .iter()
            .map(|o| {
                let context = o["additionalContext"].as_str().unwrap();
                format!("{} {}", o["location"].as_str().unwrap(), context.split(' ').next().unwrap())
            })
            .collect();
        places.sort();
        places
    };
    assert_eq!(
        places("X25519MLKEM768"),
        [
            "SYSC/TCPIP/R4-13ON-NO13SUITE allowed",
            "SYSC/TCPIP/R6-PQ allowed",
            "SYSC/TCPIP/R6-PQ negotiated",
            "SYSC/TCPIP/R7-DEFAULT-SUITES allowed"
        ]
    );
    assert_eq!(
        places("secp256r1"),
        ["SYSC/TCPIP/R3-12ONLY-PQGROUP allowed", "SYSC/TCPIP/R4-13ON-NO13SUITE allowed", "SYSC/TCPIP/R6-PQ allowed"]
    );
}

#[test]
fn a_tls_1_3_session_whose_group_was_not_printed_does_not_meet_a_standard_that_names_groups() {
    let dir = TestDir::new();
    // SYSN, 1 December: NSSAPP serves 9443 under CNSA-RULE, whose CNSA-ENV
    // has TLSv1.3 alone on, 1302 alone, ServerKeyShareGroups 0514
    // (MLKEM1024) 0024. Three TLS 1.3 1302 sessions: from 10.6.6.1 with
    // key share 0514, from 10.6.6.2 with `N/A`, from 10.6.6.3 with 0024.
    let env = "    V3CipherSuites:             1302 TLS_AES_256_GCM_SHA384
    ServerKeyShareGroups:       0514 MLKEM1024
                                0024 secp384r1
    TLSV1.2:                    Off
    TLSV1.3:                    On
";
    let ttls: String = [(1, "0514 MLKEM1024"), (2, "N/A"), (3, "0024 secp384r1")]
        .map(|(n, share)| {
            entry(
                &format!("0000e00{n}"),
                ("NSSAPP", 9443, &format!("10.6.6.{n}..4400{n}")),
                ["TLS Version 1.3", "1302 TLS_AES_256_GCM_SHA384", share],
                "CNSA-RULE",
                env,
            )
        })
        .concat();
    ingest_day(&dir, "SYSN/ttls.txt", &format!("{HEADER}\n{ttls}"));
    // By hand: CNSA 2.0 allows TLSv1.3, TLS_AES_256_GCM_SHA384 (1302) and
    // MLKEM1024 (0514). Only 10.6.6.1 is shown to meet it: 10.6.6.3's 0024
    // fails, and 10.6.6.2's group is not known to be 0514 (before: it
    // passed, 2 of 3 compliant, 66.7 %), as quantum does not call it
    // resistant.
    let columns = ["row", "connections", "compliant", "compliant_pct", "failing_endpoints", "remote_ip", "reason"];
    assert_eq!(
        report(&dir, &["compliance", "--standard", "cnsa-2.0", "--by", "peer"], &columns)
            .lines()
            .filter(|line| !line.starts_with("policy"))
            .collect::<Vec<_>>(),
        [
            "row,connections,compliant,compliant_pct,failing_endpoints,remote_ip,reason",
            "summary,3,1,33.3,2,,",
            "endpoint,1,0,0,,10.6.6.2,group not printed",
            "endpoint,1,0,0,,10.6.6.3,group 0024",
        ]
    );
    assert_eq!(
        report(&dir, &["quantum"], &["vulnerable_connections", "resistant_connections", "unknown_connections"]),
        "vulnerable_connections,resistant_connections,unknown_connections\n1,1,1\n"
    );
}

#[test]
fn a_negotiated_part_no_registry_grades_is_in_the_list_of_what_to_fix() {
    let dir = TestDir::new();
    // SYSU, 1 December, one TTLS DETAIL: UAPP serves 8800 under U-RULE,
    // WAPP 8900 under W-RULE (both TLSv1.2 and TLSv1.3 on). UAPP's peers:
    // 10.6.9.1 TLSv1.2 `C0FF` (a code no registry lists), 10.6.9.2 TLSv1.3
    // 1302 with key share `11EC X25519MLKEM768` (the IANA hex, no z/OS
    // code), 10.6.9.3 TLSv1.2 C02F; WAPP's 10.6.9.4 TLSv1.2 000A (3DES).
    let env = "    TLSV1.2:                    On\n    TLSV1.3:                    On\n";
    let ttls: String = [
        ("UAPP", 8800, 1, ["TLS Version 1.2", "C0FF", "N/A"]),
        ("UAPP", 8800, 2, ["TLS Version 1.3", "1302 TLS_AES_256_GCM_SHA384", "11EC X25519MLKEM768"]),
        ("UAPP", 8800, 3, TLS12_C02F),
        ("WAPP", 8900, 4, ["TLS Version 1.2", "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA", "N/A"]),
    ]
    .map(|(job, port, n, session)| {
        let rule = &job[..1];
        entry(
            &format!("0000f00{n}"),
            (job, port, &format!("10.6.9.{n}..4500{n}")),
            session,
            &format!("{rule}-RULE"),
            env,
        )
    })
    .concat();
    ingest_day(&dir, "SYSU/ttls.txt", &format!("{HEADER}\n{ttls}"));
    // By hand: C0FF and 11EC are graded unknown, the lowest rank (README,
    // Grades), so UAPP's first two sessions are to be looked at first;
    // C02F is secure (not listed); 000A weak. Before: WAPP alone.
    let columns = ["job", "worst_grade", "protocols", "ciphers", "key_shares", "peers", "connections", "example_peer"];
    assert_eq!(
        report(&dir, &["weak-crypto"], &columns),
        "job,worst_grade,protocols,ciphers,key_shares,peers,connections,example_peer
UAPP,unknown,TLSv1.2 TLSv1.3,1302 C0FF,11EC,2,2,10.6.9.1
WAPP,weak,TLSv1.2,000A,,1,1,10.6.9.4
"
    );
    // The HTML's card counts them too: 3 connections at 2 services (before: 1 at 1).
    let page = dir.path("inventory.html");
    let output = dir.run(&["html", "--out", page.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains(r#"id="weak-connections" value="3">3</data>"#), "{html}");
    assert!(html.contains("2 services (weak-crypto)"), "{html}");
}

/// SYSM, 1 to 3 December: MQCHIN serves 1414 under MQ-RULE, whose MQ-ENV
/// allows C02F and 000A (3DES) with TLSv1.2 alone on. Two channels started
/// 1 December (ALL: the same conn id, sockets and `StartDate` each day, their
/// counters growing) and printed each day by TTLS DETAIL: 0000A201 from
/// 10.6.8.1 negotiated C02F on the 1st, 000A on the 2nd (renegotiated, MQ's
/// SSLRKEYC) and C02F again on the 3rd; 0000A202 from 10.6.8.2 C02F on all
/// three. Ingested in one run (`together`) or a day a run, each reading
/// back what the days before it negotiated.
fn a_channel_renegotiated_weak_on_a_later_day(dir: &TestDir, together: bool) {
    let env = "    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                000A TLS_RSA_WITH_3DES_EDE_CBC_SHA
    TLSV1.2:                    On
    TLSV1.3:                    Off
";
    let tls12_000a = ["TLS Version 1.2", "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA", "N/A"];
    for (day, first, growth) in [("01", TLS12_C02F, 1), ("02", tls12_000a, 2), ("03", TLS12_C02F, 3)] {
        let sessions = [("0000A201", 1, first), ("0000A202", 2, TLS12_C02F)];
        let all = sessions
            .map(|(conn, n, _)| {
                let remote = format!("10.6.8.{n}..5050{n}");
                let bytes = (1000 * growth, 2000 * growth);
                all_block("MQCHIN", conn, "10.3.1.5..1414", &remote, bytes, "12/01/2026", "Establsh", "Yes")
            })
            .concat();
        let ttls = sessions
            .map(|(conn, n, session)| {
                let remote = format!("10.6.8.{n}..5050{n}");
                entry(&conn.to_lowercase(), ("MQCHIN", 1414, &remote), session, "MQ-RULE", env)
            })
            .concat();
        dir.write(&format!("tree/2026-12-{day}/SYSM/netstat.txt"), format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
        if !together {
            let output = ingest(dir, "tree");
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        }
    }
    let output = ingest(dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(dir.csv("SELECT count(DISTINCT identity_id) AS n FROM v_connections"), "n\n2\n");
}

#[test]
fn a_connection_counts_under_each_negotiation_it_had_in_the_period() {
    for together in [true, false] {
        let dir = TestDir::new();
        a_channel_renegotiated_weak_on_a_later_day(&dir, together);
        // By hand: PCI DSS 4 allows TLSv1.2 and C02F, not 3DES (000A). Of
        // the two connections, 0000A201 negotiated 000A on the 2nd: 1 of 2
        // compliant, 50 %, its endpoint failing; the service row counts it
        // once under 000A (before: 2 of 2, 100 %, and the service row 0
        // connections: it was counted on its first day alone, under C02F).
        // From the 2nd the same: both connections, 0000A201 once under 000A.
        let columns = ["row", "connections", "compliant", "compliant_pct", "failing_endpoints", "peers", "negotiated"];
        for from in [&[][..], &["--from", "2026-12-02"]] {
            let args = [&["compliance", "--standard", "pci-dss-4"][..], from].concat();
            assert_eq!(
                report(&dir, &args, &columns).lines().filter(|line| !line.starts_with("policy")).collect::<Vec<_>>(),
                [
                    "row,connections,compliant,compliant_pct,failing_endpoints,peers,negotiated",
                    "summary,2,1,50,1,,",
                    "service,1,0,0,,1,TLSv1.2 000A",
                ],
                "{from:?}, ingested together: {together}"
            );
            // weak-crypto: 000A once, on one date (before: 0 connections).
            let args = [&["weak-crypto"][..], from].concat();
            assert_eq!(
                report(&dir, &args, &["job", "worst_grade", "ciphers", "peers", "connections", "dates"]),
                "job,worst_grade,ciphers,peers,connections,dates\nMQCHIN,weak,000A,1,1,1\n",
                "{from:?}, ingested together: {together}"
            );
        }
        // ciphers: each date counts its connections; new_connections each
        // connection once per suite over the period: C02F 2 on the 1st (both),
        // 000A 1 on the 2nd (before: 0), C02F none after (0000A201's C02F of
        // the 3rd it negotiated on the 1st). From the 2nd: C02F new on the
        // 2nd for 0000A202 and on the 3rd for 0000A201, whose C02F of the 1st
        // is before the period.
        let columns = ["date", "code", "connections", "new_connections"];
        assert_eq!(
            report(&dir, &["ciphers"], &columns),
            "date,code,connections,new_connections
2026-12-01,C02F,2,2
2026-12-02,000A,1,1
2026-12-02,C02F,1,0
2026-12-03,C02F,2,0
",
            "ingested together: {together}"
        );
        assert_eq!(
            report(&dir, &["ciphers", "--from", "2026-12-02"], &columns),
            "date,code,connections,new_connections
2026-12-02,000A,1,1
2026-12-02,C02F,1,1
2026-12-03,C02F,2,1
",
            "ingested together: {together}"
        );
    }
    // The HTML page: 1 connection on weak crypto (before: 0), and the suites
    // chart 000A with 1 connection, C02F with 2.
    let dir = TestDir::new();
    a_channel_renegotiated_weak_on_a_later_day(&dir, true);
    let page = dir.path("inventory.html");
    let output = dir.run(&["html", "--out", page.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains(r#"id="weak-connections" value="1">1</data>"#), "{html}");
    assert!(html.contains("TLS_RSA_WITH_3DES_EDE_CBC_SHA (000A): 1 connections, grade weak"), "{html}");
    assert!(html.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (C02F): 2 connections"), "{html}");
}
