//! The dependency rules between the crate's layers (docs/DESIGN.md, "Layers"), checked on the
//! source: every `crate::LAYER` path in a module's code (its tests aside) must name a layer it
//! may use, the renderers must not call the analysis, and the binary's `cli` must reach the
//! library only through `ops`, `render`, `corpus` (to open and complete), `document` (to
//! check flag values) and `files`.

use std::fs;
use std::path::{Path, PathBuf};

/// Each layer of the library, and the layers it may import.
const RULES: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("files", &[]),
    ("document", &["text"]),
    ("align", &["document", "text"]),
    ("lineage", &["document", "text"]),
    ("themes", &["document", "text", "align", "lineage"]),
    ("corpus", &["document", "text", "files"]),
    ("ops", &["document", "text", "files", "align", "lineage", "themes", "corpus"]),
    ("render", &["document", "align", "lineage", "themes", "corpus", "ops"]),
];

/// What the binary's `cli` may import from the library.
const CLI: &[&str] = &["ops", "render", "corpus", "document", "files"];

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
];

/// The Rust files of a layer: `src/NAME.rs` or everything under `src/NAME/`.
fn files(src: &Path, layer: &str) -> Vec<PathBuf> {
    let single = src.join(format!("{layer}.rs"));
    if single.is_file() {
        return vec![single];
    }
    let mut out = Vec::new();
    let mut stack = vec![src.join(layer)];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its unit tests and comments.
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The layers a piece of code names as `PREFIX::LAYER`.
fn named(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(&format!("{prefix}::")) {
        let rest = &code[at + prefix.len() + 2..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue; // `mycrate::` is not `crate::`
        }
        out.push(name);
    }
    out
}

#[test]
fn every_layer_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (layer, allowed) in RULES {
        for file in files(&src, layer) {
            let code = code(&file);
            for name in named(&code, "crate") {
                if name != *layer && !allowed.contains(&name.as_str()) {
                    broken.push(format!("{} uses crate::{name}", file.display()));
                }
            }
            if *layer == "render" {
                for call in NOT_IN_RENDER {
                    if code.contains(call) {
                        broken.push(format!(
                            "{} calls {call}: analysis belongs in ops or below",
                            file.display()
                        ));
                    }
                }
            }
        }
    }
    for file in files(&src, "cli") {
        for name in named(&code(&file), "communique") {
            if !CLI.contains(&name.as_str()) {
                broken.push(format!("{} uses communique::{name}: go through ops", file.display()));
            }
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
