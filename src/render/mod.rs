//! One renderer per output format, each from a [`Report`] to bytes, and
//! the one dispatch every command writes through. A renderer lays out the
//! report's words and never imports another renderer; `svg` (charts) and
//! `mdc` (Making Data Count icons) are drawing code that both packs embed.

pub(crate) mod csv;
mod docx;
mod html;
mod json;
mod markdown;
mod mdc;
pub mod svg;
mod table;
mod xlsx;

use std::io::Write;

pub use crate::context::Format;
use crate::report::Report;

/// How a report is laid out, where the format leaves a choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Colour the ratings (a terminal table).
    pub color: bool,
    /// Wrap a table to this width; `None` on a terminal, which
    /// comfy-table measures.
    pub width: Option<u16>,
    /// The folder, relative to a Markdown pack, its charts are written to.
    pub charts: Option<&'a str>,
}

/// The formats each command writes: the one table that the command
/// line's help, its validation and [`render`] all read.
pub fn formats(command: &str) -> &'static [Format] {
    use Format::{Csv, Docx, Html, Json, Markdown, Table, Xlsx};
    match command {
        "status" | "overdue" | "diff" => &[Table, Csv, Json, Markdown, Xlsx],
        "league" => &[Table, Csv, Json, Xlsx, Html],
        "check" | "inspect" => &[Table, Json],
        "show" => &[Table, Json, Xlsx],
        "report" => &[Html, Markdown, Json, Docx],
        _ => &[],
    }
}

/// Writes `report` in `format`. A format the command does not write is an
/// error (the command line refuses it first).
pub fn render(
    report: &Report,
    format: Format,
    opts: &Options,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if !formats(report.command()).contains(&format) {
        return Err(unsupported(report, format));
    }
    match format {
        Format::Table => table::render(report, opts, out),
        Format::Csv => csv::render(report, out),
        Format::Json => json::render(report, out),
        Format::Markdown => markdown::render(report, opts, out),
        Format::Html => html::render(report, out),
        Format::Xlsx => xlsx::render(report, out),
        Format::Docx => docx::render(report, out),
    }
}

fn unsupported(report: &Report, format: Format) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("cfp {} writes no {}", report.command(), format.name()),
    )
}

/// Escapes text for HTML and SVG, attributes included.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c if crate::diag::is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A character a spreadsheet cell must not carry: a control character
/// other than tab and line breaks, or a bidirectional control.
fn hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || crate::diag::is_bidi_control(c)
}

/// Text for a spreadsheet cell with what it must not carry replaced by
/// U+FFFD: control characters have no place there, an escape sequence
/// would act on the terminal a CSV is printed to, and a bidirectional
/// control would reorder what the cell shows.
fn cell_text(cell: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, most cells, holds nothing hidden.
    let printable = |b: &u8| (b' '..=b'~').contains(b);
    if !cell.bytes().all(|b| printable(&b)) && cell.chars().any(hidden) {
        cell.chars()
            .map(|c| if hidden(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        cell.into()
    }
}

/// Makes a free-text cell safe for a CSV read by a spreadsheet: as
/// [`cell_text`], and a cell that Excel would run as a formula (starting
/// `=`, `+`, `-`, `@`, tab, CR or LF) gets a leading apostrophe. A cell
/// that is a plain number stays a number.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let cell = cell_text(cell);
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn escape_sequences_never_reach_a_csv() {
        assert_eq!(neutralise("T\u{1b}[2J"), "T\u{FFFD}[2J");
        assert_eq!(neutralise("\u{1b}=1"), "\u{FFFD}=1");
        assert_eq!(neutralise("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(neutralise("\u{2066}x\u{2069}"), "\u{FFFD}x\u{FFFD}");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+1"), "'+1+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("-3.5"), "-3.5");
        assert_eq!(neutralise("-"), "'-");
        assert_eq!(neutralise("plain"), "plain");
    }
}
