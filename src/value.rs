//! The value cell: numbers as people write them (`70.4%`, `4,903`,
//! `12.1 [p]`) and the special tokens of official statistics, each kept as
//! what it means and never read as zero.

use serde::Serialize;

use crate::diag::quoted;

/// What `-` means in a measurements file, when the plan says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dash {
    Zero,
    Missing,
}

/// What a value cell says.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Value {
    Number {
        value: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        mark: Option<Mark>,
    },
    /// Withheld for disclosure control.
    Suppressed,
    /// Not available.
    Missing,
    /// Does not apply to this area or period; never "late".
    NotApplicable,
    /// More than zero, but rounds to zero.
    BelowRounding,
}

/// A provisional or revised figure, as flagged in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Provisional,
    Revised,
}

impl Value {
    pub fn number(&self) -> Option<f64> {
        match self {
            Self::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The word for a cell that holds no number.
    pub fn word(&self) -> Option<&'static str> {
        match self {
            Self::Number { .. } => None,
            Self::Suppressed => Some("suppressed"),
            Self::Missing => Some("missing"),
            Self::NotApplicable => Some("not applicable"),
            Self::BelowRounding => Some("below rounding"),
        }
    }

    /// The same figure, ignoring provisional/revised marks.
    pub fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Number { value: a, .. }, Self::Number { value: b, .. }) => a == b,
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}

/// An optional number in the room of one: NaN stands for none, which no
/// cell is ever read as (NaN is refused). A figure's counts and interval
/// are four of these, 32 bytes rather than 64, in a series that may hold
/// millions of figures.
#[derive(Clone, Copy)]
pub struct MaybeNumber(f64);

impl MaybeNumber {
    pub const NONE: Self = Self(f64::NAN);

    /// `x`, or none where it is not a number.
    #[inline]
    pub fn or_none(x: f64) -> Self {
        Self(x)
    }

    pub fn get(self) -> Option<f64> {
        (!self.0.is_nan()).then_some(self.0)
    }
}

impl From<Option<f64>> for MaybeNumber {
    fn from(x: Option<f64>) -> Self {
        x.filter(|x| !x.is_nan()).map_or(Self::NONE, Self)
    }
}

impl PartialEq for MaybeNumber {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl std::fmt::Debug for MaybeNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// Reads a plain number cell: `70.4`, `70.4%`, `"4,903"`, `-3`. Empty is
/// `Ok(None)`.
pub fn parse_number(cell: &str) -> Result<Option<f64>, String> {
    if let Some(x) = plain_decimal(cell.as_bytes()) {
        return Ok(Some(x));
    }
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    // Most cells have no thousands separator: read as they are, with
    // nothing copied.
    let digits: std::borrow::Cow<str> = if t.contains(',') {
        if t.split_once('.')
            .is_some_and(|(_, frac)| frac.contains(','))
        {
            // `12.345,67` is 12 345.67 written the European way: read with
            // the comma as a thousands separator it would be 12.34567.
            return Err(format!(
                "`{}` is not a number: it has a comma after the decimal point \
(written the European way, with a comma for the decimal point; cfp reads 12,345.67)",
                quoted(cell)
            ));
        }
        if !thousands_grouped(t) {
            return Err(format!("`{}` is not a number", quoted(cell)));
        }
        t.chars().filter(|&c| c != ',').collect::<String>().into()
    } else {
        t.into()
    };
    let plain = !digits.is_empty()
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    match digits.parse::<f64>() {
        Ok(x) if plain && x.is_finite() => Ok(Some(x)),
        _ => Err(format!("`{}` is not a number", quoted(cell))),
    }
}

/// The commonest cell of a national file, `70.4` or `-3` or `2884`, read
/// without the general parser: at most 15 digits in all (an integer
/// below 2^53), so the digits and the power of ten are each exact and one
/// division rounds as `str::parse` does (Clinger's fast path). Anything
/// else is left to the general reading.
#[inline(always)]
pub(crate) fn plain_decimal(cell: &[u8]) -> Option<f64> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, cell),
    };
    // The whole part, then a fraction after a point between digits (`5.`
    // and `.5` go the general way). Each run of digits is one tight loop:
    // a national file holds 12 million such cells.
    let (mantissa, whole) = digits_onto(digits, 0);
    let (mantissa, count, places) = match digits.get(whole) {
        None => (mantissa, whole, 0),
        Some(b'.') if whole > 0 => {
            let fraction = &digits[whole + 1..];
            let (mantissa, places) = digits_onto(fraction, mantissa);
            if places == 0 || places < fraction.len() {
                return None;
            }
            (mantissa, whole + places, places)
        }
        Some(_) => return None,
    };
    // Digits beyond 15 are refused: the mantissa wraps rather than
    // overflowing before then, and is not used.
    if count == 0 || count > 15 {
        return None;
    }
    // Below 10^15, so exact as a signed integer, whose conversion is one
    // instruction (an unsigned one is several on x86-64). A whole number
    // (most counts) needs no division, which is slow.
    let x = match places {
        0 => mantissa as i64 as f64,
        scale => mantissa as i64 as f64 / POWERS[scale],
    };
    Some(if negative { -x } else { x })
}

/// The run of ASCII digits `bytes` starts with, appended to `mantissa`:
/// the new mantissa (wrapping past 20 digits) and how many digits.
#[inline(always)]
fn digits_onto(bytes: &[u8], mut mantissa: u64) -> (u64, usize) {
    let mut n = 0;
    for &b in bytes {
        let digit = b.wrapping_sub(b'0');
        if digit >= 10 {
            break;
        }
        mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        n += 1;
    }
    (mantissa, n)
}

/// `12.345,67`: a comma after the decimal point.
/// `70,4` or `-0,25`: one comma, no point, and one or two digits after it.
fn decimal_comma(t: &str) -> bool {
    let t = t.trim().strip_suffix('%').unwrap_or(t.trim()).trim_end();
    let digits = t.trim_start_matches(['-', '+']);
    match digits.split_once(',') {
        Some((int, frac)) => {
            !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && (1..=2).contains(&frac.len())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

pub(crate) fn comma_after_point(t: &str) -> bool {
    t.split_once('.')
        .is_some_and(|(_, frac)| frac.contains(','))
}

/// Reads a numerator, denominator or interval cell: a number, or empty or
/// a missing token (`NA`, `x`, `..`) for none.
pub fn parse_count(cell: &str) -> Result<Option<f64>, String> {
    let t = cell.trim();
    // No token for "not available" starts with a digit, or is empty.
    if t.is_empty() || t.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_number(t);
    }
    let bare = t
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(t);
    if MISSING.iter().any(|m| bare.eq_ignore_ascii_case(m)) {
        return Ok(None);
    }
    parse_number(t)
}

/// Tokens that say "not available".
const MISSING: &[&str] = &["x", "..", ":", "n/a", "na", "#n/a"];

/// `4,903` and `1,234,567.8`, but not `4,9` or `70,4` (a decimal comma).
fn thousands_grouped(t: &str) -> bool {
    let int = t.split('.').next().unwrap_or(t);
    let int = int.trim_start_matches(['-', '+']);
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// Reads a value cell. `note` lets a blank value whose note says it was
/// suppressed count as suppressed.
pub fn parse_value(cell: &str, note: &str, dash: Option<Dash>) -> Result<Value, ValueError> {
    let t = cell.trim();
    // A plain decimal is no special value and has no mark.
    if let Some(value) = plain_decimal(t.as_bytes()) {
        return Ok(Value::Number { value, mark: None });
    }
    if let Some(v) = special(t, note, dash)? {
        return Ok(v);
    }
    let (number, mark) = [
        ("[p]", Mark::Provisional),
        (" p", Mark::Provisional),
        ("[r]", Mark::Revised),
        (" r", Mark::Revised),
    ]
    .iter()
    .find_map(|(suffix, mark)| {
        strip_suffix_ignoring_case(t, suffix).map(|rest| (rest, Some(*mark)))
    })
    .unwrap_or((t, None));
    match parse_number(number) {
        Ok(Some(value)) => Ok(Value::Number { value, mark }),
        _ if comma_after_point(number) => Err(ValueError::CommaAfterPoint),
        _ if decimal_comma(number) => Err(ValueError::DecimalComma),
        _ => Err(ValueError::NotANumber),
    }
}

/// `text` without an ASCII `suffix` it ends with in any case.
fn strip_suffix_ignoring_case<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let at = text.len().checked_sub(suffix.len())?;
    // The suffix is ASCII: bytes that match it start a character.
    text.as_bytes()[at..]
        .eq_ignore_ascii_case(suffix.as_bytes())
        .then(|| &text[..at])
}

/// The special values of official statistics (and an empty cell), which
/// mean the same in a number column and a grade column.
fn special(t: &str, note: &str, dash: Option<Dash>) -> Result<Option<Value>, ValueError> {
    let token = t
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(t)
        .trim();
    // No special value is longer than `#n/a`: a figure is not one, and
    // is not copied to be compared.
    if token.len() > 4 {
        return Ok(None);
    }
    let mut lower = [0u8; 4];
    let lower = &mut lower[..token.len()];
    lower.copy_from_slice(token.as_bytes());
    lower.make_ascii_lowercase();
    // Lowering ASCII letters keeps the text UTF-8.
    let token = std::str::from_utf8(lower).unwrap_or_default();
    Ok(match token {
        "c" | "*" => Some(Value::Suppressed),
        "" if note.to_ascii_lowercase().contains("suppress") => Some(Value::Suppressed),
        "" | "x" | ".." | ":" | "n/a" | "na" | "#n/a" => Some(Value::Missing),
        "z" => Some(Value::NotApplicable),
        "low" | "~" => Some(Value::BelowRounding),
        "-" => match dash {
            Some(Dash::Zero) => Some(Value::Number {
                value: 0.0,
                mark: None,
            }),
            Some(Dash::Missing) => Some(Value::Missing),
            None => return Err(ValueError::Dash),
        },
        _ => None,
    })
}

/// Reads a grade cell against its indicator's `scale` (worst first): a word
/// of the scale, matched ignoring case and surrounding spaces, is
/// `Value::Number` holding its rank (1 = the first word); the special values
/// read as [`parse_value`] reads them, except that `-` can only mean
/// missing (a grade has no nil). Anything else is
/// [`ValueError::NotOnScale`]; [`not_on_scale`] words the error.
pub fn parse_grade(
    cell: &str,
    note: &str,
    dash: Option<Dash>,
    scale: &[String],
) -> Result<Value, ValueError> {
    let t = cell.trim();
    if let Some(rank) = grade_rank(t, scale) {
        return Ok(Value::Number {
            value: rank as f64,
            mark: None,
        });
    }
    match special(t, note, dash)? {
        Some(Value::Number { .. }) => Err(ValueError::NotOnScale),
        Some(v) => Ok(v),
        None => Err(ValueError::NotOnScale),
    }
}

/// A word's rank on a scale (1 = the first word), ignoring case and
/// surrounding spaces.
pub fn grade_rank(word: &str, scale: &[String]) -> Option<usize> {
    let w = word.trim();
    scale
        .iter()
        .position(|s| s.trim().eq_ignore_ascii_case(w))
        .map(|i| i + 1)
}

/// The scale's word nearest to a misspelt one: within two edits ignoring
/// case, or else the one word it begins (`Requires improvement`).
pub fn nearest_grade<'a>(word: &str, scale: &'a [String]) -> Option<&'a str> {
    let lower = word.trim().to_lowercase();
    let close = scale
        .iter()
        .map(|w| (strsim::levenshtein(&lower, &w.to_lowercase()), w))
        .filter(|(d, _)| *d < 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, w)| w.as_str());
    close.or_else(|| {
        let mut starts = scale
            .iter()
            .filter(|w| lower.chars().count() >= 3 && w.to_lowercase().starts_with(&lower));
        match (starts.next(), starts.next()) {
            (Some(w), None) => Some(w.as_str()),
            _ => None,
        }
    })
}

/// The message and help for a grade cell that is not on its scale: the
/// message lists the scale, the help suggests the nearest word.
pub fn not_on_scale(cell: &str, scale: &[String]) -> (String, String) {
    let list = scale
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let near = nearest_grade(cell, scale).map(|w| format!("did you mean `{w}`? "));
    (
        format!(
            "`{}` is not a grade on this indicator's scale: {list}",
            quoted(cell.trim())
        ),
        format!(
            "{}write a word of the scale, worst to best, or a special \
             value: c (suppressed), x (missing), z (not applicable)",
            near.unwrap_or_default()
        ),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueError {
    NotANumber,
    /// `12.345,67`: a comma after the decimal point, the European way of
    /// writing 12,345.67, which would otherwise be misread.
    CommaAfterPoint,
    /// `70,4`: a comma where a decimal point would be (not before three
    /// digits, so not a thousands separator), the European way of writing
    /// 70.4.
    DecimalComma,
    Dash,
    /// A grade cell that is no word of its scale.
    NotOnScale,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(value: f64) -> Value {
        Value::Number { value, mark: None }
    }

    /// The fast path as it was before its digits were read in runs: the
    /// reference that its rewrite accepts and reads exactly the same.
    fn plain_decimal_before(cell: &[u8]) -> Option<f64> {
        const POWERS: [f64; 16] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        ];
        let (negative, digits) = match cell.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, cell),
        };
        // Digits beyond 15 are refused below, after the loop: the mantissa
        // wraps rather than overflowing before then, and is not used.
        let (mut mantissa, mut count, mut point) = (0u64, 0usize, None);
        for (k, &b) in digits.iter().enumerate() {
            let digit = b.wrapping_sub(b'0');
            if digit < 10 {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
                count += 1;
            } else if b == b'.' && point.is_none() && k > 0 && k + 1 < digits.len() {
                // A point between digits: `5.` and `.5` go the general way.
                point = Some(count);
            } else {
                return None;
            }
        }
        if count == 0 || count > 15 {
            return None;
        }
        // A whole number (most counts) needs no division, which is slow.
        let x = match point.map_or(0, |at| count - at) {
            0 => mantissa as f64,
            scale => mantissa as f64 / POWERS[scale],
        };
        Some(if negative { -x } else { x })
    }

    proptest::proptest! {
        /// Read in runs of digits, a cell is read as it was, to the bit.
        #[test]
        fn a_plain_decimal_reads_as_it_did(cell in "-?[0-9.]{0,20}[0-9a.-]?") {
            proptest::prop_assert_eq!(
                plain_decimal(cell.as_bytes()).map(f64::to_bits),
                plain_decimal_before(cell.as_bytes()).map(f64::to_bits)
            );
        }

        /// The fast path reads every plain decimal to the same bits as the
        /// general parser, and leaves alone what it cannot.
        #[test]
        fn a_plain_decimal_reads_as_str_parse_does(
            cell in "-?[0-9]{0,18}(\\.[0-9]{0,18})?",
        ) {
            let general = cell.parse::<f64>().ok();
            if let Some(fast) = plain_decimal(cell.as_bytes()) {
                proptest::prop_assert_eq!(Some(fast.to_bits()), general.map(f64::to_bits));
            }
            proptest::prop_assert_eq!(
                parse_number(&cell).ok().flatten().map(f64::to_bits),
                general.filter(|_| !cell.is_empty() && cell != "-").map(f64::to_bits),
            );
        }
    }

    #[test]
    fn plain_decimals_take_the_fast_path_and_others_the_general_one() {
        assert_eq!(plain_decimal(b"70.4"), Some(70.4));
        assert_eq!(plain_decimal(b"-3"), Some(-3.0));
        assert_eq!(plain_decimal(b"0.1"), Some(0.1));
        assert_eq!(
            plain_decimal(b"123456789012345"),
            Some(123_456_789_012_345.0)
        );
        for general in [
            "",
            "-",
            ".5",
            "5.",
            "1e3",
            "+1",
            "1,234",
            " 1",
            "1234567890123456",
            "1.2.3",
        ] {
            assert_eq!(plain_decimal(general.as_bytes()), None, "{general}");
        }
        assert_eq!(
            parse_number("1234567890123456"),
            Ok(Some(1_234_567_890_123_456.0))
        );
        assert_eq!(parse_number(".5"), Ok(Some(0.5)));
    }

    #[test]
    fn a_decimal_comma_is_named_as_one() {
        for cell in ["70,4", "1,23", "-0,25", "70,4%"] {
            assert_eq!(
                parse_value(cell, "", None),
                Err(ValueError::DecimalComma),
                "{cell}"
            );
        }
        // A thousands separator, or no number at all, is not one.
        assert!(parse_value("4,903", "", None).is_ok());
        assert_eq!(parse_value("a,b", "", None), Err(ValueError::NotANumber));
        assert_eq!(parse_value("1,2345", "", None), Err(ValueError::NotANumber));
    }

    #[test]
    fn a_comma_after_the_decimal_point_is_refused_not_misread() {
        for cell in ["12.345,67", "1.234,5", "0.5,1"] {
            let e = parse_number(cell).expect_err(cell);
            assert!(e.contains("comma after the decimal point"), "{e}");
        }
        assert_eq!(parse_number("12,345.67"), Ok(Some(12345.67)));
    }

    #[test]
    fn numbers_as_people_write_them() {
        assert_eq!(parse_value("70.4", "", None), Ok(num(70.4)));
        assert_eq!(parse_value("70.4%", "", None), Ok(num(70.4)));
        assert_eq!(parse_value("4,903", "", None), Ok(num(4903.0)));
        assert_eq!(parse_value(" 1,234,567.5 ", "", None), Ok(num(1_234_567.5)));
        assert_eq!(parse_value("-3", "", None), Ok(num(-3.0)));
        assert_eq!(parse_value("0", "", None), Ok(num(0.0)));
    }

    #[test]
    fn not_numbers() {
        for cell in ["abc", "NaN", "inf", "12..3", "--1", "0x10", "1 2"] {
            assert_eq!(
                parse_value(cell, "", None),
                Err(ValueError::NotANumber),
                "{cell}"
            );
        }
    }

    #[test]
    fn special_tokens_are_never_zero() {
        for (cell, want) in [
            ("c", Value::Suppressed),
            ("[c]", Value::Suppressed),
            ("*", Value::Suppressed),
            ("x", Value::Missing),
            ("[x]", Value::Missing),
            ("..", Value::Missing),
            (":", Value::Missing),
            ("N/A", Value::Missing),
            ("na", Value::Missing),
            ("#N/A", Value::Missing),
            ("", Value::Missing),
            ("z", Value::NotApplicable),
            ("[z]", Value::NotApplicable),
            ("low", Value::BelowRounding),
            ("~", Value::BelowRounding),
        ] {
            assert_eq!(parse_value(cell, "", None), Ok(want), "{cell}");
        }
        assert_eq!(
            parse_value("", "Value suppressed (small numbers)", None),
            Ok(Value::Suppressed)
        );
    }

    #[test]
    fn counts_and_intervals_may_be_missing() {
        assert_eq!(parse_count("NA"), Ok(None));
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("[x]"), Ok(None));
        assert_eq!(parse_count("4,018.3"), Ok(Some(4018.3)));
        assert!(parse_count("lots").is_err());
    }

    #[test]
    fn provisional_and_revised_marks() {
        let p = Some(Mark::Provisional);
        let r = Some(Mark::Revised);
        assert_eq!(
            parse_value("12.1 p", "", None),
            Ok(Value::Number {
                value: 12.1,
                mark: p
            })
        );
        assert_eq!(
            parse_value("12.1[p]", "", None),
            Ok(Value::Number {
                value: 12.1,
                mark: p
            })
        );
        assert_eq!(
            parse_value("12.1 [P]", "", None),
            Ok(Value::Number {
                value: 12.1,
                mark: p
            })
        );
        assert_eq!(
            parse_value("12.1 r", "", None),
            Ok(Value::Number {
                value: 12.1,
                mark: r
            })
        );
        assert_eq!(
            parse_value("4,903 [r]", "", None),
            Ok(Value::Number {
                value: 4903.0,
                mark: r
            })
        );
    }

    #[test]
    fn a_dash_needs_the_plan_to_say_what_it_means() {
        assert_eq!(parse_value("-", "", None), Err(ValueError::Dash));
        assert_eq!(parse_value("-", "", Some(Dash::Zero)), Ok(num(0.0)));
        assert_eq!(
            parse_value("-", "", Some(Dash::Missing)),
            Ok(Value::Missing)
        );
    }

    fn ofsted() -> Vec<String> {
        [
            "Inadequate",
            "Requires improvement to be good",
            "Good",
            "Outstanding",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn grades_are_words_of_the_scale_by_rank() {
        let scale = ofsted();
        assert_eq!(parse_grade("Inadequate", "", None, &scale), Ok(num(1.0)));
        assert_eq!(parse_grade("  good ", "", None, &scale), Ok(num(3.0)));
        assert_eq!(
            parse_grade("REQUIRES IMPROVEMENT TO BE GOOD", "", None, &scale),
            Ok(num(2.0))
        );
        assert_eq!(parse_grade("Outstanding", "", None, &scale), Ok(num(4.0)));
        for (cell, want) in [
            ("c", Value::Suppressed),
            ("x", Value::Missing),
            ("", Value::Missing),
            ("[z]", Value::NotApplicable),
        ] {
            assert_eq!(parse_grade(cell, "", None, &scale), Ok(want), "{cell}");
        }
        assert_eq!(parse_grade("-", "", None, &scale), Err(ValueError::Dash));
        assert_eq!(
            parse_grade("-", "", Some(Dash::Missing), &scale),
            Ok(Value::Missing)
        );
        for cell in ["3", "Goodish", "Requires improvement", "-"] {
            let dash = (cell == "-").then_some(Dash::Zero);
            assert_eq!(
                parse_grade(cell, "", dash, &scale),
                Err(ValueError::NotOnScale),
                "{cell}"
            );
        }
    }

    #[test]
    fn a_word_off_the_scale_is_told_the_scale_and_the_nearest_word() {
        let scale = ofsted();
        let (message, help) = not_on_scale("Goood", &scale);
        assert_eq!(
            message,
            "`Goood` is not a grade on this indicator's scale: `Inadequate`, \
             `Requires improvement to be good`, `Good`, `Outstanding`"
        );
        assert!(help.starts_with("did you mean `Good`? "), "{help}");
        assert_eq!(
            nearest_grade("requires improvement", &scale),
            Some("Requires improvement to be good")
        );
        assert_eq!(nearest_grade("Brilliant", &scale), None);
    }
}
