//! `ttlsinv alerts`: what is new since alerts were last read, from the
//! canned reports, kept in the `alerts` table so each fact is said once.

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
    let found = gather(&store)?;
    store.raise_alerts(&found)?;
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

/// Every alert the inventory holds now, from the canned reports.
fn gather(store: &Store) -> anyhow::Result<Vec<Alert>> {
    let mut alerts = Vec::new();
    let regressions = rows(store, "regressions", &[("by_peer", 1)])?;
    for r in each(&regressions) {
        alerts.push(Alert::new(
            "regression",
            r.date("after"),
            &r,
            &format!("{} {} {}", r.text("job"), r.text("port"), r.text("remote_ip")),
            format!("{} (from {} to {})", r.text("worse"), r.text("before"), r.text("after")),
            &["job", "port", "remote_ip", "after"],
        ));
    }
    // A regression already says that the endpoint went weak or cleartext;
    // a row of a service (no peer named) is that of any of its peers.
    let regressed = |r: &Row<'_>| {
        let peer = r.text("remote_ip");
        each(&regressions).any(|g| {
            ["system", "stack", "job", "port"].iter().all(|c| g.text(c) == r.text(c))
                && (peer.is_empty() || g.text("remote_ip") == peer)
        })
    };
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
            format!("{}: {} -> {}", r.text("change"), r.text("old_value"), r.text("new_value")),
            &["after", "object", "name", "setting", "change"],
        ));
    }
    for r in each(&rows(store, "weak-crypto", &[("by_peer", 1)])?).filter(|r| !regressed(r)) {
        alerts.push(Alert::new(
            "weak_crypto",
            r.date("first_seen"),
            &r,
            &format!("{} {} {} {}", r.text("job"), r.text("direction"), r.text("port"), r.text("remote_ip")),
            format!("negotiated {} ({}) for the first time", negotiated(&r), r.text("worst_grade")),
            &["job", "direction", "port", "remote_ip", "protocols", "ciphers", "key_shares"],
        ));
    }
    for r in each(&rows(store, "cleartext", &[])?).filter(|r| r.text("clear_connections") != "0" && !regressed(r)) {
        alerts.push(Alert::new(
            "cleartext",
            r.date("last_seen"),
            &r,
            &format!("{} {} {}", r.text("job"), r.text("direction"), r.text("port")),
            // Said as the HTML page says it: the alert travels alone (a SIEM,
            // a mail), and an SSH or MQ SSLCIPH service encrypts by itself.
            format!(
                "{} {} without AT-TLS (TTLSPolicy: No; TLS an application does itself is not seen)",
                r.text("clear_connections"),
                if r.text("clear_connections") == "1" { "connection" } else { "connections" }
            ),
            &["job", "direction", "port"],
        ));
    }
    for r in each(&rows(store, "coverage", &[])?).filter(|r| r.text("status") == "missing") {
        alerts.push(Alert::new(
            "capture_missing",
            r.date("date"),
            &r,
            "",
            "no capture of this day, while other days or stacks were captured".to_string(),
            &["date"],
        ));
    }
    for r in each(&rows(store, "files", &[])?).filter(|r| r.text("outcome") == "failed") {
        alerts.push(Alert::new(
            "capture_failed",
            r.date("date"),
            &r,
            &r.text("file"),
            r.text("reason"),
            &["file", "reason"],
        ));
    }
    Ok(alerts)
}

/// What a weak-crypto row negotiated: its protocols, suites and groups.
fn negotiated(r: &Row<'_>) -> String {
    let parts: Vec<String> =
        ["protocols", "ciphers", "key_shares"].iter().map(|c| r.text(c)).filter(|t| !t.is_empty()).collect();
    parts.join(" ")
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
        let mut key = vec![kind.to_string(), row.text("system"), row.text("stack")];
        key.extend(key_columns.iter().map(|c| row.text(c)));
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
