//! The statistics boards already trust (OHID Fingertips, NHS "Making Data
//! Count"), computed the same way and pinned to their published reference
//! values: confidence intervals, benchmarks, recent trend, statistical
//! process control and a straight-line forecast.

pub(crate) mod forecast;
pub(crate) mod funnel;
pub(crate) mod interval;
pub(crate) mod spc;
pub(crate) mod trend;

use statrs::distribution::{ContinuousCDF, Normal};

/// The two-sided normal quantile for a confidence level: 1.959964 for 95%,
/// 3.090232 for 99.8%. Computed, never a literal, so both levels work.
pub(crate) fn z(confidence: f64) -> f64 {
    normal_quantile(confidence + (1.0 - confidence) / 2.0)
}

/// The standard normal quantile at `p` (R's `qnorm`). The two every
/// benchmark, interval and funnel asks for, 0.975 and 0.999 (95% and
/// 99.8% two-sided), are worked out once: a league asks hundreds of
/// thousands of times.
pub(crate) fn normal_quantile(p: f64) -> f64 {
    use std::sync::OnceLock;
    static Q975: OnceLock<f64> = OnceLock::new();
    static Q999: OnceLock<f64> = OnceLock::new();
    let quantile = || Normal::standard().inverse_cdf(p);
    if p == 0.975 {
        *Q975.get_or_init(quantile)
    } else if p == 0.999 {
        *Q999.get_or_init(quantile)
    } else {
        quantile()
    }
}

/// An interval, lower and upper.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.lower <= other.upper && other.lower <= self.upper
    }
}

#[cfg(test)]
pub(crate) fn assert_sig(actual: f64, expected: f64, figures: i32) {
    let scale = expected.abs().max(f64::MIN_POSITIVE);
    let tolerance = 0.5 * 10f64.powi(-(figures - 1)) * 10f64.powf(scale.log10().floor());
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not {expected} to {figures} significant figures"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_values() {
        assert_sig(z(0.95), 1.959963984540, 12);
        assert_sig(z(0.998), 3.090232306168, 12);
    }
}
