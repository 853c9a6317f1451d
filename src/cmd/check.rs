//! `ttlsinv check`: prints each check with its verdict, and the failures.
//! A damaged database is what `check` is for: whatever is wrong with it is a
//! `FAILED` line (exit 1), never a crash.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::store::check::{self, Finding};

pub fn run(db: &Path) -> anyhow::Result<ExitCode> {
    let mut findings = vec![check::beside(db)];
    match super::open_read_only(db) {
        Ok(store) => findings.extend(check::run(store.connection())),
        // A file SQLite cannot read is a finding; no database, an empty or
        // a foreign one is no inventory to check, and said as elsewhere.
        Err(error) => match error.downcast_ref::<crate::error::StoreError>().and_then(sqlite_source) {
            Some(source) => {
                findings.push(Finding { check: "the database opens", failures: vec![check::unreadable(source)] });
            }
            None => return Err(error),
        },
    }
    let mut out = std::io::stdout().lock();
    let failed = findings.iter().filter(|f| !f.failures.is_empty()).count();
    for finding in &findings {
        let verdict = if finding.failures.is_empty() { "ok" } else { "FAILED" };
        writeln!(out, "{verdict:6} {}", finding.check)?;
        for failure in finding.failures.iter().take(20) {
            writeln!(out, "       {failure}")?;
        }
        if finding.failures.len() > 20 {
            writeln!(out, "       ... and {} more", finding.failures.len() - 20)?;
        }
    }
    if failed == 0 {
        writeln!(out, "{}: all {} checks passed", db.display(), findings.len())?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(out, "{}: {failed} of {} checks FAILED", db.display(), findings.len())?;
        Ok(ExitCode::FAILURE)
    }
}

/// The SQLite error under a store error that is one (a file SQLite cannot read).
fn sqlite_source(error: &crate::error::StoreError) -> Option<&rusqlite::Error> {
    match error {
        crate::error::StoreError::Open { source, .. } | crate::error::StoreError::Sqlite { source, .. } => Some(source),
        _ => None,
    }
}
