//! Keys looked up in the order a file gives them. A national file names
//! its areas (and its ids and periods) in the same order row after row,
//! so the key after the last one found is tried first: one comparison of
//! a few bytes for most of its millions of rows, a hash only for a key
//! new to the map or when the order breaks.

use std::collections::HashMap;

use super::cell::Names;

/// Keys of one or two byte strings (a name, or a name and a code), with
/// a value each, in the order first seen.
#[derive(Debug)]
pub(super) struct InOrder<V> {
    /// Each key's parts together, where the first ends, and its value.
    entries: Vec<(Box<[u8]>, usize, V)>,
    /// A key's parts, after the first's length -> its place in `entries`.
    places: HashMap<Box<[u8]>, usize, Names>,
    /// The place of the key found last.
    last: usize,
    /// Where a key is put together to be hashed, when the order breaks.
    joined: Vec<u8>,
}

impl<V> Default for InOrder<V> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            places: HashMap::default(),
            last: 0,
            joined: Vec::new(),
        }
    }
}

impl<V: Copy> InOrder<V> {
    pub(super) fn get(&mut self, key: &[u8]) -> Option<V> {
        self.get_pair(key, b"")
    }

    /// The value of the key of `first` and `second`: (`Bury`, ``) and
    /// (`Bur`, `y`) are two keys.
    #[inline]
    pub(super) fn get_pair(&mut self, first: &[u8], second: &[u8]) -> Option<V> {
        // After the last key, the first comes round again.
        let next = if self.last + 1 < self.entries.len() {
            self.last + 1
        } else {
            0
        };
        for place in [next, self.last] {
            if let Some((parts, split, value)) = self.entries.get(place) {
                if *split == first.len()
                    && same_bytes(&parts[..*split], first)
                    && same_bytes(&parts[*split..], second)
                {
                    self.last = place;
                    return Some(*value);
                }
            }
        }
        let place = *self.places.get(join(&mut self.joined, first, second))?;
        self.last = place;
        self.entries.get(place).map(|(_, _, value)| *value)
    }

    pub(super) fn insert(&mut self, key: &[u8], value: V) {
        self.insert_pair(key, b"", value);
    }

    pub(super) fn insert_pair(&mut self, first: &[u8], second: &[u8], value: V) {
        self.last = self.entries.len();
        let joined = join(&mut self.joined, first, second);
        self.places.insert(joined.into(), self.last);
        let parts = [first, second].concat().into_boxed_slice();
        self.entries.push((parts, first.len(), value));
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every key's first part and its value, in the order first seen.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&[u8], V)> {
        self.entries
            .iter()
            .map(|(parts, split, value)| (&parts[..*split], *value))
    }
}

/// A key's parts as one, the first's length ahead so that no two keys
/// join the same.
fn join<'j>(joined: &'j mut Vec<u8>, first: &[u8], second: &[u8]) -> &'j [u8] {
    joined.clear();
    joined.extend_from_slice(&(first.len() as u64).to_le_bytes());
    joined.extend_from_slice(first);
    joined.extend_from_slice(second);
    joined
}

/// Whether two short byte strings are the same, compared in line: a call
/// to `memcmp` for each of a row's few-byte names costs more than the
/// comparison itself.
#[inline]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| u64::from_ne_bytes(c.try_into().unwrap_or_default());
    a8.by_ref()
        .zip(b8.by_ref())
        .all(|(x, y)| word(x) == word(y))
        && a8
            .remainder()
            .iter()
            .zip(b8.remainder())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_are_found_in_their_order_round_again_and_out_of_it() {
        let mut keys = InOrder::default();
        for (i, key) in ["Area 1", "Area 2", "Area 3"].iter().enumerate() {
            assert_eq!(keys.get(key.as_bytes()), None);
            keys.insert(key.as_bytes(), i);
        }
        for (key, want) in [
            ("Area 1", Some(0)),
            ("Area 2", Some(1)),
            ("Area 2", Some(1)),
            ("Area 3", Some(2)),
            ("Area 1", Some(0)),
            ("Area 3", Some(2)),
            ("Area 9", None),
            ("Area 2", Some(1)),
            ("Area", None),
            ("Area 22", None),
        ] {
            assert_eq!(keys.get(key.as_bytes()), want, "{key}");
        }
        assert_eq!(keys.len(), 3);
        let order: Vec<&[u8]> = keys.iter().map(|(k, _)| k).collect();
        assert_eq!(order, [&b"Area 1"[..], b"Area 2", b"Area 3"]);
    }

    #[test]
    fn a_key_of_two_parts_is_told_by_where_they_meet() {
        let mut keys = InOrder::default();
        keys.insert_pair(b"Bury", b"E08000002", 1);
        keys.insert_pair(b"Bury", b"", 2);
        keys.insert_pair(b"Bur", b"yE08000002", 3);
        for (first, second, want) in [
            (&b"Bury"[..], &b"E08000002"[..], Some(1)),
            (b"Bur", b"yE08000002", Some(3)),
            (b"Bury", b"", Some(2)),
            (b"Bury", b"E08000002", Some(1)),
            (b"BuryE08000002", b"", None),
            (b"Bury", b"E08000003", None),
        ] {
            assert_eq!(keys.get_pair(first, second), want);
        }
        assert_eq!(keys.get(b"Bury"), Some(2));
    }

    proptest! {
        #[test]
        fn same_bytes_is_equality(a in proptest::collection::vec(0u8..4, 0..20),
                                  b in proptest::collection::vec(0u8..4, 0..20)) {
            prop_assert_eq!(same_bytes(&a, &b), a == b);
            prop_assert!(same_bytes(&a, &a.clone()));
        }
    }
}
