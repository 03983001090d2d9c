//! Bad input: one clear `error:` line on stderr (and `hint:` lines), exit 1, and the corpus
//! exactly as it was.

use crate::common;

use common::TestEnv;

/// A corpus with one meeting, the state to compare against, and a guard to check it after.
fn setup() -> (TestEnv, String) {
    let env = TestEnv::with_corpus();
    assert_eq!(env.add_seed().code, 0);
    let state = env.state();
    (env, state)
}

fn refused(args: &[&str], expected: &str) {
    let (env, before) = setup();
    let args: Vec<String> = args.iter().map(|a| a.replace("{tmp}", env.path().to_str().unwrap())).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    prepare_files(&env);
    let message = env.fails(&args);
    assert!(message.contains(expected), "{message:?} should contain {expected:?}");
    assert_eq!(env.state(), before, "the corpus changed after {args:?}");
    let fsck = std::process::Command::new("git")
        .args(["fsck", "--no-dangling"])
        .current_dir(env.corpus())
        .env("HOME", env.path().join("home"))
        .output()
        .unwrap();
    assert!(fsck.status.success(), "git fsck after {args:?}: {}", String::from_utf8_lossy(&fsck.stderr));
}

fn prepare_files(env: &TestEnv) {
    env.file("empty.txt", "");
    env.file("blank.txt", " \n\n\t\n");
    env.file("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    env.file("latin1.txt", b"First line.\n\nLa r\xe9union des ministres.\n");
    env.file("good.txt", "A good paragraph.\n");
    env.file("2021-02-30.txt", "A paragraph.\n");
    env.file("undated.txt", "Nothing here says when.\n");
    env.file("2021-06-28.txt", "Same id as Rome.\n");
}

#[test]
fn empty_file() {
    refused(&["add", "{tmp}/empty.txt", "--date", "2022-01-01"], "empty.txt: the file is empty");
    refused(&["add", "{tmp}/blank.txt", "--date", "2022-01-01"], "blank.txt: the file is empty");
}

#[test]
fn binary_file() {
    refused(
        &["add", "{tmp}/image.png", "--date", "2022-01-01"],
        "image.png: this is a binary file, not text",
    );
}

#[test]
fn invalid_utf8_says_where() {
    refused(
        &["add", "{tmp}/latin1.txt", "--date", "2022-01-01"],
        "latin1.txt: invalid UTF-8 at line 3, column 5 (byte offset 17)",
    );
}

#[test]
fn missing_file() {
    refused(&["add", "{tmp}/nope.txt", "--date", "2022-01-01"], "cannot read");
}

#[test]
fn one_bad_file_among_good_ones_adds_nothing() {
    refused(
        &["add", "{tmp}/good.txt", "{tmp}/empty.txt", "--date", "2022-01-01"],
        "empty.txt: the file is empty",
    );
}

#[test]
fn dates_that_are_not_dates() {
    // A bad --date is a usage error (exit 2), clap's message naming the flag.
    let (env, before) = setup();
    prepare_files(&env);
    let good = env.path().join("good.txt");
    for (date, problem) in [
        ("2021-02-30", "\"2021-02-30\" is not a calendar date"),
        ("June 2021", "is not a date in the form YYYY-MM-DD"),
    ] {
        let out = env.run(&["add", good.to_str().unwrap(), "--date", date]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.starts_with("error: invalid value"), "{}", out.stderr);
        assert!(out.stderr.lines().next().unwrap().contains("--date"), "{}", out.stderr);
        assert!(out.stderr.contains(problem), "{}", out.stderr);
        assert_eq!(env.state(), before);
    }
    refused(&["add", "{tmp}/2021-02-30.txt"], "the file name's date \"2021-02-30\" is not a calendar date");
    refused(
        &["add", "{tmp}/undated.txt"],
        "no date found in the file name or the text\nhint: give one with --date YYYY-MM-DD",
    );
}

#[test]
fn unsafe_slugs_and_series() {
    // Bad flag values: usage errors (exit 2).
    let (env, before) = setup();
    prepare_files(&env);
    let good = env.path().join("good.txt");
    let good = good.to_str().unwrap();
    for bad in ["a/b", "..", "../escape", ".hidden", "has space", "Upper"] {
        for flag in ["--slug", "--series"] {
            let what = &flag[2..];
            let args = ["add", good, "--date", "2022-01-01", &format!("{flag}={bad}")];
            common::bad_value(&env, &before, &args, &format!("invalid {what} \"{bad}\""));
        }
    }
}

#[test]
fn duplicate_id_without_replace() {
    refused(
        &["add", "{tmp}/2021-06-28.txt", "--slug", "rome"],
        "coalition/2021-06-28-rome already exists\nhint: pass --replace to record a correction",
    );
    refused(
        &["add", "{tmp}/good.txt", "{tmp}/good.txt", "--date", "2022-01-01"],
        "would both become coalition/2022-01-01-good",
    );
}

#[test]
fn a_folder_that_is_no_corpus() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path().join("elsewhere")).unwrap();
    let out = env.command().args(["-C", "elsewhere", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: elsewhere is not a corpus (it has no communique.toml)\n\
         hint: create one with `communique init elsewhere`\n"
    );
    assert!(std::fs::read_dir(env.path().join("elsewhere")).unwrap().next().is_none());
}

#[test]
fn a_locked_git_index() {
    let (env, _) = setup();
    prepare_files(&env);
    let lock = env.corpus().join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let before = env.state();
    let message = env.fails(&["add", env.path().join("good.txt").to_str().unwrap(), "--date", "2022-01-01"]);
    assert!(message.contains("the git index is locked by another process"), "{message}");
    assert!(message.contains("index.lock"), "{message}");
    assert_eq!(env.state(), before);
    let message = env.fails(&["rm", "rome"]);
    assert!(message.contains("locked"), "{message}");
    assert_eq!(env.state(), before);
    std::fs::remove_file(lock).unwrap();
    env.ok(&["add", env.path().join("good.txt").to_str().unwrap(), "--date", "2022-01-01"]);
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::with_corpus();
    let out = env.run(&["add"]);
    assert_eq!(out.code, 2);
    let out = env.run(&["show", "rome", "--format", "pdf"]);
    assert_eq!(out.code, 2);
}
