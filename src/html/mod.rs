//! `ttlsinv html`: one self-contained HTML5 page that tells the story of a
//! period at a glance, for people who would rather look than read tables.
//!
//! The page holds inline CSS and inline SVG only: no JavaScript, no web
//! fonts, no link to anything outside it, so it opens from a mail
//! attachment on an air-gapped desk, prints (charts are never cut across
//! pages) and follows the reader's light or dark mode.
//!
//! Every number comes from the rows of a canned report ([`DRAWN`]), run
//! with the same filters as `ttlsinv report`: the page draws what the
//! reports say and computes nothing of its own beyond sums of their rows.
//! The page is written with maud, which escapes every text from the
//! database (job and rule names are capture input).

mod chart;
mod sections;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::canned::Rows;
use sections::{Missing, Report};

/// A canned report the page is drawn from, with the parameters it runs
/// with beyond the page's filters.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub name: &'static str,
    /// `(parameter, value)` pairs: switches (`--by`), 1 for on.
    pub params: &'static [(&'static str, i64)],
    /// The same parameters as `ttlsinv report` flags.
    pub flags: &'static str,
}

const fn source(name: &'static str) -> Source {
    Source { name, params: &[], flags: "" }
}

/// The canned reports the page is drawn from. Regressions run a row per
/// peer and step, so the timeline has the date of each.
pub const DRAWN: &[Source] = &[
    source("coverage"),
    source("tls-adoption"),
    source("protocols"),
    source("ciphers"),
    source("cleartext"),
    source("weak-crypto"),
    Source { name: "regressions", params: &[("by_peer", 1)], flags: " --by peer" },
    source("policy-drift"),
    source("allowed-not-used"),
];

/// What the page is made of: the rows of every report in [`DRAWN`] and the
/// filters they ran with.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The filters as `(name, value)`, e.g. `("from", "2026-11-01")`.
    pub filters: Vec<(String, String)>,
    /// Each report's rows, by report name.
    pub reports: Vec<(&'static str, Rows)>,
    /// The capture days of the period whose facts were pruned.
    pub pruned: Option<crate::store::PrunedDays>,
}

static NO_ROWS: Rows = Rows { columns: Vec::new(), rows: Vec::new() };

impl Inputs {
    /// The rows of the report called `name` (none if it was not run).
    fn report(&self, name: &'static str) -> Report<'_> {
        let rows = self.reports.iter().find(|(n, _)| *n == name).map_or(&NO_ROWS, |(_, rows)| rows);
        Report::new(name, rows)
    }

    /// The filters as command-line flags: `--from 2026-11-01 --system SYSA`.
    fn flags(&self) -> String {
        self.filters.iter().map(|(name, value)| format!(" --{name} {value}")).collect()
    }
}

/// A part of the page as drawn: its chart, kept on one printed page with
/// its heading, and the numbers (tables) that follow.
pub struct Drawn {
    pub chart: Markup,
    pub numbers: Markup,
}

/// The parts of the page: anchor, heading, the question it answers, the
/// reports it draws, and how it is drawn.
type Draw = fn(&Inputs, &[String]) -> Result<Drawn, Missing>;

const PARTS: &[(&str, &str, &str, &[&str], Draw)] = &[
    (
        "headline",
        "At a glance",
        "What was read, and how much of it is protected.",
        &["coverage", "tls-adoption", "weak-crypto", "cleartext"],
        sections::headline,
    ),
    (
        "adoption",
        "TLS adoption over time",
        "Which share of connections (solid) and of bytes (dashed) negotiated TLS, per system and day?",
        &["tls-adoption"],
        sections::adoption,
    ),
    (
        "protocols",
        "Protocol mix over time",
        "Which TLS versions are negotiated, and how good are they? Connections of every system, per date.",
        &["protocols"],
        sections::protocols,
    ),
    (
        "ciphers",
        "Cipher suites by grade",
        "Which cipher suites are negotiated, and how good are they? Connections over the period.",
        &["ciphers"],
        |i, _| sections::ciphers(i),
    ),
    (
        "cleartext",
        "Cleartext services",
        "Where should TLS go next? Ports and jobs with connections in cleartext (TTLSPolicy: No, or a rule that leaves the data in clear).",
        &["cleartext"],
        |i, _| sections::cleartext(i),
    ),
    (
        "weak",
        "Weak crypto",
        "Which services negotiated a deprecated protocol or a weak cipher suite or key share?",
        &["weak-crypto"],
        |i, _| sections::weak_crypto(i),
    ),
    (
        "changes",
        "Regressions and policy drift",
        "When did security get worse, and when did policy change?",
        &["regressions", "policy-drift"],
        sections::changes,
    ),
    (
        "coverage",
        "Coverage",
        "How far can these numbers be trusted? Which systems and stacks were captured on which dates?",
        &["coverage"],
        sections::coverage,
    ),
    (
        "unused",
        "Allowed but never used",
        "What does policy allow that no connection needed: what can be switched off?",
        &["allowed-not-used"],
        |i, _| sections::allowed_not_used(i),
    ),
];

/// The whole page.
pub fn render(inputs: &Inputs) -> String {
    let coverage = inputs.report("coverage");
    let adoption = inputs.report("tls-adoption");
    let protocols = inputs.report("protocols");
    let dates = sections::calendar(&[(&coverage, "date"), (&adoption, "date"), (&protocols, "date")]);
    let title = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => format!("AT-TLS inventory, {first} to {last}"),
        _ => "AT-TLS inventory".to_string(),
    };
    let flags = inputs.flags();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="generator" content=(concat!("ttlsinv ", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (title) }
                    p class="meta" {
                        "Written by ttlsinv " (env!("CARGO_PKG_VERSION")) " from its canned reports"
                        @if flags.is_empty() { ", for everything in the database." } @else { ", filtered by " code { (flags.trim_start()) } "." }
                        " Hover over a mark for its numbers; each part names the report that gives them all."
                    }
                    nav { ol { @for (id, heading, ..) in PARTS { li { a href=(format!("#{id}")) { (heading) } } } } }
                }
                @for (number, (id, heading, question, reports, draw)) in PARTS.iter().enumerate() {
                    section id=(id) {
                        @let drawn = draw(inputs, &dates);
                        div class="keep" {
                            h2 { (number + 1) ". " (heading) }
                            p class="question" { (question) }
                            @match &drawn {
                                Ok(drawn) => (drawn.chart),
                                Err(missing) => p class="problem" { "This part cannot be drawn: " (missing.to_string()) "." },
                            }
                        }
                        @if let Ok(drawn) = &drawn { (drawn.numbers) }
                        p class="source" {
                            "From " @for (i, report) in reports.iter().enumerate() {
                                @if i > 0 { ", " }
                                code { "ttlsinv report " (report) (DRAWN.iter().find(|s| s.name == *report).map_or("", |s| s.flags)) (flags) }
                            } "."
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// Light and dark mode by the reader's setting; print without cutting a
/// chart across pages. No font files: the system's sans-serif.
const CSS: &str = r#"
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1d21; --muted: #5b6068; --grid: #d9dce1; --panel: #f3f4f6; --bad: #b34700; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181c; --fg: #e6e8eb; --muted: #a3a9b2; --grid: #3a3f47; --panel: #22252b; --bad: #ff9d5c; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; background: var(--bg); color: var(--fg);
       font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 0 0 .2rem; border-bottom: 2px solid var(--grid); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.meta, .question, .source, figcaption, .more, .empty { color: var(--muted); }
.question { margin: .2rem 0 .6rem; font-style: italic; }
.source { font-size: .85rem; }
nav ol { columns: 3; font-size: .9rem; padding-left: 1.4rem; }
a { color: inherit; }
section { margin: 1.8rem 0; }
figure { margin: 0 0 .6rem; }
.keep { break-inside: avoid; page-break-inside: avoid; }
svg.chart { width: 100%; height: auto; display: block; font-size: 12px; }
svg text { fill: var(--fg); }
svg .axis text, svg .grid text { fill: var(--muted); }
svg .grid line { stroke: var(--grid); stroke-width: 1; }
svg text.inside { font-size: 11px; }
svg text.heading { font-weight: 600; }
svg text.small { font-size: 11px; }
svg .mark { stroke: var(--bg); stroke-width: 1; }
svg .cell rect { stroke: var(--grid); }
svg .captured rect { fill: #0072B2; }
svg .captured text { fill: #ffffff; }
svg .problems rect { fill: #E69F00; }
svg .problems text { fill: #1b1d21; font-weight: 700; }
svg .missing rect { fill: var(--panel); stroke-dasharray: 3 2; }
svg .pruned rect { fill: var(--grid); }
.swatch { white-space: nowrap; margin-right: .8rem; }
.chip { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -.1em; border-radius: 2px; }
.stroke { display: inline-block; width: 1.8em; margin-right: .3em; vertical-align: .25em; }
.key { display: inline-block; min-width: 1.2em; text-align: center; border-radius: 2px; }
.key.regression { color: #D55E00; } .key.drift { color: #0072B2; }
.key.captured { background: #0072B2; color: #fff; } .key.problems { background: #E69F00; color: #1b1d21; font-weight: 700; }
.key.missing { border: 1px dashed var(--muted); }
.key.pruned { background: var(--grid); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; break-inside: avoid; }
.card { background: var(--panel); border-radius: 6px; padding: .8rem 1rem; }
.card .big { display: block; font-size: 2.2rem; font-weight: 700; line-height: 1.1; }
.card.bad .big { color: var(--bad); }
.card p { margin: .3rem 0 0; font-size: .9rem; color: var(--muted); }
.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: .8rem; margin: .4rem 0; }
th, td { padding: .15rem .5rem; border-bottom: 1px solid var(--grid); text-align: left; white-space: nowrap; }
th { background: var(--panel); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.problem { color: var(--bad); font-weight: 600; }
code { font-size: .9em; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  section { break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .table { overflow: visible; }
  table { font-size: 6.5pt; }
  th { white-space: normal; }
  tr { break-inside: avoid; }
}
"#;
