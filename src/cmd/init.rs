//! `cfp init [DIR]`: a new plan to start from, which checks clean and shows
//! every kind of entity, to be edited into the partnership's own.

use std::path::PathBuf;

use anyhow::{bail, Context as _};

use crate::context::Context;
use crate::output::write_atomic;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder for the new plan [default: the current folder]
    pub dir: Option<PathBuf>,
}

pub(crate) const PLAN: &str = r#"# A partnership plan for cfp. Replace the example entries with your own;
# `cfp check` says what is wrong, with file, line and column.

[plan]
title = "Our Children and Families Partnership Plan"
area = "Our County"                      # the series measurements belong to by default
comparators = ["England"]                # other series to compare with
start = 2025-04-01
end = 2028-03-31
vision = "Children and young people are safe, healthy and able to achieve their potential."

[defaults]
tolerance = "5%"        # amber band: "5%" of target, "2pp" percentage points, or "3" in the unit
due_soon = "30 days"    # milestones due within this are amber
year = "financial"      # how "2025/26" is read: financial (Apr-Mar) or academic (Sep-Aug); "calendar" for a plan of calendar years

[measurements]
files = ["measurements/*.csv"]

[[priority]]
id = "best-start"
title = "Give every child the best start in life"
lead = "Director of Children and Family Services"
aims = ["More children ready for school"]
actions = ["Develop an integrated early years pathway"]

[[commitment]]
id = "school-readiness"
priority = "best-start"
title = "Embed a partnership approach to school readiness"
lead = "Head of Early Years"

[[indicator]]
id = "gld"
commitment = "school-readiness"
title = "Children achieving a good level of development at the end of Reception"
unit = "percent"                          # percent | count | rate | ratio | number
polarity = "higher"                       # higher | lower | none
year = "academic"
cadence = "annual"
lag = "3 months"
baseline = { period = "2024/25", value = 68 }
target = { value = 72, by = "2027/28" }   # or target = "improve", or no target to monitor
trajectory = [{ by = "2025/26", value = 69.5 }, { by = "2026/27", value = 71 }]
tolerance = "2pp"
source = "DfE Early Years Foundation Stage Profile"

[[milestone]]
id = "ey-pathway"
commitment = "school-readiness"
title = "Integrated early years pathway agreed"
due = "March 2026"                         # a date or a period: due at its end
"#;

pub(crate) const MEASUREMENTS: &str =
    "id,area,period,value,numerator,denominator,lower_ci,upper_ci,published,status,note\n\
gld,,2024/25,68,,,,,2025-11-20,,Example figure: replace with your own\n\
gld,England,2024/25,67.7,,,,,2025-11-20,,Example figure: replace with your own\n\
ey-pathway,,2025-10-01,,,,,,,in_progress,Example update: replace with your own\n";

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let dir = args.dir.clone().unwrap_or_else(|| ctx.cwd.clone());
    let plan = dir.join("cfp.toml");
    if plan.exists() {
        bail!(
            "{} already exists: cfp init starts a new plan and never overwrites one",
            plan.display()
        );
    }
    let measurements = dir.join("measurements");
    std::fs::create_dir_all(&measurements)
        .with_context(|| format!("cannot create {}", measurements.display()))?;
    let figures = measurements.join("figures.csv");
    if figures.exists() {
        bail!("{} already exists", figures.display());
    }
    write_atomic(&plan, PLAN.as_bytes())?;
    write_atomic(&figures, MEASUREMENTS.as_bytes())?;
    if !ctx.quiet {
        crate::output::to_stdout(|out| {
            writeln!(
                out,
                "created {} and {}\n\
                 next: edit them, then run `cfp check --plan {}` and `cfp status --plan {}`",
                plan.display(),
                figures.display(),
                dir.display(),
                dir.display()
            )
        })
        .context("the plan was made, but not reported")?;
    }
    Ok(super::Outcome::Done)
}
