//! `ttlsinv export`: tables, views and canned reports to CSV files.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};

use super::report::{filters, find, warn_pending, write_report};
use crate::cli::{ExportArgs, Format};
use crate::output::Sink;
use crate::store::Store;

pub fn run(db: &Path, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(db)?;
    let conn = store.connection();
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;

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

    let mut written = 0;
    for name in names {
        let path = args.out.join(format!("{name}.csv"));
        let mut sink = Sink::open(Some(&path), Format::Csv, !args.raw_csv)?;
        // The name is one of the schema's own, checked above, and quoted.
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{}\"", name.replace('"', "\"\"")))?;
        sink.write_query(&mut stmt).with_context(|| format!("cannot export {name}"))?;
        sink.finish()?;
        written += 1;
    }
    let values = filters(&args.filters);
    if !args.report.is_empty() {
        warn_pending(&store)?;
    }
    for name in &args.report {
        let report = find(name)?;
        let path = args.out.join(format!("{name}.csv"));
        let mut sink = Sink::open(Some(&path), Format::Csv, !args.raw_csv)?;
        write_report(&store, report, &values, &mut sink)?;
        sink.finish()?;
        written += 1;
    }
    eprintln!("{written} CSV files written to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
