//! Markdown for pasting into a board paper: the pack's content as headings
//! and tables, in the HTML pack's order (what changed, the scorecard as a
//! table, milestones, exception reports). Full charts are links to SVG
//! files when the pack is written to a folder; otherwise there are none.

use std::fmt::Write as _;

use super::{unsupported, Format, Options};
use crate::eval::{Kind, Rag, StatusRow};
use crate::format::human_date;
use crate::report::diff::Diff;
use crate::report::pack::{
    ratings, what_happened, Detail, Exception, Item, Movement, Pack, SinceLastBoard, AT_A_GLANCE,
};
use crate::report::words::{self, benchmark_text, shape, trend_arrow};
use crate::report::Report;
use std::io::Write;

pub(super) fn render(report: &Report, opts: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let text = match report {
        Report::Status(r) | Report::Overdue(r) => rows(&r.rows),
        Report::Diff(d) => diff(d),
        Report::Pack(p) => pack(p, opts.charts),
        other => return Err(unsupported(other, Format::Markdown)),
    };
    out.write_all(text.as_bytes())
}

/// Makes plan and data text safe in Markdown, in a table cell or a
/// heading: it reads as the words written, never as markup. No pipes or
/// line breaks to break a table, no raw HTML or entities, no links or
/// images (`[x](javascript:...)`, a tracking `![](...)`), no emphasis or
/// code spans, and no control characters (an escape sequence could clear
/// the terminal the Markdown is printed to).
pub(super) fn cell(text: &str) -> String {
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
            c if (c.is_control() && c != '\t') || crate::diag::is_bidi_control(c) => {
                out.push('\u{FFFD}')
            }
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
        (Some(v), Some(_)) => format!(
            "{} ({})",
            row.shown(v),
            &row.period_label().unwrap_or_default()
        ),
        _ => String::new(),
    }
}

/// The target with what is planned for the rated period, or a
/// milestone's due date.
fn target(row: &StatusRow) -> String {
    match row.target_words() {
        t if t.is_empty() => row
            .by
            .as_ref()
            .map(|d| format!("due {}", words::due_words(d)))
            .unwrap_or_default(),
        t => t,
    }
}

/// A table of rated rows, as `cfp status --format markdown` prints.
fn rows(rows: &[StatusRow]) -> String {
    let mut out = String::from(
        "| Rating | Item | Latest | Target | Trend | Benchmark | Reason |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n",
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
            cell(&r.trend_words().unwrap_or_default()),
            cell(&benchmark_text(&r.benchmark)),
            cell(&r.reason)
        );
    }
    out
}

/// The row's one trend with its arrow: `↓ down from 84.9% in 2021, not
/// tested`.
fn arrowed(row: &StatusRow) -> String {
    match (trend_arrow(row), row.trend_words()) {
        (Some((arrow, _)), Some(words)) => format!("{arrow} {words}"),
        _ => String::new(),
    }
}

fn spc(row: &StatusRow) -> String {
    let Some(s) = row.spc.as_ref().filter(|s| s.result.is_some()) else {
        return String::new();
    };
    let mut text = s.variation_text();
    let assurance = s.assurance_text();
    if !assurance.is_empty() {
        let _ = write!(text, "; {assurance}");
    }
    text
}

fn comparison(row: &StatusRow, comparator: &str) -> String {
    row.benchmark
        .iter()
        .find(|c| *c.comparator == *comparator)
        .map(|c| {
            let (word, qualifier) = c.cell_words();
            if qualifier.is_empty() {
                word
            } else {
                format!("{word} ({qualifier})")
            }
        })
        .unwrap_or_default()
}

fn scorecard_latest(it: &Item) -> String {
    let r = &it.row;
    let Some(v) = r.figure() else {
        return "no data".into();
    };
    let mut text = format!("{v} ({})", &r.period_label().unwrap_or_default());
    if let Some(f) = &it.footprint {
        let _ = write!(text, ", {f}");
    }
    if !r.flags.is_empty() {
        let flags: Vec<&str> = r.flags.iter().map(|f| f.name()).collect();
        let _ = write!(text, " ({})", flags.join(", "));
    }
    text
}

/// The scorecard: a table per priority, one row per rated indicator and
/// milestone, the commitments as rows in bold; the indicators with no
/// target that did not turn worse follow for context.
fn scorecard(p: &Pack, out: &mut String) {
    let with_spc = p
        .items()
        .filter(|i| !p.is_context(i))
        .any(|i| !spc(&i.row).is_empty());
    let (compared, uncompared) = p.compared();
    let mut header = String::from("| Rating | Indicator or milestone | Latest | Target | Trend |");
    let mut rule = String::from("| --- | --- | --- | --- | --- |");
    for c in &compared {
        let _ = write!(header, " vs {} |", cell(c));
        rule.push_str(" --- |");
    }
    if with_spc {
        header.push_str(" SPC |");
        rule.push_str(" --- |");
    }
    let columns = 5 + compared.len() + usize::from(with_spc);
    let line = |it: &Item, out: &mut String| {
        let r = &it.row;
        if r.kind == Kind::Milestone {
            return milestone_line(r, &rated(p, r), columns, out);
        }
        indicator_line(it, &rated(p, r), &compared, with_spc, out);
    };
    out.push_str("\n## Scorecard\n");
    out.push_str(&uncompared_note(&uncompared));
    for s in &p.priorities {
        let direct: Vec<&Item> = p.rated(&s.items).collect();
        let groups: Vec<(&crate::eval::Rollup, Vec<&Item>)> = s
            .commitments
            .iter()
            .map(|c| (&c.rollup, p.rated(&c.items).collect::<Vec<_>>()))
            .filter(|(c, items)| !items.is_empty() || c.self_assessed.is_some())
            .collect();
        let _ = writeln!(
            out,
            "\n### {}\n\nRatings: {}.",
            cell(&s.rollup.title),
            match crate::eval::summarise(&ratings(p.rated_in(s))) {
                c if c.is_empty() => "none rated".to_string(),
                c => c,
            }
        );
        if let Some(lead) = &s.rollup.lead {
            let _ = writeln!(out, "Lead: {}.", cell(lead));
        }
        if direct.is_empty() && groups.is_empty() {
            out.push_str(
                "\nNothing to rate: its indicators have no target (below, for context).\n",
            );
            continue;
        }
        let _ = writeln!(out, "\n{header}\n{rule}");
        for it in &direct {
            line(it, out);
        }
        for (c, items) in &groups {
            let mut title = format!("**{}**", cell(&c.title));
            if let Some(a) = &c.self_assessed {
                let _ = write!(
                    title,
                    ": self-assessed {} on {}{}",
                    a.rag.name(),
                    human_date(a.date),
                    a.note
                        .as_deref()
                        .map(|n| format!(": {}", cell(n)))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(out, "| | {title} |{}", " |".repeat(columns - 2));
            for it in items {
                line(it, out);
            }
        }
    }
}

/// Why a comparator the plan names has no column.
fn uncompared_note(names: &[&str]) -> String {
    if names.is_empty() {
        return String::new();
    }
    format!(
        "\nNo figure for {} is known for any rated row as of this date, so the scorecard \
         has no column for {}.\n",
        cell(&names.join(" or ")),
        if names.len() == 1 { "it" } else { "them" }
    )
}

/// A row's rating, and in a pack since the last board its rating then.
fn rated(p: &Pack, r: &StatusRow) -> String {
    match (p.since.is_some(), p.previous(&r.id)) {
        (false, _) => rating(r),
        (true, Some(then)) if then == (r.rag, r.status) => {
            format!("{} (the same at the last board)", rating(r))
        }
        (true, Some((rag, status))) => format!(
            "{} (at the last board: {} {} · {})",
            rating(r),
            shape(rag),
            rag.name().to_uppercase(),
            status.words()
        ),
        (true, None) => format!("{} (not in the plan at the last board)", rating(r)),
    }
}

/// An indicator's scorecard row: rating, figure, target, trend, each
/// comparator with a column, and SPC where the scorecard has it.
fn indicator_line(it: &Item, rated: &str, compared: &[&str], with_spc: bool, out: &mut String) {
    let r = &it.row;
    let _ = write!(
        out,
        "| {} | {} ({}) | {} | {} | {} |",
        rated,
        cell(&r.title),
        cell(&r.id),
        cell(&scorecard_latest(it)),
        match r.target_words() {
            t if t.is_empty() => "none".to_string(),
            t => cell(&t),
        },
        cell(&arrowed(r))
    );
    for c in compared {
        let _ = write!(out, " {} |", cell(&comparison(r, c)));
    }
    if with_spc {
        let _ = write!(out, " {} |", cell(&spc(r)));
    }
    out.push('\n');
}

/// A milestone's scorecard row: where it stands and when it is due, in
/// the columns an indicator gives its figure and target.
fn milestone_line(r: &StatusRow, rated: &str, columns: usize, out: &mut String) {
    let due = words::due_phrase(r);
    let _ = writeln!(
        out,
        "| {} | {} ({}) | {} | {} |{}",
        rated,
        cell(&r.title),
        cell(&r.id),
        cell(&r.reason),
        cell(&due),
        " |".repeat(columns - 4)
    );
}

/// The indicators with no target that did not turn worse, a line each.
fn context(p: &Pack, out: &mut String) {
    let n = p.items().filter(|i| p.is_context(i)).count();
    if n == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "\n### For context: {n} indicator{} without a target\n\nNot rated, as there is no target to \
         rate against, and none turned worse by the tests that bring an item into the \
         exception reports.",
        if n == 1 { "" } else { "s" }
    );
    for s in &p.priorities {
        let rows: Vec<&Item> = p.items_of(s).filter(|i| p.is_context(i)).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n**{}**\n", cell(&s.rollup.title));
        for it in rows {
            let r = &it.row;
            let mut text = scorecard_latest(it);
            let trend = arrowed(r);
            if !trend.is_empty() {
                let _ = write!(text, "; {trend}");
            }
            for c in r.benchmark.iter().filter(|c| c.value.is_some()) {
                let _ = write!(
                    text,
                    "; vs {}: {}",
                    c.comparator,
                    comparison(r, &c.comparator)
                );
            }
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                cell(&r.title),
                cell(&r.id),
                cell(&text)
            );
        }
    }
}

fn milestones(p: &Pack, out: &mut String) {
    out.push_str("\n### Milestones\n\n");
    if p.milestones.is_empty() {
        out.push_str("The plan has no milestones.\n");
        return;
    }
    out.push_str("| Due | Rating | Milestone | Reason |\n| --- | --- | --- | --- |\n");
    let as_of = p.as_of.to_string();
    let mark = format!("| **{}** | | **as of this pack** | |", human_date(p.as_of));
    let mut marked = false;
    for r in &p.milestones {
        if !marked && r.by.as_deref().is_none_or(|due| due > as_of.as_str()) {
            let _ = writeln!(out, "{mark}");
            marked = true;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} ({}) | {} |",
            r.by.as_deref()
                .map_or("no date".to_string(), words::due_words),
            rating(r),
            cell(&r.title),
            cell(&r.id),
            cell(&r.reason)
        );
    }
    if !marked {
        let _ = writeln!(out, "{mark}");
    }
}

fn since(p: &Pack, s: &SinceLastBoard, out: &mut String) {
    let _ = writeln!(
        out,
        "\n## Since the last board on {}\n\n{}",
        human_date(s.since),
        cell(&s.sentence(p.as_of))
    );
    for (movement, changes) in s.groups() {
        let _ = writeln!(out, "\n### {} ({})\n", movement.heading(), changes.len());
        if movement == Movement::NewFigure {
            // Many and mostly routine: counted here, listed at the end.
            let _ = writeln!(
                out,
                "{} arrived; each is listed in the \
                 appendix.",
                movement.tally(changes.len())
            );
            continue;
        }
        for c in changes {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                cell(&c.change.title),
                cell(&c.change.id),
                cell(&what_happened(c))
            );
        }
    }
}

/// The appendix of new figures since the last board, by indicator.
fn new_figures(p: &Pack, s: &SinceLastBoard, out: &mut String) {
    let figures = s.new_figures(&p.area);
    if figures.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## Appendix: new figures since {}\n",
        human_date(s.since)
    );
    for n in figures {
        let _ = writeln!(
            out,
            "- {} ({}): {}",
            cell(n.title),
            cell(n.id),
            cell(&n.figures)
        );
    }
}

fn exception(p: &Pack, e: &Exception, charts: Option<&str>, out: &mut String) {
    let it = &e.item;
    let r = &it.row;
    let _ = writeln!(out, "\n### {} ({})\n", cell(&r.title), cell(&r.id));
    if let Some((priority, commitment)) = p.context_of(r) {
        let mut context = cell(priority);
        if let Some(c) = commitment {
            let _ = write!(context, " › {}", cell(c));
        }
        let _ = writeln!(out, "{context}\n");
    }
    let because: Vec<String> = e.because.iter().map(|b| cell(&b.words())).collect();
    let _ = writeln!(
        out,
        "**{}**. In this report because {}.\n\n{}\n",
        rating(r),
        because.join("; "),
        cell(&r.reason)
    );
    let mut field = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(out, "- {name}: {value}");
        }
    };
    if r.figure().is_some() {
        field("Latest", cell(&scorecard_latest(it)));
    }
    let target = r.target_words();
    if target.is_empty() {
        if let (Some(by), None) = (&r.by, r.unit) {
            field("Due", cell(&words::due_words(by)));
        }
    } else {
        field("Target", cell(&target));
    }
    field("Trend", cell(&arrowed(r)));
    field("Benchmark", cell(&benchmark_text(&r.benchmark)));
    field("SPC", cell(&spc(r)));
    if let Some(f) = r.forecast.as_ref().filter(|f| f.result.is_some()) {
        field("Forecast", cell(&f.text()));
    }
    field("Lead", cell(&words::lead(r)));
    for (name, value) in words::update_lines(r, p.as_of) {
        field(name, cell(&value));
    }
    field("Commentary", cell(r.note.as_deref().unwrap_or("")));
    if let (Some(folder), Detail::Chart) = (charts, it.detail()) {
        let _ = writeln!(out, "\n![{}]({folder}/{}.svg)", cell(&r.title), r.id);
    }
}

/// Page 1's answer: each exception, its rating, why and who leads it.
fn at_a_glance(p: &Pack, out: &mut String) {
    let _ = writeln!(out, "\n{}", p.exceptions_sentence());
    if p.exceptions.is_empty() {
        return;
    }
    out.push_str("\n| Item | Rating | Why | Lead |\n| --- | --- | --- | --- |\n");
    for e in p.exceptions.iter().take(AT_A_GLANCE) {
        let r = &e.item.row;
        let why = e.why();
        let _ = writeln!(
            out,
            "| {} ({}, {}) | {} | {} | {} |",
            cell(&r.title),
            cell(&r.id),
            r.kind.name(),
            rating(r),
            cell(&why),
            cell(&words::lead(r))
        );
    }
    let more = p.exceptions.len().saturating_sub(AT_A_GLANCE);
    if more > 0 {
        let _ = writeln!(
            out,
            "\nAnd {more} more, each in the exception reports after the scorecard."
        );
    }
}

/// The whole pack. `charts` names the folder (relative to the Markdown
/// file) holding one `ID.svg` per full chart, when they are written.
fn pack(p: &Pack, charts: Option<&str>) -> String {
    let mut out = format!(
        "# {}\n\n{}: the position as of **{}**.\n",
        cell(&p.title),
        cell(&p.area),
        human_date(p.as_of)
    );
    if let Some(v) = &p.vision {
        let _ = writeln!(out, "\n_{}_", cell(v));
    }
    if let Some(n) = p.narrowed_sentence() {
        let _ = writeln!(out, "\n**{}**", cell(&n));
    }
    out.push_str("\n## Summary\n");
    at_a_glance(p, &mut out);
    out.push_str("\n| Rating | Indicators | Milestones |\n| --- | --- | --- |\n");
    for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey] {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} |",
            shape(rag),
            rag.name(),
            p.indicators.get(&rag).copied().unwrap_or(0),
            p.milestone_counts.get(&rag).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(
        out,
        "\nBlue is complete; grey is not rated (no data, no target, or cancelled).\n\n{}",
        p.freshness.sentence()
    );
    if let Some(s) = &p.since {
        since(p, s, &mut out);
    }
    scorecard(p, &mut out);
    context(p, &mut out);
    milestones(p, &mut out);
    out.push_str("\n## Exception reports\n");
    if p.exceptions.is_empty() {
        out.push_str("\nNothing is red, missed or overdue, and nothing turned worse.\n");
    }
    for e in &p.exceptions {
        exception(p, e, charts, &mut out);
    }
    if let Some(s) = &p.since {
        new_figures(p, s, &mut out);
    }
    out
}

/// `cfp diff --format markdown`: a heading, then a row per change.
fn diff(d: &Diff) -> String {
    let mut out = format!("## {}\n", d.headline());
    if d.changes.is_empty() {
        return out;
    }
    out.push_str("\n| Change | Item | From | To | Why |\n| --- | --- | --- | --- | --- |\n");
    for c in &d.changes {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            c.change.words(),
            cell(&c.item()),
            cell(c.from.as_deref().unwrap_or("")),
            cell(c.to.as_deref().unwrap_or("")),
            cell(&c.why().replace('\n', "; "))
        ));
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
