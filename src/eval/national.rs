//! The plan area's rank among every area at its level that the files
//! hold, as LAIT printed a national rank (1 to 152) and quartile beside
//! each figure: a comparator like a group of statistical neighbours,
//! whose areas are the files' own. The level is the one the files name
//! for the plan's area (Fingertips' `Area Type`, EES's
//! `geographic_level`, a GSS code's prefix): with none named, no rank is
//! given, since a file of every area with no level may mix counties,
//! regions and England.

use std::sync::Arc;

use chrono::NaiveDate;

use super::compare::{benchmark_group, Comparison};
use super::StatusRow;
use crate::format;
use crate::measure::{same_level, Area, Measurements, Observation, PeerFigure, Stamps};
use crate::period::PeriodKind;
use crate::plan::{Indicator, Plan, Polarity, Unit};

/// The areas ranked with the plan's: the untracked ones at its level, and
/// any comparator or group's area at it, each read as its own series.
#[derive(Debug, Clone)]
pub struct Field {
    /// The comparator's name: the levels ranked, `County & UA areas`;
    /// each rank's comparison holds it.
    pub name: Arc<str>,
    /// Indexes into the measurements' peers.
    peers: Vec<u32>,
    /// Peer index -> its place in `peers`.
    place: std::collections::HashMap<u32, usize>,
    tracked: Vec<Area>,
}

impl Field {
    /// The field the plan's area is ranked in, when the files name its
    /// level and hold at least one other area at it that the plan does
    /// not track.
    pub fn of(plan: &Plan, m: &Measurements) -> Option<Field> {
        let own = m.own_level()?;
        if m.peers.too_many {
            return None;
        }
        let mut levels: Vec<&str> = vec![own];
        let peers: Vec<u32> = (0..m.peers.names.len())
            .filter(|&k| m.peers.at_level(k, own).is_some())
            .map(|k| k as u32)
            .collect();
        levels.extend(
            peers
                .iter()
                .filter_map(|&k| m.peers.at_level(k as usize, own)),
        );
        // Figures dated to a day (inspections) are not ranked.
        let mut ranked = vec![false; m.peers.names.len()];
        for f in m.peers.figures.iter().flatten() {
            if m.peers.stamps.when(f).period.kind != PeriodKind::Day {
                if let Some(r) = ranked.get_mut(f.peer() as usize) {
                    *r = true;
                }
            }
        }
        if !peers.iter().any(|&k| ranked[k as usize]) {
            return None;
        }
        let series = (0..plan.comparators.len())
            .map(|c| Area::Comparator(c as u16))
            .chain((0..plan.members.len()).map(|k| Area::Member(k as u16)));
        let mut tracked = Vec::new();
        for area in series {
            if let Some(level) = m.level_of(plan, area).filter(|l| same_level(own, l)) {
                levels.push(level);
                tracked.push(area);
            }
        }
        let mut named: Vec<&str> = Vec::new();
        for level in levels {
            if !named.iter().any(|l| l.eq_ignore_ascii_case(level)) {
                named.push(level);
            }
        }
        Some(Field {
            name: Arc::from(format!("{} areas", named.join(" & "))),
            place: peers.iter().enumerate().map(|(i, &k)| (k, i)).collect(),
            peers,
            tracked,
        })
    }

    /// How many areas the field holds beside the plan's.
    pub fn len(&self) -> usize {
        self.peers.len() + self.tracked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The plan area's rank on indicator `ind` (rated as `row`) among the
    /// field's areas with a figure for the same period known on `as_of`;
    /// for a count, not compared (SPEC 3a). None for a row with no figure,
    /// for an indicator none of the field's areas has a figure for (a
    /// council's own measure), and for figures dated to a day (an
    /// inspection): areas are inspected on different days, and a rank
    /// among those seen the same day says nothing.
    pub fn rank(
        &self,
        ind: &Indicator,
        row: &StatusRow,
        (series, peers, stamps): (&[Observation], &[PeerFigure], &Stamps),
        as_of: NaiveDate,
    ) -> Option<Comparison> {
        let (own, period) = (row.value?, row.period?);
        let tracked = || series.iter().any(|o| self.tracked.contains(&o.area));
        if period.kind == PeriodKind::Day || (peers.is_empty() && !tracked()) {
            return None;
        }
        if ind.unit == Unit::Count {
            return Some(Comparison::of_counts(&self.name));
        }
        // Each area's latest figure for the period known on the day.
        let mut newest: Vec<Option<(NaiveDate, f64)>> = vec![None; self.len()];
        let mut take = |slot: usize, known: NaiveDate, value: f64| {
            if newest[slot].is_none_or(|(k, _)| known >= k) {
                newest[slot] = Some((known, value));
            }
        };
        for f in peers {
            let when = stamps.when(f);
            if when.period != period || when.known > as_of {
                continue;
            }
            if let (Some(&slot), Some(value)) = (self.place.get(&f.peer()), f.value().number()) {
                take(slot, when.known, value);
            }
        }
        for o in series
            .iter()
            .filter(|o| o.period == period && o.known_from() <= as_of)
        {
            let slot = self.tracked.iter().position(|a| *a == o.area);
            if let (Some(slot), Some(value)) = (slot, o.value.number()) {
                take(self.peers.len() + slot, o.known, value);
            }
        }
        let figures: Vec<Option<f64>> = newest.iter().map(|n| n.map(|(_, v)| v)).collect();
        // A grade ranks on its scale, best highest, as a group's does.
        let polarity = match ind.unit {
            Unit::Grade => Polarity::Higher,
            _ => ind.polarity,
        };
        Some(benchmark_group(&self.name, polarity, own, &figures, |x| {
            format::Brief::of(x, ind.unit, &ind.scale)
        }))
    }
}
