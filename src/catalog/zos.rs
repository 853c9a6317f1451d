//! Readers for the z/OS System SSL / AT-TLS code tables under
//! `data/reference/zos/`: which suites z/OS supports, their 2-character and
//! SSLv2 1-character specs, and the names z/OS prints for groups and
//! signature pairs.

use std::collections::{HashMap, HashSet};

use super::code::{self, CipherForm, Form};
use super::embedded::{self, Embedded, Row};
use super::error::CatalogError;

/// A z/OS SSLv2 1-character cipher spec (AT-TLS `V2CipherSuites`).
pub(super) struct SslV2Spec {
    pub spec: char,
    pub name: String,
}

pub(super) struct ZosTables {
    /// IANA values of the 4-character specs z/OS documents.
    pub supported: HashSet<u16>,
    /// 2-character spec by IANA value, for the `00xx` suites that have one.
    pub specs_2char: HashMap<u16, String>,
    pub sslv2: Vec<SslV2Spec>,
    /// The name z/OS prints, by IANA group value (`X25519` where IANA says `x25519`).
    pub group_names: HashMap<u16, String>,
    /// The name z/OS prints, by pair value (`TLS_SIGALG_SHA256_WITH_RSA`).
    pub signature_names: HashMap<u16, String>,
}

impl ZosTables {
    pub fn read() -> Result<ZosTables, CatalogError> {
        Ok(ZosTables {
            supported: supported()?,
            specs_2char: specs_2char()?,
            sslv2: sslv2()?,
            group_names: names(&embedded::ZOS_GROUPS, "code_4digit", code::group_form)?,
            signature_names: names(&embedded::ZOS_SIGNATURE_PAIRS, "code_4char", code::signature_form)?,
        })
    }
}

fn supported() -> Result<HashSet<u16>, CatalogError> {
    let file = &embedded::ZOS_CIPHERS_4CHAR;
    embedded::read_csv(file, ["code_4char"])?
        .into_iter()
        .map(|Row { line, columns: [spec] }| cipher_value(file, line, &spec))
        .collect()
}

fn specs_2char() -> Result<HashMap<u16, String>, CatalogError> {
    let file = &embedded::ZOS_CIPHERS_2CHAR;
    let mut specs = HashMap::new();
    for Row { line, columns: [short, long] } in embedded::read_csv(file, ["code_2char", "code_4char"])? {
        let value = cipher_value(file, line, &long)?;
        // The 2-character spec is the low byte of a 00xx suite; a row that
        // broke that rule would make `3C` decode differently from the table.
        if cipher_value(file, line, &short)? != value {
            return Err(CatalogError::invalid(file.path, line, format!("{short} is not {long}")));
        }
        specs.insert(value, short);
    }
    Ok(specs)
}

fn sslv2() -> Result<Vec<SslV2Spec>, CatalogError> {
    let file = &embedded::ZOS_CIPHERS_SSLV2;
    embedded::read_csv(file, ["code_1char", "name"])?
        .into_iter()
        .map(|Row { line, columns: [spec, name] }| match code::cipher_form(&spec) {
            CipherForm::SslV2(spec) => Ok(SslV2Spec { spec, name }),
            _ => Err(CatalogError::invalid(file.path, line, format!("not a 1-character spec: {spec:?}"))),
        })
        .collect()
}

/// The `name` column by value, for a table whose codes `parse` reads.
fn names(
    file: &Embedded,
    code_column: &'static str,
    parse: fn(&str) -> Form<'_>,
) -> Result<HashMap<u16, String>, CatalogError> {
    embedded::read_csv(file, [code_column, "name"])?
        .into_iter()
        .map(|Row { line, columns: [spec, name] }| match parse(&spec) {
            Form::Value(value) => Ok((value, name)),
            Form::Name(_) => Err(CatalogError::invalid(file.path, line, format!("not a code: {spec:?}"))),
        })
        .collect()
}

fn cipher_value(file: &Embedded, line: u64, spec: &str) -> Result<u16, CatalogError> {
    match code::cipher_form(spec) {
        CipherForm::Code(value) => Ok(value),
        _ => Err(CatalogError::invalid(file.path, line, format!("not a cipher spec: {spec:?}"))),
    }
}
