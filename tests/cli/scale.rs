//! The fast reading path gives the same answers as the plain one: on a
//! generated national-shaped file, whatever the number of threads, and the
//! same as cfp gave before the reading was made fast
//! (`tests/fixtures/national-small-status.csv`, written by the plain path).

// The benchmark's generator, compiled into the tests, not the product.
#[path = "../../bench/generate.rs"]
#[allow(dead_code)]
mod generate;

use generate::{write_plan, Shape};

const SMALL: Shape = Shape {
    areas: 30,
    indicators: 60,
    years: 14,
};

/// A plan of one indicator, `i`, read from `data.csv`.
const ONE_INDICATOR: &str = "[plan]\ntitle = \"T\"\narea = \"Here\"\n[measurements]\nfiles = [\"data.csv\"]\n\
    [[priority]]\nid = \"p\"\ntitle = \"P\"\n[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\n";

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
    // Every area, and no level named: no national rank is claimed (the
    // areas could be counties, regions and England at once).
    assert!(!before.contains(" areas: "), "no national rank");
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

#[test]
fn line_breaks_inside_quoted_notes_never_split_a_record() {
    let mut csv = String::from("id,area,period,value,note\r\n");
    for m in 0..3000 {
        let (y, month) = (2000 + m / 12, m % 12 + 1);
        csv.push_str(&format!(
            "i,Here,{y}-{month:02},{m},\"first line\nsecond, line\"\r\n"
        ));
    }
    // Months past 2200 are not periods: 588 errors, of which stderr shows
    // the first hundred. The last row's own error is the first of its
    // kind, so it is shown wherever its line is counted from.
    csv.push_str("i,Here,1999-12,oops,\"a\nb\"\r\n");
    let f = super::Fixture::new(ONE_INDICATOR).file("data.csv", csv);
    let run = |threads: &str| {
        super::cfp()
            .env("CFP_THREADS", threads)
            .current_dir(f.path())
            .args(["check"])
            .output()
            .expect("runs")
    };
    let one = run("1");
    assert_eq!(one.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&one.stderr).into_owned();
    assert!(stderr.contains("data.csv:6002:"), "{stderr}");
    for threads in ["2", "5", "16"] {
        let many = run(threads);
        assert_eq!(
            String::from_utf8_lossy(&many.stderr),
            stderr,
            "{threads} threads"
        );
    }
}

/// A Fingertips-shaped file (every text field quoted, a line break inside
/// each quoted indicator name) is split where no quoted field is open, so
/// any number of threads gives the one-thread answers.
#[test]
fn quoted_exports_split_between_records_with_any_number_of_threads() {
    use generate::{write_fingertips_plan, FingertipsShape};
    let dir = tempfile::tempdir().expect("temp dir");
    let shape = FingertipsShape {
        areas: 20,
        indicators: 6,
        years: 8,
    };
    write_fingertips_plan(shape, dir.path()).expect("generate");
    let one = status(dir.path(), "1");
    assert!(one.lines().count() > 6, "{one}");
    // Its `Area Type` names each area's level: the plan's area is ranked
    // among the others, whichever stretch read them.
    assert!(one.contains(" areas: "), "a national rank: {one}");
    for threads in ["2", "3", "7", "16"] {
        assert!(
            status(dir.path(), threads) == one,
            "{threads} threads differ from one"
        );
    }
}

/// A stray quote inside an unquoted cell makes counting quotes unsafe:
/// then the file is read in one stretch, and the answers do not change.
#[test]
fn a_stray_quote_falls_back_to_one_stretch() {
    let mut csv = String::from("id,area,period,value,note\n");
    for m in 0..1200 {
        let (y, month) = (1950 + m / 12, m % 12 + 1);
        let note = if m == 10 {
            "a 5\" pipe".to_string()
        } else {
            "\"one\ntwo\"".to_string()
        };
        csv.push_str(&format!("i,Here,{y}-{month:02},{m},{note}\n"));
    }
    let f = super::Fixture::new(ONE_INDICATOR).file("data.csv", csv);
    let one = status(f.path(), "1");
    assert!(one.contains(",899,"), "{one}");
    for threads in ["2", "5", "16"] {
        assert_eq!(status(f.path(), threads), one, "{threads} threads");
    }
}

/// A file with no quote in its start is split with no count of quotes
/// first; where a split then falls inside a quoted note (here every row
/// after the first third has one holding a line break), the quotes its
/// reading counted show it, the file is read again in one stretch, and the
/// answers do not change.
#[test]
fn a_file_unquoted_at_its_start_splits_without_a_count_and_reads_the_same() {
    let mut csv = String::from("id,area,period,value,note\n");
    for m in 0..1200 {
        let (y, month) = (1950 + m / 12, m % 12 + 1);
        let note = if m < 400 {
            "plain".to_string()
        } else {
            "\"one\ntwo, three\"".to_string()
        };
        csv.push_str(&format!("i,Here,{y}-{month:02},{m},{note}\n"));
    }
    let f = super::Fixture::new(ONE_INDICATOR).file("data.csv", csv);
    let one = status(f.path(), "1");
    assert!(one.contains(",899,"), "{one}");
    for threads in ["2", "3", "5", "7", "16"] {
        assert_eq!(status(f.path(), threads), one, "{threads} threads");
    }
}
