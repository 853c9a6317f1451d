//! What `ttlsinv report impact --disable` switches off: each word read as a
//! protocol, a cipher suite (any code form or name), a key share group or a
//! signature pair, in the codes the database stores.

use std::fmt;

use crate::catalog::{self, Lookup, Protocol};
use crate::model::ListKind;

/// What a `--disable` word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Protocol,
    Cipher,
    Group,
    SignaturePair,
}

impl Kind {
    /// The name `v_rule_allows.kind` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Protocol => "protocol",
            Kind::Cipher => "cipher",
            Kind::Group => "group",
            Kind::SignaturePair => "signature_pair",
        }
    }

    /// The kind whose [`Kind::as_str`] is `text`.
    pub fn from_stored(text: &str) -> Option<Kind> {
        [Kind::Protocol, Kind::Cipher, Kind::Group, Kind::SignaturePair].into_iter().find(|k| k.as_str() == text)
    }

    /// The kind of the codes a policy setting lists, by its name as the
    /// reports write it (`protocols`, `V3CipherSuites`, `ServerKeyShareGroups`).
    pub fn of_setting(setting: &str) -> Option<Kind> {
        if setting.eq_ignore_ascii_case("protocols") {
            return Some(Kind::Protocol);
        }
        crate::parse::list_setting(setting).map(|(_, kind)| match kind {
            ListKind::Cipher => Kind::Cipher,
            ListKind::Group => Kind::Group,
            ListKind::SignaturePair => Kind::SignaturePair,
        })
    }

    /// The word a user writes before `:` to say which kind is meant.
    fn from_prefix(prefix: &str) -> Option<Kind> {
        match prefix.to_ascii_lowercase().as_str() {
            "protocol" => Some(Kind::Protocol),
            "cipher" | "suite" => Some(Kind::Cipher),
            "group" => Some(Kind::Group),
            "sigpair" | "signature" | "signature_pair" => Some(Kind::SignaturePair),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Protocol => "a protocol",
            Kind::Cipher => "a cipher suite",
            Kind::Group => "a key share group",
            Kind::SignaturePair => "a signature pair",
        })
    }
}

/// One thing to switch off, as stored: `TLSv1.1`, `000A`, `0029`, `0401`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disabled {
    pub kind: Kind,
    pub code: String,
    /// The code with its name, for people.
    pub label: String,
}

/// Reads one `--disable` word: `TLSv1.1`, `000A`, `0A`, `TLS_RSA_WITH_3DES_EDE_CBC_SHA`,
/// `x25519`, or with its kind first where a code means two things
/// (`group:0023`, `cipher:0023`, `sigpair:0401`).
///
/// # Errors
/// The word names nothing the catalog knows, or names several things.
pub fn parse(word: &str) -> Result<Disabled, String> {
    let word = word.trim();
    if let Some((prefix, rest)) = word.split_once(':') {
        if let Some(kind) = Kind::from_prefix(prefix) {
            // `cipher:5` is no code the catalog does not know: there is no such SSL V2 spec.
            if let Some(why) = (kind == Kind::Cipher).then(|| catalog::no_sslv2_spec(rest)).flatten() {
                return Err(why);
            }
            return lookup(kind, rest.trim(), true).ok_or_else(|| format!("`{rest}` is not {kind}: {}", hint()));
        }
    }
    if let Some(found) = lookup(Kind::Protocol, word, false) {
        return Ok(found);
    }
    let found: Vec<Disabled> = [Kind::Cipher, Kind::Group, Kind::SignaturePair]
        .into_iter()
        .filter_map(|kind| lookup(kind, word, false))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(catalog::no_sslv2_spec(word).unwrap_or_else(|| {
            format!("`{word}` is not a protocol, cipher suite, key share group or signature pair: {}", hint())
        })),
        many => {
            let meanings: Vec<String> = many.iter().map(|d| format!("{} ({})", d.kind, d.label)).collect();
            let prefixed: Vec<String> = many.iter().map(|d| format!("{}:{word}", prefix(d.kind))).collect();
            Err(format!("`{word}` is {}: write {}", meanings.join(" and "), prefixed.join(" or ")))
        }
    }
}

/// `code` of `kind` as a `--disable` word: as it is where that names it
/// alone, else with its kind first (`cipher:0002`: 0002 is a group too).
pub fn word(kind: Kind, code: &str) -> String {
    match parse(code) {
        Ok(found) if found.kind == kind => code.to_string(),
        _ => format!("{}:{code}", prefix(kind)),
    }
}

fn hint() -> &'static str {
    "give TLSv1.1, a cipher suite code or name (000A, 0A, TLS_RSA_WITH_3DES_EDE_CBC_SHA), a group name (x25519) \
     or a code with its kind (cipher:0023, group:0023, sigpair:0401)"
}

fn prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::SignaturePair => "sigpair",
        other => other.as_str(),
    }
}

/// `word` as `kind`; a well-formed code the catalog does not know counts
/// only when the kind was said (`unknown_ok`).
fn lookup(kind: Kind, word: &str, unknown_ok: bool) -> Option<Disabled> {
    fn entry<T: catalog::Graded>(
        found: Lookup<'_, T>,
        name: Option<&str>,
        unknown_ok: bool,
    ) -> Option<(String, String)> {
        match found {
            Lookup::Known(_) => Some((found.code().to_string(), format!("{} {}", found.code(), name.unwrap_or("")))),
            Lookup::Unknown(code) if unknown_ok => Some((code.clone(), code)),
            Lookup::Unknown(_) | Lookup::Unrecognised(_) => None,
        }
    }
    let (code, label) = match kind {
        Kind::Protocol => Protocol::parse(word).map(|p| (p.as_str().to_string(), p.as_str().to_string()))?,
        Kind::Cipher => {
            let found = catalog::decode_cipher(word);
            let name = found.known().map(|s| s.name.clone());
            entry(found, name.as_deref(), unknown_ok)?
        }
        Kind::Group => {
            let found = catalog::decode_group(word);
            let name = found.known().map(|g| g.name.clone());
            entry(found, name.as_deref(), unknown_ok)?
        }
        Kind::SignaturePair => {
            let found = catalog::decode_signature_pair(word);
            let name = found.known().map(|p| p.name.clone());
            entry(found, name.as_deref(), unknown_ok)?
        }
    };
    Some(Disabled { kind, code, label: label.trim_end().to_string() })
}

/// The words as the JSON list the `impact` report takes as `:disable`.
///
/// # Errors
/// The first word that does not read, as [`parse`] says.
pub fn to_json(words: &[String]) -> Result<String, String> {
    let items = words
        .iter()
        .map(|w| parse(w).map(|d| serde_json::json!({ "kind": d.kind.as_str(), "code": d.code })))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(serde_json::Value::Array(items).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(word: &str) -> (Kind, String) {
        let d = parse(word).unwrap();
        (d.kind, d.code)
    }

    #[test]
    fn protocols_in_the_ways_people_write_them() {
        for word in ["TLSv1.0", "tlsv1", "TLS1.0", "TLS Version 1"] {
            assert_eq!(code(word), (Kind::Protocol, "TLSv1.0".into()), "{word}");
        }
        assert_eq!(code("sslv3"), (Kind::Protocol, "SSLv3".into()));
    }

    #[test]
    fn cipher_suites_in_any_code_form_or_name() {
        for word in ["000A", "0A", "cipher:0x000A", "cipher:0x00,0x0A", "tls_rsa_with_3des_ede_cbc_sha"] {
            assert_eq!(code(word), (Kind::Cipher, "000A".into()), "{word}");
        }
        assert_eq!(parse("000A").unwrap().label, "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    }

    #[test]
    fn groups_and_signature_pairs_by_name_or_with_their_kind() {
        assert_eq!(code("x25519"), (Kind::Group, "0029".into()));
        assert_eq!(code("group:0023"), (Kind::Group, "0023".into()));
        assert_eq!(code("cipher:0023"), (Kind::Cipher, "0023".into()));
        assert_eq!(code("TLS_SIGALG_SHA256_WITH_RSA"), (Kind::SignaturePair, "0401".into()));
        assert_eq!(code("sigpair:0401"), (Kind::SignaturePair, "0401".into()));
    }

    #[test]
    fn a_code_of_a_setting_is_written_with_its_kind_where_it_has_two_meanings() {
        // 0002 is TLS_RSA_WITH_NULL_SHA and the group sect163r1; 000A is a
        // cipher suite alone; 0023 the group secp256r1 and a cipher suite.
        let words: Vec<String> = [("V3CipherSuites", "0002"), ("V3CipherSuites", "000A"), ("protocols", "TLSv1.0")]
            .iter()
            .chain(&[("ServerKeyShareGroups", "0023"), ("SignaturePairs", "0401")])
            .map(|(setting, code)| word(Kind::of_setting(setting).unwrap(), code))
            .collect();
        assert_eq!(words, ["cipher:0002", "000A", "TLSv1.0", "group:0023", "0401"]);
        for w in &words {
            assert!(parse(w).is_ok(), "{w}");
        }
        assert_eq!(Kind::of_setting("HandshakeRole"), None);
    }

    /// There is no SSL V2 spec 5 (the six are 1, 2, 3, 4, 6, 7): `cipher:5`
    /// and `V2-5` are refused as `ttlsinv cipher 5` refuses it, not taken for
    /// an unknown code `V2-5` (review 17a F9); `cipher:7` is the spec V2-7.
    #[test]
    fn a_one_digit_spec_that_is_no_ssl_v2_spec_is_refused() {
        let why = "`5` is no SSL V2 cipher spec (a 1-character spec is one of 1, 2, 3, 4, 6, 7); `05` is the \
                   2-character spec TLS_RSA_WITH_RC4_128_SHA";
        assert_eq!(parse("cipher:5").unwrap_err(), why);
        assert!(parse("V2-5").unwrap_err().starts_with("`V2-5` is no SSL V2 cipher spec"));
        assert_eq!(code("cipher:7"), (Kind::Cipher, "V2-7".into()));
        // A bare 5 is the key share group 0005, as before.
        assert_eq!(code("5"), (Kind::Group, "0005".into()));
    }

    #[test]
    fn a_code_with_two_meanings_asks_which() {
        let error = parse("0023").unwrap_err();
        assert!(error.contains("a cipher suite (0023 TLS_KRB5_WITH_3DES_EDE_CBC_MD5)"), "{error}");
        assert!(error.contains("a key share group (0023 secp256r1)"), "{error}");
        assert!(error.contains("write cipher:0023 or group:0023"), "{error}");
        // 0x000A is IANA group 10 as well as suite 000A.
        assert!(parse("0x000A").unwrap_err().contains("a key share group (0010 sect283r1)"));
    }

    #[test]
    fn nonsense_is_refused_with_what_to_give() {
        let error = parse("TLSv9").unwrap_err();
        assert!(error.starts_with("`TLSv9` is not a protocol, cipher suite"), "{error}");
        assert!(parse("group:banana").unwrap_err().starts_with("`banana` is not a key share group"));
    }

    #[test]
    fn the_report_parameter_lists_kind_and_code() {
        let json = to_json(&["TLSv1.0".into(), "0A".into()]).unwrap();
        assert_eq!(json, r#"[{"code":"TLSv1.0","kind":"protocol"},{"code":"000A","kind":"cipher"}]"#);
    }
}
