//! Reproducers from the attack on cfp (issue 9), through the real binary:
//! each failed before its fix.

use super::Fixture;

const COUNTS: &str = r#"
[plan]
title = "Attack"
area = "Testshire"

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "Priority"

[[indicator]]
id = "n"
priority = "p"
title = "A count"
unit = "count"
polarity = "lower"

[[indicator]]
id = "r"
priority = "p"
title = "A rate"
unit = "rate"
per = 100000
polarity = "lower"
"#;

/// Every reading command exits 0 (never 101, a panic) on `data`.
fn reads_without_panic(data: &str) {
    let f = Fixture::new(COUNTS).file("data.csv", data);
    for args in [
        &["check"][..],
        &["status"],
        &["status", "--format", "json"],
        &["report"],
        &["report", "--format", "html"],
        &["show", "n"],
        &["show", "r"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--as-of", "2025-01-01"]);
        let out = f.run(&all);
        assert_eq!(out.code, 0, "{all:?} on\n{data}\n{}", out.stderr);
        assert!(!out.stdout.contains("inf to"), "{all:?}: {}", out.stdout);
        assert!(!out.stdout.contains("NaN"), "{all:?}: {}", out.stdout);
    }
}

#[test]
fn a_subnormal_numerator_gives_no_interval_rather_than_a_panic() {
    reads_without_panic(
        "id,period,value,numerator,denominator\nn,2024,1,5e-324,\nr,2024,1,5e-324,1000\n",
    );
}

#[test]
fn huge_counts_give_no_interval_rather_than_inf() {
    reads_without_panic(
        "id,period,value,numerator,denominator\nn,2024,1,1e300,\nr,2024,1,1e308,1000\n",
    );
}

const ANNUAL: &str = r#"
[plan]
title = "Diff"
area = "Testshire"

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "Priority"

[[indicator]]
id = "k"
priority = "p"
title = "Annual figure"
unit = "number"
polarity = "higher"
cadence = "annual"
target = { value = 50 }
"#;

#[test]
fn diff_lists_what_became_stale_when_fail_on_stale_fails() {
    // 2023/24's figure, published 1 Jun 2024, is due again a year on.
    let f = Fixture::new(ANNUAL).file(
        "data.csv",
        "id,period,value,published,note\nk,2023/24,60,2024-06-01,\n",
    );
    let out = f.run(&[
        "diff",
        "--since",
        "2025-03-01",
        "--as-of",
        "2025-06-02",
        "--fail-on",
        "stale",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let (_, rows) = super::parse_csv(&out.stdout);
    assert_eq!(rows.len(), 1, "{}", out.stdout);
    assert_eq!(
        (rows[0][0].as_str(), rows[0][2].as_str()),
        ("became stale", "k")
    );
    assert_eq!(
        (rows[0][6].as_str(), rows[0][7].as_str()),
        ("current", "stale")
    );
}

#[test]
fn diff_on_the_as_of_date_itself_is_empty() {
    let f = Fixture::new(ANNUAL).file("data.csv", "id,period,value\nk,2023/24,60\n");
    let out = f.run(&["diff", "--since", "2025-03-01", "--as-of", "2025-03-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Changes between 1 Mar 2025 and 1 Mar 2025: none"),
        "{}",
        out.stdout
    );
    let later = f.run(&["diff", "--since", "2025-03-02", "--as-of", "2025-03-01"]);
    assert_eq!(
        later.code, 2,
        "a since after the as-of date is still refused"
    );
}

#[test]
fn a_restatement_keeps_both_notes() {
    let f = Fixture::new(ANNUAL).file(
        "data.csv",
        "id,period,value,published,note\n\
         k,2023/24,60,2024-06-01,first count\n\
         k,2023/24,58,2024-09-01,two duplicates removed\n",
    );
    let out = f.run(&[
        "diff",
        "--since",
        "2024-07-01",
        "--as-of",
        "2024-10-01",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (header, rows) = super::parse_csv(&out.stdout);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let restated = rows
        .iter()
        .find(|r| r[col("change")] == "figure restated")
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert_eq!(restated[col("from")], "60");
    assert_eq!(restated[col("to")], "58");
    assert_eq!(restated[col("from_reason")], "first count");
    assert_eq!(restated[col("to_reason")], "two duplicates removed");
}

const FORECAST: &str = r#"
[plan]
title = "Forecast"
area = "Testshire"

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "Priority"

[[indicator]]
id = "low"
priority = "p"
title = "Lower is better, already under its target"
unit = "percent"
polarity = "lower"
target = { value = 90, by = "2027/28" }

[[indicator]]
id = "wrong"
priority = "p"
title = "Target below the baseline, higher is better"
unit = "percent"
polarity = "higher"
baseline = { value = 95, period = "2020/21" }
target = { value = 90, by = "2027/28" }
"#;

// Five points for `low`: fewer give no forecast (SPEC 3a).
const FORECAST_DATA: &str = "id,period,value\n\
    low,2019/20,70\nlow,2020/21,64\nlow,2021/22,60\nlow,2022/23,55\nlow,2023/24,51.6\n\
    wrong,2021/22,93\nwrong,2022/23,92\nwrong,2023/24,91\n";

#[test]
fn a_lower_is_better_figure_past_its_target_already_meets_it() {
    let f = Fixture::new(FORECAST).file("data.csv", FORECAST_DATA);
    let out = f.run(&["show", "low", "--as-of", "2024-06-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("already meets the target"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("needs"), "{}", out.stdout);
}

#[test]
fn a_target_on_the_wrong_side_of_its_baseline_is_flagged_in_the_reason_and_by_check() {
    let f = Fixture::new(FORECAST).file("data.csv", FORECAST_DATA);
    let out = f.run(&["status", "--as-of", "2024-06-01", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = super::keyed(&out.stdout);
    let reason = |id: &str| super::row_of(&rows, id)["reason"].clone();
    assert!(
        reason("wrong").ends_with(
            "; check the plan: the target 90% is below the baseline 95% (2020/21) for a higher-is-better indicator"
        ),
        "{}",
        reason("wrong")
    );
    assert!(
        !reason("low").contains("check the plan"),
        "{}",
        reason("low")
    );
    // `check` warns at the target, and the plan still loads.
    let out = f.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("is below the baseline"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", out.stderr);
    assert!(
        warnings[0].contains("cfp.toml:")
            && warnings[0].contains(
                "the target 90 is below the baseline 95 (2020/21) for a higher-is-better indicator"
            ),
        "{}",
        out.stderr
    );
}

#[test]
fn figures_near_the_largest_number_give_finite_words_and_charts() {
    let plan = r#"
[plan]
title = "Big"
area = "Testshire"
comparators = ["England"]

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "Priority"

[[indicator]]
id = "b"
priority = "p"
title = "Huge"
unit = "number"
polarity = "higher"
target = { value = 1.7e308, by = "2027/28" }

[[indicator]]
id = "c"
priority = "p"
title = "Huge improve"
unit = "number"
polarity = "lower"
target = "improve"
"#;
    let f = Fixture::new(plan).file(
        "data.csv",
        "id,area,period,value\nb,,2022/23,-1.7e308\nb,,2023/24,1.7e308\nb,,2024/25,-1.7e308\n\
         b,England,2024/25,1.7e308\nc,,2022/23,-1.7e308\nc,,2023/24,1.7e308\n",
    );
    let status = f.run(&["status", "--as-of", "2025-06-01", "--format", "csv"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let (header, rows) = super::parse_csv(&status.stdout);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    for r in &rows {
        let reason = &r[col("reason")];
        assert!(
            !reason.contains("inf") && !reason.contains("NaN"),
            "{reason}"
        );
        // Before 2027/28 a figure is off track, never off target.
        let want = if r[col("id")] == "b" {
            "off track"
        } else {
            "off target"
        };
        assert_eq!(r[col("status")], want, "{reason}");
        assert!(
            !r[col("forecast")].contains("NaN"),
            "{}",
            r[col("forecast")]
        );
    }
    for args in [
        &["report", "--format", "html"][..],
        &["show", "b"],
        &["show", "c"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--as-of", "2025-06-01"]);
        let out = f.run(&all);
        assert_eq!(out.code, 0, "{all:?}: {}", out.stderr);
        for bad in ["NaN", "inf ", "+inf", "-inf"] {
            assert!(!out.stdout.contains(bad), "{all:?} shows {bad}");
        }
    }
}
