//! `ttlsinv-gen`: the workshop beside the product. `generate` writes a
//! made-up capture tree with its expected totals; `parse-only` runs ingest's
//! read and parse stage without a database. For tests and `bench/run.sh`.

mod parse_only;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use ttlsinv_gen::{Plan, Shape, TOTALS_FILE};

#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a made-up capture tree and its expected totals.
    Generate(GenerateArgs),
    /// Read and parse captures as ingest does, without a database, and print what was found.
    ParseOnly(parse_only::Args),
}

/// `ttlsinv-gen generate`
#[derive(Debug, Args)]
struct GenerateArgs {
    /// The folder to write the tree into (new or empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Capture dates, one folder each.
    #[arg(long, value_name = "N")]
    days: u32,
    /// Systems (LPARs): even ones captured by TSO, odd ones from the z/OS UNIX shell.
    #[arg(long, value_name = "N")]
    systems: u32,
    /// Connections per snapshot (distinct conn ids: listeners, UDP endpoints, established).
    #[arg(long, value_name = "N")]
    connections: u32,
    /// Seed of the random choices: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1, value_name = "N")]
    seed: u64,
    /// The first capture date (YYYY-MM-DD).
    #[arg(long, default_value = "2026-01-01", value_name = "DATE")]
    start: NaiveDate,
    /// Snapshots per day and system; above 1 each has its own `HHMM` folder.
    #[arg(long, default_value_t = 1, value_name = "N")]
    snapshots_per_day: u32,
    /// What kind of site (issue 16's shapes); (d), one very large file, is
    /// `default` with `--systems 1 --days 1 --connections 200000`.
    #[arg(long, value_enum, default_value_t = Shape::Default)]
    shape: Shape,
}

fn main() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Generate(args) => generate(args),
        Command::ParseOnly(args) => Ok(parse_only::run(&args)),
    }
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let plan = Plan {
        out: args.out,
        days: args.days,
        systems: args.systems,
        connections: args.connections,
        snapshots_per_day: args.snapshots_per_day,
        seed: args.seed,
        start: args.start,
        shape: args.shape,
    };
    let started = Instant::now();
    let totals = ttlsinv_gen::run(&plan)?;
    let seconds = started.elapsed().as_secs_f64();
    let total = totals.total();
    let megabytes = totals.bytes as f64 / 1e6;
    eprintln!(
        "{} files, {megabytes:.1} MB in {seconds:.1} s ({:.0} MB/s): {} snapshots, {} connections, {} TLS sessions; \
         expected totals in {}",
        totals.files,
        megabytes / seconds.max(1e-9),
        total.snapshots,
        total.connections,
        total.tls_sessions,
        plan.out.join(TOTALS_FILE).display(),
    );
    Ok(ExitCode::SUCCESS)
}
