//! The `Checker`, which gathers located problems while the plan is read,
//! and its primitive readers: a choice among names, a number, a date, a
//! period, a level (a number or a grade's word) and a `{ period, value }`
//! point. The entity readers (`structure`, `indicator`, `milestone`,
//! `sources`) are built from these.

use std::ops::Range;

use chrono::NaiveDate;

use super::raw;
use super::Point;
use crate::diag::{did_you_mean, Code, Diagnostic, Diagnostics, Location};
use crate::period::{self, PeriodContext};
use crate::value::{grade_rank, nearest_grade};

/// A plan file as read, kept so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: std::path::PathBuf,
    pub text: String,
}

/// Reads the plan's files into its types, gathering every problem, located.
pub(super) struct Checker {
    pub(super) files: Vec<SourceFile>,
    pub(super) diags: Diagnostics,
}

impl Checker {
    pub(super) fn loc(&self, file: usize, span: Range<usize>) -> Location {
        let f = &self.files[file];
        Location::in_text(&f.path, &f.text, span)
    }

    pub(super) fn err(
        &mut self,
        code: Code,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
    ) {
        let loc = self.loc(file, span);
        self.diags.error(code, Some(loc), message);
    }

    pub(super) fn err_help(
        &mut self,
        code: Code,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let loc = self.loc(file, span);
        self.diags
            .push(Diagnostic::error(code, Some(loc), message).with_help_opt(help));
    }

    pub(super) fn warn(
        &mut self,
        code: Code,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
    ) {
        let loc = self.loc(file, span);
        self.diags.warning(code, Some(loc), message);
    }

    /// Reads an enumerated value, listing the allowed ones when it is not.
    pub(super) fn choice<T>(
        &mut self,
        file: usize,
        value: &raw::Text,
        what: &str,
        names: &[&str],
        from: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = from(value.get_ref());
        if v.is_none() {
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let help = did_you_mean(value.get_ref(), names.iter().copied())
                .map(|d| format!("{d} ({what} is one of {list})"))
                .unwrap_or_else(|| format!("{what} is one of {list}"));
            self.err_help(
                Code::UnknownChoice,
                file,
                value.span(),
                format!("unknown {what} `{}`", value.get_ref()),
                Some(help),
            );
        }
        v
    }

    /// A target, amber or baseline value: a number, or for a grade a word
    /// of its scale (held as its rank, 1 = the first word).
    pub(super) fn level(
        &mut self,
        file: usize,
        v: &toml::Value,
        span: Range<usize>,
        what: &str,
        scale: Option<&[String]>,
    ) -> Option<f64> {
        let Some(scale) = scale else {
            return self.number(file, v, span, what);
        };
        if scale.is_empty() {
            // The scale's own error says what is wrong.
            return None;
        }
        let list = scale
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let toml::Value::String(word) = v else {
            self.err_help(
                Code::NotOnScale,
                file,
                span,
                format!("a grade's {what} is a word of its scale"),
                Some(format!("the scale is {list}")),
            );
            return None;
        };
        if let Some(rank) = grade_rank(word, scale) {
            return Some(rank as f64);
        }
        let help = match nearest_grade(word, scale) {
            Some(near) => format!("did you mean `{near}`? (the scale is {list})"),
            None => format!("the scale is {list}"),
        };
        self.err_help(
            Code::NotOnScale,
            file,
            span,
            format!("{what} `{word}` is not on the scale"),
            Some(help),
        );
        None
    }

    pub(super) fn number(
        &mut self,
        file: usize,
        v: &toml::Value,
        span: Range<usize>,
        what: &str,
    ) -> Option<f64> {
        match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(x) if x.is_finite() => Some(*x),
            _ => {
                self.err(
                    Code::NotANumber,
                    file,
                    span,
                    format!("{what} must be a number"),
                );
                None
            }
        }
    }

    pub(super) fn date(&mut self, file: usize, v: &raw::Loose, what: &str) -> Option<NaiveDate> {
        let parsed = match v.get_ref() {
            toml::Value::Datetime(dt) => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            toml::Value::String(s) => period::parse_date(s),
            _ => None,
        };
        if parsed.is_none() {
            self.err_help(
                Code::BadDate,
                file,
                v.span(),
                format!("`{what}` must be a date"),
                Some("write a date such as 2022-06-20".into()),
            );
        }
        parsed
    }

    /// A date or a period label; returns the period and its label.
    pub(super) fn period(
        &mut self,
        file: usize,
        v: &toml::Value,
        span: Range<usize>,
        ctx: PeriodContext,
        what: &str,
    ) -> Option<period::Period> {
        let result = match v {
            toml::Value::Datetime(dt) => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
                .map(period::Period::day)
                .ok_or_else(|| period::PeriodError {
                    message: format!("`{what}` must be a date or a period"),
                    help: None,
                }),
            toml::Value::String(s) => period::parse(s, ctx),
            toml::Value::Integer(y) => period::parse(&y.to_string(), ctx),
            _ => Err(period::PeriodError {
                message: format!("`{what}` must be a date or a period"),
                help: None,
            }),
        };
        match result {
            Ok(p) => Some(p),
            Err(e) => {
                self.err_help(Code::BadPeriod, file, span, e.message, e.help);
                None
            }
        }
    }

    pub(super) fn point(
        &mut self,
        file: usize,
        v: &raw::Loose,
        key: &str,
        ctx: PeriodContext,
        what: &str,
        scale: Option<&[String]>,
    ) -> Option<Point> {
        let span = v.span();
        let Some(table) = v.get_ref().as_table() else {
            self.err(
                Code::WrongType,
                file,
                span,
                format!("{what} must be a table like {{ {key} = \"2024/25\", value = 70 }}"),
            );
            return None;
        };
        for k in table.keys() {
            if k != key && k != "value" {
                self.err(
                    Code::UnknownField,
                    file,
                    span.clone(),
                    format!("unknown field `{k}` in {what}; expected `{key}` and `value`"),
                );
            }
        }
        let period = match table.get(key) {
            Some(p) => self.period(file, p, span.clone(), ctx, key),
            None => {
                self.err(
                    Code::MissingField,
                    file,
                    span.clone(),
                    format!("{what} needs `{key}`"),
                );
                None
            }
        };
        let value = match table.get("value") {
            Some(x) => self.level(file, x, span.clone(), "value", scale),
            None => {
                self.err(
                    Code::MissingField,
                    file,
                    span.clone(),
                    format!("{what} needs `value`"),
                );
                None
            }
        };
        Some(Point {
            period: period?,
            value: value?,
        })
    }
}
