//! Located diagnostics: every problem in a plan or its data, gathered so that
//! a user sees all of them at once, each pointing at file, line and column,
//! each of a kind in the catalogue ([`Code`]), and each echo of a user's
//! text and each count of one kind bounded, so that a hostile file cannot
//! flood a terminal or a CI log.

#[cfg(test)]
mod catalogue_doc;
mod codes;

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use codes::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a file, 1-based, with the text of its line for the excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub excerpt: Option<String>,
    #[serde(skip)]
    pub width: usize,
    /// For a spreadsheet: the sheet's name; `line` is then its row and
    /// `column` its column (A is 1), shown as a cell name such as B7.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl Location {
    /// Locates a byte range of `text` (the whole file) by line and column.
    pub fn in_text(file: &Path, text: &str, span: std::ops::Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        Self {
            file: file.to_path_buf(),
            line: text[..line_start].bytes().filter(|&b| b == b'\n').count() + 1,
            column,
            excerpt: Some(line_text.to_string()),
            width: text[start..end].chars().count().max(1),
            sheet: None,
        }
    }

    /// A location known only by line and column, with no excerpt.
    pub fn at(file: &Path, line: usize, column: usize) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            column,
            excerpt: None,
            width: 1,
            sheet: None,
        }
    }

    /// A cell of a spreadsheet: `row` as the sheet shows it, `column` from 1.
    pub fn cell(file: &Path, sheet: &str, row: usize, column: usize) -> Self {
        Self {
            sheet: Some(sheet.to_string()),
            ..Self::at(file, row, column)
        }
    }
}

impl fmt::Display for Location {
    /// `FILE:LINE:COL`, or `FILE, sheet NAME, cell B7` in a spreadsheet.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(
                f,
                "{}, sheet {}, cell {}{}",
                self.file.display(),
                sheet,
                column_letters(self.column),
                self.line
            ),
            None => write!(f, "{}:{}:{}", self.file.display(), self.line, self.column),
        }
    }
}

/// A spreadsheet's name for column `n` (1 is A, 27 is AA).
pub fn column_letters(mut n: usize) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Which kind of problem this is; its severity is the code's.
    pub code: Code,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// How many more of its code were found after it and only counted, not
    /// kept (see [`Diagnostics::push`]); 0 for most.
    #[serde(skip)]
    pub like_it: usize,
}

impl Diagnostic {
    pub fn error(code: Code, location: Option<Location>, message: impl Into<String>) -> Self {
        debug_assert_eq!(
            code.severity(),
            Severity::Error,
            "{} is a warning",
            code.name()
        );
        Self {
            severity: Severity::Error,
            code,
            location,
            message: message.into(),
            help: None,
            like_it: 0,
        }
    }

    pub fn warning(code: Code, location: Option<Location>, message: impl Into<String>) -> Self {
        debug_assert_eq!(
            code.severity(),
            Severity::Warning,
            "{} is an error",
            code.name()
        );
        Self {
            severity: Severity::Warning,
            code,
            location,
            message: message.into(),
            help: None,
            like_it: 0,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `cfp: error[CODE]: FILE:LINE:COL: message`, then the line with a
    /// caret, then the remedy.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cfp: {}[{}]: ", self.severity.name(), self.code.name())?;
        if let Some(loc) = &self.location {
            write!(f, "{}: ", sanitize(&loc.to_string()))?;
        }
        f.write_str(&sanitize(&self.message))?;
        if let Some(loc) = &self.location {
            if let Some(excerpt) = &loc.excerpt {
                let number = loc.line.to_string();
                let pad = " ".repeat(number.len());
                let shown = sanitize(excerpt);
                let before: String = shown.chars().take(loc.column - 1).collect();
                let mut caret = String::new();
                for c in before.chars() {
                    caret.push(if c == '\t' { '\t' } else { ' ' });
                }
                let _ = write!(caret, "{}", "^".repeat(loc.width.min(80)));
                write!(f, "\n{pad} |\n{number} | {shown}\n{pad} | {caret}")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", sanitize(help))?;
        }
        Ok(())
    }
}

/// Whether `c` is an invisible character that changes how text around it
/// is shown: a bidirectional embedding, override or isolate (U+202A to
/// U+202E, U+2066 to U+2069), which can make a cell or a message read in a
/// different order than it holds ("Trojan Source"). Every output treats
/// them as it treats control characters.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Strips control characters (other than tab) and bidirectional controls
/// so that text from a user's files cannot move the cursor, recolour a
/// terminal or reorder what is shown.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() && c != '\t' && c != '\n') || is_bidi_control(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// The problems found in one run; the plan or data is invalid when any of
/// them is an error.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    /// Per code, where its last kept diagnostic is in `items` and how many
    /// are kept.
    kept: HashMap<Code, (usize, usize)>,
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        let mut all = Self::default();
        for d in items {
            all.push(d);
        }
        all
    }
}

impl Diagnostics {
    /// Keeps the first [`SHOWN_PER_CODE`] of each code, all that can be
    /// shown; the rest are only counted, on the last one kept, so that a
    /// million malformed rows cost a hundred diagnostics of memory, not a
    /// million.
    pub fn push(&mut self, d: Diagnostic) {
        match self.kept.get_mut(&d.code) {
            Some((last, n)) if *n >= SHOWN_PER_CODE => {
                self.items[*last].like_it += 1 + d.like_it;
            }
            Some((last, n)) => {
                *last = self.items.len();
                *n += 1;
                self.items.push(d);
            }
            None => {
                self.kept.insert(d.code, (self.items.len(), 1));
                self.items.push(d);
            }
        }
    }

    pub fn error(&mut self, code: Code, location: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::error(code, location, message));
    }

    pub fn warning(&mut self, code: Code, location: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::warning(code, location, message));
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
    }

    /// Splits off the errors as an [`Invalid`] when there are any, leaving the
    /// warnings for the caller to print.
    pub fn into_result(self) -> Result<Vec<Diagnostic>, Invalid> {
        if self.has_errors() {
            Err(Invalid(self.items))
        } else {
            Ok(self.items)
        }
    }
}

/// The error for an invalid plan or data: all of its diagnostics, warnings
/// included, in the order found.
#[derive(Debug)]
pub struct Invalid(pub Vec<Diagnostic>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: usize = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| 1 + d.like_it)
            .sum();
        write!(
            f,
            "{errors} error{} in the plan or its data",
            if errors == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Invalid {}

/// How many diagnostics of one code are shown; the rest are counted. A
/// file of a million malformed rows says its first hundred and how many
/// more, rather than half a gigabyte of the same error.
pub const SHOWN_PER_CODE: usize = 100;

/// Diagnostics as they are shown: the first [`SHOWN_PER_CODE`] of each
/// code, in the order found, then a count of each code's rest.
#[derive(Debug)]
pub struct Bounded<'a> {
    pub shown: Vec<&'a Diagnostic>,
    /// Per code with some left out, in the order its first was found.
    pub more: Vec<More>,
}

/// How many diagnostics of one code were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct More {
    pub code: Code,
    pub count: usize,
}

/// How many problems `items` stand for: each, and those counted on it.
pub fn count(items: &[Diagnostic]) -> usize {
    items.iter().map(|d| 1 + d.like_it).sum()
}

/// Bounds `items` to [`SHOWN_PER_CODE`] of each code.
pub fn bounded(items: &[Diagnostic]) -> Bounded<'_> {
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    let mut order: Vec<Code> = Vec::new();
    let mut shown = Vec::new();
    for d in items {
        let n = seen.entry(d.code).or_insert(0);
        *n += 1;
        if *n <= SHOWN_PER_CODE {
            shown.push(d);
        }
        // Those counted, not kept, are past the shown ones.
        *n += d.like_it;
        if *n > SHOWN_PER_CODE && !order.contains(&d.code) {
            order.push(d.code);
        }
    }
    let more = order
        .into_iter()
        .map(|code| More {
            code,
            count: seen.get(&code).map_or(0, |n| n - SHOWN_PER_CODE),
        })
        .collect();
    Bounded { shown, more }
}

impl Bounded<'_> {
    /// The counts left out, by code name, for JSON.
    pub fn more_by_name(&self) -> BTreeMap<&'static str, usize> {
        self.more.iter().map(|m| (m.code.name(), m.count)).collect()
    }
}

impl fmt::Display for Bounded<'_> {
    /// Each diagnostic shown, then a line per code with some left out; each
    /// line ends with a newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.shown {
            writeln!(f, "{d}")?;
        }
        for m in &self.more {
            writeln!(f, "{m}")?;
        }
        Ok(())
    }
}

impl fmt::Display for More {
    /// `cfp: error[not-a-number]: and 999,900 more like it`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cfp: {}[{}]: and {} more like it",
            self.code.severity().name(),
            self.code.name(),
            thousands(self.count)
        )
    }
}

/// `999,900`: a count with thousands separated, here rather than from
/// `format` so that diagnostics stay a leaf every layer can use.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The most characters of a user's text (a cell, a period label) that a
/// message quotes.
pub const QUOTED: usize = 60;

/// A user's text as a message quotes it: whole when short, else its first
/// [`QUOTED`] characters and `…`, so that a cell of a megabyte is not
/// echoed whole. The row excerpt under a message is cut the same way.
pub fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTED) {
        None => text.into(),
        Some((end, _)) => format!("{}…", &text[..end]).into(),
    }
}

/// What a path that is not a regular file is, for a message: a FIFO would
/// block a run and a device never end, so cfp says which it met.
pub fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else if meta.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// "did you mean `gld`?" for a name that is close to a known one: the
/// closest, and among equally close ones the alphabetically first, so the
/// suggestion does not depend on the order `known` comes in (a hash map's).
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        let distance = strsim::levenshtein(name, candidate);
        if distance < 3 && best.is_none_or(|best| (distance, candidate) < best) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_by_line_and_column() {
        let text = "a = 1\nbb = \"x\"\r\nc = 3\n";
        let loc = Location::in_text(Path::new("f.toml"), text, 11..14);
        assert_eq!((loc.line, loc.column, loc.width), (2, 6, 3));
        assert_eq!(loc.excerpt.as_deref(), Some("bb = \"x\""));
    }

    #[test]
    fn renders_with_excerpt_caret_and_help() {
        let text = "id = \"gld\"\nparent = \"nope\"\n";
        let d = Diagnostic::error(
            Code::UnknownParent,
            Some(Location::in_text(Path::new("p.toml"), text, 20..26)),
            "unknown priority `nope`",
        )
        .with_help("did you mean `note`?");
        assert_eq!(
            d.to_string(),
            concat!(
                "cfp: error[unknown-parent]: p.toml:2:10: unknown priority `nope`\n",
                "  |\n",
                "2 | parent = \"nope\"\n",
                "  |          ^^^^^^\n",
                "  = help: did you mean `note`?"
            )
        );
    }

    #[test]
    fn spreadsheet_cells_are_named_as_a_spreadsheet_names_them() {
        let loc = Location::cell(Path::new("ofsted.ods"), "ILACS", 7, 2);
        assert_eq!(loc.to_string(), "ofsted.ods, sheet ILACS, cell B7");
        for (n, name) in [
            (1, "A"),
            (26, "Z"),
            (27, "AA"),
            (52, "AZ"),
            (53, "BA"),
            (703, "AAA"),
        ] {
            assert_eq!(column_letters(n), name);
        }
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("gdl", ["gld", "hpv"]).as_deref(),
            Some("did you mean `gld`?")
        );
        assert_eq!(did_you_mean("zzzzz", ["gld", "hpv"]), None);
    }

    #[test]
    fn among_equally_close_names_the_alphabetically_first_is_suggested() {
        // Every set iterates in its own order, as the plan's ids do.
        for _ in 0..50 {
            let ids: std::collections::HashSet<&str> =
                ["gle", "glz", "gld", "glf", "gla", "glb", "hpv"].into();
            assert_eq!(
                did_you_mean("glx", ids.iter().copied()).as_deref(),
                Some("did you mean `gla`?")
            );
        }
        // A closer name still wins over an alphabetically earlier one.
        assert_eq!(
            did_you_mean("gldx", ["aaaa", "gld", "gla"]).as_deref(),
            Some("did you mean `gld`?")
        );
    }

    #[test]
    fn a_warning_names_its_code_too_and_json_gives_it() {
        let d = Diagnostic::warning(Code::UnknownId, None, "1 row for `gdl`");
        assert_eq!(d.to_string(), "cfp: warning[unknown-id]: 1 row for `gdl`");
        let json = serde_json::to_value(&d).expect("serialises");
        assert_eq!(json["code"], "unknown-id");
        assert_eq!(json["severity"], "warning");
    }

    fn cell(code: Code, n: usize) -> Diagnostic {
        Diagnostic::error(code, None, format!("cell {n}"))
    }

    #[test]
    fn past_a_hundred_of_one_code_the_rest_are_counted() {
        let mut items: Vec<Diagnostic> =
            (0..1_000_000).map(|n| cell(Code::NotANumber, n)).collect();
        items.insert(150, cell(Code::BadPeriod, 0));
        items.push(cell(Code::BadPeriod, 1));
        let b = bounded(&items);
        assert_eq!(b.shown.len(), SHOWN_PER_CODE + 2);
        // In the order found: the period error among the first hundred.
        assert_eq!(b.shown[SHOWN_PER_CODE].code, Code::BadPeriod);
        assert_eq!(b.shown[SHOWN_PER_CODE - 1].message, "cell 99");
        assert_eq!(
            b.more,
            [More {
                code: Code::NotANumber,
                count: 999_900
            }]
        );
        let text = b.to_string();
        assert!(
            text.ends_with("cfp: error[not-a-number]: and 999,900 more like it\n"),
            "{}",
            &text[text.len() - 200..]
        );
        assert_eq!(b.more_by_name().get("not-a-number"), Some(&999_900));
        // A hundred exactly is shown whole.
        let hundred: Vec<Diagnostic> = (0..100).map(|n| cell(Code::NotANumber, n)).collect();
        assert!(bounded(&hundred).more.is_empty());
    }

    #[test]
    fn a_million_of_one_code_keep_a_hundred_and_count_the_rest() {
        let mut all = Diagnostics::default();
        for n in 0..1_000_000 {
            all.push(cell(Code::NotANumber, n));
        }
        all.push(cell(Code::BadPeriod, 0));
        assert_eq!(all.items.len(), 101);
        assert_eq!(count(&all.items), 1_000_001);
        let b = bounded(&all.items);
        assert_eq!(b.shown.len(), 101);
        assert_eq!(b.more_by_name().get("not-a-number"), Some(&999_900));
        // Merged from another reading, the counts carry.
        let mut merged = Diagnostics::default();
        merged.extend(all);
        assert_eq!(count(&merged.items), 1_000_001);
        let invalid = Invalid(merged.items);
        assert_eq!(
            invalid.to_string(),
            "1000001 errors in the plan or its data"
        );
    }

    #[test]
    fn warnings_are_counted_as_warnings() {
        let items: Vec<Diagnostic> = (0..101)
            .map(|n| Diagnostic::warning(Code::UnknownId, None, format!("{n}")))
            .collect();
        assert_eq!(
            bounded(&items).more[0].to_string(),
            "cfp: warning[unknown-id]: and 1 more like it"
        );
    }

    #[test]
    fn quoted_text_is_cut_at_sixty_characters() {
        assert_eq!(quoted("seventy"), "seventy");
        let exactly = "é".repeat(QUOTED);
        assert_eq!(quoted(&exactly), exactly);
        let long = "é".repeat(1_000_000);
        let cut = quoted(&long);
        assert_eq!(cut.chars().count(), QUOTED + 1);
        assert!(cut.ends_with("é…"));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
    }
}
