//! A record of every file: each file a run walked is a row of
//! `walked_files` with what became of it, the `files` report lists them all,
//! and the summary line counts each file once.

use crate::util::{project, stderr, TestDir};

#[test]
fn files_accounts_for_every_file_of_the_samples() {
    let dir = TestDir::new();
    let samples = project("samples").canonicalize().unwrap();
    let output = dir.run(&["ingest", "--quiet", samples.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = dir.run(&["report", "files", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = String::from_utf8(output.stdout).unwrap().replace(&format!("{}/", samples.display()), "");
    let not_a_capture = "no NETSTAT report header (`MVS TCP/IP NETSTAT CS ...`) in this file: skipped";
    assert_eq!(
        csv,
        format!(
            "file,outcome,reason,system,date,report_kinds,skipped_reports,problems
README.md,not a capture,{not_a_capture},,,,,0
count.py,not a capture,{not_a_capture},,,,,0
tree/2026-11-22/SYSA/netstat.txt,ingested,,SYSA,2026-11-22,\"ALL, ALLCONN, TTLS DETAIL, TTLS GROUP DETAIL\",,0
tree/2026-11-23/SYSA/netstat.txt,ingested,,SYSA,2026-11-23,\"ALL, ALLCONN, TTLS DETAIL, TTLS GROUP, TTLS GROUP DETAIL\",,0
tree/2026-11-24/SYSA/netstat.txt,ingested,,SYSA,2026-11-24,\"ALL, ALLCONN, TTLS CONN DETAIL, TTLS GROUP DETAIL\",,0
tree/SYSB/20261122/onetstat-A.txt,ingested,,SYSB,2026-11-22,ALL,,0
tree/SYSB/20261122/onetstat-a.txt,ingested,,SYSB,2026-11-22,ALLCONN,,0
tree/SYSB/20261122/ttls-detail.txt,ingested,,SYSB,2026-11-22,TTLS DETAIL,,0
tree/SYSB/20261122/ttls-group.txt,ingested,,SYSB,2026-11-22,TTLS GROUP,,0
tree/SYSB/20261123/onetstat-A.txt,ingested,,SYSB,2026-11-23,ALL,,0
tree/SYSB/20261123/onetstat-a.txt,ingested,,SYSB,2026-11-23,ALLCONN,,0
tree/SYSB/20261123/ttls-detail.txt,ingested,,SYSB,2026-11-23,TTLS DETAIL,,0
tree/SYSB/20261123/ttls-group.txt,ingested,,SYSB,2026-11-23,TTLS GROUP,,0
tree/SYSB/20261124/onetstat-A.txt.gz,ingested,,SYSB,2026-11-24,ALL,,0
tree/SYSB/20261124/onetstat-a.txt,ingested,,SYSB,2026-11-24,ALLCONN,,0
tree/SYSB/20261124/ttls-detail.txt,ingested,,SYSB,2026-11-24,TTLS DETAIL,,0
tree/SYSB/20261124/ttls-group.txt,ingested,,SYSB,2026-11-24,TTLS GROUP,,0
tree/SYSC/TCPIP.NETSTAT.D261124.T0815.txt,ingested,,SYSC,2026-11-24,\"ALLCONN, TTLS GROUP\",,0
"
        )
    );
}

/// Copies `samples/tree` into `c` of `dir`.
fn copy_samples(dir: &TestDir) {
    let root = project("samples/tree");
    for path in crate::util::files_under(&root) {
        dir.write(&format!("c/{}", path.strip_prefix(&root).unwrap().display()), std::fs::read(&path).unwrap());
    }
}

#[test]
fn the_summary_counts_each_file_once_when_a_changed_file_has_others_read_again() {
    let dir = TestDir::new();
    copy_samples(&dir);
    let root = dir.path("c");
    assert_eq!(dir.run(&["ingest", "--quiet", root.to_str().unwrap()]).status.code(), Some(0));
    // ttls-group.txt of SYSB on the 23rd changes: its snapshot's three other
    // files (onetstat-A, onetstat-a, ttls-detail) are read again.
    let changed = root.join("SYSB/20261123/ttls-group.txt");
    let mut text = std::fs::read(&changed).unwrap();
    text.extend_from_slice(b"\n");
    std::fs::write(&changed, text).unwrap();
    let output = dir.run(&["ingest", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(
            "16 files: 4 ingested, 12 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 ALL, 1 ALLCONN, \
             1 TTLS DETAIL, 1 TTLS GROUP; 1 snapshots, 10 endpoint rows (5 connection, 4 listener, 1 UDP), 3 TLS session rows; 0 problems\n"
        ),
        "{}",
        stderr(&output)
    );
    let outcomes = dir.csv("SELECT outcome, count(*) FROM walked_files GROUP BY 1 ORDER BY 1");
    // Unchanged files are in the inventory, as after a fresh ingest.
    assert_eq!(outcomes, "outcome,count(*)\ningested,16\n");
}

#[test]
fn a_failed_file_a_duplicate_and_skipped_reports_say_why() {
    let dir = TestDir::new();
    let allconn = crate::util::fixture("published/netstat-allconn-port1414.txt");
    dir.write("c/2022-05-31/SYSA/a.txt", &allconn);
    dir.write("c/2022-05-31/SYSA/b.txt", &allconn);
    dir.write("c/2022-05-31/SYSA/empty.txt", "");
    dir.write("c/2022-05-31/SYSA/route.txt", format!("{allconn}NETSTAT ROUTE\nMVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:40\nIPv4 Destinations\n"));
    let root = dir.path("c").canonicalize().unwrap();
    let output = dir.run(&["ingest", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    // route.txt begins with the whole of a.txt (the 5 lines of the ALLCONN
    // fixture), ingested: only its ROUTE report, from line 6, is read.
    let folder = root.join("2022-05-31/SYSA");
    let csv = dir.csv("SELECT path, outcome, reason, skipped_reports FROM walked_files ORDER BY path");
    assert_eq!(
        csv.replace(&format!("{}/", folder.display()), ""),
        "path,outcome,reason,skipped_reports
a.txt,ingested,,
b.txt,duplicate,same content as a.txt,
empty.txt,failed,empty file (0 bytes): the capture wrote nothing,
route.txt,ingested,\"read from line 6: lines 1 to 5 are a.txt, read before it\",ROUTE
"
    );
}

#[test]
fn a_file_that_failed_as_a_whole_counts_on_the_stack_its_name_names() {
    // SYSA's two stacks write a data set each a day, named after the stack:
    // TCPIP.ALL.txt (stack TCPIP) and TCPIPB.ALL.txt (TCPIPB), each an ALL
    // of FTPD1's 0000A001. On 2 May TCPIPB's is empty (its job wrote
    // nothing); on 3 May both are whole and an empty SYSPRINT.txt (a name
    // that names no stack) is beside them. By hand: 2 May, TCPIP captured
    // with its one clean file; TCPIPB failed, its empty file its one problem.
    // 3 May, the empty file could be either stack's: it counts on both, 2
    // files and 1 problem each (before: 2 May's TCPIP also counted TCPIPB's
    // empty file, 2 files and 1 problem, "captured, with problems"). Each
    // day's counters are larger: a day's copy the same as the day before's
    // would be the day before's run (R13a-3).
    let dir = TestDir::new();
    let all = |stack: &str, day: u64| {
        let header = crate::trust::HEADER.replace("Name: TCPIP ", &format!("Name: {stack:<6}"));
        let block = crate::trust::all_block(
            "FTPD1",
            "0000A001",
            "10.1.1.2..21",
            "10.9.9.9..50001",
            (500 * day, 50 * day),
            "05/01/2026",
            "Establsh",
            "No",
        );
        format!("{header}\n{block}")
    };
    for (n, day) in (1..).zip(["2026-05-01", "2026-05-02", "2026-05-03"]) {
        dir.write(&format!("tree/{day}/SYSA/TCPIP.ALL.txt"), all("TCPIP", n));
        dir.write(
            &format!("tree/{day}/SYSA/TCPIPB.ALL.txt"),
            if day == "2026-05-02" { String::new() } else { all("TCPIPB", n) },
        );
    }
    dir.write("tree/2026-05-03/SYSA/SYSPRINT.txt", "");
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        crate::trust::report(&dir, &["coverage"], &["stack", "date", "status", "files", "problems"]),
        "stack,date,status,files,problems
TCPIP,2026-05-01,captured,1,0
TCPIP,2026-05-02,captured,1,0
TCPIP,2026-05-03,captured,2,1
TCPIPB,2026-05-01,captured,1,0
TCPIPB,2026-05-02,failed,1,1
TCPIPB,2026-05-03,captured,2,1
"
    );
}
