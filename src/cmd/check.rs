//! `cfp check`: validates the plan and its data. Prints every problem with
//! its place; when all is well, a one-line summary of what was read (and
//! nothing with `-q`).

use crate::context::{Context, Format};
use crate::measure::Counts;

#[derive(Debug, clap::Args)]
pub struct Args {}

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

pub fn run(ctx: &Context, _args: &Args) -> anyhow::Result<super::Outcome> {
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
    super::print_warnings(ctx, &loaded.warnings);
    let counts = &loaded.measurements.counts;
    super::emit(ctx, |out| match ctx.format {
        Some(Format::Json) => {
            let doc = serde_json::json!({
                "schema_version": crate::render::json::SCHEMA_VERSION,
                "valid": true,
                "problems": loaded.warnings,
                "counts": counts,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        _ => writeln!(
            out,
            "ok: {}{}",
            summary(&loaded.plan, counts),
            match loaded.warnings.len() {
                0 => String::new(),
                n => format!("; {}", plural(n, "warning", "warnings")),
            }
        ),
    })?;
    Ok(super::Outcome::Done)
}
