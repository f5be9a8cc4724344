//! Numbers and periods as a person writes them: `70.4%`, `4,903`, `1.6pp`,
//! `12.5 per 100,000`; computed figures rounded to what the data can carry.

use std::fmt::{self, Write as _};

use crate::digits::Digits;
use crate::unit::Unit;

/// A figure for a machine (CSV): no separators, no unit, every digit the
/// source gave (the shortest form that reads back as the same number).
pub(crate) fn plain(x: f64) -> String {
    Plain(x).to_string()
}

/// [`plain`], written where it is displayed (a CSV of 300,000 rows).
pub(crate) struct Plain(pub f64);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        match plain_digits(x) {
            Some(d) => d.write(f),
            None => write!(f, "{x}"),
        }
    }
}

/// [`plain`], pushed onto `out` (a CSV's cell).
pub(crate) fn push_plain(out: &mut String, x: f64) {
    match plain_digits(x) {
        Some(d) => d.push_to(out),
        None => {
            // Writing to a string cannot fail.
            let _ = write!(out, "{x}");
        }
    }
}

/// A count pushed onto `out` (a CSV's cell).
pub(crate) fn push_count(out: &mut String, n: u64) {
    let mut d = Digits::new();
    d.whole(n, false);
    d.push_to(out);
}

/// [`plain`]'s digits, where they are written with integers: zero (and
/// -0) as `0`, and any figure of millionths below a million.
fn plain_digits(x: f64) -> Option<Digits> {
    let mut d = Digits::new();
    if x == 0.0 {
        d.ascii(b"0");
        return Some(d);
    }
    let (negative, whole, fraction) = millionth_parts(x)?;
    d.sign(negative);
    d.whole(whole, false);
    d.fraction(fraction);
    Some(d)
}

/// The shortest form of `x` when it is the double nearest a number of
/// millionths below a million (a figure as published, or one rounded for
/// a reader), written with integers: the same digits `{x}` gives, since
/// that decimal reads back as `x` and any with fewer digits is another
/// number of millionths, which reads as another double (they are 10^-6
/// apart; doubles below a million, 10^-10). None for anything else.
#[cfg(test)]
fn millionths(x: f64) -> Option<String> {
    millionth_parts(x).map(|_| Plain(x).to_string())
}

/// `x` as a sign, a whole part and millionths, where [`millionths`]
/// writes it with integers.
fn millionth_parts(x: f64) -> Option<(bool, u64, u64)> {
    const SCALE: f64 = 1e6;
    // Zero's sign is `{x}`'s to write (`-0`).
    if !x.is_finite() || x.abs() >= SCALE || x == 0.0 {
        return None;
    }
    let k = (x * SCALE).round();
    if k / SCALE != x {
        return None;
    }
    // Below 10^12: exact as an integer.
    let k = k.abs() as u64;
    Some((x < 0.0, k / 1_000_000, k % 1_000_000))
}

/// Text written where it is displayed, by `write`: a sentence made of
/// figures and words without a string for each part.
pub(crate) fn shown(write: impl Fn(&mut fmt::Formatter<'_>) -> fmt::Result) -> impl fmt::Display {
    struct Shown<F>(F);
    impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Shown<F> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (self.0)(f)
        }
    }
    Shown(write)
}

/// A computed figure (an interpolated target, a difference) rounded for a
/// reader: one decimal place from 10 up, two below.
pub(crate) fn computed(x: f64) -> f64 {
    if x.abs() >= 10.0 {
        round_to(x, 1)
    } else {
        round_to(x, 2)
    }
}

fn round_to(x: f64, places: i32) -> f64 {
    if !x.is_finite() || x.abs() > 1e12 {
        return x;
    }
    let f = 10f64.powi(places);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Groups thousands: 4903 -> 4,903; 1234567.5 -> 1,234,567.5.
pub(crate) fn grouped(x: f64) -> String {
    Grouped(x).to_string()
}

/// [`grouped`], written where it is displayed.
pub(crate) struct Grouped(pub f64);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Grouped {
    /// Written to `f`: a string, or a formatter. A reason is written into
    /// a string, with no formatter between (a league writes 300,000).
    pub(crate) fn write_to(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let x = round_to(self.0, 6);
        // Most figures, below a million: no string of their own.
        if let Some((negative, whole, fraction)) = millionth_parts(x) {
            let mut d = Digits::new();
            d.sign(negative);
            d.whole(whole, true);
            d.fraction(fraction);
            return f.write_str(d.as_str());
        }
        let s = plain(x);
        let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
        let (int, frac) = rest
            .split_once('.')
            .map_or((rest, None), |(i, f)| (i, Some(f)));
        f.write_str(sign)?;
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                f.write_char(',')?;
            }
            f.write_char(c)?;
        }
        match frac {
            Some(frac) => write!(f, ".{frac}"),
            None => Ok(()),
        }
    }
}

/// A value in its unit, for a reader, rounded as a person would write it
/// (5.332805953 from a Fingertips export reads 5.33%).
pub(crate) fn value(x: f64, unit: Unit, per: Option<f64>) -> String {
    Value(x, unit, per).to_string()
}

/// [`value`], written where it is displayed.
pub(crate) struct Value(pub f64, pub Unit, pub Option<f64>);

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Value {
    /// Written to `f`: a string, or a formatter ([`Grouped::write_to`]).
    pub(crate) fn write_to(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let Self(x, unit, per) = *self;
        Grouped(computed(x)).write_to(f)?;
        match unit {
            Unit::Percent => f.write_char('%'),
            Unit::Rate => {
                f.write_str(" per ")?;
                Grouped(per.unwrap_or(100_000.0)).write_to(f)
            }
            _ => Ok(()),
        }
    }
}

/// A grade's word from its rank on the scale (1 = the first word); a rank
/// off the scale (which validation prevents) prints as the number.
pub(crate) fn grade(rank: f64, scale: &[String]) -> String {
    let r = rank.round();
    if r >= 1.0 && r <= scale.len() as f64 && (rank - r).abs() < 1e-9 {
        scale[r as usize - 1].clone()
    } else {
        plain(computed(rank))
    }
}

/// A value for a reader: [`value`], or a grade's word.
pub(crate) fn figure(x: f64, unit: Unit, per: Option<f64>, scale: &[String]) -> String {
    if unit == Unit::Grade {
        grade(x, scale)
    } else {
        value(x, unit, per)
    }
}

/// When a figure is for, after its value: `for 2024/25`, or for a single
/// day `on 31 Oct 2023` (never `for 2023-10-31`).
pub(crate) struct ForPeriod(pub crate::period::Period);

impl fmt::Display for ForPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl ForPeriod {
    /// Written to `f`: a string, or a formatter ([`Grouped::write_to`]).
    pub(crate) fn write_to(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let p = &self.0;
        match p.kind {
            crate::period::PeriodKind::Day => write!(f, "on {}", p.last.format("%-d %b %Y")),
            _ => {
                f.write_str("for ")?;
                p.write_label(f)
            }
        }
    }
}

/// When an earlier figure was, in a comparison: `in 2022/23`, or `on 31
/// Oct 2023`.
pub(crate) fn in_period(p: &crate::period::Period) -> String {
    match p.kind {
        crate::period::PeriodKind::Day => format!("on {}", p.last.format("%-d %b %Y")),
        _ => format!("in {p}"),
    }
}

/// A figure beside another of its kind, where the unit is already said:
/// [`figure`] without a rate's `per N` (`52.1`, not `52.1 per 100,000`).
/// Held as its parts and written where it is displayed: a league makes
/// 300,000 comparisons, each printed once at most.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Brief {
    Figure(f64, Unit),
    /// A grade's word on its scale.
    Word(String),
    /// Nothing to show (a comparator with no figure).
    #[default]
    Nothing,
}

impl Brief {
    pub(crate) fn of(x: f64, unit: Unit, scale: &[String]) -> Self {
        match unit {
            Unit::Grade => Self::Word(grade(x, scale)),
            _ => Self::Figure(x, unit),
        }
    }
}

impl fmt::Display for Brief {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Figure(x, Unit::Rate) => Grouped(computed(*x)).fmt(f),
            Self::Figure(x, unit) => Value(*x, *unit, None).fmt(f),
            Self::Word(w) => f.write_str(w),
            Self::Nothing => Ok(()),
        }
    }
}

/// A target for a reader: `72%`, or for a grade `Good or better` (the best
/// grade is just itself).
pub(crate) fn target(x: f64, unit: Unit, per: Option<f64>, scale: &[String]) -> String {
    if unit == Unit::Grade && x < scale.len() as f64 {
        format!("{} or better", grade(x, scale))
    } else {
        figure(x, unit, per, scale)
    }
}

/// A figure for a machine (CSV, JSON): a number, or a grade's word.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    Number(f64),
    Word(String),
}

impl Amount {
    pub fn of(x: f64, unit: Unit, scale: &[String]) -> Self {
        if unit == Unit::Grade {
            Self::Word(grade(x, scale))
        } else {
            Self::Number(x)
        }
    }
}

impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(x) => s.serialize_f64(*x),
            Self::Word(w) => s.serialize_str(w),
        }
    }
}

/// A difference between two values in the unit: `1.6pp` for percent.
pub(crate) fn difference(x: f64, unit: Unit) -> String {
    Difference(x, unit).to_string()
}

/// [`difference`], written where it is displayed.
pub(crate) struct Difference(pub f64, pub Unit);

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Difference {
    /// Written to `f`: a string, or a formatter ([`Grouped::write_to`]).
    pub(crate) fn write_to(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let Self(x, unit) = *self;
        // Two figures near the largest number differ by more than a number
        // holds: say so in words rather than `inf`.
        if !x.is_finite() {
            return f.write_str("a vast amount");
        }
        Grouped(computed(x.abs())).write_to(f)?;
        match unit {
            Unit::Percent => f.write_str("pp"),
            _ => Ok(()),
        }
    }
}

/// A date as a reader writes it: `30 Jun 2022`.
pub(crate) fn human_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_figure_reads_as_its_value_without_a_rate_per() {
        let brief = |x, unit| Brief::of(x, unit, &[]).to_string();
        assert_eq!(brief(69.54, Unit::Percent), "69.5%");
        assert_eq!(brief(1234.5, Unit::Rate), "1,234.5");
        assert_eq!(brief(4903.0, Unit::Count), "4,903");
        let scale = ["Inadequate".to_string(), "Good".to_string()];
        assert_eq!(Brief::of(2.0, Unit::Grade, &scale).to_string(), "Good");
        assert_eq!(Brief::Nothing.to_string(), "");
    }

    proptest::proptest! {
        /// Millionths written with integers are `{x}`'s own digits, for
        /// figures as published and any double at all.
        #[test]
        fn millionths_are_written_as_the_shortest_form_is(
            k in -1_000_000_000_000i64..1_000_000_000_000,
            bits in proptest::num::u64::ANY,
        ) {
            // Zero's sign is left to `{x}`.
            proptest::prop_assume!(k != 0);
            let published = k as f64 / 1e6;
            proptest::prop_assert_eq!(millionths(published), Some(format!("{published}")));
            let any = f64::from_bits(bits);
            if let Some(written) = millionths(any) {
                proptest::prop_assert_eq!(written, format!("{any}"));
            }
        }
    }

    proptest::proptest! {
        /// A figure or count pushed onto a CSV's cell is what `Display`
        /// writes.
        #[test]
        fn pushed_figures_are_displayed_figures(
            bits in proptest::num::u64::ANY,
            k in -1_000_000_000_000i64..1_000_000_000_000,
            n in proptest::num::u64::ANY,
        ) {
            for x in [f64::from_bits(bits), k as f64 / 1e6, 0.0, -0.0] {
                let mut pushed = String::from("a,");
                push_plain(&mut pushed, x);
                proptest::prop_assert_eq!(pushed, format!("a,{}", Plain(x)));
            }
            let mut pushed = String::new();
            push_count(&mut pushed, n);
            proptest::prop_assert_eq!(pushed, n.to_string());
        }
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(plain(70.4), "70.4");
        assert_eq!(plain(4903.0), "4903");
        assert_eq!(plain(-0.0), "0");
        assert_eq!(plain(5.332805953), "5.332805953");
        assert_eq!(plain(0.0000004), "0.0000004");
        assert_eq!(plain(-0.25), "-0.25");
        assert_eq!(plain(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(plain(999_999.999_999), "999999.999999");
        assert_eq!(plain(1_234_567.5), "1234567.5");
    }

    proptest::proptest! {
        /// Grouping in place writes what grouping the plain string's
        /// digits writes, for any double: both signs, below and above a
        /// million, and numbers no millionth reaches.
        #[test]
        fn grouping_in_place_is_grouping_the_plain_digits(
            k in -10_000_000_000_000i64..10_000_000_000_000,
            bits in proptest::num::u64::ANY,
        ) {
            for x in [k as f64 / 1e6, k as f64 / 1e3, f64::from_bits(bits)] {
                let s = plain(round_to(x, 6));
                let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
                let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
                let mut expected = sign.to_string();
                for (i, c) in int.chars().enumerate() {
                    if i > 0 && (int.len() - i) % 3 == 0 {
                        expected.push(',');
                    }
                    expected.push(c);
                }
                if let Some(f) = frac {
                    expected.push('.');
                    expected.push_str(f);
                }
                proptest::prop_assert_eq!(grouped(x), expected, "{}", x);
            }
        }
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(4903.0), "4,903");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(grouped(1_234_567.5), "1,234,567.5");
        assert_eq!(grouped(-12345.0), "-12,345");
        assert_eq!(grouped(70.4), "70.4");
    }

    #[test]
    fn values_in_their_units() {
        assert_eq!(value(70.4, Unit::Percent, None), "70.4%");
        assert_eq!(value(4903.0, Unit::Count, None), "4,903");
        assert_eq!(value(5.332805953, Unit::Percent, None), "5.33%");
        assert_eq!(value(79.89793213, Unit::Percent, None), "79.9%");
        assert_eq!(value(12.5, Unit::Rate, Some(100_000.0)), "12.5 per 100,000");
        assert_eq!(difference(-1.6000000001, Unit::Percent), "1.6pp");
        assert_eq!(difference(135.0, Unit::Number), "135");
        assert_eq!(difference(0.456, Unit::Ratio), "0.46");
    }

    #[test]
    fn grades_print_as_their_words() {
        let scale: Vec<String> = [
            "Inadequate",
            "Requires improvement to be good",
            "Good",
            "Outstanding",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(figure(1.0, Unit::Grade, None, &scale), "Inadequate");
        assert_eq!(figure(4.0, Unit::Grade, None, &scale), "Outstanding");
        assert_eq!(target(3.0, Unit::Grade, None, &scale), "Good or better");
        assert_eq!(target(4.0, Unit::Grade, None, &scale), "Outstanding");
        assert_eq!(target(72.0, Unit::Percent, None, &[]), "72%");
        // As a CSV cell: a grade's word, a number plain.
        let cell = |a: Amount| {
            let cell = crate::report::columns::Cell::Figure(a, None);
            cell.plain(&mut String::new()).to_string()
        };
        assert_eq!(
            cell(Amount::of(2.0, Unit::Grade, &scale)),
            "Requires improvement to be good"
        );
        assert_eq!(cell(Amount::of(70.4, Unit::Percent, &scale)), "70.4");
    }
}
