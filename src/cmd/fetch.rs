//! `cfp fetch fingertips ID... --area-type N`: downloads indicators' data
//! from the public Fingertips API, as fingertipsR and fingertips_py do,
//! into a CSV in the plan's folder, and prints the source that reads it.
//! The only command that touches the network, and only when run.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _};

use crate::context::Context;
use crate::output::write_atomic;

/// The API's root, as fingertipsR and fingertips_py call it.
pub(crate) const FINGERTIPS_API: &str = "https://fingertips.phe.org.uk/api";

/// A download larger than this is refused rather than held in memory.
const LIMIT: u64 = 4 << 30;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub from: From,
}

#[derive(Debug, clap::Subcommand)]
pub enum From {
    /// OHID Fingertips: every area of one area type, all periods
    Fingertips(Fingertips),
}

#[derive(Debug, clap::Args)]
pub struct Fingertips {
    /// Fingertips indicator ids (e.g. 90284 93356)
    #[arg(required = true, num_args = 1..)]
    pub ids: Vec<u32>,
    /// The area type whose areas to download (e.g. 502 for counties and
    /// unitary authorities from April 2023, 15 for England)
    #[arg(long, value_name = "N")]
    pub area_type: u32,
    /// The parent area type the export compares with
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub parent_area_type: u32,
    /// The API's root, for a mirror or a test server
    #[arg(long, value_name = "URL", default_value = FINGERTIPS_API)]
    pub base_url: String,
    /// Give up after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub timeout: u64,
}

/// The export's URL, as fingertips_py builds it.
pub(crate) fn url(f: &Fingertips) -> String {
    let ids: Vec<String> = f.ids.iter().map(u32::to_string).collect();
    format!(
        "{}/all_data/csv/by_indicator_id?indicator_ids={}&child_area_type_id={}&parent_area_type_id={}",
        f.base_url.trim_end_matches('/'),
        ids.join(","),
        f.area_type,
        f.parent_area_type
    )
}

/// Where the download goes: `-o`, else a file named for what it holds in
/// the plan's folder (or here, with no plan).
fn target(ctx: &Context, f: &Fingertips) -> PathBuf {
    if let Some(o) = &ctx.output {
        return o.clone();
    }
    let ids: Vec<String> = f.ids.iter().map(u32::to_string).collect();
    let name = format!("fingertips-{}-area-type-{}.csv", ids.join("-"), f.area_type);
    let folder = crate::plan::find_plan_file(ctx.plan.as_deref(), &ctx.cwd)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| ctx.cwd.clone());
    folder.join(name)
}

/// Checks that a body is a Fingertips CSV export, whole.
fn check_export(body: &[u8]) -> anyhow::Result<usize> {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or("");
    if !header.contains("Indicator ID") && !header.contains("Indicator.ID") {
        let start: String = text.chars().take(60).collect();
        bail!(
            "the server's answer is not a Fingertips CSV export (it starts `{}`)",
            start.replace(['\n', '\r'], " ")
        );
    }
    if !body.ends_with(b"\n") {
        bail!("the download stopped part way through a row: nothing was written");
    }
    // Rows, not lines: a quoted indicator name may hold a line break.
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(body)
        .byte_records()
        .count())
}

fn download(f: &Fingertips) -> anyhow::Result<Vec<u8>> {
    let url = url(f);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(f.timeout)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(&url)
        .call()
        .with_context(|| format!("cannot download {url}"))?;
    let status = response.status();
    if !status.is_success() {
        bail!(
            "{url} answered {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        );
    }
    let mut reader = response.body_mut().with_config().limit(LIMIT).reader();
    let progress = std::io::stderr().is_terminal();
    let mut body = Vec::new();
    let mut chunk = vec![0; 1 << 16];
    loop {
        let n = reader
            .read(&mut chunk)
            .with_context(|| format!("the download from {url} broke off"))?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
        if progress {
            eprint!(
                "\rcfp: downloading from Fingertips: {} KB",
                body.len() / 1024
            );
        }
    }
    if progress {
        eprintln!();
    }
    Ok(body)
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let From::Fingertips(f) = &args.from;
    let body = download(f)?;
    let rows = check_export(&body)?;
    // `-o -`: the export itself is the result, for a pipe.
    if ctx.to_stdout {
        crate::output::to_stdout(|out| out.write_all(&body))?;
        if !ctx.quiet {
            eprintln!("cfp: wrote {rows} rows to standard output");
        }
        return Ok(super::Outcome::Done);
    }
    let path = target(ctx, f);
    write_atomic(&path, &body)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // With -q, nothing but errors: the file is written.
    if ctx.quiet {
        return Ok(super::Outcome::Done);
    }
    eprintln!("cfp: wrote {rows} rows to {}", path.display());
    crate::output::to_stdout(|out| {
        writeln!(
            out,
            "# Add to cfp.toml to read it (then map its ids to the plan's with `ids`):\n\
             [[measurements.source]]\n\
             files = [\"{name}\"]\n\
             preset = \"fingertips\"\n\
             where = {{ Sex = \"Persons\" }}"
        )
    })?;
    Ok(super::Outcome::Done)
}
