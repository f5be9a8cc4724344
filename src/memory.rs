//! Holding a large plan in bounded memory (issue 20,
//! docs/performance.md).

/// How much room a vector may keep for items already taken from it
/// before it is shrunk.
const GIVE_BACK_BYTES: usize = 1 << 20;

/// The items of `v` in order, its memory given back a mebibyte at a time
/// as they are taken, where `into_iter` holds all of it until the last:
/// for a large vector whose items move one by one into another
/// structure, so that the two are not held whole at once.
pub(crate) fn giving_back<T>(mut v: Vec<T>) -> impl Iterator<Item = T> {
    // A vector gives memory back only from its end: turned round, its
    // first item is the one popped first.
    v.reverse();
    let room = (GIVE_BACK_BYTES / std::mem::size_of::<T>().max(1)).max(1);
    std::iter::from_fn(move || {
        let item = v.pop()?;
        if v.capacity() - v.len() >= room {
            v.shrink_to_fit();
        }
        Some(item)
    })
}

#[cfg(test)]
mod tests {
    use super::giving_back;

    #[test]
    fn items_come_in_order_and_the_vector_shrinks_as_they_go() {
        let n = 3 * (super::GIVE_BACK_BYTES / 8) + 5;
        let v: Vec<u64> = (0..n as u64).collect();
        assert!(giving_back(v).eq(0..n as u64));
        assert_eq!(giving_back(Vec::<u8>::new()).count(), 0);
        assert!(giving_back(vec![(); 3]).eq([(); 3]));
    }
}
