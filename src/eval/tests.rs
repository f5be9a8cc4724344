//! The rules, unit-tested on plans built in memory: no files touched.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use super::*;
use crate::measure::{
    Area, FigureText, MaybeNumber, MilestoneState, Observation, Origin, Update, Value,
};
use crate::period::{self, PeriodContext, Span};
use crate::plan::{self, SourceFile};
use crate::report::words::benchmark_text;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A plan from TOML text, with no includes.
fn plan(toml: &str) -> Plan {
    let root = SourceFile {
        path: "cfp.toml".into(),
        text: format!(
            "[plan]\ntitle = \"T\"\narea = \"Here\"\ncomparators = [\"England\"]\n\
             [[priority]]\nid = \"p\"\ntitle = \"P\"\n{toml}"
        ),
    };
    let (plan, _) = plan::load(root, &|_| Ok(Vec::new())).expect("valid test plan");
    plan
}

fn obs(label: &str, value: f64) -> Observation {
    let period = period::parse(label, PeriodContext::default()).expect("test period");
    Observation {
        area: Area::Own,
        period,
        value: Value::Number { value, mark: None },
        numerator: MaybeNumber::NONE,
        denominator: MaybeNumber::NONE,
        lower_ci: MaybeNumber::NONE,
        upper_ci: MaybeNumber::NONE,
        published: None,
        known: period.last,
        text: FigureText::of(Some(value.to_string().into()), None),
        origin: Origin { file: 0, line: 0 },
    }
}

fn rate(p: &Plan, series: &[Observation], as_of: &str) -> IndicatorRating {
    rate_indicator(p, &p.indicators[0], series, d(as_of))
}

const HIGHER_80: &str = "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\n\
    polarity = \"higher\"\ntolerance = \"5%\"\ntarget = { value = 80, by = \"2030/31\" }\n";

/// [`HIGHER_80`] with no date: every figure can meet it.
fn undated(text: &str) -> String {
    text.replace(", by = \"2030/31\"", "")
}

#[test]
fn the_spec_bounds_example() {
    let p = plan(&undated(HIGHER_80));
    for (value, status) in [
        (80.0, Status::Met),
        (76.0, Status::Near),
        (75.9, Status::OffTarget),
        (95.0, Status::Met),
    ] {
        assert_eq!(
            rate(&p, &[obs("2024/25", value)], "2025-06-01").status,
            status,
            "{value}"
        );
    }
}

#[test]
fn lower_is_better_mirrors_the_bounds() {
    let p = plan(&undated(&HIGHER_80.replace("higher", "lower")));
    for (value, status) in [
        (80.0, Status::Met),
        (84.0, Status::Near),
        (84.1, Status::OffTarget),
        (10.0, Status::Met),
    ] {
        assert_eq!(
            rate(&p, &[obs("2024/25", value)], "2025-06-01").status,
            status,
            "{value}"
        );
    }
}

#[test]
fn interpolation_along_baseline_trajectory_and_target() {
    let p = plan(
        "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\npolarity = \"higher\"\n\
         baseline = { period = \"2020/21\", value = 60 }\n\
         trajectory = [{ by = \"2022/23\", value = 70 }]\n\
         target = { value = 80, by = \"2024/25\" }\n",
    );
    let ind = &p.indicators[0];
    assert_eq!(
        applicable_target(ind, d("2019-03-31")),
        Some(60.0),
        "flat before the baseline"
    );
    assert_eq!(applicable_target(ind, d("2021-03-31")), Some(60.0));
    assert_eq!(
        applicable_target(ind, d("2022-03-31")),
        Some(65.0),
        "halfway by days"
    );
    assert_eq!(applicable_target(ind, d("2023-03-31")), Some(70.0));
    assert_eq!(
        applicable_target(ind, d("2030-03-31")),
        Some(80.0),
        "flat after the target"
    );
}

#[test]
fn before_the_first_point_with_no_baseline_the_first_point_applies() {
    let p = plan(
        "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\npolarity = \"higher\"\n\
         trajectory = [{ by = \"2022/23\", value = 70 }]\n\
         target = { value = 80, by = \"2024/25\" }\n",
    );
    assert_eq!(
        applicable_target(&p.indicators[0], d("2020-03-31")),
        Some(70.0)
    );
}

/// Missed once the target period's own figure is known and short and its
/// period is over: without tolerance, and without waiting for the lag,
/// which only says when a figure not yet in is due.
#[test]
fn missed_once_the_target_periods_own_figure_is_in() {
    let p = plan(
        &HIGHER_80
            .replace("2030/31", "2024/25")
            .replace("tolerance", "lag = \"6 months\"\ntolerance"),
    );
    let mut early = obs("2024/25", 79.0);
    early.published = Some(d("2025-05-01"));
    early.known = d("2025-05-01");
    let series = [early];
    assert_eq!(rate(&p, &series, "2025-04-30").status, Status::NoData);
    assert_eq!(rate(&p, &series, "2025-05-01").status, Status::Missed);
    // A figure for its own period is never near once the period is over.
    let series = [obs("2024/25", 79.0)];
    assert_eq!(rate(&p, &series, "2025-03-31").status, Status::Near);
    assert_eq!(rate(&p, &series, "2025-04-01").status, Status::Missed);
    assert_eq!(
        rate(&p, &[obs("2024/25", 80.0)], "2026-10-01").status,
        Status::Met
    );
}

#[test]
fn as_of_hides_figures_not_yet_published() {
    let p = plan(HIGHER_80);
    let mut late = obs("2024/25", 70.0);
    late.published = Some(d("2025-10-01"));
    late.known = d("2025-10-01");
    let series = [obs("2023/24", 80.0), late];
    assert_eq!(rate(&p, &series, "2025-09-30").status, Status::OnTrack);
    assert_eq!(rate(&p, &series, "2025-10-01").status, Status::OffTrack);
    assert_eq!(rate(&p, &series, "2024-01-01").status, Status::NoData);
}

#[test]
fn stale_after_one_cadence_plus_lag() {
    let p = plan(&HIGHER_80.replace(
        "tolerance",
        "cadence = \"annual\"\nlag = \"3 months\"\ntolerance",
    ));
    // The loader dates a figure with no published date at its period's
    // end plus the lag: 2024-03-31 + 3 months.
    let mut figure = obs("2023/24", 80.0);
    figure.known = d("2024-06-30");
    let series = [figure];
    // 2024-03-31 + 12 months + 3 months = 2025-06-30.
    assert!(!rate(&p, &series, "2025-06-30").flags.contains(&Flag::Stale));
    assert!(rate(&p, &series, "2025-07-01").flags.contains(&Flag::Stale));
}

#[test]
fn direction_of_travel_is_polarity_aware() {
    let p = plan(&HIGHER_80.replace("higher", "lower"));
    let ind = &p.indicators[0];
    let text = |t: &crate::eval::Trend| t.text(ind.unit, ind.per, &ind.scale);
    let trend = rate(
        &p,
        &[obs("2023/24", 90.0), obs("2024/25", 85.0)],
        "2025-06-01",
    )
    .analysis
    .direction
    .expect("trend");
    assert_eq!(
        (trend.direction, text(&trend).as_str()),
        (Direction::Down, "down from 90 in 2023/24, not tested"),
        "no intervals: only down, never improving"
    );
    let mut a = obs("2023/24", 90.0);
    let mut b = obs("2024/25", 85.0);
    a.lower_ci = Some(84.0).into();
    a.upper_ci = Some(96.0).into();
    b.lower_ci = Some(80.0).into();
    b.upper_ci = Some(90.0).into();
    let trend = rate(&p, &[a, b], "2025-06-01")
        .analysis
        .direction
        .expect("trend");
    assert_eq!(
        trend.direction,
        Direction::NoChange,
        "overlapping intervals"
    );
    let (mut a, mut b) = (obs("2023/24", 90.0), obs("2024/25", 70.0));
    (a.lower_ci, a.upper_ci) = (Some(88.0).into(), Some(92.0).into());
    (b.lower_ci, b.upper_ci) = (Some(68.0).into(), Some(72.0).into());
    let trend = rate(&p, &[a, b], "2025-06-01")
        .analysis
        .direction
        .expect("trend");
    assert_eq!(
        (trend.direction, text(&trend).as_str()),
        (Direction::Improving, "improving from 90 in 2023/24")
    );
}

fn milestone(due: Option<&str>, completed: Option<&str>) -> crate::plan::Milestone {
    crate::plan::Milestone {
        id: "m".into(),
        priority: "p".into(),
        commitment: None,
        title: "M".into(),
        due: due.map(d),
        due_label: due.map(String::from),
        due_period: due.map(|s| crate::period::Period::day(d(s))),
        completed: completed.map(d),
        lead: None,
        description: None,
        note: None,
    }
}

fn update(date: &str, state: MilestoneState, line: u32) -> Update<MilestoneState> {
    Update {
        date: d(date),
        state,
        published: None,
        note: None,
        origin: Origin { file: 0, line },
    }
}

#[test]
fn milestone_precedence() {
    let soon = Span::Days(30);
    let at_risk = [update("2025-01-01", MilestoneState::AtRisk, 2)];
    let m = milestone(Some("2025-06-30"), None);
    assert_eq!(
        rate_milestone(&m, &at_risk, d("2025-07-01"), soon).status,
        Status::Overdue,
        "overdue outranks at risk"
    );
    assert_eq!(
        rate_milestone(&m, &at_risk, d("2025-06-15"), soon).status,
        Status::AtRisk,
        "at risk outranks due soon"
    );
    assert_eq!(
        rate_milestone(&m, &[], d("2025-06-30"), soon).status,
        Status::DueSoon,
        "on its due date"
    );
    assert_eq!(
        rate_milestone(&m, &[], d("2025-05-31"), soon).status,
        Status::DueSoon
    );
    assert_eq!(
        rate_milestone(&m, &[], d("2025-05-30"), soon).status,
        Status::OnTrack
    );
}

#[test]
fn a_completion_known_only_from_a_later_report_claims_no_lateness() {
    let soon = Span::Days(30);
    let m = milestone(Some("2024-01-31"), None);
    let mut row = update("2026-02-26", MilestoneState::Complete, 2);
    row.note = Some("Reported complete by the 26 Feb 2026 report; date not stated.".into());
    let r = rate_milestone(&m, &[row], d("2026-03-01"), soon);
    assert_eq!(r.status, Status::Complete);
    assert_eq!(
        r.reason,
        "reported complete in the 26 Feb 2026 report; date not stated (due 31 Jan 2024)"
    );
    // Without that word, the row's date is the completion's.
    let plain = [update("2026-02-26", MilestoneState::Complete, 2)];
    assert_eq!(
        rate_milestone(&m, &plain, d("2026-03-01"), soon).status,
        Status::CompleteLate
    );
}

#[test]
fn a_milestone_with_no_due_date_and_no_update_is_grey_no_update() {
    let soon = Span::Days(30);
    let m = milestone(None, None);
    let r = rate_milestone(&m, &[], d("2025-06-30"), soon);
    assert_eq!(r.status, Status::NoUpdate);
    assert_eq!(r.status.rag(), Rag::Grey);
    // One update is evidence enough to say on track.
    let moving = [update("2025-01-01", MilestoneState::InProgress, 2)];
    assert_eq!(
        rate_milestone(&m, &moving, d("2025-06-30"), soon).status,
        Status::OnTrack
    );
}

#[test]
fn milestone_latest_row_wins_and_later_line_breaks_ties() {
    let soon = Span::Days(30);
    let m = milestone(Some("2025-06-30"), None);
    let rows = [
        update("2025-03-01", MilestoneState::Complete, 2),
        update("2025-03-01", MilestoneState::InProgress, 3),
    ];
    assert_eq!(
        rate_milestone(&m, &rows, d("2025-04-01"), soon).status,
        Status::OnTrack
    );
    let completed_in_plan = milestone(Some("2025-06-30"), Some("2025-07-02"));
    assert_eq!(
        rate_milestone(&completed_in_plan, &[], d("2025-07-01"), soon).status,
        Status::Overdue
    );
    assert_eq!(
        rate_milestone(&completed_in_plan, &[], d("2025-07-02"), soon).status,
        Status::CompleteLate
    );
}

fn severity(s: Status) -> u8 {
    match s {
        Status::Met | Status::OnTrack => 0,
        Status::Near => 1,
        _ => 2,
    }
}

/// Runs `test` on cases drawn from `strategy` as `proptest!` does, the
/// cases saved in `proptest-regressions/eval/tests.txt` first: a plain
/// function where the macro's body is one rustfmt cannot lay out.
fn property<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let config = ProptestConfig {
        source_file: Some(file!()),
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}\n{runner}");
    }
}

#[test]
fn moving_away_from_target_never_improves_the_rating() {
    let strategy = (0.0f64..200.0, 0.0f64..200.0, any::<bool>());
    property(strategy, |(a, b, higher)| {
        let text = if higher {
            HIGHER_80.to_string()
        } else {
            HIGHER_80.replace("higher", "lower")
        };
        let p = plan(&text);
        // `further` is at least as far on the wrong side of 80 as `nearer`.
        let (nearer, further) = if higher {
            (a.max(b), a.min(b))
        } else {
            (a.min(b), a.max(b))
        };
        let r1 = rate(&p, &[obs("2024/25", nearer)], "2025-06-01").status;
        let r2 = rate(&p, &[obs("2024/25", further)], "2025-06-01").status;
        prop_assert!(
            severity(r2) >= severity(r1),
            "{nearer} -> {r1:?}, {further} -> {r2:?}"
        );
        Ok(())
    });
}

fn monthly(values: &[f64]) -> Vec<Observation> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (y, m) = (2020 + (i / 12) as i32, (i % 12) as u32 + 1);
            obs(&format!("{y}-{m:02}"), *v)
        })
        .collect()
}

#[test]
fn spc_ignores_a_missing_period() {
    let strategy = (proptest::collection::vec(0.0f64..100.0, 13..30), 0usize..13);
    property(strategy, |(values, at)| {
        let p = plan(
            "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\npolarity = \"higher\"\n",
        );
        let series = monthly(&values);
        let mut gapped = series.clone();
        // The same figures with a missing month inserted: later months move on one.
        let mut with_gap: Vec<Option<f64>> = values.iter().copied().map(Some).collect();
        with_gap.insert(at, None);
        gapped.clear();
        for (i, v) in with_gap.iter().enumerate() {
            let (y, m) = (2020 + (i / 12) as i32, (i % 12) as u32 + 1);
            let mut o = obs(&format!("{y}-{m:02}"), v.unwrap_or_default());
            if v.is_none() {
                o.value = Value::Missing;
            }
            gapped.push(o);
        }
        let a = rate(&p, &series, "2030-01-01")
            .analysis
            .spc
            .expect("spc")
            .result
            .expect("13+ points");
        let b = rate(&p, &gapped, "2030-01-01")
            .analysis
            .spc
            .expect("spc")
            .result
            .expect("13+ points");
        prop_assert_eq!(a, b);
        Ok(())
    });
}

#[test]
fn the_benchmark_flips_from_better_to_worse_with_polarity() {
    property((1u32..999, 0.0f64..100.0), |(x, theirs)| {
        let toml = |polarity: &str| {
            format!(
                "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\n\
                 unit = \"percent\"\npolarity = \"{polarity}\"\n"
            )
        };
        let mut own = obs("2024/25", f64::from(x) / 10.0);
        own.numerator = Some(f64::from(x)).into();
        own.denominator = Some(1000.0).into();
        let mut england = obs("2024/25", theirs);
        england.area = Area::Comparator(0);
        let series = [own, england];
        let higher = rate(&plan(&toml("higher")), &series, "2025-06-01")
            .analysis
            .benchmark;
        let lower = rate(&plan(&toml("lower")), &series, "2025-06-01")
            .analysis
            .benchmark;
        let flipped = match higher[0].result {
            Standing::Better => Standing::Worse,
            Standing::Worse => Standing::Better,
            other => other,
        };
        prop_assert_eq!(lower[0].result, flipped);
        prop_assert!(higher[0].tested);
        Ok(())
    });
}

#[test]
fn benchmark_reference_examples() {
    // 65/100 (65.0% [55.25, 73.64]): England 60% similar; 50% better;
    // five levels: 50 better at 95%, 45 better at 99.8%.
    let five = plan(
        "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\n\
         unit = \"percent\"\npolarity = \"higher\"\n",
    );
    let mut own = obs("2024/25", 65.0);
    own.numerator = Some(65.0).into();
    own.denominator = Some(100.0).into();
    let compare = |p: &Plan, theirs: f64| {
        let mut england = obs("2024/25", theirs);
        england.area = Area::Comparator(0);
        rate(p, &[own.clone(), england], "2025-06-01")
            .analysis
            .benchmark[0]
            .clone()
    };
    assert_eq!(compare(&five, 60.0).result, Standing::Similar);
    assert_eq!(compare(&five, 50.0).result, Standing::Better);
    let mut p5 = five.clone();
    p5.defaults.benchmark_levels = 5;
    assert_eq!(compare(&p5, 50.0).level, Some("95%"));
    assert_eq!(compare(&p5, 45.0).level, Some("99.8%"));
    assert_eq!(
        compare(&p5, 45.0).text(),
        "better than England (45%) at 99.8% confidence"
    );
    assert_eq!(compare(&five, 60.0).text(), "similar to England (60%)");
}

#[test]
fn spc_after_a_rebase_uses_only_the_points_since() {
    let base =
        "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\npolarity = \"higher\"\n";
    let values: Vec<f64> = (0..26)
        .map(|i| {
            if i < 13 {
                10.0 + f64::from(i % 2)
            } else {
                20.0 + f64::from(i % 2)
            }
        })
        .collect();
    let series = monthly(&values);
    let before = rate(&plan(base), &series, "2030-01-01")
        .analysis
        .spc
        .expect("spc");
    assert_eq!(before.points, 26);
    assert!(
        before.result.expect("analysed").rule.is_some(),
        "the step is special cause"
    );
    let rebased = rate(
        &plan(&format!("{base}rebase = [2021-02-01]\n")),
        &series,
        "2030-01-01",
    )
    .analysis
    .spc
    .expect("spc");
    assert_eq!(rebased.points, 13);
    assert_eq!(rebased.since, Some(d("2021-02-01")));
    let result = rebased.result.expect("13 points");
    assert_eq!(result.rule, None, "{result:?}");
    assert!((result.limits.mean - 20.0 - 7.0 / 13.0).abs() < 1e-9);
}

const OFSTED: &str =
    "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"grade\"\n\
    scale = [\"Inadequate\", \"Requires improvement to be good\", \"Good\", \"Outstanding\"]\n";

/// A grade figure as the reader makes it: its rank, the word kept raw.
fn grade(label: &str, word: &str, p: &Plan) -> Observation {
    let rank =
        crate::measure::grade_rank(word, &p.indicators[0].scale).expect("a word of the scale");
    Observation {
        text: FigureText::of(Some(word.into()), None),
        ..obs(label, rank as f64)
    }
}

#[test]
fn a_grade_meets_its_target_at_or_above_it_by_rank() {
    let p = plan(&format!("{OFSTED}target = {{ value = \"Good\" }}\n"));
    assert_eq!(
        p.indicators[0].polarity,
        plan::Polarity::Higher,
        "higher by default"
    );
    for (word, status) in [
        ("Outstanding", Status::Met),
        ("Good", Status::Met),
        ("Requires improvement to be good", Status::OffTarget),
        ("Inadequate", Status::OffTarget),
    ] {
        let r = rate(&p, &[grade("2024-04-22", word, &p)], "2024-06-01");
        assert_eq!(r.status, status, "{word}");
        assert!(
            r.reason
                .starts_with(&format!("{word} (inspected 2024-04-22) vs target Good: ")),
            "{}",
            r.reason
        );
    }
    let r = rate(&p, &[grade("2024-04-22", "Inadequate", &p)], "2024-06-01");
    assert_eq!(
        r.reason,
        "Inadequate (inspected 2024-04-22) vs target Good: 2 grades short"
    );
}

#[test]
fn a_grade_has_an_amber_word_and_a_deadline() {
    let p = plan(&format!(
        "{OFSTED}target = {{ value = \"Good\", by = \"2024/25\", \
         amber = \"Requires improvement to be good\" }}\n"
    ));
    let ri = [grade("2024-04-22", "Requires improvement to be good", &p)];
    let r = rate(&p, &ri, "2024-06-01");
    assert_eq!(r.status, Status::Near);
    assert!(
        r.reason.ends_with(
            "1 grade short, at or above the amber grade Requires improvement to be good"
        ),
        "{}",
        r.reason
    );
    let r = rate(&p, &[grade("2024-04-22", "Inadequate", &p)], "2024-06-01");
    assert_eq!(r.status, Status::OffTarget);
    let r = rate(&p, &ri, "2025-04-01");
    assert_eq!(
        r.status,
        Status::Missed,
        "inspected within the target's year, below it, after the by"
    );
    assert!(r.reason.ends_with("missed, 1 grade short"), "{}", r.reason);
    // A judgement stands until the next inspection: the one standing when
    // the deadline passed decides it.
    let before = [grade("2023-11-10", "Requires improvement to be good", &p)];
    let r = rate(&p, &before, "2025-03-31");
    assert_eq!(r.status, Status::Near, "before the deadline");
    let r = rate(&p, &before, "2025-04-01");
    assert_eq!(r.status, Status::Missed, "{}", r.reason);
    // A later inspection is rated with the standing one said beside it.
    let r = rate(
        &p,
        &[before[0].clone(), grade("2025-06-01", "Good", &p)],
        "2025-07-01",
    );
    assert_eq!(r.status, Status::Met, "{}", r.reason);
    assert!(
        r.reason.ends_with(
            "met; the judgement standing at the deadline was \
             Requires improvement to be good (inspected 2023-11-10)"
        ),
        "{}",
        r.reason
    );
    let r = rate(&p, &[grade("2025-01-10", "Good", &p)], "2026-01-01");
    assert_eq!(r.status, Status::Met, "met stays met after the by");
}

#[test]
fn a_grade_improves_on_its_baseline_by_rank() {
    let p = plan(&format!(
        "{OFSTED}target = \"improve\"\n\
         baseline = {{ period = \"2019-09-23\", value = \"Requires improvement to be good\" }}\n"
    ));
    for (word, status) in [
        ("Good", Status::Met),
        ("Requires improvement to be good", Status::Near),
        ("Inadequate", Status::OffTarget),
    ] {
        let r = rate(&p, &[grade("2024-04-22", word, &p)], "2024-06-01");
        assert_eq!(r.status, status, "{word}: {}", r.reason);
    }
    let r = rate(&p, &[grade("2024-04-22", "Good", &p)], "2024-06-01");
    assert_eq!(
        r.reason,
        "Good (inspected 2024-04-22) vs baseline Requires improvement to be good (2019-09-23): \
         improved by 1 grade"
    );
}

#[test]
fn a_grade_is_never_stale_and_has_no_statistics() {
    let p = plan(&format!("{OFSTED}target = {{ value = \"Good\" }}\n"));
    let series: Vec<Observation> = (0..14)
        .map(|y| {
            grade(
                &format!("{}-06-01", 2000 + y),
                if y % 2 == 0 { "Good" } else { "Outstanding" },
                &p,
            )
        })
        .collect();
    let r = rate(&p, &series, "2040-01-01");
    assert!(r.flags.is_empty(), "{:?}", r.flags);
    assert!(
        r.analysis.spc.is_none() && r.analysis.forecast.is_none() && r.analysis.recent.is_none()
    );
    let t = r.analysis.direction.expect("a direction of travel");
    assert_eq!(t.direction, Direction::Improving, "Good to Outstanding");
    let ind = &p.indicators[0];
    assert_eq!(
        t.text(ind.unit, ind.per, &ind.scale),
        "a better grade than Good (inspected 2012-06-01)"
    );
}

#[test]
fn a_grade_is_benchmarked_by_rank_for_the_same_period() {
    let p = plan(&format!("{OFSTED}target = {{ value = \"Good\" }}\n"));
    let mut england = grade("2024-04-22", "Requires improvement to be good", &p);
    england.area = Area::Comparator(0);
    let own = grade("2024-04-22", "Good", &p);
    let r = rate(&p, &[own.clone(), england.clone()], "2024-06-01");
    assert_eq!(
        benchmark_text(&r.analysis.benchmark),
        "better grade than England (Requires improvement to be good)"
    );
    england.period = period::parse("2023-01-01", PeriodContext::default()).expect("period");
    let r = rate(&p, &[own, england], "2024-06-01");
    assert_eq!(benchmark_text(&r.analysis.benchmark), "not compared");
}

#[test]
fn a_grade_row_prints_and_serialises_as_words() {
    let p = plan(&format!("{OFSTED}target = {{ value = \"Good\" }}\n"));
    let row =
        rate(&p, &[grade("2024-04-22", "Outstanding", &p)], "2024-06-01").row(&p.indicators[0]);
    assert_eq!(row.value, Some(4.0), "held as its rank");
    assert_eq!(row.shown(4.0), "Outstanding");
    assert_eq!(row.shown_target(3.0), "Good or better");
    let json = serde_json::to_value(&row).expect("JSON");
    assert_eq!(json["value"], "Outstanding");
    assert_eq!(json["target"], "Good");
}

/// Each shape of reason, word for word: the rules decide a finding and
/// `Finding::words` writes it, so a change of wording shows here.
#[test]
fn every_kind_of_finding_reads_as_written() {
    let improve = plan(
        "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"percent\"\n\
         polarity = \"higher\"\ntolerance = \"1pp\"\ntarget = \"improve\"\n",
    );
    let trajectory = plan(
        "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"percent\"\n\
         polarity = \"lower\"\nbaseline = { period = \"2020/21\", value = 60 }\n\
         target = { value = 40, by = \"2030/31\", amber = 45 }\n",
    );
    let cases: [(&Plan, Vec<Observation>, &str, Status, &str); 14] = [
        (
            &improve,
            vec![],
            "2024-01-01",
            Status::NoData,
            "no figures as of 1 Jan 2024",
        ),
        (
            &improve,
            vec![obs("2022/23", 50.0)],
            "2024-01-01",
            Status::Monitor,
            "target is to improve on the first figure, 50% for 2022/23; rated from the next",
        ),
        (
            &improve,
            vec![obs("2022/23", 50.0), obs("2023/24", 50.0)],
            "2024-06-01",
            Status::Near,
            "50% for 2023/24 vs baseline 50% (2022/23): the same, within 1pp tolerance",
        ),
        (
            &improve,
            vec![obs("2022/23", 50.0), obs("2023/24", 48.0)],
            "2024-06-01",
            Status::OffTarget,
            "48% for 2023/24 vs baseline 50% (2022/23): 2pp below, beyond 1pp tolerance",
        ),
        (
            &trajectory,
            vec![obs("2025/26", 52.0)],
            "2026-06-01",
            Status::Near,
            "52% for 2025/26 vs 50% planned for 2025/26 on the way to 40% by 2030/31: \
             2pp over, within the amber threshold of 55%",
        ),
        (
            &trajectory,
            vec![obs("2025/26", 48.0)],
            "2026-06-01",
            Status::OnTrack,
            "48% for 2025/26 vs 50% planned for 2025/26 on the way to 40% by 2030/31: \
             on track, 2pp ahead",
        ),
        (
            &trajectory,
            vec![obs("2025/26", 58.0)],
            "2026-06-01",
            Status::OffTrack,
            "58% for 2025/26 vs 50% planned for 2025/26 on the way to 40% by 2030/31: \
             8pp over, beyond the amber threshold of 55%",
        ),
        (
            &trajectory,
            vec![obs("2030/31", 41.0)],
            "2031-06-01",
            Status::Missed,
            "41% for 2030/31 vs target 40% by 2030/31: missed, 1pp over",
        ),
        (
            &trajectory,
            vec![obs("2030/31", 39.0)],
            "2031-06-01",
            Status::Met,
            "39% for 2030/31 vs target 40% by 2030/31: met, 1pp below",
        ),
        (
            &trajectory,
            vec![obs("2027/28", 45.0)],
            "2031-06-01",
            Status::OnTrack,
            "45% for 2027/28 vs 46% planned for 2027/28 on the way to 40% by 2030/31: \
             on track, 1pp ahead; the deadline has passed and the 2030/31 figure that decides it \
             is not yet published",
        ),
        (
            &trajectory,
            vec![obs("2030/31", 41.0), obs("2031/32", 39.0)],
            "2032-06-01",
            Status::Met,
            "39% for 2031/32 vs target 40% by 2030/31: met, 1pp below; \
             the 2030/31 figure was 41%",
        ),
        (
            &trajectory,
            vec![obs("2030/31", 41.0), obs("2031/32", 42.0)],
            "2032-06-01",
            Status::Missed,
            "42% for 2031/32 vs target 40% by 2030/31: missed: the 2030/31 figure was 41%",
        ),
        (
            &trajectory,
            vec![obs("2030/31", 39.0), obs("2031/32", 42.0)],
            "2032-06-01",
            Status::Near,
            "42% for 2031/32 vs target 40% by 2030/31: 2pp over, within the amber threshold \
             of 45%; the 2030/31 figure was 39%",
        ),
        (
            &trajectory,
            vec![obs("2029/30", 39.0), obs("2031/32", 42.0)],
            "2032-06-01",
            Status::Near,
            "42% for 2031/32 vs target 40% by 2030/31: 2pp over, within the amber threshold \
             of 45%; no figure for 2030/31 itself",
        ),
    ];
    for (p, series, as_of, status, words) in cases {
        let r = rate(p, &series, as_of);
        assert_eq!((r.status, r.reason.as_str()), (status, words));
    }
}

/// A newer period suppressed is withheld from the board; one published as
/// not applicable (`z`) withholds nothing.
#[test]
fn only_a_newer_figure_held_back_is_withheld() {
    let p = plan(HIGHER_80);
    let with = |value: Value| {
        let mut newer = obs("2023/24", 0.0);
        newer.value = value;
        rate(&p, &[obs("2022/23", 70.0), newer], "2024-06-01").flags
    };
    assert!(with(Value::Suppressed).contains(&Flag::Withheld));
    assert!(!with(Value::NotApplicable).contains(&Flag::Withheld));
}

/// The plan's area ranked among the areas at its level the files hold.
mod national_rank {
    use super::*;
    use crate::eval::national::Field;
    use crate::measure::{Measurements, Peers};

    /// Peer `peer`'s figure for the period `label`, known on `known`.
    type PeerRow = (u32, &'static str, f64, &'static str);

    fn peer(peer: u32, label: &'static str, value: f64, known: &'static str) -> PeerRow {
        (peer, label, value, known)
    }

    /// Here (a county), England, and three untracked areas: two counties
    /// and a region.
    fn files(figures: Vec<PeerRow>) -> Measurements {
        let mut m = Measurements {
            levels: vec![Some("County".into()), Some("England".into())],
            own_levels: vec!["County".into()],
            ..Measurements::default()
        };
        m.peers = Peers::default();
        m.peers.names = vec![
            "Rutland".into(),
            "Derbyshire".into(),
            "East Midlands".into(),
        ];
        m.peers.levels = vec![
            vec!["UA".into()],
            vec!["County".into()],
            vec!["Region".into()],
        ];
        m.peers.figures = vec![Vec::new()];
        for (k, label, value, known) in figures {
            let period = period::parse(label, PeriodContext::default()).expect("test period");
            m.peers.number(0, k, (period, d(known)), value);
        }
        m
    }

    #[test]
    fn the_field_is_the_areas_at_the_plan_areas_level_named_for_their_levels() {
        let p = plan(HIGHER_80);
        let one = || vec![peer(0, "2023/24", 90.0, "2024-06-01")];
        let m = files(one());
        let field = Field::of(&p, &m).expect("a field");
        assert_eq!(&*field.name, "County & UA areas");
        assert_eq!(field.len(), 2, "England and the region are not counties");
        // With no level named for the plan's own area, no rank is claimed;
        // nor with no figure to rank, or only figures dated to a day.
        let mut unnamed = files(one());
        unnamed.levels[0] = None;
        unnamed.own_levels.clear();
        assert!(Field::of(&p, &unnamed).is_none());
        assert!(Field::of(&p, &files(Vec::new())).is_none());
        let inspected = peer(0, "2024-04-22", 3.0, "2024-06-01");
        assert!(Field::of(&p, &files(vec![inspected])).is_none());
        let mut too_many = files(one());
        too_many.peers.too_many = true;
        assert!(Field::of(&p, &too_many).is_none());
    }

    #[test]
    fn the_rank_is_of_the_same_period_as_known_on_the_day_with_revisions_replacing() {
        let p = plan(HIGHER_80);
        let ind = &p.indicators[0];
        let m = files(vec![
            peer(0, "2023/24", 90.0, "2024-06-01"),
            // Derbyshire's figure, revised down after the day rated.
            peer(1, "2023/24", 60.0, "2024-06-01"),
            peer(1, "2023/24", 75.0, "2024-09-01"),
            // A later period and a region: neither ranked.
            peer(0, "2024/25", 10.0, "2025-06-01"),
            peer(2, "2023/24", 99.0, "2024-06-01"),
        ]);
        let own = vec![obs("2023/24", 70.0)];
        let field = Field::of(&p, &m).expect("a field");
        let rank = |as_of: &str| {
            let row = rate(&p, &own, as_of).row(ind);
            let c = field
                .rank(
                    ind,
                    &row,
                    (&own, &m.peers.figures[0], &m.peers.stamps),
                    d(as_of),
                )
                .expect("a rank");
            c.group.map(|g| (g.rank, g.of, g.quartile, g.missing))
        };
        assert_eq!(rank("2024-07-01"), Some((2, 3, 3, 0)));
        assert_eq!(rank("2024-10-01"), Some((3, 3, 4, 0)));
    }

    #[test]
    fn a_count_is_not_ranked_and_an_area_without_the_period_is_missing() {
        let count = HIGHER_80.replace("polarity", "unit = \"count\"\npolarity");
        let p = plan(&count);
        let ind = &p.indicators[0];
        let m = files(vec![peer(0, "2023/24", 90.0, "2024-06-01")]);
        let own = vec![obs("2023/24", 70.0)];
        let field = Field::of(&p, &m).expect("a field");
        let row = rate(&p, &own, "2024-07-01").row(ind);
        let c = field
            .rank(
                ind,
                &row,
                (&own, &m.peers.figures[0], &m.peers.stamps),
                d("2024-07-01"),
            )
            .expect("an entry");
        assert_eq!(c.because, Some("a count"));
        assert!(c.group.is_none());

        let p = plan(HIGHER_80);
        let ind = &p.indicators[0];
        let row = rate(&p, &own, "2024-07-01").row(ind);
        let c = field
            .rank(
                ind,
                &row,
                (&own, &m.peers.figures[0], &m.peers.stamps),
                d("2024-07-01"),
            )
            .expect("a rank");
        assert_eq!(
            c.group.as_ref().map(|g| (g.rank, g.of, g.missing)),
            Some((2, 2, 1)),
            "Derbyshire has no figure for 2023/24"
        );
        assert_eq!(
            c.text(),
            "County & UA areas: 2nd of 2 (quartile 4; mean 90)"
        );
    }
}
