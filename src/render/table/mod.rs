//! The terminal view: a heading per priority and commitment with its
//! roll-up, then a table of its indicators and milestones. Every rating is
//! spelt out in words; colour only repeats what the words say.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Attribute, Cell, Color, ColumnConstraint, ContentArrangement,
    Table, Width,
};

mod check;
mod diff;
mod inspect;
mod layout;
mod league;
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
        Report::Inspect(i) => inspect::text(i, opts.width),
        Report::League(l) => league::table(l, opts.width),
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

/// A column of the status view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Rating,
    Item,
    Latest,
    Target,
    Trend,
    Reason,
}

impl Column {
    const ALL: [Column; 6] = [
        Self::Rating,
        Self::Item,
        Self::Latest,
        Self::Target,
        Self::Trend,
        Self::Reason,
    ];

    fn heading(self) -> &'static str {
        match self {
            Self::Rating => "Rating",
            Self::Item => "Item",
            Self::Latest => "Latest",
            Self::Target => "Target",
            Self::Trend => "Trend",
            Self::Reason => "Reason",
        }
    }

    /// A row's cell in this column, as text.
    fn text(self, row: &StatusRow) -> String {
        match self {
            Self::Rating => format!("{}\n{}", row.rag.name().to_uppercase(), row.status.words()),
            Self::Item => sanitize(&format!("{}\n{}", row.id, row.title)),
            Self::Latest => latest_cell(row),
            Self::Target => target_cell(row),
            Self::Trend => trend_cell(row),
            Self::Reason => sanitize(&row.reason),
        }
    }
}

/// How a status view is laid out, decided once for all its tables: a
/// grid of the columns some row fills, each as wide in every table, or,
/// where the width cannot hold every column's longest word and a legible
/// reason, a list of one block per item.
enum Layout {
    Grid {
        columns: Vec<Column>,
        widths: Vec<usize>,
    },
    List {
        width: usize,
    },
}

impl Layout {
    fn of(rows: &[&StatusRow], width: usize) -> Self {
        let columns: Vec<Column> = Column::ALL
            .into_iter()
            .filter(|c| {
                matches!(c, Column::Rating | Column::Item | Column::Reason)
                    || rows.iter().any(|r| !c.text(r).is_empty())
            })
            .collect();
        let needs: Vec<layout::Need> = columns
            .iter()
            .map(|c| {
                let texts: Vec<String> = rows.iter().map(|r| c.text(r)).collect();
                let floor = match c {
                    Column::Reason => layout::LEAST_REASON,
                    other => other.heading().len(),
                };
                let need = layout::Need::of(texts.iter().map(String::as_str), floor);
                // A rating's words stay on their line (`complete late`), and
                // a short figure or date too (`due 31 Mar 2025`).
                match c {
                    Column::Rating => layout::Need {
                        least: need.natural,
                        ..need
                    },
                    Column::Latest | Column::Target => layout::Need {
                        least: need.least.max(need.natural.min(15)),
                        ..need
                    },
                    _ => need,
                }
            })
            .collect();
        match layout::fit(&needs, width) {
            Some(widths) => Self::Grid { columns, widths },
            None => Self::List { width },
        }
    }

    fn render(&self, rows: &[&StatusRow], opts: Options<'_>) -> String {
        match self {
            Self::Grid { columns, widths } => grid(rows, columns, widths, opts),
            Self::List { width } => list(rows, *width, opts),
        }
    }
}

/// A table of rows, its columns the widths the layout gave them and each
/// cell wrapped at its words; figures aligned to the right.
fn grid(rows: &[&StatusRow], columns: &[Column], widths: &[usize], opts: Options<'_>) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if opts.color {
        t.enforce_styling();
    }
    t.set_header(columns.iter().map(|c| c.heading()).collect::<Vec<_>>());
    t.set_constraints(
        widths
            .iter()
            .map(|w| ColumnConstraint::Absolute(Width::Fixed(*w as u16 + 2))),
    );
    for row in rows {
        t.add_row(columns.iter().zip(widths).map(|(c, w)| {
            let text = layout::wrap(&c.text(row), *w).join("\n");
            match c {
                Column::Rating => coloured(text, row.rag, opts),
                Column::Latest => Cell::new(text).set_alignment(comfy_table::CellAlignment::Right),
                _ => Cell::new(text),
            }
        }));
    }
    t.to_string()
}

/// One block per row for a narrow terminal: the rating, title and id;
/// the figure, target and trend; the reason; each wrapped at its words.
fn list(rows: &[&StatusRow], width: usize, opts: Options<'_>) -> String {
    let mut out = String::new();
    for row in rows {
        let rating = format!("{} {}", row.rag.name().to_uppercase(), row.status.words());
        let head = format!("{rating} \u{b7} {} [{}]", sanitize(&row.title), row.id);
        let head = layout::hanging(&head, width, "", 2);
        // Colour only repeats the rating's words.
        out.push_str(&head.replacen(&rating, &paint(rating.clone(), row.rag, opts), 1));
        out.push('\n');
        // The target as every other format words it; a milestone's reason
        // says its due date already.
        let target = match row.target_words() {
            t if t.is_empty() || row.kind == Kind::Milestone => String::new(),
            t => format!("target {t}"),
        };
        let mut latest = match (row.value, row.unit, row.period_label()) {
            (Some(v), Some(_), Some(p)) => format!("{} ({p})", row.shown(v)),
            _ => String::new(),
        };
        if !row.flags.is_empty() {
            let flags: Vec<&str> = row.flags.iter().map(|f| f.name()).collect();
            latest = format!("{latest} ({})", flags.join(", "));
        }
        let facts: Vec<String> = [latest, target, trend_cell(row).replace('\n', "; ")]
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect();
        if !facts.is_empty() {
            out.push_str(&layout::hanging(&facts.join("; "), width, "  ", 2));
            out.push('\n');
        }
        out.push_str(&layout::hanging(&sanitize(&row.reason), width, "  ", 2));
        out.push('\n');
    }
    // As a grid ends: its last line unbroken, the view breaks it.
    out.pop();
    out
}

/// A group's heading, `name: 1 red, 4 grey`, wrapped at its words to the
/// width; the counts are of the rows shown (a filtered view counts only
/// what it shows), coloured as their worst when colour is on.
fn heading(
    name: &str,
    rows: &[&StatusRow],
    indent: &str,
    width: usize,
    opts: Options<'_>,
) -> String {
    let (counts, worst) = tally(rows.iter().copied());
    let counts = summarise(&counts);
    let text = layout::hanging(
        &format!("{name}: {counts}"),
        width,
        indent,
        indent.len() + 2,
    );
    // Colour only where the counts stand on one line.
    let painted = paint(counts.clone(), worst.unwrap_or(Rag::Grey), opts);
    match text.rfind(&counts) {
        Some(at) => format!("{}{painted}{}", &text[..at], &text[at + counts.len()..]),
        None => text,
    }
}

/// The status view: rows grouped under their priority and commitment.
fn status(report: &StatusReport, opts: Options<'_>) -> String {
    let rows = &report.rows;
    let all: Vec<&StatusRow> = rows.iter().collect();
    let width = usize::from(opts.width.unwrap_or(100));
    let layout = Layout::of(&all, width);
    let mut out = format!(
        "{}\n{} as of {}\n",
        layout::hanging(&sanitize(&report.plan.title), width, "", 0),
        sanitize(&report.plan.area),
        report.as_of
    );
    for p in &report.priorities {
        let mine: Vec<&StatusRow> = rows.iter().filter(|r| *r.priority == *p.id).collect();
        if mine.is_empty() {
            continue;
        }
        let head = format!("{} [{}]", sanitize(&p.title), p.id);
        out.push_str(&format!("\n{}\n", heading(&head, &mine, "", width, opts)));
        let direct: Vec<&StatusRow> = mine
            .iter()
            .copied()
            .filter(|r| r.commitment.is_none())
            .collect();
        if !direct.is_empty() {
            out.push_str(&layout.render(&direct, opts));
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
            let mut head = format!("{} [{}]", sanitize(&c.title), c.id);
            if let Some(s) = &c.self_assessed {
                head = format!(
                    "{head} (self-assessed {} on {})",
                    self_assessment_rag(s.rag).name(),
                    s.date
                );
            }
            out.push_str(&format!(
                "\n{}\n",
                heading(&head, &theirs, "  ", width, opts)
            ));
            out.push_str(&layout.render(&theirs, opts));
            out.push('\n');
        }
    }
    if rows.is_empty() {
        out.push_str("\nnothing matches\n");
    }
    out
}

/// The roll-up view (`--by priority`): one row per priority and commitment,
/// as a grid where the width holds it, else a block each.
fn rollups(report: &StatusReport, opts: Options<'_>) -> String {
    let width = usize::from(opts.width.unwrap_or(100));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut worsts: Vec<Rag> = Vec::new();
    for p in &report.priorities {
        let worst = p.worst.unwrap_or(Rag::Grey);
        worsts.push(worst);
        rows.push(vec![
            worst.name().to_uppercase(),
            sanitize(&format!("{} [{}]", p.title, p.id)),
            p.summary(),
            String::new(),
            sanitize(p.lead.as_deref().unwrap_or("")),
        ]);
        for c in report.commitments_of(&p.id) {
            let worst = c.worst.unwrap_or(Rag::Grey);
            worsts.push(worst);
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
            rows.push(vec![
                worst.name().to_uppercase(),
                sanitize(&format!("- {} [{}]", c.title, c.id)),
                c.summary(),
                sanitize(&assessed),
                sanitize(c.lead.as_deref().unwrap_or("")),
            ]);
        }
    }
    let headings = [
        "Worst",
        "Priority / commitment",
        "Ratings",
        "Self-assessed",
        "Lead",
    ];
    // Counts stay on one line: `3 red, 3 blue, 2 grey`.
    let counts = rows
        .iter()
        .map(|r| layout::text_width(&r[2]))
        .max()
        .unwrap_or(0);
    let grid = layout::grid(
        &headings,
        &rows,
        &[0, 20, counts, 0, 0],
        width,
        |r, c, text| match (c, worsts.get(r)) {
            (0, Some(worst)) => coloured(text, *worst, opts),
            _ => Cell::new(text),
        },
    );
    let body = grid.unwrap_or_else(|| {
        let mut out = String::new();
        for (row, worst) in rows.iter().zip(&worsts) {
            let head = format!("{} \u{b7} {}: {}", row[0], row[1], row[2]);
            let head = layout::hanging(&head, width, "", 2);
            out.push_str(&head.replacen(&row[0], &paint(row[0].clone(), *worst, opts), 1));
            out.push('\n');
            let more: Vec<String> = [
                (!row[3].is_empty())
                    .then(|| format!("self-assessed {}", row[3].replace('\n', ": "))),
                (!row[4].is_empty()).then(|| format!("lead: {}", row[4])),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !more.is_empty() {
                out.push_str(&layout::hanging(&more.join("; "), width, "  ", 2));
                out.push('\n');
            }
        }
        out.pop();
        out
    });
    format!(
        "{}\n{} as of {}\n{body}\n",
        layout::hanging(&sanitize(&report.plan.title), width, "", 0),
        sanitize(&report.plan.area),
        report.as_of
    )
}
