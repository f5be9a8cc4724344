//! Laying text out for a terminal of a given width: words wrapped, never
//! broken, and a grid's column widths decided once for every table of a
//! view, or, where the grid cannot hold its words, a list instead
//! (docs/decisions.md, "The terminal table").

use unicode_width::UnicodeWidthStr;

/// The least room the reason gets in a grid: a reason is the sentence a
/// board member reads, and fewer than 30 characters a line make it a
/// column of fragments.
pub(super) const LEAST_REASON: usize = 30;

/// How wide `text` is drawn: its widest line.
pub(super) fn text_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The widest word of `text`: the least a column holding it can be
/// without breaking it.
pub(super) fn longest_word(text: &str) -> usize {
    text.split_whitespace()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// `text` wrapped to `width` at spaces, keeping its own line breaks. A
/// word longer than the width is kept whole on a line of its own: an id
/// or a figure broken across lines reads as two.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        for word in line.split_whitespace() {
            let needed = if current.is_empty() {
                word.width()
            } else {
                current.width() + 1 + word.width()
            };
            if needed > width && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out
}

/// `text` wrapped to `width`, every line after the first indented by
/// `indent` spaces (and the room for it taken from the width).
pub(super) fn hanging(text: &str, width: usize, first: &str, indent: usize) -> String {
    let room = width.saturating_sub(indent).max(1);
    let mut lines = wrap(text, room).into_iter();
    let mut out = format!("{first}{}", lines.next().unwrap_or_default());
    for line in lines {
        out.push('\n');
        out.push_str(&" ".repeat(indent));
        out.push_str(&line);
    }
    out
}

/// Text of prose lines and drawn tables, each prose line wrapped at its
/// words to `width` and continued under itself two spaces further in; a
/// table's lines (they start with a box-drawing character) are left as
/// they are drawn.
pub(super) fn prose(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let drawn = line.starts_with(|c: char| ('\u{2500}'..='\u{257f}').contains(&c));
        if drawn || line.width() <= width {
            out.push_str(line);
        } else {
            let indent = line.len() - line.trim_start().len();
            let lead = &line[..indent];
            out.push_str(&hanging(line.trim_start(), width, lead, indent + 2));
        }
        out.push('\n');
    }
    out.pop();
    out
}

/// A grid column's needs: the least width that breaks no word, and the
/// width that wraps nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Need {
    pub least: usize,
    pub natural: usize,
}

impl Need {
    /// What a column of `cells` needs, at least `floor` wide.
    pub(super) fn of<'a>(cells: impl Iterator<Item = &'a str>, floor: usize) -> Self {
        let (mut least, mut natural) = (floor, floor);
        for c in cells {
            least = least.max(longest_word(c));
            natural = natural.max(text_width(c));
        }
        Self { least, natural }
    }
}

/// The content width of each column so that the grid, borders and
/// padding included, is at most `total` wide: every column at least its
/// least, and the room left shared in proportion to what each still
/// wants. `None` when the least widths do not fit: the view is then a
/// list.
pub(super) fn fit(needs: &[Need], total: usize) -> Option<Vec<usize>> {
    // A border before each column and after the last, a space each side.
    let overhead = 3 * needs.len() + 1;
    let room = total.checked_sub(overhead)?;
    let least: usize = needs.iter().map(|n| n.least).sum();
    let mut spare = room.checked_sub(least)?;
    let mut widths: Vec<usize> = needs.iter().map(|n| n.least).collect();
    // Share the spare room in proportion to what each column still wants,
    // so the reason, which wants most, gets most; a column given more than
    // it wants hands the rest on.
    loop {
        let wants: Vec<usize> = widths
            .iter()
            .zip(needs)
            .map(|(w, n)| n.natural.saturating_sub(*w))
            .collect();
        let wanted: usize = wants.iter().sum();
        if spare == 0 || wanted == 0 {
            break;
        }
        let mut given = 0;
        for (w, want) in widths.iter_mut().zip(&wants) {
            let share = (spare * want / wanted).min(*want);
            *w += share;
            given += share;
        }
        if given == 0 {
            // Less spare than columns wanting: one at a time, most wanted first.
            if let Some(i) = (0..wants.len()).max_by_key(|i| wants[*i]) {
                widths[i] += 1;
                given = 1;
            }
        }
        spare -= given;
    }
    Some(widths)
}

/// A grid of `rows` under `headings` in `width`, or `None` where the width
/// cannot hold every column's longest word (each at least its `floors`):
/// each column as wide as [`fit`] gives it, each cell wrapped at its
/// words and made a cell by `cell` (row, column, text), which may colour
/// it.
pub(super) fn grid(
    headings: &[&str],
    rows: &[Vec<String>],
    floors: &[usize],
    width: usize,
    cell: impl Fn(usize, usize, String) -> comfy_table::Cell,
) -> Option<String> {
    let needs: Vec<Need> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let floor = floors.get(i).copied().unwrap_or(0).max(h.len());
            Need::of(rows.iter().map(|r| r[i].as_str()), floor)
        })
        .collect();
    let widths = fit(&needs, width)?;
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    t.set_header(headings.to_vec());
    t.set_constraints(widths.iter().map(|w| {
        comfy_table::ColumnConstraint::Absolute(comfy_table::Width::Fixed(*w as u16 + 2))
    }));
    for (r, row) in rows.iter().enumerate() {
        t.add_row(
            row.iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (text, w))| cell(r, c, wrap(text, *w).join("\n"))),
        );
    }
    Some(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_ids_are_never_broken() {
        assert_eq!(
            wrap("two-year-review Children reaching milestones", 10),
            ["two-year-review", "Children", "reaching", "milestones"]
        );
        assert_eq!(wrap("a b c", 3), ["a b", "c"]);
        assert_eq!(wrap("line one\nline two", 40), ["line one", "line two"]);
    }

    #[test]
    fn a_grid_fits_its_least_widths_or_is_refused() {
        let need = |least, natural| Need { least, natural };
        let needs = [need(13, 13), need(10, 40), need(30, 90)];
        // 3 columns: 10 characters of borders and padding.
        assert_eq!(fit(&needs, 52), None);
        let widths = fit(&needs, 80).expect("fits");
        assert_eq!(widths.iter().sum::<usize>(), 70);
        assert!(widths[0] == 13 && widths[1] >= 10 && widths[2] >= 30);
        // Room to spare: every column at its natural width, no more.
        assert_eq!(fit(&needs, 200), Some(vec![13, 40, 90]));
    }

    #[test]
    fn prose_wraps_and_tables_stay_as_drawn() {
        let text = "Rating: RED (off track): the target is far\n\u{2502} a ┆ table line that is long \u{2502}";
        assert_eq!(
            prose(text, 20),
            "Rating: RED (off\n  track): the target\n  is far\n\u{2502} a ┆ table line that is long \u{2502}"
        );
    }

    #[test]
    fn hanging_lines_are_indented() {
        assert_eq!(hanging("one two three", 9, "- ", 2), "- one two\n  three");
    }
}
