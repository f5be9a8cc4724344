//! A wide table: a block of columns per period, read whole by `melt`.

use super::super::profile::{Column, Kind};
use super::writer::typed;
use super::{confidence, norm};
use crate::period::{self, PeriodContext};

/// A wide table's blocks, and the latest one's columns, whose headers
/// make the `melt` templates.
pub(super) struct Block<'c> {
    /// Every period with a block, in the table's order.
    pub(super) periods: Vec<String>,
    /// The latest period, which the templates' headers are from.
    pub(super) period: String,
    /// Every column of every block.
    pub(super) all: Vec<&'c Column>,
    pub(super) mapped: Vec<(&'static str, &'c Column)>,
}

impl Block<'_> {
    pub(super) fn covers(&self, c: &Column) -> bool {
        self.all.iter().any(|b| std::ptr::eq(*b, c))
    }
}

/// Columns with the words of their header after its period.
type Labelled<'c> = Vec<(&'c Column, String)>;

/// A table with a block of columns per period (`2021 Current smokers %`,
/// `2022 Current smokers %`): headers that start with a period cfp reads
/// and go on with the same words, for two periods or more.
pub(super) fn wide_block(columns: &[Column]) -> Option<Block<'_>> {
    let ctx = PeriodContext::default();
    let mut blocks: Vec<(String, period::Period, Labelled<'_>)> = Vec::new();
    for c in columns {
        let n = norm(&c.header);
        let Some((first, rest)) = n.split_once(' ') else {
            continue;
        };
        let Ok(p) = period::parse(first, ctx) else {
            continue;
        };
        let label = typed(&c.header, columns)
            .split_whitespace()
            .next()
            .unwrap_or(first)
            .to_string();
        match blocks.iter_mut().find(|(l, _, _)| *l == label) {
            Some((_, _, cols)) => cols.push((c, rest.to_string())),
            None => blocks.push((label, p, vec![(c, rest.to_string())])),
        }
    }
    if blocks.len() < 2 {
        return None;
    }
    let periods: Vec<String> = blocks.iter().map(|(l, _, _)| l.clone()).collect();
    let all: Vec<&Column> = blocks
        .iter()
        .flat_map(|(_, _, cols)| cols.iter().map(|(c, _)| *c))
        .collect();
    let (period, _, latest) = blocks.into_iter().max_by_key(|(_, p, _)| p.last)?;
    let mut mapped: Vec<(&'static str, &Column)> = Vec::new();
    for (c, rest) in &latest {
        let cfp = if rest.starts_with("lower") && confidence(rest) {
            "lower_ci"
        } else if rest.starts_with("upper") && confidence(rest) {
            "upper_ci"
        } else if matches!(rest.as_str(), "count" | "numerator") {
            "numerator"
        } else if rest == "denominator" {
            "denominator"
        } else if c.kind == Kind::Numbers
            && !["count", "sample", "base", "size", "population"]
                .iter()
                .any(|w| rest.contains(w))
        {
            "value"
        } else {
            continue;
        };
        if !mapped.iter().any(|(k, _)| *k == cfp) {
            mapped.push((cfp, c));
        }
    }
    Some(Block {
        periods,
        period,
        all,
        mapped,
    })
}
