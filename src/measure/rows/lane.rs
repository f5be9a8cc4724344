//! The peers' lane: a row of an area the plan does not track, read as a
//! peer's figure without the general reading's look-ups when its area,
//! id and period are ones the stretch has already read the general way.
//! A league reads every row of a national file (4.2 million in the
//! benchmark's), nearly all of them such rows: each area named on
//! thousands, each id and period on a run of them.
//!
//! The lane takes a row only where the general reading would do exactly
//! what it does: the area was judged untracked, not a near miss, and is
//! numbered as a peer already (its level listed); the id is a plan
//! indicator of the plan's area; the period read cleanly. Everything
//! after that (the value, the counts, the publication date, whether the
//! row is kept or counted unread) is the general reading's own code
//! ([`Rows::peer_cells`]). Any other row, and the first of each new area,
//! goes the general way, and [`Rows::learn`] then lets its area into the
//! lane.

use chrono::NaiveDate;

use super::{known_after, Cells, Rows, Seen, JUDGED};
use crate::measure::in_order::{same_bytes, InOrder};
use crate::measure::mapping::{AreaFrom, Mapping, PeriodFrom};
use crate::measure::peers::When;
use crate::period::Period;
use crate::plan::{Entity, PeerAreas};

/// The lane of one stretch.
pub(in crate::measure) struct Lane {
    name: usize,
    code: Option<usize>,
    id: usize,
    period: usize,
    /// Each (name, code) let in -> its peer.
    areas: InOrder<u32>,
    /// The id and period label of the row looked at last, with what they
    /// read as: none where its row went the general way (an id the plan
    /// lacks, a period that does not read), as the next with them will.
    last: Option<Last>,
}

struct Last {
    id: Vec<u8>,
    label: Vec<u8>,
    read: Option<IdAndPeriod>,
}

/// What a row's id and period read as: the indicator, the period and the
/// day its figures are known unless the row says.
#[derive(Clone, Copy)]
struct IdAndPeriod {
    indicator: usize,
    period: Period,
    known: NaiveDate,
    /// The number of the period and day known among the stretch's peers'
    /// stamps, once a figure of the run of rows is kept with it.
    placed: Option<u32>,
}

impl Lane {
    /// The lane for a mapping whose rows it can read: a long table with
    /// its area in a name column (and perhaps a code, whose prefix may
    /// give the level), its id and period in cells, no level column, no
    /// `where`, nothing filled down, ids read as written. None for any
    /// other, and when the run reads no peers.
    pub(in crate::measure) fn of(m: &Mapping<'_>, plan: &crate::plan::Plan) -> Option<Lane> {
        let AreaFrom::Cell {
            columns: (Some(name), code),
            ..
        } = m.area
        else {
            return None;
        };
        let PeriodFrom::Cell(period) = m.period else {
            return None;
        };
        let plain = plan.peers != PeerAreas::None
            && m.measure.is_none()
            && m.blocks.is_empty()
            && m.fill_down.is_empty()
            && m.filter.is_empty()
            && m.preset_filter.is_empty()
            && m.level.is_none()
            && m.level_from_code.is_none_or(|c| Some(c) == code)
            && m.source.indicator.is_none()
            && m.source.ids.is_none();
        if !plain || off() {
            return None;
        }
        Some(Lane {
            name,
            code,
            id: m.id?,
            period,
            areas: InOrder::default(),
            last: None,
        })
    }

    #[inline]
    fn area<'c>(&self, cells: &'c impl Cells) -> (&'c [u8], &'c [u8]) {
        let code = self.code.map_or(&b""[..], |c| cells.cell(c).trim_ascii());
        (cells.cell(self.name).trim_ascii(), code)
    }
}

impl Rows<'_> {
    /// Reads a row of the right width in the lane: false, having done
    /// nothing, when the general reading must read it.
    pub(in crate::measure) fn lane(
        &mut self,
        lane: &mut Lane,
        m: &Mapping<'_>,
        cells: &impl Cells,
    ) -> bool {
        let (name, code) = lane.area(cells);
        let Some(peer) = lane.areas.get_pair(name, code) else {
            return false;
        };
        let id = cells.cell(lane.id).trim_ascii();
        let label = cells.cell(lane.period).trim_ascii();
        let read = match &lane.last {
            Some(last) if same_bytes(&last.id, id) && same_bytes(&last.label, label) => last.read,
            _ => {
                let read = self.id_and_period(m, cells);
                lane.last = Some(Last {
                    id: id.to_vec(),
                    label: label.to_vec(),
                    read,
                });
                read
            }
        };
        let Some(IdAndPeriod {
            indicator: i,
            period,
            known,
            placed,
        }) = read
        else {
            return false;
        };
        #[cfg(test)]
        TAKEN.with(|n| n.set(n.get() + 1));
        // From here on, as the general reading reads a peer's row.
        self.counts.rows += 1;
        self.counts.other_areas += 1;
        let read = self.peer_cells(m, cells, &self.plan.indicators[i]);
        let Some(peers) = &mut self.peers else {
            return true;
        };
        match read {
            Some(read) => {
                let kept = read.keep_in(peers, i, peer, (When { period, known }, placed));
                // The run's next rows keep theirs with its number.
                if let (
                    None,
                    Some(Last {
                        read: Some(run), ..
                    }),
                ) = (placed, &mut lane.last)
                {
                    run.placed = kept;
                }
            }
            None => peers.unread += 1,
        }
        true
    }

    /// What a row's id and period read as, where the general reading
    /// would read them cleanly for a peer: an indicator of the plan's
    /// area, and a period.
    fn id_and_period(&mut self, m: &Mapping<'_>, cells: &impl Cells) -> Option<IdAndPeriod> {
        let plan_id = super::plan_id(m, cells)?;
        let Some(Entity::Indicator(i)) = self.entity(&plan_id) else {
            return None;
        };
        let ind = &self.plan.indicators[i];
        if ind.area.is_some() {
            return None;
        }
        let ctx = ind.period_context();
        let lag = m.source.lag.or(ind.lag);
        let mut unread = Vec::new();
        let period = self.period(m, cells, ctx, &mut unread)?;
        if !unread.is_empty() {
            return None;
        }
        Some(IdAndPeriod {
            indicator: i,
            period,
            known: known_after(&period, lag),
            placed: None,
        })
    }

    /// After the general reading has read a row: lets its area into the
    /// lane when that reading numbered it a peer (and listed its level),
    /// judged it untracked and no near miss, and would read its next row
    /// so again.
    pub(in crate::measure) fn learn(
        &mut self,
        lane: &mut Lane,
        m: &Mapping<'_>,
        cells: &impl Cells,
    ) {
        let (name, code) = lane.area(cells);
        if name.is_empty()
            || lane.areas.len() >= JUDGED
            || lane.areas.get_pair(name, code).is_some()
            || !matches!(self.judged.get(name), Some(Seen::Untracked(None)))
            || self.tracked_area(name, code).is_some()
        {
            return;
        }
        let level = super::level_of(m, cells);
        if self.plan.peers == PeerAreas::Levelled && level.is_empty() {
            return;
        }
        let Some(peers) = &mut self.peers else {
            return;
        };
        if let Some(peer) = peers.numbered(name, level) {
            lane.areas.insert_pair(name, code, peer);
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Set by a test to read the general way only, on this thread (no
    /// lane, and no plain peer's cells read in line).
    static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many rows the lane has taken on this thread.
    static TAKEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether a test has turned the lane off, and with it
/// [`super::plain_peer_cells`]: the general way only.
#[cfg(test)]
pub(super) fn off() -> bool {
    OFF.with(std::cell::Cell::get)
}

#[cfg(not(test))]
pub(super) fn off() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::{OFF, TAKEN};
    use crate::plan::PeerAreas;

    const PLAN: &str = r#"
[plan]
title = "Lane"
area = "Leicestershire"
comparators = ["England"]
[measurements]
files = ["data.csv"]
[[priority]]
id = "p"
title = "P"
[[indicator]]
id = "pct"
priority = "p"
title = "A percentage"
unit = "percent"
polarity = "higher"
[[indicator]]
id = "rate"
priority = "p"
title = "A rate"
unit = "rate"
per = 1000
polarity = "lower"
[[indicator]]
id = "own"
priority = "p"
title = "Of a footprint"
unit = "number"
area = "Area 3"
[[milestone]]
id = "m1"
priority = "p"
title = "A milestone"
due = "2025-03-31"
"#;

    /// The whole reading, as the general way gives it and as the lane
    /// does: every figure, count, note and problem.
    fn read(dir: &std::path::Path, peers: PeerAreas, lane: bool) -> String {
        let (plan, _) = crate::plan::load_file_lenient(&dir.join("cfp.toml")).expect("a plan");
        let mut plan = plan.expect("a valid plan");
        plan.peers = peers;
        OFF.with(|off| off.set(!lane));
        let reading = crate::measure::read(&plan);
        OFF.with(|off| off.set(false));
        // A hash map's order is its own: the peers' places by name (the
        // names, in order, are compared), the places of the periods of
        // their figures (the periods are) and the diagnostics kept per
        // code (the diagnostics are) are left out.
        let mut text = format!("{reading:?}");
        for map in ["places: {", "kept: {"] {
            let mut at = 0;
            while let Some(from) = text[at..].find(map).map(|k| at + k) {
                let to = text[from..].find('}').map_or(text.len(), |k| from + k + 1);
                text.replace_range(from..to, "");
                at = from;
            }
        }
        text
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever a long table holds (tracked areas and near misses,
        /// peers with codes of every level, ids of the plan's and not,
        /// an indicator of a footprint, periods and values and counts
        /// that do not read, repeats), the lane reads it as the general
        /// way does, to the last count and problem.
        #[test]
        fn the_lane_reads_as_the_general_way_does(
            rows in proptest::collection::vec(
                (0usize..9, 0usize..6, 0usize..5, 0usize..10, 0usize..7),
                1..120,
            ),
        ) {
            const AREAS: [(&str, &str); 9] = [
                ("Leicestershire", "E10000018"),
                ("England", "E92000001"),
                ("Area 1", "E10000001"),
                ("Area 2", "E06000002"),
                ("Area 3", "E07000003"),
                ("Leicestershre", "E10000019"),
                ("", ""),
                ("AREA 1 ", "E10000001"),
                ("Area 4", ""),
            ];
            const IDS: [&str; 6] = ["pct", "rate", "own", "m1", "nope", "pct"];
            const PERIODS: [&str; 5] = ["2022/23", "2023/24", "2024/25", "2023/24", "someday"];
            const VALUES: [(&str, &str, &str); 10] = [
                ("61.5", "123", "200"),
                (" 61.5 ", " 123", "200 "),
                ("-2.5", "12", "10"),
                ("70", "7", "10"),
                ("c", "", ""),
                ("abc", "1", "2"),
                ("55.5", "-1", "10"),
                ("80", "9", "8"),
                ("40", "0", "0"),
                ("12.25", "", ""),
            ];
            let dir = tempfile::tempdir().expect("a directory");
            std::fs::write(dir.path().join("cfp.toml"), PLAN).expect("written");
            let mut csv = String::from("id,area,area_code,period,value,numerator,denominator\n");
            for &(area, id, period, value, repeat) in &rows {
                let (name, code) = AREAS[area];
                let (v, n, d) = VALUES[value];
                for _ in 0..(1 + repeat / 5) {
                    csv.push_str(&format!(
                        "{},{name},{code},{},{v},{n},{d}\n",
                        IDS[id], PERIODS[period]
                    ));
                }
            }
            std::fs::write(dir.path().join("data.csv"), csv).expect("written");
            for peers in [PeerAreas::Every, PeerAreas::Levelled] {
                proptest::prop_assert_eq!(
                    read(dir.path(), peers, true),
                    read(dir.path(), peers, false)
                );
            }
        }
    }

    #[test]
    fn a_plain_long_tables_peers_go_through_the_lane() {
        let dir = tempfile::tempdir().expect("a directory");
        std::fs::write(dir.path().join("cfp.toml"), PLAN).expect("written");
        let mut csv = String::from("id,area,period,value,numerator,denominator\n");
        for period in ["2022/23", "2023/24"] {
            for id in ["pct", "rate"] {
                for area in ["Leicestershire", "England", "Area 1", "Area 2"] {
                    csv.push_str(&format!("{id},{area},{period},50,5,10\n"));
                }
            }
        }
        std::fs::write(dir.path().join("data.csv"), csv).expect("written");
        TAKEN.with(|n| n.set(0));
        let lane = read(dir.path(), PeerAreas::Every, true);
        // Of 8 rows of peers, the first of each area goes the general way.
        assert_eq!(TAKEN.with(std::cell::Cell::get), 6);
        assert_eq!(lane, read(dir.path(), PeerAreas::Every, false));
        assert!(lane.contains("Area 2"), "{lane}");
    }
}
