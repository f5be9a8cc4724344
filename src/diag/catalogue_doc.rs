//! docs/errors.md, written from the catalogue: a section per code with its
//! severity, title and explanation, and for an example the stderr of its
//! case in `tests/errors/`. The test below keeps the file in step; with
//! `CFP_UPDATE_DOCS=1` it rewrites it.

use std::fmt::Write as _;
use std::path::Path;

use super::{Code, Severity, SHOWN_PER_CODE};

/// The text docs/errors.md should hold, with the examples read from the
/// cases under `root`'s `tests/errors/`.
fn render(root: &Path) -> String {
    let mut out = String::new();
    out.push_str(concat!(
        "# Errors and warnings\n\n",
        "<!-- Written from the catalogue in src/diag/codes.rs by a test; edit the\n",
        "catalogue or a case in tests/errors/, then rewrite this file with\n",
        "CFP_UPDATE_DOCS=1 cargo test --lib errors_md. -->\n\n",
        "Every problem cfp finds in a plan or its data is reported with its\n",
        "place, all at once, and names its kind in brackets, as rustc's errors\n",
        "do:\n\n",
        "```text\n",
        "cfp: error[duplicate-id]: cfp.toml:22:6: duplicate id `gld`\n",
        "```\n\n",
        "The name is stable: a script reading `cfp check --format json` finds\n",
        "it as `code` (docs/json.md). An error makes the run exit 2 after every\n",
        "problem is said; a warning is said and the run goes on.\n",
    ));
    let _ = write!(
        out,
        "After {SHOWN_PER_CODE} problems of one kind the rest are counted, not printed\n\
         (`cfp: error[not-a-number]: and 999,900 more like it`).\n\n"
    );
    out.push_str(concat!(
        "Each section gives what the problem is, why and the usual remedy, and\n",
        "an example: what cfp prints for the case in `tests/errors/<code>/`\n",
        "(a plan and its data, run by the test suite), its folder shown as\n",
        "`[DIR]`.\n\n",
        "| code | severity | problem |\n",
        "| --- | --- | --- |\n",
    ));
    for &code in Code::ALL {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} |",
            code.name(),
            code.severity().name(),
            code.title()
        );
    }
    for &code in Code::ALL {
        section(&mut out, root, code);
    }
    out
}

fn section(out: &mut String, root: &Path, code: Code) {
    let name = code.name();
    let severity = match code.severity() {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    };
    let _ = write!(
        out,
        "\n## `{name}`\n\n**{severity}**: {}.\n\n{}\n\n",
        code.title(),
        wrapped(code.explanation())
    );
    let case = root.join("tests/errors").join(name);
    let args = std::fs::read_to_string(case.join("args")).unwrap_or_else(|_| "check".into());
    match std::fs::read_to_string(case.join("expected.stderr")) {
        Ok(stderr) => {
            let _ = write!(
                out,
                "`cfp {}` in [tests/errors/{name}](../tests/errors/{name}):\n\n```text\n{}\n```\n",
                args.trim(),
                stderr.trim_end()
            );
        }
        Err(_) => {
            let _ = writeln!(out, "No example yet: add tests/errors/{name}/.");
        }
    }
}

/// A paragraph wrapped at 72 columns, for a readable diff.
fn wrapped(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 72 {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

#[test]
fn errors_md_is_written_from_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("docs/errors.md");
    let want = render(root);
    if std::env::var_os("CFP_UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).expect("write docs/errors.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        let (n, (had, wanted)) = have
            .lines()
            .chain(std::iter::repeat(""))
            .zip(want.lines().chain(std::iter::repeat("")))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, ("", "")));
        panic!(
            "docs/errors.md is not what the catalogue (src/diag/codes.rs) and the cases \
             (tests/errors/) say; rewrite it with CFP_UPDATE_DOCS=1 cargo test --lib errors_md \
             and read the diff.\nFirst difference, line {}:\n  file:      {had}\n  \
             catalogue: {wanted}",
            n + 1
        );
    }
}

#[test]
fn paragraphs_wrap_at_words() {
    assert_eq!(wrapped("a b"), "a b");
    let long = "word ".repeat(30);
    assert!(wrapped(&long).lines().all(|l| l.chars().count() <= 72));
}
