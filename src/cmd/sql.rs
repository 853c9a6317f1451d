//! `ttlsinv sql`: ad hoc SQL on a database opened read-only.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use rusqlite::fallible_iterator::FallibleIterator;

use crate::cli::SqlArgs;
use crate::output;
use crate::store::Store;

pub fn run(db: &Path, args: &SqlArgs) -> anyhow::Result<ExitCode> {
    let sql = match (&args.sql, &args.file) {
        (Some(sql), _) => sql.clone(),
        (None, Some(file)) => {
            std::fs::read_to_string(file).with_context(|| format!("cannot read SQL from {}", file.display()))?
        }
        (None, None) => {
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                bail!("no SQL given: pass it as an argument, with --file, or on standard input");
            }
            let mut sql = String::new();
            std::io::stdin().read_to_string(&mut sql).context("cannot read SQL from standard input")?;
            sql
        }
    };
    for (name, _) in &args.params {
        if !sql.contains(&format!(":{name}")) {
            bail!("parameter -p {name}=...: the SQL has no :{name}");
        }
    }
    let store = Store::open_read_only(db)?;
    let conn = store.connection();
    let mut sink = output::Sink::open(args.output.output.as_deref(), args.output.format, args.output.safe_csv)?;
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
                stmt.raw_bind_parameter(index, value)?;
            }
        }
        if stmt.column_count() > 0 {
            sink.write_query(&mut stmt)?;
        } else {
            stmt.raw_execute().context("SQL error")?;
        }
    }
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn first_line(sql: &str) -> &str {
    sql.trim().lines().next().unwrap_or("")
}
