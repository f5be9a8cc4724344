//! The command line: global options, the command enum, and the validated
//! context every command runs with.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::cmd;
pub use crate::context::{parse_date_arg, ColorChoice, Condition, Context, Format};

#[derive(Debug, Parser)]
#[command(
    name = "cfp",
    version,
    about = "Track a partnership plan: RAG ratings with reasons, from TOML and CSV",
    long_about = "cfp reads a partnership plan (priorities, commitments, indicators with \
        targets, milestones) from cfp.toml and its measurements from CSV files, and rates \
        everything as of a date, each rating with its reason.\n\n\
        Exit codes: 0 done; 1 a --fail-on condition holds; 2 usage error or invalid plan or data."
)]
pub struct Cli {
    /// The plan: a folder holding cfp.toml, or the file itself [default: found by walking up from here]
    #[arg(long, global = true, env = "CFP_PLAN", value_name = "DIR|FILE")]
    pub plan: Option<PathBuf>,

    /// Evaluate the plan as it stood on this date (YYYY-MM-DD) [default: today]
    #[arg(long, global = true, env = "CFP_AS_OF", value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,

    /// Output format
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,

    /// Exit 1 when any listed condition holds (comma-separated)
    #[arg(
        long,
        global = true,
        value_enum,
        value_delimiter = ',',
        value_name = "LIST"
    )]
    pub fail_on: Vec<Condition>,

    /// When to colour the table
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print nothing but errors; use the exit code
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Write the results to FILE (atomically) instead of stdout, or - for
    /// stdout
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: a variant's size costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One row per indicator and milestone: rating, reason, latest figure, target, trend
    Status(cmd::status::Args),
    /// Validate the plan and its data; every problem with file:line:column
    Check(cmd::check::Args),
    /// Milestones overdue or due soon, and targets missed (the CI gate)
    Overdue(cmd::overdue::Args),
    /// Everything about one indicator, milestone, commitment or priority
    Show(cmd::show::Args),
    /// The board pack: one self-contained HTML file (default), Markdown, or a Word document
    Report(cmd::report::Args),
    /// What changed between two as-of dates: ratings, figures, milestones, self-assessments
    Diff(cmd::diff::Args),
    /// Append a validated measurement or status row to a measurements file, atomically
    Record(cmd::record::Args),
    /// Start a new plan: cfp.toml and a measurements file to edit
    Init(cmd::init::Args),
    /// Download published data (Fingertips) into the plan's folder; the only command that uses the network
    Fetch(cmd::fetch::Args),
    /// What a CSV or workbook holds, and a [[measurements.source]] to read it; needs no plan
    Inspect(cmd::inspect::Args),
    /// Every area the files hold at the plan area's level, on every indicator: rank, England benchmark, red-red
    League(cmd::league::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(cmd::completions::Args),
    /// Print the manual page (roff), for man -l or a man folder
    Man(cmd::man::Args),
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Status(_) => "status",
            Self::Check(_) => "check",
            Self::Overdue(_) => "overdue",
            Self::Show(_) => "show",
            Self::Report(_) => "report",
            Self::Diff(_) => "diff",
            Self::Record(_) => "record",
            Self::Init(_) => "init",
            Self::Fetch(_) => "fetch",
            Self::Inspect(_) => "inspect",
            Self::League(_) => "league",
            Self::Completions(_) => "completions",
            Self::Man(_) => "man",
        }
    }

    /// The area a rating command is asked to rate the plan for.
    pub fn rated_area(&self) -> Option<&str> {
        let rated = match self {
            Self::Status(a) => &a.rated,
            Self::Check(a) => &a.rated,
            Self::Overdue(a) => &a.rated,
            Self::Show(a) => &a.rated,
            Self::Report(a) => &a.rated,
            Self::Diff(a) => &a.rated,
            Self::League(a) => &a.rated,
            _ => return None,
        };
        rated.area.as_deref()
    }

    /// The formats the command writes (none: it writes no results).
    pub fn formats(&self) -> &'static [Format] {
        crate::render::formats(self.name())
    }

    /// Whether `--fail-on` gates the command: those that rate rows.
    pub fn takes_fail_on(&self) -> bool {
        matches!(self, Self::Status(_) | Self::Overdue(_) | Self::Diff(_))
    }

    /// Refuses global flags the command would otherwise ignore, and
    /// command flags that contradict the global ones, before anything is
    /// loaded: a flag that is accepted does something.
    pub fn check_flags(
        &self,
        format: Option<Format>,
        as_of: NaiveDate,
        cli: &Cli,
    ) -> anyhow::Result<()> {
        let name = self.name();
        let formats = self.formats();
        let list = |formats: &[Format]| {
            formats
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if cli.output.is_some() && formats.is_empty() && !matches!(self, Self::Fetch(_)) {
            anyhow::bail!("cfp {name} takes no -o: it writes no results");
        }
        if let Some(f) = format {
            if formats.is_empty() {
                anyhow::bail!("cfp {name} takes no --format: it prints one line of its own");
            }
            if !formats.contains(&f) {
                let hint = if f == Format::Html {
                    "; for an HTML board pack use cfp report"
                } else {
                    ""
                };
                anyhow::bail!(
                    "cfp {name} writes {}, not {}{hint}",
                    list(formats),
                    f.name()
                );
            }
        }
        let to_file = cli.output.as_deref().is_some_and(|o| o.as_os_str() != "-");
        if let Some((f, what)) = format.and_then(|f| Some((f, f.document()?))) {
            if !to_file {
                anyhow::bail!(
                    "{what} cannot go to a terminal: name the file with -o FILE.{}",
                    f.extension()
                );
            }
        }
        if !cli.fail_on.is_empty() && !self.takes_fail_on() {
            anyhow::bail!("cfp {name} takes no --fail-on: status, overdue and diff are the gates");
        }
        if let Self::Report(cmd::report::Args {
            since: Some(since), ..
        }) = self
        {
            if *since > as_of {
                anyhow::bail!(
                    "cfp report --since ({since}) must not be after the as-of date ({as_of}): \
                     the last board comes before this one"
                );
            }
        }
        Ok(())
    }
}

/// Which of the global options a command takes, by the options' ids. The
/// others are refused when given ([`Command::check_flags`]), so its help
/// does not offer them.
fn takes(command: &str, option: &str) -> bool {
    let writes = crate::render::formats(command);
    match option {
        "format" => !writes.is_empty(),
        "output" => !writes.is_empty() || command == "fetch",
        "fail_on" => matches!(command, "status" | "overdue" | "diff"),
        "as_of" => matches!(command, "status" | "overdue" | "show" | "report" | "diff"),
        "color" => matches!(command, "status" | "overdue"),
        "plan" => !matches!(command, "init" | "inspect" | "completions" | "man"),
        _ => true,
    }
}

/// The command line as clap builds it, with each command's help offering
/// only the global options it takes, and `--format` only the formats it
/// writes. `cfp help status` lists what status takes, nothing it refuses.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    let globals: Vec<clap::Arg> = cli
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    // A command's own copy of a global option, made before clap copies
    // the globals in (it copies none a command already has), is the one
    // its help shows; the value still reaches the global field.
    for name in names {
        cli = cli.mut_subcommand(&name, |mut sub| {
            for arg in &globals {
                let id = arg.get_id().as_str();
                if !takes(&name, id) {
                    sub = sub.arg(arg.clone().global(false).hide(true));
                } else if id == "output" && !crate::render::formats(&name).is_empty() {
                    let exts: Vec<String> = crate::render::formats(&name)
                        .iter()
                        .map(|f| format!(".{}", f.extension()))
                        .collect();
                    let help = format!(
                        "Write the results to FILE (atomically) instead of stdout; \
                         the format follows its extension ({}) unless --format says",
                        exts.join(", ")
                    );
                    sub = sub.arg(arg.clone().global(false).help(help));
                } else if id == "format" {
                    let list: Vec<&str> = crate::render::formats(&name)
                        .iter()
                        .map(|f| f.name())
                        .collect();
                    sub = sub.arg(
                        arg.clone()
                            .global(false)
                            .hide_possible_values(true)
                            .help(format!("Output format: {}", list.join(", "))),
                    );
                }
            }
            sub
        });
    }
    cli
}

/// How to get a PDF, for a `-o` that asks for one: cfp writes none, since
/// a browser prints the HTML pack and LibreOffice converts the Word one.
fn pdf_hint(command: &str, ext: &std::ffi::OsStr) -> &'static str {
    if !ext.eq_ignore_ascii_case("pdf") {
        ""
    } else if command == "report" {
        ". For a PDF, print the HTML pack from a browser (-o pack.html), or write the \
         Word paper (-o paper.docx) and convert it: soffice --headless --convert-to pdf \
         paper.docx"
    } else {
        ". For a PDF board pack, use cfp report"
    }
}

/// Resolves the raw flags once into what every command runs with, refusing
/// the flags the command would ignore.
pub fn context(cli: &Cli) -> anyhow::Result<Context> {
    // A file's extension names the format of a command that writes
    // results (`fetch` writes the publisher's file as it comes). An
    // extension cfp does not write is refused rather than filled with
    // another format under that name (`-o pack.pdf`).
    let writes = cli.command.formats();
    let to_file = cli.output.as_deref().filter(|o| o.as_os_str() != "-");
    let from_file = match to_file {
        Some(path) if !writes.is_empty() && cli.format.is_none() => {
            match (path.extension(), Format::from_extension(path)) {
                (None, _) => None,
                (Some(_), Some(f)) => Some(f),
                (Some(ext), None) => {
                    let names: Vec<String> = writes
                        .iter()
                        .map(|f| format!(".{}", f.extension()))
                        .collect();
                    anyhow::bail!(
                        "cfp {} cannot write a .{} file: it writes {} (or say --format){}",
                        cli.command.name(),
                        ext.to_string_lossy(),
                        names.join(", "),
                        pdf_hint(cli.command.name(), ext)
                    );
                }
            }
        }
        _ => None,
    };
    let format = cli.format.or(from_file);
    let as_of = cli
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    cli.command.check_flags(format, as_of, cli)?;
    let stdout_tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // Windows' classic console shows escape codes as text unless told to
    // read them: asked for here, and where it cannot be, no colour.
    let escapes = || anstyle_query::windows::enable_ansi_colors().unwrap_or(true);
    let color = match cli.color {
        ColorChoice::Always => {
            escapes();
            true
        }
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_tty && !no_color && cli.output.is_none() && escapes(),
    };
    let width = Some(table_width(stdout_tty));
    Ok(Context {
        plan: cli.plan.clone(),
        cwd: std::env::current_dir()?,
        as_of,
        format,
        fail_on: cli.fail_on.clone(),
        color,
        quiet: cli.quiet,
        output: cli.output.clone().filter(|p| p.as_os_str() != "-"),
        to_stdout: cli.output.as_deref().is_some_and(|p| p.as_os_str() == "-"),
        width,
        area: cli.command.rated_area().map(str::to_string),
    })
}

/// The controlling terminal's size, when every standard stream is
/// redirected.
#[cfg(unix)]
fn controlling_terminal() -> Option<(terminal_size::Width, terminal_size::Height)> {
    std::fs::File::open("/dev/tty")
        .ok()
        .and_then(terminal_size::terminal_size_of)
}

/// Windows has no controlling terminal to open: a console's size comes
/// from the standard streams, which `terminal_size` asks.
#[cfg(not(unix))]
fn controlling_terminal() -> Option<(terminal_size::Width, terminal_size::Height)> {
    None
}

/// The width to lay a table out for: the terminal's when stdout is one;
/// else an exported `$COLUMNS`; else the terminal the command runs in
/// (stderr, stdin or the controlling terminal: `cfp diff | head` in an
/// 80-column window is laid out for 80, and shells do not export
/// `$COLUMNS`); else 100.
fn table_width(stdout_tty: bool) -> u16 {
    let columns = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
            .filter(|w| *w >= 20)
    };
    let stdout = || {
        stdout_tty
            .then(|| terminal_size::terminal_size_of(std::io::stdout()))
            .flatten()
    };
    let around = || terminal_size::terminal_size().or_else(controlling_terminal);
    stdout()
        .map(|(w, _)| w.0)
        .or_else(columns)
        .or_else(|| around().map(|(w, _)| w.0))
        .unwrap_or(100)
}
