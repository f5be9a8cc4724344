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

/// The high bit of exactly the bytes of `x` equal to `c`, every one: each
/// byte's low seven bits plus 0x7F carry into its own high bit and no
/// further, so no borrow flags a byte above another, as [`equal`]'s may.
/// A few operations more than [`equal`], for a word whose every flagged
/// byte is wanted.
pub(crate) fn exactly(x: u64, c: u8) -> u64 {
    let t = x ^ (ONES * u64::from(c));
    !((t & !HIGHS).wrapping_add(!HIGHS) | t) & HIGHS
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every byte equal to `c` is flagged, and no other.
        #[test]
        fn exactly_flags_each_equal_byte(bytes in proptest::array::uniform8(proptest::prelude::any::<u8>()), pick in 0usize..9) {
            let c = bytes.get(pick).copied().unwrap_or(b',');
            let flags = exactly(word(&bytes), c).to_le_bytes();
            for (b, f) in bytes.iter().zip(flags) {
                proptest::prop_assert_eq!(f == 0x80, *b == c);
                proptest::prop_assert!(f == 0 || f == 0x80);
            }
        }
    }
}
