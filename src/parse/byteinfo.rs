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

use chrono::NaiveDateTime;

use super::conn::{self, At};
use super::fields::{int, time_of_day, us_date};
use super::{keep, typed, BodyLine, Parsed};
use crate::error::Problem;
use crate::model::{Connection, ConnectionSource};

/// Parses the body of a BYTEINFO report.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    conn::parse_list(body, ConnectionSource::ByteInfo, detail)
}

fn detail(c: &mut Connection, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let attrs = &mut c.attributes;
    match key {
        "BytesIn" => c.bytes_in = typed(int(value), "a number", at, attrs, problems),
        "BytesOut" => c.bytes_out = typed(int(value), "a number", at, attrs, problems),
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
    fn a_start_time_without_a_date_is_kept_as_printed() {
        let body = [
            BodyLine { number: 2, text: "User Id  Conn     State" },
            BodyLine { number: 3, text: "FTPD1    0000002B Listen" },
            BodyLine { number: 4, text: "  StartTime:  09:15:00   IdleTime: 00:00:05" },
            BodyLine { number: 5, text: "  BytesIn:    x" },
        ];
        let parsed = parse(&body);
        let c = &parsed.records.connections[0];
        assert_eq!(c.started_at, None);
        let kept: Vec<_> = c.attributes.iter().map(|a| (a.line, a.key.as_str(), a.value.as_str())).collect();
        assert_eq!(kept, [(4, "StartTime", "09:15:00"), (4, "IdleTime", "00:00:05"), (5, "BytesIn", "x")]);
        assert_eq!(parsed.problems.len(), 1);
    }
}
