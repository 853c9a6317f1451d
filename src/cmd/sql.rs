//! `ttlsinv sql`: ad hoc SQL on a database opened read-only.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};

use crate::cli::SqlArgs;
use crate::output;

pub fn run(db: &Path, args: &SqlArgs) -> anyhow::Result<ExitCode> {
    let sql = match (&args.sql, &args.file) {
        (Some(sql), _) => sql.clone(),
        (None, Some(file)) => {
            std::fs::read_to_string(file).with_context(|| format!("cannot read SQL from {}", file.display()))?
        }
        (None, None) => {
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                return Err(super::usage("no SQL given: pass it as an argument, with --file, or on standard input"));
            }
            let mut sql = String::new();
            std::io::stdin().read_to_string(&mut sql).context("cannot read SQL from standard input")?;
            sql
        }
    };
    for (name, _) in &args.params {
        if !sql.contains(&format!(":{name}")) {
            return Err(super::usage(format!("parameter -p {name}=...: the SQL has no :{name}")));
        }
    }
    let mut store = super::open_read_only(db)?;
    let limits = Limits::set(store.connection_mut(), args)?;
    let conn = store.connection();
    let style = output::Style::from_args(&args.output)?;
    let mut sink = output::Sink::open(args.output.output.as_deref(), style)?;
    let mut run = || -> anyhow::Result<()> {
        let mut batch = rusqlite::Batch::new(conn, &sql);
        while let Some(mut stmt) = batch.next().context("SQL error")? {
            if !stmt.readonly() {
                bail!(
                    "ttlsinv sql is read-only and this statement would change the database: {}",
                    first_line(stmt.expanded_sql().as_deref().unwrap_or(&sql))
                );
            }
            for (name, value) in &args.params {
                if let Some(index) = stmt.parameter_index(&format!(":{name}")).context("SQL error")? {
                    stmt.raw_bind_parameter(index, typed(value))?;
                }
            }
            if stmt.column_count() > 0 {
                sink.write_query(&mut stmt)?;
            } else {
                stmt.raw_execute().context("SQL error")?;
            }
        }
        Ok(())
    };
    run().map_err(|error| limits.explain(error, args))?;
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Pragmas that change what a query may take (memory, temporary storage,
/// threads) or what the connection may do: `sql` refuses to set them.
const RESOURCE_PRAGMAS: &[&str] = &[
    "analysis_limit",
    "busy_timeout",
    "cache_size",
    "cache_spill",
    "hard_heap_limit",
    "journal_mode",
    "journal_size_limit",
    "locking_mode",
    "max_page_count",
    "mmap_size",
    "page_size",
    "query_only",
    "soft_heap_limit",
    "temp_store",
    "temp_store_directory",
    "threads",
    "writable_schema",
];

/// The bounds of an ad hoc query: a time limit, and memory for everything,
/// temporary storage included (kept in memory, so that a runaway sort cannot
/// fill the disk with an invisible temporary file).
struct Limits {
    timed_out: Arc<AtomicBool>,
    refused: Arc<Mutex<Option<String>>>,
}

impl Limits {
    fn set(conn: &mut rusqlite::Connection, args: &SqlArgs) -> anyhow::Result<Limits> {
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let bytes = args.max_memory.saturating_mul(1 << 20);
        conn.pragma_update(None, "hard_heap_limit", i64::try_from(bytes).unwrap_or(i64::MAX))?;
        let timed_out = Arc::new(AtomicBool::new(false));
        if args.timeout > 0 {
            let deadline = Instant::now() + Duration::from_secs(args.timeout);
            let flag = Arc::clone(&timed_out);
            conn.progress_handler(
                10_000,
                Some(move || {
                    let late = Instant::now() > deadline;
                    flag.store(late, Ordering::Relaxed);
                    late
                }),
            )?;
        }
        let refused = Arc::new(Mutex::new(None));
        let seen = Arc::clone(&refused);
        conn.authorizer(Some(move |context: AuthContext<'_>| match context.action {
            AuthAction::Pragma { pragma_name, pragma_value: Some(value) }
                if RESOURCE_PRAGMAS.contains(&pragma_name.to_ascii_lowercase().as_str()) =>
            {
                *seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("PRAGMA {pragma_name} = {value}"));
                Authorization::Deny
            }
            _ => Authorization::Allow,
        }))?;
        Ok(Limits { timed_out, refused })
    }

    /// Says which bound stopped a query, and how to change it.
    fn explain(&self, error: anyhow::Error, args: &SqlArgs) -> anyhow::Error {
        if let Some(pragma) = self.refused.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return anyhow::anyhow!(
                "`{pragma}` refused: ttlsinv sql does not change resource limits (give --max-memory or --timeout instead)"
            );
        }
        if self.timed_out.load(Ordering::Relaxed) {
            return error.context(format!(
                "the query ran longer than --timeout {} seconds and was stopped: give a larger --timeout (0: no limit)",
                args.timeout
            ));
        }
        let out_of_memory = error.chain().any(|cause| {
            cause.downcast_ref::<rusqlite::Error>().and_then(rusqlite::Error::sqlite_error_code)
                == Some(rusqlite::ErrorCode::OutOfMemory)
        });
        if out_of_memory {
            return error.context(format!(
                "the query needed more than --max-memory {} MiB (sorts and temporary tables included) and was stopped: \
                 give a larger --max-memory, or narrow the query",
                args.max_memory
            ));
        }
        error
    }
}

/// The value `-p name=value` binds: a decimal number written plainly
/// (`1414`, `-1`, `0.5`) as a number, since most columns of the views are
/// expressions, which SQLite compares by type without converting: the text
/// `'1414'` never equals a `service_port` of 1414 (review 18a F15). Anything
/// else is text, so are digits with a leading zero (a conn id `00001234`
/// keeps its zeros), and a value in single quotes is the text inside them
/// (`'3.1'`, a release).
fn typed(value: &str) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    if let Some(text) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return Value::Text(text.to_string());
    }
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let number = plain(whole) && (whole == "0" || !whole.starts_with('0')) && fraction.is_none_or(plain);
    match (number, fraction) {
        (true, None) => value.parse().map_or_else(|_| Value::Text(value.to_string()), Value::Integer),
        (true, Some(_)) => value.parse().map_or_else(|_| Value::Text(value.to_string()), Value::Real),
        (false, _) => Value::Text(value.to_string()),
    }
}

fn first_line(sql: &str) -> &str {
    sql.trim().lines().next().unwrap_or("")
}
