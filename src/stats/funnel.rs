//! Funnel plot control limits, and where each area falls against them,
//! computed as PHEindicatormethods 2.1.0 computes them (UKHSA's R package,
//! `R/Funnels.R` and `R/utils.R` at commit 093fd288), so a funnel plot here
//! matches one drawn from the same figures in R (issue 25).
//!
//! Proportions take the package's closed-form inverse of the Wilson score
//! interval, centred on the plotted areas' pooled proportion; ratios and
//! rates take its exact Poisson funnel, found by the package's own bisection
//! so the plotted points agree with it to every figure it writes. Each area
//! is labelled by testing the centre line against the area's own interval:
//! Wilson for proportions (the same inverse), exact Poisson below 10 events
//! and Byars from 10 for ratios and rates.

#![cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "`cfp league` plots proportions and crude rates; the ratio and DSR forms are \
                  kept, pinned to the package's values, for indicators that will need them"
    )
)]

use super::interval::{self, InputError};
use super::Interval;

/// The package's "2s" funnel: 95%, a tail of 0.025 on each side.
const INNER_TAIL: f64 = 0.025;
/// The package's "3s" funnel: 99.8%, a tail of 0.001 on each side.
const OUTER_TAIL: f64 = 0.001;
/// The package draws every funnel through 100 points.
const POINTS: usize = 100;
/// The bisection below walks a Poisson series term by term, so a count this
/// large would take minutes; no area's count comes near it.
const LARGEST_EVENTS: f64 = 1e7;

/// Why a funnel cannot be drawn from the given areas.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FunnelError {
    NoAreas,
    Input(InputError),
    /// The package needs a denominator for an area with no events: its rate
    /// is 0 whatever the population, so the population cannot be derived.
    NoEventsWithoutDenominator,
    /// A rate must be given (or, with no events, a denominator).
    NoRate(f64),
}

impl std::fmt::Display for FunnelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoAreas => write!(f, "there are no areas to draw a funnel from"),
            Self::Input(e) => e.fmt(f),
            Self::NoEventsWithoutDenominator => write!(
                f,
                "an area with no events needs its denominator: its rate cannot give one"
            ),
            Self::NoRate(x) => write!(f, "the area with {x} events has no rate above zero"),
        }
    }
}

impl From<InputError> for FunnelError {
    fn from(e: InputError) -> Self {
        Self::Input(e)
    }
}

/// Where an area falls against the funnel, in the package's order of
/// precedence (`assign_funnel_significance`, R/Funnels.R lines 459-480).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Significance {
    /// "High (0.001)": above the 99.8% funnel.
    HighAt998,
    /// "High (0.025)": above the 95% funnel, inside the 99.8%.
    HighAt95,
    /// "Low (0.001)": below the 99.8% funnel.
    LowAt998,
    /// "Low (0.025)": below the 95% funnel, inside the 99.8%.
    LowAt95,
    /// "Not significant": inside the 95% funnel.
    NotSignificant,
    /// "Not applicable for events less than 10 for dsrs": a directly
    /// standardised rate from under 10 events is not tested.
    NotApplicable,
}

impl Significance {
    /// The package's own label, as its output factor spells it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::HighAt998 => "High (0.001)",
            Self::HighAt95 => "High (0.025)",
            Self::LowAt998 => "Low (0.001)",
            Self::LowAt95 => "Low (0.025)",
            Self::NotSignificant => "Not significant",
            Self::NotApplicable => "Not applicable for events less than 10 for dsrs",
        }
    }
}

/// An area's counts: numerator and denominator for a proportion, observed
/// and expected events for a ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AreaCounts {
    pub(crate) numerator: f64,
    pub(crate) denominator: f64,
}

/// The 95% ("2s") and 99.8% ("3s") limits at one denominator.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub(crate) struct FunnelLimits {
    pub(crate) inner: Interval,
    pub(crate) outer: Interval,
}

/// One of the package's 100 plotting rows for a proportion funnel.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub(crate) struct ProportionRow {
    pub(crate) population: f64,
    pub(crate) limits: FunnelLimits,
}

/// A proportion funnel: the centre line (`baseline`) and the limits along
/// the denominator axis.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct ProportionFunnel {
    pub(crate) baseline: f64,
    pub(crate) rows: Vec<ProportionRow>,
}

/// A point on one Poisson limit: the denominator where an area with the
/// row's events sits exactly on the limit, and the limit's value there.
/// For a rate the denominator is the population per year
/// (`*_population_1_year`); for a ratio it is the expected events
/// (`*_exp_events`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub(crate) struct LimitPoint {
    pub(crate) denominator: f64,
    pub(crate) value: f64,
}

/// One of the package's 100 plotting rows for a ratio or rate funnel: a
/// Poisson funnel is drawn along the events, so each limit has its own
/// denominator.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub(crate) struct PoissonRow {
    pub(crate) events: f64,
    pub(crate) lower_95: LimitPoint,
    pub(crate) upper_95: LimitPoint,
    pub(crate) lower_998: LimitPoint,
    pub(crate) upper_998: LimitPoint,
}

/// A rate funnel: the centre line per `multiplier` and its rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct RateFunnel {
    pub(crate) baseline: f64,
    pub(crate) rows: Vec<PoissonRow>,
}

/// How a ratio funnel is expressed (`ratio_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RatioType {
    /// "count": observed over expected less one, so 0 is as expected.
    Count,
    /// "isr": an indirectly standardised ratio, 100 as expected.
    Isr,
}

/// How a rate's population is derived from it (`rate_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RateType {
    /// "dsr": directly standardised; an area with no events has no derived
    /// population and adds nothing to the centre line.
    Dsr,
    /// "crude": an area with no events counts its given denominator.
    Crude,
}

/// An area's rate: its events, its rate per `multiplier`, and its
/// denominator, needed only where it has no events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RateArea {
    pub(crate) events: f64,
    pub(crate) rate: Option<f64>,
    pub(crate) denominator: Option<f64>,
}

/// Which limit a Poisson or proportion edge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Lower,
    Upper,
}

/// R's `qnorm`, named as the package names it: it passes 0.975 and 0.999.
fn qnorm(p: f64) -> f64 {
    super::normal_quantile(p)
}

fn count(x: f64) -> Result<f64, InputError> {
    if !x.is_finite() || x.abs() > 1e150 {
        Err(InputError::OutOfRange(x))
    } else if x < 0.0 {
        Err(InputError::NegativeCount(x))
    } else {
        Ok(x)
    }
}

fn denominator(n: f64) -> Result<f64, InputError> {
    if !n.is_finite() || n > 1e150 {
        Err(InputError::OutOfRange(n))
    } else if n <= 0.0 {
        Err(InputError::NoDenominator(n))
    } else {
        Ok(n)
    }
}

// ---------------------------------------------------------------- proportions

/// `sigma_adjustment` (R/utils.R lines 684-708): the proportion whose Wilson
/// interval at `population` just reaches `average`, solved in closed form.
/// `p` is the normal probability the package passes, 0.975 or 0.999.
fn proportion_edge(p: f64, population: f64, average: f64, side: Side) -> f64 {
    let z2 = qnorm(p).powi(2);
    let first_part = average * (population / z2 + 1.0);
    let adj = ((-8.0 * average * (population / z2 + 1.0)).powi(2)
        - 64.0
            * (1.0 / z2 + 1.0 / population)
            * average
            * (population * (average * (population / z2 + 2.0) - 1.0) + z2 * (average - 1.0)))
        .sqrt();
    let last_part = 1.0 / z2 + 1.0 / population;
    let edge = match side {
        Side::Lower => (first_part - adj / 8.0) / last_part,
        Side::Upper => (first_part + adj / 8.0) / last_part,
    };
    edge / population
}

/// The pooled proportion the funnel is centred on: all the areas'
/// numerators over all their denominators (R/Funnels.R line 173).
pub(crate) fn pooled_proportion(areas: &[AreaCounts]) -> Result<f64, FunnelError> {
    if areas.is_empty() {
        return Err(FunnelError::NoAreas);
    }
    let (mut numerators, mut denominators) = (0.0, 0.0);
    for area in areas {
        let (x, n) = (count(area.numerator)?, denominator(area.denominator)?);
        if x > n {
            return Err(InputError::MoreEventsThanPeople { x, n }.into());
        }
        numerators += x;
        denominators += n;
    }
    Ok(numerators / denominators)
}

/// The plotted limits at `population` around `average` (a proportion of 1),
/// times `multiplier` (R/Funnels.R lines 256-270): lower limits floored at
/// 0. The package caps upper limits at 100 whatever the multiplier; here
/// the cap is 100% of the multiplier, the same for percentages and no
/// proportion above 1 otherwise.
pub(crate) fn proportion_limits(population: f64, average: f64, multiplier: f64) -> FunnelLimits {
    let limit = |p: f64| Interval {
        lower: (proportion_edge(p, population, average, Side::Lower) * multiplier).max(0.0),
        upper: (proportion_edge(p, population, average, Side::Upper) * multiplier).min(multiplier),
    };
    FunnelLimits {
        inner: limit(1.0 - INNER_TAIL),
        outer: limit(1.0 - OUTER_TAIL),
    }
}

/// `calculate_funnel_limits(statistic = "proportion")`: the centre line and
/// limits along the package's 100 denominators.
pub(crate) fn proportion_funnel(
    areas: &[AreaCounts],
    multiplier: f64,
) -> Result<ProportionFunnel, FunnelError> {
    let average = pooled_proportion(areas)?;
    let (smallest, largest) = extent(areas.iter().map(|a| a.denominator));
    let (minimum, maximum) = axis(smallest, largest, 1.0);
    let rows = axis_points(minimum, maximum, 0)
        .into_iter()
        .map(|population| ProportionRow {
            population,
            limits: proportion_limits(population, average, multiplier),
        })
        .collect();
    Ok(ProportionFunnel {
        baseline: average * multiplier,
        rows,
    })
}

/// Where an area's proportion falls against the funnel around `average`
/// (R/Funnels.R lines 452-481): strictly beyond a limit is outside it.
pub(crate) fn proportion_significance(
    area: AreaCounts,
    average: f64,
) -> Result<Significance, FunnelError> {
    let (x, n) = (count(area.numerator)?, denominator(area.denominator)?);
    if x > n {
        return Err(InputError::MoreEventsThanPeople { x, n }.into());
    }
    let proportion = x / n;
    let edge = |p: f64, side| proportion_edge(p, n, average, side);
    Ok(if proportion < edge(1.0 - OUTER_TAIL, Side::Lower) {
        Significance::LowAt998
    } else if proportion < edge(1.0 - INNER_TAIL, Side::Lower) {
        Significance::LowAt95
    } else if proportion > edge(1.0 - OUTER_TAIL, Side::Upper) {
        Significance::HighAt998
    } else if proportion > edge(1.0 - INNER_TAIL, Side::Upper) {
        Significance::HighAt95
    } else {
        Significance::NotSignificant
    })
}

// ------------------------------------------------------------- the x axis

fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    })
}

/// R's `nchar()` of a whole number, which goes through `as.character`:
/// R writes 100000 as "1e+05", so the package's axis rounding sees 5
/// characters there, not 6. R writes the shorter form, fixed on a tie.
fn r_characters(whole: f64) -> i32 {
    let fixed = format!("{whole:.0}");
    let significant = fixed.trim_end_matches('0').len().max(1);
    let exponent_digits = if fixed.len() > 100 { 3 } else { 2 };
    let scientific = significant + usize::from(significant > 1) + 2 + exponent_digits;
    i32::try_from(fixed.len().min(scientific)).unwrap_or(i32::MAX)
}

/// `signif.floor` (R/Funnels.R lines 183-190): 95% of `x`, rounded down to
/// its leading digit.
fn signif_floor(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let n = r_characters((x * 0.95).floor()) - 1;
    (x * 0.95 / 10f64.powi(n)).floor() * 10f64.powi(n)
}

/// `signif.ceiling` (R/Funnels.R lines 193-200): 105% of `x`, rounded up to
/// its leading two digits.
fn signif_ceiling(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let n = r_characters((x * 1.05).ceil()) - 2;
    (x * 1.05 / 10f64.powi(n)).ceil() * 10f64.powi(n)
}

/// The axis's ends from the smallest and largest denominators (R/Funnels.R
/// lines 202-222): from 0 when they differ more than twofold. A rate's
/// denominators cover `years` and are rounded per year.
fn axis(smallest: f64, largest: f64, years: f64) -> (f64, f64) {
    let minimum = if largest > 2.0 * smallest {
        0.0
    } else {
        signif_floor(smallest / years) * years
    };
    (minimum, signif_ceiling(largest / years) * years)
}

/// The package's 100 points from `minimum` to `maximum` (R/Funnels.R lines
/// 238-249), closer together where the funnel is widest and at least 1
/// apart. A ratio funnel's (`shift` 1) steps reach a little further.
fn axis_points(minimum: f64, maximum: f64, shift: usize) -> Vec<f64> {
    let mut points = Vec::with_capacity(POINTS);
    let mut previous = minimum.max(1.0);
    points.push(previous);
    for j in 2..=POINTS {
        let steps_left = (POINTS + 1 + shift - j) as f64;
        let next = ((maximum / previous).powf(1.0 / steps_left) * previous).round_ties_even();
        previous = next.max(previous + 1.0);
        points.push(previous);
    }
    points
}

// ---------------------------------------------------------- Poisson funnels

/// `poisson_cis` (R/utils.R lines 546-570): the probability that a Poisson
/// count with `mean` lies from `from` to `to`, summed term by term, rescaled
/// so that the terms of a large mean do not overflow.
fn poisson_probability_between(mean: f64, from: f64, to: f64) -> f64 {
    let (mut term, mut total, mut within, mut k) = (1.0, 0.0, 0.0, 0.0);
    while k <= mean || term > total * 1e-10 {
        total += term;
        if k >= from && k <= to {
            within += term;
        }
        if total > 1e30 {
            within /= 1e30;
            total /= 1e30;
            term /= 1e30;
        }
        k += 1.0;
        term = term * mean / k;
    }
    within / total
}

/// `poisson_funnel` (R/utils.R lines 580-619): the expected count at which
/// `observed` events sit exactly on the limit with `tail` beyond it, by the
/// package's bisection (to 1e-7 on a scale mapping (0, 1) to all means), so
/// the points agree with the package's to its last figure. The lower limit
/// is the package's "high" side: a mean so large that `observed` or fewer
/// has probability `tail`.
fn expected_on_limit(observed: f64, tail: f64, side: Side) -> f64 {
    let mean = |v: f64| (1.0 + observed) * v / (1.0 - v);
    let (mut v, mut step) = (0.5, 0.5);
    while step > 1e-7 {
        step /= 2.0;
        let below = match side {
            Side::Upper => poisson_probability_between(mean(v), observed, 1e10) > tail,
            Side::Lower => poisson_probability_between(mean(v), 0.0, observed) < tail,
        };
        v = if below { v - step } else { v + step };
    }
    mean(v)
}

fn poisson_row(events: f64, to_point: impl Fn(f64) -> LimitPoint) -> PoissonRow {
    PoissonRow {
        events,
        lower_95: to_point(expected_on_limit(events, INNER_TAIL, Side::Lower)),
        upper_95: to_point(expected_on_limit(events, INNER_TAIL, Side::Upper)),
        lower_998: to_point(expected_on_limit(events, OUTER_TAIL, Side::Lower)),
        upper_998: to_point(expected_on_limit(events, OUTER_TAIL, Side::Upper)),
    }
}

/// `calculate_funnel_limits(statistic = "ratio")` (R/Funnels.R lines
/// 271-294): along 100 observed counts, the expected count at each limit
/// and the ratio there. The areas give the axis's extent by their expected
/// counts.
pub(crate) fn ratio_funnel(
    areas: &[AreaCounts],
    ratio_type: RatioType,
) -> Result<Vec<PoissonRow>, FunnelError> {
    if areas.is_empty() {
        return Err(FunnelError::NoAreas);
    }
    for area in areas {
        count(area.numerator)?;
        denominator(area.denominator)?;
    }
    let (smallest, largest) = extent(areas.iter().map(|a| a.denominator));
    let (minimum, maximum) = axis(smallest, largest, 1.0);
    if maximum > LARGEST_EVENTS {
        return Err(InputError::OutOfRange(maximum).into());
    }
    let express = |ratio: f64| match ratio_type {
        RatioType::Count => ratio - 1.0,
        RatioType::Isr => ratio * 100.0,
    };
    Ok(axis_points(minimum, maximum, 1)
        .into_iter()
        .map(|observed| {
            poisson_row(observed, |expected| LimitPoint {
                denominator: expected,
                value: express(observed / expected),
            })
        })
        .collect())
}

/// Where an area's ratio falls against the funnel (R/Funnels.R lines
/// 489-499): whether 1 lies outside the interval of observed over expected.
pub(crate) fn ratio_significance(area: AreaCounts) -> Result<Significance, FunnelError> {
    let expected = denominator(area.denominator)?;
    poisson_significance(count(area.numerator)?, expected, 1.0)
}

/// `funnel_ratio_significance` (R/utils.R lines 630-659) is the interval
/// this crate already gives a count, exact Poisson below 10 events and
/// Byars from 10; `centre` is tested against it over `denominator`.
fn poisson_significance(
    events: f64,
    denominator: f64,
    centre: f64,
) -> Result<Significance, FunnelError> {
    let outer = interval::poisson(events, 1.0 - 2.0 * OUTER_TAIL)?;
    let inner = interval::poisson(events, 1.0 - 2.0 * INNER_TAIL)?;
    Ok(if centre < outer.lower / denominator {
        Significance::HighAt998
    } else if centre < inner.lower / denominator {
        Significance::HighAt95
    } else if centre > outer.upper / denominator {
        Significance::LowAt998
    } else if centre > inner.upper / denominator {
        Significance::LowAt95
    } else {
        Significance::NotSignificant
    })
}

// -------------------------------------------------------------------- rates

/// The population an area's rate stands for over all its years
/// (R/Funnels.R lines 135-164): `multiplier` x events / rate, or with no
/// events the given denominator for a crude rate and none for a DSR.
pub(crate) fn derived_denominator(
    area: RateArea,
    rate_type: RateType,
    multiplier: f64,
) -> Result<Option<f64>, FunnelError> {
    let events = count(area.events)?;
    if events == 0.0 {
        return match (rate_type, area.denominator) {
            (_, None) => Err(FunnelError::NoEventsWithoutDenominator),
            (RateType::Dsr, Some(n)) => denominator(n).map(|_| None).map_err(Into::into),
            (RateType::Crude, Some(n)) => Ok(Some(denominator(n)?)),
        };
    }
    match area.rate {
        Some(rate) if rate > 0.0 && rate.is_finite() => {
            Ok(Some(denominator(multiplier * events / rate)?))
        }
        _ => Err(FunnelError::NoRate(events)),
    }
}

/// The pooled rate the funnel is centred on, per person (not per
/// `multiplier`): all events over all derived populations (R/Funnels.R line
/// 173).
pub(crate) fn pooled_rate(
    areas: &[RateArea],
    rate_type: RateType,
    multiplier: f64,
) -> Result<f64, FunnelError> {
    Ok(pooled(areas, rate_type, multiplier)?.0)
}

/// The pooled rate and the smallest and largest derived populations.
fn pooled(
    areas: &[RateArea],
    rate_type: RateType,
    multiplier: f64,
) -> Result<(f64, f64, f64), FunnelError> {
    let (mut events, mut population) = (0.0, 0.0);
    let (mut smallest, mut largest) = (f64::INFINITY, f64::NEG_INFINITY);
    for area in areas {
        if let Some(n) = derived_denominator(*area, rate_type, multiplier)? {
            population += n;
            smallest = smallest.min(n);
            largest = largest.max(n);
        }
        events += area.events;
    }
    if population <= 0.0 {
        return Err(FunnelError::NoAreas);
    }
    Ok((events / population, smallest, largest))
}

/// The points of one rate limit: the population per year at which an area
/// with `events` over `years` sits on the limit, and the rate per
/// `multiplier` there (R/Funnels.R lines 297-313).
fn rate_point(events: f64, expected: f64, average: f64, multiplier: f64, years: f64) -> LimitPoint {
    let population_1_year = expected / average;
    LimitPoint {
        denominator: population_1_year / years,
        value: events / population_1_year * multiplier,
    }
}

/// `calculate_funnel_limits(statistic = "rate")`: along 100 event counts,
/// the population per year at each limit and the rate there, around the
/// pooled rate. The axis runs from the derived populations' extent per year
/// times the pooled rate, in events.
pub(crate) fn rate_funnel(
    areas: &[RateArea],
    rate_type: RateType,
    multiplier: f64,
    years: f64,
) -> Result<RateFunnel, FunnelError> {
    let years = denominator(years)?;
    let (average, smallest, largest) = pooled(areas, rate_type, multiplier)?;
    let (minimum, maximum) = axis(smallest, largest, years);
    let (minimum, maximum) = ((minimum * average).floor(), (maximum * average).ceil());
    if maximum > LARGEST_EVENTS {
        return Err(InputError::OutOfRange(maximum).into());
    }
    let rows = axis_points(minimum, maximum, 0)
        .into_iter()
        .map(|events| {
            poisson_row(events, |expected| {
                rate_point(events, expected, average, multiplier, years)
            })
        })
        .collect();
    Ok(RateFunnel {
        baseline: average * multiplier,
        rows,
    })
}

/// Where an area's rate falls against the funnel around `average` (a rate
/// per person, [`pooled_rate`]) (R/Funnels.R lines 507-559): whether the
/// pooled rate lies outside the area's own interval. A DSR from under 10
/// events is not tested.
pub(crate) fn rate_significance(
    area: RateArea,
    average: f64,
    rate_type: RateType,
    multiplier: f64,
) -> Result<Significance, FunnelError> {
    match derived_denominator(area, rate_type, multiplier)? {
        _ if rate_type == RateType::Dsr && area.events < 10.0 => Ok(Significance::NotApplicable),
        Some(population) => poisson_significance(area.events, population, average),
        None => Ok(Significance::NotApplicable),
    }
}

#[cfg(test)]
mod tests {
    //! Reference values from PHEindicatormethods 2.1.0's own tests
    //! (tests/testthat/testFunnels.R) and the files they read, at commit
    //! 093fd288d8f8949dbcfbed70049dbbf385b6141d.

    use super::*;
    use crate::stats::assert_sig;
    use proptest::prelude::*;

    fn significance(label: &str) -> Significance {
        [
            Significance::HighAt998,
            Significance::HighAt95,
            Significance::LowAt998,
            Significance::LowAt95,
            Significance::NotSignificant,
            Significance::NotApplicable,
        ]
        .into_iter()
        .find(|s| s.label() == label)
        .unwrap_or_else(|| panic!("no significance is labelled {label:?}"))
    }

    fn fields(table: &str) -> Vec<Vec<&str>> {
        table.lines().map(|l| l.split(',').collect()).collect()
    }

    fn number(field: &str) -> f64 {
        field.parse().unwrap()
    }

    fn proportion_areas() -> Vec<(AreaCounts, Significance)> {
        fields(PROPORTION_AREAS)
            .iter()
            .map(|f| {
                let area = AreaCounts {
                    numerator: number(f[0]),
                    denominator: number(f[1]),
                };
                (area, significance(f[2]))
            })
            .collect()
    }

    /// A limit the package floors at 0 or caps at 100 is exactly that.
    fn check(actual: f64, expected: f64, figures: i32) {
        if expected == 0.0 || expected == 100.0 {
            assert_eq!(actual, expected);
        } else {
            assert_sig(actual, expected, figures);
        }
    }

    fn check_limits(limits: FunnelLimits, expected: &[f64], figures: i32) {
        check(limits.inner.lower, expected[0], figures);
        check(limits.inner.upper, expected[1], figures);
        check(limits.outer.lower, expected[2], figures);
        check(limits.outer.upper, expected[3], figures);
    }

    /// testFunnels.R, "confidence limits calculate correctly for
    /// proportions": all 303 PCTs, per 100; every one of the 100 rows of
    /// testdata_funnel_prop_outputs.csv, which gives 6 decimals.
    #[test]
    fn proportion_funnel_matches_the_package() {
        let areas: Vec<_> = proportion_areas().into_iter().map(|(a, _)| a).collect();
        let funnel = proportion_funnel(&areas, 100.0).unwrap();
        assert_sig(funnel.baseline, 80.642448, 8);
        let expected = fields(PROPORTION_FUNNEL);
        assert_eq!(funnel.rows.len(), expected.len());
        for (row, want) in funnel.rows.iter().zip(&expected) {
            let want: Vec<f64> = want.iter().map(|f| number(f)).collect();
            assert_eq!(row.population, want[0]);
            check_limits(row.limits, &want[1..5], 7);
        }
        // Spot values, 95% and 99.8%, low and high, in the package's words.
        let at = |population: f64| {
            let row = funnel.rows.iter().find(|r| r.population == population);
            row.unwrap().limits
        };
        check_limits(at(1.0), &[3.204264, 100.0, 0.0, 100.0], 7);
        check_limits(at(3.0), &[35.933491, 100.0, 10.150815, 100.0], 8);
        check_limits(
            at(110000.0),
            &[80.408963, 80.875933, 80.274317, 81.010578],
            8,
        );
    }

    /// testFunnels.R, "confidence limits calculate correctly with axis
    /// variation": the areas under 31,000, whose denominators are within
    /// twofold, so the axis starts at 95% of the smallest rounded down.
    #[test]
    fn proportion_funnel_with_axis_variation_matches_the_package() {
        let areas: Vec<_> = proportion_areas()
            .into_iter()
            .map(|(a, _)| a)
            .filter(|a| a.denominator < 31000.0)
            .collect();
        let funnel = proportion_funnel(&areas, 100.0).unwrap();
        assert_sig(funnel.baseline, 82.18033788, 10);
        assert_eq!(funnel.rows.len(), 100);
        for want in AXIS_VARIATION {
            let row = funnel.rows.iter().find(|r| r.population == want[0]);
            check_limits(row.unwrap().limits, &want[1..5], 9);
        }
        assert_eq!(funnel.rows[0].population, 10000.0);
        assert_eq!(funnel.rows[99].population, 33000.0);
    }

    /// testFunnels.R, "Significance for proportions calculates correctly":
    /// every PCT's label in testdata_funnel_prop_inputs.csv, all five kinds.
    #[test]
    fn proportion_significance_matches_the_package() {
        let areas = proportion_areas();
        let counts: Vec<_> = areas.iter().map(|(a, _)| *a).collect();
        let average = pooled_proportion(&counts).unwrap();
        for (area, want) in &areas {
            assert_eq!(
                proportion_significance(*area, average).unwrap(),
                *want,
                "{area:?}"
            );
        }
        // North Devon PCT, the one "Low (0.025)"; West Norfolk PCT, "High (0.025)".
        let north_devon = AreaCounts {
            numerator: 30277.5312,
            denominator: 37828.0,
        };
        assert_eq!(
            proportion_significance(north_devon, average).unwrap(),
            Significance::LowAt95
        );
        let west_norfolk = AreaCounts {
            numerator: 26789.238,
            denominator: 33012.0,
        };
        assert_eq!(
            proportion_significance(west_norfolk, average).unwrap(),
            Significance::HighAt95
        );
    }

    fn ratio_areas() -> Vec<(AreaCounts, Significance)> {
        fields(RATIO_AREAS)
            .iter()
            .map(|f| {
                let area = AreaCounts {
                    numerator: number(f[0]),
                    denominator: number(f[1]),
                };
                (area, significance(f[2]))
            })
            .collect()
    }

    fn check_point(point: LimitPoint, denominator: f64, value: f64, figures: i32) {
        assert_sig(point.denominator, denominator, figures);
        assert_sig(point.value, value, figures);
    }

    /// testFunnels.R, "confidence limits calculate correctly for ratios
    /// (count)" and "(isr)": the expected events at each limit by the
    /// package's bisection, given to 10 significant figures.
    #[test]
    fn ratio_funnel_matches_the_package() {
        let areas: Vec<_> = ratio_areas().into_iter().map(|(a, _)| a).collect();
        let counts = ratio_funnel(&areas, RatioType::Count).unwrap();
        let isrs = ratio_funnel(&areas, RatioType::Isr).unwrap();
        assert_eq!(counts.len(), 100);
        assert_eq!(counts[99].events, 716.0);
        for want in RATIO_FUNNEL {
            let count = counts.iter().find(|r| r.events == want[0]).unwrap();
            let isr = isrs.iter().find(|r| r.events == want[0]).unwrap();
            let limits = [
                (count.lower_95, isr.lower_95),
                (count.upper_95, isr.upper_95),
                (count.lower_998, isr.lower_998),
                (count.upper_998, isr.upper_998),
            ];
            for (i, (count, isr)) in limits.into_iter().enumerate() {
                let want = &want[1 + 3 * i..4 + 3 * i];
                check_point(count, want[0], want[1], 8);
                check_point(isr, want[0], want[2], 8);
            }
        }
    }

    /// testFunnels.R, "Significance for ratios calculates correctly": every
    /// area of testdata_funnel_ratio_inputs.csv.
    #[test]
    fn ratio_significance_matches_the_package() {
        for (area, want) in ratio_areas() {
            assert_eq!(ratio_significance(area).unwrap(), want, "{area:?}");
        }
    }

    fn check_rate_rows(funnel: &RateFunnel, expected: &[[f64; 10]]) {
        assert_eq!(funnel.rows.len(), 100);
        for want in expected {
            assert_sig(funnel.baseline, want[9], 10);
            let row = funnel.rows.iter().find(|r| r.events == want[0]).unwrap();
            let limits = [row.lower_95, row.upper_95, row.lower_998, row.upper_998];
            for (i, point) in limits.into_iter().enumerate() {
                check_point(point, want[1 + 2 * i], want[2 + 2 * i], 9);
            }
        }
    }

    fn rate_funnel_areas() -> Vec<RateArea> {
        fields(RATE_FUNNEL_AREAS)
            .iter()
            .map(|f| RateArea {
                events: number(f[0]),
                rate: Some(number(f[1])),
                denominator: None,
            })
            .collect()
    }

    /// testFunnels.R, "confidence limits calculate correctly for rates
    /// (dsr)": DSRs per 100,000 over 3 years.
    #[test]
    fn dsr_funnel_matches_the_package() {
        let funnel = rate_funnel(&rate_funnel_areas(), RateType::Dsr, 1e5, 3.0).unwrap();
        check_rate_rows(&funnel, &RATE_FUNNEL_DSR);
    }

    /// testFunnels.R, "confidence limits calculate correctly for rates
    /// (crude); with less than 10 events": the largest count made 5.
    #[test]
    fn crude_rate_funnel_matches_the_package() {
        let mut areas = rate_funnel_areas();
        let largest = areas.iter().map(|a| a.events).fold(0.0, f64::max);
        for area in areas.iter_mut().filter(|a| a.events == largest) {
            area.events = 5.0;
        }
        let funnel = rate_funnel(&areas, RateType::Crude, 1e5, 3.0).unwrap();
        check_rate_rows(&funnel, &RATE_FUNNEL_CRUDE_5);
    }

    /// testFunnels.R, "confidence limits calculate correctly for rates
    /// (crude); with 0 events and denominator supplied": the population
    /// derived from each rate, the largest count made 0 with its population
    /// kept, and only the areas above half the largest population.
    #[test]
    fn crude_rate_funnel_with_no_events_matches_the_package() {
        let areas = rate_funnel_areas();
        let largest = areas.iter().map(|a| a.events).fold(0.0, f64::max);
        let population = |a: &RateArea| 1e5 * a.events / a.rate.unwrap();
        let most = areas.iter().map(population).fold(0.0, f64::max);
        let areas: Vec<_> = areas
            .iter()
            .filter(|a| population(a) > most / 2.0)
            .map(|a| {
                let none = a.events == largest;
                RateArea {
                    events: if none { 0.0 } else { a.events },
                    rate: Some(if none { 0.0 } else { a.rate.unwrap() }),
                    denominator: Some(population(a)),
                }
            })
            .collect();
        let funnel = rate_funnel(&areas, RateType::Crude, 1e5, 3.0).unwrap();
        check_rate_rows(&funnel, &RATE_FUNNEL_CRUDE_0);
    }

    /// testFunnels.R, the eight "Significance for rates calculates
    /// correctly" cases: DSR and crude, per 100,000 and per 100, with and
    /// without the area with no events, against
    /// testdata_funnel_rate_dsr_inputs.csv's labels.
    #[test]
    fn rate_significance_matches_the_package() {
        let rows = fields(RATE_AREAS);
        let cases = [
            (RateType::Dsr, 1, 1e5, true, 5),
            (RateType::Dsr, 1, 100.0, true, 6),
            (RateType::Dsr, 1, 1e5, false, 7),
            (RateType::Dsr, 1, 100.0, false, 8),
            (RateType::Crude, 3, 1e5, true, 9),
            (RateType::Crude, 4, 100.0, true, 10),
            (RateType::Crude, 3, 1e5, false, 11),
            (RateType::Crude, 4, 100.0, false, 12),
        ];
        for (rate_type, rate_column, multiplier, with_none, label_column) in cases {
            let rows: Vec<_> = rows.iter().filter(|f| with_none || f[0] != "0").collect();
            let areas: Vec<_> = rows
                .iter()
                .map(|f| RateArea {
                    events: number(f[0]),
                    rate: f[rate_column].parse().ok(),
                    denominator: Some(number(f[2])),
                })
                .collect();
            let average = pooled_rate(&areas, rate_type, multiplier).unwrap();
            for (area, f) in areas.iter().zip(&rows) {
                let got = rate_significance(*area, average, rate_type, multiplier).unwrap();
                assert_eq!(got, significance(f[label_column]), "{rate_type:?} {f:?}");
            }
        }
    }

    /// R writes 100000 as "1e+05" but 120000 in full; the package's axis
    /// rounding counts those characters.
    #[test]
    fn axis_rounding_counts_characters_as_r_writes_them() {
        assert_eq!(r_characters(0.0), 1);
        assert_eq!(r_characters(10000.0), 5);
        assert_eq!(r_characters(100000.0), 5);
        assert_eq!(r_characters(120000.0), 6);
        assert_eq!(r_characters(12000000.0), 7);
        assert_eq!(signif_floor(41980.0), 30000.0);
        assert_eq!(signif_ceiling(104688.0), 110000.0);
    }

    #[test]
    fn labels_are_the_package_words() {
        assert_eq!(Significance::HighAt998.label(), "High (0.001)");
        assert_eq!(Significance::LowAt95.label(), "Low (0.025)");
        assert_eq!(
            Significance::NotApplicable.label(),
            "Not applicable for events less than 10 for dsrs"
        );
    }

    #[test]
    fn inputs_the_package_refuses() {
        assert_eq!(pooled_proportion(&[]), Err(FunnelError::NoAreas));
        let more = AreaCounts {
            numerator: 11.0,
            denominator: 10.0,
        };
        assert!(pooled_proportion(&[more]).is_err());
        let none = RateArea {
            events: 0.0,
            rate: Some(0.0),
            denominator: None,
        };
        assert_eq!(
            pooled_rate(&[none], RateType::Crude, 1e5),
            Err(FunnelError::NoEventsWithoutDenominator)
        );
    }

    proptest! {
        /// The funnel narrows as the denominator grows, the 99.8% funnel
        /// holds the 95%, and both hold the centre line.
        #[test]
        fn proportion_limits_nest_and_narrow(
            average in 0.01f64..0.99,
            population in 10.0f64..1e6,
            growth in 1.01f64..10.0,
        ) {
            let small = proportion_limits(population, average, 100.0);
            let large = proportion_limits(population * growth, average, 100.0);
            let centre = average * 100.0;
            for limits in [small, large] {
                prop_assert!(limits.outer.lower <= limits.inner.lower);
                prop_assert!(limits.inner.upper <= limits.outer.upper);
                prop_assert!(limits.inner.lower < centre && centre < limits.inner.upper);
            }
            prop_assert!(small.inner.lower <= large.inner.lower);
            prop_assert!(small.outer.lower <= large.outer.lower);
            prop_assert!(large.inner.upper <= small.inner.upper);
            prop_assert!(large.outer.upper <= small.outer.upper);
        }

        /// For a rate, each limit at more events sits at a larger
        /// population and nearer the centre line; the 99.8% limits lie
        /// beyond the 95% at the same events.
        #[test]
        fn rate_limits_nest_and_narrow(events in 1.0f64..2000.0, average in 1e-5f64..1e-2) {
            let events = events.round();
            let row = |e: f64| {
                poisson_row(e, |expected| rate_point(e, expected, average, 1e5, 1.0))
            };
            let (fewer, more) = (row(events), row(events + 1.0));
            let centre = average * 1e5;
            for r in [fewer, more] {
                prop_assert!(r.lower_998.value < r.lower_95.value);
                prop_assert!(r.lower_95.value < centre && centre < r.upper_95.value);
                prop_assert!(r.upper_95.value < r.upper_998.value);
            }
            prop_assert!(fewer.lower_95.denominator < more.lower_95.denominator);
            prop_assert!(fewer.upper_95.denominator < more.upper_95.denominator);
            prop_assert!(fewer.lower_95.value < more.lower_95.value);
            prop_assert!(more.upper_95.value < fewer.upper_95.value);
        }
    }

    /// tests/testthat/testdata_funnel_prop_outputs_with_axis_variation.csv, rows
    /// 1, 2, 50, 99 and 100: the areas with a denominator under 31,000.
    const AXIS_VARIATION: [[f64; 6]; 5] = [
        [
            10000.0,
            81.43030244,
            82.93037332,
            80.99777342,
            83.36290233,
            82.18033788,
        ],
        [
            10121.0,
            81.43479938,
            82.92587637,
            81.00486365,
            83.3558121,
            82.18033788,
        ],
        [
            18055.0,
            81.62214661,
            82.73852914,
            81.30024992,
            83.06042583,
            82.18033788,
        ],
        [
            32604.0,
            81.76495715,
            82.5957186,
            81.52541618,
            82.83525958,
            82.18033788,
        ],
        [
            33000.0,
            81.76745696,
            82.5932188,
            81.52935757,
            82.83131819,
            82.18033788,
        ],
    ];

    /// tests/testthat/testdata_funnel_ratio_outputs.csv, rows 1, 2, 3, 10, 50, 99
    /// and 100: observed, then for lower 2s, upper 2s, lower 3s, upper 3s
    /// each the expected events, the count ratio and the ISR.
    const RATIO_FUNNEL: [[f64; 13]; 7] = [
        [
            1.0,
            5.571644585,
            -0.820519779,
            17.94802207,
            0.025317898,
            38.49774946,
            3949.774946,
            9.233410143,
            -0.891697652,
            10.83023482,
            0.001000547,
            998.4532721,
            99945.32721,
        ],
        [
            2.0,
            7.224687515,
            -0.723171418,
            27.6828582,
            0.242209467,
            7.257315569,
            825.7315569,
            11.22886836,
            -0.821887662,
            17.81123382,
            0.04540199,
            43.05093268,
            4405.093268,
        ],
        [
            3.0,
            8.767273828,
            -0.657818376,
            34.21816244,
            0.618671905,
            3.849096876,
            484.9096876,
            13.06224507,
            -0.770330446,
            22.96695541,
            0.190533306,
            14.7452787,
            1574.52787,
        ],
        [
            10.0,
            18.39035799,
            -0.456236795,
            54.3763205,
            4.795387629,
            1.085337156,
            208.5337156,
            24.13397235,
            -0.585646331,
            41.43536693,
            2.960519925,
            2.37778507,
            337.778507,
        ],
        [
            73.0,
            91.78655238,
            -0.204676523,
            79.53234772,
            57.22035714,
            0.275769737,
            127.5769737,
            103.4533683,
            -0.294368069,
            70.56319305,
            49.4154106,
            0.47727195,
            147.727195,
        ],
        [
            684.0,
            737.2376756,
            -0.072212364,
            92.77876357,
            633.6939776,
            0.079385357,
            107.9385357,
            768.7368323,
            -0.110228662,
            88.97713382,
            606.0208883,
            0.128673967,
            112.8673967,
        ],
        [
            716.0,
            770.4222128,
            -0.070639465,
            92.93605352,
            664.5083011,
            0.077488421,
            107.7488421,
            802.60414,
            -0.107903929,
            89.20960712,
            636.1521174,
            0.125516964,
            112.5516964,
        ],
    ];

    /// tests/testthat/testdata_funnel_rate_outputs.csv, rows 1, 2, 10, 50 and 100: events,
    /// then for lower 2s, upper 2s, lower 3s, upper 3s each the population
    /// per year and the rate per 100,000; then the baseline.
    const RATE_FUNNEL_DSR: [[f64; 10]; 5] = [
        [
            1.0,
            1598.675694,
            20.85059119,
            7.264481402,
            4588.535848,
            2649.348525,
            12.58170943,
            0.287087625,
            116108.569,
            116.1720835,
        ],
        [
            2.0,
            2072.984403,
            32.15975314,
            69.49732367,
            959.2695538,
            3221.906682,
            20.69168143,
            13.02722321,
            5117.48863,
            116.1720835,
        ],
        [
            10.0,
            5276.757672,
            63.17010446,
            1375.943768,
            242.2579623,
            6924.776769,
            48.13632908,
            849.4639547,
            392.4043292,
            116.1720835,
        ],
        [
            94.0,
            33006.2688,
            94.93146143,
            21795.70245,
            143.7592268,
            36723.73682,
            85.32174568,
            19184.7108,
            163.3245018,
            116.1720835,
        ],
        [
            1360.0,
            411529.9259,
            110.158048,
            369759.5622,
            122.6021934,
            424043.2424,
            106.9073359,
            358342.3275,
            126.5084525,
            116.1720835,
        ],
    ];

    /// tests/testthat/testdata_funnel_rate_outputs_2.csv, rows 1, 2, 10, 50 and 100: events,
    /// then for lower 2s, upper 2s, lower 3s, upper 3s each the population
    /// per year and the rate per 100,000; then the baseline.
    const RATE_FUNNEL_CRUDE_5: [[f64; 10]; 5] = [
        [
            1.0,
            1616.949526,
            20.61494982,
            7.347518827,
            4536.678859,
            2679.632184,
            12.4395182,
            0.290369211,
            114796.3768,
            114.8591735,
        ],
        [
            2.0,
            2096.679871,
            31.79630214,
            70.2917202,
            948.4284419,
            3258.735028,
            20.45783597,
            13.17613227,
            5059.653722,
            114.8591735,
        ],
        [
            10.0,
            5337.07421,
            62.45619233,
            1391.671639,
            239.5201023,
            7003.931164,
            47.59232002,
            859.1738425,
            387.9696015,
            114.8591735,
        ],
        [
            94.0,
            33383.55045,
            93.85860074,
            22044.84054,
            142.1345429,
            37143.51139,
            84.35748846,
            19404.00367,
            161.4787024,
            114.8591735,
        ],
        [
            1344.0,
            411466.9163,
            108.8787415,
            369466.4508,
            121.2559352,
            424051.9679,
            105.6474286,
            357990.2328,
            125.143079,
            114.8591735,
        ],
    ];

    /// tests/testthat/testdata_funnel_rate_outputs_3.csv, rows 1, 2, 10, 50 and 100: events,
    /// then for lower 2s, upper 2s, lower 3s, upper 3s each the population
    /// per year and the rate per 100,000; then the baseline.
    const RATE_FUNNEL_CRUDE_0: [[f64; 10]; 5] = [
        [
            286.0,
            111970.3773,
            85.14156661,
            88494.9416,
            107.727438,
            119317.6437,
            79.89877305,
            82485.29064,
            115.5761622,
            95.60285106,
        ],
        [
            290.0,
            113445.4949,
            85.20978887,
            89809.05309,
            107.6357709,
            120839.0789,
            79.99619621,
            83753.01029,
            115.418737,
            95.60285106,
        ],
        [
            322.0,
            125227.1962,
            85.71088118,
            100340.8561,
            106.9687239,
            132980.4049,
            80.71364603,
            93924.72732,
            114.2759062,
            95.60285106,
        ],
        [
            561.0,
            212477.498,
            88.00931946,
            179747.6616,
            104.0347331,
            222488.8575,
            84.04915291,
            171071.0695,
            109.3112942,
            95.60285106,
        ],
        [
            1119.0,
            413702.6663,
            90.16137202,
            367628.0403,
            101.4612486,
            427558.6565,
            87.23949201,
            355104.4927,
            105.0395046,
            95.60285106,
        ],
    ];

    /// tests/testthat/testdata_funnel_prop_inputs.csv: numerator, denominator,
    /// and the significance the package expects (testFunnels.R,
    /// "Significance for proportions calculates correctly").
    const PROPORTION_AREAS: &str = "\
35078.488,41980,High (0.001)
24803.6256,31824,Low (0.001)
50050.7443,61921,Not significant
48686.4364,59804,High (0.001)
35795.6324,45449,Low (0.001)
66969.6742,80002,High (0.001)
48514.446,64755,Low (0.001)
70670.2858,93122,Low (0.001)
26029.3176,33708,Low (0.001)
22506.3828,25932,High (0.001)
20619.5552,25852,Low (0.001)
19847.192,23684,High (0.001)
23617.7778,28954,High (0.001)
21121.016,27530,Low (0.001)
30294.3882,41066,Low (0.001)
24648.7596,30521,Not significant
18986,22000,High (0.001)
31759.385,39350,Not significant
26008.305,29850,High (0.001)
49524.9445,63065,Low (0.001)
24107.1107,28519,High (0.001)
55471.6028,73972,Low (0.001)
30573.2632,39752,Low (0.001)
49513.0482,69993,Low (0.001)
39350.4825,52293,Low (0.001)
54063.9774,71034,Low (0.001)
55438.5333,77743,Low (0.001)
29561.6517,36627,Not significant
18631.566,21342,High (0.001)
32137.8848,38024,High (0.001)
18365.4621,29277,Low (0.001)
27622.35,35076,Low (0.001)
18205.1925,22215,High (0.001)
20235.111,24590,High (0.001)
29722.5035,41845,Low (0.001)
46855.99,56453,High (0.001)
33893.8041,40989,High (0.001)
18550.7595,22905,Not significant
48475.9332,59604,High (0.001)
27846.1152,36486,Low (0.001)
21114.2036,25214,High (0.001)
26529.3344,32048,High (0.001)
26789.238,33012,High (0.025)
43206.24,51744,High (0.001)
42896.133,55818,Low (0.001)
38999.9142,45662,High (0.001)
24877.34,29528,High (0.001)
15990.2792,18602,High (0.001)
27609.7972,33434,High (0.001)
51464.1825,63185,High (0.001)
42343.3836,50967,High (0.001)
17321.4088,21587,Not significant
15808.1975,20597,Low (0.001)
58476.8416,73316,Low (0.001)
40167.5494,48949,High (0.001)
26669.856,31480,High (0.001)
23388.3,29985,Low (0.001)
23320.2424,29848,Low (0.001)
22102.1585,26885,High (0.001)
41085.5856,52566,Low (0.001)
22094.6563,28969,Low (0.001)
31573.5024,39212,Not significant
43009.406,50380,High (0.001)
32822.1995,38411,High (0.001)
22030.9072,27388,Not significant
16404.9694,19574,High (0.001)
26103.1484,31442,High (0.001)
32072.836,42520,Low (0.001)
16971.694,20522,High (0.001)
41936.1228,49764,High (0.001)
36850.0492,45449,High (0.025)
58527.8136,68598,High (0.001)
32974.2245,37715,High (0.001)
31386.2036,36649,High (0.001)
24145.8074,28886,High (0.001)
30111.081,37037,High (0.001)
37539.377,44743,High (0.001)
31681.4948,37951,High (0.001)
34502.0685,42485,High (0.025)
24108.2412,28177,High (0.001)
20623.8688,23267,High (0.001)
28315.4886,32569,High (0.001)
23685.9377,28397,High (0.001)
32311.872,39024,High (0.001)
31340.352,36240,High (0.001)
29336.9895,34665,High (0.001)
26560.109,33710,Low (0.001)
17971.5636,21012,High (0.001)
21059.6532,25306,High (0.001)
55711.1808,66704,High (0.001)
23910.2469,29457,High (0.025)
24789.7336,28879,High (0.001)
30239.1376,36904,High (0.001)
19328.1155,22229,High (0.001)
21955.5516,25661,High (0.001)
29301.6135,33415,High (0.001)
30821.2788,36363,High (0.001)
30898.812,41160,Low (0.001)
49993.845,61050,High (0.001)
44395.0808,52801,High (0.001)
21953.8428,26868,High (0.001)
14493.3552,17964,Not significant
41853.2554,53174,Low (0.001)
17967.1247,22603,Low (0.001)
60027.0906,73079,High (0.001)
21834.81,26307,High (0.001)
21838.3308,28041,Low (0.001)
17288.271,19998,High (0.001)
26371.7175,29775,High (0.001)
37216.4698,45986,Not significant
33458.8056,42962,Low (0.001)
39994.4982,46821,High (0.001)
15371.4413,17951,High (0.001)
18169.4562,21739,High (0.001)
29196.8608,35632,High (0.001)
34759.118,44449,Low (0.001)
30453.2129,37741,Not significant
29865.22,33880,High (0.001)
27617.9472,32507,High (0.001)
30277.5312,37828,Low (0.025)
24866.916,30929,Not significant
21139.2936,25992,High (0.025)
20759.65,25750,Not significant
27035.5764,32898,High (0.001)
21823.491,26517,High (0.001)
21463.422,25491,High (0.001)
41388.688,49508,High (0.001)
21306.0303,26333,Not significant
34087.5366,42926,Low (0.001)
35804.9654,42433,High (0.001)
29921.584,35860,High (0.001)
37930.4752,45904,High (0.001)
22297.95,26865,High (0.001)
49272.1026,59493,High (0.001)
20649.9294,27121,Low (0.001)
36343.7088,46028,Low (0.001)
29299.4686,36929,Low (0.001)
53485.6845,64965,High (0.001)
33001.056,38720,High (0.001)
18773.5158,23894,Low (0.001)
38314.0408,47678,Not significant
38045.3716,46958,High (0.025)
16924.1296,20776,High (0.025)
17414.1015,21085,High (0.001)
34188.814,42001,High (0.001)
15524.9934,19257,Not significant
30035.0871,37269,Not significant
27851.4816,36724,Low (0.001)
19109.237,25513,Low (0.001)
16997.2937,21839,Low (0.001)
35982.2873,44461,Not significant
30905.72,37075,High (0.001)
30006.6536,35752,High (0.001)
41001.899,59726,Low (0.001)
41581.1286,53166,Low (0.001)
33431.7795,39795,High (0.001)
53873.8618,63877,High (0.001)
41825.7675,49005,High (0.001)
17487.1408,21176,High (0.001)
19020.9916,22441,High (0.001)
48590.8983,60459,Not significant
52752.084,64806,High (0.001)
46269.4848,62594,Low (0.001)
17677.9584,23328,Low (0.001)
27321.272,34024,Not significant
13551.222,16386,High (0.001)
24180.7545,29151,High (0.001)
59356.4384,73352,Not significant
21667.1616,26869,Not significant
30130.0802,38149,Low (0.001)
27715.4463,34981,Low (0.001)
29334.661,36238,Not significant
32730.8129,43289,Low (0.001)
21893.098,25666,High (0.001)
27706.9455,35345,Low (0.001)
55735.3934,67714,High (0.001)
22557.7128,26236,High (0.001)
41657.6196,50202,High (0.001)
20013.1828,25196,Low (0.001)
20125.9692,24254,High (0.001)
72885.0164,96053,Low (0.001)
51088.301,67595,Low (0.001)
24159.2202,30906,Low (0.001)
41206.088,49616,High (0.001)
37299.262,46277,Not significant
29053.7724,38436,Low (0.001)
44673.567,54255,High (0.001)
41423.2908,49103,High (0.001)
33742.5907,40747,High (0.001)
18599.3456,22264,High (0.001)
20275.7984,24544,High (0.001)
21877.7319,25943,High (0.001)
48450.48,57135,High (0.001)
33210.6936,39284,High (0.001)
46717.749,58617,Low (0.001)
40575.3975,54647,Low (0.001)
38496.4354,50507,Low (0.001)
25938.86,32834,Low (0.001)
23104.8464,27112,High (0.001)
29375.6832,35248,High (0.001)
25156.8975,29775,High (0.001)
18504.9982,22739,High (0.025)
25810.416,31172,High (0.001)
32352.2484,40787,Low (0.001)
29947.9362,35763,High (0.001)
19676.7054,23111,High (0.001)
21057.894,24543,High (0.001)
24217.549,28670,High (0.001)
48244.4227,57427,High (0.001)
37764.5735,45803,High (0.001)
26734.0178,32867,High (0.001)
29311.7004,35908,High (0.001)
20781.484,25672,Not significant
38384.7005,48619,Low (0.001)
40086.8865,51705,Low (0.001)
64290.855,88775,Low (0.001)
43879.71,56220,Low (0.001)
50161.2996,68043,Low (0.001)
46828.1065,61901,Low (0.001)
71273.1704,92108,Low (0.001)
17183.688,20920,High (0.001)
30309.7041,36699,High (0.001)
18746.7077,23233,Not significant
19663.4268,24012,High (0.001)
40416.5916,49518,High (0.001)
29709.0543,36583,High (0.025)
24154.956,28035,High (0.001)
44689.6786,52171,High (0.001)
32810.9509,38077,High (0.001)
56140.4742,70053,Low (0.001)
33698.3088,42484,Low (0.001)
19941.1968,24224,High (0.001)
57183.5824,68656,High (0.001)
32555.8572,39476,High (0.001)
32294.8308,39188,High (0.001)
40118.0766,49273,High (0.001)
35176.5102,39734,High (0.001)
32335.6402,38893,High (0.001)
43886.934,53586,High (0.001)
40207.3551,47883,High (0.001)
42177.0041,54233,Low (0.001)
51594.8418,60922,High (0.001)
55826.0785,67139,High (0.001)
19387.5944,23308,High (0.001)
50623.2867,61593,High (0.001)
44620.7166,54462,High (0.001)
42724.9914,51594,High (0.001)
41845.512,51789,Not significant
39309.8886,49242,Low (0.001)
41728.5048,57908,Low (0.001)
47372.6876,66647,Low (0.001)
74612.598,101060,Low (0.001)
56898.4045,79835,Low (0.001)
58379.62,77324,Low (0.001)
69813.94,92776,Low (0.001)
46932.2676,56929,High (0.001)
27543.7679,32393,High (0.001)
19618.6936,22406,High (0.001)
21614.982,25671,High (0.001)
31834.019,38345,High (0.001)
43622.653,52274,High (0.001)
18672.6456,22683,High (0.001)
58815.3654,72237,High (0.001)
32775.7593,38977,High (0.001)
33232.51,38620,High (0.001)
56530.8036,68622,High (0.001)
42276.394,51670,High (0.001)
37945.3125,46875,Not significant
32638.419,38786,High (0.001)
67289.976,87435,Low (0.001)
56612.028,67540,High (0.001)
48822.495,60990,Low (0.001)
28735.0316,37631,Low (0.001)
45239.2392,56634,Low (0.001)
81412.86,102950,Low (0.001)
38873.3924,48236,Not significant
18003.1,21955,High (0.001)
22441.8338,28946,Low (0.001)
20274.1032,24292,High (0.001)
59851.2992,75992,Low (0.001)
24374.664,29438,High (0.001)
27339.7012,33131,High (0.001)
20574.1692,25948,Low (0.001)
13240.9172,16477,Not significant
25812.6393,32753,Low (0.001)
31973.4336,39488,Not significant
25716.8488,30806,High (0.001)
25700.2025,30775,High (0.001)
38797.1714,46397,High (0.001)
36354.8534,43838,High (0.001)
53914.2098,64537,High (0.001)
33506.9514,40482,High (0.001)
53405.3864,67363,Low (0.001)
46845.309,58962,Low (0.001)
36378.5696,45202,Not significant
45320.7168,63904,Low (0.001)
43013.5895,55181,Low (0.001)
45487.9818,60066,Low (0.001)
49697.2917,65331,Low (0.001)
66151.5729,76273,High (0.001)
28537.4507,35201,High (0.025)
45559.382,54070,High (0.001)
26882.4969,32573,High (0.001)
";

    /// tests/testthat/testdata_funnel_prop_outputs.csv: Population, lower 2s,
    /// upper 2s, lower 3s, upper 3s, baseline (testFunnels.R, "confidence
    /// limits calculate correctly for proportions").
    const PROPORTION_FUNNEL: &str = "\
1,3.204264,100,0,100,80.642448
2,25.885383,100,0,100,80.642448
3,35.933491,100,10.150815,100,80.642448
4,41.923356,100,19.594903,100,80.642448
5,46.011039,100,26.039864,100,80.642448
6,49.028442,100,30.797336,100,80.642448
7,51.373565,100,34.494842,100,80.642448
8,53.263915,100,37.475315,100,80.642448
9,54.82972,100,39.944085,100,80.642448
10,56.154344,100,42.03259,100,80.642448
11,57.293957,100,43.829393,100,80.642448
12,58.28797,100,45.396631,100,80.642448
13,59.16496,100,46.779363,100,80.642448
14,59.946223,100,48.011163,100,80.642448
16,61.282902,100,50.118675,100,80.642448
18,62.390093,98.894803,51.864359,100,80.642448
20,63.326743,97.958152,53.341156,100,80.642448
22,64.132572,97.152324,54.611687,100,80.642448
24,64.835445,96.449451,55.719892,100,80.642448
27,65.739462,95.545433,57.145237,100,80.642448
30,66.504234,94.780661,58.351036,100,80.642448
33,67.16219,94.122705,59.388421,100,80.642448
37,67.911689,93.373207,60.570139,100,80.642448
41,68.548635,92.73626,61.574398,99.710497,80.642448
45,69.098645,92.186251,62.441586,98.843309,80.642448
50,69.691035,91.593861,63.375595,97.909301,80.642448
55,70.200685,91.08421,64.179149,97.105746,80.642448
61,70.727504,90.557391,65.009774,96.275122,80.642448
68,71.251689,90.033207,65.836243,95.448652,80.642448
75,71.700657,89.584239,66.544121,94.740774,80.642448
83,72.142503,89.142393,67.240771,94.044125,80.642448
92,72.568959,88.715937,67.913155,93.371741,80.642448
102,72.974925,88.309971,68.553233,92.731663,80.642448
113,73.357676,87.927219,69.156708,92.128188,80.642448
125,73.716166,87.56873,69.721931,91.562965,80.642448
139,74.074227,87.210669,70.286478,90.998418,80.642448
154,74.402301,86.882595,70.803745,90.481151,80.642448
171,74.720602,86.564294,71.305603,89.979293,80.642448
190,75.024492,86.260404,71.784739,89.500157,80.642448
211,75.311383,85.973512,72.237075,89.04782,80.642448
234,75.580155,85.70474,72.660842,88.624054,80.642448
260,75.839936,85.44496,73.070432,88.214464,80.642448
289,76.087261,85.197635,73.460384,87.824512,80.642448
321,76.32027,84.964626,73.827764,87.457131,80.642448
356,76.538232,84.746663,74.171421,87.113475,80.642448
395,76.74611,84.538786,74.499177,86.785719,80.642448
438,76.942308,84.342587,74.808519,86.476377,80.642448
486,77.12978,84.155115,75.104102,86.180794,80.642448
539,77.306949,83.977947,75.38344,85.901456,80.642448
598,77.475765,83.809131,75.649608,85.635287,80.642448
664,77.637263,83.647632,75.904239,85.380656,80.642448
737,77.789976,83.49492,76.145017,85.139878,80.642448
818,77.934885,83.35001,76.373493,84.911403,80.642448
908,78.072571,83.212324,76.59058,84.694316,80.642448
1008,78.203374,83.081521,76.796814,84.488082,80.642448
1119,78.327506,82.95739,76.992529,84.292366,80.642448
1242,78.445123,82.839773,77.177973,84.106923,80.642448
1379,78.557126,82.727769,77.354567,83.930329,80.642448
1531,78.663349,82.621547,77.522045,83.76285,80.642448
1699,78.763743,82.521152,77.680336,83.60456,80.642448
1886,78.859312,82.425583,77.831017,83.453878,80.642448
2093,78.949785,82.335111,77.973663,83.311233,80.642448
2323,79.035764,82.249132,78.109224,83.175672,80.642448
2578,79.117294,82.167602,78.237771,83.047125,80.642448
2861,79.194689,82.090207,78.359798,82.925098,80.642448
3175,79.268142,82.016753,78.47561,82.809285,80.642448
3524,79.337968,81.946927,78.585704,82.699192,80.642448
3911,79.40419,81.880706,78.690113,82.594783,80.642448
4341,79.467117,81.817779,78.789329,82.495567,80.642448
4818,79.526814,81.758082,78.883452,82.401444,80.642448
5348,79.583537,81.701359,78.972886,82.31201,80.642448
5936,79.63735,81.647545,79.057733,82.227163,80.642448
6588,79.688382,81.596514,79.138193,82.146703,80.642448
7312,79.736846,81.548049,79.214606,82.07029,80.642448
8116,79.782872,81.502024,79.287174,81.997722,80.642448
9008,79.82654,81.458355,79.356024,81.928871,80.642448
9998,79.867989,81.416907,79.421375,81.863521,80.642448
11097,79.907338,81.377558,79.483416,81.80148,80.642448
12316,79.944665,81.340231,79.542269,81.742627,80.642448
13669,79.980099,81.304797,79.598137,81.686759,80.642448
15171,80.013741,81.271155,79.65118,81.633716,80.642448
16838,80.045674,81.239222,79.701527,81.583368,80.642448
18688,80.075982,81.208914,79.749314,81.535582,80.642448
20742,80.10476,81.180135,79.794688,81.490208,80.642448
23022,80.13208,81.152816,79.837761,81.447134,80.642448
25552,80.158005,81.126891,79.878637,81.406259,80.642448
28360,80.182613,81.102283,79.917436,81.36746,80.642448
31477,80.205974,81.078922,79.954269,81.330627,80.642448
34936,80.228144,81.056751,79.989225,81.295671,80.642448
38775,80.249188,81.035707,80.022404,81.262492,80.642448
43036,80.269164,81.015732,80.053899,81.230996,80.642448
47766,80.288128,80.996768,80.083799,81.201097,80.642448
53016,80.306129,80.978767,80.112181,81.172715,80.642448
58842,80.323212,80.961684,80.139116,81.14578,80.642448
65309,80.33943,80.945466,80.164686,81.12021,80.642448
72486,80.354822,80.930074,80.188954,81.095941,80.642448
80452,80.369433,80.915463,80.211991,81.072905,80.642448
89294,80.383302,80.901594,80.233858,81.051037,80.642448
99108,80.396467,80.888428,80.254616,81.03028,80.642448
110000,80.408963,80.875933,80.274317,81.010578,80.642448
";

    /// tests/testthat/testdata_funnel_ratio_inputs.csv: obs, expected,
    /// significance (testFunnels.R, "Significance for ratios calculates
    /// correctly").
    const RATIO_AREAS: &str = "\
8,6.239860227,Not significant
151,106.4429719,High (0.001)
159,232.9329036,Low (0.001)
191,184.0963855,Not significant
124,183.894409,Low (0.001)
220,249.8012944,Not significant
150,119.5695496,High (0.025)
0,240.6273499,Low (0.001)
182,196.799308,Not significant
151,204.6070461,Low (0.001)
206,139.4719025,High (0.001)
141,106.7211626,High (0.001)
113,96.14566494,Not significant
129,127.9000595,Not significant
121,162.3289509,Low (0.001)
190,202.1491648,Not significant
187,181.3773036,Not significant
136,141.2693466,Not significant
150,100.6778978,High (0.001)
75,120.1923077,Low (0.001)
92,102.6098595,Not significant
182,136.0137508,High (0.001)
182,143.6804295,High (0.025)
101,126.2973615,Low (0.025)
169,125.1573724,High (0.001)
124,176.764077,Low (0.001)
107,125.1461988,Not significant
174,141.4404162,High (0.025)
98,134.6338783,Low (0.001)
160,97.12273886,High (0.001)
141,136.9596892,Not significant
174,143.4578283,High (0.025)
119,140.9618574,Not significant
252,218.7689904,High (0.025)
203,154.185022,High (0.001)
507,272.3024867,High (0.001)
230,176.6920181,High (0.001)
250,164.4628643,High (0.001)
321,178.7902417,High (0.001)
254,254.4070513,Not significant
228,179.598267,High (0.001)
207,177.7129121,High (0.025)
319,274.8815166,High (0.025)
226,126.1160714,High (0.001)
677,349.8165659,High (0.001)
200,164.1901322,High (0.025)
335,276.3114484,High (0.001)
359,292.7505504,High (0.001)
253,200.9531374,High (0.001)
340,261.1367127,High (0.001)
275,226.4679239,High (0.001)
516,429.2131093,High (0.001)
291,178.6920479,High (0.001)
366,208.6421161,High (0.001)
278,176.3623676,High (0.001)
237,138.1843624,High (0.001)
342,252.0265291,High (0.001)
893,706.7669173,High (0.001)
290,232.3531768,High (0.001)
241,288.6919023,Low (0.025)
307,237.6160991,High (0.001)
157,185.666982,Low (0.025)
261,230.9734513,Not significant
233,201.7490692,High (0.025)
457,361.0650233,High (0.001)
187,164.5692159,Not significant
355,318.5570711,High (0.025)
765,571.5780036,High (0.001)
374,281.3299233,High (0.001)
130,81.9413804,High (0.001)
191,111.1757858,High (0.001)
196,134.6246308,High (0.001)
213,159.1095839,High (0.001)
91,88.57309714,Not significant
149,98.22017139,High (0.001)
183,166.1974389,Not significant
152,101.4144649,High (0.001)
194,138.7895264,High (0.001)
366,197.2833118,High (0.001)
327,344.573235,Not significant
164,143.9227731,Not significant
162,151.1617057,Not significant
142,159.3893815,Not significant
188,189.458833,Not significant
183,188.6014635,Not significant
16,36.38844667,Low (0.001)
236,181.3431689,High (0.001)
119,186.5788648,Low (0.001)
156,130.4020731,High (0.025)
292,202.9610065,High (0.001)
102,148.9051095,Low (0.001)
307,279.0909091,Not significant
154,194.8380567,Low (0.025)
163,219.7950378,Low (0.001)
240,205.9378754,High (0.025)
117,140.709561,Low (0.025)
135,139.4772187,Not significant
108,132.8249908,Low (0.025)
158,143.1807884,Not significant
119,124.7902685,Not significant
145,135.1981352,Not significant
164,138.9830508,High (0.025)
103,108.6039646,Not significant
234,197.4516918,High (0.025)
67,76.46656015,Not significant
109,120.6152484,Not significant
79,92.3005024,Not significant
66,76.30939993,Not significant
87,115.0945892,Low (0.025)
76,121.8143933,Low (0.001)
167,147.9054114,Not significant
197,180.1389905,Not significant
148,136.9609476,Not significant
189,154.185022,High (0.025)
133,150.4695101,Not significant
80,105.9462323,Low (0.025)
102,124.7553816,Low (0.025)
90,98.00718719,Not significant
105,137.4165685,Low (0.025)
48,86.81497558,Low (0.001)
47,60.02554278,Not significant
66,135.0521793,Low (0.001)
60,68.87842957,Not significant
43,71.57123835,Low (0.001)
84,91.21511565,Not significant
134,136.6649669,Not significant
62,115.8012701,Low (0.001)
86,110.6109325,Low (0.025)
73,89.2638787,Not significant
96,104.6892039,Not significant
85,77.54766901,Not significant
97,147.5060827,Low (0.001)
98,114.0065147,Not significant
80,88.47600088,Not significant
71,92.2677063,Low (0.025)
95,100.9671591,Not significant
70,93.22146757,Low (0.025)
67,70.74226586,Not significant
95,103.8932633,Not significant
6,4.293052052,Not significant
118,98.01478528,Not significant
85,67.9184978,Not significant
128,97.97168006,High (0.025)
73,68.67356538,Not significant
40,55.14959327,Low (0.025)
72,115.9047006,Low (0.001)
97,111.5840331,Not significant
84,68.37606838,Not significant
107,91.50773967,Not significant
47,75.16392132,Low (0.001)
89,98.98787677,Not significant
82,80.65309334,Not significant
77,101.3958388,Low (0.025)
42,74.53416149,Low (0.001)
98,152.5291829,Low (0.001)
67,88.13470139,Low (0.025)
36,73.67990176,Low (0.001)
80,96.15384615,Not significant
72,90.53187476,Not significant
106,132.0214223,Low (0.025)
46,71.75167681,Low (0.001)
35,56.15273544,Low (0.025)
25,55.01760563,Low (0.001)
59,103.8184058,Low (0.001)
46,66.76342525,Low (0.025)
39,50.23183926,Not significant
75,111.1111111,Low (0.001)
48,64,Low (0.025)
74,52.09066592,High (0.025)
115,82.14285714,High (0.001)
104,77.0199215,High (0.025)
124,88.44507846,High (0.001)
134,82.87976249,High (0.001)
27,26.73002673,Not significant
81,60.21409456,High (0.025)
80,89.98875141,Not significant
101,75.6837767,High (0.025)
66,98.43400447,Low (0.001)
92,104.7358834,Not significant
99,152.7777778,Low (0.001)
131,139.332057,Not significant
84,117.4004193,Low (0.001)
46,65.68613451,Low (0.025)
86,92.24498552,Not significant
104,138.0225614,Low (0.025)
114,133.3801334,Not significant
82,108.6524447,Low (0.025)
64,60.80182405,Not significant
52,60.64139942,Not significant
70,79.64501081,Not significant
176,170.8406135,Not significant
41,64.5059786,Low (0.025)
76,90.86561454,Not significant
43,84.16519867,Low (0.001)
61,82.16594828,Low (0.025)
79,89.24536828,Not significant
77,104.9332243,Low (0.025)
57,76.68505314,Low (0.025)
86,125.1637316,Low (0.001)
60,101.5400237,Low (0.001)
78,100.0641437,Low (0.025)
72,106.8724952,Low (0.001)
81,67.24223809,Not significant
64,73.30202726,Not significant
107,118.2189813,Not significant
157,187.016081,Low (0.025)
46,61.18648577,Not significant
66,101.2425219,Low (0.001)
61,98.48240232,Low (0.001)
74,76.7077848,Not significant
115,114.5989038,Not significant
77,107.8582435,Low (0.025)
72,75.94936709,Not significant
83,103.0799801,Low (0.025)
62,104.6413502,Low (0.001)
59,60.34570932,Not significant
70,72.73482959,Not significant
57,56.39097744,Not significant
78,82.55715495,Not significant
75,96.25256674,Low (0.025)
114,125.994695,Not significant
56,70.8591674,Not significant
117,105.1024075,Not significant
65,84.96732026,Low (0.025)
117,128.3880171,Not significant
58,105.6851312,Low (0.001)
115,100.0434972,Not significant
96,113.1008483,Not significant
174,126.8498943,High (0.001)
73,100.5786718,Low (0.025)
74,90.85328422,Not significant
113,73.49115505,High (0.001)
104,93.71902316,Not significant
68,81.33971292,Not significant
94,67.43668843,High (0.025)
123,122.375883,Not significant
91,74.93412385,Not significant
132,102.7717222,High (0.025)
58,57.18229321,Not significant
67,55.13949469,Not significant
103,98.02988484,Not significant
98,107.385492,Not significant
126,121.7273693,Not significant
75,84.66922556,Not significant
105,133.248731,Low (0.025)
52,75.07941092,Low (0.025)
72,96.93053312,Low (0.025)
35,45.76359833,Not significant
85,80.82921263,Not significant
47,52.42610151,Not significant
67,61.12580969,Not significant
159,169.4373402,Not significant
71,65.66777654,Not significant
77,104.435101,Low (0.025)
70,92.11738387,Low (0.025)
82,121.1942063,Low (0.001)
81,89.03055617,Not significant
92,131.6731072,Low (0.001)
74,127.6302173,Low (0.001)
94,97.08737864,Not significant
128,155.4529998,Low (0.025)
80,128.2051282,Low (0.001)
121,92.34526444,High (0.025)
79,123.1488698,Low (0.001)
87,45.27241505,High (0.001)
48,66.10659689,Low (0.025)
51,70.99109131,Low (0.025)
57,72.87138839,Not significant
140,147.5081656,Not significant
53,73.87789239,Low (0.025)
74,63.9585134,Not significant
38,35.36199516,Not significant
29,31.19956966,Not significant
104,73.9476678,High (0.001)
51,53.31939362,Not significant
53,61.2716763,Not significant
93,58.34744965,High (0.001)
42,57.89110958,Low (0.025)
70,90.06690685,Low (0.025)
105,144.8675497,Low (0.001)
40,44.1014333,Not significant
31,57.81424841,Low (0.001)
118,117.4596854,Not significant
50,70.44237813,Low (0.025)
115,103.0281312,Not significant
125,105.2542944,Not significant
85,99.34548855,Not significant
85,105.5376211,Low (0.025)
105,89.04341927,Not significant
110,106.785749,Not significant
66,95.61060409,Low (0.001)
85,107.6903585,Low (0.025)
75,83.94895903,Not significant
70,113.5626217,Low (0.001)
64,102.9435419,Low (0.001)
49,87.5,Low (0.001)
46,56.88141462,Not significant
41,58.50456621,Low (0.025)
28,37.38816931,Not significant
78,90.84556254,Not significant
";

    /// tests/testthat/testdata_funnel_rate_input_funnels.csv: ev, rate (a
    /// DSR per 100,000 over 3 years).
    const RATE_FUNNEL_AREAS: &str = "\
414,184,5705
462,102,3377
178,83,5043
525,118,1685
194,121,7077
937,125,6026
817,112,7386
117,190,8280
298,146,5714
228,140,1150
243,87,7809
13,70,9173
373,90,7910
664,139,3207
601,109,2028
602,65,9517
767,165,8447
708,143,8734
90,55,9010
952,135,2955
347,135,9171
648,88,6357
988,167,6883
354,99,5092
839,83,1984
25,53,7182
518,62,1985
425,118,5232
648,176,2583
765,101,5684
210,71,8863
931,138,5775
589,74,7643
592,84,1984
554,161,9535
870,79,8477
372,189,3506
843,170,1194
142,159,4123
543,113,7677
489,191,5649
620,116,3131
774,200,4463
904,171,4948
936,128,8756
841,134,3757
22,185,4832
922,100,1711
955,123,6369
308,155,4500
";

    /// tests/testthat/testdata_funnel_rate_dsr_inputs.csv: count, rate_dsr,
    /// pop, rate_crude_per_100000, rate_crude_per_100, then the expected
    /// significance: dsr per 100,000 / per 100 with the 0 row, without it,
    /// crude per 100,000 / per 100 with 0, without 0.
    const RATE_AREAS: &str = "\
2419,907.6174266,264102,915.9339952,0.915933995,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2337,948.5620216,259711,899.8463677,0.899846368,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2291,799.9690496,289247,792.056616,0.792056616,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2242,852.5637927,265029,845.9451607,0.845945161,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2218,868.5358183,284649,779.2052668,0.779205267,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2159,769.6242217,293578,735.409329,0.735409329,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2130,752.3254955,286718,742.8902266,0.742890227,High (0.025),High (0.025),High (0.025),High (0.025),High (0.001),High (0.001),High (0.001),High (0.001)
2111,710.2689402,307381,686.7698394,0.686769839,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant
2105,815.3530325,274145,767.8418355,0.767841836,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2083,717.7035916,297424,700.3469794,0.700346979,Not significant,Not significant,Not significant,Not significant,High (0.025),High (0.025),Not significant,Not significant
2078,755.8016993,272628,762.2107781,0.762210778,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2062,825.9742848,269656,764.6779601,0.76467796,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2061,702.2972468,294692,699.3742619,0.699374262,Not significant,Not significant,Not significant,Not significant,High (0.025),High (0.025),Not significant,Not significant
2033,785.6210132,277710,732.0586223,0.732058622,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.025),High (0.025)
2033,743.6763018,259213,784.2970839,0.784297084,High (0.025),High (0.025),High (0.025),High (0.025),High (0.001),High (0.001),High (0.001),High (0.001)
2010,781.8323058,285516,703.9885681,0.703988568,High (0.001),High (0.001),High (0.001),High (0.001),High (0.025),High (0.025),Not significant,Not significant
2004,772.6781064,269449,743.7400027,0.743740003,High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001),High (0.001)
2002,652.3391553,290888,688.2373972,0.688237397,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Not significant,Not significant,Not significant,Not significant
1977,648.4969973,287112,688.5814595,0.68858146,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Not significant,Not significant,Not significant,Not significant
1944,727.5777428,286492,678.5529788,0.678552979,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant
1932,625.6551186,287012,673.1425864,0.673142586,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Not significant,Not significant,Not significant,Not significant
1922,688.5582424,291277,659.8529922,0.659852992,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant
1912,662.4465438,289859,659.631062,0.659631062,Low (0.025),Low (0.025),Low (0.025),Low (0.025),Not significant,Not significant,Not significant,Not significant
1881,627.1624732,289653,649.3977276,0.649397728,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Not significant,Not significant,Low (0.025),Low (0.025)
1844,657.1114147,282519,652.6994645,0.652699464,Low (0.025),Low (0.025),Low (0.025),Low (0.025),Not significant,Not significant,Low (0.025),Low (0.025)
1835,724.8456714,274220,669.1707388,0.669170739,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant,Not significant
1833,659.7820553,280271,654.009869,0.654009869,Low (0.025),Low (0.025),Low (0.025),Low (0.025),Not significant,Not significant,Low (0.025),Low (0.025)
1825,654.7053631,284206,642.1398563,0.642139856,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Not significant,Not significant,Low (0.025),Low (0.025)
1816,624.4435507,274508,661.5472045,0.661547204,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Not significant,Not significant,Not significant,Not significant
1809,646.7588823,288384,627.2886152,0.627288615,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.025),Low (0.025),Low (0.001),Low (0.001)
1798,703.1689982,287072,626.3237097,0.62632371,Not significant,Not significant,Not significant,Not significant,Low (0.025),Low (0.025),Low (0.001),Low (0.001)
1754,567.9922764,282744,620.3491498,0.62034915,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
1746,617.7750715,289208,603.7177395,0.603717739,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
1709,610.8327232,287736,593.9472294,0.593947229,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
1694,608.5089462,296175,571.9591458,0.571959146,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
1688,662.3775859,303255,556.6272609,0.556627261,Low (0.025),Low (0.025),Low (0.025),Low (0.025),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
1649,667.6454503,285959,576.6560941,0.576656094,Low (0.025),Low (0.025),Low (0.025),Low (0.025),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
1553,604.1141693,274661,565.4242867,0.565424287,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
1332,469.5645784,281425,473.3054988,0.473305499,Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001),Low (0.001)
0,NA,297820,0,0,Not applicable for events less than 10 for dsrs,Not applicable for events less than 10 for dsrs,Not significant,Not significant,Low (0.001),Low (0.001),Not significant,Not significant
";
}
