//! `cfp diff` in each format: a table per kind of change, CSV with one row
//! per change, and JSON.

use std::io::Write;

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::markdown::cell;
use crate::diag::sanitize;
use crate::format::human_date;
use crate::report::diff::{Change, Diff};

pub const COLUMNS: &[&str] = &[
    "change",
    "kind",
    "id",
    "title",
    "area",
    "period",
    "from",
    "to",
    "from_reason",
    "to_reason",
];

fn headline(d: &Diff) -> String {
    format!(
        "Changes between {} and {}: {}",
        human_date(d.since),
        human_date(d.as_of),
        match d.changes.len() {
            0 => "none".to_string(),
            1 => "1 change".to_string(),
            n => format!("{n} changes"),
        }
    )
}

fn why(c: &Change) -> String {
    match (&c.from_reason, &c.to_reason) {
        (Some(a), Some(b)) => format!("was: {a}\nnow: {b}"),
        (None, Some(b)) => b.clone(),
        (Some(a), None) => format!("was: {a}"),
        (None, None) => String::new(),
    }
}

fn what(c: &Change) -> String {
    let mut s = format!("{}\n{}", c.id, c.title);
    if let Some(area) = &c.area {
        s.push_str(&format!("\n{area}"));
    }
    if let Some(p) = &c.period {
        s.push_str(&format!(", {p}"));
    }
    s
}

pub fn table(d: &Diff, width: Option<u16>) -> String {
    let mut out = headline(d);
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
            sanitize(&what(c)),
            sanitize(c.from.as_deref().unwrap_or("")),
            sanitize(c.to.as_deref().unwrap_or("")),
            sanitize(&why(c)),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out
}

pub fn csv(d: &Diff, out: impl Write) -> std::io::Result<()> {
    super::csv::write_all(COLUMNS, records(d), out)
}

/// The records of [`csv`], as text cells in [`COLUMNS`] order.
pub fn records(d: &Diff) -> Vec<Vec<String>> {
    let text = |s: &Option<String>| super::neutralise(s.as_deref().unwrap_or("")).into_owned();
    d.changes
        .iter()
        .map(|c| {
            vec![
                c.change.words().to_string(),
                c.kind.to_string(),
                super::neutralise(&c.id).into_owned(),
                super::neutralise(&c.title).into_owned(),
                text(&c.area),
                text(&c.period),
                // A figure as a number (SPEC 4), a rating as its words.
                c.from_cell
                    .clone()
                    .map_or_else(|| text(&c.from), |x| super::neutralise(&x).into_owned()),
                c.to_cell
                    .clone()
                    .map_or_else(|| text(&c.to), |x| super::neutralise(&x).into_owned()),
                text(&c.from_reason),
                text(&c.to_reason),
            ]
        })
        .collect()
}

pub fn markdown(d: &Diff) -> String {
    let mut out = format!("## {}\n", headline(d));
    if d.changes.is_empty() {
        return out;
    }
    out.push_str("\n| Change | Item | From | To | Why |\n| --- | --- | --- | --- | --- |\n");
    for c in &d.changes {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            c.change.words(),
            cell(&what(c)),
            cell(c.from.as_deref().unwrap_or("")),
            cell(c.to.as_deref().unwrap_or("")),
            cell(&why(c).replace('\n', "; "))
        ));
    }
    out
}

pub fn json(d: &Diff, mut out: impl Write) -> std::io::Result<()> {
    let doc = serde_json::json!({
        "schema_version": super::json::SCHEMA_VERSION,
        "since": d.since,
        "as_of": d.as_of,
        "changes": d.changes,
    });
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)
}
