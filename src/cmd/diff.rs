//! `cfp diff --since DATE`: what changed since the last board, as of
//! `--as-of`. `--fail-on` fails on conditions that newly hold (e.g. `red`:
//! something turned red since then).

use anyhow::bail;
use chrono::NaiveDate;

use crate::context::{Context, Format};
use crate::report::diff::diff;
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier date to compare with (YYYY-MM-DD), e.g. the last board
    #[arg(long, value_name = "DATE", value_parser = crate::context::parse_date_arg)]
    pub since: NaiveDate,

    #[command(flatten)]
    pub rated: super::RatedArea,
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    if args.since > ctx.as_of {
        bail!(
            "--since ({}) must not be after the as-of date ({})",
            args.since,
            ctx.as_of
        );
    }
    let loaded = super::load_ranked(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let d = diff(&loaded.plan, &loaded.measurements, args.since, ctx.as_of);
    let held = d.newly_held(&ctx.fail_on);
    super::emit_report(ctx, &Report::Diff(d), Format::Table)?;
    Ok(if held.is_empty() {
        super::Outcome::Done
    } else {
        super::Outcome::Failed(held)
    })
}
