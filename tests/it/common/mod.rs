//! A pinned environment for running the real binary against temporary corpora.
#![allow(dead_code)]

pub mod golden;
pub mod optional;
pub mod real_gold;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where `corpus/` and `tests/data/` live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed document: the Rome communiqué as scraped from the web.
/// The shipped FOMC statements, in date order.
pub fn fomc_statements() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus/fomc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCE.md"))
        .collect();
    files.sort();
    files
}

pub fn seed() -> PathBuf {
    repo().join("tests/data/rome-2021-seed.txt")
}

/// A temporary home, corpus folder and fixed git identity and clock.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

/// What a run printed.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Exit code, stdout and stderr together, for snapshots.
    pub fn snapshot(&self) -> String {
        format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

impl TestEnv {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("home")).unwrap();
        Self { dir }
    }

    /// A fresh corpus at `<tmp>/corpus`.
    pub fn with_corpus() -> Self {
        let env = Self::new();
        env.ok(&["init", "corpus"]);
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.path().join("corpus")
    }

    /// The binary with a pinned environment, run in the temporary folder.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_communique"));
        cmd.current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path().join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test Author")
            .env("GIT_AUTHOR_EMAIL", "author@example.org")
            .env("GIT_AUTHOR_DATE", "@1782648000 +0200")
            .env("GIT_COMMITTER_NAME", "Test Author")
            .env("GIT_COMMITTER_EMAIL", "author@example.org")
            .env("GIT_COMMITTER_DATE", "@1782648000 +0200")
            .env("TZ", "UTC")
            .env("COLUMNS", "100");
        cmd
    }

    /// Runs `communique -C corpus ARGS` when a corpus exists, else `communique ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.command();
        if self.corpus().join("communique.toml").exists() {
            cmd.arg("-C").arg("corpus");
        }
        let out = cmd.args(args).output().unwrap();
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs and asserts success, returning stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.code, 0, "communique {args:?} failed:\n{}", out.stderr);
        out.stdout
    }

    /// Runs and asserts a refusal: exit code 1, and on stderr exactly one `error:` line then
    /// nothing but `hint:` lines; returns stderr (without its last newline).
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.code, 1, "communique {args:?} should fail with 1:\n{}{}", out.stdout, out.stderr);
        assert_error_shape(&out.stderr);
        out.stderr.trim_end().to_string()
    }

    /// `communique add` of the seed as the Rome meeting of series `coalition`.
    pub fn add_seed(&self) -> Output {
        let seed = seed();
        self.run(&[
            "add",
            seed.to_str().unwrap(),
            "--series",
            "coalition",
            "--date",
            "2021-06-28",
            "--place",
            "Rome",
        ])
    }

    /// `communique add --series fomc` of the shipped FOMC statements of `dates` (all when
    /// `None`), in one commit.
    pub fn add_fomc(&self, dates: Option<&[&str]>) {
        let mut paths: Vec<String> = fomc_statements()
            .into_iter()
            .map(|p| p.to_str().unwrap().to_string())
            .filter(|p| dates.is_none_or(|keep| keep.iter().any(|d| p.ends_with(&format!("{d}.md")))))
            .collect();
        paths.sort();
        let mut args = vec!["add", "--series", "fomc"];
        args.extend(paths.iter().map(String::as_str));
        self.ok(&args);
    }

    /// Appends `text` to the corpus's communique.toml, without committing it.
    pub fn append_settings(&self, text: &str) {
        let settings = self.corpus().join("communique.toml");
        let before = std::fs::read_to_string(&settings).unwrap();
        std::fs::write(&settings, before + text).unwrap();
    }

    /// Writes a file in the temporary folder and returns its path.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// Everything a failed command must leave alone: HEAD, the index, and every file of the
    /// work tree with its content.
    pub fn state(&self) -> String {
        let git = |args: &[&str]| {
            let out = Command::new("git")
                .args(args)
                .current_dir(self.corpus())
                .env("HOME", self.path().join("home"))
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        };
        let mut files = Vec::new();
        collect(&self.corpus(), &self.corpus(), &mut files);
        files.sort();
        format!(
            "HEAD {}\nlog {}\nstatus {}\nindex {}\n{}",
            git(&["rev-parse", "HEAD"]),
            git(&["log", "--oneline"]),
            git(&["status", "--porcelain", "--untracked-files=all"]),
            git(&["ls-files", "-s"]),
            files.join("\n")
        )
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path.strip_prefix(root).unwrap().display().to_string();
        if rel == ".git" {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            out.push(format!("{rel} {:x}", md5ish(&std::fs::read(&path).unwrap())));
        }
    }
}

/// A failure's stderr: one `error:` line, then nothing but `hint:` lines.
pub fn assert_error_shape(stderr: &str) {
    let mut lines = stderr.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("error: ")), "one error line first:\n{stderr}");
    assert!(lines.all(|l| l.starts_with("hint: ")), "only hints after the error:\n{stderr}");
}

/// A cheap content fingerprint (FNV-1a), enough to see that a file changed.
fn md5ish(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// The diff invariants: every paragraph of each side in exactly one entry, entries' spans
/// rebuilding their paragraphs exactly, numbers in range.
pub fn check_invariants(
    old: &communique::document::Document,
    new: &communique::document::Document,
    diff: &communique::align::Diff,
) -> Result<(), String> {
    diff.verify(old, new)
}

/// Runs git in `dir`; its stdout.
pub fn git(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", env.path().join("home"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `git fsck` finds nothing wrong (dangling objects of an interrupted change are not wrong).
pub fn fsck_clean(env: &TestEnv) {
    let out = Command::new("git")
        .args(["fsck", "--no-progress"])
        .current_dir(env.corpus())
        .env("HOME", env.path().join("home"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "git fsck: {report}");
    for line in report.lines() {
        assert!(line.starts_with("dangling ") || line.starts_with("Checking"), "git fsck: {line}");
    }
}

/// A corpus with one meeting and a committed state to compare against.
pub fn corpus() -> (TestEnv, String) {
    let env = TestEnv::with_corpus();
    assert_eq!(env.add_seed().code, 0);
    let state = env.state();
    (env, state)
}

/// `communique ARGS` is a usage error (exit 2): clap's `error: invalid value …` line holding
/// `expected`, and nothing changed.
pub fn bad_value(env: &TestEnv, before: &str, args: &[&str], expected: &str) {
    let out = env.run(args);
    assert_eq!(out.code, 2, "communique {args:?} should fail with 2:\n{}{}", out.stdout, out.stderr);
    let first = out.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: invalid value"), "{}", out.stderr);
    assert!(first.contains(expected), "{first:?} should contain {expected:?}");
    assert_eq!(env.state(), before, "the corpus changed after {args:?}");
}

/// `communique ARGS` fails with one line holding `expected`, and changes nothing.
pub fn refused(env: &TestEnv, before: &str, args: &[&str], expected: &str) {
    let message = env.fails(args);
    assert!(message.contains(expected), "{message:?} should contain {expected:?}");
    assert_eq!(env.state(), before, "the corpus changed after {args:?}");
    assert_eq!(git(env, &env.corpus(), &["status", "--porcelain"]), "");
    fsck_clean(env);
}

/// The commands `communique help` lists, but `help`.
pub fn help_commands(env: &TestEnv) -> Vec<String> {
    let out = env.command().arg("help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        // A description wrapped onto the next line is indented further than a name.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Copies the folder `from` into `to`, files only.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The shipped corpus copied to `dir` as a git repository of its own, committed.
pub fn corpus_copy(env: &TestEnv, dir: &Path) {
    copy_tree(&repo().join("corpus"), dir);
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-qm", "The shipped corpus"],
    ] {
        git(env, dir, args);
    }
}
