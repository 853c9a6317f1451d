//! The subcommands, one file each.

mod check;
mod cipher;
mod export;
mod generate;
mod ingest;
mod parse_only;
mod report;
mod schema;
mod sql;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Exit status of an ingest that finished but could not read everything.
pub const EXIT_PROBLEMS: u8 = 3;

/// Runs the subcommand the command line asks for.
///
/// # Errors
/// Whatever stopped the subcommand, with context.
pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Ingest(args) => ingest::run(&cli.db, args),
        Command::Sql(args) => sql::run(&cli.db, args),
        Command::Reports => report::list(),
        Command::Report(args) => report::run(&cli.db, args),
        Command::Export(args) => export::run(&cli.db, args),
        Command::Cipher(args) => cipher::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Check => check::run(&cli.db),
        Command::Generate(args) => generate::run(args),
        Command::ParseOnly(args) => parse_only::run(args),
    }
}
