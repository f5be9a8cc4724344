//! The whole pipeline on a fixed plan (fuzz/plans/own) and a fuzzed
//! measurements file, in process, as the commands do it: load, and when
//! the data is valid rate as of 2026-06-30 and render every output the
//! library has: `status` (table, table by priority, CSV, CSV roll-ups,
//! JSON, JSON roll-ups, Markdown), `overdue`'s rows, `report` (HTML,
//! Markdown with and without chart files, JSON, every SVG chart), `show`
//! for every id (text and JSON) and `diff` since a year before (table, CSV,
//! JSON, Markdown). No panic, and every JSON output parses.
#![no_main]

use cfp::eval::{self, Status};
use cfp::render;
use cfp_fuzz::{as_of, check_diagnostics, check_json, fixed, read, Layout};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fixed = fixed("pipeline", Layout::Own);
    let reading = read(fixed, data);
    check_diagnostics(&reading.diagnostics);
    // The commands stop at an invalid file (exit 2) before rating.
    if reading.diagnostics.has_errors() {
        return;
    }
    let plan = &fixed.plan;
    let m = &reading.measurements;
    let as_of = as_of();

    // status
    let ev = eval::evaluate(plan, m, as_of);
    for (color, width) in [(false, Some(100)), (true, None)] {
        let opts = render::table::Options { color, width };
        let _ = render::table::status(plan, &ev, &ev.rows, opts);
        let _ = render::table::rollups(plan, &ev, opts);
    }
    let mut out = Vec::new();
    render::csv::status(&ev.rows, &mut out).expect("write CSV");
    render::csv::rollups(&ev, &mut out).expect("write CSV roll-ups");
    for rollups in [false, true] {
        let mut json = Vec::new();
        render::json::status(plan, &ev, &ev.rows, rollups, &mut json).expect("write JSON");
        check_json(&json, "status --format json");
    }
    let _ = render::markdown::rows(&ev.rows);

    // overdue: the rows it keeps, in its order
    let mut rows: Vec<_> = ev
        .rows
        .iter()
        .filter(|r| matches!(r.status, Status::Overdue | Status::DueSoon | Status::Missed))
        .cloned()
        .collect();
    rows.sort_by_key(|r| (r.status == Status::DueSoon, r.by.clone()));
    let opts = render::table::Options {
        color: false,
        width: Some(100),
    };
    let _ = render::table::status(plan, &ev, &rows, opts);
    let _ = render::markdown::rows(&rows);

    // report
    let p = report::pack::pack(plan, m, as_of);
    let _ = render::html::pack(&p);
    let _ = render::markdown::pack(&p, None);
    let _ = render::markdown::pack(&p, Some("charts"));
    let items = p.priorities.iter().flat_map(|s| {
        s.items
            .iter()
            .chain(s.commitments.iter().flat_map(|c| c.items.iter()))
    });
    for item in items {
        if let Some(chart) = &item.chart {
            let _ = render::svg::chart(chart, true);
            let _ = render::svg::chart(chart, false);
            let _ = render::svg::description(chart);
        }
    }
    let doc = serde_json::json!({ "schema_version": render::json::SCHEMA_VERSION, "report": p });
    check_json(
        &serde_json::to_vec_pretty(&doc).expect("serialise the report"),
        "report --format json",
    );

    // show, for every id
    let ids: Vec<String> = plan.ids().map(String::from).collect();
    for id in &ids {
        let view = report::show::show(plan, m, id, as_of)
            .unwrap_or_else(|| panic!("show finds no `{id}`, one of the plan's ids"));
        let _ = render::show::text(&view, Some(100));
        let doc = serde_json::json!({ "schema_version": render::json::SCHEMA_VERSION, "as_of": as_of, "show": view });
        check_json(
            &serde_json::to_vec_pretty(&doc).expect("serialise show"),
            "show --format json",
        );
    }

    // diff
    let since = as_of
        .checked_sub_months(chrono::Months::new(12))
        .expect("a year before");
    let d = report::diff::diff(plan, m, since, as_of);
    let _ = render::diff::table(&d, Some(100));
    let _ = render::diff::markdown(&d);
    let mut csv = Vec::new();
    render::diff::csv(&d, &mut csv).expect("write diff CSV");
    let mut json = Vec::new();
    render::diff::json(&d, &mut json).expect("write diff JSON");
    check_json(&json, "diff --format json");
});
