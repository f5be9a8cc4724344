//! Recent trend, as Fingertips computes it over the last five points: a
//! chi-squared test for trend in proportions when counts are known, an
//! inverse-variance weighted regression when only intervals are, and a sign
//! check that the slope survives leaving out each point (STATISTICS 3).
//! Unlike Fingertips, the counts path sets the direction from the slope.

use serde::Serialize;

use super::Interval;
use crate::plan::Polarity;

/// The chi-squared value for 1 degree of freedom at 99.8%.
pub(crate) const CHI2_998: f64 = 9.549_535_706_083_24;

/// One point of a series, as the trend test needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TrendPoint {
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub interval: Option<Interval>,
}

impl TrendPoint {
    /// No figure: what an array of points holds beyond those it has.
    pub const NONE: Self = Self {
        value: 0.0,
        numerator: None,
        denominator: None,
        interval: None,
    };

    /// Its numerator and denominator, where it has both.
    fn counts(&self) -> Option<(f64, f64)> {
        Some((self.numerator?, self.denominator?))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TrendLabel {
    #[serde(rename = "increasing and getting better")]
    IncreasingBetter,
    #[serde(rename = "increasing and getting worse")]
    IncreasingWorse,
    #[serde(rename = "decreasing and getting better")]
    DecreasingBetter,
    #[serde(rename = "decreasing and getting worse")]
    DecreasingWorse,
    #[serde(rename = "increasing")]
    Increasing,
    #[serde(rename = "decreasing")]
    Decreasing,
    #[serde(rename = "no significant change")]
    NoSignificantChange,
    #[serde(rename = "cannot be calculated")]
    CannotBeCalculated,
}

impl TrendLabel {
    pub fn words(self) -> &'static str {
        match self {
            Self::IncreasingBetter => "increasing and getting better",
            Self::IncreasingWorse => "increasing and getting worse",
            Self::DecreasingBetter => "decreasing and getting better",
            Self::DecreasingWorse => "decreasing and getting worse",
            Self::Increasing => "increasing",
            Self::Decreasing => "decreasing",
            Self::NoSignificantChange => "no significant change",
            Self::CannotBeCalculated => "cannot be calculated",
        }
    }

    fn significant(increasing: bool, polarity: Polarity) -> Self {
        match (increasing, polarity) {
            (true, Polarity::Higher) => Self::IncreasingBetter,
            (true, Polarity::Lower) => Self::IncreasingWorse,
            (false, Polarity::Higher) => Self::DecreasingWorse,
            (false, Polarity::Lower) => Self::DecreasingBetter,
            (true, Polarity::None) => Self::Increasing,
            (false, Polarity::None) => Self::Decreasing,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Counts,
    Intervals,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecentTrend {
    pub label: TrendLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chi2: Option<f64>,
    /// Per period: in the value's unit (intervals) or on the logit scale (counts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slope: Option<f64>,
    /// Why it could not be calculated, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_not: Option<String>,
}

impl RecentTrend {
    fn cannot(why: &str) -> Self {
        Self {
            label: TrendLabel::CannotBeCalculated,
            method: None,
            chi2: None,
            slope: None,
            why_not: Some(why.into()),
        }
    }
}

/// Weighted least-squares slope and its standard error, over every point.
fn weighted_slope(ts: &[f64], ys: &[f64], ws: &[f64]) -> (f64, f64) {
    let (slope, s1, det) = slope_leaving_out(ts, ys, ws, None);
    (slope, (s1 / det).sqrt())
}

/// The weighted least-squares slope over every point but `skip` where one
/// is left out, with the sum of the weights and the determinant its
/// standard error is of.
#[inline]
fn slope_leaving_out(ts: &[f64], ys: &[f64], ws: &[f64], skip: Option<usize>) -> (f64, f64, f64) {
    let (mut s1, mut s2, mut s3, mut s4, mut s5) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let points = ts.iter().zip(ys).zip(ws).enumerate();
    for (_, ((t, v), w)) in points.filter(|(i, _)| Some(*i) != skip) {
        s1 += w;
        s2 += w * v * t;
        s3 += w * t;
        s4 += w * v;
        s5 += w * t * t;
    }
    let det = s1 * s5 - s3 * s3;
    ((s1 * s2 - s3 * s4) / det, s1, det)
}

/// True when the slope over all points, `fitted`, keeps its sign with
/// each point left out in turn (a zero slope counts as positive). Each
/// slope is the one [`weighted_slope`] gives, with no standard error
/// worked out (a league tests 300,000 trends).
fn sign_holds(ts: &[f64], ys: &[f64], ws: &[f64], fitted: f64) -> bool {
    let all = fitted >= 0.0;
    (0..ts.len()).all(|skip| (slope_leaving_out(ts, ys, ws, Some(skip)).0 >= 0.0) == all)
}

/// The recent trend over the last five points of `series` (oldest first).
pub(crate) fn recent_trend(series: &[TrendPoint], polarity: Polarity) -> RecentTrend {
    if series.len() < 5 {
        return RecentTrend::cannot("fewer than 5 points");
    }
    let last = &series[series.len() - 5..];
    let ts: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];
    let mut counts = [(0.0, 0.0); 5];
    let counted = last.iter().zip(&mut counts).all(|(p, c)| match p.counts() {
        Some(both) => {
            *c = both;
            true
        }
        None => false,
    });
    if counted {
        if counts.iter().any(|(x, n)| *x <= 0.0 || *x >= *n) {
            return RecentTrend::cannot("a point where none or all of the denominator are counted");
        }
        let big_n: f64 = counts.iter().map(|c| c.1).sum();
        let big_x: f64 = counts.iter().map(|c| c.0).sum();
        let sum_xt: f64 = counts.iter().zip(&ts).map(|((x, _), t)| x * t).sum();
        let sum_nt: f64 = counts.iter().zip(&ts).map(|((_, n), t)| n * t).sum();
        let sum_nt2: f64 = counts.iter().zip(&ts).map(|((_, n), t)| n * t * t).sum();
        let chi2 = big_n * (big_n * sum_xt - big_x * sum_nt).powi(2)
            / (big_x * (big_n - big_x) * (big_n * sum_nt2 - sum_nt * sum_nt));
        let logits = counts.map(|(x, n)| (x / (n - x)).ln());
        let ones = [1.0; 5];
        let fitted = slope_leaving_out(&ts, &logits, &ones, None).0;
        let significant = chi2 > CHI2_998 && sign_holds(&ts, &logits, &ones, fitted);
        return RecentTrend {
            label: if significant {
                TrendLabel::significant(fitted >= 0.0, polarity)
            } else {
                TrendLabel::NoSignificantChange
            },
            method: Some(Method::Counts),
            chi2: Some(chi2),
            slope: Some(fitted),
            why_not: None,
        };
    }
    let intervals: Option<Vec<Interval>> = last.iter().map(|p| p.interval).collect();
    let Some(intervals) = intervals else {
        return RecentTrend::cannot("no counts or confidence intervals to test with");
    };
    // Fingertips takes the standard error as the 95% interval's width / 3.92.
    let weights: Vec<f64> = intervals
        .iter()
        .map(|i| (3.92 / (i.upper - i.lower)).powi(2))
        .collect();
    if weights.iter().any(|w| !w.is_finite()) {
        return RecentTrend::cannot("a point with a zero-width interval");
    }
    let values: Vec<f64> = last.iter().map(|p| p.value).collect();
    let (fitted, se) = weighted_slope(&ts, &values, &weights);
    let chi2 = (fitted / se).powi(2);
    let significant = chi2 > CHI2_998 && sign_holds(&ts, &values, &weights, fitted);
    RecentTrend {
        label: if significant {
            TrendLabel::significant(fitted >= 0.0, polarity)
        } else {
            TrendLabel::NoSignificantChange
        },
        method: Some(Method::Intervals),
        chi2: Some(chi2),
        slope: Some(fitted),
        why_not: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::assert_sig;

    fn with_interval(value: f64, lower: f64, upper: f64) -> TrendPoint {
        TrendPoint {
            value,
            numerator: None,
            denominator: None,
            interval: Some(Interval { lower, upper }),
        }
    }

    fn with_counts(x: f64, n: f64) -> TrendPoint {
        TrendPoint {
            value: x / n * 100.0,
            numerator: Some(x),
            denominator: Some(n),
            interval: None,
        }
    }

    #[test]
    fn intervals_path_reference() {
        let series = [
            with_interval(24.67, 23.16, 26.25),
            with_interval(24.6, 23.15, 26.19),
            with_interval(28.0, 26.44, 29.64),
            with_interval(30.2, 28.63, 31.9),
            with_interval(30.6, 28.98, 32.25),
        ];
        let t = recent_trend(&series, Polarity::None);
        assert_sig(t.slope.unwrap(), 1.7516, 5);
        assert_sig(t.chi2.unwrap(), 46.77, 4);
        assert_eq!(t.label, TrendLabel::Increasing);
        assert_eq!(
            recent_trend(&series, Polarity::Higher).label,
            TrendLabel::IncreasingBetter
        );
        assert_eq!(
            recent_trend(&series, Polarity::Lower).label,
            TrendLabel::IncreasingWorse
        );
    }

    #[test]
    fn counts_path_reference_sets_the_direction() {
        let series = [
            with_counts(994.0, 40299.0),
            with_counts(1023.0, 41527.0),
            with_counts(1199.0, 42811.0),
            with_counts(1332.0, 44064.0),
            with_counts(1367.0, 44701.0),
        ];
        let t = recent_trend(&series, Polarity::None);
        assert_sig(t.chi2.unwrap(), 47.90, 4);
        assert_eq!(t.method, Some(Method::Counts));
        assert_eq!(
            t.label,
            TrendLabel::Increasing,
            "not Fingertips' always-decreasing"
        );
        let reversed: Vec<TrendPoint> = series.iter().rev().copied().collect();
        assert_eq!(
            recent_trend(&reversed, Polarity::Higher).label,
            TrendLabel::DecreasingWorse
        );
    }

    #[test]
    fn no_significant_change_reference() {
        let series = [
            with_interval(20.5506, 18.1803, 23.1427),
            with_interval(19.5952, 17.3444, 22.0602),
            with_interval(19.0349, 16.8421, 21.4394),
            with_interval(21.3966, 19.0918, 23.8975),
            with_interval(18.4372, 16.2925, 20.7941),
        ];
        let t = recent_trend(&series, Polarity::Higher);
        assert_sig(t.chi2.unwrap(), 0.464, 3);
        assert_eq!(t.label, TrendLabel::NoSignificantChange);
    }

    #[test]
    fn cannot_be_calculated() {
        let four = [with_counts(1.0, 10.0); 4];
        assert_eq!(
            recent_trend(&four, Polarity::Higher).label,
            TrendLabel::CannotBeCalculated
        );
        let mut five = [with_counts(1.0, 10.0); 5];
        five[2] = with_counts(10.0, 10.0);
        assert_eq!(
            recent_trend(&five, Polarity::Higher).label,
            TrendLabel::CannotBeCalculated
        );
        let bare = [TrendPoint {
            value: 1.0,
            numerator: None,
            denominator: None,
            interval: None,
        }; 5];
        assert_eq!(
            recent_trend(&bare, Polarity::Higher).label,
            TrendLabel::CannotBeCalculated
        );
    }

    #[test]
    fn a_significant_chi2_without_a_stable_sign_is_no_change() {
        // A big jump at the last point drives chi2 up, but leaving it out flips the slope.
        let series = [
            with_counts(500.0, 1000.0),
            with_counts(490.0, 1000.0),
            with_counts(480.0, 1000.0),
            with_counts(470.0, 1000.0),
            with_counts(700.0, 1000.0),
        ];
        let t = recent_trend(&series, Polarity::Higher);
        assert!(t.chi2.unwrap() > CHI2_998);
        assert_eq!(t.label, TrendLabel::NoSignificantChange);
    }
}
