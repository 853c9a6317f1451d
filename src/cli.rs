//! The command line: every subcommand and flag, with its help text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::capture::locate::Layout;

/// Turns folders of z/OS NETSTAT captures into one SQLite inventory of
/// connections, AT-TLS policy and negotiated TLS.
#[derive(Debug, Parser)]
#[command(name = "ttlsinv", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// The inventory database.
    #[arg(long, global = true, env = "TTLSINV_DB", default_value = "ttlsinv.db", value_name = "FILE")]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str =
    "Exit status: 0 success; 1 error; 2 usage error; 3 ingest finished but some files or lines could not be read \
     (a problem new in this run); 4 alerts: something is new.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest capture files and folders into the database.
    Ingest(IngestArgs),
    /// Run read-only SQL on the database and print the result.
    Sql(SqlArgs),
    /// List the canned reports, one line each, with their parameters.
    Reports,
    /// Run a canned report.
    Report(ReportArgs),
    /// What is new since alerts were last read: regressions, first weak
    /// negotiations, cleartext services, policy changes, missing or failed
    /// captures. Exit status 4 when something is new, 0 when nothing is.
    Alerts(AlertsArgs),
    /// Write tables, views or reports to CSV files, tables and views to a
    /// Parquet or NDJSON lake, or a CycloneDX cryptographic bill of
    /// materials (`--format cbom`).
    Export(ExportArgs),
    /// Write one self-contained HTML page of charts drawn from the canned reports.
    Html(HtmlArgs),
    /// Decode and grade a cipher suite: `003C`, `3C`, `0x003C` or a name.
    Cipher(CipherArgs),
    /// Print the documented tables and views with a description of each column.
    Schema(SchemaArgs),
    /// Check the database: SQLite's integrity and foreign keys, and the inventory's invariants.
    Check,
    /// Delete the facts of captures taken before a date, keeping the daily
    /// summaries (adoption, capacity, regressions still answer for those days).
    Prune(PruneArgs),
    /// Print a shell completion script, e.g. `source <(ttlsinv completions bash)`.
    Completions(CompletionsArgs),
    /// Print the manual page in roff, e.g. `ttlsinv man | man -l -`, or a subcommand's.
    Man(ManArgs),
}

/// `ttlsinv prune`
#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Captures taken before this day (YYYY-MM-DD) lose their facts.
    #[arg(long, value_name = "DATE")]
    pub before: NaiveDate,

    /// Only the captures of this system (LPAR).
    #[arg(long)]
    pub system: Option<String>,

    /// Say what would be deleted, and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `ttlsinv completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `ttlsinv man`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page of this subcommand instead of the main page.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// The command line with its version: this ttlsinv's, the schema version it
/// writes and the SQLite compiled in (`ttlsinv 0.1.0 (schema 6, SQLite 3.50.4)`).
pub fn command() -> clap::Command {
    let version = format!(
        "{} (schema {}, SQLite {})",
        env!("CARGO_PKG_VERSION"),
        crate::store::latest_version(),
        rusqlite::version()
    );
    Cli::command().version(version)
}

/// `ttlsinv schema`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Only these tables or views.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

/// `ttlsinv cipher`
#[derive(Debug, Args)]
pub struct CipherArgs {
    /// Cipher suite codes (4-character, 2-character z/OS, SSLv2 1-character,
    /// `0x00,0x3C`) or names, in any case.
    #[arg(required = true, value_name = "CODE_OR_NAME")]
    pub suites: Vec<String>,
}

/// The period, system and stack: the filters every canned report takes.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// First capture date, YYYY-MM-DD (inclusive).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last capture date, YYYY-MM-DD (inclusive).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// System (LPAR) name.
    #[arg(long, value_name = "NAME")]
    pub system: Option<String>,
    /// TCP/IP stack name.
    #[arg(long, value_name = "NAME")]
    pub stack: Option<String>,
}

/// Filters that canned reports take. A filter a report does not use is an error.
#[derive(Debug, Args)]
pub struct FilterArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Job name; `*` matches any characters (`CICS*`).
    #[arg(long, value_name = "NAME")]
    pub job: Option<String>,
    /// Port (the local port of inbound connections, the remote port of outbound ones).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Any other parameter of the report, `-p name=value` for `:name`.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
}

/// Columns reports can split their rows by: tls-adoption by stack,
/// direction, port (with its direction) and job; the endpoint reports
/// (weak-crypto, regressions, cleartext, capacity, compliance) by peer;
/// compliance by day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitBy {
    Stack,
    Direction,
    Port,
    Job,
    Peer,
    Day,
}

/// `ttlsinv report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report to run (`ttlsinv reports` lists them).
    #[arg(value_name = "NAME", value_parser = ReportName, hide_possible_values = true)]
    pub name: String,

    /// Print the report's SQL instead of running it.
    #[arg(long)]
    pub show_sql: bool,

    /// Show only the first N rows, in the report's order (what needs action
    /// first); stderr says how many were left out.
    #[arg(long, visible_alias = "limit", value_name = "N")]
    pub top: Option<u64>,

    #[command(flatten)]
    pub params: ParamArgs,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// The parameters of one report or another, beyond the filters: `report`
/// and `export --report` take the same ones.
#[derive(Debug, Args)]
pub struct ParamArgs {
    /// Split rows further: `--by stack,direction,port,job` (tls-adoption; a
    /// port is split by its direction too: the service port is the local one
    /// of inbound connections, the remote one of outbound), `--by peer`
    /// (weak-crypto, regressions, cleartext, capacity, compliance: a row per
    /// remote address, not per service), `--by day` (compliance: a row per
    /// system, stack and date too).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "COLUMN")]
    pub by: Vec<SplitBy>,

    /// impact: what would be switched off: protocols (`TLSv1.1`), cipher
    /// suites in any code form or name (`000A`, `0A`, `TLS_RSA_WITH_3DES_EDE_CBC_SHA`),
    /// key share groups (`x25519`, `group:0023`), signature pairs (`sigpair:0401`).
    #[arg(long, num_args = 1.., value_delimiter = ',', value_name = "WHAT")]
    pub disable: Vec<String>,

    /// impact: only connections of this AT-TLS rule (`*` matches any characters).
    #[arg(long, value_name = "NAME")]
    pub rule: Option<String>,

    /// impact: only connections of this environment action (`*` matches any characters).
    #[arg(long, value_name = "NAME")]
    pub env_action: Option<String>,

    /// compliance: the standards to check against (`nist-800-52r2`,
    /// `pci-dss-4`, `mozilla-intermediate-5.7`, `mozilla-modern-5.7`,
    /// `mozilla-intermediate-6.0`, `mozilla-modern-6.0`, `cnsa-2.0`, or `all`).
    #[arg(long, value_delimiter = ',', value_name = "NAME")]
    pub standard: Vec<String>,
}

/// The name of a canned report. Completions offer the names; any text is
/// taken here, so that a name with a typo gets a suggestion
/// (`did you mean tls-adoption?`) rather than the whole list.
#[derive(Debug, Clone, Copy)]
struct ReportName;

impl TypedValueParser for ReportName {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(crate::canned::REPORTS.iter().map(|r| PossibleValue::new(r.name).help(r.summary))))
    }
}

/// `ttlsinv alerts`
#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// `last` (the default): what is new since alerts were last read; or a
    /// date, YYYY-MM-DD: every alert of that date or later, read or not.
    #[arg(long, value_name = "last|DATE")]
    pub since: Option<String>,

    /// Show without marking as read.
    #[arg(long)]
    pub peek: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `ttlsinv export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write: `csv`, a `<name>.csv` file per table, view or report
    /// into the --out folder; `cbom`, one CycloneDX 1.6 cryptographic bill of
    /// materials (JSON) of the protocols, cipher suites, key share groups and
    /// signature pairs negotiated and allowed, with where each was seen;
    /// `parquet`, `ndjson`, the tables and views as a lake in a Hive layout,
    /// `DIR/<table>/capture_date=YYYY-MM-DD/part-0000.parquet`, with `DIR/_manifest.json`.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// A table to write (repeatable).
    #[arg(long, value_name = "NAME")]
    pub table: Vec<String>,
    /// A view to write (repeatable).
    #[arg(long, value_name = "NAME")]
    pub view: Vec<String>,
    /// A canned report to write, with the filters below (repeatable).
    #[arg(long, value_name = "NAME", value_parser = ReportName, hide_possible_values = true)]
    pub report: Vec<String>,
    /// Every table and view.
    #[arg(long)]
    pub all: bool,
    /// csv: the folder to write `<name>.csv` files into; parquet, ndjson:
    /// the lake's folder (created if needed); cbom: the file to write
    /// [default: standard output].
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// With a lake format: write only the capture dates changed since the
    /// last export to the --out folder (and dates it does not hold yet), replacing their
    /// partitions whole. Nightly: `export --format parquet --all --since-last --out DIR`.
    #[arg(long)]
    pub since_last: bool,

    /// Write text exactly as stored. By default text that a spreadsheet would
    /// run as a formula (starting with `=`, `+`, `-`, `@`) is prefixed with `'`.
    #[arg(long)]
    pub raw_csv: bool,

    #[command(flatten)]
    pub params: ParamArgs,

    #[command(flatten)]
    pub filters: FilterArgs,
}

/// What `ttlsinv export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// CSV files, one per table, view or report.
    Csv,
    /// A CycloneDX 1.6 cryptographic bill of materials (JSON).
    Cbom,
    /// A lake of Apache Parquet files in a Hive layout, for `DuckDB`, Spark, Trino, Athena.
    Parquet,
    /// The same lake as NDJSON files, for Splunk and Elastic.
    Ndjson,
}

/// `ttlsinv html`
#[derive(Debug, Args)]
pub struct HtmlArgs {
    /// The HTML file to write (replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// `ttlsinv ingest`
#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools, reason = "each is a command-line switch of its own")]
pub struct IngestArgs {
    /// Capture folders (walked recursively) and files; `.gz`, `.bz2`, `.xz`,
    /// `.zst` and `.zip` files are read too.
    #[arg(required = true, value_name = "DIR_OR_FILE")]
    pub paths: Vec<PathBuf>,

    /// Where date and system stand in the path, e.g. '{system}/{date}/' or
    /// '{date}/{system}/' or '{system}.NETSTAT.{date}.{time}'; fields are
    /// {system}, {date}, {time} and *.
    #[arg(long, value_name = "TEMPLATE", value_parser = parse_layout)]
    pub layout: Option<Layout>,

    /// The system (LPAR) name for every file, instead of the path's.
    #[arg(long, value_name = "NAME")]
    pub system: Option<String>,

    /// The capture date (YYYY-MM-DD) for every file, instead of the path's.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,

    /// Parser threads (default: one per core, plus one).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub jobs: usize,

    /// The most one file may hold, on disk and expanded (all members of a
    /// zip together), in bytes or with K, M or G: a larger file is a problem,
    /// not read. Default: no limit for a text file, which is read as a
    /// stream (its memory does not grow with its size); 256M for what is
    /// expanded in memory (a compressed file, the members of a zip), which
    /// each parser thread holds at most about three times.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,

    /// Record --layout (or, without it, the default rule) as the layout of
    /// trees an earlier ingest recorded another one for. Captures already
    /// ingested keep their dates and systems.
    #[arg(long)]
    pub change_layout: bool,

    /// Forget the files ingested earlier from these trees that are no longer
    /// there (deleted, or moved out of the tree): their rows and the
    /// summaries they gave go, so the inventory equals a fresh ingest of the
    /// trees as they are now.
    #[arg(long)]
    pub prune_missing: bool,

    /// Read again the captures of days whose facts `ttlsinv prune` deleted
    /// (give the folders of whole days: their summaries are rebuilt from
    /// what is read).
    #[arg(long)]
    pub restore_pruned: bool,

    /// Print only problems, not notes and the summary.
    #[arg(short, long)]
    pub quiet: bool,

    /// Print a `timings:` line on stderr: how long each phase took (for
    /// benchmarks; see bench/run.sh).
    #[arg(long, hide = true)]
    pub timings: bool,

    /// Read text files larger than four times this as a stream, parsed
    /// about this much at a time (default 8M; for benchmarks).
    #[arg(long, hide = true, value_name = "SIZE", value_parser = parse_size)]
    pub part_size: Option<u64>,
}

/// A date as the command line takes it; the message shows the form.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| format!("expected a date as YYYY-MM-DD, e.g. 2026-11-24, found {text}"))
}

fn parse_layout(text: &str) -> Result<Layout, String> {
    text.parse()
}

/// `4096`, `512K`, `256M`, `2G` (powers of 1024), at least 1 KiB.
fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, shift) = match text.trim().to_ascii_uppercase() {
        t if t.ends_with('K') => (t[..t.len() - 1].to_string(), 10),
        t if t.ends_with('M') => (t[..t.len() - 1].to_string(), 20),
        t if t.ends_with('G') => (t[..t.len() - 1].to_string(), 30),
        t => (t, 0),
    };
    let size = digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| format!("`{text}` is not a size: give bytes, or a number with K, M or G (`512M`)"))?;
    if size < 1024 {
        return Err(format!("`{text}` is less than 1K: no capture fits"));
    }
    Ok(size)
}

/// `ttlsinv sql`
#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The SQL to run; read from --file or standard input when absent.
    #[arg(value_name = "SQL", conflicts_with = "file")]
    pub sql: Option<String>,

    /// Read the SQL from this file.
    #[arg(short, long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Bind a named parameter, `-p port=1414` for `:port` in the SQL.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,

    /// Stop the query after this many seconds (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub timeout: u64,

    /// The most memory the query may take, in MiB, sorts and temporary
    /// tables included (they are kept in memory, never in hidden files).
    #[arg(long, value_name = "MIB", default_value_t = 2048)]
    pub max_memory: u64,

    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    let (name, value) = text.split_once('=').ok_or_else(|| format!("expected NAME=VALUE, found `{text}`"))?;
    Ok((name.trim_start_matches([':', '@', '$']).to_string(), value.to_string()))
}

/// How query results are printed.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format [default: from the extension of the -o file (.csv, .tsv,
    /// .json, .ndjson), else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Leave out the header row (table, csv, tsv).
    #[arg(long)]
    pub no_headers: bool,

    /// Show NULL as this text (table, line, csv, tsv) [default: empty].
    #[arg(long, value_name = "TEXT")]
    pub null: Option<String>,

    /// Lay a table out for a terminal this many characters wide [default:
    /// the terminal's width when standard output is one; when piped or
    /// written to a file, every column and every value whole].
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,

    /// In CSV, prefix with `'` any text a spreadsheet would run as a formula
    /// (starting with `=`, `+`, `-`, `@`).
    #[arg(long)]
    pub safe_csv: bool,
}

/// Output formats for query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned table, numbers right-aligned; on a terminal, fitted to its width.
    Table,
    /// One `column: value` per line, a blank line between rows.
    Line,
    /// CSV with a header row.
    Csv,
    /// Tab-separated values with a header row; tab, line ends and `\` escaped as `\t`, `\n`, `\r`, `\\`.
    Tsv,
    /// A JSON array of objects, keys in column order.
    Json,
    /// One JSON object per line.
    Ndjson,
}

impl Format {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Line => "line",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        super::command().debug_assert();
    }
}
