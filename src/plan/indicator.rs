//! Reading an `[[indicator]]`: its unit, scale, polarity, cadence, rate
//! base, tolerance, baseline, target and trajectory, each checked against
//! the others.

use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;

use super::check::Checker;
use super::raw;
use super::{Cadence, Indicator, Labels, Plan, Point, Polarity, Target, Tolerance, Unit};
use crate::diag::Code;
use crate::period::{PeriodContext, Span, YearKind};

const GRADE_POLARITY_HELP: &str =
    "list the scale from worst to best and leave polarity out (or say \"higher\")";

const GRADE_TOLERANCE_HELP: &str = concat!(
    "for an amber grade, name it in the target: ",
    "target = { value = \"Good\", amber = \"Requires improvement to be good\" }"
);

const TOLERANCE_HELP: &str = "use a share of the target (\"5%\") or an amount in the unit (\"3\")";

impl Checker {
    /// An indicator's `scale`: required for unit = "grade", at least two
    /// distinct words, worst first; refused on any other unit.
    pub(super) fn scale(&mut self, file: usize, i: &raw::Indicator, unit: Unit) -> Vec<String> {
        let Some(scale) = &i.scale else {
            if unit == Unit::Grade {
                let span = i.unit.as_ref().map_or(i.id.span(), Spanned::span);
                self.err_help(
                    Code::BadScale,
                    file,
                    span,
                    format!(
                        "indicator `{}` is a grade, so it needs a \
                         `scale`: its grades from worst to best",
                        i.id.get_ref()
                    ),
                    Some(
                        "e.g. scale = [\"Inadequate\", \"Requires \
                         improvement to be good\", \"Good\", \"Outstanding\"]"
                            .into(),
                    ),
                );
            }
            return Vec::new();
        };
        if unit != Unit::Grade {
            self.err_help(
                Code::NotForUnit,
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
                self.err(
                    Code::BadScale,
                    file,
                    w.span(),
                    "a grade on the scale cannot be empty",
                );
            } else if words.iter().any(|x| x.eq_ignore_ascii_case(word)) {
                self.err(
                    Code::BadScale,
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
                Code::BadScale,
                file,
                scale.span(),
                "a scale needs at least two different grades",
                Some("list the grades from worst to best".into()),
            );
        }
        words
    }

    /// An indicator's own footprint: a name, not the plan's own area or a
    /// comparator (those are series of every indicator already).
    fn footprint(&mut self, file: usize, plan: &Plan, area: Option<&raw::Text>) -> Option<String> {
        let area = area?;
        let name = area.get_ref().trim();
        if name.is_empty() {
            self.err(
                Code::BadArea,
                file,
                area.span(),
                "`area` names the footprint the figures are for, and is empty",
            );
            return None;
        }
        if name == plan.area {
            return None;
        }
        if plan.comparators.iter().any(|c| **c == *name) {
            self.err_help(
                Code::BadArea,
                file,
                area.span(),
                format!(
                    "`{name}` is one of the plan's comparators, \
                     so it cannot be this indicator's own area"
                ),
                Some(
                    "an indicator's `area` is the footprint its own figures are reported on".into(),
                ),
            );
            return None;
        }
        Some(name.to_string())
    }

    pub(super) fn indicator(
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
        let stated = self.stated_polarity(file, i, grade);
        let year = i
            .year
            .as_ref()
            .and_then(|y| self.choice(file, y, "year", YearKind::NAMES, YearKind::from_name))
            .unwrap_or(plan.defaults.year);
        let cadence = self.cadence(file, i, grade);
        let lag = i.lag.as_ref().and_then(|l| match Span::parse(l.get_ref()) {
            Ok(s) => Some(s),
            Err(e) => {
                self.err(Code::BadDuration, file, l.span(), e);
                None
            }
        });
        let ctx = PeriodContext {
            year,
            annual: cadence == Some(Cadence::Annual),
        };
        let per = self.rate_base(file, i, unit);
        let tolerance = self.tolerance(file, plan, i, unit);
        let baseline = i
            .baseline
            .as_ref()
            .and_then(|b| self.point(file, b, "period", ctx, "baseline", words));
        let target = i
            .target
            .as_ref()
            .and_then(|t| self.target(file, t, ctx, words));
        let polarity = self.polarity_for_target(file, i, stated, target.as_ref());
        self.amber(file, i, target.as_ref(), polarity, words);
        let trajectory = self.trajectory(file, i, grade, target.as_ref(), ctx);
        if !grade {
            self.baseline_against_target(file, i, baseline.as_ref(), target.as_ref(), polarity);
        }
        self.baseline_first(file, i, baseline.as_ref(), target.as_ref(), &trajectory);
        let rebase = self.rebase(file, i);
        let spc_baseline = self.spc_baseline(file, i);
        let area = self.footprint(file, plan, i.area.as_ref());
        let labels = Labels::of(target.as_ref(), tolerance, (unit, per, &scale));
        Indicator {
            id: i.id.get_ref().as_str().into(),
            priority: priority.into(),
            commitment: commitment.map(Into::into),
            title: i.title.get_ref().as_str().into(),
            unit,
            per,
            scale,
            polarity,
            year,
            cadence,
            lag,
            baseline,
            labels,
            target,
            tolerance,
            trajectory: trajectory.into_iter().map(|(_, p)| p).collect(),
            rebase,
            spc_baseline,
            area,
            source: i.source.clone(),
            lead: i.lead.as_deref().map(Into::into),
            description: i.description.clone(),
            note: i.note.clone(),
        }
    }

    /// The polarity the plan states, if any; a grade's is always `higher`,
    /// as its scale runs from worst to best.
    fn stated_polarity(
        &mut self,
        file: usize,
        i: &raw::Indicator,
        grade: bool,
    ) -> Option<Polarity> {
        let polarity = i
            .polarity
            .as_ref()
            .and_then(|p| self.choice(file, p, "polarity", Polarity::NAMES, Polarity::from_name));
        match (grade, polarity, &i.polarity) {
            (true, Some(p), Some(raw)) if p != Polarity::Higher => {
                self.err_help(
                    Code::NotForUnit,
                    file,
                    raw.span(),
                    format!(
                        "a grade is better higher on its scale, \
                         so its polarity is `higher`, not `{}`",
                        raw.get_ref()
                    ),
                    Some(GRADE_POLARITY_HELP.into()),
                );
                Some(Polarity::Higher)
            }
            (true, _, _) => Some(Polarity::Higher),
            (false, p, _) => p,
        }
    }

    /// How often figures come; a grade has no cadence, as inspections are
    /// not scheduled and a grade is never stale.
    fn cadence(&mut self, file: usize, i: &raw::Indicator, grade: bool) -> Option<Cadence> {
        let cadence = i
            .cadence
            .as_ref()
            .and_then(|c| self.choice(file, c, "cadence", Cadence::NAMES, Cadence::from_name));
        if let (true, Some(c)) = (grade, &i.cadence) {
            self.err_help(
                Code::NotForUnit,
                file,
                c.span(),
                "a grade indicator has no cadence: inspections \
                 come when they come, and a grade is never stale",
                Some("leave `cadence` out".into()),
            );
        }
        cadence
    }

    /// A rate's `per`: the population its figures are per, 100,000 unless
    /// the plan says.
    fn rate_base(&mut self, file: usize, i: &raw::Indicator, unit: Unit) -> Option<f64> {
        match (&i.per, unit) {
            (Some(p), Unit::Rate) => match self.number(file, p.get_ref(), p.span(), "per") {
                Some(x) if x > 0.0 => Some(x),
                Some(_) => {
                    self.err(
                        Code::OutOfRange,
                        file,
                        p.span(),
                        "`per` must be above zero, e.g. per = 100000",
                    );
                    None
                }
                None => None,
            },
            (Some(p), _) => {
                self.err(
                    Code::NotForUnit,
                    file,
                    p.span(),
                    "`per` applies only to unit = \"rate\"",
                );
                None
            }
            (None, Unit::Rate) => Some(100_000.0),
            (None, _) => None,
        }
    }

    /// The indicator's amber band, else the plan's default; one in
    /// percentage points fits only a percent. On a problem the default
    /// stands, so that the rest of the plan is still checked.
    fn tolerance(&mut self, file: usize, plan: &Plan, i: &raw::Indicator, unit: Unit) -> Tolerance {
        let grade = unit == Unit::Grade;
        let default = plan.defaults.tolerance;
        match &i.tolerance {
            Some(t) if grade => {
                self.err_help(
                    Code::NotForUnit,
                    file,
                    t.span(),
                    "a grade has no tolerance: it meets its target or it does not",
                    Some(GRADE_TOLERANCE_HELP.into()),
                );
                default
            }
            Some(t) => match Tolerance::parse(t.get_ref()) {
                Ok(Tolerance::Points(_)) if unit != Unit::Percent => {
                    self.err_help(
                        Code::BadTolerance,
                        file,
                        t.span(),
                        format!(
                            "a tolerance in percentage points needs unit = \
                             \"percent\", and this indicator's unit is {}",
                            unit.name()
                        ),
                        Some(TOLERANCE_HELP.into()),
                    );
                    default
                }
                Ok(v) => v,
                Err(e) => {
                    self.err(Code::BadTolerance, file, t.span(), e);
                    default
                }
            },
            None => {
                // Only a target is measured against the band.
                if matches!(default, Tolerance::Points(_))
                    && unit != Unit::Percent
                    && !grade
                    && i.target.is_some()
                {
                    self.err_help(
                        Code::BadTolerance,
                        file,
                        i.id.span(),
                        format!(
                            "the default tolerance {default} is in \
                             percentage points, which does not fit unit {}",
                            unit.name()
                        ),
                        Some("give this indicator its own `tolerance`".into()),
                    );
                }
                default
            }
        }
    }

    /// The polarity as rated: a target needs `higher` or `lower` to be
    /// met or missed, so one with none (or `none`) is refused.
    fn polarity_for_target(
        &mut self,
        file: usize,
        i: &raw::Indicator,
        stated: Option<Polarity>,
        target: Option<&Target>,
    ) -> Polarity {
        match (stated, target) {
            (Some(p), _) if p != Polarity::None => p,
            (p, Some(_)) => {
                // An unknown word has had its own error already.
                if p.is_some() || i.polarity.is_none() {
                    let span = i.polarity.as_ref().map_or(i.id.span(), Spanned::span);
                    self.err_help(
                        Code::NeedsPolarity,
                        file,
                        span,
                        format!(
                            "indicator `{}` has a target, so it needs a \
                             polarity of `higher` or `lower`",
                            i.id.get_ref()
                        ),
                        Some("say whether a higher or a lower figure is better".into()),
                    );
                }
                Polarity::None
            }
            (p, None) => p.unwrap_or(Polarity::None),
        }
    }

    /// An amber threshold lies on the worse side of its target: below it
    /// on a grade's scale (`scale`), else as the polarity says.
    fn amber(
        &mut self,
        file: usize,
        i: &raw::Indicator,
        target: Option<&Target>,
        polarity: Polarity,
        scale: Option<&[String]>,
    ) {
        let Some(Target::Value {
            value,
            amber: Some(amber),
            ..
        }) = target
        else {
            return;
        };
        let span = i.target.as_ref().map_or(0..0, Spanned::span);
        if let Some(scale) = scale {
            if amber >= value {
                // Both are ranks on the scale (1 = the first word).
                let word = |r: f64| {
                    scale
                        .get((r as usize).saturating_sub(1))
                        .map_or_else(|| r.to_string(), Clone::clone)
                };
                self.err(
                    Code::BadAmber,
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
            self.err(
                Code::BadAmber,
                file,
                span,
                format!(
                    "the amber threshold {amber} is on the wrong \
                     side of the target {value} for polarity {}",
                    polarity.name()
                ),
            );
        }
    }

    /// The trajectory's points, each with where the plan gives it: in time
    /// order, on the way to a dated target and not past it.
    fn trajectory(
        &mut self,
        file: usize,
        i: &raw::Indicator,
        grade: bool,
        target: Option<&Target>,
        ctx: PeriodContext,
    ) -> Vec<(Range<usize>, Point)> {
        let mut trajectory = Vec::new();
        let Some(points) = &i.trajectory else {
            return trajectory;
        };
        if grade {
            self.err_help(
                Code::NotForUnit,
                file,
                points.span(),
                "a grade has no trajectory: there is nothing between two grades to interpolate",
                Some("give the target grade and its `by`".into()),
            );
            return trajectory;
        }
        if target.is_none() || matches!(target, Some(Target::Improve)) {
            self.err(
                Code::BadTrajectory,
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
                    Code::OutOfOrder,
                    file,
                    pair[1].0.clone(),
                    "trajectory points must be in time order",
                );
            }
        }
        match target {
            Some(Target::Value { by: None, .. }) => self.err(
                Code::BadTrajectory,
                file,
                points.span(),
                "a trajectory needs the target's `by` period",
            ),
            Some(Target::Value { by: Some(by), .. }) => {
                for (span, p) in &trajectory {
                    if p.period.last > by.last {
                        self.err(
                            Code::OutOfOrder,
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
            _ => {}
        }
        trajectory
    }

    /// A target worse than the baseline is accepted (a plan may mean it),
    /// but rarely meant: warned, and the rating's reason says it too
    /// (docs/decisions.md).
    fn baseline_against_target(
        &mut self,
        file: usize,
        i: &raw::Indicator,
        baseline: Option<&Point>,
        target: Option<&Target>,
        polarity: Polarity,
    ) {
        let (Some(b), Some(Target::Value { value, .. })) = (baseline, target) else {
            return;
        };
        if polarity.gain(*value, b.value).is_some_and(|g| g < 0.0) {
            let span = i.target.as_ref().map_or(0..0, Spanned::span);
            let (side, better) = match polarity {
                Polarity::Lower => ("above", "lower"),
                _ => ("below", "higher"),
            };
            self.warn(
                Code::TargetWorseThanBaseline,
                file,
                span,
                format!(
                    "the target {value} is {side} the baseline {} ({}) for a \
                     {better}-is-better indicator: is the target or the polarity wrong?",
                    b.value, b.period
                ),
            );
        }
    }

    /// The baseline comes before the first trajectory point, or else the
    /// target's `by`: progress is measured from it.
    fn baseline_first(
        &mut self,
        file: usize,
        i: &raw::Indicator,
        baseline: Option<&Point>,
        target: Option<&Target>,
        trajectory: &[(Range<usize>, Point)],
    ) {
        let (Some(b), Some(raw)) = (baseline, &i.baseline) else {
            return;
        };
        let next = trajectory.first().map(|(_, p)| p.period).or(match target {
            Some(Target::Value { by, .. }) => *by,
            _ => None,
        });
        if let Some(next) = next.filter(|n| n.last <= b.period.last) {
            self.err(
                Code::OutOfOrder,
                file,
                raw.span(),
                format!(
                    "the baseline ({}) must come before the \
                     first trajectory point or target ({next})",
                    b.period
                ),
            );
        }
    }

    /// The dates SPC limits start afresh from, in order.
    fn rebase(&mut self, file: usize, i: &raw::Indicator) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = i
            .rebase
            .iter()
            .filter_map(|r| self.date(file, r, "rebase"))
            .collect();
        dates.sort();
        dates
    }

    fn spc_baseline(&mut self, file: usize, i: &raw::Indicator) -> Option<usize> {
        let b = i.spc_baseline.as_ref()?;
        match usize::try_from(*b.get_ref()) {
            Ok(n) if n >= 2 => Some(n),
            _ => {
                self.err(
                    Code::OutOfRange,
                    file,
                    b.span(),
                    "spc_baseline is a number of points, 2 or more",
                );
                None
            }
        }
    }

    pub(super) fn target(
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
                            Code::UnknownField,
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
                        self.err(
                            Code::MissingField,
                            file,
                            span.clone(),
                            "target needs a `value`",
                        );
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
                    Code::WrongType,
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
}
