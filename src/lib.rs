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
mod digits;
pub mod eval;
mod format;
pub mod inspect;
pub mod measure;
mod memory;
mod output;
pub mod period;
pub mod plan;
pub mod render;
pub mod report;
mod stats;
mod swar;
mod threads;
mod unit;
mod value;

pub use cmd::Outcome;
pub use context::Condition;
pub use diag::Invalid;

use cli::{Cli, Command};

/// Runs the command the arguments name, from the context they validate
/// to. Here, above both, so that `cli` (which names each command's
/// arguments) and `cmd` (which runs them) do not depend on each other.
pub fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    let ctx = cli::context(cli)?;
    match &cli.command {
        Command::Status(args) => cmd::status::run(&ctx, args),
        Command::Check(args) => cmd::check::run(&ctx, args),
        Command::Overdue(args) => cmd::overdue::run(&ctx, args),
        Command::Show(args) => cmd::show::run(&ctx, args),
        Command::Report(args) => cmd::report::run(&ctx, args),
        Command::Diff(args) => cmd::diff::run(&ctx, args),
        Command::Record(args) => cmd::record::run(&ctx, args),
        Command::Init(args) => cmd::init::run(&ctx, args),
        Command::Fetch(args) => cmd::fetch::run(&ctx, args),
        Command::Inspect(args) => cmd::inspect::run(&ctx, args),
        Command::League(args) => cmd::league::run(&ctx, args),
        Command::Completions(args) => cmd::completions::run(args, cli::command()),
        Command::Man(args) => cmd::man::run(args, cli::command()),
    }
}
