//! Eight bytes at a time in a word (SWAR), in safe Rust: the reading finds
//! an unquoted field's end with it, and the CSV writer a cell it can write
//! as it is. A national file's fields and a league's cells are a few bytes
//! long, too short for memchr's vectors to pay for their setting up.
//!
//! A byte below `n` is flagged by the word less `n` in every byte, where
//! the byte's own high bit is clear; a byte equal to `c` is a byte below 1
//! of the word xor `c`. A borrow may flag bytes above a flagged one, so a
//! word's flags say exactly whether any byte is flagged, and which is the
//! lowest.

/// Each byte's high bit.
pub(crate) const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);

/// Eight bytes as a word, the first byte lowest.
pub(crate) fn word(eight: &[u8]) -> u64 {
    u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]))
}

/// The high bit of the bytes of `x` below `n` (see the module).
pub(crate) fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

/// The high bit of the bytes of `x` equal to `c` (see the module).
pub(crate) fn equal(x: u64, c: u8) -> u64 {
    below(x ^ (ONES * u64::from(c)), 1)
}
