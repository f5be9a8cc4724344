//! `cfp diff` as a table: what changed, to what and why.

use comfy_table::Cell;

use crate::diag::sanitize;
use crate::report::diff::Diff;

pub(super) fn table(d: &Diff, width: Option<u16>) -> String {
    let mut out = d.headline();
    out.push('\n');
    if d.changes.is_empty() {
        return out;
    }
    let width = usize::from(width.unwrap_or(100));
    let rows: Vec<Vec<String>> = d
        .changes
        .iter()
        .map(|c| {
            vec![
                c.change.words().to_string(),
                sanitize(&c.item()),
                sanitize(c.from.as_deref().unwrap_or("")),
                sanitize(c.to.as_deref().unwrap_or("")),
                sanitize(&c.why()),
            ]
        })
        .collect();
    let headings = ["Change", "Item", "From", "To", "Why"];
    let floors = [0, 0, 0, 0, super::layout::LEAST_REASON];
    match super::layout::grid(&headings, &rows, &floors, width, |_, _, text| {
        Cell::new(text)
    }) {
        Some(grid) => {
            out.push_str(&grid);
            out.push('\n');
        }
        // Too narrow for the grid: a block per change.
        None => {
            for r in &rows {
                out.push_str(&super::layout::hanging(
                    &format!("{} \u{b7} {}", r[0], r[1]),
                    width,
                    "",
                    2,
                ));
                out.push('\n');
                let moved = match (r[2].as_str(), r[3].as_str()) {
                    ("", "") => String::new(),
                    ("", to) => to.to_string(),
                    (from, to) => format!("{from} \u{2192} {to}"),
                };
                if !moved.is_empty() {
                    out.push_str(&super::layout::hanging(&moved, width, "  ", 2));
                    out.push('\n');
                }
                if !r[4].is_empty() {
                    out.push_str(&super::layout::hanging(&r[4], width, "  ", 2));
                    out.push('\n');
                }
            }
        }
    }
    out
}
