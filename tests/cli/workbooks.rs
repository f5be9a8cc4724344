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
    assert_eq!(
        wb.sheet_names(),
        vec!["Cover", "Contents", "Notes", "status", "roll-ups"]
    );
    let sheet = wb.worksheet_range("status").expect("status sheet");
    // Row 1 is the title; row 2 the header.
    let header: Vec<String> = sheet
        .rows()
        .nth(1)
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    // The CSV's columns, in the CSV's order, then the typed ones.
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
    assert_eq!(header[..csv_header.len()], csv_header[..]);
    assert_eq!(sheet.rows().count(), csv_rows.len() + 2);
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
        .find(|r| matches!(r[col("by_date")], Data::DateTime(_)) && r[col("kind")] == "milestone")
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
    let sheet1 = xml(&book, "xl/worksheets/sheet4.xml");
    assert!(sheet1.contains("ySplit=\"2\""), "frozen title and header");
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
    let sheet1 = xml(&book, "xl/worksheets/sheet4.xml");
    assert!(!sheet1.contains("<f>"), "{sheet1}");
    let mut wb = open_workbook_auto(&book).expect("opens");
    let sheet = wb.worksheet_range("status").expect("sheet");
    let row: Vec<Data> = sheet.rows().nth(2).expect("row").to_vec();
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
        assert!(range.rows().count() > 2, "{sheet}");
        if sheet == "history" {
            // Every area's figures, the value a number.
            let values: Vec<&Data> = range.rows().skip(2).map(|r| &r[2]).collect();
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

/// A zip of the given parts, as an `.xlsx` or `.ods` is.
fn zip_of(path: &std::path::Path, parts: &[(&str, &[u8])]) {
    use std::io::Write as _;
    let file = std::fs::File::create(path).expect("zip file");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).expect("part");
        zip.write_all(bytes).expect("part bytes");
    }
    zip.finish().expect("zip written");
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const XLSX_BOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const XLSX_BOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fn xlsx_with(path: &std::path::Path, sheet_data: &[u8], extra: &[(&str, &[u8])]) {
    let mut sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.to_vec();
    sheet.extend_from_slice(sheet_data);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", XLSX_TYPES.as_bytes()),
        ("_rels/.rels", XLSX_RELS.as_bytes()),
        ("xl/workbook.xml", XLSX_BOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", XLSX_BOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", &sheet),
    ];
    parts.extend_from_slice(extra);
    zip_of(path, &parts);
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fn ods_with(path: &std::path::Path, table: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
    );
}

/// `cfp check` on a plan reading `file`, in a child with 2 GB of address
/// space and 60 seconds, so that an abort or a hang fails this test
/// rather than the suite.
fn check_bounded(f: &Fixture) -> (i32, String) {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 2000000; exec timeout 60 '{}' check",
            env!("CARGO_BIN_EXE_cfp")
        ))
        .current_dir(f.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn workbook_plan(file: &str) -> String {
    format!(
        "[plan]\ntitle = \"T\"\narea = \"A\"\n[[measurements.source]]\nfiles = [\"{file}\"]\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n[[indicator]]\nid = \"i\"\npriority = \"p\"\n\
         title = \"I\"\nunit = \"percent\"\n"
    )
}

#[test]
fn a_cell_beyond_excels_last_column_is_refused_not_allocated_for() {
    // Issue 20: one cell in column FXSHRXW aborted on a 48 GB allocation.
    let f = Fixture::new(&workbook_plan("m.xlsx"));
    xlsx_with(
        &f.path().join("m.xlsx"),
        br#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>period</t></is></c><c r="FXSHRXW1"><v>1</v></c></row>"#,
        &[],
    );
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("beyond the largest sheet Excel makes"),
        "{stderr}"
    );
}

#[test]
fn an_ods_declaring_millions_of_repeated_cells_is_refused_before_reading() {
    // Issue 20: 865 bytes expanding to 98M cells passed 7.5 GB and aborted.
    let f = Fixture::new(&workbook_plan("m.ods"));
    ods_with(
        &f.path().join("m.ods"),
        r#"<table:table table:name="s"><table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>period</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="6000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
    );
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("too large to read: a sheet spans"),
        "{stderr}"
    );
    assert!(stderr.contains("the limit is 5,000,000"), "{stderr}");
}

#[test]
fn an_ods_whose_table_never_ends_is_refused_not_searched_forever() {
    // Issue 20: a table without `</table:table>` spun at 100% CPU forever.
    let f = Fixture::new(&workbook_plan("m.ods"));
    ods_with(
        &f.path().join("m.ods"),
        r#"<table:table table:name="s"><table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell></table:table-row>"#,
    );
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("a sheet's table never ends"), "{stderr}");
}

#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused() {
    // Issue 20: shared strings inflating to 510 MB took 1.65 GB.
    let f = Fixture::new(&workbook_plan("m.xlsx"));
    let mut strings = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#.to_vec();
    strings.resize(strings.len() + (300 << 20), b'a');
    strings.extend_from_slice(b"</t></si></sst>");
    xlsx_with(
        &f.path().join("m.xlsx"),
        br#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        &[("xl/sharedStrings.xml", &strings)],
    );
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("too large to read: it unpacks to more than 256 MB"),
        "{stderr}"
    );
}

#[test]
fn an_xls_whose_sector_chain_loops_is_refused_not_followed_forever() {
    // Found by the sheet fuzz target: calamine follows a compound file's
    // chain of sectors until it ends, and one that loops grew to 2 GB.
    let mut xls = std::fs::read(super::root().join("fuzz/corpus/sheet/seed.xls")).expect("seed");
    let word = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let size = 1usize << u16::from_le_bytes([xls[30], xls[31]]);
    // The first sector of the allocation table, and in it the directory
    // chain's first entry, made to point at itself.
    let fat = (word(&xls, 76) as usize + 1) * size;
    let dir = word(&xls, 48) as usize;
    xls[fat + 4 * dir..fat + 4 * dir + 4].copy_from_slice(&(dir as u32).to_le_bytes());
    let f = Fixture::new(&workbook_plan("m.xls"));
    std::fs::write(f.path().join("m.xls"), &xls).expect("xls");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("a chain of its sectors loops back on itself"),
        "{stderr}"
    );
    // The seed itself reads.
    std::fs::copy(
        super::root().join("fuzz/corpus/sheet/seed.xls"),
        f.path().join("m.xls"),
    )
    .expect("seed");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_workbook_with_a_password_is_named_as_such_not_sent_to_download_again() {
    // Issue 20: a password-protected workbook's message added "download
    // it again". An encrypted .xlsx is a compound file holding an
    // `EncryptedPackage` stream, not a zip.
    let seed = std::fs::read(super::root().join("fuzz/corpus/sheet/seed.xls")).expect("seed");
    let mut encrypted = seed.clone();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let f = Fixture::new(&workbook_plan("m.xlsx"));
    std::fs::write(f.path().join("m.xlsx"), &encrypted).expect("xlsx");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is protected with a password"), "{stderr}");
    assert!(!stderr.contains("download"), "{stderr}");
    // A compound file that is merely misnamed is not said to have one.
    std::fs::write(f.path().join("m.xlsx"), &seed).expect("xlsx");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is not a workbook cfp can read"),
        "{stderr}"
    );
}

#[test]
fn a_conflict_in_a_workbook_read_without_sheet_names_the_sheet() {
    // Issue 20: the message said `sheet , cell A3`.
    let f = Fixture::new(&workbook_plan("m.xlsx"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("figures").expect("name");
    for (c, h) in ["id", "period", "value"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, v) in [(1, 70.0), (2, 71.0)] {
        ws.write_string(r, 0, "i").expect("id");
        ws.write_string(r, 1, "2024/25").expect("period");
        ws.write_number(r, 2, v).expect("value");
    }
    book.save(f.path().join("m.xlsx")).expect("saved");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("m.xlsx, sheet figures, cell A3: conflicting figures"),
        "{stderr}"
    );
    assert!(!stderr.contains("sheet ,"), "{stderr}");
}

#[test]
fn a_workbook_calamine_panics_on_is_one_located_error_without_a_backtrace() {
    // Found by the sheet fuzz target: a sector past the end of an .xls
    // makes calamine panic; the panic was caught, but its message and
    // backtrace reached stderr before cfp's own words.
    let f = Fixture::new(&workbook_plan("m.xls"));
    std::fs::copy(
        super::root().join("tests/fixtures/hostile/xls-sector-past-the-end.xls"),
        f.path().join("m.xls"),
    )
    .expect("copied");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("m.xls:1:1: something in it is damaged or unusual"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_xls_declaring_billions_of_cells_is_refused_before_reading() {
    // Found by the sheet fuzz target (issue 20's 41 TB .xls): calamine
    // sets aside room for a sheet's declared dimensions before reading a
    // cell, 86 GB for this 5.6 KB file.
    let f = Fixture::new(&workbook_plan("m.xls"));
    std::fs::copy(
        super::root().join("tests/fixtures/hostile/xls-huge-dimensions.xls"),
        f.path().join("m.xls"),
    )
    .expect("copied");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("a sheet would take 2,164,260,865 cells"),
        "{stderr}"
    );
}

#[test]
fn an_xls_whose_cells_span_billions_is_refused_before_reading() {
    // Found by the .xls-only fuzz run: two cells far apart make calamine's
    // dense range of a sheet 52 GB.
    let f = Fixture::new(&workbook_plan("m.xls"));
    std::fs::copy(
        super::root().join("tests/fixtures/hostile/xls-cells-far-apart.xls"),
        f.path().join("m.xls"),
    )
    .expect("copied");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("too large to read: a sheet would take"),
        "{stderr}"
    );
}

#[test]
fn an_xls_whose_directory_entry_pads_its_name_is_still_measured_before_reading() {
    // Found by the third .xls-only fuzz run: the Workbook stream's
    // directory entry says its name is 4,608 bytes long. calamine reads the
    // name up to its first NUL and found the stream; cfp's pre-scan went by
    // the length, found no stream, and let calamine ask for 9 GB.
    let f = Fixture::new(&workbook_plan("m.xls"));
    std::fs::copy(
        super::root().join("tests/fixtures/hostile/xls-workbook-entry-name-padded.xls"),
        f.path().join("m.xls"),
    )
    .expect("copied");
    let (code, stderr) = check_bounded(&f);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("m.xls:1:1: it is too large to read: a sheet would take 285,269,502 cells"),
        "{stderr}"
    );
}
