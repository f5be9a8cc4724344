//! Recovery updates (issue 21): what is being done about an item off
//! track, recorded as any update is and shown, dated, on its exception
//! report in every format.

use super::{Fixture, Run};

/// Two overdue milestones and a red indicator: one milestone and the
/// indicator with a recovery update, the other milestone with only an
/// old status update.
pub fn plan() -> Fixture {
    Fixture::new(
        "[plan]\ntitle = \"Recovery\"\narea = \"Testshire\"\n\
         [measurements]\nfiles = [\"m.csv\"]\n\
         [[priority]]\nid = \"p\"\ntitle = \"Priority\"\n\
         [[indicator]]\nid = \"uptake\"\npriority = \"p\"\ntitle = \"Uptake\"\nunit = \"percent\"\n\
         polarity = \"higher\"\ntarget = { value = 90, by = \"2024/25\" }\n\
         [[milestone]]\nid = \"framework\"\npriority = \"p\"\ntitle = \"Framework agreed\"\n\
         due = \"March 2022\"\n\
         [[milestone]]\nid = \"dashboard\"\npriority = \"p\"\ntitle = \"Dashboard live\"\n\
         due = \"March 2023\"\n",
    )
    .file(
        "m.csv",
        "id,period,value,status,note,action,cause,owner,revised_due\n\
         uptake,2024/25,73.4,,,,,,\n\
         uptake,2026-01-15,,,,School catch-up sessions in spring term,,Immunisation lead,\n\
         framework,2026-01-31,,,,Draft framework out for sign-off,Regional lead post vacant,\
         Head of Safeguarding,June 2026\n\
         dashboard,2023-10-31,,in_progress,,,,,\n",
    )
}

fn report(f: &Fixture, format: &str) -> Run {
    let out = f.run(&["report", "--as-of", "2026-02-26", "--format", format]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

#[test]
fn a_card_shows_the_action_cause_owner_revised_date_and_the_updates_date() {
    let f = plan();
    let md = report(&f, "markdown").stdout;
    let card = md
        .split("\n### ")
        .find(|c| c.starts_with("Framework agreed"))
        .expect("the framework's report");
    for line in [
        "- Action: Draft framework out for sign-off",
        "- Cause: Regional lead post vacant",
        "- Owner: Head of Safeguarding",
        "- Revised date: June 2026",
        "- Update: As updated on 31 Jan 2026",
        "- Lead: not named",
    ] {
        assert!(card.contains(line), "{line} in {card}");
    }
    // Its reason no longer says no update was recorded.
    assert!(
        card.contains("no status update recorded (a recovery update on 31 Jan 2026)"),
        "{card}"
    );
    let uptake = md
        .split("\n### ")
        .find(|c| c.starts_with("Uptake"))
        .expect("the indicator's report");
    assert!(
        uptake.contains("- Action: School catch-up sessions in spring term"),
        "{uptake}"
    );
    assert!(uptake.contains("- Owner: Immunisation lead"), "{uptake}");
    // No recovery update, and the last status update is old.
    let dashboard = md
        .split("\n### ")
        .find(|c| c.starts_with("Dashboard live"))
        .expect("the dashboard's report");
    assert!(
        dashboard.contains("- Update: No update since 31 Oct 2023"),
        "{dashboard}"
    );
    assert!(!dashboard.contains("- Action:"), "{dashboard}");

    // The same in the HTML pack's card.
    let html = report(&f, "html").stdout;
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("#item-framework dl").expect("selector");
    let dl: String = doc.select(&sel).next().expect("a card").text().collect();
    for words in [
        "ActionDraft framework out for sign-off",
        "CauseRegional lead post vacant",
        "OwnerHead of Safeguarding",
        "Revised dateJune 2026",
        "UpdateAs updated on 31 Jan 2026",
    ] {
        assert!(dl.contains(words), "{words} in {dl}");
    }
    let sel = scraper::Selector::parse("#item-dashboard dl").expect("selector");
    let dl: String = doc.select(&sel).next().expect("a card").text().collect();
    assert!(dl.contains("UpdateNo update since 31 Oct 2023"), "{dl}");

    // And in the JSON, for a machine: the update whole, with its date.
    let json: serde_json::Value = serde_json::from_str(&report(&f, "json").stdout).expect("JSON");
    let rows = json["report"]["priorities"][0]["items"]
        .as_array()
        .expect("items");
    let framework = rows
        .iter()
        .find(|r| r["row"]["id"] == "framework")
        .expect("the framework");
    let r = &framework["row"]["recovery"];
    assert_eq!(r["date"], "2026-01-31");
    assert_eq!(r["action"], "Draft framework out for sign-off");
    assert_eq!(r["owner"], "Head of Safeguarding");
    assert_eq!(r["revised_due"], "June 2026");
    assert_eq!(r["revised_due_day"], "2026-06-30");
    let dashboard = rows
        .iter()
        .find(|r| r["row"]["id"] == "dashboard")
        .expect("the dashboard");
    assert!(dashboard["row"]["recovery"].is_null());
    assert_eq!(dashboard["row"]["last_update"], "2023-10-31");
}

#[test]
fn a_recovery_update_is_recorded_without_a_figure_and_a_bad_date_is_refused() {
    let f = plan();
    let out = f.run(&[
        "record",
        "dashboard",
        "2026-02-20",
        "--action",
        "Data sharing agreement signed; build starts in March",
        "--revised-due",
        "2026-09-30",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = report(&f, "markdown").stdout;
    let dashboard = md
        .split("\n### ")
        .find(|c| c.starts_with("Dashboard live"))
        .expect("the dashboard's report");
    assert!(
        dashboard.contains("- Action: Data sharing agreement signed; build starts in March"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("- Revised date: 30 Sep 2026"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("- Update: As updated on 20 Feb 2026"),
        "{dashboard}"
    );
    // Its rating still comes from its status update and due date.
    assert!(
        dashboard.contains("overdue since 31 Mar 2023"),
        "{dashboard}"
    );
    // Every row counted: the recovery rows alone are kept, and said so.
    let check = f.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let said = format!("{}{}", check.stdout, check.stderr);
    assert!(
        said.contains("1 figure, 1 status row, 3 recovery updates"),
        "{said}"
    );
    assert!(said.contains("5 rows read, 5 kept"), "{said}");

    // Neither a figure nor a recovery update: nothing to record.
    let none = f.run(&["record", "uptake", "2025/26"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("record `uptake` with its figure"),
        "{}",
        none.stderr
    );

    // A revised date that is no date is refused where it is written.
    let bad = Fixture::new(&std::fs::read_to_string(f.path().join("cfp.toml")).expect("plan"))
        .file(
            "m.csv",
            "id,period,value,status,action,revised_due\nframework,2026-01-31,,,Drafting,soon\n",
        );
    let out = bad.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("m.csv:2:") && out.stderr.contains("`soon` is not a date or a period"),
        "{}",
        out.stderr
    );
}
