//! Spreadsheets: one table read from an .xlsx, .xls or .ods workbook, each
//! cell turned into the text a CSV export of it would hold, so the rest of
//! cfp reads a workbook the way it reads a CSV. Government workbooks put a
//! title and notes above the table, so the header is found rather than
//! assumed to be row 1, and every row keeps the number a spreadsheet shows.
//! calamine reads the files; this module never trusts it not to panic on a
//! damaged one.

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use super::budget::{MAX_COLUMNS, MAX_ROWS};
use calamine::{open_workbook_auto, Data, Reader, SheetVisible, Sheets, XlsxError};

use crate::diag::Code;

/// One table read from a workbook: the header row and the rows below it,
/// every cell as the text a CSV export of it would hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Table {
    /// The sheet's name, as the workbook spells it.
    pub sheet: String,
    /// The sheet is hidden (or very hidden) in the workbook: read only
    /// because the plan names it.
    pub hidden: bool,
    /// The header's row number as a spreadsheet shows it (1-based).
    pub header_row: u32,
    /// The column of the header's first cell, 0-based (A = 0).
    pub first_column: u32,
    /// Header cells, trimmed, from `first_column` to the header's last
    /// filled cell.
    pub header: Vec<String>,
    /// Every row below the header with a filled cell from `first_column`
    /// on, in order: empty rows are left out, and so is a note left of the
    /// table (a source line in column A), which is no row of it.
    pub rows: Vec<Row>,
}

/// One row below a table's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    /// The row number as a spreadsheet shows it (1-based).
    pub row: u32,
    /// Cells from the table's `first_column`, aligned with its header: at
    /// least as many as the header has, more when the row has filled cells
    /// beyond it.
    pub cells: Vec<String>,
}

/// Why a table could not be read, in words an analyst understands, with a
/// remedy where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SheetError {
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SheetError {}

impl SheetError {
    fn new(code: Code, message: String) -> Self {
        Self {
            code,
            message,
            help: None,
        }
    }

    fn with_help(code: Code, message: String, help: String) -> Self {
        Self {
            code,
            message,
            help: Some(help),
        }
    }
}

/// Reads the table on `sheet` (the first sheet when `None`) whose header is
/// on row `header_row` as shown, or, without it, the first row that looks
/// like a header: two or more filled cells with no gap between them.
pub(super) fn read_table(
    path: &Path,
    sheet: Option<&str>,
    header_row: Option<u32>,
) -> Result<Table, SheetError> {
    Book::open(path)?.table(sheet, header_row)
}

/// A workbook opened once, for each of its sheets to be read from: an
/// `.ods` is parsed whole when opened and an `.xlsx`'s shared strings are
/// read then, so `cfp inspect` surveying every sheet opens it once.
pub(super) struct Book {
    workbook: Sheets<std::io::BufReader<std::fs::File>>,
}

impl Book {
    /// Refused, opened and guarded as every read is, so a hostile file is
    /// a message, never a panic.
    pub(super) fn open(path: &Path) -> Result<Self, SheetError> {
        admitted(path)?;
        let workbook = guarded(|| open_workbook_auto(path).map_err(|e| not_opened(path, &e)))?;
        Ok(Self { workbook })
    }

    /// Every sheet, in the workbook's order, with whether it is hidden.
    pub(super) fn sheets(&self) -> Vec<(String, bool)> {
        self.workbook
            .sheets_metadata()
            .iter()
            .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
            .collect()
    }

    /// The table on `sheet`, as [`read_table`] reads it.
    pub(super) fn table(
        &mut self,
        sheet: Option<&str>,
        header_row: Option<u32>,
    ) -> Result<Table, SheetError> {
        let (name, hidden, grid) = guarded(|| load_sheet(&mut self.workbook, sheet))?;
        table_of(name, hidden, &grid, header_row)
    }
}

/// The table in a sheet's cells whose header is on row `header_row` as
/// shown, or the first row that looks like one.
fn table_of(
    name: String,
    hidden: bool,
    grid: &Grid,
    header_row: Option<u32>,
) -> Result<Table, SheetError> {
    let place = format!("sheet {name}");
    let Some(&(last_row, _)) = grid.last() else {
        return Err(SheetError::new(
            Code::EmptyFile,
            format!("{place}: the sheet is empty"),
        ));
    };
    let header_at = match header_row {
        Some(shown) => given_header(&place, grid, last_row, shown)?,
        None => find_header(grid).ok_or_else(|| {
            SheetError::with_help(
                Code::BadHeader,
                format!(
                    "{place}: no row looks like a table's header \
                     (two or more filled cells side by side)"
                ),
                "set `header_row` to the row number the header is on".to_string(),
            )
        })?,
    };
    let (header_index, header_cells) = &grid[header_at];
    let Some((first, last)) = filled_span(header_cells) else {
        return Err(empty_header(&place, header_index.saturating_add(1)));
    };
    let header = texts_between(header_cells, first, last)
        .into_iter()
        .map(|text| text.trim().to_string())
        .collect::<Vec<_>>();
    let body = grid[header_at + 1..]
        .iter()
        .filter_map(|(index, cells)| {
            let (_, last_filled) = filled_span(cells.iter().filter(|(c, _)| *c >= first))?;
            let end = last_filled.max(last);
            Some(Row {
                row: index.saturating_add(1),
                cells: texts_between(cells, first, end),
            })
        })
        .collect();
    Ok(Table {
        sheet: name,
        hidden,
        header_row: header_index.saturating_add(1),
        first_column: first,
        header,
        rows: body,
    })
}

/// Runs a read that calamine might panic on (it has on malformed files)
/// and reports the panic as a file that cannot be read: one located error,
/// without the panic's own message and backtrace on stderr.
fn guarded<T>(read: impl FnOnce() -> Result<T, SheetError>) -> Result<T, SheetError> {
    quiet_when_guarded();
    GUARDED.with(|g| g.set(true));
    let result = catch_unwind(AssertUnwindSafe(read));
    GUARDED.with(|g| g.set(false));
    result.unwrap_or_else(|_| {
        Err(SheetError::with_help(
            Code::BadWorkbook,
            "something in it is damaged or unusual".to_string(),
            "save it again from the program that made it, or download it again".to_string(),
        ))
    })
}

thread_local! {
    /// Whether this thread is inside [`guarded`], whose panics are caught
    /// and reported as a damaged file.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent for a panic [`guarded`]
/// catches and hands any other to the hook there was before.
fn quiet_when_guarded() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                before(info);
            }
        }));
    });
}

/// Why a workbook does not open, with what to do about it.
fn not_opened(path: &Path, e: &calamine::Error) -> SheetError {
    if password_protected(path, e) {
        return SheetError::with_help(
            Code::PasswordProtected,
            "it is protected with a password, so cfp cannot read it".to_string(),
            "open it and save a copy without the password (in Excel: File, Info, \
             Protect Workbook, Encrypt with Password, and clear it)"
                .to_string(),
        );
    }
    SheetError::with_help(
        Code::BadWorkbook,
        format!("it is not a workbook cfp can read ({e})"),
        "cfp reads .xlsx, .xls and .ods workbooks; a damaged or partly \
         downloaded file needs downloading again"
            .to_string(),
    )
}

/// A sheet's cells that hold something, row by row: each row's 0-based
/// index with its cells by 0-based column, both in order. Kept sparse
/// because calamine's `Range` is dense: one stray value in XFD1048576 would
/// ask it for half a terabyte.
type Grid = Vec<(u32, Vec<(u32, Data)>)>;

/// The sheet to read (named, or the first visible worksheet), whether it
/// is hidden, and its cells.
fn load_sheet<R: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<R>,
    sheet: Option<&str>,
) -> Result<(String, bool, Grid), SheetError> {
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => pick_sheet(&names, wanted).ok_or_else(|| {
            SheetError::with_help(
                Code::UnknownSheet,
                format!("it has no sheet named `{wanted}`"),
                format!("its sheets are: {}", names.join(", ")),
            )
        })?,
        None => first_visible(workbook.sheets_metadata())
            .ok_or_else(|| SheetError::new(Code::EmptyFile, "it has no sheets".to_string()))?,
    };
    let hidden = workbook
        .sheets_metadata()
        .iter()
        .any(|s| s.name == name && s.visible != SheetVisible::Visible);
    let unreadable = |e: &dyn fmt::Display| {
        SheetError::with_help(
            Code::BadWorkbook,
            format!("sheet {name} cannot be read ({e})"),
            "a damaged or partly downloaded file needs downloading again".to_string(),
        )
    };
    let cells = match workbook {
        // Only calamine's xlsx reader hands out cells one by one.
        Sheets::Xlsx(xlsx) => match xlsx.worksheet_cells_reader(&name) {
            Ok(mut reader) => {
                let mut cells = Vec::new();
                while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                    let position = cell.get_position();
                    if position.0 >= MAX_ROWS || position.1 >= MAX_COLUMNS {
                        return Err(beyond_the_sheet(&name, position));
                    }
                    let value = Data::from(cell.get_value().clone());
                    if value != Data::Empty {
                        cells.push((position, value));
                    }
                }
                cells
            }
            // A chart sheet holds no cells.
            Err(XlsxError::NotAWorksheet(_)) => Vec::new(),
            Err(e) => return Err(unreadable(&e)),
        },
        _ => {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|e| unreadable(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            range
                .used_cells()
                .map(|(row, column, value)| {
                    let row = top.saturating_add(row as u32);
                    ((row, left.saturating_add(column as u32)), value.clone())
                })
                .collect()
        }
    };
    let grid = into_grid(cells);
    Ok((name, hidden, grid))
}

/// Whether a workbook could not be opened because it is encrypted: calamine
/// says so of an `.xls` or `.ods`; an encrypted `.xlsx` is not a zip at all
/// but a compound file holding the encrypted package.
fn password_protected(path: &Path, e: &calamine::Error) -> bool {
    let said = matches!(
        e,
        calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    );
    // The encrypted package's stream name, as the compound file's
    // directory spells it (UTF-16LE).
    let stream: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let encrypted = || {
        std::fs::read(path).is_ok_and(|bytes| {
            bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
                && bytes.windows(stream.len()).any(|w| w == stream)
        })
    };
    said || encrypted()
}

/// The sheet a person sees first on opening the workbook: the first
/// visible worksheet (a hidden first sheet often holds lookups or an old
/// version), else the first visible sheet, else the first.
fn first_visible(sheets: &[calamine::Sheet]) -> Option<String> {
    let visible = |s: &&calamine::Sheet| s.visible == SheetVisible::Visible;
    sheets
        .iter()
        .filter(visible)
        .find(|s| s.typ == calamine::SheetType::WorkSheet)
        .or_else(|| sheets.iter().find(visible))
        .or_else(|| sheets.first())
        .map(|s| s.name.clone())
}

/// A cell outside the largest sheet Excel makes.
fn beyond_the_sheet(name: &str, (row, column): (u32, u32)) -> SheetError {
    SheetError::with_help(
        Code::BadWorkbook,
        format!(
            "sheet {name}: a cell at row {}, column {} is beyond the largest sheet \
             Excel makes (XFD1048576)",
            u64::from(row) + 1,
            u64::from(column) + 1
        ),
        "the file is damaged or was not saved by a spreadsheet; save it again from Excel, \
         or export the table as CSV"
            .to_string(),
    )
}

fn into_grid(mut cells: Vec<((u32, u32), Data)>) -> Grid {
    cells.sort_by_key(|(position, _)| *position);
    let mut grid: Grid = Vec::new();
    for ((row, column), value) in cells {
        match grid.last_mut() {
            Some((last, row_cells)) if *last == row => row_cells.push((column, value)),
            _ => grid.push((row, vec![(column, value)])),
        }
    }
    grid
}

/// The sheet named exactly `wanted`, else the one named so in another case.
fn pick_sheet(names: &[String], wanted: &str) -> Option<String> {
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

/// The index into the grid of the header the user named by its shown
/// number.
fn given_header(place: &str, grid: &Grid, last_row: u32, shown: u32) -> Result<usize, SheetError> {
    let last_shown = u64::from(last_row) + 1;
    if shown == 0 {
        return Err(SheetError::new(
            Code::BadHeader,
            format!("{place}: `header_row = 0`, but rows are numbered from 1"),
        ));
    }
    if u64::from(shown) > last_shown {
        return Err(SheetError::with_help(
            Code::BadHeader,
            format!(
                "{place}: `header_row = {shown}` is below the sheet's last row, row {last_shown}"
            ),
            "`header_row` is the row number the header is on, as the spreadsheet shows it"
                .to_string(),
        ));
    }
    grid.binary_search_by_key(&(shown - 1), |(row, _)| *row)
        .map_err(|_| empty_header(place, shown))
}

fn empty_header(place: &str, shown: u32) -> SheetError {
    SheetError::with_help(
        Code::BadHeader,
        format!("{place}: the header row, row {shown}, is empty"),
        "`header_row` is the row number the header is on, as the spreadsheet shows it".to_string(),
    )
}

/// The first row with at least two filled cells and no empty one between
/// its first and last: a title or a note above a table fills one cell, and
/// a header fills all of its own.
fn find_header(grid: &Grid) -> Option<usize> {
    grid.iter().position(|(_, cells)| {
        let filled: Vec<u32> = cells
            .iter()
            .filter(|(_, value)| is_filled(value))
            .map(|(column, _)| *column)
            .collect();
        filled.len() >= 2
            && filled
                .windows(2)
                .all(|pair| pair[0].checked_add(1) == Some(pair[1]))
    })
}

/// The texts of a row's cells from column `first` to `last`, with "" where
/// the row has no cell.
fn texts_between(cells: &[(u32, Data)], first: u32, last: u32) -> Vec<String> {
    let mut texts = vec![String::new(); (last - first) as usize + 1];
    for (column, value) in cells {
        if (first..=last).contains(column) {
            texts[(column - first) as usize] = cell_text(value);
        }
    }
    texts
}

/// The columns of a row's first and last filled cells.
fn filled_span<'a>(cells: impl IntoIterator<Item = &'a (u32, Data)>) -> Option<(u32, u32)> {
    let mut filled = cells
        .into_iter()
        .filter(|(_, value)| is_filled(value))
        .map(|(column, _)| *column);
    let first = filled.next()?;
    Some((first, filled.last().unwrap_or(first)))
}

/// A cell holding only spaces looks empty on screen, so it counts as empty
/// when finding the header and the rows; its text is still kept as it is.
fn is_filled(cell: &Data) -> bool {
    match cell {
        Data::Empty => false,
        Data::String(s) => !s.trim().is_empty(),
        _ => true,
    }
}

/// The text a CSV export of the cell would hold.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(d) if d.is_duration() => duration_text(d.as_f64()),
        Data::DateTime(d) => serial_date_text(d),
        Data::DateTimeIso(s) => iso_day(s).unwrap_or_else(|| s.clone()),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Rust's `Display` for floats is the shortest text that reads back as the
/// same number, never in exponent form, and writes 2001.0 as "2001".
fn number_text(x: f64) -> String {
    if x == 0.0 {
        // -0 would otherwise print as "-0".
        return "0".to_string();
    }
    x.to_string()
}

/// Excel's last day, 9999-12-31, as a serial number.
const LAST_SERIAL_DAY: f64 = 2_958_466.0;

/// A serial date as its ISO day. A serial under 1 is a time of day with no
/// date (Excel shows it as 12:00, not as 1900-01-00), and one outside
/// Excel's calendar is left as the number it is.
fn serial_date_text(d: &calamine::ExcelDateTime) -> String {
    let serial = d.as_f64();
    if !(0.0..LAST_SERIAL_DAY).contains(&serial) {
        return number_text(serial);
    }
    let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
    if serial < 1.0 {
        return format!("{hour:02}:{minute:02}:{second:02}");
    }
    format!("{year:04}-{month:02}-{day:02}")
}

/// A duration in days as Excel's `[h]:mm:ss` shows it.
fn duration_text(days: f64) -> String {
    let seconds = days * 86_400.0;
    if !seconds.is_finite() || seconds.abs() > 1e15 {
        return number_text(days);
    }
    let total = seconds.round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let total = total.unsigned_abs();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    format!("{sign}{hours}:{minutes:02}:{seconds:02}")
}

/// The day of an ISO date or date-time ("2024-04-22T00:00:00" is
/// 2024-04-22); `None` for text that is neither, kept as it is.
fn iso_day(text: &str) -> Option<String> {
    let day = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// A workbook may be opened: it is there, and the budget's look at its
/// bytes (measure/budget.rs) finds nothing that would hold memory
/// without bound before calamine reads it.
fn admitted(path: &Path) -> Result<(), SheetError> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(SheetError::new(
            Code::CannotRead,
            format!("cannot read it: {e}"),
        ));
    }
    super::budget::check(path).map_err(|why| {
        let help = if why.code == Code::BadWorkbook {
            "save it again from the program that made it, or download it again"
        } else {
            "cfp reads workbooks of a council's size; export the table as CSV, \
             or check that the file is the one meant"
        };
        SheetError::with_help(why.code, why.message, help.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
    use rust_xlsxwriter::{ExcelDateTime as WriteDate, Format, Formula, Workbook};

    const OFSTED: &str = "tests/corpus/spreadsheets/LA_Inspection_Outcomes_as_at_31_March_2025.ods";

    fn texts(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    /// A workbook laid out as government ones are: a cover whose table is
    /// at B2 (so calamine's range does not start at A1), then a sheet with
    /// a title, a note and a blank row above a table whose header is in B4.
    fn small_workbook() -> Vec<u8> {
        let mut book = Workbook::new();
        let day = Format::new().set_num_format("yyyy-mm-dd");
        let day_and_time = Format::new().set_num_format("dd/mm/yyyy hh:mm");

        let cover = book.add_worksheet();
        cover.set_name("Cover").expect("a valid sheet name");
        cover.write_string(1, 1, "Section").expect("write");
        cover.write_string(1, 2, "Detail").expect("write");
        cover.write_string(2, 1, "Policy area").expect("write");
        cover
            .write_string(2, 2, "Children's services")
            .expect("write");

        let figures = book.add_worksheet();
        figures.set_name("Figures").expect("a valid sheet name");
        figures
            .write_string(0, 0, "Indicator figures for the partnership plan")
            .expect("write");
        figures
            .write_string(1, 0, "This table begins in cell B4.")
            .expect("write");
        for (column, name) in ["Year", "Rate", "Published", " Area ", "Next year"]
            .iter()
            .enumerate()
        {
            figures
                .write_string(3, 1 + column as u16, *name)
                .expect("write");
        }
        figures.write_number(4, 1, 2001.0).expect("write");
        figures.write_number(4, 2, 70.4).expect("write");
        let published = WriteDate::from_ymd(2025, 3, 31).expect("a real day");
        figures
            .write_datetime_with_format(4, 3, &published, &day)
            .expect("write");
        figures.write_string(4, 4, "E10000018").expect("write");
        figures
            .write_formula(4, 5, Formula::new("=B5+1").set_result("2002"))
            .expect("write");
        // Row 6: no rate, and a note beyond the header's last column.
        figures.write_number(5, 1, 2002.0).expect("write");
        let afternoon = WriteDate::from_ymd(2025, 4, 1)
            .and_then(|d| d.and_hms(14, 30, 0))
            .expect("a real time");
        figures
            .write_datetime_with_format(5, 3, &afternoon, &day_and_time)
            .expect("write");
        figures.write_string(5, 4, "E06000014").expect("write");
        figures.write_string(5, 7, "provisional").expect("write");
        // Row 7 stays empty.
        figures.write_number(7, 1, 2003.0).expect("write");
        figures.write_number(7, 2, 29.8287404175171).expect("write");
        figures.write_boolean(7, 4, true).expect("write");
        figures
            .write_number(8, 1, 123_456_789_012.0)
            .expect("write");
        figures.write_number(8, 2, -0.5).expect("write");
        // A source note below the table, left of its first column.
        figures
            .write_string(9, 0, "Source: cfp tests")
            .expect("write");
        book.save_to_buffer().expect("an xlsx in memory")
    }

    fn small_xlsx(dir: &tempfile::TempDir) -> std::path::PathBuf {
        let path = dir.path().join("small.xlsx");
        std::fs::write(&path, small_workbook()).expect("write the workbook");
        path
    }

    #[test]
    fn ofsted_workbook_lists_its_sheets_and_finds_the_table_below_its_notes() {
        let path = Path::new(OFSTED);
        let book = open_workbook_auto(path).expect("the corpus workbook opens");
        assert_eq!(
            book.sheet_names(),
            texts(&[
                "Cover",
                "Contents",
                "Notes",
                "Inspections_as_at_31_March",
                "In-year_inspections",
                "ILACS_inspection_history"
            ])
        );

        let table =
            read_table(path, Some("ILACS_inspection_history"), None).expect("the table reads");
        assert_eq!(table.sheet, "ILACS_inspection_history");
        // The sheet says "This table begins in cell A3".
        assert_eq!((table.header_row, table.first_column), (3, 0));
        assert_eq!(
            table.header,
            texts(&[
                "Web link",
                "Local authority area code",
                "Local authority name",
                "Local authority status",
                "Ofsted region",
                "Inspection date",
                "Publication date",
                "Inspection type",
                "Overall effectiveness",
                "The impact of leaders on social work practice with children and families",
                "The experiences and progress of children who need help and protection",
                "The experiences and progress of children in care",
                "The experiences and progress of care leavers",
            ])
        );
        assert_eq!(table.rows.len(), 271);
        assert_eq!(table.rows.first().map(|r| r.row), Some(4));
        assert_eq!(table.rows.last().map(|r| r.row), Some(274));

        let leicestershire: Vec<&Row> = table
            .rows
            .iter()
            .filter(|r| r.cells.get(1).map(String::as_str) == Some("E10000018"))
            .collect();
        assert_eq!(leicestershire.len(), 2);
        let first = leicestershire[0];
        assert_eq!(first.row, 137);
        assert_eq!(
            first.cells[2..9],
            texts(&[
                "Leicestershire",
                "Current",
                "East Midlands",
                "2019-09-23",
                "2019-11-04",
                "ILACS Standard Inspection",
                "Requires improvement to be good",
            ])
        );
        // Care leavers were not judged before 2023: a blank cell, kept.
        assert_eq!(first.cells.len(), table.header.len());
        assert_eq!(first.cells[12], "");
        let second = leicestershire[1];
        assert_eq!(second.row, 138);
        assert_eq!(
            second.cells[5..9],
            texts(&[
                "2024-04-22",
                "2024-07-12",
                "ILACS Standard Inspection",
                "Outstanding"
            ])
        );
    }

    #[test]
    fn ofsted_default_sheet_is_the_cover_and_a_notes_sheet_has_no_header() {
        let path = Path::new(OFSTED);
        let cover = read_table(path, None, None).expect("the cover reads");
        assert_eq!(cover.sheet, "Cover");
        assert_eq!(cover.header_row, 2);
        assert_eq!(cover.header, texts(&["Section", "Detail"]));

        let notes = read_table(path, Some("notes"), None).expect_err("notes are one column");
        assert!(notes.message.contains("sheet Notes"), "{}", notes.message);
        assert!(notes.message.contains("no row looks like a table's header"));
        assert_eq!(
            notes.help.as_deref(),
            Some("set `header_row` to the row number the header is on")
        );
    }

    #[test]
    fn xlsx_table_below_a_title_and_a_note() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = small_xlsx(&dir);
        let table = read_table(&path, Some("Figures"), None).expect("the table reads");
        assert_eq!(table.sheet, "Figures");
        assert_eq!((table.header_row, table.first_column), (4, 1));
        assert_eq!(
            table.header,
            texts(&["Year", "Rate", "Published", "Area", "Next year"])
        );
        let rows: Vec<(u32, Vec<String>)> = table
            .rows
            .iter()
            .map(|r| (r.row, r.cells.clone()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    5,
                    texts(&["2001", "70.4", "2025-03-31", "E10000018", "2002"])
                ),
                (
                    6,
                    texts(&["2002", "", "2025-04-01", "E06000014", "", "", "provisional"])
                ),
                (8, texts(&["2003", "29.8287404175171", "", "TRUE", ""])),
                (9, texts(&["123456789012", "-0.5", "", "", ""])),
            ]
        );

        let same = read_table(&path, Some("Figures"), Some(4)).expect("header_row 4 reads");
        assert_eq!(same, table);
    }

    /// `small.xls` and `small.ods` are `small_workbook()` converted by
    /// LibreOffice (see tests/fixtures/sheets/README.md): the same table
    /// must come out of all three formats.
    #[test]
    fn xls_and_ods_give_the_same_table_as_xlsx() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let xlsx = read_table(&small_xlsx(&dir), Some("Figures"), None).expect("xlsx reads");
        // LibreOffice keeps a boolean as the number 1 formatted as TRUE, and
        // calamine reads ODS values without their formats, so "1" it is.
        let mut ods = xlsx.clone();
        ods.rows[2].cells[3] = "1".to_string();
        for (fixture, want) in [
            ("tests/fixtures/sheets/small.xls", &xlsx),
            ("tests/fixtures/sheets/small.ods", &ods),
        ] {
            let path = Path::new(fixture);
            let table = read_table(path, Some("Figures"), None).expect(fixture);
            assert_eq!(&table, want, "{fixture}");
            let cover = read_table(path, None, None).expect(fixture);
            assert_eq!(
                (cover.sheet.as_str(), cover.header_row, cover.first_column),
                ("Cover", 2, 1)
            );
        }
    }

    /// calamine's dense `Range` would ask for 550 GB here and abort.
    #[test]
    fn a_stray_value_in_the_last_cell_of_an_xlsx_is_a_long_row() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("far.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "id").expect("write");
        sheet.write_string(0, 1, "value").expect("write");
        sheet
            .write_string(1_048_575, 16_383, "stray")
            .expect("write");
        book.save(&path).expect("save");
        let table = read_table(&path, None, None).expect("the table reads");
        assert_eq!(table.rows.len(), 1);
        let row = &table.rows[0];
        assert_eq!((row.row, row.cells.len()), (1_048_576, 16_384));
        assert_eq!(row.cells.last().map(String::as_str), Some("stray"));
    }

    #[test]
    fn sheet_chosen_by_name_in_any_case_first_by_default() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = small_xlsx(&dir);
        let cover = read_table(&path, None, None).expect("the first sheet reads");
        assert_eq!(cover.sheet, "Cover");
        // The cover's range starts at B2, not A1.
        assert_eq!((cover.header_row, cover.first_column), (2, 1));
        assert_eq!(cover.header, texts(&["Section", "Detail"]));
        assert_eq!(cover.rows.len(), 1);
        assert_eq!(cover.rows[0].row, 3);
        assert_eq!(
            read_table(&path, None, Some(2)).expect("header_row 2 reads"),
            cover
        );

        let figures = read_table(&path, Some("figures"), None).expect("any case finds it");
        assert_eq!(figures.sheet, "Figures");
    }

    #[test]
    fn missing_sheet_lists_the_workbooks_sheets() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = small_xlsx(&dir);
        let err = read_table(&path, Some("Data"), None).expect_err("no such sheet");
        assert_eq!(err.message, "it has no sheet named `Data`");
        assert_eq!(err.help.as_deref(), Some("its sheets are: Cover, Figures"));
    }

    #[test]
    fn header_row_beyond_the_sheet_above_it_or_on_an_empty_row() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = small_xlsx(&dir);
        let place = "sheet Figures";

        let below = read_table(&path, Some("Figures"), Some(11)).expect_err("past the end");
        assert_eq!(
            below.message,
            format!("{place}: `header_row = 11` is below the sheet's last row, row 10")
        );
        let blank = read_table(&path, Some("Figures"), Some(3)).expect_err("row 3 is blank");
        assert_eq!(
            blank.message,
            format!("{place}: the header row, row 3, is empty")
        );
        let zero = read_table(&path, Some("Figures"), Some(0)).expect_err("rows start at 1");
        assert!(zero.message.contains("numbered from 1"), "{}", zero.message);
        // The cover's range starts on row 2: row 1 is above it, and empty.
        let above = read_table(&path, None, Some(1)).expect_err("row 1 is blank");
        assert!(above.message.ends_with("the header row, row 1, is empty"));
        // The last row itself is allowed, though it makes a table of no rows.
        let last = read_table(&path, Some("Figures"), Some(10)).expect("the last row");
        assert_eq!((last.first_column, last.rows.len()), (0, 0));
    }

    #[test]
    fn a_text_file_named_xlsx_is_not_a_workbook() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("figures.xlsx");
        std::fs::write(&path, "id,period,value\nA1,2024-25,3\n").expect("write");
        let err = read_table(&path, None, None).expect_err("text is not a workbook");
        assert!(
            err.message.starts_with("it is not a workbook cfp can read"),
            "{}",
            err.message
        );

        let missing = dir.path().join("absent.ods");
        let err = read_table(&missing, None, None).expect_err("no such file");
        assert!(err.message.starts_with("cannot read "), "{}", err.message);
    }

    #[test]
    fn truncated_workbooks_are_errors_not_panics() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let whole = small_workbook();
        let ods = std::fs::read(OFSTED).expect("the corpus workbook");
        for (name, bytes) in [("cut.xlsx", &whole), ("cut.ods", &ods)] {
            let n = bytes.len();
            for cut in [0, 1, 4, 30, 100, n / 4, n / 2, n - 200, n - 22, n - 1] {
                let path = dir.path().join(name);
                std::fs::write(&path, &bytes[..cut]).expect("write");
                let err = read_table(&path, None, None).expect_err("a cut workbook");
                // The diagnostic's location names the file; its words do not
                // name it again.
                assert!(
                    !err.message.is_empty() && !err.message.contains(&path.display().to_string()),
                    "{}",
                    err.message
                );
            }
        }
    }

    /// An .xls is a little file system of 512-byte sectors: a cut that
    /// spares the sheet's own sectors can still read, so only "no panic"
    /// and "one error in words" hold for every cut.
    #[test]
    fn truncated_xls_reads_or_fails_without_panicking() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let xls = std::fs::read("tests/fixtures/sheets/small.xls").expect("the xls fixture");
        let path = dir.path().join("cut.xls");
        // calamine 0.38 panics on many of these cuts (cfb.rs, utils.rs);
        // the guard turns each into an error.
        for cut in (0..xls.len()).step_by(101) {
            std::fs::write(&path, &xls[..cut]).expect("write");
            match read_table(&path, Some("Figures"), None) {
                Err(err) => assert!(
                    !err.message.is_empty() && !err.message.contains(&path.display().to_string()),
                    "{}",
                    err.message
                ),
                // The first sector is the header every other one hangs on.
                Ok(_) => assert!(cut >= 512, "a cut at {cut} read"),
            }
        }
    }

    /// An .xls has no checksum, so damage inside it reaches the parser.
    #[test]
    fn damaged_xls_reads_or_fails_without_panicking() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let xls = std::fs::read("tests/fixtures/sheets/small.xls").expect("the xls fixture");
        let path = dir.path().join("damaged.xls");
        for at in (0..xls.len()).step_by(97) {
            for byte in [0x00, 0xFF] {
                // Zeroing this record length throws calamine 0.38's BIFF
                // reader out of step onto a bogus DIMENSIONS record, whose
                // size it reserves up front (xls.rs, `cells.reserve`): the
                // allocation fails and aborts the process, which no
                // catch_unwind can stop. Remove when calamine bounds it.
                if (at, byte) == (4559, 0x00) {
                    continue;
                }
                let mut damaged = xls.clone();
                damaged[at] = byte;
                std::fs::write(&path, &damaged).expect("write");
                let _ = read_table(&path, Some("Figures"), None);
            }
        }
    }

    #[test]
    fn cell_texts_are_what_a_csv_export_holds() {
        let date = |serial, kind| Data::DateTime(ExcelDateTime::new(serial, kind, false));
        let cases = [
            (Data::Empty, ""),
            (Data::String(" as is ".into()), " as is "),
            (Data::Int(2001), "2001"),
            (Data::Float(2001.0), "2001"),
            (Data::Float(-0.0), "0"),
            (Data::Float(1e20), "100000000000000000000"),
            (Data::Float(0.000_001), "0.000001"),
            (Data::Bool(false), "FALSE"),
            (date(45747.0, ExcelDateTimeType::DateTime), "2025-03-31"),
            (date(45747.75, ExcelDateTimeType::DateTime), "2025-03-31"),
            (date(0.5, ExcelDateTimeType::DateTime), "12:00:00"),
            (date(-3.0, ExcelDateTimeType::DateTime), "-3"),
            (date(3e6, ExcelDateTimeType::DateTime), "3000000"),
            (date(1.5, ExcelDateTimeType::TimeDelta), "36:00:00"),
            (
                Data::DateTimeIso("2024-04-22T00:00:00".into()),
                "2024-04-22",
            ),
            (Data::DateTimeIso("2024-04-22".into()), "2024-04-22"),
            (Data::DateTimeIso("10:30:00".into()), "10:30:00"),
            (Data::DurationIso("PT36H00M00S".into()), "PT36H00M00S"),
            (Data::Error(CellErrorType::NA), "#N/A"),
            (Data::Error(CellErrorType::Div0), "#DIV/0!"),
        ];
        for (cell, want) in cases {
            assert_eq!(cell_text(&cell), want, "{cell:?}");
        }
    }
}
