//! What each source gave and how far each series runs, for `cfp check`:
//! a figure missing from a board pack is traced to its source (rows read,
//! rows kept), and an area whose series stops a period before the other
//! areas of the same file (a spelling, a `where`, a late return) is told
//! rather than rated on last year's figure without a word.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Area, Measurements, Origin};
use crate::diag::{Code, Diagnostic, Location};
use crate::period::Period;
use crate::plan::{Plan, Preset};

/// One `[[measurements.source]]`: its files as the plan names them, the
/// rows read through it and the rows kept as figures or status rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCoverage {
    pub files: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<&'static str>,
    pub rows: usize,
    pub kept: usize,
}

/// One indicator's series of one area from one source: the first and last
/// period read (special values included: a suppressed year is read).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesCoverage {
    pub indicator: String,
    pub area: String,
    /// Index into [`Coverage::sources`].
    pub source: usize,
    #[serde(serialize_with = "label")]
    pub first: Period,
    #[serde(serialize_with = "label")]
    pub last: Period,
    pub figures: usize,
    /// Where the last figure was read.
    #[serde(skip)]
    pub last_at: Origin,
    #[serde(skip)]
    pub area_key: Area,
    #[serde(skip)]
    pub indicator_index: usize,
}

fn label<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub sources: Vec<SourceCoverage>,
    /// In plan order of indicators, then source, then area (the plan's
    /// own first, then comparators, then groups' areas).
    pub series: Vec<SeriesCoverage>,
}

/// What every source gave and every series' first and last period.
pub fn coverage(plan: &Plan, m: &Measurements) -> Coverage {
    let sources = plan
        .sources
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let got = m.sources.get(k).cloned().unwrap_or_default();
            SourceCoverage {
                files: s.files.iter().map(|(f, _)| f.clone()).collect(),
                preset: s.preset.map(|p| match p {
                    Preset::Fingertips => "fingertips",
                    Preset::Ees => "ees",
                }),
                rows: got.rows,
                kept: got.kept,
            }
        })
        .collect();
    let mut series = Vec::new();
    for (i, obs) in m.series.iter().enumerate() {
        let ind = &plan.indicators[i];
        let mut runs: BTreeMap<(usize, Area), SeriesCoverage> = BTreeMap::new();
        for o in obs {
            let source = m
                .file_source
                .get(o.origin.file as usize)
                .copied()
                .unwrap_or(0);
            runs.entry((source, o.area))
                .and_modify(|r| {
                    r.figures += 1;
                    if o.period < r.first {
                        r.first = o.period;
                    }
                    if o.period.last >= r.last.last {
                        r.last = o.period;
                        r.last_at = o.origin;
                    }
                })
                .or_insert_with(|| SeriesCoverage {
                    indicator: ind.id.to_string(),
                    area: o.area.name(plan, ind).to_string(),
                    source,
                    first: o.period,
                    last: o.period,
                    figures: 1,
                    last_at: o.origin,
                    area_key: o.area,
                    indicator_index: i,
                });
        }
        series.extend(runs.into_values());
    }
    Coverage { sources, series }
}

/// A series that ends before the same indicator's other areas from the
/// same source: one warning per such area, at its last row.
pub fn early_ends(plan: &Plan, m: &Measurements, c: &Coverage) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for group in c
        .series
        .chunk_by(|a, b| (a.indicator_index, a.source) == (b.indicator_index, b.source))
    {
        let Some(latest) = group.iter().map(|s| s.last).max_by_key(|p| p.last) else {
            continue;
        };
        let reach: Vec<&str> = group
            .iter()
            .filter(|s| s.last.last == latest.last)
            .map(|s| s.area.as_str())
            .collect();
        let others = match reach.as_slice() {
            [one] => format!("{} runs", possessive(one)),
            _ => "other areas' run".to_string(),
        };
        for s in group.iter().filter(|s| s.last.last < latest.last) {
            let file = m
                .files
                .get(s.last_at.file as usize)
                .map(|f| f.display().to_string())
                .unwrap_or_default();
            let id = &plan.indicators[s.indicator_index].id;
            out.push(
                Diagnostic::warning(
                    Code::SeriesEndsEarly,
                    Some(m.location(s.last_at)),
                    format!(
                        "indicator {id}: {} series from {file} ends {}, {others} to {latest}",
                        possessive(&s.area),
                        s.last
                    ),
                )
                .with_help(
                    "its later rows may be left out by a `where` \
                     or spelt another way, or not published yet",
                ),
            );
        }
    }
    out
}

/// `Leicestershire's`, `East Midlands'`.
fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

impl Measurements {
    /// Where a kept row was read: a file's line, or a spreadsheet's row.
    pub fn location(&self, o: Origin) -> Location {
        let path = self.files.get(o.file as usize).cloned().unwrap_or_default();
        match self
            .file_sheets
            .get(o.file as usize)
            .and_then(Option::as_deref)
        {
            Some(sheet) => Location::cell(&path, sheet, o.line as usize, 1),
            None => Location::at(&path, o.line as usize, 1),
        }
    }
}
