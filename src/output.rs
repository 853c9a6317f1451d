//! Printing query results as a table, one `column: value` per line, CSV,
//! TSV, JSON or NDJSON, to standard output or a file.
//!
//! Rows are written as they are read, so memory does not grow with the
//! result: a table takes its column widths from its first rows. On a
//! terminal a table fits the screen: a value of up to [`MAX_CELL`]
//! characters (every number, date, timestamp and address) is never cut or
//! broken across lines; longer text is cut with `…`, middle columns that do
//! not fit are left out, and a footer says so and how to see everything.
//! Piped or written to a file, a table keeps every column and every value
//! whole, one line per row.

use std::borrow::Cow;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use rusqlite::types::ValueRef;
use rusqlite::{Row, Rows, Statement};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::cli::{Format, OutputArgs};

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

/// The rows a table takes its column widths from; later rows are printed
/// as they come, so memory does not grow with the result.
const SAMPLE_ROWS: usize = 1000;

/// On a terminal, text longer than this is cut with `…`. Every number,
/// date, timestamp and IP address is shorter, so none is ever cut.
pub const MAX_CELL: usize = 40;

/// Fewer columns than this fitting the terminal side by side: the rows are
/// printed one `column: value` per line instead.
const FEWEST_COLUMNS: usize = 3;

/// How results are printed.
#[derive(Debug, Clone)]
pub struct Style {
    pub format: Format,
    /// A header row (table, CSV, TSV).
    pub headers: bool,
    /// How NULL is shown, except in JSON (which has `null`).
    pub null: String,
    /// Neutralise text cells a spreadsheet would run as a formula.
    pub safe_csv: bool,
    /// The terminal width a table must fit; `None` keeps every column and
    /// every value whole.
    pub width: Option<usize>,
    /// The output is a terminal: control characters are escaped in CSV and
    /// TSV too (tables and lines always escape them).
    pub terminal: bool,
    /// Columns not to print (`--by` columns that were not asked for).
    pub left_out: Vec<String>,
}

impl Style {
    /// CSV for a file, with a header row and NULL as empty.
    pub fn csv(safe_csv: bool) -> Style {
        Style {
            format: Format::Csv,
            headers: true,
            null: String::new(),
            safe_csv,
            width: None,
            terminal: false,
            left_out: Vec::new(),
        }
    }

    /// What the command line asks for: the format given, else the one the
    /// `-o` file's extension names, else a table; fitted to the terminal
    /// when standard output is one (or `--width` is given).
    ///
    /// # Errors
    /// An option that does not apply to the format.
    pub fn from_args(args: &OutputArgs) -> anyhow::Result<Style> {
        let format = args.format.unwrap_or_else(|| args.output.as_deref().map_or(Format::Table, format_of));
        let structured = matches!(format, Format::Json | Format::Ndjson);
        if args.no_headers && (structured || format == Format::Line) {
            return Err(crate::cmd::usage(format!(
                "--no-headers applies to table, csv and tsv output, not {}",
                format.name()
            )));
        }
        if args.null.is_some() && structured {
            return Err(crate::cmd::usage(format!(
                "--null applies to table, line, csv and tsv output; {} shows NULL as null",
                format.name()
            )));
        }
        let terminal = args.output.is_none() && io::stdout().is_terminal();
        let width = args
            .width
            .or_else(|| terminal.then(|| terminal_size::terminal_size().map_or(80, |(width, _)| usize::from(width.0))));
        Ok(Style {
            format,
            headers: !args.no_headers,
            null: args.null.clone().unwrap_or_default(),
            safe_csv: args.safe_csv,
            width,
            terminal,
            left_out: Vec::new(),
        })
    }
}

/// The format a file's extension names; a table for any other.
fn format_of(path: &Path) -> Format {
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("csv") => Format::Csv,
        Some("tsv" | "tab") => Format::Tsv,
        Some("json") => Format::Json,
        Some("ndjson" | "jsonl") => Format::Ndjson,
        _ => Format::Table,
    }
}

/// Where query results go, in one style.
pub struct Sink {
    out: Box<dyn Write>,
    style: Style,
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
    pub fn open(path: Option<&Path>, style: Style) -> anyhow::Result<Sink> {
        let Some(target) = path else {
            let out = Box::new(BufWriter::new(io::stdout().lock()));
            return Ok(Sink { out, style, file: None });
        };
        let folder = match target.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            bail!("cannot write {}: the folder {} does not exist", target.display(), folder.display());
        }
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(target.file_name().unwrap_or_default());
        prefix.push(".");
        let (created, temporary) = crate::interrupt::create_removed_on_interrupt(|| {
            let made = tempfile::Builder::new().prefix(&prefix).suffix(".tmp").tempfile_in(folder);
            anyhow::Ok(made?.into_parts())
        })
        .with_context(|| format!("cannot create a temporary file in {} for {}", folder.display(), target.display()))?;
        let file = Some(PendingFile { temporary, target: target.to_path_buf() });
        Ok(Sink { out: Box::new(BufWriter::new(created)), style, file })
    }

    /// Runs a prepared statement (parameters bound) and writes its rows.
    ///
    /// # Errors
    /// A SQL error, or the output cannot be written.
    pub fn write_query(&mut self, stmt: &mut Statement<'_>) -> anyhow::Result<()> {
        self.write_first(stmt, u64::MAX, &mut |_| Ok(())).map(drop)
    }

    /// Runs a prepared statement (parameters bound), writes its first `limit`
    /// rows and returns how many more it had. The query runs once: the rows
    /// past the limit are stepped over, not formatted, after the rows written
    /// are flushed (counting the rest of a long report can take a while, and
    /// the first rows are what `--top` asked for). `watch` sees each row
    /// written, before it is.
    ///
    /// # Errors
    /// A SQL error, `watch` fails, or the output cannot be written.
    pub fn write_first(&mut self, stmt: &mut Statement<'_>, limit: u64, watch: Watch<'_>) -> anyhow::Result<u64> {
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let shown: Vec<usize> = (0..names.len()).filter(|&i| !self.style.left_out.contains(&names[i])).collect();
        let columns: Vec<String> = shown.iter().map(|&i| names[i].clone()).collect();
        let mut rows = stmt.raw_query();
        let style = &self.style;
        let out = &mut self.out;
        let mut first = FirstRows { rows: &mut rows, left: limit, watch };
        match style.format {
            Format::Json | Format::Ndjson => {
                write_json(out, style.format == Format::Json, &columns, &shown, &mut first)?;
            }
            _ => {
                let mut cells_of = || Ok(first.next()?.map(|row| cells(row, &shown, style)));
                match style.format {
                    Format::Table => write_table(out, style, &columns, &mut cells_of)?,
                    Format::Line => write_lines(out, &columns, &mut cells_of, Vec::new())?,
                    _ => write_delimited(out, style, &columns, &mut cells_of)?,
                }
            }
        }
        out.flush()?;
        let mut left_out = 0;
        while rows.next().context("SQL error")?.is_some() {
            left_out += 1;
        }
        Ok(left_out)
    }

    /// Writes `bytes` as they are (a document rather than rows).
    ///
    /// # Errors
    /// The output cannot be written.
    pub fn write_bytes(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        Ok(self.out.write_all(bytes)?)
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

/// One value, as text for a table, lines, CSV or TSV.
struct Cell {
    text: String,
    /// Text from the database (not a number, not NULL): left-aligned, and
    /// the only kind of value a table may cut.
    is_text: bool,
}

/// The shown values of a row as cells: NULL as `style.null`, blobs as hex,
/// control characters escaped where they would reach a terminal.
fn cells(row: &Row<'_>, shown: &[usize], style: &Style) -> Vec<Cell> {
    let (controls, backslash) = match style.format {
        Format::Table | Format::Line => (true, false),
        Format::Tsv => (style.terminal, true),
        _ => (style.terminal, false),
    };
    shown
        .iter()
        .map(|&i| {
            let value = row.get_ref(i).unwrap_or(ValueRef::Null);
            let is_text = matches!(value, ValueRef::Text(_) | ValueRef::Blob(_));
            let text = match value {
                ValueRef::Null => style.null.clone(),
                ValueRef::Text(_) => {
                    let raw = text(value);
                    let raw = match escaped(&raw, controls, backslash) {
                        Cow::Borrowed(_) => raw,
                        Cow::Owned(escaped) => escaped,
                    };
                    if style.safe_csv && style.format == Format::Csv {
                        neutralised(raw)
                    } else {
                        raw
                    }
                }
                _ => text(value),
            };
            Cell { text, is_text }
        })
        .collect()
}

type NextRow<'a> = dyn FnMut() -> anyhow::Result<Option<Vec<Cell>>> + 'a;

fn write_delimited(
    out: &mut dyn Write,
    style: &Style,
    columns: &[String],
    next: &mut NextRow<'_>,
) -> anyhow::Result<()> {
    if style.format == Format::Tsv {
        let line = |cells: Vec<Cow<'_, str>>| cells.join("\t");
        if style.headers {
            let header: Vec<Cow<'_, str>> = columns.iter().map(|c| escaped(c, style.terminal, true)).collect();
            writeln!(out, "{}", line(header))?;
        }
        while let Some(row) = next()? {
            writeln!(out, "{}", line(row.iter().map(|c| Cow::Borrowed(c.text.as_str())).collect()))?;
        }
        return Ok(());
    }
    let mut csv = csv::Writer::from_writer(out);
    if style.headers {
        csv.write_record(columns.iter().map(|c| escaped(c, style.terminal, false).into_owned()))?;
    }
    while let Some(row) = next()? {
        csv.write_record(row.iter().map(|c| c.text.as_str()))?;
    }
    csv.flush()?;
    Ok(())
}

/// A query's rows up to a limit.
struct FirstRows<'r, 's, 'w> {
    rows: &'r mut Rows<'s>,
    left: u64,
    watch: Watch<'w>,
}

/// What a caller of [`Sink::write_first`] does with each row written.
pub type Watch<'w> = &'w mut dyn FnMut(&Row<'_>) -> anyhow::Result<()>;

impl FirstRows<'_, '_, '_> {
    fn next(&mut self) -> anyhow::Result<Option<&Row<'_>>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let row = self.rows.next().context("SQL error")?;
        if let Some(row) = row {
            (self.watch)(row)?;
        }
        Ok(row)
    }
}

fn write_json(
    out: &mut dyn Write,
    array: bool,
    columns: &[String],
    shown: &[usize],
    rows: &mut FirstRows<'_, '_, '_>,
) -> anyhow::Result<()> {
    let mut first = true;
    if array {
        write!(out, "[")?;
    }
    while let Some(row) = rows.next()? {
        if array && !first {
            write!(out, ",")?;
        }
        first = false;
        write!(out, "{}{{", if array { "\n  " } else { "" })?;
        for (n, (column, &i)) in columns.iter().zip(shown).enumerate() {
            let separator = if n == 0 { "" } else { "," };
            write!(out, "{separator}{}:{}", serde_json::Value::from(column.as_str()), json(row.get_ref(i)?))?;
        }
        write!(out, "}}")?;
        if !array {
            writeln!(out)?;
        }
    }
    if array {
        writeln!(out, "{}]", if first { "" } else { "\n" })?;
    }
    Ok(())
}

/// One `column: value` per line, names right-aligned, a blank line between
/// rows (as `sqlite3`'s `.mode line`). `first` are rows already read.
fn write_lines(
    out: &mut dyn Write,
    columns: &[String],
    next: &mut NextRow<'_>,
    first: Vec<Vec<Cell>>,
) -> anyhow::Result<()> {
    let names: Vec<Cow<'_, str>> = columns.iter().map(|c| escaped(c, true, false)).collect();
    let width = names.iter().map(|n| n.width()).max().unwrap_or(0);
    let mut rows = first.into_iter();
    let mut count = 0;
    while let Some(row) = match rows.next() {
        Some(row) => Some(row),
        None => next()?,
    } {
        if count > 0 {
            writeln!(out)?;
        }
        count += 1;
        for (name, cell) in names.iter().zip(&row) {
            writeln!(out, "{}{name}: {}", " ".repeat(width - name.width()), cell.text)?;
        }
    }
    Ok(())
}

/// Which columns a table shows, in order; `None` stands for the columns
/// left out between them.
struct Fit {
    slots: Vec<Option<usize>>,
    widths: Vec<usize>,
    /// Cut text wider than its column (on a terminal), else let it overflow.
    cut: bool,
}

/// Fits columns of `natural` widths into a terminal `width` wide: each
/// column at most [`MAX_CELL`] wide, then columns taken from both ends
/// towards the middle while they fit, the rest left out. `None` when fewer
/// than [`FEWEST_COLUMNS`] would show.
fn fit(natural: &[usize], width: usize) -> Option<Fit> {
    let widths: Vec<usize> = natural.iter().map(|w| (*w).clamp(1, MAX_CELL)).collect();
    let n = widths.len();
    // `│ a ┆ b │`: each column takes its width plus 3, the line 1 more.
    let needed = |w: usize| w + 3;
    let total: usize = 1 + widths.iter().map(|w| needed(*w)).sum::<usize>();
    if total <= width {
        return Some(Fit { slots: (0..n).map(Some).collect(), widths, cut: true });
    }
    let gap = needed(1);
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let mut used = 1 + gap;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let take_left = left.len() <= right.len();
        let i = if take_left { lo } else { hi - 1 };
        if used + needed(widths[i]) > width {
            break;
        }
        used += needed(widths[i]);
        if take_left {
            left.push(i);
            lo += 1;
        } else {
            right.push(i);
            hi -= 1;
        }
    }
    if left.len() + right.len() < FEWEST_COLUMNS.min(n) {
        return None;
    }
    let slots = left.into_iter().map(Some).chain([None]).chain(right.into_iter().rev().map(Some)).collect();
    Some(Fit { slots, widths, cut: true })
}

fn write_table(out: &mut dyn Write, style: &Style, columns: &[String], next: &mut NextRow<'_>) -> anyhow::Result<()> {
    let mut sample = Vec::new();
    while sample.len() < SAMPLE_ROWS {
        match next()? {
            Some(row) => sample.push(row),
            None => break,
        }
    }
    let headers: Vec<String> = columns.iter().map(|c| escaped(c, true, false).into_owned()).collect();
    let mut natural: Vec<usize> = headers.iter().map(|h| if style.headers { h.width() } else { 0 }).collect();
    let mut right = vec![true; columns.len()];
    for row in &sample {
        for (i, cell) in row.iter().enumerate() {
            natural[i] = natural[i].max(cell.text.width());
            right[i] &= !cell.is_text;
        }
    }
    let fit = match style.width {
        None => Fit { slots: (0..columns.len()).map(Some).collect(), widths: natural, cut: false },
        Some(width) => match fit(&natural, width) {
            Some(fit) => fit,
            None => return write_lines(out, columns, next, sample),
        },
    };
    let mut table = TableWriter { fit: &fit, right: &right, cut: 0 };
    writeln!(out, "{}", table.border('┌', '─', '┬', '┐'))?;
    if style.headers {
        let header: Vec<Cell> = headers.into_iter().map(|text| Cell { text, is_text: true }).collect();
        writeln!(out, "{}", table.line(&header, true))?;
        writeln!(out, "{}", table.border('╞', '═', '╪', '╡'))?;
    }
    let mut count = 0usize;
    let mut rows = sample.into_iter();
    while let Some(row) = match rows.next() {
        Some(row) => Some(row),
        None => next()?,
    } {
        writeln!(out, "{}", table.line(&row, false))?;
        count += 1;
    }
    writeln!(out, "{}", table.border('└', '─', '┴', '┘'))?;
    let left_out: Vec<&str> =
        (0..columns.len()).filter(|i| !fit.slots.contains(&Some(*i))).map(|i| columns[i].as_str()).collect();
    if !left_out.is_empty() {
        let shown = columns.len() - left_out.len();
        writeln!(
            out,
            "{}, {shown} of {} columns shown; left out: {}. \
             To see every column: --format line, or --format csv (or -o FILE.csv)",
            plural(count, "row"),
            columns.len(),
            left_out.join(", ")
        )?;
    }
    if table.cut > 0 {
        writeln!(
            out,
            "{} longer than {MAX_CELL} characters cut short (…): --format line shows every value whole",
            plural(table.cut, "value")
        )?;
    }
    Ok(())
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Draws the lines of a table laid out by a [`Fit`].
struct TableWriter<'a> {
    fit: &'a Fit,
    right: &'a [bool],
    /// Values cut short so far.
    cut: usize,
}

impl TableWriter<'_> {
    fn border(&self, left: char, fill: char, between: char, right: char) -> String {
        let parts: Vec<String> = self
            .fit
            .slots
            .iter()
            .map(|slot| fill.to_string().repeat(slot.map_or(1, |i| self.fit.widths[i]) + 2))
            .collect();
        format!("{left}{}{right}", parts.join(&between.to_string()))
    }

    /// A row (or the header) between `│`, each cell padded to its column.
    fn line(&mut self, cells: &[Cell], header: bool) -> String {
        let mut parts = Vec::with_capacity(self.fit.slots.len());
        for slot in &self.fit.slots {
            let Some(i) = *slot else {
                parts.push("…".to_string());
                continue;
            };
            let width = self.fit.widths[i];
            let cell = &cells[i];
            let mut text = Cow::Borrowed(cell.text.as_str());
            if self.fit.cut && cell.is_text && text.width() > width {
                text = Cow::Owned(cut(&cell.text, width));
                self.cut += usize::from(!header);
            }
            let pad = " ".repeat(width.saturating_sub(text.width()));
            parts.push(if self.right[i] { format!("{pad}{text}") } else { format!("{text}{pad}") });
        }
        format!("│ {} │", parts.join(" ┆ "))
    }
}

/// `text` cut to `width` columns, the last one `…`.
fn cut(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Text with what a terminal would act on escaped: with `controls`, every
/// control character (`\t`, `\n`, `\r`, others as `\u{1b}`) and the
/// characters that reorder text (bidirectional overrides); with
/// `backslash` (TSV), tab, line ends and the backslash itself, so that each
/// value stays one field on one line and can be read back.
pub fn escaped(text: &str, controls: bool, backslash: bool) -> Cow<'_, str> {
    let reorders = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let special = |c: char| match c {
        '\t' | '\n' | '\r' => controls || backslash,
        '\\' => backslash,
        c => controls && (c.is_control() || reorders(c)),
    };
    if !text.chars().any(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !special(c) => out.push(c),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.extend(c.escape_unicode()),
        }
    }
    Cow::Owned(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_acts_on() {
        assert_eq!(escaped("plain", true, false), "plain");
        assert_eq!(escaped("a\x1b]0;owned\x07b", true, false), "a\\u{1b}]0;owned\\u{7}b");
        assert_eq!(escaped("x\ny\tz\r", true, false), "x\\ny\\tz\\r");
        assert_eq!(escaped("evil\u{202E}txt", true, false), "evil\\u{202e}txt");
        assert_eq!(escaped("c1\u{9b}31m", true, false), "c1\\u{9b}31m");
        // TSV to a file: only what breaks a field or a line, and the backslash.
        assert_eq!(escaped("a\tb\\c\x1b", false, true), "a\\tb\\\\c\x1b");
        assert_eq!(escaped("a\\b", true, false), "a\\b");
    }

    #[test]
    fn fit_keeps_both_ends_and_leaves_out_the_middle() {
        // 1 + (10 + 3) * 10 = 131 columns wanted.
        let natural = vec![10; 10];
        let all = fit(&natural, 131).unwrap();
        assert_eq!(all.slots, (0..10).map(Some).collect::<Vec<_>>());
        // 80: 1 + 4 for the gap, then 13 per column: 5 columns (70), a sixth would be 83.
        let some = fit(&natural, 80).unwrap();
        assert_eq!(some.slots, vec![Some(0), Some(1), Some(2), None, Some(8), Some(9)]);
        // 30: 1 + 4 + 13 = 18 for one, 31 for two: fewer than 3 fit.
        assert!(fit(&natural, 30).is_none());
        // A long text column is capped, not given the whole screen.
        let capped = fit(&[200, 5], 80).unwrap();
        assert_eq!(capped.widths, vec![MAX_CELL, 5]);
    }

    #[test]
    fn cut_ends_with_an_ellipsis_within_the_width() {
        assert_eq!(cut("abcdefgh", 5), "abcd…");
        assert_eq!(cut("日本語テキスト", 5), "日本…");
    }

    /// What a writer passed on, shared with the test.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_rows_are_out_before_the_rest_are_counted() {
        // 5 000 rows as TSV, --top 2: while SQLite steps over the other 4 998 (a
        // progress handler looks at what reached the writer every 100 steps),
        // the two rows written are already out, not waiting in the buffer.
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let written = Shared::default();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (looked, at) = (seen.clone(), written.clone());
        conn.progress_handler(
            100,
            Some(move || {
                looked.lock().unwrap().push(at.0.lock().unwrap().len());
                false
            }),
        )
        .unwrap();
        let mut stmt = conn
            .prepare("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT i FROM n")
            .unwrap();
        let style = Style { format: Format::Tsv, ..Style::csv(false) };
        let mut sink = Sink { out: Box::new(BufWriter::new(written.clone())), style, file: None };
        assert_eq!(sink.write_first(&mut stmt, 2, &mut |_| Ok(())).unwrap(), 4998);
        drop(stmt);
        let out = written.0.lock().unwrap().clone();
        assert_eq!(String::from_utf8(out).unwrap(), "i\n1\n2\n");
        // The last look, while the last rows were stepped over: all of it out.
        let last = seen.lock().unwrap().last().copied();
        assert_eq!(last, Some(6));
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(format_of(Path::new("out/a.CSV")), Format::Csv);
        assert_eq!(format_of(Path::new("a.tsv")), Format::Tsv);
        assert_eq!(format_of(Path::new("a.json")), Format::Json);
        assert_eq!(format_of(Path::new("a.ndjson")), Format::Ndjson);
        assert_eq!(format_of(Path::new("a.txt")), Format::Table);
        assert_eq!(format_of(Path::new("a")), Format::Table);
    }
}
