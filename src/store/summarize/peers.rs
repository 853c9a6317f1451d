//! compliance's negotiation sets (migration 0027): what each peer of a
//! service negotiated over all its days, and how many peers of each service
//! and of each day have each set, kept as days are summarized.

use rusqlite::Transaction;

/// Before `begin.sql`: the peers the days had.
pub(super) const BEGIN: &str = include_str!("../../../sql/summarize/peers-begin.sql");

/// After `end.sql`: the sets of the peers the days had or have.
pub(super) const END: &str = include_str!("../../../sql/summarize/peers-end.sql");

/// Notes the peers of the days in `temp.summary_days` before their rows go.
pub(super) fn before(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(BEGIN)
}

/// Works out again the sets of the peers noted by [`before`] and of those
/// the days have now.
pub(super) fn after(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(END)
}
