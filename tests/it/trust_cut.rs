//! Captures cut, wrapped or ended early on their way off z/OS: nothing a
//! user captured is stored wrong or lost in silence. Each rule is pinned on
//! a small capture tree written here by hand, with the answer worked out
//! from its text in the test.

use crate::stream;
use crate::trust::{ingest, report};
use crate::util::{stderr, TestDir};

/// Ingests the one capture file `text` at `path` under `tree/` of a new
/// folder; asserts the exit status and returns the folder.
fn one_file(path: &str, text: impl AsRef<[u8]>, status: i32) -> TestDir {
    let dir = TestDir::new();
    dir.write(&format!("tree/{path}"), text);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(status), "{}", stderr(&output));
    dir
}

/// The problems of a tree, by file name and line.
fn problems(dir: &TestDir) -> String {
    dir.csv(
        "SELECT replace(path, rtrim(path, replace(path, '/', '')), '') AS file, line, reason FROM ingest_problems
         ORDER BY 1, 2",
    )
}

/// A `NETSTAT ALL` of CSQ9CHIN's inbound MQ channel on 1414 from
/// 10.101.200.122..51844, as SDSF printed it to a data set of 80-byte
/// records: the Foreign Socket line (line 3) is 84 characters long, so its
/// last 4 (`1844`) are gone, or (`wrapped`) on a line of their own.
fn all_80(wrapped: bool) -> String {
    let rest = if wrapped { "1844\n" } else { "" };
    format!(
        "EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:39
EZZ2550I Client Name: CSQ9CHIN                 Client Id: 000000BB
EZZ2551I Local Socket: 10.101.201.22..1414     Foreign Socket: 10.101.200.122..5
{rest}EZZ2577I   BytesIn:            0000002248        BytesOut:           0000002076
EZZ2536I   StartDate:          05/31/2022        StartTime:          16:31:54
EZZ2552I   Last Touched:       16:36:57          State:              Establsh
EZZ2545I   TTLSPolicy:         No
"
    )
}

#[test]
fn a_socket_cut_at_column_80_is_no_port_and_one_wrapped_onto_the_next_line_is_joined() {
    // The fixture is what the rule reads: line 3 is the file's longest
    // line, exactly 80 characters, and ends in a socket.
    let cut = all_80(false);
    assert_eq!(cut.lines().map(str::len).collect::<Vec<_>>(), [78, 66, 80, 79, 77, 77, 33]);
    let dir = TestDir::new();
    dir.write("tree/2026-12-01/SYSA/all.txt", &cut);
    dir.write("tree/2026-12-01/SYSB/all.txt", all_80(true));
    let output = ingest(&dir, "tree");
    // SYSA: `10.101.200.122..5` ends a line as long as the longest
    // lines of the file, 80 columns: its port may have lost digits (it had:
    // 51844). Read, port 5 (below 1024) would make the inbound channel an
    // outbound connection to port 5; it is kept as text, with a problem at
    // line 3, and the connection has no foreign socket (direction unknown).
    // SYSB: line 4, `1844`, is one word without a key after the
    // 80-column line 3: its rest, joined (a note): 10.101.200.122..51844,
    // inbound to 1414 by the port numbers (1414 below 49152, 51844 above).
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        problems(&dir),
        "file,line,reason
all.txt,3,\"`Foreign Socket` ends a line as long as the longest lines of the file, which end at a record width \
(80, 132 or 133 columns): the lines look cut there (a print to a data set of that record length, a screen copy), \
so `10.101.200.122..5` may be cut short (kept as text, not read); take the capture at its full width\"
"
    );
    assert_eq!(
        dir.csv(
            "SELECT system, conn_id, local_port, remote_ip, remote_port, direction, direction_evidence
             FROM v_connections ORDER BY 1"
        ),
        "system,conn_id,local_port,remote_ip,remote_port,direction,direction_evidence
SYSA,000000BB,1414,,,unknown,
SYSB,000000BB,1414,10.101.200.122,51844,inbound,port numbers
"
    );
    assert_eq!(
        dir.csv("SELECT source_line, key, value FROM attributes WHERE key = 'Foreign Socket'"),
        "source_line,key,value\n3,Foreign Socket,10.101.200.122..5\n"
    );
    assert!(
        stderr(&output).contains(
            "note: line 4: `1844` continues line 3, which is as long as the file's longest lines (a line longer \
             than its record, wrapped onto the next): read as one line, `Foreign Socket: 10.101.200.122..51844`"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_state_cut_short_is_no_state() {
    // ALLCONN with message ids cut at column 80: the rows of 000000BB and
    // 000000BC are 81 characters long, so their states lost their last
    // letter (`Establsh` -> `Establs`, `TimeWait` -> `TimeWai`). Neither is a
    // state NETSTAT prints: each is a problem at its line, kept as text,
    // and the connection has no state; the listener's row (79) is whole.
    let dir = one_file(
        "2026-12-01/SYSA/a.txt",
        "NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I CSQ9CHIN 000000BB 10.101.201.22..1414    10.101.200.122..51844  Establs
EZZ2587I CSQ9CHIN 000000BC 10.101.201.22..1414    10.101.200.123..51845  TimeWai
EZZ2587I CSQ9CHIN 00000022 0.0.0.0..1414          0.0.0.0..0             Listen
READY
",
        3,
    );
    assert_eq!(
        problems(&dir),
        "file,line,reason
a.txt,5,\"`State` should be a connection state NETSTAT prints (`Establsh`, `Listen` ...), found `Establs` (kept \
as text)\"
a.txt,6,\"`State` should be a connection state NETSTAT prints (`Establsh`, `Listen` ...), found `TimeWai` (kept \
as text)\"
"
    );
    assert_eq!(
        dir.csv("SELECT conn_id, state, endpoint FROM v_connections ORDER BY 1"),
        "conn_id,state,endpoint\n00000022,Listen,listener\n000000BB,,connection\n000000BC,,connection\n"
    );
    assert_eq!(
        dir.csv("SELECT source_line, key, value FROM attributes WHERE key = 'State' ORDER BY 1"),
        "source_line,key,value\n5,State,Establs\n6,State,TimeWai\n"
    );
}

/// The console's `D TCPIP,,NETSTAT,CONN` reply that stopped at 65533 lines:
/// CICSPRD1's listener on 443 and its client, then WEBSRV1's connection on
/// 8080 from 10.9.9.8..50002; WEBSRV1's listener on 8080 came after the
/// cut. `trailer` is the reply's last line.
fn console_conn(trailer: &str) -> String {
    format!(
        "D TCPIP,,NETSTAT,CONN
EZD0101I NETSTAT CS V2R4 TCPIP 279
USER ID  CONN     STATE
CICSPRD1 00000021 LISTEN
  LOCAL SOCKET:   0.0.0.0..443
  FOREIGN SOCKET: 0.0.0.0..0
CICSPRD1 0000C001 ESTBLSH
  LOCAL SOCKET:   10.1.1.2..443
  FOREIGN SOCKET: 10.9.9.7..50001
WEBSRV1  0000C002 ESTBLSH
  LOCAL SOCKET:   10.1.1.2..8080
  FOREIGN SOCKET: 10.9.9.8..50002
{trailer}
"
    )
}

#[test]
fn a_console_reply_truncated_at_65533_lines_is_cut_as_one_max_cut() {
    let dir = TestDir::new();
    dir.write(
        "tree/2026-12-01/SYSA/console.txt",
        console_conn("REPORT TRUNCATED DUE TO GREATER THAN 65533 LINES OF OUTPUT"),
    );
    let output = ingest(&dir, "tree");
    // The trailer (line 13) says the reply is not whole: the list is not
    // the stack's listeners, so WEBSRV1's 8080 without a listener says
    // nothing; it is inbound by the port numbers (8080 below 49152, 50002
    // above), not outbound to 50002 (`no listener`). The cut is kept with
    // the report (`Cut`, line 13), said in a note, and the day is `cut`.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(
            "SELECT conn_id, job, direction, service_port, direction_evidence FROM v_connections
             WHERE endpoint = 'connection' ORDER BY 1"
        ),
        "conn_id,job,direction,service_port,direction_evidence
0000C001,CICSPRD1,inbound,443,listener
0000C002,WEBSRV1,inbound,8080,port numbers
"
    );
    assert_eq!(
        dir.csv("SELECT source_line, key, value FROM attributes WHERE owner_table = 'captures'"),
        "source_line,key,value\n13,Cut,REPORT TRUNCATED DUE TO GREATER THAN 65533 LINES OF OUTPUT\n"
    );
    assert!(
        stderr(&output).contains(
            "note: line 13: `REPORT TRUNCATED DUE TO GREATER THAN 65533 LINES OF OUTPUT`: the console cut this CONN \
             reply at 65533 lines, so it does not show every connection and listener of stack TCPIP"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "connections"]),
        "date,status,connections\n2026-12-01,cut,2\n"
    );
}

/// A `NETSTAT ALL` whose second block (000000BC, from line 10) stops after
/// `State:` (line 15): the lines after it are `ended` (TSO's message that
/// NETSTAT ended in error, or the console's truncation trailer), then
/// `after`.
fn all_ended(header: &str, ended: &str, after: &str) -> String {
    format!(
        " NETSTAT ALL
{header}
Client Name: CSQ9CHIN                 Client Id: 000000BB
Local Socket: 10.1.1.2..1414          Foreign Socket: 10.1.0.2..51844
  BytesIn:            0000002248        BytesOut:           0000002076
  StartDate:          05/31/2022        StartTime:          16:31:54
  Last Touched:       16:36:57          State:              Establsh
  TTLSPolicy:         No
  SendStalled:        No
Client Name: CSQ9CHIN                 Client Id: 000000BC
Local Socket: 10.1.1.2..1414          Foreign Socket: 10.1.0.2..51900
  BytesIn:            0000002248        BytesOut:           0000002076
  SegmentsIn:         0000000020        SegmentsOut:        0000000014
  StartDate:          05/31/2022        StartTime:          16:31:54
  Last Touched:       16:36:57          State:              Establsh
{ended}
{after}"
    )
}

#[test]
fn a_report_ended_by_netstat_s_error_or_the_console_s_trailer_checks_its_last_record() {
    let dir = TestDir::new();
    // 1 December, TSO: NETSTAT ended in error (IKJ56641I, line 16) while it
    // printed 000000BC's block; the job went on (READY, an ALLCONN).
    dir.write(
        "tree/2026-12-01/SYSA/systsprt.txt",
        all_ended(
            "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:55:17",
            "IKJ56641I NETSTAT ENDED DUE TO ERROR+\nREADY",
            " NETSTAT ALLCONN
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:55:18
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh
CSQ9CHIN 00000022 0.0.0.0..1414          0.0.0.0..0             Listen
READY
",
        ),
    );
    // 2 December, the console: the reply stopped at 65533 lines (line 16).
    dir.write(
        "tree/2026-12-02/SYSA/console.txt",
        all_ended(
            "EZD0101I NETSTAT CS V2R4 TCPIP 279",
            "REPORT TRUNCATED DUE TO GREATER THAN 65533 LINES OF OUTPUT",
            "",
        ),
    );
    let output = ingest(&dir, "tree");
    // Each report ends at line 15 inside 000000BC's block, before the
    // `TTLSPolicy:` NETSTAT prints in every TCP block: a problem at line 15,
    // as for a file cut there. The abend is a problem of its own at line
    // 16: NETSTAT printed part of its report, which is kept (not "no report").
    let lost = "before its `TTLSPolicy:` line: none of it was printed; lost: whether AT-TLS protects it, and \
                whatever followed; take the capture again with room for all of it";
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        problems(&dir),
        format!(
            "file,line,reason
console.txt,15,\"the report ends here, cut by `REPORT TRUNCATED DUE TO GREATER THAN 65533 LINES OF OUTPUT` (line \
16), in the NETSTAT ALL block of connection 000000BC (from line 10), {lost}\"
systsprt.txt,15,\"the report ends here, cut by `IKJ56641I NETSTAT ENDED DUE TO ERROR+` (line 16), in the NETSTAT \
ALL block of connection 000000BC (from line 10), {lost}\"
systsprt.txt,16,\"NETSTAT ALL of stack TCPIP printed `IKJ56641I NETSTAT ENDED DUE TO ERROR+` in the middle of its \
report: the command ended in error, so the report's lines up to line 15 are kept and the rest was never printed \
(it does not show every connection and listener of the stack; coverage says `cut` for its day); take the capture \
again\"
"
        )
    );
    // What was printed stays: 000000BC with no policy known.
    assert_eq!(
        dir.csv("SELECT capture_date, conn_id, ttls_policy, tls_state FROM v_connections WHERE state = 'Establsh' ORDER BY 1, 2"),
        "capture_date,conn_id,ttls_policy,tls_state
2026-12-01,000000BB,0,clear
2026-12-01,000000BC,,unknown
2026-12-02,000000BB,0,clear
2026-12-02,000000BC,,unknown
"
    );
    // Both days are `cut`; 1 December's kinds are the ALL and the ALLCONN,
    // no failed request.
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "report_kinds"]),
        "date,status,report_kinds\n2026-12-01,cut,\"ALL, ALLCONN\"\n2026-12-02,cut,ALL\n"
    );
    // Read as a stream (parts of 7 bytes): the same problems.
    let (_, store) = stream::ingest(&dir, &dir.path("tree"), 7);
    assert_eq!(stream::rows(&store, "SELECT line FROM ingest_problems ORDER BY 1"), ["15", "15", "16"]);
}

#[test]
fn a_long_connection_list_that_lost_socket_lines_says_so() {
    // ALLCONN in the LONG layout: NETSTAT prints `Local Socket:` and
    // `Foreign Socket:` under every row. 0000C002 (line 8) has its local
    // socket alone before the next row: a line lost inside the report. The
    // file ends after 0000C003's row (line 10), before its socket lines:
    // cut at a line end. The rows stay; their peers are unknown.
    let dir = one_file(
        "2026-12-01/SYSA/a.txt",
        "NETSTAT ALLCONN
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
User Id  Conn     State
-------  ----     -----
CICSPRD1 0000C001 Establsh
  Local Socket:   ::ffff:10.1.1.2..443
  Foreign Socket: ::ffff:10.9.9.7..50001
CICSPRD1 0000C002 Establsh
  Local Socket:   ::ffff:10.1.1.2..443
CICSPRD1 0000C003 Establsh
",
        3,
    );
    assert_eq!(
        problems(&dir),
        "file,line,reason
a.txt,8,\"the NETSTAT ALLCONN row of connection 0000C002 (line 8) is followed by the next row without its \
`Foreign Socket:` line, which NETSTAT prints under every row of this layout: lines were lost inside the report (a \
SYSLOG extract missing records, a transfer that dropped lines); lost: its peer, and so its direction and service \
port; take the capture again\"
a.txt,10,\"the file ends here, in the NETSTAT ALLCONN row of connection 0000C003 (from line 10), before its socket \
lines: the capture looks cut at a line end (a full data set, an output limit); lost: its sockets, and so its peer, \
direction and service port, and whatever followed; take the capture again with room for all of it\"
"
    );
    assert_eq!(
        dir.csv("SELECT conn_id, local_port, remote_port FROM v_connections ORDER BY 1"),
        "conn_id,local_port,remote_port\n0000C001,443,50001\n0000C002,443,\n0000C003,,\n"
    );
    let (_, store) = stream::ingest(&dir, &dir.path("tree"), 7);
    assert_eq!(stream::rows(&store, "SELECT line FROM ingest_problems ORDER BY 1"), ["8", "10"]);
}

#[test]
fn a_ttls_list_cut_inside_its_last_entry_says_what_is_lost() {
    // `NETSTAT TTLS` (no DETAIL): 0000C001's entry is whole (SecLevel down
    // to MapType); the file ends after 0000C002's RemoteSocket (line 15),
    // before the `SecLevel:` every entry prints: whether it negotiated TLS
    // is lost.
    let dir = one_file(
        "2026-12-01/SYSA/n.txt",
        "NETSTAT TTLS
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:02
ConnID: 0000C001
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.9.9.7..50001
  SecLevel:     TLS Version 1.2
  Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  KeyShare:     N/A
  CertUserID:   N/A
  MapType:      Primary
ConnID: 0000C002
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.9.9.8..50002
",
        3,
    );
    assert_eq!(
        problems(&dir),
        "file,line,reason
n.txt,15,\"the file ends here, in the NETSTAT TTLS entry of connection 0000C002 (from line 12), before its \
`SecLevel:`: the capture looks cut at a line end (a full data set, an output limit); lost: whether it negotiated \
TLS, and with what, and whatever followed; take the capture again with room for all of it\"
"
    );
}

#[test]
fn lines_that_end_in_cr_or_nel_or_fill_fixed_records_are_read_as_lines() {
    // The same ALLCONN of CSQ9CHIN's 1414 (its listener and 000000BB from
    // 10.1.0.2..51844), kept three ways: SYSA with CR alone after each line
    // (the z/OSMF console API's `cmd-response` saved as is), SYSB with NEL
    // (U+0085: `iconv -f IBM-1047 -t UTF-8` of a z/OS UNIX file, whose lines
    // end in EBCDIC's NL), SYSC as five 133-character records with no line
    // end (a data set transferred in binary, then converted with iconv).
    let lines = [
        "EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:55:18",
        "EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State",
        "EZZ2586I -------  ----     ------------           --------------         -----",
        "EZZ2587I CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh",
        "EZZ2587I CSQ9CHIN 00000022 0.0.0.0..1414          0.0.0.0..0             Listen",
    ];
    let dir = TestDir::new();
    dir.write("tree/2026-12-01/SYSA/a.txt", lines.iter().map(|l| format!("{l}\r")).collect::<String>());
    dir.write("tree/2026-12-01/SYSB/a.txt", lines.iter().map(|l| format!("{l}\u{85}")).collect::<String>());
    dir.write("tree/2026-12-01/SYSC/a.txt", lines.iter().map(|l| format!("{l:<133}")).collect::<String>());
    let output = ingest(&dir, "tree");
    // Each file is the report its lines hold: the same two rows on each
    // system, 000000BB inbound to 1414 (its listener), 0 problems (before:
    // each failed, "line breaks were lost ... the layout is gone").
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv(
            "SELECT system, count(*) AS endpoints, max(remote_port) AS peer_port,
             group_concat(CASE endpoint WHEN 'connection' THEN direction || ' ' || direction_evidence END) AS how
             FROM v_connections GROUP BY 1 ORDER BY 1"
        ),
        "system,endpoints,peer_port,how
SYSA,2,51844,inbound listener
SYSB,2,51844,inbound listener
SYSC,2,51844,inbound listener
"
    );
}

#[test]
fn a_form_feed_before_a_message_id_is_a_page_eject() {
    // A SYSTSPRT downloaded with FTP `SITE ASATRANS`: the ASA `1` of each
    // page is a form feed before the line, here before `READY` and the
    // report header, which carries its message id `EZZ2350I`. The form feed
    // ejects the page and is no part of the line: the ALLCONN is read (its
    // listener and 000000BB from 10.1.0.2..51844), not "only messages".
    let dir = one_file(
        "2022-05-31/SYSA/systsprt.txt",
        "\u{c}READY
 NETSTAT ALLCONN (PORT 1414
\u{c}EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:55:18
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh
EZZ2587I CSQ9CHIN 00000022 0.0.0.0..1414          0.0.0.0..0             Listen
READY
",
        0,
    );
    assert_eq!(
        dir.csv(
            "SELECT k.report_kind, c.conn_id, c.state FROM connections c JOIN captures k USING (capture_id) ORDER BY 2"
        ),
        "report_kind,conn_id,state\nALLCONN,00000022,Listen\nALLCONN,000000BB,Establsh\n"
    );
}

#[test]
fn latin_1_job_names_stay_two_jobs() {
    // An ALLCONN converted to ISO-8859-1 on a German site (CCSID 273): the
    // job names `CICS#PRD` and `CICS@PRD` are the bytes `CICS\xC4PRD` and
    // `CICS\xA7PRD` (x'7B' is `Ä`, x'7C' is `§` in 273). Not UTF-8: read a
    // byte a character, `CICSÄPRD` (443) and `CICS§PRD` (8443), two jobs; a
    // problem at line 5, the first such line, names the code page.
    let text = "NETSTAT ALLCONN
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CICS\u{c4}PRD 0000C001 10.1.1.2..443          10.9.9.7..50001        Establsh
CICS\u{c4}PRD 00000021 0.0.0.0..443           0.0.0.0..0             Listen
CICS\u{a7}PRD 0000C002 10.1.1.2..8443         10.9.9.8..50002        Establsh
CICS\u{a7}PRD 00000022 0.0.0.0..8443          0.0.0.0..0             Listen
READY
";
    let latin1: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    let dir = one_file("2026-12-01/SYSA/a.txt", latin1, 3);
    assert_eq!(
        dir.csv("SELECT job, group_concat(conn_id, ' ') AS conns FROM v_connections GROUP BY 1 ORDER BY 1"),
        "job,conns\nCICS\u{a7}PRD,0000C002 00000022\nCICS\u{c4}PRD,0000C001 00000021\n"
    );
    assert!(problems(&dir).starts_with(
        "file,line,reason\na.txt,5,\"bytes that are not UTF-8 text, read as ISO-8859-1 (Latin-1: a byte a character"
    ));
}
