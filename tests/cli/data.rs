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
    // No counts or intervals in the papers: where it stands, untested.
    assert!(
        gld["benchmark"].contains("above England (68.3%), not tested"),
        "{:?}",
        gld
    );
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

/// LLR and Leicestershire-and-Rutland figures are filed under their own
/// footprint (the indicator's `area`), not under Leicestershire.
#[test]
fn figures_on_another_footprint_are_their_own_series() {
    for (id, area, value) in [
        (
            "mhst-cyp-coverage",
            "Leicester, Leicestershire and Rutland",
            "69",
        ),
        (
            "mhst-settings-coverage",
            "Leicester, Leicestershire and Rutland",
            "49",
        ),
        ("mhst-lr-cyp", "Leicestershire and Rutland", "70426"),
        ("wsca-activities", "Leicestershire and Rutland", "317"),
    ] {
        assert_eq!(row(id)["value"], value, "{id}");
        let toml = std::fs::read_to_string("data/priorities/2026-bsl-3-preparing-for-life.toml")
            .expect("priority file");
        let entry = toml
            .split("[[indicator]]")
            .find(|e| e.contains(&format!("id = \"{id}\"")))
            .expect(id);
        assert!(
            entry.contains(&format!("area = \"{area}\"")),
            "{id}: {entry}"
        );
    }
}

#[test]
fn early_years_figures_from_both_board_reports() {
    let review = row("two-year-review");
    assert_eq!(
        (review["value"].as_str(), review["period"].as_str()),
        ("75.9", "2024/25")
    );
    // The papers give no counts, so the fall is not tested: down, not
    // worsening (SPEC 3a).
    assert_eq!(
        review["trend"], "down from 80.7% in 2022/23, not tested",
        "80.7% in 2022/23, then 75.9%"
    );
    let providers = row("ey-providers-good");
    assert_eq!(providers["value"], "97");
    assert_eq!(
        providers["trend"], "up from 96% on 31 Oct 2023, not tested",
        "96% in October 2023, then 97%"
    );
}

#[test]
fn as_the_board_saw_it_in_october_2023() {
    let out = run(&[
        "status",
        "--plan",
        "data",
        "--as-of",
        "2023-10-31",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (header, rows) = parse_csv(&out.stdout);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    let gld = rows.iter().find(|r| r[col("id")] == "gld").expect("gld");
    assert_eq!(
        (gld[col("value")].as_str(), gld[col("period")].as_str()),
        ("69.1", "2022/23")
    );
    let hpv = rows
        .iter()
        .find(|r| r[col("id")] == "hpv-females")
        .expect("hpv");
    assert_eq!(
        hpv[col("status")],
        "no data",
        "first reported in February 2026"
    );
}

#[test]
fn ofsted_ilacs_from_the_published_workbook_at_both_board_dates() {
    // data/measurements/ofsted/: Leicestershire inspected 2019-09-23
    // (published 2019-11-04) and 2024-04-22 (published 2024-07-12).
    for (as_of, period, value) in [
        (
            "2023-10-31",
            "2019-09-23",
            "Requires improvement to be good",
        ),
        ("2026-02-26", "2024-04-22", "Outstanding"),
    ] {
        let out = run(&[
            "status", "--plan", "data", "--as-of", as_of, "--format", "csv",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let (header, rows) = parse_csv(&out.stdout);
        let col = |n: &str| header.iter().position(|h| h == n).expect(n);
        let r = rows
            .iter()
            .find(|r| r[col("id")] == "ilacs")
            .expect("ilacs");
        assert_eq!(
            (r[col("period")].as_str(), r[col("value")].as_str()),
            (period, value),
            "as of {as_of}"
        );
        assert_eq!(r[col("priority")], "p2-safe");
        assert_eq!(r[col("rag")], "grey", "no paper states a target");
        assert_eq!(r[col("target")], "");
    }
}

/// Family Hubs: complete by the February 2026 report, which gives no launch
/// date, so each complete row dates the report and its note says so.
#[test]
fn family_hubs_reported_complete_without_a_stated_date() {
    let out = run(&[
        "status", "--plan", "data", "--as-of", AS_OF, "--format", "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    for id in ["family-hubs-launch", "family-hubs-website"] {
        let r = doc["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == id)
            .expect(id);
        assert_eq!(r["rag"], "blue", "{id}");
        let note = r["note"].as_str().expect("a note");
        assert!(
            note.starts_with("Reported complete by the 26 Feb 2026 report; date not stated"),
            "{id}: {note}"
        );
    }
}

fn status_at(as_of: &str) -> Vec<std::collections::HashMap<String, String>> {
    let out = run(&[
        "status", "--plan", "data", "--as-of", as_of, "--format", "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (header, rows) = parse_csv(&out.stdout);
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// At both board dates no milestone is green without a due date or an
/// update: nothing says it is on track.
#[test]
fn no_green_milestone_without_evidence_at_either_board() {
    for as_of in ["2023-10-31", "2026-02-26"] {
        for r in status_at(as_of) {
            if r["kind"] == "milestone" && r["rag"] == "green" {
                assert!(
                    !r["by"].is_empty() || r["reason"].contains("latest update"),
                    "{as_of}: {r:?}"
                );
            }
        }
    }
}

/// The stated targets and dated deliverables the papers give, each in the
/// plan and rated as the papers support.
#[test]
fn stated_targets_and_dated_deliverables() {
    let at = |as_of: &str, id: &str| {
        status_at(as_of)
            .into_iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let imms = at(AS_OF, "childhood-immunisation");
    assert_eq!(
        (imms["target"].as_str(), imms["status"].as_str()),
        ("95", "no data"),
        "the WHO target, no local figure (004 para 11)"
    );
    let teams = at(AS_OF, "mhst-additional-teams");
    assert_eq!(
        (teams["target"].as_str(), teams["by"].as_str()),
        ("8", "2029/30")
    );
    let refresh = at("2023-10-31", "partnership-plan-refresh");
    assert_eq!(refresh["by"], "2023-12-31", "by December 2023 (000 para 9)");
    assert_eq!(refresh["status"], "on track");
    assert_eq!(at(AS_OF, "partnership-plan-refresh")["status"], "overdue");
    let gov = at(AS_OF, "governance-change");
    assert_eq!(gov["by"], "2026-03-31", "during March 2026 (004 para 24)");
    assert!(
        gov["reason"].contains("in progress (22 Jan 2026)"),
        "{gov:?}"
    );
    let harborough = at(AS_OF, "mhst-harborough-onboarding");
    assert!(
        harborough["reason"].contains("in progress"),
        "{harborough:?}"
    );
    let pilot = at(AS_OF, "eha-pilot");
    assert_eq!(pilot["rag"], "blue", "QTP phase 1 (004 para 11): {pilot:?}");
    assert_eq!(at("2023-10-31", "eha-pilot")["status"], "overdue");
}

/// What changed between the two boards, pinned: read the snapshot.
#[test]
fn the_diff_between_the_two_boards() {
    let out = run(&[
        "diff",
        "--plan",
        "data",
        "--since",
        "2023-10-31",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}
