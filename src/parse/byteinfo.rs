//! `NETSTAT BYTEINFO` (`netstat -b`): the connection list of ALLCONN (SHORT
//! or LONG layout) with indented lines below each connection: its byte
//! counts, and a second line with the date and time it started.
//!
//! ```text
//! User Id  Conn     Local Socket           Foreign Socket         State
//! -------  ----     ------------           --------------         -----
//! CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh
//!   BytesIn:          0000002248          BytesOut:         0000002076
//!   StartDate:        05/31/2022          StartTime:        16:31:54
//! ```
//!
//! `IDLETIME` adds `IdleTime:`, kept as an attribute like any other field
//! without a column.
//!
//! z/OS also prints BYTEINFO as its "Real Time Network Monitor" layout (a
//! real `netstat -b` of z/OS V2R2 is `tests/fixtures/real/`): a date line
//! below the header (taken by the splitter), a row per connection with its
//! job, byte counts, local port and state, the foreign socket on an
//! indented line in the LONG format, and a trailer:
//!
//! ```text
//! 01/16/2019          MVS TCP/IP Real Time Network Monitor
//! User Id  BytesOut             BytesIn              LPort State
//! -------  --------             -------              ----- -----
//! IZUSVR1  00000000000000000000 00000000000000000000 00443 Listen
//!  Foreign Socket: ::..0
//! Connections displayed: 1
//! ```
//!
//! It prints no connection id: such a row gets the id made by
//! [`Connection::unnumbered_id`], and the merge gives it the id of the
//! connection of its snapshot with the same job, local port and foreign
//! socket (see `merge`). Columns are found by their names, so a column
//! added (`IdleTime`) or a foreign socket printed in the row (the SHORT
//! format) is read too.

use chrono::NaiveDateTime;

use super::conn;
use super::fields::{self, counter};
use super::{keep, typed, At, Parsed};
use crate::error::Problem;
use crate::model::{Connection, ConnectionSource, Socket};
use crate::text::{contains_ignore_case, starts_with_ignore_case, time_of_day, us_date, BodyLine};

/// Parses the body of a BYTEINFO report, in either layout.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    let first = body.iter().map(|l| l.text.trim()).find(|t| !t.is_empty()).unwrap_or_default();
    if is_monitor(first) {
        parse_monitor(body)
    } else {
        conn::parse_list(body, ConnectionSource::ByteInfo, detail)
    }
}

/// Column names of the monitor layout that are two words.
/// The first line of a BYTEINFO report in the "Real Time Network Monitor"
/// layout: its column header, with `BytesOut`.
pub fn is_monitor(first: &str) -> bool {
    starts_with_ignore_case(first, "User Id") && contains_ignore_case(first, "BytesOut")
}

const TWO_WORDS: &[&str] = &["User Id", "Foreign Socket", "Local Socket", "Idle Time"];

/// The column names of a header line, `User Id` and the other two-word
/// names kept whole.
fn columns(header: &str) -> Vec<String> {
    let words: Vec<&str> = header.split_whitespace().collect();
    let mut columns = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let pair = words.get(i + 1).map(|next| format!("{} {next}", words[i]));
        match pair.filter(|p| TWO_WORDS.iter().any(|t| t.eq_ignore_ascii_case(p))) {
            Some(pair) => {
                columns.push(pair);
                i += 2;
            }
            None => {
                columns.push(words[i].to_string());
                i += 1;
            }
        }
    }
    columns
}

/// The "Real Time Network Monitor" layout (see the module's text).
fn parse_monitor(body: &[BodyLine<'_>]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut names: Vec<String> = Vec::new();
    let mut displayed: Option<(u32, usize)> = None;
    for line in body {
        let text = line.text.trim();
        if text.is_empty() || text.starts_with("---") {
            continue;
        }
        if starts_with_ignore_case(text, "User Id") {
            names = columns(text);
            continue;
        }
        if let Some(count) = trailer(text) {
            displayed = Some((line.number, count));
            continue;
        }
        if line.text.starts_with(' ') {
            conn::indented(line, detail, &mut parsed);
        } else {
            monitor_row(&names, line, &mut parsed);
        }
    }
    for c in &mut parsed.records.connections {
        c.conn_id = c.unnumbered_id();
    }
    if let Some((line, count)) = displayed.filter(|(_, n)| *n != parsed.records.connections.len()) {
        let read = parsed.records.connections.len();
        parsed.problem(line, format!("the report says {count} connections were displayed, {read} were read"));
    }
    parsed
}

/// `Connections displayed: 1` (any case): the number.
fn trailer(text: &str) -> Option<usize> {
    let (key, value) = text.split_once(':')?;
    key.trim().eq_ignore_ascii_case("Connections displayed").then(|| value.trim().parse().ok())?
}

/// A row of the monitor layout, read by the column names of its header.
fn monitor_row(names: &[String], line: &BodyLine<'_>, parsed: &mut Parsed) {
    let values: Vec<&str> = line.text.split_whitespace().collect();
    if names.is_empty() || values.len() != names.len() {
        let expected = if names.is_empty() {
            "the column header `User Id  BytesOut  BytesIn  LPort State`".to_string()
        } else {
            format!("{} columns `{}`", names.len(), names.join("  "))
        };
        return parsed
            .problem(line.number, format!("expected {expected}, found `{}`", crate::error::quoted(line.text.trim())));
    }
    let mut c = Connection { line: line.number, source: Some(ConnectionSource::ByteInfo), ..Connection::default() };
    let problems = &mut parsed.problems;
    for (name, value) in names.iter().zip(values) {
        let at = (line.number, name.as_str(), value);
        match name.to_ascii_lowercase().as_str() {
            "user id" => c.job = Some(value.to_string()),
            "state" => c.state = Some(fields::keyword(value).to_string()),
            "lport" => {
                let port = typed(value.parse::<u16>().ok(), "a port number", at, &mut c.attributes, problems);
                c.local = port.map(|port| Socket { ip: String::new(), port: Some(port) });
                c.local_line = line.number;
            }
            "bytesout" => {
                c.bytes_out = typed(counter(value, &mut c.counter_digits), "a number", at, &mut c.attributes, problems);
            }
            "bytesin" => {
                c.bytes_in = typed(counter(value, &mut c.counter_digits), "a number", at, &mut c.attributes, problems);
            }
            "foreign socket" => detail(&mut c, (line.number, "Foreign Socket", value), problems),
            "local socket" => detail(&mut c, (line.number, "Local Socket", value), problems),
            _ => keep(&mut c.attributes, line.number, name, value),
        }
    }
    parsed.records.connections.push(c);
}

fn detail(c: &mut Connection, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let attrs = &mut c.attributes;
    match key {
        "BytesIn" => c.bytes_in = typed(counter(value, &mut c.counter_digits), "a number", at, attrs, problems),
        "BytesOut" => c.bytes_out = typed(counter(value, &mut c.counter_digits), "a number", at, attrs, problems),
        "StartDate" => {
            if let Some(date) = typed(us_date(value), "a date MM/DD/YYYY", at, attrs, problems) {
                let time = c.started_at.map(|t| t.time()).unwrap_or_default();
                c.started_at = Some(NaiveDateTime::new(date, time));
            }
        }
        // The time completes the date printed before it on the same line.
        "StartTime" => {
            let Some(time) = typed(time_of_day(value), "a time hh:mm:ss", at, attrs, problems) else { return };
            match c.started_at.as_mut() {
                Some(started) => *started = NaiveDateTime::new(started.date(), time),
                None => keep(attrs, line, key, value),
            }
        }
        _ => conn::sockets(c, at, problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monitor_columns_are_found_by_name() {
        assert_eq!(
            columns("User Id  BytesOut             BytesIn              LPort State"),
            ["User Id", "BytesOut", "BytesIn", "LPort", "State"]
        );
        assert_eq!(
            columns("USER ID  BYTESOUT BYTESIN LPORT FOREIGN SOCKET STATE"),
            ["USER ID", "BYTESOUT", "BYTESIN", "LPORT", "FOREIGN SOCKET", "STATE"]
        );
        assert_eq!(trailer("Connections displayed: 12"), Some(12));
        assert_eq!(trailer("CONNECTIONS DISPLAYED: 3"), Some(3));
        assert_eq!(trailer("Connections: 3"), None);
    }

    #[test]
    fn a_start_time_without_a_date_is_kept_as_printed() {
        let body = [
            BodyLine::new(2, "User Id  Conn     State"),
            BodyLine::new(3, "FTPD1    0000002B Listen"),
            BodyLine::new(4, "  StartTime:  09:15:00   IdleTime: 00:00:05"),
            BodyLine::new(5, "  BytesIn:    x"),
        ];
        let parsed = parse(&body);
        let c = &parsed.records.connections[0];
        assert_eq!(c.started_at, None);
        let kept: Vec<_> = c.attributes.iter().map(|a| (a.line, a.key.as_str(), a.value.as_str())).collect();
        assert_eq!(kept, [(4, "StartTime", "09:15:00"), (4, "IdleTime", "00:00:05"), (5, "BytesIn", "x")]);
        assert_eq!(parsed.problems.len(), 1);
    }
}
