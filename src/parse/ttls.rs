//! `NETSTAT TTLS`, `TTLS CONN n` and their `DETAIL` forms: a `ConnID:` block
//! per connection with its negotiated security; in DETAIL each block is
//! followed by its `TTLSRule:` with the nested `TTLSGrpAction:`,
//! `TTLSEnvAction:` and `TTLSConnAction:` settings. Multi-valued settings
//! continue on following lines that have no key. The settings of actions
//! are read by the same functions for pasearch (see [`super::pasearch`]).

use std::collections::{HashMap, HashSet};

use super::fields::{self, coded, conn_id, flag, int, keyword, present, socket};
use super::{keep, typed, BodyLine, Parsed};
use crate::error::Problem;
use crate::model::{
    Attribute, ConnAction, Connection, ConnectionSource, EnvAction, GroupAction, Handshake, ListKind, Rule,
    SettingItem, TlsProtocol, TlsSession,
};

/// Parses the body of a TTLS report (with or without DETAIL).
///
/// DETAIL prints a rule and its actions again for every connection it
/// serves (most of the report's bytes). A rule block printed exactly as
/// before, up to the next `ConnID:`, is not read again: the connection only
/// takes the rule's name. A block that differs is read, and problems in it
/// are reported.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    let mut parser = Parser::default();
    let mut printed: HashMap<&str, &[BodyLine<'_>]> = HashMap::new();
    let mut rest = body;
    while let Some((line, after)) = rest.split_first() {
        let Some(rule) = rule_name(line.text) else {
            parser.line(line);
            rest = after;
            continue;
        };
        let end = after.iter().position(|l| is_conn_id(l.text)).map_or(rest.len(), |p| p + 1);
        let (block, next) = rest.split_at(end);
        if printed.get(rule).is_some_and(|first| same_text(first, block)) {
            parser.repeated_rule(rule);
        } else {
            printed.entry(rule).or_insert(block);
            for line in block {
                parser.line(line);
            }
        }
        rest = next;
    }
    parser.finish()
}

/// The rule a `TTLSRule:` line opens, in any case.
fn rule_name(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let head = text.get(..9)?;
    head.eq_ignore_ascii_case("TTLSRule:").then(|| text[9..].trim())
}

fn is_conn_id(text: &str) -> bool {
    text.trim_start().get(..7).is_some_and(|head| head.eq_ignore_ascii_case("ConnID:"))
}

/// Two blocks print the same lines (line numbers aside).
fn same_text(a: &[BodyLine<'_>], b: &[BodyLine<'_>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.text == y.text)
}

/// Settings whose values are lists, one `CODE NAME` per line, as NETSTAT
/// spells them (pasearch writes `v3CipherSuites`).
const LIST_SETTINGS: &[(&str, ListKind)] = &[
    ("V2CipherSuites", ListKind::Cipher),
    ("V3CipherSuites", ListKind::Cipher),
    ("V3CipherSuites4Char", ListKind::Cipher),
    ("ClientECurves", ListKind::Group),
    ("ClientKeyShareGroups", ListKind::Group),
    ("ServerKeyShareGroups", ListKind::Group),
    ("ServerKexECurves", ListKind::Group),
    ("SignaturePairs", ListKind::SignaturePair),
    ("SignaturePairsCert", ListKind::SignaturePair),
    ("OcspRequestSigalg", ListKind::SignaturePair),
];

/// The list setting a key names, in NETSTAT's spelling, whatever its case.
pub(super) fn list_setting(key: &str) -> Option<(&'static str, ListKind)> {
    LIST_SETTINGS.iter().find(|(setting, _)| setting.eq_ignore_ascii_case(key)).copied()
}

/// Which block the next setting belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
enum Section {
    #[default]
    None,
    Session,
    Rule,
    Group,
    Env,
    ConnAction,
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
    group: Option<GroupAction>,
    env: Option<EnvAction>,
    conn: Option<ConnAction>,
    /// Rules and actions repeat for every connection they serve: keep each once.
    seen: HashSet<(Section, String)>,
    /// Items so far of each list setting of the current environment or
    /// connection action.
    list_lengths: HashMap<String, u32>,
}

impl Parser {
    fn line(&mut self, line: &BodyLine<'_>) {
        if line.text.trim().is_empty() {
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
            "TTLSGrpAction" | "TTLSEnvAction" | "TTLSConnAction" if self.rule.is_some() => {
                self.open_action(line, indent, key, name());
            }
            _ => {
                let in_action = matches!(self.section, Section::Group | Section::Env | Section::ConnAction);
                if in_action && indent <= self.action_indent {
                    self.section = Section::Rule;
                }
                self.assign(line, key, value);
            }
        }
    }

    fn open_action(&mut self, line: u32, indent: usize, key: &str, name: String) {
        let Some(rule) = self.rule.as_mut() else { return };
        self.action_indent = indent;
        match key {
            "TTLSGrpAction" => {
                rule.group_action = Some(name.clone());
                flush_once(
                    self.group.take(),
                    Section::Group,
                    |g| g.name.clone(),
                    &mut self.seen,
                    &mut self.parsed.records.group_actions,
                );
                self.group = Some(GroupAction { line, name, ..GroupAction::default() });
                self.section = Section::Group;
            }
            "TTLSEnvAction" => {
                rule.env_action = Some(name.clone());
                flush_once(
                    self.env.take(),
                    Section::Env,
                    |e| e.name.clone(),
                    &mut self.seen,
                    &mut self.parsed.records.env_actions,
                );
                self.env = Some(EnvAction { line, name, ..EnvAction::default() });
                self.list_lengths.clear();
                self.section = Section::Env;
            }
            _ => {
                rule.conn_action = Some(name.clone());
                flush_once(
                    self.conn.take(),
                    Section::ConnAction,
                    |c| c.name.clone(),
                    &mut self.seen,
                    &mut self.parsed.records.conn_actions,
                );
                self.conn = Some(ConnAction { line, name, ..ConnAction::default() });
                self.list_lengths.clear();
                self.section = Section::ConnAction;
            }
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
            Section::Group => {
                let Some(group) = self.group.as_mut() else { return };
                set_group(group, at, problems);
            }
            Section::Env | Section::ConnAction => match list_setting(key) {
                Some((setting, kind)) => {
                    if let Some((lists, attributes)) = action_lists(self.section, &mut self.env, &mut self.conn) {
                        push_item(lists, attributes, &mut self.list_lengths, (line, setting, kind), value, problems);
                    }
                    self.continues = Some(Continues::List { setting: setting.to_string(), kind });
                }
                None if self.section == Section::Env => {
                    if let Some(env) = self.env.as_mut() {
                        set_env(env, at, problems);
                    }
                }
                None => {
                    if let Some(conn) = self.conn.as_mut() {
                        set_conn(conn, at, problems);
                    }
                }
            },
            Section::None => {
                problems.push(Problem::at(line, format!("`{key}` outside any `ConnID:` or `TTLSRule:` block")));
            }
        }
    }

    fn continuation(&mut self, line: &BodyLine<'_>) {
        let text = line.text.trim();
        let lists = action_lists(self.section, &mut self.env, &mut self.conn);
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
        let records = &mut self.parsed.records;
        flush_once(self.rule.take(), Section::Rule, |r| r.name.clone(), &mut self.seen, &mut records.rules);
        flush_once(self.group.take(), Section::Group, |g| g.name.clone(), &mut self.seen, &mut records.group_actions);
        flush_once(self.env.take(), Section::Env, |e| e.name.clone(), &mut self.seen, &mut records.env_actions);
        let conns = &mut records.conn_actions;
        flush_once(self.conn.take(), Section::ConnAction, |c| c.name.clone(), &mut self.seen, conns);
    }

    fn finish(mut self) -> Parsed {
        self.flush_session();
        self.flush_rule();
        self.parsed
    }
}

/// The lists and attributes of the action whose settings are being read.
fn action_lists<'a>(
    section: Section,
    env: &'a mut Option<EnvAction>,
    conn: &'a mut Option<ConnAction>,
) -> Option<(&'a mut Vec<SettingItem>, &'a mut Vec<Attribute>)> {
    match section {
        Section::Env => env.as_mut().map(|e| (&mut e.lists, &mut e.attributes)),
        Section::ConnAction => conn.as_mut().map(|c| (&mut c.lists, &mut c.attributes)),
        _ => None,
    }
}

/// Keeps the first block of each name; later repeats of a rule or action
/// (printed once per connection it serves) add nothing.
fn flush_once<T>(
    block: Option<T>,
    section: Section,
    name: impl Fn(&T) -> String,
    seen: &mut HashSet<(Section, String)>,
    out: &mut Vec<T>,
) {
    if let Some(block) = block {
        if seen.insert((section, name(&block))) {
            out.push(block);
        }
    }
}

pub(super) type At<'a> = (u32, &'a str, &'a str);

fn set_session(s: &mut TlsSession, c: &mut Connection, at: At<'_>, problems: &mut Vec<Problem>) {
    let (_, key, value) = at;
    let attrs = &mut s.attributes;
    match key {
        "JobName" => c.job = present(value).map(str::to_string),
        "LocalSocket" => c.local = typed(socket(value), "a socket `IP..PORT`", at, attrs, problems),
        "RemoteSocket" => c.remote = typed(socket(value), "a socket `IP..PORT`", at, attrs, problems),
        "SecLevel" => {
            s.sec_level = present(value).map(|v| keyword(v).to_string());
            s.protocol = s.sec_level.as_deref().and_then(protocol);
        }
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

/// A name or other free text, as printed.
fn text(value: &str) -> Option<String> {
    present(value).map(str::to_string)
}

/// A value from a fixed set, in NETSTAT's TSO spelling.
fn word(value: &str) -> Option<String> {
    present(value).map(|v| keyword(v).to_string())
}

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
        _ => keep(attrs, line, key, value),
    }
}

/// Stores one setting of a group action.
pub(super) fn set_group(group: &mut GroupAction, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let attrs = &mut group.attributes;
    match key {
        "GroupID" => group.group_id = text(value),
        "TTLSEnabled" => group.ttls_enabled = typed(flag(value), "On or Off", at, attrs, problems),
        "CtraceClearText" => group.ctrace_clear_text = typed(flag(value), "On or Off", at, attrs, problems),
        "Trace" => group.trace = typed(int(value), "a number", at, attrs, problems),
        "SyslogFacility" => group.syslog_facility = word(value),
        "SecondaryMap" => group.secondary_map = typed(flag(value), "On or Off", at, attrs, problems),
        "FIPS140" => group.fips140 = typed(flag(value), "On or Off", at, attrs, problems),
        _ => keep(attrs, line, key, value),
    }
}

/// Stores a setting environment and connection actions share; false when
/// `key` (upper case) is not one of them.
fn set_handshake(
    h: &mut Handshake,
    key: &str,
    at: At<'_>,
    attrs: &mut Vec<Attribute>,
    problems: &mut Vec<Problem>,
) -> bool {
    let value = at.2;
    let mut on_off = |slot: &mut Option<bool>| *slot = typed(flag(value), "On or Off", at, attrs, problems);
    match key {
        "SSLV2" => on_off(&mut h.sslv2),
        "SSLV3" => on_off(&mut h.sslv3),
        "TLSV1" => on_off(&mut h.tlsv1),
        "TLSV1.1" => on_off(&mut h.tlsv1_1),
        "TLSV1.2" => on_off(&mut h.tlsv1_2),
        "TLSV1.3" => on_off(&mut h.tlsv1_3),
        "MIDDLEBOXCOMPATMODE" => on_off(&mut h.middlebox_compat_mode),
        "APPLICATIONCONTROLLED" => on_off(&mut h.application_controlled),
        "SECONDARYMAP" => on_off(&mut h.secondary_map),
        "HANDSHAKEROLE" => h.role = word(value),
        "CERTIFICATELABEL" => h.certificate_label = text(value),
        "HANDSHAKETIMEOUT" => h.timeout = typed(int(value), "a number", at, attrs, problems),
        "RESETCIPHERTIMER" => h.reset_cipher_timer = typed(int(value), "a number", at, attrs, problems),
        "TRACE" => h.trace = typed(int(value), "a number", at, attrs, problems),
        _ => return false,
    }
    true
}

/// Stores one setting of an environment action (not a list: see [`push_item`]).
pub(super) fn set_env(env: &mut EnvAction, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let attrs = &mut env.attributes;
    let upper = key.to_ascii_uppercase();
    match upper.as_str() {
        "KEYRING" => env.keyring = text(value),
        "CLIENTAUTHTYPE" => env.client_auth_type = word(value),
        "CERTVALIDATIONMODE" => env.cert_validation_mode = word(value),
        "SUITEBPROFILE" => env.suite_b_profile = word(value),
        "RENEGOTIATION" => env.renegotiation = word(value),
        other => {
            if !set_handshake(&mut env.handshake, other, at, attrs, problems) {
                keep(attrs, line, key, value);
            }
        }
    }
}

/// Stores one setting of a connection action (not a list: see [`push_item`]).
pub(super) fn set_conn(conn: &mut ConnAction, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let attrs = &mut conn.attributes;
    let upper = key.to_ascii_uppercase();
    match upper.as_str() {
        "SERVERCERTIFICATELABEL" => conn.server_certificate_label = text(value),
        "CLIENTCERTIFICATELABEL" => conn.client_certificate_label = text(value),
        "CTRACECLEARTEXT" => conn.ctrace_clear_text = typed(flag(value), "On or Off", at, attrs, problems),
        other => {
            if !set_handshake(&mut conn.handshake, other, at, attrs, problems) {
                keep(attrs, line, key, value);
            }
        }
    }
}

/// Adds one `CODE NAME` item to a list-valued setting of an action;
/// `lengths` counts the items of each setting so far. `Any` (pasearch's
/// `ClientECurves: Any`) is a value, not an item: it is kept as printed.
pub(super) fn push_item(
    lists: &mut Vec<SettingItem>,
    attributes: &mut Vec<Attribute>,
    lengths: &mut HashMap<String, u32>,
    (line, setting, kind): (u32, &str, ListKind),
    value: &str,
    problems: &mut Vec<Problem>,
) {
    let Some(value) = present(value) else { return };
    let widen = kind == ListKind::Cipher && setting != "V2CipherSuites";
    match coded(value, widen) {
        Some(value) => {
            let length = lengths.entry(setting.to_string()).or_default();
            *length += 1;
            lists.push(SettingItem { line, kind, setting: setting.to_string(), position: *length, value });
        }
        None if value.eq_ignore_ascii_case("Any") => keep(attributes, line, setting, value),
        None => {
            problems.push(Problem::at(
                line,
                format!(
                    "`{setting}` item should be `CODE NAME`, found `{}` (kept as text)",
                    crate::error::quoted(value)
                ),
            ));
            keep(attributes, line, setting, value);
        }
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
}
