//! Any cell (and note, after the first newline) through the value readers:
//! no panic, every number read is finite, and a grade is a rank on its
//! scale.
#![no_main]

use cfp::measure::{
    nearest_grade, not_on_scale, parse_count, parse_grade, parse_number, parse_value, Value,
};
use cfp::plan::Dash;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (cell, note) = text.split_once('\n').unwrap_or((text, ""));
    for dash in [None, Some(Dash::Zero), Some(Dash::Missing)] {
        if let Ok(Value::Number { value, .. }) = parse_value(cell, note, dash) {
            assert!(value.is_finite(), "{cell:?} -> {value}");
        }
    }
    let scale: Vec<String> = [
        "Inadequate",
        "Requires improvement to be good",
        "Good",
        "Outstanding",
    ]
    .map(String::from)
    .to_vec();
    for dash in [None, Some(Dash::Zero), Some(Dash::Missing)] {
        match parse_grade(cell, note, dash, &scale) {
            Ok(Value::Number { value, .. }) => {
                assert!(
                    (1.0..=scale.len() as f64).contains(&value),
                    "{cell:?} -> rank {value}"
                )
            }
            Ok(_) => {}
            Err(_) => {
                let _ = not_on_scale(cell, &scale);
                let _ = nearest_grade(cell, &scale);
            }
        }
    }
    for read in [parse_count, parse_number] {
        if let Ok(Some(x)) = read(cell) {
            assert!(x.is_finite(), "{cell:?} -> {x}");
        }
    }
});
