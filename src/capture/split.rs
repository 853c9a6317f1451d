//! Splits the text of a capture file into netstat reports.
//!
//! A report starts at its header line `[EZZ2350I ]MVS TCP/IP NETSTAT CS
//! <release> TCPIP Name: <stack> [hh:mm:ss]` and ends at the next header or
//! at a line that is clearly not NETSTAT output: `READY`/`END` of TSO, a
//! command echo (`NETSTAT ALL`, `$ onetstat -A`), a shell prompt, or a TSO
//! NETSTAT command message (`EZZ23nnI`, other than the header's `EZZ2350I`).
//! Lines outside reports are skipped. A header repeated inside a report with
//! no such line between (a page break) continues the report, unless what
//! follows it is clearly a report of another kind.

use chrono::NaiveTime;

use super::report_kind::{echo_kind, sniff};
use crate::model::{Dialect, ReportHeader, ReportKind};
use crate::parse::fields::strip_message_id;
use crate::parse::BodyLine;

/// One netstat report found in a capture file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawReport<'a> {
    pub header: ReportHeader,
    pub dialect: Dialect,
    /// The kind, recognised from the content; `Empty` when nothing follows the header.
    pub kind: ReportKind,
    /// Line of the header.
    pub first_line: u32,
    /// Last line that belongs to the report.
    pub last_line: u32,
    pub body: Vec<BodyLine<'a>>,
}

/// A run of lines under one header line, before page breaks are joined.
struct Segment<'a> {
    report: RawReport<'a>,
    /// The same header as the segment before, with no boundary line between.
    repeats_header: bool,
    /// The command echo that came before the header, if any.
    echo: Option<ReportKind>,
}

/// Splits `text` into its netstat reports, in order.
pub fn split(text: &str) -> Vec<RawReport<'_>> {
    let mut segments: Vec<Segment<'_>> = Vec::new();
    let mut open = false;
    let mut echo = None;
    for (index, raw) in text.split('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end();
        let (id, body) = strip_message_id(line);
        if let Some(header) = parse_header(body) {
            let repeats_header = open && segments.last().is_some_and(|s| s.report.header == header);
            segments.push(Segment {
                report: RawReport {
                    header,
                    dialect: if id.is_some() { Dialect::MessageIds } else { Dialect::Plain },
                    kind: ReportKind::Empty,
                    first_line: number,
                    last_line: number,
                    body: Vec::new(),
                },
                repeats_header,
                echo: echo.take(),
            });
            open = true;
        } else if is_boundary(id, body) {
            open = false;
            if let Some(kind) = command_echo(body) {
                echo = Some(kind);
            }
        } else if open && !body.is_empty() {
            if let Some(segment) = segments.last_mut() {
                segment.report.body.push(BodyLine { number, text: body });
                segment.report.last_line = number;
            }
        }
    }
    join_page_breaks(segments)
}

/// Joins each segment that only repeats the header of the one before (a
/// page break) to it, and gives every report its kind.
fn join_page_breaks(segments: Vec<Segment<'_>>) -> Vec<RawReport<'_>> {
    let mut reports: Vec<RawReport<'_>> = Vec::new();
    for Segment { mut report, repeats_header, echo } in segments {
        report.kind = sniff(&report.body, echo);
        if let Some(previous) = reports.last_mut().filter(|_| repeats_header) {
            let continues =
                matches!(report.kind, ReportKind::Other | ReportKind::Empty) || same_layout(report.kind, previous.kind);
            if continues {
                previous.body.append(&mut report.body);
                previous.last_line = report.last_line.max(previous.last_line);
                // A TTLS report becomes TTLS DETAIL when a later page holds a rule.
                if report.kind == ReportKind::TtlsDetail {
                    previous.kind = ReportKind::TtlsDetail;
                }
                continue;
            }
        }
        reports.push(report);
    }
    reports
}

/// Kinds that a page break can continue into each other: ALLCONN and CONN
/// print the same lines (a page has no command echo to tell them apart), and
/// a TTLS report is DETAIL once any of its pages holds a rule.
fn same_layout(a: ReportKind, b: ReportKind) -> bool {
    use ReportKind::{AllConn, Conn, Ttls, TtlsDetail};
    a == b || matches!((a, b), (AllConn | Conn, AllConn | Conn) | (Ttls | TtlsDetail, Ttls | TtlsDetail))
}

/// Parses a report header line (message id already removed).
pub fn parse_header(body: &str) -> Option<ReportHeader> {
    let rest = body.trim_start().strip_prefix("MVS TCP/IP NETSTAT CS ")?;
    let mut tokens = rest.split_whitespace();
    let release = tokens.next().filter(|r| is_release(r))?;
    if tokens.next()? != "TCPIP" || tokens.next()? != "Name:" {
        return None;
    }
    let stack = tokens.next()?;
    let time = match tokens.next() {
        Some(t) => Some(NaiveTime::parse_from_str(t, "%H:%M:%S").ok()?),
        None => None,
    };
    if tokens.next().is_some() {
        return None;
    }
    Some(ReportHeader { release: release.to_string(), stack: stack.to_string(), time })
}

/// `VnRn` (`V2R4`, `V1R10`) or `n.n` (`3.1`).
fn is_release(token: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = token.strip_prefix('V') {
        return rest.split_once('R').is_some_and(|(v, r)| digits(v) && digits(r));
    }
    token.split_once('.').is_some_and(|(v, r)| digits(v) && digits(r))
}

/// A line that is not NETSTAT output and ends any report before it.
fn is_boundary(id: Option<&str>, body: &str) -> bool {
    let text = body.trim();
    let command_message = id.is_some_and(|id| id.starts_with("EZZ23") && id != "EZZ2350I");
    command_message || matches!(text, "READY" | "END") || command_echo_position(text).is_some() || is_prompt(text)
}

/// The kind a command echo asks for (`NETSTAT ALLCONN`, `onetstat -a`), if
/// the line is a command echo. Only ALLCONN and CONN need it: they print the
/// same layout.
fn command_echo(body: &str) -> Option<ReportKind> {
    let text = body.trim();
    let position = command_echo_position(text)?;
    echo_kind(text.split_whitespace().skip(position + 1))
}

/// Where the `netstat`/`onetstat` word stands in a command echo line: first,
/// or right after a shell prompt (`SYSB:/u/netops $ onetstat -A`).
fn command_echo_position(text: &str) -> Option<usize> {
    let tokens: Vec<&str> = text.split_whitespace().take(8).collect();
    tokens.iter().enumerate().position(|(i, token)| {
        let is_command = token.eq_ignore_ascii_case("netstat") || token.eq_ignore_ascii_case("onetstat");
        let after_prompt = i == 0 || tokens[i - 1].ends_with(['$', '#', '>', '%']);
        is_command && after_prompt
    })
}

/// A bare shell prompt: `$`, or `host:/path $`.
fn is_prompt(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    match tokens.as_slice() {
        [one] => {
            matches!(*one, "$" | "#" | ">")
                || (one.ends_with(['$', '#', '>']) && one.contains([':', '/', '~']) && !one.contains(".."))
        }
        [_, prompt] => matches!(*prompt, "$" | "#" | ">"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let h = parse_header("MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:39").unwrap();
        assert_eq!((h.release.as_str(), h.stack.as_str()), ("V2R4", "TCPIP"));
        assert_eq!(h.time, NaiveTime::from_hms_opt(16, 40, 39));
        let h = parse_header("MVS TCP/IP NETSTAT CS 3.1  TCPIP Name: TCPIPB  ").unwrap();
        assert_eq!((h.release.as_str(), h.stack.as_str(), h.time), ("3.1", "TCPIPB", None));
        assert!(parse_header("MVS TCP/IP NETSTAT CS V1R10 TCPIP Name: T1 08:00:00").is_some());
        assert!(parse_header("MVS TCP/IP NETSTAT CS X TCPIP Name: T1").is_none());
        assert!(parse_header("MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: T1 25:99:00").is_none());
        assert!(parse_header("MVS TCP/IP NETSTAT CS V2R4 TCPIP Name:").is_none());
    }

    #[test]
    fn boundaries() {
        for line in [
            "READY",
            "END",
            "NETSTAT ALL (PORT 1414",
            "SYSB:/u/netops $ onetstat -A -p TCPIPB",
            "$",
            "SYSB:/u/netops $",
            "user@host:~$",
        ] {
            assert!(is_boundary(None, line), "{line}");
        }
        assert!(is_boundary(Some("EZZ2376I"), "Could not determine TCPIPjobname"));
        for line in [
            "TTLSRule: RULE#1",
            "  Client Name: JES2$",
            "CSQ9CHIN 000000BB 10.1.1.2..1414  10.1.0.2..51844  Establsh",
            "MVS TCP/IP NETSTAT CS V2R4",
        ] {
            assert!(!is_boundary(None, line), "{line}");
        }
        assert!(!is_boundary(Some("EZZ2350I"), "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP"));
    }

    #[test]
    fn reports_are_split_and_noise_skipped() {
        let text = "READY\nNETSTAT CONN\nEZZ2350I MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00\r\n\
            EZZ2585I User Id  Conn     Local Socket           Foreign Socket         State\n\
            EZZ2587I JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh\n\
            READY\n\
            MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00\n\
            TTLSGrpAction                             Group ID           Conns\n\
            READY\nEND\n";
        let reports = split(text);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].kind, ReportKind::Conn);
        assert_eq!(reports[0].dialect, Dialect::MessageIds);
        assert_eq!((reports[0].first_line, reports[0].last_line), (3, 5));
        assert_eq!(reports[0].body[1].text, "JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh");
        assert_eq!(reports[1].kind, ReportKind::TtlsGroup);
        assert_eq!(reports[1].dialect, Dialect::Plain);
    }

    #[test]
    fn a_repeated_header_is_a_page_break() {
        let header = "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00";
        let text = format!("{header}\nClient Name: A  Client Id: 1\n{header}\nClient Name: B  Client Id: 2\n{header}\nTTLSGrpAction:  G\n");
        let reports = split(&text);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].kind, ReportKind::All);
        assert_eq!(reports[0].body.len(), 2);
        assert_eq!(reports[1].kind, ReportKind::TtlsGroupDetail);
    }

    #[test]
    fn a_page_break_keeps_the_kind_of_the_first_page() {
        let header = "MVS TCP/IP NETSTAT CS V2R4 TCPIP Name: TCPIP 08:00:00";
        let columns = "User Id  Conn     Local Socket           Foreign Socket         State";
        let row = "JOB1     00000011 1.1.1.1..21            2.2.2.2..3000          Establsh";
        let text = format!("NETSTAT CONN\n{header}\n{columns}\n{row}\n{header}\n{columns}\n{row}\n");
        let reports = split(&text);
        assert_eq!(reports.len(), 1);
        assert_eq!((reports[0].kind, reports[0].body.len()), (ReportKind::Conn, 4));

        let text = format!("{header}\nConnID: 00000001\n  JobName: A\n{header}\nConnID: 00000002\nTTLSRule: R\n");
        let reports = split(&text);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].kind, ReportKind::TtlsDetail);
    }
}
