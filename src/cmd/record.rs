//! `cfp record ID PERIOD VALUE`: appends one validated measurement row to
//! a measurements file, atomically, so an interrupted run leaves the file
//! as it was. For a milestone or commitment, VALUE is its status.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::context::Context;
use crate::diag::{did_you_mean, Invalid};
use crate::measure;
use crate::plan::{Entity, MeasurementSource, Plan};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The indicator, milestone or commitment
    pub id: String,
    /// The period the figure is for; for a status, the date of the update
    pub period: String,
    /// The figure (70.4, 4,903, c, x, ...); for a milestone or commitment, its status.
    /// May be left out when the row is a recovery update (--action, --cause,
    /// --owner, --revised-due) alone
    pub value: Option<String>,
    /// The series, when not the plan's own area (e.g. England)
    #[arg(long)]
    pub area: Option<String>,
    #[arg(long)]
    pub numerator: Option<String>,
    #[arg(long)]
    pub denominator: Option<String>,
    /// The date the figure became known (YYYY-MM-DD)
    #[arg(long)]
    pub published: Option<String>,
    /// Commentary
    #[arg(long)]
    pub note: Option<String>,
    /// For an item off track: what is being done
    #[arg(long)]
    pub action: Option<String>,
    /// For an item off track: why it is off track
    #[arg(long)]
    pub cause: Option<String>,
    /// For an item off track: who owns the recovery
    #[arg(long)]
    pub owner: Option<String>,
    /// For an item off track: the date (or period) it is now expected
    #[arg(long, value_name = "DATE")]
    pub revised_due: Option<String>,
    /// The file to append to [default: the first file the plan reads]
    #[arg(long, value_name = "CSV")]
    pub file: Option<PathBuf>,
}

/// The cells of the row by cfp column name, from the arguments alone;
/// whether the plan would keep the row is the loader's to say.
fn cells(
    plan: &Plan,
    source: &MeasurementSource,
    args: &Args,
) -> anyhow::Result<Vec<(&'static str, String)>> {
    let Some(entity) = plan.entity(&args.id) else {
        let hint = did_you_mean(&args.id, plan.ids())
            .map(|d| format!("; {d}"))
            .unwrap_or_default();
        bail!("the plan has no `{}`{hint}", args.id);
    };
    let id = match (&source.indicator, &source.ids) {
        (Some(only), _) if *only != args.id => bail!(
            "every row of this file is `{only}` (its source's `indicator`): \
             record `{}` in another file with --file",
            args.id
        ),
        (Some(_), _) => None,
        (None, Some(ids)) => match ids.iter().find(|(_, plan_id)| **plan_id == args.id) {
            Some((file_id, _)) => Some(file_id.clone()),
            None => bail!(
                "this file's source reads only the ids its `ids` lists, and `{}` is not one",
                args.id
            ),
        },
        (None, None) => Some(args.id.clone()),
    };
    let mut cells = vec![("period", args.period.clone())];
    if let Some(id) = id {
        cells.push(("id", id));
    }
    let recovery = [&args.action, &args.cause, &args.owner, &args.revised_due];
    match (&args.value, entity) {
        (Some(v), Entity::Milestone(_) | Entity::Commitment(_)) => {
            cells.push(("status", v.clone()))
        }
        (Some(v), _) => cells.push(("value", v.clone())),
        (None, Entity::Indicator(_) | Entity::Milestone(_))
            if recovery.iter().any(|r| r.is_some()) => {}
        (None, _) => bail!(
            "record `{}` with its {}: a row without one is only a recovery update \
             (--action, --cause, --owner or --revised-due), for an indicator or milestone",
            args.id,
            match entity {
                Entity::Indicator(_) => "figure",
                _ => "status",
            }
        ),
    }
    for (name, cell) in [
        ("action", &args.action),
        ("cause", &args.cause),
        ("owner", &args.owner),
        ("revised_due", &args.revised_due),
        ("area", &args.area),
        ("numerator", &args.numerator),
        ("denominator", &args.denominator),
        ("published", &args.published),
        ("note", &args.note),
    ] {
        if let Some(c) = cell {
            cells.push((name, c.clone()));
        }
    }
    Ok(cells)
}

/// The source that reads `path`, by the patterns of its `files`.
fn source_of<'p>(plan: &'p Plan, path: &Path) -> Option<&'p MeasurementSource> {
    let path = absolute(path);
    plan.sources.iter().find(|s| {
        s.files.iter().any(|(pattern, _)| {
            let full = absolute(&plan.root.join(pattern));
            glob::Pattern::new(&crate::plan::glob_under(&absolute(&plan.root), pattern))
                .map(|p| p.matches_path(&path))
                .unwrap_or(false)
                || full == path
        })
    })
}

/// A path without `.` or `..` steps, from the working directory.
fn absolute(path: &Path) -> PathBuf {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in full.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    let plan = &loaded.plan;
    let path = file_to_record_in(ctx, &loaded, args)?;
    let source = source_to_record_through(plan, &path)?;
    let cells = cells(plan, source, args)?;
    // From here to the write, the file's lock is held: concurrent records
    // queue, and each reads the file (and judges its row against the data)
    // as the one before it left it.
    let target = crate::output::lock(&path)?;
    let reading = measure::read(plan);
    if reading.diagnostics.has_errors() {
        return Err(Invalid(reading.diagnostics.items).into());
    }
    let measurements = reading.measurements;
    let old = target.read()?;
    let header_end = old.iter().position(|&b| b == b'\n').unwrap_or(old.len());
    let crlf = header_end > 0 && old.get(header_end - 1) == Some(&b'\r');
    let names: Vec<String> = if old.is_empty() {
        measure::new_header(source)
    } else {
        header(&old[..header_end], &path)?
    };
    let record = record_of(source, &path, &names, &cells)?;
    let mut new = old.clone();
    if new.is_empty() {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        w.write_record(&names)?;
        new = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    } else if !new.ends_with(b"\n") {
        new.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    let line = new.iter().filter(|&&b| b == b'\n').count() + 1;
    measure::judge(
        plan,
        &measurements,
        source,
        &path,
        &names,
        &record,
        line as u64,
    )
    .map_err(Invalid)?;
    let row = csv_row(&record, crlf)?;
    new.extend_from_slice(&in_the_files_encoding(row, &old, &path)?);
    target.replace(&new)?;
    drop(target);
    if !ctx.quiet {
        say_recorded(args, &path, line)?;
    }
    Ok(super::Outcome::Done)
}

/// The file `--file` names, else the first CSV file the plan reads.
fn file_to_record_in(
    ctx: &Context,
    loaded: &super::Loaded,
    args: &Args,
) -> anyhow::Result<PathBuf> {
    if let Some(f) = &args.file {
        return Ok(ctx.cwd.join(f));
    }
    match loaded
        .measurements
        .files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
    {
        Some(f) => Ok(f.clone()),
        None => bail!(
            "the plan reads no CSV measurements file: \
             name one with --file, or in [measurements] files"
        ),
    }
}

/// The source the plan reads `path` through: a CSV file of the plan's
/// own, since a publisher's file is read as downloaded.
fn source_to_record_through<'p>(
    plan: &'p Plan,
    path: &Path,
) -> anyhow::Result<&'p MeasurementSource> {
    let Some(source) = source_of(plan, path) else {
        bail!(
            "the plan does not read {}: name it in [measurements] files \
             (or a source's `files`) first, so that what is recorded is read",
            path.display()
        );
    };
    if source.preset.is_some() {
        bail!(
            "{} is a publisher's file, read as downloaded: record into a file of your own",
            path.display()
        );
    }
    if !source.melt.is_empty() || source.measure.is_some() {
        bail!(
            "{} is read as a wide table (`melt`) or with its counts on other rows \
             (`measure`), and cfp records a row of its own columns: record into a file of \
             your own, read by a source without them",
            path.display()
        );
    }
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        bail!(
            "cfp records into CSV files, and {} is not one",
            path.display()
        );
    }
    Ok(source)
}

/// The names in a file's header line, as the loader reads them.
fn header(line: &[u8], path: &Path) -> anyhow::Result<Vec<String>> {
    let mut header = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line);
    let mut rec = csv::StringRecord::new();
    if !header.read_record(&mut rec).unwrap_or(false) {
        bail!("{} has no header row", path.display());
    }
    Ok(rec
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect())
}

/// The row's fields in the header's order: each cell in the column that
/// the source maps its cfp column to, and the others empty.
fn record_of(
    source: &MeasurementSource,
    path: &Path,
    names: &[String],
    cells: &[(&str, String)],
) -> anyhow::Result<Vec<String>> {
    let mapped = measure::layout(source, path, names).map_err(Invalid)?;
    for (name, _) in cells {
        if !mapped.contains(&Some(name)) {
            let recovery = ["action", "cause", "owner", "revised_due"].contains(name);
            bail!(
                "{} has no `{name}` column to record it in{}",
                path.display(),
                if recovery {
                    ": add `action,cause,owner,revised_due` to its header (with empty cells \
                     on its rows), or record recovery updates in a new file with --file \
                     (cfp starts it with every column it reads)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(mapped
        .iter()
        .map(|m| {
            m.and_then(|m| cells.iter().find(|(n, _)| *n == m))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect())
}

/// The row as CSV, ending its line as the file's lines end.
fn csv_row(record: &[String], crlf: bool) -> anyhow::Result<Vec<u8>> {
    let mut row = csv::WriterBuilder::new()
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    row.write_record(record)?;
    row.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The row in the file's own encoding. A file that is not UTF-8 is read
/// as Windows-1252 (what Excel saves as "CSV (Comma delimited)" on a
/// Windows laptop in England), so its new row is written in Windows-1252
/// too: a UTF-8 row in it would read as `cafÃ©` in Excel. A character
/// Windows-1252 has no code for is refused, not replaced.
fn in_the_files_encoding(row: Vec<u8>, old: &[u8], path: &Path) -> anyhow::Result<Vec<u8>> {
    if std::str::from_utf8(old).is_ok() {
        return Ok(row);
    }
    let text = String::from_utf8(row).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable {
        let missing: String = text
            .chars()
            .filter(|c| encoding_rs::WINDOWS_1252.encode(&c.to_string()).2)
            .take(5)
            .collect();
        bail!(
            "{} is written in Windows-1252, not UTF-8, and the row holds characters it has \
             no code for ({missing}): leave them out, or save the file as CSV UTF-8",
            path.display()
        );
    }
    Ok(bytes.into_owned())
}

fn say_recorded(args: &Args, path: &Path, line: usize) -> anyhow::Result<()> {
    crate::output::to_stdout(|out| {
        writeln!(
            out,
            "recorded {} {} {} in {}:{line}",
            args.id,
            args.period,
            args.value.as_deref().unwrap_or("(a recovery update)"),
            path.display()
        )
    })
    .with_context(|| {
        format!(
            "the row was recorded in {}:{line}, but not reported",
            path.display()
        )
    })
}
