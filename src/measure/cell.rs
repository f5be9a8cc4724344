//! The text of a cell as a file holds it: UTF-8, or Windows-1252 as Excel
//! writes it, compared on raw bytes wherever that is enough.

use std::borrow::Cow;

use csv::ByteRecord;

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

/// Whether a raw cell says `want` ignoring case and surrounding spaces, as
/// headers are matched: a publisher may change a word's case between
/// releases (NDTMS's `Total`, then `TOTAL`), and a `where` value or an area
/// name that stopped matching would drop a year without a word. Most cells
/// are ASCII and compared in place; only a cell that is not is decoded.
/// A hasher for the short byte strings the reader looks up once per row
/// of a national file (area names): eight bytes a step, multiplied and
/// rotated as rustc's own FxHash does, from a seed drawn once per process
/// so that a file cannot be built to collide. SipHash's cost was a tenth
/// of a national read, for a table that is bounded anyway.
#[derive(Clone, Copy)]
pub(super) struct NameHasher(u64);

impl NameHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        // MurmurHash3's finaliser: every bit of the state reaches the low
        // bits hashbrown picks buckets by (names alike but for their last
        // bytes, `Area 002`, differ only high up before this).
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }
}

/// Builds [`NameHasher`]s from one random seed.
#[derive(Clone, Copy)]
pub(super) struct Names(u64);

impl Default for Names {
    fn default() -> Self {
        use std::hash::BuildHasher;
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            std::collections::hash_map::RandomState::new().hash_one(0xcbf2_9ce4_8422_2325u64)
        });
        Self(seed)
    }
}

impl std::hash::BuildHasher for Names {
    type Hasher = NameHasher;

    fn build_hasher(&self) -> NameHasher {
        NameHasher(self.0)
    }
}

pub(super) fn same_words(cell: &[u8], want: &str) -> bool {
    let cell = cell.trim_ascii();
    let want = want.trim();
    if cell.eq_ignore_ascii_case(want.as_bytes()) {
        return true;
    }
    if cell.is_ascii() && want.is_ascii() {
        return false;
    }
    let t = text(cell);
    let t = t.trim();
    t == want || t.to_lowercase() == want.to_lowercase()
}

pub(super) fn text_width(bytes: &[u8]) -> usize {
    text(bytes).chars().count()
}

/// A row as text, for the excerpt under a diagnostic, with where each field
/// starts (in characters).
pub(super) fn excerpt(rec: &ByteRecord) -> (String, Vec<usize>) {
    let mut line = String::new();
    let mut starts = Vec::with_capacity(rec.len());
    // Characters so far, counted as they are added: a row of a million
    // fields is excerpted in one pass, not one per field.
    let mut chars = 0;
    for (i, field) in rec.iter().enumerate() {
        if i > 0 {
            line.push(',');
            chars += 1;
        }
        starts.push(chars);
        let t = text(field);
        let before = line.len();
        if t.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&t.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&t);
        }
        chars += line[before..].chars().count();
    }
    (line, starts)
}

/// How many characters of a row an excerpt shows at most: a 100 MB line
/// is not echoed to the terminal.
const EXCERPT: usize = 120;

/// The part of an excerpt around `column` (from 1) that fits in
/// [`EXCERPT`] characters, with `…` where it was cut, and the column and
/// width within it.
pub(super) fn window(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let total = line.chars().count();
    if total <= EXCERPT {
        return (line.to_string(), column, width);
    }
    let width = width.min(EXCERPT / 2);
    let start = column.saturating_sub(1).saturating_sub(EXCERPT / 4);
    let start = start.min(total.saturating_sub(EXCERPT));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(start).take(EXCERPT));
    if start + EXCERPT < total {
        out.push('…');
    }
    let column = column - start + usize::from(start > 0);
    (out, column, width)
}

/// A header as a person types what Excel shows of it: note markers
/// (`[note 6]`, any case) left out and every run of spaces and line
/// breaks one space, its case kept. Markers are found in the header's own
/// bytes, so no change of case can move a cut.
pub(crate) fn spoken(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest
        .as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"[note"))
    {
        let Some(end) = rest[at..].find(']') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A header as a message quotes it: its line breaks shown as `\n`, so
/// that it can be typed into the plan exactly.
pub(crate) fn shown(name: &str) -> String {
    name.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_quotes_fields_that_need_it() {
        let rec = ByteRecord::from(vec!["gld", "4,903", "say \"hi\""]);
        let (line, starts) = excerpt(&rec);
        assert_eq!(line, "gld,\"4,903\",\"say \"\"hi\"\"\"");
        assert_eq!(starts, vec![0, 4, 12]);
    }

    #[test]
    fn long_rows_are_excerpted_around_the_column() {
        let line = format!("{}X{}", "a,".repeat(500), ",b".repeat(500));
        let (shown, column, width) = window(&line, 1001, 1);
        assert!(shown.chars().count() <= EXCERPT + 2, "{shown}");
        assert_eq!(shown.chars().nth(column - 1), Some('X'));
        assert_eq!(width, 1);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(window("a,b", 3, 1), ("a,b".to_string(), 3, 1));
    }

    #[test]
    fn excerpting_a_wide_row_is_linear() {
        let rec: ByteRecord = (0..200_000).map(|_| &b"x"[..]).collect();
        let (line, starts) = excerpt(&rec);
        assert_eq!(starts[199_999], 399_998);
        assert_eq!(line.len(), 399_999);
    }

    #[test]
    fn windows_1252_cells_decode() {
        assert_eq!(text(b"caf\xe9"), "café");
        assert_eq!(text("café".as_bytes()), "café");
        assert!(same_text(b"caf\xe9", "café"));
        assert!(!same_text(b"cafe", "café"));
    }

    #[test]
    fn names_hash_by_their_bytes_and_length() {
        use std::hash::BuildHasher;
        let names = Names::default();
        let h = |b: &[u8]| names.hash_one(b);
        assert_eq!(h(b"Leicestershire"), h(b"Leicestershire"));
        assert_ne!(h(b"Area 002"), h(b"Area 003"));
        // A zero byte past the end is not the same name.
        assert_ne!(h(b"Bury"), h(b"Bury\0"));
        let mut seen: std::collections::HashMap<Box<[u8]>, u32, Names> =
            std::collections::HashMap::default();
        for i in 0..1000u32 {
            seen.insert(format!("Area {i:03}").into_bytes().into(), i);
        }
        assert_eq!(seen.get(&b"Area 417"[..]), Some(&417));
        assert_eq!(seen.get(&b"Area 1000"[..]), None);
    }

    #[test]
    fn words_match_ignoring_case_and_surrounding_spaces() {
        assert!(same_words(b"TOTAL", "Total"));
        assert!(same_words(b" england ", "England"));
        assert!(same_words(b"Leicestershire", " Leicestershire "));
        assert!(same_words("YNYS MÔN".as_bytes(), "Ynys Môn"));
        assert!(same_words(b"ynys m\xf4n", "Ynys Môn"));
        assert!(same_words("Ynys Môn\u{a0}".as_bytes(), "Ynys Môn"));
        assert!(!same_words(b"Totals", "Total"));
        assert!(!same_words(b"", "Total"));
        assert!(same_words(b"  ", ""));
    }
}
