//! Confidence intervals: Wilson score for proportions; exact Poisson below
//! 10 events and Byars from 10 for counts and rates (STATISTICS 1).

use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::{z, Interval};

/// Why an interval cannot be computed from the given counts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum InputError {
    NegativeCount(f64),
    NoDenominator(f64),
    MoreEventsThanPeople {
        x: f64,
        n: f64,
    },
    /// Not a number, infinite, subnormal, or so large that the interval
    /// overflows: no interval is given rather than a wrong one.
    OutOfRange(f64),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NegativeCount(x) => write!(f, "the numerator {x} is negative"),
            Self::NoDenominator(n) => write!(f, "the denominator {n} is not above zero"),
            Self::MoreEventsThanPeople { x, n } => {
                write!(f, "the numerator {x} is larger than the denominator {n}")
            }
            Self::OutOfRange(x) => write!(f, "{x} is out of the range an interval is computed for"),
        }
    }
}

/// The largest count an interval is computed for: far beyond any
/// population, and small enough that no step below overflows.
const LARGEST: f64 = 1e150;

/// A count or denominator the formulas below can take: finite, zero or
/// normal (the gamma function under the exact Poisson limits panics on a
/// subnormal degree of freedom) and at most [`LARGEST`]. NaN is refused
/// here too, so no comparison below meets one.
fn in_range(x: f64) -> Result<f64, InputError> {
    if x.is_finite() && (x == 0.0 || x.is_normal()) && x.abs() <= LARGEST {
        Ok(x)
    } else {
        Err(InputError::OutOfRange(x))
    }
}

/// An interval whose bounds are finite and in order, or none.
fn finite(i: Interval) -> Result<Interval, InputError> {
    if i.lower.is_finite() && i.upper.is_finite() && i.lower <= i.upper {
        Ok(i)
    } else {
        Err(InputError::OutOfRange(if i.lower.is_finite() {
            i.upper
        } else {
            i.lower
        }))
    }
}

/// Wilson score interval for `x` events out of `n`, times `multiplier`
/// (100 for a percentage).
pub(crate) fn wilson(
    x: f64,
    n: f64,
    confidence: f64,
    multiplier: f64,
) -> Result<Interval, InputError> {
    let (x, n) = (in_range(x)?, in_range(n)?);
    if x < 0.0 {
        return Err(InputError::NegativeCount(x));
    }
    if n <= 0.0 {
        return Err(InputError::NoDenominator(n));
    }
    if x > n {
        return Err(InputError::MoreEventsThanPeople { x, n });
    }
    let z = z(confidence);
    let z2 = z * z;
    let root = z * (z2 + 4.0 * x * (1.0 - x / n)).sqrt();
    let denominator = 2.0 * (n + z2);
    finite(Interval {
        lower: ((2.0 * x + z2 - root) / denominator).max(0.0) * multiplier,
        upper: ((2.0 * x + z2 + root) / denominator).min(1.0) * multiplier,
    })
}

/// Interval for a count of events: exact Poisson below 10, Byars from 10.
pub(crate) fn poisson(x: f64, confidence: f64) -> Result<Interval, InputError> {
    let x = in_range(x)?;
    if x < 0.0 {
        return Err(InputError::NegativeCount(x));
    }
    finite(if x < 10.0 {
        exact_poisson(x, confidence)
    } else {
        byars(x, confidence)
    })
}

fn chi_squared_quantile(p: f64, freedom: f64) -> f64 {
    ChiSquared::new(freedom)
        .map(|d| d.inverse_cdf(p))
        .unwrap_or(f64::NAN)
}

/// Exact Poisson limits for 0 to 9 events at 95% and 99.8%, the two
/// levels cfp asks for, written here (from mpmath, to 60 digits: the
/// Gamma(x) and Gamma(x + 1) quantiles at 0.025 and 0.975, 0.001 and
/// 0.999) rather than found by statrs' search, which is good to about one
/// part in 10^10 and whose last digits differ from build to build, as
/// Student's t's did (`forecast::t_90`): a test build and a release build
/// gave a small count's interval apart in its sixteenth digit.
const EXACT_95: [(f64, f64); 10] = [
    (0.0, 3.688_879_454_113_936_3),
    (0.025_317_807_984_289_876, 5.571_643_390_938_899),
    (0.242_209_278_543_964_9, 7.224_687_667_723_961),
    (0.618_672_122_895_601_3, 8.767_273_069_742_327),
    (1.089_865_373_626_324_9, 10.241_588_675_403_698),
    (1.623_486_390_118_420_4, 11.668_332_079_322_669),
    (2.201_894_253_490_850_8, 13.059_474_022_518_685),
    (2.814_363_051_519_866, 14.422_675_361_702_38),
    (3.453_832_176_748_501_4, 15.763_189_220_193_315),
    (4.115_373_097_378_332, 17.084_803_451_419_17),
];

/// [`EXACT_95`]'s at 99.8%.
const EXACT_998: [(f64, f64); 10] = [
    (0.0, 6.907_755_278_982_137),
    (0.001_000_500_333_583_533_5, 9.233_413_476_451_586),
    (0.045_402_017_769_489_56, 11.228_872_242_412_663),
    (0.190_533_377_568_403_2, 13.062_240_779_188_071),
    (0.428_552_413_628_422_95, 14.794_149_222_537_209),
    (0.739_371_731_917_832_6, 16.454_745_203_680_11),
    (1.107_104_660_255_639_4, 18.061_636_840_199_07),
    (1.520_336_260_398_809, 19.626_177_395_384_24),
    (1.970_813_921_740_365_7, 21.156_198_165_839_98),
    (2.452_424_404_363_775, 22.657_373_309_062_93),
];

fn exact_poisson(x: f64, confidence: f64) -> Interval {
    let written = if confidence == 0.95 {
        Some(&EXACT_95)
    } else if confidence == 0.998 {
        Some(&EXACT_998)
    } else {
        None
    };
    // A whole number of events below 10 (the caller's bound).
    if let (Some(table), true) = (written, x.fract() == 0.0 && (0.0..10.0).contains(&x)) {
        let (lower, upper) = table[x as usize];
        return Interval { lower, upper };
    }
    let alpha = 1.0 - confidence;
    let lower = if x <= 0.0 {
        0.0
    } else {
        chi_squared_quantile(alpha / 2.0, 2.0 * x) / 2.0
    };
    let upper = chi_squared_quantile(confidence + alpha / 2.0, 2.0 * x + 2.0) / 2.0;
    Interval { lower, upper }
}

fn byars(x: f64, confidence: f64) -> Interval {
    let z = z(confidence);
    let lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * x.sqrt())).powi(3);
    let y = x + 1.0;
    let upper = y * (1.0 - 1.0 / (9.0 * y) + z / (3.0 * y.sqrt())).powi(3);
    Interval {
        lower: lower.max(0.0),
        upper,
    }
}

/// Interval for a rate: `x` events in a population `n`, per `per`.
pub(crate) fn rate(x: f64, n: f64, per: f64, confidence: f64) -> Result<Interval, InputError> {
    let n = in_range(n)?;
    if n <= 0.0 {
        return Err(InputError::NoDenominator(n));
    }
    let count = poisson(x, confidence)?;
    finite(Interval {
        lower: count.lower / n * per,
        upper: count.upper / n * per,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::assert_sig;
    use proptest::prelude::*;

    #[test]
    fn the_written_exact_limits_are_the_chi_squared_quantiles() {
        for (confidence, table) in [(0.95, &EXACT_95), (0.998, &EXACT_998)] {
            let alpha = 1.0 - confidence;
            for (x, &(lower, upper)) in table.iter().enumerate() {
                let x = x as f64;
                let searched = |p: f64, freedom: f64| chi_squared_quantile(p, freedom) / 2.0;
                // statrs' search is good to about one part in 10^10
                // (3.6888794538574325 for 3.6888794541139363).
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
                if x > 0.0 {
                    assert!(close(lower, searched(alpha / 2.0, 2.0 * x)), "{x}");
                } else {
                    assert_eq!(lower, 0.0);
                }
                let s = searched(confidence + alpha / 2.0, 2.0 * x + 2.0);
                assert!(close(upper, s), "{x}: {upper} against {s}");
                assert_eq!(exact_poisson(x, confidence), Interval { lower, upper });
            }
        }
        // A fraction of an event, or another level, is searched for.
        assert_sig(exact_poisson(2.5, 0.95).upper, 8.006_382_137, 9);
        assert_sig(exact_poisson(2.0, 0.9).upper, 6.2958, 5);
    }

    fn check(i: Interval, lower: f64, upper: f64) {
        check_to(i, lower, upper, 6);
    }

    /// The reference tables give a few limits to fewer figures.
    fn check_to(i: Interval, lower: f64, upper: f64, figures: i32) {
        if lower == 0.0 {
            assert_eq!(i.lower, 0.0);
        } else {
            assert_sig(i.lower, lower, figures);
        }
        assert_sig(i.upper, upper, figures);
    }

    #[test]
    fn wilson_reference_values() {
        check(wilson(65.0, 100.0, 0.95, 1.0).unwrap(), 0.552544, 0.736358);
        check(wilson(65.0, 100.0, 0.998, 1.0).unwrap(), 0.495495, 0.778354);
        check(
            wilson(1045.0, 5000.0, 0.95, 1.0).unwrap(),
            0.197955,
            0.220491,
        );
        check(
            wilson(1045.0, 5000.0, 0.998, 1.0).unwrap(),
            0.191794,
            0.227316,
        );
        check(wilson(1.0, 100.0, 0.95, 100.0).unwrap(), 0.176743, 5.448620);
        check_to(
            wilson(1.0, 100.0, 0.998, 100.0).unwrap(),
            0.087307,
            10.455445,
            5,
        );
        check(
            wilson(9856.0, 12345.0, 0.95, 100.0).unwrap(),
            79.121018,
            80.536401,
        );
        check(
            wilson(9856.0, 12345.0, 0.998, 100.0).unwrap(),
            78.699241,
            80.930614,
        );
        check(wilson(0.0, 100.0, 0.95, 100.0).unwrap(), 0.0, 3.699350);
        check_to(wilson(0.0, 100.0, 0.998, 100.0).unwrap(), 0.0, 8.7171, 5);
        check(wilson(100.0, 100.0, 0.95, 100.0).unwrap(), 96.300650, 100.0);
        check_to(
            wilson(100.0, 100.0, 0.998, 100.0).unwrap(),
            91.2829,
            100.0,
            6,
        );
    }

    #[test]
    fn wilson_input_errors() {
        assert_eq!(
            wilson(-1.0, 10.0, 0.95, 1.0),
            Err(InputError::NegativeCount(-1.0))
        );
        assert_eq!(
            wilson(1.0, 0.0, 0.95, 1.0),
            Err(InputError::NoDenominator(0.0))
        );
        assert_eq!(
            wilson(11.0, 10.0, 0.95, 1.0),
            Err(InputError::MoreEventsThanPeople { x: 11.0, n: 10.0 })
        );
    }

    #[test]
    fn count_reference_values() {
        check(poisson(65.0, 0.95).unwrap(), 50.163188, 82.849139);
        check(poisson(65.0, 0.998).unwrap(), 42.880261, 94.000291);
        check(poisson(1045.0, 0.95).unwrap(), 982.593202, 1110.331213);
        check(poisson(1045.0, 0.998).unwrap(), 947.940704, 1148.806161);
    }

    #[test]
    fn rate_reference_values() {
        let per = 100_000.0;
        check(rate(1.0, 100.0, per, 0.95).unwrap(), 25.317808, 5571.643391);
        check(rate(1.0, 100.0, per, 0.998).unwrap(), 1.000500, 9233.413476);
        check(
            rate(20.0, 100.0, per, 0.95).unwrap(),
            12211.428835,
            30889.880369,
        );
        check(
            rate(20.0, 100.0, per, 0.998).unwrap(),
            8922.802365,
            38085.035625,
        );
        check(
            rate(222.0, 3215.0, per, 0.95).unwrap(),
            6026.574878,
            7875.729371,
        );
        check(
            rate(222.0, 3215.0, per, 0.998).unwrap(),
            5560.737695,
            8461.046682,
        );
        check(rate(0.0, 100.0, per, 0.95).unwrap(), 0.0, 3688.879454);
    }

    #[test]
    fn subnormal_huge_and_nan_counts_give_no_interval_and_no_panic() {
        let hostile = [
            5e-324,
            2e-323,
            1e-310,
            f64::MIN_POSITIVE / 2.0,
            1e151,
            1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for x in hostile {
            assert!(poisson(x, 0.95).is_err(), "poisson({x})");
            assert!(poisson(x, 0.998).is_err(), "poisson({x}) at 99.8%");
            assert!(rate(x, 100.0, 1e5, 0.95).is_err(), "rate({x}, 100)");
            assert!(rate(1.0, x, 1e5, 0.95).is_err(), "rate(1, {x})");
            assert!(wilson(x, 1e300, 0.95, 100.0).is_err(), "wilson({x}, 1e300)");
            assert!(wilson(0.0, x, 0.95, 100.0).is_err(), "wilson(0, {x})");
        }
    }

    #[test]
    fn the_smallest_normal_and_largest_allowed_counts_still_give_finite_intervals() {
        for x in [f64::MIN_POSITIVE, 1e-300, 1e-10, 9.999, 10.0, 1e12, 1e150] {
            let i = poisson(x, 0.95).expect("an interval");
            assert!(
                i.lower.is_finite() && i.upper.is_finite() && i.lower <= i.upper,
                "{x}: {i:?}"
            );
        }
        let i = wilson(1e150, 1e150, 0.95, 100.0).expect("an interval");
        assert!(i.upper <= 100.0 && i.lower.is_finite(), "{i:?}");
    }

    proptest! {
        #[test]
        fn poisson_never_panics(x in proptest::num::f64::ANY) {
            let _ = poisson(x, 0.95);
            let _ = poisson(x, 0.998);
        }

        #[test]
        fn rates_never_panic(x in proptest::num::f64::ANY, n in proptest::num::f64::ANY) {
            if let Ok(i) = rate(x, n, 1e5, 0.95) {
                prop_assert!(i.lower.is_finite() && i.upper.is_finite());
            }
            if let Ok(i) = wilson(x, n, 0.95, 100.0) {
                prop_assert!(i.lower.is_finite() && i.upper.is_finite());
            }
        }

        #[test]
        fn wilson_contains_the_estimate_and_stays_in_0_1(
            n in 1u32..100_000,
            share in 0.0f64..=1.0,
        ) {
            let n = f64::from(n);
            let x = (share * n).round();
            let i = wilson(x, n, 0.95, 1.0).unwrap();
            prop_assert!(
                i.lower <= x / n + 1e-12 && x / n <= i.upper + 1e-12,
                "{i:?} for {x}/{n}"
            );
            prop_assert!(i.lower >= 0.0 && i.upper <= 1.0);
        }
    }
}
