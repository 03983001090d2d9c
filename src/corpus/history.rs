//! The corpus history: commits that touched the corpus, or one meeting.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{Corpus, CorpusError, MeetingId};

/// One commit of the corpus history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// The full commit id.
    pub commit: String,
    /// When it was authored, in the author's time zone.
    pub date: DateTime<FixedOffset>,
    /// The author's name.
    pub author: String,
    /// The author's e-mail address.
    pub email: String,
    /// The commit message's first line.
    pub message: String,
}

impl Corpus {
    /// Commits that changed the corpus (or only `meeting`'s file), newest first.
    pub fn history(
        &self,
        meeting: Option<&MeetingId>,
        limit: Option<usize>,
    ) -> Result<Vec<CommitInfo>, CorpusError> {
        let git = self.git()?;
        let path = match meeting {
            Some(id) => format!("{}{}", git.prefix, id.path()),
            None => git.prefix.trim_end_matches('/').to_string(),
        };
        let mut walk = git.repo.revwalk()?;
        // No commit yet is an empty history; a HEAD whose commit is missing is a broken
        // repository, an error (not an empty history).
        match git.repo.head() {
            Ok(head) => walk.push(head.peel_to_commit()?.id())?,
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch || e.code() == git2::ErrorCode::NotFound => {
                return Ok(Vec::new());
            }
            Err(e) => return Err(e.into()),
        }
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        let mut out = Vec::new();
        for oid in walk {
            if limit.is_some_and(|n| out.len() >= n) {
                break;
            }
            let commit = git.repo.find_commit(oid?)?;
            let here = self.entry_at(&commit, &path)?;
            let changed = if commit.parent_count() == 0 {
                here.is_some()
            } else {
                commit.parents().any(|p| self.entry_at(&p, &path).ok().flatten() != here)
            };
            if changed {
                let author = commit.author();
                let when = author.when();
                let offset = FixedOffset::east_opt(when.offset_minutes() * 60)
                    .unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
                out.push(CommitInfo {
                    commit: commit.id().to_string(),
                    date: DateTime::from_timestamp(when.seconds(), 0)
                        .unwrap_or_default()
                        .with_timezone(&offset),
                    author: author.name().unwrap_or("").to_string(),
                    email: author.email().unwrap_or("").to_string(),
                    message: commit.summary().unwrap_or("").to_string(),
                });
            }
        }
        Ok(out)
    }

    /// The object id at `path` in a commit's tree (the whole tree for an empty path).
    fn entry_at(&self, commit: &git2::Commit<'_>, path: &str) -> Result<Option<git2::Oid>, CorpusError> {
        let tree = commit.tree()?;
        if path.is_empty() {
            return Ok(Some(tree.id()));
        }
        Ok(tree.get_path(Path::new(path)).ok().map(|e| e.id()))
    }
}

/// The commit a corpus was read at, and whether its work tree differed from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The full id of HEAD's commit.
    pub commit: String,
    /// Whether files of the corpus differed from that commit (uncommitted edits).
    pub dirty: bool,
}

/// HEAD's commit in `repo` and whether the files under `prefix` (the corpus root in its work
/// tree) differ from it; `None` before the first commit.
fn revision_of(repo: &git2::Repository, prefix: &str) -> Result<Option<Revision>, CorpusError> {
    let commit = match repo.head() {
        Ok(head) => head.peel_to_commit()?,
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch || e.code() == git2::ErrorCode::NotFound => {
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true).include_ignored(false);
    if !prefix.is_empty() {
        options.pathspec(prefix.trim_end_matches('/'));
    }
    let dirty = !repo.statuses(Some(&mut options))?.is_empty();
    Ok(Some(Revision { commit: commit.id().to_string(), dirty }))
}

impl Corpus {
    /// HEAD's commit and whether the corpus's files differ from it; `None` before the first
    /// commit.
    pub fn revision(&self) -> Result<Option<Revision>, CorpusError> {
        let git = self.git()?;
        revision_of(&git.repo, &git.prefix)
    }

    /// [`Corpus::revision`], found on another thread while the caller goes on (libgit2 looks
    /// at every file of the corpus: a quarter of `report` at 24,000 meetings); join the handle
    /// for it. The repository is opened again there, as [`Corpus`] opens it.
    pub fn revision_meanwhile(
        &self,
    ) -> Result<std::thread::JoinHandle<Result<Option<Revision>, CorpusError>>, CorpusError> {
        let (root, prefix) = (self.root.clone(), self.git()?.prefix.clone());
        Ok(std::thread::spawn(move || {
            let repo =
                git2::Repository::discover(&root).map_err(|_| CorpusError::NoWorkTree(root.clone()))?;
            revision_of(&repo, &prefix)
        }))
    }
}
