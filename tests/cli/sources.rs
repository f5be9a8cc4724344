//! Finding the plan, following includes, and loading real exports through
//! header mappings and `where` filters.

use super::{parse_csv, root, run, run_in};

#[test]
fn real_fingertips_exports_load_through_column_mappings() {
    let out = run(&["check", "--plan", "tests/fixtures/fingertips"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "ok: 1 priority, 0 commitments, 2 indicators, 0 milestones; 1253 rows read from 2 files: \
         8 figures, 0 status rows; skipped 1225 for areas the plan does not track, 20 left out by `where`\n\
         sources:\n  1. fingertips/mortality-air-pollution-*.csv: 1236 rows read, 6 kept\n\
         \x20 2. fingertips/dependent-drinkers-*.csv: 17 rows read, 2 kept\n"
    );
    let status = run(&[
        "status",
        "--plan",
        "tests/fixtures/fingertips",
        "--as-of",
        "2021-06-01",
        "--format",
        "csv",
    ]);
    let (header, rows) = parse_csv(&status.stdout);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    let air = &rows[0];
    assert_eq!(air[col("id")], "30101");
    assert_eq!(air[col("period")], "2019");
    assert_eq!(air[col("value")], "5.332805953");
    assert_eq!(air[col("trend")], "up from 4.95% in 2018, not tested");
    assert_eq!(air[col("benchmark")], "above England (5.13%), not tested");
    assert!(
        air[col("reason")].contains("5.33%"),
        "{}",
        air[col("reason")]
    );
}

#[test]
fn the_plan_is_found_by_walking_up() {
    let dir = root().join("examples/minimal/measurements");
    let out = run_in(
        &dir,
        &["status", "--as-of", "2025-06-30", "--format", "csv"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("active-adults"), "{}", out.stdout);
}

#[test]
fn the_plan_from_the_environment_as_a_file() {
    let out = super::cfp()
        .env("CFP_PLAN", root().join("examples/minimal/cfp.toml"))
        .args(["check"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn includes_bring_in_priorities_from_other_files() {
    let out = run(&["check", "--plan", "data"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("ok: 8 priorities"), "{}", out.stdout);
}

#[test]
fn an_include_that_matches_nothing_is_a_warning_and_plan_tables_belong_in_the_main_file() {
    let f = super::Fixture::new(
        "include = [\"parts/*.toml\", \"none/*.toml\"]\n[plan]\ntitle = \"T\"\narea = \"A\"\n",
    )
    .file(
        "parts/p.toml",
        "[plan]\ntitle = \"again\"\narea = \"A\"\n[[priority]]\nid = \"p\"\ntitle = \"P\"\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("include `none/*.toml` matches no file"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("[plan] belongs in cfp.toml"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("parts/p.toml:1:1"), "{}", out.stderr);
}

/// A header written as Excel shows it finds its column: ONS puts line
/// breaks, doubled spaces and note markers into headers, which no one
/// can type (issue 23).
#[test]
fn a_header_typed_as_excel_shows_it_finds_its_column() {
    let f = super::Fixture::new(
        "[plan]\ntitle = \"T\"\narea = \"A\"\n\
         [[measurements.source]]\nfiles = [\"ons.csv\"]\n\
         columns = { id = \"Indicator\", period = \"Time period\", value = \"2021 Current smokers %\" }\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
         [[indicator]]\nid = \"smoking\"\npriority = \"p\"\ntitle = \"Smoking\"\nunit = \"percent\"\n",
    )
    .file(
        "ons.csv",
        "Indicator,\"Time period \n[note 2]\",\"2021  \nCurrent smokers \n%\"\nsmoking,2021,12.9\n",
    );
    let out = f.run(&["status", "--as-of", "2023-01-01", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("12.9"), "{}", out.stdout);
    // A header that is not there lists the file's own, line breaks shown.
    let f = super::Fixture::new(
        "[plan]\ntitle = \"T\"\narea = \"A\"\n\
         [[measurements.source]]\nfiles = [\"ons.csv\"]\n\
         columns = { id = \"Indicator\", period = \"Year\", value = \"Value\" }\n\
         [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
         [[indicator]]\nid = \"smoking\"\npriority = \"p\"\ntitle = \"Smoking\"\nunit = \"percent\"\n",
    )
    .file(
        "ons.csv",
        "Indicator,\"Time period \n[note 2]\",Value\nsmoking,2021,12.9\n",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`Time period \\n[note 2]`"),
        "{}",
        out.stderr
    );
}

/// `where` with a list keeps a row holding any of its values, and
/// `where_not` leaves out the rows holding one; a value of neither kind
/// that is not text is a located error (issue 23, item 5).
#[test]
fn where_takes_a_list_and_where_not_leaves_rows_out() {
    let plan = |conditions: &str| {
        format!(
            "[plan]\ntitle = \"T\"\narea = \"A\"\n\
             [[measurements.source]]\nfiles = [\"m.csv\"]\n{conditions}\n\
             [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
             [[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"percent\"\n"
        )
    };
    let csv = "id,period,value,Sex\n\
               i,2013,10,Persons\n\
               i,2013,11,Male\n\
               i,2014,99,All\n\
               i,2015,12,all\n\
               i,2015,13,Female\n";
    let f = super::Fixture::new(&plan(
        "where = { Sex = [\"Persons\", \"All\"] }\nwhere_not = { period = \"2014\" }",
    ))
    .file("m.csv", csv);
    let out = f.run(&["show", "i", "--as-of", "2020-01-01", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let figures: Vec<(String, f64)> = json["show"]["history"][0]["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|f| {
            (
                f["period"].as_str().expect("period").to_string(),
                f["value"].as_f64().expect("value"),
            )
        })
        .collect();
    // Persons in 2013 and all (any case) in 2015; 2014 left out.
    assert_eq!(
        figures,
        [("2013".to_string(), 10.0), ("2015".to_string(), 12.0)]
    );
    // A where_not value no row holds leaves nothing out: said.
    let f = super::Fixture::new(&plan("where_not = { period = \"2041\" }")).file("m.csv", csv);
    let out = f.run(&["check"]);
    assert!(
        out.stderr
            .contains("where_not `period = \"2041\"`: no row of")
            && out.stderr.contains("so it leaves nothing out"),
        "{}",
        out.stderr
    );
    // A number is not a value to match: located, with the form to use.
    let f = super::Fixture::new(&plan("where = { Sex = 3 }")).file("m.csv", csv);
    let out = f.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("error[wrong-type]")
            && out
                .stderr
                .contains("`where` gives `Sex` no value to match: a value is text"),
        "{}",
        out.stderr
    );
}

#[test]
fn where_lists_and_where_not_read_the_same_in_one_stretch_or_several() {
    // Thousands of rows, every one unquoted, so that the fast CSV path
    // splits lines where they lie; read on one thread and on several.
    let mut csv = String::from("id,period,area,value,Sex\n");
    for year in 2000..2020 {
        for k in 1..=50 {
            let (area, whole) = match k {
                1 => ("A".to_string(), "Persons"),
                2 => ("England".to_string(), "all "),
                _ => (format!("Area {k}"), "Persons"),
            };
            for sex in [whole, "Male", "Female"] {
                csv.push_str(&format!("i,{year},{area},{}.{k},{sex}\n", year - 1990));
            }
        }
    }
    let plan = "[plan]\ntitle = \"T\"\narea = \"A\"\ncomparators = [\"England\"]\n\
                [[measurements.source]]\nfiles = [\"m.csv\"]\n\
                where = { Sex = [\"Persons\", \"All\"] }\nwhere_not = { period = [\"2004\", \"2011\"] }\n\
                [[priority]]\nid = \"p\"\ntitle = \"P\"\n\
                [[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"percent\"\n\
                year = \"calendar\"\n";
    let f = super::Fixture::new(plan).file("m.csv", &csv);
    let read = |threads: &str| {
        let out = super::cfp()
            .current_dir(f.path())
            .env("CFP_THREADS", threads)
            .args(["check"])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let one = read("1");
    // 3,000 rows: a third are Persons or All (any case, spaces round),
    // less the 100 of 2004 and 2011; of those, A's and England's are kept.
    assert!(
        one.starts_with(
            "ok: 1 priority, 0 commitments, 1 indicator, 0 milestones; 3000 rows read from 1 file: \
             36 figures, 0 status rows; skipped 864 for areas the plan does not track, \
             2100 left out by `where`"
        ),
        "{one}"
    );
    assert_eq!(read("3"), one);
    assert_eq!(read("7"), one);
}
