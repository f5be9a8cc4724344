//! JSON with a stable, documented shape (docs/json.md): every document is
//! `{ "schema_version": N, ... }`, written here and nowhere else.

use std::io::Write;

use serde::Serialize;

use crate::eval::{Rollup, StatusRow};
use crate::report::status::PlanSummary;
use crate::report::{Report, StatusReport};

/// Bumped when a field is renamed or removed; adding fields does not bump it.
const SCHEMA_VERSION: u32 = 2;

/// The envelope: the schema version, then the report's own fields.
#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct StatusBody<'a> {
    plan: &'a PlanSummary,
    as_of: chrono::NaiveDate,
    rows: &'a [StatusRow],
    /// With `--by priority`.
    #[serde(skip_serializing_if = "Option::is_none")]
    priorities: Option<&'a [Rollup]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitments: Option<&'a [Rollup]>,
}

impl<'a> StatusBody<'a> {
    fn of(r: &'a StatusReport) -> Self {
        Self {
            plan: &r.plan,
            as_of: r.as_of,
            rows: &r.rows,
            priorities: r.by_priority.then_some(&r.priorities[..]),
            commitments: r.by_priority.then_some(&r.commitments[..]),
        }
    }
}

#[derive(Serialize)]
struct PackBody<'a> {
    report: &'a crate::report::Pack,
}

fn write<T: Serialize>(body: &T, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        body,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    match report {
        Report::Status(r) | Report::Overdue(r) => write(&StatusBody::of(r), out),
        Report::Show(s) => write(s, out),
        Report::Diff(d) => write(d, out),
        Report::Pack(p) => write(&PackBody { report: p }, out),
        Report::Check(c) => write(c, out),
    }
}
