//! Writes the synthetic national-scale plan and data for the benchmark:
//! `cargo run --release --example generate -- DIR [AREAS [INDICATORS [YEARS]]]`
//! (defaults 150 areas, 2,000 indicators, 14 years: about 4.2 million rows),
//! or, with `--fingertips` first, a Fingertips export and its plan:
//! `cargo run --release --example generate -- --fingertips DIR [AREAS [INDICATORS [YEARS]]]`
//! (defaults 150 areas, 100 indicators, 24 years, 3 sexes: 1,080,000 rows,
//! about 300 MB, in `DIR/fingertips.csv`).

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../bench/generate.rs"]
mod generate;

use generate::{write_fingertips_plan, write_plan, FingertipsShape, Shape};

const USAGE: &str = "usage: generate [--fingertips] DIR [AREAS [INDICATORS [YEARS]]]";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let fingertips = args.first().is_some_and(|a| a == "--fingertips");
    if fingertips {
        args.remove(0);
    }
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let number = |i: usize, default: usize| -> Option<usize> {
        match args.get(i) {
            None => Some(default),
            Some(s) => s.parse().ok(),
        }
    };
    let (default_areas, default_indicators, default_years) = if fingertips {
        let n = FingertipsShape::NATIONAL;
        (n.areas, n.indicators, n.years)
    } else {
        let n = Shape::NATIONAL;
        (n.areas, n.indicators, n.years)
    };
    let (Some(areas), Some(indicators), Some(years)) = (
        number(1, default_areas),
        number(2, default_indicators),
        number(3, default_years),
    ) else {
        eprintln!("AREAS, INDICATORS and YEARS are whole numbers\n{USAGE}");
        return ExitCode::from(2);
    };
    let areas = areas.max(2);
    let (written, rows, file) = if fingertips {
        let shape = FingertipsShape {
            areas,
            indicators,
            years: years.max(1),
        };
        (
            write_fingertips_plan(shape, &dir),
            shape.rows(),
            "fingertips.csv",
        )
    } else {
        let shape = Shape {
            areas,
            indicators,
            years,
        };
        (write_plan(shape, &dir), shape.rows(), "data.csv")
    };
    match written {
        Ok(()) => {
            eprintln!("wrote {rows} rows to {}", dir.join(file).display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
