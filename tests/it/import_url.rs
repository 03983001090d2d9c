//! `add URL`: web pages fetched from a local HTTP server started by the test (127.0.0.1, a
//! thread per server), imported as the saved pages are, with the address as the source when the
//! page names none; each failure one clear line and nothing stored.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use common::{TestEnv, repo};
use serde_json::Value;

/// A canned answer: status line, headers, body.
struct Answer {
    status: &'static str,
    headers: Vec<String>,
    body: Vec<u8>,
}

fn ok(content_type: &str, body: Vec<u8>) -> Answer {
    Answer { status: "200 OK", headers: vec![format!("Content-Type: {content_type}")], body }
}

/// Serves `route` answers on 127.0.0.1 until the test ends; the base address.
fn serve(route: fn(&str) -> Option<Answer>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap();
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                let Some(answer) = route(&path) else {
                    // Never answers: the client's timeout must end the wait.
                    std::thread::sleep(std::time::Duration::from_secs(30));
                    return;
                };
                let mut head = format!(
                    "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    answer.status,
                    answer.body.len()
                );
                for h in &answer.headers {
                    head.push_str(h);
                    head.push_str("\r\n");
                }
                head.push_str("\r\n");
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&answer.body);
            });
        }
    });
    base
}

fn page(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/data/web-pages").join(name)).unwrap()
}

fn route(path: &str) -> Option<Answer> {
    Some(match path {
        "/fed" => ok("text/html; charset=utf-8", page("fed-2020-03-15.html")),
        "/belarus" => ok("text/html; charset=windows-1251", page("belarus-mfa-2021-12-06.html")),
        "/moved" => {
            Answer { status: "302 Found", headers: vec!["Location: /belarus".into()], body: Vec::new() }
        }
        "/loop" => Answer { status: "302 Found", headers: vec!["Location: /loop".into()], body: Vec::new() },
        "/gone" => Answer {
            status: "404 Not Found",
            headers: vec!["Content-Type: text/html".into()],
            body: b"<p>Not here.</p>".to_vec(),
        },
        "/logo" => ok("image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
        "/sap" => ok("application/pdf", page("omb-2019-01-03.pdf")),
        "/letter" => ok(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK\x03\x04".to_vec(),
        ),
        "/slow" => return None,
        _ => Answer { status: "404 Not Found", headers: Vec::new(), body: Vec::new() },
    })
}

fn meeting(env: &TestEnv) -> (Value, Vec<String>) {
    let shown: Value = serde_json::from_str(&env.ok(&["show", "s:latest", "--format", "json"])).unwrap();
    let texts = shown["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    (shown["meeting"].clone(), texts)
}

fn expected(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("tests/data/web-pages").join(name)).unwrap();
    text.split("\n\n").map(|p| p.trim().to_string()).collect()
}

#[test]
fn a_page_fetched_imports_like_the_saved_page() {
    let base = serve(route);
    let env = TestEnv::with_corpus();
    let out = env.run(&["add", &format!("{base}/fed"), "--series", "s"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (meta, texts) = meeting(&env);
    assert_eq!(texts, expected("fed-2020-03-15.expected.txt"));
    assert_eq!(meta["date"], "2020-03-15");
    // No slug from the address's last part (the site's own naming).
    assert_eq!(meta["id"], "s/2020-03-15");
    // The page names its own address (og:url), which wins over the one it was fetched from.
    assert_eq!(
        meta["source"],
        "https://www.federalreserve.gov/newsevents/pressreleases/monetary20200315a.htm"
    );
}

#[test]
fn the_servers_charset_and_redirects_are_followed_and_the_address_is_the_source() {
    let base = serve(route);
    let env = TestEnv::with_corpus();
    let out = env.run(&["add", &format!("{base}/moved"), "--series", "s"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (meta, texts) = meeting(&env);
    assert_eq!(texts, expected("belarus-mfa-2021-12-06.expected.txt"));
    // The page names no address: the one it was finally fetched from is the source, said so.
    assert_eq!(meta["source"], format!("{base}/belarus"));
    assert!(out.stderr.contains("took the source from the address it was fetched from"), "{}", out.stderr);
}

#[test]
fn each_failure_is_one_clear_line_and_nothing_is_stored() {
    let base = serve(route);
    // A closed port: bind one, note it, drop it.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/x", l.local_addr().unwrap())
    };
    for (url, flags, says) in [
        (format!("{base}/gone"), vec![], "the server answered 404"),
        (format!("{base}/loop"), vec![], "redirected more than 5 times"),
        (format!("{base}/logo"), vec![], "not a web page, text, PDF or Word file (Content-Type: image/png)"),
        (format!("{base}/fed"), vec!["--max-size", "10K"], "larger than the 10240-byte limit"),
        (format!("{base}/slow"), vec!["--timeout", "1"], "no answer within 1 s"),
        (format!("{base}/letter"), vec![], "cannot read this Word file: not a zip archive"),
        (closed, vec![], "cannot connect to 127.0.0.1:"),
    ] {
        let env = TestEnv::with_corpus();
        let before = env.ok(&["list", "--format", "json"]);
        let mut args = vec!["add", url.as_str(), "--series", "s"];
        args.extend(flags);
        let out = env.run(&args);
        assert_eq!(out.code, 1, "{url}: {}", out.stderr);
        let error = out.stderr.lines().next().unwrap_or("");
        assert!(error.starts_with("error: ") && error.contains(says), "{url}: {}", out.stderr);
        assert_eq!(env.ok(&["list", "--format", "json"]), before, "{url}: something was stored");
    }
}

#[test]
fn a_pdf_fetched_imports_with_its_address_as_the_source() {
    let base = serve(route);
    let env = TestEnv::with_corpus();
    let out = env.run(&["add", &format!("{base}/sap"), "--series", "s"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (meta, texts) = meeting(&env);
    assert_eq!(texts, expected("omb-2019-01-03.expected.txt"));
    assert_eq!(meta["date"], "2019-01-03");
    assert_eq!(meta["source"], format!("{base}/sap"));
}
