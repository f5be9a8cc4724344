//! Reading a file for `cfp inspect`, before any plan says how: a CSV (or
//! gzipped CSV) record by record, or a workbook's sheets through the same
//! guarded, budgeted loading `check` uses, so that a file that would be
//! refused or would crash a reader is refused here in the same words. The
//! rows are handed on as they are read; what is made of them is
//! `crate::inspect`'s.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use csv::ByteRecord;

use super::file::Kind;
use super::lines::Lines;
use super::sheet::{self, SheetError};
use super::stretch::split_record;
use crate::diag::Code;

/// How a file is stored, as `inspect` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Csv,
    GzipCsv,
    Workbook,
}

impl Layout {
    pub(crate) fn of(path: &Path) -> Self {
        match Kind::of(path) {
            Kind::Csv => Self::Csv,
            Kind::GzipCsv => Self::GzipCsv,
            Kind::Spreadsheet => Self::Workbook,
        }
    }
}

/// One sheet of a workbook: its name, whether hidden, and its table's
/// header row, rows and columns, when it holds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SheetEntry {
    pub name: String,
    pub hidden: bool,
    pub table: Option<TableSize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TableSize {
    /// As the spreadsheet numbers rows (a CSV's: the header's line).
    pub header_row: u32,
    pub rows: u64,
    pub columns: usize,
    /// The column of the header's first cell, 0-based (A = 0).
    pub first_column: u32,
}

/// What the table inspected is, and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chosen {
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// The user named it (`--sheet`), rather than cfp choosing.
    pub named: bool,
    pub size: TableSize,
}

/// What was read of a file: its sheets (none for a CSV) and the table
/// whose rows went to the sink, if any holds a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Opened {
    pub layout: Layout,
    pub sheets: Vec<SheetEntry>,
    pub chosen: Option<Chosen>,
}

/// Why a file cannot be inspected, in words an analyst understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    pub message: String,
    pub help: Option<String>,
}

impl Refused {
    fn new(message: impl Into<String>, help: Option<&str>) -> Self {
        Self {
            message: message.into(),
            help: help.map(str::to_string),
        }
    }
}

impl From<SheetError> for Refused {
    fn from(e: SheetError) -> Self {
        Self {
            message: e.message,
            help: e.help,
        }
    }
}

/// What the rows of the inspected table are given to.
pub(crate) trait Sink {
    fn header(&mut self, names: &[String]);
    fn row(&mut self, cells: &[&str]);
}

/// Sheets a government workbook opens with, before its tables (the
/// guidance for releasing statistics in spreadsheets): a table on one of
/// them is a list of sheets or notes, not data.
const FRONT_MATTER: &[&str] = &[
    "cover",
    "cover sheet",
    "contents",
    "table of contents",
    "notes",
    "note",
    "information",
    "about",
    "about this data",
    "metadata",
    "definitions",
];

/// Reads `path` into `sink`: the CSV's records, or the table of `sheet`
/// (else the first visible sheet with a data table).
pub(crate) fn read(
    path: &Path,
    sheet: Option<&str>,
    sink: &mut dyn Sink,
) -> Result<Opened, Refused> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let help = (e.kind() == std::io::ErrorKind::NotFound)
            .then_some("check the path: it is relative to the folder cfp runs in");
        Refused::new(format!("cannot read it: {e}"), help)
    })?;
    if !meta.is_file() {
        return Err(Refused::new(
            format!("it is {}, not a file", crate::diag::file_kind(&meta)),
            Some("name a CSV, .csv.gz, .xlsx, .xls or .ods file"),
        ));
    }
    let layout = Layout::of(path);
    match layout {
        Layout::Workbook => read_workbook(path, sheet, sink),
        _ if sheet.is_some() => Err(Refused::new(
            "it is a CSV file, which has no sheets",
            Some("--sheet names a sheet of a workbook (.xlsx, .xls, .ods)"),
        )),
        Layout::Csv => {
            let mut file = File::open(path).map_err(cannot_read)?;
            let mut head = Vec::with_capacity(1 << 16);
            (&mut file)
                .take(1 << 16)
                .read_to_end(&mut head)
                .map_err(cannot_read)?;
            csv_text(&head)?;
            let chained = HeaderGuard::new(std::io::Cursor::new(head).chain(file));
            read_csv(Lines::new(chained), layout, sink)
        }
        Layout::GzipCsv => {
            let file = File::open(path).map_err(cannot_read)?;
            let text = HeaderGuard::new(flate2::read::MultiGzDecoder::new(file));
            read_csv(Lines::new(text), layout, sink)
        }
    }
}

/// The longest first line read: a header is a line of names, and a
/// file whose first line runs on for longer is no table (it would
/// otherwise be held whole in memory), as `check` says of it.
const MAX_HEADER: u64 = 1 << 16;

/// A reader that fails once [`MAX_HEADER`] bytes pass with no line break.
struct HeaderGuard<R> {
    inner: R,
    /// Bytes read before the first line break; `None` once one is met.
    before_break: Option<u64>,
}

impl<R> HeaderGuard<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            before_break: Some(0),
        }
    }
}

impl<R: Read> Read for HeaderGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(seen) = self.before_break {
            match buf[..n].iter().position(|&b| b == b'\n') {
                Some(_) => self.before_break = None,
                None if seen + n as u64 > MAX_HEADER => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "the header row is longer than 64 KiB: is this a measurements file?",
                    ));
                }
                None => self.before_break = Some(seen + n as u64),
            }
        }
        Ok(n)
    }
}

fn cannot_read(e: std::io::Error) -> Refused {
    Refused::new(format!("cannot read it: {e}"), None)
}

/// Refuses a file that is not CSV text, by its first bytes, as `check`
/// does: UTF-16 (Excel's "Unicode Text") or binary data.
fn csv_text(head: &[u8]) -> Result<(), Refused> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(Refused::new(
            "not a CSV file: UTF-16 text, as Excel saves \"Unicode Text\"",
            Some("save it from Excel as \"CSV UTF-8 (Comma delimited)\""),
        ));
    }
    if let Some(at) = head.iter().position(|&b| b == 0) {
        return Err(binary(at as u64));
    }
    Ok(())
}

fn binary(at: u64) -> Refused {
    Refused::new(
        format!("not a CSV text file: binary data (a zero byte) at byte {at}"),
        Some(
            "cfp inspects CSV text (.csv, .csv.gz) and workbooks (.xlsx, .xls, .ods); \
             a workbook needs its own extension",
        ),
    )
}

fn read_csv<R: Read>(
    mut lines: Lines<R>,
    layout: Layout,
    sink: &mut dyn Sink,
) -> Result<Opened, Refused> {
    let mut rec = ByteRecord::new();
    let mut scratch = Vec::new();
    let mut header_line = 1;
    let mut columns = 0;
    let mut rows = 0u64;
    let mut cells: Vec<String> = Vec::new();
    let mut first = true;
    loop {
        let record = match lines.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Err(cannot_read(e)),
        };
        if record.binary {
            return Err(binary(lines.consumed()));
        }
        split_record(record.bytes, record.quoted(), &mut rec, &mut scratch);
        cells.clear();
        cells.extend(rec.iter().map(|f| super::cell::text(f).into_owned()));
        if first {
            first = false;
            header_line = record.line as u32;
            let names: Vec<String> = cells
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
                .collect();
            columns = names.len();
            sink.header(&names);
            continue;
        }
        rows += 1;
        let texts: Vec<&str> = cells.iter().map(String::as_str).collect();
        sink.row(&texts);
    }
    if first {
        return Err(Refused::new(
            "the file is empty: it has no header row",
            None,
        ));
    }
    Ok(Opened {
        layout,
        sheets: Vec::new(),
        chosen: Some(Chosen {
            sheet: None,
            named: false,
            size: TableSize {
                header_row: header_line,
                rows,
                columns,
                first_column: 0,
            },
        }),
    })
}

/// Whether a sheet's name marks it as front matter (cover, contents,
/// notes) rather than a table of data.
pub(crate) fn front_matter(name: &str) -> bool {
    let name = name.trim().to_lowercase().replace('_', " ");
    FRONT_MATTER.contains(&name.as_str())
}

fn read_workbook(
    path: &Path,
    wanted: Option<&str>,
    sink: &mut dyn Sink,
) -> Result<Opened, Refused> {
    let mut book = sheet::Book::open(path)?;
    let list = book.sheets();
    let names: Vec<String> = list.iter().map(|(n, _)| n.clone()).collect();
    let named = match wanted {
        Some(w) => Some(pick(&names, w).ok_or_else(|| unknown_sheet(&names, w))?),
        None => None,
    };
    let survey = survey(&mut book, list, named.as_deref())?;
    if let Some(why) = survey.named_without_table {
        return Err(no_table(why, &survey.sheets));
    }
    let mut chosen = survey.chosen;
    // A workbook whose only tables are on its cover or contents: show
    // the first of them rather than nothing.
    if chosen.is_none() && named.is_none() {
        let first = survey
            .sheets
            .iter()
            .find(|s| s.table.is_some() && !s.hidden)
            .or_else(|| survey.sheets.iter().find(|s| s.table.is_some()));
        if let Some(entry) = first {
            chosen = Some((book.table(Some(&entry.name), None)?, false));
        }
    }
    Ok(Opened {
        layout: Layout::Workbook,
        sheets: survey.sheets,
        chosen: chosen.map(|(t, named)| feed(&t, named, sink)),
    })
}

/// Every sheet of a workbook read for its table, and the table chosen.
struct Survey {
    sheets: Vec<SheetEntry>,
    /// The table to inspect, and whether `--sheet` named it.
    chosen: Option<(sheet::Table, bool)>,
    /// Why the sheet `--sheet` named holds no table.
    named_without_table: Option<String>,
}

/// Reads each sheet's table: the one `named`, else the first visible
/// one that is no front matter, is kept whole; of the others, only their
/// size.
fn survey(
    book: &mut sheet::Book,
    list: Vec<(String, bool)>,
    named: Option<&str>,
) -> Result<Survey, Refused> {
    let mut survey = Survey {
        sheets: Vec::with_capacity(list.len()),
        chosen: None,
        named_without_table: None,
    };
    for (name, hidden) in list {
        let table = match book.table(Some(&name), None) {
            Ok(t) => Some(t),
            Err(e) if matches!(e.code, Code::BadHeader | Code::EmptyFile) => {
                if named == Some(name.as_str()) {
                    survey.named_without_table = Some(e.message);
                }
                None
            }
            Err(e) => return Err(e.into()),
        };
        let size = table.as_ref().map(|t| TableSize {
            header_row: t.header_row,
            rows: t.rows.len() as u64,
            columns: t.header.len(),
            first_column: t.first_column,
        });
        if let Some(t) = table {
            let take = match named {
                Some(n) => n == name,
                None => survey.chosen.is_none() && !hidden && !front_matter(&name),
            };
            if take {
                survey.chosen = Some((t, named.is_some()));
            }
        }
        survey.sheets.push(SheetEntry {
            name,
            hidden,
            table: size,
        });
    }
    Ok(survey)
}

/// The sheet `--sheet` named holds no table: which do.
fn no_table(why: String, sheets: &[SheetEntry]) -> Refused {
    let with: Vec<&str> = sheets
        .iter()
        .filter(|s| s.table.is_some())
        .map(|s| s.name.as_str())
        .collect();
    let help = if with.is_empty() {
        "no sheet of it holds a row that looks like a table's header".to_string()
    } else {
        format!("the sheets with a table are: {}", with.join(", "))
    };
    Refused {
        message: format!("{why}: it holds no table cfp can find"),
        help: Some(help),
    }
}

/// Gives a table's header and rows to the sink.
fn feed(t: &sheet::Table, named: bool, sink: &mut dyn Sink) -> Chosen {
    sink.header(&t.header);
    for row in &t.rows {
        let cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
        sink.row(&cells);
    }
    Chosen {
        sheet: Some(t.sheet.clone()),
        named,
        size: TableSize {
            header_row: t.header_row,
            rows: t.rows.len() as u64,
            columns: t.header.len(),
            first_column: t.first_column,
        },
    }
}

/// The sheet named exactly `wanted`, else the one named so in another
/// case, as `check` picks it.
fn pick(names: &[String], wanted: &str) -> Option<String> {
    names
        .iter()
        .find(|n| n.as_str() == wanted)
        .or_else(|| {
            names
                .iter()
                .find(|n| n.to_lowercase() == wanted.to_lowercase())
        })
        .cloned()
}

/// A sheet the workbook lacks: its sheets, the nearest to the name first.
fn unknown_sheet(names: &[String], wanted: &str) -> Refused {
    // Jaro-Winkler rather than an edit distance: a name typed short
    // (`ILACS history`) is nearer the long name it abbreviates than a
    // short name of other letters (`Notes`).
    let loose = |s: &str| s.to_lowercase().replace('_', " ");
    let want = loose(wanted);
    let mut ranked: Vec<(f64, usize, &String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (strsim::jaro_winkler(&want, &loose(n)), i, n))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let list: Vec<String> = ranked.iter().map(|(_, _, n)| format!("`{n}`")).collect();
    Refused {
        message: format!("it has no sheet named `{wanted}`"),
        help: Some(format!("its sheets, nearest first: {}", list.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_told_by_name() {
        assert!(front_matter("Cover sheet"));
        assert!(front_matter(" Contents "));
        assert!(front_matter("Table_of_contents"));
        assert!(!front_matter("Table 1"));
        assert!(!front_matter("ILACS_inspection_history"));
    }

    #[test]
    fn an_unknown_sheet_lists_the_nearest_first() {
        let names: Vec<String> = ["Cover", "Notes", "Table 1", "Table 2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let e = unknown_sheet(&names, "table 3");
        assert_eq!(e.message, "it has no sheet named `table 3`");
        assert_eq!(
            e.help.as_deref(),
            Some("its sheets, nearest first: `Table 1`, `Table 2`, `Notes`, `Cover`")
        );
        assert_eq!(pick(&names, "TABLE 2").as_deref(), Some("Table 2"));
    }
}
