//! `ttlsinv ingest`: walk, parse, store; `path:line: reason` on stderr for
//! every problem, a one-line summary at the end.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::EXIT_PROBLEMS;
use crate::capture::locate::Locator;
use crate::cli::IngestArgs;
use crate::ingest::{self, Event, Options};
use crate::store::Store;

pub fn run(db: &Path, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    for path in &args.paths {
        anyhow::ensure!(path.exists(), "{} does not exist", path.display());
    }
    let mut store = Store::open(db)?;
    let options = Options {
        locator: Locator { layout: args.layout.clone(), system: args.system.clone(), date: args.date },
        threads: args.jobs,
    };
    let mut on_event = |event: Event<'_>| match event {
        Event::Problem { path, problem, earlier } => {
            let location = match problem.line {
                0 => path.display().to_string(),
                line => format!("{}:{line}", path.display()),
            };
            let when = if earlier { " (recorded earlier; the file has not changed)" } else { "" };
            eprintln!("{location}: {}{when}", problem.reason);
        }
        Event::Note { path, message } if !args.quiet => eprintln!("{}: note: {message}", path.display()),
        Event::Note { .. } | Event::FileDone { .. } => {}
    };
    let summary = ingest::run(&mut store, &args.paths, &options, &mut on_event)
        .with_context(|| format!("ingest into {} stopped", db.display()))?;
    if !args.quiet {
        eprintln!("{summary}");
    }
    Ok(if summary.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_PROBLEMS) })
}
