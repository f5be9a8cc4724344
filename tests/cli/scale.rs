//! The fast reading path gives the same answers as the plain one: on a
//! generated national-shaped file, whatever the number of threads, and the
//! same as cfp gave before the reading was made fast
//! (`tests/fixtures/national-small-status.csv`, written by the plain path).

use cfp::generate::{write_plan, Shape};

const SMALL: Shape = Shape {
    areas: 30,
    indicators: 60,
    years: 14,
};

fn status(dir: &std::path::Path, threads: &str) -> String {
    let out = super::cfp()
        .env("CFP_THREADS", threads)
        .args([
            "status",
            "--as-of",
            "2025-01-01",
            "--format",
            "csv",
            "--plan",
        ])
        .arg(dir)
        .output()
        .expect("cfp runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_same_answers_with_any_number_of_threads() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_plan(SMALL, dir.path()).expect("generate");
    let before =
        std::fs::read_to_string(super::root().join("tests/fixtures/national-small-status.csv"))
            .expect("expected output");
    for threads in ["1", "2", "3", "8"] {
        assert!(
            status(dir.path(), threads) == before,
            "{threads} threads differ from the plain path"
        );
    }
}

#[test]
fn a_smoke_run_of_the_generator_and_the_job() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shape = Shape {
        areas: 150,
        indicators: 20,
        years: 14,
    };
    write_plan(shape, dir.path()).expect("generate");
    let check = super::cfp()
        .args(["check", "--plan"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("42000 rows read from 1 file: 560 figures"),
        "{text}"
    );
    assert!(
        text.contains("skipped 41440 for areas the plan does not track"),
        "{text}"
    );
}
