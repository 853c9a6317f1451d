//! Error types of the library: located problems in capture files, and store
//! failures.

use std::path::PathBuf;

/// Something in a capture file that could not be read as expected. Problems
/// never stop a run: the rest of the file and of the tree is still ingested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", line_prefix(*.line))]
pub struct Problem {
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: u32,
    /// What happened and, where it helps, what to do.
    pub reason: String,
}

fn line_prefix(line: u32) -> String {
    if line == 0 {
        String::new()
    } else {
        format!("line {line}: ")
    }
}

impl Problem {
    /// A problem at a 1-based line.
    pub fn at(line: u32, reason: impl Into<String>) -> Self {
        Problem { line, reason: reason.into() }
    }

    /// A problem with the whole file.
    pub fn file(reason: impl Into<String>) -> Self {
        Problem::at(0, reason)
    }
}

/// A failure of the SQLite store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A database to read does not exist.
    #[error("no inventory at {}: run `ttlsinv ingest` first, or give --db or TTLSINV_DB", path.display())]
    Missing { path: PathBuf },
    /// The database file could not be opened or created.
    #[error("cannot open database {}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A migration failed; the database is left at the previous version.
    #[error("database {}: migration {name} failed", path.display())]
    Migration {
        path: PathBuf,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer ttlsinv.
    #[error(
        "database {} has schema version {found}, newer than this ttlsinv knows ({known}): \
         use a newer ttlsinv or another --db",
        path.display()
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    /// The file is a SQLite database of another program.
    #[error(
        "{} is a SQLite database but not a ttlsinv inventory (it has tables and no ttlsinv schema version): \
         give another --db",
        path.display()
    )]
    NotInventory { path: PathBuf },
    /// A database on storage ttlsinv cannot write, with a `-wal` file.
    #[error(
        "database {} is on storage ttlsinv cannot write, and its -wal file holds changes that are not in the \
         database file yet: copy both to writable storage, or run `ttlsinv ingest` on it once where it can be \
         written (that folds the -wal file in)",
        path.display()
    )]
    ReadOnlyWithWal { path: PathBuf },
    /// A database opened for reading holds nothing yet (an empty file).
    #[error(
        "database {} is empty: nothing was ingested into it yet; run `ttlsinv ingest` with this --db first",
        path.display()
    )]
    Empty { path: PathBuf },
    /// A database opened for reading was written by an older ttlsinv.
    #[error(
        "database {} has schema version {found}, older than this ttlsinv ({known}): \
         run `ttlsinv ingest` on it once to upgrade it",
        path.display()
    )]
    Outdated { path: PathBuf, found: i64, known: i64 },
    /// Any other SQLite failure.
    #[error("database {}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A file the store keeps beside the database (the copy a vacuum makes).
    #[error("{}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Text of a capture quoted in a problem: control characters escaped
/// (`\u{1b}`), so that nothing read reaches the terminal raw, and at most
/// 80 characters, so that a damaged line does not flood the output.
pub fn quoted(text: &str) -> String {
    quoted_at_most(text, 80)
}

/// [`quoted`], at most `limit` characters: a message of NETSTAT's, whose
/// words after the 80th say what failed.
pub fn quoted_at_most(text: &str, limit: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == limit {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}
