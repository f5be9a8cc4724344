//! WordprocessingML, the few pieces of it a board paper needs: styled
//! paragraphs and runs, tables whose header row repeats on every page,
//! inline pictures with their alternative text, links to bookmarks. Each
//! piece is a string of XML; the elements' children are written in the
//! order the schema gives, which Word checks when it opens a file.

use std::fmt::Write as _;

/// Text for XML, escaped, with what XML 1.0 cannot carry left out (control
/// characters, U+FFFE and U+FFFF) and a bidirectional control replaced by
/// U+FFFD, as every other format does: it would reorder what a reader sees.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c if crate::diag::is_bidi_control(c) => out.push('\u{FFFD}'),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// How a run of text looks, beyond its paragraph's style.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Look {
    pub style: Option<&'static str>,
    pub bold: bool,
    pub italic: bool,
    /// Text colour, `RRGGBB`.
    pub colour: Option<&'static str>,
    /// Size in half-points.
    pub size: Option<u8>,
    /// Background, `RRGGBB`: a rating's badge.
    pub fill: Option<&'static str>,
}

pub(super) const PLAIN: Look = Look {
    style: None,
    bold: false,
    italic: false,
    colour: None,
    size: None,
    fill: None,
};

pub(super) const BOLD: Look = Look {
    bold: true,
    ..PLAIN
};

/// Grey and smaller: an id, a period, a legend.
pub(super) const MUTED: Look = Look {
    colour: Some(GREY),
    size: Some(16),
    ..PLAIN
};

/// The pack's grey (its CSS `--grey`), for secondary text.
pub(super) const GREY: &str = "505A5F";

impl Look {
    fn properties(&self) -> String {
        let mut out = String::new();
        if let Some(s) = self.style {
            let _ = write!(out, "<w:rStyle w:val=\"{s}\"/>");
        }
        if self.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if let Some(c) = self.colour {
            let _ = write!(out, "<w:color w:val=\"{c}\"/>");
        }
        if let Some(s) = self.size {
            let _ = write!(out, "<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>");
        }
        if let Some(f) = self.fill {
            let _ = write!(
                out,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/>"
            );
        }
        out
    }
}

/// A run of `text` in `look`. A line break in plan text is a line break in
/// Word (`<w:br/>`), a tab a tab; nothing is dropped.
pub(super) fn run(look: Look, text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let props = look.properties();
    let mut out = String::from("<w:r>");
    if !props.is_empty() {
        let _ = write!(out, "<w:rPr>{props}</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", escape(piece));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// A paragraph's properties beyond its style.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Para {
    pub style: Option<&'static str>,
    /// Kept on the page of the paragraph after it: a heading with its
    /// text, an exception report's lines with its table.
    pub keep_next: bool,
    pub page_break_before: bool,
    /// Space above, in twentieths of a point: after a table, which has
    /// none of its own below it.
    pub space_before: Option<u16>,
}

pub(super) const NORMAL: Para = Para {
    style: None,
    keep_next: false,
    page_break_before: false,
    space_before: None,
};

pub(super) const fn styled(style: &'static str) -> Para {
    Para {
        style: Some(style),
        ..NORMAL
    }
}

/// A paragraph holding `content` (runs, links, pictures).
pub(super) fn paragraph(para: Para, content: &str) -> String {
    let mut props = String::new();
    if let Some(s) = para.style {
        let _ = write!(props, "<w:pStyle w:val=\"{s}\"/>");
    }
    if para.keep_next {
        props.push_str("<w:keepNext/>");
    }
    if para.page_break_before {
        props.push_str("<w:pageBreakBefore/>");
    }
    if let Some(b) = para.space_before {
        let _ = write!(props, "<w:spacing w:before=\"{b}\"/>");
    }
    if props.is_empty() {
        format!("<w:p>{content}</w:p>")
    } else {
        format!("<w:p><w:pPr>{props}</w:pPr>{content}</w:p>")
    }
}

/// A heading in Word's own heading style, so that a template's Heading 1
/// to 3 restyle it, the navigation pane lists it, and a PDF made from the
/// document has it as a bookmark. `bookmark` names a place links go to.
pub(super) fn heading(
    level: u8,
    content: &str,
    bookmark: Option<(usize, &str)>,
    page_break_before: bool,
) -> String {
    let style = match level {
        1 => "Heading1",
        2 => "Heading2",
        _ => "Heading3",
    };
    let content = match bookmark {
        Some((id, name)) => bookmarked(id, name, content),
        None => content.to_string(),
    };
    paragraph(
        Para {
            page_break_before,
            ..styled(style)
        },
        &content,
    )
}

/// `content` as the place the bookmark `name` (numbered `id`) marks.
pub(super) fn bookmarked(id: usize, name: &str, content: &str) -> String {
    format!(
        "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>{content}\
         <w:bookmarkEnd w:id=\"{id}\"/>"
    )
}

/// `text` linked to the bookmark `anchor` in the same document.
pub(super) fn link(anchor: &str, look: Look, text: &str) -> String {
    format!(
        "<w:hyperlink w:anchor=\"{anchor}\" w:history=\"1\">{}</w:hyperlink>",
        run(
            Look {
                style: Some("Hyperlink"),
                ..look
            },
            text
        )
    )
}

/// A table cell: its width in twentieths of a point, the columns it spans,
/// its background, and its paragraphs.
pub(super) fn cell(width: u32, span: usize, fill: Option<&str>, paragraphs: &str) -> String {
    cell_with(width, span, fill, None, paragraphs)
}

/// A cell with a thick rule down its left side in `rule`'s colour: a
/// rating's cell, as the HTML pack marks it.
pub(super) fn ruled_cell(width: u32, rule: &str, paragraphs: &str) -> String {
    cell_with(width, 1, None, Some(rule), paragraphs)
}

fn cell_with(
    width: u32,
    span: usize,
    fill: Option<&str>,
    rule: Option<&str>,
    paragraphs: &str,
) -> String {
    let mut out = format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if span > 1 {
        let _ = write!(out, "<w:gridSpan w:val=\"{span}\"/>");
    }
    if let Some(r) = rule {
        let _ = write!(
            out,
            "<w:tcBorders><w:left w:val=\"single\" w:sz=\"36\" w:space=\"0\" \
             w:color=\"{r}\"/></w:tcBorders>"
        );
    }
    if let Some(f) = fill {
        let _ = write!(
            out,
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/>"
        );
    }
    out.push_str("</w:tcPr>");
    // Word refuses a cell without a paragraph.
    if paragraphs.is_empty() {
        out.push_str(&paragraph(styled("TableText"), ""));
    } else {
        out.push_str(paragraphs);
    }
    out.push_str("</w:tc>");
    out
}

/// A table row that is never split across pages; a `header` row repeats at
/// the top of every page the table runs onto (`w:tblHeader`), which is also
/// what tells a screen reader the row holds the column headings.
pub(super) fn row(header: bool, cells: &str) -> String {
    format!(
        "<w:tr><w:trPr><w:cantSplit/>{}</w:trPr>{cells}</w:tr>",
        if header { "<w:tblHeader/>" } else { "" }
    )
}

/// A table's opening: full width, its columns' widths, and `caption` as
/// the table's title for assistive technology. Rows follow, then
/// [`TABLE_END`].
pub(super) fn table_start(widths: &[u32], caption: &str) -> String {
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{}\" w:type=\"dxa\"/>\
         <w:tblLayout w:type=\"fixed\"/>\
         <w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" \
         w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
         <w:tblCaption w:val=\"{}\"/></w:tblPr><w:tblGrid>",
        widths.iter().sum::<u32>(),
        escape(caption)
    );
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    out
}

pub(super) const TABLE_END: &str = "</w:tbl>";

/// English Metric Units in a centimetre: DrawingML's measure.
pub(super) const EMU_PER_CM: u64 = 360_000;

/// Office's extension to `docPr` marking a picture decorative, as Word's
/// "Mark as decorative" writes it (Office 2019 on).
const DECORATIVE: &str = "<a:extLst><a:ext uri=\"{C183D7F6-B498-43B3-948B-1728B52AA6E4}\">\
<adec:decorative xmlns:adec=\"http://schemas.microsoft.com/office/drawing/2017/decorative\" \
val=\"1\"/></a:ext></a:extLst>";

/// A picture in the line of text: the image part `rel` at `cx` by `cy`
/// EMU, numbered `id` (unique in the document), with `alt` as its
/// alternative text (`descr`), which Word's Alt Text pane shows, a screen
/// reader reads, and a tagged PDF carries. A `decorative` picture (a
/// key's icon, its words beside it) is also marked so, for a screen
/// reader in Word to pass over rather than read the words twice; its
/// `alt` stays for a reader that does not know the mark (LibreOffice 7.4
/// tags it a figure in a PDF all the same, which must then have words).
pub(super) fn picture(
    rel: &str,
    id: usize,
    cx: u64,
    cy: u64,
    alt: &str,
    decorative: bool,
) -> String {
    let alt = escape(alt);
    let decoration = if decorative { DECORATIVE } else { "" };
    format!(
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
         <wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\">{decoration}</wp:docPr>\
         <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/>\
         </wp:cNvGraphicFramePr><a:graphic>\
         <a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/>\
         <pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rel}\"/>\
         <a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
}

/// The document part's opening, with every namespace its body uses.
pub(super) const DOCUMENT_START: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>";

/// The page: A4 portrait, 2 cm margins. The text is 17 cm wide.
pub(super) const DOCUMENT_END: &str = "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" \
w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>";

/// The width of the text between the margins, in twentieths of a point.
pub(super) const TEXT_WIDTH: u32 = 11906 - 2 * 1134;

/// The parts every paper has, as they are.
pub(super) const CONTENT_TYPES: &str = include_str!("content-types.xml");
pub(super) const PACKAGE_RELS: &str = include_str!("package.rels");
pub(super) const STYLES: &str = include_str!("styles.xml");
pub(super) const NUMBERING: &str = include_str!("numbering.xml");
pub(super) const SETTINGS: &str = include_str!("settings.xml");

/// The document part's relationships: its styles, numbering and settings,
/// then one image part per picture (`rId{n}` is `media/image{n}.png`).
pub(super) fn document_rels(images: usize) -> String {
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rStyles\" Type=\"{REL}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rNumbering\" Type=\"{REL}/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rSettings\" Type=\"{REL}/settings\" Target=\"settings.xml\"/>"
    );
    for n in 1..=images {
        let _ = write!(
            out,
            "<Relationship Id=\"rId{n}\" Type=\"{REL}/image\" Target=\"media/image{n}.png\"/>"
        );
    }
    out.push_str("</Relationships>");
    out
}

/// The document's properties: its title, which Word shows in the title
/// bar, a screen reader announces and a PDF made from it keeps.
pub(super) fn core_properties(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:language>en-GB</dc:language></cp:coreProperties>",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_what_xml_cannot_carry_is_left_out() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\u{1b}[2J\u{0}y"), "x[2Jy");
        assert_eq!(escape("\u{FFFF}\u{202E}"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn line_breaks_and_tabs_are_word_breaks_and_tabs() {
        assert_eq!(
            run(PLAIN, "a\nb\tc"),
            "<w:r><w:t xml:space=\"preserve\">a</w:t><w:br/>\
             <w:t xml:space=\"preserve\">b</w:t><w:tab/><w:t xml:space=\"preserve\">c</w:t></w:r>"
        );
        assert_eq!(run(BOLD, ""), "");
    }

    /// `xml` read to its end by an XML parser, which stops at the first
    /// thing that is not well-formed.
    fn well_formed(xml: &str) -> Result<(), quick_xml::Error> {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        loop {
            if let quick_xml::events::Event::Eof = reader.read_event()? {
                return Ok(());
            }
        }
    }

    #[test]
    fn the_pieces_are_well_formed() {
        let table = format!(
            "<w:body>{}{}{}</w:body>",
            table_start(&[100, 200], "A <caption>"),
            row(true, &cell(100, 2, Some("F3F2F1"), "")),
            TABLE_END
        );
        well_formed(&table).expect("a table");
        well_formed(&picture("rId1", 1, 10, 20, "a \"chart\" & more", false)).expect("a picture");
        well_formed(&picture("rId1", 2, 10, 20, "a key's icon", true)).expect("a decorative one");
        well_formed(&heading(2, &run(BOLD, "H\n<x>"), Some((1, "r1")), true)).expect("a heading");
        well_formed(&core_properties("T & <t>")).expect("the properties");
        well_formed(&document_rels(3)).expect("the relationships");
        for part in [CONTENT_TYPES, PACKAGE_RELS, STYLES, NUMBERING, SETTINGS] {
            well_formed(part).expect("a fixed part");
        }
        assert!(well_formed("<w:p><w:r></w:p>").is_err(), "the check checks");
    }
}
