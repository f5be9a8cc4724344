//! The text of a cell as a file holds it: UTF-8, or Windows-1252 as Excel
//! writes it, compared on raw bytes wherever that is enough.

use std::borrow::Cow;

use csv::ByteRecord;

/// The text of a cell: UTF-8, or else Windows-1252 as Excel writes it.
pub(super) fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Whether a raw cell says `want`: a byte comparison, except for a cell in
/// Windows-1252 (not UTF-8), which is decoded first.
pub(super) fn same_text(cell: &[u8], want: &str) -> bool {
    cell == want.as_bytes()
        || (!cell.is_ascii() && std::str::from_utf8(cell).is_err() && text(cell) == want)
}

pub(super) fn text_width(bytes: &[u8]) -> usize {
    text(bytes).chars().count()
}

/// A row as text, for the excerpt under a diagnostic, with where each field
/// starts (in characters).
pub(super) fn excerpt(rec: &ByteRecord) -> (String, Vec<usize>) {
    let mut line = String::new();
    let mut starts = Vec::with_capacity(rec.len());
    for (i, field) in rec.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        starts.push(line.chars().count());
        let t = text(field);
        if t.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&t.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&t);
        }
    }
    (line, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_quotes_fields_that_need_it() {
        let rec = ByteRecord::from(vec!["gld", "4,903", "say \"hi\""]);
        let (line, starts) = excerpt(&rec);
        assert_eq!(line, "gld,\"4,903\",\"say \"\"hi\"\"\"");
        assert_eq!(starts, vec![0, 4, 12]);
    }

    #[test]
    fn windows_1252_cells_decode() {
        assert_eq!(text(b"caf\xe9"), "café");
        assert_eq!(text("café".as_bytes()), "café");
        assert!(same_text(b"caf\xe9", "café"));
        assert!(!same_text(b"cafe", "café"));
    }
}
