//! Traffic counters and protection, each rule pinned on a small capture
//! tree written here by hand, with the answer worked out from its text in
//! the test (the helpers are trust.rs's).

use crate::trust::{all_block, allconn_day, ingest, report, ttls_entry, HEADER};
use crate::util::{stderr, TestDir};

/// `HEADER` at another time of day.
fn header_at(time: &str) -> String {
    HEADER.replace("08:00:01", time)
}

/// Two runs on 1 March under `root` on two systems whose snapshots tell a
/// connection's protection differently (see the test below).
pub(crate) fn two_runs_telling_protection_differently(dir: &TestDir, root: &str) {
    // SYSA, two runs on 1 March. 08:00: ALL alone, CICSPRD1's connection
    // 0000C001 on 443 with TTLSPolicy Yes (no TTLS report: not captured),
    // BytesIn 100, BytesOut 100. 12:00: ALL (300, 300) and NETSTAT TTLS,
    // which shows it negotiated TLSv1.2. One connection that day, and it
    // negotiated TLS: tls_connections 1, tlsv1_2 1, none not captured. Its
    // traffic of the day goes with it: 08:00's 100 + 100 (ALL alone, which
    // told less) and 12:00's growth, 200 + 200, are protected: 300 + 300,
    // 0 unprotected (before: 08:00's counted unprotected).
    let at = |counters| {
        all_block("CICSPRD1", "0000C001", "10.1.1.2..443", "10.7.0.1..50001", counters, "03/01/2026", "Establsh", "Yes")
    };
    let ttls = ttls_entry("0000c001", "10.1.1.2..443", "10.7.0.1..50001");
    dir.write(
        &format!("{root}/SYSA/NETSTAT.D260301.T080000"),
        format!("{}\n{}", header_at("08:00:01"), at((100, 100))),
    );
    dir.write(
        &format!("{root}/SYSA/NETSTAT.D260301.T120000"),
        format!("{h}\n{}{h}\n{ttls}", at((300, 300)), h = header_at("12:00:01")),
    );
    // SYSB, two runs on 1 March. 08:00: ALLCONN alone, FTPD1's connection
    // 0000A001 on 21 (no report says whether AT-TLS applies: unknown).
    // 12:00: ALL, TTLSPolicy No, BytesIn 500, BytesOut 50. One cleartext
    // connection that day; ALLCONN printed no counters, so 12:00's whole
    // counters are its traffic: 550 bytes in clear.
    let allconn = format!(
        "{}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
FTPD1    0000A001 10.1.1.2..21           10.9.9.9..50731        Establsh
",
        header_at("08:00:01")
    );
    dir.write(&format!("{root}/SYSB/NETSTAT.D260301.T080000"), allconn);
    let all =
        all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50731", (500, 50), "03/01/2026", "Establsh", "No");
    dir.write(&format!("{root}/SYSB/NETSTAT.D260301.T120000"), format!("{}\n{all}", header_at("12:00:01")));
}

#[test]
fn a_connection_counts_once_a_day_in_the_best_tls_state_its_snapshots_showed() {
    let dir = TestDir::new();
    two_runs_telling_protection_differently(&dir, "tree");
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let columns = [
        "system",
        "connections",
        "tls_connections",
        "policy_only",
        "tls_not_captured",
        "clear_connections",
        "unknown_policy",
        "tlsv1_2",
        "bytes_in_protected",
        "bytes_out_protected",
        "bytes_in_unprotected",
        "bytes_out_unprotected",
    ];
    assert_eq!(
        report(&dir, &["tls-adoption"], &columns),
        "system,connections,tls_connections,policy_only,tls_not_captured,clear_connections,unknown_policy,tlsv1_2,\
bytes_in_protected,bytes_out_protected,bytes_in_unprotected,bytes_out_unprotected
SYSA,1,1,0,0,0,0,1,300,300,0,0
SYSB,1,0,0,0,1,0,0,0,0,500,50
"
    );
    assert_eq!(
        report(&dir, &["protocols"], &["date", "system", "protocol", "connections"]),
        "date,system,protocol,connections\n2026-03-01,SYSA,TLSv1.2,1\n"
    );
    assert_eq!(
        report(
            &dir,
            &["cleartext"],
            &["system", "port", "job", "clear_connections", "unknown_policy", "clear_peers", "clear_bytes"]
        ),
        "system,port,job,clear_connections,unknown_policy,clear_peers,clear_bytes\nSYSB,21,FTPD1,1,0,1,550\n"
    );
}

#[test]
fn a_byteinfo_row_printing_the_ipv4_form_of_a_mapped_socket_joins_its_connection() {
    let dir = TestDir::new();
    // One capture run: ALL prints IZUSVR1's connection 000051A2 with the
    // IPv4-mapped sockets of a dual-mode stack (::ffff:10.1.9.9..50112),
    // BytesIn 2210, BytesOut 48213; the BYTEINFO monitor layout, which
    // prints no conn id, prints the same client as 10.1.9.9..50112 on local
    // port 443 with the same counters. The same socket: one connection that
    // moved 2 210 + 48 213 bytes, not two connections and twice the bytes.
    let all = all_block(
        "IZUSVR1",
        "000051A2",
        "::ffff:10.1.1.2..443",
        "::ffff:10.1.9.9..50112",
        (2210, 48213),
        "03/01/2026",
        "Establsh",
        "No",
    );
    let monitor = "MVS TCP/IP NETSTAT CS V2R2       TCPIP Name: TCPIP           08:00:02
03/01/2026          MVS TCP/IP Real Time Network Monitor
User Id  BytesOut             BytesIn              LPort State
-------  --------             -------              ----- -----
IZUSVR1  00000000000000048213 00000000000000002210 00443 Establsh
 Foreign Socket: 10.1.9.9..50112
Connections displayed: 1
";
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{monitor}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["capacity"], &["job", "port", "connections", "peak_connections", "bytes_in", "bytes_out"]),
        "job,port,connections,peak_connections,bytes_in,bytes_out\nIZUSVR1,443,1,1,2210,48213\n"
    );
    assert_eq!(dir.csv("SELECT conn_id, remote_ip FROM connections"), "conn_id,remote_ip\n000051A2,::ffff:10.1.9.9\n");
}

#[test]
fn a_connection_missing_from_a_day_s_capture_counts_its_growth_on_the_day_it_is_seen_again() {
    let dir = TestDir::new();
    // FTPD1's connection 0000A233 (started 1 March 07:00) is in the ALL of
    // 1 and 3 March, BytesIn 1 000 and 9 000; the ALL of 2 March (taken
    // with a filter, say) shows only another connection, 0000A299 (50
    // bytes). The 8 000 bytes it moved after 1 March's capture count on 3
    // March, the day it is seen again, continued from 1 March; it did not
    // start that day, nor is it first seen then: started_earlier 0.
    let days = [
        ("2026-03-01", "0000A233", "10.9.9.9..50731", 1000, "03/01/2026"),
        ("2026-03-02", "0000A299", "10.9.9.8..50732", 50, "03/02/2026"),
        ("2026-03-03", "0000A233", "10.9.9.9..50731", 9000, "03/01/2026"),
    ];
    for (day, conn, foreign, bytes_in, start) in days {
        let block = all_block("FTPD1", conn, "10.1.1.2..21", foreign, (bytes_in, 0), start, "Establsh", "No");
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{block}"));
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "started_earlier"]),
        "date,connections,bytes_in,started_earlier\n2026-03-01,1,1000,0\n2026-03-02,1,50,0\n2026-03-03,1,8000,0\n"
    );
    assert_eq!(
        dir.csv("SELECT capture_date, previous_date, traffic_bytes_in FROM v_connections WHERE conn_id = '0000A233'"),
        "capture_date,previous_date,traffic_bytes_in\n2026-03-01,,1000\n2026-03-03,2026-03-01,8000\n"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["clear_connections", "clear_bytes", "dates"]),
        "clear_connections,clear_bytes,dates\n2,9050,3\n"
    );
}

#[test]
fn closing_connections_count_and_listeners_do_not_and_all_s_counters_stand_over_byteinfo_s() {
    let dir = TestDir::new();
    // One run of FTPD1 on 21. ALL: 0000A001 Establsh (1 000 in, 100 out),
    // 0000A002 TimeWait (2 000, 200), 0000A003 CloseWt (3 000, 300), and
    // the listener 00000022. BYTEINFO, a moment later: 0000A001 again with
    // 1 500 and 150 (ALL, the more detailed report, stands), and 0000A004,
    // which ALL did not print (4 000, 400). Closing connections were open
    // that run: four connections at once, 1 000 + 2 000 + 3 000 + 4 000
    // bytes in, 100 + 200 + 300 + 400 out; the listener is none of them.
    let blocks: String = [
        ("0000A001", "10.9.9.1..50001", (1000, 100), "Establsh"),
        ("0000A002", "10.9.9.2..50002", (2000, 200), "TimeWait"),
        ("0000A003", "10.9.9.3..50003", (3000, 300), "CloseWt"),
        ("00000022", "0.0.0.0..0", (0, 0), "Listen"),
    ]
    .iter()
    .map(|(conn, foreign, counters, state)| {
        let local = if *state == "Listen" { "0.0.0.0..21" } else { "10.1.1.2..21" };
        all_block("FTPD1", conn, local, foreign, *counters, "03/01/2026", state, "No")
    })
    .collect();
    let byteinfo = "User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
FTPD1    0000A001 10.1.1.2..21           10.9.9.1..50001        Establsh
  BytesIn:          0000001500          BytesOut:         0000000150
  StartDate:        03/01/2026          StartTime:        07:00:00
FTPD1    0000A004 10.1.1.2..21           10.9.9.4..50004        Establsh
  BytesIn:          0000004000          BytesOut:         0000000400
  StartDate:        03/01/2026          StartTime:        07:30:00
";
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{blocks}{}\n{byteinfo}", header_at("08:00:05")));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        report(&dir, &["capacity"], &["job", "port", "connections", "peak_connections", "bytes_in", "bytes_out"]),
        "job,port,connections,peak_connections,bytes_in,bytes_out\nFTPD1,21,4,4,10000,1000\n"
    );
}

#[test]
fn counters_first_printed_after_allconn_days_are_counted_as_started_earlier() {
    let dir = TestDir::new();
    // FTPD1's connection 0000A233, started 20 February. 1 March: ALLCONN
    // alone (no counters). 2 March: ALL, BytesIn 5 000: the whole counter is
    // that day's traffic as far as the captures tell, though it holds all
    // the connection moved since 20 February, so capacity says so in
    // started_earlier. 3 March: ALL, 7 000: 2 000 moved since 2 March.
    allconn_day(&dir, "tree", "2026-03-01", &[("FTPD1", "0000A233", "10.1.1.2..21", "10.9.9.9..50731")]);
    for (day, bytes_in) in [("2026-03-02", 5000), ("2026-03-03", 7000)] {
        let block = all_block(
            "FTPD1",
            "0000A233",
            "10.1.1.2..21",
            "10.9.9.9..50731",
            (bytes_in, 0),
            "02/20/2026",
            "Establsh",
            "No",
        );
        dir.write(&format!("tree/{day}/SYSB/netstat.txt"), format!("{HEADER}\n{block}"));
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "started_earlier"]),
        "date,connections,bytes_in,started_earlier\n2026-03-01,1,,0\n2026-03-02,1,5000,1\n2026-03-03,1,2000,0\n"
    );
}

#[test]
fn files_named_by_time_alone_in_a_dated_folder_are_two_runs() {
    let dir = TestDir::new();
    // 21 March, SYSA: NETSTAT.T080000.txt, an ALL with CICSPRD1's
    // connection 0000C001 at BytesIn 1 000, BytesOut 100; NETSTAT.T120000.txt,
    // the same connection at 3 000 and 300. The names' times say two runs,
    // 08:00 and 12:00: one connection, seen twice, that moved 3 000 + 300
    // bytes in the day (its whole counters: first seen that day), and no note
    // about two reports of one kind in one run.
    for (name, time, bytes) in
        [("NETSTAT.T080000.txt", "08:00:01", (1000, 100)), ("NETSTAT.T120000.txt", "12:00:01", (3000, 300))]
    {
        let all = all_block(
            "CICSPRD1",
            "0000C001",
            "10.1.1.2..443",
            "10.7.0.1..50001",
            bytes,
            "03/21/2026",
            "Establsh",
            "No",
        );
        dir.write(&format!("tree/2026-03-21/SYSA/{name}"), format!("{}\n{all}", header_at(time)));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("never one run"), "{}", stderr(&output));
    assert_eq!(dir.csv("SELECT substr(captured_at, 12, 2) AS hour FROM snapshots ORDER BY 1"), "hour\n08\n12\n");
    assert_eq!(
        report(&dir, &["capacity"], &["date", "job", "snapshots", "connections", "bytes_in", "bytes_out"]),
        "date,job,snapshots,connections,bytes_in,bytes_out\n2026-03-21,CICSPRD1,2,1,3000,300\n"
    );
}

#[test]
fn traffic_of_a_side_with_no_connection_is_0_when_counters_were_printed_and_empty_when_none_were() {
    let dir = TestDir::new();
    // 1 March, three systems, one capture run each.
    // SYSA: ALL prints CICSPRD1's connection 0000C001 on 443 (TTLSPolicy
    // Yes, BytesIn 1 020, BytesOut 4 100) and NETSTAT TTLS shows it
    // negotiated TLSv1.2. Every connection of the day is protected and its
    // counters were printed: 1 020 + 4 100 bytes protected, and none
    // unprotected: 0 and 0, not "not captured".
    let cics = all_block(
        "CICSPRD1",
        "0000C001",
        "10.1.1.2..443",
        "10.7.0.1..50001",
        (1020, 4100),
        "03/01/2026",
        "Establsh",
        "Yes",
    );
    let ttls = ttls_entry("0000c001", "10.1.1.2..443", "10.7.0.1..50001");
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{cics}{HEADER}\n{ttls}"));
    // SYSB: ALL prints FTPD1's connection 0000A001 on 21, TTLSPolicy No,
    // BytesIn 500, BytesOut 50: nothing protected (0 and 0), 500 and 50 not.
    let ftp =
        all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50731", (500, 50), "03/01/2026", "Establsh", "No");
    dir.write("tree/2026-03-01/SYSB/netstat.txt", format!("{HEADER}\n{ftp}"));
    // SYSC: ALLCONN (no counters) and NETSTAT TTLS, which shows the same
    // CICSPRD1 connection negotiated: one protected connection, and no
    // report printed a counter, so the traffic is not captured on either
    // side: both empty.
    let allconn = format!(
        "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CICSPRD1 0000C001 10.1.1.2..443          10.7.0.1..50001        Establsh
"
    );
    dir.write("tree/2026-03-01/SYSC/netstat.txt", format!("{allconn}{HEADER}\n{ttls}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let columns = [
        "system",
        "connections",
        "tls_connections",
        "clear_connections",
        "bytes_in_protected",
        "bytes_out_protected",
        "bytes_in_unprotected",
        "bytes_out_unprotected",
    ];
    assert_eq!(
        report(&dir, &["tls-adoption"], &columns),
        "system,connections,tls_connections,clear_connections,bytes_in_protected,bytes_out_protected,\
bytes_in_unprotected,bytes_out_unprotected
SYSA,1,1,0,1020,4100,0,0
SYSB,1,0,1,0,0,500,50
SYSC,1,1,0,,,,
"
    );
}

#[test]
fn segments_first_printed_after_a_monitor_layout_day_are_counted_as_started_earlier() {
    // CICSPRD1 on 8080 serves 10.30.5.22..50001, started 20 November 07:00.
    // 23 November: `netstat -b` in the monitor layout (no conn id, no start,
    // no segments), BytesIn / BytesOut 1 000 / 2 000. 24 November: ALL
    // (0000A001, the same socket), 5 000 / 6 000, SegmentsIn / SegmentsOut
    // 50 / 60. 25 November: ALL, 9 000 / 9 000, 70 / 90. One connection:
    // 23 November moved 1 000 / 2 000 and no segments were printed; 24
    // November 4 000 / 4 000, and its segments, printed for the first time,
    // are the whole counters 50 / 60, which hold what it moved since 20
    // November: started_earlier 1, as bytes first printed after ALLCONN
    // days are. 23 November printed no start: its first counters may hold
    // earlier traffic, so it counts too (1, the rule of a start no report
    // printed). 25 November 4 000 / 3 000 and 20 / 30, 0.
    let dir = TestDir::new();
    let listener = ("CICSPRD1", 0, 0, 8080, "0.0.0.0..0");
    let seen = monitor("11/23/2026", &[("CICSPRD1", 1000, 2000, 8080, "10.30.5.22..50001"), listener]);
    dir.write("tree/2026-11-23/SYSA/netstat.txt", seen);
    for (day, bytes, segments) in [
        ("2026-11-24", (5000, 6000), "0000000050        SegmentsOut:        0000000060"),
        ("2026-11-25", (9000, 9000), "0000000070        SegmentsOut:        0000000090"),
    ] {
        let listener =
            all_block("CICSPRD1", "00000030", "0.0.0.0..8080", "0.0.0.0..0", (0, 0), "11/20/2026", "Listen", "No");
        let block = all_block(
            "CICSPRD1",
            "0000A001",
            "10.1.1.2..8080",
            "10.30.5.22..50001",
            bytes,
            "11/20/2026",
            "Establsh",
            "No",
        )
        .replace("0000000010        SegmentsOut:        0000000010", segments);
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{listener}{block}"));
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        dir.csv("SELECT capture_date, previous_date FROM v_connections WHERE endpoint = 'connection' ORDER BY 1"),
        "capture_date,previous_date\n2026-11-23,\n2026-11-24,2026-11-23\n2026-11-25,2026-11-24\n"
    );
    let columns = ["date", "connections", "bytes_in", "bytes_out", "segments_in", "segments_out", "started_earlier"];
    assert_eq!(
        report(&dir, &["capacity"], &columns),
        "date,connections,bytes_in,bytes_out,segments_in,segments_out,started_earlier
2026-11-23,1,1000,2000,,,1
2026-11-24,1,4000,4000,50,60,1
2026-11-25,1,4000,3000,20,30,0
"
    );
}

/// A `netstat -b` report in the Real Time Network Monitor layout z/OS
/// prints (no conn id, no local address; `BytesOut` before `BytesIn`), dated
/// `date` (MM/DD/YYYY): rows of (job, bytes in, bytes out, local port,
/// foreign socket), a foreign port 0 a listener.
pub(crate) fn monitor(date: &str, rows: &[(&str, u64, u64, u16, &str)]) -> String {
    let body: String = rows
        .iter()
        .map(|(job, bytes_in, bytes_out, port, foreign)| {
            let state = if foreign.ends_with("..0") { "Listen" } else { "Establsh" };
            format!("{job:<8} {bytes_out:020} {bytes_in:020} {port:05} {state}\n Foreign Socket: {foreign}\n")
        })
        .collect();
    format!(
        "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:00
{date}          MVS TCP/IP Real Time Network Monitor
User Id  BytesOut             BytesIn              LPort State
-------  --------             -------              ----- -----
{body}Connections displayed: {}
",
        rows.len()
    )
}

/// The captures of 1 and 2 June on which one connection per system is seen
/// by `netstat -b` (the monitor layout) and by ALL (see the test below).
pub(crate) fn one_socket_seen_by_monitor_and_by_all(dir: &TestDir, root: &str, days: &[&str]) {
    let all = |conn, foreign, counters| {
        let listener =
            all_block("CICSPRD1", "00000030", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "05/30/2026", "Listen", "No");
        let block = all_block("CICSPRD1", conn, "10.1.1.2..443", foreign, counters, "06/01/2026", "Establsh", "No");
        format!("{HEADER}\n{listener}{block}")
    };
    let seen = |foreign, counters: (u64, u64), date| {
        monitor(date, &[("CICSPRD1", counters.0, counters.1, 443, foreign), ("CICSPRD1", 0, 0, 443, "0.0.0.0..0")])
    };
    let files = [
        ("2026-06-01", "SYSA", seen("10.30.5.22..60845", (1000, 2000), "06/01/2026")),
        ("2026-06-02", "SYSA", all("0000A001", "10.30.5.22..60845", (5000, 9000))),
        ("2026-06-01", "SYSB", all("0000B001", "10.30.5.23..60846", (1000, 2000))),
        ("2026-06-02", "SYSB", seen("10.30.5.23..60846", (5000, 9000), "06/02/2026")),
        ("2026-06-01", "SYSC", seen("10.30.5.24..60847", (1000, 2000), "06/01/2026")),
        ("2026-06-02", "SYSC", seen("10.30.5.24..60847", (5000, 9000), "06/02/2026")),
    ];
    for (day, system, text) in files.iter().filter(|(day, _, _)| days.contains(day)) {
        dir.write(&format!("{root}/{day}/{system}/netstat.txt"), text);
    }
}

#[test]
fn a_connection_seen_by_the_monitor_layout_and_by_all_on_other_days_is_one_connection() {
    // CICSPRD1 on 443 serves one client socket per system, started 1 June
    // 07:00, with BytesIn 1 000 / BytesOut 2 000 at 08:00 on 1 June and
    // 5 000 / 9 000 at 08:00 on 2 June. SYSA: `netstat -b` (the monitor
    // layout, no conn id) on 1 June, ALL (conn id 0000A001) on 2 June.
    // SYSB: ALL (0000B001) first, then `netstat -b`. SYSC: `netstat -b`
    // both days. Each is the same job, local port and foreign socket with
    // counters that did not go down: one connection, whatever report
    // printed it, that moved 1 000 / 2 000 on 1 June and 4 000 / 7 000 on
    // 2 June, 5 000 / 9 000 in all, seen before on 2 June. SYSA's ALL of 2
    // June is the first to print its segments (10 / 10; the monitor layout
    // prints none): whole counters of a connection started 1 June, so
    // started_earlier 1 there. On 1 June the monitor layout (SYSA, SYSC)
    // prints no start: those first counters may hold earlier traffic
    // (started_earlier 1); SYSB's ALL prints 1 June 07:00 (0), and its
    // monitor row of 2 June prints no counter for the first time (0).
    // Before: SYSA and SYSB were two connections each and 6 000 / 11 000
    // bytes, the 1 June bytes counted twice.
    let expected_rows = "system,capture_date,previous_date,traffic_bytes_in,traffic_bytes_out
SYSA,2026-06-01,,1000,2000
SYSA,2026-06-02,2026-06-01,4000,7000
SYSB,2026-06-01,,1000,2000
SYSB,2026-06-02,2026-06-01,4000,7000
SYSC,2026-06-01,,1000,2000
SYSC,2026-06-02,2026-06-01,4000,7000
";
    let rows = "SELECT system, capture_date, previous_date, traffic_bytes_in, traffic_bytes_out FROM v_connections
        WHERE endpoint = 'connection' ORDER BY system, capture_date";
    let totals = "SELECT system, count(DISTINCT identity_id) AS connections, sum(traffic_bytes_in) AS bytes_in,
        sum(traffic_bytes_out) AS bytes_out FROM v_connections WHERE endpoint = 'connection' GROUP BY system";
    let expected_totals =
        "system,connections,bytes_in,bytes_out\nSYSA,1,5000,9000\nSYSB,1,5000,9000\nSYSC,1,5000,9000\n";
    let capacity = "date,system,connections,bytes_in,bytes_out,started_earlier
2026-06-01,SYSA,1,1000,2000,1
2026-06-01,SYSB,1,1000,2000,0
2026-06-01,SYSC,1,1000,2000,1
2026-06-02,SYSA,1,4000,7000,1
2026-06-02,SYSB,1,4000,7000,0
2026-06-02,SYSC,1,4000,7000,0
";
    let capacity_columns = ["date", "system", "connections", "bytes_in", "bytes_out", "started_earlier"];

    // One ingest of both days.
    let dir = TestDir::new();
    one_socket_seen_by_monitor_and_by_all(&dir, "tree", &["2026-06-01", "2026-06-02"]);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(dir.csv(rows), expected_rows);
    assert_eq!(dir.csv(totals), expected_totals);
    assert_eq!(report(&dir, &["capacity"], &capacity_columns), capacity);

    // 2 June ingested first, 1 June later: the same.
    let late = TestDir::new();
    one_socket_seen_by_monitor_and_by_all(&late, "tree", &["2026-06-02"]);
    assert_eq!(ingest(&late, "tree").status.code(), Some(0));
    one_socket_seen_by_monitor_and_by_all(&late, "tree", &["2026-06-01"]);
    assert_eq!(ingest(&late, "tree").status.code(), Some(0));
    assert_eq!(late.csv(rows), expected_rows);
    assert_eq!(late.csv(totals), expected_totals);
    assert_eq!(report(&late, &["capacity"], &capacity_columns), capacity);
}

#[test]
fn counters_that_fall_under_the_same_start_are_one_connection_and_said() {
    let dir = TestDir::new();
    // FTPD1 on 21, two connections started 1 March 07:00, printed by ALL
    // on 1 and 2 March with the same conn id, sockets and start. 0000A001:
    // BytesIn 4 294 000 000 then 1 000 000, BytesOut 100 then 200; ALL prints
    // 10 digits, a 32-bit counter, which wraps at 4 294 967 296: 2 March
    // moved 4 294 967 296 - 4 294 000 000 + 1 000 000 = 1 967 296 bytes in
    // and 100 out. 0000A002: BytesIn 5 000 000 000 (more than 32 bits hold:
    // no wrap explains the fall) then 1 000, BytesOut 300 then 400: nothing
    // counted for the fall, 100 out. 0000A003: BytesIn 3 000 then 1 000,
    // BytesOut 500 then 600: a fall from below 2^31 = 2 147 483 648 is no
    // wrap (it would mean 4 294 965 296 bytes in between the two runs; an
    // earlier run read again under a later time looks so): nothing counted
    // for the fall, 100 out. A new connection prints its own start,
    // so each stays one connection (before: two each, 2 March's whole
    // counters taken for new connections, in silence).
    for (day, in1, out1, in2, out2, in3, out3) in [
        ("2026-03-01", 4_294_000_000, 100, 5_000_000_000, 300, 3000, 500),
        ("2026-03-02", 1_000_000, 200, 1000, 400, 1000, 600),
    ] {
        let a001 = all_block(
            "FTPD1",
            "0000A001",
            "10.1.1.2..21",
            "10.9.9.9..50001",
            (in1, out1),
            "03/01/2026",
            "Establsh",
            "No",
        );
        let a002 = all_block(
            "FTPD1",
            "0000A002",
            "10.1.1.2..21",
            "10.9.9.8..50002",
            (in2, out2),
            "03/01/2026",
            "Establsh",
            "No",
        );
        let a003 = all_block(
            "FTPD1",
            "0000A003",
            "10.1.1.2..21",
            "10.9.9.7..50003",
            (in3, out3),
            "03/01/2026",
            "Establsh",
            "No",
        );
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{a001}{a002}{a003}"));
    }
    // 2 March first, then 1 March: the stack is linked again whole.
    let late = TestDir::new();
    late.write(
        "tree/2026-03-02/SYSA/netstat.txt",
        std::fs::read(dir.path("tree/2026-03-02/SYSA/netstat.txt")).unwrap(),
    );
    assert_eq!(ingest(&late, "tree").status.code(), Some(0));
    late.write(
        "tree/2026-03-01/SYSA/netstat.txt",
        std::fs::read(dir.path("tree/2026-03-01/SYSA/netstat.txt")).unwrap(),
    );
    let late_output = ingest(&late, "tree");
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 1 March: 4 294 000 000 + 5 000 000 000 + 3 000 in, 100 + 300 + 500
    // out; 2 March: 1 967 296 + 0 + 0 in, 100 + 100 + 100 out; all started
    // that first day.
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "bytes_out", "started_earlier"]),
        "date,connections,bytes_in,bytes_out,started_earlier
2026-03-01,3,9294003000,900,0
2026-03-02,3,1967296,300,0
"
    );
    // 4 294 000 100 + 1 967 396 + 5 000 000 300 + 100 + 3 500 + 100
    // = 9 295 971 496.
    assert_eq!(
        report(&dir, &["cleartext"], &["clear_connections", "clear_bytes", "dates"]),
        "clear_connections,clear_bytes,dates\n3,9295971496,2\n"
    );
    assert_eq!(dir.csv("SELECT count(DISTINCT identity_id) AS n FROM v_connections"), "n\n3\n");
    let traffic = "SELECT capture_date, conn_id, traffic_bytes_in, traffic_bytes_out FROM v_connections ORDER BY 1, 2";
    assert_eq!(late.csv(traffic), dir.csv(traffic));
    // Each fall said, naming the conn id and both lines (a block's first
    // line: 0000A001's is 2, 0000A002's 9, 0000A003's 16, in both files).
    for (dir, output) in [(&dir, &output), (&late, &late_output)] {
        said_falls(dir, output);
    }
}

/// The notes of [`counters_that_fall_under_the_same_start_are_one_connection_and_said`].
fn said_falls(dir: &TestDir, output: &std::process::Output) {
    let said = stderr(output);
    let first = dir.path("tree/2026-03-01/SYSA/netstat.txt").canonicalize().unwrap();
    for (line, conn, fall) in [
        (
            2,
            "0000A001",
            "BytesIn 4294000000 -> 1000000, a 32-bit counter that wrapped (printed in 10 digits: NETSTAT's SHORT format \
             shows the low 32 bits): 1967296 counted",
        ),
        (9, "0000A002", "BytesIn 5000000000 -> 1000, more than a 32-bit counter holds, so no wrap explains it"),
        (
            16,
            "0000A003",
            "BytesIn 3000 -> 1000, below half of what a 32-bit counter holds, and nothing in the same reading shows \
             the connection moved on, so no wrap explains it (more than 2 GiB between two snapshots): an earlier run \
             read again under a later time (a cumulative copy read whole, a capture re-dated, a run printed after \
             the clock went back?) or a misprint; no traffic counted \
             for the fall, and the connection goes on from 3000 (not counted again)",
        ),
    ] {
        let note = format!(
            "line {line}: the counters of conn id {conn} (FTPD1, started 2026-03-01 07:00:00) are lower than at line \
             {line} of {}, under the same start and sockets: one connection (a new one prints another \
             StartDate/StartTime), not two; {fall}",
            first.display()
        );
        assert!(said.contains(&note), "{note}\n{said}");
    }
}

/// One `NETSTAT ALL` block of CSQ9CHIN's 1414 in the LONG format, as CS
/// 3.1 prints it: each counter on a line of its own, in 20 digits (the
/// whole 64-bit counter).
fn long_all_block(conn: &str, foreign: &str, bytes: (u64, u64)) -> String {
    format!(
        "Client Name: CSQ9CHIN                  Client Id: {conn}
  Local Socket: ::ffff:10.1.1.2..1414
  Foreign Socket: ::ffff:{foreign}
    BytesIn:            {:020}
    BytesOut:           {:020}
    SegmentsIn:         00000000000000000010
    SegmentsOut:        00000000000000000020
    StartDate:          11/30/2026          StartTime:          07:00:00
    Last Touched:       07:59:00            State:              Establsh
    TTLSPolicy:         No
",
        bytes.0, bytes.1
    )
}

/// What a fall printed in 20 digits is said as (review 14b F17).
const LONG_FALL: &str = "printed in 20 digits, the whole 64-bit counter (NETSTAT's LONG format), which does not \
                         wrap at 2^32, so no wrap explains it: an earlier run read again under a later time (a \
                         cumulative copy read whole, a capture re-dated, a run printed after the clock went back?) \
                         or a misprint; no traffic counted for the fall";

#[test]
fn a_counter_printed_in_20_digits_that_falls_counts_nothing_and_one_in_10_digits_wraps() {
    let dir = TestDir::new();
    // Under the same start on 1 and 2 December. SYSA prints its ALL in the
    // LONG format (20 digits, the whole 64-bit counter): 000000BB's BytesIn
    // 3 000 000 000 then 1 000 and BytesOut 5 000 000 000 then 2 000 fell,
    // and a 64-bit counter does not wrap at 2^32: 0 in, 0 out (before: a
    // 32-bit wrap read into BytesIn, 4 294 967 296 - 3 000 000 000 + 1 000
    // = 1 294 968 296 bytes that never moved). SYSB prints the SHORT format
    // (10 digits, the low 32 bits): 000000BC's BytesIn 3 000 000 000 then
    // 1 000 wrapped, 1 294 968 296 in; BytesOut 100 then 200, 100 out.
    for (day, (in_a, out_a), (in_b, out_b)) in [
        ("2026-12-01", (3_000_000_000, 5_000_000_000), (3_000_000_000, 100)),
        ("2026-12-02", (1000, 2000), (1000, 200)),
    ] {
        let long = long_all_block("000000BB", "10.1.0.2..51844", (in_a, out_a));
        dir.write(&format!("tree/{day}/SYSA/all.txt"), format!("{HEADER}\n{long}"));
        let short = all_block(
            "CSQ9CHIN",
            "000000BC",
            "10.1.1.2..1414",
            "10.1.0.3..51845",
            (in_b, out_b),
            "11/30/2026",
            "Establsh",
            "No",
        );
        dir.write(&format!("tree/{day}/SYSB/all.txt"), format!("{HEADER}\n{short}"));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(
            "SELECT capture_date, system, conn_id, traffic_bytes_in, traffic_bytes_out FROM v_connections \
             ORDER BY 1, 2"
        ),
        "capture_date,system,conn_id,traffic_bytes_in,traffic_bytes_out
2026-12-01,SYSA,000000BB,3000000000,5000000000
2026-12-01,SYSB,000000BC,3000000000,100
2026-12-02,SYSA,000000BB,0,0
2026-12-02,SYSB,000000BC,1294968296,100
"
    );
    // The width printed is kept with the row.
    assert_eq!(
        dir.csv("SELECT DISTINCT conn_id, counter_digits FROM connections ORDER BY 1"),
        "conn_id,counter_digits\n000000BB,20\n000000BC,10\n"
    );
    // Both falls of 000000BB in one note (its block begins on line 2), and
    // the wrap of 000000BC.
    let said = stderr(&output);
    let earlier = |system: &str| dir.path(&format!("tree/2026-12-01/{system}/all.txt")).canonicalize().unwrap();
    for (system, conn, falls) in [
        (
            "SYSA",
            "000000BB",
            format!(
                "BytesIn 3000000000 -> 1000, {LONG_FALL}, and the connection goes on from 3000000000 (not counted \
                 again); BytesOut 5000000000 -> 2000, {LONG_FALL}, and the connection goes on from 5000000000 (not \
                 counted again)"
            ),
        ),
        (
            "SYSB",
            "000000BC",
            "BytesIn 3000000000 -> 1000, a 32-bit counter that wrapped (printed in 10 digits: NETSTAT's SHORT format \
             shows the low 32 bits): 1294968296 counted"
                .to_string(),
        ),
    ] {
        let note = format!(
            "line 2: the counters of conn id {conn} (CSQ9CHIN, started 2026-11-30 07:00:00) are lower than at line 2 \
             of {}, under the same start and sockets: one connection (a new one prints another StartDate/StartTime), \
             not two; {falls}",
            earlier(system).display()
        );
        assert!(said.contains(&note), "{note}\n{said}");
    }
}

#[test]
fn a_connection_printed_in_10_digits_then_20_then_10_is_read_by_the_width_of_each_print() {
    let dir = TestDir::new();
    // One connection under the same start, its stack's format changed
    // from day to day (`FORMAT LONG` on 2 December only). NETSTAT's SHORT
    // format prints the low 32 bits of the 64-bit counter, the LONG format
    // the whole counter. A fall is read by the width of the print it fell
    // to:
    // 1 December, 10 digits: BytesIn 3 000 000 000, BytesOut 2 000.
    // 2 December, 20 digits: BytesIn 3 000 004 000, 4 000 more. BytesOut
    //   1 000: the whole counter is never below the low 32 bits printed
    //   before, so no wrap explains the fall: 0.
    // 3 December, 10 digits: BytesIn 5 000, a 32-bit wrap from the upper
    //   half: 4 294 967 296 - 3 000 004 000 + 5 000 = 1 294 968 296 (the
    //   whole counter 4 294 972 296, whose low 32 bits are 5 000). BytesOut
    //   3 000, 1 000 more than 2 000: after the fall the connection goes on
    //   from the higher value, so the three days count 2 000 + 0 + 1 000 =
    //   3 000 out, what its counter says it moved (before: 2 000 more than
    //   1 000, 4 000 in all, review 16b F2).
    let short = |bytes| {
        all_block("CSQ9CHIN", "000000BB", "10.1.1.2..1414", "10.1.0.2..51844", bytes, "11/30/2026", "Establsh", "No")
    };
    dir.write("tree/2026-12-01/SYSA/all.txt", format!("{HEADER}\n{}", short((3_000_000_000, 2000))));
    let long = long_all_block("000000BB", "10.1.0.2..51844", (3_000_004_000, 1000));
    dir.write("tree/2026-12-02/SYSA/all.txt", format!("{HEADER}\n{long}"));
    dir.write("tree/2026-12-03/SYSA/all.txt", format!("{HEADER}\n{}", short((5000, 3000))));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(
            "SELECT v.capture_date, c.counter_digits, v.traffic_bytes_in, v.traffic_bytes_out FROM v_connections v \
             JOIN connections c USING (connection_id) ORDER BY 1"
        ),
        "capture_date,counter_digits,traffic_bytes_in,traffic_bytes_out
2026-12-01,10,3000000000,2000
2026-12-02,20,4000,0
2026-12-03,10,1294968296,1000
"
    );
    assert_eq!(dir.csv("SELECT count(DISTINCT identity_id) AS n FROM v_connections"), "n\n1\n");
    let said = stderr(&output);
    for fall in [
        format!("BytesOut 2000 -> 1000, {LONG_FALL}, and the connection goes on from 2000 (not counted again)"),
        "BytesIn 3000004000 -> 5000, a 32-bit counter that wrapped (printed in 10 digits: NETSTAT's SHORT format shows \
         the low 32 bits): 1294968296 counted"
            .to_string(),
    ] {
        assert!(said.contains(&fall), "{fall}\n{said}");
    }
}

#[test]
fn a_connection_whose_start_no_report_printed_counts_as_started_earlier() {
    let dir = TestDir::new();
    // The first day of the tree, one run: ALL prints FTPD1's 0000A002 on
    // 21, started that day at 07:00 (500 bytes in, 50 out: all of it moved
    // that day); `netstat -b` in the monitor layout, which prints no start,
    // prints FTPD1's listener on 21 and a client on it from
    // 10.9.9.9..50001 (1 000 bytes in, 100 out), which ALL did not print.
    // Its counters may hold what it moved before the day: started_earlier
    // counts it (0 before, as if it had started that day).
    let all =
        all_block("FTPD1", "0000A002", "10.1.1.2..21", "10.9.9.8..50002", (500, 50), "03/01/2026", "Establsh", "No");
    let monitor = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:02
03/01/2026          MVS TCP/IP Real Time Network Monitor
User Id  BytesOut             BytesIn              LPort State
-------  --------             -------              ----- -----
FTPD1    00000000000000000100 00000000000000001000 00021 Establsh
 Foreign Socket: 10.9.9.9..50001
FTPD1    00000000000000000000 00000000000000000000 00021 Listen
 Foreign Socket: 0.0.0.0..0
Connections displayed: 2
";
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{monitor}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["capacity"], &["job", "port", "connections", "bytes_in", "bytes_out", "started_earlier"]),
        "job,port,connections,bytes_in,bytes_out,started_earlier\nFTPD1,21,2,1500,150,1\n"
    );
}

#[test]
fn connections_allconn_lists_as_closed_count_in_the_day_but_not_in_the_peak() {
    // Review 15a F9: one ALLCONN run (TSO, message ids) of DB2ADIST on 446:
    // 0000B010 from 10.30.5.31..40001 `Establsh`, 0000B011-0000B013 from
    // ..40002-40004 `Closed` (ALLCONN lists recently closed connections),
    // and the listener. By hand: four connections were seen that day; one
    // was open when NETSTAT ran, so the peak of open connections is 1.
    let dir = TestDir::new();
    let row = |conn: &str, local: &str, foreign: &str, state: &str| {
        format!("EZZ2587I DB2ADIST {conn} {local:<22} {foreign:<22} {state}\n")
    };
    let allconn = format!(
        "EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:02
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
{}{}{}{}{}",
        row("0000B010", "10.1.1.2..446", "10.30.5.31..40001", "Establsh"),
        row("0000B011", "10.1.1.2..446", "10.30.5.31..40002", "Closed"),
        row("0000B012", "10.1.1.2..446", "10.30.5.31..40003", "Closed"),
        row("0000B013", "10.1.1.2..446", "10.30.5.31..40004", "Closed"),
        row("00000021", "0.0.0.0..446", "0.0.0.0..0", "Listen"),
    );
    dir.write("tree/2026-12-01/SYSA/allconn.txt", allconn);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["capacity"], &["job", "port", "snapshots", "connections", "peak_connections"]),
        "job,port,snapshots,connections,peak_connections\nDB2ADIST,446,1,4,1\n"
    );
}

/// One connection of `netstat -b FORMAT LONG` (BYTEINFO with conn ids), its
/// counters in 20 digits (the whole 64-bit counter).
fn long_byteinfo_entry(job: &str, conn: &str, local: &str, foreign: &str, bytes: (u64, u64)) -> String {
    format!(
        "{job:<8} {conn} Establsh
  Local Socket:   {local}
  Foreign Socket: {foreign}
    BytesIn:        {:020}
    BytesOut:       {:020}
    StartDate:      12/05/2026      StartTime:      07:00:00
",
        bytes.0, bytes.1
    )
}

#[test]
fn a_day_of_20_digit_counters_between_days_of_10_digit_ones_counts_what_the_low_32_bits_moved() {
    // Review 15a F2. SYSA's MQ channels, each under one start (12/05/2026
    // 07:00) and sockets on every day it is printed. ALL prints the low 32
    // bits of a counter in 10 digits; `netstat -b FORMAT LONG` (BYTEINFO)
    // the whole 64-bit counter in 20.
    // CSQBCHIN 00000035 on 1414, 10 -> 20 -> 10 digits: BytesOut
    //   12-10 ALL 0505032704 (4 800 000 000 - 4 294 967 296),
    //   12-11 BYTEINFO 00000000005400000000 (low 32 bits: 5 400 000 000 -
    //         4 294 967 296 = 1 105 032 704): 1 105 032 704 - 505 032 704
    //         = 600 000 000 (before: 5 400 000 000 - 505 032 704 =
    //         4 894 967 296, the high bits counted as traffic),
    //   12-12 ALL 1705032704: 1 705 032 704 - 1 105 032 704 = 600 000 000
    //         (before: a fall from 5 400 000 000, 0 and a "misprinted" note).
    //   BytesIn 1 000, 2 000, 3 000: 1 000 a day.
    // CSQCCHIN 00000036 on 1415, 20 -> 10 digits: BytesOut 12-11 BYTEINFO
    //   00000000005400000000 (its first print: 5 400 000 000 that day),
    //   12-12 ALL 1705032704: 600 000 000; BytesIn 2 000 then 3 000: 1 000.
    let (b, c) = (("CSQBCHIN", "00000035", "10.2.1.5..1414"), ("CSQCCHIN", "00000036", "10.2.1.5..1415"));
    let foreign = |conn: &str| if conn == "00000035" { "10.3.0.7..50612" } else { "10.3.0.8..50613" };
    let all = |(job, conn, local): (&str, &str, &str), bytes| {
        all_block(job, conn, local, foreign(conn), bytes, "12/05/2026", "Establsh", "No")
    };
    let long =
        |(job, conn, local): (&str, &str, &str), bytes| long_byteinfo_entry(job, conn, local, foreign(conn), bytes);
    let byteinfo_header = "User Id  Conn     State\n-------  ----     -----\n";
    let days = [
        ("2026-12-10", format!("{HEADER}\n{}", all(b, (1000, 505_032_704)))),
        (
            "2026-12-11",
            format!("{HEADER}\n{byteinfo_header}{}{}", long(b, (2000, 5_400_000_000)), long(c, (2000, 5_400_000_000))),
        ),
        ("2026-12-12", format!("{HEADER}\n{}{}", all(b, (3000, 1_705_032_704)), all(c, (3000, 1_705_032_704)))),
    ];
    // Read at once, and day by day (12-12 continues the heads stored by
    // the ingest before it).
    let (dir, by_day) = (TestDir::new(), TestDir::new());
    for (date, text) in &days {
        let path = format!("tree/{date}/SYSA/netstat.txt");
        dir.write(&path, text);
        by_day.write(&path, text);
        assert_eq!(ingest(&by_day, "tree").status.code(), Some(0));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for dir in [&dir, &by_day] {
        assert_eq!(
            report(dir, &["capacity"], &["date", "job", "bytes_in", "bytes_out"]),
            "date,job,bytes_in,bytes_out
2026-12-10,CSQBCHIN,1000,505032704
2026-12-11,CSQCCHIN,2000,5400000000
2026-12-11,CSQBCHIN,1000,600000000
2026-12-12,CSQBCHIN,1000,600000000
2026-12-12,CSQCCHIN,1000,600000000
"
        );
        assert_eq!(dir.csv("SELECT count(DISTINCT identity_id) AS n FROM v_connections"), "n\n2\n");
    }
    assert!(!stderr(&output).contains("are lower than at"), "{}", stderr(&output));
}

/// What the row of 00000035 on 11 December says of where it came from: the
/// file (name) and line of its source, and of the attribute that names
/// where its counters were printed, with its value.
const TRACE: &str =
    "SELECT v.source_line, replace(v.source_file, rtrim(v.source_file, replace(v.source_file, '/', '')), '') \
     AS source_file, a.key, a.value, a.source_line AS printed_line, \
     replace(f.path, rtrim(f.path, replace(f.path, '/', '')), '') AS printed_file \
     FROM v_connections v \
     LEFT JOIN attributes a ON a.owner_table = 'connections' AND a.owner_id = v.connection_id \
     LEFT JOIN capture_rows k ON k.capture_id = a.capture_id LEFT JOIN capture_files f ON f.file_id = k.file_id \
     WHERE v.conn_id = '00000035' AND v.capture_date = '2026-12-11'";

#[test]
fn counters_of_a_byteinfo_entry_are_traced_to_its_line_not_to_the_allconn_line_that_stands() {
    // Review 15a F7. SYSA, one run on 11 December in two files. ALLCONN
    // prints CSQBCHIN's listener 00000025 at line 4 and its channel
    // 00000035 at line 5 (no counters); BYTEINFO (`-b FORMAT LONG`) prints
    // 00000035 at line 4, BytesIn 65 000 000, BytesOut 3 900 000 000. One
    // row: ALLCONN, the more detailed report, is its source (line 5); the
    // counters are BYTEINFO's line 4, kept as the attribute `Counters (other
    // report)`. 12 December, ALL (10 digits): BytesIn 75 000 000, BytesOut
    // 205 032 704, a wrap of the low 32 bits: 4 294 967 296 - 3 900 000 000
    // + 205 032 704 = 600 000 000 out, 10 000 000 in; the note names the
    // line that printed 3 900 000 000 (before: ALLCONN's line 5).
    let allconn = format!(
        "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQBCHIN 00000025 0.0.0.0..1414          0.0.0.0..0             Listen
CSQBCHIN 00000035 10.2.1.5..1414         10.3.0.7..50612        Establsh
"
    );
    let byteinfo = format!(
        "{HEADER}\nUser Id  Conn     State\n-------  ----     -----\n{}",
        long_byteinfo_entry("CSQBCHIN", "00000035", "10.2.1.5..1414", "10.3.0.7..50612", (65_000_000, 3_900_000_000))
    );
    let all = all_block(
        "CSQBCHIN",
        "00000035",
        "10.2.1.5..1414",
        "10.3.0.7..50612",
        (75_000_000, 205_032_704),
        "12/05/2026",
        "Establsh",
        "No",
    );
    // The ALLCONN file written first, then BYTEINFO's; the other way
    // round; and BYTEINFO's file ingested after the day was (its row merged
    // into the one ALLCONN's file wrote).
    for (allconn_name, byteinfo_name, late) in [
        ("allconn.txt", "byteinfo.txt", false),
        ("b-allconn.txt", "a-byteinfo.txt", false),
        ("allconn.txt", "byteinfo.txt", true),
    ] {
        let dir = TestDir::new();
        dir.write(&format!("tree/2026-12-11/SYSA/{allconn_name}"), &allconn);
        if late {
            assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
        }
        dir.write(&format!("tree/2026-12-11/SYSA/{byteinfo_name}"), &byteinfo);
        dir.write("tree/2026-12-12/SYSA/all.txt", format!("{HEADER}\n{all}"));
        let output = ingest(&dir, "tree");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            dir.csv(TRACE),
            format!(
                "source_line,source_file,key,value,printed_line,printed_file
5,{allconn_name},Counters (other report),\"BytesIn 65000000, BytesOut 3900000000\",4,{byteinfo_name}
"
            ),
            "{allconn_name} {byteinfo_name} {late}"
        );
        assert_eq!(
            report(&dir, &["capacity"], &["date", "job", "bytes_in", "bytes_out"]),
            "date,job,bytes_in,bytes_out\n2026-12-11,CSQBCHIN,65000000,3900000000\n2026-12-12,CSQBCHIN,10000000,600000000\n"
        );
        let printed = dir.path(&format!("tree/2026-12-11/SYSA/{byteinfo_name}")).canonicalize().unwrap();
        let note = format!(
            "line 2: the counters of conn id 00000035 (CSQBCHIN, started 2026-12-05 07:00:00) are lower than at line 4 \
             of {}, under the same start and sockets",
            printed.display()
        );
        assert!(stderr(&output).contains(&note), "{note}\n{}", stderr(&output));
    }
}

#[test]
fn a_day_whose_traffic_covers_days_not_captured_or_captured_without_counters_says_how_many() {
    // Review 15a F4. SYSA's CSQ9CHIN 000000BB (started 30 November) by ALL
    // on 5, 7 and 8 December, none on the 6th: BytesIn/BytesOut 1 000 /
    // 5 500 000, 1 500 / 7 500 000, 2 000 / 8 500 000. The 7th's growth,
    // 500 / 2 000 000, is since the 5th: two days (7 - 5); the 8th's, 500 /
    // 1 000 000, one. SYSB's CSQBCHIN 00000035 (started 30 November) by ALL
    // on 8 December (1 000 / 100 000), by ALLCONN alone on the 9th (no
    // counters: the connection, no bytes), by ALL on the 10th (3 000 /
    // 300 000): 2 000 / 200 000 since the 8th, two days (10 - 8). The first
    // day of each is its whole counters (started_earlier 1), one day.
    let all = |system: &str, bytes| {
        let (job, conn, local) = match system {
            "SYSA" => ("CSQ9CHIN", "000000BB", "10.1.1.2..1414"),
            _ => ("CSQBCHIN", "00000035", "10.2.1.5..1414"),
        };
        format!("{HEADER}\n{}", all_block(job, conn, local, "10.3.0.7..50612", bytes, "11/30/2026", "Establsh", "No"))
    };
    let allconn = format!(
        "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQBCHIN 00000035 10.2.1.5..1414         10.3.0.7..50612        Establsh
"
    );
    let dir = TestDir::new();
    for (date, system, text) in [
        ("2026-12-05", "SYSA", all("SYSA", (1000, 5_500_000))),
        ("2026-12-07", "SYSA", all("SYSA", (1500, 7_500_000))),
        ("2026-12-08", "SYSA", all("SYSA", (2000, 8_500_000))),
        ("2026-12-08", "SYSB", all("SYSB", (1000, 100_000))),
        ("2026-12-09", "SYSB", allconn),
        ("2026-12-10", "SYSB", all("SYSB", (3000, 300_000))),
    ] {
        dir.write(&format!("tree/{date}/{system}/netstat.txt"), text);
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(
            &dir,
            &["capacity"],
            &["date", "system", "connections", "bytes_in", "bytes_out", "started_earlier", "days_covered"]
        ),
        "date,system,connections,bytes_in,bytes_out,started_earlier,days_covered
2026-12-05,SYSA,1,1000,5500000,1,1
2026-12-07,SYSA,1,500,2000000,0,2
2026-12-08,SYSA,1,500,1000000,0,1
2026-12-08,SYSB,1,1000,100000,1,1
2026-12-09,SYSB,1,,,0,1
2026-12-10,SYSB,1,2000,200000,0,2
"
    );
}

/// One `NETSTAT ALL` block of a connection started 30 November 06:00, its
/// counters (`BytesIn`, `BytesOut`, `SegmentsIn`, `SegmentsOut`) in 10 digits (the
/// SHORT format: the low 32 bits of each).
fn busy_block(job: &str, conn: &str, local: &str, foreign: &str, counters: [u64; 4]) -> String {
    let [bytes_in, bytes_out, segments_in, segments_out] = counters;
    format!(
        "Client Name: {job:<8}                 Client Id: {conn}
Local Socket: {local:<22} Foreign Socket: {foreign} 
  BytesIn:            {bytes_in:010}        BytesOut:           {bytes_out:010}
  SegmentsIn:         {segments_in:010}        SegmentsOut:        {segments_out:010}
  StartDate:          11/30/2026        StartTime:          06:00:00
  Last Touched:       07:59:00          State:              Establsh
  TTLSPolicy:         No
"
    )
}

#[test]
fn a_counter_that_falls_while_its_direction_s_segments_grew_wrapped_whatever_half_it_was_in() {
    // Review 18a F9. SYSA's ALL at 08:00 on 1, 2 and 3 December, in the
    // SHORT format (10 digits, the low 32 bits of 64-bit counters).
    // CSQ1CHIN's MQ channel 0000B0A1 on 1414 (3 GB out a day: the whole
    // counter 1 500 000 000, 4 500 000 000, 7 500 000 000):
    //   BytesIn      1 500 000 /     4 500 000 /     7 500 000
    //   BytesOut 1 500 000 000 /   205 032 704 / 3 205 032 704
    //   SegmentsIn     525 000 /     1 550 000 /     2 575 000
    //   SegmentsOut  1 050 000 /     3 100 000 /     5 150 000
    //   2 December: BytesOut fell from below 2 147 483 648, but SegmentsOut
    //   grew 2 050 000 in the same reading: the connection moved on, so the
    //   fall is one wrap, 4 294 967 296 - 1 500 000 000 + 205 032 704 =
    //   3 000 000 000 out (before: 0, "an earlier run read again"). 3
    //   December: 3 205 032 704 - 205 032 704 = 3 000 000 000 (before:
    //   1 705 032 704, from the 1 500 000 000 kept). Three days 7 500 000 000,
    //   what the whole counter says; in 3 000 000 a day after the first.
    // FTPD1's 0000B0A2 on 21, a control: BytesIn 100 / 200 / 300, BytesOut
    //   3 000 / 1 000 / 3 500, SegmentsIn 5 / 6 / 7, SegmentsOut 10 / 10 /
    //   11. 2 December's BytesOut fell from below 2^31 while SegmentsOut
    //   stayed at 10: no bytes went out, so no wrap (4 294 965 296 bytes in
    //   no segment): 0 out, and the connection goes on from 3 000; 3
    //   December 3 500 - 3 000 = 500. In: 100 a day.
    let dir = TestDir::new();
    for (day, mq, ftp) in [
        ("2026-12-01", [1_500_000, 1_500_000_000, 525_000, 1_050_000], [100, 3000, 5, 10]),
        ("2026-12-02", [4_500_000, 205_032_704, 1_550_000, 3_100_000], [200, 1000, 6, 10]),
        ("2026-12-03", [7_500_000, 3_205_032_704, 2_575_000, 5_150_000], [300, 3500, 7, 11]),
    ] {
        let mq = busy_block("CSQ1CHIN", "0000B0A1", "10.1.1.2..1414", "10.2.3.4..61000", mq);
        let ftp = busy_block("FTPD1", "0000B0A2", "10.1.1.2..21", "10.2.3.5..61001", ftp);
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{mq}{ftp}"));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(
            "SELECT capture_date, conn_id, traffic_bytes_in, traffic_bytes_out, traffic_segments_out \
             FROM v_connections WHERE endpoint = 'connection' ORDER BY 1, 2"
        ),
        "capture_date,conn_id,traffic_bytes_in,traffic_bytes_out,traffic_segments_out
2026-12-01,0000B0A1,1500000,1500000000,1050000
2026-12-01,0000B0A2,100,3000,10
2026-12-02,0000B0A1,3000000,3000000000,2050000
2026-12-02,0000B0A2,100,0,0
2026-12-03,0000B0A1,3000000,3000000000,2050000
2026-12-03,0000B0A2,100,500,1
"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["date", "job", "bytes_in", "bytes_out"]),
        "date,job,bytes_in,bytes_out
2026-12-01,CSQ1CHIN,1500000,1500000000
2026-12-01,FTPD1,100,3000
2026-12-02,CSQ1CHIN,3000000,3000000000
2026-12-02,FTPD1,100,0
2026-12-03,CSQ1CHIN,3000000,3000000000
2026-12-03,FTPD1,100,500
"
    );
    // 1 500 000 000 + 3 000 000 000 + 3 000 000 000 out, 3 000 + 500 out.
    assert_eq!(
        dir.csv("SELECT job, sum(traffic_bytes_out) AS out FROM v_connections GROUP BY job ORDER BY job"),
        "job,out\nCSQ1CHIN,7500000000\nFTPD1,3500\n"
    );
    // Each fall said, at its block's first line (0000B0A1's 2, 0000B0A2's 9).
    let said = stderr(&output);
    let first = dir.path("tree/2026-12-01/SYSA/netstat.txt").canonicalize().unwrap();
    for (line, job, conn, fall) in [
        (
            2,
            "CSQ1CHIN",
            "0000B0A1",
            "BytesOut 1500000000 -> 205032704, a 32-bit counter that wrapped (printed in 10 digits: NETSTAT's SHORT \
             format shows the low 32 bits), from below half of what it holds, but SegmentsOut grew in the same \
             reading: the connection moved on, more than 2 GiB since, not an earlier run read again: 3000000000 \
             counted",
        ),
        (
            9,
            "FTPD1",
            "0000B0A2",
            "BytesOut 3000 -> 1000, below half of what a 32-bit counter holds, and nothing in the same reading \
             shows the connection moved on, so no wrap explains it",
        ),
    ] {
        let note = format!(
            "line {line}: the counters of conn id {conn} ({job}, started 2026-11-30 06:00:00) are lower than at line \
             {line} of {}, under the same start and sockets: one connection (a new one prints another \
             StartDate/StartTime), not two; {fall}",
            first.display()
        );
        assert!(said.contains(&note), "{note}\n{said}");
    }
}

#[test]
fn a_day_after_many_runs_without_counters_covers_the_days_since_the_counters_it_grew_from() {
    // Review 18a F12. CSQ1CHIN's 0000B001 on 1414 (started 1 December
    // 07:00) on three systems, each run in a file named by its time.
    // SYSA: ALL at 08:00 on 1 December (1 000 / 2 000), ALLCONN alone at
    //   08:00 and 16:00 on the 2nd, ALL at 08:00 on the 3rd (7 000 / 8 000):
    //   the 3rd's 6 000 / 6 000 grew from the 1st's counters, two days (3 - 1;
    //   before: 1, the walk stopped at the 2nd's 08:00 run).
    // SYSB: ALL on the 1st (1 000 / 2 000), ALLCONN alone on the 2nd and the
    //   3rd, ALL on the 4th (7 000 / 8 000): 6 000 / 6 000 over three days
    //   (4 - 1; before: 2).
    // SYSC, the control: ALL at 08:00 (1 000 / 2 000), ALLCONN at 12:00, ALL
    //   at 16:00 (3 000 / 5 000) on the 1st; ALLCONN alone on the 2nd; ALL on
    //   the 3rd (9 000 / 11 000): the 1st 3 000 / 5 000 (its whole counters,
    //   the day alone), the 3rd 6 000 / 6 000 since the 1st's 16:00, two days.
    // A day of ALLCONN alone: the connection, no bytes, one day.
    let all = |time: &str, bytes| {
        let block = all_block(
            "CSQ1CHIN",
            "0000B001",
            "10.1.1.2..1414",
            "10.1.2.2..1031",
            bytes,
            "12/01/2026",
            "Establsh",
            "No",
        );
        format!("{}\n{block}", header_at(time))
    };
    let allconn = |time: &str| {
        format!(
            "{}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQ1CHIN 0000B001 10.1.1.2..1414         10.1.2.2..1031         Establsh
",
            header_at(time)
        )
    };
    let dir = TestDir::new();
    for (system, day, hour, text) in [
        ("SYSA", "01", "08", all("08:00:01", (1000, 2000))),
        ("SYSA", "02", "08", allconn("08:00:01")),
        ("SYSA", "02", "16", allconn("16:00:01")),
        ("SYSA", "03", "08", all("08:00:01", (7000, 8000))),
        ("SYSB", "01", "08", all("08:00:01", (1000, 2000))),
        ("SYSB", "02", "08", allconn("08:00:01")),
        ("SYSB", "03", "08", allconn("08:00:01")),
        ("SYSB", "04", "08", all("08:00:01", (7000, 8000))),
        ("SYSC", "01", "08", all("08:00:01", (1000, 2000))),
        ("SYSC", "01", "12", allconn("12:00:01")),
        ("SYSC", "01", "16", all("16:00:01", (3000, 5000))),
        ("SYSC", "02", "08", allconn("08:00:01")),
        ("SYSC", "03", "08", all("08:00:01", (9000, 11_000))),
    ] {
        dir.write(&format!("tree/2026-12-{day}/{system}/NETSTAT.T{hour}0000.txt"), text);
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["capacity"], &["date", "system", "connections", "bytes_in", "bytes_out", "days_covered"]),
        "date,system,connections,bytes_in,bytes_out,days_covered
2026-12-01,SYSA,1,1000,2000,1
2026-12-01,SYSB,1,1000,2000,1
2026-12-01,SYSC,1,3000,5000,1
2026-12-02,SYSA,1,,,1
2026-12-02,SYSB,1,,,1
2026-12-02,SYSC,1,,,1
2026-12-03,SYSA,1,6000,6000,2
2026-12-03,SYSB,1,,,1
2026-12-03,SYSC,1,6000,6000,2
2026-12-04,SYSB,1,6000,6000,3
"
    );
    // Review 18a F2: a row's traffic runs from the counters last printed,
    // not from its previous observation when that printed none: SYSC's 1st
    // 16:00 grew 2 000 / 3 000 from 08:00 (previous: the 12:00 ALLCONN), the
    // 3rd 6 000 / 6 000 from the 1st's 16:00 (previous_date: the 2nd's ALLCONN).
    assert_eq!(
        dir.csv(
            "SELECT captured_at, traffic_bytes_in, traffic_bytes_out, previous_date FROM v_connections \
             WHERE system = 'SYSC' ORDER BY captured_at"
        ),
        "captured_at,traffic_bytes_in,traffic_bytes_out,previous_date
2026-12-01T08:00:01,1000,2000,
2026-12-01T12:00:01,,,2026-12-01
2026-12-01T16:00:01,2000,3000,2026-12-01
2026-12-02T08:00:01,,,2026-12-01
2026-12-03T08:00:01,6000,6000,2026-12-02
"
    );
}
