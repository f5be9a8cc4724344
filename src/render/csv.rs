//! CSV for spreadsheets and scripts: the SPEC's columns in order, plain
//! numbers, ISO dates, formula-like text neutralised, no colour. The
//! columns and their cells are the report's ([`crate::report::columns`]),
//! the same the workbook writes.

use std::io::Write;

use super::{neutralise, unsupported, Format};
use crate::eval::Comparison;
use crate::format::Brief;
use crate::period::Period;
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
    let mut w = CsvRows::new(header, out);
    for row in rows {
        w.row(row.as_ref())?;
    }
    w.finish()
}

/// A CSV written a row at a time as the rows are made: a league of every
/// area is written as each indicator is rated, not held whole. RFC 4180
/// as the csv crate writes it (a field quoted when it holds a comma, a
/// quote or a line break, its quotes doubled; CRLF after each record; a
/// record of one empty field written `""`), each cell made safe for a
/// spreadsheet ([`neutralise`]) on the way. A league writes 75 MB of
/// cells: most are plain, and go straight in after one look at their
/// bytes ([`look`]).
pub(crate) struct CsvRows<'w> {
    sink: Sink<'w>,
    /// Where a number or date cell is written, once for every cell.
    scratch: String,
    /// How many fields the first record had: every record has as many.
    width: Option<usize>,
    /// The last period and comparison written, and their text.
    last: Last,
}

/// The text of the last period and comparison cells written, written
/// again while they repeat: a league's rows of one indicator are mostly
/// of one period, and in rank order come in runs of the same words
/// against England (`similar to England (69.5%)`).
#[derive(Default)]
struct Last {
    period: Option<(Period, String)>,
    comparison: Option<(Comparison, String)>,
}

impl Last {
    fn period(&mut self, p: &Period) -> &str {
        use std::fmt::Write as _;
        match &mut self.period {
            Some((q, _)) if q.same_label(p) => {}
            Some((q, text)) => {
                *q = *p;
                text.clear();
                // Writing to a string cannot fail.
                let _ = write!(text, "{p}");
            }
            None => self.period = Some((*p, p.to_string())),
        }
        self.period.as_ref().map_or("", |(_, text)| text)
    }

    fn comparison(&mut self, c: &Comparison) -> &str {
        use std::fmt::Write as _;
        match &mut self.comparison {
            Some((d, _)) if reads_the_same(d, c) => {}
            Some((d, text)) => {
                d.clone_from(c);
                text.clear();
                let _ = write!(text, "{}", c.words());
            }
            None => self.comparison = Some((c.clone(), c.words().to_string())),
        }
        self.comparison.as_ref().map_or("", |(_, text)| text)
    }
}

/// Two comparisons written the same: equal, field for field, and their
/// figures the same doubles (-0 equals 0, but is another number).
fn reads_the_same(a: &Comparison, b: &Comparison) -> bool {
    let bits = |c: &Comparison| {
        let shown = match c.shown {
            Brief::Figure(x, _) => Some(x.to_bits()),
            _ => None,
        };
        (c.value.map(f64::to_bits), shown)
    };
    a == b && bits(a) == bits(b)
}

/// Where the rows go.
enum Sink<'w> {
    /// A writer, handed them a block at a time.
    Writer(&'w mut dyn Write, Vec<u8>),
    /// Bytes of the caller's, written straight into (a league's
    /// indicator, made on the thread that rated it).
    Bytes(&'w mut Vec<u8>),
}

/// How much is written before it is handed on.
const BLOCK: usize = 1 << 16;

impl<'w> CsvRows<'w> {
    /// Rows under `header`, handed to `out` as they fill a block.
    pub(crate) fn new(header: &[&str], out: &'w mut dyn Write) -> Self {
        let mut rows = Self {
            sink: Sink::Writer(out, Vec::with_capacity(BLOCK + 4096)),
            scratch: String::new(),
            width: Some(header.len()),
            last: Last::default(),
        };
        let buf = rows.sink.buf();
        let start = buf.len();
        for (k, name) in header.iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            field(buf, name.as_bytes());
        }
        end_record(buf, start);
        rows
    }

    /// Rows with no header, written into `bytes`: a part of a CSV made
    /// apart from the rest.
    pub(crate) fn bytes(bytes: &'w mut Vec<u8>) -> Self {
        Self {
            sink: Sink::Bytes(bytes),
            scratch: String::new(),
            width: None,
            last: Last::default(),
        }
    }

    pub(crate) fn row(&mut self, cells: &[columns::Cell]) -> std::io::Result<()> {
        let width = *self.width.get_or_insert(cells.len());
        if cells.len() != width {
            // As the csv crate refused such a record.
            return Err(std::io::Error::other(format!(
                "found a record with {} fields, but the previous record has {width} fields",
                cells.len()
            )));
        }
        let Self {
            sink,
            scratch,
            last,
            ..
        } = self;
        let buf = sink.buf();
        let start = buf.len();
        for (k, cell) in cells.iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            let text = match cell {
                columns::Cell::Text(t) => t,
                columns::Cell::Period(p) => last.period(p),
                columns::Cell::Comparison(c) => last.comparison(c),
                // A rating's word and a count's digits: printable ASCII,
                // no comma or quote, never starting as a formula might, so
                // written as they are, with no look at them (a league
                // writes four such cells a row).
                columns::Cell::Rating(r) => {
                    buf.extend_from_slice(r.name().as_bytes());
                    continue;
                }
                columns::Cell::Count(n) => {
                    let mut digits = crate::digits::Digits::new();
                    digits.whole(*n as u64, false);
                    buf.extend_from_slice(digits.as_bytes());
                    continue;
                }
                _ => cell.plain(scratch),
            };
            match look(text.as_bytes()) {
                Look::Plain => buf.extend_from_slice(text.as_bytes()),
                Look::Quoted => quoted(buf, text.as_bytes()),
                Look::Other => field(buf, neutralise(text).as_bytes()),
            }
        }
        end_record(buf, start);
        match sink {
            Sink::Writer(out, buf) if buf.len() >= BLOCK => {
                out.write_all(buf)?;
                buf.clear();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Writer(out, buf) => {
                out.write_all(buf)?;
                buf.clear();
                out.flush()
            }
            Sink::Bytes(_) => Ok(()),
        }
    }
}

impl Sink<'_> {
    fn buf(&mut self) -> &mut Vec<u8> {
        match self {
            Sink::Writer(_, buf) => buf,
            Sink::Bytes(bytes) => bytes,
        }
    }
}

impl Drop for CsvRows<'_> {
    /// What is held goes out even when `finish` is not reached (an error
    /// on the way), as the csv crate's writer did; its error is the one
    /// already being returned.
    fn drop(&mut self) {
        if let Sink::Writer(out, buf) = &mut self.sink {
            if !buf.is_empty() {
                let _ = out.write_all(buf);
                let _ = out.flush();
            }
        }
    }
}

/// Ends the record begun at `start`: one that wrote nothing is one empty
/// field, written `""` so that it reads back as a record.
fn end_record(buf: &mut Vec<u8>, start: usize) {
    if buf.len() == start {
        buf.extend_from_slice(b"\"\"");
    }
    buf.extend_from_slice(b"\r\n");
}

/// A field, quoted (its quotes doubled) when it holds a comma, a quote or
/// a line break.
fn field(buf: &mut Vec<u8>, bytes: &[u8]) {
    if !bytes
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        return buf.extend_from_slice(bytes);
    }
    quoted(buf, bytes);
}

/// A field in quotes, its own quotes doubled.
fn quoted(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.push(b'"');
    let mut from = 0;
    for q in memchr::memchr_iter(b'"', bytes) {
        buf.extend_from_slice(&bytes[from..=q]);
        buf.push(b'"');
        from = q + 1;
    }
    buf.extend_from_slice(&bytes[from..]);
    buf.push(b'"');
}

/// What a cell needs on its way into the CSV, from one look at its bytes
/// eight at a time ([`crate::swar`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    /// Printable ASCII with no comma or quote, not starting as a formula
    /// might: nothing to quote, nothing [`neutralise`] would change.
    Plain,
    /// As plain, but holding a comma or a quote: quoted, nothing else (a
    /// reason's words).
    Quoted,
    /// Anything else: neutralised, then quoted where it must be.
    Other,
}

fn look(bytes: &[u8]) -> Look {
    use crate::swar::{below, equal, word, HIGHS};
    if matches!(bytes.first(), Some(b'=' | b'+' | b'-' | b'@')) {
        return Look::Other;
    }
    let mut quote = false;
    let mut words = bytes.chunks_exact(8);
    for eight in words.by_ref() {
        let w = word(eight);
        if (w & HIGHS) | below(w, b' ') | equal(w, 0x7F) != 0 {
            return Look::Other;
        }
        quote |= equal(w, b',') | equal(w, b'"') != 0;
    }
    for &b in words.remainder() {
        if !(b' '..=b'~').contains(&b) {
            return Look::Other;
        }
        quote |= b == b',' || b == b'"';
    }
    if quote {
        Look::Quoted
    } else {
        Look::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows as the csv crate writes them, each cell neutralised: what
    /// [`CsvRows`] wrote before it wrote its own bytes.
    fn by_the_csv_crate(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            w.write_record(header).expect("written");
            for row in rows {
                for cell in row {
                    w.write_field(neutralise(cell).as_bytes()).expect("written");
                }
                w.write_record(None::<&[u8]>).expect("written");
            }
            w.flush().expect("flushed");
        }
        out
    }

    fn by_ours(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut w = CsvRows::new(header, &mut out);
            for row in rows {
                let cells: Vec<columns::Cell> = row.iter().map(columns::Cell::text).collect();
                w.row(&cells).expect("written");
            }
            w.finish().expect("flushed");
        }
        out
    }

    #[test]
    fn a_record_of_another_width_is_refused_as_the_csv_crate_refused_it() {
        let mut out = Vec::new();
        let mut w = CsvRows::new(&["a", "b"], &mut out);
        let e = w
            .row(&[columns::Cell::text("1")])
            .expect_err("one field of two");
        assert!(e.to_string().contains("1 fields"), "{e}");
    }

    /// A period or comparison cell written again from the last one's
    /// text reads as it would on its own, whatever came before it: equal
    /// periods labelled apart, words that change, -0 after 0.
    #[test]
    fn a_repeated_period_or_comparison_is_written_as_it_reads() {
        use crate::eval::{Comparison, Standing};
        use crate::period::{parse, PeriodContext};
        use crate::plan::Unit;
        let period = |label| parse(label, PeriodContext::default()).expect("a period");
        let (q4, q1, year) = (period("Q4 2023/24"), period("2024 Q1"), period("2023/24"));
        assert_eq!(q4, q1, "the same days");
        let england = |result, x: f64| Comparison {
            comparator: "England".into(),
            value: Some(x),
            result,
            tested: true,
            level: None,
            because: None,
            by_grade: false,
            shown: Brief::Figure(x, Unit::Number),
            group: None,
        };
        let similar = england(Standing::Similar, 0.0);
        let worse = england(Standing::Worse, 0.0);
        let worse_minus = england(Standing::Worse, -0.0);
        let rows = [
            [
                columns::Cell::Period(q4),
                columns::Cell::Comparison(&similar),
            ],
            [
                columns::Cell::Period(q4),
                columns::Cell::Comparison(&similar),
            ],
            [columns::Cell::Period(q1), columns::Cell::Comparison(&worse)],
            [
                columns::Cell::Period(year),
                columns::Cell::Comparison(&worse_minus),
            ],
        ];
        let mut bytes = Vec::new();
        let mut w = CsvRows::bytes(&mut bytes);
        let mut alone = Vec::new();
        for row in &rows {
            w.row(row).expect("written");
            let mut one = Vec::new();
            let mut fresh = CsvRows::bytes(&mut one);
            fresh.row(row).expect("written");
            fresh.finish().expect("finished");
            alone.extend(one);
        }
        w.finish().expect("finished");
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&alone)
        );
        assert!(String::from_utf8_lossy(&bytes).starts_with(
            "Q4 2023/24,similar to England (0)\r\nQ4 2023/24,similar to England (0)\r\n\
             2024 Q1,worse than England (0)\r\n2023/24,"
        ));
    }

    #[test]
    fn rows_written_into_bytes_are_the_rows_a_writer_is_handed() {
        let mut bytes = Vec::new();
        let mut w = CsvRows::bytes(&mut bytes);
        w.row(&[columns::Cell::text("a,b"), columns::Cell::text("=1")])
            .expect("written");
        w.finish().expect("finished");
        assert_eq!(bytes, b"\"a,b\",'=1\r\n");
    }

    proptest::proptest! {
        /// Whatever the cells hold (commas, quotes, line breaks, control
        /// and bidirectional characters, formulas, numbers, nothing), the
        /// CSV is the csv crate's, byte for byte.
        #[test]
        fn rows_are_written_as_the_csv_crate_writes_them(
            width in 1usize..4,
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    "([a-z0-9 ,\"=+@.\t\r\n-]|\u{1b}|\u{7f}|\u{202e}|é){0,20}",
                    3,
                ),
                0..6,
            ),
        ) {
            let header = ["area", "a,b", "say \"x\""];
            let header = &header[..width];
            let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r[..width].to_vec()).collect();
            proptest::prop_assert_eq!(by_ours(header, &rows), by_the_csv_crate(header, &rows));
        }

        /// The word-at-a-time look says what a byte-by-byte one says, and
        /// a cell it passes as plain or only quoted is one neutralising
        /// would not touch.
        #[test]
        fn a_plain_cell_is_one_nothing_would_change(cell in "\\PC{0,24}|[ -~,\"]{0,30}") {
            let bytes = cell.as_bytes();
            let safe = !matches!(bytes.first(), Some(b'=' | b'+' | b'-' | b'@'))
                && bytes.iter().all(|&b| (b' '..=b'~').contains(&b));
            let quote = bytes.iter().any(|&b| b == b',' || b == b'"');
            let expected = match (safe, quote) {
                (false, _) => Look::Other,
                (true, true) => Look::Quoted,
                (true, false) => Look::Plain,
            };
            proptest::prop_assert_eq!(look(bytes), expected);
            if safe {
                proptest::prop_assert_eq!(neutralise(&cell), cell.as_str());
            }
        }
    }
}
