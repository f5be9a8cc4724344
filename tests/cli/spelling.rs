//! Nothing lost by spelling, and special values carry no counts (SPEC 3a):
//! a publisher's change of case, an area name one edit away, a `z` with
//! 0/0 counts and a figure over a zero denominator, each through the
//! binary on a small synthetic plan in tests/fixtures/spelling.

use super::{run, Edit, Fixture};

const WHERE_CASE: &str = "tests/fixtures/spelling/where-case";
const AREA_CASE: &str = "tests/fixtures/spelling/area-case";
const AREA_TYPO: &str = "tests/fixtures/spelling/area-typo";
const SPECIAL_COUNTS: &str = "tests/fixtures/spelling/special-counts";
const ZERO_DENOMINATOR: &str = "tests/fixtures/spelling/zero-denominator";
const EARLY_END: &str = "tests/fixtures/spelling/early-end";

fn check_json(plan: &str) -> serde_json::Value {
    let out = run(&["check", "--plan", plan, "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON")
}

fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("cfp: warning["))
        .collect()
}

#[test]
fn a_where_value_in_another_case_keeps_the_year_spelt_so() {
    // NDTMS spells `Total` until 2020/21 and `TOTAL` in 2021/22.
    let rows = super::status_rows(WHERE_CASE, "2023-06-01");
    let opiates = super::row_of(&rows, "opiates");
    assert_eq!(opiates["period"], "2021/22");
    assert_eq!(opiates["value"], "5.8");
    assert!(
        opiates["benchmark"] == "above England (5.5%), not tested",
        "{}",
        opiates["benchmark"]
    );
    let check = run(&["check", "--plan", WHERE_CASE]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains(": 6 figures, 0 status rows; skipped 3 left out by `where`"),
        "{}",
        check.stdout
    );
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

#[test]
fn a_where_value_is_held_when_a_row_holds_it_in_another_case() {
    // The warning for a value no row holds compares as the filter does.
    let plan = "[plan]\ntitle = \"T\"\narea = \"Leicestershire\"\n\n\
        [[measurements.source]]\nfiles = [\"data.csv\"]\nwhere = { Sex = \" persons \" }\n\n\
        [[priority]]\nid = \"p\"\ntitle = \"P\"\n\n\
        [[indicator]]\nid = \"gld\"\npriority = \"p\"\ntitle = \"G\"\nunit = \"percent\"\npolarity = \"higher\"\n";
    let f = Fixture::new(plan).file(
        "data.csv",
        "id,period,sex,value\ngld,2024/25,PERSONS,70\ngld,2024/25,Male,68\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(
        out.stdout.contains("1 figure, 0 status rows"),
        "{}",
        out.stdout
    );
    // A value truly absent still warns, and says how values are matched.
    let f = Fixture::new(&plan.edit(" persons ", "Person"))
        .file("data.csv", "id,period,sex,value\ngld,2024/25,PERSONS,70\n");
    let out = f.run(&["check"]);
    assert!(
        out.stderr.contains("`Sex = \"Person\"`: no row of")
            && out.stderr.contains("seen PERSONS")
            && out.stderr.contains("ignoring case and surrounding spaces"),
        "{}",
        out.stderr
    );
}

#[test]
fn area_names_match_ignoring_case_and_surrounding_spaces() {
    let check = run(&["check", "--plan", AREA_CASE]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        check.stdout,
        "ok: 1 priority, 0 commitments, 1 indicator, 0 milestones; 4 rows read from 1 file: \
         4 figures, 0 status rows\nsources:\n  1. figures.csv: 4 rows read, 4 kept\n"
    );
    assert!(check.stderr.is_empty(), "{}", check.stderr);
    let rows = super::status_rows(AREA_CASE, "2025-06-01");
    let gld = super::row_of(&rows, "gld");
    assert_eq!(gld["value"], "69");
    assert_eq!(gld["benchmark"], "above England (67.7%), not tested");
}

#[test]
fn an_area_one_edit_away_is_a_warning_with_did_you_mean() {
    let check = run(&["check", "--plan", AREA_TYPO]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let near: Vec<&str> = warnings(&check.stderr)
        .into_iter()
        .filter(|w| w.contains("did you mean"))
        .collect();
    assert_eq!(
        near,
        [
            "cfp: warning[untracked-area]: tests/fixtures/spelling/area-typo/figures.csv:4:5: \
             area \"Leicstershire\" (1 row) is not tracked; did you mean \"Leicestershire\"?"
        ],
        "{}",
        check.stderr
    );
    // Still skipped as another area's row, and counted so.
    assert!(
        check
            .stdout
            .contains("skipped 7 for areas the plan does not track"),
        "{}",
        check.stdout
    );
}

#[test]
fn real_areas_near_a_tracked_name_are_not_typos() {
    // West Midlands is two edits from the tracked East Midlands, and has as
    // many rows: another area, not a misspelling.
    let check = run(&["check", "--plan", AREA_TYPO]);
    assert!(!check.stderr.contains("West Midlands"), "{}", check.stderr);
    // The publishers' fixtures read the corpus' real exports, which list
    // every authority: not one did-you-mean among them.
    for plan in [
        "council",
        "ees",
        "fingertips",
        "neighbours",
        "ofsted",
        "trafford",
    ] {
        let out = run(&[
            "check",
            "--plan",
            &format!("tests/fixtures/publishers/{plan}"),
        ]);
        assert_eq!(out.code, 0, "{plan}: {}", out.stderr);
        assert!(
            !out.stderr.contains("is not tracked"),
            "{plan}: {}",
            out.stderr
        );
    }
}

#[test]
fn special_values_carry_no_counts() {
    // SEN2 publishes `z` with 0/0 counts, and `c` with its counts `c` too.
    let check = run(&["check", "--plan", SPECIAL_COUNTS]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("(1 suppressed, 2 not applicable)")
            && check.stdout.contains("; 3 special values' counts ignored"),
        "{}",
        check.stdout
    );
    assert!(check.stderr.is_empty(), "{}", check.stderr);
    let doc = check_json(SPECIAL_COUNTS);
    assert_eq!(doc["counts"]["special_counts_ignored"], 3);
    let show = run(&[
        "show",
        "ehcp-20-weeks",
        "--plan",
        SPECIAL_COUNTS,
        "--as-of",
        "2025-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(show.code, 0, "{}", show.stderr);
}

#[test]
fn a_published_figure_over_a_zero_denominator_keeps_its_value_without_counts() {
    let check = run(&["check", "--plan", ZERO_DENOMINATOR]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        warnings(&check.stderr),
        [
            "cfp: warning[zero-denominator]: tests/fixtures/spelling/zero-denominator/figures.csv:2:38: \
             2 published figures with a zero denominator: kept without their counts, so with no interval"
        ],
        "{}",
        check.stderr
    );
    assert!(
        check
            .stdout
            .contains("; 2 figures with a zero denominator kept without counts"),
        "{}",
        check.stdout
    );
    assert_eq!(
        check_json(ZERO_DENOMINATOR)["counts"]["zero_denominators"],
        2
    );
    let rows = super::status_rows(ZERO_DENOMINATOR, "2025-06-01");
    let r = super::row_of(&rows, "repeat-referrals");
    assert_eq!(r["period"], "2023/24");
    assert_eq!(r["value"], "0");
    // No counts, so no interval: England is above, untested.
    assert_eq!(r["benchmark"], "below England (22%), not tested");
}

#[test]
fn a_negative_denominator_is_still_an_error() {
    let plan = std::fs::read_to_string(super::root().join(ZERO_DENOMINATOR).join("cfp.toml"))
        .expect("plan");
    let f = Fixture::new(&plan).file(
        "figures.csv",
        "id,area,period,value,numerator,denominator\nrepeat-referrals,Rutland,2023/24,10,1,-10\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("the denominator must be above zero"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_series_that_ends_before_the_other_areas_is_a_warning() {
    let check = run(&["check", "--plan", EARLY_END]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        warnings(&check.stderr),
        [
            "cfp: warning[series-ends-early]: tests/fixtures/spelling/early-end/fingertips/opiates.csv:9:1: \
             indicator opiates: Leicestershire's series from tests/fixtures/spelling/early-end/fingertips/opiates.csv \
             ends 2020/21, other areas' run to 2021/22"
        ],
        "{}",
        check.stderr
    );
    let doc = check_json(EARLY_END);
    let sources = doc["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["rows"], 9);
    assert_eq!(sources[0]["kept"], 8);
    let series = doc["series"].as_array().expect("series");
    let of = |area: &str| {
        series
            .iter()
            .find(|s| s["area"] == area)
            .unwrap_or_else(|| panic!("no series for {area}: {series:?}"))
    };
    let own = of("Leicestershire");
    assert_eq!(own["indicator"], "opiates");
    assert_eq!(own["source"], 0);
    assert_eq!(own["first"], "2019/20");
    assert_eq!(own["last"], "2020/21");
    assert_eq!(own["figures"], 2);
    assert_eq!(of("England")["last"], "2021/22");
    assert_eq!(of("East Midlands")["last"], "2021/22");
    assert_eq!(doc["problems"].as_array().map(Vec::len), Some(1));
}

#[test]
fn check_verbose_lists_each_source_and_each_series() {
    let out = run(&["check", "--plan", EARLY_END, "--verbose"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
    // Without --verbose, the summary and a line per source only.
    let out = run(&["check", "--plan", EARLY_END]);
    assert_eq!(out.stdout.lines().count(), 3, "{}", out.stdout);
    assert!(
        out.stdout
            .ends_with("sources:\n  1. fingertips/opiates.csv (fingertips): 9 rows read, 8 kept\n"),
        "{}",
        out.stdout
    );
}
