//! Every workbook cfp writes meets the Analysis Function's "Releasing
//! statistics in spreadsheets" checklist, checked point by point from the
//! workbook itself: the cells through calamine, the layout, page setup and
//! document properties from its XML.

use std::collections::HashSet;
use std::io::Read as _;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};

use super::run;

fn part(book: &Path, name: &str) -> String {
    let file = std::fs::File::open(book).expect("workbook");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the workbook"))
        .read_to_string(&mut text)
        .expect("xml");
    text
}

/// `cfp ARGS -o FILE.xlsx` in a temporary folder.
fn workbook(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let book = dir.join(format!("{name}.xlsx"));
    let mut args = args.to_vec();
    args.extend(["-o", book.to_str().expect("utf-8 path")]);
    let out = run(&args);
    assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
    book
}

fn is_empty(cell: &Data) -> bool {
    matches!(cell, Data::Empty) || matches!(cell, Data::String(s) if s.is_empty())
}

/// A table's title row, header row and records.
struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
}

/// The table on a sheet, checked to be one: starting in A1 with a single
/// title cell, then one header row naming every column, then records with
/// no blank row and nothing beyond the header's columns.
fn table(name: &str, range: &Range<Data>) -> Table {
    assert_eq!(range.start(), Some((0, 0)), "{name}: starts in A1");
    let mut rows = range.rows();
    let title = rows.next().expect("a title row");
    assert!(!is_empty(&title[0]), "{name}: a title in A1");
    assert!(
        title[1..].iter().all(is_empty),
        "{name}: the title row is one cell: {title:?}"
    );
    let header: Vec<String> = rows
        .next()
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        header.iter().all(|h| !h.is_empty()),
        "{name}: every column has a header (no blank column): {header:?}"
    );
    let unique: HashSet<&String> = header.iter().collect();
    assert_eq!(unique.len(), header.len(), "{name}: one header row, unique");
    let rows: Vec<Vec<Data>> = rows.map(<[Data]>::to_vec).collect();
    for (i, row) in rows.iter().enumerate() {
        assert!(
            !row.iter().all(is_empty),
            "{name}: row {} is blank inside the table",
            i + 3
        );
    }
    Table {
        title: title[0].to_string(),
        header,
        rows,
    }
}

/// Every point of the checklist that holds for any of cfp's workbooks;
/// returns the data sheets' tables by name.
fn meets_the_standard(book: &Path, as_of: &str) -> Vec<(String, Table)> {
    let mut wb = open_workbook_auto(book).expect("opens");
    let names = wb.sheet_names();
    assert_eq!(names[..3], ["Cover", "Contents", "Notes"], "{names:?}");
    assert!(names.len() > 3, "at least one table: {names:?}");
    let lower: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), names.len(), "unique sheet names: {names:?}");

    // Document properties: title, subject, author and the as-of date.
    let core = part(book, "docProps/core.xml");
    for tag in ["dc:title", "dc:subject", "dc:description"] {
        let open = format!("<{tag}>");
        let at = core.find(&open).unwrap_or_else(|| panic!("{tag}: {core}"));
        assert!(!core[at + open.len()..].starts_with('<'), "{tag} empty");
    }
    assert!(core.contains("<dc:creator>cfp</dc:creator>"), "{core}");
    assert!(
        core.contains(&format!(">{as_of}T00:00:00Z</dcterms:created>")),
        "created on the as-of date: {core}"
    );

    // The cover: the plan, its area and the as-of date, in column A.
    let cover = wb.worksheet_range("Cover").expect("cover");
    let text: Vec<String> = cover.rows().map(|r| r[0].to_string()).collect();
    let cover_text = text.join("\n");
    for said in [
        "Area: ",
        "Position as of ",
        "Source: ",
        "How ratings are decided",
        "Contents: ",
        "Notes: ",
    ] {
        assert!(cover_text.contains(said), "{said}: {cover_text}");
    }
    assert!(cover.width() == 1, "the cover is one column of text");

    let workbook_xml = part(book, "xl/workbook.xml");
    let mut tables = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let xml = part(book, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(!xml.contains("mergeCell"), "{name}: merged cells");
        assert!(
            xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""),
            "{name}: A4 landscape"
        );
        if name == "Cover" {
            continue;
        }
        let quoted = if name.contains('-') {
            format!("'{name}'!$2:$2")
        } else {
            format!("{name}!$2:$2")
        };
        let titles = format!("name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">");
        let repeated = workbook_xml
            .split(&titles)
            .nth(1)
            .and_then(|rest| rest.split('<').next());
        assert!(
            repeated.is_some_and(|r| r.ends_with(&quoted)),
            "{name}: the header row repeats on printed pages: {workbook_xml}"
        );
        let range = wb.worksheet_range(name).expect("sheet");
        tables.push((name.clone(), table(name, &range)));
    }

    // Contents: every sheet after it, by name, and what it holds.
    let contents = &tables[0].1;
    let listed: Vec<String> = contents.rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(listed, names[2..], "the contents list every sheet");
    assert!(contents.rows.iter().all(|r| !is_empty(&r[1])));

    // Notes: numbered `[note N]`, each referred to from a title row, and
    // every mark in a title row a note that is there.
    let notes = &tables[1].1;
    let marks: Vec<String> = notes.rows.iter().map(|r| r[0].to_string()).collect();
    for (i, mark) in marks.iter().enumerate() {
        assert_eq!(mark, &format!("[note {}]", i + 1));
        assert!(
            tables[2..]
                .iter()
                .any(|(_, t)| t.title.contains(mark.as_str())),
            "{mark} is referred to"
        );
    }
    for (name, t) in &tables[2..] {
        for n in t
            .title
            .match_indices("[note ")
            .map(|(at, _)| &t.title[at..])
        {
            let mark = &n[..=n.find(']').expect("a closed mark")];
            assert!(marks.iter().any(|m| m == mark), "{name}: {mark}");
        }
    }
    tables.drain(..2);
    tables
}

fn column<'a>(t: &'a Table, name: &str) -> impl Iterator<Item = &'a Data> + 'a {
    let at = t
        .header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("a column {name}: {:?}", t.header));
    t.rows.iter().map(move |r| &r[at])
}

/// A status table's dates and figures are typed cells, its ratings words,
/// and the labels beside them one type (text) each.
fn typed(sheet: &str, t: &Table) {
    let dated = |d: &Data| matches!(d, Data::DateTime(_) | Data::DateTimeIso(_));
    let figure = |d: &Data| matches!(d, Data::Float(_) | Data::Int(_));
    for name in ["period_start", "period_end", "by_date"] {
        assert!(
            column(t, name).all(|c| is_empty(c) || dated(c)),
            "{sheet}: {name} is dates"
        );
    }
    let period_has_days = column(t, "period")
        .zip(column(t, "period_start"))
        .all(|(label, day)| is_empty(label) == is_empty(day));
    assert!(period_has_days, "{sheet}: every period has its first day");
    let by_has_day = column(t, "by")
        .zip(column(t, "by_date"))
        .all(|(label, day)| is_empty(label) || dated(day));
    assert!(by_has_day, "{sheet}: every by has its day");
    for name in ["period", "by"] {
        assert!(
            column(t, name).all(|c| matches!(c, Data::String(_) | Data::Empty)),
            "{sheet}: {name} labels are text, one type to sort by"
        );
    }
    let comparators: Vec<String> = t
        .header
        .iter()
        .filter(|h| h.ends_with(" value") || ["previous_value", "baseline"].contains(&h.as_str()))
        .cloned()
        .collect();
    assert!(comparators.len() >= 3, "{sheet}: {:?}", t.header);
    // A grade's figure is a word on its scale (note 2 says so); every
    // other figure is a number.
    for name in &comparators {
        for (c, unit) in column(t, name).zip(column(t, "unit")) {
            let grade = unit == &Data::String("grade".into());
            assert!(
                is_empty(c) || figure(c) || grade,
                "{sheet}: {name} is figures: {c:?} in {unit:?}"
            );
        }
    }
    for words in ["rag", "status"] {
        assert!(
            column(t, words).all(|c| matches!(c, Data::String(s) if !s.is_empty())),
            "{sheet}: every rating in words as well as colour"
        );
    }
    // A title beside each slug.
    assert!(column(t, "priority_title").all(|c| !is_empty(c)), "{sheet}");
}

#[test]
fn the_status_workbook_meets_the_spreadsheet_standard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["status", "--plan", "data", "--as-of", "2026-02-26"];
    let book = workbook(dir.path(), "status", &args);
    let tables = meets_the_standard(&book, "2026-02-26");
    let names: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["status", "roll-ups"]);
    let status = &tables[0].1;
    typed("status", status);
    // Each comparator the plan names has a figure column; the seed has
    // England's figures and none for East Midlands ("not compared").
    assert!(column(status, "England value").any(|c| matches!(c, Data::Float(_))));
    assert!(column(status, "East Midlands value").all(is_empty));
    assert!(column(status, "previous_value").any(|c| matches!(c, Data::Float(_))));
    assert!(
        status.title.contains("26 February 2026"),
        "{}",
        status.title
    );
    // Roll-up counts are numbers, under right-aligned headers.
    let rollups = &tables[1].1;
    assert!(column(rollups, "red").all(|c| matches!(c, Data::Float(_) | Data::Int(_))));
    // Printed across pages, the status sheet repeats its id column.
    let workbook_xml = part(&book, "xl/workbook.xml");
    assert!(
        workbook_xml.contains(">status!$C:$C,status!$2:$2<"),
        "{workbook_xml}"
    );
    let styles = part(&book, "xl/styles.xml");
    assert!(styles.contains("horizontal=\"right\""), "{styles}");
    // A commitment's priority has its title beside its id.
    let titled = column(rollups, "level")
        .zip(column(rollups, "priority_title"))
        .filter(|(level, _)| *level == &Data::String("commitment".into()))
        .all(|(_, title)| !is_empty(title));
    assert!(titled, "roll-ups: priority_title");
    // Dated as of, not when it was run: the same position, the same bytes.
    let again = workbook(dir.path(), "again", &args);
    assert_eq!(std::fs::read(&book).ok(), std::fs::read(&again).ok());
}

#[test]
fn every_workbook_cfp_writes_meets_the_spreadsheet_standard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let at = ["--plan", "data", "--as-of", "2026-02-26"];
    let with = |first: &[&'static str]| {
        let mut args: Vec<&str> = first.to_vec();
        args.extend(at);
        args
    };
    for (name, args, status_like) in [
        ("overdue", with(&["overdue"]), Some("overdue")),
        (
            "by-priority",
            with(&["status", "--by", "priority"]),
            Some("status"),
        ),
        (
            "show-indicator",
            with(&["show", "hpv-females"]),
            Some("rating"),
        ),
        (
            "show-priority",
            with(&["show", "p1-best-start"]),
            Some("items"),
        ),
        (
            "show-milestone",
            with(&["show", "partnership-plan-refresh"]),
            Some("rating"),
        ),
        (
            "show-commitment",
            with(&["show", "c-1001-vision"]),
            Some("items"),
        ),
        ("diff", with(&["diff", "--since", "2023-10-31"]), None),
    ] {
        let book = workbook(dir.path(), name, &args);
        let tables = meets_the_standard(&book, "2026-02-26");
        if let Some(sheet) = status_like {
            let (_, t) = tables
                .iter()
                .find(|(n, _)| n == sheet)
                .unwrap_or_else(|| panic!("{name}: a {sheet} sheet"));
            typed(name, t);
        }
        if name == "diff" {
            let (_, changes) = &tables[0];
            for day in ["period_start", "period_end"] {
                assert!(
                    column(changes, day).all(|c| is_empty(c) || matches!(c, Data::DateTime(_))),
                    "changes: {day}"
                );
                assert!(column(changes, day).any(|c| matches!(c, Data::DateTime(_))));
            }
        }
        if name == "show-indicator" {
            let (_, history) = &tables[1];
            for day in ["period_start", "period_end"] {
                assert!(
                    column(history, day).all(|c| matches!(c, Data::DateTime(_))),
                    "history: {day}"
                );
            }
        }
    }
}

/// LibreOffice prints the status workbook on A4 pages, and the pages read:
/// the plan's title on the cover, the ratings in words.
#[test]
#[ignore = "needs LibreOffice Calc (soffice) and poppler-utils; .ci/run installs them and runs this with --include-ignored"]
fn libreoffice_prints_the_status_workbook_on_a4() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["status", "--plan", "data", "--as-of", "2026-02-26"];
    let book = workbook(dir.path(), "status", &args);
    // A profile of its own, so that a LibreOffice already running (or
    // another test's) is not handed the job.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let out = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&book)
        .output()
        .expect("soffice runs (.ci/run installs LibreOffice Calc)");
    let pdf = dir.path().join("status.pdf");
    assert!(
        pdf.exists(),
        "no PDF (is LibreOffice Calc installed?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .collect();
    assert!(sizes.len() >= 3, "{info}");
    // A4 is 595 x 842 points; LibreOffice rounds it a little differently
    // from one page to another.
    for size in &sizes {
        let points: Vec<f64> = size
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .skip(1)
            .collect();
        let a4 = |w: f64, h: f64| (w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0;
        assert!(
            matches!(points[..], [w, h] if a4(w, h) || a4(h, w)),
            "every page A4: {size}"
        );
    }
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Leicestershire Children and Families"),
        "{text}"
    );
    assert!(text.contains("Position as of 26 February 2026"), "{text}");
    assert!(
        text.contains("red") && text.contains("off target"),
        "{text}"
    );
}
