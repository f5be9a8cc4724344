//! Reading measurement CSVs: streaming, one reused record, header mapping,
//! rows of untracked areas dropped before any conversion, every problem
//! located by file, line and column.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use csv::ByteRecord;

use super::{
    parse_count, parse_value, Area, Measurements, MilestoneState, Observation, Origin,
    SelfAssessment, Update, Value, ValueError,
};
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::period::{self, Period, PeriodContext, PeriodError};
use crate::plan::{Entity, MeasurementSource, Plan, Unit};

/// Records where the newlines are in what the csv reader has consumed, so
/// that a record's line comes from its byte position. (The csv crate's own
/// line count is one too low after a CRLF record, rust-csv issue 395, and
/// drifts with blank lines.) Only newlines not yet passed are kept.
#[derive(Default)]
struct Newlines {
    read: u64,
    /// Offsets of `\r` and `\n` bytes not yet passed, with whether each is a `\n`.
    ahead: VecDeque<(u64, bool)>,
    passed: u64,
}

impl Newlines {
    /// The 1-based line of the record the csv reader says starts at `byte`.
    /// The reader may point at line breaks it then skips (the `\n` of a
    /// CRLF, blank lines): the record starts at the first byte after them.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = byte;
        while let Some(&(at, newline)) = self.ahead.front() {
            if at > start {
                break;
            }
            if at == start {
                start += 1;
            }
            self.ahead.pop_front();
            self.passed += u64::from(newline);
        }
        self.passed + 1
    }
}

struct LineCounter<R> {
    inner: R,
    newlines: Rc<RefCell<Newlines>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.newlines.borrow_mut();
        let start = lines.read;
        for (i, b) in buf[..n].iter().enumerate() {
            if matches!(b, b'\n' | b'\r') {
                lines.ahead.push_back((start + i as u64, *b == b'\n'));
            }
        }
        lines.read += n as u64;
        Ok(n)
    }
}

/// What reading the measurements gave: the figures, and every problem.
#[derive(Debug)]
pub struct Reading {
    pub measurements: Measurements,
    pub diagnostics: Diagnostics,
}

/// Reads every measurement file the plan names.
pub fn read(plan: &Plan) -> Reading {
    let mut r = Reader {
        plan,
        m: Measurements {
            series: vec![Vec::new(); plan.indicators.len()],
            milestones: vec![Vec::new(); plan.milestones.len()],
            commitments: vec![Vec::new(); plan.commitments.len()],
            ..Default::default()
        },
        diags: Diagnostics::default(),
        unknown: BTreeMap::new(),
        periods: HashMap::new(),
    };
    for source in &plan.sources {
        for path in r.resolve(source) {
            if r.m.files.contains(&path) {
                continue;
            }
            r.m.files.push(path.clone());
            let index = r.m.files.len() - 1;
            r.read_file(source, &path, index as u32);
        }
    }
    r.finish()
}

/// The columns of one file, by position.
#[derive(Default)]
struct Columns {
    id: usize,
    period: usize,
    value: Option<usize>,
    area: Option<usize>,
    numerator: Option<usize>,
    denominator: Option<usize>,
    lower_ci: Option<usize>,
    upper_ci: Option<usize>,
    published: Option<usize>,
    status: Option<usize>,
    note: Option<usize>,
    filter: Vec<(usize, String)>,
    count: usize,
}

struct Reader<'p> {
    plan: &'p Plan,
    m: Measurements,
    diags: Diagnostics,
    /// Unknown id -> (rows, first place seen).
    unknown: BTreeMap<String, (usize, Location)>,
    /// Each distinct label is read once per way of reading it.
    periods: HashMap<(PeriodContextKey, Box<str>), Result<Period, PeriodError>>,
}

type PeriodContextKey = (crate::period::YearKind, bool);

/// The text of a cell: UTF-8, or else Windows-1252 as Excel writes it.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Whether a raw cell says `want`: a byte comparison, except for a cell in
/// Windows-1252 (not UTF-8), which is decoded first.
fn same_text(cell: &[u8], want: &str) -> bool {
    cell == want.as_bytes() || (std::str::from_utf8(cell).is_err() && text(cell) == want)
}

fn has_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// A row as text, for the excerpt under a diagnostic, with where each field
/// starts (in characters).
fn excerpt(rec: &ByteRecord) -> (String, Vec<usize>) {
    let mut line = String::new();
    let mut starts = Vec::with_capacity(rec.len());
    for (i, field) in rec.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        starts.push(line.chars().count());
        let t = text(field);
        if t.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&t.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&t);
        }
    }
    (line, starts)
}

impl Reader<'_> {
    fn resolve(&mut self, source: &MeasurementSource) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for (pattern, named_at) in &source.files {
            let full = self.plan.root.join(pattern);
            if !has_glob(pattern) {
                if full.is_file() {
                    out.push(full);
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            named_at.clone(),
                            format!("measurements file {} does not exist", full.display()),
                        )
                        .with_help("fix the path in [measurements] files, or remove it"),
                    );
                }
                continue;
            }
            let mut found: Vec<PathBuf> = match glob::glob(&full.to_string_lossy()) {
                Ok(paths) => paths
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect(),
                Err(e) => {
                    self.diags.error(
                        named_at.clone(),
                        format!("bad measurements pattern `{pattern}`: {e}"),
                    );
                    continue;
                }
            };
            if found.is_empty() {
                self.diags.warning(
                    named_at.clone(),
                    format!("measurements pattern `{pattern}` matches no file"),
                );
            }
            found.sort();
            out.extend(found);
        }
        out
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

    fn read_file(&mut self, source: &MeasurementSource, path: &Path, file: u32) {
        let handle = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.diags
                    .error(None, format!("cannot open {}: {e}", path.display()));
                return;
            }
        };
        let newlines = Rc::new(RefCell::new(Newlines::default()));
        let counted = LineCounter {
            inner: handle,
            newlines: Rc::clone(&newlines),
        };
        let mut buffered = BufReader::with_capacity(1 << 16, counted);
        let head = match buffered.fill_buf() {
            Ok(h) => h,
            Err(e) => {
                self.diags
                    .error(None, format!("cannot read {}: {e}", path.display()));
                return;
            }
        };
        if let Some(at) = head.iter().position(|&b| b == 0) {
            let line = head[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            self.diags.push(
                Diagnostic::error(
                    Some(Location::at(path, line, 1)),
                    format!("not a CSV text file: binary data (a zero byte) at byte {at}"),
                )
                .with_help("measurements are CSV text: export the sheet as CSV"),
            );
            return;
        }
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(buffered);
        let headers = match csv.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                self.diags.error(
                    Some(Location::at(path, 1, 1)),
                    format!("cannot read the header: {e}"),
                );
                return;
            }
        };
        self.m.counts.files += 1;
        let Some(cols) = self.columns(source, path, &headers) else {
            return;
        };
        let mut rec = ByteRecord::new();
        loop {
            match csv.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    self.diags.error(
                        Some(Location::at(path, line.max(1), 1)),
                        format!("cannot read the CSV: {e}"),
                    );
                    break;
                }
            }
            let line = newlines
                .borrow_mut()
                .line_at(rec.position().map_or(0, |p| p.byte()));
            self.row(&cols, path, file, line, &rec);
        }
    }

    fn columns(
        &mut self,
        source: &MeasurementSource,
        path: &Path,
        headers: &ByteRecord,
    ) -> Option<Columns> {
        let names: Vec<String> = headers
            .iter()
            .map(|h| text(h).trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        if names.iter().all(String::is_empty) {
            self.diags.push(
                Diagnostic::error(
                    Some(Location::at(path, 1, 1)),
                    "the file is empty: it has no header row",
                )
                .with_help("a measurements file starts with a header such as id,period,value"),
            );
            return None;
        }
        let find = |name: &str| names.iter().position(|h| h.eq_ignore_ascii_case(name));
        let wanted = |column: &str| -> String {
            source
                .columns
                .get(column)
                .cloned()
                .unwrap_or_else(|| column.to_string())
        };
        let position = |column: &str| find(&wanted(column));
        let mut missing = Vec::new();
        let id = position("id");
        let period = position("period");
        if id.is_none() {
            missing.push(wanted("id"));
        }
        if period.is_none() {
            missing.push(wanted("period"));
        }
        let value = position("value");
        let status = position("status");
        if value.is_none() && status.is_none() {
            missing.push(format!("{}` or `{}", wanted("value"), wanted("status")));
        }
        let mut filter = Vec::new();
        for (column, want) in &source.filter {
            match find(column) {
                Some(i) => filter.push((i, want.clone())),
                None => missing.push(column.clone()),
            }
        }
        if !missing.is_empty() {
            let found = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            for column in missing {
                self.diags.push(
                    Diagnostic::error(
                        Some(Location {
                            excerpt: Some(names.join(",")),
                            ..Location::at(path, 1, 1)
                        }),
                        format!("missing required column `{column}`"),
                    )
                    .with_help(format!(
                        "the header has {found}; map other names with [measurements.columns]"
                    )),
                );
            }
            return None;
        }
        Some(Columns {
            id: id.unwrap_or(0),
            period: period.unwrap_or(0),
            value,
            area: position("area"),
            numerator: position("numerator"),
            denominator: position("denominator"),
            lower_ci: position("lower_ci"),
            upper_ci: position("upper_ci"),
            published: position("published"),
            status,
            note: position("note"),
            filter,
            count: names.len(),
        })
    }

    fn row(&mut self, cols: &Columns, path: &Path, file: u32, line: u64, rec: &ByteRecord) {
        let counts = &mut self.m.counts;
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
        let area_bytes = cell(cols.area);
        let area = if area_bytes.is_empty() || same_text(area_bytes, &self.plan.area) {
            Area::Own
        } else if let Some(i) = self
            .plan
            .comparators
            .iter()
            .position(|c| same_text(area_bytes, c))
        {
            Area::Comparator(i as u16)
        } else {
            counts.other_areas += 1;
            return;
        };
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
                self.m.counts.unknown_ids += 1;
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
                let value = match parse_value(&raw, &note, self.plan.dash) {
                    Ok(v) => Some(v),
                    Err(ValueError::NotANumber) => {
                        errors.push((cols.value, format!("`{raw}` is not a number"), Some("write a number such as 70.4, 70.4% or 4,903, or a special value: c (suppressed), x (missing), z (not applicable), low (below rounding)".into())));
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
                    self.m.series[i].push(Observation {
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
                    self.m.counts.status_rows += 1;
                    self.m.milestones[i].push(Update { date: p.last, state, published, note: (!note.is_empty()).then(|| note.into()), origin });
                }
            }
            Entity::Commitment(i) => {
                let ctx = PeriodContext { year: self.plan.defaults.year, annual: false };
                let period = self.period(cell(Some(cols.period)), ctx, cols.period, &mut errors);
                let state = self.state(cell(cols.status), cols.status, "commitment", SelfAssessment::NAMES, SelfAssessment::from_name, &mut errors);
                if let (Some(p), Some(state), true) = (period, state, errors.is_empty()) {
                    self.m.counts.status_rows += 1;
                    self.m.commitments[i].push(Update { date: p.last, state, published, note: (!note.is_empty()).then(|| note.into()), origin });
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
        let key = (ctx.year, ctx.annual);
        // A label is parsed once per way of reading it, however many rows use it.
        let result = match self.periods.get(&(key, Box::from(label.as_ref()))) {
            Some(r) => r.clone(),
            None => {
                let r = period::parse(&label, ctx);
                self.periods.insert((key, label.as_ref().into()), r.clone());
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
        let c = &mut self.m.counts;
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

    fn finish(mut self) -> Reading {
        for (id, (rows, loc)) in std::mem::take(&mut self.unknown) {
            let help = did_you_mean(&id, self.plan.ids());
            let plural = if rows == 1 { "row" } else { "rows" };
            self.diags.push(
                Diagnostic::warning(
                    Some(loc),
                    format!("{rows} {plural} for `{id}`, which the plan does not define: skipped"),
                )
                .with_help_opt(help),
            );
        }
        for (i, series) in self.m.series.iter_mut().enumerate() {
            series.sort_by(|a, b| {
                (a.area, a.period, a.known_from(), a.origin).cmp(&(
                    b.area,
                    b.period,
                    b.known_from(),
                    b.origin,
                ))
            });
            let id = &self.plan.indicators[i].id;
            let mut keep = Vec::with_capacity(series.len());
            for obs in series.drain(..) {
                let duplicate = keep.last().filter(|prev: &&Observation| {
                    prev.area == obs.area
                        && prev.period == obs.period
                        && prev.published == obs.published
                });
                match duplicate {
                    Some(prev)
                        if prev.value.same_as(&obs.value)
                            && prev.numerator == obs.numerator
                            && prev.denominator == obs.denominator => {}
                    Some(prev) => {
                        let area = match obs.area {
                            Area::Own => self.plan.area.as_str(),
                            Area::Comparator(c) => self.plan.comparators[c as usize].as_str(),
                        };
                        let files = &self.m.files;
                        let place =
                            |o: Origin| format!("{}:{}", files[o.file as usize].display(), o.line);
                        self.diags.push(
                            Diagnostic::error(
                                Some(Location::at(&files[obs.origin.file as usize], obs.origin.line as usize, 1)),
                                format!(
                                    "conflicting figures for `{id}`, {area}, {}: `{}` at {} and `{}` at {}",
                                    obs.period, prev.raw, place(prev.origin), obs.raw, place(obs.origin)
                                ),
                            )
                            .with_help("keep one row, or give the restated figure a later `published` date"),
                        );
                    }
                    None => keep.push(obs),
                }
            }
            *series = keep;
        }
        for updates in &mut self.m.milestones {
            updates.sort_by_key(|u| (u.date, u.origin));
        }
        for updates in &mut self.m.commitments {
            updates.sort_by_key(|u| (u.date, u.origin));
        }
        Reading {
            measurements: self.m,
            diagnostics: self.diags,
        }
    }
}

fn text_width(bytes: &[u8]) -> usize {
    text(bytes).chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_quotes_fields_that_need_it() {
        let rec = ByteRecord::from(vec!["gld", "4,903", "say \"hi\""]);
        let (line, starts) = excerpt(&rec);
        assert_eq!(line, "gld,\"4,903\",\"say \"\"hi\"\"\"");
        assert_eq!(starts, vec![0, 4, 12]);
    }

    #[test]
    fn windows_1252_cells_decode() {
        assert_eq!(text(b"caf\xe9"), "café");
        assert_eq!(text("café".as_bytes()), "café");
    }
}
