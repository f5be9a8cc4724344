//! `cfp show` as text: a definition, the rating with its reason, the
//! statistics with the rule behind each, and the full history.

use std::fmt::Write as _;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use crate::diag::sanitize;
use crate::eval::{self_assessment_rag, SpcSummary, StatusRow};
use crate::format::human_date;
use crate::format::{self, Amount};
use crate::measure::Mark;
use crate::plan::{Indicator, Polarity, Target, Unit};
use crate::report::show::{AreaHistory, GroupView, IndicatorView, MilestoneView, Update, View};
use crate::report::words::benchmark_text;
use crate::report::words::capitalised;

fn table(width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.set_width(w);
    }
    t
}

fn rating_line(row: &StatusRow) -> String {
    let mut s = format!(
        "Rating: {} ({}): {}",
        row.rag.name().to_uppercase(),
        row.status.words(),
        row.reason
    );
    if !row.flags.is_empty() {
        let flags: Vec<&str> = row.flags.iter().map(|f| f.name()).collect();
        let _ = write!(s, " [{}]", flags.join(", "));
    }
    s
}

fn polarity_words(p: Polarity) -> &'static str {
    match p {
        Polarity::Higher => "higher is better",
        Polarity::Lower => "lower is better",
        Polarity::None => "no better direction",
    }
}

/// `periods` says what the series' periods are, where it has any; else
/// how a bare year pair would be read.
fn definition(ind: &Indicator, periods: Option<&str>, out: &mut String) {
    let v = |x: f64| format::figure(x, ind.unit, ind.per, &ind.scale);
    let grade = ind.unit == Unit::Grade;
    let cadence = ind
        .cadence
        .map(|c| format!("{} ", c.name()))
        .unwrap_or_default();
    let mut line = format!(
        "Unit: {}, {}; {}",
        ind.unit.name(),
        polarity_words(ind.polarity),
        match periods {
            // `monthly figures`, not `monthly figures for months`.
            Some("months") if cadence == "monthly " => "monthly figures".to_string(),
            Some(p) => format!("{cadence}figures for {p}"),
            // No figures yet: say how a year pair will be read.
            None if cadence.is_empty() => {
                format!("a year pair is read as a {} year", ind.year.name())
            }
            None => format!(
                "{cadence}figures; a year pair is read as a {} year",
                ind.year.name()
            ),
        }
    );
    if let Some(lag) = ind.lag {
        let _ = write!(line, ", published {lag} after the period");
    }
    let _ = writeln!(out, "{line}");
    if grade {
        let _ = writeln!(out, "Scale (worst to best): {}", ind.scale.join(", "));
    }
    match &ind.target {
        None => {
            let _ = writeln!(out, "Target: none (monitored)");
        }
        Some(Target::Improve) if grade => {
            let _ = writeln!(out, "Target: a better grade than the baseline");
        }
        Some(Target::Improve) => {
            let _ = writeln!(
                out,
                "Target: improve on the baseline, tolerance {}",
                ind.tolerance
            );
        }
        Some(Target::Value { value, by, amber }) => {
            let mut t = format!(
                "Target: {}",
                format::target(*value, ind.unit, ind.per, &ind.scale)
            );
            if let Some(by) = by {
                let _ = write!(t, " by {by}");
            }
            match amber {
                Some(a) => {
                    let _ = write!(t, ", amber from {}", v(*a));
                }
                None if grade => {}
                None => {
                    let _ = write!(t, ", tolerance {}", ind.tolerance);
                }
            }
            let _ = writeln!(out, "{t}");
        }
    }
    if let Some(b) = &ind.baseline {
        let _ = writeln!(out, "Baseline: {} ({})", v(b.value), b.period);
    }
    if !ind.trajectory.is_empty() {
        let points: Vec<String> = ind
            .trajectory
            .iter()
            .map(|p| format!("{} by {}", v(p.value), p.period))
            .collect();
        let _ = writeln!(out, "Trajectory: {}", points.join(", "));
    }
    for (label, text) in [
        ("Lead", ind.lead.as_deref()),
        ("Source", ind.source.as_deref()),
        ("Description", ind.description.as_deref()),
        ("Note", ind.note.as_deref()),
    ] {
        if let Some(t) = text {
            let _ = writeln!(out, "{label}: {}", sanitize(t));
        }
    }
}

fn statistics(view: &IndicatorView, out: &mut String) {
    let row = &view.rating;
    let unit = view.definition.unit;
    let per = view.definition.per;
    let v = |x: f64| format::value(x, unit, per);
    if let Some(t) = &row.trend {
        let _ = writeln!(out, "Direction of travel: {}", row.direction_text(t));
    }
    if let Some(r) = &row.recent_trend {
        let mut line = format!("Recent trend (last 5 points): {}", r.label.words());
        match (&r.why_not, r.chi2, r.method) {
            (Some(why), _, _) => {
                let _ = write!(line, ": {why}");
            }
            (None, Some(chi2), Some(method)) => {
                let _ = write!(
                    line,
                    " (chi-squared {} on {}; significant above 9.55)",
                    format::grouped(format::computed(chi2)),
                    match method {
                        crate::stats::trend::Method::Counts => "the counts",
                        crate::stats::trend::Method::Intervals => "the intervals",
                    }
                );
            }
            _ => {}
        }
        let _ = writeln!(out, "{line}");
    }
    let bench = benchmark_text(&row.benchmark);
    if !bench.is_empty() {
        let _ = writeln!(
            out,
            "Benchmark ({}): {bench}",
            &row.period_label().unwrap_or_default()
        );
    }
    if let Some(spc) = &row.spc {
        spc_lines(spc, &v, out);
    }
    if let Some(f) = &row.forecast {
        let _ = writeln!(out, "Forecast: {}", f.text());
        if let Some(r) = &f.result {
            let mut line = format!(
                "  from the last {} points: achieving {} per period",
                r.points,
                signed(r.achieved_per_period, unit)
            );
            if r.already_meets {
                line.push_str(", already meets the target");
            } else if let Some(need) = r.needed_per_period {
                let _ = write!(line, ", {}", needs(need, unit));
            }
            if let Some(i) = r.interval {
                let _ = write!(
                    line,
                    "; 80% prediction interval {} to {}",
                    v(format::computed(i.lower)),
                    v(format::computed(i.upper))
                );
            }
            let _ = writeln!(out, "{line}");
        }
    }
}

/// The SPC lines: too few points, no variation, or the limits with the
/// latest point's variation and the assurance.
fn spc_lines(spc: &SpcSummary, v: &dyn Fn(f64) -> String, out: &mut String) {
    match &spc.result {
        None => {
            let _ = writeln!(
                out,
                "SPC: too few points ({} of the {} needed)",
                spc.points,
                crate::stats::spc::MIN_POINTS
            );
        }
        Some(s) if s.no_variation => {
            let _ = writeln!(
                out,
                "SPC: no variation: all {} points are the same",
                spc.points
            );
        }
        Some(s) => {
            let l = s.limits;
            let _ = writeln!(
                out,
                "SPC ({} points{}): mean {}, process limits {} to {}",
                spc.points,
                spc.since
                    .map(|d| format!(" since {}", human_date(d)))
                    .unwrap_or_default(),
                v(format::computed(l.mean)),
                v(format::computed(l.lower)),
                v(format::computed(l.upper)),
            );
            let mut line = format!("  latest point: {}", s.variation.words());
            if let Some(rule) = s.rule {
                let _ = write!(line, " ({})", rule.words());
            }
            let _ = writeln!(out, "{line}");
            if s.assurance.is_some() {
                let _ = writeln!(out, "  assurance: {}", spc.assurance_text());
            }
        }
    }
}

/// The change per period a forecast needs, never `+0pp`: a change too
/// small to show is said in words.
fn needs(x: f64, unit: Unit) -> String {
    if format::computed(x.abs()) == 0.0 {
        "needs only a slight change per period".into()
    } else {
        format!("needs {} per period", signed(x, unit))
    }
}

fn signed(x: f64, unit: Unit) -> String {
    let sign = if x < 0.0 { "-" } else { "+" };
    format!("{sign}{}", format::difference(x, unit))
}

fn history(areas: &[AreaHistory], unit: Unit, per: Option<f64>, width: Option<u16>) -> String {
    let mut out = String::new();
    for area in areas {
        let mut t = table(width);
        t.set_header(vec![
            "Period",
            "Value",
            "95% interval",
            "Count",
            "Published",
            "Note",
        ]);
        for f in &area.figures {
            let value = match (&f.value, f.state) {
                (Some(Amount::Word(w)), _) => w.clone(),
                (Some(Amount::Number(x)), _) => {
                    let mut s = format::value(*x, unit, per);
                    match f.mark {
                        Some(Mark::Provisional) => s.push_str(" (provisional)"),
                        Some(Mark::Revised) => s.push_str(" (revised)"),
                        None => {}
                    }
                    s
                }
                (None, Some(word)) => format!("{word} ({})", f.raw),
                (None, None) => String::new(),
            };
            let interval = f
                .interval
                .map(|i| {
                    format!(
                        "{} to {}{}",
                        format::grouped(format::computed(i.lower)),
                        format::grouped(format::computed(i.upper)),
                        if f.interval_source == Some("computed") {
                            " (computed)"
                        } else {
                            ""
                        }
                    )
                })
                .unwrap_or_default();
            let count = match (f.numerator, f.denominator) {
                (Some(x), Some(n)) => format!("{} / {}", format::grouped(x), format::grouped(n)),
                (Some(x), None) => format::grouped(x),
                _ => String::new(),
            };
            t.add_row(vec![
                f.period.clone(),
                value,
                interval,
                count,
                f.published.map(|d| d.to_string()).unwrap_or_default(),
                sanitize(f.note.as_deref().unwrap_or("")),
            ]);
        }
        let _ = writeln!(out, "\n{}:\n{t}", sanitize(&area.area));
    }
    out
}

fn rows_table(rows: &[StatusRow], width: Option<u16>) -> String {
    let mut t = table(width);
    t.set_header(vec!["Rating", "Item", "Trend", "Reason"]);
    for r in rows {
        t.add_row(vec![
            format!("{}\n{}", r.rag.name().to_uppercase(), r.status.words()),
            sanitize(&format!("{}\n{}", r.id, r.title)),
            r.trend_words().unwrap_or_default(),
            sanitize(&r.reason),
        ]);
    }
    t.to_string()
}

fn updates(list: &[Update], out: &mut String) {
    if list.is_empty() {
        let _ = writeln!(out, "\nNo status updates recorded.");
        return;
    }
    let _ = writeln!(out, "\nUpdates:");
    for u in list {
        let mut line = format!("  {}  {}", u.date, u.status);
        if let Some(note) = &u.note {
            let _ = write!(line, ": {}", sanitize(note));
        }
        let _ = writeln!(out, "{line}");
    }
}

fn group<T>(
    kind: &str,
    id: &str,
    title: &str,
    lead: Option<&str>,
    view: &GroupView<T>,
    width: Option<u16>,
) -> String {
    let mut out = format!("{id}: {}\n{kind}", sanitize(title));
    if let Some(lead) = lead {
        let _ = write!(out, ", lead: {}", sanitize(lead));
    }
    let _ = writeln!(out, "\nRatings: {}", view.rollup.summary());
    if let Some(s) = &view.rollup.self_assessed {
        let _ = writeln!(
            out,
            "Self-assessed: {} on {}",
            capitalised(self_assessment_rag(s.rag).name()),
            s.date
        );
    }
    updates(&view.assessments, &mut out);
    if !view.rows.is_empty() {
        let _ = writeln!(out, "\n{}", rows_table(&view.rows, width));
    }
    out
}

/// Renders a view as text for a terminal or a pipe, its prose wrapped at
/// its words to the width (its tables are laid out to it already).
pub(super) fn text(view: &View, width: Option<u16>) -> String {
    super::layout::prose(&unwrapped(view, width), usize::from(width.unwrap_or(100)))
}

fn unwrapped(view: &View, width: Option<u16>) -> String {
    match view {
        View::Indicator(v) => {
            let ind = &v.definition;
            let mut out = heading(
                "Indicator",
                &ind.id,
                &ind.title,
                &ind.priority,
                ind.commitment.as_deref(),
            );
            definition(ind, v.periods.as_deref(), &mut out);
            let _ = writeln!(out, "\n{}", sanitize(&rating_line(&v.rating)));
            if let Some(due) = v.rating.next_expected {
                let _ = writeln!(
                    out,
                    "Next figure expected: {}{}",
                    human_date(due),
                    if v.rating.flags.contains(&crate::eval::Flag::Stale) {
                        " (now stale)"
                    } else {
                        ""
                    }
                );
            }
            statistics(v, &mut out);
            if !v.sparkline.is_empty() {
                let _ = writeln!(out, "\nHistory {}", v.sparkline);
            } else {
                let _ = writeln!(out, "\nNo figures yet.");
            }
            out.push_str(&history(&v.history, ind.unit, ind.per, width));
            if let Some(c) = &v.commentary {
                let _ = writeln!(out, "\nLatest commentary: {}", sanitize(c));
            }
            out
        }
        View::Milestone(v) => milestone(v),
        View::Commitment(v) => group(
            "Commitment",
            &v.definition.id,
            &v.definition.title,
            v.definition.lead.as_deref(),
            v,
            width,
        ),
        View::Priority(v) => group(
            "Priority",
            &v.definition.id,
            &v.definition.title,
            v.definition.lead.as_deref(),
            v,
            width,
        ),
    }
}

/// `gld: Good level of development` and where the item sits in the plan.
fn heading(kind: &str, id: &str, title: &str, priority: &str, commitment: Option<&str>) -> String {
    let commitment = commitment
        .map(|c| format!(", commitment {c}"))
        .unwrap_or_default();
    format!(
        "{id}: {}\n{kind} in priority {priority}{commitment}\n",
        sanitize(title)
    )
}

fn milestone(v: &MilestoneView) -> String {
    let m = &v.definition;
    let mut out = heading(
        "Milestone",
        &m.id,
        &m.title,
        &m.priority,
        m.commitment.as_deref(),
    );
    match (&m.due, &m.due_label) {
        (Some(due), Some(label)) => {
            let _ = writeln!(out, "Due: {} ({label})", human_date(*due));
        }
        _ => {
            let _ = writeln!(out, "Due: no date");
        }
    }
    if let Some(c) = m.completed {
        let _ = writeln!(out, "Completed (plan): {}", human_date(c));
    }
    for (label, text) in [
        ("Lead", &m.lead),
        ("Description", &m.description),
        ("Note", &m.note),
    ] {
        if let Some(t) = text {
            let _ = writeln!(out, "{label}: {}", sanitize(t));
        }
    }
    let _ = writeln!(out, "\n{}", sanitize(&rating_line(&v.rating)));
    updates(&v.updates, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_too_small_to_show_is_never_plus_zero() {
        assert_eq!(
            needs(0.001, Unit::Percent),
            "needs only a slight change per period"
        );
        assert_eq!(needs(-1.25, Unit::Percent), "needs -1.25pp per period");
        assert_eq!(needs(12.8, Unit::Number), "needs +12.8 per period");
    }
}
