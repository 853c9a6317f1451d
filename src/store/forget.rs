//! Forgetting capture files: the one way a file's facts leave the store,
//! whether the file changed (it is read again), left its tree (`ingest
//! --prune-missing`) or its day was pruned (`ttlsinv prune`). A snapshot
//! merges the reports of every file of its run, so a file is forgotten with
//! every snapshot it contributed to, and the other files of those snapshots
//! with it; the summaries of their days are rebuilt (or, after a prune,
//! kept) because deleting a snapshot marks its day pending.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{path_text, Store};
use crate::error::StoreError;

impl Store {
    /// Removes a capture file whose content changed, with every snapshot it
    /// contributed to: the other files of those snapshots are removed too
    /// and returned, to be read again.
    ///
    /// # Errors
    /// A SQLite failure; nothing is removed then.
    pub fn forget(&mut self, file_id: i64) -> Result<Vec<PathBuf>, StoreError> {
        // Its stacks are linked again whole after the run.
        self.live.stop();
        self.in_savepoint(|tx| forget_with_continuing(tx, file_id))
    }

    /// The files read after the whole of file `file_id` (see
    /// `capture_files.continues`): forgetting it forgets them, to be read again.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn continuing(&self, file_id: i64) -> Result<Vec<PathBuf>, StoreError> {
        Ok(continuing(&self.conn, file_id).map_err(self.sqlite_error())?.into_iter().map(|(_, path)| path).collect())
    }

    /// Forgets files that left their tree (`ingest --prune-missing`): their
    /// rows and what was recorded of their paths (problems, what became of
    /// them), and of `walked` (paths that left the tree and gave no rows).
    /// Returns the other files of their snapshots, to be read again.
    ///
    /// # Errors
    /// A SQLite failure; nothing is removed then.
    pub fn forget_gone(&mut self, files: &[(i64, PathBuf)], walked: &[PathBuf]) -> Result<Vec<PathBuf>, StoreError> {
        self.live.stop();
        self.in_savepoint(|tx| {
            let mut again = Vec::new();
            for (file_id, path) in files {
                again.extend(forget_with_continuing(tx, *file_id)?);
                forget_path(tx, path)?;
            }
            for path in walked {
                forget_path(tx, path)?;
            }
            again.retain(|path| !files.iter().any(|(_, gone)| gone == path));
            Ok(again)
        })
    }

    /// Forgets file `file_id`, moved from `from` into another capture run
    /// at `to`, where it is read again: as [`Store::forget`], with what was
    /// recorded of `from` (a fresh ingest has no row of it). A file read
    /// after `from` and kept (forgotten already with a file before `from`,
    /// so not with it) names `to`, whose text it begins with.
    ///
    /// # Errors
    /// A SQLite failure; nothing is removed then.
    pub fn forget_moved(&mut self, file_id: i64, from: &Path, to: &Path) -> Result<Vec<PathBuf>, StoreError> {
        self.live.stop();
        self.in_savepoint(|tx| {
            let again = forget_with_continuing(tx, file_id)?;
            forget_path(tx, from)?;
            let (old, new) = (path_text(from), path_text(to));
            tx.execute(include_str!("../../sql/store/move-continuing.sql"), [&old, &new])?;
            let shown = [crate::path_text::shown(from), crate::path_text::shown(to), new];
            tx.execute(include_str!("../../sql/store/move-walked-reasons.sql"), shown)?;
            Ok(again)
        })
    }

    /// The run keys of the snapshots a file contributed to.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn run_keys_of(&self, file_id: i64) -> Result<Vec<String>, StoreError> {
        let query = || -> rusqlite::Result<Vec<String>> {
            self.conn
                .prepare(include_str!("../../sql/store/forget-run-keys-of.sql"))?
                .query_map([file_id], |row| row.get(0))?
                .collect()
        };
        query().map_err(self.sqlite_error())
    }

    /// Every path an ingest walked and recorded (see `walked_files`).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn walked_paths(&self) -> Result<Vec<PathBuf>, StoreError> {
        let query = || -> rusqlite::Result<Vec<String>> {
            self.conn
                .prepare(include_str!("../../sql/store/forget-walked-paths.sql"))?
                .query_map([], |row| row.get(0))?
                .collect()
        };
        Ok(query().map_err(self.sqlite_error())?.iter().map(|p| crate::path_text::decode(p)).collect())
    }

    /// Runs `work` in a savepoint (a transaction of its own, or part of the
    /// one a capture run holds open), released when it succeeds.
    pub(super) fn in_savepoint<T>(
        &mut self,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let run = |conn: &mut Connection| -> rusqlite::Result<T> {
            let tx = conn.savepoint()?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        run(&mut self.conn).map_err(|source| StoreError::Sqlite { path: self.path.clone(), source })
    }
}

/// Deletes a file, the snapshots it contributed to (their facts go with
/// them), and the other files of those snapshots, which are returned. With
/// `pruned` (why, for `walked_files`), the files are remembered as pruned,
/// so that an ingest does not bring them back.
pub(super) fn forget_file(
    tx: &Connection,
    file_id: i64,
    pruned: Option<&str>,
) -> rusqlite::Result<Vec<(i64, PathBuf)>> {
    let others: Vec<(i64, String)> = tx
        .prepare_cached(include_str!("../../sql/store/forget-other-files.sql"))?
        .query_map([file_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(reason) = pruned {
        let mut remember = tx.prepare_cached(REMEMBER_PRUNED)?;
        let mut walked = tx.prepare_cached(WALKED_PRUNED)?;
        for id in std::iter::once(file_id).chain(others.iter().map(|(id, _)| *id)) {
            remember.execute([id])?;
            walked.execute(rusqlite::params![id, reason])?;
        }
    }
    tx.prepare_cached(include_str!("../../sql/store/forget-snapshots.sql"))?.execute([file_id])?;
    let mut delete = tx.prepare_cached(include_str!("../../sql/store/forget-file.sql"))?;
    delete.execute([file_id])?;
    for (other, _) in &others {
        delete.execute([other])?;
    }
    Ok(others.into_iter().map(|(id, path)| (id, crate::path_text::decode(&path))).collect())
}

/// The files read after the whole of file `file_id`.
fn continuing(tx: &Connection, file_id: i64) -> rusqlite::Result<Vec<(i64, PathBuf)>> {
    tx.prepare_cached(include_str!("../../sql/store/forget-continuing.sql"))?
        .query_map([file_id], |row| Ok((row.get(0)?, crate::path_text::decode(&row.get::<_, String>(1)?))))?
        .collect()
}

/// Forgets file `file_id` (see [`forget_file`]) and the files read after
/// the whole of it, which hold only the lines after it: the other files of
/// their snapshots, and they, are to be read again.
fn forget_with_continuing(tx: &Connection, file_id: i64) -> rusqlite::Result<Vec<PathBuf>> {
    let later = continuing(tx, file_id)?;
    let mut again: Vec<PathBuf> = forget_file(tx, file_id, None)?.into_iter().map(|(_, path)| path).collect();
    for (id, path) in later {
        again.extend(forget_file(tx, id, None)?.into_iter().map(|(_, path)| path));
        again.push(path);
    }
    Ok(again)
}

/// A file remembered as pruned.
const REMEMBER_PRUNED: &str = include_str!("../../sql/store/forget-remember-pruned.sql");

/// What became of a pruned file, as `report files` shows it.
const WALKED_PRUNED: &str = include_str!("../../sql/store/forget-walked-pruned.sql");

/// Deletes what was recorded of a path: its problems and what became of it.
pub(super) fn forget_path(tx: &Connection, path: &Path) -> rusqlite::Result<()> {
    let path = path_text(path);
    tx.prepare_cached(include_str!("../../sql/store/delete-problems.sql"))?.execute([&path])?;
    tx.prepare_cached(include_str!("../../sql/store/delete-walked.sql"))?.execute([&path])?;
    Ok(())
}
