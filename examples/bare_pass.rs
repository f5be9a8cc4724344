//! The benchmark's yardstick: the least a CSV reader can do with the file.
//! One pass of the csv crate with a reused `ByteRecord`, counting the rows
//! of the plan's area. `cargo run --release --example bare_pass -- FILE`
//!
//! The area is the column headed `area` (cfp's own), `Area Name` or
//! `Area.Name` (a Fingertips export, whose quoted names may hold line
//! breaks: the csv crate reads them as one record), else the second.

use std::process::ExitCode;

#[path = "../bench/generate.rs"]
#[allow(dead_code)]
mod generate;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bare_pass FILE");
        return ExitCode::from(2);
    };
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let area = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .position(|c| [&b"area"[..], b"Area Name", b"Area.Name"].contains(&c))
            .unwrap_or(1),
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut own) = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                rows += 1;
                if record.get(area) == Some(generate::AREA.as_bytes()) {
                    own += 1;
                }
            }
            Ok(false) => break,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{rows} rows, {own} for {}", generate::AREA);
    ExitCode::SUCCESS
}
