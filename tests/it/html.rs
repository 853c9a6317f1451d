//! `ttlsinv html` on the samples: the page is parsed with an HTML5 parser
//! (scraper, html5ever's tree builder) and checked to be self-contained,
//! one SVG per chart, and to draw exactly the numbers of the canned reports
//! it illustrates, run by the same test through `ttlsinv report`. The
//! expected numbers come from the report rows, not from the page's code, so
//! the tests hold when the reports' meaning changes; facts of the samples
//! that do not depend on it (systems, stacks, dates, files) are written here.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Selector};
use serde_json::{Map, Value};

use crate::util::{project, stderr, TestDir};

type Row = Map<String, Value>;

/// The samples, ingested once for the tests of this module.
fn samples() -> &'static TestDir {
    static DIR: OnceLock<TestDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = TestDir::shared("html");
        let output = dir.run(&["ingest", "--quiet", project("samples").to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        dir
    })
}

/// Writes the page with `filters` and parses it.
fn page(dir: &TestDir, filters: &[&str]) -> Html {
    let out = dir.path(&format!("report{}.html", filters.join("").replace(['-', ' '], "")));
    let mut args = vec!["html", "--out", out.to_str().unwrap()];
    args.extend_from_slice(filters);
    let output = dir.run(&args);
    assert!(output.status.success(), "{filters:?}: {}", stderr(&output));
    Html::parse_document(&std::fs::read_to_string(&out).unwrap())
}

/// A canned report's rows, run through the command line with `filters`.
fn report(dir: &TestDir, name: &str, filters: &[&str]) -> Vec<Row> {
    let mut args = vec!["report", name, "--format", "json"];
    args.extend_from_slice(filters);
    let output = dir.run(&args);
    assert!(output.status.success(), "{name}: {}", stderr(&output));
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    rows.into_iter().map(|r| r.as_object().unwrap().clone()).collect()
}

fn num(row: &Row, column: &str) -> f64 {
    match row.get(column).unwrap_or_else(|| panic!("no column {column} in {row:?}")) {
        Value::Null => 0.0,
        value => value.as_f64().unwrap_or_else(|| panic!("{column} is not a number: {value}")),
    }
}

fn text(row: &Row, column: &str) -> String {
    match row.get(column).unwrap_or_else(|| panic!("no column {column} in {row:?}")) {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        value => value.to_string(),
    }
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(selector).unwrap()).collect()
}

fn attr(element: &ElementRef<'_>, name: &str) -> String {
    element.value().attr(name).unwrap_or_else(|| panic!("no {name} on {:?}", element.value())).to_string()
}

/// The marks that `selector` picks: (series, x) to value.
fn marks(doc: &Html, selector: &str) -> BTreeMap<(String, String), String> {
    let mut marks = BTreeMap::new();
    for mark in select(doc, selector) {
        let key = (attr(&mark, "data-series"), attr(&mark, "data-x"));
        assert!(marks.insert(key.clone(), attr(&mark, "data-value")).is_none(), "two marks for {key:?}");
    }
    marks
}

/// The marks as numbers.
fn numbers(doc: &Html, selector: &str) -> BTreeMap<(String, String), f64> {
    marks(doc, selector).into_iter().map(|(k, v)| (k, v.parse().unwrap())).collect()
}

/// The values of the marks of one series, in the order of the page.
fn series(doc: &Html, selector: &str, name: &str) -> Vec<f64> {
    select(doc, selector)
        .iter()
        .filter(|m| attr(m, "data-series") == name)
        .map(|m| attr(m, "data-value").parse().unwrap())
        .collect()
}

fn assert_close(found: &BTreeMap<(String, String), f64>, expected: &BTreeMap<(String, String), f64>, what: &str) {
    let keys = |m: &BTreeMap<(String, String), f64>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(found), keys(expected), "{what}: marks");
    for (key, value) in expected {
        assert!((found[key] - value).abs() < 1e-9, "{what} {key:?}: page {} report {value}", found[key]);
    }
}

fn lane(row: &Row) -> String {
    format!("{}/{}", text(row, "system"), text(row, "stack"))
}

#[test]
fn the_page_is_self_contained_html5_without_script_or_network() {
    let raw = std::fs::read_to_string({
        page(samples(), &[]);
        samples().path("report.html")
    })
    .unwrap();
    assert!(raw.starts_with("<!DOCTYPE html>"), "HTML5 doctype");
    let doc = Html::parse_document(&raw);
    assert!(doc.errors.is_empty(), "HTML5 parse errors: {:?}", doc.errors);
    assert_eq!(format!("{:?}", doc.quirks_mode), "NoQuirks", "standards mode");
    let forbidden =
        "script, noscript, link, img, iframe, object, embed, audio, video, source, base, form, meta[http-equiv]";
    assert_eq!(select(&doc, forbidden).len(), 0, "elements that run code or load something");
    for element in select(&doc, "*") {
        for (name, value) in element.value().attrs() {
            let value = value.trim().to_ascii_lowercase();
            assert!(!name.starts_with("on"), "event handler {name} on {:?}", element.value());
            assert!(
                !(value.contains("://")
                    || value.starts_with("//")
                    || value.contains("javascript:")
                    || value.contains("data:")
                    || value.contains("url(")),
                "{name}=\"{value}\" on {:?} points outside the page",
                element.value()
            );
            if name == "href" {
                assert!(value.starts_with('#'), "link {value} leaves the page");
            }
        }
    }
    let style: String = select(&doc, "style").iter().map(|s| s.text().collect::<String>()).collect();
    for outside in ["url(", "@import", "@font-face", "://"] {
        assert!(!style.contains(outside), "the CSS holds {outside}");
    }
    assert!(style.contains("prefers-color-scheme: dark"), "dark mode");
    assert!(style.contains("@media print"), "print styles");
    assert_eq!(select(&doc, ".problem").len(), 0, "a part could not be drawn");
}

#[test]
fn one_svg_per_chart_and_the_facts_of_the_samples() {
    let doc = page(samples(), &[]);
    let parts: Vec<String> = select(&doc, "body > section").iter().map(|s| attr(s, "id")).collect();
    assert_eq!(
        parts,
        ["headline", "adoption", "protocols", "ciphers", "cleartext", "weak", "changes", "coverage", "unused"]
    );
    for part in &parts[1..] {
        assert_eq!(select(&doc, &format!("section#{part} svg")).len(), 1, "{part}: one chart");
        assert!(!select(&doc, &format!("section#{part} svg title")).is_empty(), "{part}: tooltips");
    }
    assert_eq!(select(&doc, "section#headline svg").len(), 0);
    assert_eq!(select(&doc, "svg").len(), 8);

    // From samples/README.md: three systems and their stacks, 22 to 24
    // November 2026, 16 files.
    let facts: String = select(&doc, "dl.facts").iter().flat_map(|e| e.text()).collect();
    assert!(facts.contains("2026-11-22 to 2026-11-24 (3 days)"), "{facts}");
    assert!(facts.contains("3: SYSA, SYSB, SYSC"), "{facts}");
    assert!(facts.contains("3: SYSA/TCPIP, SYSB/TCPIPB, SYSC/TCPIP"), "{facts}");
    assert_eq!(attr(&select(&doc, "data#files")[0], "value"), "16");
    let axis: Vec<String> =
        select(&doc, "section#protocols svg .axis text").iter().map(|t| t.text().collect()).collect();
    assert_eq!(axis, ["2026-11-22", "2026-11-23", "2026-11-24"]);
    // SYSC was captured on 24 November only.
    let sysc = marks(&doc, "section#coverage [data-value]")
        .into_iter()
        .filter(|((lane, _), _)| lane == "SYSC/TCPIP")
        .map(|((_, x), _)| x)
        .collect::<Vec<_>>();
    assert_eq!(sysc, ["2026-11-24"]);
}

/// The cleartext card counts the services that showed cleartext connections
/// (`TTLSPolicy: No`) and says the listeners apart: a listener has no
/// protection of its own. In the samples: SYSA FTPD1 21 (2 connections),
/// SYSB JES2S001 175, SYSA DB2ADIST 446, SYSB SSHD 22 and SYSB FTPDB 21 (one
/// each): 5 services, 6 connections; listening with no TLS connection: SYSA
/// TCPIP 1024, SYSA OMVS 10007, SYSC TN3270C 992 and SYSC CSQ2CHIN 1414 (its
/// one connection printed by ALLCONN alone): 4.
#[test]
fn the_cleartext_card_counts_services_with_cleartext_connections_and_listeners_apart() {
    let doc = page(samples(), &[]);
    let card = &select(&doc, "data#cleartext-services")[0];
    assert_eq!(attr(card, "value"), "5");
    let text: String = card.parent().and_then(ElementRef::wrap).unwrap().text().collect();
    assert!(text.contains("6 connections each counted once"), "{text}");
    assert!(text.contains("4 more listen and showed no TLS connection"), "{text}");
}

#[test]
fn chart_numbers_equal_the_canned_report_rows() {
    let filter_sets: [&[&str]; 4] =
        [&[], &["--system", "SYSB"], &["--from", "2026-11-23", "--to", "2026-11-24"], &["--stack", "TCPIP"]];
    for filters in filter_sets {
        let dir = samples();
        let doc = page(dir, filters);
        let rows = |name| report(dir, name, filters);
        let what = |part: &str| format!("{part} {filters:?}");

        // 1. Headline: sums of report rows.
        let adoption = rows("tls-adoption");
        let sum = |rows: &[Row], column: &str| rows.iter().map(|r| num(r, column)).sum::<f64>();
        let headline = |id: &str| attr(&select(&doc, &format!("data#{id}"))[0], "value").parse::<f64>().unwrap();
        // Each connection on its first listed day (the samples list every day).
        // Protected: the TLS sessions that encrypt (not a NULL cipher suite's).
        let protected = sum(&adoption, "listed_new_tls_connections") - sum(&adoption, "listed_new_null_cipher");
        let share = protected / sum(&adoption, "listed_new_connections");
        assert!((headline("tls-share") - share).abs() < 1e-9, "{}", what("tls share"));
        let weak_crypto = rows("weak-crypto");
        assert_eq!(headline("weak-connections"), sum(&weak_crypto, "connections"), "{}", what("weak connections"));
        let clear_services = rows("cleartext").iter().filter(|r| num(r, "clear_connections") > 0.0).count();
        assert_eq!(headline("cleartext-services"), clear_services as f64, "{}", what("cleartext"));
        let coverage = rows("coverage");
        let captured: Vec<Row> = coverage.iter().filter(|r| text(r, "status") == "captured").cloned().collect();
        assert_eq!(headline("snapshots"), sum(&captured, "snapshots"), "{}", what("snapshots"));
        assert_eq!(headline("files"), sum(&captured, "files"), "{}", what("files"));
        assert_eq!(headline("problems"), sum(&captured, "problems"), "{}", what("problems"));

        // 2. Adoption: tls_share as reported, and the protected bytes' share,
        // where the share is known: not SYSC's 2026-11-24, whose one
        // connection ALLCONN printed alone (unknown_policy).
        let mut expected = BTreeMap::new();
        for row in &adoption {
            let (system, date) = (text(row, "system"), text(row, "date"));
            let untold = num(row, "tls_not_captured") + num(row, "unknown_policy");
            if num(row, "unlisted_connections") > 0.0 || untold >= num(row, "connections") {
                continue;
            }
            expected.insert((format!("{system} connections"), date.clone()), num(row, "tls_share"));
            let protected = num(row, "bytes_in_protected") + num(row, "bytes_out_protected");
            let total = protected + num(row, "bytes_in_unprotected") + num(row, "bytes_out_unprotected");
            if total > 0.0 {
                expected.insert((format!("{system} bytes"), date), protected / total);
            }
        }
        assert_close(&numbers(&doc, "section#adoption [data-value]"), &expected, &what("adoption"));

        // 3. Protocols: connections per version and date, all systems.
        let mut expected = BTreeMap::new();
        for row in rows("protocols") {
            *expected.entry((text(&row, "protocol"), text(&row, "date"))).or_default() += num(&row, "connections");
        }
        assert_close(&numbers(&doc, "section#protocols [data-value]"), &expected, &what("protocols"));

        // 4. Ciphers: connections per suite over the period (fewer than 15 suites in the samples).
        let mut expected = BTreeMap::new();
        for row in &rows("ciphers") {
            let label = format!("{} ({})", text(row, "name"), text(row, "code"));
            *expected.entry(("connections".to_string(), label)).or_default() += num(row, "new_connections");
        }
        assert!(expected.len() <= 15);
        assert_close(&numbers(&doc, "section#ciphers [data-value]"), &expected, &what("ciphers"));

        // 5. Cleartext and 6. weak crypto: the first rows, in the report's order.
        let clear = rows("cleartext");
        let first = |rows: &[Row], column: &str| rows.iter().take(15).map(|r| num(r, column)).collect::<Vec<_>>();
        let selector = "section#cleartext [data-value]";
        assert_eq!(series(&doc, selector, "clear connections"), first(&clear, "clear_connections"), "{filters:?}");
        assert_eq!(series(&doc, selector, "clear bytes"), first(&clear, "clear_bytes"), "{filters:?}");
        let selector = "section#weak [data-value]";
        assert_eq!(series(&doc, selector, "connections"), first(&weak_crypto, "connections"), "{filters:?}");

        // 7. Regressions and drift: events per system/stack and date of the later capture.
        // The page runs regressions with --by peer: a row per step, with its date.
        let by_peer: Vec<&str> = filters.iter().copied().chain(["--by", "peer"]).collect();
        let steps = report(dir, "regressions", &by_peer);
        for (report_name, class, report_rows) in
            [("regressions", "regression", steps), ("policy-drift", "drift", rows("policy-drift"))]
        {
            let mut expected = BTreeMap::new();
            for row in report_rows {
                *expected.entry((lane(&row), text(&row, "after")[..10].to_string())).or_default() += 1.0;
            }
            let found = numbers(&doc, &format!("section#changes g.{class}"));
            assert_close(&found, &expected, &what(report_name));
        }

        // 8. Coverage: the status of every system, stack and date.
        let mut found = BTreeMap::new();
        for cell in select(&doc, "section#coverage [data-value]") {
            let start = NaiveDate::parse_from_str(&attr(&cell, "data-x"), "%Y-%m-%d").unwrap();
            let days: u64 = attr(&cell, "data-days").parse().unwrap();
            for day in start.iter_days().take(days as usize) {
                found.insert((attr(&cell, "data-series"), day.to_string()), attr(&cell, "data-value"));
            }
        }
        let expected: BTreeMap<(String, String), String> = coverage
            .iter()
            .filter(|r| r["date"] != Value::Null)
            .map(|r| {
                let status = match text(r, "status").as_str() {
                    "missing" => "missing",
                    _ if num(r, "problems") > 0.0 => "captured, with problems",
                    _ => "captured",
                };
                ((lane(r), text(r, "date")), status.to_string())
            })
            .collect();
        assert_eq!(found, expected, "{}", what("coverage"));

        // 9. Allowed but not used: rows per system/stack and grade.
        let mut expected = BTreeMap::new();
        for row in rows("allowed-not-used") {
            *expected.entry((text(&row, "grade"), lane(&row))).or_default() += 1.0;
        }
        assert_close(&numbers(&doc, "section#unused [data-value]"), &expected, &what("allowed-not-used"));
    }
}

#[test]
fn a_filtered_page_shows_only_what_was_asked() {
    let doc = page(samples(), &["--system", "sysb", "--from", "2026-11-23"]);
    let lanes: Vec<String> =
        marks(&doc, "section#coverage [data-value]").into_keys().map(|(lane, _)| lane).collect::<Vec<_>>();
    assert!(lanes.iter().all(|l| l == "SYSB/TCPIPB"), "{lanes:?}");
    let axis: Vec<String> =
        select(&doc, "section#protocols svg .axis text").iter().map(|t| t.text().collect()).collect();
    assert_eq!(axis, ["2026-11-23", "2026-11-24"]);
    let commands: String = select(&doc, "section#protocols .source").iter().flat_map(|e| e.text()).collect();
    assert!(commands.contains("ttlsinv report protocols --from 2026-11-23 --system sysb"), "{commands}");
    let commands: String = select(&doc, "section#changes .source").iter().flat_map(|e| e.text()).collect();
    assert!(commands.contains("ttlsinv report regressions --by peer --from 2026-11-23 --system sysb"), "{commands}");
}

#[test]
fn job_names_that_look_like_markup_are_shown_as_text() {
    let dir = TestDir::new();
    let output = dir.run(&["ingest", "--quiet", project("tests/fixtures/html").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let doc = page(&dir, &[]);
    assert_eq!(select(&doc, "script, i").len(), 0, "a job name became an element");
    let cells: Vec<String> =
        select(&doc, "section#cleartext td").iter().map(|c| c.text().collect::<String>()).collect();
    assert!(cells.iter().any(|c| c == "<SCRIPT>"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "A&B<i>"), "{cells:?}");
    let labels: String = select(&doc, "section#cleartext svg text").iter().flat_map(|t| t.text()).collect();
    assert!(labels.contains("port 1414 <SCRIPT>") && labels.contains("port 992 A&B<i>"), "{labels}");
}

#[test]
fn an_empty_database_gives_a_page_that_says_so_and_a_bad_path_an_error() {
    let dir = TestDir::new();
    // A folder with no capture in it: the database is made, and holds
    // nothing (the run is an error: it ingested nothing).
    dir.write("nothing/README.txt", "Captures go here.\n");
    let output = dir.run(&["ingest", "--quiet", dir.path("nothing").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let doc = page(&dir, &[]);
    assert_eq!(select(&doc, "svg").len(), 8);
    assert_eq!(select(&doc, ".problem").len(), 0);
    let title: String = select(&doc, "h1").iter().flat_map(|e| e.text()).collect();
    assert_eq!(title, "AT-TLS inventory");
    let empty: Vec<String> = select(&doc, "p.empty code").iter().map(|e| e.text().collect()).collect();
    assert!(empty.contains(&"tls-adoption".to_string()), "{empty:?}");

    let missing = dir.path("no/such/folder/r.html");
    let output = dir.run(&["html", "--out", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains(&format!("cannot write {}", missing.display())), "{}", stderr(&output));
}

/// The page counts a connection once over the period where it says so:
/// [`crate::trust_period::one_tls_connection_three_days`] holds one TLS
/// connection (003C) seen on three dates and one cleartext connection on
/// one: 1 of 2 connections negotiated TLS (the days added up it was 3 of
/// 4), and 003C has one connection over the period, not three.
#[test]
fn the_page_counts_a_connection_seen_on_several_days_once() {
    let dir = TestDir::new();
    crate::trust_period::one_tls_connection_three_days(&dir);
    let output = dir.run(&["ingest", "--quiet", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let doc = page(&dir, &[]);
    assert_eq!(attr(&select(&doc, "data#tls-share")[0], "value"), "0.5");
    let card: String = select(&doc, "data#tls-share")[0].parent().and_then(ElementRef::wrap).unwrap().text().collect();
    assert!(card.contains("(1 of 2, each counted once over the period"), "{card}");
    let suites = numbers(&doc, "section#ciphers [data-value]");
    let key = ("connections".to_string(), "TLS_RSA_WITH_AES_128_CBC_SHA256 (003C)".to_string());
    assert_eq!(suites, BTreeMap::from([(key, 1.0)]));
}

#[test]
fn the_page_counts_a_connection_whose_tls_a_later_day_showed_once() {
    // One connection: its TLS not captured on 23 November, negotiated on
    // the 24th. One connection over the period, and it negotiated TLS:
    // 100 %, 1 of 1 (before: new on both days, 1 of 2).
    let dir = TestDir::new();
    crate::trust_period::tls_captured_on_the_second_day(&dir);
    let output = dir.run(&["ingest", "--quiet", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let doc = page(&dir, &[]);
    assert_eq!(attr(&select(&doc, "data#tls-share")[0], "value"), "1");
    let card: String = select(&doc, "data#tls-share")[0].parent().and_then(ElementRef::wrap).unwrap().text().collect();
    assert!(card.contains("(1 of 1, each counted once over the period"), "{card}");
}
