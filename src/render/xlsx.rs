//! Excel workbooks for the spreadsheet user: the CSV's columns in the CSV's
//! order, but typed, so nothing needs fixing after opening. Figures are
//! numbers shown to their unit's precision (a percentage to one decimal
//! place, a count with thousands separators), ISO dates are dates, the
//! rating cell is filled with its BRAG colour and still says its word,
//! the header is frozen with a filter on it, and text is always text,
//! never a formula.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use std::io::Write;

use super::unsupported;
use crate::eval::{Rag, StatusRow};
use crate::format::Amount;
use crate::plan::Unit;
use crate::report::columns;
use crate::report::show::{Update, View};
use crate::report::Report;

/// One cell of a sheet, as it should be in the spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Text(String),
    /// A figure with the number format of its unit.
    Number(f64, &'static str),
    Date(NaiveDate),
    /// A rating: its word, on its colour.
    Rating(Rag),
}

/// A sheet: a header row and records of cells.
#[derive(Debug, Clone)]
pub(super) struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Excel's number format for a figure in `unit`.
fn number_format(unit: Option<Unit>) -> &'static str {
    match unit {
        Some(Unit::Percent) => "0.0",
        Some(Unit::Count) => "#,##0",
        Some(Unit::Rate) => "#,##0.0",
        _ => "#,##0.##",
    }
}

/// A sheet from one of the report's tables: each cell as its type.
fn sheet(table: columns::Table) -> Sheet {
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| match cell {
                    columns::Cell::Text(t) => Cell::Text(t),
                    columns::Cell::Figure(Amount::Number(x), unit) => {
                        Cell::Number(x, number_format(unit))
                    }
                    columns::Cell::Figure(Amount::Word(w), _) => Cell::Text(w),
                    columns::Cell::Count(n) => Cell::Number(n as f64, "#,##0"),
                    columns::Cell::Date(d) => Cell::Date(d),
                    columns::Cell::Rating(r) => Cell::Rating(r),
                })
                .collect()
        })
        .collect();
    Sheet {
        name: table.name.to_string(),
        header: table.header.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

/// The rows of a rating, as `cfp status` writes them.
fn status_sheet(name: &'static str, rows: &[StatusRow]) -> Sheet {
    sheet(columns::status(name, rows))
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let sheets = match report {
        Report::Status(r) => vec![status_sheet("status", &r.rows), sheet(columns::rollups(r))],
        Report::Overdue(r) => vec![status_sheet("overdue", &r.rows)],
        Report::Show(s) => show_sheets(&s.show),
        Report::Diff(d) => vec![sheet(columns::changes(d))],
        other => return Err(unsupported(other, super::Format::Xlsx)),
    };
    let book = workbook(&sheets).map_err(std::io::Error::other)?;
    out.write_all(&book)
}

/// `cfp show`: the rating, then the history behind it (every area's
/// figures for an indicator, the status updates for a milestone, the rated
/// items and self-assessments for a commitment or priority).
fn show_sheets(view: &View) -> Vec<Sheet> {
    let updates = |name: &str, updates: &[Update]| Sheet {
        name: name.to_string(),
        header: ["date", "status", "published", "note"]
            .map(String::from)
            .to_vec(),
        rows: updates
            .iter()
            .map(|u| {
                vec![
                    Cell::Date(u.date),
                    Cell::Text(u.status.clone()),
                    u.published.map_or(Cell::Text(String::new()), Cell::Date),
                    Cell::Text(u.note.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    };
    match view {
        View::Indicator(v) => {
            let format = number_format(Some(v.definition.unit));
            let number =
                |x: Option<f64>| x.map_or(Cell::Text(String::new()), |x| Cell::Number(x, format));
            let count = |x: Option<f64>| {
                x.map_or(Cell::Text(String::new()), |x| Cell::Number(x, "#,##0.##"))
            };
            let rows = v
                .history
                .iter()
                .flat_map(|h| {
                    h.figures.iter().map(move |f| {
                        let value = match &f.value {
                            Some(Amount::Number(x)) => Cell::Number(*x, format),
                            Some(Amount::Word(w)) => Cell::Text(w.clone()),
                            None => Cell::Text(f.state.unwrap_or("").to_string()),
                        };
                        vec![
                            Cell::Text(h.area.clone()),
                            Cell::Text(f.period.clone()),
                            value,
                            number(f.interval.map(|i| i.lower)),
                            number(f.interval.map(|i| i.upper)),
                            count(f.numerator),
                            count(f.denominator),
                            f.published.map_or(Cell::Text(String::new()), Cell::Date),
                            Cell::Text(f.note.clone().unwrap_or_default()),
                        ]
                    })
                })
                .collect();
            let history = Sheet {
                name: "history".into(),
                header: [
                    "area",
                    "period",
                    "value",
                    "lower_ci",
                    "upper_ci",
                    "numerator",
                    "denominator",
                    "published",
                    "note",
                ]
                .map(String::from)
                .to_vec(),
                rows,
            };
            vec![
                status_sheet("rating", std::slice::from_ref(&v.rating)),
                history,
            ]
        }
        View::Milestone(v) => vec![
            status_sheet("rating", std::slice::from_ref(&v.rating)),
            updates("updates", &v.updates),
        ],
        View::Commitment(v) => vec![
            status_sheet("items", &v.rows),
            updates("self-assessments", &v.assessments),
        ],
        View::Priority(v) => vec![
            status_sheet("items", &v.rows),
            updates("self-assessments", &v.assessments),
        ],
    }
}

/// The public sector's BRAG colours, as the HTML pack uses them, with the
/// text colour that reads on each.
fn rag_colours(rag: Rag) -> (u32, u32) {
    match rag {
        Rag::Red => (0xC00000, 0xFFFFFF),
        Rag::Amber => (0xFFC000, 0x000000),
        Rag::Green => (0x00B050, 0x000000),
        Rag::Blue => (0x0070C0, 0xFFFFFF),
        Rag::Grey => (0xBFBFBF, 0x000000),
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let bold = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.chars().count()).collect();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = match cell {
                Cell::Text(t) => {
                    let t = super::cell_text(t);
                    ws.write_string(r, col, t.as_ref())?;
                    t.chars().count()
                }
                Cell::Number(x, format) if x.is_finite() => {
                    ws.write_number_with_format(
                        r,
                        col,
                        *x,
                        &Format::new().set_num_format(*format),
                    )?;
                    12
                }
                Cell::Number(..) => 0,
                Cell::Date(d) => {
                    let day =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, col, &day, &date)?;
                    10
                }
                Cell::Rating(rag) => {
                    let (fill, ink) = rag_colours(*rag);
                    let format = Format::new()
                        .set_background_color(Color::RGB(fill))
                        .set_font_color(Color::RGB(ink))
                        .set_bold();
                    ws.write_string_with_format(r, col, rag.name(), &format)?;
                    rag.name().len()
                }
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // Long text (a reason, a title) wraps at a readable width rather
        // than making a column a screen wide.
        ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    // Printed, a sheet is one page wide and its header repeats.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if !sheet.header.is_empty() {
        let last_row = sheet.rows.len() as u32;
        ws.autofilter(0, 0, last_row, sheet.header.len() as u16 - 1)?;
    }
    Ok(())
}

/// The workbook's bytes.
fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        write_sheet(ws, sheet)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_types_and_text_is_never_run() {
        let table = columns::Table {
            name: "t",
            header: &["a", "b", "c", "d"],
            rows: vec![vec![
                columns::Cell::Text("=SUM(A1)".into()),
                columns::Cell::Figure(Amount::Number(70.4), Some(Unit::Percent)),
                columns::Cell::Figure(Amount::Word("Good".into()), Some(Unit::Grade)),
                columns::Cell::Count(12),
            ]],
        };
        let s = sheet(table);
        assert_eq!(s.rows[0][0], Cell::Text("=SUM(A1)".into()));
        assert_eq!(s.rows[0][1], Cell::Number(70.4, "0.0"));
        assert_eq!(s.rows[0][2], Cell::Text("Good".into()));
        assert_eq!(s.rows[0][3], Cell::Number(12.0, "#,##0"));
    }
}
