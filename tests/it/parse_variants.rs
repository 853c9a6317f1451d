//! Report variants beyond the published captures: the LONG layout, IPv6,
//! UDP endpoints, CONN versus ALLCONN, page breaks, message ids on TTLS
//! reports, several connections per TTLS report, several stacks per file,
//! CRLF line ends, and lines that do not belong.

use ttlsinv::model::{ConnectionSource, Dialect, ReportKind, Socket, TlsProtocol};

use crate::util::{fixture, parse_all, parse_clean};

#[expect(clippy::unnecessary_wraps, reason = "shaped like the record field it is compared with")]
fn socket(ip: &str, port: Option<u16>) -> Option<Socket> {
    Some(Socket { ip: ip.into(), port })
}

#[test]
fn allconn_long_layout_with_ipv6_and_udp() {
    let text = fixture("variants/allconn-long-ipv6-udp.txt");
    let reports = ttlsinv::capture::split::split(&text);
    assert_eq!((reports[0].dialect, reports[0].first_line, reports[0].last_line), (Dialect::MessageIds, 3, 14));
    let records = parse_clean(&text, ReportKind::AllConn);
    let rows: Vec<_> = records
        .connections
        .iter()
        .map(|c| (c.line, c.job.as_deref(), c.conn_id.as_str(), c.state.as_deref(), c.local.clone(), c.remote.clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                6,
                Some("TN3270A"),
                "0000004A",
                Some("Establsh"),
                socket("2001:db8:10::2", Some(992)),
                socket("2001:db8:99::7", Some(50001))
            ),
            (9, Some("TN3270A"), "00000030", Some("Listen"), socket("::", Some(992)), socket("::", Some(0))),
            (12, Some("OMPROUTE"), "00000031", Some("UDP"), socket("0.0.0.0", Some(520)), socket("*", None)),
        ]
    );
}

#[test]
fn conn_is_told_from_allconn_by_the_command_echo() {
    let records = parse_clean(&fixture("variants/conn-short-udp.txt"), ReportKind::Conn);
    let udp = &records.connections[1];
    assert_eq!(
        (udp.job.as_deref(), udp.state.as_deref(), udp.remote.clone()),
        (Some("SYSLOGD"), Some("UDP"), socket("*", None))
    );
    assert_eq!(records.connections.len(), 2);
}

#[test]
fn all_with_ipv6_sockets_on_one_or_two_lines_and_a_page_break() {
    let text = fixture("variants/all-ipv6-page-break.txt");
    let reports = ttlsinv::capture::split::split(&text);
    assert_eq!(reports.len(), 1, "the repeated header is a page break");
    assert_eq!((reports[0].first_line, reports[0].last_line), (1, 19));
    let parsed = ttlsinv::parse::parse(ReportKind::All, &reports[0].body);
    assert_eq!(parsed.problems, vec![]);
    let [tn3270, ftp] = parsed.records.connections.as_slice() else { panic!("two blocks") };
    assert_eq!(tn3270.local, socket("2001:db8:10::2", Some(992)));
    assert_eq!(tn3270.remote, socket("2001:db8:99::7", Some(50001)));
    assert_eq!((tn3270.bytes_in, tn3270.bytes_out, tn3270.ttls_policy), (Some(15000), Some(220000), Some(true)));
    assert_eq!(tn3270.ttls_env_action.as_deref(), Some("TN3270-ENV"));
    assert_eq!(ftp.line, 13);
    assert_eq!(ftp.local, socket("::ffff:10.2.1.5", Some(21)));
    assert_eq!(ftp.remote, socket("::ffff:10.9.9.9", Some(40122)));
    assert_eq!((ftp.ttls_policy, ftp.ttls_rule.as_deref(), ftp.started_at), (Some(false), None, None));
    // A field without a column is kept, with its line.
    let kept: Vec<_> = ftp.attributes.iter().map(|a| (a.line, a.key.as_str(), a.value.as_str())).collect();
    assert_eq!(kept, [(19, "ApplData", "FTPDB   CTL")]);
}

#[test]
fn ttls_detail_with_message_ids_and_two_connections() {
    let records = parse_clean(&fixture("variants/ttls-msgid-two-conns.txt"), ReportKind::TtlsDetail);
    let sessions: Vec<_> = records
        .tls_sessions
        .iter()
        .map(|s| {
            let cipher = s.cipher.as_ref().map(|c| c.code.as_str());
            let share = s.key_share.as_ref().map(|c| (c.code.as_str(), c.name.as_deref()));
            (s.conn_id.as_str(), s.protocol, cipher, share, s.rule.as_deref())
        })
        .collect();
    assert_eq!(
        sessions,
        vec![
            ("0000A001", Some(TlsProtocol::TlsV1_3), Some("1301"), Some(("0029", Some("X25519"))), Some("TN3270-RULE")),
            ("0000A002", Some(TlsProtocol::TlsV1_0), Some("000A"), None, Some("TN3270-RULE")),
        ]
    );
    let remotes: Vec<_> = records.connections.iter().map(|c| (c.source, c.remote.clone())).collect();
    assert_eq!(
        remotes,
        vec![
            (Some(ConnectionSource::Ttls), socket("10.20.30.40", Some(61000))),
            (Some(ConnectionSource::Ttls), socket("10.20.30.41", Some(61001))),
        ]
    );
    // The rule and its actions are printed for both connections, the second
    // time with fewer settings: a print unlike the first is kept too, for
    // the store to merge (the first's values stand, see trust_policy.rs).
    let rules: Vec<_> = records.rules.iter().map(|r| (r.line, r.name.as_str())).collect();
    let groups: Vec<_> = records.group_actions.iter().map(|g| (g.line, g.name.as_str())).collect();
    let envs: Vec<_> = records.env_actions.iter().map(|e| (e.line, e.name.as_str())).collect();
    assert_eq!(rules, [(12, "TN3270-RULE"), (33, "TN3270-RULE")]);
    assert_eq!(groups, [(16, "TN3270-GROUP"), (35, "TN3270-GROUP")]);
    assert_eq!(envs, [(19, "TN3270-ENV"), (37, "TN3270-ENV")]);
    let rule = &records.rules[0];
    assert_eq!(
        (rule.priority, rule.local_port.as_deref(), rule.conn_action.as_deref()),
        (Some(5), Some("992"), Some("TN3270-CONN"))
    );
    assert_eq!(rule.attributes, vec![]);
    // The connection action is a record of its own.
    let conn: Vec<_> =
        records.conn_actions.iter().map(|c| (c.line, c.name.as_str(), c.handshake.role.as_deref())).collect();
    assert_eq!(conn, [(24, "TN3270-CONN", Some("Server"))]);
    let env = &records.env_actions[0];
    let ciphers: Vec<_> = env.lists.iter().map(|i| (i.position, i.value.code.as_str())).collect();
    assert_eq!(ciphers, [(1, "1301"), (2, "C02F")]);
    assert_eq!((env.handshake.role.as_deref(), env.handshake.tlsv1_3), (Some("Server"), Some(true)));
}

#[test]
fn one_file_with_two_stacks_and_crlf_line_ends() {
    let parsed =
        parse_all(&fixture("variants/two-stacks.txt"), &[ReportKind::ConnOrAllConn, ReportKind::ConnOrAllConn]);
    assert_eq!((parsed[0].records.connections.len(), parsed[1].records.connections.len()), (1, 2));
    let stacks: Vec<String> = ttlsinv::capture::split::split(&fixture("variants/two-stacks.txt"))
        .into_iter()
        .map(|r| r.header.stack)
        .collect();
    assert_eq!(stacks, ["TCPIP", "TCPIPB"]);

    let crlf = fixture("variants/allconn-crlf.txt");
    assert!(crlf.contains("\r\n"));
    let records = parse_clean(&crlf, ReportKind::ConnOrAllConn);
    assert_eq!(records.connections[0].state.as_deref(), Some("Establsh"));
}

#[test]
fn lines_that_do_not_fit_are_problems_with_their_line_and_the_rest_is_kept() {
    let text = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01
User Id  Conn     Local Socket           Foreign Socket         State
-------  ----     ------------           --------------         -----
CICSPRD1 00000011 10.1.1.2..443          10.5.5.5..51000        Establsh
this line is not a connection
CICSPRD1 0000001Z 10.1.1.2..443          10.5.5.5..51000        Establsh
CICSPRD1 00000013 10.1.1.2:443           10.5.5.5..51000        Establsh
CICSPRD1 00000014 10.1.1.2..443          10.5.5.5..51002        Establsh
";
    let parsed = parse_all(text, &[ReportKind::ConnOrAllConn]).remove(0);
    let problems: Vec<(u32, &str)> = parsed.problems.iter().map(|p| (p.line, p.reason.as_str())).collect();
    assert_eq!(
        problems,
        [
            (5, "expected 5 columns `User Id  Conn  Local Socket  Foreign Socket  State`, found `this line is not a connection`"),
            (6, "expected a hex connection id, found `0000001Z`"),
            (7, "`Local Socket` should be a socket `IP..PORT`, found `10.1.1.2:443` (kept as text)"),
        ]
    );
    let ids: Vec<&str> = parsed.records.connections.iter().map(|c| c.conn_id.as_str()).collect();
    assert_eq!(ids, ["00000011", "00000013", "00000014"]);
    assert_eq!(parsed.records.connections[1].attributes[0].value, "10.1.1.2:443");
}

/// A command echo indented by blanks, as SYSTSIN listed with its leading
/// blanks prints it, names the report as one in column 1 does (it was not
/// seen, and the list was stored as CONN/ALLCONN).
#[test]
fn an_indented_command_echo_names_the_report() {
    let allconn = fixture("published/netstat-allconn-port1414.txt");
    for echo in [" NETSTAT ALLCONN (PORT 1414", "   NETSTAT ALLCONN (PORT 1414", "NETSTAT ALLCONN (PORT 1414"] {
        let text = format!("{echo}\n{allconn}");
        let reports = ttlsinv::capture::split::split(&text);
        assert_eq!(reports.len(), 1, "{echo}");
        assert_eq!((reports[0].kind, reports[0].first_line), (ReportKind::AllConn, 2), "{echo}");
    }
    // Without an echo, and no Closed connection in it: not told.
    assert_eq!(ttlsinv::capture::split::split(&allconn)[0].kind, ReportKind::ConnOrAllConn);
}
