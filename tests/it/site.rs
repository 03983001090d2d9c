//! `site`: the corpus as static pages. The site of the shipped corpus is checked as a link
//! checker and an HTML5 parser read it; a hostile corpus's markup, controls and bidi
//! characters reach no page unescaped; a second run rewrites nothing and a run after `add`
//! only what changed; a folder that is not a site, or a link in the site, is refused with
//! nothing written.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::TestEnv;
use scraper::{Html, Selector};

/// Every file of the site under `root`, by path from the root.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
    }
    out
}

/// `href` from page `page` resolved to a path from the site's root and a fragment; `None` for
/// an address outside the site.
fn resolve(page: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.contains("://") || href.starts_with("//") || href.starts_with("mailto:") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    for part in path.split('/') {
        match part {
            ".." => {
                assert!(parts.pop().is_some(), "{page}: {href} climbs out of the site");
            }
            "." => {}
            part => parts.push(part),
        }
    }
    Some((parts.join("/"), fragment))
}

/// Checks every page of the site: it parses as HTML5 without an error, its ids are unique,
/// and each of its links, stylesheets and scripts inside the site names a file of the site
/// and, with a fragment, an element of that page. Returns the number of links checked.
fn check_site(root: &Path) -> usize {
    let files = files(root);
    let pages: BTreeMap<&String, Html> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, Html::parse_document(std::str::from_utf8(bytes).unwrap())))
        .collect();
    assert!(pages.contains_key(&"index.html".to_string()), "no home page");
    let any_id = Selector::parse("[id]").unwrap();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, html) in &pages {
        assert!(html.errors.is_empty(), "{path} does not parse as HTML5: {:?}", html.errors);
        let mut seen = BTreeSet::new();
        for element in html.select(&any_id) {
            let id = element.value().attr("id").unwrap().to_string();
            assert!(seen.insert(id.clone()), "{path}: id {id} twice");
        }
        ids.insert(path.as_str(), seen);
    }
    let linking = Selector::parse("a[href], link[href], script[src]").unwrap();
    let mut checked = 0;
    for (path, html) in &pages {
        for element in html.select(&linking) {
            let value = element.value();
            let href = value.attr("href").or(value.attr("src")).unwrap();
            let Some((target, fragment)) = resolve(path, href) else {
                // Only a meeting's source leaves the site, and only when clicked.
                assert!(
                    value.name() == "a" && value.attr("rel").is_some_and(|r| r.contains("noopener")),
                    "{path}: {href} leaves the site"
                );
                continue;
            };
            assert!(files.contains_key(&target), "{path}: {href} names {target}, which the site lacks");
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let known = ids.get(target.as_str()).unwrap_or_else(|| panic!("{path}: {href} is no page"));
                assert!(known.contains(&fragment), "{path}: {href}: no #{fragment} in {target}");
            }
            checked += 1;
        }
    }
    checked
}

/// `site` of the corpus in `env`; asserts success and returns stderr.
fn site(env: &TestEnv, args: &[&str]) -> String {
    let out = env.run(&[&["site"], args].concat());
    assert_eq!(out.code, 0, "site {args:?} failed:\n{}", out.stderr);
    assert_eq!(out.stdout, "", "site writes pages, not standard output");
    out.stderr
}

/// "Wrote N of M files …" as (N, M).
fn wrote(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.starts_with("Wrote ")).unwrap_or_else(|| panic!("{stderr}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

/// "…; K pages of meetings and changes made, L kept." as (K, L).
fn made(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.starts_with("Wrote ")).unwrap_or_else(|| panic!("{stderr}"));
    let tail = line.rsplit("; ").next().unwrap();
    let words: Vec<&str> = tail.split_whitespace().collect();
    assert_eq!(words[1..7], ["pages", "of", "meetings", "and", "changes", "made,"], "{line}");
    (words[0].parse().unwrap(), words[7].parse().unwrap())
}

#[test]
fn the_shipped_corpus_makes_a_site_with_every_link_and_anchor_in_place() {
    let env = TestEnv::new();
    let corpus = env.corpus();
    common::corpus_copy(&env, &corpus);
    let out = env.path().join("out");
    let stderr = site(&env, &["-o", out.to_str().unwrap(), "--title", "Statements"]);
    let (written, pages) = wrote(&stderr);
    assert_eq!(written, pages);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    let listed = list["meetings"].as_array().unwrap();
    // A page per meeting and per change, a page per series and per theme, the home page, the
    // search page, its index and script, the stylesheet and the site's script.
    let series: BTreeSet<&str> = listed.iter().map(|m| m["series"].as_str().unwrap()).collect();
    let themes: usize = series
        .iter()
        .map(|s| {
            let timeline: serde_json::Value =
                serde_json::from_str(&env.ok(&["themes", "--series", s, "--format", "json"])).unwrap();
            timeline["themes"].as_array().unwrap().len()
        })
        .sum();
    // And the parts of themes' pages: the changes before the latest hundred, a hundred each.
    let all = files(&out);
    let parts: Vec<&String> =
        all.keys().filter(|p| p.split('/').nth(1) == Some("themes") && p.matches('/').count() == 3).collect();
    assert!(!parts.is_empty(), "a theme of the FOMC series is touched by more than a hundred changes");
    assert_eq!(pages, 2 * listed.len() - series.len() + series.len() + themes + parts.len() + 1 + 3 + 2);
    let articles = |path: &str| String::from_utf8_lossy(&all[path]).matches("<article>").count();
    let dates = |path: &str| -> Vec<String> {
        let html = Html::parse_document(&String::from_utf8_lossy(&all[path]));
        let heads: Vec<String> =
            html.select(&Selector::parse("article h3").unwrap()).map(|h| h.text().collect()).collect();
        heads.into_iter().rev().collect() // oldest first
    };
    for part in &parts {
        let (folder, k) = part.rsplit_once('/').unwrap();
        let theme = format!("{folder}.html");
        let k: usize = k.trim_end_matches(".html").parse().unwrap();
        assert_eq!(articles(part), 100, "{part}");
        // Its changes come after those of the part before it and before those of the page.
        let next = format!("{folder}/{}.html", k + 1);
        let later = if all.contains_key(&next) { next } else { theme.clone() };
        assert!(dates(part).last().unwrap() < dates(&later).first().unwrap(), "{part} then {later}");
        let listed_on_page = String::from_utf8_lossy(&all[&theme]).contains(&format!("/{part}\""));
        assert!(listed_on_page, "{theme} links to {part}");
        assert!((1..=100).contains(&articles(&theme)), "{theme}");
    }
    let checked = check_site(&out);
    assert!(checked > 4 * listed.len(), "only {checked} links");
    // Each meeting's page has its paragraphs anchored, as many as `show` counts.
    for meeting in listed.iter().step_by(37) {
        let id = meeting["id"].as_str().unwrap();
        let html = fs::read_to_string(out.join(format!("{id}.html"))).unwrap();
        let paragraphs = meeting["paragraphs"].as_u64().unwrap();
        assert!(html.contains(&format!("id=\"p{paragraphs}\"")), "{id}: no ¶{paragraphs}");
        assert!(!html.contains(&format!("id=\"p{}\"", paragraphs + 1)), "{id}: ¶ past the last");
    }
    // A change's page holds the report's redline: as many insertions and deletions.
    let (old, new) = ("fomc/2008-10-29", "fomc/2008-12-16");
    let report: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", old, new, "--format", "json"])).unwrap();
    let page = fs::read_to_string(out.join("fomc/diff/2008-12-16.html")).unwrap();
    let html = Html::parse_document(&page);
    let count = |css: &str| html.select(&Selector::parse(css).unwrap()).count() as u64;
    assert_eq!(count("ins"), report["marks"]["ins"].as_u64().unwrap());
    assert_eq!(count("del"), report["marks"]["del"].as_u64().unwrap());
    // A change's page opens with its signals: the watched phrase that left, the figures.
    let page = fs::read_to_string(out.join("fomc/diff/2015-03-18.html")).unwrap();
    let signals = page.find("<section id=\"signals\">").expect("a signals section");
    assert!(signals < page.find("<section id=\"summary\">").unwrap(), "signals first");
    assert!(page.contains("<strong class=\"vanished\">− &quot;patient&quot;</strong>"));
    let page = fs::read_to_string(out.join("fomc/diff/2026-09-16.html")).unwrap();
    assert!(page.contains("<td>3-1/2 to 3-3/4 percent</td><td>3-3/4 to 4 percent</td>"));
    // Nothing of the corpus changed.
    assert_eq!(common::git(&env, &corpus, &["status", "--porcelain"]), "");
    in_the_browser(&env, &out);
    // A meeting added: the themes' pages are made again, their parts are kept as they are.
    let latest = fs::read_to_string(
        corpus.join("fomc").join(
            listed.iter().rev().find(|m| m["series"] == "fomc").unwrap()["id"]
                .as_str()
                .unwrap()
                .trim_start_matches("fomc/")
                .to_string()
                + ".md",
        ),
    )
    .unwrap();
    let body = latest.splitn(3, "+++").nth(2).unwrap().to_string()
        + "\nThe Committee will review its framework on inflation.\n";
    let new = env.file("new.txt", body);
    env.ok(&["add", "--series", "fomc", "--date", "2099-01-01", new.to_str().unwrap()]);
    site(&env, &["-o", out.to_str().unwrap(), "--title", "Statements"]);
    let now = files(&out);
    for part in &parts {
        assert!(now[*part] == all[*part], "{part} made again");
    }
    assert!(now["fomc/themes/inflation.html"] != all["fomc/themes/inflation.html"]);
    check_site(&out);
}

/// Phrases of the shipped corpus, read from its texts: words, a prefix, numbers and fractions,
/// a document symbol, a phrase across a slash, and one found nowhere.
const PHRASES: [&str; 21] = [
    "maximum employment",
    "price stability",
    "federal funds rate",
    "Daesh/ISIS",
    "sole purpose",
    "Africa*",
    "transitory*",
    "for some time",
    "additional policy firming",
    "1/4 percent",
    "2-1/2 percent",
    "humanitarian assistance",
    "AMISOM",
    "S/2003/715",
    "Secretary-General",
    "sexual violence",
    "Al-Shabaab",
    "foreign terrorist fighters",
    "considerable period",
    "nowhere in any statement",
    // A full-width asterisk is punctuation, not a prefix (blame reads the phrase as typed).
    "Afric\u{ff0a}",
];

/// The site in headless Chromium: six kinds of page render (their DOM and a screenshot that
/// is not blank) and request nothing outside the site; the phrase search, driven by the
/// address, answers what `blame --format json` answers for each of [`PHRASES`].
fn in_the_browser(env: &TestEnv, site: &Path) {
    use common::optional::{self, Need};
    let Some(browser) = optional::available(Need::Browser, optional::chromium()) else {
        return;
    };
    let netlog = env.path().join("netlog.json");
    for (k, (page, holds)) in [
        ("index.html", "<h1>Statements</h1>"),
        ("fomc/index.html", "<polyline"),
        ("fomc/2008-12-16.html", "id=\"p7\""),
        ("fomc/diff/2008-12-16.html", "<ins>"),
        ("fomc/themes/inflation.html", "Latest changes touching the theme"),
        ("fomc/themes/inflation/1.html", "<article>"),
    ]
    .into_iter()
    .enumerate()
    {
        let file = site.join(page);
        let profile = env.path().join(format!("profile-{k}"));
        let dom = crate::report::headless(&browser, &file, &netlog, &profile, &["--dump-dom"]);
        let dom = String::from_utf8(dom.stdout).unwrap();
        assert!(dom.contains(holds), "{page}: the browser's DOM lacks {holds}:\n{dom}");
        assert_eq!(crate::report::page_requests(&netlog), Vec::<String>::new(), "{page} made requests");
        let shot = env.path().join(format!("shot-{k}.png"));
        let args = [format!("--screenshot={}", shot.display()), "--window-size=1000,1200".to_string()];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::report::headless(
            &browser,
            &file,
            &netlog,
            &env.path().join(format!("profile-shot-{k}")),
            &args,
        );
        let png = fs::read(&shot).unwrap_or_default();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 20_000,
            "{page}: a blank screenshot ({} bytes)",
            png.len()
        );
    }
    let answer = Selector::parse("#answer").unwrap();
    let sentence = Selector::parse("#first-sentence").unwrap();
    for (k, phrase) in PHRASES.iter().enumerate() {
        let blame: serde_json::Value =
            serde_json::from_str(&env.run(&["blame", phrase, "--format", "json"]).stdout).unwrap();
        let query: String = url_encoded(phrase);
        let page = PathBuf::from(format!("{}#q={query}", site.join("search.html").display()));
        let profile = env.path().join(format!("profile-search-{k}"));
        let out = crate::report::headless(&browser, &page, &netlog, &profile, &["--dump-dom"]);
        let dom = Html::parse_document(&String::from_utf8(out.stdout).unwrap());
        let found = dom.select(&answer).next().expect("the answer section");
        assert_eq!(found.value().attr("data-phrase"), Some(*phrase), "the search did not run for {phrase}");
        let meetings: Vec<&str> =
            found.value().attr("data-meetings").unwrap_or_default().split_whitespace().collect();
        let expected: Vec<&str> =
            blame["appearances"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
        assert_eq!(meetings, expected, "{phrase}: the meetings that have it");
        match blame["first"].as_object() {
            None => assert_eq!(found.value().attr("data-first"), Some(""), "{phrase}"),
            Some(first) => {
                assert_eq!(found.value().attr("data-first"), first["id"].as_str(), "{phrase}");
                let paragraph = first["paragraph"].as_u64().unwrap().to_string();
                assert_eq!(found.value().attr("data-paragraph"), Some(paragraph.as_str()), "{phrase}");
                let shown: String = dom.select(&sentence).next().unwrap().text().collect();
                assert_eq!(shown, first["sentence"].as_str().unwrap(), "{phrase}: the sentence");
            }
        }
        assert_eq!(crate::report::page_requests(&netlog), Vec::<String>::new(), "the search made requests");
    }
}

/// `text` as a URL's query value.
fn url_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn a_second_run_rewrites_nothing_and_one_after_add_only_what_changed() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2008-09-16", "2008-10-29", "2008-12-16"]));
    let out = env.path().join("site");
    let (written, pages) = wrote(&site(&env, &["-o", "site"]));
    assert_eq!(written, pages);
    let before = files(&out);
    let again = site(&env, &["-o", "site"]);
    assert_eq!(wrote(&again), (0, pages));
    // Three meetings, two changes: made once, then kept.
    assert_eq!(made(&again), (0, 5));
    assert_eq!(files(&out), before);
    env.add_fomc(Some(&["2009-01-28"]));
    let after_add = site(&env, &["-o", "site"]);
    let (written, after) = wrote(&after_add);
    // The new meeting's page and change, and the pages of its neighbour, which link to it.
    assert_eq!(made(&after_add), (4, 3));
    assert_eq!(after, pages + 2, "a meeting page and a change page more");
    let now = files(&out);
    let changed: Vec<&String> =
        now.keys().filter(|p| !p.starts_with(".communique-site") && before.get(*p) != now.get(*p)).collect();
    assert_eq!(written, changed.len(), "{changed:?}");
    for page in
        ["fomc/2009-01-28.html", "fomc/diff/2009-01-28.html", "fomc/2008-12-16.html", "fomc/index.html"]
    {
        assert!(changed.iter().any(|p| *p == page), "{page} not rewritten: {changed:?}");
    }
    for page in ["fomc/2008-09-16.html", "fomc/diff/2008-10-29.html", "_assets/site.css"] {
        assert!(!changed.iter().any(|p| *p == page), "{page} rewritten");
    }
    check_site(&out);
    // A meeting removed takes its pages with it.
    env.ok(&["rm", "fomc/2009-01-28"]);
    let (_, pages_now) = wrote(&site(&env, &["-o", "site"]));
    assert_eq!(pages_now, pages);
    assert!(!out.join("fomc/2009-01-28.html").exists() && !out.join("fomc/diff/2009-01-28.html").exists());
    check_site(&out);
    // New settings (a theme) make every page again, and the theme's page appears.
    env.append_settings(
        "\n[themes.prices]\nlabel = \"Prices\"\nterms = [\"inflation\"]\nseries = [\"fomc\"]\n",
    );
    let themed = site(&env, &["-o", "site"]);
    assert_eq!(made(&themed), (5, 0));
    assert!(out.join("fomc/themes/prices.html").is_file());
    check_site(&out);
    // Pages made from what was kept (the theme's page, from the changes' summaries read
    // back) are those a new site has.
    assert_eq!(made(&site(&env, &["-o", "site"])), (0, 5));
    site(&env, &["-o", "fresh"]);
    let pages = |root: &Path| {
        let mut all = files(root);
        all.retain(|path, _| !path.starts_with(".communique-site"));
        all
    };
    assert_eq!(pages(&out), pages(&env.path().join("fresh")));
    // A damaged store of the changes' summaries: the change whose summary no longer reads
    // back is made again, and the site is the same.
    let store = out.join(".communique-site.summaries");
    let mut bytes = fs::read(&store).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    fs::write(&store, &bytes).unwrap();
    assert_eq!(made(&site(&env, &["-o", "site"])), (1, 4));
    assert_eq!(pages(&out), pages(&env.path().join("fresh")));
    assert_eq!(made(&site(&env, &["-o", "site"])), (0, 5));
    // A site an earlier version made (its manifest's format, no summaries file) is taken
    // over: every page made again, the same site.
    let manifest = out.join(".communique-site");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, text.replace("\"communique site 4\"", "\"communique site 3\"")).unwrap();
    fs::remove_file(&store).unwrap();
    assert_eq!(made(&site(&env, &["-o", "site"])), (5, 0));
    assert_eq!(pages(&out), pages(&env.path().join("fresh")));
    // Its sentences are the theme's: each names inflation.
    let page = String::from_utf8_lossy(&files(&out)["fomc/themes/prices.html"]).into_owned();
    let items: Vec<&str> = page.split("<li><span class=\"meta\">¶").skip(1).collect();
    assert!(items.len() > 3 && page.contains("<del"), "{page}");
    for item in items {
        let item = &item[..item.find("</li>").unwrap()];
        assert!(item.to_lowercase().contains("inflation"), "{item}");
    }
}

#[test]
fn markup_controls_and_bidi_in_titles_and_text_stay_text() {
    let env = TestEnv::with_corpus();
    // Written by hand into the corpus, as a file edited in place would be (`add` refuses
    // controls in a title): markup, controls and bidi characters in the front matter and text.
    let title = r#"<script>alert(1)</script> Title \u202Edesrever\u202C \u001B[31mred"#;
    let text = "The <img src=x onerror=alert(1)> committee & \"friends\" met.\n\n\
                Second paragraph with \u{2066}isolate\u{2069} and a bell \u{7} and </p><p id=\"p1\">.\n";
    fs::create_dir(env.corpus().join("s")).unwrap();
    for (date, body) in
        [("2020-01-01", text.to_string()), ("2020-02-01", format!("{text}\nA third, <b>bold</b>.\n"))]
    {
        let front = format!(
            "+++\ntitle = \"{title}\"\nseries = \"s\"\ndate = {date}\nplace = \"<i>Rome</i>\"\nsource = \"javascript:alert(1)\"\n+++\n\n"
        );
        fs::write(env.corpus().join(format!("s/{date}.md")), front + &body).unwrap();
    }
    let out = env.path().join("site");
    site(&env, &["-o", "site", "--title", "<b>My</b> \u{202e}site"]);
    check_site(&out);
    let only_ours = Selector::parse("script").unwrap();
    let injected = Selector::parse("img, b, i, p#p1 + p#p1").unwrap();
    for (path, bytes) in files(&out) {
        if path == ".communique-site.summaries" {
            continue; // binary, the changes' summaries for the next run: no page
        }
        let text = String::from_utf8(bytes).unwrap();
        for c in ['\u{202e}', '\u{202c}', '\u{2066}', '\u{2069}', '\u{1b}', '\u{7}'] {
            assert!(!text.contains(c), "{path} holds U+{:04X} raw", c as u32);
        }
        if !path.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&text);
        for script in html.select(&only_ours) {
            assert_eq!(script.inner_html(), "", "{path}: an inline script");
            let src = script.value().attr("src").unwrap();
            assert!(
                ["_assets/site.js", "_assets/search.js", "_search/index.js"].iter().any(|s| src.ends_with(s)),
                "{path}: {src}"
            );
        }
        assert_eq!(html.select(&injected).count(), 0, "{path}: document markup became elements");
        for element in html.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            for (name, _) in element.value().attrs() {
                assert!(!name.starts_with("on"), "{path}: an event handler attribute {name}");
            }
        }
        assert!(!text.contains("<script>alert"), "{path}");
    }
    let meeting = fs::read_to_string(out.join("s/2020-01-01.html")).unwrap();
    assert!(meeting.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the title is shown as text");
    assert!(meeting.contains("\\u{202e}desrever"), "bidi overrides shown as escapes");
    assert!(!meeting.contains("href=\"javascript"), "a source that is no web address is text");
}

#[test]
fn a_folder_that_is_not_a_site_and_links_in_a_site_are_refused() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2008-09-16", "2008-10-29"]));
    // A folder with a file of the user's.
    let mine = env.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("notes.txt"), "mine").unwrap();
    let message = env.fails(&["site", "-o", "mine"]);
    assert!(message.contains("holds files that are not a communique site"), "{message}");
    assert_eq!(fs::read_dir(&mine).unwrap().count(), 1);
    // A series' folder, the corpus itself, and its git folder.
    for (folder, problem) in [
        ("corpus/fomc/site", "inside the folder of series fomc"),
        ("corpus", "is the corpus's folder"),
        ("corpus/.git/site", "inside a git folder"),
    ] {
        let before = env.state();
        let message = env.fails(&["site", "-o", folder]);
        assert!(message.contains(problem), "{message}");
        assert_eq!(env.state(), before);
    }
    // A folder of the site replaced by a link to a folder elsewhere: nothing written there.
    site(&env, &["-o", "site"]);
    let outside = env.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::remove_dir_all(env.path().join("site/fomc")).unwrap();
    std::os::unix::fs::symlink(&outside, env.path().join("site/fomc")).unwrap();
    let message = env.fails(&["site", "-o", "site"]);
    assert!(message.contains("is a link or a special file"), "{message}");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0, "a page was written through the link");
    // A page replaced by a link to a file elsewhere: the file is left alone.
    fs::remove_file(env.path().join("site/fomc")).unwrap();
    site(&env, &["-o", "site"]);
    let target = env.path().join("target.html");
    fs::write(&target, "mine").unwrap();
    let page = env.path().join("site/fomc/2008-10-29.html");
    fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&target, &page).unwrap();
    env.fails(&["site", "-o", "site"]);
    assert_eq!(fs::read_to_string(&target).unwrap(), "mine");
    // A base address that is not one.
    let out = env.run(&["site", "-o", "site", "--base-url", "example.org"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: --base-url example.org is not a web address"), "{}", out.stderr);
}

#[test]
fn a_base_address_gives_canonical_links_and_a_sitemap() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2008-09-16", "2008-10-29"]));
    site(&env, &["-o", "site", "--base-url", "https://example.org/fed"]);
    let root = env.path().join("site");
    let page = fs::read_to_string(root.join("fomc/2008-10-29.html")).unwrap();
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/fed/fomc/2008-10-29.html\">"));
    let map = fs::read_to_string(root.join("sitemap.xml")).unwrap();
    let pages: Vec<PathBuf> =
        files(&root).keys().filter(|p| p.ends_with(".html")).map(PathBuf::from).collect();
    assert_eq!(map.matches("<loc>").count(), pages.len());
    assert!(map.contains("<loc>https://example.org/fed/index.html</loc>"));
}

/// Every change page holds what `report` says of the two meetings (its summary, themes,
/// language with first appearances, and redline, section for section), and every meeting page
/// the words' origins that `report` shows for it: the site makes them along a walk of each
/// series, `report` from the corpus each time. Two series, so language one took from the
/// other is dated too.
#[test]
fn change_and_meeting_pages_say_what_report_says() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2008-09-16", "2008-10-29", "2008-12-16", "2009-01-28", "2009-03-18", "2009-04-29"]));
    let unami: Vec<PathBuf> = fs::read_dir(common::repo().join("corpus/unami-iraq"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCE.md"))
        .collect();
    let mut unami: Vec<String> = unami.iter().map(|p| p.to_str().unwrap().to_string()).collect();
    unami.sort();
    unami.truncate(6);
    let mut args = vec!["add", "--series", "unami-iraq"];
    args.extend(unami.iter().map(String::as_str));
    env.ok(&args);
    env.append_settings(
        "\n[themes.prices]\nlabel = \"Prices\"\nterms = [\"inflation*\", \"prices\"]\nseries = [\"fomc\"]\n\
         \n[themes.elections]\nlabel = \"Elections\"\nterms = [\"election*\"]\nseries = [\"unami-iraq\"]\n",
    );
    site(&env, &["-o", "site"]);
    let out = env.path().join("site");
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    let ids: Vec<&str> =
        list["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    let sections = ["section#summary", "section#themes", "section#language", "section#redline"];
    let words = Selector::parse("p.provenance span[title]").unwrap();
    let mut compared = 0;
    for series in ["fomc", "unami-iraq"] {
        let ids: Vec<&&str> = ids.iter().filter(|id| id.starts_with(&format!("{series}/"))).collect();
        for pair in ids.windows(2) {
            let (old, new) = (*pair[0], *pair[1]);
            let report = Html::parse_document(&env.ok(&["report", old, new, "--format", "html"]));
            let stem = new.split_once('/').unwrap().1;
            let page = Html::parse_document(
                &fs::read_to_string(out.join(format!("{series}/diff/{stem}.html"))).unwrap(),
            );
            for css in sections {
                let selector = Selector::parse(css).unwrap();
                let html = |doc: &Html| doc.select(&selector).next().map(|e| e.html());
                assert_eq!(html(&page), html(&report), "{old} → {new}: {css}");
            }
            // The later meeting's words and where each comes from.
            let meeting = Html::parse_document(&fs::read_to_string(out.join(format!("{new}.html"))).unwrap());
            let origins = |doc: &Html| -> Vec<(String, String)> {
                doc.select(&words)
                    .map(|s| (s.value().attr("title").unwrap().to_string(), s.text().collect()))
                    .collect()
            };
            assert_eq!(origins(&meeting), origins(&report), "{new}: words' origins");
            assert!(!origins(&meeting).is_empty());
            compared += 1;
        }
    }
    assert_eq!(compared, 10);
}

/// A run interrupted after writing pages (here by a link where the home page goes), then a
/// run after the corpus is put back: the site is the one a new run makes — no page kept from
/// the interrupted run (same size, other text), none left behind. A file of the user's where
/// a page goes is never replaced; `--series` twice is once; theme names that are no plain
/// names get pages of their own.
#[test]
fn interrupted_runs_and_the_users_files_leave_the_site_a_new_run_makes() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2008-09-16", "2008-10-29", "2008-12-16"]));
    let (out, fresh) = (env.path().join("site"), env.path().join("fresh"));
    let pages = |root: &Path| {
        let mut all = files(root);
        all.retain(|path, _| !path.starts_with(".communique-site"));
        all
    };
    let interrupt = |env: &TestEnv| {
        let home = env.path().join("site/index.html");
        fs::remove_file(&home).unwrap();
        std::os::unix::fs::symlink("/nonexistent", &home).unwrap();
        env.fails(&["site", "-o", "site"]);
        fs::remove_file(&home).unwrap();
    };
    site(&env, &["-o", "site"]);
    // An edit of the same length, interrupted, then undone.
    let file = env.corpus().join("fomc/2008-10-29.md");
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("The Federal Open Market Committee decided today"));
    fs::write(&file, text.replace("decided today", "decided TODAY")).unwrap();
    interrupt(&env);
    fs::write(&file, &text).unwrap();
    site(&env, &["-o", "site"]);
    site(&env, &["-o", "fresh"]);
    assert_eq!(pages(&out), pages(&fresh), "a page of the interrupted run was kept");
    // A meeting written by hand, interrupted, then deleted: its pages go.
    fs::write(
        env.corpus().join("fomc/2009-01-28.md"),
        fs::read(common::repo().join("corpus/fomc/2009-01-28.md")).unwrap(),
    )
    .unwrap();
    interrupt(&env);
    assert!(out.join("fomc/2009-01-28.html").is_file());
    fs::remove_file(env.corpus().join("fomc/2009-01-28.md")).unwrap();
    site(&env, &["-o", "site"]);
    assert_eq!(pages(&out), pages(&fresh), "pages of the interrupted run were left behind");
    // A file of the user's where a page goes.
    fs::write(out.join("sitemap.xml"), "mine").unwrap();
    let message = env.fails(&["site", "-o", "site", "--base-url", "https://example.org/"]);
    assert!(message.contains("is a file this program did not write"), "{message}");
    assert_eq!(fs::read_to_string(out.join("sitemap.xml")).unwrap(), "mine");
    // Nor removed: a page the site no longer has, rewritten by the user, stays.
    fs::remove_file(out.join("sitemap.xml")).unwrap();
    site(&env, &["-o", "site", "--base-url", "https://example.org/"]);
    fs::write(out.join("sitemap.xml"), "mine now").unwrap();
    site(&env, &["-o", "site"]);
    assert_eq!(fs::read_to_string(out.join("sitemap.xml")).unwrap(), "mine now");
    // --series twice is once.
    let once = wrote(&site(&env, &["-o", "one", "--series", "fomc"]));
    assert_eq!(wrote(&site(&env, &["-o", "two", "--series", "fomc", "--series", "fomc"])), once);
    // Themes named as no file can be, and one named as another's page would be.
    env.append_settings(
        "\n[themes.UPPER]\nlabel = \"Upper\"\nterms = [\"inflation\"]\nseries = [\"fomc\"]\n\
         \n[themes.\"a b/c?d#e\"]\nlabel = \"Odd\"\nterms = [\"prices\"]\nseries = [\"fomc\"]\n\
         \n[themes.\"t-0\"]\nlabel = \"Plain\"\nterms = [\"growth\"]\nseries = [\"fomc\"]\n",
    );
    site(&env, &["-o", "themed"]);
    let themed = env.path().join("themed");
    check_site(&themed);
    let theme_pages = fs::read_dir(themed.join("fomc/themes")).unwrap().count();
    assert_eq!(theme_pages, 3);
}
