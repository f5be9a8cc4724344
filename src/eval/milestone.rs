//! Rating a milestone from its due date and its latest status update.

use chrono::NaiveDate;

use super::{Kind, Status, StatusRow};
use crate::format::human_date;
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
            priority: m.priority.as_str().into(),
            commitment: m.commitment.as_deref().map(Into::into),
            id: m.id.as_str().into(),
            kind: Kind::Milestone,
            title: m.title.as_str().into(),
            rag: self.status.rag(),
            status: self.status,
            reason: self.reason,
            period: m.due_period,
            value: None,
            unit: None,
            per: None,
            scale: Vec::new(),
            improve: false,
            improve_on: None,
            target: None,
            baseline: None,
            expected: None,
            by: m.due.map(|d| d.to_string().into()),
            by_day: m.due,
            trend: None,
            recent_trend: None,
            benchmark: Vec::new(),
            spc: None,
            forecast: None,
            flags: Vec::new(),
            next_expected: None,
            planned: None,
            lead: m.lead.as_deref().map(Into::into),
            note: self.note,
            recovery: None,
            last_update: None,
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

/// A span of days as a person says it aloud: days up to a fortnight, then
/// weeks, months, and years to the nearest half ("almost 4 years" for
/// 1,428 days), so that a chair can repeat it to a room.
fn elapsed(n: i64) -> String {
    if n < 14 {
        return days(n);
    }
    if n < 60 {
        return format!("{} weeks", (n as f64 / 7.0).round());
    }
    let months = (n as f64 / (365.25 / 12.0)).round() as i64;
    if months < 12 {
        return format!("{months} months");
    }
    let years = |y: i64| {
        if y == 1 {
            "a year".to_string()
        } else {
            format!("{y} years")
        }
    };
    let and_a_half = |y: i64| {
        if y == 1 {
            "a year and a half".to_string()
        } else {
            format!("{y} and a half years")
        }
    };
    let (whole, rest) = (months / 12, months % 12);
    match rest {
        0 => years(whole),
        1..=4 => format!("over {}", years(whole)),
        5..=7 => format!("about {}", and_a_half(whole)),
        8..=9 => format!("over {}", and_a_half(whole)),
        _ => format!("almost {}", years(whole + 1)),
    }
}

/// The first date of the unbroken run of `complete` updates that ends the
/// (date-sorted) list, if it ends complete.
fn completion_date(known: &[(NaiveDate, MilestoneState, Option<String>)]) -> Option<NaiveDate> {
    first_of_run(known).map(|(date, _, _)| *date)
}

/// The first row of the unbroken run of `complete` rows that ends at the
/// latest.
fn first_of_run(
    known: &[(NaiveDate, MilestoneState, Option<String>)],
) -> Option<&(NaiveDate, MilestoneState, Option<String>)> {
    known
        .iter()
        .rev()
        .take_while(|(_, s, _)| *s == MilestoneState::Complete)
        .last()
}

/// A completion known only from a later report, as the row's note says
/// ("Reported complete by the 26 Feb 2026 report; ..."): its date is the
/// report's, not the completion's, so no lateness is claimed for it.
fn reported_only(known: &[(NaiveDate, MilestoneState, Option<String>)]) -> bool {
    first_of_run(known)
        .and_then(|(_, _, note)| note.as_deref())
        .is_some_and(|n| {
            n.trim_start()
                .to_lowercase()
                .starts_with("reported complete by")
        })
}

/// Rates a milestone as of `as_of`. The latest update on or before then
/// decides its state (a `completed` date in the plan counts as a complete
/// update that day; on a shared date the later line wins); a milestone
/// complete at the latest update was completed on the first date of that
/// unbroken run of complete updates; overdue outranks at risk, which
/// outranks due soon.
pub fn rate_milestone(
    m: &Milestone,
    updates: &[Update<MilestoneState>],
    as_of: NaiveDate,
    due_soon: Span,
) -> MilestoneRating {
    let known = known_updates(m, updates, as_of);
    let (note, state) = match known.last() {
        Some((date, state, note)) => (note.clone(), Some((*date, *state))),
        None => (None, None),
    };
    // Re-reporting `complete` confirms it: the completion date is the first
    // of the unbroken run of `complete` rows that ends at the latest (SPEC 3).
    let state = state.map(|(date, s)| match s {
        MilestoneState::Complete => (completion_date(&known).unwrap_or(date), s),
        _ => (date, s),
    });
    let (status, reason) = match state {
        Some((date, MilestoneState::Complete)) => completed(date, m.due, reported_only(&known)),
        Some((date, MilestoneState::Cancelled)) => (
            Status::Cancelled,
            format!("cancelled on {}", human_date(date)),
        ),
        open => open_status(open, m.due, as_of, due_soon),
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

/// A reason written with no status update known, once a recovery update
/// is known: that says what is being done, not where the milestone
/// stands, but the reason must no longer say no update was recorded.
pub(crate) fn with_recovery(reason: &str, date: NaiveDate) -> String {
    reason.replace(
        "no update recorded",
        &format!(
            "no status update recorded (a recovery update on {})",
            human_date(date)
        ),
    )
}

/// The updates known by `as_of`, the plan's `completed` date among them,
/// in date order.
fn known_updates(
    m: &Milestone,
    updates: &[Update<MilestoneState>],
    as_of: NaiveDate,
) -> Vec<(NaiveDate, MilestoneState, Option<String>)> {
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
    // A stable sort keeps equals in line order: on a shared date the later
    // line wins.
    known.sort_by_key(|(date, _, _)| *date);
    known
}

/// A milestone completed on `date`: late when after its due date, unless
/// the date is only a later report's (`reported`).
fn completed(date: NaiveDate, due: Option<NaiveDate>, reported: bool) -> (Status, String) {
    match due {
        _ if reported => (
            Status::Complete,
            format!(
                "reported complete in the {} report; date not stated{}",
                human_date(date),
                due.map(|d| format!(" (due {})", human_date(d)))
                    .unwrap_or_default()
            ),
        ),
        Some(due) if date > due => (
            Status::CompleteLate,
            format!(
                "completed {}, {} after it was due ({})",
                human_date(date),
                elapsed((date - due).num_days()),
                human_date(due)
            ),
        ),
        Some(due) => (
            Status::Complete,
            format!("completed {}, due {}", human_date(date), human_date(due)),
        ),
        None => (Status::Complete, format!("completed {}", human_date(date))),
    }
}

/// A milestone neither complete nor cancelled, by its due date and its
/// latest update (`state`), if any.
fn open_status(
    state: Option<(NaiveDate, MilestoneState)>,
    due: Option<NaiveDate>,
    as_of: NaiveDate,
    due_soon: Span,
) -> (Status, String) {
    let last_update = match state {
        Some((date, s)) => format!("latest update: {} ({})", s.words(), human_date(date)),
        None => "no update recorded".to_string(),
    };
    match (state, due) {
        (_, Some(due)) if as_of > due => (
            Status::Overdue,
            format!(
                "overdue since {}, {}; {last_update}",
                human_date(due),
                elapsed((as_of - due).num_days())
            ),
        ),
        (Some((date, MilestoneState::AtRisk)), _) => (
            Status::AtRisk,
            format!(
                "reported at risk on {}; {}",
                human_date(date),
                due.map_or("no due date".into(), |d| format!("due {}", human_date(d)))
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
                elapsed((due - as_of).num_days())
            ),
        ),
        // Green needs evidence: with no due date and no update, nothing
        // says the milestone is on track (SPEC 3).
        (None, None) => (
            Status::NoUpdate,
            "no due date and no update recorded: nothing says it is on track".to_string(),
        ),
        (_, None) => (Status::OnTrack, format!("no due date; {last_update}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Origin;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn due(date: &str) -> Milestone {
        Milestone {
            id: "m".into(),
            priority: "p".into(),
            commitment: None,
            title: "M".into(),
            due: Some(d(date)),
            due_label: Some(date.into()),
            due_period: Some(crate::period::Period::day(d(date))),
            completed: None,
            lead: None,
            description: None,
            note: None,
        }
    }

    fn rows(states: &[(&str, MilestoneState)]) -> Vec<Update<MilestoneState>> {
        states
            .iter()
            .enumerate()
            .map(|(i, (date, state))| Update {
                date: d(date),
                state: *state,
                published: None,
                note: None,
                origin: Origin {
                    file: 0,
                    line: i as u32 + 2,
                },
            })
            .collect()
    }

    fn rated(m: &Milestone, updates: &[Update<MilestoneState>], as_of: &str) -> MilestoneRating {
        rate_milestone(m, updates, d(as_of), Span::Days(30))
    }

    use MilestoneState::{Complete, InProgress};

    #[test]
    fn time_late_reads_as_a_person_says_it() {
        for (n, words) in [
            (1, "1 day"),
            (9, "9 days"),
            (33, "5 weeks"),
            (100, "3 months"),
            (365, "a year"),
            (500, "over a year"),
            (548, "about a year and a half"),
            (788, "over 2 years"),
            (1_063, "almost 3 years"),
            (1_275, "about 3 and a half years"),
            (1_337, "over 3 and a half years"),
            (1_428, "almost 4 years"),
        ] {
            assert_eq!(elapsed(n), words, "{n} days");
        }
    }

    #[test]
    fn a_completion_confirmed_each_quarter_keeps_its_first_date() {
        let m = due("2025-03-31");
        let updates = rows(&[
            ("2025-03-15", Complete),
            ("2025-06-30", Complete),
            ("2025-09-30", Complete),
        ]);
        let r = rated(&m, &updates, "2025-10-01");
        assert_eq!(r.status, Status::Complete, "{}", r.reason);
        assert_eq!(r.completed, Some(d("2025-03-15")));
        assert_eq!(r.reason, "completed 15 Mar 2025, due 31 Mar 2025");
    }

    #[test]
    fn rows_out_of_order_are_read_by_date() {
        let m = due("2025-03-31");
        let updates = rows(&[("2025-09-30", Complete), ("2025-03-15", Complete)]);
        assert_eq!(
            rated(&m, &updates, "2025-10-01").completed,
            Some(d("2025-03-15"))
        );
    }

    #[test]
    fn a_run_broken_by_in_progress_starts_again() {
        let m = due("2025-03-31");
        let updates = rows(&[
            ("2025-03-15", Complete),
            ("2025-04-30", InProgress),
            ("2025-06-30", Complete),
            ("2025-09-30", Complete),
        ]);
        let r = rated(&m, &updates, "2025-10-01");
        assert_eq!(r.status, Status::CompleteLate, "{}", r.reason);
        assert_eq!(r.completed, Some(d("2025-06-30")));
    }

    #[test]
    fn a_completed_date_in_the_plan_starts_the_run() {
        let mut m = due("2025-03-31");
        m.completed = Some(d("2025-03-20"));
        let updates = rows(&[("2025-06-30", Complete)]);
        let r = rated(&m, &updates, "2025-07-01");
        assert_eq!(r.status, Status::Complete, "{}", r.reason);
        assert_eq!(r.completed, Some(d("2025-03-20")));
    }

    #[test]
    fn only_rows_known_by_the_as_of_date_count() {
        let m = due("2025-03-31");
        let updates = rows(&[("2025-03-15", InProgress), ("2025-06-30", Complete)]);
        let r = rated(&m, &updates, "2025-07-01");
        assert_eq!(r.status, Status::CompleteLate);
        assert_eq!(r.completed, Some(d("2025-06-30")));
    }
}
