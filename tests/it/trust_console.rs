//! Console replies (`D TCPIP,,NETSTAT,...`) in SYSLOG extracts: each rule
//! pinned on a small extract written here by hand, column-exact, with the
//! answer worked out from its text in the test (the helpers are trust.rs's).

use crate::trust::report;
use crate::util::{stderr, TestDir};

/// A SYSLOG message record (record type `kind`, `MR`, `NC`, ...) of
/// `system` at `when` (`yyddd hh:mm:ss.th`), as the hardcopy log writes it:
/// the system in columns 11-18, the date in 20-24, the time in 26-36, the
/// job in 38-45, the flags in 47-54, the text from 57.
fn message(kind: &str, system: &str, when: &str, job: &str, text: &str) -> String {
    format!("{kind}0000000 {system:<8} {when} {job:<8} 00000090  {text}\n")
}

/// A continuation record of message `id`: the connect id right-aligned to
/// column 45, the flags in 47-54, the text from 57.
fn continuation(kind: &str, id: &str, text: &str) -> String {
    format!("{kind:<2}{id:>43} 00000090  {text}\n")
}

/// The operator's command `D TCPIP,,NETSTAT,<report>` at `hh:mm:00.90` and
/// the reply `id` of stack TCPIP on `system` a moment later (`hh:mm:01.12`),
/// on `day` (`yyddd`): the `EZD0101I` line, `lines` (the first a label
/// record), the trailer of `records` records.
pub(crate) fn reply_on(
    day: &str,
    system: &str,
    at: &str,
    report: &str,
    id: &str,
    lines: &[&str],
    records: usize,
) -> String {
    let (echo, header) = (format!("{day} {at}:00.90"), format!("{day} {at}:01.12"));
    let mut text = message("NC", system, &echo, "TSU00012", &format!("D TCPIP,,NETSTAT,{report}"));
    text += &message("MR", system, &header, "STC00045", &format!("EZD0101I NETSTAT CS V2R4 TCPIP {id}"));
    for (n, line) in lines.iter().enumerate() {
        text += &continuation(if n == 0 { "LR" } else { "DR" }, id, line);
    }
    text += &continuation("DR", id, &format!("{records} OF {records} RECORDS DISPLAYED"));
    text + &continuation("ER", id, "END OF THE REPORT")
}

/// [`reply_on`] 24 November 2026 (day 328) of one record.
fn reply(system: &str, at: &str, report: &str, id: &str, lines: &[&str]) -> String {
    reply_on("26328", system, at, report, id, lines, 1)
}

/// The reply without its command echo, as an extract of the reply lines
/// alone (`grep 'EZD0101I\| 279 '`) keeps it.
fn without_echo(reply: &str) -> String {
    reply.lines().skip(1).map(|line| format!("{line}\n")).collect()
}

const CONN_HEADING: &str = "USER ID  CONN     LOCAL SOCKET           FOREIGN SOCKET         STATE";

/// A `CONN` reply at `at` listing PAYXFER's connection `conn` from local
/// port `port` to 10.60.1.9..8443.
fn conn_reply(at: &str, id: &str, conn: &str, port: u16) -> String {
    let row = format!("PAYXFER  {conn} {:<22} 10.60.1.9..8443        ESTABLSH", format!("10.1.1.2..{port}"));
    reply("SYSA", at, "CONN", id, &[CONN_HEADING, &row])
}

/// Ingests `root` of `dir`; asserts success and returns what it said.
fn ingest_ok(dir: &TestDir, root: &str) -> String {
    let output = dir.run(&["ingest", dir.path(root).to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stderr(&output)
}

/// The capacity report of `dir`, in the columns these tests work out.
fn capacity(dir: &TestDir) -> String {
    let columns = "date,job,direction,port,snapshots,connections,peak_connections,bytes_in,bytes_out,top_peer,\
                   top_peer_bytes,started_earlier";
    report(dir, &["capacity"], &columns.split(',').collect::<Vec<_>>())
}

#[test]
fn two_unfiltered_replies_of_one_list_hours_apart_are_two_snapshots() {
    // By hand: SYSA, 24 November 2026 (26328). `D TCPIP,,NETSTAT,CONN` at
    // 08:00 (echo line 1, reply 279 lines 2-6) lists PAYXFER's 0000A001
    // from 10.1.1.2..50001 to 10.60.1.9..8443; the same command at 12:00
    // (echo line 7, reply 412 lines 8-12) lists 0000B002 from port 50002
    // (the 08:00 one ended). Each echo names no filter, so each reply lists
    // every connection of the stack at its time: two snapshots, 08:00:01
    // and 12:00:01, of one connection each. The day: 2 connections, a peak
    // of 1; outbound to 8443 (an ephemeral local port against a registered
    // one); no counters. Before: one snapshot at 08:00:01 holding both, a
    // peak of 2, and 0000B002 stamped 08:00:01.
    let replies = conn_reply("08:00", "279", "0000A001", 50001) + &conn_reply("12:00", "412", "0000B002", 50002);
    let expected = "date,job,direction,port,snapshots,connections,peak_connections,bytes_in,bytes_out,top_peer,\
top_peer_bytes,started_earlier
2026-11-24,PAYXFER,outbound,8443,2,2,1,,,,,0
";
    let dir = TestDir::new();
    dir.write("tree/syslog.txt", &replies);
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains(
            "syslog.txt: note: line 8: this CONN report of stack TCPIP (12:00:01) was asked by the same command as \
             the CONN report at line 2 (the same filter, or none), which a capture run asks once: a capture run \
             appended to the file"
        ),
        "{said}"
    );
    assert_eq!(
        dir.csv(
            "SELECT s.system, s.captured_at, c.conn_id FROM snapshots s JOIN connections c USING (snapshot_id)
             ORDER BY 2"
        ),
        "system,captured_at,conn_id\nSYSA,2026-11-24T08:00:01,0000A001\nSYSA,2026-11-24T12:00:01,0000B002\n"
    );
    assert_eq!(capacity(&dir), expected);

    // The reply lines alone (no echo): the SYSLOG times, four hours apart,
    // tell the two replies apart.
    let dir = TestDir::new();
    let first = without_echo(&conn_reply("08:00", "279", "0000A001", 50001));
    dir.write("tree/syslog.txt", first + &without_echo(&conn_reply("12:00", "412", "0000B002", 50002)));
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains(
            "syslog.txt: note: line 6: this CONN/ALLCONN console reply of stack TCPIP (12:00:01) came more than 30 \
             minutes after the reply at line 1 (2026-11-24 08:00:01): each console reply is taken at its own time"
        ),
        "{said}"
    );
    assert_eq!(capacity(&dir), expected);

    // The same two lists from TSO, written with DISP=MOD into one SYSTSPRT:
    // two runs whatever their times (a run asks each report once).
    let tso = |time: &str, conn: &str, port: u16| {
        format!(
            "READY\nNETSTAT CONN\nMVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           {time}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
PAYXFER  {conn} {:<22} 10.60.1.9..8443        Establsh
",
            format!("10.1.1.2..{port}")
        )
    };
    let dir = TestDir::new();
    dir.write(
        "tree/2026-11-24/SYSA/systsprt.txt",
        tso("08:00:01", "0000A001", 50001) + &tso("12:00:01", "0000B002", 50002) + "READY\nEND\n",
    );
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains("systsprt.txt: note: line 9: this CONN report of stack TCPIP (12:00:01) was asked"),
        "{said}"
    );
    assert_eq!(capacity(&dir), expected);
}

/// `D TCPIP,,NETSTAT,ALL` of CICSPRD1's 0000A001 (10.1.1.2..8080 from
/// 10.30.5.22..50001, started 20 November 07:00) with its counters.
fn all_reply(at: &str, id: &str, bytes: (u64, u64), policy: &str) -> String {
    all_reply_on("26328", at, id, bytes, policy)
}

/// [`all_reply`] on `day` (`yyddd`).
fn all_reply_on(day: &str, at: &str, id: &str, bytes: (u64, u64), policy: &str) -> String {
    let counters = format!("  BYTESIN:            {:010}        BYTESOUT:           {:010}", bytes.0, bytes.1);
    reply_on(
        day,
        "SYSA",
        at,
        "ALL",
        id,
        &[
            "CLIENT NAME: CICSPRD1                CLIENT ID: 0000A001",
            "  LOCAL SOCKET: 10.1.1.2..8080        FOREIGN SOCKET: 10.30.5.22..50001",
            &counters,
            "  SEGMENTSIN:         0000000010        SEGMENTSOUT:        0000000020",
            "  STARTDATE:          11/20/2026        STARTTIME:          07:00:00",
            "  LAST TOUCHED:       07:59:00          STATE:              ESTABLSH",
            &format!("  TTLSPOLICY:         {policy}"),
        ],
        1,
    )
}

#[test]
fn a_later_reply_of_another_kind_is_a_snapshot_at_its_own_time() {
    // By hand: `D TCPIP,,NETSTAT,ALL` at 08:00:01 (reply 279, lines 2-11:
    // the EZD0101I line, 7 of the block, 2 of the trailer) prints 0000A001
    // with BytesIn 1 000, BytesOut 2 000; then `D TCPIP,,NETSTAT,BYTEINFO`
    // at 12:00:01 (echo line 12, reply 412 from line 13) prints it again with 5 000 / 9 000, the same start (20
    // November 07:00). Four hours apart, the BYTEINFO reply is a look of its
    // own: two snapshots. The connection moved 1 000 / 2 000 by 08:00 (its
    // first counters, so all of them) and 4 000 / 7 000 more by 12:00: 5 000
    // in, 9 000 out, 14 000 to and from its peer 10.30.5.22; it started
    // before the day, started_earlier 1. Before: one snapshot at 08:00:01,
    // ALL's 1 000 / 2 000 standing over BYTEINFO's, 3 000 in all.
    let byteinfo = reply(
        "SYSA",
        "12:00",
        "BYTEINFO",
        "412",
        &[
            "USER ID  CONN     LOCAL SOCKET           FOREIGN SOCKET         STATE",
            "CICSPRD1 0000A001 10.1.1.2..8080         10.30.5.22..50001      ESTABLSH",
            "  BYTESIN:          0000005000          BYTESOUT:         0000009000",
            "  STARTDATE:        11/20/2026          STARTTIME:        07:00:00",
        ],
    );
    let dir = TestDir::new();
    dir.write("tree/syslog.txt", all_reply("08:00", "279", (1000, 2000), "NO") + &byteinfo);
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains(
            "syslog.txt: note: line 13: this BYTEINFO console reply of stack TCPIP (12:00:01) came more than 30 \
             minutes after the reply at line 2 (2026-11-24 08:00:01): each console reply is taken at its own time, \
             so a capture of its own begins here"
        ),
        "{said}"
    );
    assert_eq!(
        dir.csv("SELECT captured_at, report_count FROM snapshots ORDER BY 1"),
        "captured_at,report_count\n2026-11-24T08:00:01,1\n2026-11-24T12:00:01,1\n"
    );
    assert_eq!(
        capacity(&dir),
        "date,job,direction,port,snapshots,connections,peak_connections,bytes_in,bytes_out,top_peer,top_peer_bytes,\
started_earlier
2026-11-24,CICSPRD1,inbound,8080,2,1,1,5000,9000,10.30.5.22,14000,1
"
    );

    // Replies of one look at the stack, minutes apart: one capture. ALL at
    // 08:00:01 (TTLSPolicy Yes), then `D TCPIP,,NETSTAT,TTLS` at 08:20:01
    // (20 minutes later) telling that 0000A001 negotiated TLSv1.2 with
    // C02F: one snapshot at 08:00:01 in which it did.
    let ttls = reply(
        "SYSA",
        "08:20",
        "TTLS",
        "280",
        &[
            "CONNID: 0000A001",
            "  JOBNAME:      CICSPRD1",
            "  LOCALSOCKET:  10.1.1.2..8080",
            "  REMOTESOCKET: 10.30.5.22..50001",
            "  SECLEVEL:     TLS VERSION 1.2",
            "  CIPHER:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ],
    );
    let dir = TestDir::new();
    dir.write("tree/syslog.txt", all_reply("08:00", "279", (1000, 2000), "YES") + &ttls);
    let said = ingest_ok(&dir, "tree");
    assert!(!said.contains("begins here"), "{said}");
    assert_eq!(
        dir.csv("SELECT captured_at, conn_id, tls_protocol FROM v_connections"),
        "captured_at,conn_id,tls_protocol\n2026-11-24T08:00:01,0000A001,TLSv1.2\n"
    );
}

/// `D TCPIP,,NETSTAT,ALLCONN` on `system` at `at` of `day`: the heading and `rows`.
fn allconn_reply(day: &str, system: &str, at: &str, id: &str, rows: &[&str]) -> String {
    let lines: Vec<&str> = std::iter::once(CONN_HEADING).chain(rows.iter().copied()).collect();
    reply_on(day, system, at, "ALLCONN", id, &lines, rows.len())
}

#[test]
fn a_syslog_of_two_systems_filed_under_one_files_each_reply_under_its_own() {
    // By hand: one extract, in SYSA's folder of 24 November, of two
    // replies: SYSA's at 08:00:01 (echo line 1, reply 279 lines 2-6: CICSPRD1's
    // 0000A001) and SYSB's at 08:00:01 (echo line 7, reply 280 from line 8:
    // FTPDB's 0000B002 and 0000B003), both stacks named TCPIP, as a
    // sysplex's are. The prefix of every line of reply 280 names SYSB: its
    // two connections are SYSB's. So two snapshots, SYSA TCPIP with one
    // connection and SYSB TCPIP with two; a note at line 8 that the prefix
    // names SYSB where the path names SYSA; the summary counts both
    // systems. Before: one snapshot SYSA TCPIP with three connections, in
    // silence, and `systems: SYSA 1 day`.
    let sysa = allconn_reply(
        "26328",
        "SYSA",
        "08:00",
        "279",
        &["CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60845      ESTABLSH"],
    );
    let sysb = allconn_reply(
        "26328",
        "SYSB",
        "08:00",
        "280",
        &[
            "FTPDB    0000B002 10.1.2.2..21           10.30.5.40..50001      ESTABLSH",
            "FTPDB    0000B003 10.1.2.2..21           10.30.5.41..50002      ESTABLSH",
        ],
    );
    let dir = TestDir::new();
    dir.write("tree/2026-11-24/SYSA/syslog.txt", sysa + &sysb);
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains(
            "syslog.txt: note: line 8: the SYSLOG prefix of this console reply names system SYSB, the path (or \
             --system) SYSA: it is filed under SYSB"
        ),
        "{said}"
    );
    assert!(said.contains("systems: SYSA 1 day, SYSB 1 day\n"), "{said}");
    assert_eq!(
        dir.csv(
            "SELECT s.system, s.stack, s.captured_at, c.conn_id FROM snapshots s
             JOIN connections c USING (snapshot_id) ORDER BY 1, 4"
        ),
        "system,stack,captured_at,conn_id\nSYSA,TCPIP,2026-11-24T08:00:01,0000A001\n\
         SYSB,TCPIP,2026-11-24T08:00:01,0000B002\nSYSB,TCPIP,2026-11-24T08:00:01,0000B003\n"
    );
}

#[test]
fn the_summary_counts_every_system_and_day_a_file_s_replies_name() {
    // By hand: an undated SYSLOG extract of SYSA (no date or system in its
    // path) with ALLCONN replies at 23:59 on 24 November (26328) and at
    // 00:01 on 25 November (26329): each reply is dated by its prefix, two
    // days of SYSA. Before: `systems: SYSA 1 day`, the file's first report's.
    let row = ["CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60845      ESTABLSH"];
    let dir = TestDir::new();
    dir.write(
        "tree/syslog.txt",
        allconn_reply("26328", "SYSA", "23:59", "279", &row) + &allconn_reply("26329", "SYSA", "00:01", "280", &row),
    );
    let said = ingest_ok(&dir, "tree");
    assert!(said.contains("systems: SYSA 2 days\n"), "{said}");
    assert_eq!(
        dir.csv("SELECT system, capture_date, captured_at FROM snapshots ORDER BY 3"),
        "system,capture_date,captured_at\nSYSA,2026-11-24,2026-11-24T23:59:01\nSYSA,2026-11-25,2026-11-25T00:01:01\n"
    );
}

#[test]
fn two_replies_written_at_once_keep_each_its_own_lines() {
    // By hand: two commands answered at once on SYSA: `D TCPIP,,NETSTAT,CONN`
    // (echo line 1, reply 279 of stack TCPIP from STC00045, line 2) and
    // `D TCPIP,TCPIPB,NETSTAT,CONN` (echo line 3, reply 280 of TCPIPB from
    // STC00046, line 4), then their continuation records alternating (lines
    // 5-14), each carrying its reply's connect id: 279 lists CICSPRD1's
    // 0000A001 and 0000A002, 280 FTPDB's 0000B002 and 0000B003. So two CONN
    // reports at 08:00:01, TCPIP with 2 connections and TCPIPB with 2.
    // Before: reply 279 was closed by 280's header, kept empty with a note
    // that the capture looked cut, and its two connections lost.
    let heading = CONN_HEADING;
    let rows = [
        ("279", "CICSPRD1 0000A001 10.1.1.2..8080         10.30.5.22..50001      ESTABLSH"),
        ("280", "FTPDB    0000B002 10.2.1.2..21           10.50.7.12..40001      ESTABLSH"),
        ("279", "CICSPRD1 0000A002 10.1.1.2..8080         10.30.5.23..50001      ESTABLSH"),
        ("280", "FTPDB    0000B003 10.2.1.2..21           10.50.7.13..40002      ESTABLSH"),
    ];
    let mut text = message("NC", "SYSA", "26328 08:00:00.90", "TSU00012", "D TCPIP,,NETSTAT,CONN");
    text += &message("MR", "SYSA", "26328 08:00:01.12", "STC00045", "EZD0101I NETSTAT CS V2R4 TCPIP 279");
    text += &message("NC", "SYSA", "26328 08:00:00.95", "TSU00013", "D TCPIP,TCPIPB,NETSTAT,CONN");
    text += &message("MR", "SYSA", "26328 08:00:01.15", "STC00046", "EZD0101I NETSTAT CS V2R4 TCPIPB 280");
    text += &(continuation("LR", "279", heading) + &continuation("LR", "280", heading));
    for (id, row) in rows {
        text += &continuation("DR", id, row);
    }
    for id in ["279", "280"] {
        text += &continuation("DR", id, "2 OF 2 RECORDS DISPLAYED");
    }
    text += &(continuation("ER", "279", "END OF THE REPORT") + &continuation("ER", "280", "END OF THE REPORT"));
    let dir = TestDir::new();
    dir.write("tree/2026-11-24/SYSA/syslog.txt", text);
    let said = ingest_ok(&dir, "tree");
    assert!(!said.contains("note:"), "{said}");
    assert!(said.contains("reports: 2 CONN; 2 snapshots, 4 connection rows"), "{said}");
    assert_eq!(
        dir.csv(
            "SELECT s.stack, s.captured_at, k.first_line, c.conn_id FROM snapshots s
             JOIN captures k USING (snapshot_id) JOIN connections c USING (snapshot_id) ORDER BY 1, 4"
        ),
        "stack,captured_at,first_line,conn_id\nTCPIP,2026-11-24T08:00:01,2,0000A001\n\
         TCPIP,2026-11-24T08:00:01,2,0000A002\nTCPIPB,2026-11-24T08:00:01,4,0000B002\n\
         TCPIPB,2026-11-24T08:00:01,4,0000B003\n"
    );
}

/// `text` with line `n` (1-based) changed by `change`.
fn with_line(text: &str, n: usize, change: impl Fn(&str) -> String) -> String {
    text.lines().enumerate().map(|(i, line)| if i + 1 == n { change(line) } else { line.to_string() } + "\n").collect()
}

#[test]
fn a_reply_line_whose_prefix_is_shifted_is_read_when_it_is_told_and_else_said() {
    // By hand: `D TCPIP,,NETSTAT,ALL` at 08:00 (echo line 1, header line 2,
    // the block of CICSPRD1's 0000A001 on lines 3-9: BytesIn 1 000, BytesOut
    // 2 000, SegmentsIn 10 on line 6, TTLSPolicy Yes). Line 3's prefix has a
    // leading blank (its connect id ends in column 46, not 45) and line 6's
    // one blank less (column 44): each still carries connect id 279 of the
    // open reply, with its flags and text, so each is read as its line. The
    // connection is whole (1 000, 2 000, 10 segments, policy Yes), and a
    // note at line 3 says the prefix was out of its columns. Before: the
    // reply was skipped as "a NETSTAT ALL report, which this version does
    // not read", and the connection lost.
    let all = all_reply("08:00", "279", (1000, 2000), "YES");
    let shifted = with_line(&with_line(&all, 3, |l| format!(" {l}")), 6, |l| l.replacen("  ", " ", 1));
    assert!(
        shifted.lines().nth(5).unwrap().starts_with("DR ") && shifted.lines().nth(5).unwrap().find("279") == Some(41)
    );
    let facts = "SELECT conn_id, bytes_in, bytes_out, segments_in, ttls_policy FROM connections ORDER BY 1";
    let dir = TestDir::new();
    dir.write("tree/2026-11-24/SYSA/syslog.txt", &shifted);
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains(
            "syslog.txt: note: line 3: the SYSLOG prefix of this line is out of the columns of the hardcopy log"
        ),
        "{said}"
    );
    assert!(said.contains("reports: 1 ALL; 1 snapshots, 1 connection rows"), "{said}");
    assert_eq!(dir.csv(facts), "conn_id,bytes_in,bytes_out,segments_in,ttls_policy\n0000A001,1000,2000,10,1\n");

    // The `EZD0101I` line with a blank too many after the system (the date
    // in column 21), then a reply at 12:00 (0000A001 again, 5 000 / 9 000)
    // well formed: the header is told by its message, so both replies are
    // read, two snapshots. Before: the first reply was passed over in
    // silence.
    let header = with_line(&all, 2, |l| l.replacen("SYSA     ", "SYSA      ", 1));
    let dir = TestDir::new();
    dir.write("tree/2026-11-24/SYSA/syslog.txt", header + &all_reply("12:00", "412", (5000, 9000), "YES"));
    let said = ingest_ok(&dir, "tree");
    assert!(said.contains("syslog.txt: note: line 2: the SYSLOG prefix of this line is out of the columns"), "{said}");
    assert_eq!(
        dir.csv("SELECT s.captured_at, c.bytes_in FROM snapshots s JOIN connections c USING (snapshot_id) ORDER BY 1"),
        "captured_at,bytes_in\n2026-11-24T08:00:01,1000\n2026-11-24T12:00:01,5000\n"
    );

    // Line 3's flags cut to 7 digits: no prefix can be told there, the
    // line is taken as it is, and ALL does not begin so. The reply is
    // skipped, and a problem at its header (line 2) says why and where to
    // look, never that this version does not read ALL.
    let damaged = with_line(&all, 3, |l| l.replacen(" 00000090 ", " 0000090  ", 1));
    let dir = TestDir::new();
    dir.write("tree/2026-11-24/SYSA/syslog.txt", damaged);
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{said}");
    assert!(
        said.contains("syslog.txt:2: the command before this report asked for NETSTAT ALL, but its first line `LR")
            && said.contains("is not one that ALL prints, so the report is skipped whole"),
        "{said}"
    );
    assert!(!said.contains("which this version does not read"), "{said}");
    assert!(said.contains("1 problems"), "{said}");
}

#[test]
fn an_extract_that_begins_inside_a_reply_says_its_records_were_skipped() {
    // An extract by time window that begins after reply 279's first line
    // (`EZD0101I`, 08:00:01): its four continuation records (the heading,
    // PAYXFER's 0000B001 from port 30001, the trailer, END OF THE REPORT)
    // come first, on lines 1 to 4, without a system, time or stack. Then the
    // whole reply 301 at 08:30 (0000B002 from port 30002). The four records
    // cannot be placed: skipped, and a note says so; reply 301 is read.
    let dir = TestDir::new();
    let cut: String = conn_reply("08:00", "279", "0000B001", 30001).lines().skip(2).map(|l| format!("{l}\n")).collect();
    dir.write("tree/SYSA/syslog.txt", cut + &conn_reply("08:30", "301", "0000B002", 30002));
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains(
            "syslog.txt: note: lines 1 to 4: records of console reply 279, whose first line (`EZD0101I`, with the \
             system, time and stack) is not in the file (the extract begins inside the reply): skipped; extract the \
             log from before the command was answered to have them read"
        ),
        "{said}"
    );
    assert_eq!(dir.csv("SELECT conn_id, local_port FROM v_connections"), "conn_id,local_port\n0000B002,30002\n");
}

#[test]
fn a_cumulative_syslog_extract_is_read_after_the_extract_it_begins_with() {
    // By hand: `syslog/extract-a.txt` (a path naming no system or date: each
    // reply places itself by its prefix) holds `D TCPIP,,NETSTAT,ALL` of
    // SYSA on 26328 (24 November) at 08:00 (echo line 1, reply 279 lines
    // 2-11: 0000A001 with 1 000 / 2 000); `extract-b.txt`, extracted a day
    // later, the same 11 lines, then the same command on 26329 (25
    // November, echo line 12, reply 412 lines 13-22: 3 000 / 5 000). Its
    // lines 1-11 are extract-a, the same reply of the same system at the
    // same time, so it is read from line 12: one snapshot a day, 0000A001
    // moving 1 000 / 2 000 on 24 November (first seen, started on the 20th),
    // 2 000 / 3 000 on the 25th. Both extracts in one ingest and one at a
    // time. Before: extract-b read whole, two snapshots of the one 24
    // November reply ("a snapshot of its own").
    let columns = ["date", "snapshots", "connections", "bytes_in", "bytes_out"];
    let expected =
        "date,snapshots,connections,bytes_in,bytes_out\n2026-11-24,1,1,1000,2000\n2026-11-25,1,1,2000,3000\n";
    let first = all_reply_on("26328", "08:00", "279", (1000, 2000), "NO");
    let second = all_reply_on("26329", "08:00", "412", (3000, 5000), "NO");
    for daily in [false, true] {
        let dir = TestDir::new();
        dir.write("tree/syslog/extract-a.txt", &first);
        if daily {
            ingest_ok(&dir, "tree");
        }
        dir.write("tree/syslog/extract-b.txt", first.clone() + &second);
        let said = ingest_ok(&dir, "tree");
        let note = format!(
            "{}: note: lines 1 to 11 are the whole of {}, byte for byte",
            dir.path("tree/syslog/extract-b.txt").display(),
            dir.path("tree/syslog/extract-a.txt").display()
        );
        assert!(said.contains(&note), "{daily}: {said}");
        assert!(!said.contains("a snapshot of its own"), "{daily}: {said}");
        assert_eq!(report(&dir, &["capacity"], &columns), expected, "{daily}");
    }
}

/// A console reply as a job log (`JESMSGLG`) or an automation log keeps it:
/// each message's first line after its time `hh.mm.ss` and job id, its
/// later lines indented to the text column (20).
fn job_log(lines: &[(&str, &str, &str)]) -> String {
    lines
        .iter()
        .map(|(time, job, text)| match *time {
            "" => format!("{:19}{text}\n", ""),
            _ => format!("{time} {job:<8}  {text}\n"),
        })
        .collect()
}

#[test]
fn a_reply_kept_in_a_job_log_is_read_through_its_prefix() {
    // NETOPS's log of 1 December: another message, the command at
    // 08.00.00, the reply from STC00045 (`EZD0101I`, stack TCPIP) with
    // CSQ9CHIN's 000000BB (10.1.1.2..1414 from 10.1.0.2..51844) and its
    // listener 00000022 (0.0.0.0..1414), the trailer, then another message.
    // Read as the same reply without a prefix, at the prefix's time (the
    // header prints none); before: "not a capture", nothing read.
    let dir = TestDir::new();
    let log = job_log(&[
        ("07.59.58", "NETOPS", "IEF695I START NETOPS   WITH JOBNAME NETOPS"),
        ("08.00.00", "NETOPS", "D TCPIP,,NETSTAT,CONN"),
        ("08.00.00", "STC00045", "EZD0101I NETSTAT CS V2R4 TCPIP 279"),
        ("", "", "USER ID  CONN     STATE"),
        ("", "", "CSQ9CHIN 000000BB ESTBLSH"),
        ("", "", "  LOCAL SOCKET:   10.1.1.2..1414"),
        ("", "", "  FOREIGN SOCKET: 10.1.0.2..51844"),
        ("", "", "CSQ9CHIN 00000022 LISTEN"),
        ("", "", "  LOCAL SOCKET:   0.0.0.0..1414"),
        ("", "", "  FOREIGN SOCKET: 0.0.0.0..0"),
        ("", "", "2 OF 2 RECORDS DISPLAYED"),
        ("", "", "END OF THE REPORT"),
        ("08.00.05", "NETOPS", "IEF404I NETOPS - ENDED"),
    ]);
    dir.write("tree/2026-12-01/SYSA/ulog.txt", log);
    ingest_ok(&dir, "tree");
    assert_eq!(
        dir.csv("SELECT captured_at, conn_id, job, local_ip, local_port, remote_ip, remote_port FROM v_connections ORDER BY 2"),
        "captured_at,conn_id,job,local_ip,local_port,remote_ip,remote_port
2026-12-01T08:00:00,00000022,CSQ9CHIN,0.0.0.0,1414,0.0.0.0,0
2026-12-01T08:00:00,000000BB,CSQ9CHIN,10.1.1.2,1414,10.1.0.2,51844
"
    );
}

/// Ingests `root` of `dir`, whose one file fails: asserts the problem's
/// exit code and returns what it said.
fn ingest_failed(dir: &TestDir, root: &str) -> String {
    let output = dir.run(&["ingest", dir.path(root).to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    stderr(&output)
}

#[test]
fn a_reply_cut_at_column_80_is_said_so_with_what_to_do() {
    // An SDSF LOG screen copy of a SYSLOG: every record cut at column 80.
    // The `EZD0101I` header (line 2) loses its stack and number (`... CS
    // V2R4` ends at 80), the rows the ends of their sockets: nothing can be
    // read, and the failure says why (before: "not a capture").
    let dir = TestDir::new();
    let row = "CSQ9CHIN 000000BB 10.101.1.2..1414       10.101.0.2..51844      ESTABLSH";
    let cut: String =
        reply("SYSA", "08:00", "CONN", "279", &[CONN_HEADING, row]).lines().map(|l| format!("{l:.80}\n")).collect();
    assert!(cut.lines().nth(1).is_some_and(|l| l.ends_with("EZD0101I NETSTAT CS V2R4") && l.len() == 80), "{cut}");
    dir.write("tree/SYSA/syslog.txt", cut);
    let said = ingest_failed(&dir, "tree");
    assert!(
        said.contains(
            "line 2: a console reply (`EZD0101I`) whose lines are cut at column 80 (no line of the file is longer: \
             an SDSF LOG screen copy, or a print to an 80-column data set): its header lost the stack and the \
             reply's number, its lines the values at their ends, and cannot be read; take the log at its full width \
             (SDSF PRINT or XDC to a data set of LRECL 133 or more, or the SYSLOG/OPERLOG itself)"
        ),
        "{said}"
    );
}

#[test]
fn a_reply_after_a_prefix_not_read_is_said_so_with_what_to_do() {
    // A REXX exec's log that writes its own prefix (a date, a time, the
    // console name and a colon) before each line: not a SYSLOG record nor a
    // job log's. The failure names the prefix found before the `EZD0101I`
    // header on line 2 (before: "not a capture").
    let dir = TestDir::new();
    let log = "2026-12-01 08:00:00 NETOPS: D TCPIP,,NETSTAT,CONN
2026-12-01 08:00:00 NETOPS: EZD0101I NETSTAT CS V2R4 TCPIP 279
2026-12-01 08:00:00 NETOPS: USER ID  CONN     STATE
2026-12-01 08:00:00 NETOPS: CSQ9CHIN 000000BB ESTBLSH
2026-12-01 08:00:00 NETOPS: 1 OF 1 RECORDS DISPLAYED
";
    dir.write("tree/2026-12-01/SYSA/rexx.txt", log);
    let said = ingest_failed(&dir, "tree");
    assert!(
        said.contains(
            "line 2: a console reply (`EZD0101I`) after a prefix this version does not read (`2026-12-01 08:00:00 \
             NETOPS:`): skipped; keep replies as the hardcopy log writes them (SYSLOG/OPERLOG records), as a job log \
             does (`hh.mm.ss jobid  text`, its later lines indented to the text), or without a prefix"
        ),
        "{said}"
    );
}

#[test]
fn a_job_log_reply_whose_later_lines_are_not_at_its_text_column_is_said_not_read() {
    // The reply of the test above with its later lines indented 2 blanks
    // (an editor or a tool re-indented them), less than the text's column
    // 20: nothing tells whether they are the reply's lines or text of their
    // own, so the reply ends at its header, and line 3 (the first such line)
    // says so; no row is made up from them.
    let dir = TestDir::new();
    let log = "08.00.00 NETOPS    D TCPIP,,NETSTAT,CONN
08.00.00 STC00045  EZD0101I NETSTAT CS V2R4 TCPIP 279
  USER ID  CONN     STATE
  CSQ9CHIN 000000BB ESTBLSH
    LOCAL SOCKET:   10.1.1.2..1414
    FOREIGN SOCKET: 10.1.0.2..51844
  1 OF 1 RECORDS DISPLAYED
  END OF THE REPORT
";
    dir.write("tree/2026-12-01/SYSA/ulog.txt", log);
    let said = ingest_ok(&dir, "tree");
    assert!(
        said.contains(
            "ulog.txt: note: line 3: a line of the console reply at line 2, kept in a job log, is not indented to \
             the reply's text (column 20), as a job log writes a message's later lines: the reply ends before it, \
             and its lines from here are not read; keep the job log as JES wrote it, or the reply without its prefix"
        ),
        "{said}"
    );
    assert_eq!(dir.csv("SELECT count(*) AS n FROM v_connections"), "n\n0\n");
}
