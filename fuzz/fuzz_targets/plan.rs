//! Any bytes as `cfp.toml` in a folder beside a small included file, read
//! with `plan::load_file`: no panic, and every diagnostic (of an invalid
//! plan, or the warnings of a valid one) has a message and a real line and
//! column when located.
//!
//! Includes that reach outside the plan's folder (an absolute path, `..`,
//! a `**` glob) are not fuzzed: cfp reads any file they name (issue 9, item
//! 9; `/dev/zero` grows without bound), which another developer is fixing.
#![no_main]

use cfp_fuzz::{check_diagnostic, put, workdir};
use libfuzzer_sys::fuzz_target;

const INCLUDED: &str = r#"[[priority]]
id = "included"
title = "An included priority"

[[indicator]]
id = "inc"
priority = "included"
title = "An included indicator"
unit = "percent"
polarity = "higher"
target = { value = 50, by = "2025/26" }
"#;

fuzz_target!(|data: &[u8]| {
    if escapes(data) {
        return;
    }
    let dir = workdir("plan");
    let toml = dir.join("cfp.toml");
    let priorities = dir.join("priorities");
    if !priorities.exists() {
        std::fs::create_dir_all(&priorities).expect("create priorities/");
        put(&priorities.join("included.toml"), INCLUDED.as_bytes());
    }
    put(&toml, data);
    match cfp::plan::load_file(&toml) {
        Ok((_plan, warnings)) => warnings.iter().for_each(check_diagnostic),
        Err(e) => match e.downcast_ref::<cfp::Invalid>() {
            Some(invalid) => {
                assert!(!invalid.0.is_empty(), "an invalid plan with no diagnostic");
                invalid.0.iter().for_each(check_diagnostic);
            }
            None => assert!(!format!("{e:#}").is_empty()),
        },
    }
});

/// An include that could name a file outside the plan's folder.
fn escapes(data: &[u8]) -> bool {
    let has = |needle: &[u8]| data.windows(needle.len()).any(|w| w == needle);
    // A quoted key may spell `include` with escapes (`"\u0069nclude"`).
    let key = has(b"include") || has(b"\\u") || has(b"\\U");
    key && (has(b"..") || has(b"**") || has(b"\"/") || has(b"'/") || has(b"\\"))
}
