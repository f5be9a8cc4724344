//! The board pack: the whole plan as a Health and Wellbeing Board reads
//! it, as of a date. A model with everything the HTML and Markdown
//! renderers need, charts' data included; rendering is elsewhere. A board
//! paper is read in order (what moved, one scorecard of every measure,
//! then exception reports), so the model decides which items earn a full
//! report and how much chart a series earns, and both renderers follow.

mod since;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::diff::Diff;
use crate::eval::{
    evaluate, visible_series, Direction, Evaluation, Flag, Kind, Rag, Rollup, Status, StatusRow,
};
use crate::measure::{Area, Measurements, Observation};
use crate::period::{Period, PeriodKind};
use crate::plan::{Cadence, Indicator, Plan, Target, Unit};
use crate::stats::spc::{Assurance, Variation};
use crate::stats::trend::TrendLabel;

pub use since::{what_happened, Moved, Movement, NewFigures, SinceLastBoard};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartPoint {
    pub label: Label,
    pub day: NaiveDate,
    pub value: f64,
    /// The point's SPC variation, for the points of the stretch the process
    /// limits were computed over (as `status` rated them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variation: Option<Variation>,
    /// A period is missing between the point before and this one: the line
    /// breaks rather than drawing through a year nobody measured.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gap_before: bool,
}

impl ChartPoint {
    /// A point with no SPC variation and no gap before it.
    pub fn new(label: impl Into<Label>, day: NaiveDate, value: f64) -> Self {
        Self {
            label: label.into(),
            day,
            value,
            variation: None,
            gap_before: false,
        }
    }
}

/// A chart point's label, its period's: one string shared by every point
/// that names it, since the pack holds every chart until the page is
/// written, and a plan of 100,000 indicators over 25 years has five
/// million points naming 25 periods. An `Arc<String>` rather than an
/// `Arc<str>`, whose pointer is twice the size: a point is 24 bytes, not
/// 32.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Label(Arc<String>);

impl Label {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Label {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Label {
    fn borrow(&self) -> &str {
        self
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Label {
    fn from(s: String) -> Self {
        Self(Arc::new(s))
    }
}

impl From<&str> for Label {
    fn from(s: &str) -> Self {
        Self::from(s.to_string())
    }
}

/// The labels the pack's charts have named so far, each held once. Found
/// by their text, not by period: periods of two kinds can cover the same
/// days under different labels.
#[derive(Default)]
struct Labels(HashSet<Label>);

impl Labels {
    fn of(&mut self, period: &Period) -> Label {
        let text = period.to_string();
        if let Some(label) = self.0.get(text.as_str()) {
            return label.clone();
        }
        let label = Label::from(text);
        self.0.insert(label.clone());
        label
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSeries {
    pub name: String,
    pub points: Vec<ChartPoint>,
}

/// SPC process limits over the stretch they were computed for, and what
/// the analysis says of the latest point, for the chart's MDC icons.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChartLimits {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub variation: Variation,
    /// Every figure in the stretch is the same: no variation to speak of.
    pub no_variation: bool,
    pub assurance: Option<Assurance>,
}

/// The data behind one indicator's chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub unit: Unit,
    pub per: Option<f64>,
    /// A grade's scale, worst first: the value axis is its words and the
    /// series steps from one inspection to the next.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<String>,
    pub own: ChartSeries,
    pub comparators: Vec<ChartSeries>,
    /// Baseline, trajectory and target, to draw as one line; a target with
    /// no date is a level line.
    pub target: Vec<ChartPoint>,
    pub target_level: Option<f64>,
    /// The target is `improve`: `target_level` is the baseline to beat, a
    /// reference line rather than a number to reach.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub improve: bool,
    pub limits: Option<ChartLimits>,
}

impl Chart {
    /// A short series in words, each figure with its period: `80.7%
    /// (2022/23) → 75.9% (2024/25)`. Fewer than five points show no
    /// pattern a line would make clearer, and two dots on a line read as
    /// more than they are.
    pub(crate) fn in_words(&self) -> String {
        self.own
            .points
            .iter()
            .map(|p| {
                format!(
                    "{} ({})",
                    crate::format::figure(p.value, self.unit, self.per, &self.scale),
                    p.label
                )
            })
            .collect::<Vec<_>>()
            .join(" \u{2192} ")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub row: StatusRow,
    /// The wider footprint an indicator's figures are for, when it is not
    /// the plan's area: shown beside the figure.
    pub footprint: Option<String>,
    pub chart: Option<Chart>,
}

/// Points from which a series shows a pattern worth a full chart: the five
/// of Fingertips' recent trend.
pub const PATTERN_POINTS: usize = 5;

/// How much chart a series earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Enough points to show a pattern: axes, target, comparators.
    Chart,
    /// Two to four points: a line in the row's own space.
    Sparkline,
    /// One point, or none: the figure says it all.
    Figure,
}

impl Item {
    pub fn detail(&self) -> Detail {
        match self.chart.as_ref().map_or(0, |c| c.own.points.len()) {
            n if n >= PATTERN_POINTS => Detail::Chart,
            n if n >= 2 => Detail::Sparkline,
            _ => Detail::Figure,
        }
    }
}

/// Why an item gets an exception report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Because {
    /// Red: off track, off target, missed or overdue.
    Red { status: Status },
    /// Its rating is worse than at the last board (a milestone slipped).
    WorseSince { since: NaiveDate, was: String },
    /// The latest figure is worse than the one before.
    Worsening { text: String },
    /// Fingertips' recent trend says it is getting worse.
    TrendWorse { label: TrendLabel },
    /// SPC: the latest point is special cause concern.
    SpcConcern { variation: String },
}

impl Because {
    /// The reason in words, for a reader of the report.
    pub fn words(&self) -> String {
        match self {
            Self::Red { status } => format!("red: {}", status.words()),
            Self::WorseSince { since, was } => format!(
                "worse than at the board of {}, when it was {was}",
                crate::format::human_date(*since)
            ),
            // The trend's text already says "worsening from ...".
            Self::Worsening { text } => format!("the latest figure is {text}"),
            Self::TrendWorse { label } => format!("the 5-point trend is {}", label.words()),
            Self::SpcConcern { variation } => format!("SPC shows {variation}"),
        }
    }
}

/// The most exceptions page 1 lists one to a row, in every format; the
/// rest follow in the exception reports, counted.
pub const AT_A_GLANCE: usize = 25;

/// How many rows of each rating `rows` hold: a band's badges, counted
/// from the rows listed beneath it.
pub fn ratings<'a>(rows: impl Iterator<Item = &'a Item>) -> BTreeMap<Rag, usize> {
    let mut counts = BTreeMap::new();
    for it in rows {
        *counts.entry(it.row.rag).or_insert(0) += 1;
    }
    counts
}

/// An item the board reads in full: everything red, and what turned worse.
#[derive(Debug, Clone, Serialize)]
pub struct Exception {
    /// The scorecard's own item, shared, not copied: most of a large plan
    /// can be exceptions.
    #[serde(flatten)]
    pub item: Arc<Item>,
    pub because: Vec<Because>,
}

impl Exception {
    /// Why page 1 lists it: a red row's own reason, else what turned worse.
    pub fn why(&self) -> String {
        if self.item.row.rag == Rag::Red {
            self.item.row.reason.clone()
        } else {
            let because: Vec<String> = self.because.iter().map(Because::words).collect();
            super::words::capitalised(&because.join("; "))
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentSection {
    pub rollup: Rollup,
    pub items: Vec<Arc<Item>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrioritySection {
    pub rollup: Rollup,
    pub aims: Vec<String>,
    /// Items that belong to the priority directly.
    pub items: Vec<Arc<Item>>,
    pub commitments: Vec<CommitmentSection>,
}

/// How current the data is.
#[derive(Debug, Clone, Serialize)]
pub struct Freshness {
    pub indicators: usize,
    pub stale: usize,
    pub no_data: usize,
    /// The most recent day a figure became known, on or before the as-of date.
    pub newest: Option<NaiveDate>,
}

impl Freshness {
    /// `Data freshness: 58 indicators, 5 stale (a newer figure is due), ...`
    pub fn sentence(&self) -> String {
        format!(
            "Data freshness: {} indicators, {} stale (a newer figure is due), {} with no data{}.",
            self.indicators,
            self.stale,
            self.no_data,
            self.newest
                .map(|d| format!(
                    "; the newest figure became known on {}",
                    crate::format::human_date(d)
                ))
                .unwrap_or_default()
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    pub title: String,
    pub area: String,
    pub vision: Option<String>,
    pub comparators: Vec<String>,
    pub as_of: NaiveDate,
    pub summary: BTreeMap<Rag, usize>,
    /// The summary's counts for indicators and milestones apart, so that
    /// a count names the kind of row it counts.
    pub indicators: BTreeMap<Rag, usize>,
    pub milestone_counts: BTreeMap<Rag, usize>,
    pub freshness: Freshness,
    /// What changed since the last board, when the pack is asked for it.
    pub since: Option<SinceLastBoard>,
    /// The filters the pack was narrowed by, in words (none: the whole
    /// plan): every count in a narrowed pack is of the rows it kept.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub narrowed: Vec<String>,
    /// With `since`: each row's rating at the last board, by id.
    #[serde(skip)]
    previous: HashMap<String, (Rag, Status)>,
    /// The scorecard: every item, grouped by priority and commitment.
    pub priorities: Vec<PrioritySection>,
    /// Every red, missed and overdue item, and every one that turned
    /// worse, in plan order: the reports a board reads in full.
    pub exceptions: Vec<Exception>,
    /// Every milestone, by due date (undated last).
    pub milestones: Vec<StatusRow>,
    /// Where each item is, so that a renderer finds an item's report or
    /// section without scanning the pack for each row.
    #[serde(skip)]
    index: PackIndex,
}

#[derive(Debug, Clone, Default)]
struct PackIndex {
    exceptions: HashSet<String>,
    milestones: HashSet<String>,
    /// A priority's position by id, and a commitment's (priority, position).
    priorities: HashMap<String, usize>,
    commitments: HashMap<String, (usize, usize)>,
}

impl PackIndex {
    fn of(
        priorities: &[PrioritySection],
        exceptions: &[Exception],
        milestones: &[StatusRow],
    ) -> Self {
        let mut index = Self {
            exceptions: exceptions
                .iter()
                .map(|e| e.item.row.id.to_string())
                .collect(),
            milestones: milestones.iter().map(|m| m.id.to_string()).collect(),
            ..Self::default()
        };
        for (i, s) in priorities.iter().enumerate() {
            index.priorities.entry(s.rollup.id.clone()).or_insert(i);
            for (j, c) in s.commitments.iter().enumerate() {
                index
                    .commitments
                    .entry(c.rollup.id.clone())
                    .or_insert((i, j));
            }
        }
        index
    }
}

impl Pack {
    /// A row's rating at the last board, when the pack is since one.
    pub fn previous(&self, id: &str) -> Option<(Rag, Status)> {
        self.previous.get(id).copied()
    }

    /// Whether the item has an exception report.
    pub fn has_exception(&self, id: &str) -> bool {
        self.index.exceptions.contains(id)
    }

    pub fn is_milestone(&self, id: &str) -> bool {
        self.index.milestones.contains(id)
    }

    pub fn is_commitment(&self, id: &str) -> bool {
        self.index.commitments.contains_key(id)
    }

    /// The titles of a row's priority and, where it has one, commitment:
    /// the context a report read away from the scorecard needs.
    pub fn context_of(&self, row: &StatusRow) -> Option<(&str, Option<&str>)> {
        let s = &self.priorities[*self.index.priorities.get(&*row.priority)?];
        let commitment = row
            .commitment
            .as_deref()
            .and_then(|c| self.index.commitments.get(c))
            .and_then(|&(i, j)| self.priorities.get(i)?.commitments.get(j))
            .map(|c| c.rollup.title.as_str());
        Some((s.rollup.title.as_str(), commitment))
    }

    /// How many exception reports follow, red and turned worse: the
    /// summary's last line, the same in every format.
    pub fn exceptions_sentence(&self) -> String {
        let red = self.red_exceptions();
        let n = self.exceptions.len();
        format!(
            "{n} exception {} the scorecard: {red} red, {} turned worse.",
            if n == 1 {
                "report follows"
            } else {
                "reports follow"
            },
            n - red
        )
    }

    /// An indicator with no target that did not turn worse: nothing to
    /// rate it against, so the board reads it for context, after the rated
    /// rows, rather than among them.
    pub fn is_context(&self, it: &Item) -> bool {
        let row = &it.row;
        row.kind == Kind::Indicator
            && row.target.is_none()
            && !row.improve
            && !self.has_exception(&row.id)
    }

    /// A group's rated rows, as the scorecard lists them: its indicators,
    /// then its milestones, each in plan order, without those read for
    /// context.
    pub fn rated<'a>(&'a self, items: &'a [Arc<Item>]) -> impl Iterator<Item = &'a Item> {
        let of = move |kind: Kind| {
            items
                .iter()
                .map(Arc::as_ref)
                .filter(move |i| i.row.kind == kind && !self.is_context(i))
        };
        of(Kind::Indicator).chain(of(Kind::Milestone))
    }

    /// A priority's rated rows, its commitments' included.
    pub fn rated_in<'a>(&'a self, s: &'a PrioritySection) -> impl Iterator<Item = &'a Item> {
        self.rated(&s.items)
            .chain(s.commitments.iter().flat_map(|c| self.rated(&c.items)))
    }

    /// Every row of the scorecard, in its order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.priorities.iter().flat_map(|s| self.items_of(s))
    }

    /// A priority's rows, its commitments' included.
    pub fn items_of<'a>(&'a self, s: &'a PrioritySection) -> impl Iterator<Item = &'a Item> {
        s.items
            .iter()
            .chain(s.commitments.iter().flat_map(|c| &c.items))
            .map(Arc::as_ref)
    }

    /// The comparators the scorecard has a column for, and those it has
    /// not: a column empty in every rated row says nothing, so it is
    /// dropped and the legend says why.
    pub fn compared(&self) -> (Vec<&str>, Vec<&str>) {
        self.comparators
            .iter()
            .map(String::as_str)
            .partition(|name| {
                self.items().filter(|it| !self.is_context(it)).any(|it| {
                    it.row
                        .benchmark
                        .iter()
                        .any(|c| *c.comparator == **name && c.value.is_some())
                })
            })
    }

    /// What a narrowed pack leaves out, said where a reader starts: none
    /// for the whole plan.
    pub fn narrowed_sentence(&self) -> Option<String> {
        (!self.narrowed.is_empty()).then(|| {
            format!(
                "Narrowed to {}: every count in this pack is of the rows it keeps, \
                 not of the whole plan.",
                self.narrowed.join("; ")
            )
        })
    }

    /// The exception reports for red items (the rest turned worse).
    pub fn red_exceptions(&self) -> usize {
        self.exceptions
            .iter()
            .filter(|e| e.item.row.rag == Rag::Red)
            .count()
    }
}

/// The length of one step of a regular sequence of `kind`, in days, where
/// the kind itself says it: a month, a quarter or a year. Rolling and
/// pooled years overlap and days are snapshots, so their step is the
/// cadence's, or what the series shows.
fn natural_step(kind: PeriodKind) -> Option<f64> {
    match kind {
        PeriodKind::Month => Some(YEAR_DAYS / 12.0),
        PeriodKind::CalendarQuarter | PeriodKind::FinancialQuarter => Some(YEAR_DAYS / 4.0),
        PeriodKind::FinancialYear | PeriodKind::AcademicYear | PeriodKind::CalendarYear => {
            Some(YEAR_DAYS)
        }
        PeriodKind::Day | PeriodKind::RollingYear | PeriodKind::PooledYears | PeriodKind::Term => {
            None
        }
    }
}

const YEAR_DAYS: f64 = 365.25;

/// For each of `periods` (in order), whether a period of the regular
/// sequence is missing between it and the one before: adjacent periods
/// never miss one; otherwise the step between their ends is more than one
/// and a half regular steps (a year, from the kind or the cadence; for
/// rolling years and terms without a cadence, the shortest step the series
/// takes). Snapshots on days with no cadence have no regular sequence.
fn gaps(periods: &[Period], cadence: Option<Cadence>, grade: bool) -> Vec<bool> {
    let cadence = cadence.map(|c| match c.span() {
        crate::period::Span::Days(d) => f64::from(d),
        crate::period::Span::Months(m) => f64::from(m) * YEAR_DAYS / 12.0,
    });
    let steps: Vec<f64> = periods
        .windows(2)
        .map(|w| (w[1].last - w[0].last).num_days() as f64)
        .collect();
    let kind = periods.first().map(|p| p.kind);
    let regular = match (cadence, kind.and_then(natural_step)) {
        (Some(c), Some(n)) => Some(c.max(n)),
        (Some(c), None) => Some(c),
        (None, Some(n)) => Some(n),
        (None, None) if kind == Some(PeriodKind::Day) || steps.len() < 2 => None,
        (None, None) => steps
            .iter()
            .copied()
            .filter(|s| *s > 0.0)
            .min_by(f64::total_cmp),
    };
    let mut out = vec![false; periods.len()];
    if grade {
        // Inspections come when they come: a grade has no regular sequence.
        return out;
    }
    for (i, w) in periods.windows(2).enumerate() {
        let adjacent = w[0].last.succ_opt() == Some(w[1].first);
        out[i + 1] = !adjacent && regular.is_some_and(|r| steps[i] > 1.5 * r);
    }
    out
}

fn chart(
    plan: &Plan,
    ind: &Indicator,
    series: &[Observation],
    row: &StatusRow,
    as_of: NaiveDate,
    labels: &mut Labels,
) -> Option<Chart> {
    let visible = visible_series(series, as_of);
    // The points are counted before they are made, so that each vector,
    // held until the page is written, is no longer than its points.
    let mut points_of = |area: Area| -> Vec<ChartPoint> {
        let figures: Vec<(Period, f64)> = visible
            .iter()
            .filter(|o| o.area == area)
            .filter_map(|o| Some((o.period, o.value.number()?)))
            .collect();
        let periods: Vec<Period> = figures.iter().map(|(p, _)| *p).collect();
        let gaps = gaps(&periods, ind.cadence, ind.unit == Unit::Grade);
        figures
            .iter()
            .zip(gaps)
            .map(|(&(period, value), gap_before)| ChartPoint {
                gap_before,
                ..ChartPoint::new(labels.of(&period), period.last, value)
            })
            .collect()
    };
    let mut own = points_of(Area::Own);
    if own.is_empty() {
        return None;
    }
    let mut comparators: Vec<ChartSeries> = plan
        .comparators
        .iter()
        .enumerate()
        .map(|(c, name)| ChartSeries {
            name: name.to_string(),
            points: points_of(Area::Comparator(c as u16)),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    // Collected through a filter, the vector has room for four.
    comparators.shrink_to_fit();
    let (target, target_level) = target_line(ind, row, labels);
    let limits = spc_limits(row, &mut own);
    Some(Chart {
        id: ind.id.to_string(),
        title: ind.title.to_string(),
        unit: ind.unit,
        per: ind.per,
        scale: ind.scale.clone(),
        own: ChartSeries {
            name: plan.area.clone(),
            points: own,
        },
        comparators,
        target,
        target_level,
        improve: matches!(ind.target, Some(Target::Improve)),
        limits,
    })
}

/// The target as a chart draws it: a line from the baseline through the
/// trajectory to the target, or a level (a grade's target, a target with
/// no date, the baseline to improve on).
fn target_line(
    ind: &Indicator,
    row: &StatusRow,
    labels: &mut Labels,
) -> (Vec<ChartPoint>, Option<f64>) {
    let mut point =
        |period: &Period, value: f64| ChartPoint::new(labels.of(period), period.last, value);
    match &ind.target {
        // A grade's target is a level: there is nothing between grades.
        Some(Target::Value { value, .. }) if ind.unit == Unit::Grade => (Vec::new(), Some(*value)),
        Some(Target::Value {
            value,
            by: Some(by),
            ..
        }) => {
            let mut line: Vec<ChartPoint> = ind
                .baseline
                .iter()
                .chain(&ind.trajectory)
                .map(|p| point(&p.period, p.value))
                .collect();
            line.push(point(by, *value));
            (line, None)
        }
        Some(Target::Value {
            value, by: None, ..
        }) => (Vec::new(), Some(*value)),
        Some(Target::Improve) => (Vec::new(), row.target),
        None => (Vec::new(), None),
    }
}

/// The SPC limits over the own series since the latest rebase, each point
/// marked with its variation from the analysis `status` made.
fn spc_limits(row: &StatusRow, own: &mut [ChartPoint]) -> Option<ChartLimits> {
    // The SPC stretch is the own series since the latest rebase, point for
    // point the figures `status` analysed: each takes its variation from
    // that same analysis.
    row.spc.as_ref().and_then(|s| {
        let r = s.result.as_ref()?;
        let in_stretch = |p: &ChartPoint| s.since.is_none_or(|d| p.day >= d);
        let stretch: Vec<&mut ChartPoint> = own.iter_mut().filter(|p| in_stretch(p)).collect();
        let (from, to) = (stretch.first()?.day, stretch.last()?.day);
        if stretch.len() == r.points.len() {
            for (p, spc) in stretch.into_iter().zip(&r.points) {
                p.variation = Some(spc.variation);
            }
        }
        Some(ChartLimits {
            mean: r.limits.mean,
            lower: r.limits.lower,
            upper: r.limits.upper,
            from,
            to,
            variation: r.variation,
            no_variation: r.no_variation,
            assurance: r.assurance,
        })
    })
}

/// Builds the pack for `as_of`, from the evaluation `cfp status` makes.
/// It takes the measurements, letting each indicator's figures go once
/// its chart is drawn: a large plan's figures and its charts are never
/// all held at once.
pub fn pack(plan: &Plan, m: Measurements, as_of: NaiveDate) -> Pack {
    let eval = evaluate(plan, &m, as_of);
    build(plan, m, eval, None)
}

/// Builds the pack from an evaluation made already (a narrowed one).
pub fn pack_of(plan: &Plan, m: Measurements, eval: Evaluation) -> Pack {
    build(plan, m, eval, None)
}

/// Builds the pack that opens with what changed since the last board: the
/// diff's later side is the evaluation the pack shows, so that the changes
/// and the scorecard cannot disagree.
pub fn pack_since(plan: &Plan, m: Measurements, diff: &Diff) -> Pack {
    build(plan, m, diff.after.clone(), Some(diff))
}

/// Why `row` is an exception, if it is one.
fn because(row: &StatusRow, worse_since: Option<(NaiveDate, &Moved)>) -> Vec<Because> {
    let mut out = Vec::new();
    if row.rag == Rag::Red {
        out.push(Because::Red { status: row.status });
    }
    if let Some((since, moved)) = worse_since {
        out.push(Because::WorseSince {
            since,
            was: moved.change.from.clone().unwrap_or_default(),
        });
    }
    if let Some(t) = row
        .trend
        .as_ref()
        .filter(|t| t.direction == Direction::Worsening)
    {
        out.push(Because::Worsening {
            text: row.direction_text(t),
        });
    }
    if let Some(r) = row.recent_trend.as_ref().filter(|r| {
        matches!(
            r.label,
            TrendLabel::IncreasingWorse | TrendLabel::DecreasingWorse
        )
    }) {
        out.push(Because::TrendWorse { label: r.label });
    }
    if let Some(s) = row.spc.as_ref() {
        if let Some(spc) = s.result.as_ref().filter(|r| !r.no_variation) {
            if matches!(spc.variation, Variation::Concern(_)) {
                out.push(Because::SpcConcern {
                    variation: spc.variation.words(),
                });
            }
        }
    }
    out
}

/// The evaluation is taken whole: its rows move into the pack's items
/// rather than being copied, so that a plan of many indicators is held
/// once.
fn build(plan: &Plan, m: Measurements, mut eval: Evaluation, diff: Option<&Diff>) -> Pack {
    let as_of = eval.as_of;
    let since = diff.map(|d| SinceLastBoard::of(d, plan));
    let zero = || -> BTreeMap<Rag, usize> { Rag::ALL.iter().map(|r| (*r, 0)).collect() };
    let (mut summary, mut indicators, mut milestone_counts) = (zero(), zero(), zero());
    for r in &eval.rows {
        *summary.entry(r.rag).or_default() += 1;
        let by_kind = match r.kind {
            Kind::Indicator => &mut indicators,
            Kind::Milestone => &mut milestone_counts,
        };
        *by_kind.entry(r.rag).or_default() += 1;
    }
    let milestones = milestones(&eval);
    let freshness = Freshness::of(&m, &eval);
    let rows = std::mem::take(&mut eval.rows);
    let priorities = sections(plan, m, &eval, rows);
    let exceptions = exceptions(&priorities, since.as_ref());
    Pack {
        title: plan.title.clone(),
        area: plan.area.clone(),
        vision: plan.vision.clone(),
        comparators: plan.benchmarks(),
        as_of,
        summary,
        indicators,
        milestone_counts,
        freshness,
        since,
        narrowed: Vec::new(),
        previous: diff
            .map(|d| {
                d.before
                    .rows
                    .iter()
                    .map(|r| (r.id.to_string(), (r.rag, r.status)))
                    .collect()
            })
            .unwrap_or_default(),
        index: PackIndex::of(&priorities, &exceptions, &milestones),
        priorities,
        exceptions,
        milestones,
    }
}

/// A section per priority, its own items then a section per commitment,
/// each item with its chart.
fn sections(
    plan: &Plan,
    mut m: Measurements,
    eval: &Evaluation,
    rows: Vec<StatusRow>,
) -> Vec<PrioritySection> {
    let as_of = eval.as_of;
    // Indexes, so that the pack is linear in its rows: each indicator by
    // id (the first of a repeated id, as a search would find), and the rows
    // of each priority (outside any commitment) and of each commitment.
    let mut indicator_at: HashMap<&str, usize> = HashMap::new();
    for (i, ind) in plan.indicators.iter().enumerate() {
        indicator_at.entry(ind.id.as_ref()).or_insert(i);
    }
    let mut labels = Labels::default();
    let mut item = |row: StatusRow| -> Arc<Item> {
        let at = (row.kind == Kind::Indicator)
            .then(|| indicator_at.get(row.id.as_ref()).copied())
            .flatten();
        Arc::new(Item {
            footprint: at.and_then(|i| plan.indicators[i].area.clone()),
            // The indicator's figures go once charted (see `pack`).
            chart: at.and_then(|i| {
                let series = m.series.get_mut(i).map(std::mem::take);
                let series = series.unwrap_or_default();
                chart(plan, &plan.indicators[i], &series, &row, as_of, &mut labels)
            }),
            row,
        })
    };
    let mut direct: HashMap<String, Vec<Arc<Item>>> = HashMap::new();
    let mut in_commitment: HashMap<String, Vec<Arc<Item>>> = HashMap::new();
    // The rows move into the items one by one, their vector given back as
    // they go, so that a large plan's rows are not held twice over.
    for r in crate::memory::giving_back(rows) {
        match r.commitment.clone() {
            None => direct
                .entry(r.priority.to_string())
                .or_default()
                .push(item(r)),
            Some(c) => in_commitment
                .entry(c.to_string())
                .or_default()
                .push(item(r)),
        }
    }
    let items = |map: &mut HashMap<String, Vec<Arc<Item>>>, id: &str| -> Vec<Arc<Item>> {
        map.remove(id).unwrap_or_default()
    };
    let mut commitments_of: HashMap<&str, Vec<&Rollup>> = HashMap::new();
    for c in &eval.commitments {
        if let Some(p) = &c.priority {
            commitments_of.entry(p.as_str()).or_default().push(c);
        }
    }
    eval.priorities
        .iter()
        .map(|p| PrioritySection {
            rollup: p.clone(),
            aims: plan
                .priority(&p.id)
                .map(|x| x.aims.clone())
                .unwrap_or_default(),
            items: items(&mut direct, &p.id),
            commitments: commitments_of
                .get(p.id.as_str())
                .into_iter()
                .flatten()
                .map(|c| CommitmentSection {
                    rollup: (*c).clone(),
                    items: items(&mut in_commitment, &c.id),
                })
                .collect(),
        })
        .collect()
}

impl Freshness {
    /// How current the figures are: stale and missing indicators, and the
    /// newest figure known by the as-of date.
    fn of(m: &Measurements, eval: &Evaluation) -> Self {
        let as_of = eval.as_of;
        let indicators: Vec<&StatusRow> = eval
            .rows
            .iter()
            .filter(|r| r.kind == Kind::Indicator)
            .collect();
        let newest = m
            .series
            .iter()
            .flatten()
            .map(|o| o.known_from())
            .filter(|d| *d <= as_of)
            .max();
        Freshness {
            indicators: indicators.len(),
            stale: indicators
                .iter()
                .filter(|r| r.flags.contains(&Flag::Stale))
                .count(),
            no_data: indicators
                .iter()
                .filter(|r| r.status == Status::NoData)
                .count(),
            newest,
        }
    }
}

/// The items a board hears about in full: red ones first, as councils put
/// exceptions to a board, then what turned worse since the last board;
/// each in plan order.
fn exceptions(priorities: &[PrioritySection], since: Option<&SinceLastBoard>) -> Vec<Exception> {
    // Each item that turned worse since the last board (short of red,
    // which is an exception anyway), by id.
    let moved_of: HashMap<&str, &Moved> = since
        .iter()
        .flat_map(|s| &s.changes)
        .filter(|c| matches!(c.movement, Movement::Worsened | Movement::Slipped))
        .map(|c| (c.change.id.as_str(), c))
        .collect();
    // Red first, as councils put exceptions to a board; then what turned
    // worse; each in plan order (the sort is stable).
    let mut exceptions: Vec<Exception> = priorities
        .iter()
        .flat_map(|s| {
            s.items
                .iter()
                .chain(s.commitments.iter().flat_map(|c| c.items.iter()))
        })
        .filter_map(|it| {
            let worse = since
                .zip(moved_of.get(it.row.id.as_ref()))
                .map(|(s, m)| (s.since, *m));
            let because = because(&it.row, worse);
            (!because.is_empty()).then(|| Exception {
                item: Arc::clone(it),
                because,
            })
        })
        .collect();
    exceptions.sort_by_key(|e| e.item.row.rag != Rag::Red);
    exceptions
}

/// The milestones, soonest due first (undated last).
fn milestones(eval: &Evaluation) -> Vec<StatusRow> {
    let mut milestones: Vec<StatusRow> = eval
        .rows
        .iter()
        .filter(|r| r.kind == Kind::Milestone)
        .cloned()
        .collect();
    milestones.sort_by(|a, b| match (&a.by, &b.by) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    milestones
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{parse, PeriodContext};

    fn periods(labels: &[&str]) -> Vec<Period> {
        let ctx = PeriodContext {
            annual: true,
            ..PeriodContext::default()
        };
        labels
            .iter()
            .map(|l| parse(l, ctx).expect("a period"))
            .collect()
    }

    fn broken(labels: &[&str], cadence: Option<Cadence>) -> Vec<bool> {
        gaps(&periods(labels), cadence, false)
    }

    #[test]
    fn a_missing_year_breaks_the_line_and_a_regular_sequence_does_not() {
        assert_eq!(
            broken(&["2019", "2020", "2022"], None),
            [false, false, true]
        );
        assert_eq!(broken(&["2019", "2022"], None), [false, true]);
        assert_eq!(
            broken(&["2019/20", "2020/21", "2021/22"], Some(Cadence::Annual)),
            [false; 3]
        );
        assert_eq!(
            broken(&["2019/20", "2021/22"], Some(Cadence::Annual)),
            [false, true]
        );
    }

    #[test]
    fn months_and_quarters_miss_one_when_one_is_skipped() {
        assert_eq!(
            broken(
                &["Jan 2024", "Feb 2024", "Mar 2024"],
                Some(Cadence::Monthly)
            ),
            [false; 3]
        );
        assert_eq!(
            broken(&["Jan 2024", "Mar 2024"], Some(Cadence::Monthly)),
            [false, true]
        );
        assert_eq!(
            broken(&["2024 Q1", "2024 Q2", "2024 Q4"], None),
            [false, false, true]
        );
    }

    #[test]
    fn overlapping_rolling_years_take_their_step_from_the_cadence_or_the_series() {
        let quarterly = [
            "year ending Mar 2019",
            "year ending Jun 2019",
            "year ending Dec 2019",
        ];
        assert_eq!(
            broken(&quarterly, Some(Cadence::Quarterly)),
            [false, false, true]
        );
        assert_eq!(broken(&quarterly, None), [false, false, true]);
        let annual = ["year ending Mar 2019", "year ending Mar 2020"];
        assert_eq!(broken(&annual, Some(Cadence::Annual)), [false, false]);
        // A month sampled once a year is a regular annual sequence.
        assert_eq!(
            broken(&["Mar 2023", "Mar 2024"], Some(Cadence::Annual)),
            [false, false]
        );
    }

    #[test]
    fn adjacent_periods_and_grades_never_break() {
        let terms = [
            "autumn term 2023/24",
            "spring term 2023/24",
            "summer term 2023/24",
        ];
        assert_eq!(broken(&terms, None), [false; 3]);
        assert_eq!(gaps(&periods(&["2019", "2022"]), None, true), [false; 2]);
        // Snapshots on days with no cadence have no regular sequence.
        assert_eq!(
            broken(&["2024-01-05", "2024-01-09", "2024-06-30"], None),
            [false; 3]
        );
    }
}

#[cfg(test)]
pub(crate) mod exception_tests {
    use super::*;
    use crate::eval::Trend;
    use crate::period::{parse, PeriodContext};
    use crate::stats::trend::RecentTrend;

    fn year(label: &str) -> Period {
        parse(label, PeriodContext::default()).expect("a period")
    }

    /// A row rated `rag` for `status`, with nothing else to say.
    pub(crate) fn row(rag: Rag, status: Status) -> StatusRow {
        StatusRow {
            priority: "p".into(),
            commitment: None,
            id: "x".into(),
            kind: Kind::Indicator,
            title: "X".into(),
            rag,
            status,
            reason: String::new(),
            period: None,
            value: None,
            unit: None,
            per: None,
            scale: Vec::new(),
            improve: false,
            improve_on: None,
            target: None,
            baseline: None,
            expected: None,
            by: None,
            by_day: None,
            trend: None,
            recent_trend: None,
            benchmark: Vec::new(),
            spc: None,
            forecast: None,
            flags: Vec::new(),
            next_expected: None,
            planned: None,
            lead: None,
            note: None,
            recovery: None,
            last_update: None,
        }
    }

    fn trend(direction: Direction) -> Trend {
        Trend {
            direction,
            from: 80.7,
            from_period: year("2022/23"),
            to: 75.9,
            to_period: year("2024/25"),
        }
    }

    #[test]
    fn red_and_what_turned_worse_are_exceptions_and_nothing_else() {
        assert_eq!(
            because(&row(Rag::Red, Status::Overdue), None),
            [Because::Red {
                status: Status::Overdue
            }]
        );
        assert!(because(&row(Rag::Green, Status::Met), None).is_empty());
        let mut monitored = row(Rag::Grey, Status::Monitor);
        monitored.trend = Some(trend(Direction::Worsening));
        assert_eq!(
            because(&monitored, None),
            [Because::Worsening {
                text: "worsening from 80.7 in 2022/23".into()
            }]
        );
        monitored.trend = Some(trend(Direction::NoChange));
        assert!(
            because(&monitored, None).is_empty(),
            "within the intervals: no change"
        );
        let mut near = row(Rag::Amber, Status::Near);
        near.recent_trend = Some(RecentTrend {
            label: TrendLabel::DecreasingWorse,
            method: None,
            chi2: None,
            slope: None,
            why_not: None,
        });
        assert_eq!(
            because(&near, None),
            [Because::TrendWorse {
                label: TrendLabel::DecreasingWorse
            }]
        );
    }

    #[test]
    fn the_reasons_read_as_words() {
        let since = NaiveDate::from_ymd_opt(2023, 10, 31).expect("a date");
        assert_eq!(
            Because::WorseSince {
                since,
                was: "green (on track)".into()
            }
            .words(),
            "worse than at the board of 31 Oct 2023, when it was green (on track)"
        );
        assert_eq!(
            Because::Red {
                status: Status::Missed
            }
            .words(),
            "red: missed"
        );
    }
}
