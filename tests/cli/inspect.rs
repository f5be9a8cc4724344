//! `cfp inspect`: every published file of the corpus, and the ONS-style
//! workbook, shown with its sheets and headers exactly as spelt, and its
//! suggested source pasted into a plan that `cfp check` then loads clean.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ons, root, run, run_in};

const OFSTED: &str = "tests/corpus/spreadsheets/LA_Inspection_Outcomes_as_at_31_March_2025.ods";

/// Each corpus CSV with an area its rows hold.
const CSVS: [(&str, &str); 6] = [
    (
        "tests/corpus/fingertips/campylobacter-93356-ragged.csv",
        "Trafford",
    ),
    (
        "tests/corpus/fingertips/dependent-drinkers-not-in-treatment-93532.csv",
        "Warwickshire",
    ),
    (
        "tests/corpus/fingertips/mortality-air-pollution-30101.csv",
        "Leicestershire",
    ),
    (
        "tests/corpus/fingertips/mortality-air-pollution-93861-r-export.csv",
        "Leicestershire",
    ),
    (
        "tests/corpus/fingertips/opiate-users-not-in-treatment.csv",
        "West Sussex",
    ),
    (
        "tests/corpus/ees/cla_number_and_rate_per_10k_children.csv",
        "Leicestershire",
    ),
];

/// The header of a CSV as the file holds it: its first record, without
/// a byte-order mark, each name trimmed (as cfp reads it).
fn csv_header(path: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(root().join(path))
        .expect("the corpus file opens");
    let mut record = csv::StringRecord::new();
    assert!(reader.read_record(&mut record).expect("a header"));
    record
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect()
}

fn inspect_json(args: &[&str]) -> Value {
    let mut all = vec!["inspect"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON")
}

fn headers(doc: &Value) -> Vec<String> {
    doc["table"]["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["header"].as_str().expect("a header").to_string())
        .collect()
}

/// A header as the text view shows it: line breaks as `\n`.
fn shown(header: &str) -> String {
    header.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n")
}

/// The column letter of the `i`th column from `first` (0 is A).
fn letter(i: usize) -> String {
    let mut n = i + 1;
    let mut out = String::new();
    while n > 0 {
        out.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out
}

#[test]
fn every_corpus_csv_shows_its_headers_exactly_with_their_letters() {
    for (path, _) in CSVS {
        let header = csv_header(path);
        let doc = inspect_json(&[path]);
        assert_eq!(headers(&doc), header, "{path}");
        assert_eq!(doc["format"], "csv", "{path}");
        assert_eq!(doc["table"]["header_row"], 1, "{path}");
        assert_eq!(
            doc["table"]["columns"].as_array().map(Vec::len),
            Some(header.len())
        );
        let text = run(&["inspect", path]);
        assert_eq!(text.code, 0, "{}", text.stderr);
        for (i, h) in header.iter().enumerate() {
            let line = format!(
                "\n  {:<3} {}\n",
                letter(i),
                if h.is_empty() {
                    "(no header)".to_string()
                } else {
                    shown(h)
                }
            );
            assert!(
                text.stdout.contains(&line),
                "{path}: {line:?} in\n{}",
                text.stdout
            );
        }
    }
}

#[test]
fn the_ons_workbook_lists_its_sheets_and_reads_table_1_below_its_notes() {
    let fixture = ons::fixture();
    let path = fixture.to_str().expect("a UTF-8 path");
    let doc = inspect_json(&[path]);
    assert_eq!(doc["format"], "workbook");
    let sheets: Vec<(&str, bool, Option<u64>)> = doc["sheets"]
        .as_array()
        .expect("sheets")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("a name"),
                s["hidden"].as_bool().expect("hidden"),
                s["table"]["header_row"].as_u64(),
            )
        })
        .collect();
    assert_eq!(sheets.len(), 4, "{sheets:?}");
    assert_eq!(sheets[0], ("Cover sheet", false, None));
    assert_eq!(
        sheets[3],
        ("Table 1", false, Some(u64::from(ons::HEADER_ROW)))
    );
    let table = &doc["table"];
    assert_eq!(table["sheet"], "Table 1");
    assert_eq!(table["chosen"], "first");
    assert_eq!(table["header_row"], ons::HEADER_ROW);
    assert_eq!(table["rows"], ons::AREAS.len());
    assert_eq!(headers(&doc), ons::headers());
    let text = run(&["inspect", path]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("  Table 1      header on row 9, 6 rows x 17 columns\n"),
        "{}",
        text.stdout
    );
    for (i, h) in ons::headers().iter().enumerate() {
        let line = format!("\n  {:<3} {}\n", letter(i), shown(h));
        assert!(text.stdout.contains(&line), "{line:?} in\n{}", text.stdout);
    }
    assert!(
        text.stdout
            .contains("  A   Area code \\n[note 6]\\n[note 19]\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn the_ofsted_workbook_reads_its_first_data_sheet_or_the_one_named() {
    let doc = inspect_json(&[OFSTED]);
    let names: Vec<&str> = doc["sheets"]
        .as_array()
        .expect("sheets")
        .iter()
        .map(|s| s["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        names,
        [
            "Cover",
            "Contents",
            "Notes",
            "Inspections_as_at_31_March",
            "In-year_inspections",
            "ILACS_inspection_history"
        ]
    );
    assert_eq!(
        doc["sheets"][2]["table"],
        Value::Null,
        "notes are one column"
    );
    // The cover and contents hold two-column tables, but are no data.
    assert_eq!(doc["table"]["sheet"], "Inspections_as_at_31_March");
    assert_eq!(doc["table"]["header_row"], 3);
    let named = inspect_json(&[OFSTED, "--sheet", "ilacs_inspection_history"]);
    assert_eq!(named["table"]["sheet"], "ILACS_inspection_history");
    assert_eq!(named["table"]["chosen"], "named");
    assert_eq!(named["table"]["rows"], 271);
    let header = headers(&named);
    assert_eq!(header[0], "Web link");
    assert_eq!(header[8], "Overall effectiveness");
    assert_eq!(header.len(), 13);
    let judgement = &named["table"]["columns"][8];
    assert_eq!(judgement["letter"], "I");
    assert_eq!(judgement["kind"], "text");
    assert_eq!(named["table"]["columns"][5]["kind"], "dates");
}

/// The suggested source of `file` (inspected with `args`), pasted into a
/// plan in a temp folder beside a copy of the file, for `area`, with an
/// indicator for each id the source names (`indicator` adds to each).
fn plan_from_suggestion(
    file: &Path,
    args: &[&str],
    area: &str,
    indicator: &str,
) -> tempfile::TempDir {
    let mut all = vec!["inspect", file.to_str().expect("a UTF-8 path")];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let stanza = doc["stanza"].as_str().expect("a stanza").to_string();
    let parsed: toml::Table = stanza.parse().expect("the stanza is TOML");
    let source = parsed["measurements"]["source"][0]
        .as_table()
        .expect("a source");
    let ids: Vec<String> = match (source.get("ids"), source.get("indicator")) {
        (Some(ids), _) => ids
            .as_table()
            .expect("ids")
            .values()
            .map(|v| v.as_str().expect("an id").to_string())
            .collect(),
        (None, Some(id)) => vec![id.as_str().expect("an id").to_string()],
        (None, None) => panic!("the stanza names no indicator:\n{stanza}"),
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let name = file.file_name().expect("a file name");
    std::fs::copy(file, dir.path().join(name)).expect("copy the file");
    let mut plan = format!(
        "[plan]\ntitle = \"Inspected\"\narea = \"{area}\"\n\n{stanza}\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n"
    );
    for id in ids {
        plan.push_str(&format!(
            "\n[[indicator]]\nid = \"{id}\"\npriority = \"p\"\ntitle = \"I\"\n{indicator}"
        ));
    }
    std::fs::write(dir.path().join("cfp.toml"), plan).expect("write the plan");
    dir
}

fn loads_clean(dir: &Path, what: &str) {
    let out = run_in(dir, &["check"]);
    let plan = std::fs::read_to_string(dir.join("cfp.toml")).unwrap_or_default();
    assert_eq!(out.code, 0, "{what}:\n{plan}\n{}", out.stderr);
    assert!(!out.stderr.contains("error"), "{what}: {}", out.stderr);
    assert!(
        !out.stdout.contains(": 0 figures"),
        "{what} keeps no figure:\n{plan}\n{}",
        out.stdout
    );
}

#[test]
fn every_corpus_csvs_suggested_source_loads_clean() {
    for (path, area) in CSVS {
        let dir = plan_from_suggestion(&root().join(path), &[], area, "");
        loads_clean(dir.path(), path);
    }
}

#[test]
fn the_workbooks_suggested_sources_load_clean() {
    let dir = plan_from_suggestion(&ons::fixture(), &[], "Leicestershire", "");
    loads_clean(dir.path(), "the ONS table");
    let plan = std::fs::read_to_string(dir.path().join("cfp.toml")).expect("the plan");
    // One source reads every year's block of the wide table.
    assert!(
        plan.contains("melt.value = \"{period} Current smokers %\""),
        "{plan}"
    );
    let check = run_in(dir.path(), &["check"]);
    assert!(
        check.stdout.contains("18 rows read from 1 file: 3 figures"),
        "{}",
        check.stdout
    );
    let grade = "unit = \"grade\"\nscale = [\"Inadequate\", \"Requires improvement to be good\", \
                 \"Good\", \"Outstanding\"]\n";
    for args in [vec![], vec!["--sheet", "ILACS_inspection_history"]] {
        let dir = plan_from_suggestion(&root().join(OFSTED), &args, "Leicestershire", grade);
        loads_clean(dir.path(), &format!("Ofsted {args:?}"));
    }
}

#[test]
fn a_gzipped_csv_is_inspected_as_the_csv_inside_it() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("figures.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"\xEF\xBB\xBFid,period,area,value\r\nsmoking,2023/24,Leicestershire,11.2\r\nsmoking,2024/25,Leicestershire,[x]\r\n")
        .expect("compressed");
    std::fs::write(&path, gz.finish().expect("compressed")).expect("written");
    let out = run_in(
        dir.path(),
        &["inspect", "figures.csv.gz", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["format"], "gzipped csv");
    assert_eq!(headers(&doc), ["id", "period", "area", "value"]);
    assert_eq!(doc["table"]["rows"], 2);
    assert_eq!(doc["table"]["columns"][1]["kind"], "periods");
    assert_eq!(doc["table"]["columns"][3]["kind"], "numbers");
    assert_eq!(doc["table"]["columns"][3]["special"][0], "[x]");
    // cfp's own columns need no mapping: the stanza names none.
    let stanza = doc["stanza"].as_str().expect("a stanza");
    assert!(stanza.contains("files = [\"figures.csv.gz\"]"), "{stanza}");
    assert!(!stanza.contains("indicator ="), "{stanza}");
    assert!(!stanza.contains("columns"), "{stanza}");
}

#[test]
fn hostile_and_broken_files_are_messages_never_crashes() {
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in ["tests/fixtures/hostile", "tests/errors"] {
        for entry in walk(&root().join(folder)) {
            let name = entry.to_string_lossy().to_lowercase();
            if [".csv", ".gz", ".xlsx", ".xls", ".ods", ".xlsm"]
                .iter()
                .any(|e| name.ends_with(e))
            {
                files.push(entry);
            }
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let out = run(&["inspect", file.to_str().expect("UTF-8")]);
        assert!(
            matches!(out.code, 0 | 2),
            "{}: {}",
            file.display(),
            out.stderr
        );
        assert!(
            !out.stderr.contains("panicked"),
            "{}: {}",
            file.display(),
            out.stderr
        );
        if out.code == 2 {
            assert!(
                out.stderr.starts_with("cfp: error: cannot inspect "),
                "{}: {}",
                file.display(),
                out.stderr
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn json_gives_the_sheets_columns_values_and_stanza() {
    let doc = inspect_json(&[
        "tests/corpus/fingertips/campylobacter-93356-ragged.csv",
        "--values",
        "2",
    ]);
    assert_eq!(doc["schema_version"], 2);
    assert_eq!(doc["sheets"], Value::Array(Vec::new()));
    let table = &doc["table"];
    assert_eq!(table["sheet"], Value::Null);
    assert_eq!(table["chosen"], "only");
    assert_eq!(table["rows"], 852);
    assert_eq!(table["short_rows"], 852);
    assert_eq!(table["long_rows"], 0);
    assert_eq!(table["columns"].as_array().map(Vec::len), Some(26));
    let age = &table["columns"][8];
    assert_eq!(age["letter"], "I");
    assert_eq!(age["header"], "Age");
    assert_eq!(age["kind"], "text");
    assert_eq!(
        age["values"],
        serde_json::json!([{ "value": "All ages", "count": 546 }, { "value": "0-9 yrs", "count": 306 }])
    );
    let period = &table["columns"][11];
    assert_eq!(period["kind"], "periods");
    let value = &table["columns"][12];
    assert_eq!(value["kind"], "numbers");
    assert_eq!(value["values"].as_array().map(Vec::len), Some(2));
    let stanza = doc["stanza"].as_str().expect("a stanza");
    assert!(stanza.contains("preset = \"fingertips\""), "{stanza}");
    assert!(
        stanza.contains("where = { Age = \"All ages\" }"),
        "{stanza}"
    );
}

#[test]
fn it_needs_no_plan_and_takes_none() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        dir.path().join("f.csv"),
        "Area,Year,Value\nRutland,2024,3\n",
    )
    .expect("written");
    let out = run_in(dir.path(), &["inspect", "f.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("f.csv: CSV, header on line 1, 1 row x 3 columns\n"),
        "{}",
        out.stdout
    );
    let out = run_in(dir.path(), &["inspect", "f.csv", "--format", "csv"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("cfp inspect writes table, json, not csv"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_inputs_are_told_by_file_and_exit_2() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let d = dir.path();
    std::fs::write(d.join("picture.csv"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("written");
    std::fs::write(d.join("utf16.csv"), b"\xFF\xFEa\0,\0b\0").expect("written");
    std::fs::write(d.join("fake.xlsx"), "id,period\n").expect("written");
    std::fs::write(d.join("empty.csv"), "").expect("written");
    std::fs::create_dir(d.join("folder.csv")).expect("a folder");
    std::fs::write(d.join("long.csv"), "a,b\n1,2,3\n4,5,\n6\n").expect("written");
    let out = run_in(d, &["inspect", "long.csv", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        (&doc["table"]["short_rows"], &doc["table"]["long_rows"]),
        (&Value::from(1), &Value::from(1))
    );
    std::fs::write(d.join("figures.txt"), "id,value\nx,1\n").expect("written");
    let out = run_in(d, &["inspect", "figures.txt", "-o", "figures.txt"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(
        std::fs::read_to_string(d.join("figures.txt")).expect("kept"),
        "id,value\nx,1\n"
    );
    std::fs::write(d.join("one-line.csv"), "x,".repeat(40_000)).expect("written");
    let out = run_in(d, &["inspect", "one-line.csv"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("the header row is longer than 64 KiB"),
        "{}",
        out.stderr
    );
    let cases: [(&[&str], &str); 7] = [
        (
            &["inspect", "missing.csv"],
            "cannot inspect missing.csv: cannot read it",
        ),
        (
            &["inspect", "picture.csv"],
            "cannot inspect picture.csv: not a CSV text file: binary data (a zero byte) at byte 8",
        ),
        (
            &["inspect", "utf16.csv"],
            "cannot inspect utf16.csv: not a CSV file: UTF-16 text",
        ),
        (
            &["inspect", "fake.xlsx"],
            "cannot inspect fake.xlsx: it is not a workbook cfp can read",
        ),
        (
            &["inspect", "empty.csv"],
            "cannot inspect empty.csv: the file is empty",
        ),
        (
            &["inspect", "folder.csv"],
            "cannot inspect folder.csv: it is a folder, not a file",
        ),
        (
            &["inspect", "picture.csv", "--sheet", "Table 1"],
            "cannot inspect picture.csv: it is a CSV file, which has no sheets",
        ),
    ];
    for (args, said) in cases {
        let out = run_in(d, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(
            out.stderr.starts_with(&format!("cfp: error: {said}")),
            "{args:?}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

#[test]
fn an_unknown_sheet_names_the_sheets_nearest_first() {
    let out = run(&["inspect", OFSTED, "--sheet", "ILACS history"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(
        out.stderr,
        format!(
            "cfp: error: cannot inspect {OFSTED}: it has no sheet named `ILACS history`\n  \
             = help: its sheets, nearest first: `ILACS_inspection_history`, \
             `Inspections_as_at_31_March`, `In-year_inspections`, `Cover`, `Notes`, `Contents`\n"
        )
    );
    let out = run(&["inspect", OFSTED, "--sheet", "Notes"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("it holds no table cfp can find"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("the sheets with a table are: Cover, Contents, Inspections_as_at_31_March"),
        "{}",
        out.stderr
    );
}

fn snapshot_text(path: &str) -> String {
    let out = super::cfp()
        .env("COLUMNS", "80")
        .args(["inspect", path])
        .output()
        .expect("cfp runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_ons_workbook_as_text() {
    let fixture: PathBuf = ons::fixture();
    let relative = fixture
        .strip_prefix(root())
        .expect("under the root")
        .to_str()
        .expect("UTF-8")
        .to_string();
    insta::assert_snapshot!(snapshot_text(&relative));
}

#[test]
fn a_fingertips_export_as_text() {
    insta::assert_snapshot!(snapshot_text(
        "tests/corpus/fingertips/opiate-users-not-in-treatment.csv"
    ));
}

/// A workbook with a hidden first sheet holding a table, a chart-less
/// empty sheet, and the figures' table starting in column B under a
/// title, with a value with a line break.
fn offset_workbook(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let old = book.add_worksheet();
    old.set_name("old").expect("name");
    for (c, h) in ["id", "period", "value"].iter().enumerate() {
        old.write_string(0, c as u16, *h).expect("header");
    }
    old.write_string(1, 0, "i").expect("cell");
    old.set_hidden(true);
    let empty = book.add_worksheet();
    empty.set_name("blank").expect("name");
    let figures = book.add_worksheet();
    figures.set_name("figures").expect("name");
    figures
        .write_string(0, 0, "Figures, a title")
        .expect("title");
    for (c, h) in ["Area name", "Year", "Rate\nper 1,000"].iter().enumerate() {
        figures.write_string(2, 1 + c as u16, *h).expect("header");
    }
    figures
        .write_string(3, 1, "Rutland\nand more")
        .expect("cell");
    figures.write_string(3, 2, "2024/25").expect("cell");
    figures.write_number(3, 3, 1.5).expect("cell");
    figures.set_active(true);
    book.save(path).expect("saved");
}

#[test]
fn a_hidden_sheet_is_said_and_passed_over_and_letters_are_the_sheets_own() {
    let dir = tempfile::tempdir().expect("a temp dir");
    offset_workbook(&dir.path().join("m.xlsx"));
    let out = run_in(dir.path(), &["inspect", "m.xlsx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with(
            "m.xlsx: a workbook of 3 sheets\n  old (hidden)  header on row 1, 1 row x 3 columns\n  \
             blank         no table\n  figures       header on row 3, 1 row x 3 columns\n\n\
             Sheet figures: header on row 3, 1 row x 3 columns\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("\n  B   Area name\n      text: Rutland\\nand more (1)\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("\n  D   Rate\\nper 1,000\n      numbers: 1.5 (1)\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "columns = { area = \"Area name\", period = \"Year\", value = \"Rate per 1,000\" }"
        ),
        "{}",
        out.stdout
    );
    let named = run_in(
        dir.path(),
        &["inspect", "m.xlsx", "--sheet", "OLD", "--format", "json"],
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    let doc: Value = serde_json::from_str(&named.stdout).expect("JSON");
    assert_eq!(doc["sheets"][0]["hidden"], true);
    assert_eq!(doc["table"]["sheet"], "old");
    assert_eq!(doc["table"]["chosen"], "named");
    let blank = run_in(dir.path(), &["inspect", "m.xlsx", "--sheet", "blank"]);
    assert_eq!(blank.code, 2, "{}", blank.stdout);
    assert!(
        blank
            .stderr
            .contains("the sheets with a table are: old, figures"),
        "{}",
        blank.stderr
    );
}

#[test]
fn a_download_of_two_fingertips_indicators_names_each_and_loads_clean() {
    let read = |name: &str| {
        std::fs::read_to_string(root().join("tests/corpus/fingertips").join(name))
            .expect("the corpus file")
    };
    let drinkers = read("dependent-drinkers-not-in-treatment-93532.csv");
    let opiates = read("opiate-users-not-in-treatment.csv");
    // One header (the two exports share it), then both files' rows.
    let both = format!(
        "{drinkers}{}",
        opiates.split_once('\n').map_or("", |(_, rows)| rows)
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("treatment.csv");
    std::fs::write(&file, both).expect("written");
    let plan = plan_from_suggestion(&file, &[], "Hartlepool", "");
    let toml = std::fs::read_to_string(plan.path().join("cfp.toml")).expect("the plan");
    assert!(
        toml.contains("\"93532\" = \"proportion-of-dependent-drinkers-not-in\""),
        "{toml}"
    );
    assert!(
        toml.contains("\"93517\" = \"proportion-of-opiates-and-or-crack\""),
        "{toml}"
    );
    loads_clean(plan.path(), "two indicators");
    let out = run_in(plan.path(), &["check"]);
    assert!(out.stdout.contains("2 indicators"), "{}", out.stdout);
}
