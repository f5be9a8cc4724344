//! Turning one CSV record into a figure or a status update, with every
//! problem located. A `Rows` holds what one stretch of a file gave, so that
//! stretches can be read on several threads and merged in file order.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use csv::ByteRecord;

use super::read::{excerpt, same_text, text, text_width, Columns};
use super::{
    parse_count, Area, Counts, MilestoneState, Observation, Origin, SelfAssessment, Update, Value,
    ValueError,
};
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::period::{self, Period, PeriodContext, PeriodError, YearKind};
use crate::plan::{Entity, Plan, Unit};

type PeriodCache = Vec<(
    (YearKind, bool),
    HashMap<Box<str>, Result<Period, PeriodError>>,
)>;

/// What one stretch of a measurements file gave. Lines are counted from
/// the start of the stretch until [`Rows::shift_lines`] places them.
pub(super) struct Rows<'p> {
    plan: &'p Plan,
    pub series: Vec<Vec<Observation>>,
    pub milestones: Vec<Vec<Update<MilestoneState>>>,
    pub commitments: Vec<Vec<Update<SelfAssessment>>>,
    pub counts: Counts,
    pub diags: Diagnostics,
    /// Unknown id -> (rows, first place seen).
    pub unknown: BTreeMap<String, (usize, Location)>,
    periods: PeriodCache,
}

impl<'p> Rows<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        Self {
            plan,
            series: vec![Vec::new(); plan.indicators.len()],
            milestones: vec![Vec::new(); plan.milestones.len()],
            commitments: vec![Vec::new(); plan.commitments.len()],
            counts: Counts::default(),
            diags: Diagnostics::default(),
            unknown: BTreeMap::new(),
            periods: Vec::new(),
        }
    }

    /// Moves every line number on by `lines`, once the lines before this
    /// stretch are known.
    pub fn shift_lines(&mut self, lines: u64) {
        let shift = |line: &mut u32| *line = line.saturating_add(lines as u32);
        for o in self.series.iter_mut().flatten() {
            shift(&mut o.origin.line);
        }
        for u in self.milestones.iter_mut().flatten() {
            shift(&mut u.origin.line);
        }
        for u in self.commitments.iter_mut().flatten() {
            shift(&mut u.origin.line);
        }
        for d in &mut self.diags.items {
            if let Some(loc) = &mut d.location {
                loc.line += lines as usize;
            }
        }
        for (_, loc) in self.unknown.values_mut() {
            loc.line += lines as usize;
        }
    }

    fn at(&self, path: &Path, line: u64, rec: &ByteRecord, field: Option<usize>) -> Location {
        let (text, starts) = excerpt(rec);
        let column = field.and_then(|f| starts.get(f)).map_or(1, |c| c + 1);
        let width = field
            .and_then(|f| rec.get(f))
            .map_or(1, |f| text_width(f).max(1));
        Location {
            file: path.to_path_buf(),
            line: line as usize,
            column,
            excerpt: Some(text),
            width,
        }
    }

    /// The series an area cell names, if the plan tracks it (an empty cell
    /// is the plan's own area).
    pub fn tracked(&self, cell: &[u8]) -> Option<Area> {
        if cell.is_empty() || same_text(cell, &self.plan.area) {
            return Some(Area::Own);
        }
        self.plan
            .comparators
            .iter()
            .position(|c| same_text(cell, c))
            .map(|i| Area::Comparator(i as u16))
    }

    /// Counts a row dropped by [`Rows::tracked`] before it became a record.
    pub fn untracked(&mut self) {
        self.counts.rows += 1;
        self.counts.other_areas += 1;
    }

    /// Reads one record. `line` gives its line number, asked only for a row
    /// that is kept or wrong: most rows of a national file are neither.
    pub fn row(
        &mut self,
        cols: &Columns,
        path: &Path,
        file: u32,
        line: impl FnOnce() -> u64,
        rec: &ByteRecord,
    ) {
        let counts = &mut self.counts;
        counts.rows += 1;
        let cell = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .map_or(&b""[..], |b| b.trim_ascii())
        };
        if cols
            .filter
            .iter()
            .any(|(i, want)| !same_text(cell(Some(*i)), want))
        {
            counts.filtered += 1;
            return;
        }
        // Most rows of a national export are for areas the plan does not
        // track: drop them on the raw bytes, before any conversion.
        let Some(area) = self.tracked(cell(cols.area)) else {
            self.counts.other_areas += 1;
            return;
        };
        let line = line();
        if rec.len() != cols.count {
            let loc = self.at(path, line, rec, None);
            self.diags.error(
                Some(loc),
                format!(
                    "this row has {} fields but the header has {}",
                    rec.len(),
                    cols.count
                ),
            );
            return;
        }
        let id = text(cell(Some(cols.id)));
        let origin = Origin {
            file,
            line: line as u32,
        };
        let Some(entity) = self.plan.entity(&id) else {
            if id.is_empty() {
                let loc = self.at(path, line, rec, Some(cols.id));
                self.diags.error(Some(loc), "this row has no id");
            } else {
                let loc = self.at(path, line, rec, Some(cols.id));
                self.unknown.entry(id.into_owned()).or_insert((0, loc)).0 += 1;
                self.counts.unknown_ids += 1;
            }
            return;
        };
        let mut errors = Vec::new();
        let note = text(cell(cols.note));
        let published = match text(cell(cols.published)) {
            p if p.is_empty() => None,
            p => {
                let d = period::parse_date(&p);
                if d.is_none() {
                    errors.push((
                        cols.published,
                        format!("`{p}` is not a date"),
                        Some("write the publication date as 2026-02-26".to_string()),
                    ));
                }
                d
            }
        };
        match entity {
            Entity::Indicator(i) => {
                let ctx = self.plan.indicators[i].period_context();
                let period = self.period(cell(Some(cols.period)), ctx, cols.period, &mut errors);
                let raw = text(cell(cols.value));
                let value = match self.plan.indicators[i].parse_value(&raw, &note, self.plan.dash) {
                    Ok(v) => Some(v),
                    Err(ValueError::NotANumber) => {
                        errors.push((cols.value, format!("`{raw}` is not a number"), Some("write a number such as 70.4, 70.4% or 4,903, or a special value: c (suppressed), x (missing), z (not applicable), low (below rounding)".into())));
                        None
                    }
                    Err(ValueError::NotOnScale) => {
                        let (message, help) = super::not_on_scale(&raw, &self.plan.indicators[i].scale);
                        errors.push((cols.value, message, Some(help)));
                        None
                    }
                    Err(ValueError::Dash) => {
                        errors.push((cols.value, "`-` could mean nil or not available".into(), Some("say which in cfp.toml: [measurements] dash = \"zero\" or \"missing\"".into())));
                        None
                    }
                };
                let mut number = |column: Option<usize>, what: &str| match parse_count(&text(cell(column))) {
                    Ok(x) => x,
                    Err(e) => {
                        errors.push((column, format!("{what}: {e}"), None));
                        None
                    }
                };
                let numerator = number(cols.numerator, "numerator");
                let denominator = number(cols.denominator, "denominator");
                let lower_ci = number(cols.lower_ci, "lower_ci");
                let upper_ci = number(cols.upper_ci, "upper_ci");
                // Counts that no interval can be computed from are data errors,
                // not a statistic quietly left out.
                if numerator.is_some_and(|x| x < 0.0) {
                    errors.push((cols.numerator, "the numerator is negative".into(), None));
                }
                if denominator.is_some_and(|n| n <= 0.0) {
                    errors.push((cols.denominator, "the denominator must be above zero".into(), None));
                }
                if let (Some(x), Some(n), Unit::Percent) =
                    (numerator, denominator, self.plan.indicators[i].unit)
                {
                    if n > 0.0 && x > n {
                        errors.push((
                            cols.numerator,
                            format!("the numerator {x} is larger than the denominator {n}"),
                            Some("a percentage counts part of its denominator: check the columns are not swapped".into()),
                        ));
                    }
                }
                if let (Some(lo), Some(hi)) = (lower_ci, upper_ci) {
                    if lo > hi {
                        errors.push((cols.lower_ci, format!("the lower limit {lo} is above the upper limit {hi}"), None));
                    }
                }
                if let (Some(period), Some(value), true) = (period, value, errors.is_empty()) {
                    self.count(&value);
                    self.series[i].push(Observation {
                        area,
                        period,
                        value,
                        raw: raw.into(),
                        numerator,
                        denominator,
                        lower_ci,
                        upper_ci,
                        published,
                        note: (!note.is_empty()).then(|| note.into()),
                        origin,
                    });
                }
            }
            Entity::Milestone(i) => {
                let ctx = PeriodContext { year: self.plan.defaults.year, annual: false };
                let period = self.period(cell(Some(cols.period)), ctx, cols.period, &mut errors);
                let state = self.state(cell(cols.status), cols.status, "milestone", MilestoneState::NAMES, MilestoneState::from_name, &mut errors);
                if let (Some(p), Some(state), true) = (period, state, errors.is_empty()) {
                    self.counts.status_rows += 1;
                    self.milestones[i].push(Update { date: p.last, state, published, note: (!note.is_empty()).then(|| note.into()), origin });
                }
            }
            Entity::Commitment(i) => {
                let ctx = PeriodContext { year: self.plan.defaults.year, annual: false };
                let period = self.period(cell(Some(cols.period)), ctx, cols.period, &mut errors);
                let state = self.state(cell(cols.status), cols.status, "commitment", SelfAssessment::NAMES, SelfAssessment::from_name, &mut errors);
                if let (Some(p), Some(state), true) = (period, state, errors.is_empty()) {
                    self.counts.status_rows += 1;
                    self.commitments[i].push(Update { date: p.last, state, published, note: (!note.is_empty()).then(|| note.into()), origin });
                }
            }
            Entity::Priority(_) => errors.push((
                Some(cols.id),
                format!("`{id}` is a priority, and priorities take no measurements"),
                Some("record figures against its indicators, and status against its milestones or commitments".into()),
            )),
        }
        for (column, message, help) in errors {
            let loc = self.at(path, line, rec, column);
            self.diags
                .push(Diagnostic::error(Some(loc), message).with_help_opt(help));
        }
    }

    fn period(
        &mut self,
        label: &[u8],
        ctx: PeriodContext,
        column: usize,
        errors: &mut Vec<(Option<usize>, String, Option<String>)>,
    ) -> Option<Period> {
        let label = text(label);
        // A label is parsed once per way of reading it, however many rows
        // use it; a hit costs no allocation.
        let key = (ctx.year, ctx.annual);
        let cache = match self.periods.iter().position(|(k, _)| *k == key) {
            Some(i) => &mut self.periods[i].1,
            None => {
                self.periods.push((key, HashMap::new()));
                &mut self.periods.last_mut().expect("just pushed").1
            }
        };
        let result = match cache.get(label.as_ref()) {
            Some(r) => r.clone(),
            None => {
                let r = period::parse(&label, ctx);
                cache.insert(label.as_ref().into(), r.clone());
                r
            }
        };
        match result {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push((Some(column), e.message, e.help));
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn state<S>(
        &self,
        cell: &[u8],
        column: Option<usize>,
        what: &str,
        names: &[&str],
        from: fn(&str) -> Option<S>,
        errors: &mut Vec<(Option<usize>, String, Option<String>)>,
    ) -> Option<S> {
        let t = text(cell);
        let list = names.join(", ");
        if t.is_empty() {
            errors.push((
                column,
                format!("a {what} row needs a status"),
                Some(format!("status is one of {list}")),
            ));
            return None;
        }
        let s = from(&t);
        if s.is_none() {
            let help = did_you_mean(&t.to_ascii_lowercase(), names.iter().copied())
                .map(|d| format!("{d} (status is one of {list})"))
                .unwrap_or_else(|| format!("status is one of {list}"));
            errors.push((column, format!("unknown {what} status `{t}`"), Some(help)));
        }
        s
    }

    fn count(&mut self, value: &Value) {
        let c = &mut self.counts;
        c.figures += 1;
        match value {
            Value::Number {
                mark: Some(super::Mark::Provisional),
                ..
            } => c.provisional += 1,
            Value::Number {
                mark: Some(super::Mark::Revised),
                ..
            } => c.revised += 1,
            Value::Number { .. } => {}
            Value::Suppressed => c.suppressed += 1,
            Value::Missing => c.missing += 1,
            Value::NotApplicable => c.not_applicable += 1,
            Value::BelowRounding => c.below_rounding += 1,
        }
    }
}
