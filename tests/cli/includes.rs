//! Includes are regular `.toml` files under the plan's folder, read with a
//! size limit, and an error never quotes a file that is not a plan file: a
//! plan from an untrusted branch cannot make cfp read the environment, a
//! file outside its folder, a FIFO (which would hang) or an endless device.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{Fixture, Run};

fn plan(include: &str) -> String {
    format!(
        "include = [{include}]\n\n[plan]\ntitle = \"Includes\"\narea = \"Testshire\"\n\n\
         [[priority]]\nid = \"p\"\ntitle = \"Priority\"\n"
    )
}

/// Runs `cfp check` in `dir` with `env` set, killing it (and failing) if it
/// has not finished in ten seconds.
fn check_within_ten_seconds(dir: &Path, args: &[&str], env: (&str, &str)) -> Run {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cfp"))
        .current_dir(dir)
        .env_remove("CFP_PLAN")
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .env(env.0, env.1)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cfp starts");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("cfp can be waited on").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().expect("cfp can be killed");
            child.wait().expect("cfp is reaped");
            panic!("cfp check did not finish in 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("cfp's output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const MARKER: (&str, &str) = ("CFP_TEST_SECRET", "s3cr3t-token-5f1d0c");

fn refused(out: &Run, what: &str) {
    assert_eq!(out.code, 2, "{what} should be refused: {}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(
        !out.stderr.contains(MARKER.1),
        "{what}: the environment leaked into stderr: {}",
        out.stderr
    );
}

#[test]
#[cfg(target_os = "linux")]
fn the_environment_is_never_read_or_quoted() {
    for pattern in [
        "\"/proc/self/environ\"",
        "\"/proc/self/environ*\"",
        "\"../../../../../../../proc/self/environ\"",
    ] {
        let f = Fixture::new(&plan(pattern));
        let out = check_within_ten_seconds(f.path(), &[], MARKER);
        refused(&out, pattern);
        assert!(
            out.stderr.contains("plan's folder"),
            "{pattern}: {}",
            out.stderr
        );
    }
    // Named as the plan itself, it is no plan file either.
    let f = Fixture::new(&plan(""));
    let out = check_within_ten_seconds(f.path(), &["--plan", "/proc/self/environ"], MARKER);
    refused(&out, "--plan /proc/self/environ");
    // Nor is a cfp.toml that links to it.
    let dir = tempfile::tempdir().expect("a temp dir");
    std::os::unix::fs::symlink("/proc/self/environ", dir.path().join("cfp.toml")).expect("symlink");
    let out = check_within_ten_seconds(dir.path(), &[], MARKER);
    refused(&out, "cfp.toml linked to /proc/self/environ");
    assert!(out.stderr.contains("not a plan file"), "{}", out.stderr);
}

#[test]
fn an_include_that_escapes_the_folder_is_refused() {
    let outer = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        outer.path().join("outside.toml"),
        "[[priority]]\nid = \"q\"\ntitle = \"Outside\"\n",
    )
    .expect("write outside.toml");
    let inner = outer.path().join("plan");
    std::fs::create_dir(&inner).expect("create plan folder");
    std::fs::write(inner.join("cfp.toml"), plan("\"../outside.toml\"")).expect("write plan");
    let out = check_within_ten_seconds(&inner, &[], MARKER);
    refused(&out, "../outside.toml");
    assert!(
        out.stderr
            .contains("include `../outside.toml` leaves the plan's folder"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("cfp.toml:1:12"),
        "located at the pattern: {}",
        out.stderr
    );
}

#[test]
#[cfg(unix)]
fn a_symlink_out_of_the_folder_is_refused() {
    let outer = tempfile::tempdir().expect("a temp dir");
    let secret = outer.path().join("secret.toml");
    std::fs::write(&secret, format!("token = \"{}\"\n", MARKER.1)).expect("write secret");
    let f = Fixture::new(&plan("\"parts/*.toml\""));
    std::fs::create_dir(f.path().join("parts")).expect("create parts");
    std::os::unix::fs::symlink(&secret, f.path().join("parts/a.toml")).expect("symlink");
    let out = check_within_ten_seconds(f.path(), &[], MARKER);
    refused(&out, "a symlink out of the folder");
    assert!(
        out.stderr.contains("outside the plan's folder"),
        "{}",
        out.stderr
    );

    // A symlink that stays inside the folder is an ordinary include.
    let f = Fixture::new(&plan("\"parts/*.toml\""))
        .file("shared/q.toml", "[[priority]]\nid = \"q\"\ntitle = \"Q\"\n");
    std::fs::create_dir(f.path().join("parts")).expect("create parts");
    std::os::unix::fs::symlink(
        f.path().join("shared/q.toml"),
        f.path().join("parts/q.toml"),
    )
    .expect("symlink");
    let out = check_within_ten_seconds(f.path(), &[], MARKER);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
#[cfg(unix)]
fn a_fifo_matched_by_a_glob_is_refused_without_opening_it() {
    let f = Fixture::new(&plan("\"parts/*.toml\""));
    std::fs::create_dir(f.path().join("parts")).expect("create parts");
    let fifo = f.path().join("parts/pipe.toml");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
    }
    let out = check_within_ten_seconds(f.path(), &[], MARKER);
    refused(&out, "a FIFO");
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);

    // The same for the plan itself, named by --plan.
    let out = check_within_ten_seconds(f.path(), &["--plan", &fifo.to_string_lossy()], MARKER);
    refused(&out, "--plan FIFO");
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
}

#[test]
#[cfg(unix)]
fn a_device_is_refused() {
    let f = Fixture::new(&plan(""));
    let out = check_within_ten_seconds(f.path(), &["--plan", "/dev/zero"], MARKER);
    refused(&out, "--plan /dev/zero");
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
}

#[test]
fn a_huge_include_is_refused_by_its_size() {
    // 70 MiB of comment: valid TOML, so only the size can refuse it.
    let mut huge = String::from("[[priority]]\nid = \"q\"\ntitle = \"Q\"\n");
    let line = format!("# {}\n", "x".repeat(1021));
    while huge.len() < 70 * 1024 * 1024 {
        huge.push_str(&line);
    }
    let f = Fixture::new(&plan("\"big.toml\"")).file("big.toml", huge);
    let out = check_within_ten_seconds(f.path(), &[], MARKER);
    refused(&out, "a 70 MiB include");
    assert!(out.stderr.contains("larger than 64 MiB"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("xxxxxxxx"),
        "the file is not quoted: {}",
        out.stderr
    );
}

#[test]
fn only_toml_files_are_plan_files_and_others_are_never_quoted() {
    let f = Fixture::new(&plan("\"parts/*\""))
        .file("parts/notes.txt", format!("not toml at all {}\n", MARKER.1));
    let out = check_within_ten_seconds(f.path(), &[], MARKER);
    refused(&out, "a .txt include");
    assert!(out.stderr.contains("not a plan file"), "{}", out.stderr);
}
