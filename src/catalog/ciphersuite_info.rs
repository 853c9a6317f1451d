//! ciphersuite.info's grading (hcrudolph/ciphersuite.info, MIT): its two
//! Django fixture files and the rating rule of its `directory/models.py`.
//!
//! `00_vulnerabilities.yaml` gives every named weakness a severity
//! (0 informational, 1 weak, 2 insecure); `01_technologies.yaml` lists the
//! weaknesses of each protocol, key exchange, authentication, encryption and
//! hash component. A suite collects the weaknesses of its components (see
//! [`super::decompose`]) and is graded by the worst one.
//!
//! The fixtures are read by a small reader for exactly their shape — records
//! of `model`, `pk` and `fields` holding single-quoted strings, integers and
//! flow lists — rather than a YAML crate: anything else is an error, which
//! the catalog tests turn into a failure if a refreshed file changes shape.

use std::collections::{BTreeMap, HashMap};

use super::decompose::Components;
use super::embedded::{self, Embedded};
use super::error::CatalogError;
use super::grade::Grade;

/// Weakness name → severity, sorted by name as the reasons text lists them.
pub(super) type Weaknesses = BTreeMap<String, u8>;

/// The component kinds of a suite, one fixture model each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Technology {
    Protocol,
    Kex,
    Auth,
    Enc,
    Hash,
}

pub(super) struct CipherSuiteInfo {
    /// The weaknesses of each component, with their severities.
    weaknesses: HashMap<(Technology, String), Weaknesses>,
}

impl CipherSuiteInfo {
    pub fn read() -> Result<CipherSuiteInfo, CatalogError> {
        let mut severities = HashMap::new();
        let file = &embedded::CSI_VULNERABILITIES;
        for record in records(file)? {
            if record.model != "directory.Vulnerability" {
                return Err(record.invalid(file, "expected directory.Vulnerability"));
            }
            let severity = match record.field("severity") {
                Some(&Value::Integer(severity)) => u8::try_from(severity).ok().filter(|severity| *severity <= 2),
                _ => None,
            }
            .ok_or_else(|| record.invalid(file, "severity must be 0, 1 or 2"))?;
            severities.insert(record.pk, severity);
        }

        let mut weaknesses = HashMap::new();
        let file = &embedded::CSI_TECHNOLOGIES;
        for record in records(file)? {
            let technology = match record.model.as_str() {
                "directory.ProtocolVersion" => Technology::Protocol,
                "directory.KexAlgorithm" => Technology::Kex,
                "directory.AuthAlgorithm" => Technology::Auth,
                "directory.EncAlgorithm" => Technology::Enc,
                "directory.HashAlgorithm" => Technology::Hash,
                _ => return Err(record.invalid(file, "unknown model")),
            };
            let Some(Value::List(names)) = record.field("vulnerabilities") else {
                return Err(record.invalid(file, "vulnerabilities must be a list"));
            };
            let mut component = Weaknesses::new();
            for name in names {
                let severity = severities
                    .get(name)
                    .ok_or_else(|| record.invalid(file, format!("unknown vulnerability {name:?}")))?;
                component.insert(name.clone(), *severity);
            }
            weaknesses.insert((technology, record.pk), component);
        }
        Ok(CipherSuiteInfo { weaknesses })
    }

    /// The weaknesses of a suite's components. A component the fixtures do
    /// not list has none, as on ciphersuite.info, where a new component is
    /// created empty.
    pub fn weaknesses(&self, suite: &Components) -> Weaknesses {
        let protocol = if suite.export { "TLS EXPORT" } else { "TLS" };
        let components = [
            (Technology::Protocol, protocol),
            (Technology::Kex, suite.kex.as_str()),
            (Technology::Auth, suite.auth.as_str()),
            (Technology::Enc, suite.enc.as_str()),
            (Technology::Hash, suite.hash.as_str()),
        ];
        components
            .into_iter()
            .filter_map(|(technology, name)| self.weaknesses.get(&(technology, name.to_owned())))
            .flatten()
            .map(|(name, severity)| (name.clone(), *severity))
            .collect()
    }
}

/// ciphersuite.info's rule: the worst severity decides insecure (2) or weak
/// (1); a suite with no weakness at all, an ephemeral key exchange (or
/// TLS 1.3) and no CCM mode is recommended; anything else is secure.
pub(super) fn grade(suite: &Components, weaknesses: &Weaknesses) -> Grade {
    match weaknesses.values().max() {
        Some(2..) => Grade::Insecure,
        Some(1) => Grade::Weak,
        _ if weaknesses.is_empty() && suite.forward_secret() && !suite.enc.contains("CCM") => Grade::Recommended,
        _ => Grade::Secure,
    }
}

/// `Non-ephemeral Key Exchange(1); RSA Authentication(0)`: each weakness
/// with its severity, by name. A suite that is secure without any weakness
/// gets the reason it is not recommended instead.
pub(super) fn reasons(suite: &Components, grade: Grade, weaknesses: &Weaknesses) -> String {
    if grade == Grade::Secure && weaknesses.is_empty() {
        return if suite.enc.contains("CCM") {
            "CCM mode (not recommended by ciphersuite.info)".to_owned()
        } else {
            "key exchange not ephemeral (EC)DHE (not recommended by ciphersuite.info)".to_owned()
        };
    }
    let reasons: Vec<String> = weaknesses.iter().map(|(name, severity)| format!("{name}({severity})")).collect();
    reasons.join("; ")
}

/// One fixture record: `- model: …`, `pk: …`, `fields:` and its fields.
struct Record {
    line: u64,
    model: String,
    pk: String,
    fields: Vec<(String, Value)>,
}

impl Record {
    fn field(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    fn invalid(&self, file: &Embedded, reason: impl Into<String>) -> CatalogError {
        CatalogError::invalid(file.path, self.line, format!("{} {:?}: {}", self.model, self.pk, reason.into()))
    }
}

/// A scalar or flow list, the only values the fixtures use.
#[derive(Debug, PartialEq)]
enum Value {
    Text(String),
    Integer(i64),
    List(Vec<String>),
}

/// Reads the records of a fixture file. Comments and blank lines are
/// skipped; every other line must be one of the four shapes of a record.
fn records(file: &Embedded) -> Result<Vec<Record>, CatalogError> {
    let mut records: Vec<Record> = Vec::new();
    for (number, line) in (1..).zip(file.text.lines()) {
        let invalid = |reason: &str| CatalogError::invalid(file.path, number, format!("{reason}: {line:?}"));
        let trimmed = line.trim_end();
        if trimmed.trim_start().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        if let Some(model) = trimmed.strip_prefix("- model: ") {
            records.push(Record { line: number, model: model.to_owned(), pk: String::new(), fields: Vec::new() });
            continue;
        }
        let record = records.last_mut().ok_or_else(|| invalid("line before the first record"))?;
        if let Some(pk) = trimmed.strip_prefix("  pk: ") {
            match value(pk) {
                Some(Value::Text(pk)) => record.pk = pk,
                _ => return Err(invalid("pk must be a quoted string")),
            }
        } else if trimmed == "  fields:" {
            // The fields follow, one per line, indented by four.
        } else if let Some((key, text)) = trimmed.strip_prefix("    ").and_then(|field| field.split_once(": ")) {
            let value = value(text).ok_or_else(|| invalid("unsupported value"))?;
            record.fields.push((key.to_owned(), value));
        } else {
            return Err(invalid("unexpected line"));
        }
    }
    Ok(records)
}

/// `'text'` (with `''` for a quote), `2`, or `['a', 'b']`.
fn value(text: &str) -> Option<Value> {
    if let Some(items) = text.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
        let mut list = Vec::new();
        let mut rest = items.trim();
        while !rest.is_empty() {
            let (item, after) = quoted(rest)?;
            list.push(item);
            rest = after.trim_start();
            rest = match rest.strip_prefix(',') {
                Some(after_comma) => after_comma.trim_start(),
                None if rest.is_empty() => rest,
                None => return None,
            };
        }
        return Some(Value::List(list));
    }
    if text.starts_with('\'') {
        return match quoted(text)? {
            (item, "") => Some(Value::Text(item)),
            _ => None,
        };
    }
    text.parse().ok().map(Value::Integer)
}

/// Splits a leading single-quoted string off `text`.
fn quoted(text: &str) -> Option<(String, &str)> {
    let mut rest = text.strip_prefix('\'')?;
    let mut item = String::new();
    loop {
        let end = rest.find('\'')?;
        item.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after_escape) => {
                item.push('\'');
                rest = after_escape;
            }
            None => return Some((item, rest)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_value_shapes_of_the_fixtures() {
        assert_eq!(value("'NULL'"), Some(Value::Text("NULL".into())));
        assert_eq!(value("'it''s'"), Some(Value::Text("it's".into())));
        assert_eq!(value("2"), Some(Value::Integer(2)));
        assert_eq!(value("[]"), Some(Value::List(vec![])));
        assert_eq!(
            value("['Triple-DES','Cipher Block Chaining']"),
            Some(Value::List(vec!["Triple-DES".into(), "Cipher Block Chaining".into()]))
        );
        assert_eq!(value("['a', 'b, c']"), Some(Value::List(vec!["a".into(), "b, c".into()])));
    }

    #[test]
    fn rejects_what_the_reader_does_not_support() {
        assert_eq!(value("bare words"), None);
        assert_eq!(value("'unterminated"), None);
        assert_eq!(value("'a' trailing"), None);
        assert_eq!(value("['a' 'b']"), None);
    }

    #[test]
    fn both_fixtures_read() {
        let csi = CipherSuiteInfo::read().unwrap();
        let weaknesses = |technology, name: &str| csi.weaknesses[&(technology, name.to_owned())].clone();
        let expected =
            |pairs: &[(&str, u8)]| pairs.iter().map(|&(name, severity)| (name.to_owned(), severity)).collect();
        assert_eq!(weaknesses(Technology::Protocol, "TLS EXPORT"), expected(&[("Export-grade cipher suite", 2)]));
        assert_eq!(weaknesses(Technology::Auth, "RSA"), expected(&[("RSA Authentication", 0)]));
        assert_eq!(
            weaknesses(Technology::Enc, "3DES EDE CBC"),
            expected(&[("Cipher Block Chaining", 1), ("Triple-DES", 1)])
        );
    }
}
