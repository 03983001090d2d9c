//! `report`: the same model in Markdown, HTML, DOCX and JSON, checked as a reader gets them:
//! the HTML rendered in headless Chromium, the DOCX unzipped and its tracked changes accepted
//! and rejected. The Chromium part skips loudly where there is no Chromium (`common::optional`).

use crate::common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use common::TestEnv;
use common::optional::{self, Need};
use serde_json::Value;

const THEMES: &str = r#"
[themes.prices]
label = "Prices"
terms = ["inflation*", "price stability", "prices"]

[themes.sheet]
label = "Balance sheet"
terms = ["balance sheet", "securities", "purchase*"]
"#;

/// A temporary corpus with some FOMC statements of the shipped corpus and two themes.
fn corpus(dates: &[&str]) -> TestEnv {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(dates));
    env.append_settings(THEMES);
    env
}

const DATES: [&str; 4] = ["2008-09-16", "2008-10-29", "2008-12-16", "2009-01-28"];

/// The report command with a pinned date.
fn report(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let mut cmd = env.command();
    cmd.env("SOURCE_DATE_EPOCH", "1764374400").arg("-C").arg("corpus").arg("report").args(args);
    cmd.output().unwrap()
}

fn ok(env: &TestEnv, args: &[&str]) -> Vec<u8> {
    let out = report(env, args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The stored paragraphs of a meeting.
fn paragraphs(env: &TestEnv, id: &str) -> Vec<String> {
    let text = std::fs::read_to_string(env.corpus().join(format!("{id}.md"))).unwrap();
    let (_, body) = communique::document::storage::split_front_matter(&text).unwrap();
    communique::document::storage::body_paragraphs(body).map(str::to_string).collect()
}

#[test]
fn markdown_and_json_describe_the_same_report() {
    let env = corpus(&DATES);
    let md = String::from_utf8(ok(&env, &["fomc/2008-10-29", "fomc/2008-12-16"])).unwrap();
    insta::assert_snapshot!("report_md", md);
    let json: Value =
        serde_json::from_slice(&ok(&env, &["fomc/2008-10-29", "fomc/2008-12-16", "--format", "json"]))
            .unwrap();
    assert_eq!(json["schema"], "communique.report/2");
    assert_eq!(json["generated"], "2025-11-29");
    assert_eq!(json["old"]["id"], "fomc/2008-10-29");
    assert_eq!(json["corpus"]["commit"].as_str().unwrap().len(), 40);
    assert_eq!(json["corpus"]["dirty"], true, "the themes were added without a commit");
    // Every <ins> and <del> of the Markdown is one mark of the model.
    assert_eq!(md.matches("<ins>").count(), json["marks"]["ins"].as_u64().unwrap() as usize);
    assert_eq!(md.matches("<del>").count(), json["marks"]["del"].as_u64().unwrap() as usize);
    // New language says where it comes from: new here, or first seen earlier.
    let new = json["new_language"].as_array().unwrap();
    assert!(new.iter().any(|l| l["history"] == "new" && l["first"]["id"] == "fomc/2008-12-16"));
    assert!(new.iter().all(|l| l["first"]["date"].as_str().unwrap() <= "2008-12-16"));
    let dropped = json["dropped_language"].as_array().unwrap();
    assert!(
        dropped
            .iter()
            .all(|l| l["history"] == "carried" && l["first"]["date"].as_str().unwrap() <= "2008-10-29")
    );
    // The themes that moved, each with its redlined paragraphs.
    let themes: Vec<&str> =
        json["themes"].as_array().unwrap().iter().map(|t| t["theme"].as_str().unwrap()).collect();
    assert_eq!(themes, ["prices", "sheet"]);
    assert_eq!(
        json["timeline"]["meetings"].as_array().unwrap().len(),
        3,
        "the series up to the later meeting"
    );
}

#[test]
fn the_format_follows_the_output_file_and_a_file_is_written_whole() {
    let env = corpus(&DATES);
    for (name, start) in [
        ("r.html", &b"<!DOCTYPE html>"[..]),
        ("r.docx", b"PK"),
        ("r.json", b"{"),
        ("r.md", b"# What changed"),
    ] {
        let path = env.path().join(name);
        assert!(ok(&env, &["fomc:latest~1", "fomc:latest", "-o", path.to_str().unwrap()]).is_empty());
        assert!(std::fs::read(&path).unwrap().starts_with(start), "{name}");
    }
    // A folder that does not exist: an error, and nothing left behind.
    let out = report(&env, &["fomc:latest~1", "fomc:latest", "-o", "missing/r.html"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot write missing/r.html"));
    assert_eq!(
        std::fs::read_dir(env.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("tmp"))
            .count(),
        0
    );
}

#[test]
fn every_format_gives_the_same_summary() {
    let env = corpus(&DATES);
    let md = String::from_utf8(ok(&env, &["fomc:latest~1", "fomc:latest", "--format", "md"])).unwrap();
    let summary: Vec<&str> = md
        .split("## Summary")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap()
        .lines()
        .map(|l| l.trim_start_matches("- ").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(summary.len() >= 2, "{md}");
    let html = String::from_utf8(ok(&env, &["fomc:latest~1", "fomc:latest", "--format", "html"])).unwrap();
    let path = env.path().join("summary.docx");
    ok(&env, &["fomc:latest~1", "fomc:latest", "-o", path.to_str().unwrap()]);
    let docx = unzip(&path, "word/document.xml");
    let xml = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    for line in &summary {
        assert!(html.contains(&xml(line)), "HTML lacks {line:?}");
        assert!(docx.contains(&xml(line)), "DOCX lacks {line:?}");
    }
    // Counts that are zero are not listed, and a count of one is singular.
    for text in [&md, &docx] {
        assert!(!text.contains(" 0 split") && !text.contains("1 paragraphs"), "{text}");
    }
}

#[test]
fn an_output_file_whose_extension_names_no_format_or_another_is_refused() {
    let env = corpus(&DATES);
    for args in [
        &["-o", "r.pdf"][..],
        &["-o", "r.odt"],
        &["-o", "r.html", "--format", "md"],
        &["-o", "r.md", "--format", "docx"],
    ] {
        let mut all = vec!["fomc:latest~1", "fomc:latest"];
        all.extend(args);
        let out = report(&env, &all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: ") && stderr.contains("hint: "), "{args:?}: {stderr}");
        assert!(
            !env.path().join("corpus").join(args[1]).exists() && !env.path().join(args[1]).exists(),
            "{args:?}"
        );
    }
    // Without an extension, or with its format's own, the file is written.
    for (name, format) in [("r", "md"), ("r.markdown", "md"), ("r.htm", "html"), ("report.txt", "md")] {
        let path = env.path().join(name);
        ok(&env, &["fomc:latest~1", "fomc:latest", "-o", path.to_str().unwrap(), "--format", format]);
        assert!(path.is_file(), "{name}");
    }
}

/// The paragraphs of the full redline of a DOCX, with every change accepted (`accept`) or
/// rejected, as Word computes them: runs in `w:del` (or `w:ins`) go, the others stay; a
/// paragraph whose mark is deleted (or inserted) runs on into the next.
fn project(document: &str, accept: bool) -> Vec<String> {
    let xml = roxmltree::Document::parse(document).unwrap();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let body = xml.descendants().find(|n| n.has_tag_name((w, "body"))).unwrap();
    let text_of = |p: roxmltree::Node| -> String {
        p.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect()
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut inside = false;
    for p in body.children().filter(|n| n.has_tag_name((w, "p"))) {
        let style = p
            .descendants()
            .find(|n| n.has_tag_name((w, "pStyle")))
            .and_then(|s| s.attribute((w, "val")))
            .unwrap_or("");
        if style == "Heading1" {
            inside = text_of(p) == "Full redline";
            continue;
        }
        if !inside || style == "EntryLabel" {
            continue;
        }
        // A move's source goes with the deletions, its destination with the insertions.
        let (gone, kept) = if accept {
            (["del", "moveFrom"], ["ins", "moveTo"])
        } else {
            (["ins", "moveTo"], ["del", "moveFrom"])
        };
        let content = ["r", "ins", "del", "moveFrom", "moveTo"];
        for run in p.children().filter(|n| n.is_element() && content.contains(&n.tag_name().name())) {
            let tag = run.tag_name().name();
            if gone.contains(&tag) {
                continue;
            }
            assert!(tag == "r" || kept.contains(&tag));
            for t in run.descendants().filter(|n| n.has_tag_name((w, "t")) || n.has_tag_name((w, "delText")))
            {
                current.push_str(t.text().unwrap_or(""));
            }
        }
        let mark = p
            .children()
            .find(|n| n.has_tag_name((w, "pPr")))
            .and_then(|ppr| ppr.children().find(|n| n.has_tag_name((w, "rPr"))))
            .and_then(|rpr| rpr.children().find(|n| n.has_tag_name((w, "ins")) || n.has_tag_name((w, "del"))))
            .map(|m| m.tag_name().name().to_string());
        if mark.as_deref() == Some(gone[0]) {
            continue; // this paragraph's mark goes: its text runs on into the next
        }
        out.push(std::mem::take(&mut current));
    }
    out
}

fn unzip(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn docx_tracked_changes_accept_to_the_later_meeting_and_reject_to_the_earlier() {
    let env = corpus(&DATES);
    // Pairs with modified, inserted, deleted, moved paragraphs (2008), and a split/merge-prone
    // pair across the January 2009 rewrite.
    for (a, b) in [("2008-10-29", "2008-12-16"), ("2008-12-16", "2009-01-28"), ("2008-09-16", "2009-01-28")] {
        let path = env.path().join(format!("{a}-{b}.docx"));
        ok(&env, &[&format!("fomc/{a}"), &format!("fomc/{b}"), "-o", path.to_str().unwrap()]);
        let document = unzip(&path, "word/document.xml");
        for part in ["[Content_Types].xml", "_rels/.rels", "word/styles.xml", "docProps/core.xml"] {
            roxmltree::Document::parse(&unzip(&path, part)).unwrap();
        }
        let expect = |id: &str| -> Vec<String> { paragraphs(&env, id) };
        assert_eq!(project(&document, true), expect(&format!("fomc/{b}")), "{a} → {b}: accept all");
        assert_eq!(project(&document, false), expect(&format!("fomc/{a}")), "{a} → {b}: reject all");
        assert!(document.contains("w:author=\"communique\" w:date=\"2025-11-29T00:00:00Z\""));
    }
}

#[test]
fn docx_tracks_a_sentence_moved_to_another_paragraph_as_a_move() {
    // The last sentence of a real FOMC paragraph moved to the head of the next one.
    let env = TestEnv::with_corpus();
    let text =
        std::fs::read_to_string(common::repo().join("tests/golden/real/texts/fomc/2014-09-17.txt")).unwrap();
    let old: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    let mut new = old.clone();
    let at = old[1].rfind(". ").unwrap() + 2;
    new[1] = old[1][..at - 1].to_string();
    new[2] = format!("{} {}", &old[1][at..], old[2]);
    let a = env.file("2014-09-17.txt", old.join("\n\n") + "\n");
    let b = env.file("2014-10-29.txt", new.join("\n\n") + "\n");
    env.ok(&["add", "--series", "s", a.to_str().unwrap(), b.to_str().unwrap()]);
    let path = env.path().join("moved.docx");
    ok(&env, &["s/2014-09-17", "s/2014-10-29", "-o", path.to_str().unwrap()]);
    let document = unzip(&path, "word/document.xml");
    let names = |range: &str| -> Vec<String> {
        let xml = roxmltree::Document::parse(&document).unwrap();
        xml.descendants()
            .filter(|n| n.tag_name().name() == range)
            .map(|n| n.attributes().find(|a| a.name() == "name").unwrap().value().to_string())
            .collect()
    };
    assert_eq!(names("moveFromRangeStart"), ["move1"], "{document}");
    assert_eq!(names("moveToRangeStart"), ["move1"]);
    assert!(!document.contains(&format!("<w:delText xml:space=\"preserve\">{}", &old[1][at..])));
    assert_eq!(project(&document, true), paragraphs(&env, "s/2014-10-29"), "accept all");
    assert_eq!(project(&document, false), paragraphs(&env, "s/2014-09-17"), "reject all");
}

/// Runs headless Chromium on `page` with `args`, its network log in `netlog`.
pub(crate) fn headless(
    chromium: &Path,
    page: &Path,
    netlog: &Path,
    profile: &Path,
    args: &[&str],
) -> std::process::Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--net-log-capture-mode=Everything")
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

#[test]
fn the_html_report_renders_in_chromium_with_its_marks_and_requests_nothing() {
    let env = corpus(&DATES);
    let page = env.path().join("report.html");
    ok(&env, &["fomc/2008-10-29", "fomc/2008-12-16", "-o", page.to_str().unwrap()]);
    let json: Value =
        serde_json::from_slice(&ok(&env, &["fomc/2008-10-29", "fomc/2008-12-16", "--format", "json"]))
            .unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<img", "<iframe"] {
        assert!(!html.contains(forbidden), "the report holds {forbidden}");
    }
    let Some(browser) = optional::available(Need::Browser, optional::chromium()) else {
        return;
    };

    let netlog = env.path().join("netlog.json");
    let dom = headless(&browser, &page, &netlog, &env.path().join("profile-dom"), &["--dump-dom"]);
    let dom = String::from_utf8(dom.stdout).unwrap();
    assert!(dom.contains("<h2>Full redline</h2>"), "chromium printed no DOM:\n{dom}");
    assert_eq!(dom.matches("<ins>").count(), json["marks"]["ins"].as_u64().unwrap() as usize);
    assert_eq!(dom.matches("<del>").count(), json["marks"]["del"].as_u64().unwrap() as usize);
    assert!(dom.contains("<svg") && dom.contains("<polyline"), "the timeline chart");

    let shot = env.path().join("report.png");
    let out = headless(
        &browser,
        &page,
        &netlog,
        &env.path().join("profile-shot"),
        &[&format!("--screenshot={}", shot.display()), "--window-size=1000,1400"],
    );
    assert!(shot.is_file(), "no screenshot: {}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a blank screenshot ({} bytes)", png.len());

    // Chromium's log of the requests the page made (the browser's own background requests,
    // which have no initiator, aside): none. The same check on a page with an external image
    // and style sheet finds them, so it can fail.
    assert_eq!(page_requests(&netlog), Vec::<String>::new());
    let bad = env.file("external.html", "<html><body><img src=\"http://127.0.0.1:9/x.png\"><link rel=\"stylesheet\" href=\"https://example.org/a.css\"><p>hi</p></body></html>");
    let bad_log = env.path().join("netlog-external.json");
    headless(&browser, &bad, &bad_log, &env.path().join("profile-external"), &["--dump-dom"]);
    assert_eq!(page_requests(&bad_log), ["http://127.0.0.1:9/x.png", "https://example.org/a.css"]);
}

/// The URLs a page requested, from Chromium's net log: the jobs started with the page (an
/// opaque `file://` origin, "null") as initiator, other than files.
pub(crate) fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).unwrap();
    let text = text.trim_end().trim_end_matches(',');
    // Chromium closes the log on a clean exit; be lenient if it did not.
    let log: Value =
        serde_json::from_str(text).or_else(|_| serde_json::from_str(&format!("{text}]}}"))).unwrap();
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_u64().unwrap();
    let mut urls: Vec<String> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| e["params"]["initiator"] != "not an origin")
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .filter(|url| !url.starts_with("file:") && !url.starts_with("data:"))
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[test]
fn markup_quotes_and_control_characters_in_documents_stay_inert() {
    let env = TestEnv::with_corpus();
    let a = env.file("a.txt", "The Committee met. <script>alert(\"x\")</script> & AT&T said \"yes\" and 'no'. Red \x1b[31mtext\x1b]0;title\x07 here.\n\nSecond paragraph.\n");
    let b = env.file("b.txt", "The Committee met again. <script>alert(\"y\")</script> & AT&T said \"no\". Red \x1b[32mtext\x1b]0;title\x07 here.\n\nSecond paragraph.\n");
    env.ok(&["add", "--series", "s", "--date", "2020-01-01", a.to_str().unwrap()]);
    env.ok(&["add", "--series", "s", "--date", "2020-02-01", b.to_str().unwrap()]);

    let html = String::from_utf8(ok(&env, &["s:first", "s:latest", "--format", "html"])).unwrap();
    assert!(!html.contains("<script"), "a document's <script> reached the HTML");
    assert!(html.contains("&lt;script&gt;alert(&quot;"));
    assert!(html.contains("AT&amp;T") && html.contains("&#39;no&#39;"));
    assert!(!html.contains('\x1b') && !html.contains('\x07') && html.contains("Red \\u{1b}[<del>31m"));

    let path = env.path().join("r.docx");
    ok(&env, &["s:first", "s:latest", "-o", path.to_str().unwrap()]);
    let document = unzip(&path, "word/document.xml");
    let xml = roxmltree::Document::parse(&document).expect("well-formed XML despite the document's text");
    let text: String = xml.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect();
    assert!(
        text.contains("<script>alert(\"")
            && text.contains("</script> & AT&T said \"")
            && text.contains("32mtext\\u{1b}]0;title\\u{7} here")
    );
    assert!(!document.contains('\x1b') && !document.contains("<script"));

    let md = String::from_utf8(ok(&env, &["s:first", "s:latest", "--format", "md"])).unwrap();
    assert!(!md.contains("<script") && md.contains("&lt;script&gt;") && !md.contains('\x1b'));
    for args in [&["diff", "s:first", "s:latest"][..], &["show", "s:latest"], &["grep", "Committee"]] {
        let out = env.run(args);
        assert!(
            !out.stdout.contains('\x1b') && !out.stdout.contains('\x07'),
            "{args:?} let a raw escape through"
        );
    }
}

const FOMC_THEMES: &str = r#"
[themes.labor-market]
label = "Labor market"
terms = ["labor market*", "labor force", "employment", "unemployment", "job*", "payroll*", "hiring"]

[themes.risks]
label = "Risks and uncertainty"
terms = ["risk*", "uncertain*", "downside", "upside", "vigilant", "attentive"]
"#;

/// The texts of a JSON array of `{paragraph, text}`.
fn texts(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect()
}

#[test]
fn a_theme_lists_only_its_own_sentences_and_an_edited_sentence_once() {
    // FOMC July → September 2026, ¶3: "Economic activity is expanding at a solid pace despite
    // elevated uncertainty …" loses its clause, a sentence on uncertainty is new, and
    // "Productivity growth and capital investment are strong." is reworded. None of them names
    // the labor market; only the first two are about uncertainty.
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2026-06-17", "2026-07-29", "2026-09-16"]));
    env.append_settings(FOMC_THEMES);
    let json: Value =
        serde_json::from_slice(&ok(&env, &["fomc:latest~1", "fomc:latest", "--format", "json"])).unwrap();
    assert_eq!(json["schema"], "communique.report/2");
    let theme = |name: &str| json["themes"].as_array().unwrap().iter().find(|t| t["theme"] == name).unwrap();
    let labor = theme("labor-market");
    assert!(texts(&labor["new_sentences"]).is_empty(), "{labor:#}");
    assert!(texts(&labor["dropped_sentences"]).is_empty(), "{labor:#}");
    assert!(labor["edited_sentences"].as_array().unwrap().is_empty(), "{labor:#}");
    let risks = theme("risks");
    assert_eq!(
        texts(&risks["new_sentences"]),
        [
            "While uncertainty remains elevated owing, in part, to geopolitical developments, domestic spending has been resilient."
        ]
    );
    assert!(texts(&risks["dropped_sentences"]).is_empty(), "{risks:#}");
    let edited = risks["edited_sentences"].as_array().unwrap();
    assert_eq!(edited.len(), 1, "{risks:#}");
    assert!(edited[0]["old"]["text"].as_str().unwrap().ends_with("conflict in the Middle East."));
    assert_eq!(edited[0]["new"]["text"], "Economic activity is expanding at a solid pace.");
    assert_eq!(
        (edited[0]["old"]["paragraph"].as_u64(), edited[0]["new"]["paragraph"].as_u64()),
        (Some(3), Some(3))
    );

    // Across the report, a reworded sentence is one edited item with its redline, not a new
    // one and a dropped one.
    let reworded = "Productivity growth is strong, and capital investment is robust.";
    for list in ["new_language", "dropped_language"] {
        assert!(!texts(&json[list]).iter().any(|t| t.starts_with("Productivity growth")), "{list}");
    }
    let edited = json["edited_language"].as_array().unwrap();
    let item = edited.iter().find(|e| e["new"]["text"] == reworded).expect("the reworded sentence is edited");
    assert_eq!(item["old"]["text"], "Productivity growth and capital investment are strong.");
    assert_eq!(item["first"]["id"], "fomc/2026-06-17", "where the earlier wording was first used");
    let marks: Vec<(&str, &str)> = item["redline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] != "equal")
        .map(|s| (s["op"].as_str().unwrap(), s["text"].as_str().unwrap()))
        .collect();
    assert_eq!(marks, [("insert", "is strong, "), ("delete", "are strong"), ("insert", "is robust")]);

    // The Markdown shows it once, redlined.
    let md = String::from_utf8(ok(&env, &["fomc:latest~1", "fomc:latest"])).unwrap();
    assert_eq!(md.matches("Productivity growth and capital investment are strong.").count(), 0, "{md}");
    assert!(md.contains("Productivity growth <ins>is strong, </ins>and capital investment <del>are strong</del><ins>is robust</ins>."));
}

/// The corpus's revision found on another thread (as `report` finds it for a large corpus) is
/// the one found in line, in every state: no commit yet, clean, a file outside the corpus
/// changed, a new file in it, an edited one.
#[test]
fn the_revision_found_meanwhile_is_the_revision() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(root)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    let corpus = root.join("desk/corpus");
    std::fs::create_dir_all(corpus.join("fomc")).unwrap();
    std::fs::write(corpus.join("communique.toml"), "[series.fomc]\nlabel = \"FOMC\"\n").unwrap();
    std::fs::write(root.join("notes.txt"), "outside\n").unwrap();
    let revision = || {
        let corpus = communique::corpus::Corpus::open(&corpus).unwrap();
        let inline = corpus.revision().unwrap();
        let meanwhile = corpus.revision_meanwhile().unwrap().join().unwrap();
        assert_eq!(meanwhile.unwrap(), inline);
        inline.map(|r| r.dirty)
    };
    assert_eq!(revision(), None, "no commit yet");
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "first"]);
    assert_eq!(revision(), Some(false), "clean");
    std::fs::write(root.join("notes.txt"), "outside, edited\n").unwrap();
    assert_eq!(revision(), Some(false), "a file outside the corpus");
    std::fs::write(corpus.join("fomc/draft.md"), "new\n").unwrap();
    assert_eq!(revision(), Some(true), "a new file");
    std::fs::remove_file(corpus.join("fomc/draft.md")).unwrap();
    assert_eq!(revision(), Some(false), "gone again");
    std::fs::write(corpus.join("communique.toml"), "[series.fomc]\nlabel = \"Fed\"\n").unwrap();
    assert_eq!(revision(), Some(true), "an edited file");
}
