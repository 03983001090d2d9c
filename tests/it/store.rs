//! The store tells the truth: files the corpus skips are named, the file name is a meeting's
//! date everywhere, a file and a reference of the same name are not confused, and git's
//! line-ending filters do not make clean files look edited.

use crate::common;

use common::TestEnv;
use serde_json::Value;

/// A corpus with two FOMC statements.
fn fomc() -> TestEnv {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2024-01-31", "2024-03-20"]));
    env
}

/// Writes a file (and its folders) in the corpus, by hand.
fn place(env: &TestEnv, path: &str, text: &str) {
    let path = env.corpus().join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A meeting's text with this front matter date.
fn meeting(date: &str, body: &str) -> String {
    format!("+++\nseries = \"fomc\"\ndate = {date}\n+++\n\n{body}\n")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The `warning:` lines of stderr; fails on any other line.
fn warnings(stderr: &str) -> Vec<&str> {
    for line in stderr.lines() {
        assert!(line.starts_with("warning: "), "not a warning: {line:?}");
    }
    stderr.lines().collect()
}

/// Files placed by hand that the corpus does not read as meetings, each with the word that
/// must be in its warning.
const SKIPPED: [(&str, &str); 7] = [
    ("fomc/2024-05-01-Rome.md", "fomc/2024-05-01-Rome.md"),
    ("fomc/2024-06-12.MD", "fomc/2024-06-12.MD"),
    ("fomc/2024-13-01.md", "fomc/2024-13-01.md"),
    ("fomc/2024-6-1.md", "fomc/2024-6-1.md"),
    ("fomc/2024-07-31.markdown", "fomc/2024-07-31.markdown"),
    ("2024-09-18.md", "2024-09-18.md"),
    ("Fed/2024-11-07.md", "Fed"),
];

fn place_skipped(env: &TestEnv) {
    for (path, _) in SKIPPED {
        place(env, path, &meeting("2024-05-01", "Placed by hand."));
    }
    // The corpus's own files, and files it has no business with: no warning.
    place(env, "fomc/SOURCE.md", "Where these come from.\n");
    place(env, "fomc/index.csv", "date,url\n");
    place(env, "fomc/.draft.md", "A hidden draft.\n");
    place(env, "fomc/scan.pdf", "%PDF-1.4\n");
    place(env, ".github/notes.md", "Hidden folder.\n");
    place(env, "README.md", "What this corpus is.\n");
    place(env, "sources/rules.txt", "Not a meeting folder: no Markdown in it.\n");
}

#[test]
fn files_the_corpus_skips_are_named_once_with_how_to_fix_them() {
    let env = fomc();
    env.append_settings("\n[themes.prices]\nterms = [\"inflation\"]\n");
    place_skipped(&env);
    let out = env.run(&["list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    let lines = warnings(&out.stderr);
    assert_eq!(lines.len(), SKIPPED.len(), "{}", out.stderr);
    for (_, name) in SKIPPED {
        let line =
            lines.iter().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name}: {}", out.stderr));
        assert!(line.contains("rename") || line.contains("move"), "says how to fix: {line}");
    }
    assert!(lines.iter().any(|l| l.contains("2024-6-1.md") && l.contains("YYYY-MM-DD")), "{}", out.stderr);
    assert!(lines.iter().any(|l| l.contains("2024-13-01.md") && l.contains("not a calendar date")));
    assert!(lines.iter().any(|l| l.contains("2024-06-12.MD") && l.contains("2024-06-12.md")));

    // Every command that lists the corpus says it, each file once; one that lists only the
    // series its references name (fomc:…) names that series' files.
    for (args, expected) in [
        (&["list", "--format", "json"][..], SKIPPED.len()),
        (&["themes", "--series", "fomc"], SKIPPED.len()),
        (&["blame", "inflation"], SKIPPED.len()),
        (&["grep", "inflation"], SKIPPED.len()),
        (&["annotate", "fomc:latest"], SKIPPED.len()),
        (&["show", "latest"], SKIPPED.len()),
        (&["report", "fomc:first", "fomc:latest"], SKIPPED.len()),
        (
            &["diff", "fomc:first", "fomc:latest"],
            SKIPPED.iter().filter(|(p, _)| p.starts_with("fomc/")).count(),
        ),
    ] {
        let out = env.run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let lines = warnings(&out.stderr);
        assert_eq!(lines.len(), expected, "{args:?}: {}", out.stderr);
        let mut unique = lines.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), lines.len(), "each file once: {}", out.stderr);
        // Warnings are about the user's data: shown under -q too (the house rule: -q silences
        // notes, never warnings).
        let mut quiet = vec!["-q"];
        quiet.extend(args);
        assert_eq!(env.run(&quiet).stderr, out.stderr, "{quiet:?}");
    }
}

#[test]
fn a_skipped_name_reaches_the_terminal_sanitized() {
    let env = fomc();
    place(&env, "fomc/2024-05-01-\x1b[31mred.md", &meeting("2024-05-01", "Hostile name."));
    place(&env, "fomc/2024-05-02-x\nwarning: fake.md", &meeting("2024-05-02", "Hostile name."));
    let out = env.run(&["list"]);
    assert_eq!(out.code, 0);
    let lines = warnings(&out.stderr);
    assert_eq!(lines.len(), 2, "{}", out.stderr);
    assert!(!out.stderr.contains('\x1b'), "{:?}", out.stderr);
    assert!(lines.iter().any(|l| l.contains("x\\nwarning: fake.md")), "{:?}", out.stderr);
}

#[test]
fn the_shipped_corpus_gives_no_warning() {
    let env = TestEnv::new();
    let corpus = common::repo().join("corpus");
    for args in [&["list"][..], &["themes", "--series", "unami-iraq"], &["blame", "Sahel"]] {
        let out = env.command().arg("-C").arg(&corpus).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn the_file_name_is_the_date_everywhere_and_a_disagreement_is_named() {
    let env = fomc();
    // Edited by hand: the front matter says another day than the file name.
    let path = env.corpus().join("fomc/2024-01-31.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("date = 2024-01-31"));
    std::fs::write(&path, text.replace("date = 2024-01-31", "date = 2023-12-25")).unwrap();
    // Commands that read the file's front matter say so (`warns`); those that read only its
    // text (blame, a theme timeline, the earlier meetings of an annotation) take the date from
    // the file name without reading the front matter.
    let check = |args: &[&str], warns: bool| -> Value {
        let out = env.run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let lines = warnings(&out.stderr);
        assert_eq!(lines.len(), usize::from(warns), "{args:?}: {}", out.stderr);
        for line in lines {
            for part in ["fomc/2024-01-31.md", "2023-12-25", "2024-01-31"] {
                assert!(line.contains(part), "{args:?}: {line}");
            }
        }
        json(&out.stdout)
    };
    let date = "2024-01-31";
    let list = check(&["list", "--format", "json"], true);
    assert_eq!(list["meetings"][0]["date"], date);
    let show = check(&["show", "fomc:first", "--format", "json"], true);
    assert_eq!(show["meeting"]["date"], date, "{show}");
    let diff = check(&["diff", "fomc:first", "fomc:latest", "--format", "json"], true);
    assert_eq!(diff["old"]["date"], date);
    let blame = check(&["blame", "inflation", "--format", "json"], false);
    assert_eq!(blame["first"]["date"], date);
    let annotate = check(&["annotate", "fomc:first", "--format", "json"], true);
    assert_eq!(annotate["meeting"]["date"], date);
    let later = check(&["annotate", "fomc:latest", "--format", "json"], false);
    let origins: Vec<&str> =
        later["sentences"].as_array().unwrap().iter().filter_map(|s| s["origin"]["date"].as_str()).collect();
    assert!(origins.contains(&date), "{origins:?}");
    env.append_settings("\n[themes.prices]\nterms = [\"inflation\"]\n");
    let themes = check(&["themes", "--series", "fomc", "--format", "json"], false);
    assert_eq!(themes["meetings"][0]["date"], date);
    let compared = check(&["themes", "fomc:first", "fomc:latest", "--format", "json"], true);
    assert!(compared.to_string().contains(date) && !compared.to_string().contains("2023-12-25"));
    let report = check(&["report", "fomc:first", "fomc:latest", "--format", "json"], true);
    assert!(!report.to_string().contains("2023-12-25"), "{report}");
    // References by date follow the file name too.
    assert!(env.run(&["log", "2024-01-31"]).code == 0);
    assert!(env.fails(&["show", "2023-12-25"]).contains("no meeting"));
}

#[test]
fn a_front_matter_without_a_usable_date_is_still_readable() {
    let env = fomc();
    place(&env, "fomc/2024-05-01.md", "+++\nseries = \"fomc\"\n+++\n\nNo date in the front matter.\n");
    place(&env, "fomc/2024-06-12.md", &meeting("2024-06-12T10:00:00", "Not a plain date."));
    let out = env.run(&["show", "2024-05-01", "--format", "json"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert_eq!(json(&out.stdout)["meeting"]["date"], "2024-05-01");
    let out = env.run(&["show", "2024-06-12", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out.stdout)["meeting"]["date"], "2024-06-12");
    let lines = warnings(&out.stderr);
    assert!(lines.len() == 1 && lines[0].contains("2024-06-12T10:00:00"), "{}", out.stderr);
    let out = env.run(&["list"]);
    assert_eq!((out.code, out.stdout.lines().count()), (0, 4), "{}", out.stderr);
}

#[test]
fn an_argument_both_a_file_and_a_reference_is_refused_until_disambiguated() {
    let env = fomc();
    env.file("latest", "A file that happens to be named latest.\n");
    env.file("fomc:latest", "A file named like a series reference.\n");
    env.file("notes.txt", "A file no reference matches.\n");
    let before = env.state();
    for (args, name) in [
        (&["diff", "fomc:first", "latest"][..], "latest"),
        (&["diff", "fomc:latest", "fomc:first"], "fomc:latest"),
        (&["diff", "latest", "fomc:first", "--format", "json"], "latest"),
    ] {
        let message = env.fails(args);
        for part in
            ["ambiguous argument", &format!("\"{name}\""), &format!("./{name}"), "fomc/2024-03-20", "--"]
        {
            assert!(message.contains(part), "{args:?}: {message} should contain {part}");
        }
    }
    assert_eq!(env.state(), before);
    let new_id = |args: &[&str]| {
        let mut args = args.to_vec();
        args.splice(1..1, ["--format", "json"]);
        let out = env.run(&args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let diff = json(&out.stdout);
        (diff["old"]["id"].as_str().unwrap().to_string(), diff["new"]["id"].as_str().unwrap().to_string())
    };
    // A path that says it is one, or anything after `--`, is a file; the reference forms are
    // meetings; a file no reference matches is a file.
    assert_eq!(new_id(&["diff", "fomc:first", "./latest"]).1, "./latest");
    assert_eq!(new_id(&["diff", "fomc:first", "fomc/2024-03-20"]).1, "fomc/2024-03-20");
    assert_eq!(new_id(&["diff", "--", "latest", "fomc:latest"]), ("latest".into(), "fomc:latest".into()));
    assert_eq!(new_id(&["diff", "fomc:first", "--", "latest"]), ("fomc/2024-01-31".into(), "latest".into()));
    assert_eq!(new_id(&["diff", "fomc:first", "notes.txt"]).1, "notes.txt");
    let absolute = env.path().join("latest");
    assert_eq!(new_id(&["diff", "fomc:first", absolute.to_str().unwrap()]).1, absolute.to_str().unwrap());
    // Only files after `--`, and a path that names no file is not read as a reference.
    assert!(env.fails(&["diff", "--", "fomc:first", "latest"]).contains("cannot read fomc:first"));
    assert!(env.fails(&["diff", "./first", "latest"]).contains("cannot read ./first"));
    // Three sides: a usage error (exit 2), as clap says of an extra argument.
    let out = env.run(&["diff", "fomc:first", "--", "latest", "notes.txt"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "error: diff compares two meetings or files, not 3\nhint: name two\n")
    );
    // A meeting's own file named from inside the corpus is that meeting: nothing ambiguous.
    let out = env
        .command()
        .current_dir(env.corpus())
        .args(["diff", "fomc/2024-01-31.md", "fomc/2024-03-20.md", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Runs the real git in the corpus; its stdout (it must succeed).
fn git(env: &TestEnv, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(env.corpus())
        .env("HOME", env.path().join("home"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The index entries of `paths` as git shows them with their stat data (`ls-files --debug`).
fn index_entries(env: &TestEnv, paths: &str) -> String {
    git(env, &["ls-files", "--stage", "--debug", "--", paths])
}

/// After an add, the index holds each file as `git add` would have put it there: the same
/// blob, mode and stat data (times, device, inode, owner, size on disk), so git sees the work
/// tree clean without reading a file. Checked before anything refreshes the index: when the
/// stat data differ, `git diff-files` lists the file, and the entries differ from those `git
/// add` writes after the files are unstaged. A few meetings (loose objects), the same with
/// CRLF checked out (the size on disk is not the blob's), and all 240 FOMC statements (one
/// pack).
#[test]
fn added_files_are_indexed_as_git_add_indexes_them() {
    for case in ["few", "crlf", "many"] {
        let env = TestEnv::with_corpus();
        if case == "crlf" {
            git(&env, &["config", "core.autocrlf", "true"]);
        }
        match case {
            "many" => env.add_fomc(None),
            _ => env.add_fomc(Some(&["2024-01-31", "2024-03-20", "2024-05-01"])),
        }
        assert_eq!(git(&env, &["diff-files", "--name-only"]), "", "{case}: stat data not git's");
        let ours = index_entries(&env, "fomc");
        assert!(ours.contains("2024-03-20.md"), "{case}: {ours}");
        git(&env, &["rm", "-q", "-r", "--cached", "fomc"]);
        git(&env, &["add", "fomc"]);
        assert_eq!(ours, index_entries(&env, "fomc"), "{case}: ours, then git add's");
        assert_eq!(git(&env, &["status", "--porcelain"]), "", "{case}");
        if case == "many" {
            // The 240 statements and the settings naming their new series are one pack, not a
            // loose object each.
            let counts = git(&env, &["count-objects", "-v"]);
            assert!(counts.contains("\npacks: 1\n"), "{counts}");
            let in_pack: usize =
                counts.lines().find_map(|l| l.strip_prefix("in-pack: ")).unwrap().parse().unwrap();
            assert_eq!(in_pack, common::fomc_statements().len() + 1, "{counts}");
        }
    }
}

#[test]
fn line_ending_filters_neither_block_changes_nor_leave_the_tree_dirty() {
    // Every place git reads attributes from but the system's and the user's own file.
    for setting in [
        "core.autocrlf=true",
        ".gitattributes: * text eol=crlf",
        "fomc/.gitattributes: *.md text eol=crlf",
        ".git/info/attributes: * text eol=crlf",
        "core.attributesFile: * text eol=crlf",
    ] {
        let env = TestEnv::with_corpus();
        match setting.split(':').next().unwrap() {
            "core.autocrlf=true" => git(&env, &["config", "core.autocrlf", "true"]),
            "core.attributesFile" => {
                let file = env.file("attributes", "* text eol=crlf\n");
                git(&env, &["config", "core.attributesFile", file.to_str().unwrap()])
            }
            ".git/info/attributes" => {
                std::fs::create_dir_all(env.corpus().join(".git/info")).unwrap();
                std::fs::write(env.corpus().join(".git/info/attributes"), "* text eol=crlf\n").unwrap();
                String::new()
            }
            file => {
                let (_, rule) = setting.split_once(": ").unwrap();
                place(&env, file, &format!("{rule}\n"));
                git(&env, &["add", file]);
                git(&env, &["commit", "-q", "-m", "Check text out with CRLF"])
            }
        };
        env.add_fomc(Some(&["2024-01-31", "2024-03-20", "2024-05-01"]));
        assert_eq!(git(&env, &["status", "--porcelain"]), "", "{setting}: after add");
        // Written as git checks it out.
        let file = env.corpus().join("fomc/2024-03-20.md");
        let written = std::fs::read(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        git(&env, &["checkout", "--", "fomc/2024-03-20.md"]);
        let checked_out = std::fs::read(&file).unwrap();
        assert!(checked_out.windows(2).any(|w| w == b"\r\n"), "{setting}: git checks out CRLF");
        assert!(written == checked_out, "{setting}: communique wrote other line endings than git's checkout");

        // Files as git checked them out (CRLF) are not uncommitted edits.
        for path in ["fomc/2024-01-31.md", "fomc/2024-05-01.md"] {
            std::fs::remove_file(env.corpus().join(path)).unwrap();
            git(&env, &["checkout", "--", path]);
        }
        assert_eq!(git(&env, &["status", "--porcelain"]), "", "{setting}");
        let out = env.run(&["rm", "2024-01-31"]);
        assert_eq!(out.code, 0, "{setting}: rm: {}", out.stderr);
        let text = env.file("2024-05-01.txt", "A corrected statement.\n\nWith a second paragraph.\n");
        let out = env.run(&["add", "--replace", "--series", "fomc", text.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{setting}: add --replace: {}", out.stderr);
        assert_eq!(git(&env, &["status", "--porcelain"]), "", "{setting}: after rm and --replace");
        assert!(env.ok(&["show", "2024-05-01"]).contains("A corrected statement."));
        // The same text again is unchanged (no commit); a new series edits communique.toml as
        // git checked it out, and commits it as git would (LF).
        let commits = git(&env, &["rev-list", "--count", "HEAD"]);
        let out = env.run(&["add", "--replace", "--series", "fomc", text.to_str().unwrap()]);
        assert!(out.stderr.contains("is unchanged"), "{setting}: {}", out.stderr);
        assert_eq!(git(&env, &["rev-list", "--count", "HEAD"]), commits, "{setting}");
        std::fs::remove_file(env.corpus().join("communique.toml")).unwrap();
        git(&env, &["checkout", "--", "communique.toml"]);
        let other = env.file(
            "2024-06-01.txt",
            "Another series.
",
        );
        env.ok(&["add", "--series", "other", other.to_str().unwrap()]);
        assert_eq!(git(&env, &["status", "--porcelain"]), "", "{setting}: after a new series");
        let stored = git(&env, &["show", "HEAD:communique.toml"]);
        assert!(stored.contains("[series.other]") && !stored.contains('\r'), "{setting}: {stored:?}");
        // A real edit is still refused.
        let edited = env.corpus().join("fomc/2024-05-01.md");
        let before = std::fs::read_to_string(&edited).unwrap();
        std::fs::write(&edited, before.replace("A corrected", "An edited")).unwrap();
        assert!(env.fails(&["rm", "2024-05-01"]).contains("uncommitted edits"), "{setting}");
    }
}

#[test]
fn add_says_when_a_file_name_and_its_front_matter_disagree_on_the_date() {
    let env = fomc();
    let file = env.file("2024-05-01.md", meeting("2024-04-30", "Named for one day, dated another."));
    let out = env.run(&["add", "--series", "fomc", file.to_str().unwrap()]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "fomc/2024-04-30\n"), "{}", out.stderr);
    assert!(
        out.stderr.starts_with("note: ")
            && out.stderr.contains("2024-04-30")
            && out.stderr.contains("2024-05-01"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn replace_with_nothing_to_replace_is_refused_and_names_the_meetings_of_that_date() {
    let env = fomc();
    let before = env.ok(&["list", "--format", "json"]);
    let listed = json(&before);
    let existing = listed["meetings"][0]["id"].as_str().unwrap().to_string();
    let date = listed["meetings"][0]["date"].as_str().unwrap().to_string();
    let file = env.file("correction.txt", "A corrected statement of the Committee.\n");
    // The same date, another slug: no such meeting to replace.
    let out = env.run(&[
        "add",
        file.to_str().unwrap(),
        "--series",
        "fomc",
        "--date",
        &date,
        "--slug",
        "typo",
        "--replace",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let first = out.stderr.lines().next().unwrap();
    assert!(
        first.contains(&format!("fomc/{date}-typo")) && first.contains("nothing to replace"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(&existing), "the meetings of that date are named: {}", out.stderr);
    assert_eq!(env.ok(&["list", "--format", "json"]), before, "something was stored");
    // A date with no meeting at all says so.
    let out =
        env.run(&["add", file.to_str().unwrap(), "--series", "fomc", "--date", "1990-01-01", "--replace"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("no meeting of fomc on 1990-01-01"), "{}", out.stderr);
    assert_eq!(env.ok(&["list", "--format", "json"]), before, "something was stored");
}

/// A file edited while a large add runs (between its rename and the stat the index
/// entry is made from) must not end up "clean" in the index with the add's blob id: else the
/// next `add --replace` overwrites the edit without asking. The entry of a file no longer as
/// written has no stat data, so the edit shows as one and the replace is refused. (From the
/// review of add-fast, finding F1.)
#[test]
fn an_edit_made_during_an_add_is_not_overwritten_by_the_next_replace() {
    let env = TestEnv::with_corpus();
    let src = env.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let mut args: Vec<String> = ["add", "--series", "syn"].map(String::from).to_vec();
    for i in 0..2000 {
        let day = start + chrono::Days::new(i);
        let file = src.join(format!("{day}.txt"));
        std::fs::write(
            &file,
            format!("{}\n\nThe Committee decided to keep rates.\n", format!("Statement {i}. ").repeat(20)),
        )
        .unwrap();
        args.push(file.to_str().unwrap().into());
    }
    let target = env.corpus().join("syn/2030-01-01.md");
    let watched = target.clone();
    let editor = std::thread::spawn(move || {
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(120) {
            if std::fs::symlink_metadata(&watched).is_ok() {
                use std::io::Write as _;
                let mut f = std::fs::OpenOptions::new().append(true).open(&watched).unwrap();
                f.write_all(b"\nMY EDIT\n").unwrap();
                return true;
            }
        }
        false
    });
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(editor.join().unwrap(), "the file never appeared");
    let replacement = env.path().join("2030-01-01.txt");
    std::fs::write(&replacement, "Statement 0.\n\nThe Committee decided to raise rates.\n").unwrap();
    let out = env.run(&["add", "--replace", "--series", "syn", replacement.to_str().unwrap()]);
    let now = std::fs::read_to_string(&target).unwrap();
    assert!(
        out.code != 0 && now.contains("MY EDIT"),
        "the edit made during the add was overwritten (exit {}):\n{now}\nindex: {}",
        out.code,
        git(&env, &["ls-files", "--debug", "syn/2030-01-01.md"])
    );
}
