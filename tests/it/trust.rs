//! What the numbers mean, each rule pinned on a small capture tree written
//! here by hand, with the answer worked out from its text in the test.

use crate::util::{project_columns, stderr, TestDir};

pub(crate) const HEADER: &str = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01";

/// One `NETSTAT ALL` connection block as z/OS UNIX `onetstat -A` prints it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn all_block(
    job: &str,
    conn: &str,
    local: &str,
    foreign: &str,
    bytes: (u64, u64),
    start: &str,
    state: &str,
    policy: &str,
) -> String {
    format!(
        "Client Name: {job:<8}                 Client Id: {conn}
Local Socket: {local:<22} Foreign Socket: {foreign} 
  BytesIn:            {:010}        BytesOut:           {:010}
  SegmentsIn:         0000000010        SegmentsOut:        0000000010
  StartDate:          {start}        StartTime:          07:00:00
  Last Touched:       07:59:00          State:              {state}
  TTLSPolicy:         {policy}
",
        bytes.0, bytes.1
    )
}

pub(crate) fn ingest(dir: &TestDir, root: &str) -> std::process::Output {
    let output = dir.run(&["ingest", dir.path(root).to_str().unwrap()]);
    assert!(output.status.code().is_some(), "{}", stderr(&output));
    output
}

pub(crate) fn report(dir: &TestDir, args: &[&str], columns: &[&str]) -> String {
    let mut full = vec!["report"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "csv"]);
    let output = dir.run(&full);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    project_columns(&String::from_utf8(output.stdout).unwrap(), columns)
}

/// Case 1 and 2: one cleartext connection (the same conn id, start time and
/// sockets) seen on three days with BytesIn 1 000, 5 000 and 12 000.
fn one_connection_three_days(dir: &TestDir) {
    for (day, bytes_in) in [("2026-03-01", 1000), ("2026-03-02", 5000), ("2026-03-03", 12_000)] {
        let block = all_block(
            "FTPD1",
            "0000A233",
            "10.1.1.2..21",
            "10.9.9.9..50731",
            (bytes_in, 0),
            "03/01/2026",
            "Establsh",
            "No",
        );
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{block}"));
    }
    let output = ingest(dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn cumulative_counters_are_traffic_per_day() {
    let dir = TestDir::new();
    one_connection_three_days(&dir);
    // 1 000, then 5 000 - 1 000, then 12 000 - 5 000.
    assert_eq!(
        report(&dir, &["capacity"], &["date", "job", "port", "connections", "bytes_in", "started_earlier"]),
        "date,job,port,connections,bytes_in,started_earlier
2026-03-01,FTPD1,21,1,1000,0
2026-03-02,FTPD1,21,1,4000,0
2026-03-03,FTPD1,21,1,7000,0
"
    );
    // Printed counters stay as printed beside the traffic.
    assert_eq!(
        dir.csv("SELECT capture_date, bytes_in, traffic_bytes_in FROM v_connections ORDER BY 1"),
        "capture_date,bytes_in,traffic_bytes_in\n2026-03-01,1000,1000\n2026-03-02,5000,4000\n2026-03-03,12000,7000\n"
    );
}

#[test]
fn a_connection_seen_on_three_days_counts_once_in_the_period() {
    let dir = TestDir::new();
    one_connection_three_days(&dir);
    let columns = ["job", "clear_connections", "clear_bytes", "dates"];
    assert_eq!(report(&dir, &["cleartext"], &columns), "job,clear_connections,clear_bytes,dates\nFTPD1,1,12000,3\n");
    // From the second day: still one connection; it moved 4 000 + 7 000 then.
    assert_eq!(
        report(&dir, &["cleartext", "--from", "2026-03-02"], &columns),
        "job,clear_connections,clear_bytes,dates\nFTPD1,1,11000,2\n"
    );
    // Each day counts it once.
    assert_eq!(
        report(&dir, &["tls-adoption"], &["date", "connections", "clear_connections"]),
        "date,connections,clear_connections\n2026-03-01,1,1\n2026-03-02,1,1\n2026-03-03,1,1\n"
    );
    assert_eq!(dir.csv("SELECT count(DISTINCT identity_id) AS n FROM v_connections"), "n\n1\n");
}

#[test]
fn a_conn_id_reused_by_a_new_connection_is_another_connection() {
    let dir = TestDir::new();
    // Day 2: the same conn id, started on day 2, counters back to 300.
    for (day, start, bytes_in) in [("2026-03-01", "03/01/2026", 5000), ("2026-03-02", "03/02/2026", 300)] {
        let block =
            all_block("FTPD1", "0000A233", "10.1.1.2..21", "10.9.9.9..50731", (bytes_in, 0), start, "Establsh", "No");
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{block}"));
    }
    ingest(&dir, "tree");
    assert_eq!(
        report(&dir, &["cleartext"], &["job", "clear_connections", "clear_bytes"]),
        "job,clear_connections,clear_bytes\nFTPD1,2,5300\n"
    );
}

#[test]
fn direction_comes_from_evidence_without_a_listener() {
    let dir = TestDir::new();
    // An ALLCONN capture with no listener line: five clients of local port
    // 1415, and one connection from local port 1030 to a remote port 443.
    let allconn = format!(
        "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQ2CHIN 00000101 10.1.1.2..1415         10.7.0.1..50001        Establsh
CSQ2CHIN 00000102 10.1.1.2..1415         10.7.0.2..50002        Establsh
CSQ2CHIN 00000103 10.1.1.2..1415         10.7.0.3..61003        Establsh
CSQ2CHIN 00000104 10.1.1.2..1415         10.7.0.4..1234         Establsh
CSQ2CHIN 00000105 10.1.1.2..1415         10.7.0.5..50005        Establsh
PAYCLNT  00000106 10.1.1.2..1030         10.8.0.9..443          Establsh
"
    );
    dir.write("tree/2026-03-01/SYSB/allconn.txt", allconn);
    ingest(&dir, "tree");
    assert_eq!(
        dir.csv(
            "SELECT job, direction, service_port, direction_evidence, count(*) AS n FROM v_connections
             GROUP BY 1, 2, 3, 4 ORDER BY 1"
        ),
        "job,direction,service_port,direction_evidence,n
CSQ2CHIN,inbound,1415,peers,5
PAYCLNT,outbound,443,port numbers,1
"
    );
    // By port, each with its direction: the inbound service first.
    assert_eq!(
        report(&dir, &["tls-adoption", "--by", "port"], &["direction", "port", "connections", "unknown_policy"]),
        "direction,port,connections,unknown_policy\ninbound,1415,5,5\noutbound,443,1,1\n"
    );
}

#[test]
fn two_ephemeral_looking_ports_give_no_direction() {
    let dir = TestDir::new();
    let allconn = format!(
        "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
BATCH1   00000201 10.1.1.2..50123        10.7.0.1..50999        Establsh
"
    );
    dir.write("tree/2026-03-01/SYSB/allconn.txt", allconn);
    ingest(&dir, "tree");
    assert_eq!(
        dir.csv("SELECT direction, service_port, direction_evidence FROM v_connections"),
        "direction,service_port,direction_evidence\nunknown,,\n"
    );
}

/// The columns of tls-adoption that count connections by TLS state.
const TLS_STATES: [&str; 6] =
    ["system", "connections", "tls_connections", "policy_only", "tls_not_captured", "clear_connections"];

/// A `NETSTAT TTLS` entry of CICSPRD1 with a negotiated session.
pub(crate) fn ttls_entry(conn: &str, local: &str, remote: &str) -> String {
    ttls_session(conn, "CICSPRD1", local, remote, "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
}

/// A `NETSTAT TTLS` entry: TLSv1.2 with `cipher` (code and name).
pub(crate) fn ttls_session(conn: &str, job: &str, local: &str, remote: &str, cipher: &str) -> String {
    format!(
        "ConnID: {conn}
  JobName:      {job}
  LocalSocket:  {local}
  RemoteSocket: {remote}
  SecLevel:     TLS Version 1.2
  Cipher:       {cipher}
  CertUserID:   N/A
  MapType:      Primary
"
    )
}

#[test]
fn a_matched_rule_is_not_protection_without_a_negotiated_session() {
    let dir = TestDir::new();
    let sockets = [("0000C001", "10.7.0.1..50001"), ("0000C002", "10.7.0.2..50002"), ("0000C003", "10.7.0.3..50003")];
    let all: String = sockets
        .iter()
        .map(|(c, f)| all_block("CICSPRD1", c, "10.1.1.2..443", f, (100, 100), "03/01/2026", "Establsh", "Yes"))
        .collect();
    // SYSA: the TTLS report of the same run shows two of the three negotiated.
    let ttls: String = sockets[..2].iter().map(|(c, f)| ttls_entry(&c.to_lowercase(), "10.1.1.2..443", f)).collect();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    // SYSB: the same connections, and no TTLS report at all.
    dir.write("tree/2026-03-01/SYSB/netstat.txt", format!("{HEADER}\n{all}"));
    ingest(&dir, "tree");
    assert_eq!(
        report(&dir, &["tls-adoption"], &TLS_STATES),
        "system,connections,tls_connections,policy_only,tls_not_captured,clear_connections
SYSA,3,2,1,0,0
SYSB,3,0,0,3,0
"
    );
}

#[test]
fn the_same_ttls_text_on_the_next_day_is_that_day_s_observation() {
    let dir = TestDir::new();
    // TTLS reports print no time: a long-lived connection's report is byte
    // for byte the same on both days, while ALL shows its counters grow.
    let ttls = format!("{HEADER}\n{}", ttls_entry("0000c001", "10.1.1.2..443", "10.7.0.1..50001"));
    for (day, bytes_in) in [("20260301", 100), ("20260302", 900)] {
        let all = all_block(
            "CICSPRD1",
            "0000C001",
            "10.1.1.2..443",
            "10.7.0.1..50001",
            (bytes_in, 0),
            "03/01/2026",
            "Establsh",
            "Yes",
        );
        dir.write(&format!("tree/SYSB/{day}/all.txt"), format!("{HEADER}\n{all}"));
        dir.write(&format!("tree/SYSB/{day}/ttls.txt"), &ttls);
    }
    // A copy under another name in the same place is the same observation.
    dir.write("tree/SYSB/20260302/ttls-copy.txt", &ttls);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    // In path order `ttls-copy.txt` comes first: it is the original.
    assert!(said.contains("20260302/ttls.txt: note: same content as "), "{said}");
    assert!(said.contains("20260302/ttls-copy.txt: skipped"), "{said}");
    assert!(said.contains("5 files: 4 ingested, 0 unchanged, 1 duplicate"), "{said}");
    assert_eq!(
        report(&dir, &["tls-adoption"], &["date", "connections", "tls_connections", "policy_only", "tls_not_captured"]),
        "date,connections,tls_connections,policy_only,tls_not_captured\n2026-03-01,1,1,0,0\n2026-03-02,1,1,0,0\n"
    );
    // Ingested again: nothing new, and nothing said to be a copy but the copy.
    let again = ingest(&dir, "tree");
    let said = stderr(&again);
    assert_eq!(said.matches("same content as").count(), 1, "{said}");
}

#[test]
fn an_idle_group_listed_by_ttls_group_is_present_and_idle_policy_is_unused_not_removed() {
    let dir = TestDir::new();
    // Day 1: the published TTLS CONN DETAIL: rule REMOTE-TO-CSQ1 with group
    // CSQ1-GROUP-ACTION and environment CSQ1-INBOUND-ENVIRONMENT-ACTION.
    let detail =
        std::fs::read_to_string(crate::util::project("tests/fixtures/published/netstat-ttls-conn-detail.txt")).unwrap();
    dir.write("tree/2026-03-01/SYSA/ttls.txt", &detail);
    // Day 2: that connection ended; another one runs under other policy
    // (the same text with other names), and TTLS GROUP still lists the
    // first group, with 0 connections.
    let other = detail
        .replace("000000bb", "000000cc")
        .replace("REMOTE-TO-CSQ1", "OTHER-RULE")
        .replace("CSQ1-GROUP-ACTION", "OTHER-GROUP")
        .replace("CSQ1-INBOUND-ENVIRONMENT-ACTION", "OTHER-ENV");
    let group = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
TTLSGrpAction                             Group ID           Conns
----------------------------------------  -----------------  -----
CSQ1-GROUP-ACTION                         0000003F               0
OTHER-GROUP                               00000050               1
";
    dir.write("tree/2026-03-02/SYSA/ttls.txt", format!("{other}{group}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The first group is present; its rule and environment action were
    // seen in use and are no longer: unused. Nothing was removed, and the
    // other policy is first seen in use (it may have been there, idle).
    assert_eq!(
        report(&dir, &["policy-drift"], &["object", "name", "change"]),
        "object,name,change
env_action,CSQ1-INBOUND-ENVIRONMENT-ACTION,unused
env_action,OTHER-ENV,in_use
group_action,OTHER-GROUP,in_use
rule,OTHER-RULE,in_use
rule,REMOTE-TO-CSQ1,unused
"
    );
}

#[test]
fn two_systems_data_sets_in_one_folder_are_never_merged_silently() {
    let dir = TestDir::new();
    // Two LPARs' data sets downloaded into one folder: the path names no
    // system apart from the folder, and both hold an ALLCONN of stack TCPIP
    // at 08:00:00 on 1 March 2026, one connection each.
    for (system, conn) in [("SYSF", "00000101"), ("SYSG", "00000202")] {
        dir.write(
            &format!("dl/{system}.NETSTAT.D260301.T080000"),
            format!(
                "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CSQ2CHIN {conn} 10.1.1.2..1414         10.7.0.1..50001        Establsh
"
            ),
        );
    }
    let output = ingest(&dir, "dl");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("SYSG.NETSTAT.D260301.T080000: note: holds a report of kind CONN/ALLCONN for stack TCPIP"),
        "{said}"
    );
    assert!(said.contains("'{system}.NETSTAT.{date}.{time}'"), "{said}");
    // Two snapshots of one connection each, not one snapshot of two.
    assert_eq!(
        dir.csv("SELECT count(*) AS connections FROM connections GROUP BY snapshot_id ORDER BY snapshot_id"),
        "connections\n1\n1\n"
    );

    // With the layout the note suggests, each data set is filed under its system.
    let layout = TestDir::new();
    for name in ["SYSF.NETSTAT.D260301.T080000", "SYSG.NETSTAT.D260301.T080000"] {
        layout.write(&format!("dl/{name}"), std::fs::read(dir.path(&format!("dl/{name}"))).unwrap());
    }
    let output =
        layout.run(&["ingest", "--layout", "{system}.NETSTAT.{date}.{time}", layout.path("dl").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        layout.csv("SELECT system, capture_date, count(*) AS n FROM v_connections GROUP BY 1, 2 ORDER BY 1"),
        "system,capture_date,n\nSYSF,2026-03-01,1\nSYSG,2026-03-01,1\n"
    );
}

#[test]
fn endpoint_reports_give_services_first_and_peers_on_request() {
    let dir = TestDir::new();
    // TN3270A's port 992: four clients negotiated 3DES (000A, weak); one
    // CICS client negotiated a secure suite.
    let mut ttls = format!("{HEADER}\n");
    for n in 1..=4 {
        let remote = format!("10.20.30.{n}..5000{n}");
        ttls += &ttls_session(
            &format!("0000d00{n}"),
            "TN3270A",
            "10.1.1.2..992",
            &remote,
            "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        );
    }
    ttls += &ttls_entry("0000d009", "10.1.1.2..443", "10.30.5.9..50009");
    dir.write("tree/2026-03-01/SYSA/ttls.txt", ttls);
    ingest(&dir, "tree");
    let columns =
        ["job", "direction", "port", "remote_ip", "worst_grade", "ciphers", "peers", "connections", "example_peer"];
    assert_eq!(
        report(&dir, &["weak-crypto"], &columns),
        "job,direction,port,remote_ip,worst_grade,ciphers,peers,connections,example_peer
TN3270A,inbound,992,,weak,000A,4,4,10.20.30.1
"
    );
    assert_eq!(
        report(&dir, &["weak-crypto", "--by", "peer"], &columns),
        "job,direction,port,remote_ip,worst_grade,ciphers,peers,connections,example_peer
TN3270A,inbound,992,10.20.30.1,weak,000A,1,1,10.20.30.1
TN3270A,inbound,992,10.20.30.2,weak,000A,1,1,10.20.30.2
TN3270A,inbound,992,10.20.30.3,weak,000A,1,1,10.20.30.3
TN3270A,inbound,992,10.20.30.4,weak,000A,1,1,10.20.30.4
"
    );
    // --top keeps the first rows in the report's order and says what it left out.
    let output = dir.run(&["report", "weak-crypto", "--by", "peer", "--top", "1", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        project_columns(&String::from_utf8(output.stdout.clone()).unwrap(), &["remote_ip"]),
        "remote_ip\n10.20.30.1\n"
    );
    assert!(stderr(&output).contains("3 more rows left out by --top"), "{}", stderr(&output));
}

#[test]
fn cleartext_and_capacity_give_services_first_and_peers_on_request() {
    let dir = TestDir::new();
    // FTPD1 listens on 21. Day 1: 10.9.9.1 once (110 bytes), 10.9.9.2 twice
    // (220 and 330 bytes). Day 2: 10.9.9.1's connection again (counters
    // 150/10: 50 more bytes in), and 10.9.9.3 new (440 bytes). All cleartext.
    let listener = |start| all_block("FTPD1", "0000A001", "0.0.0.0..21", "0.0.0.0..0", (0, 0), start, "Listen", "No");
    let client =
        |conn, foreign, bytes, start| all_block("FTPD1", conn, "10.1.1.2..21", foreign, bytes, start, "Establsh", "No");
    let day1 = [
        listener("03/01/2026"),
        client("0000A101", "10.9.9.1..50001", (100, 10), "03/01/2026"),
        client("0000A102", "10.9.9.2..50002", (200, 20), "03/01/2026"),
        client("0000A103", "10.9.9.2..50003", (300, 30), "03/01/2026"),
    ];
    let day2 = [
        listener("03/01/2026"),
        client("0000A101", "10.9.9.1..50001", (150, 10), "03/01/2026"),
        client("0000A104", "10.9.9.3..50004", (400, 40), "03/02/2026"),
    ];
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{}", day1.concat()));
    dir.write("tree/2026-03-02/SYSA/netstat.txt", format!("{HEADER}\n{}", day2.concat()));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));

    // One service: 4 cleartext connections over the period (0000A101 once),
    // 3 distinct peers, 660 + 50 + 440 bytes, on 2 dates.
    let columns = ["port", "job", "remote_ip", "listening", "clear_connections", "clear_peers", "clear_bytes", "dates"];
    assert_eq!(
        report(&dir, &["cleartext"], &columns),
        "port,job,remote_ip,listening,clear_connections,clear_peers,clear_bytes,dates
21,FTPD1,,1,4,3,1150,2
"
    );
    // Per peer, in the order of the service's key and then the peer's
    // address (as the index hands them out, without a sort); the listener's
    // own row is not a peer.
    assert_eq!(
        report(&dir, &["cleartext", "--by", "peer"], &columns),
        "port,job,remote_ip,listening,clear_connections,clear_peers,clear_bytes,dates
21,FTPD1,10.9.9.1,1,1,1,160,2
21,FTPD1,10.9.9.2,1,2,1,550,1
21,FTPD1,10.9.9.3,1,1,1,440,1
"
    );

    // Capacity counts a connection once a day: 0000A101 counts on both days.
    let columns = ["date", "job", "port", "remote_ip", "connections", "bytes_in", "bytes_out", "top_peer"];
    assert_eq!(
        report(&dir, &["capacity"], &columns),
        "date,job,port,remote_ip,connections,bytes_in,bytes_out,top_peer
2026-03-01,FTPD1,21,,3,600,60,10.9.9.2
2026-03-02,FTPD1,21,,2,450,40,10.9.9.3
"
    );
    // Per peer and day, in the order of the service's key, the peer, then
    // the date.
    assert_eq!(
        report(&dir, &["capacity", "--by", "peer"], &columns),
        "date,job,port,remote_ip,connections,bytes_in,bytes_out,top_peer
2026-03-01,FTPD1,21,10.9.9.1,1,100,10,
2026-03-02,FTPD1,21,10.9.9.1,1,50,0,
2026-03-01,FTPD1,21,10.9.9.2,2,500,50,
2026-03-02,FTPD1,21,10.9.9.3,1,400,40,
"
    );
}

#[test]
fn a_ttls_conn_detail_report_tells_of_its_own_connection_only() {
    let dir = TestDir::new();
    // The published capture set: `NETSTAT ALL` and `NETSTAT TTLS CONN
    // 000000BB DETAIL`. ALL here lists a second connection, 000000BC, also
    // `TTLSPolicy: Yes`. TTLS CONN n DETAIL reports connection n alone (IBM:
    // DETAIL is for "the specified connection"), so nothing was captured of
    // 000000BC's TLS: it is not captured, not a matched rule without a session.
    let all =
        std::fs::read_to_string(crate::util::project("tests/fixtures/published/netstat-all-port1414.txt")).unwrap();
    // The published DETAIL was taken from a later session of 000000BB
    // (RemoteSocket 10.1.0.2..53230): here it prints ALL's socket, to be
    // that connection's report.
    let detail = std::fs::read_to_string(crate::util::project("tests/fixtures/published/netstat-ttls-conn-detail.txt"))
        .unwrap()
        .replace("10.1.0.2..53230", "10.1.0.2..51844");
    let second: String = all
        .lines()
        .skip(1)
        .map(|line| line.replace("000000BB", "000000BC").replace("10.1.0.2..51844", "10.1.0.3..51999") + "\n")
        .collect();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{all}{second}{detail}"));
    // SYSB: the same two connections, and a DETAIL block for 000000BC that
    // shows no negotiated session (no SecLevel, no Cipher): its own report
    // says the rule matched and no session was negotiated. Shortened by
    // hand (no actions), it ends with TSO's `READY`: a whole report, not
    // one cut at its last line.
    let no_session = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:41:00
ConnID: 000000bc
  JobName:      CSQ9CHIN
  LocalSocket:  10.1.1.2..1414
  RemoteSocket: 10.1.0.3..51999
TTLSRule: REMOTE-TO-CSQ1
  Priority:       1
  Direction:      Inbound
READY
";
    dir.write("tree/2026-03-01/SYSB/netstat.txt", format!("{all}{second}{detail}{no_session}"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["tls-adoption"], &TLS_STATES),
        "system,connections,tls_connections,policy_only,tls_not_captured,clear_connections
SYSA,2,1,0,1,0
SYSB,2,1,1,0,0
"
    );
    assert_eq!(
        dir.csv("SELECT system, conn_id, tls_state FROM v_connections ORDER BY 1, 2"),
        "system,conn_id,tls_state
SYSA,000000BB,negotiated
SYSA,000000BC,not_captured
SYSB,000000BB,negotiated
SYSB,000000BC,policy_only
"
    );
}

#[test]
fn a_ttls_conn_report_without_detail_tells_of_its_own_connection_only() {
    let dir = TestDir::new();
    // One capture run per system: `NETSTAT ALL` lists CICSPRD1's two
    // clients on 443, 0000A001 from 10.30.5.22 and 0000A002 from 10.30.5.23,
    // both `TTLSPolicy: Yes`; then a TTLS report whose only entry is
    // 0000A001, negotiated TLSv1.2 (C02F).
    let all: String = [("0000A001", "10.30.5.22..60845"), ("0000A002", "10.30.5.23..60900")]
        .iter()
        .map(|(conn, foreign)| {
            all_block("CICSPRD1", conn, "10.1.1.2..443", foreign, (100, 100), "03/01/2026", "Establsh", "Yes")
        })
        .collect();
    let entry = ttls_entry("0000a001", "10.1.1.2..443", "10.30.5.22..60845");
    let ttls_at = HEADER.replace("08:00:01", "08:00:02");
    let run = |all_echo: &str, ttls_echo: &str| {
        format!("READY\n{all_echo}\n{HEADER}\n{all}READY\n{ttls_echo}\n{ttls_at}\n{entry}READY\n")
    };
    // SYSA (TSO) asked `NETSTAT TTLS CONN 0000A001`, SYSB (z/OS UNIX)
    // `onetstat -x COnn 0000A001`: NETSTAT printed connection 0000A001
    // alone (IBM: COnn connid "displays AT-TLS information for the
    // specified connection"), so nothing was captured of 0000A002's TLS:
    // 1 negotiated, 1 not captured, none policy_only.
    dir.write("tree/2026-03-01/SYSA/netstat.txt", run("NETSTAT ALL", "NETSTAT TTLS CONN 0000A001"));
    let unix = run("SYSB:/u/netops $ onetstat -A", "SYSB:/u/netops $ onetstat -x COnn 0000A001").replace("READY\n", "");
    dir.write("tree/2026-03-01/SYSB/netstat.txt", unix);
    // SYSC asked `NETSTAT TTLS`, the list of every AT-TLS connection, and
    // 0000A002 is not in it: its rule matched and no session shows
    // (policy_only).
    dir.write("tree/2026-03-01/SYSC/netstat.txt", run("NETSTAT ALL", "NETSTAT TTLS"));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        report(&dir, &["tls-adoption"], &TLS_STATES),
        "system,connections,tls_connections,policy_only,tls_not_captured,clear_connections
SYSA,2,1,0,1,0
SYSB,2,1,0,1,0
SYSC,2,1,1,0,0
"
    );
    assert_eq!(
        dir.csv("SELECT DISTINCT s.system, k.report_kind FROM captures k JOIN snapshots s USING (snapshot_id) ORDER BY 1, 2"),
        "system,report_kind\nSYSA,ALL\nSYSA,TTLS CONN\nSYSB,ALL\nSYSB,TTLS CONN\nSYSC,ALL\nSYSC,TTLS\n"
    );
}

#[test]
fn a_capture_run_that_crosses_midnight_keeps_its_place_in_time() {
    let dir = TestDir::new();
    // One cleartext connection of CSQ9CHIN, started 07:00:00 on 1 March,
    // seen by three capture runs a day apart at most: BytesIn 1 000 at
    // 08:00 on 1 March, 3 000 by the run the scheduler started at 23:59:58
    // that day, 4 000 at 08:00 on 2 March.
    let all = |time: &str, bytes_in: u64| {
        let header = HEADER.replace("08:00:01", time);
        let block = all_block(
            "CSQ9CHIN",
            "000000BB",
            "10.1.1.2..1414",
            "10.1.0.2..51844",
            (bytes_in, 0),
            "03/01/2026",
            "Establsh",
            "No",
        );
        format!("{header}\n{block}")
    };
    // SYSA: the data set of the late run is named after its start
    // (T235958); NETSTAT printed its header at 00:00:03 on 2 March.
    dir.write("tree/SYSA/NETSTAT.D260301.T080000.txt", all("08:00:01", 1000));
    dir.write("tree/SYSA/NETSTAT.D260301.T235958.txt", all("00:00:03", 3000));
    dir.write("tree/SYSA/NETSTAT.D260302.T080000.txt", all("08:00:01", 4000));
    // SYSB: a folder per run, no time in the names; the late run's ALL
    // printed at 23:59:58, its TTLS GROUP report at 00:00:01.
    let group = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           00:00:01
TTLSGrpAction                             Group ID           Conns
----------------------------------------  -----------------  -----
CSQ1-GROUP-ACTION                         0000003F               0
";
    dir.write("tree/2026-03-01/SYSB/am/all.txt", all("08:00:01", 1000));
    dir.write("tree/2026-03-01/SYSB/pm/all.txt", all("23:59:58", 3000));
    dir.write("tree/2026-03-01/SYSB/pm/group.txt", group);
    dir.write("tree/2026-03-02/SYSB/am/all.txt", all("08:00:01", 4000));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The late runs are filed under 1 March (the path says so) and come
    // after that day's 08:00 run: the same connection, 2 000 more bytes.
    assert_eq!(
        dir.csv("SELECT system, capture_date, captured_at FROM snapshots ORDER BY 1, 3"),
        "system,capture_date,captured_at
SYSA,2026-03-01,2026-03-01T08:00:01
SYSA,2026-03-01,2026-03-02T00:00:03
SYSA,2026-03-02,2026-03-02T08:00:01
SYSB,2026-03-01,2026-03-01T08:00:01
SYSB,2026-03-01,2026-03-01T23:59:58
SYSB,2026-03-02,2026-03-02T08:00:01
"
    );
    // Each report of the late runs is taken when it printed, after
    // midnight on 2 March (review 18a F1: SYSB's GROUP report and SYSA's ALL
    // were dated 1 March, 00:00, a day early).
    assert_eq!(
        dir.csv(
            "SELECT s.system, k.report_kind, k.captured_at FROM captures k JOIN snapshots s USING (snapshot_id)
             WHERE s.capture_date = '2026-03-01' AND k.header_time NOT LIKE '08:%' ORDER BY 1, 3"
        ),
        "system,report_kind,captured_at
SYSA,ALL,2026-03-02T00:00:03
SYSB,ALL,2026-03-01T23:59:58
SYSB,TTLS GROUP,2026-03-02T00:00:01
"
    );
    assert_eq!(
        report(&dir, &["capacity"], &["date", "system", "snapshots", "connections", "bytes_in"]),
        "date,system,snapshots,connections,bytes_in
2026-03-01,SYSA,2,1,3000
2026-03-01,SYSB,2,1,3000
2026-03-02,SYSA,1,1,1000
2026-03-02,SYSB,1,1,1000
"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["system", "clear_connections", "clear_bytes"]),
        "system,clear_connections,clear_bytes\nSYSA,1,4000\nSYSB,1,4000\n"
    );
}

#[test]
fn a_file_captured_again_under_its_name_says_it_replaces_the_earlier_capture() {
    let dir = TestDir::new();
    // The job writes one data set a day and the 16:00 run wrote over the
    // 08:00 run's output, which was ingested already: FTPD1's connection
    // 00000101 at 08:00, 00000301 at 16:00.
    let allconn = |time: &str, conn: &str| {
        format!(
            "{}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
FTPD1    {conn} 10.1.1.2..21           10.9.9.9..40122        Establsh
",
            HEADER.replace("08:00:01", time)
        )
    };
    let file = dir.write("tree/2026-03-01/SYSA/netstat.txt", allconn("08:00:01", "00000101"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    // Written again with other content (and another modification time).
    std::fs::write(&file, allconn("16:00:01", "00000301")).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(later).unwrap();
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The 08:00 capture is gone from the inventory: said, not silent.
    let said = stderr(&output);
    assert!(
        said.contains(
            "netstat.txt: note: changed since it was ingested: what it holds now replaces the capture it held \
             (SYSA 2026-03-01), whose rows leave the inventory"
        ),
        "{said}"
    );
    assert_eq!(
        dir.csv("SELECT conn_id, captured_at FROM v_connections"),
        "conn_id,captured_at\n00000301,2026-03-01T16:00:01\n"
    );
    // Ingested again unchanged: nothing more is said of it.
    assert!(!stderr(&ingest(&dir, "tree")).contains("changed since"));
}

#[test]
fn a_page_header_inside_a_connection_list_continues_the_same_snapshot() {
    let dir = TestDir::new();
    // A batch job's SYSTSPRT: the ALLCONN list goes on after a page header
    // and the column headings printed again; four clients of the listener.
    let page = "EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
";
    let text = format!(
        "{page}EZZ2587I CSQ9CHIN 00000022 0.0.0.0..1414          0.0.0.0..0             Listen
EZZ2587I CSQ9CHIN 000000B1 10.1.1.2..1414         10.1.0.2..51844        Establsh
EZZ2587I CSQ9CHIN 000000B2 10.1.1.2..1414         10.1.0.3..51845        Establsh
{page}EZZ2587I CSQ9CHIN 000000B3 10.1.1.2..1414         10.1.0.4..51846        Establsh
EZZ2587I CSQ9CHIN 000000B4 10.1.1.2..1414         10.1.0.5..51847        Establsh
"
    );
    dir.write("tree/2026-03-01/SYSA/allconn.txt", text);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    // One snapshot of four connections at once (the listener is none).
    assert_eq!(
        report(
            &dir,
            &["capacity"],
            &["date", "job", "direction", "port", "snapshots", "connections", "peak_connections"]
        ),
        "date,job,direction,port,snapshots,connections,peak_connections\n2026-03-01,CSQ9CHIN,inbound,1414,1,4,4\n"
    );
    assert_eq!(
        report(&dir, &["coverage"], &["date", "snapshots", "connections", "files", "problems"]),
        "date,snapshots,connections,files,problems\n2026-03-01,1,4,1,0\n"
    );
}

/// An ALLCONN capture of SYSB on `day` with `lines` (user, conn, local,
/// foreign): a line whose foreign socket is port 0 (`0.0.0.0..0`) is a
/// listener, as NETSTAT prints one, the others established connections.
pub(crate) fn allconn_day(dir: &TestDir, root: &str, day: &str, lines: &[(&str, &str, &str, &str)]) {
    let body: String = lines
        .iter()
        .map(|(user, conn, local, foreign)| {
            let state = if foreign.ends_with("..0") { "Listen" } else { "Establsh" };
            format!("{user:<8} {conn} {local:<22} {foreign:<22} {state}\n")
        })
        .collect();
    dir.write(
        &format!("{root}/{day}/SYSB/allconn.txt"),
        format!(
            "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
{body}"
        ),
    );
}

/// Ingests SYSB's `first` day (2026-03-01), then in a second run its `next`
/// day (2026-03-02); gives the days' change numbers: a day summarized again
/// by the second run has its number.
fn day_after_day(dir: &TestDir, first: &[(&str, &str, &str, &str)], next: &[(&str, &str, &str, &str)]) -> String {
    allconn_day(dir, "one", "2026-03-01", first);
    ingest(dir, "one");
    allconn_day(dir, "two", "2026-03-02", next);
    ingest(dir, "two");
    dir.csv("SELECT capture_date, change FROM day_changes ORDER BY 1")
}

#[test]
fn new_evidence_of_a_port_summarizes_again_only_the_days_whose_direction_it_can_change() {
    let dir = TestDir::new();
    // Day 1: a client came to FTP from remote port 40001 (local 21 below
    // 1024, remote above: inbound by port numbers).
    // Day 2: local port 40001 serves two remote sockets ('peers' evidence).
    // It says who serves on local port 40001; day 1 only has 40001 as a
    // remote port, so day 1's summaries stay as they are.
    assert_eq!(
        day_after_day(
            &dir,
            &[("FTPD1", "00000301", "10.1.1.2..21", "10.9.9.9..40001")],
            &[
                ("MQSRV", "00000401", "10.1.1.2..40001", "10.7.0.1..50001"),
                ("MQSRV", "00000402", "10.1.1.2..40001", "10.7.0.2..50002"),
            ],
        ),
        "capture_date,change\n2026-03-01,1\n2026-03-02,2\n"
    );
    assert_eq!(
        dir.csv("SELECT capture_date, job, remote_ip, direction, service_port FROM daily_endpoints ORDER BY 1, 3"),
        "capture_date,job,remote_ip,direction,service_port\n2026-03-01,FTPD1,10.9.9.9,inbound,21\n\
         2026-03-02,MQSRV,10.7.0.1,inbound,40001\n2026-03-02,MQSRV,10.7.0.2,inbound,40001\n"
    );
}

#[test]
fn new_evidence_of_a_local_port_summarizes_again_the_earlier_days_it_gives_a_direction() {
    let dir = TestDir::new();
    // Day 1: two ports at or above 49152: no direction.
    // Day 2: local port 50123 serves two remote sockets: day 1's connection
    // on local port 50123 was inbound to it.
    assert_eq!(
        day_after_day(
            &dir,
            &[("BATCH1", "00000501", "10.1.1.2..50123", "10.7.0.9..50999")],
            &[
                ("BATCH1", "00000601", "10.1.1.2..50123", "10.7.0.1..50001"),
                ("BATCH1", "00000602", "10.1.1.2..50123", "10.7.0.2..50002"),
            ],
        ),
        "capture_date,change\n2026-03-01,2\n2026-03-02,2\n"
    );
    assert_eq!(
        dir.csv("SELECT capture_date, remote_ip, direction, service_port FROM daily_endpoints ORDER BY 1, 2"),
        "capture_date,remote_ip,direction,service_port\n2026-03-01,10.7.0.9,inbound,50123\n2026-03-02,10.7.0.1,inbound,50123\n2026-03-02,10.7.0.2,inbound,50123\n"
    );
}

#[test]
fn new_evidence_of_a_remote_socket_summarizes_again_the_earlier_days_it_gives_a_direction() {
    let dir = TestDir::new();
    // Day 1: two ports at or above 49152: no direction.
    // Day 2: the remote socket 10.8.0.5..50300 is reached from two local
    // ports: a service there, so day 1's connection went out to it.
    assert_eq!(
        day_after_day(
            &dir,
            &[("BATCH2", "00000701", "10.1.1.2..50200", "10.8.0.5..50300")],
            &[
                ("BATCH2", "00000801", "10.1.1.2..50201", "10.8.0.5..50300"),
                ("BATCH2", "00000802", "10.1.1.2..50202", "10.8.0.5..50300"),
            ],
        ),
        "capture_date,change\n2026-03-01,2\n2026-03-02,2\n"
    );
    assert_eq!(
        dir.csv("SELECT capture_date, direction, service_port, connections FROM daily_endpoints ORDER BY 1"),
        "capture_date,direction,service_port,connections\n2026-03-01,outbound,50300,1\n2026-03-02,outbound,50300,2\n"
    );
}

#[test]
fn two_runs_a_day_count_a_connection_once_and_add_its_growth() {
    let dir = TestDir::new();
    // FTPD1's connection seen at 08:00 and 12:00 on 1 March and 08:00 on
    // 2 March: BytesIn 1 000, 3 000, 4 000; BytesOut 100, 300, 400.
    for (name, time, counters) in [
        ("NETSTAT.D260301.T080000", "08:00:01", (1000, 100)),
        ("NETSTAT.D260301.T120000", "12:00:01", (3000, 300)),
        ("NETSTAT.D260302.T080000", "08:00:01", (4000, 400)),
    ] {
        let block =
            all_block("FTPD1", "0000A233", "10.1.1.2..21", "10.9.9.9..50731", counters, "03/01/2026", "Establsh", "No");
        dir.write(&format!("tree/SYSA/{name}"), format!("{}\n{block}", HEADER.replace("08:00:01", time)));
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    // 1 March: two snapshots, one connection, 1 000 + 2 000 in, 100 + 200
    // out; 2 March: 1 000 in, 100 out.
    assert_eq!(
        report(&dir, &["capacity"], &["date", "snapshots", "connections", "peak_connections", "bytes_in", "bytes_out"]),
        "date,snapshots,connections,peak_connections,bytes_in,bytes_out
2026-03-01,2,1,1,3000,300
2026-03-02,1,1,1,1000,100
"
    );
    assert_eq!(
        report(&dir, &["cleartext"], &["clear_connections", "clear_bytes", "dates"]),
        "clear_connections,clear_bytes,dates\n1,4400,2\n"
    );
}

#[test]
fn a_system_folder_in_lower_case_and_lines_padded_with_blanks_are_read_alike() {
    let dir = TestDir::new();
    // Day 1 under SYSA as NETSTAT wrote it; day 2 under `sysa`, every line
    // padded with blanks to 133 columns (a fixed-length data set downloaded
    // with its trailing blanks).
    let text = |conn: &str| {
        format!(
            "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
FTPD1    00000022 0.0.0.0..21            0.0.0.0..0             Listen
FTPD1    {conn} 10.1.1.2..21           10.9.9.9..40122        Establsh
"
        )
    };
    dir.write("tree/2026-03-01/SYSA/allconn.txt", text("00000101"));
    let padded: String = text("00000201").lines().map(|line| format!("{line:<133}\n")).collect();
    dir.write("tree/2026-03-02/sysa/allconn.txt", padded);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        report(&dir, &["coverage"], &["system", "date", "status", "connections", "problems"]),
        "system,date,status,connections,problems\nSYSA,2026-03-01,captured,1,0\nSYSA,2026-03-02,captured,1,0\n"
    );
    assert_eq!(
        dir.csv("SELECT capture_date, conn_id, state, remote_port FROM v_connections ORDER BY 1, 2"),
        "capture_date,conn_id,state,remote_port
2026-03-01,00000022,Listen,0
2026-03-01,00000101,Establsh,40122
2026-03-02,00000022,Listen,0
2026-03-02,00000201,Establsh,40122
"
    );
}

#[test]
fn a_socket_another_report_prints_otherwise_is_kept_and_said() {
    // The published capture set: ALL and ALLCONN print connection 000000BB
    // with Foreign Socket 10.1.0.2..51844; the TTLS CONN DETAIL report,
    // taken at another moment, prints `RemoteSocket: 10.1.0.2..53230` for
    // 000000bb (its block on line 2 of its file): a later session of the
    // conn id (the published README), kept apart as another connection
    // (see trust_merge.rs). Here ALLCONN's line is edited by hand to print
    // Foreign Socket 10.1.0.2..51845 (line 4 of its file): ALL, the most
    // detailed, stands in the row; 51845 is kept as an attribute of the
    // connection in the ALLCONN report, at the line that printed it, and
    // said. The local sockets agree (10.1.1.2..1414): nothing is kept of
    // them. Read whole (merged in memory) and with parts of 1K, where the
    // TTLS file (5 055 bytes) is read as a stream and merged by the store,
    // alike. Written in the order of their names: ALLCONN after ALL (it
    // loses), then first (ALL replaces its socket in the row, which is kept
    // as it replaces it); said with the file written last.
    let orders = [("", "netstat-allconn-port1414.txt", "line 4"), ("0-", "netstat-all-port1414.txt", "line 4 of ")];
    for ((prefix, noted, place), part_size) in orders.into_iter().flat_map(|o| [(o, None), (o, Some("1K"))]) {
        let dir = TestDir::new();
        for name in ["netstat-all-port1414.txt", "netstat-allconn-port1414.txt", "netstat-ttls-conn-detail.txt"] {
            let text = std::fs::read_to_string(crate::util::project(&format!("tests/fixtures/published/{name}")));
            let (prefix, text) = match name {
                "netstat-allconn-port1414.txt" => (prefix, text.unwrap().replace("10.1.0.2..51844", "10.1.0.2..51845")),
                _ => ("", text.unwrap()),
            };
            dir.write(&format!("tree/2026-03-01/SYSA/{prefix}{name}"), text);
        }
        let tree = dir.path("tree");
        let mut args = vec!["ingest", tree.to_str().unwrap()];
        args.extend(part_size.iter().flat_map(|size| ["--part-size", size]));
        let output = dir.run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            dir.csv("SELECT conn_id, remote_ip, remote_port, report_count FROM connections WHERE conn_id = '000000BB'"),
            "conn_id,remote_ip,remote_port,report_count\n000000BB,10.1.0.2,51844,2\n",
            "{prefix} {part_size:?}"
        );
        assert_eq!(
            dir.csv(
                "SELECT r.report_kind, a.source_line, a.key, a.value FROM attributes a
                 JOIN captures r USING (capture_id) JOIN connections c ON c.connection_id = a.owner_id
                 WHERE a.owner_table = 'connections' AND c.conn_id = '000000BB' AND a.key LIKE '%Socket%'"
            ),
            "report_kind,source_line,key,value\nCONN/ALLCONN,4,RemoteSocket (other report),10.1.0.2..51845\n",
            "{prefix} {part_size:?}"
        );
        let note = format!("{noted}: note: connection 000000BB: {place}");
        let said = "prints RemoteSocket 10.1.0.2..51845, another report of its snapshot prints another: the most \
                    detailed report's stands and 10.1.0.2..51845 is kept as the attribute `RemoteSocket (other report)`";
        let stderr = stderr(&output);
        let line = stderr.lines().find(|l| l.contains(&note)).unwrap_or_else(|| panic!("{part_size:?}: {stderr}"));
        assert!(line.ends_with(said), "{part_size:?}: {line}");
    }
}

#[test]
fn an_ipv4_client_and_its_ipv4_mapped_form_are_one_peer() {
    let dir = TestDir::new();
    // FTPD1 on 21, cleartext. Day 1 the stack prints client 10.9.9.9
    // (connection 0000A201, 100 + 10 bytes); day 2, as a dual-mode stack
    // prints it, `::ffff:10.9.9.9` (0000A202, a new connection, 200 + 20
    // bytes): the same client, so one peer over the period, two connections.
    let day1 =
        all_block("FTPD1", "0000A201", "10.1.1.2..21", "10.9.9.9..50731", (100, 10), "03/01/2026", "Establsh", "No");
    let day2 = all_block(
        "FTPD1",
        "0000A202",
        "::ffff:10.1.1.2..21",
        "::ffff:10.9.9.9..50800",
        (200, 20),
        "03/02/2026",
        "Establsh",
        "No",
    );
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{day1}"));
    dir.write("tree/2026-03-02/SYSA/netstat.txt", format!("{HEADER}\n{day2}"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let columns = ["port", "job", "remote_ip", "clear_connections", "clear_peers", "clear_bytes", "dates"];
    assert_eq!(
        report(&dir, &["cleartext"], &columns),
        "port,job,remote_ip,clear_connections,clear_peers,clear_bytes,dates\n21,FTPD1,,2,1,330,2\n"
    );
    assert_eq!(
        report(&dir, &["cleartext", "--by", "peer"], &columns),
        "port,job,remote_ip,clear_connections,clear_peers,clear_bytes,dates\n21,FTPD1,10.9.9.9,2,1,330,2\n"
    );
    // The facts keep what was printed.
    assert_eq!(
        dir.csv("SELECT conn_id, remote_ip FROM connections ORDER BY 1"),
        "conn_id,remote_ip\n0000A201,10.9.9.9\n0000A202,::ffff:10.9.9.9\n"
    );
}

#[test]
fn impact_counts_an_ipv4_client_and_its_ipv4_mapped_form_as_one_endpoint() {
    let dir = TestDir::new();
    // CSQ1CHIN on 1414 negotiates TLSv1.2 with 003C. Day 1 the stack prints
    // client 10.9.9.9 (0000B201); day 2, as a dual-mode stack prints it,
    // `::ffff:10.9.9.9` (0000B202): one client, so one endpoint row of
    // impact with both connections and both dates, as the other reports
    // count it (migration 0033).
    let cipher = "003C TLS_RSA_WITH_AES_128_CBC_SHA256";
    for (day, start, conn, local, remote) in [
        ("2026-03-01", "03/01/2026", "0000B201", "10.1.1.2..1414", "10.9.9.9..50731"),
        ("2026-03-02", "03/02/2026", "0000B202", "::ffff:10.1.1.2..1414", "::ffff:10.9.9.9..50800"),
    ] {
        let all = all_block("CSQ1CHIN", conn, local, remote, (100, 10), start, "Establsh", "Yes");
        let ttls = ttls_session(&conn.to_lowercase(), "CSQ1CHIN", local, remote, cipher);
        dir.write(&format!("tree/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        report(&dir, &["impact", "--disable", "003C"], &["port", "job", "remote_ip", "connections", "dates"]),
        "port,job,remote_ip,connections,dates\n1414,CSQ1CHIN,10.9.9.9,2,2\n"
    );
}

#[test]
fn capacity_names_no_top_peer_when_no_bytes_were_captured() {
    let dir = TestDir::new();
    // ALLCONN prints no byte counts: FTPD1 on 21 with two clients, 10.9.9.1
    // and 10.9.9.2 (21 against ephemeral ports: inbound, service 21). No
    // peer moved a known number of bytes: no top peer, and its bytes
    // unknown, not 0.
    allconn_day(
        &dir,
        "tree",
        "2026-03-01",
        &[
            ("FTPD1", "0000A301", "10.1.1.2..21", "10.9.9.1..50001"),
            ("FTPD1", "0000A302", "10.1.1.2..21", "10.9.9.2..50002"),
        ],
    );
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let columns = ["date", "job", "port", "connections", "bytes_in", "top_peer", "top_peer_bytes"];
    assert_eq!(
        report(&dir, &["capacity"], &columns),
        "date,job,port,connections,bytes_in,top_peer,top_peer_bytes\n2026-03-01,FTPD1,21,2,,,\n"
    );
}

#[test]
fn weak_crypto_s_example_peer_is_one_of_the_worst_grade() {
    let dir = TestDir::new();
    // CICSPRD1 on 443 (inbound: 443 against ephemeral ports): 10.9.9.1
    // negotiated 003C TLS_RSA_WITH_AES_128_CBC_SHA256 (weak: CBC, no
    // ephemeral key exchange), 10.9.9.2 0005 TLS_RSA_WITH_RC4_128_SHA
    // (insecure: RC4). The service's worst grade is insecure; its example
    // peer is 10.9.9.2, the peer of that grade, not the lowest address.
    let peers = [
        ("0000D001", "10.9.9.1..50001", "003C TLS_RSA_WITH_AES_128_CBC_SHA256"),
        ("0000D002", "10.9.9.2..50002", "0005 TLS_RSA_WITH_RC4_128_SHA"),
    ];
    let all: String = peers
        .iter()
        .map(|(c, f, _)| all_block("CICSPRD1", c, "10.1.1.2..443", f, (100, 100), "03/01/2026", "Establsh", "Yes"))
        .collect();
    let ttls: String = peers
        .iter()
        .map(|(c, f, cipher)| ttls_session(&c.to_lowercase(), "CICSPRD1", "10.1.1.2..443", f, cipher))
        .collect();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let columns = ["port", "job", "worst_grade", "ciphers", "peers", "example_peer"];
    assert_eq!(
        report(&dir, &["weak-crypto"], &columns),
        "port,job,worst_grade,ciphers,peers,example_peer\n443,CICSPRD1,insecure,0005 003C,2,10.9.9.2\n"
    );
}

// The `no listener` evidence. z/OS hands out ephemeral ports from 1024
// (TCPCONFIG EPHEMERALPORTS), so a z/OS client's local port looks like a
// registered one: the port numbers alone call it a server.

/// DB2's listener on 446 (DDF).
const DB2_LISTENER: (&str, &str, &str, &str) = ("DB2PDIST", "00000901", "0.0.0.0..446", "0.0.0.0..0");
/// DB2PDIST's connection out of local port 1030 to a DB2 server's 50000.
const DB2_CLIENT: (&str, &str, &str, &str) = ("DB2PDIST", "00000904", "10.1.1.2..1030", "10.5.5.5..50000");

/// `daily_endpoints`' connections of a day: job, direction, service port.
fn endpoints_of(dir: &TestDir, day: &str) -> String {
    dir.csv(&format!(
        "SELECT job, direction, service_port FROM daily_endpoints
         WHERE endpoint = 'connection' AND capture_date = '{day}' ORDER BY 1, 2, 3"
    ))
}

#[test]
fn a_z_os_client_from_port_1024_up_is_outbound_on_a_day_that_shows_the_listeners() {
    let dir = TestDir::new();
    // The listeners on 446, 1414 and 21. DB2PDIST's 1030 -> 50000: no
    // listener on 1030, so 1030 is the client's side: outbound to 50000 (the
    // port numbers said inbound to 1030: 1030 is below 49152, 50000 above).
    // FTPD1's active-mode data connection from port 20 to the client's
    // 40001: no listener on 20, outbound to 40001 (the port numbers: 20 is
    // below 1024, inbound to 20). The listener on 1414 serves 10.7.0.1
    // (inbound) and CICSPRD1 over loopback: its side goes out to the stack's
    // own listener (outbound to 1414), the other end is inbound on 1414.
    allconn_day(
        &dir,
        "tree",
        "2026-03-01",
        &[
            DB2_LISTENER,
            ("CSQ2CHIN", "00000902", "0.0.0.0..1414", "0.0.0.0..0"),
            ("FTPD1", "00000903", "0.0.0.0..21", "0.0.0.0..0"),
            DB2_CLIENT,
            ("CSQ2CHIN", "00000905", "10.1.1.2..1414", "10.7.0.1..50001"),
            ("FTPD1", "00000906", "10.1.1.2..20", "10.9.9.9..40001"),
            ("CICSPRD1", "00000907", "127.0.0.1..1031", "127.0.0.1..1414"),
            ("CSQ2CHIN", "00000908", "127.0.0.1..1414", "127.0.0.1..1031"),
        ],
    );
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        dir.csv("SELECT conn_id, direction, service_port, direction_evidence FROM v_connections ORDER BY 1"),
        "conn_id,direction,service_port,direction_evidence
00000901,inbound,446,listener
00000902,inbound,1414,listener
00000903,inbound,21,listener
00000904,outbound,50000,no listener
00000905,inbound,1414,listener
00000906,outbound,40001,no listener
00000907,outbound,1414,own listener
00000908,inbound,1414,listener
"
    );
    // ALLCONN prints no bytes: the rows come by job, then port.
    assert_eq!(
        report(&dir, &["capacity"], &["job", "direction", "port", "connections"]),
        "job,direction,port,connections
CICSPRD1,outbound,1414,1
CSQ2CHIN,inbound,1414,2
DB2PDIST,outbound,50000,1
FTPD1,outbound,40001,1
"
    );
}

#[test]
fn a_day_without_a_listen_row_keeps_the_port_numbers() {
    let dir = TestDir::new();
    // SYSB: an ALLCONN filtered by client (`NETSTAT ALLCONN (CLIENT
    // DB2PDIST`): DB2PDIST's connection and no listener. SYSA: a TTLS report
    // alone, with DB2PDIST's session on the same sockets. SYSC prints a
    // listener, but of its own stack. Nothing says the stacks' listeners
    // were seen: the port numbers stand (inbound to 1030, which is wrong for
    // a client, and said in the README).
    allconn_day(&dir, "tree", "2026-03-01", &[DB2_CLIENT]);
    let session = ttls_session(
        "00000904",
        "DB2PDIST",
        "10.1.1.2..1030",
        "10.5.5.5..50000",
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    );
    dir.write("tree/2026-03-01/SYSA/ttls.txt", format!("{HEADER}\n{session}"));
    let listener =
        all_block("DB2PDIST", "00000901", "0.0.0.0..446", "0.0.0.0..0", (0, 0), "03/01/2026", "Listen", "No");
    dir.write("tree/2026-03-01/SYSC/all.txt", format!("{HEADER}\n{listener}"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        dir.csv("SELECT system, direction, service_port, direction_evidence FROM v_connections ORDER BY 1"),
        "system,direction,service_port,direction_evidence
SYSA,inbound,1030,port numbers
SYSB,inbound,1030,port numbers
SYSC,inbound,446,listener
"
    );
}

#[test]
fn a_listener_seen_on_another_day_decides_before_no_listener() {
    let dir = TestDir::new();
    // Day 1 shows MQSRV's listener on 1030. Day 2 shows the listener on 446
    // and MQSRV's connection on local port 1030 from 10.5.5.5..50000: day
    // 1's listener says 1030 serves (inbound to 1030), not `no listener`.
    // Day 2's new listener on 446 bears on no row of day 1 (its listener is
    // on 1030): day 1 is not summarized again.
    assert_eq!(
        day_after_day(
            &dir,
            &[("MQSRV", "00000A01", "0.0.0.0..1030", "0.0.0.0..0")],
            &[DB2_LISTENER, ("MQSRV", "00000A03", "10.1.1.2..1030", "10.5.5.5..50000")],
        ),
        "capture_date,change\n2026-03-01,1\n2026-03-02,2\n"
    );
    assert_eq!(endpoints_of(&dir, "2026-03-02"), "job,direction,service_port\nMQSRV,inbound,1030\n");
}

#[test]
fn a_new_or_vanished_listener_summarizes_again_the_days_of_its_local_port() {
    let dir = TestDir::new();
    // Day 1: the listener on 446 and DB2PDIST's 1030 -> 50000 (no listener
    // on 1030: outbound to 50000). Day 2: DB2PDIST itself listens on 1030
    // (a second port of its DDF, say), so 1030 is its service: day 1 is
    // summarized again, its connection inbound to 1030. (A listener of
    // another job on another day would not count, and would not summarize
    // day 1 again: trust_direction.rs.)
    assert_eq!(
        day_after_day(&dir, &[DB2_LISTENER, DB2_CLIENT], &[("DB2PDIST", "00000B01", "0.0.0.0..1030", "0.0.0.0..0")]),
        "capture_date,change\n2026-03-01,2\n2026-03-02,2\n"
    );
    assert_eq!(endpoints_of(&dir, "2026-03-01"), "job,direction,service_port\nDB2PDIST,inbound,1030\n");
    // Day 2 captured again, DB2PDIST now on 1031: no listener on 1030 any
    // day, so day 1 is summarized again, its connection outbound to 50000.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    allconn_day(&dir, "two", "2026-03-02", &[("DB2PDIST", "00000B01", "0.0.0.0..1031", "0.0.0.0..0")]);
    let file = dir.path("two/2026-03-02/SYSB/allconn.txt");
    std::fs::File::options().write(true).open(file).unwrap().set_modified(later).unwrap();
    assert_eq!(ingest(&dir, "two").status.code(), Some(0));
    assert_eq!(
        dir.csv("SELECT capture_date, change FROM day_changes ORDER BY 1"),
        "capture_date,change\n2026-03-01,3\n2026-03-02,3\n"
    );
    assert_eq!(endpoints_of(&dir, "2026-03-01"), "job,direction,service_port\nDB2PDIST,outbound,50000\n");
}

#[test]
fn a_day_that_gains_its_first_listener_is_summarized_again_with_no_listener() {
    let dir = TestDir::new();
    // Day 1 first captured by a client-filtered ALLCONN: DB2PDIST's
    // 1030 -> 50000 alone, no listener: the port numbers, inbound to 1030.
    allconn_day(&dir, "one", "2026-03-01", &[DB2_CLIENT]);
    assert_eq!(ingest(&dir, "one").status.code(), Some(0));
    assert_eq!(endpoints_of(&dir, "2026-03-01"), "job,direction,service_port\nDB2PDIST,inbound,1030\n");
    // The day's whole ALLCONN, written to another folder, adds the listener
    // on 446: the day's rows changed, so it is summarized again (pending as
    // any changed day, not through the evidence), and 1030, where nothing
    // listens, is the client's side: outbound to 50000.
    allconn_day(&dir, "two", "2026-03-01", &[DB2_LISTENER, DB2_CLIENT]);
    assert_eq!(ingest(&dir, "two").status.code(), Some(0));
    assert_eq!(dir.csv("SELECT capture_date, change FROM day_changes"), "capture_date,change\n2026-03-01,2\n");
    assert_eq!(endpoints_of(&dir, "2026-03-01"), "job,direction,service_port\nDB2PDIST,outbound,50000\n");
}

#[test]
fn a_connection_only_a_ttls_report_printed_keeps_the_port_numbers() {
    let dir = TestDir::new();
    // An ALLCONN filtered by port (`NETSTAT ALLCONN (PORT 1414`): the
    // listener on 1414 and its client 10.7.0.1. The run's TTLS report prints
    // that connection too, and CICSPRD1's on 8443 from 10.5.5.5..50123,
    // which the filter left out of ALLCONN with its listener. The day shows
    // listeners, but only 1414's: 8443 keeps the port numbers (8443 below
    // 49152, 50123 above: inbound to 8443), not `no listener` (outbound to
    // 50123).
    allconn_day(
        &dir,
        "tree",
        "2026-03-01",
        &[
            ("CSQ2CHIN", "00000C00", "0.0.0.0..1414", "0.0.0.0..0"),
            ("CSQ2CHIN", "00000C01", "10.1.1.2..1414", "10.7.0.1..50001"),
        ],
    );
    let cipher = "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    let ttls = [
        ttls_session("00000C01", "CSQ2CHIN", "10.1.1.2..1414", "10.7.0.1..50001", cipher),
        ttls_session("00000C02", "CICSPRD1", "10.1.1.2..8443", "10.5.5.5..50123", cipher),
    ]
    .concat();
    dir.write("tree/2026-03-01/SYSB/ttls.txt", format!("{HEADER}\n{ttls}"));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        dir.csv(
            "SELECT conn_id, direction, service_port, direction_evidence, tls_state FROM v_connections
             WHERE endpoint = 'connection' ORDER BY 1"
        ),
        "conn_id,direction,service_port,direction_evidence,tls_state
00000C01,inbound,1414,listener,negotiated
00000C02,inbound,8443,port numbers,negotiated
"
    );
}

#[test]
fn a_remote_socket_printed_in_its_ipv4_mapped_form_is_the_same_remote_socket() {
    let dir = TestDir::new();
    // Day 1: BATCH2 from 50201 to 10.8.0.5..50300 through an IPv6 socket,
    // which a dual-mode stack prints `::ffff:10.8.0.5..50300`: two ports at
    // or above 49152, no evidence (unknown). Day 2: the same remote socket
    // from 50202 (IPv6 socket, mapped form) and from 50203 (IPv4 form): one
    // remote socket reached from two local ports, a service there (remote:
    // outbound to 50300). Day 1's connection went out to it too: day 1 is
    // summarized again. Before, the two forms were two remote sockets,
    // reached once each: all three unknown, day 1 left as it was.
    assert_eq!(
        day_after_day(
            &dir,
            &[("BATCH2", "00000D01", "::ffff:10.1.1.2..50201", "::ffff:10.8.0.5..50300")],
            &[
                ("BATCH2", "00000D02", "::ffff:10.1.1.2..50202", "::ffff:10.8.0.5..50300"),
                ("BATCH2", "00000D03", "10.1.1.2..50203", "10.8.0.5..50300"),
            ],
        ),
        "capture_date,change\n2026-03-01,2\n2026-03-02,2\n"
    );
    assert_eq!(
        dir.csv("SELECT conn_id, direction, service_port, direction_evidence FROM v_connections ORDER BY 1"),
        "conn_id,direction,service_port,direction_evidence
00000D01,outbound,50300,remote
00000D02,outbound,50300,remote
00000D03,outbound,50300,remote
"
    );
    assert_eq!(
        dir.csv("SELECT capture_date, remote_ip, direction, service_port, connections FROM daily_endpoints ORDER BY 1"),
        "capture_date,remote_ip,direction,service_port,connections
2026-03-01,10.8.0.5,outbound,50300,1
2026-03-02,10.8.0.5,outbound,50300,2
"
    );
}

/// Listeners and UDP endpoints are no connections: every report counts
/// connections only, so the ingest summary and coverage say them apart.
#[test]
fn the_ingest_summary_and_coverage_count_connections_apart_from_listeners_and_udp_endpoints() {
    let dir = TestDir::new();
    dir.write(
        "tree/2026-04-01/SYSA/allconn.txt",
        "READY
NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:00
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60845      Establsh
EZZ2587I CICSPRD1 0000A002 10.1.1.2..443          10.30.5.23..60900      Establsh
EZZ2587I DB2PDIST 0000A003 10.1.1.2..1030         10.5.5.5..50000        TimeWait
EZZ2587I CICSPRD1 00000030 0.0.0.0..443           0.0.0.0..0             Listen
EZZ2587I DB2ADIST 00000031 0.0.0.0..446           0.0.0.0..0             Listen
EZZ2587I SYSLOGD  0000002A 0.0.0.0..514           *..*                   UDP
READY
",
    );
    // Six rows: A001, A002 and A003 (TimeWait is a connection still) are
    // connections, 00000030 and 00000031 listeners (`Listen`), 0000002A a
    // UDP endpoint: 6 endpoints, 3 of them connections.
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(
            "1 snapshots, 6 endpoint rows (3 connection, 2 listener, 1 UDP), 0 TLS session rows; 0 problems\n"
        ),
        "{}",
        stderr(&output)
    );
    // Coverage counts what tls-adoption counts: the 3 connections.
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "connections"]),
        "date,status,connections\n2026-04-01,captured,3\n"
    );
    assert_eq!(report(&dir, &["tls-adoption"], &["date", "connections"]), "date,connections\n2026-04-01,3\n");
    // A day of connections alone says connections, as before: A001 and A002.
    dir.write(
        "tree/2026-04-02/SYSA/allconn.txt",
        "READY
NETSTAT ALLCONN
EZZ2350I MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:00
EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State
EZZ2586I -------  ----     ------------           --------------         -----
EZZ2587I CICSPRD1 0000A001 10.1.1.2..443          10.30.5.22..60845      Establsh
EZZ2587I CICSPRD1 0000A002 10.1.1.2..443          10.30.5.23..60900      Establsh
READY
",
    );
    let output = ingest(&dir, "tree");
    assert!(
        stderr(&output).ends_with("1 snapshots, 2 connection rows, 0 TLS session rows; 0 problems\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_release_printed_two_ways_is_one_zos_release() {
    // 1 March: SYSA's header prints `CS 3.1`, SYSB's `CS V3R1` (z/OS 3.1
    // prints either), SYSC's `CS V2R5`; one ALL report each.
    let dir = TestDir::new();
    for (system, release) in [("SYSA", "3.1"), ("SYSB", "V3R1"), ("SYSC", "V2R5")] {
        let client = all_block(
            "CICSPRD1",
            "0000A001",
            "10.1.1.2..443",
            "10.30.5.22..60845",
            (100, 200),
            "03/01/2026",
            "Establsh",
            "No",
        );
        dir.write(
            &format!("tree/2026-03-01/{system}/netstat.txt"),
            format!("{}\n{client}", HEADER.replace("V2R4", release)),
        );
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: the release as printed is kept; in one spelling SYSA and
    // SYSB run 3.1, SYSC 2.5 (before: `3.1` and `V3R1` were two releases).
    assert_eq!(
        dir.csv("SELECT system, release, zos_release FROM v_captures ORDER BY system"),
        "system,release,zos_release\nSYSA,3.1,3.1\nSYSB,V3R1,3.1\nSYSC,V2R5,2.5\n"
    );
    assert_eq!(
        dir.csv("SELECT zos_release, group_concat(system, ' ' ORDER BY system) AS systems FROM v_captures GROUP BY 1 ORDER BY 1"),
        "zos_release,systems\n2.5,SYSC\n3.1,SYSA SYSB\n"
    );
}
