//! Comparisons that read a figure against another: direction of travel
//! (latest against previous) and the benchmark against comparators.

use std::sync::Arc;

use serde::Serialize;

use crate::format;
use crate::measure::Observation;
use crate::period::Period;
use crate::plan::{Indicator, Plan, Polarity, Unit};
use crate::stats::Interval;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Tested: the 95% intervals do not overlap, better by polarity.
    Improving,
    /// Tested: the 95% intervals do not overlap, worse by polarity.
    Worsening,
    /// Tested, polarity none: up, not judged.
    Increasing,
    /// Tested, polarity none: down, not judged.
    Decreasing,
    /// Tested: the 95% intervals overlap.
    NoChange,
    /// Not tested (no intervals): the figure is higher.
    Up,
    /// Not tested (no intervals): the figure is lower.
    Down,
    /// Not tested (no intervals): the same figure.
    Same,
}

impl Direction {
    pub fn words(self) -> &'static str {
        match self {
            Self::Improving => "improving",
            Self::Worsening => "worsening",
            Self::Increasing => "increasing",
            Self::Decreasing => "decreasing",
            Self::NoChange => "no change",
            Self::Up => "up",
            Self::Down => "down",
            Self::Same => "same",
        }
    }

    /// Whether the word comes from a test (or, for a grade, an exact
    /// comparison of ranks) and so may judge.
    pub fn tested(self) -> bool {
        !matches!(self, Self::Up | Self::Down | Self::Same)
    }
}

/// Direction of travel, with the two figures it compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub direction: Direction,
    pub from: f64,
    pub from_period: Period,
    pub to: f64,
    pub to_period: Period,
}

impl Trend {
    /// The words, naming the figure and period compared with: `improving
    /// from 69.1% in 2022/23`, `down from 84.9% in 2021, not tested`.
    /// Written when they are printed: a league rates 300,000 rows whose
    /// CSV prints none of them.
    pub fn text(&self, unit: Unit, per: Option<f64>, scale: &[String]) -> String {
        let (direction, from) = (self.direction, self.from);
        let shown = |x: f64| format::figure(x, unit, per, scale);
        let when = format::in_period(&self.from_period);
        if unit == Unit::Grade {
            // A change of grade is a fact of two inspections, not a trend.
            let inspected = match self.from_period.kind {
                crate::period::PeriodKind::Day => format!("(inspected {})", self.from_period),
                _ => format!("({})", self.from_period),
            };
            match direction {
                Direction::Improving => format!("a better grade than {} {inspected}", shown(from)),
                Direction::Worsening => format!("a worse grade than {} {inspected}", shown(from)),
                _ => format!("the same grade as {} {inspected}", shown(from)),
            }
        } else {
            match direction {
                Direction::Same => format!("same as {when} ({}), not tested", shown(from)),
                Direction::Up | Direction::Down => format!(
                    "{} from {} {when}, not tested",
                    direction.words(),
                    shown(from)
                ),
                Direction::NoChange if from != self.to => format!(
                    "no change from {} {when} (95% intervals overlap)",
                    shown(from)
                ),
                _ => format!("{} from {} {when}", direction.words(), shown(from)),
            }
        }
    }
}

/// Latest against previous, polarity-aware. With both 95% intervals it is
/// a test: `no change` where they overlap, else improving or worsening.
/// Without them it is only up, down or the same, and says it is not
/// tested (SPEC 3a). A grade's ranks compare exactly, so a grade judges.
pub fn direction(
    ind: &Indicator,
    previous: &Observation,
    latest: &Observation,
    (previous_ci, latest_ci): (Option<Interval>, Option<Interval>),
) -> Trend {
    let (polarity, unit) = (ind.polarity, ind.unit);
    let (from, to) = (
        previous.value.number().unwrap_or_default(),
        latest.value.number().unwrap_or_default(),
    );
    let tested = match (previous_ci, latest_ci) {
        (Some(a), Some(b)) => Some(a.overlaps(&b)),
        _ if unit == Unit::Grade => Some(false),
        _ => None,
    };
    let direction = match tested {
        Some(overlap) if from == to || overlap => Direction::NoChange,
        Some(_) => match polarity.gain(to, from) {
            Some(g) if g > 0.0 => Direction::Improving,
            Some(_) => Direction::Worsening,
            None if to > from => Direction::Increasing,
            None => Direction::Decreasing,
        },
        None if from == to => Direction::Same,
        None if to > from => Direction::Up,
        None => Direction::Down,
    };
    Trend {
        direction,
        from,
        from_period: previous.period,
        to,
        to_period: latest.period,
    }
}

/// How the area compares with one comparator for the same period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The plan's own name for it, shared: a league holds 300,000.
    pub comparator: Arc<str>,
    /// The comparator's figure; none when it has none for the period.
    pub value: Option<f64>,
    /// better | similar | worse, or higher | lower for polarity none
    /// (tested); above | below | same (not tested); ranked (a group); not
    /// compared.
    pub result: Standing,
    pub tested: bool,
    /// With five levels: the confidence the difference holds at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'static str>,
    /// Why it is not compared, where that is not a missing figure: `a
    /// count` (an area's count says nothing beside another's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<&'static str>,
    /// Compared by rank on a grade's scale (exact: a grade has no interval).
    #[serde(skip)]
    pub by_grade: bool,
    /// The comparator's figure as a reader writes it, beside the word.
    #[serde(skip)]
    pub shown: format::Brief,
    /// Against a group of areas: the area's rank among them (`value` is
    /// then the group's mean).
    #[serde(flatten)]
    pub group: Option<GroupRank>,
}

/// The plan area's place among itself and a group's areas with a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRank {
    /// 1 is best by polarity (highest first for polarity none); equal
    /// figures share the better rank.
    pub rank: usize,
    /// How many were ranked: the plan area and the group's areas with a
    /// figure.
    pub of: usize,
    /// 1 is the best quarter: ceil(rank / of * 4).
    pub quartile: usize,
    /// The group's areas without a figure for the period.
    pub missing: usize,
}

impl Comparison {
    fn not_compared(comparator: &Arc<str>, because: Option<&'static str>) -> Self {
        Self {
            comparator: comparator.clone(),
            value: None,
            result: Standing::NotCompared,
            tested: false,
            level: None,
            because,
            by_grade: false,
            shown: format::Brief::Nothing,
            group: None,
        }
    }

    /// Not compared, because the figures are counts of different
    /// populations (SPEC 3a).
    pub fn of_counts(comparator: &Arc<str>) -> Self {
        Self::not_compared(comparator, Some("a count"))
    }
}

/// Compares the latest figure with each comparator's figure for the same
/// period (Fingertips method 1). Inside the area's 95% interval is
/// `similar`; outside, better or worse by polarity. With a 99.8% interval
/// (five levels) a difference is said to hold at 95% or at 99.8%. Without
/// an interval the figures are only above or below, marked not tested.
/// `shown` writes a comparator's figure for the reader.
pub fn benchmark(
    plan: &Plan,
    polarity: Polarity,
    latest: &Observation,
    (ci95, ci998): (Option<Interval>, Option<Interval>),
    comparators: &[Option<&Observation>],
    shown: impl Fn(f64) -> format::Brief,
) -> Vec<Comparison> {
    let Some(own) = latest.value.number() else {
        return Vec::new();
    };
    comparators
        .iter()
        .zip(&plan.comparators)
        .map(|(obs, name)| {
            let Some(theirs) = obs.and_then(|o| o.value.number()) else {
                return Comparison::not_compared(name, None);
            };
            let (result, tested, level) = match ci95 {
                Some(i) if i.contains(theirs) => (Standing::Similar, true, None),
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
                None if own == theirs => (Standing::Same, false, None),
                None if own > theirs => (Standing::Above, false, None),
                None => (Standing::Below, false, None),
            };
            Comparison {
                comparator: name.clone(),
                value: Some(theirs),
                result,
                tested,
                level,
                because: None,
                by_grade: false,
                shown: shown(theirs),
                group: None,
            }
        })
        .collect()
}

/// A grade against each comparator's grade for the same period, by rank:
/// a `better`, `worse` or `same` grade, exactly (a judgement has no
/// interval to test); `not compared` without one.
pub(crate) fn benchmark_grades(
    plan: &Plan,
    latest: &Observation,
    comparators: &[Option<&Observation>],
    shown: impl Fn(f64) -> format::Brief,
) -> Vec<Comparison> {
    let Some(own) = latest.value.number() else {
        return Vec::new();
    };
    comparators
        .iter()
        .zip(&plan.comparators)
        .map(|(obs, name)| {
            let Some(theirs) = obs.and_then(|o| o.value.number()) else {
                return Comparison::not_compared(name, None);
            };
            let result = match theirs {
                t if own > t => Standing::Better,
                t if own < t => Standing::Worse,
                _ => Standing::Same,
            };
            Comparison {
                comparator: name.clone(),
                value: Some(theirs),
                result,
                tested: false,
                level: None,
                because: None,
                by_grade: true,
                shown: shown(theirs),
                group: None,
            }
        })
        .collect()
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
pub(crate) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Competition ranking of `own` among itself and `theirs` ("1, 2, 2, 4"):
/// one more than the number of figures strictly better by polarity
/// (higher is better for polarity none); with the number ranked and the
/// quartile, ceil(rank / of * 4), 1 the best quarter.
pub(crate) fn rank_among(polarity: Polarity, own: f64, theirs: &[f64]) -> (usize, usize, usize) {
    let better = theirs
        .iter()
        .filter(|&&t| match polarity {
            Polarity::Lower => t < own,
            Polarity::Higher | Polarity::None => t > own,
        })
        .count();
    let rank = better + 1;
    let of = theirs.len() + 1;
    let quartile = (rank * 4).div_ceil(of).clamp(1, 4);
    (rank, of, quartile)
}

/// Where the area's figure stands against a comparator's. Better,
/// worse, similar, higher and lower come from a test (or a grade's
/// exact rank); above, below and same are untested; a group's is a rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    Better,
    Similar,
    Worse,
    /// Tested, where higher is neither better nor worse.
    Higher,
    Lower,
    Above,
    Below,
    Same,
    /// Ranked among a group's areas.
    Ranked,
    #[serde(rename = "not compared")]
    NotCompared,
}

impl Standing {
    pub fn word(self) -> &'static str {
        match self {
            Self::Better => "better",
            Self::Similar => "similar",
            Self::Worse => "worse",
            Self::Higher => "higher",
            Self::Lower => "lower",
            Self::Above => "above",
            Self::Below => "below",
            Self::Same => "same",
            Self::Ranked => "ranked",
            Self::NotCompared => "not compared",
        }
    }
}

/// The area against a group of areas: its rank among itself and the
/// group's areas with a figure (`members`, one per area, none without),
/// and the mean of theirs; `not compared` when none of them has one.
pub(crate) fn benchmark_group(
    name: &Arc<str>,
    polarity: Polarity,
    own: f64,
    members: &[Option<f64>],
    mean_text: impl Fn(f64) -> format::Brief,
) -> Comparison {
    let theirs: Vec<f64> = members.iter().flatten().copied().collect();
    let missing = members.len() - theirs.len();
    if theirs.is_empty() {
        return Comparison::not_compared(name, None);
    }
    // A computed figure, rounded as an interpolated target is.
    let mean = format::computed(theirs.iter().sum::<f64>() / theirs.len() as f64);
    let (rank, of, quartile) = rank_among(polarity, own, &theirs);
    Comparison {
        comparator: name.clone(),
        value: Some(mean),
        result: Standing::Ranked,
        tested: false,
        level: None,
        because: None,
        by_grade: false,
        shown: mean_text(mean),
        group: Some(GroupRank {
            rank,
            of,
            quartile,
            missing,
        }),
    }
}

fn judge(polarity: Polarity, own: f64, theirs: f64) -> Standing {
    match polarity.gain(own, theirs) {
        Some(g) if g > 0.0 => Standing::Better,
        Some(_) => Standing::Worse,
        // Polarity none: a tested difference with no better side.
        None if own > theirs => Standing::Higher,
        None => Standing::Lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            words,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
    }

    #[test]
    fn ranks_higher_first_with_ties_sharing_the_better_rank() {
        assert_eq!(
            rank_among(Polarity::Higher, 60.0, &[70.0, 65.0, 50.0]),
            (3, 4, 3)
        );
        assert_eq!(
            rank_among(Polarity::Higher, 80.0, &[70.0, 65.0, 50.0]),
            (1, 4, 1)
        );
        assert_eq!(
            rank_among(Polarity::Higher, 40.0, &[70.0, 65.0, 50.0]),
            (4, 4, 4)
        );
        // 70, 65, 65, 50: the two 65s are both 2nd.
        assert_eq!(
            rank_among(Polarity::Higher, 65.0, &[70.0, 65.0, 50.0]),
            (2, 4, 2)
        );
        assert_eq!(rank_among(Polarity::Higher, 50.0, &[50.0, 50.0]), (1, 3, 2));
    }

    #[test]
    fn ranks_lowest_first_for_polarity_lower_and_highest_for_none() {
        assert_eq!(
            rank_among(Polarity::Lower, 60.0, &[70.0, 65.0, 50.0]),
            (2, 4, 2)
        );
        assert_eq!(
            rank_among(Polarity::Lower, 40.0, &[70.0, 65.0, 50.0]),
            (1, 4, 1)
        );
        assert_eq!(
            rank_among(Polarity::None, 60.0, &[70.0, 65.0, 50.0]),
            (3, 4, 3)
        );
    }

    #[test]
    fn quartiles() {
        let q = |rank: usize, of: usize| {
            let theirs: Vec<f64> = (0..of - 1)
                .map(|i| if i + 1 < rank { 100.0 } else { 0.0 })
                .collect();
            let (r, o, q) = rank_among(Polarity::Higher, 50.0, &theirs);
            assert_eq!((r, o), (rank, of));
            q
        };
        assert_eq!(q(1, 2), 2);
        assert_eq!(q(2, 2), 4);
        assert_eq!(q(3, 4), 3);
        assert_eq!(q(4, 16), 1);
        assert_eq!(q(5, 16), 2);
        assert_eq!(q(16, 16), 4);
        assert_eq!(q(6, 10), 3);
    }

    #[test]
    fn a_group_ranks_the_members_with_a_figure_and_counts_the_others() {
        let c = benchmark_group(
            &"Statistical neighbours".into(),
            Polarity::Higher,
            60.0,
            &[Some(70.0), None, Some(65.0), Some(48.6)],
            |m| format::Brief::Word(format::plain(format::computed(m))),
        );
        assert_eq!(c.value, Some(61.2));
        assert_eq!(
            c.group
                .as_ref()
                .map(|g| (g.rank, g.of, g.quartile, g.missing)),
            Some((3, 4, 3, 1))
        );
        assert_eq!(
            c.text(),
            "Statistical neighbours: 3rd of 4 (quartile 3; mean 61.2)"
        );
        let json = serde_json::to_value(&c).expect("a comparison serialises");
        assert_eq!(json["rank"], 3);
        assert_eq!(json["of"], 4);
        assert_eq!(json["quartile"], 3);
        assert_eq!(json["missing"], 1);
        assert!(json.get("shown").is_none());
    }

    #[test]
    fn a_group_without_figures_is_not_compared() {
        let c = benchmark_group(&"G".into(), Polarity::Higher, 60.0, &[None, None], |m| {
            format::Brief::Word(m.to_string())
        });
        assert_eq!(c.value, None);
        assert_eq!(c.text(), "G: not compared");
        let json = serde_json::to_value(&c).expect("a comparison serialises");
        assert!(json.get("rank").is_none());
    }
}
