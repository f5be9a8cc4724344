//! `cfp completions SHELL`: a completion script generated from the command
//! line's own definition, so it never falls behind it.

use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    pub shell: Shell,
}

/// Writes the script for `command` (the whole cfp command line) to stdout.
pub(crate) fn run(args: &Args, mut command: clap::Command) -> anyhow::Result<super::Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "cfp", &mut script);
    crate::output::to_stdout(|out| out.write_all(&script))?;
    Ok(super::Outcome::Done)
}
