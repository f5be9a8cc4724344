//! `cfp init` and `cfp record`: starting a plan and adding to its data.

use super::run_in;

#[test]
fn init_makes_a_plan_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_in(dir.path(), &["init", "plan"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let check = run_in(dir.path(), &["check", "--plan", "plan"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
    let status = run_in(
        dir.path(),
        &[
            "status",
            "--plan",
            "plan",
            "--as-of",
            "2026-01-15",
            "--format",
            "csv",
        ],
    );
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert!(
        status.stdout.contains(",gld,indicator,"),
        "{}",
        status.stdout
    );
    let again = run_in(dir.path(), &["init", "plan"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn record_appends_a_validated_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(run_in(dir.path(), &["init", "p"]).code, 0);
    let csv = dir.path().join("p/measurements/figures.csv");
    let before = std::fs::read_to_string(&csv).expect("csv");
    let out = run_in(
        dir.path(),
        &[
            "record",
            "gld",
            "2025/26",
            "69.8",
            "--plan",
            "p",
            "--published",
            "2026-11-01",
            "--note",
            "=SUM(A1)",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("figures.csv:5"), "{}", out.stdout);
    let after = std::fs::read_to_string(&csv).expect("csv");
    assert_eq!(
        after,
        format!("{before}gld,,2025/26,69.8,,,,,2026-11-01,,=SUM(A1)\n")
    );
    let status = run_in(
        dir.path(),
        &[
            "status",
            "--plan",
            "p",
            "--as-of",
            "2026-11-20",
            "--format",
            "csv",
        ],
    );
    assert!(status.stdout.contains(",69.8,"), "{}", status.stdout);
    // Refused, and the file left whole: a conflict, an unknown id, a bad
    // period, a bad value, an untracked area, a milestone's unknown status.
    for bad in [
        vec![
            "record",
            "gld",
            "2025/26",
            "70",
            "--plan",
            "p",
            "--published",
            "2026-11-01",
        ],
        vec!["record", "gdl", "2025/26", "70", "--plan", "p"],
        vec!["record", "gld", "FY26", "70", "--plan", "p"],
        vec!["record", "gld", "2025/26", "seventy", "--plan", "p"],
        vec![
            "record", "gld", "2025/26", "70", "--plan", "p", "--area", "Wales",
        ],
        vec!["record", "ey-pathway", "2026-03-01", "done", "--plan", "p"],
    ] {
        let out = run_in(dir.path(), &bad);
        assert_eq!(out.code, 2, "{bad:?}: {}", out.stdout);
        assert!(out.stderr.starts_with("cfp: error"), "{}", out.stderr);
    }
    assert_eq!(std::fs::read_to_string(&csv).expect("csv"), after);
    let done = run_in(
        dir.path(),
        &[
            "record",
            "ey-pathway",
            "2026-03-20",
            "complete",
            "--plan",
            "p",
        ],
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let status = run_in(
        dir.path(),
        &[
            "status",
            "--plan",
            "p",
            "--as-of",
            "2026-04-01",
            "--format",
            "csv",
            "--kind",
            "milestone",
        ],
    );
    assert!(
        status.stdout.contains(",blue,complete,"),
        "{}",
        status.stdout
    );
}
