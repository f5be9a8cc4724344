//! Markdown for pasting into a board paper: the pack's content as headings
//! and tables. Charts are links to SVG files when the pack is written to a
//! folder; otherwise there are none.

use std::fmt::Write as _;

use super::csv::trend_text;
use super::html::shape;
use crate::eval::pack::{Item, Pack};
use crate::eval::{benchmark_text, human_date, Rag, StatusRow};

/// Makes plan and data text safe in Markdown, in a table cell or a
/// heading: it reads as the words written, never as markup. No pipes or
/// line breaks to break a table, no raw HTML or entities, no links or
/// images (`[x](javascript:...)`, a tracking `![](...)`), no emphasis or
/// code spans, and no control characters (an escape sequence could clear
/// the terminal the Markdown is printed to).
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '[' | ']' | '*' | '_' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' => out.push(' '),
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn rating(row: &StatusRow) -> String {
    format!(
        "{} {} · {}",
        shape(row.rag),
        row.rag.name().to_uppercase(),
        row.status.words()
    )
}

fn latest(row: &StatusRow) -> String {
    match (row.value, row.unit) {
        (Some(v), Some(_)) => format!("{} ({})", row.shown(v), row.period.as_deref().unwrap_or("")),
        _ => String::new(),
    }
}

fn target(row: &StatusRow) -> String {
    match (row.target, row.unit) {
        (Some(t), Some(_)) => {
            let mut s = row.shown_target(t);
            if let Some(by) = &row.by {
                s.push_str(&format!(" by {by}"));
            }
            s
        }
        _ => row
            .by
            .as_ref()
            .map(|d| format!("due {}", super::due_words(d)))
            .unwrap_or_default(),
    }
}

/// A table of rated rows, as `cfp status --format markdown` prints.
pub fn rows(rows: &[StatusRow]) -> String {
    let mut out = String::from(
        "| Rating | Item | Latest | Target | Trend | Benchmark | Reason |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} ({}) | {} | {} | {} | {} | {} |",
            rating(r),
            cell(&r.title),
            cell(&r.id),
            cell(&latest(r)),
            cell(&target(r)),
            cell(&trend_text(r)),
            cell(&benchmark_text(&r.benchmark)),
            cell(&r.reason)
        );
    }
    out
}

fn items(list: &[Item], charts: Option<&str>, out: &mut String) {
    if list.is_empty() {
        return;
    }
    let rows_only: Vec<StatusRow> = list.iter().map(|i| i.row.clone()).collect();
    out.push_str(&rows(&rows_only));
    if let Some(folder) = charts {
        for it in list.iter().filter(|i| i.chart.is_some()) {
            let _ = writeln!(
                out,
                "\n![{}]({folder}/{}.svg)",
                cell(&it.row.title),
                it.row.id
            );
        }
    }
}

/// The whole pack. `charts` names the folder (relative to the Markdown
/// file) holding one `ID.svg` per chart, when they are written.
pub fn pack(p: &Pack, charts: Option<&str>) -> String {
    let mut out = format!(
        "# {}\n\n{}: the position as of **{}**.\n",
        cell(&p.title),
        cell(&p.area),
        human_date(p.as_of)
    );
    if let Some(v) = &p.vision {
        let _ = writeln!(out, "\n_{}_", cell(v));
    }
    out.push_str("\n## Summary\n\n| Rating | Items |\n| --- | --- |\n");
    for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey] {
        let _ = writeln!(
            out,
            "| {} {} | {} |",
            shape(rag),
            rag.name(),
            p.summary.get(&rag).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(out, "\n{}", p.freshness.sentence());
    out.push_str("\n## Exceptions\n\n");
    if p.exceptions.is_empty() {
        out.push_str("Nothing is red, missed or overdue.\n");
    } else {
        out.push_str("| Rating | Item | Lead | Reason | Latest commentary |\n| --- | --- | --- | --- | --- |\n");
        for r in &p.exceptions {
            let _ = writeln!(
                out,
                "| {} | {} ({}) | {} | {} | {} |",
                rating(r),
                cell(&r.title),
                cell(&r.id),
                cell(r.lead.as_deref().unwrap_or("")),
                cell(&r.reason),
                cell(r.note.as_deref().unwrap_or(""))
            );
        }
    }
    for s in &p.priorities {
        let _ = writeln!(
            out,
            "\n## {}\n\nRatings: {}.",
            cell(&s.rollup.title),
            s.rollup.summary()
        );
        if let Some(lead) = &s.rollup.lead {
            let _ = writeln!(out, "Lead: {}.", cell(lead));
        }
        if !s.items.is_empty() {
            out.push('\n');
        }
        items(&s.items, charts, &mut out);
        for c in &s.commitments {
            let _ = writeln!(
                out,
                "\n### {}\n\nRatings: {}.",
                cell(&c.rollup.title),
                c.rollup.summary()
            );
            if let Some(lead) = &c.rollup.lead {
                let _ = writeln!(out, "Lead: {}.", cell(lead));
            }
            if let Some(a) = &c.rollup.self_assessed {
                let _ = writeln!(
                    out,
                    "Self-assessed {} on {}{}.",
                    a.rag.name(),
                    human_date(a.date),
                    a.note
                        .as_deref()
                        .map(|n| format!(": {}", cell(n)))
                        .unwrap_or_default()
                );
            }
            if !c.items.is_empty() {
                out.push('\n');
            }
            items(&c.items, charts, &mut out);
        }
    }
    out.push_str("\n## Milestones\n\n");
    if p.milestones.is_empty() {
        out.push_str("The plan has no milestones.\n");
    } else {
        out.push_str("| Due | Rating | Milestone | Reason |\n| --- | --- | --- | --- |\n");
        let as_of = p.as_of.to_string();
        let mut marked = false;
        for r in &p.milestones {
            if !marked && r.by.as_deref().is_none_or(|due| due > as_of.as_str()) {
                let _ = writeln!(out, "| **{as_of}** | | **as of this pack** | |");
                marked = true;
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} ({}) | {} |",
                r.by.as_deref()
                    .map_or("no date".to_string(), super::due_words),
                rating(r),
                cell(&r.title),
                cell(&r.id),
                cell(&r.reason)
            );
        }
        if !marked {
            let _ = writeln!(out, "| **{as_of}** | | **as of this pack** | |");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a | b\nc <script>"), "a \\| b c &lt;script&gt;");
    }

    #[test]
    fn plan_text_never_becomes_a_link_an_image_or_an_escape_sequence() {
        assert_eq!(
            cell("[x](javascript:alert(1)) ![t](https://track.example/p.gif)"),
            "\\[x\\](javascript:alert(1)) !\\[t\\](https://track.example/p.gif)"
        );
        assert_eq!(
            cell("*bold* _it_ `code` ~~s~~"),
            "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~"
        );
        assert_eq!(cell("a\u{1b}[2Jb &amp;"), "a\u{FFFD}\\[2Jb &amp;amp;");
    }
}
