//! Every row of the SPEC 3 status table, from one fixture plan.

use super::{parse_csv, run};

fn statuses() -> Vec<(String, String, String, String)> {
    super::status_rows("tests/fixtures/ratings", "2026-06-30")
        .into_iter()
        .map(|r| {
            let cell = |n: &str| r[n].clone();
            (cell("id"), cell("rag"), cell("status"), cell("reason"))
        })
        .collect()
}

fn rated(id: &str) -> (String, String, String) {
    statuses()
        .into_iter()
        .find(|r| r.0 == id)
        .map(|r| (r.1, r.2, r.3))
        .unwrap_or_else(|| panic!("no row for {id}"))
}

#[test]
fn every_status_of_the_spec_table() {
    let want = [
        ("no-data", "grey", "no data"),
        ("monitored", "grey", "monitor"),
        ("bound-met", "green", "met"),
        ("bound-near", "amber", "near"),
        ("bound-off", "red", "off target"),
        ("interim-on", "green", "on track"),
        ("interim-off", "red", "off track"),
        ("missed", "red", "missed"),
        ("ms-complete", "blue", "complete"),
        ("ms-late", "blue", "complete late"),
        ("ms-overdue", "red", "overdue"),
        ("ms-at-risk", "amber", "at risk"),
        ("ms-due-soon", "amber", "due soon"),
        ("ms-on-track", "green", "on track"),
        ("ms-no-update", "grey", "no update"),
        ("ms-cancelled", "grey", "cancelled"),
    ];
    let got = statuses();
    for (id, rag, status) in want {
        let row = got
            .iter()
            .find(|r| r.0 == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(
            (row.1.as_str(), row.2.as_str()),
            (rag, status),
            "{id}: {}",
            row.3
        );
        assert!(!row.3.is_empty(), "{id} has a reason");
    }
}

#[test]
fn bounds_are_inclusive() {
    assert_eq!(rated("bound-met").1, "met");
    let (_, status, reason) = rated("bound-near");
    assert_eq!(status, "near");
    assert_eq!(
        reason,
        "76 for 2025/26 vs target 80: 4 short, within 5% tolerance"
    );
    let (_, status, reason) = rated("bound-off");
    assert_eq!(status, "off target");
    assert!(
        reason.contains("4.1 short, beyond 5% tolerance"),
        "{reason}"
    );
}

#[test]
fn a_trajectory_point_between_baseline_and_first_trajectory_value() {
    // Baseline 60 at 2021-03-31, trajectory 70 at 2023-03-31: 2021/22 ends
    // halfway, so 65 is expected and 65 meets it.
    let (rag, status, reason) = rated("trajectory");
    assert_eq!((rag.as_str(), status.as_str()), ("green", "on track"));
    assert_eq!(
        reason,
        "65% for 2021/22 vs 65% planned for 2021/22 on the way to 80% by 2027/28: on track"
    );
}

#[test]
fn a_milestone_on_its_due_date_is_due_soon_not_overdue() {
    let (rag, status, reason) = rated("ms-due-today");
    assert_eq!((rag.as_str(), status.as_str()), ("amber", "due soon"));
    assert!(reason.contains("today"), "{reason}");
    let out = run(&[
        "status",
        "--plan",
        "tests/fixtures/ratings",
        "--as-of",
        "2026-07-01",
        "--format",
        "csv",
    ]);
    let (header, rows) = parse_csv(&out.stdout);
    let id = header.iter().position(|h| h == "id").expect("id");
    let status = header.iter().position(|h| h == "status").expect("status");
    let row = rows.iter().find(|r| r[id] == "ms-due-today").expect("row");
    assert_eq!(row[status], "overdue");
}

#[test]
fn reasons_say_why() {
    assert_eq!(
        rated("amber-threshold").2,
        "90% for 2025/26 vs target 95% by 2027/28: 5pp short, within the amber threshold of 90% \
         (no trajectory: judged against the target itself)"
    );
    assert_eq!(
        rated("missed").2,
        "79% for 2024/25 vs target 80% by 2024/25: missed, 1pp short"
    );
    assert_eq!(
        rated("improve").2,
        "12.1% for 2025/26 vs baseline 12.5% (2022/23): met, 0.4pp below"
    );
    assert_eq!(
        rated("ms-late").2,
        "completed 20 Feb 2026, 3 weeks after it was due (31 Jan 2026)"
    );
    assert_eq!(
        rated("ms-overdue").2,
        "overdue since 31 May 2026, 4 weeks; latest update: in progress (1 Apr 2026)"
    );
}

/// 2024/25 ends 2025-03-31 and its figure is known six months on, on
/// 2025-09-30: before that nothing is rated, and from that day the
/// shortfall is missed (no tolerance once the target's own figure is in).
#[test]
fn a_shortfall_is_missed_once_the_target_periods_figure_is_known() {
    let status_on = |as_of: &str| {
        let out = run(&[
            "status",
            "--plan",
            "tests/fixtures/ratings",
            "--as-of",
            as_of,
            "--format",
            "csv",
        ]);
        let (header, rows) = parse_csv(&out.stdout);
        let id = header.iter().position(|h| h == "id").expect("id");
        let status = header.iter().position(|h| h == "status").expect("status");
        rows.iter().find(|r| r[id] == "missed").expect("row")[status].clone()
    };
    assert_eq!(status_on("2025-09-29"), "no data");
    assert_eq!(status_on("2025-09-30"), "missed");
}

#[test]
fn stale_is_flagged_beside_the_rating() {
    let out = run(&[
        "status",
        "--plan",
        "tests/fixtures/ratings",
        "--as-of",
        "2026-06-30",
        "--format",
        "csv",
    ]);
    let (header, rows) = parse_csv(&out.stdout);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    let flags = |id: &str| {
        rows.iter()
            .find(|r| r[col("id")] == id)
            .map(|r| r[col("flags")].clone())
            .expect(id)
    };
    assert_eq!(flags("stale"), "stale");
    assert_eq!(flags("bound-met"), "");
}
