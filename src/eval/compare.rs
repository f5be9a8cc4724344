//! Comparisons that read a figure against another: direction of travel
//! (latest against previous) and the benchmark against comparators.

use serde::Serialize;

use crate::format;
use crate::measure::{Area, Observation};
use crate::plan::{Plan, Polarity, Unit};

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
    unit: Unit,
) -> Trend {
    let (from, to) = (
        previous.value.number().unwrap_or_default(),
        latest.value.number().unwrap_or_default(),
    );
    let overlap = match (previous.interval(), latest.interval()) {
        (Some((a_lo, a_hi)), Some((b_lo, b_hi))) => a_lo <= b_hi && b_lo <= a_hi,
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
        format::value(to, unit, None).replace(" per 100,000", ""),
        format::value(from, unit, None).replace(" per 100,000", ""),
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
    pub value: f64,
    /// better | similar | worse (tested); higher | lower | same (not tested,
    /// or polarity none).
    pub result: &'static str,
    pub tested: bool,
}

impl Comparison {
    pub fn text(&self) -> String {
        if self.tested {
            format!("{}: {}", self.comparator, self.result)
        } else {
            format!("{}: {} (not tested)", self.comparator, self.result)
        }
    }
}

/// Compares the latest figure with each comparator's figure for the same
/// period. With a 95% interval, a comparator inside it is `similar`;
/// without one, the figures are only higher or lower, marked not tested.
pub fn benchmark(
    plan: &Plan,
    polarity: Polarity,
    latest: &Observation,
    comparators: &[&Observation],
) -> Vec<Comparison> {
    let Some(own) = latest.value.number() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for obs in comparators {
        let (Area::Comparator(c), Some(theirs)) = (obs.area, obs.value.number()) else {
            continue;
        };
        let name = plan
            .comparators
            .get(c as usize)
            .cloned()
            .unwrap_or_default();
        let (result, tested) = match latest.interval() {
            Some((lo, hi)) if lo <= theirs && theirs <= hi => ("similar", true),
            Some(_) => (judge(polarity, own, theirs), true),
            None if own == theirs => ("same", false),
            None => (higher_or_lower(own, theirs), false),
        };
        out.push(Comparison {
            comparator: name,
            value: theirs,
            result,
            tested,
        });
    }
    out
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
