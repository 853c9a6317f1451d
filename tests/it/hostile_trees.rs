//! Hostile trees and long lives (issue 15): odd file names, files that are
//! not files, captures cut in the middle of a value, problem floods,
//! interrupted exports, read-only inventories, runaway queries, and the
//! messages that misled. Each test failed before its fix.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{fixture, stderr, TestDir};

/// Runs the ttlsinv binary with this `--db`.
fn run_with_db(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TTLSINV_DB")
        .output()
        .expect("run ttlsinv")
}

/// Ingests the tree `c` of `dir`, given by its canonical path; returns the
/// run and the root as ingest prints it.
fn ingest(dir: &TestDir) -> (Output, String) {
    let root = dir.path("c").canonicalize().unwrap();
    let root = root.to_str().unwrap().to_string();
    (dir.run(&["ingest", &root]), root)
}

// ---- Messages that misled (point 15).

#[test]
fn a_date_that_names_no_day_is_said_to_be_no_real_date() {
    let dir = TestDir::new();
    dir.write("c/2026-02-30/SYSA/conn.txt", fixture("variants/conn-short-udp.txt"));
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    let expected = format!("{root}/2026-02-30/SYSA/conn.txt: `2026-02-30` in the path is not a real date");
    assert!(err.starts_with(&expected), "{err}");
}

#[test]
fn a_header_time_that_is_no_time_of_day_is_said_so() {
    let dir = TestDir::new();
    let text = fixture("published/netstat-all-port1414.txt").replacen("16:40:39", "25:61:99", 1);
    dir.write("c/2022-05-31/SYSA/all.txt", text);
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    let expected = format!(
        "{root}/2022-05-31/SYSA/all.txt: line 1: a NETSTAT report header whose time `25:61:99` is not a time of day"
    );
    assert!(err.starts_with(&expected), "{err}");
    assert!(!err.contains("the NETSTAT command failed"), "{err}");
}

#[test]
fn a_db_that_is_a_folder_an_empty_file_or_a_device_is_named_for_what_it_is() {
    let dir = TestDir::new();
    dir.write("c/2026-11-24/SYSB/conn.txt", fixture("variants/conn-short-udp.txt"));
    let folder = dir.path("folder");
    std::fs::create_dir(&folder).unwrap();
    for args in [&["ingest", "c"][..], &["sql", "select 1"], &["check"]] {
        let output = run_with_db(&folder, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(&format!("--db {} is a folder", folder.display())), "{args:?}: {err}");
        assert!(!err.contains("disk I/O error"), "{err}");
    }

    let empty = dir.write("empty.db", "");
    for args in [&["sql", "select 1"][..], &["report", "tls-adoption"], &["check"]] {
        let output = run_with_db(&empty, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(&format!("database {} is empty: nothing was ingested", empty.display())), "{err}");
        assert!(!err.contains("upgrade"), "{err}");
    }

    let output = run_with_db(Path::new("/dev/null"), &["ingest", dir.path("c").to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("--db /dev/null is not a regular file"), "{err}");
}
