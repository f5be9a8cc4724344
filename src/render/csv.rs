//! CSV for spreadsheets and scripts: the SPEC's columns in order, plain
//! numbers, ISO dates, formula-like text neutralised, no colour.

use std::io::Write;

use super::neutralise;
use crate::eval::StatusRow;
use crate::format::plain;

/// The columns of `cfp status --format csv`, in the order scripts rely on.
pub const STATUS_COLUMNS: &[&str] = &[
    "priority",
    "commitment",
    "id",
    "kind",
    "title",
    "rag",
    "status",
    "reason",
    "period",
    "value",
    "unit",
    "target",
    "by",
    "trend",
    "benchmark",
    "flags",
    "lead",
];

pub fn status_cells(row: &StatusRow) -> Vec<String> {
    let text = |s: &str| neutralise(s).into_owned();
    let opt = |s: &Option<String>| s.as_deref().map(text).unwrap_or_default();
    let num = |x: Option<f64>| x.map(plain).unwrap_or_default();
    let benchmark = if row.benchmark.is_empty() {
        String::new()
    } else {
        row.benchmark
            .iter()
            .map(|c| c.text())
            .collect::<Vec<_>>()
            .join("; ")
    };
    vec![
        text(&row.priority),
        opt(&row.commitment),
        text(&row.id),
        row.kind.name().to_string(),
        text(&row.title),
        row.rag.name().to_string(),
        row.status.words().to_string(),
        text(&row.reason),
        opt(&row.period),
        num(row.value),
        row.unit.map(|u| u.name().to_string()).unwrap_or_default(),
        num(row.target),
        opt(&row.by),
        row.trend
            .as_ref()
            .map(|t| t.direction.words().to_string())
            .unwrap_or_default(),
        text(&benchmark),
        row.flags
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(" "),
        opt(&row.lead),
    ]
}

pub fn status(rows: &[StatusRow], out: impl Write) -> std::io::Result<()> {
    write_all(STATUS_COLUMNS, rows.iter().map(status_cells), out)
}

/// Writes a header and records as RFC 4180 CSV, keeping I/O errors as they
/// are (a broken pipe must stay a broken pipe).
pub fn write_all<I, R>(header: &[&str], records: I, out: impl Write) -> std::io::Result<()>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let io = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header).map_err(io)?;
    for record in records {
        w.write_record(record).map_err(io)?;
    }
    w.flush()
}
