//! Realistic capture trees for ttlsinv's tests and benchmark
//! (`ttlsinv-gen generate`; not part of the product).
//!
//! A [`Plan`] asks for N days × M systems × K connections per snapshot and
//! P snapshots per day. The tree is laid out as a site keeps it:
//! `<out>/<YYYY-MM-DD>/<SYSTEM>/` with one snapshot per day, or
//! `<out>/<YYYY-MM-DD>/<SYSTEM>/<HHMM>/` with several (ingest merges the
//! reports of one folder into one snapshot, so each needs its own). Even
//! systems are captured by a TSO batch job (one file per snapshot, message
//! ids, `READY` and command echoes), odd ones from the z/OS UNIX shell (one
//! file per report, shell prompts, the LONG ALLCONN layout, some IPv6).
//! Every snapshot has ALL, ALLCONN, TTLS DETAIL (or, in the first TSO
//! snapshot of one day a week, one `TTLS CONN id DETAIL` report per TLS
//! connection) and TTLS GROUP DETAIL (TSO) or TTLS GROUP (shell).
//!
//! A [`Shape`] picks the kind of site (issue 16): (a) the default above;
//! (b) [`Shape::Clients`], a new client address for every inbound connection
//! and the TTLS data as one `TTLS CONN n DETAIL` report per connection in a
//! file of its own; (c) [`Shape::LongLived`], the same connections from one
//! snapshot to the next, for 96 snapshots a day; (d) one very large file is
//! the default shape with one system, one day and 200 000 connections.
//!
//! The same plan and seed give the same bytes: each system draws from its
//! own random stream, in day and snapshot order, so the threads that write
//! systems in parallel cannot change the result, and a plan with one more
//! day writes the same tree plus that day. Alongside the tree,
//! `expected-totals.json` says what an ingest of it must find.

mod report;
mod rng;
mod site;
mod system;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{ensure, Context};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use report::{ConnLayout, Text};
use system::{PolicyChange, Style, System};

pub use system::{Shape, MIN_CONNECTIONS};

/// The name of the totals file written at the root of the tree.
pub const TOTALS_FILE: &str = "expected-totals.json";

/// Most snapshots per day: one every five minutes.
pub const MAX_SNAPSHOTS_PER_DAY: u32 = 288;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The folder to write the tree into: it must not exist or be empty.
    pub out: PathBuf,
    pub days: u32,
    pub systems: u32,
    /// Distinct conn ids per snapshot: listeners, UDP endpoints and
    /// established connections.
    pub connections: u32,
    pub snapshots_per_day: u32,
    pub seed: u64,
    /// The first capture date.
    pub start: NaiveDate,
    pub shape: Shape,
}

/// The first capture date unless a plan says otherwise.
const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 1, 1) {
    Some(date) => date,
    None => panic!("2026-01-01 is a date"),
};

impl Plan {
    /// `days` days of `systems` systems with `connections` per snapshot, one
    /// snapshot a day, seed 1, from 2026-01-01.
    pub fn new(out: PathBuf, days: u32, systems: u32, connections: u32) -> Plan {
        Plan {
            out,
            days,
            systems,
            connections,
            snapshots_per_day: 1,
            seed: 1,
            start: FIRST_DATE,
            shape: Shape::Default,
        }
    }
}

/// What ingest must count for one date and system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub snapshots: u64,
    /// Connections of every snapshot, summed: the rows of `connections`.
    pub connections: u64,
    /// Connections with an AT-TLS policy (`sum(ttls_policy)` of `v_connections`).
    pub ttls_policy: u64,
    pub tls_sessions: u64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.snapshots += other.snapshots;
        self.connections += other.connections;
        self.ttls_policy += other.ttls_policy;
        self.tls_sessions += other.tls_sessions;
    }
}

/// Everything an ingest of the tree must find, and the size of the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub per_date_system: BTreeMap<(NaiveDate, String), Counts>,
    /// TLS sessions by protocol (as stored: `TLSv1.2`), cipher code and name.
    pub ciphers: BTreeMap<(&'static str, &'static str, &'static str), u64>,
    /// Reports by kind, named as `captures.report_kind` names them.
    pub reports: BTreeMap<&'static str, u64>,
    pub policy_changes: Vec<PolicyChange>,
    pub files: u64,
    pub bytes: u64,
}

impl Totals {
    /// The counts over every date and system.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.per_date_system.values() {
            total.add(counts);
        }
        total
    }

    fn merge(&mut self, other: Totals) {
        for (key, counts) in other.per_date_system {
            self.per_date_system.entry(key).or_default().add(&counts);
        }
        for (key, n) in other.ciphers {
            *self.ciphers.entry(key).or_default() += n;
        }
        for (key, n) in other.reports {
            *self.reports.entry(key).or_default() += n;
        }
        self.policy_changes.extend(other.policy_changes);
        self.policy_changes.sort();
        self.files += other.files;
        self.bytes += other.bytes;
    }

    /// The totals as written to `expected-totals.json`.
    pub fn to_json(&self, plan: &Plan) -> serde_json::Value {
        let total = self.total();
        let per_date_system: Vec<serde_json::Value> = self
            .per_date_system
            .iter()
            .map(|((date, system), c)| {
                serde_json::json!({
                    "date": date.to_string(), "system": system, "snapshots": c.snapshots,
                    "connections": c.connections, "ttls_policy": c.ttls_policy, "tls_sessions": c.tls_sessions,
                })
            })
            .collect();
        let ciphers: Vec<serde_json::Value> = self
            .ciphers
            .iter()
            .map(|((protocol, code, name), n)| {
                serde_json::json!({ "protocol": protocol, "cipher_code": code, "cipher_name": name, "sessions": n })
            })
            .collect();
        let changes: Vec<serde_json::Value> = self
            .policy_changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "date": c.date.to_string(), "system": c.system, "env_action": c.env_action, "change": c.change,
                })
            })
            .collect();
        serde_json::json!({
            "plan": {
                "days": plan.days, "systems": plan.systems, "connections": plan.connections,
                "snapshots_per_day": plan.snapshots_per_day, "seed": plan.seed, "start": plan.start.to_string(),
                "shape": plan.shape.name(),
            },
            "files": self.files,
            "bytes": self.bytes,
            "snapshots": total.snapshots,
            "connections": total.connections,
            "ttls_policy": total.ttls_policy,
            "tls_sessions": total.tls_sessions,
            "reports": self.reports,
            "per_date_system": per_date_system,
            "ciphers": ciphers,
            "policy_changes": changes,
        })
    }
}

/// Writes the tree the plan asks for, and `expected-totals.json` beside it.
///
/// # Errors
/// An impossible plan, an output folder that is not empty, or a file that
/// cannot be written.
pub fn run(plan: &Plan) -> anyhow::Result<Totals> {
    ensure!(plan.days >= 1, "--days must be at least 1");
    ensure!(plan.systems >= 1, "--systems must be at least 1");
    ensure!(plan.connections >= MIN_CONNECTIONS, "--connections must be at least {MIN_CONNECTIONS}");
    ensure!(
        (1..=MAX_SNAPSHOTS_PER_DAY).contains(&plan.snapshots_per_day),
        "--snapshots-per-day must be between 1 and {MAX_SNAPSHOTS_PER_DAY}"
    );
    let last = i64::from(plan.days - 1);
    ensure!(plan.start.checked_add_signed(Duration::days(last)).is_some(), "the dates run past the calendar");
    if plan.out.exists() {
        let mut entries =
            std::fs::read_dir(&plan.out).with_context(|| format!("cannot read {}", plan.out.display()))?;
        ensure!(entries.next().is_none(), "{} is not empty: give a new folder", plan.out.display());
    }

    // Systems are independent: hand them out to one thread per core.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(plan.systems as usize);
    let next = AtomicU32::new(0);
    let mut results: Vec<(u32, anyhow::Result<Totals>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= plan.systems {
                            return done;
                        }
                        done.push((index, generate_system(plan, index)));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    results.sort_by_key(|(index, _)| *index);
    let mut totals = Totals::default();
    for (_, result) in results {
        totals.merge(result?);
    }
    let path = plan.out.join(TOTALS_FILE);
    let json = serde_json::to_string_pretty(&totals.to_json(plan)).context("cannot encode the totals")? + "\n";
    std::fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(totals)
}

/// Writes every snapshot of system number `index`.
fn generate_system(plan: &Plan, index: u32) -> anyhow::Result<Totals> {
    let mut system = System::new(index, plan.seed, plan.connections, plan.start, plan.shape);
    let mut totals = Totals::default();
    let mut files = Files::default();
    let interval = 86_400 / plan.snapshots_per_day;
    for day in 0..plan.days {
        let date = plan.start + Duration::days(i64::from(day));
        if day > 0 {
            totals.policy_changes.extend(system.maybe_change_policy(date));
        }
        for snapshot in 0..plan.snapshots_per_day {
            // Snapshots sit in the middle of their interval: 12:00 for one a day.
            let second = snapshot * interval + interval / 2 + system.second;
            let at = NaiveDateTime::new(date, NaiveTime::MIN) + Duration::seconds(i64::from(second));
            system.advance(at, Duration::seconds(i64::from(interval)));
            let mut dir = plan.out.join(date.to_string()).join(&system.name);
            if plan.snapshots_per_day > 1 {
                dir.push(at.format("%H%M").to_string());
            }
            // One TSO snapshot a week asks for each TLS connection on its own.
            let per_connection = snapshot == 0 && (day + index) % 7 == 1;
            let ttls = match (plan.shape, system.style) {
                (Shape::Clients, _) => Ttls::ConnFile,
                (_, Style::Tso) if per_connection => Ttls::PerConnection,
                _ => Ttls::Detail,
            };
            match system.style {
                Style::Tso => tso_snapshot(&mut files, &system, at.time(), ttls, &mut totals),
                Style::Shell => shell_snapshot(&mut files, &system, at.time(), ttls, &mut totals),
            }
            if ttls == Ttls::ConnFile {
                ttls_conn_file(&mut files, &system, at.time(), &mut totals);
            }
            files.write(&dir, &mut totals)?;
            count_snapshot(&system, date, &mut totals);
        }
    }
    Ok(totals)
}

/// Adds what ingest will find in the system's current snapshot.
fn count_snapshot(system: &System, date: NaiveDate, totals: &mut Totals) {
    let tls = system.conns.iter().filter_map(|c| c.tls);
    let sessions = tls.clone().count() as u64;
    for negotiated in tls {
        let key = (negotiated.protocol.stored(), negotiated.cipher.code, negotiated.cipher.name);
        *totals.ciphers.entry(key).or_default() += 1;
    }
    let counts = totals.per_date_system.entry((date, system.name.clone())).or_default();
    counts.snapshots += 1;
    counts.connections += (system.listeners.len() + system.udp.len() + system.conns.len()) as u64;
    counts.ttls_policy += sessions;
    counts.tls_sessions += sessions;
}

/// A time `seconds` after `at`, but no later than the last second of the day.
fn later(at: NaiveTime, seconds: u32) -> NaiveTime {
    let second = (at.num_seconds_from_midnight() + seconds).min(86_399);
    NaiveTime::from_num_seconds_from_midnight_opt(second, 0).unwrap_or(at)
}

/// How a snapshot's TTLS data was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ttls {
    /// One `TTLS DETAIL` report of every TLS connection.
    Detail,
    /// One `TTLS CONN n DETAIL` report per TLS connection in the TSO job's output.
    PerConnection,
    /// One `TTLS CONN n DETAIL` report per TLS connection, appended in a file
    /// of their own (written by [`ttls_conn_file`]).
    ConnFile,
}

/// A snapshot as a TSO batch job writes it: one file, `READY` and the
/// command echo before each report, `READY` and `END` at the end.
fn tso_snapshot(files: &mut Files, system: &System, at: NaiveTime, ttls: Ttls, totals: &mut Totals) {
    let out = files.start("netstat.txt", true);
    let mut begin = |out: &mut Text, echo: std::fmt::Arguments<'_>, id: &str, after: u32, kind: &'static str| {
        out.line("", format_args!("READY"));
        out.line("", echo);
        out.header(id, system.release, system.stack, later(at, after));
        *totals.reports.entry(kind).or_default() += 1;
    };
    begin(out, format_args!("NETSTAT ALL"), "EZZ2350I", 1, "ALL");
    report::all(out, system);
    begin(out, format_args!("NETSTAT ALLCONN"), "EZZ2350I", 3, "ALLCONN");
    report::allconn(out, system, ConnLayout::Short);
    let mut after = 5;
    if ttls == Ttls::PerConnection {
        for (n, (conn, policy, env)) in report::tls_connections(system).enumerate() {
            after = 5 + n as u32 / 8;
            begin(out, format_args!("NETSTAT TTLS CONN {:08X} DETAIL", conn.id), "", after, "TTLS DETAIL");
            report::ttls_entry(out, conn, policy, env);
        }
    } else if ttls == Ttls::Detail && report::tls_connections(system).next().is_some() {
        begin(out, format_args!("NETSTAT TTLS DETAIL"), "", after, "TTLS DETAIL");
        report::ttls_detail(out, system);
    }
    begin(out, format_args!("NETSTAT TTLS GROUP DETAIL"), "", after + 3, "TTLS GROUP DETAIL");
    report::ttls_group_detail(out, system);
    out.line("", format_args!("READY"));
    out.line("", format_args!("END"));
}

/// A report of a z/OS UNIX snapshot: its file, the `onetstat` options,
/// seconds after the snapshot time, kind, and the writer of its body.
struct ShellReport {
    file: &'static str,
    options: &'static str,
    after: u32,
    kind: &'static str,
    body: fn(&mut Text, &System),
}

fn allconn_long(out: &mut Text, system: &System) {
    report::allconn(out, system, ConnLayout::Long);
}

const SHELL_REPORTS: [ShellReport; 4] = [
    ShellReport { file: "onetstat-A.txt", options: "-A", after: 0, kind: "ALL", body: report::all },
    ShellReport { file: "onetstat-a.txt", options: "-a -M LONG", after: 2, kind: "ALLCONN", body: allconn_long },
    ShellReport {
        file: "ttls-detail.txt",
        options: "-x DETAIL",
        after: 5,
        kind: "TTLS DETAIL",
        body: report::ttls_detail,
    },
    ShellReport { file: "ttls-group.txt", options: "-x GROUP", after: 7, kind: "TTLS GROUP", body: report::ttls_group },
];

/// A snapshot as `onetstat` writes it in the z/OS UNIX shell: one file per
/// report, each between a prompt with the command and a bare prompt. A
/// snapshot without TLS connections has no TTLS DETAIL file.
fn shell_snapshot(files: &mut Files, system: &System, at: NaiveTime, ttls: Ttls, totals: &mut Totals) {
    let has_tls = ttls == Ttls::Detail && report::tls_connections(system).next().is_some();
    for r in SHELL_REPORTS.iter().filter(|r| r.kind != "TTLS DETAIL" || has_tls) {
        let out = files.start(r.file, false);
        out.line("", format_args!("{}:/u/netops $ onetstat {} -p {}", system.name, r.options, system.stack));
        out.header("", system.release, system.stack, later(at, r.after));
        (r.body)(out, system);
        out.line("", format_args!("{}:/u/netops $ ", system.name));
        *totals.reports.entry(r.kind).or_default() += 1;
    }
}

/// One `TTLS CONN n DETAIL` report per TLS connection, each with its header
/// and nothing between them, appended in one file as the published
/// walk-through keeps them. No file when there is no TLS connection. Each
/// report is a second after the one before: a header repeated with the same
/// time would be a page break, which joins two reports into one.
fn ttls_conn_file(files: &mut Files, system: &System, at: NaiveTime, totals: &mut Totals) {
    let mut conns = report::tls_connections(system).enumerate().peekable();
    if conns.peek().is_none() {
        return;
    }
    let out = files.start("ttls-conn-detail.txt", false);
    for (n, (conn, policy, env)) in conns {
        out.header("", system.release, system.stack, later(at, 5 + n as u32));
        report::ttls_entry(out, conn, policy, env);
        *totals.reports.entry("TTLS DETAIL").or_default() += 1;
    }
}

/// The files of one snapshot, built in buffers that are reused from one
/// snapshot to the next and written whole.
#[derive(Default)]
struct Files {
    used: usize,
    files: Vec<(&'static str, Text)>,
}

impl Files {
    fn start(&mut self, name: &'static str, message_ids: bool) -> &mut Text {
        if self.used == self.files.len() {
            self.files.push((name, Text::default()));
        }
        let (file_name, text) = &mut self.files[self.used];
        *file_name = name;
        text.text.clear();
        text.message_ids = message_ids;
        self.used += 1;
        text
    }

    fn write(&mut self, dir: &Path, totals: &mut Totals) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (name, text) in &self.files[..self.used] {
            let path = dir.join(name);
            std::fs::write(&path, &text.text).with_context(|| format!("cannot write {}", path.display()))?;
            totals.files += 1;
            totals.bytes += text.text.len() as u64;
        }
        self.used = 0;
        Ok(())
    }
}
