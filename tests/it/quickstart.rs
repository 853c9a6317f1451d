//! The README's quick start, run as written on a fresh copy of the samples.

use std::path::Path;
use std::process::Command;

use crate::util::{copy_tree, project, TestDir};

/// The commands of the quick start's first `sh` block, in order.
fn quick_start() -> Vec<String> {
    let readme = std::fs::read_to_string(project("README.md")).unwrap();
    let section = readme.split("\n## Quick start\n").nth(1).expect("a Quick start section");
    let block = section.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("an sh block");
    block.replace("\\\n", " ").lines().map(str::to_string).filter(|l| !l.trim().is_empty()).collect()
}

/// The rows of a piped table, as cells (borders and separators left out).
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| l.trim_matches('│').split('┆').map(|c| c.trim().to_string()).collect())
        .collect()
}

/// Keeps the named columns of a table (its first row is the header).
fn columns(rows: &[Vec<String>], names: &[&str]) -> Vec<Vec<String>> {
    let indexes: Vec<usize> = names
        .iter()
        .map(|n| rows[0].iter().position(|h| h == n).unwrap_or_else(|| panic!("no column {n} in {:?}", rows[0])))
        .collect();
    rows.iter().map(|row| indexes.iter().map(|&i| row[i].clone()).collect()).collect()
}

#[test]
fn the_readme_quick_start_works_as_written() {
    let commands = quick_start();
    assert!(commands.len() <= 10, "the quick start is short: {commands:?}");
    // Installing would build the binary again (minutes): the test puts the
    // binary cargo built for it first on the PATH instead, as `cargo install`
    // puts its copy in ~/.cargo/bin.
    assert_eq!(commands[0], "cargo install --locked --path .");
    let dir = TestDir::new();
    copy_tree(&project("samples"), &dir.path("samples"));
    let bin = Path::new(env!("CARGO_BIN_EXE_ttlsinv")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut outputs = Vec::new();
    for command in &commands[1..] {
        assert!(command.starts_with("ttlsinv "), "{command}");
        let output = Command::new("sh")
            .args(["-c", command])
            .current_dir(dir.path(""))
            .env("PATH", &path)
            .env_remove("TTLSINV_DB")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{command}: {stderr}");
        if command.starts_with("ttlsinv ingest") {
            // What the paths said, from samples/README.md: SYSA and SYSB on
            // 22, 23 and 24 November, SYSC on the 24th.
            assert!(stderr.contains("\nsystems: SYSA 3 days, SYSB 3 days, SYSC 1 day\n18 files:"), "{stderr}");
        }
        outputs.push((command.as_str(), String::from_utf8(output.stdout).unwrap()));
    }
    assert!(dir.path("ttlsinv.db").is_file(), "ingest wrote the default database");
    let output_of = |start: &str| -> &str {
        outputs
            .iter()
            .find(|(c, _)| c.starts_with(start))
            .map_or_else(|| panic!("the quick start runs `{start}`"), |(_, o)| o.as_str())
    };
    assert!(output_of("ttlsinv report coverage").contains("2026-11-24"));
    // The SQL counts what tls-adoption counts, date by date and system by system.
    let counted = ["date", "system", "connections", "tls_connections"];
    let report = columns(&table_rows(output_of("ttlsinv report tls-adoption")), &counted);
    let sql = columns(&table_rows(output_of("ttlsinv sql ")), &counted);
    assert_eq!(sql, report);
    // By hand: 2026-11-24/SYSA/netstat.txt lists 7 connections in `Establsh`
    // state in its ALLCONN report (8 listeners and 1 UDP endpoint are not
    // connections), 6 of them with a `TTLS CONN <id> DETAIL` report.
    assert!(sql.contains(&["2026-11-24", "SYSA", "7", "6"].map(String::from).to_vec()), "{sql:?}");
}

#[test]
fn the_readme_test_commands_are_what_ci_runs() {
    let readme = std::fs::read_to_string(project("README.md")).unwrap();
    let section = readme.split("\nTo run the tests ").nth(1).expect("a paragraph on running the tests");
    let block = section.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("an sh block");
    let readme_commands: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    let ci = std::fs::read_to_string(project(".ci/run")).unwrap();
    // Every cargo command CI runs, but the version it prints for the log.
    let ci_commands: Vec<&str> = ci.lines().filter(|l| l.starts_with("cargo ") && *l != "cargo --version").collect();
    assert_eq!(readme_commands, ci_commands, "README.md's test commands and .ci/run must be the same");
}
