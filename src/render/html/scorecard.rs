//! The scorecard: every indicator on one row, grouped by priority and
//! commitment (a row group each, headed by its name), then the milestones
//! as one timeline. It is the page a chair
//! reads if they read nothing else, so it is one table that prints with
//! its header on every page and folds into a list on a phone.

use std::fmt::Write as _;
use std::sync::Arc;

use super::{
    anchor, comparison_chip, escape, rollup_badges, sparkline, spc_icons, timeline, trend_chip,
};
use crate::eval::{Kind, StatusRow};
use crate::report::pack::{Item, Pack};
use crate::report::words::shape;

/// The columns a plan's scorecard needs: SPC and history only when some
/// row has them, one column per comparator.
struct Columns<'a> {
    comparators: &'a [String],
    spc: bool,
    history: bool,
}

impl Columns<'_> {
    fn count(&self) -> usize {
        5 + self.comparators.len() + usize::from(self.spc) + usize::from(self.history)
    }
}

fn indicators(items: &[Arc<Item>]) -> impl Iterator<Item = &Item> {
    items
        .iter()
        .map(|i| i.as_ref())
        .filter(|i| i.row.kind == Kind::Indicator)
}

fn header(cols: &Columns) -> String {
    let mut out = String::from(
        "<thead><tr><th scope=\"col\">Rating</th><th scope=\"col\">Indicator</th>\
         <th scope=\"col\">Latest</th><th scope=\"col\">Target</th><th scope=\"col\">Trend</th>",
    );
    for c in cols.comparators {
        let _ = write!(out, "<th scope=\"col\">vs {}</th>", escape(c));
    }
    if cols.spc {
        out.push_str("<th scope=\"col\">SPC</th>");
    }
    if cols.history {
        out.push_str("<th scope=\"col\">History</th>");
    }
    out.push_str("</tr></thead>");
    out
}

fn row(p: &Pack, cols: &Columns, it: &Item) -> String {
    let r: &StatusRow = &it.row;
    let title = if p.has_exception(&r.id) {
        format!(
            "<a href=\"#item-{}\">{}</a>",
            anchor(&r.id),
            escape(&r.title)
        )
    } else {
        escape(&r.title)
    };
    let mut out = format!(
        "<tr id=\"row-{}\" class=\"r-{}\"><td class=\"rating\">\
         <span class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> {}</span>\
         <span class=\"status\">{}</span></td><td class=\"title\">{title}</td>",
        anchor(&r.id),
        r.rag.name(),
        r.rag.name(),
        shape(r.rag),
        r.rag.name().to_uppercase(),
        r.status.words()
    );
    let latest = match r.figure() {
        Some(v) => {
            let mut sub = escape(&r.period_label().unwrap_or_default());
            if let Some(f) = &it.footprint {
                let _ = write!(sub, " · {}", escape(f));
            }
            if !r.flags.is_empty() {
                let flags: Vec<&str> = r.flags.iter().map(|f| f.name()).collect();
                let _ = write!(sub, " ({})", flags.join(", "));
            }
            format!(
                "<span class=\"figure\">{}</span><span class=\"sub-line\">{sub}</span>",
                escape(&v)
            )
        }
        None => "<span class=\"muted\">no data</span>".into(),
    };
    let _ = write!(out, "<td data-label=\"Latest\">{latest}</td>");
    let target = r.target_words();
    let _ = write!(
        out,
        "<td data-label=\"Target\">{}</td>",
        if target.is_empty() {
            "<span class=\"muted\">none</span>".to_string()
        } else {
            escape(&target)
        }
    );
    let _ = write!(out, "<td data-label=\"Trend\">{}</td>", trend_chip(r));
    for name in cols.comparators {
        let chip = r
            .benchmark
            .iter()
            .find(|c| &c.comparator == name)
            .map(comparison_chip)
            .unwrap_or_default();
        let _ = write!(out, "<td data-label=\"vs {}\">{chip}</td>", escape(name));
    }
    if cols.spc {
        let _ = write!(out, "<td data-label=\"SPC\">{}</td>", spc_icons(r));
    }
    if cols.history {
        let _ = write!(out, "<td data-label=\"History\">{}</td>", sparkline(it));
    }
    out.push_str("</tr>");
    out
}

/// The key to the scorecard's columns and colours, above the table: kept
/// out of the `write!` that opens the table so that the paragraph reads,
/// and is edited, as prose.
const LEGEND: &str = "<p class=\"legend\">Every indicator by priority: its rating, \
    the latest figure, the target, one trend (the 5-point trend where counts allow it, \
    else the change from the previous figure, each naming its window; better or worse \
    only from a test), and the benchmark against each comparator with its figure, \
    in Fingertips' colours (better, similar, worse; blue for higher or lower where \
    neither is better; an outline for above or below when not tested; – not compared: \
    no comparator figure for the period, or a count, which is not compared between \
    areas). Titles in blue type have an exception report after the scorecard.</p>";

/// The scorecard section, milestones included.
/// Writes the scorecard a priority at a time, so that a plan of many
/// indicators is never one string.
pub(super) fn write_section(p: &Pack, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let all = || {
        p.priorities.iter().flat_map(|s| {
            indicators(&s.items).chain(s.commitments.iter().flat_map(|c| indicators(&c.items)))
        })
    };
    let cols = Columns {
        comparators: &p.comparators,
        spc: all().any(|i| !spc_icons(&i.row).is_empty()),
        history: all().any(|i| !sparkline(i).is_empty()),
    };
    let span = cols.count();
    let mut out = String::from(
        "<section id=\"scorecard\" aria-labelledby=\"scorecard-h\">\
         <h2 id=\"scorecard-h\">Scorecard</h2>",
    );
    let _ = write!(
        out,
        "{LEGEND}<table class=\"scorecard\"><caption>Scorecard as of {}</caption>{}",
        crate::format::human_date(p.as_of),
        header(&cols)
    );
    for s in &p.priorities {
        let _ = write!(
            out,
            "<tbody class=\"priority\" id=\"priority-{}\"><tr class=\"group\">\
             <th colspan=\"{span}\" scope=\"rowgroup\">{} {}",
            anchor(&s.rollup.id),
            escape(&s.rollup.title),
            rollup_badges(&s.rollup)
        );
        if let Some(lead) = &s.rollup.lead {
            let _ = write!(out, " <span class=\"small\">Lead: {}</span>", escape(lead));
        }
        out.push_str("</th></tr>");
        let none = indicators(&s.items).next().is_none()
            && s.commitments
                .iter()
                .all(|c| indicators(&c.items).next().is_none());
        if none {
            let _ = write!(
                out,
                "<tr><td colspan=\"{span}\" class=\"muted\">\
                 No indicators: its milestones are in the timeline below.</td></tr>"
            );
        }
        for it in indicators(&s.items) {
            out.push_str(&row(p, &cols, it));
        }
        for c in &s.commitments {
            if indicators(&c.items).next().is_none() && c.rollup.self_assessed.is_none() {
                continue;
            }
            let _ = write!(
                out,
                "</tbody><tbody class=\"commitment\" id=\"commitment-{}\"><tr class=\"sub\">\
                 <th colspan=\"{span}\" scope=\"rowgroup\">{}",
                anchor(&c.rollup.id),
                escape(&c.rollup.title)
            );
            if let Some(a) = &c.rollup.self_assessed {
                let rag = crate::eval::self_assessment_rag(a.rag);
                let _ = write!(
                    out,
                    " <span class=\"small\">self-assessed <span class=\"badge rag-{}\">\
                     <span aria-hidden=\"true\">{}</span> {}</span> on {}{}</span>",
                    rag.name(),
                    shape(rag),
                    rag.name(),
                    crate::format::human_date(a.date),
                    a.note
                        .as_deref()
                        .map(|n| format!(": {}", escape(n)))
                        .unwrap_or_default()
                );
            }
            out.push_str("</th></tr>");
            for it in indicators(&c.items) {
                out.push_str(&row(p, &cols, it));
            }
        }
        out.push_str("</tbody>");
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    out.push_str("</table>");
    out.push_str(&timeline(p));
    out.push_str("</section>");
    w.write_all(out.as_bytes())
}
