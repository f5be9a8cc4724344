//! Merging what every file gave into one series per indicator: in period
//! order, identical repeats kept once, and the problems that only the
//! whole series shows (two different figures for one period, a quarter
//! among years, ids the plan does not define).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use csv::ByteRecord;

use super::file::{FileReading, Kind};
use super::lines::Lines;
use super::stretch::split_record;
use super::{sheet, Measurements, Observation, Origin};

use crate::diag::{did_you_mean, quoted, Code, Diagnostic, Diagnostics, Location};
use crate::plan::Plan;

/// How many conflicts of one indicator are told in full; the rest are
/// counted, since a missing `where` gives one per row.
const TOLD: usize = 3;

/// The same area and period, told as the same publication.
fn same_slot(a: &Observation, b: &Observation) -> bool {
    a.area == b.area && a.period == b.period && a.published == b.published
}

/// Whether two rows give one slot two different figures.
pub(super) fn conflict(a: &Observation, b: &Observation) -> bool {
    same_slot(a, b)
        && !(a.value.same_as(&b.value)
            && a.numerator == b.numerator
            && a.denominator == b.denominator)
}

/// Whether two figures of one area are for periods of different kinds.
pub(super) fn mixed(a: &Observation, b: &Observation) -> bool {
    a.area == b.area && a.period.granularity() != b.period.granularity()
}

/// The merge of everything read: the series, and every problem.
struct Merger<'p, 'r> {
    plan: &'p Plan,
    m: Measurements,
    diags: Diagnostics,
    readings: &'r [FileReading],
}

pub(super) fn finish(
    plan: &Plan,
    m: Measurements,
    diags: Diagnostics,
    mut unknown: BTreeMap<String, (usize, Location)>,
    readings: &[FileReading],
) -> (Measurements, Diagnostics) {
    let mut r = Merger {
        plan,
        m,
        diags,
        readings,
    };
    for (id, (rows, loc)) in std::mem::take(&mut unknown) {
        let help = did_you_mean(&id, r.plan.ids());
        let plural = if rows == 1 { "row" } else { "rows" };
        r.diags.push(
            Diagnostic::warning(
                Code::UnknownId,
                Some(loc),
                format!(
                    "{rows} {plural} for `{}`, which the plan does not define: skipped",
                    quoted(&id)
                ),
            )
            .with_help_opt(help),
        );
    }
    let mut series = std::mem::take(&mut r.m.series);
    for (i, s) in series.iter_mut().enumerate() {
        s.sort_by(|a, b| {
            (a.area, a.period, a.known_from(), a.origin).cmp(&(
                b.area,
                b.period,
                b.known_from(),
                b.origin,
            ))
        });
        // Of two for one area, period and publication, the first is kept
        // (an exact repeat silently), in place: a national plan's 2,000
        // series copied into new ones were 5 MB of pages new to the
        // process, faulted in on one core.
        let mut conflicts = Vec::new();
        s.dedup_by(|obs, prev| {
            let duplicate = prev.area == obs.area
                && prev.period == obs.period
                && prev.published == obs.published;
            let repeat = prev.value.same_as(&obs.value)
                && prev.numerator == obs.numerator
                && prev.denominator == obs.denominator;
            if duplicate && !repeat {
                conflicts.push((prev.clone(), obs.clone()));
            }
            duplicate
        });
        r.conflicts(i, &conflicts);
        r.mixed_periods(i, s);
    }
    r.m.series = series;
    for updates in &mut r.m.milestones {
        updates.sort_by_key(|u| (u.date, u.origin));
    }
    for updates in &mut r.m.commitments {
        updates.sort_by_key(|u| (u.date, u.origin));
    }
    for updates in
        r.m.indicator_recovery
            .iter_mut()
            .chain(&mut r.m.milestone_recovery)
    {
        updates.sort_by_key(|u| (u.date, u.origin));
    }
    (r.m, r.diags)
}

impl Merger<'_, '_> {
    fn place(&self, o: Origin) -> String {
        let reading = &self.readings[o.file as usize];
        match (&reading.kind, self.diags_sheet(o)) {
            (Kind::Spreadsheet, Some(sheet)) => {
                format!("{}, sheet {sheet}, row {}", reading.path.display(), o.line)
            }
            _ => format!("{}:{}", reading.path.display(), o.line),
        }
    }

    fn diags_sheet(&self, o: Origin) -> Option<String> {
        let reading = &self.readings[o.file as usize];
        (reading.kind == Kind::Spreadsheet).then(|| reading.sheet.clone().unwrap_or_default())
    }

    fn location(&self, o: Origin) -> Location {
        let reading = &self.readings[o.file as usize];
        match reading.kind {
            Kind::Spreadsheet => Location::cell(
                &reading.path,
                reading.sheet.as_deref().unwrap_or(""),
                o.line as usize,
                1,
            ),
            _ => Location::at(&reading.path, o.line as usize, 1),
        }
    }

    /// Two kept rows that give one period two figures: say which columns
    /// tell them apart, and the `where` that keeps one.
    fn conflicts(&mut self, i: usize, conflicts: &[(Observation, Observation)]) {
        let id = self.plan.indicators[i].id.clone();
        for (prev, obs) in conflicts.iter().take(TOLD) {
            let differ = self.differences(prev.origin, obs.origin);
            let area = obs
                .area
                .name(self.plan, &self.plan.indicators[i])
                .to_string();
            let mut message = format!(
                "conflicting figures for `{id}`, {area}, {}: `{}` at {} and `{}` at {}",
                obs.period,
                quoted(&prev.raw()),
                self.place(prev.origin),
                quoted(&obs.raw()),
                self.place(obs.origin)
            );
            let help = match differ.first() {
                Some((column, a, _)) => {
                    let shown: Vec<String> = differ
                        .iter()
                        .map(|(c, a, b)| format!("{c}: {} vs {}", quoted(a), quoted(b)))
                        .collect();
                    message.push_str(&format!("; the rows differ in {}", shown.join(", ")));
                    format!(
                        "keep one of them with `where = {{ \"{column}\" = \"{}\" }}` in \
                         the source, or give a restated figure a later `published` date",
                        quoted(a)
                    )
                }
                None => "keep one row, or give the restated figure a later `published` date".into(),
            };
            let loc = self.location(obs.origin);
            self.diags
                .push(Diagnostic::error(Code::ConflictingRows, Some(loc), message).with_help(help));
        }
        if conflicts.len() > TOLD {
            let (_, first) = &conflicts[0];
            let loc = self.location(first.origin);
            self.diags.push(
                Diagnostic::error(
                    Code::ConflictingRows,
                    Some(loc),
                    format!(
                        "and {} more conflicting figures for `{id}` like those",
                        conflicts.len() - TOLD
                    ),
                )
                .with_help("one `where` condition usually settles them all"),
            );
        }
    }

    /// The columns cfp does not read in which two rows differ, read back
    /// from their files.
    fn differences(&self, a: Origin, b: Origin) -> Vec<(String, String, String)> {
        let (Some((ha, ra)), Some((hb, rb))) = (self.record_at(a), self.record_at(b)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, name) in ha.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let Some(j) = hb.iter().position(|h| h == name) else {
                continue;
            };
            let (x, y) = (
                ra.get(k).map_or("", |s| s.trim()),
                rb.get(j).map_or("", |s| s.trim()),
            );
            if x != y && !self.read_column(a, name) {
                out.push((name.clone(), x.to_string(), y.to_string()));
            }
        }
        out
    }

    /// Whether a column's difference is the conflict itself rather than
    /// its cause: one the mapping reads, or one a publisher derives from
    /// the figure (Fingertips' comparisons and 99.8% limits).
    fn read_column(&self, o: Origin, name: &str) -> bool {
        let n = name.trim().to_lowercase().replace('.', " ");
        self.readings[o.file as usize].used.contains(&n)
            || n.starts_with("compared to")
            || n.contains("99 8 limit")
            || ["recent trend", "new data", "time period sortable"].contains(&n.as_str())
    }

    /// A row as its file holds it, with the header: read again, for a
    /// message only.
    fn record_at(&self, o: Origin) -> Option<(Vec<String>, Vec<String>)> {
        let reading: &FileReading = self.readings.get(o.file as usize)?;
        let strings = |rec: &ByteRecord| -> Vec<String> {
            rec.iter()
                .map(|c| super::cell::text(c).into_owned())
                .collect()
        };
        let from_lines = |mut lines: Lines<Box<dyn std::io::Read>>| {
            let mut rec = ByteRecord::new();
            let mut scratch = Vec::new();
            let first = lines.next_record().ok()??;
            split_record(first.bytes, first.quoted(), &mut rec, &mut scratch);
            let header = strings(&rec);
            while let Ok(Some(r)) = lines.next_record() {
                if r.line == u64::from(o.line) {
                    split_record(r.bytes, r.quoted(), &mut rec, &mut scratch);
                    return Some((header, strings(&rec)));
                }
                if r.line > u64::from(o.line) {
                    break;
                }
            }
            None
        };
        let open = |path: &Path| File::open(path).ok();
        match reading.kind {
            Kind::Csv => from_lines(Lines::new(Box::new(open(&reading.path)?))),
            Kind::GzipCsv => from_lines(Lines::new(Box::new(flate2::read::MultiGzDecoder::new(
                open(&reading.path)?,
            )))),
            Kind::Spreadsheet => {
                let t =
                    sheet::read_table(&reading.path, reading.sheet.as_deref(), reading.header_row)
                        .ok()?;
                let row = t.rows.iter().find(|r| r.row == o.line)?;
                Some((t.header.clone(), row.cells.clone()))
            }
        }
    }

    /// A series whose periods are of different lengths (a quarter among
    /// years) would mix them in its trend, SPC and forecast.
    fn mixed_periods(&mut self, i: usize, series: &[Observation]) {
        let id = self.plan.indicators[i].id.clone();
        // The series is sorted by area: each area's figures are one run,
        // each compared with its run's first (a league's 150 areas would
        // make a search for the first from every figure quadratic).
        for run in series.chunk_by(|a, b| a.area == b.area) {
            let first = &run[0];
            let Some(obs) = run.iter().find(|o| mixed(first, o)) else {
                continue;
            };
            {
                let area = obs
                    .area
                    .name(self.plan, &self.plan.indicators[i])
                    .to_string();
                let message = format!(
                    "`{id}`, {area}, mixes periods of different kinds: \
                     {} ({}) at {} and {} ({}) at {}",
                    first.period,
                    first.period.granularity(),
                    self.place(first.origin),
                    obs.period,
                    obs.period.granularity(),
                    self.place(obs.origin)
                );
                let loc = self.location(obs.origin);
                self.diags.push(
                    Diagnostic::error(Code::MixedPeriods, Some(loc), message).with_help(
                        "a series is one kind of period, so its trend compares like \
                         with like: record the other kind against another indicator",
                    ),
                );
            }
        }
    }
}
