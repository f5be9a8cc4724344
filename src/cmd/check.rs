//! `cfp check`: validates the plan and its data. Prints every problem with
//! its place; when all is well, a one-line summary of what was read and a
//! line per source with the rows it kept (nothing with `-q`). With
//! `--verbose`, and always in JSON, how far each series runs too, so that
//! a figure missing from a board pack can be traced.

use std::fmt::Write as _;

use crate::context::{Context, Format};
use crate::measure::{Counts, Coverage, SeriesCoverage};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also list each indicator's areas with the first and last period
    /// read
    #[arg(short, long)]
    pub verbose: bool,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `5 priorities, 12 indicators, ...; 120 figures (3 suppressed, ...)`.
pub fn summary(plan: &crate::plan::Plan, c: &Counts) -> String {
    let mut special = Vec::new();
    for (n, word) in [
        (c.suppressed, "suppressed"),
        (c.missing, "missing"),
        (c.not_applicable, "not applicable"),
        (c.below_rounding, "below rounding"),
        (c.provisional, "provisional"),
        (c.revised, "revised"),
    ] {
        if n > 0 {
            special.push(format!("{n} {word}"));
        }
    }
    let special = if special.is_empty() {
        String::new()
    } else {
        format!(" ({})", special.join(", "))
    };
    let skipped: Vec<String> = [
        (c.other_areas, "for areas the plan does not track"),
        (c.no_area, "with an empty area cell"),
        (
            c.other_levels,
            "of geographic levels the plan does not track",
        ),
        (c.filtered, "left out by `where`"),
        (c.unknown_ids, "for unknown ids"),
        (c.unlisted_ids, "for ids no `ids` lists"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, why)| format!("{n} {why}"))
    .collect();
    let mut skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!("; skipped {}", skipped.join(", "))
    };
    if c.short_rows > 0 {
        skipped.push_str(&format!(
            "; {} short of the header, read with the missing cells empty",
            plural(c.short_rows, "row", "rows")
        ));
    }
    if c.special_counts_ignored > 0 {
        skipped.push_str(&format!(
            "; {} special values' counts ignored",
            c.special_counts_ignored
        ));
    }
    if c.zero_denominators > 0 {
        skipped.push_str(&format!(
            "; {} with a zero denominator kept without counts",
            plural(c.zero_denominators, "figure", "figures")
        ));
    }
    format!(
        "{}, {}, {}, {}; {} read from {}: {}{special}, {}{skipped}",
        plural(plan.priorities.len(), "priority", "priorities"),
        plural(plan.commitments.len(), "commitment", "commitments"),
        plural(plan.indicators.len(), "indicator", "indicators"),
        plural(plan.milestones.len(), "milestone", "milestones"),
        plural(c.rows, "row", "rows"),
        plural(c.files, "file", "files"),
        plural(c.figures, "figure", "figures"),
        plural(c.status_rows, "status row", "status rows"),
    )
}

/// A line per source: the rows it read and kept. Always shown, since a
/// source that keeps nothing is the first sign of a mapping gone wrong,
/// and a plan has few sources.
pub fn sources_listing(c: &Coverage) -> String {
    let mut out = String::from("sources:\n");
    for (k, s) in c.sources.iter().enumerate() {
        let preset = s.preset.map(|p| format!(" ({p})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}. {}{preset}: {} read, {} kept",
            k + 1,
            s.files.join(", "),
            plural(s.rows, "row", "rows"),
            s.kept
        );
    }
    out
}

/// The `--verbose` listing: a line per indicator (and source, where the
/// plan has several) giving its areas' runs, areas with the same run
/// named together so that a plan tracking fifteen neighbours still reads
/// in a line.
pub fn listing(plan: &crate::plan::Plan, c: &Coverage) -> String {
    let mut out = String::from("series, first to last period read:\n");
    let several = c.sources.len() > 1;
    for (i, ind) in plan.indicators.iter().enumerate() {
        let runs: Vec<&SeriesCoverage> =
            c.series.iter().filter(|s| s.indicator_index == i).collect();
        if runs.is_empty() {
            let _ = writeln!(out, "  {}: no figures", ind.id);
            continue;
        }
        for group in runs.chunk_by(|a, b| a.source == b.source) {
            let mut spans: Vec<(String, Vec<&str>)> = Vec::new();
            for s in group {
                let span = if s.first == s.last {
                    s.first.to_string()
                } else {
                    format!("{} to {}", s.first, s.last)
                };
                match spans.iter_mut().find(|(x, _)| *x == span) {
                    Some((_, areas)) => areas.push(&s.area),
                    None => spans.push((span, vec![&s.area])),
                }
            }
            let source = if several {
                format!(" (source {})", group[0].source + 1)
            } else {
                String::new()
            };
            let spans: Vec<String> = spans
                .iter()
                .map(|(span, areas)| format!("{} ({span})", areas.join(", ")))
                .collect();
            let _ = writeln!(out, "  {}{source}: {}", ind.id, spans.join("; "));
        }
    }
    out
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = match super::load(ctx) {
        Ok(l) => l,
        Err(e) => {
            // A script asking for JSON gets the problems as data too; the
            // messages still go to stderr and the exit code is still 2.
            if let (Some(Format::Json), Some(invalid)) =
                (ctx.format, e.downcast_ref::<crate::Invalid>())
            {
                let doc = serde_json::json!({
                    "schema_version": crate::render::json::SCHEMA_VERSION,
                    "valid": false,
                    "problems": invalid.0,
                });
                super::emit(ctx, |out| {
                    serde_json::to_writer_pretty(&mut *out, &doc)?;
                    writeln!(out)
                })?;
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
    let counts = &loaded.measurements.counts;
    super::emit(ctx, |out| match ctx.format {
        Some(Format::Json) => {
            let doc = serde_json::json!({
                "schema_version": crate::render::json::SCHEMA_VERSION,
                "valid": true,
                "problems": warnings,
                "counts": counts,
                "sources": coverage.sources,
                "series": coverage.series,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        _ => {
            writeln!(
                out,
                "ok: {}{}",
                summary(&loaded.plan, counts),
                match warnings.len() {
                    0 => String::new(),
                    n => format!("; {}", plural(n, "warning", "warnings")),
                }
            )?;
            write!(out, "{}", sources_listing(&coverage))?;
            if args.verbose {
                write!(out, "{}", listing(&loaded.plan, &coverage))?;
            }
            Ok(())
        }
    })?;
    Ok(super::Outcome::Done)
}
