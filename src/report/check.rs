//! `cfp check`: whether the plan and its data are valid, every problem
//! with its place, and what was read: counts, sources and series.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::measure::{Counts, Coverage};
use crate::plan::Plan;

/// What `check` found. An invalid plan or data has only its problems.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub valid: bool,
    /// Errors when invalid; otherwise the warnings. In JSON, the first
    /// hundred of each code.
    pub problems: Vec<Diagnostic>,
    /// Per code name, how many problems `problems` leaves out.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub more: BTreeMap<&'static str, usize>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub read: Option<Read>,
}

/// What a valid plan's run read.
#[derive(Debug, Clone, Serialize)]
pub struct Read {
    pub counts: Counts,
    #[serde(flatten)]
    pub coverage: Coverage,
    /// How many of each entity the plan has, for the summary line.
    #[serde(skip)]
    pub entities: Entities,
    /// The indicators' ids in plan order, for the `--verbose` listing.
    #[serde(skip)]
    pub indicators: Vec<String>,
    /// `--verbose`: list each series too.
    #[serde(skip)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Entities {
    pub priorities: usize,
    pub commitments: usize,
    pub indicators: usize,
    pub milestones: usize,
}

impl CheckReport {
    pub fn invalid(problems: Vec<Diagnostic>) -> Self {
        Self {
            valid: false,
            problems,
            more: BTreeMap::new(),
            read: None,
        }
    }

    pub fn valid(
        plan: &Plan,
        counts: Counts,
        coverage: Coverage,
        warnings: Vec<Diagnostic>,
        verbose: bool,
    ) -> Self {
        Self {
            valid: true,
            problems: warnings,
            more: BTreeMap::new(),
            read: Some(Read {
                counts,
                coverage,
                entities: Entities {
                    priorities: plan.priorities.len(),
                    commitments: plan.commitments.len(),
                    indicators: plan.indicators.len(),
                    milestones: plan.milestones.len(),
                },
                indicators: plan.indicators.iter().map(|i| i.id.to_string()).collect(),
                verbose,
            }),
        }
    }
}
