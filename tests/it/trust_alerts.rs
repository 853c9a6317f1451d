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

/// What `alerts` answered: its exit status and the columns it printed.
type Answer = (Option<i32>, String);

/// `alerts ARGS --format csv`: exit status and the columns alert, date,
/// system, subject and detail.
fn alerts(dir: &TestDir, args: &[&str]) -> Answer {
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
    // each naming both sessions. Each says what its peer went to that day
    // (TLSv1.1 0005; cleartext), so no weak_crypto or cleartext alert of
    // 2 December of its own; 10.20.30.40's TLSv1.0 000A of 1 December, which
    // no regression says, is a weak_crypto alert of that day.
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
                "{HEAD}weak_crypto,2026-12-01,SYSA,TN3270A inbound 992 10.20.30.40,negotiated TLSv1.0 000A (weak) for \
                 the first time
regression,2026-12-02,SYSA,TN3270A inbound 992 10.20.30.40,weak to insecure: TLSv1.0 000A -> TLSv1.1 \
                 0005 (from 2026-12-01T08:00:01 to 2026-12-02T08:00:01)
regression,2026-12-02,SYSA,TN3270A inbound 992 10.20.30.41,AT-TLS to cleartext: TLSv1.2 C02F -> cleartext (from \
                 2026-12-01T08:00:01 to 2026-12-02T08:00:01)
"
            )
        )
    );
}

const TLS13: &str = "TLS Version 1.3";
const AES256_TLS13: &str = "1302 TLS_AES_256_GCM_SHA384";
const ECDHE_AES256_GCM: &str = "C030 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";

/// Ingests `days` (each day's clients, as [`tn3270_day`] writes them) night
/// by night, alerting after each, then all at once in another inventory:
/// the nights' answers and the at-once answer.
fn nightly_and_at_once(days: &[(&str, &[Client<'_>])]) -> (Vec<Answer>, Answer) {
    let nightly = TestDir::new();
    let mut nights = Vec::new();
    for (day, clients) in days {
        tn3270_day(&nightly, "run", day, clients);
        let output = ingest(&nightly, "run");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        nights.push(alerts(&nightly, &[]));
    }
    let at_once = TestDir::new();
    for (day, clients) in days {
        tn3270_day(&at_once, "tree", day, clients);
    }
    ingest(&at_once, "tree");
    let since = alerts(&at_once, &["--since", days[0].0, "--peek"]);
    assert_eq!(alerts(&at_once, &[]), since);
    // --since the first day gives, on the nightly inventory, every alert
    // the nights gave, as on the one ingested at once.
    assert_eq!(alerts(&nightly, &["--since", days[0].0, "--peek"]), since);
    (nights, since)
}

#[test]
fn a_regression_to_a_secure_suite_leaves_an_earlier_weak_negotiation_alerted() {
    // 10.20.30.40: TLSv1.0 000A (3DES, weak) on 1 December, TLSv1.3 1302
    // (recommended) on 2 December, TLSv1.2 C030 (secure) on 3 December. The
    // one regression is 2 -> 3 December, TLSv1.3 1302 to TLSv1.2 C030: it
    // says nothing of 1 December's TLSv1.0 000A, which stays a weak_crypto
    // alert of 1 December, nightly or on the history at once.
    let days: [(&str, &[Client<'_>]); 3] = [
        (
            "2026-12-01",
            &[("0000A001", "10.20.30.40", 52001, Some(("TLS Version 1", "000A TLS_RSA_WITH_3DES_EDE_CBC_SHA")))],
        ),
        ("2026-12-02", &[("0000A002", "10.20.30.40", 52002, Some((TLS13, AES256_TLS13)))]),
        ("2026-12-03", &[("0000A003", "10.20.30.40", 52003, Some((TLS12, ECDHE_AES256_GCM)))]),
    ];
    let weak = "weak_crypto,2026-12-01,SYSA,TN3270A inbound 992 10.20.30.40,negotiated TLSv1.0 000A (weak) for the \
                first time\n";
    let regression =
        "regression,2026-12-03,SYSA,TN3270A inbound 992 10.20.30.40,TLSv1.3 to TLSv1.2; recommended to secure: \
                      TLSv1.3 1302 -> TLSv1.2 C030 (from 2026-12-02T08:00:01 to 2026-12-03T08:00:01)\n";
    let (nights, at_once) = nightly_and_at_once(&days);
    assert_eq!(
        nights,
        [(Some(4), format!("{HEAD}{weak}")), (Some(0), HEAD.to_string()), (Some(4), format!("{HEAD}{regression}"))]
    );
    assert_eq!(at_once, (Some(4), format!("{HEAD}{weak}{regression}")));
}

#[test]
fn a_new_cleartext_peer_is_alerted_whatever_other_peers_regressed() {
    // 1 December: 10.20.30.40 TLSv1.3 1302, 10.20.30.42 TLSv1.2 C030.
    // 2 December: 10.20.30.40 TLSv1.2 C030 (a regression, to secure);
    // 10.20.30.42 without AT-TLS (a regression to cleartext: it says that
    // peer's cleartext, so no cleartext alert that day).
    // 3 December: 10.20.30.42 without AT-TLS again (said by its regression
    // of the 2nd) and a new peer 10.20.30.41 without AT-TLS, which no
    // regression says: TN3270A's cleartext alert, dated 3 December, with
    // its 3 cleartext connections (0000A004, 0000A005, 0000A006).
    let days: [(&str, &[Client<'_>]); 3] = [
        (
            "2026-12-01",
            &[
                ("0000A001", "10.20.30.40", 52001, Some((TLS13, AES256_TLS13))),
                ("0000A002", "10.20.30.42", 52002, Some((TLS12, ECDHE_AES256_GCM))),
            ],
        ),
        (
            "2026-12-02",
            &[
                ("0000A003", "10.20.30.40", 52003, Some((TLS12, ECDHE_AES256_GCM))),
                ("0000A004", "10.20.30.42", 52004, None),
            ],
        ),
        ("2026-12-03", &[("0000A005", "10.20.30.42", 52005, None), ("0000A006", "10.20.30.41", 52006, None)]),
    ];
    let secure =
        "regression,2026-12-02,SYSA,TN3270A inbound 992 10.20.30.40,TLSv1.3 to TLSv1.2; recommended to secure: \
                  TLSv1.3 1302 -> TLSv1.2 C030 (from 2026-12-01T08:00:01 to 2026-12-02T08:00:01)\n";
    let clear =
        "regression,2026-12-02,SYSA,TN3270A inbound 992 10.20.30.42,AT-TLS to cleartext: TLSv1.2 C030 -> cleartext \
                 (from 2026-12-01T08:00:01 to 2026-12-02T08:00:01)\n";
    let cleartext = "cleartext,2026-12-03,SYSA,TN3270A inbound 992,3 connections without AT-TLS protection \
                     (TTLSPolicy: No or a rule that leaves it in clear: TTLSEnabled Off or ApplicationControlled with \
                     no TLS started; TLS an application does itself and IPsec are not seen)\n";
    let (nights, at_once) = nightly_and_at_once(&days);
    assert_eq!(
        nights,
        [
            (Some(0), HEAD.to_string()),
            (Some(4), format!("{HEAD}{secure}{clear}")),
            (Some(4), format!("{HEAD}{cleartext}"))
        ]
    );
    assert_eq!(at_once, (Some(4), format!("{HEAD}{secure}{clear}{cleartext}")));
}

#[test]
fn a_job_s_inbound_service_and_its_requests_to_the_same_port_and_peer_are_two_endpoints() {
    // DB2ADIST, a DB2's DDF, listens on 446 and serves SYSB's DB2 as DRDA
    // requester: 0000B020 10.1.1.2..446 from 10.1.2.2..1100, the same
    // connection (conn id, start) on 1 and 2 December, TLSv1.2 C02F
    // (secure) both days: inbound to 446 by its listener. On 2 December it
    // is a requester to SYSB's DDF too: 0000B130 10.1.1.2..1050 ->
    // 10.1.2.2..446, TLSv1.2 003C (RSA key exchange, CBC: weak), new that
    // day: the unfiltered ALL shows the listeners, none on 1050, so it is
    // outbound to 446. Same job, port and peer, two directions: the
    // inbound endpoint did not change, the outbound one is new and weak
    // from its first day. By hand: no regression, and a weak_crypto alert
    // for the new outbound endpoint (before: one endpoint, "AEAD to CBC;
    // secure to weak" for DB2ADIST 446, and no weak_crypto alert).
    let dir = TestDir::new();
    let server = ("0000B020", "10.1.1.2..446", "10.1.2.2..1100", "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    let requester = ("0000B130", "10.1.1.2..1050", "10.1.2.2..446", "003C TLS_RSA_WITH_AES_128_CBC_SHA256");
    for (day, bytes, conns) in [("01", 1000, vec![server]), ("02", 3000, vec![server, requester])] {
        let mut all =
            all_block("DB2ADIST", "00000446", "0.0.0.0..446", "0.0.0.0..0", (0, 0), "11/30/2026", "Listen", "No");
        let mut ttls = String::new();
        for (conn, local, remote, cipher) in conns {
            let start = if conn == "0000B020" { "12/01/2026" } else { "12/02/2026" };
            all += &all_block("DB2ADIST", conn, local, remote, (bytes, bytes), start, "Establsh", "Yes");
            ttls += &ttls_session(&conn.to_lowercase(), "DB2ADIST", local, remote, cipher);
        }
        dir.write(&format!("tree/2026-12-{day}/SYSA/netstat.txt"), format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
    }
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let regressions = dir.run(&["report", "regressions", "--by", "peer", "--format", "csv"]);
    assert_eq!(
        project_columns(&String::from_utf8(regressions.stdout).unwrap(), &["job", "direction"]),
        "job,direction\n"
    );
    assert_eq!(
        alerts(&dir, &[]),
        (
            Some(4),
            format!(
                "{HEAD}weak_crypto,2026-12-02,SYSA,DB2ADIST outbound 446 10.1.2.2,negotiated TLSv1.2 003C (weak) for \
                 the first time\n"
            )
        )
    );
}

#[test]
fn a_regression_a_key_share_alone_caused_names_the_key_share() {
    // 1 December: 10.20.30.40 negotiates TLSv1.2 C02F (secure, no key share
    // printed), 10.20.30.41 TLSv1.3 1301 with key share 0029 X25519
    // (recommended). 2 December: both TLSv1.3 1301 with 0019 secp192r1,
    // graded weak: the worst grade of each falls to weak by the group alone
    // (TLSv1.3 and 1301 are recommended). Each regression names the group
    // before and after (before: "TLSv1.2 C02F -> TLSv1.3 1301", and for
    // 10.20.30.41 "TLSv1.3 1301 -> TLSv1.3 1301", no cause to be seen), and
    // each says what its peer went to that day, so no weak_crypto alert of
    // its own (before: one each, "negotiated TLSv1.3 1301 0019 (weak)").
    let dir = TestDir::new();
    let (x25519, secp192) = ("\n  KeyShare:     0029 X25519", "\n  KeyShare:     0019 secp192r1");
    let aes128 = "1301 TLS_AES_128_GCM_SHA256";
    let ecdhe = "C02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    let tls13_x25519 = format!("{aes128}{x25519}");
    let tls13_secp192 = format!("{aes128}{secp192}");
    tn3270_day(
        &dir,
        "tree",
        "2026-12-01",
        &[
            ("0000A001", "10.20.30.40", 52001, Some((TLS12, ecdhe))),
            ("0000A002", "10.20.30.41", 52002, Some((TLS13, &tls13_x25519))),
        ],
    );
    tn3270_day(
        &dir,
        "tree",
        "2026-12-02",
        &[
            ("0000A003", "10.20.30.40", 52003, Some((TLS13, &tls13_secp192))),
            ("0000A004", "10.20.30.41", 52004, Some((TLS13, &tls13_secp192))),
        ],
    );
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let columns = ["remote_ip", "worse", "before_protocol", "before_cipher", "before_key_share", "after_protocol"];
    let columns = [&columns[..], &["after_cipher", "after_key_share", "before_grade", "after_grade"]].concat();
    assert_eq!(
        crate::trust::report(&dir, &["regressions", "--by", "peer"], &columns),
        "remote_ip,worse,before_protocol,before_cipher,before_key_share,after_protocol,after_cipher,after_key_share,\
         before_grade,after_grade
10.20.30.40,secure to weak,TLSv1.2,C02F,,TLSv1.3,1301,0019,secure,weak
10.20.30.41,recommended to weak,TLSv1.3,1301,0029,TLSv1.3,1301,0019,recommended,weak
"
    );
    assert_eq!(
        alerts(&dir, &[]),
        (
            Some(4),
            format!(
                "{HEAD}regression,2026-12-02,SYSA,TN3270A inbound 992 10.20.30.40,secure to weak: TLSv1.2 C02F -> \
                 TLSv1.3 1301 0019 (from 2026-12-01T08:00:01 to 2026-12-02T08:00:01)
regression,2026-12-02,SYSA,TN3270A inbound 992 10.20.30.41,recommended to weak: TLSv1.3 1301 0029 -> TLSv1.3 1301 \
                 0019 (from 2026-12-01T08:00:01 to 2026-12-02T08:00:01)
"
            )
        )
    );
}
