//! `cfp check`: validates the plan and its data. Prints every problem with
//! its place; when all is well, a one-line summary of what was read and a
//! line per source with the rows it kept (nothing with `-q`). With
//! `--verbose`, and always in JSON, how far each series runs too, so that
//! a figure missing from a board pack can be traced.

use std::collections::BTreeMap;

use crate::context::{Context, Format};
use crate::diag::{bounded, Diagnostic};
use crate::report::{CheckReport, Report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub rated: super::RatedArea,

    /// Also list each indicator's areas with the first and last period
    /// read
    #[arg(short, long)]
    pub verbose: bool,
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = match super::load(ctx) {
        Ok(l) => l,
        Err(e) => {
            // A script asking for JSON gets the problems as data too; the
            // messages still go to stderr and the exit code is still 2.
            if let (Some(Format::Json), Some(invalid)) =
                (ctx.format, e.downcast_ref::<crate::diag::Invalid>())
            {
                let (shown, more) = shown(&invalid.0);
                let mut report = CheckReport::invalid(shown);
                report.more = more;
                super::emit_report(ctx, &Report::Check(report), Format::Json)?;
            }
            return Err(e);
        }
    };
    let coverage = crate::measure::coverage(&loaded.plan, &loaded.measurements);
    let mut warnings = loaded.warnings.clone();
    warnings.extend(crate::measure::early_ends(
        &loaded.plan,
        &loaded.measurements,
        &coverage,
    ));
    super::print_warnings(ctx, &warnings);
    // The table's summary counts every warning; JSON lists them bounded.
    let (warnings, more) = match ctx.format {
        Some(Format::Json) => shown(&warnings),
        _ => (warnings, BTreeMap::new()),
    };
    let mut report = CheckReport::valid(
        &loaded.plan,
        loaded.measurements.counts.clone(),
        coverage,
        warnings,
        args.verbose,
    );
    report.more = more;
    super::emit_report(ctx, &Report::Check(report), Format::Table)?;
    Ok(super::Outcome::Done)
}

/// The problems JSON lists: as stderr shows them, the first hundred of
/// each kind, so that a file of a million bad cells gives a document of a
/// hundred; and how many of each kind are left out.
fn shown(problems: &[Diagnostic]) -> (Vec<Diagnostic>, BTreeMap<&'static str, usize>) {
    let b = bounded(problems);
    let more = b.more_by_name();
    (b.shown.into_iter().cloned().collect(), more)
}
