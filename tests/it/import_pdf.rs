//! PDF import on PDFs made by an independent real tool: Chromium prints shipped texts (a
//! coalition communiqué, UN Security Council resolutions, FOMC statements) to PDF in one column
//! and in two, serif and sans-serif, ragged and justified, with its running header (date,
//! title) and footer (address, page numbers) on every page; each must import to exactly the
//! paragraphs of the text file. Broken PDFs give one clear error.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::optional::{self, Need};
use common::{TestEnv, repo};
use serde_json::Value;

/// A shipped meeting's paragraphs.
fn shipped(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    let body = text.splitn(3, "+++").nth(2).unwrap();
    body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// The paragraphs stored as meeting `id`.
fn stored(env: &TestEnv, id: &str) -> Vec<String> {
    let shown: Value = serde_json::from_str(&env.ok(&["show", id, "--format", "json"])).unwrap();
    shown["paragraphs"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().to_string()).collect()
}

/// How a page is set: columns, font, size, justified or not.
struct Setting {
    columns: usize,
    font: &'static str,
    size: usize,
    justify: bool,
}

/// An HTML page of `paragraphs` set as `setting` says.
fn page(paragraphs: &[String], setting: &Setting) -> String {
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body: String = paragraphs.iter().map(|p| format!("<p>{}</p>", escape(p))).collect();
    let Setting { columns, font, size, justify } = setting;
    let align = if *justify { "justify" } else { "left" };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shipped text</title>\
         <style>body{{font-family:{font};font-size:{size}pt}} p{{margin:0 0 0.8em 0;text-align:{align}}} \
         main{{column-count:{columns};column-gap:2em}}</style></head><body><main>{body}</main></body></html>"
    )
}

/// Chromium's PDF of an HTML file (with its own running header and footer: date, title,
/// address, page numbers).
fn print(chromium: &Path, html: &Path, pdf: &Path, profile: &Path) {
    print_with(chromium, html, pdf, profile, &[]);
}

fn print_with(chromium: &Path, html: &Path, pdf: &Path, profile: &Path, flags: &[&str]) {
    let out = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check"])
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .output()
        .unwrap();
    assert!(pdf.is_file(), "chromium made no PDF: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn pdfs_printed_by_chromium_import_to_the_texts_paragraphs() {
    let Some(chromium) = optional::available(Need::Browser, optional::chromium()) else {
        return;
    };
    let env = TestEnv::with_corpus();
    let serif = |columns| Setting { columns, font: "serif", size: 12, justify: false };
    for (text, setting) in [
        ("corpus/coalition/2021-06-28-rome.md", serif(1)),
        ("corpus/coalition/2021-06-28-rome.md", serif(2)),
        ("corpus/unami-iraq/2015-07-29-s-res-2233-2015.md", serif(1)),
        ("corpus/unami-iraq/2015-07-29-s-res-2233-2015.md", serif(2)),
        (
            "corpus/amisom-somalia/2010-01-28-s-res-1910-2010.md",
            Setting { columns: 2, font: "sans-serif", size: 11, justify: true },
        ),
        ("corpus/fomc/2008-12-16.md", Setting { columns: 1, font: "sans-serif", size: 11, justify: true }),
    ] {
        let want = shipped(text);
        let columns = setting.columns;
        let name = format!("{}-{columns}", Path::new(text).file_stem().unwrap().to_str().unwrap());
        let html = env.file(&format!("{name}.html"), page(&want, &setting));
        let pdf = env.path().join(format!("{name}.pdf"));
        print(&chromium, &html, &pdf, &env.path().join(format!("profile-{name}")));
        let out = env.run(&[
            "add",
            pdf.to_str().unwrap(),
            "--series",
            "s",
            "--date",
            "2021-06-28",
            "--slug",
            &name,
        ]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        let got = stored(&env, &format!("s/2021-06-28-{name}"));
        assert_eq!(got, want, "{name} ({columns} column(s)): {}", out.stderr);
    }
}

/// `text` with a soft hyphen at every place English hyphenation patterns (Liang's, through
/// `hypher`) allow a break in a word of five letters or more.
fn soft_hyphens(text: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() >= 5 {
            out.push_str(&hypher::hyphenate(word, hypher::Lang::English).collect::<Vec<_>>().join("\u{AD}"));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A resolution laid out as the United Nations prints them: the symbol `S/RES/2233 (2015)` as
/// a running header on alternate sides, the job number `15-12826` and `page/pages` in the
/// footer, a title block (United Nations, Security Council, "Distr.: General", the date, the
/// resolution's number, the meeting that adopted it), justified text hyphenated at line ends
/// (soft hyphens placed by real hyphenation patterns; Chromium draws its own hyphen where it
/// breaks a word), in one column and in two. Each must import to exactly the text file's
/// paragraphs, dated by its date line.
#[test]
fn un_resolution_layout_with_hyphenated_lines_imports_to_the_texts_paragraphs() {
    let Some(chromium) = optional::available(Need::Browser, optional::chromium()) else {
        return;
    };
    let env = TestEnv::with_corpus();
    let want = shipped("corpus/unami-iraq/2015-07-29-s-res-2233-2015.md");
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body: String = want.iter().map(|p| format!("<p>{}</p>", soft_hyphens(&escape(p)))).collect();
    let mut hyphenated_breaks = 0;
    for columns in [1, 2] {
        let html = format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>S/RES/2233 (2015)</title><style>
@page {{ size: A4; margin: 2.5cm 2.2cm;
  @bottom-left {{ content: "15-12826"; font: 8pt sans-serif; }}
  @bottom-right {{ content: counter(page) "/" counter(pages); font: 8pt sans-serif; }} }}
@page :right {{ @top-right {{ content: "S/RES/2233 (2015)"; font: bold 9pt sans-serif; }} }}
@page :left {{ @top-left {{ content: "S/RES/2233 (2015)"; font: bold 9pt sans-serif; }} }}
@page :first {{ @top-right {{ content: none; }} @bottom-left {{ content: "15-12826 (E)    300715"; font: 8pt sans-serif; }} }}
body {{ font-family: serif; font-size: 10pt; }}
.head {{ display: flex; justify-content: space-between; font-family: sans-serif; }}
.un {{ font-size: 14pt; }} .symbol {{ font-size: 16pt; font-weight: bold; }}
.council {{ font-size: 20pt; font-weight: bold; }} .distr {{ text-align: right; font-size: 9pt; }}
.number {{ font-size: 13pt; font-weight: bold; margin-top: 1.5em; }} .adopted {{ font-weight: bold; margin-bottom: 1.5em; }}
main {{ column-count: {columns}; column-gap: 1.5em; }} main p {{ margin: 0 0 0.6em 0; text-align: justify; }}
</style></head><body>
<div class="head"><span class="un">United Nations</span><span class="symbol">S/RES/2233 (2015)</span></div>
<div class="head"><span class="council">Security Council</span><span class="distr">Distr.: General<br>29 July 2015</span></div>
<div class="number">Resolution 2233 (2015)</div>
<div class="adopted">Adopted by the Security Council at its 7496th meeting, on 29 July 2015</div>
<main>{body}</main></body></html>"#
        );
        let name = format!("s-res-2233-{columns}");
        let source = env.file(&format!("{name}.html"), html);
        let pdf = env.path().join(format!("{name}.pdf"));
        let profile = env.path().join(format!("profile-{name}"));
        print_with(&chromium, &source, &pdf, &profile, &["--no-pdf-header-footer"]);
        // The layout does what it is for: words are hyphenated at line ends (Chromium's hyphen
        // is U+2010), as the PDF reader's own text shows.
        let text = pdf_extract::extract_text(&pdf).unwrap();
        hyphenated_breaks += text.matches("\u{2010}\n").count();
        let out = env.run(&["add", pdf.to_str().unwrap(), "--series", "s", "--slug", &name]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_eq!(stored(&env, &format!("s/2015-07-29-{name}")), want, "{name}: {}", out.stderr);
    }
    assert!(hyphenated_breaks >= 20, "only {hyphenated_breaks} words hyphenated at line ends");
}

#[test]
fn broken_pdfs_are_one_clear_error_and_nothing_is_stored() {
    let real = std::fs::read(repo().join("tests/data/web-pages/omb-2019-01-03.pdf")).unwrap();
    // A file the PDF reader panics on (found by fuzzing: an operator with too few operands).
    let panics = std::fs::read(repo().join("tests/data/pdf-reader-panic.pdf")).unwrap();
    for (name, bytes) in [
        ("panic.pdf", panics),
        ("truncated.pdf", real[..real.len() / 3].to_vec()),
        ("garbage.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n".to_vec()),
        ("empty.pdf", b"%PDF-1.4\n".to_vec()),
    ] {
        let env = TestEnv::with_corpus();
        let before = env.ok(&["list", "--format", "json"]);
        let file = env.file(name, bytes);
        let out = env.run(&["add", file.to_str().unwrap(), "--series", "s", "--date", "2021-06-28"]);
        assert_eq!(out.code, 1, "{name}: {}", out.stderr);
        let first = out.stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with("error: ") && (first.contains("PDF") || first.contains("no paragraphs")),
            "{name}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{name}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 2, "{name}: one error line and its hint: {}", out.stderr);
        assert_eq!(env.ok(&["list", "--format", "json"]), before, "{name}: something was stored");
    }
}
