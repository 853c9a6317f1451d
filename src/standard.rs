//! Compliance standards: what each allows, as data files in
//! `data/standards/` compiled into the binary, each with its source and
//! date. A standard is turned into the protocols, cipher suites and groups
//! it allows, as the codes the database stores, for `report compliance`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use thiserror::Error;

use crate::catalog::{self, CipherSuite, Lookup, Protocol};

macro_rules! standards {
    ($($name:literal,)*) => {
        /// Every standard's file, `(name, JSON)`, in the order they are listed.
        pub const FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../data/standards/", $name, ".json"))),)*
        ];
    };
}

standards! {
    "nist-800-52r2",
    "pci-dss-4",
    "mozilla-intermediate-5.7",
    "mozilla-modern-5.7",
    "mozilla-intermediate-6.0",
    "mozilla-modern-6.0",
    "cnsa-2.0",
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum StandardError {
    #[error("no standard named `{0}`; the standards are: {1}")]
    Unknown(String, String),
    #[error("standard {0}: {1}")]
    Invalid(String, String),
}

/// A standard, read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standard {
    pub name: String,
    pub title: String,
    pub source: String,
    pub date: String,
    /// The protocols it allows (always checked).
    pub protocols: Vec<String>,
    /// The cipher suites it allows; `None` when it names none.
    pub ciphers: Option<Vec<String>>,
    /// The key share groups it allows; `None` when it does not say.
    pub groups: Option<Vec<String>>,
}

impl Standard {
    /// The standard as the `compliance` report's parameter takes it.
    pub fn to_json(&self) -> Value {
        let mut allow = Map::new();
        allow.insert("protocol".into(), json!(self.protocols));
        if let Some(ciphers) = &self.ciphers {
            allow.insert("cipher".into(), json!(ciphers));
        }
        if let Some(groups) = &self.groups {
            allow.insert("group".into(), json!(groups));
        }
        json!({ "name": self.name, "allow": allow })
    }
}

/// The file of the standard called `name`, as the repository holds it.
pub fn path(name: &str) -> String {
    format!("data/standards/{name}.json")
}

/// The names of every standard.
pub fn names() -> Vec<&'static str> {
    FILES.iter().map(|(name, _)| *name).collect()
}

/// The standard called `name`, or every standard for `all`.
///
/// # Errors
/// No standard has that name, or its file does not read.
pub fn find(name: &str) -> Result<Vec<Standard>, StandardError> {
    if name.eq_ignore_ascii_case("all") {
        return FILES.iter().map(|(name, text)| read(name, text)).collect();
    }
    let (name, text) = FILES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .ok_or_else(|| StandardError::Unknown(name.to_string(), names().join(", ")))?;
    Ok(vec![read(name, text)?])
}

/// Reads one standard's file and resolves what it allows against the catalog.
fn read(name: &str, text: &str) -> Result<Standard, StandardError> {
    let invalid = |what: String| StandardError::Invalid(name.to_string(), what);
    let doc: Value = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let field = |key: &str| {
        doc.get(key).and_then(Value::as_str).map(str::to_string).ok_or_else(|| invalid(format!("no `{key}`")))
    };
    let protocols = strings(&doc, "protocols")
        .ok_or_else(|| invalid("no `protocols`".into()))?
        .iter()
        .map(|p| {
            Protocol::parse(p).map(|p| p.as_str().to_string()).ok_or_else(|| invalid(format!("`{p}` is no protocol")))
        })
        .collect::<Result<_, _>>()?;
    let ciphers = doc.get("cipher_suites").map(|rule| ciphers(rule).map_err(invalid)).transpose()?;
    let groups = strings(&doc, "groups")
        .map(|names| {
            names
                .iter()
                .map(|n| match catalog::decode_group(n) {
                    Lookup::Known(group) => Ok(group.code.clone()),
                    _ => Err(invalid(format!("`{n}` is no group the catalog knows"))),
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    Ok(Standard {
        name: field("name")?,
        title: field("title")?,
        source: field("source")?,
        date: field("date")?,
        protocols,
        ciphers,
        groups,
    })
}

fn strings(doc: &Value, key: &str) -> Option<Vec<String>> {
    doc.get(key)?.as_array()?.iter().map(|v| v.as_str().map(str::to_string)).collect()
}

/// The suites a `cipher_suites` rule allows: `{"names": [...]}`,
/// `{"nist_800_52r2": true}`, `{"mozilla_5_7": [levels]}`,
/// `{"mozilla_6_0": [levels]}` or `{"forbid": {...}}` (every suite but those
/// with a forbidden property).
fn ciphers(rule: &Value) -> Result<Vec<String>, String> {
    let catalog = catalog::Catalog::get();
    let rule = rule.as_object().ok_or("`cipher_suites` is not an object")?;
    let keep: Box<dyn Fn(&CipherSuite) -> bool> = match rule.iter().next() {
        Some((key, value)) if key == "names" => {
            let names = value.as_array().ok_or("`names` is not a list")?;
            let mut codes = Vec::new();
            for name in names {
                let name = name.as_str().ok_or("a name is not text")?;
                let suite = catalog.decode_cipher(name).known().ok_or(format!("`{name}` is no cipher suite"))?;
                codes.push(suite.code.clone());
            }
            return Ok(codes);
        }
        Some((key, _)) if key == "nist_800_52r2" => Box::new(|s: &CipherSuite| s.nist_800_52r2),
        Some((key, value)) if key == "mozilla_5_7" || key == "mozilla_6_0" => {
            let levels: Vec<String> = value
                .as_array()
                .ok_or("levels are not a list")?
                .iter()
                .filter_map(|l| l.as_str().map(str::to_string))
                .collect();
            let v6 = key == "mozilla_6_0";
            Box::new(move |s: &CipherSuite| {
                let level = if v6 { s.mozilla_6_0 } else { s.mozilla_5_7 };
                levels.iter().any(|l| l == level.as_str())
            })
        }
        Some((key, value)) if key == "forbid" => {
            let forbid: BTreeMap<String, Value> =
                value.as_object().ok_or("`forbid` is not an object")?.clone().into_iter().collect();
            Box::new(move |s: &CipherSuite| !forbidden(s, &forbid))
        }
        _ => return Err("`cipher_suites` takes names, nist_800_52r2, mozilla_5_7, mozilla_6_0 or forbid".into()),
    };
    Ok(catalog.cipher_suites().filter(|s| keep(s)).map(|s| s.code.clone()).collect())
}

/// Whether a suite has a property `forbid` names.
fn forbidden(suite: &CipherSuite, forbid: &BTreeMap<String, Value>) -> bool {
    let flag = |key: &str| forbid.get(key).and_then(Value::as_bool).unwrap_or(false);
    let listed = |key: &str, value: &str| {
        forbid.get(key).and_then(Value::as_array).is_some_and(|l| l.iter().any(|v| v.as_str() == Some(value)))
    };
    let min_bits = forbid.get("min_enc_bits").and_then(Value::as_u64).unwrap_or(0);
    (flag("null_cipher") && suite.null_cipher)
        || (flag("export") && suite.export)
        || (flag("anonymous") && suite.anonymous)
        || listed("enc", &suite.enc)
        || listed("mac", &suite.mac)
        || u64::from(suite.enc_bits) < min_bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_standard_reads_and_cites_its_source_and_date() {
        for standard in find("all").unwrap() {
            assert!(!standard.source.is_empty() && !standard.date.is_empty(), "{}", standard.name);
            assert!(!standard.protocols.is_empty(), "{}", standard.name);
        }
        let files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/standards"))
            .unwrap()
            .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files.len(), FILES.len(), "every file in data/standards is listed in FILES");
    }

    #[test]
    fn pci_dss_4_forbids_early_tls_3des_and_rc4_but_not_aes_cbc() {
        let pci = &find("PCI-DSS-4").unwrap()[0];
        assert_eq!(pci.protocols, ["TLSv1.2", "TLSv1.3"]);
        let ciphers = pci.ciphers.as_ref().unwrap();
        for allowed in ["003C", "002F", "C027", "C030", "1301"] {
            assert!(ciphers.iter().any(|c| c == allowed), "{allowed}");
        }
        // 000A 3DES, 0005 RC4, 0009 DES, 0001 NULL, 0003 export, 0018 anonymous RC4.
        for forbidden in ["000A", "0005", "0009", "0001", "0003", "0018"] {
            assert!(!ciphers.iter().any(|c| c == forbidden), "{forbidden}");
        }
        assert_eq!(pci.groups, None);
    }

    #[test]
    fn mozilla_and_cnsa_lists_resolve_to_codes() {
        let modern = &find("mozilla-modern-5.7").unwrap()[0];
        assert_eq!(modern.ciphers.as_deref().unwrap(), ["1301", "1302", "1303"]);
        assert_eq!(modern.groups.as_deref().unwrap(), ["0029", "0023", "0024"]);
        let cnsa = &find("cnsa-2.0").unwrap()[0];
        assert_eq!(cnsa.ciphers.as_deref().unwrap(), ["1302"]);
        assert_eq!(cnsa.groups.as_deref().unwrap(), ["0514"]);
        assert_eq!(cnsa.protocols, ["TLSv1.3"]);
    }

    #[test]
    fn an_unknown_standard_lists_the_names() {
        let error = find("iso-27001").unwrap_err().to_string();
        assert!(error.starts_with("no standard named `iso-27001`; the standards are: nist-800-52r2, pci-dss-4"));
    }
}
