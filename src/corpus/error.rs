//! What can go wrong with a corpus.

use std::path::PathBuf;

use super::refs::RefError;
use crate::document::import::{ImportError, MetaError};
use crate::document::storage::StorageError;

/// A corpus error: one line saying what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// `-C DIR` names a folder without `communique.toml`.
    #[error("{} is not a corpus (it has no communique.toml); create one with `communique init {}`", .0.display(), .0.display())]
    NotACorpus(PathBuf),
    /// No corpus here or above.
    #[error("no corpus here (no communique.toml in {} or any parent folder); pass -C DIR or run `communique init`", .0.display())]
    NotFound(PathBuf),
    /// `init` where a corpus exists.
    #[error("{} is already a corpus; a corpus cannot hold another", .0.display())]
    AlreadyACorpus(PathBuf),
    /// The corpus folder is not inside a git work tree.
    #[error("{} is not inside a git work tree; run `git init` there, or `communique init` in a new folder", .0.display())]
    NoWorkTree(PathBuf),
    /// Someone else holds git's index lock.
    #[error("the git index is locked by another process ({} exists); wait for it to finish, or delete that file if no git command is running", .0.display())]
    IndexLocked(PathBuf),
    /// Another communique is changing the corpus.
    #[error("the corpus is busy: another communique is changing it (it holds {}); try again when it has finished", .0.display())]
    Busy(PathBuf),
    /// A file to change has edits that are not committed.
    #[error(
        "{0} has uncommitted edits that this would overwrite; commit them (git commit) or discard them (git checkout) first"
    )]
    Uncommitted(String),
    /// HEAD is not on a branch.
    #[error(
        "HEAD is detached, so there is no branch to add the commit to; check out a branch first (git switch main)"
    )]
    Detached,
    /// An id that exists already.
    #[error("{0} already exists; pass --replace to record a correction")]
    Exists(String),
    /// Two files of one `add` would get the same id.
    #[error("{first} and {second} would both become {id}; give them different --slug or --date")]
    SameId {
        /// The id.
        id: String,
        /// One file.
        first: String,
        /// The other.
        second: String,
    },
    /// A reference that names no single meeting.
    #[error(transparent)]
    Ref(#[from] RefError),
    /// `--series` naming a series the corpus does not have.
    #[error("no series \"{series}\" in the corpus (it has: {known})")]
    UnknownSeries {
        /// The series asked for.
        series: String,
        /// The series there are, comma-separated.
        known: String,
    },
    /// A meeting file listed but gone.
    #[error("{0} is not in the corpus at that revision")]
    Missing(String),
    /// A revision git does not know.
    #[error("unknown revision \"{0}\" in the corpus history; see `communique log`")]
    UnknownRevision(String),
    /// A file to import that could not be read.
    #[error("{}: {}", path.display(), crate::files::explain(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file to import that is not usable text.
    #[error("{file}: {source}")]
    Import {
        /// The file.
        file: String,
        /// Why.
        source: ImportError,
    },
    /// A file whose metadata could not be settled.
    #[error("{file}: {source}")]
    Meta {
        /// The file.
        file: String,
        /// Why.
        source: MetaError,
    },
    /// A stored meeting that does not parse.
    #[error("{file}: {source}; fix the file by hand or re-add it with --replace")]
    Storage {
        /// The file.
        file: String,
        /// Why.
        source: StorageError,
    },
    /// `communique.toml` does not parse, or defines a theme wrongly.
    #[error("{}: {error}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        error: super::config::ConfigError,
    },
    /// A symbolic link where the corpus reads or writes.
    #[error(
        "{0} in the corpus is a symbolic link, and communique reads and writes only inside the corpus folder; replace the link with the folder or file it points to"
    )]
    Link(String),
    /// A stored file that is not a regular file (a link, a FIFO, a device).
    #[error("{} is not a regular file ({what}); the corpus holds only plain files: replace it with the file itself", path.display())]
    NotRegular {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        what: &'static str,
    },
    /// The disk filled up during a change.
    #[error("no space left on device; {}: free some space and run the command again", if *.finished { "nothing was changed" } else { "the change was not made, and the next communique command will finish undoing it" })]
    DiskFull {
        /// Whether everything was put back as it was (else the journal is left for the next
        /// command).
        finished: bool,
    },
    /// A change failed and could not be undone at once; the journal is left for the next
    /// command.
    #[error("{0}; the change was not made, and the next communique command will finish undoing it")]
    Unfinished(Box<CorpusError>),
    /// A file named like our journal that communique did not write.
    #[error("{} is not a journal communique wrote; move it out of the corpus (communique would reset the files it names)", .0.display())]
    ForeignJournal(PathBuf),
    /// The pre-commit hook refused the change.
    #[error("the pre-commit hook ({}) refused the change{}; fix what it says, or pass --no-verify to skip it", path.display(), status.map_or_else(String::new, |s| format!(" (exit status {s})")))]
    HookRefused {
        /// The hook.
        path: PathBuf,
        /// Its exit status, if it exited.
        status: Option<i32>,
    },
    /// A file system error.
    #[error("{}: {}", path.display(), crate::files::explain(source))]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A git error.
    #[error("git: {}", git_message(.0))]
    Git(#[from] git2::Error),
}

impl CorpusError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}

/// What libgit2 said, or that it said nothing (it reports some failed writes as "no error").
fn git_message(error: &git2::Error) -> String {
    match error.message().trim() {
        "" | "no error" => {
            format!("an operation failed without saying why ({:?}, {:?})", error.class(), error.code())
        }
        message => message.to_string(),
    }
}
