//! Everything about one indicator, milestone, commitment or priority, as of
//! a date: the model behind `cfp show`, rendered as text or JSON.

use chrono::NaiveDate;
use serde::Serialize;

use crate::eval::analysis::interval;
use crate::eval::{evaluate, visible_series, Evaluation, Rollup, StatusRow};
use crate::format::Amount;
use crate::measure::{Area, Mark, Measurements, Observation, Value};
use crate::plan::{Commitment, Entity, Indicator, Milestone, Plan, Priority, Unit};
use crate::stats::Interval;

/// One figure in an indicator's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub period: String,
    /// The period's first and last days, for a spreadsheet to sort by.
    #[serde(skip)]
    pub days: (NaiveDate, NaiveDate),
    /// The number, or a grade's word.
    pub value: Option<Amount>,
    /// For a cell that holds no number: suppressed, missing, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'static str>,
    /// The cell as written.
    pub raw: String,
    /// Provisional or revised, as the source flags it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The 95% interval, published or computed.
    pub interval: Option<Interval>,
    /// `published` or `computed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_source: Option<&'static str>,
    pub published: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaHistory {
    pub area: String,
    pub figures: Vec<Figure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub definition: Indicator,
    pub rating: StatusRow,
    pub history: Vec<AreaHistory>,
    /// The plan's own series, one block character per period.
    pub sparkline: String,
    /// The latest commentary on the plan's own series.
    pub commentary: Option<String>,
    /// What the plan's own series' periods are, in words (`calendar
    /// years`, `months`): read from the periods it holds, so never
    /// "financial years" for a series of calendar years.
    pub periods: Option<String>,
}

/// The kinds of period a series holds, in words: `financial years`, or
/// `months and quarters` for a mix; none for an empty series.
pub fn periods_in_words(
    periods: impl IntoIterator<Item = crate::period::PeriodKind>,
) -> Option<String> {
    use crate::period::PeriodKind as K;
    let mut kinds: Vec<K> = Vec::new();
    for k in periods {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let name = |k: &K| match k {
        K::Day => "single dates",
        K::Month => "months",
        K::CalendarQuarter => "calendar quarters",
        K::FinancialQuarter => "financial quarters",
        K::FinancialYear => "financial years",
        K::AcademicYear => "academic years",
        K::CalendarYear => "calendar years",
        K::PooledYears => "pooled years",
        K::RollingYear => "rolling years",
        K::Term => "school terms",
    };
    let words: Vec<&str> = kinds.iter().map(name).collect();
    match words.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Update {
    pub date: NaiveDate,
    pub status: String,
    pub published: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub definition: Milestone,
    pub rating: StatusRow,
    /// Status updates known by the as-of date, oldest first.
    pub updates: Vec<Update>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView<T> {
    pub definition: T,
    pub rollup: Rollup,
    pub rows: Vec<StatusRow>,
    /// A commitment's self-assessments known by the as-of date, oldest first.
    pub assessments: Vec<Update>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum View {
    Indicator(Box<IndicatorView>),
    Milestone(Box<MilestoneView>),
    Commitment(Box<GroupView<Commitment>>),
    Priority(Box<GroupView<Priority>>),
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline: one bar per figure, scaled from the lowest to the highest;
/// `·` for a period with no number.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let numbers: Vec<f64> = values.iter().flatten().copied().collect();
    let (Some(lo), Some(hi)) = (
        numbers.iter().copied().reduce(f64::min),
        numbers.iter().copied().reduce(f64::max),
    ) else {
        return String::new();
    };
    sparkline_between(values, lo, hi)
}

/// A sparkline scaled from `lo` to `hi`: for a grade, the whole scale, so
/// that the bars say where on it each grade stands.
pub fn sparkline_between(values: &[Option<f64>], lo: f64, hi: f64) -> String {
    if values.iter().all(Option::is_none) {
        return String::new();
    }
    values
        .iter()
        .map(|v| match v {
            None => '·',
            Some(_) if hi == lo => BARS[3],
            Some(x) => {
                let step = ((x - lo) / (hi - lo) * 7.0).round() as usize;
                BARS[step.min(7)]
            }
        })
        .collect()
}

fn figure(ind: &Indicator, o: &Observation) -> Figure {
    let computed = interval(ind, o, 0.95);
    Figure {
        period: o.period.to_string(),
        days: (o.period.first, o.period.last),
        value: o
            .value
            .number()
            .map(|x| Amount::of(x, ind.unit, &ind.scale)),
        state: o.value.word(),
        raw: o.raw().into_owned(),
        mark: match o.value {
            Value::Number { mark, .. } => mark,
            _ => None,
        },
        numerator: o.numerator.get(),
        denominator: o.denominator.get(),
        interval: computed,
        interval_source: computed.map(|_| {
            if o.interval().is_some() {
                "published"
            } else {
                "computed"
            }
        }),
        published: o.published,
        note: o.note().map(String::from),
    }
}

/// The status updates known by `as_of`, oldest first, each state in words.
fn known_updates<S: Copy>(
    updates: Option<&Vec<crate::measure::Update<S>>>,
    as_of: NaiveDate,
    words: impl Fn(S) -> String,
) -> Vec<Update> {
    updates
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(|u| u.known_from() <= as_of)
        .map(|u| Update {
            date: u.date,
            status: words(u.state),
            published: u.published,
            note: u.note.as_deref().map(String::from),
        })
        .collect()
}

fn row_for(eval: &Evaluation, id: &str) -> Option<StatusRow> {
    eval.rows.iter().find(|r| *r.id == *id).cloned()
}

/// The view of `id` as of `as_of`, or `None` when the plan has no such id.
/// `cfp show`'s report: one item's view as of a date.
#[derive(Debug, Clone, Serialize)]
pub struct ShowReport {
    /// Whose plan: a workbook's cover names it.
    #[serde(skip)]
    pub plan: super::status::PlanSummary,
    pub as_of: NaiveDate,
    pub show: View,
}

impl ShowReport {
    /// The report on `id`; none when the plan has no such id.
    pub fn of(plan: &Plan, m: &Measurements, id: &str, as_of: NaiveDate) -> Option<Self> {
        show(plan, m, id, as_of).map(|show| Self {
            plan: super::status::PlanSummary::of(plan),
            as_of,
            show,
        })
    }
}

pub fn show(plan: &Plan, m: &Measurements, id: &str, as_of: NaiveDate) -> Option<View> {
    let entity = plan.entity(id)?;
    let eval = evaluate(plan, m, as_of);
    let view = match entity {
        Entity::Indicator(i) => {
            let ind = plan.indicators.get(i)?;
            let series = m.series.get(i).map_or(&[][..], Vec::as_slice);
            let visible = visible_series(series, as_of);
            let mut history: Vec<AreaHistory> = Vec::new();
            for o in &visible {
                let name = o.area.name(plan, ind).to_string();
                match history.iter_mut().find(|h| h.area == name) {
                    Some(h) => h.figures.push(figure(ind, o)),
                    None => history.push(AreaHistory {
                        area: name,
                        figures: vec![figure(ind, o)],
                    }),
                }
            }
            let own: Vec<&&Observation> = visible.iter().filter(|o| o.area == Area::Own).collect();
            let values: Vec<Option<f64>> = own.iter().map(|o| o.value.number()).collect();
            View::Indicator(Box::new(IndicatorView {
                definition: ind.clone(),
                rating: row_for(&eval, id)?,
                history,
                sparkline: if ind.unit == Unit::Grade {
                    sparkline_between(&values, 1.0, ind.scale.len() as f64)
                } else {
                    sparkline(&values)
                },
                commentary: own.iter().rev().find_map(|o| o.note().map(String::from)),
                periods: periods_in_words(own.iter().map(|o| o.period.kind)),
            }))
        }
        Entity::Milestone(i) => {
            let ms = plan.milestones.get(i)?;
            let updates = known_updates(m.milestones.get(i), as_of, |s| s.words().to_string());
            View::Milestone(Box::new(MilestoneView {
                definition: ms.clone(),
                rating: row_for(&eval, id)?,
                updates,
            }))
        }
        Entity::Commitment(i) => {
            let c = plan.commitments.get(i)?;
            let assessments = known_updates(m.commitments.get(i), as_of, |s| {
                crate::eval::self_assessment_rag(s).name().to_string()
            });
            View::Commitment(Box::new(GroupView {
                definition: c.clone(),
                rollup: eval.commitments.iter().find(|r| r.id == id)?.clone(),
                rows: eval
                    .rows
                    .iter()
                    .filter(|r| r.commitment.as_deref() == Some(id))
                    .cloned()
                    .collect(),
                assessments,
            }))
        }
        Entity::Priority(i) => {
            let p = plan.priorities.get(i)?;
            View::Priority(Box::new(GroupView {
                definition: p.clone(),
                rollup: eval.priorities.iter().find(|r| r.id == id)?.clone(),
                rows: eval
                    .rows
                    .iter()
                    .filter(|r| *r.priority == *id)
                    .cloned()
                    .collect(),
                assessments: Vec::new(),
            }))
        }
    };
    Some(view)
}

#[cfg(test)]
mod tests {
    use super::{sparkline, sparkline_between};

    #[test]
    fn sparklines_scale_from_lowest_to_highest() {
        assert_eq!(sparkline(&[Some(1.0), Some(8.0), None, Some(4.5)]), "▁█·▅");
        assert_eq!(sparkline(&[Some(3.0), Some(3.0)]), "▄▄");
        assert_eq!(sparkline(&[None]), "");
        assert_eq!(
            sparkline_between(&[Some(2.0), None, Some(4.0)], 1.0, 4.0),
            "▃·█",
            "a grade on the whole scale"
        );
    }
}
