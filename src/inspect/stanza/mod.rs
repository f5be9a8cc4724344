//! The `[[measurements.source]]` that would load an inspected file: the
//! publisher's preset where its headers give it away (Fingertips, DfE's
//! EES), else each cfp column mapped to the header whose words say it
//! plainly. What cannot be told is said in a `#` comment naming the
//! candidate headers as the file spells them, never filled with a value
//! that only looks right.
//!
//! A header is written as a person types what Excel shows: its line
//! breaks and runs of spaces one space, its `[note N]` markers left out
//! (`2023 Current smokers %` for `2023 \nCurrent smokers \n%`). cfp
//! matches headers so (mapping.rs), the form reads well in the plan, and
//! it survives a publisher re-spacing its headers; where two headers
//! would read the same so, the exact text is written, escaped.

mod plain;
mod publishers;
mod wide;
mod writer;

use super::profile::Column;
use crate::measure::{fingertips_recognised, normal_header};
use writer::{string, Toml};

/// What the suggestion is made from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The file's name, without its folder: the plan usually keeps its
    /// data beside it.
    pub file_name: &'a str,
    pub sheet: Option<&'a str>,
    pub header_row: Option<u32>,
    pub columns: &'a [Column],
    /// A Fingertips export's indicator ids with the name first met with
    /// each, so that each plan id is made from its indicator's name.
    pub indicator_names: &'a [(String, String)],
}

/// The suggested stanza, as TOML text with comments.
pub fn suggest(f: &Facts<'_>) -> String {
    let mut t = Toml::default();
    t.line("[[measurements.source]]");
    t.pair(
        "files",
        &format!("[{}]", string(f.file_name)),
        Some("the file, relative to the folder of cfp.toml"),
    );
    if let Some(sheet) = f.sheet {
        t.pair("sheet", &string(sheet), None);
    }
    if let Some(row) = f.header_row {
        t.pair("header_row", &row.to_string(), None);
    }
    let names: Vec<String> = f.columns.iter().map(|c| norm(&c.header)).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("time_period") && has("time_identifier") && has("geographic_level") {
        publishers::ees(&mut t, f);
    } else if fingertips_recognised(has) {
        publishers::fingertips(&mut t, f);
    } else {
        plain::plain(&mut t, f);
    }
    t.text
}

/// A header as cfp matches it, R's dots read as spaces.
fn norm(header: &str) -> String {
    normal_header(header, true)
}

/// Whether a header (as cfp matches it) names a confidence limit.
fn confidence(name: &str) -> bool {
    name.contains("confidence") || name.split(' ').any(|w| w == "ci" || w == "cl")
}

/// A plan id made from text: lower case words joined by hyphens, at most
/// 40 characters, cut at a word.
pub fn slug(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in words {
        if !out.is_empty() && out.len() + 1 + w.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    if out.is_empty() {
        "indicator".to_string()
    } else {
        out
    }
}

/// The file's name without its extensions (`.csv.gz` too).
fn stem(file_name: &str) -> &str {
    let lower = file_name.to_ascii_lowercase();
    for ext in [".csv.gz", ".csv", ".xlsx", ".xlsm", ".xls", ".ods", ".gz"] {
        if lower.ends_with(ext) {
            return &file_name[..file_name.len() - ext.len()];
        }
    }
    file_name
}

const ID_COMMENT: &str =
    "must be the id of the plan's indicator these rows are: rename it to yours";

fn indicator(t: &mut Toml, id: &str) {
    t.pair("indicator", &string(id), Some(ID_COMMENT));
}

#[cfg(test)]
mod tests {
    use super::super::profile::Profile;
    use super::plain::named_period;
    use super::writer::{key, string, typed};
    use super::*;
    use proptest::prelude::*;

    fn columns(header: &[&str], rows: &[&[&str]]) -> Vec<Column> {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let mut p = Profile::new(&header);
        for r in rows {
            p.add(r);
        }
        p.columns()
    }

    fn stanza(file: &str, cols: &[Column]) -> String {
        suggest(&Facts {
            file_name: file,
            sheet: None,
            header_row: None,
            columns: cols,
            indicator_names: &[],
        })
    }

    fn parsed(text: &str) -> toml::Table {
        text.parse::<toml::Table>().expect("the stanza is TOML")
    }

    fn source(text: &str) -> toml::Table {
        let doc = parsed(text);
        doc["measurements"]["source"][0]
            .as_table()
            .cloned()
            .expect("one source")
    }

    #[test]
    fn a_year_in_the_files_name_is_offered_as_its_period() {
        assert_eq!(
            named_period("temporary-accommodation-2024-25.csv").as_deref(),
            Some("2024/25")
        );
        assert_eq!(
            named_period("outturn_2023_24.xlsx").as_deref(),
            Some("2023/24")
        );
        assert_eq!(named_period("cla-2024.csv"), None);
        assert_eq!(named_period("x-20245-67.csv"), None);
        assert_eq!(named_period("2024-26.csv"), None, "not consecutive years");
    }

    #[test]
    fn an_area_named_on_a_groups_first_row_is_offered_fill_down() {
        let cols = columns(
            &["Area", "Quarter", "Rate"],
            &[
                &["Trafford", "Q1 2024/25", "45.8"],
                &["", "Q2 2024/25", "51.9"],
            ],
        );
        let text = stanza("ehcp.csv", &cols).replace("\n#   ", " ");
        assert!(text.contains("\"Area\" is empty in 1 row:"), "{text}");
        assert!(text.contains("fill_down = [\"area\"]"), "{text}");
    }

    #[test]
    fn slugs_are_plan_ids() {
        assert_eq!(
            slug("Campylobacter incidence rate/100,000\n"),
            "campylobacter-incidence-rate-100-000"
        );
        assert_eq!(
            slug("cla_number_and_rate_per_10k_children"),
            "cla-number-and-rate-per-10k-children"
        );
        assert_eq!(slug("!!"), "indicator");
        assert!(slug("Proportion of dependent drinkers not in treatment (%)").len() <= 40);
    }

    #[test]
    fn headers_are_typed_loosely_unless_two_would_then_read_the_same() {
        let cols = columns(
            &[
                "2021 \nCurrent smokers \n%",
                "Area code \n[note 6]\n[note 19]",
            ],
            &[],
        );
        assert_eq!(typed(&cols[0].header, &cols), "2021 Current smokers %");
        assert_eq!(typed(&cols[1].header, &cols), "Area code");
        let dotted = columns(&["\u{130}stanbul [NOTE 3] rate"], &[]);
        assert_eq!(typed(&dotted[0].header, &dotted), "\u{130}stanbul rate");
        let twins = columns(&["Rate [note 1]", "Rate [note 2]"], &[]);
        assert_eq!(typed(&twins[0].header, &twins), "Rate [note 1]");
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(key("Sex"), "Sex");
        assert_eq!(key("93356"), "\"93356\"");
        assert_eq!(key("Category Type"), "\"Category Type\"");
    }

    #[test]
    fn a_fingertips_export_gets_the_preset_its_ids_and_whole_population_rows() {
        let cols = columns(
            &[
                "Indicator ID",
                "Indicator Name",
                "Area Name",
                "Sex",
                "Age",
                "Time period",
                "Value",
            ],
            &[
                &[
                    "93356",
                    "Campylobacter rate",
                    "England",
                    "Persons",
                    "All ages",
                    "2015",
                    "94.7",
                ],
                &[
                    "93356",
                    "Campylobacter rate",
                    "England",
                    "Male",
                    "All ages",
                    "2015",
                    "95.7",
                ],
                &[
                    "93356",
                    "Campylobacter rate",
                    "England",
                    "Persons",
                    "0-9 yrs",
                    "2015",
                    "217.9",
                ],
            ],
        );
        let text = stanza("campylobacter.csv", &cols);
        let s = source(&text);
        assert_eq!(s["preset"].as_str(), Some("fingertips"));
        assert_eq!(s["ids"]["93356"].as_str(), Some("campylobacter-rate"));
        assert_eq!(s["where"]["Sex"].as_str(), Some("Persons"));
        assert_eq!(s["where"]["Age"].as_str(), Some("All ages"));
        assert!(text.contains("\"Age\" also holds \"0-9 yrs\""), "{text}");
    }

    #[test]
    fn several_fingertips_indicators_are_each_named_by_their_own_name() {
        let cols = columns(
            &[
                "Indicator ID",
                "Indicator Name",
                "Area Name",
                "Time period",
                "Value",
            ],
            &[
                &["93532", "Dependent drinkers", "England", "2019/20", "80"],
                &["93517", "Opiate users", "England", "2019/20", "52"],
                &["93518", "Opiate users", "England", "2019/20", "53"],
            ],
        );
        let names: Vec<(String, String)> = [
            ("93532", "Dependent drinkers"),
            ("93517", "Opiate users"),
            ("93518", "Opiate users"),
        ]
        .iter()
        .map(|(i, n)| (i.to_string(), n.to_string()))
        .collect();
        let text = suggest(&Facts {
            file_name: "treatment.csv",
            sheet: None,
            header_row: None,
            columns: &cols,
            indicator_names: &names,
        });
        let s = source(&text);
        assert_eq!(s["ids"]["93532"].as_str(), Some("dependent-drinkers"));
        assert_eq!(s["ids"]["93517"].as_str(), Some("opiate-users"));
        // Two indicators of one name are told apart by their ids.
        assert_eq!(s["ids"]["93518"].as_str(), Some("treatment-93518"));
    }

    #[test]
    fn an_r_export_with_dotted_headers_is_fingertips_too() {
        let cols = columns(
            &["", "Indicator.ID", "Area.Name", "Time.period", "Value"],
            &[&["1", "93861", "England", "2018", "7.06"]],
        );
        let s = source(&stanza("air.csv", &cols));
        assert_eq!(s["preset"].as_str(), Some("fingertips"));
        assert_eq!(s["ids"]["93861"].as_str(), Some("air"));
        assert!(s.get("where").is_none());
    }

    #[test]
    fn an_ees_file_reads_its_first_measure_and_a_filter_keeps_its_total() {
        let cols = columns(
            &[
                "time_period",
                "time_identifier",
                "geographic_level",
                "country_code",
                "country_name",
                "sex",
                "population_type",
                "children_count",
                "rate_per_10000",
            ],
            &[
                &[
                    "2025",
                    "Reporting year",
                    "National",
                    "E92000001",
                    "England",
                    "Total",
                    "A",
                    "5",
                    "c",
                ],
                &[
                    "2025",
                    "Reporting year",
                    "National",
                    "E92000001",
                    "England",
                    "Boys",
                    "B",
                    "7",
                    "8",
                ],
            ],
        );
        let text = stanza("cla.csv", &cols);
        let s = source(&text);
        assert_eq!(s["preset"].as_str(), Some("ees"));
        assert_eq!(s["indicator"].as_str(), Some("cla"));
        assert_eq!(s["columns"]["value"].as_str(), Some("children_count"));
        assert_eq!(s["where"]["sex"].as_str(), Some("Total"));
        assert_eq!(s["where"]["population_type"].as_str(), Some("A"));
        assert!(text.contains("\"rate_per_10000\""), "{text}");
    }

    #[test]
    fn a_wide_table_is_read_whole_by_melt() {
        let header = [
            "Area code \n[note 6]",
            "Area name",
            "2021 \nCurrent smokers \n%",
            "2021 \nLower 95% confidence interval \n%",
            "2021 \nUpper 95% confidence interval \n%",
            "2021  \nWeighted count",
            "2022 \nCurrent smokers \n%",
            "2022 \nLower 95% confidence interval \n%",
            "2022 \nUpper 95% confidence interval \n%",
            "2022  \nWeighted count",
        ];
        let cols = columns(
            &header,
            &[&[
                "E1",
                "Leicestershire",
                "11",
                "9",
                "13",
                "63000",
                "10",
                "8",
                "12",
                "[x]",
            ]],
        );
        let text = suggest(&Facts {
            file_name: "smoking.xlsx",
            sheet: Some("Table 1"),
            header_row: Some(9),
            columns: &cols,
            indicator_names: &[],
        });
        let s = source(&text);
        assert_eq!(s["sheet"].as_str(), Some("Table 1"));
        assert_eq!(s["header_row"].as_integer(), Some(9));
        assert_eq!(s["indicator"].as_str(), Some("smoking"));
        assert!(s.get("period").is_none(), "{text}");
        let c = &s["columns"];
        assert_eq!(c["area_code"].as_str(), Some("Area code"));
        assert_eq!(c["area"].as_str(), Some("Area name"));
        let m = &s["melt"];
        assert_eq!(m["value"].as_str(), Some("{period} Current smokers %"));
        assert_eq!(
            m["lower_ci"].as_str(),
            Some("{period} Lower 95% confidence interval %")
        );
        assert_eq!(
            m["upper_ci"].as_str(),
            Some("{period} Upper 95% confidence interval %")
        );
        assert!(c.get("numerator").is_none());
    }

    #[test]
    fn what_cannot_be_told_is_a_comment_naming_the_candidates() {
        let cols = columns(
            &["Where", "When", "Males", "Females"],
            &[&["Leicestershire", "2024/25", "12", "14"]],
        );
        let text = stanza("own.csv", &cols);
        let s = source(&text);
        // Comments wrap; their words are compared unwrapped.
        let text = text.replace("\n#   ", " ");
        assert!(s.get("columns").is_none(), "{text}");
        assert!(text.contains("# value: cfp cannot tell"), "{text}");
        assert!(text.contains("\"Males\", \"Females\""), "{text}");
        assert!(
            text.contains("the columns of periods or dates are \"When\""),
            "{text}"
        );
    }

    #[test]
    fn the_one_column_of_numbers_or_the_one_rate_is_the_value() {
        let cols = columns(
            &["Area", "Year", "Count", "Rate per 1,000"],
            &[&["Rutland", "2024/25", "12", "1.5"]],
        );
        let s = source(&stanza("own.csv", &cols));
        assert_eq!(s["columns"]["value"].as_str(), Some("Rate per 1,000"));
        assert_eq!(s["columns"]["numerator"].as_str(), Some("Count"));
        let cols = columns(
            &["Area", "Year", "Households", "Homeless %"],
            &[&["Rutland", "2024/25", "12000", "1.5"]],
        );
        let s = source(&stanza("own.csv", &cols));
        assert_eq!(s["columns"]["value"].as_str(), Some("Homeless %"));
    }

    #[test]
    fn an_ofsted_style_table_maps_its_dates_and_judgement() {
        let cols = columns(
            &[
                "Local authority area code",
                "Local authority name",
                "Inspection date",
                "Publication date",
                "Overall effectiveness",
            ],
            &[&[
                "E10000018",
                "Leicestershire",
                "2024-04-22",
                "2024-07-12",
                "Outstanding",
            ]],
        );
        let s = source(&stanza("ofsted.ods", &cols));
        let c = &s["columns"];
        assert_eq!(c["area_code"].as_str(), Some("Local authority area code"));
        assert_eq!(c["area"].as_str(), Some("Local authority name"));
        assert_eq!(c["period"].as_str(), Some("Inspection date"));
        assert_eq!(c["published"].as_str(), Some("Publication date"));
        assert_eq!(c["value"].as_str(), Some("Overall effectiveness"));
        let text = stanza("ofsted.ods", &cols).replace("\n#   ", " ");
        assert!(
            text.contains("(\"Outstanding\"): its indicator needs unit = \"grade\""),
            "{text}"
        );
    }

    proptest! {
        #[test]
        fn the_stanza_is_toml_and_names_only_headers_the_file_has(
            extra in proptest::collection::vec("[ -~\n\t\u{e9}\u{7f}\u{130}]{0,16}", 0..4),
            file in "[ -~\u{e9}]{1,20}",
        ) {
            let mut header: Vec<String> =
                ["Area name", "Time period", "Value"].iter().map(|h| h.to_string()).collect();
            header.extend(extra);
            let refs: Vec<&str> = header.iter().map(String::as_str).collect();
            let row: Vec<&str> = ["Leicestershire", "2024/25", "1"]
                .into_iter()
                .chain(std::iter::repeat("x"))
                .take(header.len())
                .collect();
            let cols = columns(&refs, &[&row]);
            let text = suggest(&Facts {
                file_name: &file,
                sheet: Some(&file),
                header_row: Some(3),
                columns: &cols,
                indicator_names: &[],
            });
            let s = source(&text);
            prop_assert_eq!(s["files"][0].as_str(), Some(file.as_str()));
            prop_assert_eq!(s["sheet"].as_str(), Some(file.as_str()));
            let mapped = s.get("columns").and_then(|c| c.as_table()).cloned().unwrap_or_default();
            for (column, name) in &mapped {
                let name = name.as_str().unwrap_or_default();
                let matches = header
                    .iter()
                    .filter(|h| normal_header(h, false) == normal_header(name, false))
                    .count();
                prop_assert!(matches >= 1, "{column} = {name:?} names no header of {header:?}");
            }
        }
    }
}
