//! Rating an indicator: the latest figure against the target that applies
//! to its period, with tolerance, amber thresholds, trajectories, `improve`
//! targets, deadlines and staleness.

use std::fmt::{self, Write as _};

use chrono::NaiveDate;

use super::analysis::{analyse, Analysis};
use super::{Flag, Kind, Status, StatusRow};
use crate::format;
use crate::measure::{Area, Mark, Observation, Value};
use crate::period::{Period, PeriodKind};
use crate::plan::{Indicator, Plan, Polarity, Target, Unit};

/// Comparisons are inclusive at their bounds; this absorbs the binary
/// noise in, say, 80 x 5% so that 76 counts as within tolerance.
const EPSILON: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRating {
    pub status: Status,
    pub reason: String,
    pub latest: Option<Observation>,
    pub target: Option<f64>,
    /// For `improve`, the period of the figure improved on.
    pub improve_on: Option<Period>,
    pub analysis: Analysis,
    pub flags: Vec<Flag>,
    /// When the next figure is expected; past it, the rating is `stale`.
    pub next_expected: Option<NaiveDate>,
    /// What the plan holds for the rated figure's period, in words, where
    /// it is not the final target: `69% planned for 2025/26`.
    pub planned: Option<String>,
}

impl IndicatorRating {
    pub fn row(self, ind: &Indicator) -> StatusRow {
        let by_day = match &ind.target {
            Some(Target::Value { by: Some(by), .. }) => Some(by.last),
            _ => None,
        };
        let (target, by) = match &ind.target {
            Some(Target::Value { value, .. }) => (Some(*value), ind.labels.by.clone()),
            Some(Target::Improve) => (self.target, None),
            None => (None, None),
        };
        let expected = self.target.filter(|t| Some(*t) != target);
        StatusRow {
            priority: ind.priority.clone(),
            commitment: ind.commitment.clone(),
            id: ind.id.clone(),
            kind: Kind::Indicator,
            title: ind.title.clone(),
            rag: self.status.rag(),
            status: self.status,
            reason: self.reason,
            period: self.latest.as_ref().map(|o| o.period),
            value: self.latest.as_ref().and_then(|o| o.value.number()),
            unit: Some(ind.unit),
            per: ind.per,
            scale: ind.scale.clone(),
            improve: matches!(ind.target, Some(Target::Improve)),
            improve_on: self.improve_on.map(|p| p.to_string()),
            target,
            baseline: ind.baseline.as_ref().map(|b| b.value),
            expected: expected.map(format::computed),
            by,
            by_day,
            trend: self.analysis.direction,
            recent_trend: self.analysis.recent,
            benchmark: self.analysis.benchmark,
            spc: self.analysis.spc,
            forecast: self.analysis.forecast,
            flags: self.flags,
            next_expected: self.next_expected,
            planned: self.planned,
            lead: ind.lead.clone(),
            note: self
                .latest
                .as_ref()
                .and_then(|o| o.note().map(String::from)),
            recovery: None,
            last_update: None,
        }
    }
}

/// The figures known on `as_of`: for each area and period, the latest
/// publication of it. The input is sorted by area, period, publication.
pub fn visible_series<'o>(
    series: impl IntoIterator<Item = &'o Observation>,
    as_of: NaiveDate,
) -> Vec<&'o Observation> {
    let series = series.into_iter();
    // Sized once for all of them: most are known (a league asks 300,000
    // times).
    let mut out: Vec<&Observation> = Vec::with_capacity(series.size_hint().0);
    extend_visible(&mut out, series, as_of);
    out
}

/// [`visible_series`], added to `out`: a league adds each area's own to
/// a vector of its own, then the comparators', known once for them all.
pub(crate) fn extend_visible<'o>(
    out: &mut Vec<&'o Observation>,
    series: impl IntoIterator<Item = &'o Observation>,
    as_of: NaiveDate,
) {
    for obs in series.into_iter().filter(|o| o.known_from() <= as_of) {
        match out.last_mut() {
            Some(prev) if prev.area == obs.area && prev.period == obs.period => *prev = obs,
            _ => out.push(obs),
        }
    }
}

/// The target for a figure whose period ends on `day`: interpolated by date
/// along baseline, trajectory points and the final target; flat before the
/// first point and after the last.
pub fn applicable_target(ind: &Indicator, day: NaiveDate) -> Option<f64> {
    planned_at(ind, day).map(|(value, _)| value)
}

/// Where the figure that applies on a day comes from, so that the words
/// name it truly: the baseline itself, a point of the plan (the
/// trajectory's or the target's own, when the day is at or before it and
/// no earlier point is), or the line between two points.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Planned {
    Baseline(Period),
    Point(Period),
    Line,
}

fn planned_at(ind: &Indicator, day: NaiveDate) -> Option<(f64, Planned)> {
    let Some(Target::Value { value, by, .. }) = &ind.target else {
        return None;
    };
    let Some(by) = by else {
        return Some((*value, Planned::Point(Period::day(day))));
    };
    // Baseline, trajectory, target: walked in order, two at a time.
    let mut points = ind
        .baseline
        .iter()
        .map(|b| (b.period, b.value, true))
        .chain(ind.trajectory.iter().map(|p| (p.period, p.value, false)))
        .chain(std::iter::once((*by, *value, false)));
    let source = |(period, _, baseline): (Period, f64, bool)| {
        if baseline {
            Planned::Baseline(period)
        } else {
            Planned::Point(period)
        }
    };
    let first = points.next()?;
    if day <= first.0.last {
        return Some((first.1, source(first)));
    }
    let mut p0 = first;
    for p1 in points {
        let ((d0, v0), (d1, v1)) = ((p0.0.last, p0.1), (p1.0.last, p1.1));
        if day == d1 {
            return Some((v1, source(p1)));
        }
        if day < d1 {
            let span = (d1 - d0).num_days() as f64;
            if span <= 0.0 {
                return Some((v1, source(p1)));
            }
            let t = (day - d0).num_days() as f64 / span;
            return Some((v0 + t * (v1 - v0), Planned::Line));
        }
        p0 = p1;
    }
    Some((p0.1, source(p0)))
}

/// The tolerance band around `target`, never infinite (5% of a figure near
/// the largest number overflows): a band wider than any number holds is as
/// wide as the largest.
fn band_width(ind: &Indicator, target: f64) -> f64 {
    let band = ind.tolerance.width(target);
    if band.is_nan() {
        0.0
    } else {
        band.min(f64::MAX)
    }
}

/// Whether a shortfall (`-gain`) is within the tolerance band: inclusive at
/// the bound, with a relative slack so that a bound is a bound at any
/// magnitude.
fn within_band(gain: f64, band: f64, eps: f64) -> bool {
    -gain <= (band + eps).min(f64::MAX)
}

/// When the next figure is due: one cadence after the newest one became
/// known, its publication date where the row or its source gives one,
/// else its period's end plus the lag of its source or indicator (SPEC 3).
/// Inspections come when they come: a grade is never stale. A figure as
/// at a single day, with no cadence in the plan, keeps no known schedule
/// (counts a board hears of when a paper reports them): nothing says when
/// the next is due, so it is never called stale.
fn next_expected(ind: &Indicator, own: &[&Observation]) -> Option<NaiveDate> {
    own.last()
        .filter(|_| ind.unit != Unit::Grade)
        .filter(|newest| ind.cadence.is_some() || newest.period.kind != PeriodKind::Day)
        .map(|newest| ind.cadence_after(&newest.period).after(newest.known_from()))
}

/// Marks of the rated figure: a newer period withheld, provisional or
/// revised.
fn marks(own: &[&Observation], latest: &Observation) -> Vec<Flag> {
    let mut flags = Vec::new();
    // A newer period withheld (suppressed, missing); one published as not
    // applicable (`z`) withholds nothing.
    let mut newer = own.iter().rev().take_while(|o| o.period != latest.period);
    if newer.any(|o| !matches!(o.value, Value::NotApplicable)) {
        flags.push(Flag::Withheld);
    }
    match latest.value {
        Value::Number {
            mark: Some(Mark::Provisional),
            ..
        } => flags.push(Flag::Provisional),
        Value::Number {
            mark: Some(Mark::Revised),
            ..
        } => flags.push(Flag::Revised),
        _ => {}
    }
    flags
}

/// Rates one indicator as of `as_of`, from its series (all areas).
pub fn rate_indicator(
    plan: &Plan,
    ind: &Indicator,
    series: &[Observation],
    as_of: NaiveDate,
) -> IndicatorRating {
    rate_visible(plan, ind, &visible_series(series, as_of), as_of)
}

/// Rates one indicator as of `as_of` from the figures known then
/// ([`visible_series`]): a league hands each area's own with the
/// comparators' it shares with every other area, rather than a copy of
/// them per area.
pub fn rate_visible(
    plan: &Plan,
    ind: &Indicator,
    visible: &[&Observation],
    as_of: NaiveDate,
) -> IndicatorRating {
    // The area's own figures lead a series sorted by area (a league's
    // every one of its 300,000): borrowed where they do, as are its
    // figures with a number where every one has.
    let (own_vec, figures_vec);
    let lead = visible.iter().take_while(|o| o.area == Area::Own).count();
    let own: &[&Observation] = if visible[lead..].iter().any(|o| o.area == Area::Own) {
        own_vec = visible
            .iter()
            .copied()
            .filter(|o| o.area == Area::Own)
            .collect::<Vec<_>>();
        &own_vec
    } else {
        &visible[..lead]
    };
    let figures: &[&Observation] = if own.iter().all(|o| o.value.number().is_some()) {
        own
    } else {
        figures_vec = own
            .iter()
            .copied()
            .filter(|o| o.value.number().is_some())
            .collect::<Vec<_>>();
        &figures_vec
    };
    let mut flags = Vec::new();
    let next_expected = next_expected(ind, own);
    if next_expected.is_some_and(|due| as_of > due) {
        flags.push(Flag::Stale);
    }
    let Some(&latest) = figures.last() else {
        let finding = match own.last() {
            Some(o) => Finding::NoFigure {
                period: o.period,
                word: o.value.word().unwrap_or("missing"),
            },
            None => Finding::NoFigures { as_of },
        };
        return IndicatorRating {
            status: finding.status(),
            reason: finding.words(ind),
            latest: None,
            target: None,
            improve_on: None,
            analysis: Analysis::default(),
            flags,
            next_expected,
            planned: None,
        };
    };
    flags.extend(marks(own, latest));
    let value = latest.value.number().unwrap_or_default();
    // Relative slack: a bound is a bound at any magnitude.
    let eps = EPSILON * value.abs().max(1.0);
    let analysis = analyse(plan, ind, (visible, figures), as_of);

    let l = Reading::of(latest);
    let finding = match &ind.target {
        _ if ind.unit == Unit::Grade => rate_grade(ind, figures, l, as_of),
        None => Finding::Monitored { latest: l },
        Some(Target::Improve) => rate_improve(ind, figures, l, eps),
        Some(Target::Value {
            value: goal,
            by,
            amber,
        }) => rate_value(ind, (figures, own), l, eps, (*goal, *by, *amber), as_of),
    };
    IndicatorRating {
        status: finding.status(),
        reason: finding.words(ind),
        latest: Some(latest.clone()),
        target: finding.judged_against(),
        improve_on: match &finding {
            Finding::Improve { base, .. } => Some(base.period),
            _ => None,
        },
        analysis,
        flags,
        next_expected,
        planned: finding.planned(ind),
    }
}

/// A figure, as the rules judge it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    value: f64,
    period: Period,
}

impl Reading {
    /// A row holding a number (a special value reads as 0; callers pass
    /// only figures).
    fn of(o: &Observation) -> Self {
        Self {
            value: o.value.number().unwrap_or_default(),
            period: o.period,
        }
    }
}

/// What a rating rule found, in numbers. The status, the figure it was
/// judged against and the reason's words all follow from it, the words in
/// one place ([`Finding::words`]), so a rule decides and never writes.
#[derive(Debug, Clone, PartialEq)]
enum Finding {
    /// The newest row is a word (`suppressed`), not a figure.
    NoFigure {
        period: Period,
        word: &'static str,
    },
    NoFigures {
        as_of: NaiveDate,
    },
    /// No target.
    Monitored {
        latest: Reading,
    },
    /// `improve` with nothing yet to improve on.
    FirstFigure {
        latest: Reading,
    },
    /// `improve`, against the baseline (or the first figure).
    Improve {
        latest: Reading,
        base: Reading,
        gain: f64,
        outcome: Change,
    },
    /// A value target.
    Target {
        latest: Reading,
        goal: f64,
        by: Option<Period>,
        /// The latest figure is for a period before the target's `by`: it
        /// is judged against what applies then, and can be on or off
        /// track, never met or missed.
        interim: bool,
        /// What the reader must also hear of the target's deadline.
        deadline: Deadline,
        /// The trajectory's figure for the latest period, where it is not
        /// the final target, and where it comes from.
        expected: Option<(f64, Planned)>,
        /// Better (positive) or worse than the figure that applies.
        gain: f64,
        outcome: Outcome,
    },
}

/// How an `improve` figure compares with its baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Change {
    Improved,
    /// No better (`even`) or worse, with where that leaves it.
    NotImproved {
        even: bool,
        band: Band,
    },
}

/// How a figure compares with a value target.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// At or better than the figure that applies; `ahead` when better.
    Met { ahead: bool },
    /// The target period's own figure is known and short of it, and that
    /// period is over.
    Missed,
    /// Short of the figure that applies.
    Short { band: Band },
}

/// What the reader must hear of a target's deadline beside the rated
/// figure, so that `met` and `missed` are true of the target's own period.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Deadline {
    /// Not passed, or the rated figure is the target's own.
    Quiet,
    /// Passed with no figure for the target's period: the rated figure is
    /// an earlier one. A row for that period published as a special value
    /// (`suppressed`) says so.
    Awaited { published_as: Option<&'static str> },
    /// The rated figure is for a later period than the target's; the
    /// target's own figure (a grade: the judgement standing at the
    /// deadline), if there is one.
    Later { own: Option<Reading> },
}

/// The allowance a shortfall is measured against.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Band {
    /// The indicator's tolerance.
    Tolerance { within: bool },
    /// An amber threshold (moved with the trajectory) or amber grade.
    Amber { threshold: f64, within: bool },
    /// None: a grade has no tolerance.
    Exact,
}

impl Band {
    /// Near within the band; beyond it, off track before the target's
    /// period and off target from it.
    fn status(self, interim: bool) -> Status {
        match self {
            Self::Tolerance { within: true } | Self::Amber { within: true, .. } => Status::Near,
            _ if interim => Status::OffTrack,
            _ => Status::OffTarget,
        }
    }
}

impl Finding {
    fn status(&self) -> Status {
        match self {
            Self::NoFigure { .. } | Self::NoFigures { .. } => Status::NoData,
            Self::Monitored { .. } | Self::FirstFigure { .. } => Status::Monitor,
            Self::Improve { outcome, .. } => match outcome {
                Change::Improved => Status::Met,
                // A grade no better than its baseline is amber; worse, red.
                Change::NotImproved {
                    even: true,
                    band: Band::Exact,
                } => Status::Near,
                Change::NotImproved { band, .. } => band.status(false),
            },
            Self::Target {
                outcome, interim, ..
            } => match outcome {
                Outcome::Met { .. } if *interim => Status::OnTrack,
                Outcome::Met { .. } => Status::Met,
                Outcome::Missed => Status::Missed,
                Outcome::Short { band } => band.status(*interim),
            },
        }
    }

    /// The figure the latest was judged against: the baseline for
    /// `improve`, the trajectory's figure for its period for a value
    /// target (the final target once missed).
    fn judged_against(&self) -> Option<f64> {
        match self {
            Self::Improve { base, .. } => Some(base.value),
            Self::Target {
                goal,
                expected,
                outcome,
                ..
            } => match outcome {
                Outcome::Missed => Some(*goal),
                _ => Some(expected.map_or(*goal, |(planned, _)| planned)),
            },
            _ => None,
        }
    }

    /// What the plan holds for the rated figure's period, in words.
    fn planned(&self, ind: &Indicator) -> Option<String> {
        match self {
            Self::Target {
                latest,
                expected: Some((x, from)),
                ..
            } => Some(Words(ind).planned(*x, *from, latest.period).to_string()),
            _ => None,
        }
    }

    /// The reason, as the analyst reads it beside the rating: prefixed
    /// with the footprint when the figure is another area's (SPEC 1), and
    /// followed by a warning when the target is on the wrong side of its
    /// baseline. Written into one string, part by part.
    fn words(&self, ind: &Indicator) -> String {
        let w = Words(ind);
        let mut out = String::with_capacity(160);
        if let Some(area) = &ind.area {
            out.push_str(area);
            out.push_str(": ");
        }
        // Writing to a string cannot fail.
        let _ = match self {
            Self::NoFigure { period, word } => {
                write!(out, "no figure to rate: {period} is {word}")
            }
            Self::NoFigures { as_of } => {
                write!(
                    out,
                    "no figures as of {}",
                    crate::format::human_date(*as_of)
                )
            }
            Self::Monitored { latest } => {
                write!(out, "no target, monitored: {}", w.reading(*latest))
            }
            Self::FirstFigure { latest } => write!(
                out,
                "target is to improve on the first {}, {}; rated from the next",
                w.noun(),
                w.reading(*latest)
            ),
            Self::Improve {
                latest,
                base,
                gain,
                outcome,
            } => improve_words(&mut out, w, *latest, *base, *gain, *outcome),
            Self::Target { .. } => self.target_words(ind, &mut out),
        };
        if let Some(warning) = wrong_side(ind) {
            out.push_str("; ");
            out.push_str(&warning);
        }
        out
    }
}

/// An `improve` finding in words: the figure against its baseline.
fn improve_words(
    out: &mut String,
    w: Words,
    latest: Reading,
    base: Reading,
    gain: f64,
    outcome: Change,
) -> fmt::Result {
    write!(
        out,
        "{} vs baseline {} ({}): ",
        w.reading(latest),
        w.level(base.value),
        base.period
    )?;
    // A grade's rank changes exactly; any other figure is only
    // above or below its baseline, untested (SPEC 3a), and the
    // target's rule makes that met or not.
    match outcome {
        Change::Improved if w.grade() => write!(out, "improved by {}", w.difference(gain)),
        Change::Improved => write!(out, "met, {}", w.side(latest.value - base.value)),
        Change::NotImproved { even, band } => {
            let how = format::shown(move |f| match (even, w.grade()) {
                (true, true) => f.write_str("no better"),
                (true, false) => f.write_str("the same"),
                (false, true) => write!(f, "{} worse", w.difference(gain)),
                (false, false) => write!(f, "{}", w.side(latest.value - base.value)),
            });
            w.write_against(out, |out| write!(out, "{how}"), band)
        }
    }
}

impl Finding {
    /// A value or grade target's finding in words: the figure against
    /// what applies, how it stands, and what the reader must hear of the
    /// deadline.
    fn target_words(&self, ind: &Indicator, out: &mut String) -> fmt::Result {
        let w = Words(ind);
        let Self::Target {
            latest,
            goal,
            by,
            interim,
            deadline,
            expected,
            gain,
            outcome,
        } = *self
        else {
            return Ok(());
        };
        // The difference read is the difference of the figures
        // printed (76.8% against 70% is 6.8pp, not 6.77pp).
        let against = expected.map_or(goal, |(x, _)| x);
        let gain = if w.grade() {
            gain
        } else {
            ind.polarity
                .gain(format::computed(latest.value), format::computed(against))
                .unwrap_or(gain)
        };
        // The target and its deadline are the indicator's own, labelled
        // once for it (`Labels`); every part is written straight into the
        // reason, a league's 300,000 of them.
        match expected {
            Some((planned, from)) => {
                write!(
                    out,
                    "{} vs {} on the way to ",
                    w.reading(latest),
                    w.planned(planned, from, latest.period),
                )?;
            }
            None => {
                w.write_reading(out, latest)?;
                out.push_str(" vs target ");
            }
        }
        w.write_goal(out, goal)?;
        w.write_by(out, by)?;
        out.push_str(": ");
        match (outcome, deadline) {
            (Outcome::Met { ahead: false }, _) if interim => out.push_str("on track"),
            (Outcome::Met { ahead: true }, _) if interim => {
                out.push_str("on track, ");
                w.write_difference(out, gain)?;
                out.push_str(" ahead");
            }
            (Outcome::Met { ahead: false }, _) => out.push_str("met"),
            (Outcome::Met { ahead: true }, _) => {
                out.push_str("met, ");
                w.write_beyond(out, gain)?;
            }
            (Outcome::Missed, Deadline::Later { own: Some(r) }) => {
                write!(out, "missed: {}", w.own_figure(r))?
            }
            (Outcome::Missed, _) => {
                out.push_str("missed, ");
                w.write_short(out, gain)?;
            }
            (Outcome::Short { band }, _) => {
                w.write_against(out, |out| w.write_short(out, gain), band)?
            }
        }
        // Before the target's period, with nothing planned between
        // now and then, the target itself is what the figure is
        // judged against: say so, since it is years early.
        if interim
            && !w.grade()
            && expected.is_none()
            && ind.baseline.is_none()
            && ind.trajectory.is_empty()
            && by.is_some()
        {
            out.push_str(" (no trajectory: judged against the target itself)");
        }
        // Nothing to add while the deadline is quiet (most rows).
        if deadline == Deadline::Quiet {
            return Ok(());
        }
        write!(out, "{}", w.deadline_note(deadline, outcome, by))
    }
}

/// An indicator's figures in words: a number in its unit, or a grade's
/// word on its scale. Each part is written where its sentence is, not
/// made a string of its own: a league writes 300,000 reasons.
#[derive(Clone, Copy)]
struct Words<'a>(&'a Indicator);

impl<'a> Words<'a> {
    fn grade(self) -> bool {
        self.0.unit == Unit::Grade
    }

    fn noun(self) -> &'static str {
        if self.grade() {
            "grade"
        } else {
            "figure"
        }
    }

    // Each part below is written to a string or a formatter alike
    // (`write_*`): a reason is written into its string with no formatter
    // between, and a part inside another's sentence through `Display`.

    fn write_level(self, f: &mut impl fmt::Write, x: f64) -> fmt::Result {
        if self.grade() {
            f.write_str(&format::grade(x, &self.0.scale))
        } else {
            format::Value(x, self.0.unit, self.0.per).write_to(f)
        }
    }

    fn level(self, x: f64) -> impl fmt::Display + 'a {
        format::shown(move |f| self.write_level(f, x))
    }

    /// `51.6% for 2024/25`, `196 on 31 Oct 2023`; a grade with when it
    /// was given, `Good (inspected 2024-04-22)`.
    fn write_reading(self, f: &mut impl fmt::Write, r: Reading) -> fmt::Result {
        if self.grade() {
            write!(f, "{} {}", self.level(r.value), when(&r.period))
        } else {
            self.write_level(f, r.value)?;
            f.write_str(" ")?;
            format::ForPeriod(r.period).write_to(f)
        }
    }

    fn reading(self, r: Reading) -> impl fmt::Display + 'a {
        format::shown(move |f| self.write_reading(f, r))
    }

    /// The target (`72%`), labelled once for the indicator (`Labels`).
    fn write_goal(self, f: &mut impl fmt::Write, goal: f64) -> fmt::Result {
        match self.0.labels.target.as_deref() {
            Some(label) => {
                debug_assert_eq!(label, self.level(goal).to_string());
                f.write_str(label)
            }
            None => self.write_level(f, goal),
        }
    }

    /// ` by 2024/25`, labelled once for the indicator (`Labels`).
    fn write_by(self, f: &mut impl fmt::Write, by: Option<Period>) -> fmt::Result {
        match (by, self.0.labels.by.as_deref()) {
            (Some(_b), Some(label)) => {
                debug_assert_eq!(label, _b.to_string());
                f.write_str(" by ")?;
                f.write_str(label)
            }
            (Some(b), None) => {
                f.write_str(" by ")?;
                b.write_label(f)
            }
            (None, _) => Ok(()),
        }
    }

    /// What the plan holds for the rated figure's period, named by where
    /// it comes from: `69% planned for 2025/26` (a point, or the line
    /// between two), `the 69% baseline (2025/26)`, or before the first
    /// point `77% planned for 2026/27`.
    fn planned(self, x: f64, from: Planned, period: Period) -> impl fmt::Display + 'a {
        let x = self.level(format::computed(x));
        format::shown(move |f| match from {
            Planned::Baseline(p) => write!(f, "the {x} baseline ({p})"),
            Planned::Point(p) => write!(f, "{x} planned for {p}"),
            Planned::Line => write!(f, "{x} planned for {period}"),
        })
    }

    fn write_difference(self, f: &mut impl fmt::Write, gain: f64) -> fmt::Result {
        if self.grade() {
            f.write_str(&grades(gain))
        } else {
            format::Difference(gain, self.0.unit).write_to(f)
        }
    }

    fn difference(self, gain: f64) -> impl fmt::Display + 'a {
        format::shown(move |f| self.write_difference(f, gain))
    }

    /// What the reader must hear of a target's deadline beside the rated
    /// figure, if anything: `; the deadline has passed and the 2024/25
    /// figure that decides it is not yet published`, `; the 2030/31
    /// figure was 41%`, `; no figure for 2030/31 itself`.
    fn deadline_note(
        self,
        deadline: Deadline,
        outcome: Outcome,
        by: Option<Period>,
    ) -> impl fmt::Display + 'a {
        let by_label = format::shown(move |f| match by {
            Some(b) => write!(f, "{b}"),
            None => Ok(()),
        });
        format::shown(move |f| match deadline {
            Deadline::Quiet => Ok(()),
            // The deadline has passed, but the figure that decides it is
            // not out: the latest is rated on the way there.
            Deadline::Awaited { published_as: None } => write!(
                f,
                "; the deadline has passed and the {by_label} figure that decides it \
                 is not yet published"
            ),
            Deadline::Awaited {
                published_as: Some(word),
            } => write!(
                f,
                "; the deadline has passed and the {by_label} figure that decides it \
                 was published as {word}"
            ),
            Deadline::Later { own: Some(r) } if outcome != Outcome::Missed => {
                write!(f, "; {}", self.own_figure(r))
            }
            Deadline::Later { own: Some(_) } => Ok(()),
            Deadline::Later { own: None } if self.grade() => {
                f.write_str("; no inspection before the deadline")
            }
            Deadline::Later { own: None } => write!(f, "; no figure for {by_label} itself"),
        })
    }

    /// The target's own figure, said beside a later one.
    fn own_figure(self, r: Reading) -> impl fmt::Display + 'a {
        format::shown(move |f| {
            if self.grade() {
                write!(
                    f,
                    "the judgement standing at the deadline was {}",
                    self.reading(r)
                )
            } else {
                write!(f, "the {} figure was {}", r.period, self.level(r.value))
            }
        })
    }

    /// How far a figure is above or below another, as a fact: `0.9pp
    /// above`, `2.4pp below`.
    fn side(self, diff: f64) -> impl fmt::Display + 'a {
        let diff = format::computed(diff);
        format::shown(move |f| {
            write!(
                f,
                "{} {}",
                self.difference(diff.abs()),
                if diff >= 0.0 { "above" } else { "below" }
            )
        })
    }

    /// How far a figure is past its target on the better side: `1pp
    /// above` (`below` for lower-is-better); a grade `1 grade above`.
    fn write_beyond(self, f: &mut impl fmt::Write, gain: f64) -> fmt::Result {
        // A grade's rank is exact: a better grade is a fact.
        let word = match (self.grade(), self.0.polarity) {
            (true, _) => "better",
            (false, Polarity::Lower) => "below",
            (false, _) => "above",
        };
        self.write_difference(f, gain)?;
        f.write_str(" ")?;
        f.write_str(word)
    }

    /// A shortfall: `2.1pp short`, or `3 over` for lower-is-better.
    fn write_short(self, f: &mut impl fmt::Write, gain: f64) -> fmt::Result {
        let word = if !self.grade() && self.0.polarity == Polarity::Lower {
            "over"
        } else {
            "short"
        };
        self.write_difference(f, gain)?;
        f.write_str(" ")?;
        f.write_str(word)
    }

    /// A shortfall (written by `shortfall`) and where it leaves the figure
    /// against its band.
    fn write_against<W: fmt::Write>(
        self,
        f: &mut W,
        shortfall: impl Fn(&mut W) -> fmt::Result,
        band: Band,
    ) -> fmt::Result {
        shortfall(f)?;
        match band {
            Band::Exact => Ok(()),
            Band::Tolerance { within } => {
                f.write_str(if within { ", within " } else { ", beyond " })?;
                f.write_str(&self.0.labels.tolerance)?;
                f.write_str(" tolerance")
            }
            Band::Amber { threshold, within } if self.grade() => write!(
                f,
                ", {} the amber grade {}",
                if within { "at or above" } else { "below" },
                self.level(threshold)
            ),
            Band::Amber { threshold, within } => write!(
                f,
                ", {} the amber threshold of {}",
                if within { "within" } else { "beyond" },
                self.level(format::computed(threshold))
            ),
        }
    }
}

/// `improve`: better than the baseline, or than the first figure.
fn rate_improve(ind: &Indicator, figures: &[&Observation], latest: Reading, eps: f64) -> Finding {
    let Some(base) = reference(ind, figures) else {
        return Finding::FirstFigure { latest };
    };
    let gain = ind
        .polarity
        .gain(latest.value, base.value)
        .unwrap_or_default();
    let outcome = if gain > eps {
        Change::Improved
    } else {
        Change::NotImproved {
            even: gain.abs() <= eps,
            band: Band::Tolerance {
                within: within_band(gain, band_width(ind, base.value), eps),
            },
        }
    };
    Finding::Improve {
        latest,
        base,
        gain,
        outcome,
    }
}

/// What an `improve` target improves on: the baseline, or with none the
/// first figure once there is a second.
fn reference(ind: &Indicator, figures: &[&Observation]) -> Option<Reading> {
    let first = || (figures.len() > 1).then(|| Reading::of(figures[0]));
    ind.baseline
        .as_ref()
        .map(|b| Reading {
            value: b.value,
            period: b.period,
        })
        .or_else(first)
}

/// Whether a figure for `period` decides a target due `by`: it is for
/// the target's own period or a later one (SPEC 3), or the target has no
/// date. An inspection is an event, not a period's figure: one given
/// within the target's period decides it.
fn decides(ind: &Indicator, period: Period, by: Option<Period>) -> bool {
    by.is_none_or(|by| {
        if ind.unit == Unit::Grade {
            period.last >= by.first
        } else {
            period.last >= by.last
        }
    })
}

/// A value target, by a date or not, through its trajectory, against its
/// tolerance or amber threshold. Only the figure for the target's period
/// misses it; an earlier one is on or off track against what the
/// trajectory plans for its period, and a later one is judged against the
/// target with what the target's own figure was said beside it.
fn rate_value(
    ind: &Indicator,
    (figures, own): (&[&Observation], &[&Observation]),
    latest: Reading,
    eps: f64,
    (goal, by, amber): (f64, Option<Period>, Option<f64>),
    as_of: NaiveDate,
) -> Finding {
    let interim = !decides(ind, latest.period, by);
    // An interpolated target is judged as it is printed (`70 planned`),
    // so the shortfall read beside it is the difference of the two.
    let planned = interim
        .then(|| planned_at(ind, latest.period.last))
        .flatten()
        .map(|(x, from)| (format::computed(x), from));
    let applies = planned.map_or(goal, |(x, _)| x);
    let gain = ind.polarity.gain(latest.value, applies).unwrap_or_default();
    let passed = by.is_some_and(|b| as_of > b.last);
    fn of_period<'o>(rows: &[&'o Observation], b: Period) -> Option<&'o Observation> {
        rows.iter().rev().find(|o| o.period.last == b.last).copied()
    }
    let deadline = match by {
        Some(b) if interim && passed => Deadline::Awaited {
            published_as: of_period(own, b).and_then(|o| o.value.word()),
        },
        Some(b) if !interim && latest.period.last > b.last => Deadline::Later {
            own: of_period(figures, b).map(Reading::of),
        },
        _ => Deadline::Quiet,
    };
    let short = |value: f64| ind.polarity.gain(value, goal).unwrap_or_default() < -eps;
    // Missed: the target's own figure is in, short, and its period over.
    let missed = passed
        && !interim
        && match deadline {
            Deadline::Later { own } => own.is_some_and(|r| short(r.value)),
            _ => true,
        };
    let outcome = if gain >= -eps {
        Outcome::Met { ahead: gain > eps }
    } else if missed {
        Outcome::Missed
    } else {
        let band = match amber {
            Some(amber) => {
                // The amber threshold moves with the trajectory, keeping
                // its distance from the target.
                let threshold = amber + (applies - goal);
                let within = ind
                    .polarity
                    .gain(latest.value, threshold)
                    .unwrap_or_default()
                    >= -eps;
                Band::Amber { threshold, within }
            }
            None => Band::Tolerance {
                within: within_band(gain, band_width(ind, applies), eps),
            },
        };
        Outcome::Short { band }
    };
    Finding::Target {
        latest,
        goal,
        by,
        interim,
        deadline,
        expected: planned.filter(|(a, _)| (a - goal).abs() > eps),
        gain,
        outcome,
    }
}

/// A target set on the wrong side of its baseline (below it when higher is
/// better, above it when lower is), as a warning for the reason: the plan
/// loader is not evaluation's to change, so the rating says it
/// (docs/decisions.md).
fn wrong_side(ind: &Indicator) -> Option<String> {
    let Some(Target::Value { value: goal, .. }) = &ind.target else {
        return None;
    };
    let base = ind.baseline.as_ref().filter(|_| ind.unit != Unit::Grade)?;
    let gain = ind.polarity.gain(*goal, base.value)?;
    if gain >= 0.0 {
        return None;
    }
    let shown = |x: f64| format::value(x, ind.unit, ind.per);
    let (side, better) = match ind.polarity {
        Polarity::Lower => ("above", "lower"),
        _ => ("below", "higher"),
    };
    Some(format!(
        "check the plan: the target {} is {side} the baseline {} ({}) \
         for a {better}-is-better indicator",
        shown(*goal),
        shown(base.value),
        base.period
    ))
}

/// How many grades apart two ranks are: `1 grade`, `2 grades`.
fn grades(n: f64) -> String {
    let n = n.abs().round() as u64;
    if n == 1 {
        "1 grade".into()
    } else {
        format!("{n} grades")
    }
}

/// Where a grade was given: `(inspected 2024-04-22)` for a day, `for
/// 2023/24` for a longer period.
fn when(period: &Period) -> String {
    if period.kind == PeriodKind::Day {
        format!("(inspected {period})")
    } else {
        format!("for {period}")
    }
}

/// Rates a grade by rank on its scale: met at or above the target grade;
/// at an `amber` grade near; below, off target (a grade has no
/// tolerance); `missed` once the target's `by` (plus lag) has passed
/// below it. `improve` is met by a better grade than the baseline's.
fn rate_grade(
    ind: &Indicator,
    figures: &[&Observation],
    latest: Reading,
    as_of: NaiveDate,
) -> Finding {
    match &ind.target {
        None => Finding::Monitored { latest },
        Some(Target::Improve) => {
            let Some(base) = reference(ind, figures) else {
                return Finding::FirstFigure { latest };
            };
            let gain = latest.value - base.value;
            let outcome = if gain > 0.0 {
                Change::Improved
            } else {
                Change::NotImproved {
                    even: gain == 0.0,
                    band: Band::Exact,
                }
            };
            Finding::Improve {
                latest,
                base,
                gain,
                outcome,
            }
        }
        Some(Target::Value {
            value: goal,
            by,
            amber,
        }) => {
            let gain = latest.value - goal;
            // A judgement stands until the next inspection: once the
            // deadline has passed, the one standing then decides.
            let passed = by.is_some_and(|b| as_of > b.last);
            let interim = !passed && !decides(ind, latest.period, *by);
            let deadline = match by {
                Some(b) if latest.period.last > b.last => Deadline::Later {
                    own: figures
                        .iter()
                        .rev()
                        .find(|o| o.period.last <= b.last)
                        .map(|o| Reading::of(o)),
                },
                _ => Deadline::Quiet,
            };
            let missed = passed
                && match deadline {
                    Deadline::Later { own } => own.is_some_and(|r| r.value < *goal),
                    _ => true,
                };
            let outcome = if gain >= 0.0 {
                Outcome::Met { ahead: gain > 0.0 }
            } else if missed {
                Outcome::Missed
            } else {
                Outcome::Short {
                    band: match amber {
                        Some(a) => Band::Amber {
                            threshold: *a,
                            within: latest.value >= *a,
                        },
                        None => Band::Exact,
                    },
                }
            };
            Finding::Target {
                latest,
                goal: *goal,
                by: *by,
                interim,
                deadline,
                expected: None,
                gain,
                outcome,
            }
        }
    }
}
