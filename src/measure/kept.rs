//! The figures one stretch of a file keeps, and their move into each
//! indicator's series once the whole file is read.
//!
//! A stretch once kept a vector per indicator, appended to the plan's at
//! the end. At five million figures (issue 20) that held them nearly three
//! times over: a stretch is read on a thread of its own, and glibc's malloc
//! gives each thread an arena of its own, so the thread's vectors, each
//! grown by doubling (to 1.28 times its length for a 25-year series),
//! stayed resident after they were copied into the main thread's and
//! freed: only a thread of that arena could use the space again. Now a
//! stretch keeps its figures in one vector, which a large file makes big
//! enough for the allocator to map on its own and hand back to the system,
//! and each series is allocated once, at its exact length, as the figures
//! move into it; the stretch gives its memory back as they go, so that a
//! figure is held once throughout, not twice.

use super::Observation;
use crate::memory::giving_back;

/// A stretch's figures, in the order read, each with its indicator.
#[derive(Debug, Default)]
pub(super) struct Kept {
    figures: Vec<Observation>,
    /// Per figure, its indicator (index into `Plan::indicators`).
    indicators: Vec<u32>,
    /// Per indicator, where in `figures` its latest is.
    latest: Vec<Option<usize>>,
}

impl Kept {
    pub fn new(indicators: usize) -> Self {
        Self {
            latest: vec![None; indicators],
            ..Self::default()
        }
    }

    /// Indicator `i`'s latest figure so far.
    pub fn latest(&self, i: usize) -> Option<&Observation> {
        self.figures.get(self.latest[i]?)
    }

    pub fn push(&mut self, i: usize, figure: Observation) {
        self.latest[i] = Some(self.figures.len());
        self.figures.push(figure);
        self.indicators.push(i as u32);
    }

    /// Each figure with its indicator, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Observation)> {
        self.indicators
            .iter()
            .map(|&i| i as usize)
            .zip(&self.figures)
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Observation> {
        self.figures.iter_mut()
    }
}

/// Moves a file's figures, its stretches given in file order, onto the end
/// of each indicator's series, in the order they were read.
pub(super) fn move_into(series: &mut [Vec<Observation>], stretches: Vec<Kept>) {
    // How many figures each series has yet to take, so that it grows once
    // to its exact length, at its first.
    let mut coming = vec![0usize; series.len()];
    for i in stretches.iter().flat_map(|k| &k.indicators) {
        coming[*i as usize] += 1;
    }
    for kept in stretches {
        let indicators = giving_back(kept.indicators).map(|i| i as usize);
        for (i, figure) in indicators.zip(giving_back(kept.figures)) {
            series[i].reserve_exact(coming[i]);
            coming[i] -= 1;
            series[i].push(figure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{Area, MaybeNumber, Origin, Value};
    use crate::period::{self, PeriodContext};

    fn figure(line: u32) -> Observation {
        let period = period::parse("2020/21", PeriodContext::default()).expect("a period");
        Observation {
            area: Area::Own,
            period,
            value: Value::Number {
                value: f64::from(line),
                mark: None,
            },
            numerator: MaybeNumber::NONE,
            denominator: MaybeNumber::NONE,
            lower_ci: MaybeNumber::NONE,
            upper_ci: MaybeNumber::NONE,
            published: None,
            known: period.last,
            text: None,
            origin: Origin { file: 0, line },
        }
    }

    fn lines(s: &[Observation]) -> Vec<u32> {
        s.iter().map(|o| o.origin.line).collect()
    }

    #[test]
    fn figures_move_in_file_order_onto_series_of_their_exact_length() {
        let mut series = vec![vec![figure(1)], Vec::new(), Vec::new()];
        let end = 1000;
        let mut first = Kept::new(3);
        let mut second = Kept::new(3);
        for line in 2..end {
            let kept = if line < end / 2 {
                &mut first
            } else {
                &mut second
            };
            kept.push((line % 2) as usize, figure(line));
        }
        let latest_even = (end / 2 - 1) & !1;
        assert_eq!(first.latest(0).map(|o| o.origin.line), Some(latest_even));
        assert!(first.latest(2).is_none());
        move_into(&mut series, vec![first, second]);
        let even: Vec<u32> = (1..end).filter(|l| *l == 1 || l % 2 == 0).collect();
        let odd: Vec<u32> = (2..end).filter(|l| l % 2 == 1).collect();
        assert_eq!(lines(&series[0]), even);
        assert_eq!(lines(&series[1]), odd);
        assert!(series[2].is_empty());
        for s in &series {
            assert_eq!(s.capacity(), s.len(), "grown once, to its length");
        }
    }
}
