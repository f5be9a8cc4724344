//! "Since the last board": the pack opens with what moved, in sentences,
//! each item linked to where the pack says more about it.

use std::fmt::Write as _;

use super::{escape, link_target};
use crate::format::human_date;
use crate::report::pack::{what_happened, Movement, Pack, SinceLastBoard};

pub(super) fn section(p: &Pack, s: &SinceLastBoard) -> String {
    let mut out = format!(
        "<section id=\"since\" class=\"since\" aria-labelledby=\"since-h\">\
         <h2 id=\"since-h\">Since the last board on {}</h2><p>{}</p>",
        human_date(s.since),
        escape(&s.sentence(p.as_of))
    );
    for (movement, changes) in s.groups() {
        let _ = write!(out, "<h3>{} ({})</h3>", movement.heading(), changes.len());
        if movement == Movement::NewFigure {
            // Many and mostly routine: counted here, listed at the end.
            let _ = write!(
                out,
                "<p>{} arrived; each is listed \
                 in <a href=\"#new-figures\">the appendix</a>.</p>",
                movement.tally(changes.len())
            );
            continue;
        }
        let many = if changes.len() > 6 {
            " class=\"many\""
        } else {
            ""
        };
        let _ = write!(out, "<ul{many}>");
        for c in changes {
            let _ = write!(
                out,
                "<li><a href=\"{}\">{}</a>: {}</li>",
                link_target(p, &c.change.id),
                escape(&c.change.title),
                escape(&what_happened(c))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}

/// The appendix of new figures since the last board, after the exception
/// reports: every one, by indicator, linked to its row.
pub(super) fn appendix(p: &Pack, s: &SinceLastBoard) -> String {
    let figures = s.new_figures(&p.area);
    if figures.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<section id=\"new-figures\" class=\"since\" aria-labelledby=\"new-figures-h\">\
         <h2 id=\"new-figures-h\">Appendix: new figures since {}</h2><ul class=\"many\">",
        human_date(s.since)
    );
    for n in figures {
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a>: {}</li>",
            link_target(p, n.id),
            escape(n.title),
            escape(&n.figures)
        );
    }
    out.push_str("</ul></section>");
    out
}
