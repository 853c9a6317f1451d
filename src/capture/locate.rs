//! When and where a capture was taken, from its path.
//!
//! NETSTAT prints only the time of day, so the date and the system (LPAR)
//! come from where the capture is stored. By default the deepest date in
//! the path is used (`YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD`, or the MVS
//! qualifiers `DYYMMDD` / `DYYYYDDD`, with an optional `THHMMSS` beside
//! them), and the system is the folder right below the date folder, or, when
//! the date is in the file name or nothing is below it, the folder above. A
//! `--layout` template such as `{system}/{date}/` says it exactly instead.

use std::path::Path;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};

use crate::model::Whereabouts;
use crate::text::strip_prefix_ignore_case;

/// What the user says instead of the path: `--system`, `--date`, `--layout`.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    pub layout: Option<Layout>,
    pub system: Option<String>,
    pub date: Option<NaiveDate>,
}

/// What a report's own text says about where and when it was taken: the
/// SYSLOG prefix of a console report (system and date), pasearch's `Date:`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub system: Option<String>,
    pub date: Option<NaiveDate>,
    /// The stack the report's header prints.
    pub stack: Option<String>,
}

impl Locator {
    /// Where and when the capture at `path` was taken.
    ///
    /// # Errors
    /// A message saying what is missing and how to supply it.
    pub fn locate(&self, path: &Path) -> Result<Whereabouts, String> {
        self.locate_with(path, &Content::default())
    }

    /// How the dates the paths `one` and `other` name compare, when both name one.
    pub fn date_order(&self, one: &Path, other: &Path) -> Option<std::cmp::Ordering> {
        match (self.locate(one), self.locate(other)) {
            (Ok(one), Ok(other)) => Some(one.date.cmp(&other.date)),
            _ => None,
        }
    }

    /// Where and when a report of the capture at `path` was taken: what
    /// `--system`, `--date` and the path say, and for what they leave out,
    /// what the report says itself (`content`). The path wins over the
    /// content's date: the dates of a tree are the user's to decide. A
    /// system the content names (a console reply's SYSLOG prefix) wins over
    /// the path's: a SYSLOG or OPERLOG extract holds the replies of every
    /// system of a sysplex, each message stamped with its own, and the
    /// system the path named is kept to say so.
    ///
    /// # Errors
    /// A message saying what is missing and how to supply it.
    pub fn locate_with(&self, path: &Path, content: &Content) -> Result<Whereabouts, String> {
        let components: Vec<&str> = path.iter().filter_map(|c| c.to_str()).filter(|c| *c != "/").collect();
        let mut found = match &self.layout {
            Some(layout) => layout.find(&components),
            None => default_rule(&components),
        };
        let layout_missed = self.layout.as_ref().filter(|_| found == Found::default());
        // A layout without {date} (`{system}.*`) says where the system is:
        // the date is found in the path as without a layout.
        if self.layout.as_ref().is_some_and(|l| !l.names(&Token::Date)) {
            if let Some((_, _, date, time)) = deepest_date(&components) {
                found.date = Some(date);
                found.time = found.time.or(time);
            }
        }
        // A folder per stack (`SYSA/TCPIP/2026-12-01/`, `SYSA/2026-12-01/TCPIP/`):
        // the folder the rule takes is named as the stack the report prints,
        // so it is likely no system (review 14a F12). The system stays as
        // the rule has it, so that an inventory's days stay under one name:
        // it is said, with the layout that takes the folder beyond.
        let stack_folder = found.stack_layout.filter(|_| self.layout.is_none() && self.system.is_none()).filter(|_| {
            let stack = content.stack.as_deref();
            found.system.as_deref().is_some_and(|system| stack.is_some_and(|s| system.eq_ignore_ascii_case(s)))
        });
        let date = self.date.or(found.date).or(content.date);
        let system_known = self.system.is_some() || found.system.is_some() || content.system.is_some();
        if let Some(layout) = layout_missed {
            if date.is_none() || !system_known {
                return Err(layout.mismatch(&components));
            }
        }
        if let (None, Some(text)) = (date, not_a_real_date(&components)) {
            return Err(format!(
                "`{text}` in the path is not a real date (no such day in that month): \
                 rename the folder or file, or give --date or --layout"
            ));
        }
        let date = date.ok_or_else(|| {
            let fix = match self.layout {
                Some(_) => "give --date, or name {date} in --layout",
                None => "move the file into a dated folder, or give --date or --layout",
            };
            format!(
                "no capture date in the path (expected a folder or name with YYYY-MM-DD, YYYYMMDD, \
                 YYYY/MM/DD or DYYMMDD) nor in the report (a SYSLOG prefix or a pasearch `Date:`): {fix}"
            )
        })?;
        // A path without a date folder (the date from --date or the report)
        // is matched by a layout without {date}.
        let example = if found.date.is_some() { "'{system}/{date}/'" } else { "'{system}/'" };
        let named = self.system.clone().or(found.system);
        let filed_under = named
            .clone()
            .filter(|named| content.system.as_ref().is_some_and(|printed| !printed.eq_ignore_ascii_case(named)));
        let system = content.system.clone().or(named).ok_or_else(|| {
            format!(
                "no system name in the path (expected a folder such as SYSA beside the date folder) \
                 nor in the report (a SYSLOG prefix): give --system, or --layout such as {example}"
            )
        })?;
        let system_from_folder = self.system.is_none() && content.system.is_none() && found.system_is_folder;
        let file_named_as_system = found
            .file_named_as_system
            .filter(|_| self.layout.is_none() && self.system.is_none() && content.system.is_none());
        Ok(Whereabouts {
            system: system.to_ascii_uppercase(),
            date,
            time: found.time,
            system_from_folder,
            next_day: false,
            filed_under,
            stack_folder,
            file_named_as_system,
            put_forward: chrono::TimeDelta::zero(),
        })
    }
}

/// What a path says.
#[derive(Debug, Clone, Default, PartialEq)]
struct Found {
    date: Option<NaiveDate>,
    time: Option<NaiveTime>,
    system: Option<String>,
    /// The system is the folder that holds a file dated in its own name.
    system_is_folder: bool,
    /// The layout that takes the system from the folder beyond `system`,
    /// should `system` turn out to be the stack: the one above the date
    /// folder when `system` is below it, else the one above `system`.
    stack_layout: Option<&'static str>,
    /// The first qualifier of a file that sits in the date folder itself,
    /// when it could name a system other than the folder above the date.
    file_named_as_system: Option<String>,
}

fn default_rule(components: &[&str]) -> Found {
    let Some((start, end, date, time)) = deepest_date(components) else {
        return Found::default();
    };
    let below = (end + 1 < components.len().saturating_sub(1)).then(|| &components[end + 1]);
    let above = start.checked_sub(1).and_then(|i| components.get(i));
    let below = below.filter(|c| is_system_name(c));
    let above = above.filter(|c| is_system_name(c));
    let stack_layout = match below {
        Some(_) => above.is_some().then_some("{system}/{date}/*/"),
        None => above
            .and(start.checked_sub(2).and_then(|i| components.get(i)))
            .filter(|c| is_system_name(c))
            .map(|_| "{system}/*/{date}/"),
    };
    // A file dated in its own name is filed under the folder that holds it;
    // that is in doubt unless the folder sits beside a date folder, the
    // `date/SYSTEM/` layout (`2026-12-01/SYSA/SYSA.NETSTAT.D261201.T080001`).
    let beside_date_folder = start
        .checked_sub(1)
        .and_then(|folder| deepest_date(&components[..folder]))
        .is_some_and(|(_, date_end, _, _)| date_end + 2 == start);
    let system_is_folder = below.is_none() && above.is_some() && end + 1 == components.len() && !beside_date_folder;
    let system = below.or(above).map(|s| s.to_ascii_uppercase());
    // `<root>/<date>/SYSA.txt`: a file per system in the date folder is filed
    // under the folder above the date (review 14a F12); its name is kept to
    // say so when files of one folder name several systems. A name that
    // carries a time is a run of its own (`NETSTAT.T080000.txt`).
    let file_named_as_system = (end + 2 == components.len())
        .then(|| components[end + 1])
        .filter(|name| time_in(name).is_none())
        .and_then(|name| name.split('.').next())
        .filter(|qualifier| is_system_name(qualifier))
        .map(str::to_ascii_uppercase)
        .filter(|qualifier| system.as_ref().is_some_and(|system| system != qualifier));
    Found { date: Some(date), time, system, system_is_folder, stack_layout, file_named_as_system }
}

/// The deepest date in the path: the span of components it covers (one, or
/// three for `YYYY/MM/DD`), the date, and a time beside it if any, else in
/// the name of the file below it (`2026-03-21/SYSA/NETSTAT.T080000.txt`).
fn deepest_date(components: &[&str]) -> Option<(usize, usize, NaiveDate, Option<NaiveTime>)> {
    let (start, end, date) = (0..components.len()).rev().find_map(|end| {
        if let Some(date) = date_in(components[end]) {
            return Some((end, end, date));
        }
        let (y, m, d) = (components.get(end.checked_sub(2)?)?, components[end - 1], components[end]);
        let all_digits = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        (all_digits(y, 4) && all_digits(m, 2) && all_digits(d, 2))
            .then(|| ymd(y, m, d))
            .flatten()
            .map(|date| (end - 2, end, date))
    })?;
    let name = components.last().filter(|_| end + 1 < components.len());
    let time = time_in(components[end]).or_else(|| name.and_then(|name| time_in(name)));
    Some((start, end, date, time))
}

/// Text in the path written like a date that names no day (`2026-02-30`,
/// `20260431`): months 01-12, days 01-31, but no such day in that month.
fn not_a_real_date(components: &[&str]) -> Option<String> {
    let looks_like = |y: &str, m: &str, d: &str| {
        let number = |s: &str| s.parse::<u32>().ok();
        y.parse::<i32>().is_ok_and(|y| (1980..=2099).contains(&y))
            && number(m).is_some_and(|m| (1..=12).contains(&m))
            && number(d).is_some_and(|d| (1..=31).contains(&d))
            && ymd(y, m, d).is_none()
    };
    components.iter().rev().find_map(|component| {
        digit_runs(component).find_map(|(start, run)| {
            let rest = &component[start + run.len()..];
            let dashed = (run.len() == 4).then(|| {
                let (m, rest) = rest.strip_prefix('-')?.split_at_checked(2)?;
                let d = rest.strip_prefix('-')?.get(..2)?;
                looks_like(run, m, d).then(|| format!("{run}-{m}-{d}"))
            });
            let packed = (run.len() == 8 && looks_like(&run[..4], &run[4..6], &run[6..])).then(|| run.to_string());
            dashed.flatten().or(packed)
        })
    })
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let year: i32 = y.parse().ok()?;
    if !(1980..=2099).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// A date written inside one path component.
fn date_in(component: &str) -> Option<NaiveDate> {
    digit_runs(component).find_map(|(start, run)| {
        let before = &component[..start];
        match run.len() {
            // YYYY-MM-DD
            4 => {
                let rest = &component[start + 4..];
                let (m, rest) = rest.strip_prefix('-')?.split_at_checked(2)?;
                let (d, rest) = rest.strip_prefix('-')?.split_at_checked(2)?;
                if rest.starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                ymd(run, m, d)
            }
            // YYYYMMDD
            8 => ymd(&run[..4], &run[4..6], &run[6..]),
            // DYYMMDD, DYYYYDDD as an MVS qualifier
            6 | 7 if is_qualifier_start(before, 'D') && is_qualifier_end(&component[start + run.len()..]) => {
                if run.len() == 6 {
                    ymd(&format!("20{}", &run[..2]), &run[2..4], &run[4..])
                } else {
                    let year: i32 = run[..4].parse().ok()?;
                    NaiveDate::from_yo_opt(year, run[4..].parse().ok()?).filter(|_| (1980..=2099).contains(&year))
                }
            }
            _ => None,
        }
    })
}

/// A `THHMMSS` or `THHMM` MVS qualifier in a path component.
fn time_in(component: &str) -> Option<NaiveTime> {
    digit_runs(component).find_map(|(start, run)| {
        if !is_qualifier_start(&component[..start], 'T') || !is_qualifier_end(&component[start + run.len()..]) {
            return None;
        }
        hhmmss(run)
    })
}

fn hhmmss(run: &str) -> Option<NaiveTime> {
    let (h, m, s) = match run.len() {
        4 => (&run[..2], &run[2..], "00"),
        6 => (&run[..2], &run[2..4], &run[4..]),
        _ => return None,
    };
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, s.parse().ok()?)
}

/// `before` ends with `.X` or is exactly `X`, where X is the qualifier letter.
fn is_qualifier_start(before: &str, letter: char) -> bool {
    let Some(rest) = before.strip_suffix(letter) else { return false };
    rest.is_empty() || rest.ends_with('.')
}

fn is_qualifier_end(after: &str) -> bool {
    after.is_empty() || after.starts_with('.')
}

/// Maximal runs of ASCII digits with their byte offsets.
fn digit_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        Some((start, &text[start..i]))
    })
}

/// A z/OS system name: 1 to 8 letters, digits or national characters, not
/// starting with a digit.
fn is_system_name(text: &str) -> bool {
    let national = |b: u8| matches!(b, b'@' | b'#' | b'$');
    !text.is_empty()
        && text.len() <= 8
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || national(b))
        && !text.as_bytes()[0].is_ascii_digit()
}

/// A `--layout` template: path components separated by `/`, each made of
/// literal text and the fields `{system}`, `{date}`, `{time}` and `*`. A
/// trailing `/` means the template names folders and the file name is free;
/// without it the last component matches the file name. The template may
/// match at any depth; the deepest match wins.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// As the user wrote it.
    template: String,
    components: Vec<Vec<Token>>,
    folders_only: bool,
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.template)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Literal(String),
    System,
    Date,
    Time,
    Any,
}

impl FromStr for Layout {
    type Err = String;

    fn from_str(template: &str) -> Result<Self, Self::Err> {
        let folders_only = template.ends_with('/');
        let components = template.trim_matches('/').split('/').map(tokens).collect::<Result<Vec<_>, _>>()?;
        let fields: Vec<&Token> = components.iter().flatten().collect();
        if !fields.contains(&&Token::Date) && !fields.contains(&&Token::System) {
            return Err(format!("layout `{template}` has neither {{date}} nor {{system}}"));
        }
        Ok(Layout { template: template.to_string(), components, folders_only })
    }
}

fn tokens(component: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = component;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let (name, after) =
                after.split_once('}').ok_or_else(|| format!("unclosed `{{` in layout component `{component}`"))?;
            tokens.push(match name {
                "system" => Token::System,
                "date" => Token::Date,
                "time" => Token::Time,
                other => {
                    return Err(format!("unknown layout field {{{other}}}: use {{system}}, {{date}}, {{time}} or *"))
                }
            });
            rest = after;
        } else if let Some(after) = rest.strip_prefix('*') {
            tokens.push(Token::Any);
            rest = after;
        } else {
            let end = rest.find(['{', '*']).unwrap_or(rest.len());
            tokens.push(Token::Literal(rest[..end].to_string()));
            rest = &rest[end..];
        }
    }
    if component.is_empty() {
        tokens.push(Token::Literal(String::new()));
    }
    Ok(tokens)
}

impl Layout {
    /// Whether the layout names the field `token`.
    fn names(&self, token: &Token) -> bool {
        self.components.iter().flatten().any(|t| t == token)
    }

    /// Why the layout matches no part of a path: the first component that
    /// does not match where the layout ends (the file name, or its folder
    /// when the layout ends with `/`), and what of it is left over.
    fn mismatch(&self, components: &[&str]) -> String {
        let head = format!("--layout '{}' does not match this path", self.template);
        let n = self.components.len() + usize::from(self.folders_only);
        let Some(start) = components.len().checked_sub(n) else {
            return format!("{head}: it is shorter than the layout ({} of {n} levels)", components.len());
        };
        let sources: Vec<&str> = self.template.trim_matches('/').split('/').collect();
        for ((tokens, source), text) in self.components.iter().zip(&sources).zip(&components[start..]) {
            if matches(tokens, text, &mut Found::default()) {
                continue;
            }
            let matched = (0..text.len())
                .rev()
                .filter(|i| text.is_char_boundary(*i))
                .find(|&i| matches(tokens, &text[..i], &mut Found::default()));
            let hint = if self.folders_only { "" } else { " (end the layout with `/` to leave the file name free)" };
            return match matched {
                Some(i) if i > 0 => format!(
                    "{head}: `{source}` matches `{}` of `{text}`, and `{}` is left over{hint}",
                    &text[..i],
                    &text[i..]
                ),
                _ => format!("{head}: `{source}` does not match `{text}`"),
            };
        }
        head
    }

    fn find(&self, components: &[&str]) -> Found {
        let n = self.components.len();
        let last_start = components.len().saturating_sub(n);
        (0..=last_start)
            .rev()
            .filter(|start| {
                let end = start + n;
                if self.folders_only {
                    end < components.len()
                } else {
                    end == components.len()
                }
            })
            .find_map(|start| {
                let mut found = Found::default();
                let all = self
                    .components
                    .iter()
                    .zip(&components[start..])
                    .all(|(tokens, text)| matches(tokens, text, &mut found));
                all.then_some(found)
            })
            .unwrap_or_default()
    }
}

/// Matches one path component against its template tokens, filling `found`.
fn matches(tokens: &[Token], text: &str, found: &mut Found) -> bool {
    let Some((token, rest)) = tokens.split_first() else { return text.is_empty() };
    match token {
        Token::Literal(literal) => {
            let Some(after) = strip_prefix_ignore_case(text, literal) else { return false };
            matches(rest, after, found)
        }
        _ => (0..=text.len()).rev().filter(|i| text.is_char_boundary(*i)).any(|i| {
            let (head, tail) = text.split_at(i);
            let mut trial = found.clone();
            let ok = match token {
                Token::System => {
                    is_system_name(head) && {
                        trial.system = Some(head.to_ascii_uppercase());
                        true
                    }
                }
                Token::Date => match date_in(head).filter(|_| is_whole_date(head)) {
                    Some(date) => {
                        trial.date = Some(date);
                        true
                    }
                    None => false,
                },
                Token::Time => match hhmmss(head.strip_prefix('T').unwrap_or(head)) {
                    Some(time) => {
                        trial.time = Some(time);
                        true
                    }
                    None => false,
                },
                Token::Any | Token::Literal(_) => true,
            };
            if ok && matches(rest, tail, &mut trial) {
                *found = trial;
                true
            } else {
                false
            }
        }),
    }
}

/// A `{date}` field must be the date and nothing more.
fn is_whole_date(text: &str) -> bool {
    let digits = text.strip_prefix('D').unwrap_or(text);
    matches!(text.len(), 8 | 10) && (text.as_bytes()[4] == b'-' || text.bytes().all(|b| b.is_ascii_digit()))
        || (text.starts_with('D') && matches!(digits.len(), 6 | 7) && digits.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str) -> Result<(String, String, Option<String>), String> {
        at_with(&Locator::default(), path)
    }

    fn at_with(locator: &Locator, path: &str) -> Result<(String, String, Option<String>), String> {
        let w = locator.locate(Path::new(path))?;
        Ok((w.system, w.date.to_string(), w.time.map(|t| t.to_string())))
    }

    #[expect(clippy::unnecessary_wraps, reason = "shaped like the result it is compared with")]
    fn ok(system: &str, date: &str, time: Option<&str>) -> Result<(String, String, Option<String>), String> {
        Ok((system.into(), date.into(), time.map(String::from)))
    }

    #[test]
    fn default_rule_finds_date_and_system() {
        assert_eq!(at("/c/2026-11-24/SYSA/netstat.txt"), ok("SYSA", "2026-11-24", None));
        assert_eq!(at("/c/SYSA/2026-11-24/netstat.txt"), ok("SYSA", "2026-11-24", None));
        assert_eq!(at("/c/sysb/20261124/a.txt"), ok("SYSB", "2026-11-24", None));
        assert_eq!(at("/c/2026/11/24/SYSC/a.txt"), ok("SYSC", "2026-11-24", None));
        assert_eq!(at("/c/SYSC/2026/11/24/a.txt"), ok("SYSC", "2026-11-24", None));
        assert_eq!(at("/c/SYSC/TCPIP.NETSTAT.D261124.T081500.txt"), ok("SYSC", "2026-11-24", Some("08:15:00")));
        assert_eq!(at("/c/SYSD/NETSTAT.D2026328.T0815"), ok("SYSD", "2026-11-24", Some("08:15:00")));
        assert_eq!(at("/c/SYS#1/netstat-2026-11-24.log"), ok("SYS#1", "2026-11-24", None));
        // A time qualifier in the name of a file in a dated folder: the
        // folder's date, the name's time.
        assert_eq!(at("/c/2026-03-21/SYSA/NETSTAT.T080000.txt"), ok("SYSA", "2026-03-21", Some("08:00:00")));
        assert_eq!(at("/c/SYSA/2026/03/21/NETSTAT.T1200"), ok("SYSA", "2026-03-21", Some("12:00:00")));
        // Not a qualifier: no time.
        assert_eq!(at("/c/2026-03-21/SYSA/NETSTATT080000.txt"), ok("SYSA", "2026-03-21", None));
    }

    #[test]
    fn a_system_taken_from_the_folder_of_a_file_dated_in_its_name_is_marked() {
        let from_folder = |path: &str| Locator::default().locate(Path::new(path)).unwrap().system_from_folder;
        // The folder above a data set name that carries the date.
        assert!(from_folder("/data/netstat/MQA.NETSTAT.D220531.T164039"));
        assert!(from_folder("/c/SYSA/netstat-2026-11-24.log"));
        // A date folder, with the system below or above it; --system.
        assert!(!from_folder("/c/2026-11-24/SYSA/netstat.txt"));
        assert!(!from_folder("/c/SYSA/2026-11-24/netstat.txt"));
        // Dated in its name, in a system folder beside a date folder: the
        // README's layout, nothing to doubt (review 14a F16).
        assert!(!from_folder("/c/2026-12-01/SYSA/SYSA.NETSTAT.D261201.T080001.txt"));
        assert!(!from_folder("/c/2026/12/01/SYSA/SYSA.NETSTAT.D261201.T080001.txt"));
        let given = Locator { system: Some("MQA".into()), ..Locator::default() };
        assert!(!given.locate(Path::new("/data/netstat/MQA.NETSTAT.D220531.T164039")).unwrap().system_from_folder);
    }

    #[test]
    fn a_layout_without_date_finds_the_date_as_without_a_layout() {
        let with = |t: &str| Locator { layout: Some(t.parse().unwrap()), ..Locator::default() };
        for layout in ["{system}.NETSTAT.*", "{system}.*"] {
            for name in ["MQA.NETSTAT.D220531.T164039", "MQA.NETSTAT.TTLS.D220531.T164039"] {
                let path = format!("/x/flat/{name}");
                assert_eq!(at_with(&with(layout), &path), ok("MQA", "2022-05-31", Some("16:40:39")), "{layout} {name}");
            }
        }
        // No date anywhere: the fix named fits a layout given.
        let e = at_with(&with("{system}/"), "/d/SYSA/x.txt").unwrap_err();
        assert!(e.starts_with("no capture date in the path"), "{e}");
        assert!(e.ends_with("): give --date, or name {date} in --layout"), "{e}");
    }

    #[test]
    fn with_date_given_the_system_hint_names_a_layout_without_date() {
        let date = NaiveDate::from_ymd_opt(2022, 5, 31);
        let e = at_with(&Locator { date, ..Locator::default() }, "/t_nodate/MQA/x.txt").unwrap_err();
        assert!(e.ends_with("give --system, or --layout such as '{system}/'"), "{e}");
        let hinted = Locator { date, layout: Some("{system}/".parse().unwrap()), ..Locator::default() };
        assert_eq!(at_with(&hinted, "/t_nodate/MQA/x.txt"), ok("MQA", "2022-05-31", None));
        // A date folder and no system: the hint names both.
        let e = at("/2026-11-24/x.txt").unwrap_err();
        assert!(e.ends_with("give --system, or --layout such as '{system}/{date}/'"), "{e}");
    }

    #[test]
    fn the_deepest_date_wins() {
        assert_eq!(at("/backup-2020-01-01/SYSA/2026-11-24/x.txt"), ok("SYSA", "2026-11-24", None));
    }

    #[test]
    fn missing_date_or_system_says_how_to_fix() {
        let e = at("/c/SYSA/netstat.txt").unwrap_err();
        assert!(e.contains("no capture date") && e.contains("--date"), "{e}");
        let e = at("/2026-11-24/x.txt").unwrap_err();
        assert!(e.contains("no system name") && e.contains("--system"), "{e}");
        assert!(at("/c/2026-13-40/SYSA/x.txt").unwrap_err().contains("no capture date"));
    }

    #[test]
    fn a_date_that_names_no_day_is_said_to_be_no_real_date() {
        for (path, text) in [("/c/2026-02-30/SYSA/x.txt", "2026-02-30"), ("/c/SYSA/20250431/x.txt", "20250431")] {
            let e = at(path).unwrap_err();
            assert!(e.starts_with(&format!("`{text}` in the path is not a real date")), "{e}");
            assert!(e.contains("--date"), "{e}");
        }
        // A real date elsewhere in the path wins.
        assert_eq!(at("/c/2026-02-30/SYSA/2026-02-28/x.txt"), ok("SYSA", "2026-02-28", None));
    }

    #[test]
    fn the_report_fills_what_the_path_leaves_out() {
        let content = Content { system: Some("sysz".into()), date: NaiveDate::from_ymd_opt(2024, 12, 23), stack: None };
        let locate = |path: &str| {
            let w = Locator::default().locate_with(Path::new(path), &content)?;
            Ok::<_, String>((w.system, w.date.to_string(), w.filed_under))
        };
        assert_eq!(locate("/logs/syslog.txt"), Ok(("SYSZ".into(), "2024-12-23".into(), None)));
        // The path's date wins where it says one; the system a SYSLOG prefix
        // names wins over the path's, which is kept to say so.
        assert_eq!(locate("/c/2026-11-24/SYSA/x.txt"), Ok(("SYSZ".into(), "2026-11-24".into(), Some("SYSA".into()))));
        assert_eq!(locate("/c/2026-11-24/SYSZ/x.txt"), Ok(("SYSZ".into(), "2026-11-24".into(), None)));
        assert_eq!(locate("/2026-11-24/x.txt"), Ok(("SYSZ".into(), "2026-11-24".into(), None)));
        let dated_only = Content { system: None, ..content.clone() };
        let e = Locator::default().locate_with(Path::new("/logs/pasearch.txt"), &dated_only).unwrap_err();
        assert!(e.contains("no system name") && e.contains("--system"), "{e}");
    }

    #[test]
    fn overrides_win() {
        let date = NaiveDate::from_ymd_opt(2025, 1, 2);
        let l = Locator { system: Some("prod1".into()), date, layout: None };
        assert_eq!(at_with(&l, "/x/y.txt"), ok("PROD1", "2025-01-02", None));
    }

    #[test]
    fn layouts() {
        let with = |t: &str| Locator { layout: Some(t.parse().unwrap()), ..Locator::default() };
        assert_eq!(
            at_with(&with("{system}/{date}/"), "/data/PLEX1/SYSA/2026-11-24/x.txt"),
            ok("SYSA", "2026-11-24", None)
        );
        assert_eq!(at_with(&with("{date}/{system}/"), "/data/2026-11-24/SYSA/x/y.txt"), ok("SYSA", "2026-11-24", None));
        assert_eq!(
            at_with(&with("{system}.NETSTAT.{date}.{time}.txt"), "/d/SYSA.NETSTAT.D261124.T0815.txt"),
            ok("SYSA", "2026-11-24", Some("08:15:00"))
        );
        assert_eq!(
            at_with(&with("lpar_{system}/*/{date}/"), "/d/lpar_sysz/x/20261124/f"),
            ok("SYSZ", "2026-11-24", None)
        );
        assert!(at_with(&with("{system}/{date}/"), "/d/SYSA/notadate/f").is_err());
        assert_eq!(
            at_with(&with("{date}/{system}"), "/d/2026-11-24/SYSA.txt").unwrap_err(),
            "--layout '{date}/{system}' does not match this path: `{system}` matches `SYSA` of `SYSA.txt`, \
             and `.txt` is left over (end the layout with `/` to leave the file name free)"
        );
        assert_eq!(
            at_with(&with("{system}/{date}/"), "/d/SYSA/notadate/f").unwrap_err(),
            "--layout '{system}/{date}/' does not match this path: `{date}` does not match `notadate`"
        );
        assert_eq!(
            at_with(&with("{system}/{date}/"), "/f").unwrap_err(),
            "--layout '{system}/{date}/' does not match this path: it is shorter than the layout (1 of 3 levels)"
        );
        assert!("{nope}/".parse::<Layout>().is_err());
        assert!("plain/".parse::<Layout>().is_err());
    }
}
