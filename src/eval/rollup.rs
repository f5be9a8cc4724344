//! Roll-ups: how each commitment and priority stands, from its rows, with a
//! commitment's own self-assessment beside the computed picture.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Rag, StatusRow};
use crate::measure::{SelfAssessment, Update};
use crate::plan::Plan;

/// A commitment's latest self-assessed RAG and note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfAssessed {
    pub rag: SelfAssessment,
    pub date: NaiveDate,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    pub id: String,
    pub title: String,
    pub lead: Option<String>,
    /// For a commitment, its priority.
    pub priority: Option<String>,
    /// Rows per rating, every colour present.
    pub counts: BTreeMap<Rag, usize>,
    /// The worst rating among the rows (red, then amber, green, blue, grey).
    pub worst: Option<Rag>,
    pub self_assessed: Option<SelfAssessed>,
}

impl Rollup {
    /// `2 red, 1 amber, 3 green`: the non-zero counts, worst first.
    pub fn summary(&self) -> String {
        summarise(&self.counts)
    }
}

/// `2 red, 1 amber, 3 green`: the non-zero counts, worst first.
pub fn summarise(counts: &BTreeMap<Rag, usize>) -> String {
    let parts: Vec<String> = [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey]
        .iter()
        .filter_map(|r| {
            counts
                .get(r)
                .filter(|n| **n > 0)
                .map(|n| format!("{n} {r}"))
        })
        .collect();
    if parts.is_empty() {
        "nothing to rate".into()
    } else {
        parts.join(", ")
    }
}

/// Counts per rating (every colour present) and the worst rating.
pub fn tally<'a>(rows: impl Iterator<Item = &'a StatusRow>) -> (BTreeMap<Rag, usize>, Option<Rag>) {
    let mut counts: BTreeMap<Rag, usize> = Rag::ALL.iter().map(|r| (*r, 0)).collect();
    let mut worst = None;
    for row in rows {
        *counts.entry(row.rag).or_default() += 1;
        worst = worst.max(Some(row.rag));
    }
    (counts, worst)
}

/// Roll-ups for every commitment and priority, in plan order.
pub fn rollups(
    plan: &Plan,
    rows: &[StatusRow],
    updates: &[Vec<Update<SelfAssessment>>],
    as_of: NaiveDate,
) -> (Vec<Rollup>, Vec<Rollup>) {
    // The rows of each commitment and priority, gathered in one pass.
    let mut by_commitment: HashMap<&str, Vec<&StatusRow>> = HashMap::new();
    let mut by_priority: HashMap<&str, Vec<&StatusRow>> = HashMap::new();
    for r in rows {
        if let Some(c) = &r.commitment {
            by_commitment.entry(c.as_ref()).or_default().push(r);
        }
        by_priority.entry(r.priority.as_ref()).or_default().push(r);
    }
    let commitments = plan
        .commitments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (counts, worst) = tally(
                by_commitment
                    .get(c.id.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            let self_assessed = updates
                .get(i)
                .and_then(|u| u.iter().rfind(|u| u.known_from() <= as_of))
                .map(|u| SelfAssessed {
                    rag: u.state,
                    date: u.date,
                    note: u.note.as_deref().map(String::from),
                });
            Rollup {
                id: c.id.clone(),
                title: c.title.clone(),
                lead: c.lead.clone(),
                priority: Some(c.priority.clone()),
                counts,
                worst,
                self_assessed,
            }
        })
        .collect();
    let priorities = plan
        .priorities
        .iter()
        .map(|p| {
            let (counts, worst) = tally(
                by_priority
                    .get(p.id.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            Rollup {
                id: p.id.clone(),
                title: p.title.clone(),
                lead: p.lead.clone(),
                priority: None,
                counts,
                worst,
                self_assessed: None,
            }
        })
        .collect();
    (commitments, priorities)
}
