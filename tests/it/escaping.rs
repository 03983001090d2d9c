//! Output integrity: document text never reaches a terminal, a page or a file raw. A corpus
//! whose meetings, metadata, theme labels and commits hold every character XML 1.0 forbids,
//! C0 and C1 controls, bidi controls, line separators and markup is rendered in every format of
//! every command; each section checks one class of defect.
//!
//! Sections: terminal controls, bidi, markup injection, XML-forbidden characters, JSON
//! controls, newlines in metadata, numeric overflow.

use crate::common;

use std::io::Read;
use std::process::Command;

use common::{Output, TestEnv};

// ---------------------------------------------------------------------------------------------
// The hostile corpus

/// Every C0 control (NUL to US, DEL), some C1 ones (CSI, NEL), U+FFFE/U+FFFF, every bidi
/// control, the line and paragraph separators, markup, and text that looks like an unpaired
/// surrogate (`\ud800`, `&#xD800;`).
const PAYLOAD: &str = "<script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) \
    | cell | *em* _u_ `code` ~~s~~ \\ \u{1b}[31mred\u{1b}[0m \u{1b}]0;pwned\u{7} \u{9b}31mcsi \u{85}nel \
    \u{80}\u{9f} \u{7f} \u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{8}\u{b}\u{c}\u{e}\u{f}\u{10}\u{11}\u{12}\
    \u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1a}\u{1c}\u{1d}\u{1e}\u{1f} carriage\rreturn \
    \u{fffe}\u{ffff} \u{202a}\u{202b}\u{202c}\u{202d}\u{202e}evil \u{2066}\u{2067}\u{2068}\u{2069} \
    \u{61c}\u{200e}\u{200f} sep\u{2028}line\u{2029}para \\ud800 &#xD800; &amp; end.";

/// The title, place and source of both meetings: a line break that would open a Markdown
/// heading or a fake `list` row, markup, controls, bidi.
fn title() -> String {
    "Title\n# Injected <script>alert(1)</script> \u{1b}]0;x\u{7} \u{202e}gnp \u{9b} \u{fffe}".to_string()
}
fn place() -> String {
    "Ro\u{202e}me <img src=x onerror=alert(1)>\n2020-01-01  s/2020-01-01  fake row".to_string()
}
fn source() -> String {
    "https://example.org/\u{1b}[2J\u{2067} <script>x</script>\u{2028}".to_string()
}

/// A TOML basic string holding `text` exactly.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || !c.is_ascii() => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A stored meeting written by hand (as a user or another tool may), front matter and all.
fn stored(date: &str, paragraphs: &[String]) -> String {
    format!(
        "+++\ntitle = {}\nseries = \"s\"\ndate = {date}\nplace = {}\nsource = {}\n+++\n\n{}\n",
        toml_string(&title()),
        toml_string(&place()),
        toml_string(&source()),
        paragraphs.join("\n\n")
    )
}

/// A corpus of two hostile meetings (a paragraph modified, one deleted, one inserted), a theme
/// whose label holds bidi controls and markup, and a commit whose author and message hold
/// controls.
fn hostile() -> TestEnv {
    let env = TestEnv::with_corpus();
    env.append_settings(
        "\n[themes.evil]\nlabel = \"Af\\u202Erica | <b>bold</b> \\u2066x\\u2069\"\nterms = [\"committee\"]\n\
         \n[watch.evil]\nlabel = \"W\\u202Eatch <i>\"\nphrases = [\"committee met\", \"Committee \\u202Egathered\", \"\\u001b]0;x committee\"]\n",
    );
    std::fs::create_dir(env.corpus().join("s")).unwrap();
    let old = [
        format!("Dropped paragraph of the Committee {PAYLOAD}"),
        format!("The Committee met. {PAYLOAD}"),
        "A plain paragraph the Committee kept.".to_string(),
        "The rate of the Commi\u{202e}ttee <b> was 2 percent from 1 May 2020.".to_string(),
    ];
    let new = [
        format!("The Committee gathered again. {PAYLOAD} \u{202e}added\u{9b}"),
        "A plain paragraph the Committee kept.".to_string(),
        format!("A new paragraph of the Committee {PAYLOAD}"),
        "The rate of the Commi\u{202e}ttee <b> was 3\u{1b}[31m percent from 1 May 2021.".to_string(),
    ];
    std::fs::write(env.corpus().join("s/2021-01-01.md"), stored("2021-01-01", &old)).unwrap();
    std::fs::write(env.corpus().join("s/2021-02-01.md"), stored("2021-02-01", &new)).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(env.corpus())
            .env("HOME", env.path().join("home"))
            .env("GIT_AUTHOR_NAME", "Mal\u{202e}lory \u{9b}31m")
            .env("GIT_AUTHOR_EMAIL", "m@example.org")
            .env("GIT_COMMITTER_NAME", "Mallory")
            .env("GIT_COMMITTER_EMAIL", "m@example.org")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "Hand-placed \u{1b}]0;pwned\u{7} \u{202e}meetings\u{85}"]);
    env
}

/// Every answer a user can print, with the format it is in.
fn answers() -> Vec<(Format, Vec<&'static str>)> {
    use Format::*;
    let mut all = vec![];
    for (format, name) in [(Text, "text"), (Json, "json")] {
        all.push((format, vec!["list", "--format", name]));
        all.push((format, vec!["log", "--format", name]));
        all.push((format, vec!["blame", "committee met", "--format", name]));
        all.push((format, vec!["blame", "committee met", "--fuzzy", "--format", name]));
        all.push((format, vec!["grep", "committee", "--format", name]));
        all.push((format, vec!["annotate", "s:latest", "--format", name]));
        all.push((format, vec!["annotate", "s:latest", "--words", "--format", name]));
        all.push((format, vec!["annotate", "s:latest", "--across", "--format", name]));
        all.push((format, vec!["watchlist", "--format", name]));
    }
    for (format, name) in [(Text, "text"), (Json, "json"), (Md, "md")] {
        all.push((format, vec!["show", "s:first", "--format", name]));
        all.push((format, vec!["diff", "s:first", "s:latest", "--format", name]));
        all.push((format, vec!["themes", "--format", name]));
        all.push((format, vec!["themes", "s:first", "s:latest", "--format", name]));
    }
    all.push((Text, vec!["diff", "s:first", "s:latest", "--full", "--width", "60"]));
    all.push((Text, vec!["diff", "s:first", "s:latest", "--theme", "evil"]));
    all.push((Text, vec!["diff", "s:first", "s:latest", "--stat"]));
    all.push((Text, vec!["show", "s:latest", "--width", "40"]));
    for args in [
        vec!["--color", "always", "show", "s:first"],
        vec!["--color", "always", "diff", "s:first", "s:latest", "--full", "--theme", "evil"],
        vec!["--color", "always", "blame", "committee met"],
        vec!["--color", "always", "grep", "committee"],
        vec!["--color", "always", "annotate", "s:latest"],
        vec!["--color", "always", "annotate", "s:latest", "--words"],
        vec!["--color", "always", "themes", "s:first", "s:latest"],
        vec!["--color", "always", "list"],
        vec!["--color", "always", "log"],
        vec!["--color", "always", "watchlist"],
        vec!["--color", "always", "diff", "s:first", "s:latest", "--stat"],
    ] {
        all.push((Colored, args));
    }
    for (format, name) in [(Md, "md"), (Html, "html"), (Json, "json")] {
        all.push((format, vec!["report", "s:first", "s:latest", "--format", name]));
    }
    all
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Text,
    Colored,
    Json,
    Md,
    Html,
}

/// Runs every answer on the hostile corpus.
fn outputs(env: &TestEnv) -> Vec<(Format, Vec<&'static str>, Output)> {
    answers()
        .into_iter()
        .map(|(format, args)| {
            let out = env.run(&args);
            assert_eq!(out.code, 0, "{args:?} failed:\n{}", out.stderr);
            (format, args, out)
        })
        .collect()
}

/// The report as a Word document: every XML part, by name.
fn docx_parts(env: &TestEnv) -> Vec<(String, String)> {
    env.ok(&["report", "s:first", "s:latest", "-o", "report.docx"]);
    let file = std::fs::File::open(env.path().join("report.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            (part.name().to_string(), text)
        })
        .collect()
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A character that must never be written raw where a person reads: a control (but the line
/// feed and tab that lay text out), a bidi control, a line separator, a noncharacter.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi(c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` without the SGR color sequences (`ESC [ … m`) the renderer itself writes.
fn without_colors(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let end = tail.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(tail.len());
        if tail[end..].starts_with('m') {
            rest = &tail[end + 1..];
        } else {
            out.push('\u{1b}');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

fn first_hidden(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_hidden(c))
}

fn around(text: &str, at: usize) -> String {
    let start = (0..=at.saturating_sub(60)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let end =
        ((at + 60).min(text.len())..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
    format!("{:?}", &text[start..end])
}

// ---------------------------------------------------------------------------------------------
// Terminal controls

#[test]
fn terminal_controls_are_shown_escaped_in_every_terminal_answer() {
    let env = hostile();
    for (format, args, out) in outputs(&env) {
        if !matches!(format, Format::Text | Format::Colored) {
            continue;
        }
        let stdout = if format == Format::Colored { without_colors(&out.stdout) } else { out.stdout.clone() };
        let control = stdout.char_indices().find(|&(_, c)| c.is_control() && c != '\n' && c != '\t');
        if let Some((at, c)) = control {
            panic!("{args:?} wrote U+{:04X} raw: {}", c as u32, around(&stdout, at));
        }
        let payload_shown = ["show", "diff", "annotate", "blame"].contains(&args[0])
            && !args.contains(&"--stat")
            && !args.contains(&"--fuzzy");
        if payload_shown {
            assert!(stdout.contains("\\u{1b}]0;pwned\\u{7}"), "{args:?}: the escape should show:\n{stdout}");
        }
        if let Some((at, c)) = first_hidden(&out.stderr) {
            panic!("{args:?} wrote U+{:04X} raw on stderr: {}", c as u32, around(&out.stderr, at));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bidi

#[test]
fn bidi_controls_are_shown_escaped_in_terminal_markdown_and_html() {
    let env = hostile();
    for (format, args, out) in outputs(&env) {
        if format == Format::Json {
            continue;
        }
        if let Some((at, c)) = out.stdout.char_indices().find(|&(_, c)| is_bidi(c)) {
            panic!("{args:?} wrote bidi control U+{:04X} raw: {}", c as u32, around(&out.stdout, at));
        }
    }
    // Shown, not dropped: a reader sees that the text holds them.
    let shown = env.ok(&["show", "s:first"]);
    assert!(
        shown.contains("\\u{202e}evil") && shown.contains("\\u{2066}\\u{2067}\\u{2068}\\u{2069}"),
        "{shown}"
    );
    let label = env.ok(&["themes", "s:first", "s:latest"]);
    assert!(label.contains("Af\\u{202e}rica"), "{label}");
    for (name, part) in docx_parts(&env) {
        assert!(!part.chars().any(is_bidi), "{name} holds a raw bidi control");
    }
}

// ---------------------------------------------------------------------------------------------
// Markup injection

#[test]
fn markup_in_document_text_stays_text_in_markdown_and_html() {
    let env = hostile();
    for (format, args, out) in outputs(&env) {
        if !matches!(format, Format::Md | Format::Html) {
            continue;
        }
        let lower = out.stdout.to_lowercase();
        for tag in ["<script", "<img", "<b>", "\u{1b}"] {
            assert!(!lower.contains(tag), "{args:?} let {tag:?} through:\n{}", out.stdout);
        }
        if format == Format::Md {
            assert!(!lower.contains("[link]("), "{args:?} let a link through:\n{}", out.stdout);
        }
        // The title's line break opens no heading, the place's no line of its own (in HTML a
        // line break is only a space).
        for line in out.stdout.lines().filter(|_| format == Format::Md) {
            assert!(
                !line.starts_with("# Injected") && !line.starts_with("2020-01-01  s/"),
                "{args:?}: {line:?}"
            );
        }
        if let Some((at, c)) = first_hidden(&out.stdout) {
            panic!("{args:?} wrote U+{:04X} raw: {}", c as u32, around(&out.stdout, at));
        }
    }
    let md = env.ok(&["show", "s:first", "--format", "md"]);
    assert!(md.starts_with("# Title\\u{a}\\# Injected &lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    assert!(md.contains("\\[link\\](javascript:alert(1)) \\| cell \\| \\*em\\* \\_u\\_ \\`code\\`"), "{md}");
    let html = env.ok(&["report", "s:first", "s:latest", "--format", "html"]);
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
}

// ---------------------------------------------------------------------------------------------
// XML-forbidden characters

/// Whether `c` may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[test]
fn xml_forbidden_characters_keep_the_docx_well_formed_and_visible() {
    let env = hostile();
    let parts = docx_parts(&env);
    assert!(parts.iter().any(|(name, _)| name == "word/document.xml"));
    for (name, text) in &parts {
        if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
            panic!("{name} holds U+{:04X}, which XML 1.0 forbids", c as u32);
        }
        if let Err(e) = roxmltree::Document::parse(text) {
            panic!("{name} is not well-formed: {e}");
        }
    }
    let document = &parts.iter().find(|(name, _)| name == "word/document.xml").unwrap().1;
    let xml = roxmltree::Document::parse(document).unwrap();
    let text: String = xml.descendants().filter_map(|n| n.text()).collect();
    assert!(text.contains("\\u{fffe}\\u{ffff}") && text.contains("\\u{0}\\u{1}"), "shown as escapes: {text}");
    assert!(text.contains("<script>alert(1)</script>"), "markup is text in Word: {text}");
    if let Some((at, c)) = first_hidden(&text) {
        panic!("Word would show U+{:04X} raw: {}", c as u32, around(&text, at));
    }
    // The HTML report's SVG and text hold no XML-forbidden character either.
    let html = env.ok(&["report", "s:first", "s:latest", "--format", "html"]);
    assert!(html.chars().all(xml_char), "the HTML report holds an XML-forbidden character");
}

// ---------------------------------------------------------------------------------------------
// JSON controls

#[test]
fn json_escapes_c1_bidi_and_separators_and_means_the_same_strings() {
    let env = hostile();
    for (format, args, out) in outputs(&env) {
        if format != Format::Json {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"));
        if let Some((at, c)) = first_hidden(&out.stdout) {
            panic!("{args:?} wrote U+{:04X} raw: {}", c as u32, around(&out.stdout, at));
        }
        if args[0] == "show" {
            assert_eq!(value["meeting"]["title"], title(), "{args:?}");
            assert_eq!(value["meeting"]["place"], place(), "{args:?}");
            assert_eq!(value["meeting"]["source"], source(), "{args:?}");
            assert!(value["paragraphs"][1]["text"].as_str().unwrap().ends_with(PAYLOAD), "{args:?}");
        }
    }
    let json = env.ok(&["show", "s:first", "--format", "json"]);
    for escape in [r"\u009b", r"\u0085", r"\u202e", r"\u2028", r"\u2029", r"\ufffe", r"\u001b", r"\u0000"] {
        assert!(json.contains(escape), "{escape} missing from {json}");
    }
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    assert_eq!(list["meetings"][0]["title"], title());
    let log: serde_json::Value = serde_json::from_str(&env.ok(&["log", "--format", "json"])).unwrap();
    assert_eq!(log["commits"][0]["author"], "Mal\u{202e}lory \u{9b}31m");
}

// ---------------------------------------------------------------------------------------------
// Newlines in metadata

#[test]
fn newlines_and_controls_in_metadata_flags_are_refused() {
    let env = TestEnv::with_corpus();
    let file = env.file("m.txt", "The Committee met.\n");
    let before = env.state();
    for (flag, value, what) in [
        ("--title", "Statement\n2021-01-01  s/fake", "a line break (U+000A)"),
        ("--place", "Rome\r\nfake", "a line break (U+000D)"),
        ("--source", "https://x.org/\u{2028}y", "a line break (U+2028)"),
        ("--title", "Red \u{1b}[31m", "a control character (U+001B)"),
        ("--place", "C1 \u{9b}", "a control character (U+009B)"),
        ("--title", "Tab\there", "a tab (U+0009)"),
    ] {
        // A usage error (exit 2); the value shown on one line, escaped.
        let out =
            env.run(&["add", file.to_str().unwrap(), "--series", "s", "--date", "2021-01-01", flag, value]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert!(lines[0].starts_with("error: invalid value '"), "{}", out.stderr);
        assert!(
            lines[0].ends_with(&format!("for '{flag} <{}>': contains {what}", flag[2..].to_uppercase())),
            "{}",
            out.stderr
        );
        assert!(!lines[0].chars().any(|c| c.is_control() && c != '\t'), "{:?}", lines[0]);
        assert_eq!(lines[1], "hint: give it as one line, without control characters");
        assert_eq!(env.state(), before, "the corpus is untouched");
    }
    // Bidi marks belong to right-to-left text: accepted, and shown as they are.
    env.ok(&[
        "add",
        file.to_str().unwrap(),
        "--series",
        "s",
        "--date",
        "2021-01-01",
        "--place",
        "\u{200f}الرياض",
    ]);
}

#[test]
fn an_imported_front_matter_title_with_a_newline_is_refused() {
    let env = TestEnv::with_corpus();
    let file = env.file(
        "m.md",
        "+++\ntitle = \"Statement\\n2021-01-01  s/fake\"\nseries = \"s\"\ndate = 2021-01-01\n+++\n\nThe Committee met.\n",
    );
    let before = env.state();
    let message = env.fails(&["add", file.to_str().unwrap()]);
    assert!(
        message.ends_with(
            "m.md: the title it gives contains a line break (U+000A)\nhint: make it one line of text, or give --title"
        ),
        "{message}"
    );
    assert_eq!(env.state(), before);
    // A title given on the command line wins, and is one line.
    env.ok(&["add", file.to_str().unwrap(), "--title", "Statement"]);
}

#[test]
fn a_stored_title_with_a_newline_prints_no_fake_row() {
    let env = hostile();
    let list = env.ok(&["list"]);
    assert_eq!(list.lines().count(), 2, "one line per meeting:\n{list}");
    assert!(list.contains("Ro\\u{202e}me <img src=x onerror=alert(1)>\\u{a}2020-01-01"), "{list}");
    let show = env.ok(&["show", "s:first"]);
    assert!(show.starts_with("Title\\u{a}# Injected"), "{show}");
    let diff = env.ok(&["diff", "s:first", "s:latest"]);
    assert_eq!(diff.lines().next().unwrap().matches("fake row").count(), 1, "{diff}");
    assert!(!diff.lines().any(|l| l.starts_with("2020-01-01  s/")), "{diff}");
}

#[test]
fn a_theme_label_with_a_newline_is_a_config_error_with_its_line() {
    let env = TestEnv::with_corpus();
    let file = env.file("m.txt", "The Committee met.\n");
    env.ok(&["add", file.to_str().unwrap(), "--series", "s", "--date", "2021-01-01"]);
    let lines = std::fs::read_to_string(env.corpus().join("communique.toml")).unwrap().lines().count();
    env.append_settings("[themes.x]\nterms = [\"committee\"]\nlabel = \"Two\\n| lines |\"\n");
    let message = env.fails(&["themes", "--format", "md"]);
    assert!(
        message.contains(&format!(
            "line {}: theme \"x\": label contains a line break (U+000A)\nhint: write it on one line",
            lines + 3
        )),
        "{message}"
    );
    assert!(message.contains("communique.toml"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Numeric overflow

fn no_panic(env: &TestEnv, args: &[&str]) -> Output {
    let out = env.run(args);
    assert!(
        !out.stderr.contains("panicked") && out.code != 101 && out.code >= 0,
        "{args:?} crashed ({}):\n{}",
        out.code,
        out.stderr
    );
    // A refusal or an internal failure is an error line and hints (a usage error is clap's).
    if out.code == 1 || out.code == 3 {
        common::assert_error_shape(&out.stderr);
    }
    out
}

#[test]
fn numeric_overflow_in_any_user_number_gives_a_result_or_one_line() {
    let env = hostile();
    const MAX: &str = "18446744073709551615";
    const PAST: &str = "99999999999999999999999";
    let grep = no_panic(&env, &["grep", "committee", "--context", MAX]);
    assert_eq!(grep.code, 0);
    assert!(
        grep.stdout.contains("Dropped paragraph of the"),
        "the whole paragraph is context:\n{}",
        grep.stdout
    );
    for args in [
        vec!["diff", "s:first", "s:latest", "--context", MAX],
        vec!["diff", "s:first", "s:latest", "--width", MAX],
        vec!["diff", "s:first", "s:latest", "--width", "0", "--full"],
        vec!["diff", "s:first", "s:latest", "--stat", "--width", MAX],
        vec!["show", "s:first", "--width", MAX],
        vec!["show", "s:first", "--width", "0"],
        vec!["themes", "--width", MAX],
        vec!["themes", "--width", "0"],
        vec!["themes", "s:first", "s:latest", "--width", MAX],
        vec!["log", "-n", MAX],
        vec!["log", "-n", "0"],
        vec!["blame", "committee", "--since", "0000-01-01", "--until", "9999-12-31"],
        vec!["themes", "--since", "9999-12-31"],
        vec!["annotate", "s:latest", "--min-similarity", "0"],
        vec!["annotate", "s:latest", "--min-similarity", "1"],
        vec!["diff", "s:first", "s:latest", "--threshold", "0"],
    ] {
        let out = no_panic(&env, &args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    for reference in [
        format!("s:latest~{MAX}"),
        format!("s:latest~{PAST}"),
        format!("s:latest^~{MAX}"),
        format!("s:latest~{MAX}~{MAX}"),
        format!("s:latest@HEAD~{MAX}"),
    ] {
        let out = no_panic(&env, &["show", &reference]);
        assert_eq!(out.code, 1, "{reference}: {}", out.stdout);
    }
    let far = no_panic(&env, &["show", &format!("s:latest~{MAX}~1")]);
    assert!(far.stderr.contains("has only 1 earlier meeting"), "{}", far.stderr);
    for args in [
        vec!["grep", "committee", "--context", PAST],
        vec!["diff", "s:first", "s:latest", "--threshold", "NaN"],
        vec!["annotate", "s:latest", "--min-similarity", "inf"],
        vec!["log", "-n", "-1"],
        vec!["blame", "committee", "--since", "+10000-01-01"],
    ] {
        let out = no_panic(&env, &args);
        assert!(out.code == 1 || out.code == 2, "{args:?} should be refused: {}", out.stdout);
    }
}

#[test]
fn a_heading_or_url_line_with_controls_stays_text_and_the_add_succeeds() {
    let env = TestEnv::with_corpus();
    let file = env.file(
        "m.md",
        "# Joint \u{1b}]0;x\u{7}Statement\n\nhttps://example.org/\u{1b}[2J\n\nThe Committee met.\n",
    );
    env.ok(&["add", file.to_str().unwrap(), "--series", "s", "--date", "2021-01-01"]);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["show", "s:latest", "--format", "json"])).unwrap();
    assert_eq!(json["meeting"]["title"], serde_json::Value::Null);
    assert_eq!(json["meeting"]["source"], serde_json::Value::Null);
    assert_eq!(json["paragraphs"][0]["text"], "Joint \u{1b}]0;x\u{7}Statement");
    let shown = env.ok(&["show", "s:latest"]);
    assert!(shown.contains("¶1  Joint \\u{1b}]0;x\\u{7}Statement"), "{shown}");
}

#[test]
fn compared_files_with_a_multi_line_title_keep_their_date_and_show_it_escaped() {
    let env = TestEnv::new();
    let file = |name: &str, date: &str, text: &str| {
        env.file(
            name,
            format!("+++\ntitle = \"Two\\nlines\"\nplace = \"Ro\\u202Eme\"\ndate = {date}\n+++\n\n{text}\n"),
        )
    };
    file("a.md", "2021-01-01", "The Committee met.");
    file("b.md", "2021-02-01", "The Committee met again.");
    let out = env.ok(&["diff", "a.md", "b.md"]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("--- a.md · 2021-01-01 · Ro\\u{202e}me"), "{out}");
    assert_eq!(lines.next(), Some("+++ b.md · 2021-02-01 · Ro\\u{202e}me"), "{out}");
    let md = env.ok(&["diff", "a.md", "b.md", "--format", "md"]);
    assert!(md.contains("- `a.md` · 1 January 2021 · Two\\u{a}lines"), "{md}");
}

#[test]
fn bidi_marks_of_right_to_left_text_are_kept_as_they_are() {
    // The marks (RLM, LRM, ALM) reorder nothing beyond their neighbours; Arabic and Hebrew
    // texts need them, so they reach the reader untouched, unlike the overrides.
    let env = TestEnv::with_corpus();
    let text = "\u{200f}يرحب المجلس بالتقدم المحرز\u{200e} (2021)\u{061c}.";
    let file = env.file("2021-01-01.txt", text);
    env.ok(&["add", file.to_str().unwrap(), "--series", "s", "--place", "\u{200f}الرياض"]);
    let shown = env.ok(&["show", "s:latest"]);
    assert!(shown.contains(text), "{shown}");
    assert!(shown.contains("\u{200f}الرياض"), "{shown}");
    let md = env.ok(&["show", "s:latest", "--format", "md"]);
    assert!(md.contains("\u{200f}يرحب"), "{md}");
}

#[test]
fn signals_from_hostile_text_and_settings_are_shown_escaped() {
    let env = hostile();
    let stat = env.ok(&["diff", "s:first", "s:latest", "--stat"]);
    // Labels are made of the document's words: the override between two letters splits a
    // word, and never reaches the terminal raw.
    assert!(stat.contains("rate of the Commi ttee: 1 May 2020 → 1 May 2021"), "{stat}");
    assert!(!stat.chars().any(is_hidden), "{stat}");
    // A watched phrase is the settings' text: shown escaped.
    assert!(stat.contains("+ \"Committee \\u{202e}gathered\" (new to the series)"), "{stat}");
    let diff = env.ok(&["diff", "s:first", "s:latest"]);
    assert!(diff.contains("Watched: − \"committee met\""), "{diff}");
    let watchlist = env.ok(&["watchlist"]);
    assert!(watchlist.contains("W\\u{202e}atch <i>"), "{watchlist}");
    assert!(watchlist.contains("\"\\u{1b}]0;x committee\""), "{watchlist}");
    let html = env.ok(&["report", "s:first", "s:latest", "--format", "html"]);
    let signals = &html[html.find("<section id=\"signals\">").expect("a signals section")..];
    let signals = &signals[..signals.find("</section>").unwrap()];
    assert!(signals.contains("&quot;Committee \\u{202e}gathered&quot;"), "{signals}");
    assert!(!signals.chars().any(is_hidden), "{signals}");
}
