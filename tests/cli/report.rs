//! The board pack (`cfp report`) and the board-to-board diff (`cfp diff`).

use std::path::Path;

use scraper::{Html, Selector};

use super::{parse_csv, run, Fixture};

fn html_of(args: &[&str]) -> String {
    let mut all = vec!["report", "--format", "html"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    doc.select(&selector).collect()
}

#[test]
fn the_seed_plan_pack_is_html_with_one_chart_per_indicator_with_data() {
    let text = html_of(&["--plan", "data", "--as-of", "2026-02-26"]);
    let doc = Html::parse_document(&text);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    assert!(
        !text.contains("http://") && !text.contains("https://"),
        "nothing to fetch"
    );
    assert!(select(&doc, "script").is_empty(), "no scripts");
    assert!(select(&doc, "link").is_empty(), "no external stylesheets");
    let status = run(&[
        "status",
        "--plan",
        "data",
        "--as-of",
        "2026-02-26",
        "--format",
        "csv",
    ]);
    let (header, rows) = parse_csv(&status.stdout);
    let value = header.iter().position(|h| h == "value").expect("value");
    let with_data = rows.iter().filter(|r| !r[value].is_empty()).count();
    let charts = select(&doc, "svg.chart");
    assert_eq!(charts.len(), with_data);
    for chart in charts {
        assert!(chart.value().attr("aria-labelledby").is_some());
        let title = chart.select(&Selector::parse("title").expect("sel")).next();
        let desc = chart.select(&Selector::parse("desc").expect("sel")).next();
        assert!(
            title.is_some() && desc.is_some(),
            "every chart has a title and a text alternative"
        );
    }
    assert_eq!(select(&doc, "h1").len(), 1);
    assert!(text.contains("Exceptions"));
    assert!(
        select(&doc, "#exceptions th[scope=col]").len() >= 5,
        "tables have headers"
    );
    assert_eq!(
        select(&doc, ".timeline li.asof").len(),
        1,
        "milestones against the as-of date"
    );
    assert_eq!(select(&doc, ".timeline li.overdue").len(), 6);
    assert!(text.contains("@media print") && text.contains("size: A4"));
}

#[test]
fn plan_text_is_escaped() {
    let plan = r#"[plan]
title = "<script>alert('plan')</script>"
area = "A & B"
vision = "<b>bold</b>"
[measurements]
files = ["data.csv"]
[[priority]]
id = "p"
title = "<img src=x onerror=alert(1)>"
[[indicator]]
id = "i"
priority = "p"
title = "</svg><script>alert(2)</script>"
unit = "percent"
polarity = "higher"
target = { value = 80, by = "2026/27" }
"#;
    let f = Fixture::new(plan).file(
        "data.csv",
        "id,period,value,note\ni,2024/25,70,<script>x</script>\ni,2025/26,75,\n",
    );
    let out = f.run(&["report", "--as-of", "2026-06-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = Html::parse_document(&out.stdout);
    assert!(select(&doc, "script").is_empty(), "{}", out.stdout);
    assert!(select(&doc, "img").is_empty());
    assert!(select(&doc, "b").is_empty());
    assert!(out
        .stdout
        .contains("&lt;script&gt;alert(&#39;plan&#39;)&lt;/script&gt;"));
    assert!(out.stdout.contains("A &amp; B"));
    assert_eq!(select(&doc, "svg.chart").len(), 1);
}

#[test]
fn the_markdown_pack_is_pinned() {
    let out = run(&[
        "report",
        "--plan",
        "tests/fixtures/diff",
        "--as-of",
        "2025-07-01",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn markdown_to_a_folder_writes_the_charts_beside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("pack/");
    let folder_arg = folder.to_string_lossy().into_owned();
    let out = run(&[
        "report",
        "--plan",
        "tests/fixtures/diff",
        "--as-of",
        "2025-07-01",
        "--format",
        "markdown",
        "-o",
        &folder_arg,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = std::fs::read_to_string(folder.join("report.md")).expect("report.md");
    assert!(
        md.contains("![Near target last time, off target now](charts/turns-red.svg)"),
        "{md}"
    );
    let svg = std::fs::read_to_string(folder.join("charts/turns-red.svg")).expect("svg file");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        !folder.join("charts/ms-done.svg").exists(),
        "milestones have no chart"
    );
}

#[test]
fn the_output_file_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("pack.html");
    let file_arg = file.to_string_lossy().into_owned();
    let out = run(&[
        "report",
        "--plan",
        "examples/minimal",
        "--as-of",
        "2025-06-30",
        "-o",
        &file_arg,
    ]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    assert!(std::fs::read_to_string(&file)
        .expect("written")
        .starts_with("<!DOCTYPE html>"));
    let csv = dir.path().join("status.csv");
    let csv_arg = csv.to_string_lossy().into_owned();
    let out = run(&[
        "status",
        "--plan",
        "examples/minimal",
        "--as-of",
        "2025-06-30",
        "-o",
        &csv_arg,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::read_to_string(&csv)
        .expect("written")
        .starts_with("priority,commitment,id"));
}

#[test]
fn the_diff_is_pinned_in_every_format() {
    let args = [
        "diff",
        "--plan",
        "tests/fixtures/diff",
        "--since",
        "2025-01-01",
        "--as-of",
        "2025-07-01",
    ];
    let table = run(&args);
    assert_eq!(table.code, 0, "{}", table.stderr);
    insta::assert_snapshot!("diff_table", table.stdout);
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let csv = run(&csv_args);
    insta::assert_snapshot!("diff_csv", csv.stdout);
    let (_, rows) = parse_csv(&csv.stdout);
    let kinds: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    for kind in [
        "newly overdue",
        "rating moved",
        "milestone slipped",
        "milestone completed",
        "self-assessment changed",
        "figure restated",
        "figure arrived",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run(&json_args).stdout).expect("json");
    assert_eq!(json["since"], "2025-01-01");
    assert_eq!(json["changes"][1]["from"], "amber (near)");
    assert_eq!(json["changes"][1]["to"], "red (off target)");
}

#[test]
fn diff_fails_on_what_newly_holds() {
    let args = [
        "diff",
        "--plan",
        "tests/fixtures/diff",
        "--since",
        "2025-01-01",
        "--as-of",
        "2025-07-01",
        "-q",
    ];
    let mut red = args.to_vec();
    red.extend(["--fail-on", "red"]);
    assert_eq!(run(&red).code, 1, "something turned red");
    let mut missed = args.to_vec();
    missed.extend(["--fail-on", "missed"]);
    assert_eq!(run(&missed).code, 0, "nothing was missed");
    let backwards = run(&[
        "diff",
        "--plan",
        "tests/fixtures/diff",
        "--since",
        "2025-07-01",
        "--as-of",
        "2025-01-01",
    ]);
    assert_eq!(backwards.code, 2);
}

#[test]
fn the_seed_plan_diff_tells_the_story_between_the_two_boards() {
    let out = run(&[
        "diff",
        "--plan",
        "data",
        "--since",
        "2023-10-31",
        "--as-of",
        "2026-02-26",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (_, rows) = parse_csv(&out.stdout);
    let find = |change: &str, id: &str| rows.iter().any(|r| r[0] == change && r[2] == id);
    assert!(
        find("figure arrived", "gld"),
        "GLD 70.4% for 2024/25 arrived"
    );
    assert!(find("rating moved", "hpv-females"), "HPV first rated red");
    assert!(find("milestone completed", "family-hubs-website"));
}

/// Headless Chromium renders the pack to PNG and PDF. `.ci/run` installs
/// Debian's chromium; on a machine without it this test says so and passes,
/// except under CI, where it must run.
#[test]
fn chromium_renders_the_pack() {
    let chromium = ["chromium", "chromium-browser"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(chromium) = chromium else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (.ci/run does)"
        );
        eprintln!("chromium not installed: render test skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("pack.html");
    let html_arg = html.to_string_lossy().into_owned();
    let out = run(&[
        "report",
        "--plan",
        "data",
        "--as-of",
        "2026-02-26",
        "-o",
        &html_arg,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let png = dir.path().join("pack.png");
    let pdf = dir.path().join("pack.pdf");
    let url = format!("file://{}", html.display());
    for target in [
        format!("--screenshot={}", png.display()),
        format!("--print-to-pdf={}", pdf.display()),
    ] {
        let status = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1200,1600",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(&target)
            .arg(&url)
            .output()
            .expect("chromium runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    assert!(pdf.metadata().expect("pdf written").len() > 1000);
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
    assert!(colours(&png) > 1, "the screenshot is not blank");
}

/// How many distinct colours a PNG has (up to 2 is all we need to know).
fn colours(path: &Path) -> usize {
    let decoder = png::Decoder::new(std::fs::File::open(path).expect("png written"));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let bytes = &buf[..info.buffer_size()];
    let px = info.color_type.samples();
    let first = &bytes[..px];
    if bytes.chunks(px).any(|p| p != first) {
        2
    } else {
        1
    }
}
