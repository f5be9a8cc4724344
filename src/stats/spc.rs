//! Statistical process control as NHS England's "Making Data Count" does
//! it (XmR charts, as in NHSRplotthedots): process limits from the mean
//! moving range, four rules for special cause variation in precedence, the
//! variation of the latest point and assurance against a target
//! (STATISTICS 4). cfp also says which rule fired and reports a series with
//! no variation as such.

use serde::Serialize;

use crate::plan::Polarity;

/// Points from which SPC is reported (fewer: "too few points").
pub(crate) const MIN_POINTS: usize = 13;
const LIMIT: f64 = 2.66;
const SCREEN: f64 = 3.267;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A point beyond a process limit.
    Outside,
    /// Seven points in a row increasing, or decreasing.
    Trend,
    /// Two of three points close to a limit, all three on one side.
    TwoOfThree,
    /// Seven points in a row on one side of the mean.
    Shift,
}

impl Rule {
    pub fn words(self) -> &'static str {
        match self {
            Self::Outside => "a point outside the process limits",
            Self::Trend => "a run of 7 points increasing or decreasing",
            Self::TwoOfThree => "2 of 3 points close to a process limit",
            Self::Shift => "a shift: 7 points on one side of the mean",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    High,
    Low,
}

/// What kind of variation a point shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "side", rename_all = "snake_case")]
pub enum Variation {
    CommonCause,
    Improvement(Side),
    Concern(Side),
    /// Special cause where the indicator has no better direction.
    Neutral(Side),
}

impl Variation {
    pub fn words(self) -> String {
        let side = |s: Side| match s {
            Side::High => "high",
            Side::Low => "low",
        };
        match self {
            Self::CommonCause => "common cause".into(),
            Self::Improvement(s) => format!("special cause improvement ({})", side(s)),
            Self::Concern(s) => format!("special cause concern ({})", side(s)),
            Self::Neutral(s) => format!("special cause neutral ({})", side(s)),
        }
    }

    fn of(side: Side, polarity: Polarity) -> Self {
        match (side, polarity) {
            (Side::High, Polarity::Higher) | (Side::Low, Polarity::Lower) => {
                Self::Improvement(side)
            }
            (_, Polarity::None) => Self::Neutral(side),
            _ => Self::Concern(side),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Assurance {
    #[serde(rename = "consistently pass")]
    ConsistentlyPass,
    #[serde(rename = "consistently fail")]
    ConsistentlyFail,
    #[serde(rename = "hit and miss")]
    HitAndMiss,
}

impl Assurance {
    pub fn words(self) -> &'static str {
        match self {
            Self::ConsistentlyPass => "consistently pass",
            Self::ConsistentlyFail => "consistently fail",
            Self::HitAndMiss => "hit and miss",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limits {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
    /// The two-sigma band, where "close to a limit" begins.
    pub lower_two_sigma: f64,
    pub upper_two_sigma: f64,
    /// The mean moving range the limits come from (after screening).
    pub mean_moving_range: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub value: f64,
    pub variation: Variation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spc {
    pub limits: Limits,
    pub points: Vec<Point>,
    /// The latest point's variation.
    pub variation: Variation,
    /// The rule that makes the latest point special cause, if any.
    pub rule: Option<Rule>,
    pub assurance: Option<Assurance>,
    /// Every moving range is zero: the series does not vary.
    pub no_variation: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Options {
    /// Drop moving ranges of 3.267 x the mean or more before the limits
    /// (Making Data Count's R tools); off is the MDC Excel variant.
    pub screening: bool,
    /// Compute the limits from the first N points only.
    pub baseline: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            screening: true,
            baseline: None,
        }
    }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn limits(values: &[f64], opts: Options) -> Limits {
    let base = match opts.baseline {
        Some(n) if n >= 2 && n < values.len() => &values[..n],
        _ => values,
    };
    let centre = mean(base);
    let ranges = || base.windows(2).map(|w| (w[1] - w[0]).abs());
    // The mean of the ranges `keep` keeps, summed in order; none of none.
    let mean_of = |keep: &dyn Fn(f64) -> bool| {
        let (sum, count) = ranges()
            .filter(|r| keep(*r))
            .fold((0.0, 0usize), |(sum, count), r| (sum + r, count + 1));
        (count > 0).then(|| sum / count as f64)
    };
    let mut amr = mean_of(&|_| true).unwrap_or(0.0);
    if opts.screening && amr > 0.0 {
        let screen = SCREEN * amr;
        if let Some(kept) = mean_of(&|r| r < screen) {
            amr = kept;
        }
    }
    let width = LIMIT * amr;
    let two_sigma = width * 2.0 / 3.0;
    Limits {
        mean: centre,
        lower: centre - width,
        upper: centre + width,
        lower_two_sigma: centre - two_sigma,
        upper_two_sigma: centre + two_sigma,
        mean_moving_range: amr,
    }
}

/// Calls `flag` on every index in runs of at least `len` consecutive
/// indices where `member(i)` holds (for shifts, the point itself; for
/// trends, the link from point i-1 to i), and on the `before` indices
/// ahead of each run (a trend's first point, which has no link into it).
fn runs(
    n: usize,
    len: usize,
    before: usize,
    member: impl Fn(usize) -> bool,
    mut flag: impl FnMut(usize),
) {
    let mut start = 0;
    for i in 0..=n {
        if i == n || !member(i) {
            if i - start >= len {
                (start.saturating_sub(before)..i).for_each(&mut flag);
            }
            start = i + 1;
        }
    }
}

/// Calls `flag` on the points `close` to a limit in each window of three
/// points all `on_side` of the mean with two or more of them close.
fn two_of_three(
    n: usize,
    on_side: impl Fn(usize) -> bool,
    close: impl Fn(usize) -> bool,
    mut flag: impl FnMut(usize),
) {
    for w in 0..n.saturating_sub(2) {
        let window = w..w + 3;
        if window.clone().all(&on_side) && window.clone().filter(|&i| close(i)).count() >= 2 {
            window.filter(|&i| close(i)).for_each(&mut flag);
        }
    }
}

/// Marks each point with the rule of highest precedence that flags it,
/// rule by rule, each overwriting the last: any length of series.
fn mark_each(values: &[f64], l: &Limits, polarity: Polarity, points: &mut [Point]) {
    let n = values.len();
    // Rules from lowest precedence to highest, each overwriting the last.
    let above = |i: usize| values[i] > l.mean;
    let below = |i: usize| values[i] < l.mean;
    let mut mark = |i: usize, rule: Rule, side: Side| {
        points[i].rule = Some(rule);
        points[i].variation = Variation::of(side, polarity);
    };
    runs(n, 7, 0, above, |i| mark(i, Rule::Shift, Side::High));
    runs(n, 7, 0, below, |i| mark(i, Rule::Shift, Side::Low));

    // Two of three close to a limit: the points close to the limit of
    // each window of three on one side. A point is above or below
    // the mean, not both, so the two sides mark apart.
    let close_high = |i: usize| values[i] > l.upper_two_sigma && values[i] <= l.upper;
    let close_low = |i: usize| values[i] < l.lower_two_sigma && values[i] >= l.lower;
    two_of_three(n, above, close_high, |i| {
        mark(i, Rule::TwoOfThree, Side::High)
    });
    two_of_three(n, below, close_low, |i| {
        mark(i, Rule::TwoOfThree, Side::Low)
    });

    // A run of 7 points each strictly above (below) the one before: the
    // first point of the run has no predecessor in it, so count links
    // and mark the point before them too.
    let up = |i: usize| i > 0 && values[i] > values[i - 1];
    let down = |i: usize| i > 0 && values[i] < values[i - 1];
    runs(n, 6, 1, up, |i| mark(i, Rule::Trend, Side::High));
    runs(n, 6, 1, down, |i| mark(i, Rule::Trend, Side::Low));

    for (i, &v) in values.iter().enumerate() {
        if v > l.upper {
            mark(i, Rule::Outside, Side::High);
        } else if v < l.lower {
            mark(i, Rule::Outside, Side::Low);
        }
    }
}

/// The points each rule flags, as bit masks (bit i is point i), high side
/// and low: a series of up to 64 points marked without a pass per rule.
struct Marks {
    shift: [u64; 2],
    two_of_three: [u64; 2],
    trend: [u64; 2],
    outside: [u64; 2],
}

/// The starts of runs of `len` set bits: bit j where bits j..j+len are all set.
fn run_starts(mask: u64, len: u32) -> u64 {
    (1..len).fold(mask, |starts, k| starts & (mask >> k))
}

/// Every bit in a run of at least `len` set bits.
fn in_runs(mask: u64, len: u32) -> u64 {
    let starts = run_starts(mask, len);
    (0..len).fold(0, |all, k| all | (starts << k))
}

/// The points `close` to a limit in each window of three points all `on`
/// one side of the mean with two or more of them close.
fn two_of_three_mask(on: u64, close: u64) -> u64 {
    let windows_on = run_starts(on, 3);
    let (c, c1, c2) = (close, close >> 1, close >> 2);
    let two_close = (c & c1) | (c & c2) | (c1 & c2);
    let windows = windows_on & two_close;
    (windows | windows << 1 | windows << 2) & close
}

impl Marks {
    /// None past 64 points.
    fn of(values: &[f64], l: &Limits) -> Option<Self> {
        if values.len() > 64 {
            return None;
        }
        // Every rule's test of every point in one pass (a league draws
        // 300,000 charts): a bit for each point the test holds of. Link i
        // joins point i - 1 to point i; the first point has none (it is
        // compared with itself).
        let (mut above, mut below, mut close_high, mut close_low) = (0u64, 0u64, 0u64, 0u64);
        let (mut up, mut down, mut out_high, mut out_low) = (0u64, 0u64, 0u64, 0u64);
        let mut before = values.first().copied().unwrap_or_default();
        for (i, &v) in values.iter().enumerate() {
            let bit = |holds: bool| u64::from(holds) << i;
            above |= bit(v > l.mean);
            below |= bit(v < l.mean);
            close_high |= bit(v > l.upper_two_sigma && v <= l.upper);
            close_low |= bit(v < l.lower_two_sigma && v >= l.lower);
            up |= bit(v > before);
            down |= bit(v < before);
            out_high |= bit(v > l.upper);
            out_low |= bit(v < l.lower);
            before = v;
        }
        // A run of 6 links is a run of 7 points, the point before the
        // first link included.
        let trend = |links: u64| {
            let flagged = in_runs(links, 6);
            flagged | flagged >> 1
        };
        Some(Self {
            shift: [in_runs(above, 7), in_runs(below, 7)],
            two_of_three: [
                two_of_three_mask(above, close_high),
                two_of_three_mask(below, close_low),
            ],
            trend: [trend(up), trend(down)],
            outside: [out_high, out_low],
        })
    }

    /// Each point's rule of highest precedence, as [`mark_each`] leaves
    /// it: outside, then a trend (low over high, as a point can end a
    /// fall and start a rise), two of three, a shift.
    fn apply(&self, points: &mut [Point], polarity: Polarity) {
        let order = [
            (Rule::Outside, self.outside),
            (Rule::Trend, self.trend),
            (Rule::TwoOfThree, self.two_of_three),
            (Rule::Shift, self.shift),
        ];
        // Only the points some rule flags: most are common cause.
        let mut flagged = order
            .iter()
            .fold(0, |all, &(_, [high, low])| all | high | low);
        while flagged != 0 {
            let i = flagged.trailing_zeros() as usize;
            flagged &= flagged - 1;
            let Some(point) = points.get_mut(i) else {
                break;
            };
            let bit = 1u64 << i;
            let found = order.iter().find_map(|&(rule, [high, low])| {
                if low & bit != 0 {
                    Some((rule, Side::Low))
                } else if high & bit != 0 {
                    Some((rule, Side::High))
                } else {
                    None
                }
            });
            if let Some((rule, side)) = found {
                point.rule = Some(rule);
                point.variation = Variation::of(side, polarity);
            }
        }
    }
}

/// Each value a point of common cause, for the rules to mark.
fn unmarked(values: &[f64]) -> Vec<Point> {
    values
        .iter()
        .map(|&value| Point {
            value,
            variation: Variation::CommonCause,
            rule: None,
        })
        .collect()
}

/// XmR analysis of `values` in period order (missing periods already left
/// out). Needs two or more points; reporting starts at [`MIN_POINTS`].
pub(crate) fn xmr(values: &[f64], polarity: Polarity, target: Option<f64>, opts: Options) -> Spc {
    let l = limits(values, opts);
    let no_variation = l.mean_moving_range == 0.0;
    let mut points = unmarked(values);
    if !no_variation {
        match Marks::of(values, &l) {
            Some(marks) => marks.apply(&mut points, polarity),
            None => mark_each(values, &l, polarity, &mut points),
        }
    }
    let last = points.last().copied();
    let assurance = target.and_then(|t| match polarity {
        Polarity::None => None,
        _ if no_variation => None,
        Polarity::Higher if t > l.upper => Some(Assurance::ConsistentlyFail),
        Polarity::Higher if t < l.lower => Some(Assurance::ConsistentlyPass),
        Polarity::Lower if t < l.lower => Some(Assurance::ConsistentlyFail),
        Polarity::Lower if t > l.upper => Some(Assurance::ConsistentlyPass),
        _ => Some(Assurance::HitAndMiss),
    });
    Spc {
        limits: l,
        variation: last.map_or(Variation::CommonCause, |p| p.variation),
        rule: last.and_then(|p| p.rule),
        points,
        assurance,
        no_variation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::assert_sig;
    use proptest::prelude::*;

    fn flagged(spc: &Spc) -> Vec<(usize, Rule)> {
        spc.points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.rule.map(|r| (i + 1, r)))
            .collect()
    }

    #[test]
    fn random_series_is_common_cause_and_hit_and_miss() {
        let values = [
            -0.56047565,
            -0.23017749,
            1.55870831,
            0.07050839,
            0.12928774,
            1.71506499,
            0.46091621,
            -1.26506123,
            -0.68685285,
            -0.44566197,
            1.22408180,
            0.35981383,
            0.40077145,
            0.11068272,
            -0.55584113,
            1.78691314,
            0.49785048,
            -1.96661716,
            0.70135590,
            -0.47279141,
        ];
        let spc = xmr(&values, Polarity::Higher, Some(0.5), Options::default());
        assert_sig(spc.limits.mean, 0.1416238, 7);
        assert_sig(spc.limits.lower, -3.011380, 7);
        assert_sig(spc.limits.upper, 3.294627, 7);
        assert!(flagged(&spc).is_empty());
        assert_eq!(spc.variation, Variation::CommonCause);
        assert_eq!(spc.assurance, Some(Assurance::HitAndMiss));
        let unscreened = xmr(
            &values,
            Polarity::Higher,
            Some(0.5),
            Options {
                screening: false,
                baseline: None,
            },
        );
        assert_sig(unscreened.limits.upper, 3.294627, 7);
    }

    #[test]
    fn shifts_below_then_above() {
        let values = [
            10., 11., 9., 10., 12., 9., 11., 10., 10., 11., 9., 10., 12., 12., 13., 12., 13., 12.,
            13., 12.,
        ];
        let spc = xmr(&values, Polarity::Higher, None, Options::default());
        assert_sig(spc.limits.mean, 11.05, 4);
        assert_sig(spc.limits.lower, 7.69, 3);
        assert_sig(spc.limits.upper, 14.41, 4);
        let want: Vec<(usize, Rule)> = (6..=20).map(|i| (i, Rule::Shift)).collect();
        assert_eq!(flagged(&spc), want);
        for i in 5..12 {
            assert_eq!(
                spc.points[i].variation,
                Variation::Concern(Side::Low),
                "point {}",
                i + 1
            );
        }
        assert_eq!(spc.variation, Variation::Improvement(Side::High));
        let lower = xmr(&values, Polarity::Lower, None, Options::default());
        assert_eq!(lower.variation, Variation::Concern(Side::High));
        assert_eq!(lower.rule, Some(Rule::Shift));
    }

    #[test]
    fn a_trend_of_seven_and_a_tie_that_breaks_it() {
        let mut values = vec![
            5., 6., 5., 6., 5., 6., 5., 6., 5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5., 6., 5., 6., 5.,
        ];
        let spc = xmr(&values, Polarity::Higher, None, Options::default());
        assert_sig(spc.limits.mean, 5.44, 3);
        assert_sig(spc.limits.lower, 3.592, 4);
        assert_sig(spc.limits.upper, 7.288, 4);
        let want: Vec<(usize, Rule)> = (9..=15).map(|i| (i, Rule::Trend)).collect();
        assert_eq!(flagged(&spc), want);
        assert_eq!(spc.variation, Variation::CommonCause);
        values[11] = 5.3;
        let tie = xmr(&values, Polarity::Higher, None, Options::default());
        assert!(
            flagged(&tie).iter().all(|(_, r)| *r != Rule::Trend),
            "{:?}",
            flagged(&tie)
        );
    }

    #[test]
    fn screening_and_a_point_outside() {
        let values = [
            20., 21., 19., 20., 22., 19., 21., 20., 20., 21., 19., 20., 35., 20., 21., 19., 20.,
        ];
        let spc = xmr(&values, Polarity::Lower, None, Options::default());
        assert_sig(spc.limits.mean, 21.0, 6);
        assert_sig(spc.limits.lower, 17.2, 6);
        assert_sig(spc.limits.upper, 24.8, 6);
        assert_eq!(flagged(&spc), vec![(13, Rule::Outside)]);
        assert_eq!(spc.points[12].variation, Variation::Concern(Side::High));
    }

    #[test]
    fn two_of_three_close_to_a_limit() {
        let mut values = vec![
            9.5, 10.5, 10.2, 9.8, 10.4, 9.6, 10.3, 9.7, 10.5, 9.5, 10.2, 9.8, 10.4, 9.6, 10.3, 9.7,
            11.8, 10.3, 11.8, 10.1,
        ];
        let spc = xmr(&values, Polarity::Higher, Some(11.0), Options::default());
        assert_sig(spc.limits.mean, 10.2, 6);
        assert_sig(spc.limits.lower, 7.848, 4);
        assert_sig(spc.limits.upper, 12.552, 5);
        assert_eq!(
            flagged(&spc),
            vec![(17, Rule::TwoOfThree), (19, Rule::TwoOfThree)]
        );
        assert_eq!(spc.assurance, Some(Assurance::HitAndMiss));
        values[17] = 10.1;
        assert!(flagged(&xmr(&values, Polarity::Higher, None, Options::default())).is_empty());
    }

    #[test]
    fn assurance_against_a_target() {
        let values = [50., 52., 48., 51., 49., 50., 53., 47., 50., 51., 49., 52.];
        let spc = xmr(&values, Polarity::Higher, Some(40.0), Options::default());
        assert_sig(spc.limits.mean, 50.166667, 8);
        assert_sig(spc.limits.lower, 42.912121, 8);
        assert_sig(spc.limits.upper, 57.421212, 8);
        assert_eq!(spc.assurance, Some(Assurance::ConsistentlyPass));
        assert_eq!(
            xmr(&values, Polarity::Higher, Some(60.0), Options::default()).assurance,
            Some(Assurance::ConsistentlyFail)
        );
        assert_eq!(
            xmr(&values, Polarity::Lower, Some(60.0), Options::default()).assurance,
            Some(Assurance::ConsistentlyPass)
        );
    }

    #[test]
    fn a_series_with_no_variation_is_said_to_have_none() {
        let spc = xmr(&[4.0; 15], Polarity::Higher, Some(5.0), Options::default());
        assert!(spc.no_variation);
        assert!(flagged(&spc).is_empty());
        assert_eq!(spc.assurance, None);
    }

    #[test]
    fn a_fixed_baseline_sets_the_limits_from_the_first_points() {
        let values = [
            10., 11., 10., 11., 10., 11., 30., 31., 30., 31., 30., 31., 30.,
        ];
        let all = xmr(&values, Polarity::Higher, None, Options::default());
        let base = xmr(
            &values,
            Polarity::Higher,
            None,
            Options {
                screening: true,
                baseline: Some(6),
            },
        );
        assert_sig(base.limits.mean, 10.5, 6);
        assert_ne!(all.limits.mean, base.limits.mean);
        assert_eq!(base.rule, Some(Rule::Outside));
    }

    /// The series `xmr` marks, by the rule-by-rule marking any length of
    /// series takes.
    fn marked_each(values: &[f64], polarity: Polarity) -> Vec<Point> {
        let l = limits(values, Options::default());
        let mut points = unmarked(values);
        if l.mean_moving_range > 0.0 {
            mark_each(values, &l, polarity, &mut points);
        }
        points
    }

    fn polarities() -> impl Strategy<Value = Polarity> {
        proptest::sample::select(vec![Polarity::Higher, Polarity::Lower, Polarity::None])
    }

    proptest! {
        /// The bit masks mark every point as the rules one by one do:
        /// series of few values (ties, runs, shifts) and random walks
        /// (trends), up to the 64 points the masks hold.
        #[test]
        fn masks_mark_as_the_rules_one_by_one(
            levels in proptest::collection::vec(0u8..5, 13..=64),
            steps in proptest::collection::vec(-3i8..=3, 13..=64),
            polarity in polarities(),
        ) {
            let few: Vec<f64> = levels.iter().map(|&x| f64::from(x)).collect();
            let walk: Vec<f64> = steps
                .iter()
                .scan(0.0, |at, &s| {
                    *at += f64::from(s);
                    Some(*at)
                })
                .collect();
            for values in [few, walk] {
                let spc = xmr(&values, polarity, None, Options::default());
                prop_assert_eq!(&spc.points, &marked_each(&values, polarity));
            }
        }

        #[test]
        fn adding_a_constant_shifts_the_limits_and_nothing_else(
            values in proptest::collection::vec(-100.0f64..100.0, 13..40),
            shift in -1000.0f64..1000.0,
        ) {
            let a = xmr(&values, Polarity::Higher, None, Options::default());
            let moved: Vec<f64> = values.iter().map(|v| v + shift).collect();
            let b = xmr(&moved, Polarity::Higher, None, Options::default());
            prop_assert!((a.limits.upper + shift - b.limits.upper).abs() < 1e-6);
            prop_assert!((a.limits.lower + shift - b.limits.lower).abs() < 1e-6);
            let rules = |s: &Spc| s.points.iter().map(|p| p.rule).collect::<Vec<_>>();
            // Floating point can tip a value sitting on a bound; compare
            // where no value is within 1e-6 of one.
            let near_bound = values.iter().any(|v| {
                let l = a.limits;
                [l.mean, l.upper, l.lower, l.upper_two_sigma, l.lower_two_sigma]
                    .iter()
                    .any(|b| (v - b).abs() < 1e-6)
            });
            if !near_bound {
                prop_assert_eq!(rules(&a), rules(&b));
            }
        }
    }
}
