//! Moved, renamed and deleted capture files (issue 15 point 4): runs keyed by
//! what they are, files that left the tree forgotten on request, and an
//! incremental database that equals a fresh ingest of the same tree.

use std::path::Path;

use crate::hostile::{open, row_list};
use crate::util::{copy_tree, fixture, project, stderr, TestDir};

fn ingest(dir: &TestDir, args: &[&str]) -> String {
    let output = dir.run(&[&["ingest"][..], args].concat());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    err
}

fn canonical(dir: &TestDir, relative: &str) -> String {
    dir.path(relative).canonicalize().unwrap().to_str().unwrap().to_string()
}

#[test]
fn a_tree_mounted_elsewhere_and_a_late_file_join_the_known_run() {
    let dir = TestDir::new();
    for name in ["netstat-all-port1414.txt", "netstat-allconn-port1414.txt", "netstat-ttls-group.txt"] {
        dir.write(&format!("c/2022-05-31/SYSA/{name}"), fixture(&format!("published/{name}")));
    }
    ingest(&dir, &[&canonical(&dir, "c")]);
    // The same tree seen at another place (mounted there; the old place is
    // still there), and the run's TTLS report arrives late, at the new place.
    copy_tree(&dir.path("c"), &dir.path("m"));
    let late = "netstat-ttls-conn-detail.txt";
    dir.write(&format!("m/2022-05-31/SYSA/{late}"), fixture(&format!("published/{late}")));
    let (old, new) = (canonical(&dir, "c"), canonical(&dir, "m"));
    let err = ingest(&dir, &[&new]);
    let note = format!(
        "{new}/2022-05-31/SYSA/netstat-all-port1414.txt: note: same content as \
         {old}/2022-05-31/SYSA/netstat-all-port1414.txt: skipped"
    );
    assert!(err.lines().any(|l| l == note), "{note}\n{err}");

    // By hand from the captures: ALL shows conn 000000BB (10.1.1.2..1414 to
    // 10.1.0.2..51844), ALLCONN the same and the listener 00000022; the TTLS
    // report shows 000000bb with TLS 1.2 from 10.1.0.2..53230, a later
    // session of the conn id (kept apart: another connection). One run: one
    // snapshot of the four reports, three connections, one protected. (Two
    // snapshots before: the late report alone in its own.)
    let sql = "SELECT (SELECT count(*) || ' snapshot, ' || sum(report_count) || ' reports' FROM snapshots),
                      (SELECT count(*) || ' connections, ' || count(tls_protocol) || ' with TLS' FROM v_connections)";
    assert_eq!(dir.csv(sql).lines().nth(1), Some("\"1 snapshot, 4 reports\",\"3 connections, 1 with TLS\""));
    // As a fresh ingest of the tree where it is now.
    let fresh = TestDir::new();
    copy_tree(&dir.path("m"), &fresh.path("m"));
    ingest(&fresh, &[&canonical(&fresh, "m")]);
    assert_eq!(fresh.csv(sql), dir.csv(sql));
    assert!(dir.run(&["check"]).status.success());
}

/// Everything a user reads from the inventory, rows sorted, without row ids
/// (they differ from one database to another) and with the tree's path as
/// `{root}`.
fn contents(db: &Path, root: &str) -> Vec<String> {
    let conn = open(db);
    let not_compared = ["connection_id", "snapshot_id", "previous_connection_id", "identity_id"];
    let mut all = Vec::new();
    for table in [
        "v_connections",
        "daily_endpoints",
        "daily_services",
        "daily_capacity",
        "endpoint_days",
        "regressions",
        "service_evidence",
        "summaries_pending",
        "capture_files",
        "ingest_problems",
        "walked_files",
    ] {
        let columns: Vec<String> = row_list(&conn, &format!("SELECT name FROM pragma_table_info('{table}')"), [])
            .into_iter()
            .filter(|c| !not_compared.contains(&c.as_str()))
            .filter(|c| {
                !["file_id", "problem_id", "ingested_at", "recorded_at", "walked_at", "mtime_ns"].contains(&c.as_str())
            })
            .collect();
        let sql = format!("SELECT '{table}', {} FROM {table}", columns.join(", "));
        let mut rows: Vec<String> = row_list(&conn, &sql, []).into_iter().map(|r| r.replace(root, "{root}")).collect();
        rows.sort();
        all.extend(rows);
    }
    all
}

#[test]
fn after_a_rename_a_delete_and_moves_with_prune_missing_the_inventory_equals_a_fresh_ingest() {
    let dir = TestDir::new();
    copy_tree(&project("samples/tree"), &dir.path("c"));
    let root = canonical(&dir, "c");
    ingest(&dir, &[&root]);
    let c = |relative: &str| dir.path(&format!("c/{relative}"));
    // Renamed in its folder: the same file of the same run.
    std::fs::rename(c("SYSB/20261123/ttls-group.txt"), c("SYSB/20261123/ttls-group-renamed.txt")).unwrap();
    // Deleted: SYSA's 23 November is gone (and the 24th compares with the 22nd).
    std::fs::remove_file(c("2026-11-23/SYSA/netstat.txt")).unwrap();
    // Moved into another folder of its day: another capture run.
    std::fs::create_dir(c("2026-11-24/SYSA/late")).unwrap();
    std::fs::rename(c("2026-11-24/SYSA/netstat.txt"), c("2026-11-24/SYSA/late/netstat.txt")).unwrap();
    // Moved to another day.
    std::fs::create_dir(c("SYSB/20261125")).unwrap();
    std::fs::rename(c("SYSB/20261122/ttls-group.txt"), c("SYSB/20261125/ttls-group.txt")).unwrap();

    let err = ingest(&dir, &["--prune-missing", &root]);
    for expected in [
        format!("{root}/SYSB/20261123/ttls-group-renamed.txt: note: moved from {root}/SYSB/20261123/ttls-group.txt (same content and place)"),
        format!("{root}/2026-11-24/SYSA/late/netstat.txt: note: moved from {root}/2026-11-24/SYSA/netstat.txt into another capture run (another folder): read again"),
        format!("{root}/2026-11-23/SYSA/netstat.txt: note: ingested earlier, no longer in the tree: forgotten (--prune-missing), with the rows and summaries that came from it"),
        format!("{root}/SYSB/20261122/ttls-group.txt: note: ingested earlier, no longer in the tree: forgotten (--prune-missing), with the rows and summaries that came from it"),
    ] {
        assert!(err.lines().any(|l| l == expected), "{expected}\n{err}");
    }
    assert!(!err.contains("same content as"), "{err}");

    let fresh = TestDir::new();
    copy_tree(&dir.path("c"), &fresh.path("c"));
    let fresh_root = canonical(&fresh, "c");
    ingest(&fresh, &[&fresh_root]);
    let incremental = contents(&dir.path("t.db"), &root);
    let expected = contents(&fresh.path("t.db"), &fresh_root);
    let differ: Vec<(&String, &String)> = incremental.iter().zip(&expected).filter(|(a, b)| a != b).take(3).collect();
    assert!(
        incremental == expected,
        "{} rows, {} fresh; first differences {differ:#?}",
        incremental.len(),
        expected.len()
    );
    // Nothing of the deleted day is left; the moved day is there.
    assert!(!incremental.iter().any(|r| r.starts_with("v_connections,SYSA,TCPIP,2026-11-23")));
    assert!(incremental.iter().any(|r| r.starts_with("capture_files,{root}/SYSB/20261125/ttls-group.txt,")));
    assert!(dir.run(&["check"]).status.success());
}
