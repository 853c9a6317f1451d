//! `ttlsinv check`: prints each check with its verdict, and the failures.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::store::check;

pub fn run(db: &Path) -> anyhow::Result<ExitCode> {
    let store = super::open_read_only(db)?;
    let findings = check::run(store.connection()).with_context(|| format!("cannot check {}", db.display()))?;
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
