//! A workbook's size, known before it is read. calamine holds a sheet in
//! memory and, for `.ods`, densely: a few hundred bytes can declare
//! millions of repeated cells, and an allocation that fails aborts the
//! process where no `catch_unwind` reaches. So an `.xlsx` or `.ods` is
//! first unpacked as a stream, counting its bytes, and an `.ods` sheet's
//! declared size is added up from its repeat counts; a workbook over the
//! limits is refused with its size, before calamine sees it.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::diag::Code;

/// More unpacked XML than this is not a council's workbook (the largest
/// published ones unpack to tens of megabytes) and would cost several
/// times as much memory to read.
pub(super) const MAX_UNPACKED: u64 = 256 << 20;

/// The largest sheet Excel makes, XFD1048576: a cell beyond it is a
/// damaged or hostile file, and reading up to it would allocate a cell
/// per column in between.
pub(super) const MAX_COLUMNS: u32 = 16_384;
pub(super) const MAX_ROWS: u32 = 1_048_576;

/// The most cells an `.ods` sheet may span (rows times columns, empty
/// cells inside included, since calamine stores them): about 300 MB once
/// read.
pub(super) const MAX_CELLS: u64 = 5_000_000;

/// Why a workbook is not read: the kind of problem and its words, for
/// [`super::sheet::SheetError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub code: Code,
    pub message: String,
}

fn too_large(message: String) -> Refusal {
    Refusal {
        code: Code::WorkbookTooLarge,
        message,
    }
}

/// Checks an `.xlsx` or `.ods` (a zip of XML parts) against the limits;
/// other kinds pass.
pub(super) fn check(path: &Path) -> Result<(), Refusal> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let ods = match ext.as_deref() {
        Some("ods") => true,
        Some("xlsx" | "xlsm") => false,
        Some("xls") => return compound_file(path),
        _ => return Ok(()),
    };
    let file = File::open(path).map_err(|e| Refusal {
        code: Code::CannotRead,
        message: format!("cannot read it: {e}"),
    })?;
    // Not a zip: calamine says so in its own words.
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            return Ok(());
        };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if !name.ends_with(".xml") {
            continue;
        }
        let budget = MAX_UNPACKED.saturating_sub(unpacked);
        let mut counted = Counted {
            inner: part.take(budget + 1),
            read: 0,
        };
        if ods && name == "content.xml" {
            ods_cells(&mut counted)?;
        }
        // The rest of the part, counted; a damaged stream is calamine's
        // to report.
        let _ = io::copy(&mut counted, &mut io::sink());
        unpacked += counted.read;
        if unpacked > MAX_UNPACKED {
            return Err(too_large(format!(
                "it is too large to read: it unpacks to more than {} MB of XML; the limit is {} MB",
                MAX_UNPACKED >> 20,
                MAX_UNPACKED >> 20
            )));
        }
    }
    Ok(())
}

/// A reader that counts what passes through it.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Adds up each sheet of an `.ods`'s `content.xml` as calamine will hold
/// it: the rows down to the last that holds something, repeats counted,
/// times the widest such row. A sheet whose table never ends is refused
/// too: calamine would search for its end forever.
fn ods_cells(content: &mut impl Read) -> Result<(), Refusal> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    // As calamine reads it: an end tag that does not match is passed over,
    // so a table left open runs to the end of the file.
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut sheet: Option<Sheet> = None;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            // Damaged XML: calamine reports it.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Start(e) if e.name().0 == "table:table" => sheet = Some(Sheet::default()),
            Event::End(e) if e.name().0 == "table:table" => {
                if let Some(s) = sheet.take() {
                    s.within_limit()?;
                }
            }
            Event::Start(e) if e.name().0 == "table:table-row" => {
                if let Some(s) = sheet.as_mut() {
                    s.row_repeats = repeats(&e, "table:number-rows-repeated");
                    s.row_width = 0;
                    s.row_filled = 0;
                }
            }
            Event::Empty(e) | Event::Start(e)
                if matches!(e.name().0, "table:table-cell" | "table:covered-table-cell") =>
            {
                if let Some(s) = sheet.as_mut() {
                    let n = repeats(&e, "table:number-columns-repeated").min(MAX_COLUMNS as u64);
                    s.row_width = (s.row_width + n).min(MAX_COLUMNS as u64);
                    if holds_something(&e) {
                        s.row_filled = s.row_width;
                    }
                }
            }
            Event::End(e) if e.name().0 == "table:table-row" => {
                if let Some(s) = sheet.as_mut() {
                    s.end_row();
                    s.within_limit()?;
                }
            }
            Event::Eof => {
                return match sheet {
                    Some(_) => Err(Refusal {
                        code: Code::BadWorkbook,
                        message: "it is damaged: a sheet's table never ends".to_string(),
                    }),
                    None => Ok(()),
                };
            }
            _ => {}
        }
        buf.clear();
    }
}

/// One `.ods` sheet's extent as calamine will hold it.
#[derive(Default)]
struct Sheet {
    /// Rows read so far, repeats counted.
    rows: u64,
    /// The rows down to the last that holds something.
    used_rows: u64,
    /// The widest row that holds something, to its last such cell.
    width: u64,
    row_repeats: u64,
    row_width: u64,
    row_filled: u64,
}

impl Sheet {
    fn end_row(&mut self) {
        self.rows = self
            .rows
            .saturating_add(self.row_repeats)
            .min(MAX_ROWS as u64);
        if self.row_filled > 0 {
            self.used_rows = self.rows;
            self.width = self.width.max(self.row_filled);
        }
    }

    fn within_limit(&self) -> Result<(), Refusal> {
        let cells = self.used_rows.saturating_mul(self.width);
        if cells > MAX_CELLS {
            let n = |x: u64| crate::format::grouped(x as f64);
            return Err(too_large(format!(
                "it is too large to read: a sheet spans {} cells ({} rows by {} columns); \
                 the limit is {}",
                n(cells),
                n(self.used_rows),
                n(self.width),
                n(MAX_CELLS)
            )));
        }
        Ok(())
    }
}

/// A repeat count attribute: 1 when absent or unreadable.
fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// A cell with a value: an `office:value-type` (a number, date or
/// string). A cell with text but no type is rare; it is counted from
/// where its row's next typed cell is.
fn holds_something(e: &BytesStart<'_>) -> bool {
    e.try_get_attribute("office:value-type")
        .ok()
        .flatten()
        .is_some()
}

/// An `.xls` is a compound file: sectors chained by a table of next
/// sectors. calamine follows a chain until it ends, so a chain that loops
/// (one damaged entry) grows its buffer without end. Every chain is
/// checked to end before calamine opens the file.
fn compound_file(path: &Path) -> Result<(), Refusal> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_UNPACKED {
        return Err(too_large(format!(
            "it is too large to read: {} MB; the limit is {} MB",
            size >> 20,
            MAX_UNPACKED >> 20
        )));
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(());
    };
    match compound_chains(&bytes) {
        Some(Compound::Loop) => Err(Refusal {
            code: Code::BadWorkbook,
            message: "it is damaged: a chain of its sectors loops back on itself".to_string(),
        }),
        Some(Compound::Cells(cells)) => Err(too_large(format!(
            "it is too large to read: a sheet would take {} cells; the limit is {}",
            crate::format::grouped(cells as f64),
            crate::format::grouped(MAX_CELLS as f64)
        ))),
        None => Ok(()),
    }
}

/// What a compound file (an `.xls`) would make calamine do that it cannot
/// survive.
enum Compound {
    /// A chain of sectors comes back to itself: followed for ever.
    Loop,
    /// A sheet's dimensions declare this many cells, which calamine sets
    /// aside room for before reading one (86 GB for one fuzzed file).
    Cells(u64),
}

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;

/// The compound file's allocation tables, read as calamine reads them,
/// and whether a chain in either loops. Anything else wrong is left to
/// calamine, which reports it.
fn compound_chains(bytes: &[u8]) -> Option<Compound> {
    const SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.len() < 512 || &bytes[..8] != SIGNATURE {
        return None;
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let size: usize = match u16_at(30) {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    let words = |b: &[u8]| {
        b.chunks_exact(4)
            .map(|w| u32_at(w, 0))
            .collect::<Vec<u32>>()
    };
    // Sector k follows the header, which takes the first sector's room.
    let sector = |k: u32| -> Option<&[u8]> {
        let start = (k as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?.min(bytes.len()))
    };
    let max_sectors = bytes.len() / size;
    let mut difat = words(&bytes[76..512]);
    let mut next = u32_at(bytes, 68);
    let mut steps = 0;
    while next < RESERVED_SECTORS {
        steps += 1;
        if steps > max_sectors + 1 {
            return None;
        }
        difat.extend(words(sector(next)?));
        next = difat.pop()?;
    }
    let fat: Vec<u32> = difat
        .iter()
        .filter(|&&id| id < DIFAT_SECTOR)
        .filter_map(|&id| sector(id))
        .flat_map(words)
        .collect();
    if loops(&fat) {
        return Some(Compound::Loop);
    }
    // Every chain now ends: a stream is its sectors, in order.
    let chain = |start: u32, len: usize| -> Vec<u8> {
        let mut out = Vec::new();
        let mut at = start;
        while (at as usize) < fat.len() && out.len() < len {
            match sector(at) {
                Some(s) => out.extend_from_slice(s),
                None => break,
            }
            at = fat[at as usize];
        }
        out.truncate(len);
        out
    };
    let minifat = words(&chain(u32_at(bytes, 60), u32_at(bytes, 64) as usize * size));
    if loops(&minifat) {
        return Some(Compound::Loop);
    }
    let workbook = workbook_stream(
        &chain(u32_at(bytes, 48), usize::MAX),
        &chain,
        &minifat,
        size,
    )?;
    let cells = largest_dimensions(&workbook);
    (cells > MAX_CELLS).then_some(Compound::Cells(cells))
}

/// The `Workbook` (or BIFF5 `Book`) stream of a compound file, from its
/// directory: in the mini stream (64-byte sectors) when shorter than
/// 4,096 bytes, else in the file's own sectors.
fn workbook_stream(
    directory: &[u8],
    chain: &dyn Fn(u32, usize) -> Vec<u8>,
    minifat: &[u32],
    sector_size: usize,
) -> Option<Vec<u8>> {
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    // A stream's length is 32 bits in a file of 512-byte sectors and 64
    // in one of 4,096-byte sectors, as calamine reads it.
    let length = |e: &[u8]| {
        let low = u64::from(u32_at(e, 120));
        let high = if sector_size == 512 {
            0
        } else {
            u64::from(u32_at(e, 124))
        };
        usize::try_from(low | high << 32).unwrap_or(usize::MAX)
    };
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first()?;
    // As calamine names an entry: its 64 bytes of UTF-16 up to the first
    // NUL, whatever the entry's own name length says.
    let named = |e: &&[u8], name: &str| {
        let units: Vec<u16> = e[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units).eq_ignore_ascii_case(name)
    };
    // calamine looks for `Book` only when no entry is `Workbook`.
    let book = entries
        .iter()
        .find(|e| named(e, "Workbook"))
        .or_else(|| entries.iter().find(|e| named(e, "Book")))?;
    let (start, len) = (u32_at(book, 116), length(book));
    if len >= 4096 {
        return Some(chain(start, len));
    }
    let mini = chain(u32_at(root, 116), length(root));
    let mut out = Vec::new();
    let mut at = start;
    while (at as usize) < minifat.len() && out.len() < len {
        let from = at as usize * 64;
        out.extend_from_slice(mini.get(from..(from + 64).min(mini.len()))?);
        at = minifat[at as usize];
    }
    out.truncate(len);
    Some(out)
}

/// The most cells any sheet would span as calamine holds it, from a stream
/// of BIFF records: what a sheet's DIMENSIONS record declares (calamine
/// reserves room for that before reading a cell), and the rectangle from
/// its first to its last cell (calamine's range is dense).
fn largest_dimensions(stream: &[u8]) -> u64 {
    // calamine reads each sheet from where the workbook's BOUNDSHEET record
    // says it starts, which need not be where a walk from the start finds
    // a record: each is walked from there too.
    let (mut most, starts) = sheet_extent(stream, 0);
    for start in starts {
        let (cells, _) = sheet_extent(stream, start);
        most = most.max(cells);
    }
    most
}

/// From `from` to the next EOF record (or the stream's end): the most
/// cells a sheet there would take, as DIMENSIONS declares them or as its
/// cells span; and where BOUNDSHEET records say sheets start.
fn sheet_extent(stream: &[u8], from: usize) -> (u64, Vec<usize>) {
    let u16_at = |i: usize| u16::from_le_bytes([stream[i], stream[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([stream[i], stream[i + 1], stream[i + 2], stream[i + 3]]);
    let mut most = 0u64;
    let mut starts = Vec::new();
    // This sheet's first and last row and column with a cell.
    let mut extent: Option<(u16, u16, u16, u16)> = None;
    let span = |e: Option<(u16, u16, u16, u16)>| {
        e.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
        })
    };
    let mut formula = (0u16, 0u16);
    let mut at = from;
    while at + 4 <= stream.len() {
        let (kind, len) = (u16_at(at), usize::from(u16_at(at + 2)));
        let data = at + 4;
        if data + len > stream.len() {
            break;
        }
        let mut cell = |row: u16, col: u16| {
            extent = Some(match extent {
                None => (row, row, col, col),
                Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
            });
        };
        match kind {
            // BOF: a sheet (or the globals) begins.
            0x0809 => {
                most = most.max(span(extent));
                extent = None;
                formula = (0, 0);
            }
            // EOF: where calamine stops reading a sheet begun elsewhere.
            0x000A if from > 0 => break,
            0x0085 if len >= 4 => starts.push(u32_at(data) as usize),
            0x0200 => most = most.max(declared_cells(data, len, &u16_at, &u32_at)),
            // Number, label, shared-string label, RK, formula, boolean or
            // error, rich string: row then column.
            0x0203 | 0x0204 | 0x00FD | 0x027E | 0x0205 | 0x00D6 if len >= 4 => {
                cell(u16_at(data), u16_at(data + 2));
            }
            0x0006 if len >= 4 => {
                formula = (u16_at(data), u16_at(data + 2));
                cell(formula.0, formula.1);
            }
            // A formula's text value: calamine puts it where the last
            // formula was, or in A1 when none came before.
            0x0207 => cell(formula.0, formula.1),
            // Several RK values: row, first column, ..., last column.
            0x00BD if len >= 6 => {
                cell(u16_at(data), u16_at(data + 2));
                cell(u16_at(data), u16_at(data + len - 2));
            }
            _ => {}
        }
        at = data + len;
    }
    (most.max(span(extent)), starts)
}

/// The cells a DIMENSIONS record declares, as calamine computes them (its
/// last row and column exclusive, wrapping where calamine's sums would).
fn declared_cells(
    data: usize,
    len: usize,
    u16_at: &dyn Fn(usize) -> u16,
    u32_at: &dyn Fn(usize) -> u32,
) -> u64 {
    let (first_row, last_row, mut first_col, last_col) = match len {
        10 => (
            u32::from(u16_at(data)),
            u32::from(u16_at(data + 2)),
            u32::from(u16_at(data + 4)),
            u32::from(u16_at(data + 6)),
        ),
        14 | 16 => (
            u32_at(data),
            u32_at(data + 4),
            u32::from(u16_at(data + 8)),
            u32::from(u16_at(data + 10)),
        ),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row < 1 || last_col < 1 {
        return 0;
    }
    let rows = u64::from((last_row - 1).wrapping_sub(first_row).wrapping_add(1));
    let cols = u64::from((last_col - 1).wrapping_sub(first_col).wrapping_add(1));
    rows.saturating_mul(cols)
}

/// Whether following `next[i]` from some entry comes back round: each
/// entry is visited once, so this is linear in the table.
fn loops(next: &[u32]) -> bool {
    // 0 unseen, 1 on the path being followed, 2 known to end.
    let mut state = vec![0u8; next.len()];
    for start in 0..next.len() {
        let mut path = Vec::new();
        let mut at = start;
        while at < next.len() && state[at] == 0 {
            state[at] = 1;
            path.push(at);
            at = next[at] as usize;
        }
        if at < next.len() && state[at] == 1 {
            return true;
        }
        for p in path {
            state[p] = 2;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{largest_dimensions, loops};

    /// One BIFF record: its kind, its length and its data.
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend_from_slice(&u16::try_from(data.len()).expect("short").to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    /// A cell record's row and column, then padding to `len` bytes.
    fn at(row: u16, column: u16, len: usize) -> Vec<u8> {
        let mut data = [row.to_le_bytes(), column.to_le_bytes()].concat();
        data.resize(len, 0);
        data
    }

    #[test]
    fn a_sheets_cells_span_from_its_first_to_its_last() {
        let bof = record(0x0809, &[0; 16]);
        let number = |row, column| record(0x0203, &at(row, column, 14));
        let sheet = [bof.clone(), number(10, 2), number(12, 5)].concat();
        assert_eq!(largest_dimensions(&sheet), 3 * 4);
        // Each sheet is measured on its own.
        let two = [sheet.clone(), bof.clone(), number(0, 0)].concat();
        assert_eq!(largest_dimensions(&two), 12);
    }

    #[test]
    fn a_formulas_text_value_lands_where_calamine_puts_it() {
        let bof = record(0x0809, &[0; 16]);
        let number = record(0x0203, &at(60_000, 200, 14));
        let text = record(0x0207, &[0; 4]);
        // With no formula before it, calamine puts the text in A1.
        let alone = [bof.clone(), number.clone(), text.clone()].concat();
        assert_eq!(largest_dimensions(&alone), 60_001 * 201);
        // After a formula, in the formula's cell.
        let formula = record(0x0006, &at(60_000, 199, 20));
        let after = [bof, number, formula, text].concat();
        assert_eq!(largest_dimensions(&after), 2);
    }

    #[test]
    fn a_table_of_next_sectors_loops_or_ends() {
        assert!(!loops(&[1, 2, 0xFFFF_FFFE]));
        assert!(loops(&[1, 2, 0]));
        assert!(loops(&[0xFFFF_FFFE, 1]));
        assert!(!loops(&[0xFFFF_FFFF, 0xFFFF_FFFE, 1]));
    }
}
