//! What can go wrong with a corpus.

use std::path::PathBuf;

use super::refs::RefError;
use crate::document::import::{ImportError, MetaError};
use crate::document::storage::StorageError;

/// A corpus error: what is wrong, with the data a hint needs (the command line turns that
/// data into advice). The message never repeats its source's text: a caller prints the chain.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// `-C DIR` names a folder without `communique.toml`.
    #[error("{} is not a corpus (it has no communique.toml)", .0.display())]
    NotACorpus(PathBuf),
    /// No corpus here or above.
    #[error("no corpus here (no communique.toml in {} or any parent folder)", .start.display())]
    NotFound {
        /// Where the search began.
        start: PathBuf,
        /// The corpora in the folders right inside it, relative to it.
        below: Vec<PathBuf>,
    },
    /// `init` where a corpus exists.
    #[error("{} is already a corpus; a corpus cannot hold another", .0.display())]
    AlreadyACorpus(PathBuf),
    /// The corpus folder is not inside a git work tree.
    #[error("{} is not inside a git work tree", .0.display())]
    NoWorkTree(PathBuf),
    /// Someone else holds git's index lock.
    #[error("the git index is locked by another process ({} exists)", .0.display())]
    IndexLocked(PathBuf),
    /// Another communique is changing the corpus.
    #[error("the corpus is busy: another communique is changing it (it holds {})", .0.display())]
    Busy(PathBuf),
    /// A file to change has edits that are not committed.
    #[error("{0} has uncommitted edits that this would overwrite")]
    Uncommitted(String),
    /// HEAD is not on a branch.
    #[error("HEAD is detached, so there is no branch to add the commit to")]
    Detached,
    /// An id that exists already.
    #[error("{0} already exists")]
    Exists(String),
    /// `--replace` of an id that does not exist.
    #[error("{id} does not exist: nothing to replace")]
    NothingToReplace {
        /// The id.
        id: String,
        /// The series' meetings on that date.
        same_date: Vec<String>,
        /// The series, for the hint.
        series: String,
        /// The date, for the hint.
        date: String,
    },
    /// Two files of one `add` would get the same id.
    #[error("{first} and {second} would both become {id}")]
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
        /// The one closest to what was asked (a typo), if one is close.
        closest: Option<String>,
    },
    /// A meeting file listed but gone.
    #[error("{0} is not in the corpus at that revision")]
    Missing(String),
    /// A revision git does not know.
    #[error("unknown revision \"{0}\" in the corpus history")]
    UnknownRevision(String),
    /// A file to import that could not be read.
    #[error("{}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file to import that is not usable text.
    #[error("{file}")]
    Import {
        /// The file.
        file: String,
        /// Why.
        source: ImportError,
    },
    /// A file whose metadata could not be settled.
    #[error("{file}")]
    Meta {
        /// The file.
        file: String,
        /// Why.
        source: MetaError,
    },
    /// A stored meeting that does not parse.
    #[error("{file}")]
    Storage {
        /// The file.
        file: String,
        /// Why.
        source: StorageError,
    },
    /// `communique.toml` does not parse, or defines a theme wrongly.
    #[error("{}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        #[source]
        error: super::config::ConfigError,
    },
    /// A symbolic link where the corpus reads or writes.
    #[error(
        "{0} in the corpus is a symbolic link, and communique reads and writes only inside the corpus folder"
    )]
    Link(String),
    /// A stored file that is not a regular file (a link, a FIFO, a device).
    #[error("{} is not a regular file ({what}); the corpus holds only plain files", path.display())]
    NotRegular {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        what: &'static str,
    },
    /// The disk filled up during a change.
    #[error("no space left on device; {}", if *.finished { "nothing was changed" } else { "the change was not made, and undoing it did not finish" })]
    DiskFull {
        /// Whether everything was put back as it was (else the journal is left for the next
        /// command).
        finished: bool,
    },
    /// A change failed and could not be undone at once; the journal is left for the next
    /// command.
    #[error("the change was not made, and undoing it did not finish")]
    Unfinished(#[source] Box<CorpusError>),
    /// A file named like our journal that communique did not write.
    #[error("{} is not a journal communique wrote (communique would reset the files it names)", .0.display())]
    ForeignJournal(PathBuf),
    /// The pre-commit hook refused the change.
    #[error("the pre-commit hook ({}) refused the change{}", path.display(), status.map_or_else(String::new, |s| format!(" (exit status {s})")))]
    HookRefused {
        /// The hook.
        path: PathBuf,
        /// Its exit status, if it exited.
        status: Option<i32>,
    },
    /// A file system error.
    #[error("{}", path.display())]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A git error.
    #[error("git")]
    Git(#[from] git2::Error),
}

impl CorpusError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}
