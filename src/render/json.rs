//! JSON with a stable, documented shape (docs/json.md): every document is
//! `{ "schema_version": N, ... }`, written here and nowhere else.

use std::io::Write;

use serde::Serialize;

use crate::diag::is_bidi_control;
use crate::eval::{Rollup, StatusRow};
use crate::report::status::PlanSummary;
use crate::report::{Report, StatusReport};

/// Bumped when a field is renamed or removed; adding fields does not bump it.
const SCHEMA_VERSION: u32 = 2;

/// The envelope: the schema version, then the report's own fields.
#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct StatusBody<'a> {
    plan: &'a PlanSummary,
    as_of: chrono::NaiveDate,
    rows: &'a [StatusRow],
    /// With `--by priority`.
    #[serde(skip_serializing_if = "Option::is_none")]
    priorities: Option<&'a [Rollup]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitments: Option<&'a [Rollup]>,
}

impl<'a> StatusBody<'a> {
    fn of(r: &'a StatusReport) -> Self {
        Self {
            plan: &r.plan,
            as_of: r.as_of,
            rows: &r.rows,
            priorities: r.by_priority.then_some(&r.priorities[..]),
            commitments: r.by_priority.then_some(&r.commitments[..]),
        }
    }
}

#[derive(Serialize)]
struct PackBody<'a> {
    report: &'a crate::report::Pack,
}

fn write<T: Serialize>(body: &T, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        body,
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, BidiEscaped::default());
    doc.serialize(&mut ser)?;
    writeln!(out)
}

/// serde_json's pretty layout, with bidirectional controls written as
/// `\u202e` escapes (as it writes control characters): the data is the
/// same, and a terminal or editor showing the JSON is not reordered.
#[derive(Default)]
struct BidiEscaped(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for BidiEscaped {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| is_bidi_control(*c)) {
            w.write_all(&rest.as_bytes()[..at])?;
            write!(w, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    match report {
        Report::Status(r) | Report::Overdue(r) => write(&StatusBody::of(r), out),
        Report::Show(s) => write(s, out),
        Report::Diff(d) => write(d, out),
        Report::Pack(p) => write(&PackBody { report: p }, out),
        Report::Check(c) => write(c, out),
        Report::Inspect(i) => write(i, out),
        Report::League(l) => write(l, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_escaped_and_the_data_kept() {
        let mut out = Vec::new();
        write(&serde_json::json!({ "title": "abc\u{202E}fed" }), &mut out).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(text.contains("abc\\u202efed"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("parses");
        assert_eq!(back["title"], "abc\u{202E}fed");
    }
}
