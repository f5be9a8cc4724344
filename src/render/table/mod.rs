//! The terminal view: a heading per priority and commitment with its
//! roll-up, then a table of its indicators and milestones. Every rating is
//! spelt out in words; colour only repeats what the words say.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Attribute, Cell, Color, ColumnConstraint, ContentArrangement,
    Table, Width,
};

mod check;
mod diff;
mod show;

use std::io::Write;

use super::{unsupported, Format, Options};
use crate::diag::sanitize;
use crate::eval::{self_assessment_rag, summarise, tally, Kind, Rag, StatusRow};
use crate::report::{Report, StatusReport};

pub(super) fn render(report: &Report, opts: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let text = match report {
        Report::Status(r) if r.by_priority => rollups(r, *opts),
        Report::Status(r) => status(r, *opts),
        Report::Overdue(r) if r.rows.is_empty() => {
            format!("Nothing overdue, due soon or missed as of {}.\n", r.as_of)
        }
        Report::Overdue(r) => status(r, *opts),
        Report::Show(s) => show::text(&s.show, opts.width),
        Report::Diff(d) => diff::table(d, opts.width),
        Report::Check(c) => check::text(c),
        other => return Err(unsupported(other, Format::Table)),
    };
    out.write_all(text.as_bytes())
}

fn paint(text: String, rag: Rag, opts: Options<'_>) -> String {
    if !opts.color {
        return text;
    }
    let code = match rag {
        Rag::Red => "31",
        Rag::Amber => "33",
        Rag::Green => "32",
        Rag::Blue => "34",
        Rag::Grey => "90",
    };
    format!("\x1b[1;{code}m{text}\x1b[0m")
}

fn table(opts: Options<'_>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = opts.width {
        t.set_width(width);
    }
    if opts.color {
        t.enforce_styling();
    }
    t
}

fn coloured(text: String, rag: Rag, opts: Options<'_>) -> Cell {
    let cell = Cell::new(text);
    if !opts.color {
        return cell;
    }
    let color = match rag {
        Rag::Red => Color::Red,
        Rag::Amber => Color::Yellow,
        Rag::Green => Color::Green,
        Rag::Blue => Color::Blue,
        Rag::Grey => Color::DarkGrey,
    };
    cell.fg(color).add_attribute(Attribute::Bold)
}

fn rag_cell(row: &StatusRow, opts: Options<'_>) -> Cell {
    let text = format!("{}\n{}", row.rag.name().to_uppercase(), row.status.words());
    coloured(text, row.rag, opts)
}

fn latest_cell(row: &StatusRow) -> String {
    if row.kind == Kind::Milestone {
        // A milestone's period is its due date, shown under Target.
        return String::new();
    }
    let mut lines = Vec::new();
    if let (Some(v), Some(_)) = (row.value, row.unit) {
        lines.push(row.shown(v));
    }
    if let Some(p) = row.period_label() {
        lines.push(p);
    }
    if !row.flags.is_empty() {
        let flags: Vec<&str> = row.flags.iter().map(|f| f.name()).collect();
        lines.push(format!("({})", flags.join(", ")));
    }
    lines.join("\n")
}

fn target_cell(row: &StatusRow) -> String {
    match (row.target, row.unit) {
        (Some(t), Some(_)) => {
            let mut s = row.shown_target(t);
            if let Some(by) = &row.by {
                s.push_str(&format!("\nby {by}"));
            }
            if let Some(planned) = &row.planned {
                s.push_str(&format!("\n{planned}"));
            }
            s
        }
        _ => row
            .by
            .as_ref()
            .map(|d| format!("due {}", crate::report::words::due_words(d)))
            .unwrap_or_default(),
    }
}

fn trend_cell(row: &StatusRow) -> String {
    let mut lines: Vec<String> = row.trend_words().into_iter().collect();
    // The table names only the comparators that have a figure; CSV and
    // JSON say `not compared` for the others.
    lines.extend(
        row.benchmark
            .iter()
            .filter(|c| c.value.is_some())
            .map(|c| c.text()),
    );
    if let Some(s) = row.spc.as_ref().filter(|s| s.result.is_some()) {
        lines.push(format!("SPC: {}", s.variation_text()));
        let assurance = s.assurance_text();
        if !assurance.is_empty() {
            lines.push(format!("SPC: {assurance}"));
        }
    }
    if let Some(f) = row.forecast.as_ref().filter(|f| f.result.is_some()) {
        lines.push(f.text());
    }
    lines.join("\n")
}

fn rows_table(rows: &[&StatusRow], opts: Options<'_>) -> String {
    let mut t = table(opts);
    t.set_header(vec![
        "Rating", "Item", "Latest", "Target", "Trend", "Reason",
    ]);
    // The reason is what a board member reads: give it the room.
    let upper = |p| ColumnConstraint::UpperBoundary(Width::Percentage(p));
    t.set_constraints(vec![
        // Wide enough that "complete late" never wraps.
        ColumnConstraint::Absolute(Width::Fixed(15)),
        upper(22),
        upper(13),
        upper(14),
        upper(15),
        ColumnConstraint::LowerBoundary(Width::Percentage(32)),
    ]);
    for row in rows {
        t.add_row(vec![
            rag_cell(row, opts),
            Cell::new(sanitize(&format!("{}\n{}", row.id, row.title))),
            Cell::new(latest_cell(row)),
            Cell::new(target_cell(row)),
            Cell::new(trend_cell(row)),
            Cell::new(sanitize(&row.reason)),
        ]);
    }
    t.to_string()
}

/// The counts of the rows shown (a filtered view counts only what it shows).
fn rollup_line(rows: &[&StatusRow], opts: Options<'_>) -> String {
    let (counts, worst) = tally(rows.iter().copied());
    paint(summarise(&counts), worst.unwrap_or(Rag::Grey), opts)
}

/// The status view: rows grouped under their priority and commitment.
fn status(report: &StatusReport, opts: Options<'_>) -> String {
    let rows = &report.rows;
    let mut out = format!(
        "{}\n{} as of {}\n",
        sanitize(&report.plan.title),
        sanitize(&report.plan.area),
        report.as_of
    );
    for p in &report.priorities {
        let mine: Vec<&StatusRow> = rows.iter().filter(|r| r.priority == p.id).collect();
        if mine.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{} [{}]: {}\n",
            sanitize(&p.title),
            p.id,
            rollup_line(&mine, opts)
        ));
        let direct: Vec<&StatusRow> = mine
            .iter()
            .copied()
            .filter(|r| r.commitment.is_none())
            .collect();
        if !direct.is_empty() {
            out.push_str(&rows_table(&direct, opts));
            out.push('\n');
        }
        for c in report.commitments_of(&p.id) {
            let theirs: Vec<&StatusRow> = mine
                .iter()
                .copied()
                .filter(|r| r.commitment.as_deref() == Some(&c.id))
                .collect();
            if theirs.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "\n  {} [{}]: {}",
                sanitize(&c.title),
                c.id,
                rollup_line(&theirs, opts)
            ));
            if let Some(s) = &c.self_assessed {
                out.push_str(&format!(
                    "; self-assessed {} on {}",
                    self_assessment_rag(s.rag).name(),
                    s.date
                ));
            }
            out.push('\n');
            out.push_str(&rows_table(&theirs, opts));
            out.push('\n');
        }
    }
    if rows.is_empty() {
        out.push_str("\nnothing matches\n");
    }
    out
}

/// The roll-up view (`--by priority`): one row per priority and commitment.
fn rollups(report: &StatusReport, opts: Options<'_>) -> String {
    let mut t = table(opts);
    t.set_header(vec![
        "Worst",
        "Priority / commitment",
        "Ratings",
        "Self-assessed",
        "Lead",
    ]);
    for p in &report.priorities {
        let worst = p.worst.unwrap_or(Rag::Grey);
        t.add_row(vec![
            coloured(worst.name().to_uppercase(), worst, opts),
            Cell::new(sanitize(&format!("{} [{}]", p.title, p.id))),
            Cell::new(p.summary()),
            Cell::new(""),
            Cell::new(sanitize(p.lead.as_deref().unwrap_or(""))),
        ]);
        for c in report.commitments_of(&p.id) {
            let worst = c.worst.unwrap_or(Rag::Grey);
            let assessed = c
                .self_assessed
                .as_ref()
                .map(|s| {
                    let mut text = format!("{} ({})", self_assessment_rag(s.rag).name(), s.date);
                    if let Some(note) = &s.note {
                        text.push('\n');
                        text.push_str(note);
                    }
                    text
                })
                .unwrap_or_default();
            t.add_row(vec![
                coloured(worst.name().to_uppercase(), worst, opts),
                Cell::new(sanitize(&format!("- {} [{}]", c.title, c.id))),
                Cell::new(c.summary()),
                Cell::new(sanitize(&assessed)),
                Cell::new(sanitize(c.lead.as_deref().unwrap_or(""))),
            ]);
        }
    }
    format!(
        "{}\n{} as of {}\n{t}\n",
        sanitize(&report.plan.title),
        sanitize(&report.plan.area),
        report.as_of
    )
}
