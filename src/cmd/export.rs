//! `ttlsinv export`: tables, views and canned reports to CSV files.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};

use super::report::{filters, find, parameters, prepare, warn_pending, write_report};
use crate::cli::ExportArgs;
use crate::output::{Sink, Style};
use crate::report::Filters;
use crate::store::Store;

/// Writes the asked tables, views and canned reports to files.
///
/// # Errors
///
/// When the database cannot be opened or a file cannot be written.
pub fn run(db: &Path, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_read_only(db)?;
    export(&store, args, &mut |_| {})
}

/// Writes what `args` asks for, every table, view and report read in one
/// read transaction, so that the files show one moment of the database even
/// while an ingest writes. `after_file` is called with each name written.
/// Says, when it stops or is interrupted before the end, how many files of
/// the set were written.
///
/// # Errors
/// A name that does not exist, a SQL error, or a file that cannot be written.
pub fn export(store: &Store, args: &ExportArgs, after_file: &mut dyn FnMut(&str)) -> anyhow::Result<ExitCode> {
    let conn = store.connection();
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    // Deferred: the snapshot is taken by the first read, the list below.
    let moment = conn.unchecked_transaction()?;

    let objects: Vec<(String, String)> = conn
        .prepare("SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type, name")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut names: Vec<&str> = Vec::new();
    for (kind, wanted) in [("table", &args.table), ("view", &args.view)] {
        for name in wanted {
            if !objects.iter().any(|(k, n)| k == kind && n == name) {
                let known: Vec<&str> = objects.iter().filter(|(k, _)| k == kind).map(|(_, n)| n.as_str()).collect();
                bail!("no {kind} named `{name}`; the {kind}s are: {}", known.join(", "));
            }
            names.push(name);
        }
    }
    if args.all {
        names.extend(objects.iter().map(|(_, n)| n.as_str()));
    }
    names.sort_unstable();
    names.dedup();

    // Each report with its own parameters: `--disable` goes to impact,
    // `--standard` to compliance, when both are written at once. A filter a
    // report does not take, or a parameter none takes, is refused before
    // any file is written.
    let params = &args.params;
    let any_param = !params.by.is_empty()
        || !params.disable.is_empty()
        || !params.standard.is_empty()
        || params.rule.is_some()
        || params.env_action.is_some();
    if args.report.is_empty() && any_param {
        bail!(
            "--by, --disable, --rule, --env-action and --standard are parameters of canned reports: give --report NAME"
        );
    }
    let mut reports = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    for (index, name) in args.report.iter().enumerate() {
        let report = find(name)?;
        let mut own = Filters::default();
        let left_out = parameters(report, params, &mut own).with_context(|| format!("cannot export {name}"))?;
        let takes = crate::report::parameters(&store.connection().prepare(report.sql)?);
        let (taken, not_taken): (Vec<_>, Vec<_>) = own.values.into_iter().partition(|(p, _)| takes.contains(p));
        let not_taken: Vec<String> = not_taken.into_iter().map(|(p, _)| p).collect();
        unused = if index == 0 { not_taken } else { unused.into_iter().filter(|p| not_taken.contains(p)).collect() };
        let mut values = filters(&args.filters);
        values.values.extend(taken);
        prepare(store, report, &values).with_context(|| format!("cannot export {name}"))?;
        reports.push((report, values, left_out));
    }
    if let Some(parameter) = unused.first() {
        bail!("none of the reports to export takes {}", crate::report::option(parameter));
    }
    if !reports.is_empty() {
        warn_pending(store)?;
    }
    let total = names.len() + reports.len();
    let incomplete =
        |written: usize| format!("{written} of {total} files written to {}: the set is incomplete", args.out.display());
    let mut written = 0;
    let mut write = |name: &str, left_out: &[String], fill: &mut dyn FnMut(&mut Sink) -> anyhow::Result<()>| {
        crate::interrupt::say_on_interrupt(Some(incomplete(written)));
        let path = args.out.join(format!("{name}.csv"));
        let style = Style { left_out: left_out.to_vec(), ..Style::csv(!args.raw_csv) };
        let mut sink = Sink::open(Some(&path), style)?;
        fill(&mut sink).with_context(|| format!("cannot export {name}"))?;
        sink.finish()?;
        written += 1;
        after_file(name);
        anyhow::Ok(())
    };
    let mut all = || -> anyhow::Result<()> {
        for name in &names {
            // The name is one of the schema's own, checked above, and quoted.
            let sql = format!("SELECT * FROM \"{}\"", name.replace('"', "\"\""));
            write(name, &[], &mut |sink| sink.write_query(&mut conn.prepare(&sql)?))?;
        }
        for (report, values, left_out) in &reports {
            write(report.name, left_out, &mut |sink| write_report(store, report, values, sink))?;
        }
        Ok(())
    };
    let result = all();
    crate::interrupt::say_on_interrupt(None);
    result.with_context(|| format!("export stopped: {}", incomplete(written)))?;
    moment.commit()?;
    eprintln!("{written} CSV files written to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
