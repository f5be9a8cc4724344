//! Inputs the fuzz targets (fuzz/, docs/fuzzing.md) found, each as a
//! regular test.

use cfp::period::{self, PeriodContext, YearKind};

/// Target `period`: `Display` for `Period` says its label "parses back to
/// the same period under the context it was read with". A year pair read
/// with an explicit prefix against the context's `year` does not:
/// `FY24/25` in an academic context is April 2024 to March 2025, shown as
/// `2024/25`, which the same context reads as September 2024 to August
/// 2025 (and `AY2024/25` in a financial context the other way round).
#[test]
fn explicit_year_pair_shows_a_label_that_reads_back() {
    for (label, year) in [
        ("FY24/25", YearKind::Academic),
        ("FY2024/25", YearKind::Academic),
        ("AY2024/25", YearKind::Financial),
    ] {
        for annual in [false, true] {
            let ctx = PeriodContext { year, annual };
            let p = period::parse(label, ctx).expect("an explicit year pair");
            let shown = p.to_string();
            let again = period::parse(&shown, ctx).expect("the canonical label");
            assert_eq!(
                (again.first, again.last, again.kind),
                (p.first, p.last, p.kind),
                "{label} shown as {shown} under {ctx:?}"
            );
        }
    }
}

/// The same labels in their own context do read back (what the fuzz
/// target checks for every other period).
#[test]
fn year_pair_in_its_own_context_reads_back() {
    for (label, year) in [
        ("FY24/25", YearKind::Financial),
        ("AY2024/25", YearKind::Academic),
    ] {
        let ctx = PeriodContext { year, annual: true };
        let p = period::parse(label, ctx).expect("an explicit year pair");
        assert_eq!(period::parse(&p.to_string(), ctx), Ok(p));
    }
}

/// Target `period`, `2042-2142` (found after 273,634 runs): pooled years
/// written `YYYY-YYYY` have no limit, while `YYYY - YYYY` refuses 50 years
/// or more ("2142 is too far after 2042 for pooled years"). The 101 years
/// read show as `2042 - 42`, which does not parse; `1900-2200` shows as
/// `1900 - 00`, which does not either.
#[test]
fn long_pooled_years_are_refused_however_spaced() {
    let ctx = PeriodContext::default();
    for (unspaced, spaced) in [("2042-2142", "2042 - 2142"), ("1900-2200", "1900 - 2200")] {
        assert_eq!(
            period::parse(unspaced, ctx).is_ok(),
            period::parse(spaced, ctx).is_ok(),
            "{unspaced} and {spaced}"
        );
        if let Ok(p) = period::parse(unspaced, ctx) {
            assert_eq!(period::parse(&p.to_string(), ctx), Ok(p), "{unspaced}");
        }
    }
}
