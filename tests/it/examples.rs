//! Every example runs as written: each line of every `--help`'s "Examples", and every command
//! of the README, against the shipped corpus, exits 0; where the README shows output, that is
//! what the command prints.
//!
//! Examples run through `bash -c`, with the binary under test first on PATH and HOME in a
//! temporary folder. The shipped corpus is copied into a git repository of its own (examples
//! add and remove meetings); the files an example imports (`communique-marrakech.txt`,
//! `statements/*.txt`…) are made from shipped texts beforehand, as a user would have them.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestEnv;

/// A sentence and a paragraph for files an example imports.
const TEXT: &str = "The Ministers met in Marrakech on 11 May 2022.\n\nThey reaffirmed their shared determination to continue the fight against Daesh/ISIS.\n";

/// `bash -c SCRIPT` in `dir`, the binary first on PATH, the environment pinned.
fn bash(env: &TestEnv, dir: &Path, script: &str) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_communique")).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    // The pinned environment of every test (`TestEnv::command`), with the binary on PATH.
    let cmd = env.command();
    let mut bash = Command::new("bash");
    bash.arg("-c").arg(script).current_dir(dir).env_clear();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            bash.env(key, value);
        }
    }
    bash.env("PATH", path).env("PAGER", "cat").env("MANPAGER", "cat").env("MANWIDTH", "80");
    bash.output().unwrap()
}

/// The body of a shipped FOMC statement, as a text file would hold it.
fn statement(date: &str) -> String {
    let text = fs::read_to_string(common::repo().join(format!("corpus/fomc/{date}.md"))).unwrap();
    let (_, body) = communique::document::storage::split_front_matter(&text).unwrap();
    body.to_string()
}

/// The files the examples import, in `dir`.
fn inputs(dir: &Path) {
    fs::write(dir.join("communique-marrakech.txt"), TEXT).unwrap();
    // The Rome communiqué, corrected: the seed as a web page.
    let seed = fs::read_to_string(common::seed()).unwrap();
    let paragraphs: Vec<String> = seed.split("\n\n").map(|p| format!("<p>{}</p>", p.trim())).collect();
    fs::write(dir.join("corrected.html"), format!("<html><body>{}</body></html>", paragraphs.join("\n")))
        .unwrap();
    fs::write(dir.join("old.txt"), statement("2026-07-29")).unwrap();
    fs::write(
        dir.join("new.html"),
        format!("<p>{}</p>", statement("2026-09-16").trim().replace("\n\n", "</p><p>")),
    )
    .unwrap();
    fs::create_dir_all(dir.join("statements")).unwrap();
    // Meetings the shipped corpus does not hold: a January and a March 2027 statement.
    fs::write(dir.join("statements/2027-01-27.txt"), statement("2026-07-29")).unwrap();
    fs::write(dir.join("statements/2027-03-17.txt"), statement("2026-09-16")).unwrap();
}

/// The lines under "Examples…:" in a help text, comments dropped.
fn help_examples(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| !line.starts_with("Examples"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .map(|line| line.split("   #").next().unwrap().split("  # ").next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn every_help_example_runs_on_the_shipped_corpus() {
    let env = TestEnv::new();
    let work = env.path().join("work");
    common::corpus_copy(&env, &work);
    inputs(&work);
    let mut ran = 0;
    let mut all = vec![(String::new(), help_examples(&env.ok(&["--help"])))];
    for command in common::help_commands(&env) {
        all.push((command.clone(), help_examples(&env.ok(&[command.as_str(), "--help"]))));
    }
    for (command, examples) in all {
        assert!(!examples.is_empty(), "`communique {command} --help` has no example");
        for example in examples {
            // `init` makes a corpus: in a folder of its own.
            let dir = if command == "init" {
                let dir = env.path().join(format!("init-{ran}"));
                fs::create_dir_all(&dir).unwrap();
                dir
            } else {
                work.clone()
            };
            if example.contains("man -l") && which("man").is_none() {
                eprintln!("SKIPPED: {example}: no man on PATH");
                continue;
            }
            // `watch` polls a web page, which this machine cannot reach: its examples are
            // parsed (every value checked), not run (tests/it/watch.rs runs it on a local page).
            let example = if command == "watch" { format!("{example} --help") } else { example };
            let out = bash(&env, &dir, &example);
            assert!(
                out.status.success(),
                "`{example}` (communique {command} --help) exits {:?}:\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 30, "{ran} examples");
    // What they did is there: the imports and the removal, each one commit.
    let list = env.ok(&["-C", "work", "list"]);
    assert!(list.contains("coalition/2022-05-11") && list.contains("fomc/2027-03-17"), "{list}");
    assert!(!list.contains("fomc/2026-09-16"), "rm removed it");
    assert!(work.join("briefing.html").is_file() && work.join("changes.docx").is_file());
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(program)).find(|p| p.is_file())
}

/// The README's fenced blocks: (language, lines).
fn readme_blocks() -> Vec<(String, Vec<String>)> {
    let readme = fs::read_to_string(common::repo().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in readme.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(language)) => current = Some((language.to_string(), Vec::new())),
            (Some(_), Some(_)) => blocks.push(current.take().unwrap()),
            (Some((_, lines)), None) => lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn every_readme_command_runs_as_written_and_prints_what_the_readme_shows() {
    let env = TestEnv::new();
    // A copy of the repository's root as a reader has it: the corpus, the test data the
    // examples read, the manual pages.
    let root = env.path().join("root");
    common::corpus_copy(&env, &root.join("corpus"));
    for folder in ["man", "tests/data/web-pages", "tests/golden/real/texts/fomc"] {
        common::copy_tree(&common::repo().join(folder), &root.join(folder));
    }
    let mut checked = 0;
    for (language, lines) in readme_blocks() {
        match language.as_str() {
            // A session: `$ command`, then what it prints.
            "console" => {
                let command = lines[0].strip_prefix("$ ").expect("a console block starts with $");
                let out = bash(&env, &root, command);
                let stdout = String::from_utf8(out.stdout).unwrap();
                assert!(out.status.success(), "`{command}`: {}", String::from_utf8_lossy(&out.stderr));
                // What the README shows: runs of lines separated by `…` (output left out), each
                // found whole in what is printed, in order, and from its first line unless the
                // block starts with `…`. A line ending in `…` is the start of the printed one.
                let printed: Vec<&str> = stdout.lines().collect();
                let shown: Vec<&str> = lines[1..].iter().map(String::as_str).collect();
                let same = |shown: &str, printed: &str| match shown.strip_suffix('…') {
                    Some(start) => printed.starts_with(start),
                    None => shown == printed,
                };
                let mut at = 0;
                for (k, run) in shown.split(|l| *l == "…").enumerate() {
                    if run.is_empty() {
                        continue;
                    }
                    let found = (at..=printed.len().saturating_sub(run.len()))
                        .filter(|&start| k > 0 || start == 0)
                        .find(|&start| run.iter().zip(&printed[start..]).all(|(s, p)| same(s, p)));
                    let Some(start) = found else {
                        panic!(
                            "`{command}` does not print what the README shows:\n{}\n--- printed:\n{stdout}",
                            run.join("\n")
                        )
                    };
                    at = start + run.len();
                }
                checked += 1;
            }
            // Commands to type: those of communique (and its setup, git and shell) run as one
            // script; build and test commands are the other tests' business.
            "sh" if lines.iter().any(|l| l.starts_with("communique") || l.contains("| communique")) => {
                let dir = env.path().join(format!("sh-{checked}"));
                fs::create_dir_all(&dir).unwrap();
                // The files the block imports, where it imports them from: the folder it
                // makes a corpus of holds them already.
                if lines.iter().any(|l| l.contains("communique init briefings")) {
                    fs::create_dir_all(dir.join("briefings/statements")).unwrap();
                    fs::write(dir.join("briefings/rome.txt"), fs::read(common::seed()).unwrap()).unwrap();
                    for date in ["2026-07-29", "2026-09-16"] {
                        fs::write(dir.join(format!("briefings/statements/{date}.txt")), statement(date))
                            .unwrap();
                    }
                }
                fs::write(dir.join("marrakech.txt"), TEXT).unwrap();
                common::copy_tree(&root.join("man"), &dir.join("man"));
                // The remote the sharing block clones: a bare repository with a corpus.
                let remote = env.path().join(format!("remote-{checked}.git"));
                common::git(
                    &env,
                    env.path(),
                    &[
                        "clone",
                        "-q",
                        "--bare",
                        root.join("corpus").to_str().unwrap(),
                        remote.to_str().unwrap(),
                    ],
                );
                let script = format!("set -e\nexport REMOTE={}\n{}", remote.display(), lines.join("\n"));
                let out = bash(&env, &dir, &script);
                assert!(
                    out.status.success(),
                    "README block exits {:?}:\n{}\n{}",
                    out.status.code(),
                    lines.join("\n"),
                    String::from_utf8_lossy(&out.stderr)
                );
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked >= 8, "{checked} README blocks");
}

#[test]
fn the_readme_counts_what_is_shipped_as_it_is() {
    let readme = fs::read_to_string(common::repo().join("README.md")).unwrap();
    // The shipped corpus: the themes sample names the FOMC series' length.
    let env = TestEnv::new();
    let list = env.ok(&["-C", common::repo().join("corpus").to_str().unwrap(), "list", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&list).unwrap();
    let fomc = json["meetings"].as_array().unwrap().iter().filter(|m| m["series"] == "fomc").count();
    assert!(
        readme.contains(&format!("fomc · {fomc} meetings")),
        "the README's themes sample names another count"
    );
    // The golden set: documents, series, cases, expected entries and pinned misses.
    let golden = common::repo().join("tests/golden");
    let docs: Vec<String> = fs::read_dir(golden.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut series: Vec<&str> = docs.iter().map(|d| d.split("__").next().unwrap()).collect();
    series.sort_unstable();
    series.dedup();
    let cases = fs::read_to_string(golden.join("cases.jsonl")).unwrap();
    let entries: usize = cases
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["expected"].as_array().unwrap().len())
        .sum();
    let misses = fs::read_to_string(golden.join("known-misses.jsonl")).unwrap().lines().count();
    let thousands =
        |n: usize| if n >= 1000 { format!("{},{:03}", n / 1000, n % 1000) } else { n.to_string() };
    let text = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let claim = format!(
        "holds {} real documents from {} series and {} cases",
        docs.len(),
        series.len(),
        cases.lines().count()
    );
    assert!(text.contains(&claim), "the README should say: {claim}");
    let claim = format!("({misses} of {} today)", thousands(entries));
    assert!(text.contains(&claim), "the README should say: {claim}");
}
