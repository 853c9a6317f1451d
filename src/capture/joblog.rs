//! Job-log prefixes: the columns a JES job log (`JESMSGLG`) or an
//! automation log (a REXX exec's, a console tool's) puts before each
//! console message it keeps:
//!
//! ```text
//! 08.00.00 STC00045  EZD0101I NETSTAT CS V2R4 TCPIP 279
//!                    USER ID  CONN     STATE
//! ```
//!
//! The first line of a message is the time `hh.mm.ss`, a blank, the job id
//! or console name (1 to 8 characters), blanks, and the message text; its
//! later lines carry no prefix, indented with blanks to the column the text
//! starts in. Unlike a SYSLOG record, the prefix names no system or date.

use chrono::NaiveTime;

/// The first line of a message in a job log: its time, the column its text
/// starts in (0-based, as a byte offset), and the text.
pub fn strip(line: &str) -> Option<(NaiveTime, usize, &str)> {
    let time = NaiveTime::parse_from_str(line.get(..8)?, "%H.%M.%S").ok()?;
    let rest = line.get(8..)?.strip_prefix(' ')?;
    let job = &rest[..rest.find(' ')?];
    let valid = (1..=8).contains(&job.len())
        && job.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'#' | b'$'));
    let text = rest[job.len()..].trim_start_matches(' ');
    (valid && !text.is_empty()).then(|| (time, line.len() - text.len(), text))
}

/// A later line of a message whose text starts in `column`: its text, when
/// it is blank up to that column (or empty).
pub fn continuation(line: &str, column: usize) -> Option<&str> {
    match line.get(..column) {
        Some(indent) => indent.bytes().all(|b| b == b' ').then(|| &line[column..]),
        None => line.bytes().all(|b| b == b' ').then_some(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_and_its_later_lines_at_the_text_column() {
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let line = "08.00.00 STC00045  EZD0101I NETSTAT CS V2R4 TCPIP 279";
        assert_eq!(strip(line), Some((eight, 19, "EZD0101I NETSTAT CS V2R4 TCPIP 279")));
        assert_eq!(strip("08.00.00 NETOPS    D TCPIP,,NETSTAT,CONN"), Some((eight, 19, "D TCPIP,,NETSTAT,CONN")));
        assert_eq!(
            continuation("                     LOCAL SOCKET:   10.1.1.2..1414", 19),
            Some("  LOCAL SOCKET:   10.1.1.2..1414")
        );
        assert_eq!(continuation("", 19), Some(""));
        // Indented less than the text column: not the message's.
        assert_eq!(continuation("          USER ID  CONN     STATE", 19), None);
        assert_eq!(continuation("CSQ9CHIN 000000BB ESTBLSH", 19), None);
    }

    #[test]
    fn other_lines_have_no_prefix() {
        for line in [
            "EZD0101I NETSTAT CS V2R4 TCPIP 279",
            "16:40:39 STC00045  EZD0101I NETSTAT CS V2R4 TCPIP 279",
            "25.00.00 STC00045  EZD0101I NETSTAT CS V2R4 TCPIP 279",
            "08.00.00 STC000045 EZD0101I NETSTAT CS V2R4 TCPIP 279",
            "08.00.00 STC00045",
            "08.00.00  EZD0101I NETSTAT CS V2R4 TCPIP 279",
        ] {
            assert_eq!(strip(line), None, "{line}");
        }
    }
}
