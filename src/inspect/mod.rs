//! `cfp inspect`: what a published file holds, before a plan reads it. A
//! newcomer's first question about a download is "what do I write in
//! cfp.toml to read this?"; this answers it from the file alone: its
//! sheets, the table's headers exactly as spelt, what each column holds,
//! and a `[[measurements.source]]` to paste. No plan is needed.
//!
//! The file is read by `measure::inspect` (the loader's own guarded
//! reading); the columns are profiled by [`profile`] and the stanza made by
//! [`stanza`], both pure, from the cells alone.

pub mod profile;
pub mod stanza;

use std::path::Path;

use serde::Serialize;

use crate::measure::inspect::{self as read, Layout, Opened, Sink};
pub use profile::{Column, Counts, Kind, ValueCount};

/// Values shown per column unless `--values` says.
pub const VALUES: usize = 5;

/// Everything `cfp inspect` says about a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspection {
    /// The file as named on the command line.
    pub file: String,
    /// `csv`, `gzipped csv` or `workbook`.
    pub format: &'static str,
    /// A workbook's sheets, in order (none for a CSV).
    pub sheets: Vec<Sheet>,
    /// The table inspected; none when no sheet of a workbook holds one.
    pub table: Option<Table>,
    /// The suggested `[[measurements.source]]`, as TOML.
    pub stanza: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// Its table's header row and size; none when it holds no table.
    pub table: Option<Size>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Size {
    /// The header's row as the spreadsheet numbers it (a CSV's: its line).
    pub header_row: u32,
    pub rows: u64,
    pub columns: usize,
}

/// How the inspected sheet was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// A CSV has one table.
    Only,
    /// `--sheet` named it.
    Named,
    /// The first visible sheet with a table that is no cover, contents
    /// or notes sheet.
    First,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    pub chosen: Choice,
    #[serde(flatten)]
    pub size: Size,
    /// Rows with fewer cells than the header (Fingertips writes such
    /// rows): the Fingertips preset reads their missing cells as empty,
    /// other sources refuse them.
    pub short_rows: u64,
    /// Rows with a filled cell beyond the header (an unquoted comma in a
    /// note, most often), which `cfp check` refuses.
    pub long_rows: u64,
    pub columns: Vec<Column>,
}

/// Why a file cannot be inspected: its name, what is wrong, and a remedy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub file: String,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot inspect {}: {}", self.file, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Refusal {}

/// Collects the table's columns as its rows are read.
#[derive(Default)]
struct Collector {
    profile: Option<profile::Profile>,
    width: usize,
    short_rows: u64,
    long_rows: u64,
    /// A Fingertips export's id and name columns, and the name first met
    /// with each id (at most [`NAMED_IDS`]).
    id_and_name: Option<(usize, usize)>,
    names: Vec<(String, String)>,
}

/// Indicator ids whose names are kept: a stanza lists twenty.
const NAMED_IDS: usize = 100;

impl Sink for Collector {
    fn header(&mut self, names: &[String]) {
        self.profile = Some(profile::Profile::new(names));
        self.width = names.len();
        let at = |want: &str| {
            names
                .iter()
                .position(|n| crate::measure::normal_header(n, true) == want)
        };
        self.id_and_name = at("indicator id").zip(at("indicator name"));
    }

    fn row(&mut self, cells: &[&str]) {
        if cells.len() < self.width {
            self.short_rows += 1;
        } else if cells[self.width..].iter().any(|c| !c.trim().is_empty()) {
            self.long_rows += 1;
        }
        if let Some(p) = &mut self.profile {
            p.add(cells);
        }
        if let Some((id, name)) = self.id_and_name {
            let (Some(id), Some(name)) = (cells.get(id), cells.get(name)) else {
                return;
            };
            if self.names.len() < NAMED_IDS && !self.names.iter().any(|(i, _)| i == id) {
                self.names.push((id.to_string(), name.to_string()));
            }
        }
    }
}

/// Inspects `path`: the table of `sheet` (a workbook's), showing up to
/// `values` values per column.
pub fn inspect(path: &Path, sheet: Option<&str>, values: usize) -> Result<Inspection, Refusal> {
    let file = crate::diag::sanitize(&path.display().to_string());
    let mut collector = Collector::default();
    let opened = read::read(path, sheet, &mut collector).map_err(|r| Refusal {
        file: file.clone(),
        message: r.message,
        help: r.help,
    })?;
    let ragged = (collector.short_rows, collector.long_rows);
    let columns = collector
        .profile
        .take()
        .map(profile::Profile::columns)
        .unwrap_or_default();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    let mut inspection = assemble(file, &file_name, opened, columns, &collector.names, values);
    if let Some(t) = &mut inspection.table {
        (t.short_rows, t.long_rows) = ragged;
    }
    Ok(inspection)
}

/// The inspection of a read table: pure, so that what is said of a file
/// is tested without one.
fn assemble(
    file: String,
    file_name: &str,
    opened: Opened,
    mut columns: Vec<Column>,
    indicator_names: &[(String, String)],
    values: usize,
) -> Inspection {
    let workbook = opened.layout == Layout::Workbook;
    let stanza = match &opened.chosen {
        Some(chosen) => stanza::suggest(&stanza::Facts {
            file_name,
            sheet: chosen.sheet.as_deref(),
            header_row: workbook.then_some(chosen.size.header_row),
            columns: &columns,
            indicator_names,
        }),
        None => "# no sheet of this workbook holds a row that looks like a table's header \
                 (two or more filled cells side by side): inspect a sheet with --sheet NAME, \
                 and read it with `sheet` and `header_row`\n"
            .to_string(),
    };
    // A sheet's table may begin right of column A: its letters are the
    // sheet's own.
    let offset = opened
        .chosen
        .as_ref()
        .map_or(0, |c| c.size.first_column as usize);
    for (i, c) in columns.iter_mut().enumerate() {
        c.values.truncate(values);
        c.letter = profile::letter(i + offset);
    }
    let size = |s: &read::TableSize| Size {
        header_row: s.header_row,
        rows: s.rows,
        columns: s.columns,
    };
    let table = opened.chosen.as_ref().map(|chosen| Table {
        sheet: chosen.sheet.clone(),
        chosen: match (workbook, chosen.named) {
            (false, _) => Choice::Only,
            (true, true) => Choice::Named,
            (true, false) => Choice::First,
        },
        size: size(&chosen.size),
        short_rows: 0,
        long_rows: 0,
        columns: std::mem::take(&mut columns),
    });
    Inspection {
        file,
        format: match opened.layout {
            Layout::Csv => "csv",
            Layout::GzipCsv => "gzipped csv",
            Layout::Workbook => "workbook",
        },
        sheets: opened
            .sheets
            .iter()
            .map(|s| Sheet {
                name: s.name.clone(),
                hidden: s.hidden,
                table: s.table.as_ref().map(size),
            })
            .collect(),
        table,
        stanza,
    }
}
