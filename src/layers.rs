//! The dependency rules between the crate's layers (docs/DESIGN.md, "Layers"), checked on the
//! source: every path a module's code (its test modules aside) names from the crate root —
//! `crate::LAYER`, `crate::{LAYER, …}`, or `super::…` climbing to the root — must name a layer
//! it may use; no layer re-exports another's functions or modules; the renderers neither call
//! the analysis nor `ops`; and the binary (`main.rs`, `cli`) reaches the library only through
//! `ops`, `render`, `corpus` (to open and complete), `document` (to check flag values) and
//! `files`, without calling the analysis those hold. A name for the crate (`use crate as x`)
//! or a `#[path]` would hide paths from the check, and is refused.

use std::fs;
use std::path::{Path, PathBuf};

/// Each layer of the library, and the layers it may import.
const RULES: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("files", &[]),
    ("fetch", &[]),
    ("document", &["text"]),
    ("align", &["document", "text"]),
    ("lineage", &["document", "text"]),
    ("signals", &["document", "text", "align", "lineage"]),
    ("themes", &["document", "text", "align", "lineage", "signals"]),
    ("corpus", &["document", "text", "files"]),
    ("ops", &["document", "text", "files", "fetch", "align", "lineage", "signals", "themes", "corpus"]),
    ("render", &["document", "align", "lineage", "signals", "themes", "corpus", "ops"]),
];

/// What the binary's `cli` may import from the library.
const CLI: &[&str] = &["ops", "render", "corpus", "document", "files"];

/// What the binary's `cli` must not call even through the layers it may name (`document`
/// holds the token rule and the sentence splitter): analysis belongs in `ops` or below.
const NOT_IN_CLI: &[&str] = &[
    "Matcher",
    "Phrase",
    "word_key(",
    "word_keys(",
    "count_words(",
    "words(",
    "comparison_key(",
    "sentences(",
    "segment",
];

/// Calls that are analysis: never in a renderer.
const NOT_IN_RENDER: &[&str] = &[
    "Matcher",
    "Phrase::",
    "lineage::Phrase",
    "word_key(",
    "word_keys(",
    "count_words(",
    "align::diff(",
    "::annotation(",
    "::compare(",
    "::timeline(",
    "::blame(",
    "::grep(",
    "word_counts(",
    ".sentences(",
];

/// The Rust files of a layer: `src/NAME.rs` and everything under `src/NAME/`.
fn files(src: &Path, layer: &str) -> Vec<PathBuf> {
    let single = src.join(format!("{layer}.rs"));
    let mut out: Vec<PathBuf> = if single.is_file() { vec![single] } else { Vec::new() };
    let mut stack = vec![src.join(layer)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    assert!(!out.is_empty(), "layer {layer} has no source under {}", src.display());
    out.sort();
    out
}

/// The code of a file without its unit tests and comments.
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let text = without_test_modules(&text);
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// `text` without its `#[cfg(test)] mod NAME { … }` and `#[cfg(test)] mod NAME;` items: each is
/// cut to its closing brace (or semicolon) and the code after it is still read, wherever the
/// test module stands. Other test-only items stay (they are checked like any code).
fn without_test_modules(text: &str) -> String {
    const ATTRIBUTE: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(ATTRIBUTE) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ATTRIBUTE.len()..];
        let item = after.trim_start();
        let is_module =
            item.starts_with("mod ") || item.starts_with("pub mod ") || item.starts_with("pub(crate) mod ");
        rest = if !is_module {
            after
        } else {
            match (item.find(';'), item.find('{')) {
                (Some(semicolon), brace) if brace.is_none_or(|b| semicolon < b) => &item[semicolon + 1..],
                (_, Some(brace)) => closing_brace(&item[brace..]).map_or("", |end| &item[brace + end + 1..]),
                _ => "",
            }
        };
    }
    out.push_str(rest);
    out
}

/// The byte offset of the brace closing the one `text` starts with, braces inside string and
/// character literals aside; `None` when it is never closed.
fn closing_brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i += text[i + 2..].find('\'').map_or(0, |e| e + 2);
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !is_ident(bytes[i - 1] as char)) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let close = format!("\"{}", "#".repeat(hashes));
                let open = i + 1 + hashes + 1;
                i = text
                    .get(open..)
                    .and_then(|t| t.find(&close))
                    .map_or(bytes.len(), |e| open + e + close.len() - 1);
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The items a path names right after `PREFIX::`: one (`align::Diff` → `align`, followed by
/// `::`), or each of a group (`{align, themes::Matcher}` → `align`, `themes`), with whether
/// the path goes on after it.
fn segments(rest: &str) -> Vec<(String, bool)> {
    let item = |text: &str| {
        let text = text.trim_start();
        let name: String = text.chars().take_while(|&c| is_ident(c)).collect();
        let goes_on = text[name.len()..].trim_start().starts_with("::");
        (name, goes_on)
    };
    let Some(group) = rest.trim_start().strip_prefix('{') else { return vec![item(rest)] };
    let (mut out, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.push(item(&group[start..i]));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(item(&group[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.retain(|(name, _)| !name.is_empty() && name != "self");
    out
}

/// The paths of a piece of code that start `PREFIX::` (not `myPREFIX::`), each as what
/// [`segments`] reads after it.
fn paths<'c>(code: &'c str, prefix: &str) -> Vec<&'c str> {
    let needle = format!("{prefix}::");
    code.match_indices(&needle)
        .filter(|(at, _)| !code[..*at].ends_with(is_ident))
        .map(|(at, _)| &code[at + needle.len()..])
        .collect()
}

/// The layers a piece of code names as `PREFIX::LAYER` or in `PREFIX::{LAYER, …}`.
fn named(code: &str, prefix: &str) -> Vec<String> {
    paths(code, prefix).into_iter().flat_map(segments).map(|(name, _)| name).collect()
}

/// How deep a file's module is below the crate root: `src/render/mod.rs` 1, `src/render/diff.rs` 2.
fn depth(src: &Path, file: &Path) -> usize {
    let parts = file.strip_prefix(src).unwrap().components().count();
    if file.ends_with("mod.rs") { parts - 1 } else { parts }
}

/// The top-level modules a file at `depth` reaches through `super::` paths that climb to the
/// crate root (`super::super::themes` from `src/render/diff.rs`).
fn climbed(code: &str, depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    for rest in paths(code, "super") {
        if code[..code.len() - rest.len() - "super::".len()].ends_with("::") {
            continue; // counted from the first `super::` of the path
        }
        let mut rest = rest;
        let mut climbs = 1;
        while let Some(next) = rest.strip_prefix("super::") {
            (rest, climbs) = (next, climbs + 1);
        }
        if climbs >= depth {
            out.extend(segments(rest).into_iter().map(|(name, _)| name));
        }
    }
    out
}

/// What hides a path from this check: a name for the crate itself (`use crate as lib;`,
/// `extern crate communique as c;`), or a module read from another file (`#[path]`).
fn disguises(code: &str) -> Vec<&'static str> {
    ["crate as ", "communique as ", "extern crate", "#[path"]
        .into_iter()
        .filter(|d| code.contains(d))
        .collect()
}

/// Functions or modules of another layer that this code re-exports (`pub use
/// crate::themes::timeline`): a layer allowed to import this one would reach them without
/// naming their layer. Types may be re-exported (`pub use crate::align::Options as AlignOptions`).
fn reexported(code: &str, layer: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("use crate::") {
        let line = code[..at].rfind('\n').map_or(0, |n| n + 1);
        let tree = &code[at + "use crate::".len()..];
        let tree = &tree[..tree.find(';').unwrap_or(tree.len())];
        if !code[line..at].trim_start().starts_with("pub") || tree.starts_with(&format!("{layer}::")) {
            continue;
        }
        let spaced = tree.replace(['{', '}', ','], " ");
        let words: Vec<&str> = spaced.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            if *word == "as" || (i > 0 && words[i - 1] == "as") || word.ends_with("::") {
                continue;
            }
            let leaf = word.rsplit("::").next().unwrap_or(word);
            if leaf == "*" || leaf == "self" || leaf.starts_with(|c: char| c.is_ascii_lowercase()) {
                out.push(format!(
                    "{leaf} (use crate::{})",
                    tree.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        }
    }
    out
}

/// Calls of `ops` functions in a renderer (`ops::diff(…)`, `use crate::ops::blame`): a
/// renderer formats a model it is given.
fn ops_calls(code: &str) -> Vec<String> {
    paths(code, "ops")
        .into_iter()
        .flat_map(segments)
        .filter(|(name, goes_on)| !goes_on && name.starts_with(|c: char| c.is_ascii_lowercase()))
        .map(|(name, _)| format!("ops::{name}"))
        .collect()
}

#[test]
fn every_layer_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (layer, allowed) in RULES {
        for file in files(&src, layer) {
            let code = code(&file);
            let mut names = named(&code, "crate");
            names.extend(climbed(&code, depth(&src, &file)));
            for name in names {
                if name != *layer && !allowed.contains(&name.as_str()) {
                    broken.push(format!("{} uses crate::{name}", file.display()));
                }
            }
            for path in reexported(&code, layer) {
                broken.push(format!(
                    "{} re-exports {path}: import a layer's functions from it",
                    file.display()
                ));
            }
            if *layer == "render" {
                for call in NOT_IN_RENDER.iter().filter(|call| code.contains(*call)) {
                    broken.push(format!("{} calls {call}: analysis belongs in ops or below", file.display()));
                }
                for call in ops_calls(&code) {
                    broken.push(format!("{} calls {call}: a renderer is handed its model", file.display()));
                }
            }
            for disguise in disguises(&code) {
                broken.push(format!("{} writes `{disguise}`: name layers by their paths", file.display()));
            }
        }
    }
    let mut binary = files(&src, "cli");
    binary.push(src.join("main.rs"));
    for file in binary {
        let code = code(&file);
        for name in named(&code, "communique") {
            if !CLI.contains(&name.as_str()) {
                broken.push(format!("{} uses communique::{name}: go through ops", file.display()));
            }
        }
        for call in NOT_IN_CLI.iter().filter(|call| code.contains(*call)) {
            broken.push(format!("{} calls {call}: analysis belongs in ops or below", file.display()));
        }
        for disguise in disguises(&code) {
            broken.push(format!("{} writes `{disguise}`: name layers by their paths", file.display()));
        }
    }
    let layers: Vec<&str> = RULES.iter().map(|(l, _)| *l).collect();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !["lib", "main", "layers", "cli"].contains(&name.as_str()) && !layers.contains(&name.as_str()) {
            broken.push(format!("{}: a module no rule covers; add it to RULES", path.display()));
        }
    }
    // The library's root only declares the layers: a module written inline there would be
    // covered by no rule.
    let lib = code(&src.join("lib.rs"));
    if lib.contains('{') {
        broken.push(format!(
            "{}: a module written inline; give it a file and a rule",
            src.join("lib.rs").display()
        ));
    }
    assert!(broken.is_empty(), "layer rules broken:\n{}", broken.join("\n"));
}

/// Every file under `dir` (recursively) ending in `.rs`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for path in entries.map(|e| e.unwrap().path()) {
            if path.is_dir() && !path.ends_with("target") {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// Source comments cite the design document by section (`docs/DESIGN.md "Words"`): each
/// section cited must exist, so a reader who follows the pointer finds it.
#[test]
fn every_design_citation_names_a_section_that_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let design = fs::read_to_string(root.join("docs/DESIGN.md")).unwrap();
    let headings: Vec<String> = design
        .lines()
        .filter_map(|l| l.trim_start_matches('#').strip_prefix(' ').filter(|_| l.starts_with('#')))
        .map(|h| h.replace('`', ""))
        .collect();
    let mut broken = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "fuzz/fuzz_targets"] {
        for file in rust_files(&root.join(dir)).into_iter().filter(|f| !f.ends_with("src/layers.rs")) {
            let text = fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate().filter(|(_, l)| l.contains("DESIGN.md")) {
                let Some(at) = line.find("docs/DESIGN.md") else {
                    broken.push(format!("{}:{}: cite docs/DESIGN.md", file.display(), n + 1));
                    continue;
                };
                let rest = line[at + "docs/DESIGN.md".len()..].trim_start_matches(',').trim_start();
                let section = rest.strip_prefix('"').and_then(|r| r.split('"').next());
                match section {
                    Some(section) if headings.iter().any(|h| h == section) => {}
                    Some(section) => {
                        broken.push(format!("{}:{}: no section \"{section}\"", file.display(), n + 1))
                    }
                    None => broken.push(format!("{}:{}: name the section cited", file.display(), n + 1)),
                }
            }
        }
    }
    assert!(broken.is_empty(), "citations of docs/DESIGN.md:\n{}", broken.join("\n"));
}

/// The integration tests are one binary, `tests/it/`: a file at the top of `tests/` would be
/// another binary linking the whole crate again (and its `mod common` would not resolve).
#[test]
fn the_integration_tests_stay_one_binary() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let strays: Vec<String> = fs::read_dir(&tests)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(strays.is_empty(), "make these modules of tests/it/main.rs: {strays:?}");
}

#[test]
fn the_check_sees_what_it_must() {
    assert_eq!(named("use crate::align::Diff; crate::themes::Matcher", "crate"), ["align", "themes"]);
    assert_eq!(named("mycrate::align", "crate"), Vec::<String>::new());
    assert!(code(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/layers.rs"))).contains("fn files("));
}

/// Ways around the check that it once let pass (issue 13 review), each now seen.
#[test]
fn the_check_sees_past_the_ways_around_it() {
    // Grouped imports name each layer (they were read as a layer named "").
    assert_eq!(named("use crate::{align, themes::Matcher};", "crate"), ["align", "themes"]);
    assert_eq!(
        named("use crate::{\n    document::{Document, Meeting},\n    text,\n};", "crate"),
        ["document", "text"]
    );
    assert_eq!(named("use communique::{ops, themes::timeline};", "communique"), ["ops", "themes"]);
    // `super::` paths that climb to the crate root name a layer too; shorter ones do not.
    let src = Path::new("/s/src");
    assert_eq!(depth(src, Path::new("/s/src/render/diff.rs")), 2);
    assert_eq!(depth(src, Path::new("/s/src/render/mod.rs")), 1);
    assert_eq!(depth(src, Path::new("/s/src/document/import/text.rs")), 3);
    assert_eq!(climbed("use super::super::themes::Matcher;", 2), ["themes"]);
    assert_eq!(climbed("use super::super::{align, lineage::Phrase};", 2), ["align", "lineage"]);
    assert_eq!(climbed("use super::themes::Matcher;", 1), ["themes"]);
    assert_eq!(climbed("use super::json; use super::super::x;", 3), Vec::<String>::new());
    // Code after a test module is still code; an out-of-line test module is cut alone.
    let text = "#[cfg(test)]\nmod tests {\n    use crate::corpus::X;\n    let _ = '{';\n    let _ = \"}\";\n}\nuse crate::themes::Matcher;";
    assert_eq!(named(&without_test_modules(text), "crate"), ["themes"]);
    assert_eq!(
        named(&without_test_modules("#[cfg(test)]\nmod tests;\nuse crate::align::Diff;"), "crate"),
        ["align"]
    );
    assert_eq!(named(&without_test_modules("#[cfg(test)]\nuse crate::lineage::X;"), "crate"), ["lineage"]);
    // A name for the crate hides every path behind it.
    assert_eq!(disguises("use crate as lib;\nlib::themes::timeline()"), ["crate as "]);
    assert_eq!(disguises("use communique as c;"), ["communique as "]);
    // Re-exported functions and modules launder a layer; types may pass.
    assert!(reexported("pub use crate::align::Options as AlignOptions;", "ops").is_empty());
    assert!(reexported("pub use crate::themes::{Matcher, timeline};", "ops")[0].starts_with("timeline"));
    assert!(reexported("pub(crate) use crate::themes;", "ops")[0].starts_with("themes"));
    assert!(reexported("pub use crate::lineage::*;", "ops")[0].starts_with('*'));
    assert!(reexported("use crate::themes::timeline;", "ops").is_empty());
    assert!(reexported("pub use crate::ops::answers::diff;", "ops").is_empty());
    // A renderer calling the application layer.
    assert_eq!(ops_calls("crate::ops::report::Report; ops::blame(ws)"), ["ops::blame"]);
    assert_eq!(ops_calls("use crate::ops::{report::Report, grep};"), ["ops::grep"]);
}
