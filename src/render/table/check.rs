//! `cfp check` as text: `ok:` and a one-line summary of what was read,
//! a line per source with the rows it kept, and with `--verbose` how far
//! each series runs. An invalid plan's problems go to stderr, not here.

use std::fmt::Write as _;

use crate::measure::{Counts, Coverage, SeriesCoverage};
use crate::report::check::{CheckReport, Entities};

/// The report as text; nothing for an invalid plan.
pub(super) fn text(report: &CheckReport) -> String {
    let Some(read) = &report.read else {
        return String::new();
    };
    let mut out = format!(
        "ok: {}{}\n",
        summary(&read.entities, &read.counts),
        match crate::diag::count(&report.problems) {
            0 => String::new(),
            n => format!("; {}", plural(n, "warning", "warnings")),
        }
    );
    out.push_str(&sources_listing(&read.coverage));
    if read.verbose {
        out.push_str(&listing(&read.indicators, &read.coverage));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `5 priorities, 12 indicators, ...; 120 figures (3 suppressed, ...)`.
fn summary(e: &Entities, c: &Counts) -> String {
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
        (c.other_measures, "of measures `measure` gives no role"),
        (c.unpaired, "counts rows with no one figure row to join"),
        (c.joined_skipped, "counts rows with their figure rows"),
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
    // Rows kept as a recovery update alone are neither figures nor status
    // rows: said, so that every kept row is counted.
    let recovery = match c.recovery_updates {
        0 => String::new(),
        n => format!(", {}", plural(n, "recovery update", "recovery updates")),
    };
    // Rows read into a figure as its counts (`measure`) are kept too.
    let recovery = match c.joined {
        0 => recovery,
        n => format!("{recovery}, {n} counts rows joined to them"),
    };
    format!(
        "{}, {}, {}, {}; {} read from {}: {}{special}, {}{recovery}{skipped}",
        plural(e.priorities, "priority", "priorities"),
        plural(e.commitments, "commitment", "commitments"),
        plural(e.indicators, "indicator", "indicators"),
        plural(e.milestones, "milestone", "milestones"),
        plural(c.rows, "row", "rows"),
        plural(c.files, "file", "files"),
        plural(c.figures, "figure", "figures"),
        plural(c.status_rows, "status row", "status rows"),
    )
}

/// A line per source: the rows it read and kept. Always shown, since a
/// source that keeps nothing is the first sign of a mapping gone wrong,
/// and a plan has few sources.
fn sources_listing(c: &Coverage) -> String {
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
fn listing(indicators: &[String], c: &Coverage) -> String {
    let mut out = String::from("series, first to last period read:\n");
    let several = c.sources.len() > 1;
    for (i, id) in indicators.iter().enumerate() {
        let runs: Vec<&SeriesCoverage> =
            c.series.iter().filter(|s| s.indicator_index == i).collect();
        if runs.is_empty() {
            let _ = writeln!(out, "  {id}: no figures");
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
            let _ = writeln!(out, "  {id}{source}: {}", spans.join("; "));
        }
    }
    out
}
