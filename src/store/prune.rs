//! `ttlsinv prune`: deleting the facts of old captures while keeping the
//! daily summaries, so that adoption, capacity and regressions over the
//! years still answer from a file of the size a site chooses, and the last
//! print of each rule and action, so that the policy of the days kept still
//! compares with and looks back at what was in force. Files are
//! deleted through the one way facts leave the store (`forget`), and
//! remembered, so that an ingest of the same tree does not bring them back.

use rusqlite::{params, OptionalExtension, Transaction};

use super::forget::forget_file;
use super::summarize::keep_pruned;
use super::Store;
use crate::error::StoreError;

/// How far [`Store::vacuum`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vacuuming {
    /// The compact copy holds `bytes` of the `of` bytes of live pages
    /// (it may end below them: the copy packs pages fuller).
    Copying { bytes: u64, of: u64 },
    /// `pages` of the copy's `of` pages are written back over the database.
    WritingBack { pages: u64, of: u64 },
}

/// Where [`Store::vacuum`] makes its copy: beside the database.
#[must_use]
pub fn vacuum_copy_path(db: &std::path::Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".vacuum");
    name.into()
}

/// The days of a period whose facts were pruned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrunedDays {
    /// Days (system, stack, capture date).
    pub days: usize,
    pub earliest: String,
    pub latest: String,
}

/// What a prune deletes (or, dry, would delete).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneTotals {
    pub files: usize,
    /// Days (system, stack, capture date) whose facts go.
    pub days: usize,
    pub snapshots: usize,
    pub connections: usize,
}

/// The files of the captures before `?1` (of system `?2`, or all).
const TARGET_FILES: &str = include_str!("../../sql/prune/target-files.sql");

/// The snapshots those files contributed to.
const TARGET_SNAPSHOTS: &str = include_str!("../../sql/prune/target-snapshots.sql");

const FILL_SNAPSHOTS: &str = include_str!("../../sql/prune/fill-snapshots.sql");

const TOTALS: &str = include_str!("../../sql/prune/totals.sql");

/// The days whose facts go; a day that keeps a snapshot is no pruned day
/// (its summaries are rebuilt from what is left).
const RECORD_DAYS: &str = include_str!("../../sql/prune/record-days.sql");

/// The snapshots kept as stubs of their policy, and what goes of them.
const POLICY_STUBS: &str = include_str!("../../sql/prune/policy-stubs.sql");
const STUBS_KEPT: &str = include_str!("../../sql/prune/stubs-kept.sql");

/// A day that keeps a snapshot (not a stub) is no pruned day.
const DAYS_KEPT: &str = include_str!("../../sql/prune/days-kept.sql");

/// After the deletion: the links of every stack as they were (deleting a
/// snapshot resets its stack's links, which would link the days kept again
/// without their earlier observations and change their traffic), and no
/// pruned day waits for a rebuild that would empty its summaries.
const AFTER: &str = include_str!("../../sql/prune/after.sql");

/// What a day being pruned keeps of a report's answer for it: the report,
/// whether it is run by stack, the column kept, and the SQL that keeps it.
const KEPT_ANSWERS: [(&str, bool, &str, &str); 2] = [
    // The rules `quantum` names: the stubs kept of the day's policy would not
    // give them after the next prune.
    (
        include_str!("../../sql/quantum.sql"),
        false,
        "rules_without_alternative",
        include_str!("../../sql/prune/keep-quantum-rules.sql"),
    ),
    // The connections `tls-adoption` counts as unlisted: whether the day's
    // captures listed every connection goes with them.
    (
        include_str!("../../sql/tls-adoption.sql"),
        true,
        "unlisted_connections",
        include_str!("../../sql/prune/keep-unlisted.sql"),
    ),
];

/// Before their facts go: each day being pruned (of `system`, or all)
/// keeps what the reports of [`KEPT_ANSWERS`] answer for it, read from its
/// facts.
fn keep_answers(tx: &Transaction<'_>, system: Option<&str>) -> rusqlite::Result<()> {
    let (from, to): (Option<String>, Option<String>) =
        tx.query_row(include_str!("../../sql/prune/span.sql"), [], |row| Ok((row.get(0)?, row.get(1)?)))?;
    for (report, by_stack, column, keep) in KEPT_ANSWERS {
        let mut keep = tx.prepare(keep)?;
        let mut report = tx.prepare(report)?;
        let mut bound = vec![(":from", &from as &dyn rusqlite::ToSql), (":to", &to), (":system", &system)];
        if by_stack {
            bound.push((":by_stack", &1));
        }
        let mut rows = report.query(bound.as_slice())?;
        while let Some(row) = rows.next()? {
            let (date, system, stack): (String, String, String) =
                (row.get("date")?, row.get("system")?, row.get("stack")?);
            let answer: rusqlite::types::Value = row.get(column)?;
            keep.execute(params![system, stack, date, answer])?;
        }
    }
    Ok(())
}

impl Store {
    /// Deletes the facts of the captures taken before `before` (an ISO
    /// date), of `system` or of every system, keeping the daily summaries
    /// (brought up to date first) and, in stubs of their snapshots, the last
    /// print of each rule and action; `dry_run` only counts. `why` is what
    /// `walked_files` says of each pruned file.
    ///
    /// # Errors
    /// A SQLite failure; nothing is deleted then.
    pub fn prune(
        &mut self,
        before: &str,
        system: Option<&str>,
        dry_run: bool,
        why: &str,
    ) -> Result<PruneTotals, StoreError> {
        if !dry_run {
            self.summarize(&mut |_, _| {})?;
        }
        let work = |tx: &Transaction<'_>| -> rusqlite::Result<PruneTotals> {
            tx.execute_batch(TARGET_SNAPSHOTS)?;
            tx.execute(FILL_SNAPSHOTS, params![before, system])?;
            let files: Vec<i64> = tx
                .prepare(TARGET_FILES)?
                .query_map(params![before, system], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let (days, snapshots, connections): (i64, i64, i64) =
                tx.query_row(TOTALS, [], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            let count = |n: i64| usize::try_from(n).unwrap_or(0);
            let mut totals = PruneTotals {
                files: files.len(),
                days: count(days),
                snapshots: count(snapshots),
                connections: count(connections),
            };
            if dry_run {
                tx.execute_batch(include_str!("../../sql/prune/dry-run-end.sql"))?;
                return Ok(totals);
            }
            tx.execute_batch(include_str!("../../sql/prune/links-before.sql"))?;
            tx.execute_batch(include_str!("../../sql/prune/keep-ids.sql"))?;
            // What the days kept need of the rows that go, should they be
            // linked again.
            keep_pruned(tx)?;
            tx.execute_batch(RECORD_DAYS)?;
            keep_answers(tx, system)?;
            // The last print of each rule and action stays, in a stub of
            // its snapshot that no file holds.
            tx.execute_batch(POLICY_STUBS)?;
            tx.execute_batch(STUBS_KEPT)?;
            let mut gone = 0;
            let mut exists = tx.prepare(include_str!("../../sql/prune/file-exists.sql"))?;
            for file_id in files {
                // Already gone with a file of the same snapshot.
                if exists.query_row([file_id], |_| Ok(())).optional()?.is_none() {
                    continue;
                }
                gone += 1 + forget_file(tx, file_id, Some(why))?.len();
            }
            totals.files = gone;
            tx.execute_batch(DAYS_KEPT)?;
            tx.execute_batch(AFTER)?;
            tx.execute_batch(super::summarize::SKIP_PRUNED)?;
            Ok(totals)
        };
        let totals = self.in_transaction(work)?;
        Ok(totals)
    }

    /// Returns the space of deleted rows to the file system as `VACUUM`
    /// does (a compact copy of the live pages, then copied back over the
    /// database in one transaction), but in two steps that can say how far
    /// they are: `VACUUM INTO` a file beside the database, whose growth is
    /// measured against the bytes of the live pages, then SQLite's backup
    /// of that copy onto the database, page by page. It needs the same free
    /// space as `VACUUM` (a copy, and the `-wal` it writes back through),
    /// but beside the database rather than in the temporary folder. A copy
    /// left by a prune that was stopped is removed first (prune holds the
    /// ingest lock, so no other prune is making it).
    ///
    /// # Errors
    /// A SQLite or file failure; the database is as before then, and the
    /// copy is removed.
    pub fn vacuum(&mut self, progress: impl Fn(Vacuuming) + Send + Sync + 'static) -> Result<(), StoreError> {
        let copy = vacuum_copy_path(&self.path);
        let file_error = |source| StoreError::File { path: copy.clone(), source };
        match std::fs::remove_file(&copy) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(file_error(e)),
            _ => {}
        }
        let result = self.vacuum_through(&copy, progress);
        match std::fs::remove_file(&copy) {
            Err(e) if result.is_ok() && e.kind() != std::io::ErrorKind::NotFound => Err(file_error(e)),
            _ => result,
        }
    }

    fn vacuum_through(
        &mut self,
        copy: &std::path::Path,
        progress: impl Fn(Vacuuming) + Send + Sync + 'static,
    ) -> Result<(), StoreError> {
        let Some(target) = copy.to_str() else {
            let e = std::io::Error::new(std::io::ErrorKind::InvalidInput, "SQLite names a VACUUM INTO file in UTF-8");
            return Err(StoreError::File { path: copy.to_path_buf(), source: e });
        };
        let live: i64 = self
            .conn
            .query_row(include_str!("../../sql/prune/live-bytes.sql"), [], |row| row.get(0))
            .map_err(self.sqlite_error())?;
        let live = u64::try_from(live).unwrap_or(0);
        let progress = std::sync::Arc::new(progress);
        let copying = std::sync::Arc::clone(&progress);
        let watched = copy.to_path_buf();
        self.conn
            .progress_handler(
                100_000,
                Some(move || {
                    let bytes = std::fs::metadata(&watched).map_or(0, |m| m.len());
                    copying(Vacuuming::Copying { bytes: bytes.min(live), of: live });
                    false
                }),
            )
            .map_err(self.sqlite_error())?;
        let copied = self.conn.execute(include_str!("../../sql/prune/vacuum-into.sql"), [target]);
        self.conn.progress_handler(0, None::<fn() -> bool>).map_err(self.sqlite_error())?;
        copied.map_err(self.sqlite_error())?;
        self.conn
            .restore(
                rusqlite::MAIN_DB,
                copy,
                Some(|p: rusqlite::backup::Progress| {
                    let of = u64::try_from(p.pagecount).unwrap_or(0);
                    let pages = of.saturating_sub(u64::try_from(p.remaining).unwrap_or(0));
                    progress(Vacuuming::WritingBack { pages, of });
                }),
            )
            .map_err(self.sqlite_error())?;
        self.conn.execute_batch(include_str!("../../sql/prune/checkpoint.sql")).map_err(self.sqlite_error())
    }

    /// The days (system, stack, date) between `from` and `to` (ISO dates,
    /// either open) of `system` (or any) whose facts were pruned, if any.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn pruned_days(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        system: Option<&str>,
    ) -> Result<Option<PrunedDays>, StoreError> {
        self.conn
            .query_row(include_str!("../../sql/prune/pruned-days.sql"), [from, to, system], |row| {
                let days = usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0);
                let span: Option<(String, String)> = row.get::<_, Option<String>>(1)?.zip(row.get(2)?);
                Ok(span.filter(|_| days > 0).map(|(earliest, latest)| PrunedDays { days, earliest, latest }))
            })
            .map_err(self.sqlite_error())
    }

    /// The pruned files whose size is known, by path.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn pruned_copies(
        &self,
    ) -> Result<std::collections::HashMap<std::path::PathBuf, crate::store::PrunedCopy>, StoreError> {
        let query = || -> rusqlite::Result<_> {
            let mut stmt = self.conn.prepare(include_str!("../../sql/prune/pruned-copies.sql"))?;
            let rows = stmt.query_map([], |row| {
                let copy = crate::store::PrunedCopy {
                    sha256: row.get(1)?,
                    system: row.get(2)?,
                    size: row.get::<_, i64>(3)?.try_into().unwrap_or(0),
                    text: crate::model::TextId {
                        size: row.get::<_, i64>(4)?.try_into().unwrap_or(0),
                        sha256: row.get(5)?,
                    },
                };
                Ok((crate::path_text::decode(&row.get::<_, String>(0)?), copy))
            })?;
            rows.collect()
        };
        query().map_err(self.sqlite_error())
    }

    /// Whether the file at `path` was pruned (and not read again since).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn is_pruned_file(&self, path: &std::path::Path) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached(include_str!("../../sql/prune/is-pruned-file.sql"))
            .and_then(|mut stmt| stmt.exists([crate::path_text::encode(path)]))
            .map_err(self.sqlite_error())
    }

    /// Before a pruned day of `system` is read again: its stubs go (the
    /// snapshots read again hold their policy).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn drop_stubs(&self, system: &str, date: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(include_str!("../../sql/prune/drop-stubs.sql"))
            .and_then(|mut stmt| stmt.execute([system, date]))
            .map(|_| ())
            .map_err(self.sqlite_error())
    }

    /// Whether the facts of a day of `system` (any stack) were pruned.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn is_pruned_day(&self, system: &str, date: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached(include_str!("../../sql/prune/is-pruned-day.sql"))
            .and_then(|mut stmt| stmt.exists([system, date]))
            .map_err(self.sqlite_error())
    }

    /// After an ingest that read pruned captures again on purpose: a day
    /// with snapshots again is no pruned day (its summaries are rebuilt from
    /// its facts), a file read again is no pruned file, and a head kept of
    /// a day read again is no boundary. Returns the files pruned with a day
    /// read again that were not given (path, system, date): the day is
    /// summarized without them.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn restored(&mut self) -> Result<Vec<(std::path::PathBuf, String, String)>, StoreError> {
        self.conn
            .execute_batch(DAYS_KEPT)
            .and_then(|()| self.conn.execute_batch(include_str!("../../sql/prune/restored-files.sql")))
            .and_then(|()| self.conn.execute_batch(include_str!("../../sql/prune/restored-heads.sql")))
            .and_then(|()| {
                self.conn
                    .prepare(include_str!("../../sql/prune/still-pruned.sql"))?
                    .query_map([], |row| {
                        Ok((crate::path_text::decode(&row.get::<_, String>(0)?), row.get(1)?, row.get(2)?))
                    })?
                    .collect()
            })
            .map_err(self.sqlite_error())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::{vacuum_copy_path, Store, Vacuuming};

    /// A store with 200 000 rows of 40 bytes in a table of its own, of
    /// which 150 000 are deleted: 50 000 rows live (2 MB of blobs) in a
    /// file of about 9 MB.
    fn store_with_free_pages(db: &std::path::Path) -> Store {
        let store = Store::open(db).unwrap();
        store
            .conn
            .execute_batch(
                "CREATE TABLE filler (n INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
                 INSERT INTO filler SELECT i, randomblob(40) FROM n;
                 PRAGMA wal_checkpoint(TRUNCATE);
                 DELETE FROM filler WHERE n > 50000;",
            )
            .unwrap();
        store
    }

    fn pragma(store: &Store, name: &str) -> i64 {
        store.conn.pragma_query_value(None, name, |row| row.get(0)).unwrap()
    }

    #[test]
    fn vacuum_says_how_far_it_is_and_returns_the_free_pages() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let mut store = store_with_free_pages(&db);
        let page_size = u64::try_from(pragma(&store, "page_size")).unwrap();
        let pages_before = pragma(&store, "page_count");
        let free_before = pragma(&store, "freelist_count");
        // 150 000 rows of more than 40 bytes are more than 6 MB: at least
        // 1 400 free pages of 4 096 bytes.
        assert!(free_before >= 1400, "{free_before} free of {pages_before}");
        let live = u64::try_from(pages_before - free_before).unwrap() * page_size;
        let held = std::fs::metadata(&db).unwrap().len();
        // VACUUM INTO gives its copy the cache size of the database: 10
        // pages, so that the copy is written as it grows (a large database
        // overflows any cache).
        store.conn.execute_batch("PRAGMA cache_size = 10").unwrap();

        let steps = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&steps);
        store.vacuum(move |step| seen.lock().unwrap().push(step)).unwrap();
        let steps = steps.lock().unwrap().clone();

        // The copy grows towards the live bytes (copying 50 000 rows takes
        // more than 100 000 SQLite steps, so it is seen)...
        let copying: Vec<(u64, u64)> = steps
            .iter()
            .filter_map(|s| if let Vacuuming::Copying { bytes, of } = *s { Some((bytes, of)) } else { None })
            .collect();
        assert!(copying.iter().any(|&(bytes, _)| bytes > 0), "{steps:?}");
        assert!(copying.iter().all(|&(bytes, of)| of == live && bytes <= live), "{copying:?} of {live}");
        assert!(copying.windows(2).all(|w| w[0].0 <= w[1].0), "{copying:?}");
        // ... then every page of the copy is written back, the last step
        // saying all of them: the pages the database has now.
        let first_back = steps.iter().position(|s| matches!(s, Vacuuming::WritingBack { .. })).unwrap();
        assert!(steps[..first_back].iter().all(|s| matches!(s, Vacuuming::Copying { .. })), "{steps:?}");
        let back: Vec<(u64, u64)> = steps[first_back..]
            .iter()
            .map(|s| if let Vacuuming::WritingBack { pages, of } = *s { (pages, of) } else { panic!("{steps:?}") })
            .collect();
        assert!(back.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 == w[1].1), "{back:?}");
        let pages_now = u64::try_from(pragma(&store, "page_count")).unwrap();
        assert_eq!(back.last(), Some(&(pages_now, pages_now)));

        // The free pages are gone from the file, the rows are all there, the
        // copy is removed, and SQLite finds the database sound.
        assert_eq!(pragma(&store, "freelist_count"), 0);
        assert!(pages_now * page_size <= live, "{pages_now} pages, {live} live bytes before");
        assert!(std::fs::metadata(&db).unwrap().len() < held / 2, "{held} bytes before");
        let rows: (i64, i64) = store
            .conn
            .query_row("SELECT count(*), sum(length(bytes)) FROM filler", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(rows, (50_000, 2_000_000));
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["t.db", "t.db-shm", "t.db-wal"], "the copy and any -wal of it are gone");
        let ok: String = store.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn a_copy_left_by_a_stopped_vacuum_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let mut store = Store::open(&db).unwrap();
        std::fs::write(vacuum_copy_path(&db), "a copy a killed prune left").unwrap();
        store.vacuum(|_| {}).unwrap();
        let ok: String = store.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        assert!(!vacuum_copy_path(&db).exists());
    }
}
