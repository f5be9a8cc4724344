//! Behaviour through the real binary. One test binary, modules by topic.

mod areas;
mod attack;
mod charts;
mod commands;
mod data;
mod docs;
mod docx;
mod ecosystem;
mod errors;
mod examples;
mod fetch;
mod gate;
mod grades;
mod groups;
mod hostile;
mod includes;
mod inspect;
mod ons;
mod output;
mod publishers;
mod ratings;
mod recovery;
mod report;
mod scale;
mod seams;
mod shapes;
mod show;
mod sources;
mod spelling;
mod windows;
mod words;
mod workbook_standard;
mod workbooks;
mod writes;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root, where `data/`, `examples/` and `tests/` live.
/// Text with every run of spaces and line breaks one space: prose a
/// terminal view wraps, compared word for word.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `cfp` with no colour and a clean environment, run from the repo root.
pub fn cfp() -> Command {
    let mut cmd = Command::cargo_bin("cfp").expect("the cfp binary builds");
    cmd.current_dir(root())
        .env_remove("CFP_PLAN")
        .env_remove("CFP_AS_OF")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = cfp()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("cfp runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// axe-core's findings on an HTML page, as `tests/browser/axe.mjs` gives
/// them in headless Chromium (at a desktop width and at 390 px): whether
/// the script ran, and its report (`...; 0 problems` when clean).
pub fn axe(page: &Path) -> (bool, String) {
    let out = Command::new("node")
        .arg(root().join("tests/browser/axe.mjs"))
        .arg(page)
        .env("CHROMIUM", "/usr/bin/chromium")
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), report)
}

/// Reads CSV output into a header and rows of cells.
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("a header row")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            rec.expect("a valid CSV record")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect();
    (header, rows)
}

/// One row of CSV output, by column name.
pub type Row = std::collections::HashMap<String, String>;

/// `cfp status --format csv` for a plan as of a date, as rows keyed by
/// column name: the step many tests share.
pub fn status_rows(plan: &str, as_of: &str) -> Vec<Row> {
    let out = run(&[
        "status", "--plan", plan, "--as-of", as_of, "--format", "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    keyed(&out.stdout)
}

/// CSV output as rows keyed by column name.
pub fn keyed(csv: &str) -> Vec<Row> {
    let (header, rows) = parse_csv(csv);
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// The row for `id`.
pub fn row_of<'a>(rows: &'a [Row], id: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row for {id}"))
}

/// A fixture's text edited: `text.edit(from, to)` is `text.replace(from,
/// to)`, but fails the test when `from` is not in `text`. A fixture that
/// drifts from an edit's anchor would otherwise be run unedited, and the
/// test pass while testing nothing it says.
pub trait Edit {
    fn edit(&self, from: &str, to: &str) -> String;
}

impl Edit for str {
    #[track_caller]
    fn edit(&self, from: &str, to: &str) -> String {
        assert!(
            self.contains(from),
            "the fixture edit's anchor {from:?} is not in the text, so the edit would change \
             nothing:\n{self}"
        );
        self.replace(from, to)
    }
}

/// A plan written to a temporary folder, for one test.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new(plan: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("cfp.toml"), plan).expect("write cfp.toml");
        Self { dir }
    }

    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(path, contents).expect("write fixture file");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs cfp in the fixture's folder (so the plan is found by walking up).
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}
