//! Behaving like git and ripgrep: man page, help examples, color choices, the pager, broken
//! pipes, `--quiet`, dynamic completion, exit codes, a corpus shared through a git remote, and
//! the committed completion scripts.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{TestEnv, repo};

/// Every subcommand's name but `help`, as `communique help` lists them; the shell completion
/// offers the same names after `communique `, so a subcommand missing from one of them fails here.
fn subcommands(env: &TestEnv) -> Vec<String> {
    let listed = common::help_commands(env);
    let help = env.ok(&["help"]);
    let completed = env.command().env("COMPLETE", "fish").args(["--", "communique", ""]).output().unwrap();
    let offered: Vec<String> = String::from_utf8(completed.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split('\t').next())
        .filter(|word| !word.starts_with('-') && *word != "help")
        .map(str::to_string)
        .collect();
    assert_eq!(listed, offered, "`communique help` and the completion disagree on the subcommands:\n{help}");
    for name in ["init", "add", "diff", "report", "blame", "grep", "rm"] {
        assert!(listed.iter().any(|n| n == name), "no {name} in `communique help`:\n{help}");
    }
    listed
}

/// A corpus with two FOMC statements.
fn two_statements() -> TestEnv {
    let env = TestEnv::with_corpus();
    let dir = common::repo().join("corpus/fomc");
    let a = dir.join("2008-10-29.md");
    let b = dir.join("2008-12-16.md");
    env.ok(&["add", "--series", "fomc", a.to_str().unwrap(), b.to_str().unwrap()]);
    env
}

#[test]
fn the_man_page_covers_every_command_and_the_exit_codes() {
    let env = TestEnv::new();
    let out = env.command().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(man.starts_with(".ie") || man.starts_with(".TH"), "{}", &man[..80]);
    for section in
        [".SH NAME", ".SH SYNOPSIS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES"]
    {
        assert!(man.contains(section), "no {section}");
    }
    for name in subcommands(&env) {
        assert!(man.contains(&format!("communique\\-{name}")) || man.contains(&name), "no {name}");
    }
}

/// Subcommands' arguments are built only when needed (`#[command(defer = true)]`); then a doc
/// comment on an arguments struct would replace the subcommand's own summary in its help and in
/// the manual ("Arguments of `diff`" instead of "Compare two meetings…").
#[test]
fn every_subcommand_help_and_the_man_page_open_with_its_own_summary() {
    let env = TestEnv::new();
    let out = env.command().arg("help").output().unwrap();
    let listing = String::from_utf8(out.stdout).unwrap();
    let man = String::from_utf8(env.command().arg("man").output().unwrap().stdout).unwrap();
    for name in subcommands(&env) {
        // `  diff         Compare two meetings (or two files): moved, split, merged and…`
        let line = listing
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name.as_str()))
            .unwrap_or_else(|| panic!("{name} not listed:\n{listing}"));
        let summary = line.trim_start()[name.len()..].trim();
        let start: String = summary.chars().take(30).collect();
        let out = env.command().args([name.as_str(), "--help"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.starts_with(&start), "`communique {name} --help` does not open with {start:?}:\n{help}");
        let escaped = start.replace('-', "\\-");
        assert!(man.contains(&escaped), "the manual lacks {name}'s summary {escaped:?}");
    }
}

#[test]
fn every_subcommand_help_has_an_example() {
    let env = TestEnv::new();
    for name in subcommands(&env) {
        let out = env.command().args([name.as_str(), "--help"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains("Examples:\n  communique ") || help.contains("Examples:\n  mkdir -p "),
            "`communique {name} --help` has no example:\n{help}"
        );
    }
}

#[test]
fn color_follows_the_flag_then_no_color_then_clicolor_force() {
    let env = two_statements();
    let diff = |flag: &str, vars: &[(&str, &str)]| {
        let mut cmd = env.command();
        cmd.args(["-C", "corpus", "diff", "fomc:first", "fomc:latest", flag]);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let colored = |s: &str| s.contains('\x1b');
    assert!(!colored(&diff("--color=auto", &[])), "not a terminal: no color");
    assert!(colored(&diff("--color=auto", &[("CLICOLOR_FORCE", "1")])));
    assert!(!colored(&diff("--color=auto", &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])), "NO_COLOR first");
    assert!(!colored(&diff("--color=auto", &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "0")])));
    assert!(colored(&diff("--color=always", &[("NO_COLOR", "1")])), "the flag wins");
    assert!(!colored(&diff("--color=never", &[("CLICOLOR_FORCE", "1")])), "the flag wins");
    // Debug writes the labels instead of coloring: what the snapshot shows is what is styled how.
    let debug = diff("--color=debug", &[]);
    assert!(!colored(&debug) && debug.contains("<<diff.delete::") && debug.contains("<<diff.insert::"));
    insta::assert_snapshot!("diff_color_debug", debug);
    let themed = env.run(&["--color=debug", "log", "-n", "1"]);
    assert!(themed.stdout.contains("<<commit::"), "{}", themed.stdout);
}

#[test]
fn colors_in_communique_toml_override_the_default_colors() {
    let env = two_statements();
    env.append_settings("\n[themes.crisis]\nterms = [\"financial\", \"credit\"]\n");
    let diff = |color: &str| env.ok(&["--color", color, "diff", "fomc:first", "fomc:latest"]);
    let (colored, plain, debug) = (diff("always"), diff("never"), diff("debug"));
    assert!(colored.starts_with("\x1b[1m---\x1b[0m \x1b[33mfomc/2008-10-29\x1b[0m"), "{colored}");
    env.append_settings("\n[colors]\n\"diff.delete\" = \"blue bold\"\n\"meeting.id\" = \"#d7af00\"\n");
    let chosen = diff("always");
    assert!(chosen.starts_with("\x1b[1m---\x1b[0m \x1b[38;2;215;175;0mfomc/2008-10-29\x1b[0m"), "{chosen}");
    assert!(!chosen.contains("\x1b[31;9m"), "no deletion in the default red is left");
    assert!(chosen.contains("\x1b[32;4m"), "insertions keep the default green");
    // A term inside a deletion is the deletion's color, bold: the chosen one.
    let themed = env.ok(&["--color", "always", "diff", "fomc:first", "fomc:latest", "--theme", "crisis"]);
    assert!(themed.contains("\x1b[34;1m"), "{themed}");
    // Without color, and under debug, colors change nothing.
    assert_eq!(diff("never"), plain);
    assert_eq!(diff("debug"), debug);
}

#[test]
fn a_wrong_colors_entry_names_the_file_the_key_and_what_is_accepted() {
    let env = two_statements();
    let settings = env.corpus().join("communique.toml");
    let original = std::fs::read_to_string(&settings).unwrap();
    let with = |colors: &str| std::fs::write(&settings, format!("{original}\n[colors]\n{colors}\n")).unwrap();
    with("\"diff.delete\" = \"rde strike\"");
    let message = env.fails(&["diff", "fomc:first", "fomc:latest"]);
    let expected = format!(
        "error: {}: [colors] \"diff.delete\" = \"rde strike\": \"rde\" is neither a color nor an attribute\n\
         hint: write up to two colors (foreground, then background: normal, default, black, red,",
        env.corpus().canonicalize().unwrap().join("communique.toml").display()
    );
    assert!(message.starts_with(&expected), "{message}");
    assert!(message.contains("#rrggbb") && message.contains("strikethrough"), "{message}");
    // Whatever the output: the file is wrong.
    assert_eq!(env.fails(&["list", "--format", "json"]), message);
    with("\"diff.deleted\" = \"red\"");
    let message = env.fails(&["--color", "never", "list"]);
    assert!(
        message.contains(
            "communique.toml: [colors] \"diff.deleted\" names nothing communique draws\nhint: the labels are meeting.id,"
        ),
        "{message}"
    );
    assert!(message.contains(" diff.delete, diff.insert, "), "{message}");
    with("\"diff.delete\" = 3");
    let message = env.fails(&["list"]);
    assert!(message.contains("communique.toml: line "), "{message}");
}

/// Runs `communique ARGS` in a pseudo-terminal (util-linux `script`), the pager writing what it
/// got to `paged.txt`.
fn in_terminal(env: &TestEnv, args: &str) -> Option<String> {
    let paged = env.path().join("paged.txt");
    let _ = std::fs::remove_file(&paged);
    let command = format!("{} -C corpus {args}", env!("CARGO_BIN_EXE_communique"));
    let status = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env.path())
        .env("COMMUNIQUE_PAGER", format!("cat > {}", paged.display()))
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("util-linux `script` runs a command in a pseudo-terminal");
    assert!(status.success());
    std::fs::read_to_string(&paged).ok()
}

#[test]
fn long_output_to_a_terminal_goes_through_the_pager_unless_told_not_to() {
    let env = two_statements();
    let paged = in_terminal(&env, "show fomc:latest").expect("the pager got the output");
    assert!(paged.contains("fomc/2008-12-16"), "{paged}");
    assert!(in_terminal(&env, "--no-pager show fomc:latest").is_none(), "--no-pager");
    // Not a terminal: never.
    let out = env
        .command()
        .args(["-C", "corpus", "show", "fomc:latest"])
        .env("COMMUNIQUE_PAGER", "false")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("fomc/2008-12-16"));
    assert!(in_terminal(&env, "rm fomc:latest").is_none(), "commands that change the corpus never page");
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let env = TestEnv::new();
    let mut child = env
        .command()
        .arg("-C")
        .arg(common::repo().join("corpus"))
        .args(["grep", "the", "--series", "fomc"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is gone (like `| head -1`): the rest of the output cannot be written.
    let out = child.wait_with_output().unwrap();
    assert!(!first.is_empty());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

#[test]
fn quiet_silences_notes_but_not_errors() {
    let env = TestEnv::with_corpus();
    let file = env.file("a.txt", "Inflation rose.");
    let noisy = env.run(&["add", "--series", "s", "--date", "2020-01-01", file.to_str().unwrap()]);
    assert!(noisy.stderr.starts_with("note: created series s"), "{}", noisy.stderr);
    let other = env.file("b.txt", "Inflation fell.");
    let quiet =
        env.run(&["--quiet", "add", "--series", "t", "--date", "2020-01-01", other.to_str().unwrap()]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
    let failed = env.run(&["-q", "show", "nope"]);
    assert_eq!(failed.code, 1);
    assert!(failed.stderr.starts_with("error: "));
}

#[test]
fn meeting_references_complete_from_the_corpus() {
    let env = two_statements();
    let complete = |words: &[&str]| {
        let out = env
            .command()
            .current_dir(env.corpus())
            .env("COMPLETE", "fish")
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let ids = complete(&["communique", "show", "fomc/2008-1"]);
    assert_eq!(ids, "fomc/2008-10-29\t2008-10-29\nfomc/2008-12-16\t2008-12-16\n");
    assert!(complete(&["communique", "diff", "fomc:"]).contains("fomc:latest"));
    assert!(
        complete(&["communique", "report", "fomc/2008-10-29", "fomc/2008-12"]).contains("fomc/2008-12-16")
    );
    assert!(complete(&["communique", "di"]).contains("diff"));
    // The registration script a shell sources.
    let script = env.command().env("COMPLETE", "bash").output().unwrap();
    assert!(String::from_utf8(script.stdout).unwrap().contains("complete -o nospace -o bashdefault"));
}

#[test]
fn exit_codes_follow_git() {
    let env = two_statements();
    assert_eq!(env.run(&["show", "fomc:latest"]).code, 0);
    assert_eq!(env.run(&["show", "nope"]).code, 1, "runtime error");
    assert_eq!(env.run(&["show", "--no-such-flag"]).code, 2, "usage error");
    assert_eq!(env.run(&["diff"]).code, 2, "missing arguments");
    assert_eq!(env.run(&["diff", "fomc:first", "fomc:latest", "--exit-code"]).code, 1, "they differ");
    assert_eq!(env.run(&["diff", "fomc:latest", "fomc:latest", "--exit-code"]).code, 0);
    assert_eq!(env.run(&["blame", "no such words anywhere"]).code, 1, "found nowhere");
    // Like grep(1): a match exits 0, none exits 1.
    assert_eq!(env.run(&["grep", "inflation"]).code, 0, "found");
    assert_eq!(env.run(&["grep", "no such words anywhere"]).code, 1, "grep found nowhere");
    // A value a flag cannot take is a usage error, as clap's own are.
    for args in [
        &["blame", "inflation", "--since", "2020-13-01"][..],
        &["blame", "inflation", "--until", "2020-02-30"],
        &["add", "x.txt", "--series", "s", "--date", "2020-02-30"],
        &["diff", "fomc:first", "fomc:latest", "--threshold", "2"],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(
            out.stderr.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_corpus_is_shared_through_any_git_remote() {
    let env = two_statements();
    let git = |dir: &std::path::Path, args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("HOME", env.path().join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    // A bare remote, and a colleague's clone of it.
    git(env.path(), &["clone", "-q", "--bare", "corpus", "remote.git"]);
    git(&env.corpus(), &["remote", "add", "origin", "../remote.git"]);
    git(env.path(), &["clone", "-q", "remote.git", "colleague"]);
    // The colleague adds a meeting and pushes it.
    let file = env.file("jan.txt", "The Committee decided today to keep the target range.");
    let out = env
        .command()
        .args(["-C", "colleague", "add", "--series", "fomc", "--date", "2009-01-28", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    git(&env.path().join("colleague"), &["push", "-q", "origin", "HEAD"]);
    // Pulled on the first side, it reads like any meeting.
    let branch = String::from_utf8(
        Command::new("git")
            .args(["rev-parse", "--abbrev-ref", "HEAD"])
            .current_dir(env.corpus())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    git(&env.corpus(), &["pull", "-q", "--ff-only", "origin", branch.trim()]);
    let shown = env.ok(&["show", "fomc:latest"]);
    assert!(shown.contains("fomc/2009-01-28") && shown.contains("keep the target range"), "{shown}");
    assert!(env.ok(&["log", "-n", "1"]).contains("Add fomc/2009-01-28"));
}

/// What a terminal shows while `communique -C corpus ARGS` runs in a pseudo-terminal (util-linux
/// `script`, its typescript), with `vars` set; the command must succeed.
fn typescript(env: &TestEnv, args: &str, vars: &[(&str, &str)]) -> String {
    let typescript = env.path().join("typescript");
    let command = format!("{} -C corpus {args}", env!("CARGO_BIN_EXE_communique"));
    let status = Command::new("script")
        .args(["-qec", &command, typescript.to_str().unwrap()])
        .current_dir(env.path())
        .envs(vars.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{args}");
    std::fs::read_to_string(&typescript).unwrap()
}

#[test]
fn a_long_import_or_first_indexing_shows_progress_on_a_terminal_only() {
    let env = TestEnv::with_corpus();
    // Ten times the FOMC series under later dates: long enough for the bar to appear (it waits
    // 300 ms; five times the series took less on an idle machine).
    let dir = env.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let statements = common::fomc_statements();
    for k in 0..10 {
        for path in &statements {
            let date = &path.file_stem().unwrap().to_str().unwrap()[..10];
            let year: i32 = date[..4].parse().unwrap();
            let shifted = format!("{:04}{}", year + 400 * k, &date[4..]);
            let text = std::fs::read_to_string(path)
                .unwrap()
                .replace(&format!("date = {date}"), &format!("date = {shifted}"));
            std::fs::write(dir.join(format!("{shifted}.md")), text).unwrap();
        }
    }
    let terminal = typescript(&env, "add --series fomc in/*.md > added.txt", &[]);
    assert!(terminal.contains("importing [") && terminal.contains("/2400"), "no progress bar:\n{terminal}");
    assert_eq!(std::fs::read_to_string(env.path().join("added.txt")).unwrap().lines().count(), 2400);
    // As after `git clone`, no word index: the first question builds it, with a bar.
    std::fs::remove_dir_all(env.corpus().join(".git/communique/index")).unwrap();
    let terminal =
        typescript(&env, "blame 'maximum employment' > blamed.txt", &[("COMMUNIQUE_PROGRESS_DELAY", "0")]);
    assert!(terminal.contains("indexing [") && terminal.contains("/2400"), "no progress bar:\n{terminal}");
    assert!(std::fs::read_to_string(env.path().join("blamed.txt")).unwrap().contains("fomc/"));
    assert!(env.corpus().join(".git/communique/index/fomc").is_dir(), "the index is built");
    // The same without a terminal: stderr says nothing but the notes.
    let again = TestEnv::with_corpus();
    let files: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path().to_str().unwrap().to_string()).collect();
    let mut args = vec!["add", "--series", "fomc"];
    args.extend(files.iter().map(String::as_str));
    let out = again.run(&args);
    assert_eq!(out.code, 0);
    assert!(!out.stderr.contains("importing"), "{}", out.stderr);
}

/// The committed completion scripts (completions/) are what the binary generates now.
#[test]
fn committed_completions_are_current() {
    let env = common::TestEnv::new();
    for (shell, file) in [
        ("bash", "communique.bash"),
        ("zsh", "_communique"),
        ("fish", "communique.fish"),
        ("elvish", "communique.elv"),
        ("powershell", "_communique.ps1"),
    ] {
        let generated = env.ok(&["completions", shell]);
        let committed = std::fs::read_to_string(common::repo().join("completions").join(file)).unwrap();
        assert!(
            generated == committed,
            "completions/{file} is stale; regenerate with `scripts/completions.sh`"
        );
    }
}

#[test]
fn committed_manual_pages_are_current_and_every_page_named_exists() {
    let env = common::TestEnv::new();
    let dir = common::repo().join("man");
    let main = env.ok(&["man"]);
    assert_eq!(
        main,
        std::fs::read_to_string(dir.join("communique.1")).unwrap(),
        "man/ is stale; run scripts/completions.sh"
    );
    // communique(1) names a page per command; each is committed and current.
    let named: Vec<&str> =
        main.lines().filter_map(|l| l.strip_prefix("communique\\-")?.strip_suffix("(1)")).collect();
    assert!(named.len() >= 14, "{named:?}");
    for command in &named {
        let page = env.ok(&["man", command]);
        assert!(
            page.starts_with(".ie") && page.contains(&format!(".TH communique-{command} 1")),
            "{command}"
        );
        let committed = std::fs::read_to_string(dir.join(format!("communique-{command}.1")));
        assert_eq!(
            Some(page),
            committed.ok(),
            "man/communique-{command}.1 is stale or missing; run scripts/completions.sh"
        );
    }
    let pages = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(pages, named.len() + 1, "man/ holds a page no command has");
    // A page that does not exist is a usage error naming those that do.
    let out = env.command().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the commands are init, add,"));
}

#[test]
fn a_mistyped_series_or_id_gets_a_suggestion_that_names_it_once() {
    let env = TestEnv::new();
    let corpus = repo().join("corpus");
    let fails = |args: &[&str]| {
        let out = env.command().arg("-C").arg(&corpus).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = fails(&["show", "fmoc:latest"]);
    assert!(stderr.starts_with("error: no series \"fmoc\""), "{stderr}");
    assert!(stderr.contains("hint: did you mean \"fomc:latest\"?"), "{stderr}");
    let stderr = fails(&["diff", "fmoc:latest~1", "fomc:latest"]);
    assert!(stderr.contains("hint: did you mean \"fomc:latest~1\"?"), "{stderr}");
    let stderr = fails(&["list", "--series", "fmoc"]);
    assert!(stderr.contains("hint: did you mean \"fomc\"?"), "{stderr}");
    // An id suggested once, not as "X (X)".
    let stderr = fails(&["show", "fomc/2026-09-61"]);
    assert!(stderr.contains("hint: did you mean \"fomc/2026-09-16\"?\n"), "{stderr}");
}

#[test]
fn outside_a_corpus_a_corpus_folder_right_here_is_pointed_at() {
    let env = TestEnv::with_corpus();
    // Run from the folder holding `corpus/` (as from this repository's root), without -C.
    let out = env.command().arg("list").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: no corpus here"), "{stderr}");
    assert!(stderr.contains("hint: pass -C corpus (the corpus in ./corpus)"), "{stderr}");
    // With none near, the general advice.
    let empty = TestEnv::new();
    let out = empty.run(&["list"]);
    assert!(out.stderr.contains("hint: pass -C DIR or run `communique init`"), "{}", out.stderr);
}

#[test]
fn color_is_one_escape_sequence_per_run_and_headers_are_styled_as_headers() {
    let env = two_statements();
    let run = |color: &str| {
        let out = env
            .command()
            .args(["-C", "corpus", "diff", "fomc:first", "fomc:latest", "--color", color])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let ansi = run("always");
    let debug = run("debug");
    // Every styled run of the debug form (`<<label::text>>`) is one opening and one closing
    // sequence in color: a deletion of six words is not twelve sequences.
    let runs = debug.matches("<<").count();
    let sequences = ansi.matches("\x1b[").count();
    assert!(runs > 20, "{debug}");
    assert_eq!(sequences, 2 * runs, "{ansi:?}");
    // `---` and `+++` are headers, bold, not struck through as deleted text is.
    assert!(
        ansi.starts_with("\x1b[1m---\x1b[0m ")
            && ansi.lines().nth(1).unwrap().starts_with("\x1b[1m+++\x1b[0m "),
        "{ansi:?}"
    );
    assert!(debug.starts_with("<<diff.header::--->>"), "{debug}");
    // Wrapped narrow and explained: no line ends inside a style, and no wrapped line starts
    // with a styled space (the space between two deleted words is only spacing).
    let out = env
        .command()
        .args([
            "-C",
            "corpus",
            "diff",
            "fomc:first",
            "fomc:latest",
            "--color",
            "always",
            "--width",
            "60",
            "--explain",
        ])
        .output()
        .unwrap();
    let narrow = String::from_utf8(out.stdout).unwrap();
    for line in narrow.lines() {
        let (opened, reset) = (line.matches("\x1b[").count(), line.matches("\x1b[0m").count());
        assert_eq!(opened, 2 * reset, "a style left open at the end of {line:?}");
        let text = line.trim_start_matches(' ');
        assert!(!(text.starts_with("\x1b[31;9m ") || text.starts_with("\x1b[32;4m ")), "{line:?}");
    }
}

#[test]
fn a_window_that_ends_before_it_starts_is_a_usage_error() {
    let env = TestEnv::new();
    let corpus = repo().join("corpus");
    for args in [
        &["blame", "patient", "--since", "2016-01-01", "--until", "2010-12-31"][..],
        &["themes", "--series", "fomc", "--since", "2016-01-01", "--until", "2010-12-31"],
    ] {
        let out = env.command().arg("-C").arg(&corpus).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr,
            "error: --since 2016-01-01 is after --until 2010-12-31\nhint: swap the two dates\n"
        );
        assert!(out.stdout.is_empty());
    }
}
