//! Evaluation: pure rules from (plan, measurements, as-of date) to ratings,
//! each with the one-line reason a board member can read.

pub(crate) mod analysis;
pub(crate) mod compare;
mod indicator;
mod milestone;
pub mod national;
mod rollup;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::format::Amount;
use crate::measure::{Measurements, Recovery, SelfAssessment, Update};
use crate::period::Period;
use crate::plan::{Plan, Unit};

pub use analysis::{ForecastSummary, SpcSummary};
pub use compare::{benchmark, direction, Comparison, Direction, GroupRank, Standing, Trend};
pub(crate) use indicator::extend_visible;
pub use indicator::{
    applicable_target, rate_indicator, rate_visible, visible_series, IndicatorRating,
};
pub use milestone::{rate_milestone, MilestoneRating};
pub use rollup::{rollups, summarise, tally, Rollup, SelfAssessed};

/// The public sector's BRAG colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Grey,
    Blue,
    Green,
    Amber,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 5] = [Rag::Blue, Rag::Green, Rag::Amber, Rag::Red, Rag::Grey];
    pub const NAMES: &'static [&'static str] = &["blue", "green", "amber", "red", "grey"];

    pub fn name(self) -> &'static str {
        match self {
            Self::Blue => "blue",
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
            Self::Grey => "grey",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a row has its colour, in one of the SPEC's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Status {
    #[serde(rename = "no data")]
    NoData,
    #[serde(rename = "monitor")]
    Monitor,
    #[serde(rename = "met")]
    Met,
    #[serde(rename = "near")]
    Near,
    #[serde(rename = "off target")]
    OffTarget,
    /// Before the target's period: short of what the trajectory plans for
    /// the figure's period by more than the tolerance.
    #[serde(rename = "off track")]
    OffTrack,
    #[serde(rename = "missed")]
    Missed,
    #[serde(rename = "complete")]
    Complete,
    #[serde(rename = "complete late")]
    CompleteLate,
    #[serde(rename = "overdue")]
    Overdue,
    #[serde(rename = "at risk")]
    AtRisk,
    #[serde(rename = "due soon")]
    DueSoon,
    #[serde(rename = "on track")]
    OnTrack,
    /// No due date and no status row: nothing says it is on track.
    #[serde(rename = "no update")]
    NoUpdate,
    #[serde(rename = "cancelled")]
    Cancelled,
}

impl Status {
    pub fn words(self) -> &'static str {
        match self {
            Self::NoData => "no data",
            Self::Monitor => "monitor",
            Self::Met => "met",
            Self::Near => "near",
            Self::OffTarget => "off target",
            Self::OffTrack => "off track",
            Self::Missed => "missed",
            Self::Complete => "complete",
            Self::CompleteLate => "complete late",
            Self::Overdue => "overdue",
            Self::AtRisk => "at risk",
            Self::DueSoon => "due soon",
            Self::OnTrack => "on track",
            Self::NoUpdate => "no update",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn rag(self) -> Rag {
        match self {
            Self::NoData | Self::Monitor | Self::NoUpdate | Self::Cancelled => Rag::Grey,
            Self::Met | Self::OnTrack => Rag::Green,
            Self::Near | Self::AtRisk | Self::DueSoon => Rag::Amber,
            Self::OffTarget | Self::OffTrack | Self::Missed | Self::Overdue => Rag::Red,
            Self::Complete | Self::CompleteLate => Rag::Blue,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Indicator,
    Milestone,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Indicator => "indicator",
            Self::Milestone => "milestone",
        }
    }
}

/// Marks beside a rating that qualify it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flag {
    /// No figure has arrived for longer than the cadence and lag allow.
    Stale,
    /// The latest figure is provisional.
    Provisional,
    /// The latest figure is a revision.
    Revised,
    /// A newer period's figure is withheld or missing, so an older one is rated.
    Withheld,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Self::Stale => "stale",
            Self::Provisional => "provisional",
            Self::Revised => "revised",
            Self::Withheld => "withheld",
        }
    }
}

/// One row of `cfp status`: an indicator or a milestone, rated.
/// Serialised with a grade's figures as its scale's words (see below).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRow {
    pub priority: Arc<str>,
    pub commitment: Option<Arc<str>>,
    pub id: Arc<str>,
    pub kind: Kind,
    pub title: Arc<str>,
    pub rag: Rag,
    pub status: Status,
    pub reason: String,
    /// The period of the figure rated (indicators) or the due period
    /// (milestones).
    pub period: Option<Period>,
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    pub per: Option<f64>,
    /// A grade's scale, worst first (empty for any other unit): `value`,
    /// `target`, `expected` and the trend's figures are ranks on it.
    pub scale: Vec<String>,
    /// The target is `improve`: `target` is the baseline to beat.
    pub improve: bool,
    /// For `improve`, the period of the figure to beat.
    pub improve_on: Option<String>,
    /// The final target (for `improve`, the baseline it must beat).
    pub target: Option<f64>,
    /// The plan's baseline figure, where it gives one.
    pub baseline: Option<f64>,
    /// The target that applies to the rated period on the trajectory, where
    /// it differs from the final one.
    pub expected: Option<f64>,
    /// The target's deadline, or a milestone's due date.
    pub by: Option<Arc<str>>,
    /// The day `by` ends: the last day of the target's period, or the
    /// milestone's due date, for ordering by date rather than by label.
    pub by_day: Option<NaiveDate>,
    /// Direction of travel: latest against previous.
    pub trend: Option<Trend>,
    /// The Fingertips recent trend over the last five points.
    pub recent_trend: Option<crate::stats::trend::RecentTrend>,
    pub benchmark: Vec<Comparison>,
    pub spc: Option<SpcSummary>,
    pub forecast: Option<ForecastSummary>,
    pub flags: Vec<Flag>,
    /// When the next figure is expected (SPEC 3): past it, `stale`.
    pub next_expected: Option<NaiveDate>,
    /// What the plan holds for the rated figure's period, in words, where
    /// it is not the final target: `69% planned for 2025/26`.
    pub planned: Option<String>,
    pub lead: Option<Arc<str>>,
    /// The latest commentary.
    pub note: Option<String>,
    /// The latest recovery update known on the as-of date.
    pub recovery: Option<RecoveryUpdate>,
    /// For a milestone, the date of its latest update of any kind (status
    /// or recovery) known on the as-of date.
    pub last_update: Option<NaiveDate>,
}

/// What is being done about an item off track, as its latest recovery
/// update says it: taken whole, so that an action is never shown beside
/// an older update's cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryUpdate {
    /// The date of the update.
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The date or period now expected, as written, and the day it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revised_due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revised_due_day: Option<NaiveDate>,
}

impl RecoveryUpdate {
    /// The latest of `updates` (in date order) known on `as_of`.
    fn latest(updates: &[Update<Recovery>], as_of: NaiveDate) -> Option<Self> {
        let u = updates.iter().rev().find(|u| u.known_from() <= as_of)?;
        let text = |t: &Option<Box<str>>| t.as_deref().map(String::from);
        Some(Self {
            date: u.date,
            action: text(&u.state.action),
            cause: text(&u.state.cause),
            owner: text(&u.state.owner),
            revised_due: u.state.revised_due.as_ref().map(|(w, _)| w.to_string()),
            revised_due_day: u.state.revised_due.as_ref().map(|(_, d)| *d),
        })
    }
}

impl StatusRow {
    /// A figure for a machine: a number, or a grade's word.
    pub fn amount(&self, x: f64) -> Amount {
        Amount::of(x, self.unit.unwrap_or(Unit::Number), &self.scale)
    }
}

/// The whole plan, rated as it stood on `as_of`.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub as_of: NaiveDate,
    pub rows: Vec<StatusRow>,
    pub commitments: Vec<Rollup>,
    pub priorities: Vec<Rollup>,
}

impl Evaluation {
    /// Only the rows `keep` keeps, and the priorities and commitments that
    /// still hold one: a pack narrowed to some rows has no empty bands.
    pub fn narrowed(mut self, keep: impl Fn(&StatusRow) -> bool) -> Self {
        self.rows.retain(|r| keep(r));
        let priorities: HashSet<&str> = self.rows.iter().map(|r| r.priority.as_ref()).collect();
        let commitments: HashSet<&str> = self
            .rows
            .iter()
            .filter_map(|r| r.commitment.as_deref())
            .collect();
        self.priorities
            .retain(|p| priorities.contains(p.id.as_str()));
        self.commitments
            .retain(|c| commitments.contains(c.id.as_str()));
        self
    }
}

/// Rates every indicator and milestone, grouped by priority then
/// commitment in plan order, and rolls them up.
pub fn evaluate(plan: &Plan, m: &Measurements, as_of: NaiveDate) -> Evaluation {
    // Each group's indicators and milestones in plan order, found in one
    // pass rather than one pass per group.
    type Group<'a> = (&'a str, Option<&'a str>);
    let mut indicators: HashMap<Group, Vec<usize>> = HashMap::new();
    for (i, ind) in plan.indicators.iter().enumerate() {
        let key = (ind.priority.as_ref(), ind.commitment.as_deref());
        indicators.entry(key).or_default().push(i);
    }
    let mut milestones: HashMap<Group, Vec<usize>> = HashMap::new();
    for (i, ms) in plan.milestones.iter().enumerate() {
        let key = (ms.priority.as_str(), ms.commitment.as_deref());
        milestones.entry(key).or_default().push(i);
    }
    let mut commitments: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in &plan.commitments {
        commitments
            .entry(c.priority.as_str())
            .or_default()
            .push(c.id.as_str());
    }
    let national = plan
        .national
        .is_some()
        .then(|| national::Field::of(plan, m))
        .flatten();
    let mut rows = Vec::with_capacity(plan.indicators.len() + plan.milestones.len());
    for priority in &plan.priorities {
        let p = priority.id.as_str();
        let groups =
            std::iter::once(None).chain(commitments.get(p).into_iter().flatten().map(|c| Some(*c)));
        for commitment in groups {
            for &i in indicators.get(&(p, commitment)).into_iter().flatten() {
                let ind = &plan.indicators[i];
                let series = m.series.get(i).map_or(&[][..], Vec::as_slice);
                let mut row = rate_indicator(plan, ind, series, as_of).row(ind);
                if let Some(field) = &national {
                    let peers = m.peers.figures.get(i).map_or(&[][..], Vec::as_slice);
                    row.benchmark.extend(field.rank(
                        ind,
                        &row,
                        (series, peers, &m.peers.stamps),
                        as_of,
                    ));
                }
                let recovery = m.indicator_recovery.get(i).map_or(&[][..], Vec::as_slice);
                row.recovery = RecoveryUpdate::latest(recovery, as_of);
                rows.push(row);
            }
            for &i in milestones.get(&(p, commitment)).into_iter().flatten() {
                let ms = &plan.milestones[i];
                let updates = m.milestones.get(i).map_or(&[][..], Vec::as_slice);
                let mut row = rate_milestone(ms, updates, as_of, plan.defaults.due_soon).row(ms);
                let recovery = m.milestone_recovery.get(i).map_or(&[][..], Vec::as_slice);
                row.recovery = RecoveryUpdate::latest(recovery, as_of);
                if let Some(r) = &row.recovery {
                    row.reason = milestone::with_recovery(&row.reason, r.date);
                }
                row.last_update = updates
                    .iter()
                    .map(|u| (u.known_from(), u.date))
                    .chain(recovery.iter().map(|u| (u.known_from(), u.date)))
                    .filter(|(known, _)| *known <= as_of)
                    .map(|(_, date)| date)
                    .max();
                rows.push(row);
            }
        }
    }
    // Who answers for a row: its own lead, else its commitment's, else its
    // priority's.
    for row in &mut rows {
        if row.lead.is_none() {
            row.lead = row
                .commitment
                .as_deref()
                .and_then(|c| plan.commitment(c))
                .and_then(|c| c.lead.as_deref())
                .or_else(|| plan.priority(&row.priority).and_then(|p| p.lead.as_deref()))
                .map(Into::into);
        }
    }
    let (commitments, priorities) = rollups(plan, &rows, &m.commitments, as_of);
    Evaluation {
        as_of,
        rows,
        commitments,
        priorities,
    }
}

/// The self-assessment's colour, for renderers: its word is the colour's
/// [`Rag::name`].
pub fn self_assessment_rag(s: SelfAssessment) -> Rag {
    match s {
        SelfAssessment::Green => Rag::Green,
        SelfAssessment::Amber => Rag::Amber,
        SelfAssessment::Red => Rag::Red,
    }
}

#[cfg(test)]
mod tests;
