//! The pack's charts through the binary: SPC points and icons in Making
//! Data Count's colours, and the fixes a board's review asked for (gaps,
//! rates, improve targets, fonts in a standalone chart). The pack draws a
//! full chart in an exception report, for a series of five figures or
//! more, so each fixture is one: red, or with its latest figure worse.

use scraper::{ElementRef, Html, Selector};

use super::{Edit, Fixture};

const IMPROVEMENT: &str = "#0072c6";
const CONCERN: &str = "#e46c0a";

fn select<'a>(root: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    root.select(&selector).collect()
}

/// The HTML pack's chart for `id`.
fn chart_of(doc: &Html, id: &str) -> String {
    let selector = Selector::parse("svg.chart").expect("selector");
    doc.select(&selector)
        .find(|svg| {
            svg.value().attr("aria-labelledby")
                == Some(&format!("chart-{id}-title chart-{id}-desc"))
        })
        .unwrap_or_else(|| panic!("no chart for {id}"))
        .html()
}

/// The SPC example with no tolerance for the four-hour standard, so that
/// its 76.6% against 78% is red and reported with its chart.
fn spc_example() -> Fixture {
    let example = super::root().join("examples/spc-monthly");
    let plan = std::fs::read_to_string(example.join("cfp.toml")).expect("the example's plan");
    assert!(plan.contains("tolerance = \"2pp\""));
    let csv = std::fs::read(example.join("measurements/monthly.csv")).expect("its figures");
    Fixture::new(&plan.edit("tolerance = \"2pp\"", "tolerance = \"0pp\""))
        .file("measurements/monthly.csv", csv)
}

fn spc_pack() -> Html {
    let out = spc_example().run(&["report", "--as-of", "2025-07-15", "--format", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    Html::parse_document(&out.stdout)
}

#[test]
fn the_spc_example_colours_its_special_cause_points_and_shows_the_icons() {
    let doc = spc_pack();
    let four_hour = Html::parse_fragment(&chart_of(&doc, "four-hour"));
    let root = four_hour.root_element();
    // 17 months below the mean, then 10 above: a shift of concern, then
    // improvement, the latest point outside the upper limit.
    let improving = select(root, "circle.spc-improvement");
    assert_eq!(improving.len(), 10);
    assert!(improving
        .iter()
        .all(|c| c.value().attr("fill") == Some(IMPROVEMENT)));
    assert_eq!(select(root, "circle.spc-concern").len(), 17);
    let labels: Vec<&str> = select(root, "svg.mdc-icon")
        .iter()
        .filter_map(|icon| icon.value().attr("aria-label"))
        .collect();
    assert_eq!(
        labels,
        // No assurance icon: the latest point is special cause.
        ["Special cause improvement (high)"]
    );
    let text: String = root.text().collect();
    for words in ["upper limit", "mean 73.5%", "lower limit"] {
        assert!(text.contains(words), "{words} in {text}");
    }
    let desc: String = select(root, "desc")[0].text().collect();
    assert!(
        desc.contains("Special cause improvement at 10 points, between Sep 2024 and Jun 2025."),
        "{desc}"
    );
    assert!(desc.contains("Latest point: special cause improvement (high)."));

    let delays = Html::parse_fragment(&chart_of(&doc, "delayed-discharges"));
    let root = delays.root_element();
    let concern = select(root, "circle.spc-concern");
    assert_eq!(concern.len(), 1, "the spike of June 2025");
    assert_eq!(concern[0].value().attr("fill"), Some(CONCERN));
    assert!(select(root, "circle.spc-improvement").is_empty());
    let labels: Vec<&str> = select(root, "svg.mdc-icon")
        .iter()
        .filter_map(|icon| icon.value().attr("aria-label"))
        .collect();
    // The spike is special cause: no assurance from the old limits.
    assert_eq!(labels, ["Special cause concern (high)"]);
}

#[test]
fn a_standalone_chart_sets_its_fonts() {
    let f = spc_example();
    let folder = f.path().join("pack/");
    let out = f.run(&[
        "report",
        "--as-of",
        "2025-07-15",
        "--format",
        "markdown",
        "-o",
        &folder.to_string_lossy(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let svg = std::fs::read_to_string(folder.join("charts/four-hour.svg")).expect("svg file");
    let root = &svg[..svg.find('>').expect("a root tag")];
    assert!(root.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(root.contains("font-family=\"Arial, Helvetica"), "{root}");
}

/// A plan of one indicator with the given lines, and its figures.
/// A plan of one indicator. The pack draws a full chart only in an
/// exception report, so each fixture's latest figure is red: a figure
/// that only moved the wrong way, untested, is not an exception.
fn one_indicator(indicator: &str, csv: &str) -> Fixture {
    let plan = format!(
        r#"[plan]
title = "Charts"
area = "Here"
[measurements]
files = ["data.csv"]
[[priority]]
id = "p"
title = "P"
[[indicator]]
id = "i"
priority = "p"
title = "An indicator"
{indicator}
"#
    );
    Fixture::new(&plan).file("data.csv", csv)
}

fn chart_in(f: &Fixture, as_of: &str) -> String {
    let out = f.run(&["report", "--as-of", as_of, "--format", "html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    chart_of(&Html::parse_document(&out.stdout), "i")
}

#[test]
fn a_missing_year_breaks_the_line() {
    let f = one_indicator(
        "unit = \"percent\"\npolarity = \"higher\"\ncadence = \"annual\"\ntarget = { value = 90 }",
        "id,period,value\ni,2018,59\ni,2019,60\ni,2020,62\ni,2022,65\ni,2023,64\n",
    );
    let svg = chart_in(&f, "2024-06-01");
    let doc = Html::parse_fragment(&svg);
    let lines = select(doc.root_element(), "polyline[stroke=\"#1f4e79\"]");
    assert_eq!(lines.len(), 2, "{svg}");
    assert!(svg.contains("No figures between 2020 and 2022."));

    let whole = one_indicator(
        "unit = \"percent\"\npolarity = \"higher\"\ncadence = \"annual\"\ntarget = { value = 90 }",
        "id,period,value\ni,2019,60\ni,2020,62\ni,2021,65\ni,2022,66\ni,2023,64\n",
    );
    let svg = chart_in(&whole, "2024-06-01");
    let doc = Html::parse_fragment(&svg);
    assert_eq!(
        select(doc.root_element(), "polyline[stroke=\"#1f4e79\"]").len(),
        1
    );
}

#[test]
fn a_suppressed_year_breaks_the_line_too() {
    let f = one_indicator(
        "unit = \"count\"\npolarity = \"lower\"\ncadence = \"annual\"\ntarget = { value = 1 }",
        "id,period,value\ni,2018/19,13\ni,2019/20,12\ni,2020/21,c\ni,2021/22,9\ni,2022/23,8\ni,2023/24,10\n",
    );
    let svg = chart_in(&f, "2024-06-01");
    assert!(
        svg.contains("No figures between 2019/20 and 2021/22."),
        "{svg}"
    );
}

#[test]
fn a_rate_says_per_n_on_its_axis() {
    let f = one_indicator(
        "unit = \"rate\"\nper = 1000\npolarity = \"lower\"\ntarget = { value = 20 }",
        "id,period,value\ni,2019/20,43.0\ni,2020/21,42.1\ni,2021/22,40.5\ni,2022/23,39.8\ni,2023/24,41.2\n",
    );
    let svg = chart_in(&f, "2024-12-01");
    let doc = Html::parse_fragment(&svg);
    let texts: Vec<String> = select(doc.root_element(), "text")
        .iter()
        .map(|t| t.text().collect())
        .collect();
    assert!(texts.iter().any(|t| t == "per 1,000"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("100,000")), "{texts:?}");
}

#[test]
fn an_improve_target_is_drawn_as_better_than_the_baseline() {
    let f = one_indicator(
        "unit = \"percent\"\npolarity = \"higher\"\ntarget = \"improve\"\ntolerance = \"0.5pp\"\nbaseline = { period = \"2022/23\", value = 60 }",
        "id,period,value\ni,2019/20,58\ni,2020/21,59\ni,2021/22,59.5\ni,2022/23,60\ni,2023/24,59\n",
    );
    let svg = chart_in(&f, "2024-12-01");
    assert!(
        svg.contains(">Target: better than the baseline</text>"),
        "{svg}"
    );
    assert!(
        svg.contains("Target better than the baseline (60%)."),
        "{svg}"
    );
}

#[test]
fn counts_near_zero_keep_the_axis_at_zero() {
    let values = [2, 0, 5, 1, 0, 6, 1, 0, 3, 0, 1, 7, 0, 2];
    let mut csv = String::from("id,period,value\n");
    for (m, v) in values.iter().enumerate() {
        csv.push_str(&format!("i,{}-{:02},{v}\n", 2024 + m / 12, m % 12 + 1));
    }
    let f = one_indicator(
        "unit = \"count\"\npolarity = \"lower\"\ncadence = \"monthly\"\ntarget = { value = 0 }",
        &csv,
    );
    let svg = chart_in(&f, "2025-06-01");
    let doc = Html::parse_fragment(&svg);
    let ticks: Vec<String> = select(doc.root_element(), "text[text-anchor=\"end\"]")
        .iter()
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(ticks.first().map(String::as_str), Some("0"), "{ticks:?}");
    assert!(ticks.iter().all(|t| !t.starts_with('-')), "{ticks:?}");
    assert!(
        svg.contains(">lower limit</text>") && svg.contains(">below 0</text>"),
        "{svg}"
    );
}
