//! `export --format cbom`: a CycloneDX 1.6 cryptographic bill of materials,
//! valid against the schema shipped in `tests/fixtures/cyclonedx/`, with
//! what it lists worked out by hand from the captures.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::reports::samples;
use crate::util::{fixture, project, stderr, TestDir};

/// The CycloneDX 1.6 schema with the two schemas it refers to registered
/// under their `$id`: nothing is fetched.
fn validator() -> jsonschema::Validator {
    let read = |name: &str| -> Value { serde_json::from_str(&fixture(&format!("cyclonedx/{name}"))).unwrap() };
    let registry = jsonschema::Registry::new()
        .add("http://cyclonedx.org/schema/spdx.schema.json", read("spdx.schema.json"))
        .unwrap()
        .add("http://cyclonedx.org/schema/jsf-0.82.schema.json", read("jsf-0.82.schema.json"))
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options().with_registry(&registry).build(&read("bom-1.6.schema.json")).unwrap()
}

/// Every way `bom` breaks the schema, one line each.
pub(crate) fn schema_errors(bom: &Value) -> Vec<String> {
    validator().iter_errors(bom).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// Runs `export --format cbom` with `args` on `dir`'s database and reads the BOM.
pub(crate) fn cbom(dir: &TestDir, args: &[&str]) -> Value {
    let out = TestDir::new();
    let file = out.path("bom.json");
    let output = dir.run(&[&["export", "--format", "cbom", "--out", file.to_str().unwrap()], args].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap()
}

fn components<'a>(bom: &'a Value, asset_type: &str) -> Vec<&'a Value> {
    bom["components"].as_array().unwrap().iter().filter(|c| c["cryptoProperties"]["assetType"] == asset_type).collect()
}

pub(crate) fn component<'a>(bom: &'a Value, name: &str) -> &'a Value {
    bom["components"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("no {name}"))
}

fn texts(values: &Value, key: &str) -> Vec<String> {
    values.as_array().unwrap().iter().map(|v| v[key].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_samples_bom_is_valid_cyclonedx_1_6_and_lists_every_negotiated_suite() {
    let bom = cbom(samples(), &[]);
    assert_eq!(schema_errors(&bom), Vec::<String>::new());
    assert_eq!((bom["bomFormat"].as_str(), bom["specVersion"].as_str()), (Some("CycloneDX"), Some("1.6")));

    // The `Cipher:` lines of the samples' TTLS reports, with their
    // `SecLevel:`: PAYXFER's 000A under TLS Version 1; 003C (CSQ9CHIN),
    // C027 (TN3270A on the 24th), C02F (CICSPRD1) and C030 (DB2ADIST,
    // FTPDB) under TLS Version 1.2; 1301 (TN3270A) and 1302 (IZUSVR1)
    // under TLS Version 1.3.
    let negotiated: BTreeSet<(String, String)> = [
        ("TLSv1.0", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
        ("TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
        ("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
        ("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        ("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
        ("TLSv1.3", "TLS_AES_128_GCM_SHA256"),
        ("TLSv1.3", "TLS_AES_256_GCM_SHA384"),
    ]
    .iter()
    .map(|(p, s)| ((*p).to_owned(), (*s).to_owned()))
    .collect();
    let mut listed = BTreeSet::new();
    let mut seen_negotiated = BTreeSet::new();
    for protocol in components(&bom, "protocol") {
        let name = protocol["name"].as_str().unwrap().to_owned();
        for suite in texts(&protocol["cryptoProperties"]["protocolProperties"]["cipherSuites"], "name") {
            listed.insert((name.clone(), suite));
        }
        for o in protocol["evidence"]["occurrences"].as_array().unwrap() {
            if o["additionalContext"].as_str().unwrap().starts_with("negotiated") {
                if let Some(symbol) = o["symbol"].as_str() {
                    seen_negotiated.insert((name.clone(), symbol.to_owned()));
                }
            }
        }
    }
    assert!(negotiated.is_subset(&listed), "not listed: {:?}", negotiated.difference(&listed).collect::<Vec<_>>());
    assert_eq!(seen_negotiated, negotiated);

    // TLS 1.0 was negotiated by PAYXFER (9F9C on the 22nd, AB3A on the
    // 23rd) and allowed by PAYXFER-CLIENT-ENV, whose list also has 002F and
    // 0035: TLS 1.0 can carry all three.
    let tls10 = component(&bom, "TLSv1.0");
    let properties = &tls10["cryptoProperties"]["protocolProperties"];
    assert_eq!((properties["type"].as_str(), properties["version"].as_str()), (Some("tls"), Some("1.0")));
    assert_eq!(
        texts(&properties["cipherSuites"], "name"),
        ["TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"]
    );
    assert_eq!(properties["cipherSuites"][0]["identifiers"], serde_json::json!(["0x00", "0x0A"]));
    let occurrence = tls10["evidence"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["symbol"] == "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
        .unwrap();
    assert_eq!(occurrence["location"], "SYSB/TCPIPB/PAYXFER-OUTBOUND-RULE");
    assert_eq!(
        occurrence["additionalContext"],
        "negotiated with TLSv1.0 by 2 connections of PAYXFER from 2026-11-22 to 2026-11-23; \
         rule PAYXFER-OUTBOUND-RULE, environment action PAYXFER-CLIENT-ENV"
    );

    // PAYXFER-CLIENT-ENV had `TLSV1: On` in SYSB's TTLS DETAIL of the 22nd
    // and 23rd; PAYXFER-OUTBOUND-RULE has `JobName: PAYXFER`.
    let allowed: Vec<String> = texts(&tls10["evidence"]["occurrences"], "additionalContext")
        .into_iter()
        .filter(|c| c.contains(" by TLSV1 On "))
        .collect();
    assert_eq!(
        allowed,
        ["allowed from 2026-11-22 to 2026-11-23 by TLSV1 On of environment action PAYXFER-CLIENT-ENV; \
          rule PAYXFER-OUTBOUND-RULE (JobName PAYXFER)"]
    );

    // A suite points to its key exchange and bulk cipher; a TLS 1.3 suite
    // to its cipher alone (the group is the key exchange). AES-128 is NIST
    // category 1, 3DES none (0), ECDHE broken by a quantum computer (0).
    let suite = |protocol: &str, name: &str| -> Value {
        let suites = &component(&bom, protocol)["cryptoProperties"]["protocolProperties"]["cipherSuites"];
        suites.as_array().unwrap().iter().find(|s| s["name"] == name).unwrap().clone()
    };
    assert_eq!(
        suite("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")["algorithms"],
        serde_json::json!(["algorithm:ECDHE", "algorithm:AES-128-GCM"])
    );
    assert_eq!(suite("TLSv1.3", "TLS_AES_256_GCM_SHA384")["algorithms"], serde_json::json!(["algorithm:AES-256-GCM"]));
    assert_eq!(
        suite("TLSv1.0", "TLS_RSA_WITH_3DES_EDE_CBC_SHA")["algorithms"],
        serde_json::json!(["algorithm:RSA", "algorithm:DES-EDE3-CBC"])
    );
    let aes = &component(&bom, "AES-128-GCM")["cryptoProperties"];
    assert_eq!(
        (aes["algorithmProperties"]["primitive"].as_str(), aes["algorithmProperties"]["mode"].as_str()),
        (Some("ae"), Some("gcm"))
    );
    assert_eq!(aes["algorithmProperties"]["nistQuantumSecurityLevel"], 1);
    assert_eq!(aes["oid"], "2.16.840.1.101.3.4.1.6");
    assert_eq!(
        component(&bom, "DES-EDE3-CBC")["cryptoProperties"]["algorithmProperties"]["nistQuantumSecurityLevel"],
        0
    );
    assert_eq!(component(&bom, "ECDHE")["cryptoProperties"]["algorithmProperties"]["nistQuantumSecurityLevel"], 0);

    // TLS 1.3 suites are never listed under TLS 1.2, and the reverse.
    let tls12 = texts(&component(&bom, "TLSv1.2")["cryptoProperties"]["protocolProperties"]["cipherSuites"], "name");
    assert!(tls12.iter().all(|s| !s.starts_with("TLS_AES") && !s.starts_with("TLS_CHACHA20")), "{tls12:?}");

    // X25519 (0029): negotiated by TN3270A's TLS 1.3 sessions; a classical
    // curve, category 0 against a quantum computer.
    let x25519 = component(&bom, "X25519");
    let algorithm = &x25519["cryptoProperties"]["algorithmProperties"];
    assert_eq!(algorithm["primitive"], "key-agree");
    assert_eq!(algorithm["curve"], "x25519");
    assert_eq!(algorithm["nistQuantumSecurityLevel"], 0);
    assert_eq!(x25519["cryptoProperties"]["oid"], "1.3.101.110");
    assert_eq!(
        x25519["evidence"]["occurrences"][0]["additionalContext"],
        "negotiated with TLSv1.3 by 3 connections of TN3270A from 2026-11-22 to 2026-11-24; \
         rule TN3270-SECURE-RULE, environment action TN3270-ENV-ACTION"
    );

    // Signature pairs are allowed only: NETSTAT prints no negotiated one.
    let rsa = component(&bom, "TLS_SIGALG_SHA256_WITH_RSA");
    assert_eq!(rsa["cryptoProperties"]["oid"], "1.2.840.113549.1.1.11");
    let contexts = texts(&rsa["evidence"]["occurrences"], "additionalContext");
    assert!(contexts.iter().all(|c| c.starts_with("allowed ")), "{contexts:?}");
}

#[test]
fn the_schema_check_rejects_what_cyclonedx_does_not_allow() {
    // The check can fail: an asset type CycloneDX does not have, and a
    // cipher suite with a field it does not define.
    let mut bom = cbom(samples(), &["--system", "SYSB"]);
    assert_eq!(schema_errors(&bom), Vec::<String>::new());
    bom["components"][0]["cryptoProperties"]["assetType"] = "cipher-suite".into();
    bom["components"][1]["cryptoProperties"]["protocolProperties"]["cipherSuites"][0]["grade"] = "weak".into();
    let errors = schema_errors(&bom);
    assert!(errors.iter().any(|e| e.starts_with("/components/0/cryptoProperties/assetType")), "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("/components/1/cryptoProperties/protocolProperties")), "{errors:?}");
}

#[test]
fn the_bom_keeps_to_the_period_and_system_asked_for() {
    // SYSB on the 24th: IZUSVR1's 9C11 negotiated TLS 1.3 with 1302 and
    // secp256r1; the one rule captured that day, ZOSMF-HTTPS-RULE, has
    // TLSV1.2 and TLSV1.3 On. No TLS 1.0: PAYXFER was not seen that day.
    let bom = cbom(samples(), &["--system", "sysb", "--from", "2026-11-24"]);
    let protocols: Vec<&str> = components(&bom, "protocol").iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(protocols, ["TLSv1.2", "TLSv1.3"]);
    let secp256r1 = component(&bom, "secp256r1");
    assert_eq!(
        texts(&secp256r1["evidence"]["occurrences"], "additionalContext")[0],
        "negotiated with TLSv1.3 by 1 connection of IZUSVR1 on 2026-11-24; \
         rule ZOSMF-HTTPS-RULE, environment action ZOSMF-SERVER-ENV"
    );
    let scope: Vec<(String, String)> = bom["metadata"]["properties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_owned(), p["value"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        scope,
        [("ttlsinv:from".to_owned(), "2026-11-24".to_owned()), ("ttlsinv:system".to_owned(), "sysb".to_owned())]
    );
}

#[test]
fn cbom_refuses_what_does_not_apply_to_it() {
    let dir = TestDir::new();
    let out = dir.path("bom.json");
    let out = out.to_str().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (&["--table", "rules"], "--format cbom writes one BOM of the whole inventory: --table, --view, --report"),
        (&["--job", "CICS*"], "--format cbom takes --from, --to, --system and --stack"),
        (&["--disable", "000A"], "--format cbom takes --from, --to, --system and --stack"),
    ];
    for (args, message) in cases {
        let output = samples().run(&[&["export", "--format", "cbom", "--out", out], args].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
        assert!(!dir.path("bom.json").exists(), "{args:?}");
    }
    let output = samples().run(&["export", "--table", "rules"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--out DIR"), "{}", stderr(&output));
}

/// The hybrid fixture, ingested.
fn quantum() -> TestDir {
    let dir = TestDir::new();
    let output = dir.run(&["ingest", "-q", project("tests/fixtures/quantum").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    dir
}

/// The quantum tree with ZOSMF-PQC-ENV's key share groups taken out of
/// both its prints: TLSv1.3 on, no `ClientKeyShareGroups` nor
/// `ServerKeyShareGroups`, so System SSL's default groups, which no capture
/// prints and which may hold a hybrid one. ZOSMF-PQC-RULE is not a rule
/// with no alternative (review 14a F7) but one on default groups;
/// MQ-TLS12-RULE (TLS 1.2 alone) still has none. The sessions are as
/// printed: 3 negotiated, 2 vulnerable.
#[test]
fn a_tls_1_3_rule_on_default_key_share_groups_is_not_said_to_have_no_alternative() {
    let dir = TestDir::new();
    let text = std::fs::read_to_string(project("tests/fixtures/quantum/SYSQ/20261201/netstat.txt")).unwrap();
    let groups = "    ClientKeyShareGroups:       0029 X25519
    ServerKeyShareGroups:       4588 X25519MLKEM768
                                0029 X25519
                                0023 secp256r1
";
    assert_eq!(text.matches(groups).count(), 2);
    dir.write("q/SYSQ/20261201/netstat.txt", text.replace(groups, ""));
    let output = dir.run(&["ingest", "-q", dir.path("q").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = dir.run(&["report", "quantum", "--format", "csv"]);
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "date,system,stack,tls_connections,vulnerable_connections,vulnerable_pct,vulnerable_bytes,\
         resistant_connections,unknown_connections,rules_without_alternative,rules_on_default_groups\n\
         2026-12-01,SYSQ,TCPIP,3,2,66.7,1573373,1,0,MQ-TLS12-RULE,ZOSMF-PQC-RULE\n"
    );
}

#[test]
fn a_hybrid_ml_kem_key_share_is_not_quantum_vulnerable() {
    // tests/fixtures/quantum: C3A1 negotiated 4588 X25519MLKEM768 (hybrid),
    // C3B7 0029 X25519 under TLS 1.3, C402 C030 (ECDHE) under TLS 1.2.
    let dir = quantum();
    assert_eq!(
        dir.csv("SELECT conn_id, key_share, quantum_vulnerable FROM v_connections WHERE tls_state = 'negotiated' ORDER BY conn_id"),
        "conn_id,key_share,quantum_vulnerable\n0000C3A1,4588,0\n0000C3B7,0029,1\n0000C402,,1\n"
    );
    // Traffic of the two vulnerable ones from BYTEINFO: C3B7 52310 + 911876,
    // C402 310456 + 298731 = 1573373. MQ-TLS12-ENV lists no ML-KEM group;
    // ZOSMF-PQC-ENV lists 4588.
    let output = dir.run(&["report", "quantum", "--format", "csv"]);
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "date,system,stack,tls_connections,vulnerable_connections,vulnerable_pct,vulnerable_bytes,\
         resistant_connections,unknown_connections,rules_without_alternative,rules_on_default_groups\n\
         2026-12-01,SYSQ,TCPIP,3,2,66.7,1573373,1,0,MQ-TLS12-RULE,\n"
    );

    let bom = cbom(&dir, &[]);
    assert_eq!(schema_errors(&bom), Vec::<String>::new());
    let hybrid = component(&bom, "X25519MLKEM768");
    assert_eq!(hybrid["bom-ref"], "group:4588");
    let algorithm = &hybrid["cryptoProperties"]["algorithmProperties"];
    assert_eq!(algorithm["primitive"], "kem");
    assert_eq!(algorithm["parameterSetIdentifier"], "768");
    assert_eq!(algorithm["nistQuantumSecurityLevel"], 3);
    assert_eq!(
        texts(&hybrid["evidence"]["occurrences"], "additionalContext"),
        [
            "negotiated with TLSv1.3 by 1 connection of IZUSVR1 on 2026-12-01; rule ZOSMF-PQC-RULE, \
             environment action ZOSMF-PQC-ENV",
            "allowed on 2026-12-01 by ServerKeyShareGroups of environment action ZOSMF-PQC-ENV; \
             rule ZOSMF-PQC-RULE (JobName IZUSVR1)",
        ]
    );
    // X25519 alone stays category 0; TLS 1.3 refers to both.
    assert_eq!(component(&bom, "X25519")["cryptoProperties"]["algorithmProperties"]["nistQuantumSecurityLevel"], 0);
    let refs = &component(&bom, "TLSv1.3")["cryptoProperties"]["protocolProperties"]["cryptoRefArray"];
    let refs: Vec<&str> = refs.as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(refs.contains(&"group:4588") && refs.contains(&"group:0029"), "{refs:?}");
}
