//! One direction for a connection's whole life (migration 0058): each day's
//! rows of a connection (identity) leave in `connection_directions` the
//! strongest evidence of direction they had of their own (its rank, 1
//! strongest, as `v_connection_core.evidence_rank` gives it), and a row
//! whose own evidence is weaker than the strongest of any day of its
//! connection takes that day's direction (`direction_evidence` `same
//! connection`): a connection shown outbound by `no listener` on 1 March is
//! not made inbound by the port numbers on 2 March, when only a TTLS report
//! printed it.
//!
//! The days being summarized are read in capture order, so a later day
//! reads what an earlier one left. What a day leaves can change what
//! another day read: such days are summarized again ([`Directions::stale`]).

use rusqlite::{params, Row, Statement, Transaction};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Keeps the entries of the days being summarized as they were, and
/// clears them.
pub(super) const BEGIN: &str = include_str!("../../../sql/summarize/directions-begin.sql");

/// A connection's entry of a day, and a stronger one for it: the table is
/// keyed by rank (migration 0071), so the entry is written once and then
/// changed where it is, never given a second key.
const INSERT: &str = include_str!("../../../sql/summarize/directions-insert.sql");
const STRONGER: &str = include_str!("../../../sql/summarize/directions-stronger.sql");

/// The identities whose entries of the days being summarized changed.
const CHANGED: &str = include_str!("../../../sql/summarize/directions-changed.sql");

/// A connection's strongest entry now, and before the days being summarized.
const BEST: &str = include_str!("../../../sql/summarize/directions-best.sql");

/// A connection's entries on days not being summarized.
const OTHER_DAYS: &str = include_str!("../../../sql/summarize/directions-other-days.sql");

/// The strongest entry of a connection: rank and date (none: `None`).
type Best = Option<(i64, String)>;

/// What the rows of a connection read on a day being summarized.
struct Read {
    system: String,
    stack: String,
    /// The strongest entry the first row read.
    seen: Best,
    /// A later row read another.
    varied: bool,
    /// The weakest own evidence of its rows (the highest rank).
    weakest: i64,
    /// The rank of the entry written for the day (none yet: `None`).
    written: Option<i64>,
}

/// Where the columns it reads are in `days-rows.sql`: identity, own rank,
/// own direction, carried rank and date.
type Columns = [usize; 5];

/// The entries being written and what each row read.
pub(super) struct Directions<'c> {
    insert: Statement<'c>,
    stronger: Statement<'c>,
    columns: Columns,
    /// Per connection, per date.
    read: HashMap<i64, Vec<(String, Read)>>,
    /// Connections whose strongest entry changed as rows were read.
    changed: HashSet<i64>,
}

/// An entry as [`BEST`] gives it: its rank (one digit) and date in one
/// text, whose order is theirs.
fn entry(text: Option<String>) -> Best {
    let text = text?;
    let rank = text.get(..1)?.parse().ok()?;
    Some((rank, text[1..].to_string()))
}

/// Whether a day built with `seen` (or rows that read something else:
/// `varied`) stands with `now`, its rows' own evidence no weaker than
/// `weakest`: only a row whose own evidence is weaker than an entry takes it.
fn stands(seen: &Best, varied: bool, now: &Best, weakest: i64) -> bool {
    let carries = |best: &Best| best.as_ref().is_some_and(|(rank, _)| *rank < weakest);
    !varied && seen == now || !carries(seen) && !carries(now)
}

impl<'c> Directions<'c> {
    /// For the rows of `select` (`days-rows.sql`).
    pub(super) fn new(tx: &'c Transaction<'_>, select: &Statement<'_>) -> rusqlite::Result<Directions<'c>> {
        let names = ["identity_id", "evidence_rank", "own_direction", "carried_rank", "carried_from"];
        let mut columns = [0; 5];
        for (column, name) in columns.iter_mut().zip(names) {
            *column = select.column_index(name)?;
        }
        Ok(Directions {
            insert: tx.prepare(INSERT)?,
            stronger: tx.prepare(STRONGER)?,
            columns,
            read: HashMap::default(),
            changed: HashSet::default(),
        })
    }

    /// A row of `days-rows.sql` of the day (`system`, `stack`, `date`).
    pub(super) fn row(&mut self, row: &Row<'_>, (system, stack, date): (&str, &str, &str)) -> rusqlite::Result<()> {
        let [identity, own_rank, own_direction, carried_rank, carried_from] = self.columns;
        let (Some(identity), Some(rank)) = (row.get::<_, Option<i64>>(identity)?, row.get(own_rank)?) else {
            return Ok(());
        };
        // Read without a copy: most rows of a day read what the first did.
        let seen = match row.get::<_, Option<i64>>(carried_rank)? {
            Some(carried) => Some((carried, row.get_ref(carried_from)?.as_str()?)),
            None => None,
        };
        let days = self.read.entry(identity).or_default();
        let at = match days.iter().position(|(day, _)| day == date) {
            Some(at) => at,
            None => {
                let (system, stack) = (system.to_string(), stack.to_string());
                let seen = seen.map(|(rank, from)| (rank, from.to_string()));
                let read = Read { system, stack, seen, varied: false, weakest: rank, written: None };
                days.push((date.to_string(), read));
                days.len() - 1
            }
        };
        let read = &mut days[at].1;
        read.varied |= read.seen.as_ref().map(|(rank, from)| (*rank, from.as_str())) != seen;
        read.weakest = read.weakest.max(rank);
        if read.written.is_none_or(|written| rank < written) {
            let direction = row.get_ref(own_direction)?.as_str()?;
            match read.written.replace(rank) {
                None => self.insert.execute(params![identity, date, system, stack, rank, direction])?,
                Some(weaker) => self.stronger.execute(params![identity, date, rank, weaker, direction])?,
            };
            if seen.is_none_or(|(best, _)| rank < best) {
                self.changed.insert(identity);
            }
        }
        Ok(())
    }

    /// The days (system, stack, date) that read an entry that is no longer
    /// the strongest of their connection, to be summarized again.
    pub(super) fn stale(self, tx: &Transaction<'_>) -> rusqlite::Result<Vec<(String, String, String)>> {
        let mut changed = self.changed;
        let mut identities = tx.prepare(CHANGED)?;
        let mut rows = identities.query([])?;
        while let Some(row) = rows.next()? {
            changed.insert(row.get(0)?);
        }
        let mut best = tx.prepare(BEST)?;
        let mut other_days = tx.prepare(OTHER_DAYS)?;
        let mut stale: HashSet<(String, String, String)> = HashSet::default();
        let mut changed: Vec<i64> = changed.into_iter().collect();
        changed.sort_unstable();
        for identity in changed {
            let (now, before) = best.query_row([identity], |row| {
                // The days' own entries as they were, or another day's: the stronger.
                let before = [row.get::<_, Option<String>>(1)?, row.get(2)?].into_iter().flatten().min();
                Ok((entry(row.get(0)?), entry(before)))
            })?;
            for (date, read) in self.read.get(&identity).into_iter().flatten() {
                if !stands(&read.seen, read.varied, &now, read.weakest) {
                    stale.insert((read.system.clone(), read.stack.clone(), date.clone()));
                }
            }
            // The entry keeps a day's strongest evidence: any row of it may
            // be weaker, so it stands only if the strongest did not change.
            if now != before {
                let mut rows = other_days.query([identity])?;
                while let Some(row) = rows.next()? {
                    stale.insert((row.get(0)?, row.get(1)?, row.get(2)?));
                }
            }
        }
        let mut stale: Vec<_> = stale.into_iter().collect();
        stale.sort_unstable();
        Ok(stale)
    }
}
