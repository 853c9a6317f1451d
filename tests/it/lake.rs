//! `export --format parquet|ndjson`: the lake read back with the parquet
//! crate, `--since-last`, and the filters (issue 17 points 1 and 2).

use std::path::{Path, PathBuf};

use parquet::basic::{LogicalType, Type as Physical};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use rusqlite::types::Value;

use crate::util::{fixture, stderr, TestDir};

/// The published ALL report of one MQ connection (conn 000000BB, port 1414)
/// with its BytesIn replaced (to one larger than 32 bits can hold).
fn all_report(bytes_in: &str) -> String {
    fixture("published/netstat-all-port1414.txt")
        .replace("BytesIn:            0000002248", &format!("BytesIn:            {bytes_in}"))
}

/// SYSA captured on 2022-05-31 and 2022-06-01, ingested.
fn two_days() -> TestDir {
    let dir = TestDir::new();
    dir.write("c/2022-05-31/SYSA/all.txt", all_report("5000000000"));
    dir.write("c/2022-06-01/SYSA/all.txt", all_report("5000001000"));
    let output = dir.run(&["ingest", "-q", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    dir
}

fn export(dir: &TestDir, args: &[&str]) -> String {
    let out = dir.path("lake");
    let mut all = vec!["export", "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let output = dir.run(&all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stderr(&output)
}

/// Each file of a lake folder, relative to it, in order.
fn files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

/// (column name, physical type, logical type, optional) of a Parquet file,
/// and its rows.
type Schema = Vec<(String, Physical, Option<LogicalType>, bool)>;
fn read(path: &Path) -> (Schema, Vec<Vec<(String, Field)>>) {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let descr = reader.metadata().file_metadata().schema_descr_ptr();
    let schema = descr
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.physical_type(), c.logical_type_ref().cloned(), c.self_type().is_optional()))
        .collect();
    let rows = reader.get_row_iter(None).unwrap().map(|r| r.unwrap().into_columns()).collect();
    (schema, rows)
}

fn field<'a>(row: &'a [(String, Field)], name: &str) -> &'a Field {
    &row.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no column {name}")).1
}

/// Microseconds from 1970-01-01T00:00:00 to 2022-05-31 at `h:m:s`:
/// 2022-05-31 is day 19143 (18993 days to 2022-01-01, then 31+28+31+30+30).
fn may_31(h: i64, m: i64, s: i64) -> i64 {
    ((19_143 * 24 + h) * 3_600 + m * 60 + s) * 1_000_000
}

#[test]
fn the_parquet_lake_holds_per_day_the_rows_and_types_of_the_database() {
    let dir = two_days();
    let said = export(&dir, &["--format", "parquet", "--all"]);
    assert!(said.contains("2 capture dates (2022-05-31 to 2022-06-01)"), "{said}");
    let lake = dir.path("lake");
    let all = files(&lake);
    assert!(all.contains(&"_manifest.json".to_string()));
    for day in ["2022-05-31", "2022-06-01"] {
        assert!(all.contains(&format!("v_connections/capture_date={day}/part-0000.parquet")), "{all:?}");
        assert!(all.contains(&format!("connections/capture_date={day}/part-0000.parquet")));
    }
    assert!(all.contains(&"cipher_suites/part-0000.parquet".to_string()), "undated: one file");
    // The tables that keep reports, connections and TLS sessions compactly, and their texts,
    // are left out: the views captures, connections and tls_sessions hold the same rows as
    // users read them.
    for kept in ["capture_rows/", "connection_rows/", "tls_session_rows/", "texts/"] {
        assert!(!all.iter().any(|f| f.starts_with(kept)), "{kept}: {all:?}");
    }
    assert!(!all.iter().any(|f| f.contains(".tmp")), "no temporary file left: {all:?}");

    // The connection as the capture text of 2022-05-31 prints it.
    let (schema, rows) = read(&lake.join("v_connections/capture_date=2022-05-31/part-0000.parquet"));
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(field(row, "conn_id"), &Field::Str("000000BB".into()));
    assert_eq!(field(row, "job"), &Field::Str("CSQ9CHIN".into()));
    assert_eq!(field(row, "local_port"), &Field::Long(1414));
    assert_eq!(field(row, "remote_port"), &Field::Long(51844));
    assert_eq!(field(row, "bytes_in"), &Field::Long(5_000_000_000), "a 64-bit counter");
    assert_eq!(field(row, "bytes_out"), &Field::Long(2076));
    assert_eq!(field(row, "started_at"), &Field::TimestampMicros(may_31(16, 31, 54)));
    assert_eq!(field(row, "ttls_policy"), &Field::Bool(true));
    assert_eq!(field(row, "ttls_rule"), &Field::Str("REMOTE-TO-CSQ1".into()));
    assert_eq!(field(row, "tls_protocol"), &Field::Null, "no TTLS report: no negotiated protocol");
    let column = |name: &str| schema.iter().find(|c| c.0 == name).unwrap_or_else(|| panic!("{name}")).clone();
    assert_eq!(column("bytes_in"), ("bytes_in".into(), Physical::INT64, None, true));
    assert_eq!(column("ttls_policy").1, Physical::BOOLEAN);
    assert_eq!(column("conn_id").2, Some(LogicalType::String));
    let started = column("started_at");
    assert_eq!(
        (started.1, started.2),
        (Physical::INT64, Some(LogicalType::timestamp(false, parquet::basic::TimeUnit::MICROS)))
    );
    assert!(!schema.iter().any(|c| c.0 == "capture_date"), "the partition is the folder's");
    // The report of 2022-05-31 as its header prints it (EZZ2350I ... CS V2R4 ... TCPIP ...
    // 16:40:39), lines 1 to 37 of the file, one connection; its stack, system and time are
    // the snapshot's, which `capture_rows` does not repeat (0030).
    let (_, rows) = read(&lake.join("captures/capture_date=2022-05-31/part-0000.parquet"));
    assert_eq!(rows.len(), 1);
    let shown: Vec<&Field> = ["report_kind", "dialect", "release", "stack", "system", "header_time"]
        .iter()
        .map(|c| field(&rows[0], c))
        .collect();
    let text = |t: &str| Field::Str(t.into());
    assert_eq!(shown, [&text("ALL"), &text("msgid"), &text("V2R4"), &text("TCPIP"), &text("SYSA"), &text("16:40:39")]);
    assert_eq!(field(&rows[0], "captured_at"), &Field::TimestampMicros(may_31(16, 40, 39)));
    let lines: Vec<&Field> = ["first_line", "last_line", "record_count"].iter().map(|c| field(&rows[0], c)).collect();
    assert_eq!(lines, [&Field::Long(1), &Field::Long(37), &Field::Long(1)]);
    // NOT NULL in SQLite is REQUIRED in the lake.
    let (schema, rows) = read(&lake.join("connections/capture_date=2022-05-31/part-0000.parquet"));
    assert_eq!(field(&rows[0], "smooth_trip_time"), &Field::Double(7.0), "Smooth trip time: 7.000");
    assert_eq!(field(&rows[0], "delay_ack"), &Field::Bool(true), "DelayAck: Yes");
    assert_eq!(field(&rows[0], "send_stalled"), &Field::Bool(false), "SendStalled: No");
    assert_eq!(field(&rows[0], "rcv_nxt"), &Field::Long(626_077_759), "RcvNxt: 0626077759");
    let conn_id = schema.iter().find(|c| c.0 == "conn_id").unwrap();
    assert!(!conn_id.3, "connections.conn_id is NOT NULL");
    let smooth = schema.iter().find(|c| c.0 == "smooth_trip_time").unwrap();
    assert_eq!((smooth.1, smooth.3), (Physical::DOUBLE, true));

    // Every object, every day: the same rows as SQLite's.
    let db = rusqlite::Connection::open(dir.path("t.db")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lake.join("_manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "parquet");
    assert_eq!(manifest["schema_version"], db.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap());
    let tables = manifest["tables"].as_object().unwrap();
    assert_eq!(tables["v_connections"]["days"]["2022-05-31"], 1);
    let mut compared = 0;
    for (name, table) in tables {
        let columns: Vec<(&str, &str)> = table["columns"]
            .as_array()
            .unwrap()
            .iter()
            // The partition is the folder's; captured_at_date_only is the lake's own.
            .filter(|c| c["partition"].is_null() && c["date_alone_of"].is_null())
            .map(|c| (c["name"].as_str().unwrap(), c["type"].as_str().unwrap()))
            .collect();
        let parts: Vec<(PathBuf, Option<&str>)> = match table["days"].as_object() {
            Some(days) => days
                .keys()
                .map(|d| (lake.join(name).join(format!("capture_date={d}/part-0000.parquet")), Some(d.as_str())))
                .collect(),
            None => vec![(lake.join(name).join("part-0000.parquet"), None)],
        };
        for (path, day) in parts {
            let (_, rows) = read(&path);
            let mut lake_rows: Vec<Vec<Value>> =
                rows.iter().map(|row| columns.iter().map(|(c, t)| sqlite_value(field(row, c), t)).collect()).collect();
            let mut db_rows = sqlite_rows(&db, name, &columns, day);
            lake_rows.sort_by_key(|r| format!("{r:?}"));
            db_rows.sort_by_key(|r| format!("{r:?}"));
            assert_eq!(lake_rows, db_rows, "{name} {day:?}");
            compared += lake_rows.len();
        }
    }
    assert!(compared > 300, "the reference tables alone have hundreds of rows: {compared}");
}

/// A lake value as SQLite holds it: flags 1/0, times as ISO text.
fn sqlite_value(field: &Field, lake_type: &str) -> Value {
    let time = |micros: i64, format: &str| {
        chrono::DateTime::from_timestamp_micros(micros).unwrap().naive_utc().format(format).to_string()
    };
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::Integer(i64::from(*b)),
        Field::Long(n) => Value::Integer(*n),
        Field::Double(x) => Value::Real(*x),
        Field::Str(s) => Value::Text(s.clone()),
        Field::TimestampMicros(m) if lake_type == "TIMESTAMP_UTC" => Value::Text(time(*m, "%Y-%m-%dT%H:%M:%SZ")),
        Field::TimestampMicros(m) => Value::Text(time(*m, "%Y-%m-%dT%H:%M:%S")),
        other => panic!("unexpected {other:?}"),
    }
}

/// The rows of `name` of `day` in SQLite: an object is dated by its
/// snapshot, its capture's, its own `capture_date`, or its parent's.
fn sqlite_rows(db: &rusqlite::Connection, name: &str, columns: &[(&str, &str)], day: Option<&str>) -> Vec<Vec<Value>> {
    let list: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    let has = |column: &str| {
        db.query_row("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", [name, column], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
            > 0
    };
    let snapshots = "SELECT snapshot_id FROM snapshots WHERE capture_date = ?1";
    let condition = match day {
        None => "1".to_string(),
        Some(_) if has("snapshot_id") => format!("snapshot_id IN ({snapshots})"),
        Some(_) if has("capture_id") => {
            format!("capture_id IN (SELECT capture_id FROM captures WHERE snapshot_id IN ({snapshots}))")
        }
        Some(_) if has("capture_date") => "capture_date = ?1".to_string(),
        Some(_) => {
            let (parent, key): (String, String) = db
                .query_row("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?1)", [name], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .unwrap();
            format!("{key} IN (SELECT {key} FROM {parent} WHERE snapshot_id IN ({snapshots}))")
        }
    };
    let sql = format!("SELECT {} FROM \"{name}\" WHERE {condition}", list.join(", "));
    let mut stmt = db.prepare(&sql).unwrap();
    let width = columns.len();
    let params: Vec<&str> = day.into_iter().collect();
    stmt.query_map(rusqlite::params_from_iter(params), |row| (0..width).map(|i| row.get::<_, Value>(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn since_last_writes_only_the_days_ingested_since_and_replaces_their_partitions_whole() {
    let dir = two_days();
    export(&dir, &["--format", "parquet", "--all"]);
    let lake = dir.path("lake");
    // A stray file in every partition: one that is written again loses it.
    let partitions: Vec<PathBuf> = files(&lake)
        .iter()
        .filter(|f| f.ends_with("part-0000.parquet"))
        .map(|f| lake.join(f).parent().unwrap().to_path_buf())
        .collect();
    for partition in &partitions {
        std::fs::write(partition.join("stray.parquet"), "x").unwrap();
    }

    dir.write("d/2022-06-02/SYSA/all.txt", all_report("5000002000"));
    let output = dir.run(&["ingest", "-q", dir.path("d").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = export(&dir, &["--format", "parquet", "--all", "--since-last"]);
    assert!(said.contains(", 1 capture date (2022-06-02),"), "{said}");
    let kept: Vec<String> = files(&lake).into_iter().filter(|f| f.ends_with("stray.parquet")).collect();
    let dated_partitions = partitions.iter().filter(|p| p.to_string_lossy().contains("capture_date=")).count();
    assert_eq!(kept.len(), dated_partitions, "the two earlier days are as they were; undated tables are rewritten");
    assert!(kept.iter().all(|f| f.contains("capture_date=2022-05-31/") || f.contains("capture_date=2022-06-01/")));
    let (_, rows) = read(&lake.join("v_connections/capture_date=2022-06-02/part-0000.parquet"));
    assert_eq!(field(&rows[0], "bytes_in"), &Field::Long(5_000_002_000));
    // 2000 bytes more than on 2022-06-01: the traffic of the new day.
    assert_eq!(field(&rows[0], "traffic_bytes_in"), &Field::Long(1000));
    let manifest = std::fs::read_to_string(lake.join("_manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let days = manifest["tables"]["v_connections"]["days"].as_object().unwrap();
    assert_eq!(
        days.keys().collect::<Vec<_>>(),
        ["2022-05-31", "2022-06-01", "2022-06-02"],
        "the manifest keeps every day"
    );

    // Nothing new: no day is written.
    let said = export(&dir, &["--format", "parquet", "--all", "--since-last"]);
    assert!(said.contains(", no capture date,"), "{said}");
    assert_eq!(files(&lake).iter().filter(|f| f.ends_with("stray.parquet")).count(), dated_partitions);
}

/// A copy of a file already ingested, beside it: ingest finds it a
/// duplicate and changes no day, so `--since-last` writes no day; the lake's
/// `walked_files` (undated, written whole each time) names the copy and what
/// it copies.
#[test]
fn since_last_after_a_duplicate_file_writes_no_day_and_the_walk_names_the_copy() {
    let dir = two_days();
    export(&dir, &["--format", "parquet", "--all"]);
    dir.write("c/2022-06-01/SYSA/all-copy.txt", all_report("5000001000"));
    let output = dir.run(&["ingest", dir.path("c").to_str().unwrap()]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("3 files: 0 ingested, 2 unchanged, 1 duplicate,"), "{said}");

    let said = export(&dir, &["--format", "parquet", "--all", "--since-last"]);
    assert!(said.contains(", no capture date,"), "{said}");
    let lake = dir.path("lake");
    let (_, rows) = read(&lake.join("walked_files/part-0000.parquet"));
    let copy = dir.path("c/2022-06-01/SYSA/all-copy.txt").canonicalize().unwrap();
    let original = dir.path("c/2022-06-01/SYSA/all.txt").canonicalize().unwrap();
    let row = rows
        .iter()
        .find(|r| field(r, "path") == &Field::Str(copy.to_string_lossy().into_owned()))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(field(row, "outcome"), &Field::Str("duplicate".into()));
    assert_eq!(field(row, "reason"), &Field::Str(format!("same content as {}", original.display())));
    // The day's files are still the one it had: the copy is no capture file.
    let (_, files) = read(&lake.join("capture_files/capture_date=2022-06-01/part-0000.parquet"));
    assert_eq!(files.len(), 1);
}

/// The days of `object` the lake's manifest lists.
fn manifest_days(lake: &Path, object: &str) -> Vec<String> {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lake.join("_manifest.json")).unwrap()).unwrap();
    manifest["tables"][object]["days"].as_object().unwrap().keys().cloned().collect()
}

/// A capture filed under a wrong date (SYSA's report again, with other
/// bytes, under 2022-06-05), ingested and exported, then deleted and
/// forgotten by `ingest --prune-missing`: the database has no 2022-06-05,
/// so the lake must not either. `--since-last` and a full export remove the
/// day's partitions from every object and its manifest entry, and say so;
/// a day `prune` deleted the facts of (2022-05-31) is kept.
#[test]
fn a_day_the_database_forgot_is_removed_from_the_lake_and_a_pruned_day_is_kept() {
    let dir = two_days();
    let lake = dir.path("lake");
    let tree = dir.path("c").to_str().unwrap().to_string();
    let ingest = |args: &[&str]| {
        let output = dir.run(&[&["ingest", "-q"], args].concat());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    };
    let on_june_5 = |lake: &Path| files(lake).into_iter().filter(|f| f.contains("capture_date=2022-06-05/")).count();
    let removed = format!("note: the partitions of 2022-06-05 removed from {}: the database no longer", lake.display());

    dir.write("c/2022-06-05/SYSA/all.txt", all_report("5000001500"));
    ingest(&[&tree]);
    let said = export(&dir, &["--format", "parquet", "--all"]);
    assert!(said.contains("3 capture dates (2022-05-31 to 2022-06-05)"), "{said}");
    assert!(on_june_5(&lake) > 0);
    std::fs::remove_file(dir.path("c/2022-06-05/SYSA/all.txt")).unwrap();
    ingest(&["--prune-missing", &tree]);
    let said = export(&dir, &["--format", "parquet", "--all", "--since-last"]);
    assert!(said.contains(", no capture date,"), "{said}");
    assert!(said.contains(&removed), "{said}");
    assert_eq!(on_june_5(&lake), 0, "{:?}", files(&lake));
    assert_eq!(manifest_days(&lake, "v_connections"), ["2022-05-31", "2022-06-01"]);
    assert_eq!(manifest_days(&lake, "daily_capacity"), ["2022-05-31", "2022-06-01"]);
    // Nothing more to remove.
    let said = export(&dir, &["--format", "parquet", "--all", "--since-last"]);
    assert!(!said.contains("removed"), "{said}");

    // Written again by --since-last, forgotten again: a full export removes it too.
    dir.write("c/2022-06-05/SYSA/all.txt", all_report("5000001600"));
    ingest(&[&tree]);
    let said = export(&dir, &["--format", "parquet", "--all", "--since-last"]);
    assert!(said.contains(", 1 capture date (2022-06-05),"), "{said}");
    std::fs::remove_file(dir.path("c/2022-06-05/SYSA/all.txt")).unwrap();
    ingest(&["--prune-missing", &tree]);
    let said = export(&dir, &["--format", "parquet", "--all"]);
    assert!(said.contains("2 capture dates (2022-05-31 to 2022-06-01)"), "{said}");
    assert!(said.contains(&removed), "{said}");
    assert_eq!(on_june_5(&lake), 0, "{:?}", files(&lake));
    assert_eq!(manifest_days(&lake, "v_connections"), ["2022-05-31", "2022-06-01"]);

    // The facts of 2022-05-31 pruned: its summaries stay in the database
    // and its partitions in the lake.
    let output = dir.run(&["prune", "--before", "2022-06-01"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = export(&dir, &["--format", "parquet", "--all", "--since-last"]);
    assert!(!said.contains("removed"), "{said}");
    assert!(lake.join("v_connections/capture_date=2022-05-31/part-0000.parquet").exists());
    assert_eq!(manifest_days(&lake, "v_connections"), ["2022-05-31", "2022-06-01"]);
    let said = export(&dir, &["--format", "parquet", "--all"]);
    assert!(!said.contains("removed"), "{said}");
    assert_eq!(manifest_days(&lake, "v_connections"), ["2022-05-31", "2022-06-01"]);

    // A day this database never held (written into the folder from another
    // one: 2022-05-01 in the manifest, with its partition) is left alone.
    let path = lake.join("_manifest.json");
    let mut manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    manifest["tables"]["v_connections"]["days"]["2022-05-01"] = 1.into();
    std::fs::write(&path, manifest.to_string()).unwrap();
    dir.write("lake/v_connections/capture_date=2022-05-01/part-0000.parquet", "other");
    let said = export(&dir, &["--format", "parquet", "--all"]);
    assert!(!said.contains("removed"), "{said}");
    assert!(lake.join("v_connections/capture_date=2022-05-01/part-0000.parquet").exists());
    assert_eq!(manifest_days(&lake, "v_connections"), ["2022-05-01", "2022-05-31", "2022-06-01"]);
}

/// SYSA's console reply to `D TCPIP,,NETSTAT,CONN` under 2026-12-01, with
/// no time anywhere (no SYSLOG prefix, none in the path): SQLite's
/// `captured_at` is the date alone. The lake's TIMESTAMP is midnight of it
/// (2026-12-01 is day 20 788: 20 454 days to 2026-01-01, then 334) and
/// `captured_at_date_only` says it was a date alone, so that setup.sql gives
/// `2026-12-01` back; SYSA's ALL of 2022-05-31 (16:40:39) says it was not.
#[test]
fn a_capture_time_that_is_a_date_alone_is_marked_in_the_lake() {
    let dir = two_days();
    dir.write(
        "e/2026-12-01/SYSA/console.txt",
        "D TCPIP,,NETSTAT,CONN\n\
         EZD0101I NETSTAT CS V2R4 TCPIP 412\n\
         USER ID  CONN     LOCAL SOCKET           FOREIGN SOCKET         STATE\n\
         CICSPRD1 00000A01 10.1.1.2..443          10.9.9.1..50001        ESTBLSH\n\
         CICSPRD1 00000A02 10.1.1.2..443          10.9.9.2..50002        ESTBLSH\n\
         2 OF 2 RECORDS DISPLAYED\n\
         END OF THE REPORT\n",
    );
    let output = dir.run(&["ingest", "-q", dir.path("e").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let db = rusqlite::Connection::open(dir.path("t.db")).unwrap();
    let stored: String =
        db.query_row("SELECT captured_at FROM snapshots WHERE capture_date = '2026-12-01'", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, "2026-12-01");

    export(&dir, &["--format", "parquet", "--all"]);
    let lake = dir.path("lake");
    let midnight = Field::TimestampMicros(20_788 * 86_400 * 1_000_000);
    let (_, rows) = read(&lake.join("snapshots/capture_date=2026-12-01/part-0000.parquet"));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (field(&rows[0], "captured_at"), field(&rows[0], "captured_at_date_only")),
        (&midnight, &Field::Bool(true))
    );
    let (_, rows) = read(&lake.join("v_connections/capture_date=2026-12-01/part-0000.parquet"));
    assert_eq!(rows.len(), 2, "00000A01 and 00000A02");
    assert!(rows
        .iter()
        .all(|r| field(r, "captured_at") == &midnight && field(r, "captured_at_date_only") == &Field::Bool(true)));
    let (_, rows) = read(&lake.join("snapshots/capture_date=2022-05-31/part-0000.parquet"));
    assert_eq!(field(&rows[0], "captured_at"), &Field::TimestampMicros(may_31(16, 40, 39)));
    assert_eq!(field(&rows[0], "captured_at_date_only"), &Field::Bool(false));

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lake.join("_manifest.json")).unwrap()).unwrap();
    let columns = manifest["tables"]["snapshots"]["columns"].as_array().unwrap();
    let flag = columns.iter().find(|c| c["name"] == "captured_at_date_only").unwrap();
    assert_eq!((&flag["type"], &flag["date_alone_of"]), (&"BOOLEAN".into(), &"captured_at".into()));
    // DuckDB's view gives SQLite's text back by it.
    let setup = ttlsinv::lake::duckdb::setup_sql(&db).unwrap();
    assert!(setup.contains(
        "CASE WHEN \"captured_at_date_only\" THEN strftime(\"captured_at\", '%Y-%m-%d') ELSE strftime(\"captured_at\", '%Y-%m-%dT%H:%M:%S') END AS \"captured_at\""
    ));
}

#[test]
fn export_filters_are_applied_to_tables_or_refused() {
    let dir = two_days();
    dir.write("c/2022-06-01/SYSB/all.txt", all_report("0000000007"));
    let output = dir.run(&["ingest", "-q", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let said = export(
        &dir,
        &[
            "--format",
            "parquet",
            "--view",
            "v_connections",
            "--table",
            "grades",
            "--from",
            "2022-06-01",
            "--system",
            "SYSB",
        ],
    );
    assert!(
        said.contains("note: --from/--to do not apply to what has no capture date, written whole: grades"),
        "{said}"
    );
    assert!(said.contains("note: --system does not apply to what has no system, written whole: grades"), "{said}");
    let lake = dir.path("lake");
    assert_eq!(
        files(&lake),
        ["_manifest.json", "grades/part-0000.parquet", "v_connections/capture_date=2022-06-01/part-0000.parquet"]
    );
    let (_, rows) = read(&lake.join("v_connections/capture_date=2022-06-01/part-0000.parquet"));
    assert_eq!(rows.len(), 1);
    assert_eq!((field(&rows[0], "system"), field(&rows[0], "bytes_in")), (&Field::Str("SYSB".into()), &Field::Long(7)));

    // The same lake for every system would replace SYSB's days whole: refused.
    let output = dir.run(&["export", "--format", "parquet", "--all", "--out", lake.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("holds system SYSB; this export selects every system"), "{}", stderr(&output));

    // CSV tables take the same selection.
    let out = dir.path("csv");
    let output = dir.run(&[
        "export",
        "--view",
        "v_connections",
        "--from",
        "2022-06-01",
        "--to",
        "2022-06-01",
        "--system",
        "SYSA",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv = std::fs::read_to_string(out.join("v_connections.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2, "the header and SYSA's connection of 2022-06-01: {csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",SYSA,TCPIP,2022-06-01T16:40:39,2022-06-01,000000BB,"), "{csv}");

    // Filters that select rows of reports only are refused with tables.
    let output = dir.run(&["export", "--all", "--stack", "TCPIP", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output)
        .contains("--stack selects rows of --report only; tables and views are selected by --from, --to and --system"));
    let output =
        dir.run(&["export", "--format", "parquet", "--report", "capacity", "--out", dir.path("l2").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--report is written as CSV only"), "{}", stderr(&output));
    let output = dir.run(&["export", "--since-last", "--all", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--since-last is for a lake"));
}

#[test]
fn the_ndjson_lake_has_a_typed_object_per_row_with_its_capture_date() {
    let dir = two_days();
    export(&dir, &["--format", "ndjson", "--view", "v_connections", "--to", "2022-05-31"]);
    let lake = dir.path("lake");
    assert_eq!(files(&lake), ["_manifest.json", "v_connections/capture_date=2022-05-31/part-0000.ndjson"]);
    let text = std::fs::read_to_string(lake.join("v_connections/capture_date=2022-05-31/part-0000.ndjson")).unwrap();
    assert_eq!(text.lines().count(), 1);
    let row: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(row["bytes_in"], 5_000_000_000_i64);
    assert_eq!(row["ttls_policy"], true);
    assert_eq!(row["started_at"], "2022-05-31T16:31:54");
    assert_eq!(row["tls_protocol"], serde_json::Value::Null);
    assert_eq!(row["capture_date"], "2022-05-31");
    assert!(text.starts_with("{\"connection_id\":"), "keys in the view's column order: {text}");
}

#[test]
fn one_lake_export_reads_one_moment_of_the_database() {
    let dir = two_days();
    let out = dir.path("lake");
    let cli = <ttlsinv::cli::Cli as clap::Parser>::try_parse_from([
        "ttlsinv",
        "export",
        "--format",
        "parquet",
        "--all",
        "--out",
        out.to_str().unwrap(),
    ])
    .unwrap();
    let ttlsinv::cli::Command::Export(args) = &cli.command else { panic!("export") };
    let store = ttlsinv::store::Store::open_read_only(&dir.path("t.db")).unwrap();
    let writer = rusqlite::Connection::open(dir.path("t.db")).unwrap();
    let mut first = true;
    // An ingest commits while the export runs: after the first partition,
    // every connection is deleted.
    ttlsinv::cmd::export::export(&store, args, &mut |name| {
        if std::mem::take(&mut first) {
            assert_eq!(name, "v_connections/capture_date=2022-05-31", "v_connections first");
            writer.execute_batch("DELETE FROM connections").unwrap();
        }
    })
    .unwrap();
    assert!(!first);
    for day in ["2022-05-31", "2022-06-01"] {
        let (_, rows) = read(&out.join(format!("connections/capture_date={day}/part-0000.parquet")));
        assert_eq!(rows.len(), 1, "connection 000000BB of {day}, as it was when the export began");
    }
}

#[test]
fn a_lake_export_that_stops_leaves_whole_partitions_the_manifest_as_it_was_and_no_temporary_file() {
    let dir = two_days();
    export(&dir, &["--format", "parquet", "--view", "v_connections", "--table", "grades"]);
    let lake = dir.path("lake");
    let manifest = std::fs::read_to_string(lake.join("_manifest.json")).unwrap();
    // grades comes after v_connections: its folder cannot be written.
    std::fs::remove_dir_all(lake.join("grades")).unwrap();
    std::fs::write(lake.join("grades"), "in the way").unwrap();
    let output = dir.run(&[
        "export",
        "--format",
        "parquet",
        "--view",
        "v_connections",
        "--table",
        "grades",
        "--out",
        lake.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!(
            "export stopped after 2 partitions: those in {} are new, the others as before, and _manifest.json is unchanged; run the export again",
            lake.display()
        )),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(lake.join("_manifest.json")).unwrap(), manifest);
    assert!(!files(&lake).iter().any(|f| f.contains(".tmp")), "{:?}", files(&lake));
    let (_, rows) = read(&lake.join("v_connections/capture_date=2022-06-01/part-0000.parquet"));
    assert_eq!(rows.len(), 1);
}

#[test]
fn the_shipped_duckdb_setup_is_what_the_schema_generates() {
    let conn = ttlsinv::store::scratch().unwrap();
    let generated = ttlsinv::lake::duckdb::setup_sql(&conn).unwrap();
    let shipped = std::fs::read_to_string(crate::util::project("sql/lake/setup.sql")).unwrap_or_default();
    if generated != shipped {
        let fresh = Path::new(env!("CARGO_TARGET_TMPDIR")).join("setup.sql");
        std::fs::write(&fresh, &generated).unwrap();
        panic!("sql/lake/setup.sql is not what the schema generates: cp {} sql/lake/setup.sql", fresh.display());
    }
    assert!(generated.contains("CAST(\"ttls_policy\" AS BIGINT) AS \"ttls_policy\""));
    assert!(generated.contains("CAST(\"capture_date\" AS VARCHAR) AS \"capture_date\""));
}
