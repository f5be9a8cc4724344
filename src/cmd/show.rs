//! `cfp show ID`: everything about one indicator, milestone, commitment or
//! priority: definition, full history, statistics, rating and commentary.

use crate::context::{Context, Format};
use crate::diag::did_you_mean;
use crate::report::{Report, ShowReport};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The id of an indicator, milestone, commitment or priority
    pub id: String,

    #[command(flatten)]
    pub rated: super::RatedArea,
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load_ranked(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let plan = &loaded.plan;
    let Some(report) = ShowReport::of(plan, &loaded.measurements, &args.id, ctx.as_of) else {
        let hint = did_you_mean(&args.id, plan.ids())
            .map(|d| format!("; {d}"))
            .unwrap_or_default();
        anyhow::bail!("the plan has no `{}`{hint}", args.id);
    };
    super::emit_report(ctx, &Report::Show(report), Format::Table)?;
    Ok(super::Outcome::Done)
}
