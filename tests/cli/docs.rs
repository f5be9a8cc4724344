//! The transcripts in `docs/` are real: every ```console block of
//! docs/sources.md is one or more `$ cfp ...` commands, each followed by
//! exactly what cfp prints (stdout, then stderr) when run from the
//! repository root, and `$ echo $?` by its exit code.

use super::root;

/// Trailing whitespace on each line, and trailing blank lines, are not
/// part of a transcript.
fn normal(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

/// What a transcript may hold besides `$ cfp ...` commands.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// Nothing: every command is checked (docs/).
    Refused,
    /// Other commands, pipes and redirects, shown but not checked (the
    /// examples' READMEs, which show a shell session).
    Skipped,
}

/// Runs every transcript in one document (a path from the repository
/// root); how many commands it checked.
pub fn check_transcripts(doc: &str, shell: Shell) -> usize {
    let text = std::fs::read_to_string(root().join(doc)).expect("the document");
    let mut checked = 0;
    for (n, block) in text.split("```console\n").skip(1).enumerate() {
        let block = block.split("\n```").next().unwrap_or("");
        assert!(
            shell == Shell::Skipped || block.starts_with("$ cfp "),
            "{doc}: console block {} does not start with `$ cfp `:\n{block}",
            n + 1
        );
        let mut last_code: Option<i32> = None;
        let mut lines = block.lines().peekable();
        while let Some(line) = lines.next() {
            let mut shown = Vec::new();
            while let Some(next) = lines.peek() {
                if next.starts_with("$ ") {
                    break;
                }
                shown.push(*next);
                lines.next();
            }
            if line == "$ echo $?" {
                let code = match (last_code, shell) {
                    (Some(code), _) => code,
                    (None, Shell::Skipped) => continue,
                    (None, Shell::Refused) => panic!("{doc}: `$ echo $?` follows no cfp command"),
                };
                assert_eq!(
                    normal(&shown.join("\n")),
                    code.to_string(),
                    "{doc}: exit code"
                );
                continue;
            }
            let needs_shell = |c: &str| c.contains(['|', '>', '<', '\'', '"']);
            let command = match (line.strip_prefix("$ cfp "), shell) {
                (Some(c), Shell::Skipped) if needs_shell(c) => {
                    last_code = None;
                    continue;
                }
                (Some(c), _) => c,
                (None, Shell::Skipped) => {
                    last_code = None;
                    continue;
                }
                (None, Shell::Refused) => panic!("{doc}: a transcript runs cfp, not `{line}`"),
            };
            assert!(
                !needs_shell(command),
                "{doc}: `{command}` needs a shell; a transcript's arguments are split on spaces"
            );
            let args: Vec<&str> = command.split_whitespace().collect();
            let out = super::cfp()
                .env("COLUMNS", "100")
                .args(&args)
                .output()
                .expect("runs");
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                normal(&printed),
                normal(&shown.join("\n")),
                "{doc}: $ cfp {command}"
            );
            last_code = out.status.code();
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_sources_guide_transcripts_are_true() {
    let checked = check_transcripts("docs/sources.md", Shell::Refused);
    assert!(checked >= 8, "{checked} transcripts checked");
}
