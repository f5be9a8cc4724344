//! The words a reader reads, written once for every format: a figure,
//! a target, a comparison, a trend and its arrow, a rating's shape. The
//! rules (`eval`) decide; these say it. A renderer lays the words out and
//! never writes its own.

use std::fmt::Write as _;

use super::diff::{Change, Diff};
use crate::eval::compare::ordinal;
use crate::eval::{Comparison, Direction, Rag, Standing, StatusRow, Trend};
use crate::format;
use crate::plan::Unit;
use crate::stats::trend::TrendLabel;

impl StatusRow {
    /// The rated figure's period (a milestone's due period) as labelled.
    pub fn period_label(&self) -> Option<String> {
        self.period.map(|p| p.to_string())
    }

    /// A figure of this row for a reader: `70.4%`, or a grade's word.
    pub fn shown(&self, x: f64) -> String {
        format::figure(x, self.unit.unwrap_or(Unit::Number), self.per, &self.scale)
    }

    /// A target of this row for a reader: `72%`, or `Good or better`
    /// (`better than Good` for a grade to improve on).
    pub fn shown_target(&self, x: f64) -> String {
        let unit = self.unit.unwrap_or(Unit::Number);
        if self.improve {
            match &self.improve_on {
                Some(period) => format!("better than {} ({period})", self.shown(x)),
                None => format!("better than {}", self.shown(x)),
            }
        } else {
            format::target(x, unit, self.per, &self.scale)
        }
    }

    /// The target and its date as a reader reads them: `72% by 2025/26`,
    /// `better than 9.8% (2022/23)`; none without a target.
    pub fn target_by(&self) -> Option<String> {
        let target = self.target.filter(|_| self.unit.is_some())?;
        let mut words = self.shown_target(target);
        if let Some(by) = &self.by {
            words.push_str(&format!(" by {by}"));
        }
        Some(words)
    }

    /// The one trend shown beside a rating (SPEC 3a): the five-point
    /// recent trend where counts allow it, else the direction of travel,
    /// each naming its window.
    pub fn trend_words(&self) -> Option<String> {
        use crate::stats::trend::TrendLabel;
        if let Some(r) = self
            .recent_trend
            .as_ref()
            .filter(|r| r.label != TrendLabel::CannotBeCalculated)
        {
            return Some(format!("5-point trend: {}", r.label.words()));
        }
        self.trend.as_ref().map(|t| self.direction_text(t))
    }

    /// The direction of travel in words ([`Trend::text`]), in the row's
    /// unit.
    pub fn direction_text(&self, t: &Trend) -> String {
        t.text(self.unit.unwrap_or(Unit::Number), self.per, &self.scale)
    }

    /// The latest figure as a reader reads it (`70.4%`), if there is one.
    pub fn figure(&self) -> Option<String> {
        self.value
            .filter(|_| self.unit.is_some())
            .map(|v| self.shown(v))
    }

    /// The target and its date (`90% by 2029/30`), with the figure
    /// expected now on a trajectory; empty without a target.
    pub fn target_words(&self) -> String {
        let Some(mut text) = self.target_by() else {
            return String::new();
        };
        if let Some(planned) = &self.planned {
            let _ = write!(text, "; {planned}");
        }
        text
    }
}

impl Comparison {
    /// The words a reader reads: the judgement only from a test (or a
    /// grade's exact rank), else where the figure stands and that it is
    /// not tested; the comparator's figure always beside the word.
    pub fn text(&self) -> String {
        self.words().to_string()
    }

    /// [`Comparison::text`], written where it is displayed (a league's
    /// CSV of 300,000 rows).
    pub fn words(&self) -> impl std::fmt::Display + '_ {
        format::shown(move |f| {
            let c = &self.comparator;
            let theirs = &self.shown;
            // A rank or `not compared` reads after the comparator's name.
            if self.group.is_some() || self.value.is_none() {
                return write!(f, "{c}: {}", self.cell_words().0);
            }
            let word = self.result.word();
            match self.result {
                Standing::Same if self.by_grade => write!(f, "same grade as {c} ({theirs})"),
                _ if self.by_grade => write!(f, "{word} grade than {c} ({theirs})"),
                Standing::Similar => write!(f, "similar to {c} ({theirs})"),
                Standing::Same => write!(f, "same as {c} ({theirs}), not tested"),
                _ if !self.tested => write!(f, "{word} {c} ({theirs}), not tested"),
                _ => match self.level {
                    Some(level) => write!(f, "{word} than {c} ({theirs}) at {level} confidence"),
                    None => write!(f, "{word} than {c} ({theirs})"),
                },
            }
        })
    }

    /// The word and what qualifies it, for a cell already headed by the
    /// comparator's name: (`better`, `72.9%`), (`above`, `72.9%, not
    /// tested`), (`3rd of 4 (quartile 3; mean 61.2)`, ``).
    pub fn cell_words(&self) -> (String, String) {
        let theirs = &self.shown;
        if let (Some(g), Some(_)) = (&self.group, self.value) {
            return (
                format!(
                    "{} of {} (quartile {}; mean {theirs})",
                    ordinal(g.rank),
                    g.of,
                    g.quartile
                ),
                String::new(),
            );
        }
        if self.value.is_none() {
            let word = match self.because {
                Some(why) => format!("not compared ({why})"),
                None => "not compared".into(),
            };
            return (word, String::new());
        }
        let word = if self.by_grade {
            format!("{} grade", self.result.word())
        } else {
            self.result.word().to_string()
        };
        let qualifier = match (self.tested || self.by_grade, self.level) {
            (false, _) => format!("{theirs}, not tested"),
            (true, Some(level)) => format!("{theirs}, at {level} confidence"),
            (true, None) => theirs.to_string(),
        };
        (word, qualifier)
    }
}

/// The benchmark cell: every comparison, or `not compared` when no
/// comparator has a figure for the period.
pub(crate) fn benchmark_text(comparisons: &[Comparison]) -> String {
    if comparisons.iter().all(|c| c.value.is_none()) {
        match comparisons.first() {
            None => String::new(),
            Some(c) => match c.because {
                Some(why) if comparisons.iter().all(|o| o.because == Some(why)) => {
                    format!("not compared ({why})")
                }
                _ => "not compared".into(),
            },
        }
    } else {
        comparisons
            .iter()
            .map(Comparison::text)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A shape for each rating, so colour is never the only signal.
pub(crate) fn shape(rag: Rag) -> &'static str {
    match rag {
        Rag::Blue => "◆",
        Rag::Green => "●",
        Rag::Amber => "▲",
        Rag::Red => "■",
        Rag::Grey => "○",
    }
}

/// Which way the figure moved: up, down, or level when the change is not
/// real (equal, or within overlapping intervals).
pub(crate) fn arrow(t: &Trend) -> &'static str {
    if t.direction == Direction::NoChange || t.to == t.from {
        "→"
    } else if t.to > t.from {
        "↑"
    } else {
        "↓"
    }
}

/// The arrow and judgement of the one trend a row shows
/// ([`StatusRow::trend_words`]): the five-point trend's where it has one,
/// else the direction of travel's. Only a tested change is better or
/// worse; an untested one is level in colour.
pub(crate) fn trend_arrow(row: &StatusRow) -> Option<(&'static str, Judgement)> {
    if let Some(r) = row
        .recent_trend
        .as_ref()
        .filter(|r| r.label != TrendLabel::CannotBeCalculated)
    {
        use TrendLabel::*;
        let arrow = match r.label {
            IncreasingBetter | IncreasingWorse | Increasing => "↑",
            DecreasingBetter | DecreasingWorse | Decreasing => "↓",
            _ => "→",
        };
        let judgement = match r.label {
            IncreasingBetter | DecreasingBetter => Judgement::Better,
            IncreasingWorse | DecreasingWorse => Judgement::Worse,
            _ => Judgement::Level,
        };
        return Some((arrow, judgement));
    }
    let t = row.trend.as_ref()?;
    let judgement = match t.direction {
        Direction::Improving => Judgement::Better,
        Direction::Worsening => Judgement::Worse,
        _ => Judgement::Level,
    };
    Some((arrow(t), judgement))
}

/// Whether a trend is better or worse by a test, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Judgement {
    Better,
    Worse,
    Level,
}

/// A due date as a person writes it (`31 Dec 2023`), for the views a
/// person reads; machine outputs keep the ISO date.
/// Who answers for a row, or that nobody is named: a blank would read as
/// an oversight in the paper rather than a gap in the plan.
pub(crate) fn lead(row: &StatusRow) -> String {
    row.lead.as_deref().unwrap_or("not named").to_string()
}

/// How long an update stays current: a quarter, the rhythm of board
/// reporting. An older one is shown as "No update since".
const CURRENT_UPDATE_DAYS: i64 = 92;

/// What an exception report says is being done, a line each: the latest
/// recovery update's action, cause, owner and revised date, then when it
/// was made ("No update since 31 Oct 2023" once it is a quarter old). With
/// none: a milestone's last update, or "No update recorded"; for an
/// indicator, whose figures are its updates, that no action is recorded.
pub(crate) fn update_lines(
    row: &StatusRow,
    as_of: chrono::NaiveDate,
) -> Vec<(&'static str, String)> {
    let old = |d: chrono::NaiveDate| (as_of - d).num_days() > CURRENT_UPDATE_DAYS;
    let Some(r) = &row.recovery else {
        // An indicator's figures are its updates: what it lacks is an action.
        if row.kind == crate::eval::Kind::Indicator {
            return vec![("Update", "No recovery action recorded".to_string())];
        }
        let words = match row.last_update {
            Some(d) if old(d) => format!("No update since {}", format::human_date(d)),
            Some(d) => format!(
                "Last update {}; no recovery action recorded",
                format::human_date(d)
            ),
            None => "No update recorded".to_string(),
        };
        return vec![("Update", words)];
    };
    let mut lines = Vec::new();
    for (name, value) in [
        ("Action", &r.action),
        ("Cause", &r.cause),
        ("Owner", &r.owner),
    ] {
        if let Some(v) = value {
            lines.push((name, v.clone()));
        }
    }
    if let Some(due) = &r.revised_due {
        lines.push(("Revised date", due_words(due)));
    }
    let latest = row.last_update.map_or(r.date, |d| d.max(r.date));
    lines.push((
        "Update",
        if old(latest) {
            format!("No update since {}", format::human_date(latest))
        } else {
            format!("As updated on {}", format::human_date(r.date))
        },
    ));
    lines
}

/// `text` with its first letter a capital, to open a sentence.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A milestone's due date as its scorecard row says it: `due 31 Mar
/// 2025`, or `no due date`.
pub(crate) fn due_phrase(row: &StatusRow) -> String {
    row.by.as_deref().map_or("no due date".to_string(), |by| {
        format!("due {}", due_words(by))
    })
}

pub(crate) fn due_words(by: &str) -> String {
    chrono::NaiveDate::parse_from_str(by, "%Y-%m-%d")
        .map(format::human_date)
        .unwrap_or_else(|_| by.to_string())
}

impl Diff {
    /// `Changes between 1 Apr 2025 and 30 Jun 2025: 3 changes`.
    pub fn headline(&self) -> String {
        format!(
            "Changes between {} and {}: {}",
            format::human_date(self.since),
            format::human_date(self.as_of),
            match self.changes.len() {
                0 => "none".to_string(),
                1 => "1 change".to_string(),
                n => format!("{n} changes"),
            }
        )
    }
}

impl Change {
    /// Why it changed: the reasons then and now.
    pub fn why(&self) -> String {
        match (&self.from_reason, &self.to_reason) {
            (Some(a), Some(b)) => format!("was: {a}\nnow: {b}"),
            (None, Some(b)) => b.clone(),
            (Some(a), None) => format!("was: {a}"),
            (None, None) => String::new(),
        }
    }

    /// The item it happened to: id, title, area and period.
    pub fn item(&self) -> String {
        let mut s = format!("{}\n{}", self.id, self.title);
        if let Some(area) = &self.area {
            s.push_str(&format!("\n{area}"));
        }
        if let Some(p) = &self.period {
            s.push_str(&format!(", {p}"));
        }
        s
    }
}
