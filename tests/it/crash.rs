//! Crash safety: an ingest killed (SIGKILL) at any point and run again ends
//! with the same database as an ingest that was never interrupted: no row
//! lost, none doubled, no half-ingested file.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{fixture, stderr, TestDir};

/// A tree of 120 capture files (40 days of SYSA with three reports each),
/// every file different, so that an ingest takes long enough to be killed.
fn tree(dir: &TestDir) {
    let all = fixture("published/netstat-all-port1414.txt");
    let allconn = fixture("published/netstat-allconn-port1414.txt");
    let ttls = fixture("published/netstat-ttls-conn-detail.txt");
    for day in 0..40u32 {
        let date = chrono::NaiveDate::from_ymd_opt(2022, 6, 1).unwrap() + chrono::Days::new(day.into());
        let id = format!("{:08X}", 0xBB + day);
        let folder = format!("c/{date}/SYSA");
        dir.write(
            &format!("{folder}/all.txt"),
            all.replace("000000BB", &id).replace("0000002248", &format!("{:010}", 2248 + day)),
        );
        dir.write(&format!("{folder}/allconn.txt"), allconn.replace("000000BB", &id));
        dir.write(&format!("{folder}/ttls.txt"), ttls.replace("000000bb", &id.to_lowercase()));
    }
}

/// Every table (and `connections`, `tls_sessions`), every row, ordered by all its columns, without the two
/// columns that hold the wall-clock time of the run. (Summaries are rebuilt
/// day by day, so their rows need not come in the same order.)
fn dump(db: &Path) -> String {
    let sql = |query: &str| -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
            .args(["--db", db.to_str().unwrap(), "sql", "--format", "csv", query])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    // Connection and TLS session rows as `connections` and `tls_sessions`
    // show them: the ids of their texts are the database's own business.
    let tables = sql("SELECT name FROM sqlite_schema WHERE (type = 'table' OR name IN ('connections', 'tls_sessions'))
         AND name NOT LIKE 'sqlite_%' AND name NOT IN ('connection_rows', 'tls_session_rows', 'texts') ORDER BY name");
    let mut all = String::new();
    for table in tables.lines().skip(1) {
        let columns = sql(&format!(
            "SELECT group_concat(name, ', ') FROM pragma_table_info('{table}')
             WHERE name NOT IN ('ingested_at', 'recorded_at', 'walked_at')"
        ));
        let columns = columns.lines().nth(1).unwrap().trim_matches('"');
        all += &format!("== {table}\n");
        let order = (1..=columns.split(", ").count()).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        all += &sql(&format!("SELECT {columns} FROM {table} ORDER BY {order}"));
    }
    all
}

#[test]
fn killed_ingests_rerun_to_the_same_database() {
    let dir = TestDir::new();
    tree(&dir);
    let captures = dir.path("c");
    let ingest = |db: &Path| {
        Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
            .args(["--db", db.to_str().unwrap(), "ingest", "--quiet", captures.to_str().unwrap()])
            .spawn()
            .unwrap()
    };

    let reference_db = dir.path("reference.db");
    let started = Instant::now();
    assert!(ingest(&reference_db).wait().unwrap().success());
    let duration = started.elapsed();
    let reference = dump(&reference_db);
    assert!(reference.contains("== connections\n") && reference.lines().count() > 400);

    // Kill points spread over the length of a whole run (measured above),
    // from before the database exists to after the last commit.
    let points = 12;
    let mut killed_while_running = 0;
    for point in 0..points {
        let db = dir.path(&format!("killed-{point}.db"));
        let mut child = ingest(&db);
        std::thread::sleep(duration.mul_f64(f64::from(point) / f64::from(points - 1)) + Duration::from_millis(5));
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let rerun = ingest(&db).wait().unwrap();
        assert!(rerun.success(), "rerun after kill point {point} failed");
        assert_eq!(dump(&db), reference, "kill point {point}");
        let check =
            Command::new(env!("CARGO_BIN_EXE_ttlsinv")).args(["--db", db.to_str().unwrap(), "check"]).output().unwrap();
        assert!(check.status.success(), "check after kill point {point}: {}", String::from_utf8_lossy(&check.stdout));
    }
    // Where the kills land depends on the machine; at least one must land
    // inside a run, or the test proves nothing (typically 11 of 12 do).
    assert!(killed_while_running >= 1, "no kill landed during an ingest");
    eprintln!("crash test: {killed_while_running} of {points} kills landed during an ingest; every rerun equals the uninterrupted run");
}
