//! Faults found at the seam between the rules and the outputs (issue 19),
//! each pinned by the test that failed before its fix.

use super::{keyed, Fixture};

/// A target missed "by Mar 2024" is more urgent than a milestone due
/// 2025-01-31: `overdue` orders by the day, not by the label's text.
#[test]
fn overdue_lists_by_date_not_by_the_text_of_the_date() {
    let f = Fixture::new(
        r#"
[plan]
title = "T"
area = "Here"
[measurements]
files = ["data.csv"]
[[priority]]
id = "p"
title = "P"
[[milestone]]
id = "strategy"
priority = "p"
title = "Strategy agreed"
due = 2025-01-31
[[indicator]]
id = "visits"
priority = "p"
title = "Visits"
unit = "number"
polarity = "higher"
target = { value = 80, by = "Mar 2024" }
"#,
    )
    .file("data.csv", "id,period,value\nvisits,Mar 2024,70\n");
    let out = f.run(&["overdue", "--as-of", "2025-06-01", "--format", "csv"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let ids: Vec<String> = keyed(&out.stdout).iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, ["visits", "strategy"]);
}

/// A plan in a folder whose name holds brackets (a shared drive's "Board
/// papers [2025]") reads its includes and its measurements.
#[test]
fn a_folder_with_brackets_in_its_name_is_read() {
    let outer = tempfile::tempdir().expect("temp dir");
    let dir = outer.path().join("Board papers [2025]");
    std::fs::create_dir_all(dir.join("priorities")).expect("folders");
    std::fs::create_dir_all(dir.join("measurements")).expect("folders");
    std::fs::write(
        dir.join("cfp.toml"),
        "include = [\"priorities/*.toml\"]\n[plan]\ntitle = \"T\"\narea = \"Here\"\n\
         [measurements]\nfiles = [\"measurements/*.csv\"]\n",
    )
    .expect("plan");
    std::fs::write(
        dir.join("priorities/p.toml"),
        "[[priority]]\nid = \"p\"\ntitle = \"P\"\n[[indicator]]\nid = \"i\"\npriority = \"p\"\n\
         title = \"I\"\nunit = \"number\"\npolarity = \"higher\"\n",
    )
    .expect("priority");
    std::fs::write(
        dir.join("measurements/m.csv"),
        "id,period,value\ni,2024/25,5\n",
    )
    .expect("data");
    let plan = dir.to_str().expect("utf-8 path");
    let check = super::run(&["check", "--plan", plan]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("1 priority") && check.stdout.contains("1 figure"),
        "{}",
        check.stdout
    );
    let rows = super::status_rows(plan, "2025-06-01");
    assert_eq!(super::row_of(&rows, "i")["value"], "5");
    // `record` finds the source of a file in that folder too.
    let record = super::run(&[
        "record",
        "--plan",
        plan,
        "i",
        "2025/26",
        "6",
        "--file",
        dir.join("measurements/m.csv").to_str().expect("utf-8 path"),
    ]);
    assert_eq!(record.code, 0, "{}", record.stderr);
}

/// Several headers a source names that its file lacks are reported in the
/// same order on every run.
#[test]
fn missing_columns_are_reported_in_one_order() {
    let f = Fixture::new(
        r#"
[plan]
title = "T"
area = "Here"
[[measurements.source]]
files = ["data.csv"]
columns = { id = "Code", period = "When", value = "Amount", area = "Place", numerator = "Top", denominator = "Bottom", note = "Words" }
[[priority]]
id = "p"
title = "P"
"#,
    )
    .file("data.csv", "a,b\n1,2\n");
    let first = f.run(&["check"]);
    assert_eq!(first.code, 2, "{}", first.stderr);
    for _ in 0..8 {
        assert_eq!(f.run(&["check"]).stderr, first.stderr);
    }
}

/// An extension cfp does not write is refused, naming the ones it does,
/// rather than filled with HTML or a table under that name.
#[test]
fn an_output_extension_cfp_does_not_write_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (command, file, formats) in [
        ("report", "pack.pdf", ".html, .md, .json, .docx"),
        ("status", "status.xls", ".txt, .csv, .json, .md, .xlsx"),
    ] {
        let path = dir.path().join(file);
        let out = super::run(&[
            command,
            "--plan",
            "data",
            "--as-of",
            "2026-02-26",
            "-o",
            path.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(out.code, 2, "{command}: {}", out.stderr);
        assert!(out.stderr.contains(formats), "{}", out.stderr);
        assert!(!path.exists(), "{file} written");
    }
}

/// A group's mean is written as the area's figure is, whatever the rate's
/// `per`: no unit text cut out of a formatted figure.
#[test]
fn a_groups_mean_reads_alike_for_any_per() {
    for per in ["10000", "100000"] {
        let f = Fixture::new(&format!(
            r#"
[plan]
title = "T"
area = "Here"
comparators = ["Neighbours"]
groups = {{ Neighbours = ["A", "B"] }}
[measurements]
files = ["data.csv"]
[[priority]]
id = "p"
title = "P"
[[indicator]]
id = "r"
priority = "p"
title = "Rate"
unit = "rate"
per = {per}
polarity = "lower"
"#
        ))
        .file(
            "data.csv",
            "id,area,period,value\nr,,2024/25,50\nr,A,2024/25,40\nr,B,2024/25,61\n",
        );
        let rows = super::status_rows(f.path().to_str().expect("path"), "2025-06-01");
        assert_eq!(
            super::row_of(&rows, "r")["benchmark"],
            "Neighbours: 2nd of 3 (quartile 3; mean 50.5)",
            "per {per}"
        );
    }
}

/// A command's help offers only the options it takes, and `--format` only
/// the formats it writes; an option it refuses is still refused by name.
#[test]
fn each_commands_help_offers_only_what_it_takes() {
    let help = |command: &str| {
        let out = super::run(&["help", command]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let status = help("status");
    assert!(status.contains("--fail-on"), "{status}");
    assert!(
        status.contains("Output format: table, csv, json, markdown, xlsx"),
        "{status}"
    );
    assert!(!status.contains("html"), "{status}");
    let report = help("report");
    assert!(!report.contains("--fail-on"), "{report}");
    assert!(
        report.contains("Output format: html, markdown, json, docx"),
        "{report}"
    );
    let init = help("init");
    for option in ["--format", "--fail-on", "--as-of", "--output", "--color"] {
        assert!(!init.contains(option), "{option} in {init}");
    }
    let fetch = help("fetch");
    assert!(
        fetch.contains("--output") && !fetch.contains("--format"),
        "{fetch}"
    );
    // Still refused by name when given.
    let out = super::run(&["report", "--plan", "data", "--fail-on", "red"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cfp report takes no --fail-on"),
        "{}",
        out.stderr
    );
}
