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
mod listings;
mod meeting;
mod refs;
pub mod segments;
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
    /// The body keys found so far while a question keeps them ([`Corpus::remember_keys`]): a
    /// question that reads the series twice (its origins, then its index) takes each file's
    /// stamp once. Forgotten when the corpus changes through it.
    keys: RefCell<Option<crate::text::hash::FxHashMap<MeetingId, u128>>>,
    /// The settings cache's entry for the settings text (see [`Corpus::compiled_settings`]):
    /// its key (none for a corpus being created), and what the layers above compiled from
    /// the settings, when it was found.
    settings: (Option<u128>, Option<Vec<u8>>),
}

/// The settings cache: `communique.toml` parsed and compiled, keyed by its text, so that
/// opening a corpus does not parse TOML and every theme term again (two thirds of `show`).
const SETTINGS: cache::Kind = cache::Kind { name: "settings", format: 2 };

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

/// Body keys kept for one question ([`Corpus::remember_keys`]), until dropped.
pub struct KeptKeys<'c>(&'c Corpus);

impl Drop for KeptKeys<'_> {
    fn drop(&mut self) {
        *self.0.keys.borrow_mut() = None;
    }
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
        Self {
            root,
            config,
            config_path,
            git,
            hooks: Cell::new(true),
            warnings: RefCell::default(),
            keys: RefCell::default(),
            settings: (None, None),
        }
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
        let root = dir.canonicalize().map_err(CorpusError::io(dir))?;
        // Parsed before when the text is the same (only settings that parsed are kept, so a
        // wrong file is always parsed, and its error given).
        let key = crate::text::hash::content_key(&text);
        let cache = settings_cache(&root);
        let found = cache.get(key).and_then(|bytes| {
            let mut reader = cache::Reader::new(bytes);
            Some((Config::decode(&mut reader)?, reader.rest().to_vec()))
        });
        let (config, compiled) = match found {
            Some((config, compiled)) => (config, Some(compiled)),
            None => (
                Config::parse(&text)
                    .map_err(|error| CorpusError::Config { path: settings.clone(), error })?,
                None,
            ),
        };
        let mut corpus = Self::new(root, config, settings, OnceCell::new());
        corpus.settings = (Some(key), compiled);
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

    /// What the layers above compiled from the settings (the themes' terms), as they kept it
    /// with [`Corpus::keep_compiled_settings`] for the same settings text; `None` when not
    /// kept yet, or when the corpus has no git directory to keep it in.
    pub fn compiled_settings(&self) -> Option<&[u8]> {
        self.settings.1.as_deref()
    }

    /// Keeps `compiled` with the settings for the next time the corpus is opened with the
    /// same settings text (best effort: nothing happens when it cannot be written).
    pub fn keep_compiled_settings(&self, compiled: &[u8]) {
        let Some(key) = self.settings.0 else { return };
        let mut bytes = Vec::new();
        self.config.encode(&mut bytes);
        bytes.extend_from_slice(compiled);
        settings_cache(&self.root).store(&[(key, &bytes)]);
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
        if let Some((series, encoded)) = self.series_listing(name)? {
            // A stored listing is checked as it is read: one that does not decode (which its
            // checksum makes a bug's doing) is read again from the folder.
            match listings::Stored::parse(&encoded).and_then(|stored| stored.ids(&series)) {
                Some(found) => ids.extend(found),
                None => ids.extend(self.read_series(name, &self.root.join(name), &series)?.ids),
            }
        }
        Ok(())
    }

    /// The listing of one series folder, encoded (module `listings`): as stored for the
    /// folder when it is unchanged since, else read from it; its warnings given. `None` for a
    /// folder that is a symbolic link (its files are not the corpus's, and are not read).
    fn series_listing(&self, name: &str) -> Result<Option<listings::Encoded>, CorpusError> {
        let dir = self.root.join(name);
        let meta = fs::symlink_metadata(&dir).map_err(CorpusError::io(&dir))?;
        if meta.file_type().is_symlink() {
            self.warn(format!(
                "{name}/ is a symbolic link, and the corpus reads only its own folders; replace the link \
                 with the folder it points to"
            ));
            return Ok(None);
        }
        let series: std::sync::Arc<str> = name.into();
        // The stamp before the names: a change while they are read leaves a stamp that no
        // longer matches, and the next listing reads the folder again.
        let stamp = stamps::Stamp::of(&meta);
        let key = stamps::path_key(&dir);
        let mut cache = stamps::trusted_on(&dir).then(|| self.cache(listings::LISTINGS, name));
        let mut found = None;
        if let Some(kept) = cache.take() {
            match listings::stored(kept, key, &stamp) {
                Ok(bytes) => {
                    found = listings::Stored::parse(&bytes).and_then(|s| s.warnings()).map(|w| (bytes, w))
                }
                Err(kept) => cache = Some(kept),
            }
        }
        let (encoded, warnings) = match found {
            Some(found) => found,
            None => {
                let held = self.read_series(name, &dir, &series)?;
                let encoded = held.encode();
                // (A stored listing that did not parse is replaced: its cache is read again.)
                let cache =
                    cache.or_else(|| stamps::trusted_on(&dir).then(|| self.cache(listings::LISTINGS, name)));
                if let Some(cache) = cache {
                    listings::store(cache, key, &stamp, &encoded, std::time::SystemTime::now());
                }
                (listings::Bytes::own(encoded), held.warnings)
            }
        };
        for warning in warnings {
            self.warn(warning);
        }
        Ok(Some((series, encoded)))
    }

    /// The meetings the file names of the series folder `dir` give, and warnings for the others.
    fn read_series(
        &self,
        name: &str,
        dir: &Path,
        series: &std::sync::Arc<str>,
    ) -> Result<listings::Held, CorpusError> {
        let mut held = listings::Held::default();
        let valid = validate_name("series", name).is_ok();
        let mut markdown = 0;
        for file in fs::read_dir(dir).map_err(CorpusError::io(dir))? {
            let file = file.map_err(CorpusError::io(dir))?;
            let file_name = file.file_name().to_string_lossy().into_owned();
            if !valid {
                markdown += usize::from(meeting::looks_like_a_meeting(&file_name));
                continue;
            }
            match file_name.strip_suffix(".md").and_then(|stem| MeetingId::in_series(series, stem)) {
                Some(id) => held.ids.push(id),
                None => held.warnings.extend(meeting::not_a_meeting(name, &file_name)),
            }
        }
        // Kept in order, so that sorting the listing finds it sorted.
        held.ids.sort_unstable();
        if !valid && markdown > 0 {
            let fixed = crate::document::import::derive_slug(name).unwrap_or_else(|| "coalition".into());
            held.warnings.push(format!(
                "{name}/ is not read as a series ({markdown} Markdown files in it): a series folder's name uses \
                 lowercase letters, digits, '-' and '_'; rename it to {fixed}/"
            ));
        }
        Ok(held)
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
        if let Some(id) = self.locate_in_series(&reference)? {
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

    /// The meeting a work-tree reference that names its series (`fomc:latest~1`,
    /// `fomc:first`, `fomc/2020-03-15~2`) resolves to, from the ids it needs of the series'
    /// listing; `None` when it does not resolve so (another form, or an error to explain),
    /// for [`Reference::resolve`] to answer.
    fn locate_in_series(&self, reference: &Reference) -> Result<Option<MeetingId>, CorpusError> {
        let Some(name) = reference.series_hint().filter(|_| reference.revision.is_none()) else {
            return Ok(None);
        };
        if !self.root.join(name).is_dir() {
            return Ok(None);
        }
        let Some((series, encoded)) = self.series_listing(name)? else { return Ok(None) };
        let Some(stored) = listings::Stored::parse(&encoded) else { return Ok(None) };
        let at = match &reference.base {
            Base::Latest => stored.len().checked_sub(1).and_then(|last| last.checked_sub(reference.back)),
            Base::First if reference.back == 0 && stored.len() > 0 => Some(0),
            Base::Name(name) => name
                .strip_suffix(".md")
                .or(Some(name))
                .and_then(|n| MeetingId::from_path(&format!("{n}.md")))
                .filter(|id| *id.series == *series)
                .and_then(|id| stored.position(&id))
                .and_then(|at| at.checked_sub(reference.back)),
            Base::First => None,
        };
        Ok(at.and_then(|at| stored.id(at, &series)))
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
        let mut warnings = Vec::new();
        let meta = meta_noting(id, front, &mut warnings);
        for warning in warnings {
            self.warn(warning);
        }
        meta
    }

    /// Each meeting's metadata and size, without segmenting its text: from the summaries kept with the file stamps of
    /// files unchanged since they were read (`.git/communique/summaries/`), read for the
    /// others. What the front matter gave to warn of is kept with them and warned of again.
    pub fn summaries(&self, ids: &[MeetingId]) -> Result<Vec<Summary>, CorpusError> {
        let now = std::time::SystemTime::now();
        let known = |payload: &[u8]| decode_summary(payload);
        let found = self.stamped(ids, SUMMARIES, now, known, |id, text| {
            let (summary, warnings) = summarize(id, text)?;
            let kept = encode_summary(&summary, &warnings);
            Ok(((summary, warnings), kept))
        })?;
        Ok(found
            .into_iter()
            .zip(ids)
            .map(|((mut summary, warnings), id)| {
                for warning in warnings {
                    self.warn(warning);
                }
                summary.id = id.to_string();
                summary.series = id.series.to_string();
                summary.date = id.date;
                summary
            })
            .collect())
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
    /// While a question keeps them ([`Corpus::remember_keys`]), each file's stamp is taken
    /// once: the keys are those of the files when first asked about.
    pub fn body_keys(&self, ids: &[MeetingId]) -> Result<Vec<u128>, CorpusError> {
        if self.keys.borrow().is_none() {
            return self.body_keys_at(ids, std::time::SystemTime::now());
        }
        let missing: Vec<MeetingId> = {
            let known = self.keys.borrow();
            let known = known.as_ref().expect("kept");
            ids.iter().filter(|id| !known.contains_key(id)).cloned().collect()
        };
        if !missing.is_empty() {
            let found = self.body_keys_at(&missing, std::time::SystemTime::now())?;
            self.keys.borrow_mut().get_or_insert_default().extend(missing.into_iter().zip(found));
        }
        let known = self.keys.borrow();
        let known = known.as_ref().expect("kept");
        Ok(ids.iter().map(|id| known[id]).collect())
    }

    /// Keeps the body keys found until the guard returned is dropped: for one question that
    /// asks for them more than once (a long-lived [`Corpus`] must see files edited between
    /// questions).
    pub fn remember_keys(&self) -> KeptKeys<'_> {
        *self.keys.borrow_mut() = Some(Default::default());
        KeptKeys(self)
    }

    /// Forgets the body keys found so far, as the corpus is about to change.
    pub(crate) fn forget_keys(&self) {
        if let Some(keys) = self.keys.borrow_mut().as_mut() {
            keys.clear();
        }
    }

    /// [`Corpus::body_keys`], with `now` the time stamps are settled against.
    fn body_keys_at(&self, ids: &[MeetingId], now: std::time::SystemTime) -> Result<Vec<u128>, CorpusError> {
        let known = |payload: &[u8]| payload.try_into().ok().map(u128::from_le_bytes);
        self.stamped(ids, stamps::STAMPS, now, known, |id, text| {
            // Keyed as `body` splits.
            let (_, body) = storage::split_front_matter(text)
                .map_err(|source| CorpusError::Storage { file: id.path(), source })?;
            let key = crate::text::hash::content_key(body);
            Ok((key, key.to_le_bytes().to_vec()))
        })
    }

    /// What `derive` makes of each meeting's text, from what the cache of `kind` kept with
    /// the file's stamp when the file is unchanged since (`known` decodes it), else from the
    /// file read (`derive` gives the value and what to keep). Reads as [`Corpus::read`]
    /// reads: a meeting in a linked folder, or not a plain file, is an error.
    fn stamped<T>(
        &self,
        ids: &[MeetingId],
        kind: cache::Kind,
        now: std::time::SystemTime,
        known: impl Fn(&[u8]) -> Option<T>,
        mut derive: impl FnMut(&MeetingId, &str) -> Result<(T, Vec<u8>), CorpusError>,
    ) -> Result<Vec<T>, CorpusError> {
        // Each series folder is opened once and its files' stamps taken relative to it: a
        // path walked from the root for each of 24,000 files cost as much as the stamps.
        let mut series: Vec<(&str, stamps::Stamps, rustix::fd::OwnedFd)> = Vec::new();
        let mut of: Vec<usize> = Vec::with_capacity(ids.len());
        for id in ids {
            let at = match series.iter().position(|(name, ..)| **name == *id.series) {
                Some(at) => at,
                None => {
                    let folder = self.root.join(&*id.series);
                    if fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
                        return Err(CorpusError::Link(id.series.to_string()));
                    }
                    use rustix::fs::{Mode, OFlags};
                    let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
                    let fd = rustix::fs::openat(rustix::fs::CWD, &folder, flags, Mode::empty())
                        .map_err(|e| CorpusError::io(&folder)(e.into()))?;
                    let cache = self.cache(kind, &id.series);
                    series.push((&id.series, stamps::Stamps::new(cache, stamps::trusted_on(&folder)), fd));
                    series.len() - 1
                }
            };
            of.push(at);
        }
        // The stamps, on every core when there are thousands (each is a system call).
        let (root, folders) = (&self.root, series.iter().map(|(_, _, fd)| fd).collect::<Vec<_>>());
        let stamp = |name: &mut String, (id, at): (&MeetingId, &usize)| {
            name.clear();
            id.push_stem(name);
            name.push_str(".md");
            rustix::fs::statat(folders[*at], name.as_str(), rustix::fs::AtFlags::SYMLINK_NOFOLLOW)
                .map(|stat| stamps::Stamp::of_stat(&stat))
                .map_err(|e| CorpusError::io(root.join(id.path()))(e.into()))
        };
        let found: Vec<Result<stamps::Stamp, CorpusError>> = if ids.len() >= 4096 {
            use rayon::prelude::*;
            ids.par_iter().zip(&of).map_init(String::new, stamp).collect()
        } else {
            let mut name = String::new();
            ids.iter().zip(&of).map(|pair| stamp(&mut name, pair)).collect()
        };
        // Each file's whole path (its stamp's key), built in one buffer from its folder's.
        let prefixes: Vec<Vec<u8>> = series
            .iter()
            .map(|(name, ..)| {
                use std::os::unix::ffi::OsStrExt;
                let mut prefix = self.root.join(name).into_os_string().as_bytes().to_vec();
                prefix.push(b'/');
                prefix
            })
            .collect();
        let (mut full, mut stem) = (Vec::new(), String::new());
        let mut values = Vec::with_capacity(ids.len());
        for ((id, at), stamp) in ids.iter().zip(of).zip(found) {
            let stamp = stamp?;
            let stamps = &mut series[at].1;
            full.clear();
            full.extend_from_slice(&prefixes[at]);
            stem.clear();
            id.push_stem(&mut stem);
            full.extend_from_slice(stem.as_bytes());
            full.extend_from_slice(b".md");
            let full: &Path = {
                use std::os::unix::ffi::OsStrExt;
                Path::new(std::ffi::OsStr::from_bytes(&full))
            };
            let found = stamp.is_file().then(|| stamps.known(full, &stamp).and_then(&known)).flatten();
            let value = match found {
                Some(value) => value,
                None => {
                    // Read as `read` reads (refusing what is not a plain file), and the stamp
                    // taken before reading recorded with it: a write in between leaves a
                    // stamp that no longer matches.
                    let text = read_stored(full)?;
                    let (value, kept) = derive(id, &text)?;
                    stamps.record(full, &stamp, &kept, now);
                    value
                }
            };
            values.push(value);
        }
        for (_, stamps, _) in series {
            stamps.store();
        }
        Ok(values)
    }

    /// The git directory, where caches live: the corpus's own `.git` folder when it has one
    /// (found without opening the repository, which reads its configuration), else the
    /// repository's found above it.
    fn git_dir(&self) -> Option<PathBuf> {
        if self.git.get().is_none() {
            let own = self.root.join(".git");
            if fs::symlink_metadata(&own).is_ok_and(|m| m.is_dir()) && own.join("HEAD").is_file() {
                return Some(own);
            }
        }
        self.git().ok().map(|git| git.repo.path().to_path_buf())
    }

    /// The per-meeting table of `kind` for `series` in the git directory (see
    /// [`cache::Table`]); one that holds nothing and is never written when the corpus has no
    /// repository to keep it in.
    pub fn table(&self, kind: cache::Kind, series: &str) -> cache::Table {
        let path = self.git_dir().map(|git| cache::Cache::path(&git, kind, series));
        cache::Table::new(kind, path)
    }

    /// The segment files of `kind` for `series` in the git directory (see [`segments`]):
    /// `<git dir>/communique/<last word of the kind's name>/<series>/`; none are read or
    /// written when the corpus has no repository to keep them in.
    pub fn segments(&self, kind: cache::Kind, series: &str) -> segments::Segments {
        let dir = self.git_dir().map(|git| {
            let folder = kind.name.split(' ').next_back().unwrap_or(kind.name);
            git.join("communique").join(folder).join(series)
        });
        segments::Segments::new(kind, dir)
    }

    /// The cache of `kind` for `series` in the git directory (see [`cache`]); an empty one
    /// that is never written when the corpus has no repository to keep it in.
    pub fn cache(&self, kind: cache::Kind, series: &str) -> cache::Cache {
        let path = self.git_dir().map(|git| cache::Cache::path(&git, kind, series));
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

/// The cache of meeting summaries, kept with file stamps.
const SUMMARIES: cache::Kind = cache::Kind { name: "meeting summaries", format: 1 };

/// A meeting's metadata from its front matter, the id winning over it; what the front matter
/// says otherwise, or nothing usable, is added to `warnings` naming the file and both values.
fn meta_noting(id: &MeetingId, front: FrontMatter, warnings: &mut Vec<String>) -> Meta {
    let file = id.path();
    match front.calendar_date() {
        Ok(Some(date)) if date != id.date => warnings.push(format!(
            "{file}: the front matter's date {date} is not the file name's {}; the file name's is used; \
                 correct `date =` in the front matter, or rename the file",
            id.date
        )),
        Ok(_) => {}
        Err(e) => warnings.push(format!(
            "{file}: {e}; the file name's date {} is used; correct `date =` in the front matter",
            id.date
        )),
    }
    if let Some(series) = front.series.as_deref().filter(|s| *s != &*id.series) {
        warnings.push(format!(
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

/// The summary of the meeting `id` whose file holds `text`, and what its front matter gave
/// to warn of.
fn summarize(id: &MeetingId, text: &str) -> Result<(Summary, Vec<String>), CorpusError> {
    let storage_error = |source| CorpusError::Storage { file: id.path(), source };
    let (front, body) = storage::parse_front_matter(text).map_err(storage_error)?;
    let mut warnings = Vec::new();
    let meta = meta_noting(id, front, &mut warnings);
    let (paragraphs, words) = storage::body_counts(body);
    let summary = Summary {
        id: id.to_string(),
        series: id.series.to_string(),
        date: id.date,
        title: meta.title,
        place: meta.place,
        paragraphs,
        words,
    };
    Ok((summary, warnings))
}

/// What a summary keeps of a meeting beside its id: `u64` paragraphs and words, the title and
/// the place (`u32` length then UTF-8, `u32::MAX` for none), then `u32` count of warnings and
/// each as `u32` length and UTF-8.
fn encode_summary(summary: &Summary, warnings: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(summary.paragraphs as u64).to_le_bytes());
    out.extend_from_slice(&(summary.words as u64).to_le_bytes());
    for text in [&summary.title, &summary.place] {
        match text {
            Some(text) => cache::put_text(&mut out, text),
            None => out.extend_from_slice(&u32::MAX.to_le_bytes()),
        }
    }
    cache::put_count(&mut out, warnings.len());
    for warning in warnings {
        cache::put_text(&mut out, warning);
    }
    out
}

/// [`encode_summary`] read back (the id, series and date left for the caller to fill in).
fn decode_summary(bytes: &[u8]) -> Option<(Summary, Vec<String>)> {
    let mut r = cache::Reader::new(bytes);
    let paragraphs = usize::try_from(r.u64()?).ok()?;
    let words = usize::try_from(r.u64()?).ok()?;
    let mut optional = || -> Option<Option<String>> {
        let at = r.rest();
        match at.first_chunk::<4>().map(|n| u32::from_le_bytes(*n)) {
            Some(u32::MAX) => r.take(4).map(|_| None),
            _ => r.text().map(|text| Some(text.to_string())),
        }
    };
    let title = optional()?;
    let place = optional()?;
    let count = r.u32()?;
    let mut warnings = Vec::with_capacity(count.min(bytes.len() / 4));
    for _ in 0..count {
        warnings.push(r.text()?.to_string());
    }
    if !r.rest().is_empty() {
        return None;
    }
    let summary = Summary {
        id: String::new(),
        series: String::new(),
        date: chrono::NaiveDate::MIN,
        title,
        place,
        paragraphs,
        words,
    };
    Some((summary, warnings))
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

/// The settings cache of the corpus at `root`, one file per corpus (several corpora in one
/// repository do not take turns): in the git directory found by walking up from it, the
/// nearest `.git`, when it is a folder holding `HEAD` and owned by the user running us (as
/// git refuses a repository another user owns, so must a cache the settings are read from);
/// an empty one that is never written otherwise. A `.git` file (a linked work tree, a
/// submodule) keeps none.
fn settings_cache(root: &Path) -> cache::Cache {
    use std::os::unix::fs::MetadataExt;
    let nearest = root.ancestors().map(|dir| dir.join(".git")).find_map(|git| {
        let meta = fs::symlink_metadata(&git).ok()?;
        Some((git, meta))
    });
    let ours = |meta: &fs::Metadata| meta.uid() == rustix::process::geteuid().as_raw();
    let git = nearest
        .filter(|(git, meta)| meta.is_dir() && ours(meta) && git.join("HEAD").is_file())
        .map(|(git, _)| git);
    let part = format!("{:032x}", stamps::path_key(root));
    cache::Cache::load(SETTINGS, git.map(|git| cache::Cache::path(&git, SETTINGS, &part)))
}
