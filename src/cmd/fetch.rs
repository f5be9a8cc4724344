//! `cfp fetch fingertips ID... --area-type N`: downloads indicators' data
//! from the public Fingertips API, as fingertipsR and fingertips_py do,
//! into a CSV in the plan's folder, and prints the source that reads it.
//! The only command that touches the network, and only when run.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _};

use crate::context::Context;

/// The API's root, as fingertipsR and fingertips_py call it.
pub(crate) const FINGERTIPS_API: &str = "https://fingertips.phe.org.uk/api";

/// The most an answer may hold, decoded (a gzipped body counts at its
/// unzipped size): a real export of one indicator for every small area
/// and period is tens of MB, so 2 GiB is far past any honest answer and
/// stops an endless body or a gzip bomb before it fills the disk. The body
/// streams to a file, never to memory, so this bounds the disk, not RAM.
const LIMIT: u64 = 2 << 30;

/// The limit, lowered by `CFP_FETCH_LIMIT` (bytes), which only tests set:
/// an endless body or a gzip bomb is then refused after a megabyte rather
/// than after 2 GiB written to disk, so the tests run in a second. Not a
/// user's option, so not in `--help`; it can only lower the limit.
fn limit() -> anyhow::Result<u64> {
    let Some(v) = std::env::var_os("CFP_FETCH_LIMIT") else {
        return Ok(LIMIT);
    };
    v.to_str()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|n| n.min(LIMIT))
        .with_context(|| {
            format!(
                "CFP_FETCH_LIMIT is `{}`, not a number of bytes",
                crate::diag::sanitize(&v.to_string_lossy())
            )
        })
}

/// A size for a message: `2 GiB`, `1 MiB`, else bytes.
fn size(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n => format!("{n} bytes"),
    }
}

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
    /// Replace the earlier file even with an answer of under half its
    /// rows (refused otherwise: a download that shrinks that much is more
    /// often cut short than the data withdrawn)
    #[arg(long)]
    pub allow_shrink: bool,
}

/// The export's URL, as fingertips_py builds it.
pub(crate) fn url(f: &Fingertips) -> String {
    let ids: Vec<String> = f.ids.iter().map(u32::to_string).collect();
    format!(
        "{}/all_data/csv/by_indicator_id?indicator_ids={}\
         &child_area_type_id={}&parent_area_type_id={}",
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

/// The columns a Fingertips export always has, by the names Fingertips
/// gives them (R writes dots for the spaces, which matching allows for).
const REQUIRED: [&str; 5] = [
    "Indicator ID",
    "Area Code",
    "Area Name",
    "Time period",
    "Value",
];

/// Columns that hold a number or nothing (R writes `NA` for nothing).
const NUMBERS: [&str; 7] = [
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
];

/// Columns the `fingertips` preset reads besides those (its `where` and
/// the printed source's): a row may stop short of the header, as every row
/// of the API's export does (it names a last column, `Compared to goal`,
/// that no row fills, and fingertipsR reads it with `fill = TRUE`), but
/// only after all of these.
const ALSO_READ: [&str; 5] = ["Value note", "Category Type", "Category", "Sex", "Age"];

/// A header cell as the `fingertips` preset matches it.
fn header_name(cell: &[u8]) -> String {
    crate::measure::fingertips_header(&String::from_utf8_lossy(cell))
}

/// Where an export's header puts what the checks read.
struct Columns {
    width: usize,
    /// How many fields a row needs: one past the last column read.
    need: usize,
    id: usize,
    area_code: usize,
    period: usize,
    numbers: Vec<(usize, &'static str)>,
}

impl Columns {
    /// Finds the columns, or says which export column the header lacks.
    fn find(header: &csv::ByteRecord) -> Result<Self, &'static str> {
        let names: Vec<String> = header.iter().map(header_name).collect();
        let at = |name: &str| {
            names
                .iter()
                .position(|n| *n == header_name(name.as_bytes()))
        };
        let mut found = [0; REQUIRED.len()];
        for (slot, name) in found.iter_mut().zip(REQUIRED) {
            *slot = at(name).ok_or(name)?;
        }
        let [id, area_code, _, period, _] = found;
        let numbers: Vec<(usize, &'static str)> = NUMBERS
            .iter()
            .filter_map(|&name| Some((at(name)?, name)))
            .collect();
        let need = ALSO_READ
            .iter()
            .filter_map(|name| at(name))
            .chain(found)
            .chain(numbers.iter().map(|&(i, _)| i))
            .max()
            .map_or(0, |i| i + 1);
        Ok(Self {
            width: header.len(),
            need,
            id,
            area_code,
            period,
            numbers,
        })
    }

    /// What is wrong with a row, if anything; else its indicator id.
    fn row(&self, row: &csv::ByteRecord, asked: &BTreeSet<u32>) -> Result<u32, String> {
        let n = row.len();
        if n > self.width {
            return Err(format!(
                "has {n} fields, more than the header's {} (it reads `{}`)",
                self.width,
                excerpt(&joined(row), 60)
            ));
        }
        if n < self.need {
            return Err(format!(
                "has {n} field{} where the header has {} (it reads `{}`)",
                if n == 1 { "" } else { "s" },
                self.width,
                excerpt(&joined(row), 60)
            ));
        }
        let cell = |i: usize| row.get(i).unwrap_or_default().trim_ascii();
        let id = cell(self.id);
        let Some(id) = std::str::from_utf8(id)
            .ok()
            .and_then(|id| id.parse::<u32>().ok())
            .filter(|id| asked.contains(id))
        else {
            return Err(format!(
                "has `Indicator ID` `{}`, not one of the ids asked for ({})",
                excerpt(id, 40),
                listed(asked)
            ));
        };
        for (i, name) in [(self.area_code, "Area Code"), (self.period, "Time period")] {
            if cell(i).is_empty() {
                return Err(format!("has no `{name}`"));
            }
        }
        for &(i, name) in &self.numbers {
            if !number_or_nothing(cell(i)) {
                return Err(format!(
                    "has `{name}` `{}`, which is neither a number nor empty",
                    excerpt(cell(i), 40)
                ));
            }
        }
        Ok(id)
    }
}

/// A cell of a number column: empty, R's `NA`, or a finite number.
fn number_or_nothing(cell: &[u8]) -> bool {
    let Some(first) = cell.first() else {
        return true;
    };
    // `inf`, `NaN` and `infinity` parse as floats; no export writes them.
    let like_a_number = first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.');
    cell == b"NA"
        || like_a_number
            && std::str::from_utf8(cell)
                .ok()
                .and_then(|c| c.parse::<f64>().ok())
                .is_some_and(f64::is_finite)
}

/// A row's fields joined by commas, for a message.
fn joined(row: &csv::ByteRecord) -> Vec<u8> {
    row.iter().collect::<Vec<_>>().join(&b","[..])
}

/// Server text for a message: control characters replaced (an ESC, an
/// OSC 8 link or a BEL must not reach the terminal), runs of white space
/// as one space, cut to `max` characters.
fn excerpt(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = crate::diag::sanitize(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// `indicator 93356`, or `indicators 90284, 93356`.
fn indicators(ids: &BTreeSet<u32>) -> String {
    let s = if ids.len() == 1 { "" } else { "s" };
    format!("indicator{s} {}", listed(ids))
}

/// The longest row an answer may have. A real export's rows are a few
/// hundred bytes (the longest cells are an indicator's name and a value
/// note); the csv crate holds a whole row in memory, so a longer "row" is
/// junk refused before it is read.
const MAX_ROW: u64 = 1 << 20;

/// What a pass over a CSV body finds without holding a row in memory,
/// reading it as the csv crate does: a quote opens a quoted field only at
/// a field's start, and `""` inside one is a quote; outside one, CR or LF
/// ends a record; an empty line is no record.
#[derive(Debug, PartialEq)]
struct Shape {
    /// Records, the header's included.
    records: u64,
    /// The longest record's length in bytes.
    longest: u64,
    /// Whether the body ends inside a quoted field: cut short.
    open_quote: bool,
}

fn shape(mut body: impl Read) -> io::Result<Shape> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        FieldStart,
        Field,
        Quoted,
        QuoteInQuoted,
    }
    let mut at = At::FieldStart;
    let (mut records, mut longest, mut length) = (0, 0, 0);
    let mut chunk = vec![0; 1 << 16];
    loop {
        let n = match body.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for &b in &chunk[..n] {
            if at != At::Quoted && matches!(b, b'\n' | b'\r') {
                if length > 0 {
                    records += 1;
                    longest = u64::max(longest, length);
                }
                length = 0;
                at = At::FieldStart;
                continue;
            }
            length += 1;
            at = match (at, b) {
                (At::Quoted, b'"') => At::QuoteInQuoted,
                (At::Quoted, _) => At::Quoted,
                (At::FieldStart | At::QuoteInQuoted, b'"') => At::Quoted,
                (_, b',') => At::FieldStart,
                _ => At::Field,
            };
        }
    }
    if length > 0 {
        records += 1;
        longest = u64::max(longest, length);
    }
    Ok(Shape {
        records,
        longest,
        open_quote: at == At::Quoted,
    })
}

/// The spool read as CSV from its start, its header not yet read.
fn reader(spool: &mut File) -> io::Result<csv::Reader<&mut File>> {
    spool.seek(SeekFrom::Start(0))?;
    Ok(csv::ReaderBuilder::new().flexible(true).from_reader(spool))
}

/// Ids for a message: `90284, 93356`.
fn listed(ids: &BTreeSet<u32>) -> String {
    ids.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks the whole answer in `spool` is a Fingertips CSV export of the
/// ids asked for, before it replaces anything, and counts its rows: the
/// header has the export's columns; every row parses as the publisher's
/// (a field count the header allows, an asked-for id, an area code and a
/// period, numbers or nothing in the number columns); there is a row, and
/// a row for every id asked for; and the body ends with a line break. A
/// body cut mid-row fails the last; one cut at a row boundary is caught
/// when it loses an indicator, or by the comparison with the file it
/// would replace (`run`).
fn check_export(spool: &mut File, f: &Fingertips, shown: &str) -> anyhow::Result<u64> {
    let asked: BTreeSet<u32> = f.ids.iter().copied().collect();
    let end = spool.seek(SeekFrom::End(0))?;
    if end == 0 {
        bail!("the answer from {shown} is empty: nothing was written");
    }
    spool.seek(SeekFrom::Start(0))?;
    let mut start = Vec::new();
    Read::take(&mut *spool, 200).read_to_end(&mut start)?;
    spool.seek(SeekFrom::Start(0))?;
    let shape = shape(&mut *spool)?;
    if shape.longest > MAX_ROW {
        bail!(
            "the answer from {shown} is not a Fingertips CSV export: \
             it has a row over {} long (it starts `{}`); nothing was written",
            size(MAX_ROW),
            excerpt(&start, 60)
        );
    }
    let columns = match Columns::find(reader(spool)?.byte_headers()?) {
        Ok(columns) => columns,
        Err("Indicator ID") => bail!(
            "the answer from {shown} is not a Fingertips CSV export (it starts `{}`): \
             nothing was written",
            excerpt(&start, 60)
        ),
        Err(missing) => bail!(
            "the answer from {shown} is not a Fingertips CSV export: \
             its header has no `{missing}` column; nothing was written"
        ),
    };
    let mut last = [0; 1];
    spool.seek(SeekFrom::End(-1))?;
    spool.read_exact(&mut last)?;
    if last != *b"\n" {
        bail!("the answer from {shown} stops part way through a row: nothing was written");
    }
    if shape.open_quote {
        bail!(
            "the answer from {shown} stops inside a quoted cell, part way through a row: \
             nothing was written"
        );
    }
    let mut csv = reader(spool)?;
    let mut seen = BTreeSet::new();
    let mut rows: u64 = 0;
    let mut record = csv::ByteRecord::new();
    while csv.read_byte_record(&mut record)? {
        rows += 1;
        match columns.row(&record, &asked) {
            Ok(id) => {
                seen.insert(id);
            }
            Err(problem) => {
                bail!("row {rows} of the answer from {shown} {problem}: nothing was written")
            }
        }
    }
    if rows == 0 {
        bail!(
            "the answer from {shown} has a header but no rows: \
             has {} data for area type {}? nothing was written",
            indicators(&asked),
            f.area_type
        );
    }
    let missing: BTreeSet<u32> = asked.difference(&seen).copied().collect();
    if !missing.is_empty() {
        bail!(
            "the answer from {shown} has no rows for {} (of {} asked for): \
             it may be cut short, or have no data for area type {}; nothing was written",
            indicators(&missing),
            listed(&asked),
            f.area_type
        );
    }
    Ok(rows)
}

/// How many rows the file a download would replace has (none: no file),
/// counted as the download's are, without holding any in memory.
fn earlier_rows(real: &Path, shown: &Path) -> anyhow::Result<Option<u64>> {
    let file = match File::open(real) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "cannot read {} to compare the download with it",
                shown.display()
            )))
        }
    };
    let shape = shape(file).with_context(|| {
        format!(
            "cannot read {} to compare the download with it",
            shown.display()
        )
    })?;
    Ok(Some(shape.records.saturating_sub(1)))
}

/// A file to download into, removed from its folder as soon as it is made
/// (the open file lives on): Ctrl-C in a long download, or a refused
/// answer, leaves nothing behind. Named as `src/output.rs` names its
/// temporaries, so that if cfp dies in the instant before the removal the
/// next writer of the target clears it.
fn spool(dir: &Path, name: &str) -> anyhow::Result<File> {
    let path = dir.join(format!(".{name}.cfp-{}.tmp", std::process::id()));
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot make a file to download into in {}", dir.display()))?;
    fs::remove_file(&path)
        .with_context(|| format!("cannot remove {} once open", path.display()))?;
    Ok(file)
}

/// Streams the answer's body into `spool`, decoded (ureq unzips a gzipped
/// body as it reads), refusing it once it passes `limit` bytes.
fn download(
    f: &Fingertips,
    (url, shown): (&str, &str),
    spool: &mut File,
    limit: u64,
) -> anyhow::Result<()> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(f.timeout)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .with_context(|| format!("cannot download {shown}"))?;
    let status = response.status();
    if !status.is_success() {
        // What the server says may help (`indicator not found`), so a few
        // hundred characters of it are shown: read within a bound (the
        // body may never end, or be a gzip bomb) and sanitised.
        let mut said = Vec::new();
        let _ = response
            .body_mut()
            .with_config()
            .reader()
            .take(4096)
            .read_to_end(&mut said);
        let said = excerpt(&said, 300);
        let reason = status
            .canonical_reason()
            .map_or(String::new(), |r| format!(" {r}"));
        if said.is_empty() {
            bail!("{shown} answered {}{reason}", status.as_u16());
        }
        bail!("{shown} answered {}{reason}: `{said}`", status.as_u16());
    }
    // One byte past the limit tells a body of exactly `limit` bytes from
    // a longer one.
    let mut reader = response
        .body_mut()
        .with_config()
        .reader()
        .take(limit.saturating_add(1));
    let progress = std::io::stderr().is_terminal();
    let copied = copy(&mut reader, spool, limit, progress);
    if progress {
        eprintln!();
    }
    match copied {
        Copied::Done => Ok(()),
        Copied::Over => bail!(
            "the answer from {shown} is over {}, more than any Fingertips export: \
             nothing was written",
            size(limit)
        ),
        Copied::Broke(e) => {
            Err(anyhow::Error::new(e).context(format!("the download from {shown} broke off")))
        }
        Copied::Unwritable(e) => {
            Err(anyhow::Error::new(e).context("cannot write the download to disk"))
        }
    }
}

/// How copying a body ended.
enum Copied {
    Done,
    Over,
    Broke(io::Error),
    Unwritable(io::Error),
}

fn copy(reader: &mut impl Read, spool: &mut File, limit: u64, progress: bool) -> Copied {
    let mut chunk = vec![0; 1 << 16];
    let mut total: u64 = 0;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Copied::Done,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Copied::Broke(e),
        };
        total += n as u64;
        if total > limit {
            return Copied::Over;
        }
        if let Err(e) = spool.write_all(&chunk[..n]) {
            return Copied::Unwritable(e);
        }
        if progress {
            eprint!("\rcfp: downloading from Fingertips: {} KB", total / 1024);
        }
    }
}

/// `text` with the user name and password of every URL in it as `***`
/// (`https://***@host/...`), and those of `base` wherever else they
/// appear (a password holding a `/` ends the scan's idea of a host early):
/// `--base-url` may carry them, and they are for the server, never for a
/// terminal, a log or a CI transcript.
fn redact(text: &str, base: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| matches!(c, '/' | '?' | '#' | '`' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(tail.len());
        let (authority, after) = tail.split_at(end);
        match authority.rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = after;
    }
    out.push_str(rest);
    // Without a scheme, all before the `@` is taken for credentials.
    let after = base.split_once("://").map_or(base, |(_, after)| after);
    let userinfo = after
        .split(['?', '#'])
        .next()
        .and_then(|after| after.rsplit_once('@'))
        .map(|(userinfo, _)| userinfo);
    match userinfo {
        Some(userinfo) if !userinfo.is_empty() => out.replace(&format!("{userinfo}@"), "***@"),
        _ => out,
    }
}

/// Downloads into a spool beside `path`, checks the answer and replaces
/// `path` with it. The lock on the target (which, where the folder can be
/// locked, is the folder's) is taken twice and not held while
/// downloading, which may take minutes: once to check the target may be
/// replaced before anything is downloaded and to make the spool among the
/// temporaries only a lock's holder makes; again to compare with the file
/// as it is then and replace it. Returns the rows written.
fn to_file(f: &Fingertips, urls: (&str, &str), path: &Path, limit: u64) -> anyhow::Result<u64> {
    let shown = urls.1;
    let mut spool = {
        let locked = crate::output::lock(path)?;
        let real = locked.real();
        let (Some(dir), Some(name)) = (real.parent(), real.file_name()) else {
            bail!("cannot write {}: it names no file", path.display());
        };
        // Beside the target, not in /tmp: the copy into place stays on
        // one disk, and /tmp is often memory.
        spool(dir, &name.to_string_lossy())?
    };
    download(f, urls, &mut spool, limit)?;
    let rows = check_export(&mut spool, f, shown)?;
    let locked = crate::output::lock(path)?;
    if !f.allow_shrink {
        if let Some(earlier) = earlier_rows(locked.real(), path)? {
            if rows.saturating_mul(2) < earlier {
                bail!(
                    "the answer from {shown} has {rows} rows, under half the {earlier} of {}: \
                     a download that shrinks this much is more often cut short than the data \
                     withdrawn, so the file is unchanged (--allow-shrink replaces it)",
                    path.display()
                );
            }
        }
    }
    // The crate's write rule: a temporary file beside the target with its
    // permissions and owner, synced, renamed over it; the spool is copied
    // in a buffer at a time, never held in memory.
    spool.seek(SeekFrom::Start(0))?;
    locked.replace_with(|w| io::copy(&mut spool, w).map(|_| ()))?;
    Ok(rows)
}

pub(crate) fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let From::Fingertips(f) = &args.from;
    // Whoever wrote the message (cfp, ureq quoting the URL, the server
    // through an excerpt), it reaches the terminal without the
    // credentials of `--base-url` or a control character.
    fetch(ctx, f).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            crate::diag::sanitize(&redact(&format!("{e:#}"), &f.base_url))
        )
    })
}

fn fetch(ctx: &Context, f: &Fingertips) -> anyhow::Result<super::Outcome> {
    let url = url(f);
    let shown = redact(&url, &f.base_url);
    let scheme = f.base_url.get(..8).unwrap_or_default().to_ascii_lowercase();
    if !scheme.starts_with("http://") && scheme != "https://" {
        bail!(
            "--base-url {} is not an http:// or https:// address",
            redact(&f.base_url, &f.base_url)
        );
    }
    let limit = limit()?;
    // `-o -`: the export itself is the result, for a pipe, once checked.
    if ctx.to_stdout {
        let mut spool = spool(&std::env::temp_dir(), "cfp-fetch")?;
        download(f, (&url, &shown), &mut spool, limit)?;
        let rows = check_export(&mut spool, f, &shown)?;
        spool.seek(SeekFrom::Start(0))?;
        crate::output::to_stdout(|out| io::copy(&mut spool, out).map(|_| ()))?;
        if !ctx.quiet {
            eprintln!("cfp: wrote {rows} rows to standard output");
        }
        return Ok(super::Outcome::Done);
    }
    let path = target(ctx, f);
    let rows = to_file(f, (&url, &shown), &path, limit)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fingertips(ids: &[u32]) -> Fingertips {
        Fingertips {
            ids: ids.to_vec(),
            area_type: 502,
            parent_area_type: 15,
            base_url: FINGERTIPS_API.into(),
            timeout: 1,
            allow_shrink: false,
        }
    }

    fn checked(body: &[u8], ids: &[u32]) -> anyhow::Result<u64> {
        let mut spool = tempfile::tempfile().expect("a temporary file");
        spool.write_all(body).expect("write");
        check_export(&mut spool, &fingertips(ids), "URL")
    }

    /// Every real export passes, as Fingertips writes it (a header one
    /// field longer than its rows, CRLF, a line break in a quoted name,
    /// modelled counts) and as R does (an index column, dots, `NA`).
    #[test]
    fn every_real_export_passes() {
        for (file, id, rows) in [
            ("campylobacter-93356-ragged.csv", 93356, 852),
            ("dependent-drinkers-not-in-treatment-93532.csv", 93532, 17),
            ("mortality-air-pollution-30101.csv", 30101, 1236),
            ("mortality-air-pollution-93861-r-export.csv", 93861, 1202),
            ("opiate-users-not-in-treatment.csv", 93517, 13),
        ] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/corpus/fingertips")
                .join(file);
            let body = fs::read(&path).expect("corpus");
            match checked(&body, &[id]) {
                Ok(n) => assert_eq!(n, rows, "{file}"),
                Err(e) => panic!("{file}: {e:#}"),
            }
        }
    }

    #[test]
    fn credentials_never_reach_a_message() {
        let base = "https://user:secret@example.org/api";
        for (text, shown) in [
            (
                "cannot download https://user:secret@example.org/api/x?y=1: io: refused",
                "cannot download https://***@example.org/api/x?y=1: io: refused",
            ),
            ("http://a:b@h:1", "http://***@h:1"),
            ("https://example.org/a@b `x`", "https://example.org/a@b `x`"),
            ("no address here", "no address here"),
        ] {
            assert_eq!(redact(text, base), shown);
        }
        // Without a scheme, what comes before the `@` is still hidden.
        assert_eq!(
            redact(
                "--base-url user:secret@example.org/api",
                "user:secret@example.org/api"
            ),
            "--base-url ***@example.org/api"
        );
        // A `/` in the password ends the scan's host early; the base's own
        // credentials are still found.
        let base = "http://user:se/cret@example.org/api";
        assert_eq!(
            redact("bad uri: http://user:se/cret@example.org/api/x", base),
            "bad uri: http://***@example.org/api/x"
        );
    }

    #[test]
    fn an_excerpt_is_one_sanitised_line_cut_short() {
        assert_eq!(
            excerpt(b"a\x1b]8;;http://x\x07b\n\r\n  c", 300),
            "a\u{FFFD}]8;;http://x\u{FFFD}b c"
        );
        assert_eq!(excerpt("é".repeat(10).as_bytes(), 3), "ééé…");
    }

    /// The pass that bounds a row counts records as the csv crate does.
    #[test]
    fn the_shape_pass_reads_records_as_the_csv_crate_does() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/fingertips");
        let mut bodies: Vec<Vec<u8>> = fs::read_dir(dir)
            .expect("corpus")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
            .map(|e| fs::read(e.path()).expect("read"))
            .collect();
        bodies.extend(
            [
                "a,b\n\n1,2\r\n3,\"x\ny\"\r4,\"q\"\"\"\n",
                "a,b\n1,x\"y,2\n",
                "a\n\"open\n",
                "",
                "\n\r\n",
                "a,\"b\"c,d\n",
            ]
            .map(|s| s.as_bytes().to_vec()),
        );
        for body in bodies {
            let records = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(&body[..])
                .byte_records()
                .count() as u64;
            let found = shape(&body[..]).expect("reads");
            assert_eq!(found.records, records, "{}", String::from_utf8_lossy(&body));
        }
        let open = shape(&b"a\n\"open\n"[..]).expect("reads");
        assert!(open.open_quote && open.longest == 6, "{open:?}");
        assert!(!shape(&b"a,\"x\"\"\"\n"[..]).expect("reads").open_quote);
    }

    proptest::proptest! {
        /// On any text, the pass finds the records the csv crate does.
        #[test]
        fn the_shape_pass_counts_any_text_as_the_csv_crate_does(text in "[ab,\"\n\r]{0,80}") {
            let records = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(text.as_bytes())
                .byte_records()
                .count() as u64;
            proptest::prop_assert_eq!(shape(text.as_bytes()).expect("reads").records, records);
        }
    }

    #[test]
    fn a_number_column_holds_a_number_or_nothing() {
        for ok in [
            "",
            "NA",
            "0",
            "94.7261896202678",
            "-1.5",
            "1E-05",
            ".5",
            "+2",
        ] {
            assert!(number_or_nothing(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "NaN", "inf", "-inf", "infinity", "1e400", "abc", "1,5", "x1",
        ] {
            assert!(!number_or_nothing(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn a_row_short_of_a_column_the_preset_reads_is_refused() {
        let header =
            "Indicator ID,Area Code,Area Name,Time period,Value,Value note,Compared to goal\n";
        assert_eq!(
            checked(format!("{header}1,E1,A,2020,5,n\n").as_bytes(), &[1]).ok(),
            Some(1)
        );
        let err = checked(format!("{header}1,E1,A,2020,5\n").as_bytes(), &[1])
            .expect_err("short of Value note");
        assert!(
            format!("{err:#}")
                .contains("row 1 of the answer from URL has 5 fields where the header has 7"),
            "{err:#}"
        );
        let err =
            checked(format!("{header}1,E1,A,,5,n\n").as_bytes(), &[1]).expect_err("no period");
        assert!(
            format!("{err:#}").contains("has no `Time period`"),
            "{err:#}"
        );
        let err = checked(b"Indicator ID,Area Code,Area Name,Value\n1,E1,A,5\n", &[1])
            .expect_err("no period column");
        assert!(
            format!("{err:#}").contains("its header has no `Time period` column"),
            "{err:#}"
        );
        let err = checked(b"", &[1]).expect_err("empty");
        assert!(format!("{err:#}").contains("is empty"), "{err:#}");
    }
}
