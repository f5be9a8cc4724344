//! `cfp status` and `cfp overdue`: rated rows under the plan's name, with
//! the roll-ups they group under.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::eval::{Evaluation, Rollup, Status, StatusRow};
use crate::plan::Plan;

/// Who the report is for: the plan's title, its own area and what it is
/// compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    pub title: String,
    pub area: String,
    pub comparators: Vec<String>,
    /// The comparators that are groups of areas, with their areas.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<String>>,
    /// The comparator that ranks the plan's area among every area at its
    /// level the files hold, where they hold such areas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national: Option<String>,
    /// Each priority's and commitment's title by id, so that a spreadsheet
    /// can name what a slug stands for.
    #[serde(skip)]
    pub titles: BTreeMap<String, String>,
}

impl PlanSummary {
    pub fn of(plan: &Plan) -> Self {
        Self {
            title: plan.title.clone(),
            area: plan.area.clone(),
            comparators: plan.benchmarks(),
            national: plan.national.clone(),
            groups: plan
                .groups
                .iter()
                .map(|(name, areas)| (name.clone(), areas.clone()))
                .collect(),
            titles: plan
                .priorities
                .iter()
                .map(|p| (p.id.clone(), p.title.clone()))
                .chain(
                    plan.commitments
                        .iter()
                        .map(|c| (c.id.clone(), c.title.clone())),
                )
                .collect(),
        }
    }
}

/// Rated rows (all, or those a filter kept), with every priority's and
/// commitment's roll-up for grouping them.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusReport {
    pub plan: PlanSummary,
    pub as_of: NaiveDate,
    pub rows: Vec<StatusRow>,
    pub priorities: Vec<Rollup>,
    pub commitments: Vec<Rollup>,
    /// `--by priority`: the roll-ups are the report.
    pub by_priority: bool,
}

impl StatusReport {
    /// The report of `rows`, a subset of `eval.rows` in their order.
    pub fn new(plan: &Plan, eval: Evaluation, rows: Vec<StatusRow>, by_priority: bool) -> Self {
        Self {
            plan: PlanSummary::of(plan),
            as_of: eval.as_of,
            rows,
            priorities: eval.priorities,
            commitments: eval.commitments,
            by_priority,
        }
    }

    /// `cfp overdue`: milestones overdue or due soon and targets missed;
    /// overdue and missed before due soon, then by date (the day, not its
    /// label: "Mar 2024" is before 2025-01-31).
    pub fn overdue(plan: &Plan, eval: Evaluation) -> Self {
        let mut rows: Vec<StatusRow> = eval
            .rows
            .iter()
            .filter(|r| matches!(r.status, Status::Overdue | Status::DueSoon | Status::Missed))
            .cloned()
            .collect();
        rows.sort_by_key(|r| (r.status == Status::DueSoon, r.by_day));
        Self::new(plan, eval, rows, false)
    }

    /// The commitments under a priority, in plan order.
    pub fn commitments_of<'a>(&'a self, priority: &'a str) -> impl Iterator<Item = &'a Rollup> {
        self.commitments
            .iter()
            .filter(move |c| c.priority.as_deref() == Some(priority))
    }
}
