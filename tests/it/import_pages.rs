//! Real web pages imported as a user gets them (`tests/data/web-pages`, see its SOURCE.md):
//! each page must give the statement's own paragraphs, no more and no fewer, and its title,
//! date and source, with nothing but the page to go on (the file is renamed so that its name
//! says no date).

use crate::common;

use std::path::{Path, PathBuf};

use common::{TestEnv, repo};
use serde_json::Value;

fn pages() -> Vec<PathBuf> {
    documents("html", 11)
}

/// The real documents of one kind in the import test material.
fn documents(extension: &str, at_least: usize) -> Vec<PathBuf> {
    let dir = repo().join("tests/data/web-pages");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    pages.sort();
    assert!(pages.len() >= at_least, "the real {extension} files are missing from {}", dir.display());
    pages
}

/// A page's expected paragraphs and metadata (`NAME.expected.txt`, `NAME.meta.toml`), and the
/// fields its `#` comment says were inferred, not read on the page.
fn expected(page: &Path) -> (Vec<String>, toml::Table, Vec<&'static str>) {
    let text = std::fs::read_to_string(page.with_extension("expected.txt")).unwrap();
    let meta = std::fs::read_to_string(page.with_extension("meta.toml")).unwrap();
    let comment: String = meta.lines().filter(|l| l.starts_with('#')).collect();
    let inferred = ["title", "date", "source"]
        .into_iter()
        .filter(|f| comment.contains(&format!("{f} inferred")))
        .collect();
    (text.split("\n\n").map(|p| p.trim().to_string()).collect(), meta.parse().unwrap(), inferred)
}

/// What `add` made of a page: its paragraphs and metadata as `show` gives them, and stderr;
/// or `add`'s error.
fn import(page: &Path) -> Result<(Vec<String>, Value, String), String> {
    let env = TestEnv::with_corpus();
    let name = format!("page.{}", page.extension().unwrap().to_str().unwrap());
    let copy = env.file(&name, std::fs::read(page).unwrap());
    let out = env.run(&["add", copy.to_str().unwrap(), "--series", "s"]);
    if out.code != 0 {
        return Err(out.stderr);
    }
    let shown: Value = serde_json::from_str(&env.ok(&["show", "s:latest", "--format", "json"])).unwrap();
    let paragraphs = shown["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    Ok((paragraphs, shown["meeting"].clone(), out.stderr))
}

#[test]
fn real_pages_import_the_statement_and_nothing_else() {
    let mut failures = Vec::new();
    for page in pages() {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        let (want, meta, inferred) = expected(&page);
        let (got, meeting, stderr) = match import(&page) {
            Ok(imported) => imported,
            Err(error) => {
                failures.push(format!("{name}: not imported: {}", error.trim()));
                continue;
            }
        };
        let missing: Vec<&String> = want.iter().filter(|p| !got.contains(p)).collect();
        let junk: Vec<&String> = got.iter().filter(|p| !want.contains(p)).collect();
        if !missing.is_empty() || !junk.is_empty() || got != want {
            failures.push(format!(
                "{name}: {} missing, {} junk, {} of {} in order\n  missing: {:?}\n  junk: {:?}\n  stderr: {stderr}",
                missing.len(),
                junk.len(),
                got.len(),
                want.len(),
                missing.iter().map(|p| excerpt(p)).collect::<Vec<_>>(),
                junk.iter().map(|p| excerpt(p)).collect::<Vec<_>>(),
            ));
        }
        for field in ["title", "date", "source"] {
            // A value the page does not state is not guessed.
            let want = if inferred.contains(&field) {
                "(none)".to_string()
            } else {
                meta[field].to_string().trim_matches('"').to_string()
            };
            let got = meeting[field].as_str().unwrap_or("(none)");
            if got != want {
                failures.push(format!("{name}: {field} is {got:?}, expected {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

fn excerpt(text: &str) -> String {
    text.chars().take(50).collect()
}

#[test]
fn dry_run_shows_the_statement_and_what_is_left_out_and_stores_nothing() {
    let env = TestEnv::with_corpus();
    let page = repo().join("tests/data/web-pages/fed-2020-03-23.html");
    let copy = env.file("page.html", std::fs::read(&page).unwrap());
    let before = env.ok(&["list", "--format", "json"]);
    let out = env.run(&["add", copy.to_str().unwrap(), "--series", "s", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (want, _, _) = expected(&page);
    // Every paragraph of the statement, numbered as it would be stored, in order.
    for (i, p) in want.iter().enumerate() {
        let label = format!("\n¶{} ", i + 1);
        let at = out.stdout.find(&label).unwrap_or_else(|| panic!("no {label:?} in:\n{}", out.stdout));
        let words: Vec<&str> = p.split_whitespace().take(6).collect();
        let shown = out.stdout[at + label.len()..].trim_start();
        assert!(shown.starts_with(&words.join(" ")), "{label:?}: {shown}");
    }
    // What is left out is listed with why: a date line, a link, the page's furniture.
    for line in [
        "[date line] March 23, 2020",
        "[link] Federal Reserve announces extensive new measures to support the economy",
        "[in <nav>, <header> or <footer>]",
    ] {
        assert!(out.stdout.contains(line), "no {line:?} in:\n{}", out.stdout);
    }
    assert!(out.stderr.contains("note: dry run: nothing was stored"), "{}", out.stderr);
    assert_eq!(env.ok(&["list", "--format", "json"]), before, "a dry run stored something");
    assert!(!out.stdout.lines().any(|l| l == "s/2020-03-23"), "a dry run printed an id as added");
}

/// The real PDFs (US OMB statements of administration policy; one a scan with an OCR text
/// layer): their paragraphs (across page breaks, some parted by very small gaps), their date
/// and their title (the bill's heading, centred under the document's name), with nothing but
/// the file to go on. The source is the address a PDF was fetched from, which a file does not
/// state (`import_url.rs` fetches one).
#[test]
fn real_pdfs_import_the_statement_its_date_and_title() {
    let mut failures = Vec::new();
    for pdf in documents("pdf", 3) {
        let name = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let (want, meta, _) = expected(&pdf);
        match import(&pdf) {
            Err(error) => failures.push(format!("{name}: not imported: {}", error.trim())),
            Ok((got, meeting, stderr)) => {
                if got != want {
                    failures.push(format!(
                        "{name}: {} of {} paragraphs\n  got: {got:#?}\n  stderr: {stderr}",
                        got.len(),
                        want.len()
                    ));
                }
                if meeting["date"].as_str() != Some(meta["date"].to_string().as_str()) {
                    failures.push(format!("{name}: date {} instead of {}", meeting["date"], meta["date"]));
                }
                if meeting["title"].as_str() != meta["title"].as_str() {
                    failures.push(format!("{name}: title {} instead of {}", meeting["title"], meta["title"]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
