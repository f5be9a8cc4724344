//! The plan area's peers: areas the plan does not track, at a level the
//! files name (Fingertips' `Area Type`, EES's `geographic_level`, a GSS
//! code's prefix). A status, show, pack or workbook ranks the plan's area
//! among them, as LAIT printed a national rank beside every figure; a
//! league rates every one of them. Each of their figures is kept as what
//! a rating reads (the value, its counts and interval, its period and
//! the day it became known), without the text, note and place a plan
//! area's figure keeps for its reader, and read with no more than that
//! parsed.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::measure::{MaybeNumber, Value};
use crate::period::Period;
pub use crate::plan::{PeerAreas, MOST_IN_A_LEAGUE, MOST_PEERS};
use crate::value::Mark;

/// One figure of a peer, in 24 bytes: a national league holds four
/// million, and every byte of them is a page the system must fault in,
/// and free at the end (docs/performance.md). Its value is held as a
/// number and a state; its period and the day it became known, which a
/// file's figures share (a national file's are of 14 years), are kept
/// apart in [`Stamps`], the figure holding an index; so are its
/// confidence limits, which a Fingertips export gives and few other files
/// do. Its counts are held in four bytes each where that holds them
/// exactly (a whole number up to 16,777,216, as most files' are);
/// a figure whose counts it does not has them, and its limits, kept in
/// [`Stamps`] too.
#[derive(Debug, Clone, Copy)]
pub struct PeerFigure {
    /// Index into [`Peers::names`]: a league reads fewer than
    /// [`MOST_IN_A_LEAGUE`] areas.
    peer: u16,
    /// What the value is ([`State`]), with `number`.
    state: u8,
    /// What `slot` is into: [`Stamps`]' periods and days ([`Slot::WHEN`]),
    /// its limits, each with its figure's period and day known
    /// ([`Slot::LIMITS`]), or its counts and limits kept apart
    /// ([`Slot::APART`]).
    kind: u8,
    slot: u32,
    number: f64,
    /// Not a number for none; unused where kept apart.
    numerator: f32,
    denominator: f32,
}

/// A figure's period and the day it became known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub period: Period,
    pub known: NaiveDate,
}

/// A `When` as written: equal periods labelled apart (`Q4 2023/24` and
/// `2024 Q1`) are kept apart, so each figure keeps its own label.
type Written = (
    (NaiveDate, NaiveDate, crate::period::PeriodKind, bool),
    NaiveDate,
);

fn written(when: When) -> Written {
    (when.period.written(), when.known)
}

/// Two numbers as a row gave them: a figure's limits, or its counts.
pub(super) type Pair = (Option<f64>, Option<f64>);

/// What a figure's `slot` is into.
struct Slot;

impl Slot {
    const WHEN: u8 = 0;
    const LIMITS: u8 = 1;
    const APART: u8 = 2;
}

/// A figure's counts, where four bytes each do not hold them exactly, and
/// its confidence limits.
#[derive(Debug, Clone, Copy)]
struct Extras {
    lower: MaybeNumber,
    upper: MaybeNumber,
    numerator: MaybeNumber,
    denominator: MaybeNumber,
    /// The index of its `When`.
    at: u32,
}

/// A count in four bytes, where they hold it exactly; not a number for
/// none.
#[inline]
fn narrow(count: Option<f64>) -> Option<f32> {
    match count {
        None => Some(f32::NAN),
        Some(x) => {
            let narrow = x as f32;
            (f64::from(narrow) == x).then_some(narrow)
        }
    }
}

#[inline]
fn widen(count: f32) -> MaybeNumber {
    // Not a number, widened, is still none.
    MaybeNumber::or_none(f64::from(count))
}

/// The periods and days known of a file's peer figures, each kept once,
/// the confidence limits of the figures that have them, and the counts
/// that a figure's four bytes each would not hold exactly: a figure holds
/// an index into one of them, four bytes rather than the sixteen of a
/// period and a day.
#[derive(Clone, Default)]
pub struct Stamps {
    whens: Vec<When>,
    /// Each limited figure's limits, and the index of its `When`.
    limits: Vec<(MaybeNumber, MaybeNumber, u32)>,
    /// Each figure's counts and limits kept apart.
    apart: Vec<Extras>,
    places: HashMap<Written, u32>,
    /// The `When` placed last: a file's rows come period by period.
    last: Option<(When, u32)>,
}

/// The periods and limits, not the lookups kept to place them: the `When`
/// placed last is the last looked up, which a run of rows read with its
/// period's number in hand (the lane) does not look up again.
impl std::fmt::Debug for Stamps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stamps")
            .field("whens", &self.whens)
            .field("limits", &self.limits)
            .field("apart", &self.apart)
            .finish_non_exhaustive()
    }
}

impl Stamps {
    /// The index of `when`, placed if new; none past `u32`'s numbers.
    #[inline]
    fn place(&mut self, when: When) -> Option<u32> {
        match &self.last {
            Some((last, at))
                if last.known == when.known && last.period.same_label(&when.period) =>
            {
                Some(*at)
            }
            _ => self.place_new(when),
        }
    }

    fn place_new(&mut self, when: When) -> Option<u32> {
        let key = written(when);
        let at = match self.places.get(&key) {
            Some(&at) => at,
            None => {
                let at = u32::try_from(self.whens.len()).ok()?;
                self.whens.push(when);
                self.places.insert(key, at);
                at
            }
        };
        self.last = Some((when, at));
        Some(at)
    }

    /// Gives `figure` its period, day known, counts and limits (where the
    /// row gave either): `when`'s number, which is `placed` where the
    /// caller has it; none past `u32`'s numbers.
    #[inline]
    fn stamp(
        &mut self,
        figure: &mut PeerFigure,
        (when, placed): (When, Option<u32>),
        (lower, upper): Pair,
        (numerator, denominator): Pair,
    ) -> Option<u32> {
        let at = placed.or_else(|| self.place(when))?;
        if let (Some(n), Some(d)) = (narrow(numerator), narrow(denominator)) {
            (figure.numerator, figure.denominator) = (n, d);
            if lower.is_none() && upper.is_none() {
                (figure.kind, figure.slot) = (Slot::WHEN, at);
                return Some(at);
            }
            let slot = u32::try_from(self.limits.len()).ok()?;
            self.limits.push((lower.into(), upper.into(), at));
            (figure.kind, figure.slot) = (Slot::LIMITS, slot);
            return Some(at);
        }
        let slot = u32::try_from(self.apart.len()).ok()?;
        self.apart.push(Extras {
            lower: lower.into(),
            upper: upper.into(),
            numerator: numerator.into(),
            denominator: denominator.into(),
            at,
        });
        (figure.kind, figure.slot) = (Slot::APART, slot);
        Some(at)
    }

    /// The index of `figure`'s `When`.
    fn at(&self, figure: &PeerFigure) -> usize {
        match figure.kind {
            Slot::WHEN => figure.slot as usize,
            Slot::LIMITS => self.limits[figure.slot as usize].2 as usize,
            _ => self.apart[figure.slot as usize].at as usize,
        }
    }

    /// `figure`'s period and the day it became known.
    pub fn when(&self, figure: &PeerFigure) -> When {
        self.whens[self.at(figure)]
    }

    /// `figure`'s confidence limits, as its row gave them.
    pub fn limits(&self, figure: &PeerFigure) -> (MaybeNumber, MaybeNumber) {
        match figure.kind {
            Slot::WHEN => (MaybeNumber::NONE, MaybeNumber::NONE),
            Slot::LIMITS => {
                let (lower, upper, _) = self.limits[figure.slot as usize];
                (lower, upper)
            }
            _ => {
                let apart = self.apart[figure.slot as usize];
                (apart.lower, apart.upper)
            }
        }
    }

    /// `figure`'s numerator and denominator, as its row gave them.
    #[inline]
    pub fn counts(&self, figure: &PeerFigure) -> (MaybeNumber, MaybeNumber) {
        match figure.kind {
            Slot::APART => {
                let apart = self.apart[figure.slot as usize];
                (apart.numerator, apart.denominator)
            }
            _ => (widen(figure.numerator), widen(figure.denominator)),
        }
    }

    /// Its periods put in order (of period, then day known), and how to
    /// renumber the figures stamped so far; none when they were in order
    /// already (a file read from its start, period by period). Two
    /// stretches of a file that hold the same periods then number them
    /// alike, and are put together with no pass over their figures.
    fn in_order(&mut self) -> Option<Restamp> {
        let order = self.order();
        if order.iter().enumerate().all(|(k, &at)| k as u32 == at) {
            return None;
        }
        let mut whens = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            whens[old as usize] = new as u32;
        }
        self.whens = order.iter().map(|&k| self.whens[k as usize]).collect();
        for limits in &mut self.limits {
            limits.2 = whens[limits.2 as usize];
        }
        for apart in &mut self.apart {
            apart.at = whens[apart.at as usize];
        }
        for at in self.places.values_mut() {
            *at = whens[*at as usize];
        }
        self.last = None;
        Some(Restamp {
            whens,
            limits: 0,
            apart: 0,
        })
    }

    /// Takes in another stretch's stamps: how to renumber that stretch's
    /// figures, or none when their numbers stand.
    fn absorb(&mut self, other: Stamps) -> Option<Restamp> {
        if self.whens.is_empty() && self.limits.is_empty() && self.apart.is_empty() {
            *self = other;
            return None;
        }
        let whens: Vec<u32> = other
            .whens
            .iter()
            .map(|&w| self.place(w).unwrap_or(u32::MAX))
            .collect();
        let limits = u32::try_from(self.limits.len()).unwrap_or(u32::MAX);
        self.limits.extend(
            other
                .limits
                .into_iter()
                .map(|(lower, upper, at)| (lower, upper, whens[at as usize])),
        );
        let apart = u32::try_from(self.apart.len()).unwrap_or(u32::MAX);
        self.apart
            .extend(other.apart.into_iter().map(|extras| Extras {
                at: whens[extras.at as usize],
                ..extras
            }));
        let same =
            limits == 0 && apart == 0 && whens.iter().enumerate().all(|(k, &at)| k as u32 == at);
        (!same).then_some(Restamp {
            whens,
            limits,
            apart,
        })
    }

    /// The indices of its `When`s in order of (period, day known), equal
    /// ones in the order first placed.
    fn order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.whens.len() as u32).collect();
        order.sort_by_key(|&k| self.whens[k as usize]);
        order
    }

    /// Each `When`'s place in order of (period, day known), equal ones
    /// (equal periods labelled apart) sharing one.
    fn ranks(&self) -> Vec<u32> {
        let order = self.order();
        let mut ranks = vec![0; self.whens.len()];
        let mut rank = 0;
        for (n, pair) in order.iter().enumerate() {
            if n > 0 && self.whens[order[n - 1] as usize] != self.whens[*pair as usize] {
                rank += 1;
            }
            ranks[*pair as usize] = rank;
        }
        ranks
    }
}

/// How a stretch's figures' slots are renumbered into the stamps of the
/// file (a [`Renumbering`] also renumbers their peers).
#[derive(Debug, Clone)]
struct Restamp {
    whens: Vec<u32>,
    limits: u32,
    apart: u32,
}

impl Restamp {
    fn apply(&self, figure: &mut PeerFigure) {
        figure.slot = match figure.kind {
            Slot::WHEN => self
                .whens
                .get(figure.slot as usize)
                .copied()
                .unwrap_or(u32::MAX),
            Slot::LIMITS => figure.slot.saturating_add(self.limits),
            _ => figure.slot.saturating_add(self.apart),
        };
    }
}

// Every peer a league or a rank numbers fits a figure's `u16`, with
// `u16::MAX` to spare for none: raising the most past it must widen it.
const _: () = assert!(MOST_IN_A_LEAGUE <= u16::MAX as usize && MOST_PEERS <= MOST_IN_A_LEAGUE);

/// A value's state, in a byte.
struct State;

impl State {
    const NUMBER: u8 = 0;
    const PROVISIONAL: u8 = 1;
    const REVISED: u8 = 2;
    const SUPPRESSED: u8 = 3;
    const MISSING: u8 = 4;
    const NOT_APPLICABLE: u8 = 5;
    const BELOW_ROUNDING: u8 = 6;

    fn of(value: Value) -> (u8, f64) {
        match value {
            Value::Number { value, mark: None } => (Self::NUMBER, value),
            Value::Number {
                value,
                mark: Some(Mark::Provisional),
            } => (Self::PROVISIONAL, value),
            Value::Number {
                value,
                mark: Some(Mark::Revised),
            } => (Self::REVISED, value),
            Value::Suppressed => (Self::SUPPRESSED, 0.0),
            Value::Missing => (Self::MISSING, 0.0),
            Value::NotApplicable => (Self::NOT_APPLICABLE, 0.0),
            Value::BelowRounding => (Self::BELOW_ROUNDING, 0.0),
        }
    }

    fn value(state: u8, number: f64) -> Value {
        let mark = match state {
            Self::NUMBER => None,
            Self::PROVISIONAL => Some(Mark::Provisional),
            Self::REVISED => Some(Mark::Revised),
            Self::SUPPRESSED => return Value::Suppressed,
            Self::MISSING => return Value::Missing,
            Self::NOT_APPLICABLE => return Value::NotApplicable,
            _ => return Value::BelowRounding,
        };
        Value::Number {
            value: number,
            mark,
        }
    }
}

impl PeerFigure {
    /// Peer `peer`'s figure, stamped with its period and day known when
    /// kept ([`PeerRows::keep`]); none for a peer past
    /// [`MOST_IN_A_LEAGUE`], which is never numbered.
    pub(crate) fn new(peer: u32, value: Value) -> Option<Self> {
        let peer = u16::try_from(peer).ok().filter(|&k| k != u16::MAX)?;
        let (state, number) = State::of(value);
        Some(Self {
            peer,
            state,
            kind: Slot::WHEN,
            slot: 0,
            number,
            numerator: f32::NAN,
            denominator: f32::NAN,
        })
    }

    /// The index of its peer in [`Peers::names`].
    pub fn peer(&self) -> u32 {
        u32::from(self.peer)
    }

    pub fn value(&self) -> Value {
        State::value(self.state, self.number)
    }
}

/// The level the plan's area is ranked at, of those its rows name: the
/// upper tier where it is listed in both (a unitary authority, which
/// Fingertips ranks among counties and UAs by default), else the first.
pub fn rank_level(levels: &[Box<str>]) -> Option<&str> {
    let upper = |level: &str| {
        let lower = level.to_lowercase();
        lower.contains("count") || lower.contains("upper")
    };
    levels
        .iter()
        .find(|l| upper(l))
        .or(levels.first())
        .map(|l| &**l)
}

/// A name as areas are matched (SPEC 3a): ignoring case and surrounding
/// spaces, so that `Peer A` and `PEER A ` are one area.
fn matched(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Every peer the files hold, with its level and its figures per
/// indicator.
#[derive(Debug, Clone, Default)]
pub struct Peers {
    pub names: Vec<String>,
    /// Per name, every level its rows name, the first first: Fingertips
    /// lists a unitary authority under both `Counties & UAs` and
    /// `Districts & UAs`.
    pub levels: Vec<Vec<Box<str>>>,
    /// Per indicator (same index as `Plan::indicators`), in the order read.
    pub figures: Vec<Vec<PeerFigure>>,
    /// The figures' periods, days known and confidence limits.
    pub stamps: Stamps,
    /// More areas than are read ([`PeerAreas::most`]).
    pub too_many: bool,
    /// Rows of peers with a cell that does not read (a value that is not
    /// a number, a count that is not one): left out, and counted.
    pub unread: usize,
    /// Figures of a peer that another of the same period and publication
    /// contradicts: the first is kept, as for the plan's own areas the
    /// rows conflict, and the rest counted.
    pub conflicts: usize,
    /// Matched name -> its index in `names`.
    places: HashMap<String, usize>,
    /// Each stretch's figures as read, to be put together with the
    /// others' by [`Peers::finish`], on every core.
    stretches: Vec<StretchFigures>,
}

/// One stretch's figures, per indicator, and how they are numbered among
/// the file's peers and stamps.
#[derive(Debug, Clone, Default)]
struct StretchFigures {
    figures: Vec<Vec<PeerFigure>>,
    renumber: Renumbering,
}

/// How a stretch's figures are renumbered among the file's: none where
/// its numbers stand.
#[derive(Debug, Clone, Default)]
struct Renumbering {
    /// Each of its peers' number among the file's, `u16::MAX` for one past
    /// the most read.
    peers: Option<Vec<u16>>,
    stamps: Option<Restamp>,
}

impl Renumbering {
    /// `figures` renumbered in place, those of a peer past the most read
    /// left out.
    fn apply(&self, figures: &mut Vec<PeerFigure>) {
        if let Some(peers) = &self.peers {
            let mut past = false;
            for f in figures.iter_mut() {
                f.peer = peers.get(f.peer as usize).copied().unwrap_or(u16::MAX);
                past |= f.peer == u16::MAX;
            }
            if past {
                figures.retain(|f| f.peer != u16::MAX);
            }
        }
        if let Some(stamps) = &self.stamps {
            figures.iter_mut().for_each(|f| stamps.apply(f));
        }
    }
}

/// What one stretch of a file gave: its peers numbered as first seen in
/// it, renumbered as the stretches are put together.
#[derive(Debug, Default)]
pub(super) struct PeerRows {
    /// Each peer's name as first spelt, and the levels its rows name.
    names: Vec<(Box<str>, Vec<Box<str>>)>,
    /// Each spelling seen -> its peer.
    spelt: super::in_order::InOrder<u32>,
    /// Each matched name -> its peer.
    places: HashMap<String, u32>,
    figures: Vec<Vec<PeerFigure>>,
    stamps: Stamps,
    too_many: bool,
    pub unread: usize,
    /// The indicator a figure was kept for last.
    last: usize,
}

impl PeerRows {
    /// Once its stretch is read, on the stretch's own thread: its periods
    /// numbered in order ([`Stamps::in_order`]).
    pub(super) fn number_periods_in_order(&mut self) {
        if let Some(renumber) = self.stamps.in_order() {
            for f in self.figures.iter_mut().flatten() {
                renumber.apply(f);
            }
        }
    }

    /// The number of the peer `name` (at `level`), none past `most`.
    pub(super) fn peer(&mut self, name: &[u8], level: &[u8], most: usize) -> Option<u32> {
        let k = match self.spelt.get(name) {
            Some(k) => k,
            None => {
                let text = super::cell::text(name);
                let key = matched(&text);
                let k = match self.places.get(&key) {
                    Some(&k) => k,
                    None if self.names.len() >= most => {
                        self.too_many = true;
                        return None;
                    }
                    None => {
                        let k = self.names.len() as u32;
                        self.places.insert(key, k);
                        self.names.push((text.trim().into(), Vec::new()));
                        k
                    }
                };
                self.spelt.insert(name, k);
                k
            }
        };
        let levels = &mut self.names[k as usize].1;
        if !level.is_empty()
            && !levels
                .iter()
                .any(|l| super::in_order::same_bytes(l.as_bytes(), level))
        {
            levels.push(super::cell::text(level).trim().into());
        }
        Some(k)
    }

    /// The number of the peer spelt `name`, when it has one and `level`
    /// (if any) is listed for it already: what [`PeerRows::peer`] would
    /// give, with nothing left for it to do.
    pub(super) fn numbered(&mut self, name: &[u8], level: &[u8]) -> Option<u32> {
        let k = self.spelt.get(name)?;
        let levels = &self.names.get(k as usize)?.1;
        (level.is_empty()
            || levels
                .iter()
                .any(|l| super::in_order::same_bytes(l.as_bytes(), level)))
        .then_some(k)
    }

    /// Keeps `figure` of `indicator`, for `when` (numbered `placed` where
    /// the caller has its number), with its confidence limits where the
    /// row gave either: `when`'s number, for the caller to keep the next
    /// figure of the same period with. Counted unread past `u32`'s numbers
    /// of periods or limits.
    #[inline]
    pub(super) fn keep(
        &mut self,
        indicator: usize,
        mut figure: PeerFigure,
        when: (When, Option<u32>),
        (limits, counts): (Pair, Pair),
    ) -> Option<u32> {
        let Some(placed) = self.stamps.stamp(&mut figure, when, limits, counts) else {
            self.unread += 1;
            return None;
        };
        if self.figures.len() <= indicator {
            self.figures.resize_with(indicator + 1, Vec::new);
        }
        // A national file gives one indicator's rows together, about as
        // many for each: a new one's vector starts as large as the one
        // before grew, rather than doubling its way there.
        if self.last != indicator {
            let before = self.figures.get(self.last).map_or(0, Vec::len);
            self.last = indicator;
            let figures = &mut self.figures[indicator];
            if figures.is_empty() {
                figures.reserve_exact(before);
            }
        }
        self.figures[indicator].push(figure);
        Some(placed)
    }
}

impl Peers {
    /// The level of peer `k` that is the plan area's `own` level, if any
    /// is: an area listed at two levels is at it if either is.
    pub fn at_level(&self, k: usize, own: &str) -> Option<&str> {
        self.levels
            .get(k)?
            .iter()
            .find(|l| same_level(own, l))
            .map(|l| &**l)
    }

    /// Adds a stretch's peers, renumbered by name; at most `most` areas.
    pub(super) fn absorb(&mut self, rows: PeerRows, most: usize) {
        self.too_many |= rows.too_many;
        self.unread += rows.unread;
        let mut renumbered = Vec::with_capacity(rows.names.len());
        for (name, levels) in rows.names {
            let k = match self.places.get(&matched(&name)) {
                Some(&k) => {
                    for level in levels {
                        if !self.levels[k].contains(&level) {
                            self.levels[k].push(level);
                        }
                    }
                    k
                }
                None if self.names.len() >= most => {
                    self.too_many = true;
                    usize::MAX
                }
                None => {
                    self.places.insert(matched(&name), self.names.len());
                    self.names.push(name.into());
                    self.levels.push(levels);
                    self.names.len() - 1
                }
            };
            renumbered.push(k);
        }
        // A national file names its areas in the same order in every
        // stretch that starts with its first: that stretch's numbers are
        // then already the whole file's.
        let same_numbers = renumbered.iter().enumerate().all(|(k, &at)| k == at);
        let peers = (!same_numbers).then(|| {
            renumbered
                .iter()
                .map(|&k| u16::try_from(k).unwrap_or(u16::MAX))
                .collect()
        });
        // The stretch's periods and limits numbered among those before.
        let stamps = self.stamps.absorb(rows.stamps);
        // Renumbered when put together, on every core: a national league
        // holds millions.
        self.stretches.push(StretchFigures {
            figures: rows.figures,
            renumber: Renumbering { peers, stamps },
        });
    }

    /// Once every file is read: each indicator's figures sorted by peer,
    /// period and the day known (the order a rating reads them in), and of
    /// two for one peer, period and day, the first kept (an exact repeat
    /// silently, one that contradicts it counted).
    pub(super) fn finish(&mut self) {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let (pieces, renumberings) = self.take_read();
        let stamps = &self.stamps;
        let ranks = &stamps.ranks();
        // Most files: no limits, and periods numbered in order, each its
        // own place in it; a figure's number is then its place.
        let plain = stamps.limits.is_empty()
            && stamps.apart.is_empty()
            && ranks
                .iter()
                .enumerate()
                .all(|(k, &rank)| rank as usize == k);
        let count = pieces.len();
        // One run of indicators a thread, in plan order: settling is 15
        // ms of a national league, and smaller runs to whichever thread is
        // free cost it 20 MB more when each indicator's figures were
        // gathered into a new vector (before `by_peer` sorted in place).
        let per = count.div_ceil(threads).max(1);
        let mut runs = Vec::with_capacity(count.div_ceil(per));
        let mut rest = pieces.into_iter();
        while rest.len() > 0 {
            runs.push(rest.by_ref().take(per).collect::<Vec<_>>());
        }
        let settled = crate::threads::share(threads, runs, |run| {
            let mut conflicts = 0;
            let figures: Vec<Vec<PeerFigure>> = run
                .into_iter()
                .map(|pieces| {
                    let (figures, conflicting) = match plain {
                        true => settle(pieces, (&renumberings, stamps), |f| f.slot),
                        false => settle(pieces, (&renumberings, stamps), |f| ranks[stamps.at(f)]),
                    };
                    conflicts += conflicting;
                    figures
                })
                .collect();
            (figures, conflicts)
        });
        for (figures, conflicts) in settled {
            self.figures.extend(figures);
            self.conflicts += conflicts;
        }
    }

    /// Each indicator's figures as read, piece by piece (any kept already,
    /// then each stretch's, in the file's order), and how each stretch's
    /// are renumbered: the stretches taken.
    fn take_read(&mut self) -> (Vec<Pieces>, Vec<Renumbering>) {
        let (read, renumberings): (Vec<_>, Vec<_>) = std::mem::take(&mut self.stretches)
            .into_iter()
            .map(|s| (s.figures, s.renumber))
            .unzip();
        let count = read
            .iter()
            .map(Vec::len)
            .fold(self.figures.len(), usize::max);
        let mut pieces: Vec<Pieces> = std::mem::take(&mut self.figures)
            .into_iter()
            .map(|kept| vec![(kept, None)])
            .chain(std::iter::repeat_with(Vec::new))
            .take(count)
            .collect();
        for (s, figures) in read.into_iter().enumerate() {
            for (all, more) in pieces.iter_mut().zip(figures) {
                if !more.is_empty() {
                    all.push((more, Some(s)));
                }
            }
        }
        (pieces, renumberings)
    }
}

/// One indicator's figures as read, piece by piece: each with the
/// stretch whose renumbering it takes, if it does.
type Pieces = Vec<(Vec<PeerFigure>, Option<usize>)>;

/// Whether two levels are one for a rank or a league: an export may name upper-tier
/// areas `County` and `UA`, or `County & UA`; a lower-tier one `District`
/// and `UA`. A unitary authority is of both tiers; a plan area that is one
/// is ranked among the upper tier, as Fingertips' default is.
pub fn same_level(own: &str, other: &str) -> bool {
    let tiers = |level: &str| {
        let lower = level.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
        (
            has(&["county", "counties", "upper"]) || lower.contains("local authority"),
            has(&["district", "districts", "lower"]),
            has(&["ua", "uas", "unitary"]),
        )
    };
    if own.trim().eq_ignore_ascii_case(other.trim()) {
        return true;
    }
    let (county, district, unitary) = tiers(own);
    let (o_county, o_district, o_unitary) = tiers(other);
    if !(o_county || o_district || o_unitary) {
        return false;
    }
    if district {
        !o_county && (o_district || o_unitary)
    } else if county || unitary {
        !o_district && (o_county || o_unitary)
    } else {
        false
    }
}

/// One indicator's figures, from each stretch that read any, renumbered
/// among the file's and sorted, the first of each (peer, period, day
/// known) kept: with how many others contradicted it. `rank` is a
/// figure's place in order of (period, day known), equal for equal ones.
fn settle(
    pieces: Pieces,
    (renumberings, stamps): (&[Renumbering], &Stamps),
    rank: impl Fn(&PeerFigure) -> u32,
) -> (Vec<PeerFigure>, usize) {
    let mut figures = put_together(pieces, renumberings);
    order(&mut figures, &rank);
    let mut conflicts = 0;
    figures.dedup_by(|later, first| {
        let same = later.peer == first.peer && rank(later) == rank(first);
        if same
            && !(later.value().same_as(&first.value())
                && stamps.counts(later) == stamps.counts(first))
        {
            conflicts += 1;
        }
        same
    });
    // An indicator with fewer figures than the one before it was given
    // room for (`PeerRows::keep`) gives the room back.
    if figures.capacity() > 2 * figures.len() {
        figures.shrink_to_fit();
    }
    (figures, conflicts)
}

/// One indicator's pieces renumbered and put together in the order read.
fn put_together(pieces: Pieces, renumberings: &[Renumbering]) -> Vec<PeerFigure> {
    let mut all: Vec<PeerFigure> = Vec::new();
    for (mut figures, stretch) in pieces {
        if let Some(renumber) = stretch.and_then(|s| renumberings.get(s)) {
            renumber.apply(&mut figures);
        }
        // The first moved, not copied: most indicators of a file sorted
        // by indicator are in one stretch.
        if all.is_empty() {
            all = figures;
        } else {
            all.extend_from_slice(&figures);
        }
    }
    all
}

/// The figures in order of (peer, period, day known), as a stable sort
/// puts them: of two the same, the first read first.
fn order(figures: &mut [PeerFigure], rank: impl Fn(&PeerFigure) -> u32) {
    by_peer(figures);
    // Each peer's figures come in the file's order, most often by period
    // already: a stable sort of a sorted run is one pass.
    for run in figures.chunk_by_mut(|a, b| a.peer == b.peer) {
        if !run.is_sorted_by_key(&rank) {
            run.sort_by_key(&rank);
        }
    }
}

/// The figures put in order of peer, each peer's in the order read: a
/// counting sort, two passes rather than a comparison sort's many (a
/// national file's indicator holds 150 peers' figures interleaved by
/// period). The sort is of the figures' places (four bytes each), and the
/// figures then moved to theirs in place, each once, cycle by cycle: a
/// new vector for each indicator's would be memory the settling thread
/// takes anew or reuses, as the system's allocator happens to have given
/// it, which made a national league's settling take 13 ms or 35 ms.
fn by_peer(figures: &mut [PeerFigure]) {
    let Some(last) = figures.iter().map(|f| f.peer).max() else {
        return;
    };
    // Already in order (a file sorted by area): nothing to move.
    if figures.is_sorted_by_key(|f| f.peer) {
        return;
    }
    let mut next = vec![0u32; last as usize + 2];
    for f in figures.iter() {
        next[f.peer as usize + 1] += 1;
    }
    for k in 1..next.len() {
        next[k] += next[k - 1];
    }
    let mut from = vec![0u32; figures.len()];
    for (k, f) in figures.iter().enumerate() {
        let at = &mut next[f.peer as usize];
        from[*at as usize] = k as u32;
        *at += 1;
    }
    // Place `i` takes the figure at `from[i]`; a place filled is marked.
    const PLACED: u32 = u32::MAX;
    for start in 0..figures.len() {
        if from[start] == PLACED {
            continue;
        }
        let first = figures[start];
        let mut i = start;
        loop {
            let k = from[i] as usize;
            from[i] = PLACED;
            if k == start {
                figures[i] = first;
                break;
            }
            figures[i] = figures[k];
            i = k;
        }
    }
}

#[cfg(test)]
impl Peers {
    /// The stretches' figures put together in the order read, unsorted,
    /// as [`Peers::finish`] puts them together before sorting them.
    fn put_together_as_read(&mut self) {
        let (pieces, renumberings) = self.take_read();
        self.figures = pieces
            .into_iter()
            .map(|p| put_together(p, &renumberings))
            .collect();
    }

    /// Keeps peer `peer`'s `value` of indicator `indicator` for `period`,
    /// known on `known`, with no counts or interval, for a test.
    pub(crate) fn number(
        &mut self,
        indicator: usize,
        peer: u32,
        (period, known): (Period, NaiveDate),
        value: f64,
    ) {
        let none = (None, None);
        let value = Value::Number { value, mark: None };
        let mut figure = PeerFigure::new(peer, value).expect("a peer below the most");
        assert!(self
            .stamps
            .stamp(&mut figure, (When { period, known }, None), none, none)
            .is_some());
        if self.figures.len() <= indicator {
            self.figures.resize_with(indicator + 1, Vec::new);
        }
        self.figures[indicator].push(figure);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when() -> When {
        let ctx = crate::period::PeriodContext {
            year: crate::period::YearKind::Financial,
            annual: true,
        };
        When {
            period: crate::period::parse("2023/24", ctx).expect("a period"),
            known: NaiveDate::from_ymd_opt(2024, 3, 31).unwrap_or_default(),
        }
    }

    fn figure(peer: u32, value: f64) -> PeerFigure {
        PeerFigure::new(peer, Value::Number { value, mark: None }).expect("a peer")
    }

    #[test]
    fn stretches_number_their_peers_apart_and_are_renumbered_by_name() {
        let mut a = PeerRows::default();
        let k = a.peer(b"Rutland", b"UA", MOST_PEERS);
        let none = (None, None);
        a.keep(
            1,
            figure(k.unwrap_or_default(), 1.0),
            (when(), None),
            (none, none),
        );
        let mut b = PeerRows::default();
        let j = b.peer(b"Derbyshire", b"County", MOST_PEERS);
        // The same area however its rows spell it (SPEC 3a).
        let r = b.peer(b"RUTLAND ", b"UA", MOST_PEERS);
        b.keep(
            1,
            figure(j.unwrap_or_default(), 2.0),
            (when(), None),
            (none, none),
        );
        b.keep(
            1,
            figure(r.unwrap_or_default(), 3.0),
            (when(), None),
            (none, none),
        );
        let mut all = Peers::default();
        all.absorb(a, MOST_PEERS);
        all.absorb(b, MOST_PEERS);
        all.put_together_as_read();
        assert_eq!(all.names, ["Rutland", "Derbyshire"]);
        assert_eq!(all.levels[1], vec![Box::<str>::from("County")]);
        let kept: Vec<(u32, Option<f64>)> = all.figures[1]
            .iter()
            .map(|f| (f.peer(), f.value().number()))
            .collect();
        assert_eq!(kept, [(0, Some(1.0)), (1, Some(2.0)), (0, Some(3.0))]);
        assert!(all.figures[0].is_empty());
    }

    #[test]
    fn each_figure_keeps_its_own_limits_and_counts_through_renumbering_and_a_second_stretch() {
        let limits = |lo: f64, hi: f64| (Some(lo), Some(hi));
        let none = (None, None);
        // Counts that four bytes hold, and counts kept apart.
        let (whole, fraction) = ((Some(5.0), Some(50.0)), (Some(5.5), Some(0.1)));
        let mut a = PeerRows::default();
        let k = a.peer(b"Rutland", b"UA", MOST_PEERS).unwrap_or_default();
        a.keep(0, figure(k, 1.0), (when(), None), (limits(0.5, 1.5), none));
        // Two limited, one apart: the second stretch's numbers of each
        // move on by as many.
        a.keep(0, figure(k, 1.5), (when(), None), (limits(1.0, 2.0), whole));
        a.keep(0, figure(k, 2.0), (when(), None), (none, fraction));
        let mut b = PeerRows::default();
        // Numbered apart in its stretch: Derbyshire is 0 there, 1 in all.
        let j = b
            .peer(b"Derbyshire", b"County", MOST_PEERS)
            .unwrap_or_default();
        let r = b.peer(b"Rutland", b"UA", MOST_PEERS).unwrap_or_default();
        b.keep(
            0,
            figure(j, 3.0),
            (when(), None),
            (limits(2.5, 3.5), fraction),
        );
        b.keep(0, figure(r, 4.0), (when(), None), (limits(3.9, 4.1), whole));
        b.keep(0, figure(r, 5.0), (when(), None), (none, fraction));
        let mut all = Peers::default();
        all.absorb(a, MOST_PEERS);
        all.absorb(b, MOST_PEERS);
        all.put_together_as_read();
        let kept: Vec<_> = all.figures[0]
            .iter()
            .map(|f| {
                let (lo, hi) = all.stamps.limits(f);
                let (n, d) = all.stamps.counts(f);
                assert_eq!(all.stamps.when(f), when());
                let v = f.value().number();
                (f.peer(), v, (lo.get(), hi.get()), (n.get(), d.get()))
            })
            .collect();
        assert_eq!(
            kept,
            [
                (0, Some(1.0), limits(0.5, 1.5), none),
                (0, Some(1.5), limits(1.0, 2.0), whole),
                (0, Some(2.0), none, fraction),
                (1, Some(3.0), limits(2.5, 3.5), fraction),
                (0, Some(4.0), limits(3.9, 4.1), whole),
                (0, Some(5.0), none, fraction),
            ]
        );
    }

    #[test]
    fn a_value_is_held_in_a_number_and_a_byte_as_it_was_read() {
        for value in [
            Value::Number {
                value: -0.0,
                mark: None,
            },
            Value::Number {
                value: 70.4,
                mark: Some(Mark::Provisional),
            },
            Value::Number {
                value: 1e300,
                mark: Some(Mark::Revised),
            },
            Value::Suppressed,
            Value::Missing,
            Value::NotApplicable,
            Value::BelowRounding,
        ] {
            let f = PeerFigure::new(7, value).expect("a figure");
            assert_eq!(format!("{:?}", f.value()), format!("{value:?}"));
        }
        // Past the most a league reads, no figure.
        assert!(PeerFigure::new(u32::from(u16::MAX), Value::Missing).is_none());
    }

    #[test]
    fn an_area_listed_at_two_levels_keeps_both_and_a_unitary_plan_area_ranks_upper() {
        let mut rows = PeerRows::default();
        rows.peer(b"Rutland", b"Counties & UAs (from Apr 2023)", MOST_PEERS);
        rows.peer(b"Rutland", b"Districts & UAs (from Apr 2023)", MOST_PEERS);
        let mut all = Peers::default();
        all.absorb(rows, MOST_PEERS);
        assert_eq!(all.levels[0].len(), 2);
        let levels: Vec<Box<str>> = vec![
            "Districts & UAs (from Apr 2023)".into(),
            "Counties & UAs (from Apr 2023)".into(),
        ];
        assert_eq!(rank_level(&levels), Some("Counties & UAs (from Apr 2023)"));
        assert_eq!(
            rank_level(&levels[..1]),
            Some("Districts & UAs (from Apr 2023)")
        );
        assert_eq!(rank_level(&[]), None);
    }

    #[test]
    fn of_two_figures_for_one_period_and_day_the_first_is_kept_and_a_contradiction_counted() {
        let mut all = Peers::default();
        let at = (when().period, when().known);
        for (peer, value) in [(1, 5.0), (0, 2.0), (0, 2.0), (0, 9.0)] {
            all.number(0, peer, at, value);
        }
        all.finish();
        let kept: Vec<(u32, Option<f64>)> = all.figures[0]
            .iter()
            .map(|f| (f.peer(), f.value().number()))
            .collect();
        assert_eq!(kept, [(0, Some(2.0)), (1, Some(5.0))]);
        assert_eq!(
            all.conflicts, 1,
            "the repeat is not a contradiction; the 9 is"
        );
    }

    proptest::proptest! {
        /// The counting sort and the runs sorted after it put figures in
        /// the order one stable sort by (peer, period, day known) does:
        /// the first read of a repeat is the one kept.
        #[test]
        fn settling_orders_as_one_stable_sort_does(
            rows in proptest::collection::vec((0u32..6, 0i32..4, 0u32..2, 0u8..50), 0..80),
            split in 0usize..80,
        ) {
            let ctx = crate::period::PeriodContext {
                year: crate::period::YearKind::Financial,
                annual: true,
            };
            let mut stamps = Stamps::default();
            let figures: Vec<PeerFigure> = rows
                .iter()
                .map(|&(peer, year, late, value)| {
                    let mut f = figure(peer, f64::from(value));
                    let label = format!("{}/{:02}", 2020 + year, 21 + year);
                    let period = crate::period::parse(&label, ctx).expect("a period");
                    let known = period.last + chrono::Days::new(u64::from(late) * 30);
                    let none = (None, None);
                    // Every third with limits, whose index is the limits'.
                    let limits = match value % 3 {
                        0 => (Some(1.0), Some(2.0)),
                        _ => none,
                    };
                    let when = When { period, known };
                    proptest::prop_assert!(stamps.stamp(&mut f, (when, None), limits, none).is_some());
                    Ok(f)
                })
                .collect::<Result<_, _>>()?;
            let key = |f: &PeerFigure| (f.peer, stamps.when(f), f.value().number());
            let mut want = figures.clone();
            want.sort_by_key(|f| (f.peer, stamps.when(f)));
            let ranks = stamps.ranks();
            // Read in two stretches, the second numbering the peers the
            // other way round.
            let mut second = figures;
            let first: Vec<PeerFigure> = second.drain(..split.min(second.len())).collect();
            second.iter_mut().for_each(|f| f.peer = 5 - f.peer);
            let backwards = Renumbering {
                peers: Some(vec![5, 4, 3, 2, 1, 0]),
                stamps: None,
            };
            let pieces = vec![(first, None), (second, Some(0))];
            let mut got = put_together(pieces, &[backwards]);
            order(&mut got, |f| ranks[stamps.at(f)]);
            proptest::prop_assert_eq!(
                got.iter().map(key).collect::<Vec<_>>(),
                want.iter().map(key).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn each_figure_keeps_its_period_through_numbering_in_order_and_a_second_stretch() {
        let ctx = crate::period::PeriodContext {
            year: crate::period::YearKind::Financial,
            annual: true,
        };
        let at = |label: &str| {
            let period = crate::period::parse(label, ctx).expect("a period");
            When {
                period,
                known: period.last,
            }
        };
        let none = (None, None);
        let limits = (Some(0.5), Some(1.5));
        // Each stretch meets its periods out of order, and the second
        // holds one the first does not.
        let mut a = PeerRows::default();
        let k = a.peer(b"Rutland", b"UA", MOST_PEERS).unwrap_or_default();
        a.keep(0, figure(k, 1.0), (at("2023/24"), None), (none, none));
        a.keep(0, figure(k, 2.0), (at("2022/23"), None), (limits, none));
        let mut b = PeerRows::default();
        let j = b.peer(b"Rutland", b"UA", MOST_PEERS).unwrap_or_default();
        b.keep(0, figure(j, 3.0), (at("2023/24"), None), (limits, none));
        b.keep(0, figure(j, 4.0), (at("2021/22"), None), (none, none));
        a.number_periods_in_order();
        b.number_periods_in_order();
        let mut all = Peers::default();
        all.absorb(a, MOST_PEERS);
        all.absorb(b, MOST_PEERS);
        all.put_together_as_read();
        let read: Vec<(String, Option<f64>, Option<f64>)> = all.figures[0]
            .iter()
            .map(|f| {
                let label = all.stamps.when(f).period.to_string();
                (label, f.value().number(), all.stamps.limits(f).0.get())
            })
            .collect();
        let want =
            |label: &str, value: f64, lower: Option<f64>| (label.to_string(), Some(value), lower);
        assert_eq!(
            read,
            [
                want("2023/24", 1.0, None),
                want("2022/23", 2.0, Some(0.5)),
                want("2023/24", 3.0, Some(0.5)),
                want("2021/22", 4.0, None),
            ]
        );
        // Settled, in order of period.
        all.finish();
        let settled: Vec<f64> = all.figures[0]
            .iter()
            .filter_map(|f| f.value().number())
            .collect();
        assert_eq!(settled, [4.0, 2.0, 1.0]);
        assert_eq!(all.conflicts, 1, "3.0 contradicts 1.0 for 2023/24");
    }

    #[test]
    fn equal_periods_labelled_apart_keep_their_labels_and_settle_as_one() {
        let ctx = crate::period::PeriodContext::default();
        let financial = crate::period::parse("Q4 2023/24", ctx).expect("a quarter");
        let calendar = crate::period::parse("2024 Q1", ctx).expect("a quarter");
        assert_eq!(financial, calendar, "the same days");
        let day = when().known;
        let mut all = Peers::default();
        all.number(0, 0, (financial, day), 1.0);
        all.number(0, 1, (calendar, day), 2.0);
        // The same days and day known as peer 1's first: a contradiction.
        all.number(0, 1, (financial, day), 3.0);
        all.finish();
        let kept: Vec<(u32, String, Option<f64>)> = all.figures[0]
            .iter()
            .map(|f| {
                let label = all.stamps.when(f).period.to_string();
                (f.peer(), label, f.value().number())
            })
            .collect();
        assert_eq!(
            kept,
            [
                (0, "Q4 2023/24".to_string(), Some(1.0)),
                (1, "2024 Q1".to_string(), Some(2.0)),
            ]
        );
        assert_eq!(all.conflicts, 1);
    }

    #[test]
    fn a_peer_figure_is_24_bytes() {
        // Four million of them in a national league (docs/performance.md).
        assert_eq!(std::mem::size_of::<PeerFigure>(), 24);
    }

    /// A figure's counts come back as its row gave them, held in the
    /// figure where four bytes hold them exactly, else kept apart with its
    /// limits: a fraction, a whole number past 2^24, -0, none, and each
    /// beside limits.
    #[test]
    fn each_figure_keeps_its_counts_exactly_in_it_or_apart() {
        let (when_, limits_, apart_) = (Slot::WHEN, Slot::LIMITS, Slot::APART);
        let cases = [
            (Some(2884.0), Some(4351.0), false, when_),
            (Some(0.0), Some(16_777_216.0), false, when_),
            (Some(-0.0), Some(1.0), false, when_),
            (None, None, false, when_),
            (Some(12.5), Some(40.25), false, when_),
            (Some(1.0), Some(0.1), false, apart_),
            (Some(16_777_217.0), Some(56_490_048.0), false, apart_),
            (Some(2884.0), Some(4351.0), true, limits_),
            (Some(1.0), Some(0.1), true, apart_),
        ];
        let mut stamps = Stamps::default();
        for (numerator, denominator, limited, kind) in cases {
            let mut f = figure(0, 1.0);
            let limits = match limited {
                true => (Some(60.0), Some(70.0)),
                false => (None, None),
            };
            assert!(stamps
                .stamp(&mut f, (when(), None), limits, (numerator, denominator))
                .is_some());
            assert_eq!(f.kind, kind, "{numerator:?} / {denominator:?}");
            let (n, d) = stamps.counts(&f);
            let bits = |x: MaybeNumber| x.get().map(f64::to_bits);
            assert_eq!(
                (bits(n), bits(d)),
                (numerator.map(f64::to_bits), denominator.map(f64::to_bits))
            );
            let (lower, upper) = stamps.limits(&f);
            assert_eq!((lower.get(), upper.get()), limits);
            assert_eq!(stamps.when(&f), when());
        }
    }

    #[test]
    fn past_the_most_peers_none_is_kept_and_the_run_says_so() {
        let mut rows = PeerRows::default();
        for k in 0..MOST_PEERS {
            assert!(rows
                .peer(format!("LSOA {k}").as_bytes(), b"LSOA", MOST_PEERS)
                .is_some());
        }
        assert_eq!(rows.peer(b"one more", b"LSOA", MOST_PEERS), None);
        let mut all = Peers::default();
        all.absorb(rows, MOST_PEERS);
        assert!(all.too_many);
    }

    #[test]
    fn upper_and_lower_tier_exports_are_each_one_level() {
        assert!(same_level("County", "UA"));
        assert!(same_level("UA", "County"));
        assert!(same_level("County & UA", "County & UA"));
        assert!(same_level("Counties & UAs (from Apr 2023)", "UA"));
        assert!(same_level("District", "UA"));
        assert!(!same_level("District", "County"));
        assert!(!same_level("County", "District"));
        assert!(!same_level("County & UA", "Region"));
        assert!(!same_level("County", "England"));
        assert!(same_level("Local authority", "Local authority"));
        assert!(!same_level("Local authority", "Regional"));
        assert!(same_level("Region", "region"));
    }
}
