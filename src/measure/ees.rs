//! DfE's Explore Education Statistics (EES) tidy format: the period a row's
//! `time_period` and `time_identifier` name, the columns that hold its area
//! at each `geographic_level`, and the EES symbols that stand for a value.
//! Pure functions, for the reader's `preset = "ees"` (SPEC section 2a).

use crate::diag::quoted;
use crate::period::{Period, PeriodError, Term, YearKind};

use super::Value;

/// The `time_identifier`s cfp reads, as EES writes them (matched ignoring
/// case and surrounding spaces).
pub(super) const IDENTIFIERS: &[&str] = &[
    "Academic year",
    "Financial year",
    "Calendar year",
    "Reporting year",
    "Autumn term",
    "Spring term",
    "Summer term",
    "Financial year Q1",
    "Financial year Q2",
    "Financial year Q3",
    "Financial year Q4",
    "Calendar year Q1",
    "Calendar year Q2",
    "Calendar year Q3",
    "Calendar year Q4",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Where the months begin in [`IDENTIFIERS`].
const MONTHS_FROM: usize = 15;

/// The note a `u` (low reliability) value carries.
pub(super) const LOW_RELIABILITY: &str = "low reliability";

/// What a `time_period` cell says: one year (`2024`) or two consecutive
/// years (`202425`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Years {
    One(i32),
    /// The first of the two years.
    Pair(i32),
}

fn err(message: impl Into<String>, help: impl Into<String>) -> PeriodError {
    PeriodError {
        message: message.into(),
        help: Some(help.into()),
    }
}

fn year(digits: &str) -> Option<i32> {
    let y: i32 = digits.parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

fn read_years(time_period: &str) -> Result<Years, PeriodError> {
    let t = time_period.trim();
    let shown = quoted(t);
    let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let shape = "EES writes a time_period as a year (2024) or two consecutive years (202425)";
    match (digits, t.len()) {
        (true, 4) => year(t)
            .map(Years::One)
            .ok_or_else(|| err(format!("time_period `{shown}` is out of range"), shape)),
        (true, 6) => {
            let Some(start) = year(&t[..4]) else {
                return Err(err(format!("time_period `{shown}` is out of range"), shape));
            };
            let end: i32 = t[4..].parse().unwrap_or(-1);
            if end == (start + 1).rem_euclid(100) {
                Ok(Years::Pair(start))
            } else {
                Err(err(
                    format!(
                        "time_period `{shown}` is not two consecutive years: \
                         {:02} does not follow {start}",
                        end
                    ),
                    format!(
                        "the year pair starting in {start} is {start}{:02}",
                        (start + 1).rem_euclid(100)
                    ),
                ))
            }
        }
        _ => Err(err(format!("cannot read time_period `{shown}`"), shape)),
    }
}

/// Months as EES names them (`January`), 1-12.
fn month_number(name: &str) -> Option<u32> {
    IDENTIFIERS[MONTHS_FROM..]
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as u32 + 1)
}

/// The period of an EES row.
///
/// | `time_identifier` | `time_period` | period |
/// | --- | --- | --- |
/// | `Academic year` | 202425 | September 2024 to August 2025 |
/// | `Financial year` | 202425 | April 2024 to March 2025 |
/// | `Calendar year` | 2024 | January to December 2024 |
/// | `Reporting year` | 2025 | the year ending 31 March 2025 |
/// | `Autumn term`, `Spring term`, `Summer term` | 202425 | Sep-Dec 2024, Jan-Mar 2025, Apr-Aug 2025 |
/// | `Financial year Q1`-`Q4` | 202425 | Apr-Jun 2024 ... Jan-Mar 2025 |
/// | `Calendar year Q1`-`Q4` | 2024 | Jan-Mar 2024 ... Oct-Dec 2024 |
/// | `January`-`December` | 2024 | that month of 2024 |
/// | `January`-`December` | 202425 | that month of the academic year 2024/25: September-December 2024, January-August 2025 |
///
/// A month with a year pair is read on the academic calendar because EES's
/// monthly series with a 6-digit `time_period` are school series
/// (attendance, by academic year); a financial series of months would say
/// its year with each month's own `time_period`.
///
/// The identifier is matched ignoring case and surrounding spaces. Any other
/// identifier, a `time_period` the identifier cannot take (`Calendar year`
/// 202425, `Academic year` 2024) and a pair that is not consecutive
/// (202426) are errors that say why.
pub(super) fn period(time_period: &str, time_identifier: &str) -> Result<Period, PeriodError> {
    let id: String = time_identifier
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    if id.is_empty() {
        return Err(err(
            "empty time_identifier",
            format!("EES names the kind of period: {}", known()),
        ));
    }
    let shown = quoted(time_identifier.trim());
    let years = read_years(time_period)?;
    let tp = quoted(time_period.trim());
    // What each identifier needs, for the error when it has the other.
    let want_pair = |years: Years| -> Result<i32, PeriodError> {
        match years {
            Years::Pair(start) => Ok(start),
            Years::One(y) => Err(err(
                format!("`{shown}` needs a year pair as its time_period, not `{tp}`"),
                format!(
                    "EES writes the year pair as six digits, e.g. {}{:02}",
                    y - 1,
                    y.rem_euclid(100)
                ),
            )),
        }
    };
    let want_one = |years: Years| -> Result<i32, PeriodError> {
        match years {
            Years::One(y) => Ok(y),
            Years::Pair(start) => Err(err(
                format!("`{shown}` needs a single year as its time_period, not the pair `{tp}`"),
                if id == "reporting year" {
                    format!(
                        "a reporting year is the year ending 31 March: \
                         EES writes {} for 1 April {start} to 31 March {}",
                        start + 1,
                        start + 1
                    )
                } else {
                    format!("EES writes the year as four digits, e.g. {start}")
                },
            )),
        }
    };
    let out_of_range = || err(format!("time_period `{tp}` is out of range"), known());
    let quarter = |prefix: &str| -> Option<u32> {
        let q = id.strip_prefix(prefix)?.strip_prefix('q')?;
        match q {
            "1" | "2" | "3" | "4" => q.parse().ok(),
            _ => None,
        }
    };
    let p = match id.as_str() {
        "academic year" => Period::year_pair(want_pair(years)?, YearKind::Academic),
        "financial year" => Period::year_pair(want_pair(years)?, YearKind::Financial),
        "calendar year" => Period::calendar_year(want_one(years)?),
        "reporting year" => Period::year_ending(want_one(years)?, 3),
        "autumn term" => Period::term(want_pair(years)?, Term::Autumn),
        "spring term" => Period::term(want_pair(years)?, Term::Spring),
        "summer term" => Period::term(want_pair(years)?, Term::Summer),
        _ => {
            if let Some(q) = quarter("financial year ") {
                Period::financial_quarter(want_pair(years)?, q)
            } else if let Some(q) = quarter("calendar year ") {
                Period::calendar_quarter(want_one(years)?, q)
            } else if let Some(m) = month_number(&id) {
                match years {
                    Years::One(y) => Period::month(y, m),
                    // September-December in the first year, January-August
                    // in the second.
                    Years::Pair(start) => Period::month(if m >= 9 { start } else { start + 1 }, m),
                }
            } else {
                return Err(err(
                    format!("cfp does not know the time_identifier `{shown}`"),
                    known(),
                ));
            }
        }
    };
    p.ok_or_else(out_of_range)
}

fn known() -> String {
    format!(
        "known time_identifiers: Academic year, Financial year, Calendar year, Reporting year, \
         Autumn term, Spring term, Summer term, Financial year Q1-Q4, Calendar year Q1-Q4, \
         January-December (of {} in all)",
        IDENTIFIERS.len()
    )
}

/// The (name, code) columns that hold a row's area at its
/// `geographic_level`: `National` rows are `country_name` / `country_code`,
/// `Regional` rows `region_name` / `region_code`, `Local authority` rows
/// `la_name` / `new_la_code` (matched ignoring case and surrounding spaces).
/// `None` for every other level: such rows are skipped and counted.
pub(super) fn area_columns(geographic_level: &str) -> Option<(&'static str, &'static str)> {
    let level = geographic_level
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    match level.as_str() {
        "national" => Some(("country_name", "country_code")),
        "regional" => Some(("region_name", "region_code")),
        "local authority" => Some(("la_name", "new_la_code")),
        _ => None,
    }
}

/// The special value an EES symbol stands for, with the note it carries:
/// `c` suppressed, `x` and `:` missing, `z` not applicable, `low` and `k`
/// below rounding, `u` low reliability (missing, with the note
/// [`LOW_RELIABILITY`]). Matched ignoring case and surrounding spaces;
/// `None` for anything else (a number, or a token `parse_value` knows).
pub(super) fn symbol(cell: &str) -> Option<(Value, Option<&'static str>)> {
    let t = cell.trim();
    let is = |s: &str| t.eq_ignore_ascii_case(s);
    if is("c") {
        Some((Value::Suppressed, None))
    } else if is("x") || is(":") {
        Some((Value::Missing, None))
    } else if is("z") {
        Some((Value::NotApplicable, None))
    } else if is("low") || is("k") {
        Some((Value::BelowRounding, None))
    } else if is("u") {
        Some((Value::Missing, Some(LOW_RELIABILITY)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::PeriodKind;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn span(tp: &str, id: &str) -> (PeriodKind, NaiveDate, NaiveDate) {
        let p = period(tp, id).unwrap_or_else(|e| panic!("{tp} {id}: {e}"));
        (p.kind, p.first, p.last)
    }

    fn error(tp: &str, id: &str) -> PeriodError {
        period(tp, id).expect_err("an error")
    }

    #[test]
    fn years() {
        assert_eq!(
            span("202425", "Academic year"),
            (PeriodKind::AcademicYear, d(2024, 9, 1), d(2025, 8, 31))
        );
        assert_eq!(
            span("202425", "Financial year"),
            (PeriodKind::FinancialYear, d(2024, 4, 1), d(2025, 3, 31))
        );
        assert_eq!(
            span("2024", "Calendar year"),
            (PeriodKind::CalendarYear, d(2024, 1, 1), d(2024, 12, 31))
        );
        assert_eq!(
            span("2025", "Reporting year"),
            (PeriodKind::RollingYear, d(2024, 4, 1), d(2025, 3, 31))
        );
        assert_eq!(
            period("2025", "Reporting year").map(|p| p.to_string()),
            Ok("year ending Mar 2025".to_string())
        );
        assert_eq!(
            period("199900", "Financial year").map(|p| p.to_string()),
            Ok("1999/00".to_string())
        );
    }

    #[test]
    fn terms() {
        for (id, first, last) in [
            ("Autumn term", d(2024, 9, 1), d(2024, 12, 31)),
            ("Spring term", d(2025, 1, 1), d(2025, 3, 31)),
            ("Summer term", d(2025, 4, 1), d(2025, 8, 31)),
        ] {
            assert_eq!(span("202425", id), (PeriodKind::Term, first, last), "{id}");
        }
        assert_eq!(
            period("202425", "Spring term").map(|p| p.to_string()),
            Ok("Spring term 2024/25".to_string())
        );
    }

    #[test]
    fn quarters() {
        let fq = PeriodKind::FinancialQuarter;
        let cq = PeriodKind::CalendarQuarter;
        for (id, want) in [
            ("Financial year Q1", (fq, d(2024, 4, 1), d(2024, 6, 30))),
            ("Financial year Q2", (fq, d(2024, 7, 1), d(2024, 9, 30))),
            ("Financial year Q3", (fq, d(2024, 10, 1), d(2024, 12, 31))),
            ("Financial year Q4", (fq, d(2025, 1, 1), d(2025, 3, 31))),
        ] {
            assert_eq!(span("202425", id), want, "{id}");
        }
        for (id, want) in [
            ("Calendar year Q1", (cq, d(2024, 1, 1), d(2024, 3, 31))),
            ("Calendar year Q2", (cq, d(2024, 4, 1), d(2024, 6, 30))),
            ("Calendar year Q3", (cq, d(2024, 7, 1), d(2024, 9, 30))),
            ("Calendar year Q4", (cq, d(2024, 10, 1), d(2024, 12, 31))),
        ] {
            assert_eq!(span("2024", id), want, "{id}");
        }
        assert_eq!(
            period("202425", "Financial year Q1").map(|p| p.to_string()),
            Ok("Q1 2024/25".to_string())
        );
    }

    #[test]
    fn months_of_a_year_and_of_an_academic_year() {
        let names = &IDENTIFIERS[MONTHS_FROM..];
        assert_eq!(names.len(), 12);
        for (i, name) in names.iter().enumerate() {
            let m = i as u32 + 1;
            let (kind, first, _) = span("2024", name);
            assert_eq!((kind, first), (PeriodKind::Month, d(2024, m, 1)), "{name}");
            let academic = if m >= 9 { 2024 } else { 2025 };
            assert_eq!(span("202425", name).1, d(academic, m, 1), "{name} 202425");
        }
        assert_eq!(span("2024", "February").2, d(2024, 2, 29));
        assert_eq!(span("202425", "February").2, d(2025, 2, 28));
    }

    #[test]
    fn identifiers_ignore_case_and_spaces() {
        assert_eq!(
            span(" 202425 ", "  academic YEAR "),
            span("202425", "Academic year")
        );
        assert_eq!(
            span("202425", "financial  year q4"),
            span("202425", "Financial year Q4")
        );
        assert_eq!(span("2024", "JANUARY"), span("2024", "January"));
        assert_eq!(span("202425", "autumn term"), span("202425", "Autumn term"));
        // Every identifier in the list reads, with a time_period it takes.
        for id in IDENTIFIERS {
            assert!(
                period("202425", id).is_ok() || period("2024", id).is_ok(),
                "{id}"
            );
        }
    }

    #[test]
    fn a_pair_must_be_consecutive_years() {
        let e = error("202426", "Academic year");
        assert!(
            e.message.contains("not two consecutive years"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("26 does not follow 2024"),
            "{}",
            e.message
        );
        assert!(
            e.help.as_deref().is_some_and(|h| h.contains("202425")),
            "{e:?}"
        );
        assert!(period("199900", "Academic year").is_ok());
        assert!(period("199901", "Academic year").is_err());
    }

    #[test]
    fn a_reporting_year_is_one_year() {
        let e = error("202425", "Reporting year");
        assert!(e.message.contains("single year"), "{}", e.message);
        let help = e.help.unwrap_or_default();
        assert!(help.contains("year ending 31 March"), "{help}");
        assert!(help.contains("2025"), "{help}");
    }

    #[test]
    fn the_time_period_must_fit_the_identifier() {
        for (tp, id) in [
            ("2024", "Academic year"),
            ("2024", "Financial year"),
            ("2024", "Autumn term"),
            ("2024", "Financial year Q1"),
            ("202425", "Calendar year"),
            ("202425", "Calendar year Q1"),
        ] {
            let e = error(tp, id);
            assert!(e.message.contains(id), "{tp} {id}: {}", e.message);
            assert!(e.help.is_some(), "{tp} {id}");
        }
    }

    #[test]
    fn unreadable_time_periods() {
        for tp in ["", "2024/25", "24", "20242025", "abcd", "2024-25", "099900"] {
            let e = error(tp, "Academic year");
            assert!(e.message.contains("time_period"), "{tp}: {}", e.message);
            assert!(e.help.is_some(), "{tp}");
        }
    }

    #[test]
    fn an_unknown_identifier_is_named_and_the_known_listed() {
        for id in [
            "Week 12",
            "Autumn and spring term",
            "Financial year Q5",
            "Calendar year Q0",
            "Jan",
            "Tax year",
            "Financial year Q",
        ] {
            let e = error("202425", id);
            assert!(e.message.contains(&format!("`{id}`")), "{}", e.message);
            let help = e.help.unwrap_or_default();
            assert!(help.contains("Academic year"), "{help}");
            assert!(help.contains("Summer term"), "{help}");
            assert!(help.contains("January-December"), "{help}");
        }
        let e = error("2024", "  ");
        assert!(e.message.contains("empty time_identifier"), "{}", e.message);
    }

    #[test]
    fn area_columns_by_level() {
        assert_eq!(
            area_columns("National"),
            Some(("country_name", "country_code"))
        );
        assert_eq!(
            area_columns(" regional "),
            Some(("region_name", "region_code"))
        );
        assert_eq!(
            area_columns("LOCAL AUTHORITY"),
            Some(("la_name", "new_la_code"))
        );
        assert_eq!(
            area_columns("local  authority"),
            Some(("la_name", "new_la_code"))
        );
        for level in [
            "",
            "School",
            "Local authority district",
            "Parliamentary constituency",
            "Ward",
            "Nation",
        ] {
            assert_eq!(area_columns(level), None, "{level}");
        }
    }

    #[test]
    fn symbols() {
        for (cell, want) in [
            ("c", Value::Suppressed),
            ("C", Value::Suppressed),
            ("x", Value::Missing),
            (" X ", Value::Missing),
            (":", Value::Missing),
            ("z", Value::NotApplicable),
            ("low", Value::BelowRounding),
            ("LOW", Value::BelowRounding),
            ("k", Value::BelowRounding),
        ] {
            assert_eq!(symbol(cell), Some((want, None)), "{cell}");
        }
        assert_eq!(symbol("u"), Some((Value::Missing, Some(LOW_RELIABILITY))));
        assert_eq!(symbol(" U"), Some((Value::Missing, Some(LOW_RELIABILITY))));
        for cell in ["", "0", "12.5", "4,903", "..", "[c]", "na", "cc", "lo", "-"] {
            assert_eq!(symbol(cell), None, "{cell}");
        }
    }
}
