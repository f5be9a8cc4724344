//! `cfp report`: the board pack, as one self-contained HTML file or as
//! Markdown for a board paper (with its charts as SVG files when written to
//! a folder).

use std::path::Path;

use anyhow::{bail, Context as _};
use chrono::NaiveDate;

use crate::context::{Context, Format};
use crate::output::write_atomic;
use crate::render;
use crate::report::diff::diff;
use crate::report::pack::{pack, pack_since, Detail};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Open the pack with what changed since this date (YYYY-MM-DD), e.g.
    /// the last board's: ratings that moved, new and restated figures,
    /// milestones completed or slipped
    #[arg(long, value_name = "DATE", value_parser = crate::context::parse_date_arg)]
    pub since: Option<NaiveDate>,
}

/// A path meant as a folder: one that is a folder, or ends with `/`.
fn is_folder(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let (plan, m) = (&loaded.plan, &loaded.measurements);
    let p = match args.since {
        Some(since) => pack_since(plan, m, &diff(plan, m, since, ctx.as_of)),
        None => pack(plan, m, ctx.as_of),
    };
    let format = ctx.format.unwrap_or(Format::Html);
    if let Some(folder) = ctx.output.as_deref().filter(|o| is_folder(o)) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        match format {
            Format::Html => write_atomic(
                &folder.join("report.html"),
                render::html::pack(&p).as_bytes(),
            )?,
            Format::Markdown => {
                let charts = folder.join("charts");
                std::fs::create_dir_all(&charts)
                    .with_context(|| format!("cannot create {}", charts.display()))?;
                // The charts the Markdown links: the exception reports'
                // full charts.
                for e in &p.exceptions {
                    if let (Some(chart), Detail::Chart) = (&e.item.chart, e.item.detail()) {
                        let file = charts.join(format!("{}.svg", e.item.row.id));
                        write_atomic(&file, render::svg::chart(chart, true).as_bytes())?;
                    }
                }
                let text = render::markdown::pack(&p, Some("charts"));
                write_atomic(&folder.join("report.md"), text.as_bytes())?;
            }
            other => bail!(
                "cfp report writes html or markdown to a folder, not {}",
                other.name()
            ),
        }
        return Ok(super::Outcome::Done);
    }
    super::emit(ctx, |out| match format {
        Format::Markdown => out.write_all(render::markdown::pack(&p, None).as_bytes()),
        Format::Json => {
            let doc = serde_json::json!({
                "schema_version": render::json::SCHEMA_VERSION,
                "report": p,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        _ => out.write_all(render::html::pack(&p).as_bytes()),
    })?;
    Ok(super::Outcome::Done)
}
