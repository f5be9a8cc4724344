//! `cfp overdue`: what a board must hear about first: milestones overdue or
//! due soon, and targets missed. The CI gate: by default it exits 1 when it
//! lists anything overdue or missed.

use crate::context::{Condition, Context, Format};
use crate::eval::{self, Status};
use crate::render;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let plan = &loaded.plan;
    let eval = eval::evaluate(plan, &loaded.measurements, ctx.as_of);
    let mut rows: Vec<_> = eval
        .rows
        .iter()
        .filter(|r| matches!(r.status, Status::Overdue | Status::DueSoon | Status::Missed))
        .cloned()
        .collect();
    // Most urgent first: overdue and missed before due soon, then by date
    // (the day, not its label: "Mar 2024" is before 2025-01-31).
    rows.sort_by_key(|r| (r.status == Status::DueSoon, r.by_day));
    let opts = render::table::Options {
        color: ctx.color,
        width: ctx.width,
    };
    super::emit(ctx, |out| match ctx.format.unwrap_or(Format::Table) {
        Format::Markdown => out.write_all(render::markdown::rows(&rows).as_bytes()),
        Format::Table if rows.is_empty() => writeln!(
            out,
            "Nothing overdue, due soon or missed as of {}.",
            eval.as_of
        ),
        Format::Table | Format::Html => {
            out.write_all(render::table::status(plan, &eval, &rows, opts).as_bytes())
        }
        Format::Csv => render::csv::status(&rows, out),
        Format::Json => render::json::status(plan, &eval, &rows, false, out),
        Format::Xlsx => {
            let sheet = render::xlsx::status_sheet("overdue", &rows);
            let book = render::xlsx::workbook(&[sheet]).map_err(std::io::Error::other)?;
            out.write_all(&book)
        }
    })?;
    let conditions = if ctx.fail_on.is_empty() {
        vec![Condition::Overdue, Condition::Missed]
    } else {
        ctx.fail_on.clone()
    };
    Ok(super::failures(&conditions, &rows))
}
