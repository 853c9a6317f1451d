//! Report kinds beyond the published captures: BYTEINFO, TTLS without
//! DETAIL, kinds this version does not read, and what the releases from
//! V1R10 to 3.1 print or leave out.

use chrono::{NaiveDate, NaiveTime};
use ttlsinv::model::{ConnectionSource, ReportKind, Socket, TlsProtocol};

use crate::util::{fixture, parse_all, parse_clean, stderr, TestDir};

#[expect(clippy::unnecessary_wraps, reason = "shaped like the record field it is compared with")]
fn socket(ip: &str, port: u16) -> Option<Socket> {
    Some(Socket { ip: ip.into(), port: Some(port) })
}

#[test]
fn byteinfo_in_the_short_and_the_long_layout() {
    let parsed = parse_all(&fixture("variants/byteinfo.txt"), &[ReportKind::ByteInfo, ReportKind::ByteInfo]);
    let rows: Vec<_> = parsed
        .iter()
        .flat_map(|p| {
            assert_eq!(p.problems, vec![]);
            &p.records.connections
        })
        .map(|c| {
            (
                c.line,
                c.source,
                c.conn_id.as_str(),
                c.state.as_deref(),
                c.local.clone(),
                c.remote.clone(),
                c.bytes_in,
                c.bytes_out,
                c.started_at,
            )
        })
        .collect();
    let at = |h, m, s| NaiveDate::from_ymd_opt(2022, 5, 31).unwrap().and_hms_opt(h, m, s);
    let bytes = Some(ConnectionSource::ByteInfo);
    assert_eq!(
        rows,
        [
            (
                5,
                bytes,
                "000000BB",
                Some("Establsh"),
                socket("10.1.1.2", 1414),
                socket("10.1.0.2", 51844),
                Some(2248),
                Some(2076),
                at(16, 31, 54)
            ),
            (
                8,
                bytes,
                "00000022",
                Some("Listen"),
                socket("0.0.0.0", 1414),
                socket("0.0.0.0", 0),
                Some(0),
                Some(0),
                at(8, 0, 12)
            ),
            (
                16,
                bytes,
                "0000004A",
                Some("Establsh"),
                socket("2001:db8:10::2", 992),
                socket("2001:db8:99::7", 50001),
                Some(15000),
                Some(220000),
                at(9, 58, 1)
            ),
        ]
    );
    let kept: Vec<_> = parsed[1].records.connections[0]
        .attributes
        .iter()
        .map(|a| (a.line, a.key.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(kept, [(22, "IdleTime", "00:00:05")]);
}

#[test]
fn byteinfo_fills_the_connections_of_its_run() {
    let dir = TestDir::new();
    for name in ["netstat-all-port1414.txt", "netstat-allconn-port1414.txt"] {
        dir.write(&format!("c/2022-05-31/SYSA/{name}"), fixture(&format!("published/{name}")));
    }
    dir.write("c/2022-05-31/SYSA/netstat-byteinfo.txt", fixture("variants/byteinfo.txt"));
    let output = dir.run(&["ingest", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(
            "3 files: 3 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 ALL, 2 BYTEINFO, \
             1 CONN/ALLCONN; 1 snapshots, 3 endpoint rows (2 connection, 1 listener), 0 TLS session rows; 0 problems\n"
        ),
        "{}",
        stderr(&output)
    );
    // ALL keeps its fields; the listener gets its counts and start from BYTEINFO.
    assert_eq!(
        dir.csv(
            "SELECT conn_id, source_rank, report_count, bytes_in, bytes_out, started_at, state FROM connections ORDER BY conn_id"
        ),
        "conn_id,source_rank,report_count,bytes_in,bytes_out,started_at,state\n\
         00000022,2,2,0,0,2022-05-31T08:00:12,Listen\n\
         0000004A,4,1,15000,220000,2022-05-31T09:58:01,Establsh\n\
         000000BB,1,3,2248,2076,2022-05-31T16:31:54,Establsh\n"
    );
}

#[test]
fn ttls_without_detail_is_the_session_alone() {
    let records = parse_clean(&fixture("variants/ttls-conn-000000bb.txt"), ReportKind::Ttls);
    assert_eq!((records.rules.len(), records.group_actions.len(), records.env_actions.len()), (0, 0, 0));
    let c = &records.connections[0];
    assert_eq!(
        (c.line, c.source, c.conn_id.as_str(), c.job.as_deref(), c.remote.clone()),
        (2, Some(ConnectionSource::Ttls), "000000BB", Some("CSQ9CHIN"), socket("10.1.0.2", 51844))
    );
    let s = &records.tls_sessions[0];
    assert_eq!(
        (
            s.protocol,
            s.cipher.as_ref().map(|c| c.code.as_str()),
            s.key_share.clone(),
            s.cert_user_id.clone(),
            s.rule.clone()
        ),
        (Some(TlsProtocol::TlsV1_2), Some("003C"), None, None, None)
    );
    assert_eq!(
        s.session_id.as_deref(),
        Some("01010018 0A010002 CFEE0000 00000000 00000000 00000000 62970B05 00000001")
    );
    assert_eq!((s.map_type.as_deref(), s.fips140, s.sid_reuse_requested), (Some("Primary"), Some(false), Some(false)));
}

#[test]
fn other_kinds_are_named_counted_and_skipped() {
    let dir = TestDir::new();
    dir.write("c/2022-05-31/SYSA/netstat.txt", fixture("variants/other-kinds.txt"));
    let output = dir.run(&["ingest", dir.path("c").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = dir.path("c/2022-05-31/SYSA/netstat.txt").canonicalize().unwrap();
    let note = |line: u32, what: &str| format!("{}: note: line {line}: {what}: skipped\n", path.display());
    let expected = [
        note(2, "a NETSTAT HOME report, which this version does not read"),
        note(9, "a NETSTAT ROUTE report, which this version does not read"),
        note(15, "a NETSTAT PORTLIST report, which this version does not read"),
        note(20, "a report of a kind this version does not recognise"),
        "systems: SYSA 1 day\n".to_string(),
        "1 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 CONN; skipped reports: \
         1 HOME, 1 PORTLIST, 1 ROUTE, 1 unrecognised; 1 snapshots, 1 connection rows, 0 TLS session rows; 0 problems\n"
            .to_string(),
    ]
    .concat();
    assert_eq!(stderr(&output), expected);
    // Skipped reports are still recorded as captures of kind OTHER.
    assert_eq!(
        dir.csv("SELECT report_kind, first_line, record_count FROM captures ORDER BY first_line"),
        "report_kind,first_line,record_count\nOTHER,2,0\nOTHER,9,0\nOTHER,15,0\nOTHER,20,0\nCONN,24,1\n"
    );
}

#[test]
fn fields_a_release_does_not_print_stay_empty() {
    let text = fixture("variants/ttls-releases.txt");
    let reports = ttlsinv::capture::split::split(&text);
    let headers: Vec<_> = reports.iter().map(|r| (r.header.release.as_str(), r.header.time)).collect();
    assert_eq!(headers, [("V1R10", NaiveTime::from_hms_opt(8, 0, 0)), ("V3R1", NaiveTime::from_hms_opt(8, 5, 0))]);
    let parsed = parse_all(&text, &[ReportKind::Ttls, ReportKind::Ttls]);
    let sessions: Vec<_> = parsed
        .iter()
        .map(|p| {
            assert_eq!(p.problems, vec![]);
            let s = &p.records.tls_sessions[0];
            (
                s.protocol,
                s.cipher.as_ref().map(|c| c.code.as_str()),
                s.key_share.as_ref().map(|k| k.code.as_str()),
                s.fips140,
                s.sid_reuse_requested,
                s.session_id.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        sessions,
        [
            // V1R10 prints a 2-character cipher code and neither KeyShare nor FIPS140.
            (Some(TlsProtocol::TlsV1_0), Some("0035"), None, None, None, None),
            (Some(TlsProtocol::TlsV1_3), Some("1301"), Some("0029"), Some(false), Some(true), None),
        ]
    );
}
