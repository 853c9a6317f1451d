//! Property tests: no input makes the splitter, a parser, the decoder or
//! the path rules panic, and what they return points inside the input.
//! Inputs are built from NETSTAT-shaped fragments so that they reach deep
//! into the parsers, and from mutations of the real captures.
//! `PROPTEST_CASES=100000 cargo test --test it fuzz` searches harder.

use proptest::prelude::*;
use ttlsinv::capture::{self, locate::Locator, split};
use ttlsinv::parse;

use crate::util::fixture;

/// Fragments NETSTAT prints, and some it never does.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "    ",
    "\t",
    ":",
    "..",
    "EZZ2350I ",
    "EZZ2550I ",
    "EZZ2376I ",
    "EZD0101I ",
    "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:39\n",
    "MVS TCP/IP NETSTAT CS 3.1 TCPIP Name: T\n",
    "READY\n",
    "NETSTAT ALLCONN\n",
    "$ onetstat -a\n",
    "Client Name: CSQ9CHIN",
    "Client Id: 000000BB",
    "Local Socket: 10.1.1.2..1414",
    "Foreign Socket: ::..0",
    "BytesIn: 0000002248",
    "StartDate: 05/31/2022",
    "StartTime: 16:31:54",
    "Last Touched: 16:36:57",
    "Smooth trip time: 7.000",
    "TTLSPolicy: Yes",
    "TTLSRule: R1",
    "State: Establsh",
    "RcvNxt: 99999999999999999999",
    "User Id  Conn     Local Socket           Foreign Socket         State\n",
    "User Id  Conn     State\n",
    "-------  ----     -----\n",
    "CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh\n",
    "JOB 0000001Z *..* *..* UDP\n",
    "ConnID: 000000bb",
    "SecLevel: TLS Version 1.2",
    "Cipher: 003C TLS_RSA_WITH_AES_128_CBC_SHA256",
    "KeyShare: 0029 X25519",
    "SessionID: 01010018",
    "TTLSGrpAction: G1",
    "TTLSEnvAction: E1",
    "TTLSConnAction: C1",
    "V3CipherSuites: 003C X",
    "ClientECurves: 0023 secp256r1",
    "                                0024 secp384r1",
    "TLSV1.2: On",
    "Priority: x",
    "GroupID: 0000003F",
    "Env: E1   EnvConns: 1",
    "Tasks: 4   GroupConns: z",
    "TTLSGrpAction                             Group ID           Conns\n",
    "GA1   00000042   0\n",
    "\u{0}",
    "\u{FFFD}",
    "é",
    "ＥＺＺ",
    "0000",
    "FFFF",
    "-1",
    "99999",
];

fn netstat_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..120).prop_map(|parts| parts.concat())
}

/// Splits and parses `text` and checks that every line number it reports
/// lies inside the text.
fn split_and_parse(text: &str) {
    let lines = u32::try_from(text.split('\n').count()).unwrap();
    for report in split::split(text) {
        assert!(1 <= report.first_line && report.first_line <= report.last_line && report.last_line <= lines);
        let parsed = parse::parse(report.kind, &report.body);
        for problem in &parsed.problems {
            assert!(report.first_line < problem.line && problem.line <= report.last_line, "{problem:?}");
        }
        for connection in &parsed.records.connections {
            assert!(report.first_line < connection.line && connection.line <= report.last_line);
            assert!(!connection.conn_id.is_empty());
        }
    }
}

proptest! {
    #[test]
    fn netstat_shaped_text_never_panics(text in netstat_like()) {
        split_and_parse(&text);
    }

    #[test]
    fn any_text_never_panics(text in any::<String>()) {
        split_and_parse(&text);
    }

    #[test]
    fn any_bytes_decode_or_are_explained(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let (text, _) = capture::decode(&bytes);
        split_and_parse(&text);
        let _ = capture::why_no_report(&bytes, &text);
        let _ = capture::archive::expand(&bytes, 1 << 20);
        let _ = capture::archive::unzip(&bytes, 1 << 20);
    }

    #[test]
    fn mutated_captures_never_panic(
        which in 0..6usize,
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0..6u8, netstat_like()), 1..8),
    ) {
        let name = [
            "published/netstat-all-port1414.txt",
            "published/netstat-allconn-port1414.txt",
            "published/netstat-ttls-conn-detail.txt",
            "published/netstat-ttls-group-detail.txt",
            "published/netstat-ttls-group.txt",
            "variants/ttls-msgid-two-conns.txt",
        ][which];
        let mut lines: Vec<String> = fixture(name).lines().map(str::to_string).collect();
        for (at, how, text) in cuts {
            if lines.is_empty() {
                break;
            }
            let i = at.index(lines.len());
            match how {
                0 => { lines.remove(i); }
                1 => { let keep = at.index(lines[i].len() + 1); let cut: String = lines[i].chars().take(keep).collect(); lines[i] = cut; }
                2 => lines.insert(i, text),
                3 => { let copy = lines[i].clone(); lines.insert(i, copy); }
                4 => lines.truncate(i),
                _ => { let j = at.index(lines.len()); lines.swap(i, j); }
            }
        }
        split_and_parse(&lines.join("\n"));
    }

    #[test]
    fn any_path_is_located_or_explained(parts in prop::collection::vec("[A-Za-z0-9._#$@-]{0,12}", 0..8)) {
        let path = format!("/{}", parts.join("/"));
        let _ = Locator::default().locate(std::path::Path::new(&path));
        for template in ["{system}/{date}/", "{date}/{system}/", "{system}.*.{date}.{time}"] {
            let locator = Locator { layout: Some(template.parse().unwrap()), ..Locator::default() };
            let _ = locator.locate(std::path::Path::new(&path));
        }
    }
}

/// Inputs that would take quadratic time in a naive parser: a 1 MB line full
/// of blanks between words, a list setting continued over 100 000 lines,
/// and a report cut into 20 000 pages. They must parse in linear time (this
/// test has no timer: a quadratic parser makes it run for hours instead).
#[test]
fn large_inputs_parse_in_linear_time() {
    let header = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:39";
    let long_line = "a  ".repeat(350_000);
    let text = format!("{header}\nClient Name: X                   Client Id: 00000001\n  {long_line}\n");
    let report = &split::split(&text)[0];
    let parsed = parse::parse(report.kind, &report.body);
    assert_eq!((parsed.records.connections.len(), parsed.problems.len()), (1, 1));

    let mut list = format!("{header}\nConnID: 00000001\nTTLSRule: R\n  TTLSEnvAction: E\n    V3CipherSuites: 003C A\n");
    for _ in 0..100_000 {
        list.push_str("                                C02F B\n");
    }
    let report = &split::split(&list)[0];
    let parsed = parse::parse(report.kind, &report.body);
    let items = &parsed.records.env_actions[0].lists;
    assert_eq!((items.len(), items[100_000].position), (100_001, 100_001));

    let mut pages = String::new();
    for i in 0..20_000 {
        pages.push_str(&format!("{header}\nConnID: {i:08X}\n  JobName: J\nTTLSRule: R\n"));
    }
    let reports = split::split(&pages);
    assert_eq!(reports.len(), 1);
    assert_eq!(parse::parse(reports[0].kind, &reports[0].body).records.tls_sessions.len(), 20_000);
}
