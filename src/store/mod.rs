//! The SQLite store: opening and migrating the database, and writing parsed
//! captures. It knows records, not text.

pub(crate) mod alerts;
pub(crate) mod check;
mod forget;
mod migrate;
mod prune;
mod reference;
mod summarize;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

pub use migrate::{latest_version, upgrade_ahead, Upgrade, MIGRATIONS};
pub use prune::{vacuum_copy_path, PruneTotals, PrunedDays, Vacuuming};
pub use write::{Streamed, WriteTotals};

use crate::error::{Problem, StoreError};
use crate::model::{ParsedCapture, Records};
use crate::path_text;

/// An open inventory database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Opened as immutable: see [`Store::is_immutable`].
    immutable: bool,
    /// Links rows as they are written.
    live: summarize::Live,
}

/// A report as a capture run sees it: which system, stack, date and run,
/// and its kind (`ReportKind::as_str`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RunReport<'a> {
    pub system: &'a str,
    pub stack: &'a str,
    pub date: &'a str,
    pub run_key: &'a str,
    pub kind: &'static str,
}

/// What the store holds about a capture file already ingested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownFile {
    pub file_id: i64,
    pub sha256: String,
    /// Where and when the file's capture was taken, as ingested.
    pub system: String,
    pub capture_date: String,
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub problem_count: u32,
    /// The run keys of its snapshots (see `capture::Trees::run_key`).
    pub run_keys: Vec<String>,
    /// The earlier file it was read after (`capture_files.continues`).
    pub continues: Option<PathBuf>,
    /// Its text identity (see [`crate::model::TextId`]).
    pub text: crate::model::TextId,
}

/// A pruned file whose size is known (see [`Store::pruned_copies`]): a
/// later copy of a DISP=MOD data set may begin with it.
/// What a file that did not change as the inventory sees it is now: its
/// size, time, content hash and text identity (the same text, another
/// container or other line ends: see [`crate::model::TextId`]).
pub struct Content<'a> {
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub sha256: &'a str,
    pub text: &'a crate::model::TextId,
}

impl Content<'_> {
    /// The parameters of touch-file.sql and move-file.sql after the file id
    /// (and path): size, time, hash, and the text identity when not the bytes'.
    fn params(&self) -> (i64, Option<i64>, &str, Option<i64>, Option<&str>) {
        let size = i64::try_from(self.size).unwrap_or(i64::MAX);
        let own = self.text.size != self.size || self.text.sha256 != self.sha256;
        let text_size = own.then(|| i64::try_from(self.text.size).unwrap_or(i64::MAX));
        (size, self.mtime_ns, self.sha256, text_size, own.then_some(self.text.sha256.as_str()))
    }
}

pub struct PrunedCopy {
    pub sha256: String,
    pub system: String,
    pub size: u64,
    /// Its text identity (see [`crate::model::TextId`]).
    pub text: crate::model::TextId,
}

/// What became of a walked file ([`Store::record_walked`]).
pub struct WalkedFile<'a> {
    pub path: &'a Path,
    pub outcome: &'a str,
    pub reason: Option<&'a str>,
    /// The reports in it this version does not read.
    pub skipped: Option<&'a str>,
    /// The system and date its path places a file that failed as a whole on.
    pub place: Option<(&'a str, &'a str)>,
}

impl Store {
    /// Opens (creating it if needed) the database at `path` for writing and
    /// brings its schema up to date.
    ///
    /// # Errors
    /// The file cannot be opened, is newer than this binary, or a migration fails.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open { path: path.to_path_buf(), source };
        let mut conn = Connection::open(path).map_err(open_error)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(open_error)?;
        // Before anything writes to the file: it may not be ours to change.
        refuse_foreign(&conn, path)?;
        // WAL lets reports read while an ingest writes; NORMAL is durable at
        // every commit in WAL mode except against power loss of the last one.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_error)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_error)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_error)?;
        // 64 MiB of page cache (SQLite's default is 2 MiB): the indexes an
        // ingest updates and the days it summarizes stay in memory instead
        // of being read again from the file.
        conn.pragma_update(None, "cache_size", -65536).map_err(open_error)?;
        // The writer runs more distinct statements than rusqlite caches by
        // default (16): evicted, the wide connection upsert is prepared again.
        conn.set_prepared_statement_cache_capacity(64);
        // Without the query planner stability guarantee SQLite plans some
        // statements for the values bound (a term `key = ?5` against the
        // partial index `attributes_cut`): rebinding another value expires
        // the statement and prepares it again, on every row the writer adds.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(open_error)?;
        migrate::migrate(&mut conn).map_err(|(name, source)| StoreError::Migration {
            path: path.to_path_buf(),
            name,
            source,
        })?;
        // The reference tables mirror the catalog compiled into this binary:
        // refill them on every open for writing, so a newer ttlsinv brings its
        // data; the summaries hold grades, so new data means new summaries.
        let seed = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            let before = summarize::reference_fingerprint(&tx)?;
            reference::seed_reference(&tx)?;
            if summarize::reference_fingerprint(&tx)? != before {
                summarize::all_pending(&tx)?;
            }
            tx.commit()
        };
        seed(&mut conn).map_err(|source| StoreError::Sqlite { path: path.to_path_buf(), source })?;
        Ok(Store { conn, path: path.to_path_buf(), immutable: false, live: summarize::Live::default() })
    }

    /// Opens an existing database read-only, for queries.
    ///
    /// # Errors
    /// The file does not exist, cannot be opened, or has a schema newer or
    /// older than this binary.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        match Store::open_query_only(path, path.as_os_str()) {
            // WAL readers need the `-shm` file beside the database: on a
            // read-only folder, medium or mount it cannot be made.
            Err(StoreError::Open { source, .. }) if cannot_write_beside(&source) && path.is_file() => {
                if wal_holds_changes(path) {
                    return Err(StoreError::ReadOnlyWithWal { path: path.to_path_buf() });
                }
                let mut store = Store::open_query_only(path, &immutable_uri(path))?;
                store.immutable = true;
                Ok(store)
            }
            opened => opened,
        }
    }

    /// Opens `name` (a path, or a `file:` URI for `path`) for queries only.
    fn open_query_only(path: &Path, name: &std::ffi::OsStr) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open { path: path.to_path_buf(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(name, flags).map_err(open_error)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(open_error)?;
        conn.pragma_update(None, "query_only", "ON").map_err(open_error)?;
        refuse_foreign(&conn, path)?;
        let version = migrate::current_version(&conn).map_err(open_error)?;
        if version == 0 {
            return Err(StoreError::Empty { path: path.to_path_buf() });
        }
        if version < latest_version() {
            return Err(StoreError::Outdated { path: path.to_path_buf(), found: version, known: latest_version() });
        }
        Ok(Store { conn, path: path.to_path_buf(), immutable: false, live: summarize::Live::default() })
    }

    /// The path the database was opened at.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the database was on storage ttlsinv cannot write (a
    /// read-only folder, medium, snapshot or mount) and was opened as
    /// immutable: read as it is, without locks, which is right only while no
    /// ingest writes it.
    pub fn is_immutable(&self) -> bool {
        self.immutable
    }

    /// The underlying connection, for queries.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The underlying connection, to set limits and hooks on.
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    fn sqlite_error(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |source| StoreError::Sqlite { path: self.path.clone(), source }
    }

    /// Every capture file ingested so far, by path.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn known_files(&self) -> Result<HashMap<PathBuf, KnownFile>, StoreError> {
        let query = || -> rusqlite::Result<HashMap<PathBuf, KnownFile>> {
            let mut stmt = self.conn.prepare(include_str!("../../sql/store/known-files.sql"))?;
            let rows = stmt.query_map([], |row| {
                let known = KnownFile {
                    file_id: row.get(1)?,
                    sha256: row.get(2)?,
                    size: row.get::<_, i64>(3)?.try_into().unwrap_or(0),
                    mtime_ns: row.get(4)?,
                    problem_count: row.get(5)?,
                    system: row.get(6)?,
                    capture_date: row.get(7)?,
                    continues: row.get::<_, Option<String>>(8)?.map(|path| path_text::decode(&path)),
                    run_keys: Vec::new(),
                    text: crate::model::TextId {
                        size: row.get::<_, i64>(9)?.try_into().unwrap_or(0),
                        sha256: row.get(10)?,
                    },
                };
                Ok((path_text::decode(&row.get::<_, String>(0)?), known))
            })?;
            let mut files: HashMap<PathBuf, KnownFile> = rows.collect::<rusqlite::Result<_>>()?;
            let paths: HashMap<i64, PathBuf> = files.iter().map(|(path, k)| (k.file_id, path.clone())).collect();
            let mut stmt = self.conn.prepare(include_str!("../../sql/store/known-run-keys.sql"))?;
            let keys = stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))?;
            for key in keys {
                let (file_id, key) = key?;
                if let Some(known) = paths.get(&file_id).and_then(|path| files.get_mut(path)) {
                    known.run_keys.push(key);
                }
            }
            Ok(files)
        };
        query().map_err(self.sqlite_error())
    }

    /// Another ingested file that holds a report of this kind for the same
    /// system, stack, date and capture run, if any.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn same_kind_in_run(&self, run: &RunReport<'_>, path: &Path) -> Result<Option<PathBuf>, StoreError> {
        self.conn
            .query_row(
                include_str!("../../sql/store/same-kind-in-run.sql"),
                params![run.system, run.stack, run.date, run.run_key, run.kind, path_text::encode(path)],
                |row| row.get::<_, String>(0),
            )
            .optional()
            .map(|path| path.map(|p| path_text::decode(&p)))
            .map_err(self.sqlite_error())
    }

    /// The path of an ingested file that is the same observation: the same
    /// content, taken on the same system and date. (TTLS reports print no
    /// time: the same text on another day or system is another observation.)
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn same_observation(
        &self,
        sha256: &str,
        (system, date, run_key): (&str, &str, &str),
    ) -> Result<Option<PathBuf>, StoreError> {
        let query = || -> rusqlite::Result<Option<String>> {
            let mut stmt = self.conn.prepare_cached(include_str!("../../sql/store/same-observation.sql"))?;
            let rows = stmt.query_map([sha256, system, date], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
            })?;
            let mut files: Vec<(i64, String, Vec<String>)> = Vec::new();
            for row in rows {
                let (file_id, path, key) = row?;
                if files.last().is_none_or(|(id, ..)| *id != file_id) {
                    files.push((file_id, path, Vec::new()));
                }
                if let (Some(key), Some((.., keys))) = (key, files.last_mut()) {
                    keys.push(key);
                }
            }
            let same_run = |keys: &[String]| keys.is_empty() || crate::capture::trees::are_runs_of(keys, run_key);
            Ok(files.into_iter().find(|(_, _, keys)| same_run(keys)).map(|(_, path, _)| path))
        };
        query().map(|path| path.map(|p| path_text::decode(&p))).map_err(self.sqlite_error())
    }

    /// The layout recorded for the tree that holds `path`: the recorded
    /// root that is `path` or the closest folder above it, with its layout
    /// (`None`: the default rule).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn recorded_layout(&self, path: &Path) -> Result<Option<(PathBuf, Option<String>)>, StoreError> {
        Ok(self
            .recorded_roots()?
            .into_iter()
            .filter(|(root, _)| path.starts_with(root))
            .max_by_key(|(root, _)| root.components().count()))
    }

    /// Every tree recorded by an ingest, with its layout.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn recorded_roots(&self) -> Result<Vec<(PathBuf, Option<String>)>, StoreError> {
        let query = || -> rusqlite::Result<Vec<(String, Option<String>)>> {
            let mut stmt = self.conn.prepare(include_str!("../../sql/store/recorded-roots.sql"))?;
            let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        };
        let roots = query().map_err(self.sqlite_error())?;
        Ok(roots.into_iter().map(|(root, layout)| (path_text::decode(&root), layout)).collect())
    }

    /// True when a capture file was ingested from `root` (a folder, or a
    /// file or zip given): a layout recorded for a tree that holds none was
    /// recorded by a run that read nothing, and binds nothing.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn tree_holds_captures(&self, root: &Path) -> Result<bool, StoreError> {
        let text = path_text(root);
        let folder = if text.ends_with('/') { text.clone() } else { format!("{text}/") };
        self.conn
            .query_row(include_str!("../../sql/store/tree-holds-captures.sql"), params![text, folder], |row| row.get(0))
            .map_err(self.sqlite_error())
    }

    /// Records the layout of a tree (`None`: the default rule), in place of
    /// what was recorded for it.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn record_layout(&mut self, root: &Path, layout: Option<&str>) -> Result<(), StoreError> {
        self.conn
            .execute(include_str!("../../sql/store/record-layout.sql"), params![path_text::encode(root), layout])
            .map(drop)
            .map_err(self.sqlite_error())
    }

    /// The problems recorded for a path.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn problems_of(&self, path: &Path) -> Result<Vec<Problem>, StoreError> {
        let query = || -> rusqlite::Result<Vec<Problem>> {
            let mut stmt = self.conn.prepare_cached(include_str!("../../sql/store/problems-of.sql"))?;
            let rows =
                stmt.query_map([path_text(path)], |row| Ok(Problem::at(row.get(0)?, row.get::<_, String>(1)?)))?;
            rows.collect()
        };
        query().map_err(self.sqlite_error())
    }

    /// Replaces the problems recorded for a path (none clears them).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn replace_problems(&mut self, path: &Path, problems: &[Problem]) -> Result<(), StoreError> {
        let path_text = path_text(path);
        self.in_savepoint(|tx| {
            write::replace_problems(tx, &path_text, problems)?;
            Ok(())
        })
    }

    /// Records what became of walked files, each replacing what an earlier
    /// run recorded for its path. An `unchanged` file is recorded as
    /// `ingested` (it is in the inventory, as after a fresh ingest), keeping
    /// the skipped reports recorded when it was read.
    ///
    /// # Errors
    /// A SQLite failure; nothing is recorded then.
    pub fn record_walked<'a>(&mut self, files: impl IntoIterator<Item = WalkedFile<'a>>) -> Result<(), StoreError> {
        self.in_savepoint(|tx| {
            {
                let mut stmt = tx.prepare_cached(include_str!("../../sql/store/record-walked.sql"))?;
                for f in files {
                    let unchanged = f.outcome == "unchanged";
                    let outcome = if unchanged { "ingested" } else { f.outcome };
                    let (system, date) = f.place.unzip();
                    stmt.execute(rusqlite::params![
                        path_text(f.path),
                        outcome,
                        f.reason,
                        f.skipped,
                        unchanged,
                        system,
                        date
                    ])?;
                }
            }
            Ok(())
        })
    }

    /// Notes a new size and modification time for a file whose content did
    /// not change (a size that differs is a file that changed back).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn touch(&mut self, file_id: i64, content: &Content<'_>) -> Result<(), StoreError> {
        let (size, mtime_ns, sha256, text_size, text_sha256) = content.params();
        let params = rusqlite::params![file_id, size, mtime_ns, sha256, text_size, text_sha256];
        self.conn.execute(include_str!("../../sql/store/touch-file.sql"), params).map(drop).map_err(self.sqlite_error())
    }

    /// Follows a file ingested at `from` to `to`, where it was moved or
    /// renamed with its tree: its rows, problems and record take the new
    /// name. Its run key is the same (see `capture::trees`): a file moved
    /// into another run is read again instead.
    ///
    /// # Errors
    /// A SQLite failure; nothing is changed then.
    pub fn move_file(&mut self, file_id: i64, from: &Path, to: &Path, content: &Content<'_>) -> Result<(), StoreError> {
        let (old, new) = (path_text(from), path_text(to));
        let (size, mtime_ns, sha256, text_size, text_sha256) = content.params();
        let params = rusqlite::params![file_id, new, size, mtime_ns, sha256, text_size, text_sha256];
        self.in_savepoint(|tx| {
            tx.execute(include_str!("../../sql/store/move-file.sql"), params)?;
            tx.execute(include_str!("../../sql/store/move-problems.sql"), [&old, &new])?;
            tx.execute(include_str!("../../sql/store/move-continuing.sql"), [&old, &new])?;
            tx.execute(include_str!("../../sql/store/move-walked.sql"), [&old, &new])?;
            let shown = [path_text::shown(from), path_text::shown(to), new.clone()];
            tx.execute(include_str!("../../sql/store/move-walked-reasons.sql"), shown)?;
            Ok(())
        })
    }

    /// Writes parsed capture files, all their reports and records, in one
    /// transaction, and records (or clears) the problems of each. Files of
    /// one capture run are written together, so that either all of them are
    /// in the database or none.
    ///
    /// # Errors
    /// A SQLite failure; nothing of these files is written then.
    pub fn write(&mut self, files: &[(ParsedCapture, Vec<Problem>)]) -> Result<Vec<WriteTotals>, StoreError> {
        self.writing(|tx, live, texts| {
            files.iter().map(|(capture, problems)| write::capture(tx, capture, problems, live, texts)).collect()
        })
    }

    /// Writes the file row and report rows of a file read as a stream; its
    /// records follow with [`Store::write_part`], its end with
    /// [`Store::finish_streamed`], all inside one run ([`Store::begin_run`]).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn write_head(&mut self, capture: &ParsedCapture) -> Result<Streamed, StoreError> {
        self.writing(|tx, live, texts| write::head(tx, capture, live, texts))
    }

    /// Writes records of report `index` of `capture`, a file read as a
    /// stream: a connection another part printed too is merged into its row
    /// as the reports of one file are merged in memory.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn write_part(
        &mut self,
        streamed: &mut Streamed,
        capture: &ParsedCapture,
        index: usize,
        records: &Records,
    ) -> Result<(), StoreError> {
        let Some(report) = capture.reports.get(index) else { return Ok(()) };
        self.writing(|tx, live, texts| write::part(tx, streamed, report, index, records, live, texts))
    }

    /// Ends a file read as a stream: its problems and its reports' record
    /// counts. Returns what the file brought.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn finish_streamed(
        &mut self,
        streamed: &Streamed,
        capture: &ParsedCapture,
        problems: &[Problem],
        record_counts: &[usize],
    ) -> Result<WriteTotals, StoreError> {
        self.writing(|tx, _, _| write::finish(tx, streamed, capture, problems, record_counts))
    }

    /// Runs `work` in a savepoint, with what links hold in memory saved in it
    /// (and forgotten when it fails, as the database rolls back).
    fn writing<T>(
        &mut self,
        work: impl FnOnce(&Connection, &mut summarize::Live, &mut write::Texts) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let live = &mut self.live;
        let written = (|| {
            let tx = self.conn.savepoint()?;
            let mut texts = write::Texts::default();
            let value = work(&tx, live, &mut texts)?;
            live.save(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        if written.is_err() {
            self.live.stop();
        }
        written.map_err(|source| StoreError::Sqlite { path, source })
    }

    /// Holds every write that follows in one transaction until
    /// [`Store::end_run`]: a capture run larger than what is written at once
    /// (64 files or 64 MB) is still in the database whole or not at all.
    /// The writes of the run are savepoints inside it.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn begin_run(&mut self) -> Result<(), StoreError> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE").map_err(self.sqlite_error())?;
        }
        Ok(())
    }

    /// Commits what was written since [`Store::begin_run`], if anything.
    ///
    /// # Errors
    /// A SQLite failure; the run is rolled back then.
    pub fn end_run(&mut self) -> Result<(), StoreError> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("COMMIT").map_err(self.sqlite_error())?;
        }
        Ok(())
    }

    /// How many days (system, stack, capture date) wait for their summaries
    /// to be rebuilt: written by an ingest that is still running or was
    /// interrupted.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn pending_summaries(&self) -> Result<usize, StoreError> {
        summarize::pending(&self.conn).map_err(self.sqlite_error())
    }

    /// The stacks (system, stack) of `system` and `stack` (or any) captured
    /// up to `to` but never from `from` to `to`.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn stacks_not_captured(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        system: Option<&str>,
        stack: Option<&str>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let query = || -> rusqlite::Result<Vec<(String, String)>> {
            let mut stmt = self.conn.prepare(include_str!("../../sql/store/stacks-not-captured.sql"))?;
            let rows = stmt.query_map([from, to, system, stack], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        };
        query().map_err(self.sqlite_error())
    }

    /// How many connections of unknown direction had `port` as their local
    /// or remote port in the period `from`..`to` of `system`, `stack` and
    /// `job` (`*` wildcards), each counted once, those that negotiated TLS
    /// alone when `negotiated`: a report's `--port`, which matches the
    /// service port, leaves them out.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn unknown_direction_on_port(
        &self,
        [from, to]: [Option<&str>; 2],
        [system, stack, job]: [Option<&str>; 3],
        port: u16,
        negotiated: bool,
    ) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                include_str!("../../sql/store/unknown-direction-port.sql"),
                rusqlite::params![from, to, system, stack, job, port, negotiated],
                |row| row.get(0),
            )
            .map_err(self.sqlite_error())
    }

    /// Per stack (system, stack) of `system` and `stack` (or any), its
    /// captures from `from` to `to` (or ever) dated after `today` and the
    /// day after: the first such date and how many (see the file).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn captured_after(
        &self,
        today: &str,
        [system, stack, from, to]: [Option<&str>; 4],
    ) -> Result<Vec<(String, String, String, i64)>, StoreError> {
        let query = || -> rusqlite::Result<Vec<(String, String, String, i64)>> {
            let mut stmt = self.conn.prepare(include_str!("../../sql/store/captured-after-today.sql"))?;
            let rows = stmt.query_map(rusqlite::params![today, system, stack, from, to], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
            rows.collect()
        };
        query().map_err(self.sqlite_error())
    }

    /// Runs `work` in one transaction, committed when it succeeds.
    fn in_transaction<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let run = |conn: &mut Connection| -> rusqlite::Result<T> {
            let tx = conn.transaction()?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        run(&mut self.conn).map_err(|source| StoreError::Sqlite { path: self.path.clone(), source })
    }

    /// Rebuilds the summaries of every pending day, in transactions of up
    /// to 250 000 connection rows (a larger day alone: the memory it takes
    /// grows with its rows), calling `on_progress(done, total)` after each.
    /// Returns how many days it summarized and how long each part took.
    ///
    /// # Errors
    /// A SQLite failure; the days not summarized yet stay pending.
    pub fn summarize(&mut self, on_progress: &mut dyn FnMut(usize, usize)) -> Result<Summarized, StoreError> {
        let mut summarized = Summarized::default();
        // The next run links rows as it writes them again.
        self.live = summarize::Live::default();
        let start = Instant::now();
        summarized.notes = self.in_transaction(|tx| {
            summarize::link(tx)?;
            summarized.link = start.elapsed();
            summarize::evidence(tx)?;
            summarize::counter_falls(tx)
        })?;
        summarized.evidence = start.elapsed().saturating_sub(summarized.link);
        let total = self.pending_summaries()?;
        let start = Instant::now();
        loop {
            let days = self.in_transaction(|tx| summarize::next_days(tx, summarize::ROWS_PER_TRANSACTION))?;
            if days == 0 {
                summarized.rebuild = start.elapsed();
                return Ok(summarized);
            }
            summarized.days += days;
            on_progress(summarized.days, total.max(summarized.days));
        }
    }
}

/// What [`Store::summarize`] did: the days it summarized, how long it
/// took to link observations, gather the evidence of services and rebuild
/// the days' summaries, and what linking found to say (file, message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summarized {
    pub days: usize,
    pub link: Duration,
    pub evidence: Duration,
    pub rebuild: Duration,
    pub notes: Vec<(std::path::PathBuf, String)>,
}

/// An empty in-memory database with the current schema, to prepare SQL against.
///
/// # Errors
/// A migration fails (a bug: the migrations are embedded).
pub fn scratch() -> Result<Connection, StoreError> {
    let path = PathBuf::from(":memory:");
    let mut conn = Connection::open_in_memory().map_err(|source| StoreError::Open { path: path.clone(), source })?;
    migrate::migrate(&mut conn).map_err(|(name, source)| StoreError::Migration { path, name, source })?;
    Ok(conn)
}

/// Refuses, before anything touches it, a database written by a newer
/// ttlsinv, and a SQLite file that holds tables but no ttlsinv schema
/// version (another program's database).
fn refuse_foreign(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let open_error = |source| StoreError::Open { path: path.to_path_buf(), source };
    let found = migrate::current_version(conn).map_err(open_error)?;
    if found > latest_version() {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found, known: latest_version() });
    }
    let objects: i64 =
        conn.query_row(include_str!("../../sql/store/count-objects.sql"), [], |row| row.get(0)).map_err(open_error)?;
    if found == 0 && objects > 0 {
        return Err(StoreError::NotInventory { path: path.to_path_buf() });
    }
    Ok(())
}

/// True for the errors of a WAL database whose folder cannot be written.
fn cannot_write_beside(error: &rusqlite::Error) -> bool {
    matches!(error.sqlite_error_code(), Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly))
}

/// A `-wal` file that is not empty holds committed changes that an
/// immutable open would not see.
fn wal_holds_changes(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// `file:<path>?immutable=1`, the path percent-encoded.
fn immutable_uri(path: &Path) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for byte in absolute.as_os_str().as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(char::from(*byte)),
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri.into()
}

/// Paths are stored as text, one text per path (see [`path_text`]).
fn path_text(path: &Path) -> String {
    path_text::encode(path)
}
