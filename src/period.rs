//! Periods: the spans of time a figure is for, and the calendar they live on.
//!
//! Public-sector data labels its periods in a dozen ways (`2024/25`,
//! `Q1 2024/25`, `2024-Q1`, `Mar 2024`, `2020 - 22`, `year ending March
//! 2025`). Every label is read into a first and last day so that figures,
//! trajectories and due dates can be compared on one calendar. Labels that a
//! reader could take two ways are refused with a hint rather than guessed.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// How a bare year pair such as `2024/25` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum YearKind {
    /// April to March (government and NHS finance).
    #[default]
    Financial,
    /// September to August (schools).
    Academic,
    /// January to December: a bare `2024` is always this; a year pair
    /// (`2024/25`) then needs its `FY` or `AY`.
    Calendar,
}

impl YearKind {
    pub const NAMES: &'static [&'static str] = &["financial", "academic", "calendar"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "financial" => Some(Self::Financial),
            "academic" => Some(Self::Academic),
            "calendar" => Some(Self::Calendar),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Financial => "financial",
            Self::Academic => "academic",
            Self::Calendar => "calendar",
        }
    }

    fn first_month(self) -> u32 {
        match self {
            Self::Financial => 4,
            Self::Academic => 9,
            Self::Calendar => 1,
        }
    }
}

/// What the reader knows about the series a label belongs to.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeriodContext {
    pub year: YearKind,
    /// An annual series reads `2011-12` as the year pair 2011/12, not December.
    pub annual: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Day,
    Month,
    CalendarQuarter,
    FinancialQuarter,
    FinancialYear,
    AcademicYear,
    CalendarYear,
    PooledYears,
    RollingYear,
    /// A school term of an academic year (see [`Term`]).
    Term,
}

impl PeriodKind {
    /// The length class of a kind, to tell a series that mixes lengths (a
    /// quarter among years): `day`, `month`, `quarter` (calendar and
    /// financial), `term`, `year` (financial, academic, calendar and
    /// rolling) or `pooled years`.
    pub fn granularity(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::CalendarQuarter | Self::FinancialQuarter => "quarter",
            Self::Term => "term",
            Self::FinancialYear | Self::AcademicYear | Self::CalendarYear | Self::RollingYear => {
                "year"
            }
            Self::PooledYears => "pooled years",
        }
    }
}

/// The three school terms of an academic year, as DfE counts them: autumn
/// September to December, spring January to March, summer April to August.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Term {
    Autumn,
    Spring,
    Summer,
}

impl Term {
    pub const ALL: [Term; 3] = [Self::Autumn, Self::Spring, Self::Summer];

    pub fn name(self) -> &'static str {
        match self {
            Self::Autumn => "Autumn",
            Self::Spring => "Spring",
            Self::Summer => "Summer",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// The calendar year (0: the academic year's first, 1: its second),
    /// first month and length in months.
    fn months(self) -> (i32, u32, u32) {
        match self {
            Self::Autumn => (0, 9, 4),
            Self::Spring => (1, 1, 3),
            Self::Summer => (1, 4, 5),
        }
    }

    /// The term a period of kind `Term` is, from its first month.
    fn starting(month: u32) -> Self {
        match month {
            9..=12 => Self::Autumn,
            1..=3 => Self::Spring,
            _ => Self::Summer,
        }
    }
}

/// A span of whole days, first and last inclusive. Two periods are equal
/// when they span the same days, however they were labelled (`Q4 2023/24`
/// is `2024 Q1`).
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// A financial or academic year read with its `FY`/`AY` prefix where
    /// the context's `year` is the other kind: its label keeps the prefix,
    /// so it reads back as the same year (`FY2024/25` in a schools plan).
    marked_year: bool,
}

/// Why a label could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Period {
    /// Whether `other` is written the same: the same days, and labelled as
    /// the same kind (equal periods may be labelled apart, `Q4 2023/24`
    /// and `2024 Q1`).
    pub(crate) fn same_label(&self, other: &Period) -> bool {
        self.written() == other.written()
    }

    /// What tells it from a period written otherwise: its days, its kind
    /// and whether its year is marked.
    pub(crate) fn written(&self) -> (NaiveDate, NaiveDate, PeriodKind, bool) {
        (self.first, self.last, self.kind, self.marked_year)
    }
}

impl PartialEq for Period {
    fn eq(&self, other: &Self) -> bool {
        (self.first, self.last) == (other.first, other.last)
    }
}

impl Eq for Period {}

impl std::hash::Hash for Period {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.first, self.last).hash(state);
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// Periods sort by when they end, then by when they start (a longer
    /// period ending the same day sorts first).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.last, self.first).cmp(&(other.last, other.first))
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A period as its label (`2024/25`), as JSON gives one: for serde's
/// `serialize_with`, where a field holds the period rather than its text.
pub(crate) fn as_label<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

impl fmt::Display for Period {
    /// The canonical label, which parses back to the same period under the
    /// context it was read with.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_label(f)
    }
}

impl Period {
    /// Its label ([`Period`]'s `Display`) written to `f`: a string, or a
    /// formatter. A league's reasons are written into strings, with no
    /// formatter between.
    pub(crate) fn write_label(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let (y, m) = (self.first.year(), self.first.month());
        let month = |d: NaiveDate| MONTHS[d.month0() as usize];
        match self.kind {
            PeriodKind::Day => write!(f, "{}", self.first.format("%Y-%m-%d")),
            PeriodKind::Month => write!(f, "{} {y}", month(self.first)),
            PeriodKind::CalendarQuarter => write!(f, "{y} Q{}", (m - 1) / 3 + 1),
            PeriodKind::FinancialQuarter => {
                let fy = if m >= 4 { y } else { y - 1 };
                let q = ((m + 12 - 4) % 12) / 3 + 1;
                write!(f, "Q{q} {}", year_pair(fy))
            }
            PeriodKind::FinancialYear if self.marked_year => write!(f, "FY{}", year_pair(y)),
            PeriodKind::AcademicYear if self.marked_year => write!(f, "AY{}", year_pair(y)),
            PeriodKind::FinancialYear | PeriodKind::AcademicYear => year_pair(y).write_to(f),
            PeriodKind::CalendarYear => match year_digits(y) {
                Some(d) => f.write_str(d.as_str()),
                None => write!(f, "{y}"),
            },
            PeriodKind::PooledYears => {
                write!(f, "{y} - {:02}", self.last.year().rem_euclid(100))
            }
            PeriodKind::RollingYear => {
                write!(f, "year ending {} {}", month(self.last), self.last.year())
            }
            PeriodKind::Term => {
                let term = Term::starting(m);
                let start = y - term.months().0;
                write!(f, "{} term {}", term.name(), year_pair(start))
            }
        }
    }
}

/// `2023/24`, written where it goes rather than made a string first.
struct YearPair(i32);

impl fmt::Display for YearPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl YearPair {
    fn write_to(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let y = self.0;
        // A league writes one for each of its 300,000 rows, twice.
        match year_digits(y) {
            Some(mut d) => {
                d.ascii(b"/");
                d.two(u64::from((y + 1).rem_euclid(100).unsigned_abs()));
                f.write_str(d.as_str())
            }
            None => write!(f, "{y}/{:02}", (y + 1).rem_euclid(100)),
        }
    }
}

/// Year `y` in digits on the stack; none before year 0, which `core::fmt`
/// writes.
fn year_digits(y: i32) -> Option<crate::digits::Digits> {
    let mut d = crate::digits::Digits::new();
    d.whole(u64::try_from(y).ok()?, false);
    Some(d)
}

fn year_pair(y: i32) -> YearPair {
    YearPair(y)
}

impl Period {
    pub fn day(date: NaiveDate) -> Self {
        Self {
            kind: PeriodKind::Day,
            first: date,
            last: date,
            marked_year: false,
        }
    }

    /// The length class of the period's kind: see [`PeriodKind::granularity`].
    pub fn granularity(&self) -> &'static str {
        self.kind.granularity()
    }

    /// A calendar month (`month` 1-12).
    pub(crate) fn month(year: i32, month: u32) -> Option<Self> {
        month_period(year, month)
    }

    /// Quarter `q` (1-4) of a calendar year: Q1 is January to March.
    pub(crate) fn calendar_quarter(year: i32, q: u32) -> Option<Self> {
        if !(1..=4).contains(&q) {
            return None;
        }
        span(PeriodKind::CalendarQuarter, year, (q - 1) * 3 + 1, 3)
    }

    /// Quarter `q` (1-4) of the financial year starting in April of
    /// `start`: Q1 is April to June, Q4 January to March of `start + 1`.
    pub(crate) fn financial_quarter(start: i32, q: u32) -> Option<Self> {
        let (year, month) = match q {
            1..=3 => (start, q * 3 + 1),
            4 => (start + 1, 1),
            _ => return None,
        };
        span(PeriodKind::FinancialQuarter, year, month, 3)
    }

    /// The financial or academic year starting in `start` (2024: 2024/25).
    pub(crate) fn year_pair(start: i32, kind: YearKind) -> Option<Self> {
        year_span(start, kind)
    }

    /// January to December of `year`.
    pub(crate) fn calendar_year(year: i32) -> Option<Self> {
        span(PeriodKind::CalendarYear, year, 1, 12)
    }

    /// The twelve months ending with `month` (1-12) of `year`.
    pub(crate) fn year_ending(year: i32, month: u32) -> Option<Self> {
        let last = month_period(year, month)?;
        let first = last.first.checked_sub_months(Months::new(11))?;
        Some(Self {
            kind: PeriodKind::RollingYear,
            first,
            last: last.last,
            marked_year: false,
        })
    }

    /// A term of the academic year starting in September of `start`.
    pub(crate) fn term(start: i32, term: Term) -> Option<Self> {
        let (offset, month, months) = term.months();
        span(PeriodKind::Term, start + offset, month, months)
    }
}

fn err(message: impl Into<String>) -> PeriodError {
    PeriodError {
        message: message.into(),
        help: None,
    }
}

fn err_help(message: impl Into<String>, help: impl Into<String>) -> PeriodError {
    PeriodError {
        message: message.into(),
        help: Some(help.into()),
    }
}

/// Reads a period label. See SPEC section 2 for the grammar.
pub fn parse(label: &str, ctx: PeriodContext) -> Result<Period, PeriodError> {
    let norm: String = label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    if norm.is_empty() {
        return Err(err("empty period"));
    }
    let mut read = parse_normalised(&norm, ctx);
    if let Ok(p) = &mut read {
        p.marked_year = matches!(p.kind, PeriodKind::FinancialYear | PeriodKind::AcademicYear)
            && p.kind != year_span_kind(ctx.year);
    }
    read.map_err(|mut e| {
        if e.help.is_none() {
            e.help = Some(
                "periods look like 2024/25, Q1 2024/25, 2024-Q1, Mar 2024, \
                 2024-03-31, 2024, 2020 - 22 or Autumn term 2024/25"
                    .into(),
            );
        }
        e.message = format!(
            "cannot read period `{}`: {}",
            crate::diag::quoted(label.trim()),
            e.message
        );
        e
    })
}

fn parse_normalised(s: &str, ctx: PeriodContext) -> Result<Period, PeriodError> {
    // Every form is ASCII; this also keeps the byte slicing below on
    // character boundaries.
    if !s.is_ascii() {
        return Err(err("not a period cfp knows"));
    }
    if let Some(message) = impossible_day(s) {
        return Err(err(message));
    }
    for prefix in ["year ending ", "12 months to ", "12 months ending "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let month = parse_month_year(rest)
                .ok_or_else(|| err("expected a month and year after the rolling-year words"))?;
            return Period::year_ending(month.first.year(), month.first.month())
                .ok_or_else(|| err("date out of range"));
        }
    }
    if let Some(p) = parse_term(s)? {
        return Ok(p);
    }
    if let Some(p) = parse_explicit_year(s)? {
        return Ok(p);
    }
    if let Some(p) = parse_quarter(s)? {
        return Ok(p);
    }
    if let Some(d) = parse_date(s) {
        return Ok(Period::day(d));
    }
    if let Some(p) = parse_month_year(s) {
        return Ok(p);
    }
    if let Some(p) = parse_years(s, ctx)? {
        return Ok(p);
    }
    Err(err("not a period cfp knows"))
}

/// `2024-02-30` looks like a day but is none: say so.
fn impossible_day(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if y.len() == 4 && m.len() == 2 && d.len() == 2 {
            let (y, m, d) = (
                y.parse::<i32>().ok()?,
                m.parse::<u32>().ok()?,
                d.parse::<u32>().ok()?,
            );
            if NaiveDate::from_ymd_opt(y, m, d).is_none() {
                return Some(format!("there is no day {d} in month {m} of {y}"));
            }
        }
    }
    None
}

/// Reads a calendar date in any of the forms the SPEC allows for a day.
/// Day-first always: `04/01/2025` is 4 January.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // Every form below has two dashes, two slashes or a month's name: a
    // label with none (`2024/25`, most of a plan's) is not tried six ways.
    let twice = |c: char| s.matches(c).nth(1).is_some();
    if !(twice('-') || twice('/') || s.bytes().any(|b| b.is_ascii_alphabetic())) {
        return None;
    }
    for fmt in [
        "%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%B-%Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            if (1900..=2200).contains(&d.year()) && strict_year(s) {
                return Some(d);
            }
        }
    }
    None
}

/// chrono accepts a year of any width; periods need four digits.
fn strict_year(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .any(|t| t.len() == 4)
}

fn month_number(name: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if name.len() < 3 {
        return None;
    }
    let name = if name == "sept" { "sep" } else { name };
    NAMES
        .iter()
        .position(|full| full.starts_with(name) && (name.len() == 3 || name == *full))
        .map(|i| i as u32 + 1)
}

fn four_digit_year(t: &str) -> Option<i32> {
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = t.parse().ok()?;
        (1900..=2200).contains(&y).then_some(y)
    } else {
        None
    }
}

fn two_digits(t: &str) -> Option<i32> {
    (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn month_period(year: i32, month: u32) -> Option<Period> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some(Period {
        kind: PeriodKind::Month,
        first,
        last,
        marked_year: false,
    })
}

fn span(kind: PeriodKind, year: i32, month: u32, months: u32) -> Option<Period> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(months))?.pred_opt()?;
    Some(Period {
        kind,
        first,
        last,
        marked_year: false,
    })
}

fn year_span(year: i32, kind: YearKind) -> Option<Period> {
    span(year_span_kind(kind), year, kind.first_month(), 12)
}

fn year_span_kind(kind: YearKind) -> PeriodKind {
    match kind {
        YearKind::Financial => PeriodKind::FinancialYear,
        YearKind::Academic => PeriodKind::AcademicYear,
        YearKind::Calendar => PeriodKind::CalendarYear,
    }
}

/// A bare year pair starting in `y`, read by the series' kind of year; a
/// calendar-year series cannot say which kind of pair it means.
fn bare_pair(y: i32, ctx: PeriodContext) -> Result<Option<Period>, PeriodError> {
    if ctx.year == YearKind::Calendar {
        return Err(err_help(
            "a year pair is a financial or an academic year, \
             and this series' years are calendar years",
            format!(
                "write FY{}, AY{} or the calendar year {y}",
                year_pair(y),
                year_pair(y)
            ),
        ));
    }
    Ok(year_span(y, ctx.year))
}

/// `Mar 2024`, `March 2024`, `2024 Mar`, `2024-03`.
fn parse_month_year(s: &str) -> Option<Period> {
    let parts: Vec<&str> = s.split(' ').collect();
    match parts.as_slice() {
        [a, b] => {
            if let (Some(m), Some(y)) = (month_number(a), four_digit_year(b)) {
                return Period::month(y, m);
            }
            if let (Some(y), Some(m)) = (four_digit_year(a), month_number(b)) {
                return Period::month(y, m);
            }
            None
        }
        _ => None,
    }
}

/// `FY2024/25`, `FY24/25`, `AY2024/25`: the prefix decides, whatever the
/// indicator's `year` says.
fn parse_explicit_year(s: &str) -> Result<Option<Period>, PeriodError> {
    let (kind, rest) = if let Some(r) = s.strip_prefix("fy") {
        (YearKind::Financial, r)
    } else if let Some(r) = s.strip_prefix("ay") {
        (YearKind::Academic, r)
    } else {
        return Ok(None);
    };
    let rest = rest.trim_start();
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let Some((a, b)) = rest.split_once(['/', '-']) else {
        return Err(err_help(
            "a single year after FY/AY could mean the year starting or the year ending then",
            format!(
                "write the pair, e.g. {}2024/25",
                if kind == YearKind::Financial {
                    "FY"
                } else {
                    "AY"
                }
            ),
        ));
    };
    let start = match (four_digit_year(a), two_digits(a)) {
        (Some(y), _) => y,
        // FY99/00 is 1999/00; FY24/25 is 2024/25.
        (None, Some(yy)) if yy >= 50 => 1900 + yy,
        (None, Some(yy)) => 2000 + yy,
        _ => return Err(err("expected a year before the `/`")),
    };
    check_pair_end(start, b)?;
    Ok(Period::year_pair(start, kind))
}

/// Checks that `end` (two or four digits) is the year after `start`.
fn check_pair_end(start: i32, end: &str) -> Result<(), PeriodError> {
    let ok = match (four_digit_year(end), two_digits(end)) {
        (Some(y), _) => y == start + 1,
        (None, Some(yy)) => yy == (start + 1).rem_euclid(100),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(err(format!(
            "a year pair must name consecutive years, e.g. {}",
            year_pair(start)
        )))
    }
}

/// `Autumn term 2024/25`, `autumn 2024-25`: a school term of an academic
/// year, whatever the indicator's `year` says.
fn parse_term(s: &str) -> Result<Option<Period>, PeriodError> {
    let (first, rest) = s.split_once(' ').unwrap_or((s, ""));
    let Some(term) = Term::from_name(first) else {
        return Ok(None);
    };
    let rest = rest.strip_prefix("term").unwrap_or(rest).trim_start();
    let example = format!("{} term 2024/25", term.name());
    let Some((a, b)) = rest.split_once(['/', '-']) else {
        return Err(err_help(
            "a term needs its academic year",
            format!("write the year pair, e.g. {example}"),
        ));
    };
    let Some(start) = four_digit_year(a) else {
        return Err(err_help(
            "expected a year pair after the term",
            format!("e.g. {example}"),
        ));
    };
    check_pair_end(start, b)?;
    Ok(Period::term(start, term))
}

fn quarter_number(t: &str) -> Option<u32> {
    let n = t.strip_prefix('q')?;
    match n {
        "1" | "2" | "3" | "4" => n.parse().ok(),
        _ => None,
    }
}

/// Calendar quarters (`2024-Q1`, `2024 Q1`, `Q1 2024`, `2024Q1`) and
/// financial quarters (`Q1 2024/25`, `2024/25 Q1`, `Q1 2024-25`).
fn parse_quarter(s: &str) -> Result<Option<Period>, PeriodError> {
    if quarter_number(s).is_some() {
        return Err(err_help(
            "a quarter without a year",
            "add the year: Q3 2024 (calendar) or Q3 2024/25 (financial)",
        ));
    }
    let calendar = Period::calendar_quarter;
    let financial = Period::financial_quarter;
    // Compact calendar forms first: 2024q1, 2024-q1.
    if s.len() == 6 || s.len() == 7 {
        let (y, q) = s.split_at(4);
        if let (Some(y), Some(q)) = (
            four_digit_year(y),
            quarter_number(q.trim_start_matches('-')),
        ) {
            return Ok(calendar(y, q));
        }
    }
    let parts: Vec<&str> = s.split(' ').collect();
    let (q, year) = match parts.as_slice() {
        [a, b] if quarter_number(a).is_some() => (quarter_number(a), *b),
        [a, b] if quarter_number(b).is_some() => (quarter_number(b), *a),
        _ => return Ok(None),
    };
    let Some(q) = q else { return Ok(None) };
    if let Some(y) = four_digit_year(year) {
        return Ok(calendar(y, q));
    }
    if let Some((a, b)) = year.split_once(['/', '-']) {
        if let Some(y) = four_digit_year(a) {
            check_pair_end(y, b)?;
            return Ok(financial(y, q));
        }
    }
    Err(err(
        "expected a year (2024) or a year pair (2024/25) beside the quarter",
    ))
}

/// Year pairs, calendar years and pooled years.
fn parse_years(s: &str, ctx: PeriodContext) -> Result<Option<Period>, PeriodError> {
    // One limit for every way of writing pooled years, so a label cfp
    // accepts is one it prints back in a form it accepts.
    let pooled = |a: i32, b: i32| -> Result<Option<Period>, PeriodError> {
        if b <= a {
            return Err(err("pooled years must run forwards"));
        }
        if b - a >= 50 {
            return Err(err(format!("{b} is too far after {a} for pooled years")));
        }
        Ok(span(PeriodKind::PooledYears, a, 1, 12 * (b - a + 1) as u32))
    };
    if let Some(y) = four_digit_year(s) {
        return Ok(Period::calendar_year(y));
    }
    if two_digits(s).is_some() || (s.len() == 4 && s.starts_with("fy")) {
        return Err(err_help(
            "a two-digit year is ambiguous",
            "write the year pair in full, e.g. 2024/25",
        ));
    }
    // `2024 to 2025`
    if let Some((a, b)) = s.split_once(" to ") {
        if let Some(y) = four_digit_year(a) {
            check_pair_end(y, b)?;
            return bare_pair(y, ctx);
        }
        return Ok(None);
    }
    // `2020 - 22`, `2014 - 2016`: spaced dashes are pooled years (Fingertips).
    if let Some((a, b)) = s.split_once(" - ") {
        let Some(y) = four_digit_year(a) else {
            return Ok(None);
        };
        let end = match (four_digit_year(b), two_digits(b)) {
            (Some(e), _) => e,
            (None, Some(yy)) => century_after(y, yy),
            _ => return Err(err("expected the last year after ` - `")),
        };
        return pooled(y, end);
    }
    if let Some((a, b)) = s.split_once('/') {
        let Some(y) = four_digit_year(a) else {
            return Ok(None);
        };
        check_pair_end(y, b)?;
        return bare_pair(y, ctx);
    }
    if let Some((a, b)) = s.split_once('-') {
        let Some(y) = four_digit_year(a) else {
            return Ok(None);
        };
        if let Some(e) = four_digit_year(b) {
            return if e == y + 1 {
                bare_pair(y, ctx)
            } else {
                pooled(y, e)
            };
        }
        let Some(nn) = two_digits(b) else {
            return Ok(None);
        };
        let next = (y + 1).rem_euclid(100);
        if (1..=12).contains(&nn) && !(ctx.annual && nn == next) {
            return Ok(month_period(y, nn as u32));
        }
        if nn == next {
            return bare_pair(y, ctx);
        }
        let end = century_after(y, nn);
        if end > y + 1 && end - y < 50 {
            return pooled(y, end);
        }
        return Err(err(format!(
            "`{nn:02}` is neither a month nor a year after {y}"
        )));
    }
    Ok(None)
}

/// The first year after `start` whose last two digits are `yy`.
fn century_after(start: i32, yy: i32) -> i32 {
    let base = start - start.rem_euclid(100) + yy;
    if base > start {
        base
    } else {
        base + 100
    }
}

/// A length of time such as `30 days`, `6 months` or `1 year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(u32),
    Months(u32),
}

impl serde::Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Span {
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim().to_ascii_lowercase();
        let (n, unit) = t
            .split_once(' ')
            .ok_or_else(|| format!("cannot read `{text}` as a length of time"))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("cannot read `{text}` as a length of time"))?;
        if n > 36_525 {
            return Err(format!("`{text}` is longer than cfp allows (100 years)"));
        }
        let span = match unit.trim().trim_end_matches('s') {
            "day" => Self::Days(n),
            "week" => Self::Days(n * 7),
            "month" => Self::Months(n),
            "year" => Self::Months(n * 12),
            _ => {
                return Err(format!(
                    "cannot read `{text}` as a length of time: use days, weeks, months or years"
                ))
            }
        };
        match span {
            Self::Days(d) if d > 36_525 => {
                Err(format!("`{text}` is longer than cfp allows (100 years)"))
            }
            Self::Months(m) if m > 1_200 => {
                Err(format!("`{text}` is longer than cfp allows (100 years)"))
            }
            _ => Ok(span),
        }
    }

    pub fn after(self, date: NaiveDate) -> NaiveDate {
        match self {
            Self::Days(n) => date
                .checked_add_days(chrono::Days::new(n.into()))
                .unwrap_or(NaiveDate::MAX),
            Self::Months(n) => end_aware_add_months(date, n),
        }
    }
}

/// Adds months keeping a month-end a month-end (31 Mar + 3 months is 30 Jun).
fn end_aware_add_months(date: NaiveDate, n: u32) -> NaiveDate {
    let is_month_end = date.succ_opt().is_some_and(|d| d.day() == 1);
    if is_month_end {
        first_of_month(date)
            .checked_add_months(Months::new(n.saturating_add(1)))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    } else {
        date.checked_add_months(Months::new(n))
            .unwrap_or(NaiveDate::MAX)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Self::Days(n) => (n, "day"),
            Self::Months(n) if n % 12 == 0 => (n / 12, "year"),
            Self::Months(n) => (n, "month"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn fin() -> PeriodContext {
        PeriodContext::default()
    }

    #[test]
    fn a_date_is_read_in_each_of_its_forms_and_a_year_pair_is_not_one() {
        for (text, want) in [
            ("2024-03-31", Some(d(2024, 3, 31))),
            ("31/03/2024", Some(d(2024, 3, 31))),
            ("31 March 2024", Some(d(2024, 3, 31))),
            ("31 mar 2024", Some(d(2024, 3, 31))),
            ("31-Mar-2024", Some(d(2024, 3, 31))),
            ("2024/25", None),
            ("2024", None),
            ("31/03", None),
        ] {
            assert_eq!(parse_date(text), want, "{text}");
        }
    }

    fn range(label: &str, ctx: PeriodContext) -> (NaiveDate, NaiveDate) {
        let p = parse(label, ctx).unwrap_or_else(|e| panic!("{label}: {e}"));
        (p.first, p.last)
    }

    #[test]
    fn days_are_day_first() {
        for label in ["2024-03-31", "31/03/2024", "31 March 2024", "31-Mar-2024"] {
            assert_eq!(
                range(label, fin()),
                (d(2024, 3, 31), d(2024, 3, 31)),
                "{label}"
            );
        }
        assert_eq!(range("04/01/2025", fin()).0, d(2025, 1, 4));
        assert_eq!(range("1 April 2025", fin()).0, d(2025, 4, 1));
        assert_eq!(range("01-Apr-2025", fin()).0, d(2025, 4, 1));
    }

    #[test]
    fn months() {
        for label in [
            "2024-03",
            "Mar 2024",
            "March 2024",
            "2024 MAR",
            "march  2024",
        ] {
            assert_eq!(
                range(label, fin()),
                (d(2024, 3, 1), d(2024, 3, 31)),
                "{label}"
            );
        }
        assert_eq!(range("Feb 2024", fin()).1, d(2024, 2, 29));
        assert_eq!(range("June 2022", fin()).1, d(2022, 6, 30));
    }

    #[test]
    fn calendar_quarters() {
        for label in ["2024-Q1", "2024 Q1", "Q1 2024", "2024Q1"] {
            assert_eq!(
                range(label, fin()),
                (d(2024, 1, 1), d(2024, 3, 31)),
                "{label}"
            );
        }
    }

    #[test]
    fn financial_quarters() {
        for label in ["Q1 2024/25", "2024/25 Q1", "Q1 2024-25"] {
            assert_eq!(
                range(label, fin()),
                (d(2024, 4, 1), d(2024, 6, 30)),
                "{label}"
            );
        }
        assert_eq!(
            range("Q3 2024/25", fin()),
            (d(2024, 10, 1), d(2024, 12, 31))
        );
        assert_eq!(range("Q4 2024/25", fin()), (d(2025, 1, 1), d(2025, 3, 31)));
    }

    proptest! {
        /// Years and year pairs written digit by digit on the stack read
        /// as `core::fmt` writes them, over chrono's whole range.
        #[test]
        fn years_are_written_as_fmt_writes_them(y in -262_000i32..262_000) {
            if let Some(p) = Period::calendar_year(y) {
                prop_assert_eq!(p.to_string(), format!("{y}"));
            }
            if let Some(p) = Period::year_pair(y, YearKind::Financial) {
                prop_assert_eq!(p.to_string(), format!("{y}/{:02}", (y + 1).rem_euclid(100)));
            }
        }
    }

    #[test]
    fn year_pairs_follow_the_year_kind() {
        let academic = PeriodContext {
            year: YearKind::Academic,
            annual: false,
        };
        for label in ["2024/25", "2024-25", "2024/2025", "2024 to 2025"] {
            assert_eq!(
                range(label, fin()),
                (d(2024, 4, 1), d(2025, 3, 31)),
                "{label}"
            );
            assert_eq!(
                range(label, academic),
                (d(2024, 9, 1), d(2025, 8, 31)),
                "{label}"
            );
        }
        assert_eq!(range("1999/00", fin()), (d(1999, 4, 1), d(2000, 3, 31)));
    }

    #[test]
    fn explicit_year_pairs_ignore_the_year_kind() {
        let academic = PeriodContext {
            year: YearKind::Academic,
            annual: false,
        };
        assert_eq!(range("FY2024/25", academic).0, d(2024, 4, 1));
        assert_eq!(range("FY24/25", academic).0, d(2024, 4, 1));
        assert_eq!(range("FY99/00", academic).0, d(1999, 4, 1));
        assert_eq!(range("AY2024/25", fin()).0, d(2024, 9, 1));
    }

    #[test]
    fn calendar_and_pooled_years() {
        assert_eq!(range("2024", fin()), (d(2024, 1, 1), d(2024, 12, 31)));
        assert_eq!(range("2020 - 22", fin()), (d(2020, 1, 1), d(2022, 12, 31)));
        assert_eq!(range("2021-23", fin()), (d(2021, 1, 1), d(2023, 12, 31)));
        assert_eq!(
            range("2014 - 2016", fin()),
            (d(2014, 1, 1), d(2016, 12, 31))
        );
    }

    #[test]
    fn rolling_years() {
        for label in ["year ending March 2025", "12 months to March 2025"] {
            assert_eq!(
                range(label, fin()),
                (d(2024, 4, 1), d(2025, 3, 31)),
                "{label}"
            );
        }
    }

    #[test]
    fn school_terms() {
        for (label, want) in [
            ("Autumn term 2024/25", (d(2024, 9, 1), d(2024, 12, 31))),
            ("autumn 2024/25", (d(2024, 9, 1), d(2024, 12, 31))),
            ("Spring term 2024/25", (d(2025, 1, 1), d(2025, 3, 31))),
            ("spring 2024-25", (d(2025, 1, 1), d(2025, 3, 31))),
            ("Summer term 2024/2025", (d(2025, 4, 1), d(2025, 8, 31))),
            ("SUMMER 2024/25", (d(2025, 4, 1), d(2025, 8, 31))),
        ] {
            assert_eq!(range(label, fin()), want, "{label}");
            let p = parse(label, fin()).expect(label);
            assert_eq!(p.kind, PeriodKind::Term, "{label}");
            assert_eq!(p.granularity(), "term", "{label}");
        }
        // The three terms tile the academic year.
        let academic = Period::year_pair(2024, YearKind::Academic).expect("2024/25");
        let terms: Vec<Period> = Term::ALL
            .iter()
            .map(|&t| Period::term(2024, t).expect("term"))
            .collect();
        assert_eq!(terms[0].first, academic.first);
        assert_eq!(terms[2].last, academic.last);
        assert_eq!(terms[0].last.succ_opt(), Some(terms[1].first));
        assert_eq!(terms[1].last.succ_opt(), Some(terms[2].first));
    }

    #[test]
    fn a_term_needs_its_academic_year() {
        for label in ["Autumn term 2024", "autumn", "Spring term", "summer 24/25"] {
            let e = parse(label, fin()).expect_err(label);
            assert!(
                e.help
                    .as_deref()
                    .is_some_and(|h| h.contains("term 2024/25")),
                "{label}: {e:?}"
            );
        }
        let e = parse("Autumn term 2024/26", fin()).expect_err("not consecutive");
        assert!(e.message.contains("consecutive"), "{}", e.message);
    }

    #[test]
    fn granularity_groups_kinds_by_length() {
        for (label, want) in [
            ("2024-03-31", "day"),
            ("Mar 2024", "month"),
            ("2024 Q1", "quarter"),
            ("Q1 2024/25", "quarter"),
            ("Autumn term 2024/25", "term"),
            ("2024/25", "year"),
            ("AY2024/25", "year"),
            ("2024", "year"),
            ("year ending Mar 2025", "year"),
            ("2020 - 22", "pooled years"),
        ] {
            assert_eq!(
                parse(label, fin()).expect(label).granularity(),
                want,
                "{label}"
            );
        }
    }

    #[test]
    fn constructors_refuse_what_is_not_there() {
        assert_eq!(Period::calendar_quarter(2024, 0), None);
        assert_eq!(Period::calendar_quarter(2024, 5), None);
        assert_eq!(Period::financial_quarter(2024, 5), None);
        assert_eq!(Period::month(2024, 13), None);
        assert_eq!(Period::year_ending(2024, 0), None);
        assert_eq!(
            Period::financial_quarter(2024, 4),
            parse("Q4 2024/25", fin()).ok()
        );
        assert_eq!(
            Period::year_ending(2025, 3).map(|p| p.to_string()),
            Some("year ending Mar 2025".to_string())
        );
    }

    #[test]
    fn yyyy_nn_is_a_month_unless_an_annual_series_or_out_of_range() {
        assert_eq!(range("2011-12", fin()), (d(2011, 12, 1), d(2011, 12, 31)));
        let annual = PeriodContext {
            year: YearKind::Financial,
            annual: true,
        };
        assert_eq!(range("2011-12", annual), (d(2011, 4, 1), d(2012, 3, 31)));
        // Not the next year: still a month for an annual series.
        assert_eq!(range("2011-05", annual).0, d(2011, 5, 1));
        assert_eq!(range("2012-13", fin()), (d(2012, 4, 1), d(2013, 3, 31)));
        assert_eq!(range("2012-15", fin()).1, d(2015, 12, 31));
        assert!(parse("2015-13", fin()).is_err());
    }

    #[test]
    fn ambiguous_labels_are_refused_with_a_hint() {
        for label in ["FY25", "Q3", "q3", "25"] {
            let e = parse(label, fin()).expect_err(label);
            assert!(e.help.is_some(), "{label}");
        }
        assert!(parse("FY25", fin())
            .expect_err("ambiguous")
            .help
            .unwrap_or_default()
            .contains("FY2024/25"));
    }

    #[test]
    fn nonsense_is_an_error() {
        for label in [
            "",
            "soon",
            "2024/26",
            "32/01/2024",
            "Q5 2024",
            "2024-13-01",
            "Smarch 2024",
        ] {
            assert!(parse(label, fin()).is_err(), "{label}");
        }
    }

    #[test]
    fn an_impossible_day_says_so() {
        let e = parse("2024-02-30", fin()).expect_err("no such day");
        assert!(
            e.message.contains("no day 30 in month 2 of 2024"),
            "{}",
            e.message
        );
    }

    #[test]
    fn periods_are_equal_when_they_span_the_same_days() {
        assert_eq!(
            parse("Q4 2023/24", fin()).ok(),
            parse("2024 Q1", fin()).ok()
        );
    }

    #[test]
    fn canonical_labels() {
        let cases = [
            ("2024-03-31", "2024-03-31"),
            ("March 2024", "Mar 2024"),
            ("2024Q2", "2024 Q2"),
            ("2024/25 Q3", "Q3 2024/25"),
            ("Q4 2024/25", "Q4 2024/25"),
            ("2024-25", "2024/25"),
            ("1999/2000", "1999/00"),
            ("2024", "2024"),
            ("2020-22", "2020 - 22"),
            ("12 months to March 2025", "year ending Mar 2025"),
            ("autumn 2024-25", "Autumn term 2024/25"),
            ("SPRING TERM 2024/2025", "Spring term 2024/25"),
            ("Summer  term 2024/25", "Summer term 2024/25"),
        ];
        for (input, label) in cases {
            let p = parse(input, fin()).expect(input);
            assert_eq!(p.to_string(), label, "{input}");
        }
    }

    #[test]
    fn spans() {
        assert_eq!(Span::parse("30 days"), Ok(Span::Days(30)));
        assert_eq!(Span::parse("6 Months"), Ok(Span::Months(6)));
        assert_eq!(Span::parse("1 year"), Ok(Span::Months(12)));
        assert_eq!(Span::parse("2 weeks"), Ok(Span::Days(14)));
        assert!(Span::parse("soon").is_err());
        assert!(Span::parse("3 fortnights").is_err());
        assert!(Span::parse("4000000000 days").is_err());
        assert!(Span::parse("1000000000 weeks").is_err());
        assert!(Span::parse("101 years").is_err());
        assert_eq!(Span::Months(3).after(d(2025, 3, 31)), d(2025, 6, 30));
        assert_eq!(Span::Months(1).after(d(2025, 1, 15)), d(2025, 2, 15));
        assert_eq!(Span::Days(30).after(d(2025, 1, 1)), d(2025, 1, 31));
        assert_eq!(Span::Months(6).to_string(), "6 months");
        assert_eq!(Span::Months(12).to_string(), "1 year");
    }

    fn any_period() -> impl Strategy<Value = (Period, PeriodContext)> {
        (
            1990i32..2100,
            1u32..=12,
            1u32..=28,
            0usize..10,
            any::<bool>(),
        )
            .prop_map(|(y, m, day, kind, academic)| {
                let year = if academic {
                    YearKind::Academic
                } else {
                    YearKind::Financial
                };
                let ctx = PeriodContext {
                    year,
                    annual: false,
                };
                let p = match kind {
                    0 => Some(Period::day(d(y, m, day))),
                    1 => month_period(y, m),
                    2 => span(PeriodKind::CalendarQuarter, y, (m - 1) / 3 * 3 + 1, 3),
                    3 => parse(&format!("Q{} {}", (m - 1) / 3 + 1, year_pair(y)), fin()).ok(),
                    4 => year_span(y, year),
                    5 => span(PeriodKind::CalendarYear, y, 1, 12),
                    6 => span(PeriodKind::PooledYears, y, 1, 36),
                    7 => Period::term(y, Term::ALL[m as usize % 3]),
                    _ => parse(
                        &format!("year ending {} {y}", MONTHS[m as usize - 1]),
                        fin(),
                    )
                    .ok(),
                };
                (p.expect("generated period"), ctx)
            })
    }

    proptest! {
        #[test]
        fn print_then_parse_round_trips((p, ctx) in any_period()) {
            let again = parse(&p.to_string(), ctx).expect("canonical label parses");
            prop_assert_eq!(again.kind, p.kind);
            prop_assert_eq!(again, p);
        }
    }
}
