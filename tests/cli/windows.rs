//! The Windows binary, run under Wine, against the Linux one: the same
//! results byte for byte on the shipped plan, the same exit codes, and
//! the write rules in Windows' own terms (a read-only attribute, a hard
//! link, a folder, a file Excel holds open, stdout redirected to the
//! target), each with the message a user sees and no debris left.
//!
//! `.ci/run` cross-builds `cfp.exe` (`x86_64-pc-windows-gnu`), the
//! test-only `bcryptprimitives.dll` beside it (tests/windows) and
//! `hold.exe`, installs Wine, and runs these with `--include-ignored`,
//! naming the programs in `CFP_WINDOWS_EXE` and `CFP_WINDOWS_HOLD`.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{root, Run};

const WHY: &str = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this \
                   with --include-ignored";

fn program(var: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{WHY}: set {var}"));
    assert!(path.is_file(), "{var}: {} is not a file", path.display());
    path
}

/// A Windows program under Wine, quiet, run in `dir`.
fn wine(exe: &Path, dir: &Path) -> Command {
    // One Wine server for every test, and Wine's own services started
    // with no output of ours: without the first, a program starting just
    // as the last one's server shuts down loses its connection; without
    // the second, a service would hold a test's stdout pipe open.
    static SERVER: std::sync::Once = std::sync::Once::new();
    SERVER.call_once(|| {
        for (program, arg) in [("wineserver", "-p"), ("wineboot", "--init")] {
            let _ = Command::new(program)
                .arg(arg)
                .env("WINEDEBUG", "-all")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    });
    let mut cmd = Command::new("wine");
    cmd.arg(exe)
        .current_dir(dir)
        .env("WINEDEBUG", "-all")
        .env("NO_COLOR", "1")
        .env_remove("CFP_PLAN")
        .env_remove("CFP_AS_OF")
        .env_remove("COLUMNS");
    cmd
}

fn finish(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `cfp.exe ARGS` under Wine, in `dir`.
fn windows(dir: &Path, args: &[&str]) -> Run {
    finish(wine(&program("CFP_WINDOWS_EXE"), dir).args(args))
}

/// The Linux `cfp ARGS`, in `dir`.
fn linux(dir: &Path, args: &[&str]) -> Run {
    super::run_in(dir, args)
}

/// What both print, the same: stdout byte for byte, stderr with the
/// Windows path separator read as `/` (cfp joins a plan's folder and its
/// files with the platform's separator).
fn same(dir: &Path, args: &[&str]) -> Run {
    let (w, l) = (windows(dir, args), linux(dir, args));
    assert_eq!(w.code, l.code, "exit code of {args:?}: {}", w.stderr);
    assert_eq!(w.stdout, l.stdout, "stdout of {args:?}");
    assert_eq!(w.stderr.replace('\\', "/"), l.stderr, "stderr of {args:?}");
    l
}

/// Every name in `dir`, sorted: debris shows here.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_gives_the_same_status_csv_json_and_board_pack_as_linux() {
    let dir = root();
    for format in ["csv", "json", "markdown"] {
        let out = same(
            &dir,
            &[
                "status",
                "--plan",
                "data",
                "--as-of",
                "2026-02-26",
                "--format",
                format,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.len() > 1000, "{format}: {}", out.stdout);
    }
    let out = same(&dir, &["report", "--plan", "data", "--as-of", "2026-02-26"]);
    assert!(
        out.stdout.starts_with("<!DOCTYPE html>"),
        "{}",
        &out.stdout[..100]
    );
    same(
        &dir,
        &[
            "show",
            "hpv-females",
            "--plan",
            "data",
            "--as-of",
            "2026-02-26",
        ],
    );
    same(
        &dir,
        &[
            "diff",
            "--plan",
            "data",
            "--since",
            "2025-06-01",
            "--as-of",
            "2026-02-26",
        ],
    );
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_gives_the_same_exit_codes_for_check_overdue_and_a_bad_plan() {
    let dir = root();
    assert_eq!(same(&dir, &["check", "--plan", "data"]).code, 0);
    let gate = same(
        &dir,
        &[
            "overdue",
            "--plan",
            "examples/milestones-ci-gate",
            "--as-of",
            "2026-02-26",
            "--fail-on",
            "overdue",
        ],
    );
    assert_eq!(gate.code, 1, "{}", gate.stdout);
    let bad = same(&dir, &["check", "--plan", "tests/errors/bad-melt"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("error[bad-melt]: tests/errors/bad-melt/data.csv:1:1:"),
        "{}",
        bad.stderr
    );
    // A plan path with a drive letter (Wine's Z: is the Linux root).
    let drive = format!("Z:{}", root().join("data").display()).replace('/', "\\");
    let lettered = windows(&dir, &["check", "--plan", &drive]);
    assert_eq!(lettered.code, 0, "{}", lettered.stderr);
    assert_eq!(
        lettered.stdout,
        same(&dir, &["check", "--plan", "data"]).stdout
    );
    // A plan path typed the Windows way reads the same plan.
    let typed = windows(&dir, &["check", "--plan", "tests\\errors\\bad-melt"]);
    assert_eq!(typed.code, 2);
    assert!(
        typed
            .stderr
            .contains("tests\\errors\\bad-melt\\data.csv:1:1:"),
        "{}",
        typed.stderr
    );
}

/// Two copies of the minimal example, one for each binary.
fn two_plans() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = |name: &str| {
        let to = dir.path().join(name);
        let status = Command::new("cp")
            .arg("-r")
            .arg(root().join("examples/minimal"))
            .arg(&to)
            .status()
            .expect("cp");
        assert!(status.success());
        to
    };
    let (w, l) = (copy("w"), copy("l"));
    (dir, w, l)
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_writes_a_valid_workbook_and_records_a_whole_row() {
    let (_dir, w, l) = two_plans();
    let args = ["status", "--as-of", "2025-06-30", "-o", "status.xlsx"];
    assert_eq!(windows(&w, &args).code, 0);
    assert_eq!(linux(&l, &args).code, 0);
    let cells = |path: &Path| {
        let mut book = calamine::open_workbook_auto(path).expect("a workbook");
        let mut all = Vec::new();
        for name in calamine::Reader::sheet_names(&book) {
            let range = calamine::Reader::worksheet_range(&mut book, &name).expect("sheet");
            all.push((name, range.rows().map(|r| r.to_vec()).collect::<Vec<_>>()));
        }
        all
    };
    assert_eq!(cells(&w.join("status.xlsx")), cells(&l.join("status.xlsx")));

    let record = [
        "record",
        "active-adults",
        "2025/26",
        "64.2",
        "--published",
        "2026-01-20",
        "--note",
        "a note, with a comma",
    ];
    let (wr, lr) = (windows(&w, &record), linux(&l, &record));
    assert_eq!((wr.code, lr.code), (0, 0), "{}", wr.stderr);
    let file = "measurements/active-adults.csv";
    let (wf, lf) = (
        fs::read(w.join(file)).expect("w"),
        fs::read(l.join(file)).expect("l"),
    );
    assert_eq!(wf, lf, "the two files after record");
    assert!(String::from_utf8_lossy(&wf).ends_with("\"a note, with a comma\"\n"));
    assert_eq!(
        names(&w.join("measurements")),
        names(&l.join("measurements"))
    );
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_refuses_a_read_only_a_hard_linked_and_a_folder_target_leaving_no_debris() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    fs::write(d.join("old.csv"), "old").expect("write");
    fs::set_permissions(d.join("old.csv"), fs::Permissions::from_mode(0o444)).expect("chmod");
    let plan = root().join("data");
    let plan = plan.to_str().expect("path");
    let status = |out: &str| {
        ["status", "--plan", plan, "--as-of", "2026-02-26", "-o", out].map(String::from)
    };
    let run = |out: &str| {
        windows(
            d,
            &status(out).iter().map(String::as_str).collect::<Vec<_>>(),
        )
    };

    let ro = run("old.csv");
    assert_eq!(ro.code, 2, "{}", ro.stderr);
    assert!(
        ro.stderr.contains(
            "old.csv is read-only: cfp does not replace it; clear its Read-only \
                            attribute (Properties, or attrib -r) to allow"
        ),
        "{}",
        ro.stderr
    );
    assert_eq!(fs::read_to_string(d.join("old.csv")).expect("old"), "old");

    fs::write(d.join("linked.csv"), "linked").expect("write");
    fs::hard_link(d.join("linked.csv"), d.join("other.csv")).expect("link");
    let hl = run("linked.csv");
    assert_eq!(hl.code, 2, "{}", hl.stderr);
    assert!(
        hl.stderr.contains("linked.csv has 2 hard links"),
        "{}",
        hl.stderr
    );
    assert_eq!(
        fs::read_to_string(d.join("other.csv")).expect("other"),
        "linked"
    );

    fs::create_dir(d.join("folder.csv")).expect("folder");
    let folder = run("folder.csv");
    assert_eq!(folder.code, 2, "{}", folder.stderr);
    assert!(
        folder.stderr.contains("folder.csv is a folder"),
        "{}",
        folder.stderr
    );

    assert_eq!(
        names(d),
        ["folder.csv", "linked.csv", "old.csv", "other.csv"]
    );
    let fine = run("new.csv");
    assert_eq!(fine.code, 0, "{}", fine.stderr);
    assert_eq!(
        names(d),
        [
            "folder.csv",
            "linked.csv",
            "new.csv",
            "old.csv",
            "other.csv"
        ]
    );
}

/// `hold.exe FILE MODE` holding `file` open (as Excel does, or as a
/// reader that lets it be replaced) until the returned child's stdin
/// closes.
fn hold(dir: &Path, file: &str, mode: &str) -> std::process::Child {
    let mut child = wine(&program("CFP_WINDOWS_HOLD"), dir)
        .args([file, mode])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("hold.exe starts");
    let mut line = String::new();
    let out = child.stdout.as_mut().expect("stdout");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).expect("read");
    assert_eq!(line.trim(), "held", "hold.exe did not open {file}");
    child
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_says_close_it_in_excel_and_keeps_the_file_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    fs::write(d.join("board.html"), "the last board's pack").expect("write");
    let plan = root().join("data");
    let args = [
        "report",
        "--plan",
        plan.to_str().expect("path"),
        "--as-of",
        "2026-02-26",
        "-o",
        "board.html",
    ];
    let mut excel = hold(d, "board.html", "excel");
    let out = windows(d, &args);
    let _ = excel.stdin.take().map(|mut s| s.write_all(b"done"));
    let _ = excel.wait();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("board.html is open in another program (Excel?)")
            && out.stderr.contains("close it in Excel and run again"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(d.join("board.html")).expect("kept"),
        "the last board's pack"
    );
    assert_eq!(names(d), ["board.html"]);

    // A reader that shares the file for deleting (most viewers): Windows
    // 10 and later let it be replaced (Rust's rename asks for POSIX
    // semantics); Wine 8 does not, and cfp then says so as above. Either
    // way the file is whole, the old or the new, and nothing is left.
    let mut reader = hold(d, "board.html", "reader");
    let out = windows(d, &args);
    let _ = reader.stdin.take().map(|mut s| s.write_all(b"done"));
    let _ = reader.wait();
    let now = fs::read_to_string(d.join("board.html")).expect("whole");
    match out.code {
        0 => assert!(now.starts_with("<!DOCTYPE html>"), "{now}"),
        2 => {
            assert!(
                out.stderr.contains("close it in Excel and run again"),
                "{}",
                out.stderr
            );
            assert_eq!(now, "the last board's pack");
        }
        code => panic!("exit {code}: {}", out.stderr),
    }
    assert_eq!(names(d), ["board.html"]);
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_writes_to_stdout_when_the_target_is_where_stdout_goes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let target = d.join("out.csv");
    let file = fs::File::create(&target).expect("create");
    let plan = root().join("data");
    let out = wine(&program("CFP_WINDOWS_EXE"), d)
        .args([
            "status",
            "--plan",
            plan.to_str().expect("path"),
            "--as-of",
            "2026-02-26",
        ])
        .args(["--format", "csv", "-o", "out.csv"])
        .stdout(Stdio::from(file))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = fs::read_to_string(&target).expect("out.csv");
    assert!(written.starts_with("priority,commitment,id,"), "{written}");
    assert_eq!(names(d), ["out.csv"]);
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_writes_no_escape_codes_when_its_output_is_redirected() {
    let out = wine(&program("CFP_WINDOWS_EXE"), &root())
        .env_remove("NO_COLOR")
        .args(["status", "--plan", "data", "--as-of", "2026-02-26"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("RED"), "{text}");
    assert!(!text.contains('\x1b'), "escape codes in redirected output");
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_reads_a_crlf_plan_and_a_bom_csv_as_linux_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let plan = fs::read_to_string(root().join("examples/minimal/cfp.toml")).expect("plan");
    fs::write(d.join("cfp.toml"), plan.replace('\n', "\r\n")).expect("crlf plan");
    fs::create_dir(d.join("measurements")).expect("folder");
    let csv = fs::read_to_string(root().join("examples/minimal/measurements/active-adults.csv"))
        .expect("csv");
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(csv.replace('\n', "\r\n").bytes());
    fs::write(d.join("measurements/active-adults.csv"), bom).expect("bom csv");
    let out = same(d, &["status", "--as-of", "2025-06-30", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let plain = linux(
        &root(),
        &[
            "status",
            "--plan",
            "examples/minimal",
            "--as-of",
            "2025-06-30",
            "--format",
            "csv",
        ],
    );
    assert_eq!(out.stdout, plain.stdout, "CRLF and a BOM change nothing");
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_stops_quietly_when_its_reader_stops_early() {
    // `cfp status | Select-Object -First 1`: the pipe closes under cfp.
    let mut child = wine(&program("CFP_WINDOWS_EXE"), &root())
        .args([
            "status",
            "--plan",
            "data",
            "--as-of",
            "2026-02-26",
            "--format",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    {
        let out = child.stdout.take().expect("stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut first).expect("read");
    }
    let out = child.wait_with_output().expect("ends");
    assert!(first.starts_with("priority,commitment,id,"), "{first}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_refuses_a_device_name_as_the_target() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = root().join("data");
    for target in ["NUL", "CON", "COM1.csv"] {
        let out = windows(
            dir.path(),
            &[
                "status",
                "--plan",
                plan.to_str().expect("path"),
                "-o",
                target,
            ],
        );
        assert_eq!(out.code, 2, "{target}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!(
                "{target} is a device: cfp writes results only to regular files"
            )),
            "{}",
            out.stderr
        );
    }
    assert!(names(dir.path()).is_empty(), "no debris");
}

#[test]
#[ignore = "needs Wine and the cross-built cfp.exe; .ci/run builds them and runs this with --include-ignored"]
fn windows_gives_the_same_for_every_other_command() {
    let dir = root();
    same(
        &dir,
        &[
            "inspect",
            "tests/fixtures/ons/adult-smoking.xlsx",
            "--format",
            "json",
        ],
    );
    same(
        &dir,
        &[
            "league",
            "--plan",
            "tests/fixtures/publishers/trafford",
            "--as-of",
            "2018-06-01",
            "--format",
            "csv",
        ],
    );
    same(&dir, &["check", "--plan", "tests/fixtures/ascof"]);
    same(&dir, &["check", "--plan", "tests/fixtures/ons"]);
    same(&dir, &["completions", "powershell"]);
    same(&dir, &["man", "status"]);
    // `init` writes the same plan, file for file.
    let (w, l) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    assert_eq!(windows(w.path(), &["init", "p"]).code, 0);
    assert_eq!(linux(l.path(), &["init", "p"]).code, 0);
    for file in ["p/cfp.toml", "p/measurements/figures.csv"] {
        assert_eq!(
            fs::read(w.path().join(file)).expect("windows"),
            fs::read(l.path().join(file)).expect("linux"),
            "{file}"
        );
    }
}
