//! `cfp status`: every indicator and milestone, rated, with its reason.

use crate::context::{Context, Format};
use crate::eval::{self, Kind, Rag, StatusRow};
use crate::report::{Report, StatusReport};

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
pub(crate) fn filter(rows: &[StatusRow], args: &Args) -> Vec<StatusRow> {
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

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
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
    let outcome = super::failures(&ctx.fail_on, &rows);
    let report = StatusReport::new(plan, eval, rows, args.by.is_some());
    super::emit_report(ctx, &Report::Status(report), Format::Table)?;
    Ok(outcome)
}
