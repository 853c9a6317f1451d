//! Readers for the three IANA TLS registries: cipher suites, supported
//! groups and signature schemes.
//!
//! Each registry mixes single assignments with `Unassigned` and `Reserved`
//! ranges; only single, named assignments are kept.

use std::fmt;

use super::code;
use super::embedded::{self, Embedded};
use super::error::CatalogError;

/// The registry's `Recommended` column (RFC 8447, updated by RFC 9847).
///
/// `No` means "not evaluated or not recommended", not "insecure": every
/// static-RSA and CBC suite is `No`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IanaRecommended {
    Yes,
    No,
    Discouraged,
}

impl IanaRecommended {
    /// The letter IANA uses, stored as is: `Y`, `N` or `D`.
    pub fn as_str(self) -> &'static str {
        match self {
            IanaRecommended::Yes => "Y",
            IanaRecommended::No => "N",
            IanaRecommended::Discouraged => "D",
        }
    }

    fn parse(text: &str) -> Option<IanaRecommended> {
        match text.trim() {
            "Y" => Some(IanaRecommended::Yes),
            "N" => Some(IanaRecommended::No),
            "D" => Some(IanaRecommended::Discouraged),
            _ => None,
        }
    }
}

impl fmt::Display for IanaRecommended {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One named assignment of a registry.
pub(super) struct Assignment {
    pub value: u16,
    pub name: String,
    pub recommended: IanaRecommended,
}

/// Cipher suites, `Value` written `0x00,0x3C`.
pub(super) fn cipher_suites() -> Result<Vec<Assignment>, CatalogError> {
    assignments(&embedded::IANA_CIPHER_SUITES, code::byte_pair)
}

/// Supported groups, `Value` written in *decimal*.
pub(super) fn groups() -> Result<Vec<Assignment>, CatalogError> {
    assignments(&embedded::IANA_GROUPS, |text| text.parse().ok())
}

/// Signature schemes, `Value` written `0x0401`.
pub(super) fn signature_schemes() -> Result<Vec<Assignment>, CatalogError> {
    assignments(&embedded::IANA_SIGNATURE_SCHEMES, code::prefixed_hex)
}

fn assignments(file: &Embedded, parse_value: impl Fn(&str) -> Option<u16>) -> Result<Vec<Assignment>, CatalogError> {
    let mut assignments = Vec::new();
    for row in embedded::read_csv(file, ["Value", "Description", "Recommended"])? {
        let [value, name, recommended] = row.columns;
        if !is_single_assignment(&value, &name) {
            continue;
        }
        let invalid =
            |what: &str, text: &str| CatalogError::invalid(file.path, row.line, format!("{what} {text:?} of {name}"));
        assignments.push(Assignment {
            value: parse_value(&value).ok_or_else(|| invalid("unreadable value", &value))?,
            recommended: IanaRecommended::parse(&recommended)
                .ok_or_else(|| invalid("unknown Recommended", &recommended))?,
            name,
        });
    }
    Ok(assignments)
}

/// Ranges are written `0x00,0x47-4F`, `0x01-09,*` or `508-511`; the
/// placeholders are `Unassigned`, `Reserved`, `Reserved for …`.
fn is_single_assignment(value: &str, description: &str) -> bool {
    !value.contains(['-', '*']) && description != "Unassigned" && !description.starts_with("Reserved")
}
