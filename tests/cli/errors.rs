//! The error catalogue: each bad input gives exit 2 and a message naming
//! the file and line, never a panic. The full text is pinned.

use super::{Edit, Fixture, Run};

const PLAN: &str = r#"[plan]
title = "Errors"
area = "Testshire"
comparators = ["England"]

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "Priority"

[[indicator]]
id = "gld"
priority = "p"
title = "Good level of development"
unit = "percent"
polarity = "higher"
target = { value = 72, by = "2025/26" }

[[milestone]]
id = "hub"
priority = "p"
title = "Family hub open"
due = "June 2025"
"#;

const GOOD_CSV: &str = "id,period,value\ngld,2024/25,70.4\n";

/// Runs `cfp check` and `cfp status` on a fixture; both must fail with 2.
fn invalid(fixture: &Fixture) -> String {
    let check = fixture.run(&["check"]);
    let status = fixture.run(&["status", "--as-of", "2026-01-01"]);
    for (name, out) in [("check", &check), ("status", &status)] {
        assert_eq!(out.code, 2, "{name} should exit 2: {}", out.stderr);
        assert!(
            out.stdout.is_empty(),
            "{name} printed results: {}",
            out.stdout
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    normalise(fixture, &check)
}

fn normalise(fixture: &Fixture, out: &Run) -> String {
    in_dir(fixture.path(), &out.stderr)
}

#[test]
fn toml_syntax_error() {
    let f = Fixture::new(&PLAN.edit("title = \"Errors\"", "title = \"Errors"))
        .file("data.csv", GOOD_CSV);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn unknown_parent() {
    let f = Fixture::new(&PLAN.edit(
        "priority = \"p\"\ntitle = \"Family",
        "priority = \"q\"\ntitle = \"Family",
    ))
    .file("data.csv", GOOD_CSV);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn duplicate_id() {
    let f = Fixture::new(&PLAN.edit("id = \"hub\"", "id = \"gld\"")).file("data.csv", GOOD_CSV);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn unknown_enum_value_lists_the_allowed_ones() {
    let f = Fixture::new(
        &PLAN
            .edit("polarity = \"higher\"", "polarity = \"up\"")
            .edit("unit = \"percent\"", "unit = \"percnt\""),
    )
    .file("data.csv", GOOD_CSV);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn every_plan_problem_at_once() {
    let plan = PLAN
        .edit("polarity = \"higher\"", "polarity = \"up\"")
        .edit("due = \"June 2025\"", "due = \"Juneish 2025\"")
        .edit(
            "priority = \"p\"\ntitle = \"Family",
            "priority = \"q\"\ntitle = \"Family",
        );
    let f = Fixture::new(&plan).file("data.csv", GOOD_CSV);
    let text = invalid(&f);
    assert!(text.contains("unknown polarity `up`"), "{text}");
    assert!(text.contains("cannot read period `Juneish 2025`"), "{text}");
    assert!(text.contains("unknown priority `q`"), "{text}");
    assert!(text.contains("3 errors"), "{text}");
}

#[test]
fn pp_tolerance_needs_a_percent_unit() {
    let f = Fixture::new(&PLAN.edit(
        "unit = \"percent\"",
        "unit = \"count\"\ntolerance = \"2pp\"",
    ))
    .file("data.csv", GOOD_CSV);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn milestone_due_before_the_plan_starts() {
    let plan = PLAN
        .edit(
            "area = \"Testshire\"",
            "area = \"Testshire\"\nstart = 2021-04-01",
        )
        .edit("due = \"June 2025\"", "due = \"June 2001\"");
    let f = Fixture::new(&plan).file("data.csv", GOOD_CSV);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn bad_period() {
    let f = Fixture::new(PLAN).file(
        "data.csv",
        "id,period,value\ngld,2024/25,70.4\ngld,FY25,70.1\ngld,Q3,69\n",
    );
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn non_numeric_value() {
    let f = Fixture::new(PLAN).file("data.csv", "id,period,value\ngld,2024/25,seventy\n");
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn a_dash_is_refused_unless_the_plan_says_what_it_means() {
    let f = Fixture::new(PLAN).file("data.csv", "id,period,value\ngld,2024/25,-\n");
    insta::assert_snapshot!(invalid(&f));
    let f = Fixture::new(&PLAN.edit(
        "files = [\"data.csv\"]",
        "files = [\"data.csv\"]\ndash = \"missing\"",
    ))
    .file("data.csv", "id,period,value\ngld,2024/25,-\n");
    assert_eq!(f.run(&["check"]).code, 0);
}

#[test]
fn missing_required_column() {
    let f = Fixture::new(PLAN).file("data.csv", "id,when,value\ngld,2024/25,70.4\n");
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn missing_measurements_file() {
    let f = Fixture::new(PLAN);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn binary_garbage_as_csv() {
    let mut garbage = b"\x89PNG\r\n\x1a\n".to_vec();
    garbage.extend((0u8..=255).cycle().take(2000));
    let f = Fixture::new(PLAN).file("data.csv", garbage);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn conflicting_duplicate_rows_name_both_lines() {
    let f = Fixture::new(PLAN).file(
        "data.csv",
        "id,period,value\ngld,2023/24,69.1\ngld,2024/25,70.4\ngld,2024/25,70.4\ngld,2024/25,71.0\n",
    );
    let text = invalid(&f);
    assert!(text.contains("data.csv:3 and"), "{text}");
    assert!(text.contains("data.csv:5"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_restated_figure_with_a_later_published_date_is_not_a_conflict() {
    let f = Fixture::new(PLAN).file(
        "data.csv",
        "id,period,value,published\ngld,2024/25,70.4,2025-10-01\ngld,2024/25,70.6,2026-02-01\n",
    );
    let before = f.run(&["status", "--as-of", "2025-12-01", "--format", "csv"]);
    let after = f.run(&["status", "--as-of", "2026-03-01", "--format", "csv"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert!(before.stdout.contains(",70.4,"), "{}", before.stdout);
    assert!(after.stdout.contains(",70.6,"), "{}", after.stdout);
}

#[test]
fn crlf_files_report_the_right_line() {
    for (csv, line) in [
        ("id,period,value\r\ngld,2024/25,oops\r\n", 2),
        (
            "id,period,value\r\ngld,2023/24,69.1\r\ngld,2024/25,oops\r\n",
            3,
        ),
        (
            "id,period,value\r\ngld,2023/24,69.1\r\n\r\n\r\ngld,2024/25,oops\r\n",
            5,
        ),
        ("id,period,value\ngld,2023/24,69.1\n\ngld,2024/25,oops\n", 4),
        (
            "id,period,value,note\ngld,2023/24,69.1,\"two\r\nlines\"\ngld,2024/25,oops,\n",
            4,
        ),
    ] {
        let f = Fixture::new(PLAN).file("data.csv", csv);
        let text = invalid(&f);
        assert!(
            text.contains(&format!("data.csv:{line}:")),
            "line {line} in {csv:?}: {text}"
        );
    }
}

#[test]
fn odd_input_never_panics() {
    for (plan_change, csv) in [
        (("due = \"June 2025\"", "due = \"202é4\""), GOOD_CSV),
        (
            (
                "polarity = \"higher\"",
                "polarity = \"higher\"\nlag = \"4000000000 days\"",
            ),
            GOOD_CSV,
        ),
        (("", ""), "id,period,value\ngld,202é4,1\n"),
        (("", ""), "id,period,value\ngld,2020 - 19,1\n"),
        (("", ""), "id,period,value\ngld,2024-02-30,1\n"),
    ] {
        let plan = if plan_change.0.is_empty() {
            PLAN.to_string()
        } else {
            PLAN.edit(plan_change.0, plan_change.1)
        };
        let f = Fixture::new(&plan).file("data.csv", csv);
        invalid(&f);
    }
}

#[test]
fn the_same_span_under_two_labels_is_a_conflict() {
    let f = Fixture::new(&PLAN.edit(
        "unit = \"percent\"",
        "unit = \"percent\"\ncadence = \"quarterly\"",
    ))
    .file(
        "data.csv",
        "id,period,value\ngld,Q4 2023/24,70\ngld,2024 Q1,75\n",
    );
    let text = invalid(&f);
    assert!(text.contains("conflicting figures"), "{text}");
}

#[test]
fn a_plan_that_is_not_utf8_is_located() {
    let f = Fixture::new("").file("cfp.toml", b"[plan]\ntitle = \"caf\xe9\"\n");
    let text = invalid(&f);
    assert!(
        text.contains("cfp.toml:2:13: the plan is not UTF-8 text"),
        "{text}"
    );
}

#[test]
fn a_baseline_after_the_target_is_an_error() {
    let f = Fixture::new(&PLAN.edit(
        "target = {",
        "baseline = { period = \"2026/27\", value = 60 }\ntarget = {",
    ))
    .file("data.csv", GOOD_CSV);
    let text = invalid(&f);
    assert!(
        text.contains("the baseline (2026/27) must come before"),
        "{text}"
    );
}

#[test]
fn a_row_for_an_unknown_id_is_a_warning() {
    let f = Fixture::new(PLAN).file("data.csv", "id,period,value\ngdl,2024/25,70.4\n");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(normalise(&f, &out));
}

#[test]
fn unknown_field_in_the_plan() {
    let f = Fixture::new(&PLAN.edit("polarity = \"higher\"", "polarity = \"higher\"\ntargte = 5"))
        .file("data.csv", GOOD_CSV);
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn no_plan_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = super::run_in(dir.path(), &["status"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no cfp.toml in"), "{}", out.stderr);
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let out = super::run(&[
        "status",
        "--plan",
        "examples/minimal",
        "--as-of",
        "31/12/2025",
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("YYYY-MM-DD"), "{}", out.stderr);
}

#[test]
fn an_empty_measurements_file() {
    let f = Fixture::new(PLAN).file("data.csv", "");
    let text = invalid(&f);
    assert!(text.contains("data.csv:1:1: the file is empty"), "{text}");
}

#[test]
fn counts_that_give_no_interval_are_located_data_errors() {
    let f = Fixture::new(PLAN).file(
        "data.csv",
        "id,period,value,numerator,denominator\ngld,2023/24,110,110,100\ngld,2024/25,70,7,0\n",
    );
    insta::assert_snapshot!(invalid(&f));
}

#[test]
fn check_as_json_gives_the_problems_as_data() {
    let f = Fixture::new(PLAN).file("data.csv", "id,period,value\ngld,2024/25,seventy\n");
    let out = f.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 2);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json on stdout");
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["problems"][0]["line"], 2);
    assert_eq!(doc["problems"][0]["column"], 13);
    assert_eq!(doc["problems"][0]["severity"], "error");
    assert_eq!(doc["problems"][0]["code"], "not-a-number");
    assert!(doc.get("more").is_none(), "no more when none is left out");
    let ok = Fixture::new(PLAN)
        .file("data.csv", GOOD_CSV)
        .run(&["check", "--format", "json"]);
    assert_eq!(ok.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&ok.stdout).expect("json");
    assert_eq!(doc["valid"], true);
    assert_eq!(doc["counts"]["figures"], 1);
}

/// toml refuses a key path of 80 or more keys ("recursion limit") without
/// saying where; cfp finds the key itself rather than pointing at 1:1.
#[test]
fn a_key_a_hundred_deep_is_located_at_its_line() {
    let keys: Vec<String> = (0..100).map(|i| format!("k{i}")).collect();
    let keys = keys.join(".");
    for (text, at) in [
        (format!("\n[{keys}]\nx = 1\n"), ":9:2:"),
        (format!("\n[[ {keys} ]]\nx = 1\n"), ":9:4:"),
        (format!("\n[defaults]\n{keys} = 1\n"), ":10:1:"),
    ] {
        let f = Fixture::new(&PLAN.edit("\n[[priority]]", &format!("{text}\n[[priority]]")))
            .file("data.csv", GOOD_CSV);
        let out = invalid(&f);
        assert!(out.contains("recursion limit"), "{out}");
        assert!(out.contains(&format!("[DIR]/cfp.toml{at}")), "{out}");
    }
}

/// A file of a thousand bad cells says its first hundred, each located,
/// and counts the rest in one line: not a thousand errors (a million
/// malformed rows once printed 540 MB). JSON lists the same hundred.
#[test]
fn past_a_hundred_errors_of_one_kind_the_rest_are_counted() {
    let mut csv = String::from("id,period,value\n");
    for _ in 0..1_000 {
        csv.push_str("gld,2024/25,seventy\n");
    }
    let f = Fixture::new(PLAN).file("data.csv", &csv);
    let text = invalid(&f);
    let located = text
        .lines()
        .filter(|l| l.starts_with("cfp: error[not-a-number]: ") && l.contains("data.csv:"))
        .count();
    assert_eq!(located, 100, "{text}");
    assert!(
        text.ends_with(concat!(
            "cfp: error[not-a-number]: and 900 more like it\n",
            "cfp: error: 1000 errors in the plan or its data\n"
        )),
        "{text}"
    );
    assert!(text.len() < 40_000, "{} bytes of stderr", text.len());
    let json = f.run(&["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json on stdout");
    assert_eq!(doc["problems"].as_array().map(Vec::len), Some(100));
    assert_eq!(doc["more"]["not-a-number"], 900);
}

/// Warnings are bounded the same way: a file of two hundred unknown ids
/// warns of a hundred, and counts the rest.
#[test]
fn past_a_hundred_warnings_of_one_kind_the_rest_are_counted() {
    let mut csv = String::from("id,period,value\n");
    for n in 0..200 {
        csv.push_str(&format!("unknown-{n},2024/25,70\n"));
    }
    csv.push_str("gld,2024/25,70.4\n");
    let f = Fixture::new(PLAN).file("data.csv", &csv);
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let warned = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("cfp: warning[unknown-id]: ") && l.contains("data.csv:"))
        .count();
    assert_eq!(warned, 100, "{}", out.stderr);
    assert!(
        out.stderr
            .ends_with("cfp: warning[unknown-id]: and 100 more like it\n"),
        "{}",
        out.stderr
    );
    // The summary still counts every warning.
    assert!(out.stdout.contains("200 warnings"), "{}", out.stdout);
}

/// A cell of a megabyte is quoted by its first sixty characters, in the
/// message as in the excerpt: stderr stays a few hundred bytes.
#[test]
fn a_megabyte_cell_is_not_echoed_whole() {
    let big = "9".repeat(1 << 20);
    for csv in [
        format!("id,period,value\ngld,2024/25,x{big}\n"),
        format!("id,period,value\ngld,FY{big},70\n"),
    ] {
        let f = Fixture::new(PLAN).file("data.csv", &csv);
        let text = invalid(&f);
        assert!(
            text.len() < 1_000,
            "{} bytes: {}",
            text.len(),
            &text[..2_000.min(text.len())]
        );
        assert!(text.contains("99999…`"), "{text}");
    }
}

/// Codes that no folder of plan and data files can produce, each with the
/// reason; every other code of docs/errors.md has a case in
/// tests/errors/. None so far: an unreadable file is a damaged `.csv.gz`,
/// and a path that is no regular file is a folder.
const NOT_FROM_FILES: &[(&str, &str)] = &[];

/// The error catalogue's cases, one per code, in the way hledger's
/// `test/errors/` keeps them: `tests/errors/<code>/` holds a `cfp.toml`,
/// its data, optionally `args` (default `check`) and `expected.stderr`.
/// Each folder is copied to a temporary one and run there; its stderr
/// (the folder shown as `[DIR]`) must be exactly the expected, name its
/// code, and exit 2 for an error or 0 for a warning. Every code in
/// docs/errors.md (which a unit test keeps in step with the catalogue)
/// has a folder and every folder is a code, so a new code without a case
/// fails here.
#[test]
fn every_code_has_a_case_that_gives_it() {
    let cases = super::root().join("tests/errors");
    let update = std::env::var_os("CFP_UPDATE_ERRORS").is_some_and(|v| v == "1");
    let mut folders: Vec<String> = std::fs::read_dir(&cases)
        .expect("tests/errors/")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut failures = Vec::new();
    for name in &folders {
        let case = cases.join(name);
        let dir = tempfile::tempdir().expect("a temp dir");
        copy_case(&case, dir.path());
        let args = std::fs::read_to_string(case.join("args")).unwrap_or_else(|_| "check".into());
        let args: Vec<&str> = args.split_whitespace().collect();
        let out = super::run_in(dir.path(), &args);
        let stderr = in_dir(dir.path(), &out.stderr);
        let expected_path = case.join("expected.stderr");
        if update {
            std::fs::write(&expected_path, &stderr).expect("write expected.stderr");
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if stderr != expected {
            failures.push(format!(
                "tests/errors/{name}: stderr differs\n--- expected\n{expected}\n--- got\n{stderr}"
            ));
        }
        if !expected.contains(&format!("[{name}]")) {
            failures.push(format!(
                "tests/errors/{name}/expected.stderr does not name [{name}]"
            ));
        }
        let severity = cfp::diag::Code::ALL
            .iter()
            .find(|c| c.name() == name)
            .map(|c| c.severity());
        let exit = match severity {
            Some(cfp::diag::Severity::Warning) => 0,
            _ => 2,
        };
        if out.code != exit {
            failures.push(format!(
                "tests/errors/{name}: exit {} where {exit} was expected",
                out.code
            ));
        }
    }
    let documented = documented_codes();
    for code in &documented {
        let excused = NOT_FROM_FILES.iter().any(|(c, _)| c == code);
        if !folders.contains(code) && !excused {
            failures.push(format!(
                "{code} is in docs/errors.md but has no case: add tests/errors/{code}/ \
                 (a cfp.toml and its data; `args` if not `check`)"
            ));
        }
    }
    for name in &folders {
        if !documented.contains(name) {
            failures.push(format!(
                "tests/errors/{name} names no code of docs/errors.md"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the new stderr is right, rewrite the expected files with \
         CFP_UPDATE_ERRORS=1 cargo test --test cli every_code_has_a_case, and read the diff.",
        failures.join("\n\n")
    );
}

/// The codes docs/errors.md has a section for (`## \`name\``).
fn documented_codes() -> Vec<String> {
    let doc =
        std::fs::read_to_string(super::root().join("docs/errors.md")).expect("docs/errors.md");
    doc.lines()
        .filter_map(|l| l.strip_prefix("## `")?.strip_suffix('`'))
        .map(str::to_string)
        .collect()
}

/// Copies a case's plan and data (not its `args` or `expected.stderr`)
/// into `to`, folders included.
fn copy_case(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from)
        .expect("a case folder")
        .filter_map(Result::ok)
    {
        let name = entry.file_name();
        if name == "args" || name == "expected.stderr" {
            continue;
        }
        let target = to.join(&name);
        if entry.path().is_dir() {
            std::fs::create_dir(&target).expect("a folder");
            copy_case(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a case file");
        }
    }
}

/// `text` with the folder `dir` (as given and as resolved) shown as `[DIR]`.
fn in_dir(dir: &std::path::Path, text: &str) -> String {
    let canonical = dir
        .canonicalize()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    text.replace(&canonical, "[DIR]")
        .replace(&*dir.to_string_lossy(), "[DIR]")
}
