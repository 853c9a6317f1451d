//! Output kept by sites as z/OS prints it, not as a layout written from
//! memory: the real BYTEINFO capture of `tests/fixtures/real/`, and the
//! variants of headers and fields IBM's documentation shows.

use crate::util::{fixture, stderr, TestDir};

#[test]
fn the_real_byteinfo_capture_ingests_to_its_connection_dated_by_its_date_line() {
    let dir = TestDir::new();
    // No date in the path: the report's date line gives it.
    let file = dir.write("c/zowe/netstat-b-E-byteinfo-v2r2.txt", fixture("real/netstat-b-E-byteinfo-v2r2.txt"));
    let output = dir.run(&["ingest", "--system", "ZOWE1", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(
            "1 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 BYTEINFO; \
         1 snapshots, 1 endpoint rows (0 connection, 1 listener), 0 TLS session rows; 0 problems\n"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        dir.csv(
            "SELECT s.system, s.stack, s.capture_date, s.captured_at, c.source_line, c.conn_id, c.job, c.bytes_out,
                    c.bytes_in, c.local_ip, c.local_port, c.state, c.remote_ip, c.remote_port
             FROM connections c JOIN snapshots s USING (snapshot_id)"
        ),
        "system,stack,capture_date,captured_at,source_line,conn_id,job,bytes_out,bytes_in,local_ip,local_port,state,remote_ip,remote_port\n\
         ZOWE1,TCPIP,2019-01-16,2019-01-16T14:25:21,6,-IZUSVR1-443-::..0,IZUSVR1,0,0,,443,Listen,::,0\n"
    );
    assert_eq!(
        dir.csv("SELECT report_kind, release, first_line, last_line, record_count FROM captures"),
        "report_kind,release,first_line,last_line,record_count\nBYTEINFO,V2R2,2,8,1\n"
    );
}

#[test]
fn monitor_byteinfo_rows_join_the_connections_of_their_snapshot() {
    let dir = TestDir::new();
    dir.write("c/2019-01-16/SYSA/netstat.txt", fixture("variants/byteinfo-monitor-with-allconn.txt"));
    let output = dir.run(&["ingest", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The listener and the connection on port 443 get their ALLCONN ids and
    // addresses, and BYTEINFO's byte counts; FTPD1, which ALLCONN does not
    // list, is a row of its own.
    assert_eq!(
        dir.csv(
            "SELECT conn_id, job, local_ip, local_port, remote_ip, remote_port, state, bytes_out, bytes_in, report_count
             FROM connections ORDER BY conn_id"
        ),
        "conn_id,job,local_ip,local_port,remote_ip,remote_port,state,bytes_out,bytes_in,report_count\n\
         -FTPD1-21-0.0.0.0..0,FTPD1,,21,0.0.0.0,0,Listen,0,0,1\n\
         0000004C,IZUSVR1,::,443,::,0,Listen,0,0,2\n\
         000051A2,IZUSVR1,::ffff:10.1.1.2,443,::ffff:10.1.9.9,50112,Establsh,48213,2210,2\n"
    );
}

#[test]
fn a_monitor_byteinfo_trailer_that_disagrees_is_a_problem() {
    let text = fixture("real/netstat-b-E-byteinfo-v2r2.txt").replace("displayed: 1", "displayed: 2");
    let parsed = crate::util::parse_all(&text, &[ttlsinv::model::ReportKind::ByteInfo]);
    let problems: Vec<String> = parsed[0].problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems, ["line 8: the report says 2 connections were displayed, 1 were read"]);
}

#[test]
fn an_allconn_as_ibm_documents_it_indented_upper_case_name_and_ipv6_only() {
    // IBM's IPv6 Network and Application Design Guide (z/OS V2R1) prints
    // its ALLCONN example with `TCPIP NAME:`, every line indented by one
    // blank, and `(IPv6_ONLY)` after an IPv6 listener's local socket.
    let dir = TestDir::new();
    dir.write("c/2026-11-24/SYSA/allconn.txt", fixture("variants/ibm-doc-allconn-ipv6only.txt"));
    let output = dir.run(&["ingest", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT report_kind, release, stack, header_time, first_line, last_line FROM captures"),
        "report_kind,release,stack,header_time,first_line,last_line\nCONN/ALLCONN,V2R1,TCPCS,17:40:36,1,9\n"
    );
    assert_eq!(
        dir.csv(
            "SELECT conn_id, job, local_ip, local_port, remote_ip, remote_port, state FROM connections ORDER BY conn_id"
        ),
        "conn_id,job,local_ip,local_port,remote_ip,remote_port,state\n\
         00000021,FTPD1,0.0.0.0,21,0.0.0.0,0,Listen\n\
         00000086,FTPDV6,::,21,::,0,Listen\n"
    );
    assert_eq!(dir.csv("SELECT source_line, key, value FROM attributes"), "source_line,key,value\n8,IPv6_ONLY,Yes\n");
}

#[test]
fn masked_addresses_are_kept_as_printed_with_a_note_and_a_header_may_have_no_time() {
    let dir = TestDir::new();
    let file = dir.write("c/2022-05-31/SYSA/conn.txt", fixture("variants/conn-no-time-masked.txt"));
    let output = dir.run(&["ingest", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let note = format!(
        "{}: note: line 4: socket addresses that are not IP addresses are kept as printed (masked by whoever \
         shared the capture?): `mm.mmm.mm.mm`, `x.x.x.x`\n",
        file.canonicalize().unwrap().display()
    );
    assert!(stderr(&output).starts_with(&note), "{}", stderr(&output));
    assert_eq!(dir.csv("SELECT report_kind, header_time FROM captures"), "report_kind,header_time\nCONN/ALLCONN,\n");
    assert_eq!(
        dir.csv("SELECT conn_id, local_ip, local_port, remote_ip, remote_port FROM connections ORDER BY conn_id"),
        "conn_id,local_ip,local_port,remote_ip,remote_port\n\
         00000022,0.0.0.0,1414,0.0.0.0,0\n\
         000000BB,mm.mmm.mm.mm,1414,x.x.x.x,51844\n\
         000000C1,x.x.x.x,1414,mm.mmm.mm.mm,51990\n"
    );
}

#[test]
fn the_consoles_abbreviated_states_read_as_the_tso_spelling() {
    let text = fixture("variants/console-conn-abbreviated-states.txt");
    let parsed = crate::util::parse_all(&text, &[ttlsinv::model::ReportKind::Conn]);
    assert_eq!(parsed[0].problems, vec![]);
    let states: Vec<&str> = parsed[0].records.connections.iter().map(|c| c.state.as_deref().unwrap()).collect();
    assert_eq!(states, ["Establsh", "FinWait1", "FinWait2", "CloseWt", "TimeWait", "LastAck", "SynSent", "SynRcvd"]);
}
