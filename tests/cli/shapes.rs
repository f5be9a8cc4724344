//! Tables in other shapes: a wide table whose years run across its
//! columns (`melt`), and a long file whose figures and counts are on rows
//! of their own (`measure`), each read by one source.

use serde_json::Value;

use super::ons::{self, AREAS, YEARS};
use super::{root, run};

/// `cfp show ID --format json` on a fixture plan: its figures by area,
/// as (area, period, value, lower, upper, numerator, denominator).
type Figure = (
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

fn figures(plan: &str, id: &str, as_of: &str) -> Vec<Figure> {
    let out = run(&[
        "show", id, "--plan", plan, "--as-of", as_of, "--format", "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).expect("json");
    let mut got = Vec::new();
    for area in json["show"]["history"].as_array().expect("history") {
        for f in area["figures"].as_array().expect("figures") {
            got.push((
                area["area"].as_str().expect("area").to_string(),
                f["period"].as_str().expect("period").to_string(),
                f["value"].as_f64(),
                f["interval"]["lower"].as_f64(),
                f["interval"]["upper"].as_f64(),
                f["numerator"].as_f64(),
                f["denominator"].as_f64(),
            ));
        }
    }
    got
}

#[test]
fn one_melt_source_reads_every_years_figure_for_every_area_as_the_cells_hold_it() {
    let got = figures("tests/fixtures/ons", "adult-smoking", "2024-06-01");
    let mut want = Vec::new();
    for (_, name, blocks) in AREAS {
        for (year, block) in YEARS.iter().zip(blocks) {
            let (value, lower, upper) = match block {
                Some((p, lo, hi, _, _)) => (Some(p), Some(lo), Some(hi)),
                None => (None, None, None),
            };
            want.push((
                name.to_string(),
                year.to_string(),
                value,
                lower,
                upper,
                None,
                None,
            ));
        }
    }
    let mut got_sorted = got.clone();
    got_sorted.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    want.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    assert_eq!(got_sorted, want);
    assert_eq!(got.len(), AREAS.len() * YEARS.len());

    // Each (area, year) is a row, and every one is accounted for.
    let check = run(&["check", "--plan", "tests/fixtures/ons"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .starts_with("ok: 1 priority, 0 commitments, 1 indicator, 0 milestones; 18 rows read from 1 file: 18 figures (1 missing)"),
        "{}",
        check.stdout
    );
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

#[test]
fn a_melted_table_is_rated_with_its_published_intervals() {
    let out = run(&[
        "status",
        "--plan",
        "tests/fixtures/ons",
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (header, rows) = super::parse_csv(&out.stdout);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    assert_eq!(rows[0][col("period")], "2023");
    assert_eq!(rows[0][col("value")], "9.8");
    // 9.8 (7.1 to 12.5) against England's 11.6 (11.3 to 11.9): the
    // published intervals overlap, so the test finds no difference.
    assert_eq!(
        rows[0][col("benchmark")].split("; ").next(),
        Some("similar to England (11.6%)")
    );
}

/// A plan in a temp folder beside a copy of the ONS workbook.
fn ons_plan(source: &str) -> (tempfile::TempDir, super::Run) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(ons::fixture(), dir.path().join("adult-smoking.xlsx")).expect("copied");
    let plan = format!(
        "[plan]\ntitle = \"T\"\narea = \"Leicestershire\"\n\
         [[measurements.source]]\nfiles = [\"adult-smoking.xlsx\"]\nsheet = \"Table 1\"\n\
         indicator = \"s\"\ncolumns = {{ area = \"Area name\" }}\n{source}\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
         [[indicator]]\nid = \"s\"\npriority = \"p\"\ntitle = \"S\"\nunit = \"percent\"\n\
         polarity = \"lower\"\nyear = \"calendar\"\n"
    );
    std::fs::write(dir.path().join("cfp.toml"), plan).expect("plan written");
    let out = super::run_in(dir.path(), &["check"]);
    (dir, out)
}

#[test]
fn a_melt_template_that_matches_nothing_or_no_period_is_refused_with_the_headers() {
    let (_dir, out) = ons_plan("melt = { value = \"{period} Smoking prevalence\" }");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("error[bad-melt]")
            && out.stderr.contains("adult-smoking.xlsx")
            && out.stderr.contains(
                "the `melt` template for `value`, `{period} Smoking prevalence`, matches no header"
            )
            && out.stderr.contains("`2021 \\nCurrent smokers \\n%`"),
        "{}",
        out.stderr
    );
    let (_dir, out) = ons_plan("melt = { value = \"{period} %\" }");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`2021 Current smokers` in it is no period"),
        "{}",
        out.stderr
    );
    let (_dir, out) = ons_plan("melt = { value = \"Current smokers %\" }");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the `melt` template for `value` needs `{period}` once"),
        "{}",
        out.stderr
    );
    let (_dir, out) =
        ons_plan("period = \"2021\"\nmelt = { value = \"{period} Current smokers %\" }");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("a melted table's periods are in its headers"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_wide_csv_is_melted_on_the_csv_path_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = "Area,\"2019/20 Rate\",\"2019/20 Count\",\"2020/21 Rate\",\"2020/21 Count\"\n\
               Leicestershire,12.5,100,13.1,105\n\
               England,14.0,9000,14.2,9100\n\
               Elsewhere,1,1,2,2\n";
    std::fs::write(dir.path().join("wide.csv"), csv).expect("csv");
    let plan = "[plan]\ntitle = \"T\"\narea = \"Leicestershire\"\ncomparators = [\"England\"]\n\
                [[measurements.source]]\nfiles = [\"wide.csv\"]\nindicator = \"r\"\n\
                melt = { value = \"{period} rate\", numerator = \"{period} count\" }\n\
                [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
                [[indicator]]\nid = \"r\"\npriority = \"p\"\ntitle = \"R\"\nunit = \"rate\"\n\
                per = 1000\npolarity = \"lower\"\n";
    std::fs::write(dir.path().join("cfp.toml"), plan).expect("plan");
    let out = super::run_in(dir.path(), &["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "6 rows read from 1 file: 4 figures, 0 status rows; skipped 2 for areas the plan does not track"
        ),
        "{}",
        out.stdout
    );
    let out = super::run_in(
        dir.path(),
        &["status", "--as-of", "2021-06-01", "--format", "csv"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (header, rows) = super::parse_csv(&out.stdout);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    assert_eq!(
        (
            rows[0][col("period")].as_str(),
            rows[0][col("value")].as_str()
        ),
        ("2020/21", "13.1")
    );
    // A bad cell is placed where it is: line 3, the 2020/21 rate.
    std::fs::write(
        dir.path().join("wide.csv"),
        csv.replace("14.0,9000,14.2", "14.0,9000,fourteen"),
    )
    .expect("csv");
    let out = super::run_in(dir.path(), &["check"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("wide.csv:3:"), "{}", out.stderr);
}

#[test]
fn one_measure_source_joins_each_figure_to_its_counts_and_tests_the_benchmark() {
    let got = figures("tests/fixtures/ascof", "direct-payments", "2024-12-01");
    let find = |area: &str| {
        got.iter()
            .find(|f| f.0 == area)
            .unwrap_or_else(|| panic!("{area}: {got:?}"))
            .clone()
    };
    let leics = find("Leicestershire");
    assert_eq!(
        (leics.1.as_str(), leics.2, leics.5, leics.6),
        ("2023/24", Some(26.7), Some(1650.0), Some(6180.0))
    );
    // A Wilson interval from the joined counts.
    let (lower, upper) = (leics.3.expect("lower"), leics.4.expect("upper"));
    assert!(
        (lower - 25.6).abs() < 0.05 && (upper - 27.8).abs() < 0.05,
        "{leics:?}"
    );
    let england = find("England");
    assert_eq!((england.5, england.6), (Some(196000.0), Some(750000.0)));

    let out = run(&[
        "status",
        "--plan",
        "tests/fixtures/ascof",
        "--as-of",
        "2024-12-01",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).expect("json");
    let row = &json["rows"][0];
    let england = &row["benchmark"][0];
    assert_eq!(england["comparator"], "England");
    assert_eq!(england["tested"], true, "{row}");
    assert_eq!(england["result"], "similar", "{row}");
    let notts = &row["benchmark"][1];
    assert_eq!(
        (notts["tested"].clone(), notts["result"].clone()),
        (Value::Bool(true), Value::from("worse"))
    );
}

#[test]
fn a_counts_row_with_no_figure_row_is_counted_and_warned_never_guessed() {
    let out = run(&["check", "--plan", "tests/fixtures/ascof"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().next(),
        Some(
            "ok: 1 priority, 0 commitments, 1 indicator, 0 milestones; 41 rows read from 1 file: \
             3 figures, 0 status rows, 6 counts rows joined to them; skipped 3 for areas the plan \
             does not track, 4 left out by `where`, 3 for ids no `ids` lists, 10 of measures \
             `measure` gives no role, 2 counts rows with no one figure row to join, 10 counts \
             rows with their figure rows; 1 warning"
        )
    );
    assert!(
        out.stderr.contains("warning[unpaired-row]")
            && out.stderr.contains("ascof-2023-24.csv:38:")
            && out.stderr.contains(
                "2 counts rows not read: no `Outcome` row has the same id, area and period"
            ),
        "{}",
        out.stderr
    );
}

#[test]
fn counts_rows_two_figure_rows_share_are_not_given_to_either() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = "id,area,type,value\n\
               a,Leicestershire,Outcome,50\n\
               a,Leicestershire,Numerator,5\n\
               a,Leicestershire,Denominator,10\n\
               a,Leicestershire,Outcome,60\n";
    std::fs::write(dir.path().join("m.csv"), csv).expect("csv");
    let plan = "[plan]\ntitle = \"T\"\narea = \"Leicestershire\"\n\
                [[measurements.source]]\nfiles = [\"m.csv\"]\nperiod = \"2023/24\"\n\
                measure = { column = \"Type\", value = \"outcome\", numerator = \"numerator\", denominator = \"denominator\" }\n\
                [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
                [[indicator]]\nid = \"a\"\npriority = \"p\"\ntitle = \"A\"\nunit = \"percent\"\npolarity = \"higher\"\n";
    std::fs::write(dir.path().join("cfp.toml"), plan).expect("plan");
    let out = super::run_in(dir.path(), &["check"]);
    assert!(
        out.stderr
            .contains("2 counts rows not read: more than one `outcome` row"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("m.csv:3:"), "{}", out.stderr);
}

#[test]
fn a_source_that_is_wide_or_joined_is_not_recorded_into() {
    let out = run(&[
        "record",
        "--plan",
        "tests/fixtures/ascof",
        "--file",
        root()
            .join("tests/fixtures/ascof/ascof-2023-24.csv")
            .to_str()
            .expect("path"),
        "direct-payments",
        "2024/25",
        "30",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("with its counts on other rows (`measure`)"),
        "{}",
        out.stderr
    );
}
