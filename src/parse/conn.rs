//! `NETSTAT ALLCONN` and `NETSTAT CONN` (`netstat -a`, `-c`): one line per
//! connection in the SHORT layout, or a `User Id Conn State` line followed
//! by indented `Local Socket:` / `Foreign Socket:` lines in the LONG layout.

use super::fields::{self, conn_id, socket};
use super::{keep, typed, BodyLine, Parsed};
use crate::model::{Connection, ConnectionSource};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `User Id  Conn  Local Socket  Foreign Socket  State`
    Short,
    /// `User Id  Conn  State`, sockets on the following lines.
    Long,
}

/// Parses the body of an ALLCONN or CONN report.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut layout = None;
    for line in body {
        let text = line.text.trim();
        if text.is_empty() || text.starts_with("---") {
            continue;
        }
        if text.starts_with("User Id") {
            layout = Some(if text.contains("Socket") { Layout::Short } else { Layout::Long });
            continue;
        }
        let Some(layout) = layout else {
            parsed.problem(line.number, format!("expected the column header `User Id  Conn ...`, found `{text}`"));
            continue;
        };
        if layout == Layout::Long && line.text.starts_with(' ') {
            long_detail(line, &mut parsed);
        } else {
            row(layout, line, &mut parsed);
        }
    }
    parsed
}

fn row(layout: Layout, line: &BodyLine<'_>, parsed: &mut Parsed) {
    let columns: Vec<&str> = line.text.split_whitespace().collect();
    let (job, id, sockets, state) = match (layout, columns.as_slice()) {
        (Layout::Short, [job, id, local, remote, state]) => (*job, *id, Some((*local, *remote)), *state),
        (Layout::Long, [job, id, state]) => (*job, *id, None, *state),
        (Layout::Short, _) => {
            let expected = "5 columns `User Id  Conn  Local Socket  Foreign Socket  State`";
            return parsed.problem(line.number, format!("expected {expected}, found `{}`", line.text.trim()));
        }
        (Layout::Long, _) => {
            let expected = "3 columns `User Id  Conn  State`";
            return parsed.problem(line.number, format!("expected {expected}, found `{}`", line.text.trim()));
        }
    };
    let Some(conn_id) = conn_id(id) else {
        return parsed.problem(line.number, format!("expected a hex connection id, found `{id}`"));
    };
    let mut connection = Connection {
        line: line.number,
        source: Some(ConnectionSource::ConnList),
        conn_id,
        job: Some(job.to_string()),
        state: Some(state.to_string()),
        ..Connection::default()
    };
    if let Some((local, remote)) = sockets {
        let c = &mut connection;
        c.local =
            typed(socket(local), SOCKET, (line.number, "Local Socket", local), &mut c.attributes, &mut parsed.problems);
        c.remote = typed(
            socket(remote),
            SOCKET,
            (line.number, "Foreign Socket", remote),
            &mut c.attributes,
            &mut parsed.problems,
        );
    }
    parsed.records.connections.push(connection);
}

const SOCKET: &str = "a socket `IP..PORT`";

/// An indented line of the LONG layout, belonging to the connection above.
fn long_detail(line: &BodyLine<'_>, parsed: &mut Parsed) {
    let text = line.text.trim();
    let Some(pairs) = fields::pairs(line.text) else {
        return parsed.problem(line.number, format!("expected `Local Socket:` or `Foreign Socket:`, found `{text}`"));
    };
    let Some(c) = parsed.records.connections.last_mut() else {
        return parsed.problem(line.number, format!("`{text}` before the first connection line"));
    };
    for (key, value) in pairs {
        let target = match key {
            "Local Socket" => &mut c.local,
            "Foreign Socket" => &mut c.remote,
            _ => {
                keep(&mut c.attributes, line.number, key, value);
                continue;
            }
        };
        *target = typed(socket(value), SOCKET, (line.number, key, value), &mut c.attributes, &mut parsed.problems);
    }
}
