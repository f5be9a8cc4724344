//! The board pack as a Word document (`cfp report -o paper.docx`): the
//! parts a board secretary's committee template relies on, read back from
//! the archive (heading styles, tables whose header row repeats, pictures
//! with alternative text, ratings in words), the refusals around it, and
//! LibreOffice turning it into a PDF.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;

use super::{run, Fixture};

/// An XML element, read whole: enough of a DOM to ask a document part
/// about its paragraphs, tables and pictures.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    /// The element's own text (a `w:t`'s words).
    text: String,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every element named `name` at or under this one, in document order.
    fn all<'a>(&'a self, name: &str) -> Vec<&'a Node> {
        let mut out = Vec::new();
        self.collect(name, &mut out);
        out
    }

    fn collect<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            c.collect(name, out);
        }
    }

    /// The words of the element: its `w:t`s, in order, a badge's
    /// no-break spaces read as spaces, and spaces run together.
    fn words(&self) -> String {
        let text: String = self.all("w:t").iter().map(|t| t.text.as_str()).collect();
        let mut out = String::with_capacity(text.len());
        for c in text.chars().map(|c| if c == '\u{a0}' { ' ' } else { c }) {
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        }
        out
    }

    /// A paragraph's style id (`Normal` when it names none).
    fn style(&self) -> &str {
        self.all("w:pStyle")
            .first()
            .and_then(|s| s.attr("w:val"))
            .unwrap_or("Normal")
    }
}

/// Parses `xml` whole, failing the test on anything that is not
/// well-formed XML: Word refuses such a file.
fn parse(xml: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    let element = |e: &quick_xml::events::BytesStart| Node {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("a well-formed attribute");
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("a known entity")
                    .into_owned();
                (a.key.as_ref().to_string(), value)
            })
            .collect(),
        ..Node::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let node = element(&e);
                stack.last_mut().expect("a parent").children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().expect("an open element");
                stack.last_mut().expect("a parent").children.push(node);
            }
            Event::Text(t) => {
                stack.last_mut().expect("a parent").text.push_str(&t);
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("a character reference") {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    },
                };
                stack.last_mut().expect("a parent").text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element closed");
    stack.pop().expect("the root")
}

/// A Word document's parts, by name.
struct Docx {
    parts: BTreeMap<String, Vec<u8>>,
    /// The parts in the order the archive holds them.
    order: Vec<String>,
}

impl Docx {
    fn open(path: &Path) -> Self {
        let file = std::fs::File::open(path).expect("the paper is written");
        let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
        let mut parts = BTreeMap::new();
        let mut order = Vec::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).expect("a part");
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).expect("the part reads");
            let name = part.name().expect("a part's name").to_string();
            order.push(name.clone());
            parts.insert(name, bytes);
        }
        Self { parts, order }
    }

    fn xml(&self, name: &str) -> Node {
        let bytes = self.parts.get(name).unwrap_or_else(|| panic!("no {name}"));
        parse(std::str::from_utf8(bytes).expect("UTF-8"))
    }
}

/// `cfp report ARGS -o DIR/paper.docx`, read back.
fn paper(dir: &Path, args: &[&str]) -> (PathBuf, Docx) {
    let file = dir.join("paper.docx");
    let file_arg = file.to_string_lossy().into_owned();
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["-o", &file_arg]);
    let out = run(&all);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    let docx = Docx::open(&file);
    (file, docx)
}

/// The headings of a document, as (level, words).
fn headings(body: &Node) -> Vec<(usize, String)> {
    body.all("w:p")
        .iter()
        .filter_map(|p| {
            let level = p.style().strip_prefix("Heading")?.parse().ok()?;
            Some((level, p.words()))
        })
        .collect()
}

/// Every table's rows are headed by one marked to repeat on every page,
/// and every picture has words a screen reader can read in its place.
fn assert_accessible(docx: &Docx, body: &Node) {
    for table in body.all("w:tbl") {
        let rows = table.all("w:tr");
        assert!(
            !rows.is_empty() && !rows[0].all("w:tblHeader").is_empty(),
            "a table without a repeating header row: {}",
            table.words()
        );
        let header = rows[0].words();
        assert!(!header.trim().is_empty(), "an empty header row");
    }
    let rels = docx.xml("word/_rels/document.xml.rels");
    let targets: BTreeMap<&str, &str> = rels
        .all("Relationship")
        .iter()
        .filter_map(|r| Some((r.attr("Id")?, r.attr("Target")?)))
        .collect();
    let pictures = body.all("wp:inline");
    for pic in &pictures {
        let doc_pr = pic.all("wp:docPr");
        let alt = doc_pr[0].attr("descr").unwrap_or("");
        assert!(!alt.trim().is_empty(), "a picture without alt text");
        let embed = pic.all("a:blip")[0].attr("r:embed").expect("an image");
        let target = targets.get(embed).expect("the image's relationship");
        let png = &docx.parts[&format!("word/{target}")];
        assert!(png.starts_with(b"\x89PNG"), "{target} is a PNG");
    }
    let ids: std::collections::HashSet<&str> = body
        .all("wp:docPr")
        .iter()
        .filter_map(|d| d.attr("id"))
        .collect();
    assert_eq!(ids.len(), pictures.len(), "each picture numbered once");
}

#[test]
fn the_seed_paper_has_word_headings_repeating_table_headers_and_ratings_in_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, docx) = paper(dir.path(), &["--plan", "data", "--as-of", "2026-02-26"]);
    assert_eq!(docx.order[0], "[Content_Types].xml", "Word looks first");
    let document = docx.xml("word/document.xml");
    let body = &document.all("w:body")[0];
    // Word's own heading styles, defined with the names a template's
    // styles replace them by.
    let styles = docx.xml("word/styles.xml");
    for (id, name) in [
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Heading3", "heading 3"),
    ] {
        let style = styles
            .all("w:style")
            .into_iter()
            .find(|s| s.attr("w:styleId") == Some(id))
            .unwrap_or_else(|| panic!("no {id} style"));
        assert_eq!(style.all("w:name")[0].attr("w:val"), Some(name));
    }
    let headings = headings(body);
    assert_eq!(
        headings[0],
        (
            1,
            "Leicestershire Children and Families Partnership Plan 2021-23 and JHWS Best Start \
             for Life"
                .to_string()
        )
    );
    assert_eq!(headings.iter().filter(|(l, _)| *l == 1).count(), 1);
    let sections: Vec<&str> = headings
        .iter()
        .filter(|(l, _)| *l == 2)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(sections, ["Summary", "Scorecard", "Exception reports"]);
    for pair in headings.windows(2) {
        assert!(pair[1].0 <= pair[0].0 + 1, "heading levels {headings:?}");
    }
    // The as-of date on the cover, as the HTML pack has it.
    let text = body.words();
    assert!(
        text.contains("Leicestershire: the position as of 26 Feb 2026"),
        "{text}"
    );
    // The exceptions at a glance, the scorecard, the milestones and each
    // exception report are tables.
    let tables = body.all("w:tbl");
    let rows = super::status_rows("data", "2026-02-26");
    let red: Vec<&super::Row> = rows.iter().filter(|r| r["rag"] == "red").collect();
    assert_eq!(
        tables.len(),
        3 + red.len(),
        "glance, scorecard, milestones, reports"
    );
    assert_accessible(&docx, body);
    // Page 1 names every red item with its reason.
    let glance = tables[0].words();
    for r in &red {
        assert!(glance.contains(r["title"].as_str()), "{}", r["title"]);
        assert!(glance.contains(r["reason"].as_str()), "{}", r["reason"]);
    }
    // Every rated row in the scorecard (the rest are listed for context
    // after it, with no target to be rated against).
    let scorecard = tables[1].words();
    for r in rows
        .iter()
        .filter(|r| !r["target"].is_empty() || r["kind"] == "milestone")
    {
        assert!(scorecard.contains(r["title"].as_str()), "{}", r["title"]);
    }
    // Every rating in words: its word and its status, beside its colour.
    for r in rows
        .iter()
        .filter(|r| !r["target"].is_empty() || r["kind"] == "milestone")
    {
        let (title, word) = (&r["title"], r["rag"].to_uppercase());
        let row = tables[1..3]
            .iter()
            .flat_map(|t| t.all("w:tr"))
            .find(|row| row.words().contains(title.as_str()))
            .unwrap_or_else(|| panic!("no row for {title}"));
        let words = row.words();
        assert!(
            words.contains(&word) && words.contains(r["status"].as_str()),
            "{title}: {words}"
        );
    }
    // The exception reports: every red item, in plan order, headed by its
    // title, its rating and why it is there.
    let reports: Vec<&str> = headings
        .iter()
        .filter(|(l, _)| *l == 3)
        .map(|(_, t)| t.as_str())
        .skip_while(|t| *t != "Milestones")
        .skip(1)
        .collect();
    assert_eq!(reports.len(), red.len(), "{reports:?}");
    for (heading, r) in reports.iter().zip(&red) {
        assert_eq!(*heading, format!("{} [{}]", r["title"], r["id"]));
    }
    assert!(text.contains("RED · overdue In this report because red: overdue."));
    assert!(text.contains("RED · off target In this report because red: off target."));
    // Each mention of an exception links to its report.
    let anchors: Vec<&str> = body
        .all("w:hyperlink")
        .iter()
        .filter_map(|h| h.attr("w:anchor"))
        .collect();
    let marks: Vec<&str> = body
        .all("w:bookmarkStart")
        .iter()
        .filter_map(|b| b.attr("w:name"))
        .collect();
    assert!(anchors.len() >= red.len());
    for a in &anchors {
        assert!(marks.contains(a), "a link to nowhere: {a}");
    }
    // The paper's title is the document's, for the title bar and a PDF.
    let core = docx.xml("docProps/core.xml");
    assert_eq!(
        core.all("dc:title")[0].text,
        "Leicestershire Children and Families Partnership Plan 2021-23 and JHWS Best Start for \
         Life as of 26 Feb 2026"
    );
}

/// A plan whose series have six, three and one figures: a full chart, the
/// figures in words and nothing, as the HTML pack gives them.
fn charted() -> Fixture {
    let plan = r#"[plan]
title = "Charts & <pictures>"
area = "Testshire"
comparators = ["England"]
[measurements]
files = ["data.csv"]
[[priority]]
id = "p"
title = "Priority"
[[indicator]]
id = "six"
priority = "p"
title = "Six figures"
unit = "percent"
polarity = "higher"
cadence = "annual"
target = { value = 90, by = "2026/27" }
[[indicator]]
id = "three"
priority = "p"
title = "Three figures"
unit = "percent"
polarity = "higher"
cadence = "annual"
target = { value = 90, by = "2026/27" }
[[indicator]]
id = "one"
priority = "p"
title = "One figure"
unit = "percent"
polarity = "higher"
cadence = "annual"
target = { value = 90, by = "2026/27" }
"#;
    let mut csv = String::from("id,area,period,value\n");
    for (i, year) in (2019..2025).enumerate() {
        let period = format!("{year}/{:02}", (year + 1) % 100);
        csv.push_str(&format!("six,,{period},{}\n", 60 + i));
        csv.push_str(&format!("six,England,{period},70\n"));
        if i >= 3 {
            csv.push_str(&format!("three,,{period},{}\n", 60 + i));
        }
    }
    csv.push_str("one,,2024/25,60\n");
    Fixture::new(plan).file("data.csv", csv)
}

#[test]
fn every_chart_is_a_picture_with_the_html_packs_words() {
    let f = charted();
    let plan = f.path().to_string_lossy().into_owned();
    let (file, docx) = paper(f.path(), &["--plan", &plan, "--as-of", "2025-09-01"]);
    let again = f.path().join("again");
    std::fs::create_dir(&again).expect("a folder");
    let (second, _) = paper(&again, &["--plan", &plan, "--as-of", "2025-09-01"]);
    assert!(
        std::fs::read(&file).expect("read") == std::fs::read(&second).expect("read"),
        "the same pack, the same bytes"
    );
    let document = docx.xml("word/document.xml");
    let body = &document.all("w:body")[0];
    assert_accessible(&docx, body);
    let alts: Vec<&str> = body
        .all("wp:docPr")
        .iter()
        .filter_map(|d| d.attr("descr"))
        .collect();
    // The full chart: its title and the HTML chart's description.
    let chart = alts
        .iter()
        .find(|a| a.starts_with("Six figures. "))
        .expect("the six-figure chart");
    assert!(
        chart.contains("Testshire: 6 figures, from 60% in 2019/20 to 65% in 2024/25")
            && chart.contains("Target 90% by 2026/27. England: 70% in 2024/25."),
        "{chart}"
    );
    // A sparkline in the scorecard for six figures; three figures are said
    // in words, as the HTML pack says them, not drawn.
    let sparklines = alts.iter().filter(|a| a.starts_with("trend of ")).count();
    assert_eq!(sparklines, 1, "{alts:?}");
    assert_eq!(alts.len(), 2, "one figure: no picture; {alts:?}");
    assert!(docx.xml("word/document.xml").words().contains(" → "));
    let images = docx
        .parts
        .keys()
        .filter(|k| k.starts_with("word/media/"))
        .count();
    assert_eq!(images, 2);
    // The full chart is drawn large enough to print sharp (that its words
    // are drawn is render::docx::media's unit test).
    let rels = docx.xml("word/_rels/document.xml.rels");
    let largest = rels
        .all("Relationship")
        .iter()
        .filter_map(|r| r.attr("Target"))
        .filter(|t| t.starts_with("media/"))
        .map(|t| docx.parts[&format!("word/{t}")].len())
        .max()
        .expect("images");
    assert!(largest > 20_000, "a full chart's PNG is {largest} bytes");
    // The plan's own text, escaped in the XML and whole in the words.
    assert!(body.words().contains("Charts & <pictures>"));
}

#[test]
fn a_pdf_is_refused_saying_how_to_get_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("pack.pdf");
    let out = run(&[
        "report",
        "--plan",
        "data",
        "--as-of",
        "2026-02-26",
        "-o",
        pdf.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    for words in [
        "cfp report cannot write a .pdf file: it writes .html, .md, .json, .docx",
        "print the HTML pack from a browser",
        "soffice --headless --convert-to pdf paper.docx",
    ] {
        assert!(out.stderr.contains(words), "{words}: {}", out.stderr);
    }
    assert!(!pdf.exists());
    // Another command says where a PDF comes from, and keeps its formats.
    let status = dir.path().join("status.pdf");
    let out = run(&[
        "status",
        "--plan",
        "data",
        "-o",
        status.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            ".txt, .csv, .json, .md, .xlsx (or say --format). For a PDF board pack, use cfp report"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_word_document_needs_a_file_and_only_the_pack_is_one() {
    // A Word document needs a file, as a workbook does.
    for args in [
        &["report", "--plan", "data", "--format", "docx"][..],
        &["report", "--plan", "data", "--format", "docx", "-o", "-"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(
            out.stderr.contains(
                "a Word document cannot go to a terminal: name the file with -o FILE.docx"
            ),
            "{}",
            out.stderr
        );
        assert!(out.stdout.is_empty());
    }
    // Only the pack is a paper.
    let out = run(&["status", "--plan", "data", "--format", "docx"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("cfp status writes table, csv, json, markdown, xlsx, not docx"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_paper_to_a_folder_is_report_docx_with_nothing_left_beside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = format!("{}/", dir.path().join("pack").display());
    let out = run(&[
        "report",
        "--plan",
        "examples/spc-monthly",
        "--as-of",
        "2025-06-30",
        "--format",
        "docx",
        "-o",
        &folder,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let names: Vec<String> = std::fs::read_dir(dir.path().join("pack"))
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["report.docx"]);
    let docx = Docx::open(&dir.path().join("pack/report.docx"));
    let document = docx.xml("word/document.xml");
    let body = &document.all("w:body")[0];
    assert_accessible(&docx, body);
    // Making Data Count's icons, each with its words.
    let alts: Vec<&str> = body
        .all("wp:docPr")
        .iter()
        .filter_map(|d| d.attr("descr"))
        .collect();
    assert!(alts.contains(&"Special cause concern (high)"), "{alts:?}");
    // A printed paper's reader has no alternative text: the key to the
    // SPC column says what each icon it shows means, above the scorecard,
    // each line beside its icon. This scorecard shows special cause
    // improvement (A&E) and concern (delayed discharges), no common cause
    // and no assurance: the key has those two lines and no others.
    let words = body.words();
    let key = words.find("Key to the SPC column").expect("the key");
    let scorecard = words.find("Scorecard as of").expect("the scorecard");
    assert!(key < scorecard, "{words}");
    let key_text = &words[key..scorecard];
    for line in ["special cause improvement", "special cause concern"] {
        assert!(key_text.contains(line), "{line}: {key_text}");
    }
    for line in ["common cause", "neither direction", "the process will"] {
        assert!(!key_text.contains(line), "{line}: {key_text}");
    }
    assert!(
        alts.contains(&"Special cause improvement (high)"),
        "{alts:?}"
    );
    // The key's two icons, and only they, are marked decorative, as
    // Word's "Mark as decorative" marks a picture: their words are beside
    // them, and a screen reader in Word passes over them rather than read
    // the words twice. They keep their alternative text for a reader
    // that does not know the mark.
    let pictures = body.all("wp:docPr");
    let decorative: Vec<usize> = (0..pictures.len())
        .filter(|&k| {
            pictures[k]
                .all("adec:decorative")
                .iter()
                .any(|d| d.attr("val") == Some("1"))
        })
        .collect();
    assert_eq!(decorative, [0, 1], "{alts:?}");
    assert!(pictures[..2].iter().all(|p| p
        .attr("descr")
        .is_some_and(|d| d.starts_with("Special cause"))));
}

#[test]
fn hostile_plan_text_is_words_in_the_paper_and_never_markup() {
    let plan = "[plan]\ntitle = \"<w:p>x</w:p> & \u{202E}dlrow \u{FFFF}\"\narea = \"A\"\n\
[measurements]\nfiles = [\"data.csv\"]\n[[priority]]\nid = \"p\"\ntitle = \"P ]]> <!--\"\n\
[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I \\\" '\"\nunit = \"percent\"\n\
polarity = \"higher\"\ntarget = { value = 80, by = \"2025/26\" }\n";
    let f = Fixture::new(plan).file(
        "data.csv",
        "id,period,value,note\ni,2024/25,70,\ni,2025/26,75,\"line one\nline\ttwo \u{1b}[2J\"\n",
    );
    let plan = f.path().to_string_lossy().into_owned();
    let (_, docx) = paper(f.path(), &["--plan", &plan, "--as-of", "2026-06-01"]);
    let document = docx.xml("word/document.xml");
    let text = document.words();
    assert!(
        text.contains("<w:p>x</w:p> & \u{FFFD}dlrow \u{FFFD}"),
        "{text}"
    );
    assert!(
        text.contains("P ]]> <!--") && text.contains("I \" '"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no escape sequence");
    // The commentary's line break and tab are Word's.
    let commentary = document
        .all("w:tc")
        .into_iter()
        .find(|c| c.words().starts_with("line one"))
        .expect("the commentary's cell");
    assert_eq!(commentary.all("w:br").len(), 1);
    assert_eq!(commentary.all("w:tab").len(), 1);
}

/// LibreOffice (headless) opens the paper and prints it to PDF: pages with
/// the plan's title and its ratings in words. `.ci/run` installs
/// LibreOffice Writer and poppler-utils and runs it.
#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils; .ci/run installs them and runs this with --include-ignored"]
fn libreoffice_prints_the_seed_paper_to_pdf() {
    let soffice = tool(&["soffice", "libreoffice"], "--version");
    tool(&["pdftotext"], "-v");
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, args) in [
        ("seed", &["--plan", "data", "--as-of", "2026-02-26"][..]),
        (
            "spc",
            &["--plan", "examples/spc-monthly", "--as-of", "2025-06-30"],
        ),
    ] {
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).expect("a folder");
        let (file, _) = paper(&sub, args);
        // A profile of its own, so that a LibreOffice already running
        // (or another test's) is not handed the job.
        let profile = format!(
            "-env:UserInstallation=file://{}",
            sub.join("profile").display()
        );
        let out = std::process::Command::new(&soffice)
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&sub)
            .arg(&file)
            .output()
            .expect("soffice runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pdf = sub.join("paper.pdf");
        assert!(std::fs::read(&pdf).expect("a PDF").starts_with(b"%PDF"));
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout);
        let pages = text.matches('\u{c}').count();
        assert!(pages >= 1, "{name}: no pages");
        match name {
            "seed" => {
                assert!((2..=16).contains(&pages), "{name}: {pages} pages");
                assert!(
                    text.contains("Leicestershire Children and Families"),
                    "{text}"
                );
                assert!(
                    text.contains("RED") && text.contains("off target"),
                    "{text}"
                );
                assert!(text.contains("Exception reports"), "{text}");
            }
            _ => {
                assert!(
                    text.contains("Example: statistical process control"),
                    "{text}"
                );
                // The chart's own words, drawn into its picture, are not
                // text; the report's are, and the key to the SPC icons.
                assert!(text.contains("RED") && text.contains("off track"), "{text}");
                assert!(text.contains("Key to the SPC column"), "{text}");
            }
        }
    }
}

/// A test-only tool on the PATH, or a failure saying what to install: a
/// check that cannot run does not pass.
fn tool(names: &[&str], arg: &str) -> String {
    names
        .iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg(arg)
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(|s| s.to_string())
        .unwrap_or_else(|| panic!("{names:?} is not installed (.ci/run installs it)"))
}

/// The Word paper's exception reports carry the recovery update as the
/// HTML and Markdown do: what is being done, why, who, by when, and the
/// update's date; an item with none says when it was last updated.
#[test]
fn an_exception_in_the_paper_says_what_is_being_done_and_when_it_was_said() {
    let f = super::recovery::plan();
    let plan = f.path().to_string_lossy().into_owned();
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, docx) = paper(dir.path(), &["--plan", &plan, "--as-of", "2026-02-26"]);
    let words = docx.xml("word/document.xml").words();
    for said in [
        "Action",
        "Draft framework out for sign-off",
        "Cause",
        "Regional lead post vacant",
        "Owner",
        "Head of Safeguarding",
        "Revised date",
        "June 2026",
        "As updated on 31 Jan 2026",
        "No update since 31 Oct 2023",
        "not named",
    ] {
        assert!(words.contains(said), "{said} in the paper");
    }
}

/// Since the last board, the paper's scorecard gives each row's rating
/// then, as the HTML pack's column does, and lists new figures in an
/// appendix (issue 21).
#[test]
fn the_paper_since_the_last_board_gives_each_ratings_then() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, docx) = paper(
        dir.path(),
        &[
            "--plan",
            "data",
            "--as-of",
            "2026-02-26",
            "--since",
            "2023-10-31",
        ],
    );
    let words = docx.xml("word/document.xml").words();
    assert!(
        words.contains("at the last board: GREEN · on track"),
        "was green"
    );
    assert!(words.contains("the same at the last board"));
    assert!(words.contains("Appendix: new figures since 31 Oct 2023"));
    assert!(words.contains("80.7% (2022/23) → 75.9% (2024/25): down, not tested"));
}
