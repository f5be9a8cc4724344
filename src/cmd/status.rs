//! `cfp status`: every indicator and milestone, rated, with its reason.

use crate::context::{Context, Format};
use crate::eval::{self, Kind, Rag, StatusRow};
use crate::report::{Report, StatusReport};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub filters: Filters,

    #[command(flatten)]
    pub rated: super::RatedArea,

    /// Roll up: counts per rating and the worst, per priority and commitment
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub by: Option<By>,
}

/// Which rows a command shows: `status` and `report` take the same.
#[derive(Debug, Default, clap::Args)]
pub struct Filters {
    /// Only these priorities (ids; repeat or comma-separate)
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub priority: Vec<String>,

    /// Only these ratings: blue, green, amber, red, grey
    #[arg(long, value_delimiter = ',', value_name = "RAG", value_parser = parse_rag)]
    pub rag: Vec<Rag>,

    /// Only indicators or only milestones
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

impl Filters {
    /// Whether a row passes every filter.
    pub(crate) fn keeps(&self, r: &StatusRow) -> bool {
        (self.priority.is_empty() || self.priority.iter().any(|p| **p == *r.priority))
            && (self.rag.is_empty() || self.rag.contains(&r.rag))
            && match self.kind {
                None => true,
                Some(KindArg::Indicator) => r.kind == Kind::Indicator,
                Some(KindArg::Milestone) => r.kind == Kind::Milestone,
            }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.priority.is_empty() && self.rag.is_empty() && self.kind.is_none()
    }

    /// Refuses a priority the plan does not have, saying the nearest.
    pub(crate) fn check(&self, plan: &crate::plan::Plan) -> anyhow::Result<()> {
        for p in &self.priority {
            if plan.priority(p).is_none() {
                let known: Vec<&str> = plan.priorities.iter().map(|p| p.id.as_str()).collect();
                let hint = crate::diag::did_you_mean(p, known.iter().copied())
                    .unwrap_or_else(|| format!("the priorities are {}", known.join(", ")));
                anyhow::bail!("no priority `{p}`: {hint}");
            }
        }
        Ok(())
    }

    /// The filters in words, for a reader told what a narrowed pack
    /// leaves out: `priority "Safe and free from harm"; red only`.
    pub(crate) fn words(&self, plan: &crate::plan::Plan) -> Vec<String> {
        let mut out = Vec::new();
        if !self.priority.is_empty() {
            let titles: Vec<String> = self
                .priority
                .iter()
                .map(|id| {
                    let title = plan.priority(id).map_or(id.as_str(), |p| p.title.as_str());
                    format!("\u{201c}{title}\u{201d}")
                })
                .collect();
            out.push(format!(
                "{} {}",
                if titles.len() == 1 {
                    "priority"
                } else {
                    "priorities"
                },
                titles.join(" and ")
            ));
        }
        if !self.rag.is_empty() {
            let names: Vec<&str> = self.rag.iter().map(|r| r.name()).collect();
            out.push(format!("{} only", names.join(" and ")));
        }
        match self.kind {
            Some(KindArg::Indicator) => out.push("indicators only".to_string()),
            Some(KindArg::Milestone) => out.push("milestones only".to_string()),
            None => {}
        }
        out
    }
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

pub(crate) fn parse_rag(s: &str) -> Result<Rag, String> {
    Rag::from_name(&s.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("`{s}` is not a rating: use {}", Rag::NAMES.join(", ")))
}

/// Keeps the rows the filters ask for.
pub(crate) fn filter(rows: &[StatusRow], filters: &Filters) -> Vec<StatusRow> {
    rows.iter().filter(|r| filters.keeps(r)).cloned().collect()
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load_ranked(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let plan = &loaded.plan;
    args.filters.check(plan)?;
    let eval = eval::evaluate(plan, &loaded.measurements, ctx.as_of);
    let rows = filter(&eval.rows, &args.filters);
    let outcome = super::failures(&ctx.fail_on, &rows);
    let report = StatusReport::new(plan, eval, rows, args.by.is_some());
    super::emit_report(ctx, &Report::Status(report), Format::Table)?;
    Ok(outcome)
}
