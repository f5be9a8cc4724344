//! Exit codes for CI: 1 when a `--fail-on` condition holds, 0 when none does.

use super::run;

const PLAN: &str = "examples/milestones-ci-gate";

#[test]
fn overdue_exits_1_when_a_milestone_is_overdue() {
    let out = run(&["overdue", "--plan", PLAN, "--as-of", "2025-06-30"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("hub-dashboard"), "{}", out.stdout);
    assert!(out.stderr.contains("failing: overdue"), "{}", out.stderr);
}

#[test]
fn overdue_exits_0_when_nothing_is_overdue() {
    let out = run(&["overdue", "--plan", PLAN, "--as-of", "2024-11-30"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Nothing overdue"), "{}", out.stdout);
}

#[test]
fn status_fail_on_overdue() {
    let failing = run(&[
        "status",
        "--plan",
        PLAN,
        "--as-of",
        "2025-06-30",
        "--fail-on",
        "overdue",
        "-q",
    ]);
    assert_eq!((failing.code, failing.stdout.as_str()), (1, ""));
    let passing = run(&[
        "status",
        "--plan",
        PLAN,
        "--as-of",
        "2024-11-30",
        "--fail-on",
        "overdue",
    ]);
    assert_eq!(passing.code, 0, "{}", passing.stderr);
}

#[test]
fn fail_on_takes_a_list() {
    let out = run(&[
        "status",
        "--plan",
        "tests/fixtures/ratings",
        "--as-of",
        "2026-06-30",
        "--fail-on",
        "stale,no-data",
        "-q",
    ]);
    assert_eq!(out.code, 1);
    let out = run(&[
        "status",
        "--plan",
        "tests/fixtures/ratings",
        "--as-of",
        "2026-06-30",
        "--fail-on",
        "purple",
    ]);
    assert_eq!(out.code, 2, "an unknown condition is a usage error");
}

#[test]
fn an_invalid_plan_exits_2_whatever_fail_on_says() {
    let out = run(&[
        "status",
        "--plan",
        "tests/fixtures/no-such-plan",
        "--fail-on",
        "red",
    ]);
    assert_eq!(out.code, 2);
}

#[test]
fn a_reader_that_stops_early_keeps_the_gate() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cfp"))
        .args([
            "overdue",
            "--plan",
            PLAN,
            "--as-of",
            "2025-06-30",
            "--format",
            "csv",
        ])
        .current_dir(super::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Close our end of stdout at once, as `| head -0` would.
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(status.code(), Some(1), "{err}");
}
