//! An ONS-style workbook, as ONS publishes its local-authority tables
//! (the adult smoking habits workbook is the model): a cover sheet, a
//! contents sheet, a notes sheet, then each table under rows of title and
//! notes, its headers holding line breaks, doubled spaces and note markers,
//! and one block of columns per year. The figures are illustrative, not
//! ONS's: the layout is the point. `tests/fixtures/ons/adult-smoking.xlsx`
//! is this generator's output, checked in so that docs/sources.md can be
//! worked through on it; `CFP_UPDATE_FIXTURES=1` writes it again.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Format, Workbook};

use super::root;

/// The years of the table, one block of columns each, oldest first.
pub const YEARS: [&str; 3] = ["2021", "2022", "2023"];

/// (code, name, per year: current smokers %, lower, upper, weighted count,
/// sample size); a `None` figure is ONS's `[x]`, not available.
type Area = (&'static str, &'static str, [Option<Block>; 3]);
type Block = (f64, f64, f64, f64, f64);

pub const AREAS: [Area; 6] = [
    (
        "E92000001",
        "England",
        [
            Some((13.0, 12.7, 13.3, 5_702_000.0, 152_000.0)),
            Some((12.7, 12.4, 13.0, 5_566_000.0, 146_000.0)),
            Some((11.6, 11.3, 11.9, 5_103_000.0, 141_000.0)),
        ],
    ),
    (
        "E12000004",
        "East Midlands",
        [
            Some((13.9, 12.8, 15.0, 530_000.0, 11_900.0)),
            Some((13.1, 12.0, 14.2, 502_000.0, 11_400.0)),
            Some((12.2, 11.1, 13.3, 470_000.0, 11_000.0)),
        ],
    ),
    (
        "E10000018",
        "Leicestershire",
        [
            Some((11.2, 8.4, 14.0, 63_000.0, 1_210.0)),
            Some((10.5, 7.8, 13.2, 59_500.0, 1_150.0)),
            Some((9.8, 7.1, 12.5, 56_000.0, 1_090.0)),
        ],
    ),
    (
        "E06000016",
        "Leicester",
        [
            Some((14.6, 10.9, 18.3, 41_000.0, 640.0)),
            Some((15.1, 11.2, 19.0, 42_600.0, 610.0)),
            Some((13.4, 9.7, 17.1, 38_000.0, 600.0)),
        ],
    ),
    (
        "E06000017",
        "Rutland",
        [
            None,
            Some((8.9, 3.1, 14.7, 3_000.0, 95.0)),
            Some((7.6, 2.4, 12.8, 2_600.0, 90.0)),
        ],
    ),
    (
        "E10000024",
        "Nottinghamshire",
        [
            Some((12.8, 10.2, 15.4, 81_000.0, 1_380.0)),
            Some((12.1, 9.6, 14.6, 77_000.0, 1_320.0)),
            Some((11.9, 9.4, 14.4, 76_000.0, 1_300.0)),
        ],
    ),
];

/// The row (1-based, as a spreadsheet shows it) of the table's header.
pub const HEADER_ROW: u32 = 9;

/// The headers of one year's block, as ONS writes them.
pub fn block_headers(year: &str) -> [String; 5] {
    [
        format!("{year} \nCurrent smokers \n%"),
        format!("{year} \nLower 95% confidence interval \n%"),
        format!("{year} \nUpper 95% confidence interval \n%"),
        format!("{year}  \nWeighted count"),
        format!("{year} \nSample size \n[note 4]"),
    ]
}

/// Every header of the table, left to right.
pub fn headers() -> Vec<String> {
    let mut out = vec![
        "Area code \n[note 6]\n[note 19]".to_string(),
        "Area name".to_string(),
    ];
    for year in YEARS {
        out.extend(block_headers(year));
    }
    out
}

/// The path of the checked-in workbook.
pub fn fixture() -> std::path::PathBuf {
    root().join("tests/fixtures/ons/adult-smoking.xlsx")
}

/// Writes the workbook to `path`.
pub fn write(path: &Path) {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_bold().set_text_wrap();
    let put = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, text: &str| {
        sheet.write_string(row, 0, text).expect("text");
    };

    let cover = book.add_worksheet();
    cover.set_name("Cover sheet").expect("name");
    cover
        .write_string_with_format(0, 0, "Adult smoking habits (an ONS-style fixture)", &bold)
        .expect("title");
    put(
        cover,
        1,
        "This workbook is laid out as ONS lays out its local authority tables.",
    );
    put(
        cover,
        3,
        "Source: Annual Population Survey (illustrative figures)",
    );
    put(cover, 5, "Contact: test fixture, not a publication");

    let contents = book.add_worksheet();
    contents.set_name("Contents").expect("name");
    put(contents, 0, "Table of contents");
    for (c, h) in ["Worksheet name", "Worksheet title"].iter().enumerate() {
        contents
            .write_string_with_format(2, c as u16, *h, &bold)
            .expect("header");
    }
    contents.write_string(3, 0, "Notes").expect("cell");
    contents
        .write_string(3, 1, "Notes used in this workbook")
        .expect("cell");
    contents.write_string(4, 0, "Table 1").expect("cell");
    contents
        .write_string(
            4,
            1,
            "Proportion of adults who currently smoke, by area, 2021 to 2023",
        )
        .expect("cell");

    let notes = book.add_worksheet();
    notes.set_name("Notes").expect("name");
    put(notes, 0, "Notes");
    for (c, h) in ["Note number", "Note text"].iter().enumerate() {
        notes
            .write_string_with_format(2, c as u16, *h, &bold)
            .expect("header");
    }
    for (r, (n, text)) in [
        ("note 4", "Sample sizes are unweighted."),
        ("note 6", "Area codes are as at April 2023."),
        (
            "note 19",
            "Codes for areas that changed boundary are the new codes.",
        ),
    ]
    .iter()
    .enumerate()
    {
        notes.write_string(3 + r as u32, 0, *n).expect("cell");
        notes.write_string(3 + r as u32, 1, *text).expect("cell");
    }

    let table = book.add_worksheet();
    table.set_name("Table 1").expect("name");
    // Eight rows of title and notes above the header, one cell each.
    for (r, text) in [
        "Table 1: Proportion of adults aged 18 and over who currently smoke cigarettes, by area, 2021 to 2023",
        "This worksheet contains one table. Some cells refer to notes which can be found on the notes worksheet.",
        "Source: Annual Population Survey",
        "Unit: percentage of adults aged 18 and over",
        "[x] = not available: the sample is too small to publish",
        "Confidence intervals are at the 95% level",
        "Weighted counts are rounded to the nearest thousand",
        "Figures are illustrative (a test fixture)",
    ]
    .iter()
    .enumerate()
    {
        put(table, r as u32, text);
    }
    let header = HEADER_ROW - 1;
    for (c, h) in headers().iter().enumerate() {
        table
            .write_string_with_format(header, c as u16, h, &wrap)
            .expect("header");
    }
    for (r, (code, name, blocks)) in AREAS.iter().enumerate() {
        let row = header + 1 + r as u32;
        table.write_string(row, 0, *code).expect("code");
        table.write_string(row, 1, *name).expect("name");
        for (b, block) in blocks.iter().enumerate() {
            let first = 2 + 5 * b as u16;
            match block {
                Some((p, lo, hi, count, sample)) => {
                    for (k, x) in [p, lo, hi, count, sample].iter().enumerate() {
                        table
                            .write_number(row, first + k as u16, **x)
                            .expect("number");
                    }
                }
                None => {
                    for k in 0..5 {
                        table.write_string(row, first + k, "[x]").expect("x");
                    }
                }
            }
        }
    }
    book.save(path).expect("the workbook is written");
}

/// Every sheet's cells as text, for comparing two workbooks.
fn cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book = open_workbook_auto(path).expect("opens");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn the_ons_fixture_is_what_its_generator_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = dir.path().join("adult-smoking.xlsx");
    write(&made);
    if std::env::var_os("CFP_UPDATE_FIXTURES").is_some() {
        std::fs::copy(&made, fixture()).expect("fixture written");
    }
    assert_eq!(cells(&made), cells(&fixture()));
    let table = cells(&fixture())
        .into_iter()
        .find(|(n, _)| n == "Table 1")
        .expect("Table 1");
    assert_eq!(table.1[HEADER_ROW as usize - 1], headers());
}
