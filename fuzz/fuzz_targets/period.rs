//! Any string through the period grammar (SPEC 2b), under each context:
//! no panic; a period's first day is not after its last; and its canonical
//! label (`Display`, documented to "parse back to the same period under the
//! context it was read with") does so, kind included.
//!
//! Its two findings are tests in tests/fuzzed.rs: a year pair read with an
//! explicit `FY`/`AY` prefix against the context's `year` now keeps its
//! prefix when shown, and pooled years of 50 or more are refused however
//! they are spaced.
#![no_main]

use cfp::period::{self, PeriodContext, Span, YearKind};
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
