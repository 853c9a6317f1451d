//! Captures that lost something on their way to ttlsinv (saved by Windows,
//! a NETSTAT that failed, a data set that filled up): each is read, or said,
//! never passed over in silence. Each case is a small capture written here
//! by hand, with the answer worked out from its text in the test.

use crate::stream;
use crate::trust::{ingest, report};
use crate::util::{project_columns, stderr, TestDir};

/// The reviewer's ALLCONN: a TSO capture with its command echo, one DB2
/// connection and its listener.
const ALLCONN: &str = "NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:04:00
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I DB2ADIST 0000A004 10.1.1.2..446          10.30.5.31..41022      Establsh
EZZ2587I DB2ADIST 00000031 0.0.0.0..446           0.0.0.0..0             Listen
READY
";

/// `text` as UTF-16 code units, little or big end first, with CRLF line
/// ends as Windows writes them.
fn utf16(text: &str, bom: bool, little: bool) -> Vec<u8> {
    let text = text.replace('\n', "\r\n");
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    units.flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
}

#[test]
fn a_capture_saved_as_utf_16_or_with_a_utf_8_byte_order_mark_is_read_as_its_text() {
    let dir = TestDir::new();
    // The same capture four ways, one system each: UTF-16LE with a BOM
    // (Windows PowerShell 5.1 `>` and `Out-File`, Notepad "Unicode"),
    // UTF-16BE with a BOM, UTF-16LE without one, and UTF-8 with a BOM
    // (Notepad "UTF-8 with BOM"). Each holds the text above: the echo on
    // line 1 names ALLCONN, the header on line 2, the connection 0000A004
    // on line 5 and the listener on line 6. So each system has one ALLCONN
    // report (lines 2 to 6) and two rows, as the plain file gives.
    dir.write("tree/2026-05-01/SYSA/allconn.txt", utf16(ALLCONN, true, true));
    dir.write("tree/2026-05-01/SYSB/allconn.txt", utf16(ALLCONN, true, false));
    dir.write("tree/2026-05-01/SYSC/allconn.txt", utf16(ALLCONN, false, true));
    dir.write("tree/2026-05-01/SYSD/allconn.txt", [b"\xEF\xBB\xBF".as_slice(), ALLCONN.as_bytes()].concat());
    dir.write("tree/2026-05-01/SYSE/allconn.txt", ALLCONN);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows = "SELECT k.system, k.report_kind, k.first_line, k.last_line,
                       group_concat(c.conn_id || ' ' || c.source_line, ' ' ORDER BY c.source_line) AS rows
                FROM v_captures k JOIN connections c USING (capture_id) GROUP BY k.capture_id ORDER BY 1";
    let each = "ALLCONN,2,6,0000A004 5 00000031 6";
    let systems = ["SYSA", "SYSB", "SYSC", "SYSD", "SYSE"];
    assert_eq!(
        dir.csv(rows),
        "system,report_kind,first_line,last_line,rows\n".to_string()
            + &systems.map(|s| format!("{s},{each}\n")).concat()
    );
    // Read as a stream in parts of 7 bytes (the UTF-16 files are read whole):
    // the same rows.
    let (_, store) = stream::ingest(&dir, &dir.path("tree"), 7);
    assert_eq!(stream::rows(&store, rows), systems.map(|s| format!("{s}|{}", each.replace(',', "|"))));
    assert_eq!(
        report(&dir, &["files"], &["outcome", "system", "report_kinds", "problems"]),
        "outcome,system,report_kinds,problems\n".to_string()
            + &systems.map(|s| format!("ingested,{s},ALLCONN,0\n")).concat()
    );
}

/// The reviewer's two captures of SYSA's stacks TCPIP and TCPIPB, one
/// request each: on 2 May both answered (TCPIPB after the informational
/// EZZ2376I, which NETSTAT prints before the report it then gives), on 3 May
/// TCPIPB did not: NETSTAT printed EZZ2377I instead of a report.
fn two_stacks_one_failing(dir: &TestDir) {
    let tcpip = "READY
NETSTAT ALLCONN (TCP TCPIP
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:05
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I FTPD1    0000A002 10.1.1.2..21           10.40.2.15..50731      Establsh
EZZ2587I FTPD1    00000021 0.0.0.0..21            0.0.0.0..0             Listen
READY
";
    let answered = "NETSTAT ALLCONN (TCP TCPIPB
EZZ2376I Could not determine TCPIPjobname, using default of 'TCPIPB'
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIPB          08:00:06
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I DB2ADIST 0000B004 10.1.2.2..446          10.30.5.31..41022      Establsh
EZZ2587I DB2ADIST 00000031 0.0.0.0..446           0.0.0.0..0             Listen
READY
";
    let failed = "NETSTAT ALLCONN (TCP TCPIPB
EZZ2377I Could not establish affinity with TCPIPB (1011/11B3005A) - can not provide the requested option information
READY
";
    dir.write("tree/2026-05-02/SYSA/netstat.txt", format!("{tcpip}{answered}"));
    dir.write("tree/2026-05-03/SYSA/netstat.txt", format!("{tcpip}{failed}"));
}

#[test]
fn a_netstat_request_that_failed_inside_a_capture_is_a_problem_and_coverage_says_the_stack_failed() {
    let dir = TestDir::new();
    two_stacks_one_failing(&dir);
    let output = ingest(&dir, "tree");
    // 3 May's file: lines 1-8 are TCPIP's request and report, line 9 the
    // echo of TCPIPB's request, line 10 EZZ2377I, line 11 READY: no report
    // for TCPIPB. That is a problem at line 10 quoting the message, and the
    // run ends with status 3. 2 May's EZZ2376I (line 10 there) came before
    // the report it announced: no problem.
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT substr(path, instr(path, '2026-')) AS file, line, reason FROM ingest_problems"),
        "file,line,reason
2026-05-03/SYSA/netstat.txt,10,\"NETSTAT ALLCONN of stack TCPIPB printed `EZZ2377I Could not establish affinity with \
TCPIPB (1011/11B3005A) - can not provide the requested option information` and no report: the request failed, so this capture holds nothing of \
stack TCPIPB (coverage says `failed` for its day when no other request captured it); take the capture again\"
"
    );
    // Coverage: TCPIPB was captured on 2 May and its capture failed on 3
    // May (no row, the file's one problem); TCPIP was captured both days.
    // Coverage counts each day's connection, not the listener beside it: 1.
    assert_eq!(
        report(
            &dir,
            &["coverage"],
            &["system", "stack", "date", "status", "report_kinds", "connections", "files", "problems"]
        ),
        "system,stack,date,status,report_kinds,connections,files,problems
SYSA,TCPIP,2026-05-02,captured,ALLCONN,1,1,0
SYSA,TCPIP,2026-05-03,captured,ALLCONN,1,1,1
SYSA,TCPIPB,2026-05-02,captured,ALLCONN,1,1,0
SYSA,TCPIPB,2026-05-03,failed,FAILED,0,1,1
"
    );
    // Read as a stream (parts of 7 bytes): the same problem and report.
    let (_, store) = stream::ingest(&dir, &dir.path("tree"), 7);
    assert_eq!(
        stream::rows(
            &store,
            "SELECT p.line, k.report_kind, k.stack, k.first_line, k.last_line
             FROM ingest_problems p JOIN v_captures k USING (path) WHERE k.report_kind = 'FAILED'"
        ),
        ["10|FAILED|TCPIPB|10|10"]
    );
    assert_eq!(
        report(&dir, &["files"], &["date", "outcome", "report_kinds", "problems"]),
        "date,outcome,report_kinds,problems\n2026-05-02,ingested,ALLCONN,0\n2026-05-03,ingested,\"ALLCONN, FAILED\",1\n"
    );
}

/// SYSA's TCPIP refused the ALLCONN request of a job that writes it to a
/// data set of its own: the echo, EZZ2376I (line 3), EZZ2377I naming the
/// stack (line 4) and no report.
const REFUSED: &str = "READY
NETSTAT ALLCONN
EZZ2376I Could not determine TCPIPjobname, using default of 'TCPIP'
EZZ2377I Could not establish affinity with TCPIP (1011/11B3005A) - can not provide the requested option information
READY
END
";

/// The lines of `ttlsinv alerts` (which raises some: exit status 4), of
/// `columns`, in order.
fn sorted_alerts(dir: &TestDir, columns: &[&str]) -> Vec<String> {
    let output = dir.run(&["alerts", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let alerts = project_columns(&String::from_utf8(output.stdout).unwrap(), columns);
    let mut alerts: Vec<String> = alerts.lines().map(str::to_string).collect();
    alerts.sort_unstable();
    alerts
}

#[test]
fn a_file_of_nothing_but_a_refused_request_is_placed_on_its_day_as_that_stack_failed() {
    // SYSA: TCPIP answered on 1 and 3 May ([`ALLCONN`]: one connection and
    // its listener) and refused on 2 and 4 May, 4 May the last day captured
    // ([`REFUSED`], a file of its own). On 3 May a second file of its own
    // holds TCPIPB's request, refused (echo line 2, EZZ2377I line 3).
    let dir = TestDir::new();
    dir.write("tree/2026-05-01/SYSA/allconn.txt", ALLCONN);
    dir.write("tree/2026-05-02/SYSA/allconn.txt", REFUSED);
    dir.write("tree/2026-05-03/SYSA/allconn.txt", ALLCONN);
    dir.write(
        "tree/2026-05-03/SYSA/allconn-b.txt",
        "READY\nNETSTAT ALLCONN (TCP TCPIPB\nEZZ2377I Could not establish affinity with TCPIPB (1011/11B3005A) - can \
         not provide the requested option information\nREADY\n",
    );
    dir.write("tree/2026-05-04/SYSA/allconn.txt", REFUSED);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    // Each refused file is a request of the stack its message names that
    // failed, on the system and date of its path, as the same lines inside a
    // file with a report are: TCPIP `failed` on 2 and 4 May (the job ran;
    // not `missing`), TCPIPB `failed` on 3 May and, not captured on 4 May,
    // `missing` there.
    assert_eq!(
        report(&dir, &["coverage"], &["system", "stack", "date", "status", "report_kinds", "connections", "files"]),
        "system,stack,date,status,report_kinds,connections,files
SYSA,TCPIP,2026-05-01,captured,ALLCONN,1,1
SYSA,TCPIP,2026-05-02,failed,FAILED,0,1
SYSA,TCPIP,2026-05-03,captured,ALLCONN,1,1
SYSA,TCPIP,2026-05-04,failed,FAILED,0,1
SYSA,TCPIPB,2026-05-03,failed,FAILED,0,1
SYSA,TCPIPB,2026-05-04,missing,,,
"
    );
    // files: each refused file `failed`, filed under SYSA and its date, with
    // its problem at its first message's line.
    let refused = |line, stack: &str, messages: &str| {
        format!(
            "\"line {line}: NETSTAT ALLCONN of stack {stack} printed `{messages}` and no report: the request failed, so \
             this capture holds nothing of stack {stack} (coverage says `failed` for its day when no other request \
             captured it); take the capture again\""
        )
    };
    let tcpip = refused(
        3,
        "TCPIP",
        "EZZ2376I Could not determine TCPIPjobname, using default of 'TCPIP' EZZ2377I Could not establish affinity \
         with TCPIP (1011/11B3005A) - can not provide the requested option information",
    );
    let tcpipb = refused(
        3,
        "TCPIPB",
        "EZZ2377I Could not establish affinity with TCPIPB (1011/11B3005A) - can not provide the requested option \
         information",
    );
    let files = report(&dir, &["files"], &["file", "outcome", "reason", "system", "date", "report_kinds", "problems"]);
    let files: String =
        files.lines().map(|l| format!("{}\n", l.get(l.find("2026-").unwrap_or(0)..).unwrap())).collect();
    assert_eq!(
        files,
        format!(
            "file,outcome,reason,system,date,report_kinds,problems
2026-05-01/SYSA/allconn.txt,ingested,,SYSA,2026-05-01,ALLCONN,0
2026-05-02/SYSA/allconn.txt,failed,{tcpip},SYSA,2026-05-02,FAILED,1
2026-05-03/SYSA/allconn-b.txt,failed,{tcpipb},SYSA,2026-05-03,FAILED,1
2026-05-03/SYSA/allconn.txt,ingested,,SYSA,2026-05-03,ALLCONN,0
2026-05-04/SYSA/allconn.txt,failed,{tcpip},SYSA,2026-05-04,FAILED,1
"
        )
    );
    // alerts: each failed file on its day and system; the one day a stack
    // was not captured at all (TCPIPB on 4 May) is missing, no other.
    assert_eq!(
        sorted_alerts(&dir, &["alert", "date", "system", "stack"]),
        [
            "alert,date,system,stack",
            "capture_failed,2026-05-02,SYSA,",
            "capture_failed,2026-05-03,SYSA,",
            "capture_failed,2026-05-04,SYSA,",
            "capture_missing,2026-05-04,SYSA,TCPIPB",
        ]
    );
    // Ingested again unchanged: the files are still `failed`, their
    // problems said again; nothing new went wrong (exit 0).
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(report(&dir, &["files"], &["outcome"]), "outcome\ningested\nfailed\nfailed\ningested\nfailed\n");
}

#[test]
fn a_file_that_failed_as_a_whole_is_placed_on_the_day_its_path_names() {
    // SYSA's TCPIP answered on 1 and 3 May ([`ALLCONN`]); on 2 May the job
    // wrote an empty file, on 4 May (the last day) a file sent in binary, in
    // EBCDIC (hostile.rs's published ALL in IBM-1047). A third empty file,
    // `misc/empty.txt`, names no system or date.
    let dir = TestDir::new();
    dir.write("tree/2026-05-01/SYSA/allconn.txt", ALLCONN);
    dir.write("tree/2026-05-02/SYSA/allconn.txt", "");
    dir.write("tree/2026-05-03/SYSA/allconn.txt", ALLCONN);
    dir.write("tree/2026-05-04/SYSA/all.txt", crate::hostile::ebcdic());
    dir.write("tree/misc/empty.txt", "");
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    // The job ran on 2 and 4 May and wrote nothing readable: TCPIP (the
    // system's one stack) `failed` there with the file and its problem, not
    // `missing` (before: 2 May missing, 4 May not listed, both files in the
    // `not ingested` row). The file placed nowhere stays there.
    assert_eq!(
        report(&dir, &["coverage"], &["system", "stack", "date", "status", "report_kinds", "files", "problems"]),
        "system,stack,date,status,report_kinds,files,problems
SYSA,TCPIP,2026-05-01,captured,ALLCONN,1,0
SYSA,TCPIP,2026-05-02,failed,,1,1
SYSA,TCPIP,2026-05-03,captured,ALLCONN,1,0
SYSA,TCPIP,2026-05-04,failed,,1,1
,,,not ingested,,1,1
"
    );
    // files: each failed file with its reason, the placed ones under SYSA
    // and the date of their path (before: no system, no date).
    let empty = "empty file (0 bytes): the capture wrote nothing";
    let ebcdic = "\"file is EBCDIC (IBM-1047), not ASCII text: it was transferred in binary mode; transfer it again \
                  in ASCII/text mode (FTP `ascii`), or convert it with `iconv -f IBM-1047 -t UTF-8`\"";
    let files = report(&dir, &["files"], &["file", "outcome", "reason", "system", "date", "problems"]);
    let tree = format!("{}/", dir.path("tree").display());
    assert_eq!(
        files.replace(&tree, ""),
        format!(
            "file,outcome,reason,system,date,problems
2026-05-01/SYSA/allconn.txt,ingested,,SYSA,2026-05-01,0
2026-05-02/SYSA/allconn.txt,failed,{empty},SYSA,2026-05-02,1
2026-05-03/SYSA/allconn.txt,ingested,,SYSA,2026-05-03,0
2026-05-04/SYSA/all.txt,failed,{ebcdic},SYSA,2026-05-04,1
misc/empty.txt,failed,{empty},,,1
"
        )
    );
    assert_eq!(
        report(&dir, &["files", "--from", "2026-05-02", "--to", "2026-05-02"], &["outcome", "system", "date"]),
        "outcome,system,date\nfailed,SYSA,2026-05-02\n"
    );
    // alerts: each failed file, dated and placed where its path places it;
    // no day is missing (before: capture_missing on 2 May, undated
    // capture_failed).
    assert_eq!(
        sorted_alerts(&dir, &["alert", "date", "system"]),
        ["alert,date,system", "capture_failed,,", "capture_failed,2026-05-02,SYSA", "capture_failed,2026-05-04,SYSA"]
    );
}

/// A file ingested with a line it could not read ends the run with exit 3,
/// which the README says the alerts say too: a `capture_failed` alert
/// naming the file and where its problems are (review 18b F11: none, and
/// `alerts` exited 0). By hand: the published ALL of port 1414 with its
/// `BytesIn` misprinted with a letter O (line 4), one problem; no other
/// alert (one day, 000000BB under an AT-TLS rule with no TTLS report).
#[test]
fn a_file_ingested_with_a_line_it_could_not_read_raises_capture_failed_once() {
    let dir = TestDir::new();
    let all = crate::util::fixture("published/netstat-all-port1414.txt");
    assert!(all.contains("BytesIn:            0000002248"));
    dir.write(
        "tree/2026-05-01/SYSA/all.txt",
        all.replace("BytesIn:            0000002248", "BytesIn:            0000O02248"),
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let file = dir.path("tree/2026-05-01/SYSA/all.txt").display().to_string();
    assert_eq!(
        sorted_alerts(&dir, &["alert", "date", "system", "subject", "detail"]),
        [
            "alert,date,system,subject,detail".to_string(),
            format!(
                "capture_failed,2026-05-01,SYSA,{file},\"ingested, but with 1 problem(s): a line or field it could not \
                 read (a field kept as text, a line passed over), which may hide a connection's protection or \
                 traffic; each is in the table `ingest_problems`: ttlsinv sql \"\"SELECT line, reason FROM \
                 ingest_problems WHERE path = '{file}'\"\"\""
            )
        ]
    );
    // The query the alert gives names line 4. The next night the file is
    // unchanged: its problem is no longer new (exit 0), nor is the alert.
    let lines = dir.csv(&format!("SELECT line FROM ingest_problems WHERE path = '{file}'"));
    assert_eq!(lines, "line\n4\n");
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(dir.run(&["alerts"]).status.code(), Some(0));
}

#[test]
fn two_empty_files_of_one_folder_are_two_failures_not_a_duplicate() {
    // SYSA's TCPIP answered on 1 May ([`ALLCONN`]); on 2 May the capture
    // jobs of its two stacks' data sets (TCPIP, TCPIPB) both wrote nothing.
    // An empty file holds no capture, so neither is a copy of the other
    // (review 13a R13a-9: the second was a "duplicate", no problem, no
    // alert): 2 May has two failed files, two problems, an alert for each.
    let dir = TestDir::new();
    dir.write("tree/2026-05-01/SYSA/TCPIP.ALL.txt", ALLCONN);
    dir.write("tree/2026-05-02/SYSA/TCPIP.ALL.txt", "");
    dir.write("tree/2026-05-02/SYSA/TCPIPB.ALL.txt", "");
    let output = ingest(&dir, "tree");
    let said = stderr(&output);
    assert!(said.contains("3 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 2 failed"), "{said}");
    let empty = "empty file (0 bytes): the capture wrote nothing";
    let files = report(&dir, &["files", "--from", "2026-05-02"], &["file", "outcome", "reason", "problems"]);
    assert_eq!(
        files.replace(&format!("{}/", dir.path("tree").display()), ""),
        format!(
            "file,outcome,reason,problems
2026-05-02/SYSA/TCPIP.ALL.txt,failed,{empty},1
2026-05-02/SYSA/TCPIPB.ALL.txt,failed,{empty},1
"
        )
    );
    assert_eq!(
        sorted_alerts(&dir, &["alert", "date", "system"]),
        ["alert,date,system", "capture_failed,2026-05-02,SYSA", "capture_failed,2026-05-02,SYSA"]
    );
}

#[test]
fn a_day_whose_reports_list_no_connection_is_not_a_captured_day_of_no_connections() {
    let dir = TestDir::new();
    // SYSA's TCPIP: on 1 May the ALLCONN above (a connection and its
    // listener); on 2 May a capture that asked for HOME and ROUTE alone,
    // reports ttlsinv keeps as OTHER and that list no connection (printed
    // without message ids, as a stack with IPv6 enabled prints them). 2 May's
    // connections are not known: status `no connection list`, not
    // `captured` with 0 connections, which reads as a quiet day.
    dir.write("tree/2026-05-01/SYSA/allconn.txt", ALLCONN);
    dir.write(
        "tree/2026-05-02/SYSA/home-route.txt",
        "NETSTAT HOME
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           17:01:00
Home address list:
LinkName:   LOOPBACK
  Address:  127.0.0.1
    Flags:
READY
NETSTAT ROUTE
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           17:01:05
IPv4 Destinations
Destination        Gateway         Flags    Refcnt     Interface
-----------        -------         -----    ------     ---------
Default            10.1.1.1        UGS      0000000002 OSAETH1
READY
",
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "report_kinds", "connections", "files"]),
        "date,status,report_kinds,connections,files
2026-05-01,captured,ALLCONN,1,1
2026-05-02,no connection list,OTHER,0,1
"
    );
}

/// The reviewer's capture run of 5 May: ALLCONN (0000A001 and 0000A002 on
/// 443, the listener), then ALL, whose second block stops after six lines;
/// and TTLS CONN 0000A001 DETAIL, cut inside its environment action's
/// cipher list. Both files end with a line end and no `READY`, as a data
/// set that filled up does.
fn a_run_cut_at_line_ends(dir: &TestDir) {
    let netstat = "READY
NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:00
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60845      Establsh
EZZ2587I CICSPRD1 0000A002 10.1.1.2..443          10.30.5.23..60900      Establsh
EZZ2587I CICSPRD1 00000030 0.0.0.0..443           0.0.0.0..0             Listen
READY
NETSTAT ALL
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
EZZ2550I Client Name: CICSPRD1                 Client Id: 0000A001
EZZ2551I Local Socket: 10.1.1.2..443           Foreign Socket: 10.30.5.22..60845 
EZZ2577I   BytesIn:            0000001000        BytesOut:           0000005000
EZZ2574I   SegmentsIn:         0000000011        SegmentsOut:        0000000051
EZZ2536I   StartDate:          05/05/2026        StartTime:          07:00:00
EZZ2552I   Last Touched:       07:59:00          State:              Establsh
EZZ2537I   QOSPolicy:          No
EZZ2545I   TTLSPolicy:         Yes
EZZ2546I     TTLSRule:         CICSPRD1-HTTPS-RULE
EZZ2547I     TTLSGrpAction:    CICS-GROUP-ACTION
EZZ2548I     TTLSEnvAction:    CICSPRD1-SERVER-ENV
EZZ2542I   RoutingPolicy:      No
EZZ2570I   ReceiveBufferSize:  0000065536        SendBufferSize:     0000065536
EZZ2538I   ReceiveDataQueued:  0000000000
EZZ2539I   SendDataQueued:     0000000000
EZZ2611I   SendStalled:        No
EZZ2609I   Ancillary Input Queue: N/A
EZZ2550I Client Name: CICSPRD1                 Client Id: 0000A002
EZZ2551I Local Socket: 10.1.1.2..443           Foreign Socket: 10.30.5.23..60900 
EZZ2577I   BytesIn:            0000002000        BytesOut:           0000006000
EZZ2574I   SegmentsIn:         0000000021        SegmentsOut:        0000000061
EZZ2536I   StartDate:          05/05/2026        StartTime:          07:10:00
EZZ2552I   Last Touched:       07:59:00          State:              Establsh
";
    let ttls = "NETSTAT TTLS CONN 0000A001 DETAIL
MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:02
ConnID: 0000a001
  JobName:      CICSPRD1
  LocalSocket:  10.1.1.2..443
  RemoteSocket: 10.30.5.22..60845
  SecLevel:     TLS Version 1.2
  Cipher:       C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  KeyShare:     N/A
  CertUserID:   N/A
  MapType:      Primary
  FIPS140:      Off
TTLSRule: CICSPRD1-HTTPS-RULE
  Priority:       10
  LocalAddr:      All
  LocalPort:      443
  RemoteAddr:     All
  RemotePort:     All
  JobName:        CICSPRD1
  Direction:      Inbound
  TTLSGrpAction:  CICS-GROUP-ACTION
    GroupID:                    00000007
    TTLSEnabled:                On
  TTLSEnvAction:  CICSPRD1-SERVER-ENV
    HandshakeRole:              Server
    Keyring:                    CICSPRD1/RING
    V3CipherSuites:             C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
";
    dir.write("tree/2026-05-05/SYSA/netstat.txt", netstat);
    dir.write("tree/2026-05-05/SYSA/ttls.txt", ttls);
    // 6 May: the same ALL with its first block alone, ending after
    // `Ancillary Input Queue` with no READY, as `onetstat -A > file`
    // writes it: whole, no problem.
    let whole: String = netstat.lines().skip(9).take(19).map(|l| format!("{l}\n")).collect();
    dir.write("tree/2026-05-06/SYSA/netstat.txt", whole);
}

#[test]
fn a_capture_cut_at_a_line_end_inside_its_last_record_says_the_file_looks_cut() {
    let dir = TestDir::new();
    a_run_cut_at_line_ends(&dir);
    let output = ingest(&dir, "tree");
    // netstat.txt: the ALL report runs to the last line, 34; its last block
    // (0000A002, from line 29) stops after `State:` (line 34), before the
    // `TTLSPolicy:` NETSTAT prints in every TCP block. ttls.txt: the entry
    // of 0000A001 (from line 3) ends at line 28 inside its V3CipherSuites
    // list (C02F, C030), before the TLSV1.x switches that follow the lists:
    // the list may be longer. Two problems, status 3; the rows printed are
    // kept.
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT substr(path, instr(path, '2026-')) AS file, line, reason FROM ingest_problems ORDER BY 1"),
        "file,line,reason
2026-05-05/SYSA/netstat.txt,34,\"the file ends here, in the NETSTAT ALL block of connection 0000A002 (from line 29), \
before its `TTLSPolicy:` line: the capture looks cut at a line end (a full data set, an output limit); lost: whether \
AT-TLS protects it, and whatever followed; take the capture again with room for all of it\"
2026-05-05/SYSA/ttls.txt,28,\"the file ends here, in the NETSTAT TTLS DETAIL entry of connection 0000A001 (from line \
3), inside a list: the capture looks cut at a line end (a full data set, an output limit); lost: the rest of its \
`V3CipherSuites` list, which may be longer, and whatever followed; take the capture again with room for all of it\"
"
    );
    // What was printed stays: 0000A002 with no policy known, the list as printed.
    assert_eq!(
        dir.csv(
            "SELECT capture_date, conn_id, ttls_policy, tls_state FROM v_connections
             WHERE state = 'Establsh' ORDER BY 1, 2"
        ),
        "capture_date,conn_id,ttls_policy,tls_state
2026-05-05,0000A001,1,negotiated
2026-05-05,0000A002,,unknown
2026-05-06,0000A001,1,not_captured
"
    );
    // Read as a stream (parts of 7 bytes): the same problems.
    let (_, store) = stream::ingest(&dir, &dir.path("tree"), 7);
    assert_eq!(stream::rows(&store, "SELECT line FROM ingest_problems ORDER BY 1"), ["28", "34"]);
}

/// The reviewer's job whose TSO steps failed: ALLCONN answered (lines 2-8),
/// `NETSTAT TTLS DETAIL` ended in error (TSO's IKJ56641I at line 10), and
/// the mistyped `NETSTST ALL` was never run (IKJ56500I at line 13). On the
/// next day a job in which NETSTAT was not found at all: messages alone.
#[test]
fn a_request_tso_ended_or_did_not_find_is_a_problem_and_a_file_of_nothing_else_failed() {
    let dir = TestDir::new();
    dir.write(
        "tree/2026-10-20/SYSA/netstat.txt",
        "READY
NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:00
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60001      Establsh
EZZ2587I CICSPRD1 00000030 0.0.0.0..443           0.0.0.0..0             Listen
READY
NETSTAT TTLS DETAIL
IKJ56641I NETSTAT  ENDED DUE TO ERROR+
READY
NETSTST ALL
IKJ56500I COMMAND NETSTST NOT FOUND
READY
END
",
    );
    dir.write(
        "tree/2026-10-21/SYSA/netstat.txt",
        "READY
NETSTAT ALLCONN
IKJ56500I COMMAND NETSTAT NOT FOUND
READY
NETSTAT ALL
IKJ56500I COMMAND NETSTAT NOT FOUND
READY
END
",
    );
    let output = ingest(&dir, "tree");
    // 20 October: two requests that printed TSO's messages and no report,
    // each a problem at its message's line, of the stack of the report
    // before them (TCPIP): the first asked for TTLS (its echo, line 9), the
    // second's echo is no NETSTAT command (`NETSTST`). 21 October: nothing
    // but messages, the file failed (a problem of the whole file: line 0).
    // Problems: status 3.
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT substr(path, instr(path, '2026-')) AS file, line, reason FROM ingest_problems ORDER BY 1, 2"),
        "file,line,reason
2026-10-20/SYSA/netstat.txt,10,\"NETSTAT TTLS of stack TCPIP printed `IKJ56641I NETSTAT  ENDED DUE TO ERROR+` and no \
report: the request failed, so this capture holds nothing of stack TCPIP (coverage says `failed` for its day when no \
other request captured it); take the capture again\"
2026-10-20/SYSA/netstat.txt,13,\"A NETSTAT request of stack TCPIP printed `IKJ56500I COMMAND NETSTST NOT FOUND` and \
no report: the request failed, so this capture holds nothing of stack TCPIP (coverage says `failed` for its day when \
no other request captured it); take the capture again\"
2026-10-21/SYSA/netstat.txt,0,\"no NETSTAT report, only messages IKJ56500I: the NETSTAT command failed\"
"
    );
    // The files report lists each kind a file held once.
    assert_eq!(
        report(&dir, &["files"], &["outcome", "report_kinds", "problems"]),
        "outcome,report_kinds,problems\ningested,\"ALLCONN, FAILED\",2\nfailed,,1\n"
    );
}

/// A run of `NETSTAT ALLCONN` on `stack` at 08:00: CICSPRD1's listener on
/// 443 and one client of it.
fn allconn(stack: &str) -> String {
    format!(
        "READY
NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: {stack:<15} 08:00:00
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60001      Establsh
EZZ2587I CICSPRD1 00000030 0.0.0.0..443           0.0.0.0..0             Listen
READY
"
    )
}

#[test]
fn a_capture_missing_alert_is_withdrawn_when_its_day_arrives_a_night_late() {
    // Review 17b F6. SYSA's run of each day 1-4 August lands the night of
    // that day; SYSB's the night after. A nightly `ingest` then `alerts`.
    // By hand, after each night, from coverage's rule (a stack's days run
    // from its first capture to the last day any stack was captured):
    // night 1: SYSB has no capture yet: nothing missing, nothing new (0).
    // night 2: SYSB 1 August captured, 2 August missing: 1 alert (4).
    // night 3: SYSB 2 August arrived: its alert withdrawn, said on stderr;
    //          3 August missing: 1 alert (4).
    // night 4: the same one day on: 3 August withdrawn, 4 August alerted.
    // Afterwards `alerts --since 2026-08-01` lists 4 August alone, the one
    // day coverage still shows missing (before: 2, 3 and 4 August, beside
    // coverage's `captured` for 2 and 3 August).
    let dir = TestDir::new();
    let missing = |day: u32| {
        format!("capture_missing,2026-08-0{day},SYSB,\"no capture of this day, while other days or stacks were captured\"\n")
    };
    let head = "alert,date,system,detail\n";
    let mut nights = Vec::new();
    for night in 1..=4 {
        dir.write(&format!("tree/2026-08-0{night}/SYSA/netstat.txt"), allconn("TCPIP"));
        if night > 1 {
            dir.write(&format!("tree/2026-08-0{}/SYSB/netstat.txt", night - 1), allconn("TCPIPB"));
        }
        let output = ingest(&dir, "tree");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let output = dir.run(&["alerts", "--format", "csv"]);
        let shown = project_columns(&String::from_utf8(output.stdout).unwrap(), &["alert", "date", "system", "detail"]);
        nights.push((output.status.code(), shown, String::from_utf8(output.stderr).unwrap()));
    }
    let withdrawn = |day: u32| {
        format!(
            "note: 1 day alerted capture_missing is in coverage now (a capture that arrived after the alert), the \
             alert withdrawn and no longer listed by `alerts --since`: SYSB TCPIPB 2026-08-0{day} captured\n"
        )
    };
    assert_eq!(
        nights,
        [
            (Some(0), head.to_string(), String::new()),
            (Some(4), format!("{head}{}", missing(2)), String::new()),
            (Some(4), format!("{head}{}", missing(3)), withdrawn(2)),
            (Some(4), format!("{head}{}", missing(4)), withdrawn(3)),
        ]
    );
    let output = dir.run(&["alerts", "--since", "2026-08-01", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert_eq!(
        project_columns(&String::from_utf8_lossy(&output.stdout), &["alert", "date", "system", "detail"]),
        format!("{head}{}", missing(4))
    );
    assert_eq!(stderr(&output), "");
}

/// SYSA captured 1 to 5 August, SYSB (stack TCPIPB) 1 to 3 August: its job
/// stopped, or its output no longer reaches the share.
#[test]
fn a_stack_whose_captures_stop_is_missing_on_the_days_after_and_alerts_say_so() {
    let dir = TestDir::new();
    for day in 1..=5 {
        dir.write(&format!("tree/2026-08-0{day}/SYSA/netstat.txt"), allconn("TCPIP"));
        if day <= 3 {
            dir.write(&format!("tree/2026-08-0{day}/SYSB/netstat.txt"), allconn("TCPIPB"));
        }
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The inventory's last date is 5 August (SYSA's): SYSB/TCPIPB is
    // missing on the 4th and the 5th, with or without --system SYSB; a
    // period that ends on the 3rd misses nothing.
    let columns = ["system", "date", "status"];
    let sysb = "system,date,status
SYSB,2026-08-01,captured
SYSB,2026-08-02,captured
SYSB,2026-08-03,captured
SYSB,2026-08-04,missing
SYSB,2026-08-05,missing
";
    let of_sysb = |csv: String| {
        csv.lines()
            .filter(|l| l.starts_with("system") || l.starts_with("SYSB"))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    assert_eq!(of_sysb(report(&dir, &["coverage"], &columns)), sysb);
    assert_eq!(report(&dir, &["coverage", "--system", "SYSB"], &columns), sysb);
    assert_eq!(
        report(&dir, &["coverage", "--system", "SYSB", "--to", "2026-08-03"], &columns),
        "system,date,status\nSYSB,2026-08-01,captured\nSYSB,2026-08-02,captured\nSYSB,2026-08-03,captured\n"
    );
    // alerts: the two days SYSB was not captured (exit 4: something new).
    let output = dir.run(&["alerts", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout).unwrap(), &["alert", "date", "system", "detail"]),
        "alert,date,system,detail
capture_missing,2026-08-04,SYSB,\"no capture of this day, while other days or stacks were captured\"
capture_missing,2026-08-05,SYSB,\"no capture of this day, while other days or stacks were captured\"
"
    );
}

/// A SYSTSPRT of TSO's prompts alone: the job ran and NETSTAT printed
/// nothing into it (its report went to a data set, or SYSTSIN was empty).
#[test]
fn tso_output_of_prompts_alone_is_a_capture_that_failed_and_says_where_to_look() {
    let dir = TestDir::new();
    dir.write("tree/2026-10-13/SYSA/netstat.txt", "READY\nREADY\nEND\n");
    let output = ingest(&dir, "tree");
    // A failed file: a problem of the whole file (line 0), status 3.
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT line, reason FROM ingest_problems"),
        "line,reason
0,\"TSO output with no report: the job ran, and NETSTAT printed nothing here (READY only); if its command writes \
the report to a data set (`REPORT DSN(...)`), ingest that data set, else check the step's SYSTSIN\"
"
    );
    assert_eq!(report(&dir, &["files"], &["outcome"]), "outcome\nfailed\n");
}

/// Two systems' captures in one date folder, the system only in the file
/// name, which the default layout does not read: SYSA's and SYSB's reports
/// of one kind in one run, each printing conn id 0000A001.
#[test]
fn two_systems_in_one_folder_are_said_with_what_it_costs_until_the_layout_names_them() {
    let dir = TestDir::new();
    let capture = |job: &str| {
        format!(
            "READY
NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:00
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I {job:<8} 0000A001 10.1.1.2..443          10.30.5.22..60001      Establsh
READY
"
        )
    };
    dir.write("netstat/2026-10-30/SYSA.NETSTAT.txt", capture("CICSPRD1"));
    dir.write("netstat/2026-10-30/SYSB.NETSTAT.txt", capture("DB2BDIST"));
    let output = ingest(&dir, "netstat");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The second file in path order is said, with --layout to name the
    // systems and what the numbers lose until then.
    let said = stderr(&output).replace('\n', " ");
    for part in [
        "SYSB.NETSTAT.txt",
        "two reports of one kind are never one run, so this file is a snapshot of its own",
        "with --layout",
        "until then they are snapshots of one system, and a conn id both print is not followed to the next day \
         (its traffic counts its whole counters)",
        // Or one capture saved twice.
        "If this file is a copy of the other saved another way (CRLF line ends, ASA carriage control, a blank \
         line added), keep one of them",
    ] {
        assert!(said.contains(part), "{part}: {said}");
    }
}

#[test]
fn a_day_whose_console_reply_was_cut_by_max_is_cut_in_coverage() {
    // SYSA's console replies: on 14 March `ALLCONN,MAX=3` displays 3 of 4
    // records (CICSPRD1's 0000A001, DB2ADIST's listener and its client
    // 0000A004: two connections), so that day's connections are at least
    // 2: `cut`, not `captured`. On 15 March the same without MAX= displays
    // the listener and 0000A004 (2 OF 2): one connection, `captured`.
    let dir = TestDir::new();
    dir.write("tree/2026-03-14/SYSA/console.txt", crate::trust_direction::CONSOLE_ALLCONN_MAX_3);
    dir.write(
        "tree/2026-03-15/SYSA/console.txt",
        "D TCPIP,,NETSTAT,ALLCONN
EZD0101I NETSTAT CS V2R4 TCPIP 413
USER ID  CONN     LOCAL SOCKET           FOREIGN SOCKET         STATE
DB2ADIST 00000031 0.0.0.0..446           0.0.0.0..0             LISTEN
DB2ADIST 0000A004 10.1.1.2..446          10.30.5.31..41022      ESTBLSH
2 OF 2 RECORDS DISPLAYED
END OF THE REPORT
",
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "report_kinds", "connections"]),
        "date,status,report_kinds,connections
2026-03-14,cut,ALLCONN,2
2026-03-15,captured,ALLCONN,1
"
    );
}
