//! A large plan file's TOML parsed in pieces, one after another. A
//! national framework's plan holds 2,000 indicators in 337 KB: the toml
//! crate reads it whole into a list of tokens, then of events, then a
//! tree, 13 MB in all, every page of it new to the process and faulted
//! in, on one core before any figure can be read (docs/performance.md).
//! Read in four pieces, each piece's memory is the next's: the parse's
//! 2,900 page faults fall to 1,600, and its 12 ms to 9.5.
//!
//! The file is cut at lines that begin one of the plan's lists
//! (`[[indicator]]`). Each piece is parsed alone, with the bytes before
//! it as spaces, so that every position in it (which a later message
//! points at) is the whole file's. The pieces are then one plan file only
//! where the whole would read as they do: where a piece does not parse,
//! or one after the first holds anything but entries of the lists, or a
//! list it adds to is not one begun with `[[...]]` headers, `None`, and
//! the caller parses the whole file, whose errors are the ones to tell.

use super::raw;

/// A file is read in pieces of at least this many bytes, and a smaller
/// one whole.
const PIECE: usize = 64 * 1024;

/// At most this many pieces: each piece's spaces before it are read too.
const MOST_PIECES: usize = 4;

/// The headers a piece after the first begins with, and holds entries of.
const LISTS: [&str; 4] = [
    "[[priority]]",
    "[[commitment]]",
    "[[indicator]]",
    "[[milestone]]",
];

/// `text` read in pieces, where it is large and they read as the whole
/// would.
pub(super) fn parse(text: &str) -> Option<raw::File> {
    let pieces = (text.len() / PIECE).min(MOST_PIECES);
    let mut cuts = Vec::with_capacity(pieces + 1);
    cuts.push(0);
    for k in 1..pieces {
        let last = cuts.last().copied().unwrap_or(0);
        match cut(text, (text.len() * k / pieces).max(last)) {
            Some(at) => cuts.push(at),
            None => break,
        }
    }
    if cuts.len() < 2 {
        return None;
    }
    cuts.push(text.len());
    parse_at(text, &cuts)
}

/// The start of the first line at or after byte `from` that is one of
/// [`LISTS`]' headers alone.
fn cut(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        // A line's start: the byte after a line feed.
        at += bytes.get(at..)?.iter().position(|&b| b == b'\n')? + 1;
        let line = &bytes[at..];
        let header = LISTS.iter().any(|h| {
            line.strip_prefix(h.as_bytes())
                .is_some_and(|rest| rest.starts_with(b"\n") || rest.starts_with(b"\r\n"))
        });
        if header {
            return Some(at);
        }
    }
}

/// `text` read piece by piece, each from one of `cuts` to the next, and
/// put together where that is the whole file's reading.
fn parse_at(text: &str, cuts: &[usize]) -> Option<raw::File> {
    let mut padded = String::with_capacity(text.len());
    let mut read: Option<raw::File> = None;
    for piece in cuts.windows(2) {
        let (from, to) = (piece[0], piece[1]);
        padded.clear();
        padded.extend(std::iter::repeat_n(' ', from));
        padded.push_str(text.get(from..to)?);
        let more = toml::from_str::<raw::File>(&padded).ok()?;
        read = Some(match read {
            None => more,
            Some(before) => join(before, more, text)?,
        });
    }
    read
}

/// A piece after those `first` holds, as one file with them, where that
/// is how the whole reads.
fn join(mut first: raw::File, second: raw::File, text: &str) -> Option<raw::File> {
    let raw::File {
        include,
        plan,
        defaults,
        measurements,
        priority,
        commitment,
        indicator,
        milestone,
    } = second;
    // A table of the file's own (`[plan]`) in a later piece: the whole
    // may define it twice, or add to a table an earlier piece began.
    if include.is_some() || plan.is_some() || defaults.is_some() || measurements.is_some() {
        return None;
    }
    // `[[indicator]]` adds to a list only where the list is one of such
    // headers' (`indicator = [...]` and then `[[indicator]]` is an error):
    // the last entry before the piece must have begun with one. A toml
    // entry's position is its header's.
    fn adds_to<T>(
        list: &mut Vec<toml::Spanned<T>>,
        more: Vec<toml::Spanned<T>>,
        text: &str,
    ) -> bool {
        if more.is_empty() {
            return true;
        }
        let headed = list.last().is_some_and(|last| {
            text.get(last.span().start..)
                .is_some_and(|t| t.starts_with("[["))
        });
        if headed {
            list.extend(more);
        }
        headed
    }
    let joined = adds_to(&mut first.priority, priority, text)
        && adds_to(&mut first.commitment, commitment, text)
        && adds_to(&mut first.indicator, indicator, text)
        && adds_to(&mut first.milestone, milestone, text);
    joined.then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole file's reading, as the pieces' is compared with it.
    fn whole(text: &str) -> Option<raw::File> {
        toml::from_str::<raw::File>(text).ok()
    }

    fn same(a: &Option<raw::File>, b: &Option<raw::File>) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    /// Every list header's line in `text`.
    fn every_cut(text: &str) -> Vec<usize> {
        let mut cuts = Vec::new();
        while let Some(at) = cut(text, cuts.last().copied().unwrap_or(0)) {
            cuts.push(at);
        }
        cuts
    }

    /// Every plan file in the repository (the real Leicestershire plan,
    /// every test fixture's), cut in two at every list header in it, and
    /// in as many pieces as it has headers: where the pieces give a
    /// reading it is the whole file's, positions and all.
    #[test]
    fn a_plan_read_in_pieces_reads_as_the_whole_at_every_cut() {
        let mut files = Vec::new();
        for dir in ["data", "tests/fixtures", "examples"] {
            let pattern = format!("{}/{dir}/**/*.toml", env!("CARGO_MANIFEST_DIR"));
            files.extend(glob::glob(&pattern).expect("a pattern").flatten());
        }
        let (mut tried, mut joined) = (0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).expect("a plan file");
            let whole = whole(&text);
            let cuts = every_cut(&text);
            let all: Vec<usize> = [0].into_iter().chain(cuts.iter().copied()).collect();
            let ways = cuts.iter().map(|&at| vec![0, at, text.len()]);
            for cuts in ways.chain([[all, vec![text.len()]].concat()]) {
                tried += 1;
                let pieces = parse_at(&text, &cuts);
                if pieces.is_some() {
                    joined += 1;
                    assert!(same(&pieces, &whole), "{} cut at {cuts:?}", path.display());
                }
            }
        }
        assert!(
            tried > 20 && joined > 10,
            "{tried} tried, {joined} read in pieces"
        );
    }

    #[test]
    fn pieces_that_would_not_read_as_the_whole_are_not_joined() {
        let indicator = |id: &str| format!("[[indicator]]\nid = \"{id}\"\ntitle = \"T\"\n\n");
        let plan = "[plan]\ntitle = \"P\"\narea = \"A\"\n\n";
        let cases = [
            // The cut line is inside a string of the first piece.
            format!(
                "{plan}[[indicator]]\nid = \"a\"\ntitle = \"\"\"\n{}\"\"\"\n",
                indicator("b")
            ),
            // The first piece's list is one value, not headers': the
            // whole is an error, which each piece alone is not.
            format!(
                "{plan}indicator = [{{ id = \"a\", title = \"T\" }}]\n\n{}",
                indicator("b")
            ),
            // The second piece holds a table of the file's own.
            format!(
                "{plan}{}{}[defaults]\nyear = \"april\"\n",
                indicator("a"),
                indicator("b")
            ),
            // A list the first piece holds none of.
            format!(
                "{plan}{}{}[[milestone]]\nid = \"m\"\ntitle = \"M\"\n",
                indicator("a"),
                indicator("b")
            ),
        ];
        for text in &cases {
            let at = text.rfind("[[indicator]]").expect("a header");
            assert!(
                parse_at(text, &[0, at, text.len()]).is_none(),
                "joined:\n{text}"
            );
        }
        let good = format!("{plan}{}{}", indicator("a"), indicator("b"));
        let at = good.rfind("[[indicator]]").expect("a header");
        let pieces = parse_at(&good, &[0, at, good.len()]);
        assert!(pieces.is_some());
        assert!(same(&pieces, &whole(&good)));
    }

    #[test]
    fn a_large_plan_is_read_in_pieces_cut_at_list_headers() {
        let mut text = String::from("[plan]\ntitle = \"P\"\narea = \"A\"\n\n");
        let mut k = 0;
        while text.len() < PIECE * 3 {
            text.push_str(&format!(
                "[[indicator]]\r\nid = \"i{k}\"\r\ntitle = \"Indicator {k}\"\r\n\r\n"
            ));
            k += 1;
        }
        let at = cut(&text, text.len() / 2).expect("a cut");
        assert!(at >= text.len() / 2 && text[at..].starts_with("[[indicator]]\r\n"));
        let pieces = parse(&text);
        assert!(same(&pieces, &whole(&text)));
        assert_eq!(pieces.expect("read in pieces").indicator.len(), k);
        // A small plan is read whole.
        assert!(parse(&text[..PIECE - 1]).is_none());
    }
}
