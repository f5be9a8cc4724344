//! One renderer per output format: pure functions from results to text.

pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
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
