//! What an answer can fail on, beyond the corpus's own errors: typed, with the data. A
//! message says what is wrong, never what to do (the command line turns the data into
//! `hint:` lines), and never repeats its source's text.

use std::path::PathBuf;

use crate::corpus::CorpusError;
use crate::document::import::ImportError;
use crate::files::InputError;

/// Why a question could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus failed or refused.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A file to import or compare could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        error: std::io::Error,
    },
    /// A file to import or compare that is not one to read: a folder, a device, too large,
    /// binary.
    #[error("{}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        error: InputError,
    },
    /// A web address could not be fetched.
    #[error("{url}")]
    Fetch {
        /// The address, as given.
        url: String,
        /// Why.
        #[source]
        error: crate::fetch::FetchError,
    },
    /// A file compared in memory could not be imported.
    #[error("{file}")]
    Import {
        /// The file, as named.
        file: String,
        /// Why.
        #[source]
        error: ImportError,
    },
    /// A file named to compare does not exist.
    #[error("cannot read {0}: no such file")]
    NoSuchFile(String),
    /// An argument names both a file and a meeting.
    #[error("ambiguous argument \"{arg}\": both a file and a meeting ({id})")]
    Ambiguous {
        /// The argument.
        arg: String,
        /// The meeting it names.
        id: String,
    },
    /// A phrase or pattern without a word in it.
    #[error("\"{0}\" has no word to look for")]
    NoWord(String),
    /// `annotate` was given a past version.
    #[error("annotate reads the corpus as it is now, not at a past revision")]
    AnnotateRevision,
    /// `rm` was given a past version.
    #[error("cannot remove a past version ({0})")]
    RemoveRevision(String),
    /// Themes were asked for but the corpus defines none.
    #[error("no themes are defined in {}", file.display())]
    NoThemes {
        /// The settings file.
        file: PathBuf,
    },
    /// No theme applies to the series.
    #[error("no theme of {} applies to series {series}", file.display())]
    NoThemeForSeries {
        /// The settings file.
        file: PathBuf,
        /// The series.
        series: String,
    },
    /// No watched phrase applies to the series.
    #[error("no watched phrase of {} applies to series {series}", file.display())]
    NoWatches {
        /// The settings file.
        file: PathBuf,
        /// The series.
        series: String,
    },
    /// A theme name that the corpus does not define.
    #[error("no theme \"{name}\" in {} (it has: {})", file.display(), known.join(", "))]
    UnknownTheme {
        /// The name asked for.
        name: String,
        /// The settings file.
        file: PathBuf,
        /// The themes it defines.
        known: Vec<String>,
        /// The closest name, if one is close.
        closest: Option<String>,
    },
    /// `--theme` on files compared without a corpus.
    #[error("--theme reads themes from a corpus's communique.toml")]
    ThemesNeedCorpus(#[source] Box<Error>),
    /// A command that needs meetings, on an empty corpus.
    #[error("the corpus has no meetings yet")]
    NoMeetings,
    /// A command on one series, in a corpus of several, without `--series`.
    #[error("the corpus has {} series ({})", .0.len(), .0.join(", "))]
    ManySeries(Vec<String>),
    /// The caller's way of opening the corpus failed on a check of its own (the command
    /// line's `[colors]`, for instance).
    #[error(transparent)]
    Opener(Box<dyn std::error::Error + Send + Sync + 'static>),
    /// A report could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        error: std::io::Error,
    },
    /// A site's folder that `site` will not write into.
    #[error("{}: {problem}", path.display())]
    SiteFolder {
        /// The folder, or the path in it that is in the way.
        path: PathBuf,
        /// What is wrong with it.
        problem: SiteProblem,
    },
}

/// What keeps `site` from writing into a folder.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SiteProblem {
    /// A file where the site's folder should be.
    #[error("is not a folder")]
    NotAFolder,
    /// The corpus's own folder.
    #[error("is the corpus's folder")]
    Corpus,
    /// Inside a git folder (the corpus's or another repository's).
    #[error("is inside a git folder")]
    InGit,
    /// Inside a series' folder.
    #[error("is inside the folder of series {0}")]
    InSeries(String),
    /// A folder with files, and no site of ours in it.
    #[error("holds files that are not a communique site")]
    NotASite,
    /// A site written by another version.
    #[error("holds a site whose list of pages this version cannot read")]
    Manifest,
    /// A file of the user's where the site has a page.
    #[error("is a file this program did not write, where the site has a page")]
    NotOurs,
    /// A link, a file or a device where the site has a folder or a page.
    #[error("is a link or a special file where the site has a folder or a page")]
    NotPlain,
}
