//! An indicator's history as a small, self-contained SVG line chart: the
//! plan's own series, comparators, the target line and SPC process limits,
//! with labelled axes, a legend, and a title and description for screen
//! readers. No scripts, fonts or anything fetched.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::escape;
use crate::eval::pack::{Chart, ChartPoint};
use crate::format;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 82.0;

const OWN: &str = "#1f4e79";
const COMPARATORS: [&str; 3] = ["#9c4a00", "#6a3d9a", "#4d4d4d"];
const TARGET: &str = "#00703c";
const LIMITS: &str = "#767676";

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
}

impl Scale {
    fn x(&self, d: NaiveDate) -> f64 {
        LEFT + (d - self.x0).num_days() as f64 / self.days * (WIDTH - LEFT - RIGHT)
    }

    /// Where a value is drawn: clamped to the range the axis is laid out
    /// in, so that every coordinate is finite (NaN at the axis).
    fn y(&self, v: f64) -> f64 {
        let v = if v.is_nan() { self.y0 } else { plotted(v) };
        TOP + (self.y1 - v) / (self.y1 - self.y0) * (HEIGHT - TOP - BOTTOM)
    }
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
        "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash} points=\"{}\"/>",
        coords.join(" ")
    )
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
    if let Some(t) = c.target.last() {
        let _ = write!(text, " Target {} by {}.", v(t.value), t.label);
    } else if let Some(level) = c.target_level {
        let _ = write!(
            text,
            " Target {}.",
            format::target(level, c.unit, c.per, &c.scale)
        );
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
    }
    text
}

/// The chart as an `<svg>` element: inline in HTML, or `standalone` as a
/// file of its own (which needs the SVG namespace declared).
pub fn chart(c: &Chart, standalone: bool) -> String {
    let mut days: Vec<NaiveDate> = c.own.points.iter().map(|p| p.day).collect();
    days.extend(
        c.comparators
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.day)),
    );
    days.extend(c.target.iter().map(|p| p.day));
    let mut values: Vec<f64> = c.own.points.iter().map(|p| p.value).collect();
    values.extend(
        c.comparators
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.value)),
    );
    values.extend(c.target.iter().map(|p| p.value));
    values.extend(c.target_level);
    if let Some(l) = c.limits {
        values.extend([l.lower, l.upper]);
    }
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return String::new();
    };
    let (x0, x1) = if first == last {
        (
            first - chrono::Days::new(180),
            last + chrono::Days::new(180),
        )
    } else {
        let pad = chrono::Days::new(((last - first).num_days() / 20).max(1) as u64);
        (first - pad, last + pad)
    };
    let values: Vec<f64> = values
        .into_iter()
        .filter(|v| !v.is_nan())
        .map(plotted)
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let grade = !c.scale.is_empty();
    // A grade's axis is its whole scale, one gridline per word.
    let step = if grade {
        1.0
    } else {
        nice_step(span * 1.2, 4.0)
    };
    let (y0, y1) = if grade {
        (0.5, c.scale.len() as f64 + 0.5)
    } else {
        (
            ((lo - span * 0.1) / step).floor() * step,
            ((hi + span * 0.1) / step).ceil() * step,
        )
    };
    let s = Scale {
        x0,
        days: (x1 - x0).num_days().max(1) as f64,
        y0,
        y1: if y1 > y0 { y1 } else { y0 + step },
    };
    let id = escape(&c.id);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg{} viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\" class=\"chart\">\
<title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>\
<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>",
        if standalone {
            " xmlns=\"http://www.w3.org/2000/svg\""
        } else {
            ""
        },
        escape(&c.title),
        escape(&description(c))
    );
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"20\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">{}</text>",
        escape(&truncate(&c.title, 80))
    );
    // Horizontal gridlines with the unit on the value axis.
    // Counted, not accumulated: near huge values `tick += step` may not move.
    let ticks = ((s.y1 - s.y0) / step).round().clamp(0.0, 20.0) as u32;
    if grade {
        // Words are too long for the margin: each sits just above its line.
        for (k, word) in c.scale.iter().enumerate() {
            let y = s.y(k as f64 + 1.0);
            let _ = write!(
                out,
                "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#dddddd\"/>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#333333\">{}</text>",
                WIDTH - RIGHT,
                LEFT + 4.0,
                y - 4.0,
                escape(word)
            );
        }
    }
    for k in (0..=ticks).filter(|_| !grade) {
        let tick = s.y0 + f64::from(k) * step;
        let y = s.y(tick);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#dddddd\"/>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333333\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            escape(
                &format::value(format::computed(tick), c.unit, None).replace(" per 100,000", "")
            )
        );
    }
    let axis_y = HEIGHT - BOTTOM;
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{axis_y}\" y2=\"{axis_y}\" stroke=\"#333333\"/>",
        WIDTH - RIGHT
    );
    // Period labels on the time axis, thinned to about eight.
    let own = &c.own.points;
    let every = own.len().div_ceil(8).max(1);
    let mut last_label: Option<f64> = None;
    for (i, p) in own.iter().enumerate() {
        if i % every != 0 && i + 1 != own.len() {
            continue;
        }
        let x = s.x(p.day);
        // Labels need room: drop one that would overlap the one before.
        if last_label.is_some_and(|prev| x - prev < 56.0) {
            continue;
        }
        last_label = Some(x);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{axis_y}\" y2=\"{:.1}\" stroke=\"#333333\"/>\
<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333333\">{}</text>",
            axis_y + 4.0,
            axis_y + 16.0,
            escape(&p.label)
        );
    }
    if let Some(l) = c.limits {
        let (xa, xb) = (s.x(l.from), s.x(l.to));
        for (value, dash) in [(l.upper, "4 3"), (l.lower, "4 3"), (l.mean, "1 0")] {
            let y = s.y(value);
            let _ = write!(
                out,
                "<line x1=\"{xa:.1}\" x2=\"{xb:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{LIMITS}\" stroke-dasharray=\"{dash}\"/>"
            );
        }
    }
    if c.target.len() > 1 {
        out.push_str(&polyline(&s, &c.target, TARGET, Some("8 4"), 2.0));
    } else if let Some(t) = c.target.first() {
        // A target with nothing before it: a level line up to its date.
        let y = s.y(t.value);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>",
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
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>",
            WIDTH - RIGHT
        );
    }
    for (i, series) in c.comparators.iter().enumerate() {
        let colour = COMPARATORS[i % COMPARATORS.len()];
        out.push_str(&polyline(
            &s,
            &line(&series.points, grade),
            colour,
            Some("3 3"),
            2.0,
        ));
        for p in &series.points {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                s.x(p.day),
                s.y(p.value)
            );
        }
    }
    out.push_str(&polyline(&s, &line(own, grade), OWN, None, 2.5));
    for p in own {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{OWN}\"/>",
            s.x(p.day),
            s.y(p.value)
        );
    }
    // Legend: a sample of each line and its name.
    let mut legend: Vec<(String, &str, &str)> = vec![(c.own.name.clone(), OWN, "1 0")];
    for (i, series) in c.comparators.iter().enumerate() {
        legend.push((
            series.name.clone(),
            COMPARATORS[i % COMPARATORS.len()],
            "3 3",
        ));
    }
    if !c.target.is_empty() || c.target_level.is_some() {
        legend.push(("Target".into(), TARGET, "8 4"));
    }
    if c.limits.is_some() {
        legend.push(("Process limits".into(), LIMITS, "4 3"));
    }
    let mut x = LEFT;
    let y = HEIGHT - 24.0;
    for (name, colour, dash) in legend {
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2.5\" stroke-dasharray=\"{dash}\"/>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#1a1a1a\">{}</text>",
            x + 22.0,
            x + 27.0,
            y + 4.0,
            escape(&name)
        );
        x += 40.0 + name.chars().count() as f64 * 6.5;
    }
    out.push_str("</svg>");
    out
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
    let v = |x: f64| format::figure(x, c.unit, c.per, &c.scale);
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
    let words = escape(&words);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" width=\"{SPARK_WIDTH}\" height=\"{SPARK_HEIGHT}\" viewBox=\"0 0 {SPARK_WIDTH} {SPARK_HEIGHT}\" role=\"img\" aria-label=\"{words}\"><title>{words}</title>"
    );
    if let Some(t) = target {
        let ty = y(t);
        let _ = write!(
            out,
            "<line x1=\"0\" x2=\"{SPARK_WIDTH}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"{TARGET}\" stroke-opacity=\"0.5\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"
        );
    }
    for run in runs(&line(own, !c.scale.is_empty())) {
        if let [only] = run {
            // A figure between two gaps has no line to be part of.
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"1.2\" fill=\"{OWN}\"/>",
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
            "<polyline fill=\"none\" stroke=\"{OWN}\" stroke-width=\"1.5\" stroke-linejoin=\"round\" points=\"{}\"/>",
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
        if let Some(prev) = steps.last().cloned() {
            steps.push(ChartPoint { day: p.day, ..prev });
        }
        steps.push(p.clone());
    }
    steps
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Unit;

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
            own: crate::eval::pack::ChartSeries {
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
        assert!(svg.contains("Here &amp; there: 2 figures, from 69.1% in 2023/24 to 70.4% in 2024/25. Target 72% by 2025/26."));
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
            own: crate::eval::pack::ChartSeries {
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
        // The target is the highest value, so its faint line is at the top.
        assert!(spark.contains("y1=\"3.0\" y2=\"3.0\" stroke=\"#00703c\" stroke-opacity=\"0.5\""));
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
        assert!(spark.contains("r=\"1.2\""));
        assert!(spark.contains("with gaps where periods are missing"));
    }

    #[test]
    fn an_improve_target_is_said_in_words_on_a_sparkline() {
        let mut c = monthly(&[60.0, 61.0]);
        c.target_level = Some(60.0);
        c.improve = true;
        assert!(sparkline(&c).contains("target better than the baseline (60%)"));
    }
}
