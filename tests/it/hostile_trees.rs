//! Hostile trees and long lives (issue 15): odd file names, files that are
//! not files, captures cut in the middle of a value, problem floods,
//! interrupted exports, read-only inventories, runaway queries, and the
//! messages that misled. Each test failed before its fix.

use std::path::Path;
use std::process::{Command, Output};

use crate::hostile::ingest;
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

// ---- Files that are not regular files (point 11), sizes from the opened file (point 14).

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn a_fifo_in_the_tree_is_noted_and_skipped_without_hanging() {
    let dir = TestDir::new();
    dir.write("c/2026-11-24/SYSB/conn.txt", fixture("variants/conn-short-udp.txt"));
    mkfifo(&dir.path("c/2026-11-24/SYSB/pipe.txt"));
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let note = format!("{root}/2026-11-24/SYSB/pipe.txt: note: a FIFO (a named pipe");
    assert!(err.contains(&note), "{err}");
    assert!(err.contains("not a regular file: not read\n"), "{err}");
    assert!(err.contains("2 files: 1 ingested, 0 unchanged, 0 duplicate, 1 not captures, 0 failed;"), "{err}");
}

#[test]
fn a_pipe_given_as_the_tree_is_a_problem_not_zero_files() {
    let dir = TestDir::new();
    let file = dir.write("conn.txt", fixture("variants/conn-short-udp.txt"));
    let script = format!(
        "exec {} --db {} ingest --date 2026-11-24 --system SYSB <(cat {})",
        env!("CARGO_BIN_EXE_ttlsinv"),
        dir.path("t.db").display(),
        file.display()
    );
    let output = Command::new("bash").arg("-c").arg(script).env_remove("TTLSINV_DB").output().unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains(": a FIFO (a named pipe, or a pipe such as `<(zcat file)`: save it to a file first"), "{err}");
    assert!(err.contains("1 files: 0 ingested, 0 unchanged, 0 duplicate, 0 not captures, 1 failed;"), "{err}");
}

#[test]
fn a_fifo_swapped_in_after_the_walk_is_not_read_and_does_not_block() {
    let dir = TestDir::new();
    let path = dir.path("c/2026-11-24/SYSB/conn.txt");
    mkfifo(&path);
    // What the walk saw before the swap: a regular file of 300 bytes.
    let walked = ttlsinv::capture::FoundFile { path, size: 300, mtime_ns: Some(1) };
    let problem = ttlsinv::capture::read(&walked, &mut Vec::new()).unwrap_err();
    assert_eq!(problem.line, 0);
    assert!(problem.reason.starts_with("a FIFO (a named pipe"), "{}", problem.reason);
    assert!(problem.reason.ends_with("when it was opened, not a regular file: not read"), "{}", problem.reason);
}

#[test]
fn size_and_time_come_from_the_opened_file_not_the_walk() {
    let dir = TestDir::new();
    let text = fixture("variants/conn-short-udp.txt");
    let path = dir.write("c/2026-11-24/SYSB/conn.txt", &text);
    // The walk saw the file before its writer finished it.
    let walked = ttlsinv::capture::FoundFile { path: path.clone(), size: 10, mtime_ns: Some(1) };
    let mut bytes = Vec::new();
    let opened = ttlsinv::capture::read(&walked, &mut bytes).unwrap();
    let meta = std::fs::metadata(&path).unwrap();
    let mtime = meta.modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    assert_eq!(bytes.len(), text.len());
    assert_eq!((opened.size, opened.mtime_ns), (text.len() as u64, Some(mtime as i64)));

    // A size recorded wrong (by an older version) is corrected when the
    // content turns out to be the same, so the file is not read on every run.
    let (output, root) = ingest(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let db = rusqlite::Connection::open(dir.path("t.db")).unwrap();
    db.execute("UPDATE capture_files SET size = 10", []).unwrap();
    drop(db);
    let output = dir.run(&["ingest", &root]);
    assert!(stderr(&output).contains("1 files: 0 ingested, 1 unchanged,"), "{}", stderr(&output));
    assert_eq!(dir.csv("SELECT size FROM capture_files"), format!("size\n{}\n", text.len()));
}
