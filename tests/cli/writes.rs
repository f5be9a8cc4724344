//! Writes: one rule for every file cfp writes (docs/decisions.md, "Writes").
//! The real target behind a symlink, never a device, FIFO, folder,
//! read-only or hard-linked file, a lock so concurrent `record`s queue, no
//! temporary file left behind, and a failed stdout is an error.

use std::fs;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{run_in, Edit};

/// A fresh `cfp init` plan in a temporary folder, and its measurements file.
fn plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_in(dir.path(), &["init", "p"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let csv = dir.path().join("p/measurements/figures.csv");
    (dir, csv)
}

/// `cfp record gld 2025/26 VALUE --published DATE --plan p` with extra args.
fn record_args(day: u32, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "record",
        "gld",
        "2025/26",
        &format!("{}.5", 50 + day),
        "--published",
        &format!("2026-01-{day:02}"),
        "--plan",
        "p",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn record(dir: &Path, day: u32, extra: &[&str]) -> super::Run {
    let args = record_args(day, extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_in(dir, &args)
}

/// The names in `dir` other than `keep`.
fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Puts back `/dev/null` and `/dev/stdout` if a write replaced them (a
/// regression, as root), so that one failing test does not break the
/// machine for the rest; says whether anything needed it.
fn repair_dev() -> bool {
    let mut repaired = false;
    let null = fs::metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device());
    if !null && is_root() {
        let _ = fs::remove_file("/dev/null");
        let _ = Command::new("mknod")
            .args(["-m", "666", "/dev/null", "c", "1", "3"])
            .status();
        repaired = true;
    }
    let stdout = fs::symlink_metadata("/dev/stdout").is_ok_and(|m| m.file_type().is_symlink());
    if !stdout && is_root() {
        let _ = fs::remove_file("/dev/stdout");
        let _ = std::os::unix::fs::symlink("/proc/self/fd/1", "/dev/stdout");
        repaired = true;
    }
    repaired
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cfp")
}

/// `cfp` as a plain `std::process::Command`, to choose its stdout: like
/// `cfp()`, no colour and a clean environment, from the repo root.
fn cfp() -> Command {
    let mut cmd = Command::new(bin());
    cmd.current_dir(super::root())
        .env_remove("CFP_PLAN")
        .env_remove("CFP_AS_OF")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn twenty_concurrent_records_all_land_whole() {
    let (dir, csv) = plan();
    let before = fs::read_to_string(&csv).expect("csv");
    let children: Vec<_> = (1..=20)
        .map(|day| {
            cfp()
                .current_dir(dir.path())
                .args(record_args(day, &[]))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn cfp record")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("cfp record ends");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let after = fs::read_to_string(&csv).expect("csv");
    assert!(after.starts_with(&before), "{after}");
    let added: Vec<&str> = after[before.len()..].lines().collect();
    assert_eq!(added.len(), 20, "{after}");
    for day in 1..=20 {
        let line = format!("gld,,2025/26,{}.5,,,,,2026-01-{day:02},,", 50 + day);
        assert_eq!(
            added.iter().filter(|l| **l == line).count(),
            1,
            "{line} in {after}"
        );
    }
    assert_eq!(
        others(csv.parent().expect("folder"), &["figures.csv"]),
        Vec::<String>::new()
    );
}

#[test]
fn record_through_a_symlink_writes_the_real_file_and_keeps_the_link() {
    let (dir, csv) = plan();
    let real = dir.path().join("real.csv");
    fs::rename(&csv, &real).expect("move the file");
    std::os::unix::fs::symlink(&real, &csv).expect("symlink");
    let out = record(dir.path(), 1, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(fs::symlink_metadata(&csv)
        .expect("the link")
        .file_type()
        .is_symlink());
    let text = fs::read_to_string(&real).expect("the real file");
    assert!(
        text.ends_with("gld,,2025/26,51.5,,,,,2026-01-01,,\n"),
        "{text}"
    );
    // `-o` through a link that points nowhere yet creates its target.
    let target = dir.path().join("made.csv");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("made.csv", &link).expect("symlink");
    let out = run_in(
        dir.path(),
        &[
            "status",
            "--plan",
            "p",
            "--as-of",
            "2026-02-01",
            "-o",
            "link.csv",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(fs::symlink_metadata(&link)
        .expect("the link")
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&target)
        .expect("the link's target")
        .contains(",gld,"));
}

#[test]
fn a_hard_linked_target_is_refused_and_left_alone() {
    let (dir, csv) = plan();
    let other = dir.path().join("other.csv");
    fs::hard_link(&csv, &other).expect("hard link");
    let before = fs::read(&csv).expect("csv");
    let out = record(dir.path(), 1, &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("hard link"), "{}", out.stderr);
    assert_eq!(fs::read(&csv).expect("csv"), before);
    assert_eq!(fs::read(&other).expect("other"), before);
    // Here the link is to a measurement file: refused as an input first.
    let out = run_in(dir.path(), &["status", "--plan", "p", "-o", "other.csv"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("the same file as"), "{}", out.stderr);
    assert_eq!(fs::read(&other).expect("other"), before);
}

#[test]
fn a_fifo_a_folder_and_a_device_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let plan = super::root().join("tests/fixtures/ratings");
    let plan = plan.to_str().expect("utf-8 path");
    let out = run_in(dir.path(), &["status", "--plan", plan, "-o", "pipe.csv"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
    assert!(fs::metadata(&fifo).expect("the fifo").file_type().is_fifo());
    fs::create_dir(dir.path().join("folder.csv")).expect("mkdir");
    let out = run_in(dir.path(), &["status", "--plan", plan, "-o", "folder.csv"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("folder"), "{}", out.stderr);
    // As root, a device node of the test's own (a regression then harms
    // nothing); otherwise /dev/zero, which no one else can replace anyway.
    let zero = dir.path().join("zero");
    let device = if is_root()
        && Command::new("mknod")
            .args([zero.as_os_str(), "c".as_ref(), "1".as_ref(), "5".as_ref()])
            .status()
            .is_ok_and(|s| s.success())
    {
        zero.to_str().expect("utf-8 path").to_string()
    } else {
        "/dev/zero".to_string()
    };
    let out = run_in(dir.path(), &["status", "--plan", plan, "-o", &device]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("device"), "{}", out.stderr);
    assert!(fs::metadata(&device)
        .expect("the device")
        .file_type()
        .is_char_device());
}

#[test]
fn dev_null_stays_a_device_even_for_root() {
    let plan = super::root().join("tests/fixtures/ratings");
    let plan = plan.to_str().expect("utf-8 path");
    let out = run_in(
        &super::root(),
        &[
            "status",
            "--plan",
            plan,
            "--format",
            "csv",
            "-o",
            "/dev/null",
        ],
    );
    assert!(!repair_dev(), "-o /dev/null replaced it");
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("device"), "{}", out.stderr);
    assert!(others(Path::new("/dev"), &[])
        .iter()
        .all(|n| !n.contains(".cfp")));
}

#[test]
fn dash_o_dev_stdout_prints_to_stdout() {
    let out = super::run(&[
        "status",
        "--plan",
        "tests/fixtures/ratings",
        "--as-of",
        "2026-06-30",
        "--format",
        "csv",
        "-o",
        "/dev/stdout",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("priority,commitment,id,"),
        "{}",
        out.stdout
    );
    assert!(fs::metadata("/dev/null")
        .expect("/dev/null")
        .file_type()
        .is_char_device());
}

#[test]
fn a_read_only_target_is_refused_and_left_unchanged() {
    let (dir, csv) = plan();
    let before = fs::read(&csv).expect("csv");
    fs::set_permissions(&csv, fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = record(dir.path(), 1, &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains(
            "figures.csv is read-only: cfp does not replace it; make it writable (chmod u+w) \
             to allow"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&csv).expect("csv"), before);
    let report = dir.path().join("report.html");
    fs::write(&report, "old").expect("write");
    fs::set_permissions(&report, fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = run_in(dir.path(), &["report", "--plan", "p", "-o", "report.html"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(fs::read_to_string(&report).expect("report"), "old");
}

#[test]
fn permissions_are_kept() {
    let (dir, csv) = plan();
    fs::set_permissions(&csv, fs::Permissions::from_mode(0o640)).expect("chmod");
    assert_eq!(record(dir.path(), 1, &[]).code, 0);
    let mode = fs::metadata(&csv).expect("csv").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn a_plan_reading_every_file_in_the_folder_can_record() {
    let (dir, csv) = plan();
    let toml = dir.path().join("p/cfp.toml");
    let text = fs::read_to_string(&toml).expect("plan");
    fs::write(&toml, text.edit("measurements/*.csv", "measurements/*")).expect("write");
    let out = record(dir.path(), 1, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        others(csv.parent().expect("folder"), &["figures.csv"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_killed_writers_temporary_file_is_removed_by_the_next_record() {
    let (dir, csv) = plan();
    let folder = csv.parent().expect("folder");
    let stale = folder.join(".figures.csv.cfp-123456.tmp");
    fs::write(&stale, "half a file").expect("write");
    // Under the folder's lock, another target's is a killed writer's too
    // (issue 20: it stayed until the next write to that target).
    let unrelated = folder.join(".other.csv.cfp-123456.tmp");
    fs::write(&unrelated, "another target's").expect("write");
    let out = record(dir.path(), 1, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!stale.exists());
    assert!(!unrelated.exists());
    assert_eq!(others(folder, &["figures.csv"]), Vec::<String>::new());
}

/// Whether `pid` waits for a lock, by /proc/locks (`-> FLOCK ... PID ...`).
fn waits_for_a_lock(pid: u32) -> bool {
    fs::read_to_string("/proc/locks")
        .map(|t| {
            t.lines()
                .any(|l| l.contains("->") && l.split_whitespace().any(|w| w == pid.to_string()))
        })
        .unwrap_or(false)
}

#[test]
fn record_waits_for_the_lock_and_ctrl_c_leaves_nothing_behind() {
    let (dir, csv) = plan();
    let folder = csv.parent().expect("folder");
    let before = fs::read(&csv).expect("csv");
    // cfp locks the target's folder: hold it as another writer would.
    let lock = fs::File::open(folder).expect("the folder");
    lock.lock().expect("hold the lock");
    let mut child = cfp()
        .current_dir(dir.path())
        .args(record_args(1, &[]))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cfp record");
    let start = std::time::Instant::now();
    while !waits_for_a_lock(child.id()) {
        assert!(
            start.elapsed().as_secs() < 20,
            "cfp record never waited for the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = child.wait().expect("cfp ends");
    assert_eq!(status.code(), Some(130));
    assert_eq!(fs::read(&csv).expect("csv"), before);
    assert_eq!(others(folder, &["figures.csv"]), Vec::<String>::new());
    drop(lock);
    // Once free, the next record takes the lock and leaves nothing beside.
    assert_eq!(record(dir.path(), 2, &[]).code, 0);
    assert_eq!(others(folder, &["figures.csv"]), Vec::<String>::new());
}

#[test]
fn record_with_a_full_stdout_fails_without_a_panic_and_records_once() {
    let (dir, csv) = plan();
    let before = fs::read_to_string(&csv).expect("csv");
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = cfp()
        .current_dir(dir.path())
        .args(record_args(1, &[]))
        .stdout(Stdio::from(full))
        .output()
        .expect("cfp runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("stdout"), "{stderr}");
    let after = fs::read_to_string(&csv).expect("csv");
    assert_eq!(
        after,
        format!("{before}gld,,2025/26,51.5,,,,,2026-01-01,,\n")
    );
}

#[test]
fn init_with_a_full_stdout_fails_without_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = cfp()
        .current_dir(dir.path())
        .args(["init", "p"])
        .stdout(Stdio::from(full))
        .output()
        .expect("cfp runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(dir.path().join("p/cfp.toml").exists());
}

/// Runs `cfp ARGS` through `sh -c` with a shell redirection `tail`.
fn shell(args: &str, tail: &str) -> (i32, String) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' {args} {tail}", bin().display()))
        .current_dir(super::root())
        .env("NO_COLOR", "1")
        .env_remove("CFP_PLAN")
        .env_remove("CFP_AS_OF")
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const STATUS: &str = "status --plan tests/fixtures/ratings --as-of 2026-06-30";

#[test]
fn a_stdout_on_dev_null_is_fine_however_it_was_opened() {
    // Issue 20: every command exited 2 ("stdout is closed") on a /dev/null
    // opened read-write, as Python's subprocess.DEVNULL and a shell's
    // `1<>/dev/null` give, and `record` did so after recording its row.
    let (code, stderr) = shell(STATUS, ">/dev/null");
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = shell(STATUS, "1<>/dev/null");
    assert_eq!(code, 0, "{stderr}");
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .expect("/dev/null");
    let out = cfp()
        .args(STATUS.split(' '))
        .stdout(Stdio::from(null))
        .output()
        .expect("cfp runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // A stdout closed outright (`>&-`) is one the Rust runtime has
    // already replaced with /dev/null, read-write, before cfp starts: the
    // two cannot be told apart without unsafe code (docs/decisions.md).
    let (code, stderr) = shell(STATUS, ">&-");
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_full_stdout_is_an_error_and_a_pipe_closed_early_is_not() {
    let (code, stderr) = shell(STATUS, ">/dev/full");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("stdout"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // A reader that is gone before cfp writes (`| head` that has had
    // enough, `| true`): broken pipe, not an error, the gate kept.
    let closed_pipe = || {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        writer
    };
    let out = cfp()
        .args(STATUS.split(' '))
        .stdout(Stdio::from(closed_pipe()))
        .output()
        .expect("cfp runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let out = cfp()
        .args(STATUS.split(' '))
        .args(["--fail-on", "red"])
        .stdout(Stdio::from(closed_pipe()))
        .output()
        .expect("cfp runs");
    assert_eq!(out.status.code(), Some(1));
    // `cfp record ... | true`: the row is recorded, once, and that is done.
    let (dir, csv) = plan();
    let before = fs::read_to_string(&csv).expect("csv");
    let out = cfp()
        .current_dir(dir.path())
        .args(record_args(1, &[]))
        .stdout(Stdio::from(closed_pipe()))
        .output()
        .expect("cfp runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        fs::read_to_string(&csv).expect("csv"),
        format!("{before}gld,,2025/26,51.5,,,,,2026-01-01,,\n")
    );
}

#[test]
fn status_piped_into_head_exits_0() {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' {STATUS} --format csv | head -1",
            bin().display()
        ))
        .current_dir(super::root())
        .env("NO_COLOR", "1")
        .env_remove("CFP_PLAN")
        .env_remove("CFP_AS_OF")
        .output()
        .expect("bash runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("priority,"));
}

#[test]
fn an_output_never_replaces_an_input() {
    // Issue 20: `status -o measurements/figures.csv` and `report -o
    // cfp.toml` overwrote the plan's own inputs and exited 0.
    let plan = "include = [\"more.toml\"]\n[plan]\ntitle = \"T\"\narea = \"A\"\n\
        [measurements]\nfiles = [\"data/m.csv\"]\n[[priority]]\nid = \"p\"\ntitle = \"P\"\n";
    let more = "[[indicator]]\nid = \"i\"\npriority = \"p\"\ntitle = \"I\"\nunit = \"percent\"\n";
    let data = "id,period,value\ni,2024/25,70\n";
    let f = super::Fixture::new(plan)
        .file("more.toml", more)
        .file("data/m.csv", data);
    let as_of = ["--as-of", "2025-06-01"];
    for args in [
        &["status", "-o", "data/m.csv"][..],
        &["status", "--format", "csv", "-o", "./data/../data/m.csv"],
        &["report", "--format", "html", "-o", "cfp.toml"],
        &[
            "diff",
            "--since",
            "2024-01-01",
            "--format",
            "csv",
            "-o",
            "more.toml",
        ],
    ] {
        let mut all = args.to_vec();
        all.extend(as_of);
        let out = f.run(&all);
        assert_eq!(out.code, 2, "{all:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("cfp never writes its results over its inputs"),
            "{all:?}: {}",
            out.stderr
        );
    }
    assert_eq!(
        fs::read_to_string(f.path().join("data/m.csv")).expect("data"),
        data
    );
    assert_eq!(
        fs::read_to_string(f.path().join("more.toml")).expect("include"),
        more
    );
    assert_eq!(
        fs::read_to_string(f.path().join("cfp.toml")).expect("plan"),
        plan
    );
    // The same file by another name is the same file.
    fs::hard_link(f.path().join("data/m.csv"), f.path().join("alias.csv")).expect("link");
    let out = f.run(&["status", "-o", "alias.csv", "--as-of", "2025-06-01"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("the same file as"), "{}", out.stderr);
    // Any other file is written.
    let out = f.run(&["status", "-o", "out.csv", "--as-of", "2025-06-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_killed_writers_temporary_goes_at_the_next_write_in_its_folder() {
    // Issue 20: a temporary file left by `kill -9` stayed until the next
    // write to the same target.
    let (dir, csv) = plan();
    let left = csv.with_file_name(".figures.csv.cfp-99999.tmp");
    fs::write(&left, "half a row").expect("left behind");
    let out = run_in(
        dir.path(),
        &[
            "status",
            "--plan",
            "p",
            "--as-of",
            "2025-06-01",
            "-o",
            "p/measurements/out.csv",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!left.exists(), "the killed writer's temporary is gone");
}

#[test]
fn record_writes_in_the_files_own_encoding() {
    // Issue 20: `record` appended UTF-8 to a Windows-1252 file, which Excel
    // then showed as `crÃ¨me`.
    let (dir, csv) = plan();
    let mut bytes = fs::read(&csv).expect("csv");
    bytes.extend_from_slice(b"gld,,2023/24,66,,,,,2024-11-20,,Caf\xe9 figure\n");
    fs::write(&csv, &bytes).expect("a Windows-1252 file");
    let out = record(dir.path(), 1, &["--note", "crème brûlée"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = fs::read(&csv).expect("csv");
    assert!(
        std::str::from_utf8(&after).is_err(),
        "still Windows-1252, not mixed"
    );
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&after);
    assert!(!bad);
    assert!(
        text.contains("Café figure") && text.contains("crème brûlée"),
        "{text}"
    );
    // A character Windows-1252 cannot hold is refused, the file left whole.
    let out = record(dir.path(), 2, &["--note", "snowman \u{2603}"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("written in Windows-1252"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&csv).expect("csv"), after);
    // A UTF-8 file stays UTF-8.
    let (dir, csv) = plan();
    let out = record(dir.path(), 1, &["--note", "crème brûlée"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(fs::read_to_string(&csv)
        .expect("UTF-8")
        .contains("crème brûlée"));
}
