//! Wide tables: a source's `melt` reads a table whose periods run across
//! its columns (ONS's `2021 \nCurrent smokers \n%`, `2022 \nCurrent
//! smokers \n%`, ...), each period's block of columns read as if it were
//! a long table's row. A template is a header with `{period}` where the
//! period's label stands, matched as headers are (any case, runs of
//! spaces and line breaks as one space, note markers left out).

use crate::diag::{Code, Diagnostic, Location};
use crate::period::{self, PeriodContext, YearKind};
use crate::plan::PERIOD_MARK;

use super::cell::{shown, spoken};

/// One period's columns: its label as the header writes it, and the field
/// each melted cfp column is in (none where this period's block lacks it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub label: Box<str>,
    pub columns: Vec<(String, Option<usize>)>,
}

/// The text a template's `{period}` stands for in a header, if the header
/// is the template's.
fn label_in(template: &(String, String), header: &str) -> Option<String> {
    let (before, after) = template;
    let n = header.len();
    if n < before.len() + after.len() {
        return None;
    }
    let head = header.get(..before.len())?;
    let tail = header.get(n - after.len()..)?;
    if !head.eq_ignore_ascii_case(before) || !tail.eq_ignore_ascii_case(after) {
        return None;
    }
    let label = header.get(before.len()..n - after.len())?.trim();
    (!label.is_empty()).then(|| label.to_string())
}

/// A template split at its `{period}`, each side as headers are spoken.
fn split(template: &str) -> (String, String) {
    let (before, after) = template.split_once(PERIOD_MARK).unwrap_or((template, ""));
    (
        spoken(before).trim_end().to_string(),
        spoken(after).trim_start().to_string(),
    )
}

/// The block of the period `label`, which the anchor template found in
/// field `i` (its header `written` as the file writes it); or why it
/// cannot be one, as a message and help.
fn block_of(
    templates: &[(&str, (String, String))],
    headers: &[String],
    blocks: &[Block],
    (label, i, written): (String, usize, &str),
) -> Result<Block, (String, String)> {
    let ctx = PeriodContext {
        year: YearKind::Financial,
        annual: true,
    };
    if let Err(e) = period::parse(&label, ctx) {
        return Err((
            format!(
                "the header `{}` is the `melt` template's, but `{label}` in it is no \
                 period: {}",
                written, e.message
            ),
            format!(
                "make the template say more of the header around `{PERIOD_MARK}`, so that \
                 only the periods' columns match; {}",
                e.help.unwrap_or_default()
            ),
        ));
    }
    if let Some(first) = blocks.iter().find(|b| b.label.eq_ignore_ascii_case(&label)) {
        let column = first.columns.first().and_then(|c| c.1).map_or(0, |c| c + 1);
        return Err((
            format!(
                "the `melt` template finds period `{label}` twice (fields {column} and {}): \
                 cfp cannot tell which to read",
                i + 1
            ),
            "make the template say more of the header, so that one column matches per \
             period"
                .into(),
        ));
    }
    let columns = templates
        .iter()
        .map(|(column, t)| {
            let field = headers
                .iter()
                .position(|h| label_in(t, h).is_some_and(|l| l.eq_ignore_ascii_case(&label)));
            (column.to_string(), field)
        })
        .collect();
    Ok(Block {
        label: label.into(),
        columns,
    })
}

/// The blocks of a wide table's header, one per period that the `value`
/// (or `status`) template finds, left to right; or every problem.
pub(super) fn blocks(
    melt: &[(String, String)],
    names: &[String],
    at: &Location,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let headers: Vec<String> = names.iter().map(|n| spoken(n)).collect();
    let templates: Vec<(&str, (String, String))> = melt
        .iter()
        .map(|(column, t)| (column.as_str(), split(t)))
        .collect();
    let anchor = templates
        .iter()
        .position(|(c, _)| *c == "value")
        .or_else(|| templates.iter().position(|(c, _)| *c == "status"))
        .unwrap_or(0);
    let mut problems = Vec::new();
    let problem = |message: String, help: String| {
        Diagnostic::error(Code::BadMelt, Some(at.clone()), message).with_help(help)
    };
    let listed = || {
        let all: Vec<String> = names
            .iter()
            .filter(|n| !n.is_empty())
            .map(|n| format!("`{}`", shown(n)))
            .collect();
        format!("the header has {}", all.join(", "))
    };
    let mut blocks: Vec<Block> = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        // Text with no digit in it is no period, and no period's column
        // (`Area`, for a table of bare years): not a match. Text with one
        // is, or is a period cfp cannot read, which is said.
        let Some(label) = label_in(&templates[anchor].1, header)
            .filter(|l| l.bytes().any(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        match block_of(&templates, &headers, &blocks, (label, i, &shown(&names[i]))) {
            Ok(block) => blocks.push(block),
            Err((message, help)) => problems.push(problem(message, help)),
        }
    }
    if blocks.is_empty() && problems.is_empty() {
        let (column, _) = &melt[anchor];
        problems.push(problem(
            format!(
                "the `melt` template for `{column}`, `{}`, matches no header",
                melt[anchor].1
            ),
            listed(),
        ));
    }
    for (k, (column, template)) in melt.iter().enumerate() {
        let found = blocks.iter().any(|b| b.columns[k].1.is_some());
        if k != anchor && !blocks.is_empty() && !found {
            problems.push(problem(
                format!(
                    "the `melt` template for `{column}`, `{template}`, matches no header \
                     of the periods the `{}` template finds",
                    melt[anchor].0
                ),
                listed(),
            ));
        }
    }
    if problems.is_empty() {
        Ok(blocks)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn ons_headers() -> Vec<String> {
        let mut names = vec![
            "Area code \n[note 6]\n[note 19]".to_string(),
            "Area name".to_string(),
        ];
        for year in ["2021", "2022", "2023"] {
            names.push(format!("{year} \nCurrent smokers \n%"));
            names.push(format!("{year} \nLower 95% confidence interval \n%"));
            names.push(format!("{year}  \nWeighted count"));
        }
        names
    }

    fn melt(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(c, t)| (c.to_string(), t.to_string()))
            .collect()
    }

    fn at() -> Location {
        Location::at(Path::new("t.xlsx"), 9, 1)
    }

    #[test]
    fn each_period_is_a_block_of_the_columns_its_headers_name() {
        let got = blocks(
            &melt(&[
                ("value", "{period} Current smokers %"),
                ("lower_ci", "{period} lower 95% confidence interval %"),
                ("denominator", "{period} Weighted count"),
            ]),
            &ons_headers(),
            &at(),
        )
        .expect("blocks");
        let labels: Vec<&str> = got.iter().map(|b| &*b.label).collect();
        assert_eq!(labels, ["2021", "2022", "2023"]);
        assert_eq!(
            got[1].columns,
            [
                ("value".to_string(), Some(5)),
                ("lower_ci".to_string(), Some(6)),
                ("denominator".to_string(), Some(7)),
            ]
        );
    }

    #[test]
    fn a_label_keeps_the_files_case_and_a_period_may_be_anywhere_in_the_header() {
        assert_eq!(spoken("Q1 2024/25 \n[Note 3] rate"), "Q1 2024/25 rate");
        let t = split("Rate per 1,000 ({period})");
        assert_eq!(
            label_in(&t, &spoken("Rate per 1,000 \n(Q1 2024/25)")),
            Some("Q1 2024/25".into())
        );
        assert_eq!(label_in(&t, "Rate per 1,000 ()"), None);
        assert_eq!(label_in(&t, "Count (2024)"), None);
    }

    #[test]
    fn a_table_of_bare_years_is_read_past_its_other_columns() {
        let names: Vec<String> = ["Area code", "Area", "2019/20", "2020/21", "Notes"]
            .iter()
            .map(|n| n.to_string())
            .collect();
        let got = blocks(&melt(&[("value", "{period}")]), &names, &at()).expect("blocks");
        let found: Vec<(&str, Option<usize>)> =
            got.iter().map(|b| (&*b.label, b.columns[0].1)).collect();
        assert_eq!(found, [("2019/20", Some(2)), ("2020/21", Some(3))]);
        // A year cfp cannot read is said, not passed over.
        let names = vec!["Area".to_string(), "2019 (provisional)".to_string()];
        let refused = blocks(&melt(&[("value", "{period}")]), &names, &at()).expect_err("said");
        assert!(
            refused[0]
                .message
                .contains("`2019 (provisional)` in it is no period"),
            "{:?}",
            refused[0]
        );
    }

    #[test]
    fn a_template_that_finds_nothing_or_no_period_is_refused_saying_why() {
        let none = blocks(
            &melt(&[("value", "{period} Smokers rate")]),
            &ons_headers(),
            &at(),
        )
        .expect_err("no header");
        assert!(
            none[0].message.contains("matches no header"),
            "{:?}",
            none[0]
        );
        assert!(
            none[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("`2021 \\nCurrent smokers \\n%`")),
            "{:?}",
            none[0]
        );
        let loose = blocks(&melt(&[("value", "{period} %")]), &ons_headers(), &at())
            .expect_err("not a period");
        assert!(
            loose[0]
                .message
                .contains("`2021 Current smokers` in it is no period"),
            "{:?}",
            loose[0]
        );
        let partner = blocks(
            &melt(&[
                ("value", "{period} Current smokers %"),
                ("upper_ci", "{period} Upper CI"),
            ]),
            &ons_headers(),
            &at(),
        )
        .expect_err("no partner");
        assert!(
            partner[0]
                .message
                .contains("`{period} Upper CI`, matches no header of the periods"),
            "{:?}",
            partner[0]
        );
    }
}
