//! Direction and service port, each rule pinned on a small capture tree
//! written here by hand as a TSO batch job prints it (`READY`, the command
//! echo, message ids), with the answer worked out from its text in the test
//! (the other helpers are trust.rs's).

use crate::trust::{all_block, allconn_day, ingest, report, ttls_session, HEADER};
use crate::util::{stderr, TestDir};

/// A connection list (ALLCONN, CONN) as TSO prints it after `echo`, the
/// command as typed (`NETSTAT ALLCONN`, `NETSTAT CONN (IPADDR 10.30.5.22`);
/// each row (user id, conn id, local socket, foreign socket) is `Listen`
/// when its foreign socket is `0.0.0.0..0`, else `Establsh`.
fn tso_list(echo: &str, time: &str, rows: &[(&str, &str, &str, &str)]) -> String {
    let rows: String = rows
        .iter()
        .map(|(user, conn, local, foreign)| {
            let state = if *foreign == "0.0.0.0..0" { "Listen" } else { "Establsh" };
            format!("EZZ2587I {user:<8} {conn} {local:<22} {foreign:<22} {state}\n")
        })
        .collect();
    format!(
        "READY
{echo}
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           {time}
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
{rows}READY
"
    )
}

/// An unfiltered `NETSTAT ALLCONN` at 08:00:00: it shows the stack's listeners.
fn unfiltered(rows: &[(&str, &str, &str, &str)]) -> String {
    tso_list("NETSTAT ALLCONN", "08:00:00", rows)
}

/// Every connection's direction, service port and the evidence that decided.
fn directions(dir: &TestDir) -> String {
    dir.csv(
        "SELECT capture_date, conn_id, job, direction, service_port, direction_evidence FROM v_connections
         WHERE endpoint = 'connection' ORDER BY 1, 2",
    )
}

#[test]
fn ftp_active_mode_data_from_port_20_to_two_clients_at_once_is_outbound() {
    let dir = TestDir::new();
    // FTPD1 listens on 21; two clients' control connections came in on 21
    // (from 10.40.2.15..50731 and 10.40.2.16..50899). Both asked for a file
    // in active mode (PORT): z/OS connects from its port 20 to the data port
    // each client named, 10.40.2.15..50732 and 10.40.2.16..50900, in FTPD1's
    // children FTPD12 and FTPD13. The list is unfiltered (`NETSTAT ALLCONN`)
    // and shows the stack's listeners: nothing listens on 20, so the two
    // data connections are the client's side of their sockets: outbound, to
    // 50732 and to 50900 (`no listener`). Local port 20 serves two remote
    // sockets at once, which alone would say a service on 20 (`peers`), but
    // a service accepts its connections from a listener, and there is none
    // on 20 while the day shows them: before, `peers` ranked first and made
    // both inbound to 20.
    let allconn = tso_list(
        "NETSTAT ALLCONN",
        "08:00:00",
        &[
            ("FTPD12", "0000A007", "10.1.1.2..20", "10.40.2.15..50732"),
            ("FTPD13", "0000A008", "10.1.1.2..20", "10.40.2.16..50900"),
            ("FTPD1", "0000A009", "10.1.1.2..21", "10.40.2.15..50731"),
            ("FTPD1", "0000A010", "10.1.1.2..21", "10.40.2.16..50899"),
            ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
        ],
    );
    dir.write("tree/2026-03-10/SYSA/allconn.txt", allconn);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-10,0000A007,FTPD12,outbound,50732,no listener
2026-03-10,0000A008,FTPD13,outbound,50900,no listener
2026-03-10,0000A009,FTPD1,inbound,21,listener
2026-03-10,0000A010,FTPD1,inbound,21,listener
"
    );
    // ALLCONN prints no bytes: the rows come by job, then port; no service
    // on port 20 (before: FTPD12 and FTPD13 inbound 20).
    assert_eq!(
        report(&dir, &["capacity"], &["job", "direction", "port", "connections"]),
        "job,direction,port,connections
FTPD1,inbound,21,2
FTPD12,outbound,50732,1
FTPD13,outbound,50900,1
"
    );
}

#[test]
fn a_listener_of_another_job_on_another_day_does_not_make_a_client_s_port_a_service() {
    let dir = TestDir::new();
    // 10 March: FTPD1 listens on 21 and serves a client; FTPD14 listens on
    // 1035: a passive-mode data listener, which z/OS FTP opens on a port
    // the stack hands out from its ephemeral range (1024-65535) for each
    // PASV. 11 March: FTPD1 still listens on 21, and its child FTPD15
    // serves a control connection on 21 (a listener hands its connections
    // to another job: that day's listener on 21 counts for it). DB2PDIST,
    // the DDF requester, holds 10.1.1.2..1035 -> 10.5.5.5..50000: the stack
    // lent port 1035 again, now to a client. The day shows the stack's
    // listeners and none is on 1035; the one of 10 March belonged to
    // another job: DB2PDIST is the client's side, outbound to the remote
    // DB2's 50000 (`no listener`). Before, a listener on 1035 on any day
    // made it inbound to 1035 (`listener`).
    dir.write(
        "tree/2026-03-10/SYSA/allconn.txt",
        tso_list(
            "NETSTAT ALLCONN",
            "08:00:00",
            &[
                ("FTPD1", "0000A009", "10.1.1.2..21", "10.40.2.15..50731"),
                ("FTPD14", "0000A011", "0.0.0.0..1035", "0.0.0.0..0"),
                ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
            ],
        ),
    );
    dir.write(
        "tree/2026-03-11/SYSA/allconn.txt",
        tso_list(
            "NETSTAT ALLCONN",
            "08:00:00",
            &[
                ("DB2PDIST", "0000B001", "10.1.1.2..1035", "10.5.5.5..50000"),
                ("FTPD15", "0000B002", "10.1.1.2..21", "10.40.2.17..50800"),
                ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
            ],
        ),
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-10,0000A009,FTPD1,inbound,21,listener
2026-03-11,0000B001,DB2PDIST,outbound,50000,no listener
2026-03-11,0000B002,FTPD15,inbound,21,listener
"
    );
    // capacity of 11 March: DB2PDIST's service is the remote 50000 (before:
    // DB2PDIST inbound 1035).
    assert_eq!(
        report(&dir, &["capacity", "--from", "2026-03-11"], &["job", "direction", "port", "connections"]),
        "job,direction,port,connections
DB2PDIST,outbound,50000,1
FTPD15,inbound,21,1
"
    );
    // A later ingest brings 12 March, where FTPD16 listens on 1035 for
    // another PASV: another job's listener on another day bears on no
    // connection of 10 or 11 March, which are not summarized again (their
    // change numbers stay 1).
    dir.write(
        "more/2026-03-12/SYSA/allconn.txt",
        tso_list(
            "NETSTAT ALLCONN",
            "08:00:00",
            &[
                ("FTPD16", "0000C001", "0.0.0.0..1035", "0.0.0.0..0"),
                ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
            ],
        ),
    );
    assert_eq!(ingest(&dir, "more").status.code(), Some(0));
    assert_eq!(
        dir.csv("SELECT capture_date, change FROM day_changes ORDER BY 1"),
        "capture_date,change\n2026-03-10,1\n2026-03-11,1\n2026-03-12,2\n"
    );
}

#[test]
fn a_listener_of_another_job_counts_in_its_own_run_or_below_port_1024() {
    let dir = TestDir::new();
    // 10 March, three runs of SYSA named by time. 08:00, unfiltered:
    // FTPD1 listens on 21; its child FTPD14 serves a control connection on
    // 21 and listens on 1035, a passive-mode data port the stack lent it
    // from its ephemeral range (1024-65535). 12:00, unfiltered: FTPD1 still
    // on 21, nothing on 1035; DB2PDIST, the DDF requester, holds
    // 10.1.1.2..1035 -> 10.5.5.5..50000 (the stack lent 1035 again, to a
    // client); INETD4 listens on 2023 and OTELNTD1, the job it handed a
    // client to, holds 10.1.1.2..2023 from 10.40.2.20..50900. 16:00, a list
    // filtered by client: FTPD15 serves 10.40.2.17..50800 on 21.
    // - FTPD14 on 21: FTPD1's listener in the same run, inbound 21.
    // - DB2PDIST on 1035: the only listener there was another job's in
    //   another run, on a port the stack lends clients; 12:00 shows the
    //   listeners, none on 1035: outbound to 50000 (`no listener`; before:
    //   inbound to 1035, FTPD14's listener counting for the whole day).
    // - OTELNTD1 on 2023: INETD4's listener in the same run, inbound 2023.
    // - FTPD15 on 21: its run shows no listener, but FTPD1 listened on 21
    //   that day, a port below 1024, never a client's: inbound 21.
    let runs = [
        (
            "NETSTAT.T080000.txt",
            "NETSTAT ALLCONN",
            "08:00:00",
            vec![
                ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
                ("FTPD14", "0000A009", "10.1.1.2..21", "10.40.2.15..50731"),
                ("FTPD14", "0000A011", "10.1.1.2..1035", "0.0.0.0..0"),
            ],
        ),
        (
            "NETSTAT.T120000.txt",
            "NETSTAT ALLCONN",
            "12:00:00",
            vec![
                ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
                ("DB2PDIST", "0000B001", "10.1.1.2..1035", "10.5.5.5..50000"),
                ("INETD4", "00000031", "0.0.0.0..2023", "0.0.0.0..0"),
                ("OTELNTD1", "0000B003", "10.1.1.2..2023", "10.40.2.20..50900"),
            ],
        ),
        (
            "NETSTAT.T160000.txt",
            "NETSTAT ALLCONN (CLIENT FTPD15",
            "16:00:00",
            vec![("FTPD15", "0000C001", "10.1.1.2..21", "10.40.2.17..50800")],
        ),
    ];
    for (name, echo, time, rows) in runs {
        dir.write(&format!("tree/2026-03-10/SYSA/{name}"), tso_list(echo, time, &rows));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-10,0000A009,FTPD14,inbound,21,listener
2026-03-10,0000B001,DB2PDIST,outbound,50000,no listener
2026-03-10,0000B003,OTELNTD1,inbound,2023,listener
2026-03-10,0000C001,FTPD15,inbound,21,listener
"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["job", "direction", "port", "connections"]),
        "job,direction,port,connections
DB2PDIST,outbound,50000,1
FTPD14,inbound,21,1
FTPD15,inbound,21,1
OTELNTD1,inbound,2023,1
"
    );
}

#[test]
fn a_passive_mode_data_connection_into_an_ftp_session_is_inbound() {
    let dir = TestDir::new();
    // One run of SYSA, `onetstat -A` (ALL: it prints the stack's listeners),
    // every connection TTLSPolicy No. z/OS FTP runs each login session in a
    // process of its own, which inherits the control connection FTPD1's
    // listener on 21 accepted; in passive mode it listens on a port the stack
    // lends it and closes that listener once the client connected; in active
    // mode it connects from the control port less one, 20.
    // - FTPD12, a Windows client 10.40.2.15 in passive mode: control
    //   connection 10.1.1.2..21 from 50120 (400 in, 900 out), and the put's
    //   data connection the client opened to the port of the 227 reply,
    //   10.1.1.2..1033 from 50121 (52 000 000 in, 300 out). No listener on
    //   1033 in the run, but FTPD12 holds a connection from the same
    //   client accepted by another job's listener (FTPD1's on 21), and 1033
    //   is not 21 less one: inbound to 1033 (`session`; before: outbound to
    //   the client's 50121, `no listener`, z/OS "sending" 52 MB to it).
    // - FTPD13, 10.40.2.16 in active mode: control connection on 21 from
    //   50300 (300/700), data from port 20 to the client's 50301 (100 in,
    //   9 000 out, a get): nothing listens on 20, which is below 1024 and the
    //   control port less one: the server's side, outbound to 50301 (`no
    //   listener`, as before).
    // - CSQ1CHIN, MQ's channel initiator, listens on 1414: its receiver
    //   channel from 10.1.2.2..1050 (2 000/1 000) came through its own
    //   listener, and its sender channel to the same queue manager,
    //   10.1.2.2..1414, goes from 1060 (500/4 000): no session (its own
    //   listener accepted the first), outbound to 1414 (`no listener`).
    let blocks = [
        ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0", (0, 0), "Listen"),
        ("FTPD12", "0000B120", "10.1.1.2..21", "10.40.2.15..50120", (400, 900), "Establsh"),
        ("FTPD12", "0000B122", "10.1.1.2..1033", "10.40.2.15..50121", (52_000_000, 300), "Establsh"),
        ("FTPD13", "0000B130", "10.1.1.2..21", "10.40.2.16..50300", (300, 700), "Establsh"),
        ("FTPD13", "0000B131", "10.1.1.2..20", "10.40.2.16..50301", (100, 9000), "Establsh"),
        ("CSQ1CHIN", "00000031", "0.0.0.0..1414", "0.0.0.0..0", (0, 0), "Listen"),
        ("CSQ1CHIN", "0000C001", "10.1.1.2..1414", "10.1.2.2..1050", (2000, 1000), "Establsh"),
        ("CSQ1CHIN", "0000C002", "10.1.1.2..1060", "10.1.2.2..1414", (500, 4000), "Establsh"),
    ];
    let text: String = blocks
        .iter()
        .map(|(job, conn, local, foreign, bytes, state)| {
            all_block(job, conn, local, foreign, *bytes, "03/10/2026", state, "No")
        })
        .collect();
    dir.write("tree/2026-03-10/SYSA/netstat.txt", format!("{HEADER}\n{text}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-10,0000B120,FTPD12,inbound,21,listener
2026-03-10,0000B122,FTPD12,inbound,1033,session
2026-03-10,0000B130,FTPD13,inbound,21,listener
2026-03-10,0000B131,FTPD13,outbound,50301,no listener
2026-03-10,0000C001,CSQ1CHIN,inbound,1414,listener
2026-03-10,0000C002,CSQ1CHIN,outbound,1414,no listener
"
    );
    // cleartext, most bytes first among services of one connection: the
    // upload is FTPD12's inbound 1033 (52 000 300 bytes); no outbound 50121.
    // FTPD1's listener showed no connection of its own (last).
    assert_eq!(
        report(&dir, &["cleartext"], &["direction", "port", "job", "clear_connections", "clear_bytes"]),
        "direction,port,job,clear_connections,clear_bytes
inbound,1033,FTPD12,1,52000300
outbound,50301,FTPD13,1,9100
outbound,1414,CSQ1CHIN,1,4500
inbound,1414,CSQ1CHIN,1,3000
inbound,21,FTPD12,1,1300
inbound,21,FTPD13,1,1000
inbound,21,FTPD1,0,
"
    );
}

#[test]
fn a_client_job_s_own_data_listener_of_another_day_does_not_make_its_port_a_service() {
    let dir = TestDir::new();
    // FTPCLI, a daily batch job (the same name every day), runs the z/OS FTP
    // client in active mode, its default: for each transfer it listens on a
    // port the stack lends it from its ephemeral range (1024-65535) and the
    // server connects to it from its port 20. 10 March, unfiltered: FTPD1
    // listens on 21; FTPCLI's control connection 10.1.1.2..1039 ->
    // 10.40.0.7..21, its data listener on 1040 and the data connection the
    // server opened to it from 10.40.0.7..20. 11 March, unfiltered: FTPD1 on
    // 21 alone; FTPCLI's control connection now from 1040 (lent again).
    // - 0000A010: no listener on 1039 that day: outbound to 21.
    // - 0000A012: FTPCLI's own listener on 1040 in its run: inbound 1040.
    // - 0000B020: FTPCLI listened on 1040 on 10 March, but 11 March shows
    //   the stack's listeners, none on 1040, and the port numbers say the
    //   same (21 below 1024, 1040 not): the client's side, outbound to 21
    //   (`no listener`; before: inbound to 1040, `listener`, the job's
    //   listener of any day counting).
    dir.write(
        "tree/2026-03-10/SYSA/allconn.txt",
        unfiltered(&[
            ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
            ("FTPCLI", "0000A010", "10.1.1.2..1039", "10.40.0.7..21"),
            ("FTPCLI", "0000A011", "10.1.1.2..1040", "0.0.0.0..0"),
            ("FTPCLI", "0000A012", "10.1.1.2..1040", "10.40.0.7..20"),
        ]),
    );
    dir.write(
        "tree/2026-03-11/SYSA/allconn.txt",
        unfiltered(&[
            ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
            ("FTPCLI", "0000B020", "10.1.1.2..1040", "10.40.0.7..21"),
        ]),
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-10,0000A010,FTPCLI,outbound,21,no listener
2026-03-10,0000A012,FTPCLI,inbound,1040,listener
2026-03-11,0000B020,FTPCLI,outbound,21,no listener
";
    assert_eq!(directions(&dir), expected);
    assert_eq!(
        report(&dir, &["capacity", "--from", "2026-03-11"], &["job", "direction", "port", "connections"]),
        "job,direction,port,connections\nFTPCLI,outbound,21,1\n"
    );
    // A later ingest brings 12 March, where FTPCLI's data listener is on
    // 1039, the port of its control connection of 10 March: that connection
    // stays outbound to 21 (its run showed the listeners, none on 1039), so
    // the later capture does not rewrite the earlier days (before: 0000A010
    // turned inbound to 1039).
    dir.write(
        "more/2026-03-12/SYSA/allconn.txt",
        unfiltered(&[
            ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
            ("FTPCLI", "0000C030", "10.1.1.2..1039", "0.0.0.0..0"),
            ("FTPCLI", "0000C031", "10.1.1.2..1039", "10.40.0.7..20"),
        ]),
    );
    assert_eq!(ingest(&dir, "more").status.code(), Some(0));
    assert_eq!(directions(&dir), format!("{expected}2026-03-12,0000C031,FTPCLI,inbound,1039,listener\n"));
}

#[test]
fn two_peers_or_two_local_ports_of_another_job_on_another_day_do_not_direct_a_connection() {
    let dir = TestDir::new();
    // 10 March, unfiltered: APPSRV listens on 1500 and serves
    // 10.20.0.1..33000 and 10.20.0.2..33001 at once (local port 1500: two
    // remote sockets, `peers`); JOBR reaches 10.8.0.5..50300 from 1201 and
    // 1202 at once (a remote socket from two local ports, `remote`). 11
    // March, two lists filtered by client, so the day shows no list of the
    // stack's listeners: BATCHX holds 10.1.1.2..1500 -> 10.9.9.9..8080 (the
    // stack lent it port 1500), OTELNT1 10.1.1.2..2023 with 10.8.0.5..50300.
    // - 10 March: APPSRV's two by its listener; JOBR's two have no listener
    //   on 1201 or 1202 on a day that shows them: outbound to 50300.
    // - 0000B001: no listener of BATCHX; the two peers on 1500 were
    //   APPSRV's, of another day, on a port the stack lends clients; 1500
    //   and 8080 are both registered ports: unknown, no service port
    //   (before: inbound to 1500, `peers`).
    // - 0000C001: the remote socket served two of JOBR's ports on another
    //   day, a port the remote host may lend a client since; 2023 is a
    //   registered port, 50300 an ephemeral one: inbound to 2023 (port
    //   numbers; before: outbound to 50300, `remote`).
    dir.write(
        "tree/2026-03-10/SYSA/allconn.txt",
        unfiltered(&[
            ("APPSRV", "00000015", "0.0.0.0..1500", "0.0.0.0..0"),
            ("APPSRV", "0000A001", "10.1.1.2..1500", "10.20.0.1..33000"),
            ("APPSRV", "0000A002", "10.1.1.2..1500", "10.20.0.2..33001"),
            ("JOBR", "0000A003", "10.1.1.2..1201", "10.8.0.5..50300"),
            ("JOBR", "0000A004", "10.1.1.2..1202", "10.8.0.5..50300"),
        ]),
    );
    let text = [
        tso_list(
            "NETSTAT ALLCONN (CLIENT BATCHX",
            "08:00:00",
            &[("BATCHX", "0000B001", "10.1.1.2..1500", "10.9.9.9..8080")],
        ),
        tso_list(
            "NETSTAT ALLCONN (CLIENT OTELNT1",
            "08:00:01",
            &[("OTELNT1", "0000C001", "10.1.1.2..2023", "10.8.0.5..50300")],
        ),
    ]
    .concat();
    dir.write("tree/2026-03-11/SYSA/netstat.txt", text);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-10,0000A001,APPSRV,inbound,1500,listener
2026-03-10,0000A002,APPSRV,inbound,1500,listener
2026-03-10,0000A003,JOBR,outbound,50300,no listener
2026-03-10,0000A004,JOBR,outbound,50300,no listener
2026-03-11,0000B001,BATCHX,unknown,,
2026-03-11,0000C001,OTELNT1,inbound,2023,port numbers
"
    );
}

#[test]
fn a_list_filtered_by_its_command_does_not_show_the_stack_s_listeners() {
    let dir = TestDir::new();
    // One run, two lists, each filtered, as its command echo says:
    // `NETSTAT ALLCONN (CLIENT FTPD1` prints FTPD1's sockets alone (its
    // listener on 21 and a client's control connection), `NETSTAT CONN
    // (IPADDR 10.30.5.22` the connections of that address alone: CICSPRD1's
    // 10.1.1.2..443 with 10.30.5.22..60845, the server side of HTTPS. Neither
    // list is the stack's listener list (CICSPRD1's listener on 443 is in
    // neither), so the day does not show the stack's listeners and a port
    // with none printed is no client's: CICSPRD1 is inbound to 443 by the
    // port numbers (443 below 1024, 60845 above). Before, FTPD1's listener
    // made the day "show the listeners", and CICSPRD1 was outbound to 60845
    // (`no listener`).
    let text = [
        tso_list(
            "NETSTAT ALLCONN (CLIENT FTPD1",
            "08:00:00",
            &[
                ("FTPD1", "0000A009", "10.1.1.2..21", "10.40.2.15..50731"),
                ("FTPD1", "00000021", "0.0.0.0..21", "0.0.0.0..0"),
            ],
        ),
        tso_list(
            "NETSTAT CONN (IPADDR 10.30.5.22",
            "08:00:01",
            &[("CICSPRD1", "0000A001", "10.1.1.2..443", "10.30.5.22..60845")],
        ),
    ]
    .concat();
    dir.write("tree/2026-03-13/SYSA/netstat.txt", text);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-13,0000A001,CICSPRD1,inbound,443,port numbers
2026-03-13,0000A009,FTPD1,inbound,21,listener
"
    );
    // Each filter is kept with its report, at the line of its echo (lines 2
    // and 10 of the file: READY, the echo, the header, two heading lines,
    // two rows, READY, then the second list).
    assert_eq!(
        dir.csv(
            "SELECT k.report_kind, a.source_line, a.key, a.value FROM attributes a
             JOIN captures k ON k.capture_id = a.owner_id WHERE a.owner_table = 'captures' ORDER BY 2"
        ),
        "report_kind,source_line,key,value
ALLCONN,2,Filter,CLIENT FTPD1
CONN,10,Filter,IPADDR 10.30.5.22
"
    );
}

/// The console's `D TCPIP,,NETSTAT,ALLCONN,MAX=3` on a stack with four
/// sockets: it displays three (`3 OF 4 RECORDS DISPLAYED`, line 7) and
/// leaves out the fourth, CICSPRD1's listener on 443: CICSPRD1's
/// 0000A001 from 10.30.5.22..60845, DB2ADIST's listener on 446 and its
/// client 0000A004.
pub(crate) const CONSOLE_ALLCONN_MAX_3: &str = "D TCPIP,,NETSTAT,ALLCONN,MAX=3
EZD0101I NETSTAT CS V2R4 TCPIP 412
USER ID  CONN     LOCAL SOCKET           FOREIGN SOCKET         STATE
CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60845      ESTBLSH
DB2ADIST 00000031 0.0.0.0..446           0.0.0.0..0             LISTEN
DB2ADIST 0000A004 10.1.1.2..446          10.30.5.31..41022      ESTBLSH
3 OF 4 RECORDS DISPLAYED
END OF THE REPORT
";

#[test]
fn a_console_list_cut_by_max_does_not_show_the_stack_s_listeners() {
    let dir = TestDir::new();
    // The console's `D TCPIP,,NETSTAT,ALLCONN,MAX=3` on a stack with four
    // sockets: it displays three (`3 OF 4 RECORDS DISPLAYED`) and leaves out
    // the fourth, here CICSPRD1's listener on 443. What it shows is DB2ADIST's
    // listener on 446 with a client of it, and CICSPRD1's 10.1.1.2..443 with
    // 10.30.5.22..60845 (the server side of HTTPS). A list cut by MAX= is
    // not the stack's listener list, so 443's missing listener says nothing:
    // CICSPRD1 is inbound to 443 by the port numbers (443 below 1024, 60845
    // above); DB2ADIST's connection is inbound to 446, whose listener was
    // shown. Before, the listener on 446 made the day "show the listeners"
    // and CICSPRD1 was outbound to 60845 (`no listener`), in silence.
    dir.write("tree/2026-03-14/SYSA/console.txt", CONSOLE_ALLCONN_MAX_3);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-14,0000A001,CICSPRD1,inbound,443,port numbers
2026-03-14,0000A004,DB2ADIST,inbound,446,listener
"
    );
    // The cut is kept with the report, at the trailer's line (7), and said.
    assert_eq!(
        dir.csv(
            "SELECT k.report_kind, a.source_line, a.key, a.value FROM attributes a
             JOIN captures k ON k.capture_id = a.owner_id WHERE a.owner_table = 'captures' ORDER BY 2"
        ),
        "report_kind,source_line,key,value\nALLCONN,7,Cut,3 OF 4 RECORDS DISPLAYED\n"
    );
    assert!(
        stderr(&output).contains(
            "console.txt: note: line 7: `3 OF 4 RECORDS DISPLAYED`: the console's MAX= cut this ALLCONN reply"
        ),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output)
        .contains("raise MAX= (`D TCPIP,,NETSTAT,ALLCONN,MAX=...`) or capture with the TSO NETSTAT command"));
    // A reply that displayed every record (`4 OF 4`) is no cut: no note.
    let whole = TestDir::new();
    whole.write(
        "tree/2026-03-14/SYSA/console.txt",
        "D TCPIP,,NETSTAT,ALLCONN
EZD0101I NETSTAT CS V2R4 TCPIP 412
USER ID  CONN     LOCAL SOCKET           FOREIGN SOCKET         STATE
DB2ADIST 00000031 0.0.0.0..446           0.0.0.0..0             LISTEN
DB2ADIST 0000A004 10.1.1.2..446          10.30.5.31..41022      ESTBLSH
2 OF 2 RECORDS DISPLAYED
END OF THE REPORT
",
    );
    let output = ingest(&whole, "tree");
    assert!(!stderr(&output).contains("MAX="), "{}", stderr(&output));
}

/// DB2PDIST's connection 0000D001 from `10.1.1.2..1030` to the remote DB2's
/// `10.5.5.5..50000`, negotiating TLSv1.2 with 003C (weak), on SYSB: on each
/// day of `shown` an unfiltered ALLCONN prints it beside DB2ADIST's listener
/// on 446 (the day shows the listeners, none on 1030), on each day of
/// `ttls_only` only the TTLS report prints it.
fn db2_client(dir: &TestDir, shown: &[&str], ttls_only: &[&str]) {
    let (local, remote) = ("10.1.1.2..1030", "10.5.5.5..50000");
    let ttls = ttls_session("0000D001", "DB2PDIST", local, remote, "003C TLS_RSA_WITH_AES_128_CBC_SHA256");
    for day in shown {
        let rows = [("DB2ADIST", "00000030", "0.0.0.0..446", "0.0.0.0..0"), ("DB2PDIST", "0000D001", local, remote)];
        allconn_day(dir, "tree", day, &rows);
    }
    for day in shown.iter().chain(ttls_only) {
        dir.write(&format!("tree/{day}/SYSB/ttls.txt"), format!("{HEADER}\n{ttls}"));
    }
}

#[test]
fn one_connection_keeps_one_direction_on_the_days_that_show_less() {
    // The same connection (conn id, sockets) on 1 and 2 March. Where the
    // ALLCONN shows the listeners it is the client's side, outbound to
    // 50000 (`no listener`); a day with the TTLS report alone has only the
    // port numbers (1030 below 49152, 50000 above: inbound to 1030), which
    // are weaker evidence of the same connection: it stays outbound to
    // 50000 (`same connection`). One weak service, one connection on two
    // dates (before: a second service, inbound 1030, with 0 connections).
    // The stronger day first, later, in one ingest, and in two.
    let by_day = "SELECT capture_date, direction, service_port, direction_evidence FROM v_connections
                  WHERE endpoint = 'connection' ORDER BY 1";
    let weak = ["job", "direction", "port", "connections", "dates", "first_seen", "last_seen"];
    let one_service = "job,direction,port,connections,dates,first_seen,last_seen
DB2PDIST,outbound,50000,1,2,2026-03-01T08:00:01,2026-03-02T08:00:01
";
    let stronger_first = "capture_date,direction,service_port,direction_evidence
2026-03-01,outbound,50000,no listener
2026-03-02,outbound,50000,same connection
";
    let stronger_later = "capture_date,direction,service_port,direction_evidence
2026-03-01,outbound,50000,same connection
2026-03-02,outbound,50000,no listener
";
    let dir = TestDir::new();
    db2_client(&dir, &["2026-03-01"], &["2026-03-02"]);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(dir.csv(by_day), stronger_first);
    assert_eq!(report(&dir, &["weak-crypto"], &weak), one_service);

    let dir = TestDir::new();
    db2_client(&dir, &["2026-03-02"], &["2026-03-01"]);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(dir.csv(by_day), stronger_later);
    assert_eq!(report(&dir, &["weak-crypto"], &weak), one_service);

    // 1 March ingested alone (inbound to 1030 by the port numbers, all it
    // shows), then 2 March: 1 March is summarized again.
    let dir = TestDir::new();
    db2_client(&dir, &[], &["2026-03-01"]);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        dir.csv(by_day),
        "capture_date,direction,service_port,direction_evidence\n2026-03-01,inbound,1030,port numbers\n"
    );
    db2_client(&dir, &["2026-03-02"], &[]);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(dir.csv(by_day), stronger_later);
    assert_eq!(report(&dir, &["weak-crypto"], &weak), one_service);
}

/// One `NETSTAT ALL` connection block as TSO prints it, with message ids
/// (the foreign socket followed by a blank, as in the published capture).
fn tso_all_block(job: &str, conn: &str, local: &str, foreign: &str, bytes: (u64, u64)) -> String {
    format!(
        "EZZ2550I Client Name: {job:<8}                 Client Id: {conn}
EZZ2551I Local Socket: {local:<22}  Foreign Socket: {foreign} 
EZZ2577I   BytesIn:            {:010}        BytesOut:           {:010}
EZZ2574I   SegmentsIn:         0000000001        SegmentsOut:        0000000002
EZZ2536I   StartDate:          03/12/2026        StartTime:          07:00:00
EZZ2552I   Last Touched:       07:59:00          State:              Establsh
EZZ2537I   QOSPolicy:          No
EZZ2545I   TTLSPolicy:         No
EZZ2542I   RoutingPolicy:      No
",
        bytes.0, bytes.1
    )
}

#[test]
fn a_report_asked_for_a_port_says_how_many_connections_of_unknown_direction_it_leaves_out() {
    let dir = TestDir::new();
    // One run of SYSA, `NETSTAT ALL (PORT 8080` (a list filtered by port: it
    // shows no list of the stack's listeners), every connection TTLSPolicy No:
    // - BATCHY 10.1.1.2..1600 -> 10.9.9.9..8080 (100 in, 200 out) and BATCHZ
    //   10.1.1.2..1601 -> 10.9.9.10..8080 (300/400): registered ports on both
    //   sides, one remote socket each, no listener list: direction unknown,
    //   no service port.
    // - CICSPRD1 10.1.1.2..8080 from 10.30.5.22..60845 (1 500/2 500): 8080
    //   registered, 60845 ephemeral: inbound to 8080 by the port numbers.
    // `cleartext --port 8080` has CICSPRD1's row alone (4 000 bytes); the two
    // clients' connections to 8080 are in no --port row (they have no
    // service port), so the report says so on stderr: 2 connections, 1 with
    // --job BATCHY, 1 with --port 1600 (BATCHY's local port); none with
    // --port 9090. Before, the report answered "no cleartext to 8080 but
    // CICSPRD1's" in silence. weak-crypto, of negotiated sessions, leaves
    // out none of them (none negotiated); policy-inventory matches --port
    // against the rules' ports: no note either.
    let blocks = [
        tso_all_block("BATCHY", "0000C201", "10.1.1.2..1600", "10.9.9.9..8080", (100, 200)),
        tso_all_block("BATCHZ", "0000C202", "10.1.1.2..1601", "10.9.9.10..8080", (300, 400)),
        tso_all_block("CICSPRD1", "0000C203", "10.1.1.2..8080", "10.30.5.22..60845", (1500, 2500)),
    ]
    .concat();
    dir.write(
        "tree/2026-03-12/SYSA/netstat.txt",
        format!(
            "READY
NETSTAT ALL (PORT 8080
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:02
{blocks}READY
END
"
        ),
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        directions(&dir),
        "capture_date,conn_id,job,direction,service_port,direction_evidence
2026-03-12,0000C201,BATCHY,unknown,,
2026-03-12,0000C202,BATCHZ,unknown,,
2026-03-12,0000C203,CICSPRD1,inbound,8080,port numbers
"
    );
    let columns = ["direction", "port", "job", "clear_connections", "clear_bytes"];
    assert_eq!(
        report(&dir, &["cleartext"], &columns),
        "direction,port,job,clear_connections,clear_bytes
inbound,8080,CICSPRD1,1,4000
unknown,,BATCHZ,1,700
unknown,,BATCHY,1,300
"
    );
    assert_eq!(
        report(&dir, &["cleartext", "--port", "8080"], &columns),
        "direction,port,job,clear_connections,clear_bytes\ninbound,8080,CICSPRD1,1,4000\n"
    );
    let note = |args: &[&str]| {
        let mut full = vec!["report"];
        full.extend_from_slice(args);
        let output = dir.run(&full);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stderr(&output)
    };
    let said = note(&["cleartext", "--port", "8080"]);
    assert!(
        said.contains(
            "note: cleartext: --port 8080 leaves out 2 connections of unknown direction with port 8080 on one side"
        ),
        "{said}"
    );
    assert!(said.contains("WHERE direction = 'unknown' AND 8080 IN (local_port, remote_port)"), "{said}");
    for report in ["capacity", "tls-adoption"] {
        assert!(note(&[report, "--port", "8080"]).contains("leaves out 2 connections"), "{report}");
    }
    assert!(note(&["cleartext", "--port", "8080", "--job", "BATCHY"]).contains("leaves out 1 connection of"));
    assert!(note(&["capacity", "--port", "1600"]).contains("leaves out 1 connection of"));
    // `export` says it of each report it writes.
    let export =
        dir.run(&["export", "--out", dir.path("out").to_str().unwrap(), "--report", "cleartext", "--port", "8080"]);
    assert!(export.status.success(), "{}", stderr(&export));
    assert!(stderr(&export).contains("note: cleartext: --port 8080 leaves out 2 connections"), "{}", stderr(&export));
    for args in [
        &["cleartext", "--port", "9090"][..],
        &["weak-crypto", "--port", "8080"],
        &["policy-inventory", "--port", "8080"],
        &["cleartext", "--port", "8080", "--to", "2026-03-11"],
    ] {
        assert!(!note(args).contains("leaves out"), "{args:?}");
    }
}

#[test]
fn tls_adoption_splits_a_job_s_port_by_direction() {
    let dir = TestDir::new();
    // DB2ADIST (DB2 DDF) listens on 446. A DRDA client's connection came in
    // on 446 from 10.70.0.3..60001 in clear (TTLSPolicy: No, 10/20 bytes);
    // DB2ADIST's own requester went out from 1050 to another DB2's 446
    // (10.1.2.2..446), under AT-TLS, TLSv1.2 C02F (3 000/4 000). The ALL
    // report is unfiltered and shows the listener on 446, none on 1050.
    let all = all_block("DB2ADIST", "0000002A", "0.0.0.0..446", "0.0.0.0..0", (0, 0), "11/30/2026", "Listen", "No")
        + &all_block(
            "DB2ADIST",
            "0000B00E",
            "10.1.1.2..446",
            "10.70.0.3..60001",
            (10, 20),
            "12/01/2026",
            "Establsh",
            "No",
        )
        + &all_block(
            "DB2ADIST",
            "0000B002",
            "10.1.1.2..1050",
            "10.1.2.2..446",
            (3000, 4000),
            "12/01/2026",
            "Establsh",
            "Yes",
        );
    let ttls = ttls_session(
        "0000b002",
        "DB2ADIST",
        "10.1.1.2..1050",
        "10.1.2.2..446",
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    );
    dir.write("tree/2026-12-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: the DDF server (inbound 446, by its listener): 1 connection,
    // none TLS, share 0, its 10/20 bytes unprotected; the requester
    // (outbound to 446, no listener on 1050): 1 connection, TLS, share 1,
    // 3 000/4 000 protected. Two rows, the port with its direction (before:
    // one row, 2 connections, 1 TLS, "0.5": the server read half protected).
    let columns = [
        "direction",
        "port",
        "job",
        "connections",
        "tls_connections",
        "tls_share",
        "bytes_in_protected",
        "bytes_out_protected",
        "bytes_in_unprotected",
        "bytes_out_unprotected",
    ];
    assert_eq!(
        report(&dir, &["tls-adoption", "--by", "port,job"], &columns),
        "direction,port,job,connections,tls_connections,tls_share,bytes_in_protected,bytes_out_protected,bytes_in_unprotected,bytes_out_unprotected
inbound,446,DB2ADIST,1,0,0,0,0,10,20
outbound,446,DB2ADIST,1,1,1,3000,4000,0,0
"
    );
    // --by direction alone: the same two rows without port and job; and no
    // split, no direction column: one row, 2 connections, 1 TLS.
    assert_eq!(
        report(&dir, &["tls-adoption", "--by", "direction"], &["direction", "connections", "tls_connections"]),
        "direction,connections,tls_connections\ninbound,1,0\noutbound,1,1\n"
    );
    let output = dir.run(&["report", "tls-adoption", "--format", "csv"]);
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("date,system,connections,tls_connections,tls_share,"), "{csv}");
    assert!(csv.contains("\n2026-12-01,SYSA,2,1,0.5,"), "{csv}");
}
