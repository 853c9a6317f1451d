//! The shipped `samples/tree`, ingested by the binary, with the exact
//! figures documented in `samples/README.md`.

use crate::util::{project, stderr, TestDir};

fn ingested() -> TestDir {
    let dir = TestDir::new();
    // The whole folder, as the README says: its README and script are noted
    // as not captures, and do not fail the run.
    let output = dir.run(&["ingest", project("samples").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let readme = project("samples/README.md");
    let expected = format!(
        "{}: note: no NETSTAT report header (`MVS TCP/IP NETSTAT CS ...`) in this file: skipped\n",
        readme.display()
    );
    assert!(stderr(&output).starts_with(&expected), "{}", stderr(&output));
    assert!(stderr(&output).ends_with(
        "18 files: 16 ingested, 0 unchanged, 0 duplicate, 2 not captures, 0 failed; reports: 6 ALL, 7 ALLCONN, \
         11 TTLS DETAIL, 5 TTLS GROUP, 3 TTLS GROUP DETAIL; 7 snapshots, 77 endpoint rows (32 connection, 38 listener, 7 UDP), 23 TLS session rows; 0 problems\n"
    ));
    dir
}

const PER_DAY_AND_SYSTEM: &str = "\
capture_date,system,count(*),sum(ttls_policy)
2026-11-22,SYSA,15,5
2026-11-22,SYSB,9,3
2026-11-23,SYSA,15,5
2026-11-23,SYSB,10,3
2026-11-24,SYSA,16,6
2026-11-24,SYSB,8,1
2026-11-24,SYSC,4,
";

#[test]
fn samples_ingest_to_the_documented_counts_and_again_to_the_same() {
    let dir = ingested();
    let query = "SELECT capture_date, system, count(*), sum(ttls_policy) FROM v_connections GROUP BY 1, 2";
    assert_eq!(dir.csv(query), PER_DAY_AND_SYSTEM);

    let again = dir.run(&["ingest", "--quiet", project("samples").to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stderr(&again), "");
    assert_eq!(dir.csv(query), PER_DAY_AND_SYSTEM);
}

#[test]
fn samples_tls_mix_per_day() {
    let dir = ingested();
    let mix = dir.csv(
        "SELECT capture_date, system, tls_protocol, cipher_code, count(*) FROM v_connections
         WHERE tls_protocol IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    );
    assert_eq!(
        mix,
        "capture_date,system,tls_protocol,cipher_code,count(*)
2026-11-22,SYSA,TLSv1.2,003C,1
2026-11-22,SYSA,TLSv1.2,C02F,2
2026-11-22,SYSA,TLSv1.2,C030,1
2026-11-22,SYSA,TLSv1.3,1301,1
2026-11-22,SYSB,TLSv1.0,000A,1
2026-11-22,SYSB,TLSv1.2,C030,1
2026-11-22,SYSB,TLSv1.3,1302,1
2026-11-23,SYSA,TLSv1.2,003C,1
2026-11-23,SYSA,TLSv1.2,C02F,2
2026-11-23,SYSA,TLSv1.2,C030,1
2026-11-23,SYSA,TLSv1.3,1301,1
2026-11-23,SYSB,TLSv1.0,000A,1
2026-11-23,SYSB,TLSv1.2,C030,1
2026-11-23,SYSB,TLSv1.3,1302,1
2026-11-24,SYSA,TLSv1.2,003C,1
2026-11-24,SYSA,TLSv1.2,C027,1
2026-11-24,SYSA,TLSv1.2,C02F,2
2026-11-24,SYSA,TLSv1.2,C030,1
2026-11-24,SYSA,TLSv1.3,1301,1
2026-11-24,SYSB,TLSv1.3,1302,1
"
    );
}

#[test]
fn samples_show_the_deliberate_drift_and_regression() {
    let dir = ingested();
    let drift = dir.csv(
        "SELECT s.capture_date, e.tlsv1_1, (SELECT group_concat(code, ' ') FROM
                (SELECT code FROM env_action_ciphers c WHERE c.env_action_id = e.env_action_id ORDER BY position)) AS ciphers
         FROM env_actions e JOIN snapshots s USING (snapshot_id)
         WHERE e.name = 'TN3270-ENV-ACTION' ORDER BY 1",
    );
    let lines: Vec<&str> = drift.lines().collect();
    assert_eq!(lines.len(), 4, "{drift}");
    assert!(lines[1].starts_with("2026-11-22,0,") && !lines[1].ends_with("000A"), "{drift}");
    assert!(lines[2].starts_with("2026-11-23,0,") && !lines[2].ends_with("000A"), "{drift}");
    assert!(lines[3].starts_with("2026-11-24,1,") && lines[3].ends_with(" 000A"), "{drift}");
    assert_eq!(lines[3].trim_end_matches(" 000A").split_once(",1,").unwrap().1, lines[2].split_once(",0,").unwrap().1);

    let endpoint = dir.csv(
        "SELECT capture_date, conn_id, tls_protocol, cipher_code, key_share FROM v_connections
         WHERE remote_ip = '10.20.30.40' AND local_port = 992 ORDER BY 1",
    );
    assert_eq!(
        endpoint,
        "capture_date,conn_id,tls_protocol,cipher_code,key_share
2026-11-22,0000A1F0,TLSv1.3,1301,0029
2026-11-23,0000B1A0,TLSv1.3,1301,0029
2026-11-24,0000BF4A,TLSv1.2,C027,
"
    );
}

#[test]
fn samples_take_date_system_and_time_from_every_path_style() {
    let dir = ingested();
    let snapshots = dir.csv(
        "SELECT system, stack, capture_date, captured_at, report_count,
                (SELECT group_concat(DISTINCT dialect) FROM captures k WHERE k.snapshot_id = s.snapshot_id) AS dialects,
                (SELECT group_concat(DISTINCT release) FROM captures k WHERE k.snapshot_id = s.snapshot_id) AS releases
         FROM snapshots s ORDER BY system, capture_date",
    );
    assert_eq!(
        snapshots,
        "system,stack,capture_date,captured_at,report_count,dialects,releases
SYSA,TCPIP,2026-11-22,2026-11-22T08:00:01,4,\"msgid,plain\",V2R4
SYSA,TCPIP,2026-11-23,2026-11-23T08:00:02,5,\"msgid,plain\",V2R4
SYSA,TCPIP,2026-11-24,2026-11-24T08:00:01,9,\"msgid,plain\",V2R4
SYSB,TCPIPB,2026-11-22,2026-11-22T07:30:12,4,plain,V2R5
SYSB,TCPIPB,2026-11-23,2026-11-23T07:30:08,4,plain,V2R5
SYSB,TCPIPB,2026-11-24,2026-11-24T07:30:10,4,plain,V2R5
SYSC,TCPIP,2026-11-24,2026-11-24T08:15:00,2,\"msgid,plain\",3.1
"
    );
}

#[test]
fn samples_connections_are_graded() {
    let dir = ingested();
    let graded = dir.csv(
        "SELECT tls_protocol, cipher_code, key_share, protocol_grade, cipher_grade, key_share_grade, worst_grade,
                forward_secret, aead, count(*) AS n
         FROM v_connections WHERE cipher_code IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2",
    );
    assert_eq!(
        graded,
        "tls_protocol,cipher_code,key_share,protocol_grade,cipher_grade,key_share_grade,worst_grade,forward_secret,aead,n
TLSv1.0,000A,,weak,weak,,weak,0,0,2
TLSv1.2,003C,,secure,weak,,weak,0,0,3
TLSv1.2,C027,,secure,weak,,weak,1,0,1
TLSv1.2,C02F,,secure,secure,,secure,1,1,6
TLSv1.2,C030,,secure,secure,,secure,1,1,5
TLSv1.3,1301,0029,recommended,recommended,recommended,recommended,1,1,3
TLSv1.3,1302,0023,recommended,recommended,recommended,recommended,1,1,3
"
    );
    let ungraded =
        dir.csv("SELECT count(*) AS n FROM v_connections WHERE cipher_code IS NOT NULL AND cipher_grade IS NULL");
    assert_eq!(ungraded, "n\n0\n");
    // Cleartext connections and listeners have no TLS grade at all.
    let clear =
        dir.csv("SELECT count(*) AS n FROM v_connections WHERE cipher_code IS NULL AND worst_grade IS NOT NULL");
    assert_eq!(clear, "n\n0\n");
}
