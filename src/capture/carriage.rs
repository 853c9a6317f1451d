//! ASA carriage control: output kept from a JES SYSOUT data set with
//! `RECFM=FBA` or `VBA` (a batch TSO job's SYSTSPRT saved from SDSF and
//! downloaded in text mode) has a control character in column 1 of every
//! line: `1` new page, ` ` single space, `0` one blank line before, `-` two
//! blank lines before, `+` overprint the line before.
//!
//! Such a file is recognised from its content: every line starts with one
//! of those characters (or is empty: text transfers drop trailing blanks),
//! and a report header starts in column 2. The column is taken off and the
//! text is read as the same file without it. Line numbers stay those of the
//! file: the blank lines that `0` and `-` stand for are not inserted, and an
//! overprint line, which adds nothing to the text, is read as an empty line.
//! A capture whose every line is indented by one blank, as IBM's
//! documentation prints examples, is read the same way.

use super::split;

/// The ASA control characters.
const CONTROLS: &[u8] = b" 01-+";

/// The text of `text` without its carriage-control column, when it has one.
pub fn strip(text: &str) -> Option<String> {
    let mut detector = Detector::default();
    // Most files are ruled out by their first lines: the rest is not read.
    for line in crate::text::lines(text) {
        detector.line(line);
        if !detector.possible() {
            return None;
        }
    }
    if !detector.controlled() {
        return None;
    }
    let stripped: Vec<&str> = text.split('\n').map(strip_line).collect();
    Some(stripped.join("\n"))
}

/// Tells, line by line, whether a text has a carriage-control column.
#[derive(Debug, Default)]
pub struct Detector {
    /// A line does not start with a control character.
    uncontrolled: bool,
    /// A report header starts in column 2.
    header: bool,
}

impl Detector {
    /// Takes the next line.
    pub fn line(&mut self, line: &str) {
        if self.uncontrolled {
            return;
        }
        if !(line.trim_end().is_empty() || CONTROLS.contains(&line.as_bytes()[0])) {
            self.uncontrolled = true;
        } else if !self.header {
            self.header = line.get(1..).is_some_and(|rest| split::is_header(rest.trim_end()));
        }
    }

    /// Every line so far may have the column.
    pub fn possible(&self) -> bool {
        !self.uncontrolled
    }

    /// The lines taken have the column.
    pub fn controlled(&self) -> bool {
        !self.uncontrolled && self.header
    }
}

/// A line without its control character.
pub fn strip_line(line: &str) -> &str {
    match line.as_bytes().first() {
        // An empty line keeps its CR, if any.
        None | Some(b'\r') => line,
        Some(b'+') => "",
        // A blank line may start with a blank of more than one byte.
        Some(_) => line.get(1..).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01";

    #[test]
    fn the_control_column_is_taken_off_and_line_numbers_kept() {
        let text = format!("1{HEADER}\n User Id  Conn     State\n\n0CSQ9CHIN 00000022 Listen\n+CSQ9CHIN\n-READY\n");
        assert_eq!(
            strip(&text).unwrap(),
            format!("{HEADER}\nUser Id  Conn     State\n\nCSQ9CHIN 00000022 Listen\n\nREADY\n")
        );
        let crlf = format!("1EZZ2350I {HEADER}\r\n\r\n READY\r\n");
        assert_eq!(strip(&crlf).unwrap(), format!("EZZ2350I {HEADER}\r\n\r\nREADY\r\n"));
    }

    #[test]
    fn text_without_a_control_column_is_left_alone() {
        // The header in column 1.
        assert_eq!(strip(&format!("{HEADER}\n 0 lines\n")), None);
        // A line that does not start with a control character.
        assert_eq!(strip(&format!(" {HEADER}\nUser Id  Conn\n")), None);
        // No header at all.
        assert_eq!(strip(" some text\n1another page\n"), None);
        assert_eq!(strip(""), None);
    }

    /// A blank line that starts with a blank of three bytes (U+3000, an
    /// ideographic space, as a conversion may leave) is a blank line of the
    /// column's text, not a cut inside a character (it panicked).
    #[test]
    fn a_blank_line_of_a_wide_blank_is_blank() {
        let text = format!("1{HEADER}\n\u{3000}\n READY\n");
        assert_eq!(strip(&text).unwrap(), format!("{HEADER}\n\nREADY\n"));
    }
}
