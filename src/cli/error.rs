//! Errors as the user reads them (jj's `command_error.rs`): the library says what is wrong
//! and carries the data; here that becomes an `error:` line (the message and its causes joined
//! by ": "), `hint:` lines saying what to do, and an exit status by kind.

use std::error::Error;
use std::io::{self, Write};

use communique::corpus::config::{ConfigError, Problem};
use communique::corpus::{CorpusError, RefError};
use communique::document::import::{ImportError, LineError, MetaError, NAME_RULE, NameError};
use communique::files::InputError;
use communique::ops;
use communique::render::{ACCEPTED_COLORS, ColorError, label_names};

/// What kind of failure an error is, which decides the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Something the user can act on: a bad reference, a missing file, a busy corpus, a full
    /// disk. Exit 1 (as a negative answer).
    Refused,
    /// A usage error: arguments the command cannot take. Exit 2 (as clap's own usage errors,
    /// reported before a command runs).
    Usage,
    /// Git or the file system failed in a way the user did not cause: a bug, a broken
    /// repository. Exit 3.
    Internal,
}

impl Kind {
    /// The process's exit status for this kind.
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            Self::Refused => 1,
            Self::Usage => 2,
            Self::Internal => 3,
        }
    }
}

/// What the command line itself refuses, before or after asking the library.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Refusal {
    /// `site --base-url` that is not a web address.
    #[error("--base-url {0} is not a web address (http:// or https://)")]
    BaseUrl(String),
    /// `diff` with other than two sides.
    #[error("diff compares two meetings or files, not {0}")]
    DiffSides(usize),
    /// A DOCX report for a terminal.
    #[error("a DOCX report is binary, not for a terminal")]
    DocxToTerminal,
    /// `report -o` to a file whose extension names no report format.
    #[error("cannot write a report to {file}: .{extension} is not a report format")]
    ReportExtension {
        /// The file.
        file: String,
        /// Its extension.
        extension: String,
    },
    /// `--since` after `--until`.
    #[error("--since {since} is after --until {until}")]
    EmptyWindow {
        /// The window's start.
        since: chrono::NaiveDate,
        /// Its end.
        until: chrono::NaiveDate,
    },
    /// `report -o` to a file whose extension names another format than `--format`.
    #[error("--format {format} does not go in a .{extension} file")]
    ReportMismatch {
        /// The file's extension.
        extension: String,
        /// The format asked.
        format: &'static str,
    },
}

/// A failed command: the error, its kind, and advice.
#[derive(Debug)]
pub(crate) struct CommandError {
    /// Decides the exit status.
    pub kind: Kind,
    /// What went wrong, with its causes.
    pub error: anyhow::Error,
    /// What the user can do about it, one line each.
    pub hints: Vec<String>,
}

impl CommandError {
    /// The error and its causes on one line, without hints (sanitized when printed).
    pub(crate) fn message(&self) -> String {
        message(&self.error)
    }

    /// Prints `error: …` and one `hint: …` line per hint on stderr, every line sanitized
    /// (document text, a file name, a reference may hold anything) and kept to one line.
    pub(crate) fn print(&self, color: bool) {
        let (error, hint) =
            if color { ("\x1b[1;31merror:\x1b[0m", "\x1b[1;36mhint:\x1b[0m") } else { ("error:", "hint:") };
        let line = |text: &str| communique::render::sanitize(text).replace('\n', " ");
        let mut stderr = io::stderr().lock();
        let _ = writeln!(stderr, "{error} {}", line(&message(&self.error)));
        for text in &self.hints {
            let _ = writeln!(stderr, "{hint} {}", line(text));
        }
    }
}

/// An error and its causes in one line, joined by ": " (anyhow's `{:#}`), each I/O and git
/// cause in our words.
fn message(error: &anyhow::Error) -> String {
    error.chain().map(cause_text).collect::<Vec<_>>().join(": ")
}

/// One cause's text: I/O errors without "(os error N)", git's message without its class and
/// code (unless that is all there is).
fn cause_text(cause: &(dyn Error + 'static)) -> String {
    if let Some(e) = cause.downcast_ref::<io::Error>() {
        communique::files::explain(e)
    } else if let Some(e) = cause.downcast_ref::<git2::Error>() {
        match e.message().trim() {
            // libgit2 reports some failed writes as "no error".
            "" | "no error" => {
                format!("an operation failed without saying why ({:?}, {:?})", e.class(), e.code())
            }
            message => message.to_string(),
        }
    } else {
        cause.to_string()
    }
}

impl From<anyhow::Error> for CommandError {
    /// Reads the chain from the outside in: the first error that knows its kind decides it
    /// (a plain message, such as a command's own refusal, is a refusal); every error we know
    /// adds its advice.
    fn from(error: anyhow::Error) -> Self {
        let mut kind = None;
        let mut hints = Vec::new();
        for cause in error.chain() {
            let (this, advice) = advise(cause);
            kind = kind.or(this);
            hints.extend(advice);
        }
        Self { kind: kind.unwrap_or(Kind::Refused), error, hints }
    }
}

impl From<CorpusError> for CommandError {
    fn from(error: CorpusError) -> Self {
        anyhow::Error::from(error).into()
    }
}

/// The kind of one error of a chain (`None`: its causes decide) and its advice.
fn advise(cause: &(dyn Error + 'static)) -> (Option<Kind>, Vec<String>) {
    if let Some(e) = cause.downcast_ref::<Refusal>() {
        refusal(e)
    } else if let Some(e) = cause.downcast_ref::<ops::Error>() {
        answer(e)
    } else if let Some(e) = cause.downcast_ref::<Box<ops::Error>>() {
        // An answer's error that wraps another (`--theme` without a corpus) holds it boxed.
        answer(e)
    } else if let Some(e) = cause.downcast_ref::<CorpusError>() {
        corpus(e)
    } else if let Some(e) = cause.downcast_ref::<ColorError>() {
        (Some(Kind::Refused), colors(e))
    } else if let Some(e) = cause.downcast_ref::<ConfigError>() {
        (Some(Kind::Refused), config(&e.problem))
    } else if let Some(e) = cause.downcast_ref::<RefError>() {
        (Some(Kind::Refused), reference(e))
    } else if let Some(e) = cause.downcast_ref::<InputError>() {
        (Some(Kind::Refused), input(e))
    } else if let Some(e) = cause.downcast_ref::<ImportError>() {
        (Some(Kind::Refused), import(e))
    } else if let Some(e) = cause.downcast_ref::<MetaError>() {
        (Some(Kind::Refused), meta(e))
    } else if let Some(e) = cause.downcast_ref::<NameError>() {
        (Some(Kind::Refused), vec![name(e)])
    } else if let Some(e) = cause.downcast_ref::<io::Error>() {
        // Outside the corpus (a file the user named, standard output): the user's to fix.
        (Some(Kind::Refused), io_advice(e))
    } else if let Some(e) = cause.downcast_ref::<git2::Error>() {
        git(e)
    } else {
        (None, Vec::new())
    }
}

fn refusal(error: &Refusal) -> (Option<Kind>, Vec<String>) {
    match error {
        // As clap would say of a missing or extra argument.
        Refusal::DiffSides(_) => (Some(Kind::Usage), vec!["name two".into()]),
        Refusal::BaseUrl(_) => (
            Some(Kind::Usage),
            vec!["give the address the site will be at, e.g. https://example.org/statements/".into()],
        ),
        Refusal::EmptyWindow { .. } => (Some(Kind::Usage), vec!["swap the two dates".into()]),
        Refusal::DocxToTerminal => {
            (Some(Kind::Refused), vec!["write it to a file with -o report.docx".into()])
        }
        Refusal::ReportExtension { .. } | Refusal::ReportMismatch { .. } => (
            Some(Kind::Usage),
            vec![
                "name the file .md, .html, .docx or .json (for a PDF, print the HTML report from a browser)"
                    .into(),
            ],
        ),
    }
}

fn answer(error: &ops::Error) -> (Option<Kind>, Vec<String>) {
    use ops::Error as E;
    let refused = |hints: Vec<String>| (Some(Kind::Refused), hints);
    match error {
        // Transparent: the chain goes on with the corpus error's source, not with it.
        E::Corpus(e) => corpus(e),
        E::Ambiguous { arg, id } => refused(vec![format!(
            "write ./{arg} for the file, or {id} for the meeting, or put files after -- (diff -- FILE FILE)"
        )]),
        E::AnnotateRevision | E::RemoveRevision(_) => refused(vec!["name the meeting without @REV".into()]),
        E::NoThemes { .. } => {
            refused(vec!["add [themes.NAME] tables with terms (a new corpus's file has examples)".into()])
        }
        E::NoThemeForSeries { .. } => refused(vec!["list it in a theme's series".into()]),
        E::NoWatches { .. } => {
            refused(vec!["add a [watch.NAME] table with phrases (a new corpus's file has an example)".into()])
        }
        E::UnknownTheme { closest, .. } => {
            refused(closest.iter().map(|k| format!("did you mean \"{k}\"?")).collect())
        }
        E::NoMeetings => refused(vec!["add some with `communique add`".into()]),
        E::Fetch { error, .. } => refused(fetch(error)),
        E::ManySeries(_) => refused(vec!["choose one with --series".into()]),
        E::SiteFolder { problem, .. } => refused(vec![match problem {
            ops::SiteProblem::Manifest => "remove the folder, or name a new one".into(),
            ops::SiteProblem::NotPlain => "remove it, or name a new folder".into(),
            _ => "name a new or empty folder, such as site".into(),
        }]),
        // What it could not open decides.
        E::ThemesNeedCorpus(_) | E::Opener(_) => (None, Vec::new()),
        E::Read { .. }
        | E::Input { .. }
        | E::Import { .. }
        | E::NoSuchFile(_)
        | E::NoWord(_)
        | E::Write { .. } => refused(Vec::new()),
    }
}

fn fetch(error: &ops::FetchError) -> Vec<String> {
    use ops::FetchError as E;
    match error {
        E::HostNotFound(_) => vec!["check the address, and that this machine can reach the web".into()],
        E::Connect(_) | E::Transfer(_) => {
            vec!["check that this machine can reach the web, then try again".into()]
        }
        E::Timeout(_) => vec!["try again, or allow longer with --timeout SECS".into()],
        E::TooLarge(_) => vec!["raise the limit with --max-size, e.g. --max-size 200M".into()],
        E::Status(404 | 410) => vec!["check the address".into()],
        E::Tls(_) => vec!["save the page with a browser and add the saved file".into()],
        E::RetryAfter { secs, .. } => vec![format!("try again in {secs} s")],
        E::BadUrl(_) | E::Status(_) | E::TooManyRedirects | E::NotADocument(_) => Vec::new(),
    }
}

fn corpus(error: &CorpusError) -> (Option<Kind>, Vec<String>) {
    use CorpusError as E;
    let refused = |hint: String| (Some(Kind::Refused), vec![hint]);
    match error {
        E::NotACorpus(dir) => refused(format!("create one with `communique init {}`", dir.display())),
        E::NotFound { below, .. } => refused(match below.as_slice() {
            [] => "pass -C DIR or run `communique init`".into(),
            [one] => format!("pass -C {0} (the corpus in ./{0})", one.display()),
            many => {
                let named: Vec<String> = many.iter().take(5).map(|p| p.display().to_string()).collect();
                let more =
                    if many.len() > 5 { format!(" and {} more", many.len() - 5) } else { String::new() };
                format!("pass -C with one of the corpora here: {}{more}", named.join(", "))
            }
        }),
        E::NoWorkTree(_) => refused("run `git init` there, or `communique init` in a new folder".into()),
        E::IndexLocked(_) => {
            refused("wait for it to finish, or delete that file if no git command is running".into())
        }
        E::Busy(_) => refused("try again when it has finished".into()),
        E::Uncommitted(_) => refused("commit them (git commit) or discard them (git checkout) first".into()),
        E::Detached => refused("check out a branch first (git switch main)".into()),
        E::Exists(_) => refused("pass --replace to record a correction".into()),
        E::NothingToReplace { same_date, series, date, .. } => refused(if same_date.is_empty() {
            format!("there is no meeting of {series} on {date}; leave out --replace to add one")
        } else {
            format!(
                "on that date {series} has {} (match its slug to replace it), or leave out --replace to add one",
                same_date.join(", ")
            )
        }),
        E::SameId { .. } => refused("give them different --slug or --date".into()),
        E::Ref(e) => (Some(Kind::Refused), reference(e)),
        E::UnknownRevision(_) => refused("see `communique log`".into()),
        E::Storage { .. } => refused("fix the file by hand or re-add it with --replace".into()),
        E::Link(_) => refused("replace the link with the folder or file it points to".into()),
        E::NotRegular { .. } => refused("replace it with the file itself".into()),
        E::DiskFull { finished } => {
            let mut hints = vec!["free some space and run the command again".to_string()];
            if !finished {
                hints.push(UNDO.into());
            }
            (Some(Kind::Refused), hints)
        }
        // The failure that could not be undone decides.
        E::Unfinished(_) => (None, vec![UNDO.into()]),
        E::ForeignJournal(_) => refused("move it out of the corpus".into()),
        E::HookRefused { .. } => refused("fix what it says, or pass --no-verify to skip it".into()),
        E::Io { source, .. } => (Some(io_kind(source)), Vec::new()),
        // Its source, next in the chain, decides.
        E::Git(_) => (None, Vec::new()),
        E::UnknownSeries { closest, .. } => {
            (Some(Kind::Refused), closest.iter().map(|good| format!("did you mean \"{good}\"?")).collect())
        }
        E::AlreadyACorpus(_)
        | E::Missing(_)
        | E::Read { .. }
        | E::Import { .. }
        | E::Meta { .. }
        | E::Config { .. } => (Some(Kind::Refused), Vec::new()),
    }
}

/// A git failure is internal, but for one another git process caused: a lock it holds, a
/// branch it moved while we were writing.
fn git(error: &git2::Error) -> (Option<Kind>, Vec<String>) {
    match error.code() {
        git2::ErrorCode::Locked | git2::ErrorCode::Modified => (
            Some(Kind::Refused),
            vec!["another git command is changing the repository; try again when it has finished".into()],
        ),
        _ => (Some(Kind::Internal), Vec::new()),
    }
}

/// A `[colors]` entry: what may be written there.
fn colors(error: &ColorError) -> Vec<String> {
    match error {
        ColorError::UnknownLabel(_) => vec![format!("the labels are {}", label_names())],
        ColorError::BadValue { .. } => vec![ACCEPTED_COLORS.to_string()],
    }
}

fn config(problem: &Problem) -> Vec<String> {
    match problem {
        Problem::NoName => vec!["name it, as in [themes.africa]".into()],
        Problem::NoTerms => vec!["list at least one, as in terms = [\"Africa*\"]".into()],
        Problem::Series(e) => vec![name(e)],
        Problem::Label(_) => vec!["write it on one line".into()],
        Problem::AddSeries { problem, .. } => config(problem),
        Problem::Toml(_) | Problem::Term(_) => Vec::new(),
    }
}

/// What an unfinished change leaves to the next command.
const UNDO: &str = "the next communique command will finish undoing it";

fn reference(error: &RefError) -> Vec<String> {
    match error {
        RefError::Syntax(_) => vec!["try an id, a date, a slug, latest or REF~N".into()],
        // The key alone when it is the id (no "fomc/2026-09-16 (fomc/2026-09-16)").
        RefError::Unknown { suggestion: Some((key, id)), .. } if key == id => {
            vec![format!("did you mean \"{key}\"?")]
        }
        RefError::Unknown { suggestion: Some((key, id)), .. } => {
            vec![format!("did you mean \"{key}\" ({id})?")]
        }
        RefError::UnknownSeries { suggestion: Some(reference), .. } => {
            vec![format!("did you mean \"{reference}\"?")]
        }
        RefError::UnknownSeries { suggestion: None, .. } => {
            vec!["see `communique list` for the series".into()]
        }
        RefError::Unknown { suggestion: None, .. } => vec!["see `communique list`".into()],
        RefError::Ambiguous { .. } => vec!["use one of these ids".into()],
        RefError::WhichSeries { query, series } => {
            series.first().map(|s| format!("name one, e.g. {s}:{query}")).into_iter().collect()
        }
        RefError::EmptyCorpus => vec!["add one with `communique add FILE`".into()],
        RefError::EmptySeries(_) | RefError::TooFarBack { .. } => Vec::new(),
    }
}

fn input(error: &InputError) -> Vec<String> {
    match error {
        InputError::NotRegular(_) => vec!["save what you want to import to a file first".into()],
        InputError::Folder => vec!["name the files in it (e.g. folder/*.txt)".into()],
        InputError::TooLarge { size, .. } => {
            vec![format!(
                "raise it with --max-size (e.g. --max-size {})",
                communique::files::size_flag(*size)
            )]
        }
        InputError::Binary(_) | InputError::Io(_) => Vec::new(),
    }
}

fn import(error: &ImportError) -> Vec<String> {
    match error {
        ImportError::Utf16 => vec!["convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8".into()],
        ImportError::InvalidUtf8 { .. } => vec!["convert it to UTF-8 first, e.g. with iconv".into()],
        ImportError::TooDeep { .. } => vec!["import the page's text instead".into()],
        ImportError::Docx(_) => vec!["save it again from Word or LibreOffice as .docx, or as .txt".into()],
        ImportError::Pdf(_) => vec!["save its text from a PDF viewer as a .txt file and add that".into()],
        ImportError::UnknownCharset(_) => {
            vec!["save the page and convert it to UTF-8, e.g. with iconv".into()]
        }
        ImportError::InvalidIn(_) => {
            vec!["fix the page's <meta charset>, or convert it to UTF-8 first, e.g. with iconv".into()]
        }
        ImportError::Empty | ImportError::Binary(_) | ImportError::NoText | ImportError::FrontMatter(_) => {
            Vec::new()
        }
    }
}

fn meta(error: &MetaError) -> Vec<String> {
    match error {
        MetaError::NoDate => vec!["give one with --date YYYY-MM-DD".into()],
        MetaError::FileNameDate(_) => vec!["rename the file or give --date".into()],
        MetaError::NoSeries(_) => vec!["name one with --series NAME".into()],
        MetaError::Name(e) => vec![name(e)],
        MetaError::Line { field, .. } => vec![format!("make it one line of text, or give --{field}")],
    }
}

/// Advice on a flag value a value parser refused (see `args.rs`).
pub(super) fn usage_hints(error: &(dyn Error + 'static)) -> Vec<String> {
    if let Some(e) = error.downcast_ref::<NameError>() {
        vec![name(e)]
    } else if error.is::<LineError>() {
        vec!["give it as one line, without control characters".into()]
    } else {
        Vec::new()
    }
}

fn name(error: &NameError) -> String {
    format!("use {NAME_RULE} (e.g. \"{}\")", error.example)
}

/// An I/O failure in the corpus's own files: one the user can act on (space, permissions, a
/// read-only file system, a file moved or replaced by a folder meanwhile) is a refusal; any
/// other is internal.
fn io_kind(error: &io::Error) -> Kind {
    use io::ErrorKind as K;
    match error.kind() {
        K::StorageFull
        | K::QuotaExceeded
        | K::PermissionDenied
        | K::ReadOnlyFilesystem
        | K::NotFound
        | K::IsADirectory
        | K::NotADirectory => Kind::Refused,
        _ => Kind::Internal,
    }
}

fn io_advice(error: &io::Error) -> Vec<String> {
    match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            vec!["free some space and try again".into()]
        }
        // A folder where a file to write was named (`report -o`).
        io::ErrorKind::IsADirectory => vec!["name a file to write".into()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command_error(error: impl Into<anyhow::Error>) -> CommandError {
        CommandError::from(error.into())
    }

    #[test]
    fn the_chain_is_joined_once_in_our_words() {
        let error = command_error(CorpusError::Io {
            path: "corpus/s/2021-01-01.md".into(),
            source: io::Error::from(io::ErrorKind::PermissionDenied),
        });
        assert_eq!(message(&error.error), "corpus/s/2021-01-01.md: permission denied");
        assert_eq!(error.kind, Kind::Refused);
        let error = command_error(
            anyhow::Error::new(io::Error::from(io::ErrorKind::StorageFull))
                .context("cannot write report.html"),
        );
        assert_eq!(message(&error.error), "cannot write report.html: no space left on device");
        assert_eq!(error.hints, ["free some space and try again"]);
    }

    #[test]
    fn kinds_decide_exit_codes() {
        let git = git2::Error::from_str("object not found");
        assert_eq!(command_error(CorpusError::Git(git)).kind.exit_code(), 3);
        let io = CorpusError::Io { path: "x".into(), source: io::Error::from_raw_os_error(5) };
        assert_eq!(command_error(io).kind.exit_code(), 3);
        assert_eq!(command_error(CorpusError::Busy("lock".into())).kind.exit_code(), 1);
        assert_eq!(command_error(anyhow::anyhow!("a command's own refusal")).kind.exit_code(), 1);
        // An unfinished change is as grave as what failed.
        let unfinished = CorpusError::Unfinished(Box::new(CorpusError::Git(git2::Error::from_str("bad"))));
        let error = command_error(unfinished);
        assert_eq!(error.kind, Kind::Internal);
        assert_eq!(message(&error.error), "the change was not made, and undoing it did not finish: git: bad");
        assert_eq!(error.hints, [UNDO]);
    }

    #[test]
    fn hints_come_from_the_data() {
        let error = command_error(CorpusError::Ref(RefError::WhichSeries {
            query: "latest".into(),
            series: vec!["coalition".into(), "fomc".into()],
        }));
        assert_eq!(error.hints, ["name one, e.g. coalition:latest"]);
        let error = command_error(InputError::TooLarge { size: 3_000_000_000, limit: 1 << 26 });
        assert_eq!(error.hints, ["raise it with --max-size (e.g. --max-size 4G)"]);
    }
}
