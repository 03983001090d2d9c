//! The git-backed store: a folder holding `communique.toml`, inside a git work tree, with one
//! Markdown file per meeting (`<series>/<YYYY-MM-DD>[-<slug>].md`).
//!
//! Layer: storage only — files, git, settings as written, caches of opaque bytes keyed by
//! content ([`cache`]). Imports `document`, `text` and `files`; never the analysis (`align`,
//! `lineage`, `themes`), which `ops` runs over what the corpus reads.
//!
//! Every change is one commit that touches only corpus files. Reading lists file names first
//! and opens only the files a command needs.

mod add;
mod blobs;
pub mod cache;
pub mod config;
mod error;
mod history;
mod hooks;
mod meeting;
mod refs;
mod stamps;
mod transaction;

use std::cell::{Cell, OnceCell, RefCell};
use std::fs;
use std::path::{Path, PathBuf};

use git2::Repository;
use serde::Serialize;

use crate::document::import::validate_name;
use crate::document::storage::{self, FrontMatter};
use crate::document::{Document, Meta};

pub use add::{Added, Prepared, Source};
pub use config::Config;
pub use error::CorpusError;
pub use history::{CommitInfo, Revision};
pub use meeting::{Listing, MeetingId};
pub use refs::{Base, RefError, Reference};

/// An open corpus.
pub struct Corpus {
    root: PathBuf,
    config: Config,
    /// The settings file, as named when the corpus was opened (errors name it so).
    config_path: PathBuf,
    /// Opened on first use: reading meetings from the work tree needs no git at all.
    git: OnceCell<Git>,
    /// Whether commits run the repository's pre-commit and post-commit hooks.
    hooks: Cell<bool>,
    /// What reading found amiss but read anyway, each once (see [`Corpus::take_warnings`]).
    warnings: RefCell<Warnings>,
}

/// Warnings, in the order found, and how many were taken already.
#[derive(Default)]
struct Warnings {
    all: Vec<String>,
    /// The same, to keep each once however many files a corpus skips.
    seen: std::collections::HashSet<String>,
    taken: usize,
}

/// The repository holding a corpus.
struct Git {
    repo: Repository,
    /// The corpus root relative to the work tree, `/`-separated, empty or ending in `/`.
    prefix: String,
}

/// Where a meeting's text is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Version {
    /// The file in the work tree.
    WorkTree,
    /// The blob at a git revision (already resolved to a commit id).
    Revision(git2::Oid),
}

/// A resolved reference: which meeting, and which version of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The meeting.
    pub id: MeetingId,
    /// The version.
    pub version: Version,
}

/// One line of `list`: a meeting's metadata and size, read without segmenting its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Summary {
    /// The meeting's id.
    pub id: String,
    /// Its series.
    pub series: String,
    /// Its date.
    pub date: chrono::NaiveDate,
    /// Its title, if any.
    pub title: Option<String>,
    /// Where it took place, if known.
    pub place: Option<String>,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// Number of word tokens.
    pub words: usize,
}

impl Corpus {
    /// Creates a corpus in `dir` (created if needed): `communique.toml`, a git repository
    /// unless `dir` is already inside a work tree, and a first commit. A corpus is never
    /// created inside another.
    pub fn init(dir: &Path) -> Result<Self, CorpusError> {
        // Look before creating anything, so a refusal leaves no empty folder behind.
        let existing = dir.ancestors().find(|d| d.as_os_str().is_empty() || d.exists()).unwrap_or(dir);
        let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
        let existing = existing.canonicalize().map_err(CorpusError::io(existing))?;
        if let Some(corpus) = existing.ancestors().find(|d| d.join(config::FILE_NAME).is_file()) {
            return Err(CorpusError::AlreadyACorpus(corpus.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(CorpusError::io(dir))?;
        let root = dir.canonicalize().map_err(CorpusError::io(dir))?;
        let repo = match Repository::discover(&root) {
            Ok(repo) if repo.workdir().is_some() => repo,
            Ok(_) => return Err(CorpusError::NoWorkTree(root)),
            Err(_) => init_repository(&root)?,
        };
        let git = Git::new(&root, repo)?;
        let config_path = root.join(config::FILE_NAME);
        let corpus = Self::new(root, Config::default(), config_path, OnceCell::from(git));
        // Under the lock, and looking again once it is held: two `init`s at once make one corpus.
        let _lock = corpus.lock()?;
        if corpus.root.join(config::FILE_NAME).exists() {
            return Err(CorpusError::AlreadyACorpus(corpus.root.clone()));
        }
        corpus.commit(
            &[transaction::Change::write(config::FILE_NAME, config::TEMPLATE)],
            "Create communique corpus",
        )?;
        Ok(corpus)
    }

    fn new(root: PathBuf, config: Config, config_path: PathBuf, git: OnceCell<Git>) -> Self {
        Self { root, config, config_path, git, hooks: Cell::new(true), warnings: RefCell::default() }
    }

    /// Whether commits run the repository's `pre-commit` and `post-commit` hooks, as `git
    /// commit` does (on unless turned off, as with `git commit --no-verify`).
    pub fn run_hooks(&self, on: bool) {
        self.hooks.set(on);
    }

    /// Opens the corpus whose root is `dir`.
    pub fn open(dir: &Path) -> Result<Self, CorpusError> {
        let settings = dir.join(config::FILE_NAME);
        let text = match read_stored(&settings) {
            Ok(text) => text,
            Err(CorpusError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Err(CorpusError::NotACorpus(dir.to_path_buf()));
            }
            Err(e) => return Err(e),
        };
        let config =
            Config::parse(&text).map_err(|error| CorpusError::Config { path: settings.clone(), error })?;
        let root = dir.canonicalize().map_err(CorpusError::io(dir))?;
        let corpus = Self::new(root, config, settings, OnceCell::new());
        // A change that was interrupted (the process killed): finish or undo it, under the
        // lock, before anything reads the corpus. A journal whose lock is held is a change
        // under way, not an interrupted one: the reader does not wait for it, and reads the
        // files as they are. A reader never deletes anything without the lock, and never
        // fails for want of it: if the change cannot be settled now (the disk is full), it
        // reads the files as they are and says so.
        let journal = corpus.root.join(transaction::JOURNAL);
        if journal.exists() || transaction::temporary(&journal).exists() {
            let settled = corpus.try_lock().and_then(|lock| match lock {
                Some(_lock) => corpus.recover(),
                None => Ok(()),
            });
            if let Err(e) = settled {
                corpus.warn(format!(
                    "an interrupted change could not be finished or undone yet ({e}); showing the files as they are"
                ));
            }
        }
        Ok(corpus)
    }

    /// The repository, opened on first use.
    fn git(&self) -> Result<&Git, CorpusError> {
        if let Some(git) = self.git.get() {
            return Ok(git);
        }
        let repo =
            Repository::discover(&self.root).map_err(|_| CorpusError::NoWorkTree(self.root.clone()))?;
        let git = Git::new(&self.root, repo)?;
        Ok(self.git.get_or_init(|| git))
    }

    /// Finds the corpus holding `start`: the nearest folder at or above it with
    /// `communique.toml`.
    pub fn discover(start: &Path) -> Result<Self, CorpusError> {
        let canonical = start.canonicalize().map_err(CorpusError::io(start))?;
        let Some(root) = canonical.ancestors().find(|dir| dir.join(config::FILE_NAME).is_file()) else {
            // The corpora right inside `start` (a project's `corpus/`), for the hint.
            let mut below: Vec<PathBuf> = std::fs::read_dir(start)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|dir| dir.join(config::FILE_NAME).is_file())
                .filter_map(|dir| dir.strip_prefix(start).ok().map(Path::to_path_buf))
                .collect();
            below.sort();
            return Err(CorpusError::NotFound { start: canonical, below });
        };
        Self::open(root)
    }
}

impl Git {
    fn new(root: &Path, repo: Repository) -> Result<Self, CorpusError> {
        let no_work_tree = || CorpusError::NoWorkTree(root.to_path_buf());
        let workdir =
            repo.workdir().ok_or_else(no_work_tree)?.canonicalize().map_err(CorpusError::io(root))?;
        let relative = root.strip_prefix(&workdir).map_err(|_| no_work_tree())?;
        let mut prefix: String = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Ok(Self { repo, prefix })
    }
}

impl Corpus {
    /// The corpus folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The settings file, as named when the corpus was opened.
    pub fn config_path(&self) -> &Path {
        &self.config_path
    }

    /// Warnings found since the last call, each once in the corpus's life: files placed by
    /// hand that are not read as meetings, front matter that disagrees with a file name. Each
    /// says what is wrong and how to fix it; the text may hold anything a file name can.
    pub fn take_warnings(&self) -> Vec<String> {
        let mut warnings = self.warnings.borrow_mut();
        let new = warnings.all[warnings.taken..].to_vec();
        warnings.taken = warnings.all.len();
        new
    }

    fn warn(&self, message: String) {
        let mut warnings = self.warnings.borrow_mut();
        if warnings.seen.insert(message.clone()) {
            warnings.all.push(message);
        }
    }

    /// The meetings in the work tree, from file names alone. Markdown files that are not read
    /// as meetings (a name the corpus does not accept, a file outside any series folder, a
    /// folder whose name is not a series') are named in [`Corpus::take_warnings`].
    pub fn listing(&self) -> Result<Listing, CorpusError> {
        let mut ids = Vec::new();
        for entry in fs::read_dir(&self.root).map_err(CorpusError::io(&self.root))? {
            let entry = entry.map_err(CorpusError::io(&self.root))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_dir() || t.is_symlink() && self.root.join(&name).is_dir())
            {
                self.list_series(&name, &mut ids)?;
            } else if meeting::looks_like_a_meeting(&name) {
                self.warn(format!(
                    "{name} is not read as a meeting: it is outside any series folder; move it into one, \
                     as SERIES/YYYY-MM-DD[-slug].md"
                ));
            }
        }
        Ok(Listing::new(ids))
    }

    /// The meetings of one series folder, appended to `ids`.
    fn list_series(&self, name: &str, ids: &mut Vec<MeetingId>) -> Result<(), CorpusError> {
        let dir = self.root.join(name);
        // A link to a folder elsewhere: its files are not the corpus's, and are not read.
        if fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            self.warn(format!(
                "{name}/ is a symbolic link, and the corpus reads only its own folders; replace the link \
                 with the folder it points to"
            ));
            return Ok(());
        }
        let valid = validate_name("series", name).is_ok();
        let series: std::sync::Arc<str> = name.into();
        let mut markdown = 0;
        for file in fs::read_dir(&dir).map_err(CorpusError::io(&dir))? {
            let file = file.map_err(CorpusError::io(&dir))?;
            let file_name = file.file_name().to_string_lossy().into_owned();
            if !valid {
                markdown += usize::from(meeting::looks_like_a_meeting(&file_name));
                continue;
            }
            match file_name.strip_suffix(".md").and_then(|stem| MeetingId::in_series(&series, stem)) {
                Some(id) => ids.push(id),
                None => {
                    if let Some(why) = meeting::not_a_meeting(name, &file_name) {
                        self.warn(why);
                    }
                }
            }
        }
        if !valid && markdown > 0 {
            let fixed = crate::document::import::derive_slug(name).unwrap_or_else(|| "coalition".into());
            self.warn(format!(
                "{name}/ is not read as a series ({markdown} Markdown files in it): a series folder's name uses \
                 lowercase letters, digits, '-' and '_'; rename it to {fixed}/"
            ));
        }
        Ok(())
    }

    /// The meetings as stored at a commit.
    pub fn listing_at(&self, commit: git2::Oid) -> Result<Listing, CorpusError> {
        let Git { repo, prefix } = self.git()?;
        let tree = repo.find_commit(commit)?.tree()?;
        let root = match prefix.trim_end_matches('/') {
            "" => tree,
            prefix => match tree.get_path(Path::new(prefix)) {
                Ok(entry) => entry.to_object(repo)?.peel_to_tree()?,
                Err(_) => return Ok(Listing::default()),
            },
        };
        let mut ids = Vec::new();
        for series in root.iter().filter(|e| e.kind() == Some(git2::ObjectType::Tree)) {
            let (Some(name), Ok(object)) = (series.name(), series.to_object(repo)) else {
                continue;
            };
            let Ok(files) = object.peel_to_tree() else {
                continue;
            };
            ids.extend(files.iter().filter_map(|f| {
                f.name()
                    .and_then(|n| n.strip_suffix(".md"))
                    .and_then(|stem| MeetingId::from_parts(name, stem))
            }));
        }
        Ok(Listing::new(ids))
    }

    /// Resolves a reference: `rome`, `latest~1`, `coalition/2021-06-28-rome@HEAD~2`.
    pub fn locate(&self, text: &str) -> Result<Located, CorpusError> {
        let reference = Reference::parse(text)?;
        // An exact id of a file that exists needs no listing at all.
        if let (None, 0, Base::Name(name)) = (&reference.revision, reference.back, &reference.base)
            && let Some(id) =
                name.strip_suffix(".md").or(Some(name)).and_then(|n| MeetingId::from_path(&format!("{n}.md")))
            && reference.series.as_deref().is_none_or(|s| s == &*id.series)
            && self.root.join(id.path()).is_file()
        {
            return Ok(Located { id, version: Version::WorkTree });
        }
        let (listing, version) = match &reference.revision {
            // A reference that names its series needs only that folder read.
            None => match reference.series_hint().filter(|s| self.root.join(s).is_dir()) {
                Some(series) => {
                    let mut ids = Vec::new();
                    self.list_series(series, &mut ids)?;
                    (Listing::new(ids), Version::WorkTree)
                }
                None => (self.listing()?, Version::WorkTree),
            },
            Some(rev) => {
                // A revision that names nothing (or no commit) is the user's; a name that leads
                // to an object the store lost, or any other failure of git, is not (a commit id
                // typed by the user that matches nothing is still the user's).
                let typed_id = rev.len() >= 4 && rev.chars().all(|c| c.is_ascii_hexdigit());
                let unknown = |e: git2::Error| match (e.code(), e.class()) {
                    (git2::ErrorCode::NotFound, git2::ErrorClass::Odb) if !typed_id => CorpusError::Git(e),
                    (
                        git2::ErrorCode::NotFound
                        | git2::ErrorCode::InvalidSpec
                        | git2::ErrorCode::Ambiguous
                        | git2::ErrorCode::Peel,
                        _,
                    ) => CorpusError::UnknownRevision(rev.clone()),
                    _ => CorpusError::Git(e),
                };
                let commit = self
                    .git()?
                    .repo
                    .revparse_single(rev)
                    .map_err(unknown)?
                    .peel_to_commit()
                    .map_err(unknown)?
                    .id();
                (self.listing_at(commit)?, Version::Revision(commit))
            }
        };
        let id = reference.resolve(&listing, text)?;
        Ok(Located { id, version })
    }

    /// The stored text of a meeting.
    pub fn read(&self, located: &Located) -> Result<String, CorpusError> {
        match located.version {
            Version::WorkTree => {
                let folder = self.root.join(&*located.id.series);
                if fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(CorpusError::Link(located.id.series.to_string()));
                }
                read_stored(&self.root.join(located.id.path()))
            }
            Version::Revision(commit) => {
                let Git { repo, prefix } = self.git()?;
                let path = format!("{prefix}{}", located.id.path());
                let entry = repo
                    .find_commit(commit)?
                    .tree()?
                    .get_path(Path::new(&path))
                    .map_err(|_| CorpusError::Missing(located.id.to_string()))?;
                let blob = entry.to_object(repo)?.peel_to_blob()?;
                String::from_utf8(blob.content().to_vec()).map_err(|_| CorpusError::Storage {
                    file: path,
                    source: storage::StorageError::Toml("not UTF-8".into()),
                })
            }
        }
    }

    /// A meeting, parsed and segmented; its series and date are its id's (see `Corpus::meta`).
    pub fn load(&self, located: &Located) -> Result<Document, CorpusError> {
        self.load_keyed(located).map(|(document, _)| document)
    }

    /// [`Corpus::load`], with the content key of the body read (as [`Corpus::body_keys`] gives).
    pub fn load_keyed(&self, located: &Located) -> Result<(Document, u128), CorpusError> {
        let text = self.read(located)?;
        let (front, body) = storage::parse_front_matter(&text)
            .map_err(|source| CorpusError::Storage { file: located.id.path(), source })?;
        let key = crate::text::hash::content_key(body);
        Ok((Document::new(self.meta(&located.id, front), storage::body_paragraphs(body)), key))
    }

    /// A meeting's metadata. The file name is the meeting's id, so its folder is the series
    /// and its name the date, everywhere (listing, references, every output). The front matter
    /// repeats them for readers of the file alone: when it says otherwise, or nothing usable,
    /// the id wins and a warning names the file and both values (the meeting stays readable).
    fn meta(&self, id: &MeetingId, front: FrontMatter) -> Meta {
        let file = id.path();
        match front.calendar_date() {
            Ok(Some(date)) if date != id.date => self.warn(format!(
                "{file}: the front matter's date {date} is not the file name's {}; the file name's is used; \
                 correct `date =` in the front matter, or rename the file",
                id.date
            )),
            Ok(_) => {}
            Err(e) => self.warn(format!(
                "{file}: {e}; the file name's date {} is used; correct `date =` in the front matter",
                id.date
            )),
        }
        if let Some(series) = front.series.as_deref().filter(|s| *s != &*id.series) {
            self.warn(format!(
                "{file}: the front matter's series \"{series}\" is not its folder's \"{}\"; the folder's is used; \
                 correct `series =` in the front matter, or move the file",
                id.series
            ));
        }
        Meta {
            series: id.series.to_string(),
            date: id.date,
            title: front.title,
            place: front.place,
            source: front.source,
        }
    }

    /// A meeting's metadata and size, without segmenting its text.
    pub fn summary(&self, id: &MeetingId) -> Result<Summary, CorpusError> {
        let text = self.read(&Located { id: id.clone(), version: Version::WorkTree })?;
        let storage_error = |source| CorpusError::Storage { file: id.path(), source };
        let (front, body) = storage::parse_front_matter(&text).map_err(storage_error)?;
        let meta = self.meta(id, front);
        let (paragraphs, words) = storage::body_counts(body);
        Ok(Summary {
            id: id.to_string(),
            series: id.series.to_string(),
            date: id.date,
            title: meta.title,
            place: meta.place,
            paragraphs,
            words,
        })
    }

    /// Meetings of the work tree (all, or one series), parsed, in date order.
    pub fn meetings(&self, ids: &[MeetingId]) -> Result<Vec<crate::document::Meeting>, CorpusError> {
        self.meetings_each(ids, &mut || {})
    }

    /// [`Corpus::meetings`], calling `each` after every meeting read (for a progress bar).
    pub fn meetings_each(
        &self,
        ids: &[MeetingId],
        each: &mut dyn FnMut(),
    ) -> Result<Vec<crate::document::Meeting>, CorpusError> {
        ids.iter()
            .map(|id| {
                each();
                // Only the text is needed: skip parsing the front matter (a quarter of the work
                // for a long series); the id gives series and date.
                let text = self.read(&Located { id: id.clone(), version: Version::WorkTree })?;
                let (_, body) = storage::split_front_matter(&text)
                    .map_err(|source| CorpusError::Storage { file: id.path(), source })?;
                let meta = Meta {
                    series: id.series.to_string(),
                    date: id.date,
                    title: None,
                    place: None,
                    source: None,
                };
                let document = Document::new(meta, storage::body_paragraphs(body));
                Ok(crate::document::Meeting {
                    id: id.to_string(),
                    series: id.series.to_string(),
                    date: id.date,
                    document,
                })
            })
            .collect()
    }

    /// The body (the text after the front matter) of a meeting as it is in the work tree.
    pub fn body(&self, id: &MeetingId) -> Result<String, CorpusError> {
        let text = self.read(&Located { id: id.clone(), version: Version::WorkTree })?;
        let (_, body) = storage::split_front_matter(&text)
            .map_err(|source| CorpusError::Storage { file: id.path(), source })?;
        Ok(body.to_string())
    }

    /// The content key of each meeting's body as it is in the work tree
    /// ([`crate::text::hash::content_key`] of the text after the front matter): from the
    /// stamps kept for files unchanged since they were read (module `stamps`), read for the others.
    /// The checks are [`Corpus::read`]'s: a meeting in a linked folder, or not a plain file,
    /// is an error.
    pub fn body_keys(&self, ids: &[MeetingId]) -> Result<Vec<u128>, CorpusError> {
        self.body_keys_at(ids, std::time::SystemTime::now())
    }

    /// [`Corpus::body_keys`], with `now` the time stamps are settled against.
    fn body_keys_at(&self, ids: &[MeetingId], now: std::time::SystemTime) -> Result<Vec<u128>, CorpusError> {
        let mut series: Vec<(&str, stamps::Stamps)> = Vec::new();
        let mut keys = Vec::with_capacity(ids.len());
        for id in ids {
            let at = match series.iter().position(|(name, _)| **name == *id.series) {
                Some(at) => at,
                None => {
                    let folder = self.root.join(&*id.series);
                    if fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
                        return Err(CorpusError::Link(id.series.to_string()));
                    }
                    let cache = self.cache(stamps::STAMPS, &id.series);
                    series.push((&id.series, stamps::Stamps::new(cache, stamps::trusted_on(&folder))));
                    series.len() - 1
                }
            };
            let stamps = &mut series[at].1;
            let path = id.path();
            let full = self.root.join(&path);
            let meta = fs::symlink_metadata(&full).map_err(CorpusError::io(&full))?;
            let stamp = stamps::Stamp::of(&meta);
            let known = meta.file_type().is_file().then(|| stamps.known(&full, &stamp)).flatten();
            let key = match known {
                Some(key) => key,
                None => {
                    // Read as `read` reads (refusing what is not a plain file), keyed as
                    // `body` splits, and the stamp taken before reading recorded with it: a
                    // write in between leaves a stamp that no longer matches.
                    let text = read_stored(&full)?;
                    let (_, body) = storage::split_front_matter(&text)
                        .map_err(|source| CorpusError::Storage { file: path.clone(), source })?;
                    let key = crate::text::hash::content_key(body);
                    stamps.record(&full, &stamp, key, now);
                    key
                }
            };
            keys.push(key);
        }
        for (_, stamps) in series {
            stamps.store();
        }
        Ok(keys)
    }

    /// The per-meeting table of `kind` for `series` in the git directory (see
    /// [`cache::Table`]); one that holds nothing and is never written when the corpus has no
    /// repository to keep it in.
    pub fn table(&self, kind: cache::Kind, series: &str) -> cache::Table {
        let path = self.git().ok().map(|git| cache::Cache::path(git.repo.path(), kind, series));
        cache::Table::new(kind, path)
    }

    /// The cache of `kind` for `series` in the git directory (see [`cache`]); an empty one
    /// that is never written when the corpus has no repository to keep it in.
    pub fn cache(&self, kind: cache::Kind, series: &str) -> cache::Cache {
        let path = self.git().ok().map(|git| cache::Cache::path(git.repo.path(), kind, series));
        cache::Cache::load(kind, path)
    }

    /// Removes a meeting in one commit.
    pub fn remove(&self, id: &MeetingId, message: Option<&str>) -> Result<(), CorpusError> {
        let message = message.map_or_else(|| format!("Remove {id}"), str::to_string);
        let _lock = self.lock()?;
        self.refuse_links([id.path().as_str()], None)?;
        if !self.listing()?.contains(id) {
            return Err(CorpusError::Missing(id.to_string()));
        }
        self.commit(&[transaction::Change::delete(id.path())], &message)?;
        Ok(())
    }
}

/// Reads a file the corpus stores (a meeting, the settings): a plain file only, never through
/// a symbolic link or from a FIFO or device, which could block, never end, or read what is not
/// the corpus's.
fn read_stored(path: &Path) -> Result<String, CorpusError> {
    String::from_utf8(read_stored_bytes(path)?).map_err(|e| {
        CorpusError::io(path)(std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
    })
}

/// [`read_stored`] as bytes.
fn read_stored_bytes(path: &Path) -> Result<Vec<u8>, CorpusError> {
    use std::os::unix::fs::FileTypeExt;
    let meta = fs::symlink_metadata(path).map_err(CorpusError::io(path))?;
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return fs::read(path).map_err(CorpusError::io(path));
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "a special file"
    };
    Err(CorpusError::NotRegular { path: path.to_path_buf(), what })
}

/// `git init` in `root`, or the repository another process is creating there at this moment
/// (two `communique init`s at once).
fn init_repository(root: &Path) -> Result<Repository, CorpusError> {
    let mut tries = 0;
    loop {
        match Repository::init(root) {
            Ok(repo) => return Ok(repo),
            Err(e) => {
                if let Ok(repo) = Repository::open(root) {
                    return Ok(repo);
                }
                tries += 1;
                if tries == 40 {
                    return Err(e.into());
                }
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
        }
    }
}
