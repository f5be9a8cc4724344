//! One file per command. Each has its own `Args` and a `run` from the
//! validated context to an [`Outcome`].

pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod fetch;
pub(crate) mod init;
pub(crate) mod inspect;
pub(crate) mod league;
pub(crate) mod man;
pub(crate) mod overdue;
pub(crate) mod record;
pub(crate) mod report;
pub(crate) mod show;
pub(crate) mod status;

use std::io::Write;

use crate::context::{Condition, Context, Format};
use crate::diag::{Diagnostic, Diagnostics};
use crate::eval::StatusRow;
use crate::measure::{self, Measurements};
use crate::plan::{self, Plan};
use crate::render;
use crate::report::Report;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// A `--fail-on` condition holds (exit 1).
    Failed(Vec<Condition>),
}

/// `--area`: the plan rated for another area than its own.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct RatedArea {
    /// Rate the plan for this area instead of its [plan] area (a name, or a
    /// GSS code): comparators and targets unchanged
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,
}

/// A plan with its measurements, valid, and the warnings found on the way.
pub(crate) struct Loaded {
    pub plan: Plan,
    pub measurements: Measurements,
    pub warnings: Vec<Diagnostic>,
}

/// Finds, reads and validates the plan and its data, and says every
/// problem at once: when the plan is invalid, its data is still read
/// against what of the plan could be built, so that a data error is not
/// hidden behind a plan error until the next run.
pub(crate) fn load(ctx: &Context) -> anyhow::Result<Loaded> {
    load_with(ctx, measure::PeerAreas::None)
}

/// Loads the plan and its measurements with the plan's area ranked among
/// every area at its level that the files hold (`status`, `show`,
/// `report`, `diff`): a comparator named for the level, where there are
/// such areas.
pub(crate) fn load_ranked(ctx: &Context) -> anyhow::Result<Loaded> {
    load_with(ctx, measure::PeerAreas::Levelled)
}

/// Loads the plan and its measurements, reading the rows of areas the
/// plan does not track as `peers` says.
pub(crate) fn load_with(ctx: &Context, peers: measure::PeerAreas) -> anyhow::Result<Loaded> {
    let path = plan::find_plan_file(ctx.plan.as_deref(), &ctx.cwd)?;
    let (plan, mut diags) = plan::load_file_lenient(&path)?;
    let Some(mut plan) = plan else {
        return Err(crate::diag::Invalid(diags.items).into());
    };
    if let Some(area) = &ctx.area {
        plan.rate_as(area).map_err(anyhow::Error::msg)?;
    }
    plan.peers = peers;
    let reading = measure::read(&plan);
    if diags.has_errors() {
        // A row for an id the broken plan lost is not news: only the
        // data's own errors are added.
        diags.extend(Diagnostics::from(
            reading
                .diagnostics
                .items
                .into_iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .collect::<Vec<_>>(),
        ));
        return Err(crate::diag::Invalid(diags.items).into());
    }
    diags.extend(reading.diagnostics);
    let warnings = diags.into_result()?;
    if ctx.area.is_some() {
        held_by_a_source(&plan, &reading.measurements)?;
        named_as_the_files_name_it(&mut plan, &reading.measurements);
    }
    if peers == measure::PeerAreas::Levelled {
        plan.national = crate::eval::national::Field::of(&plan, &reading.measurements)
            .map(|field| field.name.to_string());
    }
    let loaded = Loaded {
        plan,
        measurements: reading.measurements,
        warnings,
    };
    if let Some(output) = &ctx.output {
        crate::output::not_an_input(output, &loaded.inputs())?;
    }
    Ok(loaded)
}

/// An area asked for by a code the plan gives no name is called what its
/// rows in the files call it (`E10000024` is Nottinghamshire).
fn named_as_the_files_name_it(plan: &mut Plan, m: &Measurements) {
    let code = plan.area.clone();
    let named_by_code = plan.codes.get(&code) == Some(&code) && plan::is_gss_code(&code);
    if let (true, Some(name)) = (named_by_code, &m.own_name) {
        plan.codes.remove(&code);
        plan.codes.insert(name.clone(), code);
        plan.area.clone_from(name);
    }
}

/// `--area` names an area some source holds a figure for; else the
/// names nearest it that the files do hold.
fn held_by_a_source(plan: &Plan, m: &Measurements) -> anyhow::Result<()> {
    let held = m
        .series
        .iter()
        .flatten()
        .any(|o| o.area == measure::Area::Own);
    if held || plan.indicators.is_empty() {
        return Ok(());
    }
    let mut near: Vec<(f64, &str)> = m
        .other_areas
        .iter()
        .map(|n| {
            (
                strsim::jaro_winkler(&n.to_lowercase(), &plan.area.to_lowercase()),
                n.as_str(),
            )
        })
        .filter(|(score, _)| *score > 0.75)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let named: Vec<String> = near.iter().take(3).map(|(_, n)| format!("`{n}`")).collect();
    let hint = match named.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        more => format!("; the nearest the files hold are {}", more.join(", ")),
    };
    anyhow::bail!(
        "no source holds a figure for {}{hint} (areas are matched by name, ignoring case, or by \
         GSS code where a source reads a code column)",
        plan.area
    )
}

impl Loaded {
    /// Every file the run read: the plan's TOML files and its
    /// measurement files.
    pub(crate) fn inputs(&self) -> Vec<&std::path::Path> {
        self.plan
            .files
            .iter()
            .chain(&self.measurements.files)
            .map(|p| p.as_path())
            .collect()
    }
}

/// Prints warnings to stderr unless `-q`.
pub(crate) fn print_warnings(ctx: &Context, warnings: &[Diagnostic]) {
    if ctx.quiet {
        return;
    }
    // The first hundred of each kind, then how many more.
    let _ = write!(
        std::io::stderr().lock(),
        "{}",
        crate::diag::bounded(warnings)
    );
}

/// The `--fail-on` conditions that hold among `rows`.
pub(crate) fn failures(conditions: &[Condition], rows: &[StatusRow]) -> Outcome {
    let held: Vec<Condition> = conditions
        .iter()
        .copied()
        .filter(|c| rows.iter().any(|r| c.holds(r)))
        .collect();
    if held.is_empty() {
        Outcome::Done
    } else {
        Outcome::Failed(held)
    }
}

/// Renders a command's report in the chosen format (`default` when none
/// was asked for) and writes it by [`emit`].
pub(crate) fn emit_report(ctx: &Context, report: &Report, default: Format) -> anyhow::Result<()> {
    let opts = render::Options {
        color: ctx.color,
        width: ctx.width,
        charts: None,
    };
    let format = ctx.format.unwrap_or(default);
    emit(ctx, |out| render::render(report, format, &opts, out))
}

/// Writes a command's output to the `-o` file (by the one write rule of
/// [`crate::output`]; `-o /dev/stdout` is stdout), or to stdout unless
/// `-q`. A reader that stops early (`| head`) is not a failure, and the
/// command's outcome (the CI gate) still stands; a closed or full stdout
/// is an error.
pub(crate) fn emit(
    ctx: &Context,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    if let Some(path) = &ctx.output {
        return crate::output::write_output_with(path, write);
    }
    if ctx.quiet {
        return Ok(());
    }
    crate::output::to_stdout(write)
}
