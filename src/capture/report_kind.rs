//! Recognises the kind of a netstat report from its content. File names are
//! never consulted: one file may hold reports of every kind.

use crate::model::ReportKind;
use crate::parse::BodyLine;

/// The kind of a report, from the first line of its body. ALLCONN and CONN
/// print the same layout, so the command echo before the report (`echo`)
/// tells them apart; without one the report is taken as ALLCONN.
pub fn sniff(body: &[BodyLine<'_>], echo: Option<ReportKind>) -> ReportKind {
    let Some(first) = body.iter().map(|l| l.text.trim()).find(|t| !t.is_empty()) else {
        return ReportKind::Empty;
    };
    if first.starts_with("Client Name:") {
        ReportKind::All
    } else if first.starts_with("User Id") && first.contains("Conn") {
        echo.filter(|k| *k == ReportKind::Conn).unwrap_or(ReportKind::AllConn)
    } else if first.starts_with("ConnID:") {
        let detail = body.iter().any(|l| l.text.trim_start().starts_with("TTLSRule:"));
        if detail {
            ReportKind::TtlsDetail
        } else {
            ReportKind::Ttls
        }
    } else if first.starts_with("TTLSGrpAction:") {
        ReportKind::TtlsGroupDetail
    } else if first.starts_with("TTLSGrpAction") && first.contains("Group ID") {
        ReportKind::TtlsGroup
    } else {
        ReportKind::Other
    }
}

/// The report kind a command's arguments ask for, where the layout alone
/// cannot tell: TSO `ALLConn` (abbreviated down to `ALLC`) and `COnn`;
/// z/OS UNIX `-a` (ALLCONN; `-A` is ALL) and `-c`.
pub fn echo_kind<'a>(mut arguments: impl Iterator<Item = &'a str>) -> Option<ReportKind> {
    let first = arguments.next()?;
    match first {
        "-a" => return Some(ReportKind::AllConn),
        "-c" => return Some(ReportKind::Conn),
        _ => {}
    }
    let upper = first.to_ascii_uppercase();
    if upper.starts_with("ALLC") {
        Some(ReportKind::AllConn)
    } else if matches!(upper.as_str(), "CO" | "CON" | "CONN") {
        Some(ReportKind::Conn)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_arguments_tell_allconn_from_conn() {
        let kind = |args: &str| echo_kind(args.split_whitespace());
        assert_eq!(kind("ALLCONN (PORT 1414"), Some(ReportKind::AllConn));
        assert_eq!(kind("allc"), Some(ReportKind::AllConn));
        assert_eq!(kind("CONN"), Some(ReportKind::Conn));
        assert_eq!(kind("-a -p TCPIPB"), Some(ReportKind::AllConn));
        assert_eq!(kind("-c"), Some(ReportKind::Conn));
        assert_eq!(kind("-A"), None);
        assert_eq!(kind("TTLS DETAIL"), None);
    }
}
