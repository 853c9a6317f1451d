//! Line-level helpers at the bottom of the crate, for the splitter
//! (`capture`) and the parsers (`parse`) alike: the lines of a report body,
//! TSO message ids, `Key: value` pairs, case-insensitive matching, and the
//! dates and times NETSTAT prints. They know nothing of report kinds.

use chrono::{NaiveDate, NaiveTime};

/// One line of a report body: its 1-based line number in the capture file
/// and its text, with any TSO message id already removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLine<'a> {
    pub number: u32,
    pub text: &'a str,
    /// The line fills the record width of its file (see [`record_width`]):
    /// its last value may have been cut there.
    pub full: bool,
}

impl<'a> BodyLine<'a> {
    /// A line that does not fill its file's records.
    pub fn new(number: u32, text: &'a str) -> BodyLine<'a> {
        BodyLine { number, text, full: false }
    }
}

/// The record widths a capture is cut to on its way off z/OS: an 80-column
/// data set or 3270 screen, a 132-column print line (133 with its ASA
/// column). NETSTAT's own lines are shorter.
const RECORD_WIDTHS: [usize; 3] = [80, 132, 133];

/// The width of the records `text` was cut to: its longest lines when they
/// are exactly one of [`RECORD_WIDTHS`] long, as every line that reached
/// that column was cut there (SDSF or ISPF printing to a data set of that
/// record length, a screen copy). Trailing blanks count: NETSTAT ends its
/// socket lines with one, so a whole line of 80 characters is 81 long
/// where the blanks were kept.
pub fn record_width(text: &str) -> Option<usize> {
    record_width_of(lines(text).map(long_width).max()?)
}

/// The record width of a file whose longest line is `longest` wide.
pub fn record_width_of(longest: usize) -> Option<usize> {
    RECORD_WIDTHS.contains(&longest).then_some(longest)
}

/// The width of a line that may fill a record, with its trailing blanks
/// (not a CR), else 0 (most lines are ruled out by their length in bytes).
pub fn long_width(line: &str) -> usize {
    if line.len() < RECORD_WIDTHS[0] {
        0
    } else {
        width_of(line.trim_end_matches('\r'))
    }
}

/// `line` fills records `width` wide (see [`record_width`]): its text
/// reaches their last column.
pub fn fills(line: &str, width: Option<usize>) -> bool {
    width.is_some_and(|w| line.len() >= w && width_of(line.trim_end()) == w)
}

/// The width of a line in characters.
fn width_of(line: &str) -> usize {
    if line.is_ascii() {
        line.len()
    } else {
        line.chars().count()
    }
}

/// The lines of `text` as `text.split('\n')` gives them (after the last
/// line end, one more: empty when the text ends with one). The line ends are
/// found by memchr's vector search: `split` looks at each byte in turn,
/// which was 15 % of what splitting a capture into reports cost.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes()).map(Some).chain([None]).map(move |end| {
        let end = end.unwrap_or(text.len());
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// Splits a TSO message id (`EZZ2550I `) off a line. The id is three
/// letters, four digits and a severity letter, followed by a blank.
pub fn strip_message_id(line: &str) -> (Option<&str>, &str) {
    let bytes = line.as_bytes();
    let is_id = bytes.len() >= 9
        && bytes[..3].iter().all(u8::is_ascii_uppercase)
        && bytes[3..7].iter().all(u8::is_ascii_digit)
        && bytes[7].is_ascii_uppercase()
        && bytes[8] == b' ';
    if is_id {
        (Some(&line[..8]), &line[9..])
    } else {
        (None, line)
    }
}

/// The `Key: value` pairs of a line, in order. NETSTAT prints one or two
/// pairs per line; the second starts at a fixed column unless a long value
/// pushes it right, so it is found as "two or more blanks, then a key".
/// Keys may hold single blanks (`Last Touched`); values may hold colons
/// (`16:36:57`, IPv6 addresses); a value may be empty (`JobName:` followed
/// by blanks and `UserId:` in pasearch). Keys are as printed.
/// Returns `None` when the line does not start with a key (a continuation
/// line, a table row).
pub fn pairs(line: &str) -> Option<Vec<(&str, &str)>> {
    let start = line.len() - line.trim_start().len();
    let key_len = key_at(&line[start..])?;
    let mut result = Vec::with_capacity(2);
    let mut key = &line[start..start + key_len];
    let mut rest = &line[start + key_len + 1..];
    loop {
        match next_key(rest) {
            Some((value_end, next_start, next_len)) => {
                result.push((key, rest[..value_end].trim()));
                key = &rest[next_start..next_start + next_len];
                rest = &rest[next_start + next_len + 1..];
            }
            None => {
                result.push((key, rest.trim()));
                return Some(result);
            }
        }
    }
}

/// The longest key NETSTAT prints is `GSK_SESSION_TICKET_SERVER_KEY_REFRESH` (37).
const MAX_KEY_LEN: usize = 64;

/// Length of the key at the start of `text` (which starts with no blank),
/// if `text` starts with `Key:` followed by a blank or the end of the line.
fn key_at(text: &str) -> Option<usize> {
    // NETSTAT keys are short: looking further would make a long line without
    // keys cost quadratic time.
    let window = &text.as_bytes()[..text.len().min(MAX_KEY_LEN + 1)];
    let colon = window.iter().position(|b| *b == b':')?;
    let key = &text[..colon];
    let after = &text[colon + 1..];
    let valid = !key.is_empty()
        && key.as_bytes()[0].is_ascii_alphanumeric()
        // two blanks end a key (bytes compared in place: `contains` would
        // set up a substring search for each of millions of lines)
        && !key.as_bytes().windows(2).any(|pair| pair == b"  ")
        && !key.ends_with(' ')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b" _-./()".contains(&b))
        && key.bytes().any(|b| b.is_ascii_alphabetic())
        && (after.is_empty() || after.starts_with([' ', '\t']));
    valid.then_some(colon)
}

/// In the text after a key's colon, finds the next key: returns where the
/// value ends, where the next key starts and its length.
/// A gap between two pairs is two or more blanks, or any run of blanks
/// holding a tab (captures edited by hand or re-tabbed in transfer).
fn next_key(rest: &str) -> Option<(usize, usize, usize)> {
    let bytes = rest.as_bytes();
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let mut i = rest.len() - rest.trim_start().len();
    // An empty value: the gap right after the colon, then the next key
    // (`JobName:` then blanks then `UserId:` in pasearch).
    if (i >= 2 || bytes[..i].contains(&b'\t')) && i < bytes.len() {
        if let Some(len) = key_at(&rest[i..]) {
            return Some((0, i, len));
        }
    }
    while i < bytes.len() {
        if !is_blank(&bytes[i]) {
            i += 1;
            continue;
        }
        let gap = i;
        let run = bytes[gap..].iter().take_while(|b| is_blank(b)).count();
        let candidate = gap + run;
        let is_gap = run >= 2 || bytes[gap] == b'\t';
        if is_gap && candidate < bytes.len() {
            if let Some(len) = key_at(&rest[candidate..]) {
                return Some((gap, candidate, len));
            }
        }
        i = candidate;
    }
    None
}

/// `text` after `prefix`, when `prefix` starts it in any case.
pub fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// `prefix` starts `text`, in any case.
pub fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    strip_prefix_ignore_case(text, prefix).is_some()
}

/// `needle` is in `text`, in any case.
pub fn contains_ignore_case(text: &str, needle: &str) -> bool {
    text.to_ascii_lowercase().contains(&needle.to_ascii_lowercase())
}

/// Holds an upper-case letter and no lower-case one.
pub fn is_upper_case(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_uppercase()) && !text.bytes().any(|b| b.is_ascii_lowercase())
}

/// A page heading that a print utility or report archiver puts at the top
/// of each page of a listing (`REPORT: SYSTSPRT  DATE: 05/31/22  PAGE: 2`,
/// `NETOPS.NETSTAT.SYSTSPRT  PAGE 2`): a line that ends in the word `PAGE`
/// (any case, with or without a colon) and a page number. NETSTAT prints no
/// such line.
pub fn is_page_header(line: &str) -> bool {
    let mut words = line.split_whitespace().rev();
    let (Some(number), Some(word)) = (words.next(), words.next()) else { return false };
    let word = word.strip_suffix(':').unwrap_or(word);
    number.len() <= 6 && number.bytes().all(|b| b.is_ascii_digit()) && word.eq_ignore_ascii_case("PAGE")
}

/// Parses `MM/DD/YYYY`, the form of `StartDate`.
pub fn us_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%m/%d/%Y").ok()
}

/// Parses `hh:mm:ss`.
pub fn time_of_day(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M:%S").ok()
}

/// Whether the last value of a line cannot be a cut-short value: a counter
/// as NETSTAT prints it (ten digits, zero-padded), a time of day, a date, or
/// a keyword (a state, `N/A`, `On`, `Yes` ...). Anything else (a socket,
/// whose port may have lost digits, a short number, a name) may be cut.
pub fn plausibly_whole(line: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "N/A",
        "On",
        "Off",
        "Yes",
        "No",
        "Listen",
        "Establsh",
        "Estblsh",
        "TimeWait",
        "TimeWt",
        "CloseWt",
        "ClosWt",
        "ClosWait",
        "FinWait1",
        "FinWt1",
        "FinWait2",
        "FinWt2",
        "LastAck",
        "SynSent",
        "SynRcvd",
        "Closed",
        "Closing",
        "Primary",
        "Secondary",
    ];
    let Some(token) = line.split_whitespace().last() else { return false };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let shaped = |separator: char, widths: &[usize]| {
        let parts: Vec<&str> = token.split(separator).collect();
        parts.len() == widths.len()
            && parts.iter().zip(widths).all(|(part, width)| part.len() == *width && digits(part))
    };
    (token.len() == 10 && digits(token))
        || shaped(':', &[2, 2, 2])
        || shaped('/', &[2, 2, 4])
        || KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lines` is `split('\n')`, found faster: the same lines, the last
    /// one (empty or not) after the last line end included.
    #[test]
    fn lines_are_those_split_gives() {
        for text in ["", "\n", "a", "a\n", "a\nb", "\n\nb\r\n", "é\nü\n\n", "  x  \n\ty"] {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn message_ids_are_split_off() {
        assert_eq!(strip_message_id("EZZ2550I Client Name: X"), (Some("EZZ2550I"), "Client Name: X"));
        assert_eq!(strip_message_id("EZD0101I NETSTAT"), (Some("EZD0101I"), "NETSTAT"));
        assert_eq!(strip_message_id("ConnID: 000000bb"), (None, "ConnID: 000000bb"));
        assert_eq!(strip_message_id("EZZ2550"), (None, "EZZ2550"));
        assert_eq!(strip_message_id("ezz2550i x"), (None, "ezz2550i x"));
    }

    #[test]
    fn case_is_ignored_where_asked() {
        assert!(starts_with_ignore_case("USER ID  CONN", "User Id"));
        assert!(!starts_with_ignore_case("USER", "User Id"));
        assert!(contains_ignore_case("TTLSGRPACTION   GROUP ID", "Group ID"));
    }

    #[test]
    fn page_headings() {
        assert!(is_page_header("REPORT: SYSTSPRT    DATE: 05/31/22    PAGE: 2"));
        assert!(is_page_header("NETOPS.NETSTAT.SYSTSPRT                PAGE 2"));
        assert!(is_page_header("  Page 12"));
        assert!(!is_page_header("    Trace:                      2"));
        assert!(!is_page_header("PAGE"));
        assert!(!is_page_header("    PAGE: two"));
    }

    #[test]
    fn dates_as_printed() {
        assert_eq!(us_date("05/31/2022"), NaiveDate::from_ymd_opt(2022, 5, 31));
    }
}
