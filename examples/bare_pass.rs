//! The benchmark's yardstick: the least a CSV reader can do with the file.
//! One pass of the csv crate with a reused `ByteRecord`, counting the rows
//! of the plan's area. `cargo run --release --example bare_pass -- FILE`

use std::process::ExitCode;

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
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut own) = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                rows += 1;
                if record.get(1) == Some(cfp::generate::AREA.as_bytes()) {
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
    println!("{rows} rows, {own} for {}", cfp::generate::AREA);
    ExitCode::SUCCESS
}
