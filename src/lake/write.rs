//! Writing the lake: for each object, a file per selected day (or one file
//! when it is undated), each written to a temporary file beside its place
//! and renamed over it, so that a day's partition is replaced whole and a
//! reader never sees half a file; the manifest last.

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::types::ToSql;
use rusqlite::{Connection, Statement};

use super::manifest::{description, Held, Manifest, FILE};
use super::ndjson::NdjsonPart;
use super::parquet::{ParquetPart, CODEC};
use super::{convert, rows_query, LakeError, LakeObject, LakeValue, Selection, DAYS, PARTITION};

/// The file format of a lake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LakeFormat {
    Parquet,
    Ndjson,
}

impl LakeFormat {
    pub fn name(self) -> &'static str {
        match self {
            LakeFormat::Parquet => "parquet",
            LakeFormat::Ndjson => "ndjson",
        }
    }
}

/// What to write.
#[derive(Debug, Clone)]
pub struct LakeRequest<'a> {
    pub out: &'a Path,
    pub format: LakeFormat,
    /// In the order they are written.
    pub objects: Vec<LakeObject>,
    pub selection: Selection,
    /// Only the days changed since the export that wrote `out`'s manifest
    /// (and days the lake does not hold yet).
    pub since_last: bool,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LakeOutcome {
    /// The days whose partitions were written.
    pub days: Vec<String>,
    pub files: usize,
    pub rows: u64,
    pub bytes: u64,
    /// Whether an earlier manifest was found (for `--since-last`).
    pub had_manifest: bool,
    /// The days the lake held that the database no longer has (and did not
    /// prune): their partitions were removed.
    pub removed: Vec<String>,
}

/// The highest change mark of the database: it grows each time ingest
/// rebuilds a day's summaries (see migration 0016).
const CHANGE_MARK: &str = include_str!("../../sql/export/lake-change-mark.sql");
const CHANGED_SINCE: &str = include_str!("../../sql/export/lake-changed-since.sql");
const DAY_GONE: &str = include_str!("../../sql/export/lake-day-gone.sql");

/// Writes the lake `request` asks for, reading `conn` (in the caller's read
/// transaction). `after_file` is called with each partition written, as
/// `object` or `object/capture_date=DAY`.
///
/// # Errors
/// A manifest of another format or selection in `out`, a SQL error, a
/// value that does not fit its type, or a file that cannot be written.
pub fn write_lake(
    conn: &Connection,
    request: &LakeRequest<'_>,
    after_file: &mut dyn FnMut(&str),
) -> Result<LakeOutcome, LakeError> {
    let earlier = Manifest::read(request.out)?;
    if let Some(earlier) = &earlier {
        if earlier.format != request.format.name() {
            return Err(LakeError::Refused(format!(
                "{} holds a {} lake: write {} to another folder",
                request.out.display(),
                earlier.format,
                request.format.name()
            )));
        }
        if earlier.system != request.selection.system {
            let name = |s: &Option<String>| s.as_ref().map_or("every system".to_string(), |s| format!("system {s}"));
            return Err(LakeError::Refused(format!(
                "{} holds {}; this export selects {}: its days would replace theirs whole. Write it to another folder",
                request.out.display(),
                name(&earlier.system),
                name(&request.selection.system)
            )));
        }
    }
    let change_mark: i64 = conn.query_row(CHANGE_MARK, [], |row| row.get(0))?;
    let mut days = selected_days(conn, &request.selection)?;
    let removed = match &earlier {
        Some(earlier) => gone_days(conn, earlier, &days, &request.selection)?,
        None => Vec::new(),
    };
    if let (true, Some(earlier)) = (request.since_last, &earlier) {
        let changed: Vec<String> = conn
            .prepare(CHANGED_SINCE)?
            .query_map([earlier.change_mark], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // A day the lake lacks for some object is written too (a narrower
        // earlier export, or an object new to it).
        let held = |day: &String| {
            request
                .objects
                .iter()
                .filter(|o| o.dated())
                .all(|o| earlier.objects.get(&o.name).is_some_and(|h| h.days.contains_key(day)))
        };
        days.retain(|day| changed.contains(day) || !held(day));
    }

    let mut manifest = earlier.clone().unwrap_or_default();
    manifest.format = request.format.name().to_string();
    manifest.system.clone_from(&request.selection.system);
    manifest.change_mark = change_mark;
    let mut outcome =
        LakeOutcome { days: days.clone(), had_manifest: earlier.is_some(), removed, ..LakeOutcome::default() };
    for object in &request.objects {
        let held = manifest.objects.entry(object.name.clone()).or_insert_with(Held::default);
        held.description = description(object);
        let mut stmt = conn.prepare(&rows_query(object))?;
        if object.dated() {
            for day in &days {
                let place = request.out.join(&object.name).join(format!("{PARTITION}={day}"));
                let (rows, bytes) =
                    write_part(&mut stmt, object, request.format, &place, Some(day), &request.selection)?;
                held.days.insert(day.clone(), rows);
                outcome.count(rows, bytes);
                after_file(&format!("{}/{PARTITION}={day}", object.name));
            }
        } else {
            let place = request.out.join(&object.name);
            let (rows, bytes) = write_part(&mut stmt, object, request.format, &place, None, &request.selection)?;
            held.rows = rows;
            outcome.count(rows, bytes);
            after_file(&object.name);
        }
    }
    for day in &outcome.removed {
        for (name, held) in &mut manifest.objects {
            held.days.remove(day);
            remove_dir(&request.out.join(name).join(format!("{PARTITION}={day}")))?;
        }
    }
    let codec = (request.format == LakeFormat::Parquet).then_some(CODEC);
    replace_file(&request.out.join(FILE), manifest.to_json(&request.selection, codec).as_bytes())?;
    Ok(outcome)
}

impl LakeOutcome {
    fn count(&mut self, rows: u64, bytes: u64) {
        self.files += 1;
        self.rows += rows;
        self.bytes += bytes;
    }
}

/// The capture dates within the selection that have data.
fn selected_days(conn: &Connection, selection: &Selection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(DAYS)?;
    bind(&mut stmt, &[(":from", &selection.from), (":to", &selection.to), (":system", &selection.system)])?;
    let mut days = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        days.push(row.get(0)?);
    }
    Ok(days)
}

/// The days `earlier` holds within the selected period that the database
/// once held and no longer has (`days`, the selected days with data): lost
/// as wrong (`ingest --prune-missing` of a mis-dated capture), their
/// partitions are replaced by nothing. A day `prune` deleted the facts of
/// is not among them: the database keeps its summaries and the lake its
/// partitions.
fn gone_days(
    conn: &Connection,
    earlier: &Manifest,
    days: &[String],
    selection: &Selection,
) -> rusqlite::Result<Vec<String>> {
    let held: std::collections::BTreeSet<&String> = earlier.objects.values().flat_map(|h| h.days.keys()).collect();
    let within = |day: &String| {
        selection.from.as_ref().is_none_or(|from| day >= from) && selection.to.as_ref().is_none_or(|to| day <= to)
    };
    let mut is_gone = conn.prepare(DAY_GONE)?;
    let mut gone = Vec::new();
    for day in held.into_iter().filter(|day| within(day) && !days.contains(day)) {
        bind(&mut is_gone, &[(":day", day), (":system", &selection.system)])?;
        if is_gone.raw_query().next()?.map_or(Ok(false), |row| row.get(0))? {
            gone.push(day.clone());
        }
    }
    Ok(gone)
}

/// Removes the folder `path` and what it holds, if it is there.
fn remove_dir(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Binds the named parameters `stmt` has; it need not have them all.
///
/// # Errors
/// A value cannot be bound.
pub fn bind(stmt: &mut Statement<'_>, values: &[(&str, &dyn ToSql)]) -> rusqlite::Result<()> {
    for (name, value) in values {
        if let Some(index) = stmt.parameter_index(name)? {
            stmt.raw_bind_parameter(index, value)?;
        }
    }
    Ok(())
}

/// Writes the rows of `object` (of `day`) into `place/part-0000.<ext>`,
/// through a temporary file renamed over it; other files in `place` are
/// removed after, so that the partition holds this export only. Returns
/// (rows, bytes).
fn write_part(
    stmt: &mut Statement<'_>,
    object: &LakeObject,
    format: LakeFormat,
    place: &Path,
    day: Option<&String>,
    selection: &Selection,
) -> Result<(u64, u64), LakeError> {
    std::fs::create_dir_all(place)?;
    let (temp, temp_path) = crate::interrupt::create_removed_on_interrupt(|| {
        // Hidden from Hive readers (a leading dot) while it is written.
        let temp = tempfile::Builder::new().prefix(".part-").suffix(".tmp").tempfile_in(place)?;
        let path = temp.path().to_path_buf();
        Ok::<_, std::io::Error>((temp, path))
    })?;
    let result = fill(stmt, object, format, temp.as_file().try_clone()?, day, selection);
    let rows = match result {
        Ok(rows) => rows,
        Err(e) => {
            drop(temp);
            crate::interrupt::forget_file(&temp_path);
            return Err(e);
        }
    };
    let name = format!("part-0000.{}", format.name());
    let target = place.join(&name);
    temp.persist(&target).map_err(|e| e.error)?;
    crate::interrupt::forget_file(&temp_path);
    for entry in std::fs::read_dir(place)? {
        let path = entry?.path();
        let own = path.file_name().is_some_and(|n| n == name.as_str() || n.to_string_lossy().starts_with('.'));
        if path.is_file() && !own {
            std::fs::remove_file(path)?;
        }
    }
    Ok((rows, std::fs::metadata(&target)?.len()))
}

/// Runs `stmt` for `day` and writes its rows to `file`; returns how many.
fn fill(
    stmt: &mut Statement<'_>,
    object: &LakeObject,
    format: LakeFormat,
    file: File,
    day: Option<&String>,
    selection: &Selection,
) -> Result<u64, LakeError> {
    enum Part {
        Parquet(ParquetPart),
        Ndjson(NdjsonPart),
    }
    let mut part = match format {
        LakeFormat::Parquet => Part::Parquet(ParquetPart::create(file, &object.name, &object.columns)?),
        LakeFormat::Ndjson => Part::Ndjson(NdjsonPart::create(file, &object.columns, day.map(String::as_str))),
    };
    bind(stmt, &[(":day", &day), (":system", &selection.system)])?;
    let mut rows = stmt.raw_query();
    let mut count = 0;
    while let Some(row) = rows.next()? {
        let mut values: Vec<LakeValue<'_>> = Vec::with_capacity(object.columns.len());
        for (i, column) in object.columns.iter().enumerate() {
            values.push(convert(&object.name, column, row.get_ref(i)?)?);
        }
        match &mut part {
            Part::Parquet(p) => p.push(&values)?,
            Part::Ndjson(p) => p.push(&values)?,
        }
        count += 1;
    }
    match part {
        Part::Parquet(p) => p.finish()?,
        Part::Ndjson(p) => p.finish()?,
    }
    Ok(count)
}

/// Writes `bytes` to `path` through a temporary file renamed over it.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), LakeError> {
    use std::io::Write;
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut temp = tempfile::Builder::new().prefix(".manifest-").suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
