//! What an indicator's figures are: a percentage, a count, a rate per
//! some population, a grade on a scale. A leaf that the plan, figures'
//! words ([`crate::format`]) and the statistics all read.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Percent,
    Count,
    Rate,
    Ratio,
    Number,
    /// A graded judgement (Ofsted, CQC): figures are words of the
    /// indicator's `scale`, held as their rank (1 = the first, worst word).
    Grade,
}

impl Unit {
    pub const NAMES: &'static [&'static str] =
        &["percent", "count", "rate", "ratio", "number", "grade"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "percent" => Some(Self::Percent),
            "count" => Some(Self::Count),
            "rate" => Some(Self::Rate),
            "ratio" => Some(Self::Ratio),
            "number" => Some(Self::Number),
            "grade" => Some(Self::Grade),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Percent => "percent",
            Self::Count => "count",
            Self::Rate => "rate",
            Self::Ratio => "ratio",
            Self::Number => "number",
            Self::Grade => "grade",
        }
    }
}
