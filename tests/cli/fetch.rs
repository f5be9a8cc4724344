//! `cfp fetch fingertips`, against a server on 127.0.0.1 that answers as
//! the Fingertips API does, or as it does on a bad day. No test reaches
//! any other address.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use super::{run_in, Edit, Fixture};

/// Serves requests until the test ends: the first segment of the path says
/// how to answer (`ok`, `error`, `cut`, `html`, `silent`).
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
    let export =
        std::fs::read(super::root().join("tests/corpus/fingertips/campylobacter-93356-ragged.csv"))
            .expect("corpus file");
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
    } else if line.contains(" /cut/") {
        reply("200 OK", &export[..5000], export.len())
    } else if line.contains(" /html/") {
        let page = b"<!DOCTYPE html><html><body>Service unavailable</body></html>\n";
        reply("200 OK", page, page.len())
    } else if line.contains(" /silent/") {
        std::thread::sleep(Duration::from_secs(30));
        return;
    } else {
        reply("404 Not Found", b"", 0)
    };
    let _ = stream.write_all(&bytes);
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
