//! Real files as publishers ship them (tests/corpus, never edited), read
//! through presets and source keys; and the ways such files used to be
//! misread without a word.

use super::{run, Edit, Fixture};

fn status(plan: &str, as_of: &str) -> Vec<super::Row> {
    super::status_rows(plan, as_of)
}

fn row<'a>(rows: &'a [super::Row], id: &str) -> &'a super::Row {
    super::row_of(rows, id)
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON")
}

const EES: &str = "tests/fixtures/publishers/ees";
const FINGERTIPS: &str = "tests/fixtures/publishers/fingertips";
const TRAFFORD: &str = "tests/fixtures/publishers/trafford";

#[test]
fn a_wide_ees_file_is_read_by_one_source_per_measure() {
    let rows = status(EES, "2026-01-01");
    let rate = row(&rows, "cla-rate");
    // Leicestershire, reporting year 2025 (the year to 31 March 2025).
    assert_eq!(rate["period"], "year ending Mar 2025");
    assert_eq!(rate["value"], "47");
    // England's figure of the same file and the same source: 67 per 10,000,
    // and East Midlands' from the regional rows.
    assert!(
        rate["benchmark"]
            == "better than England (67); better than East Midlands (62); \
                Local authority areas: 27th of 151 (quartile 1; mean 73.2)",
        "{}",
        rate["benchmark"]
    );
    let starting = row(&rows, "cla-starting");
    assert_eq!(starting["value"], "299");
    // A count of children is not compared with England's (SPEC 3a).
    assert_eq!(starting["benchmark"], "not compared (a count)");
    let check = run(&["check", "--plan", EES]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // National and regional rows have an empty `la_name`: their area comes
    // from `geographic_level`, never taken as the plan's own.
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

#[test]
fn ees_figures_arrive_when_published_not_when_their_year_ends() {
    // The year to 31 March 2025 is published 8 months later (the lag).
    let before = status(EES, "2025-09-25");
    assert_eq!(row(&before, "cla-rate")["period"], "year ending Mar 2024");
    assert_eq!(
        row(&before, "cla-starting")["period"],
        "year ending Mar 2024"
    );
    let after = status(EES, "2025-11-30");
    assert_eq!(row(&after, "cla-rate")["period"], "year ending Mar 2025");
    let diff = run(&[
        "diff",
        "--plan",
        EES,
        "--since",
        "2025-09-25",
        "--as-of",
        "2025-12-01",
        "--format",
        "csv",
    ]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(
        diff.stdout.contains("cla-rate") && diff.stdout.contains("year ending Mar 2025"),
        "{}",
        diff.stdout
    );
}

#[test]
fn fingertips_exports_load_through_the_preset_in_both_header_styles() {
    let rows = status(FINGERTIPS, "2022-06-01");
    // R's export (`Area.Name`, `Time.period`, an unnamed index column).
    let air = row(&rows, "air-old");
    assert_eq!(air["period"], "2019");
    assert_eq!(air["value"], "5.332805953");
    assert_eq!(
        air["benchmark"],
        "above England (5.13%), not tested; County & UA areas: 90th of 151 (quartile 3; mean 5.16%)"
    );
    let new = row(&rows, "air");
    assert_eq!(new["value"], "5.26706468519171");
    // Leicestershire's 2020 figure is the 57th lowest of the 150 `County`
    // and `UA` rows for 2020 (recomputed from the file with Python's csv
    // module; the others' mean 5.679).
    assert_eq!(
        new["benchmark"],
        "below England (5.64%), not tested; County & UA areas: 57th of 150 (quartile 2; mean 5.68%)"
    );
    // Fingertips' own headers: England's figure is read as the comparator.
    let doc = json(&[
        "show",
        "drinkers",
        "--plan",
        FINGERTIPS,
        "--as-of",
        "2022-06-01",
        "--format",
        "json",
    ]);
    let text = doc.to_string();
    assert!(text.contains("81.87656332"), "{text}");
    let doc = json(&[
        "show",
        "opiates",
        "--plan",
        FINGERTIPS,
        "--as-of",
        "2022-06-01",
        "--format",
        "json",
    ]);
    let text = doc.to_string();
    assert!(
        text.contains("52.10317309") && text.contains("52.14774596"),
        "{text}"
    );
}

#[test]
fn a_ragged_fingertips_export_is_read_with_its_short_rows_counted() {
    let check = run(&["check", "--plan", TRAFFORD]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("852 rows short of the header, read with the missing cells empty"),
        "{}",
        check.stdout
    );
    // No lag: a calendar year's figure counts from 31 December.
    let rows = status(TRAFFORD, "2017-12-30");
    assert_eq!(row(&rows, "campylobacter")["period"], "2016");
    let rows = status(TRAFFORD, "2018-12-01");
    let c = row(&rows, "campylobacter");
    assert_eq!(c["period"], "2017");
    assert_eq!(c["value"], "29.8287404175171");
    // 29.8 (23.3 to 37.7) against England's 96.6: better, tested by Byars.
    assert_eq!(
        c["benchmark"],
        "better than England (96.6); County & UA areas: 6th of 150 (quartile 1; mean 95.5)"
    );
}

#[test]
fn publication_timing_by_lag_hides_a_figure_until_it_is_out() {
    let before = status(FINGERTIPS, "2020-11-29");
    assert_eq!(row(&before, "air-old")["period"], "2018");
    let after = status(FINGERTIPS, "2020-11-30");
    assert_eq!(row(&after, "air-old")["period"], "2019");
}

const PLAN: &str = "[plan]\ntitle = \"T\"\narea = \"Trafford\"\ncomparators = [\"England\"]\n\
    [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
    [[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"percent\"\npolarity = \"higher\"\ncadence = \"annual\"\n";

#[test]
fn a_missing_sex_filter_names_the_column_that_differs_and_the_where_to_add() {
    let f = Fixture::new(&format!(
        "{PLAN}[[measurements.source]]\nfiles = [\"f.csv\"]\npreset = \"fingertips\"\nindicator = \"i\"\n"
    ))
    .file(
        "f.csv",
        "Indicator ID,Area Name,Area Code,Sex,Age,Category Type,Time period,Value\n\
         1,Trafford,E08000009,Persons,All ages,,2024,50\n\
         1,Trafford,E08000009,Male,All ages,,2024,48\n\
         1,Trafford,E08000009,Female,All ages,,2024,52\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("the rows differ in Sex: Persons vs Male"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("where = { \"Sex\" = \"Persons\" }"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_where_value_no_row_holds_is_a_warning_listing_the_values_seen() {
    let f = Fixture::new(&format!(
        "{PLAN}[[measurements.source]]\nfiles = [\"f.csv\"]\npreset = \"fingertips\"\nindicator = \"i\"\nwhere = {{ Sex = \"Person\" }}\n"
    ))
    .file(
        "f.csv",
        "Indicator ID,Area Name,Sex,Category Type,Time period,Value\n\
         1,Trafford,Persons,,2024,50\n1,Trafford,Male,,2024,48\n1,Trafford,Female,,2024,52\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("`Sex = \"Person\"`: no row of")
            && out.stderr.contains("seen Persons, Male, Female"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("cfp.toml:"), "{}", out.stderr);
}

#[test]
fn an_empty_area_cell_in_a_mapped_source_is_skipped_and_counted() {
    let f = Fixture::new(&format!(
        "{PLAN}[[measurements.source]]\nfiles = [\"f.csv\"]\nindicator = \"i\"\n\
         columns = {{ area = \"la_name\", period = \"year\", value = \"pct\" }}\n"
    ))
    .file("f.csv", "year,la_name,pct\n2024,Trafford,50\n2024,,61\n");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("1 with an empty area cell"),
        "{}",
        out.stdout
    );
    let status = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert!(status.stdout.contains(",50,"), "{}", status.stdout);
}

#[test]
fn an_unquoted_comma_in_a_note_is_an_error_at_its_line_never_a_dropped_row() {
    let f = Fixture::new(&format!("{PLAN}[measurements]\nfiles = [\"f.csv\"]\n")).file(
        "f.csv",
        "id,period,value,note,area\ni,2023,40,fine,Trafford\ni,2024,50,a note, with a comma,Trafford\ni,2025,60,,\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("f.csv:3:1: this row has 6 fields but the header has 5"),
        "{}",
        out.stderr
    );
    // One field too few (its empty area cell left out) is refused too.
    let f = Fixture::new(&format!("{PLAN}[measurements]\nfiles = [\"f.csv\"]\n"))
        .file("f.csv", "id,period,value,note,area\ni,2024,50,x\n");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("this row has 4 fields but the header has 5"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_quarter_among_years_is_an_error_naming_both_rows() {
    let f = Fixture::new(&format!("{PLAN}[measurements]\nfiles = [\"f.csv\"]\n"))
        .file("f.csv", "id,period,value\ni,2023,40\ni,2024 Q1,50\n");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("mixes periods of different kinds: 2023 (year)")
            && out.stderr.contains("2024 Q1 (quarter)"),
        "{}",
        out.stderr
    );
}

#[test]
fn ids_map_a_files_ids_and_count_the_rest() {
    let f = Fixture::new(&format!(
        "{PLAN}[[measurements.source]]\nfiles = [\"f.csv\"]\nids = {{ \"90284\" = \"i\" }}\n\
         columns = {{ id = \"Indicator\" }}\n"
    ))
    .file(
        "f.csv",
        "Indicator,period,value\n90284,2024,50\n11111,2024,7\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("1 for ids no `ids` lists"),
        "{}",
        out.stdout
    );
    let status = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert!(status.stdout.contains(",50,"), "{}", status.stdout);
}

#[test]
fn a_source_period_and_published_date_stand_for_missing_columns() {
    let f = Fixture::new(&format!(
        "{PLAN}[[measurements.source]]\nfiles = [\"outturn.csv\"]\nindicator = \"i\"\nperiod = \"2024/25\"\n\
         published = 2025-12-11\n"
    ))
    .file("outturn.csv", "area,value\nTrafford,61\nEngland,58\n");
    let out = f.run(&["status", "--as-of", "2025-12-10", "--format", "csv"]);
    assert!(out.stdout.contains("no data"), "{}", out.stdout);
    let out = f.run(&["status", "--as-of", "2025-12-11", "--format", "csv"]);
    assert!(
        out.stdout.contains(",2024/25,61,")
            && out.stdout.contains("above England (58%), not tested"),
        "{}",
        out.stdout
    );
}

#[test]
fn area_codes_match_areas_whatever_their_names() {
    let plan = PLAN.edit(
        "comparators = [\"England\"]\n",
        "comparators = [\"England\"]\ncodes = { Trafford = \"E08000009\" }\n",
    );
    let f = Fixture::new(&format!(
        "{plan}[[measurements.source]]\nfiles = [\"f.csv\"]\nindicator = \"i\"\n\
         columns = {{ area = \"Name\", area_code = \"Code\" }}\n"
    ))
    .file(
        "f.csv",
        "Name,Code,period,value\nTrafford MBC,E08000009,2024,50\nEngland,E92000001,2024,40\n",
    );
    let out = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(",2024,50,") && out.stdout.contains("above England (40%), not tested"),
        "{}",
        out.stdout
    );
}

#[test]
fn gzipped_csv_reads_as_csv() {
    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"id,period,value\ni,2023,40\ni,2024,50\n")
        .expect("compress");
    let bytes = gz.finish().expect("compress");
    let f = Fixture::new(&format!("{PLAN}[measurements]\nfiles = [\"f.csv.gz\"]\n"))
        .file("f.csv.gz", bytes);
    let out = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(",2024,50,"), "{}", out.stdout);
}

#[test]
fn record_refuses_what_the_loader_would_skip_or_refuse_and_starts_a_new_file() {
    let f = Fixture::new(&format!(
        "{PLAN}[[measurements.source]]\nfiles = [\"m/*.csv\"]\nwhere = {{ sex = \"all\" }}\n"
    ))
    .file(
        "m/a.csv",
        "id,period,value,numerator,denominator,sex\ni,2023,40,,,all\n",
    );
    // The file's `where` would leave this row out (its sex cell is empty).
    let out = f.run(&["record", "i", "2024", "50"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("keeps only rows with sex = \"all\""),
        "{}",
        out.stderr
    );
    let f = Fixture::new(&format!("{PLAN}[measurements]\nfiles = [\"m/*.csv\"]\n")).file(
        "m/a.csv",
        "id,period,value,numerator,denominator\ni,2023,40,,\n",
    );
    // 90 of 60 is no percentage: refused with the loader's message.
    let out = f.run(&[
        "record",
        "i",
        "2024",
        "150",
        "--numerator",
        "90",
        "--denominator",
        "60",
    ]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("the numerator 90 is larger than the denominator 60"),
        "{}",
        out.stderr
    );
    // A quarter into an annual series.
    let out = f.run(&["record", "i", "2024 Q1", "50"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("mixes periods of different kinds"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(f.path().join("m/a.csv")).expect("csv"),
        "id,period,value,numerator,denominator\ni,2023,40,,\n"
    );
    // A new file the plan reads starts with cfp's header.
    let out = f.run(&["record", "i", "2024", "50", "--file", "m/new.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(f.path().join("m/new.csv")).expect("csv"),
        "id,period,value,area,numerator,denominator,published,status,note,\
         action,cause,owner,revised_due\ni,2024,50,,,,,,,,,,\n"
    );
    // A file the plan does not read would be a row never seen.
    let out = f.run(&["record", "i", "2025", "50", "--file", "elsewhere.csv"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("the plan does not read"),
        "{}",
        out.stderr
    );
    assert!(!f.path().join("elsewhere.csv").exists());
}

const OFSTED: &str = "tests/fixtures/publishers/ofsted";

#[test]
fn an_ofsted_workbook_is_read_below_its_title_as_a_graded_judgement() {
    let check = run(&["check", "--plan", OFSTED]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("271 rows read from 1 file: 2 figures"),
        "{}",
        check.stdout
    );
    // Inspected 23 Sep 2019, published 4 Nov 2019: not known the day before.
    let none = status(OFSTED, "2019-11-03");
    assert_eq!(row(&none, "ilacs")["status"], "no data");
    let ri = status(OFSTED, "2019-11-04");
    let ri = row(&ri, "ilacs");
    assert_eq!(
        (ri["rag"].as_str(), ri["status"].as_str()),
        ("red", "off target")
    );
    assert_eq!(ri["value"], "Requires improvement to be good");
    assert_eq!(ri["period"], "2019-09-23");
    // Inspected 22 Apr 2024, published 12 Jul 2024.
    let before = status(OFSTED, "2024-07-11");
    assert_eq!(
        row(&before, "ilacs")["value"],
        "Requires improvement to be good"
    );
    let out = status(OFSTED, "2024-07-12");
    let out = row(&out, "ilacs");
    assert_eq!(
        (out["rag"].as_str(), out["status"].as_str()),
        ("green", "met")
    );
    assert_eq!(out["value"], "Outstanding");
    assert_eq!(
        out["trend"],
        "a better grade than Requires improvement to be good (inspected 2019-09-23)"
    );
    assert_eq!(out["flags"], "");
}

#[test]
fn a_problem_in_a_workbook_is_located_by_sheet_and_cell() {
    let plan = std::fs::read_to_string(cfp_path(OFSTED).join("cfp.toml")).expect("plan");
    let plan = plan
        .edit(
            "../../../corpus",
            &cfp_path("tests/corpus").display().to_string(),
        )
        .edit("\"Outstanding\"]", "\"Excellent\"]");
    let f = Fixture::new(&plan);
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(
            "LA_Inspection_Outcomes_as_at_31_March_2025.ods, sheet ILACS_inspection_history, cell I138: "
        ),
        "{}",
        out.stderr
    );
    // A sheet that is not there names the ones that are.
    let f = Fixture::new(&plan.edit("ILACS_inspection_history", "ILACS"));
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("ILACS_inspection_history"),
        "{}",
        out.stderr
    );
}

fn cfp_path(rel: &str) -> std::path::PathBuf {
    super::root().join(rel)
}

/// Every corpus file cut short at forty places (a spreadsheet at ten): each
/// is read to an answer or a located error, never a panic. The fuzz
/// targets (`fuzz/`) cut and mangle far more; this keeps the real files'
/// shapes in every test run at a few seconds' cost.
#[test]
fn no_corpus_file_cut_short_anywhere_panics() {
    let plans = [EES, FINGERTIPS, TRAFFORD, OFSTED];
    let dir = tempfile::tempdir().expect("temp dir");
    for plan in plans {
        let text = std::fs::read_to_string(cfp_path(plan).join("cfp.toml")).expect("plan");
        let corpus = cfp_path("tests/corpus");
        for entry in walk(&corpus) {
            let name = entry.strip_prefix(&corpus).expect("under corpus");
            let pattern = format!("../../../corpus/{}", name.display());
            let globbed = text.contains("mortality-air-pollution-*.csv")
                && name.to_string_lossy().contains("mortality-air-pollution");
            if !(text.contains(&pattern) || globbed) {
                continue;
            }
            let bytes = std::fs::read(&entry).expect("corpus file");
            let cut_dir = dir.path().join("cut");
            let copy = cut_dir.join(name);
            std::fs::create_dir_all(copy.parent().expect("parent")).expect("dirs");
            let plan_text = text.edit("../../../corpus", &cut_dir.display().to_string());
            std::fs::write(dir.path().join("cfp.toml"), &plan_text).expect("plan");
            let n = bytes.len();
            let cuts = if entry.extension().is_some_and(|e| e == "ods") {
                10
            } else {
                40
            };
            for k in 0..cuts {
                let at = (n as u64 * k / cuts) as usize + k as usize % 7;
                std::fs::write(&copy, &bytes[..at.min(n)]).expect("cut");
                let (plan, _) =
                    cfp::plan::load_file(&dir.path().join("cfp.toml")).expect("plan loads");
                // An answer or located problems; a panic fails the test.
                let reading = cfp::measure::read(&plan);
                for d in &reading.diagnostics.items {
                    assert!(!d.message.is_empty());
                }
            }
            std::fs::write(&copy, &bytes).expect("restore");
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_none_or(|x| x != "md") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn bad_source_keys_are_located_errors_all_at_once() {
    let plan = PLAN.edit(
        "comparators = [\"England\"]\n",
        "comparators = [\"England\"]\ncodes = { Trafford = \"E08000009\", England = \"E08000009\" }\n",
    );
    let f = Fixture::new(&format!(
        "{plan}[[measurements.source]]\nfiles = [\"a.csv\"]\npreset = \"fingertip\"\nindicator = \"nope\"\n\
         period = \"sometime\"\npublished = \"soon\"\nlag = \"a while\"\nheader_row = 0\nfill_down = [\"region\"]\n\
         [[measurements.source]]\nfiles = [\"b.csv\"]\nindicator = \"i\"\nids = {{ \"1\" = \"p\" }}\n"
    ))
    .file("a.csv", "id,period,value\n")
    .file("b.csv", "id,period,value\n");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    for expected in [
        "unknown preset `fingertip`",
        "`indicator` names `nope`, which the plan does not define",
        "cannot read period `sometime`",
        "`published` must be a date",
        "a while",
        "`header_row` is a row number as the spreadsheet shows it, from 1",
        "`fill_down` names `region`, which is not one of cfp's columns",
        "either `indicator` (every row is one id) or `ids`",
        "`ids` names the priority `p`, and priorities take no measurements",
        "`E08000009` is the code of both",
    ] {
        assert!(out.stderr.contains(expected), "{expected}: {}", out.stderr);
    }
    // Every one of them points into cfp.toml.
    let located = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("cfp: error[") && l.contains("cfp.toml:"))
        .count();
    assert!(located >= 10, "{}", out.stderr);
}

#[test]
fn an_indicator_on_a_wider_footprint_reads_that_areas_rows_as_its_own() {
    let f = Fixture::new(
        "[plan]\ntitle = \"T\"\narea = \"Leicestershire\"\ncomparators = [\"England\"]\n\
         [measurements]\nfiles = [\"m.csv\"]\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
         [[indicator]]\nid = \"wide\"\npriority = \"p\"\ntitle = \"W\"\nunit = \"percent\"\npolarity = \"higher\"\n\
         area = \"Leicester, Leicestershire and Rutland\"\n\
         [[indicator]]\nid = \"own\"\npriority = \"p\"\ntitle = \"O\"\nunit = \"percent\"\npolarity = \"higher\"\n",
    )
    .file(
        "m.csv",
        "id,area,period,value\n\
         wide,\"Leicester, Leicestershire and Rutland\",2024,61\n\
         wide,Leicestershire,2024,70\n\
         wide,England,2024,58\n\
         own,Leicestershire,2024,40\n\
         own,\"Leicester, Leicestershire and Rutland\",2024,99\n",
    );
    let check = f.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("skipped 2 for areas the plan does not track"),
        "{}",
        check.stdout
    );
    let out = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert!(
        out.stdout.contains(",2024,61,") && out.stdout.contains("above England"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(",2024,40,"), "{}", out.stdout);
    // A footprint cannot be a comparator.
    let f = Fixture::new(
        "[plan]\ntitle = \"T\"\narea = \"A\"\ncomparators = [\"England\"]\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
         [[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\narea = \"England\"\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("is one of the plan's comparators"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_publishers_file_read_without_its_preset_points_at_the_preset() {
    for (file, preset) in [
        ("ees/cla_number_and_rate_per_10k_children.csv", "ees"),
        ("fingertips/opiate-users-not-in-treatment.csv", "fingertips"),
    ] {
        let bytes = std::fs::read(super::root().join("tests/corpus").join(file)).expect("corpus");
        let f = Fixture::new(&format!("{PLAN}[measurements]\nfiles = [\"m.csv\"]\n"))
            .file("m.csv", bytes);
        let out = f.run(&["check"]);
        assert_eq!(out.code, 2);
        assert!(
            out.stderr
                .contains(&format!("read it with `preset = \"{preset}\"`")),
            "{}",
            out.stderr
        );
        // A byte-order mark is not part of the first header's name.
        assert!(!out.stderr.contains('\u{feff}'), "{}", out.stderr);
    }
}
