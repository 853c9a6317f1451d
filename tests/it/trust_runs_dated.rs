//! On which day each run of a file of appended runs was taken (review 17b
//! F7, F9, F19): the runs of a data set written with DISP=MOD, or of a log
//! extract, are in the order they ran, and none is later than the day the
//! file was copied (the date of its path). Each rule pinned on a small
//! capture tree written here by hand, shaped as the reviewer's (TSO NETSTAT
//! with message ids; SYSLOG message records), with the answer worked out
//! from its text in the test.

use crate::trust::report;
use crate::trust_console::reply_on;
use crate::util::{stderr, TestDir};

/// One TSO `NETSTAT ALL` connection block (message ids) of `job`'s
/// connection `conn` from `foreign` to `local`, `bytes` in and out, started
/// `start` (`mm/dd/yyyy hh:mm:ss`), under TTLS rule `rule` or none.
fn block(job: &str, conn: &str, (local, foreign): (&str, &str), bytes: (u64, u64), start: &str, rule: &str) -> String {
    let (date, time) = start.split_once(' ').unwrap();
    let policy = if rule.is_empty() {
        "EZZ2545I   TTLSPolicy:         No\n".to_string()
    } else {
        format!("EZZ2545I   TTLSPolicy:         Yes\nEZZ2546I     TTLSRule:         {rule}\n")
    };
    format!(
        "EZZ2550I Client Name: {job:<24} Client Id: {conn}
EZZ2551I Local Socket: {local:<22} Foreign Socket: {foreign} 
EZZ2577I   BytesIn:            {:010}        BytesOut:           {:010}
EZZ2574I   SegmentsIn:         {:010}        SegmentsOut:        {:010}
EZZ2536I   StartDate:          {date}        StartTime:          {time}
EZZ2552I   Last Touched:       07:59:41          State:              Establsh
EZZ2537I   QOSPolicy:          No
{policy}EZZ2542I   RoutingPolicy:      No
",
        bytes.0,
        bytes.1,
        bytes.0 / 500 + 1,
        bytes.1 / 500 + 1
    )
}

/// One capture run of SYSC's job as TSO's SYSTSPRT holds it, 33 lines:
/// `NETSTAT ALL` printed at `hour`:00:01 (its header on the run's third
/// line) with CICSPRD1's TLS connection 0000A1C4 (started 1 November
/// 07:20:03, at `cics` bytes in and out) and the FTP session `ftp` (its
/// conn id, foreign port and start, cleartext, 200/1 000 bytes), then
/// `NETSTAT TTLS` at `hour`:00:05 with 0000A1C4's session.
fn run(hour: &str, cics: (u64, u64), (conn, port, start): (&str, u16, &str)) -> String {
    let cics_block =
        block("CICSPRD1", "0000A1C4", ("10.1.1.2..443", "10.30.5.21..60112"), cics, "11/01/2026 07:20:03", "CICS-RULE");
    let ftp_foreign = format!("10.40.2.15..{port}");
    let ftp = block("FTPD1", conn, ("10.1.1.2..21", &ftp_foreign), (200, 1000), start, "");
    let header = |second: &str| {
        format!("EZZ2350I MVS TCP/IP NETSTAT CS V2R5       TCPIP Name: TCPIP           {hour}:00:{second}\n")
    };
    format!(
        "READY\nNETSTAT ALL\n{}{cics_block}{ftp}READY\nNETSTAT TTLS\n{}ConnID: 0000a1c4
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.30.5.21..60112
  SecLevel:     TLS Version 1.2
  Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  CertUserID:   N/A
  MapType:      Primary
",
        header("01"),
        header("05")
    )
}

/// The 08:00 run of day `day` of November (1 to 9): CICSPRD1 at 100 000 ×
/// `day` in, 200 000 × `day` out; FTP session 0000B00`day` from port
/// 5070`day`, started that day at 07:56:48.
fn morning(day: u64) -> String {
    let (conn, start) = (format!("0000B00{day}"), format!("11/0{day}/2026 07:56:48"));
    run("08", (100_000 * day, 200_000 * day), (&conn, 50_700 + u16::try_from(day).unwrap(), &start))
}

/// SYSC's copy of the data set downloaded on `date`, holding `runs`.
fn copy(dir: &TestDir, date: &str, runs: &[String]) -> std::path::PathBuf {
    dir.write(&format!("tree/{date}/SYSC/NETSTAT.OUT.txt"), runs.concat())
}

/// Ingests the tree (each copy in its own night, as downloaded) and returns what it said.
fn nights(dir: &TestDir, copies: &[(&str, Vec<String>)]) -> String {
    let mut said = String::new();
    for (date, runs) in copies {
        copy(dir, date, runs);
        let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        said += &stderr(&output);
    }
    said
}

const SNAPSHOTS: &str = "SELECT capture_date, captured_at FROM snapshots ORDER BY captured_at";

/// capacity's rows in the columns these tests work out.
fn capacity(dir: &TestDir) -> String {
    report(dir, &["capacity"], &["date", "job", "snapshots", "connections", "bytes_in", "bytes_out"])
}

/// Asserts the day and time of each snapshot (`snapshots`: rows of
/// `capture_date` and `captured_at`) and capacity's rows, worked out by the test.
fn assert_days(dir: &TestDir, snapshots: &str, capacity_rows: &str) {
    assert_eq!(dir.csv(SNAPSHOTS), format!("capture_date,captured_at\n{snapshots}"));
    assert_eq!(capacity(dir), format!("date,job,snapshots,connections,bytes_in,bytes_out\n{capacity_rows}"));
}

/// [`assert_days`] of one run on each of `days` at 08:00:01, CICSPRD1 moving
/// 100 000/200 000 that day and one FTP session of 200/1 000, as consecutive
/// [`morning`] runs do.
fn assert_a_morning_a_day(dir: &TestDir, days: &[&str]) {
    let snapshots: String = days.iter().map(|day| format!("{day},{day}T08:00:01\n")).collect();
    let rows = days.iter().map(|day| format!("{day},CICSPRD1,1,1,100000,200000\n{day},FTPD1,1,1,200,1000\n"));
    assert_days(dir, &snapshots, &rows.collect::<String>());
}

#[test]
fn the_run_above_a_run_printed_at_the_same_time_is_a_day_before_it() {
    // Review 17b F9: SYSC's job appends a run to its data set every morning
    // at 08:00; the copy of 1 November holds run 1, that of 2 November runs
    // 1-2; 3 November's download failed; 4 November's copy holds runs 1-4,
    // each printed 08:00:01. By hand: lines 1-66 are the whole of the 2
    // November copy, so runs 3 and 4 are read. Run 4, the last, is taken on 4
    // November (the day of the copy) at 08:00:01; run 3 above it, printed at
    // the same time, ran a day before: 3 November 08:00:01, filed under it.
    // 3 November: 1 snapshot, CICSPRD1 300 000 - 200 000 = 100 000 in,
    // 600 000 - 400 000 = 200 000 out, FTPD1 1 connection (0000B003); 4
    // November: 1 snapshot, 100 000/200 000, FTPD1 1 (0000B004); TLS share
    // 1 of 2 connections both days; 3 November captured, no capture_missing.
    // Before: both runs at 2026-11-04T08:00:01, 3 November missing.
    let dir = TestDir::new();
    let said = nights(
        &dir,
        &[
            ("2026-11-01", vec![morning(1)]),
            ("2026-11-02", vec![morning(1), morning(2)]),
            ("2026-11-04", (1..=4).map(morning).collect()),
        ],
    );
    assert_a_morning_a_day(&dir, &["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
    assert_eq!(
        report(&dir, &["tls-adoption"], &["date", "connections", "tls_share"]),
        "date,connections,tls_share\n2026-11-01,2,0.5\n2026-11-02,2,0.5\n2026-11-03,2,0.5\n2026-11-04,2,0.5\n"
    );
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "snapshots"]),
        "date,status,snapshots\n2026-11-01,captured,1\n2026-11-02,captured,1\n2026-11-03,captured,1\n\
         2026-11-04,captured,1\n"
    );
    let alerts = dir.run_on("2026-11-04", &["alerts", "--format", "csv"]);
    assert!(!String::from_utf8_lossy(&alerts.stdout).contains("capture_missing"), "{}", stdout_of(&alerts));
    // Run 3 begins at line 67 (two runs of 33 lines above it); its ALL
    // header is on its third line.
    assert!(
        said.contains(
            "the date of the file's path (the day it was copied): the run at line 69 (printed 08:00:01) is taken \
             at 2026-11-03 08:00:01, filed under 2026-11-03 (the latest instant at its printed time before the \
             run below it)"
        ),
        "{said}"
    );
}

/// What `output` printed.
fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_run_printed_later_than_the_run_below_it_by_more_than_an_hour_ran_the_day_before() {
    // Review 17b F7: the job runs at 08:00 and 20:00, and the data set is
    // downloaded once a day between the two. 1 November's copy: the 08:00
    // run (CICSPRD1 100 000/200 000, FTP 0000B001 started 07:56:48). 2
    // November's copy: that run, the 20:00 run (150 000/300 000, 0000B001
    // still), then 2 November's 08:00 run (200 000/400 000, 0000B002). By
    // hand: the last run is 2 November 08:00:01; the 20:00:01 run above it,
    // printed 12 hours later on the clock (more than a clock change's
    // hour), ran the day before: 1 November 20:00:01. 1 November: 2
    // snapshots, CICSPRD1 100 000 + 50 000 = 150 000 in, 200 000 + 100 000 =
    // 300 000 out, FTPD1 1 connection; 2 November: 1 snapshot, 50 000/100 000,
    // FTPD1 1 (0000B002), TLS share 1 of 2 = 0.5. Before: the 20:00 run at 2
    // November 20:00:01, after that day's 08:00 run: counters "fell", 2
    // November counted 0000B001 too (3 connections, share 0.333).
    let dir = TestDir::new();
    let evening = run("20", (150_000, 300_000), ("0000B001", 50_701, "11/01/2026 07:56:48"));
    nights(&dir, &[("2026-11-01", vec![morning(1)]), ("2026-11-02", vec![morning(1), evening, morning(2)])]);
    assert_days(
        &dir,
        "2026-11-01,2026-11-01T08:00:01\n\
         2026-11-01,2026-11-01T20:00:01\n\
         2026-11-02,2026-11-02T08:00:01\n",
        "2026-11-01,CICSPRD1,2,1,150000,300000\n\
         2026-11-01,FTPD1,2,1,200,1000\n\
         2026-11-02,CICSPRD1,1,1,50000,100000\n\
         2026-11-02,FTPD1,1,1,200,1000\n",
    );
    assert_eq!(
        report(&dir, &["tls-adoption"], &["date", "connections", "tls_share"]),
        "date,connections,tls_share\n2026-11-01,2,0.5\n2026-11-02,2,0.5\n"
    );
}

/// SYSA's `D TCPIP,,NETSTAT,ALL` reply `id` on `day` (`yyddd`) at `at`
/// (`hh:mm`): MQ's channel 000000BB (CSQ9CHIN, since 30 October, TLS rule
/// REMOTE-TO-CSQ1) at `mq` bytes, and the FTP session `ftp` (conn id,
/// foreign port, start `mm/dd/yyyy hh:mm:ss`), cleartext, 200/1 000 bytes.
fn mq_reply(day: &str, at: &str, id: &str, mq: (u64, u64), (conn, port, start): (&str, u16, &str)) -> String {
    let (date, time) = start.split_once(' ').unwrap();
    let bytes = |(i, o): (u64, u64)| format!("  BYTESIN:            {i:010}        BYTESOUT:           {o:010}");
    let lines = [
        "CLIENT NAME: CSQ9CHIN                 CLIENT ID: 000000BB".to_string(),
        "  LOCAL SOCKET: 10.1.1.2..1414         FOREIGN SOCKET: 10.1.0.2..51844".to_string(),
        bytes(mq),
        "  STARTDATE:          10/30/2026        STARTTIME:          16:31:54".to_string(),
        "  LAST TOUCHED:       07:59:41          STATE:              ESTABLSH".to_string(),
        "  TTLSPOLICY:         YES".to_string(),
        "    TTLSRULE:         REMOTE-TO-CSQ1".to_string(),
        format!("CLIENT NAME: FTPD1                    CLIENT ID: {conn}"),
        format!("  LOCAL SOCKET: 10.1.1.2..21           FOREIGN SOCKET: 10.40.2.15..{port}"),
        bytes((200, 1000)),
        format!("  STARTDATE:          {date}        STARTTIME:          {time}"),
        "  LAST TOUCHED:       07:59:41          STATE:              ESTABLSH".to_string(),
        "  TTLSPOLICY:         NO".to_string(),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    reply_on(day, "SYSA", at, "ALL", id, &lines, 2)
}

#[test]
fn a_console_reply_whose_prefix_dates_it_before_its_path_is_taken_on_that_date() {
    // Review 17b F19: a daily SYSLOG extract cut from 18:00 to 18:00, filed
    // under the day it was cut. 1 November's: the reply at 08:00 (prefix
    // 26305, 1 November; 000000BB at 1 000 000/2 000 000, FTP 0000B001). 2
    // November's: the reply at 20:00 of 26305 (1 November; 1 500 000/
    // 3 000 000, FTP 0000B011 started 19:56:48), then the reply at 08:00 of
    // 26306 (2 November; 2 000 000/4 000 000, FTP 0000B002). By hand: the
    // 20:00 reply's prefix dates it 1 November, not after its path's date:
    // taken 1 November 20:00:01, filed under it. 1 November: 2 snapshots,
    // CSQ9CHIN 1 000 000 + 500 000 = 1 500 000 in, 3 000 000 out, FTPD1 2
    // connections (0000B001, 0000B011); 2 November: 1 snapshot, 500 000/
    // 1 000 000, FTPD1 1 (0000B002). Before: 2 November 20:00:01.
    let dir = TestDir::new();
    dir.write(
        "tree/2026-11-01/SYSA/syslog.txt",
        mq_reply("26305", "08:00", "279", (1_000_000, 2_000_000), ("0000B001", 50_701, "11/01/2026 07:56:48")),
    );
    let cut = mq_reply("26305", "20:00", "280", (1_500_000, 3_000_000), ("0000B011", 50_711, "11/01/2026 19:56:48"))
        + &mq_reply("26306", "08:00", "281", (2_000_000, 4_000_000), ("0000B002", 50_702, "11/02/2026 07:56:48"));
    dir.write("tree/2026-11-02/SYSA/syslog.txt", cut);
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_days(
        &dir,
        "2026-11-01,2026-11-01T08:00:01\n\
         2026-11-01,2026-11-01T20:00:01\n\
         2026-11-02,2026-11-02T08:00:01\n",
        "2026-11-01,CSQ9CHIN,2,1,1500000,3000000\n\
         2026-11-01,FTPD1,2,2,400,2000\n\
         2026-11-02,CSQ9CHIN,1,1,500000,1000000\n\
         2026-11-02,FTPD1,1,1,200,1000\n",
    );
    let said = stderr(&output);
    assert!(said.contains("filed under 2026-11-01 (the date its reports print)"), "{said}");
    assert!(!said.contains("are lower than"), "{said}");
}

#[test]
fn a_first_copy_of_runs_printed_at_one_time_holds_a_run_a_day() {
    // The first copy of a DISP=MOD data set, no earlier copy in the store:
    // 3 November's holds three runs, each printed 08:00:01 (runs 1-3:
    // CICSPRD1 at 100 000, 200 000, 300 000 in). By hand: run 3 on 3
    // November, run 2 a day before it, run 1 a day before that: 1, 2 and 3
    // November, each day 1 snapshot and 100 000/200 000 (the first day
    // counts what 0000A1C4 moved since its start that morning).
    let dir = TestDir::new();
    let said = nights(&dir, &[("2026-11-03", (1..=3).map(morning).collect())]);
    assert_a_morning_a_day(&dir, &["2026-11-01", "2026-11-02", "2026-11-03"]);
    assert!(
        said.contains(
            "the run at line 3 (printed 08:00:01) is taken at 2026-11-01 08:00:01, filed under 2026-11-01 (the \
             latest instant at its printed time before the run below it); the run at line 36 (printed 08:00:01) \
             is taken at 2026-11-02 08:00:01, filed under 2026-11-02"
        ),
        "{said}"
    );
}

#[test]
fn more_new_runs_than_days_since_the_earlier_copy_are_placed_forward_from_it() {
    // 1 November's copy holds run 1 (08:00:01). 2 November's holds run 1
    // and two new runs, both printed 08:00:01 (runs 2 and 3; their FTP
    // sessions started 2 November 07:56:48). By hand: backward from the
    // copy's date run 3 is 2 November and run 2 1 November 08:00:01, not
    // after 1 November's copy's last run (1 November 08:00:01): so the new
    // runs are placed forward from that run instead, each at the first
    // instant at its printed time after the run above: run 2 on 2
    // November, run 3 on 3 November, after the copy's date (said, naming
    // both dates). Each day 100 000/200 000 of CICSPRD1 and one FTP
    // session (0000B001, 0000B002, 0000B003).
    let dir = TestDir::new();
    let second = |day: u64| {
        let (conn, port) = (format!("0000B00{day}"), 50_700 + u16::try_from(day).unwrap());
        run("08", (100_000 * day, 200_000 * day), (&conn, port, "11/02/2026 07:56:48"))
    };
    let said =
        nights(&dir, &[("2026-11-01", vec![morning(1)]), ("2026-11-02", vec![morning(1), second(2), second(3)])]);
    assert_a_morning_a_day(&dir, &["2026-11-01", "2026-11-02", "2026-11-03"]);
    let first = dir.path("tree/2026-11-01/SYSC/NETSTAT.OUT.txt").canonicalize().unwrap();
    let note = format!(
        "the runs read after {} (its last run taken at 2026-11-01 08:00:01, filed under 2026-11-01) are later than \
         that run, but there are more of them than days between 2026-11-01 and 2026-11-02, the date of this \
         file's path: they are placed forward from it instead, each after the run above it: the run at line 69 \
         (printed 08:00:01) is taken at 2026-11-03 08:00:01, filed under 2026-11-03 (the first instant at its \
         printed time after the run above it)",
        first.display()
    );
    assert!(said.contains(&note), "{note}\n{said}");
}

#[test]
fn a_run_dated_before_a_connection_it_prints_started_is_said() {
    // 2 November's first copy holds two runs printed 08:00:01, the first
    // with an FTP session that started 2 November 07:56:48. By hand: the
    // first run is dated 1 November 08:00:01 (a day before the last), before
    // that session started: the runs contradict its start, said; the run
    // stays on 1 November, the later run is not moved.
    let dir = TestDir::new();
    let early = run("08", (100_000, 200_000), ("0000B002", 50_702, "11/02/2026 07:56:48"));
    let said = nights(&dir, &[("2026-11-02", vec![early, morning(2)])]);
    assert_eq!(
        dir.csv(SNAPSHOTS),
        "capture_date,captured_at\n2026-11-01,2026-11-01T08:00:01\n2026-11-02,2026-11-02T08:00:01\n"
    );
    assert!(
        said.contains(
            "connection 0000B002 started at 2026-11-02 07:56:48, after 2026-11-01 08:00:01 when its run is taken by \
             the order of the file's runs"
        ),
        "{said}"
    );
}
