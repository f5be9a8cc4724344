//! The board pack as one self-contained HTML file: inline CSS and SVG, no
//! scripts, nothing fetched, so it can be emailed or printed. It reads as a
//! board paper does: a summary, what changed since the last board, one
//! scorecard of every measure and a timeline of milestones, then an
//! exception report for each item that is red or turned worse. Every
//! rating is a word, a colour and a shape; every chart has a title and a
//! text alternative; every piece of plan or data text is escaped.

mod league;
mod scorecard;
mod since;

use std::fmt::Write as _;

use super::escape;
use super::{mdc, svg};
use crate::eval::{Comparison, Rag, Standing, Status, StatusRow};
use crate::format::human_date;
use crate::report::pack::{Detail, Exception, Item, Pack, AT_A_GLANCE};
use crate::report::words::{self, benchmark_text, shape, trend_arrow, Judgement};
use crate::report::Report;

/// The Fingertips colour class of a comparison: better, similar and worse
/// when tested (a grade's comparison is exact, so tested), blue for higher
/// or lower where higher is neither better nor worse, an outline when not
/// tested.
fn comparison_class(c: &Comparison) -> &'static str {
    if c.value.is_none() {
        return "bm-none";
    }
    if c.group.is_some() {
        return "bm-group";
    }
    match (c.tested || c.by_grade, c.result) {
        (true, Standing::Better) => "bm-better",
        (true, Standing::Similar | Standing::Same) => "bm-similar",
        (true, Standing::Worse) => "bm-worse",
        (true, Standing::Higher) => "bm-higher",
        (true, Standing::Lower) => "bm-lower",
        _ => "bm-untested",
    }
}

/// A comparison as a coloured chip with its word, and what qualifies it.
pub(crate) fn comparison_chip(c: &Comparison) -> String {
    let (word, qualifier) = c.cell_words();
    let class = comparison_class(c);
    let mut out = match class {
        "bm-group" => escape(&word),
        // A dash in the cell, so that the colours stand out; the words
        // for a screen reader.
        "bm-none" => format!(
            "<span class=\"bm-none\"><span aria-hidden=\"true\">–</span>\
             <span class=\"vh\">{}</span></span>",
            escape(&word)
        ),
        _ => format!("<span class=\"bm {class}\">{}</span>", escape(&word)),
    };
    if !qualifier.is_empty() {
        let _ = write!(
            out,
            " <span class=\"sub-line\">{}</span>",
            escape(&qualifier)
        );
    }
    out
}

/// The row's one trend as an arrow with its words, naming its window.
pub(crate) fn trend_chip(row: &StatusRow) -> String {
    let (Some((arrow, judgement)), Some(words)) = (trend_arrow(row), row.trend_words()) else {
        return String::new();
    };
    let class = match judgement {
        Judgement::Better => "dir-improving",
        Judgement::Worse => "dir-worsening",
        Judgement::Level => "dir-level",
    };
    format!(
        "<span class=\"dir {class}\">\
         <span class=\"arrow\" aria-hidden=\"true\">{arrow}</span> {}</span>",
        escape(&words)
    )
}

/// The SPC variation and assurance, as Making Data Count's icons (each
/// with its words for a screen reader); nothing with too few points.
fn spc_icons(row: &StatusRow) -> String {
    let Some(spc) = row.spc.as_ref().and_then(|s| s.result.as_ref()) else {
        return String::new();
    };
    let mut out = format!("<span class=\"icons\">{}", mdc::variation_icon(spc));
    if let Some(a) = spc.assurance {
        out.push_str(&mdc::assurance_icon(a));
    }
    out.push_str("</span>");
    out
}

/// The item's series as a sparkline: nothing for fewer than two points.
/// The item's history: a sparkline from five figures, the figures in
/// words from two to four, nothing for one.
fn sparkline(it: &Item) -> String {
    match (&it.chart, it.detail()) {
        (Some(c), Detail::Sparkline) => format!(
            "<span class=\"history-words\">{}</span>",
            escape(&c.in_words())
        ),
        (Some(c), Detail::Chart) => svg::sparkline(c),
        _ => String::new(),
    }
}

fn badge(row: &StatusRow) -> String {
    format!(
        "<span class=\"badge rag-{rag}\"><span aria-hidden=\"true\">{shape}</span> \
         {word} · {status}</span>",
        rag = row.rag.name(),
        shape = shape(row.rag),
        word = row.rag.name().to_uppercase(),
        status = row.status.words()
    )
}

/// A count of each rating present, as badges.
fn rag_badges(counts: &std::collections::BTreeMap<Rag, usize>) -> String {
    let mut out = String::new();
    for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey] {
        if let Some(n) = counts.get(&rag).filter(|n| **n > 0) {
            let _ = write!(
                out,
                "<span class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> \
                 {n} {}</span> ",
                rag.name(),
                shape(rag),
                rag.name()
            );
        }
    }
    if out.is_empty() {
        out.push_str("nothing to rate");
    }
    out.trim_end().to_string()
}

fn anchor(id: &str) -> String {
    escape(id)
}

/// Where a mention of an item takes the reader: its exception report if
/// it has one, else its row of the scorecard or the timeline.
fn link_target(p: &Pack, id: &str) -> String {
    if p.has_exception(id) {
        format!("#item-{}", anchor(id))
    } else if p.is_milestone(id) {
        format!("#ms-{}", anchor(id))
    } else if p.is_commitment(id) {
        format!("#commitment-{}", anchor(id))
    } else {
        format!("#row-{}", anchor(id))
    }
}

/// The names of an item's priority and commitment, for a report read
/// away from the scorecard.
fn context_of(p: &Pack, row: &StatusRow) -> String {
    let Some((priority, commitment)) = p.context_of(row) else {
        return String::new();
    };
    let mut text = escape(priority);
    if let Some(c) = commitment {
        let _ = write!(text, " › {}", escape(c));
    }
    text
}

fn card(p: &Pack, e: &Exception) -> String {
    let it = &e.item;
    let row = &it.row;
    let mut out = format!(
        "<article class=\"card rag-border-{}\" id=\"item-{}\" aria-labelledby=\"item-{}-h\">\
         <h3 id=\"item-{}-h\">{} <span class=\"id\">[{}]</span></h3>",
        row.rag.name(),
        anchor(&row.id),
        anchor(&row.id),
        anchor(&row.id),
        escape(&row.title),
        escape(&row.id),
    );
    let context = context_of(p, row);
    if !context.is_empty() {
        let _ = write!(out, "<p class=\"muted small\">{context}</p>");
    }
    let because: Vec<String> = e.because.iter().map(|b| escape(&b.words())).collect();
    let _ = write!(
        out,
        "<p>{}</p><p class=\"because\">In this report because {}.</p>\
         <p class=\"reason\">{}</p><dl>",
        badge(row),
        because.join("; "),
        escape(&row.reason)
    );
    let mut field = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = write!(out, "<dt>{name}</dt><dd>{value}</dd>");
        }
    };
    if let Some(v) = row.figure() {
        let mut text = format!("{v} ({})", &row.period_label().unwrap_or_default());
        if let Some(f) = &it.footprint {
            let _ = write!(text, ", {f}");
        }
        field("Latest", escape(&text));
    }
    let target = row.target_words();
    if target.is_empty() {
        if let (Some(by), None) = (&row.by, row.unit) {
            field("Due", escape(&words::due_words(by)));
        }
    } else {
        field("Target", escape(&target));
    }
    field("Trend", trend_chip(row));
    field("Benchmark", escape(&benchmark_text(&row.benchmark)));
    if let Some(summary) = row.spc.as_ref().filter(|s| s.result.is_some()) {
        let mut words = summary.variation_text();
        let assurance = summary.assurance_text();
        if !assurance.is_empty() {
            let _ = write!(words, "; {assurance}");
        }
        field("SPC", format!("{} {}", spc_icons(row), escape(&words)));
    }
    if let Some(f) = row.forecast.as_ref().filter(|f| f.result.is_some()) {
        field("Forecast", escape(&f.text()));
    }
    if !row.flags.is_empty() {
        let flags: Vec<&str> = row.flags.iter().map(|f| f.name()).collect();
        field("Flags", escape(&flags.join(", ")));
    }
    field("Lead", escape(&words::lead(row)));
    for (name, value) in words::update_lines(row, p.as_of) {
        field(name, escape(&value));
    }
    field(
        "Commentary",
        row.note.as_deref().map(escape).unwrap_or_default(),
    );
    out.push_str("</dl>");
    match (&it.chart, it.detail()) {
        (Some(chart), Detail::Chart) => {
            // On a phone the chart keeps a legible size and scrolls in its
            // own frame (focusable, so a keyboard can scroll it too).
            let _ = write!(
                out,
                "<figure class=\"chart\" tabindex=\"0\">{}</figure>",
                svg::chart(chart, false)
            );
        }
        (Some(c), Detail::Sparkline) => {
            // Two to four figures: said, not drawn.
            let _ = write!(
                out,
                "<p class=\"history-words\"><strong>Figures:</strong> {}</p>",
                escape(&c.in_words())
            );
        }
        _ => {}
    }
    out.push_str("</article>");
    out
}

/// Writes the exception reports a card at a time: a large plan may have
/// tens of thousands, and they are never one string.
fn write_exceptions(p: &Pack, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(
        b"<section id=\"exceptions\" aria-labelledby=\"exceptions-h\">\
          <h2 id=\"exceptions-h\">Exception reports</h2>",
    )?;
    if p.exceptions.is_empty() {
        return w.write_all(
            b"<p>Nothing is red, missed or overdue, and nothing turned worse.</p></section>",
        );
    }
    let red = p.red_exceptions();
    write!(
        w,
        "<p>Every item rated red (off track, off target, missed or overdue): {red}; \
         then every other item whose figure or rating turned worse: {}. \
         Everything else is in the scorecard.</p>",
        p.exceptions.len() - red
    )?;
    for e in &p.exceptions {
        w.write_all(card(p, e).as_bytes())?;
    }
    w.write_all(b"</section>")
}

fn timeline(p: &Pack) -> String {
    let mut out = String::from("<h3 id=\"milestones\">Milestones</h3>");
    if p.milestones.is_empty() {
        out.push_str("<p>The plan has no milestones.</p>");
        return out;
    }
    out.push_str(
        "<p class=\"legend\">In order of due date, with the as-of date marked.</p>\
         <ol class=\"timeline\">",
    );
    let as_of = p.as_of.to_string();
    let mark = format!("<li class=\"asof\">As of {}</li>", human_date(p.as_of));
    let mut marked = false;
    for row in &p.milestones {
        if !marked && row.by.as_deref().is_none_or(|due| due > as_of.as_str()) {
            out.push_str(&mark);
            marked = true;
        }
        let overdue = row.status == Status::Overdue;
        let title = if p.has_exception(&row.id) {
            format!(
                "<a class=\"has-report\" href=\"#item-{}\">{}</a>",
                anchor(&row.id),
                escape(&row.title)
            )
        } else {
            escape(&row.title)
        };
        let _ = write!(
            out,
            "<li id=\"ms-{}\"{}><span class=\"due\">{}</span><span>{}</span>\
             <span>{}{} <span class=\"muted\">{}</span></span></li>",
            anchor(&row.id),
            if overdue { " class=\"overdue\"" } else { "" },
            escape(
                &row.by
                    .as_deref()
                    .map_or("no due date".to_string(), words::due_words)
            ),
            badge(row),
            if overdue {
                "<span class=\"text-red\">OVERDUE</span> "
            } else {
                ""
            },
            title,
            escape(&row.reason)
        );
    }
    if !marked {
        out.push_str(&mark);
    }
    out.push_str("</ol>");
    out
}

/// Page 1's answer to "what is off track, why, and who": one row per
/// exception report, linked to it.
fn at_a_glance(p: &Pack) -> String {
    if p.exceptions.is_empty() {
        return "<p>Nothing is red, missed or overdue, and nothing turned worse.</p>".into();
    }
    let mut out = format!(
        "<table class=\"glance\"><caption>Exceptions at a glance: {}</caption>\
         <thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Rating</th>\
         <th scope=\"col\">Why</th><th scope=\"col\">Lead</th></tr></thead><tbody>",
        escape(&p.exceptions_sentence())
    );
    for e in p.exceptions.iter().take(AT_A_GLANCE) {
        let row = &e.item.row;
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#item-{}\">{}</a>\
             <span class=\"sub-line\">{}</span></th><td class=\"rating\">\
             <span class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> {}</span>\
             <span class=\"status\">{}</span></td><td>{}</td><td>{}</td></tr>",
            anchor(&row.id),
            escape(&row.title),
            row.kind.name(),
            row.rag.name(),
            shape(row.rag),
            row.rag.name().to_uppercase(),
            row.status.words(),
            escape(&e.why()),
            escape(&words::lead(row))
        );
    }
    out.push_str("</tbody></table>");
    let more = p.exceptions.len().saturating_sub(AT_A_GLANCE);
    if more > 0 {
        let _ = write!(
            out,
            "<p>And {} more, each in the exception reports after the scorecard.</p>",
            crate::format::grouped(more as f64)
        );
    }
    out
}

/// The ratings of one kind of row, as badges; blue only where it can be.
fn kind_counts(name: &str, counts: &std::collections::BTreeMap<Rag, usize>) -> String {
    let total: usize = counts.values().sum();
    let mut out = format!(
        "<li><span class=\"kind\">{name} ({})</span> <ul class=\"counts\">",
        crate::format::grouped(total as f64)
    );
    for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey] {
        let n = counts.get(&rag).copied().unwrap_or(0);
        if rag == Rag::Blue && n == 0 {
            continue;
        }
        let _ = write!(
            out,
            "<li class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> {n} {}</li>",
            rag.name(),
            shape(rag),
            rag.name()
        );
    }
    out.push_str("</ul></li>");
    out
}

fn summary(p: &Pack) -> String {
    let mut out = String::from(
        "<section id=\"summary\" aria-labelledby=\"summary-h\">\
         <h2 id=\"summary-h\">Summary</h2>",
    );
    out.push_str(&at_a_glance(p));
    out.push_str("<ul class=\"by-kind\">");
    out.push_str(&kind_counts("Indicators", &p.indicators));
    if !p.milestones.is_empty() {
        out.push_str(&kind_counts("Milestones", &p.milestone_counts));
    }
    let _ = write!(
        out,
        "</ul><p>Blue is complete; grey is not rated (no data, no target, or cancelled).</p>\
         <p>{}</p></section>",
        escape(&p.freshness.sentence())
    );
    out
}

/// Text for a CSS string: every character but letters, digits and
/// spaces as an escape, so that plan text cannot end the string or the
/// style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

/// Every printed page's margins: the plan's title and the as-of date at
/// the top, the page's number of the whole and what made the paper at the
/// bottom. The footer's words live here in print, so no page holds only
/// a footer.
fn page_margins(p: &Pack) -> String {
    let title = css_string(&p.title);
    let as_of = css_string(&format!("As of {}", human_date(p.as_of)));
    let made = css_string(&format!("Made by cfp {}", env!("CARGO_PKG_VERSION")));
    let boxes = format!(
        "@top-left {{ content: {title}; font: 9pt Arial, Helvetica, sans-serif; color: #505a5f; }}\
         @top-right {{ content: {as_of}; font: bold 9pt Arial, Helvetica, sans-serif; }}\
         @bottom-left {{ content: {made}; font: 9pt Arial, Helvetica, sans-serif; color: #505a5f; }}\
         @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); \
         font: bold 9pt Arial, Helvetica, sans-serif; }}"
    );
    format!("@media print {{ @page {{ {boxes} }} }}")
}

pub(super) fn render(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match report {
        Report::Pack(p) => pack(p, out),
        Report::League(l) => league::page(l, out),
        other => Err(super::unsupported(other, super::Format::Html)),
    }
}

/// The whole pack as one HTML document.
/// Writes the pack as it is made, section by section, so that a plan of
/// many indicators is never held whole as one string.
fn pack(p: &Pack, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} as of {}</title><style>{}{}</style></head><body>",
        escape(&p.title),
        human_date(p.as_of),
        include_str!("html/pack.css"),
        page_margins(p)
    );
    let _ = write!(
        out,
        "<header class=\"cover\"><h1>{}</h1><p>{}: the position as of <strong>{}</strong></p>",
        escape(&p.title),
        escape(&p.area),
        human_date(p.as_of)
    );
    if let Some(v) = &p.vision {
        let _ = write!(out, "<p class=\"vision\">{}</p>", escape(v));
    }
    if let Some(n) = p.narrowed_sentence() {
        let _ = write!(
            out,
            "<p class=\"narrowed\"><strong>{}</strong></p>",
            escape(&n)
        );
    }
    out.push_str(
        "</header><nav class=\"contents\" aria-label=\"Contents\">\
         <ul><li><a href=\"#summary\">Summary</a></li>",
    );
    if p.since.is_some() {
        out.push_str("<li><a href=\"#since\">Since the last board</a></li>");
    }
    out.push_str(
        "<li><a href=\"#scorecard\">Scorecard</a></li>\
         <li><a href=\"#milestones\">Milestones</a></li>\
         <li><a href=\"#exceptions\">Exception reports</a></li></ul></nav><main>",
    );
    out.push_str(&summary(p));
    if let Some(s) = &p.since {
        out.push_str(&since::section(p, s));
    }
    w.write_all(out.as_bytes())?;
    scorecard::write_section(p, w)?;
    write_exceptions(p, w)?;
    if let Some(s) = &p.since {
        w.write_all(since::appendix(p, s).as_bytes())?;
    }
    writeln!(
        w,
        "</main><footer>Made by cfp {} on the plan and figures as known on {}. \
         Each rating's reason says how it was reached.</footer></body></html>",
        env!("CARGO_PKG_VERSION"),
        human_date(p.as_of)
    )
}
