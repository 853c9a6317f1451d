//! What `ttlsinv alerts` says of negotiated TLS, each rule pinned on a small
//! capture tree written here by hand, with the answer worked out from its
//! text in the test (the helpers are trust.rs's).

use crate::trust::{all_block, ingest, ttls_session, HEADER};
use crate::util::{project_columns, stderr, TestDir};

/// One client of TN3270A's port 992 on a day of December: its conn id, the
/// peer's address and port, and its TLS session (`SecLevel`, `Cipher`), or
/// none: cleartext (`TTLSPolicy: No`).
type Client<'a> = (&'a str, &'a str, u16, Option<(&'a str, &'a str)>);

/// SYSA's 08:00 run of `day` (`2026-12-DD`) under `root`: `NETSTAT ALL` with
/// TN3270A's listener on 992 and `clients` (started that day), and `NETSTAT
/// TTLS` with the sessions of those that have one.
fn tn3270_day(dir: &TestDir, root: &str, day: &str, clients: &[Client<'_>]) {
    let start = format!("12/{}/2026", &day[8..]);
    let mut all = all_block("TN3270A", "00000031", "0.0.0.0..992", "0.0.0.0..0", (0, 0), "11/30/2026", "Listen", "No");
    let mut ttls = String::new();
    for (conn, peer, port, tls) in clients {
        let remote = format!("{peer}..{port}");
        let policy = if tls.is_some() { "Yes" } else { "No" };
        all += &all_block("TN3270A", conn, "10.1.1.2..992", &remote, (1000, 2000), &start, "Establsh", policy);
        if let Some((level, cipher)) = tls {
            ttls += &ttls_session(&conn.to_lowercase(), "TN3270A", "10.1.1.2..992", &remote, cipher)
                .replace("TLS Version 1.2", level);
        }
    }
    dir.write(&format!("{root}/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
}

/// `alerts ARGS --format csv`: exit status and the columns alert, date,
/// system, subject and detail.
fn alerts(dir: &TestDir, args: &[&str]) -> (Option<i32>, String) {
    let output = dir.run(&[&["alerts"], args, &["--format", "csv"]].concat());
    assert!(output.status.code().is_some(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    (output.status.code(), project_columns(&text, &["alert", "date", "system", "subject", "detail"]))
}

const HEAD: &str = "alert,date,system,subject,detail\n";

const TLS12: &str = "TLS Version 1.2";
const AES128_CBC: &str = "002F TLS_RSA_WITH_AES_128_CBC_SHA";
const AES256_CBC: &str = "0035 TLS_RSA_WITH_AES_256_CBC_SHA";

/// The peer 10.20.30.40 of TN3270A's 992: TLSv1.2 with 002F on 1 December,
/// 0035 on 2 December, 002F again on 3 December, a new connection each day.
const WEAK_DAYS: [(&str, Client<'static>); 3] = [
    ("2026-12-01", ("0000A001", "10.20.30.40", 52001, Some((TLS12, AES128_CBC)))),
    ("2026-12-02", ("0000A002", "10.20.30.40", 52002, Some((TLS12, AES256_CBC)))),
    ("2026-12-03", ("0000A003", "10.20.30.40", 52003, Some((TLS12, AES128_CBC)))),
];

#[test]
fn a_weak_suite_an_endpoint_negotiates_first_on_a_later_day_is_alerted_on_that_day() {
    // By hand: 002F and 0035 (RSA key exchange, CBC) are both graded weak,
    // so the peer negotiated weak crypto on each day, and nothing got worse
    // from day to day (the same protocol, neither AEAD, the same grade): no
    // regression. What is new: 002F on 1 December, 0035 on 2 December,
    // nothing on 3 December.
    let first = "weak_crypto,2026-12-01,SYSA,TN3270A inbound 992 10.20.30.40,negotiated TLSv1.2 002F (weak) for the \
                 first time\n";
    let second = "weak_crypto,2026-12-02,SYSA,TN3270A inbound 992 10.20.30.40,negotiated TLSv1.2 0035 (weak) for the \
                  first time; weak before: TLSv1.2 002F since 2026-12-01\n";
    // A nightly job: each day ingested and alerted the night after.
    let dir = TestDir::new();
    let mut nights = Vec::new();
    for (day, client) in WEAK_DAYS {
        tn3270_day(&dir, "run", day, &[client]);
        let output = ingest(&dir, "run");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        nights.push(alerts(&dir, &[]));
    }
    assert_eq!(
        nights,
        [(Some(4), format!("{HEAD}{first}")), (Some(4), format!("{HEAD}{second}")), (Some(0), HEAD.to_string())]
    );
    // --since the second day shows its alert (before: dated 1 December and
    // naming 002F 0035, it was left out).
    assert_eq!(alerts(&dir, &["--since", "2026-12-02", "--peek"]), (Some(4), format!("{HEAD}{second}")));
    // The three days ingested at once tell the same two facts.
    let dir = TestDir::new();
    for (day, client) in WEAK_DAYS {
        tn3270_day(&dir, "tree", day, &[client]);
    }
    ingest(&dir, "tree");
    assert_eq!(alerts(&dir, &[]), (Some(4), format!("{HEAD}{first}{second}")));
}

#[test]
fn a_regression_alert_names_what_was_negotiated_before_and_after() {
    // 1 December: 10.20.30.40 negotiates TLSv1.0 with 000A (3DES, weak),
    // 10.20.30.41 TLSv1.2 with C02F (secure). 2 December: 10.20.30.40
    // TLSv1.1 with 0005 (RC4, insecure): a later protocol but a worse grade;
    // 10.20.30.41 connects without AT-TLS (TTLSPolicy: No). Two regressions,
    // each naming both sessions; the peers regressed, so no weak_crypto or
    // cleartext alert of their own.
    let dir = TestDir::new();
    tn3270_day(
        &dir,
        "tree",
        "2026-12-01",
        &[
            ("0000A001", "10.20.30.40", 52001, Some(("TLS Version 1", "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA"))),
            ("0000A002", "10.20.30.41", 52002, Some((TLS12, "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))),
        ],
    );
    tn3270_day(
        &dir,
        "tree",
        "2026-12-02",
        &[
            ("0000A003", "10.20.30.40", 52003, Some(("TLS Version 1.1", "0005 TLS_RSA_WITH_RC4_128_SHA"))),
            ("0000A004", "10.20.30.41", 52004, None),
        ],
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        alerts(&dir, &[]),
        (
            Some(4),
            format!(
                "{HEAD}regression,2026-12-02,SYSA,TN3270A 992 10.20.30.40,weak to insecure: TLSv1.0 000A -> TLSv1.1 \
                 0005 (from 2026-12-01T08:00:01 to 2026-12-02T08:00:01)
regression,2026-12-02,SYSA,TN3270A 992 10.20.30.41,AT-TLS to cleartext: TLSv1.2 C02F -> cleartext (from \
                 2026-12-01T08:00:01 to 2026-12-02T08:00:01)
"
            )
        )
    );
}
