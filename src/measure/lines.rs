//! Records from a stretch of a CSV file, found by their line breaks. A line
//! with no quote in it is a record whose fields are split at commas, so a
//! row can be judged from its raw bytes (is its area one the plan tracks?)
//! before the csv crate is asked to do anything; a line with quotes is
//! carried on to the line break that ends its record, since a quoted field
//! may hold line breaks of its own.

use std::io::{self, Read};

const BUFFER: usize = 1 << 20;

/// One record's bytes, with where it stands.
pub struct Record<'a> {
    /// Without its line break (and without the `\r` of a CRLF).
    pub bytes: &'a [u8],
    /// The line it starts on, counted from 1 at the start of the stretch.
    pub line: u64,
    /// Whether it holds a quote (or a lone `\r`): then only a CSV parser
    /// can split it.
    pub quoted: bool,
}

pub struct Lines<R> {
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
}

impl<R: Read> Lines<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            buf: vec![0; BUFFER],
            start: 0,
            end: 0,
            eof: false,
            newlines: 0,
            quotes: 0,
            read: 0,
        }
    }

    /// How many bytes the records returned so far took, line breaks and
    /// skipped blank lines included.
    pub fn consumed(&self) -> u64 {
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
        self.end += n;
        self.read += n as u64;
        Ok(true)
    }

    /// The end of the record starting at `self.start`, which holds quotes:
    /// the first line break outside a quoted field, if it is in the buffer
    /// yet. A quote opens a quoted field only at the start of a field, as
    /// the csv crate reads it; `""` inside one is a quote.
    fn record_end(&self) -> Option<usize> {
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
                b'\n' => return Some(self.start + i),
                b'"' if at_start => {
                    quoted = true;
                    at_start = false;
                }
                b',' => at_start = true,
                _ => at_start = false,
            }
        }
        None
    }

    /// The next record, skipping blank lines; `None` at the end.
    pub fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        let (from, to, line, quoted) = loop {
            let line = self.newlines + 1;
            let (stop, next, quoted) = loop {
                let rest = &self.buf[self.start..self.end];
                let line_end = memchr::memchr(b'\n', rest).map(|i| self.start + i);
                let quoted =
                    memchr::memchr(b'"', &self.buf[self.start..line_end.unwrap_or(self.end)])
                        .is_some();
                let found = if quoted { self.record_end() } else { line_end };
                match found {
                    Some(stop) => break (stop, stop + 1, quoted),
                    None => {
                        if !self.fill()? {
                            // The last record, with no line break after it.
                            break (self.end, self.end, quoted);
                        }
                    }
                }
            };
            let from = self.start;
            // Only a quoted record can hold line breaks of its own.
            if quoted {
                self.newlines += memchr::memchr_iter(b'\n', &self.buf[from..stop]).count() as u64;
            }
            self.newlines += u64::from(next > stop);
            self.start = next;
            let to = if stop > from && self.buf[stop - 1] == b'\r' {
                stop - 1
            } else {
                stop
            };
            if to == from {
                if next == stop {
                    return Ok(None);
                }
                continue;
            }
            let quoted = memchr::memchr2(b'"', b'\r', &self.buf[from..to]).is_some();
            break (from, to, line, quoted);
        };
        Ok(Some(Record {
            bytes: &self.buf[from..to],
            line,
            quoted,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<(String, u64, bool)> {
        let mut lines = Lines::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(r) = lines.next_record().expect("reads") {
            out.push((
                String::from_utf8_lossy(r.bytes).into_owned(),
                r.line,
                r.quoted,
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
