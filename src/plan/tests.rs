//! Plan validation, unit-tested on plans read from TOML held in memory:
//! each bad plan is refused with its message at its place, and a good one
//! reads into the values it says.

use std::path::Path;

use super::*;
use crate::diag::{Diagnostic, Severity};

/// The `[plan]` and one priority every test plan starts with.
const HEAD: &str = r#"[plan]
title = "T"
area = "Here"
comparators = ["England"]

[[priority]]
id = "p"
title = "P"
"#;

/// A percent indicator under `p` with a dated target: what most tests
/// change or add to.
const GLD: &str = r#"[[indicator]]
id = "gld"
priority = "p"
title = "G"
unit = "percent"
polarity = "higher"
target = { value = 72, by = "2025/26" }
"#;

/// A milestone under `p`, due in June 2025.
const HUB: &str = r#"[[milestone]]
id = "hub"
priority = "p"
title = "Hub"
due = "June 2025"
"#;

/// `text` with `from` replaced by `to`; a `from` that is not there fails
/// the test rather than leaving the plan unchanged.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in:\n{text}");
    text.replace(from, to)
}

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        text: text.to_string(),
    }
}

/// Reads `cfp.toml` holding `text`; every include glob in it matches the
/// files `others`.
fn read_with(text: &str, others: &[(&str, &str)]) -> (Option<Plan>, Vec<Diagnostic>) {
    let others: Vec<SourceFile> = others.iter().map(|(p, t)| file(p, t)).collect();
    let (plan, diags) = load_lenient(file("cfp.toml", text), &|_: &Path| Ok(others.clone()));
    (plan, diags.items)
}

/// A problem as `FILE:LINE:COLUMN severity: message`.
fn said(d: &Diagnostic) -> String {
    let at = d.location.as_ref().map_or_else(String::new, |l| {
        format!("{}:{}:{} ", l.file.display(), l.line, l.column)
    });
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{at}{severity}: {}", d.message)
}

/// Every problem with the plan `text`, as [`said`].
fn problems(text: &str) -> Vec<String> {
    read_with(text, &[]).1.iter().map(said).collect()
}

/// The one problem with `HEAD` + `body`, and its help.
fn only(body: &str) -> (String, Option<String>) {
    let (_, diags) = read_with(&format!("{HEAD}{body}"), &[]);
    let all: Vec<String> = diags.iter().map(said).collect();
    assert_eq!(all.len(), 1, "{all:?}");
    (all[0].clone(), diags[0].help.clone())
}

/// The one problem's message ends with `message`.
fn assert_said(said: &str, message: &str) {
    assert!(said.ends_with(message), "{said}\nwanted: {message}");
}

/// A valid plan from `HEAD` + `body`.
fn valid(body: &str) -> Plan {
    let (plan, diags) = read_with(&format!("{HEAD}{body}"), &[]);
    let all: Vec<String> = diags.iter().map(said).collect();
    assert!(all.is_empty(), "{all:?}");
    plan.expect("a plan")
}

/// The line of `HEAD` + `body` that starts with `prefix`, from 1.
fn line_of(body: &str, prefix: &str) -> usize {
    format!("{HEAD}{body}")
        .lines()
        .position(|l| l.starts_with(prefix))
        .expect("the line is in the plan")
        + 1
}

#[test]
fn a_good_indicator_reads_into_its_values() {
    let body = format!(
        "{GLD}{}\n{}\n",
        r#"baseline = { period = "2022/23", value = 65 }"#,
        r#"trajectory = [{ by = "2023/24", value = 68 }, { by = "2024/25", value = 70 }]"#,
    );
    let plan = valid(&body);
    let i = &plan.indicators[0];
    assert_eq!((&*i.id, &*i.priority), ("gld", "p"));
    assert_eq!((i.unit, i.polarity), (Unit::Percent, Polarity::Higher));
    assert_eq!(i.tolerance, Tolerance::Relative(5.0), "the default");
    let Some(Target::Value { value, by, amber }) = &i.target else {
        panic!("{:?}", i.target)
    };
    assert_eq!(
        (*value, by.map(|p| p.to_string()), *amber),
        (72.0, Some("2025/26".into()), None)
    );
    let baseline = i.baseline.as_ref().expect("a baseline");
    assert_eq!(
        (baseline.period.to_string(), baseline.value),
        ("2022/23".into(), 65.0)
    );
    let points: Vec<String> = i
        .trajectory
        .iter()
        .map(|p| format!("{} {}", p.period, p.value))
        .collect();
    assert_eq!(points, ["2023/24 68", "2024/25 70"]);
    // The words every row rated from it shares, made once.
    let labels = (
        i.labels.target.as_deref(),
        i.labels.by.as_deref(),
        &*i.labels.tolerance,
    );
    assert_eq!(labels, (Some("72%"), Some("2025/26"), "5%"));
}

#[test]
fn a_rate_target_and_an_improve_target_are_labelled_in_their_own_words() {
    let rate = edit(GLD, "unit = \"percent\"", "unit = \"rate\"\nper = 1000");
    let rate = edit(&rate, "value = 72,", "value = 1234.5,");
    let plan = valid(&rate);
    assert_eq!(
        plan.indicators[0].labels.target.as_deref(),
        Some("1,234.5 per 1,000")
    );
    let improve = edit(
        GLD,
        "target = { value = 72, by = \"2025/26\" }",
        "target = \"improve\"",
    );
    let plan = valid(&improve);
    let labels = &plan.indicators[0].labels;
    assert_eq!(
        (labels.target.as_deref(), labels.by.as_deref()),
        (None, None)
    );
}

#[test]
fn a_target_with_no_value_is_refused_at_the_target() {
    let body = edit(GLD, "value = 72, by", "by");
    let (message, _) = only(&body);
    let line = line_of(&body, "target");
    assert_eq!(
        message,
        format!("cfp.toml:{line}:10 error: target needs a `value`")
    );
}

#[test]
fn a_target_with_no_by_is_kept_but_a_trajectory_needs_the_by() {
    let undated = edit(GLD, r#", by = "2025/26""#, "");
    let plan = valid(&undated);
    assert!(matches!(
        plan.indicators[0].target,
        Some(Target::Value { by: None, .. })
    ));
    let body = format!("{undated}trajectory = [{{ by = \"2023/24\", value = 68 }}]\n");
    let (message, _) = only(&body);
    let line = line_of(&body, "trajectory");
    assert_eq!(
        message,
        format!("cfp.toml:{line}:14 error: a trajectory needs the target's `by` period")
    );
}

#[test]
fn an_unknown_unit_is_refused_with_the_units_and_the_nearest() {
    let body = edit(GLD, "\"percent\"", "\"percnt\"");
    let (message, help) = only(&body);
    let line = line_of(&body, "unit");
    assert_eq!(
        message,
        format!("cfp.toml:{line}:8 error: unknown unit `percnt`")
    );
    assert_eq!(
        help.as_deref(),
        Some(concat!(
            "did you mean `percent`? (unit is one of `percent`, `count`, ",
            "`rate`, `ratio`, `number`, `grade`)"
        ))
    );
}

#[test]
fn trajectory_points_out_of_time_order_are_refused_at_the_later_one() {
    let body = format!(
        "{GLD}trajectory = [\n{}\n{}\n]\n",
        r#"  { by = "2024/25", value = 70 },"#, r#"  { by = "2023/24", value = 68 },"#,
    );
    let (message, _) = only(&body);
    let line = line_of(&body, r#"  { by = "2023/24""#);
    assert_eq!(
        message,
        format!("cfp.toml:{line}:3 error: trajectory points must be in time order")
    );
}

#[test]
fn a_trajectory_point_after_the_target_is_refused() {
    let body = format!("{GLD}trajectory = [{{ by = \"2026/27\", value = 73 }}]\n");
    let (message, _) = only(&body);
    assert_said(
        &message,
        "error: trajectory point 2026/27 comes after the target's `by` (2025/26)",
    );
}

#[test]
fn a_baseline_must_come_before_the_target() {
    let body = format!("{GLD}baseline = {{ period = \"2025/26\", value = 65 }}\n");
    let (message, _) = only(&body);
    let line = line_of(&body, "baseline");
    assert_eq!(
        message,
        format!(
            "cfp.toml:{line}:12 error: the baseline (2025/26) must come before {}",
            "the first trajectory point or target (2025/26)"
        )
    );
}

#[test]
fn a_higher_is_better_target_below_its_baseline_is_warned_at_the_target() {
    let body = format!("{GLD}baseline = {{ period = \"2022/23\", value = 75 }}\n");
    let (plan, diags) = read_with(&format!("{HEAD}{body}"), &[]);
    assert!(plan.is_some(), "a warning does not refuse the plan");
    let line = line_of(&body, "target");
    assert_eq!(
        diags.iter().map(said).collect::<Vec<_>>(),
        [format!(
            "cfp.toml:{line}:10 warning: the target 72 is below the baseline 75 (2022/23) {}",
            "for a higher-is-better indicator: is the target or the polarity wrong?"
        )]
    );
}

#[test]
fn a_lower_is_better_target_below_its_baseline_is_no_warning() {
    let lower = edit(GLD, "\"higher\"", "\"lower\"");
    valid(&format!(
        "{lower}baseline = {{ period = \"2022/23\", value = 75 }}\n"
    ));
}

#[test]
fn a_target_needs_a_polarity() {
    let body = edit(GLD, "polarity = \"higher\"\n", "");
    let (message, help) = only(&body);
    let line = line_of(&body, "id = \"gld\"");
    assert_eq!(
        message,
        format!(
            "cfp.toml:{line}:6 error: indicator `gld` has a target, {}",
            "so it needs a polarity of `higher` or `lower`"
        )
    );
    assert_eq!(
        help.as_deref(),
        Some("say whether a higher or a lower figure is better")
    );
}

#[test]
fn an_amber_threshold_on_the_wrong_side_of_the_target_is_refused() {
    let (message, _) = only(&edit(GLD, "value = 72,", "value = 72, amber = 75,"));
    assert_said(
        &message,
        "error: the amber threshold 75 is on the wrong side of the target 72 for polarity higher",
    );
    valid(&edit(GLD, "value = 72,", "value = 72, amber = 70,"));
}

#[test]
fn a_duplicate_id_names_where_it_was_first_defined_even_in_another_file() {
    let main = format!("include = [\"more.toml\"]\n{HEAD}{GLD}");
    let more = edit(HUB, "id = \"hub\"", "id = \"gld\"");
    let (_, diags) = read_with(&main, &[("more.toml", &more)]);
    let all: Vec<String> = diags.iter().map(said).collect();
    assert_eq!(all, ["more.toml:2:6 error: duplicate id `gld`"]);
    let first = main.lines().position(|l| l == "id = \"gld\"").expect("gld") + 1;
    assert_eq!(
        diags[0].help,
        Some(format!(
            "first defined at cfp.toml:{first}:6; every id must be unique across the plan"
        ))
    );
}

#[test]
fn an_id_of_capitals_and_spaces_is_not_an_id() {
    let (message, help) = only(&edit(HUB, "id = \"hub\"", "id = \"Family Hub\""));
    assert_said(&message, "error: `Family Hub` is not a valid id");
    assert!(
        help.as_deref()
            .is_some_and(|h| h.starts_with("ids are lower case letters")),
        "{help:?}"
    );
}

#[test]
fn a_commitment_under_a_missing_priority_is_refused_with_the_nearest() {
    let body = r#"[[priority]]
id = "health"
title = "H"

[[commitment]]
id = "c"
priority = "helth"
title = "C"
"#;
    let (message, help) = only(body);
    let line = line_of(body, "priority = \"helth\"");
    assert_eq!(
        message,
        format!("cfp.toml:{line}:12 error: unknown priority `helth`")
    );
    assert_eq!(help.as_deref(), Some("did you mean `health`?"));
}

#[test]
fn an_indicator_belongs_to_a_commitment_or_a_priority_not_both_nor_neither() {
    let commitment = "[[commitment]]\nid = \"c\"\npriority = \"p\"\ntitle = \"C\"\n\n";
    let both = edit(
        GLD,
        "priority = \"p\"",
        "priority = \"p\"\ncommitment = \"c\"",
    );
    let (message, _) = only(&format!("{commitment}{both}"));
    assert_said(
        &message,
        "error: give either `commitment` or `priority`, not both",
    );
    let (message, _) = only(&edit(GLD, "priority = \"p\"\n", ""));
    assert_said(
        &message,
        "error: needs a `commitment` or a `priority` it belongs to",
    );
    let under = edit(GLD, "priority = \"p\"", "commitment = \"c\"");
    let plan = valid(&format!("{commitment}{under}"));
    let i = &plan.indicators[0];
    assert_eq!(
        (&*i.priority, i.commitment.as_deref()),
        ("p", Some("c")),
        "the commitment's priority is the indicator's"
    );
}

#[test]
fn a_tolerance_in_points_needs_a_percent_unit() {
    let (message, help) = only(&edit(
        GLD,
        "unit = \"percent\"",
        "unit = \"count\"\ntolerance = \"2pp\"",
    ));
    assert_said(
        &message,
        concat!(
            "error: a tolerance in percentage points needs unit = \"percent\", ",
            "and this indicator's unit is count"
        ),
    );
    assert_eq!(
        help.as_deref(),
        Some("use a share of the target (\"5%\") or an amount in the unit (\"3\")")
    );
    let plan = valid(&edit(
        GLD,
        "\"percent\"",
        "\"percent\"\ntolerance = \"2pp\"",
    ));
    assert_eq!(plan.indicators[0].tolerance, Tolerance::Points(2.0));
}

#[test]
fn a_default_tolerance_in_points_does_not_fit_a_count_with_a_target() {
    let count = edit(GLD, "\"percent\"", "\"count\"");
    let text = format!("[defaults]\ntolerance = \"2pp\"\n\n{HEAD}{count}");
    let (_, diags) = read_with(&text, &[]);
    let all: Vec<String> = diags.iter().map(said).collect();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_said(
        &all[0],
        "error: the default tolerance 2pp is in percentage points, which does not fit unit count",
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some("give this indicator its own `tolerance`")
    );
    // With no target, no tolerance is ever applied.
    let untargeted = edit(&text, "target = { value = 72, by = \"2025/26\" }\n", "");
    assert_eq!(problems(&untargeted), Vec::<String>::new());
}

#[test]
fn a_tolerance_that_cannot_be_read_says_the_forms_it_takes() {
    let (message, _) = only(&edit(
        GLD,
        "\"percent\"",
        "\"percent\"\ntolerance = \"five\"",
    ));
    assert_said(
        &message,
        "error: cannot read tolerance `five`: use \"5%\", \"2pp\" or \"3\"",
    );
}

#[test]
fn a_grade_needs_a_scale_and_takes_no_tolerance() {
    let grade =
        "[[indicator]]\nid = \"ofsted\"\npriority = \"p\"\ntitle = \"O\"\nunit = \"grade\"\n";
    let (message, _) = only(grade);
    assert_said(
        &message,
        "error: indicator `ofsted` is a grade, so it needs a `scale`: \
         its grades from worst to best",
    );
    let scale = "scale = [\"Inadequate\", \"Good\"]\n";
    let (message, _) = only(&format!("{grade}{scale}tolerance = \"5%\"\n"));
    assert_said(
        &message,
        "error: a grade has no tolerance: it meets its target or it does not",
    );
    let plan = valid(&format!("{grade}{scale}target = {{ value = \"good\" }}\n"));
    let i = &plan.indicators[0];
    assert_eq!(i.polarity, Polarity::Higher, "better higher on its scale");
    assert!(
        matches!(i.target, Some(Target::Value { value, .. }) if value == 2.0),
        "a grade's target is its rank on the scale, matched ignoring case: {:?}",
        i.target
    );
}

#[test]
fn per_is_for_rates_only_and_a_rate_is_per_100000_unless_it_says() {
    let (message, _) = only(&edit(GLD, "\"percent\"", "\"percent\"\nper = 1000"));
    assert_said(&message, "error: `per` applies only to unit = \"rate\"");
    let plan = valid(&edit(GLD, "\"percent\"", "\"rate\""));
    assert_eq!(plan.indicators[0].per, Some(100_000.0));
}

#[test]
fn an_include_that_leaves_the_plan_folder_is_refused_before_it_is_read() {
    let main = format!("include = [\"../shared/*.toml\"]\n{HEAD}");
    let (plan, diags) = load_lenient(file("cfp.toml", &main), &|p: &Path| {
        panic!("{} was read", p.display())
    });
    assert!(plan.is_some());
    assert_eq!(
        diags.items.iter().map(said).collect::<Vec<_>>(),
        ["cfp.toml:1:12 error: include `../shared/*.toml` leaves the plan's folder"]
    );
}

#[test]
fn an_included_file_cannot_hold_what_belongs_in_the_main_file() {
    let main = format!("include = [\"more.toml\"]\n{HEAD}");
    let more = "[defaults]\ntolerance = \"3\"\n";
    let (_, diags) = read_with(&main, &[("more.toml", more)]);
    assert_eq!(
        diags.iter().map(said).collect::<Vec<_>>(),
        ["more.toml:1:1 error: [defaults] belongs in cfp.toml, not in an included file"]
    );
}

#[test]
fn a_plan_needs_its_plan_table_and_ends_after_it_starts() {
    assert_eq!(
        problems("[[priority]]\nid = \"p\"\ntitle = \"P\"\n"),
        ["cfp.toml:1:1 error: cfp.toml has no [plan] table"]
    );
    let dated = edit(
        HEAD,
        "area = \"Here\"",
        "area = \"Here\"\nstart = 2025-04-01\nend = 2024-03-31",
    );
    assert_eq!(
        problems(&dated),
        ["cfp.toml:1:1 error: the plan ends (2024-03-31) before it starts (2025-04-01)"]
    );
}

#[test]
fn a_group_must_be_a_comparator_and_not_hold_the_plan_area() {
    let grouped = edit(
        HEAD,
        "comparators = [\"England\"]",
        r#"comparators = ["England", "Neighbours"]
groups = { Neighbours = ["Here", "There"], Nieghbours = ["There"] }"#,
    );
    let (plan, diags) = read_with(&grouped, &[]);
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`Here` is the plan's own area, so it cannot be in group `Neighbours`",
            "group `Nieghbours` is not one of the plan's comparators",
        ]
    );
    assert_eq!(
        diags[1].help.as_deref(),
        Some("did you mean `Neighbours`? a group must also be one of `comparators`")
    );
    let plan = plan.expect("a plan");
    assert_eq!(plan.members, ["There"], "the rest of the group is kept");
}

#[test]
fn an_area_code_given_to_two_areas_is_refused() {
    let coded = edit(
        HEAD,
        "comparators = [\"England\"]",
        r#"comparators = ["England"]
codes = { Here = "E06000016", England = "E06000016" }"#,
    );
    let (_, diags) = read_with(&coded, &[]);
    assert_eq!(
        diags.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ["`E06000016` is the code of both `England` and `Here`"]
    );
}

#[test]
fn a_source_names_what_it_measures_once_and_not_a_priority() {
    let messages = |keys: &str| {
        let text = format!(
            "[measurements]\n[[measurements.source]]\nfiles = [\"m.csv\"]\n{keys}\n\n{HEAD}{GLD}"
        );
        let (_, diags) = read_with(&text, &[]);
        diags.into_iter().map(|d| d.message).collect::<Vec<_>>()
    };
    assert_eq!(
        messages("indicator = \"p\""),
        ["`indicator` names the priority `p`, and priorities take no measurements"]
    );
    assert_eq!(
        messages("indicator = \"gld\"\nids = { G = \"gld\" }"),
        [concat!(
            "a source gives either `indicator` (every row is one id) ",
            "or `ids` (a map of the file's ids), not both"
        )]
    );
    assert_eq!(
        messages("published = 2025-01-01\nlag = \"3 months\""),
        [concat!(
            "a source gives either `published` (one date for every row) ",
            "or `lag` (a time after each period), not both"
        )]
    );
    assert_eq!(
        messages("columns = { vlaue = \"Rate\" }"),
        ["unknown column `vlaue`"]
    );
}

#[test]
fn a_milestone_due_before_the_plan_starts_is_refused_at_its_due() {
    let dated = edit(
        HEAD,
        "area = \"Here\"",
        "area = \"Here\"\nstart = 2021-04-01",
    );
    let text = format!("{dated}{}", edit(HUB, "June 2025", "June 2001"));
    let line = text
        .lines()
        .position(|l| l.starts_with("due"))
        .expect("due")
        + 1;
    assert_eq!(
        problems(&text),
        [format!(
            "cfp.toml:{line}:7 error: {}",
            "due 2001-06-30 (Jun 2001), before the plan starts (2021-04-01)"
        )]
    );
}

/// A plan large enough to be read in pieces (`pieces.rs`) says each
/// problem at its line in the whole file, in whichever piece it falls:
/// a wrong value in the last piece (read in pieces, positions shifted),
/// and a TOML error there (read whole again, as toml tells it).
#[test]
fn a_large_plan_read_in_pieces_says_each_problem_at_its_line() {
    let mut body = String::new();
    let mut k = 0;
    while body.len() < 300 * 1024 {
        body.push_str(&edit(GLD, "\"gld\"", &format!("\"gld{k}\"")));
        body.push('\n');
        k += 1;
    }
    let wrong = edit(GLD, "\"gld\"", "\"last\"").replace("\"percent\"", "\"percnt\"");
    let text = format!("{body}{wrong}");
    assert!(
        super::pieces::parse(&format!("{HEAD}{text}")).is_some(),
        "read in pieces"
    );
    let (message, _) = only(&text);
    let line = line_of(&text, "unit = \"percnt\"");
    assert_eq!(
        message,
        format!("cfp.toml:{line}:8 error: unknown unit `percnt`")
    );
    let broken = format!(
        "{body}{}",
        edit(GLD, "unit = \"percent\"", "unit = \"percent")
    );
    let (message, _) = only(&broken);
    let line = format!("{HEAD}{broken}")
        .lines()
        .position(|l| l.starts_with("unit = \"percent") && !l.ends_with('"'))
        .expect("the broken line")
        + 1;
    assert!(
        message.starts_with(&format!("cfp.toml:{line}:")),
        "{message}"
    );
}
