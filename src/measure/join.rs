//! Counts on other rows: a source's `measure` reads a file that holds a
//! figure and its numerator, denominator and limits as separate rows (NHS
//! Digital's ASCOF open data: `Measure Type` = Outcome, Numerator,
//! Denominator). Once the file is read, each figure row is joined to the
//! counts rows that agree with it on id, area, period and the columns
//! `where` reads, and read as one row. A counts row with no figure row to
//! join, or with two, is counted and said, never guessed.

use std::collections::HashMap;

use csv::ByteRecord;

use super::cell::same_words;
use super::mapping::Mapping;
use super::rows::{Cells, Rows};
use crate::diag::{quoted, Code, Diagnostic, Location};
use crate::plan::MEASURE_ROLES;

/// The partner roles, in the order of the fields past the header that
/// `Mapping::joined` gives them.
const PARTNERS: usize = MEASURE_ROLES.len() - 1;

/// A figure row with its partners' cells, read as one row: fields past
/// the header's are the partners' (numerator, denominator, lower, upper).
struct Joined<'a> {
    record: &'a ByteRecord,
    partners: [Option<&'a [u8]>; PARTNERS],
    width: usize,
    /// The figure's field, where a problem with a partner's cell is shown.
    value: usize,
}

impl Cells for Joined<'_> {
    fn count(&self) -> usize {
        self.record.len()
    }

    fn cell(&self, i: usize) -> &[u8] {
        match i.checked_sub(self.width) {
            Some(k) => self.partners.get(k).copied().flatten().unwrap_or(b""),
            None => self.record.get(i).unwrap_or(b""),
        }
    }

    fn excerpt(&self, field: Option<usize>) -> (String, usize, usize) {
        self.record.excerpt(field.map(|f| self.shown_at(f)))
    }

    fn shown_at(&self, f: usize) -> usize {
        if f >= self.width {
            self.value
        } else {
            f
        }
    }
}

/// What a held row is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Figure,
    /// Index into the partner roles.
    Partner(usize),
    Other,
}

/// Why counts rows were not read, with how many and the first of them.
#[derive(Default)]
struct Unread {
    rows: usize,
    first: Option<(u64, usize)>,
}

/// The held rows sorted out: each row's role and the set of keys it has
/// (numbered as first met), how many figure rows each set has, and the
/// counts rows of each role for each set.
struct Pairs {
    roles: Vec<Role>,
    keys: Vec<usize>,
    figures: Vec<usize>,
    partners: HashMap<(usize, usize), Vec<usize>>,
}

impl Pairs {
    fn of(held: &[(u64, ByteRecord)], m: &Mapping<'_>, column: usize) -> Self {
        let roles_named = m.source.measure.as_ref().map_or(&[][..], |s| &s.roles[..]);
        let fields = m.keys();
        let mut numbered: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut pairs = Pairs {
            roles: Vec::with_capacity(held.len()),
            keys: Vec::with_capacity(held.len()),
            figures: Vec::new(),
            partners: HashMap::new(),
        };
        for (i, (_, record)) in held.iter().enumerate() {
            let cell = record.get(column).unwrap_or(b"").trim_ascii();
            let role = match roles_named.iter().position(|(_, v)| same_words(cell, v)) {
                Some(0) => Role::Figure,
                Some(k) => Role::Partner(k - 1),
                None => Role::Other,
            };
            let mut key = Vec::new();
            for &f in &fields {
                key.extend(
                    record
                        .get(f)
                        .unwrap_or(b"")
                        .trim_ascii()
                        .to_ascii_lowercase(),
                );
                key.push(0);
            }
            let next = numbered.len();
            let key = *numbered.entry(key).or_insert(next);
            if key == pairs.figures.len() {
                pairs.figures.push(0);
            }
            match role {
                Role::Figure => pairs.figures[key] += 1,
                Role::Partner(k) => pairs.partners.entry((key, k)).or_default().push(i),
                Role::Other => {}
            }
            pairs.roles.push(role);
            pairs.keys.push(key);
        }
        pairs
    }

    /// The one counts row of a role for figure row `i`: none where its
    /// keys have no such row, or more than one figure or counts row.
    fn partner(&self, i: usize, role: usize) -> Option<usize> {
        let key = self.keys[i];
        match self.partners.get(&(key, role)).map(Vec::as_slice) {
            Some(&[p]) if self.figures[key] == 1 => Some(p),
            _ => None,
        }
    }

    /// Whether the keys of row `i` have a figure row at all.
    fn has_figure(&self, i: usize) -> bool {
        self.figures[self.keys[i]] > 0
    }
}

impl Rows<'_> {
    /// Joins and reads a `measure` source's held rows, once its file is
    /// read: every figure row with its partners, in file order.
    pub(super) fn join(&mut self, m: &Mapping<'_>) {
        let Some(column) = m.measure else {
            return;
        };
        let held = std::mem::take(&mut self.held);
        let pairs = Pairs::of(&held, m, column);
        let value = m.value.unwrap_or(0);
        // Per row, whether it was joined to a figure row, and then whether
        // that figure was kept.
        let mut joined: Vec<Option<bool>> = vec![None; held.len()];
        let kept = |c: &super::Counts| c.figures + c.status_rows + c.recovery_updates;
        for (i, (line, record)) in held.iter().enumerate() {
            match pairs.roles[i] {
                Role::Figure => {
                    let mut cells = Joined {
                        record,
                        partners: [None; PARTNERS],
                        width: m.width,
                        value,
                    };
                    let mut attached = Vec::new();
                    for (role, slot) in cells.partners.iter_mut().enumerate() {
                        if let Some(p) = pairs.partner(i, role) {
                            attached.push(p);
                            *slot = held[p].1.get(value);
                        }
                    }
                    let before = kept(&self.counts);
                    self.row_of(m, || *line, &cells);
                    let figure_kept = kept(&self.counts) > before;
                    for p in attached {
                        joined[p] = Some(figure_kept);
                    }
                }
                Role::Other => {
                    self.counts.rows += 1;
                    self.counts.other_measures += 1;
                }
                Role::Partner(_) => {}
            }
        }
        self.count_partners(m, &held, &pairs, &joined, column);
    }

    /// Counts every counts row by what became of it, and warns of those
    /// not read, once per reason with the first of them.
    fn count_partners(
        &mut self,
        m: &Mapping<'_>,
        held: &[(u64, ByteRecord)],
        pairs: &Pairs,
        joined: &[Option<bool>],
        column: usize,
    ) {
        let mut unread = [Unread::default(), Unread::default()];
        for (i, role) in pairs.roles.iter().enumerate() {
            if !matches!(role, Role::Partner(_)) {
                continue;
            }
            self.counts.rows += 1;
            match joined[i] {
                Some(true) => self.counts.joined += 1,
                Some(false) => self.counts.joined_skipped += 1,
                None => {
                    self.counts.unpaired += 1;
                    // No figure row of its keys, or a choice cfp will not make.
                    let k = usize::from(pairs.has_figure(i));
                    unread[k].rows += 1;
                    unread[k].first.get_or_insert((held[i].0, i));
                }
            }
        }
        for (k, u) in unread.into_iter().enumerate() {
            if let Some((line, i)) = u.first {
                let at = self.at(line, &held[i].1, Some(column));
                self.unpaired(m, u.rows, k == 1, at);
            }
        }
    }

    /// The warning for counts rows left unread.
    fn unpaired(&mut self, m: &Mapping<'_>, rows: usize, ambiguous: bool, at: Location) {
        let Some(measure) = &m.source.measure else {
            return;
        };
        let figure = measure.value_of("value").unwrap_or_default();
        let counted = if rows == 1 {
            "1 counts row".to_string()
        } else {
            format!("{rows} counts rows")
        };
        let message = if ambiguous {
            format!(
                "{counted} not read: more than one `{}` row, or more than one counts row of \
                 a kind, has the same id, area and period, and cfp will not guess which go \
                 together",
                quoted(figure)
            )
        } else {
            format!(
                "{counted} not read: no `{}` row has the same id, area and period",
                quoted(figure)
            )
        };
        self.diags.push(
            Diagnostic::warning(Code::UnpairedRow, Some(at), message).with_help(
                "a counts row is joined to the figure row that agrees with it on id, area, \
                 period and the columns `where` reads: pick one breakdown with `where`, or \
                 leave these rows out with `where_not`",
            ),
        );
    }
}
