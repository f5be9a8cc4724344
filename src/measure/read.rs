//! Reading measurement CSVs: streaming, one reused record, header mapping,
//! rows of untracked areas dropped before any conversion, every problem
//! located by file, line and column. A large file is read in stretches on
//! several threads, split at line breaks and merged in file order, so the
//! answers are the same whatever the number of threads.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use csv::ByteRecord;

use super::lines::Lines;
use super::rows::Rows;
use super::{Area, Measurements, Observation, Origin};
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Location};
use crate::plan::{MeasurementSource, Plan};

/// What reading the measurements gave: the figures, and every problem.
#[derive(Debug)]
pub struct Reading {
    pub measurements: Measurements,
    pub diagnostics: Diagnostics,
}

/// Reads every measurement file the plan names.
pub fn read(plan: &Plan) -> Reading {
    let mut r = Reader {
        plan,
        m: Measurements {
            series: vec![Vec::new(); plan.indicators.len()],
            milestones: vec![Vec::new(); plan.milestones.len()],
            commitments: vec![Vec::new(); plan.commitments.len()],
            ..Default::default()
        },
        diags: Diagnostics::default(),
        unknown: BTreeMap::new(),
    };
    for source in &plan.sources {
        for path in r.resolve(source) {
            if r.m.files.contains(&path) {
                continue;
            }
            r.m.files.push(path.clone());
            let index = r.m.files.len() - 1;
            r.read_file(source, &path, index as u32);
        }
    }
    r.finish()
}

/// The columns of one file, by position.
#[derive(Default)]
pub(super) struct Columns {
    pub id: usize,
    pub period: usize,
    pub value: Option<usize>,
    pub area: Option<usize>,
    pub numerator: Option<usize>,
    pub denominator: Option<usize>,
    pub lower_ci: Option<usize>,
    pub upper_ci: Option<usize>,
    pub published: Option<usize>,
    pub status: Option<usize>,
    pub note: Option<usize>,
    pub filter: Vec<(usize, String)>,
    pub count: usize,
}

struct Reader<'p> {
    plan: &'p Plan,
    m: Measurements,
    diags: Diagnostics,
    /// Unknown id -> (rows, first place seen).
    unknown: BTreeMap<String, (usize, Location)>,
}

/// The text of a cell: UTF-8, or else Windows-1252 as Excel writes it.
pub(super) fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Whether a raw cell says `want`: a byte comparison, except for a cell in
/// Windows-1252 (not UTF-8), which is decoded first.
pub(super) fn same_text(cell: &[u8], want: &str) -> bool {
    cell == want.as_bytes()
        || (!cell.is_ascii() && std::str::from_utf8(cell).is_err() && text(cell) == want)
}

fn has_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// A row as text, for the excerpt under a diagnostic, with where each field
/// starts (in characters).
pub(super) fn excerpt(rec: &ByteRecord) -> (String, Vec<usize>) {
    let mut line = String::new();
    let mut starts = Vec::with_capacity(rec.len());
    for (i, field) in rec.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        starts.push(line.chars().count());
        let t = text(field);
        if t.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&t.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&t);
        }
    }
    (line, starts)
}

/// What one stretch of a file gave, with what is needed to place it.
struct Stretch<'p> {
    rows: Rows<'p>,
    newlines: u64,
    quotes: u64,
}

/// How many threads read a file of `len` bytes: `$CFP_THREADS` when set,
/// else one per core for a file large enough to be worth it.
fn threads(len: u64) -> usize {
    if let Some(n) = std::env::var("CFP_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return n.clamp(1, 64);
    }
    if len < 4 << 20 {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Splits the records `[body, len)` into up to `parts` stretches, each
/// starting just after a line break.
fn split(path: &Path, body: u64, len: u64, parts: usize) -> Vec<(u64, u64)> {
    let mut starts = vec![body];
    if parts > 1 {
        if let Ok(mut f) = File::open(path) {
            let mut buf = vec![0; 1 << 16];
            for k in 1..parts as u64 {
                let guess = body + (len - body) * k / parts as u64;
                let found = f
                    .seek(SeekFrom::Start(guess))
                    .and_then(|_| f.read(&mut buf));
                let Ok(n) = found else { break };
                let Some(i) = memchr::memchr(b'\n', &buf[..n]) else {
                    continue;
                };
                let start = guess + i as u64 + 1;
                if start < len && start > *starts.last().unwrap_or(&body) {
                    starts.push(start);
                }
            }
        }
    }
    let mut out: Vec<(u64, u64)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    out.push((*starts.last().unwrap_or(&body), len));
    out
}

/// Splits a record with quotes in it as RFC 4180 (and the csv crate) do: a
/// field that starts with a quote runs to the closing quote, `""` inside it
/// is one quote, and what follows the closing quote joins the field. False
/// for a carriage return outside quotes, which the csv crate reads as a
/// record's end.
fn split_quoted(bytes: &[u8], rec: &mut ByteRecord, field: &mut Vec<u8>) -> bool {
    #[derive(PartialEq)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    rec.clear();
    field.clear();
    let mut state = State::Start;
    for &b in bytes {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => {
                field.push(b);
                State::Quoted
            }
            (State::QuoteInQuoted, b'"') => {
                field.push(b'"');
                State::Quoted
            }
            (State::Start, b'"') => State::Quoted,
            (_, b',') => {
                rec.push_field(field);
                field.clear();
                State::Start
            }
            (_, b'\r') => return false,
            (_, _) => {
                field.push(b);
                State::Unquoted
            }
        };
    }
    rec.push_field(field);
    true
}

/// The `n`th comma-separated field of a line with no quotes.
fn field(line: &[u8], n: usize) -> &[u8] {
    let mut start = 0;
    for _ in 0..n {
        match memchr::memchr(b',', &line[start..]) {
            Some(i) => start += i + 1,
            None => return b"",
        }
    }
    let end = memchr::memchr(b',', &line[start..]).map_or(line.len(), |i| start + i);
    &line[start..end]
}

/// Reads the records in one stretch of a file. A line with no quote is
/// split at its commas, and dropped on its raw area bytes when the plan
/// does not track that area; a quoted record is read by the csv crate.
fn read_stretch<'p>(
    plan: &'p Plan,
    cols: &Columns,
    path: &Path,
    file: u32,
    (start, end): (u64, u64),
) -> Stretch<'p> {
    let mut rows = Rows::new(plan);
    let opened = File::open(path).and_then(|mut f| {
        f.seek(SeekFrom::Start(start))?;
        Ok(f)
    });
    let handle = match opened {
        Ok(f) => f,
        Err(e) => {
            rows.diags
                .error(None, format!("cannot read {}: {e}", path.display()));
            return Stretch {
                rows,
                newlines: 0,
                quotes: 0,
            };
        }
    };
    let mut lines = Lines::new(handle.take(end - start));
    let mut rec = ByteRecord::new();
    let mut scratch = Vec::new();
    let area = cols.area.filter(|_| cols.filter.is_empty());
    loop {
        let record = match lines.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                rows.diags.error(
                    Some(Location::at(path, lines.newlines as usize + 1, 1)),
                    format!("cannot read the CSV: {e}"),
                );
                break;
            }
        };
        let line = record.line;
        if record.quoted {
            if split_quoted(record.bytes, &mut rec, &mut scratch) {
                rows.row(cols, path, file, || line, &rec);
            } else {
                // A lone carriage return outside quotes ends records too, as
                // old Mac files have it: the csv crate knows every such case.
                let mut csv = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(record.bytes);
                while let Ok(true) = csv.read_byte_record(&mut rec) {
                    rows.row(cols, path, file, || line, &rec);
                }
            }
            continue;
        }
        if let Some(column) = area {
            let cell = field(record.bytes, column);
            if rows.tracked(cell.trim_ascii()).is_none() {
                rows.untracked();
                continue;
            }
        }
        rec.clear();
        for field in record.bytes.split(|&b| b == b',') {
            rec.push_field(field);
        }
        rows.row(cols, path, file, || line, &rec);
    }
    Stretch {
        newlines: lines.newlines,
        quotes: lines.quotes,
        rows,
    }
}

impl Reader<'_> {
    fn resolve(&mut self, source: &MeasurementSource) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for (pattern, named_at) in &source.files {
            let full = self.plan.root.join(pattern);
            if !has_glob(pattern) {
                if full.is_file() {
                    out.push(full);
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            named_at.clone(),
                            format!("measurements file {} does not exist", full.display()),
                        )
                        .with_help("fix the path in [measurements] files, or remove it"),
                    );
                }
                continue;
            }
            let mut found: Vec<PathBuf> = match glob::glob(&full.to_string_lossy()) {
                Ok(paths) => paths
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect(),
                Err(e) => {
                    self.diags.error(
                        named_at.clone(),
                        format!("bad measurements pattern `{pattern}`: {e}"),
                    );
                    continue;
                }
            };
            if found.is_empty() {
                self.diags.warning(
                    named_at.clone(),
                    format!("measurements pattern `{pattern}` matches no file"),
                );
            }
            found.sort();
            out.extend(found);
        }
        out
    }

    fn read_file(&mut self, source: &MeasurementSource, path: &Path, file: u32) {
        let (len, head) = match File::open(path).and_then(|mut f| {
            let len = f.metadata()?.len();
            let mut head = Vec::with_capacity(1 << 16);
            (&mut f).take(1 << 16).read_to_end(&mut head)?;
            Ok((len, head))
        }) {
            Ok(x) => x,
            Err(e) => {
                self.diags
                    .error(None, format!("cannot read {}: {e}", path.display()));
                return;
            }
        };
        if let Some(at) = head.iter().position(|&b| b == 0) {
            let line = head[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            self.diags.push(
                Diagnostic::error(
                    Some(Location::at(path, line, 1)),
                    format!("not a CSV text file: binary data (a zero byte) at byte {at}"),
                )
                .with_help("measurements are CSV text: export the sheet as CSV"),
            );
            return;
        }
        let mut header_reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(&head[..]);
        let headers = match header_reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                self.diags.error(
                    Some(Location::at(path, 1, 1)),
                    format!("cannot read the header: {e}"),
                );
                return;
            }
        };
        // Where the records start: past the header and its line break.
        let mut body = header_reader.position().byte();
        while head
            .get(body as usize)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            body += 1;
        }
        if body as usize >= head.len() && head.len() as u64 != len {
            self.diags.error(
                Some(Location::at(path, 1, 1)),
                "the header row is longer than 64 KiB: is this a measurements file?",
            );
            return;
        }
        self.m.counts.files += 1;
        let Some(cols) = self.columns(source, path, &headers) else {
            return;
        };
        let header_lines = head[..body as usize]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let stretches = split(path, body, len, threads(len));
        let plan = self.plan;
        let read_all = |stretches: &[(u64, u64)]| -> Vec<Stretch<'_>> {
            if stretches.len() == 1 {
                return vec![read_stretch(plan, &cols, path, file, stretches[0])];
            }
            std::thread::scope(|scope| {
                let handles: Vec<_> = stretches
                    .iter()
                    .map(|&range| {
                        let cols = &cols;
                        scope.spawn(move || read_stretch(plan, cols, path, file, range))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        };
        let mut results = read_all(&stretches);
        // A stretch must not begin inside a quoted field (a note with a line
        // break in it). Only quotes can make one, and a stray quote inside an
        // unquoted cell makes counting them unsafe: so when any stretch but
        // the last holds a quote, the file is read again in one stretch.
        let aligned = results[..results.len() - 1].iter().all(|r| r.quotes == 0);
        if !aligned {
            results = read_all(&[(body, len)]);
        }
        let mut lines = header_lines;
        for mut r in results {
            r.rows.shift_lines(lines);
            lines += r.newlines;
            self.absorb(r.rows);
        }
    }

    /// Adds what one stretch gave, in file order.
    fn absorb(&mut self, rows: Rows<'_>) {
        for (all, more) in self.m.series.iter_mut().zip(rows.series) {
            all.extend(more);
        }
        for (all, more) in self.m.milestones.iter_mut().zip(rows.milestones) {
            all.extend(more);
        }
        for (all, more) in self.m.commitments.iter_mut().zip(rows.commitments) {
            all.extend(more);
        }
        self.m.counts.add(&rows.counts);
        self.diags.extend(rows.diags);
        for (id, (n, loc)) in rows.unknown {
            self.unknown.entry(id).or_insert((0, loc)).0 += n;
        }
    }

    fn columns(
        &mut self,
        source: &MeasurementSource,
        path: &Path,
        headers: &ByteRecord,
    ) -> Option<Columns> {
        let names: Vec<String> = headers
            .iter()
            .map(|h| text(h).trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        if names.iter().all(String::is_empty) {
            self.diags.push(
                Diagnostic::error(
                    Some(Location::at(path, 1, 1)),
                    "the file is empty: it has no header row",
                )
                .with_help("a measurements file starts with a header such as id,period,value"),
            );
            return None;
        }
        let find = |name: &str| names.iter().position(|h| h.eq_ignore_ascii_case(name));
        let wanted = |column: &str| -> String {
            source
                .columns
                .get(column)
                .cloned()
                .unwrap_or_else(|| column.to_string())
        };
        let position = |column: &str| find(&wanted(column));
        let mut missing = Vec::new();
        let id = position("id");
        let period = position("period");
        if id.is_none() {
            missing.push(wanted("id"));
        }
        if period.is_none() {
            missing.push(wanted("period"));
        }
        let value = position("value");
        let status = position("status");
        if value.is_none() && status.is_none() {
            missing.push(format!("{}` or `{}", wanted("value"), wanted("status")));
        }
        let mut filter = Vec::new();
        for (column, want) in &source.filter {
            match find(column) {
                Some(i) => filter.push((i, want.clone())),
                None => missing.push(column.clone()),
            }
        }
        if !missing.is_empty() {
            let found = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            for column in missing {
                self.diags.push(
                    Diagnostic::error(
                        Some(Location {
                            excerpt: Some(names.join(",")),
                            ..Location::at(path, 1, 1)
                        }),
                        format!("missing required column `{column}`"),
                    )
                    .with_help(format!(
                        "the header has {found}; map other names with [measurements.columns]"
                    )),
                );
            }
            return None;
        }
        Some(Columns {
            id: id.unwrap_or(0),
            period: period.unwrap_or(0),
            value,
            area: position("area"),
            numerator: position("numerator"),
            denominator: position("denominator"),
            lower_ci: position("lower_ci"),
            upper_ci: position("upper_ci"),
            published: position("published"),
            status,
            note: position("note"),
            filter,
            count: names.len(),
        })
    }

    fn finish(mut self) -> Reading {
        for (id, (rows, loc)) in std::mem::take(&mut self.unknown) {
            let help = did_you_mean(&id, self.plan.ids());
            let plural = if rows == 1 { "row" } else { "rows" };
            self.diags.push(
                Diagnostic::warning(
                    Some(loc),
                    format!("{rows} {plural} for `{id}`, which the plan does not define: skipped"),
                )
                .with_help_opt(help),
            );
        }
        for (i, series) in self.m.series.iter_mut().enumerate() {
            series.sort_by(|a, b| {
                (a.area, a.period, a.known_from(), a.origin).cmp(&(
                    b.area,
                    b.period,
                    b.known_from(),
                    b.origin,
                ))
            });
            let id = &self.plan.indicators[i].id;
            let mut keep = Vec::with_capacity(series.len());
            for obs in series.drain(..) {
                let duplicate = keep.last().filter(|prev: &&Observation| {
                    prev.area == obs.area
                        && prev.period == obs.period
                        && prev.published == obs.published
                });
                match duplicate {
                    Some(prev)
                        if prev.value.same_as(&obs.value)
                            && prev.numerator == obs.numerator
                            && prev.denominator == obs.denominator => {}
                    Some(prev) => {
                        let area = match obs.area {
                            Area::Own => self.plan.area.as_str(),
                            Area::Comparator(c) => self.plan.comparators[c as usize].as_str(),
                        };
                        let files = &self.m.files;
                        let place =
                            |o: Origin| format!("{}:{}", files[o.file as usize].display(), o.line);
                        self.diags.push(
                            Diagnostic::error(
                                Some(Location::at(&files[obs.origin.file as usize], obs.origin.line as usize, 1)),
                                format!(
                                    "conflicting figures for `{id}`, {area}, {}: `{}` at {} and `{}` at {}",
                                    obs.period, prev.raw, place(prev.origin), obs.raw, place(obs.origin)
                                ),
                            )
                            .with_help("keep one row, or give the restated figure a later `published` date"),
                        );
                    }
                    None => keep.push(obs),
                }
            }
            *series = keep;
        }
        for updates in &mut self.m.milestones {
            updates.sort_by_key(|u| (u.date, u.origin));
        }
        for updates in &mut self.m.commitments {
            updates.sort_by_key(|u| (u.date, u.origin));
        }
        Reading {
            measurements: self.m,
            diagnostics: self.diags,
        }
    }
}

pub(super) fn text_width(bytes: &[u8]) -> usize {
    text(bytes).chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_records_split_as_the_csv_crate_splits_them() {
        let cases: &[&[u8]] = &[
            b"a,\"b,c\",d",
            b"\"say \"\"hi\"\"\",2,",
            b"x,\"two\nlines\",\"\"",
            b"\"a\"b,c\"d",
            b",\"\",",
            b"\"caf\xe9\",1",
        ];
        for bytes in cases {
            let mut ours = ByteRecord::new();
            assert!(split_quoted(bytes, &mut ours, &mut Vec::new()));
            let mut theirs = ByteRecord::new();
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(*bytes)
                .read_byte_record(&mut theirs)
                .expect("csv reads it");
            let ours: Vec<&[u8]> = ours.iter().collect();
            let theirs: Vec<&[u8]> = theirs.iter().collect();
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(bytes));
        }
        assert!(!split_quoted(
            b"a\rb,\"c\"",
            &mut ByteRecord::new(),
            &mut Vec::new()
        ));
    }

    fn ours(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut lines = Lines::new(text);
        let mut rec = ByteRecord::new();
        let mut out = Vec::new();
        while let Some(r) = lines.next_record().expect("reads") {
            if r.quoted {
                assert!(split_quoted(r.bytes, &mut rec, &mut Vec::new()));
            } else {
                rec.clear();
                for f in r.bytes.split(|&b| b == b',') {
                    rec.push_field(f);
                }
            }
            out.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        out
    }

    fn theirs(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut rec = ByteRecord::new();
        let mut out = Vec::new();
        while csv.read_byte_record(&mut rec).expect("reads") {
            out.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        out
    }

    proptest::proptest! {
        /// The record finder and splitter read any text as the csv crate does.
        #[test]
        fn records_as_the_csv_crate_reads_them(text in "[ab,\"\n]{0,80}") {
            proptest::prop_assert_eq!(ours(text.as_bytes()), theirs(text.as_bytes()));
        }
    }

    #[test]
    fn excerpt_quotes_fields_that_need_it() {
        let rec = ByteRecord::from(vec!["gld", "4,903", "say \"hi\""]);
        let (line, starts) = excerpt(&rec);
        assert_eq!(line, "gld,\"4,903\",\"say \"\"hi\"\"\"");
        assert_eq!(starts, vec![0, 4, 12]);
    }

    #[test]
    fn windows_1252_cells_decode() {
        assert_eq!(text(b"caf\xe9"), "café");
        assert_eq!(text("café".as_bytes()), "café");
    }
}
