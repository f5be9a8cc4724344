//! `cfp inspect FILE`: what a CSV or workbook holds (sheets, headers as
//! spelt, each column's kind and commonest values) and a
//! `[[measurements.source]]` that would read it. It reads no plan, so it
//! works on a download before any plan exists.

use std::path::PathBuf;

use crate::context::{Context, Format};
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file: a CSV (.csv, .csv.gz) or a workbook (.xlsx, .xlsm, .xls, .ods)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The sheet of a workbook to inspect [default: the first visible sheet with a table]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// How many of each column's values to show, most common first
    #[arg(long, value_name = "N", default_value_t = crate::inspect::VALUES)]
    pub values: usize,
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    // Written after the file is read, `-o` naming it would replace a
    // download with its own description.
    if let Some(output) = &ctx.output {
        crate::output::not_an_input(output, &[args.file.as_path()])?;
    }
    let inspection = crate::inspect::inspect(&args.file, args.sheet.as_deref(), args.values)?;
    super::emit_report(ctx, &Report::Inspect(Box::new(inspection)), Format::Table)?;
    Ok(super::Outcome::Done)
}
