//! `cfp league` as a table: per indicator, every area best first, with
//! its rank, England benchmark, recent trend and red-red flag; the plan's
//! own area marked.

use comfy_table::Cell;

use crate::diag::sanitize;
use crate::report::league::{League, LeagueRow};

/// The row's figure and period, as a person writes them.
fn figure(r: &LeagueRow) -> String {
    let row = &r.rating;
    match (row.figure(), row.period) {
        (Some(figure), Some(p)) => format!("{figure} {p}"),
        _ => row.status.to_string(),
    }
}

fn rank(r: &LeagueRow) -> String {
    match (r.rank, r.of, r.quartile) {
        (Some(rank), Some(of), Some(q)) => format!("{rank} of {of} (Q{q})"),
        // Too few areas to make quarters of.
        (Some(rank), Some(of), None) => format!("{rank} of {of}"),
        _ => "not ranked".to_string(),
    }
}

fn flags(r: &LeagueRow) -> String {
    let mut words = Vec::new();
    if let Some(c) = r.national() {
        words.push(c.text());
    }
    if let Some(t) = &r.rating.recent_trend {
        words.push(format!("recent trend: {}", t.label.words()));
    }
    if r.red_red {
        words.push("RED-RED".to_string());
    }
    words.join("; ")
}

pub(super) fn table(l: &League, width: Option<u16>) -> String {
    let level = match (&l.group, &l.level) {
        (Some(g), _) => format!(" ({} and the group {g})", l.area),
        (None, Some(v)) => format!(" at the level of {} ({v})", l.area),
        (None, None) => String::new(),
    };
    let width = usize::from(width.unwrap_or(100));
    let mut out = super::layout::prose(
        &format!(
            "{}: {} {}{level} as of {}",
            sanitize(&l.title),
            l.areas,
            if l.areas == 1 { "area" } else { "areas" },
            l.as_of
        ),
        width,
    );
    out.push('\n');
    if !l.national {
        out.push_str(&super::layout::prose(
            "No England comparator in the plan: no benchmark or red-red flag.",
            width,
        ));
        out.push('\n');
    }
    for section in l.sections() {
        let first = &section[0].rating;
        out.push('\n');
        out.push_str(&super::layout::prose(
            &format!("{} [{}]", sanitize(&first.title), sanitize(&first.id)),
            width,
        ));
        out.push('\n');
        if let Some(note) = League::unranked(section) {
            out.push_str(&super::layout::prose(&sanitize(&note), width));
            out.push('\n');
        }
        let rows: Vec<Vec<String>> = section
            .iter()
            .map(|r| {
                let marked = if r.own {
                    format!("{} \u{25c0}", sanitize(&r.area))
                } else {
                    sanitize(&r.area)
                };
                vec![
                    marked,
                    rank(r),
                    figure(r),
                    r.rating.rag.to_string().to_uppercase(),
                    flags(r),
                ]
            })
            .collect();
        out.push_str(&areas(&rows, width));
    }
    out
}

/// One indicator's areas: a grid where it fits, else a block each.
fn areas(rows: &[Vec<String>], width: usize) -> String {
    let headings = ["Area", "Rank", "Latest", "Rating", "England, trend"];
    let mut out = match super::layout::grid(&headings, rows, &[0, 0, 0, 0, 20], width, |_, _, t| {
        Cell::new(t)
    }) {
        Some(grid) => grid,
        None => {
            let mut out = String::new();
            for r in rows {
                out.push_str(&super::layout::hanging(
                    &format!("{} \u{b7} {} \u{b7} {}", r[0], r[1], r[2]),
                    width,
                    "",
                    2,
                ));
                out.push('\n');
                out.push_str(&super::layout::hanging(&r[3..].join("; "), width, "  ", 2));
                out.push('\n');
            }
            out
        }
    };
    out.push('\n');
    out
}
