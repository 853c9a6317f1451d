//! `ttlsinv parse-only` (hidden): reads, splits and parses captures on every
//! core, as ingest does, but stores nothing: what parsing costs without
//! hashing and SQLite, for the benchmark.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::capture::{self, split, FoundFile};
use crate::cli::ParseOnlyArgs;
use crate::parse;

/// What the files held.
#[derive(Debug, Default)]
struct Tally {
    files: u64,
    bytes: u64,
    reports: BTreeMap<&'static str, u64>,
    connections: u64,
    tls_sessions: u64,
    problems: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.files += other.files;
        self.bytes += other.bytes;
        for (kind, n) in other.reports {
            *self.reports.entry(kind).or_default() += n;
        }
        self.connections += other.connections;
        self.tls_sessions += other.tls_sessions;
        self.problems += other.problems;
    }

    fn file(&mut self, file: &FoundFile) {
        self.files += 1;
        self.bytes += file.size;
        let mut raw = Vec::new();
        if capture::read(file, &mut raw).is_err() {
            self.problems += 1;
            return;
        }
        let Ok(bytes) = capture::archive::expand(&raw, capture::archive::DEFAULT_LIMIT) else {
            self.problems += 1;
            return;
        };
        let (text, encoding_problem) = capture::decode(&bytes);
        let text = capture::carriage::strip(&text).map_or(text, std::borrow::Cow::Owned);
        self.problems += u64::from(encoding_problem.is_some());
        for report in split::split(&text) {
            let parsed = parse::parse(report.kind, &report.body);
            *self.reports.entry(report.kind.as_str()).or_default() += 1;
            self.connections += parsed.records.connections.len() as u64;
            self.tls_sessions += parsed.records.tls_sessions.len() as u64;
            self.problems += parsed.problems.len() as u64;
        }
    }
}

pub fn run(args: &ParseOnlyArgs) -> anyhow::Result<ExitCode> {
    for path in &args.paths {
        anyhow::ensure!(path.exists(), "{} does not exist", path.display());
    }
    let (files, walk_problems) = capture::discover(&args.paths);
    let threads = match args.jobs {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let next = AtomicUsize::new(0);
    let problems = walk_problems.iter().filter(|w| !w.note).count() as u64;
    let mut tally = Tally { problems, ..Tally::default() };
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(files.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut tally = Tally::default();
                    while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        tally.file(file);
                    }
                    tally
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    for t in tallies {
        tally.add(t);
    }
    let reports: Vec<String> = tally.reports.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    println!(
        "{} files, {} bytes; reports: {}; {} connection records, {} TLS session records; {} problems",
        tally.files,
        tally.bytes,
        reports.join(", "),
        tally.connections,
        tally.tls_sessions,
        tally.problems
    );
    Ok(ExitCode::SUCCESS)
}
