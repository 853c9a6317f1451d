//! Which run came first when the printed time goes back (the night daylight
//! saving time ends, review 16b F2): pinned on small capture trees written
//! here by hand, with the answer worked out from their text in the test (the
//! helpers are trust.rs's).

use crate::trust::{all_block, ingest, report, ttls_session};
use std::path::PathBuf;
use std::process::Output;

use crate::util::{project_columns, stderr, TestDir};

/// A NETSTAT header of SYSA's stack TCPIP printed at `time`.
fn header(time: &str) -> String {
    format!("MVS TCP/IP NETSTAT CS V3R1       TCPIP Name: TCPIP           {time}\n")
}

/// A capture run as a job step prints it: `NETSTAT ALL` at `time` (its
/// header on the run's first line) with CSQ9CHIN's channel 000000BB from
/// 10.1.0.2..51844 on 1414 (started 31 October 07:00:00, `TTLSPolicy: Yes`,
/// BytesIn/BytesOut `bytes`), then `NETSTAT TTLS` at `ttls_time` with its
/// session, TLSv1.2 C030. Each run is 17 lines long.
fn mq_run(time: &str, ttls_time: &str, bytes: (u64, u64)) -> String {
    let (local, remote) = ("10.1.1.2..1414", "10.1.0.2..51844");
    let all = all_block("CSQ9CHIN", "000000BB", local, remote, bytes, "10/31/2026", "Establsh", "Yes");
    let cipher = "C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    let ttls = ttls_session("000000bb", "CSQ9CHIN", local, remote, cipher);
    format!("{}{all}{}{ttls}", header(time), header(ttls_time))
}

/// The traffic of CSQ9CHIN's channel in each snapshot, in capture order.
const TRAFFIC: &str = "SELECT capture_date, captured_at, bytes_in, bytes_out, traffic_bytes_in, traffic_bytes_out \
                       FROM v_connections WHERE endpoint = 'connection' ORDER BY captured_at, snapshot_id";

/// tls-adoption's protected bytes per day.
fn protected(dir: &TestDir) -> String {
    report(dir, &["tls-adoption"], &["date", "bytes_in_protected", "bytes_out_protected"])
}

/// What 000000BB moved on 1 and 2 November, whatever order its runs of the
/// night were taken in: what its counters say, 20 000/30 000 in all.
const PROTECTED: &str = "date,bytes_in_protected,bytes_out_protected\n2026-11-01,5000,9000\n2026-11-02,15000,21000\n";

/// SYSA's data set of 1 November holding `runs`, and 2 November's run at
/// 08:00:01 (000000BB at 20 000/30 000); ingested (`stream`: with
/// `--part-size 1K`, so that a file over 4 KiB is read as a stream).
fn fall_back_night(dir: &TestDir, runs: String, stream: bool) -> (PathBuf, Output) {
    let file = dir.write("tree/2026-11-01/SYSA/netstat.txt", runs);
    dir.write("tree/2026-11-02/SYSA/netstat.txt", mq_run("08:00:01", "08:00:03", (20_000, 30_000)));
    let tree = dir.path("tree");
    let output =
        if stream { dir.run(&["ingest", tree.to_str().unwrap(), "--part-size", "1K"]) } else { ingest(dir, "tree") };
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    (file, output)
}

#[test]
fn a_run_appended_after_the_clock_went_back_comes_after_the_run_above_it() {
    // 1 November, the night daylight saving time ends: a DISP=MOD data set
    // holds the 01:50:01 run (000000BB at 1 000/2 000), then, after the
    // clock went back from 02:00 to 01:00, the next run printed at
    // 01:05:01 (5 000/9 000; 15 minutes later, printed 45 minutes earlier).
    // 2 November 08:00:01: 20 000/30 000. By hand: the run lower in the file,
    // with the higher counters of the same connection (same start and
    // sockets), is the later one: put forward by an hour, the fewest whole
    // hours that bring 01:05:01 after 01:50:01, to 02:05:01. So 1 November
    // moved 1 000/2 000, then 4 000/7 000: 5 000/9 000; 2 November 20 000 -
    // 5 000 = 15 000 in, 30 000 - 9 000 = 21 000 out; 20 000/30 000 in all,
    // what the counters say the connection moved since its start. Before:
    // 01:05:01 came first, the 01:50:01 run's counters fell (a note), and 2
    // November went on from 1 000/2 000: 19 000/28 000, 24 000/37 000 in all.
    // The reports keep their printed times. The same file read as a stream
    // (padded with listeners on 1001 to 1008 to be larger than 4 KiB, read
    // with `--part-size 1K`) is placed alike.
    let listeners: String = (1001..=1008)
        .map(|port| {
            let (id, local) = (format!("0000{port}"), format!("0.0.0.0..{port}"));
            all_block("CSQ9CHIN", &id, &local, "0.0.0.0..0", (0, 0), "10/01/2026", "Listen", "No")
        })
        .collect();
    let padded = |run: String| run.replacen('\n', &format!("\n{listeners}"), 1);
    for stream in [false, true] {
        let dir = TestDir::new();
        let (first, second) =
            (mq_run("01:50:01", "01:50:03", (1000, 2000)), mq_run("01:05:01", "01:05:03", (5000, 9000)));
        let (first, second) = if stream { (padded(first), padded(second)) } else { (first, second) };
        assert_eq!(stream, first.len() + second.len() > 4096);
        let (file, output) = fall_back_night(&dir, format!("{first}{second}"), stream);
        assert_eq!(
            dir.csv(TRAFFIC),
            "capture_date,captured_at,bytes_in,bytes_out,traffic_bytes_in,traffic_bytes_out
2026-11-01,2026-11-01T01:50:01,1000,2000,1000,2000
2026-11-01,2026-11-01T02:05:01,5000,9000,4000,7000
2026-11-02,2026-11-02T08:00:01,20000,30000,15000,21000
",
            "stream {stream}"
        );
        assert_eq!(
            dir.csv("SELECT header_time FROM captures ORDER BY capture_id"),
            "header_time\n01:50:01\n01:50:03\n01:05:01\n01:05:03\n08:00:01\n08:00:03\n"
        );
        // The second run begins on line 18 (on line 74 padded: 8 × 7
        // listener lines more).
        let line = if stream { 74 } else { 18 };
        let said = stderr(&output);
        let note = format!(
            "{}: note: line {line}: this ALL report of stack TCPIP (01:05:01) prints again a connection, group \
             action or rule the ALL report at line 1 printed: a capture run appended to the file (a data set \
             written with DISP=MOD, files put together) begins here, a snapshot of its own with the reports after \
             it; printed at 2026-11-01 01:05:01, before the run above it in the file (2026-11-01 01:50:01), which \
             it follows: the clock went back in between (the night daylight saving time ends), so the run is taken \
             at 2026-11-01 02:05:01, an hour after its printed time (the fewest whole hours that bring it after \
             that run), and comes after that run in every report; its reports keep their printed times \
             (`captures.header_time`)\n",
            file.canonicalize().unwrap().display()
        );
        assert!(said.contains(&note), "{note}\n{said}");
        assert!(!said.contains("are lower than"), "{said}");
        assert_eq!(protected(&dir), PROTECTED);
    }
}

#[test]
fn two_runs_of_a_data_set_printed_at_the_same_time_are_a_day_apart() {
    // The control: the same data set with both runs printed at 01:30:01
    // (01:30:03 for TTLS), not an hour apart on the clock: a run printed at
    // the time of the run below it ran a day before it (review 17b F9). By
    // hand: the last run 1 November 01:30:01, the first 31 October 01:30:01,
    // filed under it, no run put forward: 31 October 1 000/2 000, 1
    // November 4 000/7 000, 2 November 15 000/21 000 (before: both 1
    // November 01:30:01, in file order).
    let dir = TestDir::new();
    let runs = mq_run("01:30:01", "01:30:03", (1000, 2000)) + &mq_run("01:30:01", "01:30:03", (5000, 9000));
    let (_, output) = fall_back_night(&dir, runs, false);
    assert_eq!(
        dir.csv(TRAFFIC),
        "capture_date,captured_at,bytes_in,bytes_out,traffic_bytes_in,traffic_bytes_out
2026-10-31,2026-10-31T01:30:01,1000,2000,1000,2000
2026-11-01,2026-11-01T01:30:01,5000,9000,4000,7000
2026-11-02,2026-11-02T08:00:01,20000,30000,15000,21000
"
    );
    let said = stderr(&output);
    assert!(
        said.contains("begins here") && !said.contains("put forward") && !said.contains("after its printed time"),
        "{said}"
    );
    assert!(
        said.contains("the run at line 1 (printed 01:30:01) is taken at 2026-10-31 01:30:01, filed under 2026-10-31"),
        "{said}"
    );
    assert_eq!(
        protected(&dir),
        "date,bytes_in_protected,bytes_out_protected\n2026-10-31,1000,2000\n2026-11-01,4000,7000\n\
         2026-11-02,15000,21000\n"
    );
}

#[test]
fn a_run_printed_before_midnight_above_a_run_printed_after_it_is_of_the_day_before() {
    // A data set filed under 1 November, the day it was copied, holds a run
    // printed at 23:50:01 (1 000/2 000), then one appended at 00:10:01
    // (5 000/9 000). By hand: no run is after the day of the copy, so the
    // last is 1 November 00:10:01, and the run above it, printed later on
    // the clock by more than an hour, ran the day before: 31 October
    // 23:50:01, filed under it. 31 October 1 000/2 000, 1 November
    // 4 000/7 000 (before, session 17: 1 November 23:50:01 and 2 November
    // 00:10:01, both filed under 1 November, a run after the copy's day).
    let dir = TestDir::new();
    let runs = mq_run("23:50:01", "23:50:03", (1000, 2000)) + &mq_run("00:10:01", "00:10:03", (5000, 9000));
    dir.write("tree/2026-11-01/SYSA/netstat.txt", runs);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(TRAFFIC),
        "capture_date,captured_at,bytes_in,bytes_out,traffic_bytes_in,traffic_bytes_out
2026-10-31,2026-10-31T23:50:01,1000,2000,1000,2000
2026-11-01,2026-11-01T00:10:01,5000,9000,4000,7000
"
    );
    let said = stderr(&output);
    assert!(
        said.contains(
            "the run at line 1 (printed 23:50:01) is taken at 2026-10-31 23:50:01, filed under 2026-10-31 (the \
             latest instant at its printed time before the run below it)"
        ),
        "{said}"
    );
}

#[test]
fn data_sets_of_their_own_printed_after_the_clock_went_back_count_no_byte_twice() {
    // The runs of the fall-back night in data sets of their own (GDG
    // generations, named after the local time each started): G0001 printed
    // at 01:50:01 (1 000/2 000), G0002 at 01:05:01 (5 000/9 000), G0003 on 2
    // November at 08:00:01 (20 000/30 000). Separate data sets are ordered
    // by their printed times, so G0002 comes first and G0001's counters fall
    // (said). By hand: the connection goes on from the higher counters,
    // 5 000/9 000, never counting again what was counted up to them: 1
    // November 5 000/9 000 (G0002's whole counters, nothing for G0001's
    // fall), 2 November 20 000 - 5 000 = 15 000 in, 30 000 - 9 000 = 21 000
    // out; 20 000/30 000 in all, what the counters say. Before: 2 November
    // went on from G0001's 1 000/2 000, 19 000/28 000.
    let dir = TestDir::new();
    let g1 = dir.write("tree/SYSA/SYSA.NETSTAT.D261101.T015000.G0001V00", mq_run("01:50:01", "01:50:03", (1000, 2000)));
    let g2 = dir.write("tree/SYSA/SYSA.NETSTAT.D261101.T010500.G0002V00", mq_run("01:05:01", "01:05:03", (5000, 9000)));
    dir.write("tree/SYSA/SYSA.NETSTAT.D261102.T080000.G0003V00", mq_run("08:00:01", "08:00:03", (20_000, 30_000)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        project_columns(&dir.csv(TRAFFIC), &["captured_at", "traffic_bytes_in", "traffic_bytes_out"]),
        "captured_at,traffic_bytes_in,traffic_bytes_out
2026-11-01T01:05:01,5000,9000
2026-11-01T01:50:01,0,0
2026-11-02T08:00:01,15000,21000
"
    );
    assert_eq!(protected(&dir), PROTECTED);
    let fall = |counter: &str, before: u64, now: u64| {
        format!(
            "{counter} {before} -> {now}, below half of what a 32-bit counter holds, and nothing in the same \
             reading shows the connection moved on, so no wrap explains it (more than 2 GiB between two snapshots): \
             an earlier run read again under a later time (a cumulative copy read whole, a capture re-dated, a run \
             printed after the clock went back?) or a misprint; no traffic counted \
             for the fall, and the connection goes on from {before} (not counted again)"
        )
    };
    let note = format!(
        "{}: note: line 2: the counters of conn id 000000BB (CSQ9CHIN, started 2026-10-31 07:00:00) are lower than \
         at line 2 of {}, under the same start and sockets: one connection (a new one prints another \
         StartDate/StartTime), not two; {}; {}\n",
        g1.canonicalize().unwrap().display(),
        g2.canonicalize().unwrap().display(),
        fall("BytesIn", 5000, 1000),
        fall("BytesOut", 9000, 2000)
    );
    let said = stderr(&output);
    assert!(said.contains(&note), "{note}\n{said}");
}

#[test]
fn an_upgrade_after_the_clock_went_back_is_no_regression() {
    // SYSA's PAYXFER to 10.60.1.9..8443, one data set on 1 November: the
    // 01:50:01 run negotiates TLSv1.2 C030 (0000C101 from port 40001); the
    // partner turns TLS 1.3 on; after the clock went back, the run printed
    // at 01:05:01 negotiates TLSv1.3 1302 (0000C102 from port 40002). By
    // hand: file order says TLSv1.2 first, then TLSv1.3, an upgrade: no
    // regression, no alert. Before: by printed time, TLSv1.3 at 01:05:01
    // then TLSv1.2 at 01:50:01, a false regression alert ("TLSv1.3 to
    // TLSv1.2; recommended to secure").
    let dir = TestDir::new();
    let run = |time: &str, conn: &str, port: u16, (level, cipher): (&str, &str)| {
        let (local, remote) = (format!("10.2.1.2..{port}"), "10.60.1.9..8443");
        let all = all_block("PAYXFER", conn, &local, remote, (100, 200), "10/31/2026", "Establsh", "Yes");
        let ttls =
            ttls_session(&conn.to_lowercase(), "PAYXFER", &local, remote, cipher).replace("TLS Version 1.2", level);
        format!("{}{all}{}{ttls}", header(time), header(time))
    };
    let tls12 = ("TLS Version 1.2", "C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    let tls13 = ("TLS Version 1.3", "1302 TLS_AES_256_GCM_SHA384");
    let runs = run("01:50:01", "0000C101", 40001, tls12) + &run("01:05:01", "0000C102", 40002, tls13);
    dir.write("tree/2026-11-01/SYSA/netstat.txt", runs);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT captured_at, conn_id, tls_protocol FROM v_connections ORDER BY captured_at"),
        "captured_at,conn_id,tls_protocol\n2026-11-01T01:50:01,0000C101,TLSv1.2\n2026-11-01T02:05:01,0000C102,TLSv1.3\n"
    );
    assert_eq!(report(&dir, &["regressions", "--by", "peer"], &["system", "regressions"]), "system,regressions\n");
    let alerts = dir.run(&["alerts", "--format", "csv"]);
    assert_eq!(alerts.status.code(), Some(0), "{}", stderr(&alerts));
    assert_eq!(project_columns(&String::from_utf8(alerts.stdout).unwrap(), &["alert"]), "alert\n");
}
