//! Merges the connection records of the reports of one capture file before
//! they are written. A TSO capture holds every report of a snapshot, so the
//! ALL block, the ALLCONN line and the TTLS `ConnID:` block of a connection
//! become one record, written once, instead of three upserts for the store
//! to merge. The rules are the store's (see `store::write`): the most
//! detailed source wins field by field, a field it leaves empty is filled
//! from the next, and between records of one source the first in the file
//! wins. Records in different files are still merged by the store.

use chrono::NaiveDate;
// Looked up once per connection record on the writer's thread: a fast hash.
use rustc_hash::FxHashMap as HashMap;

use crate::model::{ipv4_form, Connection, ConnectionSource, ParsedReport};

/// Merges the connections of one file's `reports` (in file order) that
/// belong to the same snapshot (and capture run of the file) and conn id
/// into one record, which stays in the report of its most detailed source. A record merged into another is
/// removed, unless it holds attributes, prints other sockets or the counters
/// the other lacked: those belong to its own report, so it stays and is
/// written too (its fields have been taken already); the store keeps its
/// other sockets, and where the counters were printed, as attributes.
pub fn connections(reports: &mut [ParsedReport]) {
    let mut snapshots: Vec<(&str, &str, NaiveDate, u32)> = Vec::new();
    let snapshot_of: Vec<usize> = reports
        .iter()
        .map(|r| {
            let key = (r.whereabouts.system.as_str(), r.header.stack.as_str(), r.whereabouts.date, r.run.index);
            snapshots.iter().position(|s| *s == key).unwrap_or_else(|| {
                snapshots.push(key);
                snapshots.len() - 1
            })
        })
        .collect();

    number_unnumbered(reports, &snapshot_of);
    set_apart_reused(reports, &snapshot_of);
    let mut survivors: HashMap<(usize, String), (usize, usize)> = HashMap::default();
    let mut removed: Vec<Vec<bool>> = reports.iter().map(|r| vec![false; r.records.connections.len()]).collect();
    for report in 0..reports.len() {
        for record in 0..reports[report].records.connections.len() {
            let key = (snapshot_of[report], reports[report].records.connections[record].conn_id.clone());
            let Some(&earlier) = survivors.get(&key) else {
                survivors.insert(key, (report, record));
                continue;
            };
            let later = (report, record);
            let later_wins = rank(connection(reports, later)) < rank(connection(reports, earlier));
            let (winner, loser) = if later_wins { (later, earlier) } else { (earlier, later) };
            let other_sockets = connection(reports, loser).prints_other_sockets(connection(reports, winner));
            // Counters the record that stands takes are named where printed.
            let counters =
                connection(reports, loser).prints_counters() && !connection(reports, winner).prints_counters();
            let loser_record = connection_mut(reports, loser);
            loser_record.counters_taken |= counters;
            if loser_record.attributes.is_empty() && !other_sockets && !counters {
                let taken = std::mem::take(loser_record);
                removed[loser.0][loser.1] = true;
                let survivor = connection_mut(reports, winner);
                survivor.merge_from(&taken);
                survivor.merged += 1 + taken.merged;
            } else {
                let kept = loser_record.clone();
                connection_mut(reports, winner).merge_from(&kept);
            }
            survivors.insert(key, winner);
        }
    }
    for (report, removed) in reports.iter_mut().zip(removed) {
        let mut removed = removed.into_iter();
        report.records.connections.retain(|_| !removed.next().unwrap_or(false));
    }
}

/// Gives a connection whose report printed no conn id (see
/// [`Connection::unnumbered_id`]) the id of the connection of its snapshot
/// with the same job, local port and foreign socket (an IPv4-mapped address
/// and its IPv4 form alike), when one report prints it; so its byte counts
/// join that connection. Unmatched, it keeps its made-up id, and another
/// file of the run may match it later.
fn number_unnumbered(reports: &mut [ParsedReport], snapshot_of: &[usize]) {
    type Key = (usize, Option<String>, Option<u16>, Option<(String, Option<u16>)>);
    let key = |snapshot: usize, c: &Connection| -> Key {
        // A socket printed in its IPv4-mapped form by one report and its IPv4
        // form by another is the same socket.
        let remote = c.remote.as_ref().map(|s| (ipv4_form(&s.ip).to_string(), s.port));
        (snapshot, c.job.clone(), c.local.as_ref().and_then(|s| s.port), remote)
    };
    let unnumbered = |r: &ParsedReport| r.records.connections.iter().any(Connection::is_unnumbered);
    if !reports.iter().any(unnumbered) {
        return;
    }
    let mut printed: HashMap<Key, String> = HashMap::default();
    for (report, snapshot) in reports.iter().zip(snapshot_of) {
        for c in report.records.connections.iter().filter(|c| !c.is_unnumbered()) {
            printed.entry(key(*snapshot, c)).or_insert_with(|| c.conn_id.clone());
        }
    }
    for (report, snapshot) in reports.iter_mut().zip(snapshot_of) {
        for c in report.records.connections.iter_mut().filter(|c| c.is_unnumbered()) {
            if let Some(id) = printed.get(&key(*snapshot, c)) {
                c.conn_id.clone_from(id);
            }
        }
    }
}

/// Sets apart each TTLS record that prints another job or socket than the
/// most detailed record of another report of its snapshot under the same
/// conn id (the first of them in the file): another connection, which
/// reused the conn id ([`Connection::reuses_conn_id_of`]). It and its TLS
/// session are written under its own id, never merged into that one.
fn set_apart_reused(reports: &mut [ParsedReport], snapshot_of: &[usize]) {
    let mut standing: HashMap<(usize, &str), &Connection> = HashMap::default();
    for (report, snapshot) in reports.iter().zip(snapshot_of) {
        for c in report.records.connections.iter().filter(|c| c.source != Some(ConnectionSource::Ttls)) {
            let known = standing.entry((*snapshot, c.conn_id.as_str())).or_insert(c);
            if rank(c) < rank(known) {
                *known = c;
            }
        }
    }
    let mut apart: Vec<(usize, usize)> = Vec::new();
    for (index, (report, snapshot)) in reports.iter().zip(snapshot_of).enumerate() {
        for (record, c) in report.records.connections.iter().enumerate() {
            if standing.get(&(*snapshot, c.conn_id.as_str())).is_some_and(|known| c.reuses_conn_id_of(known)) {
                apart.push((index, record));
            }
        }
    }
    for (report, record) in apart {
        let records = &mut reports[report].records;
        let c = &mut records.connections[record];
        let (printed, line) = (c.conn_id.clone(), c.line);
        let own = c.set_apart();
        for session in records.tls_sessions.iter_mut().filter(|s| s.conn_id == printed && s.line == line) {
            session.conn_id.clone_from(&own);
        }
    }
}

fn connection(reports: &[ParsedReport], (report, record): (usize, usize)) -> &Connection {
    &reports[report].records.connections[record]
}

fn connection_mut(reports: &mut [ParsedReport], (report, record): (usize, usize)) -> &mut Connection {
    &mut reports[report].records.connections[record]
}

/// Lower is more detailed; a record without a source ranks last.
fn rank(connection: &Connection) -> i64 {
    connection.source.map_or(i64::MAX, |s| s as i64)
}
