//! The JSON of a rated row (docs/json.md): the fields in their order, a
//! grade's figures as words of its scale and every other figure as a
//! number, with the words every other format prints beside them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::eval::{
    Comparison, Direction, Flag, ForecastSummary, GroupRank, Kind, Rag, RecoveryUpdate, SpcSummary,
    Standing, Status, StatusRow, Trend,
};
use crate::format::Amount;
use crate::period::Period;
use crate::plan::Unit;
use crate::stats::trend::RecentTrend;

#[derive(Serialize)]
struct TrendJson {
    direction: Direction,
    from: Amount,
    #[serde(serialize_with = "crate::period::as_label")]
    from_period: Period,
    to: Amount,
    #[serde(serialize_with = "crate::period::as_label")]
    to_period: Period,
    tested: bool,
    text: String,
}

impl TrendJson {
    fn of(row: &StatusRow, t: &Trend) -> Self {
        Self {
            direction: t.direction,
            from: row.amount(t.from),
            from_period: t.from_period,
            to: row.amount(t.to),
            to_period: t.to_period,
            tested: t.direction.tested(),
            text: row.direction_text(t),
        }
    }
}

#[derive(Serialize)]
struct ComparisonJson<'a> {
    comparator: &'a str,
    value: Option<Amount>,
    result: Standing,
    tested: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    because: Option<&'static str>,
    text: String,
    #[serde(flatten)]
    group: Option<&'a GroupRank>,
}

impl<'a> ComparisonJson<'a> {
    fn of(row: &StatusRow, c: &'a Comparison) -> Self {
        Self {
            comparator: &c.comparator,
            // A group's mean is a number, of ranks for a grade.
            value: match c.group {
                Some(_) => c.value.map(Amount::Number),
                None => c.value.map(|x| row.amount(x)),
            },
            result: c.result,
            tested: c.tested,
            level: c.level,
            because: c.because,
            text: c.text(),
            group: c.group.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct RowJson<'a> {
    priority: &'a str,
    commitment: Option<&'a str>,
    id: &'a str,
    kind: Kind,
    title: &'a str,
    rag: Rag,
    status: Status,
    reason: &'a str,
    period: Option<String>,
    value: Option<Amount>,
    unit: Option<Unit>,
    per: Option<f64>,
    target: Option<Amount>,
    target_text: Option<String>,
    expected: Option<Amount>,
    planned: Option<String>,
    by: &'a Option<std::sync::Arc<str>>,
    trend_text: Option<String>,
    trend: Option<TrendJson>,
    recent_trend: &'a Option<RecentTrend>,
    benchmark: Vec<ComparisonJson<'a>>,
    spc: &'a Option<SpcSummary>,
    forecast: &'a Option<ForecastSummary>,
    flags: &'a [Flag],
    next_expected: Option<NaiveDate>,
    lead: Option<&'a str>,
    note: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery: &'a Option<RecoveryUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_update: Option<NaiveDate>,
}

impl Serialize for StatusRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let amount = |x: f64| self.amount(x);
        RowJson {
            priority: &self.priority,
            commitment: self.commitment.as_deref(),
            id: &self.id,
            kind: self.kind,
            title: &self.title,
            rag: self.rag,
            status: self.status,
            reason: &self.reason,
            period: self.period_label(),
            value: self.value.map(amount),
            unit: self.unit,
            per: self.per,
            target: self.target.map(amount),
            target_text: self.target.map(|t| self.shown_target(t)),
            expected: self.expected.map(amount),
            planned: self.planned.clone(),
            by: &self.by,
            trend_text: self.trend_words(),
            trend: self.trend.as_ref().map(|t| TrendJson::of(self, t)),
            recent_trend: &self.recent_trend,
            benchmark: self
                .benchmark
                .iter()
                .map(|c| ComparisonJson::of(self, c))
                .collect(),
            spc: &self.spc,
            forecast: &self.forecast,
            flags: &self.flags,
            next_expected: self.next_expected,
            lead: self.lead.as_deref(),
            note: &self.note,
            recovery: &self.recovery,
            last_update: self.last_update,
        }
        .serialize(s)
    }
}
