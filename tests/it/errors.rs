//! Errors as the user reads them: one `error:` line saying what is wrong, `hint:` lines
//! saying what to do, and an exit status that tells a script which kind of failure it was
//! (1 refused, 2 usage, 3 internal).

use crate::common::{self, Output, TestEnv, git};

/// The error line and the hint lines of a failed run, checking the shape: exactly one
/// `error:` line first, then nothing but `hint:` lines.
fn error_and_hints(out: &Output) -> (String, Vec<String>) {
    let mut lines = out.stderr.lines();
    let error = lines.next().unwrap_or_default();
    assert!(error.starts_with("error: "), "the first line is the error:\n{}", out.stderr);
    let hints: Vec<String> = lines.map(str::to_string).collect();
    for hint in &hints {
        assert!(hint.starts_with("hint: "), "only hints follow the error:\n{}", out.stderr);
    }
    (error["error: ".len()..].to_string(), hints.iter().map(|h| h["hint: ".len()..].to_string()).collect())
}

/// Runs and checks the exit status; the error and its hints.
fn fails_with(env: &TestEnv, code: i32, args: &[&str]) -> (String, Vec<String>) {
    let out = env.run(args);
    assert_eq!(out.code, code, "communique {args:?}:\n{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "", "communique {args:?} printed on stdout");
    error_and_hints(&out)
}

/// A corpus with the Rome meeting of series `coalition`.
fn rome() -> TestEnv {
    let env = TestEnv::with_corpus();
    assert_eq!(env.add_seed().code, 0);
    env
}

/// Runs and checks that clap refused a flag's value (exit 2, its `error:` line naming the
/// flag), leaving the corpus as it was.
fn bad_value(env: &TestEnv, args: &[&str], flag: &str) {
    let before = env.state();
    let out = env.run(args);
    assert_eq!(out.code, 2, "communique {args:?}:\n{}", out.stderr);
    let first = out.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: invalid value"), "{args:?}: {}", out.stderr);
    assert!(first.contains(flag), "{args:?}: the error names {flag}: {}", out.stderr);
    assert_eq!(env.state(), before, "the corpus changed after {args:?}");
}

#[test]
fn a_date_that_is_not_a_calendar_date_is_a_usage_error() {
    let env = rome();
    let file = env.file("b.txt", "A paragraph.\n");
    bad_value(&env, &["add", file.to_str().unwrap(), "--date", "2020-02-30"], "--date");
    bad_value(&env, &["add", file.to_str().unwrap(), "--date", "June 28"], "--date");
    bad_value(&env, &["blame", "ministers", "--since", "2020-13-01"], "--since");
    bad_value(&env, &["themes", "--until", "yesterday"], "--until");
}

#[test]
fn a_size_that_is_not_a_size_is_a_usage_error() {
    let env = rome();
    let file = env.file("b.txt", "A paragraph.\n");
    bad_value(
        &env,
        &["add", file.to_str().unwrap(), "--date", "2022-01-01", "--max-size", "12XB"],
        "--max-size",
    );
    bad_value(&env, &["diff", "rome", "b.txt", "--max-size", "lots"], "--max-size");
}

#[test]
fn a_bad_value_is_quoted_on_one_line() {
    let env = rome();
    let file = env.file("b.txt", "A paragraph.\n");
    let out = env.run(&["add", file.to_str().unwrap(), "--date", "2020\n01\u{1b}[2J"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "error: invalid value '2020\\u{a}01\\u{1b}[2J' for '--date <DATE>': \"2020\\u{a}01\\u{1b}[2J\" is not"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn numbers_out_of_range_are_usage_errors() {
    let env = rome();
    bad_value(&env, &["diff", "rome", "rome", "--threshold", "2"], "--threshold");
    bad_value(&env, &["annotate", "rome", "--min-similarity", "1.5"], "--min-similarity");
    bad_value(&env, &["show", "rome", "--width", "wide"], "--width");
}

#[test]
fn three_sides_to_diff_are_a_usage_error() {
    let env = rome();
    let file = env.file("notes.txt", "Notes.\n");
    let (error, hints) = fails_with(&env, 2, &["diff", "rome", "--", "notes.txt", "notes.txt"]);
    assert_eq!(error, "diff compares two meetings or files, not 3");
    assert_eq!(hints, ["name two"]);
    assert!(file.exists());
}

#[test]
fn a_reference_with_a_close_match_hints_at_it() {
    let env = rome();
    let (error, hints) = fails_with(&env, 1, &["show", "rom"]);
    assert_eq!(error, "no meeting matches \"rom\"");
    assert_eq!(hints, ["did you mean \"rome\" (coalition/2021-06-28-rome)?"]);
    let (error, hints) = fails_with(&env, 1, &["show", "zzzzzz"]);
    assert_eq!(error, "no meeting matches \"zzzzzz\"");
    assert_eq!(hints, ["see `communique list`"]);
}

#[test]
fn an_ambiguous_reference_hints_at_the_ids() {
    let env = rome();
    let again = env.file("2024-06-08.txt", "The Ministers met in Rome again.\n");
    env.ok(&["add", again.to_str().unwrap(), "--place", "Rome"]);
    let (error, hints) = fails_with(&env, 1, &["show", "rome"]);
    assert_eq!(
        error,
        "\"rome\" is ambiguous: it matches coalition/2021-06-28-rome, coalition/2024-06-08-rome"
    );
    assert_eq!(hints, ["use one of these ids"]);
}

#[test]
fn latest_in_a_corpus_of_several_series_hints_at_a_series() {
    let env = rome();
    let other = env.file("2025-01-01.txt", "Another series.\n");
    env.ok(&["add", other.to_str().unwrap(), "--series", "other"]);
    let (error, hints) = fails_with(&env, 1, &["show", "latest"]);
    assert_eq!(error, "\"latest\" is ambiguous: the corpus has several series (coalition, other)");
    assert_eq!(hints, ["name one, e.g. coalition:latest"]);
}

#[test]
fn an_argument_both_a_file_and_a_meeting_is_refused() {
    let env = rome();
    env.file("rome", "A file named like the meeting.\n");
    let (error, hints) = fails_with(&env, 1, &["diff", "rome", "rome"]);
    assert_eq!(error, "ambiguous argument \"rome\": both a file and a meeting (coalition/2021-06-28-rome)");
    assert_eq!(
        hints,
        ["write ./rome for the file, or coalition/2021-06-28-rome for the meeting, or put files after -- \
          (diff -- FILE FILE)"]
    );
}

#[test]
fn a_past_version_is_refused_where_only_the_present_makes_sense() {
    let env = rome();
    let (error, hints) = fails_with(&env, 1, &["annotate", "rome@HEAD"]);
    assert_eq!(error, "annotate reads the corpus as it is now, not at a past revision");
    assert_eq!(hints, ["name the meeting without @REV"]);
    let (error, hints) = fails_with(&env, 1, &["rm", "rome@HEAD"]);
    assert_eq!(error, "cannot remove a past version (rome@HEAD)");
    assert_eq!(hints, ["name the meeting without @REV"]);
}

#[test]
fn a_missing_file_is_refused() {
    let env = rome();
    let missing = env.path().join("missing.txt");
    let (error, hints) = fails_with(&env, 1, &["add", missing.to_str().unwrap(), "--date", "2022-01-01"]);
    assert_eq!(error, format!("cannot read {}: no such file or folder", missing.display()));
    assert!(hints.is_empty(), "{hints:?}");
    let (error, _) = fails_with(&env, 1, &["diff", "rome", "nowhere.txt"]);
    assert_eq!(error, "cannot read nowhere.txt: no such file");
}

#[test]
fn a_file_over_the_limit_hints_at_a_limit_that_fits() {
    let env = rome();
    let big = env.file("big.txt", "A paragraph of text.\n".repeat(100));
    let (error, hints) =
        fails_with(&env, 1, &["add", big.to_str().unwrap(), "--date", "2022-01-01", "--max-size", "1K"]);
    assert_eq!(error, format!("{}: the file is 2.1 KiB, larger than the 1 KiB limit", big.display()));
    assert_eq!(hints, ["raise it with --max-size (e.g. --max-size 1M)"]);
}

#[test]
fn an_existing_meeting_hints_at_replace() {
    let env = rome();
    let (error, hints) = fails_with(
        &env,
        1,
        &[
            "add",
            common::seed().to_str().unwrap(),
            "--series",
            "coalition",
            "--date",
            "2021-06-28",
            "--place",
            "Rome",
        ],
    );
    assert_eq!(error, "coalition/2021-06-28-rome already exists");
    assert_eq!(hints, ["pass --replace to record a correction"]);
}

#[test]
fn no_corpus_hints_at_init() {
    let env = TestEnv::new();
    let (error, hints) = fails_with(&env, 1, &["list"]);
    assert!(error.starts_with("no corpus here (no communique.toml in "), "{error}");
    assert_eq!(hints, ["pass -C DIR or run `communique init`"]);
}

#[test]
fn a_missing_commit_behind_head_is_an_internal_failure() {
    let env = rome();
    // The object store lost the commit HEAD points to (a broken copy, a bad disk).
    let head = git(&env, &env.corpus(), &["rev-parse", "HEAD"]);
    let head = head.trim();
    std::fs::remove_file(env.corpus().join(".git/objects").join(&head[..2]).join(&head[2..])).unwrap();
    let (error, hints) = fails_with(&env, 3, &["log"]);
    assert!(error.starts_with("git: "), "{error}");
    assert!(error.contains("cannot be peeled"), "{error}");
    assert!(hints.is_empty(), "{hints:?}");
}

#[test]
fn themes_for_files_without_a_corpus_keep_the_corpus_error_hint() {
    let env = TestEnv::new();
    let (a, b) = (env.file("a.txt", "Inflation rose."), env.file("b.txt", "Inflation fell."));
    let missing = env.path().join("nowhere");
    let args =
        ["-C", missing.to_str().unwrap(), "diff", a.to_str().unwrap(), b.to_str().unwrap(), "--theme", "x"];
    let (error, hints) = fails_with(&env, 1, &args);
    assert!(error.starts_with("--theme reads themes from a corpus's communique.toml: "), "{error}");
    assert_eq!(hints.len(), 1, "the corpus error's hint: {hints:?}");
    assert!(hints[0].starts_with("create one with `communique init"), "{hints:?}");
}

#[test]
fn a_revision_behind_a_broken_reference_is_internal_not_unknown() {
    let env = rome();
    let head = git(&env, &env.corpus(), &["rev-parse", "HEAD"]);
    let head = head.trim();
    std::fs::remove_file(env.corpus().join(".git/objects").join(&head[..2]).join(&head[2..])).unwrap();
    // HEAD names a commit the store lost: that is no typo of the user's.
    let (error, hints) = fails_with(&env, 3, &["show", "rome@HEAD"]);
    assert!(error.starts_with("git: "), "{error}");
    assert!(hints.is_empty(), "{hints:?}");
    // A revision that names nothing is still the user's.
    let (error, hints) = fails_with(&env, 1, &["show", "rome@no-such-branch"]);
    assert_eq!(error, "unknown revision \"no-such-branch\" in the corpus history");
    assert_eq!(hints, ["see `communique log`"]);
}

#[test]
fn a_corrupt_object_is_an_internal_failure() {
    let env = rome();
    // The meeting's stored text (a blob) is garbage: not a zlib stream.
    let blob = git(&env, &env.corpus(), &["rev-parse", "HEAD:coalition/2021-06-28-rome.md"]);
    let blob = blob.trim();
    let path = env.corpus().join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&path, permissions).unwrap();
    std::fs::write(&path, b"not an object").unwrap();
    let (error, _) = fails_with(&env, 3, &["show", "rome@HEAD"]);
    assert!(error.starts_with("git: "), "{error}");
}

#[test]
fn a_branch_locked_by_another_git_is_refused_not_internal() {
    let env = rome();
    let before = env.state();
    let branch = git(&env, &env.corpus(), &["symbolic-ref", "HEAD"]);
    std::fs::write(env.corpus().join(".git").join(format!("{}.lock", branch.trim())), "").unwrap();
    let file = env.file("b.txt", "A paragraph.\n");
    let (error, hints) = fails_with(&env, 1, &["add", file.to_str().unwrap(), "--date", "2022-01-01"]);
    assert!(error.starts_with("git: failed to lock file"), "{error}");
    assert_eq!(hints, ["another git command is changing the repository; try again when it has finished"]);
    assert_eq!(env.state(), before);
}

#[test]
fn a_theme_without_terms_names_its_line_and_hints_at_one() {
    let env = rome();
    env.append_settings("\n[themes.africa]\nterms = []\n");
    let lines = std::fs::read_to_string(env.corpus().join("communique.toml")).unwrap().lines().count();
    let (error, hints) = fails_with(&env, 1, &["themes"]);
    assert!(error.starts_with("corpus/communique.toml: line "), "{error}");
    assert!(error.ends_with(&format!("line {lines}: theme \"africa\": no terms")), "{error}");
    assert_eq!(hints, ["list at least one, as in terms = [\"Africa*\"]"]);
}
