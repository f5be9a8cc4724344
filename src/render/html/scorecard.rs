//! The scorecard: every indicator and milestone on one row, grouped by
//! priority and commitment (a row group each, headed by its name and the
//! count of each rating among the rows under it), then the milestones
//! again as one timeline by due date. It is the page a chair
//! reads if they read nothing else, so it is one table that prints with
//! its header on every page and folds into a list on a phone.

use std::fmt::Write as _;

use super::{
    anchor, comparison_chip, escape, rag_badges, sparkline, spc_icons, timeline, trend_chip,
};
use crate::eval::{Kind, StatusRow};
use crate::report::pack::{ratings, Item, Pack};
use crate::report::words::{self, shape};

/// The columns a plan's scorecard needs: SPC and history only when some
/// row has them, one column per comparator.
struct Columns<'a> {
    comparators: Vec<&'a str>,
    spc: bool,
    history: bool,
    /// A pack since the last board: each row's rating then.
    previous: bool,
}

impl Columns<'_> {
    fn count(&self) -> usize {
        5 + self.comparators.len()
            + usize::from(self.spc)
            + usize::from(self.history)
            + usize::from(self.previous)
    }
}

/// A row's rating at the last board, in the same words as its own.
fn previous_cell(p: &Pack, r: &StatusRow) -> String {
    match p.previous(&r.id) {
        Some((rag, status)) if (rag, status) == (r.rag, r.status) => {
            "<td data-label=\"At the last board\" class=\"muted\">the same</td>".to_string()
        }
        Some((rag, status)) => format!(
            "<td data-label=\"At the last board\"><span class=\"badge rag-{}\">\
             <span aria-hidden=\"true\">{}</span> {}</span>\
             <span class=\"status\">{}</span></td>",
            rag.name(),
            shape(rag),
            rag.name().to_uppercase(),
            status.words()
        ),
        None => {
            "<td data-label=\"At the last board\" class=\"muted\">not in the plan</td>".to_string()
        }
    }
}

fn header(cols: &Columns) -> String {
    let mut out = String::from("<thead><tr><th scope=\"col\">Rating</th>");
    if cols.previous {
        out.push_str("<th scope=\"col\">At the last board</th>");
    }
    out.push_str(
        "<th scope=\"col\">Indicator or milestone</th>\
         <th scope=\"col\">Latest</th><th scope=\"col\">Target</th><th scope=\"col\">Trend</th>",
    );
    for c in &cols.comparators {
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
            "<a class=\"has-report\" href=\"#item-{}\">{}</a>",
            anchor(&r.id),
            escape(&r.title)
        )
    } else {
        escape(&r.title)
    };
    let mut out = format!(
        "<tr id=\"row-{}\" class=\"r-{}\"><td class=\"rating\">\
         <span class=\"badge rag-{}\"><span aria-hidden=\"true\">{}</span> {}</span>\
         <span class=\"status\">{}</span></td>{}<td class=\"title\">{title}</td>",
        anchor(&r.id),
        r.rag.name(),
        r.rag.name(),
        shape(r.rag),
        r.rag.name().to_uppercase(),
        r.status.words(),
        if cols.previous {
            previous_cell(p, r)
        } else {
            String::new()
        }
    );
    if r.kind == Kind::Milestone {
        return milestone_row(cols, out, r);
    }
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
    for name in &cols.comparators {
        let chip = r
            .benchmark
            .iter()
            .find(|c| *c.comparator == **name)
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

/// A milestone's row: where it stands and when it is due, in the columns
/// an indicator gives its figure and target.
fn milestone_row(cols: &Columns, mut out: String, r: &StatusRow) -> String {
    let due = words::due_phrase(r);
    // One empty cell across the trend, comparator, SPC and history cells
    // an indicator fills.
    let _ = write!(
        out,
        "<td data-label=\"Latest\">{}</td><td data-label=\"Target\">{}</td>\
         <td colspan=\"{}\"></td></tr>",
        escape(&r.reason),
        escape(&due),
        cols.count() - 4 - usize::from(cols.previous)
    );
    out
}

/// The key to the SPC column's icons (`mdc::KEY`). The icons are pictures
/// of the words beside them, so a screen reader hears the words once.
fn mdc_key() -> String {
    let mut out = format!(
        "<div class=\"mdc-key\"><p class=\"legend\"><strong>{}</strong> {}</p><ul>",
        super::mdc::KEY_HEADING,
        super::mdc::KEY_INTRO
    );
    for (icon, words) in super::mdc::KEY {
        let _ = write!(
            out,
            "<li><span class=\"icons\" aria-hidden=\"true\">{}</span> {words}</li>",
            icon.svg()
        );
    }
    out.push_str("</ul></div>");
    out
}

/// Why a comparator named by the plan has no column.
fn uncompared_note(names: &[&str]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let names: Vec<String> = names.iter().map(|n| escape(n)).collect();
    format!(
        "<p class=\"legend\">No figure for {} is known for any rated row as of this date, \
         so the scorecard has no column for {}.</p>",
        names.join(" or "),
        if names.len() == 1 { "it" } else { "them" }
    )
}

/// The key to the scorecard's columns and colours, above the table: kept
/// out of the `write!` that opens the table so that the paragraph reads,
/// and is edited, as prose.
const LEGEND: &str = "<p class=\"legend\">Every indicator and milestone by priority. An indicator's row: its rating, \
    the latest figure, the target, one trend (the 5-point trend where counts allow it, \
    else the change from the previous figure, each naming its window; better or worse \
    only from a test), and the benchmark against each comparator with its figure, \
    in Fingertips' colours (better, similar, worse; blue for higher or lower where \
    neither is better; an outline for above or below when not tested; – not compared: \
    no comparator figure for the period, or a count, which is not compared between \
    areas). A milestone's row: where it stands, and when it is due. Titles in blue type \
    (in print, marked ▸ report) have an exception report after the scorecard.</p>";

/// The scorecard section, milestones included.
/// Writes the scorecard a priority at a time, so that a plan of many
/// indicators is never one string.
pub(super) fn write_section(p: &Pack, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let all = || p.items().filter(|i| !p.is_context(i));
    let (comparators, uncompared) = p.compared();
    let cols = Columns {
        comparators,
        spc: all().any(|i| !spc_icons(&i.row).is_empty()),
        history: all().any(|i| !sparkline(i).is_empty()),
        previous: p.since.is_some(),
    };
    let span = cols.count();
    let mut out = String::from(
        "<section id=\"scorecard\" aria-labelledby=\"scorecard-h\">\
         <h2 id=\"scorecard-h\">Scorecard</h2>",
    );
    let _ = write!(
        out,
        "{LEGEND}{}{}<table class=\"scorecard\"><caption>Scorecard as of {}</caption>{}",
        uncompared_note(&uncompared),
        if cols.spc { mdc_key() } else { String::new() },
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
            rag_badges(&ratings(p.rated_in(s)))
        );
        if let Some(lead) = &s.rollup.lead {
            let _ = write!(out, " <span class=\"small\">Lead: {}</span>", escape(lead));
        }
        out.push_str("</th></tr>");
        if p.rated_in(s).next().is_none() {
            let _ = write!(
                out,
                "<tr><td colspan=\"{span}\" class=\"muted\">{}</td></tr>",
                if p.items_of(s).next().is_none() {
                    "No indicators or milestones."
                } else {
                    "Nothing to rate: its indicators have no target, and are listed for context \
                     after the scorecard."
                }
            );
        }
        for it in p.rated(&s.items) {
            out.push_str(&row(p, &cols, it));
        }
        for c in &s.commitments {
            if p.rated(&c.items).next().is_none() && c.rollup.self_assessed.is_none() {
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
            for it in p.rated(&c.items) {
                out.push_str(&row(p, &cols, it));
            }
        }
        out.push_str("</tbody>");
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    out.push_str("</table>");
    out.push_str(&context(p));
    out.push_str(&timeline(p));
    out.push_str("</section>");
    w.write_all(out.as_bytes())
}

/// The indicators with no target that did not turn worse, after the
/// scorecard: each one's latest figure, trend and benchmark on a line,
/// by priority, with nothing to rate them against. A list, not a table,
/// so that print sets it in two columns.
fn context(p: &Pack) -> String {
    let n = p.items().filter(|i| p.is_context(i)).count();
    if n == 0 {
        return String::new();
    }
    let mut out = format!(
        "<div class=\"context\"><h3 id=\"context\">For context: {} without a target</h3>\
         <p class=\"legend\">Not rated, as there is no target to rate against, and none \
         turned worse by the tests that bring an item into the exception reports: each \
         one's latest figure, then its trend and benchmark where it has them.</p>",
        if n == 1 {
            "1 indicator".to_string()
        } else {
            format!("{} indicators", crate::format::grouped(n as f64))
        }
    );
    for s in &p.priorities {
        let rows: Vec<&Item> = p.items_of(s).filter(|i| p.is_context(i)).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = write!(out, "<h4>{}</h4><ul>", escape(&s.rollup.title));
        for it in rows {
            let r = &it.row;
            let latest = match r.figure() {
                Some(v) => format!(
                    "<span class=\"figure\">{}</span> ({})",
                    escape(&v),
                    escape(&r.period_label().unwrap_or_default())
                ),
                None => "<span class=\"muted\">no data</span>".to_string(),
            };
            let mut more: Vec<String> = Vec::new();
            let trend = trend_chip(r);
            if !trend.is_empty() {
                more.push(trend);
            }
            more.extend(
                r.benchmark
                    .iter()
                    .filter(|c| c.value.is_some())
                    .map(|c| format!("vs {}: {}", escape(&c.comparator), comparison_chip(c))),
            );
            let _ = write!(
                out,
                "<li id=\"row-{}\"><span class=\"title\">{}</span>: {latest}{}</li>",
                anchor(&r.id),
                escape(&r.title),
                more.iter().map(|m| format!("; {m}")).collect::<String>()
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
    out
}
