//! Any bytes as the measurements file of a fixed plan (fuzz/plans: cfp's
//! own columns, or the Fingertips or EES preset when the first line names
//! their columns), read with `measure::read`: no panic, and every
//! diagnostic has a message and a real line and column when located.
#![no_main]

use cfp_fuzz::{check_diagnostics, fixed, read, Layout};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let plan = fixed("csv", Layout::sniff(data));
    let reading = read(plan, data);
    check_diagnostics(&reading.diagnostics);
});
