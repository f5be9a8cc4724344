//! Reading a CSV's records in stretches. A large file is split at line
//! breaks and its stretches read on several threads, then merged in file
//! order, so the answers are the same whatever the number of threads. A
//! line with no quote in it is split at its commas where it lies, and a
//! row of an untracked area dropped on its raw bytes; a quoted record is
//! split as RFC 4180 says.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use csv::ByteRecord;

use super::lines::Lines;
use super::mapping::Mapping;
use super::rows::{Fields, Lane, Place, Rows};
use crate::diag::{Code, Location};
use crate::plan::Plan;

/// What one stretch of a file gave, with what is needed to place it.
pub(super) struct Stretch<'p> {
    pub rows: Rows<'p>,
    pub newlines: u64,
    /// Every quote in the stretch opened, closed or escaped inside a quoted
    /// field, so counting quotes placed its start outside one.
    pub vouched: bool,
    /// The quote bytes it holds.
    pub quotes: u64,
}

/// Where a file's stretches are, and whether they were placed without
/// counting the quotes before them ([`split`]), to be checked once read
/// ([`Split::holds`]).
pub(super) struct Split {
    pub stretches: Vec<(u64, u64)>,
    pub uncounted: bool,
}

impl Split {
    /// Whether the stretches, as read, begin outside quoted fields: counted
    /// before, or, placed without counting, with an even number of quotes
    /// before each (which their reading counted).
    pub(super) fn holds(&self, read: &[Stretch<'_>]) -> bool {
        read.iter().all(|r| r.vouched)
            && (!self.uncounted || even_before_each(read.iter().map(|r| r.quotes)))
    }
}

/// Whether, of stretches holding `quotes` each, an even number of quotes
/// comes before each one's start: else a stretch began inside a quoted
/// field.
fn even_before_each(quotes: impl IntoIterator<Item = u64>) -> bool {
    let mut before = 0u64;
    quotes.into_iter().all(|n| {
        let even = before.is_multiple_of(2);
        before += n;
        even
    })
}

/// How much of a file's start is searched for a quote: none there, and
/// most likely none anywhere (a national file, an EES file), so the quotes
/// before each split are not counted first.
const UNQUOTED_SAMPLE: u64 = 1 << 20;

/// How many stretches each thread reading a file reads, one after
/// another, as it is free: a core that other work slows for a while then
/// reads fewer, rather than the file's reading waiting for its half.
pub(super) const STRETCHES_PER_THREAD: usize = 3;

/// How many threads read a file of `len` bytes: `$CFP_THREADS` when set,
/// else one per core for a file large enough to be worth it.
pub(super) fn threads(len: u64) -> usize {
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
/// starting just after a line break outside any quoted field (a quoted
/// note may hold line breaks of its own). Where a quoted field is depends
/// on every quote before it: so the quotes of each part are counted first,
/// in parallel, and a split is the first line break after its guess with
/// an even number of quotes before it. That holds when every quote opens,
/// closes or escapes inside a quoted field; the reading of the stretches
/// checks it (see [`Stretch::vouched`]).
///
/// A file with no quote in its first MiB is split at the first line break
/// after each guess with no count (a count reads most of the file before any
/// stretch is read), and [`Split::holds`] checks the quotes its stretches'
/// reading counted.
pub(super) fn split(path: &Path, body: u64, len: u64, parts: usize, threads: usize) -> Split {
    let guesses: Vec<u64> = (0..parts as u64)
        .map(|k| body + (len - body) * k / parts as u64)
        .collect();
    let sample = (body + UNQUOTED_SAMPLE).min(guesses.get(1).copied().unwrap_or(len));
    if count_quotes(path, body, sample) == Some(0) {
        let counts = vec![Some(0); guesses.len().saturating_sub(1)];
        return Split {
            stretches: starting_at(path, &guesses, counts, (body, len)),
            uncounted: true,
        };
    }
    // The quotes of each window before a split, counted on `threads`
    // threads, each taking the next window as it is free.
    let windows: Vec<(u64, u64)> = guesses.windows(2).map(|w| (w[0], w[1])).collect();
    let counts = crate::threads::share(threads, windows, |(from, to)| count_quotes(path, from, to));
    Split {
        stretches: starting_at(path, &guesses, counts, (body, len)),
        uncounted: false,
    }
}

/// The stretches starting at the first line break after each guess with
/// an even number of quotes before it, `counts` the quotes between guesses.
fn starting_at(
    path: &Path,
    guesses: &[u64],
    counts: Vec<Option<u64>>,
    (body, len): (u64, u64),
) -> Vec<(u64, u64)> {
    let mut starts = vec![body];
    let mut before = 0u64;
    for (k, count) in counts.into_iter().enumerate() {
        let Some(count) = count else { break };
        before += count;
        let guess = guesses[k + 1];
        match even_break_after(path, guess, len, before % 2 == 1) {
            Some(start) if start < len && start > *starts.last().unwrap_or(&body) => {
                starts.push(start)
            }
            _ => {}
        }
    }
    let mut out: Vec<(u64, u64)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    out.push((*starts.last().unwrap_or(&body), len));
    out
}

/// How many quote bytes `[from, to)` of a file holds.
fn count_quotes(path: &Path, from: u64, to: u64) -> Option<u64> {
    let mut f = File::open(path).ok()?;
    f.seek(SeekFrom::Start(from)).ok()?;
    let mut f = f.take(to - from);
    let mut buf = vec![0; 1 << 20];
    let mut n = 0u64;
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Some(n),
            Ok(got) => n += memchr::memchr_iter(b'"', &buf[..got]).count() as u64,
            Err(_) => return None,
        }
    }
}

/// The offset just after the first line break at or after `from` with an
/// even number of quotes before it (`odd`: the count before `from` is odd).
fn even_break_after(path: &Path, from: u64, len: u64, mut odd: bool) -> Option<u64> {
    let mut f = File::open(path).ok()?;
    f.seek(SeekFrom::Start(from)).ok()?;
    let mut buf = vec![0; 1 << 16];
    let mut at = from;
    while at < len {
        let got = f.read(&mut buf).ok()?;
        if got == 0 {
            return None;
        }
        for i in memchr::memchr2_iter(b'"', b'\n', &buf[..got]) {
            if buf[i] == b'"' {
                odd = !odd;
            } else if !odd {
                return Some(at + i as u64 + 1);
            }
        }
        at += got as u64;
    }
    None
}

/// Splits a record with quotes in it as RFC 4180 (and the csv crate) do: a
/// field that starts with a quote runs to the closing quote, `""` inside it
/// is one quote, and what follows the closing quote joins the field. False
/// for a carriage return outside quotes, which the csv crate reads as a
/// record's end.
pub(super) fn split_quoted(bytes: &[u8], rec: &mut ByteRecord, field: &mut Vec<u8>) -> bool {
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

/// Splits a record into `rec`: the csv crate's reading in every case.
pub(super) fn split_record(
    bytes: &[u8],
    quoted: bool,
    rec: &mut ByteRecord,
    scratch: &mut Vec<u8>,
) {
    if !quoted {
        rec.clear();
        for f in bytes.split(|&b| b == b',') {
            rec.push_field(f);
        }
        return;
    }
    if !split_quoted(bytes, rec, scratch) {
        // A lone carriage return outside quotes ends a record, as old Mac
        // files have it; here its pieces are read as one record's fields.
        rec.clear();
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut part = ByteRecord::new();
        while let Ok(true) = csv.read_byte_record(&mut part) {
            for f in &part {
                rec.push_field(f);
            }
        }
    }
}

/// Splits a record the scan could not (an escaped quote, text after a
/// closing quote, a lone carriage return) as the csv crate does, giving
/// each record it holds to `each`: a lone carriage return ends records
/// too, as old Mac files have it.
pub(super) fn each_parsed(
    bytes: &[u8],
    rec: &mut ByteRecord,
    scratch: &mut Vec<u8>,
    mut each: impl FnMut(&ByteRecord),
) {
    if split_quoted(bytes, rec, scratch) {
        return each(rec);
    }
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    while let Ok(true) = csv.read_byte_record(rec) {
        each(rec);
    }
}

/// Reads the records of one stretch into `rows`.
pub(super) fn read_records<'p, R: Read>(
    mut rows: Rows<'p>,
    m: &Mapping<'_>,
    path: &Path,
    mut lines: Lines<R>,
) -> Stretch<'p> {
    let mut rec = ByteRecord::new();
    let mut scratch = Vec::new();
    // A file naming levels is read whole when the plan's area is ranked
    // among the areas at its level.
    let area = m.area_column().filter(|_| !rows.reads_peers(m));
    // Or read whole, most of its rows through the peers' lane.
    let mut lane = rows
        .reads_peers(m)
        .then(|| Lane::of(m, rows.plan()))
        .flatten();
    loop {
        let record = match lines.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                rows.diags.error(
                    Code::CannotRead,
                    Some(Location::at(path, lines.newlines as usize + 1, 1)),
                    format!("cannot read the CSV: {e}"),
                );
                break;
            }
        };
        let line = record.line;
        if record.binary {
            rows.binary(line);
            break;
        }
        if record.unclosed {
            // Read as the csv crate reads it, this would be one cell holding
            // the rest of the file, and every row after it lost.
            let lines_after = memchr::memchr_iter(b'\n', record.bytes).count();
            rows.unclosed_quote(line, lines_after);
            continue;
        }
        if record.closed_late {
            let lines_after = memchr::memchr_iter(b'\n', record.bytes).count();
            rows.quote_closed_late(line, lines_after);
            continue;
        }
        if record.fields.is_empty() {
            each_parsed(record.bytes, &mut rec, &mut scratch, |rec| {
                rows.row(m, || line, rec)
            });
            continue;
        }
        let fields = Fields {
            line: record.bytes,
            bounds: record.fields,
        };
        // A row with too many or too few fields is reported whatever its
        // area, so that a shifted area cell never hides it.
        if let Some(column) = area.filter(|_| fields.bounds.len() == m.width) {
            if rows.untracked(line, &fields, column) {
                continue;
            }
        }
        if let Some(lane) = lane.as_mut().filter(|_| fields.bounds.len() == m.width) {
            if !rows.lane(lane, m, &fields) {
                rows.row(m, || line, &fields);
                rows.learn(lane, m, &fields);
            }
            continue;
        }
        rows.row(m, || line, &fields);
    }
    rows.join(m);
    Stretch {
        newlines: lines.newlines,
        vouched: !lines.unsure && lines.structural_quotes == lines.quotes,
        quotes: lines.quotes,
        rows,
    }
}

/// Reads `[start, end)` of a plain CSV file.
pub(super) fn read_stretch<'p>(
    plan: &'p Plan,
    m: &Mapping<'_>,
    path: &Path,
    file: u32,
    (start, end): (u64, u64),
) -> Stretch<'p> {
    let mut rows = Rows::new(plan, path, file, Place::Csv, m.source.filter.len());
    let opened = File::open(path).and_then(|mut f| {
        f.seek(SeekFrom::Start(start))?;
        Ok(f)
    });
    match opened {
        Ok(f) => read_records(rows, m, path, Lines::new(f.take(end - start))),
        Err(e) => {
            rows.diags.error(
                Code::CannotRead,
                None,
                format!("cannot read {}: {e}", path.display()),
            );
            Stretch {
                rows,
                newlines: 0,
                vouched: true,
                quotes: 0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_begins_outside_quotes_when_those_before_it_are_even() {
        assert!(even_before_each([0, 0, 0]));
        assert!(
            even_before_each([4, 2, 7]),
            "the last one's own count is its own"
        );
        assert!(!even_before_each([3, 1]), "the second began inside a field");
        assert!(!even_before_each([2, 1, 0]), "the third did");
        assert!(even_before_each([]));
    }

    #[test]
    fn a_file_unquoted_at_its_start_is_split_without_a_count() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("data.csv");
        let mut text = String::from("id,note\n");
        for k in 0..400 {
            text.push_str(&format!("i,plain {k}\n"));
        }
        for k in 0..400 {
            text.push_str(&format!("i,\"one\ntwo {k}\"\n"));
        }
        std::fs::write(&path, &text).expect("written");
        let (body, len) = (8, text.len() as u64);
        // Its first fifth holds no quote: no count.
        let five = split(&path, body, len, 5, 2);
        assert!(five.uncounted);
        assert_eq!(five.stretches.first().map(|s| s.0), Some(body));
        // Its first half does: counted, as before.
        assert!(!split(&path, body, len, 2, 2).uncounted);
    }

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
            if r.fields.is_empty() {
                each_parsed(r.bytes, &mut rec, &mut Vec::new(), |rec| {
                    out.push(rec.iter().map(<[u8]>::to_vec).collect())
                });
            } else {
                out.push(
                    r.fields
                        .iter()
                        .map(|&(s, e)| r.bytes[s..e].to_vec())
                        .collect(),
                );
            }
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
        fn records_as_the_csv_crate_reads_them(text in "[ab,\"\n\r]{0,80}") {
            proptest::prop_assert_eq!(ours(text.as_bytes()), theirs(text.as_bytes()));
        }

        /// Lines of plain fields long enough to be split a word at a time
        /// (`Lines::plain`), ended by LF, CRLF or a lone CR, now and then
        /// with a quote or a blank line, are read as the csv crate reads
        /// them.
        #[test]
        fn plain_lines_as_the_csv_crate_reads_them(
            text in "(([ab ]{0,9},){0,6}[ab\"]{0,9}(\r\n|\n|\r|\n\n)){0,12}",
        ) {
            proptest::prop_assert_eq!(ours(text.as_bytes()), theirs(text.as_bytes()));
        }
    }
}
