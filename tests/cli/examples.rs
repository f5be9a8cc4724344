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
        pairs(&[("active-adults", "off track")])
    );
}

#[test]
fn trajectory_and_tolerance() {
    let got = ratings("examples/trajectory-tolerance", "2025-09-30");
    for want in [
        ("health-checks", "on track"),
        ("gld", "near"),
        ("falls-admissions", "off track"),
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

/// The transcripts in each example's README are real: every `$ cfp ...`
/// line (without a pipe or redirect) prints what the README shows, and
/// every `$ echo $?` after one shows its exit code.
#[test]
fn readme_transcripts_are_true() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("cfp.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        let readme = format!("examples/{name}/README.md");
        let checked = super::docs::check_transcripts(&readme, super::docs::Shell::Skipped);
        assert!(checked > 0, "{name} has no transcript");
    }
}

#[test]
fn spc_icons_on_the_monthly_example() {
    let out = run(&[
        "status",
        "--plan",
        "examples/spc-monthly",
        "--as-of",
        "2025-07-15",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let rows = doc["rows"].as_array().expect("rows");
    let four = &rows[0]["spc"]["result"];
    assert_eq!(four["variation"]["kind"], "improvement");
    assert_eq!(four["variation"]["side"], "high");
    assert_eq!(four["rule"], "outside");
    // The latest point is special cause: the process has changed, so its
    // old limits give no assurance.
    assert!(four["assurance"].is_null());
    let delays = &rows[1]["spc"]["result"];
    assert_eq!(delays["variation"]["kind"], "concern");
    assert!(delays["assurance"].is_null());
    // Before June's spike the process was stable: hit and miss.
    let out = run(&[
        "status",
        "--plan",
        "examples/spc-monthly",
        "--as-of",
        "2025-06-15",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(doc["rows"][1]["spc"]["result"]["assurance"], "hit and miss");
}

#[test]
fn a_significant_recent_trend_from_counts() {
    let out = run(&[
        "status",
        "--plan",
        "examples/recent-trend",
        "--as-of",
        "2025-06-30",
        "--format",
        "csv",
    ]);
    let (header, rows) = parse_csv(&out.stdout);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    assert_eq!(
        rows[0][col("trend")],
        "5-point trend: decreasing and getting better",
        "one trend, the five-point one where counts allow (SPEC 3a)"
    );
    assert_eq!(rows[0][col("benchmark")], "better than England (11%)");
    assert_eq!(
        rows[1][col("trend")],
        "5-point trend: no significant change"
    );
}

/// The main README's transcripts are real too: each shown line appears in
/// what cfp prints, in order (`...` stands for lines left out).
#[test]
fn the_readme_tour_is_true() {
    let text = std::fs::read_to_string(root().join("README.md")).expect("README");
    let mut checked = 0;
    for block in text.split("```console\n").skip(1) {
        let block = block.split("\n```").next().unwrap_or("");
        let mut lines = block.lines();
        let Some(command) = lines.next().and_then(|l| l.strip_prefix("$ cfp ")) else {
            continue;
        };
        let args: Vec<&str> = command.split_whitespace().collect();
        let plan = args.iter().skip_while(|a| **a != "--plan").nth(1);
        if plan.is_some_and(|p| !root().join(p).exists()) {
            continue;
        }
        let out = super::cfp()
            .env("COLUMNS", "100")
            .args(&args)
            .output()
            .expect("runs");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let mut rest = printed.lines();
        for shown in lines.filter(|l| *l != "...") {
            assert!(
                rest.any(|l| l == shown),
                "README shows a line cfp does not print (in order) for `cfp {command}`:\n{shown}\n\nprinted:\n{printed}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 2, "{checked} transcripts checked");
}
