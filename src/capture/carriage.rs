//! ASA carriage control: output kept from a JES SYSOUT data set with
//! `RECFM=FBA` or `VBA` (a batch TSO job's SYSTSPRT saved from SDSF and
//! downloaded in text mode) has a control character in column 1 of every
//! line: `1` new page, ` ` single space, `0` one blank line before, `-` two
//! blank lines before, `+` overprint the line before.
//!
//! Such a file is recognised from its content: a report header starts in
//! column 2, and every line starts with one of those characters (or is
//! empty: text transfers drop trailing blanks), but for a few strays that
//! are kept whole and said: a note put on top of the file, a line a transfer
//! appended. The column is taken off and the text is read as the same file
//! without it. Line numbers stay those of the
//! file: the blank lines that `0` and `-` stand for are not inserted, and an
//! overprint line, which adds nothing to the text, is read as an empty line.
//! A capture whose every line is indented by one blank, as IBM's
//! documentation prints examples, is read the same way.

use super::split;

/// The ASA control characters.
const CONTROLS: &[u8] = b" 01-+";

/// Lines without a control character that a file with the column may
/// hold (a note put on top of it, a line a transfer appended): three, and
/// one in ten of its lines at most.
const STRAYS: usize = 3;

/// A text without its carriage-control column.
#[derive(Debug, PartialEq, Eq)]
pub struct Stripped {
    pub text: String,
    /// The lines that had no control character, kept whole.
    pub strays: Vec<u32>,
}

/// The text of `text` without its carriage-control column, when it has one.
pub fn strip(text: &str) -> Option<Stripped> {
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
    Some(Stripped { text: stripped.join("\n"), strays: detector.strays })
}

/// Tells, line by line, whether a text has a carriage-control column.
#[derive(Debug, Default)]
pub struct Detector {
    /// The lines taken.
    lines: u32,
    /// The lines that do not start with a control character, up to one
    /// more than [`STRAYS`].
    strays: Vec<u32>,
    /// A report header starts in column 2.
    header: bool,
}

impl Detector {
    /// Takes the next line.
    pub fn line(&mut self, line: &str) {
        self.lines = self.lines.saturating_add(1);
        if !self.possible() {
            return;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed == DOS_END || CONTROLS.contains(&line.as_bytes()[0]) {
            self.header = self.header || trimmed.get(1..).is_some_and(split::is_header);
        } else if split::is_header(trimmed) {
            // A header in column 1 too: no column.
            self.strays.resize(STRAYS + 1, self.lines);
        } else {
            self.strays.push(self.lines);
        }
    }

    /// Every line so far may have the column.
    pub fn possible(&self) -> bool {
        self.strays.len() <= STRAYS
    }

    /// The lines taken have the column.
    pub fn controlled(&self) -> bool {
        self.possible() && self.header && self.strays.len() * 10 <= self.lines as usize
    }

    /// The lines without a control character, kept whole.
    pub fn strays(&self) -> &[u32] {
        &self.strays
    }
}

/// The DOS end-of-file byte (^Z) that PC transfer programs append: no line
/// of the text (the reader says when the file ends with it).
const DOS_END: &str = "\u{1a}";

/// A line without its control character; a line without one is kept whole.
pub fn strip_line(line: &str) -> &str {
    match line.as_bytes().first() {
        // An empty line keeps its CR, if any.
        None | Some(b'\r') => line,
        Some(b'+') => "",
        Some(control) if CONTROLS.contains(control) => &line[1..],
        // A blank line may start with a blank of more than one byte.
        Some(_) if line.trim().is_empty() => "",
        Some(_) => line,
    }
}

/// The first line of `text` whose report header follows a control
/// character: said of a file that is not read as having the column.
pub fn controlled_header(text: &str) -> Option<u32> {
    let line = crate::text::lines(text).position(|line| {
        line.as_bytes().first().is_some_and(|c| CONTROLS.contains(c)) && split::is_header(line[1..].trim_end())
    })?;
    u32::try_from(line + 1).ok()
}

/// The note on the lines of a file with the column that have none.
pub fn strays_note(strays: &[u32]) -> Option<String> {
    let (first, rest) = strays.split_first()?;
    let start = if rest.is_empty() { "line" } else { "lines" };
    let lines = rest.iter().fold(format!("{start} {first}"), |text, line| format!("{text}, {line}"));
    Some(format!(
        "{lines}: no carriage-control character in column 1, where the file's other lines have one (ASA, a \
         SYSOUT saved with RECFM=FBA): read as printed; a line added to the file after it was saved?"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01";

    #[test]
    fn the_control_column_is_taken_off_and_line_numbers_kept() {
        let text = format!("1{HEADER}\n User Id  Conn     State\n\n0CSQ9CHIN 00000022 Listen\n+CSQ9CHIN\n-READY\n");
        assert_eq!(
            strip(&text).unwrap().text,
            format!("{HEADER}\nUser Id  Conn     State\n\nCSQ9CHIN 00000022 Listen\n\nREADY\n")
        );
        let crlf = format!("1EZZ2350I {HEADER}\r\n\r\n READY\r\n");
        assert_eq!(strip(&crlf).unwrap().text, format!("EZZ2350I {HEADER}\r\n\r\nREADY\r\n"));
    }

    #[test]
    fn text_without_a_control_column_is_left_alone() {
        // The header in column 1.
        assert_eq!(strip(&format!("{HEADER}\n 0 lines\n")), None);
        // A line that does not start with a control character, of two.
        assert_eq!(strip(&format!(" {HEADER}\nUser Id  Conn\n")), None);
        // A header in column 1 beside one in column 2.
        let both = format!(" {HEADER}\n{HEADER}\n{}", " User Id  Conn\n".repeat(20));
        assert_eq!(strip(&both), None);
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
        assert_eq!(strip(&text).unwrap().text, format!("{HEADER}\n\nREADY\n"));
    }

    /// A note put on top of a file with the column and the DOS end-of-file
    /// byte a transfer appended: the note is kept whole and said, the byte
    /// is left for the reader; four such lines are too many.
    #[test]
    fn a_few_lines_without_a_control_character_are_kept_whole() {
        let body = " User Id  Conn     State\n CSQ9CHIN 00000022 Listen\n".repeat(5);
        let text = format!("netstat output of job NETSTATJ\n1{HEADER}\n{body} READY\n\u{1a}");
        let stripped = strip(&text).unwrap();
        assert_eq!(stripped.strays, [1]);
        let plain = "User Id  Conn     State\nCSQ9CHIN 00000022 Listen\n".repeat(5);
        assert_eq!(stripped.text, format!("netstat output of job NETSTATJ\n{HEADER}\n{plain}READY\n\u{1a}"));
        let four = format!("a\nb\nc\nd\n1{HEADER}\n{}", " User\n".repeat(40));
        assert_eq!(strip(&four), None);
        assert_eq!(
            strays_note(&[1, 33]).unwrap(),
            "lines 1, 33: no carriage-control character in column 1, where the file's other lines have one (ASA, \
             a SYSOUT saved with RECFM=FBA): read as printed; a line added to the file after it was saved?"
        );
    }
}
