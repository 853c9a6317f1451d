//! The five kinds of chart the HTML report draws, as inline SVG written
//! with maud (which escapes every label and tooltip, so capture text such
//! as job names cannot become markup).
//!
//! Hand-written rather than a chart crate: the charts are a few rectangles,
//! lines and texts each, a chart crate would add minutes of compile time on
//! small machines, and here every mark can carry its number in a `<title>`
//! tooltip and in `data-*` attributes that the tests read back.
//!
//! Every chart is one `<svg>` with a `viewBox`, so it scales to the page
//! and to print. Text and grid lines take their colour from CSS (light and
//! dark mode); series colours are the Okabe-Ito palette, safe for colour
//! blindness, and every series is also named in text.

use maud::{html, Markup};

/// Okabe and Ito's colour-blind-safe palette, without black (unreadable in
/// dark mode), for series that are not grades (systems).
pub const SERIES: [&str; 7] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];

/// The colour of a grade (the scale of `grades`): blues for good, orange and
/// vermillion for bad, grey for unknown. Always shown with the grade's name.
pub fn grade_colour(grade: &str) -> &'static str {
    match grade {
        "recommended" => "#0072B2",
        "secure" => "#56B4E9",
        "weak" => "#E69F00",
        "insecure" => "#D55E00",
        _ => "#999999",
    }
}

/// Text colour that reads on a fill of `colour`: dark on the light colours
/// of the palette, white on the dark ones.
fn ink(colour: &str) -> &'static str {
    match colour {
        "#56B4E9" | "#E69F00" | "#F0E442" | "#999999" => "#1b1d21",
        _ => "#ffffff",
    }
}

/// Width of every chart's coordinate system; the page scales it.
const WIDTH: f64 = 860.0;

/// At most this many labels along a date axis.
const DATE_LABELS: usize = 8;

/// A point of a line: a share from 0 to 1.
#[derive(Debug, Clone)]
pub struct Point {
    pub value: f64,
    pub title: String,
}

/// One line of a line chart, a point (or a gap) per x value.
#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub colour: &'static str,
    pub dashed: bool,
    pub points: Vec<Option<Point>>,
}

/// Shares (0 to 100 %) over dates, a line per series, labelled at its end.
pub fn share_lines(xs: &[String], lines: &[Line]) -> Markup {
    let plot = Plot::new(220.0, 50.0, 150.0);
    let x = |i: usize| plot.x_centre(i, xs.len());
    let y = |v: f64| plot.bottom() - v.clamp(0.0, 1.0) * plot.height;
    // Each line is named at its last point, the names moved apart so they never overlap.
    let mut ends: Vec<(&str, (usize, f64))> = lines
        .iter()
        .filter_map(|l| {
            let (i, point) = l.points.iter().enumerate().rev().find_map(|(i, p)| Some((i, p.as_ref()?)))?;
            Some((l.label.as_str(), (i, y(point.value))))
        })
        .collect();
    ends.sort_by(|a, b| a.1 .1.total_cmp(&b.1 .1));
    let spread = spread(&ends.iter().map(|e| e.1 .1).collect::<Vec<_>>(), 14.0);
    for (end, at) in ends.iter_mut().zip(spread) {
        end.1 .1 = at;
    }
    html! {
        svg class="chart" viewBox=(plot.view_box()) role="img" {
            g class="grid" {
                @for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
                    line x1=(n(plot.left)) x2=(n(plot.right())) y1=(n(y(tick))) y2=(n(y(tick))) {}
                    text x=(n(plot.left - 6.0)) y=(n(y(tick) + 4.0)) text-anchor="end" { (format!("{:.0} %", tick * 100.0)) }
                }
            }
            (date_axis(&plot, xs))
            @for line in lines {
                g class="series" {
                    @for run in runs(&line.points) {
                        polyline fill="none" stroke=(line.colour) stroke-width="2.5"
                            stroke-dasharray=[line.dashed.then_some("7 4")]
                            points=(run.iter().map(|&(i, v)| format!("{},{}", n(x(i)), n(y(v)))).collect::<Vec<_>>().join(" ")) {}
                    }
                    @for (i, point) in line.points.iter().enumerate() {
                        @if let Some(point) = point {
                            circle cx=(n(x(i))) cy=(n(y(point.value))) r="4" fill=(line.colour)
                                data-series=(line.label) data-x=(xs[i]) data-value=(point.value) {
                                title { (point.title) }
                            }
                        }
                    }
                }
            }
            @for (label, (i, at)) in &ends {
                text class="label" x=(n(x(*i) + 8.0)) y=(n(at + 4.0)) { (label) }
            }
        }
    }
}

/// Positions at least `gap` apart, each as near its wish as that allows:
/// labels that would overlap form a cluster centred on their wishes
/// (`wishes` sorted).
fn spread(wishes: &[f64], gap: f64) -> Vec<f64> {
    // (first index, labels, position of the first)
    let mut clusters: Vec<(usize, usize, f64)> = Vec::new();
    for (i, &wish) in wishes.iter().enumerate() {
        clusters.push((i, 1, wish));
        while let [.., (first, count, top), last] = clusters[..] {
            if top + count as f64 * gap <= last.2 {
                break;
            }
            clusters.pop();
            let count = count + last.1;
            let mean = wishes[first..first + count].iter().sum::<f64>() / count as f64;
            *clusters.last_mut().expect("two clusters were there") =
                (first, count, mean - (count - 1) as f64 * gap / 2.0);
        }
    }
    clusters.iter().flat_map(|&(_, count, top)| (0..count).map(move |k| top + k as f64 * gap)).collect()
}

/// The stretches of consecutive points, so a missing date breaks the line.
fn runs(points: &[Option<Point>]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut previous = None;
    for (i, point) in points.iter().enumerate() {
        if let Some(point) = point {
            match runs.last_mut() {
                Some(run) if previous == Some(i.wrapping_sub(1)) => run.push((i, point.value)),
                _ => runs.push(vec![(i, point.value)]),
            }
            previous = Some(i);
        }
    }
    runs
}

/// One part of a stacked column.
#[derive(Debug, Clone)]
pub struct Segment {
    pub series: String,
    pub colour: &'static str,
    pub value: f64,
    pub title: String,
}

/// Columns of stacked segments, a column per x value, bottom to top in the
/// order given; a segment tall enough carries its series' name.
pub fn stacked_columns(xs: &[String], columns: &[Vec<Segment>], unit: &str, height: f64) -> Markup {
    let plot = Plot::new(height, 70.0, 40.0);
    let total = |c: &Vec<Segment>| c.iter().map(|s| s.value).sum::<f64>();
    let scale = Scale::new(columns.iter().map(total).fold(0.0, f64::max));
    let slot = plot.width / xs.len().max(1) as f64;
    let bar = (slot * 0.7).min(80.0);
    let y = |v: f64| plot.bottom() - v / scale.top * plot.height;
    html! {
        svg class="chart" viewBox=(plot.view_box()) role="img" {
            (scale.axis(&plot, unit))
            (date_axis(&plot, xs))
            @for (i, column) in columns.iter().enumerate() {
                @let left = plot.x_centre(i, xs.len()) - bar / 2.0;
                @for (base, segment) in stack(column) {
                    @let top = y(base + segment.value);
                    @let height = y(base) - top;
                    g data-series=(segment.series) data-x=(xs[i]) data-value=(segment.value) {
                        rect x=(n(left)) y=(n(top)) width=(n(bar)) height=(n(height)) fill=(segment.colour) class="mark" {
                            title { (segment.title) }
                        }
                        @if height >= 14.0 && bar >= 8.0 * segment.series.len() as f64 * 0.75 {
                            text class="inside" style=(format!("fill:{}", ink(segment.colour))) x=(n(left + bar / 2.0)) y=(n(top + height / 2.0 + 4.0)) text-anchor="middle" { (segment.series) }
                        }
                    }
                }
            }
        }
    }
}

/// Each segment with the sum of those below it.
fn stack(column: &[Segment]) -> Vec<(f64, &Segment)> {
    let mut base = 0.0;
    column
        .iter()
        .filter(|s| s.value > 0.0)
        .map(|s| {
            let below = base;
            base += s.value;
            (below, s)
        })
        .collect()
}

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub value: f64,
    pub colour: &'static str,
    /// Printed after the bar: the number and what the colour means.
    pub text: String,
    pub title: String,
}

/// A column of bars that share a scale, under a heading.
#[derive(Debug, Clone)]
pub struct Measure {
    pub heading: String,
    pub bars: Vec<Bar>,
}

/// Horizontal bars, a row per label, a column of bars per measure (each
/// measure its own scale, its numbers printed beside the bars).
pub fn bars(labels: &[String], measures: &[Measure]) -> Markup {
    const ROW: f64 = 22.0;
    const LABEL: f64 = 320.0;
    /// Width of a character of the 11 px labels, near enough to keep text inside the chart.
    const CHAR: f64 = 6.8;
    let height = ROW * labels.len() as f64 + 30.0;
    let column = (WIDTH - LABEL - 10.0) / measures.len().max(1) as f64;
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {}", n(height))) role="img" {
            @for (m, measure) in measures.iter().enumerate() {
                @let left = LABEL + m as f64 * column;
                @let top_value = measure.bars.iter().map(|b| b.value).fold(0.0, f64::max);
                @let longest = measure.bars.iter().map(|b| b.text.chars().count()).max().unwrap_or(0);
                @let text_room = (longest as f64 * CHAR + 10.0).min(column * 0.7);
                text class="heading" x=(n(left)) y="16" { (measure.heading) }
                @for (i, bar) in measure.bars.iter().enumerate() {
                    @let y = 26.0 + i as f64 * ROW;
                    @let length = if top_value > 0.0 { bar.value / top_value * (column - text_room - 10.0) } else { 0.0 };
                    g data-series=(measure.heading) data-x=(labels[i]) data-value=(bar.value) {
                        rect x=(n(left)) y=(n(y)) width=(n(length.max(1.0))) height=(n(ROW - 6.0)) fill=(bar.colour) class="mark" {
                            title { (bar.title) }
                        }
                        text class="small" x=(n(left + length.max(1.0) + 5.0)) y=(n(y + 12.5)) { (clip(&bar.text, ((text_room - 10.0) / CHAR).round() as usize)) }
                    }
                }
            }
            @for (i, label) in labels.iter().enumerate() {
                text class="small" x=(n(LABEL - 8.0)) y=(n(26.0 + i as f64 * ROW + 12.5)) text-anchor="end" { (clip(label, ((LABEL - 12.0) / CHAR).round() as usize)) }
            }
        }
    }
}

/// What a coverage cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Captured,
    Problems,
    Missing,
    Pruned,
}

impl Status {
    /// The word the report and the legend use.
    pub fn word(self) -> &'static str {
        match self {
            Status::Captured => "captured",
            Status::Problems => "captured, with problems",
            Status::Missing => "missing",
            Status::Pruned => "pruned",
        }
    }

    /// A mark drawn in the cell, so the status does not rest on colour alone.
    fn glyph(self) -> &'static str {
        match self {
            Status::Captured => "✓",
            Status::Problems => "!",
            Status::Missing => "–",
            Status::Pruned => "p",
        }
    }
}

/// A run of days of one row with the same status.
#[derive(Debug, Clone)]
pub struct Cell {
    pub start: usize,
    pub days: usize,
    pub status: Status,
    pub title: String,
}

/// A row per system and stack, a column per date, cells of runs of days.
pub fn grid(rows: &[String], xs: &[String], cells: &[Vec<Cell>]) -> Markup {
    const ROW: f64 = 24.0;
    let plot = Plot { left: 200.0, top: 8.0, width: WIDTH - 220.0, height: ROW * rows.len() as f64 };
    let day = plot.width / xs.len().max(1) as f64;
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {}", n(plot.bottom() + 40.0))) role="img" {
            (date_axis(&plot, xs))
            @for (r, row) in rows.iter().enumerate() {
                @let y = plot.top + r as f64 * ROW;
                text x=(n(plot.left - 8.0)) y=(n(y + 16.0)) text-anchor="end" { (clip(row, 30)) }
                @for cell in &cells[r] {
                    @let x = plot.left + cell.start as f64 * day;
                    @let width = cell.days as f64 * day;
                    g class=(format!("cell {}", cell.status.word().split(',').next().unwrap_or_default()))
                        data-series=(row) data-x=(xs[cell.start]) data-days=(cell.days) data-value=(cell.status.word()) {
                        rect x=(n(x + 1.0)) y=(n(y + 2.0)) width=(n((width - 2.0).max(1.0))) height=(n(ROW - 4.0)) {
                            title { (cell.title) }
                        }
                        @if day >= 14.0 {
                            @for d in 0..cell.days {
                                text x=(n(x + (d as f64 + 0.5) * day)) y=(n(y + 16.0)) text-anchor="middle" { (cell.status.glyph()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How a timeline event is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A downward triangle: security got worse.
    Regression,
    /// A diamond: policy changed.
    Drift,
}

/// Events of one kind in one lane on one date.
#[derive(Debug, Clone)]
pub struct Event {
    pub lane: usize,
    pub x: usize,
    pub marker: Marker,
    pub count: usize,
    pub title: String,
}

/// A lane per system and stack, a column per date, a marker with its count
/// per kind of event and date.
pub fn timeline(lanes: &[String], xs: &[String], events: &[Event]) -> Markup {
    const LANE: f64 = 44.0;
    let plot = Plot { left: 200.0, top: 8.0, width: WIDTH - 220.0, height: LANE * lanes.len() as f64 };
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {}", n(plot.bottom() + 40.0))) role="img" {
            (date_axis(&plot, xs))
            g class="grid" {
                @for (l, lane) in lanes.iter().enumerate() {
                    @let y = plot.top + (l as f64 + 0.5) * LANE;
                    line x1=(n(plot.left)) x2=(n(plot.right())) y1=(n(y)) y2=(n(y)) {}
                    text x=(n(plot.left - 8.0)) y=(n(y + 4.0)) text-anchor="end" { (clip(lane, 30)) }
                }
            }
            @for event in events {
                @let x = plot.x_centre(event.x, xs.len());
                @let y = plot.top + (event.lane as f64 + 0.5) * LANE;
                @let (kind, y) = match event.marker { Marker::Regression => ("regression", y - 8.0), Marker::Drift => ("drift", y + 8.0) };
                g class=(kind) data-series=(lanes[event.lane]) data-x=(xs[event.x]) data-value=(event.count) {
                    @match event.marker {
                        Marker::Regression => {
                            path d=(format!("M{} {}h14l-7 12z", n(x - 7.0), n(y - 7.0))) fill="#D55E00" class="mark" { title { (event.title) } }
                        }
                        Marker::Drift => {
                            path d=(format!("M{} {}l7 7l-7 7l-7-7z", n(x), n(y - 7.0))) fill="#0072B2" class="mark" { title { (event.title) } }
                        }
                    }
                    text x=(n(x + 10.0)) y=(n(y + 4.0)) { (event.count) }
                }
            }
        }
    }
}

/// The drawing area of a chart inside its `viewBox`.
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Plot {
    /// A plot `height` high with room on the left and right for labels.
    fn new(height: f64, left: f64, right: f64) -> Plot {
        Plot { left, top: 24.0, width: WIDTH - left - right, height }
    }

    fn right(&self) -> f64 {
        self.left + self.width
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// The centre of the `i`th of `count` equal slots across the plot.
    fn x_centre(&self, i: usize, count: usize) -> f64 {
        self.left + (i as f64 + 0.5) * self.width / count.max(1) as f64
    }

    /// The whole chart: the plot and the date labels below it.
    fn view_box(&self) -> String {
        format!("0 0 {WIDTH} {}", n(self.bottom() + 40.0))
    }
}

/// Labels under the plot for up to [`DATE_LABELS`] of the dates, evenly spread.
fn date_axis(plot: &Plot, xs: &[String]) -> Markup {
    let step = xs.len().div_ceil(DATE_LABELS).max(1);
    html! {
        g class="axis" {
            @for i in (0..xs.len()).step_by(step) {
                text x=(n(plot.x_centre(i, xs.len()))) y=(n(plot.bottom() + 18.0)) text-anchor="middle" { (xs[i]) }
            }
        }
    }
}

/// A vertical scale from 0 to a round number at or above the largest value.
struct Scale {
    top: f64,
    step: f64,
}

impl Scale {
    fn new(largest: f64) -> Scale {
        if largest <= 0.0 {
            return Scale { top: 1.0, step: 1.0 };
        }
        let magnitude = 10f64.powf(largest.log10().floor());
        let step = [0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
            .iter()
            .map(|f| f * magnitude)
            .find(|s| (largest / s).ceil() <= 5.0)
            .unwrap_or(magnitude * 10.0);
        let step = step.max(1.0);
        Scale { top: (largest / step).ceil() * step, step }
    }

    fn axis(&self, plot: &Plot, unit: &str) -> Markup {
        let ticks = (self.top / self.step).round() as usize;
        html! {
            g class="grid" {
                @for t in 0..=ticks {
                    @let value = t as f64 * self.step;
                    @let y = plot.bottom() - value / self.top * plot.height;
                    line x1=(n(plot.left)) x2=(n(plot.right())) y1=(n(y)) y2=(n(y)) {}
                    text x=(n(plot.left - 6.0)) y=(n(y + 4.0)) text-anchor="end" { (count(value)) }
                }
                text x="0" y="12" class="unit" { (unit) }
            }
        }
    }
}

/// A coordinate with one decimal at most, so the file stays small.
fn n(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A whole number with thin spaces between thousands: `12 345 678`.
pub fn count(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    if value < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// A label cut to `max` characters, with an ellipsis (the tooltip and the
/// table have it whole).
fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max.saturating_sub(1)).chain(['…']).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_end_on_a_round_number_at_or_above_the_largest_value() {
        let cases = [(0.0, 1.0), (1.0, 1.0), (7.0, 8.0), (12.0, 15.0), (31.0, 40.0), (980.0, 1000.0)];
        for (largest, top) in cases {
            assert_eq!(Scale::new(largest).top, top, "largest {largest}");
        }
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0.0), "0");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(1234.0), "1\u{202F}234");
        assert_eq!(count(12345678.0), "12\u{202F}345\u{202F}678");
    }

    #[test]
    fn a_gap_breaks_a_line_into_runs() {
        let p = |v| Some(Point { value: v, title: String::new() });
        let runs = runs(&[p(0.1), p(0.2), None, p(0.4), None, None, p(0.7)]);
        assert_eq!(runs, vec![vec![(0, 0.1), (1, 0.2)], vec![(3, 0.4)], vec![(6, 0.7)]]);
    }

    #[test]
    fn end_labels_are_moved_apart_only_when_they_would_overlap() {
        assert_eq!(spread(&[10.0, 50.0, 100.0], 14.0), vec![10.0, 50.0, 100.0]);
        // 100 and 105 collide: centred on 102.5, 14 apart; 10 stays.
        assert_eq!(spread(&[10.0, 100.0, 105.0], 14.0), vec![10.0, 95.5, 109.5]);
        // Three at 50: centred on 50.
        assert_eq!(spread(&[50.0, 50.0, 50.0], 10.0), vec![40.0, 50.0, 60.0]);
    }

    #[test]
    fn labels_are_clipped_with_an_ellipsis() {
        assert_eq!(clip("TN3270A", 10), "TN3270A");
        assert_eq!(clip("ABCDEFGHIJ", 5), "ABCD…");
        assert_eq!(clip("AB", 0), "…");
    }
}
