//! Every example plan loads cleanly and rates as its README says.

use super::{parse_csv, root, run};

#[test]
fn every_example_checks_clean_and_has_a_readme() {
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("examples")).expect("examples/") {
        let dir = entry.expect("entry").path();
        if !dir.join("cfp.toml").is_file() {
            continue;
        }
        seen += 1;
        assert!(
            dir.join("README.md").is_file(),
            "{} has no README",
            dir.display()
        );
        let plan = dir.to_string_lossy().into_owned();
        let check = run(&["check", "--plan", &plan]);
        assert_eq!(check.code, 0, "{plan}: {}", check.stderr);
        assert!(check.stderr.is_empty(), "{plan} warns: {}", check.stderr);
        let status = run(&[
            "status",
            "--plan",
            &plan,
            "--as-of",
            "2025-06-30",
            "--format",
            "csv",
        ]);
        assert_eq!(status.code, 0, "{plan}: {}", status.stderr);
    }
    assert!(seen >= 3, "at least three examples");
}

fn ratings(plan: &str, as_of: &str) -> Vec<(String, String)> {
    let out = run(&[
        "status", "--plan", plan, "--as-of", as_of, "--format", "csv",
    ]);
    let (header, rows) = parse_csv(&out.stdout);
    let id = header.iter().position(|h| h == "id").expect("id");
    let status = header.iter().position(|h| h == "status").expect("status");
    rows.iter()
        .map(|r| (r[id].clone(), r[status].clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn minimal() {
    assert_eq!(
        ratings("examples/minimal", "2025-06-30"),
        pairs(&[("active-adults", "near")])
    );
    assert_eq!(
        ratings("examples/minimal", "2025-03-01"),
        pairs(&[("active-adults", "off target")])
    );
}

#[test]
fn trajectory_and_tolerance() {
    let got = ratings("examples/trajectory-tolerance", "2025-09-30");
    for want in [
        ("health-checks", "met"),
        ("gld", "near"),
        ("falls-admissions", "off target"),
        ("mmr2-age5", "near"),
        ("smoking-at-delivery", "met"),
        ("children-in-care", "monitor"),
    ] {
        assert!(
            got.contains(&(want.0.into(), want.1.into())),
            "{want:?} in {got:?}"
        );
    }
}

#[test]
fn milestones_in_every_state() {
    let got = ratings("examples/milestones-ci-gate", "2025-06-30");
    assert_eq!(
        got,
        pairs(&[
            ("hubs-strategy", "complete"),
            ("first-hub-open", "complete late"),
            ("hub-dashboard", "overdue"),
            ("workforce-plan", "at risk"),
            ("parent-consultation", "due soon"),
            ("digital-offer", "on track"),
            ("mobile-hub-pilot", "cancelled"),
        ])
    );
}
