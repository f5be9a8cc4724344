//! The plan: priorities, commitments, indicators with targets and
//! timeframes, and milestones, as the partnership agreed them.
//!
//! `raw` mirrors the TOML; `load` finds the files and reads them, and the
//! `Checker` (`check`: its primitive readers) validates them into the types
//! here, which the rest of cfp can trust: `structure` the ids, `[plan]`,
//! `[defaults]`, priorities and commitments, `indicator` and `milestone`
//! those entities, `sources` the `[measurements]`.

pub use crate::unit::Unit;

mod area;
mod check;
mod indicator;
mod load;
mod milestone;
mod pieces;
mod raw;
mod sources;
mod structure;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::Location;
use crate::period::{Period, PeriodContext, Span, YearKind};

pub use area::is_gss_code;
pub use check::SourceFile;
pub(crate) use load::glob_under;
pub use load::{find_plan_file, load, load_file, load_file_lenient, load_lenient, Refused};

/// Whether higher or lower figures are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Higher,
    Lower,
    None,
}

impl Polarity {
    pub const NAMES: &'static [&'static str] = &["higher", "lower", "none"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "higher" => Some(Self::Higher),
            "lower" => Some(Self::Lower),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    /// The polarity's word in the plan and in messages: `higher`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Higher => "higher",
            Self::Lower => "lower",
            Self::None => "none",
        }
    }

    /// How much `value` is better than `reference` (negative when worse);
    /// `None` when there is no better.
    pub fn gain(self, value: f64, reference: f64) -> Option<f64> {
        match self {
            Self::Higher => Some(value - reference),
            Self::Lower => Some(reference - value),
            Self::None => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Monthly,
    Quarterly,
    Annual,
}

impl Cadence {
    pub const NAMES: &'static [&'static str] = &["monthly", "quarterly", "annual"];

    /// The cadence's word in the plan and in output: `annual`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Annual => "annual",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "monthly" => Some(Self::Monthly),
            "quarterly" => Some(Self::Quarterly),
            "annual" => Some(Self::Annual),
            _ => None,
        }
    }

    pub fn span(self) -> Span {
        match self {
            Self::Monthly => Span::Months(1),
            Self::Quarterly => Span::Months(3),
            Self::Annual => Span::Months(12),
        }
    }
}

/// The amber band below a target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "amount", rename_all = "lowercase")]
pub enum Tolerance {
    /// A share of the target: `"5%"`.
    Relative(f64),
    /// Percentage points, for percent indicators: `"2pp"`.
    Points(f64),
    /// An amount in the indicator's unit: `"3"`.
    Absolute(f64),
}

impl Tolerance {
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let number = |s: &str| -> Result<f64, String> {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| {
                    format!("cannot read tolerance `{text}`: use \"5%\", \"2pp\" or \"3\"")
                })
        };
        if let Some(n) = t.strip_suffix('%') {
            number(n).map(Self::Relative)
        } else if let Some(n) = t.strip_suffix("pp") {
            number(n).map(Self::Points)
        } else {
            number(t).map(Self::Absolute)
        }
    }

    /// The width of the band around `target`, in the indicator's unit.
    pub fn width(self, target: f64) -> f64 {
        match self {
            Self::Relative(p) => target.abs() * p / 100.0,
            Self::Points(p) | Self::Absolute(p) => p,
        }
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Rust's shortest form that reads back as the same number (as
            // `format::plain` writes figures); `+ 0.0` turns the -0 that
            // "-0pp" parses to into 0.
            Self::Relative(p) => write!(f, "{}%", p + 0.0),
            Self::Points(p) => write!(f, "{}pp", p + 0.0),
            Self::Absolute(p) => write!(f, "{}", p + 0.0),
        }
    }
}

/// Serialises a period as its canonical label.
fn serialize_period<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

/// Serialises an optional period as its canonical label or null.
fn serialize_opt_period<S: serde::Serializer>(p: &Option<Period>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(p) => s.collect_str(p),
        None => s.serialize_none(),
    }
}

/// A value at a period: a baseline or a trajectory point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    #[serde(serialize_with = "serialize_period")]
    pub period: Period,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Target {
    /// Better than the baseline (or the first figure when there is none).
    Improve,
    /// `value` is the green threshold, to be reached by `by` (an ambition
    /// with no date has no `by`, and so is never missed).
    Value {
        value: f64,
        #[serde(serialize_with = "serialize_opt_period")]
        by: Option<Period>,
        #[serde(skip_serializing_if = "Option::is_none")]
        amber: Option<f64>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Priority {
    pub id: String,
    pub title: String,
    pub lead: Option<String>,
    pub aims: Vec<String>,
    pub actions: Vec<String>,
    pub description: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Commitment {
    pub id: String,
    pub priority: String,
    pub title: String,
    pub lead: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
}

/// An indicator's words that every row rated from it writes the same,
/// made once when the plan is read: a league writes 300,000 reasons.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// The target's value in its unit: `40%`, `12.5 per 100,000`, a
    /// grade's word.
    pub target: Option<Arc<str>>,
    /// The target's deadline: `2024/25`.
    pub by: Option<Arc<str>>,
    /// The tolerance: `5%`, `2pp`.
    pub tolerance: Arc<str>,
}

impl Labels {
    /// The labels of an indicator with `target` and `tolerance`, its
    /// figures in `unit` (per `per`, on `scale`).
    fn of(
        target: Option<&Target>,
        tolerance: Tolerance,
        (unit, per, scale): (Unit, Option<f64>, &[String]),
    ) -> Self {
        let (target, by) = match target {
            Some(Target::Value { value, by, .. }) => (
                Some(crate::format::figure(*value, unit, per, scale).into()),
                by.map(|b| b.to_string().into()),
            ),
            _ => (None, None),
        };
        Self {
            target,
            by,
            tolerance: tolerance.to_string().into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Its id, priority, commitment, title and lead are shared with every
    /// row rated from it (a league's 300,000), not copied into each.
    pub id: Arc<str>,
    pub priority: Arc<str>,
    pub commitment: Option<Arc<str>>,
    pub title: Arc<str>,
    pub unit: Unit,
    pub per: Option<f64>,
    /// For unit = "grade": the scale's words, worst first. A grade figure,
    /// target or baseline is held as its rank on it (1 = `scale[0]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<String>,
    /// The footprint its figures are reported on (an integrated care
    /// system, a region), when not the plan's own area: its own series is
    /// that area's rows, and every output names it beside the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub polarity: Polarity,
    pub year: YearKind,
    pub cadence: Option<Cadence>,
    pub lag: Option<Span>,
    pub baseline: Option<Point>,
    pub target: Option<Target>,
    #[serde(skip)]
    pub labels: Labels,
    pub tolerance: Tolerance,
    pub trajectory: Vec<Point>,
    /// Dates from which SPC limits are computed afresh (a change in process).
    pub rebase: Vec<NaiveDate>,
    /// Compute SPC limits from the first N points after the latest rebase.
    pub spc_baseline: Option<usize>,
    pub source: Option<String>,
    pub lead: Option<Arc<str>>,
    pub description: Option<String>,
    pub note: Option<String>,
}

impl Indicator {
    /// How long after a period ends its next figure is due, before the
    /// lag: the cadence, else one period of the figure's kind.
    pub fn cadence_after(&self, period: &Period) -> Span {
        use crate::period::PeriodKind;
        if let Some(c) = self.cadence {
            return c.span();
        }
        match period.kind {
            PeriodKind::Day | PeriodKind::Month => Span::Months(1),
            PeriodKind::CalendarQuarter | PeriodKind::FinancialQuarter => Span::Months(3),
            // A term's figures are compared with the same term a year on
            // (DfE publishes each term once a year).
            PeriodKind::Term
            | PeriodKind::FinancialYear
            | PeriodKind::AcademicYear
            | PeriodKind::CalendarYear
            | PeriodKind::RollingYear
            | PeriodKind::PooledYears => Span::Months(12),
        }
    }

    /// How this indicator's period labels are read.
    pub fn period_context(&self) -> PeriodContext {
        PeriodContext {
            year: self.year,
            annual: self.cadence == Some(Cadence::Annual),
        }
    }

    /// Reads a value cell for this indicator: a word of the scale for a
    /// grade, else a number; the special values of official statistics
    /// either way. This is the one call a reader needs.
    pub fn parse_value(
        &self,
        cell: &str,
        note: &str,
        dash: Option<Dash>,
    ) -> Result<crate::value::Value, crate::value::ValueError> {
        if self.unit == Unit::Grade {
            crate::value::parse_grade(cell, note, dash, &self.scale)
        } else {
            crate::value::parse_value(cell, note, dash)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    pub id: String,
    pub priority: String,
    pub commitment: Option<String>,
    pub title: String,
    /// The last day of the period the plan names as due.
    pub due: Option<NaiveDate>,
    pub due_label: Option<String>,
    /// The period the plan names as due, for ordering and typed outputs.
    #[serde(skip)]
    pub due_period: Option<crate::period::Period>,
    pub completed: Option<NaiveDate>,
    pub lead: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
}

/// cfp's own column names, which `[measurements.columns]` maps onto a
/// file's headers.
pub const COLUMNS: &[&str] = &[
    "id",
    "area",
    "area_code",
    "period",
    "value",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "published",
    "status",
    "note",
    "action",
    "cause",
    "owner",
    "revised_due",
];

/// Which series a figure belongs to: the plan's own area, one of its
/// comparators (by index into `Plan::comparators`) or an area of one of
/// its comparator groups (by index into `Plan::members`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    Own,
    Comparator(u16),
    Member(u16),
}

impl Area {
    /// The area's name, for indicator `ind`: its own series is its
    /// footprint when it names one, else the plan's area.
    pub fn name<'p>(self, plan: &'p Plan, ind: &'p Indicator) -> &'p str {
        match self {
            Self::Own => ind.area.as_deref().unwrap_or(&plan.area),
            Self::Comparator(c) => plan.comparators.get(c as usize).map_or("", |c| &**c),
            Self::Member(m) => plan.members.get(m as usize).map_or("", String::as_str),
        }
    }
}

pub use crate::value::Dash;

/// A publisher's file layout, which a source names instead of mapping
/// every column itself (SPEC 2a).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// OHID Fingertips exports, as the site or R writes them.
    Fingertips,
    /// DfE Explore Education Statistics' tidy CSVs.
    Ees,
}

impl Preset {
    pub const NAMES: &'static [&'static str] = &["fingertips", "ees"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "fingertips" => Some(Self::Fingertips),
            "ees" => Some(Self::Ees),
            _ => None,
        }
    }
}

/// A `where` condition: only rows whose column holds the value are read.
#[derive(Debug, Clone)]
pub struct Filter {
    pub column: String,
    /// The values meant, any one of them (`where = { Sex = ["Persons",
    /// "All"] }`).
    pub values: Vec<String>,
    /// From `where_not`: a row holding one of the values is left out.
    pub exclude: bool,
    /// Where the plan says it, for the warning when no row holds the value.
    pub at: Option<Location>,
}

impl Filter {
    /// The condition as the plan writes it: `Sex = "Persons"`, or
    /// `Sex = ["Persons", "All"]`.
    pub fn words(&self) -> String {
        let quoted: Vec<String> = self.values.iter().map(|v| format!("\"{v}\"")).collect();
        match quoted.as_slice() {
            [one] => format!("{} = {one}", self.column),
            _ => format!("{} = [{}]", self.column, quoted.join(", ")),
        }
    }
}

/// A set of measurement files read with one mapping: which columns hold
/// what, which rows to keep, and what the files leave unsaid.
#[derive(Debug, Clone, Default)]
pub struct MeasurementSource {
    /// Paths or globs relative to the plan, with where the plan names them.
    pub files: Vec<(String, Option<Location>)>,
    pub preset: Option<Preset>,
    /// cfp's column name -> the file's own header.
    pub columns: HashMap<String, String>,
    pub filter: Vec<Filter>,
    /// Every kept row is this plan id.
    pub indicator: Option<String>,
    /// File id value -> plan id; rows with other ids are skipped.
    pub ids: Option<HashMap<String, String>>,
    /// The period of every row, for files with no period column.
    pub period: Option<String>,
    /// When every row became known, unless it says.
    pub published: Option<NaiveDate>,
    /// Or: how long after its period's end each row became known.
    pub lag: Option<Span>,
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    /// cfp columns whose empty cells repeat the last filled one above.
    pub fill_down: Vec<String>,
    /// A table whose periods run across its columns: cfp column -> the
    /// header template, `{period}` standing for the period's label. Empty
    /// for a long table.
    pub melt: Vec<(String, String)>,
    /// A file whose figures and counts are on separate rows.
    pub measure: Option<MeasureRows>,
}

/// `measure`: the column naming each row's measure, and the value of it
/// that marks each role (`value` the figure, `numerator`, `denominator`,
/// `lower_ci`, `upper_ci` its counts and limits).
#[derive(Debug, Clone, Default)]
pub struct MeasureRows {
    pub column: String,
    /// (cfp column, the measure cell's value), `value` first.
    pub roles: Vec<(String, String)>,
    pub at: Option<Location>,
}

impl MeasureRows {
    /// The measure cell's value that marks a role, if the source names it.
    pub fn value_of(&self, role: &str) -> Option<&str> {
        self.roles
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, v)| v.as_str())
    }
}

/// What a `melt` template holds where each header has its period.
pub const PERIOD_MARK: &str = "{period}";

/// The cfp columns a wide table's blocks may hold, one per period.
pub const MELTED: [&str; 7] = [
    "value",
    "status",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "note",
];

/// The roles a row may have in a `measure` source, the figure first.
pub const MEASURE_ROLES: [&str; 5] = ["value", "numerator", "denominator", "lower_ci", "upper_ci"];

#[derive(Debug, Clone)]
pub struct Defaults {
    pub tolerance: Tolerance,
    pub due_soon: Span,
    pub year: YearKind,
    /// Benchmark in three levels (better, similar, worse at 95%) or five
    /// (also saying whether the difference holds at 99.8%).
    pub benchmark_levels: u8,
    /// SPC moving-range screening (off: the MDC Excel variant).
    pub spc_screening: bool,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            tolerance: Tolerance::Relative(5.0),
            due_soon: Span::Days(30),
            year: YearKind::Financial,
            benchmark_levels: 3,
            spc_screening: true,
        }
    }
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Priority(usize),
    Commitment(usize),
    Indicator(usize),
    Milestone(usize),
}

/// The most distinct peers a national rank reads: every upper- or
/// lower-tier authority, every ICB or PCN, a region's practices. A file
/// of more (every LSOA, every practice in England) gives no rank rather
/// than one among some of them, and says so.
pub const MOST_PEERS: usize = 4096;

/// The most areas a league rates (every practice in England is 6,500).
pub const MOST_IN_A_LEAGUE: usize = u16::MAX as usize;

/// Which areas the plan does not track are read as peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeerAreas {
    /// None: their rows are counted and dropped on their area cell.
    #[default]
    None,
    /// Those of a file that names each area's level, for the national
    /// rank.
    Levelled,
    /// Every one, for a league.
    Every,
}

impl PeerAreas {
    /// The most distinct peers read.
    pub fn most(self) -> usize {
        match self {
            Self::Every => MOST_IN_A_LEAGUE,
            _ => MOST_PEERS,
        }
    }

    /// What the peers are read for, in a reader's words.
    pub fn purpose(self) -> &'static str {
        match self {
            Self::Every => "the league",
            _ => "the national rank",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    /// The folder holding `cfp.toml`; measurement paths are relative to it.
    pub root: PathBuf,
    /// The TOML files the plan was read from: `cfp.toml` and its
    /// includes. Inputs, which no output may replace.
    pub files: Vec<PathBuf>,
    pub title: String,
    pub area: String,
    pub comparators: Vec<Arc<str>>,
    /// Comparators that are groups of areas (statistical neighbours): the
    /// group's name, which is also in `comparators`, and its areas.
    pub groups: Vec<(String, Vec<String>)>,
    /// Every group's areas that are not already the plan's area or a
    /// comparator, each once: `Area::Member` indexes into it.
    pub members: Vec<String>,
    /// Area name -> GSS code.
    pub codes: HashMap<String, String>,
    /// Rated for another area than its own (`--area`): only a row that
    /// names the area is its figure, since a row naming none (a file with
    /// no area column, an empty cell in cfp's own files) is the plan's
    /// own area's, not the one asked for.
    pub rated_as: bool,
    /// Which untracked areas' rows are read as peers' figures rather
    /// than dropped: those at a level the files name, when the run ranks
    /// the plan's area among them (status, show, report, diff); every
    /// one for a league.
    pub peers: PeerAreas,
    /// The comparator that rank is given as, once the files have shown
    /// peers at the plan area's level (`County & UA areas`).
    pub national: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub vision: Option<String>,
    pub defaults: Defaults,
    pub sources: Vec<MeasurementSource>,
    pub dash: Option<Dash>,
    pub priorities: Vec<Priority>,
    pub commitments: Vec<Commitment>,
    pub indicators: Vec<Indicator>,
    pub milestones: Vec<Milestone>,
    ids: HashMap<String, Entity>,
}

impl Plan {
    pub fn entity(&self, id: &str) -> Option<Entity> {
        self.ids.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ids.keys().map(String::as_str)
    }

    pub fn priority(&self, id: &str) -> Option<&Priority> {
        match self.entity(id) {
            Some(Entity::Priority(i)) => self.priorities.get(i),
            _ => None,
        }
    }

    pub fn commitment(&self, id: &str) -> Option<&Commitment> {
        match self.entity(id) {
            Some(Entity::Commitment(i)) => self.commitments.get(i),
            _ => None,
        }
    }

    /// The areas of the group a comparator names, if it is a group.
    /// The place of a tracked area among every series the plan tracks, in
    /// the order they are read: its own area, comparators, footprints,
    /// groups' areas.
    pub fn series_index(&self, area: Area) -> usize {
        match area {
            Area::Own => 0,
            Area::Comparator(c) => 1 + c as usize,
            Area::Member(k) => 1 + self.comparators.len() + self.footprints().count() + k as usize,
        }
    }

    /// What each rated figure is compared with, in the order a report
    /// gives them: the comparators, then the rank among every area at the
    /// plan area's level, where the files hold them.
    pub fn benchmarks(&self) -> Vec<String> {
        self.comparators
            .iter()
            .map(|c| c.to_string())
            .chain(self.national.iter().cloned())
            .collect()
    }

    pub fn group(&self, comparator: &str) -> Option<&[String]> {
        self.groups
            .iter()
            .find(|(name, _)| name == comparator)
            .map(|(_, areas)| areas.as_slice())
    }

    /// The series an area's figures are held as: the plan's own area, a
    /// comparator, or a group's area.
    pub fn series_area(&self, area: &str) -> Option<Area> {
        if area == self.area {
            return Some(Area::Own);
        }
        if let Some(c) = self.comparators.iter().position(|c| **c == *area) {
            return Some(Area::Comparator(c as u16));
        }
        self.members
            .iter()
            .position(|m| m == area)
            .map(|m| Area::Member(m as u16))
    }

    /// The footprints indicators name, each once.
    pub fn footprints(&self) -> impl Iterator<Item = &str> {
        let mut seen: Vec<&str> = Vec::new();
        self.indicators.iter().filter_map(move |i| {
            let f = i.area.as_deref()?;
            if seen.contains(&f) {
                return None;
            }
            seen.push(f);
            Some(f)
        })
    }
}
