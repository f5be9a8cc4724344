//! `cfp inspect` as text: a workbook's sheets, then the inspected table's
//! columns (letter, header exactly as spelt, kind, commonest values), then
//! the suggested source to paste. Headers are never shortened, since they
//! are to be typed into the plan; values are, to keep a column's line
//! within the terminal.

use std::fmt::Write as _;

use crate::diag::sanitize;
use crate::format::grouped;
use crate::inspect::{Choice, Column, Inspection, Kind, Size};
use crate::measure::shown_header;

/// The longest a value is shown, in characters, before `…`.
const VALUE_WIDTH: usize = 28;

pub(super) fn text(i: &Inspection, width: Option<u16>) -> String {
    // Wider than 100 helps no one read a column's values; narrower than
    // 60 leaves no room for one.
    let width = usize::from(width.unwrap_or(80)).clamp(60, 100);
    let mut out = String::new();
    let file = &i.file;
    match (&i.table, i.sheets.is_empty()) {
        (Some(t), true) => {
            let _ = writeln!(
                out,
                "{file}: {}, header on line {}, {}",
                if i.format == "csv" {
                    "CSV"
                } else {
                    "gzipped CSV"
                },
                t.size.header_row,
                size(&t.size)
            );
        }
        _ => sheets(&mut out, i),
    }
    if let Some(t) = &i.table {
        if let Some(sheet) = &t.sheet {
            let _ = writeln!(
                out,
                "\nSheet {}: header on row {}, {}",
                sanitize(sheet),
                t.size.header_row,
                size(&t.size)
            );
            if t.chosen != Choice::Named {
                let _ = writeln!(
                    out,
                    "(the first visible sheet with a table; inspect another with --sheet NAME)"
                );
            }
        }
        ragged(&mut out, t.short_rows, t.long_rows);
        let _ = writeln!(
            out,
            "\nColumns: the header as spelt, what the column holds, its commonest values"
        );
        for c in &t.columns {
            column(&mut out, c, width);
        }
    }
    let _ = writeln!(
        out,
        "\nA source to read it, for cfp.toml (check it with cfp check):\n"
    );
    out.push_str(&sanitize(&i.stanza));
    out
}

/// Rows of another length than the header, which a source reads
/// differently (short) or not at all (long).
fn ragged(out: &mut String, short: u64, long: u64) {
    let rows = |n: u64| {
        format!(
            "{} {}",
            grouped(n as f64),
            if n == 1 { "row" } else { "rows" }
        )
    };
    if short > 0 {
        let _ = writeln!(
            out,
            "{} short of the header: read with the missing cells empty under the\n  \
             Fingertips preset, refused without it",
            rows(short)
        );
    }
    if long > 0 {
        let _ = writeln!(
            out,
            "{} with a filled cell beyond the header, which cfp check refuses:\n  \
             a comma inside a cell needs the cell in quotes",
            rows(long)
        );
    }
}

fn size(s: &Size) -> String {
    format!(
        "{} {} x {} {}",
        grouped(s.rows as f64),
        if s.rows == 1 { "row" } else { "rows" },
        s.columns,
        if s.columns == 1 { "column" } else { "columns" }
    )
}

fn sheets(out: &mut String, i: &Inspection) {
    let n = i.sheets.len();
    let _ = writeln!(
        out,
        "{}: a workbook of {n} {}",
        i.file,
        if n == 1 { "sheet" } else { "sheets" }
    );
    let names: Vec<String> = i
        .sheets
        .iter()
        .map(|s| {
            let name = sanitize(&s.name);
            if s.hidden {
                format!("{name} (hidden)")
            } else {
                name
            }
        })
        .collect();
    let wide = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (sheet, name) in i.sheets.iter().zip(&names) {
        let what = match &sheet.table {
            Some(t) => format!("header on row {}, {}", t.header_row, size(t)),
            None => "no table".to_string(),
        };
        let pad = wide - name.chars().count();
        let _ = writeln!(out, "  {name}{}  {what}", " ".repeat(pad));
    }
}

/// What a column holds, in words: its kind and the special values seen.
fn kind(c: &Column) -> String {
    let mut words = c.kind.name().to_string();
    if c.kind != Kind::Special && !c.special.is_empty() {
        let shown: Vec<String> = c.special.iter().take(4).map(|s| sanitize(s)).collect();
        let more = if c.special.len() > 4 { ", …" } else { "" };
        let _ = write!(words, " and special values ({}{more})", shown.join(", "));
    }
    words
}

/// A value as a line shows it: line breaks as `\n`, at most
/// [`VALUE_WIDTH`] characters.
fn value(text: &str) -> String {
    if text.is_empty() {
        return "(empty)".to_string();
    }
    let text = sanitize(&shown_header(text));
    match text.char_indices().nth(VALUE_WIDTH) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

fn column(out: &mut String, c: &Column, width: usize) {
    let header = sanitize(&shown_header(&c.header));
    let header = if header.is_empty() {
        "(no header)".to_string()
    } else {
        header
    };
    let _ = writeln!(out, "  {:<3} {header}", c.letter);
    let indent = "      ";
    let mut line = format!("{indent}{}", kind(c));
    if c.values.is_empty() || c.kind == Kind::Empty {
        let _ = writeln!(out, "{line}");
        return;
    }
    line.push(':');
    let shown_all = c.values.len() >= c.distinct && !c.more_distinct;
    let rest = if c.more_distinct {
        format!(" · more than {} values", grouped(c.distinct as f64))
    } else if !shown_all {
        format!(" · {} more", grouped((c.distinct - c.values.len()) as f64))
    } else {
        String::new()
    };
    for (n, v) in c.values.iter().enumerate() {
        let item = format!(
            "{} {} ({})",
            if n == 0 { "" } else { " ·" },
            value(&v.value),
            grouped(v.count as f64)
        );
        let item = item.trim_start_matches(' ');
        let room = width.saturating_sub(rest.chars().count() + 2);
        if line.chars().count() + 1 + item.chars().count() > room && n > 0 {
            line.push_str(" …");
            break;
        }
        line.push(' ');
        line.push_str(item);
    }
    let _ = writeln!(out, "{line}{rest}");
}
