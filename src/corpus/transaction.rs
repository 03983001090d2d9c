//! One change to the corpus, as one commit: files written, index updated, commit made, or
//! everything put back as it was.
//!
//! The commit's tree is HEAD's tree with only these paths changed, so whatever else the user
//! has staged in a shared repository stays staged and out of the commit.

use std::fs;
use std::path::{Path, PathBuf};

use git2::build::TreeUpdateBuilder;
use git2::{FileMode, IndexEntry, Oid, Signature, Time};

use super::{Corpus, CorpusError};

/// One file to write or delete, relative to the corpus root.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    path: String,
    content: Option<Vec<u8>>,
}

impl Change {
    pub(crate) fn write(path: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), content: Some(content.into()) }
    }

    pub(crate) fn delete(path: impl Into<String>) -> Self {
        Self { path: path.into(), content: None }
    }
}

/// What the work tree held before a change, to put it back.
struct Backup {
    path: PathBuf,
    before: Option<Vec<u8>>,
    created_dir: Option<PathBuf>,
}

impl Corpus {
    /// Applies `changes` as one commit with `message`, or leaves everything as it was.
    pub(crate) fn commit(&self, changes: &[Change], message: &str) -> Result<Oid, CorpusError> {
        let git = self.git()?;
        let lock = git.repo.path().join("index.lock");
        if lock.exists() {
            return Err(CorpusError::IndexLocked(lock));
        }
        let mut backups = Vec::with_capacity(changes.len());
        let result = self.apply(git, changes, message, &mut backups);
        if result.is_err() {
            restore(&backups);
        }
        result
    }

    fn apply(
        &self,
        git: &super::Git,
        changes: &[Change],
        message: &str,
        backups: &mut Vec<Backup>,
    ) -> Result<Oid, CorpusError> {
        for change in changes {
            backups.push(write_file(&self.root, change)?);
        }

        let mut index = git.repo.index()?;
        index.read(true)?;
        let before: Vec<Option<IndexEntry>> =
            changes.iter().map(|c| index.get_path(Path::new(&git.repo_path(c)), 0)).collect();
        let mut update = TreeUpdateBuilder::new();
        for change in changes {
            let path = git.repo_path(change);
            match &change.content {
                Some(content) => {
                    index.add_path(Path::new(&path))?;
                    update.upsert(&path, git.repo.blob(content)?, FileMode::Blob);
                }
                None => {
                    index.remove_path(Path::new(&path))?;
                    update.remove(&path);
                }
            }
        }
        index.write()?;

        let committed = (|| {
            let parent = match git.repo.head() {
                Ok(head) => Some(head.peel_to_commit()?),
                Err(e)
                    if e.code() == git2::ErrorCode::UnbornBranch || e.code() == git2::ErrorCode::NotFound =>
                {
                    None
                }
                Err(e) => return Err(e),
            };
            let base = match &parent {
                Some(commit) => commit.tree()?,
                None => git.repo.find_tree(git.repo.treebuilder(None)?.write()?)?,
            };
            let tree = git.repo.find_tree(update.create_updated(&git.repo, &base)?)?;
            let author = signature(&git.repo, "AUTHOR")?;
            let committer = signature(&git.repo, "COMMITTER")?;
            git.repo.commit(
                Some("HEAD"),
                &author,
                &committer,
                message,
                &tree,
                &parent.iter().collect::<Vec<_>>(),
            )
        })();
        if committed.is_err() {
            // Put the index entries back as they were; the work tree is restored by the caller.
            for (change, entry) in changes.iter().zip(before) {
                let path = git.repo_path(change);
                let _ = match entry {
                    Some(entry) => index.add(&entry),
                    None => index.remove_path(Path::new(&path)),
                };
            }
            let _ = index.write();
        }
        Ok(committed?)
    }
}

impl super::Git {
    fn repo_path(&self, change: &Change) -> String {
        format!("{}{}", self.prefix, change.path)
    }
}

fn write_file(root: &Path, change: &Change) -> Result<Backup, CorpusError> {
    let path = root.join(&change.path);
    let before = match fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CorpusError::io(path)(e)),
    };
    let mut backup = Backup { path: path.clone(), before, created_dir: None };
    match &change.content {
        Some(content) => {
            let dir = path.parent().expect("corpus files live in a folder");
            if !dir.exists() {
                fs::create_dir_all(dir).map_err(CorpusError::io(dir))?;
                backup.created_dir = Some(dir.to_path_buf());
            }
            // Write beside, then rename: a reader never sees half a file.
            let temp = dir.join(format!(".{}.tmp", path.file_name().unwrap_or_default().to_string_lossy()));
            fs::write(&temp, content).map_err(CorpusError::io(&temp))?;
            fs::rename(&temp, &path).map_err(CorpusError::io(&path))?;
        }
        None => {
            if backup.before.is_some() {
                fs::remove_file(&path).map_err(CorpusError::io(&path))?;
            }
        }
    }
    Ok(backup)
}

fn restore(backups: &[Backup]) {
    for backup in backups.iter().rev() {
        let _ = match &backup.before {
            Some(bytes) => fs::write(&backup.path, bytes),
            None => fs::remove_file(&backup.path),
        };
        if let Some(dir) = &backup.created_dir {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// The author or committer: `GIT_<ROLE>_NAME`, `_EMAIL` and `_DATE` as git reads them, else
/// the repository's configuration, else a stand-in so a fresh machine can still commit.
fn signature(repo: &git2::Repository, role: &str) -> Result<Signature<'static>, git2::Error> {
    let env = |key: &str| std::env::var(format!("GIT_{role}_{key}")).ok().filter(|v| !v.is_empty());
    let configured = repo.signature().ok();
    let name = env("NAME")
        .or_else(|| configured.as_ref().and_then(|s| s.name().map(str::to_string)))
        .unwrap_or_else(|| "communique".into());
    let email = env("EMAIL")
        .or_else(|| configured.as_ref().and_then(|s| s.email().map(str::to_string)))
        .unwrap_or_else(|| "communique@localhost".into());
    match env("DATE").and_then(|d| parse_git_date(&d)) {
        Some(time) => Signature::new(&name, &email, &time),
        None => Signature::now(&name, &email),
    }
}

/// Git's internal date format, `[@]<seconds> <+hhmm>`, or RFC 3339.
fn parse_git_date(text: &str) -> Option<Time> {
    let text = text.trim().trim_start_matches('@');
    if let Some((secs, zone)) = text.split_once(' ') {
        let secs: i64 = secs.parse().ok()?;
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits = zone.trim_start_matches(['+', '-']);
        let (h, m) = (digits.get(..2)?.parse::<i32>().ok()?, digits.get(2..4)?.parse::<i32>().ok()?);
        return Some(Time::new(secs, sign * (h * 60 + m)));
    }
    let date = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    Some(Time::new(date.timestamp(), date.offset().local_minus_utc() / 60))
}

#[cfg(test)]
mod tests {
    use super::parse_git_date;

    #[test]
    fn reads_git_dates() {
        let t = parse_git_date("@1700000000 +0130").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_700_000_000, 90));
        let t = parse_git_date("2026-11-29T18:00:00-05:00").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_795_993_200, -300));
        assert!(parse_git_date("yesterday").is_none());
    }
}
