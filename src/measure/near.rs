//! Area names a file spells otherwise than the plan: `Leicstershire`,
//! `Stoke on Trent`. Such a row is another area's to the reader (its
//! figure is skipped), so a name that looks like a misspelling of a
//! tracked area is worth a warning. Publishers' files list every
//! authority, and many real names are a letter or two apart (East and West
//! Midlands, Harrow and Harlow, Hertfordshire and Herefordshire): the rule
//! here is narrow on purpose, and the reader adds a second test (how many
//! rows each name has) before it says anything.

/// How short a word may be and still be read as a misspelling: shorter
/// words that differ by an edit or two are as often other words (`East`
/// and `West`, `North` and `South`, `Bury` and `Bute`).
const LONG_WORD: usize = 6;

/// From how many letters a word may be two edits out; a shorter one only
/// one. England's districts hold many pairs two edits apart at eight
/// letters (Bradford, Stafford and Trafford; Fenland and England), few at
/// ten or more.
const TWO_EDITS: usize = 10;

/// The most edits a misspelt word of `letters` letters is from the word
/// it stands for.
fn edits(letters: usize) -> usize {
    if letters >= TWO_EDITS {
        2
    } else {
        1
    }
}

/// A name's words, lower case, `&` read as `and`, split at anything that is
/// not a letter or a digit.
fn words(name: &str) -> Vec<String> {
    name.to_lowercase()
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `name` (not tracked) looks like a misspelling of `tracked`:
/// the same letters with other punctuation or spacing (`Stoke on Trent`,
/// `St. Helens`), or the same words but one, which is at least six
/// letters long and one edit from its counterpart (two from ten letters
/// on: `Leicstershire`, `Leicestrshre`).
pub(super) fn misspelt(name: &str, tracked: &str) -> bool {
    let (a, b) = (words(name), words(tracked));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.concat() == b.concat() {
        return true;
    }
    if a.len() != b.len() {
        return false;
    }
    let mut differ = a.iter().zip(&b).filter(|(x, y)| x != y);
    match (differ.next(), differ.next()) {
        (Some((x, y)), None) => {
            let letters = x.chars().count().min(y.chars().count());
            letters >= LONG_WORD && strsim::levenshtein(x, y) <= edits(letters)
        }
        _ => false,
    }
}

/// The tracked name `name` looks like a misspelling of, if any: the
/// nearest, the first of equals.
pub(super) fn nearest(name: &str, tracked: &[String]) -> Option<usize> {
    tracked
        .iter()
        .enumerate()
        .filter(|(_, t)| misspelt(name, t))
        .min_by_key(|(_, t)| strsim::levenshtein(&name.to_lowercase(), &t.to_lowercase()))
        .map(|(i, _)| i)
}

/// Whether a near name's rows read as a typo rather than another real
/// area: the tracked area is not in the file at all, or the near name has
/// at most half its rows. A publisher's file gives every area about as
/// many rows, so a real neighbour (Harlow beside Harrow) is left alone.
pub(super) fn looks_like_a_typo(near_rows: usize, tracked_rows: usize) -> bool {
    tracked_rows == 0 || near_rows.saturating_mul(2) <= tracked_rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_or_two_out_in_a_long_word_is_a_misspelling() {
        assert!(misspelt("Leicstershire", "Leicestershire"));
        assert!(misspelt("Leicestrshre", "Leicestershire"));
        assert!(misspelt("Tafford", "Trafford"));
        assert!(!misspelt("Trffrd", "Trafford"));
        assert!(misspelt("North Yorkshre", "North Yorkshire"));
        assert!(!misspelt("Leicester", "Leicestershire"));
        assert!(!misspelt("Leicstrshre", "Leicestershire"));
    }

    #[test]
    fn punctuation_and_spacing_alone_are_a_misspelling() {
        assert!(misspelt("Stoke on Trent", "Stoke-on-Trent"));
        assert!(misspelt("Southend on Sea", "Southend-on-Sea"));
        assert!(misspelt("St. Helens", "St Helens"));
        assert!(misspelt("Telford and Wrekin", "Telford & Wrekin"));
        assert!(misspelt("Leicester shire", "Leicestershire"));
        assert!(!misspelt("", "Leicestershire"));
        assert!(!misspelt("...", "..."));
    }

    #[test]
    fn real_areas_a_short_word_apart_are_not() {
        for (a, b) in [
            ("West Midlands", "East Midlands"),
            ("North Tyneside", "South Tyneside"),
            ("East Sussex", "West Sussex"),
            ("Bath", "Bury"),
            ("Bute", "Bury"),
            ("Essex", "Sussex"),
            ("Kingston upon Hull", "Kingston upon Thames"),
            ("County Durham", "Durham"),
            ("Bristol, City of", "Bristol"),
            ("Derby", "Derbyshire"),
            ("Stafford", "Trafford"),
            ("Bradford", "Trafford"),
            ("Fenland", "England"),
        ] {
            assert!(!misspelt(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn the_nearest_tracked_name_is_suggested() {
        let tracked = ["England".to_string(), "Leicestershire".to_string()];
        assert_eq!(nearest("Leicstershire", &tracked), Some(1));
        assert_eq!(nearest("Rutland", &tracked), None);
    }

    #[test]
    fn a_real_neighbour_has_as_many_rows() {
        // Harlow beside Harrow in a district file: as many rows each.
        assert!(!looks_like_a_typo(10, 10));
        assert!(!looks_like_a_typo(8, 10));
        // One misspelt row among correct ones, or every row misspelt.
        assert!(looks_like_a_typo(1, 2));
        assert!(looks_like_a_typo(12, 0));
    }
}
