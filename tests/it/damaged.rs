//! `check` on a damaged database (issue 17 point 5): whatever is wrong is a
//! `FAILED` line naming it, exit 1, never a crash.

use std::path::Path;

use crate::util::{ingested_samples, stdout, TestDir};

/// A copy of the ingested samples' database in a scratch folder of its own.
fn copy_of_samples(dir: &TestDir, name: &str) {
    let samples = ingested_samples(name);
    std::fs::copy(samples.path("t.db"), dir.path("t.db")).unwrap();
}

fn check(dir: &TestDir) -> (Option<i32>, String) {
    let output = dir.run(&["check"]);
    (output.status.code(), stdout(&output))
}

/// Changes the database with foreign keys off, as another tool could.
fn damage(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}")).unwrap();
}

#[test]
fn a_broken_foreign_key_is_named_also_in_a_table_without_rowid() {
    let dir = TestDir::new();
    copy_of_samples(&dir, "damaged-foreign-key");
    // The samples hold no snapshot 99999: policy_objects is WITHOUT ROWID
    // (`Invalid column type Null ... rowid` before), snapshot_policies is not.
    damage(
        &dir.path("t.db"),
        "INSERT INTO policy_objects (snapshot_id, object, name, fingerprint) VALUES (99999, 'rule', 'R1', 'f');
         INSERT INTO snapshot_policies (snapshot_id, fingerprint) VALUES (99999, 'f');",
    );
    let (code, out) = check(&dir);
    assert_eq!(code, Some(1), "{out}");
    let expected = "FAILED SQLite foreign key check\n       \
                    policy_objects row with snapshot_id = 99999, object = 'rule', name = 'R1' points to a missing snapshots\n       \
                    snapshot_policies row 99999 points to a missing snapshots\n";
    assert!(out.contains(expected), "{out}");
    assert_eq!(out.matches("FAILED ").count(), 1, "{out}");
    assert!(out.ends_with("t.db: 1 of 11 checks FAILED\n"), "{out}");
}

#[test]
fn a_truncated_database_is_a_failed_line_not_a_crash() {
    let samples = ingested_samples("damaged-truncated");
    let whole = std::fs::read(samples.path("t.db")).unwrap();
    // Shorter than SQLite's header, half, all but the last page. (An empty
    // file is no inventory yet, and said so: hostile_trees.)
    for keep in [60, whole.len() / 2, whole.len() - 4096] {
        let dir = TestDir::new();
        std::fs::write(dir.path("t.db"), &whole[..keep]).unwrap();
        let (code, out) = check(&dir);
        assert_eq!(code, Some(1), "{keep} bytes: {out}");
        let failed: Vec<&str> = out.lines().filter(|l| l.starts_with("FAILED ")).collect();
        assert!(!failed.is_empty(), "{keep} bytes: {out}");
        assert!(out.ends_with("checks FAILED\n"), "{keep} bytes: {out}");
    }
}

#[test]
fn a_missing_wal_beside_its_shm_fails_and_a_missing_shm_does_not() {
    let source = TestDir::new();
    copy_of_samples(&source, "damaged-wal");
    // A writer holds the database open with a change not yet checkpointed:
    // the change is in the -wal only.
    let writer = rusqlite::Connection::open(source.path("t.db")).unwrap();
    writer.execute_batch("PRAGMA wal_autocheckpoint = 0; DELETE FROM walked_files;").unwrap();
    assert!(source.path("t.db-wal").exists() && source.path("t.db-shm").exists());

    let without_wal = TestDir::new();
    for name in ["t.db", "t.db-shm"] {
        std::fs::copy(source.path(name), without_wal.path(name)).unwrap();
    }
    let (code, out) = check(&without_wal);
    assert_eq!(code, Some(1), "{out}");
    let expected = format!(
        "FAILED SQLite -wal and -shm files\n       {} is there but {} is missing",
        without_wal.path("t.db-shm").display(),
        without_wal.path("t.db-wal").display()
    );
    assert!(out.starts_with(&expected), "{out}");

    // Without its -shm, SQLite rebuilds it from the -wal: nothing is lost.
    let without_shm = TestDir::new();
    for name in ["t.db", "t.db-wal"] {
        std::fs::copy(source.path(name), without_shm.path(name)).unwrap();
    }
    let (code, out) = check(&without_shm);
    assert_eq!(code, Some(0), "{out}");
    drop(writer);
}
