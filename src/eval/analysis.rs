//! The statistics of one indicator's series as of a date: intervals for
//! each figure, direction of travel, recent trend, benchmark against each
//! comparator, SPC and forecast. Pure glue between the plan's settings and
//! the methods in [`crate::stats`].

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;

use super::compare::{benchmark, benchmark_grades, benchmark_group, direction, Comparison, Trend};
use crate::format;
use crate::measure::{Area, Observation};
use crate::period::{Period, Span};
use crate::plan::{Indicator, Plan, Polarity, Target, Unit};
use crate::stats::forecast::{forecast, Forecast};
use crate::stats::interval::{poisson, rate, wilson};
use crate::stats::spc::{self, xmr, Spc};
use crate::stats::trend::{recent_trend, RecentTrend, TrendLabel, TrendPoint};
use crate::stats::Interval;

/// A figure's confidence interval: the published one where the source gives
/// it (95% only), else computed from its counts: Wilson for a percentage,
/// exact Poisson or Byars for a rate, or for a count given as a numerator.
pub(crate) fn interval(ind: &Indicator, obs: &Observation, confidence: f64) -> Option<Interval> {
    if (confidence - 0.95).abs() < 1e-12 {
        if let Some((lower, upper)) = obs.interval() {
            return Some(Interval { lower, upper });
        }
    }
    let value = obs.value.number()?;
    match ind.unit {
        Unit::Percent => wilson(
            obs.numerator.get()?,
            obs.denominator.get()?,
            confidence,
            100.0,
        )
        .ok(),
        Unit::Rate => rate(
            obs.numerator.get()?,
            obs.denominator.get()?,
            ind.per.unwrap_or(100_000.0),
            confidence,
        )
        .ok(),
        // A bare count may count things rather than events (schools, staff
        // trained): a Poisson interval only when the row gives its numerator.
        Unit::Count if value >= 0.0 => poisson(obs.numerator.get()?, confidence).ok(),
        _ => None,
    }
}

/// SPC for the latest stretch of the series (since the latest rebase).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcSummary {
    /// Points in the stretch analysed.
    pub points: usize,
    /// The rebase date the stretch starts from, if any.
    pub since: Option<NaiveDate>,
    /// The analysis; none with fewer than 13 points.
    pub result: Option<Spc>,
    /// The target the assurance is against, in its unit (and per), written
    /// for a reader only when the assurance is.
    #[serde(skip)]
    pub target: Option<(f64, Unit, Option<f64>)>,
}

impl SpcSummary {
    pub fn variation_text(&self) -> String {
        match &self.result {
            None => "too few points".into(),
            Some(s) if s.no_variation => "no variation".into(),
            Some(s) => s.variation.words(),
        }
    }

    /// The assurance, naming the target it is against, so that it never
    /// stands unexplained beside a rating against another figure (an
    /// interim point): `consistently fails the 78% target`.
    pub fn assurance_text(&self) -> String {
        use crate::stats::spc::Assurance;
        let Some(a) = self.result.as_ref().and_then(|s| s.assurance) else {
            return String::new();
        };
        let target = self
            .target
            .map(|(value, unit, per)| format::value(value, unit, per))
            .unwrap_or_default();
        match a {
            Assurance::ConsistentlyPass => format!("consistently passes the {target} target"),
            Assurance::ConsistentlyFail => format!("consistently fails the {target} target"),
            Assurance::HitAndMiss => format!("hit and miss against the {target} target"),
        }
    }
}

/// The forecast to the target's date, where one is honest (SPEC 3a).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastSummary {
    pub target: f64,
    /// The target's period, written as its label.
    #[serde(serialize_with = "crate::period::as_label")]
    pub by: Period,
    /// None when no honest forecast can be made; `withheld` says why.
    pub result: Option<Forecast>,
    /// Why there is no forecast: `3 points`, `the target is 8 periods
    /// away`, `the latest point is special cause`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<Cow<'static, str>>,
    #[serde(skip)]
    unit: Unit,
    #[serde(skip)]
    per: Option<f64>,
}

impl ForecastSummary {
    pub fn text(&self) -> String {
        match (&self.result, &self.withheld) {
            (Some(f), _) => format!(
                "{}: {} by {}",
                if f.on_course {
                    "on course"
                } else {
                    "off course"
                },
                format::value(f.projected, self.unit, self.per),
                self.by
            ),
            (None, Some(why)) => format!("no forecast: {why}"),
            (None, None) => "no forecast".into(),
        }
    }
}

/// The points a forecast fits, and so the most it will look ahead, in
/// periods: a line through five years says little of the tenth.
pub(crate) const FORECAST_WINDOW: usize = 5;

/// Why a straight line through the recent points would mislead, if it
/// would: too few points, a target further off than the points reach
/// back, a latest point that is special cause (a spike is not a trend),
/// or a five-point trend that its test finds no significant change in (a
/// slope the test cannot tell from noise is not a course).
fn forecast_withheld(
    points: usize,
    horizon: f64,
    spc: Option<&SpcSummary>,
    recent: Option<&RecentTrend>,
) -> Option<Cow<'static, str>> {
    if points < FORECAST_WINDOW {
        return Some(if points == 1 {
            "1 point".into()
        } else {
            format!("{points} points, {FORECAST_WINDOW} needed").into()
        });
    }
    // Periods differ by a day or two (months, leap years): count whole
    // ones.
    let periods = horizon.round();
    if periods > FORECAST_WINDOW as f64 {
        return Some(
            format!(
                "the target is {periods} periods away, more than the {FORECAST_WINDOW} points fitted"
            )
            .into(),
        );
    }
    let special = spc
        .and_then(|s| s.result.as_ref())
        .is_some_and(|r| r.variation != crate::stats::spc::Variation::CommonCause);
    if special {
        return Some("the latest point is special cause".into());
    }
    recent
        .is_some_and(|r| r.label == TrendLabel::NoSignificantChange)
        .then(|| "the 5-point trend shows no significant change".into())
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    pub direction: Option<Trend>,
    pub recent: Option<RecentTrend>,
    pub benchmark: Vec<Comparison>,
    pub spc: Option<SpcSummary>,
    pub forecast: Option<ForecastSummary>,
}

/// One period's length in days, for run-rates: the time from one figure
/// to the next, as staleness counts it.
fn period_days(ind: &Indicator, latest: &Observation) -> f64 {
    match ind.cadence_after(&latest.period) {
        Span::Days(d) => f64::from(d),
        Span::Months(m) => f64::from(m) * 365.25 / 12.0,
    }
}

/// A group comparator: the area's rank among its areas' figures for the
/// same period, in place of the comparison with a single area.
fn rank_in_groups(
    plan: &Plan,
    ind: &Indicator,
    (visible, latest): (&[&Observation], &Observation),
    mut bench: Vec<Comparison>,
    polarity: Polarity,
) -> Vec<Comparison> {
    let own = latest.value.number().unwrap_or_default();
    for (c, slot) in bench.iter_mut().enumerate() {
        let Some(areas) = plan.comparators.get(c).and_then(|n| plan.group(n)) else {
            continue;
        };
        let figures: Vec<Option<f64>> = areas
            .iter()
            .map(|a| {
                let area = plan.series_area(a)?;
                visible
                    .iter()
                    .find(|o| o.area == area && o.period == latest.period)
                    .and_then(|o| o.value.number())
            })
            .collect();
        *slot = benchmark_group(&slot.comparator, polarity, own, &figures, |m| {
            format::Brief::of(m, ind.unit, &ind.scale)
        });
    }
    bench
}

/// Analyses the figures known on `as_of` (`visible`, every area, in
/// period order per area; `figures`, the plan area's that are numbers).
pub(crate) fn analyse(
    plan: &Plan,
    ind: &Indicator,
    (visible, figures): (&[&Observation], &[&Observation]),
    as_of: NaiveDate,
) -> Analysis {
    let Some(&latest) = figures.last() else {
        return Analysis::default();
    };
    // The last five figures' intervals, each worked out once: the recent
    // trend reads all five, the direction of travel the last two, the
    // benchmark the latest's (a league works 300,000 of each).
    let last = &figures[figures.len().saturating_sub(5)..];
    let mut cis = [None; 5];
    for (slot, o) in cis.iter_mut().zip(last) {
        *slot = interval(ind, o, 0.95);
    }
    let cis = &cis[..last.len()];
    let latest_ci = cis[cis.len() - 1];
    let direction = figures
        .len()
        .checked_sub(2)
        .map(|i| direction(ind, figures[i], latest, (cis[cis.len() - 2], latest_ci)));
    let found = ComparatorFigures::of(plan, visible, latest);
    let comparators = found.as_slice();
    let groups = |bench: Vec<Comparison>, polarity: Polarity| {
        rank_in_groups(plan, ind, (visible, latest), bench, polarity)
    };
    if ind.unit == Unit::Grade {
        // A grade is a judgement, not an estimate: direction of travel and
        // benchmark by rank; no intervals, recent trend, SPC or forecast.
        return Analysis {
            direction,
            benchmark: groups(
                benchmark_grades(plan, latest, comparators, |x| {
                    format::Brief::Word(format::grade(x, &ind.scale))
                }),
                Polarity::Higher,
            ),
            ..Analysis::default()
        };
    }

    // The recent trend reads the last five points only.
    let mut points = [TrendPoint::NONE; 5];
    for ((point, o), &interval) in points.iter_mut().zip(last).zip(cis) {
        *point = TrendPoint {
            value: o.value.number().unwrap_or_default(),
            numerator: o.numerator.get(),
            denominator: o.denominator.get(),
            interval,
        };
    }
    let recent = Some(recent_trend(&points[..last.len()], ind.polarity));

    let strict = (plan.defaults.benchmark_levels == 5)
        .then(|| interval(ind, latest, 0.998))
        .flatten();
    let benchmark = if ind.unit == Unit::Count {
        // An area's count beside another's says nothing of either: no
        // comparison and no rank (SPEC 3a).
        plan.comparators.iter().map(Comparison::of_counts).collect()
    } else {
        groups(
            benchmark(
                plan,
                ind.polarity,
                latest,
                (latest_ci, strict),
                comparators,
                |x| format::Brief::of(x, ind.unit, &ind.scale),
            ),
            ind.polarity,
        )
    };

    let spc = Some(spc_of(plan, ind, figures, latest));
    let forecast = forecast_of(ind, figures, latest, (spc.as_ref(), recent.as_ref()), as_of);
    Analysis {
        direction,
        recent: recent.filter(|r| r.label != TrendLabel::CannotBeCalculated || figures.len() >= 5),
        benchmark,
        spc,
        forecast,
    }
}

/// Each comparator's figure for the latest period, where it has one: on
/// the stack for a plan's few (a league asks 300,000 times).
enum ComparatorFigures<'o> {
    Few([Option<&'o Observation>; 8], usize),
    Many(Vec<Option<&'o Observation>>),
}

impl<'o> ComparatorFigures<'o> {
    fn of(plan: &Plan, visible: &[&'o Observation], latest: &Observation) -> Self {
        let figure_of = |c: usize| {
            visible.iter().copied().find(|o| {
                o.area == Area::Comparator(c as u16)
                    && o.period == latest.period
                    && o.value.number().is_some()
            })
        };
        let n = plan.comparators.len();
        let mut few = [None; 8];
        if n > few.len() {
            return Self::Many((0..n).map(figure_of).collect());
        }
        for (c, slot) in few.iter_mut().enumerate().take(n) {
            *slot = figure_of(c);
        }
        Self::Few(few, n)
    }

    fn as_slice(&self) -> &[Option<&'o Observation>] {
        match self {
            Self::Few(few, n) => &few[..*n],
            Self::Many(many) => many,
        }
    }
}

/// SPC for the latest stretch of the series (since the latest rebase),
/// with the assurance only while the latest point is common cause.
fn spc_of(
    plan: &Plan,
    ind: &Indicator,
    figures: &[&Observation],
    latest: &Observation,
) -> SpcSummary {
    let since = ind
        .rebase
        .iter()
        .copied()
        .filter(|d| *d <= latest.period.last)
        .max();
    let values = || {
        figures
            .iter()
            .filter(move |o| since.is_none_or(|d| o.period.last >= d))
            .filter_map(|o| o.value.number())
    };
    // On the stack for a series of up to 32 figures (a league rates
    // 300,000), else in a vector.
    let (mut few, mut many) = ([0.0; 32], Vec::new());
    let stretch: &[f64] = if figures.len() <= few.len() {
        let mut n = 0;
        for (slot, x) in few.iter_mut().zip(values()) {
            *slot = x;
            n += 1;
        }
        &few[..n]
    } else {
        many.extend(values());
        &many
    };
    let goal = match &ind.target {
        Some(Target::Value { value, .. }) => Some(*value),
        _ => None,
    };
    SpcSummary {
        target: goal.map(|g| (g, ind.unit, ind.per)),
        points: stretch.len(),
        since,
        result: (stretch.len() >= spc::MIN_POINTS).then(|| {
            let mut result = xmr(
                stretch,
                ind.polarity,
                goal,
                spc::Options {
                    screening: plan.defaults.spc_screening,
                    baseline: ind.spc_baseline,
                },
            );
            // Assurance reads the process limits against the target; once
            // the latest point is special cause the process has changed and
            // its old limits assure nothing (Making Data Count recalculates
            // them first).
            if result.variation != crate::stats::spc::Variation::CommonCause {
                result.assurance = None;
            }
            result
        }),
    }
}

/// The forecast to the target's `by`, or why there is none (SPEC 3a);
/// nothing once the `by` has passed or its period has a figure.
fn forecast_of(
    ind: &Indicator,
    figures: &[&Observation],
    latest: &Observation,
    (spc, recent): (Option<&SpcSummary>, Option<&RecentTrend>),
    as_of: NaiveDate,
) -> Option<ForecastSummary> {
    match &ind.target {
        // Once the target's period has its figure, the rating says met or
        // not: a projection beside it would only contradict it.
        Some(Target::Value {
            value,
            by: Some(by),
            ..
        }) if as_of <= by.last && latest.period.last < by.last => {
            // The line is fitted to the last points only.
            let mut fitted = [(NaiveDate::MIN, 0.0); FORECAST_WINDOW];
            let last = &figures[figures.len().saturating_sub(FORECAST_WINDOW)..];
            for (point, o) in fitted.iter_mut().zip(last) {
                *point = (o.period.last, o.value.number().unwrap_or_default());
            }
            let days = period_days(ind, latest);
            let horizon = (by.last - latest.period.last).num_days() as f64 / days;
            let withheld = forecast_withheld(figures.len(), horizon, spc, recent);
            Some(ForecastSummary {
                target: *value,
                by: *by,
                result: match withheld {
                    Some(_) => None,
                    None => forecast(&fitted[..last.len()], by.last, *value, ind.polarity, days),
                },
                withheld,
                unit: ind.unit,
                per: ind.per,
            })
        }
        _ => None,
    }
}
