//! A number's digits, written on the stack: a leaf of its own, which
//! both figures ([`crate::format`]) and periods' labels
//! ([`crate::period`]) write with.

use std::fmt;

/// A number's text built on the stack and written in one piece, rather
/// than through `core::fmt`'s machinery for each part: a league writes
/// a million figures and periods. Room for any `u64` grouped (26
/// characters), a sign and six decimal places.
pub(crate) struct Digits {
    bytes: [u8; 40],
    len: usize,
}

impl Digits {
    pub(crate) fn new() -> Self {
        Self {
            bytes: [0; 40],
            len: 0,
        }
    }

    /// `bytes` (ASCII) after what is written; nothing past the room. A
    /// byte at a time: a few bytes, for which a call to copy costs more.
    pub(crate) fn ascii(&mut self, bytes: &[u8]) {
        debug_assert!(
            self.len + bytes.len() <= self.bytes.len(),
            "room for any u64"
        );
        for &b in bytes {
            if let Some(slot) = self.bytes.get_mut(self.len) {
                *slot = b;
                self.len += 1;
            }
        }
    }

    pub(crate) fn sign(&mut self, negative: bool) {
        if negative {
            self.ascii(b"-");
        }
    }

    /// `n` in decimal, its thousands grouped with commas where asked.
    pub(crate) fn whole(&mut self, mut n: u64, grouped: bool) {
        // Measured first, then written in place from the last digit back.
        let mut count = 1;
        let mut rest = n;
        while rest >= 10 {
            rest /= 10;
            count += 1;
        }
        let commas = if grouped { (count - 1) / 3 } else { 0 };
        let end = self.len + count + commas;
        debug_assert!(end <= self.bytes.len(), "room for any u64 grouped");
        let mut at = end.min(self.bytes.len());
        let mut digits = 0;
        while at > self.len {
            at -= 1;
            if grouped && digits > 0 && digits % 3 == 0 && at > self.len {
                self.bytes[at] = b',';
                at -= 1;
            }
            self.bytes[at] = b'0' + (n % 10) as u8;
            digits += 1;
            n /= 10;
        }
        self.len = end.min(self.bytes.len());
    }

    /// `n` (below 100) in two digits: `05`.
    pub(crate) fn two(&mut self, n: u64) {
        self.ascii(&[b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]);
    }

    /// A number of millionths after a whole part: `.5` for 500,000,
    /// nothing for none.
    pub(crate) fn fraction(&mut self, millionths: u64) {
        if millionths == 0 {
            return;
        }
        let mut digits = [b'0'; 7];
        digits[0] = b'.';
        let mut rest = millionths % 1_000_000;
        for slot in digits[1..].iter_mut().rev() {
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        let mut end = 7;
        while digits[end - 1] == b'0' {
            end -= 1;
        }
        self.ascii(&digits[..end]);
    }

    pub(crate) fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }

    /// Pushed onto `out` a character at a time: all ASCII, so with no
    /// check of it as UTF-8 and no call to copy a few bytes.
    pub(crate) fn push_to(&self, out: &mut String) {
        out.reserve(self.len);
        for &b in &self.bytes[..self.len] {
            out.push(char::from(b));
        }
    }

    /// The digits as bytes, all ASCII: for a CSV cell, with no check.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII is ever put in.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}
