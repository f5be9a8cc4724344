//! Reading every measurement file the plan names: each source's files,
//! each through that source's mapping (a file two sources name is read by
//! both), whether a CSV, a gzipped CSV or a table in a spreadsheet.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use csv::ByteRecord;

use super::cell::text;
use super::file::{FileReading, Kind};
use super::kept;
use super::lines::Lines;
use super::mapping::Mapping;
use super::merge;
use super::rows::{FileNotes, FilterSeen, Place, Rows};
use super::sheet;
use super::stretch::{self, read_records, read_stretch, split_record, Stretch};
use super::Measurements;
use crate::diag::{quoted, Code, Diagnostic, Diagnostics, Location};
use crate::plan::{MeasurementSource, Plan};

/// What reading the measurements gave: the figures, and every problem.
#[derive(Debug)]
pub struct Reading {
    pub measurements: Measurements,
    pub diagnostics: Diagnostics,
}

/// What the files gave so far, merged by [`merge::finish`] at the end.
pub(super) struct Reader<'p> {
    pub plan: &'p Plan,
    pub m: Measurements,
    pub diags: Diagnostics,
    /// Unknown id -> (rows, first place seen).
    pub unknown: BTreeMap<String, (usize, Location)>,
    /// Per entry of `m.files`, how it was read.
    pub readings: Vec<FileReading>,
    /// What the file being read says as a whole, told when it is done.
    pub notes: FileNotes,
    /// The (file, area name) pairs already warned of: a file two sources
    /// read is warned of once.
    pub near_told: Vec<(PathBuf, String)>,
}

/// How many untracked area names are kept, for `--area`'s "did you
/// mean": every authority in England several times over.
const OTHER_AREAS: usize = 4096;

/// Reads every measurement file the plan names.
pub fn read(plan: &Plan) -> Reading {
    let mut r = Reader {
        plan,
        m: Measurements {
            series: vec![Vec::new(); plan.indicators.len()],
            milestones: vec![Vec::new(); plan.milestones.len()],
            commitments: vec![Vec::new(); plan.commitments.len()],
            indicator_recovery: vec![Vec::new(); plan.indicators.len()],
            milestone_recovery: vec![Vec::new(); plan.milestones.len()],
            ..Default::default()
        },
        diags: Diagnostics::default(),
        unknown: BTreeMap::new(),
        readings: Vec::new(),
        notes: FileNotes::default(),
        near_told: Vec::new(),
    };
    let mut counted: Vec<PathBuf> = Vec::new();
    for (k, source) in plan.sources.iter().enumerate() {
        let kept = |c: &super::Counts| c.figures + c.status_rows + c.recovery_updates + c.joined;
        let before = (r.m.counts.rows, kept(&r.m.counts));
        let mut seen = FilterSeen::new(source.filter.len());
        let mut read_here: Vec<PathBuf> = Vec::new();
        for path in r.resolve(source) {
            if read_here.contains(&path) {
                continue;
            }
            read_here.push(path.clone());
            if !counted.contains(&path) {
                counted.push(path.clone());
                r.m.counts.files += 1;
            }
            r.m.files.push(path.clone());
            r.m.file_source.push(k);
            r.m.file_sheets.push(
                (Kind::of(&path) == Kind::Spreadsheet)
                    .then(|| source.sheet.clone().unwrap_or_default()),
            );
            r.readings.push(FileReading {
                path: path.clone(),
                kind: Kind::of(&path),
                sheet: source.sheet.clone(),
                header_row: source.header_row,
                used: Vec::new(),
            });
            let index = (r.m.files.len() - 1) as u32;
            r.notes = FileNotes::default();
            if let Some(found) = r.read_file(source, &path, index) {
                seen.add(&found);
            }
            r.tell_notes(&path);
        }
        r.where_matches_nothing(source, &seen, &read_here);
        r.m.sources.push(super::SourceRows {
            rows: r.m.counts.rows - before.0,
            kept: kept(&r.m.counts) - before.1,
        });
    }
    r.settle_peers();
    let (measurements, mut diagnostics) =
        merge::finish(r.plan, r.m, r.diags, r.unknown, &r.readings);
    quote_only_inside(plan, &mut diagnostics);
    Reading {
        measurements,
        diagnostics,
    }
}

/// A plan may name data anywhere (`../shared/data.csv`), but only a file
/// under its own folder is quoted in a message: a hostile plan naming
/// `/etc/passwd` as data gets an error, not the file's first line in a
/// CI log.
fn quote_only_inside(plan: &Plan, diags: &mut Diagnostics) {
    let Ok(root) = plan.root.canonicalize() else {
        return;
    };
    let mut known: Vec<(PathBuf, bool)> = Vec::new();
    for d in &mut diags.items {
        let Some(loc) = d.location.as_mut().filter(|l| l.excerpt.is_some()) else {
            continue;
        };
        let inside = match known.iter().find(|(f, _)| *f == loc.file) {
            Some((_, inside)) => *inside,
            None => {
                let inside = loc.file.canonicalize().is_ok_and(|f| f.starts_with(&root));
                known.push((loc.file.clone(), inside));
                inside
            }
        };
        if !inside {
            loc.excerpt = None;
        }
    }
}

fn has_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// A header record's names, as text.
fn names(rec: &ByteRecord) -> Vec<String> {
    rec.iter()
        .map(|h| {
            super::cell::text(h)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        })
        .collect()
}

impl Reader<'_> {
    fn resolve(&mut self, source: &MeasurementSource) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for (pattern, named_at) in &source.files {
            let full = self.plan.root.join(pattern);
            if !has_glob(pattern) {
                match std::fs::metadata(&full) {
                    Ok(m) if m.is_file() => out.push(full),
                    // A FIFO would block the run and a device never end: only
                    // regular files are read, and nothing else is opened.
                    Ok(m) => self.diags.push(
                        Diagnostic::error(
                            Code::NotAFile,
                            named_at.clone(),
                            format!(
                                "measurements file {} is {}, not a regular file",
                                full.display(),
                                crate::diag::file_kind(&m)
                            ),
                        )
                        .with_help("name a CSV or spreadsheet file"),
                    ),
                    Err(_) => self.diags.push(
                        Diagnostic::error(
                            Code::MissingFile,
                            named_at.clone(),
                            format!("measurements file {} does not exist", full.display()),
                        )
                        .with_help("fix the path in [measurements] files, or remove it"),
                    ),
                }
                continue;
            }
            // Hidden files are left out: a writer's temporary file beside
            // the data is never read as data.
            let options = glob::MatchOptions {
                require_literal_leading_dot: true,
                ..glob::MatchOptions::new()
            };
            // The pattern as the plan writes it is checked first, so that a
            // syntax error's position is in it, not in the joined path.
            let glob = glob::Pattern::new(pattern)
                .map(|_| crate::plan::glob_under(&self.plan.root, pattern));
            let mut found: Vec<PathBuf> = match glob.and_then(|g| glob::glob_with(&g, options)) {
                Ok(paths) => paths
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect(),
                Err(e) => {
                    self.diags.error(
                        Code::BadPattern,
                        named_at.clone(),
                        format!("bad measurements pattern `{pattern}`: {e}"),
                    );
                    continue;
                }
            };
            if found.is_empty() {
                self.diags.warning(
                    Code::MatchesNoFile,
                    named_at.clone(),
                    format!("measurements pattern `{pattern}` matches no file"),
                );
            }
            found.sort();
            out.extend(found);
        }
        out
    }

    /// Whether a file is under the plan's folder, and so may be quoted.
    fn inside(&self, file: &Path) -> bool {
        match (self.plan.root.canonicalize(), file.canonicalize()) {
            (Ok(root), Ok(f)) => f.starts_with(root),
            _ => false,
        }
    }

    /// Reads one file through one source; what its `where` conditions met.
    fn read_file(
        &mut self,
        source: &MeasurementSource,
        path: &Path,
        file: u32,
    ) -> Option<FilterSeen> {
        match Kind::of(path) {
            Kind::Csv => self.read_csv(source, path, file),
            Kind::GzipCsv => self.read_gzip(source, path, file),
            Kind::Spreadsheet => self.read_sheet(source, path, file),
        }
    }

    fn cannot_read(&mut self, path: &Path, e: impl std::fmt::Display) {
        self.diags.error(
            Code::CannotRead,
            None,
            format!("cannot read {}: {e}", path.display()),
        );
    }

    /// The header of a CSV: its names and where it stands; `None` (with the
    /// problem said) when there is none to read.
    fn header<R: Read>(
        &mut self,
        path: &Path,
        lines: &mut Lines<R>,
    ) -> Option<(Vec<String>, Location)> {
        let (rec, line) = match lines.next_record() {
            Ok(Some(r)) => {
                let mut rec = ByteRecord::new();
                split_record(r.bytes, r.quoted(), &mut rec, &mut Vec::new());
                (rec, r.line)
            }
            Ok(None) => (ByteRecord::new(), 1),
            Err(e) => {
                self.diags.error(
                    Code::CannotRead,
                    Some(Location::at(path, 1, 1)),
                    format!("cannot read the header: {e}"),
                );
                return None;
            }
        };
        let names = names(&rec);
        let at = Location {
            excerpt: Some(names.join(",")),
            ..Location::at(path, line as usize, 1)
        };
        Some((names, at))
    }

    fn mapping<'s>(
        &mut self,
        source: &'s MeasurementSource,
        names: &[String],
        at: &Location,
    ) -> Option<Mapping<'s>> {
        let mut at = at.clone();
        if !self.inside(&at.file) {
            at.excerpt = None;
        }
        match Mapping::new(source, names, &at) {
            Ok(m) => {
                if let Some(reading) = self.readings.last_mut() {
                    reading.used = m
                        .used()
                        .filter_map(|i| names.get(i))
                        .map(|n| n.trim().to_lowercase().replace('.', " "))
                        .collect();
                }
                Some(m)
            }
            Err(problems) => {
                for d in problems {
                    self.diags.push(d);
                }
                None
            }
        }
    }

    fn read_csv(
        &mut self,
        source: &MeasurementSource,
        path: &Path,
        file: u32,
    ) -> Option<FilterSeen> {
        let (len, head) = match File::open(path).and_then(|mut f| {
            let len = f.metadata()?.len();
            let mut head = Vec::with_capacity(1 << 16);
            (&mut f).take(1 << 16).read_to_end(&mut head)?;
            Ok((len, head))
        }) {
            Ok(x) => x,
            Err(e) => {
                self.cannot_read(path, e);
                return None;
            }
        };
        if !self.is_csv_text(path, &head) {
            return None;
        }
        let mut lines = Lines::new(&head[..]);
        let (names, at) = self.header(path, &mut lines)?;
        let body = lines.consumed();
        if body as usize >= head.len() && head.len() as u64 != len {
            self.diags.error(
                Code::BadHeader,
                Some(Location::at(path, 1, 1)),
                "the header row is longer than 64 KiB: is this a measurements file?",
            );
            return None;
        }
        let header_lines = lines.newlines;
        let m = self.mapping(source, &names, &at)?;
        // `fill_down` carries a cell from one row to the next, and
        // `measure` joins rows wherever they are in the file: one stretch.
        let threads = if m.fill_down.is_empty() && m.measure.is_none() {
            stretch::threads(len)
        } else {
            1
        };
        let split = if threads > 1 {
            let parts = threads * stretch::STRETCHES_PER_THREAD;
            stretch::split(path, body, len, parts, threads)
        } else {
            stretch::Split {
                stretches: vec![(body, len)],
                uncounted: false,
            }
        };
        let plan = self.plan;
        let read_all = |stretches: &[(u64, u64)]| -> Vec<Stretch<'_>> {
            // Each stretch's peers' periods numbered in order on its own
            // thread, so that stretches holding the same periods number
            // them alike (`PeerRows::number_periods_in_order`).
            let read = |m: &Mapping<'_>, range| {
                let mut stretch = read_stretch(plan, m, path, file, range);
                if let Some(peers) = &mut stretch.rows.peers {
                    peers.number_periods_in_order();
                }
                stretch
            };
            // Each stretch to whichever thread is free.
            crate::threads::share(threads, stretches.to_vec(), |range| read(&m, range))
        };
        let mut results = read_all(&split.stretches);
        // Where a stray quote (inside an unquoted cell) made counting quotes
        // unsafe, or a file quoted past its first MiB was split without a
        // count, a stretch may have begun inside a quoted field: the file
        // is read again in one stretch.
        if results.len() > 1 && !split.holds(&results) {
            results = read_all(&[(body, len)]);
        }
        let mut seen = FilterSeen::new(source.filter.len());
        let mut lines = header_lines;
        let stretches = results
            .into_iter()
            .map(|mut r| {
                r.rows.shift_lines(lines);
                lines += r.newlines;
                seen.add(&r.rows.filters);
                r.rows
            })
            .collect();
        self.absorb(stretches);
        Some(seen)
    }

    /// Whether a file's first bytes are CSV text: not UTF-16 (Excel's
    /// "Unicode Text") and not binary data; each is an error said here.
    fn is_csv_text(&mut self, path: &Path, head: &[u8]) -> bool {
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            self.diags.push(
                Diagnostic::error(
                    Code::Utf16Text,
                    Some(Location::at(path, 1, 1)),
                    "not a CSV file: UTF-16 text, as Excel saves \"Unicode Text\"",
                )
                .with_help("save it from Excel as \"CSV UTF-8 (Comma delimited)\""),
            );
            return false;
        }
        if let Some(at) = head.iter().position(|&b| b == 0) {
            let line = head[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            self.diags.push(
                Diagnostic::error(
                    Code::BinaryFile,
                    Some(Location::at(path, line, 1)),
                    format!("not a CSV text file: binary data (a zero byte) at byte {at}"),
                )
                .with_help("measurements are CSV text: export the sheet as CSV"),
            );
            return false;
        }
        true
    }

    fn read_gzip(
        &mut self,
        source: &MeasurementSource,
        path: &Path,
        file: u32,
    ) -> Option<FilterSeen> {
        let f = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.cannot_read(path, e);
                return None;
            }
        };
        let mut lines = Lines::new(flate2::read::MultiGzDecoder::new(f));
        let (names, at) = self.header(path, &mut lines)?;
        let m = self.mapping(source, &names, &at)?;
        let rows = Rows::new(self.plan, path, file, Place::Csv, source.filter.len());
        // One stream, so its line numbers are the file's own already.
        let got = read_records(rows, &m, path, lines);
        let seen = got.rows.filters.clone();
        self.absorb(vec![got.rows]);
        Some(seen)
    }

    fn read_sheet(
        &mut self,
        source: &MeasurementSource,
        path: &Path,
        file: u32,
    ) -> Option<FilterSeen> {
        let table = match sheet::read_table(path, source.sheet.as_deref(), source.header_row) {
            Ok(t) => t,
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(
                        e.code,
                        Some(Location::at(path, 1, 1)),
                        // The sheet's message names the file already.
                        e.message,
                    )
                    .with_help_opt(e.help.clone()),
                );
                return None;
            }
        };
        // The sheet read, named: without `sheet` in the plan it is the first
        // visible one, and a later message (a conflict) must say which.
        if let Some(sheet) = self.m.file_sheets.last_mut() {
            *sheet = Some(table.sheet.clone());
        }
        if let Some(reading) = self.readings.last_mut() {
            reading.sheet = Some(table.sheet.clone());
        }
        if table.hidden {
            self.diags.push(Diagnostic::warning(
                Code::HiddenSheet,
                Some(Location::at(path, 1, 1)),
                format!(
                    "sheet `{}` of {} is hidden in the workbook: read because the plan names it",
                    table.sheet,
                    path.display()
                ),
            ));
        }
        let first_column = table.first_column as usize;
        let at = Location::cell(
            path,
            &table.sheet,
            table.header_row as usize,
            first_column + 1,
        );
        let m = self.mapping(source, &table.header, &at)?;
        let place = Place::Sheet {
            name: table.sheet.clone(),
            first_column,
        };
        let mut rows = Rows::new(self.plan, path, file, place, source.filter.len());
        let mut rec = ByteRecord::new();
        for row in &table.rows {
            rec.clear();
            for c in row.cells.iter().take(m.width) {
                rec.push_field(c.as_bytes());
            }
            rows.row(&m, || u64::from(row.row), &rec);
        }
        rows.join(&m);
        let seen = rows.filters.clone();
        self.absorb(vec![rows]);
        Some(seen)
    }

    /// The peers' figures put in order, and what was left out of them
    /// said: rows that do not read, figures that contradict another, and
    /// areas past the most a rank or league reads.
    fn settle_peers(&mut self) {
        if self.plan.peers == super::PeerAreas::None {
            return;
        }
        let peers = &mut self.m.peers;
        peers.finish();
        let purpose = self.plan.peers.purpose();
        let plural =
            |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        if peers.unread > 0 {
            let n = peers.unread;
            self.diags.push(
                Diagnostic::warning(
                    Code::PeerRowsUnread,
                    None,
                    format!(
                        "{n} {} of other areas left out of {purpose}: {} value, count or period \
                         does not read",
                        plural(n, "row", "rows"),
                        plural(n, "its", "their"),
                    ),
                )
                .with_help("`cfp check --area AREA` shows where, for one of those areas"),
            );
        }
        if peers.conflicts > 0 {
            let n = peers.conflicts;
            self.diags.push(
                Diagnostic::warning(
                    Code::PeerConflict,
                    None,
                    format!(
                        "{n} {} of other areas {} another of the same area, period and \
                         publication: the first read is used in {purpose}",
                        plural(n, "figure", "figures"),
                        plural(n, "contradicts", "contradict"),
                    ),
                )
                .with_help("`cfp check --area AREA` shows both rows, for one of those areas"),
            );
        }
        if peers.too_many {
            let most = crate::format::grouped(self.plan.peers.most() as f64);
            let what = match self.plan.peers {
                super::PeerAreas::Every => format!("the league rates the first {most}"),
                _ => "no national rank is given rather than one among some of them".to_string(),
            };
            self.diags.push(Diagnostic::warning(
                Code::TooManyAreas,
                None,
                format!("the files hold more than {most} other areas: {what}"),
            ));
        }
    }

    /// Adds what a file's stretches gave, in file order.
    fn absorb(&mut self, stretches: Vec<Rows<'_>>) {
        let mut figures = Vec::with_capacity(stretches.len());
        for rows in stretches {
            if self.m.own_name.is_none() {
                self.m.own_name = rows.own_name.as_deref().map(String::from);
            }
            if self.m.levels.len() < rows.levels.len() {
                self.m.levels.resize(rows.levels.len(), None);
            }
            for (all, level) in self.m.levels.iter_mut().zip(&rows.levels) {
                if all.is_none() {
                    all.clone_from(level);
                }
            }
            for name in rows.untracked_names() {
                if self.m.other_areas.len() >= OTHER_AREAS {
                    break;
                }
                if !self.m.other_areas.contains(&*text(name)) {
                    self.m.other_areas.insert(text(name).trim().to_string());
                }
            }
            figures.push(rows.figures);
            if let Some(peers) = rows.peers {
                self.m.peers.absorb(peers, self.plan.peers.most());
            }
            for level in rows.own_levels {
                if !self.m.own_levels.contains(&level) {
                    self.m.own_levels.push(level);
                }
            }
            for (all, more) in self.m.milestones.iter_mut().zip(rows.milestones) {
                all.extend(more);
            }
            for (all, more) in self.m.commitments.iter_mut().zip(rows.commitments) {
                all.extend(more);
            }
            for (all, more) in self
                .m
                .indicator_recovery
                .iter_mut()
                .zip(rows.indicator_recovery)
            {
                all.extend(more);
            }
            for (all, more) in self
                .m
                .milestone_recovery
                .iter_mut()
                .zip(rows.milestone_recovery)
            {
                all.extend(more);
            }
            self.m.counts.add(&rows.counts);
            self.notes.add(rows.notes);
            self.diags.extend(rows.diags);
            for (id, (n, loc)) in rows.unknown {
                self.unknown.entry(id).or_insert((0, loc)).0 += n;
            }
        }
        kept::move_into(&mut self.m.series, figures);
    }

    /// What one file's rows said as a whole: area names that look like
    /// misspellings of tracked ones (each once, with its rows), and
    /// figures over a zero denominator (once, with how many).
    fn tell_notes(&mut self, path: &Path) {
        let notes = std::mem::take(&mut self.notes);
        for n in notes.near {
            let tracked = notes.tracked_rows.get(n.tracked).copied().unwrap_or(0);
            let told = (path.to_path_buf(), n.name.clone());
            if !super::near::looks_like_a_typo(n.rows, tracked) || self.near_told.contains(&told) {
                continue;
            }
            self.near_told.push(told);
            let rows = if n.rows == 1 { "row" } else { "rows" };
            self.diags.push(
                Diagnostic::warning(
                    Code::UntrackedArea,
                    Some(n.at),
                    format!(
                        "area \"{}\" ({} {rows}) is not tracked; did you mean \"{}\"?",
                        quoted(&n.name),
                        n.rows,
                        n.suggestion
                    ),
                )
                .with_help(
                    "its rows are skipped as another area's: area names \
                     match the plan's ignoring case and surrounding spaces, \
                     or by GSS code with [plan] codes and `columns.area_code`",
                ),
            );
        }
        if let Some((n, at)) = notes.zero {
            let message = if n == 1 {
                "1 published figure with a zero denominator: \
                 kept without its counts, so with no interval"
                    .to_string()
            } else {
                format!(
                    "{n} published figures with a zero denominator: \
                     kept without their counts, so with no interval"
                )
            };
            self.diags.push(
                Diagnostic::warning(Code::ZeroDenominator, Some(at), message).with_help(
                    "a figure over no cases has no interval; \
                     the figure is kept as published, its counts are not",
                ),
            );
        }
    }

    /// A `where` value that no row of the source's files holds: most often
    /// a typo (`Person` for `Persons`), which would leave an indicator with
    /// no data and no word why.
    fn where_matches_nothing(
        &mut self,
        source: &MeasurementSource,
        seen: &FilterSeen,
        files: &[PathBuf],
    ) {
        if files.is_empty() {
            return;
        }
        for (k, f) in source.filter.iter().enumerate() {
            if seen.hit.get(k).copied().unwrap_or(true) {
                continue;
            }
            let values = &seen.seen[k];
            let listed = if values.is_empty() {
                "no rows were read".to_string()
            } else {
                let shown: Vec<String> = values
                    .iter()
                    .map(|v| {
                        if v.is_empty() {
                            "(empty)".to_string()
                        } else {
                            quoted(v).into_owned()
                        }
                    })
                    .collect();
                format!("seen {}", shown.join(", "))
            };
            let which = if files.len() == 1 {
                files[0].display().to_string()
            } else {
                format!("its {} files", files.len())
            };
            let (key, so) = if f.exclude {
                ("where_not", "so it leaves nothing out")
            } else {
                ("where", "so the source keeps nothing")
            };
            self.diags.push(
                Diagnostic::warning(
                    Code::WhereMatchesNothing,
                    f.at.clone(),
                    format!(
                        "{key} `{}`: no row of {which} holds it, {so}; {listed}",
                        f.words()
                    ),
                )
                .with_help(
                    "values are matched ignoring case and surrounding spaces: check the spelling",
                ),
            );
        }
    }
}
