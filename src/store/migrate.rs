//! Schema migrations, embedded in the binary and applied on open.

use rusqlite::Connection;

/// Schema migrations, oldest first. The position + 1 is the schema version
/// kept in `PRAGMA user_version`. Append only: never edit a shipped entry.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("../../migrations/0001_initial.sql")),
    ("0002_reference", include_str!("../../migrations/0002_reference.sql")),
    ("0003_graded_views", include_str!("../../migrations/0003_graded_views.sql")),
    ("0004_policy_sources", include_str!("../../migrations/0004_policy_sources.sql")),
    ("0005_rule_allows", include_str!("../../migrations/0005_rule_allows.sql")),
    ("0006_summaries", include_str!("../../migrations/0006_summaries.sql")),
    ("0007_trustworthy_numbers", include_str!("../../migrations/0007_trustworthy_numbers.sql")),
    ("0008_path_text", include_str!("../../migrations/0008_path_text.sql")),
    ("0009_observations", include_str!("../../migrations/0009_observations.sql")),
    ("0010_walked_files", include_str!("../../migrations/0010_walked_files.sql")),
    ("0011_ingest_roots", include_str!("../../migrations/0011_ingest_roots.sql")),
    ("0012_alerts", include_str!("../../migrations/0012_alerts.sql")),
    ("0013_quantum_column", include_str!("../../migrations/0013_quantum_column.sql")),
    ("0014_relative_run_keys", include_str!("../../migrations/0014_relative_run_keys.sql")),
    ("0015_pruned", include_str!("../../migrations/0015_pruned.sql")),
    ("0016_day_changes", include_str!("../../migrations/0016_day_changes.sql")),
    ("0017_links_at_insert", include_str!("../../migrations/0017_links_at_insert.sql")),
];

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version of an open database.
pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies every pending migration, each in its own transaction together
/// with the version bump, so a failure leaves the previous version intact.
/// Returns the name of the migration that failed, with its error.
pub fn migrate(conn: &mut Connection) -> Result<(), (&'static str, rusqlite::Error)> {
    let current = current_version(conn).map_err(|e| ("reading user_version", e))?;
    // A migration may build a table again (SQLite cannot drop a constraint):
    // with foreign keys on, dropping the old table would delete every row
    // that points to it. So, as SQLite prescribes, they are off while
    // migrations run (the pragma is a no-op inside a transaction) and each
    // migration must leave them intact before it commits.
    let enforced: bool =
        conn.pragma_query_value(None, "foreign_keys", |row| row.get(0)).map_err(|e| ("foreign_keys", e))?;
    conn.pragma_update(None, "foreign_keys", false).map_err(|e| ("foreign_keys", e))?;
    let mut outcome = Ok(());
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(usize::try_from(current).unwrap_or(0)) {
        let apply = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            let broken: i64 =
                tx.query_row(include_str!("../../sql/store/count-broken-foreign-keys.sql"), [], |row| row.get(0))?;
            if broken > 0 {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                    Some(format!("the migration would leave {broken} rows pointing to missing rows")),
                ));
            }
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()
        };
        if let Err(e) = apply(conn) {
            outcome = Err((*name, in_one_line(e)));
            break;
        }
    }
    conn.pragma_update(None, "foreign_keys", enforced).map_err(|e| ("foreign_keys", e))?;
    outcome
}

/// A statement that failed to prepare, said without the whole migration
/// (rusqlite's message quotes every line of it): SQLite's message and the
/// text where it stopped.
fn in_one_line(error: rusqlite::Error) -> rusqlite::Error {
    match error {
        rusqlite::Error::SqlInputError { error, msg, sql, offset } => {
            let at = sql.get(usize::try_from(offset).unwrap_or(0)..).unwrap_or_default();
            let near: String = at.lines().next().unwrap_or_default().trim().chars().take(60).collect();
            rusqlite::Error::SqliteFailure(error, Some(format!("{msg}, near `{near}`")))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_migrations_apply_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
        // Applying again is a no-op.
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
    }

    #[test]
    fn a_failed_migration_says_where_in_one_line() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a);").unwrap();
        let error = conn.execute_batch("-- a comment\nCREATE TABLE t (a);\nSELECT 1;").unwrap_err();
        let message = in_one_line(error).to_string();
        assert!(message.contains("table t already exists"), "{message}");
        assert!(!message.contains('\n') && !message.contains("a comment"), "{message}");
    }
}
