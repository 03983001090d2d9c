//! The repository's git hooks, run around a corpus commit as `git commit` runs them:
//! `pre-commit` once the change is staged (a non-zero exit refuses it), `post-commit` once it is
//! committed (its exit status changes nothing). Hooks write to stderr, never to stdout (which
//! is for data), and read nothing.
//!
//! The hooks folder is `core.hooksPath` when set (relative to the work tree), else `hooks` in
//! the git directory; a hook that is missing or not executable is skipped, as git does.

use std::os::fd::AsFd;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::Repository;

use super::CorpusError;

/// Runs `pre-commit`; an error when it refuses the change or cannot run.
pub(crate) fn pre_commit(repo: &Repository) -> Result<(), CorpusError> {
    let Some(path) = find(repo, "pre-commit") else {
        return Ok(());
    };
    match run(repo, &path) {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(CorpusError::HookRefused { path, status: status.code() }),
        Err(source) => Err(CorpusError::Io { path, source }),
    }
}

/// Runs `post-commit`, if there is one; what it does is its own affair.
pub(crate) fn post_commit(repo: &Repository) {
    if let Some(path) = find(repo, "post-commit") {
        let _ = run(repo, &path);
    }
}

/// The executable hook named `name`, if any.
fn find(repo: &Repository, name: &str) -> Option<PathBuf> {
    let workdir = repo.workdir()?;
    let dir = match repo.config().ok().and_then(|c| c.get_path("core.hooksPath").ok()) {
        Some(dir) if dir.is_relative() => workdir.join(dir),
        Some(dir) => dir,
        None => repo.commondir().join("hooks"),
    };
    let path = dir.join(name);
    let meta = std::fs::metadata(&path).ok()?;
    (meta.is_file() && meta.permissions().mode() & 0o111 != 0).then_some(path)
}

fn run(repo: &Repository, hook: &Path) -> std::io::Result<std::process::ExitStatus> {
    let workdir = repo.workdir().unwrap_or(repo.path());
    let stdout_to_stderr = Stdio::from(std::io::stderr().as_fd().try_clone_to_owned()?);
    Command::new(hook)
        .current_dir(workdir)
        .env("GIT_INDEX_FILE", repo.path().join("index"))
        .stdin(Stdio::null())
        .stdout(stdout_to_stderr)
        .status()
}
