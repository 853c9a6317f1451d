//! The subcommands, one file each.

mod alerts;
mod check;
mod cipher;
pub mod export;
mod html;
mod ingest;
mod prune;
mod report;
mod schema;
mod sql;

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::cli::{Cli, Command, ScopeArgs};

/// Exit status of an ingest that finished but could not read everything.
pub const EXIT_PROBLEMS: u8 = 3;

/// Exit status of a command line that asks for what cannot be, as clap
/// gives for the errors it finds itself.
pub const EXIT_USAGE: u8 = 2;

/// A usage error: the command line asks for what cannot be (a report that
/// does not exist, an option a report does not take). Exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// A usage error saying `message`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Usage(message.into()))
}

/// The environment variable that sets the date taken for today.
pub const TODAY: &str = "TTLSINV_TODAY";

/// Today's date (UTC), or the date `TTLSINV_TODAY` gives (YYYY-MM-DD: tests,
/// and a run replayed as of a day): what a capture's date cannot be after.
///
/// # Errors
/// `TTLSINV_TODAY` is set and is no date.
pub fn today() -> anyhow::Result<chrono::NaiveDate> {
    match std::env::var(TODAY) {
        Ok(text) => chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| usage(format!("{TODAY}={text} is no date: give it as YYYY-MM-DD, or unset it"))),
        Err(_) => Ok(chrono::Utc::now().date_naive()),
    }
}

/// The exit status of an error that stopped a command: 2 for a usage
/// error (also under context), 1 for any other.
pub fn exit_status(error: &anyhow::Error) -> ExitCode {
    if error.chain().any(|cause| cause.is::<Usage>()) {
        ExitCode::from(EXIT_USAGE)
    } else {
        ExitCode::FAILURE
    }
}

/// Runs the subcommand the command line asks for.
///
/// # Errors
/// Whatever stopped the subcommand, with context.
pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let scope = match &cli.command {
        Command::Report(args) => Some(&args.filters.scope),
        Command::Export(args) => Some(&args.filters.scope),
        Command::Html(args) => Some(&args.scope),
        _ => None,
    };
    if let Some(ScopeArgs { from: Some(from), to: Some(to), .. }) = scope {
        // A swapped pair is a slip of typing: its empty answer would read as
        // "nothing was captured".
        if from > to {
            return Err(usage(format!(
                "--from {from} is after --to {to}: the period holds no day; give the first date to --from \
                 and the last to --to"
            )));
        }
    }
    if matches!(
        cli.command,
        Command::Ingest(_)
            | Command::Sql(_)
            | Command::Report(_)
            | Command::Alerts(_)
            | Command::Export(_)
            | Command::Check
            | Command::Prune(_)
    ) {
        usable_db_path(&cli.db)?;
    }
    match &cli.command {
        Command::Ingest(args) => ingest::run(&cli.db, args),
        Command::Sql(args) => sql::run(&cli.db, args),
        Command::Reports => report::list(),
        Command::Report(args) => report::run(&cli.db, args),
        Command::Alerts(args) => alerts::run(&cli.db, args),
        Command::Export(args) => export::run(&cli.db, args),
        Command::Html(args) => html::run(&cli.db, args),
        Command::Cipher(args) => cipher::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Check => check::run(&cli.db),
        Command::Prune(args) => prune::run(&cli.db, args),
        Command::Completions(args) => {
            // Into memory first: clap_complete panics when it cannot write (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut crate::cli::command(), "ttlsinv", &mut script);
            std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => man(args.command.as_deref()),
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

/// Writes the manual page of ttlsinv, or of one of its subcommands, in roff.
fn man(subcommand: Option<&str>) -> anyhow::Result<ExitCode> {
    let command = crate::cli::command();
    let page = match subcommand {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name).filter(|s| !s.is_hide_set()) else {
                let names: Vec<&str> =
                    command.get_subcommands().filter(|s| !s.is_hide_set()).map(|s| s.get_name()).collect();
                return Err(usage(format!("no subcommand named `{name}`; there are: {}", names.join(", "))));
            };
            sub.clone().name(format!("ttlsinv-{name}")).bin_name(format!("ttlsinv {name}"))
        }
    };
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(page).render(&mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// An error as one sentence for the user: each context and cause once,
/// and SQLite's own error without the code and generic text rusqlite
/// chains below it (`Error code 14: Unable to open the database file`).
pub fn message(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !parts.last().is_some_and(|last| last.contains(&text)) {
            parts.push(text);
        }
        if cause.is::<rusqlite::Error>() {
            break;
        }
    }
    parts.join(": ")
}

/// Opens the database for writing. When bringing its schema up to date
/// rewrites rows, says so first: on a large database that takes minutes,
/// which would pass in silence before the work asked for starts.
fn open_for_writing(db: &Path) -> anyhow::Result<crate::store::Store> {
    if let Some(upgrade) = crate::store::upgrade_ahead(db) {
        let mut rows: Vec<String> = upgrade.rewrites.iter().map(|(what, n)| format!("{n} {what}")).collect();
        let last = rows.pop().unwrap_or_default();
        let rows = if rows.is_empty() { last } else { format!("{} and {last}", rows.join(", ")) };
        eprintln!(
            "upgrading {} from schema {} to {} first: its {} are rewritten into compact tables that take less \
             space. This is done once, and takes a few minutes of CPU for 10 million connection rows; the \
             file keeps the freed pages until `sqlite3 {} VACUUM`",
            db.display(),
            upgrade.from,
            upgrade.to,
            rows,
            db.display()
        );
    }
    Ok(crate::store::Store::open(db)?)
}

/// Opens an inventory that must already exist for writing: `alerts` has
/// nothing to say of a path that holds none, and creating one there would
/// make a mistyped `--db` answer "nothing new" for good.
fn open_inventory_for_writing(db: &Path) -> anyhow::Result<crate::store::Store> {
    if !db.exists() {
        return Err(crate::error::StoreError::Missing { path: db.to_path_buf() }.into());
    }
    open_for_writing(db)
}

/// Opens the database for reading, and says so when it is on storage
/// ttlsinv cannot write and was opened as immutable.
fn open_read_only(db: &Path) -> anyhow::Result<crate::store::Store> {
    let store = crate::store::Store::open_read_only(db)?;
    if store.is_immutable() {
        eprintln!(
            "note: {} is on storage ttlsinv cannot write (a read-only folder, medium or mount): opened as \
             immutable, read as it is without locks; this is right as long as no ingest writes it",
            db.display()
        );
    }
    Ok(store)
}
