//! Rating a milestone from its due date and its latest status update.

use chrono::NaiveDate;

use super::{human_date, Kind, Status, StatusRow};
use crate::measure::{MilestoneState, Update};
use crate::period::Span;
use crate::plan::Milestone;

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneRating {
    pub status: Status,
    pub reason: String,
    pub completed: Option<NaiveDate>,
    pub note: Option<String>,
}

impl MilestoneRating {
    pub fn row(self, m: &Milestone) -> StatusRow {
        StatusRow {
            priority: m.priority.clone(),
            commitment: m.commitment.clone(),
            id: m.id.clone(),
            kind: Kind::Milestone,
            title: m.title.clone(),
            rag: self.status.rag(),
            status: self.status,
            reason: self.reason,
            period: m.due_label.clone(),
            value: None,
            unit: None,
            per: None,
            scale: Vec::new(),
            improve: false,
            target: None,
            expected: None,
            by: m.due.map(|d| d.to_string()),
            trend: None,
            recent_trend: None,
            benchmark: Vec::new(),
            spc: None,
            forecast: None,
            flags: Vec::new(),
            lead: m.lead.clone(),
            note: self.note,
        }
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{} days", crate::format::grouped(n as f64))
    }
}

/// Rates a milestone as of `as_of`. The latest update on or before then
/// decides its state (a `completed` date in the plan counts as a complete
/// update that day; on a shared date the later line wins); overdue
/// outranks at risk, which outranks due soon.
pub fn rate_milestone(
    m: &Milestone,
    updates: &[Update<MilestoneState>],
    as_of: NaiveDate,
    due_soon: Span,
) -> MilestoneRating {
    let mut known: Vec<(NaiveDate, MilestoneState, Option<String>)> = m
        .completed
        .filter(|date| *date <= as_of)
        .map(|date| (date, MilestoneState::Complete, None))
        .into_iter()
        .collect();
    known.extend(
        updates
            .iter()
            .filter(|u| u.known_from() <= as_of)
            .map(|u| (u.date, u.state, u.note.as_deref().map(String::from))),
    );
    // `max_by_key` keeps the last of equals: on a shared date the later line wins.
    let latest = known.into_iter().max_by_key(|(date, _, _)| *date);
    let (note, state) = match &latest {
        Some((date, state, note)) => (note.clone(), Some((*date, *state))),
        None => (None, None),
    };
    let due_text = m.due.map(human_date);
    let last_update = match state {
        Some((date, s)) => format!("latest update: {} ({})", s.words(), human_date(date)),
        None => "no update recorded".to_string(),
    };
    let (status, reason) = match (state, m.due) {
        (Some((date, MilestoneState::Cancelled)), _) => (
            Status::Cancelled,
            format!("cancelled on {}", human_date(date)),
        ),
        (Some((date, MilestoneState::Complete)), Some(due)) if date > due => (
            Status::CompleteLate,
            format!(
                "completed {}, {} after it was due ({})",
                human_date(date),
                days((date - due).num_days()),
                human_date(due)
            ),
        ),
        (Some((date, MilestoneState::Complete)), due) => (
            Status::Complete,
            match due {
                Some(due) => format!("completed {}, due {}", human_date(date), human_date(due)),
                None => format!("completed {}", human_date(date)),
            },
        ),
        (_, Some(due)) if as_of > due => (
            Status::Overdue,
            format!(
                "due {}, {} overdue; {last_update}",
                human_date(due),
                days((as_of - due).num_days())
            ),
        ),
        (Some((date, MilestoneState::AtRisk)), _) => (
            Status::AtRisk,
            format!(
                "reported at risk on {}; {}",
                human_date(date),
                due_text.map_or("no due date".into(), |d| format!("due {d}"))
            ),
        ),
        (_, Some(due)) if due <= due_soon.after(as_of) => (
            Status::DueSoon,
            format!(
                "due {}, {}; {last_update}",
                human_date(due),
                match (due - as_of).num_days() {
                    0 => "today".to_string(),
                    n => format!("in {}", days(n)),
                }
            ),
        ),
        (_, Some(due)) => (
            Status::OnTrack,
            format!(
                "due {}, in {}; {last_update}",
                human_date(due),
                days((due - as_of).num_days())
            ),
        ),
        (_, None) => (Status::OnTrack, format!("no due date; {last_update}")),
    };
    MilestoneRating {
        status,
        reason,
        completed: match state {
            Some((date, MilestoneState::Complete)) => Some(date),
            _ => None,
        },
        note,
    }
}
