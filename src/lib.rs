//! cfp: track a partnership plan's indicators, targets and milestones.
//!
//! The library holds every rule; the binary only parses arguments and maps
//! outcomes to exit codes. The flow is plan (TOML) + measurements (CSV) +
//! an as-of date -> [`eval::Evaluation`] -> a renderer.

pub mod cli;
pub mod cmd;
pub mod context;
pub mod diag;
pub mod eval;
pub mod format;
pub mod generate;
pub mod measure;
pub mod output;
pub mod period;
pub mod plan;
pub mod render;

pub use diag::Invalid;
pub mod stats;
