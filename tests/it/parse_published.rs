//! Every field of the published z/OS V2R4 NETSTAT output, parsed.

use chrono::{NaiveDate, NaiveTime};
use ttlsinv::model::{ConnectionSource, FieldValue, GroupEnv, ListKind, ReportKind, Socket, TcpDetail, TlsProtocol};

use crate::util::{fixture, parse_clean};

#[expect(clippy::unnecessary_wraps, reason = "shaped like the record field it is compared with")]
fn socket(ip: &str, port: u16) -> Option<Socket> {
    Some(Socket { ip: ip.into(), port: Some(port) })
}

#[expect(clippy::unnecessary_wraps, reason = "shaped like the record field it is compared with")]
fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[test]
fn all_block_has_every_field() {
    let text = fixture("published/netstat-all-port1414.txt");
    let header = ttlsinv::capture::split::split(&text)[0].header.clone();
    assert_eq!((header.release.as_str(), header.stack.as_str()), ("V2R4", "TCPIP"));
    assert_eq!(header.time, NaiveTime::from_hms_opt(16, 40, 39));

    let records = parse_clean(&text, ReportKind::All);
    assert_eq!(records.connections.len(), 1);
    let c = &records.connections[0];
    assert_eq!(c.line, 2);
    assert_eq!(c.source, Some(ConnectionSource::All));
    assert_eq!(c.conn_id, "000000BB");
    assert_eq!(c.job, s("CSQ9CHIN"));
    assert_eq!(c.local, socket("10.1.1.2", 1414));
    assert_eq!(c.remote, socket("10.1.0.2", 51844));
    assert_eq!((c.bytes_in, c.bytes_out), (Some(2248), Some(2076)));
    assert_eq!((c.segments_in, c.segments_out), (Some(20), Some(14)));
    let start = NaiveDate::from_ymd_opt(2022, 5, 31).unwrap().and_hms_opt(16, 31, 54);
    assert_eq!(c.started_at, start);
    assert_eq!(c.last_touched, NaiveTime::from_hms_opt(16, 36, 57));
    assert_eq!(c.state, s("Establsh"));
    assert_eq!(c.ttls_policy, Some(true));
    assert_eq!(c.ttls_rule, s("REMOTE-TO-CSQ1"));
    assert_eq!(c.ttls_group_action, s("CSQ1-GROUP-ACTION"));
    assert_eq!(c.ttls_env_action, s("CSQ1-INBOUND-ENVIRONMENT-ACTION"));

    let int = |v: i64| Some(FieldValue::Int(v));
    let text = |v: &str| Some(FieldValue::Text(v.into()));
    let flag = |v: bool| Some(FieldValue::Flag(v));
    let expected: &[(&str, Option<FieldValue>)] = &[
        ("rcv_nxt", int(626077759)),
        ("snd_nxt", int(3598815082)),
        ("client_rcv_nxt", int(626076574)),
        ("client_snd_nxt", int(3598812426)),
        ("init_rcv_seq_num", int(626074325)),
        ("init_snd_seq_num", int(3598810349)),
        ("congestion_window", int(18720)),
        ("slow_start_threshold", int(65535)),
        ("incoming_window_num", int(626208746)),
        ("outgoing_window_num", int(3598877418)),
        ("snd_wl1", int(626077759)),
        ("snd_wl2", int(3598815082)),
        ("snd_wnd", int(62336)),
        ("max_snd_wnd", int(64256)),
        ("snd_una", int(3598815082)),
        ("rtt_seq", int(3598814997)),
        ("maximum_segment_size", int(1440)),
        ("ds_field", text("00")),
        ("smooth_trip_time", Some(FieldValue::Real(7.0))),
        ("smooth_trip_variance", Some(FieldValue::Real(19.0))),
        ("rexmt", int(0)),
        ("rexmt_count", int(0)),
        ("dup_acks", int(0)),
        ("rcv_wnd", int(130987)),
        ("sock_opt", text("88")),
        ("tcp_timer", text("00")),
        ("tcp_sig", text("04")),
        ("tcp_sel", text("40")),
        ("tcp_det", text("E4")),
        ("tcp_pol", text("00")),
        ("tcp_prf", text("89")),
        ("tcp_prf2", text("20")),
        ("tcp_prf3", text("00")),
        ("delay_ack", flag(true)),
        ("qos_policy", flag(false)),
        ("routing_policy", flag(false)),
        ("receive_buffer_size", int(65536)),
        ("send_buffer_size", int(65536)),
        ("receive_data_queued", int(0)),
        ("send_data_queued", int(0)),
        ("send_stalled", flag(false)),
        ("ancillary_input_queue", text("N/A")),
    ];
    assert_eq!(expected.len(), TcpDetail::COLUMNS.len(), "every TCP detail column is checked");
    for (column, value) in expected {
        assert_eq!(c.tcp.get(column), value.as_ref(), "{column}");
    }
    // Every field of the block has a typed column: nothing left over.
    assert_eq!(c.attributes, vec![]);
}

#[test]
fn allconn_lines() {
    let records = parse_clean(&fixture("published/netstat-allconn-port1414.txt"), ReportKind::ConnOrAllConn);
    let rows: Vec<_> = records
        .connections
        .iter()
        .map(|c| (c.line, c.job.as_deref(), c.conn_id.as_str(), c.local.clone(), c.remote.clone(), c.state.as_deref()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (4, Some("CSQ9CHIN"), "000000BB", socket("10.1.1.2", 1414), socket("10.1.0.2", 51844), Some("Establsh")),
            (5, Some("CSQ9CHIN"), "00000022", socket("0.0.0.0", 1414), socket("0.0.0.0", 0), Some("Listen")),
        ]
    );
    assert!(records.connections.iter().all(|c| c.source == Some(ConnectionSource::ConnList)));
}

#[test]
fn ttls_conn_detail_session_rule_and_actions() {
    let text = fixture("published/netstat-ttls-conn-detail.txt");
    let header = ttlsinv::capture::split::split(&text)[0].header.clone();
    assert_eq!(header.time, None, "this header prints no time");
    let records = parse_clean(&text, ReportKind::TtlsDetail);

    let [session] = records.tls_sessions.as_slice() else { panic!("one session") };
    assert_eq!(session.conn_id, "000000BB", "lower-case conn id normalised");
    assert_eq!(session.sec_level, s("TLS Version 1.2"));
    assert_eq!(session.protocol, Some(TlsProtocol::TlsV1_2));
    let cipher = session.cipher.as_ref().unwrap();
    assert_eq!((cipher.code.as_str(), cipher.name.as_deref()), ("003C", Some("TLS_RSA_WITH_AES_128_CBC_SHA256")));
    assert_eq!(session.key_share, None);
    assert_eq!(session.cert_user_id, None);
    assert_eq!(session.map_type, s("Primary"));
    assert_eq!(session.fips140, Some(false));
    assert_eq!(session.session_id, s("01010018 0A010002 CFEE0000 00000000 00000000 00000000 62970B05 00000001"));
    assert_eq!(session.sid_reuse_requested, Some(false));
    assert_eq!(session.rule, s("REMOTE-TO-CSQ1"));
    assert_eq!(session.attributes, vec![]);

    let [connection] = records.connections.as_slice() else { panic!("one connection") };
    assert_eq!(connection.source, Some(ConnectionSource::Ttls));
    assert_eq!(connection.job, s("CSQ9CHIN"));
    assert_eq!(connection.local, socket("10.1.1.2", 1414));
    assert_eq!(connection.remote, socket("10.1.0.2", 53230));

    let [rule] = records.rules.as_slice() else { panic!("one rule") };
    assert_eq!(rule.name, "REMOTE-TO-CSQ1");
    assert_eq!(rule.priority, Some(1));
    assert_eq!((rule.local_addr.as_deref(), rule.local_port.as_deref()), (Some("All"), Some("1414")));
    assert_eq!((rule.remote_addr.as_deref(), rule.remote_port.as_deref()), (Some("All"), Some("All")));
    assert_eq!((rule.job_name.as_deref(), rule.direction.as_deref()), (Some("CSQ9CHIN"), Some("Inbound")));
    assert_eq!(rule.group_action, s("CSQ1-GROUP-ACTION"));
    assert_eq!(rule.env_action, s("CSQ1-INBOUND-ENVIRONMENT-ACTION"));

    let [group] = records.group_actions.as_slice() else { panic!("one group action") };
    assert_eq!(group.name, "CSQ1-GROUP-ACTION");
    assert_eq!(group.group_id, s("00000007"));
    assert_eq!((group.ttls_enabled, group.ctrace_clear_text, group.trace), (Some(true), Some(false), Some(2)));
    assert_eq!(
        (group.syslog_facility.as_deref(), group.secondary_map, group.fips140),
        (Some("Daemon"), Some(false), Some(false))
    );
    assert_eq!(group.attributes, vec![]);

    let [env] = records.env_actions.as_slice() else { panic!("one environment action") };
    assert_eq!(env.name, "CSQ1-INBOUND-ENVIRONMENT-ACTION");
    assert_eq!(env.handshake.role, s("Server"));
    assert_eq!(env.suite_b_profile, s("Off"));
    assert_eq!(env.handshake.middlebox_compat_mode, Some(false));
    assert_eq!(env.keyring, s("START1/MQRING"));
    assert_eq!(env.handshake.trace, Some(255));
    let protocols = [
        env.handshake.sslv2,
        env.handshake.sslv3,
        env.handshake.tlsv1,
        env.handshake.tlsv1_1,
        env.handshake.tlsv1_2,
        env.handshake.tlsv1_3,
    ];
    assert_eq!(protocols, [Some(false), Some(false), Some(false), Some(false), Some(true), Some(true)]);
    assert_eq!(
        (env.handshake.reset_cipher_timer, env.handshake.application_controlled, env.handshake.timeout),
        (Some(0), Some(false), Some(10))
    );
    assert_eq!((env.handshake.certificate_label.as_deref(), env.handshake.secondary_map), (Some("ZZZZ"), Some(false)));
    assert_eq!(env.client_auth_type, s("Required"));
    assert_eq!((env.cert_validation_mode.as_deref(), env.renegotiation.as_deref()), (Some("Any"), Some("Default")));

    let list = |setting: &str| -> Vec<(u32, String, Option<String>)> {
        env.lists
            .iter()
            .filter(|i| i.setting == setting)
            .map(|i| (i.position, i.value.code.clone(), i.value.name.clone()))
            .collect()
    };
    let codes = |setting: &str| -> Vec<String> { list(setting).into_iter().map(|(_, code, _)| code).collect() };
    assert_eq!(list("V3CipherSuites"), vec![(1, "003C".into(), s("TLS_RSA_WITH_AES_128_CBC_SHA256"))]);
    assert_eq!(codes("ClientECurves"), ["0021", "0023", "0024", "0025", "0019", "0029"]);
    assert_eq!(list("ClientECurves")[5], (6, "0029".into(), s("X25519")));
    assert_eq!(codes("ClientKeyShareGroups"), ["0023"]);
    assert_eq!(codes("ServerKeyShareGroups"), ["0023", "0024", "0025", "0029", "0030"]);
    assert_eq!(
        codes("SignaturePairs"),
        [
            "0601", "0603", "0501", "0503", "0401", "0403", "0402", "0301", "0303", "0302", "0201", "0203", "0202",
            "0806", "0805", "0804"
        ]
    );
    assert_eq!(list("SignaturePairs")[15], (16, "0804".into(), s("TLS_SIGALG_SHA256_WITH_RSASSA_PSS")));
    assert_eq!(list("OcspRequestSigalg"), vec![(1, "0401".into(), s("TLS_SIGALG_SHA256_WITH_RSA"))]);
    let kinds = |kind: ListKind| env.lists.iter().filter(|i| i.kind == kind).count();
    assert_eq!((kinds(ListKind::Cipher), kinds(ListKind::Group), kinds(ListKind::SignaturePair)), (1, 12, 17));

    // The settings without a typed column are kept as printed, in order.
    let attributes: Vec<(&str, &str)> = env.attributes.iter().map(|a| (a.key.as_str(), a.value.as_str())).collect();
    assert_eq!(attributes.len(), 43);
    assert_eq!(attributes[0], ("TruncatedHMAC", "Off"));
    assert!(attributes.contains(&("3DesKeyCheck", "Off")));
    assert!(attributes.contains(&("GSK_SESSION_TICKET_SERVER_KEY_REFRESH", "300")));
    assert_eq!(attributes[42], ("OcspServerStapling", "Off"));
    assert_eq!(env.attributes[42].line, 123);
}

#[test]
fn ttls_group_table_reads_rows_from_the_right() {
    let records = parse_clean(&fixture("published/netstat-ttls-group.txt"), ReportKind::TtlsGroup);
    let rows: Vec<_> =
        records.group_actions.iter().map(|g| (g.name.as_str(), g.group_id.as_deref(), g.conns)).collect();
    assert_eq!(
        rows,
        [
            ("CSQ1-GROUP-ACTION", Some("0000003F"), Some(1)),
            ("GrpActOff", Some("00000040"), Some(0)),
            ("GrpActOn", Some("00000041"), Some(0)),
            ("GA1", Some("00000042"), Some(0)),
        ]
    );
}

#[test]
fn ttls_group_detail_blocks_and_env_lines() {
    let records = parse_clean(&fixture("published/netstat-ttls-group-detail.txt"), ReportKind::TtlsGroupDetail);
    let rows: Vec<_> = records
        .group_actions
        .iter()
        .map(|g| {
            (g.line, g.name.as_str(), g.group_id.as_deref(), g.tasks, g.conns, g.work_q_elements, g.syslog_q_elements)
        })
        .collect();
    assert_eq!(
        rows,
        [
            (2, "CSQ1-GROUP-ACTION", Some("0000003F"), Some(4), Some(1), Some(0), Some(0)),
            (7, "GrpActOff", Some("00000040"), Some(4), Some(0), Some(0), Some(0)),
            (11, "GrpActOn", Some("00000041"), Some(4), Some(0), Some(0), Some(0)),
            (15, "GA1", Some("00000042"), Some(4), Some(0), Some(0), Some(0)),
        ]
    );
    let env = GroupEnv { line: 6, name: "CSQ1-INBOUND-ENVIRONMENT-ACTION".into(), conns: Some(1) };
    assert_eq!(records.group_actions[0].envs, vec![env]);
    assert!(records.group_actions[1..].iter().all(|g| g.envs.is_empty() && g.attributes.is_empty()));
}

/// A file that asks for each connection in a `TTLS CONN n DETAIL` report of
/// its own prints the same rule block in every report: a later report of the
/// same snapshot that prints it word for word only names the rule, and one
/// that prints it differently is read.
#[test]
fn a_rule_block_printed_again_in_a_later_report_is_read_once() {
    let first = fixture("published/netstat-ttls-conn-detail.txt");
    // Another connection under the same rule, printed the same way.
    let second = first.replace("ConnID: 000000bb", "ConnID: 000000bc").replace("10.1.0.2..53230", "10.1.0.3..53231");
    // The same rule printed with another priority: a changed rule is read again.
    let third = second
        .replace("ConnID: 000000bc", "ConnID: 000000bd")
        .replace("  Priority:       1\n", "  Priority:       2\n");
    let (first, second, third) = (
        ttlsinv::capture::split::split(&first),
        ttlsinv::capture::split::split(&second),
        ttlsinv::capture::split::split(&third),
    );
    let mut printed = ttlsinv::parse::ttls::Printed::default();
    let mut records = Vec::new();
    for report in [&first[0], &second[0], &third[0]] {
        let parsed = ttlsinv::parse::ttls::parse_with(&report.body, &mut printed);
        assert_eq!(parsed.problems, vec![]);
        records.push(parsed.records);
    }
    let [one, two, three] = &records[..] else { unreachable!() };

    assert_eq!((one.rules.len(), one.group_actions.len(), one.env_actions.len()), (1, 1, 1));
    assert_eq!(one.tls_sessions[0].rule, s("REMOTE-TO-CSQ1"));

    assert_eq!((two.rules.len(), two.group_actions.len(), two.env_actions.len()), (0, 0, 0));
    assert_eq!(two.tls_sessions.len(), 1);
    assert_eq!(two.tls_sessions[0].conn_id, "000000BC");
    assert_eq!(two.tls_sessions[0].rule, s("REMOTE-TO-CSQ1"));

    assert_eq!(three.rules.len(), 1);
    assert_eq!(three.rules[0].priority, Some(2));
    assert_eq!(three.tls_sessions[0].rule, s("REMOTE-TO-CSQ1"));
}
