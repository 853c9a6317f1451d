//! The nine parts of the HTML report, each drawn from the rows of the
//! canned reports it illustrates (never from SQL of its own), so a chart
//! always agrees with `ttlsinv report NAME` run with the same filters.
//!
//! Columns are looked up by name: a report that loses a column makes its
//! part say so on the page instead of failing the whole report.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use maud::{html, Markup};
use rusqlite::types::{Value, ValueRef};

use super::chart::{self, Bar, Cell, Event, Line, Marker, Measure, Point, Segment, Status};
use super::{Drawn, Inputs};
use crate::canned::Rows;

/// At most this many rows in a part's table; the rest are a command away.
const TABLE_ROWS: usize = 25;
/// At most this many bars in a bar chart.
const BARS: usize = 15;
/// At most this many events named in one timeline tooltip.
const TOOLTIP_ITEMS: usize = 6;

/// A column a part needs is not in its report.
#[derive(Debug)]
pub struct Missing(String);

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One canned report's rows, read by column name.
pub struct Report<'a> {
    pub name: &'static str,
    rows: &'a Rows,
}

impl<'a> Report<'a> {
    pub fn new(name: &'static str, rows: &'a Rows) -> Report<'a> {
        Report { name, rows }
    }

    fn col(&self, column: &str) -> Result<usize, Missing> {
        self.rows.column(column).ok_or_else(|| Missing(format!("report {} has no column {column}", self.name)))
    }

    /// The positions of the columns called `names`.
    fn cols<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], Missing> {
        let mut found = [0; N];
        for (slot, name) in found.iter_mut().zip(names) {
            *slot = self.col(name)?;
        }
        Ok(found)
    }

    fn rows(&self) -> &'a [Vec<Value>] {
        &self.rows.rows
    }
}

fn num(value: &Value) -> f64 {
    match value {
        Value::Integer(v) => *v as f64,
        Value::Real(v) => *v,
        Value::Text(v) => v.parse().unwrap_or(0.0),
        Value::Null | Value::Blob(_) => 0.0,
    }
}

fn text(value: &Value) -> String {
    crate::output::text(ValueRef::from(value))
}

/// A share as a percentage with one decimal, never rounded to all or none
/// when it is neither: a security reader takes "100.0 %" to mean nothing
/// moved in clear (review 14a F9).
fn percent(share: f64) -> String {
    let tenths = share * 1000.0;
    if share > 0.0 && tenths < 0.5 {
        "< 0.1 %".to_string()
    } else if share < 1.0 && tenths >= 999.5 {
        "> 99.9 %".to_string()
    } else {
        format!("{:.1} %", share * 100.0)
    }
}

/// Every date from the first to the last that any of the reports shows
/// (the x axis of the charts over time).
pub fn calendar(reports: &[(&Report<'_>, &str)]) -> Vec<String> {
    let mut dates = BTreeSet::new();
    for (report, column) in reports {
        if let Ok(c) = report.col(column) {
            for row in report.rows() {
                let value = text(&row[c]);
                if let Ok(date) = NaiveDate::parse_from_str(value.get(..10).unwrap_or(""), "%Y-%m-%d") {
                    dates.insert(date);
                }
            }
        }
    }
    let (Some(first), Some(last)) = (dates.first().copied(), dates.last().copied()) else {
        return Vec::new();
    };
    first.iter_days().take_while(|d| *d <= last).map(|d| d.to_string()).collect()
}

/// The systems and stacks the coverage report lists, as `SYSTEM/STACK`.
fn lanes(coverage: &Report<'_>) -> Result<Vec<String>, Missing> {
    let [system, stack] = coverage.cols(["system", "stack"])?;
    let lanes: BTreeSet<String> = coverage
        .rows()
        .iter()
        .filter(|r| r[system] != Value::Null)
        .map(|r| format!("{}/{}", text(&r[system]), text(&r[stack])))
        .collect();
    Ok(lanes.into_iter().collect())
}

/// Part 1: The period, what was read, and the three numbers that matter most.
pub fn headline(inputs: &Inputs, dates: &[String]) -> Result<Drawn, Missing> {
    let coverage = inputs.report("coverage");
    let [status, system, files, problems, snapshots] =
        coverage.cols(["status", "system", "files", "problems", "snapshots"])?;
    // Every day read, whatever it held (not the missing days, nor the files not ingested).
    let captured =
        || coverage.rows().iter().filter(|r| !matches!(text(&r[status]).as_str(), "missing" | "not ingested"));
    let systems: BTreeSet<String> = captured().map(|r| text(&r[system])).collect();
    let stacks = lanes(&coverage)?;
    let sum = |rows: &mut dyn Iterator<Item = &Vec<Value>>, c: usize| rows.map(|r| num(&r[c])).sum::<f64>();
    let snapshot_count = sum(&mut captured(), snapshots);
    let file_count = sum(&mut captured(), files);
    let problem_count = sum(&mut captured(), problems);
    let not_ingested = coverage.rows().iter().find(|r| text(&r[status]) == "not ingested");

    let adoption = inputs.report("tls-adoption");
    // Each connection once over the period (on its first listed date in it),
    // as the weak and cleartext cards count theirs; not on a day of a stack
    // whose captures list only the connections AT-TLS maps (or a filtered
    // list): its connections in clear are not known (review 15b F12), and a
    // connection first seen there counts on its next listed day (review 18b
    // F5); tls-adoption counts that per stack, so another stack's such day
    // leaves this one's counted (review 18b F12). Protected: a session whose
    // suite encrypts, as tls-adoption's bytes_*_protected; a NULL cipher
    // suite's is negotiated TLS with its data in clear.
    let [connections, tls, null_cipher, untold] = adoption.cols([
        "listed_new_connections",
        "listed_new_tls_connections",
        "listed_new_null_cipher",
        "listed_new_untold",
    ])?;
    let total = |c: usize| adoption.rows().iter().map(|r| num(&r[c])).sum::<f64>();
    let all = total(connections);
    let unencrypted = total(null_cipher);
    let protected = total(tls) - unencrypted;
    // Those counted on a day that did not tell their protection (a rule
    // matched and no TTLS report, or ALLCONN alone) may each have negotiated:
    // the share is a range, from the protected alone to them added (review 18b F7).
    let untold = total(untold);
    let share = if all > 0.0 { protected / all } else { 0.0 };
    let most = if all > 0.0 { ((protected + untold) / all).min(1.0) } else { 1.0 };
    let partial_days = coverage.rows().iter().filter(|r| PARTIAL_LISTS.contains(&text(&r[status]).as_str())).count();

    let weak = inputs.report("weak-crypto");
    let weak_column = weak.col("connections")?;
    let weak_connections = weak.rows().iter().map(|r| num(&r[weak_column])).sum::<f64>();
    let weak_services = weak.rows().len();

    let cleartext = inputs.report("cleartext");
    let clear = cleartext.col("clear_connections")?;
    // A listener has no protection of its own: the headline counts the
    // services that showed cleartext connections, and the listeners apart.
    let clear_services = cleartext.rows().iter().filter(|r| num(&r[clear]) > 0.0).count();
    // A listener whose connections an AT-TLS rule maps, with no negotiated
    // session seen, did not show "no TLS" (review 18b F7): said apart.
    let [policy_only, not_captured] = cleartext.cols(["policy_only", "tls_not_captured"])?;
    let mapped = cleartext
        .rows()
        .iter()
        .filter(|r| num(&r[clear]) == 0.0 && num(&r[policy_only]) + num(&r[not_captured]) > 0.0)
        .count();
    let listening_only = cleartext.rows().len() - clear_services - mapped;
    let clear_connections = cleartext.rows().iter().map(|r| num(&r[clear])).sum::<f64>();

    let period = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => format!("{first} to {last} ({} days)", dates.len()),
        _ => "no capture in the period".to_string(),
    };
    Ok(Drawn {
        chart: html! {
            dl class="facts" {
                dt { "Period" } dd { (period) }
                dt { "Systems" } dd { (systems.len()) ": " (systems.iter().cloned().collect::<Vec<_>>().join(", ")) }
                dt { "Stacks" } dd { (stacks.len()) ": " (stacks.join(", ")) }
                dt { "Read" } dd {
                    data id="snapshots" value=(snapshot_count) { (chart::count(snapshot_count)) } " snapshots (capture runs of one system and stack) from "
                    data id="files" value=(file_count) { (chart::count(file_count)) } " files"
                }
                @if let Some(crate::store::PrunedDays { days, latest, .. }) = &inputs.pruned {
                    dt { "Pruned" } dd {
                        "the facts of " (days) " capture days (system, stack, date) of the period were deleted by ttlsinv prune (the latest "
                        (latest) "): coverage marks them pruned where kept days follow, and the policy drift of those days is not shown; \
                         adoption, protocols, ciphers, cleartext, weak crypto and regressions still count them from the daily summaries"
                    }
                }
                dt { "Problems" } dd {
                    data id="problems" value=(problem_count) { (chart::count(problem_count)) } " problems recorded in the files read"
                    @if let Some(row) = not_ingested {
                        "; " strong { (text(&row[files])) " files could not be ingested" } " (" (text(&row[problems])) " problems)"
                    }
                }
            }
            div class="cards" {
                div class="card" {
                    data class="big" id="tls-share" value=(share) {
                        @if all == 0.0 || (share == 0.0 && most == 1.0) { "not known" }
                        @else if most > share { (percent(share)) " to " (percent(most)) }
                        @else { (percent(share)) }
                    }
                    p { "of connections negotiated TLS with encryption (" (chart::count(protected)) " of " (chart::count(all))
                        ", each counted once over the period; tls-adoption)"
                        @if unencrypted > 0.0 {
                            "; " strong { (chart::count(unencrypted)) " more negotiated a NULL cipher suite" }
                            ": authenticated, their data in clear (null_cipher)"
                        }
                        @if most > share {
                            "; " strong { (chart::count(untold)) " of the " (chart::count(all)) " were first counted on a day whose captures did not tell their protection" }
                            " (tls_not_captured: an AT-TLS rule matched and no NETSTAT TTLS report ran; unknown_policy: ALLCONN, CONN \
                             or BYTEINFO alone), and each not shown negotiated on a later day may have negotiated TLS: hence the \
                             range; capture NETSTAT TTLS beside ALL"
                        }
                        @if partial_days > 0 { (partial(partial_days, "not counted here")) } }
                }
                div class="card bad" {
                    data class="big" id="weak-connections" value=(weak_connections) { (chart::count(weak_connections)) }
                    p { "connections that negotiated a deprecated protocol, a weak or insecure cipher suite or key share, or one no registry grades, each counted once per weak negotiation it had, at "
                        (weak_services) " services (weak-crypto)" }
                }
                div class="card bad" {
                    data class="big" id="cleartext-services" value=(clear_services) { (clear_services) }
                    p { "services (port and job) with connections in cleartext, " (chart::count(clear_connections))
                        " connections each counted once (no AT-TLS protection: TTLSPolicy: No or a rule that leaves it in clear, TTLSEnabled Off or ApplicationControlled with no TLS started; TLS an application does itself and IPsec are not seen); "
                        (listening_only) " more listen and showed no TLS connection"
                        @if mapped > 0 {
                            "; " (mapped) " more listen with connections an AT-TLS rule maps and no negotiated session seen \
                             (policy_only, tls_not_captured)"
                        }
                        " (cleartext)"
                        @if partial_days > 0 { (partial(partial_days, "may hide more")) } }
                }
            }
        },
        numbers: html! {},
    })
}

/// The coverage statuses of a day whose captures do not list every
/// connection, only those AT-TLS maps or those a filter chose.
const PARTIAL_LISTS: [&str; 2] = ["TLS connections only", "filtered list"];

/// What a card says of the days with a partial list (`PARTIAL_LISTS`):
/// their connections in clear are not known.
fn partial(days: usize, so: &str) -> Markup {
    html! {
        ". " strong { (days) (if days == 1 { " capture day" } else { " capture days" }) " (system, stack, date) " (so) }
        ": captures that list only the TLS connections or a filtered list (coverage: TLS connections only, \
         filtered list), so the connections in clear on them are not known; capture NETSTAT ALL, ALLCONN or BYTEINFO \
         unfiltered"
    }
}

/// Part 2: The share of connections and of bytes that negotiated TLS, a line per system.
pub fn adoption(inputs: &Inputs, dates: &[String]) -> Result<Drawn, Missing> {
    let report = inputs.report("tls-adoption");
    let [date, system, connections, tls, share] =
        report.cols(["date", "system", "connections", "tls_connections", "tls_share"])?;
    let [not_captured, unknown, unlisted, null_cipher] =
        report.cols(["tls_not_captured", "unknown_policy", "unlisted_connections", "null_cipher"])?;
    let bytes =
        report.cols(["bytes_in_protected", "bytes_out_protected", "bytes_in_unprotected", "bytes_out_unprotected"])?;
    let systems: BTreeSet<String> = report.rows().iter().map(|r| text(&r[system])).collect();
    let mut lines = Vec::new();
    for (i, name) in systems.iter().enumerate() {
        let colour = chart::SERIES[i % chart::SERIES.len()];
        let mut by_connections =
            Line { label: format!("{name} connections"), colour, dashed: false, points: vec![None; dates.len()] };
        let mut by_bytes =
            Line { label: format!("{name} bytes"), colour, dashed: true, points: vec![None; dates.len()] };
        for row in report.rows().iter().filter(|r| &text(&r[system]) == name) {
            let Some(x) = dates.iter().position(|d| *d == text(&row[date])) else { continue };
            // No point where the share is not known: a day that lists only the
            // TLS connections or a filtered list (its connections in clear are
            // not known), or one whose captures tell no connection's protection
            // (CONN or ALLCONN alone; a rule matched and no TTLS report): such a
            // day is no fall to 0 % (review 15a F3).
            let untold = num(&row[not_captured]) + num(&row[unknown]);
            if num(&row[unlisted]) > 0.0 || untold >= num(&row[connections]) {
                continue;
            }
            let unsaid = if untold > 0.0 {
                format!("; the captures do not tell the protection of {}", chart::count(untold))
            } else {
                String::new()
            };
            by_connections.points[x] = Some(Point {
                value: num(&row[share]),
                title: format!(
                    "{name} {}: {} of {} connections negotiated TLS ({}{unsaid}){}",
                    dates[x],
                    text(&row[tls]),
                    text(&row[connections]),
                    percent(num(&row[share])),
                    if num(&row[null_cipher]) > 0.0 {
                        format!(
                            ", {} of them with no encryption (a NULL cipher suite)",
                            chart::count(num(&row[null_cipher]))
                        )
                    } else {
                        String::new()
                    }
                ),
            });
            let protected = num(&row[bytes[0]]) + num(&row[bytes[1]]);
            let total = protected + num(&row[bytes[2]]) + num(&row[bytes[3]]);
            if total > 0.0 {
                by_bytes.points[x] = Some(Point {
                    value: protected / total,
                    title: format!(
                        "{name} {}: {} of {} bytes were on connections that negotiated TLS with encryption ({})",
                        dates[x],
                        chart::count(protected),
                        chart::count(total),
                        percent(protected / total)
                    ),
                });
            }
        }
        lines.push(by_connections);
        lines.push(by_bytes);
    }
    // A line with no point (a system whose bytes were not captured) is left out.
    lines.retain(|l| l.points.iter().any(Option::is_some));
    let legend: Vec<(String, &str, bool)> = lines.iter().map(|l| (l.label.clone(), l.colour, l.dashed)).collect();
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::share_lines(dates, &lines))
                figcaption {
                    (line_legend(&legend))
                    " No point on a day whose share is not known: its captures list only the TLS connections or a \
                     filtered list (unlisted_connections), or tell no connection's protection (CONN or ALLCONN alone)."
                }
            }
        },
        numbers: html! {
            (table(&report, &["stack", "direction", "port", "job"]))
        },
    })
}

/// Part 3: Connections by negotiated TLS version per date (all systems), coloured
/// by the version's grade.
pub fn protocols(inputs: &Inputs, dates: &[String]) -> Result<Drawn, Missing> {
    let report = inputs.report("protocols");
    let [date, protocol, grade, connections] = report.cols(["date", "protocol", "grade", "connections"])?;
    // Newest version at the bottom of each column.
    let mut versions: BTreeMap<String, String> = BTreeMap::new();
    let mut totals: BTreeMap<(String, String), f64> = BTreeMap::new();
    for row in report.rows() {
        // A SecLevel of a version the tool does not know has no protocol.
        let version = Some(text(&row[protocol])).filter(|v| !v.is_empty()).unwrap_or_else(|| "unknown version".into());
        versions.insert(version.clone(), text(&row[grade]));
        *totals.entry((text(&row[date]), version)).or_default() += num(&row[connections]);
    }
    let columns: Vec<Vec<Segment>> = dates
        .iter()
        .map(|d| {
            versions
                .iter()
                .rev()
                .filter_map(|(version, grade)| {
                    let value = *totals.get(&(d.clone(), version.clone()))?;
                    Some(Segment {
                        series: version.clone(),
                        colour: chart::grade_colour(grade),
                        value,
                        title: format!("{d} {version} ({grade}): {} connections", chart::count(value)),
                    })
                })
                .collect()
        })
        .collect();
    let legend: Vec<(String, &str)> = versions
        .iter()
        .rev()
        .map(|(version, grade)| (format!("{version}: {grade}"), chart::grade_colour(grade)))
        .collect();
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::stacked_columns(dates, &columns, "connections", 240.0))
                figcaption { (swatches(&legend)) " Grades are ttlsinv's scale for protocol versions (the report's grade column)." }
            }
        },
        numbers: html! {
            (table(&report, &[]))
        },
    })
}

/// Part 4: Negotiated cipher suites over the period, most used first, coloured by grade.
pub fn ciphers(inputs: &Inputs) -> Result<Drawn, Missing> {
    struct Suite {
        name: String,
        grade: String,
        protocols: BTreeSet<String>,
        connections: f64,
        others: [String; 3],
    }
    let report = inputs.report("ciphers");
    // Each connection once per suite it negotiated in the period: a long-lived
    // one is not one a day, and one renegotiated to another suite counts under both.
    let [code, name, protocol, connections, grade] =
        report.cols(["code", "name", "protocol", "new_connections", "grade"])?;
    let others = ["mozilla_6_0", "nist", "iana"].map(|n| report.col(n).ok());
    let mut suites: BTreeMap<String, Suite> = BTreeMap::new();
    for row in report.rows() {
        let suite = suites.entry(text(&row[code])).or_insert_with(|| Suite {
            name: text(&row[name]),
            grade: text(&row[grade]),
            protocols: BTreeSet::new(),
            connections: 0.0,
            others: others.map(|o| o.map(|o| text(&row[o])).unwrap_or_default()),
        });
        suite.protocols.insert(text(&row[protocol]));
        suite.connections += num(&row[connections]);
    }
    let mut ranked: Vec<(&String, &Suite)> = suites.iter().collect();
    ranked.sort_by(|a, b| b.1.connections.total_cmp(&a.1.connections).then(a.0.cmp(b.0)));
    let shown = &ranked[..ranked.len().min(BARS)];
    let labels: Vec<String> = shown.iter().map(|(code, s)| format!("{} ({code})", s.name)).collect();
    let measure = Measure {
        heading: "connections".to_string(),
        bars: shown
            .iter()
            .map(|(code, s)| Bar {
                value: s.connections,
                colour: chart::grade_colour(&s.grade),
                text: format!("{} · {}", chart::count(s.connections), s.grade),
                title: format!("{} ({code}): {} connections, grade {}", s.name, chart::count(s.connections), s.grade),
            })
            .collect(),
    };
    let grades: BTreeSet<&str> = shown.iter().map(|(_, s)| s.grade.as_str()).collect();
    let legend: Vec<(String, &str)> = grades.iter().map(|g| (g.to_string(), chart::grade_colour(g))).collect();
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::bars(&labels, &[measure]))
                figcaption {
                    (swatches(&legend))
                    " Grade: ciphersuite.info's scale (the report's grade column); the table adds Mozilla's 6.0 level, NIST SP 800-52r2 and IANA's Recommended flag."
                    @if ranked.len() > shown.len() { " The " (ranked.len() - shown.len()) " least used suites are only in the table." }
                }
            }
        },
        numbers: html! {
            table {
                thead { tr { th { "code" } th { "name" } th { "protocols" } th class="n" { "connections" } th { "grade" } th { "mozilla_6_0" } th { "nist" } th { "iana" } } }
                tbody {
                    @for (code, s) in &ranked {
                        tr { td { (code) } td { (s.name) } td { (s.protocols.iter().cloned().collect::<Vec<_>>().join(" ")) }
                             td class="n" { (s.connections) } td { (s.grade) }
                             @for other in &s.others { td { (other) } } }
                    }
                }
            }
        },
    })
}

/// Part 5: The cleartext services with the most connections, and their bytes.
pub fn cleartext(inputs: &Inputs) -> Result<Drawn, Missing> {
    let report = inputs.report("cleartext");
    let [system, stack, direction, port, job, connections, bytes] =
        report.cols(["system", "stack", "direction", "port", "job", "clear_connections", "clear_bytes"])?;
    let shown = &report.rows()[..report.rows().len().min(BARS)];
    let labels: Vec<String> = shown
        .iter()
        .map(|r| {
            format!(
                "port {} {} · {}/{} {}",
                text(&r[port]),
                text(&r[job]),
                text(&r[system]),
                text(&r[stack]),
                text(&r[direction])
            )
        })
        .collect();
    let measure = |heading: &str, column: usize, colour: &'static str, unit: &str| Measure {
        heading: heading.to_string(),
        bars: shown
            .iter()
            .zip(&labels)
            .map(|(r, label)| Bar {
                value: num(&r[column]),
                colour,
                text: chart::count(num(&r[column])),
                title: format!("{label}: {} {unit}", chart::count(num(&r[column]))),
            })
            .collect(),
    };
    let measures = [
        measure("clear connections", connections, "#E69F00", "connections"),
        measure("clear bytes", bytes, "#CC79A7", "bytes"),
    ];
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::bars(&labels, &measures))
                figcaption {
                    "Ports and jobs with connections in cleartext, most first, each connection counted once; listeners without TLS connections show 0. "
                    @if report.rows().len() > shown.len() { "The chart shows the first " (shown.len()) " of " (report.rows().len()) " rows." }
                }
            }
        },
        numbers: html! {
            (table(&report, &[]))
        },
    })
}

/// Part 6: Services that negotiated weak crypto, worst first.
pub fn weak_crypto(inputs: &Inputs) -> Result<Drawn, Missing> {
    let report = inputs.report("weak-crypto");
    let [system, stack, job, direction, port, worst, protocols, ciphers, peers, connections, days] = report.cols([
        "system",
        "stack",
        "job",
        "direction",
        "port",
        "worst_grade",
        "protocols",
        "ciphers",
        "peers",
        "connections",
        "dates",
    ])?;
    let shown = &report.rows()[..report.rows().len().min(BARS)];
    let labels: Vec<String> = shown
        .iter()
        .map(|r| {
            let service = [system, stack].map(|c| text(&r[c])).join("/");
            let rest = [job, port, direction].map(|c| text(&r[c])).join(" ");
            format!("{service} {rest}")
        })
        .collect();
    let measure = Measure {
        heading: "connections".to_string(),
        bars: shown
            .iter()
            .zip(&labels)
            .map(|(r, label)| Bar {
                value: num(&r[connections]),
                colour: chart::grade_colour(&text(&r[worst])),
                text: format!(
                    "{} · {}: {} {} · {} peers",
                    text(&r[connections]),
                    text(&r[worst]),
                    text(&r[protocols]),
                    text(&r[ciphers]),
                    text(&r[peers])
                ),
                title: format!(
                    "{label}: {} {} (worst grade {}), {} connections from {} peers on {} dates",
                    text(&r[protocols]),
                    text(&r[ciphers]),
                    text(&r[worst]),
                    text(&r[connections]),
                    text(&r[peers]),
                    text(&r[days])
                ),
            })
            .collect(),
    };
    let grades: BTreeSet<String> = shown.iter().map(|r| text(&r[worst])).collect();
    let legend: Vec<(String, &str)> = grades.iter().map(|g| (g.clone(), chart::grade_colour(g))).collect();
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::bars(&labels, &[measure]))
                figcaption {
                    (swatches(&legend)) " Service: system/stack, job, service port, direction; worst first, then the most peers. Protocols and cipher suites by code (ttlsinv cipher CODE names them)."
                    @if report.rows().len() > shown.len() { " The chart shows the first " (shown.len()) " of " (report.rows().len()) " rows." }
                }
            }
        },
        numbers: html! {
            (table(&report, &["remote_ip"]))
        },
    })
}

/// Part 7: Regressions and policy drift, as events on a timeline per system and stack.
pub fn changes(inputs: &Inputs, dates: &[String]) -> Result<Drawn, Missing> {
    let lanes = lanes(&inputs.report("coverage"))?;
    let regressions = inputs.report("regressions");
    let drift = inputs.report("policy-drift");
    // (lane, date, marker) -> what happened
    let mut events: BTreeMap<(usize, usize, u8), Vec<String>> = BTreeMap::new();
    let mut note = |report: &Report<'_>, marker: u8, describe: &dyn Fn(&Vec<Value>) -> String| {
        let [system, stack, after] = report.cols(["system", "stack", "after"])?;
        for row in report.rows() {
            let lane = lanes.iter().position(|l| *l == format!("{}/{}", text(&row[system]), text(&row[stack])));
            let day = text(&row[after]).get(..10).and_then(|d| dates.iter().position(|x| x == d));
            if let (Some(lane), Some(day)) = (lane, day) {
                events.entry((lane, day, marker)).or_default().push(describe(row));
            }
        }
        Ok::<(), Missing>(())
    };
    let [job, port, remote, worse] = regressions.cols(["job", "port", "remote_ip", "worse"])?;
    note(&regressions, 0, &|row| {
        format!("{} port {} {}: {}", text(&row[job]), text(&row[port]), text(&row[remote]), text(&row[worse]))
    })?;
    let [object, name, setting, change] = drift.cols(["object", "name", "setting", "change"])?;
    note(&drift, 1, &|row| {
        format!("{} {} {} {}", text(&row[object]), text(&row[name]), text(&row[setting]), text(&row[change]))
    })?;
    let events: Vec<Event> = events
        .into_iter()
        .map(|((lane, x, marker), items)| {
            let kind = if marker == 0 { "regressions" } else { "policy changes" };
            let mut title = format!("{} {}: {} {kind}", lanes[lane], dates[x], items.len());
            for item in items.iter().take(TOOLTIP_ITEMS) {
                title.push_str("\n• ");
                title.push_str(item);
            }
            if items.len() > TOOLTIP_ITEMS {
                title.push_str(&format!("\n… and {} more", items.len() - TOOLTIP_ITEMS));
            }
            Event {
                lane,
                x,
                marker: if marker == 0 { Marker::Regression } else { Marker::Drift },
                count: items.len(),
                title,
            }
        })
        .collect();
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::timeline(&lanes, dates, &events))
                figcaption {
                    span class="key regression" { "▼" } " regressions (security got worse; regressions report) "
                    span class="key drift" { "◆" } " policy drift (a rule or action setting changed; policy-drift report), with their counts."
                    @if regressions.rows().is_empty() && drift.rows().is_empty() {
                        @if inputs.pruned.is_some() { " No regression and no policy change on the days kept (a change dated on a pruned day is not shown)." }
                        @else { " No regression and no policy change in the period." }
                    }
                }
            }
        },
        numbers: html! {
            h3 { "Regressions" }
            // A row per step: the service's totals repeat on each, so they are left out.
            (table(&regressions, &["peers", "regressions", "first_after", "last_after", "example_peer"]))
            h3 { "Policy drift" }
            (table(&drift, &[]))
        },
    })
}

/// Part 8: Which systems and stacks were captured on which dates.
pub fn coverage(inputs: &Inputs, dates: &[String]) -> Result<Drawn, Missing> {
    let report = inputs.report("coverage");
    let lanes = lanes(&report)?;
    let [system, stack, date, status, connections, sessions, files, problems] =
        report.cols(["system", "stack", "date", "status", "connections", "tls_sessions", "files", "problems"])?;
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); lanes.len()];
    for row in report.rows() {
        let lane = lanes.iter().position(|l| *l == format!("{}/{}", text(&row[system]), text(&row[stack])));
        let Some((lane, x)) = lane.zip(dates.iter().position(|d| *d == text(&row[date]))) else { continue };
        let state = match (text(&row[status]).as_str(), num(&row[problems]) > 0.0) {
            ("missing", _) => Status::Missing,
            ("pruned", _) => Status::Pruned,
            (_, true) => Status::Problems,
            _ => Status::Captured,
        };
        let detail = match state {
            Status::Missing | Status::Pruned => String::new(),
            _ => format!(
                ": {} connections, {} TLS sessions, {} files, {} problems",
                text(&row[connections]),
                text(&row[sessions]),
                text(&row[files]),
                text(&row[problems])
            ),
        };
        // What the report says of a day read but not wholly (`TLS connections only`, `cut`, ...).
        let said = match text(&row[status]) {
            word if word == "captured" || detail.is_empty() => String::new(),
            word => format!(" ({word})"),
        };
        let title = format!("{} {}: {}{said}{detail}", lanes[lane], dates[x], state.word());
        // Days in a row with the same status and nothing to tell apart are one cell.
        match cells[lane].last_mut() {
            Some(last) if last.status == state && state != Status::Problems && last.start + last.days == x => {
                last.days += 1;
                last.title.push('\n');
                last.title.push_str(&title);
            }
            _ => cells[lane].push(Cell { start: x, days: 1, status: state, title }),
        }
    }
    let not_ingested = report.rows().iter().find(|r| text(&r[status]) == "not ingested");
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::grid(&lanes, dates, &cells))
                figcaption {
                    span class="key captured" { "✓" } " captured "
                    span class="key problems" { "!" } " captured, with problems in its files "
                    span class="key missing" { "–" } " missing (no capture between the stack's first and last date) "
                    span class="key pruned" { "p" } " pruned (captured, its facts deleted by ttlsinv prune; its summaries count it)"
                    @if let Some(row) = not_ingested {
                        ". " strong { (text(&row[files])) " files could not be ingested at all" } " (" (text(&row[problems])) " problems: see the ingest_problems table)"
                    }
                }
            }
        },
        numbers: html! {
            (table(&report, &[]))
        },
    })
}

/// Part 9: What policy allows that no connection negotiated: what can be switched off.
pub fn allowed_not_used(inputs: &Inputs) -> Result<Drawn, Missing> {
    let report = inputs.report("allowed-not-used");
    let [system, stack, grade] = report.cols(["system", "stack", "grade"])?;
    let mut counts: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut grades = BTreeSet::new();
    for row in report.rows() {
        let lane = format!("{}/{}", text(&row[system]), text(&row[stack]));
        *counts.entry(lane).or_default().entry(text(&row[grade])).or_default() += 1.0;
        grades.insert(text(&row[grade]));
    }
    // Worst at the bottom of each column.
    let order = ["unknown", "insecure", "weak", "secure", "recommended"];
    let mut ordered: Vec<String> = grades.into_iter().collect();
    ordered.sort_by_key(|g| order.iter().position(|o| o == g).unwrap_or(order.len()));
    let xs: Vec<String> = counts.keys().cloned().collect();
    let columns: Vec<Vec<Segment>> = counts
        .iter()
        .map(|(lane, by_grade)| {
            ordered
                .iter()
                .filter_map(|g| {
                    let value = *by_grade.get(g)?;
                    Some(Segment {
                        series: g.clone(),
                        colour: chart::grade_colour(g),
                        value,
                        title: format!(
                            "{lane}: {value} {g} protocols, cipher suites or groups allowed but never negotiated"
                        ),
                    })
                })
                .collect()
        })
        .collect();
    let legend: Vec<(String, &str)> = ordered.iter().map(|g| (g.clone(), chart::grade_colour(g))).collect();
    Ok(Drawn {
        chart: html! {
            figure {
                (chart::stacked_columns(&xs, &columns, "allowed, never negotiated", 180.0))
                figcaption { (swatches(&legend)) " Per system and stack: protocols, cipher suites and key share groups that its rules allow and no connection negotiated, by grade. Weakest first in the table." }
            }
        },
        numbers: html! {
            (table(&report, &[]))
        },
    })
}

/// A column name that may wrap after its underscores (narrow printed tables).
fn breakable(name: &str) -> Markup {
    html! {
        @for (i, part) in name.split('_').enumerate() {
            @if i > 0 { "_" wbr; }
            (part)
        }
    }
}

/// A legend of colour swatches, each with its name.
fn swatches(items: &[(String, &str)]) -> Markup {
    html! {
        @for (label, colour) in items {
            span class="swatch" { span class="chip" style=(format!("background:{colour}")) {} (label) } " "
        }
    }
}

/// A legend of lines (solid or dashed), each with its name.
fn line_legend(items: &[(String, &str, bool)]) -> Markup {
    html! {
        @for (label, colour, dashed) in items {
            span class="swatch" {
                span class="stroke" style=(format!("border-top:3px {} {colour}", if *dashed { "dashed" } else { "solid" })) {}
                (label)
            } " "
        }
    }
}

/// The first rows of a report, in every column but `hidden` (so columns a
/// report gains show up), numbers right-aligned.
fn table(report: &Report<'_>, hidden: &[&str]) -> Markup {
    let shown: Vec<(&str, usize)> = report
        .rows
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !hidden.contains(&c.as_str()))
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let rows = report.rows();
    html! {
        @if rows.is_empty() {
            p class="empty" { "The " code { (report.name) } " report has no rows for this period." }
        } @else {
            div class="table" {
                table data-report=(report.name) {
                    thead { tr { @for (name, _) in &shown { th { (breakable(name)) } } } }
                    tbody {
                        @for row in rows.iter().take(TABLE_ROWS) {
                            tr {
                                @for (_, i) in &shown {
                                    @match &row[*i] {
                                        Value::Integer(_) | Value::Real(_) => td class="n" { (text(&row[*i])) },
                                        value => td { (text(value)) },
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if rows.len() > TABLE_ROWS {
                p class="more" { "First " (TABLE_ROWS) " of " (rows.len()) " rows: the whole report is " code { "ttlsinv report " (report.name) } " with the same filters." }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    /// Review 14a F9's shares: 3 557 500 of 3 559 021 bytes protected is
    /// 99.957 %, 41 000 of 250 066 000 is 0.016 %: neither all nor none.
    #[test]
    fn a_share_is_never_rounded_to_all_or_none_when_it_is_neither() {
        assert_eq!(percent(3_557_500.0 / 3_559_021.0), "> 99.9 %");
        assert_eq!(percent(41_000.0 / 250_066_000.0), "< 0.1 %");
        assert_eq!(percent(1.0), "100.0 %");
        assert_eq!(percent(0.0), "0.0 %");
        assert_eq!(percent(0.9994), "99.9 %");
        assert_eq!(percent(0.0006), "0.1 %");
        assert_eq!(percent(0.5), "50.0 %");
    }
}
