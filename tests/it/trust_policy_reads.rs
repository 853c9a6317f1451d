//! What the policy reports read of a rule: the key share list of its
//! `HandshakeRole`, and on a day whose captures printed no rule, the rule its
//! connections were seen under as last printed before. Each rule pinned on a
//! small capture tree written here by hand, with the answer worked out from
//! its text in the test.

use crate::trust::{ingest, report, HEADER};
use crate::trust_policy::{cics_all, CICS_SESSION};
use crate::util::{stderr, TestDir};

/// A TTLS DETAIL entry of a TLS 1.3 session (1301, key share `share`) of
/// `job` from `local` to `remote` under `rule` (`direction`, group action
/// `rule`-GRP) and environment action `env`, whose settings are `env_lines`
/// (then `V3CipherSuites` 1301, and TLSv1.3 alone on).
fn tls13(
    conn: &str,
    job: &str,
    sockets: (&str, &str),
    share: &str,
    rule: (&str, &str),
    env: &str,
    env_lines: &str,
) -> String {
    let (local, remote) = sockets;
    let (rule, direction) = rule;
    format!(
        "ConnID: {conn}
  JobName:      {job}
  LocalSocket:  {local}
  RemoteSocket: {remote}
  SecLevel:     TLS Version 1.3
  Cipher:       1301 TLS_AES_128_GCM_SHA256
  KeyShare:     {share}
  CertUserID:   N/A
  MapType:      Primary
TTLSRule: {rule}
  Priority:       5
  JobName:        {job}
  Direction:      {direction}
  TTLSGrpAction:  {rule}-GRP
    GroupID:                    00000002
    TTLSEnabled:                On
  TTLSEnvAction:  {env}
{env_lines}    V3CipherSuites:             1301 TLS_AES_128_GCM_SHA256
    TLSV1.2:                    Off
    TLSV1.3:                    On
"
    )
}

#[test]
fn a_rule_reads_the_key_share_list_of_its_handshake_role() {
    let dir = TestDir::new();
    // Three TLS 1.3 connections of SYSA on 1 March, each printing both key
    // share lists, as every TTLS DETAIL does:
    // - PAYOUT, the client of 10.60.1.9..8443 under PAY-RULE (PAY-ENV,
    //   HandshakeRole Client): ClientKeyShareGroups 0023, ServerKeyShareGroups
    //   0023 0024 0029; it sent 0023.
    // - IZUSVR1, the server on 443 under Q-RULE (Q-ENV, HandshakeRole
    //   ServerWithClientAuth, a server): ServerKeyShareGroups 0029,
    //   ClientKeyShareGroups 4588 (X25519MLKEM768) 0029; it picked 0029.
    // - APPSRV on 7443 under R3-RULE (R3-ENV, no HandshakeRole printed):
    //   ServerKeyShareGroups 4588, ClientKeyShareGroups 0029; it used 0029.
    let pay = tls13(
        "0000a001",
        "PAYOUT",
        ("10.1.1.2..1031", "10.60.1.9..8443"),
        "0023 secp256r1",
        ("PAY-RULE", "Outbound"),
        "PAY-ENV",
        "    HandshakeRole:              Client
    ClientKeyShareGroups:       0023 secp256r1
    ServerKeyShareGroups:       0023 secp256r1
                                0024 secp384r1
                                0029 X25519
",
    );
    let q = tls13(
        "0000a002",
        "IZUSVR1",
        ("10.1.1.2..443", "10.20.30.40..51001"),
        "0029 X25519",
        ("Q-RULE", "Inbound"),
        "Q-ENV",
        "    HandshakeRole:              ServerWithClientAuth
    ClientKeyShareGroups:       4588 X25519MLKEM768
                                0029 X25519
    ServerKeyShareGroups:       0029 X25519
",
    );
    let r3 = tls13(
        "0000a003",
        "APPSRV",
        ("10.1.1.2..7443", "10.20.30.41..51002"),
        "0029 X25519",
        ("R3-RULE", "Inbound"),
        "R3-ENV",
        "    ClientKeyShareGroups:       0029 X25519
    ServerKeyShareGroups:       4588 X25519MLKEM768
",
    );
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{pay}{q}{r3}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // As the client PAYOUT offers 0023 alone: without it TLS 1.3, the only
    // protocol on, has no key share to send (`yes`, no fallback group; the
    // server list's 0024 and 0029 are no fallback).
    let columns = ["breaks", "job", "disabled", "rule", "fallback_groups"];
    assert_eq!(
        report(&dir, &["impact", "--disable", "group:0023"], &columns),
        "breaks,job,disabled,rule,fallback_groups\nyes,PAYOUT,0023,PAY-RULE,\n"
    );
    // As a server IZUSVR1 picks from 0029 alone: it breaks without it.
    // R3-RULE, whose role is not printed, keeps both lists: 4588 is left.
    assert_eq!(
        report(&dir, &["impact", "--disable", "x25519"], &columns),
        "breaks,job,disabled,rule,fallback_groups\nyes,IZUSVR1,0029,Q-RULE,\nmaybe,APPSRV,0029,R3-RULE,4588\n"
    );
    // Quantum: all three sessions used a classical group. PAY-RULE offers
    // only 0023 and Q-RULE picks only from 0029: neither has a
    // quantum-resistant group to move to (Q-RULE's client list 4588 is
    // never read by a server); R3-RULE has 4588 in one of its lists.
    let columns = ["date", "tls_connections", "vulnerable_connections", "rules_without_alternative"];
    assert_eq!(
        report(&dir, &["quantum"], &columns),
        "date,tls_connections,vulnerable_connections,rules_without_alternative\n2026-03-01,3,3,\"PAY-RULE,Q-RULE\"\n"
    );
    // Allowed and not used: every protocol and suite was negotiated, 0023
    // and 0029 too; of the lists each rule reads, only R3-RULE's 4588 was
    // not (PAY-RULE's server list 0024 and Q-RULE's client list 4588 are
    // not what those rules offer or pick).
    assert_eq!(
        report(&dir, &["allowed-not-used"], &["kind", "code", "rules", "actions"]),
        "kind,code,rules,actions\ngroup,4588,R3-RULE,R3-ENV\n"
    );
}

/// The same entry under TLS 1.2 (TLSv1.2 alone on): `cipher` (code and name)
/// instead of 1301, and the key share NETSTAT prints for TLS 1.2, `N/A`.
fn tls12(conn: &str, job: &str, sockets: (&str, &str), cipher: &str, rule: (&str, &str), env_lines: &str) -> String {
    let env = format!("{}-ENV", rule.0.trim_end_matches("-RULE"));
    tls13(conn, job, sockets, "N/A", rule, &env, env_lines)
        .replace("TLS Version 1.3", "TLS Version 1.2")
        .replace("1301 TLS_AES_128_GCM_SHA256", cipher)
        .replace("TLSV1.2:                    Off", "TLSV1.2:                    On")
        .replace("TLSV1.3:                    On", "TLSV1.3:                    Off")
}

#[test]
fn a_disabled_curve_counts_the_tls12_ecdhe_endpoints_whose_role_list_names_it() {
    let dir = TestDir::new();
    // Four TLS 1.2 connections of SYSA on 1 March; NETSTAT prints no curve
    // for TLS 1.2 (`KeyShare: N/A`):
    // - PAYOUT, client of 10.60.1.9..8443 under PAY-RULE (Client), ECDHE
    //   C02B; ClientECurves 0023 0024: its list names 0023 and 0024.
    // - DB2DIST, server on 446 under DB2-RULE (Server), ECDHE C02F;
    //   ClientECurves 0023, ServerKexECurves 0024: a server reads only
    //   ServerKexECurves, so 0024 alone.
    // - WEBSRV, server on 8443 under WEB-RULE (Server), ECDHE C030;
    //   ServerKexECurves 0023 0029.
    // - FTPD1, server on 21 under FTP-RULE (Server), DHE 009E; ServerKexECurves
    //   0023: no curve in a DHE exchange.
    let pay = tls12(
        "0000b001",
        "PAYOUT",
        ("10.1.1.2..1031", "10.60.1.9..8443"),
        "C02B TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        ("PAY-RULE", "Outbound"),
        "    HandshakeRole:              Client
    ClientECurves:              0023 secp256r1
                                0024 secp384r1
",
    );
    let db2 = tls12(
        "0000b002",
        "DB2DIST",
        ("10.1.1.2..446", "10.20.30.40..51001"),
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ("DB2-RULE", "Inbound"),
        "    HandshakeRole:              Server
    ClientECurves:              0023 secp256r1
    ServerKexECurves:           0024 secp384r1
",
    );
    let web = tls12(
        "0000b003",
        "WEBSRV",
        ("10.1.1.2..8443", "10.20.30.41..51002"),
        "C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        ("WEB-RULE", "Inbound"),
        "    HandshakeRole:              Server
    ServerKexECurves:           0023 secp256r1
                                0029 X25519
",
    );
    let ftp = tls12(
        "0000b004",
        "FTPD1",
        ("10.1.1.2..21", "10.20.30.42..51003"),
        "009E TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        ("FTP-RULE", "Inbound"),
        "    HandshakeRole:              Server
    ServerKexECurves:           0023 secp256r1
",
    );
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{pay}{db2}{web}{ftp}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // No session printed a group, so impact lists no endpoint; the note
    // counts those whose role's curve list names the group: 0023 is in
    // PAYOUT's and WEBSRV's (2 endpoints, 1 connection each); 0024 in
    // PAYOUT's and DB2DIST's; 0029 in WEBSRV's alone. FTPD1 (DHE) never.
    for (group, endpoints) in [("0023", 2), ("0024", 2), ("0029", 1)] {
        let output = dir.run(&["report", "impact", "--disable", &format!("group:{group}"), "--format", "csv"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            output.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count(),
            1,
            "{group}: the header alone"
        );
        let note = format!(
            "note: impact: {endpoints} TLS 1.0-1.2 ECDHE endpoint(s) ({endpoints} connection(s)) are not listed though \
             their rule's ClientECurves (a client) or ServerKexECurves (a server) lists {group}: NETSTAT prints no curve"
        );
        assert!(stderr(&output).contains(&note), "{group}: {}", stderr(&output));
        // `export` says it of the report it writes, as `report` does.
        let out = dir.path(&format!("out-{group}"));
        let disable = format!("group:{group}");
        let export = dir.run(&["export", "--out", out.to_str().unwrap(), "--report", "impact", "--disable", &disable]);
        assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
        assert!(stderr(&export).contains(&note), "{group}: {}", stderr(&export));
    }
    // A protocol disabled says nothing of curves (every endpoint is listed).
    let output = dir.run(&["report", "impact", "--disable", "TLSv1.2"]);
    assert!(!stderr(&output).contains("ECDHE"), "{}", stderr(&output));
}

#[test]
fn a_rule_in_use_on_a_day_without_its_print_counts_as_last_printed() {
    let dir = TestDir::new();
    // CICSPRD1's connection 0000A001 (TLSv1.2 003C) under
    // CICSPRD1-HTTPS-RULE, ALL naming the rule each day. 21 March: `NETSTAT
    // TTLS CONN 0000A001 DETAIL` prints the rule: TLSv1.1 and TLSv1.2 on,
    // no key share group. 22 March: `NETSTAT TTLS CONN 0000A001`, the
    // session alone. 23 March: DETAIL again, TLSv1.1 now off, TLSv1.3 on
    // with ServerKeyShareGroups 4588 (X25519MLKEM768).
    let rule = |tail: &str| {
        format!(
            "TTLSRule: CICSPRD1-HTTPS-RULE
  Priority:       5
  LocalPort:      443
  Direction:      Inbound
  TTLSGrpAction:  CICS-GROUP-ACTION
    GroupID:                    00000007
    TTLSEnabled:                On
  TTLSEnvAction:  CICSPRD1-SERVER-ENV
    HandshakeRole:              Server
    V3CipherSuites:             003C TLS_RSA_WITH_AES_128_CBC_SHA256
                                1301 TLS_AES_128_GCM_SHA256
    TLSV1.2:                    On
{tail}"
        )
    };
    let run = |echo: &str, text: &str| format!("READY\n{echo}\n{HEADER}\n{text}READY\n");
    let day = |start: &str, echo: &str, ttls: &str| [run("NETSTAT ALL", &cics_all(start)), run(echo, ttls)].concat();
    let detail = "NETSTAT TTLS CONN 0000A001 DETAIL";
    let hybrid = "    TLSV1.1:                    Off
    TLSV1.3:                    On
    ServerKeyShareGroups:       4588 X25519MLKEM768
";
    let off = "    TLSV1.1:                    On\n    TLSV1.3:                    Off\n";
    dir.write("tree/2026-03-21/SYSA/netstat.txt", day("03/21/2026", detail, &format!("{CICS_SESSION}{}", rule(off))));
    dir.write("tree/2026-03-22/SYSA/netstat.txt", day("03/21/2026", "NETSTAT TTLS CONN 0000A001", CICS_SESSION));
    dir.write(
        "tree/2026-03-23/SYSA/netstat.txt",
        day("03/21/2026", detail, &format!("{CICS_SESSION}{}", rule(hybrid))),
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 003C is RSA key transport: quantum-vulnerable each day. On 22 March
    // the rule is as 21 March printed it (no quantum-resistant group), not
    // as 23 March did, nor missing; on 23 March it can move to 4588.
    let columns = ["date", "tls_connections", "vulnerable_connections", "rules_without_alternative"];
    assert_eq!(
        report(&dir, &["quantum"], &columns),
        "date,tls_connections,vulnerable_connections,rules_without_alternative
2026-03-21,1,1,CICSPRD1-HTTPS-RULE
2026-03-22,1,1,CICSPRD1-HTTPS-RULE
2026-03-23,1,1,
"
    );
    // PCI DSS 4 allows TLSv1.2 and 003C (the session passes each day) but
    // not TLSv1.1: one failing setting (CICSPRD1-SERVER-ENV's protocols) on
    // 21 March and, as then printed, 22 March; none on 23 March.
    let columns = ["date", "connections", "compliant", "failing_settings"];
    let by_day = report(&dir, &["compliance", "--standard", "pci-dss-4", "--by", "day"], &columns);
    assert_eq!(
        by_day.lines().filter(|l| l.starts_with("2026-")).collect::<Vec<_>>(),
        ["2026-03-21,1,1,1", "2026-03-22,1,1,1", "2026-03-23,1,1,0"],
        "{by_day}"
    );
    // The CBOM: TLSv1.1 allowed up to 22 March, the last day before it was
    // switched off.
    let output = dir.run(&["export", "--format", "cbom"]);
    let cbom = String::from_utf8(output.stdout).unwrap();
    assert!(
        cbom.contains("allowed from 2026-03-21 to 2026-03-22 by TLSV1.1 On of environment action CICSPRD1-SERVER-ENV"),
        "{cbom}"
    );
    // policy-inventory of 22 March alone: the rule was last printed on 21
    // March (its settings: TLSv1.1 and TLSv1.2 on), and last seen in use on
    // 22 March, when ALL named it.
    assert_eq!(
        report(
            &dir,
            &["policy-inventory", "--from", "2026-03-22", "--to", "2026-03-22"],
            &["last_seen", "rule", "protocols_on"]
        ),
        "last_seen,rule,protocols_on\n2026-03-22,CICSPRD1-HTTPS-RULE,TLSv1.1 TLSv1.2\n"
    );
}
