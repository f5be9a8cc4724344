//! `cfp show`: one entity, everything about it, pinned.

use super::run;

fn show(args: &[&str]) -> String {
    let mut all = vec!["show"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn a_seed_indicator() {
    insta::assert_snapshot!(show(&[
        "hpv-females",
        "--plan",
        "data",
        "--as-of",
        "2026-02-26"
    ]));
}

#[test]
fn the_spc_example() {
    insta::assert_snapshot!(show(&[
        "four-hour",
        "--plan",
        "examples/spc-monthly",
        "--as-of",
        "2025-07-15"
    ]));
}

#[test]
fn the_recent_trend_example() {
    insta::assert_snapshot!(show(&[
        "smoking-at-delivery",
        "--plan",
        "examples/recent-trend",
        "--as-of",
        "2025-06-30",
    ]));
}

#[test]
fn a_milestone_and_a_commitment() {
    insta::assert_snapshot!(show(&[
        "eh-strategy-charter",
        "--plan",
        "data",
        "--as-of",
        "2026-02-26"
    ]));
    insta::assert_snapshot!(show(&[
        "c",
        "--plan",
        "tests/fixtures/ratings",
        "--as-of",
        "2026-06-30"
    ]));
}

#[test]
fn json_gives_the_same_as_data() {
    let text = show(&[
        "smoking-at-delivery",
        "--plan",
        "examples/recent-trend",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let v = &doc["show"];
    assert_eq!(v["kind"], "indicator");
    assert_eq!(v["definition"]["polarity"], "lower");
    assert_eq!(v["rating"]["status"], "off track");
    assert_eq!(
        v["rating"]["recent_trend"]["label"],
        "decreasing and getting better"
    );
    assert_eq!(v["history"][0]["figures"][5]["numerator"], 702.0);
    assert_eq!(v["history"][0]["figures"][5]["interval_source"], "computed");
    assert_eq!(v["sparkline"], "█▇▅▄▃▁");
    assert!(v["rating"]["forecast"]["result"]["interval"]["lower"].is_number());
}

#[test]
fn an_unknown_id_suggests_the_nearest() {
    let out = run(&["show", "hpv-female", "--plan", "data"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `hpv-females`?"),
        "{}",
        out.stderr
    );
}
