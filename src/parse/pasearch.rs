//! `pasearch -t`: the AT-TLS policy of the Policy Agent, every rule and
//! action configured, used or not.
//!
//! ```text
//! policyRule:             AZFClientRule
//!   Rule Type:            TTLS
//!   Version:              3                 Status:            Active
//!   Priority:             255               Sequence Actions:  Don't Care
//!   policyAction:         eActAZFClient
//!    ActionType:          TTLS Environment
//!   ...
//!   TTLS Condition Summary:                 NegativeIndicator: Off
//!    Local Address:
//!     FromAddr:           All
//!     ToAddr:             All
//!    LocalPortFrom:       0                 LocalPortTo:       0
//!    JobName:             AZF*              UserId:
//!    ServiceDirection:    Outbound
//!
//!   TTLS Action:                  eActAZFClient
//!     Scope:                      Environment
//!     TTLSEnvironmentAdvancedParms:
//!      TLSv1.2:                   On
//!     TTLSSignatureParms:
//!      ClientECurves:
//!       0021  secp224r1
//! ```
//!
//! Each rule lists the actions it uses (`policyAction:` with its
//! `ActionType:`), its conditions, then each of those actions in full; an
//! action used by several rules is printed under each of them and kept once.
//! The conditions become the rule's columns as NETSTAT TTLS DETAIL prints
//! them: an address or port, a range `from-to`, or `All` (ports `0`–`0`).
//! Actions are typed by their `Scope:` (Group, Environment, Connection) and
//! read by the same functions as TTLS DETAIL's; list settings take NETSTAT's
//! spelling (`v3CipherSuites` is `V3CipherSuites`). Headings without a value
//! (`TTLSKeyringParms:`) only group settings and are not kept; every other
//! field without a column is kept as an attribute.
//!
//! `pasearch` without `-t` prints every policy type: a rule whose `Rule
//! Type:` is not TTLS (`QoS`, `IDS`, `IPSec` ...), and an action block of another
//! type (`QoS Action:`), is skipped to the next rule or TTLS action, and the
//! rules skipped are counted in a note.

use std::collections::{BTreeMap, HashMap};

use super::fields::{self, int, keyword, present};
use super::policy::{list_setting, push_item, Action, ActionKind, Prints};
use super::{keep, typed, At, Parsed};
use crate::error::Problem;
use crate::model::{ConnAction, EnvAction, GroupAction, ListKind, Rule};
use crate::text::BodyLine;

/// Parses the body of a `pasearch -t` report.
pub fn parse(body: &[BodyLine<'_>]) -> Parsed {
    let mut parser = Parser::default();
    for line in body {
        parser.line(line);
    }
    parser.finish()
}

/// One line of an action block, kept until its `Scope:` is known.
enum Entry<'a> {
    Setting(At<'a>),
    /// A line without a key: an item of the list setting above it.
    Item(u32, &'a str),
}

/// A `TTLS Action:` block being read.
struct ActionBlock<'a> {
    line: u32,
    name: String,
    entries: Vec<Entry<'a>>,
}

/// A `policyRule:` block being read.
#[derive(Default)]
struct RuleBlock {
    rule: Rule,
    /// The action named by the last `policyAction:`, until its `ActionType:`.
    action: Option<String>,
    /// Which address the `FromAddr:` / `ToAddr:` lines below belong to.
    address: Option<Side>,
    local_addr: Range,
    remote_addr: Range,
    local_port: Range,
    remote_port: Range,
}

#[derive(Clone, Copy)]
enum Side {
    Local,
    Remote,
}

/// The ends of an address or port condition, as printed.
#[derive(Default)]
struct Range {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Default)]
struct Parser<'a> {
    parsed: Parsed,
    rule: Option<RuleBlock>,
    action: Option<ActionBlock<'a>>,
    /// The prints of rules and actions kept: an action is printed under
    /// every rule that uses it, and a print that says the same as a kept
    /// one is not kept again.
    kept: Prints,
    /// Reading a rule or action of another policy type: its lines are skipped.
    skipping: bool,
    /// The rules of other policy types skipped, by type, and the line of the first.
    others: BTreeMap<String, Vec<String>>,
    first_other: Option<u32>,
}

impl<'a> Parser<'a> {
    fn line(&mut self, line: &BodyLine<'a>) {
        let text = line.text.trim();
        if text.is_empty() {
            return;
        }
        let Some(pairs) = fields::pairs(line.text) else {
            match self.action.as_mut() {
                _ if self.skipping => {}
                Some(action) => action.entries.push(Entry::Item(line.number, text)),
                None => self.parsed.problem(
                    line.number,
                    format!("expected `Key: value` in pasearch, found `{}`", crate::error::quoted(text)),
                ),
            }
            return;
        };
        for (key, value) in pairs {
            match key {
                "policyRule" => {
                    self.flush();
                    let rule = Rule { line: line.number, name: value.to_string(), ..Rule::default() };
                    self.rule = Some(RuleBlock { rule, ..RuleBlock::default() });
                }
                "TTLS Action" => {
                    self.flush();
                    self.action = Some(ActionBlock { line: line.number, name: value.to_string(), entries: Vec::new() });
                }
                _ if other_action(key) => {
                    self.flush();
                    self.skipping = true;
                }
                "Rule Type" if !value.trim().eq_ignore_ascii_case("TTLS") && self.rule.is_some() => {
                    self.skip_rule(value);
                }
                _ if self.skipping => {}
                _ => self.setting((line.number, key, value)),
            }
        }
    }

    fn setting(&mut self, at: At<'a>) {
        if let Some(action) = self.action.as_mut() {
            action.entries.push(Entry::Setting(at));
        } else if let Some(rule) = self.rule.as_mut() {
            rule.set(at, &mut self.parsed.problems);
        } else if present(at.2).is_some() {
            // Above the first rule: `Date:`, `Time:` (also in the header), `TTLS Instance Id:`.
            keep(&mut self.parsed.records.attributes, at.0, at.1, at.2);
        }
    }

    /// Drops the rule being read, of policy type `kind`, and skips its lines.
    fn skip_rule(&mut self, kind: &str) {
        if let Some(block) = self.rule.take() {
            self.first_other.get_or_insert(block.rule.line);
            self.others.entry(kind.trim().to_string()).or_default().push(block.rule.name);
        }
        self.skipping = true;
    }

    /// Ends the rule or action being read.
    fn flush(&mut self) {
        self.skipping = false;
        if let Some(block) = self.rule.take() {
            let rule = block.finish();
            if self.kept.keep(&rule.name, &rule) {
                self.parsed.records.rules.push(rule);
            }
        }
        if let Some(action) = self.action.take() {
            self.action(action);
        }
    }

    /// Builds an action of the kind its `Scope:` says and keeps it, unless
    /// a kept print of it said the same.
    fn action(&mut self, block: ActionBlock<'a>) {
        let printed = block.entries.iter().find_map(|e| match e {
            Entry::Setting((_, "Scope", value)) => Some(*value),
            _ => None,
        });
        let scope = match printed.map(str::to_ascii_lowercase).as_deref() {
            Some("group") => ActionKind::Group,
            Some("environment") => ActionKind::Environment,
            Some("connection") => ActionKind::Connection,
            _ => {
                let found = printed.map_or("no `Scope:`".to_string(), |s| format!("scope `{s}`"));
                let reason = format!(
                    "TTLS Action `{}` has {found}, expected Group, Environment or Connection: skipped",
                    block.name
                );
                return self.parsed.problem(block.line, reason);
            }
        };
        match scope {
            ActionKind::Group => self.keep_action::<GroupAction>(block),
            ActionKind::Environment => self.keep_action::<EnvAction>(block),
            ActionKind::Connection => self.keep_action::<ConnAction>(block),
        }
    }

    /// Reads an action block as an action of kind `A` and keeps it, with
    /// the problems of its lines, when it says something new of its action
    /// (the problems of a print like a kept one were said with that one).
    fn keep_action<A: Action>(&mut self, block: ActionBlock<'a>) {
        let mut problems = Vec::new();
        let action = read(A::new(block.line, block.name), &block.entries, &mut problems);
        if self.kept.keep(action.name(), &action) {
            self.parsed.problems.append(&mut problems);
            A::kept(&mut self.parsed.records).push(action);
        }
    }

    fn finish(mut self) -> Parsed {
        self.flush();
        if let Some(line) = self.first_other {
            let count: usize = self.others.values().map(Vec::len).sum();
            let kinds: Vec<String> =
                self.others.iter().map(|(kind, names)| format!("{kind}: {}", names.join(", "))).collect();
            self.parsed.notes.push(format!(
                "line {line}: {count} policy rule{} of another type than AT-TLS ({}), as `pasearch` without -t \
                 prints every policy type: skipped with {}, as this inventory holds AT-TLS policy alone; \
                 `pasearch -t` prints the AT-TLS policy only",
                if count == 1 { "" } else { "s" },
                kinds.join("; "),
                if count == 1 { "its actions" } else { "their actions" },
            ));
        }
        self.parsed
    }
}

/// Whether `key` opens an action block of another policy type than AT-TLS
/// (`QoS Action:`), not a setting of a rule (`No. Policy Action:`).
fn other_action(key: &str) -> bool {
    key.ends_with(" Action") && key != "TTLS Action" && !key.starts_with("No. ")
}

/// Reads the lines of an action block into `action`: a list setting is a
/// key without a value followed by its items; a key without a value that
/// is not a list setting is a heading.
fn read<A: Action>(mut action: A, entries: &[Entry<'_>], problems: &mut Vec<Problem>) -> A {
    let mut list: Option<(&'static str, ListKind)> = None;
    let mut lengths = HashMap::new();
    for entry in entries {
        match *entry {
            Entry::Setting((_, "Scope", _)) => list = None,
            Entry::Setting(at @ (line, key, value)) => {
                list = None;
                match (list_setting(key), action.lists()) {
                    (Some(setting), Some((lists, attributes))) => {
                        push_item(lists, attributes, &mut lengths, (line, setting.0, setting.1), value, problems);
                        list = Some(setting);
                    }
                    _ if present(value).is_none() => {}
                    (Some(_), None) => keep(action.attributes(), line, key, value),
                    (None, _) => action.set(at, problems),
                }
            }
            Entry::Item(line, text) => match (list, action.lists()) {
                (Some((setting, kind)), Some((lists, attributes))) => {
                    push_item(lists, attributes, &mut lengths, (line, setting, kind), text, problems);
                }
                _ => problems.push(Problem::at(
                    line,
                    format!("expected `Key: value` in a TTLS Action, found `{}`", crate::error::quoted(text)),
                )),
            },
        }
    }
    action
}

impl RuleBlock {
    /// Stores one line of a rule: its own fields, the actions it names, and
    /// its conditions.
    fn set(&mut self, at: At<'_>, problems: &mut Vec<Problem>) {
        let (line, key, value) = at;
        let rule = &mut self.rule;
        let attrs = &mut rule.attributes;
        match key {
            "Local Address" => self.address = Some(Side::Local),
            "Remote Address" => self.address = Some(Side::Remote),
            "FromAddr" | "ToAddr" if self.address.is_some() => {
                let range = match self.address {
                    Some(Side::Remote) => &mut self.remote_addr,
                    _ => &mut self.local_addr,
                };
                let end = if key == "FromAddr" { &mut range.from } else { &mut range.to };
                *end = present(value).map(str::to_string);
            }
            "LocalPortFrom" => self.local_port.from = present(value).map(str::to_string),
            "LocalPortTo" => self.local_port.to = present(value).map(str::to_string),
            "RemotePortFrom" => self.remote_port.from = present(value).map(str::to_string),
            "RemotePortTo" => self.remote_port.to = present(value).map(str::to_string),
            _ if present(value).is_none() => {}
            "Rule Type" => rule.rule_type = Some(value.to_string()),
            "Status" => rule.status = Some(value.to_string()),
            "Priority" => rule.priority = typed(int(value), "a number", at, attrs, problems),
            "Weight" => rule.weight = typed(int(value), "a number", at, attrs, problems),
            "JobName" => rule.job_name = Some(value.to_string()),
            "UserId" => rule.user_id = Some(value.to_string()),
            "ServiceDirection" => rule.direction = Some(keyword(value).to_string()),
            "policyAction" => self.action = Some(value.to_string()),
            // The type of the action the last `policyAction:` named; a second
            // action of one type, or one of another type, is kept as printed.
            "ActionType" => {
                let slot = match value.to_ascii_lowercase().as_str() {
                    "ttls group" => Some(&mut rule.group_action),
                    "ttls environment" => Some(&mut rule.env_action),
                    "ttls connection" => Some(&mut rule.conn_action),
                    _ => None,
                };
                match (slot, self.action.as_deref()) {
                    (Some(slot @ None), Some(name)) => *slot = Some(name.to_string()),
                    (_, Some(name)) => keep(attrs, line, &format!("{key} ({name})"), value),
                    (_, None) => keep(attrs, line, key, value),
                }
            }
            // Per action the rule names: keep which one it is.
            "Action Sequence" => match self.action.as_deref() {
                Some(name) => keep(attrs, line, &format!("{key} ({name})"), value),
                None => keep(attrs, line, key, value),
            },
            _ => keep(attrs, line, key, value),
        }
    }

    /// The rule, with its conditions written as NETSTAT prints them.
    fn finish(self) -> Rule {
        Rule {
            local_addr: address(self.local_addr),
            remote_addr: address(self.remote_addr),
            local_port: port(self.local_port),
            remote_port: port(self.remote_port),
            ..self.rule
        }
    }
}

/// An address condition: `All`, one address, or a range `from-to`.
fn address(Range { from, to }: Range) -> Option<String> {
    match (from, to) {
        (Some(from), Some(to)) if from == to => Some(keyword(&from).to_string()),
        (Some(from), Some(to)) => Some(format!("{from}-{to}")),
        (one, other) => one.or(other).map(|a| keyword(&a).to_string()),
    }
}

/// A port condition: `All` for 0 to 0, one port, or a range `from-to`.
fn port(Range { from, to }: Range) -> Option<String> {
    match (from.as_deref(), to.as_deref()) {
        (None, None) => None,
        (Some("0") | None, Some("0") | None) => Some("All".to_string()),
        (Some(from), Some(to)) if from == to => Some(from.to_string()),
        (Some(from), Some(to)) => Some(format!("{from}-{to}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<BodyLine<'_>> {
        text.lines().zip(2..).map(|(text, number)| BodyLine::new(number, text)).collect()
    }

    #[test]
    fn what_does_not_fit_is_a_problem_on_its_line() {
        let text = "stray line\n\
                    policyRule:             R1\n\
                    \x20 policyAction:         G1\n\
                    \x20  ActionType:          TTLS Group\n\
                    \x20 Priority:             x\n\
                    \x20 TTLS Action:                  G1\n\
                    \x20   Scope:                      Group\n\
                    \x20   TTLSEnabled:                On\n\
                    \x20     0023  secp256r1\n\
                    \x20 TTLS Action:                  X1\n\
                    \x20   Scope:                      Bogus\n\
                    \x20 TTLS Action:                  G1\n\
                    \x20   Scope:                      Group\n\
                    \x20   TTLSEnabled:                Off\n";
        let parsed = parse(&body(text));
        let problems: Vec<_> = parsed.problems.iter().map(|p| (p.line, p.reason.as_str())).collect();
        assert_eq!(
            problems,
            [
                (2, "expected `Key: value` in pasearch, found `stray line`"),
                (6, "`Priority` should be a number, found `x` (kept as text)"),
                (10, "expected `Key: value` in a TTLS Action, found `0023  secp256r1`"),
                (11, "TTLS Action `X1` has scope `Bogus`, expected Group, Environment or Connection: skipped"),
            ]
        );
        let rule = &parsed.records.rules[0];
        assert_eq!((rule.line, rule.group_action.as_deref(), rule.priority), (3, Some("G1"), None));
        // An action printed again otherwise under another rule is kept too
        // (the store keeps the first print's values and says the other's).
        let groups: Vec<_> = parsed.records.group_actions.iter().map(|g| (g.line, g.ttls_enabled)).collect();
        assert_eq!(groups, [(7, Some(true)), (13, Some(false))]);
    }

    #[test]
    fn conditions_are_written_as_netstat_prints_them() {
        let range =
            |from: Option<&str>, to: Option<&str>| Range { from: from.map(String::from), to: to.map(String::from) };
        let s = |t: &str| Some(t.to_string());
        assert_eq!(address(range(Some("All"), Some("All"))), s("All"));
        assert_eq!(address(range(Some("ALL"), None)), s("All"));
        assert_eq!(address(range(Some("10.1.0.2"), Some("10.1.0.2"))), s("10.1.0.2"));
        assert_eq!(address(range(Some("10.1.0.0"), Some("10.1.255.255"))), s("10.1.0.0-10.1.255.255"));
        assert_eq!(address(range(None, None)), None);
        assert_eq!(port(range(Some("0"), Some("0"))), s("All"));
        assert_eq!(port(range(Some("1414"), Some("1414"))), s("1414"));
        assert_eq!(port(range(Some("1414"), Some("1415"))), s("1414-1415"));
        assert_eq!(port(range(Some("1024"), None)), s("1024"));
        assert_eq!(port(range(None, None)), None);
    }
}
