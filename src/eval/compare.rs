//! Comparisons that read a figure against another: direction of travel
//! (latest against previous) and the benchmark against comparators.

use serde::Serialize;

use crate::format;
use crate::measure::Observation;
use crate::plan::{Plan, Polarity, Unit};
use crate::stats::Interval;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improving,
    Worsening,
    /// Polarity none: up, not judged.
    Increasing,
    /// Polarity none: down, not judged.
    Decreasing,
    NoChange,
}

impl Direction {
    pub fn words(self) -> &'static str {
        match self {
            Self::Improving => "improving",
            Self::Worsening => "worsening",
            Self::Increasing => "increasing",
            Self::Decreasing => "decreasing",
            Self::NoChange => "no change",
        }
    }
}

/// Direction of travel, with the two figures it compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub direction: Direction,
    pub from: f64,
    pub from_period: String,
    pub to: f64,
    pub to_period: String,
    /// Why: e.g. `70.4% from 69.1% in 2022/23`.
    pub text: String,
}

/// Latest against previous, polarity-aware; `no change` when equal or when
/// both have 95% intervals and they overlap.
pub fn direction(
    polarity: Polarity,
    previous: &Observation,
    latest: &Observation,
    previous_ci: Option<Interval>,
    latest_ci: Option<Interval>,
    unit: Unit,
    scale: &[String],
) -> Trend {
    let (from, to) = (
        previous.value.number().unwrap_or_default(),
        latest.value.number().unwrap_or_default(),
    );
    let overlap = match (previous_ci, latest_ci) {
        (Some(a), Some(b)) => a.overlaps(&b),
        _ => false,
    };
    let direction = if from == to || overlap {
        Direction::NoChange
    } else {
        match polarity.gain(to, from) {
            Some(g) if g > 0.0 => Direction::Improving,
            Some(_) => Direction::Worsening,
            None if to > from => Direction::Increasing,
            None => Direction::Decreasing,
        }
    };
    let mut text = format!(
        "{} from {} in {}",
        format::figure(to, unit, None, scale).replace(" per 100,000", ""),
        format::figure(from, unit, None, scale).replace(" per 100,000", ""),
        previous.period
    );
    if overlap && from != to {
        text.push_str("; 95% intervals overlap");
    }
    Trend {
        direction,
        from,
        from_period: previous.period.to_string(),
        to,
        to_period: latest.period.to_string(),
        text,
    }
}

/// How the area compares with one comparator for the same period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub comparator: String,
    /// The comparator's figure; none when it has none for the period.
    pub value: Option<f64>,
    /// better | similar | worse (tested); higher | lower | same (not
    /// tested, or polarity none); not compared.
    pub result: &'static str,
    pub tested: bool,
    /// With five levels: the confidence the difference holds at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'static str>,
    /// Compared by rank on a grade's scale (exact: a grade has no interval).
    #[serde(skip)]
    pub by_grade: bool,
}

impl Comparison {
    pub fn text(&self) -> String {
        match (self.value, self.tested, self.level) {
            (None, _, _) => format!("{}: not compared", self.comparator),
            (Some(_), _, _) if self.by_grade => {
                format!("{}: {} grade", self.comparator, self.result)
            }
            (Some(_), true, Some(level)) => {
                format!("{}: {} ({level})", self.comparator, self.result)
            }
            (Some(_), true, None) => format!("{}: {}", self.comparator, self.result),
            (Some(_), false, _) => format!("{}: {} (not tested)", self.comparator, self.result),
        }
    }
}

/// The benchmark cell: every comparison, or `not compared` when no
/// comparator has a figure for the period.
pub fn benchmark_text(comparisons: &[Comparison]) -> String {
    if comparisons.iter().all(|c| c.value.is_none()) {
        if comparisons.is_empty() {
            String::new()
        } else {
            "not compared".into()
        }
    } else {
        comparisons
            .iter()
            .map(Comparison::text)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Compares the latest figure with each comparator's figure for the same
/// period (Fingertips method 1). Inside the area's 95% interval is
/// `similar`; outside, better or worse by polarity. With a 99.8% interval
/// (five levels) a difference is said to hold at 95% or at 99.8%. Without
/// an interval the figures are only higher or lower, marked not tested.
pub fn benchmark(
    plan: &Plan,
    polarity: Polarity,
    latest: &Observation,
    ci95: Option<Interval>,
    ci998: Option<Interval>,
    comparators: &[Option<&Observation>],
) -> Vec<Comparison> {
    let Some(own) = latest.value.number() else {
        return Vec::new();
    };
    comparators
        .iter()
        .enumerate()
        .map(|(c, obs)| {
            let name = plan.comparators.get(c).cloned().unwrap_or_default();
            let Some(theirs) = obs.and_then(|o| o.value.number()) else {
                return Comparison {
                    comparator: name,
                    value: None,
                    result: "not compared",
                    tested: false,
                    level: None,
                    by_grade: false,
                };
            };
            let (result, tested, level) = match ci95 {
                Some(i) if i.contains(theirs) => ("similar", true, None),
                Some(_) => {
                    let level = ci998.map(|strict| {
                        if strict.contains(theirs) {
                            "95%"
                        } else {
                            "99.8%"
                        }
                    });
                    (judge(polarity, own, theirs), true, level)
                }
                None if own == theirs => ("same", false, None),
                None => (higher_or_lower(own, theirs), false, None),
            };
            Comparison {
                comparator: name,
                value: Some(theirs),
                result,
                tested,
                level,
                by_grade: false,
            }
        })
        .collect()
}

/// A grade against each comparator's grade for the same period, by rank:
/// a `better`, `worse` or `same` grade, exactly (a judgement has no
/// interval to test); `not compared` without one.
pub fn benchmark_grades(
    plan: &Plan,
    latest: &Observation,
    comparators: &[Option<&Observation>],
) -> Vec<Comparison> {
    let Some(own) = latest.value.number() else {
        return Vec::new();
    };
    comparators
        .iter()
        .enumerate()
        .map(|(c, obs)| {
            let theirs = obs.and_then(|o| o.value.number());
            let result = match theirs {
                None => "not compared",
                Some(t) if own > t => "better",
                Some(t) if own < t => "worse",
                Some(_) => "same",
            };
            Comparison {
                comparator: plan.comparators.get(c).cloned().unwrap_or_default(),
                value: theirs,
                result,
                tested: false,
                level: None,
                by_grade: theirs.is_some(),
            }
        })
        .collect()
}

fn higher_or_lower(own: f64, theirs: f64) -> &'static str {
    if own > theirs {
        "higher"
    } else {
        "lower"
    }
}

fn judge(polarity: Polarity, own: f64, theirs: f64) -> &'static str {
    match polarity.gain(own, theirs) {
        Some(g) if g > 0.0 => "better",
        Some(_) => "worse",
        None => higher_or_lower(own, theirs),
    }
}
