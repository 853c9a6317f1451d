//! What became of every walked file: ingested, unchanged, a duplicate, not
//! a capture or failed, each file counted once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Summary;

use crate::error::Problem;

/// What became of one walked file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ingested,
    Unchanged,
    Duplicate,
    NotACapture,
    Failed,
    Pruned,
}

impl Outcome {
    /// The name stored in `walked_files.outcome`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ingested => "ingested",
            Outcome::Unchanged => "unchanged",
            Outcome::Duplicate => "duplicate",
            Outcome::NotACapture => "not a capture",
            Outcome::Failed => "failed",
            Outcome::Pruned => "pruned",
        }
    }
}

/// What became of every file of a run, by path: a file read twice (again,
/// because it shared a snapshot with a file that changed) counts once, with
/// what became of it last.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    pub(super) files: BTreeMap<PathBuf, Walked>,
}

/// What became of one file, why, and the kinds of the reports in it: read,
/// and skipped (of a kind this version does not read).
#[derive(Debug)]
pub(super) struct Walked {
    pub(super) outcome: Outcome,
    pub(super) reason: Option<String>,
    pub(super) reports: Vec<&'static str>,
    pub(super) skipped: Vec<&'static str>,
}

impl Walked {
    /// The skipped reports' kinds as `walked_files.skipped_reports` keeps them.
    pub(super) fn skipped_reports(&self) -> Option<String> {
        Some(self.skipped.join(", ")).filter(|kinds| !kinds.is_empty())
    }
}

impl Ledger {
    /// What became of `path` in this run, if it was walked.
    pub(super) fn outcome(&self, path: &Path) -> Option<Outcome> {
        self.files.get(path).map(|walked| walked.outcome)
    }

    pub(super) fn record(&mut self, path: &Path, outcome: Outcome, reason: Option<String>) {
        self.files.insert(path.to_path_buf(), Walked { outcome, reason, reports: Vec::new(), skipped: Vec::new() });
    }

    /// Records a file that failed, with [`failure`] as its reason.
    pub(super) fn failed(&mut self, path: &Path, problems: &[Problem]) {
        self.record(path, Outcome::Failed, failure(problems));
    }

    /// Counts the files in `summary`, each once, and their reports (a file
    /// read again counts its reports once).
    pub(super) fn count(&self, summary: &mut Summary) {
        for walked in self.files.values() {
            for &kind in &walked.reports {
                *summary.reports.entry(kind).or_default() += 1;
            }
            for &kind in &walked.skipped {
                *summary.skipped_reports.entry(kind).or_default() += 1;
            }
        }
        summary.files_found = self.files.len();
        let count = |outcome| self.files.values().filter(|w| w.outcome == outcome).count();
        summary.files_ingested = count(Outcome::Ingested);
        summary.files_unchanged = count(Outcome::Unchanged);
        summary.files_duplicate = count(Outcome::Duplicate);
        summary.files_skipped = count(Outcome::NotACapture);
        summary.files_failed = count(Outcome::Failed);
        summary.files_pruned = count(Outcome::Pruned);
    }
}

/// The reason of a file that failed: its first problem, and how many more.
pub(super) fn failure(problems: &[Problem]) -> Option<String> {
    problems.first().map(|first| match problems.len() {
        1 => first.to_string(),
        n => format!("{first} (and {} more)", n - 1),
    })
}
