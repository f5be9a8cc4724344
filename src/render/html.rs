//! The board pack as one self-contained HTML file: inline CSS and SVG, no
//! scripts, nothing fetched, so it can be emailed or printed. Every rating
//! is a word, a colour and a shape; every chart has a title and a text
//! alternative; every piece of plan or data text is escaped.

use std::fmt::Write as _;

use super::escape;
use super::svg;
use crate::eval::pack::{Item, Pack};
use crate::eval::{benchmark_text, human_date, Rag, Rollup, Status, StatusRow};
use crate::stats::trend::TrendLabel;

/// A shape for each rating, so colour is never the only signal.
pub fn shape(rag: Rag) -> &'static str {
    match rag {
        Rag::Blue => "◆",
        Rag::Green => "●",
        Rag::Amber => "▲",
        Rag::Red => "■",
        Rag::Grey => "○",
    }
}

const CSS: &str = r#"
:root { --blue: #1d4f91; --green: #00703c; --amber: #8a5300; --red: #b10e1e; --grey: #505a5f; --ink: #0b0c0c; --rule: #b1b4b6; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: var(--ink); background: #ffffff; margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.4; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; }
h2 { font-size: 1.4rem; border-bottom: 3px solid var(--ink); padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; margin: 0.2rem 0; }
.cover { border-bottom: 4px solid var(--ink); padding-bottom: 1rem; }
.vision { font-style: italic; }
.badge { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 0.2rem; color: #ffffff; font-weight: bold; white-space: nowrap; }
.rag-blue { background: var(--blue); } .rag-green { background: var(--green); } .rag-amber { background: var(--amber); }
.rag-red { background: var(--red); } .rag-grey { background: var(--grey); }
.text-red { color: var(--red); font-weight: bold; }
.summary ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.item { border: 1px solid var(--rule); border-left: 6px solid var(--grey); padding: 0.6rem 0.8rem; margin: 0.8rem 0; break-inside: avoid; page-break-inside: avoid; }
.item.rag-border-blue { border-left-color: var(--blue); } .item.rag-border-green { border-left-color: var(--green); }
.item.rag-border-amber { border-left-color: var(--amber); } .item.rag-border-red { border-left-color: var(--red); }
.item dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.4rem 0; }
.item dt { font-weight: bold; }
.item dd { margin: 0; }
.reason { font-weight: bold; }
figure { margin: 0.5rem 0; break-inside: avoid; page-break-inside: avoid; }
svg.chart { width: 100%; height: auto; max-width: 40rem; display: block; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
.timeline { list-style: none; padding-left: 0; border-left: 3px solid var(--rule); }
.timeline li { margin: 0 0 0.6rem 0; padding-left: 1rem; position: relative; }
.timeline li.asof { font-weight: bold; border-top: 2px dashed var(--ink); padding-top: 0.3rem; }
.timeline li.overdue { border-left: 6px solid var(--red); margin-left: -4px; }
footer { margin-top: 3rem; font-size: 0.85rem; color: var(--grey); }
@media (max-width: 40rem) { body { padding: 0.5rem; } .item dl { grid-template-columns: 1fr; } th, td { font-size: 0.85rem; } }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-before: page; page-break-before: always; }
  .cover + main > section:first-child h2 { break-before: auto; page-break-before: auto; }
  .cover h2 { break-before: auto; page-break-before: auto; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  .item, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .item { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn badge(row: &StatusRow) -> String {
    format!(
        "<span class=\"badge rag-{rag}\"><span aria-hidden=\"true\">{shape}</span> {word} · {status}</span>",
        rag = row.rag.name(),
        shape = shape(row.rag),
        word = row.rag.name().to_uppercase(),
        status = row.status.words()
    )
}

fn rollup_badges(r: &Rollup) -> String {
    let mut out = String::new();
    for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey] {
        if let Some(n) = r.counts.get(&rag).filter(|n| **n > 0) {
            let _ = write!(
                out,
                "<span class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> {n} {}</span> ",
                rag.name(),
                shape(rag),
                rag.name()
            );
        }
    }
    if out.is_empty() {
        out.push_str("nothing to rate");
    }
    out
}

fn anchor(id: &str) -> String {
    escape(id)
}

fn item(it: &Item) -> String {
    let row = &it.row;
    let mut out = format!(
        "<article class=\"item rag-border-{}\" id=\"item-{}\"><h4>{} <span class=\"id\">[{}]</span></h4><p>{}</p>",
        row.rag.name(),
        anchor(&row.id),
        escape(&row.title),
        escape(&row.id),
        badge(row)
    );
    let _ = write!(out, "<p class=\"reason\">{}</p><dl>", escape(&row.reason));
    let mut field = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = write!(out, "<dt>{name}</dt><dd>{value}</dd>");
        }
    };
    if let (Some(v), Some(_)) = (row.value, row.unit) {
        field(
            "Latest",
            escape(&format!(
                "{} ({})",
                row.shown(v),
                row.period.as_deref().unwrap_or("")
            )),
        );
    }
    match (row.target, row.unit) {
        (Some(t), Some(_)) => {
            let mut text = row.shown_target(t);
            if let Some(by) = &row.by {
                text.push_str(&format!(" by {by}"));
            }
            if let Some(e) = row.expected {
                text.push_str(&format!(" ({} expected now)", row.shown(e)));
            }
            field("Target", escape(&text));
        }
        _ => {
            if let (Some(by), None) = (&row.by, row.unit) {
                field("Due", escape(by));
            }
        }
    }
    let mut trend = row
        .trend
        .as_ref()
        .map(|t| format!("{} ({})", t.direction.words(), t.text))
        .unwrap_or_default();
    if let Some(r) = row
        .recent_trend
        .as_ref()
        .filter(|r| r.label != TrendLabel::CannotBeCalculated)
    {
        trend.push_str(&format!("; 5-point trend: {}", r.label.words()));
    }
    field("Trend", escape(&trend));
    field("Benchmark", escape(&benchmark_text(&row.benchmark)));
    if let Some(s) = row.spc.as_ref().filter(|s| s.result.is_some()) {
        let mut text = s.variation_text();
        let assurance = s.assurance_text();
        if !assurance.is_empty() {
            text.push_str(&format!("; target {assurance}"));
        }
        field("SPC", escape(&text));
    }
    if let Some(f) = row.forecast.as_ref().filter(|f| f.result.is_some()) {
        field("Forecast", escape(&f.text()));
    }
    if !row.flags.is_empty() {
        let flags: Vec<&str> = row.flags.iter().map(|f| f.name()).collect();
        field("Flags", escape(&flags.join(", ")));
    }
    field("Lead", row.lead.as_deref().map(escape).unwrap_or_default());
    field(
        "Commentary",
        row.note.as_deref().map(escape).unwrap_or_default(),
    );
    out.push_str("</dl>");
    if let Some(chart) = &it.chart {
        let _ = write!(out, "<figure>{}</figure>", svg::chart(chart, false));
    }
    out.push_str("</article>");
    out
}

fn exceptions(pack: &Pack) -> String {
    let mut out = String::from("<section id=\"exceptions\"><h2>Exceptions</h2>");
    if pack.exceptions.is_empty() {
        out.push_str("<p>Nothing is red, missed or overdue.</p></section>");
        return out;
    }
    let _ = write!(
        out,
        "<p>Every item rated red: off target, missed or overdue ({}).</p>\
<table><caption>Exceptions as of {}</caption><thead><tr><th scope=\"col\">Rating</th><th scope=\"col\">Item</th><th scope=\"col\">Lead</th><th scope=\"col\">Reason</th><th scope=\"col\">Latest commentary</th></tr></thead><tbody>",
        pack.exceptions.len(),
        human_date(pack.as_of)
    );
    for row in &pack.exceptions {
        let _ = write!(
            out,
            "<tr><td>{}</td><td><a href=\"#item-{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            badge(row),
            anchor(&row.id),
            escape(&row.title),
            escape(row.lead.as_deref().unwrap_or("")),
            escape(&row.reason),
            escape(row.note.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</tbody></table></section>");
    out
}

fn milestones(pack: &Pack) -> String {
    let mut out = String::from("<section id=\"milestones\"><h2>Milestones</h2>");
    if pack.milestones.is_empty() {
        out.push_str("<p>The plan has no milestones.</p></section>");
        return out;
    }
    out.push_str("<p>In order of due date, with the as-of date marked.</p><ol class=\"timeline\">");
    let as_of = pack.as_of.to_string();
    let mut marked = false;
    for row in &pack.milestones {
        if !marked && row.by.as_deref().is_none_or(|due| due > as_of.as_str()) {
            let _ = write!(
                out,
                "<li class=\"asof\">As of {}</li>",
                human_date(pack.as_of)
            );
            marked = true;
        }
        let overdue = row.status == Status::Overdue;
        let _ = write!(
            out,
            "<li class=\"{}\"><strong>{}</strong> {} {} <a href=\"#item-{}\">{}</a><br>{}</li>",
            if overdue { "overdue" } else { "" },
            escape(
                &row.by
                    .as_deref()
                    .map_or("no due date".to_string(), super::due_words)
            ),
            badge(row),
            if overdue {
                "<span class=\"text-red\">OVERDUE</span>"
            } else {
                ""
            },
            anchor(&row.id),
            escape(&row.title),
            escape(&row.reason)
        );
    }
    if !marked {
        let _ = write!(
            out,
            "<li class=\"asof\">As of {}</li>",
            human_date(pack.as_of)
        );
    }
    out.push_str("</ol></section>");
    out
}

/// The whole pack as one HTML document.
pub fn pack(p: &Pack) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} as of {}</title><style>{CSS}</style></head><body>",
        escape(&p.title),
        human_date(p.as_of)
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
    out.push_str("<section class=\"summary\" aria-label=\"Summary\"><h2>Summary</h2><ul>");
    for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey] {
        let n = p.summary.get(&rag).copied().unwrap_or(0);
        let _ = write!(
            out,
            "<li class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> {n} {}</li>",
            rag.name(),
            shape(rag),
            rag.name()
        );
    }
    let _ = write!(
        out,
        "</ul><p>Blue is complete; grey is not rated (no data, no target, or cancelled).</p><p>{}</p></section>",
        escape(&p.freshness.sentence())
    );
    out.push_str("<nav aria-label=\"Contents\"><h2>Contents</h2><ol><li><a href=\"#exceptions\">Exceptions</a></li>");
    for s in &p.priorities {
        let _ = write!(
            out,
            "<li><a href=\"#priority-{}\">{}</a></li>",
            anchor(&s.rollup.id),
            escape(&s.rollup.title)
        );
    }
    out.push_str("<li><a href=\"#milestones\">Milestones</a></li></ol></nav></header><main>");
    out.push_str(&exceptions(p));
    for s in &p.priorities {
        let _ = write!(
            out,
            "<section class=\"priority\" id=\"priority-{}\"><h2>{}</h2>",
            anchor(&s.rollup.id),
            escape(&s.rollup.title)
        );
        if let Some(lead) = &s.rollup.lead {
            let _ = write!(out, "<p>Lead: {}</p>", escape(lead));
        }
        let _ = write!(out, "<p>{}</p>", rollup_badges(&s.rollup));
        if !s.aims.is_empty() {
            out.push_str("<p>What we want to achieve:</p><ul>");
            for aim in &s.aims {
                let _ = write!(out, "<li>{}</li>", escape(aim));
            }
            out.push_str("</ul>");
        }
        for it in &s.items {
            out.push_str(&item(it));
        }
        for c in &s.commitments {
            let _ = write!(
                out,
                "<section class=\"commitment\" id=\"commitment-{}\"><h3>{}</h3>",
                anchor(&c.rollup.id),
                escape(&c.rollup.title)
            );
            if let Some(lead) = &c.rollup.lead {
                let _ = write!(out, "<p>Lead: {}</p>", escape(lead));
            }
            let _ = write!(out, "<p>{}</p>", rollup_badges(&c.rollup));
            if let Some(a) = &c.rollup.self_assessed {
                let rag = crate::eval::self_assessment_rag(a.rag);
                let _ = write!(
                    out,
                    "<p>Self-assessed <span class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> {}</span> on {}{}</p>",
                    rag.name(),
                    shape(rag),
                    rag.name(),
                    human_date(a.date),
                    a.note
                        .as_deref()
                        .map(|n| format!(": {}", escape(n)))
                        .unwrap_or_default()
                );
            }
            for it in &c.items {
                out.push_str(&item(it));
            }
            out.push_str("</section>");
        }
        out.push_str("</section>");
    }
    out.push_str(&milestones(p));
    let _ = writeln!(
        out,
        "</main><footer>Made by cfp {} on the plan and figures as known on {}. Each rating's reason says how it was reached.</footer></body></html>",
        env!("CARGO_PKG_VERSION"),
        human_date(p.as_of)
    );
    out
}
