//! After `ttlsinv prune`, the days kept count a connection seen before the
//! prune boundary as they did before it, also when one of them is read
//! again: pinned on a small capture tree written here by hand, with the
//! answer worked out from its text in the test (the helpers are trust.rs's).

use crate::trust::{all_block, ingest, report, ttls_session, HEADER};
use crate::trust_counters::one_socket_seen_by_monitor_and_by_all;
use crate::trust_policy::{
    cics, other_rule_idle_from_the_second_day, other_rule_in_force_from_the_second_day, other_with, WITHOUT_3DES,
    WITH_3DES,
};
use crate::util::{stderr, TestDir};

/// A `NETSTAT TTLS GROUP` report, as the published one prints it: what a
/// re-run job or a download again appends to a day's file (its connections
/// are as before).
const TTLS_GROUP: &str = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:03
TTLSGrpAction                             Group ID           Conns
----------------------------------------  -----------------  -----
CICS-GRP                                  00000007               1
";

/// SYSA's day `day` of one client of CICSPRD1 on 443: conn 0000C001 from
/// 10.7.0.1..50001, started 1 March 07:00. With `bytes`, a run of ALL (the
/// listener 0000B001 and the client with `TTLSPolicy: Yes`) and TTLS (the
/// client negotiated TLSv1.2 with 003C, `TLS_RSA_WITH_AES_128_CBC_SHA256`,
/// graded weak): [`day_with`] and nothing more; without, a run of ALLCONN
/// alone, which prints no counters and says nothing of AT-TLS.
fn day(dir: &TestDir, root: &str, day: &str, bytes: Option<(u64, u64)>) {
    let Some(bytes) = bytes else {
        let text = format!(
            "{HEADER}
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CICSPRD1 0000B001 0.0.0.0..443           0.0.0.0..0             Listen
CICSPRD1 0000C001 10.1.1.2..443          10.7.0.1..50001        Establsh
"
        );
        dir.write(&format!("{root}/{day}/SYSA/netstat.txt"), text);
        return;
    };
    day_with(dir, root, day, bytes, "");
}

/// The TTLS entry of the client 0000C001 of CICSPRD1 on 443: TLSv1.2 with 003C.
fn client_session() -> String {
    ttls_session("0000c001", "CICSPRD1", "10.1.1.2..443", "10.7.0.1..50001", "003C TLS_RSA_WITH_AES_128_CBC_SHA256")
}

/// SYSA's day `day` under `root`: ALL of the listener 0000B001 and the client
/// 0000C001 of CICSPRD1 on 443 (BytesIn/BytesOut `bytes`), then the blocks
/// `more`, and TTLS (0000C001 negotiated 003C).
fn day_with(dir: &TestDir, root: &str, day: &str, bytes: (u64, u64), more: &str) {
    let all = [
        all_block("CICSPRD1", "0000B001", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "03/01/2026", "Listen", "No"),
        more.to_string(),
        all_block("CICSPRD1", "0000C001", "10.1.1.2..443", "10.7.0.1..50001", bytes, "03/01/2026", "Establsh", "Yes"),
    ]
    .concat();
    let ttls = client_session();
    dir.write(&format!("{root}/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
}

/// The four days: BytesIn/BytesOut 1 000/2 000 on 1 March, 3 000/5 000 on
/// 2 March, ALLCONN alone on 3 March, 6 000/9 000 on 4 March (the last
/// under `last_root`).
fn four_days(dir: &TestDir, last_root: &str) {
    day(dir, "tree", "2026-03-01", Some((1000, 2000)));
    day(dir, "tree", "2026-03-02", Some((3000, 5000)));
    day(dir, "tree", "2026-03-03", None);
    day(dir, last_root, "2026-03-04", Some((6000, 9000)));
}

fn run(dir: &TestDir, args: &[&str]) -> String {
    let output = dir.run(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
    stderr(&output)
}

/// By hand, one connection: it moved 1 000/2 000 on 1 March (started that
/// day: nothing before the capture), 3 000 - 1 000 = 2 000 in and 5 000 -
/// 2 000 = 3 000 out on 2 March, nothing printed on 3 March, and on 4 March
/// 6 000 - 3 000 = 3 000 in and 9 000 - 5 000 = 4 000 out, continued from 2
/// March's counters: 6 000/9 000 in all, as its last counters say. It
/// negotiated 003C (weak) on 1, 2 and 4 March: one weak connection, on 3
/// dates. Before the fix a day after the boundary linked again started it
/// afresh: 4 March got 6 000/9 000 with `started_earlier` 1, and weak-crypto
/// counted 2 connections.
fn assert_one_connection(dir: &TestDir, case: &str) {
    assert_eq!(
        report(dir, &["capacity"], &["date", "connections", "bytes_in", "bytes_out", "started_earlier"]),
        "date,connections,bytes_in,bytes_out,started_earlier
2026-03-01,1,1000,2000,0
2026-03-02,1,2000,3000,0
2026-03-03,1,,,0
2026-03-04,1,3000,4000,0
",
        "{case}"
    );
    assert_eq!(
        report(dir, &["weak-crypto"], &["job", "port", "worst_grade", "ciphers", "connections", "dates"]),
        "job,port,worst_grade,ciphers,connections,dates\nCICSPRD1,443,weak,003C,1,3\n",
        "{case}"
    );
    // 4 March's traffic is protected: 3 000/4 000.
    assert_eq!(
        report(dir, &["tls-adoption", "--from", "2026-03-04"], &["date", "bytes_in_protected", "bytes_out_protected"]),
        "date,bytes_in_protected,bytes_out_protected\n2026-03-04,3000,4000\n",
        "{case}"
    );
    let check = dir.run(&["check"]);
    assert!(check.status.success(), "{case}: {}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn a_day_after_a_prune_read_again_continues_the_pruned_days() {
    // The facts of 1 and 2 March are pruned (in one prune, or in two), then
    // 4 March's file changes: a TTLS GROUP report is appended to it.
    for prunes in [&["2026-03-03"][..], &["2026-03-02", "2026-03-03"][..]] {
        let dir = TestDir::new();
        four_days(&dir, "tree");
        assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
        assert_one_connection(&dir, "before the prune");
        for before in prunes {
            run(&dir, &["prune", "--before", before]);
        }
        assert_one_connection(&dir, "after the prune");
        let file = dir.path("tree/2026-03-04/SYSA/netstat.txt");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}{TTLS_GROUP}")).unwrap();
        let err = run(&dir, &["ingest", dir.path("tree").to_str().unwrap()]);
        // The group list appended after the day's reports: the file grew.
        assert!(err.contains("grew since it was ingested"), "{err}");
        assert_one_connection(&dir, &format!("4 March changed after prunes before {prunes:?}"));
    }
}

#[test]
fn a_day_after_a_prune_renamed_with_a_time_continues_the_pruned_days_and_says_why_it_is_read_again() {
    let dir = TestDir::new();
    four_days(&dir, "tree");
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-03-03"]);
    // Renamed in its folder as the README advises for naming runs: the time
    // in the name makes it another run of the folder (08:00:00), not
    // another folder.
    let old = dir.path("tree/2026-03-04/SYSA/netstat.txt");
    std::fs::rename(&old, dir.path("tree/2026-03-04/SYSA/NETSTAT.T080000.txt")).unwrap();
    let err = run(&dir, &["ingest", dir.path("tree").to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "moved from {} into another capture run (the time in its new name, 08:00:00, where its old name gave \
             none): read again",
            old.display()
        )),
        "{err}"
    );
    assert_one_connection(&dir, "4 March renamed");
}

#[test]
fn a_new_day_after_a_prune_continues_what_the_pruned_days_told() {
    // 1 to 3 March ingested and pruned before 3 March; then 4 March comes.
    // Its row continues 3 March's (ALLCONN: nothing told of AT-TLS), which
    // continues 2 March's (negotiated 003C): it is the weak connection the
    // pruned days counted, not a second one (counted again before: what the
    // pruned days told was not read back).
    let dir = TestDir::new();
    four_days(&dir, "later");
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-03-03"]);
    assert_eq!(ingest(&dir, "later").status.code(), Some(0));
    assert_one_connection(&dir, "4 March new");
}

#[test]
fn a_connection_followed_by_its_socket_continues_across_a_prune() {
    // trust_counters' client of CICSPRD1 on 443 per system: BytesIn/BytesOut
    // 1 000/2 000 on 1 June and 5 000/9 000 on 2 June, printed by `netstat
    // -b`'s monitor layout (no conn id) and by ALL: SYSA monitor then ALL,
    // SYSB ALL then monitor, SYSC monitor both days. 1 June is ingested and
    // pruned, then 2 June comes. By hand, as without the prune: 4 000/7 000
    // on 2 June, continued from 1 June, SYSA's segments first printed then
    // (started_earlier 1; before: the whole counters, 5 000/9 000: the rows
    // of 1 June the socket links to were gone). On 1 June, the first day,
    // SYSA's and SYSC's monitor rows print no start: their counters may
    // hold earlier traffic (`started_earlier` 1). The prune deletes every
    // row: 2 June's rows are given ids above the pruned ones, which their
    // links still name.
    let dir = TestDir::new();
    one_socket_seen_by_monitor_and_by_all(&dir, "tree", &["2026-06-01"]);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-06-02"]);
    one_socket_seen_by_monitor_and_by_all(&dir, "tree", &["2026-06-02"]);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    assert_eq!(
        report(&dir, &["capacity"], &["date", "system", "connections", "bytes_in", "bytes_out", "started_earlier"]),
        "date,system,connections,bytes_in,bytes_out,started_earlier
2026-06-01,SYSA,1,1000,2000,1
2026-06-01,SYSB,1,1000,2000,0
2026-06-01,SYSC,1,1000,2000,1
2026-06-02,SYSA,1,4000,7000,1
2026-06-02,SYSB,1,4000,7000,0
2026-06-02,SYSC,1,4000,7000,0
"
    );
}

/// The snapshots of the stacks, by date: whether each is a stub of its
/// policy (`pruned`), its connections, reports and files, and its rules.
const SNAPSHOTS: &str = "SELECT s.system, s.capture_date, s.pruned,
    (SELECT count(*) FROM connection_rows c WHERE c.snapshot_id = s.snapshot_id) AS connections,
    (SELECT count(*) FROM capture_rows k WHERE k.snapshot_id = s.snapshot_id) AS reports,
    (SELECT count(DISTINCT file_id) FROM capture_rows k WHERE k.snapshot_id = s.snapshot_id) AS files,
    (SELECT group_concat(name, ' ' ORDER BY name) FROM rules r WHERE r.snapshot_id = s.snapshot_id) AS rules
    FROM snapshots s ORDER BY s.system, s.capture_date";

/// The `policy_change` lines of a run of `ttlsinv alerts`, without the time
/// they were raised.
fn policy_alerts(dir: &TestDir) -> String {
    let output = dir.run(&["alerts", "--format", "csv"]);
    let alerts = String::from_utf8(output.stdout).unwrap();
    let changes: Vec<String> = alerts
        .lines()
        .filter(|l| l.starts_with("policy_change,"))
        .map(|l| l.rsplit_once(',').map_or(l, |(kept, _)| kept).to_string())
        .collect();
    changes.join("\n")
}

/// TTLS DETAIL of SYSA, one connection under CICS-RULE each day (header
/// 08:00:01): on 1 March CICS-ENV lists C02F and 000A; on 2 and 3 March
/// C02F alone. Ingested.
fn cics_three_days(dir: &TestDir) {
    for (day, env) in [("2026-03-01", WITH_3DES), ("2026-03-02", WITHOUT_3DES), ("2026-03-03", WITHOUT_3DES)] {
        dir.write(&format!("tree/{day}/SYSA/ttls.txt"), format!("{HEADER}\n{}", cics(env)));
    }
    assert_eq!(ingest(dir, "tree").status.code(), Some(0));
}

#[test]
fn a_policy_change_on_the_first_day_kept_after_a_prune_is_compared_with_the_last_pruned_print() {
    // cics_three_days: CICS-ENV lists C02F and 000A on 1 March, C02F alone on
    // 2 and 3 March.
    let dir = TestDir::new();
    cics_three_days(&dir);
    let columns = ["before", "after", "name", "setting", "change", "old_value", "new_value"];
    let change = "before,after,name,setting,change,old_value,new_value
2026-03-01T08:00:01,2026-03-02T08:00:01,CICS-ENV,V3CipherSuites,changed,C02F 000A,C02F\n";
    assert_eq!(report(&dir, &["policy-drift"], &columns), change);
    let capacity = report(&dir, &["capacity"], &["date", "connections", "snapshots"]);
    run(&dir, &["prune", "--before", "2026-03-02"]);
    // 1 March's snapshot printed the last print of CICS-RULE, CICS-GRP and
    // CICS-ENV before the boundary: it stays as a stub of that policy (its
    // one report, from no file; its connection gone). 2 March, the first
    // capture kept, is compared with it as before the prune (before: no row).
    assert_eq!(
        dir.csv(SNAPSHOTS),
        "system,capture_date,pruned,connections,reports,files,rules
SYSA,2026-03-01,1,0,1,0,CICS-RULE
SYSA,2026-03-02,0,1,1,1,CICS-RULE
SYSA,2026-03-03,0,1,1,1,CICS-RULE
"
    );
    assert_eq!(report(&dir, &["policy-drift"], &columns), change);
    let from = dir.run(&["report", "policy-drift", "--from", "2026-03-02", "--format", "csv"]);
    assert_eq!(stderr(&from), "", "no pruned day in the period, nothing out of sight");
    // alerts, first run after the prune, raise the change of 2 March.
    assert_eq!(
        policy_alerts(&dir),
        "policy_change,2026-03-02,SYSA,TCPIP,env_action CICS-ENV V3CipherSuites,changed: C02F 000A -> C02F"
    );
    // The stub is no captured day: 1 March is pruned (before: not listed,
    // review 15a F6), 2 and 3 March list the TLS connections alone (TTLS
    // DETAIL only); capacity answers from the summaries as before, check
    // passes.
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "snapshots"]),
        "date,status,snapshots
2026-03-01,pruned,
2026-03-02,TLS connections only,1
2026-03-03,TLS connections only,1
"
    );
    assert_eq!(report(&dir, &["capacity"], &["date", "connections", "snapshots"]), capacity);
    assert!(dir.run(&["check"]).status.success());
}

#[test]
fn a_rule_idle_since_pruned_days_is_in_force_as_last_printed() {
    // trust_policy's tree: OTHER-RULE (OTHER-ENV: C02F, 000A) printed on 1
    // March only, on SYSA and SYSB (where a 2 March dump leaves it out);
    // CICS-RULE (C02F) on both days. `prune --before 2026-03-02` keeps 1
    // March's snapshot of each system as a stub: it holds the last print of
    // OTHER-RULE. From 2 March the reports answer as before the prune:
    // allowed-not-used names 000A for OTHER-RULE on SYSA, policy-inventory
    // shows it last seen 1 March, compliance (pci-dss-4 forbids 3DES) has
    // its setting to change; on SYSB the dump leaves it out. No note: no
    // day of the period, and no print the period looks back at, is gone.
    let dir = TestDir::new();
    other_rule_idle_from_the_second_day(&dir);
    let compliance = ["compliance", "--standard", "pci-dss-4", "--from", "2026-03-02"];
    // impact of switching off C02F: CICS's client on each system negotiated it.
    let impact = ["impact", "--disable", "C02F", "--from", "2026-03-02"];
    // What a report prints, with no note of pruned days.
    let quiet = |args: &[&str]| {
        let output = dir.run(&[&["report"][..], args, &["--format", "csv"]].concat());
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("pruned"), "{args:?}: {}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    let impact_before = quiet(&impact);
    assert_eq!(impact_before.lines().count(), 3, "{impact_before}");
    run(&dir, &["prune", "--before", "2026-03-02"]);
    other_rule_in_force_from_the_second_day(&dir);
    let policy_rows = |csv: String| csv.lines().filter(|l| l.starts_with("policy,")).collect::<Vec<_>>().join("\n");
    assert_eq!(
        policy_rows(report(&dir, &compliance, &["row", "system", "rule", "action", "setting", "code", "last_seen"])),
        "policy,SYSA,OTHER-RULE,OTHER-ENV,V3CipherSuites,000A,2026-03-01"
    );
    // impact answers as before.
    assert_eq!(quiet(&impact), impact_before);
    quiet(&["allowed-not-used", "--from", "2026-03-02"]);
    quiet(&["policy-inventory", "--from", "2026-03-02"]);
    quiet(&compliance);
}

#[test]
fn a_second_prune_keeps_the_later_print_in_place_of_the_earlier() {
    // SYSA, TTLS DETAIL each day (header 08:00:01), CICS-RULE (C02F) in use
    // every day. OTHER-RULE: on 1 March OTHER-ENV lists C02F; on 2 March
    // C02F and 000A (3DES added); idle on 3 March.
    let dir = TestDir::new();
    let days = [
        ("2026-03-01", format!("{}{}", cics(WITHOUT_3DES), other_with(WITHOUT_3DES))),
        ("2026-03-02", format!("{}{}", cics(WITHOUT_3DES), other_with(WITH_3DES))),
        ("2026-03-03", cics(WITHOUT_3DES)),
    ];
    for (day, text) in days {
        dir.write(&format!("tree/{day}/SYSA/ttls.txt"), format!("{HEADER}\n{text}"));
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let columns = ["before", "after", "object", "name", "setting", "change", "old_value", "new_value"];
    // 3 March: the OTHER policy is no longer seen in use.
    let unused = "2026-03-02T08:00:01,2026-03-03T08:00:01,env_action,OTHER-ENV,,unused,,
2026-03-02T08:00:01,2026-03-03T08:00:01,group_action,OTHER-GRP,,unused,,
2026-03-02T08:00:01,2026-03-03T08:00:01,rule,OTHER-RULE,,unused,,\n";
    let added = "2026-03-01T08:00:01,2026-03-02T08:00:01,env_action,OTHER-ENV,V3CipherSuites,changed,C02F,C02F 000A\n";
    let header = "before,after,object,name,setting,change,old_value,new_value\n";
    assert_eq!(report(&dir, &["policy-drift"], &columns), format!("{header}{added}{unused}"));

    // The first prune keeps 1 March as a stub: 2 March's change is still
    // compared with it, and raised.
    run(&dir, &["prune", "--before", "2026-03-02"]);
    assert_eq!(report(&dir, &["policy-drift"], &columns), format!("{header}{added}{unused}"));
    assert_eq!(
        policy_alerts(&dir),
        "policy_change,2026-03-02,SYSA,TCPIP,env_action OTHER-ENV V3CipherSuites,changed: C02F -> C02F 000A"
    );

    // The second moves the boundary to 3 March: 2 March's prints are the last
    // of every rule and action now, so its snapshot is the stub and 1
    // March's goes. 3 March compares with 2 March as before; the change of
    // 2 March is in the pruned days, and no new alert is raised.
    run(&dir, &["prune", "--before", "2026-03-03"]);
    assert_eq!(
        dir.csv(SNAPSHOTS),
        "system,capture_date,pruned,connections,reports,files,rules
SYSA,2026-03-02,1,0,1,0,CICS-RULE OTHER-RULE
SYSA,2026-03-03,0,1,1,1,CICS-RULE
"
    );
    assert_eq!(report(&dir, &["policy-drift"], &columns), format!("{header}{unused}"));
    assert_eq!(policy_alerts(&dir), "");
    // From 3 March OTHER-RULE, idle, allows what 2 March printed: 000A,
    // which no one negotiated (1 March's print allowed C02F alone).
    assert_eq!(
        report(&dir, &["allowed-not-used", "--from", "2026-03-03"], &["system", "code", "rules"]),
        "system,code,rules\nSYSA,000A,OTHER-RULE\n"
    );
    assert_eq!(
        report(&dir, &["policy-inventory", "--from", "2026-03-03"], &["last_seen", "rule", "ciphers"]),
        "last_seen,rule,ciphers\n2026-03-03,CICS-RULE,C02F:secure\n2026-03-02,OTHER-RULE,C02F:secure 000A:weak\n"
    );
    assert!(dir.run(&["check"]).status.success());
}

#[test]
fn a_row_written_after_a_prune_never_takes_the_id_of_a_pruned_one() {
    // 3 March is ingested first (rows 1 and 2: 0000B001, 0000C001), then
    // 1 and 2 March come late (rows 3 to 6): the pruned days hold the
    // highest row ids. 1 and 2 March are pruned; then 4 March comes, with a
    // new client of CICSPRD1 on 443 printed before 0000C001: 0000D001 from
    // 10.8.0.1..50002, started that day, 500/700 bytes, `TTLSPolicy: No`.
    // Before the fix SQLite gave 4 March's rows the ids 3, 4, 5 of pruned
    // rows: 0000D001 took id 4, the identity of 0000C001 (its first row, of
    // 1 March), and was counted as that connection: one connection on 4
    // March, none clear, none new.
    let dir = TestDir::new();
    day_with(&dir, "first", "2026-03-03", (6000, 9000), "");
    day_with(&dir, "late", "2026-03-01", (1000, 2000), "");
    day_with(&dir, "late", "2026-03-02", (3000, 5000), "");
    let new_client = all_block(
        "CICSPRD1",
        "0000D001",
        "10.1.1.2..443",
        "10.8.0.1..50002",
        (500, 700),
        "03/04/2026",
        "Establsh",
        "No",
    );
    day_with(&dir, "later", "2026-03-04", (8000, 12_000), &new_client);
    for root in ["first", "late"] {
        assert_eq!(ingest(&dir, root).status.code(), Some(0));
    }
    run(&dir, &["prune", "--before", "2026-03-03"]);
    assert_eq!(ingest(&dir, "later").status.code(), Some(0));
    // By hand, 4 March: 0000C001 moved 8 000 - 6 000 = 2 000 in and 12 000
    // - 9 000 = 3 000 out since 3 March (segments 10/10 both days: 0), and
    // 0000D001, new that day, its 500/700 and 10/10 segments (started that
    // day: nothing before). Two connections of the service, two at once,
    // the top peer 10.7.0.1 with 2 000 + 3 000 = 5 000 bytes (10.8.0.1:
    // 1 200). The days before are as the prune left them: 1 000/2 000 on 1
    // March (started that day), then the growth, 2 000/3 000 and 3 000/4 000.
    assert_eq!(
        report(
            &dir,
            &["capacity"],
            &[
                "date",
                "connections",
                "peak_connections",
                "bytes_in",
                "bytes_out",
                "segments_in",
                "top_peer",
                "top_peer_bytes",
                "started_earlier"
            ]
        ),
        "date,connections,peak_connections,bytes_in,bytes_out,segments_in,top_peer,top_peer_bytes,started_earlier
2026-03-01,1,1,1000,2000,10,10.7.0.1,3000,0
2026-03-02,1,1,2000,3000,0,10.7.0.1,5000,0
2026-03-03,1,1,3000,4000,0,10.7.0.1,7000,0
2026-03-04,2,2,2500,3700,10,10.7.0.1,5000,0
"
    );
    // 0000C001 negotiated TLSv1.2 every day, new (and new to TLS) on 1
    // March; on 4 March 0000D001 is clear (500/700) and new, not new to TLS.
    assert_eq!(
        report(
            &dir,
            &["tls-adoption"],
            &[
                "date",
                "connections",
                "tls_connections",
                "tls_share",
                "clear_connections",
                "tlsv1_2",
                "bytes_in_protected",
                "bytes_out_protected",
                "bytes_in_unprotected",
                "bytes_out_unprotected",
                "new_connections",
                "new_tls_connections"
            ]
        ),
        "date,connections,tls_connections,tls_share,clear_connections,tlsv1_2,bytes_in_protected,\
bytes_out_protected,bytes_in_unprotected,bytes_out_unprotected,new_connections,new_tls_connections
2026-03-01,1,1,1,0,1,1000,2000,0,0,1,1
2026-03-02,1,1,1,0,1,2000,3000,0,0,0,0
2026-03-03,1,1,1,0,1,3000,4000,0,0,0,0
2026-03-04,2,1,0.5,1,1,2000,3000,500,700,1,0
"
    );
    // 10.7.0.1 negotiated 003C every day; 10.8.0.1 is clear from its first
    // day: no peer of the service is worse than before.
    assert_eq!(report(&dir, &["regressions"], &["system", "regressions"]), "system,regressions\n");
    let check = dir.run(&["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

/// The `alerts` of `kind`, without the time they were raised.
fn alerts_of(dir: &TestDir, kind: &str) -> String {
    let output = dir.run(&["alerts", "--peek", "--format", "csv"]);
    let alerts = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = alerts.lines().filter(|l| l.starts_with(&format!("{kind},"))).collect();
    rows.join("\n")
}

#[test]
fn pruned_days_between_captured_days_are_pruned_not_missing() {
    // The four days ingested, then `prune --before 2026-03-04`: the facts of
    // 1, 2 and 3 March go. 1 March is read again from a folder of its own
    // (`--restore-pruned`), 2 and 3 March are not. By hand: SYSA/TCPIP was
    // captured every day; 2 and 3 March, between the captured 1 and 4
    // March, are pruned days (before: `missing`, and a capture_missing
    // alert for each, as though no job had run).
    let dir = TestDir::new();
    four_days(&dir, "tree");
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-03-04"]);
    day(&dir, "part", "2026-03-01", Some((1000, 2000)));
    run(&dir, &["ingest", "--restore-pruned", dir.path("part").to_str().unwrap()]);
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "snapshots"]),
        "date,status,snapshots
2026-03-01,captured,1
2026-03-02,pruned,
2026-03-03,pruned,
2026-03-04,captured,1
"
    );
    assert_eq!(alerts_of(&dir, "capture_missing"), "");
    // The HTML page's coverage chart marks them pruned, not missing.
    let page = dir.path("page.html");
    run(&dir, &["html", "--out", page.to_str().unwrap()]);
    let page = std::fs::read_to_string(page).unwrap();
    assert!(page.contains("<title>SYSA/TCPIP 2026-03-02: pruned"), "{page}");
    assert!(!page.contains(": missing</title>"), "{page}");
}

#[test]
fn pruned_days_before_the_first_kept_day_are_pruned_and_a_day_never_captured_among_them_missing() {
    // SYSA captured on 1, 2, 4 and 5 March (not 3 March), then `prune
    // --before 2026-03-05`: the facts of 1, 2 and 4 March go. By hand: the
    // stack's days start on 1 March, its first capture: 1, 2 and 4 March
    // pruned, 3 March missing (no job ran), 5 March captured (before: the
    // days started at 5 March, the first kept, and the gap was lost; review
    // 15a F6).
    let dir = TestDir::new();
    for (date, bytes) in [("01", (1000, 2000)), ("02", (3000, 5000)), ("04", (6000, 9000)), ("05", (8000, 12_000))] {
        day(&dir, "tree", &format!("2026-03-{date}"), Some(bytes));
    }
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-03-05"]);
    assert_eq!(
        report(&dir, &["coverage"], &["date", "status", "snapshots"]),
        "date,status,snapshots
2026-03-01,pruned,
2026-03-02,pruned,
2026-03-03,missing,
2026-03-04,pruned,
2026-03-05,captured,1
"
    );
}

#[test]
fn a_pruned_day_that_listed_only_tls_connections_still_gives_no_share() {
    // 1 and 3 March: ALL and TTLS (0000C001 negotiated 003C); 2 March the
    // TTLS report alone, which lists only the connections AT-TLS maps. By
    // hand: 1 connection a day, negotiated; 2 March's share not known
    // (unlisted). `prune --before 2026-03-03` leaves it so (before the day
    // kept its count: share 1, its captures gone).
    let dir = TestDir::new();
    day(&dir, "tree", "2026-03-01", Some((1000, 2000)));
    let ttls = client_session();
    dir.write("tree/2026-03-02/SYSA/netstat.txt", format!("{HEADER}\n{ttls}"));
    day(&dir, "tree", "2026-03-03", Some((6000, 9000)));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let columns = ["date", "connections", "tls_connections", "tls_share", "unlisted_connections"];
    let adoption = "date,connections,tls_connections,tls_share,unlisted_connections
2026-03-01,1,1,1,0
2026-03-02,1,1,,1
2026-03-03,1,1,1,0
";
    assert_eq!(report(&dir, &["tls-adoption"], &columns), adoption);
    run(&dir, &["prune", "--before", "2026-03-03"]);
    assert_eq!(report(&dir, &["tls-adoption"], &columns), adoption);
    assert_eq!(
        dir.csv("SELECT capture_date, unlisted_connections FROM pruned_days ORDER BY 1"),
        "capture_date,unlisted_connections\n2026-03-01,0\n2026-03-02,1\n"
    );
}

#[test]
fn a_pruned_day_that_held_a_failed_file_is_pruned_not_failed() {
    // The four days, and on 2 March also an empty `ttls.txt` (a second data
    // set whose job wrote nothing). By hand before the prune: 2 March was
    // captured (netstat.txt's ALL run), 2 files, 1 problem (the empty one).
    let dir = TestDir::new();
    four_days(&dir, "tree");
    dir.write("tree/2026-03-02/SYSA/ttls.txt", "");
    ingest(&dir, "tree");
    let columns = ["date", "status", "files", "problems"];
    assert_eq!(
        report(&dir, &["coverage", "--to", "2026-03-02"], &columns),
        "date,status,files,problems\n2026-03-01,captured,1,0\n2026-03-02,captured,2,1\n"
    );
    // `prune --before 2026-03-03`: the facts of 1 and 2 March go, the empty
    // file (no facts) stays failed in `files`. 2 March was captured all the
    // same: pruned, with its failed file and problem (before: `failed`, as
    // though no report of the stack had been read that day). 1 March, the
    // stack's first capture, is pruned too (before: not listed, as it
    // preceded every kept day; review 15a F6).
    run(&dir, &["prune", "--before", "2026-03-03"]);
    let kept = "2026-03-03,captured,1,0\n2026-03-04,captured,1,0\n";
    assert_eq!(
        report(&dir, &["coverage"], &columns),
        format!("date,status,files,problems\n2026-03-01,pruned,,\n2026-03-02,pruned,1,1\n{kept}")
    );
    // An empty file arrives late in 1 March's folder, a pruned day: it
    // failed, and the day stays pruned (before: `failed`).
    dir.write("tree/2026-03-01/SYSA/late.txt", "");
    ingest(&dir, "tree");
    assert_eq!(
        report(&dir, &["coverage"], &columns),
        format!("date,status,files,problems\n2026-03-01,pruned,1,1\n2026-03-02,pruned,1,1\n{kept}")
    );
    assert_eq!(alerts_of(&dir, "capture_missing"), "");
}

#[test]
fn a_partial_restore_leaves_the_days_still_pruned_as_the_prune_kept_them() {
    // The four days ingested, `prune --before 2026-03-04` (1 to 3 March
    // pruned), then 1 March alone read again with `--restore-pruned`: 2 and
    // 3 March stay pruned. By hand, capacity as before the prune (see
    // assert_one_connection): 1 March from its facts, 1 000/2 000 (started
    // that day); 2 and 3 March from their kept summaries, 2 000/3 000 and no
    // counters; 4 March continued from the last pruned print, 3 March's
    // ALLCONN row, which kept 2 March's 3 000/5 000: 3 000/4 000. Before the
    // fix 2 and 3 March's summaries were rebuilt from no facts (no rows) and
    // 4 March continued the restored 1 March row: 5 000/7 000.
    let dir = TestDir::new();
    four_days(&dir, "tree");
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let adoption = ["date", "connections", "tls_connections", "bytes_in_protected", "bytes_out_protected"];
    let unpruned = report(&dir, &["tls-adoption"], &adoption);
    run(&dir, &["prune", "--before", "2026-03-04"]);
    day(&dir, "part", "2026-03-01", Some((1000, 2000)));
    run(&dir, &["ingest", "--restore-pruned", dir.path("part").to_str().unwrap()]);
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "bytes_out", "started_earlier"]),
        "date,connections,bytes_in,bytes_out,started_earlier
2026-03-01,1,1000,2000,0
2026-03-02,1,2000,3000,0
2026-03-03,1,,,0
2026-03-04,1,3000,4000,0
"
    );
    // One weak connection (003C) on 1, 2 and 4 March, as before the prune.
    assert_eq!(
        report(&dir, &["weak-crypto"], &["job", "port", "worst_grade", "ciphers", "connections", "dates"]),
        "job,port,worst_grade,ciphers,connections,dates\nCICSPRD1,443,weak,003C,1,3\n"
    );
    // The AT-TLS share of every day is as before the prune.
    assert_eq!(report(&dir, &["tls-adoption"], &adoption), unpruned);
    let check = dir.run(&["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn a_late_day_before_the_pruned_days_is_not_continued_from_their_last_print() {
    // 2, 3 and 4 March ingested, `prune --before 2026-03-04` (2 and 3 March
    // pruned: the last print of 0000C001 is 3 March's ALLCONN row, keeping
    // 2 March's 3 000/5 000), then 1 March's capture comes late. By hand: on
    // 1 March the client, started that day at 07:00, is new, with its whole
    // counters 1 000/2 000; 2 March keeps its summary, the first print then:
    // 3 000/5 000; 4 March still continues 3 March's print: 6 000 - 3 000 =
    // 3 000 in, 9 000 - 5 000 = 4 000 out. Before the fix 1 March continued
    // the later print (its counters fell under the same start) and 4 March
    // continued 1 March: 5 000/7 000.
    let dir = TestDir::new();
    day(&dir, "tree", "2026-03-02", Some((3000, 5000)));
    day(&dir, "tree", "2026-03-03", None);
    day(&dir, "tree", "2026-03-04", Some((6000, 9000)));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-03-04"]);
    day(&dir, "late", "2026-03-01", Some((1000, 2000)));
    let err = run(&dir, &["ingest", dir.path("late").to_str().unwrap()]);
    assert!(!err.contains("lower than"), "{err}");
    assert_eq!(
        report(&dir, &["capacity"], &["date", "connections", "bytes_in", "bytes_out"]),
        "date,connections,bytes_in,bytes_out
2026-03-01,1,1000,2000
2026-03-02,1,3000,5000
2026-03-03,1,,
2026-03-04,1,3000,4000
"
    );
    assert_eq!(
        report(&dir, &["tls-adoption", "--to", "2026-03-01"], &["date", "new_connections"]),
        "date,new_connections\n2026-03-01,1\n"
    );
    let check = dir.run(&["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn a_day_restored_in_part_names_the_files_not_given() {
    // The four days, 1 March's run saved as two data sets: all.txt (its ALL
    // report) and ttls.txt (its TTLS report). `prune --before 2026-03-02`,
    // then only 1 March's all.txt is read again with `--restore-pruned`. By
    // hand: 1 March is summarized from the ALL report alone (TTLSPolicy Yes,
    // no TTLS report: not captured, no TLS connection), as a capture of that
    // one data set would be; what was pruned with it and not given is named:
    // tree/2026-03-01/SYSA/ttls.txt (before: `1 files: 1 ingested` and
    // nothing more, while the day's AT-TLS share went from 100 % to 0).
    let dir = TestDir::new();
    four_days(&dir, "tree");
    let whole = dir.path("tree/2026-03-01/SYSA/netstat.txt");
    let text = std::fs::read_to_string(&whole).unwrap();
    let ttls_at = text.rfind(HEADER).unwrap();
    dir.write("tree/2026-03-01/SYSA/all.txt", &text[..ttls_at]);
    dir.write("tree/2026-03-01/SYSA/ttls.txt", &text[ttls_at..]);
    std::fs::remove_file(&whole).unwrap();
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-03-02"]);
    dir.write("part/2026-03-01/SYSA/all.txt", &text[..ttls_at]);
    let err = run(&dir, &["ingest", "--restore-pruned", dir.path("part").to_str().unwrap()]);
    let ttls = dir.path("tree/2026-03-01/SYSA/ttls.txt");
    assert!(
        err.contains(&format!(
            "{}: note: pruned with 2026-03-01 of SYSA, which this run read again without it: that day is summarized from \
             the files given",
            ttls.display()
        )),
        "{err}"
    );
    assert!(!err.contains("all.txt: pruned with"), "{err}");
    assert_eq!(
        report(&dir, &["tls-adoption", "--to", "2026-03-01"], &["date", "connections", "tls_connections"]),
        "date,connections,tls_connections\n2026-03-01,1,0\n"
    );
}

#[test]
fn the_page_of_a_pruned_database_says_days_were_pruned() {
    // trust_policy's CICS tree of a_policy_change_on_the_first_day_kept...:
    // CICS-ENV lists C02F and 000A on 1 March, C02F alone on 2 and 3 March.
    // `prune --before 2026-03-03`: 1 and 2 March pruned (2 days, the latest
    // 2 March), so the change of 2 March is not shown. By hand the page
    // says so in its headline and under the timeline (before: "No
    // regression and no policy change in the period", and no word of a
    // prune).
    let dir = TestDir::new();
    cics_three_days(&dir);
    run(&dir, &["prune", "--before", "2026-03-03"]);
    let page = dir.path("page.html");
    run(&dir, &["html", "--out", page.to_str().unwrap()]);
    let page = std::fs::read_to_string(page).unwrap();
    assert!(
        page.contains(
            "<dt>Pruned</dt><dd>the facts of 2 capture days (system, stack, date) of the period were deleted by \
             ttlsinv prune (the latest 2026-03-02)"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "No regression and no policy change on the days kept (a change dated on a pruned day is not shown)."
        ),
        "{page}"
    );
    assert!(!page.contains("in the period."), "{page}");
    // Not pruned: no such fact.
    let page = dir.path("page3.html");
    run(&dir, &["html", "--from", "2026-03-03", "--out", page.to_str().unwrap()]);
    assert!(!std::fs::read_to_string(page).unwrap().contains("<dt>Pruned</dt>"));
}

#[test]
fn quantum_names_the_rules_of_a_pruned_day_as_before_its_prune() {
    // The CICS tree of the_page_of_a_pruned_database_says_days_were_pruned:
    // one connection a day under CICS-RULE, negotiating C02F (ECDHE: quantum
    // vulnerable), and CICS-ENV lists C02F (and 000A on 1 March), no key
    // share group: no quantum-resistant group to move to. By hand quantum
    // names CICS-RULE on each day, before and after `prune --before
    // 2026-03-02` and `prune --before 2026-03-03`: a pruned day keeps the
    // rules it was named with (before: after the second prune 1 March's
    // rules were empty, its stub replaced by 2 March's), and the note says
    // so.
    let dir = TestDir::new();
    cics_three_days(&dir);
    let columns = ["date", "tls_connections", "vulnerable_connections", "rules_without_alternative"];
    let named = "date,tls_connections,vulnerable_connections,rules_without_alternative
2026-03-01,1,1,CICS-RULE
2026-03-02,1,1,CICS-RULE
2026-03-03,1,1,CICS-RULE
";
    assert_eq!(report(&dir, &["quantum"], &columns), named);
    for before in ["2026-03-02", "2026-03-03"] {
        run(&dir, &["prune", "--before", before]);
        assert_eq!(report(&dir, &["quantum"], &columns), named, "{before}");
    }
    let err = run(&dir, &["report", "quantum", "--format", "csv"]);
    assert!(
        err.starts_with(
            "note: the facts of 2 capture days (system, stack, date) in this period were pruned (the latest \
             2026-03-02): this report counts their connections from the daily summaries, and names their rules as \
             it did before the prune"
        ),
        "{err}"
    );
    let err = run(&dir, &["report", "coverage", "--format", "csv"]);
    assert!(err.contains("(the latest 2026-03-02): this report reads them: those days are `pruned` where"), "{err}");
}

/// Each connection row of 4 March: its conn id, the date of its previous
/// observation, and whether that observation is a row still there.
const FOURTH_OF_MARCH: &str = "SELECT conn_id, previous_date,
    previous_connection_id IN (SELECT connection_id FROM v_connections) AS previous_kept
    FROM v_connections WHERE capture_date = '2026-03-04' ORDER BY conn_id";

#[test]
fn a_row_continued_from_a_pruned_one_is_dated_after_it() {
    // The four days, pruned before 3 March, then again before 4 March. By
    // hand: the listener 0000B001 and the client 0000C001 were last printed
    // before 4 March by 3 March's ALLCONN run, whose rows the second prune
    // deletes: 4 March's rows continue them (previous_connection_id names
    // the pruned rows, as its traffic 3 000/4 000 says), dated 3 March, as
    // before the prune (before: NULL once pruned).
    let dir = TestDir::new();
    four_days(&dir, "tree");
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    let dated = "conn_id,previous_date,previous_kept\n0000B001,2026-03-03,PREVIOUS\n0000C001,2026-03-03,PREVIOUS\n";
    assert_eq!(dir.csv(FOURTH_OF_MARCH), dated.replace("PREVIOUS", "1"));
    run(&dir, &["prune", "--before", "2026-03-03"]);
    assert_eq!(dir.csv(FOURTH_OF_MARCH), dated.replace("PREVIOUS", "1"));
    run(&dir, &["prune", "--before", "2026-03-04"]);
    assert_eq!(dir.csv(FOURTH_OF_MARCH), dated.replace("PREVIOUS", "0"));
    assert_one_connection(&dir, "pruned twice");
}

/// SYSA's day `day` under `root` as [`day_with`] writes it, the client under
/// CICS-RULE (C02F), and with `other` a second client of CICSPRD1,
/// 0000C002 from 10.7.0.2..50002 (started 2 March 07:00, 400/600 bytes),
/// under OTHER-RULE: the only day that prints that rule.
fn policy_day(dir: &TestDir, root: &str, day: &str, bytes: (u64, u64), other: bool) {
    let client = |conn: &str, remote: &str, bytes: (u64, u64), start: &str| {
        all_block("CICSPRD1", conn, "10.1.1.2..443", remote, bytes, start, "Establsh", "Yes")
    };
    let listener =
        all_block("CICSPRD1", "0000B001", "0.0.0.0..443", "0.0.0.0..0", (0, 0), "03/01/2026", "Listen", "No");
    let mut all = format!("{listener}{}", client("0000C001", "10.7.0.1..50001", bytes, "03/01/2026"));
    let mut ttls = cics(WITHOUT_3DES);
    if other {
        all.push_str(&client("0000C002", "10.7.0.2..50002", (400, 600), "03/02/2026"));
        ttls.push_str(&other_with(WITHOUT_3DES));
    }
    dir.write(&format!("{root}/{day}/SYSA/netstat.txt"), format!("{HEADER}\n{all}{HEADER}\n{ttls}"));
}

#[test]
fn a_day_read_before_a_pruned_day_of_a_stack_with_no_row_kept_is_not_continued_from_it() {
    // 2 March (the client at 3 000/5 000, and 0000C002 under OTHER-RULE) and
    // 3 March (the client at 6 000/9 000) are ingested and pruned before 4
    // March: no row of the stack is kept; the stubs of the policy are 2
    // March's (OTHER-RULE's last print) and 3 March's (CICS-RULE's). The
    // pruned heads are 3 March's prints (0000C001 at 6 000/9 000) and 2
    // March's (0000C002).
    let dir = TestDir::new();
    policy_day(&dir, "tree", "2026-03-02", (3000, 5000), true);
    policy_day(&dir, "tree", "2026-03-03", (6000, 9000), false);
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    run(&dir, &["prune", "--before", "2026-03-04"]);
    // 2 March is read again; 3 March stays pruned. By hand: 2 March's rows
    // have no earlier print (3 March's is later, and 0000C002's pruned head
    // is the very observation read again): each counts its whole counters,
    // 3 000 + 400 = 3 400 in, 5 000 + 600 = 5 600 out, the client started
    // the day before (started_earlier 1). 3 March keeps its summary: 6 000 -
    // 3 000 = 3 000 in, 9 000 - 5 000 = 4 000 out. Before the fix the
    // writer, its stack's links reset when 2 March's stub went, continued
    // 3 March's print from 2 March (counters fell: nothing counted) and
    // 0000C002's own print (nothing counted): 0/0.
    policy_day(&dir, "part", "2026-03-02", (3000, 5000), true);
    let err = run(&dir, &["ingest", "--restore-pruned", dir.path("part").to_str().unwrap()]);
    assert!(!err.contains("lower than"), "{err}");
    let columns = ["date", "connections", "bytes_in", "bytes_out", "started_earlier"];
    assert_eq!(
        report(&dir, &["capacity"], &columns),
        "date,connections,bytes_in,bytes_out,started_earlier\n2026-03-02,2,3400,5600,1\n2026-03-03,1,3000,4000,0\n"
    );
    // 1 March comes late: the client, started that day, at 1 000/2 000. By
    // hand it is new that day with its whole counters, and 2 March continues
    // it: 3 000 - 1 000 + 400 = 2 400 in, 5 000 - 2 000 + 600 = 3 600 out,
    // nothing started before (0000C002 started that day). 3 March as before.
    policy_day(&dir, "late", "2026-03-01", (1000, 2000), false);
    let err = run(&dir, &["ingest", dir.path("late").to_str().unwrap()]);
    assert!(!err.contains("lower than"), "{err}");
    // 4 March continues 3 March's pruned print: 8 000 - 6 000 = 2 000 in,
    // 12 000 - 9 000 = 3 000 out, dated 3 March.
    policy_day(&dir, "later", "2026-03-04", (8000, 12_000), false);
    assert_eq!(ingest(&dir, "later").status.code(), Some(0));
    assert_eq!(
        report(&dir, &["capacity"], &columns),
        "date,connections,bytes_in,bytes_out,started_earlier
2026-03-01,1,1000,2000,0
2026-03-02,2,2400,3600,0
2026-03-03,1,3000,4000,0
2026-03-04,1,2000,3000,0
"
    );
    assert_eq!(
        dir.csv(FOURTH_OF_MARCH),
        "conn_id,previous_date,previous_kept\n0000B001,2026-03-03,0\n0000C001,2026-03-03,0\n"
    );
    let check = dir.run(&["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

/// SYSA's `NETSTAT ALL` of FTPD1's cleartext connection 0000A001 from
/// 10.9.9.9..50731 (started 2 March 07:00) at `bytes`, in the data set
/// `name` under `root`, its header printed at `time`.
fn ftp_run(dir: &TestDir, root: &str, name: &str, time: &str, bytes: (u64, u64)) {
    let block =
        all_block("FTPD1", "0000A001", "10.1.1.2..21", "10.9.9.9..50731", bytes, "03/02/2026", "Establsh", "No");
    dir.write(&format!("{root}/SYSA/{name}"), format!("{}\n{block}", HEADER.replace("08:00:01", time)));
}

#[test]
fn a_day_read_again_keeps_the_pruned_print_of_the_day_before_taken_after_midnight() {
    // 2 March's run was submitted at 23:59:58 (its data set is named so)
    // and NETSTAT printed 00:00:03: filed under 2 March, on 3 March's clock,
    // it prints 0000A001 at 3 000/5 000. 3 March's run saved only its TTLS
    // report, of CICSPRD1's 0000C001 (FTP's connection is clear: not in it).
    // 4 March prints 0000A001 at 8 000/12 000.
    let dir = TestDir::new();
    ftp_run(&dir, "tree", "NETSTAT.D260302.T235958.txt", "00:00:03", (3000, 5000));
    let ttls = |root: &str| {
        let entry = ttls_session("0000c001", "CICSPRD1", "10.1.1.2..443", "10.7.0.1..50001", "C02F");
        dir.write(&format!("{root}/SYSA/NETSTAT.D260303.T080000.txt"), format!("{HEADER}\n{entry}"));
    };
    ttls("tree");
    ftp_run(&dir, "tree", "NETSTAT.D260304.T080000.txt", "08:00:01", (8000, 12_000));
    assert_eq!(ingest(&dir, "tree").status.code(), Some(0));
    // `prune --before 2026-03-04`, then 3 March is read again; 2 March stays
    // pruned. By hand: 0000A001's last pruned print is 2 March's, taken at
    // 00:00:03 on 3 March: 4 March still continues it, 8 000 - 3 000 = 5 000
    // in, 12 000 - 5 000 = 7 000 out, dated 2 March. Before the fix the
    // prune's head of 2 March was taken for one of 3 March (the day of its
    // time), read again, and dropped: 4 March counted 8 000/12 000, the
    // connection's whole counters, as though started before.
    run(&dir, &["prune", "--before", "2026-03-04"]);
    ttls("part");
    run(&dir, &["ingest", "--restore-pruned", dir.path("part").to_str().unwrap()]);
    assert_eq!(
        report(
            &dir,
            &["capacity", "--from", "2026-03-04"],
            &["job", "connections", "bytes_in", "bytes_out", "started_earlier"]
        ),
        "job,connections,bytes_in,bytes_out,started_earlier\nFTPD1,1,5000,7000,0\n"
    );
    assert_eq!(dir.csv(FOURTH_OF_MARCH), "conn_id,previous_date,previous_kept\n0000A001,2026-03-02,0\n");
}

/// The places of cipher suite C02F in a CBOM: (location, context).
fn c02f_places(bom: &serde_json::Value) -> Vec<(String, String)> {
    let tls12 = bom["components"].as_array().unwrap().iter().find(|c| c["name"] == "TLSv1.2").unwrap();
    tls12["evidence"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["symbol"] == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
        .map(|o| (o["location"].as_str().unwrap().to_owned(), o["additionalContext"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn the_cbom_of_a_pruned_database_says_so_and_keeps_the_pruned_days_negotiations() {
    // The CICS tree: one connection of CICSPRD1 under CICS-RULE negotiated
    // C02F with TLSv1.2 on 1, 2 and 3 March; CICS-ENV lists C02F every day.
    let dir = TestDir::new();
    cics_three_days(&dir);
    let export = |dir: &TestDir| {
        let output = dir.run(&["export", "--format", "cbom"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let bom: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(crate::cbom::schema_errors(&bom), Vec::<String>::new());
        (bom, stderr(&output))
    };
    let place = |location: &str, context: &str| (location.to_owned(), context.to_owned());
    let (bom, _) = export(&dir);
    assert_eq!(
        c02f_places(&bom),
        [
            place(
                "SYSA/TCPIP/CICS-RULE",
                "negotiated with TLSv1.2 by 1 connection of CICSPRD1 from 2026-03-01 to 2026-03-03; rule CICS-RULE, \
                 environment action CICS-ENV"
            ),
            place(
                "SYSA/TCPIP/CICS-RULE",
                "allowed from 2026-03-01 to 2026-03-03 by V3CipherSuites of environment action CICS-ENV; rule \
                 CICS-RULE (JobName CICSPRD1)"
            ),
        ]
    );
    // `prune --before 2026-03-03`: 1 and 2 March's facts go; 2 March's
    // snapshot stays as the stub of CICS-RULE's and CICS-ENV's last print.
    // By hand the BOM still says C02F was negotiated on 1 and 2 March (their
    // daily summaries: one connection of CICSPRD1 a day, no rule), on 3
    // March from the facts, and allowed from 2 March (the print kept) to 3
    // March; it says, and so does the export, that the facts of 2 days from
    // 1 to 2 March were pruned (before: 1 and 2 March's negotiation gone,
    // the allowance dated from 2 March, and no word of the prune).
    run(&dir, &["prune", "--before", "2026-03-03"]);
    let (bom, err) = export(&dir);
    let note = "the facts of 2 capture days (system, stack, date) from 2026-03-01 to 2026-03-02 were deleted by \
                ttlsinv prune: what their connections negotiated comes from the daily summaries (no rule or action), \
                and what their rules allowed only from the last print of each rule and action that the prune kept";
    assert!(err.contains(&format!("note: {note}")), "{err}");
    assert!(bom["metadata"]["properties"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"name": "ttlsinv:pruned", "value": note})));
    assert_eq!(
        c02f_places(&bom),
        [
            place(
                "SYSA/TCPIP",
                "negotiated with TLSv1.2 by CICSPRD1 from 2026-03-01 to 2026-03-02, 1 connection on the busiest day; \
                 from the daily summaries of days whose facts ttlsinv prune deleted, which keep no rule or action"
            ),
            place(
                "SYSA/TCPIP/CICS-RULE",
                "negotiated with TLSv1.2 by 1 connection of CICSPRD1 on 2026-03-03; rule CICS-RULE, environment \
                 action CICS-ENV"
            ),
            place(
                "SYSA/TCPIP/CICS-RULE",
                "allowed from 2026-03-02 to 2026-03-03 by V3CipherSuites of environment action CICS-ENV; rule \
                 CICS-RULE (JobName CICSPRD1); dated by the prints ttlsinv prune kept: of the days it pruned, only \
                 the last print of each rule and action is kept, so it may have been allowed on pruned days after \
                 those dates too"
            ),
        ]
    );
}
