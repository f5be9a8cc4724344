//! Finding `cfp.toml`, following its `include` globs, and validating the
//! whole plan, with every problem gathered and located.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use toml::Spanned;

use super::check::Checker;
use super::raw;
use super::Plan;
use crate::diag::{Diagnostic, Diagnostics, Invalid, Location};

pub const PLAN_FILE: &str = "cfp.toml";

/// A plan file as read, kept so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// Finds `cfp.toml`: the given folder or file, else by walking up from
/// `cwd` as cargo finds `Cargo.toml`.
pub fn find_plan_file(given: Option<&Path>, cwd: &Path) -> anyhow::Result<PathBuf> {
    if let Some(path) = given {
        if path.is_dir() {
            let file = path.join(PLAN_FILE);
            if file.is_file() {
                return Ok(file);
            }
            bail!("{} has no {PLAN_FILE}", path.display());
        }
        if path.is_file() {
            return Ok(path.to_path_buf());
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

/// Reads and validates the plan whose main file is `path`. On success the
/// warnings come back beside the plan.
pub fn load_file(path: &Path) -> anyhow::Result<(Plan, Vec<Diagnostic>)> {
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read plan {}", path.display()))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let loc = Location::in_text(path, &lossy, at..at + 1);
            let d = Diagnostic::error(Some(loc), "the plan is not UTF-8 text")
                .with_help("save cfp.toml as UTF-8");
            return Err(Invalid(vec![d]).into());
        }
    };
    let root = SourceFile {
        path: path.to_path_buf(),
        text,
    };
    Ok(load(root, &read_includes)?)
}

fn read_includes(pattern: &Path) -> Result<Vec<SourceFile>, String> {
    let pattern_text = pattern.to_string_lossy();
    let paths = glob::glob(&pattern_text).map_err(|e| format!("bad include pattern: {e}"))?;
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| e.to_string())?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push(SourceFile { path, text });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Validates a plan from its main file, reading includes through `include`
/// (a glob, already joined to the plan's folder, to the files it matches).
pub fn load(
    root: SourceFile,
    include: &dyn Fn(&Path) -> Result<Vec<SourceFile>, String>,
) -> Result<(Plan, Vec<Diagnostic>), Invalid> {
    let mut cx = Checker {
        files: vec![root],
        diags: Diagnostics::default(),
    };
    let Some(main) = cx.parse(0) else {
        return Err(Invalid(cx.diags.items));
    };
    let mut parsed = vec![(0usize, main)];
    let root_dir = cx.files[0]
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let patterns = parsed[0].1.include.take();
    for pattern in patterns.map(Spanned::into_inner).unwrap_or_default() {
        match include(&root_dir.join(pattern.get_ref())) {
            Err(message) => cx.err(0, pattern.span(), message),
            Ok(found) if found.is_empty() => cx.warn(
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
    let plan = cx.build(root_dir, parsed);
    let diags = cx.diags;
    let warnings = diags.into_result()?;
    Ok((plan.ok_or_else(|| Invalid(Vec::new()))?, warnings))
}

impl Checker {
    pub(super) fn parse(&mut self, file: usize) -> Option<raw::File> {
        match toml::from_str::<raw::File>(&self.files[file].text) {
            Ok(f) => Some(f),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().to_string();
                self.err(file, span, message);
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
                    file,
                    span,
                    format!("{what} belongs in {PLAN_FILE}, not in an included file"),
                );
            }
        }
    }
}

/// Whether two paths name the same file, however they are spelt.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
