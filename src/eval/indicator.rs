//! Rating an indicator: the latest figure against the target that applies
//! to its period, with tolerance, amber thresholds, trajectories, `improve`
//! targets, deadlines and staleness.

use chrono::NaiveDate;

use super::analysis::{analyse, Analysis};
use super::{Flag, Kind, Status, StatusRow};
use crate::format;
use crate::measure::{Area, Mark, Observation, Value};
use crate::period::{Period, PeriodKind, Span};
use crate::plan::{Indicator, Plan, Polarity, Target, Unit};

/// Comparisons are inclusive at their bounds; this absorbs the binary
/// noise in, say, 80 x 5% so that 76 counts as within tolerance.
const EPSILON: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRating {
    pub status: Status,
    pub reason: String,
    pub latest: Option<Observation>,
    pub target: Option<f64>,
    pub analysis: Analysis,
    pub flags: Vec<Flag>,
}

impl IndicatorRating {
    pub fn row(self, ind: &Indicator) -> StatusRow {
        let (target, by) = match &ind.target {
            Some(Target::Value { value, by, .. }) => (Some(*value), by.map(|b| b.to_string())),
            Some(Target::Improve) => (self.target, None),
            None => (None, None),
        };
        let expected = self.target.filter(|t| Some(*t) != target);
        StatusRow {
            priority: ind.priority.clone(),
            commitment: ind.commitment.clone(),
            id: ind.id.clone(),
            kind: Kind::Indicator,
            title: ind.title.clone(),
            rag: self.status.rag(),
            status: self.status,
            reason: self.reason,
            period: self.latest.as_ref().map(|o| o.period.to_string()),
            value: self.latest.as_ref().and_then(|o| o.value.number()),
            unit: Some(ind.unit),
            per: ind.per,
            scale: ind.scale.clone(),
            improve: matches!(ind.target, Some(Target::Improve)),
            target,
            expected: expected.map(format::computed),
            by,
            trend: self.analysis.direction,
            recent_trend: self.analysis.recent,
            benchmark: self.analysis.benchmark,
            spc: self.analysis.spc,
            forecast: self.analysis.forecast,
            flags: self.flags,
            lead: ind.lead.clone(),
            note: self.latest.and_then(|o| o.note.map(String::from)),
        }
    }
}

/// The figures known on `as_of`: for each area and period, the latest
/// publication of it. The input is sorted by area, period, publication.
pub fn visible_series(series: &[Observation], as_of: NaiveDate) -> Vec<&Observation> {
    let mut out: Vec<&Observation> = Vec::new();
    for obs in series.iter().filter(|o| o.known_from() <= as_of) {
        match out.last_mut() {
            Some(prev) if prev.area == obs.area && prev.period == obs.period => *prev = obs,
            _ => out.push(obs),
        }
    }
    out
}

/// The target for a figure whose period ends on `day`: interpolated by date
/// along baseline, trajectory points and the final target; flat before the
/// first point and after the last.
pub fn applicable_target(ind: &Indicator, day: NaiveDate) -> Option<f64> {
    let Some(Target::Value { value, by, .. }) = &ind.target else {
        return None;
    };
    let Some(by) = by else {
        return Some(*value);
    };
    let points: Vec<(NaiveDate, f64)> = ind
        .baseline
        .iter()
        .chain(&ind.trajectory)
        .map(|p| (p.period.last, p.value))
        .chain(std::iter::once((by.last, *value)))
        .collect();
    let first = points[0];
    if day <= first.0 {
        return Some(first.1);
    }
    for pair in points.windows(2) {
        let ((d0, v0), (d1, v1)) = (pair[0], pair[1]);
        if day <= d1 {
            let span = (d1 - d0).num_days() as f64;
            if span <= 0.0 {
                return Some(v1);
            }
            let t = (day - d0).num_days() as f64 / span;
            return Some(v0 + t * (v1 - v0));
        }
    }
    points.last().map(|p| p.1)
}

/// The tolerance band around `target`, never infinite (5% of a figure near
/// the largest number overflows): a band wider than any number holds is as
/// wide as the largest.
fn band_width(ind: &Indicator, target: f64) -> f64 {
    let band = ind.tolerance.width(target);
    if band.is_nan() {
        0.0
    } else {
        band.min(f64::MAX)
    }
}

/// Whether a shortfall (`-gain`) is within the tolerance band: inclusive at
/// the bound, with a relative slack so that a bound is a bound at any
/// magnitude.
fn within_band(gain: f64, band: f64, eps: f64) -> bool {
    -gain <= (band + eps).min(f64::MAX)
}

/// How long after a period ends its next figure is due, before the lag.
fn cadence_of(ind: &Indicator, period: &Period) -> Span {
    if let Some(c) = ind.cadence {
        return c.span();
    }
    match period.kind {
        PeriodKind::Day | PeriodKind::Month => Span::Months(1),
        PeriodKind::CalendarQuarter | PeriodKind::FinancialQuarter => Span::Months(3),
        // A term's figures are compared with the same term a year on (DfE
        // publishes each term once a year).
        PeriodKind::Term
        | PeriodKind::FinancialYear
        | PeriodKind::AcademicYear
        | PeriodKind::CalendarYear
        | PeriodKind::RollingYear
        | PeriodKind::PooledYears => Span::Months(12),
    }
}

/// Rates one indicator as of `as_of`, from its series (all areas).
pub fn rate_indicator(
    plan: &Plan,
    ind: &Indicator,
    series: &[Observation],
    as_of: NaiveDate,
) -> IndicatorRating {
    let visible = visible_series(series, as_of);
    let own: Vec<&Observation> = visible
        .iter()
        .copied()
        .filter(|o| o.area == Area::Own)
        .collect();
    let figures: Vec<&Observation> = own
        .iter()
        .copied()
        .filter(|o| o.value.number().is_some())
        .collect();
    let mut flags = Vec::new();

    // Inspections come when they come: a grade is never stale.
    if let Some(newest) = own.last().filter(|_| ind.unit != Unit::Grade) {
        let due = cadence_of(ind, &newest.period).after(newest.period.last);
        let due = ind.lag.map_or(due, |lag| lag.after(due));
        if as_of > due {
            flags.push(Flag::Stale);
        }
    }
    let Some(&latest) = figures.last() else {
        let reason = match own.last() {
            Some(o) => format!(
                "no figure to rate: {} is {}",
                o.period,
                o.value.word().unwrap_or("missing")
            ),
            None => format!("no figures as of {}", super::human_date(as_of)),
        };
        return IndicatorRating {
            status: Status::NoData,
            reason,
            latest: None,
            target: None,
            analysis: Analysis::default(),
            flags,
        };
    };
    if own.last().is_some_and(|o| o.period != latest.period) {
        flags.push(Flag::Withheld);
    }
    match latest.value {
        Value::Number {
            mark: Some(Mark::Provisional),
            ..
        } => flags.push(Flag::Provisional),
        Value::Number {
            mark: Some(Mark::Revised),
            ..
        } => flags.push(Flag::Revised),
        _ => {}
    }
    let value = latest.value.number().unwrap_or_default();
    // Relative slack: a bound is a bound at any magnitude.
    let eps = EPSILON * value.abs().max(1.0);
    let analysis = analyse(plan, ind, &visible, as_of);

    let l = Latest {
        value,
        period: latest.period,
        eps,
    };
    let (status, target, reason) = match &ind.target {
        _ if ind.unit == Unit::Grade => rate_grade(ind, &figures, latest, as_of),
        None => rate_monitored(ind, &l),
        Some(Target::Improve) => rate_improve(ind, &figures, &l),
        Some(Target::Value {
            value: goal,
            by,
            amber,
        }) => rate_value(ind, &l, (goal, by, amber), as_of),
    };
    let reason = match wrong_side(ind) {
        Some(warning) => format!("{reason}; {warning}"),
        None => reason,
    };
    // A figure on another footprint says whose it is, wherever the reason
    // is shown (SPEC 1).
    let reason = match &ind.area {
        Some(area) => format!("{area}: {reason}"),
        None => reason,
    };
    IndicatorRating {
        status,
        reason,
        latest: Some(latest.clone()),
        target,
        analysis,
        flags,
    }
}

/// What a rule decides: the status, the target the figure was judged
/// against, and the reason.
type Verdict = (Status, Option<f64>, String);

/// The latest figure, as the rules judge it.
struct Latest {
    value: f64,
    period: Period,
    /// The slack within which two figures are equal.
    eps: f64,
}

/// No target: monitored, the figure said.
fn rate_monitored(ind: &Indicator, l: &Latest) -> Verdict {
    let shown = |x: f64| format::value(x, ind.unit, ind.per);
    (
        Status::Monitor,
        None,
        format!("no target, monitored: {} for {}", shown(l.value), l.period),
    )
}

/// `target = "improve"`: better than the baseline, or the first figure.
fn rate_improve(ind: &Indicator, figures: &[&Observation], l: &Latest) -> Verdict {
    let shown = |x: f64| format::value(x, ind.unit, ind.per);
    let (value, eps) = (l.value, l.eps);
    let reference = ind
        .baseline
        .as_ref()
        .map(|b| (b.value, b.period))
        .or_else(|| {
            (figures.len() > 1).then(|| {
                (
                    figures[0].value.number().unwrap_or_default(),
                    figures[0].period,
                )
            })
        });
    match reference {
        None => (
            Status::Monitor,
            None,
            format!(
                "target is to improve on the first figure, {} for {}; rated from the next",
                shown(value),
                l.period
            ),
        ),
        Some((base, base_period)) => {
            let gain = ind.polarity.gain(value, base).unwrap_or_default();
            let band = band_width(ind, base);
            let head = format!(
                "{} for {} vs baseline {} ({base_period})",
                shown(value),
                l.period,
                shown(base)
            );
            if gain > eps {
                (
                    Status::Met,
                    Some(base),
                    format!("{head}: improved by {}", format::difference(gain, ind.unit)),
                )
            } else if within_band(gain, band, eps) {
                let how = if gain.abs() <= eps {
                    "no better".to_string()
                } else {
                    format!("{} worse", format::difference(gain, ind.unit))
                };
                (
                    Status::Near,
                    Some(base),
                    format!("{head}: {how}, within {} tolerance", ind.tolerance),
                )
            } else {
                (
                    Status::OffTarget,
                    Some(base),
                    format!(
                        "{head}: {} worse, beyond {} tolerance",
                        format::difference(gain, ind.unit),
                        ind.tolerance
                    ),
                )
            }
        }
    }
}

/// A value target, by a date or not, through its trajectory, against its
/// tolerance or amber threshold.
fn rate_value(
    ind: &Indicator,
    l: &Latest,
    (goal, by, amber): (&f64, &Option<Period>, &Option<f64>),
    as_of: NaiveDate,
) -> Verdict {
    let shown = |x: f64| format::value(x, ind.unit, ind.per);
    let (value, eps) = (l.value, l.eps);
    let deadline = by.map(|by| ind.lag.map_or(by.last, |lag| lag.after(by.last)));
    let by_text = by.map(|b| format!(" by {b}")).unwrap_or_default();
    let final_gain = ind.polarity.gain(value, *goal).unwrap_or_default();
    let short = |gain: f64| {
        let words = if ind.polarity == Polarity::Lower {
            "over"
        } else {
            "short"
        };
        format!("{} {words}", format::difference(gain, ind.unit))
    };
    if deadline.is_some_and(|d| as_of > d) && final_gain < -eps {
        let reason = format!(
            "{} for {} vs target {}{by_text}: missed, {} and the deadline has passed",
            shown(value),
            l.period,
            shown(*goal),
            short(final_gain)
        );
        (Status::Missed, Some(*goal), reason)
    } else {
        let applies = applicable_target(ind, l.period.last).unwrap_or(*goal);
        let head = if (applies - goal).abs() <= eps {
            format!(
                "{} for {} vs target {}{by_text}",
                shown(value),
                l.period,
                shown(*goal)
            )
        } else {
            format!(
                "{} for {} vs {} expected by then on the way to {}{by_text}",
                shown(value),
                l.period,
                shown(format::computed(applies)),
                shown(*goal)
            )
        };
        let gain = ind.polarity.gain(value, applies).unwrap_or_default();
        let (status, tail) = if gain >= -eps {
            let ahead = if gain > eps {
                format!(", {} better", format::difference(gain, ind.unit))
            } else {
                String::new()
            };
            (Status::Met, format!("met{ahead}"))
        } else if let Some(amber) = amber {
            // The amber threshold moves with the trajectory, keeping its distance from the target.
            let threshold = amber + (applies - goal);
            let within = ind.polarity.gain(value, threshold).unwrap_or_default() >= -eps;
            let side = if within { "within" } else { "beyond" };
            let status = if within {
                Status::Near
            } else {
                Status::OffTarget
            };
            (
                status,
                format!(
                    "{}, {side} the amber threshold of {}",
                    short(gain),
                    shown(format::computed(threshold))
                ),
            )
        } else {
            let within = within_band(gain, band_width(ind, applies), eps);
            let side = if within { "within" } else { "beyond" };
            let status = if within {
                Status::Near
            } else {
                Status::OffTarget
            };
            (
                status,
                format!("{}, {side} {} tolerance", short(gain), ind.tolerance),
            )
        };
        (status, Some(applies), format!("{head}: {tail}"))
    }
}

/// A target set on the wrong side of its baseline (below it when higher is
/// better, above it when lower is), as a warning for the reason: the plan
/// loader is not evaluation's to change, so the rating says it
/// (docs/decisions.md).
fn wrong_side(ind: &Indicator) -> Option<String> {
    let Some(Target::Value { value: goal, .. }) = &ind.target else {
        return None;
    };
    let base = ind.baseline.as_ref().filter(|_| ind.unit != Unit::Grade)?;
    let gain = ind.polarity.gain(*goal, base.value)?;
    if gain >= 0.0 {
        return None;
    }
    let shown = |x: f64| format::value(x, ind.unit, ind.per);
    let (side, better) = match ind.polarity {
        Polarity::Lower => ("above", "lower"),
        _ => ("below", "higher"),
    };
    Some(format!(
        "check the plan: the target {} is {side} the baseline {} ({}) for a {better}-is-better indicator",
        shown(*goal),
        shown(base.value),
        base.period
    ))
}

/// How many grades apart two ranks are: `1 grade`, `2 grades`.
fn grades(n: f64) -> String {
    let n = n.abs().round() as u64;
    if n == 1 {
        "1 grade".into()
    } else {
        format!("{n} grades")
    }
}

/// Where a grade was given: `(inspected 2024-04-22)` for a day, `for
/// 2023/24` for a longer period.
fn when(period: &Period) -> String {
    if period.kind == PeriodKind::Day {
        format!("(inspected {period})")
    } else {
        format!("for {period}")
    }
}

/// Rates a grade by rank on its scale: met at or above the target grade;
/// at an `amber` grade near; below, off target (a grade has no
/// tolerance); `missed` once the target's `by` (plus lag) has passed
/// below it. `improve` is met by a better grade than the baseline's.
fn rate_grade(
    ind: &Indicator,
    figures: &[&Observation],
    latest: &Observation,
    as_of: NaiveDate,
) -> (Status, Option<f64>, String) {
    let rank = latest.value.number().unwrap_or_default();
    let word = |r: f64| format::grade(r, &ind.scale);
    let head = format!("{} {}", word(rank), when(&latest.period));
    match &ind.target {
        None => (
            Status::Monitor,
            None,
            format!("no target, monitored: {head}"),
        ),
        Some(Target::Improve) => {
            let reference = ind
                .baseline
                .as_ref()
                .map(|b| (b.value, b.period.to_string()))
                .or_else(|| {
                    (figures.len() > 1).then(|| {
                        let first = figures[0];
                        (
                            first.value.number().unwrap_or_default(),
                            first.period.to_string(),
                        )
                    })
                });
            let Some((base, base_when)) = reference else {
                return (
                    Status::Monitor,
                    None,
                    format!("target is to improve on the first grade, {head}; rated from the next"),
                );
            };
            let head = format!("{head} vs baseline {} ({base_when})", word(base));
            let gain = rank - base;
            if gain > 0.0 {
                (
                    Status::Met,
                    Some(base),
                    format!("{head}: improved by {}", grades(gain)),
                )
            } else if gain == 0.0 {
                (Status::Near, Some(base), format!("{head}: no better"))
            } else {
                (
                    Status::OffTarget,
                    Some(base),
                    format!("{head}: {} worse", grades(gain)),
                )
            }
        }
        Some(Target::Value {
            value: goal,
            by,
            amber,
        }) => {
            let deadline = by.map(|by| ind.lag.map_or(by.last, |lag| lag.after(by.last)));
            let by_text = by.map(|b| format!(" by {b}")).unwrap_or_default();
            let head = format!("{head} vs target {}{by_text}", word(*goal));
            let gain = rank - goal;
            let status_tail = if gain >= 0.0 {
                let ahead = if gain > 0.0 {
                    format!(", {} better", grades(gain))
                } else {
                    String::new()
                };
                (Status::Met, format!("met{ahead}"))
            } else if deadline.is_some_and(|d| as_of > d) {
                (
                    Status::Missed,
                    format!("missed, {} short and the deadline has passed", grades(gain)),
                )
            } else {
                match amber {
                    Some(a) if rank >= *a => (
                        Status::Near,
                        format!(
                            "{} short, at or above the amber grade {}",
                            grades(gain),
                            word(*a)
                        ),
                    ),
                    Some(a) => (
                        Status::OffTarget,
                        format!("{} short, below the amber grade {}", grades(gain), word(*a)),
                    ),
                    None => (Status::OffTarget, format!("{} short", grades(gain))),
                }
            };
            (
                status_tail.0,
                Some(*goal),
                format!("{head}: {}", status_tail.1),
            )
        }
    }
}
