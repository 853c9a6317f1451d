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
         1 snapshots, 1 connections, 0 TLS sessions; 0 problems\n"
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
