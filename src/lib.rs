//! cfp: track a partnership plan's indicators, targets and milestones.
//!
//! The library holds every rule; the binary only parses arguments and maps
//! outcomes to exit codes. The flow is plan (TOML) + measurements (CSV) +
//! an as-of date -> [`eval::Evaluation`] -> a renderer.

//!
//! The public surface is what the binary, `tests/`, `examples/` and the
//! fuzz targets use: the arguments ([`cli::Cli`]) and [`run`], and the
//! stages of the pipeline (plan, periods, measurements, evaluation,
//! rendering) with their diagnostics. How commands reach their output
//! (`cmd`, `context`, `output`), number formatting and the statistics are
//! the crate's own.

pub mod cli;
mod cmd;
mod context;
pub mod diag;
pub mod eval;
mod format;
pub mod generate;
pub mod measure;
mod output;
pub mod period;
pub mod plan;
pub mod render;
mod stats;

pub use cmd::{run, Outcome};
pub use context::Condition;
pub use diag::Invalid;
