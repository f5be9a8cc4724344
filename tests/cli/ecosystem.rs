//! At home in the shell: completions and manual pages generated from the
//! command line's own definition, and `--version`.

use super::run;

const COMMANDS: &[&str] = &[
    "status",
    "check",
    "overdue",
    "show",
    "report",
    "diff",
    "record",
    "init",
    "completions",
    "man",
];

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.len() > 500, "{shell}: {}", out.stdout);
        for command in COMMANDS {
            assert!(out.stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

/// Renders a roff page with man-db, as `man -l` shows it.
fn rendered(page: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("page.1");
    std::fs::write(&file, page).expect("write page");
    let out = std::process::Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
        .expect("man-db's man is installed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs man-db's man; .ci/run installs it and runs this with --include-ignored"]
fn the_manual_page_renders_with_man() {
    let out = run(&["man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = rendered(&out.stdout);
    assert!(text.contains("NAME"), "{text}");
    assert!(text.contains("Exit codes: 0 done"), "{text}");
    for command in COMMANDS {
        assert!(
            text.contains(&format!("cfp-{command}(1)")),
            "lacks {command}: {text}"
        );
    }
    let status = run(&["man", "status"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let text = rendered(&status.stdout);
    assert!(
        text.contains("cfp-status") && text.contains("--priority"),
        "{text}"
    );
    let none = run(&["man", "nope"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("cfp has no command `nope`"),
        "{}",
        none.stderr
    );
}

#[test]
fn the_version_is_named() {
    let out = run(&["--version"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout.trim(),
        format!("cfp {}", env!("CARGO_PKG_VERSION"))
    );
}
