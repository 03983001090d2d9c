//! What an answer can fail on, beyond the corpus's own errors: typed, with the data.

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
    #[error("{}", read_message(path, error))]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: InputError,
    },
    /// A file compared in memory could not be imported.
    #[error("{file}: {error}")]
    Import {
        /// The file, as named.
        file: String,
        /// Why.
        error: ImportError,
    },
    /// A file named to compare does not exist.
    #[error("cannot read {0}: no such file")]
    NoSuchFile(String),
    /// An argument names both a file and a meeting.
    #[error(
        "ambiguous argument \"{arg}\": both a file and a meeting ({id}); write ./{arg} for the file, or {id} for \
         the meeting, or put files after -- (diff -- FILE FILE)"
    )]
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
    #[error("annotate reads the corpus as it is now; name the meeting without @REV")]
    AnnotateRevision,
    /// `rm` was given a past version.
    #[error("cannot remove a past version ({0}); name the meeting without @REV")]
    RemoveRevision(String),
    /// Themes were asked for but the corpus defines none.
    #[error(
        "no themes are defined in {}; add [themes.NAME] tables with terms (a new corpus's file has examples)",
        file.display()
    )]
    NoThemes {
        /// The settings file.
        file: PathBuf,
    },
    /// No theme applies to the series.
    #[error("no theme of {} applies to series {series}; list it in a theme's series", file.display())]
    NoThemeForSeries {
        /// The settings file.
        file: PathBuf,
        /// The series.
        series: String,
    },
    /// A theme name that the corpus does not define.
    #[error(
        "no theme \"{name}\" in {}; {}themes: {}",
        file.display(),
        closest.as_ref().map(|k| format!("did you mean \"{k}\"? ")).unwrap_or_default(),
        known.join(", ")
    )]
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
    #[error("--theme reads themes from a corpus's communique.toml: {0}")]
    ThemesNeedCorpus(Box<Error>),
    /// A command that needs meetings, on an empty corpus.
    #[error("the corpus has no meetings yet; add some with `communique add`")]
    NoMeetings,
    /// A command on one series, in a corpus of several, without `--series`.
    #[error("the corpus has {} series ({}); choose one with --series", .0.len(), .0.join(", "))]
    ManySeries(Vec<String>),
    /// The caller's way of opening the corpus failed on a check of its own (the command
    /// line's `[colors]`, for instance).
    #[error(transparent)]
    Opener(Box<dyn std::error::Error + Send + Sync + 'static>),
    /// A report could not be written.
    #[error("cannot write {}: {}", path.display(), crate::files::explain(error))]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
}

fn read_message(path: &std::path::Path, error: &InputError) -> String {
    match error {
        InputError::Io(_) => format!("cannot read {}: {error}", path.display()),
        error => format!("{}: {error}", path.display()),
    }
}
