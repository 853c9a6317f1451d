//! SYSLOG prefixes: the columns the z/OS hardcopy log puts before the text
//! of every message line, as found in SYSLOG extracts of console commands
//! (the JES SYSLOG data set, SDSF `LOG` and `OPERLOG` printed to a file).
//!
//! Exactly two record forms are accepted; any other line is taken as it is.
//! Columns are 1-based; `YEAR4` is the same layout with a 4-digit year
//! (`HCFORMAT(YEAR4)`), which moves every later column 2 to the right.
//!
//! 1. A **message record**, the first (or only) line of a message:
//!
//!    ```text
//!    MR0000000 SYSA     22151 16:40:39.12 STC00045 00000090  EZD0101I NETSTAT CS V2R4 TCPIP 279
//!    ```
//!
//!    | columns (YEAR2) | field |
//!    |---|---|
//!    | 1 | record type, a letter (`N` single line, `M` first line of a multi-line message, `W`, `O`, `X`, ...) |
//!    | 2 | request type, a letter (`C` command, `R` response, `I` internal) or blank |
//!    | 3–9 | routing codes, 7 hex digits |
//!    | 11–18 | system name, left aligned |
//!    | 20–24 | date `yyddd` (year 20yy, day of the year); `yyyyddd` in 20–26 with YEAR4 |
//!    | 26–36 | time `hh:mm:ss.th` |
//!    | 38–45 | job id (`STC00045`, `JOB01234`, `TSU00012`, a console name) or blank |
//!    | 47–54 | MPF flags, 8 hex digits |
//!    | 56 | a flag character (blank, `*`, `@`, ...) |
//!    | 57– | the message text |
//!
//! 2. A **continuation record**, a later line of a multi-line message:
//!
//!    ```text
//!    DR                                       279 00000090  USER ID  CONN     STATE
//!    ```
//!
//!    a record type (`L` label, `D` data, `E` end, `S` continuation) and a
//!    request type, blanks up to the message's connect id, right aligned to
//!    column 45 (47 with YEAR4), then the MPF flags in 47–54 (49–56), the flag
//!    character and the text as above. It carries no date, time or system:
//!    those of the message record with the same connect id apply.
//!
//! Separators must be blanks where the table has none; columns beyond the
//! end of a line whose trailing blanks were cut are taken as blank.

use chrono::{NaiveDate, NaiveTime};

/// What a SYSLOG prefix says about its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record<'a> {
    /// The first line of a message: where, when, and for which job.
    Message { system: &'a str, date: NaiveDate, time: NaiveTime, job: &'a str },
    /// A later line of a multi-line message, with the message's connect id.
    Continuation { connect_id: &'a str },
}

/// Splits a SYSLOG prefix off a line: the record it describes and the
/// message text. `None` when the line has no prefix of an accepted form.
pub fn strip(line: &str) -> Option<(Record<'_>, &str)> {
    let bytes = line.as_bytes();
    // Everything up to the text is ASCII, so byte offsets are char boundaries.
    let head = bytes.get(..2)?;
    if !head[0].is_ascii_uppercase() || !(head[1].is_ascii_uppercase() || head[1] == b' ') {
        return None;
    }
    message(line).or_else(|| continuation(line))
}

fn message(line: &str) -> Option<(Record<'_>, &str)> {
    let bytes = line.as_bytes();
    if !bytes.get(2..9)?.iter().all(u8::is_ascii_hexdigit) || bytes.get(9) != Some(&b' ') {
        return None;
    }
    let system = line.get(10..18)?.trim_end();
    let valid_system = !system.is_empty()
        && !system.starts_with(' ')
        && system.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'#' | b'$'));
    if !valid_system || bytes.get(18) != Some(&b' ') {
        return None;
    }
    // The date is `yyddd` (YEAR2) or `yyyyddd` (YEAR4).
    let digits = bytes[19..].iter().take_while(|b| b.is_ascii_digit()).count();
    let date = match digits {
        5 => year_day(2000 + number(&line[19..21])?, number(&line[21..24])?)?,
        7 => year_day(number(&line[19..23])?, number(&line[23..26])?)?,
        _ => return None,
    };
    let t = 19 + digits + 1;
    if bytes.get(t - 1) != Some(&b' ') {
        return None;
    }
    let time = hundredths_time(line.get(t..t + 11)?)?;
    let fields = &line[t + 11..];
    let field = |range: std::ops::Range<usize>| blank_padded(fields, range);
    if field(0..1)? != " " {
        return None;
    }
    let job = field(1..9)?;
    let job = job.trim_end();
    if job.starts_with(' ') || job.contains(' ') {
        return None;
    }
    let text = flags_and_text(fields, 9)?;
    Some((Record::Message { system, date, time, job }, text))
}

fn continuation(line: &str) -> Option<(Record<'_>, &str)> {
    // The connect id ends in column 45 (YEAR2) or 47 (YEAR4).
    [45, 47].into_iter().find_map(|end| {
        let before = line.get(2..end)?;
        let connect_id = before.trim_start();
        let padded = before.len() - connect_id.len();
        let valid = !connect_id.is_empty()
            && connect_id.len() <= 10
            && connect_id.bytes().all(|b| b.is_ascii_digit())
            && padded >= 20;
        if !valid {
            return None;
        }
        let text = flags_and_text(&line[end..], 0)?;
        Some((Record::Continuation { connect_id }, text))
    })
}

/// The fields of a SYSLOG prefix found by their shape where [`strip`] finds
/// none in its columns: a line whose prefix a copy shifted (a leading blank,
/// a blank too many or too few between two fields). A message record's
/// fields in their order, each one or more blanks apart (the job may be
/// blank); a continuation record's type, blanks, its connect id, the flags.
/// The text starts where the flags and flag character end, so it keeps its
/// own indentation. The caller decides whether the line is told well enough
/// to be read (a reply's connect id, an `EZD0101I` header).
pub fn shifted(line: &str) -> Option<(Record<'_>, &str)> {
    let start = line.len() - line.trim_start_matches(' ').len();
    let bytes = line.as_bytes();
    let head = bytes.get(start..start + 2)?;
    if start > 2 || !head[0].is_ascii_uppercase() || !(head[1].is_ascii_uppercase() || head[1] == b' ') {
        return None;
    }
    // A message record's routing codes follow its type; a continuation
    // record's type is followed by blanks.
    let routing = line.get(start + 2..start + 9).filter(|r| r.bytes().all(|b| b.is_ascii_hexdigit()));
    if routing.is_some() {
        let mut words = Words { line, at: start + 9 };
        let system = words.next().filter(|w| w.len() <= 8)?;
        if !system.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'#' | b'$')) {
            return None;
        }
        let date = words.next()?;
        let date = match date.len() {
            5 => year_day(2000 + number(&date[..2])?, number(&date[2..])?)?,
            7 => year_day(number(&date[..4])?, number(&date[4..])?)?,
            _ => return None,
        };
        let time = hundredths_time(words.next()?)?;
        // The job, or the flags when the job is blank.
        let job = words.next()?;
        let job = if is_flags(job) && !words.peek_flags() {
            ""
        } else {
            words.next().filter(|w| is_flags(w)).map(|_| job)?
        };
        let text = flags_and_text(line, words.at - 9)?;
        return Some((Record::Message { system, date, time, job }, text));
    }
    let mut words = Words { line, at: start + 2 };
    let connect_id = words.next().filter(|w| w.len() <= 10 && w.bytes().all(|b| b.is_ascii_digit()))?;
    let text = flags_and_text(line, words.at)?;
    Some((Record::Continuation { connect_id }, text))
}

/// 8 hex digits: MPF flags.
fn is_flags(word: &str) -> bool {
    word.len() == 8 && word.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The blank-separated words of a line from `at`, with where each ends.
struct Words<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    /// The next word, after at least one blank.
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.line.get(self.at..)?;
        let word = rest.trim_start_matches(' ');
        if word.len() == rest.len() {
            return None;
        }
        let word = &word[..word.find(' ').unwrap_or(word.len())];
        self.at = self.line.len() - rest.trim_start_matches(' ').len() + word.len();
        (!word.is_empty()).then_some(word)
    }

    /// The next word is 8 hex digits (without taking it).
    fn peek_flags(&self) -> bool {
        Words { line: self.line, at: self.at }.next().is_some_and(is_flags)
    }
}

/// From `at`: a blank, 8 hex MPF flags, a blank, a flag character, then the
/// text (empty when the line ends before it).
fn flags_and_text(fields: &str, at: usize) -> Option<&str> {
    let bytes = fields.as_bytes();
    let flags = bytes.get(at + 1..at + 9)?;
    if bytes[at] != b' ' || !flags.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    match bytes.get(at + 9) {
        None => Some(""),
        Some(b' ') => Some(fields.get(at + 11..).unwrap_or("")),
        Some(_) => None,
    }
}

/// The columns `range` of `text`, blanks past its end.
fn blank_padded(text: &str, range: std::ops::Range<usize>) -> Option<&str> {
    if range.end <= text.len() {
        text.get(range)
    } else if range.start >= text.len() {
        Some(&"         "[..range.len().min(9)])
    } else {
        None
    }
}

fn number(digits: &str) -> Option<i32> {
    digits.parse().ok()
}

fn year_day(year: i32, day: i32) -> Option<NaiveDate> {
    NaiveDate::from_yo_opt(year, u32::try_from(day).ok()?).filter(|_| (1980..=2099).contains(&year))
}

/// `hh:mm:ss.th`, to the second.
fn hundredths_time(text: &str) -> Option<NaiveTime> {
    let (seconds, hundredths) = text.split_once('.')?;
    if hundredths.len() != 2 || !hundredths.bytes().all(|b| b.is_ascii_digit()) || seconds.len() != 8 {
        return None;
    }
    NaiveTime::parse_from_str(seconds, "%H:%M:%S").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn message_records_with_two_and_four_digit_years() {
        let line = "MR0000000 SYSA     22151 16:40:39.12 STC00045 00000090  EZD0101I NETSTAT CS V2R4 TCPIP 279";
        let (record, text) = strip(line).unwrap();
        let time = NaiveTime::from_hms_opt(16, 40, 39).unwrap();
        assert_eq!(record, Record::Message { system: "SYSA", date: date(2022, 5, 31), time, job: "STC00045" });
        assert_eq!(text, "EZD0101I NETSTAT CS V2R4 TCPIP 279");

        let line = "N 4000000 PROD1    2024358 23:59:59.99          00000290  D TCPIP,,NETSTAT,CONN";
        let (record, text) = strip(line).unwrap();
        let time = NaiveTime::from_hms_opt(23, 59, 59).unwrap();
        assert_eq!(record, Record::Message { system: "PROD1", date: date(2024, 12, 23), time, job: "" });
        assert_eq!(text, "D TCPIP,,NETSTAT,CONN");

        // The text keeps its own indentation; an action flag is allowed.
        let line = "NR0000000 SYSA     22151 16:40:39.12 STC00045 00000090 * LOCAL SOCKET: X";
        assert_eq!(strip(line).unwrap().1, " LOCAL SOCKET: X");
        // Trailing blanks cut after the flags: an empty text.
        assert_eq!(strip("D 0000000 SYSA     22151 16:40:39.12 STC00045 00000090").unwrap().1, "");
    }

    #[test]
    fn continuation_records_carry_the_connect_id() {
        let line = format!("{:<2}{:>43} 00000090  USER ID  CONN     STATE", "DR", "279");
        let (record, text) = strip(&line).unwrap();
        assert_eq!(record, Record::Continuation { connect_id: "279" });
        assert_eq!(text, "USER ID  CONN     STATE");
        let line = format!("{:<2}{:>45} 00000090    BYTESIN: 1", "E", "1234");
        assert_eq!(strip(&line).unwrap(), (Record::Continuation { connect_id: "1234" }, "  BYTESIN: 1"));
    }

    #[test]
    fn shifted_prefixes_are_read_by_the_shape_of_their_fields() {
        let line = " LR                                        279 00000090  CLIENT NAME: X";
        assert_eq!(strip(line), None);
        assert_eq!(shifted(line), Some((Record::Continuation { connect_id: "279" }, "CLIENT NAME: X")));
        let line = "MR0000000 SYSA      26328 08:00:01.12 STC00045 00000090  EZD0101I NETSTAT CS V2R4 TCPIP 279";
        assert_eq!(strip(line), None);
        let (record, text) = shifted(line).unwrap();
        let time = NaiveTime::from_hms_opt(8, 0, 1).unwrap();
        assert_eq!(record, Record::Message { system: "SYSA", date: date(2026, 11, 24), time, job: "STC00045" });
        assert_eq!(text, "EZD0101I NETSTAT CS V2R4 TCPIP 279");
        // A blank job: the flags come right after the time.
        let (record, text) = shifted("N 4000000 PROD1     2024358 23:59:59.99  00000290  D TCPIP").unwrap();
        assert!(matches!(record, Record::Message { system: "PROD1", job: "", .. }), "{record:?}");
        assert_eq!(text, "D TCPIP");
        // Flags of 7 digits, or no connect id: no prefix.
        assert_eq!(shifted(" LR      279 0000090  X"), None);
        assert_eq!(shifted("DR    00000090  X"), None);
    }

    #[test]
    fn other_lines_have_no_prefix() {
        for line in [
            "",
            "EZD0101I NETSTAT CS V2R4 TCPIP 279",
            "MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           16:40:39",
            "CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh",
            "TTLSRule: REMOTE-TO-CSQ1",
            // Day 400 of the year, a 25th hour, flags that are not hex.
            "MR0000000 SYSA     22400 16:40:39.12 STC00045 00000090  X",
            "MR0000000 SYSA     22151 25:40:39.12 STC00045 00000090  X",
            "MR0000000 SYSA     22151 16:40:39.12 STC00045 0000009Z  X",
            "MR0000000 SYSA     22151 16:40:39 STC00045 00000090  X",
            "DR  279 00000090  text",
            "ÉR0000000 SYSA     22151 16:40:39.12 STC00045 00000090  X",
            "MR0000000 SYS€     22151 16:40:39.12 STC00045 00000090  X",
        ] {
            assert_eq!(strip(line), None, "{line}");
        }
    }
}
