//! The generator of `tools/gen`: what it writes ingests to exactly the
//! totals it promises, and the same seed writes the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use ttlsinv_gen::{self as generate, Plan, Shape, TOTALS_FILE};

use crate::util::{stderr, TestDir};

fn plan(out: PathBuf, days: u32) -> Plan {
    Plan { seed: 7, start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), ..Plan::new(out, days, 2, 50) }
}

/// Every file under `root` with its bytes, by path relative to `root`.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Rows of CSV built from the JSON array `key`, one line per element with `fields` in order.
fn csv_of(totals: &Value, header: &str, key: &str, fields: &[&str]) -> String {
    let mut csv = format!("{header}\n");
    for row in totals[key].as_array().unwrap() {
        let values: Vec<String> = fields
            .iter()
            .map(|f| match &row[f] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        csv.push_str(&values.join(","));
        csv.push('\n');
    }
    csv
}

/// Generates `plan`, ingests it and checks the database against the
/// expected totals: per date and system, the cipher histogram, the reports
/// by kind. Returns the totals.
fn ingests_to_its_expected_totals(dir: &TestDir, plan: &Plan) -> Value {
    generate::run(plan).unwrap();
    let tree = &plan.out;
    let totals: Value = serde_json::from_slice(&std::fs::read(tree.join(TOTALS_FILE)).unwrap()).unwrap();
    let expected_rows = plan.days * plan.systems * plan.snapshots_per_day * plan.connections;
    assert_eq!(totals["connections"], expected_rows);

    let output = dir.run(&["ingest", tree.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("0 failed; reports: "), "{}", stderr(&output));
    assert!(stderr(&output).ends_with("; 0 problems\n"), "{}", stderr(&output));

    let per_date_system = dir.csv(
        "SELECT capture_date, system, count(DISTINCT snapshot_id), count(*), sum(ttls_policy),
                sum(tls_protocol IS NOT NULL)
         FROM v_connections GROUP BY 1, 2 ORDER BY 1, 2",
    );
    let fields = ["date", "system", "snapshots", "connections", "ttls_policy", "tls_sessions"];
    let header = "capture_date,system,count(DISTINCT snapshot_id),count(*),sum(ttls_policy),\
                  sum(tls_protocol IS NOT NULL)";
    assert_eq!(per_date_system, csv_of(&totals, header, "per_date_system", &fields));

    let ciphers = dir
        .csv("SELECT protocol, cipher_code, cipher_name, count(*) FROM tls_sessions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
    let fields = ["protocol", "cipher_code", "cipher_name", "sessions"];
    assert_eq!(ciphers, csv_of(&totals, "protocol,cipher_code,cipher_name,count(*)", "ciphers", &fields));

    let reports = dir.csv("SELECT report_kind, count(*) FROM captures GROUP BY 1 ORDER BY 1");
    let mut expected = String::from("report_kind,count(*)\n");
    for (kind, n) in totals["reports"].as_object().unwrap() {
        expected.push_str(&format!("{kind},{n}\n"));
    }
    assert_eq!(reports, expected);
    totals
}

/// Shape (a), today's default.
#[test]
fn a_generated_tree_ingests_to_its_expected_totals() {
    let dir = TestDir::new();
    let totals = ingests_to_its_expected_totals(&dir, &Plan { seed: 1, ..plan(dir.path("tree"), 2) });
    // One TSO snapshot asks for each TLS connection in its own report.
    assert!(totals["reports"]["TTLS DETAIL"].as_u64().unwrap() > 4);
}

/// Shape (b): every client address is new, and the TTLS data is one report per connection.
#[test]
fn a_tree_of_many_clients_ingests_to_its_expected_totals() {
    let dir = TestDir::new();
    let plan = Plan { shape: Shape::Clients, connections: 60, ..plan(dir.path("tree"), 2) };
    let totals = ingests_to_its_expected_totals(&dir, &plan);
    assert_eq!(totals["reports"]["TTLS DETAIL"], totals["tls_sessions"]);
    // Clients of system n come from 10n.x.y.z (listeners and servers from 10.x.y.z):
    // one address per connection, whatever the snapshot.
    let clients = "FROM connections JOIN snapshots USING (snapshot_id) WHERE remote_ip LIKE '10_.%'";
    assert_eq!(
        dir.csv(&format!("SELECT count(DISTINCT remote_ip) = count(DISTINCT system || conn_id) AS one {clients}")),
        "one\n1\n"
    );
    // Clients come and go between the two days.
    let days = dir.csv(&format!(
        "SELECT count(DISTINCT remote_ip) FILTER (WHERE capture_date = '2026-03-01') > 0 AS first,
                count(DISTINCT remote_ip) FILTER (WHERE remote_ip NOT IN
                    (SELECT remote_ip {clients} AND capture_date = '2026-03-02')) > 0 AS gone,
                count(DISTINCT remote_ip) FILTER (WHERE remote_ip NOT IN
                    (SELECT remote_ip {clients} AND capture_date = '2026-03-01')) > 0 AS new
         {clients}"
    ));
    assert_eq!(days, "first,gone,new\n1,1,1\n");
}

/// Shape (c): 96 snapshots a day of mostly the same connections.
#[test]
fn a_tree_of_captures_every_15_minutes_ingests_to_its_expected_totals() {
    let dir = TestDir::new();
    let plan = Plan { shape: Shape::LongLived, snapshots_per_day: 96, connections: 40, ..plan(dir.path("tree"), 1) };
    ingests_to_its_expected_totals(&dir, &plan);
    // 2 systems x 96 snapshots x 40 connections are 7 680 rows; with 2 in 1 000
    // closing per interval, each system's 40 conn ids gain about 0.2 % x 95 x 40 ≈ 8
    // new ones in the day (the default shape replaces about half of them each time).
    let ids = dir.csv("SELECT count(DISTINCT system || conn_id) < 2 * 40 * 1.5 AS few FROM v_connections");
    assert_eq!(ids, "few\n1\n");
}

/// Shape (d): one system, one day, one file.
#[test]
fn a_single_large_capture_ingests_to_its_expected_totals() {
    let dir = TestDir::new();
    let plan = Plan { systems: 1, connections: 2_000, ..plan(dir.path("tree"), 1) };
    let totals = ingests_to_its_expected_totals(&dir, &plan);
    assert_eq!(totals["files"], 1);
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_one_more_day_only_adds_a_day() {
    let dir = TestDir::new();
    let first = generate::run(&plan(dir.path("a"), 2)).unwrap();
    let second = generate::run(&plan(dir.path("b"), 2)).unwrap();
    assert_eq!(first, second);
    let (a, b) = (files(&dir.path("a")), files(&dir.path("b")));
    assert_eq!(a.len(), 11);
    assert!(a == b, "trees differ");

    let other_seed = generate::run(&Plan { seed: 8, ..plan(dir.path("c"), 2) }).unwrap();
    assert_ne!(first, other_seed);

    generate::run(&plan(dir.path("one-day"), 1)).unwrap();
    let one_day = files(&dir.path("one-day"));
    for (path, bytes) in one_day.iter().filter(|(p, _)| p.starts_with("2026-03-01")) {
        assert!(a[path] == *bytes, "{} differs", path.display());
    }

    let error = generate::run(&plan(dir.path("a"), 1)).unwrap_err();
    assert!(error.to_string().ends_with("is not empty: give a new folder"), "{error}");
}
