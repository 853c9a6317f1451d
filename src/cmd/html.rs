//! `ttlsinv html`: the canned reports drawn as one self-contained HTML page.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::HtmlArgs;
use crate::html::{self, Inputs, DRAWN};
use crate::report::{Filters, Rows};

/// Runs every report the page draws with the filters given and writes the page.
pub fn run(db: &Path, args: &HtmlArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_read_only(db)?;
    super::report::warn_pending(&store)?;
    let filters = super::report::scope(&args.scope);
    let bound = Filters { values: filters.clone() };
    let mut reports = Vec::new();
    for name in DRAWN {
        let report = super::report::find(name)?;
        let mut stmt = super::report::prepare(&store, report, &bound)?;
        let rows = Rows::collect(&mut stmt).with_context(|| format!("report {name}"))?;
        reports.push((report.name, rows));
    }
    let page = html::render(&Inputs { filters, reports });
    write_whole(&args.out, page.as_bytes())?;
    Ok(ExitCode::SUCCESS)
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
