//! Traffic counters and protection, each rule pinned on a small capture
//! tree written here by hand, with the answer worked out from its text in
//! the test (the helpers are trust.rs's).

use crate::trust::{all_block, ingest, report, ttls_entry, HEADER};
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
    // traffic goes by what each snapshot showed: 12:00's growth, 200 + 200,
    // shown protected; 08:00's 100 + 100 not.
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
SYSA,1,1,0,0,0,0,1,200,200,100,100
SYSB,1,0,0,0,1,0,0,,,500,50
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
