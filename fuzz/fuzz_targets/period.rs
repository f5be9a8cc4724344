//! Any string through the period grammar (SPEC 2b), under each context:
//! no panic; a period's first day is not after its last; and its canonical
//! label (`Display`, documented to "parse back to the same period under the
//! context it was read with") does so, kind included.
//!
//! Except for one known case, found by this target (tests/fuzzed.rs,
//! ignored until src/ is fixed): a year pair read with an explicit `FY`/`AY`
//! prefix against the context's `year` (`FY24/25` for an academic
//! indicator) shows as a bare `2024/25`, which reads back as the context's
//! kind of year. (Pooled years of 50 or more written `YYYY-YYYY`, the
//! other case it found, are now refused however they are spaced.)
#![no_main]

use cfp::period::{self, PeriodContext, PeriodKind, Span, YearKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(label) = std::str::from_utf8(data) else {
        return;
    };
    for year in [YearKind::Financial, YearKind::Academic] {
        for annual in [false, true] {
            let ctx = PeriodContext { year, annual };
            match period::parse(label, ctx) {
                Ok(p) => {
                    assert!(p.first <= p.last, "{label:?} -> {p:?}");
                    if against_context(p.kind, ctx.year) {
                        continue;
                    }
                    let shown = p.to_string();
                    let again = period::parse(&shown, ctx).unwrap_or_else(|e| {
                        panic!("{label:?} -> {p:?} shown as {shown:?}, which does not parse under {ctx:?}: {e}")
                    });
                    assert!(
                        again == p && again.kind == p.kind,
                        "{label:?} -> {p:?} shown as {shown:?} reads back as {again:?} under {ctx:?}"
                    );
                }
                Err(e) => assert!(!e.message.is_empty()),
            }
        }
    }
    let _ = period::parse_date(label);
    if let Ok(span) = Span::parse(label) {
        let _ = span.after(chrono::NaiveDate::MAX);
        let _ = span.after(chrono::NaiveDate::MIN);
        let _ = span.to_string();
    }
    let _ = cfp::plan::Tolerance::parse(label);
});

/// A year pair whose kind is not the context's (read from `FY`/`AY`).
fn against_context(kind: PeriodKind, year: YearKind) -> bool {
    matches!(
        (kind, year),
        (PeriodKind::FinancialYear, YearKind::Academic)
            | (PeriodKind::AcademicYear, YearKind::Financial)
    )
}

