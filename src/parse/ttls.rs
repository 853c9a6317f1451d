//! `NETSTAT TTLS`, `TTLS CONN n` and their `DETAIL` forms: a `ConnID:` block
//! per connection with its negotiated security; in DETAIL each block is
//! followed by its `TTLSRule:` with the nested `TTLSGrpAction:`,
//! `TTLSEnvAction:` and `TTLSConnAction:` settings. Multi-valued settings
//! continue on following lines that have no key. The settings of actions
//! are read by the same functions for pasearch (see [`super::pasearch`]).

use std::collections::HashMap;

use super::fields::{self, coded, conn_id, flag, int, keyword, present};
use super::policy::{keep_setting, list_setting, push_item, text, word, Action, ActionKind, OpenActions, Prints};
use super::{keep, typed, typed_socket, At, Parsed};
use crate::error::Problem;
use crate::model::{
    ConnAction, Connection, ConnectionSource, EnvAction, GroupAction, ListKind, Rule, TlsProtocol, TlsSession,
};
use crate::text::{is_page_header, starts_with_ignore_case, strip_prefix_ignore_case, BodyLine};

/// Parses the body of a TTLS report (with or without DETAIL).
///
/// DETAIL prints a rule and its actions again for every connection it
/// serves (most of the report's bytes). A rule block printed exactly as
/// before, up to the next `ConnID:`, is not read again: the connection only
/// takes the rule's name. A block that differs is read, and problems in it
/// are reported.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    parse_with(body, &mut Printed::default())
}

/// Rule blocks printed so far in the TTLS reports of one snapshot, by rule
/// name: the lines of the first block of each. A file that asks for each
/// connection in a `TTLS CONN n DETAIL` report of its own prints the same
/// rule block in every report, and a later report need not read it again.
#[derive(Debug, Default)]
pub struct Printed(HashMap<String, Vec<String>>);

/// Parses the body of a TTLS report, one of several of the same snapshot
/// that share `printed`: a rule block printed word for word before, in this
/// report or an earlier one, is not read again.
pub fn parse_with(body: &[BodyLine<'_>], printed: &mut Printed) -> Parsed {
    parse_part(body, printed, &mut Kept::default())
}

/// The rules and actions a report kept so far: each print that says
/// something new of its object is kept once per report (see [`Prints`]),
/// also when the report is parsed in parts.
#[derive(Debug, Default, Clone)]
pub struct Kept(Prints);

/// [`parse_with`] for a part of a report, after the parts that `kept` saw.
pub fn parse_part(body: &[BodyLine<'_>], printed: &mut Printed, kept: &mut Kept) -> Parsed {
    let mut parser = Parser { seen: std::mem::take(&mut kept.0), ..Parser::default() };
    let mut rest = body;
    while let Some((line, after)) = rest.split_first() {
        let Some(rule) = rule_name(line.text) else {
            parser.line(line);
            rest = after;
            continue;
        };
        let end = after.iter().position(|l| is_conn_id(l.text)).map_or(rest.len(), |p| p + 1);
        let (block, next) = rest.split_at(end);
        if printed.0.get(rule).is_some_and(|first| same_text(first, block)) {
            parser.repeated_rule(rule);
        } else {
            printed.0.entry(rule.to_string()).or_insert_with(|| block.iter().map(|l| l.text.to_string()).collect());
            for line in block {
                parser.line(line);
            }
        }
        rest = next;
    }
    let (parsed, seen) = parser.finish();
    kept.0 = seen;
    parsed
}

/// The rule a `TTLSRule:` line opens, in any case.
fn rule_name(text: &str) -> Option<&str> {
    strip_prefix_ignore_case(text.trim_start(), "TTLSRule:").map(str::trim)
}

fn is_conn_id(text: &str) -> bool {
    starts_with_ignore_case(text.trim_start(), "ConnID:")
}

/// A block prints the same lines as `first` (line numbers aside).
fn same_text(first: &[String], block: &[BodyLine<'_>]) -> bool {
    first.len() == block.len() && first.iter().zip(block).all(|(x, y)| *x == y.text)
}

/// Which block the next setting belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    None,
    Session,
    Rule,
    Action(ActionKind),
}

/// What a key-less continuation line continues.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Continues {
    SessionId,
    List { setting: String, kind: ListKind },
}

#[derive(Default)]
struct Parser {
    parsed: Parsed,
    section: Section,
    /// Indentation of the action header that opened the current section;
    /// a key at this indentation or less is back at rule level.
    action_indent: usize,
    continues: Option<Continues>,
    session: Option<TlsSession>,
    connection: Option<Connection>,
    rule: Option<Rule>,
    actions: OpenActions,
    /// Rules and actions repeat for every connection they serve: each print
    /// that says something new of its object is kept.
    seen: Prints,
    /// Items so far of each list setting of the current environment or
    /// connection action.
    list_lengths: HashMap<String, u32>,
    /// The page headings passed over: how many, and the first (line, text).
    pages: (usize, Option<(u32, String)>),
}

impl Parser {
    fn line(&mut self, line: &BodyLine<'_>) {
        if line.text.trim().is_empty() {
            return;
        }
        // A page heading breaks a block, it does not end it: the lines
        // after it continue the setting or list it broke.
        if is_page_header(line.text) {
            self.pages.0 += 1;
            self.pages.1.get_or_insert_with(|| (line.number, line.text.trim().to_string()));
            return;
        }
        match fields::pairs(line.text) {
            Some(pairs) => {
                let indent = line.text.len() - line.text.trim_start().len();
                for (key, value) in pairs {
                    self.setting(line.number, indent, key, value);
                }
            }
            None => self.continuation(line),
        }
    }

    /// A rule block printed before, word for word: the current connection
    /// takes its name, and the block adds nothing else.
    fn repeated_rule(&mut self, name: &str) {
        self.flush_rule();
        if let Some(session) = self.session.as_mut() {
            session.rule = Some(name.to_string());
        }
        self.section = Section::None;
        self.continues = None;
    }

    fn setting(&mut self, line: u32, indent: usize, key: &str, value: &str) {
        self.continues = None;
        let name = || value.trim().to_string();
        match key {
            "ConnID" => {
                self.flush_session();
                self.flush_rule();
                let Some(id) = conn_id(value) else {
                    self.section = Section::None;
                    return self.parsed.problem(
                        line,
                        format!(
                            "expected a hex connection id after `ConnID:`, found `{}`",
                            crate::error::quoted(value)
                        ),
                    );
                };
                self.session = Some(TlsSession { line, conn_id: id.clone(), ..TlsSession::default() });
                self.connection = Some(Connection {
                    line,
                    source: Some(ConnectionSource::Ttls),
                    conn_id: id,
                    ..Connection::default()
                });
                self.section = Section::Session;
            }
            "TTLSRule" => {
                self.flush_rule();
                if let Some(session) = self.session.as_mut() {
                    session.rule = Some(name());
                }
                self.rule = Some(Rule { line, name: name(), ..Rule::default() });
                self.section = Section::Rule;
            }
            "TTLSGrpAction" if self.rule.is_some() => self.open_action::<GroupAction>(line, indent, name()),
            "TTLSEnvAction" if self.rule.is_some() => self.open_action::<EnvAction>(line, indent, name()),
            "TTLSConnAction" if self.rule.is_some() => self.open_action::<ConnAction>(line, indent, name()),
            _ => {
                // A key at the action header's indentation or less is the
                // rule's again, when a rule prints it: a capture whose
                // lines lost their indentation (copied through a mail or a
                // web form) still tells the blocks by their keys.
                if matches!(self.section, Section::Action(_))
                    && indent <= self.action_indent
                    && RULE_KEYS.contains(&key)
                {
                    self.section = Section::Rule;
                }
                self.assign(line, key, value);
            }
        }
    }

    /// An action header inside a rule: the rule names the action, the
    /// previous action of its kind is done, and its settings follow.
    fn open_action<A: Action>(&mut self, line: u32, indent: usize, name: String) {
        let Some(rule) = self.rule.as_mut() else { return };
        self.action_indent = indent;
        *A::named_in(rule) = Some(name.clone());
        self.flush_action::<A>();
        *A::open(&mut self.actions) = Some(A::new(line, name));
        self.list_lengths.clear();
        self.section = Section::Action(A::KIND);
    }

    /// Keeps the action of kind `A` being read, unless a kept print of it said the same.
    fn flush_action<A: Action>(&mut self) {
        if let Some(action) = A::open(&mut self.actions).take() {
            if self.seen.keep(action.name(), &action) {
                A::kept(&mut self.parsed.records).push(action);
            }
        }
    }

    /// Stores a setting of the action of kind `A` being read.
    fn assign_action<A: Action>(&mut self, at: At<'_>) {
        let (line, key, value) = at;
        let problems = &mut self.parsed.problems;
        let Some(action) = A::open(&mut self.actions).as_mut() else { return };
        match (list_setting(key), action.lists()) {
            (Some((setting, kind)), Some((lists, attributes))) => {
                push_item(lists, attributes, &mut self.list_lengths, (line, setting, kind), value, problems);
                self.continues = Some(Continues::List { setting: setting.to_string(), kind });
            }
            _ => action.set(at, problems),
        }
    }

    /// Stores one setting in the block of the current section.
    fn assign(&mut self, line: u32, key: &str, value: &str) {
        let at = (line, key, value);
        let problems = &mut self.parsed.problems;
        match self.section {
            Section::Session => {
                let (Some(s), Some(c)) = (self.session.as_mut(), self.connection.as_mut()) else { return };
                set_session(s, c, at, problems);
                if key == "SessionID" {
                    self.continues = Some(Continues::SessionId);
                }
            }
            Section::Rule => {
                let Some(rule) = self.rule.as_mut() else { return };
                set_rule(rule, at, problems);
            }
            Section::Action(ActionKind::Group) => self.assign_action::<GroupAction>(at),
            Section::Action(ActionKind::Environment) => self.assign_action::<EnvAction>(at),
            Section::Action(ActionKind::Connection) => self.assign_action::<ConnAction>(at),
            Section::None => {
                problems.push(Problem::at(line, format!("`{key}` outside any `ConnID:` or `TTLSRule:` block")));
            }
        }
    }

    fn continuation(&mut self, line: &BodyLine<'_>) {
        let text = line.text.trim();
        let lists = match self.section {
            Section::Action(kind) => self.actions.lists(kind),
            _ => None,
        };
        match (&self.continues, self.session.as_mut(), lists) {
            (Some(Continues::SessionId), Some(session), _) => {
                let id = session.session_id.get_or_insert_with(String::new);
                if !id.is_empty() {
                    id.push(' ');
                }
                id.push_str(text);
            }
            (Some(Continues::List { setting, kind }), _, Some((lists, attributes))) => {
                let item = (line.number, setting.as_str(), *kind);
                push_item(lists, attributes, &mut self.list_lengths, item, text, &mut self.parsed.problems);
            }
            _ => self.parsed.problem(
                line.number,
                format!("expected `Key: value` in a TTLS report, found `{}`", crate::error::quoted(text)),
            ),
        }
    }

    fn flush_session(&mut self) {
        if let Some(session) = self.session.take() {
            self.parsed.records.tls_sessions.push(session);
        }
        if let Some(connection) = self.connection.take() {
            self.parsed.records.connections.push(connection);
        }
    }

    fn flush_rule(&mut self) {
        if let Some(rule) = self.rule.take() {
            if self.seen.keep(&rule.name, &rule) {
                self.parsed.records.rules.push(rule);
            }
        }
        self.flush_action::<GroupAction>();
        self.flush_action::<EnvAction>();
        self.flush_action::<ConnAction>();
    }

    /// The records, and the rules and actions kept.
    fn finish(mut self) -> (Parsed, Prints) {
        self.flush_session();
        self.flush_rule();
        if let (count, Some((line, text))) = &self.pages {
            self.parsed.notes.push(format!(
                "line {line}: {count} page heading{} inside the report (`{}`), as a print utility or report \
                 archiver puts at the top of each page, not NETSTAT's: passed over, and the lines after {} read as \
                 the block {} broke",
                if *count == 1 { "" } else { "s" },
                crate::error::quoted(text),
                if *count == 1 { "it" } else { "each" },
                if *count == 1 { "it" } else { "each" },
            ));
        }
        (self.parsed, self.seen)
    }
}

fn set_session(s: &mut TlsSession, c: &mut Connection, at: At<'_>, problems: &mut Vec<Problem>) {
    let (_, key, value) = at;
    let attrs = &mut s.attributes;
    match key {
        "JobName" => c.job = present(value).map(str::to_string),
        "LocalSocket" => {
            c.local = typed_socket(at, attrs, problems);
            c.local_line = at.0;
        }
        "RemoteSocket" => {
            c.remote = typed_socket(at, attrs, problems);
            c.remote_line = at.0;
        }
        "SecLevel" => match present(value).map(keyword) {
            // A text that names no SSL or TLS version (a state: `Not secure`,
            // `Handshake in progress`) says no session was negotiated: none
            // is counted, the text is kept and said.
            Some(level) if !names_version(level) => {
                problems.push(Problem::at(
                    at.0,
                    format!(
                        "`SecLevel` prints `{}`, which names no SSL or TLS version: no negotiated session is \
                         counted for the connection (kept as text)",
                        crate::error::quoted(level)
                    ),
                ));
                keep(attrs, at.0, key, value);
            }
            level => {
                s.sec_level = level.map(str::to_string);
                // A version this tool does not know still says a session was
                // negotiated: it counts as TLS of unknown version, graded unknown.
                let expected = "a protocol this tool knows (`SSL Version 2` or `3`, `TLS Version 1.0` to `1.3`)";
                s.protocol = level.and_then(|v| typed(protocol(v), expected, at, attrs, problems));
            }
        },
        "Cipher" => s.cipher = present(value).and_then(|v| typed(coded(v, true), "`CODE NAME`", at, attrs, problems)),
        "KeyShare" => {
            s.key_share = present(value).and_then(|v| typed(coded(v, false), "`CODE NAME`", at, attrs, problems));
        }
        "CertUserID" => s.cert_user_id = present(value).map(str::to_string),
        "MapType" => s.map_type = present(value).map(|v| keyword(v).to_string()),
        "FIPS140" => s.fips140 = typed(flag(value), "On or Off", at, attrs, problems),
        "SessionID" => s.session_id = present(value).map(str::to_string),
        "SIDReuseReq" => s.sid_reuse_requested = typed(flag(value), "On or Off", at, attrs, problems),
        _ => keep(attrs, at.0, key, value),
    }
}

/// Whether `SecLevel` text names an SSL or TLS version (`TLS Version 1.2`,
/// `TLS Version 1.4`, `TLSv1.2`): a negotiated session, of a version this
/// tool may not know.
fn names_version(sec_level: &str) -> bool {
    let lower = sec_level.to_ascii_lowercase();
    (lower.contains("tls") || lower.contains("ssl")) && lower.bytes().any(|b| b.is_ascii_digit())
}

/// Maps `SecLevel` text (`TLS Version 1.2`, `SSL Version 3`) to a protocol.
fn protocol(sec_level: &str) -> Option<TlsProtocol> {
    let lower = sec_level.to_ascii_lowercase();
    let (family, version) = lower.split_once(" version ")?;
    Some(match (family.trim(), version.trim()) {
        ("ssl", "2" | "2.0") => TlsProtocol::SslV2,
        ("ssl", "3" | "3.0") => TlsProtocol::SslV3,
        ("tls", "1" | "1.0") => TlsProtocol::TlsV1_0,
        ("tls", "1.1") => TlsProtocol::TlsV1_1,
        ("tls", "1.2") => TlsProtocol::TlsV1_2,
        ("tls", "1.3") => TlsProtocol::TlsV1_3,
        _ => return None,
    })
}

/// The settings a `TTLSRule:` block prints besides its actions.
const RULE_KEYS: &[&str] =
    &["Priority", "LocalAddr", "LocalPort", "RemoteAddr", "RemotePort", "JobName", "UserId", "Direction"];

fn set_rule(rule: &mut Rule, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let attrs = &mut rule.attributes;
    match key {
        "Priority" => rule.priority = typed(int(value), "a number", at, attrs, problems),
        "LocalAddr" => rule.local_addr = word(value),
        "LocalPort" => rule.local_port = word(value),
        "RemoteAddr" => rule.remote_addr = word(value),
        "RemotePort" => rule.remote_port = word(value),
        "JobName" => rule.job_name = text(value),
        "UserId" => rule.user_id = text(value),
        "Direction" => rule.direction = word(value),
        _ => keep_setting(attrs, line, key, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec_levels_map_to_protocols() {
        assert_eq!(protocol("TLS Version 1.2"), Some(TlsProtocol::TlsV1_2));
        assert_eq!(protocol("TLS Version 1"), Some(TlsProtocol::TlsV1_0));
        assert_eq!(protocol("TLS Version 1.3"), Some(TlsProtocol::TlsV1_3));
        assert_eq!(protocol("SSL Version 3"), Some(TlsProtocol::SslV3));
        assert_eq!(protocol("SSL Version 2"), Some(TlsProtocol::SslV2));
        assert_eq!(protocol("Quantum Version 9"), None);
        assert_eq!(protocol("garbage"), None);
    }

    #[test]
    fn a_sec_level_that_names_no_version_is_no_session() {
        for state in ["Not secure", "Handshake in progress", "None", "Non-secure", "TLS handshake pending"] {
            assert!(!names_version(state), "{state}");
        }
        for version in ["TLS Version 1.2", "SSL Version 3", "TLS Version 1.4", "TLSv1.3"] {
            assert!(names_version(version), "{version}");
        }
    }
}
