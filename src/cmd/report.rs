//! `cfp report`: the board pack, as one self-contained HTML file, as
//! Markdown for a board paper (with its charts as SVG files when written to
//! a folder), or as a Word document for a committee system.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::NaiveDate;

use crate::context::{Context, Format};
use crate::eval::evaluate;
use crate::output::{not_an_input, write_atomic};
use crate::render;
use crate::report::diff::diff;
use crate::report::pack::{pack, pack_of, pack_since, Detail, Pack};
use crate::report::Report;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub filters: super::status::Filters,

    #[command(flatten)]
    pub rated: super::RatedArea,

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

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load_ranked(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let inputs: Vec<PathBuf> = loaded.inputs().into_iter().map(Path::to_path_buf).collect();
    // The pack takes the measurements, to let each indicator's go once it
    // is charted.
    let super::Loaded {
        plan,
        measurements: m,
        ..
    } = loaded;
    args.filters.check(&plan)?;
    let keeps = |r: &crate::eval::StatusRow| args.filters.keeps(r);
    let mut p = match args.since {
        Some(since) => {
            let mut d = diff(&plan, &m, since, ctx.as_of);
            if !args.filters.is_empty() {
                d.after = d.after.narrowed(keeps);
                // A commitment's self-assessment stays with its rows.
                let kept: std::collections::HashSet<&str> = d
                    .after
                    .rows
                    .iter()
                    .map(|r| r.id.as_ref())
                    .chain(d.after.commitments.iter().map(|c| c.id.as_str()))
                    .collect();
                d.changes.retain(|c| kept.contains(c.id.as_str()));
            }
            pack_since(&plan, m, &d)
        }
        None if args.filters.is_empty() => pack(&plan, m, ctx.as_of),
        None => {
            let eval = evaluate(&plan, &m, ctx.as_of).narrowed(keeps);
            pack_of(&plan, m, eval)
        }
    };
    p.narrowed = args.filters.words(&plan);
    let format = ctx.format.unwrap_or(Format::Html);
    match ctx.output.as_deref().filter(|o| is_folder(o)) {
        Some(folder) => {
            let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
            to_folder(folder, p, format, &inputs)?
        }
        None => super::emit_report(ctx, &Report::Pack(Box::new(p)), Format::Html)?,
    }
    Ok(super::Outcome::Done)
}

/// `-o FOLDER/`: `report.html`, `report.docx`, or `report.md` with the
/// charts it links (the exception reports' full charts) as SVG files
/// beside it.
fn to_folder(folder: &Path, p: Pack, format: Format, inputs: &[&Path]) -> anyhow::Result<()> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    match format {
        Format::Html => {
            let html = bytes(&Report::Pack(Box::new(p)), Format::Html, None)?;
            let file = folder.join("report.html");
            not_an_input(&file, inputs)?;
            write_atomic(&file, &html)
        }
        Format::Markdown => {
            let charts = folder.join("charts");
            not_a_link(&charts)?;
            std::fs::create_dir_all(&charts)
                .with_context(|| format!("cannot create {}", charts.display()))?;
            for e in &p.exceptions {
                if let (Some(chart), Detail::Chart) = (&e.item.chart, e.item.detail()) {
                    let file = charts.join(format!("{}.svg", e.item.row.id));
                    not_a_link(&file)?;
                    not_an_input(&file, inputs)?;
                    write_atomic(&file, render::svg::chart(chart, true).as_bytes())?;
                }
            }
            let text = bytes(&Report::Pack(Box::new(p)), Format::Markdown, Some("charts"))?;
            let file = folder.join("report.md");
            not_an_input(&file, inputs)?;
            write_atomic(&file, &text)
        }
        Format::Docx => {
            let file = folder.join("report.docx");
            not_an_input(&file, inputs)?;
            let opts = render::Options::default();
            let report = Report::Pack(Box::new(p));
            crate::output::write_output_with(&file, |out| {
                render::render(&report, Format::Docx, &opts, out)
            })
        }
        other => bail!(
            "cfp report writes html, markdown or docx to a folder, not {}",
            other.name()
        ),
    }
}

/// A chart file (or the charts folder) cfp makes itself is never written
/// through a symlink: a link there was put by someone else, and following
/// it would write wherever it points (`-o` to a file the user names is
/// different: that link is theirs, and is followed).
fn not_a_link(path: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => bail!(
            "{} is a symbolic link: cfp writes the pack's charts only as files of its own; \
             remove the link",
            path.display()
        ),
        _ => Ok(()),
    }
}

/// The pack rendered in `format` into memory, for a file in the folder.
fn bytes(report: &Report, format: Format, charts: Option<&str>) -> anyhow::Result<Vec<u8>> {
    let opts = render::Options {
        charts,
        ..render::Options::default()
    };
    let mut out = Vec::new();
    render::render(report, format, &opts, &mut out)?;
    Ok(out)
}
