//! A file read without a preset: each cfp column mapped to the header
//! whose words say it plainly, and what cannot be told said in a comment.

use super::super::profile::{Column, Kind};
use super::wide::wide_block;
use super::writer::{listed, string, typed, Toml};
use super::{confidence, indicator, norm, slug, stem, Facts};
use crate::period::{self, PeriodContext};

/// What a header's words say it is, for a file read without a preset.
fn plain_column(name: &str, kind: Kind) -> Option<&'static str> {
    let dated = matches!(kind, Kind::Dates | Kind::Periods);
    let words = |w: &[&str]| w.contains(&name);
    Some(match name {
        _ if words(&["id", "indicator id", "indicator code", "indicator_id"]) => "id",
        _ if words(&[
            "area",
            "area name",
            "area_name",
            "local authority",
            "local authority name",
            "la name",
            "la_name",
            "geography",
            "geography name",
        ]) =>
        {
            "area"
        }
        _ if words(&[
            "area code",
            "area_code",
            "la code",
            "local authority code",
            "local authority area code",
            "ons code",
            "gss code",
            "geography code",
            "new_la_code",
        ]) =>
        {
            "area_code"
        }
        _ if dated && (name.contains("publication") || name.contains("published")) => "published",
        _ if words(&["period", "time period", "time_period", "date", "year"]) => "period",
        _ if dated
            && ["period", "year", "date", "quarter", "month"]
                .iter()
                .any(|w| name.contains(w)) =>
        {
            "period"
        }
        _ if words(&["value", "overall effectiveness"]) => "value",
        _ if words(&["count", "numerator"]) => "numerator",
        _ if words(&["denominator"]) => "denominator",
        _ if name.starts_with("lower") && confidence(name) => "lower_ci",
        _ if name.starts_with("upper") && confidence(name) => "upper_ci",
        _ if words(&["value note", "note"]) => "note",
        _ => return None,
    })
}

/// No column is surely the period: the candidates, and the period the
/// file's name holds, if any (`temporary-accommodation-2024-25.csv`).
fn no_period(t: &mut Toml, f: &Facts<'_>) {
    let dated: Vec<&Column> = f
        .columns
        .iter()
        .filter(|c| matches!(c.kind, Kind::Dates | Kind::Periods))
        .collect();
    let candidates = if dated.is_empty() {
        "no column holds periods or dates".to_string()
    } else {
        format!(
            "the columns of periods or dates are {}",
            listed(dated, f.columns)
        )
    };
    let example = named_period(f.file_name).unwrap_or_else(|| "2024/25".to_string());
    t.comment(&format!(
        "period: cfp cannot tell which column is the period ({candidates}); map one \
         in `columns` as period = \"...\", or give every row one with period = \"{example}\""
    ));
}

/// A financial or academic year in a file's name (`...-2024-25.csv`), as
/// cfp writes it (`2024/25`): the period a one-year file is for.
pub(super) fn named_period(file_name: &str) -> Option<String> {
    let b = stem(file_name).as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    (0..b.len().saturating_sub(6)).find_map(|i| {
        let (year, sep, next) = (&b[i..i + 4], b[i + 4], &b[i + 5..i + 7]);
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 7).is_none_or(|c| !c.is_ascii_digit());
        let label = format!(
            "{}/{}",
            String::from_utf8_lossy(year),
            String::from_utf8_lossy(next)
        );
        (bounded && digits(year) && digits(next) && matches!(sep, b'-' | b'_'))
            .then_some(label)
            .filter(|l| period::parse(l, PeriodContext::default()).is_ok())
    })
}

/// No column is surely the value: the columns of numbers left.
fn no_value(t: &mut Toml, f: &Facts<'_>, mapped: &[(&str, &Column)]) {
    let numbers: Vec<&Column> = f
        .columns
        .iter()
        .filter(|c| c.kind == Kind::Numbers && !mapped.iter().any(|(_, m)| m == c))
        .collect();
    let candidates = if numbers.is_empty() {
        "no column holds numbers".to_string()
    } else {
        format!("the columns of numbers are {}", listed(numbers, f.columns))
    };
    t.comment(&format!(
        "value: cfp cannot tell which column is the value ({candidates}); map it in \
             `columns` as value = \"...\""
    ));
}

/// An area column with empty cells may name each group's area on its
/// first row only, as a report's table does: `fill_down` repeats it.
fn gaps(t: &mut Toml, area: &Column) {
    let filled = area.counts.text + area.counts.numbers;
    if area.counts.empty == 0 || filled == 0 {
        return;
    }
    // Read as cfp's own `area` column, unmapped, an empty cell is the
    // plan's own area; mapped, it is a row about no area.
    let empty = if norm(&area.header) == "area" {
        "the plan's own area"
    } else {
        "a row about no area"
    };
    t.comment(&format!(
        "{} is empty in {} {}: if a group names its area on its first row only, \
         fill_down = [\"area\"] repeats it; else an empty cell is {empty}",
        string(&area.header),
        area.counts.empty,
        if area.counts.empty == 1 {
            "row"
        } else {
            "rows"
        }
    ));
}

/// The value, when the header words named none but one column can only
/// be it: the one column of numbers no other cfp column took, else the
/// one of them whose header says it is a rate or a percentage.
fn sole_measure<'c>(columns: &'c [Column], mapped: &[(&str, &Column)]) -> Option<&'c Column> {
    let free: Vec<&Column> = columns
        .iter()
        .filter(|c| c.kind == Kind::Numbers && !mapped.iter().any(|(_, m)| *m == *c))
        .collect();
    if let [only] = free.as_slice() {
        return Some(only);
    }
    let rates: Vec<&Column> = free
        .into_iter()
        .filter(|c| {
            let n = norm(&c.header);
            n.contains('%')
                || n.split(' ')
                    .any(|w| matches!(w, "rate" | "percent" | "percentage" | "per" | "proportion"))
        })
        .collect();
    match rates.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

/// A value column of words is a graded judgement: its indicator needs a
/// scale, which only a person can put in order.
fn grades(t: &mut Toml, value: &Column) {
    if value.kind != Kind::Text {
        return;
    }
    let words: Vec<String> = value
        .values
        .iter()
        .filter(|v| !v.value.trim().is_empty())
        .take(8)
        .map(|v| string(v.value.trim()))
        .collect();
    t.comment(&format!(
        "the value column holds words ({}{}): its indicator needs unit = \"grade\" and \
         scale = [...], the grades worst first",
        words.join(", "),
        if value.distinct > words.len() + 1 {
            ", ..."
        } else {
            ""
        }
    ));
}

/// A block's header as a `melt` template: its period, which starts it,
/// as `{period}`.
fn template(header: &str, period: &str) -> String {
    match header.strip_prefix(period) {
        Some(rest) => format!("{}{rest}", crate::plan::PERIOD_MARK),
        None => header.to_string(),
    }
}

pub(super) fn plain(t: &mut Toml, f: &Facts<'_>) {
    let mut mapped: Vec<(&'static str, &Column)> = Vec::new();
    let wide = wide_block(f.columns);
    if let Some(block) = &wide {
        mapped.extend(block.mapped.iter().cloned());
    }
    for c in f.columns {
        if wide.as_ref().is_some_and(|b| b.covers(c)) {
            continue;
        }
        let Some(cfp) = plain_column(&norm(&c.header), c.kind) else {
            continue;
        };
        if !mapped.iter().any(|(k, _)| *k == cfp) {
            mapped.push((cfp, c));
        }
    }
    if !mapped.iter().any(|(k, _)| *k == "value") {
        if let Some(c) = sole_measure(f.columns, &mapped) {
            mapped.push(("value", c));
        }
    }
    let order = crate::plan::COLUMNS;
    mapped.sort_by_key(|(k, _)| order.iter().position(|c| c == k).unwrap_or(usize::MAX));
    let has = |k: &str| mapped.iter().any(|(m, _)| *m == k);
    if !has("id") {
        indicator(t, &slug(stem(f.file_name)));
    }
    // A header that is cfp's own name for the column is read without a
    // mapping, and mapping it would change what an empty area cell means
    // (no area rather than the plan's own).
    let pairs: Vec<(String, String)> = mapped
        .iter()
        .filter(|(k, c)| norm(&c.header) != *k && !wide.as_ref().is_some_and(|b| b.covers(c)))
        .map(|(k, c)| (k.to_string(), typed(&c.header, f.columns)))
        .collect();
    if !pairs.is_empty() {
        t.table("columns", &pairs);
    }
    if let Some(block) = &wide {
        t.comment(&format!(
            "a wide table, a block of columns per period ({}): melt reads every block, \
             {{period}} standing where each header has its period",
            block.periods.join(", ")
        ));
        let templates: Vec<(String, String)> = block
            .mapped
            .iter()
            .map(|(k, c)| {
                (
                    k.to_string(),
                    template(&typed(&c.header, f.columns), &block.period),
                )
            })
            .collect();
        t.table("melt", &templates);
    }
    if let Some((_, c)) = mapped.iter().find(|(k, _)| *k == "value") {
        grades(t, c);
    }
    if !has("period") && wide.is_none() {
        no_period(t, f);
    }
    if !has("value") {
        no_value(t, f, &mapped);
    }
    if let Some(area) = mapped
        .iter()
        .find(|(k, _)| *k == "area")
        .map(|(_, c)| *c)
        .or_else(|| f.columns.iter().find(|c| norm(&c.header) == "area"))
    {
        gaps(t, area);
    }
}
