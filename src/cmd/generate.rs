//! `ttlsinv generate` (hidden): a made-up capture tree with its expected
//! totals, for tests and benchmarks.

use std::process::ExitCode;
use std::time::Instant;

use crate::cli::GenerateArgs;
use crate::generate::{self, Plan, TOTALS_FILE};

pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let plan = Plan {
        out: args.out.clone(),
        days: args.days,
        systems: args.systems,
        connections: args.connections,
        snapshots_per_day: args.snapshots_per_day,
        seed: args.seed,
        start: args.start,
    };
    let started = Instant::now();
    let totals = generate::run(&plan)?;
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
