//! What ingest says when it cannot do what was asked, and what to do.

use std::process::{Command, Stdio};

use crate::util::{fixture, stderr, TestDir};

#[test]
fn an_empty_folder_has_no_files() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.path("empty/2026-11-24")).unwrap();
    dir.write("hidden/.keep", "");
    for folder in ["empty", "hidden"] {
        let output = dir.run(&["ingest", dir.path(folder).to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{folder}");
        assert_eq!(stderr(&output), format!("ttlsinv: no files under {}\n", dir.path(folder).display()));
    }
    assert!(!dir.path("t.db").exists(), "no database is created for nothing");
}

#[test]
fn a_layout_that_does_not_match_says_why() {
    let dir = TestDir::new();
    let file = dir.write("c/2026-11-24/SYSA.txt", fixture("published/netstat-allconn-port1414.txt"));
    let output = dir.run(&["ingest", "--layout", "{date}/{system}", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).starts_with(&format!(
            "{}: --layout '{{date}}/{{system}}' does not match this path: `{{system}}` matches `SYSA` of `SYSA.txt`, \
             and `.txt` is left over (end the layout with `/` to leave the file name free)\n",
            file.display()
        )),
        "{}",
        stderr(&output)
    );
}

/// Ctrl-C during an ingest: the files written so far are kept, the message
/// says how far it got and what to do, the status is 130 (128 + SIGINT), and
/// the same command finishes the job.
#[test]
fn an_interrupted_ingest_says_how_far_it_got_and_the_rerun_finishes() {
    let dir = TestDir::new();
    let tree = dir.path("tree");
    let totals = ttlsinv_gen::run(&ttlsinv_gen::Plan::new(tree.clone(), 10, 2, 100)).unwrap();
    // Ingest also finds the generator's expected-totals.json.
    let files = usize::try_from(totals.files).unwrap() + 1;
    let bin = env!("CARGO_BIN_EXE_ttlsinv");
    let db = dir.path("t.db");
    let mut child = Command::new(bin)
        .args(["--db", db.to_str().unwrap(), "ingest", "-q", tree.to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the first capture run is in the database.
    loop {
        let count = dir.run(&["sql", "--format", "csv", "--no-headers", "SELECT count(*) FROM capture_files"]);
        if count.status.success() && String::from_utf8_lossy(&count.stdout).trim() != "0" {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the ingest ended before it could be interrupted");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap().success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    let err = stderr(&output);
    let done: usize = err
        .strip_prefix("ttlsinv: interrupted: after ")
        .and_then(|rest| {
            rest.strip_suffix(&format!(" of {files} files; what was written is kept; run the same command to finish\n"))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    assert!((1..files).contains(&done), "{err}");

    let again = dir.run(&["ingest", "-q", tree.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    // generate's expected totals: 10 days x 2 systems x 100 connections.
    assert_eq!(dir.csv("SELECT count(*) AS n FROM connections"), "n\n2000\n");
    assert_eq!(dir.run(&["check"]).status.code(), Some(0));
}
