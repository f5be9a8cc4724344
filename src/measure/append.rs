//! The row `cfp record` would append, judged exactly as the loader would
//! judge it on the next run: through the file's source mapping, its
//! filters and the checks of a whole series, so that nothing is recorded
//! that `cfp check` would then refuse or skip.

use std::path::Path;

use csv::ByteRecord;

use super::mapping::Mapping;
use super::merge::{conflict, mixed};
use super::rows::{Place, Rows};
use super::{Area, Measurements};
use crate::diag::{quoted, Code, Diagnostic, Location};
use crate::plan::{MeasurementSource, Plan};

/// Why the loader would not keep a row, in its own words.
fn skipped(rows: &Rows<'_>, plan: &Plan, source: &MeasurementSource) -> Option<String> {
    let c = &rows.counts;
    if c.filtered > 0 {
        let conditions: Vec<String> = source.filter.iter().map(|f| f.words()).collect();
        return Some(format!(
            "the file's source keeps only rows with {}, so the loader would leave this row out",
            conditions.join(" and ")
        ));
    }
    if c.other_areas > 0 {
        return Some(format!(
            "the plan does not track that area: its area is {} and its comparators are {}",
            plan.area,
            if plan.comparators.is_empty() {
                "none".to_string()
            } else {
                plan.comparators
                    .iter()
                    .map(|c| match plan.group(c) {
                        Some(areas) => format!("{c} ({})", areas.join(", ")),
                        None => c.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ));
    }
    if c.no_area > 0 {
        return Some(
            "the file's source reads areas from a column, and this row names none: give --area"
                .into(),
        );
    }
    if c.unlisted_ids > 0 {
        return Some(
            "the file's source reads only the ids its `ids` lists, and not this one".into(),
        );
    }
    if c.unknown_ids > 0 {
        return Some("the plan does not define this id".into());
    }
    None
}

/// Judges `cells` (aligned with `header`) as line `line` of `path`, read
/// through `source`; every reason the loader would refuse or skip it.
pub fn judge(
    plan: &Plan,
    measurements: &Measurements,
    source: &MeasurementSource,
    path: &Path,
    header: &[String],
    cells: &[String],
    line: u64,
) -> Result<(), Vec<Diagnostic>> {
    let at = Location {
        excerpt: Some(header.join(",")),
        ..Location::at(path, 1, 1)
    };
    let m = Mapping::new(source, header, &at)?;
    let file = measurements.files.len() as u32;
    let mut rows = Rows::new(plan, path, file, Place::Csv, source.filter.len());
    let rec: ByteRecord = cells.iter().map(String::as_bytes).collect();
    rows.row(&m, || line, &rec);
    if rows.diags.has_errors() {
        return Err(rows.diags.items);
    }
    if let Some(why) = skipped(&rows, plan, source) {
        return Err(vec![Diagnostic::error(
            Code::RowNotKept,
            Some(Location::at(path, line as usize, 1)),
            why,
        )]);
    }
    for (i, new) in rows.figures.iter() {
        let id = &plan.indicators[i].id;
        let area = |a: Area| a.name(plan, &plan.indicators[i]);
        let place = |o: super::Origin| match measurements.files.get(o.file as usize) {
            Some(f) => format!("{}:{}", f.display(), o.line),
            None => format!("{}:{}", path.display(), o.line),
        };
        for old in &measurements.series[i] {
            if conflict(old, new) {
                return Err(vec![Diagnostic::error(
                    Code::ConflictingRows,
                    Some(Location::at(path, line as usize, 1)),
                    format!(
                        "conflicting figures for `{id}`, {}, {}: `{}` at {} and `{}` recorded now",
                        area(new.area),
                        new.period,
                        quoted(&old.raw()),
                        place(old.origin),
                        quoted(&new.raw())
                    ),
                )
                .with_help("give the restated figure a later --published date")]);
            }
            if mixed(old, new) {
                return Err(vec![Diagnostic::error(
                    Code::MixedPeriods,
                    Some(Location::at(path, line as usize, 1)),
                    format!(
                        "`{id}`, {}, mixes periods of different kinds: \
                         {} ({}) at {} and {} ({}) recorded now",
                        area(new.area),
                        old.period,
                        old.period.granularity(),
                        place(old.origin),
                        new.period,
                        new.period.granularity()
                    ),
                )
                .with_help(
                    "a series is one kind of period: record the \
                     other kind against another indicator",
                )]);
            }
        }
    }
    let kept = !rows.figures.is_empty()
        || rows.milestones.iter().any(|s| !s.is_empty())
        || rows.commitments.iter().any(|s| !s.is_empty())
        || rows.indicator_recovery.iter().any(|s| !s.is_empty())
        || rows.milestone_recovery.iter().any(|s| !s.is_empty());
    if !kept {
        return Err(vec![Diagnostic::error(
            Code::RowNotKept,
            Some(Location::at(path, line as usize, 1)),
            "the loader would not keep this row",
        )]);
    }
    Ok(())
}

/// Which of cfp's columns each header cell holds, as `source` reads it.
pub fn layout(
    source: &MeasurementSource,
    path: &Path,
    header: &[String],
) -> Result<Vec<Option<&'static str>>, Vec<Diagnostic>> {
    let at = Location {
        excerpt: Some(header.join(",")),
        ..Location::at(path, 1, 1)
    };
    let m = Mapping::new(source, header, &at)?;
    let mut out = vec![None; header.len()];
    let mut put = |i: Option<usize>, name: &'static str| {
        if let Some(slot) = i.and_then(|i| out.get_mut(i)) {
            *slot = Some(name);
        }
    };
    put(m.id, "id");
    if let super::mapping::PeriodFrom::Cell(i) = m.period {
        put(Some(i), "period");
    }
    if let super::mapping::AreaFrom::Cell { columns, .. } = m.area {
        put(columns.0, "area");
        put(columns.1, "area_code");
    }
    put(m.value, "value");
    put(m.numerator, "numerator");
    put(m.denominator, "denominator");
    put(m.lower_ci, "lower_ci");
    put(m.upper_ci, "upper_ci");
    put(m.published, "published");
    put(m.status, "status");
    put(m.note, "note");
    put(m.recovery.action, "action");
    put(m.recovery.cause, "cause");
    put(m.recovery.owner, "owner");
    put(m.recovery.revised_due, "revised_due");
    Ok(out)
}

/// The header of a new measurements file that `source` reads: cfp's
/// columns under the names the source maps them to.
pub fn new_header(source: &MeasurementSource) -> Vec<String> {
    [
        "id",
        "period",
        "value",
        "area",
        "numerator",
        "denominator",
        "published",
        "status",
        "note",
        "action",
        "cause",
        "owner",
        "revised_due",
    ]
    .iter()
    .map(|c| {
        source
            .columns
            .get(*c)
            .cloned()
            .unwrap_or_else(|| c.to_string())
    })
    .collect()
}
