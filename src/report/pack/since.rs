//! "Since the last board": the changes `cfp diff` finds between the last
//! board's date and this one, sorted into what a board asks first (what
//! turned red, what got worse or better, which milestones completed or
//! slipped, which figures are new or restated), so that the pack opens
//! with movement and every renderer words it alike.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::eval::{Direction, Rag, Status, StatusRow};
use crate::plan::{Plan, Polarity};
use crate::report::diff::{Change, ChangeKind, Diff};

/// What kind of movement a change is, in the order a board reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    TurnedRed,
    Worsened,
    /// A new figure moved the wrong way by the indicator's polarity, with
    /// no interval to test it: listed with what got worse, saying so.
    WrongWay,
    Slipped,
    Improved,
    /// A new figure moved the right way, not tested.
    RightWay,
    Completed,
    FirstRated,
    NoLongerRated,
    SelfAssessed,
    Restated,
    BecameStale,
    NewFigure,
}

impl Movement {
    pub const ALL: [Movement; 13] = [
        Self::TurnedRed,
        Self::Worsened,
        Self::WrongWay,
        Self::Slipped,
        Self::Improved,
        Self::RightWay,
        Self::Completed,
        Self::FirstRated,
        Self::NoLongerRated,
        Self::SelfAssessed,
        Self::Restated,
        Self::BecameStale,
        Self::NewFigure,
    ];

    /// The heading of the movement's list in the pack.
    pub fn heading(self) -> &'static str {
        match self {
            Self::TurnedRed => "Turned red",
            Self::Worsened | Self::WrongWay => "Got worse",
            Self::Slipped => "Milestones slipped (reported at risk)",
            Self::Improved | Self::RightWay => "Improved",
            Self::Completed => "Milestones completed",
            Self::FirstRated => "Rated for the first time",
            Self::NoLongerRated => "No longer rated",
            Self::SelfAssessed => "Self-assessments changed",
            Self::Restated => "Figures restated",
            Self::BecameStale => "Became stale (a newer figure is due)",
            Self::NewFigure => "New figures",
        }
    }
}

impl Movement {
    /// `3 turned red`, `1 milestone completed`: how many, in words.
    pub fn tally(self, n: usize) -> String {
        let s = if n == 1 { "" } else { "s" };
        match self {
            Self::TurnedRed => format!("{n} turned red"),
            Self::Worsened | Self::WrongWay => format!("{n} got worse"),
            Self::Slipped => format!("{n} milestone{s} slipped"),
            Self::Improved | Self::RightWay => format!("{n} improved"),
            Self::Completed => format!("{n} milestone{s} completed"),
            Self::FirstRated => format!("{n} rated for the first time"),
            Self::NoLongerRated => format!("{n} no longer rated"),
            Self::SelfAssessed => format!("{n} self-assessment{s} changed"),
            Self::Restated => format!("{n} figure{s} restated"),
            Self::BecameStale => format!("{n} became stale"),
            Self::NewFigure => format!("{n} new figure{s}"),
        }
    }
}

impl Movement {
    /// The section a movement is listed under: a move the wrong (or
    /// right) way, not tested, with what got worse (or improved), each
    /// saying whether it was tested.
    pub fn section(self) -> Self {
        match self {
            Self::WrongWay => Self::Worsened,
            Self::RightWay => Self::Improved,
            other => other,
        }
    }
}

/// What happened to an item, in words after its title: `now red (off
/// target), was green (on track): due 31 Dec 2023, ...`; for a new figure
/// that moved, `80.7% (2022/23) → 75.9% (2024/25): down, not tested`. Other
/// new figures are worded with the others of their indicator
/// ([`SinceLastBoard::new_figures`]).
pub fn what_happened(m: &Moved) -> String {
    if let Some(words) = &m.words {
        return words.clone();
    }
    let c = &m.change;
    let text = |s: &Option<String>| s.as_deref().unwrap_or("").to_string();
    let why = |s: &Option<String>| {
        s.as_deref()
            .filter(|w| !w.is_empty())
            .map(|w| format!(": {w}"))
            .unwrap_or_default()
    };
    match c.change {
        ChangeKind::BecameStale => c
            .to_reason
            .clone()
            .unwrap_or_else(|| "a newer figure is due".into()),
        ChangeKind::FigureRestated | ChangeKind::FigureArrived => {
            let place = [c.area.as_deref(), c.period.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let was = c
                .from
                .as_deref()
                .map(|f| format!(", was {f}"))
                .unwrap_or_default();
            format!("{place}: now {}{was}{}", text(&c.to), why(&c.to_reason))
        }
        _ => format!(
            "now {}, was {}{}",
            text(&c.to),
            text(&c.from),
            why(&c.to_reason)
        ),
    }
}

/// One indicator's new figures, in words: `70.4% for 2024/25; England
/// 68.3% for 2024/25`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFigures<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub figures: String,
}

/// One change of the diff, with the movement it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    #[serde(flatten)]
    pub change: Change,
    pub movement: Movement,
    /// How the pack words a new figure that moved: from and to, with
    /// whether the move was tested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// A new figure of the plan's own series that is the latest, against the
/// one before: worse or better when the direction of travel was tested,
/// the wrong or right way by the indicator's polarity when it was not;
/// none for a level, unjudged or comparator figure.
fn figure_moved(
    c: &Change,
    now: &StatusRow,
    polarity: Polarity,
    own_area: &str,
) -> Option<(Movement, String)> {
    let t = now.trend.as_ref()?;
    let own = c.area.as_deref().is_none_or(|a| a == own_area);
    if !own || c.period.as_deref() != Some(t.to_period.to_string().as_str()) {
        return None;
    }
    let tested = t.direction.tested();
    let movement = match (t.direction, polarity) {
        (Direction::Worsening, _) => Movement::Worsened,
        (Direction::Improving, _) => Movement::Improved,
        (Direction::Down, Polarity::Higher) | (Direction::Up, Polarity::Lower) => {
            Movement::WrongWay
        }
        (Direction::Up, Polarity::Higher) | (Direction::Down, Polarity::Lower) => {
            Movement::RightWay
        }
        _ => return None,
    };
    let words = format!(
        "{} ({}) \u{2192} {} ({}): {}{}",
        now.shown(t.from),
        t.from_period,
        now.shown(t.to),
        t.to_period,
        t.direction.words(),
        if tested { "" } else { ", not tested" }
    );
    Some((movement, words))
}

#[derive(Debug, Clone, Serialize)]
pub struct SinceLastBoard {
    /// The last board's date.
    pub since: NaiveDate,
    /// Every change `cfp diff --since` lists, in its order.
    pub changes: Vec<Moved>,
}

/// Worse ratings are greater (the rating's order), grey is no rating.
fn rated(rag: Rag) -> Option<Rag> {
    (rag != Rag::Grey).then_some(rag)
}

/// The movement of a rating from `then` to `now`.
fn rating_moved(then: &StatusRow, now: &StatusRow) -> Movement {
    match (rated(then.rag), rated(now.rag)) {
        (_, Some(Rag::Red)) if then.rag != Rag::Red => Movement::TurnedRed,
        (None, Some(_)) => Movement::FirstRated,
        (Some(_), None) => Movement::NoLongerRated,
        (None, None) => Movement::Improved,
        (Some(a), Some(b)) if b > a => Movement::Worsened,
        (Some(a), Some(b)) if b < a => Movement::Improved,
        // The same colour for another reason: off target to missed is
        // worse, anything else within a colour is not.
        _ if matches!(now.status, Status::Missed | Status::Overdue) => Movement::Worsened,
        _ => Movement::Improved,
    }
}

impl SinceLastBoard {
    pub fn of(diff: &Diff, plan: &Plan) -> Self {
        // Each side's rows by id (the first of a repeated id, as the diff
        // pairs them).
        fn index(rows: &[StatusRow]) -> HashMap<&str, &StatusRow> {
            let mut at = HashMap::new();
            for r in rows {
                at.entry(r.id.as_ref()).or_insert(r);
            }
            at
        }
        let before = index(&diff.before.rows);
        let after = index(&diff.after.rows);
        // An item whose rating moved is listed once, for its rating.
        let rated: std::collections::HashSet<&str> = diff
            .changes
            .iter()
            .filter(|c| c.change == ChangeKind::RatingMoved)
            .map(|c| c.id.as_str())
            .collect();
        let changes = diff
            .changes
            .iter()
            .map(|c| {
                if c.change == ChangeKind::FigureArrived && !rated.contains(c.id.as_str()) {
                    // By the plan's index: a large plan has a change per
                    // indicator, and a scan for each would be quadratic.
                    let indicator = match plan.entity(&c.id) {
                        Some(crate::plan::Entity::Indicator(i)) => plan.indicators.get(i),
                        _ => None,
                    };
                    let moved = after
                        .get(c.id.as_str())
                        .zip(indicator)
                        .and_then(|(now, ind)| figure_moved(c, now, ind.polarity, &plan.area));
                    if let Some((movement, words)) = moved {
                        return Moved {
                            change: c.clone(),
                            movement,
                            words: Some(words),
                        };
                    }
                }
                let movement = match c.change {
                    ChangeKind::NewlyOverdue => Movement::TurnedRed,
                    ChangeKind::MilestoneSlipped => Movement::Slipped,
                    ChangeKind::MilestoneCompleted => Movement::Completed,
                    ChangeKind::SelfAssessmentChanged => Movement::SelfAssessed,
                    ChangeKind::FigureRestated => Movement::Restated,
                    ChangeKind::FigureArrived => Movement::NewFigure,
                    ChangeKind::BecameStale => Movement::BecameStale,
                    ChangeKind::RatingMoved => {
                        match (before.get(c.id.as_str()), after.get(c.id.as_str())) {
                            (Some(then), Some(now)) => rating_moved(then, now),
                            // A rating moved has both sides; without them the
                            // change is still listed, as a worse one to look at.
                            _ => Movement::Worsened,
                        }
                    }
                };
                Moved {
                    change: c.clone(),
                    movement,
                    words: None,
                }
            })
            .collect();
        Self {
            since: diff.since,
            changes,
        }
    }

    /// `Between 31 Oct 2023 and 26 Feb 2026: 3 turned red, ... and 53 new
    /// figures.`, or that nothing changed.
    pub fn sentence(&self, as_of: NaiveDate) -> String {
        let between = format!(
            "between {} and {}",
            crate::format::human_date(self.since),
            crate::format::human_date(as_of)
        );
        let mut parts: Vec<String> = self
            .groups()
            .iter()
            .map(|(m, list)| m.tally(list.len()))
            .collect();
        // One new figure or more: said as a count, listed in an appendix.
        match parts.len() {
            0 => format!(
                "Nothing changed {between}: no rating moved, no figure arrived or was restated, \
                 and no milestone was completed or slipped."
            ),
            1 => format!("Changes {between}: {}.", parts[0]),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("Changes {between}: {} and {last}.", parts.join(", "))
            }
        }
    }

    /// The new figures of each indicator, in the diff's order; a figure
    /// for `own_area` (the plan's area) is not named for it.
    pub fn new_figures(&self, own_area: &str) -> Vec<NewFigures<'_>> {
        let mut out: Vec<NewFigures> = Vec::new();
        for c in self
            .changes
            .iter()
            .filter(|c| c.movement == Movement::NewFigure)
            .map(|c| &c.change)
        {
            let mut words = String::new();
            if let Some(area) = c.area.as_deref().filter(|a| *a != own_area) {
                words.push_str(area);
                words.push(' ');
            }
            words.push_str(c.to.as_deref().unwrap_or(""));
            // A figure dated to a day (an inspection) was given on it.
            if let Some(p) = c.period.as_deref() {
                match crate::period::parse_date(p) {
                    Some(day) => {
                        words.push_str(" on ");
                        words.push_str(&crate::format::human_date(day));
                    }
                    None => {
                        words.push_str(" for ");
                        words.push_str(p);
                    }
                }
            }
            match out.last_mut().filter(|n| n.id == c.id) {
                Some(n) => {
                    n.figures.push_str("; ");
                    n.figures.push_str(&words);
                }
                None => out.push(NewFigures {
                    id: &c.id,
                    title: &c.title,
                    figures: words,
                }),
            }
        }
        out
    }

    /// The changes of each section that has any, in reading order; each
    /// list in the diff's order.
    pub fn groups(&self) -> Vec<(Movement, Vec<&Moved>)> {
        Movement::ALL
            .iter()
            .filter(|m| m.section() == **m)
            .filter_map(|m| {
                let list: Vec<&Moved> = self
                    .changes
                    .iter()
                    .filter(|c| c.movement.section() == *m)
                    .collect();
                (!list.is_empty()).then_some((*m, list))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::pack::exception_tests::row;

    #[test]
    fn a_rating_moves_by_its_colour_and_grey_is_no_rating() {
        let moved =
            |a: (Rag, Status), b: (Rag, Status)| rating_moved(&row(a.0, a.1), &row(b.0, b.1));
        use Rag::*;
        use Status::*;
        assert_eq!(moved((Amber, Near), (Red, OffTarget)), Movement::TurnedRed);
        assert_eq!(moved((Grey, NoData), (Red, OffTarget)), Movement::TurnedRed);
        assert_eq!(moved((Green, Met), (Amber, Near)), Movement::Worsened);
        assert_eq!(moved((Red, OffTarget), (Red, Missed)), Movement::Worsened);
        assert_eq!(moved((Red, OffTarget), (Amber, Near)), Movement::Improved);
        assert_eq!(moved((Grey, NoData), (Green, Met)), Movement::FirstRated);
        assert_eq!(
            moved((Green, Met), (Grey, Monitor)),
            Movement::NoLongerRated
        );
        assert_eq!(
            moved((Green, OnTrack), (Blue, Complete)),
            Movement::Improved
        );
    }
}
