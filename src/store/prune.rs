//! `ttlsinv prune`: deleting the facts of old captures while keeping the
//! daily summaries, so that adoption, capacity and regressions over the
//! years still answer from a file of the size a site chooses. Files are
//! deleted through the one way facts leave the store (`forget`), and
//! remembered, so that an ingest of the same tree does not bring them back.

use rusqlite::{params, OptionalExtension, Transaction};

use super::forget::forget_file;
use super::Store;
use crate::error::StoreError;

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

/// A day that keeps a snapshot is no pruned day.
const DAYS_KEPT: &str = include_str!("../../sql/prune/days-kept.sql");

/// After the deletion: the links of every stack as they were (deleting a
/// snapshot resets its stack's links, which would link the days kept again
/// without their earlier observations and change their traffic), and no
/// pruned day waits for a rebuild that would empty its summaries.
const AFTER: &str = include_str!("../../sql/prune/after.sql");

impl Store {
    /// Deletes the facts of the captures taken before `before` (an ISO
    /// date), of `system` or of every system, keeping the daily summaries
    /// (brought up to date first); `dry_run` only counts. `why` is what
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
            tx.execute_batch(RECORD_DAYS)?;
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
            Ok(totals)
        };
        let totals = self.in_transaction(work)?;
        Ok(totals)
    }

    /// Returns the space of deleted rows to the file system (`VACUUM`),
    /// calling `tick` every few thousand steps so a caller can show that it
    /// works; it needs free space for a copy of the database.
    ///
    /// # Errors
    /// A SQLite failure; the database is as before then.
    pub fn vacuum(&mut self, tick: impl FnMut() + Send + 'static) -> Result<(), StoreError> {
        let mut tick = tick;
        let conn = &mut self.conn;
        let result = conn
            .progress_handler(
                100_000,
                Some(move || {
                    tick();
                    false
                }),
            )
            .and_then(|()| conn.execute_batch(include_str!("../../sql/prune/vacuum.sql")));
        let _ = conn.progress_handler(0, None::<fn() -> bool>);
        result.map_err(|source| StoreError::Sqlite { path: self.path.clone(), source })
    }

    /// How many days (system, stack, date) between `from` and `to` (ISO
    /// dates, either open) of `system` (or any) had their facts pruned.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn pruned_days(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        system: Option<&str>,
    ) -> Result<(usize, Option<String>), StoreError> {
        self.conn
            .query_row(include_str!("../../sql/prune/pruned-days.sql"), params![from, to, system], |row| {
                Ok((usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0), row.get(1)?))
            })
            .map_err(self.sqlite_error())
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
    /// its facts), a file read again is no pruned file.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn restored(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch(DAYS_KEPT)
            .and_then(|()| self.conn.execute_batch(include_str!("../../sql/prune/restored-files.sql")))
            .map_err(self.sqlite_error())
    }
}
