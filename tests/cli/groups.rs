//! A comparator that is a group of areas (statistical neighbours): the
//! plan area's rank among them, the quartile and the group's mean.

use super::{keyed, row_of, Edit, Fixture, Run};

const PLAN: &str = r#"[plan]
title = "Groups"
area = "Trafford"
comparators = ["England", "Statistical neighbours"]
groups = { "Statistical neighbours" = ["Stockport", "Bury", "Cheshire East"] }

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "P"

[[indicator]]
id = "ready"
priority = "p"
title = "School readiness"
unit = "number"
cadence = "annual"
polarity = "higher"
target = "improve"

[[indicator]]
id = "smoking"
priority = "p"
title = "Smoking in pregnancy"
unit = "percent"
cadence = "annual"
polarity = "lower"
target = "improve"
"#;

/// Every area for 2024/25; Bury has no figure for 2023/24.
const CSV: &str = "id,area,period,value\n\
ready,Trafford,2023/24,58\n\
ready,England,2023/24,57\n\
ready,Stockport,2023/24,66\n\
ready,Cheshire East,2023/24,50\n\
ready,Trafford,2024/25,60\n\
ready,England,2024/25,62\n\
ready,Stockport,2024/25,70\n\
ready,Bury,2024/25,65\n\
ready,Cheshire East,2024/25,48.6\n\
smoking,Trafford,2024/25,8\n\
smoking,Stockport,2024/25,8\n\
smoking,Bury,2024/25,11\n\
smoking,Cheshire East,2024/25,7.5\n\
smoking,Salford,2024/25,12\n";

fn fixture() -> Fixture {
    Fixture::new(PLAN).file("data.csv", CSV)
}

fn ok(run: Run) -> String {
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn the_benchmark_cell_ranks_the_area_among_its_group() {
    let f = fixture();
    let rows = keyed(&ok(f.run(&[
        "status",
        "--as-of",
        "2026-01-01",
        "--format",
        "csv",
    ])));
    assert_eq!(
        row_of(&rows, "ready")["benchmark"],
        "below England (62), not tested; Statistical neighbours: 3rd of 4 (quartile 3; mean 61.2)"
    );
    // Lower is better; Trafford and Stockport share 2nd; Salford is in no
    // group and is not read.
    assert_eq!(
        row_of(&rows, "smoking")["benchmark"],
        "England: not compared; Statistical neighbours: 2nd of 4 (quartile 2; mean 8.83%)"
    );
}

#[test]
fn a_group_area_without_a_figure_is_left_out_of_the_ranking() {
    let f = fixture();
    let rows = keyed(&ok(f.run(&[
        "status",
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
    ])));
    assert_eq!(
        row_of(&rows, "ready")["benchmark"],
        "above England (57), not tested; Statistical neighbours: 2nd of 3 (quartile 3; mean 58)"
    );
}

#[test]
fn the_json_entry_gives_the_mean_rank_quartile_and_missing() {
    let f = fixture();
    let out = ok(f.run(&["status", "--as-of", "2024-06-01", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    let ready = doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == "ready")
        .expect("a row for ready");
    let group = &ready["benchmark"][1];
    assert_eq!(group["comparator"], "Statistical neighbours");
    assert_eq!(group["value"], 58.0);
    assert_eq!(group["rank"], 2);
    assert_eq!(group["of"], 3);
    assert_eq!(group["quartile"], 3);
    assert_eq!(group["missing"], 1);
    assert_eq!(
        doc["plan"]["groups"]["Statistical neighbours"],
        serde_json::json!(["Stockport", "Bury", "Cheshire East"])
    );
    // England is an area, not a group: no rank.
    assert!(ready["benchmark"][0].get("rank").is_none());
}

#[test]
fn show_gives_the_group_benchmark_and_its_areas_figures() {
    let f = fixture();
    let out = ok(f.run(&["show", "ready", "--as-of", "2026-01-01"]));
    assert!(
        super::flat(&out).contains(
            "Benchmark (2024/25): below England (62), not tested; \
             Statistical neighbours: 3rd of 4 (quartile 3; mean 61.2)"
        ),
        "{out}"
    );
    assert!(out.contains("Cheshire East:"), "{out}");
}

#[test]
fn a_group_that_is_not_a_comparator_is_a_located_error() {
    let plan = PLAN.edit(
        "groups = { \"Statistical neighbours\"",
        "groups = { \"Statistical neighbors\"",
    );
    let f = Fixture::new(&plan).file("data.csv", CSV);
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "cfp.toml:5:12: group `Statistical neighbors` is not one of the plan's comparators"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("did you mean `Statistical neighbours`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_group_holding_the_plan_area_or_an_area_twice_is_an_error() {
    let plan = PLAN.edit(
        "[\"Stockport\", \"Bury\", \"Cheshire East\"]",
        "[\"Stockport\", \"Trafford\", \"Stockport\"]",
    );
    let f = Fixture::new(&plan).file("data.csv", CSV);
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`Trafford` is the plan's own area, so it cannot be in group"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`Stockport` is named twice in group `Statistical neighbours`"),
        "{}",
        out.stderr
    );
}

#[test]
fn record_accepts_a_group_area() {
    let f = fixture();
    let out = f.run(&[
        "record",
        "ready",
        "2025/26",
        "66",
        "--area",
        "Bury",
        "--as-of",
        "2026-06-01",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let data = std::fs::read_to_string(f.path().join("data.csv")).expect("the data file");
    assert!(data.ends_with("ready,Bury,2025/26,66\n"), "{data}");
    let out = f.run(&[
        "record",
        "ready",
        "2025/26",
        "66",
        "--area",
        "Salford",
        "--as-of",
        "2026-06-01",
    ]);
    assert_ne!(out.code, 0, "an area in no group is not tracked");
}

#[test]
fn a_group_area_that_is_a_footprint_is_both() {
    let plan = format!(
        "{PLAN}\n[[indicator]]\nid = \"bury-only\"\npriority = \"p\"\ntitle = \"Reported for Bury\"\n\
         area = \"Bury\"\nunit = \"number\"\ncadence = \"annual\"\npolarity = \"higher\"\n"
    );
    let csv = format!("{CSV}bury-only,Bury,2024/25,5\n");
    let f = Fixture::new(&plan).file("data.csv", csv);
    let rows = keyed(&ok(f.run(&[
        "status",
        "--as-of",
        "2026-01-01",
        "--format",
        "csv",
    ])));
    assert_eq!(
        row_of(&rows, "ready")["benchmark"],
        "below England (62), not tested; Statistical neighbours: 3rd of 4 (quartile 3; mean 61.2)"
    );
    assert_eq!(row_of(&rows, "bury-only")["value"], "5");
}

#[test]
fn record_names_the_groups_areas_when_an_area_is_not_tracked() {
    let f = fixture();
    let out = f.run(&[
        "record",
        "ready",
        "2025/26",
        "66",
        "--area",
        "Salford",
        "--as-of",
        "2026-06-01",
    ]);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains(
            "its comparators are England, Statistical neighbours (Stockport, Bury, Cheshire East)"
        ),
        "{}",
        out.stderr
    );
}

/// Leicestershire among nine shire counties in a real Fingertips export
/// (indicator 30101, tests/fixtures/publishers/neighbours; lower is
/// better), recomputed by hand from the file's `Value` column:
///
/// 2019: Gloucestershire 4.751, Worcestershire 4.800, Staffordshire 5.088,
/// Derbyshire 5.113, Lincolnshire 5.137, Warwickshire 5.181,
/// Nottinghamshire 5.321, **Leicestershire 5.333**, Northamptonshire 5.378,
/// Cambridgeshire 5.424: 8th of 10, quartile ceil(8 x 4 / 10) = 4; the
/// nine neighbours sum to 46.193, mean 5.13.
///
/// 2018: Derbyshire 4.251, Staffordshire 4.413, Worcestershire 4.597,
/// Nottinghamshire 4.749, Gloucestershire 4.919, **Leicestershire 4.948**,
/// Lincolnshire 4.964, Warwickshire 4.970, Northamptonshire 5.312,
/// Cambridgeshire 5.424: 6th of 10, quartile ceil(6 x 4 / 10) = 3; sum
/// 43.600, mean 4.84.
///
/// West Northamptonshire, created in 2021, has no figure for either year:
/// left out of the ranking and counted as missing.
///
/// Beside it, the national rank among the export's `County` and `UA`
/// rows (recomputed from the file with Python's csv module): 2018, 67 of
/// the 152 others below 4.948, so 68th of 153, quartile ceil(68 x 4 /
/// 153) = 2, their mean 5.200; 2019, 90th of 151, quartile 3, mean 5.156.
#[test]
fn neighbour_ranks_from_a_fingertips_export_are_as_recomputed_by_hand() {
    let plan = super::root().join("tests/fixtures/publishers/neighbours");
    let plan = plan.to_str().expect("a UTF-8 path");
    for (as_of, cell) in [
        (
            "2020-06-01",
            "below England (5.15%), not tested; County neighbours: 6th of 10 (quartile 3; mean 4.84%); \
             County & UA areas: 68th of 153 (quartile 2; mean 5.2%)",
        ),
        (
            "2021-06-01",
            "above England (5.13%), not tested; County neighbours: 8th of 10 (quartile 4; mean 5.13%); \
             County & UA areas: 90th of 151 (quartile 3; mean 5.16%)",
        ),
    ] {
        let rows = super::status_rows(plan, as_of);
        assert_eq!(row_of(&rows, "air-old")["benchmark"], cell, "as of {as_of}");
    }
    let json = ok(super::run(&[
        "status",
        "--plan",
        plan,
        "--as-of",
        "2021-06-01",
        "--format",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let group = &doc["rows"][0]["benchmark"][1];
    assert_eq!(group["comparator"], "County neighbours");
    assert_eq!(
        (
            &group["rank"],
            &group["of"],
            &group["quartile"],
            &group["missing"]
        ),
        (&8.into(), &10.into(), &4.into(), &1.into())
    );
    assert_eq!(group["value"], 5.13);
}

/// The pack's scorecard and `show` give the same rank as `status`.
#[test]
fn the_pack_and_show_give_the_neighbour_rank() {
    let plan = super::root().join("tests/fixtures/publishers/neighbours");
    let plan = plan.to_str().expect("a UTF-8 path");
    let rank = "8th of 10 (quartile 4; mean 5.13%)";
    let html = ok(super::run(&[
        "report",
        "--plan",
        plan,
        "--as-of",
        "2021-06-01",
    ]));
    // With no target the indicator is listed for context, its benchmark
    // beside it.
    assert!(
        html.contains(&format!("County neighbours: {rank}")),
        "{html}"
    );
    let shown = ok(super::run(&[
        "show",
        "air-old",
        "--plan",
        plan,
        "--as-of",
        "2021-06-01",
    ]));
    assert!(
        super::flat(&shown).contains(&format!("County neighbours: {rank}")),
        "{shown}"
    );
}
