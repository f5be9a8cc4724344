//! Writes the synthetic national-scale plan and data for the benchmark:
//! `cargo run --release --example generate -- DIR [AREAS [INDICATORS [YEARS]]]`
//! (defaults 150 areas, 2,000 indicators, 14 years: about 4.2 million rows).

use std::path::PathBuf;
use std::process::ExitCode;

use cfp::generate::{write_plan, Shape};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: generate DIR [AREAS [INDICATORS [YEARS]]]");
        return ExitCode::from(2);
    };
    let number = |i: usize, default: usize| -> Option<usize> {
        match args.get(i) {
            None => Some(default),
            Some(s) => s.parse().ok(),
        }
    };
    let national = Shape::NATIONAL;
    let (Some(areas), Some(indicators), Some(years)) = (
        number(1, national.areas),
        number(2, national.indicators),
        number(3, national.years),
    ) else {
        eprintln!("AREAS, INDICATORS and YEARS are whole numbers");
        return ExitCode::from(2);
    };
    let shape = Shape {
        areas: areas.max(2),
        indicators,
        years,
    };
    match write_plan(shape, &dir) {
        Ok(()) => {
            eprintln!(
                "wrote {} rows to {}",
                shape.rows(),
                dir.join("data.csv").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
