//! What every cipher suite, named group, signature pair and protocol version
//! that z/OS can report is, and how good it is.
//!
//! The catalog is built once, on first use ([`Catalog::get`]), from reference
//! files compiled into the binary (see `data/README.md` and `NOTICE`); it
//! does no I/O and knows nothing of SQLite (`store::reference` copies it into
//! the database).
//!
//! - **Cipher suites**: every named IANA suite, keyed by its 4-hex-digit
//!   value (`003C`), which is also the z/OS 4-character spec; plus the z/OS
//!   SSLv2 1-character specs, keyed `V2-1` … `V2-7`. Each carries its
//!   components, flags and four grades side by side: ciphersuite.info's
//!   (reproduced from its fixtures), Mozilla's 5.7 and 6.0 levels, NIST
//!   SP 800-52r2 membership and IANA's Recommended column.
//! - **Named groups**: every assigned IANA supported group, keyed by the z/OS
//!   code, the *decimal* IANA value zero-padded (`0023` = secp256r1).
//! - **Signature pairs**: IANA SignatureSchemes and TLS 1.2 pairs, keyed by
//!   hex value (`0401`).
//! - **Protocols**: [`Protocol::ALL`], graded from the RFCs.
//!
//! Everything is graded on one [`Grade`] scale so that the weakest part of a
//! connection can be found by comparison. The `decode_*` functions accept
//! every way z/OS and people write a code, and never lose one: a well-formed
//! code the tables do not know comes back as [`Lookup::Unknown`].
//!
//! Files: `decompose` splits suite names; `ciphersuite_info`, `mozilla`,
//! `nist`, `iana` and `zos` read one source each; `cipher`, `group`,
//! `signature` and `protocol` define the entries and their grading; `code`
//! reads and writes the textual forms of codes; `embedded` holds the files.

mod cipher;
mod ciphersuite_info;
mod code;
mod decompose;
mod embedded;
mod error;
mod grade;
mod group;
mod iana;
mod mozilla;
mod nist;
mod protocol;
mod signature;
mod zos;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

pub use cipher::CipherSuite;
pub use grade::Grade;
pub use group::NamedGroup;
pub use iana::IanaRecommended;
pub use mozilla::MozillaLevel;
pub use protocol::Protocol;
pub use signature::SignaturePair;

use cipher::Sources;
use ciphersuite_info::CipherSuiteInfo;
use code::{CipherForm, Form};
use error::CatalogError;
use zos::ZosTables;

/// An entry of one of the catalog's tables.
pub trait Graded {
    /// The key it is stored under.
    fn code(&self) -> &str;
    fn grade(&self) -> Grade;
}

impl Graded for CipherSuite {
    fn code(&self) -> &str {
        &self.code
    }
    fn grade(&self) -> Grade {
        self.grade
    }
}

impl Graded for NamedGroup {
    fn code(&self) -> &str {
        &self.code
    }
    fn grade(&self) -> Grade {
        self.grade
    }
}

impl Graded for SignaturePair {
    fn code(&self) -> &str {
        &self.code
    }
    fn grade(&self) -> Grade {
        self.grade
    }
}

/// What a code or name decodes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a, T> {
    /// An entry of the catalog.
    Known(&'a T),
    /// A well-formed code the catalog does not know, in its canonical form
    /// (`13FF`, `0042`): kept and graded unknown, never dropped.
    Unknown(String),
    /// Neither a code nor a known name: the input as given, trimmed.
    Unrecognised(String),
}

pub type CipherLookup<'a> = Lookup<'a, CipherSuite>;
pub type GroupLookup<'a> = Lookup<'a, NamedGroup>;
pub type SignaturePairLookup<'a> = Lookup<'a, SignaturePair>;

impl<'a, T: Graded> Lookup<'a, T> {
    /// The text to store for it: the entry's key, the canonical unknown
    /// code, or the unrecognised input.
    pub fn code(&self) -> &str {
        match self {
            Lookup::Known(entry) => entry.code(),
            Lookup::Unknown(code) | Lookup::Unrecognised(code) => code,
        }
    }

    /// The entry's grade; `Unknown` for anything the catalog does not know.
    pub fn grade(&self) -> Grade {
        match self {
            Lookup::Known(entry) => entry.grade(),
            Lookup::Unknown(_) | Lookup::Unrecognised(_) => Grade::Unknown,
        }
    }

    /// The entry, if the catalog knows it.
    pub fn known(&self) -> Option<&'a T> {
        match self {
            Lookup::Known(entry) => Some(entry),
            Lookup::Unknown(_) | Lookup::Unrecognised(_) => None,
        }
    }
}

/// The reference tables. Read-only; get it with [`Catalog::get`].
#[derive(Debug)]
pub struct Catalog {
    cipher_suites: BTreeMap<String, CipherSuite>,
    /// Upper-case name → key.
    cipher_names: HashMap<String, String>,
    named_groups: BTreeMap<u16, NamedGroup>,
    /// Upper-case IANA and z/OS name → IANA value.
    group_names: HashMap<String, u16>,
    signature_pairs: BTreeMap<u16, SignaturePair>,
    /// Upper-case IANA and z/OS name → value.
    signature_names: HashMap<String, u16>,
}

impl Catalog {
    /// The catalog, built on first use.
    ///
    /// # Panics
    ///
    /// Only if the reference files compiled into the binary do not read,
    /// which the `embedded_data_builds` test rules out for every build.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::build().unwrap_or_else(|error| panic!("embedded reference data: {error}")))
    }

    /// Every cipher suite by code: IANA suites (`0000` … `FFxx`), then the
    /// SSLv2 specs (`V2-n`).
    pub fn cipher_suites(&self) -> impl Iterator<Item = &CipherSuite> {
        self.cipher_suites.values()
    }

    /// Every named group by IANA value.
    pub fn named_groups(&self) -> impl Iterator<Item = &NamedGroup> {
        self.named_groups.values()
    }

    /// Every signature pair by value.
    pub fn signature_pairs(&self) -> impl Iterator<Item = &SignaturePair> {
        self.signature_pairs.values()
    }

    /// Decodes `003C`, `3C` (z/OS 2-character spec), `0x003C`, `0x00,0x3C`,
    /// `1` or `V2-1` (SSLv2 spec), or a suite name in any case.
    pub fn decode_cipher(&self, input: &str) -> CipherLookup<'_> {
        let key = match code::cipher_form(input) {
            CipherForm::Code(value) => code::cipher_key(value),
            CipherForm::SslV2(spec) => code::sslv2_key(spec),
            CipherForm::Name(name) => {
                return self
                    .cipher_names
                    .get(&name.to_ascii_uppercase())
                    .and_then(|key| self.cipher_suites.get(key))
                    .map_or_else(|| Lookup::Unrecognised(name.to_owned()), Lookup::Known);
            }
        };
        match self.cipher_suites.get(&key) {
            Some(suite) => Lookup::Known(suite),
            None => Lookup::Unknown(key),
        }
    }

    /// Decodes a z/OS group code (`0023`, decimal), `0x0017`, or a name
    /// (IANA's or z/OS's) in any case.
    pub fn decode_group(&self, input: &str) -> GroupLookup<'_> {
        let value = match code::group_form(input) {
            Form::Value(value) => value,
            Form::Name(name) => match self.group_names.get(&name.to_ascii_uppercase()) {
                Some(&value) => value,
                None => return Lookup::Unrecognised(name.to_owned()),
            },
        };
        match self.named_groups.get(&value) {
            Some(group) => Lookup::Known(group),
            None => Lookup::Unknown(code::group_key(value)),
        }
    }

    /// Decodes `0401`, `0x0401`, `0x04,0x01`, or a name (z/OS's
    /// `TLS_SIGALG_…` or IANA's) in any case.
    pub fn decode_signature_pair(&self, input: &str) -> SignaturePairLookup<'_> {
        let value = match code::signature_form(input) {
            Form::Value(value) => value,
            Form::Name(name) => match self.signature_names.get(&name.to_ascii_uppercase()) {
                Some(&value) => value,
                None => return Lookup::Unrecognised(name.to_owned()),
            },
        };
        match self.signature_pairs.get(&value) {
            Some(pair) => Lookup::Known(pair),
            None => Lookup::Unknown(code::signature_key(value)),
        }
    }

    fn build() -> Result<Catalog, CatalogError> {
        let zos = ZosTables::read()?;
        let ciphersuite_info = CipherSuiteInfo::read()?;
        let mozilla_5_7 = mozilla::read(&embedded::MOZILLA_5_7)?;
        let mozilla_6_0 = mozilla::read(&embedded::MOZILLA_6_0)?;
        let nist = nist::read()?;
        let sources = Sources {
            ciphersuite_info: &ciphersuite_info,
            zos: &zos,
            mozilla_5_7: &mozilla_5_7,
            mozilla_6_0: &mozilla_6_0,
            nist: &nist,
        };
        let mut catalog = Catalog {
            cipher_suites: BTreeMap::new(),
            cipher_names: HashMap::new(),
            named_groups: BTreeMap::new(),
            group_names: HashMap::new(),
            signature_pairs: BTreeMap::new(),
            signature_names: HashMap::new(),
        };

        let iana_suites = iana::cipher_suites()?;
        check_suite_flags(&iana_suites, &sources)?;
        for suite in &iana_suites {
            catalog.add_cipher_suite(CipherSuite::from_iana(suite, &sources))?;
        }
        for spec in &zos.sslv2 {
            let suite = CipherSuite::from_sslv2(spec, &sources).ok_or_else(|| {
                let reason = format!("{} is not an SSLv2 name this catalog splits", spec.name);
                CatalogError::invalid(embedded::ZOS_CIPHERS_SSLV2.path, 0, reason)
            })?;
            catalog.add_cipher_suite(suite)?;
        }

        for assignment in iana::groups()? {
            let group = NamedGroup::from_iana(&assignment, &zos);
            index_name(&mut catalog.group_names, &assignment.name, assignment.value)?;
            index_name(&mut catalog.group_names, &group.name, assignment.value)?;
            catalog.named_groups.insert(assignment.value, group);
        }
        if let Some(value) = zos.group_names.keys().find(|value| !catalog.named_groups.contains_key(value)) {
            return Err(unlisted(&embedded::ZOS_GROUPS, code::group_key(*value)));
        }

        catalog.signature_pairs = signature::signature_pairs(&iana::signature_schemes()?, &zos)?;
        for (&value, pair) in &catalog.signature_pairs {
            for name in [Some(&pair.name), pair.iana_name.as_ref()].into_iter().flatten() {
                index_name(&mut catalog.signature_names, name, value)?;
            }
        }
        Ok(catalog)
    }

    fn add_cipher_suite(&mut self, suite: CipherSuite) -> Result<(), CatalogError> {
        index_name(&mut self.cipher_names, &suite.name, suite.code.clone())?;
        self.cipher_suites.insert(suite.code.clone(), suite);
        Ok(())
    }
}

/// The Mozilla, NIST and z/OS tables only flag IANA suites, by name or
/// value: an entry that matches no IANA suite would silently flag nothing.
fn check_suite_flags(iana_suites: &[iana::Assignment], sources: &Sources<'_>) -> Result<(), CatalogError> {
    let names: HashMap<u16, &str> = iana_suites.iter().map(|suite| (suite.value, suite.name.as_str())).collect();
    let known_names: HashSet<&str> = names.values().copied().collect();
    for (file, levels) in [(&embedded::MOZILLA_5_7, sources.mozilla_5_7), (&embedded::MOZILLA_6_0, sources.mozilla_6_0)]
    {
        if let Some(name) = levels.keys().find(|name| !known_names.contains(name.as_str())) {
            return Err(unlisted(file, name.clone()));
        }
    }
    if let Some((value, name)) = sources.nist.iter().find(|&(value, name)| names.get(value) != Some(&name.as_str())) {
        return Err(unlisted(&embedded::NIST_800_52R2, format!("{} {name}", code::cipher_key(*value))));
    }
    let mut zos_values = sources.zos.supported.iter().chain(sources.zos.specs_2char.keys());
    if let Some(value) = zos_values.find(|value| !names.contains_key(value)) {
        return Err(unlisted(&embedded::ZOS_CIPHERS_4CHAR, code::cipher_key(*value)));
    }
    Ok(())
}

/// Indexes a name in upper case; a name that would stand for two entries is
/// an error, as decoding it would be ambiguous.
fn index_name<K: PartialEq>(index: &mut HashMap<String, K>, name: &str, key: K) -> Result<(), CatalogError> {
    let upper = name.to_ascii_uppercase();
    match index.get(&upper) {
        Some(existing) if *existing != key => Err(CatalogError::AmbiguousName { name: name.to_owned() }),
        _ => {
            index.insert(upper, key);
            Ok(())
        }
    }
}

fn unlisted(file: &embedded::Embedded, what: String) -> CatalogError {
    CatalogError::Unlisted { file: file.path, what }
}

/// [`Catalog::decode_cipher`] on the built-in catalog.
pub fn decode_cipher(input: &str) -> CipherLookup<'static> {
    Catalog::get().decode_cipher(input)
}

/// When `input` reads as a 1-digit spec that is no SSL V2 spec (`5`, `V2-5`:
/// the six are 1, 2, 3, 4, 6, 7), why not, naming the specs there are and
/// the 2-character spec the user may have meant (`05`), whose leading zero
/// is easy to drop: `ttlsinv cipher` and `impact --disable` say it alike.
pub fn no_sslv2_spec(input: &str) -> Option<String> {
    match decode_cipher(input) {
        Lookup::Unknown(code) if code.starts_with("V2-") => {}
        _ => return None,
    }
    let specs: Vec<&str> = Catalog::get().cipher_suites().filter_map(|suite| suite.code.strip_prefix("V2-")).collect();
    // The digit is the input's last character (`5`, `V2-5`).
    let two = format!("0{}", input.trim().chars().last().unwrap_or('0'));
    let meant = decode_cipher(&two)
        .known()
        .map_or_else(String::new, |suite| format!("; `{two}` is the 2-character spec {}", suite.name));
    Some(format!(
        "`{}` is no SSL V2 cipher spec (a 1-character spec is one of {}){meant}",
        input.trim(),
        specs.join(", ")
    ))
}

/// [`Catalog::decode_group`] on the built-in catalog.
pub fn decode_group(input: &str) -> GroupLookup<'static> {
    Catalog::get().decode_group(input)
}

/// [`Catalog::decode_signature_pair`] on the built-in catalog.
pub fn decode_signature_pair(input: &str) -> SignaturePairLookup<'static> {
    Catalog::get().decode_signature_pair(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded files are fixed at compile time: if they build here they
    /// build for every run, which is what makes [`Catalog::get`]'s panic
    /// unreachable.
    #[test]
    fn embedded_data_builds() {
        if let Err(error) = Catalog::build() {
            panic!("{error}");
        }
    }
}
