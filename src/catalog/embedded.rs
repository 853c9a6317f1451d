//! The reference files compiled into the binary, and the CSV plumbing their
//! readers share.
//!
//! Users run `ttlsinv` without the source tree, so every file under
//! `data/reference/` that the catalog reads is embedded here with
//! `include_str!`, and nothing is read from disk at run time. `NOTICE` lists
//! the provenance and licence of each one.

use super::error::CatalogError;

/// One embedded file: its path under `data/reference/` (for error messages)
/// and its text.
pub(super) struct Embedded {
    pub path: &'static str,
    pub text: &'static str,
}

macro_rules! embed {
    ($path:literal) => {
        Embedded { path: $path, text: include_str!(concat!("../../data/reference/", $path)) }
    };
}

pub(super) const IANA_CIPHER_SUITES: Embedded = embed!("iana/tls-parameters-4.csv");
pub(super) const IANA_GROUPS: Embedded = embed!("iana/tls-parameters-8.csv");
pub(super) const IANA_SIGNATURE_SCHEMES: Embedded = embed!("iana/tls-signaturescheme.csv");
pub(super) const ZOS_CIPHERS_4CHAR: Embedded = embed!("zos/cipher_specs_4char.csv");
pub(super) const ZOS_CIPHERS_2CHAR: Embedded = embed!("zos/cipher_specs_2char.csv");
pub(super) const ZOS_CIPHERS_SSLV2: Embedded = embed!("zos/cipher_specs_sslv2_1char.csv");
pub(super) const ZOS_GROUPS: Embedded = embed!("zos/named_groups.csv");
pub(super) const ZOS_SIGNATURE_PAIRS: Embedded = embed!("zos/signature_pairs.csv");
pub(super) const CSI_VULNERABILITIES: Embedded = embed!("ciphersuite.info/00_vulnerabilities.yaml");
pub(super) const CSI_TECHNOLOGIES: Embedded = embed!("ciphersuite.info/01_technologies.yaml");
pub(super) const MOZILLA_5_7: Embedded = embed!("mozilla/guidelines-5.7.json");
pub(super) const MOZILLA_6_0: Embedded = embed!("mozilla/guidelines-6.0.json");
pub(super) const NIST_800_52R2: Embedded = embed!("nist/sp800-52r2-cipher-suites.csv");

/// One CSV record: its 1-based line and the requested columns, in the order
/// they were asked for.
pub(super) struct Row<const N: usize> {
    pub line: u64,
    pub columns: [String; N],
}

/// Reads a CSV file with a header line and returns, for every record, the
/// named columns.
///
/// Columns are found by header name rather than position so that a refreshed
/// file with an extra column still reads. The `csv` crate handles what the
/// IANA exports contain: CRLF line ends and quoted fields spanning lines.
pub(super) fn read_csv<const N: usize>(file: &Embedded, names: [&'static str; N]) -> Result<Vec<Row<N>>, CatalogError> {
    let csv_error = |source| CatalogError::Csv { file: file.path, source };
    let mut reader = csv::Reader::from_reader(file.text.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut indexes = [0; N];
    for (index, name) in indexes.iter_mut().zip(names) {
        *index = headers
            .iter()
            .position(|header| header == name)
            .ok_or(CatalogError::MissingColumn { file: file.path, column: name })?;
    }
    reader
        .records()
        .map(|record| {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, csv::Position::line);
            let columns = indexes.map(|index| record.get(index).unwrap_or_default().to_owned());
            Ok(Row { line, columns })
        })
        .collect()
}
