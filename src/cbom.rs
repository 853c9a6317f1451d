//! A CycloneDX 1.6 cryptographic bill of materials (CBOM) of what the
//! inventory saw: the protocol versions, cipher suites, key share groups and
//! signature pairs that connections negotiated or that AT-TLS policy
//! allows, each with the places it was seen.
//!
//! Pure: typed rows in (what `sql/export/cbom.sql` reads), JSON out; the
//! catalog supplies names, OIDs and security levels.
//!
//! How CycloneDX holds it:
//! - one `protocol` component per version (`TLSv1.2`): `protocolProperties`
//!   lists in `cipherSuites` every suite negotiated with that version or
//!   allowed beside it by a rule that the version can carry it for, and in
//!   `cryptoRefArray` the groups and signature pairs seen with it (a
//!   group a rule lists only with the protocols that can use it: see
//!   `uses`);
//! - one `algorithm` component per key share group (primitive `key-agree`,
//!   or `kem` for ML-KEM and its hybrids) and per signature pair (primitive
//!   `signature`), with the OID and NIST quantum security category where
//!   known;
//! - each component's `evidence.occurrences`: one per place, `location`
//!   `SYSTEM/STACK/RULE`, `additionalContext` saying negotiated or allowed,
//!   by what, which jobs, how many connections and the dates. A suite's
//!   places are occurrences of its protocol with the suite's name as
//!   `symbol`, since CycloneDX gives a cipher suite no evidence of its own.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::catalog::{self, Protocol};
use crate::disable::Kind;

/// Whether connections negotiated it or a rule's settings allow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    Negotiated,
    Allowed,
}

/// One place an asset was seen: a row of `sql/export/cbom.sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub used: Use,
    pub kind: Kind,
    /// `TLSv1.2`, `C02F`, `0029`, `0401`.
    pub code: String,
    /// For a negotiated suite or group: the protocol it was negotiated with.
    pub protocol: Option<String>,
    pub system: String,
    pub stack: String,
    /// NULL when no report of the snapshot named the rule.
    pub rule: Option<String>,
    /// `environment` or `connection`.
    pub action: Option<String>,
    pub action_name: Option<String>,
    /// For what is allowed: the settings that list it (`V3CipherSuites`).
    pub settings: Option<String>,
    /// Negotiated: the jobs of the connections; allowed: the rule's JobName.
    pub jobs: Option<String>,
    /// Negotiated: connections, each counted once (from the daily
    /// summaries of pruned days: the most on one day).
    pub connections: Option<i64>,
    pub first_date: String,
    pub last_date: String,
    /// Negotiated: read from the daily summaries of days whose facts
    /// `ttlsinv prune` deleted, which keep no rule or action. Allowed: read
    /// (in part) from the last print of a rule or action a prune kept.
    pub pruned: bool,
}

/// What the BOM says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `urn:uuid:…`, new for each BOM.
    pub serial_number: String,
    /// When it was written, RFC 3339.
    pub timestamp: String,
    /// The filters it was written with, `(name, value)`.
    pub scope: Vec<(String, String)>,
    /// What `ttlsinv prune` deleted of the period, and how the BOM reads it.
    pub pruned: Option<String>,
}

/// The BOM of `sightings`.
pub fn bom(sightings: &[Sighting], header: &Header) -> Value {
    let mut protocols: BTreeMap<Protocol, ProtocolAsset> = BTreeMap::new();
    let mut algorithms: BTreeMap<(Kind, String), Vec<&Sighting>> = BTreeMap::new();
    // The protocols each rule allows, to place its suites, groups and pairs.
    let mut rule_protocols: BTreeMap<(&str, &str, Option<&str>), BTreeSet<Protocol>> = BTreeMap::new();
    for s in sightings.iter().filter(|s| s.kind == Kind::Protocol && s.used == Use::Allowed) {
        if let Some(protocol) = Protocol::parse(&s.code) {
            rule_protocols.entry(place(s)).or_default().insert(protocol);
        }
    }
    let none = BTreeSet::new();
    for s in sightings {
        let with: Vec<Protocol> = match (&s.protocol, s.kind) {
            (_, Kind::Protocol) => Protocol::parse(&s.code).into_iter().collect(),
            (Some(protocol), _) => Protocol::parse(protocol).into_iter().collect(),
            (None, _) => rule_protocols.get(&place(s)).unwrap_or(&none).iter().copied().collect(),
        };
        match s.kind {
            Kind::Protocol => {
                for p in with {
                    protocols.entry(p).or_default().occurrences.push(occurrence(s, None));
                }
            }
            Kind::Cipher => {
                for p in with.into_iter().filter(|p| carries(*p, &s.code)) {
                    let asset = protocols.entry(p).or_default();
                    asset.suites.insert(s.code.clone());
                    asset.occurrences.push(occurrence(s, Some(suite_name(&s.code))));
                }
            }
            Kind::Group => {
                // A rule's group no protocol it has on can use is not allowed by it.
                let used: Vec<Protocol> = with
                    .iter()
                    .copied()
                    .filter(|p| s.settings.as_deref().is_none_or(|settings| uses(*p, settings, &s.code)))
                    .collect();
                if used.is_empty() && !with.is_empty() {
                    continue;
                }
                for p in used {
                    protocols.entry(p).or_default().refs.insert(reference(s.kind, &s.code));
                }
                algorithms.entry((s.kind, s.code.clone())).or_default().push(s);
            }
            Kind::SignaturePair => {
                for p in with {
                    protocols.entry(p).or_default().refs.insert(reference(s.kind, &s.code));
                }
                algorithms.entry((s.kind, s.code.clone())).or_default().push(s);
            }
        }
    }

    let mut components: Vec<Value> = protocols.iter().map(|(p, asset)| protocol_component(*p, asset)).collect();
    components.extend(algorithms.iter().map(|((kind, code), seen)| algorithm_component(*kind, code, seen)));
    // The suites' own algorithms, each once: where they were seen is where their suites were.
    let parts: BTreeMap<String, Value> =
        protocols.values().flat_map(|asset| &asset.suites).flat_map(|code| suite_algorithms(code)).collect();
    components.extend(parts.into_values());
    let pruned = header.pruned.iter().map(|note| ("pruned".to_owned(), note.clone()));
    let properties: Vec<Value> = header
        .scope
        .iter()
        .cloned()
        .chain(pruned)
        .map(|(name, value)| json!({"name": format!("ttlsinv:{name}"), "value": value}))
        .collect();
    let mut metadata = json!({
        "timestamp": header.timestamp,
        "tools": {"components": [{
            "type": "application",
            "name": "ttlsinv",
            "version": env!("CARGO_PKG_VERSION"),
            "description": env!("CARGO_PKG_DESCRIPTION"),
        }]},
    });
    if !properties.is_empty() {
        metadata["properties"] = Value::Array(properties);
    }
    json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": header.serial_number,
        "version": 1,
        "metadata": metadata,
        "components": components,
    })
}

/// The rule a row belongs to: system, stack, rule.
fn place(s: &Sighting) -> (&str, &str, Option<&str>) {
    (&s.system, &s.stack, s.rule.as_deref())
}

/// A protocol version with what was seen with it.
#[derive(Debug, Default)]
struct ProtocolAsset {
    /// Cipher suite codes.
    suites: BTreeSet<String>,
    /// bom-refs of groups and signature pairs.
    refs: BTreeSet<String>,
    occurrences: Vec<Value>,
}

/// Whether `protocol` can carry the suite `code`: TLS 1.3 suites only
/// TLSv1.3, SSLv2 specs only SSLv2, the others their oldest protocol up to
/// TLSv1.2. A suite the catalog does not know is kept with every protocol.
fn carries(protocol: Protocol, code: &str) -> bool {
    let Some(suite) = catalog::decode_cipher(code).known() else { return true };
    match suite.protocol_min {
        Protocol::TlsV1_3 | Protocol::SslV2 => protocol == suite.protocol_min,
        min => (min..=Protocol::TlsV1_2).contains(&protocol),
    }
}

/// Whether `protocol` can use the group `code` a rule lists in `settings`
/// (comma-separated): the key share groups (`ClientKeyShareGroups`,
/// `ServerKeyShareGroups`) only TLSv1.3, which alone has key shares; the
/// ECDHE curves (`ClientECurves`, `ServerKexECurves`) TLS 1.0 to 1.2 (RFC
/// 8422), never a post-quantum group.
fn uses(protocol: Protocol, settings: &str, code: &str) -> bool {
    let classical = catalog::decode_group(code).known().is_none_or(|group| group.quantum_vulnerable);
    settings.split(',').any(|setting| {
        if setting.ends_with("KeyShareGroups") {
            protocol == Protocol::TlsV1_3
        } else {
            classical && (Protocol::TlsV1_0..=Protocol::TlsV1_2).contains(&protocol)
        }
    })
}

fn suite_name(code: &str) -> String {
    catalog::decode_cipher(code).known().map_or_else(|| code.to_owned(), |suite| suite.name.clone())
}

/// The component's bom-ref: the kind's word as `--disable` takes it and the
/// code (`group:0029`, `sigpair:0401`).
fn reference(kind: Kind, code: &str) -> String {
    let word = match kind {
        Kind::Protocol => "protocol",
        Kind::Cipher => "cipher",
        Kind::Group => "group",
        Kind::SignaturePair => "sigpair",
    };
    format!("{word}:{code}")
}

/// Where and how `s` was seen, as a CycloneDX occurrence.
fn occurrence(s: &Sighting, symbol: Option<String>) -> Value {
    let location = match &s.rule {
        Some(rule) => format!("{}/{}/{rule}", s.system, s.stack),
        None => format!("{}/{}", s.system, s.stack),
    };
    let dates = if s.first_date == s.last_date {
        format!("on {}", s.first_date)
    } else {
        format!("from {} to {}", s.first_date, s.last_date)
    };
    let action = match (&s.action, &s.action_name) {
        (Some(kind), Some(name)) => format!("{kind} action {name}"),
        (_, Some(name)) => format!("action {name}"),
        _ => "no action captured".to_owned(),
    };
    let rule = s.rule.as_deref().map_or_else(|| "rule not captured".to_owned(), |rule| format!("rule {rule}"));
    let context = match s.used {
        Use::Negotiated => {
            let with = s.protocol.as_deref().map(|p| format!(" with {p}")).unwrap_or_default();
            let connections = s.connections.unwrap_or(0);
            let plural = if connections == 1 { "" } else { "s" };
            let jobs = s.jobs.as_deref().unwrap_or("unknown jobs");
            if s.pruned {
                format!(
                    "negotiated{with} by {jobs} {dates}, {connections} connection{plural} on the busiest day; from the \
                     daily summaries of days whose facts ttlsinv prune deleted, which keep no rule or action"
                )
            } else {
                format!("negotiated{with} by {connections} connection{plural} of {jobs} {dates}; {rule}, {action}")
            }
        }
        Use::Allowed => {
            // A protocol is allowed by its switch, as TTLS DETAIL prints it.
            let switch = match Protocol::parse(&s.code).filter(|_| s.kind == Kind::Protocol) {
                Some(Protocol::TlsV1_0) => Some("TLSV1 On".to_owned()),
                Some(p) => Some(format!("{} On", p.as_str().to_ascii_uppercase())),
                None => None,
            };
            let settings = switch.as_deref().or(s.settings.as_deref()).unwrap_or("settings");
            let jobs = s.jobs.as_deref().map(|j| format!(" (JobName {j})")).unwrap_or_default();
            let kept = if s.pruned {
                "; dated by the prints ttlsinv prune kept: of the days it pruned, only the last print of each rule \
                 and action is kept, so it may have been allowed on pruned days after those dates too"
            } else {
                ""
            };
            format!("allowed {dates} by {settings} of {action}; {rule}{jobs}{kept}")
        }
    };
    let mut o = Map::new();
    o.insert("location".into(), location.into());
    if let Some(symbol) = symbol {
        o.insert("symbol".into(), symbol.into());
    }
    o.insert("additionalContext".into(), context.into());
    Value::Object(o)
}

fn protocol_component(protocol: Protocol, asset: &ProtocolAsset) -> Value {
    let (kind, version) = match protocol {
        Protocol::SslV2 => ("other", "2.0"),
        Protocol::SslV3 => ("other", "3.0"),
        Protocol::TlsV1_0 => ("tls", "1.0"),
        Protocol::TlsV1_1 => ("tls", "1.1"),
        Protocol::TlsV1_2 => ("tls", "1.2"),
        Protocol::TlsV1_3 => ("tls", "1.3"),
    };
    let suites: Vec<Value> = asset.suites.iter().map(|code| cipher_suite(code)).collect();
    let mut properties = json!({"type": kind, "version": version, "cipherSuites": suites});
    if !asset.refs.is_empty() {
        properties["cryptoRefArray"] = json!(asset.refs);
    }
    json!({
        "type": "cryptographic-asset",
        "bom-ref": reference(Kind::Protocol, protocol.as_str()),
        "name": protocol.as_str(),
        "cryptoProperties": {"assetType": "protocol", "protocolProperties": properties},
        "evidence": {"occurrences": asset.occurrences},
        "properties": [
            {"name": "ttlsinv:grade", "value": protocol.grade().as_str()},
            {"name": "ttlsinv:negotiated", "value": negotiated(&asset.occurrences)},
        ],
    })
}

/// `"true"` when one of the occurrences is a negotiation.
fn negotiated(occurrences: &[Value]) -> &'static str {
    let any = occurrences.iter().any(|o| o["additionalContext"].as_str().is_some_and(|c| c.starts_with("negotiated")));
    if any {
        "true"
    } else {
        "false"
    }
}

/// A suite as CycloneDX lists it under a protocol: its IANA name, the
/// bom-refs of its key exchange and bulk cipher, and its two code bytes
/// (`0xC0`, `0x2F`).
fn cipher_suite(code: &str) -> Value {
    let mut suite = json!({"name": suite_name(code)});
    let algorithms: Vec<String> = suite_algorithms(code).into_iter().map(|(reference, _)| reference).collect();
    if !algorithms.is_empty() {
        suite["algorithms"] = json!(algorithms);
    }
    if code.len() == 4 && code.chars().all(|c| c.is_ascii_hexdigit()) {
        suite["identifiers"] = json!([format!("0x{}", &code[..2]), format!("0x{}", &code[2..])]);
    }
    suite
}

/// The algorithm components of a suite, `(bom-ref, component)`: its key
/// exchange (none for TLS 1.3 suites, whose group decides) and its bulk
/// cipher (none for NULL suites).
fn suite_algorithms(code: &str) -> Vec<(String, Value)> {
    let Some(suite) = catalog::decode_cipher(code).known() else { return Vec::new() };
    let mut parts = Vec::new();
    // Every classical key exchange falls to a quantum computer: category 0.
    let kex = match suite.kex.as_str() {
        "RSA" => Some(("pke", ["encrypt", "decrypt"])),
        "DH" | "DHE" | "ECDH" | "ECDHE" => Some(("key-agree", ["keygen", "keyderive"])),
        _ => None,
    };
    if let Some((primitive, functions)) = kex {
        let properties = json!({"primitive": primitive, "cryptoFunctions": functions, "nistQuantumSecurityLevel": 0});
        parts.push(part(&suite.kex, properties, None));
    }
    if let Some((name, properties, oid)) = bulk_cipher(&suite.enc, suite.enc_bits, &suite.mode) {
        parts.push(part(&name, properties, oid));
    }
    parts
}

fn part(name: &str, properties: Value, oid: Option<&str>) -> (String, Value) {
    let reference = format!("algorithm:{name}");
    let mut crypto = json!({"assetType": "algorithm"});
    crypto["algorithmProperties"] = properties;
    if let Some(oid) = oid {
        crypto["oid"] = oid.into();
    }
    let component =
        json!({"type": "cryptographic-asset", "bom-ref": reference, "name": name, "cryptoProperties": crypto});
    (reference, component)
}

/// Name, `algorithmProperties` and OID of a suite's bulk cipher
/// (`AES-128-GCM`); `None` for NULL encryption.
fn bulk_cipher(enc: &str, bits: u16, mode: &str) -> Option<(String, Value, Option<&'static str>)> {
    let name = match (enc, mode) {
        ("NULL" | "-", _) => return None,
        ("3DES", _) => "DES-EDE3-CBC".to_owned(),
        ("CHACHA20", _) => "ChaCha20-Poly1305".to_owned(),
        ("RC4", _) => format!("RC4-{bits}"),
        (_, "CCM_8") => format!("{enc}-{bits}-CCM-8"),
        _ => format!("{enc}-{bits}-{mode}"),
    };
    let aead = matches!(mode, "GCM" | "CCM" | "CCM_8" | "CHACHA20-POLY1305");
    let primitive = if aead {
        "ae"
    } else if mode == "STREAM" {
        "stream-cipher"
    } else {
        "block-cipher"
    };
    let mut properties = json!({
        "primitive": primitive,
        "parameterSetIdentifier": bits.to_string(),
        "cryptoFunctions": ["encrypt", "decrypt"],
        "classicalSecurityLevel": if enc == "3DES" { 112 } else { bits },
    });
    if let Some(mode) = match mode {
        "CBC" => Some("cbc"),
        "GCM" => Some("gcm"),
        "CCM" | "CCM_8" => Some("ccm"),
        _ => None,
    } {
        properties["mode"] = mode.into();
    }
    // NIST's categories 1, 3 and 5 are the cost of a key search on AES-128,
    // -192 and -256; ciphers weaker than AES-128 meet none (0).
    let quantum = match (enc, bits) {
        ("AES", 128) => Some(1),
        ("AES", 192) => Some(3),
        ("AES", 256) => Some(5),
        ("3DES" | "DES" | "RC4" | "RC2", _) => Some(0),
        _ => None,
    };
    if let Some(level) = quantum {
        properties["nistQuantumSecurityLevel"] = level.into();
    }
    let oid = match name.as_str() {
        "AES-128-CBC" => Some("2.16.840.1.101.3.4.1.2"),
        "AES-128-GCM" => Some("2.16.840.1.101.3.4.1.6"),
        "AES-128-CCM" => Some("2.16.840.1.101.3.4.1.7"),
        "AES-256-CBC" => Some("2.16.840.1.101.3.4.1.42"),
        "AES-256-GCM" => Some("2.16.840.1.101.3.4.1.46"),
        "AES-256-CCM" => Some("2.16.840.1.101.3.4.1.47"),
        "DES-EDE3-CBC" => Some("1.2.840.113549.3.7"),
        "ChaCha20-Poly1305" => Some("1.2.840.113549.1.9.16.3.18"),
        _ => None,
    };
    Some((name, properties, oid))
}

fn algorithm_component(kind: Kind, code: &str, seen: &[&Sighting]) -> Value {
    let (name, grade, properties, oid) = match kind {
        Kind::Group => group_properties(code),
        _ => signature_properties(code),
    };
    let occurrences: Vec<Value> = seen.iter().map(|s| occurrence(s, None)).collect();
    let mut crypto = json!({"assetType": "algorithm", "algorithmProperties": properties});
    if let Some(oid) = oid {
        crypto["oid"] = oid.into();
    }
    json!({
        "type": "cryptographic-asset",
        "bom-ref": reference(kind, code),
        "name": name,
        "cryptoProperties": crypto,
        "evidence": {"occurrences": occurrences},
        "properties": [
            {"name": "ttlsinv:code", "value": code},
            {"name": "ttlsinv:grade", "value": grade},
            {"name": "ttlsinv:negotiated", "value": negotiated(&occurrences)},
        ],
    })
}

/// Name, grade, `algorithmProperties` and OID of a key share group.
fn group_properties(code: &str) -> (String, &'static str, Value, Option<&'static str>) {
    let Some(group) = catalog::decode_group(code).known() else {
        return (code.to_owned(), "unknown", json!({"primitive": "unknown"}), None);
    };
    let name = group.name.clone();
    let upper = name.to_ascii_uppercase();
    // ML-KEM's parameter set names its NIST category (FIPS 203 §8).
    let mlkem = upper.find("MLKEM").map(|at| &upper[at + 5..]);
    let mut properties = Map::new();
    properties.insert("primitive".into(), if mlkem.is_some() { "kem" } else { "key-agree" }.into());
    let (curve, oid, classical) = curve(group.iana_value);
    if let Some(curve) = curve {
        properties.insert("curve".into(), curve.into());
    }
    if let Some(set) = mlkem {
        properties.insert("parameterSetIdentifier".into(), set.into());
    }
    let functions: &[&str] = if mlkem.is_some() { &["keygen", "encapsulate", "decapsulate"] } else { &["keygen"] };
    properties.insert("cryptoFunctions".into(), json!(functions));
    if let Some(bits) = classical {
        properties.insert("classicalSecurityLevel".into(), bits.into());
    }
    let quantum = match mlkem {
        Some("512") => Some(1),
        Some("768") => Some(3),
        Some("1024") => Some(5),
        Some(_) => None,
        // Shor's algorithm breaks every classical (EC)DH group.
        None => group.quantum_vulnerable.then_some(0),
    };
    if let Some(level) = quantum {
        properties.insert("nistQuantumSecurityLevel".into(), level.into());
    }
    (name, group.grade.as_str(), Value::Object(properties), oid)
}

/// The curve name, OID and classical security bits of the groups with one
/// (SEC 2, RFC 5639, RFC 8410, RFC 7919, FIPS 203, hybrids by their curve).
fn curve(value: u16) -> (Option<&'static str>, Option<&'static str>, Option<u16>) {
    match value {
        19 => (Some("secp192r1"), Some("1.2.840.10045.3.1.1"), Some(96)),
        21 => (Some("secp224r1"), Some("1.3.132.0.33"), Some(112)),
        23 => (Some("secp256r1"), Some("1.2.840.10045.3.1.7"), Some(128)),
        24 => (Some("secp384r1"), Some("1.3.132.0.34"), Some(192)),
        25 => (Some("secp521r1"), Some("1.3.132.0.35"), Some(256)),
        26 => (Some("brainpoolP256r1"), Some("1.3.36.3.3.2.8.1.1.7"), Some(128)),
        27 => (Some("brainpoolP384r1"), Some("1.3.36.3.3.2.8.1.1.11"), Some(192)),
        28 => (Some("brainpoolP512r1"), Some("1.3.36.3.3.2.8.1.1.13"), Some(256)),
        29 => (Some("x25519"), Some("1.3.101.110"), Some(128)),
        30 => (Some("x448"), Some("1.3.101.111"), Some(224)),
        256 => (None, None, Some(103)),
        257 => (None, None, Some(125)),
        258 => (None, None, Some(150)),
        259 => (None, None, Some(175)),
        260 => (None, None, Some(192)),
        512 => (None, Some("2.16.840.1.101.3.4.4.1"), Some(128)),
        513 => (None, Some("2.16.840.1.101.3.4.4.2"), Some(192)),
        514 => (None, Some("2.16.840.1.101.3.4.4.3"), Some(256)),
        4587 => (Some("secp256r1"), None, Some(128)),
        4588 => (Some("x25519"), None, Some(128)),
        4589 => (Some("secp384r1"), None, Some(192)),
        _ => (None, None, None),
    }
}

/// Name, grade, `algorithmProperties` and OID of a signature pair.
fn signature_properties(code: &str) -> (String, &'static str, Value, Option<&'static str>) {
    let Some(pair) = catalog::decode_signature_pair(code).known() else {
        return (code.to_owned(), "unknown", json!({"primitive": "unknown"}), None);
    };
    let quantum = match pair.signature.as_str() {
        "mldsa44" => Some(2),
        "mldsa65" => Some(3),
        "mldsa87" => Some(5),
        "rsa_pkcs1" | "rsa_pss_rsae" | "rsa_pss_pss" | "dsa" | "ecdsa" | "ed25519" | "ed448" => Some(0),
        _ => None,
    };
    let mut properties = json!({"primitive": "signature", "cryptoFunctions": ["sign", "verify"]});
    if let Some(level) = quantum {
        properties["nistQuantumSecurityLevel"] = level.into();
    }
    let oid = signature_oid(&pair.signature, &pair.hash);
    (pair.name.clone(), pair.grade.as_str(), properties, oid)
}

/// The X.509 algorithm OID of a signature with its hash (RFC 8017, RFC 5758,
/// RFC 8410, FIPS 204's registrations).
fn signature_oid(signature: &str, hash: &str) -> Option<&'static str> {
    Some(match (signature, hash) {
        ("rsa_pkcs1", "md5") => "1.2.840.113549.1.1.4",
        ("rsa_pkcs1", "sha1") => "1.2.840.113549.1.1.5",
        ("rsa_pkcs1", "sha224") => "1.2.840.113549.1.1.14",
        ("rsa_pkcs1", "sha256") => "1.2.840.113549.1.1.11",
        ("rsa_pkcs1", "sha384") => "1.2.840.113549.1.1.12",
        ("rsa_pkcs1", "sha512") => "1.2.840.113549.1.1.13",
        ("rsa_pss_rsae" | "rsa_pss_pss", _) => "1.2.840.113549.1.1.10",
        ("ecdsa", "sha1") => "1.2.840.10045.4.1",
        ("ecdsa", "sha224") => "1.2.840.10045.4.3.1",
        ("ecdsa", "sha256") => "1.2.840.10045.4.3.2",
        ("ecdsa", "sha384") => "1.2.840.10045.4.3.3",
        ("ecdsa", "sha512") => "1.2.840.10045.4.3.4",
        ("dsa", "sha1") => "1.2.840.10040.4.3",
        ("dsa", "sha224") => "2.16.840.1.101.3.4.3.1",
        ("dsa", "sha256") => "2.16.840.1.101.3.4.3.2",
        ("ed25519", _) => "1.3.101.112",
        ("ed448", _) => "1.3.101.113",
        ("mldsa44", _) => "2.16.840.1.101.3.4.3.17",
        ("mldsa65", _) => "2.16.840.1.101.3.4.3.18",
        ("mldsa87", _) => "2.16.840.1.101.3.4.3.19",
        _ => return None,
    })
}

/// `urn:uuid:…` of 16 random bytes, with the version (4) and variant bits
/// RFC 4122 sets, as CycloneDX's `serialNumber` wants it.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = crate::digest::hex(&bytes);
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_version_4_uuids() {
        assert_eq!(uuid_v4([0xff; 16]), "urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "urn:uuid:00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn a_protocol_carries_the_suites_of_its_generation() {
        assert!(carries(Protocol::TlsV1_3, "1301"));
        assert!(!carries(Protocol::TlsV1_2, "1301"));
        assert!(carries(Protocol::TlsV1_0, "000A"));
        assert!(carries(Protocol::TlsV1_2, "000A"));
        assert!(!carries(Protocol::TlsV1_3, "000A"));
        // C02F needs TLS 1.2 (GCM).
        assert!(!carries(Protocol::TlsV1_1, "C02F"));
        // A code no registry knows is kept wherever it was allowed.
        assert!(carries(Protocol::TlsV1_3, "13FF"));
    }

    #[test]
    fn key_share_groups_are_tls_1_3_s_and_curves_older_protocols_classical_ones() {
        assert!(uses(Protocol::TlsV1_3, "ServerKeyShareGroups", "4588"));
        assert!(!uses(Protocol::TlsV1_2, "ClientKeyShareGroups,ServerKeyShareGroups", "4588"));
        assert!(uses(Protocol::TlsV1_2, "ClientECurves,ServerKeyShareGroups", "0023"));
        assert!(!uses(Protocol::TlsV1_3, "ClientECurves", "0023"));
        assert!(!uses(Protocol::SslV3, "ServerKexECurves", "0023"));
        assert!(!uses(Protocol::TlsV1_2, "ClientECurves", "4588"));
    }

    #[test]
    fn ml_kem_groups_name_their_nist_category() {
        let (name, _, properties, oid) = group_properties("4588");
        assert_eq!(name, "X25519MLKEM768");
        assert_eq!(properties["primitive"], "kem");
        assert_eq!(properties["nistQuantumSecurityLevel"], 3);
        assert_eq!(oid, None);
        let (_, _, properties, oid) = group_properties("0514");
        assert_eq!(properties["nistQuantumSecurityLevel"], 5);
        assert_eq!(oid, Some("2.16.840.1.101.3.4.4.3"));
        let (_, grade, properties, oid) = group_properties("0023");
        assert_eq!((grade, oid), ("recommended", Some("1.2.840.10045.3.1.7")));
        assert_eq!(properties["nistQuantumSecurityLevel"], 0);
        assert_eq!(properties["classicalSecurityLevel"], 128);
    }
}
