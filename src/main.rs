//! The `cfp` binary: parse arguments, run the command, map the outcome to
//! an exit code (0 done, 1 a `--fail-on` condition holds, 2 usage error or
//! invalid plan or data).

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;

use cfp::cli::Cli;
use cfp::{Invalid, Outcome};

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    // Parsed against the command line whose help offers each command only
    // what it takes (`cfp::cli::command`).
    let cli = match Cli::from_arg_matches(&cfp::cli::command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cfp::run(&cli) {
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
                // The first hundred of each kind, then how many more.
                let _ = write!(stderr, "{}", cfp::diag::bounded(diagnostics));
            }
            let _ = writeln!(stderr, "cfp: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
