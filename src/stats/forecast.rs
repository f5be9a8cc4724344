//! Forecast: a straight line through the recent points, projected to the
//! target's date, with the run-rate needed against the run-rate achieved
//! and an 80% prediction interval (STATISTICS 5).

use chrono::NaiveDate;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::Interval;
use crate::plan::Polarity;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The projected value at the target's date.
    pub projected: f64,
    pub on_course: bool,
    /// Change per period the latest value needs to reach the target in time.
    pub needed_per_period: Option<f64>,
    /// The latest value already meets the target (on the better side of
    /// it), so no change is needed: words say so rather than quote
    /// `needed_per_period`, which is then the room to spare.
    #[serde(skip)]
    pub already_meets: bool,
    /// Change per period the recent points show (the fitted slope).
    pub achieved_per_period: f64,
    /// 80% prediction interval for the projection (from 4 points).
    pub interval: Option<Interval>,
    pub points: usize,
}

/// Fits the last up-to-5 points (at least 3), each at its period's end
/// date, and projects to `by`. `period_days` is the length of one period,
/// for run-rates.
pub(crate) fn forecast(
    points: &[(NaiveDate, f64)],
    by: NaiveDate,
    target: f64,
    polarity: Polarity,
    period_days: f64,
) -> Option<Forecast> {
    if points.len() < 3 {
        return None;
    }
    let recent = &points[points.len().saturating_sub(5)..];
    let origin = recent[0].0;
    let (mut xs, mut ys) = ([0.0; 5], [0.0; 5]);
    for (k, (d, v)) in recent.iter().enumerate() {
        xs[k] = (*d - origin).num_days() as f64;
        ys[k] = *v;
    }
    let (xs, ys) = (&xs[..recent.len()], &ys[..recent.len()]);
    let n = xs.len() as f64;
    let x_mean = xs.iter().sum::<f64>() / n;
    let y_mean = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - x_mean).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (x - x_mean) * (y - y_mean))
        .sum();
    let slope = sxy / sxx;
    let intercept = y_mean - slope * x_mean;
    let x0 = (by - origin).num_days() as f64;
    let projected = intercept + slope * x0;
    let interval = (xs.len() >= 4).then(|| {
        let sse: f64 = xs
            .iter()
            .zip(ys)
            .map(|(x, y)| (y - intercept - slope * x).powi(2))
            .sum();
        let freedom = n - 2.0;
        let s = (sse / freedom).sqrt();
        let t = t_90(xs.len() - 2);
        let half = t * s * (1.0 + 1.0 / n + (x0 - x_mean).powi(2) / sxx).sqrt();
        Interval {
            lower: projected - half,
            upper: projected + half,
        }
    });
    // Figures near the largest number overflow the fit: no forecast
    // rather than NaN.
    if !(slope.is_finite() && projected.is_finite()) {
        return None;
    }
    let (last_day, last_value) = recent[recent.len() - 1];
    let remaining = (by - last_day).num_days() as f64 / period_days;
    Some(Forecast {
        projected,
        on_course: polarity.gain(projected, target).is_some_and(|g| g >= -1e-9),
        needed_per_period: (remaining > 0.0).then(|| (target - last_value) / remaining),
        already_meets: polarity
            .gain(last_value, target)
            .is_some_and(|g| g >= -1e-9),
        achieved_per_period: slope * period_days,
        interval,
        points: recent.len(),
    })
}

/// Student's t quantile at 0.9 for `freedom` degrees of freedom. A fit
/// of four or five points has two or three, whose quantiles are written
/// here (from mpmath, to 50 digits) rather than found by statrs' search,
/// whose last digits differ from build to build (1.6377443536962082 in
/// one, ...089 in another, for 1.637744353696210): a build could change
/// a forecast's interval in its sixteenth digit.
fn t_90(freedom: usize) -> f64 {
    match freedom {
        2 => 1.885_618_083_164_126_7,
        3 => 1.637_744_353_696_21,
        _ => StudentsT::new(0.0, 1.0, freedom as f64)
            .map(|d| d.inverse_cdf(0.9))
            .unwrap_or(f64::NAN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::assert_sig;

    #[test]
    fn the_written_quantiles_are_students() {
        for freedom in [2, 3] {
            let searched = StudentsT::new(0.0, 1.0, freedom as f64)
                .map(|d| d.inverse_cdf(0.9))
                .expect("t");
            assert!((t_90(freedom) - searched).abs() < 1e-12, "{freedom}");
        }
        // 0.8 / sqrt(0.18), the closed form for two degrees of freedom.
        assert!((t_90(2) - 0.8 / 0.18f64.sqrt()).abs() < 1e-15);
    }

    fn year_ends(values: &[f64]) -> Vec<(NaiveDate, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let d = NaiveDate::from_ymd_opt(2019 + i as i32, 3, 31).expect("date");
                (d, *v)
            })
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_straight_line_projects_exactly() {
        // Three financial years, equally spaced by days: 2020 is a leap year,
        // so use day counts that make the spacing exact.
        let points = [
            (day(2020, 1, 1), 60.0),
            (day(2020, 1, 11), 61.0),
            (day(2020, 1, 21), 62.0),
        ];
        let f =
            forecast(&points, day(2020, 2, 10), 64.0, Polarity::Higher, 10.0).expect("forecast");
        assert_sig(f.projected, 64.0, 9);
        assert!(f.on_course);
        assert_sig(f.achieved_per_period, 1.0, 9);
        assert_sig(f.needed_per_period.expect("needed"), 1.0, 9);
        assert_eq!(f.interval, None, "an interval needs 4 points");
    }

    #[test]
    fn off_course_when_the_line_falls_short() {
        let f = forecast(
            &year_ends(&[60.0, 60.5, 61.0, 61.2, 61.9]),
            day(2026, 3, 31),
            70.0,
            Polarity::Higher,
            365.25,
        )
        .expect("forecast");
        assert!(!f.on_course);
        assert!(f.needed_per_period.expect("needed") > f.achieved_per_period);
        let i = f.interval.expect("80% interval");
        assert!(i.lower < f.projected && f.projected < i.upper);
        assert_eq!(f.points, 5);
    }

    #[test]
    fn lower_is_better_is_on_course_below_the_target() {
        let f = forecast(
            &year_ends(&[20.0, 18.0, 16.0, 14.0]),
            day(2025, 3, 31),
            12.0,
            Polarity::Lower,
            365.25,
        )
        .expect("forecast");
        assert!(f.on_course, "{f:?}");
    }

    #[test]
    fn a_lower_is_better_figure_below_its_target_already_meets_it() {
        let f = forecast(
            &year_ends(&[60.0, 55.0, 51.6]),
            day(2025, 3, 31),
            90.0,
            Polarity::Lower,
            365.25,
        )
        .expect("forecast");
        assert!(f.already_meets, "{f:?}");
        let g = forecast(
            &year_ends(&[60.0, 55.0, 51.6]),
            day(2025, 3, 31),
            90.0,
            Polarity::Higher,
            365.25,
        )
        .expect("forecast");
        assert!(!g.already_meets, "{g:?}");
    }

    #[test]
    fn uses_only_the_last_five_points_and_needs_three() {
        assert!(forecast(
            &year_ends(&[1.0, 2.0]),
            day(2030, 1, 1),
            5.0,
            Polarity::Higher,
            365.25
        )
        .is_none());
        let f = forecast(
            &year_ends(&[100.0, 1.0, 2.0, 3.0, 4.0, 5.0]),
            day(2030, 1, 1),
            5.0,
            Polarity::Higher,
            365.25,
        )
        .expect("forecast");
        assert_eq!(f.points, 5);
        assert!(f.achieved_per_period > 0.9);
    }

    #[test]
    fn the_prediction_interval_matches_a_hand_calculation() {
        // x = 0, 1, 2, 3 periods of 10 days; y = 1, 3, 2, 5.
        let points = [
            (day(2020, 1, 1), 1.0),
            (day(2020, 1, 11), 3.0),
            (day(2020, 1, 21), 2.0),
            (day(2020, 1, 31), 5.0),
        ];
        let f =
            forecast(&points, day(2020, 2, 10), 10.0, Polarity::Higher, 10.0).expect("forecast");
        // slope 1.1 per period, intercept 1.1: at x = 4, 5.5; SSE 2.7, s^2 1.35;
        // se = s * sqrt(1 + 1/4 + 6.25/5) = sqrt(1.35 * 2.5); t(0.9, 2) = 1.885618.
        assert_sig(f.projected, 5.5, 9);
        let half = 1.885_618_083_164_127 * (1.35f64 * 2.5).sqrt();
        let i = f.interval.expect("interval");
        assert_sig(i.upper, 5.5 + half, 6);
        assert_sig(i.lower, 5.5 - half, 6);
    }
}
