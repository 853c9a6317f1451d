//! Copies of a data set written with DISP=MOD (each copy begins with the
//! whole of the copy before it) that differ from each other in what the
//! parser does not read: line ends, a last line end, trailing blanks,
//! compression, their names. Each rule pinned on copies written here by
//! hand, the answer worked out from their text in the test (the helpers
//! are `trust_runs`'s).

use crate::formats::{gzip, zip};
use crate::trust::{report, HEADER};
use crate::trust_runs::{capacity_rows, ftp_run, ingest_with, CAPACITY, DISP_MOD_DAYS, FILE_LINES, READS};
use crate::util::TestDir;

/// 1 March's copy: run 1 (lines 1-10: request, header at 08:00:01,
/// 0000A001's block with 1 000 / 100, `READY`); 2 March's: run 1 and run 2
/// (lines 11-20, 3 000 / 300), as `text` writes each (lines padded to 200
/// for `part_size`, read as a stream), named `one` and `two`: a file of the
/// day's folder, or a member of a zip archive `netstat-DAY.zip` (`zip:NAME`).
fn two_copies(dir: &TestDir, part_size: &[&str], (one, two): (&str, &str), text: Writes) {
    for (copy, name) in [one, two].iter().enumerate() {
        let runs: String = [(1000, 100), (3000, 300)].iter().take(copy + 1).map(|b| ftp_run(*b)).collect();
        let runs = if part_size.is_empty() { runs } else { runs.lines().map(|l| format!("{l:<200}\n")).collect() };
        let day = DISP_MOD_DAYS[copy];
        let bytes = text(copy, runs);
        let (path, bytes) = match name.strip_prefix("zip:") {
            Some(member) => (format!("tree/netstat-{day}.zip"), zip(&[(format!("{day}/SYSA/{member}"), bytes)])),
            None => (format!("tree/{day}/SYSA/{name}"), bytes),
        };
        // A copy written already (and ingested) stays as it is.
        if !dir.path(&path).exists() {
            dir.write(&path, bytes);
        }
    }
}

/// How a copy (0: 1 March's, 1: 2 March's) is written: its bytes from its text.
type Writes = fn(usize, String) -> Vec<u8>;

/// Where [`two_copies`] wrote the copy of `day` named `name`, as the notes show it.
fn shown(dir: &TestDir, day: &str, name: &str) -> String {
    match name.strip_prefix("zip:") {
        Some(member) => format!("{}:{day}/SYSA/{member}", dir.path(&format!("tree/netstat-{day}.zip")).display()),
        None => dir.path(&format!("tree/{day}/SYSA/{name}")).display().to_string(),
    }
}

/// Lines ending CRLF.
fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn a_copy_that_differs_in_line_ends_blanks_or_compression_is_read_after_the_earlier_copy() {
    // By hand: 2 March's copy is, as text, 1 March's lines 1-10 then run 2
    // (lines 11-20): whatever the line ends (CRLF or LF), a last line end
    // or none, blanks after the text (records padded to 80 by another
    // download client) or compression (gzip, a zip member), lines 1-10 are
    // run 1, ingested from 1 March's copy. Read after them, 2 March holds
    // run 2 alone: one snapshot (08:00:01), 0000A001 with 3 000 / 300, the
    // same connection as 1 March's (conn id, sockets, start): 2 000 / 200
    // moved on 2 March, segments 10 / 10 then 0. 1 March: 1 000 / 100, its
    // whole counters (first seen, started 28 February: started_earlier 1).
    // Before: 2 March read runs 1 and 2 as its own, two snapshots.
    let capacity = capacity_rows(
        "2026-03-01,FTPD1,21,1,1,1,1000,100,10,10,10.9.9.9,1\n2026-03-02,FTPD1,21,1,1,1,2000,200,0,0,10.9.9.9,0\n",
    );
    let eol = |_: usize, text: String| text.into_bytes();
    let no_last_eol = |_: usize, text: String| text.trim_end_matches('\n').to_string().into_bytes();
    let padded = |copy: usize, text: String| match copy {
        0 => text.lines().map(|line| format!("{line:<80}\n")).collect::<String>().into_bytes(),
        _ => text.into_bytes(),
    };
    let first_crlf = |copy: usize, text: String| if copy == 0 { crlf(&text) } else { text }.into_bytes();
    let second_crlf = |copy: usize, text: String| if copy == 1 { crlf(&text) } else { text }.into_bytes();
    let gz_first = |copy: usize, text: String| if copy == 0 { gzip(text.as_bytes()) } else { text.into_bytes() };
    let gz_second = |copy: usize, text: String| if copy == 1 { gzip(text.as_bytes()) } else { text.into_bytes() };
    let gz_both = |_: usize, text: String| gzip(text.as_bytes());
    let txt = "NETSTAT.OUT.txt";
    let (gz, member) = ("NETSTAT.OUT.txt.gz", "zip:NETSTAT.OUT.txt");
    // Whether each is read as a stream too (a file larger than four parts).
    let cases: [(&str, (&str, &str), Writes, bool); 8] = [
        ("CRLF, then LF", (txt, txt), first_crlf, true),
        ("LF, then CRLF", (txt, txt), second_crlf, true),
        ("no last line end", (txt, txt), no_last_eol, true),
        ("padded to 80, then not", (txt, txt), padded, false),
        ("gzip, then plain", (gz, txt), gz_first, false),
        ("plain, then gzip", (txt, gz), gz_second, false),
        ("gzip both", (gz, gz), gz_both, false),
        ("zip members", (member, member), eol, false),
    ];
    for (case, names, text, streamed) in cases {
        for part_size in READS.iter().filter(|r| streamed || r.is_empty()) {
            // Both copies in one ingest, and one a day as they come.
            for daily in [false, true] {
                let case = format!("{case} {part_size:?} {daily}");
                let dir = TestDir::new();
                if daily {
                    two_copies(&dir, part_size, (names.0, "none"), text);
                    std::fs::remove_dir_all(dir.path(&format!("tree/{}", DISP_MOD_DAYS[1]))).unwrap();
                    ingest_with(&dir, part_size, "tree");
                }
                two_copies(&dir, part_size, names, text);
                let said = ingest_with(&dir, part_size, "tree");
                // Zip members, expanded, are byte for byte the same lines.
                let how = match names.0 {
                    "zip:NETSTAT.OUT.txt" => "byte for byte",
                    _ => "as the parser reads it (the same text with other line ends, trailing blanks or compression)",
                };
                let note = format!(
                    "{}: note: lines 1 to 10 are the whole of {}, {how}: the runs ingested from it already",
                    shown(&dir, DISP_MOD_DAYS[1], names.1),
                    shown(&dir, DISP_MOD_DAYS[0], names.0)
                );
                assert!(said.contains(&note), "{case}: {said}");
                assert_eq!(dir.csv(FILE_LINES), "capture_date,lines\n2026-03-01,2-9\n2026-03-02,12-19\n", "{case}");
                assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity, "{case}");
            }
        }
    }
}

/// The three copies of [`DISP_MOD_DAYS`] (runs 1, 1-2, 1-3: 1 000 / 100,
/// 3 000 / 300, 6 000 / 600), plain text.
fn three_copies(dir: &TestDir) {
    let runs = [(1000, 100), (3000, 300), (6000, 600)].map(ftp_run);
    for (day, date) in DISP_MOD_DAYS.iter().enumerate() {
        dir.write(&format!("tree/{date}/SYSA/NETSTAT.OUT.txt"), runs[..=day].concat());
    }
}

/// [`three_copies`] each read after the one before: capacity of each day
/// (1 000, 2 000, 3 000 bytes in moved) and the lines of each file's report.
const THREE_DAYS: (&str, &str) = (
    "2026-03-01,FTPD1,21,1,1,1,1000,100,10,10,10.9.9.9,1\n2026-03-02,FTPD1,21,1,1,1,2000,200,0,0,10.9.9.9,0\n\
     2026-03-03,FTPD1,21,1,1,1,3000,300,0,0,10.9.9.9,0\n",
    "capture_date,lines\n2026-03-01,2-9\n2026-03-02,12-19\n2026-03-03,22-29\n",
);

#[test]
fn older_copies_compressed_by_housekeeping_are_the_files_ingested_and_nothing_is_read_again() {
    // By hand: the three copies ingested (each day read after the day
    // before: 1 000, 2 000, 3 000 bytes in moved), then a housekeeping job
    // gzips 1 and 2 March's (`NETSTAT.OUT.txt.gz` in place of
    // `NETSTAT.OUT.txt`): the same text, so the same files, moved; 3
    // March's copy still begins with 2 March's, now the `.gz`. Nothing is
    // read again, nothing is forgotten by --prune-missing (no file left the
    // inventory), and the inventory is what a fresh ingest of the tree as it
    // is now gives. Before: the `.gz` files were read whole as new files
    // (2 March: 2 snapshots), and 3 March was said to be "read again"
    // while it was not.
    let (capacity, lines) = (capacity_rows(THREE_DAYS.0), THREE_DAYS.1);
    let dir = TestDir::new();
    three_copies(&dir);
    ingest_with(&dir, &[], "tree");
    for date in &DISP_MOD_DAYS[..2] {
        let plain = dir.path(&format!("tree/{date}/SYSA/NETSTAT.OUT.txt"));
        dir.write(&format!("tree/{date}/SYSA/NETSTAT.OUT.txt.gz"), gzip(&std::fs::read(&plain).unwrap()));
        std::fs::remove_file(plain).unwrap();
    }
    let said = ingest_with(&dir, &["--prune-missing"], "tree");
    for date in &DISP_MOD_DAYS[..2] {
        let path = |name: &str| dir.path(&format!("tree/{date}/SYSA/{name}")).display().to_string();
        let moved = format!(
            "{}: note: moved from {} (same content and place)",
            path("NETSTAT.OUT.txt.gz"),
            path("NETSTAT.OUT.txt")
        );
        assert!(said.contains(&moved), "{said}");
    }
    assert!(!said.contains("read again") && !said.contains("forgotten"), "{said}");
    assert!(said.contains("3 files: 0 ingested, 3 unchanged"), "{said}");
    assert_eq!(dir.csv(FILE_LINES), lines);
    assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity);
    let files = report(&dir, &["files"], &["file", "outcome", "reason"]);
    let gz = dir.path("tree/2026-03-02/SYSA/NETSTAT.OUT.txt.gz").display().to_string();
    assert!(files.contains(&format!("\"read from line 21: lines 1 to 20 are {gz}, read before it\"")), "{files}");
    // A fresh ingest of the tree as it is now: the same.
    let fresh = TestDir::new();
    crate::util::copy_tree(&dir.path("tree"), &fresh.path("tree"));
    ingest_with(&fresh, &[], "tree");
    assert_eq!(fresh.csv(FILE_LINES), lines);
    assert_eq!(report(&fresh, &["capacity"], &CAPACITY), capacity);
    let fresh_files = report(&fresh, &["files"], &["file", "outcome", "reason"]);
    assert_eq!(
        files.replace(&dir.path("tree").display().to_string(), "T"),
        fresh_files.replace(&fresh.path("tree").display().to_string(), "T")
    );
}

#[test]
fn two_downloads_of_one_day_are_read_one_after_the_other_whatever_their_names() {
    // By hand: the data set downloaded twice on 1 March into one folder:
    // at 09:00 (run 1 at 08:00:01, lines 1-10: 0000A001 with 1 000 / 100),
    // and at 13:00 (run 1, then run 2 at 12:00:01, lines 11-20: 3 000 /
    // 300). The later download begins with the whole of the earlier, so it
    // is read from line 11, whichever name sorts first (`NETSTAT.OUT.2.txt`
    // sorts before `NETSTAT.OUT.txt`): two snapshots, 08:00:01 and
    // 12:00:01, one connection whose 3 000 / 300 at the day's last print
    // are its whole counters (first seen, started 28 February), segments 10
    // / 10. Before, with the later download named first: both read whole,
    // three snapshots.
    let capacity = capacity_rows("2026-03-01,FTPD1,21,2,1,1,3000,300,10,10,10.9.9.9,1\n");
    let snapshots = "captured_at\n2026-03-01T08:00:01\n2026-03-01T12:00:01\n";
    let noon = HEADER.replace("08:00:01", "12:00:01");
    let run2 = ftp_run((3000, 300)).replace(HEADER, &noon);
    for (earlier, later) in [("NETSTAT.OUT.txt", "NETSTAT.OUT.2.txt"), ("NETSTAT.OUT.1.txt", "NETSTAT.OUT.2.txt")] {
        let dir = TestDir::new();
        dir.write(&format!("tree/2026-03-01/SYSA/{earlier}"), ftp_run((1000, 100)));
        dir.write(&format!("tree/2026-03-01/SYSA/{later}"), ftp_run((1000, 100)) + &run2);
        let said = ingest_with(&dir, &[], "tree");
        let path = |name: &str| dir.path(&format!("tree/2026-03-01/SYSA/{name}")).display().to_string();
        let note = format!("{}: note: lines 1 to 10 are the whole of {}, byte for byte", path(later), path(earlier));
        assert!(said.contains(&note), "{earlier}: {said}");
        assert_eq!(dir.csv("SELECT captured_at FROM snapshots ORDER BY 1"), snapshots, "{earlier}");
        let lines =
            "SELECT substr(f.path, -8) AS file, group_concat(c.first_line || '-' || c.last_line, ' ') AS lines \
                     FROM capture_files f JOIN capture_rows c USING (file_id) GROUP BY f.file_id ORDER BY f.path";
        let by_file = if earlier == "NETSTAT.OUT.txt" {
            "file,lines\nUT.2.txt,12-19\n.OUT.txt,2-9\n"
        } else {
            "file,lines\nUT.1.txt,2-9\nUT.2.txt,12-19\n"
        };
        assert_eq!(dir.csv(lines), by_file, "{earlier}");
        assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity, "{earlier}");
    }
}

/// Asserts that `dir`'s inventory holds [`THREE_DAYS`], and that a fresh
/// ingest of its tree as it is now does too (`case` names the shape).
fn three_days_nightly_and_fresh(dir: &TestDir, case: &str) {
    let (capacity, lines) = (capacity_rows(THREE_DAYS.0), THREE_DAYS.1);
    assert_eq!(dir.csv(FILE_LINES), lines, "{case}");
    assert_eq!(report(dir, &["capacity"], &CAPACITY), capacity, "{case}");
    let fresh = TestDir::new();
    crate::util::copy_tree(&dir.path("tree"), &fresh.path("tree"));
    ingest_with(&fresh, &[], "tree");
    assert_eq!(fresh.csv(FILE_LINES), lines, "{case}: fresh");
    assert_eq!(report(&fresh, &["capacity"], &CAPACITY), capacity, "{case}: fresh");
}

#[test]
fn older_copies_kept_in_an_archive_folder_walked_later_are_read_first_fresh_as_over_nights() {
    // Review 17b F11. By hand: the three copies of 1-3 March (runs 1, 1-2,
    // 1-3) ingested night by night, then 1 and 2 March's day folders moved
    // into `tree/archive/` (`old/` likewise), which the walk takes after
    // `2026-03-03/`. 3 March's copy still begins with the whole of 2
    // March's, wherever it is: each day holds its own run (1 000, 2 000,
    // 3 000 bytes in moved, lines 2-9, 12-19, 22-29), in the nightly
    // inventory and in a fresh ingest of the tree. Before: the fresh ingest
    // read 3 March's copy whole (runs 1-3 all of 3 March: 3 snapshots).
    for folder in ["archive", "old"] {
        let dir = TestDir::new();
        three_copies(&dir);
        ingest_with(&dir, &[], "tree");
        for date in &DISP_MOD_DAYS[..2] {
            std::fs::create_dir_all(dir.path(&format!("tree/{folder}"))).unwrap();
            std::fs::rename(dir.path(&format!("tree/{date}")), dir.path(&format!("tree/{folder}/{date}"))).unwrap();
        }
        ingest_with(&dir, &[], "tree");
        three_days_nightly_and_fresh(&dir, folder);
    }
}

#[test]
fn copies_of_several_days_in_one_zip_are_read_one_after_the_other() {
    // Review 17b F12. By hand: a month-end zip of the day folders
    // (`archive-2026-03.zip` holding 1 and 2 March's copies, 3 March's
    // plain beside it; or `all.zip` holding all three, its members stored
    // latest first): each member begins with the whole of the member of
    // the day before, and 3 March's plain copy with 2 March's member. Each
    // day holds its own run: 1 000, 2 000, 3 000 bytes in moved, lines
    // 2-9, 12-19, 22-29; the same when the zip replaces day folders
    // ingested on earlier nights, and in a fresh ingest. Before: each
    // member was read whole (2 March: runs 1 and 2, 2 snapshots).
    let runs = [(1000, 100), (3000, 300), (6000, 600)].map(ftp_run);
    let member =
        |day: usize| (format!("{}/SYSA/NETSTAT.OUT.txt", DISP_MOD_DAYS[day]), runs[..=day].concat().into_bytes());
    // Nightly: the day folders ingested, then zipped (`zip -rm`).
    let dir = TestDir::new();
    three_copies(&dir);
    ingest_with(&dir, &[], "tree");
    for date in &DISP_MOD_DAYS[..2] {
        std::fs::remove_dir_all(dir.path(&format!("tree/{date}"))).unwrap();
    }
    dir.write("tree/archive-2026-03.zip", zip(&[member(0), member(1)]));
    ingest_with(&dir, &[], "tree");
    three_days_nightly_and_fresh(&dir, "archive-2026-03.zip");
    // One zip of all three, latest first.
    let dir = TestDir::new();
    dir.write("tree/all.zip", zip(&[member(2), member(1), member(0)]));
    ingest_with(&dir, &[], "tree");
    three_days_nightly_and_fresh(&dir, "all.zip");
}
