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

use super::profile::{Column, Kind};
use crate::measure::{fingertips_recognised, normal_header};
use crate::period::{self, PeriodContext};

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
        ees(&mut t, f);
    } else if fingertips_recognised(has) {
        fingertips(&mut t, f);
    } else {
        plain(&mut t, f);
    }
    t.text
}

/// A header as cfp matches it, R's dots read as spaces.
fn norm(header: &str) -> String {
    normal_header(header, true)
}

/// TOML text, line by line, comments wrapped to fit a terminal.
#[derive(Default)]
struct Toml {
    text: String,
}

impl Toml {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A key and its value, after the comment on it, if any.
    fn pair(&mut self, key: &str, value: &str, comment: Option<&str>) {
        if let Some(c) = comment {
            self.comment(c);
        }
        self.line(&format!("{key} = {value}"));
    }

    /// A table of `key = "value"` pairs: inline where it fits a line,
    /// else a dotted key a line, which TOML reads the same.
    fn table(&mut self, name: &str, pairs: &[(String, String)]) {
        let line = format!("{name} = {}", inline(pairs));
        if line.chars().count() <= 80 {
            return self.line(&line);
        }
        for (k, v) in pairs {
            self.line(&format!("{name}.{} = {}", key(k), string(v)));
        }
    }

    fn comment(&mut self, text: &str) {
        let mut line = String::from("#");
        for word in text.split(' ') {
            if line.len() > 2 && line.len() + 1 + word.len() > 78 {
                self.line(&line);
                line = String::from("#  ");
            }
            line.push(' ');
            line.push_str(word);
        }
        self.line(&line);
    }
}

/// A TOML basic string.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare where TOML allows it, else quoted.
fn key(text: &str) -> String {
    // An id of digits is a bare key to TOML, but quoted it reads as the
    // text it is, as docs/sources.md writes Fingertips' ids.
    let bare = !text.is_empty()
        && !text.bytes().all(|b| b.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        text.to_string()
    } else {
        string(text)
    }
}

/// An inline table of `key = "value"` pairs.
fn inline(pairs: &[(String, String)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{} = {}", key(k), string(v)))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}

/// A header as a person types it (see the module's comment), unless
/// another header of the table would then read the same.
fn typed(header: &str, columns: &[Column]) -> String {
    let mut out = String::new();
    let mut rest = header;
    while let Some(at) = rest.to_lowercase().find("[note") {
        let Some(end) = rest[at..].find(']') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    let loose = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let same = |h: &str| normal_header(h, false) == normal_header(&loose, false);
    if loose.is_empty() || columns.iter().filter(|c| same(&c.header)).count() != 1 {
        header.to_string()
    } else {
        loose
    }
}

/// Headers quoted for a comment, as typed into the plan.
fn listed<'a>(columns: impl IntoIterator<Item = &'a Column>, all: &[Column]) -> String {
    columns
        .into_iter()
        .map(|c| string(&typed(&c.header, all)))
        .collect::<Vec<_>>()
        .join(", ")
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

fn fingertips(t: &mut Toml, f: &Facts<'_>) {
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

fn ees(t: &mut Toml, f: &Facts<'_>) {
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
fn named_period(file_name: &str) -> Option<String> {
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

/// Whether a header names a confidence limit.
fn confidence(name: &str) -> bool {
    name.contains("confidence") || name.split(' ').any(|w| w == "ci" || w == "cl")
}

fn plain(t: &mut Toml, f: &Facts<'_>) {
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
    if let Some(block) = &wide {
        t.comment(&format!(
            "a wide table, a block of columns per period ({}): this source reads {}, \
             and every row is that period; a source per block reads the others",
            block.periods.join(", "),
            block.period
        ));
        t.pair("period", &string(&block.period), None);
    }
    // A header that is cfp's own name for the column is read without a
    // mapping, and mapping it would change what an empty area cell means
    // (no area rather than the plan's own).
    let pairs: Vec<(String, String)> = mapped
        .iter()
        .filter(|(k, c)| norm(&c.header) != *k)
        .map(|(k, c)| (k.to_string(), typed(&c.header, f.columns)))
        .collect();
    if !pairs.is_empty() {
        t.table("columns", &pairs);
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

/// A wide table's block of columns for one period, read as one source.
struct Block<'c> {
    /// Every period with a block, in the table's order.
    periods: Vec<String>,
    /// The period read: the latest.
    period: String,
    /// Every column of every block.
    all: Vec<&'c Column>,
    mapped: Vec<(&'static str, &'c Column)>,
}

impl Block<'_> {
    fn covers(&self, c: &Column) -> bool {
        self.all.iter().any(|b| std::ptr::eq(*b, c))
    }
}

/// Columns with the words of their header after its period.
type Labelled<'c> = Vec<(&'c Column, String)>;

/// A table with a block of columns per period (`2021 Current smokers %`,
/// `2022 Current smokers %`): headers that start with a period cfp reads
/// and go on with the same words, for two periods or more.
fn wide_block(columns: &[Column]) -> Option<Block<'_>> {
    let ctx = PeriodContext::default();
    let mut blocks: Vec<(String, period::Period, Labelled<'_>)> = Vec::new();
    for c in columns {
        let n = norm(&c.header);
        let Some((first, rest)) = n.split_once(' ') else {
            continue;
        };
        let Ok(p) = period::parse(first, ctx) else {
            continue;
        };
        let label = typed(&c.header, columns)
            .split_whitespace()
            .next()
            .unwrap_or(first)
            .to_string();
        match blocks.iter_mut().find(|(l, _, _)| *l == label) {
            Some((_, _, cols)) => cols.push((c, rest.to_string())),
            None => blocks.push((label, p, vec![(c, rest.to_string())])),
        }
    }
    if blocks.len() < 2 {
        return None;
    }
    let periods: Vec<String> = blocks.iter().map(|(l, _, _)| l.clone()).collect();
    let all: Vec<&Column> = blocks
        .iter()
        .flat_map(|(_, _, cols)| cols.iter().map(|(c, _)| *c))
        .collect();
    let (period, _, latest) = blocks.into_iter().max_by_key(|(_, p, _)| p.last)?;
    let mut mapped: Vec<(&'static str, &Column)> = Vec::new();
    for (c, rest) in &latest {
        let cfp = if rest.starts_with("lower") && confidence(rest) {
            "lower_ci"
        } else if rest.starts_with("upper") && confidence(rest) {
            "upper_ci"
        } else if matches!(rest.as_str(), "count" | "numerator") {
            "numerator"
        } else if rest == "denominator" {
            "denominator"
        } else if c.kind == Kind::Numbers
            && !["count", "sample", "base", "size", "population"]
                .iter()
                .any(|w| rest.contains(w))
        {
            "value"
        } else {
            continue;
        };
        if !mapped.iter().any(|(k, _)| *k == cfp) {
            mapped.push((cfp, c));
        }
    }
    Some(Block {
        periods,
        period,
        all,
        mapped,
    })
}

#[cfg(test)]
mod tests {
    use super::super::profile::Profile;
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
    fn a_wide_table_reads_its_latest_block() {
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
        assert_eq!(s["period"].as_str(), Some("2022"));
        let c = &s["columns"];
        assert_eq!(c["area_code"].as_str(), Some("Area code"));
        assert_eq!(c["area"].as_str(), Some("Area name"));
        assert_eq!(c["value"].as_str(), Some("2022 Current smokers %"));
        assert_eq!(
            c["lower_ci"].as_str(),
            Some("2022 Lower 95% confidence interval %")
        );
        assert_eq!(
            c["upper_ci"].as_str(),
            Some("2022 Upper 95% confidence interval %")
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
            extra in proptest::collection::vec("[ -~\n\t\u{e9}\u{7f}]{0,16}", 0..4),
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
