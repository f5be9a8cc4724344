//! `cfp status`: every indicator and milestone, rated, with its reason.

use crate::context::{Context, Format};
use crate::eval::{self, Kind, Rag, StatusRow};
use crate::render;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these priorities (ids; repeat or comma-separate)
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub priority: Vec<String>,

    /// Only these ratings: blue, green, amber, red, grey
    #[arg(long, value_delimiter = ',', value_name = "RAG", value_parser = parse_rag)]
    pub rag: Vec<Rag>,

    /// Only indicators or only milestones
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// Roll up: counts per rating and the worst, per priority and commitment
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub by: Option<By>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Indicator,
    Milestone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Priority,
}

fn parse_rag(s: &str) -> Result<Rag, String> {
    Rag::from_name(&s.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("`{s}` is not a rating: use {}", Rag::NAMES.join(", ")))
}

/// Keeps the rows the filters ask for.
pub fn filter(rows: &[StatusRow], args: &Args) -> Vec<StatusRow> {
    rows.iter()
        .filter(|r| args.priority.is_empty() || args.priority.contains(&r.priority))
        .filter(|r| args.rag.is_empty() || args.rag.contains(&r.rag))
        .filter(|r| match args.kind {
            None => true,
            Some(KindArg::Indicator) => r.kind == Kind::Indicator,
            Some(KindArg::Milestone) => r.kind == Kind::Milestone,
        })
        .cloned()
        .collect()
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let plan = &loaded.plan;
    for p in &args.priority {
        if plan.priority(p).is_none() {
            let known: Vec<&str> = plan.priorities.iter().map(|p| p.id.as_str()).collect();
            let hint = crate::diag::did_you_mean(p, known.iter().copied())
                .unwrap_or_else(|| format!("the priorities are {}", known.join(", ")));
            anyhow::bail!("no priority `{p}`: {hint}");
        }
    }
    let eval = eval::evaluate(plan, &loaded.measurements, ctx.as_of);
    let rows = filter(&eval.rows, args);
    let rollups = args.by.is_some();
    let opts = render::table::Options {
        color: ctx.color,
        width: ctx.width,
    };
    super::emit(ctx, |out| match ctx.format.unwrap_or(Format::Table) {
        Format::Markdown => out.write_all(render::markdown::rows(&rows).as_bytes()),
        Format::Table if rollups => {
            out.write_all(render::table::rollups(plan, &eval, opts).as_bytes())
        }
        Format::Table | Format::Html => {
            out.write_all(render::table::status(plan, &eval, &rows, opts).as_bytes())
        }
        Format::Csv if rollups => render::csv::rollups(&eval, out),
        Format::Csv => render::csv::status(&rows, out),
        Format::Json => render::json::status(plan, &eval, &rows, rollups, out),
        Format::Xlsx => {
            let mut sheets = vec![render::xlsx::status_sheet("status", &rows)];
            sheets.push(render::xlsx::text_sheet(
                "roll-ups",
                render::csv::ROLLUP_COLUMNS,
                render::csv::rollup_records(&eval),
            ));
            let book = render::xlsx::workbook(&sheets).map_err(std::io::Error::other)?;
            out.write_all(&book)
        }
    })?;
    Ok(super::failures(&ctx.fail_on, &rows))
}
