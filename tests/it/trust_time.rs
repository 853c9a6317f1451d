//! When a run was taken, where its path gives a date and no time: pinned on
//! small capture trees written here by hand, with the answer worked out from
//! their text in the test (the helpers are trust.rs's).

use crate::trust::{all_block, ingest, report};
use crate::util::{stderr, TestDir};

/// A NETSTAT header printed at `time`.
fn header(time: &str) -> String {
    format!("MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           {time}\n")
}

/// An ALL run at `time` of CICSPRD1's listener on 443 (lines 2-8, started
/// 30 June) and its client 0000A001 from 10.30.5.22..60845 (from line 9),
/// cleartext, started on `start` (MM/DD/YYYY) at 07:00:00, with
/// BytesIn/BytesOut `bytes`.
fn run(time: &str, start: &str, bytes: (u64, u64)) -> String {
    let listener =
        all_block("CICSPRD1", "00000030", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "06/30/2026", "Listen", "No");
    let client =
        all_block("CICSPRD1", "0000A001", "10.1.1.2..443", "10.30.5.22..60845", bytes, start, "Establsh", "No");
    format!("{}{listener}{client}", header(time))
}

#[test]
fn a_run_that_printed_a_time_before_a_connection_it_shows_started_is_on_the_next_day_s_clock() {
    // A nightly job submitted before midnight on 6 July, filed by the
    // collector under its start day with no time in the name, printed its
    // header at 00:00:30; beside it the 08:00 run of 6 July, and the 08:00
    // run of 7 July. Each prints 0000A001, started 6 July 07:00:00:
    // 1 000/2 000 at 08:00, 9 000/9 900 in the late run, 9 500/10 400 on 7
    // July. The late run cannot be at 00:00:30 on 6 July, before the
    // connection started: it ran at 00:00:30 on 7 July, filed under 6 July
    // still. By hand: one connection (the counters never went down), which
    // moved 1 000/2 000, then 8 000/7 900, then 500/500: 9 000/9 900 on 6
    // July's captures, 500/500 on 7 July's, 9 500/10 400 in all, all of it
    // cleartext. Before: the late run came first, at 00:00:30 on 6 July, and
    // the 08:00 run's lower counters started a second connection: 2
    // connections and 18 500/20 300 bytes.
    let dir = TestDir::new();
    dir.write("tree/2026-07-06/SYSA/early.txt", run("08:00:00", "07/06/2026", (1000, 2000)));
    dir.write("tree/2026-07-06/SYSA/late.txt", run("00:00:30", "07/06/2026", (9000, 9900)));
    dir.write("tree/2026-07-07/SYSA/netstat.txt", run("08:00:00", "07/06/2026", (9500, 10_400)));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let late = dir.path("tree/2026-07-06/SYSA/late.txt");
    assert!(
        stderr(&output).contains(&format!(
            "{}: note: line 9: connection 0000A001 started at 2026-07-06 07:00:00, after 2026-07-06 00:00:30 (this \
             run's time on 2026-07-06, the date of its path): the run printed its times on the next day's clock (a \
             job started before midnight), so it is taken at 2026-07-07 00:00:30, filed under 2026-07-06 still; a \
             time in the file's name (`.T235950`, when the run started) says so",
            late.display()
        )),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        dir.csv(
            "SELECT capture_date, captured_at, traffic_bytes_in, traffic_bytes_out FROM v_connections
             WHERE endpoint = 'connection' ORDER BY captured_at"
        ),
        "capture_date,captured_at,traffic_bytes_in,traffic_bytes_out
2026-07-06,2026-07-06T08:00:00,1000,2000
2026-07-06,2026-07-07T00:00:30,8000,7900
2026-07-07,2026-07-07T08:00:00,500,500
"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "bytes_out", "started_earlier"]),
        "date,connections,bytes_in,bytes_out,started_earlier\n2026-07-06,1,9000,9900,0\n2026-07-07,1,500,500,0\n"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "clear_connections", "clear_bytes"]),
        "job,clear_connections,clear_bytes\nCICSPRD1,1,19900\n"
    );
}

#[test]
fn a_connection_started_after_the_date_of_its_path_allows_is_said() {
    // Filed under 10 April, a run whose connection started on 7 July: even
    // the next day's clock (11 April 08:00) is before that start, so the
    // path's date is wrong; the run stays filed as its path says, and a note
    // says so. A connection that started at 08:00:05 in a run whose header
    // printed 08:00:01 started while NETSTAT printed: no note.
    let dir = TestDir::new();
    dir.write("tree/2026-04-10/SYSC/netstat.txt", run("08:00:00", "07/07/2026", (100, 200)));
    let printing = run("08:00:01", "07/08/2026", (100, 200))
        .replace("StartTime:          07:00:00", "StartTime:          08:00:05");
    dir.write("tree/2026-07-08/SYSD/netstat.txt", printing);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    let notes: Vec<&str> = err.lines().filter(|l| l.contains("started at")).collect();
    assert_eq!(
        notes,
        [format!(
            "{}: note: line 9: connection 0000A001 started at 2026-07-07 07:00:00, after 2026-04-10 08:00:00 (this \
             run's time on 2026-04-10, the date of its path): even the next day's clock is before that start, so \
             the date of its path looks wrong",
            dir.path("tree/2026-04-10/SYSC/netstat.txt").display()
        )],
        "{err}"
    );
    assert_eq!(
        dir.csv("SELECT system, captured_at FROM snapshots ORDER BY 1"),
        "system,captured_at\nSYSC,2026-04-10T08:00:00\nSYSD,2026-07-08T08:00:01\n"
    );
}

#[test]
fn a_large_file_read_as_a_stream_says_it_is_kept_on_its_path_date_s_clock() {
    // The late run of the nightly job above, with listeners on ports 1001
    // to 1008 (started 30 June) before it to make it large enough to be
    // read as a stream (`--part-size 1K`: files over 4 KiB): its reports are
    // written before the file's end shows 0000A001 started at 07:00, so the
    // run stays at 00:00:30 on 6 July and the note says so and how to name
    // the file. 0000A001 is printed from line 65 (1 + 8 × 7 + 7 + 1).
    let dir = TestDir::new();
    let listeners: String = (1001..=1008)
        .map(|port| {
            let (id, local) = (format!("0000{port}"), format!("0.0.0.0..{port}"));
            all_block("CICSPRD1", &id, &local, "0.0.0.0..0", (0, 0), "06/30/2026", "Listen", "No")
        })
        .collect();
    let late = run("00:00:30", "07/06/2026", (9000, 9900)).replacen('\n', &format!("\n{listeners}"), 1);
    assert!(late.len() > 4096, "{} bytes: read whole", late.len());
    dir.write("tree/2026-07-06/SYSA/late.txt", late);
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap(), "--part-size", "1K"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!(
            "{}: note: line 65: connection 0000A001 started at 2026-07-06 07:00:00, after 2026-07-06 00:00:30 (this \
             run's time on 2026-07-06, the date of its path): the run printed its times on the next day's clock (a \
             job started before midnight), but the file is read as a stream (it is large), so it is kept at \
             2026-07-06 00:00:30; a time in the file's name (`.T235950`, when the run started) says so",
            dir.path("tree/2026-07-06/SYSA/late.txt").display()
        )),
        "{}",
        stderr(&output)
    );
    assert_eq!(dir.csv("SELECT captured_at FROM snapshots"), "captured_at\n2026-07-06T00:00:30\n");
}

/// CSQ9CHIN's listener on 1414 (started 30 November) and the channel
/// 00000111 from 10.1.0.2..51844, started 2 December 07:00:00, with
/// BytesIn/BytesOut `bytes`: an ALL run's blocks.
fn channel(bytes: (u64, u64)) -> String {
    let listener =
        all_block("CSQ9CHIN", "00000025", "0.0.0.0..1414", "0.0.0.0..0", (0, 0), "11/30/2026", "Listen", "No");
    let channel =
        all_block("CSQ9CHIN", "00000111", "10.1.1.2..1414", "10.1.0.2..51844", bytes, "12/02/2026", "Establsh", "No");
    format!("{listener}{channel}")
}

#[test]
fn a_later_run_of_the_file_printing_a_connection_opened_after_an_earlier_run_moves_no_run() {
    // Review 15a F8. 3 December's file holds two runs appended (DISP=MOD):
    // 08:00:05, the channel at 3 000/300; 20:00:05, the channel at 4 000/400
    // and a client 00000035 from 10.1.0.3..51900 started 3 December at
    // 12:10:00 with 500/50. 4 December: 08:00:05, the channel at 5 000/500.
    // 12:10 is after 08:00:05 but before 20:00:05, the time of the report
    // that prints it: nothing was printed on the next day's clock. By hand:
    // 3 December 3 000 (the channel's whole counter, first seen; it started
    // on 2 December) + 1 000 + 500 = 4 500 in, 300 + 100 + 50 = 450 out, two
    // connections, one started earlier; 4 December 1 000/100. Before: the
    // 08:00 run was taken at 4 December 08:00:05 (the latest start of the
    // whole file after its time), its counters fell after the 20:00 run's,
    // and 4 December counted 2 000 in.
    let dir = TestDir::new();
    let client = all_block(
        "CSQ9CHIN",
        "00000035",
        "10.1.1.2..1414",
        "10.1.0.3..51900",
        (500, 50),
        "12/03/2026",
        "Establsh",
        "No",
    )
    .replace("StartTime:          07:00:00", "StartTime:          12:10:00");
    let day3 =
        format!("{}{}{}{}{client}", header("08:00:05"), channel((3000, 300)), header("20:00:05"), channel((4000, 400)));
    dir.write("tree/2026-12-03/SYSA/netstat.txt", day3);
    dir.write("tree/2026-12-04/SYSA/netstat.txt", format!("{}{}", header("08:00:05"), channel((5000, 500))));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("started at"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("lower than"), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT captured_at FROM snapshots ORDER BY 1"),
        "captured_at\n2026-12-03T08:00:05\n2026-12-03T20:00:05\n2026-12-04T08:00:05\n"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "bytes_out", "started_earlier"]),
        "date,connections,bytes_in,bytes_out,started_earlier\n2026-12-03,2,4500,450,1\n2026-12-04,1,1000,100,0\n"
    );
}

#[test]
fn a_report_of_a_held_job_printing_a_connection_opened_after_the_run_began_moves_no_report() {
    // Review 15a F8, one run: a job's ALL at 08:00:05 (the channel at
    // 3 000/300), the job held, then its BYTEINFO at 10:30:00: the channel
    // again (3 200/320) and 0000A004 from 10.1.0.4..51950, started 3
    // December at 10:00:00, with 400/40. 10:00 is before 10:30, when the
    // report that prints it ran. 4 December: the channel at 5 000/500. By
    // hand: one run on 3 December, taken at its first report's 08:00:05; ALL's
    // counters stand over BYTEINFO's (3 000/300), so 3 December 3 400/340 for
    // two connections, 4 December 2 000/200. Before: the run was taken at 4
    // December 08:00:05, the time of 4 December's own run.
    let dir = TestDir::new();
    let byteinfo = "User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQ9CHIN 00000111 10.1.1.2..1414         10.1.0.2..51844        Establsh
  BytesIn:          0000003200          BytesOut:         0000000320
  StartDate:        12/02/2026          StartTime:        07:00:00
CSQ9CHIN 0000A004 10.1.1.2..1414         10.1.0.4..51950        Establsh
  BytesIn:          0000000400          BytesOut:         0000000040
  StartDate:        12/03/2026          StartTime:        10:00:00
";
    let day3 = format!("{}{}{}{byteinfo}", header("08:00:05"), channel((3000, 300)), header("10:30:00"));
    dir.write("tree/2026-12-03/SYSA/netstat.txt", day3);
    dir.write("tree/2026-12-04/SYSA/netstat.txt", format!("{}{}", header("08:00:05"), channel((5000, 500))));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("started at"), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT captured_at FROM snapshots ORDER BY 1"),
        "captured_at\n2026-12-03T08:00:05\n2026-12-04T08:00:05\n"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "bytes_out"]),
        "date,connections,bytes_in,bytes_out\n2026-12-03,2,3400,340\n2026-12-04,1,2000,200\n"
    );
}

#[test]
fn a_report_on_the_next_day_s_clock_takes_the_earlier_reports_of_its_run_after_midnight_with_it() {
    // A nightly job filed under 6 July: ALL at 00:00:30 prints only
    // CSQ9CHIN's listener (started 30 November 2025: nothing to tell the
    // day), then BYTEINFO at 00:00:40 prints 0000A001, started 6 July
    // 07:00:00: BYTEINFO ran on 7 July's clock, and so did the ALL before
    // it in the same run, at an earlier time on that clock. By hand: one
    // run, taken at 7 July 00:00:30 (its first report's time).
    let dir = TestDir::new();
    let listener =
        all_block("CSQ9CHIN", "00000025", "0.0.0.0..1414", "0.0.0.0..0", (0, 0), "11/30/2025", "Listen", "No");
    let byteinfo = "User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQ9CHIN 0000A001 10.1.1.2..1414         10.1.0.2..51844        Establsh
  BytesIn:          0000001000          BytesOut:         0000000100
  StartDate:        07/06/2026          StartTime:        07:00:00
";
    let late = format!("{}{listener}{}{byteinfo}", header("00:00:30"), header("00:00:40"));
    dir.write("tree/2026-07-06/SYSA/late.txt", late);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("so it is taken at 2026-07-07 00:00:40"), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT capture_date, captured_at FROM snapshots"),
        "capture_date,captured_at\n2026-07-06,2026-07-07T00:00:30\n"
    );
}

#[test]
fn a_capture_filed_under_a_mistyped_year_is_said_and_counts_no_years_missing() {
    // Today is 8 December 2026 (TTLSINV_TODAY). SYSA's runs of 6, 8 and 9
    // December (the day after today: a clock in a zone ahead of UTC may
    // date a run so) and one filed under 2062-11-03 (62 typed for 26),
    // whose client 0000A001 (line 9) started 3 November 2026.
    let dir = TestDir::new();
    let today = "2026-12-08";
    for (day, start) in [("2026-12-06", "12/06/2026"), ("2026-12-08", "12/08/2026"), ("2026-12-09", "12/09/2026")] {
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), run("08:00:00", start, (100, 200)));
    }
    dir.write("tree/2062-11-03/SYSA/netstat.txt", run("08:00:00", "11/03/2026", (300, 400)));
    let output = dir.run_on(today, &["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: one note, on the 2062 file alone (9 December is no later
    // than the day after today).
    let err = stderr(&output);
    let notes: Vec<&str> = err.lines().filter(|l| l.contains(": note: ")).collect();
    assert_eq!(
        notes,
        [format!(
            "{}: note: it is filed under 2062-11-03, after today (2026-12-08), and its connection that started \
             last, 0000A001 (line 9), started on 2026-11-03: a mistyped date? It is taken under 2062-11-03, and \
             coverage and capture_missing count no day missing after the last capture up to today; rename its \
             folder (or file) to the right date and run `ttlsinv ingest --prune-missing` on the tree: the file is \
             read again under that date and this capture forgotten",
            dir.path("tree/2062-11-03/SYSA/netstat.txt").display()
        )],
        "{err}"
    );
    // coverage: the calendar runs from 6 December to 9 December, the last
    // capture up to the day after today: 7 December missing; the 2062 run
    // is listed on its day, and no day between is missing (before: 13 149
    // days missing, to 2 November 2062). A note names it.
    let output = dir.run_on(today, &["report", "coverage", "--format", "csv"]);
    let rows = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        crate::util::project_columns(&rows, &["date", "status", "connections"]),
        "date,status,connections
2026-12-06,captured,1
2026-12-07,missing,
2026-12-08,captured,1
2026-12-09,captured,1
2062-11-03,captured,1
"
    );
    assert_eq!(
        stderr(&output),
        "note: SYSA TCPIP: 1 capture date(s) after today (2026-12-08), the first 2062-11-03: a mistyped date? \
         Listed on their days; the days missing end at the last capture up to today. Rename the folder (or file) \
         to the right date and run `ttlsinv ingest --prune-missing` on the tree\n"
    );
    // `export --report coverage` says the same after the file it writes
    // (before: nothing).
    let out = dir.path("out");
    let output = dir.run_on(today, &["export", "--out", out.to_str().unwrap(), "--report", "coverage"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!(
            "note: SYSA TCPIP: 1 capture date(s) after today (2026-12-08), the first 2062-11-03: a mistyped date? \
             Listed on their days; the days missing end at the last capture up to today. Rename the folder (or \
             file) to the right date and run `ttlsinv ingest --prune-missing` on the tree\n1 CSV files written to \
             {}\n",
            out.display()
        )
    );
    // capture_missing follows coverage: 7 December alone.
    let output = dir.run_on(today, &["alerts", "--format", "csv"]);
    let alerts = String::from_utf8(output.stdout).unwrap();
    let missing: Vec<&str> = alerts.lines().filter(|l| l.starts_with("capture_missing,")).collect();
    assert_eq!(missing.len(), 1, "{alerts}");
    assert!(missing[0].starts_with("capture_missing,2026-12-07,SYSA,TCPIP,"), "{alerts}");
    // The remedy the note gives: the folder renamed to 2026-11-03 and
    // `ingest --prune-missing`: the run is read again under 3 November, the
    // 2062 capture forgotten, and nothing more is said of its date.
    std::fs::rename(dir.path("tree/2062-11-03"), dir.path("tree/2026-11-03")).unwrap();
    let output = dir.run_on(today, &["ingest", "--prune-missing", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("after today"), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT DISTINCT capture_date FROM snapshots ORDER BY 1"),
        "capture_date\n2026-11-03\n2026-12-06\n2026-12-08\n2026-12-09\n"
    );
}
