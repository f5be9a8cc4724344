//! Excel workbooks out: typed cells read back with calamine, fills and
//! sheet settings read from the workbook's own XML.

use std::io::Read as _;

use calamine::{open_workbook_auto, Data, Reader};

use super::{run, Fixture};

fn xml(book: &std::path::Path, part: &str) -> String {
    let file = std::fs::File::open(book).expect("workbook");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    zip.by_name(part)
        .expect("part")
        .read_to_string(&mut text)
        .expect("xml");
    text
}

#[test]
fn the_status_workbook_has_typed_cells_coloured_ratings_and_roll_ups() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("status.xlsx");
    let out = run(&[
        "status",
        "--plan",
        "data",
        "--as-of",
        "2026-02-26",
        "-o",
        book.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut wb = open_workbook_auto(&book).expect("opens");
    assert_eq!(wb.sheet_names(), vec!["status", "roll-ups"]);
    let sheet = wb.worksheet_range("status").expect("status sheet");
    let header: Vec<String> = sheet
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    // The CSV's columns, in the CSV's order.
    let csv = run(&[
        "status",
        "--plan",
        "data",
        "--as-of",
        "2026-02-26",
        "--format",
        "csv",
    ]);
    let (csv_header, csv_rows) = super::parse_csv(&csv.stdout);
    assert_eq!(header, csv_header);
    assert_eq!(sheet.rows().count(), csv_rows.len() + 1);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    let hpv = sheet
        .rows()
        .find(|r| r[col("id")] == "hpv-females")
        .expect("hpv row");
    assert_eq!(hpv[col("value")], Data::Float(80.9));
    assert_eq!(hpv[col("target")], Data::Float(90.0));
    assert_eq!(hpv[col("rag")], Data::String("red".into()));
    assert_eq!(
        hpv[col("reason")].to_string(),
        csv_rows
            .iter()
            .find(|r| r[2] == "hpv-females")
            .expect("csv")[7]
    );
    // A milestone's due date is a date.
    let dated = sheet
        .rows()
        .find(|r| matches!(r[col("by")], Data::DateTime(_)))
        .expect("a row with a due date");
    assert_eq!(dated[col("kind")], Data::String("milestone".into()));
    // Number formats: a percentage to one decimal place, counts grouped.
    let styles = xml(&book, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0\""), "{styles}");
    assert!(styles.contains("formatCode=\"#,##0\""), "{styles}");
    // BRAG fills, each rating still its word.
    for fill in ["FFC00000", "FF00B050", "FFBFBFBF"] {
        assert!(styles.contains(fill), "{fill}: {styles}");
    }
    let sheet1 = xml(&book, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("ySplit=\"1\""), "frozen header");
    assert!(sheet1.contains("<autoFilter"), "autofilter");
    assert!(sheet1.contains("<col "), "column widths");
    let rollups = wb.worksheet_range("roll-ups").expect("roll-ups");
    assert!(rollups.rows().count() > 8);
}

#[test]
fn text_in_a_workbook_is_never_a_formula() {
    let f = Fixture::new(
        "[plan]\ntitle = \"T\"\narea = \"A\"\n[measurements]\nfiles = [\"m.csv\"]\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
         [[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"=HYPERLINK(\\\"http://x\\\")\"\n",
    )
    .file("m.csv", "id,period,value\ni,2024,-5\n");
    let out = f.run(&["status", "--as-of", "2025-06-01", "-o", "s.xlsx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let book = f.path().join("s.xlsx");
    let sheet1 = xml(&book, "xl/worksheets/sheet1.xml");
    assert!(!sheet1.contains("<f>"), "{sheet1}");
    let mut wb = open_workbook_auto(&book).expect("opens");
    let sheet = wb.worksheet_range("status").expect("sheet");
    let row: Vec<Data> = sheet.rows().nth(1).expect("row").to_vec();
    assert!(
        row.contains(&Data::String("=HYPERLINK(\"http://x\")".into())),
        "{row:?}"
    );
    // A negative number stays a number.
    assert!(row.contains(&Data::Float(-5.0)), "{row:?}");
}

#[test]
fn a_workbook_needs_a_file_and_every_listed_command_writes_one() {
    let out = run(&["status", "--plan", "data", "--format", "xlsx"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("a workbook cannot go to a terminal"),
        "{}",
        out.stderr
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for (args, sheet) in [
        (
            vec!["overdue", "--plan", "data", "--as-of", "2026-02-26"],
            "overdue",
        ),
        (
            vec![
                "diff",
                "--plan",
                "data",
                "--since",
                "2023-10-31",
                "--as-of",
                "2026-02-26",
            ],
            "changes",
        ),
        (
            vec![
                "show",
                "hpv-females",
                "--plan",
                "data",
                "--as-of",
                "2026-02-26",
            ],
            "history",
        ),
    ] {
        let book = dir.path().join(format!("{sheet}.xlsx"));
        let mut args = args.clone();
        args.extend(["-o", book.to_str().expect("utf-8")]);
        let out = run(&args);
        assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
        let mut wb = open_workbook_auto(&book).expect("opens");
        let range = wb.worksheet_range(sheet).expect(sheet);
        assert!(range.rows().count() > 1, "{sheet}");
        if sheet == "history" {
            // Every area's figures, the value a number.
            let values: Vec<&Data> = range.rows().skip(1).map(|r| &r[2]).collect();
            assert!(values.contains(&&Data::Float(80.9)), "{values:?}");
        }
    }
}

/// A workbook whose first sheet is hidden (lookups, an old version) and
/// whose second, visible, holds the figures.
fn hidden_first_sheet(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let old = book.add_worksheet();
    old.set_name("old").expect("name");
    for (c, h) in ["id", "period", "value"].iter().enumerate() {
        old.write_string(0, c as u16, *h).expect("header");
    }
    old.write_string(1, 0, "i").expect("cell");
    old.write_string(1, 1, "2024/25").expect("cell");
    old.write_number(1, 2, 1.0).expect("cell");
    old.set_hidden(true);
    let new = book.add_worksheet();
    new.set_name("figures").expect("name");
    for (c, h) in ["id", "period", "value"].iter().enumerate() {
        new.write_string(0, c as u16, *h).expect("header");
    }
    new.write_string(1, 0, "i").expect("cell");
    new.write_string(1, 1, "2024/25").expect("cell");
    new.write_number(1, 2, 70.0).expect("cell");
    new.set_active(true);
    book.save(path).expect("saved");
}

#[test]
fn without_sheet_the_first_visible_sheet_is_read_and_a_hidden_one_named_is_warned_of() {
    let plan = |sheet: &str| {
        format!(
            "[plan]\ntitle = \"T\"\narea = \"A\"\n[[measurements.source]]\nfiles = [\"m.xlsx\"]\n{sheet}\
             [[priority]]\nid = \"p\"\ntitle = \"P\"\n[[indicator]]\nid = \"i\"\npriority = \"p\"\n\
             title = \"I\"\nunit = \"percent\"\npolarity = \"higher\"\n"
        )
    };
    let f = Fixture::new(&plan(""));
    hidden_first_sheet(&f.path().join("m.xlsx"));
    let out = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(",70,percent,"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let f = Fixture::new(&plan("sheet = \"old\"\n"));
    hidden_first_sheet(&f.path().join("m.xlsx"));
    let out = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(",1,percent,"), "{}", out.stdout);
    assert!(
        out.stderr.contains("sheet `old` of") && out.stderr.contains("is hidden in the workbook"),
        "{}",
        out.stderr
    );
}
