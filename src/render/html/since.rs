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
            out.push_str("<ul class=\"many\">");
            for n in s.new_figures(&p.area) {
                let _ = write!(
                    out,
                    "<li><a href=\"{}\">{}</a>: {}</li>",
                    link_target(p, n.id),
                    escape(n.title),
                    escape(&n.figures)
                );
            }
            out.push_str("</ul>");
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
                link_target(p, &c.id),
                escape(&c.title),
                escape(&what_happened(c))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}
