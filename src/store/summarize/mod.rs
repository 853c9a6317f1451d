//! The summaries of migration 0006: rebuilt for the days that triggers noted
//! in `summaries_pending` (every day when the catalog behind the grades
//! changed), in transactions of up to 250 000 connection rows.

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, Transaction};
use sha2::{Digest, Sha256};

mod days;
mod directions;
mod evidence;
mod links;
mod peers;

use days::write_days;
pub(super) use links::{keep_pruned, Live};

/// Clears the summaries of the days in `temp.summary_days`, before
/// [`write_days`]; and what follows from the rows it wrote, after it.
const BEGIN: &str = include_str!("../../../sql/summarize/begin.sql");
const END: &str = include_str!("../../../sql/summarize/end.sql");

/// Connection rows summarized in one transaction, at most (a day with more
/// is summarized alone): enough that statement overhead does not count, and
/// what bounds the memory the grouping takes (a few hundred bytes a row).
pub(super) const ROWS_PER_TRANSACTION: i64 = 250_000;

/// The pending days (system, stack, capture date) in order, with their
/// connection rows (counted as the caller steps through them).
const PENDING_DAYS: &str = include_str!("../../../sql/summarize/pending-days.sql");

const INSERT_DAY: &str = include_str!("../../../sql/summarize/insert-day.sql");

const PENDING_COUNT: &str = include_str!("../../../sql/summarize/pending-count.sql");

const ALL_PENDING: &str = include_str!("../../../sql/summarize/all-pending.sql");

/// Pruned days are never rebuilt: they have no facts to rebuild from.
pub(super) const SKIP_PRUNED: &str = include_str!("../../../sql/summarize/skip-pruned.sql");

const DAYS_TABLE: &str = include_str!("../../../sql/summarize/days-table.sql");

/// The days just summarized have changed: they get one new change number
/// (for `export --since-last`), and are no longer pending.
const DONE: &str = include_str!("../../../sql/summarize/done.sql");

/// A day to summarize again: what it read of a connection's direction changed.
const MARK_STALE: &str = include_str!("../../../sql/summarize/directions-mark.sql");

/// Every setting of the policies of the snapshots of the days, in a fixed order.
const POLICY_SETTINGS: &str = include_str!("../../../sql/summarize/policy-settings.sql");

const DELETE_POLICIES: &str = include_str!("../../../sql/summarize/delete-policies.sql");

const INSERT_POLICY: &str = include_str!("../../../sql/summarize/insert-policy.sql");

const INSERT_POLICY_OBJECT: &str = include_str!("../../../sql/summarize/insert-policy-object.sql");

/// The tables the summaries take grades from.
const REFERENCE_TABLES: [&str; 5] = ["grades", "protocols", "cipher_suites", "named_groups", "signature_pairs"];

/// How many days wait for their summaries.
pub(super) fn pending(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row(PENDING_COUNT, [], |row| row.get::<_, i64>(0)).map(|n| usize::try_from(n).unwrap_or(0))
}

/// What the summaries of the pending days read besides the facts, worked
/// out before any of them is rebuilt, first the links between observations
/// of a connection (traffic, counting once), then [`evidence`]. Both can
/// mark more days pending.
pub(super) fn link(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    links::link_connections(tx)
}

/// What to say of the counters that fell under an unchanged start, linked
/// since the last call: (file, message).
pub(super) fn counter_falls(tx: &Transaction<'_>) -> rusqlite::Result<Vec<(std::path::PathBuf, String)>> {
    links::falls(tx)
}

/// The evidence of services (direction) of the pending days: see [`link`].
pub(super) fn evidence(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    evidence::gather(tx)
}

/// Rebuilds the summaries of the next pending days, up to `most_rows`
/// connection rows ([`ROWS_PER_TRANSACTION`]); returns how many days it did
/// (0: none was pending).
pub(super) fn next_days(tx: &Transaction<'_>, most_rows: i64) -> rusqlite::Result<usize> {
    tx.execute_batch(SKIP_PRUNED)?;
    tx.execute_batch(DAYS_TABLE)?;
    let mut chosen: Vec<(String, String, String)> = Vec::new();
    let mut rows = 0;
    let mut pending = tx.prepare(PENDING_DAYS)?;
    let mut days_in_order = pending.query([])?;
    while let Some(day) = days_in_order.next()? {
        let day_rows: i64 = day.get(3)?;
        if !chosen.is_empty() && rows + day_rows > most_rows {
            break;
        }
        rows += day_rows;
        chosen.push((day.get(0)?, day.get(1)?, day.get(2)?));
    }
    drop(days_in_order);
    let mut insert = tx.prepare(INSERT_DAY)?;
    for (system, stack, date) in &chosen {
        insert.execute(params![system, stack, date])?;
    }
    let days = chosen.len();
    if days > 0 {
        peers::before(tx)?;
        tx.execute_batch(BEGIN)?;
        tx.execute_batch(directions::BEGIN)?;
        // before the days: negotiated_days parts a connection's day by its snapshots' policies
        policy_fingerprints(tx)?;
        let stale = write_days(tx)?;
        tx.execute_batch(END)?;
        peers::after(tx)?;
        tx.execute_batch(DONE)?;
        let mut mark = tx.prepare(MARK_STALE)?;
        for (system, stack, date) in stale {
            mark.execute(params![system, stack, date])?;
        }
        return Ok(days);
    }
    tx.execute_batch(DONE)?;
    Ok(days)
}

/// A row of `policy-settings.sql`: snapshot, object, name, setting, value, stale.
type PolicySetting = (i64, String, String, String, String, bool);

/// Fingerprints the policy of every snapshot of the days being summarized
/// that has one, and each rule and action in it.
fn policy_fingerprints(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(DELETE_POLICIES)?;
    let mut insert_snapshot = tx.prepare(INSERT_POLICY)?;
    let mut insert_object = tx.prepare(INSERT_POLICY_OBJECT)?;
    // (snapshot, object, name, setting, value, stale), ordered.
    let settings: Vec<PolicySetting> = tx
        .prepare(POLICY_SETTINGS)?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for snapshot in settings.chunk_by(|a, b| a.0 == b.0) {
        let mut whole = Sha256::new();
        for object in snapshot.chunk_by(|a, b| (&a.1, &a.2) == (&b.1, &b.2)) {
            // An older connection's copy is no news about the policy (policy-settings.sql).
            if object[0].5 {
                continue;
            }
            let mut own = Sha256::new();
            for (_, kind, name, setting, value, _) in object {
                for text in [kind, name] {
                    hash_value(&mut whole, ValueRef::Text(text.as_bytes()));
                }
                for text in [setting, value] {
                    hash_value(&mut whole, ValueRef::Text(text.as_bytes()));
                    hash_value(&mut own, ValueRef::Text(text.as_bytes()));
                }
            }
            let (snapshot_id, kind, name, ..) = &object[0];
            insert_object.execute(params![snapshot_id, kind, name, hex(own)])?;
        }
        insert_snapshot.execute(params![snapshot[0].0, hex(whole)])?;
    }
    Ok(())
}

/// A fingerprint of the reference tables: when a new catalog changes it,
/// every summary is rebuilt (the summaries hold grades).
pub(super) fn reference_fingerprint(conn: &Connection) -> rusqlite::Result<String> {
    let mut hasher = Sha256::new();
    for table in REFERENCE_TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for column in 0..columns {
                hash_value(&mut hasher, row.get_ref(column)?);
            }
        }
        hasher.update(b"\x1d");
    }
    Ok(hex(hasher))
}

/// Marks every day pending.
pub(super) fn all_pending(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute(ALL_PENDING, []).map(drop)
}

/// Feeds one value to a hash so that no two sequences of values collide:
/// a type tag, then a length for text and blobs.
fn hash_value(hasher: &mut Sha256, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => hasher.update(b"n"),
        ValueRef::Integer(i) => {
            hasher.update(b"i");
            hasher.update(i.to_le_bytes());
        }
        ValueRef::Real(r) => {
            hasher.update(b"r");
            hasher.update(r.to_le_bytes());
        }
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            hasher.update(b"t");
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
    }
}

fn hex(hasher: Sha256) -> String {
    crate::digest::hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::ingest::{self, Options};
    use crate::store::Store;

    /// The summary tables ingest keeps.
    const SUMMARY_TABLES: [&str; 11] = [
        "connection_directions",
        "connection_protection",
        "unshown_traffic",
        "daily_endpoints",
        "daily_services",
        "daily_capacity",
        "endpoint_days",
        "regressions",
        "service_peers",
        "service_sets",
        "daily_peer_sets",
    ];

    /// Every summary table, rows ordered, without snapshot ids.
    fn summaries(store: &Store) -> Vec<String> {
        let mut all = Vec::new();
        for table in SUMMARY_TABLES {
            let mut stmt = store.connection().prepare(&format!("SELECT * FROM {table}")).unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            let mut lines = Vec::new();
            while let Some(row) = rows.next().unwrap() {
                let values: Vec<String> = (0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect();
                lines.push(format!("{table}: {}", values.join(" | ")));
            }
            lines.sort();
            all.extend(lines);
        }
        all
    }

    /// Every connection row's links and the heads, in a fixed order.
    fn links(store: &Store) -> Vec<String> {
        let mut all = Vec::new();
        for sql in [
            "SELECT s.system, s.stack, c.conn_id, s.captured_at, c.previous_id, c.identity_id, c.traffic_bytes_in,
                    c.traffic_bytes_out, c.traffic_segments_in, c.traffic_segments_out
             FROM connections c JOIN snapshots s USING (snapshot_id) ORDER BY c.connection_id",
            "SELECT * FROM connection_heads ORDER BY system, stack, conn_id",
            "SELECT * FROM connection_links ORDER BY system, stack",
        ] {
            let mut stmt = store.connection().prepare(sql).unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                all.push((0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"));
            }
        }
        all
    }

    /// The writer links each row as it inserts it: after the files are
    /// written, linking updates no connection row. (It updated every row
    /// before: one UPDATE per row was most of what linking cost.) Also when
    /// each file of a capture run is written alone, so that the reports of a
    /// connection in later files merge into its row already linked: a merge
    /// that changes nothing the links read keeps the links.
    #[test]
    fn rows_are_linked_as_they_are_written_and_as_linking_them_afterwards_would() {
        for group_files in [0, 1] {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("t.db")).unwrap();
            let options = Options { group_files, ..Options::default() };
            assert_eq!(updates_by_linking(&mut store, &options), 0, "group_files {group_files}");
            let at_insert = links(&store);
            assert!(at_insert.iter().any(|row| !row.contains("|Null|")), "some rows continue earlier ones");

            // The same links worked out afresh from the rows, after the fact.
            store
                .connection()
                .execute_batch(
                    "UPDATE connection_rows SET previous_id = NULL, identity_id = NULL, traffic_bytes_in = NULL,
                         traffic_bytes_out = NULL, traffic_segments_in = NULL, traffic_segments_out = NULL;
                     DELETE FROM connection_heads; DELETE FROM connection_links;",
                )
                .unwrap();
            store.in_transaction(super::link).unwrap();
            assert_eq!(links(&store), at_insert, "group_files {group_files}");
        }
    }

    /// Ingests the samples and counts the connection rows updated between
    /// the last file written and the first days summarized: by linking.
    fn updates_by_linking(store: &mut Store, options: &Options) -> usize {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;

        let samples = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/tree"));
        let updates = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&updates);
        store
            .connection_mut()
            .update_hook(Some(move |action, _: &str, table: &str, _| {
                if action == rusqlite::hooks::Action::SQLITE_UPDATE && table == "connection_rows" {
                    counted.fetch_add(1, Ordering::SeqCst);
                }
            }))
            .unwrap();
        let (mut written, mut linked) = (0, None);
        ingest::run(store, &[samples], options, &mut |event| match event {
            ingest::Event::FileDone { .. } => written = updates.load(Ordering::SeqCst),
            ingest::Event::Summarized { .. } => {
                linked.get_or_insert(updates.load(Ordering::SeqCst));
            }
            _ => {}
        })
        .unwrap();
        store.connection_mut().update_hook(None::<fn(rusqlite::hooks::Action, &str, &str, i64)>).unwrap();
        linked.expect("days summarized") - written
    }

    /// Migration 0019 rebuilds `daily_services` of an existing database
    /// from `daily_endpoints` (pruned days have nothing else): the rows it
    /// writes are those the summaries write, new columns and all, but
    /// `seen_before` and `negotiated_before`, which came later (0056 and 0097
    /// fill them and rebuild the days).
    #[test]
    fn daily_services_rebuilt_by_migration_0019_equal_the_summaries() {
        let dir = tempfile::tempdir().unwrap();
        let samples = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/tree"));
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        ingest::run(&mut store, &[samples], &Options::default(), &mut |_| {}).unwrap();
        store
            .connection()
            .execute("UPDATE daily_services SET seen_before = NULL, negotiated_before = NULL", [])
            .unwrap();
        let services = |store: &Store| -> Vec<String> {
            summaries(store).into_iter().filter(|line| line.starts_with("daily_services:")).collect()
        };
        let summarized = services(&store);
        let weak: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM daily_services WHERE weak = 1 AND first_seen <> ''", [], |row| row.get(0))
            .unwrap();
        assert!(weak > 0, "some weak service rows with their times");
        let migration = include_str!("../../../migrations/0019_service_view.sql");
        // The rebuild alone: the indexes it made again are later migrations' to change.
        let rebuild =
            &migration[migration.find("DELETE FROM daily_services;").unwrap()..migration.find("DROP INDEX").unwrap()];
        store.connection().execute_batch(rebuild).unwrap();
        assert_eq!(services(&store), summarized);
    }

    /// Rebuilding days reads the summary tables by the day (an index
    /// bounded by it, or rowids), never every day of a stack: otherwise a day
    /// costs more the more days the database holds. (The endpoint days being
    /// replaced were read by the endpoint index bounded by system and stack.)
    /// The negotiation sets read the days' peers' rows by peer.
    #[test]
    fn rebuilding_days_reads_the_summary_tables_by_day() {
        let dir = tempfile::tempdir().unwrap();
        let samples = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/tree"));
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        ingest::run(&mut store, &[samples], &Options::default(), &mut |_| {}).unwrap();
        let tx = store.conn.transaction().unwrap();
        tx.execute_batch(super::DAYS_TABLE).unwrap();
        tx.execute("INSERT INTO temp.summary_days SELECT DISTINCT system, stack, capture_date FROM snapshots", [])
            .unwrap();
        let mut wide = reads_not_by_day(&tx, super::peers::BEGIN);
        wide.extend(reads_not_by_day(&tx, super::BEGIN));
        wide.extend(reads_not_by_day(&tx, super::directions::BEGIN));
        super::write_days(&tx).unwrap();
        wide.extend(reads_not_by_day(&tx, super::END));
        wide.extend(reads_not_by_day(&tx, super::peers::END));
        assert_eq!(wide, Vec::<String>::new());
        let sets: i64 = tx.query_row("SELECT count(*) FROM service_sets", [], |row| row.get(0)).unwrap();
        assert!(sets > 0, "the negotiation sets were counted");
        let regressions: i64 = tx.query_row("SELECT count(*) FROM regressions", [], |row| row.get(0)).unwrap();
        assert!(regressions > 0, "the statements ran and judged the steps");
    }

    /// Runs the statements of `sql` one by one and returns the steps of
    /// their plans that read a summary table other than by day or rowid.
    fn reads_not_by_day(tx: &rusqlite::Connection, sql: &str) -> Vec<String> {
        use rusqlite::fallible_iterator::FallibleIterator;

        let mut found = Vec::new();
        let mut statements = rusqlite::Batch::new(tx, sql);
        while let Some(mut statement) = statements.next().unwrap() {
            let text = statement.expanded_sql().unwrap();
            let mut plan = tx.prepare(&format!("EXPLAIN QUERY PLAN {text}")).unwrap();
            let steps: Vec<String> =
                plan.query_map([], |row| row.get(3)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
            for step in steps {
                let words: Vec<&str> = step.split_whitespace().collect();
                let summary = words.get(1).is_some_and(|table| SUMMARY_TABLES.contains(table));
                let by_peer = step.contains("remote_ip=?") || step.contains("service_id=?");
                if summary && !(step.contains("capture_date") || step.contains("rowid=?") || by_peer) {
                    found.push(step);
                }
            }
            statement.execute([]).unwrap();
        }
        found
    }

    #[test]
    fn summaries_built_a_day_per_transaction_equal_those_built_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let samples = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/tree"));
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        ingest::run(&mut store, &[samples], &Options::default(), &mut |_| {}).unwrap();
        let at_once = summaries(&store);
        assert!(at_once.iter().any(|line| line.starts_with("regressions:")));

        store.connection().execute(super::ALL_PENDING, []).unwrap();
        let mut transactions = 0;
        loop {
            let tx = store.conn.transaction().unwrap();
            let days = super::next_days(&tx, 1).unwrap();
            tx.commit().unwrap();
            if days == 0 {
                break;
            }
            assert_eq!(days, 1, "a day has more than one row: one day per transaction");
            transactions += 1;
        }
        assert!(transactions > 3, "{transactions}");
        assert_eq!(summaries(&store), at_once);

        // Every other day of each stack again, in one transaction: each day
        // after the first follows a day not summarized with it.
        store
            .connection()
            .execute_batch(
                "INSERT INTO summaries_pending (system, stack, capture_date)
                 SELECT system, stack, capture_date FROM (
                     SELECT DISTINCT system, stack, capture_date FROM snapshots) d
                 WHERE (SELECT count(DISTINCT s.capture_date) FROM snapshots s
                        WHERE s.system = d.system AND s.stack = d.stack AND s.capture_date < d.capture_date) % 2 = 0",
            )
            .unwrap();
        let tx = store.conn.transaction().unwrap();
        assert!(super::next_days(&tx, i64::MAX).unwrap() > 3);
        tx.commit().unwrap();
        assert_eq!(summaries(&store), at_once);
    }
}
