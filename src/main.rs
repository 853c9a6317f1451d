//! The `ttlsinv` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    let cli = match ttlsinv::cli::Cli::from_arg_matches(&ttlsinv::cli::command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match ttlsinv::cmd::run(&cli) {
        Ok(code) => code,
        Err(error) if ttlsinv::output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ttlsinv: {}", ttlsinv::cmd::message(&error));
            ttlsinv::cmd::exit_status(&error)
        }
    }
}
