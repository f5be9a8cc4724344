//! The publishers whose files a preset reads: Fingertips exports (ids,
//! and the rows for the whole population) and DfE's EES files (wide: a
//! measure per source, a filter's total).

use super::super::profile::{Column, Kind};
use super::writer::{listed, string, typed, Toml};
use super::{indicator, norm, slug, stem, Facts};

/// The value a `where` keeps of a breakdown column: `preferred` (the
/// publisher's whole-population value) when the column has it, else its
/// commonest value; `None` when it holds one value, which needs no
/// condition. The others are told in a comment.
fn breakdown(
    t: &mut Toml,
    column: &Column,
    preferred: &[&str],
    conditions: &mut Vec<(String, String)>,
) {
    let values: Vec<&str> = column
        .values
        .iter()
        .map(|v| v.value.as_str())
        .filter(|v| !v.trim().is_empty())
        .collect();
    if values.len() < 2 {
        return;
    }
    let pick = preferred
        .iter()
        .find_map(|p| values.iter().find(|v| v.trim().eq_ignore_ascii_case(p)))
        .or(values.first())
        .copied()
        .unwrap_or_default();
    let others: Vec<String> = values
        .iter()
        .filter(|v| **v != pick)
        .take(8)
        .map(|v| string(v.trim()))
        .collect();
    let more = values.len().saturating_sub(others.len() + 1);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    t.comment(&format!(
        "{} also holds {}{more}: a source each (or another `where`) reads them",
        string(&column.header),
        others.join(", ")
    ));
    conditions.push((column.header.clone(), pick.trim().to_string()));
}

pub(super) fn fingertips(t: &mut Toml, f: &Facts<'_>) {
    t.pair("preset", "\"fingertips\"", None);
    let find = |n: &str| f.columns.iter().find(|c| norm(&c.header) == n);
    let ids: Vec<&str> = find("indicator id")
        .map(|c| {
            c.values
                .iter()
                .map(|v| v.value.trim())
                .filter(|v| !v.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let names = find("indicator name").filter(|c| c.distinct == 1);
    let single = f
        .indicator_names
        .first()
        .map(|(_, name)| name.as_str())
        .or_else(|| {
            names
                .and_then(|c| c.values.first())
                .map(|v| v.value.as_str())
        })
        .map(slug)
        .unwrap_or_else(|| slug(stem(f.file_name)));
    match ids.as_slice() {
        [] => indicator(t, &single),
        [id] => {
            t.comment(&format!(
                "{id} is the file's Indicator ID; \"{single}\" must be the id of the \
                 plan's indicator its rows are: rename it to yours"
            ));
            t.table("ids", &[(id.to_string(), single)]);
        }
        many => {
            t.comment(
                "each Fingertips id in the file, and the plan's indicator id its rows \
                 are read as: rename each to the id of the plan's indicator",
            );
            let base = slug(stem(f.file_name));
            let mut made: Vec<String> = Vec::new();
            let pairs: Vec<(String, String)> = many
                .iter()
                .take(20)
                .map(|id| {
                    let named = f
                        .indicator_names
                        .iter()
                        .find(|(i, _)| i.trim() == *id)
                        .map(|(_, name)| slug(name))
                        .filter(|s| !made.contains(s));
                    let plan_id = named.unwrap_or_else(|| format!("{base}-{id}"));
                    made.push(plan_id.clone());
                    (id.to_string(), plan_id)
                })
                .collect();
            if many.len() > 20 {
                t.comment(&format!(
                    "the file holds {} indicators: the first 20 are listed",
                    many.len()
                ));
            }
            t.table("ids", &pairs);
        }
    }
    let mut conditions = Vec::new();
    for (name, preferred) in [("sex", "Persons"), ("age", "All ages")] {
        if let Some(c) = find(name) {
            breakdown(t, c, &[preferred], &mut conditions);
        }
    }
    if !conditions.is_empty() {
        t.table("where", &conditions);
    }
}

/// EES columns that say when and where, not what is measured.
fn ees_structural(name: &str) -> bool {
    matches!(
        name,
        "time_period" | "time_identifier" | "geographic_level" | "old_la_code"
    ) || ["_code", "_name", "_urn", "_id", "_ukprn", "_laestab"]
        .iter()
        .any(|end| name.ends_with(end))
}

pub(super) fn ees(t: &mut Toml, f: &Facts<'_>) {
    t.pair("preset", "\"ees\"", None);
    indicator(t, &slug(stem(f.file_name)));
    let rest: Vec<&Column> = f
        .columns
        .iter()
        .filter(|c| !(ees_structural(&norm(&c.header)) || c.header.trim().is_empty()))
        .collect();
    let measures: Vec<&Column> = rest
        .iter()
        .copied()
        .filter(|c| matches!(c.kind, Kind::Numbers | Kind::Special))
        .collect();
    match measures.split_first() {
        Some((first, others)) => {
            let value = vec![("value".to_string(), typed(&first.header, f.columns))];
            t.table("columns", &value);
            if !others.is_empty() {
                t.comment(&format!(
                    "an EES file is wide: its other measures are {} (a source each, or \
                     `numerator` and `denominator` of a rate)",
                    listed(others.iter().copied(), f.columns)
                ));
            }
        }
        None => t.comment(
            "value: no column of this file holds numbers; name the one to read with \
             columns = { value = \"...\" }",
        ),
    }
    let mut conditions = Vec::new();
    for c in rest
        .iter()
        .filter(|c| !matches!(c.kind, Kind::Numbers | Kind::Special))
    {
        breakdown(t, c, &["Total", "All"], &mut conditions);
    }
    if !conditions.is_empty() {
        t.table("where", &conditions);
    }
}
