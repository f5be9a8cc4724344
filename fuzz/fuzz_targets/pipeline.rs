//! The whole pipeline on a fixed plan (fuzz/plans/own) and a fuzzed
//! measurements file, in process, as the commands do it: load, and when
//! the data is valid rate as of 2026-06-30, build every command's report
//! (status with and without roll-ups, overdue, report, show for every id,
//! diff since a year before) and render each in every format through the
//! one dispatch, plus every SVG chart. No panic, every JSON output parses,
//! and a format a command does not write is refused cleanly.
#![no_main]

use cfp::eval;
use cfp::render::{self, Format};
use cfp::report::{self, Report, ShowReport, StatusReport};
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

    // Every command's report, in every format it writes, through the one
    // dispatch the commands use.
    let mut reports = Vec::new();
    let ev = eval::evaluate(plan, m, as_of);
    reports.push(Report::Overdue(StatusReport::overdue(plan, ev.clone())));
    for by_priority in [false, true] {
        let rows = ev.rows.clone();
        reports.push(Report::Status(StatusReport::new(plan, ev.clone(), rows, by_priority)));
    }
    reports.push(Report::Pack(Box::new(report::pack::pack(
        plan,
        m.clone(),
        as_of,
    ))));
    let ids: Vec<String> = plan.ids().map(String::from).collect();
    for id in &ids {
        let show = ShowReport::of(plan, m, id, as_of)
            .unwrap_or_else(|| panic!("show finds no `{id}`, one of the plan's ids"));
        reports.push(Report::Show(show));
    }
    let since = as_of
        .checked_sub_months(chrono::Months::new(12))
        .expect("a year before");
    reports.push(Report::Diff(report::diff::diff(plan, m, since, as_of)));
    for r in &reports {
        for format in Format::ALL {
            for (color, width, charts) in [(false, Some(100), None), (true, None, Some("charts"))] {
                let opts = render::Options { color, width, charts };
                let mut out = Vec::new();
                match render::render(r, format, &opts, &mut out) {
                    Ok(()) if format == Format::Json => check_json(&out, r.command()),
                    Ok(()) => {}
                    // A format the command does not write is refused, not
                    // half-written.
                    Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{e}"),
                }
            }
        }
    }
    // The pack's charts, drawn both ways.
    if let Some(Report::Pack(p)) = reports.iter().find(|r| matches!(r, Report::Pack(_))) {
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
    }
});
