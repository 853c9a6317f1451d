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

use rusqlite::{params, OptionalExtension, Statement, Transaction};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::hash_map::Entry;

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

/// A connection's strongest entry before any of its rows of the days being
/// summarized is read.
const CARRIED: &str = include_str!("../../../sql/summarize/directions-carried.sql");

/// Whether the days being summarized had entries before.
const KEPT: &str = include_str!("../../../sql/summarize/directions-kept.sql");

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

/// A connection's strongest entry as `v_connection_core`'s `carried` takes
/// it: rank, date and direction.
type Carried = Option<(i64, Box<str>, Box<str>)>;

/// A connection's strongest entry on the days not being summarized, as its
/// first row read it, and now.
struct Strongest {
    other_days: Best,
    now: Carried,
}

/// The entries being written and what each row read.
pub(super) struct Directions<'c> {
    insert: Statement<'c>,
    stronger: Statement<'c>,
    carried: Statement<'c>,
    /// Per connection, its strongest entry as its next row reads it: read
    /// once ([`CARRIED`]), then kept as its rows write theirs, where the
    /// view looked it up again for every row.
    strongest: HashMap<i64, Strongest>,
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
    /// For the rows of `days-rows.sql`.
    pub(super) fn new(tx: &'c Transaction<'_>) -> rusqlite::Result<Directions<'c>> {
        Ok(Directions {
            insert: tx.prepare(INSERT)?,
            stronger: tx.prepare(STRONGER)?,
            carried: tx.prepare(CARRIED)?,
            strongest: HashMap::default(),
            read: HashMap::default(),
            changed: HashSet::default(),
        })
    }

    /// The direction of a row of `days-rows.sql`, as `v_connection_core`
    /// gives it: the strongest entry of its connection (`identity`) where
    /// the row's own evidence (`rank`, none for an endpoint that is no
    /// connection) is weaker, else the row's own (`own`).
    pub(super) fn direction<'a>(
        &'a mut self,
        identity: Option<i64>,
        rank: Option<i64>,
        own: Option<&'a str>,
    ) -> rusqlite::Result<Option<&'a str>> {
        let (Some(identity), Some(rank)) = (identity, rank) else { return Ok(own) };
        Ok(match self.strongest(identity)? {
            Some((carried, _, direction)) if *carried < rank => Some(direction),
            _ => own,
        })
    }

    /// The strongest entry of the connection `identity` now.
    fn strongest(&mut self, identity: i64) -> rusqlite::Result<&Carried> {
        Ok(&match self.strongest.entry(identity) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(unknown) => {
                let now: Carried = self
                    .carried
                    .query_row([identity], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                    .optional()?
                    .map(|(rank, date, direction): (i64, String, String)| (rank, date.into(), direction.into()));
                let other_days = now.as_ref().map(|(rank, date, _)| (*rank, date.to_string()));
                unknown.insert(Strongest { other_days, now })
            }
        }
        .now)
    }

    /// A row of `days-rows.sql` of the day (`system`, `stack`, `date`), of
    /// the connection `identity`, its own evidence `rank` giving the
    /// direction `own` (after [`Directions::direction`] for the row).
    pub(super) fn row(
        &mut self,
        (identity, rank, own): (Option<i64>, Option<i64>, Option<&str>),
        (system, stack, date): (&str, &str, &str),
    ) -> rusqlite::Result<()> {
        let (Some(identity), Some(rank)) = (identity, rank) else {
            return Ok(());
        };
        self.strongest(identity)?;
        // Read without a copy: most rows of a day read what the first did.
        let seen = self.strongest[&identity].now.as_ref().map(|(rank, from, _)| (*rank, &**from));
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
            let direction = own.unwrap_or_default();
            match read.written.replace(rank) {
                None => self.insert.execute(params![identity, date, system, stack, rank, direction])?,
                Some(weaker) => self.stronger.execute(params![identity, date, rank, weaker, direction])?,
            };
            if seen.is_none_or(|(best, _)| rank < best) {
                self.changed.insert(identity);
            }
            // The first in the order of the table's key: rank, then date.
            if seen.is_none_or(|best| (rank, date) < best) {
                let strongest = self.strongest.get_mut(&identity).expect("read above");
                strongest.now = Some((rank, date.into(), direction.into()));
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
        // A first load of the days, most often: what a connection's rows
        // read and wrote tells its strongest entry now and before, where
        // [`BEST`] looked each up again.
        let kept: bool = tx.query_row(KEPT, [], |row| row.get(0))?;
        for identity in changed {
            let known = self.strongest.get(&identity).filter(|_| !kept);
            let (now, before) = match known {
                Some(known) => {
                    (known.now.as_ref().map(|(rank, date, _)| (*rank, date.to_string())), known.other_days.clone())
                }
                None => best.query_row([identity], |row| {
                    // The days' own entries as they were, or another day's: the stronger.
                    let before = [row.get::<_, Option<String>>(1)?, row.get(2)?].into_iter().flatten().min();
                    Ok((entry(row.get(0)?), entry(before)))
                })?,
            };
            for (date, read) in self.read.get(&identity).into_iter().flatten() {
                if !stands(&read.seen, read.varied, &now, read.weakest) {
                    stale.insert((read.system.clone(), read.stack.clone(), date.clone()));
                }
            }
            // The entry keeps a day's strongest evidence: any row of it may
            // be weaker, so it stands only if the strongest did not change.
            // (A connection whose first row read no entry has none on other days.)
            if now != before && known.is_none_or(|known| known.other_days.is_some()) {
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
