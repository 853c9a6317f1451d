//! `NETSTAT ALL` (`netstat -A`): one block of `Key: value` pairs per
//! connection, starting at `Client Name:`.

use chrono::NaiveDateTime;

use super::fields::{self, conn_id, counter, flag, int, present};
use super::{cut_value, keep, socket_field, typed, typed_state, Parsed};
use crate::model::{Connection, ConnectionSource, FieldKind, FieldValue, TcpDetail};
use crate::text::{time_of_day, us_date, BodyLine};

/// Parses the body of an ALL report.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut block: Option<Block> = None;
    // The line a line that filled its record was wrapped onto, joined to it.
    let mut wrapped = None;
    for (index, line) in body.iter().enumerate() {
        if line.text.trim().is_empty() || wrapped == Some(line.number) {
            continue;
        }
        let Some(mut pairs) = fields::pairs(line.text) else {
            parsed.problem(
                line.number,
                format!(
                    "expected `Key: value` in a NETSTAT ALL block, found `{}`",
                    crate::error::quoted(line.text.trim())
                ),
            );
            continue;
        };
        let rest = wrap(body, index);
        let joined = rest.and_then(|rest| Some(format!("{}{}", pairs.last()?.1, rest.text.trim())));
        if let (Some(rest), Some(joined), Some(last)) = (rest, &joined, pairs.last_mut()) {
            parsed.notes.push(format!(
                "line {}: `{}` continues line {}, which is as long as the file's longest lines (a line longer than \
                 its record, wrapped onto the next): read as one line, `{}: {}`",
                rest.number,
                crate::error::quoted(rest.text.trim()),
                line.number,
                last.0,
                crate::error::quoted(joined)
            ));
            last.1 = joined.as_str();
            wrapped = Some(rest.number);
        }
        let count = pairs.len();
        for (n, (key, value)) in pairs.into_iter().enumerate() {
            let last = n + 1 == count && joined.is_none() && key != "Client Name";
            if let Some(block) = block.as_mut().filter(|_| last) {
                let c = &mut block.connection;
                if cut_value(line, (key, value), &mut c.attributes, &mut parsed.problems) {
                    continue;
                }
            }
            if key == "Client Name" {
                if let Some(lost) = block.as_ref().and_then(Block::lost_lines) {
                    parsed.problem(lost.0, lost.1);
                }
                finish(block.take(), &mut parsed);
                block = Some(Block::new(line.number, value));
            } else if let Some(block) = block.as_mut() {
                block.set(line.number, key, value, &mut parsed.problems);
            } else {
                parsed.problem(line.number, format!("`{key}` before the first `Client Name:` of a NETSTAT ALL report"));
            }
        }
    }
    finish(block, &mut parsed);
    parsed
}

/// The line after `body[index]` when it holds the rest of that line,
/// wrapped: the line fills its file's records, and the next one is a single
/// word with no key (`1844` of `Foreign Socket: 10.1.0.2..5`).
fn wrap<'b>(body: &'b [BodyLine<'b>], index: usize) -> Option<&'b BodyLine<'b>> {
    let (line, next) = (body.get(index)?, body.get(index + 1)?);
    let word = next.text.trim();
    let single = !word.is_empty() && !word.contains(char::is_whitespace);
    (line.full && next.number == line.number + 1 && single && fields::pairs(next.text).is_none()).then_some(next)
}

/// A connection block being read; the start date and time come on separate
/// keys and are combined when the block ends.
struct Block {
    connection: Connection,
    start_date: Option<chrono::NaiveDate>,
    start_time: Option<chrono::NaiveTime>,
    /// Whether it printed a `TTLSPolicy:` line, and a UDP endpoint's
    /// foreign socket (`*..*`), which prints none.
    policy_printed: bool,
    udp: bool,
}

impl Block {
    fn new(line: u32, job: &str) -> Self {
        let connection = Connection {
            line,
            source: Some(ConnectionSource::All),
            job: present(job).map(str::to_string),
            ..Connection::default()
        };
        Block { connection, start_date: None, start_time: None, policy_printed: false, udp: false }
    }

    /// The problem of a TCP block followed by another block of its report
    /// that printed no `TTLSPolicy:` line: NETSTAT prints one in every TCP
    /// block (every release with AT-TLS; the last block of a file is
    /// checked as a cut capture, see `ending`), so lines were lost inside
    /// the report, and with them whether AT-TLS protects the connection.
    fn lost_lines(&self) -> Option<(u32, String)> {
        if self.policy_printed || self.udp {
            return None;
        }
        let c = &self.connection;
        Some((
            c.line,
            format!(
                "the NETSTAT ALL block of connection {} (from line {}) ends at the next block without the \
                 `TTLSPolicy:` line NETSTAT prints in every TCP block: lines were lost inside the report (a \
                 SYSLOG extract missing records, a transfer that dropped lines); lost: whether AT-TLS protects \
                 it (counted `unknown`), and whatever else was on those lines; take the capture again",
                crate::error::quoted(&c.conn_id),
                c.line
            ),
        ))
    }

    fn set(&mut self, line: u32, key: &str, value: &str, problems: &mut Vec<crate::error::Problem>) {
        let c = &mut self.connection;
        let at = (line, key, value);
        let attrs = &mut c.attributes;
        match key {
            "Client Id" => {
                c.conn_id = typed(conn_id(value), "a hex connection id", at, attrs, problems).unwrap_or_default();
            }
            "Local Socket" => {
                c.local = socket_field(at, attrs, problems);
                c.local_line = line;
            }
            "Foreign Socket" => {
                self.udp = value.trim_start().starts_with("*..");
                c.remote = socket_field(at, attrs, problems);
                c.remote_line = line;
            }
            "BytesIn" => c.bytes_in = typed(counter(value, &mut c.counter_digits), "a number", at, attrs, problems),
            "BytesOut" => c.bytes_out = typed(counter(value, &mut c.counter_digits), "a number", at, attrs, problems),
            "SegmentsIn" => {
                c.segments_in = typed(counter(value, &mut c.counter_digits), "a number", at, attrs, problems);
            }
            "SegmentsOut" => {
                c.segments_out = typed(counter(value, &mut c.counter_digits), "a number", at, attrs, problems);
            }
            "StartDate" => self.start_date = typed(us_date(value), "a date MM/DD/YYYY", at, attrs, problems),
            "StartTime" => self.start_time = typed(time_of_day(value), "a time hh:mm:ss", at, attrs, problems),
            "Last Touched" => {
                c.last_touched = typed(time_of_day(value), "a time hh:mm:ss", at, attrs, problems);
            }
            "State" => c.state = typed_state(at, attrs, problems),
            "TTLSPolicy" => {
                self.policy_printed = true;
                c.ttls_policy = typed(flag(value), "Yes or No", at, attrs, problems);
            }
            "TTLSRule" => c.ttls_rule = present(value).map(str::to_string),
            "TTLSGrpAction" => c.ttls_group_action = present(value).map(str::to_string),
            "TTLSEnvAction" => c.ttls_env_action = present(value).map(str::to_string),
            // A heading with nothing to keep.
            "Round-trip information" if value.is_empty() => {}
            _ => match TcpDetail::field(key) {
                Some((index, kind)) => {
                    if let Some(v) = typed(field_value(kind, value), kind_name(kind), at, attrs, problems) {
                        c.tcp.set(index, v);
                    }
                }
                None => keep(attrs, line, key, value),
            },
        }
    }
}

fn field_value(kind: FieldKind, value: &str) -> Option<FieldValue> {
    match kind {
        FieldKind::Int => int(value).map(FieldValue::Int),
        FieldKind::Real => value.trim().parse::<f64>().ok().filter(|v| v.is_finite()).map(FieldValue::Real),
        FieldKind::Text => Some(value.trim()).filter(|v| !v.is_empty()).map(|v| FieldValue::Text(v.to_string())),
        FieldKind::Flag => flag(value).map(FieldValue::Flag),
    }
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Int => "a number",
        FieldKind::Real => "a decimal number",
        FieldKind::Text => "a value",
        FieldKind::Flag => "Yes or No",
    }
}

fn finish(block: Option<Block>, parsed: &mut Parsed) {
    let Some(block) = block else { return };
    let mut connection = block.connection;
    if connection.conn_id.is_empty() {
        parsed.problem(connection.line, "NETSTAT ALL block has no `Client Id`: block skipped");
        return;
    }
    connection.started_at = block.start_date.map(|d| NaiveDateTime::new(d, block.start_time.unwrap_or_default()));
    // A UDP block prints no `State:`; ALLCONN prints `UDP` in its place, so
    // an ALL captured alone says it too, or the endpoint counts as a TCP
    // connection with its datagrams as traffic.
    if block.udp && connection.state.is_none() {
        connection.state = Some("UDP".to_string());
    }
    parsed.records.connections.push(connection);
}
