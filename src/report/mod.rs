//! The report model: one serialisable result per command, between the
//! rules (`eval`) and the outputs (`render`). A command loads, evaluates,
//! builds its [`Report`] and hands it to [`crate::render::render`]; a
//! renderer reads the report and nothing else, and the words a reader sees
//! are written once, in [`words`], whatever the format.

pub(crate) mod check;
pub(crate) mod columns;
pub mod diff;
pub mod league;
pub mod pack;
mod row;
pub mod show;
pub mod status;
pub(crate) mod words;

pub use check::CheckReport;
pub use diff::Diff;
pub use league::League;
pub use pack::Pack;
pub use show::ShowReport;
pub use status::StatusReport;

/// What one command found, ready for any of its formats.
#[derive(Debug, Clone)]
pub enum Report {
    Status(StatusReport),
    /// `cfp overdue`: the status rows a board must hear about first, most
    /// urgent first.
    Overdue(StatusReport),
    Show(ShowReport),
    Diff(Diff),
    /// Boxed: a pack is many times the size of the other reports.
    Pack(Box<Pack>),
    Check(CheckReport),
    /// `cfp inspect`: a file before a plan reads it. Boxed: it holds every
    /// column's values.
    Inspect(Box<crate::inspect::Inspection>),
    /// `cfp league`: every area on every indicator.
    League(League),
}

impl Report {
    /// The command that writes this report, for messages.
    pub fn command(&self) -> &'static str {
        match self {
            Self::Status(_) => "status",
            Self::Overdue(_) => "overdue",
            Self::Show(_) => "show",
            Self::Diff(_) => "diff",
            Self::Pack(_) => "report",
            Self::Check(_) => "check",
            Self::Inspect(_) => "inspect",
            Self::League(_) => "league",
        }
    }
}
