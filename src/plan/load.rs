//! Finding `cfp.toml`, following its `include` globs, and validating the
//! whole plan, with every problem gathered and located.
//!
//! A plan may come from an untrusted branch, so what it can make cfp read
//! is bounded: includes are regular `.toml` files under the plan's folder
//! (a symlink is followed and must stay inside), each plan file is checked
//! to be a regular file before it is opened (a FIFO would hang, a device
//! never end) and read up to [`MAX_PLAN_BYTES`]; a file refused is named,
//! never quoted.

use std::io::Read as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use anyhow::bail;
use toml::Spanned;

use super::check::{Checker, SourceFile};
use super::raw;
use super::Plan;
use crate::diag::{Code, Diagnostic, Diagnostics, Invalid, Location};

pub(super) const PLAN_FILE: &str = "cfp.toml";

/// The most a plan file may hold: far beyond any real plan (the seed plan
/// is a few KiB), and a bound on what a hostile include can make cfp read.
pub(super) const MAX_PLAN_BYTES: u64 = 64 * 1024 * 1024;

/// Finds `cfp.toml`: the given folder or file, else by walking up from
/// `cwd` as cargo finds `Cargo.toml`.
pub fn find_plan_file(given: Option<&Path>, cwd: &Path) -> anyhow::Result<PathBuf> {
    if let Some(path) = given {
        if path.is_dir() {
            let file = path.join(PLAN_FILE);
            if file.is_file() {
                return Ok(file);
            }
            if let Some(kind) = not_regular(&file) {
                bail!("{} is {kind}, not a regular file", file.display());
            }
            bail!("{} has no {PLAN_FILE}", path.display());
        }
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        if let Some(kind) = not_regular(path) {
            bail!("{} is {kind}, not a regular file", path.display());
        }
        bail!("no plan at {}: no such file or folder", path.display());
    }
    for dir in cwd.ancestors() {
        let file = dir.join(PLAN_FILE);
        if file.is_file() {
            return Ok(file);
        }
    }
    bail!(
        "no {PLAN_FILE} in {} or any folder above it; name one with --plan DIR or $CFP_PLAN",
        cwd.display()
    )
}

/// Why a plan file (the main one, or an include) was not read: the kind of
/// problem, for the diagnostic an include's gives, and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub code: Code,
    pub message: String,
}

impl Refused {
    fn new(code: Code, message: String) -> Self {
        Self { code, message }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads and validates the plan whose main file is `path`. On success the
/// warnings come back beside the plan.
pub fn load_file(path: &Path) -> anyhow::Result<(Plan, Vec<Diagnostic>)> {
    let (plan, diags) = load_file_lenient(path)?;
    let warnings = diags.into_result()?;
    Ok((plan.ok_or_else(|| Invalid(Vec::new()))?, warnings))
}

/// Like [`load_file`], keeping what could be built of an invalid plan.
pub fn load_file_lenient(path: &Path) -> anyhow::Result<(Option<Plan>, Diagnostics)> {
    let bytes = read_plan_file(path).map_err(|e| anyhow::anyhow!("cannot read plan: {e}"))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let loc = Location::in_text(path, &lossy, at..at + 1);
            let d = Diagnostic::error(Code::NotUtf8, Some(loc), "the plan is not UTF-8 text")
                .with_help("save cfp.toml as UTF-8");
            return Ok((None, Diagnostics::from(vec![d])));
        }
    };
    let root = SourceFile {
        path: path.to_path_buf(),
        text,
    };
    let folder = path.parent().unwrap_or(Path::new(""));
    Ok(load_lenient(root, &|pattern| {
        read_includes(folder, pattern)
    }))
}

/// A glob for `pattern` (relative, with `..` steps resolved) under the
/// folder `base`, whose own name is escaped: a council's shared drive
/// holds folders such as `Board papers [2025]`, and their brackets are
/// not a pattern.
pub(crate) fn glob_under(base: &Path, pattern: &str) -> String {
    let mut parts: Vec<String> = base
        .components()
        .map(|c| glob::Pattern::escape(&c.as_os_str().to_string_lossy()))
        .collect();
    for step in Path::new(pattern).components() {
        match step {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") && parts.len() > 1 {
                    parts.pop();
                } else {
                    parts.push("..".into());
                }
            }
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let mut out = PathBuf::new();
    for p in &parts {
        out.push(p);
    }
    out.to_string_lossy().into_owned()
}

/// The files an include glob (joined to `folder`, the plan's) matches, in
/// path order, each a plan file under `folder`.
fn read_includes(folder: &Path, pattern: &Path) -> Result<Vec<SourceFile>, Refused> {
    // The folder's own name is not a pattern (`Board papers [2025]`).
    let pattern_text = match pattern.strip_prefix(folder) {
        Ok(rel) if !folder.as_os_str().is_empty() => glob_under(folder, &rel.to_string_lossy()),
        _ => pattern.to_string_lossy().into_owned(),
    };
    // The pattern as the plan writes it is checked first, so that a syntax
    // error's position is in it, not in the joined path.
    let written = pattern.strip_prefix(folder).unwrap_or(pattern);
    let paths = glob::Pattern::new(&written.to_string_lossy())
        .and_then(|_| glob::glob(&pattern_text))
        .map_err(|e| Refused::new(Code::BadPattern, format!("bad include pattern: {e}")))?;
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let cannot_read = |message: String| Refused::new(Code::CannotRead, message);
    let folder = folder.canonicalize().map_err(|e| {
        cannot_read(format!(
            "cannot resolve the plan's folder {}: {e}",
            folder.display()
        ))
    })?;
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| cannot_read(e.to_string()))?;
        let real = path
            .canonicalize()
            .map_err(|e| cannot_read(format!("cannot read {}: {e}", path.display())))?;
        if !real.starts_with(&folder) {
            return Err(Refused::new(
                Code::BadInclude,
                format!(
                    "{} is outside the plan's folder ({}): an include is a plan file under it",
                    path.display(),
                    real.display()
                ),
            ));
        }
        let bytes = read_plan_file(&path).map_err(|e| Refused {
            message: format!("cannot include {e}"),
            ..e
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Refused::new(
                Code::NotUtf8,
                format!("cannot include {}: it is not UTF-8 text", path.display()),
            )
        })?;
        files.push(SourceFile { path, text });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Reads a plan file: a `.toml` file (what a symlink leads to, so a
/// `cfp.toml` linked to `/proc/self/environ` is none), checked to be a
/// regular file before it is opened (so a FIFO is never opened, nor a device
/// read), of at most [`MAX_PLAN_BYTES`]. The error names the file and never
/// quotes it.
fn read_plan_file(path: &Path) -> Result<Vec<u8>, Refused> {
    let io = |e: std::io::Error| Refused::new(Code::CannotRead, format!("{}: {e}", path.display()));
    let real = path.canonicalize().map_err(io)?;
    if real.extension().is_none_or(|e| e != "toml") {
        return Err(Refused::new(
            Code::BadInclude,
            format!(
                "{}: it is not a plan file (plan files are `.toml`)",
                path.display()
            ),
        ));
    }
    let regular = |meta: &std::fs::Metadata| {
        if meta.is_file() {
            Ok(())
        } else {
            Err(Refused::new(
                Code::NotAFile,
                format!(
                    "{}: it is {}, not a regular file",
                    path.display(),
                    crate::diag::file_kind(meta)
                ),
            ))
        }
    };
    regular(&std::fs::metadata(&real).map_err(io)?)?;
    let file = std::fs::File::open(&real).map_err(io)?;
    // Again on what was opened, in case the path changed in between.
    regular(&file.metadata().map_err(io)?)?;
    let mut bytes = Vec::new();
    file.take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(Refused::new(
            Code::BadInclude,
            format!(
                "{}: it is larger than {} MiB, too large for a plan file",
                path.display(),
                MAX_PLAN_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// What `path` is when it exists and is neither a regular file nor a folder.
fn not_regular(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    (!meta.is_file() && !meta.is_dir()).then(|| crate::diag::file_kind(&meta))
}

/// Validates a plan from its main file, reading includes through `include`
/// (a glob, already joined to the plan's folder, to the files it matches).
pub fn load(
    root: SourceFile,
    include: &dyn Fn(&Path) -> Result<Vec<SourceFile>, Refused>,
) -> Result<(Plan, Vec<Diagnostic>), Invalid> {
    let (plan, diags) = load_lenient(root, include);
    let warnings = diags.into_result()?;
    Ok((plan.ok_or_else(|| Invalid(Vec::new()))?, warnings))
}

/// Like [`load`], but keeps what could be built of an invalid plan, so
/// that its data can be checked in the same run and every problem said at
/// once.
pub fn load_lenient(
    root: SourceFile,
    include: &dyn Fn(&Path) -> Result<Vec<SourceFile>, Refused>,
) -> (Option<Plan>, Diagnostics) {
    let mut cx = Checker {
        files: vec![root],
        diags: Diagnostics::default(),
    };
    let Some(main) = cx.parse(0) else {
        return (None, cx.diags);
    };
    let mut parsed = vec![(0usize, main)];
    let root_dir = cx.files[0]
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let patterns = parsed[0].1.include.take();
    for pattern in patterns.map(Spanned::into_inner).unwrap_or_default() {
        let leaves = Path::new(pattern.get_ref())
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if leaves {
            cx.err_help(
                Code::BadInclude,
                0,
                pattern.span(),
                format!("include `{}` leaves the plan's folder", pattern.get_ref()),
                Some(format!(
                    "an include is a path or glob under the folder of {PLAN_FILE}, \
                     such as \"priorities/*.toml\""
                )),
            );
            continue;
        }
        match include(&root_dir.join(pattern.get_ref())) {
            Err(refused) => cx.err(refused.code, 0, pattern.span(), refused.message),
            Ok(found) if found.is_empty() => cx.warn(
                Code::MatchesNoFile,
                0,
                pattern.span(),
                format!("include `{}` matches no file", pattern.get_ref()),
            ),
            Ok(found) => {
                for file in found {
                    if same_file(&file.path, &cx.files[0].path) {
                        continue;
                    }
                    cx.files.push(file);
                    let index = cx.files.len() - 1;
                    if let Some(f) = cx.parse(index) {
                        cx.only_in_main(index, &f);
                        parsed.push((index, f));
                    }
                }
            }
        }
    }
    let plan = cx.build(root_dir, parsed).map(|mut plan| {
        plan.files = cx.files.iter().map(|f| f.path.clone()).collect();
        plan
    });
    (plan, cx.diags)
}

impl Checker {
    pub(super) fn parse(&mut self, file: usize) -> Option<raw::File> {
        let text = &self.files[file].text;
        let parsed = match super::pieces::parse(text) {
            Some(f) => Ok(f),
            None => toml::from_str::<raw::File>(text),
        };
        match parsed {
            Ok(f) => Some(f),
            Err(e) => {
                let message = e.message().trim().to_string();
                // toml refuses a key path of 80 or more keys with no span:
                // find the key itself.
                let span = e
                    .span()
                    .or_else(|| {
                        (message == "recursion limit")
                            .then(|| deepest_key(&self.files[file].text))
                            .flatten()
                    })
                    .unwrap_or(0..0);
                let help = (message == "recursion limit").then(|| {
                    "a key or table header of 80 or more dotted keys is too deep to read".into()
                });
                self.err_help(toml_code(&message), file, span, message, help);
                None
            }
        }
    }

    pub(super) fn only_in_main(&mut self, file: usize, f: &raw::File) {
        let misplaced = [
            ("include", f.include.as_ref().map(Spanned::span)),
            ("[plan]", f.plan.as_ref().map(Spanned::span)),
            ("[defaults]", f.defaults.as_ref().map(Spanned::span)),
            ("[measurements]", f.measurements.as_ref().map(Spanned::span)),
        ];
        for (what, span) in misplaced {
            if let Some(span) = span {
                self.err(
                    Code::MainFileOnly,
                    file,
                    span,
                    format!("{what} belongs in {PLAN_FILE}, not in an included file"),
                );
            }
        }
    }
}

/// The kind of problem a TOML reader's message names: serde's words for a
/// key the table does not take, lacks or holds the wrong kind of value in;
/// anything else is the text's own syntax.
fn toml_code(message: &str) -> Code {
    if message.starts_with("unknown field") {
        Code::UnknownField
    } else if message.starts_with("missing field") {
        Code::MissingField
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        Code::WrongType
    } else {
        Code::TomlSyntax
    }
}

/// The span of the key with the most dotted parts, in a table header
/// (`[a.b.c]`, `[[a.b]]`) or before a `=`: where a path too deep for toml
/// is. `None` when no line has a dotted key.
fn deepest_key(text: &str) -> Option<Range<usize>> {
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let body = &line[indent..];
        let (key_at, key) = match body.strip_prefix("[[").or_else(|| body.strip_prefix('[')) {
            Some(rest) => (indent + body.len() - rest.len(), rest.split(']').next()),
            None => (
                indent,
                body.split('=').next().filter(|_| body.contains('=')),
            ),
        };
        if let Some(key) = key {
            let lead = key.len() - key.trim_start().len();
            let key = key.trim();
            let parts = key_parts(key);
            if parts > 1 && best.as_ref().is_none_or(|(n, _)| parts > *n) {
                let at = start + key_at + lead;
                best = Some((parts, at..at + key.len()));
            }
        }
        start += line.len();
    }
    best.map(|(_, span)| span)
}

/// How many keys a dotted key has: its dots outside quotes, plus one.
fn key_parts(key: &str) -> usize {
    let mut quote = None;
    let mut parts = 1;
    for c in key.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '.') => parts += 1,
            _ => {}
        }
    }
    parts
}

/// Whether two paths name the same file, however they are spelt.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_key_is_found_in_headers_and_before_an_equals() {
        let text = "a.b = 1\n[ x.\"y.z\".w ]\n  p.q.r.s = 2\n";
        assert_eq!(deepest_key(text), Some(24..31));
        assert_eq!(&text[24..31], "p.q.r.s");
        assert_eq!(key_parts("x.\"y.z\".w"), 3);
        assert_eq!(deepest_key("[plan]\ntitle = \"a.b.c\"\n"), None);
    }
}
