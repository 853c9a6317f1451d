//! `NETSTAT TTLS GROUP` (a fixed-width table) and `NETSTAT TTLS GROUP
//! DETAIL` (a block per group action, two pairs per line, `Env:` lines).

use super::fields::{self, int, present};
use super::{keep, typed, Parsed};
use crate::model::{GroupAction, GroupEnv};
use crate::text::{contains_ignore_case, starts_with_ignore_case, BodyLine};

/// Parses the TTLS GROUP table. Rows are read from the right (connection
/// count, then group id), so a long group action name cannot shift them.
pub fn parse_table(body: &[BodyLine<'_>]) -> Parsed {
    let mut parsed = Parsed::default();
    for line in body {
        let text = line.text.trim();
        let is_header = starts_with_ignore_case(text, "TTLSGrpAction") && contains_ignore_case(text, "Group ID");
        if text.is_empty() || text.starts_with("---") || is_header {
            continue;
        }
        let columns: Vec<&str> = text.split_whitespace().collect();
        let [name @ .., group_id, conns] = columns.as_slice() else {
            parsed.problem(
                line.number,
                format!("expected `TTLSGrpAction  Group ID  Conns` columns, found `{}`", crate::error::quoted(text)),
            );
            continue;
        };
        let (Some(conns), true, false) = (int(conns), group_id.bytes().all(|b| b.is_ascii_hexdigit()), name.is_empty())
        else {
            parsed.problem(
                line.number,
                format!("expected a hex group id and a connection count, found `{}`", crate::error::quoted(text)),
            );
            continue;
        };
        parsed.records.group_actions.push(GroupAction {
            line: line.number,
            name: name.join(" "),
            group_id: Some(group_id.to_ascii_uppercase()),
            conns: Some(conns),
            ..GroupAction::default()
        });
    }
    parsed
}

/// Parses the TTLS GROUP DETAIL blocks.
pub fn parse_detail(body: &[BodyLine<'_>]) -> Parsed {
    let mut parsed = Parsed::default();
    for line in body {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let Some(pairs) = fields::pairs(line.text) else {
            parsed.problem(
                line.number,
                format!("expected `Key: value` in a TTLS GROUP DETAIL block, found `{}`", crate::error::quoted(text)),
            );
            continue;
        };
        let mut pairs = pairs.into_iter().peekable();
        while let Some((key, value)) = pairs.next() {
            if key == "TTLSGrpAction" {
                parsed.records.group_actions.push(GroupAction {
                    line: line.number,
                    name: value.to_string(),
                    ..GroupAction::default()
                });
                continue;
            }
            let Some(group) = parsed.records.group_actions.last_mut() else {
                parsed.problem(line.number, format!("`{key}` before the first `TTLSGrpAction:`"));
                continue;
            };
            let at = (line.number, key, value);
            let (attrs, problems) = (&mut group.attributes, &mut parsed.problems);
            match key {
                "GroupID" => group.group_id = present(value).map(str::to_ascii_uppercase),
                "Tasks" => group.tasks = typed(int(value), "a number", at, attrs, problems),
                "GroupConns" => group.conns = typed(int(value), "a number", at, attrs, problems),
                "WorkQElements" => group.work_q_elements = typed(int(value), "a number", at, attrs, problems),
                "SyslogQElements" => group.syslog_q_elements = typed(int(value), "a number", at, attrs, problems),
                "Env" => {
                    let conns = pairs
                        .next_if(|(k, _)| *k == "EnvConns")
                        .and_then(|(_, v)| typed(int(v), "a number", (line.number, "EnvConns", v), attrs, problems));
                    group.envs.push(GroupEnv { line: line.number, name: value.to_string(), conns });
                }
                _ => keep(attrs, line.number, key, value),
            }
        }
    }
    parsed
}
