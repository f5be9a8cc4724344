//! Excel workbooks for the spreadsheet user, laid out to the Analysis
//! Function's "Releasing statistics in spreadsheets" guidance (WCAG 2.2
//! AA): a cover sheet saying whose plan, which area and as of when; a
//! contents sheet; a notes sheet whose `[note N]` marks the title rows
//! refer to; then one table per sheet, under a title row that says what it
//! is, with one header row, no merged cells and no blank rows. The CSV's
//! columns come first in the CSV's order, typed, so nothing needs fixing
//! after opening: figures are numbers shown to their unit's precision, days
//! are dates, a rating says its word on its BRAG colour, and text is always
//! text, never a formula. Typed columns follow (a period's first and last
//! days, a comparator's figure, the previous figure, the baseline, the
//! titles behind the slugs). Printed, a sheet is A4 landscape with its
//! header repeated on every page.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Url, Workbook,
    Worksheet, XlsxError,
};

use std::io::Write;

use super::unsupported;
use crate::eval::{Rag, StatusRow};
use crate::format::Amount;
use crate::plan::Unit;
use crate::report::columns;
use crate::report::show::{Update, View};
use crate::report::status::PlanSummary;
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
    /// A sheet's name, linking to it.
    Link(String),
}

/// What a note explains. Each is numbered in the order the workbook's
/// sheets first refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Note {
    Ratings,
    Figures,
    Empty,
    Periods,
    Comparators,
    Counts,
    Changes,
}

impl Note {
    fn text(self) -> &'static str {
        match self {
            Self::Ratings => {
                "A rating is a word: red, amber, green, blue (complete) or grey (no data, \
                 monitored only, no update or cancelled). The rag column says it and the status \
                 column says it in full; the cell's colour only repeats the word."
            }
            Self::Figures => {
                "Figures are numbers shown to their unit's precision: a percentage to one \
                 decimal place (70.4 is 70.4%), a count with thousands separators. A grade, or a \
                 value the publisher withheld (c confidential, x not available, z not \
                 applicable, low too small to show), is written as text."
            }
            Self::Empty => {
                "An empty cell has nothing to show: no figure, no date or no comparison."
            }
            Self::Periods => {
                "period is the period's label as published (2024/25, Q3 2025/26) and \
                 period_start and period_end its first and last days, to sort and filter by \
                 time. by is a target's deadline or a milestone's due date as written, and \
                 by_date the day it ends."
            }
            Self::Comparators => {
                "A comparator's value column holds its figure for the rated period (for a \
                 group of areas, the group's mean); for a group, and for every area at the \
                 plan area's level that the files hold, the rank, of and quartile columns give \
                 the plan area's place among them (1 best; equal figures share the better rank). \
                 The benchmark column says how the figure compares with each and whether that \
                 was tested. previous_value is the figure \
                 before the rated one (in previous_period), which the trend compares with, and \
                 baseline the plan's starting figure."
            }
            Self::Counts => {
                "red to grey count the rated items under each priority or commitment by their \
                 rating; worst is the worst of them."
            }
            Self::Changes => {
                "from and to are a rating's words, or a figure, on each of the two dates; a new \
                 figure has no from."
            }
        }
    }
}

/// A sheet: a title row saying what the table holds, then a header row
/// and records of cells.
#[derive(Debug, Clone)]
pub(super) struct Sheet {
    pub name: String,
    /// What the table holds, in its title row and on the contents sheet.
    pub about: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<Note>,
}

/// What a workbook is about: whose plan, as of when, and its tables.
struct Book<'a> {
    plan: &'a PlanSummary,
    /// What the workbook holds, after the plan's title: `status as of 26
    /// February 2026`.
    subject: String,
    as_of: NaiveDate,
    sheets: Vec<Sheet>,
}

/// A day as a reader writes it: `26 February 2026`.
fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
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

fn cell(cell: columns::Cell) -> Cell {
    match cell {
        columns::Cell::Text(t) => Cell::Text(t.into_owned()),
        columns::Cell::Figure(Amount::Number(x), unit) => Cell::Number(x, number_format(unit)),
        columns::Cell::Figure(Amount::Word(w), _) => Cell::Text(w),
        columns::Cell::Count(n) => Cell::Number(n as f64, "#,##0"),
        columns::Cell::Date(d) => Cell::Date(d),
        columns::Cell::Period(p) => Cell::Text(p.to_string()),
        columns::Cell::Comparison(c) => Cell::Text(c.text()),
        columns::Cell::Rating(r) => Cell::Rating(r),
    }
}

/// A sheet from one of the report's tables: each cell as its type.
fn sheet(table: columns::Table, about: String, notes: Vec<Note>) -> Sheet {
    Sheet {
        name: table.name.to_string(),
        about,
        header: table.header.iter().map(|c| c.to_string()).collect(),
        rows: table
            .rows
            .into_iter()
            .map(|row| row.into_iter().map(cell).collect())
            .collect(),
        notes,
    }
}

/// The rows of a rating, as `cfp status` writes them, then their typed
/// columns. `period` and `by` stay labels, all text, so that each column
/// holds one type and sorts as one; their days are in the typed columns.
fn status_sheet(
    name: &'static str,
    about: String,
    plan: &PlanSummary,
    rows: &[StatusRow],
) -> Sheet {
    let mut s = sheet(
        columns::status(name, rows),
        about,
        vec![
            Note::Ratings,
            Note::Figures,
            Note::Periods,
            Note::Comparators,
            Note::Empty,
        ],
    );
    let labels: Vec<usize> = ["period", "by"]
        .iter()
        .filter_map(|l| s.header.iter().position(|h| h == l))
        .collect();
    let (header, typed) = columns::status_typed(plan, rows);
    s.header.extend(header);
    for (row, typed) in s.rows.iter_mut().zip(typed) {
        for &c in &labels {
            if let Some(Cell::Date(d)) = row.get(c) {
                row[c] = Cell::Text(d.to_string());
            }
        }
        row.extend(typed.into_iter().map(cell));
    }
    s
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let book = match report {
        Report::Status(r) => {
            let on = day(r.as_of);
            Book {
                plan: &r.plan,
                subject: format!("status as of {on}"),
                as_of: r.as_of,
                sheets: vec![
                    status_sheet(
                        "status",
                        format!("Every rated item as of {on}, one row each"),
                        &r.plan,
                        &r.rows,
                    ),
                    rollups_sheet(
                        r,
                        format!("Ratings counted per priority and its commitments as of {on}"),
                    ),
                ],
            }
        }
        Report::Overdue(r) => {
            let on = day(r.as_of);
            Book {
                plan: &r.plan,
                subject: format!("overdue and missed as of {on}"),
                as_of: r.as_of,
                sheets: vec![status_sheet(
                    "overdue",
                    format!(
                        "Milestones overdue or due soon and targets missed as of {on}, \
                         most pressing first"
                    ),
                    &r.plan,
                    &r.rows,
                )],
            }
        }
        Report::Show(s) => Book {
            plan: &s.plan,
            subject: format!("one item as of {}", day(s.as_of)),
            as_of: s.as_of,
            sheets: show_sheets(&s.plan, &s.show, s.as_of),
        },
        Report::Diff(d) => {
            let between = format!("between {} and {}", day(d.since), day(d.as_of));
            Book {
                plan: &d.plan,
                subject: format!("changes {between}"),
                as_of: d.as_of,
                sheets: vec![changes_sheet(
                    d,
                    format!("What changed {between}, most pressing first"),
                )],
            }
        }
        Report::League(l) => Book {
            plan: &l.plan,
            subject: format!("every area as of {}", day(l.as_of)),
            as_of: l.as_of,
            sheets: league_sheets(l),
        },
        other => return Err(unsupported(other, super::Format::Xlsx)),
    };
    let bytes = workbook(&book).map_err(std::io::Error::other)?;
    out.write_all(&bytes)
}

/// A league: a summary line per indicator, then a sheet per indicator of
/// every area, best first.
fn league_sheets(l: &crate::report::League) -> Vec<Sheet> {
    let on = day(l.as_of);
    let mut sheets = vec![sheet(
        l.summary(),
        format!(
            "Per indicator as of {on}: {}'s rank among the {} areas, and how many areas \
             stand better, similar or worse than England",
            l.area, l.areas
        ),
        Vec::new(),
    )];
    for (id, title, table) in l.by_indicator() {
        let mut s = sheet(
            table,
            format!("{title}: every area, best first, as of {on}"),
            Vec::new(),
        );
        s.name = sheet_name(id, &sheets);
        sheets.push(s);
    }
    sheets
}

/// A sheet name Excel accepts for `id`: none of `[]:*?/\`, at most 31
/// characters, not one the workbook has already (nor its own Cover,
/// Contents and Notes, nor Excel's reserved History).
fn sheet_name(id: &str, sheets: &[Sheet]) -> String {
    let clean: String = id
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let taken = |name: &str| {
        ["cover", "contents", "notes", "history", "summary"].contains(&name.to_lowercase().as_str())
            || sheets.iter().any(|s| s.name.eq_ignore_ascii_case(name))
    };
    for n in 1.. {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("~{n}")
        };
        let room = 31 - suffix.chars().count();
        let name: String = clean.chars().take(room).collect::<String>() + &suffix;
        if !name.is_empty() && !taken(&name) {
            return name;
        }
    }
    String::from("indicator")
}

/// A diff's changes, then their periods' days.
fn changes_sheet(d: &crate::report::diff::Diff, about: String) -> Sheet {
    let mut s = sheet(
        columns::changes(d),
        about,
        vec![Note::Changes, Note::Figures, Note::Periods, Note::Empty],
    );
    s.header
        .extend(columns::CHANGE_DAYS.iter().map(|h| h.to_string()));
    for (row, days) in s.rows.iter_mut().zip(columns::change_days(d)) {
        row.extend(days.into_iter().map(cell));
    }
    s
}

/// Roll-ups, then the priority's title beside a commitment's priority id.
fn rollups_sheet(r: &crate::report::status::StatusReport, about: String) -> Sheet {
    let mut s = sheet(
        columns::rollups(r),
        about,
        vec![Note::Counts, Note::Ratings, Note::Empty],
    );
    let priority = s.header.iter().position(|h| h == "priority");
    s.header.push("priority_title".into());
    for row in &mut s.rows {
        let title = match priority.and_then(|p| row.get(p)) {
            Some(Cell::Text(id)) => r.plan.titles.get(id).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        row.push(Cell::Text(title));
    }
    s
}

/// `cfp show`: the rating, then the history behind it (every area's
/// figures for an indicator, the status updates for a milestone, the rated
/// items and self-assessments for a commitment or priority).
fn show_sheets(plan: &PlanSummary, view: &View, as_of: NaiveDate) -> Vec<Sheet> {
    let on = day(as_of);
    let updates = |name: &str, about: String, updates: &[Update]| Sheet {
        name: name.to_string(),
        about,
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
        notes: vec![Note::Empty],
    };
    // A commitment's or a priority's items, then its self-assessments.
    let group = |id: &str, rows: &[StatusRow], assessments: &[Update]| {
        vec![
            status_sheet(
                "items",
                format!("The items under {id} rated as of {on}"),
                plan,
                rows,
            ),
            updates(
                "self-assessments",
                format!("The self-assessments of {id} known on {on}"),
                assessments,
            ),
        ]
    };
    match view {
        View::Indicator(v) => vec![
            status_sheet(
                "rating",
                format!("The rating of {} as of {on}", v.rating.id),
                plan,
                std::slice::from_ref(&v.rating),
            ),
            history(v, &on),
        ],
        View::Milestone(v) => vec![
            status_sheet(
                "rating",
                format!("The rating of {} as of {on}", v.rating.id),
                plan,
                std::slice::from_ref(&v.rating),
            ),
            updates(
                "updates",
                format!("The status updates of {} known on {on}", v.rating.id),
                &v.updates,
            ),
        ],
        View::Commitment(v) => group(&v.rollup.id, &v.rows, &v.assessments),
        View::Priority(v) => group(&v.rollup.id, &v.rows, &v.assessments),
    }
}

/// An indicator's every figure, by area and period.
fn history(v: &crate::report::show::IndicatorView, on: &str) -> Sheet {
    let format = number_format(Some(v.definition.unit));
    let number = |x: Option<f64>| x.map_or(Cell::Text(String::new()), |x| Cell::Number(x, format));
    let count =
        |x: Option<f64>| x.map_or(Cell::Text(String::new()), |x| Cell::Number(x, "#,##0.##"));
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
                    Cell::Date(f.days.0),
                    Cell::Date(f.days.1),
                ]
            })
        })
        .collect();
    Sheet {
        name: "history".into(),
        about: format!(
            "Every figure for {} by area and period, as known on {on}",
            v.rating.id
        ),
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
            "period_start",
            "period_end",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![Note::Figures, Note::Periods, Note::Empty],
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

/// The widest a column grows before its text wraps: wider, a reason would
/// make a column a screen wide.
const WRAP_AT: usize = 50;

/// How many characters wide a cell shows unwrapped.
fn shown(cell: &Cell) -> usize {
    match cell {
        Cell::Text(t) | Cell::Link(t) => t.chars().count(),
        Cell::Number(x, _) if x.is_finite() => 12,
        Cell::Number(..) => 0,
        Cell::Date(_) => 10,
        Cell::Rating(rag) => rag.name().len(),
    }
}

/// How many lines `chars` characters take in a column `width` wide.
fn lines(chars: usize, width: f64) -> usize {
    // A character of the default font is a column unit wide on average;
    // a little under, to leave room for breaking between words.
    let per_line = (width - 2.0).max(1.0) * 0.9;
    ((chars as f64 / per_line).ceil() as usize).max(1)
}

/// Writes one cell. An empty cell is left empty, not written as an empty
/// string, so that a spreadsheet counts it blank. Text longer than its
/// column wraps.
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    col: u16,
    cell: &Cell,
    wrap: bool,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(t) if t.is_empty() => {}
        Cell::Text(t) => {
            let t = super::cell_text(t);
            if wrap {
                ws.write_string_with_format(r, col, t.as_ref(), &Format::new().set_text_wrap())?;
            } else {
                ws.write_string(r, col, t.as_ref())?;
            }
        }
        Cell::Number(x, format) if x.is_finite() => {
            let format = Format::new().set_num_format(*format);
            ws.write_number_with_format(r, col, *x, &format)?;
        }
        Cell::Number(..) => {}
        Cell::Date(d) => {
            let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            let format = Format::new().set_num_format("yyyy-mm-dd");
            ws.write_datetime_with_format(r, col, &day, &format)?;
        }
        Cell::Link(name) => {
            let link = Url::new(format!("internal:'{name}'!A1"));
            ws.write_url_with_text(r, col, link, name.as_str())?;
        }
        Cell::Rating(rag) => {
            let (fill, ink) = rag_colours(*rag);
            let format = Format::new()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(ink))
                .set_bold();
            ws.write_string_with_format(r, col, rag.name(), &format)?;
        }
    }
    Ok(())
}

/// Each column's width: its widest cell, up to [`WRAP_AT`], and its
/// header's longest word, since a long header wraps onto a second line
/// rather than widening a column of short figures.
fn widths(sheet: &Sheet) -> Vec<f64> {
    sheet
        .header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let word = h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
            let widest = sheet.rows.iter().filter_map(|r| r.get(c)).map(shown).max();
            (word.max(widest.unwrap_or(0).min(WRAP_AT)) as f64 + 2.0).max(8.0)
        })
        .collect()
}

/// A column of figures or dates, whose header sits right over them.
fn is_numeric(sheet: &Sheet, col: usize) -> bool {
    let mut cells = sheet
        .rows
        .iter()
        .filter_map(|r| r.get(col))
        .filter(|c| !matches!(c, Cell::Text(t) if t.is_empty()));
    let mut any = false;
    let all = cells.all(|c| {
        any = true;
        matches!(c, Cell::Number(..) | Cell::Date(_))
    });
    any && all
}

/// A table under its title row: the title in A1, the header in row 2, the
/// records beneath, nothing merged and no row left blank. A row with
/// wrapped text is given its height: a spreadsheet does not always work
/// it out on opening, and the lines would overlap.
fn write_table(ws: &mut Worksheet, sheet: &Sheet, title: &str) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let heading = Format::new().set_bold().set_font_size(13);
    ws.write_string_with_format(0, 0, super::cell_text(title).as_ref(), &heading)?;
    let widths = widths(sheet);
    let mut tallest = 1;
    for (c, (h, width)) in sheet.header.iter().zip(&widths).enumerate() {
        let mut format = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_border_bottom(FormatBorder::Thin);
        if is_numeric(sheet, c) {
            format = format.set_align(FormatAlign::Right);
        }
        ws.write_string_with_format(1, c as u16, super::cell_text(h).as_ref(), &format)?;
        ws.set_column_width(c as u16, *width)?;
        tallest = tallest.max(lines(h.chars().count(), *width));
    }
    ws.set_row_height(1, 15.0 * tallest as f64)?;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 2;
        let mut tallest = 1;
        for (c, (cell, width)) in row.iter().zip(&widths).enumerate() {
            let wide = lines(shown(cell), *width);
            let wraps = wide > 1 && matches!(cell, Cell::Text(_));
            write_cell(ws, r, c as u16, cell, wraps)?;
            if wraps {
                tallest = tallest.max(wide);
            }
        }
        if tallest > 1 {
            ws.set_row_height(r, 15.0 * tallest as f64)?;
        }
    }
    ws.set_freeze_panes(2, 0)?;
    if !sheet.header.is_empty() {
        let last_row = sheet.rows.len() as u32 + 1;
        ws.autofilter(1, 0, last_row, sheet.header.len() as u16 - 1)?;
    }
    let fitted = print_setup(ws, widths.iter().sum())?;
    ws.set_repeat_rows(1, 1)?;
    // A sheet printed across pages repeats its id column on each, so that
    // a page of figures still says which item each row is.
    if let (false, Some(id)) = (fitted, sheet.header.iter().position(|h| h == "id")) {
        ws.set_repeat_columns(id as u16, id as u16)?;
    }
    Ok(())
}

/// A4 landscape. A sheet is fitted to one page wide only when its text
/// would still print at about 8 point: 11 point text scaled to 8 is 73%,
/// and A4 landscape's 740 point line holds about 190 characters of
/// columns at that scale. A wider sheet prints at 75% across pages, its
/// header row repeated on each. Says whether it fitted the sheet.
fn print_setup(ws: &mut Worksheet, columns_wide: f64) -> Result<bool, XlsxError> {
    const A4: u8 = 9;
    ws.set_paper_size(A4);
    ws.set_landscape();
    let fitted = columns_wide <= 190.0;
    if fitted {
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_print_scale(75);
    }
    Ok(fitted)
}

/// The notes the data sheets refer to, each once, numbered in the order
/// they are first referred to.
fn numbered_notes(sheets: &[Sheet]) -> Vec<Note> {
    let mut notes: Vec<Note> = Vec::new();
    for n in sheets.iter().flat_map(|s| &s.notes) {
        if !notes.contains(n) {
            notes.push(*n);
        }
    }
    notes
}

/// The cover: whose plan, which area, as of when, where the figures come
/// from, how ratings are decided and what each sheet holds. Text in one
/// column, read top to bottom, as a screen reader reads it.
fn write_cover(ws: &mut Worksheet, book: &Book, title: &str) -> Result<(), XlsxError> {
    ws.set_name("Cover")?;
    let plan = book.plan;
    let mut said = vec![
        format!("Area: {}", plan.area),
        format!(
            "Position as of {}: the figures and updates known on that date.",
            day(book.as_of)
        ),
    ];
    if !plan.comparators.is_empty() {
        said.push(format!("Compared with: {}.", plan.comparators.join(", ")));
    }
    said.extend([
        format!(
            "Source: the plan {} (its indicators, targets, milestones and measurement files), \
             rated by cfp {}.",
            plan.title,
            env!("CARGO_PKG_VERSION")
        ),
        "How ratings are decided: an indicator's latest figure is rated against the target for \
         its period (the trajectory's, or the final target): green when it meets it, amber when \
         it is within the plan's tolerance, red when it is off target, and grey when there is no \
         figure or no target (monitored only). A milestone is blue when complete, red when \
         overdue, amber when due soon and green when on track."
            .to_string(),
        "The sheets in this workbook:".to_string(),
        "Contents: each sheet and what it holds, with a link to it.".to_string(),
        "Notes: what the [note N] marks in the tables' title rows say.".to_string(),
    ]);
    said.extend(
        book.sheets
            .iter()
            .map(|s| format!("{}: {}.", s.name, s.about)),
    );
    let wrap = Format::new().set_text_wrap();
    ws.set_column_width(0, 110)?;
    ws.write_string_with_format(
        0,
        0,
        super::cell_text(title).as_ref(),
        &Format::new().set_bold().set_font_size(15),
    )?;
    for (r, line) in said.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string_with_format(r, 0, super::cell_text(line).as_ref(), &wrap)?;
        // Row heights are set, not left to the reader: a spreadsheet
        // opened without recalculating them would cut a wrapped line off.
        ws.set_row_height(r, 15.0 * lines(line.chars().count(), 110.0) as f64)?;
    }
    print_setup(ws, 110.0).map(|_| ())
}

/// The workbook's bytes: cover, contents and notes, then the tables.
fn workbook(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let title = format!("{}: {}", book.plan.title, book.subject);
    let created = ExcelDateTime::from_ymd(
        book.as_of.year() as u16,
        book.as_of.month() as u8,
        book.as_of.day() as u8,
    )?;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_subject(format!("{}, {}", book.plan.area, book.subject))
            .set_author("cfp")
            .set_keywords("partnership plan, indicators, RAG ratings")
            .set_comment(format!(
                "The position as of {}, rated by cfp {} from the plan's files.",
                day(book.as_of),
                env!("CARGO_PKG_VERSION")
            ))
            .set_creation_datetime(&created),
    );
    write_cover(wb.add_worksheet(), book, &title)?;
    let notes = numbered_notes(&book.sheets);
    let mark = |n: &Note| {
        notes
            .iter()
            .position(|m| m == n)
            .map_or(String::new(), |i| format!(" [note {}]", i + 1))
    };
    let contents = Sheet {
        name: "Contents".into(),
        about: String::new(),
        header: vec!["Sheet".into(), "What it holds".into()],
        rows: std::iter::once(("Notes", "What the [note N] marks in the title rows say"))
            .chain(
                book.sheets
                    .iter()
                    .map(|s| (s.name.as_str(), s.about.as_str())),
            )
            .map(|(name, about)| vec![Cell::Link(name.into()), Cell::Text(about.into())])
            .collect(),
        notes: Vec::new(),
    };
    write_table(wb.add_worksheet(), &contents, "Contents")?;
    let notes_sheet = Sheet {
        name: "Notes".into(),
        about: String::new(),
        header: vec!["Note number".into(), "Note text".into()],
        rows: notes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                vec![
                    Cell::Text(format!("[note {}]", i + 1)),
                    Cell::Text(n.text().into()),
                ]
            })
            .collect(),
        notes: Vec::new(),
    };
    write_table(wb.add_worksheet(), &notes_sheet, "Notes")?;
    for sheet in &book.sheets {
        let marks: String = sheet.notes.iter().map(mark).collect();
        write_table(
            wb.add_worksheet(),
            sheet,
            &format!("{}{marks}", sheet.about),
        )?;
    }
    wb.save_to_buffer()
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
        let s = sheet(table, String::new(), Vec::new());
        assert_eq!(s.rows[0][0], Cell::Text("=SUM(A1)".into()));
        assert_eq!(s.rows[0][1], Cell::Number(70.4, "0.0"));
        assert_eq!(s.rows[0][2], Cell::Text("Good".into()));
        assert_eq!(s.rows[0][3], Cell::Number(12.0, "#,##0"));
    }

    #[test]
    fn notes_are_numbered_once_in_the_order_first_referred_to() {
        let with = |notes: Vec<Note>| Sheet {
            name: String::new(),
            about: String::new(),
            header: Vec::new(),
            rows: Vec::new(),
            notes,
        };
        let sheets = [
            with(vec![Note::Counts, Note::Ratings]),
            with(vec![Note::Ratings, Note::Empty]),
        ];
        assert_eq!(
            numbered_notes(&sheets),
            vec![Note::Counts, Note::Ratings, Note::Empty]
        );
    }
}
