//! Readers during an ingest: `ttlsinv check` and queries run while another
//! process writes, and every state they see is consistent (WAL mode, one
//! transaction per file).

use std::process::Command;

use crate::util::TestDir;

#[test]
fn readers_see_a_consistent_database_while_an_ingest_writes() {
    let dir = TestDir::new();
    let tree = dir.path("tree");
    ttlsinv_gen::run(&ttlsinv_gen::Plan::new(tree.clone(), 6, 2, 300)).unwrap();
    // Create the database first, so that readers have a schema to read.
    assert_eq!(dir.run(&["ingest", "-q", dir.path("tree/2026-01-01").to_str().unwrap()]).status.code(), Some(0));

    let db = dir.path("t.db");
    let mut writer = Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
        .args(["--db", db.to_str().unwrap(), "ingest", "-q", tree.to_str().unwrap()])
        .spawn()
        .unwrap();
    let mut reads = 0;
    let mut counts_seen = Vec::new();
    loop {
        let finished = writer.try_wait().unwrap().is_some();
        let check = dir.run(&["check"]);
        assert!(check.status.success(), "inconsistent during ingest: {}", String::from_utf8_lossy(&check.stdout));
        // Every snapshot a reader sees is whole: its connections equal the
        // sum of what its reports said they hold (no half-written file).
        let partial = dir.csv(
            "SELECT count(*) AS n FROM capture_files f
             WHERE f.size > 0 AND NOT EXISTS (SELECT 1 FROM captures k WHERE k.file_id = f.file_id)",
        );
        assert_eq!(partial, "n\n0\n");
        counts_seen.push(dir.csv("SELECT count(*) FROM connections"));
        reads += 1;
        if finished {
            break;
        }
    }
    assert!(writer.wait().unwrap().success());
    counts_seen.dedup();
    eprintln!("concurrency: {reads} consistent reads during one ingest, {} distinct states seen", counts_seen.len());
}
