//! Every word a board reads is true (SPEC 3a, issue 18): one fixture per
//! way the words misled a new user, then a walk through every indicator of
//! every example and the seed plan, in every format, checking the words
//! against the rating and the tests behind it.

use super::{keyed, row_of, run, Edit, Fixture};

const HEAD: &str = r#"
[plan]
title = "Words"
area = "Barnet"
comparators = ["England"]

[measurements]
files = ["data.csv"]

[[priority]]
id = "p"
title = "Priority"
"#;

fn plan(indicators: &str) -> String {
    format!("{HEAD}{indicators}")
}

fn status(f: &Fixture, as_of: &str) -> Vec<super::Row> {
    let out = f.run(&["status", "--as-of", as_of, "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    keyed(&out.stdout)
}

fn json_rows(f: &Fixture, as_of: &str) -> Vec<serde_json::Value> {
    let out = f.run(&["status", "--as-of", as_of, "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    doc["rows"].as_array().expect("rows").clone()
}

/// A Fingertips source's `lag` decides when its next figure is due: the
/// 2020 figure, known 11 months after 2020, is next due a year after that.
#[test]
fn a_fingertips_source_lag_keeps_a_current_figure_from_being_stale() {
    let rows = super::status_rows("tests/fixtures/publishers/fingertips", "2022-06-01");
    let air = row_of(&rows, "air");
    assert_eq!(air["period"], "2020");
    assert!(!air["flags"].contains("stale"), "{air:?}");
    let rows = super::status_rows("tests/fixtures/publishers/fingertips", "2022-12-01");
    assert!(row_of(&rows, "air")["flags"].contains("stale"));
    let out = run(&[
        "show",
        "air",
        "--plan",
        "tests/fixtures/publishers/fingertips",
        "--as-of",
        "2022-06-01",
    ]);
    assert!(
        out.stdout.contains("Next figure expected: 30 Nov 2022\n"),
        "{}",
        out.stdout
    );
}

/// A DfE figure published in November is next due the November after, not
/// a year after its academic year ended; `diff --fail-on stale` passes.
#[test]
fn a_source_published_date_is_when_the_next_figure_counts_from() {
    let text = plan(
        r#"
[[indicator]]
id = "eyfsp"
priority = "p"
title = "Good level of development"
unit = "percent"
polarity = "higher"
year = "academic"
cadence = "annual"
"#,
    )
    .edit(
        "[measurements]\nfiles = [\"data.csv\"]",
        "[[measurements.source]]\nfiles = [\"data.csv\"]\npublished = 2024-11-21",
    );
    let f = Fixture::new(&text).file("data.csv", "id,period,value\neyfsp,2023/24,67.7\n");
    let rows = status(&f, "2025-09-15");
    assert!(!row_of(&rows, "eyfsp")["flags"].contains("stale"));
    let json = json_rows(&f, "2025-09-15");
    assert_eq!(json[0]["next_expected"], "2025-11-21");
    let gate = f.run(&[
        "diff",
        "--since",
        "2025-01-01",
        "--as-of",
        "2025-09-15",
        "--fail-on",
        "stale",
    ]);
    assert_eq!(gate.code, 0, "{}{}", gate.stdout, gate.stderr);
    let rows = status(&f, "2025-11-22");
    assert!(row_of(&rows, "eyfsp")["flags"].contains("stale"));
}

const DEADLINE: &str = r#"
[[indicator]]
id = "ncmp"
priority = "p"
title = "Reception children a healthy weight"
unit = "percent"
polarity = "higher"
cadence = "annual"
tolerance = "2pp"
baseline = { period = "2019/20", value = 70 }
target = { value = 80, by = "2024/25" }
"#;

/// With the target due 2024/25 and the latest figure for 2021/22, nothing
/// is missed: the latest is rated on the way, and the reason says the
/// deciding figure is not out (and it is stale, since it is due).
#[test]
fn a_deadline_passed_without_its_figure_is_never_missed() {
    let f = Fixture::new(&plan(DEADLINE)).file(
        "data.csv",
        "id,period,value\nncmp,2020/21,71\nncmp,2021/22,71\n",
    );
    let r = status(&f, "2025-10-01");
    let ncmp = row_of(&r, "ncmp");
    assert_ne!(ncmp["status"], "missed", "{ncmp:?}");
    assert_eq!(ncmp["status"], "off track");
    assert_eq!(
        ncmp["reason"],
        "71% for 2021/22 vs 74% planned for 2021/22 on the way to 80% by 2024/25: 3pp short, \
         beyond 2pp tolerance; the deadline has passed and the 2024/25 figure that decides it \
         is not yet published"
    );
    assert!(ncmp["flags"].contains("stale"));
    // `overdue` lists targets missed: this is not one.
    let overdue = f.run(&["overdue", "--as-of", "2025-10-01"]);
    assert_eq!(overdue.code, 0, "{}", overdue.stdout);
    // With the deadline's own figure it is judged, and missed.
    let f = Fixture::new(&plan(DEADLINE)).file(
        "data.csv",
        "id,period,value\nncmp,2021/22,72\nncmp,2024/25,77\n",
    );
    let r = status(&f, "2025-10-01");
    assert_eq!(
        row_of(&r, "ncmp")["reason"],
        "77% for 2024/25 vs target 80% by 2024/25: missed, 3pp short"
    );
}

/// `69% vs 69% expected by then ...: met` read as "target met": an interim
/// point is on track, never met.
#[test]
fn an_interim_trajectory_point_is_on_track_not_met() {
    let f = Fixture::new(&plan(
        r#"
[[indicator]]
id = "mhst"
priority = "p"
title = "Mental Health Support Team coverage"
unit = "percent"
polarity = "higher"
trajectory = [{ by = "2025/26", value = 69 }]
target = { value = 100, by = "2029/30" }
"#,
    ))
    .file("data.csv", "id,period,value\nmhst,2025/26,69\n");
    let r = status(&f, "2026-06-01");
    let mhst = row_of(&r, "mhst");
    assert_eq!(
        (mhst["rag"].as_str(), mhst["status"].as_str()),
        ("green", "on track")
    );
    assert_eq!(
        mhst["reason"],
        "69% for 2025/26 vs 69% planned for 2025/26 on the way to 100% by 2029/30: on track"
    );
    assert!(!mhst["reason"].contains("met"));
    assert_eq!(
        (mhst["planned"].as_str(), mhst["target"].as_str()),
        ("69", "100")
    );
    let table = f.run(&["status", "--as-of", "2026-06-01"]);
    assert!(table.stdout.contains("on track"), "{}", table.stdout);
    assert!(table.stdout.contains("planned for"), "{}", table.stdout);
    assert!(!table.stdout.contains(" now)"), "{}", table.stdout);
}

/// Barnet's 1,465 people against England's 289,215 says nothing: a count
/// is not compared, and no group rank is given.
#[test]
fn a_count_is_never_benchmarked() {
    let f = Fixture::new(&plan(
        r#"
[[indicator]]
id = "in-treatment"
priority = "p"
title = "People in treatment"
unit = "count"
polarity = "higher"
"#,
    ))
    .file(
        "data.csv",
        "id,area,period,value\nin-treatment,,2023/24,1465\nin-treatment,England,2023/24,289215\n",
    );
    let r = status(&f, "2024-06-01");
    assert_eq!(
        row_of(&r, "in-treatment")["benchmark"],
        "not compared (a count)"
    );
    let json = json_rows(&f, "2024-06-01");
    assert_eq!(json[0]["benchmark"][0]["result"], "not compared");
    assert_eq!(json[0]["benchmark"][0]["because"], "a count");
    let show = f.run(&["show", "in-treatment", "--as-of", "2024-06-01"]);
    assert!(!show.stdout.contains("lower"), "{}", show.stdout);
}

const PROPORTION: &str = r#"
[[indicator]]
id = "screening"
priority = "p"
title = "Screening coverage"
unit = "percent"
polarity = "higher"
"#;

/// Without counts, 82.5% from 84.9% is down, not tested, and England's
/// figure is printed; with the counts the test says no change.
#[test]
fn untested_words_say_so_and_print_the_comparators_figure() {
    let f = Fixture::new(&plan(PROPORTION)).file(
        "data.csv",
        "id,area,period,value\nscreening,,2021,84.9\nscreening,,2022,82.5\nscreening,England,2022,80.1\n",
    );
    let r = status(&f, "2023-06-01");
    let s = row_of(&r, "screening");
    assert_eq!(s["trend"], "down from 84.9% in 2021, not tested");
    assert_eq!(s["benchmark"], "above England (80.1%), not tested");
    let f = Fixture::new(&plan(PROPORTION)).file(
        "data.csv",
        "id,area,period,value,numerator,denominator\n\
         screening,,2021,84.9,849,1000\nscreening,,2022,82.5,825,1000\n\
         screening,England,2022,80.1,,\n",
    );
    let r = status(&f, "2023-06-01");
    let s = row_of(&r, "screening");
    assert_eq!(
        s["trend"],
        "no change from 84.9% in 2021 (95% intervals overlap)"
    );
    assert_eq!(s["benchmark"], "similar to England (80.1%)");
}

/// A forecast from one special-cause spike would project the spike.
#[test]
fn no_forecast_from_a_special_cause_latest_point() {
    let mut csv = String::from("id,period,value\n");
    for m in 1..=12 {
        csv.push_str(&format!("beds,2024-{m:02},{}\n", 40 + m % 3));
    }
    csv.push_str("beds,2025-01,41\nbeds,2025-02,40\nbeds,2025-03,91\n");
    let f = Fixture::new(&plan(
        r#"
[[indicator]]
id = "beds"
priority = "p"
title = "Delayed discharges"
unit = "number"
polarity = "lower"
cadence = "monthly"
target = { value = 35, by = "Jun 2025" }
"#,
    ))
    .file("data.csv", csv);
    let r = status(&f, "2025-04-15");
    assert_eq!(
        row_of(&r, "beds")["forecast"],
        "no forecast: the latest point is special cause"
    );
    let json = json_rows(&f, "2025-04-15");
    assert!(json[0]["forecast"]["result"].is_null());
}

/// Three survey points and a target five years on: no line to 2030.
#[test]
fn no_forecast_from_three_points_or_beyond_the_window() {
    let indicator = r#"
[[indicator]]
id = "survey"
priority = "p"
title = "Adults active"
unit = "percent"
polarity = "higher"
cadence = "annual"
target = { value = 75, by = "2029/30" }
"#;
    let f = Fixture::new(&plan(indicator)).file(
        "data.csv",
        "id,period,value\nsurvey,2022/23,61\nsurvey,2023/24,63\nsurvey,2024/25,66\n",
    );
    let r = status(&f, "2025-06-01");
    assert_eq!(
        row_of(&r, "survey")["forecast"],
        "no forecast: 3 points, 5 needed"
    );
    let show = f.run(&["show", "survey", "--as-of", "2025-06-01"]);
    assert!(
        show.stdout
            .contains("Forecast: no forecast: 3 points, 5 needed\n"),
        "{}",
        show.stdout
    );
    let f = Fixture::new(&plan(&indicator.edit("2029/30", "2032/33"))).file(
        "data.csv",
        "id,period,value\nsurvey,2020/21,58\nsurvey,2021/22,60\nsurvey,2022/23,61\n\
         survey,2023/24,63\nsurvey,2024/25,66\n",
    );
    let r = status(&f, "2025-06-01");
    assert_eq!(
        row_of(&r, "survey")["forecast"],
        "no forecast: the target is 8 periods away, more than the 5 points fitted"
    );
    let f = Fixture::new(&plan(&indicator.edit("2029/30", "2027/28"))).file(
        "data.csv",
        "id,period,value\nsurvey,2020/21,58\nsurvey,2021/22,60\nsurvey,2022/23,61\n\
         survey,2023/24,63\nsurvey,2024/25,66\n",
    );
    let r = status(&f, "2025-06-01");
    assert!(
        row_of(&r, "survey")["forecast"].starts_with("off course: 71.1% by 2027/28"),
        "five points, three years on: a forecast"
    );
}

/// `year = "calendar"` is accepted, and show calls the years what they are.
#[test]
fn a_calendar_year_series_is_called_calendar_years() {
    let f = Fixture::new(&plan(
        r#"
[[indicator]]
id = "deaths"
priority = "p"
title = "Deaths"
unit = "rate"
per = 100000
polarity = "lower"
year = "calendar"
cadence = "annual"
"#,
    ))
    .file(
        "data.csv",
        "id,period,value\ndeaths,2022,310\ndeaths,2023,305\n",
    );
    let show = f.run(&["show", "deaths", "--as-of", "2024-06-01"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout
            .contains("Unit: rate, lower is better; annual figures for calendar years\n"),
        "{}",
        show.stdout
    );
    assert!(!show.stdout.contains("financial"), "{}", show.stdout);
    // A bare year pair cannot say which year it means in a calendar plan.
    let f = Fixture::new(&plan(
        "[[indicator]]\nid = \"deaths\"\npriority = \"p\"\ntitle = \"Deaths\"\nyear = \"calendar\"\n",
    ))
    .file("data.csv", "id,period,value\ndeaths,2022/23,310\n");
    let check = f.run(&["check"]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check.stderr.contains("data.csv:2:") && check.stderr.contains("FY2022/23"),
        "{}",
        check.stderr
    );
}

/// An `improve` target reads as what it is, never a bare `1.7%`.
#[test]
fn an_improve_target_reads_better_than_its_baseline() {
    let f = Fixture::new(&plan(
        r#"
[[indicator]]
id = "gap"
priority = "p"
title = "Attainment gap"
unit = "percent"
polarity = "lower"
target = "improve"
baseline = { period = "2021", value = 1.7 }
"#,
    ))
    .file("data.csv", "id,period,value\ngap,2023,1.5\n");
    let json = json_rows(&f, "2024-06-01");
    assert_eq!(json[0]["target_text"], "better than 1.7% (2021)");
    let csv = status(&f, "2024-06-01");
    assert_eq!(
        row_of(&csv, "gap")["target_words"],
        "better than 1.7% (2021)"
    );
    let table = f.run(&["status", "--as-of", "2024-06-01", "--format", "markdown"]);
    assert!(
        table.stdout.contains("better than 1.7% (2021)"),
        "{}",
        table.stdout
    );
}

/// One trend word beside a rating: never "no change" beside "getting
/// better" in one cell.
#[test]
fn one_trend_word_naming_its_window() {
    let rows = super::status_rows("examples/recent-trend", "2025-06-30");
    for r in &rows {
        let trend = &r["trend"];
        assert!(
            !(trend.contains("no change") && trend.contains("getting")),
            "{trend}"
        );
        assert!(
            trend.is_empty() || trend.starts_with("5-point trend: ") || trend.contains(" in "),
            "names its window: {trend}"
        );
    }
}

// The walk: every indicator of every example and the seed plan, in every
// format.

/// Words that judge, and may come only from a test (or a grade's rank).
const JUDGING_TREND: &[&str] = &[
    "improving",
    "worsening",
    "no change",
    "increasing",
    "decreasing",
    "better grade",
    "worse grade",
    "same grade",
];
const JUDGING_BENCHMARK: &[&str] = &["better", "similar", "worse", "higher", "lower"];

fn plans() -> Vec<(String, &'static str)> {
    let mut out = vec![
        ("data".to_string(), "2026-02-26"),
        ("data".to_string(), "2023-10-31"),
    ];
    let examples = std::fs::read_dir(super::root().join("examples")).expect("examples");
    for e in examples.flatten() {
        if e.path().join("cfp.toml").exists() {
            let name = format!("examples/{}", e.file_name().to_string_lossy());
            out.push((name, "2025-06-30"));
        }
    }
    out.push(("tests/fixtures/ratings".to_string(), "2026-06-30"));
    out
}

fn output(plan: &str, as_of: &str, args: &[&str]) -> String {
    let mut all = vec!["--plan", plan, "--as-of", as_of];
    all.extend(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{plan} {args:?}: {}", out.stderr);
    out.stdout
}

#[test]
fn every_format_carries_words_that_agree_with_the_rating() {
    for (plan, as_of) in plans() {
        let plan = plan.as_str();
        let csv = keyed(&output(plan, as_of, &["status", "--format", "csv"]));
        let doc: serde_json::Value =
            serde_json::from_str(&output(plan, as_of, &["status", "--format", "json"]))
                .expect("json");
        let markdown = output(plan, as_of, &["status", "--format", "markdown"]);
        let pack_md = output(plan, as_of, &["report", "--format", "markdown"]);
        let pack_html = output(plan, as_of, &["report", "--format", "html"]);
        let html = scraper::Html::parse_document(&pack_html);
        let rows = doc["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), csv.len(), "{plan}");
        for (j, c) in rows.iter().zip(&csv) {
            let id = c["id"].as_str();
            let here = format!("{plan} as of {as_of}: {id}");
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            // The same words in CSV and JSON.
            assert_eq!(text(&j["status"]), c["status"], "{here}");
            assert_eq!(text(&j["reason"]), c["reason"], "{here}");
            if j["kind"] != "indicator" {
                continue;
            }
            assert_eq!(text(&j["trend_text"]), c["trend"], "{here}");
            let status = c["status"].as_str();
            let reason = c["reason"].as_str();
            let by = c["by"].as_str();
            // Met and missed only from the target period's figure; on and
            // off track only before it.
            match status {
                "met" | "missed" if !by.is_empty() => {
                    assert!(!reason.contains("planned for"), "{here}: {reason}");
                    assert!(!reason.contains("not yet published"), "{here}: {reason}");
                }
                "on track" | "off track" => {
                    assert!(!by.is_empty(), "{here}: {reason}");
                    assert!(!reason.contains(": met"), "{here}: {reason}");
                }
                _ => {}
            }
            // Missed only with the target period's own figure: the rated
            // one, or one named beside a later one.
            if status == "missed" {
                assert!(
                    c["period"] == by || reason.contains(&format!("the {by} figure was")),
                    "{here}: {reason}"
                );
            }
            // A reason judges only by a rule (met, near, off track...) or a
            // grade's exact rank; a figure against its baseline or target
            // is above or below it, never better or worse without a test.
            if c["unit"] != "grade" {
                for word in ["improved", "worse", "better", "worsening", "improving"] {
                    assert!(!reason.contains(word), "{here}: {word} in {reason}");
                }
            }
            if reason.contains("planned for") {
                assert!(
                    matches!(status, "on track" | "near" | "off track"),
                    "{here}: {status}: {reason}"
                );
            }
            // Judgement words only from a test.
            let tested_trend = j["trend"]["tested"].as_bool().unwrap_or(false);
            if !c["trend"].starts_with("5-point trend: ") {
                let judges = JUDGING_TREND.iter().any(|w| c["trend"].contains(w));
                assert_eq!(judges, tested_trend, "{here}: {}", c["trend"]);
                assert_eq!(
                    c["trend"].contains("not tested"),
                    !tested_trend && !c["trend"].is_empty(),
                    "{here}: {}",
                    c["trend"]
                );
            }
            for b in j["benchmark"].as_array().into_iter().flatten() {
                let result = text(&b["result"]);
                let tested = b["tested"].as_bool().unwrap_or(false);
                let words = text(&b["text"]);
                if JUDGING_BENCHMARK.contains(&result.as_str()) {
                    assert!(
                        tested || words.contains(" grade "),
                        "{here}: {words} is a judgement without a test"
                    );
                }
                if matches!(result.as_str(), "above" | "below" | "same") {
                    assert!(words.ends_with("not tested"), "{here}: {words}");
                }
                if !b["value"].is_null() && result != "ranked" {
                    assert!(
                        words.contains('('),
                        "{here}: the comparator's figure: {words}"
                    );
                }
                if c["unit"] == "count" {
                    assert_eq!(result, "not compared", "{here}: a count");
                    assert!(b.get("rank").is_none(), "{here}: a count has no rank");
                }
            }
            // Every other format carries the same rating and reason.
            let line = markdown
                .lines()
                .find(|l| l.contains(&format!("({id})")))
                .unwrap_or_else(|| panic!("{here}: no markdown row"));
            assert!(line.contains(status), "{here}: {line}");
            assert!(
                line.contains(&c["trend"].replace('|', "\\|")),
                "{here}: {line}"
            );
            // Listed for context (no target, nothing worse): not rated, so
            // the pack gives it no rating words.
            let context =
                scraper::Selector::parse(&format!(".context li#row-{id}")).expect("selector");
            let for_context = html.select(&context).next().is_some();
            assert!(for_context || pack_md.contains(status), "{here}");
            let selector = scraper::Selector::parse(&format!("#row-{id}")).expect("selector");
            let cells: String = html
                .select(&selector)
                .next()
                .unwrap_or_else(|| panic!("{here}: no scorecard row"))
                .text()
                .collect();
            if for_context {
                assert!(matches!(status, "monitor" | "no data"), "{here}: {status}");
            } else {
                assert!(cells.contains(status), "{here}: {cells}");
            }
            if !tested_trend && !c["trend"].starts_with("5-point trend: ") {
                for w in JUDGING_TREND {
                    assert!(!cells.contains(w), "{here}: {w} in {cells}");
                }
            }
            let show = output(plan, as_of, &["show", id]);
            let rating = format!("Rating: {} ({status}): {reason}", c["rag"].to_uppercase());
            // Wrapped to the terminal: compared word for word.
            assert!(
                super::flat(&show).contains(&super::flat(&rating)),
                "{here}: {show}"
            );
        }
        // The workbook holds the CSV's words, cell for cell.
        let dir = tempfile::tempdir().expect("temp dir");
        let book = dir.path().join("status.xlsx");
        output(
            plan,
            as_of,
            &["status", "-o", book.to_str().expect("utf-8 path")],
        );
        let mut wb = calamine::open_workbook_auto(&book).expect("opens");
        let sheet = calamine::Reader::worksheet_range(&mut wb, "status").expect("status sheet");
        // Row 1 is the sheet's title; row 2 its header.
        let mut cells = sheet.rows().skip(1);
        let header: Vec<String> = cells
            .next()
            .expect("header")
            .iter()
            .map(|c| c.to_string())
            .collect();
        for (row, c) in cells.zip(&csv) {
            for name in ["status", "reason", "trend", "benchmark", "forecast"] {
                let k = header.iter().position(|h| h == name).expect(name);
                assert_eq!(row[k].to_string(), c[name], "{plan}: {} {name}", c["id"]);
            }
        }
        // The terminal table: every rating's word, and the diff since a year
        // before: every rating that moved reads as status reads it now.
        let table = output(plan, as_of, &["status"]);
        for c in &csv {
            assert!(
                table.contains(c["status"].as_str()),
                "{plan}: {}",
                c["status"]
            );
        }
        let year_before = format!(
            "{}{}",
            as_of[..4].parse::<i32>().expect("year") - 1,
            &as_of[4..]
        );
        let diff: serde_json::Value = serde_json::from_str(&output(
            plan,
            as_of,
            &["diff", "--since", &year_before, "--format", "json"],
        ))
        .expect("diff json");
        for change in diff["changes"].as_array().into_iter().flatten() {
            if change["change"] != "rating moved" {
                continue;
            }
            let now = row_of(&csv, change["id"].as_str().unwrap_or(""));
            assert_eq!(change["to_reason"], now["reason"].as_str(), "{plan}");
        }
        // Words of the old untested forms appear nowhere.
        for text in [&markdown, &pack_md, &pack_html, &table] {
            for stale_word in ["(not tested)", "expected by then", "expected now", " now)"] {
                assert!(!text.contains(stale_word), "{plan}: {stale_word}");
            }
        }
    }
}

/// What a review found still untrue after the first pass: `missed` with
/// no figure for the target's period, a miss turned `met` with nothing
/// said, a deciding figure published early left `near`, a suppressed row
/// called "not yet published", a grade `on track` for ever after its
/// deadline, and "improved" beside a tested "no change".
#[test]
fn deadlines_are_judged_on_the_target_periods_own_figure() {
    let f = Fixture::new(&plan(
        r#"
[[indicator]]
id = "recovered"
priority = "p"
title = "Missed, then met"
unit = "percent"
polarity = "higher"
cadence = "quarterly"
target = { value = 80, by = "2023/24" }

[[indicator]]
id = "skipped"
priority = "p"
title = "No figure for the target's year"
unit = "percent"
polarity = "higher"
cadence = "annual"
target = { value = 90, by = "2021/22" }

[[indicator]]
id = "early"
priority = "p"
title = "Published early"
unit = "percent"
polarity = "higher"
cadence = "annual"
lag = "6 months"
target = { value = 90, by = "2022/23" }

[[indicator]]
id = "hidden"
priority = "p"
title = "Suppressed in the target's year"
unit = "percent"
polarity = "higher"
cadence = "annual"
target = { value = 90, by = "2022/23" }

[[indicator]]
id = "judged"
priority = "p"
title = "Inspection"
unit = "grade"
scale = ["Inadequate", "Requires improvement to be good", "Good", "Outstanding"]
target = { value = "Good", by = "2022/23" }

[[indicator]]
id = "improving"
priority = "p"
title = "Improve, untested"
unit = "percent"
polarity = "higher"
target = "improve"
"#,
    ))
    .file(
        "data.csv",
        "id,period,value,numerator,denominator,published\n\
         recovered,Q4 2023/24,79,,,\nrecovered,Q1 2024/25,81,,,\n\
         skipped,2020/21,85,,,\nskipped,2022/23,89,,,\n\
         early,2022/23,88,,,2023-05-01\n\
         hidden,2021/22,85,,,\nhidden,2022/23,c,,,\n\
         judged,2019-05-01,Requires improvement to be good,,,\n\
         improving,2022/23,46.6,466,1000,\nimproving,2023/24,47.5,475,1000,\n",
    );
    let rows = status(&f, "2024-08-15");
    let reason = |id: &str| row_of(&rows, id)["reason"].clone();
    let status_of = |id: &str| row_of(&rows, id)["status"].clone();
    assert_eq!(status_of("recovered"), "met");
    assert_eq!(
        reason("recovered"),
        "81% for Q1 2024/25 vs target 80% by 2023/24: met, 1pp above; the Q4 2023/24 figure was 79%"
    );
    assert_eq!(status_of("skipped"), "near", "{}", reason("skipped"));
    assert!(
        reason("skipped").ends_with("; no figure for 2021/22 itself"),
        "{}",
        reason("skipped")
    );
    let early = status(&f, "2023-06-01");
    assert_eq!(row_of(&early, "early")["status"], "missed");
    assert!(
        reason("hidden")
            .ends_with("the 2022/23 figure that decides it was published as suppressed"),
        "{}",
        reason("hidden")
    );
    assert_eq!(status_of("judged"), "missed", "{}", reason("judged"));
    assert_eq!(
        reason("improving"),
        "47.5% for 2023/24 vs baseline 46.6% (2022/23): met, 0.9pp above"
    );
    assert!(row_of(&rows, "improving")["trend"].starts_with("no change"));
}

/// The diff's CSV gives a figure as a number, as the status CSV does
/// (SPEC 4): `5500`, never `5,500` or `75.9%`; Markdown keeps the words.
#[test]
fn the_diff_csv_gives_figures_as_numbers() {
    let args = [
        "diff",
        "--plan",
        "data",
        "--since",
        "2023-10-31",
        "--as-of",
        "2026-02-26",
    ];
    let csv = run(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let rows = keyed(&csv.stdout);
    let reach = rows
        .iter()
        .find(|r| r["id"] == "baby-fortnight-reach" && r["change"] == "figure arrived")
        .expect("a figure arrived");
    assert_eq!(reach["to"], "5500");
    let review = rows
        .iter()
        .find(|r| r["id"] == "two-year-review" && r["change"] == "figure arrived")
        .expect("a figure arrived");
    assert_eq!(review["to"], "75.9");
    let markdown = run(&[&args[..], &["--format", "markdown"]].concat());
    assert!(markdown.stdout.contains("5,500"), "{}", markdown.stdout);
}
