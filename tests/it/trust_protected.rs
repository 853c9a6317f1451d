//! What traffic counts protected, or in clear: that of a day whose captures
//! did not show a connection's protection (a `-b` BYTEINFO day, ALL without
//! a TTLS report) moved in the state the connection was first shown in on
//! another day, as AT-TLS maps a connection at its start; a session whose
//! cipher suite encrypts nothing (NULL) is negotiated TLS, its data in
//! clear. Each rule pinned on a small capture tree written here by hand,
//! with the answer worked out from its text in the test (the helpers are
//! trust.rs's).

use crate::trust::{all_block, ingest, report, ttls_session, HEADER};
use crate::util::{stderr, TestDir};

/// TN3270A's connection 0000A03A on 23 from 10.20.40.50, started 1 March
/// 07:00, `TTLSPolicy: No`, as ALL prints it with `BytesIn` `bytes_in`
/// (`BytesOut` ten times that), and TN3270A's listener on 23.
fn tn3270_all(bytes_in: u64) -> String {
    let connection = all_block(
        "TN3270A",
        "0000A03A",
        "10.1.1.2..23",
        "10.20.40.50..60050",
        (bytes_in, 10 * bytes_in),
        "03/01/2026",
        "Establsh",
        "No",
    );
    let listener = all_block("TN3270A", "0000002A", "0.0.0.0..23", "0.0.0.0..0", (0, 0), "02/20/2026", "Listen", "No");
    format!("{HEADER}\n{connection}{listener}")
}

/// The same connection as `netstat -b` prints it (BYTEINFO: counters, no
/// word of AT-TLS).
fn tn3270_byteinfo(bytes_in: u64) -> String {
    format!(
        "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
TN3270A  0000A03A 10.1.1.2..23           10.20.40.50..60050     Establsh
  BytesIn:          {bytes_in:010}          BytesOut:         {:010}
  StartDate:        03/01/2026          StartTime:        07:00:00
",
        10 * bytes_in
    )
}

const CLEARTEXT: [&str; 5] = ["job", "clear_connections", "unknown_policy", "clear_bytes", "dates"];

/// SYSD, 1 March ALL 1 000/10 000, 2 March BYTEINFO 2 000/20 000, 3 March
/// ALL 3 000/30 000: one connection (conn id, sockets and start), in clear.
/// And SYSC's days of [`cics_days`].
pub(crate) fn unshown_days(dir: &TestDir, root: &str) {
    dir.write(&format!("{root}/2026-03-01/SYSD/netstat.txt"), tn3270_all(1000));
    dir.write(&format!("{root}/2026-03-02/SYSD/netstat.txt"), tn3270_byteinfo(2000));
    dir.write(&format!("{root}/2026-03-03/SYSD/netstat.txt"), tn3270_all(3000));
    cics_days(dir, root);
}

#[test]
fn a_byteinfo_day_s_traffic_of_a_connection_shown_in_clear_is_cleartext_traffic() {
    let dir = TestDir::new();
    unshown_days(&dir, "tree");
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand: by its last capture it had moved 3 000 + 30 000 = 33 000
    // bytes, all in clear: 11 000 on each day, 2 March's too (before: 22 000,
    // and 33 000 without the BYTEINFO file: capturing more gave less). It
    // counts once, in clear; cleartext was seen on 2 dates.
    assert_eq!(
        report(&dir, &["cleartext"], &CLEARTEXT),
        "job,clear_connections,unknown_policy,clear_bytes,dates\nTN3270A,1,0,33000,2\n"
    );
    // 2 March alone: the connection counts unknown that day (nothing shown
    // then), its 11 000 bytes in clear (shown so on 1 March); no cleartext
    // connection in the period, so no row but the listener's.
    assert_eq!(
        report(&dir, &["cleartext", "--system", "SYSD", "--from", "2026-03-02", "--to", "2026-03-02"], &CLEARTEXT),
        "job,clear_connections,unknown_policy,clear_bytes,dates\nTN3270A,0,1,11000,1\n"
    );
    // --by peer: the one peer, the same bytes.
    assert_eq!(
        report(&dir, &["cleartext", "--system", "SYSD", "--by", "peer"], &["remote_ip", "clear_bytes"]),
        "remote_ip,clear_bytes\n10.20.40.50,33000\n"
    );
}

/// The BYTEINFO day first (2 March: 2 000/20 000), ALL on 3 March
/// (3 000/30 000, `TTLSPolicy: No`), each ingested alone, and in either
/// order.
#[test]
fn a_byteinfo_day_before_the_day_that_shows_the_connection_in_clear_counts_in_clear_whatever_the_order() {
    for order in [["2026-03-02", "2026-03-03"], ["2026-03-03", "2026-03-02"]] {
        let dir = TestDir::new();
        for day in order {
            let text = if day == "2026-03-02" { tn3270_byteinfo(2000) } else { tn3270_all(3000) };
            dir.write(&format!("{day}/{day}/SYSD/netstat.txt"), text);
            let output = ingest(&dir, day);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        }
        // By hand: 22 000 on 2 March (its counters' first print: what the
        // connection moved since its start) and 11 000 on 3 March, all in
        // clear: 33 000, as with 3 March alone (before: 11 000). Seen first
        // by BYTEINFO, it counts once unknown and once in clear.
        assert_eq!(
            report(&dir, &["cleartext"], &CLEARTEXT),
            "job,clear_connections,unknown_policy,clear_bytes,dates\nTN3270A,1,1,33000,1\n",
            "{order:?}"
        );
    }
}

/// CICSPRD1's connection `conn` on 443 from `foreign`, started 1 March
/// 07:00, `TTLSPolicy: Yes`, with `BytesIn` `bytes.0` and `BytesOut` `bytes.1`.
fn cics(conn: &str, foreign: &str, bytes: (u64, u64)) -> String {
    all_block("CICSPRD1", conn, "10.1.1.2..443", foreign, bytes, "03/01/2026", "Establsh", "Yes")
}

/// SYSC, 0000B001 on three days, ALL and `NETSTAT TTLS` on 1 and 3 March
/// (TLSv1.2 C02F, ECDHE), ALL alone on 2 March (the TTLS step did not run),
/// with 1 000/2 000, 3 000/6 000 and 5 000/10 000; on 2 March also 0000B002
/// (700/800), which no day shows.
fn cics_days(dir: &TestDir, root: &str) {
    let listener =
        all_block("CICSPRD1", "0000002B", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "02/20/2026", "Listen", "No");
    let session = ttls_session(
        "0000b001",
        "CICSPRD1",
        "10.1.1.2..443",
        "10.30.5.21..60000",
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    );
    for (day, bytes) in [("2026-03-01", (1000, 2000)), ("2026-03-03", (5000, 10_000))] {
        let all = cics("0000B001", "10.30.5.21..60000", bytes) + &listener;
        dir.write(&format!("{root}/{day}/SYSC/netstat.txt"), format!("{HEADER}\n{all}{HEADER}\n{session}"));
    }
    let all = cics("0000B001", "10.30.5.21..60000", (3000, 6000))
        + &cics("0000B002", "10.30.5.22..60001", (700, 800))
        + &listener;
    dir.write(&format!("{root}/2026-03-02/SYSC/netstat.txt"), format!("{HEADER}\n{all}"));
}

#[test]
fn a_day_without_ttls_counts_the_traffic_of_a_connection_shown_negotiated_as_protected() {
    let dir = TestDir::new();
    unshown_days(&dir, "tree");
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand, 2 March: two connections, neither shown negotiated that day
    // (tls_not_captured); 0000B001's 2 000/4 000 moved under the session
    // of 1 March: protected (before: unprotected); 0000B002's 700/800 stay
    // not shown protected.
    assert_eq!(
        report(
            &dir,
            &["tls-adoption", "--system", "SYSC"],
            &[
                "date",
                "tls_connections",
                "tls_not_captured",
                "bytes_in_protected",
                "bytes_out_protected",
                "bytes_in_unprotected",
                "bytes_out_unprotected"
            ]
        ),
        "date,tls_connections,tls_not_captured,bytes_in_protected,bytes_out_protected,bytes_in_unprotected,bytes_out_unprotected
2026-03-01,1,0,1000,2000,0,0
2026-03-02,0,2,2000,4000,700,800
2026-03-03,1,0,2000,4000,0,0
"
    );
    // C02F's key exchange (ECDHE) is quantum-vulnerable: 3 000, 6 000 and
    // 6 000 bytes, 15 000 in all, what the session had moved by its last
    // capture (before: no 2 March row, 9 000). 2 March has no TLS connection
    // to share.
    assert_eq!(
        report(&dir, &["quantum", "--system", "SYSC"], &["date", "tls_connections", "vulnerable_pct", "vulnerable_bytes"]),
        "date,tls_connections,vulnerable_pct,vulnerable_bytes\n2026-03-01,1,100,3000\n2026-03-02,0,,6000\n2026-03-03,1,100,6000\n"
    );
}

/// SYSC on 1 March: ALL and `NETSTAT TTLS`, CICSPRD1's 0000B001 (TLSv1.2
/// C02F, 1 000/2 000) and 0000B002 (TLSv1.2 003B `TLS_RSA_WITH_NULL_SHA256`,
/// 500/600); on 2 March ALL alone, 3 000/6 000 and 800/1 000.
#[test]
fn a_null_cipher_session_is_negotiated_tls_whose_traffic_is_not_protected() {
    let dir = TestDir::new();
    let listener =
        all_block("CICSPRD1", "0000002B", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "02/20/2026", "Listen", "No");
    let sessions = ttls_session(
        "0000b001",
        "CICSPRD1",
        "10.1.1.2..443",
        "10.30.5.21..60000",
        "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    ) + &ttls_session(
        "0000b002",
        "CICSPRD1",
        "10.1.1.2..443",
        "10.30.5.22..60001",
        "003B TLS_RSA_WITH_NULL_SHA256",
    );
    let all = |b001, b002| {
        cics("0000B001", "10.30.5.21..60000", b001) + &cics("0000B002", "10.30.5.22..60001", b002) + &listener
    };
    let first = all((1000, 2000), (500, 600));
    dir.write("tree/2026-03-01/SYSC/netstat.txt", format!("{HEADER}\n{first}{HEADER}\n{sessions}"));
    dir.write("tree/2026-03-02/SYSC/netstat.txt", format!("{HEADER}\n{}", all((3000, 6000), (800, 1000))));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // By hand, 1 March: two connections negotiated TLS (share 1), one of
    // them with no encryption (003B: RSA, NULL, SHA256); 0000B001's
    // 1 000/2 000 are protected, 0000B002's 500/600 went in clear (before:
    // 1 500/2 600 protected, 0/0 not). 2 March: neither shown; 0000B001's
    // growth 2 000/4 000 protected (shown negotiating C02F), 0000B002's
    // 300/400 not (shown negotiating 003B).
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &[
                "date",
                "tls_connections",
                "tls_share",
                "null_cipher",
                "bytes_in_protected",
                "bytes_out_protected",
                "bytes_in_unprotected",
                "bytes_out_unprotected"
            ]
        ),
        "date,tls_connections,tls_share,null_cipher,bytes_in_protected,bytes_out_protected,bytes_in_unprotected,bytes_out_unprotected
2026-03-01,2,1,1,1000,2000,500,600
2026-03-02,0,0,0,2000,4000,300,400
"
    );
    // The HTML adoption chart says it beside the share.
    let out = dir.path("t.html");
    let output = dir.run(&["html", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(
        page.contains("SYSC 2026-03-01: 2 of 2 connections negotiated TLS (100.0 %), 1 of them with no encryption (a NULL cipher suite)"),
        "{page}"
    );
    // Over the period each connection once: both new on 1 March and new to
    // TLS there, 0000B002 with the NULL suite; none new on 2 March. The
    // headline counts protected the sessions that encrypt, as the bytes: 1
    // of 2 (50 %), and says the NULL one apart (before: 100 %, 2 of 2).
    assert_eq!(
        report(&dir, &["tls-adoption"], &["date", "new_connections", "new_tls_connections", "new_null_cipher"]),
        "date,new_connections,new_tls_connections,new_null_cipher\n2026-03-01,2,2,1\n2026-03-02,0,0,0\n"
    );
    assert!(page.contains(r#"id="tls-share" value="0.5">50.0 %"#), "{page}");
    assert!(
        page.contains("of connections negotiated TLS with encryption (1 of 2, each counted once over the period"),
        "{page}"
    );
    assert!(
        page.contains("1 more negotiated a NULL cipher suite</strong>: authenticated, their data in clear"),
        "{page}"
    );
}
