//! What the fuzz targets share: a fixed folder per process under /tmp, the
//! fixed plans the CSV is read with, and the checks every diagnostic must
//! pass.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cfp::diag::{Diagnostic, Diagnostics};
use cfp::measure::Reading;
use cfp::plan::Plan;
use chrono::NaiveDate;

/// The date the pipeline rates as of (the ratings fixture's date).
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("a real date")
}

/// One folder per target and process, made once: no churn of temp dirs, and
/// parallel jobs do not share files. `fuzz/run.sh` removes them afterwards.
pub fn workdir(target: &str) -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cfp-fuzz-{target}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the fuzz folder");
        dir
    })
}

/// Writes `bytes` to `path`, replacing what was there.
pub fn put(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write the fuzz input");
}

/// The plans the CSV is read with (fuzz/plans/NAME/cfp.toml, each naming
/// `m.csv` beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// cfp's own columns, and a plan with every kind of rating.
    Own,
    /// `preset = "fingertips"`.
    Fingertips,
    /// `preset = "ees"`.
    Ees,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Self::Own, Self::Fingertips, Self::Ees];

    /// The layout a file's first line asks for, so that the real exports in
    /// the seed corpus are read through their preset without a selector
    /// byte.
    pub fn sniff(bytes: &[u8]) -> Self {
        let first = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
        let has = |needle: &[u8]| first.windows(needle.len()).any(|w| w == needle);
        if has(b"Indicator ID") || has(b"Indicator.ID") {
            Self::Fingertips
        } else if has(b"time_identifier") {
            Self::Ees
        } else {
            Self::Own
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Own => "own",
            Self::Fingertips => "fingertips",
            Self::Ees => "ees",
        }
    }

    /// The plan's text (`cfp.toml`), reading `m.csv`.
    pub fn text(self) -> &'static str {
        match self {
            Self::Own => include_str!("../plans/own/cfp.toml"),
            Self::Fingertips => include_str!("../plans/fingertips/cfp.toml"),
            Self::Ees => include_str!("../plans/ees/cfp.toml"),
        }
    }
}

/// A fixed plan, loaded once per process, and the path of the measurements
/// file it reads.
pub struct Fixed {
    pub plan: Plan,
    pub csv: PathBuf,
}

/// The plan for `layout`, written under the target's folder and loaded
/// with `plan::load_file` on first use.
pub fn fixed(target: &str, layout: Layout) -> &'static Fixed {
    static PLANS: OnceLock<Vec<Fixed>> = OnceLock::new();
    let plans = PLANS.get_or_init(|| {
        Layout::ALL
            .iter()
            .map(|&l| {
                let dir = workdir(target).join(l.name());
                std::fs::create_dir_all(&dir).expect("create the plan folder");
                let toml = dir.join("cfp.toml");
                put(&toml, l.text().as_bytes());
                let csv = dir.join("m.csv");
                put(&csv, b"id,period,value\n");
                let (plan, warnings) = match cfp::plan::load_file(&toml) {
                    Ok(loaded) => loaded,
                    Err(e) => panic!("the fixed {} plan does not load: {e:#}", l.name()),
                };
                assert!(
                    warnings.is_empty(),
                    "the fixed {} plan has warnings: {warnings:?}",
                    l.name()
                );
                Fixed { plan, csv }
            })
            .collect()
    });
    &plans[Layout::ALL
        .iter()
        .position(|&l| l == layout)
        .expect("a layout")]
}

/// Writes `bytes` as the plan's measurements file and reads it.
pub fn read(fixed: &Fixed, bytes: &[u8]) -> Reading {
    put(&fixed.csv, bytes);
    cfp::measure::read(&fixed.plan)
}

/// Every diagnostic says something; every located one points at a real line
/// and column; and each prints (the caret arithmetic uses the column).
pub fn check_diagnostic(d: &Diagnostic) {
    assert!(
        !d.message.trim().is_empty() || d.location.is_some(),
        "a diagnostic with neither a message nor a location: {d:?}"
    );
    assert!(!d.message.trim().is_empty(), "an empty message: {d:?}");
    if let Some(loc) = &d.location {
        assert!(loc.line >= 1 && loc.column >= 1, "line or column 0: {d:?}");
    }
    let shown = d.to_string();
    assert!(!shown.is_empty());
}

pub fn check_diagnostics(diags: &Diagnostics) {
    for d in &diags.items {
        check_diagnostic(d);
    }
}

/// JSON output must parse.
pub fn check_json(bytes: &[u8], what: &str) {
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(bytes) {
        panic!(
            "{what}: invalid JSON ({e}):\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}
