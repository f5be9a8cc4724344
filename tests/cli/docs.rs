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

/// `src` with the text of strings, chars and comments blanked (line
/// breaks kept), so that braces are only the code's.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |k| i + k);
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'r'
            && matches!(b.get(i + 1), Some(b'"' | b'#'))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            let open = i + 1 + hashes;
            if b.get(open) != Some(&b'"') {
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let end = b[open + 1..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |k| open + 1 + k + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            blank(&mut out, i, i + 3);
            i += 3;
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            let end = b[i + 2..]
                .iter()
                .position(|&c| c == b'\'')
                .map_or(b.len(), |k| i + 3 + k);
            blank(&mut out, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Issue 19: no production function over 100 lines, so each reads on a
/// screen or two. Test modules (`#[cfg(test)]` and `tests.rs`) are left
/// out; `scripts/fn-lengths.py` lists the longest.
#[test]
fn no_production_function_is_over_100_lines() {
    let mut long = Vec::new();
    let mut files = vec![super::root().join("src")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("src folder") {
                files.push(entry.expect("entry").path());
            }
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.ends_with(".rs") || name == "tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        let masked = code_only(&text);
        let lines: Vec<&str> = masked.lines().collect();
        let end = lines
            .windows(2)
            .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].contains("mod "))
            .unwrap_or(lines.len());
        for start in 0..end {
            let words: Vec<&str> = lines[start].split_whitespace().collect();
            let Some(at) = words.iter().position(|w| *w == "fn") else {
                continue;
            };
            if !words[..at].iter().all(|w| {
                w.starts_with("pub") || matches!(*w, "const" | "async" | "unsafe" | "extern")
            }) {
                continue;
            }
            let (mut depth, mut started) = (0i32, false);
            for (k, line) in lines[start..end].iter().enumerate() {
                for c in line.chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            started = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if !started && line.trim_end().ends_with(';') {
                    break;
                }
                if started && depth <= 0 {
                    if k + 1 > 100 {
                        long.push(format!(
                            "{}:{} ({} lines)",
                            path.display(),
                            start + 1,
                            k + 1
                        ));
                    }
                    break;
                }
            }
        }
    }
    assert!(long.is_empty(), "functions over 100 lines: {long:#?}");
}
