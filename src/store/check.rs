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
        "SELECT sha256 || ' on ' || system || ' ' || capture_date || ' is ingested ' || count(*) || ' times'
         FROM capture_files GROUP BY sha256, system, capture_date HAVING count(*) > 1",
    ),
    (
        "no connection counted twice in a snapshot",
        "SELECT 'snapshot ' || snapshot_id || ' has conn id ' || conn_id || ' ' || count(*) || ' times'
         FROM connections GROUP BY snapshot_id, conn_id HAVING count(*) > 1",
    ),
    (
        "no TLS session counted twice in a snapshot",
        "SELECT 'snapshot ' || snapshot_id || ' has TLS session ' || conn_id || ' ' || count(*) || ' times'
         FROM tls_sessions GROUP BY snapshot_id, conn_id HAVING count(*) > 1",
    ),
    (
        "every fact row points to a capture of its own snapshot",
        "SELECT t || ' row ' || id || ' points to capture ' || capture_id || ' of another snapshot' FROM (
             SELECT 'connections' AS t, connection_id AS id, capture_id, snapshot_id FROM connections
             UNION ALL SELECT 'tls_sessions', tls_session_id, capture_id, snapshot_id FROM tls_sessions
             UNION ALL SELECT 'rules', rule_id, capture_id, snapshot_id FROM rules
             UNION ALL SELECT 'group_actions', group_action_id, capture_id, snapshot_id FROM group_actions
             UNION ALL SELECT 'env_actions', env_action_id, capture_id, snapshot_id FROM env_actions
             UNION ALL SELECT 'conn_actions', conn_action_id, capture_id, snapshot_id FROM conn_actions) f
         WHERE NOT EXISTS (SELECT 1 FROM captures k WHERE k.capture_id = f.capture_id AND k.snapshot_id = f.snapshot_id)",
    ),
    (
        "every attribute belongs to a row",
        "SELECT 'attribute ' || a.rowid || ' (' || a.key || ') of missing ' || a.owner_table || ' ' || a.owner_id
         FROM attributes a WHERE NOT CASE a.owner_table
             WHEN 'connections' THEN EXISTS (SELECT 1 FROM connections WHERE connection_id = a.owner_id)
             WHEN 'tls_sessions' THEN EXISTS (SELECT 1 FROM tls_sessions WHERE tls_session_id = a.owner_id)
             WHEN 'rules' THEN EXISTS (SELECT 1 FROM rules WHERE rule_id = a.owner_id)
             WHEN 'group_actions' THEN EXISTS (SELECT 1 FROM group_actions WHERE group_action_id = a.owner_id)
             WHEN 'env_actions' THEN EXISTS (SELECT 1 FROM env_actions WHERE env_action_id = a.owner_id)
             WHEN 'conn_actions' THEN EXISTS (SELECT 1 FROM conn_actions WHERE conn_action_id = a.owner_id)
             WHEN 'captures' THEN a.owner_id = a.capture_id
             ELSE 0 END",
    ),
    (
        "every snapshot has a capture",
        "SELECT 'snapshot ' || snapshot_id || ' (' || system || ' ' || stack || ' ' || capture_date || ') has no capture'
         FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM captures k WHERE k.snapshot_id = s.snapshot_id)",
    ),
    (
        // A file lists its first 100 problems and one row counting the rest.
        "every file's problem count matches its recorded problems",
        "SELECT path || ': ' || problem_count || ' problems counted, ' || recorded || ' recorded'
         FROM (SELECT f.path, f.problem_count,
                      (SELECT count(*) FROM ingest_problems p WHERE p.path = f.path) AS recorded
               FROM capture_files f)
         WHERE recorded <> min(problem_count, 101)",
    ),
    (
        // Days still pending (an ingest is running, or was interrupted) are
        // not compared: they are rebuilt by the next ingest. Nor are days
        // whose facts were pruned: their summaries are all that is left.
        "the summaries count every connection once a day",
        "WITH facts AS (
             SELECT s.system, s.stack, s.capture_date, count(c.connection_id) AS n
             FROM snapshots s LEFT JOIN connections c ON c.snapshot_id = s.snapshot_id
                 AND NOT EXISTS (SELECT 1 FROM connections p JOIN snapshots ps ON ps.snapshot_id = p.snapshot_id
                                 WHERE p.connection_id = c.previous_id AND ps.capture_date = s.capture_date)
             GROUP BY 1, 2, 3),
         summed AS (
             SELECT system, stack, capture_date, sum(connections) AS n FROM daily_endpoints GROUP BY 1, 2, 3)
         SELECT system || ' ' || stack || ' ' || capture_date || ': ' || coalesce(f.n, 0) || ' connections, '
                || coalesce(m.n, 0) || ' in daily_endpoints'
         FROM facts f FULL JOIN summed m USING (system, stack, capture_date)
         WHERE coalesce(f.n, 0) <> coalesce(m.n, 0)
           AND NOT EXISTS (SELECT 1 FROM summaries_pending p
                           WHERE p.system = system AND p.stack = stack AND p.capture_date = capture_date)
           AND NOT EXISTS (SELECT 1 FROM pruned_days p
                           WHERE p.system = system AND p.stack = stack AND p.capture_date = capture_date)",
    ),
];

/// Runs every check and returns what each found. A check that cannot run
/// (a damaged file) is a finding of its own, never an error: `check` is
/// what a user runs on a database that may be damaged.
pub fn run(conn: &Connection) -> Vec<Finding> {
    let mut findings = Vec::new();
    let integrity = rows(conn, "PRAGMA integrity_check", []).map(|found| match &found[..] {
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
        .prepare("SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check")?
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
    let key = rows(conn, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", [table])?;
    let parent_key = rows(conn, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", [parent])?;
    let pairs: Vec<(String, Option<String>)> = conn
        .prepare("SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq")?
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
                ("SQLite foreign key check", vec!["attributes row 1 points to a missing captures".to_string()]),
                ("every attribute belongs to a row", vec!["attribute 1 (K) of missing rules 7".to_string()]),
                ("every snapshot has a capture", vec!["snapshot 1 (S T 2026-01-01) has no capture".to_string()]),
            ]
        );
    }
}
