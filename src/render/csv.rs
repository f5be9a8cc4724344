//! CSV for spreadsheets and scripts: the SPEC's columns in order, plain
//! numbers, ISO dates, formula-like text neutralised, no colour.

use std::io::Write;

use super::neutralise;
use crate::eval::{self_assessment_rag, Evaluation, Rag, Rollup, StatusRow};
use crate::report::words::benchmark_text;

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
    "variation",
    "assurance",
    "forecast",
    "planned",
    "target_words",
];

pub fn status_cells(row: &StatusRow) -> Vec<String> {
    let text = |s: &str| neutralise(s).into_owned();
    let opt = |s: &Option<String>| s.as_deref().map(text).unwrap_or_default();
    // A grade's figure is its word; any other is a plain number.
    let amount = |x: Option<f64>| x.map(|x| text(&row.amount(x).cell())).unwrap_or_default();
    let benchmark = benchmark_text(&row.benchmark);
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
        amount(row.value),
        row.unit.map(|u| u.name().to_string()).unwrap_or_default(),
        amount(row.target),
        opt(&row.by),
        row.trend_words().unwrap_or_default(),
        text(&benchmark),
        row.flags
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(" "),
        opt(&row.lead),
        row.spc
            .as_ref()
            .map(|s| s.variation_text())
            .unwrap_or_default(),
        row.spc
            .as_ref()
            .map(|s| s.assurance_text())
            .unwrap_or_default(),
        row.forecast.as_ref().map(|f| f.text()).unwrap_or_default(),
        // What the trajectory plans for the rated period, which the rating
        // was judged against where it is not the final target.
        amount(row.expected),
        // The target as the board reads it (`better than 84.9% (2021/22)`).
        row.target_by().map(|t| text(&t)).unwrap_or_default(),
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
    let io = |e: csv::Error| {
        let text = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            _ => std::io::Error::other(text),
        }
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

/// The columns of `cfp status --by priority --format csv`.
pub const ROLLUP_COLUMNS: &[&str] = &[
    "level",
    "id",
    "title",
    "priority",
    "worst",
    "red",
    "amber",
    "green",
    "blue",
    "grey",
    "self_assessed",
    "self_assessed_on",
    "self_assessed_note",
    "lead",
];

/// One row per priority, each followed by its commitments.
pub fn rollups(eval: &Evaluation, out: impl Write) -> std::io::Result<()> {
    write_all(ROLLUP_COLUMNS, rollup_records(eval), out)
}

/// The records of [`rollups`], as text cells.
pub fn rollup_records(eval: &Evaluation) -> Vec<Vec<String>> {
    let row = |level: &str, r: &Rollup| -> Vec<String> {
        let text = |s: &str| neutralise(s).into_owned();
        let count = |rag: Rag| r.counts.get(&rag).copied().unwrap_or(0).to_string();
        let assessed = r.self_assessed.as_ref();
        vec![
            level.to_string(),
            text(&r.id),
            text(&r.title),
            r.priority.as_deref().map(text).unwrap_or_default(),
            r.worst.map(|w| w.name().to_string()).unwrap_or_default(),
            count(Rag::Red),
            count(Rag::Amber),
            count(Rag::Green),
            count(Rag::Blue),
            count(Rag::Grey),
            assessed
                .map(|a| self_assessment_rag(a.rag).name().to_string())
                .unwrap_or_default(),
            assessed.map(|a| a.date.to_string()).unwrap_or_default(),
            assessed
                .and_then(|a| a.note.as_deref())
                .map(text)
                .unwrap_or_default(),
            r.lead.as_deref().map(text).unwrap_or_default(),
        ]
    };
    let mut records = Vec::new();
    for p in &eval.priorities {
        records.push(row("priority", p));
        for c in eval
            .commitments
            .iter()
            .filter(|c| c.priority.as_deref() == Some(&p.id))
        {
            records.push(row("commitment", c));
        }
    }
    records
}
