//! `NETSTAT ALLCONN` and `NETSTAT CONN` (`netstat -a`, `-c`): one line per
//! connection in the SHORT layout, or a `User Id Conn State` line followed
//! by indented `Local Socket:` / `Foreign Socket:` lines in the LONG layout.
//! BYTEINFO prints the same list with more indented lines (see
//! [`super::byteinfo`]).

use super::fields::{self, conn_id};
use super::{cut_value, keep, socket_field, typed_state, At, Parsed};
use crate::error::Problem;
use crate::model::{Connection, ConnectionSource};
use crate::text::{contains_ignore_case, starts_with_ignore_case, BodyLine};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `User Id  Conn  Local Socket  Foreign Socket  State`
    Short,
    /// `User Id  Conn  State`, sockets on the following lines.
    Long,
}

/// Reads one `Key: value` pair printed on an indented line below a
/// connection into that connection.
pub(super) type Detail = fn(&mut Connection, At<'_>, &mut Vec<Problem>);

/// Parses the body of an ALLCONN or CONN report.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    parse_list(body, ConnectionSource::ConnList, sockets)
}

/// Parses a connection list: the column header, a line per connection, and
/// indented `Key: value` lines below a connection, read by `detail`.
pub(super) fn parse_list(body: &[BodyLine<'_>], source: ConnectionSource, detail: Detail) -> Parsed {
    let mut parsed = Parsed::default();
    let mut layout = None;
    for line in body {
        let text = line.text.trim();
        if text.is_empty() || text.starts_with("---") {
            continue;
        }
        if starts_with_ignore_case(text, "User Id") {
            let short = contains_ignore_case(text, "Socket");
            layout = Some(if short { Layout::Short } else { Layout::Long });
            continue;
        }
        let Some(layout) = layout else {
            parsed.problem(
                line.number,
                format!("expected the column header `User Id  Conn ...`, found `{}`", crate::error::quoted(text)),
            );
            continue;
        };
        if line.text.starts_with(' ') {
            indented(line, detail, &mut parsed);
        } else {
            row(layout, source, line, &mut parsed);
        }
    }
    parsed
}

fn row(layout: Layout, source: ConnectionSource, line: &BodyLine<'_>, parsed: &mut Parsed) {
    let columns: Vec<&str> = line.text.split_whitespace().collect();
    let (job, id, sockets, state) = match (layout, columns.as_slice()) {
        (Layout::Short, [job, id, local, remote, state]) => (*job, *id, Some((*local, *remote)), *state),
        (Layout::Long, [job, id, state]) => (*job, *id, None, *state),
        (Layout::Short, _) => {
            let expected = "5 columns `User Id  Conn  Local Socket  Foreign Socket  State`";
            return parsed.problem(
                line.number,
                format!("expected {expected}, found `{}`", crate::error::quoted(line.text.trim())),
            );
        }
        (Layout::Long, _) => {
            let expected = "3 columns `User Id  Conn  State`";
            return parsed.problem(
                line.number,
                format!("expected {expected}, found `{}`", crate::error::quoted(line.text.trim())),
            );
        }
    };
    let Some(conn_id) = conn_id(id) else {
        return parsed
            .problem(line.number, format!("expected a hex connection id, found `{}`", crate::error::quoted(id)));
    };
    let mut connection = Connection {
        line: line.number,
        source: Some(source),
        conn_id,
        job: Some(job.to_string()),
        ..Connection::default()
    };
    let c = &mut connection;
    let at = (line.number, "State", state);
    c.state = typed_state(at, &mut c.attributes, &mut parsed.problems);
    if let Some((local, remote)) = sockets {
        c.local = socket_field((line.number, "Local Socket", local), &mut c.attributes, &mut parsed.problems);
        c.remote = socket_field((line.number, "Foreign Socket", remote), &mut c.attributes, &mut parsed.problems);
        (c.local_line, c.remote_line) = (line.number, line.number);
    }
    parsed.records.connections.push(connection);
}

/// An indented line, belonging to the connection above.
pub(super) fn indented(line: &BodyLine<'_>, detail: Detail, parsed: &mut Parsed) {
    let text = line.text.trim();
    let Some(pairs) = fields::pairs(line.text) else {
        return parsed.problem(
            line.number,
            format!("expected `Key: value` below a connection, found `{}`", crate::error::quoted(text)),
        );
    };
    let Some(c) = parsed.records.connections.last_mut() else {
        return parsed.problem(line.number, format!("`{text}` before the first connection line"));
    };
    let count = pairs.len();
    for (n, (key, value)) in pairs.into_iter().enumerate() {
        if n + 1 == count && cut_value(line, (key, value), &mut c.attributes, &mut parsed.problems) {
            continue;
        }
        detail(c, (line.number, key, value), &mut parsed.problems);
    }
}

/// The `Local Socket:` and `Foreign Socket:` lines of the LONG layout; any
/// other field is kept as an attribute.
pub(super) fn sockets(c: &mut Connection, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let (target, target_line) = match key {
        "Local Socket" => (&mut c.local, &mut c.local_line),
        "Foreign Socket" => (&mut c.remote, &mut c.remote_line),
        _ => return keep(&mut c.attributes, line, key, value),
    };
    *target = socket_field(at, &mut c.attributes, problems);
    *target_line = line;
}
