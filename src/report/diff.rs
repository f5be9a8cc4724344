//! What changed between two board dates: ratings that moved, figures that
//! arrived or were restated, milestones completed, slipped or newly
//! overdue, and commitments whose self-assessment changed. Everything is
//! known from `published` dates, so both sides are the plan as it stood.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::Condition;
use crate::eval::{evaluate, visible_series, Evaluation, Flag, Kind, Status, StatusRow};
use crate::format;
use crate::measure::{Area, Measurements, Observation, SelfAssessment};
use crate::period::Period;
use crate::plan::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    NewlyOverdue,
    RatingMoved,
    MilestoneSlipped,
    BecameStale,
    MilestoneCompleted,
    SelfAssessmentChanged,
    FigureRestated,
    FigureArrived,
}

impl ChangeKind {
    pub fn words(self) -> &'static str {
        match self {
            Self::NewlyOverdue => "newly overdue",
            Self::RatingMoved => "rating moved",
            Self::MilestoneSlipped => "milestone slipped",
            Self::BecameStale => "became stale",
            Self::MilestoneCompleted => "milestone completed",
            Self::SelfAssessmentChanged => "self-assessment changed",
            Self::FigureRestated => "figure restated",
            Self::FigureArrived => "figure arrived",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub change: ChangeKind,
    pub id: String,
    pub title: String,
    /// indicator, milestone or commitment.
    pub kind: &'static str,
    pub area: Option<String>,
    pub period: Option<String>,
    /// The period's first and last days (a self-assessment's date, both
    /// ends), for a spreadsheet to sort by.
    #[serde(skip)]
    pub days: Option<(NaiveDate, NaiveDate)>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub from_reason: Option<String>,
    pub to_reason: Option<String>,
    /// A figure's `from` and `to` as a machine reads them (`5500`, not
    /// `5,500`; a grade's or special value's word), for CSV and the
    /// workbook, in the indicator's unit.
    #[serde(skip)]
    pub from_amount: Option<format::Amount>,
    #[serde(skip)]
    pub to_amount: Option<format::Amount>,
    #[serde(skip)]
    pub unit: Option<crate::plan::Unit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// Whose plan: a workbook's cover names it.
    #[serde(skip)]
    pub plan: super::status::PlanSummary,
    pub since: NaiveDate,
    pub as_of: NaiveDate,
    pub changes: Vec<Change>,
    /// The ratings on each date, for `--fail-on`.
    #[serde(skip)]
    pub before: Evaluation,
    #[serde(skip)]
    pub after: Evaluation,
}

fn rating(row: &StatusRow) -> String {
    format!("{} ({})", row.rag.name(), row.status.words())
}

fn moved(before: &StatusRow, after: &StatusRow) -> Option<ChangeKind> {
    if (before.rag, before.status) == (after.rag, after.status) {
        return None;
    }
    // A first figure for an indicator with no target is news only as a
    // figure that arrived, listed as such.
    if before.status == Status::NoData && after.status == Status::Monitor {
        return None;
    }
    Some(match (after.kind, after.status) {
        (Kind::Milestone, Status::Overdue) => ChangeKind::NewlyOverdue,
        (Kind::Milestone, Status::Complete | Status::CompleteLate) => {
            ChangeKind::MilestoneCompleted
        }
        (Kind::Milestone, Status::AtRisk) => ChangeKind::MilestoneSlipped,
        _ => ChangeKind::RatingMoved,
    })
}

/// A figure for a machine: a plain number (`5500`), a grade's word, or a
/// special value's word.
fn amount(plan: &Plan, ind: usize, o: &Observation) -> format::Amount {
    let i = &plan.indicators[ind];
    match o.value.number() {
        Some(v) => format::Amount::of(v, i.unit, &i.scale),
        None => format::Amount::Word(o.value.word().unwrap_or("missing").to_string()),
    }
}

fn shown(plan: &Plan, ind: usize, o: &Observation) -> String {
    let i = &plan.indicators[ind];
    match o.value.number() {
        Some(v) => format::figure(v, i.unit, i.per, &i.scale),
        None => o.value.word().unwrap_or("missing").to_string(),
    }
}

/// The changes between `since` and `as_of` (not before `since`; on the
/// same day there are none).
impl Diff {
    /// The conditions that newly hold: each holds now for an item it did
    /// not hold for then (`red`: something turned red since). Each
    /// condition's earlier items are indexed once, so this is linear in
    /// items.
    pub fn newly_held(&self, conditions: &[Condition]) -> Vec<Condition> {
        conditions
            .iter()
            .copied()
            .filter(|c| {
                let then: HashSet<&str> = self
                    .before
                    .rows
                    .iter()
                    .filter(|r| c.holds(r))
                    .map(|r| r.id.as_ref())
                    .collect();
                self.after
                    .rows
                    .iter()
                    .any(|now| c.holds(now) && !then.contains(now.id.as_ref()))
            })
            .collect()
    }
}

pub fn diff(plan: &Plan, m: &Measurements, since: NaiveDate, as_of: NaiveDate) -> Diff {
    let before = evaluate(plan, m, since);
    let after = evaluate(plan, m, as_of);
    let mut changes = rating_changes(&before, &after);
    changes.extend(figure_changes(plan, m, since, as_of));
    changes.extend(self_assessment_changes(&before, &after));
    // Most pressing first, then in plan order (stable sort).
    changes.sort_by_key(|c| c.change);
    Diff {
        plan: super::status::PlanSummary::of(plan),
        since,
        as_of,
        changes,
        before,
        after,
    }
}

/// Ratings that moved, milestones that slipped or completed, and items
/// that became stale, between the two evaluations.
fn rating_changes(before: &Evaluation, after: &Evaluation) -> Vec<Change> {
    let mut changes = Vec::new();
    // Each earlier row by id (the first of a repeated id), so that the diff
    // is linear in rows.
    let mut earlier_row: HashMap<&str, &StatusRow> = HashMap::new();
    for r in &before.rows {
        earlier_row.entry(r.id.as_ref()).or_insert(r);
    }
    for now in &after.rows {
        let Some(&then) = earlier_row.get(now.id.as_ref()) else {
            continue;
        };
        if let Some(kind) = moved(then, now) {
            changes.push(Change {
                change: kind,
                id: now.id.to_string(),
                title: now.title.to_string(),
                kind: now.kind.name(),
                area: None,
                period: now.period_label(),
                days: now.period.map(|p| (p.first, p.last)),
                from: Some(rating(then)),
                to: Some(rating(now)),
                from_reason: Some(then.reason.clone()),
                to_reason: Some(now.reason.clone()),
                from_amount: None,
                to_amount: None,
                unit: None,
            });
        }
        // `--fail-on stale` fails on this, so it is listed.
        if now.flags.contains(&Flag::Stale) && !then.flags.contains(&Flag::Stale) {
            changes.push(Change {
                change: ChangeKind::BecameStale,
                id: now.id.to_string(),
                title: now.title.to_string(),
                kind: now.kind.name(),
                area: None,
                period: now.period_label(),
                days: now.period.map(|p| (p.first, p.last)),
                from: Some("current".into()),
                to: Some(Flag::Stale.name().into()),
                from_reason: None,
                // Stale is raised only past a known date.
                to_reason: now.next_expected.map(|due| {
                    format!(
                        "the next figure was expected by {}",
                        crate::format::human_date(due)
                    )
                }),
                from_amount: None,
                to_amount: None,
                unit: None,
            });
        }
    }
    changes
}

/// Figures that arrived or were restated after `since`.
fn figure_changes(
    plan: &Plan,
    m: &Measurements,
    since: NaiveDate,
    as_of: NaiveDate,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for (i, ind) in plan.indicators.iter().enumerate() {
        let series = m.series.get(i).map_or(&[][..], Vec::as_slice);
        let then: HashMap<(Area, Period), &Observation> = visible_series(series, since)
            .into_iter()
            .map(|t| ((t.area, t.period), t))
            .collect();
        for o in visible_series(series, as_of) {
            if o.known_from() <= since {
                continue;
            }
            let area = o.area.name(plan, ind).to_string();
            let earlier = then.get(&(o.area, o.period));
            // A restatement keeps the earlier figure's note beside the new one.
            let (change, from, from_reason) = match earlier {
                Some(e) if e.value.same_as(&o.value) => continue,
                Some(e) => (
                    ChangeKind::FigureRestated,
                    Some(shown(plan, i, e)),
                    e.note().map(String::from),
                ),
                None => (ChangeKind::FigureArrived, None, None),
            };
            changes.push(Change {
                change,
                id: ind.id.to_string(),
                title: ind.title.to_string(),
                kind: "indicator",
                area: Some(area),
                period: Some(o.period.to_string()),
                days: Some((o.period.first, o.period.last)),
                from,
                to: Some(shown(plan, i, o)),
                from_reason,
                to_reason: o.note().map(String::from),
                from_amount: earlier.map(|e| amount(plan, i, e)),
                to_amount: Some(amount(plan, i, o)),
                unit: Some(plan.indicators[i].unit),
            });
        }
    }
    changes
}

/// Commitments whose self-assessment changed colour.
fn self_assessment_changes(before: &Evaluation, after: &Evaluation) -> Vec<Change> {
    let mut changes = Vec::new();
    let word = |s: SelfAssessment| crate::eval::self_assessment_rag(s).name().to_string();
    for (c, pair) in before.commitments.iter().zip(&after.commitments) {
        let then = c.self_assessed.as_ref();
        let now = pair.self_assessed.as_ref();
        if then.map(|a| a.rag) != now.map(|a| a.rag) {
            changes.push(Change {
                change: ChangeKind::SelfAssessmentChanged,
                id: pair.id.clone(),
                title: pair.title.clone(),
                kind: "commitment",
                area: None,
                period: now.map(|a| a.date.to_string()),
                days: now.map(|a| (a.date, a.date)),
                from: Some(then.map_or("none".into(), |a| word(a.rag))),
                to: Some(now.map_or("none".into(), |a| word(a.rag))),
                from_reason: then.and_then(|a| a.note.clone()),
                to_reason: now.and_then(|a| a.note.clone()),
                from_amount: None,
                to_amount: None,
                unit: None,
            });
        }
    }
    changes
}
