//! Readers for the z/OS System SSL / AT-TLS code tables under
//! `data/reference/zos/`: which suites z/OS supports, their 2-character and
//! SSLv2 1-character specs, and the names z/OS prints for groups and
//! signature pairs.

use std::collections::{HashMap, HashSet};

use super::code::{self, CipherForm, Form};
use super::embedded::{self, Row};
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
        let file = &embedded::ZOS_CIPHERS_4CHAR;
        let supported = embedded::read_csv(file, ["code_4char"])?
            .into_iter()
            .map(|Row { line, columns: [spec] }| cipher_value(file.path, line, &spec))
            .collect::<Result<_, _>>()?;

        let file = &embedded::ZOS_CIPHERS_2CHAR;
        let mut specs_2char = HashMap::new();
        for Row { line, columns: [short, long] } in embedded::read_csv(file, ["code_2char", "code_4char"])? {
            let value = cipher_value(file.path, line, &long)?;
            // The 2-character spec is the low byte of a 00xx suite; a row
            // that breaks that rule would make `3C` decode differently from
            // the table.
            if cipher_value(file.path, line, &short)? != value {
                return Err(CatalogError::invalid(file.path, line, format!("{short} is not {long}")));
            }
            specs_2char.insert(value, short);
        }

        let file = &embedded::ZOS_CIPHERS_SSLV2;
        let mut sslv2 = Vec::new();
        for Row { line, columns: [spec, name] } in embedded::read_csv(file, ["code_1char", "name"])? {
            match code::cipher_form(&spec) {
                CipherForm::SslV2(spec) => sslv2.push(SslV2Spec { spec, name }),
                _ => return Err(CatalogError::invalid(file.path, line, format!("not a 1-character spec: {spec:?}"))),
            }
        }

        let file = &embedded::ZOS_GROUPS;
        let mut group_names = HashMap::new();
        for Row { line, columns: [spec, name] } in embedded::read_csv(file, ["code_4digit", "name"])? {
            match code::group_form(&spec) {
                Form::Value(value) => group_names.insert(value, name),
                Form::Name(_) => return Err(CatalogError::invalid(file.path, line, format!("not a group code: {spec:?}"))),
            };
        }

        let file = &embedded::ZOS_SIGNATURE_PAIRS;
        let mut signature_names = HashMap::new();
        for Row { line, columns: [spec, name] } in embedded::read_csv(file, ["code_4char", "name"])? {
            match code::signature_form(&spec) {
                Form::Value(value) => signature_names.insert(value, name),
                Form::Name(_) => return Err(CatalogError::invalid(file.path, line, format!("not a signature pair: {spec:?}"))),
            };
        }

        Ok(ZosTables { supported, specs_2char, sslv2, group_names, signature_names })
    }
}

fn cipher_value(file: &'static str, line: u64, spec: &str) -> Result<u16, CatalogError> {
    match code::cipher_form(spec) {
        CipherForm::Code(value) => Ok(value),
        _ => Err(CatalogError::invalid(file, line, format!("not a cipher spec: {spec:?}"))),
    }
}
