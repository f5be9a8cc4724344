//! `cfp fetch fingertips`, against a server on 127.0.0.1 that answers as
//! the Fingertips API does, or as it does on a bad day. No test reaches
//! any other address.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

use super::{run_in, Edit, Fixture, Run};

/// The export the server answers with, 852 rows of indicator 93356.
fn export() -> Vec<u8> {
    std::fs::read(super::root().join("tests/corpus/fingertips/campylobacter-93356-ragged.csv"))
        .expect("corpus file")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip")
}

/// The export's header line, line break included.
fn header(export: &[u8]) -> &[u8] {
    &export[..export.iter().position(|&b| b == b'\n').expect("a header") + 1]
}

/// Serves requests until the test ends: the first segment of the path says
/// how to answer (`ok`, `error`, `cut`, `html`, `silent`, `gzip`,
/// `endless`, `bomb`, and the well-framed but wrong answers of `wrong`).
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream) {
    let mut request = Vec::new();
    let mut buf = [0; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&request)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let export = export();
    let reply = |status: &str, body: &[u8], length: usize| {
        let mut r = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/csv\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    };
    let bytes = if line.contains(" /ok/all_data/csv/by_indicator_id?indicator_ids=93356&child_area_type_id=502&parent_area_type_id=15 ") {
        reply("200 OK", &export, export.len())
    } else if line.contains(" /error/") {
        reply("500 Internal Server Error", b"oops", 4)
    } else if line.contains(" /hostile/") {
        reply("502 Bad Gateway", HOSTILE.as_bytes(), HOSTILE.len())
    } else if line.contains(" /hostile-ok/") {
        reply("200 OK", HOSTILE.as_bytes(), HOSTILE.len())
    } else if line.contains(" /cut/") {
        reply("200 OK", &export[..5000], export.len())
    } else if line.contains(" /html/") {
        let page = b"<!DOCTYPE html><html><body>Service unavailable</body></html>\n";
        reply("200 OK", page, page.len())
    } else if line.contains(" /silent/") {
        std::thread::sleep(Duration::from_secs(30));
        return;
    } else if line.contains(" /gzip/") {
        let body = gzip(&export);
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        [head.as_bytes(), &body].concat()
    } else if line.contains(" /bomb/") {
        // 4 MiB of rows that zip to a few KB: under a 1 MiB limit as sent,
        // far over it decoded.
        let row = export.split(|&b| b == b'\n').nth(3).expect("a row");
        let mut whole = header(&export).to_vec();
        while whole.len() < 4 << 20 {
            whole.extend_from_slice(row);
            whole.push(b'\n');
        }
        let body = gzip(&whole);
        assert!(body.len() < 1 << 20, "the bomb is small as sent");
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        [head.as_bytes(), &body].concat()
    } else if let Some(body) = wrong(&line, &export) {
        reply("200 OK", &body, body.len())
    } else if line.contains(" /endless/") {
        // No length: the body ends when the connection does, which is
        // when cfp hangs up.
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nConnection: close\r\n\r\n");
        let _ = stream.write_all(&export);
        let row = export.split(|&b| b == b'\n').nth(3).expect("a row");
        while stream.write_all(row).is_ok() {}
        return;
    } else {
        reply("404 Not Found", b"", 0)
    };
    let _ = stream.write_all(&bytes);
}

/// A body written to take over a terminal: an OSC 8 link, a bell, a
/// screen clear, and then far more than a message should hold.
const HOSTILE: &str =
    "\x1b]8;;https://evil.example/\x1b\\upstream failed\x1b]8;;\x1b\\\x07\x1b[2J\x1b[31m\r\n\
    the rest of this page is padding: padding padding padding padding padding padding padding \
    padding padding padding padding padding padding padding padding padding padding padding \
    padding padding padding padding padding padding padding padding padding padding padding \
    padding padding padding padding padding padding padding padding padding padding padding \
    padding padding padding padding padding padding padding padding padding padding THE END\n";

/// An answer that is whole as HTTP (its length as said) but not a whole
/// export: `header` only, `junk` after the header, `midrow` (cut part way
/// through a row), `quoted` (cut after a line break inside a quoted
/// name), `giant` (a row of 2 MiB), `short` (its first 100 rows, cut at a
/// row's end),
/// `any` (the export whatever is asked), `other` (another
/// indicator's rows), `nan` (a value that is no number).
fn wrong(line: &str, export: &[u8]) -> Option<Vec<u8>> {
    let mode = line.split('/').nth(1)?;
    let text = String::from_utf8_lossy(export);
    Some(match mode {
        "header" => header(export).to_vec(),
        "junk" => [
            header(export),
            b"<html><body>Service unavailable</body></html>\n",
        ]
        .concat(),
        "midrow" => {
            let row = text[5000..].find("\n93356,").expect("a row") + 5000;
            export[..row + 10].to_vec()
        }
        "short" => {
            // Records end CRLF; the line break inside a quoted name is LF.
            let end = text.match_indices("\r\n").nth(100).expect("101 lines").0;
            export[..end + 2].to_vec()
        }
        "quoted" => {
            let row = text
                .match_indices("\r\n93356,\"")
                .nth(49)
                .expect("50 rows")
                .0;
            let inside = text[row + 2..]
                .find('\n')
                .expect("a line break in the name")
                + row
                + 2;
            export[..inside + 1].to_vec()
        }
        "giant" => [header(export), b"93356,\"", &vec![b'a'; 2 << 20], b"\"\n"].concat(),
        "any" => export.to_vec(),
        "other" => text.edit("\n93356,", "\n90284,").into_bytes(),
        "nan" => text.replacen("94.7261896202678", "NaN", 1).into_bytes(),
        _ => return None,
    })
}

/// `cfp fetch fingertips 93356 --area-type 502` against `{base}/{mode}`,
/// in `dir`, with the download limit lowered to `limit` bytes if given.
fn fetch(dir: &Path, base: &str, mode: &str, limit: Option<u64>, extra: &[&str]) -> Run {
    let mut cmd = super::cfp();
    cmd.current_dir(dir).args([
        "fetch",
        "fingertips",
        "93356",
        "--area-type",
        "502",
        "--timeout",
        "20",
        "--base-url",
        &format!("{base}/{mode}"),
    ]);
    cmd.args(extra);
    if let Some(limit) = limit {
        cmd.env("CFP_FETCH_LIMIT", limit.to_string());
    }
    let out = cmd.output().expect("cfp runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The names in `dir`, sorted: a refused fetch leaves no temporary.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const FILE: &str = "fingertips-93356-area-type-502.csv";

/// Runs a fetch that must be refused: exit 2, a message holding
/// `expected`, the earlier export byte for byte where it was, and nothing
/// else left in the folder.
fn refused(mode: &str, limit: Option<u64>, extra: &[&str], expected: &[&str]) -> Run {
    refused_from(&server(), mode, limit, extra, expected)
}

fn refused_from(
    base: &str,
    mode: &str,
    limit: Option<u64>,
    extra: &[&str],
    expected: &[&str],
) -> Run {
    let f = Fixture::new(PLAN).file(FILE, export());
    let before = names(f.path());
    let out = fetch(f.path(), base, mode, limit, extra);
    assert_eq!(out.code, 2, "{mode}: {}{}", out.stdout, out.stderr);
    for expected in expected {
        assert!(out.stderr.contains(expected), "{mode}: {}", out.stderr);
    }
    assert!(
        std::fs::read(f.path().join(FILE)).expect("file") == export(),
        "{mode}: the earlier export changed"
    );
    assert_eq!(names(f.path()), before, "{mode}");
    out
}

const PLAN: &str = "[plan]\ntitle = \"T\"\narea = \"Trafford\"\ncomparators = [\"England\"]\n\
    [[priority]]\nid = \"p\"\ntitle = \"P\"\n";

#[test]
fn fetch_downloads_an_export_and_prints_the_source_that_reads_it() {
    let base = server();
    let f = Fixture::new(PLAN);
    let out = run_in(
        f.path(),
        &[
            "fetch",
            "fingertips",
            "93356",
            "--area-type",
            "502",
            "--base-url",
            &format!("{base}/ok"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = f.path().join("fingertips-93356-area-type-502.csv");
    let expected =
        std::fs::read(super::root().join("tests/corpus/fingertips/campylobacter-93356-ragged.csv"))
            .expect("corpus");
    assert_eq!(std::fs::read(&file).expect("downloaded"), expected);
    assert!(out.stderr.contains("wrote 852 rows"), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("files = [\"fingertips-93356-area-type-502.csv\"]")
            && out.stdout.contains("preset = \"fingertips\""),
        "{}",
        out.stdout
    );
    // The printed stanza reads the file.
    let stanza: String = out
        .stdout
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let plan = format!(
        "{PLAN}{}\nindicator = \"c\"\n[[indicator]]\nid = \"c\"\npriority = \"p\"\ntitle = \"C\"\nunit = \"rate\"\nper = 100000\npolarity = \"lower\"\n",
        stanza.edit("where = { Sex = \"Persons\" }", "where = { Sex = \"Persons\", Age = \"All ages\" }")
    );
    std::fs::write(f.path().join("cfp.toml"), plan).expect("plan");
    let check = run_in(f.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains("6 figures"), "{}", check.stdout);
}

#[test]
fn a_failed_fetch_is_a_clear_error_and_leaves_the_earlier_file_whole() {
    let base = server();
    let f = Fixture::new(PLAN).file("fingertips-93356-area-type-502.csv", "earlier download\n");
    for (mode, expected) in [
        ("error", "answered 500 Internal Server Error"),
        ("cut", "broke off"),
        (
            "html",
            "not a Fingertips CSV export (it starts `<!DOCTYPE html>",
        ),
        ("silent", "cannot download"),
    ] {
        let out = run_in(
            f.path(),
            &[
                "fetch",
                "fingertips",
                "93356",
                "--area-type",
                "502",
                "--timeout",
                "2",
                "--base-url",
                &format!("{base}/{mode}"),
            ],
        );
        assert_eq!(out.code, 2, "{mode}: {}", out.stdout);
        assert!(out.stderr.contains(expected), "{mode}: {}", out.stderr);
        assert_eq!(
            std::fs::read_to_string(f.path().join("fingertips-93356-area-type-502.csv"))
                .expect("file"),
            "earlier download\n",
            "{mode}"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(f.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `-q` is quiet, `-o FILE.csv` names the file (not a format) and `-o -`
/// sends the export itself to stdout (issue 19).
#[test]
fn fetch_is_quiet_with_q_and_writes_where_o_says() {
    let base = server();
    let f = Fixture::new(PLAN);
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "fetch".to_string(),
            "fingertips".into(),
            "93356".into(),
            "--area-type".into(),
            "502".into(),
            "--base-url".into(),
            format!("{base}/ok"),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let run = |extra: &[&'static str]| {
        let a = args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        run_in(f.path(), &a)
    };
    let quiet = run(&["-q"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    let named = run(&["-o", "campylobacter.csv"]);
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(f.path().join("campylobacter.csv").is_file());
    assert!(named.stdout.contains("files = [\"campylobacter.csv\"]"));
    let piped = run(&["-o", "-"]);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    let expected =
        std::fs::read(super::root().join("tests/corpus/fingertips/campylobacter-93356-ragged.csv"))
            .expect("corpus");
    assert_eq!(piped.stdout.as_bytes(), &expected[..]);
}

/// A gzipped answer is unzipped as it streams in.
#[test]
fn a_gzipped_answer_is_written_unzipped() {
    let base = server();
    let f = Fixture::new(PLAN);
    let out = fetch(f.path(), &base, "gzip", None, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::read(f.path().join(FILE)).expect("file") == export());
}

/// An answer that never ends, or a small gzip that unzips to far more, is
/// refused at the limit rather than filling memory or the disk (the limit
/// is lowered to 1 MiB so that the test takes a second, not 2 GiB).
#[test]
fn an_endless_answer_or_a_gzip_bomb_stops_at_the_limit() {
    for mode in ["endless", "bomb"] {
        refused(
            mode,
            Some(1 << 20),
            &[],
            &["is over 1 MiB, more than any Fingertips export: nothing was written"],
        );
    }
    // A limit the test cannot mean is an error, not the default.
    let f = Fixture::new(PLAN);
    let mut cmd = super::cfp();
    let out = cmd
        .current_dir(f.path())
        .args(["fetch", "fingertips", "1", "--area-type", "502"])
        .env("CFP_FETCH_LIMIT", "lots")
        .output()
        .expect("cfp runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("CFP_FETCH_LIMIT is `lots`, not a number of bytes"));
}

/// An answer replaces the earlier export only when it is one whole: rows
/// as the publisher writes them, every id asked for, ending with a line
/// break (issue 20).
#[test]
fn only_a_whole_export_replaces_the_earlier_one() {
    let answer = "of the answer from http://127.0.0.1:";
    refused(
        "header",
        None,
        &[],
        &["has a header but no rows: has indicator 93356 data for area type 502? nothing was written"],
    );
    refused(
        "junk",
        None,
        &[],
        &[
            &format!("row 1 {answer}"),
            "has 1 field where the header has 26 (it reads `<html><body>Service unavailable</body></html>`): nothing was written",
        ],
    );
    refused(
        "midrow",
        None,
        &[],
        &["stops part way through a row: nothing was written"],
    );
    refused(
        "quoted",
        None,
        &[],
        &["stops inside a quoted cell, part way through a row: nothing was written"],
    );
    refused(
        "giant",
        None,
        &[],
        &["is not a Fingertips CSV export: it has a row over 1 MiB long (it starts `Indicator ID,Indicator Name,"],
    );
    refused(
        "other",
        None,
        &[],
        &[
            &format!("row 1 {answer}"),
            "has `Indicator ID` `90284`, not one of the ids asked for (93356)",
        ],
    );
    refused(
        "nan",
        None,
        &[],
        &[
            &format!("row 1 {answer}"),
            "has `Value` `NaN`, which is neither a number nor empty",
        ],
    );
    // Asked for two, given one: named, whatever the order asked.
    refused(
        "any",
        None,
        &["90284", "-o", FILE],
        &["has no rows for indicator 90284 (of 90284, 93356 asked for)"],
    );
}

/// An answer of under half the earlier file's rows is more likely cut
/// short than the data withdrawn: refused unless `--allow-shrink`.
#[test]
fn a_much_smaller_answer_replaces_the_earlier_export_only_when_allowed() {
    refused(
        "short",
        None,
        &[],
        &[
            "has 100 rows, under half the 852 of",
            "fingertips-93356-area-type-502.csv: a download that shrinks this much is more often cut short than the data withdrawn, so the file is unchanged (--allow-shrink replaces it)",
        ],
    );
    let base = server();
    let f = Fixture::new(PLAN).file(FILE, export());
    let out = fetch(f.path(), &base, "short", None, &["--allow-shrink"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("wrote 100 rows"), "{}", out.stderr);
    // With no earlier file there is nothing to compare with.
    std::fs::remove_file(f.path().join(FILE)).expect("remove");
    let out = fetch(f.path(), &base, "short", None, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// What a server says reaches the terminal as text, cut short: no escape
/// sequence, link or bell (issue 20).
#[test]
fn a_servers_words_are_sanitised_and_cut_short() {
    for (mode, expected) in [
        (
            "hostile",
            "answered 502 Bad Gateway: `\u{FFFD}]8;;https://evil.example/\u{FFFD}\\upstream failed",
        ),
        (
            "hostile-ok",
            "is not a Fingertips CSV export (it starts `\u{FFFD}]8;;https://evil.example/",
        ),
    ] {
        let out = refused(mode, None, &[], &[expected]);
        assert!(
            !out.stderr.contains(['\x1b', '\x07', '\r']),
            "{mode}: {:?}",
            out.stderr
        );
        assert!(!out.stderr.contains("THE END"), "{mode}: {}", out.stderr);
        assert!(out.stderr.len() < 700, "{mode}: {}", out.stderr);
    }
}

/// A user name and password in `--base-url` are sent to the server and
/// never printed: not on success, nor in any failure's message.
#[test]
fn credentials_in_the_base_url_are_never_printed() {
    let base = server();
    let with = |userinfo: &str| base.replacen("http://", &format!("http://{userinfo}@"), 1);
    let out = refused_from(
        &with("user:secret"),
        "hostile",
        None,
        &[],
        &["http://***@127.0.0.1:"],
    );
    assert!(
        !out.stderr.contains("secret") && !out.stderr.contains("user"),
        "{}",
        out.stderr
    );
    let out = refused_from(
        &with("user:secret"),
        "short",
        None,
        &[],
        &["the answer from http://***@127.0.0.1:"],
    );
    assert!(!out.stderr.contains("secret"), "{}", out.stderr);
    // Nothing listens on port 1; a `/` in the password confuses a URL
    // parser, and ureq quotes the URL in its own error.
    for base in [
        "http://user:secret@127.0.0.1:1",
        "http://user:se/cret@127.0.0.1:1",
    ] {
        let f = Fixture::new(PLAN);
        let out = fetch(f.path(), base, "ok", None, &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr.contains("cannot download http://***@"),
            "{}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("secret")
                && !out.stderr.contains("cret")
                && !out.stderr.contains("user"),
            "{}",
            out.stderr
        );
    }
    // Not a web address at all: refused before any network, still hidden.
    let f = Fixture::new(PLAN);
    let out = fetch(f.path(), "ftp user:secret@127.0.0.1:1", "ok", None, &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("--base-url ***@127.0.0.1:1/ok is not an http:// or https:// address"),
        "{}",
        out.stderr
    );
    let out = fetch(f.path(), &with("user:secret"), "ok", None, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !format!("{}{}", out.stdout, out.stderr).contains("secret"),
        "{}{}",
        out.stdout,
        out.stderr
    );
}

/// A target that may not be replaced is refused before anything is
/// downloaded (the server here would keep cfp waiting 20 seconds).
#[test]
fn a_target_that_cannot_be_replaced_is_refused_before_downloading() {
    use std::os::unix::fs::PermissionsExt as _;
    let base = server();
    let f = Fixture::new(PLAN).file(FILE, export());
    let file = f.path().join(FILE);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let started = std::time::Instant::now();
    let out = fetch(f.path(), &base, "silent", None, &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("is read-only"), "{}", out.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "it waited for the server"
    );
    assert!(std::fs::read(&file).expect("file") == export());
    assert_eq!(names(f.path()), ["cfp.toml", FILE]);
}

/// The download replaces the file a symlink names, also one not made yet,
/// and the link stays a link (docs/decisions.md, "Writes").
#[test]
fn a_symlinked_target_keeps_its_link() {
    let base = server();
    for earlier in [Some(export()), None] {
        let f = Fixture::new(PLAN).file("data/keep", "");
        let real = f.path().join("data/export.csv");
        if let Some(earlier) = &earlier {
            std::fs::write(&real, earlier).expect("earlier");
        }
        std::os::unix::fs::symlink("data/export.csv", f.path().join(FILE)).expect("symlink");
        let out = fetch(f.path(), &base, "ok", None, &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let link = std::fs::symlink_metadata(f.path().join(FILE)).expect("link");
        assert!(link.file_type().is_symlink());
        assert!(std::fs::read(&real).expect("real") == export());
        assert_eq!(names(&f.path().join("data")), ["export.csv", "keep"]);
    }
}
