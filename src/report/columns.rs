//! The tables a spreadsheet reads: one column list per report, each
//! column's cell typed. CSV writes a cell's text and the workbook its type
//! (a figure a number in its unit's format, a date a date, a rating its
//! colour), from the same table, so the two cannot drift.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::diff::Diff;
use super::status::{PlanSummary, StatusReport};
use crate::eval::{self_assessment_rag, Comparison, Rag, Rollup, StatusRow};
use crate::format::Amount;
use crate::period::Period;
use crate::plan::Unit;

/// One cell, as it is: text, a figure in its unit, a count, a date or a
/// rating.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Text, borrowed from the rows where they hold it.
    Text(Cow<'a, str>),
    /// A figure: a number in `unit`, or a grade's or special value's word.
    Figure(Amount, Option<Unit>),
    Count(usize),
    Date(NaiveDate),
    /// A period, as its label.
    Period(Period),
    /// A benchmark, as its words ([`Comparison::text`]).
    Comparison(&'a Comparison),
    Rating(Rag),
}

impl<'a> Cell<'a> {
    pub(crate) fn text(s: impl Into<Cow<'a, str>>) -> Self {
        Self::Text(s.into())
    }

    pub(crate) fn opt(s: Option<impl Into<Cow<'a, str>>>) -> Self {
        s.map_or(Self::blank(), Self::text)
    }

    pub(crate) fn blank() -> Self {
        Self::Text(Cow::Borrowed(""))
    }

    fn figure(x: Option<f64>, row: &StatusRow) -> Self {
        match x {
            Some(x) => Self::Figure(row.amount(x), row.unit),
            None => Self::blank(),
        }
    }

    fn date(d: Option<NaiveDate>) -> Self {
        d.map_or(Self::blank(), Self::Date)
    }

    /// The cell as a machine writes it (SPEC 4): a plain number, an ISO
    /// date, a rating's word. A number or a date is written into
    /// `scratch`, which a writer keeps for every cell.
    pub(crate) fn plain<'s>(&'s self, scratch: &'s mut String) -> &'s str {
        use std::fmt::Write as _;
        scratch.clear();
        let _ = match self {
            Self::Text(t) => return t,
            Self::Figure(Amount::Word(w), _) => return w,
            Self::Rating(r) => return r.name(),
            Self::Figure(Amount::Number(x), _) => {
                crate::format::push_plain(scratch, *x);
                Ok(())
            }
            Self::Count(n) => {
                crate::format::push_count(scratch, *n as u64);
                Ok(())
            }
            Self::Date(d) => write!(scratch, "{d}"),
            Self::Period(p) => write!(scratch, "{p}"),
            Self::Comparison(c) => write!(scratch, "{}", c.words()),
        };
        scratch
    }
}

/// A sheet's worth: a name, the column names and the records.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table<'a> {
    pub name: &'static str,
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<Cell<'a>>>,
}

/// The columns of `cfp status --format csv`, in the order scripts rely on.
pub(crate) const STATUS: &[&str] = &[
    "priority",
    "commitment",
    "id",
    "kind",
    "title",
    "rag",
    "status",
    "reason",
    "period",
    "value",
    "unit",
    "target",
    "by",
    "trend",
    "benchmark",
    "flags",
    "lead",
    "variation",
    "assurance",
    "forecast",
    "planned",
    "target_words",
];

/// A rated row's cells, in [`STATUS`] order.
fn status_cells(row: &StatusRow) -> Vec<Cell<'_>> {
    let flags: Vec<&str> = row.flags.iter().map(|f| f.name()).collect();
    // A milestone's `by` is its due date; a target's, its period.
    let by = match (row.kind, row.by_day) {
        (crate::eval::Kind::Milestone, Some(day)) => Cell::Date(day),
        _ => Cell::opt(row.by.as_deref()),
    };
    let period = match row.period {
        Some(p) if p.kind == crate::period::PeriodKind::Day => Cell::Date(p.first),
        p => p.map_or(Cell::blank(), Cell::Period),
    };
    vec![
        Cell::text(&*row.priority),
        Cell::opt(row.commitment.as_deref()),
        Cell::text(&*row.id),
        Cell::text(row.kind.name()),
        Cell::text(&*row.title),
        Cell::Rating(row.rag),
        Cell::text(row.status.words()),
        Cell::text(&row.reason),
        period,
        Cell::figure(row.value, row),
        Cell::opt(row.unit.map(|u| u.name())),
        Cell::figure(row.target, row),
        by,
        Cell::opt(row.trend_words()),
        Cell::text(super::words::benchmark_text(&row.benchmark)),
        Cell::text(flags.join(" ")),
        Cell::opt(row.lead.as_deref()),
        Cell::opt(row.spc.as_ref().map(|s| s.variation_text())),
        Cell::opt(row.spc.as_ref().map(|s| s.assurance_text())),
        Cell::opt(row.forecast.as_ref().map(|f| f.text())),
        // What the trajectory plans for the rated period, which the rating
        // was judged against where it is not the final target.
        Cell::figure(row.expected, row),
        // The target as the board reads it (`better than 84.9% (2021/22)`).
        Cell::opt(row.target_by()),
    ]
}

/// Rated rows as a table named `name`.
pub(crate) fn status<'a>(name: &'static str, rows: &'a [StatusRow]) -> Table<'a> {
    Table {
        name,
        header: STATUS,
        rows: rows.iter().map(status_cells).collect(),
    }
}

/// The columns of `cfp status --by priority --format csv`.
pub(crate) const ROLLUPS: &[&str] = &[
    "level",
    "id",
    "title",
    "priority",
    "worst",
    "red",
    "amber",
    "green",
    "blue",
    "grey",
    "self_assessed",
    "self_assessed_on",
    "self_assessed_note",
    "lead",
];

fn rollup_cells<'a>(level: &'a str, r: &'a Rollup) -> Vec<Cell<'a>> {
    let count = |rag: Rag| Cell::Count(r.counts.get(&rag).copied().unwrap_or(0));
    let assessed = r.self_assessed.as_ref();
    vec![
        Cell::text(level),
        Cell::text(&r.id),
        Cell::text(&r.title),
        Cell::opt(r.priority.as_deref()),
        Cell::opt(r.worst.map(|w| w.name())),
        count(Rag::Red),
        count(Rag::Amber),
        count(Rag::Green),
        count(Rag::Blue),
        count(Rag::Grey),
        Cell::opt(assessed.map(|a| self_assessment_rag(a.rag).name())),
        Cell::date(assessed.map(|a| a.date)),
        Cell::opt(assessed.and_then(|a| a.note.as_deref())),
        Cell::opt(r.lead.as_deref()),
    ]
}

/// One row per priority, each followed by its commitments.
pub(crate) fn rollups(report: &StatusReport) -> Table<'_> {
    let mut rows = Vec::new();
    for p in &report.priorities {
        rows.push(rollup_cells("priority", p));
        for c in report.commitments_of(&p.id) {
            rows.push(rollup_cells("commitment", c));
        }
    }
    Table {
        name: "roll-ups",
        header: ROLLUPS,
        rows,
    }
}

/// The columns of `cfp diff --format csv`.
pub(crate) const CHANGES: &[&str] = &[
    "change",
    "kind",
    "id",
    "title",
    "area",
    "period",
    "from",
    "to",
    "from_reason",
    "to_reason",
];

/// The typed columns a diff's workbook adds after [`CHANGES`]: the
/// period's days beside its label, as [`status_typed`] adds them.
pub(crate) const CHANGE_DAYS: &[&str] = &["period_start", "period_end"];

/// Each change's cells for [`CHANGE_DAYS`].
pub(crate) fn change_days(d: &Diff) -> Vec<Vec<Cell<'_>>> {
    d.changes
        .iter()
        .map(|c| {
            vec![
                Cell::date(c.days.map(|(first, _)| first)),
                Cell::date(c.days.map(|(_, last)| last)),
            ]
        })
        .collect()
}

/// One row per change. A figure is a number (SPEC 4), a rating its words.
pub(crate) fn changes(d: &Diff) -> Table<'_> {
    let side = |amount: &Option<Amount>, words: &Option<String>, unit| match amount {
        Some(a) => Cell::Figure(a.clone(), unit),
        None => Cell::opt(words.clone()),
    };
    let rows = d
        .changes
        .iter()
        .map(|c| {
            vec![
                Cell::text(c.change.words()),
                Cell::text(c.kind),
                Cell::text(&c.id),
                Cell::text(&c.title),
                Cell::opt(c.area.as_deref()),
                Cell::opt(c.period.as_deref()),
                side(&c.from_amount, &c.from, c.unit),
                side(&c.to_amount, &c.to, c.unit),
                Cell::opt(c.from_reason.as_deref()),
                Cell::opt(c.to_reason.as_deref()),
            ]
        })
        .collect();
    Table {
        name: "changes",
        header: CHANGES,
        rows,
    }
}

/// The typed columns every status workbook adds after [`STATUS`]; a
/// `<comparator> value` column per comparator follows them, and for a
/// group of areas (statistical neighbours, every area at the plan area's
/// level) `<comparator> rank`, `of` and `quartile` beside it.
pub(crate) const STATUS_TYPED: &[&str] = &[
    "period_start",
    "period_end",
    "by_date",
    "priority_title",
    "commitment_title",
    "previous_value",
    "previous_period",
    "baseline",
];

/// The typed columns a workbook adds after [`STATUS`], and each row's
/// cells for them. A spreadsheet sorts and filters by a date or a number
/// and not by a label like `2024/25` or words like `England: higher`, so
/// each label keeps its column and its dates or figure go beside it. The
/// CSV does not carry them: its columns are pinned (SPEC 4), and a script
/// gets the same figures from the JSON.
pub(crate) fn status_typed<'a>(
    plan: &'a PlanSummary,
    rows: &'a [StatusRow],
) -> (Vec<String>, Vec<Vec<Cell<'a>>>) {
    let mut header: Vec<String> = STATUS_TYPED.iter().map(|h| h.to_string()).collect();
    let ranked =
        |name: &str| plan.groups.contains_key(name) || plan.national.as_deref() == Some(name);
    for c in &plan.comparators {
        header.push(format!("{c} value"));
        if ranked(c) {
            header.extend(["rank", "of", "quartile"].map(|w| format!("{c} {w}")));
        }
    }
    let title = |id: Option<&str>| {
        let found = id.and_then(|id| plan.titles.get(id));
        Cell::opt(found.map(String::as_str))
    };
    let cells = rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                Cell::date(row.period.map(|p| p.first)),
                Cell::date(row.period.map(|p| p.last)),
                Cell::date(row.by_day),
                title(Some(&row.priority)),
                title(row.commitment.as_deref()),
                Cell::figure(row.trend.as_ref().map(|t| t.from), row),
                row.trend
                    .as_ref()
                    .map_or(Cell::blank(), |t| Cell::Period(t.from_period)),
                Cell::figure(row.baseline, row),
            ];
            for name in &plan.comparators {
                let found = row.benchmark.iter().find(|c| *c.comparator == **name);
                let group = found.and_then(|c| c.group.as_ref());
                // A group's value is its areas' mean, in the row's unit.
                cells.push(Cell::figure(found.and_then(|c| c.value), row));
                if ranked(name) {
                    let count = |n: Option<usize>| n.map_or(Cell::blank(), Cell::Count);
                    cells.push(count(group.map(|g| g.rank)));
                    cells.push(count(group.map(|g| g.of)));
                    cells.push(count(group.map(|g| g.quartile)));
                }
            }
            cells
        })
        .collect();
    (header, cells)
}
