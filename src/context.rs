//! What every command runs with: the validated context, the output formats
//! and the `--fail-on` conditions. The command line (`cli`) resolves its
//! raw flags into these once; commands depend on this, never on `cli`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    Html,
    /// An Excel workbook (needs -o FILE.xlsx)
    Xlsx,
    /// A Word document (needs -o FILE.docx)
    Docx,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Self::Table,
        Self::Csv,
        Self::Json,
        Self::Markdown,
        Self::Html,
        Self::Xlsx,
        Self::Docx,
    ];

    /// The format a file name implies.
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" => Some(Self::Html),
            "xlsx" => Some(Self::Xlsx),
            "docx" => Some(Self::Docx),
            "txt" => Some(Self::Table),
            _ => None,
        }
    }

    /// The extension a file of this format is named with.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Table => "txt",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Xlsx => "xlsx",
            Self::Docx => "docx",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Xlsx => "xlsx",
            Self::Docx => "docx",
        }
    }

    /// A file format no terminal can show: it needs `-o FILE`. Its name
    /// for a reader, when it is one.
    pub fn document(self) -> Option<&'static str> {
        match self {
            Self::Xlsx => Some("a workbook"),
            Self::Docx => Some("a Word document"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A condition `--fail-on` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum Condition {
    Red,
    Amber,
    Overdue,
    DueSoon,
    Stale,
    NoData,
    Missed,
}

impl Condition {
    pub fn name(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Amber => "amber",
            Self::Overdue => "overdue",
            Self::DueSoon => "due-soon",
            Self::Stale => "stale",
            Self::NoData => "no-data",
            Self::Missed => "missed",
        }
    }

    /// Whether a rated row meets this condition.
    pub fn holds(self, row: &crate::eval::StatusRow) -> bool {
        use crate::eval::{Flag, Rag, Status};
        match self {
            Self::Red => row.rag == Rag::Red,
            Self::Amber => row.rag == Rag::Amber,
            Self::Overdue => row.status == Status::Overdue,
            Self::DueSoon => row.status == Status::DueSoon,
            Self::Stale => row.flags.contains(&Flag::Stale),
            Self::NoData => row.status == Status::NoData,
            Self::Missed => row.status == Status::Missed,
        }
    }
}

/// Reads a date argument, YYYY-MM-DD.
pub fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-02-26"))
}

/// What every command needs, resolved once from the raw flags.
#[derive(Debug, Clone)]
pub struct Context {
    pub plan: Option<PathBuf>,
    pub cwd: PathBuf,
    pub as_of: NaiveDate,
    pub format: Option<Format>,
    pub fail_on: Vec<Condition>,
    pub color: bool,
    pub quiet: bool,
    /// A file to write instead of stdout (`None`, or `-`: stdout).
    pub output: Option<PathBuf>,
    /// `-o -`: the results go to stdout, even where a command would
    /// otherwise write a file of its own (fetch).
    pub to_stdout: bool,
    /// Table width; `None` lets the terminal decide.
    pub width: Option<u16>,
    /// `--area`: the area the plan is rated for, instead of its own.
    pub area: Option<String>,
}
