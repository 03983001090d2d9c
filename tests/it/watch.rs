//! `watch URL`: the real binary polling a page served by the test (127.0.0.1, a thread per
//! connection) that changes while it watches. The server honours `If-None-Match` and logs
//! every request, so each test counts what was asked, what was answered and what was stored.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{TestEnv, repo};

/// What the server answers now.
#[derive(Clone)]
enum Serve {
    /// A page, with its ETag.
    Page(Vec<u8>, String),
    /// An error status (with `Retry-After` seconds, if any).
    Status(u16, Option<u64>),
}

/// One request the server answered.
#[derive(Clone, Debug)]
struct Logged {
    at: Instant,
    if_none_match: Option<String>,
    status: u16,
}

#[derive(Default)]
struct State {
    now: Option<Serve>,
    log: Vec<Logged>,
    versions: usize,
}

#[derive(Clone)]
struct Site(Arc<Mutex<State>>);

impl Site {
    /// Serves `serve` from now on; the time it changed.
    fn set(&self, serve: Serve) -> Instant {
        let mut state = self.0.lock().unwrap();
        state.now = Some(serve);
        Instant::now()
    }

    /// A page from now on, with a new ETag.
    fn page(&self, body: Vec<u8>) -> Instant {
        let etag = {
            let mut state = self.0.lock().unwrap();
            state.versions += 1;
            format!("\"v{}\"", state.versions)
        };
        self.set(Serve::Page(body, etag))
    }

    fn log(&self) -> Vec<Logged> {
        self.0.lock().unwrap().log.clone()
    }

    /// Waits (at most 20 s: a loaded machine) until `done` holds of the log.
    fn wait_for(&self, what: &str, done: impl Fn(&[Logged]) -> bool) {
        let started = Instant::now();
        while !done(&self.log()) {
            assert!(started.elapsed() < Duration::from_secs(20), "waited 20 s for {what}: {:#?}", self.log());
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Serves the site's page at `/page` on 127.0.0.1 until the test ends; its address.
fn serve(site: &Site) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/page", listener.local_addr().unwrap());
    let site = site.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let site = site.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut if_none_match = None;
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("if-none-match")
                    {
                        if_none_match = Some(value.trim().to_string());
                    }
                }
                let mut state = site.0.lock().unwrap();
                let (status, head, body) = match state.now.clone().expect("a page set") {
                    Serve::Page(_, etag) if if_none_match.as_ref() == Some(&etag) => {
                        (304, format!("ETag: {etag}\r\n"), Vec::new())
                    }
                    Serve::Page(body, etag) => {
                        (200, format!("Content-Type: text/html; charset=utf-8\r\nETag: {etag}\r\n"), body)
                    }
                    Serve::Status(status, retry) => (
                        status,
                        retry.map(|s| format!("Retry-After: {s}\r\n")).unwrap_or_default(),
                        b"<p>Unavailable.</p>".to_vec(),
                    ),
                };
                state.log.push(Logged { at: Instant::now(), if_none_match, status });
                drop(state);
                let reason = match status {
                    200 => "OK",
                    304 => "Not Modified",
                    404 => "Not Found",
                    _ => "Error",
                };
                let head = format!(
                    "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n{head}\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    url
}

fn page(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/data/web-pages").join(name)).unwrap()
}

/// A page with `from` replaced by `to` (which must be there).
fn edited(body: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

/// `communique -C corpus watch URL --series s ARGS`, running.
fn start(env: &TestEnv, url: &str, args: &[&str]) -> Child {
    env.command()
        .args(["-C", "corpus", "watch", url, "--series", "s"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Sends SIGINT, as Ctrl-C does; exit code, stdout, stderr.
fn interrupt(mut child: Child) -> (Option<i32>, String, String) {
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    finish(&mut child)
}

/// Waits for the process to end (at most 20 s); exit code, stdout, stderr.
fn finish(child: &mut Child) -> (Option<i32>, String, String) {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("watch did not stop within 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let (mut out, mut err) = (String::new(), String::new());
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    (status.code(), out, err)
}

fn meetings(env: &TestEnv) -> Vec<String> {
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    list["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect()
}

fn commits(env: &TestEnv) -> usize {
    common::git(env, &env.corpus(), &["rev-list", "--count", "HEAD"]).trim().parse().unwrap()
}

/// The corpus is whole: nothing uncommitted, git finds nothing wrong, the tool reads it.
fn consistent(env: &TestEnv) {
    assert_eq!(common::git(env, &env.corpus(), &["status", "--porcelain", "--untracked-files=all"]), "");
    common::git(env, &env.corpus(), &["fsck", "--no-dangling"]);
    env.ok(&["list"]);
}

#[test]
fn a_new_statement_is_imported_within_one_interval_and_only_once() {
    let site = Site(Arc::default());
    site.page(page("fed-2020-03-15.html"));
    let url = serve(&site);
    let env = TestEnv::with_corpus();
    let before = commits(&env);
    let child = start(&env, &url, &["--every", "100ms"]);
    let first = env.corpus().join("s/2020-03-15.md");
    // The first poll imports the page; the next ones are conditional and answered 304.
    site.wait_for("three 304s", |log| log.iter().filter(|r| r.status == 304).count() >= 3);
    assert!(first.is_file());
    let log = site.log();
    assert_eq!((log[0].status, log[0].if_none_match.as_deref()), (200, None), "{log:#?}");
    assert!(log[1..].iter().all(|r| r.if_none_match.as_deref() == Some("\"v1\"")), "{log:#?}");
    // The next statement replaces the page.
    let asked = site.log().len();
    let switched = site.page(page("fed-2020-03-23.html"));
    let second = env.corpus().join("s/2020-03-23.md");
    let started = Instant::now();
    while !second.is_file() {
        assert!(started.elapsed() < Duration::from_secs(20), "not imported in 20 s");
        std::thread::sleep(Duration::from_millis(2));
    }
    let stored = switched.elapsed();
    let log = site.log();
    let fetched = log.iter().find(|r| r.at >= switched && r.status == 200).expect("the new page asked for");
    let detected = fetched.at - switched;
    let polls = log[asked..].iter().filter(|r| r.at >= switched && r.at <= fetched.at).count();
    eprintln!(
        "watch --every 100ms: the new page fetched {} ms after it changed ({polls} request), stored after {} ms",
        detected.as_millis(),
        stored.as_millis()
    );
    // Within one interval (and a slack for the request's own time on a loaded machine): the
    // first request after the change fetched it.
    assert_eq!(polls, 1);
    assert!(detected < Duration::from_millis(100 + 400), "{detected:?}");
    // Served on: answered 304, imported once.
    let served = site.log().len();
    site.wait_for("five more polls", |log| log.len() >= served + 5);
    let (code, stdout, stderr) = interrupt(child);
    assert_eq!(code, Some(130), "{stderr}");
    assert_eq!(meetings(&env), ["s/2020-03-15", "s/2020-03-23"]);
    assert_eq!(commits(&env), before + 2);
    assert!(site.log()[served..].iter().all(|r| r.status == 304), "{:#?}", site.log());
    consistent(&env);
    // The diff printed is `communique diff`'s; stderr says each event once.
    assert_eq!(stdout, env.ok(&["diff", "s/2020-03-15", "s/2020-03-23"]));
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines[0].starts_with(&format!("note: watching {url} every 100ms")), "{stderr}");
    assert!(
        lines.contains(&"note: imported s/2020-03-15, the series' first meeting: nothing to compare it with")
    );
    assert!(lines.contains(&"note: imported s/2020-03-23 (compared with s/2020-03-15)"), "{stderr}");
    assert_eq!(lines.last(), Some(&"note: stopped"), "{stderr}");
    assert!(!stderr.contains("warning") && !stderr.contains("304"), "{stderr}");
}

#[test]
fn a_change_in_boilerplate_imports_nothing_and_an_edit_of_the_statement_is_a_correction() {
    let site = Site(Arc::default());
    let original = page("fed-2020-03-15.html");
    site.page(original.clone());
    let url = serve(&site);
    let env = TestEnv::with_corpus();
    let child = start(&env, &url, &["--every", "100ms", "-v"]);
    site.wait_for("the first answer", |log| !log.is_empty());
    let footer = edited(&original, "March 15, 2020\n        </div>", "March 16, 2020\n        </div>");
    let footer = edited(&footer, ">About the Fed<", ">About the Federal Reserve<");
    let asked = site.log().len();
    site.page(footer);
    // Fetched whole (a new ETag), and its statement the same: nothing stored.
    site.wait_for("the changed footer, then two 304s", |log| {
        log[asked..].iter().any(|r| r.status == 200)
            && log[asked..].iter().filter(|r| r.status == 304).count() >= 2
    });
    let after_footer = commits(&env);
    assert_eq!(meetings(&env), ["s/2020-03-15"]);
    // The statement edited, on the same day's page: a correction of that meeting.
    let asked = site.log().len();
    let from = "<p>The coronavirus outbreak has harmed communities and disrupted";
    site.page(edited(
        &original,
        from,
        "<p>The coronavirus outbreak has harmed communities, harmed businesses and disrupted",
    ));
    site.wait_for("the edit, then two 304s", |log| {
        log[asked..].iter().any(|r| r.status == 200)
            && log[asked..].iter().filter(|r| r.status == 304).count() >= 2
    });
    let (code, stdout, stderr) = interrupt(child);
    assert_eq!(code, Some(130), "{stderr}");
    assert_eq!(meetings(&env), ["s/2020-03-15"]);
    assert_eq!(commits(&env), after_footer + 1, "{stderr}");
    let log = common::git(&env, &env.corpus(), &["log", "--format=%s", "-2"]);
    assert_eq!(log, "Correct s/2020-03-15\nAdd s/2020-03-15\n");
    consistent(&env);
    assert!(stderr.contains("note: unchanged: s/2020-03-15"), "{stderr}");
    assert!(stderr.contains("note: not modified (304)"), "{stderr}");
    let parent = common::git(&env, &env.corpus(), &["rev-parse", "HEAD~1"]);
    let previous = format!("s/2020-03-15@{}", parent.trim());
    assert!(stderr.contains(&format!("note: corrected s/2020-03-15 (compared with {previous})")), "{stderr}");
    assert_eq!(stdout, env.ok(&["diff", &previous, "s/2020-03-15"]));
    assert!(stdout.contains("harmed businesses"), "{stdout}");
}

#[test]
fn a_missing_page_is_waited_for_and_failures_back_off_each_said_once() {
    let site = Site(Arc::default());
    site.set(Serve::Status(404, None));
    let url = serve(&site);
    let env = TestEnv::with_corpus();
    let mut child = start(&env, &url, &["--every", "100ms", "--until", "30s"]);
    site.wait_for("three 404s", |log| log.len() >= 3);
    site.set(Serve::Status(500, None));
    let failing = site.log().len();
    site.wait_for("four 500s", |log| log.len() >= failing + 4);
    site.page(page("fed-2020-03-15.html"));
    site.wait_for("the page", |log| log.iter().any(|r| r.status == 200));
    let first = env.corpus().join("s/2020-03-15.md");
    let started = Instant::now();
    while !first.is_file() {
        assert!(started.elapsed() < Duration::from_secs(20), "not imported");
        std::thread::sleep(Duration::from_millis(5));
    }
    let log = site.log();
    // 404s at the interval; 500s at twice the delay each time (the sleeps are lower bounds).
    let gaps: Vec<Duration> = log.windows(2).map(|w| w[1].at - w[0].at).collect();
    let first_500 = log.iter().position(|r| r.status == 500).unwrap();
    let errors = &gaps[first_500..];
    for (gap, least) in errors.iter().zip([200, 400, 800, 1000]) {
        assert!(*gap >= Duration::from_millis(least - 20), "gap {gap:?} < {least} ms: {gaps:?}");
    }
    assert!(gaps[..first_500].iter().all(|g| *g < Duration::from_millis(1000)), "{gaps:?}");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let (code, _, stderr) = finish(&mut child);
    assert_eq!(code, Some(130), "{stderr}");
    let said = |start: &str| stderr.lines().filter(|l| l.starts_with(start)).count();
    assert_eq!(said(&format!("note: {url}: not found (404); waiting for it to appear")), 1, "{stderr}");
    assert_eq!(
        said(&format!(
            "warning: {url}: the server answered 500; trying again in 200ms (backing off while it fails)"
        )),
        1,
        "{stderr}"
    );
    assert_eq!(said(&format!("note: {url} answers again (after 4 failed polls)")), 1, "{stderr}");
    assert_eq!(said("warning:"), 1, "{stderr}");
    assert_eq!(meetings(&env), ["s/2020-03-15"]);
    consistent(&env);
}

#[test]
fn exec_runs_for_each_import_with_its_id_and_until_stops_the_watch() {
    let site = Site(Arc::default());
    site.page(page("fed-2020-03-15.html"));
    let url = serve(&site);
    let env = TestEnv::with_corpus();
    let until = (chrono::Utc::now() + chrono::Duration::milliseconds(2500)).to_rfc3339();
    let exec = "echo \"$1 $COMMUNIQUE_ID [$COMMUNIQUE_PREVIOUS]\" >> exec.log; exit 3";
    let started = Instant::now();
    let mut child = start(&env, &url, &["--every", "100ms", "--until", &until, "--exec", exec]);
    let log = env.path().join("exec.log");
    while !log.is_file() {
        assert!(started.elapsed() < Duration::from_secs(20), "no exec");
        std::thread::sleep(Duration::from_millis(5));
    }
    site.page(page("fed-2020-03-23.html"));
    let (code, stdout, stderr) = finish(&mut child);
    let ran = started.elapsed();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(ran >= Duration::from_millis(2000), "stopped after {ran:?}");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "s/2020-03-15 s/2020-03-15 []\ns/2020-03-23 s/2020-03-23 [s/2020-03-15]\n"
    );
    // No diff printed: CMD is run instead; its failure said, the watch went on.
    assert_eq!(stdout, "");
    assert_eq!(stderr.matches("the command exited with 3; watching goes on").count(), 2, "{stderr}");
    assert_eq!(meetings(&env), ["s/2020-03-15", "s/2020-03-23"]);
    consistent(&env);
}

#[test]
fn bad_intervals_and_times_are_usage_errors() {
    let env = TestEnv::with_corpus();
    for (flags, says) in [
        (["--every", "10ms"], "polling more often than every 100 ms is not polite"),
        (["--every", "30"], "is not a duration"),
        (["--until", "2001-01-01 10:00"], "has passed"),
    ] {
        let out = env.run(&[&["watch", "http://127.0.0.1:9/x", "--series", "s"][..], &flags[..]].concat());
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
    }
    let out = env.run(&["watch", "statement.html", "--series", "s"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is not a web address"), "{}", out.stderr);
}
