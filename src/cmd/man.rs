//! `cfp man [COMMAND]`: the manual page, generated from the command line's
//! own definition, so it documents every command and option there is.

use anyhow::bail;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A command's own page (cfp-status(1), ...) instead of cfp(1)
    pub command: Option<String>,
}

/// Writes the roff page for `command` (the whole cfp command line), or for
/// one of its commands.
pub(crate) fn run(args: &Args, command: clap::Command) -> anyhow::Result<super::Outcome> {
    let page_for = match &args.command {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name) else {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                bail!("cfp has no command `{name}`: it has {}", names.join(", "));
            };
            let title = format!("cfp-{}", sub.get_name());
            sub.clone()
                .name(title)
                .version(command.get_version().unwrap_or_default().to_string())
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(page_for).render(&mut page)?;
    crate::output::to_stdout(|out| out.write_all(&page))?;
    Ok(super::Outcome::Done)
}
