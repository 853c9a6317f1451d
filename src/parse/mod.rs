//! Parsers: pure functions from the body of one report to typed records
//! with their line numbers. They know nothing of files or SQLite.
//!
//! Each report kind has its own module. A parser never fails as a whole: a
//! line it cannot read becomes a [`Problem`] and the rest is still parsed.
//! The console prints NETSTAT's keys and keywords in upper case: the
//! parsers read both spellings (see [`fields::pairs`] and [`fields::keyword`]).

pub(crate) mod all;
pub(crate) mod byteinfo;
pub(crate) mod conn;
pub mod ending;
pub(crate) mod fields;
pub(crate) mod pasearch;
mod policy;
pub mod ttls;
pub(crate) mod ttls_group;

use crate::error::Problem;
use crate::model::{Attribute, Records, ReportKind};
use crate::text::BodyLine;
pub(crate) use policy::list_setting;

/// What a parser made of a report: the records, and the lines it could not read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub records: Records,
    pub problems: Vec<Problem>,
    /// What the report holds that is not read, and why (`line N: ...`).
    pub notes: Vec<String>,
}

impl Parsed {
    fn problem(&mut self, line: u32, reason: impl Into<String>) {
        self.problems.push(Problem::at(line, reason));
    }
}

/// Parses the body of a report of the given kind.
pub fn parse(kind: ReportKind, body: &[BodyLine<'_>]) -> Parsed {
    match kind {
        ReportKind::All => all::parse(body),
        ReportKind::AllConn | ReportKind::Conn | ReportKind::ConnOrAllConn => conn::parse(body),
        ReportKind::Ttls | ReportKind::TtlsConn | ReportKind::TtlsDetail => ttls::parse(body),
        ReportKind::TtlsGroup => ttls_group::parse_table(body),
        ReportKind::TtlsGroupDetail => ttls_group::parse_detail(body),
        ReportKind::ByteInfo => byteinfo::parse(body),
        ReportKind::Pasearch => pasearch::parse(body),
        ReportKind::Other(_) | ReportKind::Empty | ReportKind::Failed(_) => Parsed::default(),
    }
}

/// Parses the body of a report of the given kind, one of a file's reports of
/// one snapshot that share `printed`: a TTLS rule block that an earlier
/// report printed word for word is not read again (see [`ttls::Printed`]).
pub fn parse_in(kind: ReportKind, body: &[BodyLine<'_>], printed: &mut ttls::Printed) -> Parsed {
    match kind {
        ReportKind::Ttls | ReportKind::TtlsConn | ReportKind::TtlsDetail => ttls::parse_with(body, printed),
        _ => parse(kind, body),
    }
}

/// A setting as printed: its line, key and value.
pub(super) type At<'a> = (u32, &'a str, &'a str);

/// Keeps a field that has no typed column, as printed.
fn keep(attributes: &mut Vec<Attribute>, line: u32, key: &str, value: &str) {
    attributes.push(Attribute { line, key: key.to_string(), value: value.to_string() });
}

/// A `Local Socket` or `Foreign Socket` field. The `(IPv6_ONLY)` marker
/// after an IPv6 listener's socket is kept as the attribute `IPv6_ONLY: Yes`.
fn socket_field(
    at: (u32, &str, &str),
    attributes: &mut Vec<Attribute>,
    problems: &mut Vec<Problem>,
) -> Option<crate::model::Socket> {
    let (line, _, value) = at;
    if fields::ipv6_only(value) {
        keep(attributes, line, "IPv6_ONLY", "Yes");
    }
    typed_socket(at, attributes, problems)
}

/// A socket `IP..PORT`, typed ([`fields::socket`]: an IPv6 address in its
/// canonical text); an address printed otherwise than that text but for
/// letter case is kept as printed, as the attribute `<key> (printed)`.
fn typed_socket(
    at: (u32, &str, &str),
    attributes: &mut Vec<Attribute>,
    problems: &mut Vec<Problem>,
) -> Option<crate::model::Socket> {
    let (line, key, value) = at;
    let socket = typed(fields::socket(value), "a socket `IP..PORT`", at, attributes, problems)?;
    if let Some(printed) = fields::printed_ip(value) {
        keep(attributes, line, &format!("{key} (printed)"), printed);
    }
    Some(socket)
}

/// The last value of `line` when the line fills its file's records (see
/// [`BodyLine::full`]) and the value may have been cut there (see
/// [`crate::text::plausibly_whole`]): it is kept as text, with a problem,
/// rather than read as a value it may not be (`10.1.0.2..5` of
/// `10.1.0.2..51844`). Returns whether it was.
fn cut_value(
    line: &BodyLine<'_>,
    (key, value): (&str, &str),
    attributes: &mut Vec<Attribute>,
    problems: &mut Vec<Problem>,
) -> bool {
    if !line.full || crate::text::plausibly_whole(value) {
        return false;
    }
    problems.push(Problem::at(
        line.number,
        format!(
            "`{key}` ends a line as long as the longest lines of the file, which end at a record width (80, 132 or \
             133 columns): the lines look cut there (a print to a data set of that record length, a screen copy), \
             so `{}` may be cut short (kept as text, not read); take the capture at its full width",
            crate::error::quoted(value)
        ),
    ));
    keep(attributes, line.number, key, value);
    true
}

/// A connection's `State`, in its TSO spelling, when it is one NETSTAT
/// prints (see [`fields::state`]); none when nothing is printed; any other
/// text (a state cut short, `Establs`) is a problem, kept as text.
fn typed_state(at: At<'_>, attributes: &mut Vec<Attribute>, problems: &mut Vec<Problem>) -> Option<String> {
    fields::present(at.2)?;
    let expected = "a connection state NETSTAT prints (`Establsh`, `Listen` ...)";
    typed(fields::state(at.2), expected, at, attributes, problems).map(str::to_string)
}

/// Parses a typed value; when it does not parse, records a problem and keeps
/// the text as an attribute, so nothing printed is lost.
fn typed<T>(
    parsed_value: Option<T>,
    expected: &str,
    (line, key, value): (u32, &str, &str),
    attributes: &mut Vec<Attribute>,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    if parsed_value.is_none() {
        problems.push(Problem::at(
            line,
            format!("`{key}` should be {expected}, found `{}` (kept as text)", crate::error::quoted(value)),
        ));
        keep(attributes, line, key, value);
    }
    parsed_value
}

/// Where the body of a report may be cut into parts that each parse on
/// their own as they would in the whole body, so that a large report is
/// parsed (and held) a part at a time: before the line that starts a record
/// (an ALL block's `Client Name:`, a row of a connection list, a TTLS
/// `ConnID:`), with what a part needs of the lines before it (a connection
/// list's column header). Other reports, and BYTEINFO's monitor layout
/// (which checks its rows against its trailer), are never cut.
#[derive(Debug, Clone)]
pub struct Cuts {
    at: Cut,
    /// A connection list's last column header, as printed.
    heading: Option<(u32, String)>,
    /// The rules and actions of a TTLS report kept by the parts before.
    kept: ttls::Kept,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Never,
    All,
    List,
    Ttls,
}

impl Cuts {
    /// The cuts of a report of `kind` whose body starts with `first`.
    pub fn new(kind: ReportKind, first: Option<&str>) -> Cuts {
        let monitor = first.is_some_and(byteinfo::is_monitor);
        let at = match kind {
            ReportKind::All => Cut::All,
            ReportKind::AllConn | ReportKind::Conn | ReportKind::ConnOrAllConn => Cut::List,
            ReportKind::ByteInfo if !monitor => Cut::List,
            ReportKind::Ttls | ReportKind::TtlsConn | ReportKind::TtlsDetail => Cut::Ttls,
            _ => Cut::Never,
        };
        Cuts { at, heading: None, kept: ttls::Kept::default() }
    }

    /// Takes the next line of the body; says whether it starts a record
    /// where a part may start.
    pub fn line(&mut self, line: &BodyLine<'_>) -> bool {
        // The cheap test first: this runs for every line of a large file.
        let first_key = |key: &str| {
            crate::text::starts_with_ignore_case(line.text.trim_start(), key)
                && fields::pairs(line.text).is_some_and(|p| p.first().is_some_and(|(k, _)| *k == key))
        };
        match self.at {
            Cut::Never => false,
            Cut::All => first_key("Client Name"),
            Cut::Ttls => first_key("ConnID"),
            Cut::List => {
                let text = line.text.trim();
                if crate::text::starts_with_ignore_case(text, "User Id") {
                    self.heading = Some((line.number, line.text.to_string()));
                    return false;
                }
                // A row (not indented) under a column header.
                self.heading.is_some() && !text.is_empty() && !text.starts_with("---") && !line.text.starts_with(' ')
            }
        }
    }

    /// Parses a part of the report (see [`parse_in`]), after the parts
    /// before it.
    pub fn parse(&mut self, kind: ReportKind, body: &[BodyLine<'_>], printed: &mut ttls::Printed) -> Parsed {
        match kind {
            ReportKind::Ttls | ReportKind::TtlsConn | ReportKind::TtlsDetail => {
                ttls::parse_part(body, printed, &mut self.kept)
            }
            _ => parse(kind, body),
        }
    }

    /// The line a part that does not start the body reads first: the
    /// column header of a connection list.
    pub fn carried(&self) -> Option<BodyLine<'_>> {
        self.heading.as_ref().map(|(number, text)| BodyLine::new(*number, text))
    }
}
