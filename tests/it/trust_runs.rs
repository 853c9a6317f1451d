//! Capture runs appended to one file (a data set written with DISP=MOD):
//! a snapshot per run, each rule pinned on a small capture written here by
//! hand, with the answer worked out from its text in the test (the
//! helpers are trust.rs's).

use crate::trust::{all_block, ingest, report, ttls_entry, ttls_session, HEADER};
use crate::trust_counters::monitor;
use crate::trust_nightly::dump;
use crate::trust_policy::pasearch_cics_alone;
use crate::util::{stderr, TestDir};

/// One `NETSTAT ALL` block of CICSPRD1 on 443 as TSO prints it (message
/// ids), started on 2 May 2026 at `start`, `TTLSPolicy: No`.
fn tso_all_block(conn: &str, foreign: &str, bytes: (u64, u64), segments: (u64, u64), start: &str) -> String {
    format!(
        "EZZ2550I Client Name: CICSPRD1                 Client Id: {conn}
EZZ2551I Local Socket: 10.1.1.2..443           Foreign Socket: {foreign} 
EZZ2577I   BytesIn:            {:010}        BytesOut:           {:010}
EZZ2574I   SegmentsIn:         {:010}        SegmentsOut:        {:010}
EZZ2536I   StartDate:          05/02/2026        StartTime:          {start}
EZZ2552I   Last Touched:       07:59:00          State:              Establsh
EZZ2537I   QOSPolicy:          No
EZZ2545I   TTLSPolicy:         No
EZZ2542I   RoutingPolicy:      No
EZZ2570I   ReceiveBufferSize:  0000065536        SendBufferSize:     0000065536
EZZ2538I   ReceiveDataQueued:  0000000000
EZZ2539I   SendDataQueued:     0000000000
EZZ2611I   SendStalled:        No
EZZ2609I   Ancillary Input Queue: N/A
",
        bytes.0, bytes.1, segments.0, segments.1
    )
}

/// A TSO `NETSTAT ALL` request and its report at `time` (header on the
/// request's second line), then `READY`.
fn tso_all(time: &str, blocks: &[String]) -> String {
    format!(
        "NETSTAT ALL\nEZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           {time}\n{}READY\n",
        blocks.concat()
    )
}

/// The review's repro (/work/newuser/a6b, `h-mod.txt`): a SYSTSPRT written
/// with DISP=MOD by `NETSTAT ALL` at 08:00:00 (request line 1, header line 2,
/// 0000A001's block lines 3-16, READY line 17), then by `NETSTAT ALL` at
/// 12:00:00 (request line 18, header line 19): 0000A001 again, and 0000A009.
fn appended_all_runs() -> String {
    let a001 = |bytes, segments| tso_all_block("0000A001", "10.30.5.22..60845", bytes, segments, "07:00:00");
    let a009 = tso_all_block("0000A009", "10.30.5.23..60999", (500, 600), (5, 6), "11:00:00");
    tso_all("08:00:00", &[a001((1000, 2000), (10, 20))]) + &tso_all("12:00:00", &[a001((9000, 9900), (90, 99)), a009])
}

pub(crate) const CAPACITY: [&str; 12] = [
    "date",
    "job",
    "port",
    "snapshots",
    "connections",
    "peak_connections",
    "bytes_in",
    "bytes_out",
    "segments_in",
    "segments_out",
    "top_peer",
    "started_earlier",
];

const ADOPTION: [&str; 9] = [
    "date",
    "connections",
    "tls_connections",
    "clear_connections",
    "tlsv1_2",
    "bytes_in_protected",
    "bytes_out_protected",
    "bytes_in_unprotected",
    "bytes_out_unprotected",
];

/// The lines of each file's reports (first-last), by capture date.
pub(crate) const FILE_LINES: &str =
    "SELECT f.capture_date, group_concat(c.first_line || '-' || c.last_line, ' ') AS lines
     FROM capture_files f JOIN capture_rows c USING (file_id) GROUP BY f.file_id ORDER BY 1";

/// The capacity report of [`CAPACITY`]'s columns holding `rows`.
pub(crate) fn capacity_rows(rows: &str) -> String {
    format!("{}\n{rows}", CAPACITY.join(","))
}

/// How a file is written and read: whole as written here, or as a stream
/// (a text file larger than four parts is), its lines padded with blanks
/// to 200 characters as a data set of fixed-length records is downloaded,
/// so that it is larger than four parts of the smallest size.
pub(crate) const READS: [&[&str]; 2] = [&[], &["--part-size", "1K"]];

/// `text` as the read `part_size` (one of [`READS`]) wants it.
fn written_for(part_size: &[&str], text: &str) -> String {
    if part_size.is_empty() {
        return text.to_string();
    }
    let padded: String = text.lines().map(|line| format!("{line:<200}\n")).collect();
    assert!(padded.len() > 4 << 10, "{}", padded.len());
    padded
}

/// Ingests `root` of `dir`, with `extra` arguments first; asserts success.
pub(crate) fn ingest_with(dir: &TestDir, extra: &[&str], root: &str) -> String {
    let root = dir.path(root);
    let mut args = vec!["ingest"];
    args.extend_from_slice(extra);
    args.push(root.to_str().unwrap());
    let output = dir.run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stderr(&output)
}

#[test]
fn two_all_runs_appended_to_one_file_are_two_snapshots_and_both_counters_count() {
    // By hand, 3 May on SYSA: the 08:00 snapshot holds 0000A001 (BytesIn
    // 1 000, BytesOut 2 000, segments 10/20), first seen, so its whole
    // counters are its traffic. The 12:00 snapshot holds it again with
    // 9 000 / 9 900 (90/99): it moved 8 000 in and 7 900 out since, and
    // 0000A009, first seen, 500 / 600 (5/6). The day: 2 snapshots, 2
    // connections (0000A001 once), a peak of 2 (1 at 08:00, 2 at 12:00),
    // bytes in 1 000 + 8 000 + 500 = 9 500, out 2 000 + 7 900 + 600 =
    // 10 500, segments in 10 + 80 + 5 = 95, out 20 + 79 + 6 = 105. The top
    // peer 10.30.5.22 moved 3 000 + 15 900 = 18 900 (10.30.5.23: 1 100).
    // Both started on 2 May, before their counters were first printed:
    // started_earlier 2. Both TTLSPolicy No: 2 cleartext connections, no
    // TLS, all the traffic unprotected. Before: one snapshot, 0000A001's
    // 12:00 counters dropped (bytes in 1 000 + 500 = 1 500, and a peak of 2
    // in a snapshot while the runs held 1, then 2).
    let capacity = "date,job,port,snapshots,connections,peak_connections,bytes_in,bytes_out,segments_in,segments_out,\
top_peer,started_earlier
2026-05-03,CICSPRD1,443,2,2,2,9500,10500,95,105,10.30.5.22,2
";
    for part_size in READS {
        let dir = TestDir::new();
        dir.write("tree/2026-05-03/SYSA/h-mod.txt", written_for(part_size, &appended_all_runs()));
        let said = ingest_with(&dir, part_size, "tree");
        let case = format!("{part_size:?}");
        assert!(
            said.contains(
                "h-mod.txt: note: line 19: this ALL report of stack TCPIP (12:00:00) prints again a connection, \
                 group action or rule the ALL report at line 2 printed: a capture run appended to the file (a \
                 data set written with DISP=MOD, files put together) begins here, a snapshot of its own with the \
                 reports after it"
            ),
            "{case}: {said}"
        );
        assert!(!said.contains("is printed again"), "{case}: {said}");
        assert!(said.contains("reports: 2 ALL; 2 snapshots, 3 connection rows"), "{case}: {said}");
        assert_eq!(
            dir.csv(
                "SELECT s.captured_at, s.report_count, count(c.conn_id) AS connections FROM snapshots s
                 JOIN connections c USING (snapshot_id) GROUP BY s.snapshot_id ORDER BY 1"
            ),
            "captured_at,report_count,connections\n2026-05-03T08:00:00,1,1\n2026-05-03T12:00:00,1,2\n",
            "{case}"
        );
        assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity, "{case}");
        assert_eq!(
            report(&dir, &["tls-adoption"], &ADOPTION),
            "date,connections,tls_connections,clear_connections,tlsv1_2,bytes_in_protected,bytes_out_protected,\
bytes_in_unprotected,bytes_out_unprotected
2026-05-03,2,0,2,0,0,0,9500,10500
",
            "{case}"
        );
        // Ingested again unchanged: skipped, and the day as it was.
        let said = ingest_with(&dir, part_size, "tree");
        assert!(said.contains("1 files: 0 ingested, 1 unchanged"), "{case}: {said}");
        assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity, "{case}");
    }
}

/// `NETSTAT ALLCONN`, `NETSTAT ALL` and `NETSTAT TTLS` of one capture run
/// at `time` (hh:mm, headers at :00, :01, :02 seconds) as a TSO SYSTSPRT
/// prints them (plain, no message ids): CICSPRD1's listener on 443 and its
/// connections `conns` (conn id, foreign socket, `BytesIn`, `BytesOut`), each
/// `TTLSPolicy: Yes` and negotiating TLSv1.2 with C02F.
fn three_reports(time: &str, conns: &[(&str, &str, u64, u64)]) -> String {
    let header = |seconds: &str| HEADER.replace("08:00:01", &format!("{time}:{seconds}"));
    let mut allconn = format!(
        "NETSTAT ALLCONN\n{}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CICSPRD1 00000030 0.0.0.0..443           0.0.0.0..0             Listen
",
        header("00")
    );
    let mut all = format!("READY\nNETSTAT ALL\n{}\n", header("01"));
    let mut ttls = format!("READY\nNETSTAT TTLS\n{}\n", header("02"));
    for (conn, foreign, bytes_in, bytes_out) in conns {
        allconn += &format!("CICSPRD1 {conn} 10.1.1.2..443          {foreign:<22} Establsh\n");
        all += &all_block(
            "CICSPRD1",
            conn,
            "10.1.1.2..443",
            foreign,
            (*bytes_in, *bytes_out),
            "05/04/2026",
            "Establsh",
            "Yes",
        );
        ttls += &ttls_entry(&conn.to_lowercase(), "10.1.1.2..443", foreign);
    }
    format!("{allconn}{all}{ttls}READY\n")
}

const A001: &str = "10.30.5.22..60845";
const A009: &str = "10.30.5.23..60999";

fn eight() -> String {
    three_reports("08:00", &[("0000A001", A001, 1000, 2000)])
}

fn noon() -> String {
    three_reports("12:00", &[("0000A001", A001, 9000, 9900), ("0000A009", A009, 500, 600)])
}

/// The capacity and tls-adoption reports of a tree ingested into `dir`.
fn capacity_and_adoption(dir: &TestDir) -> String {
    report(dir, &["capacity"], &CAPACITY) + &report(dir, &["tls-adoption"], &ADOPTION)
}

#[test]
fn allconn_all_and_ttls_run_twice_in_one_file_are_two_snapshots_each_with_its_tls() {
    // By hand, 4 May on SYSA: at 08:00 ALLCONN, ALL and TTLS print the
    // listener and 0000A001 (BytesIn 1 000, BytesOut 2 000, TLSv1.2); at
    // 12:00 the same three print 0000A001 (9 000, 9 900) and 0000A009 (500,
    // 600), both TLSv1.2. The 12:00 ALLCONN prints the listener and
    // 0000A001 again, so the second run begins there: 08:00's run takes 28
    // lines (request, header, 2 heading lines, 2 rows; READY, request,
    // header, the 7-line ALL block; READY, request, header, the 8-line TTLS
    // entry; READY: 6 + 10 + 11 + 1), then the request on 29 and the 12:00
    // ALLCONN's header on 30. Two snapshots of three reports
    // each; each connection negotiated in the snapshots that print it. The
    // day: 2 connections, both TLS (TLSv1.2), peak 2; traffic, all shown
    // protected: in 1 000 + 8 000 + 500 = 9 500, out 2 000 + 7 900 + 600 =
    // 10 500; segments (10 a print) 10 + 0 + 10 = 20 each way. The top peer
    // 10.30.5.22 moved 3 000 + 15 900 = 18 900. Both started on 4 May at
    // 07:00, the day itself: started_earlier 0.
    let expected = "date,job,port,snapshots,connections,peak_connections,bytes_in,bytes_out,segments_in,segments_out,\
top_peer,started_earlier
2026-05-04,CICSPRD1,443,2,2,2,9500,10500,20,20,10.30.5.22,0
date,connections,tls_connections,clear_connections,tlsv1_2,bytes_in_protected,bytes_out_protected,\
bytes_in_unprotected,bytes_out_unprotected
2026-05-04,2,2,0,2,9500,10500,0,0
";
    for part_size in READS {
        let case = format!("{part_size:?}");
        let dir = TestDir::new();
        dir.write("tree/2026-05-04/SYSA/systsprt.txt", written_for(part_size, &(eight() + &noon())));
        let said = ingest_with(&dir, part_size, "tree");
        assert!(
            said.contains("systsprt.txt: note: line 30: this ALLCONN report of stack TCPIP (12:00:00) prints again"),
            "{case}: {said}"
        );
        assert!(said.contains("2 snapshots"), "{case}: {said}");
        assert_eq!(
            dir.csv(
                "SELECT v.captured_at, c.report_count, v.conn_id, v.tls_state FROM v_connections v
                 JOIN connections c USING (connection_id) WHERE v.state <> 'Listen' ORDER BY 1, 3"
            ),
            "captured_at,report_count,conn_id,tls_state
2026-05-04T08:00:00,3,0000A001,negotiated
2026-05-04T12:00:00,3,0000A001,negotiated
2026-05-04T12:00:00,3,0000A009,negotiated
",
            "{case}"
        );
        assert_eq!(capacity_and_adoption(&dir), expected, "{case}");
    }
    // The two runs in files of their own (times in their names): the same numbers.
    let split = TestDir::new();
    split.write("tree/SYSA/NETSTAT.D260504.T080000", eight());
    split.write("tree/SYSA/NETSTAT.D260504.T120000", noon());
    ingest_with(&split, &[], "tree");
    assert_eq!(capacity_and_adoption(&split), expected);
}

#[test]
fn a_copy_downloaded_again_with_crlf_line_ends_and_a_run_appended_says_it_grew() {
    // h-mod.txt's two runs (LF line ends) ingested; then the data set
    // downloaded again in ASCII mode (CRLF line ends) after a third run at
    // 16:00:00 (0000A001 alone, 12 000 / 12 000). Its text (see TextId)
    // begins with the whole of the text ingested: grown by 1 run, nothing
    // lost, and read whole again: 3 snapshots, in 9 500 + 3 000 = 12 500,
    // out 10 500 + 2 100 = 12 600 (as in the test below).
    let dir = TestDir::new();
    dir.write("tree/2026-05-03/SYSA/h-mod.txt", appended_all_runs());
    ingest_with(&dir, &[], "tree");
    let third = tso_all("16:00:00", &[tso_all_block("0000A001", A001, (12000, 12000), (120, 120), "07:00:00")]);
    dir.write("tree/2026-05-03/SYSA/h-mod.txt", (appended_all_runs() + &third).replace('\n', "\r\n"));
    let said = ingest_with(&dir, &[], "tree");
    assert!(
        said.contains(
            "h-mod.txt: note: grew since it was ingested: it begins with the whole of what it held (SYSA \
             2026-05-03), followed by 1 capture run appended: it is read whole again, what it held with it, and \
             nothing is lost\n"
        ),
        "{said}"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["date", "snapshots", "connections", "bytes_in", "bytes_out"]),
        "date,snapshots,connections,bytes_in,bytes_out\n2026-05-03,3,2,12500,12600\n"
    );
}

#[test]
fn a_file_of_two_runs_keeps_them_moved_changed_and_forgotten() {
    let dir = TestDir::new();
    dir.write("tree/2026-05-03/SYSA/h-mod.txt", appended_all_runs());
    ingest_with(&dir, &[], "tree");
    let day = ["date", "snapshots", "connections", "peak_connections", "bytes_in", "bytes_out"];
    // Renamed in its folder: the same capture runs, followed, not read again.
    std::fs::rename(dir.path("tree/2026-05-03/SYSA/h-mod.txt"), dir.path("tree/2026-05-03/SYSA/netstat.txt")).unwrap();
    let said = ingest_with(&dir, &[], "tree");
    assert!(said.contains("netstat.txt: note: moved from"), "{said}");
    assert!(said.contains("0 ingested, 1 unchanged"), "{said}");
    assert_eq!(
        report(&dir, &["capacity"], &day),
        "date,snapshots,connections,peak_connections,bytes_in,bytes_out\n2026-05-03,2,2,2,9500,10500\n"
    );
    // A third run appended at 16:00:00: 0000A001 alone, 12 000 / 12 000, so
    // 3 000 in and 2 100 out more; the file replaces its two snapshots with
    // three: in 9 500 + 3 000 = 12 500, out 10 500 + 2 100 = 12 600, still
    // 2 connections and a peak of 2.
    let third = tso_all("16:00:00", &[tso_all_block("0000A001", A001, (12000, 12000), (120, 120), "07:00:00")]);
    dir.write("tree/2026-05-03/SYSA/netstat.txt", appended_all_runs() + &third);
    let said = ingest_with(&dir, &[], "tree");
    // It begins with the whole of the two runs ingested: grown by one run,
    // nothing lost (before: "changed ... whose rows leave the inventory; to
    // keep every run, give each run's output a name of its own"; review 17b F13).
    assert!(
        said.contains(
            "netstat.txt: note: grew since it was ingested: it begins with the whole of what it held (SYSA \
             2026-05-03), followed by 1 capture run appended: it is read whole again, what it held with it, and \
             nothing is lost\n"
        ),
        "{said}"
    );
    assert!(!said.contains("changed since it was ingested"), "{said}");
    assert_eq!(
        report(&dir, &["capacity"], &day),
        "date,snapshots,connections,peak_connections,bytes_in,bytes_out\n2026-05-03,3,2,2,12500,12600\n"
    );
    assert_eq!(dir.csv("SELECT count(*) AS n FROM snapshots"), "n\n3\n");
    // Gone from the tree and forgotten: every snapshot of it goes.
    std::fs::remove_file(dir.path("tree/2026-05-03/SYSA/netstat.txt")).unwrap();
    dir.write("tree/2026-05-04/SYSA/systsprt.txt", eight());
    ingest_with(&dir, &["--prune-missing"], "tree");
    assert_eq!(
        dir.csv("SELECT capture_date, count(*) AS n FROM snapshots GROUP BY 1"),
        "capture_date,n\n2026-05-04,1\n"
    );
    assert_eq!(
        report(&dir, &["capacity"], &day),
        "date,snapshots,connections,peak_connections,bytes_in,bytes_out\n2026-05-04,1,1,1,1000,2000\n"
    );
}

#[test]
fn a_later_report_of_another_kind_that_prints_nothing_again_is_the_same_run() {
    // `NETSTAT ALL` at 08:00:00, then `NETSTAT TTLS` at 12:00:00 appended:
    // nothing is printed twice, so nothing is counted twice or dropped, and
    // the file is one run, as two files of one folder without a time in
    // their names are (see README): one snapshot at 08:00:00 in which
    // 0000A001 (TTLSPolicy Yes) negotiated TLSv1.2.
    let dir = TestDir::new();
    let all = all_block("CICSPRD1", "0000A001", "10.1.1.2..443", A001, (1000, 2000), "05/04/2026", "Establsh", "Yes");
    let header = |time: &str| HEADER.replace("08:00:01", time);
    let text = format!(
        "NETSTAT ALL\n{}\n{all}READY\nNETSTAT TTLS\n{}\n{}READY\n",
        header("08:00:00"),
        header("12:00:00"),
        ttls_entry("0000a001", "10.1.1.2..443", A001)
    );
    dir.write("tree/2026-05-04/SYSA/systsprt.txt", text);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        dir.csv(
            "SELECT v.captured_at, c.report_count, v.conn_id, v.tls_state FROM v_connections v
             JOIN connections c USING (connection_id)"
        ),
        "captured_at,report_count,conn_id,tls_state\n2026-05-04T08:00:00,2,0000A001,negotiated\n"
    );
}

#[test]
fn a_run_appended_in_the_same_second_is_a_snapshot_of_its_own() {
    // A SYSTSPRT written with DISP=MOD: the 08:00:01 run's `NETSTAT ALL`
    // (header on line 1, two blocks of 7 lines), then the next run's (header
    // on line 16, nothing between), both of FTPD1's connections 0000A001
    // (BytesIn 1 000, then 1 500) and 0000A002 (2 000 both times). The next
    // run started at 08:00:05, or in the same second (08:00:01): a header
    // repeated with nothing between is a page break only while its page
    // prints none of the report's connections again, and this one prints
    // both. So two ALL reports (lines 1-15 and 16-30) either way, and the
    // second begins another run: two snapshots. By hand, 08:00:05: both 2
    // March, 0000A001 moved 1 000 then 500, 0000A002 2 000 then 0: bytes in
    // 3 500, 2 connections, a peak of 2. In the same second: two runs of a
    // data set printed at one time are a day apart (review 17b F9), the
    // last on 2 March, the first on 1 March: 1 March 1 000 + 2 000 = 3 000
    // in, 2 March 500 + 0. Before: one snapshot, the second print of
    // 0000A001 merged into the first's row (bytes in 3 000).
    let block = |conn: &str, foreign: &str, bytes_in: u64| {
        all_block("FTPD1", conn, "10.1.1.2..21", foreign, (bytes_in, 10), "03/01/2026", "Establsh", "No")
    };
    let run = |time: &str, bytes_in: u64| {
        let blocks = [block("0000A001", "10.9.9.1..50001", bytes_in), block("0000A002", "10.9.9.2..50002", 2000)];
        format!("{}\n{}", HEADER.replace("08:00:01", time), blocks.concat())
    };
    for next in ["08:00:05", "08:00:01"] {
        for part_size in READS {
            let case = format!("{next} {part_size:?}");
            let (first_day, days) = if next == "08:00:01" {
                (1, "2026-03-01,1,2,2,3000\n2026-03-02,1,2,2,500\n")
            } else {
                (2, "2026-03-02,2,2,2,3500\n")
            };
            let dir = TestDir::new();
            let text = run("08:00:01", 1000) + &run(next, 1500);
            dir.write("tree/2026-03-02/SYSA/systsprt.txt", written_for(part_size, &text));
            let said = ingest_with(&dir, part_size, "tree");
            assert!(
                said.contains(&format!(
                    "systsprt.txt: note: line 16: this ALL report of stack TCPIP ({next}) prints again a connection, \
                     group action or rule the ALL report at line 1 printed"
                )),
                "{case}: {said}"
            );
            assert!(said.contains("reports: 2 ALL; 2 snapshots, 4 connection rows"), "{case}: {said}");
            assert_eq!(
                dir.csv(
                    "SELECT k.report_kind, k.first_line, k.last_line, s.captured_at FROM captures k
                     JOIN snapshots s USING (snapshot_id) ORDER BY k.first_line"
                ),
                format!(
                    "report_kind,first_line,last_line,captured_at\nALL,1,15,2026-03-0{first_day}T08:00:01\n\
                     ALL,16,30,2026-03-02T{next}\n"
                ),
                "{case}"
            );
            assert_eq!(
                report(&dir, &["capacity"], &["date", "snapshots", "connections", "peak_connections", "bytes_in"]),
                format!("date,snapshots,connections,peak_connections,bytes_in\n{days}"),
                "{case}"
            );
        }
    }
}

#[test]
fn two_pasearch_dumps_appended_to_one_file_are_two_runs_and_their_change_is_drift() {
    // `pasearch -t` at 08:00:30 (its `Time:`), CICS-ENV listing
    // v3CipherSuites C02F and 000A, then `pasearch -t` at 12:00:30 appended
    // to the same file of 5 March on SYSA, C02F alone: 000A was taken out in
    // between. The second dump prints rule CICS-RULE again (a dump prints
    // each rule once), so it is another run: two snapshots, and the change is
    // drift from the first to the second. The first dump is 48 lines (the
    // 47 of one dump and the 000A line), so the second's header is line 49.
    // Before: one snapshot; the second dump's C02F kept as the value of
    // another report (`V3CipherSuites (other report)`), no drift.
    let c02f = "      C02F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n";
    let first =
        pasearch_cics_alone("03/05/2026").replace(c02f, &format!("{c02f}      000A  TLS_RSA_WITH_3DES_EDE_CBC_SHA\n"));
    let second = pasearch_cics_alone("03/05/2026").replace("Time:  08:00:30", "Time:  12:00:30");
    assert_eq!(first.lines().count(), 48);
    let dir = TestDir::new();
    dir.write("tree/2026-03-05/SYSA/pasearch.txt", first + &second);
    let said = ingest_with(&dir, &[], "tree");
    assert!(
        said.contains(
            "pasearch.txt: note: line 49: this PASEARCH report of stack TCPIP (12:00:30) prints again a connection, \
             group action or rule the PASEARCH report at line 1 printed"
        ),
        "{said}"
    );
    assert_eq!(
        dir.csv("SELECT captured_at FROM snapshots ORDER BY 1"),
        "captured_at\n2026-03-05T08:00:30\n2026-03-05T12:00:30\n"
    );
    assert_eq!(dir.csv("SELECT count(*) AS n FROM attributes WHERE key LIKE '%(other report)'"), "n\n0\n");
    assert_eq!(
        report(&dir, &["policy-drift"], &["before", "after", "name", "setting", "change", "old_value", "new_value"]),
        "before,after,name,setting,change,old_value,new_value
2026-03-05T08:00:30,2026-03-05T12:00:30,CICS-ENV,V3CipherSuites,changed,C02F 000A,C02F
"
    );
}

#[test]
fn the_ingest_summary_counts_rows_of_a_connection_seen_by_four_runs() {
    // CICSPRD1's 0000A001 from 10.30.5.22..60845, started 2 May 07:00,
    // printed by the 08:00, 10:00, 12:00 and 14:00 runs of 3 May (a file
    // each, the run's time in its name), BytesIn 1 000 more each run. By
    // hand: 4 snapshots of one connection, a row in each; coverage and
    // capacity count 1 connection (the summary said `4 connections` before).
    let dir = TestDir::new();
    for (n, time) in ["08:00:00", "10:00:00", "12:00:00", "14:00:00"].into_iter().enumerate() {
        let bytes = 1000 * (n as u64 + 1);
        let block = tso_all_block("0000A001", "10.30.5.22..60845", (bytes, bytes), (10, 10), "07:00:00");
        let name = time.replace(':', "");
        dir.write(&format!("tree/2026-05-03/SYSA/ALL.T{name}.txt"), tso_all(time, &[block]));
    }
    let said = ingest_with(&dir, &[], "tree");
    assert!(said.ends_with("4 snapshots, 4 connection rows, 0 TLS session rows; 0 problems\n"), "{said}");
    assert_eq!(report(&dir, &["coverage"], &["snapshots", "connections"]), "snapshots,connections\n4,1\n");
    assert_eq!(report(&dir, &["capacity"], &["snapshots", "connections"]), "snapshots,connections\n4,1\n");
}

/// A scheduled `NETSTAT ALL` at 08:00:01 written with DISP=MOD: request
/// (line 1), header (line 2), FTPD1's 0000A001 block (lines 3-9: started
/// 28 February at 07:00, `TTLSPolicy: No`, `BytesIn` / `BytesOut` as given),
/// `READY` (line 10). Ten lines a run.
pub(crate) fn ftp_run(bytes: (u64, u64)) -> String {
    let block =
        all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50001", bytes, "02/28/2026", "Establsh", "No");
    format!("NETSTAT ALL\n{HEADER}\n{block}READY\n")
}

/// The data set downloaded every day into the day's folder: 1 March's copy
/// holds run 1 (1 000 in, 100 out), 2 March's runs 1 and 2 (3 000 / 300),
/// 3 March's runs 1 to 3 (6 000 / 600). Each header prints only 08:00:01.
pub(crate) const DISP_MOD_DAYS: [&str; 3] = ["2026-03-01", "2026-03-02", "2026-03-03"];

/// The copy that holds `runs` runs, as [`READS`] reads it: to be read as a
/// stream, each line padded to 500 characters (a run is 5 010 bytes, more
/// than four parts of 1 KiB).
fn disp_mod_copy(part_size: &[&str], runs: usize) -> String {
    as_read(part_size, [(1000, 100), (3000, 300), (6000, 600)].iter().take(runs).map(|b| ftp_run(*b)).collect())
}

/// `runs` as [`READS`]' `part_size` reads them (see [`disp_mod_copy`]).
fn as_read(part_size: &[&str], runs: String) -> String {
    if part_size.is_empty() {
        return runs;
    }
    runs.lines().map(|line| format!("{line:<500}\n")).collect()
}

#[test]
fn a_disp_mod_data_set_downloaded_every_day_files_each_run_once() {
    // By hand: the copy of 2 March begins with the whole of 1 March's
    // (lines 1-10), that of 3 March with the whole of 2 March's (lines
    // 1-20): the runs already read. Read after them, each day holds its own
    // run: 0000A001 at 08:00:01 with 1 000 / 100, then 3 000 / 300, then
    // 6 000 / 600, the same connection (conn id, sockets, start): it moved
    // 1 000 / 100 on 1 March (first seen: its whole counters; started on 28
    // February, started_earlier 1), 2 000 / 200 on 2 March, 3 000 / 300 on
    // 3 March; segments 10 / 10 on the first day, 0 after. TTLSPolicy No:
    // one cleartext connection on port 21, 6 000 + 600 = 6 600 clear bytes
    // over three dates. Before: 3 March read runs 1-3 as its own, 1 000 was
    // below 2 March's 3 000 (a fall: a new connection), so 6 000 bytes in,
    // and 2 clear connections, 9 900 clear bytes.
    let capacity = "date,job,port,snapshots,connections,peak_connections,bytes_in,bytes_out,segments_in,segments_out,\
top_peer,started_earlier
2026-03-01,FTPD1,21,1,1,1,1000,100,10,10,10.9.9.9,1
2026-03-02,FTPD1,21,1,1,1,2000,200,0,0,10.9.9.9,0
2026-03-03,FTPD1,21,1,1,1,3000,300,0,0,10.9.9.9,0
";
    let cleartext = "job,port,clear_connections,clear_bytes,first_seen,last_seen,dates
FTPD1,21,1,6600,2026-03-01,2026-03-03,3
";
    let clear_columns = ["job", "port", "clear_connections", "clear_bytes", "first_seen", "last_seen", "dates"];
    let path = |dir: &TestDir, day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"));
    let note = |dir: &TestDir, day: usize| {
        let (last, earlier) = (day * 10, path(dir, DISP_MOD_DAYS[day - 1]));
        format!(
            "{}: note: lines 1 to {last} are the whole of {}, byte for byte: the runs ingested from it already (a \
             data set written with DISP=MOD and downloaded again: each copy holds the runs of the copies before \
             it), so only the lines from {} on are read, as the runs after it. If they are new runs that \
             print the very same text, ingest this file where {} is not",
            path(dir, DISP_MOD_DAYS[day]).display(),
            earlier.display(),
            last + 1,
            earlier.display()
        )
    };
    for part_size in READS {
        let case = format!("{part_size:?}");
        // All three copies in one ingest, and one a day as they come.
        for daily in [false, true] {
            let dir = TestDir::new();
            for (runs, day) in DISP_MOD_DAYS.iter().enumerate() {
                dir.write(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"), disp_mod_copy(part_size, runs + 1));
                if daily {
                    let said = ingest_with(&dir, part_size, "tree");
                    assert!(runs == 0 || said.contains(&note(&dir, runs)), "{case}: {said}");
                }
            }
            let said = ingest_with(&dir, part_size, "tree");
            if !daily {
                assert!(said.contains(&note(&dir, 1)) && said.contains(&note(&dir, 2)), "{case}: {said}");
                assert!(said.contains("3 files: 3 ingested"), "{case}: {said}");
            }
            // Ingested again unchanged: nothing new.
            assert!(said.contains("3 files: 0 ingested, 3 unchanged") || !daily, "{case}: {said}");
            let said = ingest_with(&dir, part_size, "tree");
            assert!(said.contains("3 files: 0 ingested, 3 unchanged"), "{case}: {said}");
            assert_eq!(
                dir.csv(
                    "SELECT s.captured_at, first_line, last_line FROM capture_rows JOIN snapshots s USING (snapshot_id) \
                     ORDER BY 1"
                ),
                "captured_at,first_line,last_line\n2026-03-01T08:00:01,2,9\n2026-03-02T08:00:01,12,19\n\
                 2026-03-03T08:00:01,22,29\n",
                "{case} {daily}"
            );
            assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity, "{case} {daily}");
            assert_eq!(report(&dir, &["cleartext"], &clear_columns), cleartext, "{case} {daily}");
            let files = report(&dir, &["files"], &["outcome", "reason"]);
            assert_eq!(
                files,
                format!(
                    "outcome,reason\ningested,\ningested,\"read from line 11: lines 1 to 10 are {}, read before it\"\n\
                     ingested,\"read from line 21: lines 1 to 20 are {}, read before it\"\n",
                    path(&dir, DISP_MOD_DAYS[0]).display(),
                    path(&dir, DISP_MOD_DAYS[1]).display()
                ),
                "{case} {daily}"
            );
        }
    }
}

#[test]
fn a_copy_that_ends_inside_a_report_is_the_earlier_copy_and_the_rest_of_its_run_is_not_the_next_days() {
    // Review 17b F1. By hand: 1 March's copy was cut after line 5 (the
    // BytesIn line of 0000A001's block, 1 000 / 100, whose report begins
    // with its header at line 2). 2 March's copy begins with those 5 lines
    // byte for byte: 1 March's copy is its earlier copy, and the ALL report
    // it ends inside (lines 2-9 here) is the rest of run 1, printed on 1
    // March: not read. 2 March holds run 2 alone (lines 12-19, 3 000 /
    // 300): 2 ALL reports in all, 0000A001 moved 2 000 / 200 on 2 March.
    // Before: 2 March's read whole, run 1 counted again on 2 March (3 ALL).
    let dir = TestDir::new();
    let whole = ftp_run((1000, 100)) + &ftp_run((3000, 300));
    let cut: String = whole.lines().take(5).map(|line| format!("{line}\n")).collect();
    dir.write("tree/2026-03-01/SYSA/NETSTAT.OUT.txt", &cut);
    dir.write("tree/2026-03-02/SYSA/NETSTAT.OUT.txt", &whole);
    // 1 March's cut block is a problem (exit 3), said apart.
    let said = stderr(&dir.run(&["ingest", dir.path("tree").to_str().unwrap()]));
    let shown = |day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt")).display().to_string();
    let (first, second) = (shown("2026-03-01"), shown("2026-03-02"));
    let note = format!(
        "{second}: note: lines 1 to 5 are the whole of {first}, byte for byte, which ends inside the report that \
         begins at line 2 (cut short): the runs ingested from it already"
    );
    assert!(said.contains(&note), "{said}");
    let rest = format!(
        "{second}: note: lines 2 to 9 are the rest of the capture run that {first} ends inside (the run its line 2 \
         begins): reports printed after that copy was downloaded or cut short, of that run on its date, not of \
         this file's: not read"
    );
    assert!(said.contains(&rest), "{said}");
    assert!(said.contains("reports: 2 ALL"), "{said}");
    assert_eq!(dir.csv(FILE_LINES), "capture_date,lines\n2026-03-01,2-5\n2026-03-02,12-19\n");
    assert_eq!(
        report(&dir, &["capacity"], &["date", "snapshots", "bytes_in", "bytes_out"]),
        "date,snapshots,bytes_in,bytes_out\n2026-03-01,1,1000,100\n2026-03-02,1,2000,200\n"
    );
}

#[test]
fn a_copy_after_one_cut_short_is_read_after_it_without_the_rest_of_the_cut_run() {
    // By hand: 1 March's copy holds run 1 (lines 1-10: 0000A001 1 000 /
    // 100). 2 March's was downloaded while run 2 was being written: run 1,
    // then run 2's request (line 11) and header (line 12), no block. 3
    // March's holds runs 1 to 3 (30 lines). Its lines 1-12 are the whole of
    // 2 March's copy, which ends inside the report of line 12 (lines 12-19
    // here, run 2, begun at line 12): its earlier copy (review 17b F1), and
    // lines 12-19 the rest of run 2, of 2 March: not read. 3 March holds
    // run 3 alone (lines 22-29, 6 000 / 600), one snapshot. 2 March's header
    // prints no connection, so 0000A001's last print before 3 March is 1
    // March's: it moved 6 000 - 1 000 = 5 000 in, 600 - 100 = 500 out on 3
    // March, segments 10 - 10 = 0. Before: 3 March was read after 1 March's
    // copy, two snapshots (run 2 of 2 March counted on 3 March); before
    // that, read whole, three. Read whole, and as a stream.
    for part_size in READS {
        cut_short_then_whole(part_size);
    }
}

fn cut_short_then_whole(part_size: &[&str]) {
    let dir = TestDir::new();
    let copy = disp_mod_copy(part_size, 3);
    let first: String = copy.lines().take(12).map(|line| format!("{line}\n")).collect();
    dir.write("tree/2026-03-01/SYSA/NETSTAT.OUT.txt", disp_mod_copy(part_size, 1));
    dir.write("tree/2026-03-02/SYSA/NETSTAT.OUT.txt", &first);
    dir.write("tree/2026-03-03/SYSA/NETSTAT.OUT.txt", &copy);
    let tree = dir.path("tree");
    let mut args = vec!["ingest"];
    args.extend_from_slice(part_size);
    args.push(tree.to_str().unwrap());
    let said = stderr(&dir.run(&args));
    let shown = |day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt")).display().to_string();
    let (second, third) = (shown("2026-03-02"), shown("2026-03-03"));
    let cut = format!(
        "{third}: note: lines 1 to 12 are the whole of {second}, byte for byte, which ends inside the report that \
         begins at line 12 (cut short): the runs ingested from it already"
    );
    assert!(said.contains(&cut), "{said}");
    let rest = format!(
        "{third}: note: lines 12 to 19 are the rest of the capture run that {second} ends inside (the run its line \
         12 begins)"
    );
    assert!(said.contains(&rest), "{said}");
    assert_eq!(
        dir.csv(FILE_LINES),
        "capture_date,lines\n2026-03-01,2-9\n2026-03-02,12-12\n2026-03-03,22-29\n",
        "{part_size:?}"
    );
    assert_eq!(
        report(&dir, &["capacity"], &CAPACITY),
        capacity_rows(
            "2026-03-01,FTPD1,21,1,1,1,1000,100,10,10,10.9.9.9,1\n2026-03-03,FTPD1,21,1,1,1,5000,500,0,0,10.9.9.9,0\n"
        ),
        "{part_size:?}"
    );
}

/// Asserts that 2 March's copy in `dir` (whose ingest said `said`) is a
/// duplicate of 1 March's, said with what to do, 2 March not captured, and
/// 3 March's copy read after 1 March's from line `from` (worked out by the
/// test that calls it).
fn assert_the_day_the_job_did_not_run(dir: &TestDir, said: &str, (from, first): (u32, &str), part_size: &[&str]) {
    let path = |day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt")).display().to_string();
    let why = format!(
        "same content as {}, whose reports print their times: the same runs, not runs of this date (a data set \
         written with DISP=MOD that did not grow since: did the job run?), so this date is not captured by it; if \
         the job ran and printed the very same text, ingest this file where {} is not",
        path("2026-03-01"),
        path("2026-03-01")
    );
    assert!(said.contains(&format!("{}: note: {why}: skipped", path("2026-03-02"))), "{part_size:?}: {said}");
    assert!(said.contains("3 files: 2 ingested, 0 unchanged, 1 duplicate"), "{part_size:?}: {said}");
    let files_expected = format!(
        "outcome,reason\ningested,\nduplicate,\"{why}\"\ningested,\"read from line {from}: lines 1 to {} are {}, \
         read before it\"\n",
        from - 1,
        path("2026-03-01")
    );
    assert_eq!(report(dir, &["files"], &["outcome", "reason"]), files_expected, "{part_size:?}");
    assert_eq!(
        report(dir, &["coverage"], &["date", "status"]),
        format!("date,status\n{first}2026-03-01,captured\n2026-03-02,missing\n2026-03-03,captured\n"),
        "{part_size:?}"
    );
}

#[test]
fn a_copy_the_same_as_the_day_befores_is_that_days_runs_not_a_capture_of_its_own() {
    // By hand: 1 March's copy holds runs 1 and 2 appended (lines 1-20,
    // headers 08:00:01, 0000A001 1 000 / 100 then 3 000 / 300; printed at
    // one time, the runs are a day apart, review 17b F9: run 1 of 28
    // February, whole counters 1 000 / 100, 0000A001 started that day;
    // run 2 of 1 March, 2 000 / 200 of growth). The job did not run on 2 March: that day's copy is the same
    // 20 lines, byte for byte, runs whose headers print a time: 1 March's
    // runs, the same observations, no capture of 2 March (coverage
    // `missing`: no capture of the day between the first and the last). 3
    // March's holds runs 1 to 3 (6 000 / 600): read after 1 March's copy,
    // from line 21; 0000A001 moved 6 000 - 3 000 = 3 000 in, 600 - 300 =
    // 300 out on 3 March. Before: 2 March was a captured day holding 1
    // March's runs, without a word. Read whole, and as a stream.
    for part_size in READS {
        let dir = TestDir::new();
        for (day, runs) in [("2026-03-01", 2), ("2026-03-02", 2), ("2026-03-03", 3)] {
            dir.write(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"), disp_mod_copy(part_size, runs));
        }
        let said = ingest_with(&dir, part_size, "tree");
        assert_the_day_the_job_did_not_run(&dir, &said, (21, "2026-02-28,captured\n"), part_size);
        assert_eq!(
            report(&dir, &["capacity"], &CAPACITY),
            capacity_rows(
            "2026-02-28,FTPD1,21,1,1,1,1000,100,10,10,10.9.9.9,0\n2026-03-01,FTPD1,21,1,1,1,2000,200,0,0,10.9.9.9,0\n\
             2026-03-03,FTPD1,21,1,1,1,3000,300,0,0,10.9.9.9,0\n"
        ),
            "{part_size:?}"
        );
    }
}

#[test]
fn a_copy_of_one_run_the_same_as_the_day_befores_is_that_days_run_not_a_capture_of_its_own() {
    // Review 13a R13a-3. By hand: 1 March's copy is run 1 (lines 1-17,
    // header 08:00:01): FTPD1's 0000A001 (10.9.9.9, 1 000 / 100) and
    // 0000A002 (10.9.9.8, 5 000 / 500), both started 28 February, first
    // seen: 6 000 / 600 moved, segments 10 + 10 each way, 2 started
    // earlier, top peer 10.9.9.8 (5 500 bytes). The job did not run on 2
    // March: its copy is the same 17 lines, a report that prints a time
    // and counters (a run of 2 March would print its own), so 1 March's
    // run, not 2 March's: no capture of 2 March (coverage `missing`), said
    // with what to do. 3 March's copy is run 1
    // then run 2 (lines 18-27: 0000A001 alone, 3 000 / 300), read after 1
    // March's copy from line 18: 3 000 - 1 000 = 2 000 in, 300 - 100 =
    // 200 out, no segments moved, 0000A002 gone. Before: 2 March was a
    // captured day, 1 snapshot of both connections, without a word. Read
    // whole, and as a stream.
    let run1 = format!(
        "NETSTAT ALL\n{HEADER}\n{}{}READY\n",
        all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50001", (1000, 100), "02/28/2026", "Establsh", "No"),
        all_block("FTPD1", "0000A002", "10.1.1.2..21", "10.9.9.8..50002", (5000, 500), "02/28/2026", "Establsh", "No")
    );
    for part_size in READS {
        let dir = TestDir::new();
        for (day, text) in [
            ("2026-03-01", run1.clone()),
            ("2026-03-02", run1.clone()),
            ("2026-03-03", run1.clone() + &ftp_run((3000, 300))),
        ] {
            dir.write(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"), as_read(part_size, text));
        }
        let said = ingest_with(&dir, part_size, "tree");
        assert_the_day_the_job_did_not_run(&dir, &said, (18, ""), part_size);
        assert_eq!(dir.csv(FILE_LINES), "capture_date,lines\n2026-03-01,2-16\n2026-03-03,19-26\n", "{part_size:?}");
        assert_eq!(
            report(&dir, &["capacity"], &CAPACITY),
            capacity_rows(
                "2026-03-01,FTPD1,21,1,2,2,6000,600,20,20,10.9.9.8,2\n2026-03-03,FTPD1,21,1,1,1,2000,200,0,0,10.9.9.9,0\n"
            ),
            "{part_size:?}"
        );
    }
}

/// A run of CSQ9CHIN's 000000BB (started 28 February, a rule matched) with
/// `bytes`: `NETSTAT ALL` at 08:00:01 (lines 1-10: echo, header, 7-line
/// block, READY), then `NETSTAT TTLS CONN 000000BB DETAIL` (lines 11-21:
/// echo, a header with no time, the 8-line entry, READY): TLSv1.2 003C.
fn mq_run(bytes: (u64, u64)) -> String {
    let (local, remote) = ("10.1.1.2..1414", "10.1.0.2..51844");
    let block = all_block("CSQ9CHIN", "000000BB", local, remote, bytes, "02/28/2026", "Establsh", "Yes");
    let entry = ttls_session("000000bb", "CSQ9CHIN", local, remote, "003C TLS_RSA_WITH_AES_128_CBC_SHA256");
    format!(
        "NETSTAT ALL\n{HEADER}\n{block}READY\nNETSTAT TTLS CONN 000000BB DETAIL\n\
         MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP\n{entry}READY\n"
    )
}

#[test]
fn a_copy_downloaded_between_two_reports_of_a_run_leaves_the_rest_of_that_run_out_of_the_next_day() {
    // Review 13a R13a-15. By hand: 1 March's copy was downloaded while run 1
    // was between its commands: lines 1-10 of `mq_run`, the ALL report
    // alone (000000BB 1 000 / 100 at 08:00:01, first seen: its whole
    // counters, started earlier; a rule matched and no TTLS report: TLS not
    // captured). 2 March's copy is run 1 whole (lines 1-21) then run 2
    // (lines 22-42: ALL 3 000 / 300, TTLS 003C). It begins with 1 March's
    // ten lines; lines 12-20 (the TTLS report, no time) are the rest of run
    // 1, which 1 March's line 2 begins: printed on 1 March, not read as 2
    // March's. 2 March holds run 2 alone: 1 snapshot at 08:00:01 of 2
    // reports, 3 000 - 1 000 = 2 000 in, 300 - 100 = 200 out, negotiated
    // TLSv1.2. Before: lines 12-20 were a snapshot of 2 March of their own,
    // with no time (2 snapshots). Read whole, and as a stream.
    // Review 17b F16: the same when the TTLS header prints a time, 08:00:05,
    // four seconds after the run's ALL (before: read as 2 March's, a
    // snapshot of its own at 08:00:05, 2 March's TLS counted from it).
    for (part_size, time) in READS.into_iter().flat_map(|p| [(p, ""), (p, "           08:00:05")]) {
        let dir = TestDir::new();
        let path = |day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt")).display().to_string();
        let run = |bytes| timed(&mq_run(bytes), time);
        let first: String = run((1000, 100)).lines().take(10).map(|line| format!("{line}\n")).collect();
        dir.write("tree/2026-03-01/SYSA/NETSTAT.OUT.txt", as_read(part_size, first));
        dir.write("tree/2026-03-02/SYSA/NETSTAT.OUT.txt", as_read(part_size, run((1000, 100)) + &run((3000, 300))));
        let said = ingest_with(&dir, part_size, "tree");
        let rest = format!(
            "{}: note: lines 12 to 20 are the rest of the capture run that {} ends inside (the run its line 2 \
             begins): reports printed after that copy was downloaded or cut short, of that run on its date, not of \
             this file's: not read, so neither date counts them; to have them, put in place of {} a copy downloaded once its run \
             had ended (this file is then read again after it)",
            path("2026-03-02"),
            path("2026-03-01"),
            path("2026-03-01")
        );
        assert!(said.contains(&rest), "{part_size:?}: {said}");
        assert_eq!(
            dir.csv("SELECT captured_at, report_count FROM snapshots ORDER BY 1"),
            "captured_at,report_count\n2026-03-01T08:00:01,1\n2026-03-02T08:00:01,2\n",
            "{part_size:?}"
        );
        assert_eq!(
            report(&dir, &["capacity"], &CAPACITY),
            capacity_rows(
                "2026-03-01,CSQ9CHIN,1414,1,1,1,1000,100,10,10,10.1.0.2,1\n\
                 2026-03-02,CSQ9CHIN,1414,1,1,1,2000,200,0,0,10.1.0.2,0\n"
            ),
            "{part_size:?}"
        );
        assert_eq!(
            report(&dir, &["tls-adoption"], &["date", "connections", "tls_connections", "tls_not_captured", "tlsv1_2"]),
            "date,connections,tls_connections,tls_not_captured,tlsv1_2\n2026-03-01,1,0,1,0\n2026-03-02,1,1,0,1\n",
            "{part_size:?}"
        );
    }
}

/// `run` (see [`mq_run`]) with its TTLS header printing `time` after the
/// stack's name (none when empty).
fn timed(run: &str, time: &str) -> String {
    run.replace("TCPIP Name: TCPIP\n", &format!("TCPIP Name: TCPIP{time}\n"))
}

#[test]
fn a_copy_cut_inside_a_ttls_report_and_its_whole_retry_leave_that_run_on_its_own_day() {
    // Review 17b F1 and its variant. By hand, runs of `mq_run` whose TTLS
    // header prints 08:00:05: run k's ALL at lines 2-9 + 21(k - 1), its
    // TTLS at 12-20 + 21(k - 1). 1 March's copy: run 1 (21 lines, 1 000 /
    // 100). 2 March's was cut by a failed transfer after line 36, inside run
    // 2's TTLS entry (header line 33, cut after `LocalSocket:`): ALL 3 000 /
    // 300 read, the entry cut (a problem, exit 3). 3 March's: runs 1 to 3
    // (6 000 / 600). Its lines 1-36 are 2 March's copy byte for byte: the
    // earlier copy; lines 33-41 (the TTLS report it ends inside, the rest of
    // run 2, begun at line 23) are of 2 March: not read; 3 March holds run
    // 3 alone: one snapshot, 6 000 - 3 000 = 3 000 in, 300 out, TLSv1.2.
    // Before: 3 March read after 1 March's copy, runs 2 and 3 (2 snapshots,
    // run 2 counted on both days).
    // The retry: the transfer re-sent 2 March's copy whole beside the cut
    // one (`NETSTAT.OUT.retry.txt`, runs 1-2, 42 lines), arriving with 3
    // March's. It begins with the cut copy, and lines 33-41 are the rest of
    // its run with nothing after them: that run downloaded whole, read as 2
    // March's, a snapshot of its TTLS report at 08:00:05 beside the cut
    // copy's (ALL and the cut TTLS at 08:00:01), said; 2 March then counts
    // 0000BB's session negotiated (1 TLS connection) and its bytes once
    // (2 000 / 200). 3 March as without it.
    for retry in [false, true] {
        let dir = TestDir::new();
        let path = |day: &str, name: &str| dir.path(&format!("tree/{day}/SYSA/{name}")).display().to_string();
        let run = |bytes| timed(&mq_run(bytes), "           08:00:05");
        let two = run((1000, 100)) + &run((3000, 300));
        let cut: String = two.lines().take(36).map(|line| format!("{line}\n")).collect();
        assert!(cut.ends_with("  LocalSocket:  10.1.1.2..1414\n"), "{cut}");
        dir.write("tree/2026-03-01/SYSA/NETSTAT.OUT.txt", run((1000, 100)));
        dir.write("tree/2026-03-02/SYSA/NETSTAT.OUT.txt", &cut);
        assert_eq!(dir.run(&["ingest", dir.path("tree").to_str().unwrap()]).status.code(), Some(3));
        if retry {
            dir.write("tree/2026-03-02/SYSA/NETSTAT.OUT.retry.txt", &two);
        }
        dir.write("tree/2026-03-03/SYSA/NETSTAT.OUT.txt", two.clone() + &run((6000, 600)));
        let said = stderr(&dir.run(&["ingest", dir.path("tree").to_str().unwrap()]));
        let cut_copy = path("2026-03-02", "NETSTAT.OUT.txt");
        let day = if retry {
            let again = format!(
                "{}: note: lines 33 to 41 are the rest of the capture run that {cut_copy} ends inside (the run its \
                 line 23 begins, cut short there), and nothing follows them: that run downloaded again once it had \
                 ended, so they are read from line 33, as this file's date, a snapshot beside the one of {cut_copy}; \
                 to have that run once, put this file in place of {cut_copy}",
                path("2026-03-02", "NETSTAT.OUT.retry.txt")
            );
            assert!(said.contains(&again), "{said}");
            "2026-03-02T08:00:05,1\n"
        } else {
            let note = format!(
                "{}: note: lines 1 to 36 are the whole of {cut_copy}, byte for byte, which ends inside the report \
                 that begins at line 33 (cut short): the runs ingested from it already",
                path("2026-03-03", "NETSTAT.OUT.txt")
            );
            assert!(said.contains(&note), "{said}");
            let rest = format!(
                "{}: note: lines 33 to 41 are the rest of the capture run that {cut_copy} ends inside (the run its \
                 line 23 begins): reports printed after that copy was downloaded or cut short",
                path("2026-03-03", "NETSTAT.OUT.txt")
            );
            assert!(said.contains(&rest), "{said}");
            ""
        };
        assert_eq!(
            dir.csv("SELECT captured_at, report_count FROM snapshots ORDER BY 1"),
            format!(
                "captured_at,report_count\n2026-03-01T08:00:01,2\n2026-03-02T08:00:01,2\n{day}\
                 2026-03-03T08:00:01,2\n"
            ),
            "retry {retry}"
        );
        assert_eq!(
            report(&dir, &["capacity"], &["date", "snapshots", "connections", "bytes_in", "bytes_out"]),
            format!(
                "date,snapshots,connections,bytes_in,bytes_out\n2026-03-01,1,1,1000,100\n2026-03-02,{},1,2000,200\n\
                 2026-03-03,1,1,3000,300\n",
                if retry { 2 } else { 1 }
            ),
            "retry {retry}"
        );
        let tls = report(&dir, &["tls-adoption"], &["date", "connections", "tls_connections", "tlsv1_2"]);
        assert!(tls.ends_with("\n2026-03-03,1,1,1\n"), "retry {retry}: {tls}");
        if retry {
            assert!(tls.contains("\n2026-03-02,1,1,1\n"), "{tls}");
        }
    }
}

#[test]
fn two_pasearch_dumps_of_other_dates_appended_to_one_file_are_two_runs_and_the_later_stands() {
    // Review 17b F18. By hand: 4 March's file holds SYSA's `pasearch -t`
    // dump of 3 March (`Date: 03/03/2026`, CICS-ENV TLSv1.1 On) and, from
    // the line after it, that of 4 March (TLSv1.1 Off). Each prints CICS-RULE
    // once, so no rule is printed twice; their dates differ: two runs, two
    // snapshots, said. The later dump is today's policy: CICS-ENV's
    // protocols on TLSv1.2 alone (TLSv1.1 Off); drift On -> Off from the
    // first to the second. Before: one snapshot, the first print standing
    // (TLSv1.1 On today), the switch back lost.
    let dir = TestDir::new();
    let first = dump("03/03/2026", "On");
    let second_line = first.lines().count() + 1;
    dir.write("tree/2026-03-04/SYSA/pasearch.txt", first + &dump("03/04/2026", "Off"));
    let said = ingest_with(&dir, &[], "tree");
    let note = format!(
        "note: line {second_line}: this PASEARCH dump of stack TCPIP is dated 2026-03-04 08:00:30, the dump at line 1 \
         2026-03-03 08:00:30: each dump prints the date and time it was taken, so a capture run of its own begins \
         here"
    );
    assert!(said.contains(&note), "{said}");
    assert!(said.contains("reports: 2 PASEARCH; 2 snapshots"), "{said}");
    assert_eq!(
        report(&dir, &["policy-drift"], &["name", "setting", "change", "old_value", "new_value"]),
        "name,setting,change,old_value,new_value\nCICS-ENV,TLSV1.1,changed,On,Off\n"
    );
    assert_eq!(
        report(&dir, &["policy-inventory"], &["rule", "env_action", "protocols_on"]),
        "rule,env_action,protocols_on\nCICS-RULE,CICS-ENV,TLSv1.2\n"
    );
}

#[test]
fn a_copy_after_pruned_copies_is_read_after_them() {
    // By hand: 1 March's copy (run 1, 1 000 / 100) and 2 March's (runs 1
    // and 2, lines 1-20, 3 000 / 300) ingested, then pruned (`--before
    // 2026-03-03`): their facts go, prune remembers each file's hash and
    // size. 3 March's copy (runs 1 to 3, 6 000 / 600) arrives after: its
    // lines 1-20 are the whole of the pruned 2 March copy, so it is read
    // from line 21, run 3 alone (lines 22-29): 0000A001 moved 6 000 - 3 000 =
    // 3 000 in, 600 - 300 = 300 out on 3 March, from 2 March's last print
    // (the pruned head), one snapshot. 1 and 2 March keep their summaries
    // (1 000 / 100, 2 000 / 200). Ingested again: unchanged. Before: read
    // whole, 3 snapshots, 1 and 2 March's runs counted again on 3 March.
    let dir = TestDir::new();
    for (runs, day) in DISP_MOD_DAYS.iter().take(2).enumerate() {
        dir.write(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"), disp_mod_copy(&[], runs + 1));
    }
    ingest_with(&dir, &[], "tree");
    let output = dir.run(&["prune", "--before", "2026-03-03"]);
    assert!(output.status.success(), "{}", stderr(&output));
    dir.write("late/2026-03-03/SYSA/NETSTAT.OUT.txt", disp_mod_copy(&[], 3));
    let said = ingest_with(&dir, &[], "late");
    let note = format!(
        "{}: note: lines 1 to 20 are the whole of {}, byte for byte: the runs ingested from it already",
        dir.path("late/2026-03-03/SYSA/NETSTAT.OUT.txt").display(),
        dir.path("tree/2026-03-02/SYSA/NETSTAT.OUT.txt").display()
    );
    assert!(said.contains(&note), "{said}");
    assert_eq!(dir.csv("SELECT first_line, last_line FROM capture_rows"), "first_line,last_line\n22,29\n");
    let capacity = capacity_rows(
        "2026-03-01,FTPD1,21,1,1,1,1000,100,10,10,10.9.9.9,1\n2026-03-02,FTPD1,21,1,1,1,2000,200,0,0,10.9.9.9,0\n\
         2026-03-03,FTPD1,21,1,1,1,3000,300,0,0,10.9.9.9,0\n",
    );
    assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity);
    let said = ingest_with(&dir, &[], "late");
    assert!(said.contains("1 files: 0 ingested, 1 unchanged"), "{said}");
    assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity);
}

#[test]
fn the_files_report_says_the_same_of_pruned_copies_and_of_the_copies_read_after_them() {
    // The three DISP=MOD copies ingested; `prune --before 2026-03-02` (1
    // March's copy pruned), the tree ingested again, `prune --before
    // 2026-03-03` (2 March's too), the tree ingested again. By hand `files`
    // says of each pruned copy, after its prune and after every ingest, the
    // one reason `its day's facts were pruned (ttlsinv prune); ...`, and of 2
    // and 3 March's that their first 10 and 20 lines are the copy before,
    // read before them: true whether that copy is in the inventory or pruned
    // since (before: `..., ingested` of a pruned copy, and the pruned reason
    // worded `its facts were pruned (ttlsinv prune --before 2026-03-02)`
    // after the prune, `its day's facts were pruned (ttlsinv prune)` after
    // the next ingest). Capacity stays 1 000/100, 2 000/200, 3 000/300.
    let dir = TestDir::new();
    for (runs, day) in DISP_MOD_DAYS.iter().enumerate() {
        dir.write(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"), disp_mod_copy(&[], runs + 1));
    }
    ingest_with(&dir, &[], "tree");
    let capacity = report(&dir, &["capacity"], &CAPACITY);
    let path = |day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt")).display().to_string();
    let pruned = "pruned,its day's facts were pruned (ttlsinv prune); `ttlsinv ingest --restore-pruned` reads it again";
    let after = |lines: usize, day: &str| {
        format!("ingested,\"read from line {}: lines 1 to {lines} are {}, read before it\"", lines + 1, path(day))
    };
    let files =
        |first: &str, second: &str| format!("outcome,reason\n{first}\n{second}\n{}\n", after(20, DISP_MOD_DAYS[1]));
    for (before, second) in [("2026-03-02", after(10, DISP_MOD_DAYS[0])), ("2026-03-03", pruned.to_string())] {
        let output = dir.run(&["prune", "--before", before]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(report(&dir, &["files"], &["outcome", "reason"]), files(pruned, &second), "{before}");
        ingest_with(&dir, &[], "tree");
        assert_eq!(report(&dir, &["files"], &["outcome", "reason"]), files(pruned, &second), "{before}");
        assert_eq!(report(&dir, &["capacity"], &CAPACITY), capacity, "{before}");
    }
}

#[test]
fn copies_ingested_newest_first_are_read_again_after_each_earlier_one() {
    // By hand: the three copies of DISP_MOD_DAYS arrive newest first, one
    // ingest each: a/ 3 March's (runs 1-3), b/ 2 March's (runs 1-2), c/ 1
    // March's (run 1). 3 March's is read whole first (nothing earlier). 2
    // March's, ingested next, is the whole of 3 March's lines 1-20: 3
    // March's is read again after it, from line 21 (said on both). 1 March's
    // is the whole of 2 March's lines 1-10: 2 March's is read again from line
    // 11, and 3 March's, read after it, again from line 21. In the end, as
    // in order: one run a day (lines 2-9, 12-19, 22-29), 1 000 / 100, 2 000
    // / 200, 3 000 / 300 moved. Before: 3 March kept runs 1-3 and 2 March
    // runs 1-2 (counters going back from 3 000 to 1 000 on 3 March).
    let dir = TestDir::new();
    let path = |root: &str, day: &str| dir.path(&format!("{root}/{day}/SYSA/NETSTAT.OUT.txt")).display().to_string();
    let roots = [("a", 2), ("b", 1), ("c", 0)];
    for (root, day) in roots {
        dir.write(&format!("{root}/{}/SYSA/NETSTAT.OUT.txt", DISP_MOD_DAYS[day]), disp_mod_copy(&[], day + 1));
    }
    ingest_with(&dir, &[], "a");
    let said = ingest_with(&dir, &[], "b");
    let (b, a) = (path("b", DISP_MOD_DAYS[1]), path("a", DISP_MOD_DAYS[2]));
    let again = |later: &str, earlier: &str| {
        format!(
            "{later}: note: read again: it begins with the whole of {earlier}, ingested now (an earlier copy of the \
             data set that arrived after this one, or comes after it in the walk): it is read after it"
        )
    };
    assert!(said.contains(&again(&a, &b)), "{said}");
    let begins =
        format!("{b}: note: {a}, ingested earlier, begins with the whole of this file: it is read again after it");
    assert!(said.contains(&begins), "{said}");
    let said = ingest_with(&dir, &[], "c");
    assert!(said.contains(&again(&b, &path("c", DISP_MOD_DAYS[0]))), "{said}");
    assert_eq!(dir.csv(FILE_LINES), "capture_date,lines\n2026-03-01,2-9\n2026-03-02,12-19\n2026-03-03,22-29\n");
    assert_eq!(
        report(&dir, &["capacity"], &CAPACITY),
        capacity_rows(
            "2026-03-01,FTPD1,21,1,1,1,1000,100,10,10,10.9.9.9,1\n2026-03-02,FTPD1,21,1,1,1,2000,200,0,0,10.9.9.9,0\n2026-03-03,FTPD1,21,1,1,1,3000,300,0,0,10.9.9.9,0\n"
        )
    );
}

#[test]
fn a_later_copy_is_read_again_when_the_earlier_one_changes_or_leaves() {
    // By hand, from the three copies of DISP_MOD_DAYS ingested: 1 March's
    // copy is downloaded again holding another run 1 (BytesIn 500, BytesOut
    // 50). 2 March's copy no longer begins with it: it is read again, whole
    // (its lines 2-9 and 12-19: runs 1 and 2, both at 08:00:01); 3 March's
    // still begins with 2 March's, unchanged: lines 22-29 only. Then 2
    // March's copy is deleted and forgotten (--prune-missing): 3 March's is
    // read again whole (lines 2-9, 12-19 and 22-29).
    let dir = TestDir::new();
    for (runs, day) in DISP_MOD_DAYS.iter().enumerate() {
        dir.write(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"), disp_mod_copy(&[], runs + 1));
    }
    ingest_with(&dir, &[], "tree");
    let path = |day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt"));
    let lines = "SELECT f.capture_date, group_concat(c.first_line || '-' || c.last_line, ' ') AS lines
                 FROM capture_files f JOIN capture_rows c USING (file_id) GROUP BY f.file_id ORDER BY 1";
    dir.write("tree/2026-03-01/SYSA/NETSTAT.OUT.txt", ftp_run((500, 50)));
    let said = ingest_with(&dir, &[], "tree");
    let again = |earlier: &str, what: &str| {
        format!(
            "read again: it was read after the lines of {} it begins with, which {what}: it is read whole now, or \
             after that file as it is now if it still begins with it",
            path(earlier).display()
        )
    };
    let note = format!("{}: note: {}", path("2026-03-02").display(), again("2026-03-01", "changed"));
    assert!(said.contains(&note), "{said}");
    assert!(!said.contains(&format!("{}: note: read again", path("2026-03-03").display())), "{said}");
    assert_eq!(dir.csv(lines), "capture_date,lines\n2026-03-01,2-9\n2026-03-02,2-9 12-19\n2026-03-03,22-29\n");
    std::fs::remove_file(path("2026-03-02")).unwrap();
    let said = ingest_with(&dir, &[], "tree");
    assert!(!said.contains("read again"), "without --prune-missing the rows stay: {said}");
    let said = ingest_with(&dir, &["--prune-missing"], "tree");
    let note =
        format!("{}: note: {}", path("2026-03-03").display(), again("2026-03-02", "left the tree (--prune-missing)"));
    assert!(said.contains(&note), "{said}");
    assert_eq!(dir.csv(lines), "capture_date,lines\n2026-03-01,2-9\n2026-03-03,2-9 12-19 22-29\n");
}

#[test]
fn a_file_that_begins_with_an_earlier_one_of_timeless_reports_is_read_whole() {
    // By hand: 1 March's file holds `NETSTAT TTLS GROUP` (request line 1,
    // header line 2, which prints no time, the group lines 3-5) and `READY`
    // (line 6); 2 March's holds the same six lines, then `NETSTAT ALL` with
    // FTPD1's run (lines 7-16). Its TTLS GROUP text is 2 March's own (the
    // same policy printed again): nothing tells it is 1 March's print, so
    // 2 March's file is read whole, both reports (lines 3-5 and 8-15 of
    // their bodies: the group report at line 2, the ALL at line 8).
    let dir = TestDir::new();
    let group = "NETSTAT TTLS GROUP
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP         
TTLSGrpAction                             Group ID           Conns
----------------------------------------  -----------------  -----
FTP-GROUP-ACTION                          0000003F               0
READY
";
    dir.write("tree/2026-03-01/SYSA/NETSTAT.OUT.txt", group);
    dir.write("tree/2026-03-02/SYSA/NETSTAT.OUT.txt", group.to_string() + &ftp_run((1000, 100)));
    let said = ingest_with(&dir, &[], "tree");
    let shown = |day: &str| dir.path(&format!("tree/{day}/SYSA/NETSTAT.OUT.txt")).display().to_string();
    let note = format!(
        "{}: note: lines 1 to 6 are the whole of {}, byte for byte, but no report there prints a time (TTLS \
         reports do not), so they may be this date's observations that print the same text: the whole file is read",
        shown("2026-03-02"),
        shown("2026-03-01")
    );
    assert!(said.contains(&note), "{said}");
    assert_eq!(
        dir.csv(
            "SELECT f.capture_date, c.report_kind, c.first_line FROM capture_files f JOIN capture_rows c USING (file_id) \
             ORDER BY 1, 3"
        ),
        "capture_date,report_kind,first_line\n2026-03-01,TTLS GROUP,2\n2026-03-02,TTLS GROUP,2\n2026-03-02,ALL,8\n"
    );
}

#[test]
fn an_all_list_appended_hours_later_after_a_stack_restart_is_a_run_of_its_own() {
    // Review 15a F5: `onetstat -A >> file` twice a day, no echo. 08:00:05:
    // CSQBCHIN's listener 00000025 on 1414 (lines 2-8) and the channel
    // 00000111 from 10.3.0.7..50500, started 2 December (3 000/30 000).
    // The stack restarted at noon, so the 20:00:05 list (header at line 16)
    // numbers everything anew and prints nothing again: the listener
    // 00000019 and the channel 00000035 from 10.3.0.7..50612, started 3
    // December 12:10 (500/5 000). A header twelve hours after the first is
    // no page of it. By hand: two snapshots, each with one connection open:
    // snapshots 2, connections 2, peak 1, 3 500/35 000 bytes.
    let dir = TestDir::new();
    let header = |time: &str| format!("MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           {time}\n");
    let listener =
        |conn, start| all_block("CSQBCHIN", conn, "0.0.0.0..1414", "0.0.0.0..0", (0, 0), start, "Listen", "No");
    let channel = |conn, foreign, bytes, start| {
        all_block("CSQBCHIN", conn, "10.3.1.2..1414", foreign, bytes, start, "Establsh", "No")
    };
    let after_restart = channel("00000035", "10.3.0.7..50612", (500, 5000), "12/03/2026")
        .replace("StartTime:          07:00:00", "StartTime:          12:10:00");
    let file = format!(
        "{}{}{}{}{}{after_restart}",
        header("08:00:05"),
        listener("00000025", "11/30/2026"),
        channel("00000111", "10.3.0.7..50500", (3000, 30_000), "12/02/2026"),
        header("20:00:05"),
        listener("00000019", "12/03/2026"),
    );
    dir.write("tree/2026-12-03/SYSB/netstat-A.log", file);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "line 16: this ALL report of stack TCPIP (20:00:05) printed its header more than 30 minutes after the \
             ALL report at line 1 (08:00:05), as the same command run again later does"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        dir.csv("SELECT captured_at FROM snapshots ORDER BY 1"),
        "captured_at\n2026-12-03T08:00:05\n2026-12-03T20:00:05\n"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["date", "snapshots", "connections", "peak_connections", "bytes_in", "bytes_out"]),
        "date,snapshots,connections,peak_connections,bytes_in,bytes_out\n2026-12-03,2,2,1,3500,35000\n"
    );
}

#[test]
fn netstat_b_monitor_lists_appended_hours_apart_are_runs_of_their_own() {
    // Review 15a F12: `netstat -b` in the monitor layout (no conn id)
    // appended at 08:00:00 and 20:00:05 to 3 December's log, no echo:
    // CSQBCHIN's client 10.3.0.7..50500 on 1414 at 3 000/30 000, then
    // 4 000/40 000; 4 December at 08:00:00, 5 000/50 000. By hand: 3
    // December two snapshots, 3 000 (its first counters) + 1 000 = 4 000 in,
    // 40 000 out; 4 December 1 000/10 000. Before: one run, the 20:00 print
    // taken for a second print of the same run and dropped, 4 December
    // 2 000/20 000.
    let dir = TestDir::new();
    let at = |bytes: (u64, u64), date| {
        monitor(
            date,
            &[("CSQBCHIN", bytes.0, bytes.1, 1414, "10.3.0.7..50500"), ("CSQBCHIN", 0, 0, 1414, "0.0.0.0..0")],
        )
    };
    let evening = at((4000, 40_000), "12/03/2026").replace("08:00:00", "20:00:05");
    dir.write("tree/2026-12-03/SYSB/netstat-b.log", format!("{}{evening}", at((3000, 30_000), "12/03/2026")));
    dir.write("tree/2026-12-04/SYSB/netstat-b.log", at((5000, 50_000), "12/04/2026"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("only the first print"), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["capacity"], &["date", "snapshots", "connections", "bytes_in", "bytes_out"]),
        "date,snapshots,connections,bytes_in,bytes_out\n2026-12-03,2,1,4000,40000\n2026-12-04,1,1,1000,10000\n"
    );
}

#[test]
fn ttls_reports_of_one_run_printed_for_an_hour_a_few_minutes_apart_stay_one_run() {
    // One run: ALL at 08:00:00 prints CICSPRD1's 0000C001-0000C005 on 443
    // (`TTLSPolicy: Yes`); then a `NETSTAT TTLS` report per connection, as a
    // job asking each connection in turn prints them, at 08:00:10, 08:20:10,
    // 08:40:10, 09:00:10 and 09:20:10: each twenty minutes after the one
    // before, the last 80 minutes after the first. By hand: one snapshot,
    // five connections, each negotiated TLS (TLSv1.2, C02F); no note that a
    // run begins.
    let dir = TestDir::new();
    let conns: Vec<(String, String)> =
        (1..=5).map(|n| (format!("0000C00{n}"), format!("10.7.0.{n}..5000{n}"))).collect();
    let all: String = conns
        .iter()
        .map(|(c, f)| all_block("CICSPRD1", c, "10.1.1.2..443", f, (100, 100), "03/01/2026", "Establsh", "Yes"))
        .collect();
    let ttls: String = conns
        .iter()
        .zip(["08:00:10", "08:20:10", "08:40:10", "09:00:10", "09:20:10"])
        .map(|((c, f), time)| {
            format!(
                "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           {time}\n{}",
                ttls_entry(&c.to_lowercase(), "10.1.1.2..443", f)
            )
        })
        .collect();
    let header = HEADER.replace("08:00:01", "08:00:00");
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{header}\n{all}{ttls}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("begins here"), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT count(DISTINCT snapshot_id) AS snapshots, count(*) AS connections, sum(tls_state = 'negotiated') AS tls FROM v_connections WHERE endpoint = 'connection'"),
        "snapshots,connections,tls\n1,5,5\n"
    );
}
