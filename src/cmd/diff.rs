//! `cfp diff --since DATE`: what changed since the last board, as of
//! `--as-of`. `--fail-on` fails on conditions that newly hold (e.g. `red`:
//! something turned red since then).

use std::collections::HashSet;

use anyhow::bail;
use chrono::NaiveDate;

use crate::context::{Condition, Context, Format};
use crate::render;
use crate::report::diff::diff;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier date to compare with (YYYY-MM-DD), e.g. the last board
    #[arg(long, value_name = "DATE", value_parser = crate::context::parse_date_arg)]
    pub since: NaiveDate,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    if args.since > ctx.as_of {
        bail!(
            "--since ({}) must not be after the as-of date ({})",
            args.since,
            ctx.as_of
        );
    }
    let loaded = super::load(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let d = diff(&loaded.plan, &loaded.measurements, args.since, ctx.as_of);
    super::emit(ctx, |out| match ctx.format.unwrap_or(Format::Table) {
        Format::Csv => render::diff::csv(&d, out),
        Format::Json => render::diff::json(&d, out),
        Format::Markdown => out.write_all(render::diff::markdown(&d).as_bytes()),
        Format::Xlsx => {
            let sheet = render::xlsx::text_sheet(
                "changes",
                render::diff::COLUMNS,
                render::diff::records(&d),
            );
            let book = render::xlsx::workbook(&[sheet]).map_err(std::io::Error::other)?;
            out.write_all(&book)
        }
        Format::Table | Format::Html => {
            out.write_all(render::diff::table(&d, ctx.width).as_bytes())
        }
    })?;
    // A condition fails the run when it holds now for an item it did not
    // hold for then: each condition's earlier items are indexed once, so
    // this is linear in items.
    let held: Vec<Condition> = ctx
        .fail_on
        .iter()
        .copied()
        .filter(|c| {
            let then: HashSet<&str> = d
                .before
                .rows
                .iter()
                .filter(|r| c.holds(r))
                .map(|r| r.id.as_str())
                .collect();
            d.after
                .rows
                .iter()
                .any(|now| c.holds(now) && !then.contains(now.id.as_str()))
        })
        .collect();
    Ok(if held.is_empty() {
        super::Outcome::Done
    } else {
        super::Outcome::Failed(held)
    })
}
