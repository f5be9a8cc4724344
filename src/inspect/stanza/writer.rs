//! The stanza's TOML: strings and keys escaped as TOML reads them, tables
//! inline where they fit a line, comments wrapped, and headers written as
//! a person types them.

use super::super::profile::Column;
use crate::measure::normal_header;

/// TOML text, line by line, comments wrapped to fit a terminal.
#[derive(Default)]
pub(super) struct Toml {
    pub(super) text: String,
}

impl Toml {
    pub(super) fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A key and its value, after the comment on it, if any.
    pub(super) fn pair(&mut self, key: &str, value: &str, comment: Option<&str>) {
        if let Some(c) = comment {
            self.comment(c);
        }
        self.line(&format!("{key} = {value}"));
    }

    /// A table of `key = "value"` pairs: inline where it fits a line,
    /// else a dotted key a line, which TOML reads the same.
    pub(super) fn table(&mut self, name: &str, pairs: &[(String, String)]) {
        let line = format!("{name} = {}", inline(pairs));
        if line.chars().count() <= 80 {
            return self.line(&line);
        }
        for (k, v) in pairs {
            self.line(&format!("{name}.{} = {}", key(k), string(v)));
        }
    }

    pub(super) fn comment(&mut self, text: &str) {
        let mut line = String::from("#");
        for word in text.split(' ') {
            if line.len() > 2 && line.len() + 1 + word.len() > 78 {
                self.line(&line);
                line = String::from("#  ");
            }
            line.push(' ');
            line.push_str(word);
        }
        self.line(&line);
    }
}

/// A TOML basic string.
pub(super) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare where TOML allows it, else quoted.
pub(super) fn key(text: &str) -> String {
    // An id of digits is a bare key to TOML, but quoted it reads as the
    // text it is, as docs/sources.md writes Fingertips' ids.
    let bare = !text.is_empty()
        && !text.bytes().all(|b| b.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        text.to_string()
    } else {
        string(text)
    }
}

/// An inline table of `key = "value"` pairs.
pub(super) fn inline(pairs: &[(String, String)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{} = {}", key(k), string(v)))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}

/// A header as a person types it (see the module's comment), unless
/// another header of the table would then read the same.
pub(super) fn typed(header: &str, columns: &[Column]) -> String {
    let loose = crate::measure::spoken_header(header);
    let same = |h: &str| normal_header(h, false) == normal_header(&loose, false);
    if loose.is_empty() || columns.iter().filter(|c| same(&c.header)).count() != 1 {
        header.to_string()
    } else {
        loose
    }
}

/// Headers quoted for a comment, as typed into the plan.
pub(super) fn listed<'a>(columns: impl IntoIterator<Item = &'a Column>, all: &[Column]) -> String {
    columns
        .into_iter()
        .map(|c| string(&typed(&c.header, all)))
        .collect::<Vec<_>>()
        .join(", ")
}
