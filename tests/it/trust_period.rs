//! Counting a connection once over a period whose days' reports told its
//! protection differently, each rule pinned on a small capture tree written
//! here by hand, with the answer worked out from its text in the test (the
//! helpers are trust.rs's).

use crate::trust::{all_block, ingest, report, ttls_session, HEADER};
use crate::util::{stderr, TestDir};

/// The ALLCONN lines of SYSA's days 1 and 3: the listeners of CICSPRD1 on
/// 443 and FTPD1 on 21, and one client of each.
const ALLCONN: &str = "User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CICSPRD1 0000B001 0.0.0.0..443           0.0.0.0..0             Listen
FTPD1    0000B002 0.0.0.0..21            0.0.0.0..0             Listen
CICSPRD1 0000C001 10.1.1.2..443          10.7.0.1..50001        Establsh
FTPD1    0000A001 10.1.1.2..21           10.9.9.9..50731        Establsh
";

/// Three days of SYSA. 1 March: ALLCONN alone, which says nothing of
/// AT-TLS (`unknown`). 2 March: ALL, where CICSPRD1's client 0000C001 has
/// `TTLSPolicy: Yes` and the TTLS report of the same run shows it negotiated
/// TLSv1.2 with 003C (`TLS_RSA_WITH_AES_128_CBC_SHA256`, graded weak), and
/// FTPD1's client 0000A001 has `TTLSPolicy: No` (cleartext, `BytesIn` 500,
/// `BytesOut` 50). 3 March: ALLCONN alone again. The same two connections
/// all three days (same conn ids and sockets; ALLCONN prints no start time
/// or counters to tell them apart). Each day under `roots[day - 1]`.
fn three_days_told_differently(dir: &TestDir, roots: [&str; 3]) {
    let allconn = format!("{HEADER}\n{ALLCONN}");
    dir.write(&format!("{}/2026-03-01/SYSA/netstat.txt", roots[0]), &allconn);
    dir.write(&format!("{}/2026-03-03/SYSA/netstat.txt", roots[2]), &allconn);
    let listener = |job, conn, port| {
        all_block(job, conn, &format!("0.0.0.0..{port}"), "0.0.0.0..0", (0, 0), "03/01/2026", "Listen", "No")
    };
    let all = [
        listener("CICSPRD1", "0000B001", 443),
        listener("FTPD1", "0000B002", 21),
        all_block(
            "CICSPRD1",
            "0000C001",
            "10.1.1.2..443",
            "10.7.0.1..50001",
            (100, 100),
            "03/01/2026",
            "Establsh",
            "Yes",
        ),
        all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50731", (500, 50), "03/01/2026", "Establsh", "No"),
    ]
    .concat();
    let ttls = ttls_session(
        "0000c001",
        "CICSPRD1",
        "10.1.1.2..443",
        "10.7.0.1..50001",
        "003C TLS_RSA_WITH_AES_128_CBC_SHA256",
    );
    dir.write(&format!("{}/2026-03-02/SYSA/netstat.txt", roots[1]), format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
}

#[test]
fn a_connection_weak_on_a_later_day_than_it_was_first_seen_counts_as_weak_in_the_period() {
    let dir = TestDir::new();
    three_days_told_differently(&dir, ["tree"; 3]);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_weak_once(&dir);
}

#[test]
fn days_ingested_in_later_runs_count_as_days_ingested_in_one() {
    // The same days in two runs, 1 and 2 March, then 3 March: 3 March reads
    // back what the days before it told. Then in three runs, 1 March, 3
    // March, 2 March, which comes between the two and is summarized last:
    // what 3 March continues from changes. The same answers as one run.
    for (roots, runs) in [(["a", "a", "b"], &["a", "b"][..]), (["a", "c", "b"], &["a", "b", "c"][..])] {
        let dir = TestDir::new();
        three_days_told_differently(&dir, roots);
        for root in runs {
            let output = ingest(&dir, root);
            assert_eq!(output.status.code(), Some(0), "{root}: {}", stderr(&output));
        }
        assert_weak_once(&dir);
        assert_clear_once(&dir);
    }
}

/// The weak-crypto answers of [`three_days_told_differently`].
fn assert_weak_once(dir: &TestDir) {
    // 0000C001 negotiated 003C on 2 March, the one day TTLS was captured:
    // one weak connection from one peer on one date, over the whole period
    // (it was first seen on 1 March, by ALLCONN, which told nothing of its
    // TLS) as from 2 March.
    let columns = ["system", "job", "direction", "port", "worst_grade", "ciphers", "peers", "connections", "dates"];
    let expected = "system,job,direction,port,worst_grade,ciphers,peers,connections,dates
SYSA,CICSPRD1,inbound,443,weak,003C,1,1,1
";
    assert_eq!(report(dir, &["weak-crypto"], &columns), expected);
    assert_eq!(report(dir, &["weak-crypto", "--from", "2026-03-02"], &columns), expected);
    assert_eq!(
        report(dir, &["weak-crypto", "--by", "peer"], &["job", "remote_ip", "connections"]),
        "job,remote_ip,connections\nCICSPRD1,10.7.0.1,1\n"
    );
}

#[test]
fn a_connection_in_cleartext_on_a_later_day_than_it_was_first_seen_counts_in_cleartext_in_the_period() {
    let dir = TestDir::new();
    three_days_told_differently(&dir, ["tree"; 3]);
    ingest(&dir, "tree");
    assert_clear_once(&dir);
}

/// The cleartext answers of [`three_days_told_differently`].
fn assert_clear_once(dir: &TestDir) {
    let columns = [
        "job",
        "port",
        "listening",
        "clear_connections",
        "tls_connections",
        "unknown_policy",
        "clear_peers",
        "clear_bytes",
    ];
    // Over the three days: FTPD1's client was in cleartext (2 March, 500 +
    // 50 bytes, its whole counters: ALLCONN printed none before), and on 1
    // March nothing told its protection (counted there as unknown: that day
    // came before any report told more). 3 March's ALLCONN sighting told less
    // than 2 March's and counts no more. CICSPRD1's listener on 443 is not a
    // cleartext service: its one connection negotiated TLS on 2 March.
    assert_eq!(
        report(dir, &["cleartext"], &columns),
        "job,port,listening,clear_connections,tls_connections,unknown_policy,clear_peers,clear_bytes
FTPD1,21,1,1,0,1,1,550
"
    );
    // From 2 March: the cleartext connection, and no unknown one.
    assert_eq!(
        report(dir, &["cleartext", "--from", "2026-03-02"], &columns),
        "job,port,listening,clear_connections,tls_connections,unknown_policy,clear_peers,clear_bytes
FTPD1,21,1,1,0,0,1,550
"
    );
    // 3 March alone: ALLCONN saw both clients, and nothing told their
    // protection that day: each listener shows with one connection of
    // unknown protection and none in TLS, none in cleartext.
    assert_eq!(
        report(dir, &["cleartext", "--from", "2026-03-03"], &columns),
        "job,port,listening,clear_connections,tls_connections,unknown_policy,clear_peers,clear_bytes
FTPD1,21,1,0,0,1,0,
CICSPRD1,443,1,0,0,1,0,
"
    );
}

/// Three days of SYSA, each a `NETSTAT ALL` and `NETSTAT TTLS` of one run:
/// CICSPRD1's client 0000C001 (10.7.0.1..50001) negotiated TLSv1.2 with
/// 003C every day (`BytesIn` 100, 300, 600: one connection, its counters
/// growing); FTPD1's client 0000A001 in cleartext on 2 March alone. The
/// listeners of both jobs every day.
pub(crate) fn one_tls_connection_three_days(dir: &TestDir) {
    let listeners = [
        all_block("CICSPRD1", "0000B001", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "03/01/2026", "Listen", "No"),
        all_block("FTPD1", "0000B002", "0.0.0.0..21", "0.0.0.0..0", (0, 0), "03/01/2026", "Listen", "No"),
    ]
    .concat();
    let ttls = ttls_session(
        "0000c001",
        "CICSPRD1",
        "10.1.1.2..443",
        "10.7.0.1..50001",
        "003C TLS_RSA_WITH_AES_128_CBC_SHA256",
    );
    for (day, bytes) in [("2026-03-01", 100), ("2026-03-02", 300), ("2026-03-03", 600)] {
        let tls = all_block(
            "CICSPRD1",
            "0000C001",
            "10.1.1.2..443",
            "10.7.0.1..50001",
            (bytes, bytes),
            "03/01/2026",
            "Establsh",
            "Yes",
        );
        let clear = if day == "2026-03-02" {
            all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50731", (500, 50), "03/02/2026", "Establsh", "No")
        } else {
            String::new()
        };
        dir.write(
            &format!("tree/{day}/SYSA/netstat.txt"),
            format!("{HEADER}\n{listeners}{tls}{clear}{HEADER}\n{ttls}"),
        );
    }
}

#[test]
fn ciphers_and_tls_adoption_say_which_connections_are_new_in_the_period() {
    let dir = TestDir::new();
    one_tls_connection_three_days(&dir);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // 0000C001 is one connection seen on three dates: each date counts it
    // (a connection counts once a day), and only 1 March, its first date,
    // counts it as new; summed over the dates, new_connections counts it
    // once. From 2 March, 2 March is its first date in the period.
    let columns = ["date", "code", "connections", "new_connections"];
    assert_eq!(
        report(&dir, &["ciphers"], &columns),
        "date,code,connections,new_connections
2026-03-01,003C,1,1
2026-03-02,003C,1,0
2026-03-03,003C,1,0
"
    );
    assert_eq!(
        report(&dir, &["ciphers", "--from", "2026-03-02"], &columns),
        "date,code,connections,new_connections\n2026-03-02,003C,1,1\n2026-03-03,003C,1,0\n"
    );
    // tls-adoption: 2 March counts both clients, of which FTPD1's cleartext
    // one is new; over the period 2 connections, 1 of them TLS.
    let columns = ["date", "connections", "tls_connections", "new_connections", "new_tls_connections"];
    assert_eq!(
        report(&dir, &["tls-adoption"], &columns),
        "date,connections,tls_connections,new_connections,new_tls_connections
2026-03-01,1,1,1,1
2026-03-02,2,1,1,0
2026-03-03,1,1,0,0
"
    );
}

/// Two days of SYSA, one run each at 08:00:01: CICSPRD1's client 0000A001
/// (10.1.1.2..443 from 10.30.5.22..50001, started 20 November 07:00) with
/// `TTLSPolicy: Yes` in `NETSTAT ALL`, and its listener on 443. 23 November:
/// ALL alone (BytesIn/BytesOut 1 000/2 000), so its TLS was not captured.
/// 24 November: the same ALL (5 000/6 000: one connection, its counters
/// growing) and `NETSTAT TTLS`, which shows it negotiated TLSv1.2 with 003C.
pub(crate) fn tls_captured_on_the_second_day(dir: &TestDir) {
    let listener =
        all_block("CICSPRD1", "00000030", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "11/20/2026", "Listen", "No");
    let client = |bytes| {
        all_block("CICSPRD1", "0000A001", "10.1.1.2..443", "10.30.5.22..50001", bytes, "11/20/2026", "Establsh", "Yes")
    };
    let first = client((1000, 2000));
    dir.write("tree/2026-11-23/SYSA/netstat.txt", format!("{HEADER}\n{listener}{first}"));
    let second = client((5000, 6000));
    let ttls = ttls_session(
        "0000a001",
        "CICSPRD1",
        "10.1.1.2..443",
        "10.30.5.22..50001",
        "003C TLS_RSA_WITH_AES_128_CBC_SHA256",
    );
    dir.write("tree/2026-11-24/SYSA/netstat.txt", format!("{HEADER}\n{listener}{second}{HEADER}\n{ttls}"));
}

#[test]
fn a_connection_whose_later_day_told_more_is_new_once_and_new_to_tls_once() {
    // [`tls_captured_on_the_second_day`]: 0000A001 is one connection seen on
    // 23 November (a rule matched, no TTLS report: tls_not_captured) and on
    // 24 November (negotiated). It is new on the 23rd, its first date, and
    // not again on the 24th; it is new to TLS on the 24th, the first date it
    // was seen negotiated: over the period 1 connection, 1 of it TLS.
    let dir = TestDir::new();
    tls_captured_on_the_second_day(&dir);
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let columns =
        ["date", "connections", "tls_connections", "tls_not_captured", "new_connections", "new_tls_connections"];
    assert_eq!(
        report(&dir, &["tls-adoption"], &columns),
        "date,connections,tls_connections,tls_not_captured,new_connections,new_tls_connections
2026-11-23,1,0,1,1,0
2026-11-24,1,1,0,0,1
"
    );
    // From the 24th, the 24th is its first date in the period.
    assert_eq!(
        report(&dir, &["tls-adoption", "--from", "2026-11-24"], &columns),
        "date,connections,tls_connections,tls_not_captured,new_connections,new_tls_connections
2026-11-24,1,1,0,1,1
"
    );
    // ciphers lists negotiated connections alone: 003C first on the 24th.
    let columns = ["date", "code", "connections", "new_connections"];
    assert_eq!(report(&dir, &["ciphers"], &columns), "date,code,connections,new_connections\n2026-11-24,003C,1,1\n");

    // [`three_days_told_differently`]: both clients first seen on 1 March
    // by ALLCONN (unknown), on 2 March one negotiated and one in cleartext,
    // on 3 March ALLCONN again: 2 new connections on 1 March and none after;
    // 1 new to TLS, on 2 March.
    let dir = TestDir::new();
    three_days_told_differently(&dir, ["tree"; 3]);
    ingest(&dir, "tree");
    let columns = ["date", "connections", "tls_connections", "clear_connections", "unknown_policy", "new_connections"];
    assert_eq!(
        report(&dir, &["tls-adoption"], &[&columns[..], &["new_tls_connections"]].concat()),
        "date,connections,tls_connections,clear_connections,unknown_policy,new_connections,new_tls_connections
2026-03-01,2,0,0,2,2,0
2026-03-02,2,1,1,0,0,1
2026-03-03,2,0,0,2,0,0
"
    );
}

/// A run of SYSA at `time` on `day` (file `NETSTAT.T{hhmmss}.txt`): with a
/// `tls` session (`SecLevel` and `Cipher`), `NETSTAT ALL` and `NETSTAT TTLS`
/// of CICSPRD1's client `conn` from 10.30.5.22..`port` and its listener;
/// without, `NETSTAT ALLCONN` alone, which tells nothing of AT-TLS.
fn regression_run(dir: &TestDir, day: &str, time: &str, conn: &str, port: u16, tls: Option<(&str, &str)>) {
    let header = HEADER.replace("08:00:01", time);
    let remote = format!("10.30.5.22..{port}");
    let text = match tls {
        Some((level, cipher)) => {
            let listener =
                all_block("CICSPRD1", "00000030", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "09/01/2026", "Listen", "No");
            let client =
                all_block("CICSPRD1", conn, "10.1.1.2..443", &remote, (1000, 2000), "09/01/2026", "Establsh", "Yes");
            let session = ttls_session(&conn.to_lowercase(), "CICSPRD1", "10.1.1.2..443", &remote, cipher)
                .replace("TLS Version 1.2", level);
            format!("{header}\n{listener}{client}{header}\n{session}")
        }
        None => format!(
            "{header}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CICSPRD1 00000030 0.0.0.0..443           0.0.0.0..0             Listen
CICSPRD1 {conn} 10.1.1.2..443          {remote:<22} Establsh
"
        ),
    };
    dir.write(&format!("tree/{day}/SYSA/NETSTAT.T{}.txt", time.replace(':', "")), text);
}

/// A run of [`regression_run`]: day, time, conn id, remote port, TLS.
type Run<'a> = (&'a str, &'a str, &'a str, u16, Option<(&'a str, &'a str)>);

const TLS13: (&str, &str) = ("TLS Version 1.3", "1301 TLS_AES_128_GCM_SHA256");
const TLS12: (&str, &str) = ("TLS Version 1.2", "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

#[test]
fn a_snapshot_that_tells_nothing_of_tls_hides_no_regression() {
    // The peer 10.30.5.22 of CICSPRD1's port 443 negotiated TLSv1.3 with
    // 1301 (graded recommended) on 1 September at 08:00 and TLSv1.2 with
    // C02F (secure) at the next capture that told its TLS: one regression,
    // `TLSv1.3 to TLSv1.2; recommended to secure`, from the told capture
    // before to the told capture after, whatever ALLCONN-only runs (which
    // print no AT-TLS) came between. Three trees:
    // (1) ALLCONN alone at 16:00 on 1 September, the last run of the day;
    // (2) ALLCONN alone at 08:00 on 2 September, the first run of the day,
    //     then ALL and TTLS at 12:00;
    // (3) a whole day (2 September) of ALLCONN alone, then 3 September.
    let columns = ["remote_ip", "before", "after", "worse"];
    let expected = |after: &str| {
        format!(
            "remote_ip,before,after,worse\n10.30.5.22,2026-09-01T08:00:01,{after},TLSv1.3 to TLSv1.2; recommended to secure\n"
        )
    };
    let cases: [(&[Run<'_>], &str); 3] = [
        (
            &[
                ("2026-09-01", "08:00:01", "0000B001", 60001, Some(TLS13)),
                ("2026-09-01", "16:00:00", "0000B001", 60001, None),
                ("2026-09-02", "08:00:01", "0000B006", 60103, Some(TLS12)),
            ],
            "2026-09-02T08:00:01",
        ),
        (
            &[
                ("2026-09-01", "08:00:01", "0000B001", 60001, Some(TLS13)),
                ("2026-09-02", "08:00:00", "0000B001", 60001, None),
                ("2026-09-02", "12:00:01", "0000B006", 60103, Some(TLS12)),
            ],
            "2026-09-02T12:00:01",
        ),
        (
            &[
                ("2026-09-01", "08:00:01", "0000B001", 60001, Some(TLS13)),
                ("2026-09-02", "08:00:00", "0000B001", 60001, None),
                ("2026-09-03", "08:00:01", "0000B006", 60103, Some(TLS12)),
            ],
            "2026-09-03T08:00:01",
        ),
    ];
    for (runs, after) in cases {
        let dir = TestDir::new();
        for (day, time, conn, port, tls) in runs {
            regression_run(&dir, day, time, conn, *port, *tls);
        }
        let output = ingest(&dir, "tree");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(report(&dir, &["regressions", "--by", "peer"], &columns), expected(after), "{runs:?}");
    }
}
