//! A large capture is read as a stream (issue 16 point 4): in parts cut
//! where a record starts, the file read through a bounded buffer, the parts
//! written apart and merged by the store. A tiny part size makes every
//! record a part of its own and cuts every line between two reads; the rows
//! and problems must be those of the same capture read whole.

use rusqlite::types::Value;
use ttlsinv::ingest::{self, Options};
use ttlsinv::store::Store;

use crate::util::{project, TestDir};

/// Every row of `sql`, its cells shown and joined by `|`.
pub(crate) fn rows(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.connection().prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |row| {
        (0..columns)
            .map(|i| {
                row.get::<_, Value>(i).map(|v| match v {
                    Value::Null => "-".to_string(),
                    Value::Integer(n) => n.to_string(),
                    Value::Real(r) => r.to_string(),
                    Value::Text(t) => t,
                    Value::Blob(_) => "blob".to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|cells| cells.join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Ingests the tree at `root` with parts of `chunk_bytes` (0: the default,
/// under which a small file is read whole); returns the summary line and
/// the store.
pub(crate) fn ingest(dir: &TestDir, root: &std::path::Path, chunk_bytes: usize) -> (String, Store) {
    let mut store = Store::open(&dir.path(&format!("chunk-{chunk_bytes}.db"))).unwrap();
    let options = Options { chunk_bytes, ..Options::default() };
    let summary = ingest::run(&mut store, &[root.to_path_buf()], &options, &mut |_| {}).unwrap();
    (summary.to_string(), store)
}

/// The hand-written capture of tests/fixtures/stream: a TTLS DETAIL report
/// (two connections, each with its rule) before the ALL report (three
/// blocks, one with a BytesIn that is not a number) and the ALLCONN report
/// (five rows, one with four columns). Each connection of ALL is printed by
/// two or three reports, the TTLS one first: in parts, it is inserted from
/// TTLS and then merged with ALL (more detailed: it wins field by field)
/// and ALLCONN, as a whole read merges them in memory. CICSPRD1's ALL block
/// prints no sockets (line 50 holds its segments instead): its sockets are
/// those TTLS and ALLCONN print, filled in.
#[test]
fn a_capture_cut_into_parts_gives_the_rows_and_problems_of_the_capture_read_whole() {
    let dir = TestDir::new();
    let text = std::fs::read(project("tests/fixtures/stream/netstat.txt")).unwrap();
    dir.write("tree/2026-11-22/SYSA/netstat.txt", &text);
    // Parts of 7 bytes (each record a part, each line read in pieces), of
    // 600 bytes (several records a part), and the file read whole.
    for chunk in [0, 7, 600] {
        let (summary, store) = ingest(&dir, &dir.path("tree"), chunk);
        assert_eq!(
            summary,
            "1 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 ALL, 1 ALLCONN, \
             1 TTLS DETAIL; 1 snapshots, 4 endpoint rows (3 connection, 1 listener), 2 TLS session rows; 2 problems",
            "chunk {chunk}"
        );
        let connections = rows(
            &store,
            "SELECT c.conn_id, c.job, c.local_port, c.remote_ip, c.remote_port, c.state, c.bytes_in, c.bytes_out,
                    c.segments_in, c.ttls_policy, c.ttls_rule, c.source_rank, c.report_count, c.source_line,
                    k.report_kind
             FROM connections c JOIN captures k USING (capture_id) ORDER BY c.conn_id",
        );
        assert_eq!(
            connections,
            [
                "0000001A|OMVS|10007|0.0.0.0|0|Listen|-|-|-|-|-|2|1|68|ALLCONN",
                "0000A1C4|CICSPRD1|443|10.30.5.21|60112|Establsh|1048231|7730914|1721|1|CICSPRD1-HTTPS-RULE|1|3|49|ALL",
                "0000A1F0|TN3270A|992|10.20.30.40|52311|Establsh|6182|412779|-|1|TN3270-SECURE-RULE|1|3|43|ALL",
                "0000A233|FTPD1|21|10.40.2.15|50731|Establsh|-|1307|-|0|-|1|2|55|ALL",
            ],
            "chunk {chunk}"
        );
        let sessions = rows(
            &store,
            "SELECT conn_id, protocol, cipher_code, rule_name, source_line FROM tls_sessions ORDER BY conn_id",
        );
        assert_eq!(
            sessions,
            ["0000A1C4|TLSv1.3|1301|CICSPRD1-HTTPS-RULE|22", "0000A1F0|TLSv1.2|C02F|TN3270-SECURE-RULE|4"],
            "chunk {chunk}"
        );
        let rules = rows(&store, "SELECT name, local_port, direction, source_line FROM rules ORDER BY name");
        assert_eq!(rules, ["CICSPRD1-HTTPS-RULE|443|Inbound|32", "TN3270-SECURE-RULE|992|Inbound|14"], "chunk {chunk}");
        let problems = rows(&store, "SELECT line, reason FROM ingest_problems ORDER BY line");
        assert_eq!(
            problems,
            [
                "57|`BytesIn` should be a number, found `00000002x4` (kept as text)",
                "69|expected 5 columns `User Id  Conn  Local Socket  Foreign Socket  State`, found \
                 `BADROW   0000001B 0.0.0.0..10008         Listen`",
            ],
            "chunk {chunk}"
        );
        // Every report's rows, with the records it held (TTLS DETAIL: two
        // connections, two sessions, two rules) and the file's problems.
        let reports = rows(
            &store,
            "SELECT k.report_kind, k.first_line, k.last_line, k.record_count, f.problem_count, s.captured_at
             FROM captures k JOIN capture_files f USING (file_id) JOIN snapshots s USING (snapshot_id)
             ORDER BY k.first_line",
        );
        assert_eq!(
            reports,
            [
                "TTLS DETAIL|3|39|6|2|2026-11-22T08:00:01",
                "ALL|42|59|3|2|2026-11-22T08:00:01",
                "ALLCONN|62|69|4|2|2026-11-22T08:00:01",
            ],
            "chunk {chunk}"
        );
        // The file's hash is that of its bytes (`sha256sum`), read whole or as a stream.
        let sha = rows(&store, "SELECT sha256 FROM capture_files");
        assert_eq!(sha, ["1ef34820e821ec4427da80751faf66fbb3fb5d6c4e4122857dc1d366e1b2784d"], "chunk {chunk}");
    }
}

/// The rows of every table ingest writes, row ids and the times of the
/// run left out (a connection printed first by a less detailed report is
/// inserted earlier when read as a stream), sorted.
fn dump(store: &Store) -> Vec<String> {
    let tables = [
        ("connections", "connection_id, previous_id, identity_id"),
        ("tls_sessions", "tls_session_id"),
        ("rules", "rule_id"),
        ("group_actions", "group_action_id"),
        ("env_actions", "env_action_id"),
        ("conn_actions", "conn_action_id"),
        ("captures", ""),
        ("capture_files", "ingested_at"),
        ("snapshots", ""),
        ("ingest_problems", ""),
    ];
    let mut all = Vec::new();
    for (table, left_out) in tables {
        let columns: Vec<String> = rows(store, &format!("SELECT name FROM pragma_table_info('{table}')"))
            .into_iter()
            .filter(|c| !left_out.split(", ").any(|l| l == c))
            .collect();
        let sql = format!("SELECT {} FROM {table}", columns.join(", "));
        all.extend(rows(store, &sql).into_iter().map(|row| format!("{table}: {row}")));
    }
    // Links by what they link: the observation before, and the first.
    let links = "SELECT s.captured_at, c.conn_id, ps.captured_at, p.conn_id, fs.captured_at, f.conn_id
                 FROM connections c JOIN snapshots s USING (snapshot_id)
                 LEFT JOIN connections p ON p.connection_id = c.previous_id
                 LEFT JOIN snapshots ps ON ps.snapshot_id = p.snapshot_id
                 LEFT JOIN connections f ON f.connection_id = c.identity_id
                 LEFT JOIN snapshots fs ON fs.snapshot_id = f.snapshot_id";
    all.extend(rows(store, links).into_iter().map(|row| format!("links: {row}")));
    // Attributes by what they belong to, not by its row id.
    let attributes = "SELECT owner_table, source_line, key, value, capture_id FROM attributes";
    all.extend(rows(store, attributes).into_iter().map(|row| format!("attributes: {row}")));
    all.sort();
    all
}

/// Every capture the project ships (the samples' tree, the published and
/// real captures, the variants of layout and dialect) gives the same rows,
/// problems and notes read as a stream in parts of 64 bytes as read whole.
#[test]
fn every_shipped_capture_read_as_a_stream_gives_what_it_gives_read_whole() {
    use ttlsinv::capture::locate::Locator;
    let date = chrono::NaiveDate::from_ymd_opt(2022, 5, 31);
    let locator = Locator { system: Some("SYSA".to_string()), date, ..Locator::default() };
    for (root, locator) in [
        ("samples/tree", Locator::default()),
        ("tests/fixtures/published", locator.clone()),
        ("tests/fixtures/variants", locator.clone()),
        ("tests/fixtures/real", locator.clone()),
        ("tests/fixtures/console", locator.clone()),
        ("tests/fixtures/pasearch", locator.clone()),
    ] {
        let dir = TestDir::new();
        let read = |chunk_bytes: usize| {
            let mut store = Store::open(&dir.path(&format!("chunk-{chunk_bytes}.db"))).unwrap();
            let options = Options { chunk_bytes, locator: locator.clone(), ..Options::default() };
            let mut events = Vec::new();
            let summary = ingest::run(&mut store, &[project(root)], &options, &mut |event| match event {
                ingest::Event::Problem { path, problem, .. } => events.push(format!("{path:?}: {problem:?}")),
                ingest::Event::Note { path, message } => events.push(format!("{path:?}: {message}")),
                _ => {}
            })
            .unwrap();
            (summary.to_string(), events, dump(&store))
        };
        let (whole, streamed) = (read(0), read(64));
        if root == "samples/tree" {
            // Days after the first link their connections to the day before.
            let linked = whole.2.iter().filter(|r| r.starts_with("links: ") && r.split('|').nth(2) != Some("-"));
            assert!(linked.count() > 0, "{root}: no connection linked to an earlier one");
        }
        assert_eq!(streamed.0, whole.0, "{root}");
        assert_eq!(streamed.1, whole.1, "{root}");
        for (w, s) in whole.2.iter().zip(&streamed.2) {
            assert_eq!(s, w, "{root}");
        }
        assert_eq!(streamed.2.len(), whole.2.len(), "{root}");
    }
}
