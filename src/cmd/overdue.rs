//! `cfp overdue`: what a board must hear about first: milestones overdue or
//! due soon, and targets missed. The CI gate: by default it exits 1 when it
//! lists anything overdue or missed.

use crate::context::{Condition, Context, Format};
use crate::eval;
use crate::report::{Report, StatusReport};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub rated: super::RatedArea,
}

pub(crate) fn run(ctx: &Context, _args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let plan = &loaded.plan;
    let report = StatusReport::overdue(plan, eval::evaluate(plan, &loaded.measurements, ctx.as_of));
    let conditions = if ctx.fail_on.is_empty() {
        vec![Condition::Overdue, Condition::Missed]
    } else {
        ctx.fail_on.clone()
    };
    let outcome = super::failures(&conditions, &report.rows);
    super::emit_report(ctx, &Report::Overdue(report), Format::Table)?;
    Ok(outcome)
}
