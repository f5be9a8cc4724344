//! The catalogue of problems cfp reports: one code per kind of problem,
//! with its stable name, its severity and its words, in one table. A
//! site's message says the specifics (the file, the value, a suggestion);
//! the code says which kind of problem it is, so that a script can act on
//! it (`cfp check --format json`) and a person can look it up
//! (docs/errors.md, written from this table).
//!
//! A name, once published, is never reused for another problem: scripts
//! match on it. Adding a code is one entry here, a folder under
//! `tests/errors/` that produces it, and `CFP_UPDATE_DOCS=1` to write its
//! section of docs/errors.md.

use serde::Serialize;

use super::Severity;

/// Generates [`Code`] with `ALL`, `name()`, `severity()`, `title()` and
/// `explanation()` from one table, so that a code's words cannot drift
/// apart from it.
macro_rules! codes {
    ($($variant:ident $name:literal $severity:ident $title:literal $explanation:literal;)*) => {
        /// A kind of problem in a plan or its data.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the catalogue's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, as printed (`error[duplicate-id]`)
            /// and as JSON gives it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the problem is, in a line.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title,)*
                }
            }

            /// Why it is a problem and the usual remedy, in a paragraph.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation,)*
                }
            }
        }
    };
}

codes! {
    // The plan's files.
    TomlSyntax "toml-syntax" Error
        "a plan file is not valid TOML"
        "cfp.toml, or a file it includes, could not be read as TOML: a quote or \
         bracket left open, a key written twice, a table header written wrong, a \
         key path too deep. The message is the TOML reader's own and the caret \
         points where it stopped; fix the text there.";
    UnknownField "unknown-field" Error
        "a key cfp does not know"
        "A table of the plan has a key cfp does not read, most often a \
         misspelling (`targte` for `target`). The message lists the keys the \
         table takes. cfp refuses an unknown key rather than ignore a setting \
         you meant: correct its name, or remove it.";
    MissingField "missing-field" Error
        "a required key or table is missing"
        "A table lacks a key it needs: cfp.toml its `[plan]`, a priority its \
         `title`, a target its `value`, a baseline its `period`, an indicator \
         or milestone the `commitment` or `priority` it belongs to, and \
         `[measurements]` its `files` when it has `columns` or `where`. Add \
         what the message names.";
    WrongType "wrong-type" Error
        "a key holds the wrong kind of value"
        "A key holds a value of the wrong kind: a number where text is \
         expected, a list where a table is, a word where a table like \
         `{ period = \"2024/25\", value = 70 }` is. The message says what was \
         expected.";
    NotUtf8 "not-utf8" Error
        "a plan file is not UTF-8 text"
        "Plan files are read as UTF-8. One saved in another encoding (Windows-1252 \
         by older editors) is refused at its first byte that is not UTF-8, which \
         the caret points at. Save the file as UTF-8.";
    MainFileOnly "main-file-only" Error
        "a setting that belongs in cfp.toml, not an included file"
        "`include`, `[plan]`, `[defaults]` and `[measurements]` describe the \
         whole plan, so they are read from cfp.toml only. Move them there from \
         the included file.";
    BadInclude "bad-include" Error
        "an include cfp will not read"
        "An `include` is a path or glob of `.toml` files under the plan's folder. \
         A plan may come from an untrusted branch, so cfp refuses an include \
         that leaves the folder (`..`, an absolute path, a symlink out of it), \
         a file that is not a `.toml` file, and one over 64 MiB. Move the file \
         under the plan's folder.";
    MatchesNoFile "matches-no-file" Warning
        "a file pattern that matches nothing"
        "An `include` or a measurements `files` pattern with a wildcard matched \
         no file. The run goes on without it; the warning is there so that a \
         file renamed or moved does not go unnoticed. Fix the pattern, or remove \
         it.";
    // Ids and the plan's structure.
    BadId "bad-id" Error
        "an id that is not a valid id"
        "Ids are lower-case letters, digits, `.`, `_` and `-`, starting with a \
         letter or digit, so that they can be typed on a command line and in a \
         CSV without quoting. Rename the id, and the rows that use it.";
    DuplicateId "duplicate-id" Error
        "an id defined twice"
        "Every priority, commitment, indicator and milestone id is unique across \
         the plan and the files it includes, since rows and parents name them. \
         The help says where the id was first defined: rename one of the two.";
    UnknownParent "unknown-parent" Error
        "a parent that is not a priority or commitment of the plan"
        "An indicator or milestone names the `commitment` or `priority` it \
         belongs to, and a commitment its `priority`: an id of that kind in the \
         plan. A close id is suggested. Fix the name, or define the parent.";
    ConflictingFields "conflicting-fields" Error
        "two settings where one is given"
        "Some settings exclude each other: an indicator's or milestone's \
         `commitment` and `priority` (a commitment already belongs to a \
         priority), a source's `indicator` and `ids`, its `published` and \
         `lag`. Keep the one that says what you mean.";
    UnknownChoice "unknown-choice" Error
        "a word that is not one of the allowed ones"
        "Settings such as `unit`, `polarity`, `cadence`, `year`, `preset` and \
         `dash` take one of a few words. The help lists them, and suggests the \
         closest.";
    UnknownColumn "unknown-column" Error
        "a column name that is not one of cfp's"
        "`[measurements.columns]` maps cfp's own columns (`id`, `period`, \
         `value`, `area`, ...) to a file's headers, and `fill_down` names cfp's \
         columns: a name that is none of them would do nothing. Use one of the \
         names the help lists.";
    BadSourceId "bad-source-id" Error
        "a source names an id that takes no rows"
        "A `[[measurements.source]]`'s `indicator` or `ids` names an indicator, \
         milestone or commitment of the plan. A priority takes no measurements, \
         and an id the plan does not define is most often a misspelling (a \
         close id is suggested).";
    // Values of the plan, and cells of the data.
    NotANumber "not-a-number" Error
        "a value that is not a number"
        "A figure, a count or a setting that must be a number holds something \
         else. A figure is a number such as 70.4, 70.4% or 4,903, or a special \
         value: c (suppressed), x (missing), z (not applicable), low (below \
         rounding); a count may be empty or NA. Fix the cell, or check that the \
         source maps the right column.";
    DecimalComma "decimal-comma" Error
        "a number written with a decimal comma"
        "`70,4` is 70.4 and `12.345,67` twelve thousand, written the European \
         way; read with the comma as a thousands separator they would be wrong, \
         so cfp refuses them rather than guess. Export the file with decimal \
         points, or swap the column's points and commas.";
    OutOfRange "out-of-range" Error
        "a number its setting cannot take"
        "A setting such as `per`, `spc_baseline`, `benchmark_levels` or \
         `header_row` has a number it cannot take: zero, negative, or not one \
         of the allowed values. The message says which are allowed.";
    BadDate "bad-date" Error
        "a date cfp cannot read"
        "A date (`start`, `end`, `completed`, `rebase`, `published`, or a row's \
         `published` cell) is written 2025-03-31, 31/03/2025 or 31 March 2025, \
         always day first. Fix the date.";
    BadPeriod "bad-period" Error
        "a period cfp cannot read"
        "A period is a label such as 2024/25, Q1 2024/25, 2024-Q1, Mar 2024, \
         2024-03-31, 2024, 2020 - 22 or Autumn term 2024/25 (SPEC section 2). \
         A label that could mean two periods (FY25, a quarter without its \
         year) is refused, and the help gives the forms that say which. An EES \
         file gives its period as `time_period` and `time_identifier`, checked \
         together.";
    BadDuration "bad-duration" Error
        "a length of time cfp cannot read"
        "`lag` and `due_soon` are lengths of time such as \"3 months\", \"6 \
         weeks\" or \"1 year\", of at most 100 years.";
    BadTolerance "bad-tolerance" Error
        "a tolerance cfp cannot read or apply"
        "A tolerance is a share of the target (\"5%\"), an amount in the unit \
         (\"3\") or percentage points (\"2pp\"), and percentage points fit only \
         an indicator with unit = \"percent\". Give the indicator a tolerance \
         its unit can take.";
    NotForUnit "not-for-unit" Error
        "a setting the indicator's unit does not take"
        "Some settings belong to one unit: `per` to a rate, `scale` to a grade. \
         A grade (unit = \"grade\") has no cadence, tolerance or trajectory, and \
         its polarity is `higher`, as its scale runs from worst to best. Remove \
         the setting, or change the unit.";
    BadScale "bad-scale" Error
        "a grade's scale that cannot rank"
        "A grade indicator needs a `scale`: two or more different words, worst \
         first, none empty. Grades are matched ignoring case, so the same word \
         twice in two cases is refused.";
    NotOnScale "not-on-scale" Error
        "a grade that is not a word of its scale"
        "A grade's target, amber and baseline, and its figures in the data, are \
         words of the indicator's `scale` (matched ignoring case); a data cell \
         may also be a special value. The help suggests the nearest word.";
    NeedsPolarity "needs-polarity" Error
        "a target with no direction"
        "A target is met or missed only when a higher or a lower figure is \
         better: an indicator with a target says `polarity = \"higher\"` or \
         `\"lower\"`.";
    BadAmber "bad-amber" Error
        "an amber threshold on the wrong side of its target"
        "A target's `amber` is the worse figure still rated amber: below the \
         target when higher is better, above it when lower is, a lower grade on \
         a grade's scale. Move it to the other side of the target, or check the \
         polarity.";
    BadTrajectory "bad-trajectory" Error
        "a trajectory with no dated target"
        "A trajectory's points lead to a target, so the indicator needs a \
         target with a `value` and a `by` period.";
    OutOfOrder "out-of-order" Error
        "dates or periods in an order that cannot be"
        "The plan ends after it starts; a baseline comes before the first \
         trajectory point and the target; trajectory points run in time order \
         and end by the target's `by`. Fix the date or period the message \
         names.";
    DueOutsidePlan "due-outside-plan" Error
        "a milestone due outside the plan's time"
        "A milestone due before the plan's `start`, or more than ten years after \
         its `end`, is most often a typo in the year. Fix the `due` period, or \
         the plan's dates.";
    TargetWorseThanBaseline "target-worse-than-baseline" Warning
        "a target worse than the baseline"
        "A target below the baseline of a higher-is-better indicator (or above \
         it, lower-is-better) is accepted, since a plan may mean to limit a \
         decline, but it is more often a wrong polarity or a typo. The rating's \
         reason says it too.";
    BadArea "bad-area" Error
        "an area named where it cannot be"
        "The plan's own `area` is not one of its `comparators`; an indicator's \
         own `area` is neither empty nor a comparator; each code in `[plan] \
         codes` is not empty and belongs to one area.";
    BadGroup "bad-group" Error
        "a comparator group that cannot be read"
        "A group in `[plan] groups` is also named in `comparators`, and lists \
         areas other than the plan's own and itself, each once.";
    // Measurement files.
    MissingFile "missing-file" Error
        "a measurements file that does not exist"
        "A path in `files` names no file. Fix the path (it is relative to the \
         plan's folder), or remove it.";
    NotAFile "not-a-file" Error
        "a path that is not a regular file"
        "cfp reads only regular files: a folder, a FIFO or a device named as a \
         measurements or plan file is refused before it is opened, since a \
         FIFO would block the run and a device never end. Name the file \
         itself.";
    CannotRead "cannot-read" Error
        "a file that cannot be read"
        "The operating system or the decompressor refused the file: no \
         permission, a damaged `.csv.gz`, a disk error. The message gives the \
         reason.";
    BadPattern "bad-pattern" Error
        "a file pattern that is not a valid glob"
        "A `files` or `include` pattern cannot be read as a glob, most often \
         for a `[` left open. Fix the pattern; a bracket in a file name is \
         written `[[]`.";
    BinaryFile "binary-file" Error
        "a file that is binary data, not CSV text"
        "A measurements CSV holds a zero byte: a workbook, an image or another \
         binary file saved with a `.csv` name. Export the sheet as CSV, or name \
         the workbook itself (`.xlsx`, `.ods`, `.xls`).";
    Utf16Text "utf16-text" Error
        "a file of UTF-16 text, not CSV"
        "A file that starts with a UTF-16 byte order mark is most often Excel's \
         \"Unicode Text\", which separates its columns with tabs. cfp reads CSV in \
         UTF-8 (or Windows-1252): save it from Excel as \"CSV UTF-8 (Comma \
         delimited)\".";
    EmptyFile "empty-file" Error
        "a file or sheet with nothing to read"
        "A measurements file with no header row, a workbook with no sheets, or \
         a sheet with no cells gives nothing. Check that it is the file meant: \
         a download cut short leaves an empty one.";
    BadHeader "bad-header" Error
        "a header row cfp cannot read as one"
        "A header names each column once, or cfp cannot tell which of two to \
         read. In a CSV the header is the first line, of at most 64 KiB; in a \
         sheet it is the first row of two or more filled cells side by side, or \
         the row `header_row` gives.";
    MissingColumn "missing-column" Error
        "a column the source needs is not in the header"
        "A file needs an id column (unless its source gives `indicator`), a \
         period column (unless it gives `period`), a value or status column, \
         and every column its source's `columns`, `where` and `fill_down` name. \
         The help lists the header's names; map other names with \
         `[measurements.columns]`.";
    BadMelt "bad-melt" Error
        "a wide table's columns cfp cannot read as periods"
        "A source's `melt` reads a table whose periods run across its columns: \
         each template holds `{period}` once (`\"{period} Current smokers %\"`), \
         the `value` (or `status`) template matches at least one header, and \
         the text standing for `{period}` in each matching header is a period \
         cfp reads (`2021`, `2021/22`, `Q1 2024/25`). The help lists the \
         headers nearest the template.";
    UnclosedQuote "unclosed-quote" Error
        "a quoted cell left open"
        "A cell that opens with a quote and is not closed on its line would \
         swallow the rows after it, up to the next quote, into one cell. cfp \
         refuses it at the line where it opened. Close the quote, or write a \
         quote inside a quoted cell as two (\"\").";
    WrongFieldCount "wrong-field-count" Error
        "a row with more or fewer cells than the header"
        "Most often a comma in an unquoted note (`Due in July, after sign-off`), \
         which shifts every cell after it. Quote the cell, or leave a cell empty \
         rather than out.";
    NoId "no-id" Error
        "a row with an empty id"
        "Each row names the plan id it is for; a row whose id cell is empty \
         cannot be placed. Fill it in, or delete the row.";
    UnknownId "unknown-id" Warning
        "rows for an id the plan does not define"
        "Rows whose id is no id of the plan are skipped, and said once per id \
         with the first such row and how many. Most often a misspelling (a \
         close id is suggested) or an indicator not yet added to the plan.";
    PriorityRow "priority-row" Error
        "a row recorded against a priority"
        "Priorities take no measurements: record figures against the \
         priority's indicators, and status against its milestones or \
         commitments.";
    AmbiguousDash "ambiguous-dash" Error
        "a `-` cell, which could mean nil or not available"
        "Publishers write `-` for nil (zero) and for not available. Say which \
         your files mean with `[measurements] dash = \"zero\"` or \
         `\"missing\"`.";
    BadCounts "bad-counts" Error
        "counts or limits that cannot be true"
        "A negative numerator or denominator, a numerator over its denominator \
         for a percentage, or a lower confidence limit above the upper: often \
         columns swapped or shifted. Fix the row. A zero denominator is not an \
         error: see `zero-denominator`.";
    UnpairedRow "unpaired-row" Warning
        "a counts row with no figure row to join"
        "A source's `measure` reads a file that holds a figure and its counts \
         on separate rows (`Measure Type` = Outcome, Numerator, Denominator). \
         Rows are joined by id, area, period and the columns `where` names; a \
         counts row with no figure row of the same keys, or whose keys two \
         figure rows share, is not read, never guessed: it is counted, and \
         said once per file with the first place it is.";
    PeerRowsUnread "peer-rows-unread" Warning
        "rows of other areas left out of a national rank or a league"
        "The rows of areas the plan does not track are read as peers for the \
         plan area's national rank (where the files name each area's level) \
         and for `cfp league`; a row with a value, count or period that does \
         not read is left out and counted, since only the plan's own areas' \
         rows are reported one by one. `cfp check --area AREA` reads the file \
         as that area's and shows each such row with its place.";
    PeerConflict "peer-conflict" Warning
        "two figures of another area for one period, published together"
        "For the plan's own areas two rows that give one period different \
         figures on the same publication date are an error (`conflicting-rows`). \
         Of another area's, read only to rank the plan's area or for a league, \
         the first row read is used and the rest counted; `cfp check --area \
         AREA` shows both rows as an error.";
    TooManyAreas "too-many-areas" Warning
        "more areas than a national rank or a league reads"
        "A national rank reads up to 4,096 other areas at the plan area's level \
         and a league up to 65,535. A file of more (every LSOA, every output \
         area) gives no national rank rather than one among some of them, and \
         a league of the first 65,535 read.";
    ZeroDenominator "zero-denominator" Warning
        "figures over a zero denominator"
        "A published figure over no cases is kept as published, without its \
         counts, so it has no interval. Said once per file, with how many.";
    BadStatus "bad-status" Error
        "a status row without a status cfp knows"
        "A milestone's or commitment's row needs a status, one of the words the \
         help lists.";
    ConflictingRows "conflicting-rows" Error
        "two rows give one figure two values"
        "Two rows for the same indicator, area, period and publication date \
         hold different figures: often a file of breakdowns (by sex, by age) \
         read without a `where` to pick one, or a restated figure, which needs \
         a later `published` date. Three conflicts of an indicator are shown in \
         full, then how many more. `cfp record` refuses a figure that conflicts \
         with one already recorded in the same way.";
    MixedPeriods "mixed-periods" Error
        "one series with periods of different kinds"
        "A series holds periods of different lengths (years and quarters), and \
         its trend would compare unlike with unlike. Record the other kind \
         against another indicator.";
    UntrackedArea "untracked-area" Warning
        "an area name that looks like a misspelt tracked one"
        "Rows of an area the plan does not track are skipped; when a name is a \
         letter or two from a tracked one, cfp says so once per file. Fix the \
         spelling, or match areas by GSS code with `[plan] codes`.";
    WhereMatchesNothing "where-matches-nothing" Warning
        "a `where` value that no row holds"
        "A source keeps only the rows whose cells match its `where`; a value no \
         row holds keeps nothing, and its indicators would show no data. The \
         message lists values seen; values match ignoring case and surrounding \
         spaces.";
    SeriesEndsEarly "series-ends-early" Warning
        "one area's series ends before the others'"
        "An indicator's series for one area ends before other areas' from the \
         same source: its later rows may be left out by a `where`, spelt \
         another way, or not yet published.";
    RowNotKept "row-not-kept" Error
        "a row `cfp record` would write that the plan would not read"
        "`cfp record` refuses a row that the plan would not read back: one its \
         source's `where` leaves out, of an area the plan does not track, with \
         no area where the source reads areas from a column (give `--area`), \
         or of an id the source's `ids` does not list.";
    // Workbooks.
    WorkbookTooLarge "workbook-too-large" Error
        "a workbook too large to read"
        "cfp reads workbooks of a council's size: at most 256 MB of XML once \
         unpacked, and an `.ods` sheet of at most 5,000,000 cells. A larger one \
         is refused before it is read, since reading it could exhaust memory. \
         Export the table as CSV, or check that the file is the one meant.";
    BadWorkbook "bad-workbook" Error
        "a workbook cfp cannot read"
        "The file named as a workbook is damaged, partly downloaded, or not a \
         workbook at all (a CSV or a web page saved as `.xlsx`). Download or \
         save it again, or export the table as CSV.";
    PasswordProtected "password-protected" Error
        "a workbook protected with a password"
        "An encrypted workbook cannot be read without its password, and cfp \
         asks for none. Open it and save a copy without the password (in \
         Excel: File, Info, Protect Workbook, Encrypt with Password, cleared), \
         or export the table as CSV.";
    UnknownSheet "unknown-sheet" Error
        "a sheet the workbook does not have"
        "A source's `sheet` names no sheet of the workbook (matched ignoring \
         case). The help lists the workbook's sheets.";
    HiddenSheet "hidden-sheet" Warning
        "a hidden sheet, read because the plan names it"
        "A hidden sheet often holds lookups or an old version: without `sheet`, \
         cfp reads the first visible one. A hidden sheet that `sheet` names is \
         read, with this warning.";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_words_are_said() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in Code::ALL {
            let name = code.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                !name.is_empty()
                    && name.split('-').all(|w| !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name} is not kebab-case"
            );
            assert!(
                !code.title().is_empty() && !code.title().ends_with('.'),
                "{name}"
            );
            assert!(code.explanation().ends_with('.'), "{name}");
            // Line continuations leave single spaces only.
            assert!(!code.explanation().contains("  "), "{name}");
        }
    }
}
