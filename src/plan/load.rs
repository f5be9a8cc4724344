//! Finding `cfp.toml`, following its `include` globs, and validating the
//! whole plan, with every problem gathered and located.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::{Datelike, NaiveDate};
use toml::Spanned;

use super::raw;
use super::{
    Cadence, Commitment, Defaults, Entity, Indicator, Milestone, Plan, Point, Polarity, Priority,
    Target, Tolerance, Unit,
};
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Invalid, Location};
use crate::measure::{grade_rank, nearest_grade};
use crate::period::{self, PeriodContext, Span, YearKind};

pub const PLAN_FILE: &str = "cfp.toml";

/// A plan file as read, kept so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// Finds `cfp.toml`: the given folder or file, else by walking up from
/// `cwd` as cargo finds `Cargo.toml`.
pub fn find_plan_file(given: Option<&Path>, cwd: &Path) -> anyhow::Result<PathBuf> {
    if let Some(path) = given {
        if path.is_dir() {
            let file = path.join(PLAN_FILE);
            if file.is_file() {
                return Ok(file);
            }
            bail!("{} has no {PLAN_FILE}", path.display());
        }
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        bail!("no plan at {}: no such file or folder", path.display());
    }
    for dir in cwd.ancestors() {
        let file = dir.join(PLAN_FILE);
        if file.is_file() {
            return Ok(file);
        }
    }
    bail!(
        "no {PLAN_FILE} in {} or any folder above it; name one with --plan DIR or $CFP_PLAN",
        cwd.display()
    )
}

/// Reads and validates the plan whose main file is `path`. On success the
/// warnings come back beside the plan.
pub fn load_file(path: &Path) -> anyhow::Result<(Plan, Vec<Diagnostic>)> {
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read plan {}", path.display()))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let loc = Location::in_text(path, &lossy, at..at + 1);
            let d = Diagnostic::error(Some(loc), "the plan is not UTF-8 text")
                .with_help("save cfp.toml as UTF-8");
            return Err(Invalid(vec![d]).into());
        }
    };
    let root = SourceFile {
        path: path.to_path_buf(),
        text,
    };
    Ok(load(root, &read_includes)?)
}

fn read_includes(pattern: &Path) -> Result<Vec<SourceFile>, String> {
    let pattern_text = pattern.to_string_lossy();
    let paths = glob::glob(&pattern_text).map_err(|e| format!("bad include pattern: {e}"))?;
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| e.to_string())?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push(SourceFile { path, text });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Validates a plan from its main file, reading includes through `include`
/// (a glob, already joined to the plan's folder, to the files it matches).
pub fn load(
    root: SourceFile,
    include: &dyn Fn(&Path) -> Result<Vec<SourceFile>, String>,
) -> Result<(Plan, Vec<Diagnostic>), Invalid> {
    let mut cx = Checker {
        files: vec![root],
        diags: Diagnostics::default(),
    };
    let Some(main) = cx.parse(0) else {
        return Err(Invalid(cx.diags.items));
    };
    let mut parsed = vec![(0usize, main)];
    let root_dir = cx.files[0]
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let patterns = parsed[0].1.include.take();
    for pattern in patterns.map(Spanned::into_inner).unwrap_or_default() {
        match include(&root_dir.join(pattern.get_ref())) {
            Err(message) => cx.err(0, pattern.span(), message),
            Ok(found) if found.is_empty() => cx.warn(
                0,
                pattern.span(),
                format!("include `{}` matches no file", pattern.get_ref()),
            ),
            Ok(found) => {
                for file in found {
                    if same_file(&file.path, &cx.files[0].path) {
                        continue;
                    }
                    cx.files.push(file);
                    let index = cx.files.len() - 1;
                    if let Some(f) = cx.parse(index) {
                        cx.only_in_main(index, &f);
                        parsed.push((index, f));
                    }
                }
            }
        }
    }
    let plan = cx.build(root_dir, parsed);
    let diags = cx.diags;
    let warnings = diags.into_result()?;
    Ok((plan.ok_or_else(|| Invalid(Vec::new()))?, warnings))
}

pub(super) struct Checker {
    pub(super) files: Vec<SourceFile>,
    pub(super) diags: Diagnostics,
}

/// An id as declared, with where.
struct Declared<'a> {
    file: usize,
    id: &'a raw::Text,
}

impl Checker {
    pub(super) fn loc(&self, file: usize, span: Range<usize>) -> Location {
        let f = &self.files[file];
        Location::in_text(&f.path, &f.text, span)
    }

    pub(super) fn err(&mut self, file: usize, span: Range<usize>, message: impl Into<String>) {
        let loc = self.loc(file, span);
        self.diags.error(Some(loc), message);
    }

    pub(super) fn err_help(
        &mut self,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let loc = self.loc(file, span);
        self.diags
            .push(Diagnostic::error(Some(loc), message).with_help_opt(help));
    }

    pub(super) fn warn(&mut self, file: usize, span: Range<usize>, message: impl Into<String>) {
        let loc = self.loc(file, span);
        self.diags.warning(Some(loc), message);
    }

    fn parse(&mut self, file: usize) -> Option<raw::File> {
        match toml::from_str::<raw::File>(&self.files[file].text) {
            Ok(f) => Some(f),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().to_string();
                self.err(file, span, message);
                None
            }
        }
    }

    fn only_in_main(&mut self, file: usize, f: &raw::File) {
        let misplaced = [
            ("include", f.include.as_ref().map(Spanned::span)),
            ("[plan]", f.plan.as_ref().map(Spanned::span)),
            ("[defaults]", f.defaults.as_ref().map(Spanned::span)),
            ("[measurements]", f.measurements.as_ref().map(Spanned::span)),
        ];
        for (what, span) in misplaced {
            if let Some(span) = span {
                self.err(
                    file,
                    span,
                    format!("{what} belongs in {PLAN_FILE}, not in an included file"),
                );
            }
        }
    }

    fn build(&mut self, root: PathBuf, files: Vec<(usize, raw::File)>) -> Option<Plan> {
        let mut ids: HashMap<String, (Entity, usize, Range<usize>)> = HashMap::new();
        let mut declare = |cx: &mut Self, d: Declared<'_>, entity: Entity| {
            let id = d.id.get_ref();
            if !valid_id(id) {
                cx.err_help(
                    d.file,
                    d.id.span(),
                    format!("`{id}` is not a valid id"),
                    Some("ids are lower case letters, digits, `.`, `_` and `-`, starting with a letter or digit".into()),
                );
            }
            if let Some((_, first_file, first_span)) = ids.get(id) {
                let first = cx.loc(*first_file, first_span.clone());
                let help = format!(
                    "first defined at {}:{}:{}; every id must be unique across the plan",
                    first.file.display(),
                    first.line,
                    first.column
                );
                cx.err_help(
                    d.file,
                    d.id.span(),
                    format!("duplicate id `{id}`"),
                    Some(help),
                );
            } else {
                ids.insert(id.clone(), (entity, d.file, d.id.span()));
            }
        };
        let (mut np, mut nc, mut ni, mut nm) = (0, 0, 0, 0);
        for (file, f) in &files {
            for p in &f.priority {
                declare(
                    self,
                    Declared {
                        file: *file,
                        id: &p.get_ref().id,
                    },
                    Entity::Priority(np),
                );
                np += 1;
            }
            for c in &f.commitment {
                declare(
                    self,
                    Declared {
                        file: *file,
                        id: &c.get_ref().id,
                    },
                    Entity::Commitment(nc),
                );
                nc += 1;
            }
            for i in &f.indicator {
                declare(
                    self,
                    Declared {
                        file: *file,
                        id: &i.get_ref().id,
                    },
                    Entity::Indicator(ni),
                );
                ni += 1;
            }
            for m in &f.milestone {
                declare(
                    self,
                    Declared {
                        file: *file,
                        id: &m.get_ref().id,
                    },
                    Entity::Milestone(nm),
                );
                nm += 1;
            }
        }
        let ids: HashMap<String, Entity> = ids.into_iter().map(|(k, v)| (k, v.0)).collect();

        let main = &files[0].1;
        let meta = main.plan.as_ref();
        if meta.is_none() {
            self.err(0, 0..0, format!("{PLAN_FILE} has no [plan] table"));
        }
        let defaults = self.defaults(main.defaults.as_ref());
        let (sources, dash) = self.measurements(main.measurements.as_ref(), &ids);
        let codes = self.codes(meta);
        let date = |cx: &mut Self, v: &Option<raw::Loose>, what: &str| {
            v.as_ref().and_then(|v| cx.date(0, v, what))
        };
        let start = meta.and_then(|m| date(self, &m.get_ref().start, "start"));
        let end = meta.and_then(|m| date(self, &m.get_ref().end, "end"));
        if let (Some(s), Some(e), Some(m)) = (start, end, meta) {
            if e < s {
                self.err(
                    0,
                    m.span(),
                    format!("the plan ends ({e}) before it starts ({s})"),
                );
            }
        }
        let mut plan = Plan {
            root,
            title: meta
                .map(|m| m.get_ref().title.get_ref().clone())
                .unwrap_or_default(),
            area: meta
                .map(|m| m.get_ref().area.get_ref().clone())
                .unwrap_or_default(),
            comparators: meta
                .map(|m| {
                    m.get_ref()
                        .comparators
                        .iter()
                        .map(|c| c.get_ref().clone())
                        .collect()
                })
                .unwrap_or_default(),
            codes,
            start,
            end,
            vision: meta.and_then(|m| m.get_ref().vision.clone()),
            defaults,
            sources,
            dash,
            priorities: Vec::new(),
            commitments: Vec::new(),
            indicators: Vec::new(),
            milestones: Vec::new(),
            ids,
        };
        if let Some(m) = meta {
            for c in &m.get_ref().comparators {
                if c.get_ref() == &plan.area {
                    self.err(
                        0,
                        c.span(),
                        format!("`{}` is the plan's own area, not a comparator", plan.area),
                    );
                }
            }
        }
        for (file, f) in &files {
            for p in &f.priority {
                let p = p.get_ref();
                plan.priorities.push(Priority {
                    id: p.id.get_ref().clone(),
                    title: p.title.get_ref().clone(),
                    lead: p.lead.clone(),
                    aims: p.aims.clone(),
                    actions: p.actions.clone(),
                    description: p.description.clone(),
                    note: p.note.clone(),
                });
            }
            for c in &f.commitment {
                let c = c.get_ref();
                self.parent_is(*file, &plan, &c.priority, "priority");
                plan.commitments.push(Commitment {
                    id: c.id.get_ref().clone(),
                    priority: c.priority.get_ref().clone(),
                    title: c.title.get_ref().clone(),
                    lead: c.lead.clone(),
                    description: c.description.clone(),
                    note: c.note.clone(),
                });
            }
        }
        for (file, f) in &files {
            for i in &f.indicator {
                let indicator = self.indicator(*file, &plan, i);
                plan.indicators.push(indicator);
            }
            for m in &f.milestone {
                let milestone = self.milestone(*file, &plan, m);
                plan.milestones.push(milestone);
            }
        }
        Some(plan)
    }

    fn defaults(&mut self, d: Option<&Spanned<raw::Defaults>>) -> Defaults {
        let mut out = Defaults::default();
        let Some(d) = d.map(Spanned::get_ref) else {
            return out;
        };
        if let Some(t) = &d.tolerance {
            match Tolerance::parse(t.get_ref()) {
                Ok(v) => out.tolerance = v,
                Err(e) => self.err(0, t.span(), e),
            }
        }
        if let Some(s) = &d.due_soon {
            match Span::parse(s.get_ref()) {
                Ok(v) => out.due_soon = v,
                Err(e) => self.err(0, s.span(), e),
            }
        }
        if let Some(levels) = &d.benchmark_levels {
            match *levels.get_ref() {
                3 | 5 => out.benchmark_levels = *levels.get_ref() as u8,
                _ => self.err(0, levels.span(), "benchmark_levels is 3 or 5"),
            }
        }
        if let Some(screening) = d.spc_screening {
            out.spc_screening = screening;
        }
        if let Some(y) = &d.year {
            out.year = self
                .choice(0, y, "year", YearKind::NAMES, YearKind::from_name)
                .unwrap_or_default();
        }
        out
    }

    /// Reads an enumerated value, listing the allowed ones when it is not.
    pub(super) fn choice<T>(
        &mut self,
        file: usize,
        value: &raw::Text,
        what: &str,
        names: &[&str],
        from: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = from(value.get_ref());
        if v.is_none() {
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let help = did_you_mean(value.get_ref(), names.iter().copied())
                .map(|d| format!("{d} ({what} is one of {list})"))
                .unwrap_or_else(|| format!("{what} is one of {list}"));
            self.err_help(
                file,
                value.span(),
                format!("unknown {what} `{}`", value.get_ref()),
                Some(help),
            );
        }
        v
    }

    /// Checks that `parent` names an entity of the wanted kind.
    fn parent_is(&mut self, file: usize, plan: &Plan, parent: &raw::Text, kind: &str) -> bool {
        let id = parent.get_ref();
        let ok = match plan.entity(id) {
            Some(Entity::Priority(_)) => kind == "priority",
            Some(Entity::Commitment(_)) => kind == "commitment",
            Some(_) => false,
            None => {
                let known: Vec<&str> = plan
                    .ids
                    .iter()
                    .filter(|(_, e)| match kind {
                        "priority" => matches!(e, Entity::Priority(_)),
                        _ => matches!(e, Entity::Commitment(_)),
                    })
                    .map(|(k, _)| k.as_str())
                    .collect();
                self.err_help(
                    file,
                    parent.span(),
                    format!("unknown {kind} `{id}`"),
                    did_you_mean(id, known),
                );
                return false;
            }
        };
        if !ok {
            self.err(file, parent.span(), format!("`{id}` is not a {kind}"));
        }
        ok
    }

    /// Resolves the `commitment` or `priority` an indicator or milestone
    /// belongs to, as (priority id, commitment id).
    fn parent(
        &mut self,
        file: usize,
        plan: &Plan,
        what: Range<usize>,
        commitment: &Option<raw::Text>,
        priority: &Option<raw::Text>,
    ) -> (String, Option<String>) {
        match (commitment, priority) {
            (Some(c), None) => {
                if self.parent_is(file, plan, c, "commitment") {
                    let p = plan.commitment(c.get_ref()).map(|c| c.priority.clone());
                    (p.unwrap_or_default(), Some(c.get_ref().clone()))
                } else {
                    (String::new(), Some(c.get_ref().clone()))
                }
            }
            (None, Some(p)) => {
                self.parent_is(file, plan, p, "priority");
                (p.get_ref().clone(), None)
            }
            (Some(c), Some(_)) => {
                self.err_help(
                    file,
                    c.span(),
                    "give either `commitment` or `priority`, not both",
                    Some("a commitment already belongs to a priority".into()),
                );
                (String::new(), None)
            }
            (None, None) => {
                self.err(
                    file,
                    what,
                    "needs a `commitment` or a `priority` it belongs to",
                );
                (String::new(), None)
            }
        }
    }

    /// An indicator's `scale`: required for unit = "grade", at least two
    /// distinct words, worst first; refused on any other unit.
    fn scale(&mut self, file: usize, i: &raw::Indicator, unit: Unit) -> Vec<String> {
        let Some(scale) = &i.scale else {
            if unit == Unit::Grade {
                let span = i.unit.as_ref().map_or(i.id.span(), Spanned::span);
                self.err_help(
                    file,
                    span,
                    format!("indicator `{}` is a grade, so it needs a `scale`: its grades from worst to best", i.id.get_ref()),
                    Some("e.g. scale = [\"Inadequate\", \"Requires improvement to be good\", \"Good\", \"Outstanding\"]".into()),
                );
            }
            return Vec::new();
        };
        if unit != Unit::Grade {
            self.err_help(
                file,
                scale.span(),
                format!(
                    "`scale` applies only to unit = \"grade\", and this indicator's unit is {}",
                    unit.name()
                ),
                Some("for a graded judgement (Ofsted, CQC), say unit = \"grade\"".into()),
            );
            return Vec::new();
        }
        let mut words: Vec<String> = Vec::new();
        for w in scale.get_ref() {
            let word = w.get_ref().trim();
            if word.is_empty() {
                self.err(file, w.span(), "a grade on the scale cannot be empty");
            } else if words.iter().any(|x| x.eq_ignore_ascii_case(word)) {
                self.err(
                    file,
                    w.span(),
                    format!("`{word}` is on the scale twice (grades are matched ignoring case)"),
                );
            } else {
                words.push(word.to_string());
            }
        }
        if words.len() < 2
            && scale
                .get_ref()
                .iter()
                .all(|w| !w.get_ref().trim().is_empty())
        {
            self.err_help(
                file,
                scale.span(),
                "a scale needs at least two different grades",
                Some("list the grades from worst to best".into()),
            );
        }
        words
    }

    /// A target, amber or baseline value: a number, or for a grade a word
    /// of its scale (held as its rank, 1 = the first word).
    fn level(
        &mut self,
        file: usize,
        v: &toml::Value,
        span: Range<usize>,
        what: &str,
        scale: Option<&[String]>,
    ) -> Option<f64> {
        let Some(scale) = scale else {
            return self.number(file, v, span, what);
        };
        if scale.is_empty() {
            // The scale's own error says what is wrong.
            return None;
        }
        let list = scale
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let toml::Value::String(word) = v else {
            self.err_help(
                file,
                span,
                format!("a grade's {what} is a word of its scale"),
                Some(format!("the scale is {list}")),
            );
            return None;
        };
        if let Some(rank) = grade_rank(word, scale) {
            return Some(rank as f64);
        }
        let help = match nearest_grade(word, scale) {
            Some(near) => format!("did you mean `{near}`? (the scale is {list})"),
            None => format!("the scale is {list}"),
        };
        self.err_help(
            file,
            span,
            format!("{what} `{word}` is not on the scale"),
            Some(help),
        );
        None
    }

    pub(super) fn number(
        &mut self,
        file: usize,
        v: &toml::Value,
        span: Range<usize>,
        what: &str,
    ) -> Option<f64> {
        match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(x) if x.is_finite() => Some(*x),
            _ => {
                self.err(file, span, format!("{what} must be a number"));
                None
            }
        }
    }

    pub(super) fn date(&mut self, file: usize, v: &raw::Loose, what: &str) -> Option<NaiveDate> {
        let parsed = match v.get_ref() {
            toml::Value::Datetime(dt) => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            toml::Value::String(s) => period::parse_date(s),
            _ => None,
        };
        if parsed.is_none() {
            self.err_help(
                file,
                v.span(),
                format!("`{what}` must be a date"),
                Some("write a date such as 2022-06-20".into()),
            );
        }
        parsed
    }

    /// A date or a period label; returns the period and its label.
    pub(super) fn period(
        &mut self,
        file: usize,
        v: &toml::Value,
        span: Range<usize>,
        ctx: PeriodContext,
        what: &str,
    ) -> Option<period::Period> {
        let result = match v {
            toml::Value::Datetime(dt) => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
                .map(period::Period::day)
                .ok_or_else(|| period::PeriodError {
                    message: format!("`{what}` must be a date or a period"),
                    help: None,
                }),
            toml::Value::String(s) => period::parse(s, ctx),
            toml::Value::Integer(y) => period::parse(&y.to_string(), ctx),
            _ => Err(period::PeriodError {
                message: format!("`{what}` must be a date or a period"),
                help: None,
            }),
        };
        match result {
            Ok(p) => Some(p),
            Err(e) => {
                self.err_help(file, span, e.message, e.help);
                None
            }
        }
    }

    fn point(
        &mut self,
        file: usize,
        v: &raw::Loose,
        key: &str,
        ctx: PeriodContext,
        what: &str,
        scale: Option<&[String]>,
    ) -> Option<Point> {
        let span = v.span();
        let Some(table) = v.get_ref().as_table() else {
            self.err(
                file,
                span,
                format!("{what} must be a table like {{ {key} = \"2024/25\", value = 70 }}"),
            );
            return None;
        };
        for k in table.keys() {
            if k != key && k != "value" {
                self.err(
                    file,
                    span.clone(),
                    format!("unknown field `{k}` in {what}; expected `{key}` and `value`"),
                );
            }
        }
        let period = match table.get(key) {
            Some(p) => self.period(file, p, span.clone(), ctx, key),
            None => {
                self.err(file, span.clone(), format!("{what} needs `{key}`"));
                None
            }
        };
        let value = match table.get("value") {
            Some(x) => self.level(file, x, span.clone(), "value", scale),
            None => {
                self.err(file, span.clone(), format!("{what} needs `value`"));
                None
            }
        };
        Some(Point {
            period: period?,
            value: value?,
        })
    }

    fn indicator(
        &mut self,
        file: usize,
        plan: &Plan,
        spanned: &Spanned<raw::Indicator>,
    ) -> Indicator {
        let i = spanned.get_ref();
        let (priority, commitment) =
            self.parent(file, plan, i.id.span(), &i.commitment, &i.priority);
        let unit = i
            .unit
            .as_ref()
            .and_then(|u| self.choice(file, u, "unit", Unit::NAMES, Unit::from_name))
            .unwrap_or(Unit::Number);
        let grade = unit == Unit::Grade;
        let scale = self.scale(file, i, unit);
        // A grade's values, targets and baselines are words of its scale.
        let words = grade.then_some(&scale[..]);
        let polarity = i
            .polarity
            .as_ref()
            .and_then(|p| self.choice(file, p, "polarity", Polarity::NAMES, Polarity::from_name));
        let polarity = match (grade, polarity, &i.polarity) {
            (true, Some(p), Some(raw)) if p != Polarity::Higher => {
                self.err_help(
                    file,
                    raw.span(),
                    format!("a grade is better higher on its scale, so its polarity is `higher`, not `{}`", raw.get_ref()),
                    Some("list the scale from worst to best and leave polarity out (or say \"higher\")".into()),
                );
                Some(Polarity::Higher)
            }
            (true, _, _) => Some(Polarity::Higher),
            (false, p, _) => p,
        };
        let year = i
            .year
            .as_ref()
            .and_then(|y| self.choice(file, y, "year", YearKind::NAMES, YearKind::from_name))
            .unwrap_or(plan.defaults.year);
        let cadence = i
            .cadence
            .as_ref()
            .and_then(|c| self.choice(file, c, "cadence", Cadence::NAMES, Cadence::from_name));
        if let (true, Some(c)) = (grade, &i.cadence) {
            self.err_help(
                file,
                c.span(),
                "a grade indicator has no cadence: inspections come when they come, and a grade is never stale",
                Some("leave `cadence` out".into()),
            );
        }
        let lag = i.lag.as_ref().and_then(|l| match Span::parse(l.get_ref()) {
            Ok(s) => Some(s),
            Err(e) => {
                self.err(file, l.span(), e);
                None
            }
        });
        let ctx = PeriodContext {
            year,
            annual: cadence == Some(Cadence::Annual),
        };
        let per = match (&i.per, unit) {
            (Some(p), Unit::Rate) => match self.number(file, p.get_ref(), p.span(), "per") {
                Some(x) if x > 0.0 => Some(x),
                Some(_) => {
                    self.err(
                        file,
                        p.span(),
                        "`per` must be above zero, e.g. per = 100000",
                    );
                    None
                }
                None => None,
            },
            (Some(p), _) => {
                self.err(file, p.span(), "`per` applies only to unit = \"rate\"");
                None
            }
            (None, Unit::Rate) => Some(100_000.0),
            (None, _) => None,
        };
        let tolerance = match &i.tolerance {
            Some(t) if grade => {
                self.err_help(
                    file,
                    t.span(),
                    "a grade has no tolerance: it meets its target or it does not",
                    Some("for an amber grade, name it in the target: target = { value = \"Good\", amber = \"Requires improvement to be good\" }".into()),
                );
                plan.defaults.tolerance
            }
            Some(t) => match Tolerance::parse(t.get_ref()) {
                Ok(Tolerance::Points(_)) if unit != Unit::Percent => {
                    self.err_help(
                        file,
                        t.span(),
                        format!("a tolerance in percentage points needs unit = \"percent\", and this indicator's unit is {}", unit.name()),
                        Some("use a share of the target (\"5%\") or an amount in the unit (\"3\")".into()),
                    );
                    plan.defaults.tolerance
                }
                Ok(v) => v,
                Err(e) => {
                    self.err(file, t.span(), e);
                    plan.defaults.tolerance
                }
            },
            None => {
                if matches!(plan.defaults.tolerance, Tolerance::Points(_))
                    && unit != Unit::Percent
                    && !grade
                    && i.target.is_some()
                {
                    self.err_help(
                        file,
                        i.id.span(),
                        format!("the default tolerance {} is in percentage points, which does not fit unit {}", plan.defaults.tolerance, unit.name()),
                        Some("give this indicator its own `tolerance`".into()),
                    );
                }
                plan.defaults.tolerance
            }
        };
        let baseline = i
            .baseline
            .as_ref()
            .and_then(|b| self.point(file, b, "period", ctx, "baseline", words));
        let target = i
            .target
            .as_ref()
            .and_then(|t| self.target(file, t, ctx, words));
        let polarity = match (polarity, &target) {
            (Some(p), _) if p != Polarity::None => p,
            (p, Some(_)) => {
                let span = i.polarity.as_ref().map_or(i.id.span(), Spanned::span);
                if p.is_some() || i.polarity.is_none() {
                    self.err_help(
                        file,
                        span,
                        format!("indicator `{}` has a target, so it needs a polarity of `higher` or `lower`", i.id.get_ref()),
                        Some("say whether a higher or a lower figure is better".into()),
                    );
                }
                Polarity::None
            }
            (p, None) => p.unwrap_or(Polarity::None),
        };
        if let Some(Target::Value {
            value,
            amber: Some(amber),
            ..
        }) = &target
        {
            let span = i.target.as_ref().map_or(0..0, Spanned::span);
            if grade {
                if amber >= value {
                    let word = |r: f64| crate::format::grade(r, &scale);
                    self.err(
                        file,
                        span,
                        format!(
                            "the amber grade `{}` must be below the target grade `{}` on the scale",
                            word(*amber),
                            word(*value)
                        ),
                    );
                }
            } else if polarity.gain(*value, *amber).is_some_and(|g| g < 0.0) {
                self.err(file, span, format!("the amber threshold {amber} is on the wrong side of the target {value} for polarity {polarity:?}").to_lowercase());
            }
        }
        let mut trajectory = Vec::new();
        if let (true, Some(points)) = (grade, &i.trajectory) {
            self.err_help(
                file,
                points.span(),
                "a grade has no trajectory: there is nothing between two grades to interpolate",
                Some("give the target grade and its `by`".into()),
            );
        } else if let Some(points) = &i.trajectory {
            if target.is_none() || matches!(target, Some(Target::Improve)) {
                self.err(
                    file,
                    points.span(),
                    "a trajectory needs a target with a value and a `by` period",
                );
            }
            for p in points.get_ref() {
                if let Some(point) = self.point(file, p, "by", ctx, "trajectory point", None) {
                    trajectory.push((p.span(), point));
                }
            }
            for pair in trajectory.windows(2) {
                if pair[1].1.period.last <= pair[0].1.period.last {
                    self.err(
                        file,
                        pair[1].0.clone(),
                        "trajectory points must be in time order",
                    );
                }
            }
            if let Some(Target::Value { by: None, .. }) = &target {
                self.err(
                    file,
                    points.span(),
                    "a trajectory needs the target's `by` period",
                );
            }
            if let Some(Target::Value { by: Some(by), .. }) = &target {
                for (span, p) in &trajectory {
                    if p.period.last > by.last {
                        self.err(
                            file,
                            span.clone(),
                            format!(
                                "trajectory point {} comes after the target's `by` ({by})",
                                p.period
                            ),
                        );
                    }
                }
            }
        }
        if let (Some(b), Some(raw)) = (&baseline, &i.baseline) {
            let next = trajectory.first().map(|(_, p)| p.period).or(match &target {
                Some(Target::Value { by, .. }) => *by,
                _ => None,
            });
            if let Some(next) = next.filter(|n| n.last <= b.period.last) {
                self.err(
                    file,
                    raw.span(),
                    format!(
                        "the baseline ({}) must come before the first trajectory point or target ({next})",
                        b.period
                    ),
                );
            }
        }
        Indicator {
            id: i.id.get_ref().clone(),
            priority,
            commitment,
            title: i.title.get_ref().clone(),
            unit,
            per,
            scale,
            polarity,
            year,
            cadence,
            lag,
            baseline,
            target,
            tolerance,
            trajectory: trajectory.into_iter().map(|(_, p)| p).collect(),
            rebase: {
                let mut dates: Vec<NaiveDate> = i
                    .rebase
                    .iter()
                    .filter_map(|r| self.date(file, r, "rebase"))
                    .collect();
                dates.sort();
                dates
            },
            spc_baseline: i.spc_baseline.as_ref().and_then(|b| {
                match usize::try_from(*b.get_ref()) {
                    Ok(n) if n >= 2 => Some(n),
                    _ => {
                        self.err(
                            file,
                            b.span(),
                            "spc_baseline is a number of points, 2 or more",
                        );
                        None
                    }
                }
            }),
            source: i.source.clone(),
            lead: i.lead.clone(),
            description: i.description.clone(),
            note: i.note.clone(),
        }
    }

    fn target(
        &mut self,
        file: usize,
        t: &raw::Loose,
        ctx: PeriodContext,
        scale: Option<&[String]>,
    ) -> Option<Target> {
        let span = t.span();
        match t.get_ref() {
            toml::Value::String(s) if s == "improve" => Some(Target::Improve),
            toml::Value::Table(table) => {
                for k in table.keys() {
                    if !matches!(k.as_str(), "value" | "by" | "amber") {
                        self.err(
                            file,
                            span.clone(),
                            format!(
                                "unknown field `{k}` in target; expected `value`, `by` and `amber`"
                            ),
                        );
                    }
                }
                let value = match table.get("value") {
                    Some(v) => self.level(file, v, span.clone(), "target value", scale),
                    None => {
                        self.err(file, span.clone(), "target needs a `value`");
                        None
                    }
                };
                let by = match table.get("by") {
                    Some(b) => Some(self.period(file, b, span.clone(), ctx, "by")?),
                    None => None,
                };
                let amber = table
                    .get("amber")
                    .and_then(|a| self.level(file, a, span.clone(), "amber", scale));
                Some(Target::Value {
                    value: value?,
                    by,
                    amber,
                })
            }
            _ => {
                self.err_help(
                    file,
                    span,
                    "target must be \"improve\" or a table",
                    Some(
                        "e.g. target = { value = 72, by = \"2025/26\" } or target = \"improve\""
                            .into(),
                    ),
                );
                None
            }
        }
    }

    fn milestone(
        &mut self,
        file: usize,
        plan: &Plan,
        spanned: &Spanned<raw::Milestone>,
    ) -> Milestone {
        let m = spanned.get_ref();
        let (priority, commitment) =
            self.parent(file, plan, m.id.span(), &m.commitment, &m.priority);
        let ctx = PeriodContext {
            year: plan.defaults.year,
            annual: false,
        };
        let due = m
            .due
            .as_ref()
            .and_then(|d| self.period(file, d.get_ref(), d.span(), ctx, "due"));
        if let (Some(due), Some(start), Some(d)) = (due, plan.start, &m.due) {
            if due.last < start {
                self.err(
                    file,
                    d.span(),
                    format!(
                        "due {} ({}), before the plan starts ({start})",
                        due.last, due
                    ),
                );
            }
        }
        if let (Some(due), Some(d)) = (due, &m.due) {
            if let Some(end) = plan.end {
                if due.first.year() > end.year() + 10 {
                    self.err(
                        file,
                        d.span(),
                        format!(
                            "due {}, more than ten years after the plan ends ({end})",
                            due.last
                        ),
                    );
                }
            }
        }
        let completed = m
            .completed
            .as_ref()
            .and_then(|c| self.date(file, c, "completed"));
        Milestone {
            id: m.id.get_ref().clone(),
            priority,
            commitment,
            title: m.title.get_ref().clone(),
            due: due.map(|p| p.last),
            due_label: due.map(|p| p.to_string()),
            completed,
            lead: m.lead.clone(),
            description: m.description.clone(),
            note: m.note.clone(),
        }
    }
}

/// Whether two paths name the same file, however they are spelt.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}
