//! Every area at once (issue 25): `--area` rates a plan for another area
//! than its own, with the plan's indicators, targets and comparators.

use serde_json::Value;

use super::{root, run};

const PLAN: &str = "tests/fixtures/publishers/trafford";
const EXPORT: &str = "tests/corpus/fingertips/campylobacter-93356-ragged.csv";

/// The export's whole-population rows for `area`: (period, value, count,
/// denominator, Fingertips' own comparison with England).
fn in_the_file(area: &str) -> Vec<(String, f64, String, String, String)> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(root().join(EXPORT))
        .expect("the export");
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (name, sex, age, category) = (
        col("Area Name"),
        col("Sex"),
        col("Age"),
        col("Category Type"),
    );
    let (period, value, compared) = (
        col("Time period"),
        col("Value"),
        col("Compared to England value or percentiles"),
    );
    let (count, denominator) = (col("Count"), col("Denominator"));
    reader
        .records()
        .map(|r| r.expect("a record"))
        .filter(|r| {
            r.get(name) == Some(area)
                && r.get(sex) == Some("Persons")
                && r.get(age) == Some("All ages")
                && r.get(category).unwrap_or("").is_empty()
        })
        .map(|r| {
            let cell = |i: usize| r.get(i).unwrap_or("").to_string();
            (
                cell(period),
                cell(value).parse().expect("a value"),
                cell(count),
                cell(denominator),
                cell(compared),
            )
        })
        .collect()
}

#[test]
fn area_rates_another_councils_figures_as_the_file_holds_them() {
    let rows = in_the_file("Nottinghamshire");
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (as_of, (period, value, _, _, compared)) in
        ["2016-06-01", "2017-06-01", "2018-06-01"].iter().zip(&rows)
    {
        let out = run(&[
            "status",
            "--plan",
            PLAN,
            "--area",
            "Nottinghamshire",
            "--as-of",
            as_of,
            "--format",
            "json",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let json: Value = serde_json::from_str(&out.stdout).expect("json");
        assert_eq!(json["plan"]["area"], "Nottinghamshire");
        let row = &json["rows"][0];
        assert_eq!(row["period"].as_str(), Some(period.as_str()));
        assert_eq!(row["value"].as_f64(), Some(*value));
        // The benchmark cfp tests from the counts is the one Fingertips
        // publishes beside the figure.
        let england = &row["benchmark"][0];
        assert_eq!(england["comparator"], "England");
        assert_eq!(england["tested"], true);
        assert_eq!(
            england["result"].as_str(),
            Some(compared.to_lowercase().as_str()),
            "{period}"
        );
    }
    // The table says whose figures they are.
    let out = run(&[
        "status",
        "--plan",
        PLAN,
        "--area",
        "Nottinghamshire",
        "--as-of",
        "2018-06-01",
    ]);
    assert!(
        out.stdout.contains("Nottinghamshire as of 2018-06-01"),
        "{}",
        out.stdout
    );
}

#[test]
fn area_by_gss_code_is_matched_by_the_files_code_column() {
    let by_name = run(&[
        "status",
        "--plan",
        PLAN,
        "--area",
        "Nottinghamshire",
        "--as-of",
        "2018-06-01",
        "--format",
        "csv",
    ]);
    let by_code = run(&[
        "status",
        "--plan",
        PLAN,
        "--area",
        "E10000024",
        "--as-of",
        "2018-06-01",
        "--format",
        "csv",
    ]);
    assert_eq!(by_code.code, 0, "{}", by_code.stderr);
    assert_eq!(by_code.stdout, by_name.stdout);
}

#[test]
fn an_area_no_source_holds_is_refused_naming_the_nearest_the_files_hold() {
    let out = run(&["status", "--plan", PLAN, "--area", "Nottinghamshre"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains(
            "no source holds a figure for Nottinghamshre; the nearest the files hold are \
             `Nottinghamshire`"
        ),
        "{}",
        out.stderr
    );
    let out = run(&["check", "--plan", PLAN, "--area", "england"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("England is one of the plan's comparators"),
        "{}",
        out.stderr
    );
    // Every rating command takes it; record keeps its own --area (the
    // series a row is for).
    for command in ["check", "overdue", "report", "diff --since 2016-01-01"] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.extend([
            "--plan",
            PLAN,
            "--area",
            "Nottinghamshire",
            "--as-of",
            "2018-06-01",
        ]);
        let out = run(&args);
        assert_eq!(out.code, 0, "{command}: {}", out.stderr);
    }
    let out = run(&[
        "show",
        "campylobacter",
        "--plan",
        PLAN,
        "--area",
        "Nottinghamshire",
        "--as-of",
        "2018-06-01",
    ]);
    assert!(out.stdout.contains("Nottinghamshire:"), "{}", out.stdout);
}
