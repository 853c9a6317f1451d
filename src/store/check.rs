//! `ttlsinv check`: SQLite's own checks and the inventory's invariants.

use std::path::Path;

use rusqlite::Connection;

use crate::path_text;

/// One check and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: &'static str,
    /// Empty when the check passed; otherwise what is wrong, one item each.
    pub failures: Vec<String>,
}

/// The inventory's invariants: each query returns one row per violation.
const INVARIANTS: &[(&str, &str)] = &[
    (
        "no observation is ingested twice (same content, system and date)",
        include_str!("../../sql/check/observation-once.sql"),
    ),
    ("no connection counted twice in a snapshot", include_str!("../../sql/check/connection-once.sql")),
    ("no TLS session counted twice in a snapshot", include_str!("../../sql/check/tls-session-once.sql")),
    (
        "every fact row points to a capture of its own snapshot",
        include_str!("../../sql/check/capture-of-own-snapshot.sql"),
    ),
    ("every attribute belongs to a row", include_str!("../../sql/check/attribute-owner.sql")),
    ("every snapshot has a capture", include_str!("../../sql/check/snapshot-has-capture.sql")),
    (
        // A file lists its first 100 problems and one row counting the rest.
        "every file's problem count matches its recorded problems",
        include_str!("../../sql/check/problem-count.sql"),
    ),
    (
        // Days still pending (an ingest is running, or was interrupted) are
        // not compared: they are rebuilt by the next ingest. Nor are days
        // whose facts were pruned: their summaries are all that is left.
        "the summaries count every connection once a day",
        include_str!("../../sql/check/summaries-count.sql"),
    ),
];

/// Runs every check and returns what each found. A check that cannot run
/// (a damaged file) is a finding of its own, never an error: `check` is
/// what a user runs on a database that may be damaged.
pub fn run(conn: &Connection) -> Vec<Finding> {
    let mut findings = Vec::new();
    let integrity = rows(conn, include_str!("../../sql/check/integrity.sql"), []).map(|found| match &found[..] {
        [ok] if ok == "ok" => Vec::new(),
        _ => found,
    });
    findings.push(Finding { check: "SQLite integrity check", failures: or_unreadable(integrity) });
    findings.push(Finding { check: "SQLite foreign key check", failures: or_unreadable(broken_foreign_keys(conn)) });
    for (check, sql) in INVARIANTS {
        findings.push(Finding { check, failures: or_unreadable(rows(conn, sql, [])) });
    }
    findings
}

/// Whether the files SQLite keeps beside the database in WAL mode are as
/// they should be. A `-shm` without its `-wal` means the `-wal` was lost
/// (deleted, or left behind when the database was copied or moved), and
/// with it every change committed since the last checkpoint: SQLite opens
/// such a file without a word. (After a clean close neither is there; a
/// `-wal` without its `-shm` is rebuilt by SQLite and loses nothing.)
pub fn beside(db: &Path) -> Finding {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    let (wal, shm) = (with("-wal"), with("-shm"));
    let failures = if shm.exists() && !wal.exists() {
        vec![format!(
            "{} is there but {} is missing: the database was copied or moved without its -wal file, or the \
             file was deleted; changes committed since the last checkpoint are not in the database. Copy the \
             -wal file back beside it if you have it, else ingest the captures again",
            path_text::shown(&shm),
            path_text::shown(&wal)
        )]
    } else {
        Vec::new()
    };
    Finding { check: "SQLite -wal and -shm files", failures }
}

/// The failures a check found, or why it could not run.
fn or_unreadable(found: rusqlite::Result<Vec<String>>) -> Vec<String> {
    found.unwrap_or_else(|error| vec![unreadable(&error)])
}

/// What to say of a database SQLite cannot read.
pub fn unreadable(error: &rusqlite::Error) -> String {
    format!("SQLite cannot read the database: {error} (a truncated or damaged file, or one copied without its -wal?)")
}

/// The text rows of a query.
fn rows(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<Vec<String>> {
    conn.prepare(sql)?.query_map(params, |row| row.get(0))?.collect()
}

/// Every row whose foreign key points to a missing row, named by its rowid,
/// or in a `WITHOUT ROWID` table (which has none) by its primary key.
fn broken_foreign_keys(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let broken: Vec<(String, Option<i64>, String, i64)> = conn
        .prepare(include_str!("../../sql/check/foreign-keys.sql"))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut failures = Vec::new();
    let mut keyed_done = std::collections::BTreeSet::new();
    for (table, rowid, parent, fkid) in broken {
        match rowid {
            Some(rowid) => failures.push(format!("{table} row {rowid} points to a missing {parent}")),
            // One query lists every broken row of the key.
            None if keyed_done.insert((table.clone(), fkid)) => {
                failures.extend(broken_without_rowid(conn, &table, &parent, fkid)?);
            }
            None => {}
        }
    }
    Ok(failures)
}

/// The rows of a `WITHOUT ROWID` table whose foreign key `fkid` points to a
/// missing row of `parent`, named by their primary key.
fn broken_without_rowid(conn: &Connection, table: &str, parent: &str, fkid: i64) -> rusqlite::Result<Vec<String>> {
    let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    let key = rows(conn, include_str!("../../sql/check/primary-key.sql"), [table])?;
    let parent_key = rows(conn, include_str!("../../sql/check/primary-key.sql"), [parent])?;
    let pairs: Vec<(String, Option<String>)> = conn
        .prepare(include_str!("../../sql/check/foreign-key-columns.sql"))?
        .query_map(rusqlite::params![table, fkid], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // A key that names no parent column refers to the parent's primary key.
    let matches: Vec<String> = pairs
        .iter()
        .enumerate()
        .map(|(i, (from, to))| {
            let to = to.clone().or_else(|| parent_key.get(i).cloned()).unwrap_or_else(|| "rowid".to_string());
            format!("p.{} = t.{}", quote(&to), quote(from))
        })
        .collect();
    let not_null: Vec<String> = pairs.iter().map(|(from, _)| format!("t.{} IS NOT NULL", quote(from))).collect();
    let shown: Vec<String> =
        key.iter().map(|c| format!("'{} = ' || quote(t.{})", c.replace('\'', "''"), quote(c))).collect();
    // Built here, not in sql/: the table, parent and columns are the key's.
    let sql = format!(
        "SELECT {} FROM {} t WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
        shown.join(" || ', ' || "),
        quote(table),
        not_null.join(" AND "),
        quote(parent),
        matches.join(" AND ")
    );
    Ok(rows(conn, &sql, [])?
        .into_iter()
        .map(|row| format!("{table} row with {row} points to a missing {parent}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_database_passes_and_a_broken_one_fails() {
        let conn = crate::store::scratch().unwrap();
        assert!(run(&conn).iter().all(|f| f.failures.is_empty()));
        // Damage it the way another tool could, with foreign keys off.
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO snapshots (system, stack, capture_date, run_key, captured_at) VALUES ('S', 'T', '2026-01-01', 'k', '2026-01-01');
             INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value) VALUES (1, 1, 'rules', 7, 'K', 'V');",
        )
        .unwrap();
        let failed: Vec<(&str, Vec<String>)> =
            run(&conn).into_iter().filter(|f| !f.failures.is_empty()).map(|f| (f.check, f.failures)).collect();
        assert_eq!(
            failed,
            vec![
                ("SQLite foreign key check", vec!["attributes row 1 points to a missing capture_rows".to_string()]),
                ("every attribute belongs to a row", vec!["attribute 1 (K) of missing rules 7".to_string()]),
                ("every snapshot has a capture", vec!["snapshot 1 (S T 2026-01-01) has no capture".to_string()]),
            ]
        );
    }
}
