//! The board pack as a Word document, for a board secretary to drop into
//! the council's committee template: the HTML pack's paper in the same
//! order and the same words (a summary, what changed since the last board,
//! the scorecard and the milestones, then the exception reports). Headings
//! are Word's Heading 1 to 3, so the template's styles apply; the
//! scorecard, milestones and each exception report are tables whose header
//! row repeats on every page; every rating is a word and a shape as well as
//! a colour; every chart is a picture drawn from the HTML pack's SVG, with
//! the same text alternative.

mod media;
mod ooxml;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use self::media::{Art, Media};
use self::ooxml::{
    cell, heading, link, paragraph, row, run, styled, table_start, Look, Para, BOLD, MUTED, NORMAL,
    PLAIN, TABLE_END, TEXT_WIDTH,
};
use super::{mdc, unsupported, Format};
use crate::eval::{Comparison, Kind, Rag, Rollup, Standing, Status, StatusRow};
use crate::format::human_date;
use crate::report::pack::{
    ratings, what_happened, Detail, Exception, Item, Movement, Pack, SinceLastBoard, AT_A_GLANCE,
};
use crate::report::words::{self, benchmark_text, shape, trend_arrow, Judgement};
use crate::report::Report;

/// The pack's colours (its CSS): each rating's, white text on each.
fn fill(rag: Rag) -> &'static str {
    match rag {
        Rag::Blue => "1D4F91",
        Rag::Green => "00703C",
        Rag::Amber => "8A5300",
        Rag::Red => "B10E1E",
        Rag::Grey => "505A5F",
    }
}

const INK: &str = "0B0C0C";
const PALE: &str = "F3F2F1";
const WHITE: &str = "FFFFFF";

/// Ratings worst first, as the summary counts them.
const RATINGS: [Rag; 5] = [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey];

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    match report {
        Report::Pack(p) => package(p, out),
        other => Err(unsupported(other, Format::Docx)),
    }
}

/// The document's parts, one after another into the zip as they are
/// made: the fixed parts, the text, then the pictures it placed.
fn package(p: &Pack, out: &mut dyn Write) -> io::Result<()> {
    // Written as it is made, into the file's temporary (output.rs): never
    // held whole.
    let mut zip = ZipWriter::new_stream(out);
    // The same bytes for the same pack: no clock in the archive.
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let title = format!("{} as of {}", p.title, human_date(p.as_of));
    for (name, text) in [
        ("[Content_Types].xml", ooxml::CONTENT_TYPES),
        ("_rels/.rels", ooxml::PACKAGE_RELS),
        ("docProps/core.xml", &ooxml::core_properties(&title)),
        ("word/styles.xml", ooxml::STYLES),
        ("word/numbering.xml", ooxml::NUMBERING),
        ("word/settings.xml", ooxml::SETTINGS),
    ] {
        zip.start_file(name, deflated)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.start_file("word/document.xml", deflated)?;
    let mut paper = Paper::new(p);
    paper.write(&mut zip)?;
    zip.start_file("word/_rels/document.xml.rels", deflated)?;
    zip.write_all(ooxml::document_rels(paper.media.count()).as_bytes())?;
    // A PNG is deflated too, though it gains little: a part written as a
    // stream has its size after it, which a reader finds the end of only
    // in deflated data, and Java's zip writer, whose documents Word has
    // always opened, deflates every part likewise.
    paper.media.draw(|n, png| {
        zip.start_file(format!("word/media/image{n}.png"), deflated)?;
        zip.write_all(png)
    })?;
    zip.finish()?;
    Ok(())
}

/// Where a mention of an item can take the reader, as in the HTML pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    Report,
    Milestone,
    Commitment,
    Row,
}

impl Place {
    fn name(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Milestone => "milestone",
            Self::Commitment => "commitment",
            Self::Row => "row",
        }
    }
}

/// The paper being written: the pack, the pictures placed so far, and the
/// bookmarks that links go to (Word's bookmark names are short and plain,
/// so an item's place is numbered rather than named by its id).
struct Paper<'a> {
    p: &'a Pack,
    media: Media<'a>,
    anchors: HashMap<(Place, String), usize>,
    placed: HashSet<usize>,
}

impl<'a> Paper<'a> {
    fn new(p: &'a Pack) -> Self {
        Self {
            p,
            media: Media::default(),
            anchors: HashMap::new(),
            placed: HashSet::new(),
        }
    }

    /// The bookmark of `id` at `place`, numbered on first use.
    fn anchor(&mut self, place: Place, id: &str) -> (usize, String) {
        let next = self.anchors.len() + 1;
        let n = *self.anchors.entry((place, id.to_string())).or_insert(next);
        (n, format!("{}_{n}", place.name()))
    }

    /// The bookmark to set at `id`'s `place`; none if one is set there
    /// already (an id the plan repeats).
    fn bookmark(&mut self, place: Place, id: &str) -> Option<(usize, String)> {
        let (n, name) = self.anchor(place, id);
        self.placed.insert(n).then_some((n, name))
    }

    /// Where a mention of `id` links: its exception report if it has one,
    /// else its milestone, commitment or scorecard row.
    fn link_to(&mut self, id: &str) -> String {
        let place = if self.p.has_exception(id) {
            Place::Report
        } else if self.p.is_milestone(id) {
            Place::Milestone
        } else if self.p.is_commitment(id) {
            Place::Commitment
        } else {
            Place::Row
        };
        self.anchor(place, id).1
    }

    fn write(&mut self, w: &mut dyn Write) -> io::Result<()> {
        let p = self.p;
        let mut out = String::from(ooxml::DOCUMENT_START);
        out.push_str(&cover(p));
        out.push_str(&self.summary());
        if let Some(s) = &p.since {
            out.push_str(&self.since(s));
        }
        w.write_all(out.as_bytes())?;
        self.scorecard(w)?;
        w.write_all(self.context().as_bytes())?;
        w.write_all(self.milestones().as_bytes())?;
        self.exceptions(w)?;
        if let Some(s) = &p.since {
            w.write_all(self.appendix(s).as_bytes())?;
        }
        let footer = format!(
            "Made by cfp {} on the plan and figures as known on {}. \
             Each rating's reason says how it was reached.",
            env!("CARGO_PKG_VERSION"),
            human_date(p.as_of)
        );
        let after_table = Para {
            space_before: Some(240),
            ..styled("Note")
        };
        w.write_all(paragraph(after_table, &run(PLAIN, &footer)).as_bytes())?;
        w.write_all(ooxml::DOCUMENT_END.as_bytes())
    }
}

/// A rating as a badge: its shape and word, white on its colour, never
/// broken across lines.
fn badge(rag: Rag, words: &str) -> String {
    run(
        Look {
            bold: true,
            colour: Some(WHITE),
            fill: Some(fill(rag)),
            ..PLAIN
        },
        &format!("\u{a0}{} {words}\u{a0}", shape(rag)).replace(' ', "\u{a0}"),
    )
}

/// A rating's cell: a rule and a badge in its colour, `RED`, and its
/// status below in words, `off target`.
fn rating_cell(width: u32, r: &StatusRow) -> String {
    rating_cell_then(width, r, None)
}

/// A rating's cell with, in a paper since the last board, the rating then
/// (`was GREEN · on track`, `the same at the last board`), as the HTML
/// pack's column gives it.
fn rating_cell_then(width: u32, r: &StatusRow, then: Option<Option<(Rag, Status)>>) -> String {
    let mut paragraphs = in_cell(&badge(r.rag, &r.rag.name().to_uppercase()))
        + &in_cell(&run(PLAIN, r.status.words()));
    if let Some(then) = then {
        let words = match then {
            Some(was) if was == (r.rag, r.status) => "the same at the last board".to_string(),
            Some((rag, status)) => format!(
                "at the last board: {} · {}",
                rag.name().to_uppercase(),
                status.words()
            ),
            None => "not in the plan at the last board".to_string(),
        };
        paragraphs.push_str(&in_cell(&run(MUTED, &words)));
    }
    ooxml::ruled_cell(width, fill(r.rag), &paragraphs)
}

/// `■ RED · off target`.
fn row_badge(r: &StatusRow) -> String {
    badge(
        r.rag,
        &format!("{} · {}", r.rag.name().to_uppercase(), r.status.words()),
    )
}

fn cover(p: &Pack) -> String {
    let mut out = heading(1, &run(PLAIN, &p.title), None, false);
    out.push_str(&paragraph(
        NORMAL,
        &format!(
            "{}{}",
            run(PLAIN, &format!("{}: the position as of ", p.area)),
            run(BOLD, &human_date(p.as_of))
        ),
    ));
    if let Some(v) = &p.vision {
        let italic = Look {
            italic: true,
            ..PLAIN
        };
        out.push_str(&paragraph(NORMAL, &run(italic, v)));
    }
    if let Some(n) = p.narrowed_sentence() {
        out.push_str(&paragraph(NORMAL, &run(BOLD, &n)));
    }
    out
}

/// One kind of row's ratings as badges, headed by the kind and its total.
fn kind_counts(name: &str, counts: &std::collections::BTreeMap<Rag, usize>) -> String {
    let total: usize = counts.values().sum();
    let mut text = run(BOLD, &format!("{name} ({total}): "));
    let badges: Vec<String> = RATINGS
        .iter()
        .filter(|rag| **rag != Rag::Blue || counts.get(rag).is_some_and(|n| *n > 0))
        .map(|rag| {
            let n = counts.get(rag).copied().unwrap_or(0);
            badge(*rag, &format!("{n} {}", rag.name()))
        })
        .collect();
    text.push_str(&badges.join(&run(PLAIN, "  ")));
    paragraph(NORMAL, &text)
}

impl Paper<'_> {
    /// Page 1's answer: the exceptions at a glance (item, rating, why,
    /// lead), then the ratings of indicators and milestones apart.
    fn summary(&mut self) -> String {
        let p = self.p;
        let mut out = heading(2, &run(PLAIN, "Summary"), None, false);
        out.push_str(&paragraph(NORMAL, &run(PLAIN, &p.exceptions_sentence())));
        if !p.exceptions.is_empty() {
            let widths = widths(&[38, 14, 32, 16]);
            let caption = "Exceptions at a glance";
            out.push_str(&paragraph(styled("Caption"), &run(PLAIN, caption)));
            out.push_str(&table_start(&widths, caption));
            let headings = ["Item", "Rating", "Why", "Lead"].map(String::from);
            out.push_str(&header_row(&widths, &headings));
            for e in p.exceptions.iter().take(AT_A_GLANCE) {
                let r = &e.item.row;
                let target = self.anchor(Place::Report, &r.id).1;
                let item =
                    in_cell(&link(&target, BOLD, &r.title)) + &in_cell(&run(MUTED, r.kind.name()));
                let why = e.why();
                let cells = cell(widths[0], 1, None, &item)
                    + &rating_cell(widths[1], r)
                    + &cell(widths[2], 1, None, &in_cell(&run(PLAIN, &why)))
                    + &cell(widths[3], 1, None, &in_cell(&run(PLAIN, &words::lead(r))));
                out.push_str(&row(false, &cells));
            }
            out.push_str(TABLE_END);
            let more = p.exceptions.len().saturating_sub(AT_A_GLANCE);
            if more > 0 {
                let text = format!("And {more} more, each in the exception reports.");
                out.push_str(&paragraph(NORMAL, &run(PLAIN, &text)));
            }
        }
        out.push_str(&kind_counts("Indicators", &p.indicators));
        if !p.milestones.is_empty() {
            out.push_str(&kind_counts("Milestones", &p.milestone_counts));
        }
        for sentence in [
            "Blue is complete; grey is not rated (no data, no target, or cancelled).",
            &p.freshness.sentence(),
        ] {
            out.push_str(&paragraph(NORMAL, &run(PLAIN, sentence)));
        }
        out
    }

    /// The new figures since the last board, by indicator, after the
    /// exception reports.
    fn appendix(&mut self, s: &SinceLastBoard) -> String {
        let p = self.p;
        let figures = s.new_figures(&p.area);
        if figures.is_empty() {
            return String::new();
        }
        let title = format!("Appendix: new figures since {}", human_date(s.since));
        let mut out = heading(2, &run(PLAIN, &title), None, false);
        let bullet = styled("ListBullet");
        for n in figures {
            let target = self.link_to(n.id);
            let item = link(&target, PLAIN, n.title) + &run(PLAIN, &format!(": {}", n.figures));
            out.push_str(&paragraph(bullet, &item));
        }
        out
    }

    /// The indicators with no target that did not turn worse, by
    /// priority, after the scorecard.
    fn context(&mut self) -> String {
        let p = self.p;
        let n = p.items().filter(|i| p.is_context(i)).count();
        if n == 0 {
            return String::new();
        }
        let title = format!(
            "For context: {n} indicator{} without a target",
            if n == 1 { "" } else { "s" }
        );
        let mut out = heading(3, &run(PLAIN, &title), None, false);
        let note = "Not rated, as there is no target to rate against, and none turned worse \
                    by the tests that bring an item into the exception reports.";
        out.push_str(&paragraph(styled("Note"), &run(PLAIN, note)));
        let bullet = styled("ListBullet");
        for s in &p.priorities {
            let rows: Vec<&Item> = p.items_of(s).filter(|i| p.is_context(i)).collect();
            if rows.is_empty() {
                continue;
            }
            out.push_str(&paragraph(NORMAL, &run(BOLD, &s.rollup.title)));
            for it in rows {
                let r = &it.row;
                let mut text = match r.figure() {
                    Some(v) => format!("{v} ({})", r.period_label().unwrap_or_default()),
                    None => "no data".to_string(),
                };
                if let Some(t) = r.trend_words() {
                    let _ = write!(text, "; {t}");
                }
                for c in r.benchmark.iter().filter(|c| c.value.is_some()) {
                    let _ = write!(text, "; vs {}: {}", c.comparator, c.text());
                }
                let title = self.title(Place::Row, r);
                out.push_str(&paragraph(
                    bullet,
                    &(title + &run(PLAIN, &format!(": {text}"))),
                ));
            }
        }
        out
    }

    /// What changed since the last board, a list per kind of movement.
    fn since(&mut self, s: &SinceLastBoard) -> String {
        let p = self.p;
        let mut out = heading(
            2,
            &run(
                PLAIN,
                &format!("Since the last board on {}", human_date(s.since)),
            ),
            None,
            false,
        );
        out.push_str(&paragraph(NORMAL, &run(PLAIN, &s.sentence(p.as_of))));
        let bullet = styled("ListBullet");
        for (movement, changes) in s.groups() {
            let title = format!("{} ({})", movement.heading(), changes.len());
            out.push_str(&heading(3, &run(PLAIN, &title), None, false));
            if movement == Movement::NewFigure {
                // Counted here, listed in the appendix.
                let text = format!(
                    "{} arrived; each is listed in the appendix.",
                    movement.tally(changes.len())
                );
                out.push_str(&paragraph(NORMAL, &run(PLAIN, &text)));
                continue;
            }
            for c in changes {
                let target = self.link_to(&c.change.id);
                let item = link(&target, PLAIN, &c.change.title)
                    + &run(PLAIN, &format!(": {}", what_happened(c)));
                out.push_str(&paragraph(bullet, &item));
            }
        }
        out
    }
}

/// Text in a table cell: a paragraph of `runs` in the table's style.
fn in_cell(runs: &str) -> String {
    paragraph(styled("TableText"), runs)
}

/// A table's header row: each heading bold on the pack's pale grey.
fn header_row(widths: &[u32], headings: &[String]) -> String {
    let cells: String = widths
        .iter()
        .zip(headings)
        .map(|(w, h)| cell(*w, 1, Some(PALE), &in_cell(&run(BOLD, h))))
        .collect();
    row(true, &cells)
}

/// Column widths in proportion to `weights`, filling the text's width.
fn widths(weights: &[u32]) -> Vec<u32> {
    let total: u32 = weights.iter().sum();
    weights
        .iter()
        .map(|w| TEXT_WIDTH * w / total.max(1))
        .collect()
}

/// The room inside a cell `width` twentieths of a point wide, in
/// centimetres: what a picture in it may take.
fn room_cm(width: u32) -> f64 {
    f64::from(width.saturating_sub(2 * 70)) / 567.0
}

/// The Fingertips colour of a comparison, as the HTML pack's chips, and the
/// look of its words on it: better, similar and worse when tested, blue
/// for higher or lower where higher is neither better nor worse, nothing
/// when not tested or not compared.
fn comparison_colours(c: &Comparison) -> (Option<&'static str>, Look) {
    let on = |colour| Look {
        colour: Some(colour),
        ..PLAIN
    };
    if c.value.is_none() {
        return (None, MUTED);
    }
    if c.group.is_some() || !(c.tested || c.by_grade) {
        return (None, PLAIN);
    }
    match c.result {
        Standing::Better => (Some("92D050"), on(INK)),
        Standing::Similar | Standing::Same => (Some("FFC000"), on(INK)),
        Standing::Worse => (Some("C00000"), on(WHITE)),
        Standing::Higher => (Some("5555E6"), on(WHITE)),
        Standing::Lower => (Some("BED2FF"), on(INK)),
        _ => (None, PLAIN),
    }
}

/// The row's one trend: its arrow, coloured when a test says better or
/// worse, and its words.
fn trend(r: &StatusRow) -> String {
    let (Some((arrow, judgement)), Some(words)) = (trend_arrow(r), r.trend_words()) else {
        return String::new();
    };
    let colour = match judgement {
        Judgement::Better => fill(Rag::Green),
        Judgement::Worse => fill(Rag::Red),
        Judgement::Level => INK,
    };
    let arrow_look = Look {
        bold: true,
        colour: Some(colour),
        ..PLAIN
    };
    run(arrow_look, arrow) + &run(PLAIN, &format!(" {words}"))
}

/// The latest figure's period, footprint and flags: `2024/25 · England
/// (stale)`.
fn latest_detail(it: &Item, separator: &str) -> String {
    let r = &it.row;
    let mut sub = r.period_label().unwrap_or_default();
    if let Some(f) = &it.footprint {
        let _ = write!(sub, "{separator}{f}");
    }
    if !r.flags.is_empty() {
        let flags: Vec<&str> = r.flags.iter().map(|f| f.name()).collect();
        let _ = write!(sub, " ({})", flags.join(", "));
    }
    sub
}

/// The scorecard's columns: SPC and history only when some row has them,
/// one column per comparator.
struct Columns {
    headings: Vec<String>,
    widths: Vec<u32>,
    comparators: Vec<String>,
    spc: bool,
    history: bool,
}

impl Columns {
    fn of(p: &Pack) -> Self {
        let all = || p.items().filter(|i| !p.is_context(i));
        let spc = all().any(|i| spc_of(&i.row).is_some());
        let history = all().any(|i| i.chart.as_ref().is_some_and(|c| c.own.points.len() >= 2));
        let mut headings: Vec<String> = [
            "Rating",
            "Indicator or milestone",
            "Latest",
            "Target",
            "Trend",
        ]
        .map(String::from)
        .to_vec();
        let mut weights = vec![12, 28, 16, 14, 16];
        let (compared, _) = p.compared();
        for c in &compared {
            headings.push(format!("vs {c}"));
            weights.push(11);
        }
        if spc {
            headings.push("SPC".into());
            weights.push(9);
        }
        if history {
            headings.push("History".into());
            weights.push(12);
        }
        Self {
            widths: widths(&weights),
            headings,
            comparators: compared.into_iter().map(String::from).collect(),
            spc,
            history,
        }
    }
}

/// The row's SPC result, when it has one to show.
fn spc_of(r: &StatusRow) -> Option<&crate::stats::spc::Spc> {
    r.spc.as_ref().and_then(|s| s.result.as_ref())
}

/// The key to the scorecard, above it: what each column holds and what
/// its colours mean, as the HTML pack's legend says it.
const LEGEND: &str = "Every indicator and milestone by priority. An indicator's row: its \
    rating, the latest figure, the target, \
    one trend (the 5-point trend where counts allow it, else the change from the previous \
    figure, each naming its window; better or worse only from a test), and the benchmark \
    against each comparator with its figure, in Fingertips' colours (better, similar, worse; \
    blue for higher or lower where neither is better; no colour for above or below when not \
    tested; not compared: no comparator figure for the period, or a count, which is not \
    compared between areas). A milestone's row: where it stands, and when it is due. Titles \
    that are links have an exception report after the scorecard.";

impl<'a> Paper<'a> {
    /// The scorecard, written a priority at a time.
    fn scorecard(&mut self, w: &mut dyn Write) -> io::Result<()> {
        let p = self.p;
        let cols = Columns::of(p);
        let caption = format!("Scorecard as of {}", human_date(p.as_of));
        let mut out = heading(2, &run(PLAIN, "Scorecard"), None, false);
        out.push_str(&paragraph(styled("Note"), &run(PLAIN, LEGEND)));
        if cols.spc {
            out.push_str(&self.mdc_key());
        }
        out.push_str(&paragraph(styled("Caption"), &run(PLAIN, &caption)));
        out.push_str(&table_start(&cols.widths, &caption));
        out.push_str(&header_row(&cols.widths, &cols.headings));
        for s in &p.priorities {
            out.push_str(&self.priority_row(&cols, &s.rollup, &ratings(p.rated_in(s))));
            if p.rated_in(s).next().is_none() {
                let text = "Nothing to rate: its indicators have no target, and are listed for \
                            context after the scorecard.";
                let span = cols.widths.len();
                out.push_str(&row(
                    false,
                    &cell(TEXT_WIDTH, span, None, &in_cell(&run(MUTED, text))),
                ));
            }
            for it in p.rated(&s.items) {
                out.push_str(&self.scorecard_row(&cols, it));
            }
            for c in &s.commitments {
                if p.rated(&c.items).next().is_none() && c.rollup.self_assessed.is_none() {
                    continue;
                }
                out.push_str(&self.commitment_row(&cols, &c.rollup));
                for it in p.rated(&c.items) {
                    out.push_str(&self.scorecard_row(&cols, it));
                }
            }
            w.write_all(out.as_bytes())?;
            out.clear();
        }
        w.write_all(TABLE_END.as_bytes())
    }

    /// A priority's row across the table: its title, its ratings counted,
    /// and its lead, white on black.
    fn priority_row(
        &mut self,
        cols: &Columns,
        r: &Rollup,
        listed: &std::collections::BTreeMap<Rag, usize>,
    ) -> String {
        let white = Look {
            bold: true,
            colour: Some(WHITE),
            ..PLAIN
        };
        let mut text = run(white, &r.title);
        let counts: Vec<String> = RATINGS
            .iter()
            .filter_map(|rag| {
                let n = listed.get(rag).copied().filter(|n| *n > 0)?;
                Some(badge(*rag, &format!("{n} {}", rag.name())))
            })
            .collect();
        text.push_str(&run(white, " "));
        if counts.is_empty() {
            text.push_str(&run(white, "nothing to rate"));
        }
        text.push_str(&counts.join(&run(white, " ")));
        if let Some(lead) = &r.lead {
            let small = Look {
                size: Some(16),
                bold: false,
                ..white
            };
            text.push_str(&run(small, &format!("  Lead: {lead}")));
        }
        let para = Para {
            keep_next: true,
            ..styled("TableText")
        };
        let span = cols.widths.len();
        row(
            false,
            &cell(TEXT_WIDTH, span, Some(INK), &paragraph(para, &text)),
        )
    }

    /// A commitment's row: its title and, where it has one, its
    /// self-assessment.
    fn commitment_row(&mut self, cols: &Columns, c: &Rollup) -> String {
        let mut text = run(BOLD, &c.title);
        if let Some((n, name)) = self.bookmark(Place::Commitment, &c.id) {
            text = ooxml::bookmarked(n, &name, &text);
        }
        if let Some(a) = &c.self_assessed {
            let rag = crate::eval::self_assessment_rag(a.rag);
            text.push_str(&run(MUTED, " self-assessed "));
            text.push_str(&badge(rag, rag.name()));
            let note = a
                .note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default();
            text.push_str(&run(MUTED, &format!(" on {}{note}", human_date(a.date))));
        }
        let para = Para {
            keep_next: true,
            ..styled("TableText")
        };
        let span = cols.widths.len();
        row(
            false,
            &cell(TEXT_WIDTH, span, Some(PALE), &paragraph(para, &text)),
        )
    }

    /// An item's title, linked to its exception report where it has one,
    /// with the bookmark of its `place`.
    fn title(&mut self, place: Place, r: &StatusRow) -> String {
        let title = if self.p.has_exception(&r.id) {
            let target = self.anchor(Place::Report, &r.id).1;
            link(&target, PLAIN, &r.title)
        } else {
            run(PLAIN, &r.title)
        };
        match self.bookmark(place, &r.id) {
            Some((n, name)) => ooxml::bookmarked(n, &name, &title),
            None => title,
        }
    }

    fn scorecard_row(&mut self, cols: &Columns, it: &'a Item) -> String {
        let r = &it.row;
        let mut widths = cols.widths.iter().copied();
        let mut next = || widths.next().unwrap_or(0);
        let then = self.p.since.is_some().then(|| self.p.previous(&r.id));
        let mut cells = rating_cell_then(next(), r, then);
        cells.push_str(&cell(next(), 1, None, &in_cell(&self.title(Place::Row, r))));
        if r.kind == Kind::Milestone {
            // Where it stands and when it is due, then one empty cell.
            let due = words::due_phrase(r);
            cells.push_str(&cell(next(), 1, None, &in_cell(&run(PLAIN, &r.reason))));
            cells.push_str(&cell(next(), 1, None, &in_cell(&run(PLAIN, &due))));
            let rest: u32 = std::iter::from_fn(|| Some(next()))
                .take_while(|w| *w > 0)
                .sum();
            let span = cols.widths.len() - 4;
            cells.push_str(&cell(rest, span, None, ""));
            return row(false, &cells);
        }
        let latest = match r.figure() {
            Some(v) => in_cell(&run(BOLD, &v)) + &in_cell(&run(MUTED, &latest_detail(it, " · "))),
            None => in_cell(&run(MUTED, "no data")),
        };
        cells.push_str(&cell(next(), 1, None, &latest));
        let target = match r.target_words() {
            t if t.is_empty() => run(MUTED, "none"),
            t => run(PLAIN, &t),
        };
        cells.push_str(&cell(next(), 1, None, &in_cell(&target)));
        cells.push_str(&cell(next(), 1, None, &in_cell(&trend(r))));
        for name in &cols.comparators {
            let width = next();
            cells.push_str(
                &match r.benchmark.iter().find(|c| *c.comparator == **name) {
                    Some(c) => comparison_cell(width, c),
                    None => cell(width, 1, None, ""),
                },
            );
        }
        if cols.spc {
            let width = next();
            let icons = self.icons(r, 0.7);
            cells.push_str(&cell(width, 1, None, &in_cell(&icons)));
        }
        if cols.history {
            let width = next();
            // Two to four figures are said, not drawn, as in the HTML.
            let line = match (&it.chart, it.detail()) {
                (Some(c), Detail::Chart) => {
                    self.media.place(Art::Sparkline(c), room_cm(width).min(3.0))
                }
                (Some(c), Detail::Sparkline) => run(PLAIN, &c.in_words()),
                _ => String::new(),
            };
            cells.push_str(&cell(width, 1, None, &in_cell(&line)));
        }
        row(false, &cells)
    }

    /// The key to the SPC column's icons (`mdc::KEY`): a printed paper's
    /// reader has no icon's alternative text. Unlike the HTML pack's, it
    /// has the lines of the icons the scorecard shows and no others, so
    /// that a paper draws no letter (and needs no font) its rows do not.
    fn mdc_key(&mut self) -> String {
        let p = self.p;
        let shown: Vec<&crate::stats::spc::Spc> = p
            .items()
            .filter(|i| !p.is_context(i))
            .filter_map(|i| spc_of(&i.row))
            .collect();
        let bold = Look {
            bold: true,
            ..PLAIN
        };
        let intro = format!(" {}", mdc::KEY_INTRO);
        let mut out = paragraph(
            styled("Note"),
            &(run(bold, mdc::KEY_HEADING) + &run(PLAIN, &intro)),
        );
        for (icon, words) in mdc::KEY {
            if !shown.iter().any(|spc| icon.explains(spc)) {
                continue;
            }
            let line = self.media.place(Art::Key(icon), 0.5) + &run(PLAIN, &format!(" {words}"));
            out.push_str(&paragraph(styled("Note"), &line));
        }
        out
    }

    /// The SPC variation and assurance as Making Data Count's icons, each
    /// `size` cm and with its words as alternative text.
    fn icons(&mut self, r: &'a StatusRow, size: f64) -> String {
        let Some(spc) = spc_of(r) else {
            return String::new();
        };
        let mut out = self.media.place(Art::Variation(spc), size);
        if let Some(a) = spc.assurance {
            out.push_str(&run(PLAIN, " "));
            out.push_str(&self.media.place(Art::Assurance(a), size));
        }
        out
    }
}

/// A comparison's cell: its word on its Fingertips colour, and what
/// qualifies it.
fn comparison_cell(width: u32, c: &Comparison) -> String {
    let (colour, look) = comparison_colours(c);
    let (word, qualifier) = c.cell_words();
    let mut text = in_cell(&run(look, &word));
    if !qualifier.is_empty() {
        let small = Look {
            size: Some(15),
            ..look
        };
        text.push_str(&in_cell(&run(small, &qualifier)));
    }
    cell(width, 1, colour, &text)
}

impl<'a> Paper<'a> {
    /// The milestones by due date, with the as-of date marked among them.
    fn milestones(&mut self) -> String {
        let p = self.p;
        let mut out = heading(3, &run(PLAIN, "Milestones"), None, false);
        if p.milestones.is_empty() {
            out.push_str(&paragraph(
                NORMAL,
                &run(PLAIN, "The plan has no milestones."),
            ));
            return out;
        }
        let note = "In order of due date, with the as-of date marked.";
        out.push_str(&paragraph(styled("Note"), &run(PLAIN, note)));
        let widths = widths(&[13, 13, 34, 40]);
        let caption = format!("Milestones as of {}", human_date(p.as_of));
        out.push_str(&table_start(&widths, &caption));
        let headings = ["Due", "Rating", "Milestone", "Reason"].map(String::from);
        out.push_str(&header_row(&widths, &headings));
        let as_of = p.as_of.to_string();
        let mark = row(
            false,
            &cell(
                TEXT_WIDTH,
                4,
                Some(PALE),
                &in_cell(&run(BOLD, &format!("As of {}", human_date(p.as_of)))),
            ),
        );
        let mut marked = false;
        for r in &p.milestones {
            if !marked && r.by.as_deref().is_none_or(|due| due > as_of.as_str()) {
                out.push_str(&mark);
                marked = true;
            }
            out.push_str(&self.milestone_row(&widths, r));
        }
        if !marked {
            out.push_str(&mark);
        }
        out.push_str(TABLE_END);
        out
    }

    fn milestone_row(&mut self, widths: &[u32], r: &StatusRow) -> String {
        let due =
            r.by.as_deref()
                .map_or("no due date".to_string(), words::due_words);
        let mut title = String::new();
        if r.status == Status::Overdue {
            let red = Look {
                bold: true,
                colour: Some(fill(Rag::Red)),
                ..PLAIN
            };
            title.push_str(&run(red, "OVERDUE "));
        }
        title.push_str(&self.title(Place::Milestone, r));
        let cells = cell(widths[0], 1, None, &in_cell(&run(BOLD, &due)))
            + &rating_cell(widths[1], r)
            + &cell(widths[2], 1, None, &in_cell(&title))
            + &cell(widths[3], 1, None, &in_cell(&run(PLAIN, &r.reason)));
        row(false, &cells)
    }

    /// The exception reports, written a report at a time.
    fn exceptions(&mut self, w: &mut dyn Write) -> io::Result<()> {
        let p = self.p;
        let mut out = heading(2, &run(PLAIN, "Exception reports"), None, true);
        if p.exceptions.is_empty() {
            let text = "Nothing is red, missed or overdue, and nothing turned worse.";
            out.push_str(&paragraph(NORMAL, &run(PLAIN, text)));
            return w.write_all(out.as_bytes());
        }
        let red = p.red_exceptions();
        let intro = format!(
            "Every item rated red (off track, off target, missed or overdue): {red}; \
             then every other item whose figure or rating turned worse: {}. \
             Everything else is in the scorecard.",
            p.exceptions.len() - red
        );
        out.push_str(&paragraph(NORMAL, &run(PLAIN, &intro)));
        w.write_all(out.as_bytes())?;
        for e in &p.exceptions {
            w.write_all(self.report(e).as_bytes())?;
        }
        Ok(())
    }

    /// One exception report: its heading, why it is here, its rating's
    /// reason, a table of what a board asks about it, and its chart.
    fn report(&mut self, e: &'a Exception) -> String {
        let p = self.p;
        let it: &'a Item = &e.item;
        let r = &it.row;
        let title = run(PLAIN, &r.title) + &run(MUTED, &format!(" [{}]", r.id));
        let bookmark = self.bookmark(Place::Report, &r.id);
        let bookmark = bookmark.as_ref().map(|(n, name)| (*n, name.as_str()));
        let mut out = heading(3, &title, bookmark, false);
        let keep = |style| Para {
            keep_next: true,
            ..styled(style)
        };
        if let Some((priority, commitment)) = p.context_of(r) {
            let mut context = priority.to_string();
            if let Some(c) = commitment {
                let _ = write!(context, " › {c}");
            }
            out.push_str(&paragraph(keep("Note"), &run(PLAIN, &context)));
        }
        let because: Vec<String> = e.because.iter().map(|b| b.words()).collect();
        let because = format!(" In this report because {}.", because.join("; "));
        out.push_str(&paragraph(
            keep("Normal"),
            &(row_badge(r) + &run(PLAIN, &because)),
        ));
        out.push_str(&paragraph(keep("Normal"), &run(BOLD, &r.reason)));
        out.push_str(&self.facts(it));
        let picture = match (&it.chart, it.detail()) {
            (Some(chart), Detail::Chart) => self.media.place(Art::Chart(chart), 16.0),
            // Two to four figures are said, not drawn, as in the HTML.
            (Some(chart), Detail::Sparkline) => {
                run(PLAIN, &format!("Figures: {}", chart.in_words()))
            }
            _ => String::new(),
        };
        if !picture.is_empty() {
            let after_table = Para {
                space_before: Some(120),
                ..NORMAL
            };
            out.push_str(&paragraph(after_table, &picture));
        }
        out
    }

    /// What a board asks about an exception: its figure, target, trend,
    /// benchmark, SPC, forecast, flags, lead and commentary; each row only
    /// where there is something to say.
    fn facts(&mut self, it: &'a Item) -> String {
        let p = self.p;
        let r = &it.row;
        let mut rows: Vec<(&str, String)> = Vec::new();
        if let Some(v) = r.figure() {
            let detail = latest_detail(it, ", ");
            rows.push(("Latest", run(PLAIN, &format!("{v} ({detail})"))));
        }
        let target = r.target_words();
        if !target.is_empty() {
            rows.push(("Target", run(PLAIN, &target)));
        } else if let (Some(by), None) = (&r.by, r.unit) {
            rows.push(("Due", run(PLAIN, &words::due_words(by))));
        }
        rows.push(("Trend", trend(r)));
        rows.push(("Benchmark", run(PLAIN, &benchmark_text(&r.benchmark))));
        if let Some(summary) = r.spc.as_ref().filter(|s| s.result.is_some()) {
            let mut text = summary.variation_text();
            let assurance = summary.assurance_text();
            if !assurance.is_empty() {
                let _ = write!(text, "; {assurance}");
            }
            rows.push(("SPC", self.icons(r, 0.6) + &run(PLAIN, &format!(" {text}"))));
        }
        if let Some(f) = r.forecast.as_ref().filter(|f| f.result.is_some()) {
            rows.push(("Forecast", run(PLAIN, &f.text())));
        }
        let flags: Vec<&str> = r.flags.iter().map(|f| f.name()).collect();
        rows.push(("Flags", run(PLAIN, &flags.join(", "))));
        rows.push(("Lead", run(PLAIN, &words::lead(r))));
        for (name, value) in words::update_lines(r, p.as_of) {
            rows.push((name, run(PLAIN, &value)));
        }
        rows.push(("Commentary", run(PLAIN, r.note.as_deref().unwrap_or(""))));
        rows.retain(|(_, v)| !v.is_empty());
        let widths = widths(&[22, 78]);
        let caption = format!("{}: the position as of {}", r.title, human_date(p.as_of));
        let mut out = table_start(&widths, &caption);
        let headings = [
            "Aspect".to_string(),
            format!("Position as of {}", human_date(p.as_of)),
        ];
        out.push_str(&header_row(&widths, &headings));
        for (name, value) in rows {
            let cells = cell(widths[0], 1, None, &in_cell(&run(BOLD, name)))
                + &cell(widths[1], 1, None, &in_cell(&value));
            out.push_str(&row(false, &cells));
        }
        out.push_str(TABLE_END);
        out
    }
}
