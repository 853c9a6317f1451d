//! The `ttlsinv` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ttlsinv::cli::Cli::parse();
    match ttlsinv::cmd::run(&cli) {
        Ok(code) => code,
        Err(error) if ttlsinv::output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ttlsinv: {error:#}");
            ExitCode::FAILURE
        }
    }
}
