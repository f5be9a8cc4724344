//! Records from a stretch of a CSV file, found by their line breaks. A line
//! with no quote in it is a record whose fields are split at commas, so a
//! row can be judged from its raw bytes (is its area one the plan tracks?)
//! before the csv crate is asked to do anything; a line with quotes is
//! carried on to the line break that ends its record, since a quoted field
//! may hold line breaks of its own.

use std::io::{self, Read};

const BUFFER: usize = 1 << 20;

/// One record's bytes, with where it stands.
pub(super) struct Record<'a> {
    /// Without its line break (and without the `\r` of a CRLF).
    pub bytes: &'a [u8],
    /// The line it starts on, counted from 1 at the start of the stretch.
    pub line: u64,
    /// The quotes the scan found in it, where the scan split it.
    quotes: u64,
    /// Where each field's text is in `bytes` (inside its quotes), when the
    /// scan could split it: no field holds an escaped quote, nothing
    /// follows a closing quote, and no lone `\r` ends a line. Otherwise
    /// empty, and only a full CSV parser can split it.
    pub fields: &'a [(usize, usize)],
    /// A quoted field opens in it and never closes.
    pub unclosed: bool,
    /// A quoted field runs over a line break and text follows its closing
    /// quote: a quote left open and closed by a later row's quote, which
    /// would read the rows between as one cell.
    pub closed_late: bool,
    /// It holds a zero byte: binary data, not CSV text.
    pub binary: bool,
}

impl Record<'_> {
    /// Whether it holds a quote (or a lone `\r`): looked for only when
    /// asked, which a plain file's millions of rows never are.
    pub fn quoted(&self) -> bool {
        quoted(self.quotes, self.bytes)
    }
}

fn quoted(quotes: u64, bytes: &[u8]) -> bool {
    quotes > 0 || memchr::memchr2(b'"', b'\r', bytes).is_some()
}

/// How a scan for the end of a record went.
enum Scan {
    /// The record ends at `stop` (its line break, or the end of the data)
    /// and the next starts at `next`.
    Done {
        stop: usize,
        next: usize,
        clean: bool,
        newlines: u64,
        quotes: u64,
    },
    /// The record runs past what is in the buffer.
    More,
    /// The record needs the quote-aware search of [`Lines::unclean`].
    Unclean,
}

pub(super) struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Line breaks passed so far.
    pub newlines: u64,
    /// Quote bytes read so far.
    pub quotes: u64,
    /// Bytes read from `inner` so far.
    read: u64,
    /// Quotes that open, close or escape inside a quoted field, in the
    /// records scanned so far; fewer than `quotes` means a stray quote.
    pub structural_quotes: u64,
    /// Whether a record needed a full CSV parser after all, which the
    /// count of structural quotes cannot vouch for.
    pub unsure: bool,
    fields: Vec<(usize, usize)>,
    /// The line of a record whose quoted field is never closed: it would
    /// run to the end of the data.
    pub unclosed: Option<u64>,
    /// Whether any data read holds a zero byte; only then are records
    /// searched for one.
    zero: bool,
}

impl<R: Read> Lines<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            buf: vec![0; BUFFER],
            start: 0,
            end: 0,
            eof: false,
            newlines: 0,
            quotes: 0,
            read: 0,
            structural_quotes: 0,
            unsure: false,
            fields: Vec::new(),
            unclosed: None,
            zero: false,
        }
    }

    /// How many bytes the records returned so far took, line breaks and
    /// skipped blank lines included.
    pub(super) fn consumed(&self) -> u64 {
        self.read - (self.end - self.start) as u64
    }

    /// Moves what is left to the front and reads more; false at the end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            // A record longer than the buffer: make room.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = self.inner.read(&mut self.buf[self.end..])?;
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.quotes += memchr::memchr_iter(b'"', &self.buf[self.end..self.end + n]).count() as u64;
        self.zero = self.zero || memchr::memchr(0, &self.buf[self.end..self.end + n]).is_some();
        self.end += n;
        self.read += n as u64;
        Ok(true)
    }

    /// The end of the record starting at `self.start`, which holds quotes:
    /// the first line break outside a quoted field, if it is in the buffer
    /// yet. A quote opens a quoted field only at the start of a field, as
    /// the csv crate reads it; `""` inside one is a quote.
    fn record_end(&self) -> Result<usize, bool> {
        let (mut at_start, mut quoted, mut closing) = (true, false, false);
        for (i, &b) in self.buf[self.start..self.end].iter().enumerate() {
            if quoted {
                if closing {
                    closing = false;
                    if b != b'"' {
                        quoted = false;
                    }
                } else if b == b'"' {
                    closing = true;
                    continue;
                }
                if quoted {
                    continue;
                }
            }
            match b {
                b'\n' => return Ok(self.start + i),
                // A lone carriage return ends a record too, as old Mac
                // files have it and the csv crate reads it.
                b'\r' => match self.buf[self.start..self.end].get(i + 1) {
                    Some(b'\n') => {}
                    None if !self.eof => return Err(false),
                    _ => return Ok(self.start + i),
                },
                b'"' if at_start => {
                    quoted = true;
                    at_start = false;
                }
                b',' => at_start = true,
                _ => at_start = false,
            }
        }
        // Not found yet; `true` when a quoted field is still open.
        Err(quoted)
    }

    /// Scans the record at `self.start`, noting each field's bounds (from
    /// the record's start) in `self.fields`. Jumps from delimiter to
    /// delimiter with memchr, so a long field costs little.
    #[inline]
    fn scan(&mut self) -> Scan {
        if let Some((stop, next)) = self.plain() {
            return Scan::Done {
                stop,
                next,
                clean: true,
                newlines: 0,
                quotes: 0,
            };
        }
        let rest = &self.buf[self.start..self.end];
        let eof = self.eof;
        self.fields.clear();
        let (mut i, mut newlines, mut quotes) = (0, 0u64, 0u64);
        let done = |stop, next, clean, newlines, quotes| Scan::Done {
            stop,
            next,
            clean,
            newlines,
            quotes,
        };
        loop {
            if rest.get(i) == Some(&b'"') {
                let from = i + 1;
                let mut j = from;
                let mut clean = true;
                let close = loop {
                    match memchr::memchr(b'"', &rest[j..]) {
                        None => return Scan::More,
                        Some(k) => {
                            let q = j + k;
                            match rest.get(q + 1) {
                                Some(b'"') => {
                                    // An escaped quote: fine for a CSV
                                    // parser, but the field's text is not
                                    // its bytes.
                                    clean = false;
                                    quotes += 2;
                                    j = q + 2;
                                }
                                None if !eof => return Scan::More,
                                _ => break q,
                            }
                        }
                    }
                };
                quotes += 2;
                newlines += memchr::memchr_iter(b'\n', &rest[from..close]).count() as u64;
                self.fields.push((from, close));
                i = close + 1;
                let clean_end = |stop, next| done(stop, next, clean, newlines, quotes);
                match rest.get(i) {
                    Some(b',') => {
                        if !clean {
                            return Scan::Unclean;
                        }
                        i += 1;
                    }
                    Some(b'\n') => return clean_end(i, i + 1),
                    Some(b'\r') => match rest.get(i + 1) {
                        Some(b'\n') => return clean_end(i, i + 2),
                        None if !eof => return Scan::More,
                        _ => return Scan::Unclean,
                    },
                    None if eof => return clean_end(i, i),
                    None => return Scan::More,
                    // Text after a closing quote joins the field.
                    Some(_) => return Scan::Unclean,
                }
            } else {
                match field_end(&rest[i..]) {
                    None if eof => {
                        self.fields.push((i, rest.len()));
                        return done(rest.len(), rest.len(), true, newlines, quotes);
                    }
                    None => return Scan::More,
                    Some(k) => {
                        let p = i + k;
                        self.fields.push((i, p));
                        match rest[p] {
                            b',' => i = p + 1,
                            b'\n' => return done(p, p + 1, true, newlines, quotes),
                            _ => match rest.get(p + 1) {
                                Some(b'\n') => return done(p, p + 2, true, newlines, quotes),
                                None if !eof => return Scan::More,
                                // A lone carriage return: an old Mac line
                                // break, or a cell's own; the csv crate
                                // knows which.
                                _ => return Scan::Unclean,
                            },
                        }
                    }
                }
            }
        }
    }

    /// The record at `self.start` split in one sweep of whole words, when
    /// it is the commonest kind: a line of unquoted fields, with no
    /// carriage return but a CRLF's, that ends in the buffer. Each word
    /// flags every comma, line feed, quote and carriage return in it at
    /// once ([`crate::swar::exactly`]), and each flag is a field's end or
    /// the line's. The record's end (`stop`, `next`) as [`Lines::scan`]
    /// gives it, each field's bounds in `self.fields`; none for any other
    /// record (a quote or a lone carriage return in it, or its line break
    /// in the buffer's last few bytes), which the field by field scan then
    /// reads.
    #[inline]
    fn plain(&mut self) -> Option<(usize, usize)> {
        use crate::swar::{exactly, word};
        let rest = &self.buf[self.start..self.end];
        self.fields.clear();
        let (mut from, mut at) = (0, 0);
        for eight in rest.chunks_exact(8) {
            let w = word(eight);
            let mut flags =
                exactly(w, b',') | exactly(w, b'\n') | exactly(w, b'"') | exactly(w, b'\r');
            while flags != 0 {
                let k = at + flags.trailing_zeros() as usize / 8;
                flags &= flags - 1;
                match rest[k] {
                    b',' => {
                        self.fields.push((from, k));
                        from = k + 1;
                    }
                    b'\n' => {
                        self.fields.push((from, k));
                        return Some((k, k + 1));
                    }
                    // A CRLF line break (a file saved on Windows).
                    b'\r' if rest.get(k + 1) == Some(&b'\n') => {
                        self.fields.push((from, k));
                        return Some((k, k + 2));
                    }
                    _ => return None,
                }
            }
            at += 8;
        }
        None
    }

    /// A record the scan cannot split: found by the quote-aware search,
    /// split later by a full parser.
    fn unclean(&mut self) -> Scan {
        self.fields.clear();
        match self.record_end() {
            Ok(end) => {
                // The record's bytes stop before a CRLF's carriage return.
                let crlf = self.buf[end] == b'\n' && end > self.start && self.buf[end - 1] == b'\r';
                Scan::Done {
                    stop: end - self.start - usize::from(crlf),
                    next: end - self.start + 1,
                    clean: false,
                    newlines: memchr::memchr_iter(b'\n', &self.buf[self.start..end]).count() as u64,
                    quotes: 0,
                }
            }
            Err(open) if self.eof => {
                if open {
                    self.unclosed.get_or_insert(self.newlines + 1);
                }
                Scan::Done {
                    stop: self.end - self.start,
                    next: self.end - self.start,
                    clean: false,
                    newlines: memchr::memchr_iter(b'\n', &self.buf[self.start..self.end]).count()
                        as u64,
                    quotes: 0,
                }
            }
            Err(_) => Scan::More,
        }
    }

    /// The next record, skipping blank lines; `None` at the end.
    #[inline]
    pub(super) fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        loop {
            let line = self.newlines + 1;
            let (stop, next, clean, newlines, quotes) = loop {
                let scan = match self.scan() {
                    Scan::Unclean => self.unclean(),
                    // At the end, only an unclosed quote leaves a record
                    // open: it runs to the end of the data, as the csv
                    // crate reads it.
                    Scan::More if self.eof => self.unclean(),
                    other => other,
                };
                match scan {
                    Scan::Done {
                        stop,
                        next,
                        clean,
                        newlines,
                        quotes,
                    } => break (stop, next, clean, newlines, quotes),
                    _ => {
                        self.fill()?;
                    }
                }
            };
            let from = self.start;
            self.start = from + next;
            self.newlines += newlines + u64::from(next > stop);
            if stop == 0 {
                if next == 0 {
                    return Ok(None);
                }
                // A blank line.
                continue;
            }
            let bytes = &self.buf[from..from + stop];
            if clean {
                self.structural_quotes += quotes;
            } else if quoted(quotes, bytes) {
                self.unsure = true;
            }
            let fields: &[(usize, usize)] = if clean { &self.fields } else { &[] };
            return Ok(Some(Record {
                bytes,
                line,
                quotes,
                fields,
                unclosed: self.unclosed == Some(line),
                closed_late: !clean && newlines > 0 && closed_late(bytes),
                binary: self.zero && memchr::memchr(0, bytes).is_some(),
            }));
        }
    }
}

/// Whether a quoted field of `record` holds a line break and has text
/// after its closing quote (`"open` ... `8,"fine"`): RFC 4180 allows
/// neither the text nor, then, the reading the csv crate would give it.
fn closed_late(record: &[u8]) -> bool {
    let mut i = 0;
    while i < record.len() {
        if record[i] == b'"' {
            let mut j = i + 1;
            let close = loop {
                match memchr::memchr(b'"', &record[j..]) {
                    None => return false,
                    Some(k) if record.get(j + k + 1) == Some(&b'"') => j += k + 2,
                    Some(k) => break j + k,
                }
            };
            let spans = memchr::memchr(b'\n', &record[i..close]).is_some();
            match record.get(close + 1) {
                None | Some(b',') => i = close + 2,
                Some(_) if spans => return true,
                Some(_) => i = close + 1,
            }
            continue;
        }
        // An unquoted field: on to the next comma.
        match memchr::memchr(b',', &record[i..]) {
            Some(k) => i += k + 1,
            None => return false,
        }
    }
    false
}

/// The first comma, line feed or carriage return in `bytes`: where an
/// unquoted field ends. Eight bytes at a time ([`crate::swar`]): the
/// lowest byte flagged is the first.
#[inline]
fn field_end(bytes: &[u8]) -> Option<usize> {
    use crate::swar::{equal, word};
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for eight in words.by_ref() {
        let w = word(eight);
        let found = equal(w, b',') | equal(w, b'\n') | equal(w, b'\r');
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| matches!(b, b',' | b'\n' | b'\r'))
        .map(|k| at + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The word-at-a-time search finds the first field end a byte by
        /// byte search finds, whatever bytes are around it.
        #[test]
        fn a_field_ends_where_a_plain_search_says(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::sample::select(vec![b',', b'\n', b'\r', 0, 0x80, 0xFF, 0x2B, 0x0B, 0x0C]),
                ],
                0..40,
            ),
        ) {
            let plain = bytes.iter().position(|&b| matches!(b, b',' | b'\n' | b'\r'));
            proptest::prop_assert_eq!(field_end(&bytes), plain);
        }
    }

    #[test]
    fn a_quote_closed_by_a_later_row_is_found() {
        assert!(closed_late(
            b"n,2022,6,\"unclosed\nn,2023,7,x\nn,2024,8,\"fine\""
        ));
        assert!(!closed_late(b"n,2022,6,\"two\nlines\""));
        assert!(!closed_late(b"n,2022,6,\"a \"\"quote\"\" here\",x"));
        assert!(!closed_late(b"n,2022,6,\"one line\"x"));
    }

    fn records(text: &str) -> Vec<(String, u64, bool)> {
        let mut lines = Lines::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(r) = lines.next_record().expect("reads") {
            out.push((
                String::from_utf8_lossy(r.bytes).into_owned(),
                r.line,
                r.quoted(),
            ));
        }
        out
    }

    #[test]
    fn lines_crlf_blank_lines_and_no_final_break() {
        assert_eq!(
            records("a,1\r\nb,2\r\n\r\n\nc,3"),
            vec![
                ("a,1".into(), 1, false),
                ("b,2".into(), 2, false),
                ("c,3".into(), 5, false)
            ]
        );
    }

    #[test]
    fn a_quoted_field_may_hold_line_breaks() {
        assert_eq!(
            records("a,\"x\ny\"\nb,2\n"),
            vec![("a,\"x\ny\"".into(), 1, true), ("b,2".into(), 3, false)]
        );
    }

    #[test]
    fn a_quote_inside_a_field_does_not_open_one() {
        assert_eq!(
            records("ab\"c,1\nd,\"e\"\"\nf\"\ng,2\n"),
            vec![
                ("ab\"c,1".into(), 1, true),
                ("d,\"e\"\"\nf\"".into(), 2, true),
                ("g,2".into(), 4, false)
            ]
        );
    }

    #[test]
    fn records_longer_than_the_buffer() {
        let long = "x".repeat(BUFFER * 2 + 17);
        let text = format!("a,{long}\nb,\"{long}\n{long}\"\nc,3\n");
        let got = records(&text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0.len(), long.len() + 2);
        assert_eq!((got[1].1, got[2].1), (2, 4));
    }
}
