//! The subcommands, one file each.

mod check;
mod cipher;
pub mod export;
mod generate;
mod html;
mod ingest;
mod parse_only;
mod report;
mod schema;
mod sql;

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::cli::{Cli, Command};

/// Exit status of an ingest that finished but could not read everything.
pub const EXIT_PROBLEMS: u8 = 3;

/// Runs the subcommand the command line asks for.
///
/// # Errors
/// Whatever stopped the subcommand, with context.
pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    if matches!(
        cli.command,
        Command::Ingest(_) | Command::Sql(_) | Command::Report(_) | Command::Export(_) | Command::Check
    ) {
        usable_db_path(&cli.db)?;
    }
    match &cli.command {
        Command::Ingest(args) => ingest::run(&cli.db, args),
        Command::Sql(args) => sql::run(&cli.db, args),
        Command::Reports => report::list(),
        Command::Report(args) => report::run(&cli.db, args),
        Command::Export(args) => export::run(&cli.db, args),
        Command::Html(args) => html::run(&cli.db, args),
        Command::Cipher(args) => cipher::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Check => check::run(&cli.db),
        Command::Generate(args) => generate::run(args),
        Command::ParseOnly(args) => parse_only::run(args),
    }
}

/// Refuses a `--db` that names something other than a database file, before
/// SQLite turns it into a misleading error (`disk I/O error` for a folder) or
/// creates files beside it (`/dev/null-journal`).
fn usable_db_path(db: &Path) -> anyhow::Result<()> {
    let Ok(meta) = std::fs::metadata(db) else { return Ok(()) };
    if meta.is_dir() {
        bail!(
            "--db {} is a folder: give the path of a database file, such as {}",
            db.display(),
            db.join("ttlsinv.db").display()
        );
    }
    if !meta.is_file() {
        bail!(
            "--db {} is not a regular file (a device, FIFO or socket): give the path of a database file",
            db.display()
        );
    }
    Ok(())
}
