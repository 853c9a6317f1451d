//! `ttlsinv alerts`: what is new since alerts were last read, from the
//! canned reports, kept in the `alerts` table so each fact is said once.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use rusqlite::types::Value;

use crate::canned::{Query, Rows};
use crate::cli::AlertsArgs;
use crate::output::{Sink, Style};
use crate::store::alerts::Alert;
use crate::store::Store;

/// Exit status of `alerts` when something is new.
pub const EXIT_NEW: u8 = 4;

pub fn run(db: &Path, args: &AlertsArgs) -> anyhow::Result<ExitCode> {
    let since = match args.since.as_deref() {
        None | Some("last") => None,
        Some(text) => Some(
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|e| super::usage(format!("--since `{text}`: give `last` or a date, YYYY-MM-DD: {e}")))?,
        ),
    };
    let mut store = super::open_inventory_for_writing(db)?;
    super::report::warn_pending(&store)?;
    let (found, settled) = gather(&store)?;
    store.raise_alerts(&found)?;
    say_withdrawn(&settled, &store.withdraw_alerts(&settled)?);
    let since = since.map(|d| d.to_string());
    let style = Style::from_args(&args.output)?;
    let mut sink = Sink::open(args.output.output.as_deref(), style)?;
    let shown = {
        let mut stmt = store.alerts_to_show(since.as_deref())?;
        sink.write_query(&mut stmt).context("alerts")?;
        store.count_alerts_to_show(since.as_deref())?
    };
    sink.finish()?;
    if !args.peek {
        store.mark_alerts_read(since.as_deref())?;
    }
    Ok(if shown > 0 { ExitCode::from(EXIT_NEW) } else { ExitCode::SUCCESS })
}

/// Says on stderr which `capture_missing` alerts were withdrawn (`keys`, of
/// `settled`): a nightly job whose transfer lands a night late sees each
/// gap close.
fn say_withdrawn(settled: &[Alert], keys: &[String]) {
    let days: Vec<String> = settled
        .iter()
        .filter(|a| keys.contains(&a.key))
        .map(|a| {
            let [system, stack, date] = [&a.system, &a.stack, &a.date].map(|t| t.as_deref().unwrap_or_default());
            format!("{system} {stack} {date} {}", a.detail)
        })
        .collect();
    if days.is_empty() {
        return;
    }
    let mut named = days.iter().take(WITHDRAWN_NAMED).cloned().collect::<Vec<_>>().join(", ");
    if days.len() > WITHDRAWN_NAMED {
        named += &format!(" and {} more", days.len() - WITHDRAWN_NAMED);
    }
    let (day, is, alert) = if days.len() == 1 { ("day", "is", "alert") } else { ("days", "are", "alerts") };
    eprintln!(
        "note: {} {day} alerted capture_missing {is} in coverage now (a capture that arrived after the alert), the \
         {alert} withdrawn and no longer listed by `alerts --since`: {named}",
        days.len()
    );
}

/// How many withdrawn days the note names; the rest it counts.
const WITHDRAWN_NAMED: usize = 5;

/// Every alert the inventory holds now, from the canned reports (`weak_crypto`
/// from the summaries they read, see [`weak_crypto`]), and the
/// `capture_missing` alerts that would stand for days coverage now shows
/// (captured, failed, cut, pruned...), to be withdrawn if raised: their
/// detail is that status.
fn gather(store: &Store) -> anyhow::Result<(Vec<Alert>, Vec<Alert>)> {
    let mut alerts = Vec::new();
    let regressions = rows(store, "regressions", &[("by_peer", 1)])?;
    for r in each(&regressions) {
        alerts.push(Alert::new(
            "regression",
            r.date("after"),
            &r,
            &format!("{} {} {} {}", r.text("job"), r.text("direction"), r.text("port"), r.text("remote_ip")),
            format!(
                "{}: {} -> {} (from {} to {})",
                r.text("worse"),
                session(&r, "before"),
                session(&r, "after"),
                r.text("before"),
                r.text("after")
            ),
            &["job", "direction", "port", "remote_ip", "after"],
        ));
    }
    for r in each(&rows(store, "policy-drift", &[])?) {
        // From NETSTAT alone an object `unused` or `in_use` is not a change of policy.
        if !matches!(r.text("change").as_str(), "added" | "removed" | "changed") {
            continue;
        }
        alerts.push(Alert::new(
            "policy_change",
            r.date("after"),
            &r,
            &format!("{} {} {}", r.text("object"), r.text("name"), r.text("setting")),
            policy_change(&r),
            &["after", "object", "name", "setting", "change"],
        ));
    }
    // A regression stands in for a weak_crypto or cleartext alert only where
    // it says the same thing: the same peer, the same step (the alert's date
    // is the date the regression went to), and what it went to is what the
    // alert would name. Any other regression (another peer, another date, a
    // step to a secure suite) says nothing of it.
    let said_weak = |r: &Row<'_>, date: &str, new: &Negotiated| {
        each(&regressions).any(|g| {
            let after = [g.text("after_protocol"), g.text("after_cipher"), g.text("after_key_share")];
            same_step(&g, r, date) && new.sets.iter().flatten().all(|code| after.contains(code))
        })
    };
    alerts.extend(weak_crypto(store, said_weak)?);
    // A service's cleartext alert is said by regressions when each of its
    // cleartext peers went to cleartext first in a regression's step.
    let to_clear: Vec<Row<'_>> = each(&regressions).filter(|g| session(g, "after") == "cleartext").collect();
    let clear_peers = if to_clear.is_empty() { None } else { Some(rows(store, "cleartext", &[("by_peer", 1)])?) };
    let said_clear = |service: &Row<'_>| {
        let Some(peers) = &clear_peers else { return false };
        let peers: Vec<Row<'_>> =
            each(peers).filter(|p| SERVICE.iter().all(|c| p.text(c) == service.text(c))).collect();
        !peers.is_empty() && peers.iter().all(|p| to_clear.iter().any(|g| same_step(g, p, &p.date("first_seen"))))
    };
    for r in each(&rows(store, "cleartext", &[])?).filter(|r| r.text("clear_connections") != "0" && !said_clear(r)) {
        alerts.push(Alert::new(
            "cleartext",
            r.date("last_seen"),
            &r,
            &format!("{} {} {}", r.text("job"), r.text("direction"), r.text("port")),
            // Said as the HTML page says it: the alert travels alone (a SIEM,
            // a mail), and an SSH or MQ SSLCIPH service encrypts by itself.
            format!(
                "{} {} without AT-TLS protection (TTLSPolicy: No or a rule that leaves it in clear: TTLSEnabled Off or ApplicationControlled with no TLS started; TLS an application does itself and IPsec are not seen)",
                r.text("clear_connections"),
                if r.text("clear_connections") == "1" { "connection" } else { "connections" }
            ),
            &["job", "direction", "port"],
        ));
    }
    let mut settled = Vec::new();
    for r in each(&rows(store, "coverage", &[])?).filter(|r| !r.date("date").is_empty()) {
        let status = r.text("status");
        let (list, detail) = if status == "missing" {
            (&mut alerts, "no capture of this day, while other days or stacks were captured".to_string())
        } else {
            (&mut settled, status)
        };
        list.push(Alert::new("capture_missing", r.date("date"), &r, "", detail, &["date"]));
    }
    for r in each(&rows(store, "files", &[])?) {
        let (detail, key) = match (r.text("outcome").as_str(), r.text("problems").as_str()) {
            ("failed", _) => (r.text("reason"), ["file", "reason"]),
            // Ingested with lines it could not read (a field kept as text, a
            // line passed over): exit 3 says "alerts say it too" (review 18b F11).
            ("ingested", problems) if !problems.is_empty() && problems != "0" => {
                (unread_lines(&r.text("file"), problems), ["file", "problems"])
            }
            _ => continue,
        };
        alerts.push(Alert::new("capture_failed", r.date("date"), &r, &r.text("file"), detail, &key));
    }
    Ok((alerts, settled))
}

/// The detail of the alert on `file`, ingested with `problems` lines (or
/// fields) it could not read, and where to find them.
fn unread_lines(file: &str, problems: &str) -> String {
    let file = file.replace('\'', "''");
    format!(
        "ingested, but with {problems} problem(s): a line or field it could not read (a field kept as text, a line \
         passed over), which may hide a connection's protection or traffic; each is in the table `ingest_problems`: \
         ttlsinv sql \"SELECT line, reason FROM ingest_problems WHERE path = '{file}'\""
    )
}

/// Whether the regression step `g` is of the peer of `r` (system, stack,
/// job, direction, service port, remote address: a job's inbound service and
/// its requests to the same port are two) and went to it on `date`.
fn same_step(g: &Row<'_>, r: &Row<'_>, date: &str) -> bool {
    ENDPOINT.iter().all(|c| g.text(c) == r.text(c)) && g.date("after") == date
}

/// What a regression step negotiated `when` (`before`, `after`): its
/// protocol, cipher suite and key share (when printed), or cleartext.
fn session(r: &Row<'_>, when: &str) -> String {
    let parts: Vec<String> = [format!("{when}_protocol"), format!("{when}_cipher"), format!("{when}_key_share")]
        .iter()
        .map(|c| r.text(c))
        .filter(|t| !t.is_empty())
        .collect();
    if parts.is_empty() {
        "cleartext".to_string()
    } else {
        parts.join(" ")
    }
}

/// A policy-drift row said as a sentence: a setting with its values, a
/// whole rule or action with the captures that show it. Only a capture of
/// the whole policy (pasearch -t) shows an object added or removed, and a
/// TTLS GROUP list of every group action a group action removed.
fn policy_change(r: &Row<'_>) -> String {
    let (old, new) = (r.text("old_value"), r.text("new_value"));
    match (r.text("change").as_str(), r.text("setting").is_empty()) {
        ("removed", true) => format!(
            "removed from the policy: the whole policy (pasearch -t){} captured {} no longer has it; last printed {}",
            if r.text("object") == "group_action" { " or the list of every group action (TTLS GROUP)" } else { "" },
            r.text("after"),
            r.text("before")
        ),
        ("added", true) => format!(
            "added to the policy: printed {}; not in the whole policy (pasearch -t) captured {}",
            r.text("after"),
            r.text("before")
        ),
        ("removed", false) => format!("removed: {old} (last printed {})", r.text("before")),
        ("added", false) => format!("added: {new}"),
        (change, _) => format!("{change}: {old} -> {new}"),
    }
}

/// The weak negotiations' first times (see the file).
const WEAK_FIRSTS: &str = include_str!("../../sql/alerts/weak-firsts.sql");

/// The `weak_crypto` alerts: for each endpoint, one per date on which it
/// negotiated a weak protocol, suite or group first, naming what was new
/// that date, unless `said` (the endpoint's row, the date, what was new)
/// finds a regression that already says it. The key holds everything the
/// endpoint negotiated weak up to that date, as the period's sets were when
/// that date was the last ingested: a nightly run finds the alert of each
/// earlier date under the key it had, and a run over many days tells each.
fn weak_crypto(store: &Store, said: impl Fn(&Row<'_>, &str, &Negotiated) -> bool) -> anyhow::Result<Vec<Alert>> {
    let mut stmt = store.connection().prepare(WEAK_FIRSTS).context("the weak_crypto alerts' SQL does not prepare")?;
    let firsts = Rows::collect(&mut stmt).context("weak_crypto alerts")?;
    let rows: Vec<Row<'_>> = each(&firsts).collect();
    let endpoint = |r: &Row<'_>| ENDPOINT.map(|c| r.text(c));
    let mut alerts = Vec::new();
    for rows in rows.chunk_by(|a, b| endpoint(a) == endpoint(b)) {
        let mut seen = Negotiated::default();
        let mut since = String::new();
        for day in rows.chunk_by(|a, b| a.date("first_seen") == b.date("first_seen")) {
            let new: Vec<&Row<'_>> = day.iter().filter(|r| !seen.holds(r)).collect();
            let Some(worst) = new.iter().min_by_key(|r| r.text("grade_rank").parse::<i64>().unwrap_or(i64::MAX)) else {
                continue;
            };
            let date = day[0].date("first_seen");
            let negotiated = Negotiated::of(&new);
            let mut detail = format!("negotiated {negotiated} ({}) for the first time", worst.text("worst_grade"));
            if since.is_empty() {
                since.clone_from(&date);
            } else {
                detail += &format!("; weak before: {seen} since {since}");
            }
            for r in day {
                seen.add(r);
            }
            let mut key: Vec<String> = ENDPOINT[2..].iter().map(|c| day[0].text(c)).collect();
            key.extend(seen.sets.iter().map(spaced));
            if said(&day[0], &date, &negotiated) {
                continue;
            }
            let subject = ENDPOINT[2..].iter().map(|c| day[0].text(c)).collect::<Vec<_>>().join(" ");
            alerts.push(Alert::keyed("weak_crypto", date, &day[0], &subject, detail, key));
        }
    }
    Ok(alerts)
}

/// The columns that name an endpoint in the `weak_crypto` alerts' SQL.
const ENDPOINT: [&str; 6] = ["system", "stack", "job", "direction", "port", "remote_ip"];

/// A service: its endpoints without the peer.
const SERVICE: &[&str] = ENDPOINT.split_last().unwrap().1;

/// What an endpoint negotiated: its protocols, cipher suites and key share
/// groups, each set in code order.
#[derive(Default)]
struct Negotiated {
    sets: [BTreeSet<String>; 3],
}

impl Negotiated {
    /// The columns of a negotiation, in the order of `sets`.
    const COLUMNS: [&'static str; 3] = ["protocol", "cipher", "key_share"];

    fn of(rows: &[&Row<'_>]) -> Negotiated {
        let mut negotiated = Negotiated::default();
        for r in rows {
            negotiated.add(r);
        }
        negotiated
    }

    fn add(&mut self, r: &Row<'_>) {
        for (set, column) in self.sets.iter_mut().zip(Self::COLUMNS) {
            set.extend(Some(r.text(column)).filter(|t| !t.is_empty()));
        }
    }

    /// Whether every code `r` negotiated is already here.
    fn holds(&self, r: &Row<'_>) -> bool {
        self.sets.iter().zip(Self::COLUMNS).all(|(set, column)| {
            let code = r.text(column);
            code.is_empty() || set.contains(&code)
        })
    }
}

impl std::fmt::Display for Negotiated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sets: Vec<String> = self.sets.iter().filter(|s| !s.is_empty()).map(spaced).collect();
        f.write_str(&sets.join(" "))
    }
}

/// Codes one space apart, in order.
fn spaced(set: &BTreeSet<String>) -> String {
    set.iter().map(String::as_str).collect::<Vec<_>>().join(" ")
}

/// A canned report's rows, with `switches` (`--by`) on.
fn rows(store: &Store, name: &str, switches: &[(&str, i64)]) -> anyhow::Result<Rows> {
    let report = super::report::find(name)?;
    let mut filters = Query::default();
    for (switch, value) in switches {
        filters.set(switch, *value);
    }
    let mut stmt = super::report::prepare(store, report, &filters)?;
    Rows::collect(&mut stmt).with_context(|| format!("report {name}"))
}

/// One row of a report, read by column name.
struct Row<'a> {
    columns: &'a Rows,
    values: &'a [Value],
}

impl Row<'_> {
    /// The value of `column` as text; empty when NULL or absent.
    fn text(&self, column: &str) -> String {
        match self.columns.column(column).map(|i| &self.values[i]) {
            Some(Value::Text(t)) => t.clone(),
            Some(Value::Integer(n)) => n.to_string(),
            Some(Value::Real(x)) => x.to_string(),
            _ => String::new(),
        }
    }

    /// The date (YYYY-MM-DD) at the start of `column`.
    fn date(&self, column: &str) -> String {
        self.text(column).chars().take(10).collect()
    }
}

/// The rows of `rows`, readable by column name.
fn each(rows: &Rows) -> impl Iterator<Item = Row<'_>> {
    rows.rows.iter().map(move |values| Row { columns: rows, values })
}

impl Alert {
    /// An alert from a report row: the key is the kind, system, stack and
    /// the `key_columns`, so the same fact found again has the same key.
    fn new(kind: &str, date: String, row: &Row<'_>, subject: &str, detail: String, key_columns: &[&str]) -> Alert {
        let key = key_columns.iter().map(|c| row.text(c)).collect();
        Alert::keyed(kind, date, row, subject, detail, key)
    }

    /// An alert from a report row, keyed by its kind, system, stack and `key`.
    fn keyed(kind: &str, date: String, row: &Row<'_>, subject: &str, detail: String, key: Vec<String>) -> Alert {
        let key = [vec![kind.to_string(), row.text("system"), row.text("stack")], key].concat();
        Alert {
            key: key.join("|"),
            kind: kind.to_string(),
            date: Some(date).filter(|d| !d.is_empty()),
            system: Some(row.text("system")).filter(|s| !s.is_empty()),
            stack: Some(row.text("stack")).filter(|s| !s.is_empty()),
            subject: subject.trim().to_string(),
            detail,
        }
    }
}
