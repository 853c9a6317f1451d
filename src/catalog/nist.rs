//! Reader for the NIST SP 800-52 Rev. 2 §3.3.1 list: the cipher suites a
//! US-government TLS server may be configured to use.

use std::collections::HashMap;

use super::code;
use super::embedded::{self, Row};
use super::error::CatalogError;

/// The listed suites: name by IANA value. The catalog checks every name
/// against IANA's, because the list is a transcription.
pub(super) fn read() -> Result<HashMap<u16, String>, CatalogError> {
    let file = &embedded::NIST_800_52R2;
    embedded::read_csv(file, ["iana_value", "name"])?
        .into_iter()
        .map(|Row { line, columns: [value, name] }| match code::byte_pair(&value) {
            Some(value) => Ok((value, name)),
            None => Err(CatalogError::invalid(file.path, line, format!("unreadable value {value:?}"))),
        })
        .collect()
}
