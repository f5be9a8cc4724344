//! The real Leicestershire plan in `data/`, as the board saw it on
//! 26 February 2026.

use super::{parse_csv, run};

const AS_OF: &str = "2026-02-26";

fn rows() -> (Vec<String>, Vec<Vec<String>>) {
    let out = run(&[
        "status", "--plan", "data", "--as-of", AS_OF, "--format", "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    parse_csv(&out.stdout)
}

fn row(id: &str) -> std::collections::HashMap<String, String> {
    let (header, rows) = rows();
    let r = rows
        .into_iter()
        .find(|r| r[2] == id)
        .unwrap_or_else(|| panic!("no row for {id}"));
    header.into_iter().zip(r).collect()
}

#[test]
fn the_seed_plan_checks_clean() {
    let out = run(&["check", "--plan", "data"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.is_empty(), "warnings: {}", out.stderr);
}

#[test]
fn csv_parses_back_with_the_documented_columns() {
    let (header, rows) = rows();
    assert_eq!(
        header[..8],
        [
            "priority",
            "commitment",
            "id",
            "kind",
            "title",
            "rag",
            "status",
            "reason"
        ]
    );
    assert!(rows.len() > 50, "{} rows", rows.len());
    assert!(
        rows.iter().all(|r| !r[7].is_empty()),
        "every row has a reason"
    );
}

#[test]
fn good_level_of_development() {
    let gld = row("gld");
    assert_eq!(gld["value"], "70.4");
    assert_eq!(gld["period"], "2024/25");
    assert!(gld["benchmark"].contains("England: higher"), "{:?}", gld);
}

#[test]
fn hpv_coverage_against_the_90_percent_ambition() {
    let f = row("hpv-females");
    assert_eq!((f["value"].as_str(), f["target"].as_str()), ("80.9", "90"));
    assert_eq!(f["period"], "2023/24");
    assert_eq!(f["rag"], "red");
    assert!(f["reason"].contains("9.1pp short"), "{:?}", f);
    let m = row("hpv-males");
    assert_eq!(m["value"], "73.4");
}

#[test]
fn mental_health_support_team_trajectory() {
    let r = row("mhst-cyp-coverage");
    assert_eq!(r["value"], "69");
    assert_eq!(r["target"], "100");
    assert_eq!(r["by"], "2029/30");
}
