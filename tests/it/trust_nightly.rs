//! A nightly job against one inventory: the README's cron line, the
//! markers a transfer leaves beside its files and the temporary names it
//! writes them under, files moved into an archive folder, and copies of
//! captures kept elsewhere in the tree. Each rule pinned on a small capture tree written
//! here by hand, with the answer worked out from its text in the test (the
//! helpers are trust.rs's).

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::formats::{gzip, zip};
use crate::trust::{all_block, allconn_day, ingest, report, ttls_session, HEADER};
use crate::trust_policy::pasearch_cics_alone;
use crate::util::{project, project_columns, stderr, TestDir};

/// SYSA's 08:00 `NETSTAT ALL` of `day` (`2026-12-DD`): FTPD1's cleartext
/// session `conn` from 10.9.9.9 (1 000 / 2 000 bytes, `TTLSPolicy: No`),
/// started that day.
fn ftp_day(conn: &str, day: &str) -> String {
    let start = format!("12/{}/2026", &day[8..]);
    let block = all_block("FTPD1", conn, "10.1.1.2..21", "10.9.9.9..50001", (1000, 2000), &start, "Establsh", "No");
    format!("{HEADER}\n{block}")
}

/// The README's nightly line: the line of the block after the words that
/// introduce it.
fn readme_nightly_line() -> String {
    let readme = std::fs::read_to_string(project("README.md")).unwrap();
    let from = readme.find("so that a nightly job can mail it:").expect("the README's nightly line");
    let mut lines = readme[from..].lines().skip(1).skip_while(|line| line.is_empty());
    assert_eq!(lines.next(), Some("```"));
    lines.next().unwrap().to_string()
}

/// Runs `line` in `sh` from `dir`, for the captures under `dir/tree` and the
/// inventory `dir/t.db`, with `ttlsinv` on the PATH writing each command and
/// its exit status to `statuses`, and `mail` a function that appends the
/// night and the mail's text to `mailed`.
fn night(dir: &TestDir, line: &str, n: u32) {
    let status = |text: String| std::fs::write(dir.path("statuses"), text).unwrap();
    let before = std::fs::read_to_string(dir.path("statuses")).unwrap_or_default();
    status(format!("{before}night {n}\n"));
    let wrapper = dir.write(
        "bin/ttlsinv",
        format!(
            "#!/bin/sh\n{} \"$@\"\nstatus=$?\necho \"$1 $status\" >> statuses\nexit $status\n",
            env!("CARGO_BIN_EXE_ttlsinv")
        ),
    );
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let script = format!(
        "mail() {{ echo \"night {n}:\" >> mailed; cat >> mailed; }}\n{}",
        line.replace("/captures", dir.path("tree").to_str().unwrap())
    );
    let path = format!("{}:{}", dir.path("bin").display(), std::env::var("PATH").unwrap_or_default());
    let ran = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir.path(""))
        .env("PATH", path)
        .env("TTLSINV_DB", dir.path("t.db"))
        .output()
        .unwrap();
    assert!(ran.status.code().is_some(), "night {n}: {}", stderr(&ran));
}

#[test]
fn the_readmes_nightly_line_reads_alerts_after_a_damaged_file_and_mails_each_new_alert_once() {
    // Review 17b F8. By hand, SYSA one file a night:
    // night 1, 1 December: FTPD1's cleartext session: read whole (ingest 0);
    //   new: the cleartext service FTPD1 inbound 21 (alerts 4): mailed.
    // night 2, 2 December: the file is cut in the middle of its last line
    //   (`TTLSPolicy:` of 0000B002 lost): a problem new in this run (ingest
    //   3); FTPD1 was said to be cleartext already, and the day is captured:
    //   new: the file's problem, `capture_failed` (alerts 4, review 18b
    //   F11): mailed.
    // night 3, 3 December: TN3270A's session from 10.20.30.40 negotiated
    //   TLSv1.0 with 000A (3DES): 2 December's file has not changed, its
    //   problem is said again but is not new (ingest 0); new: weak_crypto
    //   for that peer (alerts 4): mailed.
    // night 4, 4 December: FTPD1 again: nothing new (ingest 0, alerts 0).
    // Before: `ingest && alerts > new.ndjson || mail < new.ndjson` mailed
    // night 1's alert again on nights 2, 3 and 4 (ingest exited 3 every
    // night for the problem recorded earlier), and the weak_crypto alert
    // was never sent.
    let line = readme_nightly_line();
    let dir = TestDir::new();
    dir.write("tree/2026-12-01/SYSA/netstat.txt", ftp_day("0000B001", "2026-12-01"));
    night(&dir, &line, 1);
    let cut = ftp_day("0000B002", "2026-12-02");
    dir.write("tree/2026-12-02/SYSA/netstat.txt", &cut[..cut.len() - "Policy:         No\n".len()]);
    night(&dir, &line, 2);
    let tn3270 = all_block(
        "TN3270A",
        "0000D001",
        "10.1.1.2..992",
        "10.20.30.40..52001",
        (1000, 2000),
        "12/03/2026",
        "Establsh",
        "Yes",
    );
    let session = ttls_session(
        "0000d001",
        "TN3270A",
        "10.1.1.2..992",
        "10.20.30.40..52001",
        "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    )
    .replace("TLS Version 1.2", "TLS Version 1.0");
    dir.write("tree/2026-12-03/SYSA/netstat.txt", format!("{HEADER}\n{tn3270}{HEADER}\n{session}"));
    night(&dir, &line, 3);
    dir.write("tree/2026-12-04/SYSA/netstat.txt", ftp_day("0000B004", "2026-12-04"));
    night(&dir, &line, 4);
    assert_eq!(
        std::fs::read_to_string(dir.path("statuses")).unwrap(),
        "night 1\ningest 0\nalerts 4\nnight 2\ningest 3\nalerts 4\nnight 3\ningest 0\nalerts 4\nnight 4\ningest 0\nalerts 0\n"
    );
    let mailed = std::fs::read_to_string(dir.path("mailed")).unwrap();
    let said: Vec<String> = mailed
        .lines()
        .map(|line| match serde_json::from_str::<serde_json::Value>(line) {
            Ok(alert) => format!("{} {} {}", alert["alert"], alert["date"], alert["subject"]).replace('"', ""),
            Err(_) => line.to_string(),
        })
        .collect();
    assert_eq!(
        said,
        [
            "night 1:",
            "cleartext 2026-12-01 FTPD1 inbound 21",
            "night 2:",
            &format!("capture_failed 2026-12-02 {}", dir.path("tree/2026-12-02/SYSA/netstat.txt").display()),
            "night 3:",
            "weak_crypto 2026-12-03 TN3270A inbound 992 10.20.30.40"
        ],
        "{mailed}"
    );
    // The problem is said again each night, and counted apart.
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("(recorded earlier; the file has not changed)"), "{err}");
    assert!(err.ends_with("; 1 problems (1 recorded earlier)\n"), "{err}");
}

#[test]
fn a_zero_byte_marker_beside_the_file_it_marks_is_a_note_and_an_empty_file_alone_still_fails() {
    // Review 17b F10. By hand: 1 December's folder holds the capture
    // netstat.txt and two 0-byte files named as it with a suffix
    // (`netstat.txt.done`, `netstat.txt.ok`): markers a transfer leaves,
    // each said and counted as not a capture; the day is captured whole, 0
    // problems, no capture_failed. 2 December's holds its capture and an
    // empty `ftp.trg`, named as no file of its folder: a file that wrote
    // nothing, a problem (exit 3) and a capture_failed alert. 5 files: 2
    // ingested, 2 not captures, 1 failed. Before: each marker was a failed
    // capture, a problem and an alert every night.
    let dir = TestDir::new();
    dir.write("tree/2026-12-01/SYSA/netstat.txt", ftp_day("0000B001", "2026-12-01"));
    dir.write("tree/2026-12-01/SYSA/netstat.txt.done", "");
    dir.write("tree/2026-12-01/SYSA/netstat.txt.ok", "");
    dir.write("tree/2026-12-02/SYSA/netstat.txt", ftp_day("0000B002", "2026-12-02"));
    dir.write("tree/2026-12-02/SYSA/ftp.trg", "");
    let output = ingest(&dir, "tree");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    let folder = dir.path("tree/2026-12-01/SYSA").canonicalize().unwrap();
    for suffix in ["done", "ok"] {
        let note = format!(
            "{}/netstat.txt.{suffix}: note: a marker (0 bytes, named as netstat.txt of this folder with .{suffix} \
             after it, as a transfer leaves one to say that file is complete): not a capture",
            folder.display()
        );
        assert!(err.lines().any(|line| line == note), "{err}");
    }
    assert!(err.contains("5 files: 2 ingested, 0 unchanged, 0 duplicate, 2 not captures, 1 failed;"), "{err}");
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "snapshots", "files", "problems"]),
        "date,status,snapshots,files,problems\n2026-12-01,captured,1,1,0\n2026-12-02,captured,1,2,1\n"
    );
    let alerts = dir.run(&["alerts", "--format", "csv"]);
    let failed: Vec<String> =
        project_columns(&String::from_utf8(alerts.stdout).unwrap(), &["alert", "date", "subject"])
            .lines()
            .filter(|line| line.starts_with("capture_failed"))
            .map(str::to_string)
            .collect();
    let trg = dir.path("tree/2026-12-02/SYSA/ftp.trg").canonicalize().unwrap();
    assert_eq!(failed, [format!("capture_failed,2026-12-02,{}", trg.display())]);
}

#[test]
fn a_file_a_transfer_still_writes_under_a_temporary_name_is_passed_over_until_renamed() {
    // Review 17b F3. By hand: night 1, 1 December's capture is whole and 2
    // December's is half written under the transfer's temporary name
    // (WinSCP's `netstat.txt.filepart`; Firefox's `.part`, Chrome's
    // `.crdownload`): said and counted as not a capture, not read (2 files:
    // 1 ingested, 1 not captures; 0 problems). Night 2, the transfer has
    // renamed it `netstat.txt`, whole: read as 2 December's one capture, and
    // the temporary name, gone, is forgotten (said). Each day: 1 snapshot, 1
    // connection (FTPD1's 0000B001, 0000B002), 1 file, 0 problems;
    // `report files` lists the 2 files. Before: the cut file was read (a
    // problem), and its rows stayed beside the whole file's the next night
    // (2 December: 2 snapshots, FTPD1 2 connections).
    for suffix in ["filepart", "part", "crdownload"] {
        let dir = TestDir::new();
        dir.write("tree/2026-12-01/SYSA/netstat.txt", ftp_day("0000B001", "2026-12-01"));
        let whole = ftp_day("0000B002", "2026-12-02");
        let temporary = format!("tree/2026-12-02/SYSA/netstat.txt.{suffix}");
        dir.write(&temporary, &whole[..whole.len() / 2]);
        let shown = dir.path(&temporary).canonicalize().unwrap().display().to_string();
        let output = ingest(&dir, "tree");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        let note = format!(
            "{shown}: note: named as a transfer names a file it still writes (.{suffix}): not read, not a capture \
             yet (a transfer still writing it? it is read once renamed)"
        );
        assert!(err.lines().any(|line| line == note), "{note}\n{err}");
        assert!(err.contains("2 files: 1 ingested, 0 unchanged, 0 duplicate, 1 not captures, 0 failed;"), "{err}");
        assert!(err.contains("; 0 problems"), "{err}");
        std::fs::remove_file(dir.path(&temporary)).unwrap();
        dir.write("tree/2026-12-02/SYSA/netstat.txt", &whole);
        let output = ingest(&dir, "tree");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        let note = format!(
            "{shown}: note: a transfer's temporary file, passed over earlier, no longer in the tree (renamed once \
             complete?): forgotten"
        );
        assert!(err.lines().any(|line| line == note), "{note}\n{err}");
        assert!(err.contains("2 files: 1 ingested, 1 unchanged, 0 duplicate, 0 not captures, 0 failed;"), "{err}");
        assert_eq!(
            report(&dir, &["coverage"], &["date", "status", "snapshots", "connections", "files", "problems"]),
            "date,status,snapshots,connections,files,problems\n2026-12-01,captured,1,1,1,0\n\
             2026-12-02,captured,1,1,1,0\n",
            "{suffix}"
        );
        let tree = dir.path("tree").canonicalize().unwrap();
        assert_eq!(
            report(&dir, &["files"], &["file", "outcome"]).replace(&tree.display().to_string(), "T"),
            "file,outcome\nT/2026-12-01/SYSA/netstat.txt,ingested\nT/2026-12-02/SYSA/netstat.txt,ingested\n"
        );
    }
}

#[test]
fn a_file_moved_gzipped_into_an_archive_folder_leaves_its_old_path_out_of_report_files() {
    // Review 17b F2. By hand: 1 and 2 December ingested; the housekeeping
    // job gzips 1 December's file into `archive/2026-12-01/SYSA/` and
    // removes the day folder. The next night the `.gz` (the same text) is
    // 1 December's capture in another folder, read again there (said), and
    // its old path is no file of the tree any more: `report files` lists
    // the 2 files the summary counts (the `.gz` and 2 December's), as a
    // fresh ingest does; each day 1 snapshot, 1 connection, 1 file. Before:
    // the old path stayed listed as ingested, with no system or date, for
    // ever.
    let dir = TestDir::new();
    dir.write("tree/2026-12-01/SYSA/netstat.txt", ftp_day("0000B001", "2026-12-01"));
    dir.write("tree/2026-12-02/SYSA/netstat.txt", ftp_day("0000B002", "2026-12-02"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let tree = dir.path("tree").canonicalize().unwrap();
    let text = std::fs::read(dir.path("tree/2026-12-01/SYSA/netstat.txt")).unwrap();
    dir.write("tree/archive/2026-12-01/SYSA/netstat.txt.gz", gzip(&text));
    std::fs::remove_dir_all(dir.path("tree/2026-12-01")).unwrap();
    let files = "file,outcome,system,date\nT/2026-12-02/SYSA/netstat.txt,ingested,SYSA,2026-12-02\n\
                 T/archive/2026-12-01/SYSA/netstat.txt.gz,ingested,SYSA,2026-12-01\n";
    let coverage = "system,date,status,snapshots,connections,files\nSYSA,2026-12-01,captured,1,1,1\n\
                    SYSA,2026-12-02,captured,1,1,1\n";
    for (night, counts) in [(2, "2 files: 1 ingested, 1 unchanged,"), (3, "2 files: 0 ingested, 2 unchanged,")] {
        let output = ingest(&dir, "tree");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert!(err.contains(counts), "night {night}: {err}");
        let moved = format!(
            "{0}/archive/2026-12-01/SYSA/netstat.txt.gz: note: moved from {0}/2026-12-01/SYSA/netstat.txt into \
             another capture run (another folder): read again",
            tree.display()
        );
        assert_eq!(err.lines().any(|line| line == moved), night == 2, "night {night}: {err}");
        assert!(!err.contains("no longer in the tree"), "night {night}: {err}");
        let listed = report(&dir, &["files"], &["file", "outcome", "system", "date"]);
        assert_eq!(listed.replace(&tree.display().to_string(), "T"), files, "night {night}");
        assert_eq!(report(&dir, &["coverage"], &COVERAGE), coverage, "night {night}");
    }
}

/// The coverage columns that count what a day holds.
const COVERAGE: [&str; 6] = ["system", "date", "status", "snapshots", "connections", "files"];

#[test]
fn a_copy_of_a_capture_kept_elsewhere_in_the_tree_is_said_and_passed_over() {
    // Review 17b F5. By hand: SYSA's 1 and 2 December, one 08:00:01 run
    // each (FTPD1's 0000B001, 0000B002), ingested one night. The next
    // night the transfer re-sends 1 December's file into
    // `resend/2026-12-01/SYSA/`, and a month-end zip holds both day
    // folders: each is byte for byte a file ingested, of the same system
    // and day, whose report prints the same time: the same capture, passed
    // over with a note naming the file it copies. Each day: 1 snapshot, 1
    // connection, 1 file; `check` passes (before: a second capture run of
    // each day, 2 snapshots and 2 files, and `check` failed: ingested
    // twice). A fresh ingest of the tree answers the same.
    let dir = TestDir::new();
    let days = [("2026-12-01", ftp_day("0000B001", "2026-12-01")), ("2026-12-02", ftp_day("0000B002", "2026-12-02"))];
    for (day, text) in &days {
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), text);
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    dir.write("tree/resend/2026-12-01/SYSA/netstat.txt", &days[0].1);
    let members: Vec<(String, Vec<u8>)> =
        days.iter().map(|(day, text)| (format!("{day}/SYSA/netstat.txt"), text.clone().into_bytes())).collect();
    dir.write("tree/monthly-2026-12.zip", zip(&members));
    let expected = "system,date,status,snapshots,connections,files
SYSA,2026-12-01,captured,1,1,1
SYSA,2026-12-02,captured,1,1,1
";
    for fresh in [false, true] {
        if fresh {
            std::fs::remove_file(dir.path("t.db")).unwrap();
        }
        let output = ingest(&dir, "tree");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        let tree = dir.path("tree").canonicalize().unwrap();
        let tree = tree.display();
        for (copy, day) in [
            (format!("{tree}/monthly-2026-12.zip:2026-12-01/SYSA/netstat.txt"), "2026-12-01"),
            (format!("{tree}/monthly-2026-12.zip:2026-12-02/SYSA/netstat.txt"), "2026-12-02"),
            (format!("{tree}/resend/2026-12-01/SYSA/netstat.txt"), "2026-12-01"),
        ] {
            let note = format!(
                "{copy}: note: same content as {tree}/{day}/SYSA/netstat.txt, of the same day, whose reports print \
                 the same times: the same capture, re-sent or kept elsewhere in the tree: skipped"
            );
            assert!(err.lines().any(|line| line == note), "fresh {fresh}: {note}\n{err}");
        }
        assert!(err.contains(" 3 duplicate, "), "{err}");
        assert_eq!(report(&dir, &["coverage"], &COVERAGE), expected, "fresh {fresh}");
        let check = dir.run(&["check"]);
        assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    }
}

#[test]
fn a_list_of_another_day_that_prints_the_same_text_is_still_that_days_capture() {
    // The rule above does not lose a second capture: SYSB's stack answers
    // `NETSTAT ALLCONN` at 08:00:01 on 1 and 2 December with the very same
    // text (one long-lived connection, no counters, no date printed). The
    // two files are byte for byte alike, but of two days: 2 December is
    // captured by its own file (1 snapshot, 1 connection), not passed over.
    let dir = TestDir::new();
    for day in ["2026-12-01", "2026-12-02"] {
        allconn_day(&dir, "tree", day, &[("CICSPRD1", "0000C001", "10.1.1.2..443", "10.7.0.1..50001")]);
    }
    let output = ingest(&dir, "tree");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(!err.contains("same content"), "{err}");
    assert_eq!(
        report(&dir, &["coverage"], &COVERAGE),
        "system,date,status,snapshots,connections,files
SYSB,2026-12-01,captured,1,1,1
SYSB,2026-12-02,captured,1,1,1
"
    );
}

/// SYSA's `pasearch -t` dump of `date` (`MM/DD/YYYY`, 08:00:30): CICS-ENV
/// with `TLSv1.1:` set to `tls11`.
pub(crate) fn dump(date: &str, tls11: &str) -> String {
    pasearch_cics_alone(date).replace("TLSv1.1:                   Off", &format!("TLSv1.1:                   {tls11}"))
}

#[test]
fn yesterdays_policy_dump_re_sent_into_todays_folder_is_no_second_snapshot() {
    // Review 17b F17. By hand: the dumps of 1 and 2 March say TLSv1.1 Off,
    // those of 3 and 4 March On: one change, Off -> On between 2 March
    // 08:00:30 and 3 March 08:00:30. On 3 March the transfer also re-sends
    // 2 March's dump as `pasearch.txt.resent`: byte for byte the file
    // ingested the night before, which prints its own date (`Date:
    // 03/02/2026`) and time: the same capture, passed over with a note. One
    // policy_change alert, one drift row (before: the copy was a second
    // snapshot of 3 March at 08:00:30, Off again, and then On on 4 March:
    // three alerts for one change).
    let dir = TestDir::new();
    for (n, tls11) in [(1, "Off"), (2, "Off"), (3, "On"), (4, "On")] {
        let path = format!("tree/2026-03-0{n}/SYSA/pasearch.txt");
        dir.write(&path, dump(&format!("03/0{n}/2026"), tls11));
        if n == 3 {
            dir.write("tree/2026-03-03/SYSA/pasearch.txt.resent", dump("03/02/2026", "Off"));
        }
        let output = ingest(&dir, "tree");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        if n == 3 {
            let tree = dir.path("tree").canonicalize().unwrap();
            let note = format!(
                "{0}/2026-03-03/SYSA/pasearch.txt.resent: note: same content as {0}/2026-03-02/SYSA/pasearch.txt, \
                 whose reports print the same dates and times: the same capture, re-sent or kept elsewhere in the \
                 tree: skipped",
                tree.display()
            );
            assert!(err.lines().any(|line| line == note), "{err}");
        }
    }
    let columns = ["before", "after", "name", "setting", "change", "old_value", "new_value"];
    assert_eq!(
        report(&dir, &["policy-drift"], &columns),
        "before,after,name,setting,change,old_value,new_value
2026-03-02T08:00:30,2026-03-03T08:00:30,CICS-ENV,TLSV1.1,changed,Off,On
"
    );
    let alerts = dir.run(&["alerts", "--format", "csv"]);
    let changes: Vec<String> =
        project_columns(&String::from_utf8(alerts.stdout).unwrap(), &["alert", "date", "detail"])
            .lines()
            .filter(|line| line.starts_with("policy_change"))
            .map(str::to_string)
            .collect();
    assert_eq!(changes, ["policy_change,2026-03-03,changed: Off -> On"]);
}
