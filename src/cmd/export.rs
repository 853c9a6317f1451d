//! `ttlsinv export`: tables, views and canned reports to CSV files, tables
//! and views to a Parquet or NDJSON lake, or a CycloneDX cryptographic bill
//! of materials.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use rusqlite::Connection;

use super::report::{
    filters, find, notes_before, parameters, prepare, pruned_in, scope, warn_pending, write_report, NotesAfter,
};
use crate::canned::Query;
use crate::cbom;
use crate::cli::{ExportArgs, ExportFormat, ParamArgs};
use crate::disable::Kind;
use crate::lake::write::{write_lake, LakeFormat, LakeRequest};
use crate::lake::{self, describe, LakeObject, Selection};
use crate::output::{Sink, Style};
use crate::store::Store;

/// Writes the asked tables, views and canned reports to files.
///
/// # Errors
///
/// When the database cannot be opened or a file cannot be written.
pub fn run(db: &Path, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_read_only(db)?;
    match args.format {
        ExportFormat::Csv | ExportFormat::Parquet | ExportFormat::Ndjson => export(&store, args, &mut |_| {}),
        ExportFormat::Cbom => write_cbom(&store, args),
    }
}

/// Whether any parameter of a canned report is given.
fn any_param(params: &ParamArgs) -> bool {
    !params.by.is_empty()
        || !params.disable.is_empty()
        || !params.standard.is_empty()
        || params.rule.is_some()
        || params.env_action.is_some()
}

/// Writes what `args` asks for, every table, view and report read in one
/// read transaction, so that the files show one moment of the database even
/// while an ingest writes. `after_file` is called with each name written.
/// Says, when it stops or is interrupted before the end, how many files of
/// the set were written.
///
/// # Errors
/// A name that does not exist, a SQL error, or a file that cannot be written.
pub fn export(store: &Store, args: &ExportArgs, after_file: &mut dyn FnMut(&str)) -> anyhow::Result<ExitCode> {
    let Some(out) = args.out.as_deref() else {
        return Err(super::usage("export needs --out DIR: the folder to write into"));
    };
    if args.table.is_empty() && args.view.is_empty() && args.report.is_empty() && !args.all {
        return Err(super::usage("give what to export: --table, --view, --report or --all (or --format cbom)"));
    }
    let conn = store.connection();
    let selection = selection(args)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    // Deferred: the snapshot is taken by the first read, the list below.
    let moment = conn.unchecked_transaction()?;
    let objects = chosen_objects(conn, args)?;
    let format = match args.format {
        // (cbom is written by `run`, not here.)
        ExportFormat::Csv | ExportFormat::Cbom => None,
        ExportFormat::Parquet => Some(LakeFormat::Parquet),
        ExportFormat::Ndjson => Some(LakeFormat::Ndjson),
    };
    if let Some(format) = format {
        let code = lake(conn, args, out, format, objects, selection, after_file)?;
        moment.commit()?;
        return Ok(code);
    }
    if args.since_last {
        return Err(super::usage("--since-last is for a lake: give --format parquet or --format ndjson"));
    }
    say_unfiltered(&objects, &selection);
    let names: Vec<&str> = objects.iter().map(|o| o.name.as_str()).collect();

    // Each report with its own parameters: `--disable` goes to impact,
    // `--standard` to compliance, when both are written at once. A filter a
    // report does not take, or a parameter none takes, is refused before
    // any file is written.
    let params = &args.params;
    if args.report.is_empty() && any_param(params) {
        return Err(super::usage(
            "--by, --disable, --rule, --env-action and --standard are parameters of canned reports: give --report NAME",
        ));
    }
    let mut reports = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    for (index, name) in args.report.iter().enumerate() {
        let report = find(name)?;
        let mut own = Query::default();
        let left_out = parameters(report, params, &mut own).with_context(|| format!("cannot export {name}"))?;
        let takes = crate::canned::parameters(&store.connection().prepare(report.sql)?);
        let (taken, not_taken): (Vec<_>, Vec<_>) = own.values.into_iter().partition(|(p, _)| takes.contains(p));
        let not_taken: Vec<String> = not_taken.into_iter().map(|(p, _)| p).collect();
        unused = if index == 0 { not_taken } else { unused.into_iter().filter(|p| not_taken.contains(p)).collect() };
        let mut values = filters(&args.filters);
        values.values.extend(taken);
        prepare(store, report, &values).with_context(|| format!("cannot export {name}"))?;
        reports.push((report, values, left_out));
    }
    if let Some(parameter) = unused.first() {
        return Err(super::usage(format!("none of the reports to export takes {}", crate::canned::option(parameter))));
    }
    if !reports.is_empty() {
        warn_pending(store)?;
    }
    for (report, ..) in &reports {
        notes_before(store, report, &args.filters.scope)?;
    }
    let mut notes: Vec<NotesAfter> = reports.iter().map(|_| NotesAfter::default()).collect();
    let total = names.len() + reports.len();
    let incomplete =
        |written: usize| format!("{written} of {total} files written to {}: the set is incomplete", out.display());
    let mut written = 0;
    let mut write = |name: &str, left_out: &[String], fill: &mut dyn FnMut(&mut Sink) -> anyhow::Result<()>| {
        crate::interrupt::say_on_interrupt(Some(incomplete(written)));
        let path = out.join(format!("{name}.csv"));
        let style = Style { left_out: left_out.to_vec(), ..Style::csv(!args.raw_csv) };
        let mut sink = Sink::open(Some(&path), style)?;
        fill(&mut sink).with_context(|| format!("cannot export {name}"))?;
        sink.finish()?;
        written += 1;
        after_file(name);
        anyhow::Ok(())
    };
    let mut all = || -> anyhow::Result<()> {
        for name in &names {
            let object = objects.iter().find(|o| o.name == *name).context("chosen above")?;
            write(name, &[], &mut |sink| sink.write_query(&mut selected_rows(conn, object, &selection)?))?;
        }
        for ((report, values, left_out), notes) in reports.iter().zip(&mut notes) {
            write(report.name, left_out, &mut |sink| write_report(store, report, values, sink, notes))?;
        }
        Ok(())
    };
    let result = all();
    crate::interrupt::say_on_interrupt(None);
    result.with_context(|| format!("export stopped: {}", incomplete(written)))?;
    moment.commit()?;
    for ((report, values, _), notes) in reports.iter().zip(&notes) {
        notes.say(store, report, &args.filters, values)?;
    }
    eprintln!("{written} CSV files written to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// The rows `export --format cbom` is made of.
const CBOM_SQL: &str = include_str!("../../sql/export/cbom.sql");

/// `--format cbom`: one BOM of what the period, system and stack saw, to
/// the --out file or standard output.
fn write_cbom(store: &Store, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    if !args.table.is_empty() || !args.view.is_empty() || !args.report.is_empty() || args.all {
        return Err(super::usage("--format cbom writes one BOM of the whole inventory: --table, --view, --report and --all are for --format csv"));
    }
    let f = &args.filters;
    if f.job.is_some() || f.port.is_some() || !f.params.is_empty() || any_param(&args.params) || args.raw_csv {
        return Err(super::usage("--format cbom takes --from, --to, --system and --stack (and --out); the other options are for --format csv"));
    }
    warn_pending(store)?;
    let scope = scope(&f.scope);
    let mut stmt = store.connection().prepare(CBOM_SQL).context("the CBOM query does not prepare")?;
    scope.bind("cbom", &mut stmt).map_err(|e| anyhow!(e))?;
    let mut sightings = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        sightings.push(sighting(row)?);
    }
    // Said in the BOM and here: a BOM read later must not pass for the whole period.
    let pruned = pruned_in(store, &f.scope)?.map(|p| {
        format!(
            "the facts of {} capture days (system, stack, date) from {} to {} were deleted by ttlsinv prune: what \
             their connections negotiated comes from the daily summaries (no rule or action), and what their rules \
             allowed only from the last print of each rule and action that the prune kept",
            p.days, p.earliest, p.latest
        )
    });
    if let Some(note) = &pruned {
        eprintln!("note: {note}");
    }
    let header = cbom::Header {
        serial_number: cbom::uuid_v4(random_bytes()),
        timestamp: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        scope: scope.shown(),
        pruned,
    };
    let bom = cbom::bom(&sightings, &header);
    let mut sink = Sink::open(args.out.as_deref(), Style::csv(false))?;
    let mut text = serde_json::to_string_pretty(&bom)?;
    text.push('\n');
    sink.write_bytes(text.as_bytes())?;
    sink.finish()?;
    let components = bom["components"].as_array().map_or(0, Vec::len);
    let to = args.out.as_deref().map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    eprintln!("CycloneDX 1.6 CBOM of {components} cryptographic assets written to {to}");
    Ok(ExitCode::SUCCESS)
}

/// One row of `sql/export/cbom.sql`.
fn sighting(row: &rusqlite::Row<'_>) -> anyhow::Result<cbom::Sighting> {
    let kind: String = row.get("kind")?;
    let used: String = row.get("use")?;
    Ok(cbom::Sighting {
        used: if used == "negotiated" { cbom::Use::Negotiated } else { cbom::Use::Allowed },
        kind: Kind::from_stored(&kind).with_context(|| format!("the CBOM query gave an unknown kind `{kind}`"))?,
        code: row.get("code")?,
        protocol: row.get("protocol")?,
        system: row.get("system")?,
        stack: row.get("stack")?,
        rule: row.get("rule")?,
        action: row.get("action")?,
        action_name: row.get("action_name")?,
        settings: row.get("setting")?,
        jobs: row.get("jobs")?,
        connections: row.get("connections")?,
        first_date: row.get("first_date")?,
        last_date: row.get("last_date")?,
        pruned: row.get("pruned")?,
    })
}

/// 16 bytes for the BOM's serial number. No random number crate for one
/// number: std's hash keys are random per process and per `RandomState`.
fn random_bytes() -> [u8; 16] {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0; 16];
    for half in bytes.chunks_mut(8) {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos(),
        );
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes
}

/// The tables and views `args` names (`--all`: every one), in name order.
fn chosen_objects(conn: &Connection, args: &ExportArgs) -> anyhow::Result<Vec<LakeObject>> {
    let objects: Vec<(String, String)> = conn
        .prepare(include_str!("../../sql/export/objects.sql"))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // `connections` was a table and is named as one, though a view shows it now.
    let is = |kind: &str, k: &str, n: &str| k == kind || (kind == "table" && lake::stands_for_a_table(n));
    let mut chosen: Vec<&(String, String)> = Vec::new();
    for (kind, wanted) in [("table", &args.table), ("view", &args.view)] {
        for name in wanted {
            let Some(object) = objects.iter().find(|(k, n)| is(kind, k, n) && n == name) else {
                let mut known: Vec<&str> =
                    objects.iter().filter(|(k, n)| is(kind, k, n)).map(|(_, n)| n.as_str()).collect();
                known.sort_unstable();
                return Err(super::usage(format!("no {kind} named `{name}`; the {kind}s are: {}", known.join(", "))));
            };
            chosen.push(object);
        }
    }
    if args.all {
        chosen.extend(objects.iter().filter(|(_, name)| !lake::kept_for_a_view(name)));
    }
    chosen.sort_by_key(|(_, name)| name.clone());
    chosen.dedup();
    chosen
        .iter()
        .map(|(kind, name)| describe(conn, name, kind).with_context(|| format!("cannot export {name}")))
        .collect()
}

/// The period and system tables and views are written for. The other
/// filters select rows of reports only: given with tables, they are refused.
fn selection(args: &ExportArgs) -> anyhow::Result<Selection> {
    let f = &args.filters;
    let objects = args.all || !args.table.is_empty() || !args.view.is_empty();
    let given = [
        ("--stack", f.scope.stack.is_some()),
        ("--job", f.job.is_some()),
        ("--port", f.port.is_some()),
        ("-p", !f.params.is_empty()),
    ];
    if let (true, Some((option, _))) = (objects, given.iter().find(|(_, given)| *given)) {
        return Err(super::usage(format!(
            "{option} selects rows of --report only; tables and views are selected by --from, --to and --system"
        )));
    }
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    Ok(Selection { from: date(f.scope.from), to: date(f.scope.to), system: f.scope.system.clone() })
}

/// Says which chosen objects the selection cannot filter: they are written whole.
fn say_unfiltered(objects: &[LakeObject], selection: &Selection) {
    let whole = |applies: &dyn Fn(&LakeObject) -> bool| -> Vec<&str> {
        objects.iter().filter(|o| !applies(o)).map(|o| o.name.as_str()).collect()
    };
    let undated = whole(&|o| o.dated());
    if (selection.from.is_some() || selection.to.is_some()) && !undated.is_empty() {
        eprintln!("note: --from/--to do not apply to what has no capture date, written whole: {}", undated.join(", "));
    }
    let systemless = whole(&|o| o.dated() || o.has_system);
    if selection.system.is_some() && !systemless.is_empty() {
        eprintln!("note: --system does not apply to what has no system, written whole: {}", systemless.join(", "));
    }
}

/// All columns of `object`'s rows within `selection`, prepared and bound.
fn selected_rows<'c>(
    conn: &'c Connection,
    object: &LakeObject,
    selection: &Selection,
) -> anyhow::Result<rusqlite::Statement<'c>> {
    // Built from the object's description, as `lake::rows_query` is.
    let mut sql = format!("SELECT * FROM {}", crate::lake::quoted(&object.name));
    if let Some(condition) = crate::lake::day_condition(object) {
        sql.push_str(" WHERE ");
        sql.push_str(&condition);
    }
    let mut stmt = conn.prepare(&sql)?;
    crate::lake::write::bind(
        &mut stmt,
        &[
            (":day", &None::<String>),
            (":from", &selection.from),
            (":to", &selection.to),
            (":system", &selection.system),
        ],
    )?;
    Ok(stmt)
}

/// Writes the lake and says what was written.
fn lake(
    conn: &Connection,
    args: &ExportArgs,
    out: &Path,
    format: LakeFormat,
    mut objects: Vec<LakeObject>,
    selection: Selection,
    after_file: &mut dyn FnMut(&str),
) -> anyhow::Result<ExitCode> {
    if !args.report.is_empty() {
        return Err(super::usage(
            "--report is written as CSV only: export reports with --format csv, or run them on the lake (sql/lake/)",
        ));
    }
    if args.raw_csv {
        return Err(super::usage("--raw-csv is for --format csv"));
    }
    say_unfiltered(&objects, &selection);
    // The public contract first: the one to read while the rest is written.
    objects.sort_by_key(|o| o.name != "v_connections");
    let request = LakeRequest { out, format, objects, selection, since_last: args.since_last };
    let started = std::time::Instant::now();
    let mut written = 0;
    let stopped = |written: usize| {
        format!(
            "export stopped after {written} partitions: those in {} are new, the others as before, and _manifest.json \
             is unchanged; run the export again",
            out.display()
        )
    };
    crate::interrupt::say_on_interrupt(Some(stopped(0)));
    let result = write_lake(conn, &request, &mut |name| {
        written += 1;
        crate::interrupt::say_on_interrupt(Some(stopped(written)));
        after_file(name);
    });
    crate::interrupt::say_on_interrupt(None);
    let outcome = result.with_context(|| stopped(written))?;
    if args.since_last && !outcome.had_manifest {
        eprintln!("note: {} held no lake yet: every selected date was written", out.display());
    }
    let days = match (outcome.days.first(), outcome.days.last()) {
        (Some(first), Some(last)) if first != last => {
            format!("{} capture dates ({first} to {last})", outcome.days.len())
        }
        (Some(day), _) => format!("1 capture date ({day})"),
        _ => "no capture date".to_string(),
    };
    if !outcome.removed.is_empty() {
        // Said apart: removing is not writing, and a reader of the lake must know a day went.
        eprintln!(
            "note: the partitions of {} removed from {}: the database no longer holds the date (its files were \
             forgotten, as by ingest --prune-missing; a date prune deleted the facts of is kept)",
            outcome.removed.join(", "),
            out.display()
        );
    }
    #[allow(clippy::cast_precision_loss)] // sizes and seconds for a message
    let rate = outcome.bytes as f64 / 1e6 / started.elapsed().as_secs_f64().max(1e-3);
    eprintln!(
        "{} lake written to {}: {} files, {} rows, {days}, {:.1} MB ({rate:.1} MB/s)",
        format.name(),
        out.display(),
        outcome.files,
        outcome.rows,
        outcome.bytes as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}
