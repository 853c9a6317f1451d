//! Why the embedded reference data could not be read.
//!
//! The data is fixed at compile time, so these errors can only come from a
//! badly refreshed file under `data/reference/`; the `embedded_data_builds`
//! test turns any of them into a failing test rather than a run-time panic.

/// A reference file that does not have the shape its reader expects.
#[derive(Debug, thiserror::Error)]
pub(super) enum CatalogError {
    #[error("{file}: {source}")]
    Csv {
        file: &'static str,
        #[source]
        source: csv::Error,
    },
    #[error("{file}: no column {column:?}")]
    MissingColumn { file: &'static str, column: &'static str },
    #[error("{file}: {source}")]
    Json {
        file: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("{file}: {what} is not in the IANA registry")]
    Unlisted { file: &'static str, what: String },
    #[error("{name:?} names two entries")]
    AmbiguousName { name: String },
    #[error("{file}: line {line}: {reason}")]
    Invalid { file: &'static str, line: u64, reason: String },
}

impl CatalogError {
    pub(super) fn invalid(file: &'static str, line: u64, reason: impl Into<String>) -> Self {
        CatalogError::Invalid { file, line, reason: reason.into() }
    }
}
