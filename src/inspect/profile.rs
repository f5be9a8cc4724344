//! What each column of a table holds, from its cells alone: numbers,
//! dates, periods cfp can read, the special values of official statistics,
//! or text; and its commonest values. Fed one row at a time, so a large
//! file is never held whole: a column keeps at most [`MAX_DISTINCT`]
//! distinct values.

use std::collections::HashMap;

use serde::Serialize;

use crate::period::{self, PeriodContext};
use crate::value::{parse_value, ValueError};

/// Distinct values kept per column; beyond them a column is counted, its
/// new values no longer told apart (a file of a million rows of ids).
pub(crate) const MAX_DISTINCT: usize = 10_000;

/// Distinct values kept across all columns, so that a file of thousands
/// of columns keeps fewer per column and memory stays bounded (a column
/// keeps at least [`MIN_DISTINCT`]).
const ALL_DISTINCT: usize = 2_000_000;
const MIN_DISTINCT: usize = 20;

/// The special markers cfp reads in a value cell beyond those
/// [`parse_value`] knows: DfE's `k` (below rounding) and `u` (low
/// reliability), read under the EES preset.
const EES_SYMBOLS: &[&str] = &["k", "u"];

/// What a column holds, by its filled cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Every cell is empty.
    Empty,
    Numbers,
    /// Calendar days (`2024-04-22`, `22/04/2024`).
    Dates,
    /// Period labels cfp reads (`2024/25`, `Q1 2024/25`, `2024`).
    Periods,
    /// Only special values (`x`, `[c]`, `..`).
    Special,
    Text,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Numbers => "numbers",
            Self::Dates => "dates",
            Self::Periods => "periods",
            Self::Special => "special values",
            Self::Text => "text",
        }
    }
}

/// How many cells of a column are of each kind. A year such as `2024` is
/// a number and a period both, so the counts can add to more than the
/// rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub empty: u64,
    pub numbers: u64,
    pub dates: u64,
    pub periods: u64,
    pub special: u64,
    pub text: u64,
}

/// One value of a column and how many cells hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueCount {
    pub value: String,
    pub count: u64,
}

/// One column, profiled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// As the spreadsheet letters it (A, B, ... AA), a CSV's too.
    pub letter: String,
    /// The header exactly as the file spells it.
    pub header: String,
    pub kind: Kind,
    pub counts: Counts,
    /// The special markers seen, most common first.
    pub special: Vec<String>,
    /// Values, most common first (ties in the order first met).
    pub values: Vec<ValueCount>,
    /// How many distinct values the column holds (at least, when
    /// `more_distinct`).
    pub distinct: usize,
    /// More than [`MAX_DISTINCT`] distinct values: counting stopped.
    pub more_distinct: bool,
}

/// A column letter as a spreadsheet shows it: 0 is A, 25 Z, 26 AA.
pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// What one cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cell {
    empty: bool,
    number: bool,
    date: bool,
    period: bool,
    special: bool,
}

fn classify(cell: &str) -> Cell {
    let t = cell.trim();
    let mut c = Cell {
        empty: t.is_empty(),
        number: false,
        date: false,
        period: false,
        special: false,
    };
    if c.empty {
        return c;
    }
    let bare = t
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(t)
        .to_ascii_lowercase();
    match parse_value(t, "", None) {
        Ok(v) if v.number().is_some() => c.number = true,
        Ok(_) | Err(ValueError::Dash) => c.special = true,
        Err(_) => c.special = EES_SYMBOLS.contains(&bare.as_str()),
    }
    if c.special {
        return c;
    }
    c.date = period::parse_date(t).is_some();
    c.period = !c.date && period::parse(t, PeriodContext::default()).is_ok();
    c
}

#[derive(Debug, Default)]
struct Tally {
    cells: u64,
    counts: Counts,
    /// Each value with its count, the order it was first met and what it
    /// is: a value is classified once, however many rows hold it.
    values: HashMap<String, Seen>,
    special: HashMap<String, (u64, usize)>,
    more_distinct: bool,
    cap: usize,
}

#[derive(Debug)]
struct Seen {
    count: u64,
    first: usize,
    class: Cell,
}

impl Tally {
    fn add(&mut self, cell: &str) {
        let c = match self.values.get_mut(cell) {
            Some(seen) => {
                seen.count += 1;
                seen.class
            }
            None => {
                let class = classify(cell);
                let first = self.values.len();
                if first < self.cap {
                    let seen = Seen {
                        count: 1,
                        first,
                        class,
                    };
                    self.values.insert(cell.to_string(), seen);
                } else {
                    self.more_distinct = true;
                }
                class
            }
        };
        self.cells += 1;
        let counts = &mut self.counts;
        counts.empty += u64::from(c.empty);
        counts.numbers += u64::from(c.number);
        counts.dates += u64::from(c.date);
        counts.periods += u64::from(c.period);
        counts.special += u64::from(c.special);
        counts.text += u64::from(!(c.empty || c.number || c.date || c.period || c.special));
        if c.special {
            let next = self.special.len();
            match self.special.get_mut(cell.trim()) {
                Some(entry) => entry.0 += 1,
                None if next < MAX_DISTINCT => {
                    self.special.insert(cell.trim().to_string(), (1, next));
                }
                None => {}
            }
        }
    }
}

fn ranked(map: HashMap<String, (u64, usize)>) -> Vec<ValueCount> {
    let mut all: Vec<(String, (u64, usize))> = map.into_iter().collect();
    all.sort_by(|(_, (a, i)), (_, (b, j))| b.cmp(a).then(i.cmp(j)));
    all.into_iter()
        .map(|(value, (count, _))| ValueCount { value, count })
        .collect()
}

/// Distinct values kept per column of a table this wide.
fn per_column(columns: usize) -> usize {
    (ALL_DISTINCT / columns.max(1)).clamp(MIN_DISTINCT, MAX_DISTINCT)
}

/// The columns of one table, fed row by row.
#[derive(Debug, Default)]
pub struct Profile {
    header: Vec<String>,
    tallies: Vec<Tally>,
}

impl Profile {
    pub fn new(header: &[String]) -> Self {
        let cap = per_column(header.len());
        Self {
            header: header.to_vec(),
            tallies: header
                .iter()
                .map(|_| Tally {
                    cap,
                    ..Tally::default()
                })
                .collect(),
        }
    }

    /// Adds a row; a cell beyond the header has no column and is left
    /// out, a row short of it is read with its missing cells empty.
    pub fn add(&mut self, cells: &[&str]) {
        for (i, tally) in self.tallies.iter_mut().enumerate() {
            tally.add(cells.get(i).copied().unwrap_or(""));
        }
    }

    /// The columns, every distinct value kept (up to [`MAX_DISTINCT`]).
    pub fn columns(self) -> Vec<Column> {
        self.header
            .into_iter()
            .zip(self.tallies)
            .enumerate()
            .map(|(i, (header, tally))| {
                let kind = kind_of(&header, tally.cells, &tally.counts);
                let distinct = tally.values.len();
                Column {
                    letter: letter(i),
                    header,
                    kind,
                    counts: tally.counts,
                    special: ranked(tally.special).into_iter().map(|v| v.value).collect(),
                    values: ranked(
                        tally
                            .values
                            .into_iter()
                            .map(|(v, s)| (v, (s.count, s.first)))
                            .collect(),
                    ),
                    distinct,
                    more_distinct: tally.more_distinct,
                }
            })
            .collect()
    }
}

/// A column's kind, by its filled cells that are not special values. A
/// column of bare years is numbers unless its header says it is a period
/// or year: a count of 2,019 is no year.
fn kind_of(header: &str, cells: u64, c: &Counts) -> Kind {
    let filled = cells.saturating_sub(c.empty);
    let plain = filled.saturating_sub(c.special);
    let words = crate::measure::normal_header(header, true);
    let timely = ["period", "year", "date", "quarter", "month"]
        .iter()
        .any(|w| words.contains(w));
    if filled == 0 {
        Kind::Empty
    } else if plain == 0 {
        Kind::Special
    } else if c.dates == plain {
        Kind::Dates
    } else if c.numbers == plain && !(timely && c.periods == plain) {
        Kind::Numbers
    } else if c.dates + c.periods == plain {
        Kind::Periods
    } else {
        Kind::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(header: &[&str], rows: &[&[&str]]) -> Vec<Column> {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let mut p = Profile::new(&header);
        for r in rows {
            p.add(r);
        }
        p.columns()
    }

    #[test]
    fn letters_run_as_a_spreadsheet_names_columns() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
        assert_eq!(letter(16_383), "XFD");
    }

    #[test]
    fn each_kind_is_told_by_its_cells() {
        let cols = profile(
            &[
                "Value",
                "Time period",
                "Inspection date",
                "Area",
                "Count",
                "Blank",
                "Flag",
            ],
            &[
                &[
                    "12.5",
                    "2018/19",
                    "2019-09-23",
                    "Leicestershire",
                    "2019",
                    "",
                    "x",
                ],
                &[
                    "[x]",
                    "2019/20",
                    "23/09/2019",
                    "England",
                    "4,903",
                    "",
                    "[c]",
                ],
                &["c", "Q1 2020/21", "2019-10-01", "Rutland", "12", "", "x"],
                &["70.4%", "2021", "", "Leicester", "z", " ", ".."],
            ],
        );
        let kinds: Vec<Kind> = cols.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Numbers,
                Kind::Periods,
                Kind::Dates,
                Kind::Text,
                Kind::Numbers,
                Kind::Empty,
                Kind::Special
            ]
        );
        assert_eq!(cols[0].special, ["[x]", "c"]);
        assert_eq!(cols[6].special, ["x", "[c]", ".."]);
        assert_eq!(cols[0].counts.numbers, 2);
        assert_eq!(cols[2].counts.empty, 1);
    }

    #[test]
    fn bare_years_are_periods_only_under_a_period_header() {
        let cols = profile(
            &["time_period", "Year", "children_count"],
            &[&["2024", "2023", "2024"], &["2025", "2024", "2019"]],
        );
        assert_eq!(cols[0].kind, Kind::Periods);
        assert_eq!(cols[1].kind, Kind::Periods);
        assert_eq!(cols[2].kind, Kind::Numbers);
    }

    #[test]
    fn ees_symbols_are_special_values() {
        let cols = profile(&["rate"], &[&["k"], &["u"], &["12"], &["low"]]);
        assert_eq!(cols[0].kind, Kind::Numbers);
        assert_eq!(cols[0].counts.special, 3);
    }

    #[test]
    fn values_come_most_common_first_ties_in_the_order_met() {
        let cols = profile(
            &["Sex"],
            &[
                &["Male"],
                &["Persons"],
                &["Female"],
                &["Persons"],
                &["Male"],
                &["Persons"],
            ],
        );
        let values: Vec<(&str, u64)> = cols[0]
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.count))
            .collect();
        assert_eq!(values, [("Persons", 3), ("Male", 2), ("Female", 1)]);
        assert_eq!(cols[0].distinct, 3);
    }

    #[test]
    fn short_rows_read_empty_and_long_rows_keep_their_columns() {
        let cols = profile(&["a", "b"], &[&["1"], &["2", "3", "extra"]]);
        assert_eq!(cols.len(), 2);
        assert_eq!(cols[1].counts.empty, 1);
    }

    #[test]
    fn a_wide_file_keeps_fewer_values_per_column() {
        assert_eq!(per_column(26), MAX_DISTINCT);
        assert_eq!(per_column(1_000), 2_000);
        assert_eq!(per_column(1_000_000), MIN_DISTINCT);
        assert_eq!(per_column(0), MAX_DISTINCT);
    }

    #[test]
    fn distinct_values_stop_being_kept_at_the_cap() {
        let header = vec!["id".to_string()];
        let mut p = Profile::new(&header);
        for i in 0..MAX_DISTINCT + 5 {
            let text = i.to_string();
            p.add(&[text.as_str()]);
        }
        let cols = p.columns();
        assert_eq!(cols[0].distinct, MAX_DISTINCT);
        assert!(cols[0].more_distinct);
        assert_eq!(cols[0].counts.numbers as usize, MAX_DISTINCT + 5);
    }
}
