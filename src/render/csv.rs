//! CSV for spreadsheets and scripts: the SPEC's columns in order, plain
//! numbers, ISO dates, formula-like text neutralised, no colour. The
//! columns and their cells are the report's ([`crate::report::columns`]),
//! the same the workbook writes.

use std::io::Write;

use super::{neutralise, unsupported, Format};
use crate::report::columns::{self, Table};
use crate::report::Report;

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let table = match report {
        Report::Status(r) if r.by_priority => columns::rollups(r),
        Report::Status(r) => columns::status("status", &r.rows),
        Report::Overdue(r) => columns::status("overdue", &r.rows),
        Report::Diff(d) => columns::changes(d),
        // A league of every area is hundreds of thousands of rows: each
        // row's cells are made as it is written.
        Report::League(l) => {
            return write_rows(
                crate::report::league::COLUMNS,
                l.rows.iter().map(crate::report::league::cells),
                out,
            )
        }
        other => return Err(unsupported(other, Format::Csv)),
    };
    write_table(&table, out)
}

/// Writes a table as RFC 4180 CSV, keeping I/O errors as they are (a
/// broken pipe must stay a broken pipe).
fn write_table(table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    write_rows(table.header, table.rows.iter(), out)
}

/// Writes a header and rows of cells as RFC 4180 CSV.
fn write_rows<'c, R: AsRef<[columns::Cell<'c>]>>(
    header: &[&str],
    rows: impl Iterator<Item = R>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut w = CsvRows::new(header, out)?;
    for row in rows {
        w.row(row.as_ref())?;
    }
    w.finish()
}

/// A CSV written a row at a time as the rows are made: a league of every
/// area is written as each indicator is rated, not held whole.
pub(crate) struct CsvRows<'w> {
    w: csv::Writer<&'w mut dyn Write>,
    /// Where a number or date cell is written, once for every cell.
    scratch: String,
}

/// An I/O error kept as it is (a broken pipe must stay a broken pipe).
fn io(e: csv::Error) -> std::io::Error {
    let text = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        _ => std::io::Error::other(text),
    }
}

impl<'w> CsvRows<'w> {
    pub(crate) fn new(header: &[&str], out: &'w mut dyn Write) -> std::io::Result<Self> {
        let mut rows = Self::body(out);
        rows.w.write_record(header).map_err(io)?;
        Ok(rows)
    }

    /// Rows with no header: a part of a CSV made apart from the rest (a
    /// league's indicator, on the thread that rated it).
    pub(crate) fn body(out: &'w mut dyn Write) -> Self {
        let w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        Self {
            w,
            scratch: String::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: &[columns::Cell]) -> std::io::Result<()> {
        for cell in cells {
            let text = neutralise(cell.plain(&mut self.scratch));
            self.w.write_field(text.as_bytes()).map_err(io)?;
        }
        // An empty record after its fields ends the row.
        self.w.write_record(None::<&[u8]>).map_err(io)
    }

    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}
