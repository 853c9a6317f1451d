//! The policy objects NETSTAT TTLS DETAIL and pasearch both print: group,
//! environment and connection actions. One [`Action`] abstraction reads
//! their settings for both parsers, and the setters here are the only
//! place a setting of an action becomes a column.

use std::collections::HashMap;

use super::fields::{coded, flag, int, keyword, present};
use super::{keep, typed, At};
use crate::error::Problem;
use crate::model::{
    Attribute, ConnAction, EnvAction, GroupAction, GroupEnv, Handshake, ListKind, Records, Rule, SettingItem,
};

/// The kinds of action, whichever way a report names them (TTLS DETAIL:
/// `TTLSGrpAction:`, pasearch: `Scope: Group`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ActionKind {
    Group,
    Environment,
    Connection,
}

/// What both parsers do with an action of any kind.
pub(super) trait Action: Print {
    const KIND: ActionKind;
    /// An action as its header line opens it.
    fn new(line: u32, name: String) -> Self;
    fn name(&self) -> &str;
    /// Stores a setting that is not a list.
    fn set(&mut self, at: At<'_>, problems: &mut Vec<Problem>);
    /// Where list items go, for actions that have lists.
    fn lists(&mut self) -> Option<(&mut Vec<SettingItem>, &mut Vec<Attribute>)>;
    fn attributes(&mut self) -> &mut Vec<Attribute>;
    /// The records actions of this kind are kept in.
    fn kept(records: &mut Records) -> &mut Vec<Self>;
    /// The column of a rule that names its action of this kind.
    fn named_in(rule: &mut Rule) -> &mut Option<String>;
    /// The action of this kind being read, among the open ones.
    fn open(open: &mut OpenActions) -> &mut Option<Self>;
}

/// The actions of a rule being read, at most one of each kind.
#[derive(Default)]
pub(super) struct OpenActions {
    group: Option<GroupAction>,
    env: Option<EnvAction>,
    conn: Option<ConnAction>,
}

impl OpenActions {
    /// The lists and attributes of the open action of `kind`, when it has lists.
    pub(super) fn lists(&mut self, kind: ActionKind) -> Option<(&mut Vec<SettingItem>, &mut Vec<Attribute>)> {
        match kind {
            ActionKind::Group => self.group.as_mut()?.lists(),
            ActionKind::Environment => self.env.as_mut()?.lists(),
            ActionKind::Connection => self.conn.as_mut()?.lists(),
        }
    }
}

/// Implements [`Action`] for an action record: its kind, its setter, the
/// records and rule column it goes to, its open slot, and whether it has
/// list settings.
macro_rules! action {
    ($type:ident: $kind:ident, $set:ident, $kept:ident, $named:ident, $open:ident, lists: $lists:ident) => {
        impl Action for $type {
            const KIND: ActionKind = ActionKind::$kind;
            fn new(line: u32, name: String) -> Self {
                $type { line, name, ..$type::default() }
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn set(&mut self, at: At<'_>, problems: &mut Vec<Problem>) {
                $set(self, at, problems);
            }
            fn lists(&mut self) -> Option<(&mut Vec<SettingItem>, &mut Vec<Attribute>)> {
                action!(@lists self, $lists)
            }
            fn attributes(&mut self) -> &mut Vec<Attribute> {
                &mut self.attributes
            }
            fn kept(records: &mut Records) -> &mut Vec<Self> {
                &mut records.$kept
            }
            fn named_in(rule: &mut Rule) -> &mut Option<String> {
                &mut rule.$named
            }
            fn open(open: &mut OpenActions) -> &mut Option<Self> {
                &mut open.$open
            }
        }
    };
    (@lists $self:ident, yes) => {
        Some((&mut $self.lists, &mut $self.attributes))
    };
    (@lists $self:ident, no) => {
        None
    };
}

action!(GroupAction: Group, set_group, group_actions, group_action, group, lists: no);
action!(EnvAction: Environment, set_env, env_actions, env_action, env, lists: yes);
action!(ConnAction: Connection, set_conn, conn_actions, conn_action, conn, lists: yes);

/// The prints of rules and actions a report kept so far, by name, line
/// numbers taken out. A report prints a rule and its actions again for
/// every connection (TTLS DETAIL) or rule (pasearch) they serve: a print
/// like a kept one adds nothing and is not kept; any other (with other
/// values, the policy refreshed while the report printed, or fewer) is
/// kept too, for the store to merge: the values of the print that stands
/// (`print-stands.sql`: in TTLS DETAIL the last, the newest connection's
/// copy; in pasearch the first) are the row's, an empty field is filled,
/// another value is kept as an attribute and said.
#[derive(Debug, Default, Clone)]
pub(super) struct Prints {
    rules: HashMap<String, Vec<Rule>>,
    groups: HashMap<String, Vec<GroupAction>>,
    envs: HashMap<String, Vec<EnvAction>>,
    conns: HashMap<String, Vec<ConnAction>>,
}

impl Prints {
    /// Whether `print` is unlike every kept print of its object; if so it
    /// is kept.
    pub(super) fn keep<T: Print>(&mut self, name: &str, print: &T) -> bool {
        let unlined = print.unlined();
        let kept = T::prints(self).entry(name.to_string()).or_default();
        let new = !kept.contains(&unlined);
        if new {
            kept.push(unlined);
        }
        new
    }
}

/// A rule or action as one print of it reads, to compare with its other prints.
pub(super) trait Print: Clone + PartialEq {
    /// The print with its line numbers taken out.
    fn unlined(&self) -> Self;
    /// The kept prints of objects of this type.
    fn prints(prints: &mut Prints) -> &mut HashMap<String, Vec<Self>>;
}

fn unlined_attributes(attributes: &[Attribute]) -> Vec<Attribute> {
    attributes.iter().map(|a| Attribute { line: 0, ..a.clone() }).collect()
}

fn unlined_items(items: &[SettingItem]) -> Vec<SettingItem> {
    items.iter().map(|i| SettingItem { line: 0, ..i.clone() }).collect()
}

impl Print for Rule {
    fn unlined(&self) -> Self {
        Rule { line: 0, attributes: unlined_attributes(&self.attributes), ..self.clone() }
    }
    fn prints(prints: &mut Prints) -> &mut HashMap<String, Vec<Self>> {
        &mut prints.rules
    }
}

impl Print for GroupAction {
    fn unlined(&self) -> Self {
        let envs = self.envs.iter().map(|e| GroupEnv { line: 0, ..e.clone() }).collect();
        GroupAction { line: 0, envs, attributes: unlined_attributes(&self.attributes), ..self.clone() }
    }
    fn prints(prints: &mut Prints) -> &mut HashMap<String, Vec<Self>> {
        &mut prints.groups
    }
}

/// Implements [`Print`] for an action with list settings, kept in `$kept` of [`Prints`].
macro_rules! print_with_lists {
    ($type:ident, $kept:ident) => {
        impl Print for $type {
            fn unlined(&self) -> Self {
                let (lists, attributes) = (unlined_items(&self.lists), unlined_attributes(&self.attributes));
                $type { line: 0, lists, attributes, ..self.clone() }
            }
            fn prints(prints: &mut Prints) -> &mut HashMap<String, Vec<Self>> {
                &mut prints.$kept
            }
        }
    };
}

print_with_lists!(EnvAction, envs);
print_with_lists!(ConnAction, conns);

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
pub(crate) fn list_setting(key: &str) -> Option<(&'static str, ListKind)> {
    LIST_SETTINGS.iter().find(|(setting, _)| setting.eq_ignore_ascii_case(key)).copied()
}

/// A name or other free text, as printed.
pub(super) fn text(value: &str) -> Option<String> {
    present(value).map(str::to_string)
}

/// A value from a fixed set, in NETSTAT's TSO spelling.
pub(super) fn word(value: &str) -> Option<String> {
    present(value).map(|v| keyword(v).to_string())
}

/// Keeps a setting that has no typed column. Its value is one of the
/// Policy Agent's keywords or a number (names have typed columns), so one
/// printed all in upper case by the console takes its TSO spelling
/// (`OFF` is `Off`), as its key does (see [`super::fields::pairs`]).
pub(super) fn keep_setting(attributes: &mut Vec<Attribute>, line: u32, key: &str, value: &str) {
    keep(attributes, line, key, keyword(value));
}

/// Stores one setting of a group action.
fn set_group(group: &mut GroupAction, at: At<'_>, problems: &mut Vec<Problem>) {
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
        _ => keep_setting(attrs, line, key, value),
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
fn set_env(env: &mut EnvAction, at: At<'_>, problems: &mut Vec<Problem>) {
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
                keep_setting(attrs, line, key, value);
            }
        }
    }
}

/// Stores one setting of a connection action (not a list: see [`push_item`]).
fn set_conn(conn: &mut ConnAction, at: At<'_>, problems: &mut Vec<Problem>) {
    let (line, key, value) = at;
    let attrs = &mut conn.attributes;
    let upper = key.to_ascii_uppercase();
    match upper.as_str() {
        "SERVERCERTIFICATELABEL" => conn.server_certificate_label = text(value),
        "CLIENTCERTIFICATELABEL" => conn.client_certificate_label = text(value),
        "CTRACECLEARTEXT" => conn.ctrace_clear_text = typed(flag(value), "On or Off", at, attrs, problems),
        other => {
            if !set_handshake(&mut conn.handshake, other, at, attrs, problems) {
                keep_setting(attrs, line, key, value);
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
        None if value.eq_ignore_ascii_case("Any") => keep_setting(attributes, line, setting, value),
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
