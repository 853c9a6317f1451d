//! Recognises the kind of a netstat report from its content. File names are
//! never consulted: one file may hold reports of every kind. The console
//! prints the same lines in upper case, so every test ignores case.

use crate::model::ReportKind;
use crate::text::{contains_ignore_case, starts_with_ignore_case};

/// What the lines of a report body say of its kind, gathered line by line
/// (a report read as a stream is never held whole).
#[derive(Debug, Clone, Default)]
pub struct Traits {
    /// The first line that is not blank, trimmed.
    first: Option<String>,
    /// A line starts with `BytesIn:`.
    byte_counts: bool,
    /// A line starts with `TTLSRule:`.
    rule: bool,
    /// A row of the connection list (not an indented line) in state `Closed`.
    closed: bool,
}

impl Traits {
    /// Adds a line of the body; `lead` is `text.trim_start()`, which the
    /// splitter cuts once for every line.
    pub fn add(&mut self, text: &str, lead: &str) {
        if self.first.is_none() {
            let trimmed = lead.trim_end();
            if !trimmed.is_empty() {
                self.first = Some(trimmed.to_string());
            }
        }
        self.byte_counts = self.byte_counts || starts_with_ignore_case(lead, "BytesIn:");
        self.rule = self.rule || starts_with_ignore_case(lead, "TTLSRule:");
        // The cheap test first: this runs for every line of a file.
        let end = text.trim_end().as_bytes();
        let maybe_closed = end.len() >= 6 && end[end.len() - 6..].eq_ignore_ascii_case(b"closed");
        self.closed = self.closed
            || (maybe_closed
                && !text.starts_with([' ', '\t'])
                && text.split_whitespace().last().is_some_and(|state| state.eq_ignore_ascii_case("Closed")));
    }

    /// The first line that is not blank, trimmed.
    pub fn first(&self) -> Option<&str> {
        self.first.as_deref()
    }

    /// The kind of the report. ALLCONN and CONN print the same layout, so
    /// the report the command echo before it asked for (`requested`) tells
    /// them apart; without one, a list that holds a closed connection is
    /// ALLCONN (only ALLCONN lists "some recently closed ones", IBM's
    /// description of the report), and any other is CONN/ALLCONN rather than
    /// a guess. BYTEINFO prints that layout too, with byte counts under each
    /// connection. A report of another kind is named after the report it
    /// looks like: the one the command asked for, else the one its first
    /// line is known to start.
    pub fn kind(&self, requested: Option<&'static str>) -> ReportKind {
        let Some(first) = self.first.as_deref() else {
            return ReportKind::Empty;
        };
        let starts = |prefix: &str| starts_with_ignore_case(first, prefix);
        if starts("Client Name:") {
            ReportKind::All
        } else if starts("User Id") && contains_ignore_case(first, "BytesOut") {
            // The "Real Time Network Monitor" layout of BYTEINFO.
            ReportKind::ByteInfo
        } else if starts("User Id") && contains_ignore_case(first, "Conn") {
            match requested {
                _ if self.byte_counts => ReportKind::ByteInfo,
                Some("BYTEINFO") => ReportKind::ByteInfo,
                Some("CONN") => ReportKind::Conn,
                Some("ALLCONN") => ReportKind::AllConn,
                _ if self.closed => ReportKind::AllConn,
                _ => ReportKind::ConnOrAllConn,
            }
        } else if starts("ConnID:") {
            // `TTLS COnn n` prints connection n alone, in the layout of the
            // list of every AT-TLS connection: only the echo tells them apart.
            match requested {
                _ if self.rule => ReportKind::TtlsDetail,
                Some("TTLS CONN") => ReportKind::TtlsConn,
                _ => ReportKind::Ttls,
            }
        } else if starts("TTLSGrpAction:") {
            ReportKind::TtlsGroupDetail
        } else if starts("TTLSGrpAction") && contains_ignore_case(first, "Group ID") {
            ReportKind::TtlsGroup
        } else {
            ReportKind::Other(requested.or_else(|| looks_like(first)))
        }
    }
}

/// First lines of NETSTAT reports this version does not read, and the
/// report they start.
const FIRST_LINES: &[(&str, &str)] = &[
    ("Home address list:", "HOME"),
    ("IPv4 Destinations", "ROUTE"),
    ("IPv6 Destinations", "ROUTE"),
    ("Known gateways:", "GATE"),
    ("DevName:", "DEVLINKS"),
    ("IntfName:", "DEVLINKS"),
    ("Querying ARP cache", "ARP"),
    ("Port# Prot", "PORTLIST"),
    ("Sockets interface status:", "SOCKETS"),
    ("IP Statistics", "STATS"),
    ("TCP Configuration Table:", "CONFIG"),
];

fn looks_like(first: &str) -> Option<&'static str> {
    FIRST_LINES.iter().find(|(start, _)| starts_with_ignore_case(first, start)).map(|(_, name)| *name)
}

/// NETSTAT reports by name, with the shortest TSO (and console) abbreviation
/// and the z/OS UNIX option, where known.
const REPORTS: &[(&str, &str, Option<&str>)] = &[
    ("ALL", "ALL", Some("-A")),
    ("ALLCONN", "ALLC", Some("-a")),
    ("ARP", "AR", Some("-R")),
    ("BYTEINFO", "BYTE", Some("-b")),
    ("CACHINFO", "CACH", Some("-C")),
    ("CLIENTS", "CL", Some("-e")),
    ("CONFIG", "CONFIG", Some("-f")),
    ("CONN", "CO", Some("-c")),
    ("DEFADDRT", "DEFADDRT", Some("-l")),
    ("DEVLINKS", "DE", Some("-d")),
    ("GATE", "G", Some("-g")),
    ("HOME", "HO", Some("-h")),
    ("IDS", "IDS", Some("-k")),
    ("ND", "ND", Some("-n")),
    ("PORTLIST", "PORTL", Some("-o")),
    ("ROUTE", "ROUT", Some("-r")),
    ("SLAP", "SLAP", None),
    ("SOCKETS", "SOCK", Some("-s")),
    ("SRCIP", "SRCIP", Some("-J")),
    ("STATS", "STATS", Some("-S")),
    ("TELNET", "TEL", Some("-t")),
    ("TTLS", "TTLS", Some("-x")),
    ("VCRT", "VCRT", Some("-V")),
    ("VDPT", "VDPT", Some("-O")),
    ("VIPADCFG", "VIPADCFG", Some("-F")),
    ("VIPADYN", "VIPAD", Some("-v")),
];

/// The report a command's first argument asks for, by its NETSTAT name:
/// TSO and console report words (`ALLConn`, abbreviated down to `ALLC`;
/// `COnn`; `BYTEinfo`) and z/OS UNIX options (`-a` is ALLCONN, `-A` ALL).
/// `TTLS COnn n` (`-x COnn n`), the entry of connection n alone, is `TTLS
/// CONN`.
pub fn requested<'a>(mut arguments: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let first = arguments.next()?;
    let name = if first.starts_with('-') {
        REPORTS.iter().find(|(_, _, option)| *option == Some(first)).map(|(name, _, _)| *name)
    } else {
        REPORTS.iter().find(|(name, shortest, _)| abbreviates(first, name, shortest)).map(|(name, _, _)| *name)
    }?;
    let one_connection = name == "TTLS" && arguments.next().is_some_and(|word| abbreviates(word, "CONN", "CO"));
    Some(if one_connection { "TTLS CONN" } else { name })
}

/// `word` is `name`, abbreviated down to `shortest` at most, in any case.
fn abbreviates(word: &str, name: &str, shortest: &str) -> bool {
    let word = word.to_ascii_uppercase();
    word.starts_with(shortest) && name.starts_with(word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::BodyLine;

    /// The kind of a report from its body (see [`Traits::kind`]).
    fn sniff(body: &[BodyLine<'_>], requested: Option<&'static str>) -> ReportKind {
        let mut traits = Traits::default();
        for line in body {
            traits.add(line.text, line.text.trim_start());
        }
        traits.kind(requested)
    }

    #[test]
    fn command_arguments_name_the_report() {
        let asked = |args: &str| requested(args.split_whitespace());
        assert_eq!(asked("ALLCONN (PORT 1414"), Some("ALLCONN"));
        assert_eq!(asked("allc"), Some("ALLCONN"));
        assert_eq!(asked("CONN"), Some("CONN"));
        assert_eq!(asked("CO"), Some("CONN"));
        assert_eq!(asked("CONFIG"), Some("CONFIG"));
        assert_eq!(asked("ALL"), Some("ALL"));
        assert_eq!(asked("BYTEinfo IDLETIME"), Some("BYTEINFO"));
        assert_eq!(asked("-a -p TCPIPB"), Some("ALLCONN"));
        assert_eq!(asked("-c"), Some("CONN"));
        assert_eq!(asked("-A"), Some("ALL"));
        assert_eq!(asked("-b"), Some("BYTEINFO"));
        assert_eq!(asked("-r"), Some("ROUTE"));
        assert_eq!(asked("TTLS DETAIL"), Some("TTLS"));
        assert_eq!(asked("TTLS CONN 0000A001"), Some("TTLS CONN"));
        assert_eq!(asked("ttls co 0000A001 DETAIL"), Some("TTLS CONN"));
        assert_eq!(asked("-x COnn 0000A001"), Some("TTLS CONN"));
        assert_eq!(asked("TTLS GROUP"), Some("TTLS"));
        assert_eq!(asked("CONN CONN"), Some("CONN"));
        assert_eq!(asked("HOME"), Some("HOME"));
        assert_eq!(asked("ROUT"), Some("ROUTE"));
        assert_eq!(asked("RO"), None);
        assert_eq!(asked("-Z"), None);
        assert_eq!(asked("BOGUS"), None);
    }

    fn body(lines: &[&'static str]) -> Vec<BodyLine<'static>> {
        lines.iter().zip(2..).map(|(text, number)| BodyLine::new(number, text)).collect()
    }

    #[test]
    fn kinds_in_any_case() {
        let conn = body(&["USER ID  CONN     LOCAL SOCKET           FOREIGN SOCKET         STATE"]);
        assert_eq!(sniff(&conn, None), ReportKind::ConnOrAllConn);
        assert_eq!(sniff(&conn, Some("ALLCONN")), ReportKind::AllConn);
        let closed = body(&["User Id  Conn     State", "JOB1     00000011 Closed", "  Local Socket: 1.1.1.1..21"]);
        assert_eq!(sniff(&closed, None), ReportKind::AllConn);
        assert_eq!(sniff(&conn, Some("CONN")), ReportKind::Conn);
        assert_eq!(sniff(&conn, Some("BYTEINFO")), ReportKind::ByteInfo);
        let bytes = body(&["User Id  Conn     State", "JOB1     00000011 Listen", "  BytesIn:  0"]);
        assert_eq!(sniff(&bytes, None), ReportKind::ByteInfo);
        let monitor = body(&["User Id  BytesOut             BytesIn              LPort State"]);
        assert_eq!(sniff(&monitor, None), ReportKind::ByteInfo);
        assert_eq!(sniff(&body(&["CONNID: 000000BB", "TTLSRULE: R1"]), None), ReportKind::TtlsDetail);
        let entry = body(&["ConnID: 000000BB", "  SecLevel:     TLS Version 1.2"]);
        assert_eq!(sniff(&entry, None), ReportKind::Ttls);
        assert_eq!(sniff(&entry, Some("TTLS")), ReportKind::Ttls);
        assert_eq!(sniff(&entry, Some("TTLS CONN")), ReportKind::TtlsConn);
        let detail = body(&["ConnID: 000000BB", "TTLSRule: R1"]);
        assert_eq!(sniff(&detail, Some("TTLS CONN")), ReportKind::TtlsDetail);
        assert_eq!(sniff(&body(&["TTLSGRPACTION    GROUP ID   CONNS"]), None), ReportKind::TtlsGroup);
    }

    #[test]
    fn other_kinds_are_named_when_known() {
        let home = body(&["Home address list:", "LinkName:   LOOPBACK"]);
        assert_eq!(sniff(&home, None), ReportKind::Other(Some("HOME")));
        assert_eq!(sniff(&home, Some("HOME")), ReportKind::Other(Some("HOME")));
        let route = body(&["IPv4 Destinations", "Destination        Gateway         Flags"]);
        assert_eq!(sniff(&route, None), ReportKind::Other(Some("ROUTE")));
        assert_eq!(sniff(&body(&["Something new"]), Some("VCRT")), ReportKind::Other(Some("VCRT")));
        assert_eq!(sniff(&body(&["Something new"]), None), ReportKind::Other(None));
        assert_eq!(sniff(&body(&[]), Some("HOME")), ReportKind::Empty);
    }
}
