//! Whether the last record of a report ends as NETSTAT ends one. A capture
//! cut at a line end (a full data set, an output limit) looks like a
//! shorter report; but NETSTAT prints some lines in every record of a kind,
//! and never ends one inside a list: a last record without them was cut.
//!
//! - An ALL block of a TCP connection prints `TTLSPolicy:` (every release
//!   with AT-TLS); a UDP block (foreign socket `*..*`) is not checked.
//! - A TTLS DETAIL entry prints its rule, its group and environment actions,
//!   the environment action's `SSLV2:` .. `TLSV1.3:` switches after its
//!   cipher lists, and settings after its last list.
//! - A TTLS (or TTLS CONN) entry without DETAIL prints its session down to
//!   `MapType:` (`SecLevel`, `Cipher`, `CertUserID`, `MapType`).
//! - A row of a connection list in the LONG layout (`User Id  Conn  State`)
//!   prints its `Local Socket:` and `Foreign Socket:` lines below it.

use super::fields::{self, conn_id};
use super::policy::list_setting;
use crate::model::ReportKind;
use crate::text::{contains_ignore_case, starts_with_ignore_case, BodyLine};

/// The switches of the TLS versions an environment action allows.
const PROTOCOLS: &[&str] = &["SSLV2", "SSLV3", "TLSV1", "TLSV1.1", "TLSV1.2", "TLSV1.3"];

/// The keys whose line is checked for.
const CHECKED: &[&str] = &[
    "TTLSPolicy",
    "TTLSRule",
    "TTLSGrpAction",
    "TTLSEnvAction",
    "TTLSConnAction",
    "Local Socket",
    "Foreign Socket",
    "SecLevel",
    "MapType",
];

/// What the last record of a report printed, read line by line (a report
/// read as a stream is never held whole).
#[derive(Debug, Clone, Default)]
pub struct Ending {
    record: Option<Record>,
    /// A connection list's column header is the LONG layout's.
    long: bool,
    /// The rows of a LONG layout followed by the next row without their
    /// socket lines: lines lost inside the report.
    lost: Vec<Cut>,
}

#[derive(Debug, Clone, Default)]
struct Record {
    /// Its first line and connection id.
    line: u32,
    conn_id: String,
    /// What it printed of what is checked: `UDP` (foreign socket `*..*`),
    /// the keys of [`CHECKED`], and `TLSV1.x` for the environment action's
    /// protocol switches.
    printed: Vec<&'static str>,
    /// The list setting the last line printed, if any.
    list: Option<&'static str>,
}

impl Ending {
    /// Takes the next line of the body of a report of `kind`.
    pub fn line(&mut self, kind: ReportKind, line: &BodyLine<'_>) {
        let text = line.text.trim();
        if text.is_empty() || !matches!(kind, ReportKind::All | ReportKind::TtlsDetail) && !list(kind) && !ttls(kind) {
            return;
        }
        if list(kind) && !line.text.starts_with(' ') {
            // A column header, or a row of the LONG layout.
            if starts_with_ignore_case(text, "User Id") {
                self.long = !contains_ignore_case(text, "Socket");
                self.record = None;
            } else if self.long && !text.starts_with("---") {
                let conn_id = text.split_whitespace().nth(1).and_then(conn_id).unwrap_or_default();
                let before = self.record.replace(Record { line: line.number, conn_id, ..Record::default() });
                self.lost.extend(before.and_then(|r| r.cut(kind)));
            }
            return;
        }
        let Some(pairs) = fields::pairs(line.text) else {
            // A continuation line stays in the list of the line before.
            return;
        };
        for (key, value) in pairs {
            if matches!(key, "Client Name" | "ConnID") {
                self.record = Some(Record { line: line.number, ..Record::default() });
            }
            let Some(record) = self.record.as_mut() else { continue };
            record.list = list_setting(key).map(|(setting, _)| setting);
            match key {
                "Client Id" | "ConnID" => record.conn_id = conn_id(value).unwrap_or_default(),
                "Foreign Socket" if value.trim_start().starts_with("*..") => record.printed.push("UDP"),
                "TTLSPolicy" | "TTLSRule" | "TTLSGrpAction" | "TTLSEnvAction" | "TTLSConnAction" | "Local Socket"
                | "Foreign Socket" | "SecLevel" | "MapType" => {
                    record.printed.extend(CHECKED.iter().find(|k| **k == key));
                }
                _ if record.has("TTLSEnvAction") && PROTOCOLS.iter().any(|p| p.eq_ignore_ascii_case(key)) => {
                    record.printed.push("TLSV1.x");
                }
                _ => {}
            }
        }
    }

    /// When the last record was cut: where, and what was lost.
    pub fn cut(&self, kind: ReportKind) -> Option<Cut> {
        self.record.as_ref()?.cut(kind)
    }

    /// The rows of a connection list read since the last call that lost
    /// their socket lines inside the report (followed by the next row).
    pub fn take_lost(&mut self) -> Vec<Cut> {
        std::mem::take(&mut self.lost)
    }
}

impl Record {
    fn has(&self, what: &str) -> bool {
        self.printed.contains(&what)
    }

    /// When this record ends without what NETSTAT prints in every record
    /// of `kind`: where, and what was lost.
    fn cut(&self, kind: ReportKind) -> Option<Cut> {
        let r = self;
        let (before, lost) = match kind {
            ReportKind::All if !r.has("UDP") && !r.has("TTLSPolicy") => {
                ("before its `TTLSPolicy:` line", "whether AT-TLS protects it".to_string())
            }
            ReportKind::TtlsDetail => match r.list {
                _ if !r.has("TTLSRule") => {
                    ("before its `TTLSRule:`", "the AT-TLS rule and actions it used".to_string())
                }
                _ if !r.has("TTLSGrpAction") || !r.has("TTLSEnvAction") => {
                    ("before its environment action", "the TLS versions and cipher suites it allows".to_string())
                }
                Some(list) => ("inside a list", format!("the rest of its `{list}` list, which may be longer")),
                None if !r.has("TLSV1.x") && !r.has("TTLSConnAction") => {
                    ("before its `TLSV1.x` switches", "which TLS versions its environment action allows".to_string())
                }
                None => return None,
            },
            _ if list(kind) && !r.has("Local Socket") => {
                ("before its socket lines", "its sockets, and so its peer, direction and service port".to_string())
            }
            _ if list(kind) && !r.has("Foreign Socket") && !r.has("UDP") => {
                ("before its `Foreign Socket:` line", "its peer, and so its direction and service port".to_string())
            }
            _ if ttls(kind) && !r.has("SecLevel") => {
                ("before its `SecLevel:`", "whether it negotiated TLS, and with what".to_string())
            }
            _ if ttls(kind) && !r.has("MapType") => {
                ("before its `MapType:`", "the rest of its session (cipher, certificate user id)".to_string())
            }
            _ => return None,
        };
        Some(Cut { line: r.line, conn_id: r.conn_id.clone(), before, lost })
    }
}

/// A connection list, whose rows the LONG layout prints on lines of their own.
fn list(kind: ReportKind) -> bool {
    matches!(kind, ReportKind::AllConn | ReportKind::Conn | ReportKind::ConnOrAllConn)
}

/// A TTLS report without DETAIL: sessions alone.
fn ttls(kind: ReportKind) -> bool {
    matches!(kind, ReportKind::Ttls | ReportKind::TtlsConn)
}

/// A last record cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// Its first line and connection id.
    pub line: u32,
    pub conn_id: String,
    /// Where it ends (`before its TTLSPolicy: line`) and what that lost.
    pub before: &'static str,
    pub lost: String,
}

/// The rows of the body of a connection list of `kind` followed by the
/// next row without their socket lines (see [`Ending::take_lost`]).
pub fn lost(kind: ReportKind, body: &[BodyLine<'_>]) -> Vec<Cut> {
    if !list(kind) {
        return Vec::new();
    }
    let mut ending = Ending::default();
    for line in body {
        ending.line(kind, line);
    }
    ending.take_lost()
}

/// Whether the last record of the body of a report of `kind` was cut.
pub fn cut(kind: ReportKind, body: &[BodyLine<'_>]) -> Option<Cut> {
    let mut ending = Ending::default();
    for line in body {
        ending.line(kind, line);
    }
    ending.cut(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<BodyLine<'_>> {
        text.lines().enumerate().map(|(i, text)| BodyLine::new(i as u32 + 1, text)).collect()
    }

    #[test]
    fn a_last_record_without_what_netstat_always_prints_was_cut() {
        let all = "Client Name: CICSPRD1  Client Id: 0000A002\n  Local Socket: 1.1.1.1..443  Foreign Socket: 2.2.2.2..6000\n  Last Touched: 07:59:00  State: Establsh\n";
        let cut = cut(ReportKind::All, &body(all)).unwrap();
        assert_eq!((cut.line, cut.conn_id.as_str(), cut.before), (1, "0000A002", "before its `TTLSPolicy:` line"));
        assert_eq!(super::cut(ReportKind::All, &body(&format!("{all}  TTLSPolicy: No\n"))), None);
        let udp = "Client Name: OSNMPD  Client Id: 0000001D\n  Local Socket: 0.0.0.0..161  Foreign Socket: *..*\n";
        assert_eq!(super::cut(ReportKind::All, &body(udp)), None);

        let entry = "ConnID: 0000a001\n  SecLevel: TLS Version 1.2\nTTLSRule: R\n  TTLSGrpAction: G\n    GroupID: 1\n  TTLSEnvAction: E\n    V3CipherSuites: C02F TLS_X\n                    C030 TLS_Y\n";
        let cut = super::cut(ReportKind::TtlsDetail, &body(entry)).unwrap();
        assert_eq!((cut.conn_id.as_str(), cut.before), ("0000A001", "inside a list"));
        let switches = format!("{entry}    TLSV1.2: On\n");
        assert_eq!(super::cut(ReportKind::TtlsDetail, &body(&switches)).map(|c| c.before), None);
        let after_list = format!("{entry}    Trace: 2\n");
        assert_eq!(
            super::cut(ReportKind::TtlsDetail, &body(&after_list)).map(|c| c.before),
            Some("before its `TLSV1.x` switches")
        );
        let no_rule = "ConnID: 0000a001\n  SecLevel: TLS Version 1.2\n";
        assert_eq!(
            super::cut(ReportKind::TtlsDetail, &body(no_rule)).map(|c| c.before),
            Some("before its `TTLSRule:`")
        );
        // A TTLS list without DETAIL prints its session down to `MapType:`.
        assert_eq!(super::cut(ReportKind::Ttls, &body(no_rule)).map(|c| c.before), Some("before its `MapType:`"));
        let session = format!("{no_rule}  Cipher: C02F\n  CertUserID: N/A\n  MapType: Primary\n");
        assert_eq!(super::cut(ReportKind::Ttls, &body(&session)), None);

        // A row of the LONG layout prints its two socket lines; the SHORT
        // layout's rows hold their sockets.
        let long = "User Id  Conn     State\nCICSPRD1 0000C001 Establsh\n  Local Socket:   1.1.1.1..443\n";
        let cut = super::cut(ReportKind::AllConn, &body(long)).unwrap();
        assert_eq!((cut.line, cut.conn_id.as_str(), cut.before), (2, "0000C001", "before its `Foreign Socket:` line"));
        let whole = format!("{long}  Foreign Socket: 2.2.2.2..6000\n");
        assert_eq!(super::cut(ReportKind::AllConn, &body(&whole)), None);
        let udp =
            "User Id  Conn     State\nOSNMPD   0000001D UDP\n  Local Socket: 0.0.0.0..161\n  Foreign Socket: *..*\n";
        assert_eq!(super::cut(ReportKind::Conn, &body(udp)), None);
        let short = "User Id  Conn     Local Socket           Foreign Socket         State\n\
                     CICSPRD1 0000C001 1.1.1.1..443           2.2.2.2..6000          Establsh\n";
        assert_eq!(super::cut(ReportKind::AllConn, &body(short)), None);
    }
}
