//! `ttlsinv reports` and `ttlsinv report NAME`: canned SQL from `sql/`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::ValueEnum;
use rusqlite::{Row, Statement};

use crate::canned::{self, BindError, CannedReport, Query, REPORTS};
use crate::cli::{FilterArgs, ParamArgs, ReportArgs, ScopeArgs, SplitBy};
use crate::disable;
use crate::output::{Sink, Style};
use crate::standard;
use crate::store::{PrunedDays, Store};

/// Lists the reports with their one-line summaries and parameters.
pub fn list() -> anyhow::Result<ExitCode> {
    // Parameters are read from the SQL itself, prepared on an empty schema,
    // so the list cannot disagree with what the reports take.
    let conn = crate::store::scratch().context("cannot build the schema to read report parameters")?;
    let width = REPORTS.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for r in REPORTS {
        let stmt = conn.prepare(r.sql).with_context(|| format!("report {} does not prepare", r.name))?;
        let params = canned::parameters(&stmt).join(", ");
        std::io::Write::write_all(
            &mut out,
            format!("{:width$}  {}\n{:width$}  parameters: {params}\n", r.name, r.summary, "").as_bytes(),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs one report.
pub fn run(db: &Path, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let report = find(&args.name)?;
    if args.show_sql {
        std::io::stdout().lock().write_all(report.sql.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = super::open_read_only(db)?;
    warn_pending(&store)?;
    notes_before(&store, report, &args.filters.scope)?;
    let mut filters = filters(&args.filters);
    let mut style = Style::from_args(&args.output)?;
    style.left_out = parameters(report, &args.params, &mut filters)?;
    let mut sink = Sink::open(args.output.output.as_deref(), style)?;
    let top = args.top.filter(|top| *top > 0);
    let mut stmt = prepare(&store, report, &filters)?;
    let mut notes = NotesAfter::default();
    let left_out = sink
        .write_first(&mut stmt, top.unwrap_or(u64::MAX), &mut |row| notes.watch(report, row))
        .with_context(|| format!("report {}", report.name))?;
    sink.finish()?;
    if left_out > 0 {
        eprintln!("note: {left_out} more rows left out by --top; without --top every row is shown");
    }
    notes.say(&store, report, &args.filters, &filters)?;
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr, before a canned report, which days and stacks of its
/// period it cannot read: the same from every command that writes one
/// (`report`, `export --report`).
pub fn notes_before(store: &Store, report: &CannedReport, scope: &ScopeArgs) -> anyhow::Result<()> {
    warn_pruned(store, report.name, scope)?;
    if report.name == "allowed-not-used" {
        warn_not_captured(store, scope)?;
    }
    Ok(())
}

/// The notes said on stderr after a canned report's rows, the same from
/// every command that writes one (`report`, `export --report`): what the
/// rows leave out or cannot tell (review 17 found `export` saying the
/// first alone).
#[derive(Default)]
pub struct NotesAfter {
    emptied: Emptied,
}

impl NotesAfter {
    /// Sees a row of `report` as it is written.
    pub fn watch(&mut self, report: &CannedReport, row: &Row<'_>) -> anyhow::Result<()> {
        if report.name == "compliance" {
            self.emptied.watch(row)
        } else {
            Ok(())
        }
    }

    /// Says the notes of `report`, run with `args` bound as `filters`:
    /// connections of unknown direction a `--port` leaves out, impact's
    /// TLS 1.0-1.2 ECDHE endpoints whose curve cannot be judged,
    /// coverage's captures dated after today, and compliance's changes that
    /// leave a setting empty.
    pub fn say(&self, store: &Store, report: &CannedReport, args: &FilterArgs, filters: &Query) -> anyhow::Result<()> {
        warn_unknown_direction(store, report, args)?;
        match report.name {
            "impact" => warn_curves_not_printed(store, filters)?,
            "coverage" => warn_after_today(store, &args.scope, &today(filters)?)?,
            _ => {}
        }
        for warning in self.emptied.warnings() {
            eprintln!("{warning}");
        }
        Ok(())
    }
}

/// The policy rows of `compliance` whose change leaves a setting empty (or
/// no protocol on): said on stderr after the report, since the change
/// alone is not the whole fix. The rows of one setting (with `--by peer`,
/// one per rule, code and date) are said once, with every code.
#[derive(Default)]
struct Emptied {
    /// The columns `row`, `standard`, `system`, `stack`, `action`, `setting`, `code` and `change`.
    columns: Option<[usize; 8]>,
    /// Per standard, system, stack, action and setting: the codes to take out.
    settings: BTreeMap<[String; 5], BTreeSet<String>>,
}

impl Emptied {
    fn watch(&mut self, row: &Row<'_>) -> anyhow::Result<()> {
        let columns = match self.columns {
            Some(columns) => columns,
            None => {
                let names = ["row", "standard", "system", "stack", "action", "setting", "code", "change"];
                let mut columns = [0; 8];
                for (column, name) in columns.iter_mut().zip(names) {
                    *column = row.as_ref().column_index(name)?;
                }
                *self.columns.insert(columns)
            }
        };
        let text = |i: usize| -> rusqlite::Result<String> {
            Ok(row.get::<_, Option<String>>(columns[i])?.unwrap_or_default())
        };
        if row.get_ref(columns[0])?.as_str_or_null()? != Some("policy") || !text(7)?.contains(EMPTIES) {
            return Ok(());
        }
        let key = [text(1)?, text(2)?, text(3)?, text(4)?, text(5)?];
        self.settings.entry(key).or_default().extend(text(6)?.split(' ').map(str::to_string));
        Ok(())
    }

    /// One warning per standard: a setting alone is named in full; several
    /// (`--standard all` on a site can empty dozens) are listed in one line,
    /// so the warnings stay readable beside the report.
    fn warnings(&self) -> Vec<String> {
        // The map is ordered by standard first: each chunk is one standard's settings.
        let settings = self.settings.iter().collect::<Vec<_>>();
        settings
            .chunk_by(|(a, _), (b, _)| a[0] == b[0])
            .map(|settings| {
                let standard = &settings[0].0[0];
                let file = standard::path(standard);
                let fix = format!(
                    "put in its place what {file} allows (an empty or absent setting makes AT-TLS use System SSL's \
                     defaults)"
                );
                if let [([_, system, stack, action, setting], codes)] = settings {
                    let words = spaced(&disable_words(setting, codes));
                    let codes = spaced(*codes);
                    let what =
                        if setting == "protocols" { "every protocol the rule has on" } else { "every value it lists" };
                    return format!(
                        "warning: compliance {standard} ({file}), policy row {system} {stack} {action} {setting}: its \
                         change takes out {codes}, {what}: {fix}, and check with `ttlsinv report impact --disable \
                         {words}` which peers would break first"
                    );
                }
                let mut named = settings
                    .iter()
                    .take(NAMED)
                    .map(|([_, system, stack, action, setting], codes)| {
                        format!("{system} {stack} {action} {setting} {}", spaced(*codes))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                if settings.len() > NAMED {
                    named += &format!(
                        "; and {} more: the policy rows whose change ends `{}`",
                        settings.len() - NAMED,
                        EMPTIES.trim_start_matches(": ")
                    );
                }
                let every_code = settings
                    .iter()
                    .flat_map(|([.., setting], codes)| disable_words(setting, codes))
                    .collect::<BTreeSet<_>>();
                format!(
                    "warning: compliance {standard} ({file}): the changes of {} policy settings take out every value \
                     the setting lists or every protocol the rule has on ({named}): in each, {fix}, and check with \
                     `ttlsinv report impact --disable {}` which peers would break first",
                    settings.len(),
                    spaced(&every_code)
                )
            })
            .collect()
    }
}

/// How many emptied settings a standard's warning names; the rest it counts.
const NAMED: usize = 3;

/// Codes as the report and `--disable` write them: one space between.
fn spaced<'a>(codes: impl IntoIterator<Item = &'a String>) -> String {
    codes.into_iter().map(String::as_str).collect::<Vec<_>>().join(" ")
}

/// The codes of a policy `setting` as `impact --disable` takes them: with
/// their kind where a code alone would name two things (`cipher:0002`).
fn disable_words(setting: &str, codes: &BTreeSet<String>) -> Vec<String> {
    let kind = disable::Kind::of_setting(setting);
    codes.iter().map(|code| kind.map_or_else(|| code.clone(), |kind| disable::word(kind, code))).collect()
}

/// What `sql/compliance.sql` adds to a change that leaves its setting empty.
const EMPTIES: &str = ": put in its place what the standard allows";

/// What `params` asks of `report`, added to `filters`: the `--by` splits,
/// and the parameters of `impact` (`--disable`, `--rule`, `--env-action`)
/// and `compliance` (`--standard`) turned into what their SQL takes.
/// Returns the split columns not asked for, which the output leaves out.
///
/// # Errors
/// `impact` without `--disable`, `compliance` without `--standard`, or a
/// value that does not read.
pub fn parameters(report: &CannedReport, params: &ParamArgs, filters: &mut Query) -> anyhow::Result<Vec<String>> {
    let mut left_out = Vec::new();
    for by in SplitBy::value_variants() {
        let name = by.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
        let parameter = format!("by_{name}");
        // A service port is one side or the other by its direction: the
        // SQL splits a port by it too, and the column stays.
        let with_port = *by == SplitBy::Direction && params.by.contains(&SplitBy::Port);
        if params.by.contains(by) {
            filters.set(&parameter, 1);
        } else if !matches!(by, SplitBy::Peer | SplitBy::Day)
            && !with_port
            && report.sql.contains(&format!(":{parameter}"))
        {
            // A split that was not asked for is an empty column: left out.
            // (Without --by peer, reports keep an example peer in theirs;
            // --by day adds rows, not a column.)
            left_out.push(name);
        }
    }
    if report.name == "impact" && params.disable.is_empty() {
        return Err(super::usage(
            "report impact needs --disable WHAT...: the protocols, cipher suites, groups or signature pairs to switch off",
        ));
    }
    if report.name == "impact" {
        eprintln!(
            "note: NETSTAT shows what the z/OS side allows, not what the peer supports: `maybe` means the rule \
             allows something else, which works only if the peer offers it too."
        );
    }
    if !params.disable.is_empty() {
        filters.set("disable", disable::to_json(&params.disable).map_err(super::usage)?);
    }
    if report.name == "compliance" && params.standard.is_empty() {
        return Err(super::usage(format!(
            "report compliance needs --standard NAME (or all); the standards are: {}",
            standard::names().join(", ")
        )));
    }
    if !params.standard.is_empty() {
        let mut chosen = Vec::new();
        for name in &params.standard {
            let found = standard::find(name).map_err(|e| match e {
                standard::StandardError::Unknown(..) => super::usage(e.to_string()),
                standard::StandardError::Invalid(..) => anyhow!(e),
            })?;
            chosen.extend(found.iter().map(standard::Standard::to_json));
        }
        filters.set("standards", serde_json::Value::Array(chosen).to_string());
    }
    for (name, value) in [("rule", &params.rule), ("env_action", &params.env_action)] {
        if let Some(value) = value {
            filters.set(name, value.clone());
        }
    }
    Ok(left_out)
}

/// Says on stderr when the summaries the reports read lag behind the facts.
pub fn warn_pending(store: &Store) -> anyhow::Result<()> {
    let pending = store.pending_summaries()?;
    if pending > 0 {
        eprintln!(
            "note: {pending} capture days (system, stack, date) are not summarized yet: an ingest is running or was \
             interrupted. Until `ttlsinv ingest` completes, reports show those days as they were before it."
        );
    }
    Ok(())
}

/// The reports that read facts, not only the daily summaries: the days
/// whose facts `ttlsinv prune` deleted are not in them.
const READS_FACTS: &[&str] =
    &["allowed-not-used", "compliance", "coverage", "files", "impact", "policy-drift", "policy-inventory", "quantum"];

/// Says on stderr when a report that reads facts covers days whose facts
/// were pruned. (A rule or action idle since such days is not lost: prune
/// keeps its last print.)
fn warn_pruned(store: &Store, report: &str, scope: &ScopeArgs) -> anyhow::Result<()> {
    if !READS_FACTS.contains(&report) {
        return Ok(());
    }
    if let Some(PrunedDays { days, latest, .. }) = pruned_in(store, scope)? {
        let reads = match report {
            "coverage" => "this report reads them: those days are `pruned` where a kept day follows, else not in it",
            "quantum" => {
                "this report counts their connections from the daily summaries, and names their rules as it did \
                 before the prune (a day pruned before migration 0069: from the last print of each rule and action \
                 kept, which a later prune moves to later prints)"
            }
            _ => "this report reads them, so those days are not in it",
        };
        eprintln!(
            "note: the facts of {days} capture days (system, stack, date) in this period were pruned (the latest \
             {latest}): {reads} (of their AT-TLS policy, only the last print of each rule and action is kept); \
             tls-adoption, protocols, ciphers, capacity, cleartext, weak-crypto and regressions still count them \
             from the daily summaries"
        );
    }
    Ok(())
}

/// The reports that count negotiated sessions alone.
const NEGOTIATED: &[&str] = &["ciphers", "impact", "protocols", "regressions", "weak-crypto"];

/// Says on stderr how many connections of unknown direction a report
/// asked for `--port N` leaves out: they have no service port, which the
/// reports match `--port` against (their SQL's `service_port = :port`),
/// and a capture asked for one port (`NETSTAT ALL (PORT 8080`) is where
/// they are common (review 16a F7).
fn warn_unknown_direction(store: &Store, report: &CannedReport, args: &FilterArgs) -> anyhow::Result<()> {
    let Some(port) = args.port else { return Ok(()) };
    if !report.sql.contains("service_port = :port") {
        return Ok(());
    }
    let scope = &args.scope;
    let [from, to] = period(scope);
    // The reports of negotiated sessions would leave out the others anyway.
    let negotiated = NEGOTIATED.contains(&report.name);
    let connections = store.unknown_direction_on_port(
        [from.as_deref(), to.as_deref()],
        [scope.system.as_deref(), scope.stack.as_deref(), args.job.as_deref()],
        port,
        negotiated,
    )?;
    if connections > 0 {
        let what = if connections == 1 { "connection" } else { "connections" };
        let tls = if negotiated { " that negotiated TLS" } else { "" };
        eprintln!(
            "note: {}: --port {port} leaves out {connections} {what} of unknown direction{tls} with port {port} on one \
             side in this period: --port matches the service port (the local port of inbound connections, the remote \
             port of outbound ones), and a connection of unknown direction has none. See them in the report without \
             --port (direction `unknown`, no port) or with `ttlsinv sql \"SELECT capture_date, job, local_port, \
             remote_ip, remote_port, tls_state FROM v_connections WHERE direction = 'unknown' AND {port} IN \
             (local_port, remote_port)\"`; an unfiltered ALL or ALLCONN in the same run shows the stack's \
             listeners, which gives most of them a direction",
            report.name
        );
    }
    Ok(())
}

/// Says on stderr which stacks `allowed-not-used` leaves out: those with
/// no capture in the period of `scope` (captured before it), of which
/// nothing is known unused.
fn warn_not_captured(store: &Store, scope: &ScopeArgs) -> anyhow::Result<()> {
    let [from, to] = period(scope);
    let stacks =
        store.stacks_not_captured(from.as_deref(), to.as_deref(), scope.system.as_deref(), scope.stack.as_deref())?;
    for (system, stack) in stacks {
        eprintln!(
            "note: {system} {stack}: no capture in this period: nothing is known unused, so its rules are not \
             judged; give a period that holds one of its captures (--from, --to) to judge them"
        );
    }
    Ok(())
}

/// Says on stderr which stacks of `scope` have captures dated after today
/// (a mistyped year), which coverage lists on their days, counting no day
/// missing in the years between.
fn warn_after_today(store: &Store, scope: &ScopeArgs, today: &str) -> anyhow::Result<()> {
    let [from, to] = period(scope);
    let filters = [scope.system.as_deref(), scope.stack.as_deref(), from.as_deref(), to.as_deref()];
    for (system, stack, first, dates) in store.captured_after(today, filters)? {
        eprintln!(
            "note: {system} {stack}: {dates} capture date(s) after today ({today}), the first {first}: a mistyped \
             date? Listed on their days; the days missing end at the last capture up to today. Rename the folder \
             (or file) to the right date and run `ttlsinv ingest --prune-missing` on the tree"
        );
    }
    Ok(())
}

/// Says on stderr how many TLS 1.0-1.2 ECDHE endpoints `impact` leaves out
/// when a group is disabled: NETSTAT prints no curve below TLS 1.3, so none
/// of them matches, though its rule's curve list names the group.
fn warn_curves_not_printed(store: &Store, filters: &Query) -> anyhow::Result<()> {
    let note = CannedReport {
        name: "impact",
        summary: "",
        sql: include_str!("../../sql/store/impact-curves-not-printed.sql"),
    };
    let mut stmt = prepare(store, &note, filters)?;
    let mut rows = stmt.raw_query();
    let Some(row) = rows.next()? else { return Ok(()) };
    let (endpoints, connections): (i64, i64) = (row.get(0)?, row.get(1)?);
    if endpoints == 0 {
        return Ok(());
    }
    let groups: String = row.get(2)?;
    eprintln!(
        "note: impact: {endpoints} TLS 1.0-1.2 ECDHE endpoint(s) ({connections} connection(s)) are not listed though \
         their rule's ClientECurves (a client) or ServerKexECurves (a server) lists {groups}: NETSTAT prints no curve \
         below TLS 1.3 (`KeyShare: N/A`), so whether they use it is unknown, and taking it out may break a peer that \
         has no other. See them with `ttlsinv sql \"SELECT DISTINCT system, job, direction, service_port, remote_ip, \
         ttls_rule, tls_protocol, cipher_code FROM v_connections WHERE tls_protocol IN ('TLSv1.0','TLSv1.1','TLSv1.2') \
         AND key_share IS NULL AND cipher_code IN (SELECT code FROM cipher_suites WHERE kex LIKE 'ECDHE%')\"` and \
         their rules' curve lists with `ttlsinv report policy-inventory`"
    );
    Ok(())
}

/// The date taken for today: `-p today=` where given, else [`super::today`].
fn today(filters: &Query) -> anyhow::Result<String> {
    match filters.values.iter().rev().find(|(name, _)| name == "today") {
        Some((_, rusqlite::types::Value::Text(today))) => Ok(today.clone()),
        _ => Ok(super::today()?.format("%Y-%m-%d").to_string()),
    }
}

/// The capture days (system, stack, date) of the period of `scope` whose
/// facts were pruned; none when none was.
pub fn pruned_in(store: &Store, scope: &ScopeArgs) -> anyhow::Result<Option<PrunedDays>> {
    let [from, to] = period(scope);
    Ok(store.pruned_days(from.as_deref(), to.as_deref(), scope.system.as_deref())?)
}

/// The first and last date of `scope`, YYYY-MM-DD.
fn period(scope: &ScopeArgs) -> [Option<String>; 2] {
    [scope.from, scope.to].map(|d| d.map(|d| d.format("%Y-%m-%d").to_string()))
}

/// Runs `report` with `filters` into `sink`, each row seen by `notes`.
pub fn write_report(
    store: &Store,
    report: &CannedReport,
    filters: &Query,
    sink: &mut Sink,
    notes: &mut NotesAfter,
) -> anyhow::Result<()> {
    let mut stmt = prepare(store, report, filters)?;
    sink.write_first(&mut stmt, u64::MAX, &mut |row| notes.watch(report, row))
        .map(drop)
        .with_context(|| format!("report {}", report.name))
}

/// `report` prepared on `store`, with `filters` bound.
pub fn prepare<'s>(store: &'s Store, report: &CannedReport, filters: &Query) -> anyhow::Result<Statement<'s>> {
    let name = report.name;
    let mut stmt = store.connection().prepare(report.sql).with_context(|| format!("report {name} does not prepare"))?;
    // Today for a report that takes it (coverage).
    let mut filters = filters.clone();
    if canned::parameters(&stmt).iter().any(|p| p == "today") {
        let today = today(&filters)?;
        filters.set("today", today);
    }
    filters.bind(name, &mut stmt).map_err(|e| match e {
        BindError::NotTaken(message) => super::usage(message),
        BindError::Failed(_) => anyhow!(e),
    })?;
    Ok(stmt)
}

/// The report with this name, or an error listing the names.
pub fn find(name: &str) -> anyhow::Result<&'static CannedReport> {
    canned::find(name).ok_or_else(|| {
        let closest = REPORTS
            .iter()
            .map(|r| (strsim::damerau_levenshtein(name, r.name), r.name))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        match closest {
            Some((_, near)) => {
                super::usage(format!("no report named `{name}`: did you mean {near}? (`ttlsinv reports` lists them)"))
            }
            None => {
                let names: Vec<&str> = REPORTS.iter().map(|r| r.name).collect();
                super::usage(format!("no report named `{name}`; the reports are: {}", names.join(", ")))
            }
        }
    })
}

/// The filters given on the command line, as a typed report query; `-p`
/// values are text.
pub fn filters(args: &FilterArgs) -> Query {
    let mut query = scope(&args.scope);
    if let Some(job) = &args.job {
        query.set("job", job.clone());
    }
    if let Some(port) = args.port {
        query.set("port", port);
    }
    for (name, value) in &args.params {
        query.set(name, value.clone());
    }
    query
}

/// The period, system and stack given.
pub fn scope(args: &ScopeArgs) -> Query {
    let mut query = Query::default();
    for (name, date) in [("from", args.from), ("to", args.to)] {
        if let Some(date) = date {
            query.set_date(name, date);
        }
    }
    for (name, value) in [("system", &args.system), ("stack", &args.stack)] {
        if let Some(value) = value {
            query.set(name, value.clone());
        }
    }
    query
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rusqlite::types::Value::{Integer, Text};

    use super::*;

    /// The steps of `report`'s plan in its default form, as `EXPLAIN QUERY
    /// PLAN` words them.
    fn default_plan(conn: &rusqlite::Connection, report: &str) -> Vec<String> {
        let sql = format!("EXPLAIN QUERY PLAN {}", canned::find(report).unwrap().sql);
        let mut stmt = conn.prepare(&sql).unwrap();
        Query::default().bind(report, &mut stmt).unwrap();
        let mut steps = Vec::new();
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().unwrap() {
            steps.push(row.get::<_, String>(3).unwrap());
        }
        steps
    }

    /// The steps of `report`'s plan with `--by peer` that belong to the
    /// per-peer half of its `UNION ALL` (the default half runs with an empty
    /// result), as `EXPLAIN QUERY PLAN` words them.
    fn per_peer_plan(conn: &rusqlite::Connection, report: &str) -> Vec<String> {
        let sql = format!("EXPLAIN QUERY PLAN {}", canned::find(report).unwrap().sql);
        let mut stmt = conn.prepare(&sql).unwrap();
        Query::default().with("by_peer", 1).bind(report, &mut stmt).unwrap();
        let mut steps: Vec<(i64, i64, String)> = Vec::new();
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().unwrap() {
            steps.push((row.get(0).unwrap(), row.get(1).unwrap(), row.get(3).unwrap()));
        }
        let arm = steps.iter().find(|(_, parent, detail)| *parent == 1 && detail == "UNION ALL");
        let mut ids = vec![arm.unwrap_or_else(|| panic!("{report}: no UNION ALL at the top: {steps:?}")).0];
        let mut found = Vec::new();
        for (id, parent, detail) in &steps {
            if ids.contains(parent) {
                ids.push(*id);
                found.push(detail.clone());
            }
        }
        found
    }

    /// The `--by peer` forms stream: their rows come in the order of an
    /// index, grouped as it holds them, so SQLite hands out each row as it
    /// is read; no sort of every row before the first (issue 21), nor of
    /// the rows after a prefix of the order (SQLite's `LAST n TERMS OF
    /// ORDER BY`). Temporary B-trees for one group's DISTINCT or ordered
    /// list are small, and so is compliance's last term: the standards an
    /// endpoint's negotiation of a day fails.
    #[test]
    fn the_per_peer_forms_read_in_index_order_without_a_sort() {
        let conn = crate::store::scratch().unwrap();
        for (report, index, small) in [
            ("weak-crypto", "daily_endpoints_weak", None),
            ("cleartext", "daily_endpoints_peer", None),
            ("capacity", "daily_endpoints_peer", None),
            ("compliance", "daily_endpoints_peer", Some("USE TEMP B-TREE FOR LAST TERM OF ORDER BY")),
        ] {
            let plan = per_peer_plan(&conn, report);
            assert!(plan.iter().any(|step| step.contains(&format!("INDEX {index}"))), "{report}: {plan:?}");
            let sorts: Vec<&String> = plan
                .iter()
                .filter(|step| step.ends_with("ORDER BY") || step.ends_with("GROUP BY"))
                .filter(|step| Some(step.as_str()) != small)
                .collect();
            assert!(sorts.is_empty(), "{report} sorts: {sorts:?} in {plan:?}");
        }
        // cleartext adds each peer's carried traffic, looked up by the peer
        // from the index alone, not from every row of its stack.
        let plan = per_peer_plan(&conn, "cleartext");
        let lookup = "SEARCH u USING COVERING INDEX unshown_traffic_peer (system=? AND stack=? AND job=? AND \
                      direction=? AND service_port=? AND remote_ip=?)";
        assert!(plan.iter().any(|step| step == lookup), "{plan:?}");
    }

    /// weak-crypto's service view counts each service's peers, and picks
    /// its example of the worst grade, in the order of `daily_endpoints_weak`,
    /// from the index alone (0070: it holds the worst grade), not a look-up
    /// of each weak row in the table.
    #[test]
    fn weak_crypto_s_service_view_reads_its_peers_in_index_order() {
        let conn = crate::store::scratch().unwrap();
        let steps = default_plan(&conn, "weak-crypto");
        // The peers and the example of the worst grade, grouped as the index
        // hands the rows out (no sort for the GROUP BY).
        let peers = steps.iter().position(|s| s == "MATERIALIZE peers").expect("peers materialized");
        let end = steps[peers..].iter().position(|s| s == "SCAN s").map_or(steps.len(), |i| peers + i);
        let part = &steps[peers..end];
        let scan = "SCAN daily_endpoints USING COVERING INDEX daily_endpoints_weak";
        assert!(part.iter().any(|s| s == scan), "{steps:?}");
        assert!(!part.iter().any(|s| s == "USE TEMP B-TREE FOR GROUP BY"), "{steps:?}");
    }

    /// cleartext's service view counts each service's cleartext peers from
    /// the index of the cleartext rows alone (`daily_endpoints_clear`), not
    /// from that of every connection row (`daily_endpoints_peer`).
    #[test]
    fn cleartext_counts_its_peers_from_the_cleartext_rows_alone() {
        let conn = crate::store::scratch().unwrap();
        let steps = default_plan(&conn, "cleartext");
        let scan = "SCAN daily_endpoints USING COVERING INDEX daily_endpoints_clear";
        assert!(steps.iter().any(|step| step == scan), "{steps:?}");
    }

    /// coverage and files walk each snapshot's report kinds and files in the
    /// index `captures_snapshot` alone, a step per (kind, file), not a read of
    /// every report; through the view `captures` too (`0030_narrow_captures`),
    /// whose other columns come from `texts` and `snapshots` only when read.
    #[test]
    fn the_report_kind_walks_read_the_index_of_captures_alone() {
        let conn = crate::store::scratch().unwrap();
        for report in ["coverage", "files"] {
            let steps = default_plan(&conn, report);
            for step in [
                "SEARCH k USING COVERING INDEX captures_snapshot (snapshot_id=? AND report_kind=? AND file_id>?)",
                "SEARCH k USING COVERING INDEX captures_snapshot (snapshot_id=? AND report_kind>?)",
            ] {
                assert!(steps.iter().any(|s| s == step), "{report}: {steps:?}");
            }
            assert!(!steps.iter().any(|s| s.contains("texts")), "{report}: {steps:?}");
        }
    }

    /// The query built from the command line binds what the SQL compares:
    /// the port as an integer (equal to an integer column without a cast),
    /// dates as ISO 8601 text, names and `-p` values as text.
    #[test]
    fn the_command_line_becomes_a_typed_query() {
        let args = FilterArgs {
            scope: ScopeArgs {
                from: NaiveDate::from_ymd_opt(2026, 11, 1),
                to: None,
                system: Some("SYSA".into()),
                stack: None,
            },
            job: Some("CICS*".into()),
            port: Some(443),
            params: vec![("peers".into(), "21".into())],
        };
        let conn = crate::store::scratch().unwrap();
        conn.execute_batch("CREATE TEMP TABLE t (service_port INTEGER); INSERT INTO t VALUES (443)").unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT typeof(:port), (SELECT count(*) FROM t WHERE service_port = :port), typeof(:from), :from,
                        typeof(:system), typeof(:job), typeof(:peers), :to IS NULL",
            )
            .unwrap();
        filters(&args).bind("t", &mut stmt).unwrap();
        let row = stmt
            .raw_query()
            .next()
            .unwrap()
            .map(|r| (0..8).map(|i| r.get::<_, rusqlite::types::Value>(i).unwrap()).collect::<Vec<_>>());
        let text = |t: &str| Text(t.to_string());
        assert_eq!(
            row.unwrap(),
            [
                text("integer"),
                Integer(1),
                text("text"),
                text("2026-11-01"),
                text("text"),
                text("text"),
                text("text"),
                Integer(1)
            ]
        );
    }
}
