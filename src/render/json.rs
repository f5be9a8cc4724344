//! JSON with a stable, documented shape (docs/json.md) and a
//! `schema_version`, for scripts and dashboards.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::eval::{Evaluation, Rollup, StatusRow};
use crate::plan::Plan;

/// Bumped when a field is renamed or removed; adding fields does not bump it.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct PlanSummary<'a> {
    title: &'a str,
    area: &'a str,
    comparators: &'a [String],
    /// The comparators that are groups of areas, with their areas.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    groups: BTreeMap<&'a str, &'a [String]>,
}

#[derive(Serialize)]
struct StatusDocument<'a> {
    schema_version: u32,
    plan: PlanSummary<'a>,
    as_of: chrono::NaiveDate,
    rows: &'a [StatusRow],
    #[serde(skip_serializing_if = "Option::is_none")]
    priorities: Option<&'a [Rollup]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitments: Option<&'a [Rollup]>,
}

/// `rows` may be a filtered subset of `eval.rows`; roll-ups come with
/// `--by priority`.
pub fn status(
    plan: &Plan,
    eval: &Evaluation,
    rows: &[StatusRow],
    rollups: bool,
    mut out: impl Write,
) -> std::io::Result<()> {
    let doc = StatusDocument {
        schema_version: SCHEMA_VERSION,
        plan: PlanSummary {
            title: &plan.title,
            area: &plan.area,
            comparators: &plan.comparators,
            groups: plan
                .groups
                .iter()
                .map(|(name, areas)| (name.as_str(), areas.as_slice()))
                .collect(),
        },
        as_of: eval.as_of,
        rows,
        priorities: rollups.then_some(&eval.priorities[..]),
        commitments: rollups.then_some(&eval.commitments[..]),
    };
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)
}
