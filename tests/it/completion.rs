//! Completion as users get it: typed into an interactive bash and zsh on a pseudo-terminal,
//! Tab pressed, the line read back; fish asked with `complete -C`. The corpus is the shipped
//! one, named on the line with `-C`, as from this repository's root.
//!
//! The line is read back by going to its start (Ctrl-A), turning it into an `echo` of markers
//! around it, and running that: what the shell shows is what it would have run.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::optional::{self, Need};
use rexpect::session::{PtySession, spawn_command};

/// The folder of the binary under test, to put first on PATH.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_communique")).parent().unwrap().to_path_buf()
}

/// PATH with the binary under test first.
fn path() -> std::ffi::OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin_dir()).chain(std::env::split_paths(&rest))).unwrap()
}

/// An interactive shell on a pseudo-terminal, in the repository's root, with the dynamic
/// completion of `setup` registered.
fn shell(program: &Path, args: &[&str], setup: &str, home: &Path) -> PtySession {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(common::repo())
        .env("PATH", path())
        .env("HOME", home)
        .env("PS1", "$ ")
        .env("INPUTRC", "/dev/null")
        .env("TERM", "dumb")
        .env_remove("COMMUNIQUE_CORPUS");
    let mut session = spawn_command(command, Some(30_000)).unwrap();
    session.send_line(&format!("{setup}; echo READY''")).unwrap();
    session.exp_string("READY\r\n").unwrap();
    session
}

/// What the line reads after typing `typed` (Tabs included).
fn completed(session: &mut PtySession, typed: &str) -> String {
    session.send(typed).unwrap();
    // To the start of the line, `echo "<<""<"` before it, `">>"">"` after it, and run it: the
    // markers appear whole only in the output.
    session.send_control('a').unwrap();
    session.send("echo \"<<\"\"<\"").unwrap();
    session.send_control('e').unwrap();
    session.send_line("\">>\"\">\"").unwrap();
    let (_, line) = session.exp_regex("<<<[^\r\n]*>>>").unwrap();
    line.trim_start_matches("<<<").trim_end_matches(">>>").trim_end().to_string()
}

/// What Tab Tab lists after `typed` (the line is then cleared).
fn listed(session: &mut PtySession, typed: &str, last: &str) -> String {
    session.send(&format!("{typed}\t\t")).unwrap();
    session.flush().unwrap();
    let listing = session.exp_string(last).unwrap();
    session.send_control('u').unwrap();
    session.send_control('k').unwrap();
    session.send_line("echo CLEARED''").unwrap();
    session.exp_string("CLEARED\r\n").unwrap();
    listing + last
}

/// The cases every shell must complete: typed, then the line after Tab.
const CASES: &[(&str, &str)] = &[
    ("communique -C corpus diff fomc:l\t", "communique -C corpus diff fomc:latest"),
    ("communique -C corpus diff fomc:f\t", "communique -C corpus diff fomc:first"),
    ("communique -C corpus diff fomc/2026-09\t", "communique -C corpus diff fomc/2026-09-16"),
    ("communique -C corpus diff unami-iraq:l\t", "communique -C corpus diff unami-iraq:latest"),
    ("communique -C corpus show fomc:latest~1\t", "communique -C corpus show fomc:latest~1"),
    ("communique -C corpus diff --theme infl\t", "communique -C corpus diff --theme inflation"),
    ("communique -C corpus list --ser\t", "communique -C corpus list --series"),
    ("communique -C corpus blame rates --series fo\t", "communique -C corpus blame rates --series fomc"),
    ("communique -C corpus anno\t", "communique -C corpus annotate"),
    ("communique man rep\t", "communique man report"),
];

#[test]
fn bash_completes_references_themes_series_and_flags_on_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut bash = shell(
        Path::new("bash"),
        &["--norc", "--noprofile", "-i"],
        "source <(COMPLETE=bash communique)",
        home.path(),
    );
    for (typed, expected) in CASES {
        assert_eq!(completed(&mut bash, typed), *expected, "bash, after {typed:?}");
    }
    // Bash splits words at `:` and `=`; neither may lose what comes before it.
    assert_eq!(completed(&mut bash, "communique -C corpus diff fomc:\t"), "communique -C corpus diff fomc:");
    assert_eq!(
        completed(&mut bash, "communique -C corpus diff --theme=infl\t"),
        "communique -C corpus diff --theme=inflation"
    );
    // A corpus named with quotes, escapes or `~`, as bash hands them over.
    let spaced = home.path().join("dir with space");
    std::fs::create_dir(&spaced).unwrap();
    std::os::unix::fs::symlink(common::repo().join("corpus"), spaced.join("corpus")).unwrap();
    let full = spaced.join("corpus").display().to_string();
    for corpus in [
        format!("\"{full}\""),
        format!("'{full}'"),
        full.replace(' ', "\\ "),
        "~/dir\\ with\\ space/corpus".to_string(),
    ] {
        let typed = format!("communique -C {corpus} diff fomc:l\t");
        // The line is read back through `echo`, which prints the words as the shell reads them.
        assert_eq!(
            completed(&mut bash, &typed),
            format!("communique -C {full} diff fomc:latest"),
            "after {typed:?}"
        );
    }
    let listing = listed(&mut bash, "communique -C corpus diff fomc:", "first");
    assert!(listing.contains("latest") && !listing.contains("--"), "{listing:?}");
    let listing = listed(&mut bash, "communique -C corpus diff fomc:latest~", "latest~9");
    assert!(listing.contains("latest~1"), "{listing:?}");
    bash.send_line("exit").unwrap();
    bash.exp_eof().unwrap();
}

#[test]
fn zsh_and_fish_complete_the_same() {
    let Some(zsh) = optional::available(Need::Shells, optional::shell("zsh")) else { return };
    let Some(fish) = optional::available(Need::Shells, optional::shell("fish")) else { return };
    let home = tempfile::tempdir().unwrap();
    let mut z = shell(
        &zsh,
        &["-f", "-i"],
        "autoload -U compinit; compinit -u; source <(COMPLETE=zsh communique)",
        home.path(),
    );
    for (typed, expected) in CASES {
        assert_eq!(completed(&mut z, typed), *expected, "zsh, after {typed:?}");
    }
    z.send_line("exit").unwrap();
    z.exp_eof().unwrap();

    // fish: the completions of a line, as its pager would offer them.
    for (typed, expected) in CASES {
        let line = typed.trim_end_matches('\t');
        let script = format!("COMPLETE=fish communique | source; complete -C {}", shell_quote(line));
        let out = Command::new(&fish)
            .args(["--no-config", "-c", &script])
            .current_dir(common::repo())
            .env("PATH", path())
            .env("HOME", home.path())
            .env_remove("COMMUNIQUE_CORPUS")
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        let word = expected.rsplit(' ').next().unwrap();
        assert!(out.lines().any(|l| l.split('\t').next() == Some(word)), "fish, {line:?}: {out}");
    }
}

/// `text` in single quotes, for fish.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}
