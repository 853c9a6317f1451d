//! `ttlsinv-gen parse-only`: ingest's own read, hash, split and parse stage
//! on ingest's threads, storing nothing: what parsing costs without SQLite,
//! for the benchmark.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use ttlsinv::ingest::{self, Options, ParsedFile};

/// `ttlsinv-gen parse-only`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Capture folders (walked recursively) and files.
    #[arg(required = true, value_name = "DIR_OR_FILE")]
    paths: Vec<PathBuf>,
    /// Parser threads (default: ingest's, one per core plus one).
    #[arg(long, default_value_t = 0, value_name = "N")]
    jobs: usize,
    /// The most bytes one file may hold (default: ingest's: none for a text
    /// file, read as a stream; 256 MiB for what is expanded in memory).
    #[arg(long, default_value_t = 0, value_name = "BYTES")]
    max_file_size: u64,
}

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
    fn add(&mut self, file: ParsedFile) {
        self.files += u64::from(!matches!(file, ParsedFile::Records(_) | ParsedFile::End { .. }));
        match file {
            ParsedFile::Capture(capture) => {
                self.bytes += capture.size;
                for report in &capture.reports {
                    *self.reports.entry(report.kind.as_str()).or_default() += 1;
                    self.connections += report.records.connections.len() as u64;
                    self.tls_sessions += report.records.tls_sessions.len() as u64;
                }
                self.problems += capture.problem_count as u64;
            }
            ParsedFile::NoRows { problems } | ParsedFile::End { problems } => self.problems += problems as u64,
            // A file read as a stream: its records before they are merged.
            ParsedFile::Records(records) => {
                self.connections += records.connections.len() as u64;
                self.tls_sessions += records.tls_sessions.len() as u64;
            }
        }
    }
}

pub fn run(args: &Args) -> ExitCode {
    let mut tally = Tally::default();
    let options = Options { threads: args.jobs, max_file_size: args.max_file_size, ..Options::default() };
    let walk_problems = ingest::parse_only(&args.paths, &options, &mut |file| tally.add(file));
    tally.problems += walk_problems as u64;
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
    if tally.problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}
