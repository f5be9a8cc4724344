//! `cfp diff` as a table: what changed, to what and why.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, ColumnConstraint, ContentArrangement, Table, Width,
};

use crate::diag::sanitize;
use crate::report::diff::Diff;

pub(super) fn table(d: &Diff, width: Option<u16>) -> String {
    let mut out = d.headline();
    out.push('\n');
    if d.changes.is_empty() {
        return out;
    }
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.set_width(w);
    }
    t.set_header(vec!["Change", "Item", "From", "To", "Why"]);
    let upper = |p| ColumnConstraint::UpperBoundary(Width::Percentage(p));
    t.set_constraints(vec![
        upper(14),
        upper(24),
        upper(13),
        upper(13),
        ColumnConstraint::LowerBoundary(Width::Percentage(34)),
    ]);
    for c in &d.changes {
        t.add_row(vec![
            c.change.words().to_string(),
            sanitize(&c.item()),
            sanitize(c.from.as_deref().unwrap_or("")),
            sanitize(c.to.as_deref().unwrap_or("")),
            sanitize(&c.why()),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out
}
