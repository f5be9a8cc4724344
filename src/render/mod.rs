//! One renderer per output format: pure functions from results to text.

pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod mdc;
pub mod show;
pub mod svg;
pub mod table;
pub mod xlsx;

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
            c => out.push(c),
        }
    }
    out
}

/// Makes a free-text cell safe for a spreadsheet: a cell that Excel would
/// run as a formula (starting `=`, `+`, `-`, `@`, tab, CR or LF) gets a
/// leading apostrophe. A cell that is a plain number stays a number.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    // Control characters have no place in a spreadsheet cell, and an
    // escape sequence would act on the terminal the CSV is printed to.
    if cell
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    {
        let clean: String = cell
            .chars()
            .map(|c| {
                if c.is_control() && !matches!(c, '\t' | '\r' | '\n') {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
        return neutralise(&clean).into_owned().into();
    }
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn escape_sequences_never_reach_a_csv() {
        assert_eq!(neutralise("T\u{1b}[2J"), "T\u{FFFD}[2J");
        assert_eq!(neutralise("\u{1b}=1"), "\u{FFFD}=1");
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
