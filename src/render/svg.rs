//! An indicator's history as a small, self-contained SVG line chart: the
//! plan's own series, comparators, the target line and SPC process limits
//! (special-cause points in Making Data Count's colours, its icons in the
//! corner, as NHSRplotthedots places them), with labelled axes, a legend,
//! and a title and description for screen readers; and the same series as
//! a word-sized sparkline. No scripts, no web fonts, nothing fetched.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{escape, mdc};
use crate::format;
use crate::plan::Unit;
use crate::report::pack::{Chart, ChartLimits, ChartPoint};
use crate::stats::spc::Variation;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
/// Room on the right for the names of the mean and the process limits.
const RIGHT_LABELLED: f64 = 90.0;
const TOP: f64 = 44.0;
/// The time axis. The plot above it keeps its size whatever the legend
/// below needs: the legend's rows make the chart taller instead.
const AXIS_Y: f64 = 218.0;
const LEGEND_Y: f64 = 258.0;
const LEGEND_ROW: f64 = 18.0;
/// Where text may run to: a small margin inside the chart's edges.
const EDGE: f64 = 8.0;

/// A font stack every platform has, on the root element, so that a chart
/// written as a file of its own reads as it does inside the pack.
const FONTS: &str = "Arial, Helvetica, 'Liberation Sans', sans-serif";

const OWN: &str = "#1f4e79";
const COMPARATORS: [&str; 3] = ["#9c4a00", "#6a3d9a", "#4d4d4d"];
const TARGET: &str = "#00703c";
const LIMITS: &str = "#767676";

/// The advance of a character in an Arial-like font, in ems, by class of
/// character, rounded up a little so that text kept apart by it never
/// touches.
fn advance(c: char) -> f64 {
    let ems = match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | ' ' | 'f' | 't' | 'r'
        | '(' | ')' | '-' | '/' => 0.3,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.85,
        c if c.is_ascii_uppercase() => 0.68,
        c if c.is_ascii_digit() => 0.56,
        c if c.is_ascii() => 0.52,
        // Beyond ASCII: as wide as the widest, to be safe.
        _ => 0.85,
    };
    ems * 1.05
}

/// Roughly how wide `text` is at `size` px.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(advance).sum::<f64>() * size
}

/// `text` cut short with an ellipsis to fit `room` px at `size` px.
fn fitted(text: &str, size: f64, room: f64) -> String {
    if text_width(text, size) <= room {
        return text.to_string();
    }
    let room = room - advance('…') * size;
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += advance(c) * size;
        if used > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Rounds a tick step to 1, 2 or 5 times a power of ten.
fn nice_step(range: f64, ticks: f64) -> f64 {
    let raw = (range / ticks).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The largest magnitude a chart lays out: beyond it, differences between
/// figures (the axis's span, its padding) would overflow to infinity.
const PLOTTED: f64 = 1e300;

/// A value as the chart lays it out: clamped to +-[`PLOTTED`].
fn plotted(v: f64) -> f64 {
    v.clamp(-PLOTTED, PLOTTED)
}

struct Scale {
    x0: NaiveDate,
    days: f64,
    y0: f64,
    y1: f64,
    right: f64,
}

impl Scale {
    fn x(&self, d: NaiveDate) -> f64 {
        LEFT + (d - self.x0).num_days() as f64 / self.days * (WIDTH - LEFT - self.right)
    }

    /// Where a value is drawn: clamped to the range the axis is laid out
    /// in, so that every coordinate is finite (NaN at the axis).
    fn y(&self, v: f64) -> f64 {
        let v = if v.is_nan() { self.y0 } else { plotted(v) };
        TOP + (self.y1 - v) / (self.y1 - self.y0) * (AXIS_Y - TOP)
    }
}

/// The value axis: from `y0` to `y1` in ticks of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    y0: f64,
    y1: f64,
    step: f64,
}

/// Every figure the chart draws, process limits aside.
fn figures(c: &Chart) -> impl Iterator<Item = f64> + '_ {
    c.own
        .points
        .iter()
        .chain(c.comparators.iter().flat_map(|s| &s.points))
        .chain(&c.target)
        .map(|p| p.value)
        .chain(c.target_level)
        .filter(|v| !v.is_nan())
}

/// Whether a lower process limit below the axis is left off the chart:
/// for figures that are never negative the axis stops at zero, and a limit
/// below it is a value the measure cannot take.
fn clipped_lower(l: &ChartLimits, axis: Axis) -> bool {
    l.lower < axis.y0
}

/// The least span of values a chart's height stands for, so that a small
/// change is drawn small: 10 percentage points for a percentage, else a
/// tenth of the largest figure's size (docs/decisions.md, "Charts that do
/// not mislead").
fn least_span(c: &Chart, lo: f64, hi: f64) -> f64 {
    match c.unit {
        Unit::Percent => 10.0,
        _ => 0.1 * lo.abs().max(hi.abs()),
    }
}

/// `lo..hi` widened about its middle to at least `least`, kept at or above
/// zero for figures that never go below it.
fn widened(lo: f64, hi: f64, least: f64, never_negative: bool) -> (f64, f64) {
    if hi - lo >= least {
        return (lo, hi);
    }
    let mid = (lo + hi) / 2.0;
    let (lo, hi) = (mid - least / 2.0, mid + least / 2.0);
    if never_negative && lo < 0.0 {
        (0.0, hi - lo)
    } else {
        (lo, hi)
    }
}

/// The value axis: padded a tenth beyond the figures and limits, rounded
/// to its ticks, never below zero for figures that never are, and never so
/// short that a small change fills the chart.
fn value_axis(c: &Chart) -> Axis {
    if !c.scale.is_empty() {
        // A grade's axis is its whole scale, one gridline per word.
        return Axis {
            y0: 0.5,
            y1: c.scale.len() as f64 + 0.5,
            step: 1.0,
        };
    }
    let never_negative = figures(c).all(|v| v >= 0.0);
    let mut values: Vec<f64> = figures(c).collect();
    if let Some(l) = c.limits {
        values.extend([l.upper, l.mean]);
        if !never_negative || l.lower >= 0.0 {
            values.push(l.lower);
        }
    }
    let values: Vec<f64> = values
        .into_iter()
        .filter(|v| !v.is_nan())
        .map(plotted)
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let (lo, hi) = widened(lo, hi, least_span(c, lo, hi), never_negative);
    let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let step = nice_step(span * 1.2, 4.0);
    let mut y0 = ((lo - span * 0.1) / step).floor() * step;
    if never_negative {
        y0 = y0.max(0.0);
    }
    let y1 = ((hi + span * 0.1) / step).ceil() * step;
    Axis {
        y0,
        y1: if y1 > y0 { y1 } else { y0 + step },
        step,
    }
}

/// A number on the value axis or beside a line. A rate's "per 100,000" is
/// said once, above the axis, not at every tick.
fn axis_number(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Rate => format::grouped(format::computed(x)),
        _ => format::value(x, unit, None),
    }
}

/// What the value axis counts in, where its numbers do not say: a rate's
/// "per 100,000".
fn axis_caption(c: &Chart) -> Option<String> {
    (c.unit == Unit::Rate).then(|| format!("per {}", format::grouped(c.per.unwrap_or(100_000.0))))
}

/// The period labels to show on the time axis, as (tick, centre of text,
/// label): the first and the last always, and between them every k-th,
/// with k the smallest stride at which no two labels overlap. Labels near
/// an edge are moved inwards to stay inside the chart.
fn time_labels<'a>(s: &Scale, points: &'a [ChartPoint]) -> Vec<(f64, f64, &'a str)> {
    const SIZE: f64 = 10.0;
    const GAP: f64 = 8.0;
    let placed: Vec<(f64, f64, f64, &str)> = points
        .iter()
        .map(|p| {
            let x = s.x(p.day);
            let half = text_width(&p.label, SIZE) / 2.0;
            let centre = x.clamp(EDGE + half, (WIDTH - EDGE - half).max(EDGE + half));
            (x, centre, half, p.label.as_str())
        })
        .collect();
    let clear = |a: usize, b: usize| {
        let (l, r) = (placed[a], placed[b]);
        l.1 + l.2 + GAP <= r.1 - r.2
    };
    let n = placed.len();
    if n == 0 {
        return Vec::new();
    }
    let stride = (1..n)
        .find(|&k| (k..n).step_by(k).all(|i| clear(i - k, i)))
        .unwrap_or(n);
    let mut kept: Vec<usize> = (0..n).step_by(stride.max(1)).collect();
    if kept.last() != Some(&(n - 1)) {
        // The latest period is the one a board asks about: it displaces
        // any label it would overlap, except the first.
        while kept.len() > 1 && kept.last().is_some_and(|&k| !clear(k, n - 1)) {
            kept.pop();
        }
        kept.push(n - 1);
    }
    kept.into_iter()
        .map(|i| (placed[i].0, placed[i].1, placed[i].3))
        .collect()
}

/// How a legend entry shows its line or points.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sample {
    Line(&'static str),
    Dot,
}

struct LegendEntry {
    name: String,
    colour: &'static str,
    sample: Sample,
}

const SAMPLE: f64 = 22.0;
const LEGEND_TEXT: f64 = 11.0;

/// Entries laid out in rows within the chart's width, as (x, row): an
/// entry that would run past the right edge starts a new row.
fn legend_layout(entries: &[LegendEntry]) -> Vec<(f64, usize)> {
    let mut out = Vec::new();
    let (mut x, mut row) = (LEFT, 0);
    for e in entries {
        let width = SAMPLE + 5.0 + text_width(&e.name, LEGEND_TEXT);
        if x > LEFT && x + width > WIDTH - EDGE {
            x = LEFT;
            row += 1;
        }
        out.push((x, row));
        x += width + 16.0;
    }
    out
}

/// The most characters a legend name may have to fit a row of its own.
fn legend_name(name: &str) -> String {
    fitted(name, LEGEND_TEXT, WIDTH - EDGE - LEFT - SAMPLE - 5.0)
}

fn polyline(
    s: &Scale,
    points: &[ChartPoint],
    colour: &str,
    dash: Option<&str>,
    width: f64,
) -> String {
    let coords: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", s.x(p.day), s.y(p.value)))
        .collect();
    let dash = dash
        .map(|d| format!(" stroke-dasharray=\"{d}\""))
        .unwrap_or_default();
    format!(
        "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash} \
         points=\"{}\"/>",
        coords.join(" ")
    )
}

/// A series' line, broken wherever a period is missing.
fn broken_line(
    s: &Scale,
    points: &[ChartPoint],
    colour: &str,
    dash: Option<&str>,
    width: f64,
) -> String {
    runs(points)
        .into_iter()
        .filter(|run| run.len() > 1)
        .map(|run| polyline(s, run, colour, dash, width))
        .collect()
}

/// The kinds of special cause, in the order the legend and description
/// name them.
const SPECIAL: [(&str, &str); 3] = [
    ("improvement", mdc::IMPROVEMENT),
    ("concern", mdc::CONCERN),
    ("neutral", mdc::NEUTRAL),
];

fn special_kind(v: Variation) -> Option<&'static str> {
    match v {
        Variation::CommonCause => None,
        Variation::Improvement(_) => Some("improvement"),
        Variation::Concern(_) => Some("concern"),
        Variation::Neutral(_) => Some("neutral"),
    }
}

/// `Apr 2024`, `Apr 2024 and May 2024`, `Apr 2024, May 2024 and Jun 2024`.
fn listed(labels: &[&str]) -> String {
    match labels {
        [] => String::new(),
        [only] => (*only).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A sentence a screen reader can read in place of the chart.
pub fn description(c: &Chart) -> String {
    let v = |x: f64| format::figure(x, c.unit, c.per, &c.scale);
    let own = &c.own.points;
    let mut text = match (own.first(), own.last()) {
        (Some(first), Some(last)) if own.len() > 1 => format!(
            "{}: {} figures, from {} in {} to {} in {}.",
            c.own.name,
            own.len(),
            v(first.value),
            first.label,
            v(last.value),
            last.label
        ),
        (Some(only), _) => format!("{}: {} in {}.", c.own.name, v(only.value), only.label),
        _ => String::new(),
    };
    for w in own.windows(2).filter(|w| w[1].gap_before) {
        let _ = write!(
            text,
            " No figures between {} and {}.",
            w[0].label, w[1].label
        );
    }
    if let Some(t) = c.target.last() {
        let _ = write!(text, " Target {} by {}.", v(t.value), t.label);
    } else if let Some(level) = c.target_level {
        let _ = write!(text, " Target {}.", target_words(c, level));
    }
    for s in &c.comparators {
        if let Some(last) = s.points.last() {
            let _ = write!(text, " {}: {} in {}.", s.name, v(last.value), last.label);
        }
    }
    if let Some(l) = c.limits {
        let _ = write!(
            text,
            " Process limits {} to {} around a mean of {}.",
            v(format::computed(l.lower)),
            v(format::computed(l.upper)),
            v(format::computed(l.mean))
        );
        for (kind, _) in SPECIAL {
            let labels: Vec<&str> = own
                .iter()
                .filter(|p| p.variation.and_then(special_kind) == Some(kind))
                .map(|p| p.label.as_str())
                .collect();
            match labels.len() {
                0 => {}
                n @ 1..=4 => {
                    let _ = write!(
                        text,
                        " Special cause {kind} at {} point{}: {}.",
                        n,
                        if n == 1 { "" } else { "s" },
                        listed(&labels)
                    );
                }
                n => {
                    let _ = write!(
                        text,
                        " Special cause {kind} at {n} points, between {} and {}.",
                        labels[0],
                        labels[n - 1]
                    );
                }
            }
        }
        let latest = if l.no_variation {
            "no variation".to_string()
        } else {
            match l.variation {
                Variation::CommonCause => "common cause variation".into(),
                special => special.words(),
            }
        };
        let _ = write!(text, " Latest point: {latest}.");
        if let Some(a) = l.assurance {
            let _ = write!(text, " Assurance against the target: {}.", a.words());
        }
    }
    text
}

/// The chart as an `<svg>` element: inline in HTML, or `standalone` as a
/// file of its own (which needs the SVG namespace declared).
pub fn chart(c: &Chart, standalone: bool) -> String {
    let Some((x0, x1)) = time_span(c) else {
        return String::new();
    };
    let grade = !c.scale.is_empty();
    let axis = value_axis(c);
    let s = Scale {
        x0,
        days: (x1 - x0).num_days().max(1) as f64,
        y0: axis.y0,
        y1: axis.y1,
        right: if c.limits.is_some() {
            RIGHT_LABELLED
        } else {
            RIGHT
        },
    };
    let legend = legend_entries(c);
    let placed = legend_layout(&legend);
    let rows = placed.last().map_or(1, |(_, row)| row + 1);
    let height = LEGEND_Y + rows as f64 * LEGEND_ROW + 6.0;
    let mut out = String::new();
    heading(&mut out, c, standalone, height);
    value_gridlines(&mut out, c, &s, axis);
    time_axis(&mut out, c, &s);
    if let Some(l) = c.limits {
        process_limits(&mut out, c, &s, axis, l);
    }
    targets(&mut out, c, &s);
    series(&mut out, c, &s, grade);
    legend_keys(&mut out, &legend, placed);
    out.push_str("</svg>");
    out
}

/// The first and last day the chart spans, padded a little either side
/// (half a year each side of a single day); none without a point.
fn time_span(c: &Chart) -> Option<(NaiveDate, NaiveDate)> {
    let mut days: Vec<NaiveDate> = c.own.points.iter().map(|p| p.day).collect();
    days.extend(
        c.comparators
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.day)),
    );
    days.extend(c.target.iter().map(|p| p.day));
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return None;
    };
    Some(if first == last {
        (
            first - chrono::Days::new(180),
            last + chrono::Days::new(180),
        )
    } else {
        let pad = chrono::Days::new(((last - first).num_days() / 20).max(1) as u64);
        (first - pad, last + pad)
    })
}

/// The SVG element with its title and description, the MDC icons top
/// right, the title and the value axis's caption.
fn heading(out: &mut String, c: &Chart, standalone: bool, height: f64) {
    let id = escape(&c.id);
    let _ = write!(
        out,
        "<svg{} viewBox=\"0 0 {WIDTH} {height}\" font-family=\"{FONTS}\" role=\"img\" \
         aria-labelledby=\"chart-{id}-title chart-{id}-desc\" class=\"chart\">\
         <title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>\
         <rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>",
        if standalone {
            " xmlns=\"http://www.w3.org/2000/svg\""
        } else {
            ""
        },
        escape(&c.title),
        escape(&description(c))
    );
    // The MDC icons sit top right, as Making Data Count's charts place them.
    let mut icons: Vec<String> = Vec::new();
    if let Some(l) = c.limits {
        icons.push(mdc::variation_icon_for(l.variation, l.no_variation));
        icons.extend(l.assurance.map(mdc::assurance_icon));
    }
    for (k, icon) in icons.iter().enumerate() {
        let x = WIDTH - EDGE - 28.0 - 32.0 * (icons.len() - 1 - k) as f64;
        let _ = write!(out, "<g transform=\"translate({x:.0},6)\">{icon}</g>");
    }
    let title_room = WIDTH - LEFT - EDGE - 32.0 * icons.len() as f64;
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"20\" font-size=\"13\" font-weight=\"bold\" \
         fill=\"#1a1a1a\">{}</text>",
        escape(&fitted(&c.title, 13.0 * 1.08, title_room))
    );
    if let Some(caption) = axis_caption(c) {
        let _ = write!(
            out,
            "<text x=\"{EDGE}\" y=\"{:.0}\" font-size=\"11\" fill=\"#333333\">{}</text>",
            TOP - 8.0,
            escape(&caption)
        );
    }
}

/// The time axis: its line, and a tick and label per period shown.
fn time_axis(out: &mut String, c: &Chart, s: &Scale) {
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{AXIS_Y}\" y2=\"{AXIS_Y}\" stroke=\"#333333\"/>",
        WIDTH - s.right
    );
    for (tick, centre, label) in time_labels(s, &c.own.points) {
        let _ = write!(
            out,
            "<line x1=\"{tick:.1}\" x2=\"{tick:.1}\" y1=\"{AXIS_Y}\" y2=\"{:.1}\" \
             stroke=\"#333333\"/>\
             <text x=\"{centre:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" \
             fill=\"#333333\">{}</text>",
            AXIS_Y + 4.0,
            AXIS_Y + 16.0,
            escape(label)
        );
    }
}

/// The comparators' dashed lines and open circles, then the area's own
/// line and points, each point coloured by its SPC variation.
fn series(out: &mut String, c: &Chart, s: &Scale, grade: bool) {
    for (i, series) in c.comparators.iter().enumerate() {
        let colour = COMPARATORS[i % COMPARATORS.len()];
        out.push_str(&broken_line(
            s,
            &line(&series.points, grade),
            colour,
            Some("3 3"),
            2.0,
        ));
        for p in &series.points {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#ffffff\" \
                 stroke=\"{colour}\" stroke-width=\"2\"/>",
                s.x(p.day),
                s.y(p.value)
            );
        }
    }
    out.push_str(&broken_line(s, &line(&c.own.points, grade), OWN, None, 2.5));
    for p in &c.own.points {
        let (cx, cy) = (s.x(p.day), s.y(p.value));
        match p.variation {
            None => {
                let _ = write!(
                    out,
                    "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3.5\" fill=\"{OWN}\"/>"
                );
            }
            // A special-cause point is larger as well as coloured, so
            // that colour is not the only thing marking it out.
            Some(v) => {
                let kind = special_kind(v).unwrap_or("common-cause");
                let r = if special_kind(v).is_some() { 5.5 } else { 3.5 };
                let _ = write!(
                    out,
                    "<circle class=\"spc-{kind}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r}\" \
                     fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
                    mdc::colour(v)
                );
            }
        }
    }
}

/// The legend: a sample line or dot and the name of each entry.
fn legend_keys(out: &mut String, legend: &[LegendEntry], placed: Vec<(f64, usize)>) {
    for (e, (x, row)) in legend.iter().zip(placed) {
        let y = LEGEND_Y + row as f64 * LEGEND_ROW;
        match e.sample {
            Sample::Line(dash) => {
                let _ = write!(
                    out,
                    "<line x1=\"{x:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" \
                     stroke=\"{}\" stroke-width=\"2.5\" stroke-dasharray=\"{dash}\"/>",
                    x + SAMPLE,
                    e.colour
                );
            }
            Sample::Dot => {
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{}\"/>",
                    x + SAMPLE / 2.0,
                    e.colour
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{LEGEND_TEXT}\" fill=\"#1a1a1a\">{}</text>",
            x + SAMPLE + 5.0,
            y + 4.0,
            escape(&e.name)
        );
    }
}

/// Horizontal gridlines, each with its value (or for a grade, its word).
fn value_gridlines(out: &mut String, c: &Chart, s: &Scale, axis: Axis) {
    if !c.scale.is_empty() {
        // Words are too long for the margin: each sits just above its line.
        for (k, word) in c.scale.iter().enumerate() {
            let y = s.y(k as f64 + 1.0);
            let _ = write!(
                out,
                "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#dddddd\"/>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#333333\">{}</text>",
                WIDTH - s.right,
                LEFT + 4.0,
                y - 4.0,
                escape(word)
            );
        }
        return;
    }
    // Counted, not accumulated: near huge values `tick += step` may not move.
    let ticks = ((axis.y1 - axis.y0) / axis.step).round().clamp(0.0, 20.0) as u32;
    for k in 0..=ticks {
        let tick = axis.y0 + f64::from(k) * axis.step;
        let y = s.y(tick);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#dddddd\"/>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333333\">{}</text>",
            WIDTH - s.right,
            LEFT - 6.0,
            y + 4.0,
            escape(&axis_number(format::computed(tick), c.unit))
        );
    }
}

/// The mean and the process limits over their stretch, each named in the
/// right margin; a lower limit the axis stops short of is named, not drawn.
fn process_limits(out: &mut String, c: &Chart, s: &Scale, axis: Axis, l: ChartLimits) {
    let (xa, xb) = (s.x(l.from), s.x(l.to));
    let clipped = clipped_lower(&l, axis);
    for (value, dash, drawn) in [
        (l.upper, "4 3", true),
        (l.lower, "4 3", !clipped),
        (l.mean, "1 0", true),
    ] {
        if drawn {
            let y = s.y(value);
            let _ = write!(
                out,
                "<line x1=\"{xa:.1}\" x2=\"{xb:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" \
                 stroke=\"{LIMITS}\" stroke-dasharray=\"{dash}\"/>"
            );
        }
    }
    // Each name beside its line where there is room; otherwise moved up
    // until they are a line apart, however close the limits run, the
    // lowest kept above the time axis (a clipped lower limit takes two).
    const APART: f64 = 11.0;
    let lower_lines = if clipped { 2.0 } else { 1.0 };
    let lowest = AXIS_Y - 4.0 - (lower_lines - 1.0) * APART;
    let mut ys = [
        s.y(l.upper),
        s.y(l.mean),
        if clipped { lowest } else { s.y(l.lower) },
    ];
    ys[2] = ys[2].min(lowest);
    for i in (0..2).rev() {
        ys[i] = ys[i].min(ys[i + 1] - APART);
    }
    let [upper_y, mean_y, lower_y] = ys;
    let x = WIDTH - s.right + 6.0;
    let mut label = |y: f64, text: &str| {
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#333333\">{}</text>",
            y + 3.5,
            escape(text)
        );
    };
    label(upper_y, "upper limit");
    label(
        mean_y,
        &format!("mean {}", axis_number(format::computed(l.mean), c.unit)),
    );
    label(lower_y, "lower limit");
    if clipped {
        label(
            lower_y + 11.0,
            &format!("below {}", axis_number(axis.y0, c.unit)),
        );
    }
}

/// The target: a line along baseline, trajectory and target with the
/// target marked, or a level line across the chart.
fn targets(out: &mut String, c: &Chart, s: &Scale) {
    if c.target.len() > 1 {
        out.push_str(&polyline(s, &c.target, TARGET, Some("8 4"), 2.0));
    } else if let Some(t) = c.target.first() {
        // A target with nothing before it: a level line up to its date.
        let y = s.y(t.value);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" \
             stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>",
            s.x(t.day)
        );
    }
    if let Some(t) = c.target.last() {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{TARGET}\"/>",
            s.x(t.day) - 4.0,
            s.y(t.value) - 4.0
        );
    }
    if let Some(level) = c.target_level {
        let y = s.y(level);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" \
             stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>",
            WIDTH - s.right
        );
    }
}

/// A sample of each line and kind of point, and its name.
fn legend_entries(c: &Chart) -> Vec<LegendEntry> {
    let mut legend = vec![LegendEntry {
        name: legend_name(&c.own.name),
        colour: OWN,
        sample: Sample::Line("1 0"),
    }];
    for (i, series) in c.comparators.iter().enumerate() {
        legend.push(LegendEntry {
            name: legend_name(&series.name),
            colour: COMPARATORS[i % COMPARATORS.len()],
            sample: Sample::Line("3 3"),
        });
    }
    if !c.target.is_empty() || c.target_level.is_some() {
        legend.push(LegendEntry {
            name: if c.improve {
                "Target: better than the baseline".into()
            } else {
                "Target".into()
            },
            colour: TARGET,
            sample: Sample::Line("8 4"),
        });
    }
    if c.limits.is_some() {
        legend.push(LegendEntry {
            name: "Mean and process limits".into(),
            colour: LIMITS,
            sample: Sample::Line("4 3"),
        });
    }
    let kinds: Vec<Option<&str>> = c
        .own
        .points
        .iter()
        .filter_map(|p| p.variation.map(special_kind))
        .collect();
    for (kind, colour) in SPECIAL {
        if kinds.contains(&Some(kind)) {
            legend.push(LegendEntry {
                name: format!("Special cause {kind}"),
                colour,
                sample: Sample::Dot,
            });
        }
    }
    if kinds.contains(&None) {
        legend.push(LegendEntry {
            name: "Common cause".into(),
            colour: mdc::COMMON_CAUSE,
            sample: Sample::Dot,
        });
    }
    legend
}

/// The size of a sparkline: a line of text high, a table cell wide.
const SPARK_WIDTH: f64 = 120.0;
const SPARK_HEIGHT: f64 = 28.0;
const SPARK_PAD: f64 = 3.0;

/// The own series as a word-sized chart for a table cell: the line (broken
/// where a period is missing), the latest point marked, and the target
/// level as a faint line. Nothing for fewer than two figures: one figure
/// is no trend.
pub fn sparkline(c: &Chart) -> String {
    let own = &c.own.points;
    let (Some(first), Some(last)) = (own.first(), own.last()) else {
        return String::new();
    };
    if own.len() < 2 {
        return String::new();
    }
    let target = c.target_level.or_else(|| c.target.last().map(|t| t.value));
    let values: Vec<f64> = own
        .iter()
        .map(|p| p.value)
        .chain(target)
        .filter(|v| !v.is_nan())
        .map(plotted)
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let never_negative = values.iter().all(|v| *v >= 0.0);
    let (lo, hi) = widened(lo, hi, least_span(c, lo, hi), never_negative);
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let days = (last.day - first.day).num_days().max(1) as f64;
    let x = |d: NaiveDate| {
        SPARK_PAD + (d - first.day).num_days() as f64 / days * (SPARK_WIDTH - 2.0 * SPARK_PAD)
    };
    let y = |v: f64| {
        let v = if v.is_nan() { lo } else { plotted(v) };
        SPARK_PAD + (hi - v) / (hi - lo) * (SPARK_HEIGHT - 2.0 * SPARK_PAD)
    };
    let words = escape(&sparkline_words(c, target));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" \
         width=\"{SPARK_WIDTH}\" height=\"{SPARK_HEIGHT}\" \
         viewBox=\"0 0 {SPARK_WIDTH} {SPARK_HEIGHT}\" role=\"img\" aria-label=\"{words}\">\
         <title>{words}</title>"
    );
    if let Some(t) = target {
        let ty = y(t);
        let _ = write!(
            out,
            "<line x1=\"0\" x2=\"{SPARK_WIDTH}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" \
             stroke=\"{TARGET}\" stroke-opacity=\"0.5\" stroke-width=\"1\" \
             stroke-dasharray=\"3 2\"/>"
        );
    }
    let drawn = line(own, !c.scale.is_empty());
    let runs = runs(&drawn);
    // A missing period is joined dashed: the line goes on, and says it
    // does not know the way between.
    for pair in runs.windows(2) {
        if let (Some(a), Some(b)) = (pair[0].last(), pair[1].first()) {
            let _ = write!(
                out,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{OWN}\" \
                 stroke-width=\"1\" stroke-dasharray=\"2 2\"/>",
                x(a.day),
                y(a.value),
                x(b.day),
                y(b.value)
            );
        }
    }
    for run in runs {
        if let [only] = run {
            // A figure between two gaps has no line to be part of.
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"{OWN}\"/>",
                x(only.day),
                y(only.value)
            );
            continue;
        }
        let coords: Vec<String> = run
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.day), y(p.value)))
            .collect();
        let _ = write!(
            out,
            "<polyline fill=\"none\" stroke=\"{OWN}\" stroke-width=\"1.5\" \
             stroke-linejoin=\"round\" points=\"{}\"/>",
            coords.join(" ")
        );
    }
    let _ = write!(
        out,
        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{OWN}\"/></svg>",
        x(last.day),
        y(last.value)
    );
    out
}

/// What a sparkline shows, for a screen reader: its first and last
/// figures, its gaps and its target.
fn sparkline_words(c: &Chart, target: Option<f64>) -> String {
    let own = &c.own.points;
    let v = |x: f64| format::figure(x, c.unit, c.per, &c.scale);
    let (Some(first), Some(last)) = (own.first(), own.last()) else {
        return String::new();
    };
    let mut words = format!(
        "trend of {} figures from {} in {} to {} in {}",
        own.len(),
        v(first.value),
        first.label,
        v(last.value),
        last.label
    );
    if own.iter().any(|p| p.gap_before) {
        words.push_str(", with gaps where periods are missing");
    }
    if let Some(t) = target {
        let _ = write!(words, "; target {}", target_words(c, t));
    }
    words
}

/// A target in words: `72%`, or for `improve` what it means.
fn target_words(c: &Chart, level: f64) -> String {
    let figure = format::target(level, c.unit, c.per, &c.scale);
    if c.improve {
        format!("better than the baseline ({figure})")
    } else {
        figure
    }
}

/// A series split where a period is missing, so that no line is drawn
/// across the gap.
fn runs(points: &[ChartPoint]) -> Vec<&[ChartPoint]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, p) in points.iter().enumerate().skip(1) {
        if p.gap_before {
            out.push(&points[start..i]);
            start = i;
        }
    }
    if start < points.len() {
        out.push(&points[start..]);
    }
    out
}

/// The points to draw a series through: as they are, or for a grade a step
/// line (a grade stands until the next inspection; there is nothing between
/// two grades to draw a slope through).
fn line(points: &[ChartPoint], grade: bool) -> Vec<ChartPoint> {
    if !grade {
        return points.to_vec();
    }
    let mut steps: Vec<ChartPoint> = Vec::new();
    for p in points {
        // Across a gap there is no step: the line breaks there.
        if let Some(prev) = steps.last().cloned().filter(|_| !p.gap_before) {
            steps.push(ChartPoint {
                day: p.day,
                gap_before: false,
                ..prev
            });
        }
        steps.push(p.clone());
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn point(label: &str, day: NaiveDate, value: f64) -> ChartPoint {
        ChartPoint::new(label, day, value)
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(10.0, 4.0), 5.0);
        assert_eq!(nice_step(1.3, 4.0), 0.5);
        assert_eq!(nice_step(700.0, 4.0), 200.0);
    }

    #[test]
    fn a_chart_has_a_title_a_description_and_escaped_text() {
        let c = Chart {
            id: "gld".into(),
            title: "<script>alert(1)</script>".into(),
            unit: Unit::Percent,
            per: None,
            scale: Vec::new(),
            own: crate::report::pack::ChartSeries {
                name: "Here & there".into(),
                points: vec![
                    point("2023/24", d(2024, 3, 31), 69.1),
                    point("2024/25", d(2025, 3, 31), 70.4),
                ],
            },
            comparators: Vec::new(),
            target: vec![point("2025/26", d(2026, 3, 31), 72.0)],
            target_level: None,
            improve: false,
            limits: None,
        };
        let svg = chart(&c, false);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<title id=\"chart-gld-title\">&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains(
            "Here &amp; there: 2 figures, from 69.1% in 2023/24 to 70.4% in 2024/25. \
             Target 72% by 2025/26."
        ));
        assert!(svg.contains(">2024/25</text>"));
    }

    fn monthly(values: &[f64]) -> Chart {
        let points = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let first = d(2023, 4, 1)
                    .checked_add_months(chrono::Months::new(i as u32))
                    .expect("month");
                let last = first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|n| n.pred_opt())
                    .expect("month end");
                point(&first.format("%b %Y").to_string(), last, *v)
            })
            .collect();
        Chart {
            id: "four-hour".into(),
            title: "A&E attendances seen within four hours".into(),
            unit: Unit::Percent,
            per: None,
            scale: Vec::new(),
            own: crate::report::pack::ChartSeries {
                name: "Exampleshire".into(),
                points,
            },
            comparators: Vec::new(),
            target: Vec::new(),
            target_level: None,
            improve: false,
            limits: None,
        }
    }

    #[test]
    fn a_sparkline_says_its_trend_in_words_and_marks_the_latest_point() {
        let mut c = monthly(&[72.1, 71.4, 73.0, 76.6]);
        c.target_level = Some(78.0);
        let spark = sparkline(&c);
        super::super::mdc::well_formed(&spark).expect("well-formed");
        assert!(spark.contains("role=\"img\""));
        let words = "trend of 4 figures from 72.1% in Apr 2023 to 76.6% in Jul 2023; target 78%";
        assert!(
            spark.contains(&format!("aria-label=\"{words}\"")),
            "{spark}"
        );
        assert!(spark.contains(&format!("<title>{words}</title>")));
        assert!(spark.contains("width=\"120\" height=\"28\""));
        assert_eq!(spark.matches("<polyline").count(), 1);
        // The figures and target span 6.6 points, widened to 10 about
        // their middle (69.7 to 79.7): the target's faint line is near the
        // top, not at it.
        assert!(
            spark.contains("y1=\"6.7\" y2=\"6.7\" stroke=\"#00703c\" stroke-opacity=\"0.5\""),
            "{spark}"
        );
        // The latest point: at the right-hand end, a little below the target.
        assert!(spark.contains("<circle cx=\"117.0\""), "{spark}");
    }

    #[test]
    fn a_sparkline_needs_two_figures() {
        assert_eq!(sparkline(&monthly(&[70.0])), "");
        assert_eq!(sparkline(&monthly(&[])), "");
    }

    #[test]
    fn a_sparkline_breaks_where_a_period_is_missing() {
        let mut c = monthly(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        c.own.points[2].gap_before = true;
        c.own.points[3].gap_before = true;
        let spark = sparkline(&c);
        super::super::mdc::well_formed(&spark).expect("well-formed");
        // Two points, then one alone, then two: two lines and a lone dot.
        assert_eq!(spark.matches("<polyline").count(), 2, "{spark}");
        assert!(spark.contains("r=\"2\""));
        assert!(spark.contains("with gaps where periods are missing"));
        // Each gap joined dashed, so the line reads on across it.
        assert_eq!(
            spark.matches("stroke-dasharray=\"2 2\"").count(),
            2,
            "{spark}"
        );
    }

    #[test]
    fn a_small_change_is_drawn_small() {
        // A 1.3pp rise and a 4.8pp fall: min-max scaling made both the
        // sparkline's full height; at least 10pp high, they differ.
        let rise = widened(69.1, 70.4, 10.0, true);
        let fall = widened(75.9, 80.7, 10.0, true);
        assert_eq!(rise.1 - rise.0, 10.0);
        assert_eq!(fall.1 - fall.0, 10.0);
        // A wide range is left alone; a range near zero stays above it.
        assert_eq!(widened(10.0, 60.0, 10.0, true), (10.0, 60.0));
        assert_eq!(widened(1.0, 2.0, 10.0, true), (0.0, 10.0));
        let mut c = monthly(&[1_000.0, 1_010.0]);
        c.unit = Unit::Count;
        assert_eq!(least_span(&c, 1_000.0, 1_010.0), 101.0);
    }

    #[test]
    fn an_improve_target_is_said_in_words_on_a_sparkline() {
        let mut c = monthly(&[60.0, 61.0]);
        c.target_level = Some(60.0);
        c.improve = true;
        assert!(sparkline(&c).contains("target better than the baseline (60%)"));
    }

    fn well_formed(svg: &str) {
        if let Err(e) = super::super::mdc::well_formed(svg) {
            panic!("{e}: {svg}");
        }
    }

    /// The numbers in `attr="..."` of every `<tag` element in `svg`.
    fn attrs(svg: &str, tag: &str, attr: &str) -> Vec<f64> {
        svg.split(&format!("<{tag} "))
            .skip(1)
            .filter_map(|el| {
                let el = &el[..el.find('>')?];
                let at = el
                    .find(&format!(" {attr}=\""))
                    .or_else(|| el.starts_with(&format!("{attr}=\"")).then_some(0))?;
                let rest = &el[at..];
                let start = rest.find('"')? + 1;
                let end = rest[start..].find('"')? + start;
                rest[start..end].parse().ok()
            })
            .collect()
    }

    fn spc_chart() -> Chart {
        let values = [
            10., 11., 9., 10., 12., 9., 11., 10., 10., 11., 9., 10., 12., 12., 13., 12., 13., 12.,
            13., 12.,
        ];
        let spc = crate::stats::spc::xmr(
            &values,
            crate::plan::Polarity::Higher,
            Some(15.0),
            crate::stats::spc::Options::default(),
        );
        let mut c = monthly(&values);
        for (p, s) in c.own.points.iter_mut().zip(&spc.points) {
            p.variation = Some(s.variation);
        }
        c.unit = Unit::Number;
        c.target_level = Some(15.0);
        c.limits = Some(ChartLimits {
            mean: spc.limits.mean,
            lower: spc.limits.lower,
            upper: spc.limits.upper,
            from: c.own.points[0].day,
            to: c.own.points[19].day,
            variation: spc.variation,
            no_variation: spc.no_variation,
            assurance: spc.assurance,
        });
        c
    }

    #[test]
    fn special_cause_points_are_coloured_and_the_limits_named() {
        let c = spc_chart();
        let svg = chart(&c, false);
        well_formed(&svg);
        // Points 6-12 a shift below the mean (concern), 13-20 above
        // (improvement), the first five common cause.
        let count = |class: &str| svg.matches(&format!("class=\"spc-{class}\"")).count();
        assert_eq!(count("concern"), 7);
        assert_eq!(count("improvement"), 8);
        assert_eq!(count("common-cause"), 5);
        assert!(svg.contains(&format!("r=\"5.5\" fill=\"{}\"", mdc::IMPROVEMENT)));
        assert!(svg.contains(&format!("r=\"5.5\" fill=\"{}\"", mdc::CONCERN)));
        assert!(svg.contains(&format!("r=\"3.5\" fill=\"{}\"", mdc::COMMON_CAUSE)));
        assert!(svg.contains(">mean 11.1</text>"), "{svg}");
        assert!(svg.contains(">upper limit</text>"));
        assert!(svg.contains(">lower limit</text>"));
        // The icons, top right, with their words.
        assert!(svg.contains("aria-label=\"Special cause improvement (high)\""));
        assert!(svg.contains("aria-label=\"Assurance: consistently fail\""));
        for name in [
            "Special cause improvement",
            "Special cause concern",
            "Common cause",
        ] {
            assert!(svg.contains(&format!(">{name}</text>")), "{name}");
        }
        assert!(!svg.contains("Special cause neutral"));
    }

    #[test]
    fn the_text_alternative_names_the_special_cause_points() {
        let text = description(&spc_chart());
        assert!(
            text.contains("Special cause improvement at 8 points, between Apr 2024 and Nov 2024."),
            "{text}"
        );
        assert!(
            text.contains("Special cause concern at 7 points, between Sep 2023 and Mar 2024."),
            "{text}"
        );
        assert!(text.contains("Latest point: special cause improvement (high)."));
        assert!(text.contains("Assurance against the target: consistently fail."));
        let mut few = spc_chart();
        for p in &mut few.own.points[..17] {
            p.variation = Some(Variation::CommonCause);
        }
        assert!(description(&few)
            .contains("Special cause improvement at 3 points: Sep 2024, Oct 2024 and Nov 2024."));
        assert!(!description(&monthly(&[1.0, 2.0])).contains("Special cause"));
    }

    #[test]
    fn a_long_legend_wraps_inside_the_chart() {
        let mut c = monthly(&[60.0, 61.0, 62.0]);
        for name in [
            "England",
            "Statistical neighbours (CIPFA nearest neighbours, 2024 refresh)",
            "North West region and its integrated care boards",
        ] {
            c.comparators.push(crate::report::pack::ChartSeries {
                name: name.into(),
                points: c.own.points.clone(),
            });
        }
        c.target_level = Some(65.0);
        let entries = legend_entries(&c);
        let placed = legend_layout(&entries);
        for (e, (x, _)) in entries.iter().zip(&placed) {
            let right = x + SAMPLE + 5.0 + text_width(&e.name, LEGEND_TEXT);
            assert!(right <= WIDTH - EDGE, "{} ends at {right}", e.name);
        }
        let rows = placed.last().map_or(0, |(_, row)| row + 1);
        assert!(rows >= 2, "{rows} rows");
        let svg = chart(&c, false);
        well_formed(&svg);
        // The chart grows to hold the rows, and every legend line is inside it.
        let height = LEGEND_Y + rows as f64 * LEGEND_ROW + 6.0;
        assert!(
            svg.contains(&format!("viewBox=\"0 0 640 {height}\"")),
            "{svg}"
        );
        assert!(attrs(&svg, "text", "y").iter().all(|y| *y < height));
        // A name too long for a row of its own is cut short with an ellipsis.
        c.comparators[0].name = "A".repeat(200);
        let entries = legend_entries(&c);
        assert!(entries[1].name.ends_with('…'));
        assert!(SAMPLE + 5.0 + text_width(&entries[1].name, LEGEND_TEXT) <= WIDTH - EDGE - LEFT);
    }

    #[test]
    fn long_period_labels_are_thinned_so_none_overlap() {
        let points: Vec<ChartPoint> = (0..24)
            .map(|i| {
                let end = d(2019, 3, 31)
                    .checked_add_months(chrono::Months::new(3 * i))
                    .expect("date");
                point(&format!("year ending {}", end.format("%b %Y")), end, 50.0)
            })
            .collect();
        let first = points[0].day;
        let last = points[23].day;
        let s = Scale {
            x0: first,
            days: (last - first).num_days() as f64,
            y0: 0.0,
            y1: 100.0,
            right: RIGHT,
        };
        let shown = time_labels(&s, &points);
        assert_eq!(shown.first().map(|l| l.2), Some("year ending Mar 2019"));
        assert_eq!(shown.last().map(|l| l.2), Some(points[23].label.as_str()));
        for w in shown.windows(2) {
            let right = w[0].1 + text_width(w[0].2, 10.0) / 2.0;
            let left = w[1].1 - text_width(w[1].2, 10.0) / 2.0;
            assert!(right < left, "{:?} overlaps {:?}", w[0], w[1]);
        }
        for (_, centre, label) in &shown {
            let half = text_width(label, 10.0) / 2.0;
            assert!(centre - half >= 0.0 && centre + half <= WIDTH, "{label}");
        }
        assert!(shown.len() >= 3, "{shown:?}");
    }

    #[test]
    fn the_axis_stops_at_zero_for_figures_that_never_go_below_it() {
        let mut c = monthly(&[2.0, 0.0, 5.0, 1.0, 0.0, 6.0, 1.0]);
        c.unit = Unit::Count;
        c.limits = Some(ChartLimits {
            mean: 2.14,
            lower: -5.1,
            upper: 9.4,
            from: c.own.points[0].day,
            to: c.own.points[6].day,
            variation: Variation::CommonCause,
            no_variation: false,
            assurance: None,
        });
        assert_eq!(value_axis(&c).y0, 0.0);
        let svg = chart(&c, false);
        well_formed(&svg);
        // The axis starts at 0 with no negative tick, and the lower limit,
        // not drawn (one dashed line is the upper limit, the other the
        // legend's sample), is named.
        assert!(
            svg.contains(&format!(
                "y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333333\">0</text>",
                AXIS_Y + 4.0
            )),
            "{svg}"
        );
        assert!(!svg.contains(">-"));
        assert!(svg.contains(">lower limit</text>") && svg.contains(">below 0</text>"));
        assert_eq!(svg.matches("stroke-dasharray=\"4 3\"/>").count(), 1 + 1);
        // The names of the mean and the limits stay a line apart, above
        // the time axis, though the mean runs close to the axis here.
        let name_y = |name: &str| {
            let end = svg.find(&format!(">{name}</text>")).expect(name);
            let at = svg[..end].rfind(" y=\"").expect("a y") + 4;
            svg[at..end]
                .split('"')
                .next()
                .and_then(|y| y.parse::<f64>().ok())
                .expect("y")
        };
        let ys = [
            name_y("upper limit"),
            name_y("mean 2.14"),
            name_y("lower limit"),
            name_y("below 0"),
        ];
        for w in ys.windows(2) {
            assert!(w[1] - w[0] >= 11.0 - 1e-9, "{ys:?}");
        }
        assert!(ys[3] <= AXIS_Y, "{ys:?}");
        // Figures that do go negative keep the axis below zero.
        c.own.points[1].value = -1.0;
        assert!(value_axis(&c).y0 < -1.0);
        // And a flat series of zeros has an axis from zero up.
        let zeros = monthly(&[0.0, 0.0]);
        let axis = value_axis(&zeros);
        assert!(axis.y0 == 0.0 && axis.y1 > 0.0, "{axis:?}");
    }

    #[test]
    fn a_rate_axis_says_per_n_once() {
        let mut c = monthly(&[412.0, 398.5, 405.0]);
        c.unit = Unit::Rate;
        c.per = Some(1000.0);
        let svg = chart(&c, false);
        well_formed(&svg);
        assert!(svg.contains(">per 1,000</text>"), "{svg}");
        assert_eq!(
            svg.matches("per 1,000").count(),
            1 + 2,
            "caption and description"
        );
        assert!(!svg.contains("per 100,000"));
        c.per = None;
        assert!(chart(&c, false).contains(">per 100,000</text>"));
    }

    #[test]
    fn a_standalone_chart_declares_its_namespace_and_fonts() {
        let svg = chart(&monthly(&[1.0, 2.0]), true);
        well_formed(&svg);
        let root = &svg[..svg.find('>').expect("root tag")];
        assert!(root.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(root.contains("font-family=\"Arial, Helvetica, 'Liberation Sans', sans-serif\""));
    }

    #[test]
    fn an_improve_target_is_named_in_words() {
        let mut c = monthly(&[60.0, 61.0, 63.0]);
        c.target_level = Some(60.0);
        c.improve = true;
        let svg = chart(&c, false);
        well_formed(&svg);
        assert!(svg.contains(">Target: better than the baseline</text>"));
        let text = description(&c);
        assert!(
            text.contains("Target better than the baseline (60%)."),
            "{text}"
        );
        c.improve = false;
        assert!(description(&c).contains("Target 60%."));
    }

    #[test]
    fn a_missing_period_breaks_the_line() {
        let mut c = monthly(&[1.0, 2.0, 3.0, 4.0]);
        c.comparators.push(crate::report::pack::ChartSeries {
            name: "England".into(),
            points: c.own.points.clone(),
        });
        let whole = chart(&c, false);
        c.own.points[2].gap_before = true;
        c.comparators[0].points[2].gap_before = true;
        let broken = chart(&c, false);
        well_formed(&broken);
        assert_eq!(whole.matches("<polyline").count(), 2);
        assert_eq!(broken.matches("<polyline").count(), 4);
        assert!(description(&c).contains("No figures between May 2023 and Jun 2023."));
        // A grade steps from one inspection to the next, but not across a gap.
        let mut g = monthly(&[2.0, 3.0, 3.0]);
        g.unit = Unit::Grade;
        g.scale = vec![
            "Inadequate".into(),
            "Requires improvement".into(),
            "Good".into(),
        ];
        g.own.points[2].gap_before = true;
        let steps = line(&g.own.points, true);
        assert_eq!(steps.len(), 4);
        assert_eq!(runs(&steps).len(), 2);
    }

    #[test]
    fn every_chart_is_well_formed() {
        for c in [
            monthly(&[1.0, 2.0]),
            spc_chart(),
            monthly(&[f64::NAN, 1e308]),
        ] {
            well_formed(&chart(&c, false));
            well_formed(&chart(&c, true));
            well_formed(&sparkline(&c));
        }
    }
}
