//! The evidence of services of the pending days (see `sql/summarize/evidence-begin.sql`),
//! worked out in one pass over each day's connection rows: the GROUP BYs
//! that said the same in SQL sorted every row twice.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, Transaction};

use crate::model::ipv4_form;

/// Clears the pending days' evidence, keeping what the stacks had.
const BEGIN: &str = include_str!("../../../sql/summarize/evidence-begin.sql");
/// Marks pending the other days of a stack whose evidence changed.
const END: &str = include_str!("../../../sql/summarize/evidence-end.sql");

const PENDING_DAYS: &str = include_str!("../../../sql/summarize/evidence-pending-days.sql");

const DAY_ROWS: &str = include_str!("../../../sql/summarize/evidence-day-rows.sql");

const INSERT: &str = include_str!("../../../sql/summarize/evidence-insert.sql");

/// The first value seen in a group, until a second, different one makes it `None`.
type OneOrMore<T> = Option<T>;

/// A group's value (one or more) and the jobs of its rows.
type Group<T> = (OneOrMore<T>, BTreeSet<String>);

/// Adds a row's value, and its job, to its group.
fn add<K: Eq + std::hash::Hash, T: PartialEq>(groups: &mut HashMap<K, Group<T>>, key: K, value: T, job: &str) {
    match groups.get_mut(&key) {
        Some((seen, jobs)) => {
            if seen.as_ref().is_some_and(|first| *first != value) {
                *seen = None;
            }
            jobs.insert(job.to_string());
        }
        None => {
            groups.insert(key, (Some(value), BTreeSet::from([job.to_string()])));
        }
    }
}

/// Works out the evidence of every pending day (and what follows from a
/// stack's evidence changing).
pub(super) fn gather(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(BEGIN)?;
    let days: Vec<(String, String, String)> = tx
        .prepare(PENDING_DAYS)?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut select = tx.prepare(DAY_ROWS)?;
    let mut insert = tx.prepare(INSERT)?;
    for (system, stack, date) in &days {
        for (evidence, port, remote_ip, job) in day(&mut select, system, stack, date)? {
            insert.execute(params![system, stack, date, evidence, port, remote_ip, job])?;
        }
    }
    tx.execute_batch(END)
}

/// One piece of evidence: (evidence, port, remote address or '', the job
/// of the listener or of the rows that gave it, or '').
type Evidence = (&'static str, i64, String, String);

/// The evidence of one day: `listener` (a listener on the local port, with
/// its job: it counts on any day for its own job, and for another job on its
/// own day below port 1024, in its own run from 1024 up, migrations 0045 and
/// 0058), `listeners shown` (port 0: the day's
/// captures print the stack's listeners, so a local port with none is a
/// client's, migration 0035; a list filtered by its command shows only
/// some), `peers` (a local socket that served two or
/// more remote sockets in one snapshot), `remote` (a remote socket reached
/// from two or more local ports in one snapshot); these two once for each
/// job of their rows: from port 1024 up they count on another day for their
/// own job alone, as a listener does (migration 0087); `session` (a local
/// port from 1024 up, a job and a peer: in one snapshot the job held a
/// connection with that peer from the port while it held another with the
/// same peer that a listener of another job had accepted, on a port other
/// than this one plus one: a z/OS FTP login session's passive-mode data
/// connection, its control connection inherited from the daemon and its
/// active-mode data sent from the control port less one, migration 0090).
fn day(
    select: &mut rusqlite::Statement<'_>,
    system: &str,
    stack: &str,
    date: &str,
) -> rusqlite::Result<BTreeSet<Evidence>> {
    let mut found = BTreeSet::new();
    // (snapshot, local address, local port): the remote socket.
    let mut peers: HashMap<(i64, Option<String>, i64), Group<String>> = HashMap::new();
    // (snapshot, remote address, remote port): the local port.
    let mut remotes: HashMap<(i64, String, i64), Group<i64>> = HashMap::new();
    // (snapshot, local port): the jobs listening on it.
    let mut listeners: HashMap<(i64, i64), BTreeSet<String>> = HashMap::new();
    // Each connection with a job and a peer: (snapshot, job, peer), local port.
    let mut connections: Vec<((i64, String, String), i64)> = Vec::new();
    let mut rows = select.query(params![system, stack, date])?;
    while let Some(row) = rows.next()? {
        let snapshot_id: i64 = row.get(0)?;
        let state = row.get_ref(1)?.as_str_or_null()?;
        let local_port: Option<i64> = row.get(3)?;
        let remote_port: Option<i64> = row.get(5)?;
        let Some(local_port) = local_port else { continue };
        // As SQL's `state NOT IN ('Listen', 'UDP')`: no state is neither.
        match state {
            Some("Listen") => {
                let job: String = row.get::<_, Option<String>>(6)?.unwrap_or_default();
                listeners.entry((snapshot_id, local_port)).or_default().insert(job.clone());
                found.insert(("listener", local_port, String::new(), job));
                // A list its command filtered (`(CLIENT FTPD1`, `-E`, `PORT=`)
                // shows some listeners, not the stack's.
                if !row.get::<_, bool>(7)? {
                    found.insert(("listeners shown", 0, String::new(), String::new()));
                }
                continue;
            }
            None | Some("UDP") => continue,
            Some(_) => {}
        }
        let Some(remote_port) = remote_port else { continue };
        let remote_ip: Option<String> = row.get(4)?;
        let job: Option<String> = row.get(6)?;
        let job = job.unwrap_or_default();
        // A remote address in its IPv4 form: `::ffff:10.8.0.5`, as a dual-mode
        // stack prints an IPv4 peer of an IPv6 socket, is `10.8.0.5` (0037).
        let socket = format!("{}..{remote_port}", remote_ip.as_deref().map(ipv4_form).unwrap_or_default());
        add(&mut peers, (snapshot_id, row.get(2)?, local_port), socket, &job);
        if let Some(remote_ip) = remote_ip {
            let peer = ipv4_form(&remote_ip).to_string();
            if !job.is_empty() {
                connections.push(((snapshot_id, job.clone(), peer.clone()), local_port));
            }
            add(&mut remotes, (snapshot_id, peer, remote_port), local_port, &job);
        }
    }
    // The local ports of each job's connections with a peer that a listener
    // of another job accepted in the snapshot.
    let mut handed: HashMap<&(i64, String, String), Vec<i64>> = HashMap::new();
    for (key, port) in &connections {
        if listeners.get(&(key.0, *port)).is_some_and(|jobs| jobs.iter().any(|job| *job != key.1)) {
            handed.entry(key).or_default().push(*port);
        }
    }
    for (key, port) in &connections {
        if *port >= 1024 && handed.get(key).is_some_and(|ports| ports.iter().any(|p| *p != *port && *p != *port + 1)) {
            found.insert(("session", *port, key.2.clone(), key.1.clone()));
        }
    }
    for ((_, _, port), (first, jobs)) in peers {
        if first.is_none() {
            found.extend(jobs.into_iter().map(|job| ("peers", port, String::new(), job)));
        }
    }
    for ((_, remote_ip, port), (first, jobs)) in remotes {
        if first.is_none() {
            found.extend(jobs.into_iter().map(|job| ("remote", port, remote_ip.clone(), job)));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The evidence of SYSA TCPIP's 1 January 2026 after `rows` (SQL that
    /// inserts snapshots and connections), without the files and reports
    /// they came from: only what the evidence reads.
    fn evidence_of(rows: &str) -> BTreeSet<super::Evidence> {
        let conn = crate::store::scratch().unwrap();
        conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {rows}")).unwrap();
        let mut select = conn.prepare(super::DAY_ROWS).unwrap();
        super::day(&mut select, "SYSA", "TCPIP", "2026-01-01").unwrap()
    }

    /// The rules of the SQL this replaced, worked out by hand for each row
    /// (and, since 0035, the listener on 1414 says the day shows listeners;
    /// since 0045 it keeps its job):
    /// no state is no evidence, UDP is none, a local address printed by
    /// no report groups with the others of its port, remote sockets count
    /// only within one snapshot, and a remote socket needs its address;
    /// since 0087 peers and remote sockets keep the jobs of their rows (two
    /// jobs on 1415: two entries).
    #[test]
    fn a_day_s_evidence_follows_the_rules_of_direction() {
        let found = evidence_of(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (1, 'SYSA', 'TCPIP', '2026-01-01', 'a', '2026-01-01T08:00:00'),
                 (2, 'SYSA', 'TCPIP', '2026-01-01', 'b', '2026-01-01T09:00:00'),
                 (3, 'SYSA', 'TCPIP', '2026-01-02', 'c', '2026-01-02T08:00:00');
             INSERT INTO connections (snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                                      state, local_ip, local_port, remote_ip, remote_port) VALUES
                 (1, 1, 1, 1, '01', 'CSQ2CHIN', 'Listen', '0.0.0.0', 1414, '0.0.0.0', 0),
                 (1, 1, 2, 1, '02', 'BATCH1', 'Establsh', '10.1.1.1', 1415, '10.2.0.1', 5000),
                 (1, 1, 3, 1, '03', 'BATCH2', 'Establsh', '10.1.1.1', 1415, '10.2.0.2', 5001),
                 (1, 1, 4, 1, '04', 'BATCH1', 'Establsh', NULL, 1416, '10.2.0.3', 6000),
                 (1, 1, 5, 1, '05', 'BATCH1', 'Establsh', NULL, 1416, '10.2.0.4', 6001),
                 (1, 1, 6, 1, '06', 'BATCH1', 'Establsh', '10.1.1.1', 1417, '10.2.0.5', 7000),
                 (2, 1, 6, 1, '07', 'BATCH1', 'Establsh', '10.1.1.1', 1417, '10.2.0.6', 7001),
                 (1, 1, 7, 1, '08', 'BATCH1', NULL, '10.1.1.1', 1418, '10.2.0.7', 8000),
                 (1, 1, 8, 1, '09', 'BATCH1', NULL, '10.1.1.1', 1418, '10.2.0.8', 8001),
                 (1, 1, 9, 1, '0A', 'BATCH1', 'UDP', '10.1.1.1', 1419, '10.2.0.9', 9000),
                 (1, 1, 10, 1, '0B', 'BATCH1', 'UDP', '10.1.1.1', 1419, '10.2.0.10', 9001),
                 (1, 1, 11, 1, '0C', 'BATCH1', 'Establsh', '10.1.1.1', 3000, '10.9.9.9', 443),
                 (1, 1, 12, 1, '0D', 'BATCH1', 'Establsh', '10.1.1.1', 3001, '10.9.9.9', 443),
                 (1, 1, 13, 1, '0E', 'BATCH1', 'Establsh', '10.1.1.1', 3002, NULL, 444),
                 (1, 1, 14, 1, '0F', 'BATCH1', 'Establsh', '10.1.1.1', 3003, NULL, 444),
                 (3, 1, 1, 1, '01', 'CSQ2CHIN', 'Listen', '0.0.0.0', 1420, '0.0.0.0', 0);",
        );
        let expected: BTreeSet<super::Evidence> = [
            ("listener", 1414, "", "CSQ2CHIN"),
            ("listeners shown", 0, "", ""),
            ("peers", 1415, "", "BATCH1"),
            ("peers", 1415, "", "BATCH2"),
            ("peers", 1416, "", "BATCH1"),
            ("remote", 443, "10.9.9.9", "BATCH1"),
        ]
        .into_iter()
        .map(|(evidence, port, ip, job)| (evidence, port, ip.to_string(), job.to_string()))
        .collect();
        assert_eq!(found, expected);
    }

    /// `session` (0090), worked out by hand for each row of one day's two
    /// snapshots:
    /// - FTPD12 holds 21 from 10.40.2.15, accepted by FTPD1's listener (of
    ///   another job), and 1033 with the same client (printed
    ///   `::ffff:10.40.2.15`, the same address): `session` 1033 for FTPD12;
    ///   its port 20 with that client is below 1024 (active-mode data), and
    ///   1040 to 10.40.2.99 has another peer: nothing.
    /// - FTPD21 holds 2121 from 10.40.2.16 (FTPD2's listener) and 2120 with
    ///   it: the control port less one, active-mode data: nothing.
    /// - CSQ1CHIN holds 1414 from 10.1.2.2, accepted by its own listener,
    ///   and 1060 to 10.1.2.2..1414 (its sender channel): nothing.
    /// - FTPD14's control connection (10.1.1.3..21) is in the first
    ///   snapshot, its 1034 with the same client in the second: runs apart,
    ///   nothing.
    #[test]
    fn a_session_s_connection_with_its_client_is_evidence_in_its_run() {
        let found = evidence_of(
            "INSERT INTO snapshots (snapshot_id, system, stack, capture_date, run_key, captured_at) VALUES
                 (1, 'SYSA', 'TCPIP', '2026-01-01', 'a', '2026-01-01T08:00:00'),
                 (2, 'SYSA', 'TCPIP', '2026-01-01', 'b', '2026-01-01T09:00:00');
             INSERT INTO connections (snapshot_id, capture_id, source_line, source_rank, conn_id, job,
                                      state, local_ip, local_port, remote_ip, remote_port) VALUES
                 (1, 1, 1, 1, '01', 'FTPD1', 'Listen', '0.0.0.0', 21, '0.0.0.0', 0),
                 (1, 1, 2, 1, '02', 'FTPD12', 'Establsh', '10.1.1.2', 21, '10.40.2.15', 50120),
                 (1, 1, 3, 1, '03', 'FTPD12', 'Establsh', '10.1.1.2', 1033, '::ffff:10.40.2.15', 50121),
                 (1, 1, 4, 1, '04', 'FTPD12', 'Establsh', '10.1.1.2', 20, '10.40.2.15', 50122),
                 (1, 1, 5, 1, '05', 'FTPD12', 'Establsh', '10.1.1.2', 1040, '10.40.2.99', 50123),
                 (1, 1, 6, 1, '06', 'FTPD2', 'Listen', '0.0.0.0', 2121, '0.0.0.0', 0),
                 (1, 1, 7, 1, '07', 'FTPD21', 'Establsh', '10.1.1.2', 2121, '10.40.2.16', 50200),
                 (1, 1, 8, 1, '08', 'FTPD21', 'Establsh', '10.1.1.2', 2120, '10.40.2.16', 50201),
                 (1, 1, 9, 1, '09', 'CSQ1CHIN', 'Listen', '0.0.0.0', 1414, '0.0.0.0', 0),
                 (1, 1, 10, 1, '0A', 'CSQ1CHIN', 'Establsh', '10.1.1.2', 1414, '10.1.2.2', 1050),
                 (1, 1, 11, 1, '0B', 'CSQ1CHIN', 'Establsh', '10.1.1.2', 1060, '10.1.2.2', 1414),
                 (1, 1, 12, 1, '0C', 'FTPD14', 'Establsh', '10.1.1.3', 21, '10.40.2.15', 50129),
                 (2, 1, 1, 1, '01', 'FTPD1', 'Listen', '0.0.0.0', 21, '0.0.0.0', 0),
                 (2, 1, 2, 1, '0D', 'FTPD14', 'Establsh', '10.1.1.3', 1034, '10.40.2.15', 50130);",
        );
        let sessions: Vec<_> = found.into_iter().filter(|e| e.0 == "session").collect();
        assert_eq!(sessions, [("session", 1033, "10.40.2.15".to_string(), "FTPD12".to_string())]);
    }
}
