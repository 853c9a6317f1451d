//! The alerts `ttlsinv alerts` has raised, and which were read.

use rusqlite::{params, Statement};

use super::Store;
use crate::error::StoreError;

/// One fact worth telling, named by a key that stays the same when the fact
/// is found again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub key: String,
    pub kind: String,
    pub date: Option<String>,
    pub system: Option<String>,
    pub stack: Option<String>,
    pub subject: String,
    pub detail: String,
}

/// The alerts to show: those not read yet, or with `?1` those of that date
/// or later, read or not. Oldest fact first.
const TO_SHOW: &str = include_str!("../../sql/store/alerts-to-show.sql");

impl Store {
    /// Records the alerts not raised before; those already known are left as they are.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn raise_alerts(&mut self, alerts: &[Alert]) -> Result<(), StoreError> {
        let write = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            {
                let mut stmt = tx.prepare_cached(include_str!("../../sql/store/alerts-raise.sql"))?;
                for a in alerts {
                    stmt.execute(params![a.key, a.kind, a.date, a.system, a.stack, a.subject, a.detail])?;
                }
            }
            tx.commit()
        };
        write(&mut self.conn).map_err(self.sqlite_error())
    }

    /// Withdraws the raised alerts of `alerts`' keys (facts that no longer
    /// hold: a day missing that is captured now) and returns the keys of
    /// those that were raised.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn withdraw_alerts(&mut self, alerts: &[Alert]) -> Result<Vec<String>, StoreError> {
        let write = |conn: &mut rusqlite::Connection| -> rusqlite::Result<Vec<String>> {
            let tx = conn.transaction()?;
            let mut withdrawn = Vec::new();
            {
                let mut stmt = tx.prepare_cached(include_str!("../../sql/store/alerts-withdraw.sql"))?;
                for a in alerts {
                    if stmt.execute([&a.key])? > 0 {
                        withdrawn.push(a.key.clone());
                    }
                }
            }
            tx.commit()?;
            Ok(withdrawn)
        };
        write(&mut self.conn).map_err(self.sqlite_error())
    }

    /// The alerts to show, prepared (see [`TO_SHOW`]).
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn alerts_to_show(&self, since: Option<&str>) -> Result<Statement<'_>, StoreError> {
        let mut stmt = self.conn.prepare(TO_SHOW).map_err(self.sqlite_error())?;
        stmt.raw_bind_parameter(1, since).map_err(self.sqlite_error())?;
        Ok(stmt)
    }

    /// How many alerts [`Store::alerts_to_show`] shows.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn count_alerts_to_show(&self, since: Option<&str>) -> Result<i64, StoreError> {
        // Counts the rows of the very query that shows them.
        self.conn
            .query_row(&format!("SELECT count(*) FROM ({TO_SHOW})"), [since], |r| r.get(0))
            .map_err(self.sqlite_error())
    }

    /// Marks the alerts shown as read.
    ///
    /// # Errors
    /// A SQLite failure.
    pub fn mark_alerts_read(&self, since: Option<&str>) -> Result<(), StoreError> {
        self.conn
            .execute(include_str!("../../sql/store/alerts-mark-read.sql"), [since])
            .map(drop)
            .map_err(self.sqlite_error())
    }
}
