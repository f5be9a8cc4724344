//! How a measurements file is stored, and how one source read it: enough
//! to read a row of it again.

use std::path::{Path, PathBuf};

/// How a file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Csv,
    GzipCsv,
    Spreadsheet,
}

impl Kind {
    pub(super) fn of(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".gz") {
            Self::GzipCsv
        } else if [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            Self::Spreadsheet
        } else {
            Self::Csv
        }
    }
}

/// One file as one source read it, so that a row's origin can be read
/// again (to say how two conflicting rows differ).
#[derive(Debug, Clone)]
pub(super) struct FileReading {
    pub path: PathBuf,
    pub kind: Kind,
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    /// The headers the mapping reads, lower case with dots as spaces.
    pub used: Vec<String>,
}
