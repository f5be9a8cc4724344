//! Hostile and careless input (issue 9's findings): each reproducer as it
//! was found, now refused at its place or read as meant.

use super::{run, Edit, Fixture};

const PLAN: &str = "[plan]\ntitle = \"T\"\narea = \"A\"\n[measurements]\nfiles = [\"m.csv\"]\n\
    [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
    [[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"percent\"\npolarity = \"higher\"\n";

#[test]
fn an_unclosed_quote_is_an_error_at_its_row_not_the_rest_of_the_file() {
    let f = Fixture::new(PLAN).file(
        "m.csv",
        "id,period,value,note\ni,2023,40,\"open\ni,2024,50,x\ni,2025,60,y\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("m.csv:2:1: a quoted cell opens in this row and never closes"),
        "{}",
        out.stderr
    );
    // And nothing is appended inside the open quote.
    let rec = f.run(&["record", "i", "2026", "70"]);
    assert_eq!(rec.code, 2);
    assert!(std::fs::read_to_string(f.path().join("m.csv"))
        .expect("csv")
        .ends_with("i,2025,60,y\n"));
}

#[test]
fn a_long_malformed_row_is_excerpted_not_echoed() {
    let long = ",".repeat(200_000);
    let f = Fixture::new(PLAN).file("m.csv", format!("id,period,value\ni,2024,50{long}\n"));
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("this row has 200003 fields but the header has 3"),
        "{}",
        &out.stderr[..out.stderr.len().min(500)]
    );
    assert!(out.stderr.len() < 2_000, "{} bytes", out.stderr.len());
}

#[test]
fn identical_repeated_rows_are_one_figure() {
    let mut csv = String::from("id,period,value\n");
    for _ in 0..50_000 {
        csv.push_str("i,2024,50\n");
    }
    let f = Fixture::new(PLAN).file("m.csv", csv);
    let out = f.run(&["status", "--as-of", "2025-06-01", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let show = f.run(&["show", "i", "--as-of", "2025-06-01", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&show.stdout).expect("json");
    let figures = &doc["show"]["history"][0]["figures"];
    assert_eq!(figures.as_array().map(Vec::len), Some(1), "{figures}");
}

#[test]
fn a_header_two_columns_share_is_an_error_when_cfp_reads_it() {
    let f = Fixture::new(PLAN).file("m.csv", "id,period,value,Value\ni,2024,50,60\n");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("the header names `value` twice (fields 3 and 4)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_zero_byte_past_the_first_64_kib_is_refused_at_its_row() {
    let mut csv = String::from("id,period,value,note\n");
    for m in 0..3_000 {
        csv.push_str(&format!(
            "i,{}-{:02},50,padding padding\n",
            1900 + m / 12,
            m % 12 + 1
        ));
    }
    let mut bytes = csv.into_bytes();
    bytes.extend_from_slice(b"i,2200-01,5\x000,x\n");
    let f = Fixture::new(PLAN).file("m.csv", bytes);
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("m.csv:3002:1: not a CSV text file: binary data"),
        "{}",
        out.stderr
    );
}

#[test]
fn flags_a_command_would_ignore_are_refused_before_anything_is_loaded() {
    // No plan at all: the flag is what is wrong, and said first.
    for (args, expected) in [
        (
            vec!["report", "--fail-on", "red", "--plan", "no/such"],
            "cfp report takes no --fail-on",
        ),
        (
            vec!["show", "x", "--format", "markdown", "--plan", "no/such"],
            "cfp show writes table, json, xlsx, not markdown",
        ),
        (
            vec!["init", "somewhere", "--format", "json"],
            "cfp init takes no --format",
        ),
        (
            vec!["status", "--format", "html", "--plan", "no/such"],
            "cfp status writes table, csv, json, markdown, xlsx, not html; for an HTML board pack use cfp report",
        ),
        (
            vec!["record", "i", "2024", "5", "-o", "x.csv", "--plan", "no/such"],
            "cfp record takes no -o",
        ),
        (
            vec!["check", "--fail-on", "red", "--plan", "no/such"],
            "cfp check takes no --fail-on",
        ),
    ] {
        let out = run(&args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn old_mac_line_breaks_count_as_lines() {
    let f = Fixture::new(PLAN).file("m.csv", "id,period,value\ri,2023,40\ri,2024,oops\r");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("m.csv:3:8: `oops` is not a number"),
        "{}",
        out.stderr
    );
}

#[test]
fn columns_are_counted_in_the_row_as_written() {
    // The quotes of earlier cells count: `oops` starts at column 25.
    let f = Fixture::new(PLAN).file(
        "m.csv",
        "note,id,period,value\n\"a, \"\"quoted\"\" note\",i,2024,oops\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("m.csv:2:29: `oops` is not a number"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_fifo_named_as_measurements_is_refused_without_opening_it() {
    let f = Fixture::new(PLAN);
    let made = std::process::Command::new("mkfifo")
        .arg(f.path().join("m.csv"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cfp"))
        .current_dir(f.path())
        .arg("check")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("cfp check hung on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is a FIFO (named pipe), not a regular file"),
        "{stderr}"
    );
}

#[test]
fn hidden_files_a_glob_matches_are_not_data() {
    let plan = PLAN.edit("files = [\"m.csv\"]", "files = [\"data/*\"]");
    let f = Fixture::new(&plan)
        .file("data/m.csv", "id,period,value\ni,2024,50\n")
        .file("data/.m.csv.cfp-123.tmp", "half a wri");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("from 1 file"), "{}", out.stdout);
}

#[test]
fn a_data_file_outside_the_plans_folder_is_never_quoted() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("secret.csv"), "token=s3cr3t-value\n").expect("write");
    let plan = PLAN.edit(
        "files = [\"m.csv\"]",
        &format!(
            "files = [\"{}\"]",
            outside.path().join("secret.csv").display()
        ),
    );
    let f = Fixture::new(&plan);
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("missing required column"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("s3cr3t"), "{}", out.stderr);
}

#[test]
fn data_errors_are_reported_in_the_same_run_as_plan_errors() {
    let plan = format!(
        "{PLAN}[[milestone]]\nid = \"m\"\npriority = \"p\"\ntitle = \"M\"\ndue = \"someday\"\n"
    );
    let f = Fixture::new(&plan).file("m.csv", "id,period,value\ni,2024,lots\n");
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cfp.toml:"), "{}", out.stderr);
    assert!(
        out.stderr.contains("m.csv:2:8: `lots` is not a number"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("2 errors in the plan or its data"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_quote_closed_by_a_later_row_is_an_error_where_it_opened() {
    // Issue 20: the rows between were read into a note, `check` said ok,
    // and the latest figure shown was two years old.
    let f = Fixture::new(PLAN).file(
        "m.csv",
        "id,period,value,note\ni,2022,6,\"unclosed\ni,2023,7,x\ni,2024,8,\"fine\"\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains(
            "m.csv:2:1: a quoted cell opens in this row and is closed only 2 lines later"
        ),
        "{}",
        out.stderr
    );
    // A quoted note over two lines, closed properly, is a note.
    let f = Fixture::new(PLAN).file(
        "m.csv",
        "id,period,value,note\ni,2022,6,\"two\nlines\"\ni,2023,7,x\n",
    );
    assert_eq!(f.run(&["check"]).code, 0);
}

#[test]
fn a_european_decimal_is_refused_not_misread() {
    // Issue 20: `12.345,67` was read as 12.35 and `1.234,5` as 1.2345.
    let f = Fixture::new(PLAN).file(
        "m.csv",
        "id,period,value\ni,2023,\"12.345,67\"\ni,2024,\"1.234,5\"\ni,2025,\"70,4\"\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    for (line, cell) in [(2, "12.345,67"), (3, "1.234,5")] {
        assert!(
            out.stderr
                .contains(&format!("m.csv:{line}:8: `{cell}` is not a number")),
            "{}",
            out.stderr
        );
    }
    assert!(
        out.stderr
            .contains("m.csv:4:8: `70,4` is not a number: it has a decimal comma"),
        "{}",
        out.stderr
    );
}
