//! Reading a `[[milestone]]`: its parent, its due period (within reach of
//! the plan's dates) and its completion date.

use chrono::Datelike;
use toml::Spanned;

use super::check::Checker;
use super::raw;
use super::{Milestone, Plan};
use crate::diag::Code;
use crate::period::PeriodContext;

impl Checker {
    pub(super) fn milestone(
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
                    Code::DueOutsidePlan,
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
                        Code::DueOutsidePlan,
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
            due_period: due,
            completed,
            lead: m.lead.clone(),
            description: m.description.clone(),
            note: m.note.clone(),
        }
    }
}
