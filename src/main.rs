//! The `cfp` binary: parse arguments, run the command, map the outcome to
//! an exit code (0 done, 1 a `--fail-on` condition holds, 2 usage error or
//! invalid plan or data).

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cfp::cli::{self, Cli, Command};
use cfp::cmd::{self, Outcome};
use cfp::Invalid;

fn run(cli: &Cli) -> anyhow::Result<Outcome> {
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
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
        Command::Man(args) => cmd::man::run(args, Cli::command()),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed(conditions)) => {
            if !cli.quiet {
                let names: Vec<&str> = conditions.iter().map(|c| c.name()).collect();
                // A failing stderr has no one to tell; the exit code says it.
                let _ = writeln!(
                    std::io::stderr(),
                    "cfp: failing: {} (--fail-on)",
                    names.join(", ")
                );
            }
            ExitCode::from(1)
        }
        // A reader that stopped early (`| head`): what it wanted, it had.
        // Only a broken pipe: a closed (EBADF) or full (ENOSPC) stdout lost
        // the output, and is an error below.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            if let Some(Invalid(diagnostics)) = err.downcast_ref::<Invalid>() {
                for d in diagnostics {
                    let _ = writeln!(stderr, "{d}");
                }
            }
            let _ = writeln!(stderr, "cfp: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
