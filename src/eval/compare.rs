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
    /// The mean as a reader reads it, in the indicator's unit.
    #[serde(skip)]
    pub mean_text: String,
}

impl Comparison {
    pub fn text(&self) -> String {
        if let (Some(g), Some(_)) = (&self.group, self.value) {
            return format!(
                "{}: {} of {} (quartile {}; mean {})",
                self.comparator,
                ordinal(g.rank),
                g.of,
                g.quartile,
                g.mean_text
            );
        }
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
                    group: None,
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
                group: None,
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
                group: None,
            }
        })
        .collect()
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
pub fn ordinal(n: usize) -> String {
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
pub fn rank_among(polarity: Polarity, own: f64, theirs: &[f64]) -> (usize, usize, usize) {
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

/// The area against a group of areas: its rank among itself and the
/// group's areas with a figure (`members`, one per area, none without),
/// and the mean of theirs; `not compared` when none of them has one.
pub fn benchmark_group(
    name: &str,
    polarity: Polarity,
    own: f64,
    members: &[Option<f64>],
    mean_text: impl Fn(f64) -> String,
) -> Comparison {
    let theirs: Vec<f64> = members.iter().flatten().copied().collect();
    let missing = members.len() - theirs.len();
    if theirs.is_empty() {
        return Comparison {
            comparator: name.to_string(),
            value: None,
            result: "not compared",
            tested: false,
            level: None,
            by_grade: false,
            group: None,
        };
    }
    // A computed figure, rounded as an interpolated target is.
    let mean = format::computed(theirs.iter().sum::<f64>() / theirs.len() as f64);
    let (rank, of, quartile) = rank_among(polarity, own, &theirs);
    Comparison {
        comparator: name.to_string(),
        value: Some(mean),
        result: "ranked",
        tested: false,
        level: None,
        by_grade: false,
        group: Some(GroupRank {
            rank,
            of,
            quartile,
            missing,
            mean_text: mean_text(mean),
        }),
    }
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
            "Statistical neighbours",
            Polarity::Higher,
            60.0,
            &[Some(70.0), None, Some(65.0), Some(48.6)],
            |m| format::plain(format::computed(m)),
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
        assert!(json.get("mean_text").is_none());
    }

    #[test]
    fn a_group_without_figures_is_not_compared() {
        let c = benchmark_group("G", Polarity::Higher, 60.0, &[None, None], |m| {
            m.to_string()
        });
        assert_eq!(c.value, None);
        assert_eq!(c.text(), "G: not compared");
        let json = serde_json::to_value(&c).expect("a comparison serialises");
        assert!(json.get("rank").is_none());
    }
}
