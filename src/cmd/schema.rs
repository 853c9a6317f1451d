//! `ttlsinv schema`: the documented tables and views.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::SchemaArgs;
use crate::schema::{documented, DOCUMENT};

pub fn run(args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if args.names.is_empty() {
        out.write_all(DOCUMENT.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let sections = documented();
    for name in &args.names {
        let Some(section) = sections.iter().find(|s| s.name == name) else {
            let names: Vec<&str> = sections.iter().map(|s| s.name).collect();
            return Err(super::usage(format!("no table or view named `{name}`; there are: {}", names.join(", "))));
        };
        writeln!(out, "## {}\n", section.text)?;
    }
    Ok(ExitCode::SUCCESS)
}
