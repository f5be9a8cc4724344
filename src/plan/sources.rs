//! Validating `[measurements]` and its `[[measurements.source]]` tables
//! (SPEC 2a): which files, read with which mapping, and what the files
//! themselves leave unsaid (the indicator, the period, when rows became
//! known).

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::check::Checker;
use super::raw;
use super::COLUMNS;
use super::{
    Dash, Entity, Filter, MeasureRows, MeasurementSource, Preset, MEASURE_ROLES, MELTED,
    PERIOD_MARK,
};
use crate::diag::{did_you_mean, Code};
use crate::period::{self, PeriodContext, Span, YearKind};

impl Checker {
    pub(super) fn measurements(
        &mut self,
        m: Option<&Spanned<raw::Measurements>>,
        ids: &HashMap<String, Entity>,
    ) -> (Vec<MeasurementSource>, Option<Dash>) {
        let Some(spanned) = m else {
            return (Vec::new(), None);
        };
        let m = spanned.get_ref();
        let mut sources = Vec::new();
        if let Some(files) = &m.files {
            let mut source = self.files_of(files);
            self.columns(&mut source, m.columns.as_ref());
            self.filter(&mut source, m.filter.as_ref(), false);
            self.filter(&mut source, m.where_not.as_ref(), true);
            sources.push(source);
        } else if m.columns.is_some() || m.filter.is_some() || m.where_not.is_some() {
            self.err(
                Code::MissingField,
                0,
                spanned.span(),
                "[measurements] has `columns` or `where` but no `files` for them to apply to",
            );
        }
        for s in &m.source {
            sources.push(self.source(s, ids));
        }
        let dash = m.dash.as_ref().and_then(|d| match d.get_ref().as_str() {
            "zero" | "nil" => Some(Dash::Zero),
            "missing" => Some(Dash::Missing),
            other => {
                self.err_help(
                    Code::UnknownChoice,
                    0,
                    d.span(),
                    format!("unknown dash meaning `{other}`"),
                    Some("use \"zero\" (nil) or \"missing\" (not available)".into()),
                );
                None
            }
        });
        (sources, dash)
    }

    /// `[plan] codes`: area name -> GSS code, each code given to one area.
    pub(super) fn codes(&mut self, meta: Option<&Spanned<raw::Meta>>) -> HashMap<String, String> {
        let mut out: HashMap<String, String> = HashMap::new();
        let codes = meta.and_then(|m| m.get_ref().codes.as_ref());
        let mut owner: HashMap<String, &str> = HashMap::new();
        for (area, code) in codes.into_iter().flatten() {
            let c = code.get_ref().trim();
            if c.is_empty() {
                self.err(
                    Code::BadArea,
                    0,
                    code.span(),
                    format!("the code for `{area}` is empty"),
                );
                continue;
            }
            if let Some(first) = owner.get(c) {
                self.err(
                    Code::BadArea,
                    0,
                    code.span(),
                    format!("`{c}` is the code of both `{first}` and `{area}`"),
                );
                continue;
            }
            owner.insert(c.to_string(), area);
            out.insert(area.clone(), c.to_string());
        }
        out
    }

    fn files_of(&mut self, files: &[raw::Text]) -> MeasurementSource {
        MeasurementSource {
            files: files
                .iter()
                .map(|f| (f.get_ref().clone(), Some(self.loc(0, f.span()))))
                .collect(),
            ..Default::default()
        }
    }

    fn columns(
        &mut self,
        out: &mut MeasurementSource,
        columns: Option<&BTreeMap<String, raw::Text>>,
    ) {
        for (name, header) in columns.into_iter().flatten() {
            let key = name.to_ascii_lowercase();
            if COLUMNS.contains(&key.as_str()) {
                out.columns.insert(key, header.get_ref().clone());
            } else {
                let help = did_you_mean(&key, COLUMNS.iter().copied())
                    .unwrap_or_else(|| format!("cfp's columns are {}", COLUMNS.join(", ")));
                self.err_help(
                    Code::UnknownColumn,
                    0,
                    header.span(),
                    format!("unknown column `{name}`"),
                    Some(help),
                );
            }
        }
    }

    /// `where` (`exclude` false) or `where_not`: each column's value, or a
    /// list of values any of which is meant; anything but text is a
    /// located error.
    fn filter(
        &mut self,
        out: &mut MeasurementSource,
        filter: Option<&raw::Conditions>,
        exclude: bool,
    ) {
        let key = if exclude { "where_not" } else { "where" };
        for (column, value) in filter.into_iter().flatten() {
            let values: Option<Vec<String>> = match value.get_ref() {
                toml::Value::String(s) => Some(vec![s.clone()]),
                toml::Value::Array(items) if !items.is_empty() => {
                    items.iter().map(|v| v.as_str().map(String::from)).collect()
                }
                _ => None,
            };
            match values {
                Some(values) => out.filter.push(Filter {
                    column: column.clone(),
                    values,
                    exclude,
                    at: Some(self.loc(0, value.span())),
                }),
                None => self.err_help(
                    Code::WrongType,
                    0,
                    value.span(),
                    format!(
                        "`{key}` gives `{column}` no value to match: a value is text, or a \
                         list of one or more texts"
                    ),
                    Some(format!(
                        "write the value in quotes, or a list of them: \
                         {key} = {{ \"{column}\" = [\"Persons\", \"All\"] }}"
                    )),
                ),
            }
        }
    }

    /// A plan id that rows may be recorded against, or a located error.
    fn measurable(&mut self, id: &raw::Text, ids: &HashMap<String, Entity>, what: &str) -> bool {
        match ids.get(id.get_ref()) {
            Some(Entity::Priority(_)) => {
                self.err_help(
                    Code::BadSourceId,
                    0,
                    id.span(),
                    format!(
                        "`{what}` names the priority `{}`, and priorities take no measurements",
                        id.get_ref()
                    ),
                    Some("name an indicator, milestone or commitment".into()),
                );
                false
            }
            Some(_) => true,
            None => {
                let help = did_you_mean(id.get_ref(), ids.keys().map(String::as_str));
                self.err_help(
                    Code::BadSourceId,
                    0,
                    id.span(),
                    format!(
                        "`{what}` names `{}`, which the plan does not define",
                        id.get_ref()
                    ),
                    help,
                );
                false
            }
        }
    }

    fn source(
        &mut self,
        spanned: &Spanned<raw::Source>,
        ids: &HashMap<String, Entity>,
    ) -> MeasurementSource {
        let s = spanned.get_ref();
        let mut out = self.files_of(&s.files);
        out.preset = s
            .preset
            .as_ref()
            .and_then(|p| self.choice(0, p, "preset", Preset::NAMES, Preset::from_name));
        self.columns(&mut out, s.columns.as_ref());
        self.filter(&mut out, s.filter.as_ref(), false);
        self.filter(&mut out, s.where_not.as_ref(), true);
        self.ids_of(&mut out, s, ids);
        self.when_known(&mut out, s);
        self.sheet_layout(&mut out, s);
        self.melt(&mut out, s);
        self.measure(&mut out, s);
        out
    }

    /// `melt`: each cfp column a wide table holds once per period, as a
    /// header template with `{period}` in it once.
    fn melt(&mut self, out: &mut MeasurementSource, s: &raw::Source) {
        let Some(melt) = &s.melt else { return };
        for (column, template) in melt.get_ref() {
            let key = column.to_ascii_lowercase();
            if !MELTED.contains(&key.as_str()) {
                let help = did_you_mean(&key, MELTED.iter().copied())
                    .unwrap_or_else(|| format!("`melt` reads {}", MELTED.join(", ")));
                self.err_help(
                    Code::UnknownColumn,
                    0,
                    template.span(),
                    format!("`melt` names `{column}`, which is no column a table holds per period"),
                    Some(help),
                );
                continue;
            }
            if template.get_ref().matches(PERIOD_MARK).count() != 1 {
                self.err_help(
                    Code::BadMelt,
                    0,
                    template.span(),
                    format!(
                        "the `melt` template for `{key}` needs `{PERIOD_MARK}` once, \
                         where each header has its period"
                    ),
                    Some(format!(
                        "write the header with its period as `{PERIOD_MARK}`: \
                         {key} = \"{PERIOD_MARK} Current smokers %\""
                    )),
                );
                continue;
            }
            if out.columns.contains_key(&key) {
                self.err_help(
                    Code::ConflictingFields,
                    0,
                    template.span(),
                    format!("`{key}` is in both `melt` and `columns`: a column is read from one"),
                    Some("keep `columns` for the columns the table has once".into()),
                );
                continue;
            }
            out.melt.push((key, template.get_ref().clone()));
        }
        out.melt
            .sort_by_key(|(c, _)| MELTED.iter().position(|m| m == c));
        let span = melt.span();
        let has = |k: &str| out.melt.iter().any(|(c, _)| c == k);
        if !out.melt.is_empty() && !has("value") && !has("status") {
            self.err(
                Code::MissingField,
                0,
                span.clone(),
                "`melt` needs a `value` or `status` template: the figure of each period",
            );
        }
        let conflict = if s.period.is_some() || out.columns.contains_key("period") {
            Some("a melted table's periods are in its headers: drop `period`")
        } else if out.preset.is_some() {
            Some("`melt` reads a table of cfp's own making, not a preset's: drop `preset`")
        } else {
            None
        };
        if let Some(why) = conflict {
            self.err(Code::ConflictingFields, 0, span, why);
        }
    }

    /// `measure`: the column naming each row's measure, and which of its
    /// values is the figure and which the counts and limits.
    fn measure(&mut self, out: &mut MeasurementSource, s: &raw::Source) {
        let Some(measure) = &s.measure else { return };
        let mut rows = MeasureRows {
            at: Some(self.loc(0, measure.span())),
            ..Default::default()
        };
        for (key, value) in measure.get_ref() {
            let role = key.to_ascii_lowercase();
            if role == "column" {
                rows.column = value.get_ref().clone();
            } else if MEASURE_ROLES.contains(&role.as_str()) {
                rows.roles.push((role, value.get_ref().trim().to_string()));
            } else {
                let keys = std::iter::once("column").chain(MEASURE_ROLES);
                let help = did_you_mean(&role, keys).unwrap_or_else(|| {
                    format!("`measure` takes column, {}", MEASURE_ROLES.join(", "))
                });
                self.err_help(
                    Code::UnknownField,
                    0,
                    value.span(),
                    format!("`measure` has no `{key}`"),
                    Some(help),
                );
            }
        }
        rows.roles
            .sort_by_key(|(r, _)| MEASURE_ROLES.iter().position(|m| m == r));
        let missing = match (rows.column.is_empty(), rows.value_of("value").is_none()) {
            (true, _) => Some("`measure` needs `column`: the header naming each row's measure"),
            (_, true) => Some("`measure` needs `value`: the measure that is the figure"),
            _ => None,
        };
        if let Some(why) = missing {
            self.err_help(
                Code::MissingField,
                0,
                measure.span(),
                why,
                Some(
                    "measure = { column = \"Measure Type\", value = \"Outcome\", \
                     numerator = \"Numerator\", denominator = \"Denominator\" }"
                        .into(),
                ),
            );
            return;
        }
        let twice = rows.roles.iter().enumerate().find(|(k, (_, v))| {
            rows.roles[..*k]
                .iter()
                .any(|(_, w)| w.eq_ignore_ascii_case(v))
        });
        if let Some((_, (role, v))) = twice {
            self.err(
                Code::ConflictingFields,
                0,
                measure.span(),
                format!("`measure` gives `{v}` to two roles, the last `{role}`: a row has one"),
            );
            return;
        }
        if !out.melt.is_empty() {
            self.err(
                Code::ConflictingFields,
                0,
                measure.span(),
                "a source is wide (`melt`) or has its counts on other rows (`measure`), not both",
            );
            return;
        }
        out.measure = Some(rows);
    }

    /// The ids a source's rows are for: one `indicator`, or a map of the file's ids.
    fn ids_of(
        &mut self,
        out: &mut MeasurementSource,
        s: &raw::Source,
        ids: &HashMap<String, Entity>,
    ) {
        if let Some(id) = &s.indicator {
            if self.measurable(id, ids, "indicator") {
                out.indicator = Some(id.get_ref().clone());
            }
            if s.ids.is_some() {
                self.err_help(
                    Code::ConflictingFields,
                    0,
                    id.span(),
                    "a source gives either `indicator` (every row is one id) \
                     or `ids` (a map of the file's ids), not both",
                    None,
                );
            }
        }
        if let Some(map) = &s.ids {
            let mut kept = HashMap::new();
            for (file_id, plan_id) in map {
                if self.measurable(plan_id, ids, "ids") {
                    kept.insert(file_id.trim().to_string(), plan_id.get_ref().clone());
                }
            }
            out.ids = Some(kept);
        }
    }

    /// When a source's figures are for and became known: `period`, `published` or `lag`.
    fn when_known(&mut self, out: &mut MeasurementSource, s: &raw::Source) {
        if let Some(p) = &s.period {
            // Read here only to catch a label no indicator could read; each
            // row reads it again with its own indicator's year.
            let ctx = PeriodContext {
                year: YearKind::Financial,
                annual: true,
            };
            match period::parse(p.get_ref(), ctx) {
                Ok(_) => out.period = Some(p.get_ref().clone()),
                Err(e) => self.err_help(Code::BadPeriod, 0, p.span(), e.message, e.help),
            }
        }
        out.published = s
            .published
            .as_ref()
            .and_then(|p| self.date(0, p, "published"));
        if let Some(lag) = &s.lag {
            match Span::parse(lag.get_ref()) {
                Ok(span) => out.lag = Some(span),
                Err(e) => self.err(Code::BadDuration, 0, lag.span(), e),
            }
            if s.published.is_some() {
                self.err_help(
                    Code::ConflictingFields,
                    0,
                    lag.span(),
                    "a source gives either `published` (one date for every row) \
                     or `lag` (a time after each period), not both",
                    None,
                );
            }
        }
    }

    /// Where a workbook's table is, and the cells carried down its rows.
    fn sheet_layout(&mut self, out: &mut MeasurementSource, s: &raw::Source) {
        out.sheet = s.sheet.as_ref().map(|t| t.get_ref().clone());
        if let Some(row) = &s.header_row {
            match u32::try_from(*row.get_ref()) {
                Ok(r) if r >= 1 => out.header_row = Some(r),
                _ => self.err_help(
                    Code::OutOfRange,
                    0,
                    row.span(),
                    "`header_row` is a row number as the spreadsheet shows it, from 1",
                    None,
                ),
            }
        }
        for column in s.fill_down.iter().flatten() {
            let key = column.get_ref().to_ascii_lowercase();
            if COLUMNS.contains(&key.as_str()) {
                out.fill_down.push(key);
            } else {
                let help = did_you_mean(&key, COLUMNS.iter().copied())
                    .unwrap_or_else(|| format!("cfp's columns are {}", COLUMNS.join(", ")));
                self.err_help(
                    Code::UnknownColumn,
                    0,
                    column.span(),
                    format!(
                        "`fill_down` names `{}`, which is not one of cfp's columns",
                        column.get_ref()
                    ),
                    Some(help),
                );
            }
        }
    }
}
