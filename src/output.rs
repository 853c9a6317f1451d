//! Printing query results as a table, CSV, JSON or NDJSON, to standard
//! output or a file.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use rusqlite::types::ValueRef;
use rusqlite::Statement;

use crate::cli::Format;

/// True when `error` comes from writing to a closed pipe (`| head`): the
/// reader has all it wanted, so the command ends quietly.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause.downcast_ref::<io::Error>().or_else(|| match cause.downcast_ref::<csv::Error>()?.kind() {
            csv::ErrorKind::Io(io) => Some(io),
            _ => None,
        });
        io.is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Where query results go, in one format.
pub struct Sink {
    out: Box<dyn Write>,
    format: Format,
    /// Neutralise text cells a spreadsheet would run as a formula.
    safe_csv: bool,
    /// A file being written: rows go to a temporary file beside it, renamed
    /// into place by [`Sink::finish`] and removed if the sink is dropped
    /// before or the process is interrupted, so a failed command leaves no
    /// half-written file.
    file: Option<PendingFile>,
}

struct PendingFile {
    /// Created exclusively under an unpredictable name: a symlink planted
    /// beside the target cannot redirect what is written.
    temporary: tempfile::TempPath,
    target: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        // The temporary file itself is removed when its `TempPath` is dropped.
        if let Some(file) = &self.file {
            crate::interrupt::forget_file(&file.temporary);
        }
    }
}

impl Sink {
    /// Standard output, or the file at `path`.
    ///
    /// # Errors
    /// The file cannot be created.
    pub fn open(path: Option<&Path>, format: Format, safe_csv: bool) -> anyhow::Result<Sink> {
        let Some(target) = path else {
            let out = Box::new(BufWriter::new(io::stdout().lock()));
            return Ok(Sink { out, format, safe_csv, file: None });
        };
        let folder = match target.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(target.file_name().unwrap_or_default());
        prefix.push(".");
        let (created, temporary) = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".tmp")
            .tempfile_in(folder)
            .with_context(|| {
                format!("cannot create a temporary file in {} for {}", folder.display(), target.display())
            })?
            .into_parts();
        crate::interrupt::remove_on_interrupt(&temporary);
        let file = Some(PendingFile { temporary, target: target.to_path_buf() });
        Ok(Sink { out: Box::new(BufWriter::new(created)), format, safe_csv, file })
    }

    /// Runs a prepared statement (parameters bound) and writes its rows.
    ///
    /// # Errors
    /// A SQL error, or the output cannot be written.
    pub fn write_query(&mut self, stmt: &mut Statement<'_>) -> anyhow::Result<()> {
        let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let mut rows = stmt.raw_query();
        match self.format {
            Format::Table => {
                let mut table = Table::new();
                table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
                table.set_header(&columns);
                let mut numeric = vec![true; columns.len()];
                while let Some(row) = rows.next().context("SQL error")? {
                    let mut cells = Vec::with_capacity(columns.len());
                    for (i, is_numeric) in numeric.iter_mut().enumerate() {
                        let value = row.get_ref(i)?;
                        *is_numeric &= matches!(value, ValueRef::Integer(_) | ValueRef::Real(_) | ValueRef::Null);
                        cells.push(text(value));
                    }
                    table.add_row(cells);
                }
                for (i, is_numeric) in numeric.into_iter().enumerate() {
                    if let (true, Some(column)) = (is_numeric, table.column_mut(i)) {
                        column.set_cell_alignment(CellAlignment::Right);
                    }
                }
                writeln!(self.out, "{table}")?;
            }
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(&mut self.out);
                csv.write_record(&columns)?;
                while let Some(row) = rows.next().context("SQL error")? {
                    let cells = (0..columns.len()).map(|i| {
                        let value = row.get_ref(i).unwrap_or(ValueRef::Null);
                        let cell = text(value);
                        match value {
                            ValueRef::Text(_) if self.safe_csv => neutralised(cell),
                            _ => cell,
                        }
                    });
                    csv.write_record(cells)?;
                }
                csv.flush()?;
            }
            Format::Json | Format::Ndjson => {
                let array = self.format == Format::Json;
                let mut first = true;
                if array {
                    write!(self.out, "[")?;
                }
                while let Some(row) = rows.next().context("SQL error")? {
                    if array && !first {
                        write!(self.out, ",")?;
                    }
                    first = false;
                    write!(self.out, "{}{{", if array { "\n  " } else { "" })?;
                    for (i, column) in columns.iter().enumerate() {
                        let separator = if i == 0 { "" } else { "," };
                        write!(
                            self.out,
                            "{separator}{}:{}",
                            serde_json::Value::from(column.as_str()),
                            json(row.get_ref(i)?)
                        )?;
                    }
                    write!(self.out, "}}")?;
                    if !array {
                        writeln!(self.out)?;
                    }
                }
                if array {
                    writeln!(self.out, "{}]", if first { "" } else { "\n" })?;
                }
            }
        }
        Ok(())
    }

    /// Flushes what is buffered.
    ///
    /// # Errors
    /// The output cannot be written.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.out.flush()?;
        if let Some(PendingFile { temporary, target }) = self.file.take() {
            self.out = Box::new(io::sink());
            crate::interrupt::forget_file(&temporary);
            temporary
                .persist(&target)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Ok(())
    }
}

/// A text cell that a spreadsheet would run as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which
/// spreadsheets show as text. Numbers are never changed.
fn neutralised(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A value as text: NULL is empty, blobs are hex (the HTML report shows
/// values the same way).
pub fn text(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(v) => v.to_string(),
        ValueRef::Real(v) => v.to_string(),
        ValueRef::Text(v) => String::from_utf8_lossy(v).into_owned(),
        ValueRef::Blob(v) => v.iter().map(|b| format!("{b:02X}")).collect(),
    }
}

fn json(value: ValueRef<'_>) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(v) => v.into(),
        ValueRef::Real(v) => v.into(),
        ValueRef::Text(_) | ValueRef::Blob(_) => text(value).into(),
    }
}
