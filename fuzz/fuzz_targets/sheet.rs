//! Any bytes as a workbook (`.xlsx`, `.ods` or `.xls`, by their magic
//! bytes) that the fixed own-columns plan reads, through `measure::read`:
//! no panic, no abort, no hang, and every diagnostic located (issue 20:
//! calamine on hostile workbooks aborted on huge allocations and looped
//! on an `.ods` table that never ends).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use cfp::plan::Plan;
use cfp_fuzz::{check_diagnostics, put, workdir, Layout};
use libfuzzer_sys::fuzz_target;

/// A plan per workbook kind, each reading `m.EXT` beside it.
fn plans() -> &'static [(&'static str, Plan, PathBuf)] {
    static PLANS: OnceLock<Vec<(&'static str, Plan, PathBuf)>> = OnceLock::new();
    PLANS.get_or_init(|| {
        ["xlsx", "ods", "xls"]
            .into_iter()
            .map(|ext| {
                let dir = workdir("sheet").join(ext);
                std::fs::create_dir_all(&dir).expect("the plan folder");
                let text = Layout::Own
                    .text()
                    .replace("files = [\"m.csv\"]", &format!("files = [\"m.{ext}\"]"));
                let toml = dir.join("cfp.toml");
                put(&toml, text.as_bytes());
                let (plan, _) = cfp::plan::load_file(&toml).expect("the fixed plan loads");
                (ext, plan, dir.join(format!("m.{ext}")))
            })
            .collect()
    })
}

/// The kind the bytes are: a zip holding an OpenDocument mimetype is an
/// `.ods`, any other zip an `.xlsx`, anything else an `.xls` (a compound
/// file, or the garbage calamine must refuse).
fn kind(data: &[u8]) -> &'static str {
    let opendocument = data
        .windows(11)
        .any(|w| w == b"opendocumen");
    match data {
        [b'P', b'K', ..] if opendocument => "ods",
        [b'P', b'K', ..] => "xlsx",
        _ => "xls",
    }
}

fuzz_target!(|data: &[u8]| {
    let ext = kind(data);
    let (_, plan, file) = plans()
        .iter()
        .find(|(e, _, _)| *e == ext)
        .expect("a plan per kind");
    put(file, data);
    let reading = cfp::measure::read(plan);
    check_diagnostics(&reading.diagnostics);
});
