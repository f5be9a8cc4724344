//! `cfp record ID PERIOD VALUE`: appends one validated measurement row to
//! a measurements file, atomically, so an interrupted run leaves the file
//! as it was. For a milestone or commitment, VALUE is its status.

use std::path::PathBuf;

use anyhow::{bail, Context as _};

use crate::cli::Context;
use crate::diag::did_you_mean;
use crate::measure::{parse_count, parse_value, MilestoneState, SelfAssessment, COLUMNS};
use crate::output::write_atomic;
use crate::period::{self, PeriodContext};
use crate::plan::{Entity, Plan};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The indicator, milestone or commitment
    pub id: String,
    /// The period the figure is for; for a status, the date of the update
    pub period: String,
    /// The figure (70.4, 4,903, c, x, ...); for a milestone or commitment, its status
    pub value: String,
    /// The series, when not the plan's own area (e.g. England)
    #[arg(long)]
    pub area: Option<String>,
    #[arg(long)]
    pub numerator: Option<String>,
    #[arg(long)]
    pub denominator: Option<String>,
    /// The date the figure became known (YYYY-MM-DD)
    #[arg(long)]
    pub published: Option<String>,
    /// Commentary
    #[arg(long)]
    pub note: Option<String>,
    /// The file to append to [default: the first file the plan reads]
    #[arg(long, value_name = "CSV")]
    pub file: Option<PathBuf>,
}

/// Checks the row against the plan; the cells by cfp column name.
fn validate(plan: &Plan, args: &Args) -> anyhow::Result<Vec<(&'static str, String)>> {
    let Some(entity) = plan.entity(&args.id) else {
        let hint = did_you_mean(&args.id, plan.ids())
            .map(|d| format!("; {d}"))
            .unwrap_or_default();
        bail!("the plan has no `{}`{hint}", args.id);
    };
    let mut cells = vec![("id", args.id.clone()), ("period", args.period.clone())];
    let year = PeriodContext {
        year: plan.defaults.year,
        annual: false,
    };
    match entity {
        Entity::Indicator(i) => {
            let ind = &plan.indicators[i];
            period::parse(&args.period, ind.period_context()).map_err(|e| anyhow::anyhow!(e))?;
            parse_value(&args.value, args.note.as_deref().unwrap_or(""), plan.dash).map_err(
                |_| {
                    anyhow::anyhow!(
                        "`{}` is not a figure: write a number such as 70.4, or c, x, z or low",
                        args.value
                    )
                },
            )?;
            cells.push(("value", args.value.clone()));
            for (name, cell) in [
                ("numerator", &args.numerator),
                ("denominator", &args.denominator),
            ] {
                if let Some(c) = cell {
                    parse_count(c).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
                    cells.push((name, c.clone()));
                }
            }
        }
        Entity::Milestone(_) => {
            period::parse(&args.period, year).map_err(|e| anyhow::anyhow!(e))?;
            if MilestoneState::from_name(&args.value).is_none() {
                bail!(
                    "`{}` is not a milestone status: use {}",
                    args.value,
                    MilestoneState::NAMES.join(", ")
                );
            }
            cells.push(("status", args.value.clone()));
        }
        Entity::Commitment(_) => {
            period::parse(&args.period, year).map_err(|e| anyhow::anyhow!(e))?;
            if SelfAssessment::from_name(&args.value).is_none() {
                bail!(
                    "`{}` is not a self-assessment: use green, amber or red",
                    args.value
                );
            }
            cells.push(("status", args.value.clone()));
        }
        Entity::Priority(_) => bail!(
            "`{}` is a priority, and priorities take no measurements",
            args.id
        ),
    }
    if let Some(area) = &args.area {
        if !plan.tracks_area(area) {
            bail!(
                "the plan does not track `{area}`: its area is {} and its comparators are {}",
                plan.area,
                plan.comparators.join(", ")
            );
        }
        cells.push(("area", area.clone()));
    }
    if let Some(p) = &args.published {
        if period::parse_date(p).is_none() {
            bail!("`{p}` is not a date: write it as 2026-02-26");
        }
        cells.push(("published", p.clone()));
    }
    if let Some(n) = &args.note {
        cells.push(("note", n.clone()));
    }
    Ok(cells)
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    let plan = &loaded.plan;
    let cells = validate(plan, args)?;
    let path = match &args.file {
        Some(f) => f.clone(),
        None => match loaded.measurements.files.first() {
            Some(f) => f.clone(),
            None => bail!("the plan reads no measurements file: name one with --file, or in [measurements] files"),
        },
    };
    let old = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let header_end = old.iter().position(|&b| b == b'\n').unwrap_or(old.len());
    let crlf = header_end > 0 && old.get(header_end - 1) == Some(&b'\r');
    let mut header = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&old[..header_end]);
    let mut names = csv::StringRecord::new();
    if !header.read_record(&mut names).unwrap_or(false) {
        bail!("{} has no header row", path.display());
    }
    // Each header cell's cfp column, by name or by a source's mapping.
    let column = |h: &str| -> Option<&'static str> {
        let h = h.trim().trim_start_matches('\u{feff}');
        COLUMNS.iter().copied().find(|c| {
            c.eq_ignore_ascii_case(h)
                || plan
                    .sources
                    .iter()
                    .any(|s| s.columns.get(*c).is_some_and(|m| m.eq_ignore_ascii_case(h)))
        })
    };
    let mapped: Vec<Option<&'static str>> = names.iter().map(column).collect();
    for (name, _) in &cells {
        if !mapped.contains(&Some(name)) {
            bail!("{} has no `{name}` column to record it in", path.display());
        }
    }
    // A conflicting figure is refused now rather than on the next run.
    if let Some(Entity::Indicator(i)) = plan.entity(&args.id) {
        let ind = &plan.indicators[i];
        let p =
            period::parse(&args.period, ind.period_context()).map_err(|e| anyhow::anyhow!(e))?;
        let published = args.published.as_deref().and_then(period::parse_date);
        let area = args.area.as_deref().unwrap_or(&plan.area);
        let value = parse_value(&args.value, "", plan.dash).ok();
        for o in &loaded.measurements.series[i] {
            let same_area = match o.area {
                crate::measure::Area::Own => area == plan.area,
                crate::measure::Area::Comparator(c) => {
                    plan.comparators.get(c as usize).is_some_and(|n| n == area)
                }
            };
            if same_area
                && o.period == p
                && o.published == published
                && value.is_some_and(|v| !v.same_as(&o.value))
            {
                bail!(
                    "{} already has `{}` for {}, {area}, {p} (line {}): give the restated figure a --published date",
                    path.display(),
                    o.raw,
                    args.id,
                    o.origin.line
                );
            }
        }
    }
    let mut row = csv::WriterBuilder::new()
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    let record: Vec<String> = mapped
        .iter()
        .map(|m| {
            m.and_then(|m| cells.iter().find(|(n, _)| *n == m))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect();
    row.write_record(&record)?;
    let row = row.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with(b"\n") {
        new.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    let line = new.iter().filter(|&&b| b == b'\n').count() + 1;
    new.extend_from_slice(&row);
    write_atomic(&path, &new)?;
    if !ctx.quiet {
        println!(
            "recorded {} {} {} in {}:{line}",
            args.id,
            args.period,
            args.value,
            path.display()
        );
    }
    Ok(super::Outcome::Done)
}
