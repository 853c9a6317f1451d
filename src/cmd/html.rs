//! `ttlsinv html`: the canned reports drawn as one self-contained HTML page.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context};

use crate::canned::{Query, Rows};
use crate::cli::HtmlArgs;
use crate::html::{self, Inputs, Source, DRAWN};

/// Runs every report the page draws with the filters given and writes the page.
pub fn run(db: &Path, args: &HtmlArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_read_only(db)?;
    super::report::warn_pending(&store)?;
    let filters = super::report::scope(&args.scope);
    // The reports run side by side, each on its own read-only connection:
    // the page takes about as long as its slowest report, not their sum
    // (each reads its own moment of the database, as `ttlsinv report` run
    // nine times would).
    let reports = std::thread::scope(|scope| {
        let running: Vec<_> = DRAWN.iter().map(|source| scope.spawn(|| rows(db, source, &filters))).collect();
        running
            .into_iter()
            .map(|thread| thread.join().unwrap_or_else(|_| Err(anyhow!("a report stopped unexpectedly"))))
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    let pruned = super::report::pruned_in(&store, &args.scope)?;
    let page = html::render(&Inputs { filters: filters.shown(), reports, pruned });
    write_whole(&args.out, page.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The rows of one report the page draws.
fn rows(db: &Path, source: &Source, filters: &Query) -> anyhow::Result<(&'static str, Rows)> {
    // (The first open, in run, said whether the database is immutable.)
    let store = crate::store::Store::open_read_only(db)?;
    let report = super::report::find(source.name)?;
    let mut bound = filters.clone();
    for (name, value) in source.params {
        bound.set(name, *value);
    }
    let mut stmt = super::report::prepare(&store, report, &bound)?;
    let rows = Rows::collect(&mut stmt).with_context(|| format!("report {}", source.name))?;
    Ok((report.name, rows))
}

/// Writes `bytes` to a temporary file beside `path` and renames it into
/// place, so a reader never sees half a page.
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut name = path.file_name().with_context(|| format!("{} is not a file name", path.display()))?.to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(name);
    std::fs::write(&temporary, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    std::fs::rename(&temporary, path).with_context(|| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write {}", path.display())
    })
}
