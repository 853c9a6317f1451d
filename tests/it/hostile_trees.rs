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
    let problem = ttlsinv::capture::read_at_most(&walked, u64::MAX, &mut Vec::new()).unwrap_err();
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
    let opened = ttlsinv::capture::read_at_most(&walked, u64::MAX, &mut bytes).unwrap();
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

// ---- A capture cut in the middle of a value (point 5).

/// The first `n - 1` lines of the published ALL capture, then line `n` cut
/// right after `cut_after`, without a line end.
fn all_cut_in_line(n: usize, cut_after: &str) -> String {
    let text = fixture("published/netstat-all-port1414.txt");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line = lines[n - 1];
    let end = line.find(cut_after).unwrap_or_else(|| panic!("{cut_after} not in {line}")) + cut_after.len();
    format!("{}{}", lines[..n - 1].concat(), &line[..end])
}

#[test]
fn a_value_cut_at_the_end_of_the_file_is_a_problem_and_not_stored() {
    // BytesOut was 0000002076: cut after `00000020` it would read as 20.
    // Foreign Socket was 10.1.0.2..51844: cut after `..518` the port would be 518.
    // `State:` cut before its value.
    let cases = [
        (4, "BytesOut:           00000020", "`BytesIn:            0000002248        BytesOut:           00000020`"),
        (3, "Foreign Socket: 10.1.0.2..518", "`Local Socket: 10.1.1.2..1414          Foreign Socket: 10.1.0.2..518`"),
        (7, "State:", "`Last Touched:       16:36:57          State:`"),
    ];
    for (line, cut_after, shown) in cases {
        let dir = TestDir::new();
        dir.write("c/2022-05-31/SYSA/all.txt", all_cut_in_line(line, cut_after));
        let (output, root) = ingest(&dir);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(3), "{err}");
        let expected = format!(
            "{root}/2022-05-31/SYSA/all.txt:{line}: {shown}: the file ends in the middle of this line (cut short in \
             transfer or by a full data set?); its values may be cut short, so this line is not stored\n"
        );
        assert!(err.starts_with(&expected), "{expected}\n{err}");
        // The connection of line 2 is kept, without what the cut line held.
        let sql =
            "SELECT conn_id, job, local_port, remote_port, bytes_in, bytes_out, state, last_touched FROM connections";
        let row = match line {
            3 => "000000BB,CSQ9CHIN,,,,,,",
            4 => "000000BB,CSQ9CHIN,1414,51844,,,,",
            _ => "000000BB,CSQ9CHIN,1414,51844,2248,2076,,",
        };
        let columns = "conn_id,job,local_port,remote_port,bytes_in,bytes_out,state,last_touched";
        assert_eq!(dir.csv(sql), format!("{columns}\n{row}\n"), "cut in line {line}");
    }
}

#[test]
fn a_last_line_without_a_line_end_that_adds_nothing_is_noted() {
    let dir = TestDir::new();
    let text = fixture("variants/conn-short-udp.txt");
    dir.write("c/2026-11-24/SYSB/conn.txt", text.trim_end_matches('\n'));
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let note = format!(
        "{root}/2026-11-24/SYSB/conn.txt: note: line 7: the file ends without a line end after `SYSB:/u/netops $`, \
         which is not part of a report\n"
    );
    assert!(err.starts_with(&note), "{err}");
    assert_eq!(dir.csv("SELECT count(*) AS n FROM connections"), "n\n2\n");
}

#[test]
fn a_last_line_without_a_line_end_whose_value_looks_whole_is_kept_with_a_note() {
    let dir = TestDir::new();
    // The published ALLCONN without its final line end: the last row ends
    // with the state `Listen`, a keyword no cut can leave.
    let text = fixture("published/netstat-allconn-port1414.txt");
    dir.write("c/2022-05-31/SYSA/allconn.txt", text.trim_end_matches('\n'));
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with(&format!(
            "{root}/2022-05-31/SYSA/allconn.txt: note: line 5: the file ends without a line end after \
             `CSQ9CHIN 00000022 0.0.0.0..1414          0.0.0.0..0             Listen`; its last value \
             looks whole"
        )),
        "{err}"
    );
    // Both rows are kept: the connection and the listener.
    assert_eq!(
        dir.csv("SELECT conn_id, state FROM connections ORDER BY 1"),
        "conn_id,state\n00000022,Listen\n000000BB,Establsh\n"
    );
}

// ---- A problem flood (point 12).

#[test]
fn a_flood_of_problems_lists_the_first_hundred_and_counts_the_rest() {
    let dir = TestDir::new();
    let text = fixture("published/netstat-all-port1414.txt");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // 250 unreadable lines become lines 11 to 260 of the ALL block.
    for n in (0..250).rev() {
        lines.insert(10, format!("garbage {n}"));
    }
    dir.write("c/2022-05-31/SYSA/all.txt", lines.join("\n") + "\n");
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    let path = format!("{root}/2022-05-31/SYSA/all.txt");
    let said: Vec<&str> = err.lines().filter(|l| l.starts_with(&path)).collect();
    assert_eq!(said.len(), 101, "{err}");
    assert!(said[0].starts_with(&format!("{path}:11: expected `Key: value` in a NETSTAT ALL block, found `garbage 0`")));
    assert!(
        said[99].starts_with(&format!("{path}:110: expected `Key: value` in a NETSTAT ALL block, found `garbage 99`"))
    );
    let more = format!(
        "{path}:111: 150 more problems from this line on are not listed (only the first 100 of a file are): \
         is this file a NETSTAT capture?"
    );
    assert_eq!(said[100], more);
    assert!(err.ends_with("; 250 problems\n"), "{err}");
    assert_eq!(dir.csv("SELECT count(*) AS n FROM ingest_problems"), "n\n101\n");
    assert_eq!(dir.csv("SELECT problem_count FROM capture_files"), "problem_count\n250\n");
    // The connection around the garbage is kept whole.
    assert_eq!(dir.csv("SELECT conn_id, bytes_in FROM connections"), "conn_id,bytes_in\n000000BB,2248\n");

    // An unchanged rerun says the same, no more, and none of it is new.
    let output = dir.run(&["ingest", &root]);
    let err = stderr(&output);
    assert_eq!(err.lines().filter(|l| l.starts_with(&path)).count(), 101, "{err}");
    assert!(err.ends_with("; 250 problems (250 recorded earlier)\n"), "{err}");
    assert_eq!(output.status.code(), Some(0), "{err}");
}

// ---- Names that are not UTF-8 (point 1), terminal escapes (point 6).

/// A path under `dir` with these raw bytes as its last part.
fn raw_name(dir: &Path, name: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    dir.join(std::ffi::OsStr::from_bytes(name))
}

#[test]
fn latin1_file_names_are_one_row_each_and_shown_escaped() {
    let dir = TestDir::new();
    let folder = dir.path("c/2026-11-24/SYSB");
    std::fs::create_dir_all(&folder).unwrap();
    let conn = fixture("variants/conn-short-udp.txt");
    // `café` and `cafè` in ISO 8859-1: both are `caf\u{FFFD}` when read lossily.
    std::fs::write(raw_name(&folder, b"caf\xE9.txt"), &conn).unwrap();
    let all = fixture("published/netstat-all-port1414.txt");
    std::fs::write(raw_name(&folder, b"caf\xE8.txt"), all).unwrap();
    // And one that cannot be read, to see how its name is printed.
    std::fs::write(raw_name(&folder, b"vide\xE9.txt"), "").unwrap();
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.starts_with(&format!("{root}/2026-11-24/SYSB/vide\\xE9.txt: empty file (0 bytes)")), "{err}");
    assert!(err.contains("3 files: 2 ingested, 0 unchanged, 0 duplicate, 0 not captures, 1 failed;"), "{err}");
    let paths = dir.csv("SELECT path FROM capture_files ORDER BY path").replace(&root, "{root}");
    assert_eq!(paths, "path\n{root}/2026-11-24/SYSB/caf\\xE8.txt\n{root}/2026-11-24/SYSB/caf\\xE9.txt\n");
    // CONN of TCPIPB (00000101, 00000044) and ALL of TCPIP (000000BB).
    let sql = "SELECT k.stack, c.conn_id FROM connections c JOIN captures k USING (capture_id) ORDER BY 1, 2";
    assert_eq!(dir.csv(sql), "stack,conn_id\nTCPIP,000000BB\nTCPIPB,00000044\nTCPIPB,00000101\n");

    // The next run finds both unchanged (not "same content as" themselves).
    let output = dir.run(&["ingest", &root]);
    let err = stderr(&output);
    assert!(err.contains("3 files: 0 ingested, 2 unchanged, 0 duplicate, 0 not captures, 1 failed;"), "{err}");
    assert!(!err.contains("same content"), "{err}");
}

#[test]
fn control_characters_in_file_names_and_job_names_never_reach_the_terminal() {
    let dir = TestDir::new();
    let folder = dir.path("c/2026-11-24/SYSB");
    std::fs::create_dir_all(&folder).unwrap();
    // A name that sets the terminal's title, clears the screen and forges a line.
    let evil = b"\x1b]0;pwned\x07\x1b[2J\nok.txt: all good";
    let conn = fixture("variants/conn-short-udp.txt");
    std::fs::write(raw_name(&folder, evil), &conn).unwrap();
    // The same content again: its note names the first file.
    std::fs::write(folder.join("zz-copy.txt"), &conn).unwrap();
    // A file that cannot be read: its problem names it (not named as the
    // other file with a suffix, which would be a transfer's marker).
    let mut empty_name = b"empty-".to_vec();
    empty_name.extend(evil);
    std::fs::write(raw_name(&folder, &empty_name), "").unwrap();
    // A job name holding an ESC sequence.
    let all = fixture("published/netstat-all-port1414.txt").replace("CSQ9CHIN", "CSQ9\u{1b}[2J");
    dir.write("c/2022-05-31/SYSA/all.txt", all);
    let (output, root) = ingest(&dir);
    let err = stderr(&output);
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    let shown = r"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{a}ok.txt: all good";
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.contains(
            &format!("{root}/2026-11-24/SYSB/empty-{shown}: empty file (0 bytes): the capture wrote nothing").as_str()
        ),
        "{err}"
    );
    let note =
        format!("{root}/2026-11-24/SYSB/zz-copy.txt: note: same content as {root}/2026-11-24/SYSB/{shown}: skipped");
    assert!(lines.contains(&note.as_str()), "{err}");
    let job = format!(
        "{root}/2022-05-31/SYSA/all.txt: note: line 2: the job name `CSQ9\\u{{1b}}[2J` holds control characters \
         (shown escaped; stored as printed): was the capture damaged?"
    );
    assert!(lines.contains(&job.as_str()), "{err}");
    // One line per problem or note, the systems and the summary: no forged line.
    assert_eq!(lines.len(), 5, "{err}");
}

#[test]
fn a_backslash_in_a_name_stored_by_an_older_version_still_names_its_file() {
    let dir = TestDir::new();
    // A literal backslash, then `xE9`: read back raw it would be the byte 0xE9.
    dir.write("c/2026-11-24/SYSB/a\\xE9.txt", fixture("variants/conn-short-udp.txt"));
    let (output, root) = ingest(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT path FROM capture_files").replace(&root, "{root}"),
        "path\n{root}/2026-11-24/SYSB/a\\\\xE9.txt\n"
    );
    // As the schema before migration 0008_path_text stored it: the name as it is.
    let db = rusqlite::Connection::open(dir.path("t.db")).unwrap();
    db.execute_batch("UPDATE capture_files SET path = replace(path, '\\\\', '\\')").unwrap();
    // Then upgraded by it (the later migrations cannot run again on the
    // newest schema: 0018 made `connections` a view).
    let (_, path_text) = ttlsinv::store::MIGRATIONS.iter().find(|(name, _)| *name == "0008_path_text").unwrap();
    db.execute_batch(path_text).unwrap();
    drop(db);
    let output = dir.run(&["ingest", &root]);
    assert!(stderr(&output).contains("1 files: 0 ingested, 1 unchanged, 0 duplicate"), "{}", stderr(&output));
}

// ---- Temporary files (point 7), one export at one moment (point 8).

/// A database of one capture file, ingested in `dir`.
fn one_capture_db(dir: &TestDir) {
    dir.write("c/2022-05-31/SYSA/all.txt", fixture("published/netstat-all-port1414.txt"));
    let (output, _) = ingest(dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The names in a folder, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_symlink_planted_at_the_temporary_name_is_not_followed() {
    let dir = TestDir::new();
    let victim = dir.write("victim.txt", "precious\n");
    let target = dir.path("out/result.csv");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    // The name the temporary file had: `<name>.<pid>.tmp`.
    let planted = dir.path(&format!("out/result.csv.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let mut sink = ttlsinv::output::Sink::open(Some(&target), ttlsinv::output::Style::csv(true)).unwrap();
    sink.write_query(&mut conn.prepare("SELECT 'written' AS a").unwrap()).unwrap();
    sink.finish().unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(std::fs::symlink_metadata(&target).unwrap().file_type().is_file());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a\nwritten\n");
    assert_eq!(
        names_in(&dir.path("out")),
        vec!["result.csv".to_string(), format!("result.csv.{}.tmp", std::process::id())]
    );
}

#[test]
fn an_interrupted_output_leaves_no_temporary_file() {
    let dir = TestDir::new();
    one_capture_db(&dir);
    std::fs::create_dir(dir.path("out")).unwrap();
    // Rows without end: the command is still writing when it is interrupted.
    let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
        .args(["--db", dir.path("t.db").to_str().unwrap(), "sql", "--format", "csv", "--output"])
        .arg(dir.path("out/rows.csv"))
        .arg(endless)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the temporary file to exist (it grows from there).
    while names_in(&dir.path("out")).is_empty() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let temporary = names_in(&dir.path("out"));
    assert!(
        temporary[0].starts_with(".rows.csv.")
            && std::path::Path::new(&temporary[0]).extension().is_some_and(|e| e.eq_ignore_ascii_case("tmp")),
        "{temporary:?}"
    );
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "128 + SIGINT");
    assert_eq!(names_in(&dir.path("out")), Vec::<String>::new());
}

#[test]
fn an_export_that_stops_says_the_set_is_incomplete_and_leaves_no_temporary_file() {
    let dir = TestDir::new();
    one_capture_db(&dir);
    // `captures.csv`, the second file of `--table capture_files --table
    // captures`, cannot be put in place: a folder holds its name.
    std::fs::create_dir_all(dir.path("out/captures.csv")).unwrap();
    let output = dir.run(&[
        "export",
        "--table",
        "capture_files",
        "--table",
        "captures",
        "--out",
        dir.path("out").to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let expected =
        format!("export stopped: 1 of 2 files written to {}: the set is incomplete", dir.path("out").display());
    assert!(err.contains(&expected), "{err}");
    assert_eq!(names_in(&dir.path("out")), vec!["capture_files.csv", "captures.csv"]);
}

#[test]
fn one_export_reads_one_moment_of_the_database() {
    let dir = TestDir::new();
    one_capture_db(&dir);
    let out = dir.path("out");
    let cli = <ttlsinv::cli::Cli as clap::Parser>::try_parse_from([
        "ttlsinv",
        "export",
        "--all",
        "--out",
        out.to_str().unwrap(),
    ])
    .unwrap();
    let ttlsinv::cli::Command::Export(args) = &cli.command else { panic!("export") };
    let store = ttlsinv::store::Store::open_read_only(&dir.path("t.db")).unwrap();
    let writer = rusqlite::Connection::open(dir.path("t.db")).unwrap();
    let mut first = true;
    // An ingest commits while the export runs: after the first file it
    // records a problem, and deletes every connection.
    let code = ttlsinv::cmd::export::export(&store, args, &mut |name| {
        if std::mem::take(&mut first) {
            assert_eq!(name, "attributes");
            writer
                .execute_batch(
                    "INSERT INTO ingest_problems (path, line, reason, recorded_at) VALUES ('/x', 1, 'later', 'now');
                     DELETE FROM connections;",
                )
                .unwrap();
        }
    })
    .unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert!(!first);
    let lines = |name: &str| std::fs::read_to_string(out.join(name)).unwrap().lines().count();
    assert_eq!(lines("ingest_problems.csv"), 1, "only the header: the problem came later");
    assert_eq!(lines("connections.csv"), 2, "the header and connection 000000BB");
    assert_eq!(lines("v_connections.csv"), 2);
}

// ---- `sql` within bounds (point 10).

#[test]
fn a_runaway_query_is_stopped_by_its_time_limit() {
    let dir = TestDir::new();
    one_capture_db(&dir);
    // Counts without end, in constant memory.
    let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n";
    let output = dir.run(&["sql", "--timeout", "1", endless]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the query ran longer than --timeout 1 seconds and was stopped: give a larger --timeout"),
        "{err}"
    );
    let help = String::from_utf8(dir.run(&["sql", "--help"]).stdout).unwrap();
    assert!(help.contains("--timeout <SECONDS>") && help.contains("[default: 600]"), "{help}");
}

#[test]
fn a_runaway_sort_is_stopped_by_its_memory_bound_not_the_disk() {
    let dir = TestDir::new();
    one_capture_db(&dir);
    // Sorting rows without end: before, a temporary file grew until the disk was full.
    let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n ORDER BY i DESC";
    let output = dir.run(&["sql", "--max-memory", "32", "--timeout", "600", endless]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the query needed more than --max-memory 32 MiB (sorts and temporary tables included)"),
        "{err}"
    );
}

#[test]
fn pragmas_that_change_resource_limits_are_refused() {
    let dir = TestDir::new();
    one_capture_db(&dir);
    for pragma in ["PRAGMA cache_size = -100000000", "pragma temp_store = FILE", "PRAGMA hard_heap_limit = 0"] {
        let output = dir.run(&["sql", pragma]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{pragma}: {err}");
        assert!(err.contains("refused: ttlsinv sql does not change resource limits"), "{pragma}: {err}");
    }
    // Pragmas that only read still work.
    assert_eq!(dir.csv("SELECT count(*) AS n FROM pragma_table_info('capture_files') WHERE name = 'path'"), "n\n1\n");
    let output = dir.run(&["sql", "--format", "csv", "PRAGMA cache_size"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

// ---- A published inventory on read-only storage (point 9).

/// Runs `ttlsinv --db <dir>/t.db ARGS` with `dir` mounted read-only in a
/// mount namespace of its own (root ignores folder permissions, so a
/// `chmod` cannot stage read-only storage); `None` where namespaces are
/// not allowed.
fn on_read_only_mount(dir: &Path, args: &[&str]) -> Option<Output> {
    let allowed = Command::new("unshare").args(["-m", "true"]).status().is_ok_and(|s| s.success());
    if !allowed {
        eprintln!("read-only storage: `unshare -m` is not allowed here, the case is not staged");
        return None;
    }
    let quoted: Vec<String> = args.iter().map(|a| format!("'{}'", a.replace('\'', "'\\''"))).collect();
    let script = format!(
        "mount --bind -o ro '{d}' '{d}' && exec '{bin}' --db '{d}/t.db' {args}",
        d = dir.display(),
        bin = env!("CARGO_BIN_EXE_ttlsinv"),
        args = quoted.join(" ")
    );
    Some(Command::new("unshare").args(["-m", "sh", "-c", &script]).env_remove("TTLSINV_DB").output().unwrap())
}

#[test]
fn an_inventory_on_read_only_storage_is_read_and_says_how() {
    let dir = TestDir::new();
    one_capture_db(&dir);
    let db = dir.path("t.db");
    let Some(output) =
        on_read_only_mount(dir.dir.path(), &["sql", "--format", "csv", "SELECT conn_id FROM connections"])
    else {
        return;
    };
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "conn_id\n000000BB\n");
    assert_eq!(
        err,
        format!(
            "note: {} is on storage ttlsinv cannot write (a read-only folder, medium or mount): opened as immutable, \
             read as it is without locks; this is right as long as no ingest writes it\n",
            db.display()
        )
    );
    let output = on_read_only_mount(dir.dir.path(), &["check"]).unwrap();
    assert!(output.status.success(), "{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));

    // A -wal file beside it holds changes an immutable read would not see.
    std::fs::write(dir.path("t.db-wal"), "changes not yet in the database file").unwrap();
    let output = on_read_only_mount(dir.dir.path(), &["report", "tls-adoption"]).unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("and its -wal file holds changes that are not in the database file yet"), "{err}");
}

// ---- A run larger than what is written at once (point 13).

#[test]
fn a_run_written_in_parts_is_seen_whole_or_not_at_all() {
    let dir = TestDir::new();
    for name in ["netstat-all-port1414.txt", "netstat-allconn-port1414.txt", "netstat-ttls-conn-detail.txt"] {
        dir.write(&format!("c/2022-05-31/SYSA/{name}"), fixture(&format!("published/{name}")));
    }
    let db = dir.path("t.db");
    let mut store = ttlsinv::store::Store::open(&db).unwrap();
    // One file per part, as a run of more than 64 files or 64 MB is written.
    let options = ttlsinv::ingest::Options { group_files: 1, ..ttlsinv::ingest::Options::default() };
    let reader = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let visible = || -> (i64, i64) {
        reader
            .query_row("SELECT (SELECT count(*) FROM capture_files), (SELECT count(*) FROM captures)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
    };
    let mut seen_while_writing = Vec::new();
    let summary = ttlsinv::ingest::run(&mut store, &[dir.path("c")], &options, &mut |event| {
        if let ttlsinv::ingest::Event::FileDone { .. } = event {
            seen_while_writing.push(visible());
        }
    })
    .unwrap();
    assert_eq!(summary.files_ingested, 3);
    // A reader saw nothing of the run while its parts were written (each
    // file is said done once written, before the run's commit).
    assert_eq!(seen_while_writing, vec![(0, 0), (0, 0), (0, 0)]);
    assert_eq!(visible(), (3, 3));
}

// ---- Every case of this file in one tree beside good captures.

#[test]
fn a_hostile_tree_beside_good_captures_finishes_and_leaves_their_rows_intact() {
    use crate::hostile::{facts, files, open, write_good};

    // The good captures alone.
    let good = TestDir::new();
    write_good(&good);
    let (output, good_root) = ingest(&good);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // The same good captures, and every case of this file beside them.
    let mixed = TestDir::new();
    write_good(&mixed);
    let all = fixture("published/netstat-all-port1414.txt");
    let conn = fixture("variants/conn-short-udp.txt").replace("00000101", "00000301");
    let folder = |relative: &str| {
        let path = mixed.path(&format!("c/{relative}"));
        std::fs::create_dir_all(&path).unwrap();
        path
    };
    let latin = folder("trees/2026-12-01/LATIN");
    std::fs::write(raw_name(&latin, b"caf\xE9.txt"), &conn).unwrap();
    std::fs::write(raw_name(&latin, b"caf\xE8.txt"), all.replace("000000BB", "000000B1")).unwrap();
    let evil = folder("trees/2026-12-02/EVIL");
    std::fs::write(raw_name(&evil, b"\x1b]0;pwned\x07\nok.txt"), "").unwrap();
    mkfifo(&mixed.path("c/trees/2026-12-03/FIFO/pipe.txt"));
    mixed.write("c/trees/2026-12-04/CUT/all.txt", all_cut_in_line(4, "BytesOut:           00000020"));
    let mut lines: Vec<String> = all.replace("000000BB", "000000B4").lines().map(str::to_string).collect();
    for n in (0..250).rev() {
        lines.insert(10, format!("garbage {n}"));
    }
    mixed.write("c/trees/2026-12-05/FLOOD/all.txt", lines.join("\n") + "\n");
    mixed.write("c/trees/2026-02-30/NODAY/conn.txt", &conn);
    mixed.write("c/trees/2026-12-06/BADTIME/all.txt", all.replacen("16:40:39", "25:61:99", 1));
    mixed.write("c/trees/2026-12-07/ESCJOB/all.txt", all.replace("CSQ9CHIN", "CSQ9\u{1b}[2J"));

    let (output, root) = ingest(&mixed);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    // The run finished: the summary is the last line.
    assert!(err.lines().last().unwrap().contains(" files: "), "{err}");
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    let trees = format!("{root}/trees");
    for expected in [
        format!("{trees}/2026-12-02/EVIL/\\u{{1b}}]0;pwned\\u{{7}}\\u{{a}}ok.txt: empty file (0 bytes)"),
        format!("{trees}/2026-12-03/FIFO/pipe.txt: note: a FIFO (a named pipe"),
        format!("{trees}/2026-12-04/CUT/all.txt:4: `BytesIn:"),
        format!("{trees}/2026-12-05/FLOOD/all.txt:111: 150 more problems from this line on are not listed"),
        format!("{trees}/2026-02-30/NODAY/conn.txt: `2026-02-30` in the path is not a real date"),
        format!("{trees}/2026-12-06/BADTIME/all.txt: line 1: a NETSTAT report header whose time `25:61:99`"),
        format!("{trees}/2026-12-07/ESCJOB/all.txt: note: line 2: the job name `CSQ9\\u{{1b}}[2J` holds control"),
    ] {
        assert!(err.lines().any(|l| l.starts_with(&expected)), "`{expected}`\n{err}");
    }
    assert_eq!(err.lines().filter(|l| l.starts_with(&format!("{trees}/2026-12-05/FLOOD/"))).count(), 101);
    assert!(!err.contains("LATIN"), "the Latin-1 names read cleanly: {err}");

    let conn_db = open(&mixed.path("t.db"));
    let stored = files(&conn_db, &root, |p| p.contains("/LATIN/"));
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(stored[0].starts_with("{root}/trees/2026-12-01/LATIN/caf\\xE8.txt,"), "{stored:?}");
    assert!(stored[1].starts_with("{root}/trees/2026-12-01/LATIN/caf\\xE9.txt,"), "{stored:?}");

    // The good captures' rows, table by table, equal those of the good
    // captures ingested alone.
    let is_good = |path: &str| path.contains("/good/");
    let alone = open(&good.path("t.db"));
    assert_eq!(files(&conn_db, &root, is_good), files(&alone, &good_root, is_good));
    let with_hostile = facts(&conn_db, &root, is_good);
    assert!(with_hostile.iter().filter(|r| r.starts_with("connections |")).count() >= 10);
    assert_eq!(with_hostile, facts(&alone, &good_root, is_good));

    let check = mixed.run(&["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

// ---- A moved tree (point 4).

#[test]
fn a_moved_tree_keeps_its_runs_and_a_late_file_joins_its_snapshot() {
    const PUBLISHED: [&str; 5] = [
        "netstat-all-port1414.txt",
        "netstat-allconn-port1414.txt",
        "netstat-ttls-conn-detail.txt",
        "netstat-ttls-group-detail.txt",
        "netstat-ttls-group.txt",
    ];
    let dir = TestDir::new();
    for name in &PUBLISHED[..4] {
        dir.write(&format!("c/2022-05-31/SYSA/{name}"), fixture(&format!("published/{name}")));
    }
    let (output, _) = ingest(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The tree moves (or is mounted elsewhere), and a late file of the run arrives.
    std::fs::rename(dir.path("c"), dir.path("moved")).unwrap();
    let late = PUBLISHED[4];
    dir.write(&format!("moved/2022-05-31/SYSA/{late}"), fixture(&format!("published/{late}")));
    let root = dir.path("moved").canonicalize().unwrap().to_str().unwrap().to_string();
    let output = dir.run(&["ingest", &root]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let old = dir.path("c").to_str().unwrap().to_string();
    let old = std::path::Path::new(&old).parent().unwrap().canonicalize().unwrap().join("c");
    for name in &PUBLISHED[..4] {
        let note = format!(
            "{root}/2022-05-31/SYSA/{name}: note: moved from {}/2022-05-31/SYSA/{name} (same content and place)",
            old.display()
        );
        assert!(err.lines().any(|l| l == note), "{note}\n{err}");
    }
    assert!(!err.contains("same content as"), "{err}");

    // The database equals a fresh ingest of the moved tree.
    let fresh = TestDir::new();
    for name in PUBLISHED {
        fresh.write(&format!("moved/2022-05-31/SYSA/{name}"), fixture(&format!("published/{name}")));
    }
    let fresh_root = fresh.path("moved").canonicalize().unwrap().to_str().unwrap().to_string();
    let output = fresh.run(&["ingest", &fresh_root]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let state = |dir: &TestDir, root: &str| {
        let sql =
            "SELECT (SELECT group_concat(path, ' ') FROM (SELECT path FROM capture_files ORDER BY path)) AS files,
                          (SELECT group_concat(run_key || ':' || report_count, ' ') FROM snapshots) AS runs,
                          (SELECT count(*) FROM connections) AS connections,
                          (SELECT count(*) FROM tls_sessions) AS sessions";
        dir.csv(sql).replace(root, "{root}")
    };
    let moved = state(&dir, &root);
    assert_eq!(moved, state(&fresh, &fresh_root));
    // One snapshot of the five reports (before: a second one for the late file).
    // (The run is keyed by its folder in the tree, wherever the tree is.)
    assert!(moved.contains(",2022-05-31/SYSA:5,"), "{moved}");
}

#[test]
fn a_file_that_left_the_tree_is_named() {
    let dir = TestDir::new();
    dir.write("c/2022-05-31/SYSA/all.txt", fixture("published/netstat-all-port1414.txt"));
    dir.write("c/2026-11-24/SYSB/conn.txt", fixture("variants/conn-short-udp.txt"));
    let (output, root) = ingest(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::remove_file(dir.path("c/2026-11-24/SYSB/conn.txt")).unwrap();
    let output = dir.run(&["ingest", &root]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let note = format!(
        "{root}/2026-11-24/SYSB/conn.txt: note: ingested earlier, no longer in the tree (deleted, or moved out of it): \
         its rows stay in the inventory; `ttlsinv ingest --prune-missing` forgets them\n"
    );
    assert!(err.starts_with(&note), "{err}");
}

/// A data set written over under a name that holds the time of its run
/// (`.T080001`) is not told to get a time in its name: it has one. (The
/// note said "give each run's output a name of its own (with a time,
/// `.THHMMSS`)" whatever the name.)
#[test]
fn a_file_written_over_under_a_name_with_a_time_is_told_what_fits() {
    let dir = TestDir::new();
    let allconn = fixture("published/netstat-allconn-port1414.txt");
    // Dated by D260301 in its name, filed under SYSA, the folder above.
    let file = dir.write("c/SYSA/SYSA.NETSTAT.D260301.T080001", allconn.replace("16:55:18", "08:00:01"));
    let (first, _) = ingest(&dir);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    // A second download with other content (and a later modification time).
    std::fs::write(&file, allconn.replace("16:55:18", "08:00:02")).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(later).unwrap();
    let (second, _) = ingest(&dir);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let said = stderr(&second);
    assert!(
        said.contains(
            "SYSA.NETSTAT.D260301.T080001: note: changed since it was ingested: what it holds now replaces the \
             capture it held (SYSA 2026-03-01), whose rows leave the inventory; its name holds the time of its \
             run (T080001), so it was written over under that name (a second download, an edit): to keep both, \
             keep the new one under a name of its own\n"
        ),
        "{said}"
    );
}

/// A TTLS entry kept apart from the connection another report prints under
/// its conn id is said at the lines that printed both. The published
/// captures as one TSO output (READY and a command echo before each): ALL
/// on lines 3-39, 000000BB's block from line 4, ALLCONN on 42-46, and TTLS
/// CONN 000000BB DETAIL from line 49, its `ConnID: 000000bb` on line 50 and
/// its `RemoteSocket: 10.1.0.2..53230` on line 53 (ALL: Foreign Socket
/// 10.1.0.2..51844): a later session of the conn id, kept apart as
/// `-CSQ9CHIN-1414-10.1.0.2..53230` with the printed id at line 50. Read
/// whole (merged in memory) and as a stream of 1K parts alike.
#[test]
fn a_ttls_entry_kept_apart_is_said_at_the_lines_that_printed_both() {
    let text = format!(
        "READY\nNETSTAT ALL (PORT 1414\n{}READY\nNETSTAT ALLCONN (PORT 1414\n{}READY\nNETSTAT TTLS CONN 000000BB DETAIL\n{}",
        fixture("published/netstat-all-port1414.txt"),
        fixture("published/netstat-allconn-port1414.txt"),
        fixture("published/netstat-ttls-conn-detail.txt")
    );
    assert_eq!(text.lines().nth(49), Some("ConnID: 000000bb"), "line 50");
    assert_eq!(text.lines().nth(52), Some("  RemoteSocket: 10.1.0.2..53230"), "line 53");
    for part_size in [None, Some("1K")] {
        let dir = TestDir::new();
        dir.write("c/2022-05-31/MQA/MQA.NETSTAT.D220531.T164039.txt", &text);
        let root = dir.path("c").canonicalize().unwrap();
        let mut args = vec!["ingest", root.to_str().unwrap()];
        args.extend(part_size.iter().flat_map(|size| ["--part-size", size]));
        let output = dir.run(&args);
        assert_eq!(output.status.code(), Some(0), "{part_size:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(
                "MQA.NETSTAT.D220531.T164039.txt: note: connection 000000BB: the TTLS entry at line 50 (CSQ9CHIN \
                 10.1.1.2..1414 <- 10.1.0.2..53230) is another connection than line 4 prints under that conn id \
                 (CSQ9CHIN 10.1.1.2..1414 <- 10.1.0.2..51844)"
            ),
            "{part_size:?}: {}",
            stderr(&output)
        );
        assert_eq!(
            dir.csv(
                "SELECT c.conn_id, a.source_line, a.key, a.value FROM attributes a
                 JOIN connections c ON c.connection_id = a.owner_id
                 WHERE a.owner_table = 'connections' AND (a.key LIKE '%Socket%' OR a.key LIKE 'ConnID%')"
            ),
            "conn_id,source_line,key,value\n-CSQ9CHIN-1414-10.1.0.2..53230,50,ConnID (reused),000000BB\n",
            "{part_size:?}"
        );
    }
}
