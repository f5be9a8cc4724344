//! One record to a figure or a status update, through a source's mapping,
//! with every problem located. This is the one definition of a row: the
//! loader reads every file through it and `cfp record` checks the row it
//! would append through it. A `Rows` holds what one stretch of a file
//! gave, so that stretches can be read on several threads and merged in
//! file order.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use csv::ByteRecord;

use super::cell::{excerpt, same_text, same_words, text, text_width};
use super::in_order::{same_bytes, InOrder};
use super::kept::Kept;
use super::mapping::{AreaColumns, AreaFrom, Mapping, PeriodFrom};
use super::{
    parse_count, Area, Counts, FigureText, MilestoneState, Observation, Origin, Recovery,
    SelfAssessment, Update, Value, ValueError,
};
use crate::diag::{did_you_mean, quoted, Code, Diagnostic, Diagnostics, Location};
use crate::period::{self, Period, PeriodContext, PeriodError, YearKind};
use crate::plan::{Dash, Entity, Indicator, Plan, Unit};
use crate::value::{comma_after_point, plain_decimal};

mod lane;
pub(super) use lane::Lane;

/// The cells of one record, however the file holds them.
pub(super) trait Cells {
    fn count(&self) -> usize;
    /// The cell's bytes; empty past the end.
    fn cell(&self, i: usize) -> &[u8];
    /// The record's text for an excerpt, and where field `i` starts in it
    /// (in characters) and how wide it is.
    fn excerpt(&self, field: Option<usize>) -> (String, usize, usize);
    /// The field a problem with field `f` is shown at: itself, but for a
    /// figure row given its partners' counts (`join`), the figure's.
    fn shown_at(&self, f: usize) -> usize {
        f
    }
}

impl Cells for ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn cell(&self, i: usize) -> &[u8] {
        self.get(i).unwrap_or(b"")
    }

    fn excerpt(&self, field: Option<usize>) -> (String, usize, usize) {
        let (line, starts) = excerpt(self);
        let column = field.and_then(|f| starts.get(f)).map_or(1, |c| c + 1);
        let width = field
            .and_then(|f| self.get(f))
            .map_or(1, |f| text_width(f).max(1));
        (line, column, width)
    }
}

/// A record split where it lies: its bytes and where each field's text is.
pub(super) struct Fields<'a> {
    pub line: &'a [u8],
    pub bounds: &'a [(usize, usize)],
}

impl Cells for Fields<'_> {
    fn count(&self) -> usize {
        self.bounds.len()
    }

    fn cell(&self, i: usize) -> &[u8] {
        self.bounds.get(i).map_or(b"", |&(s, e)| &self.line[s..e])
    }

    fn excerpt(&self, field: Option<usize>) -> (String, usize, usize) {
        let line = text(self.line).into_owned();
        match field.and_then(|f| self.bounds.get(f)) {
            // A quoted field is pointed at from its opening quote.
            Some(&(s, e)) => {
                let quoted = s > 0 && self.line[s - 1] == b'"';
                let from = if quoted { s - 1 } else { s };
                let to = if quoted { e + 1 } else { e }.min(self.line.len());
                (
                    line,
                    text_width(&self.line[..from]) + 1,
                    text_width(&self.line[from..to]).max(1),
                )
            }
            None => (line, 1, 1),
        }
    }
}

/// Where a stretch's records are: a CSV file, or a table in a sheet.
#[derive(Debug, Clone)]
pub(super) enum Place {
    Csv,
    Sheet { name: String, first_column: usize },
}

/// What one source's `where` conditions met, for the warning when a value
/// matches no row: per condition, whether any row held it, and else the
/// first few values seen.
#[derive(Debug, Clone, Default)]
pub(super) struct FilterSeen {
    pub hit: Vec<bool>,
    pub seen: Vec<Vec<Box<str>>>,
}

/// How many different values a `where` warning lists.
const SEEN: usize = 12;

impl FilterSeen {
    pub(super) fn new(n: usize) -> Self {
        Self {
            hit: vec![false; n],
            seen: vec![Vec::new(); n],
        }
    }

    pub(super) fn add(&mut self, other: &FilterSeen) {
        for (k, hit) in other.hit.iter().enumerate() {
            if *hit {
                self.hit[k] = true;
            }
            for v in &other.seen[k] {
                self.saw(k, v);
            }
        }
    }

    fn saw(&mut self, k: usize, value: &str) {
        if self.hit[k] || self.seen[k].len() >= SEEN || self.seen[k].iter().any(|s| &**s == value) {
            return;
        }
        self.seen[k].push(value.into());
    }
}

/// An untracked area name that looks like a misspelling of a tracked one:
/// its rows and the first of them.
#[derive(Debug, Clone)]
pub(super) struct NearMiss {
    pub name: String,
    pub rows: usize,
    pub at: Location,
    /// The tracked name it resembles, and its index into
    /// [`FileNotes::tracked_rows`].
    pub suggestion: String,
    pub tracked: usize,
}

/// What a file's rows say about the file as a whole, told once per file
/// rather than once per row: near misses of tracked area names, and
/// figures over a zero denominator.
#[derive(Debug, Clone, Default)]
pub(super) struct FileNotes {
    pub near: Vec<NearMiss>,
    /// Rows kept per tracked name (index as [`Rows::tracked_names`]).
    pub tracked_rows: Vec<usize>,
    /// Figures over a zero denominator: how many, and the first.
    pub zero: Option<(usize, Location)>,
}

impl FileNotes {
    /// Adds a later stretch's notes of the same file.
    pub(super) fn add(&mut self, o: FileNotes) {
        for n in o.near {
            match self.near.iter_mut().find(|m| m.name == n.name) {
                Some(m) => m.rows += n.rows,
                None => self.near.push(n),
            }
        }
        if self.tracked_rows.len() < o.tracked_rows.len() {
            self.tracked_rows.resize(o.tracked_rows.len(), 0);
        }
        for (all, more) in self.tracked_rows.iter_mut().zip(o.tracked_rows) {
            *all += more;
        }
        self.zero = match (self.zero.take(), o.zero) {
            (Some((a, at)), Some((b, _))) => Some((a + b, at)),
            (a, b) => a.or(b),
        };
    }
}

/// How many distinct untracked names a stretch remembers having judged; a
/// file of more (every LSOA, a hostile file of unique names) has the rest
/// judged again each time, so memory stays bounded.
const JUDGED: usize = 1 << 16;

/// Each distinct period label read once per way of reading it (the
/// year's kind, and whether annual). A national file gives the same label
/// row after row, so the last one is tried before any lookup, and a
/// lookup allocates nothing.
#[derive(Default)]
struct PeriodCache {
    read: HashMap<ReadAs, HashMap<Box<[u8]>, PeriodRead>>,
    last: Option<(ReadAs, Box<[u8]>, PeriodRead)>,
}

/// A way of reading a period label: the year's kind, and whether annual.
type ReadAs = (YearKind, bool);
type PeriodRead = Result<Period, PeriodError>;

impl PeriodCache {
    fn read(
        &mut self,
        how: ReadAs,
        label: &[u8],
        parse: impl FnOnce(&str) -> Result<Period, PeriodError>,
    ) -> Result<Period, PeriodError> {
        if let Some((last_how, last_label, result)) = &self.last {
            if *last_how == how && same_bytes(last_label, label) {
                return result.clone();
            }
        }
        let known = self.read.entry(how).or_default();
        let result = match known.get(label) {
            Some(r) => r.clone(),
            None => {
                let r = parse(&text(label));
                known.insert(label.into(), r.clone());
                r
            }
        };
        self.last = Some((how, label.into(), result.clone()));
        result
    }
}

/// What one stretch of a measurements file gave. Lines are counted from
/// the start of the stretch until [`Rows::shift_lines`] places them.
pub(super) struct Rows<'p> {
    plan: &'p Plan,
    path: PathBuf,
    file: u32,
    place: Place,
    /// The figures kept, in the order read.
    pub figures: Kept,
    pub milestones: Vec<Vec<Update<MilestoneState>>>,
    pub commitments: Vec<Vec<Update<SelfAssessment>>>,
    pub indicator_recovery: Vec<Vec<Update<Recovery>>>,
    pub milestone_recovery: Vec<Vec<Update<Recovery>>>,
    pub counts: Counts,
    pub diags: Diagnostics,
    /// Unknown id -> (rows, first place seen).
    pub unknown: BTreeMap<String, (usize, Location)>,
    pub filters: FilterSeen,
    periods: PeriodCache,
    /// The id looked up last, and what it named.
    last_entity: Option<(Box<str>, Option<Entity>)>,
    /// The last filled cell of each `fill_down` column.
    above: Vec<Vec<u8>>,
    /// The footprints the plan's indicators name.
    footprints: Vec<String>,
    /// Every name the plan tracks, in the order [`Rows::series_named`]
    /// tries them: its area, comparators, footprints, groups' areas.
    tracked_names: Vec<String>,
    /// Area names seen so far, as a row's area cell holds them: tracked,
    /// or not with the near miss each is, if any. A national file names
    /// each of its areas on thousands of rows, so each name is compared
    /// with the plan's and judged once.
    judged: SeenNames,
    pub notes: FileNotes,
    /// The series each (name, code) a row names is, by their hash: see
    /// [`Rows::tracked_area`].
    series_of: std::cell::RefCell<SeriesCache>,
    /// The plan area's name as the first of its rows spells it: what an
    /// area asked for by a code the plan does not name is called.
    pub own_name: Option<Box<str>>,
    /// Per tracked series (in `tracked_names`' order), the level its rows
    /// name, where the file names one.
    pub levels: Vec<Option<Box<str>>>,
    /// Every level the plan's own area's rows name.
    pub own_levels: Vec<Box<str>>,
    /// A `measure` source's rows, held until the file is read so that a
    /// figure row can be joined to its counts rows wherever they are.
    pub held: Vec<(u64, ByteRecord)>,
    /// The figures of untracked areas at a level the file names, when the
    /// run ranks the plan's area among them.
    pub peers: Option<super::peers::PeerRows>,
}

/// The kind of area a GSS code's prefix says, in the words Fingertips
/// uses for its area types, for a file with codes and no level column:
/// English counties, and the unitary authorities, metropolitan districts
/// and London boroughs beside them; districts; regions; England.
fn gss_level(code: &[u8]) -> Option<&'static str> {
    Some(match code.get(..3)? {
        b"E10" => "County",
        b"E06" | b"E08" | b"E09" => "UA",
        b"E07" => "District",
        b"E12" => "Region",
        b"E92" => "Country",
        _ => return None,
    })
}

/// The plan id a row is about: its id cell, read through the source's
/// `ids`, or the source's one `indicator`; none for an id `ids` does not
/// list.
fn plan_id<'a>(m: &'a Mapping<'_>, cells: &'a impl Cells) -> Option<Cow<'a, str>> {
    let file_id = text(trimmed(cells, m.id));
    match (&m.source.indicator, &m.source.ids) {
        (Some(id), _) => Some(id.as_str().into()),
        (None, Some(ids)) => ids.get(file_id.as_ref()).map(|id| id.as_str().into()),
        (None, None) => Some(file_id),
    }
}

/// The level a row names for its area: the file's level column, else
/// its GSS code's prefix in Fingertips' words; empty where neither says.
fn level_of<'c>(m: &Mapping<'_>, cells: &'c impl Cells) -> &'c [u8] {
    match (m.level, m.level_from_code) {
        (Some(column), _) => cells.cell(column).trim_ascii(),
        (None, Some(column)) => gss_level(cells.cell(column).trim_ascii())
            .unwrap_or_default()
            .as_bytes(),
        (None, None) => b"",
    }
}

/// Each (name, code) a stretch has looked up, with the series it names,
/// in the order first seen.
type SeriesCache = InOrder<Option<Series>>;

/// Area names already seen, each with what it is, so that each is
/// compared with the plan's names and judged once.
type SeenNames = InOrder<Seen>;

/// What an area name already seen is.
#[derive(Debug, Clone, Copy)]
enum Seen {
    Tracked,
    /// Not tracked; the index into the notes' near misses, if it is one.
    Untracked(Option<usize>),
}

/// A series a row can be about: one every indicator has (the plan's area
/// or a comparator), or an indicator's own footprint (by index into
/// `Rows::footprints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    Plan(Area),
    Footprint(u16),
}

/// The series a row is about, or why it is skipped.
enum AreaOf {
    Tracked(Series),
    /// A named area the plan does not track: the columns that name it.
    Untracked(AreaColumns),
    /// A mapped area column left empty: a row about no named area.
    Empty,
    /// An EES row of a level cfp does not track (a ward, a school).
    OtherLevel,
}

impl<'p> Rows<'p> {
    pub(super) fn new(
        plan: &'p Plan,
        path: &Path,
        file: u32,
        place: Place,
        filters: usize,
    ) -> Self {
        Self {
            plan,
            path: path.to_path_buf(),
            file,
            place,
            figures: Kept::new(plan.indicators.len()),
            milestones: vec![Vec::new(); plan.milestones.len()],
            commitments: vec![Vec::new(); plan.commitments.len()],
            indicator_recovery: vec![Vec::new(); plan.indicators.len()],
            milestone_recovery: vec![Vec::new(); plan.milestones.len()],
            counts: Counts::default(),
            diags: Diagnostics::default(),
            unknown: BTreeMap::new(),
            filters: FilterSeen::new(filters),
            periods: PeriodCache::default(),
            last_entity: None,
            above: Vec::new(),
            footprints: plan.footprints().map(str::to_string).collect(),
            tracked_names: std::iter::once(plan.area.as_str())
                .chain(plan.comparators.iter().map(|c| &**c))
                .chain(plan.footprints())
                .chain(plan.members.iter().map(String::as_str))
                .map(str::to_string)
                .collect(),
            judged: SeenNames::default(),
            notes: FileNotes::default(),
            held: Vec::new(),
            own_name: None,
            levels: Vec::new(),
            own_levels: Vec::new(),
            series_of: std::cell::RefCell::new(SeriesCache::default()),
            peers: (plan.peers != super::PeerAreas::None).then(Default::default),
        }
    }

    pub(super) fn plan(&self) -> &'p Plan {
        self.plan
    }

    /// Whether the rows of untracked areas are read, not dropped on their
    /// area cell: the run ranks the plan's area among them, and the
    /// file says each area's level.
    pub(super) fn reads_peers(&self, m: &Mapping<'_>) -> bool {
        match self.plan.peers {
            super::PeerAreas::None => false,
            super::PeerAreas::Levelled => m.level.is_some() || m.level_from_code.is_some(),
            super::PeerAreas::Every => true,
        }
    }

    /// A row of an untracked area, kept as a peer's figure when the plan
    /// names its indicator (and, for a national rank, the file its
    /// level); one whose value or counts do not read is counted. Any
    /// other row of another area is only counted, as it always was.
    fn peer(&mut self, m: &Mapping<'_>, cells: &impl Cells, (name, _): AreaColumns) {
        let level = level_of(m, cells);
        let Some(name) = name.map(|c| cells.cell(c).trim_ascii()) else {
            return;
        };
        let levelled = self.plan.peers == super::PeerAreas::Levelled;
        if name.is_empty() || (levelled && level.is_empty()) {
            return;
        }
        let Some(id) = plan_id(m, cells) else { return };
        let Some(Entity::Indicator(i)) = self.entity(&id) else {
            return;
        };
        let ind = &self.plan.indicators[i];
        // An indicator of its own footprint is not the plan area's.
        if ind.area.is_some() {
            return;
        }
        let period = self.period(m, cells, ind.period_context(), &mut Vec::new());
        let lag = m.source.lag.or(ind.lag);
        let read = self.peer_cells(m, cells, ind);
        let Some(peers) = &mut self.peers else { return };
        let (Some(period), Some(read)) = (period, read) else {
            peers.unread += 1;
            return;
        };
        if let Some(peer) = peers.peer(name, level, self.plan.peers.most()) {
            let when = super::peers::When {
                period,
                known: known_after(&period, lag),
            };
            read.keep_in(peers, i, peer, (when, None));
        }
    }

    /// A peer row's value, counts and publication date, as every peer row
    /// is read (the general way and the peers' lane): none when any of
    /// them does not read, and the row is counted unread.
    fn peer_cells(
        &self,
        m: &Mapping<'_>,
        cells: &impl Cells,
        ind: &Indicator,
    ) -> Option<PeerCells> {
        // A rank reads only the value (below): not this way. (A test
        // turns it off, to compare it with the general steps.)
        if self.plan.peers != super::PeerAreas::Levelled && !lane::off() {
            if let Some(read) = plain_peer_cells(m, cells, ind) {
                return Some(read);
            }
        }
        let mut unread = Vec::new();
        let value = figure_value(
            m,
            ind,
            self.plan.dash,
            trimmed(cells, m.value),
            &mut String::new(),
            &mut unread,
        );
        let special = value.as_ref().is_some_and(|v| v.number().is_none());
        // A rank reads only the value: counts and limits are read for a
        // league, which rates each area as its own.
        let counts = if self.plan.peers == super::PeerAreas::Levelled {
            FigureCounts::default()
        } else {
            FigureCounts::read(m, cells, ind.unit, special, &mut unread)
        };
        let published = published(m, cells, &mut unread);
        let value = value.filter(|_| unread.is_empty())?;
        Some(PeerCells {
            value,
            counts,
            published,
        })
    }

    /// A row of a tracked series, counted by name so that a near miss can
    /// be weighed against the name it resembles.
    fn saw_tracked(&mut self, series: Series, m: &Mapping<'_>, cells: &impl Cells) {
        let comparators = self.plan.comparators.len();
        let footprints = self.footprints.len();
        let i = match series {
            Series::Plan(Area::Own) => 0,
            Series::Plan(Area::Comparator(c)) => 1 + c as usize,
            Series::Footprint(k) => 1 + comparators + k as usize,
            Series::Plan(Area::Member(m)) => 1 + comparators + footprints + m as usize,
        };
        let rows = &mut self.notes.tracked_rows;
        if rows.len() <= i {
            rows.resize(self.tracked_names.len().max(i + 1), 0);
        }
        rows[i] += 1;
        if i == 0 && self.own_name.is_none() {
            if let AreaFrom::Cell {
                columns: (Some(column), _),
                ..
            } = m.area
            {
                let name = text(cells.cell(column).trim_ascii());
                if !name.is_empty() {
                    self.own_name = Some(name.into());
                }
            }
        }
        // The first level a series' rows name is its level (a league of
        // every area compares areas of the plan's own).
        if m.level.is_none() && m.level_from_code.is_none() {
            return;
        }
        if self.levels.len() <= i {
            self.levels
                .resize(self.tracked_names.len().max(i + 1), None);
        }
        let level = level_of(m, cells);
        if self.levels[i].is_none() && !level.is_empty() {
            self.levels[i] = Some(text(level).into());
        }
        // The plan's own area may be listed at two levels (a unitary
        // authority, under both tiers): each is kept, to rank it in one.
        if i == 0 && !level.is_empty() && !self.own_levels.iter().any(|l| l.as_bytes() == level) {
            self.own_levels.push(text(level).into());
        }
    }

    /// A row of an area the plan does not track: remembered when its name
    /// looks like a misspelling of a tracked one (judged once per name).
    fn saw_untracked(
        &mut self,
        (name, code): AreaColumns,
        line: impl FnOnce() -> u64,
        cells: &impl Cells,
    ) {
        let Some(column) = name else { return };
        let cell = cells.cell(column).trim_ascii();
        if cell.is_empty() {
            return;
        }
        let near = match self.judged.get(cell) {
            Some(Seen::Untracked(near)) => near,
            // Named like a tracked area, but coded as another.
            Some(Seen::Tracked) => None,
            None => {
                let near = self.judge(cell, code.map(|c| cells.cell(c).trim_ascii()));
                let near = near.map(|tracked| {
                    let name = text(cell).trim().to_string();
                    let at = self.at(line(), cells, Some(column));
                    self.notes.near.push(NearMiss {
                        name,
                        rows: 0,
                        at,
                        suggestion: self.tracked_names[tracked].clone(),
                        tracked,
                    });
                    self.notes.near.len() - 1
                });
                if self.judged.len() < JUDGED || near.is_some() {
                    self.judged.insert(cell, Seen::Untracked(near));
                }
                near
            }
        };
        self.count_near(near);
    }

    /// One more row of a near miss (an index into the notes'), if the
    /// name is one.
    fn count_near(&mut self, near: Option<usize>) {
        if let Some(n) = near.and_then(|i| self.notes.near.get_mut(i)) {
            n.rows += 1;
        }
    }

    /// The tracked name an untracked one looks like a misspelling of. A row
    /// with a code, of an area the plan gives another code, is that other
    /// area however its name is spelt (Boston is not Bolton).
    fn judge(&self, name: &[u8], code: Option<&[u8]>) -> Option<usize> {
        let i = super::near::nearest(text(name).trim(), &self.tracked_names)?;
        let coded = self.plan.codes.get(&self.tracked_names[i]);
        match (code.filter(|c| !c.is_empty()), coded) {
            (Some(code), Some(coded)) if !same_text(code, coded) => None,
            _ => Some(i),
        }
    }

    /// Moves every line number on by `lines`, once the lines before this
    /// stretch are known.
    pub(super) fn shift_lines(&mut self, lines: u64) {
        let shift = |line: &mut u32| *line = line.saturating_add(lines as u32);
        for o in self.figures.iter_mut() {
            shift(&mut o.origin.line);
        }
        for u in self.milestones.iter_mut().flatten() {
            shift(&mut u.origin.line);
        }
        for u in self.commitments.iter_mut().flatten() {
            shift(&mut u.origin.line);
        }
        for u in self
            .indicator_recovery
            .iter_mut()
            .chain(&mut self.milestone_recovery)
            .flatten()
        {
            shift(&mut u.origin.line);
        }
        for d in &mut self.diags.items {
            if let Some(loc) = &mut d.location {
                loc.line += lines as usize;
            }
        }
        for (_, loc) in self.unknown.values_mut() {
            loc.line += lines as usize;
        }
        for n in &mut self.notes.near {
            n.at.line += lines as usize;
        }
        if let Some((_, at)) = &mut self.notes.zero {
            at.line += lines as usize;
        }
    }

    /// The area names this stretch held that the plan does not track.
    pub(super) fn untracked_names(&self) -> impl Iterator<Item = &[u8]> {
        self.judged.iter().filter_map(|(name, seen)| match seen {
            Seen::Untracked(_) => Some(name),
            Seen::Tracked => None,
        })
    }

    pub(super) fn at(&self, line: u64, cells: &impl Cells, field: Option<usize>) -> Location {
        match &self.place {
            Place::Sheet { name, first_column } => Location::cell(
                &self.path,
                name,
                line as usize,
                first_column + field.map_or(0, |f| cells.shown_at(f)) + 1,
            ),
            Place::Csv => {
                let (text, column, width) = cells.excerpt(field);
                let (text, column, width) = super::cell::window(&text, column, width);
                Location {
                    excerpt: Some(text),
                    width,
                    column,
                    ..Location::at(&self.path, line as usize, 1)
                }
            }
        }
    }

    /// The series a code or name names, if the plan tracks it: looked up
    /// once per (name, code) a stretch holds, since a plan that tracks many
    /// areas (a league, large groups) would else compare every row's name
    /// with each of them.
    fn tracked_area(&self, name: &[u8], code: &[u8]) -> Option<Series> {
        let mut cache = self.series_of.borrow_mut();
        if let Some(found) = cache.get_pair(name, code) {
            return found;
        }
        let found = self.tracked_area_uncached(name, code);
        // Bounded as the names judged are: a file of a million distinct
        // names (postcodes, practices) is looked up, not remembered.
        if cache.len() < JUDGED {
            cache.insert_pair(name, code, found);
        }
        found
    }

    fn tracked_area_uncached(&self, name: &[u8], code: &[u8]) -> Option<Series> {
        if !code.is_empty() && !self.plan.codes.is_empty() {
            let by_code = |area: &str| {
                self.plan
                    .codes
                    .get(area)
                    .is_some_and(|c| same_text(code, c))
            };
            if let Some(s) = self.series_named(by_code) {
                return Some(s);
            }
            // A code the plan gives to none of its areas: the name decides,
            // so a plan that codes only some of its areas still matches
            // the others by name.
        }
        self.series_named(|area| same_words(name, area))
    }

    /// The plan's own area, a comparator, an indicator's footprint or a
    /// group's area that `is` picks out.
    fn series_named(&self, is: impl Fn(&str) -> bool) -> Option<Series> {
        if is(&self.plan.area) {
            return Some(Series::Plan(Area::Own));
        }
        if let Some(i) = self.plan.comparators.iter().position(|c| is(c)) {
            return Some(Series::Plan(Area::Comparator(i as u16)));
        }
        // A footprint before a group's area: the footprint's indicators
        // read its rows as their own series, the others as the group's.
        if let Some(k) = self.footprints.iter().position(|f| is(f)) {
            return Some(Series::Footprint(k as u16));
        }
        self.plan
            .members
            .iter()
            .position(|m| is(m))
            .map(|m| Series::Plan(Area::Member(m as u16)))
    }

    /// The series of indicator `i` a row of `series` belongs to: a row of an
    /// indicator's footprint is its own series, and the plan's own area is
    /// not then (nor is another indicator's footprint).
    fn series_of(&self, i: usize, series: Series) -> Option<Area> {
        let footprint = self.plan.indicators[i].area.as_deref();
        match (series, footprint) {
            (Series::Plan(Area::Own), Some(_)) => None,
            (Series::Plan(a), _) => Some(a),
            (Series::Footprint(k), Some(f)) if self.footprints[k as usize] == f => Some(Area::Own),
            (Series::Footprint(k), _) => {
                match self.plan.series_area(&self.footprints[k as usize]) {
                    Some(a @ Area::Member(_)) => Some(a),
                    _ => None,
                }
            }
        }
    }

    fn area_of(&self, m: &Mapping<'_>, cells: &impl Cells) -> AreaOf {
        let cell = |i: Option<usize>| i.map_or(&b""[..], |i| cells.cell(i).trim_ascii());
        let pick = |(name_column, code_column): AreaColumns, mapped: bool| {
            let (name, code) = (cell(name_column), cell(code_column));
            if name.is_empty() && code.is_empty() {
                return if mapped || self.plan.rated_as {
                    AreaOf::Empty
                } else {
                    AreaOf::Tracked(Series::Plan(Area::Own))
                };
            }
            match self.tracked_area(name, code) {
                Some(a) => AreaOf::Tracked(a),
                None => AreaOf::Untracked((name_column, code_column)),
            }
        };
        match m.area {
            AreaFrom::Own if self.plan.rated_as => AreaOf::Empty,
            AreaFrom::Own => AreaOf::Tracked(Series::Plan(Area::Own)),
            AreaFrom::Cell { columns, mapped } => pick(columns, mapped),
            AreaFrom::Ees {
                level,
                national,
                regional,
                local,
            } => match super::ees::area_columns(&text(cell(Some(level)))) {
                Some((name, _)) if name.starts_with("country") => pick(national, true),
                Some((name, _)) if name.starts_with("region") => pick(regional, true),
                Some(_) => pick(local, true),
                None => AreaOf::OtherLevel,
            },
        }
    }

    /// Whether a row of an untracked area can be dropped on its area cell
    /// (field `column`), before anything else is read (most rows of a
    /// national file).
    pub(super) fn untracked(&mut self, line: u64, cells: &impl Cells, column: usize) -> bool {
        let cell = cells.cell(column).trim_ascii();
        if cell.is_empty() {
            return false;
        }
        let seen = self.judged.get(cell);
        if seen.is_none() && self.tracked_area(cell, b"").is_some() {
            if self.judged.len() < JUDGED {
                self.judged.insert(cell, Seen::Tracked);
            }
            return false;
        }
        match seen {
            Some(Seen::Tracked) => return false,
            // Judged before: counted without looking the name up again.
            Some(Seen::Untracked(near)) => self.count_near(near),
            None => self.saw_untracked((Some(column), None), || line, cells),
        }
        self.counts.rows += 1;
        self.counts.other_areas += 1;
        true
    }

    /// A record holding a zero byte: the file is binary data, not CSV
    /// text, and is read no further.
    pub(super) fn binary(&mut self, line: u64) {
        self.diags.push(
            Diagnostic::error(
                Code::BinaryFile,
                Some(Location::at(&self.path, line as usize, 1)),
                "not a CSV text file: binary data (a zero byte) in this row",
            )
            .with_help("measurements are CSV text: export the sheet as CSV"),
        );
    }

    /// A record whose quoted field never closes: an error at its line,
    /// never a cell that swallows the rest of the file.
    pub(super) fn unclosed_quote(&mut self, line: u64, lines_after: usize) {
        self.counts.rows += 1;
        self.diags.push(
            Diagnostic::error(
                Code::UnclosedQuote,
                Some(Location::at(&self.path, line as usize, 1)),
                format!(
                    "a quoted cell opens in this row and never closes: \
                     the rest of the file ({} more lines) would be read as one cell",
                    lines_after
                ),
            )
            .with_help("close the quote, or write a quote inside a quoted cell as two (\"\")"),
        );
    }

    /// A record whose quoted cell runs over line breaks and has text after
    /// its closing quote: a quote left open, closed by a later row's. An
    /// error where it opened, never a note holding the rows between.
    pub(super) fn quote_closed_late(&mut self, line: u64, lines_after: usize) {
        self.counts.rows += 1;
        self.diags.push(
            Diagnostic::error(
                Code::UnclosedQuote,
                Some(Location::at(&self.path, line as usize, 1)),
                format!(
                    "a quoted cell opens in this row and is closed only {lines_after} lines \
                     later, before more text: the rows between would be read as one cell"
                ),
            )
            .with_help(
                "close the quote in this row, or write a quote inside a quoted cell as two (\"\")",
            ),
        );
    }

    /// Reads one record. `line` gives its line number (or sheet row), asked
    /// only for a row that is kept or wrong: most rows of a national file
    /// are neither.
    pub(super) fn row(&mut self, m: &Mapping<'_>, line: impl Fn() -> u64, cells: &impl Cells) {
        if m.measure.is_some() {
            let record = (0..cells.count()).map(|i| cells.cell(i)).collect();
            return self.held.push((line(), record));
        }
        // A wide table's row is one row of a long table per period: read
        // through each period's block, and counted so.
        if !m.blocks.is_empty() {
            for block in &m.blocks {
                self.row_of(block, &line, cells);
            }
            return;
        }
        self.row_of(m, line, cells)
    }

    pub(super) fn row_of(
        &mut self,
        m: &Mapping<'_>,
        line: impl FnOnce() -> u64,
        cells: &impl Cells,
    ) {
        if m.fill_down.is_empty() {
            return self.read(m, line, cells);
        }
        let mut filled: ByteRecord = (0..cells.count()).map(|i| cells.cell(i)).collect();
        self.above.resize(m.width, Vec::new());
        for &i in &m.fill_down {
            let cell = filled.get(i).unwrap_or(b"").trim_ascii();
            if cell.is_empty() {
                let mut fields: Vec<Vec<u8>> = filled.iter().map(<[u8]>::to_vec).collect();
                fields.resize(fields.len().max(i + 1), Vec::new());
                fields[i].clone_from(&self.above[i]);
                filled = fields.iter().collect();
            } else {
                self.above[i] = cell.to_vec();
            }
        }
        self.read(m, line, &filled)
    }

    fn read(&mut self, m: &Mapping<'_>, line: impl FnOnce() -> u64, cells: &impl Cells) {
        self.counts.rows += 1;
        if !self.fields_fit(m, cells.count()) {
            return self.wrong_width(m, line(), cells);
        }
        if !self.passes_filters(m, cells) {
            self.counts.filtered += 1;
            return;
        }
        let series = match self.area_of(m, cells) {
            AreaOf::Tracked(s) => {
                self.saw_tracked(s, m, cells);
                s
            }
            AreaOf::Untracked(columns) => {
                self.counts.other_areas += 1;
                self.saw_untracked(columns, line, cells);
                if self.reads_peers(m) {
                    self.peer(m, cells, columns);
                }
                return;
            }
            AreaOf::Empty => {
                self.counts.no_area += 1;
                return;
            }
            AreaOf::OtherLevel => {
                self.counts.other_levels += 1;
                return;
            }
        };
        let line = line();
        let Some((id, entity)) = self.entity_of(m, line, cells) else {
            return;
        };
        let mut errors = Vec::new();
        let row = RowHead {
            line,
            origin: Origin {
                file: self.file,
                line: line as u32,
            },
            note: text(trimmed(cells, m.note)),
            published: published(m, cells, &mut errors),
        };
        let recovery = self.recovery(m, cells, &mut errors);
        match entity {
            Entity::Indicator(i) => {
                if let Some(r) = recovery {
                    let ctx = self.plan.indicators[i].period_context();
                    let alone = trimmed(cells, m.value).is_empty();
                    // A recovery update with no figure is not a missing
                    // figure: only the update is kept.
                    let mut unread = Vec::new();
                    let period = self.period(m, cells, ctx, &mut unread);
                    if let (Some(p), true) = (period, errors.is_empty()) {
                        self.indicator_recovery[i].push(row.update(p.last, r));
                        if alone {
                            self.counts.recovery_updates += 1;
                        }
                    }
                    if alone {
                        errors.extend(unread);
                        return self.report(row.line, cells, errors);
                    }
                }
                return self.figure(m, cells, row, i, series, errors);
            }
            Entity::Milestone(i) => self.milestone_row(m, cells, &row, i, recovery, &mut errors),
            Entity::Commitment(i) => {
                let names = SelfAssessment::NAMES;
                let from = SelfAssessment::from_name;
                if let Some((date, state)) =
                    self.status(m, cells, "commitment", names, from, &mut errors)
                {
                    self.counts.status_rows += 1;
                    self.commitments[i].push(row.update(date, state));
                }
            }
            Entity::Priority(_) => errors.push((
                m.id,
                Code::PriorityRow,
                format!("`{id}` is a priority, and priorities take no measurements"),
                Some(PRIORITY_ROW_HELP.into()),
            )),
        }
        self.report(line, cells, errors);
    }

    /// Whether a CSV row has as many fields as the header. A row shorter
    /// by only cells cfp does not read (Fingertips writes such rows) is
    /// read padded, and counted.
    fn fields_fit(&mut self, m: &Mapping<'_>, n: usize) -> bool {
        if !matches!(self.place, Place::Csv) || n == m.width {
            return true;
        }
        let padded = n < m.width && m.pad_from.is_some_and(|p| n >= p);
        if padded {
            self.counts.short_rows += 1;
        }
        padded
    }

    fn wrong_width(&mut self, m: &Mapping<'_>, line: u64, cells: &impl Cells) {
        let n = cells.count();
        let loc = self.at(line, cells, None);
        let help = if n > m.width {
            "a comma inside a cell needs the cell in quotes: \"a note, with a comma\""
        } else {
            "every row needs as many fields as the header: leave a cell empty rather than out"
        };
        self.diags.push(
            Diagnostic::error(
                Code::WrongFieldCount,
                Some(loc),
                format!("this row has {n} fields but the header has {}", m.width),
            )
            .with_help(help),
        );
    }

    /// Whether a row meets the source's `where` and `where_not` conditions
    /// and its preset's, noting for each condition whether any row held
    /// its values and, until one does, the values rows held instead.
    fn passes_filters(&mut self, m: &Mapping<'_>, cells: &impl Cells) -> bool {
        let mut keep = true;
        for (k, &i) in m.filter.iter().enumerate() {
            let c = trimmed(cells, Some(i));
            let f = &m.source.filter[k];
            let holds = f.values.iter().any(|v| same_words(c, v));
            // `where` keeps a row holding a value; `where_not` leaves it out.
            if holds == f.exclude {
                keep = false;
            }
            if holds {
                self.filters.hit[k] = true;
            } else if !self.filters.hit[k] {
                self.filters.saw(k, &text(c));
            }
        }
        keep && m
            .preset_filter
            .iter()
            .all(|(i, v)| same_words(trimmed(cells, Some(*i)), v))
    }

    /// The plan id a row is about (its id cell, read through the source's
    /// `ids`, or the source's one `indicator`) and what it names. A row
    /// with an id the plan lacks is counted, and said once per id.
    fn entity_of<'a>(
        &mut self,
        m: &'a Mapping<'_>,
        line: u64,
        cells: &'a impl Cells,
    ) -> Option<(Cow<'a, str>, Entity)> {
        let Some(id) = plan_id(m, cells) else {
            self.counts.unlisted_ids += 1;
            return None;
        };
        let Some(entity) = self.entity(&id) else {
            let loc = self.at(line, cells, m.id);
            if id.is_empty() {
                self.diags
                    .error(Code::NoId, Some(loc), "this row has no id");
            } else {
                self.unknown.entry(id.into_owned()).or_insert((0, loc)).0 += 1;
                self.counts.unknown_ids += 1;
            }
            return None;
        };
        Some((id, entity))
    }

    /// The plan's entity an id names: a national file gives the same id
    /// row after row, so the last one is remembered.
    fn entity(&mut self, id: &str) -> Option<Entity> {
        if let Some((last, entity)) = &self.last_entity {
            if same_bytes(last.as_bytes(), id.as_bytes()) {
                return *entity;
            }
        }
        let entity = self.plan.entity(id);
        self.last_entity = Some((id.into(), entity));
        entity
    }

    /// A figure for indicator `i`, kept when its series is the indicator's,
    /// its period, value and counts all read, and it does not repeat the
    /// figure before it; else every problem in the row is said.
    fn figure(
        &mut self,
        m: &Mapping<'_>,
        cells: &impl Cells,
        row: RowHead<'_>,
        i: usize,
        series: Series,
        mut errors: Vec<Problem>,
    ) {
        let Some(area) = self.series_of(i, series) else {
            self.counts.other_areas += 1;
            return;
        };
        let ind = &self.plan.indicators[i];
        let Some(period) = self.period(m, cells, ind.period_context(), &mut errors) else {
            return self.report(row.line, cells, errors);
        };
        let cell = trimmed(cells, m.value);
        let raw = text(cell);
        let mut note = row.note.into_owned();
        let value = figure_value(m, ind, self.plan.dash, cell, &mut note, &mut errors);
        // A special value has no figure for counts to stand behind:
        // DfE publishes `z` with 0/0 and `c` with `c` counts, so
        // they are neither read nor checked, only counted.
        let special = value.as_ref().is_some_and(|v| v.number().is_none());
        let counts = FigureCounts::read(m, cells, ind.unit, special, &mut errors);
        let lag = m.source.lag.or(ind.lag);
        let known = row.published.unwrap_or_else(|| known_after(&period, lag));
        if let (Some(value), true) = (value, errors.is_empty()) {
            self.count(&value);
            if counts.ignored {
                self.counts.special_counts_ignored += 1;
            }
            if counts.over_zero {
                self.counts.zero_denominators += 1;
                match &mut self.notes.zero {
                    Some((n, _)) => *n += 1,
                    None => self.notes.zero = Some((1, self.at(row.line, cells, m.denominator))),
                }
            }
            self.keep(
                i,
                Observation {
                    area,
                    period,
                    value,
                    numerator: counts.numerator.into(),
                    denominator: counts.denominator.into(),
                    lower_ci: counts.lower_ci.into(),
                    upper_ci: counts.upper_ci.into(),
                    published: row.published,
                    known,
                    text: FigureText::of(
                        Observation::raw_unless_plain(&raw, &value),
                        note_of(&note),
                    ),
                    origin: row.origin,
                },
            );
        }
        self.report(row.line, cells, errors);
    }

    /// Keeps a figure of indicator `i`, unless it repeats the one before
    /// it: the same figure row after row (a file appended to twice) is
    /// one figure, kept once however many.
    fn keep(&mut self, i: usize, figure: Observation) {
        let repeat = self.figures.latest(i).is_some_and(|o| {
            o.area == figure.area
                && o.period == figure.period
                && o.published == figure.published
                && o.value.same_as(&figure.value)
                && o.numerator == figure.numerator
                && o.denominator == figure.denominator
        });
        if !repeat {
            self.figures.push(i, figure);
        }
    }

    /// A milestone's row: its status update, its recovery update, or both.
    /// A row with a recovery update and no status is the update alone.
    fn milestone_row(
        &mut self,
        m: &Mapping<'_>,
        cells: &impl Cells,
        row: &RowHead<'_>,
        i: usize,
        recovery: Option<Recovery>,
        errors: &mut Vec<Problem>,
    ) {
        if let (Some(r), true) = (&recovery, trimmed(cells, m.status).is_empty()) {
            let ctx = PeriodContext {
                year: self.plan.defaults.year,
                annual: false,
            };
            if let (Some(p), true) = (self.period(m, cells, ctx, errors), errors.is_empty()) {
                self.milestone_recovery[i].push(row.update(p.last, r.clone()));
                self.counts.recovery_updates += 1;
            }
            return;
        }
        let names = MilestoneState::NAMES;
        let from = MilestoneState::from_name;
        if let Some((date, state)) = self.status(m, cells, "milestone", names, from, errors) {
            self.counts.status_rows += 1;
            self.milestones[i].push(row.update(date, state));
            if let Some(r) = recovery {
                self.milestone_recovery[i].push(row.update(date, r));
            }
        }
    }

    /// A row's recovery cells, when it has any; a revised date that is not
    /// a date or a period is an error in its cell.
    fn recovery(
        &mut self,
        m: &Mapping<'_>,
        cells: &impl Cells,
        errors: &mut Vec<Problem>,
    ) -> Option<Recovery> {
        let c = m.recovery;
        let words = |column: Option<usize>| -> Option<Box<str>> {
            let t = text(trimmed(cells, column));
            (!t.is_empty()).then(|| t.as_ref().into())
        };
        let written = text(trimmed(cells, c.revised_due));
        let ctx = PeriodContext {
            year: self.plan.defaults.year,
            annual: false,
        };
        let revised_due = match period::parse(&written, ctx) {
            _ if written.is_empty() => None,
            Ok(p) => Some((written.as_ref().into(), p.last)),
            Err(e) => {
                errors.push((
                    c.revised_due,
                    Code::BadDate,
                    format!(
                        "`{}` is not a date or a period: {}",
                        quoted(&written),
                        e.message
                    ),
                    Some(
                        "write the date now expected as 2026-06-30, or a period such as \
                         June 2026 or 2026/27"
                            .to_string(),
                    ),
                ));
                None
            }
        };
        let r = Recovery {
            action: words(c.action),
            cause: words(c.cause),
            owner: words(c.owner),
            revised_due,
        };
        (!r.is_empty()).then_some(r)
    }

    /// A status row's date (its period's last day) and state, when both
    /// read and nothing else in the row is wrong.
    fn status<S>(
        &mut self,
        m: &Mapping<'_>,
        cells: &impl Cells,
        what: &str,
        names: &[&str],
        from: fn(&str) -> Option<S>,
        errors: &mut Vec<Problem>,
    ) -> Option<(NaiveDate, S)> {
        // A status row is dated, not a figure of a kind of year.
        let ctx = PeriodContext {
            year: self.plan.defaults.year,
            annual: false,
        };
        let period = self.period(m, cells, ctx, errors);
        let state = state(
            trimmed(cells, m.status),
            m.status,
            what,
            names,
            from,
            errors,
        );
        match (period, state, errors.is_empty()) {
            (Some(p), Some(state), true) => Some((p.last, state)),
            _ => None,
        }
    }

    fn report(&mut self, line: u64, cells: &impl Cells, errors: Vec<Problem>) {
        for (column, code, message, help) in errors {
            let loc = self.at(line, cells, column);
            self.diags
                .push(Diagnostic::error(code, Some(loc), message).with_help_opt(help));
        }
    }

    /// A row's period, read once per label and way of reading it however
    /// many rows use it.
    fn period(
        &mut self,
        m: &Mapping<'_>,
        cells: &impl Cells,
        ctx: PeriodContext,
        errors: &mut Vec<Problem>,
    ) -> Option<Period> {
        let mut joined = Vec::new();
        let (key, column): (&[u8], Option<usize>) = match m.period {
            PeriodFrom::Cell(i) => (cells.cell(i).trim_ascii(), Some(i)),
            PeriodFrom::Fixed => (m.source.period.as_deref().unwrap_or("").as_bytes(), None),
            PeriodFrom::Melted => (m.period_label.as_deref().unwrap_or("").as_bytes(), None),
            PeriodFrom::Ees { period, identifier } => {
                joined.extend_from_slice(cells.cell(period).trim_ascii());
                joined.push(0);
                joined.extend_from_slice(cells.cell(identifier).trim_ascii());
                (&joined[..], Some(period))
            }
        };
        let ees = matches!(m.period, PeriodFrom::Ees { .. });
        let how = (ctx.year, ctx.annual && !ees);
        let result = self.periods.read(how, key, |label| {
            if ees {
                let (tp, ti) = label.split_once('\0').unwrap_or((label, ""));
                super::ees::period(tp, ti)
            } else {
                period::parse(label, ctx)
            }
        });
        match result {
            Ok(p) => Some(p),
            Err(e) => {
                let whose = if matches!(m.period, PeriodFrom::Melted) {
                    "the period in the header"
                } else {
                    "the source's `period`"
                };
                let help = match (column, e.help) {
                    (None, h) => Some(format!(
                        "{}{whose} is read with this indicator's year",
                        h.map(|h| format!("{h}; ")).unwrap_or_default()
                    )),
                    (_, h) => h,
                };
                errors.push((column, Code::BadPeriod, e.message, help));
                None
            }
        }
    }

    fn count(&mut self, value: &Value) {
        let c = &mut self.counts;
        c.figures += 1;
        match value {
            Value::Number {
                mark: Some(super::Mark::Provisional),
                ..
            } => c.provisional += 1,
            Value::Number {
                mark: Some(super::Mark::Revised),
                ..
            } => c.revised += 1,
            Value::Number { .. } => {}
            Value::Suppressed => c.suppressed += 1,
            Value::Missing => c.missing += 1,
            Value::NotApplicable => c.not_applicable += 1,
            Value::BelowRounding => c.below_rounding += 1,
        }
    }
}

/// A problem in one cell: the column (none: the whole row), its kind, the
/// message and the remedy.
type Problem = (Option<usize>, Code, String, Option<String>);

/// What every kind of row has, read before its entity's own cells.
struct RowHead<'c> {
    line: u64,
    origin: Origin,
    note: Cow<'c, str>,
    published: Option<NaiveDate>,
}

impl RowHead<'_> {
    fn update<S>(&self, date: NaiveDate, state: S) -> Update<S> {
        Update {
            date,
            state,
            published: self.published,
            note: note_of(&self.note),
            origin: self.origin,
        }
    }
}

fn note_of(note: &str) -> Option<Box<str>> {
    (!note.is_empty()).then(|| note.into())
}

/// A cell's bytes without surrounding spaces; empty for a column the
/// mapping does not have.
fn trimmed(cells: &impl Cells, column: Option<usize>) -> &[u8] {
    column.map_or(&b""[..], |i| cells.cell(i).trim_ascii())
}

/// The row's publication date, else its source's.
fn published(m: &Mapping<'_>, cells: &impl Cells, errors: &mut Vec<Problem>) -> Option<NaiveDate> {
    // Most files have no such column: no text made of nothing, row by row.
    let cell = trimmed(cells, m.published);
    if cell.is_empty() {
        return m.source.published;
    }
    let p = text(cell);
    let d = period::parse_date(&p);
    if d.is_none() {
        errors.push((
            m.published,
            Code::BadDate,
            format!("`{}` is not a date", quoted(&p)),
            Some("write the publication date as 2026-02-26".to_string()),
        ));
    }
    d
}

/// A figure written the European way (`12.345,67`) would be misread with
/// the comma as a thousands separator, so it is refused with this remedy.
const COMMA_AFTER_POINT_HELP: &str = "cfp reads a point as the decimal point and a comma as a \
thousands separator (12,345.67); a figure written with a decimal comma (12.345,67) needs \
exporting with points, or the column's points and commas swapped";

const NOT_A_NUMBER_HELP: &str = "write a number such as 70.4, 70.4% or 4,903, or a special \
                                 value: c (suppressed), x (missing), z (not applicable), \
                                 low (below rounding)";

const DASH_HELP: &str = "say which in cfp.toml: [measurements] dash = \"zero\" or \"missing\"";

const PRIORITY_ROW_HELP: &str = "record figures against its indicators, and status against \
                                 its milestones or commitments";

/// A figure's value cell: an EES symbol where the source reads them (its
/// meaning becomes the note, unless the row has one), else a number, a
/// grade's word or a special value.
#[inline]
fn figure_value(
    m: &Mapping<'_>,
    ind: &Indicator,
    dash: Option<Dash>,
    cell: &[u8],
    note: &mut String,
    errors: &mut Vec<Problem>,
) -> Option<Value> {
    // Most cells of a large file: a number in any unit but a grade's, no
    // symbol and no mark, read from its bytes with no text made of it, in
    // line where the row is read; anything else the general way.
    if ind.unit != Unit::Grade {
        if let Some(value) = plain_decimal(cell) {
            return Some(Value::Number { value, mark: None });
        }
    }
    figure_value_read(m, ind, dash, cell, note, errors)
}

/// [`figure_value`] of a cell that is not a plain decimal.
#[inline(never)]
fn figure_value_read(
    m: &Mapping<'_>,
    ind: &Indicator,
    dash: Option<Dash>,
    cell: &[u8],
    note: &mut String,
    errors: &mut Vec<Problem>,
) -> Option<Value> {
    let raw = &*text(cell);
    let symbol = m.ees_symbols.then(|| super::ees::symbol(raw)).flatten();
    let value = match symbol {
        Some((v, said)) => {
            if let (Some(said), true) = (said, note.is_empty()) {
                *note = said.to_string();
            }
            Ok(v)
        }
        None => ind.parse_value(raw, note, dash),
    };
    match value {
        Ok(v) => return Some(v),
        Err(ValueError::NotANumber) => errors.push((
            m.value,
            Code::NotANumber,
            format!("`{}` is not a number", quoted(raw)),
            Some(NOT_A_NUMBER_HELP.into()),
        )),
        Err(ValueError::CommaAfterPoint) => errors.push((
            m.value,
            Code::DecimalComma,
            format!(
                "`{}` is not a number: it has a comma after the decimal point",
                quoted(raw)
            ),
            Some(COMMA_AFTER_POINT_HELP.into()),
        )),
        Err(ValueError::DecimalComma) => errors.push((
            m.value,
            Code::DecimalComma,
            format!("`{}` is not a number: it has a decimal comma", quoted(raw)),
            Some(COMMA_AFTER_POINT_HELP.into()),
        )),
        Err(ValueError::NotOnScale) => {
            let (message, help) = super::not_on_scale(raw, &ind.scale);
            errors.push((m.value, Code::NotOnScale, message, Some(help)));
        }
        Err(ValueError::Dash) => errors.push((
            m.value,
            Code::AmbiguousDash,
            "`-` could mean nil or not available".into(),
            Some(DASH_HELP.into()),
        )),
    }
    None
}

/// What a peer's row holds beside its area, id and period.
struct PeerCells {
    value: Value,
    counts: FigureCounts,
    published: Option<NaiveDate>,
}

impl PeerCells {
    /// Keeps the peer's figure of indicator `i`: known when published,
    /// else on `when.known`. `placed`, where given, is `when`'s number in
    /// the peers' stamps, and the number is given back (not a published
    /// day's), for a run of rows of one period to look it up once.
    #[inline(always)]
    pub(super) fn keep_in(
        self,
        peers: &mut super::peers::PeerRows,
        i: usize,
        peer: u32,
        (when, placed): (super::peers::When, Option<u32>),
    ) -> Option<u32> {
        let published = self.published.is_some();
        let counts = (self.counts.numerator, self.counts.denominator);
        let (when, placed) = match self.published {
            Some(known) => (super::peers::When { known, ..when }, None),
            None => (when, placed),
        };
        let limits = (self.counts.lower_ci, self.counts.upper_ci);
        match super::peers::PeerFigure::new(peer, self.value) {
            Some(figure) => peers
                .keep(i, figure, (when, placed), (limits, counts))
                .filter(|_| !published),
            // Never numbered: past the most a league reads.
            None => {
                peers.unread += 1;
                None
            }
        }
    }
}

/// Most rows of a national file, read as [`Rows::peer_cells`] would read
/// them with none of its general steps: a value in any unit but a grade's,
/// a numerator and a denominator, each a plain decimal with no space
/// around it, that hold together, in a file with no limits or publication
/// date columns. None, having read nothing, for any other row, which the
/// general steps read (and a row whose cells have spaces around them,
/// which they trim). A league reads 4 million such rows. Not for a rank,
/// which reads a peer's value alone.
#[inline]
fn plain_peer_cells(m: &Mapping<'_>, cells: &impl Cells, ind: &Indicator) -> Option<PeerCells> {
    if ind.unit == Unit::Grade
        || m.lower_ci.is_some()
        || m.upper_ci.is_some()
        || m.published.is_some()
    {
        return None;
    }
    let number = |column: Option<usize>| plain_decimal(cells.cell(column?));
    let value = number(m.value)?;
    let numerator = number(m.numerator)?;
    let denominator = number(m.denominator)?;
    let hold = numerator >= 0.0
        && denominator > 0.0
        && (ind.unit != Unit::Percent || numerator <= denominator);
    hold.then(|| PeerCells {
        value: Value::Number { value, mark: None },
        counts: FigureCounts {
            numerator: Some(numerator),
            denominator: Some(denominator),
            ..FigureCounts::default()
        },
        published: m.source.published,
    })
}

/// A figure's counts and confidence limits, as kept.
#[derive(Default)]
struct FigureCounts {
    numerator: Option<f64>,
    denominator: Option<f64>,
    lower_ci: Option<f64>,
    upper_ci: Option<f64>,
    /// A special value's counts or limits held something, left unread.
    ignored: bool,
    /// The denominator was zero: the counts are left out.
    over_zero: bool,
}

impl FigureCounts {
    #[inline]
    fn read(
        m: &Mapping<'_>,
        cells: &impl Cells,
        unit: Unit,
        special: bool,
        errors: &mut Vec<Problem>,
    ) -> Self {
        // Most rows of a large file: a figure's two counts, plain numbers
        // that hold together, and no limits. Anything else (a token, a
        // negative count, a numerator above its denominator, a zero
        // denominator) goes the general way, which says what is wrong.
        if !special && m.lower_ci.is_none() && m.upper_ci.is_none() {
            let count = |column: Option<usize>| {
                column.and_then(|c| plain_decimal(cells.cell(c).trim_ascii()))
            };
            if let (Some(numerator), Some(denominator)) = (count(m.numerator), count(m.denominator))
            {
                if numerator >= 0.0
                    && denominator > 0.0
                    && (unit != Unit::Percent || numerator <= denominator)
                {
                    return Self {
                        numerator: Some(numerator),
                        denominator: Some(denominator),
                        ..Self::default()
                    };
                }
            }
        }
        Self::read_any(m, cells, unit, special, errors)
    }

    /// [`FigureCounts::read`] of counts that are not two plain decimals
    /// that hold together, or of a row with limits.
    #[inline(never)]
    fn read_any(
        m: &Mapping<'_>,
        cells: &impl Cells,
        unit: Unit,
        special: bool,
        errors: &mut Vec<Problem>,
    ) -> Self {
        let columns = [m.numerator, m.denominator, m.lower_ci, m.upper_ci];
        let ignored = special && columns.iter().any(|&c| !trimmed(cells, c).is_empty());
        let mut number = |column: Option<usize>, what: &str| {
            if special {
                return None;
            }
            let cell = trimmed(cells, column);
            if cell.is_empty() {
                return None;
            }
            if let Some(x) = plain_decimal(cell) {
                return Some(x);
            }
            let cell = text(cell);
            match parse_count(&cell) {
                Ok(x) => x,
                Err(e) => {
                    let code = if comma_after_point(&cell) {
                        Code::DecimalComma
                    } else {
                        Code::NotANumber
                    };
                    errors.push((column, code, format!("{what}: {e}"), None));
                    None
                }
            }
        };
        let mut numerator = number(m.numerator, "numerator");
        let mut denominator = number(m.denominator, "denominator");
        let lower_ci = number(m.lower_ci, "lower_ci");
        let upper_ci = number(m.upper_ci, "upper_ci");
        check_counts(unit, numerator, denominator, lower_ci, upper_ci, m, errors);
        // A published figure over no cases stands as published; its
        // counts give no interval, so they are left out (and told
        // once for the file, not refused row by row).
        let over_zero = denominator == Some(0.0);
        if over_zero {
            numerator = None;
            denominator = None;
        }
        Self {
            numerator,
            denominator,
            lower_ci,
            upper_ci,
            ignored,
            over_zero,
        }
    }
}

/// Counts that cannot be true are data errors, not a statistic quietly
/// left out. A zero denominator is not among them: it is a figure over no
/// cases, kept without its counts.
fn check_counts(
    unit: Unit,
    numerator: Option<f64>,
    denominator: Option<f64>,
    lower_ci: Option<f64>,
    upper_ci: Option<f64>,
    m: &Mapping<'_>,
    errors: &mut Vec<Problem>,
) {
    if numerator.is_some_and(|x| x < 0.0) {
        errors.push((
            m.numerator,
            Code::BadCounts,
            "the numerator is negative".into(),
            None,
        ));
    }
    // Zero is a published figure over no cases, kept without its counts
    // (see the reader); below zero is no count at all.
    if denominator.is_some_and(|n| n < 0.0) {
        errors.push((
            m.denominator,
            Code::BadCounts,
            "the denominator must be above zero".into(),
            None,
        ));
    }
    if let (Some(x), Some(n), Unit::Percent) = (numerator, denominator, unit) {
        if n > 0.0 && x > n {
            errors.push((
                m.numerator,
                Code::BadCounts,
                format!("the numerator {x} is larger than the denominator {n}"),
                Some(
                    "a percentage counts part of its denominator: \
                     check the columns are not swapped"
                        .into(),
                ),
            ));
        }
    }
    if let (Some(lo), Some(hi)) = (lower_ci, upper_ci) {
        if lo > hi {
            errors.push((
                m.lower_ci,
                Code::BadCounts,
                format!("the lower limit {lo} is above the upper limit {hi}"),
                None,
            ));
        }
    }
}

fn state<S>(
    cell: &[u8],
    column: Option<usize>,
    what: &str,
    names: &[&str],
    from: fn(&str) -> Option<S>,
    errors: &mut Vec<Problem>,
) -> Option<S> {
    let t = text(cell);
    let list = names.join(", ");
    if t.is_empty() {
        errors.push((
            column,
            Code::BadStatus,
            format!("a {what} row needs a status"),
            Some(format!("status is one of {list}")),
        ));
        return None;
    }
    let s = from(&t);
    if s.is_none() {
        let help = did_you_mean(&t.to_ascii_lowercase(), names.iter().copied())
            .map(|d| format!("{d} (status is one of {list})"))
            .unwrap_or_else(|| format!("status is one of {list}"));
        errors.push((
            column,
            Code::BadStatus,
            format!("unknown {what} status `{}`", quoted(&t)),
            Some(help),
        ));
    }
    s
}

/// The day a figure of `period` became known when nothing says: its
/// period's last day plus the lag.
pub(super) fn known_after(period: &Period, lag: Option<crate::period::Span>) -> NaiveDate {
    lag.map_or(period.last, |l| l.after(period.last))
}
