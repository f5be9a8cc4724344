//! The plan's TOML as written, with the position of every value that
//! validation may need to point at.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub(super) type Text = Spanned<String>;

/// `where` or `where_not`: each column's value, or a list of values any
/// of which is meant; checked to be text when the plan is read.
pub(super) type Conditions = BTreeMap<String, Spanned<toml::Value>>;
/// A value whose type validation checks itself (a date or a period, a
/// number, a table), so that one bad value does not hide the others.
pub(super) type Loose = Spanned<toml::Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    pub include: Option<Spanned<Vec<Text>>>,
    pub plan: Option<Spanned<Meta>>,
    pub defaults: Option<Spanned<Defaults>>,
    pub measurements: Option<Spanned<Measurements>>,
    #[serde(default)]
    pub priority: Vec<Spanned<Priority>>,
    #[serde(default)]
    pub commitment: Vec<Spanned<Commitment>>,
    #[serde(default)]
    pub indicator: Vec<Spanned<Indicator>>,
    #[serde(default)]
    pub milestone: Vec<Spanned<Milestone>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Meta {
    pub title: Text,
    pub area: Text,
    #[serde(default)]
    pub comparators: Vec<Text>,
    /// Comparator name -> the areas of that group (statistical neighbours).
    pub groups: Option<BTreeMap<Text, Spanned<Vec<Text>>>>,
    pub start: Option<Loose>,
    pub end: Option<Loose>,
    pub vision: Option<String>,
    /// Area name -> GSS code, so rows match by code.
    pub codes: Option<BTreeMap<String, Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Defaults {
    pub tolerance: Option<Text>,
    pub due_soon: Option<Text>,
    pub year: Option<Text>,
    pub benchmark_levels: Option<Spanned<i64>>,
    pub spc_screening: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Measurements {
    pub files: Option<Vec<Text>>,
    pub columns: Option<BTreeMap<String, Text>>,
    #[serde(rename = "where")]
    pub filter: Option<Conditions>,
    pub where_not: Option<Conditions>,
    pub dash: Option<Text>,
    #[serde(default)]
    pub source: Vec<Spanned<Source>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Source {
    pub files: Vec<Text>,
    pub preset: Option<Text>,
    pub columns: Option<BTreeMap<String, Text>>,
    #[serde(rename = "where")]
    pub filter: Option<Conditions>,
    pub where_not: Option<Conditions>,
    pub indicator: Option<Text>,
    pub ids: Option<BTreeMap<String, Text>>,
    pub period: Option<Text>,
    pub published: Option<Loose>,
    pub lag: Option<Text>,
    pub sheet: Option<Text>,
    pub header_row: Option<Spanned<i64>>,
    pub fill_down: Option<Vec<Text>>,
    /// A wide table: cfp column -> header template holding `{period}`.
    pub melt: Option<Spanned<BTreeMap<String, Text>>>,
    /// Counts on other rows: `column` and the value naming each role.
    pub measure: Option<Spanned<BTreeMap<String, Text>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Priority {
    pub id: Text,
    pub title: Text,
    pub lead: Option<String>,
    #[serde(default)]
    pub aims: Vec<String>,
    #[serde(default)]
    pub actions: Vec<String>,
    pub description: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Commitment {
    pub id: Text,
    pub priority: Text,
    pub title: Text,
    pub lead: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Indicator {
    pub id: Text,
    pub commitment: Option<Text>,
    pub priority: Option<Text>,
    pub title: Text,
    pub unit: Option<Text>,
    pub per: Option<Loose>,
    /// For unit = "grade": the scale's words, worst first.
    pub scale: Option<Spanned<Vec<Text>>>,
    /// The footprint its figures are reported on, when not the plan's area.
    pub area: Option<Text>,
    pub polarity: Option<Text>,
    pub year: Option<Text>,
    pub cadence: Option<Text>,
    pub lag: Option<Text>,
    pub baseline: Option<Loose>,
    pub target: Option<Loose>,
    pub tolerance: Option<Text>,
    pub trajectory: Option<Spanned<Vec<Loose>>>,
    #[serde(default)]
    pub rebase: Vec<Loose>,
    pub spc_baseline: Option<Spanned<i64>>,
    pub source: Option<String>,
    pub lead: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Milestone {
    pub id: Text,
    pub commitment: Option<Text>,
    pub priority: Option<Text>,
    pub title: Text,
    pub due: Option<Loose>,
    pub completed: Option<Loose>,
    pub lead: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
}
