//! The pack's pictures: every chart, sparkline and Making Data Count icon
//! drawn from the very SVG the HTML pack inlines, by resvg, into a PNG
//! that any version of Word shows. Each picture's alternative text is the
//! SVG's own title and description, so that a screen reader hears what the
//! HTML pack's reader hears.
//!
//! The document part is written before the pictures (a zip is written one
//! part at a time), so a picture is placed first, by what it draws, and
//! drawn after the document: a large pack never holds its images at once.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::ooxml::{picture, EMU_PER_CM};
use crate::render::{mdc, svg};
use crate::report::pack::Chart;
use crate::stats::spc::{Assurance, Spc};

/// What a picture draws.
pub(super) enum Art<'a> {
    Chart(&'a Chart),
    Sparkline(&'a Chart),
    Variation(&'a Spc),
    Assurance(Assurance),
    /// A line of the key to the SPC icons.
    Key(mdc::KeyIcon),
}

/// A picture's identity, so that one drawn twice (an item's sparkline in
/// the scorecard and in its report, the same icon on many rows) is one
/// image part.
#[derive(PartialEq, Eq, Hash)]
enum Key {
    Chart(*const Chart, bool),
    Icon(String),
}

impl Art<'_> {
    fn svg(&self) -> String {
        match self {
            Self::Chart(c) => svg::chart(c, true),
            Self::Sparkline(c) => svg::sparkline(c),
            Self::Variation(s) => mdc::variation_icon(s),
            Self::Assurance(a) => mdc::assurance_icon(*a),
            Self::Key(icon) => icon.svg(),
        }
    }

    fn key(&self, svg: &str) -> Key {
        match self {
            Self::Chart(c) => Key::Chart(*c, true),
            Self::Sparkline(c) => Key::Chart(*c, false),
            Self::Variation(_) | Self::Assurance(_) | Self::Key(_) => Key::Icon(svg.to_string()),
        }
    }

    /// The image's width in pixels: about 220 dots to the inch at the
    /// largest size the paper shows it, so that it prints sharp.
    fn pixels(&self) -> f32 {
        match self {
            Self::Chart(_) => 1400.0,
            Self::Sparkline(_) => 360.0,
            Self::Variation(_) | Self::Assurance(_) | Self::Key(_) => 96.0,
        }
    }
}

/// The pictures placed so far, each image part once, in order:
/// `media/image{n}.png` is the `n`th.
#[derive(Default)]
pub(super) struct Media<'a> {
    images: Vec<Art<'a>>,
    seen: HashMap<Key, usize>,
    /// Pictures placed, each numbered in the document.
    placed: usize,
}

impl<'a> Media<'a> {
    /// Places `art` in the line of text, `width_cm` wide: the run that
    /// shows it, or nothing when there is nothing to draw.
    pub(super) fn place(&mut self, art: Art<'a>, width_cm: f64) -> String {
        let svg = art.svg();
        let Some((w, h)) = view_box(&svg) else {
            return String::new();
        };
        let alt = alt_text(&svg);
        // A key's icon has its words beside it.
        let decorative = matches!(art, Art::Key(_));
        let n = match self.seen.get(&art.key(&svg)) {
            Some(&n) => n,
            None => {
                self.seen.insert(art.key(&svg), self.images.len() + 1);
                self.images.push(art);
                self.images.len()
            }
        };
        self.placed += 1;
        let cx = (width_cm * EMU_PER_CM as f64).round() as u64;
        let cy = (cx as f64 * h / w).round() as u64;
        picture(&format!("rId{n}"), self.placed, cx, cy, &alt, decorative)
    }

    pub(super) fn count(&self) -> usize {
        self.images.len()
    }

    /// Draws each image and writes it with `write(n, png)`. The system's
    /// fonts are read once, and only for a picture with words in it: a
    /// paper of sparklines alone needs none.
    pub(super) fn draw(
        &self,
        mut write: impl FnMut(usize, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let wordless = usvg::Options::default();
        let mut worded: Option<usvg::Options> = None;
        for (i, art) in self.images.iter().enumerate() {
            let svg = art.svg();
            let options = if svg.contains("<text") {
                match &mut worded {
                    Some(options) => options,
                    none => none.insert(usvg::Options {
                        fontdb: fonts()?,
                        ..usvg::Options::default()
                    }),
                }
            } else {
                &wordless
            };
            write(i + 1, &png(&svg, art.pixels(), options)?)?;
        }
        Ok(())
    }
}

/// Sans-serif families a machine is likely to have, in the order a chart
/// drawn for Arial looks best in: Arial's metric twins first.
const SANS: [&str; 12] = [
    "Arial",
    "Liberation Sans",
    "Arimo",
    "Helvetica",
    "DejaVu Sans",
    "Noto Sans",
    "Open Sans",
    "Roboto",
    "Ubuntu",
    "Cantarell",
    "FreeSans",
    "Verdana",
];

/// The system's fonts, with the generic `sans-serif` (and `serif`, resvg's
/// last resort) set to a family that is there. The charts ask for Arial,
/// Helvetica or Liberation Sans, then `sans-serif`, which resvg takes to
/// mean Arial: on a machine with none of them (DejaVu only, say) their
/// text would otherwise be left out without a word. No font is bundled.
fn fonts() -> io::Result<Arc<fontdb::Database>> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let has = |family: &str| {
        db.query(&fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            ..fontdb::Query::default()
        })
        .is_some()
    };
    let family = SANS
        .iter()
        .find(|f| has(f))
        .map(|f| f.to_string())
        .or_else(|| {
            db.faces()
                .find_map(|f| f.families.first())
                .map(|(name, _)| name.clone())
        });
    let Some(family) = family else {
        return Err(io::Error::other(
            "no font to draw the charts' words with: a Word paper's charts are drawn \
             with the system's fonts, and none was found; install one (on Debian or \
             Ubuntu, fonts-liberation or fonts-dejavu-core)",
        ));
    };
    db.set_sans_serif_family(family.clone());
    db.set_serif_family(family);
    Ok(Arc::new(db))
}

/// `svg` drawn `pixels` wide, as a PNG.
fn png(svg: &str, pixels: f32, options: &usvg::Options) -> io::Result<Vec<u8>> {
    draw(svg, pixels, options)?
        .encode_png()
        .map_err(|e| io::Error::other(format!("cannot draw a chart: {e}")))
}

/// `svg` drawn `pixels` wide.
fn draw(svg: &str, pixels: f32, options: &usvg::Options) -> io::Result<Pixmap> {
    let tree = usvg::Tree::from_str(svg, options)
        .map_err(|e| io::Error::other(format!("cannot draw a chart: {e}")))?;
    let size = tree.size();
    let scale = pixels / size.width();
    let pixmap = Pixmap::new(
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let Some(mut pixmap) = pixmap else {
        return Err(io::Error::other("cannot draw a chart: it has no size"));
    };
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The width and height of the SVG's view box, which is its root's: the
/// first in the text.
fn view_box(svg: &str) -> Option<(f64, f64)> {
    let start = svg.find("viewBox=\"")? + "viewBox=\"".len();
    let value = &svg[start..start + svg[start..].find('"')?];
    let numbers: Vec<f64> = value
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// The text of the SVG's first `<name>` element, unescaped.
fn element_text(svg: &str, name: &str) -> Option<String> {
    let open = format!("<{name}");
    let start = svg.find(&open)?;
    let body = start + svg[start..].find('>')? + 1;
    let end = body + svg[body..].find(&format!("</{name}>"))?;
    let raw = &svg[body..end];
    Some(
        quick_xml::escape::unescape(raw)
            .map(|t| t.into_owned())
            .unwrap_or_else(|_| raw.to_string()),
    )
}

/// The picture's alternative text: its title, and its description where
/// it has one (a full chart's, in sentences).
fn alt_text(svg: &str) -> String {
    let title = element_text(svg, "title").unwrap_or_default();
    match element_text(svg, "desc").filter(|d| !d.is_empty()) {
        Some(desc) if title.is_empty() => desc,
        Some(desc) => format!("{}. {desc}", title.trim_end_matches('.')),
        None => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_box_and_the_words_come_from_the_svg() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 300\">\
                   <title id=\"t\">Pupils &amp; &#39;GLD&#39;</title><desc>Up.</desc>\
                   <svg viewBox=\"0 0 100 100\"><title>icon</title></svg></svg>";
        assert_eq!(view_box(svg), Some((640.0, 300.0)));
        assert_eq!(alt_text(svg), "Pupils & 'GLD'. Up.");
        assert_eq!(view_box("<svg viewBox=\"0 0 0 10\"/>"), None);
        assert_eq!(view_box("<svg viewBox=\"0 0 x 10\"/>"), None);
        assert_eq!(view_box(""), None);
    }

    /// Text asks for Arial, which a Linux machine seldom has, or a family
    /// nobody has: either way it is drawn, in a font the machine has.
    #[test]
    fn text_in_any_family_is_drawn_with_a_font_the_machine_has() {
        let options = usvg::Options {
            fontdb: fonts().expect("a font on this machine"),
            ..usvg::Options::default()
        };
        for family in [
            "Arial, Helvetica, 'Liberation Sans', sans-serif",
            "sans-serif",
            "No Such Font",
        ] {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 40\">\
                 <text x=\"4\" y=\"30\" font-family=\"{family}\" font-size=\"24\">\
                 Hello 12</text></svg>"
            );
            let pixmap = draw(&svg, 400.0, &options).expect("drawn");
            let inked = pixmap.pixels().iter().filter(|p| p.alpha() > 0).count();
            assert!(inked > 500, "{family}: {inked} pixels of text");
        }
    }
}
