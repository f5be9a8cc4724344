//! Graded indicators (Ofsted, CQC): values are words of a scale, rated by
//! rank, printed as words everywhere.

use super::{parse_csv, Edit, Fixture, Run};

const PLAN: &str = r#"[plan]
title = "Grades"
area = "Testshire"
comparators = ["England"]

[measurements]
files = ["grades.csv"]

[[priority]]
id = "safe"
title = "Children are safe"

[[indicator]]
id = "ilacs"
priority = "safe"
title = "Ofsted ILACS: overall effectiveness"
unit = "grade"
scale = ["Inadequate", "Requires improvement to be good", "Good", "Outstanding"]
target = { value = "Good" }
"#;

const CSV: &str = "id,period,value\n\
ilacs,2019-09-23,Requires improvement to be good\n\
ilacs,2024-04-22,Outstanding\n";

fn fixture() -> Fixture {
    Fixture::new(PLAN).file("grades.csv", CSV)
}

fn ok(run: Run) -> String {
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The row of `cfp status --format csv` as of a date, by column name.
fn csv_row(f: &Fixture, as_of: &str) -> impl Fn(&str) -> String {
    let (header, rows) = parse_csv(&ok(f.run(&["status", "--as-of", as_of, "--format", "csv"])));
    let row = rows.into_iter().next().expect("one row");
    move |name: &str| {
        let i = header.iter().position(|h| h == name).expect("a column");
        row[i].clone()
    }
}

#[test]
fn below_the_target_grade_is_red_off_target_in_words() {
    let f = fixture();
    let cell = csv_row(&f, "2020-01-01");
    assert_eq!(cell("rag"), "red");
    assert_eq!(cell("status"), "off target");
    assert_eq!(
        cell("reason"),
        "Requires improvement to be good (inspected 2019-09-23) vs target Good: 1 grade short"
    );
    assert_eq!(cell("value"), "Requires improvement to be good");
    assert_eq!(cell("target"), "Good");
    assert_eq!(cell("unit"), "grade");
    assert_eq!(cell("flags"), "", "a grade is never stale");
}

#[test]
fn at_or_above_the_target_grade_is_green_and_improving() {
    let f = fixture();
    let cell = csv_row(&f, "2025-01-01");
    assert_eq!(cell("rag"), "green");
    assert_eq!(cell("status"), "met");
    assert_eq!(
        cell("reason"),
        "Outstanding (inspected 2024-04-22) vs target Good: met, 1 grade better"
    );
    assert_eq!(cell("value"), "Outstanding");
    assert_eq!(
        cell("trend"),
        "a better grade than Requires improvement to be good (inspected 2019-09-23)"
    );
    assert_eq!(cell("variation"), "", "no SPC for a grade");
    assert_eq!(cell("forecast"), "");
    // Ten years on, still not stale: inspections come when they come.
    let later = csv_row(&f, "2034-01-01");
    assert_eq!(later("flags"), "");
}

#[test]
fn json_gives_the_words() {
    let f = fixture();
    let out = ok(f.run(&["status", "--as-of", "2025-01-01", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let row = &doc["rows"][0];
    assert_eq!(row["value"], "Outstanding");
    assert_eq!(row["target"], "Good");
    assert_eq!(row["unit"], "grade");
    assert_eq!(row["trend"]["direction"], "improving");
    assert_eq!(row["trend"]["from"], "Requires improvement to be good");
    assert_eq!(row["trend"]["to"], "Outstanding");
    assert!(row["spc"].is_null() && row["forecast"].is_null() && row["recent_trend"].is_null());
}

#[test]
fn the_table_and_show_print_words() {
    let f = fixture();
    let table = ok(f.run(&["status", "--as-of", "2025-01-01"]));
    assert!(table.contains("Good"), "{table}");
    assert!(table.contains("better"), "{table}");
    let show = ok(f.run(&["show", "ilacs", "--as-of", "2025-01-01"]));
    assert!(
        show.contains(
            "Scale (worst to best): Inadequate, Requires improvement to be good, Good, Outstanding"
        ),
        "{show}"
    );
    assert!(show.contains("Target: Good or better\n"), "{show}");
    assert!(show.contains("Requires improvement to be good"), "{show}");
    assert!(show.contains("Outstanding"), "{show}");
    assert!(
        !show.contains("tolerance"),
        "a grade has no tolerance: {show}"
    );
    assert!(
        show.contains("Direction of travel: a better grade than Requires improvement to be good"),
        "{show}"
    );
    let json = ok(f.run(&["show", "ilacs", "--as-of", "2025-01-01", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let figures = &doc["show"]["history"][0]["figures"];
    assert_eq!(figures[0]["value"], "Requires improvement to be good");
    assert_eq!(figures[1]["value"], "Outstanding");
}

#[test]
fn the_pack_charts_a_grade_on_an_axis_of_words() {
    // Five inspections, the latest below the target: an exception report
    // with a full chart.
    let f = Fixture::new(PLAN).file(
        "grades.csv",
        "id,period,value\n\
ilacs,2012-05-01,Good\n\
ilacs,2015-05-01,Inadequate\n\
ilacs,2018-05-01,Requires improvement to be good\n\
ilacs,2021-05-01,Good\n\
ilacs,2024-04-22,Requires improvement to be good\n",
    );
    let html = ok(f.run(&["report", "--as-of", "2025-01-01"]));
    assert!(
        html.contains("Requires improvement to be good (2024-04-22)"),
        "latest in words"
    );
    assert!(html.contains("Good or better"));
    for word in [
        "Inadequate",
        "Requires improvement to be good",
        "Good",
        "Outstanding",
    ] {
        assert!(
            html.contains(&format!(">{word}</text>")),
            "axis label {word}"
        );
    }
    assert!(!html.contains(">2.5</text>"), "no numeric axis of ranks");
}

#[test]
fn words_match_ignoring_case_and_spaces_and_special_values_are_kept() {
    let f = Fixture::new(PLAN).file(
        "grades.csv",
        "id,period,value\nilacs,2019-09-23,  requires IMPROVEMENT to be good \nilacs,2022-01-10,x\nilacs,2024-04-22,GOOD\n",
    );
    let cell = csv_row(&f, "2025-01-01");
    assert_eq!(cell("value"), "Good");
    assert_eq!(cell("status"), "met");
}

#[test]
fn a_comparator_grade_for_the_same_period_is_compared_by_rank() {
    let f = Fixture::new(PLAN).file(
        "grades.csv",
        "id,period,area,value\nilacs,2023/24,,Good\nilacs,2023/24,England,Outstanding\n",
    );
    let cell = csv_row(&f, "2025-01-01");
    assert_eq!(cell("benchmark"), "worse grade than England (Outstanding)");
}

/// `cfp check` fails with 2; its stderr, with the folder elided.
fn invalid(f: &Fixture) -> String {
    let run = f.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let dir = f.path().canonicalize().expect("a folder");
    run.stderr
        .replace(&*dir.to_string_lossy(), "[DIR]")
        .replace(&*f.path().to_string_lossy(), "[DIR]")
}

#[test]
fn a_grade_needs_a_scale() {
    let f = Fixture::new(&PLAN.edit(
        "scale = [\"Inadequate\", \"Requires improvement to be good\", \"Good\", \"Outstanding\"]\n",
        "",
    ))
    .file("grades.csv", "id,period,value\n");
    let err = invalid(&f);
    assert!(
        err.contains("[DIR]/cfp.toml:17:8: indicator `ilacs` is a grade, so it needs a `scale`"),
        "{err}"
    );
}

#[test]
fn a_target_word_off_the_scale_suggests_the_nearest() {
    let f =
        Fixture::new(&PLAN.edit("value = \"Good\"", "value = \"Goood\"")).file("grades.csv", CSV);
    let err = invalid(&f);
    assert!(
        err.contains("[DIR]/cfp.toml:19:10: target value `Goood` is not on the scale"),
        "{err}"
    );
    assert!(err.contains("did you mean `Good`?"), "{err}");
}

#[test]
fn a_value_word_off_the_scale_is_located_and_lists_the_scale() {
    let f = Fixture::new(PLAN).file(
        "grades.csv",
        "id,period,value\nilacs,2019-09-23,Requires improvement\n",
    );
    let err = invalid(&f);
    assert!(
        err.contains("[DIR]/grades.csv:2:18: `Requires improvement` is not a grade on this indicator's scale: `Inadequate`, `Requires improvement to be good`, `Good`, `Outstanding`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `Requires improvement to be good`?"),
        "{err}"
    );
}

#[test]
fn a_grade_is_better_higher_on_its_scale() {
    let f = Fixture::new(&PLAN.edit("unit = \"grade\"", "unit = \"grade\"\npolarity = \"lower\""))
        .file("grades.csv", CSV);
    let err = invalid(&f);
    assert!(err.contains("[DIR]/cfp.toml:18:12: a grade is better higher on its scale, so its polarity is `higher`, not `lower`"), "{err}");
    let higher = Fixture::new(&PLAN.edit(
        "unit = \"grade\"",
        "unit = \"grade\"\npolarity = \"higher\"",
    ))
    .file("grades.csv", CSV);
    assert_eq!(higher.run(&["check"]).code, 0);
}

#[test]
fn what_a_grade_cannot_have_is_refused_at_its_place() {
    let extra = "\ntolerance = \"5%\"\ncadence = \"annual\"\nper = 1000\ntrajectory = [{ by = \"2023/24\", value = \"Good\" }]\n";
    let f = Fixture::new(&format!("{PLAN}{extra}").edit(
        "value = \"Good\" }\n\n",
        "value = \"Good\", by = \"2025/26\" }\n",
    ))
    .file("grades.csv", CSV);
    let err = invalid(&f);
    for want in [
        "a grade has no tolerance",
        "a grade indicator has no cadence",
        "`per` applies only to unit = \"rate\"",
        "a grade has no trajectory",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    let scale_on_percent = Fixture::new(&PLAN.edit(
        "unit = \"grade\"",
        "unit = \"percent\"\npolarity = \"higher\"",
    ))
    .file("grades.csv", "id,period,value\n");
    let err = invalid(&scale_on_percent);
    assert!(
        err.contains("cfp.toml:19:9: `scale` applies only to unit = \"grade\""),
        "{err}"
    );
}

#[test]
fn record_takes_a_grade_word_and_refuses_one_off_the_scale() {
    let f = super::Fixture::new(
        "[plan]\ntitle = \"T\"\narea = \"A\"\n[measurements]\nfiles = [\"m.csv\"]\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
         [[indicator]]\nid = \"g\"\npriority = \"p\"\ntitle = \"G\"\nunit = \"grade\"\n\
         scale = [\"Inadequate\", \"Requires improvement to be good\", \"Good\", \"Outstanding\"]\n\
         target = { value = \"Good\" }\n",
    )
    .file("m.csv", "id,period,value\n");
    let ok = f.run(&["record", "g", "2027-01-15", "Good"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let bad = f.run(&["record", "g", "2027-02-15", "Great"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("`Great` is not a grade on this indicator's scale"),
        "{}",
        bad.stderr
    );
    assert_eq!(
        std::fs::read_to_string(f.path().join("m.csv")).expect("csv"),
        "id,period,value\ng,2027-01-15,Good\n"
    );
}
