//! Measurements: the figures, status updates and commentary read from the
//! plan's CSV files, each kept with where it came from.

mod append;
mod budget;
mod cell;
mod coverage;
mod ees;
mod file;
mod fingertips;
mod in_order;
pub(crate) mod inspect;
mod join;
mod kept;
mod lines;
mod mapping;
mod melt;
mod merge;
mod near;
mod peers;
mod read;
mod rows;
mod sheet;
mod stretch;

use chrono::NaiveDate;
use serde::Serialize;

use crate::period::Period;

pub use crate::plan::Area;
pub use crate::value::{
    grade_rank, nearest_grade, not_on_scale, parse_count, parse_grade, parse_number, parse_value,
    Mark, MaybeNumber, Value, ValueError,
};
pub use append::{judge, layout, new_header};
pub use coverage::{coverage, early_ends, Coverage, SeriesCoverage, SourceCoverage};
pub use peers::{
    rank_level, same_level, PeerAreas, PeerFigure, Peers, Stamps, When, MOST_IN_A_LEAGUE,
    MOST_PEERS,
};
pub use read::{read, Reading};
// What `cfp inspect` shares with the reader: how a header is matched and
// quoted, and how a Fingertips export is known.
pub(crate) use cell::spoken as spoken_header;
pub(crate) use fingertips::recognised as fingertips_recognised;
pub(crate) use mapping::{normal as normal_header, shown as shown_header};

/// A Fingertips export's header cell as the preset matches it (trimmed,
/// without a byte-order mark, any case, R's dots read as spaces), for
/// `fetch`'s check of an answer.
pub(crate) fn fingertips_header(name: &str) -> String {
    mapping::normal(name, true)
}

pub use crate::plan::COLUMNS;

/// Where a row came from: a file (index into [`Measurements::files`]) and
/// the 1-based line its record starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    pub file: u32,
    pub line: u32,
}

/// One figure for an indicator.
///
/// A plan of five million tracked rows holds five million of these, so
/// its size counts: what few figures carry (a value cell written other
/// than as its number, a note) is boxed in [`FigureText`], 88 bytes a
/// figure rather than 112 with the two strings inline.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub area: Area,
    pub period: Period,
    pub value: Value,
    pub numerator: MaybeNumber,
    pub denominator: MaybeNumber,
    pub lower_ci: MaybeNumber,
    pub upper_ci: MaybeNumber,
    /// The date the row or its source says it was published.
    pub published: Option<NaiveDate>,
    /// The day the figure became known: its published date, else its
    /// period's last day plus the lag.
    pub known: NaiveDate,
    /// The value cell as written and the note, where the row has either:
    /// see [`Observation::raw`] and [`Observation::note`].
    pub text: Option<Box<FigureText>>,
    pub origin: Origin,
}

/// The text a figure's row holds beyond its number, absent for most rows
/// of a large file.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureText {
    /// The value cell as written, where it is not the plain text of its
    /// number (a special token, `70.40`, `4,903`, a mark): most cells of
    /// a large file are, and keeping each as a string of its own cost
    /// more than the figure.
    pub raw: Option<Box<str>>,
    pub note: Option<Box<str>>,
}

impl FigureText {
    /// The box for a figure's value cell as written (`None` when its
    /// number writes it again) and its note: none when both are empty.
    pub fn of(raw: Option<Box<str>>, note: Option<Box<str>>) -> Option<Box<Self>> {
        (raw.is_some() || note.is_some()).then(|| Box::new(Self { raw, note }))
    }
}

impl Observation {
    /// The value cell as written.
    pub fn raw(&self) -> std::borrow::Cow<'_, str> {
        match (
            self.text.as_ref().and_then(|t| t.raw.as_ref()),
            self.value.number(),
        ) {
            (Some(raw), _) => raw.as_ref().into(),
            (None, Some(x)) => crate::format::plain(x).into(),
            (None, None) => "".into(),
        }
    }

    /// The row's note, if it has one.
    pub fn note(&self) -> Option<&str> {
        self.text.as_ref()?.note.as_deref()
    }

    /// What to keep of a value cell `raw` read as `value`: nothing when it
    /// is its number's plain text, which [`Observation::raw`] writes again.
    pub fn raw_unless_plain(raw: &str, value: &Value) -> Option<Box<str>> {
        match value {
            Value::Number { value, mark: None } if writes_again(raw, *value) => None,
            _ => Some(raw.into()),
        }
    }

    /// The day the figure became known.
    pub fn known_from(&self) -> NaiveDate {
        self.known
    }

    /// The published 95% interval, where the source gives one.
    pub fn interval(&self) -> Option<(f64, f64)> {
        Some((self.lower_ci.get()?, self.upper_ci.get()?))
    }
}

/// Whether [`crate::format::plain`] writes `value` as `raw`, told from
/// the text where it can be (most cells of a large file), since writing
/// a number out costs more than reading it. `plain` writes a number's
/// shortest form in positional notation, so a cell not in that form
/// (`70.40`, `4,903`, `1e5`, `-0`) is never its text. One in that form
/// with at most 15 significant digits is: two decimals of 15 digits or
/// fewer are never the same double, so the shortest that reads back as
/// the cell's double is the cell itself. Longer ones are written out.
fn writes_again(raw: &str, value: f64) -> bool {
    let text = raw.as_bytes();
    let unsigned = text.strip_prefix(b"-").unwrap_or(text);
    let (whole, fraction) = match unsigned.iter().position(|&c| c == b'.') {
        Some(p) => (&unsigned[..p], Some(&unsigned[p + 1..])),
        None => (unsigned, None),
    };
    let digits = |d: &[u8]| !d.is_empty() && d.iter().all(u8::is_ascii_digit);
    let shortest = digits(whole)
        && (whole.len() == 1 || whole[0] != b'0')
        && fraction.is_none_or(|f| digits(f) && f.last() != Some(&b'0'))
        && !(text.len() > unsigned.len() && value == 0.0);
    if !shortest || raw.parse::<f64>() != Ok(value) {
        return false;
    }
    // A cell too small for a normal double (`0.000…1`) reads as zero or
    // a subnormal: written out, it is not its text.
    if value == 0.0 {
        return raw == "0";
    }
    if value.abs() < f64::MIN_POSITIVE || raw.len() > 40 {
        return crate::format::plain(value) == raw;
    }
    let significant = whole
        .iter()
        .chain(fraction.unwrap_or_default())
        .skip_while(|&&c| c == b'0')
        .count();
    significant <= 15 || crate::format::plain(value) == raw
}

/// The state a milestone status row reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    NotStarted,
    InProgress,
    AtRisk,
    Complete,
    Cancelled,
}

impl MilestoneState {
    pub const NAMES: &'static [&'static str] = &[
        "not_started",
        "in_progress",
        "at_risk",
        "complete",
        "cancelled",
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        match normal_word(name).as_str() {
            "not_started" => Some(Self::NotStarted),
            "in_progress" => Some(Self::InProgress),
            "at_risk" => Some(Self::AtRisk),
            "complete" | "completed" => Some(Self::Complete),
            "cancelled" | "canceled" => Some(Self::Cancelled),
            _ => None,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::NotStarted => "not started",
            Self::InProgress => "in progress",
            Self::AtRisk => "at risk",
            Self::Complete => "complete",
            Self::Cancelled => "cancelled",
        }
    }
}

/// A commitment's own RAG, as its lead assessed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SelfAssessment {
    Green,
    Amber,
    Red,
}

impl SelfAssessment {
    pub const NAMES: &'static [&'static str] = &["green", "amber", "red"];

    pub fn name(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match normal_word(name).as_str() {
            "green" => Some(Self::Green),
            "amber" => Some(Self::Amber),
            "red" => Some(Self::Red),
            _ => None,
        }
    }
}

fn normal_word(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// A dated status row for a milestone or commitment.
#[derive(Debug, Clone, PartialEq)]
pub struct Update<S> {
    /// The date of the update (the last day of its period).
    pub date: NaiveDate,
    pub state: S,
    pub published: Option<NaiveDate>,
    pub note: Option<Box<str>>,
    pub origin: Origin,
}

impl<S> Update<S> {
    /// A status update counts from its publication, but never before its
    /// own date: a completion cannot be known before it happens.
    pub fn known_from(&self) -> NaiveDate {
        self.published.map_or(self.date, |p| p.max(self.date))
    }
}

/// What a recovery needs, as an update records it for an item off track:
/// what is being done, why, who owns the recovery, and when the item is
/// now expected. Each is as the row gives it; an empty cell is none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recovery {
    pub action: Option<Box<str>>,
    pub cause: Option<Box<str>>,
    pub owner: Option<Box<str>>,
    /// The date or period now expected, as written, and the day it ends.
    pub revised_due: Option<(Box<str>, NaiveDate)>,
}

impl Recovery {
    pub fn is_empty(&self) -> bool {
        self.action.is_none()
            && self.cause.is_none()
            && self.owner.is_none()
            && self.revised_due.is_none()
    }
}

/// How many cells of each kind `cfp check` saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub files: usize,
    pub rows: usize,
    pub figures: usize,
    pub status_rows: usize,
    /// Rows kept as a recovery update alone: no figure, no status.
    pub recovery_updates: usize,
    pub other_areas: usize,
    /// Rows whose mapped area cell is empty: about no named area.
    pub no_area: usize,
    /// EES rows of a geographic level cfp does not track.
    pub other_levels: usize,
    pub filtered: usize,
    pub unknown_ids: usize,
    /// Rows whose id a source's `ids` does not list.
    pub unlisted_ids: usize,
    /// Rows shorter than the header, read with the missing cells empty.
    pub short_rows: usize,
    pub suppressed: usize,
    pub missing: usize,
    pub not_applicable: usize,
    pub below_rounding: usize,
    pub provisional: usize,
    pub revised: usize,
    /// Rows of a special value whose counts or limits held something: a
    /// `z` published with 0/0 counts has no counts to read.
    pub special_counts_ignored: usize,
    /// Published figures over a zero denominator, kept without counts.
    pub zero_denominators: usize,
    /// Rows read as a kept figure's counts or limits (`measure`).
    pub joined: usize,
    /// Counts rows joined to a figure row that was then skipped.
    pub joined_skipped: usize,
    /// Counts rows with no figure row to join, or more than one.
    pub unpaired: usize,
    /// Rows of a measure the source's `measure` names no role for.
    pub other_measures: usize,
}

impl Counts {
    /// Adds another stretch's counts (all but `files`, counted per file).
    pub fn add(&mut self, o: &Counts) {
        self.rows += o.rows;
        self.figures += o.figures;
        self.status_rows += o.status_rows;
        self.recovery_updates += o.recovery_updates;
        self.other_areas += o.other_areas;
        self.no_area += o.no_area;
        self.other_levels += o.other_levels;
        self.filtered += o.filtered;
        self.unknown_ids += o.unknown_ids;
        self.unlisted_ids += o.unlisted_ids;
        self.short_rows += o.short_rows;
        self.suppressed += o.suppressed;
        self.missing += o.missing;
        self.not_applicable += o.not_applicable;
        self.below_rounding += o.below_rounding;
        self.provisional += o.provisional;
        self.revised += o.revised;
        self.special_counts_ignored += o.special_counts_ignored;
        self.zero_denominators += o.zero_denominators;
        self.joined += o.joined;
        self.joined_skipped += o.joined_skipped;
        self.unpaired += o.unpaired;
        self.other_measures += o.other_measures;
    }
}

/// What one source gave: the rows read through it, and those kept as
/// figures or status rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceRows {
    pub rows: usize,
    pub kept: usize,
}

/// Everything read from the measurement files, indexed like the plan.
#[derive(Debug, Clone, Default)]
pub struct Measurements {
    /// One entry per file a source read (a file two sources read is here
    /// twice): what [`Origin::file`] indexes.
    pub files: Vec<std::path::PathBuf>,
    /// Per entry of `files`, the source (index into `Plan::sources`) that
    /// read it.
    pub file_source: Vec<usize>,
    /// Per entry of `files`, its sheet's name when it is a spreadsheet.
    pub file_sheets: Vec<Option<String>>,
    /// Per series the plan tracks (its area, comparators, footprints, then
    /// groups' areas), the level its rows name (Fingertips' `Area Type`,
    /// EES's `geographic_level`), where a file names one.
    pub levels: Vec<Option<Box<str>>>,
    /// Every level the plan's own area's rows name, the first first.
    pub own_levels: Vec<Box<str>>,
    /// The plan area's name as its first row in the files spells it.
    pub own_name: Option<String>,
    /// Area names the files hold that the plan does not track (a few
    /// thousand at most): what `--area` suggests when no file holds it.
    pub other_areas: std::collections::BTreeSet<String>,
    /// The untracked areas at a level the files name, and their figures,
    /// when the run ranks the plan's area among them.
    pub peers: Peers,
    /// Per source of the plan, what it gave.
    pub sources: Vec<SourceRows>,
    /// Per indicator (same index as `Plan::indicators`), in period order.
    pub series: Vec<Vec<Observation>>,
    pub milestones: Vec<Vec<Update<MilestoneState>>>,
    pub commitments: Vec<Vec<Update<SelfAssessment>>>,
    /// Recovery updates, per indicator and per milestone (same indexes as
    /// the plan's), in date order: few rows of a file carry one.
    pub indicator_recovery: Vec<Vec<Update<Recovery>>>,
    pub milestone_recovery: Vec<Vec<Update<Recovery>>>,
    pub counts: Counts,
}

impl Measurements {
    /// The level the plan's area is ranked at, of those its rows name
    /// ([`rank_level`]).
    pub fn own_level(&self) -> Option<&str> {
        rank_level(&self.own_levels)
    }

    /// The level the rows of a tracked area name, if any.
    pub fn level_of(&self, plan: &crate::plan::Plan, area: Area) -> Option<&str> {
        self.levels.get(plan.series_index(area))?.as_deref()
    }
}

#[cfg(test)]
mod raw_tests {
    use super::{Observation, Value};
    use crate::value::Mark;

    #[test]
    fn a_figure_is_88_bytes() {
        // Five million of them in a large plan: a field added inline
        // costs 5 MB a byte (docs/performance.md, issue 20).
        assert_eq!(std::mem::size_of::<Observation>(), 88);
    }

    proptest::proptest! {
        /// Telling from the text agrees with writing the number out, for
        /// any number written any way.
        #[test]
        fn a_cell_is_plain_exactly_when_its_number_writes_it(
            x in proptest::num::f64::NORMAL | proptest::num::f64::ZERO,
            digits in 0usize..20,
            padded in proptest::bool::ANY,
        ) {
            let shown = format!("{x:.digits$}");
            let tiny = format!("0.{}4", "0".repeat(digits * 17));
            for raw in [shown.clone(), format!("{x}"), format!("{shown}0"), format!("{x:e}"), tiny] {
                let raw = if padded { format!("0{raw}") } else { raw };
                if let Ok(value) = raw.parse::<f64>() {
                    proptest::prop_assert_eq!(
                        crate::measure::writes_again(&raw, value),
                        crate::format::plain(value) == raw,
                        "{}", raw
                    );
                }
            }
        }
    }

    #[test]
    fn a_cell_is_kept_only_where_its_number_would_not_write_it_again() {
        let number = |value| Value::Number { value, mark: None };
        assert_eq!(Observation::raw_unless_plain("70.4", &number(70.4)), None);
        assert_eq!(Observation::raw_unless_plain("4903", &number(4903.0)), None);
        for (cell, value) in [
            ("70.40", number(70.4)),
            ("4,903", number(4903.0)),
            ("70.4%", number(70.4)),
        ] {
            assert_eq!(
                Observation::raw_unless_plain(cell, &value).as_deref(),
                Some(cell)
            );
        }
        let marked = Value::Number {
            value: 70.4,
            mark: Some(Mark::Provisional),
        };
        assert_eq!(
            Observation::raw_unless_plain("70.4", &marked).as_deref(),
            Some("70.4")
        );
        assert_eq!(
            Observation::raw_unless_plain("c", &Value::Suppressed).as_deref(),
            Some("c")
        );
    }
}
