//! A corpus as a website (`communique site`): what its pages show, gathered with the same
//! functions every other command answers with — `list` for a series' meetings, `themes` for
//! its timeline, `show` and `annotate --words` for a meeting, `report` for the change from one
//! meeting to the next. `render::site` writes the pages; [`SiteFolder`] puts them on disk,
//! rewriting only those whose bytes changed, and never touching a file it did not write.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::answers::{Timelined, compose};
use super::{AnnotateOptions, Error, Progress, SiteProblem, Window, annotate, list, show, themes};
use crate::corpus::{KeptKeys, Listing, Revision, Summary};
use crate::lineage::Annotation;
use crate::text::hash::FxHashMap;
use crate::themes::{Theme, Timeline};

use super::Workspace;
use super::report::{MeetingInfo, Provenance, Report};

/// What `communique site` is asked.
#[derive(Clone, Debug, Default)]
pub struct SiteOptions {
    /// Only these series (all when empty), in the order given.
    pub series: Vec<String>,
    /// The site's title; the corpus folder's name when none.
    pub title: Option<String>,
}

/// A corpus read for its site: the series and their meetings, and the questions each page
/// asks of it.
pub struct Site<'w> {
    ws: &'w Workspace,
    listing: Listing,
    /// Every meeting's body key, found once for the whole site.
    _keys: KeptKeys<'w>,
    /// The site's title.
    pub title: String,
    /// The corpus's revision the site shows.
    pub revision: Option<Revision>,
    /// The series shown, in order.
    pub series: Vec<SeriesInfo>,
}

/// One series of a site.
#[derive(Clone, Debug)]
pub struct SeriesInfo {
    /// The series' folder name.
    pub name: String,
    /// Its readable name from the settings, if any.
    pub label: Option<String>,
    /// Its meetings in date order, as `list` gives them.
    pub meetings: Vec<Summary>,
    /// The themes that apply to it, in the settings' order.
    pub themes: Vec<Theme>,
    /// Its theme timeline, when it has themes.
    pub timeline: Option<Timeline>,
}

/// What a meeting's page shows: its header (`show`), and its paragraphs word by word with
/// the meeting that introduced each word (`annotate --words`).
#[derive(Clone, Debug)]
pub struct MeetingView {
    /// Its header.
    pub info: MeetingInfo,
    /// Its paragraphs and words' origins.
    pub provenance: Provenance,
}

impl<'w> Site<'w> {
    /// The corpus of `ws` read for a site of `options.series` (all series when none).
    pub fn open(
        ws: &'w Workspace,
        options: &SiteOptions,
        progress: &mut dyn Progress,
    ) -> Result<Self, Error> {
        let corpus = ws.corpus();
        let listing = corpus.listing()?;
        let names: Vec<String> = if options.series.is_empty() {
            listing.series_names().into_iter().map(str::to_string).collect()
        } else {
            options.series.clone()
        };
        if names.is_empty() {
            return Err(Error::NoMeetings);
        }
        let keys = corpus.remember_keys();
        let mut series = Vec::with_capacity(names.len());
        for name in names {
            let meetings = list(ws, Some(&name))?;
            let themes: Vec<Theme> = ws.themes_for(&name).into_iter().cloned().collect();
            let timeline = match themes.is_empty() {
                true => None,
                false => {
                    let window = Window { series: Some(name.clone()), since: None, until: None };
                    Some(self::themes(ws, &window, &[], progress)?.timeline)
                }
            };
            let label = corpus.config().series.get(&name).and_then(|s| s.label.clone());
            series.push(SeriesInfo { name, label, meetings, themes, timeline });
        }
        let title = match &options.title {
            Some(title) => title.clone(),
            None => corpus.root().file_name().map_or("Corpus".into(), |n| n.to_string_lossy().into_owned()),
        };
        Ok(Self { ws, listing, _keys: keys, title, revision: corpus.revision()?, series })
    }

    /// The page of meeting `id`.
    pub fn meeting(&self, id: &str) -> Result<MeetingView, Error> {
        let options = AnnotateOptions { words: true, ..AnnotateOptions::default() };
        let shown = show(self.ws, id)?;
        let annotation = annotate(self.ws, id, &options)?;
        let Annotation { paragraphs, words, .. } = annotation;
        Ok(MeetingView {
            info: MeetingInfo::of(&shown.id, &shown.document),
            provenance: Provenance { paragraphs, words: words.unwrap_or_default() },
        })
    }

    /// The change from meeting `old` to meeting `new`: their report, without the series'
    /// timeline (its page draws it once) and without the corpus's revision (the site's header
    /// names it). `generated` is the date the report model carries.
    pub fn change(
        &self,
        old: &str,
        new: &str,
        generated: NaiveDate,
        progress: &mut dyn Progress,
    ) -> Result<Report, Error> {
        compose(self.ws, &self.listing, old, new, &[], generated, Timelined::No, progress)
    }
}

/// What the site's phrase search reads (`_search/index.js`): every distinct paragraph of the
/// site's meetings as word keys, cut by the token rule (`document/words.rs`), with its
/// sentences; each meeting as the list of its paragraphs. The page's script finds a phrase as
/// `blame` does — the same keys, consecutive in one paragraph, a `*` after a word for any word
/// starting so — and names the sentence holding the first match, or the paragraph when none
/// does.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SearchIndex {
    /// Every distinct word key, in order of first use.
    pub words: Vec<String>,
    /// Every distinct paragraph.
    pub paragraphs: Vec<SearchParagraph>,
    /// The meetings in the order `blame` searches them (date, then series, then id).
    pub meetings: Vec<SearchMeeting>,
}

/// A paragraph of the search index.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SearchParagraph {
    /// Its text.
    #[serde(rename = "t")]
    pub text: String,
    /// Its word tokens, as indices into [`SearchIndex::words`].
    #[serde(rename = "w")]
    pub words: Vec<u32>,
    /// Its sentences: the index of the first word token at or after the sentence's start, and
    /// where it starts and ends in the text (without trailing whitespace), in UTF-16 code units
    /// as a browser counts them.
    #[serde(rename = "s")]
    pub sentences: Vec<(u32, u32, u32)>,
}

/// A meeting of the search index.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SearchMeeting {
    /// Its id.
    pub id: String,
    /// Its series.
    pub series: String,
    /// Its date.
    pub date: NaiveDate,
    /// Its paragraphs in order, as indices into [`SearchIndex::paragraphs`].
    pub paragraphs: Vec<u32>,
}

impl Site<'_> {
    /// The phrase search's index of the site's series.
    pub fn search_index(&self, progress: &mut dyn Progress) -> Result<SearchIndex, Error> {
        let shown: std::collections::HashSet<&str> = self.series.iter().map(|s| s.name.as_str()).collect();
        let ids: Vec<crate::corpus::MeetingId> =
            self.listing.all().iter().filter(|id| shown.contains(&*id.series)).cloned().collect();
        let meetings = super::answers::read_meetings(self.ws.corpus(), &ids, progress)?;
        let mut index = SearchIndex::default();
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        let mut paragraphs: FxHashMap<&str, u32> = FxHashMap::default();
        let mut key = String::new();
        for meeting in &meetings {
            let doc = &meeting.document;
            let mut list = Vec::with_capacity(doc.paragraphs().len());
            for text in doc.paragraph_texts() {
                if let Some(&at) = paragraphs.get(text) {
                    list.push(at);
                    continue;
                }
                let mut paragraph = SearchParagraph { text: text.to_string(), ..SearchParagraph::default() };
                let tokens: Vec<crate::document::Span> = crate::document::words(text).collect();
                for token in &tokens {
                    key.clear();
                    crate::document::push_word_key(token.of(text), &mut key);
                    let next = words.len() as u32;
                    let id = *words.entry(key.clone()).or_insert_with(|| {
                        index.words.push(key.clone());
                        next
                    });
                    paragraph.words.push(id);
                }
                let utf16 = |byte: usize| text[..byte].encode_utf16().count() as u32;
                for sentence in crate::document::sentences(text) {
                    let end = sentence.start + sentence.of(text).trim_end().len();
                    let first = tokens.partition_point(|t| t.start < sentence.start) as u32;
                    paragraph.sentences.push((first, utf16(sentence.start), utf16(end)));
                }
                let at = index.paragraphs.len() as u32;
                index.paragraphs.push(paragraph);
                paragraphs.insert(text, at);
                list.push(at);
            }
            index.meetings.push(SearchMeeting {
                id: meeting.id.clone(),
                series: meeting.series.clone(),
                date: meeting.date,
                paragraphs: list,
            });
        }
        Ok(index)
    }
}

/// The name of the file that marks a folder as a site `communique` wrote, and lists its
/// pages with their content keys.
pub const MANIFEST: &str = ".communique-site";

/// The first line of [`MANIFEST`].
const MANIFEST_HEADER: &str = "communique site 1";

/// A folder a site is written into, page by page.
///
/// - A new or empty folder becomes a site; a folder holding anything else but a site this
///   program wrote (its [`MANIFEST`]) is refused, so no file of the user's is replaced.
/// - A page whose bytes are those already written is left alone ([`SiteFolder::put`] says
///   whether it wrote), so regenerating rewrites only what changed.
/// - Every folder on the way to a page must be a plain folder: a link is refused, so nothing
///   is written outside the site.
/// - Pages the previous site had and this one has not are removed at [`SiteFolder::finish`],
///   and the manifest written last: an interrupted run leaves the previous manifest, and the
///   next run rewrites what it finds different.
pub struct SiteFolder {
    root: PathBuf,
    /// What the previous run wrote: page → content key.
    before: FxHashMap<String, u128>,
    /// What this run wrote or kept, in order.
    pages: Vec<(String, u128)>,
    /// How many pages this run wrote.
    written: usize,
}

/// What writing a site did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SiteWritten {
    /// Pages in the site.
    pub pages: usize,
    /// Pages written (new or changed).
    pub written: usize,
    /// Pages of the previous site removed.
    pub removed: usize,
    /// Bytes of the whole site.
    pub bytes: u64,
}

impl SiteFolder {
    /// `root`, made a site folder: created when missing; refused when it holds files that are
    /// not a site this program wrote, or is inside the corpus's git folder or a series' folder.
    pub fn open(root: &Path, ws: &Workspace) -> Result<Self, Error> {
        let refuse = |problem: SiteProblem| Error::SiteFolder { path: root.to_path_buf(), problem };
        let io = |error: io::Error| Error::Write { path: root.to_path_buf(), error };
        let exists = match fs::metadata(root) {
            Ok(meta) if !meta.is_dir() => return Err(refuse(SiteProblem::NotAFolder)),
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(io(e)),
        };
        // Where the folder is (or will be), checked before anything is made.
        let existing = root.ancestors().find(|d| d.as_os_str().is_empty() || d.exists()).unwrap_or(root);
        let rest = root.strip_prefix(existing).unwrap_or(Path::new(""));
        let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
        let canonical = existing.canonicalize().map_err(io)?.join(rest);
        let corpus = ws.corpus().root();
        if let Ok(inside) = canonical.strip_prefix(corpus) {
            let first = inside.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
            let listing = ws.corpus().listing()?;
            match first.as_deref() {
                None => return Err(refuse(SiteProblem::Corpus)),
                Some(".git") => return Err(refuse(SiteProblem::InGit)),
                Some(name) if listing.series_names().contains(&name) => {
                    return Err(refuse(SiteProblem::InSeries(name.to_string())));
                }
                Some(_) => {}
            }
        }
        if !exists {
            fs::create_dir_all(root).map_err(io)?;
        }
        let manifest = root.join(MANIFEST);
        let before = match fs::read_to_string(&manifest) {
            Ok(text) => parse_manifest(&text).ok_or_else(|| refuse(SiteProblem::Manifest))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if fs::read_dir(root).map_err(io)?.next().is_some() {
                    return Err(refuse(SiteProblem::NotASite));
                }
                FxHashMap::default()
            }
            Err(e) => return Err(Error::Write { path: manifest, error: e }),
        };
        Ok(Self { root: root.to_path_buf(), before, pages: Vec::new(), written: 0 })
    }

    /// Puts page `path` (relative, `/`-separated, plain names) with `bytes`; true when it
    /// was written, false when the page there already has these bytes.
    pub fn put(&mut self, path: &str, bytes: &[u8]) -> Result<bool, Error> {
        let key = content_key_bytes(bytes);
        let file = self.checked(path)?;
        self.pages.push((path.to_string(), key));
        if self.before.get(path) == Some(&key)
            && fs::symlink_metadata(&file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        {
            return Ok(false);
        }
        // Pages are made again from the corpus at will: each is replaced whole (a reader never
        // sees half a page), and all are synced once, before the manifest names them.
        crate::files::write_replacing(&file, bytes)
            .map_err(|e| Error::Write { path: file.clone(), error: e.source })?;
        self.written += 1;
        Ok(true)
    }

    /// The file of page `path`, its folders made: each must be a plain folder of the site.
    fn checked(&self, path: &str) -> Result<PathBuf, Error> {
        let mut at = self.root.clone();
        let parts: Vec<&str> = path.split('/').collect();
        let bad = parts.iter().any(|p| p.is_empty() || *p == "." || *p == ".." || p.contains('\\'));
        assert!(!bad, "a site page's path is plain names: {path}");
        for folder in &parts[..parts.len() - 1] {
            at.push(folder);
            match fs::symlink_metadata(&at) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(Error::SiteFolder { path: at, problem: SiteProblem::NotPlain }),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    fs::create_dir(&at).map_err(|error| Error::Write { path: at.clone(), error })?;
                }
                Err(error) => return Err(Error::Write { path: at, error }),
            }
        }
        at.push(parts[parts.len() - 1]);
        if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_file()) {
            return Err(Error::SiteFolder { path: at, problem: SiteProblem::NotPlain });
        }
        Ok(at)
    }

    /// Removes the previous site's pages this one no longer has, and writes the manifest.
    pub fn finish(self) -> Result<SiteWritten, Error> {
        let kept: std::collections::HashSet<&str> = self.pages.iter().map(|(p, _)| p.as_str()).collect();
        let mut removed = 0;
        let mut gone: Vec<&String> = self.before.keys().filter(|p| !kept.contains(p.as_str())).collect();
        gone.sort();
        for page in gone {
            let Ok(file) = self.checked_existing(page) else { continue };
            if fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
                fs::remove_file(&file).map_err(|error| Error::Write { path: file.clone(), error })?;
                removed += 1;
                // Folders left empty go too; one holding anything else stays.
                let mut folder = file.parent();
                while let Some(f) = folder.filter(|f| *f != self.root) {
                    if fs::remove_dir(f).is_err() {
                        break;
                    }
                    folder = f.parent();
                }
            }
        }
        let mut text = format!("{MANIFEST_HEADER}\n");
        let mut bytes = 0;
        for (page, key) in &self.pages {
            text.push_str(&format!("{key:032x} {page}\n"));
            bytes += fs::symlink_metadata(self.root.join(page)).map_or(0, |m| m.len());
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if self.written > 0 {
            crate::files::FileSystems::open([self.root.as_path()])
                .and_then(|f| f.sync())
                .map_err(|e| Error::Write { path: e.path, error: e.source })?;
        }
        let manifest = self.root.join(MANIFEST);
        crate::files::write_durably(&manifest, text.as_bytes(), crate::files::Temporary::PerProcess, None)
            .map_err(|e| Error::Write { path: manifest, error: e.source })?;
        Ok(SiteWritten { pages: self.pages.len(), written: self.written, removed, bytes })
    }

    /// The file of a page the manifest names, if its path is plain names under plain folders.
    fn checked_existing(&self, path: &str) -> Result<PathBuf, ()> {
        let mut at = self.root.clone();
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() || *part == "." || *part == ".." || part.contains('\\') {
                return Err(());
            }
            at.push(part);
            let meta = fs::symlink_metadata(&at).map_err(|_| ())?;
            if (i + 1 < parts.len() && !meta.is_dir()) || meta.file_type().is_symlink() {
                return Err(());
            }
        }
        Ok(at)
    }
}

/// The content key of a page's bytes.
fn content_key_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The pages [`MANIFEST`] lists, or `None` when it is not one this version writes.
fn parse_manifest(text: &str) -> Option<FxHashMap<String, u128>> {
    let mut lines = text.lines();
    if lines.next()? != MANIFEST_HEADER {
        return None;
    }
    lines
        .map(|line| {
            let (key, page) = line.split_once(' ')?;
            Some((page.to_string(), u128::from_str_radix(key, 16).ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_refuses_what_it_did_not_write() {
        let text = format!("{MANIFEST_HEADER}\n{:032x} index.html\n{:032x} fomc/index.html\n", 7u128, 9u128);
        let pages = parse_manifest(&text).unwrap();
        assert_eq!((pages["index.html"], pages["fomc/index.html"]), (7, 9));
        assert!(parse_manifest("communique site 2\n").is_none());
        assert!(parse_manifest(&format!("{MANIFEST_HEADER}\nzz index.html\n")).is_none());
        assert!(parse_manifest(&format!("{MANIFEST_HEADER}\nnospace\n")).is_none());
    }
}
