//! A corpus as a website (`communique site`): what its pages show, gathered with the same
//! functions every other command answers with — `list` for a series' meetings, `themes` for
//! its timeline, `show` and `annotate --words` for a meeting, `report` for the change from one
//! meeting to the next. `render::site` writes the pages; [`SiteFolder`] puts them on disk,
//! rewriting only those whose bytes changed, and never touching a file it did not write.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::answers::{Timelined, Walk, compose};
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
    /// The walks along each series that changes were asked of, by series.
    walks: std::cell::RefCell<FxHashMap<String, Walk<'w>>>,
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

/// The keys of what pages are made from ([`Site::page_keys`]): per series shown, per meeting
/// in order, its page's and the page of the change into it.
#[derive(Clone, Debug, Default)]
pub struct PageKeys {
    /// The key of each meeting's page.
    pub meetings: Vec<Vec<u128>>,
    /// The key of the page of the change into each meeting (the first has none: unused).
    pub changes: Vec<Vec<u128>>,
}

impl PageKeys {
    /// The key of a part of a theme's page (at `path`) in series `s`, which holds the changes
    /// into the meetings at `changes`: what those changes' pages are made from (the corpus up
    /// to each, the settings, the program and the site's title), and where the part is.
    pub fn theme_part(&self, s: usize, path: &str, changes: impl IntoIterator<Item = usize>) -> u128 {
        let mut bytes = xxhash_rust::xxh3::xxh3_128(path.as_bytes()).to_le_bytes().to_vec();
        for at in changes {
            bytes.extend_from_slice(&self.changes[s][at].to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_128(&bytes)
    }
}

/// What the series' and themes' pages need of a change into a meeting: its counts, and per
/// theme it touched the sentences that entered, were edited and left. A site keeps it with
/// the change's page, so a page kept needs no report.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeSummary {
    /// Its counts.
    pub stats: crate::align::Stats,
    /// The themes it touched, in the settings' order.
    pub themes: Vec<ThemeTouched>,
}

/// A theme a change touched.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ThemeTouched {
    /// The theme's name.
    pub theme: String,
    /// The paragraphs touching it that changed.
    pub paragraphs: usize,
    /// Sentences naming it that entered.
    pub new_sentences: Vec<crate::themes::Sentence>,
    /// Sentences naming it edited.
    pub edited_sentences: Vec<crate::themes::Edited>,
    /// Sentences naming it that left.
    pub dropped_sentences: Vec<crate::themes::Sentence>,
}

impl ChangeSummary {
    /// What `report` says of the change that the series' and themes' pages show.
    pub fn of(report: &Report) -> Self {
        let themes = report
            .themes
            .iter()
            .map(|t| ThemeTouched {
                theme: t.theme.clone(),
                paragraphs: t.entries.len(),
                new_sentences: t.new_sentences.clone(),
                edited_sentences: t.edited_sentences.clone(),
                dropped_sentences: t.dropped_sentences.clone(),
            })
            .collect();
        Self { stats: report.summary.stats, themes }
    }
}

impl SeriesInfo {
    /// The change sizes of the series from the counts of the change into each meeting
    /// (`stats[i]` into `meetings[i]`; `None` where unknown): what its page charts, from the
    /// counts the site already holds rather than the series compared again.
    pub fn changes(&self, stats: &[Option<crate::align::Stats>]) -> super::Changes {
        let points: Vec<super::changes::Point> = self
            .meetings
            .iter()
            .map(|m| super::changes::Point {
                id: m.id.clone(),
                date: m.date,
                title: m.title.clone(),
                words: m.words,
            })
            .collect();
        super::Changes::build(&self.name, &points, stats, true)
    }
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
        let mut names: Vec<String> = if options.series.is_empty() {
            listing.series_names().into_iter().map(str::to_string).collect()
        } else {
            options.series.clone()
        };
        // Each once, in the order first given.
        let mut seen = std::collections::HashSet::new();
        names.retain(|name| seen.insert(name.clone()));
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
        Ok(Self {
            ws,
            listing,
            _keys: keys,
            walks: Default::default(),
            title,
            revision: corpus.revision()?,
            series,
        })
    }

    /// The corpus of `ws` read to make pages of meetings and changes only ([`Site::meeting`],
    /// [`Site::change`]): for a worker with a workspace of its own. Its `series` is empty.
    pub fn for_pages(ws: &'w Workspace) -> Result<Self, Error> {
        let corpus = ws.corpus();
        let listing = corpus.listing()?;
        let keys = corpus.remember_keys();
        Ok(Self {
            ws,
            listing,
            _keys: keys,
            walks: Default::default(),
            title: String::new(),
            revision: None,
            series: Vec::new(),
        })
    }

    /// The key of what each page of a meeting and of a change of the site's series is made
    /// from, `salt` (what the caller's pages depend on besides: the program, the site's title)
    /// folded in. A meeting's page shows it annotated against its series before it, and its
    /// neighbours; a change's page, its report, which also reads the themes and what the
    /// corpus's other series said before it. So:
    ///
    /// - every stored file is keyed whole (its front matter shows too);
    /// - a meeting's page: its series' files up to it, its neighbours' ids, the settings;
    /// - a change's page: the same, and every file of the corpus dated before it.
    pub fn page_keys(&self, salt: u128) -> Result<PageKeys, Error> {
        use crate::corpus::{Located, Version};
        use xxhash_rust::xxh3::xxh3_128;
        let corpus = self.ws.corpus();
        let settings = xxh3_128(&fs::read(corpus.config_path()).unwrap_or_default());
        let fold = |at: u128, id: &crate::corpus::MeetingId, key: u128| {
            let mut bytes = at.to_le_bytes().to_vec();
            bytes.extend_from_slice(id.to_string().as_bytes());
            bytes.extend_from_slice(&key.to_le_bytes());
            xxh3_128(&bytes)
        };
        let all = self.listing.all();
        let mut files: FxHashMap<&crate::corpus::MeetingId, u128> = FxHashMap::default();
        // before[k]: every file of the corpus before the k-th in date order.
        let mut before = Vec::with_capacity(all.len() + 1);
        before.push(0u128);
        for id in all {
            let text = corpus.read(&Located { id: id.clone(), version: Version::WorkTree })?;
            let key = xxh3_128(text.as_bytes());
            files.insert(id, key);
            before.push(fold(*before.last().expect("one at least"), id, key));
        }
        let key = |parts: &[u128]| {
            let bytes: Vec<u8> = parts.iter().flat_map(|p| p.to_le_bytes()).collect();
            xxh3_128(&bytes)
        };
        let name =
            |id: Option<&crate::corpus::MeetingId>| id.map_or(0, |id| xxh3_128(id.to_string().as_bytes()));
        let mut keys = PageKeys::default();
        for series in &self.series {
            let ids: Vec<&crate::corpus::MeetingId> = self.listing.series(&series.name).collect();
            let (mut meetings, mut changes) = (Vec::with_capacity(ids.len()), Vec::with_capacity(ids.len()));
            let mut chain = 0u128;
            for (i, id) in ids.iter().enumerate() {
                chain = fold(chain, id, files[id]);
                let (prev, next) = (i.checked_sub(1).map(|p| ids[p]), ids.get(i + 1).copied());
                let around = [salt, settings, chain, name(prev), name(next)];
                meetings.push(key(&[&[1], &around[..]].concat()));
                let earlier = before[all.partition_point(|m| m.date < id.date)];
                changes.push(key(&[&[2], &around[..], &[earlier]].concat()));
            }
            keys.meetings.push(meetings);
            keys.changes.push(changes);
        }
        Ok(keys)
    }

    /// The page of meeting `id`: `show` and `annotate --words`, along a walk of its series.
    pub fn meeting(&self, id: &str, progress: &mut dyn Progress) -> Result<MeetingView, Error> {
        let walks = self.walk(id, progress)?;
        let series = id.split_once('/').map_or(id, |(series, _)| series);
        let (document, annotation) = match walks.get(series) {
            Some(walk) => walk.annotate(self.ws, id)?,
            None => {
                let options = AnnotateOptions { words: true, ..AnnotateOptions::default() };
                (show(self.ws, id)?.document, annotate(self.ws, id, &options)?)
            }
        };
        let Annotation { meeting, paragraphs, words, .. } = annotation;
        Ok(MeetingView {
            info: MeetingInfo::of(&meeting.id, &document),
            provenance: Provenance { paragraphs, words: words.unwrap_or_default() },
        })
    }

    /// The walks, with one along the series of meeting `id` (made on first use).
    fn walk(
        &self,
        id: &str,
        progress: &mut dyn Progress,
    ) -> Result<std::cell::RefMut<'_, FxHashMap<String, Walk<'w>>>, Error> {
        let series = id.split_once('/').map_or(id, |(series, _)| series);
        let mut walks = self.walks.borrow_mut();
        if !walks.contains_key(series) && self.listing.series(series).next().is_some() {
            walks.insert(series.to_string(), Walk::of(self.ws.corpus(), &self.listing, series, progress)?);
        }
        Ok(walks)
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
        // Along a walk of the later meeting's series, made on first use.
        let walks = self.walk(new, progress)?;
        let series = new.split_once('/').map_or(new, |(series, _)| series);
        compose(self.ws, &self.listing, old, new, &[], generated, Timelined::No, walks.get(series), progress)
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
/// pages: each one's content key and size, the key of what it was made from, and what the
/// site's other pages need of it.
pub const MANIFEST: &str = ".communique-site";

/// The format [`MANIFEST`] names.
const MANIFEST_FORMAT: &str = "communique site 4";

/// The file of the changes' summaries ([`SiteFolder::reuse_change`]), beside [`MANIFEST`]: a
/// cache file (`corpus::cache`: framed, checksummed entries, a few new ones appended), keyed
/// by the input key of the change page each summary was made with. Apart from the manifest
/// because it is most of what a site keeps (200 MB of the changes' sentences at 24,000
/// meetings), which a run after `add` would otherwise parse and write again whole.
pub const SUMMARIES: &str = ".communique-site.summaries";

/// The kind of [`SUMMARIES`]: format 1 is [`encode_summary`]'s.
const SUMMARIES_KIND: crate::corpus::cache::Kind =
    crate::corpus::cache::Kind { name: "site summaries", format: 1 };

/// [`MANIFEST`]'s contents.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Manifest {
    format: String,
    pages: std::collections::BTreeMap<String, Entry>,
}

/// A page of [`Manifest`].
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Entry {
    /// The content key of its bytes, in hex.
    content: String,
    /// Its size in bytes.
    size: u64,
    /// The key of what it was made from ([`PageKeys`]), in hex, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input: Option<String>,
}

/// A change's summary as kept in [`SUMMARIES`]: its counts as JSON, then per theme its name
/// and its part as JSON, each after its `u32` length (a count first), so that a kept page's
/// counts and themes' names are read without its sentences, and a theme's page reads its own
/// part only.
fn encode_summary(summary: &ChangeSummary) -> Vec<u8> {
    use crate::corpus::cache::{put_count, put_text};
    let serializes = "a change's summary serializes";
    let mut out = Vec::new();
    put_text(&mut out, &serde_json::to_string(&summary.stats).expect(serializes));
    put_count(&mut out, summary.themes.len());
    for theme in &summary.themes {
        put_text(&mut out, &theme.theme);
        put_text(&mut out, &serde_json::to_string(theme).expect(serializes));
    }
    out
}

/// The parts of an [`encode_summary`] encoding: its counts' JSON and each theme's name and
/// JSON; `None` when the bytes are not one.
fn summary_parts(bytes: &[u8]) -> Option<(&str, Vec<(&str, &str)>)> {
    let mut reader = crate::corpus::cache::Reader::new(bytes);
    let stats = reader.text()?;
    let count = reader.u32()?;
    let mut themes = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        themes.push((reader.text()?, reader.text()?));
    }
    reader.rest().is_empty().then_some((stats, themes))
}

/// What the series' pages need of a change's summary: its counts and the themes it touched,
/// in the settings' order (a theme's page reads its part of the summary when it is made).
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryHead {
    /// Its counts.
    pub stats: crate::align::Stats,
    /// The themes it touched.
    pub themes: Vec<String>,
}

impl SummaryHead {
    /// The head of `summary`.
    pub fn of(summary: &ChangeSummary) -> Self {
        Self { stats: summary.stats, themes: summary.themes.iter().map(|t| t.theme.clone()).collect() }
    }

    /// The head of a summary kept in [`SUMMARIES`]; `None` when the bytes are not one.
    fn read(bytes: &[u8]) -> Option<Self> {
        let (stats, themes) = summary_parts(bytes)?;
        let stats = serde_json::from_str(stats).ok()?;
        Some(Self { stats, themes: themes.into_iter().map(|(name, _)| name.to_string()).collect() })
    }
}

/// A folder a site is written into, page by page.
///
/// - A new or empty folder becomes a site; a folder holding anything else but a site this
///   program wrote (its [`MANIFEST`]) is refused, so no file of the user's is replaced.
/// - A page made from what it was made from before ([`SiteFolder::reuse`]: the same key of
///   its inputs) is not made again; one whose bytes are those already written is not written
///   again ([`SiteFolder::put`] says whether it wrote): regenerating after `add` makes and
///   writes only what changed.
/// - Every folder on the way to a page must be a plain folder: a link is refused, so nothing
///   is written outside the site.
/// - Pages the previous site had and this one has not are removed at [`SiteFolder::finish`],
///   and the manifest written last: an interrupted run leaves the previous manifest, and the
///   next run rewrites what it finds different.
pub struct SiteFolder {
    root: PathBuf,
    /// What the previous run wrote.
    before: std::collections::BTreeMap<String, Entry>,
    /// What this run wrote or kept.
    pages: std::collections::BTreeMap<String, Entry>,
    /// How many pages this run wrote.
    written: usize,
    /// [`PENDING`], open for appending: each page written, before it is.
    log: fs::File,
    /// The changes' summaries the previous run kept ([`SUMMARIES`]).
    summaries: crate::corpus::cache::Cache,
    /// The summaries of the change pages this run made or kept, by the pages' input keys:
    /// those made, encoded; those kept, `None` (read from `summaries`).
    changes: FxHashMap<u128, Option<Vec<u8>>>,
}

/// The file that lists, while a site is written, each page about to be written (its content
/// key and path), so a run interrupted before its manifest is written leaves no page the next
/// run would trust or forget: they are made again or removed. Removed with the run's end.
const PENDING: &str = ".communique-site.pending";

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
        // No git folder, the corpus's or any other (a corpus may sit inside a repository).
        if canonical.components().any(|c| c.as_os_str() == ".git") {
            return Err(refuse(SiteProblem::InGit));
        }
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
        let mut before = match fs::read_to_string(&manifest) {
            Ok(text) => parse_manifest(&text).ok_or_else(|| refuse(SiteProblem::Manifest))?.pages,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // (A first run interrupted has left its pending pages, and no manifest yet.)
                if fs::read_dir(root).map_err(io)?.next().is_some() && !root.join(PENDING).is_file() {
                    return Err(refuse(SiteProblem::NotASite));
                }
                Default::default()
            }
            Err(e) => return Err(Error::Write { path: manifest, error: e }),
        };
        // Pages an interrupted run wrote after the manifest: made again by this run, or
        // removed as pages this site does not have. (Their input key is unknown.)
        let pending = root.join(PENDING);
        match fs::read_to_string(&pending) {
            Ok(text) => {
                for line in text.lines() {
                    let Some((content, page)) = line.split_once(' ') else { continue };
                    let hex = content.len() == 32 && content.bytes().all(|b| b.is_ascii_hexdigit());
                    if hex && !page.is_empty() {
                        let entry = Entry { content: content.to_string(), size: u64::MAX, input: None };
                        before.insert(page.to_string(), entry);
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::Write { path: pending, error: e }),
        }
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&pending)
            .map_err(|error| Error::Write { path: pending.clone(), error })?;
        let summaries = crate::corpus::cache::Cache::load(SUMMARIES_KIND, Some(root.join(SUMMARIES)));
        Ok(Self {
            root: root.to_path_buf(),
            before,
            pages: Default::default(),
            written: 0,
            log,
            summaries,
            changes: FxHashMap::default(),
        })
    }

    /// Puts page `path` (relative, `/`-separated, plain names) with `bytes`; true when it
    /// was written, false when the page there already has these bytes.
    pub fn put(&mut self, path: &str, bytes: &[u8]) -> Result<bool, Error> {
        self.put_made(path, bytes, None, None)
    }

    /// [`SiteFolder::put`] of a page made from inputs of key `input` ([`PageKeys`]), with
    /// `data` for the pages made from it, which [`SiteFolder::reuse`] gives back.
    pub fn put_made(
        &mut self,
        path: &str,
        bytes: &[u8],
        input: Option<u128>,
        data: Option<&ChangeSummary>,
    ) -> Result<bool, Error> {
        if let (Some(summary), Some(input)) = (data, input) {
            self.changes.insert(input, Some(encode_summary(summary)));
        }
        let content = format!("{:032x}", content_key_bytes(bytes));
        let file = self.checked(path)?;
        let size = bytes.len() as u64;
        let input = input.map(|k| format!("{k:032x}"));
        let previous = self.before.get(path);
        let same = previous.is_some_and(|e| e.content == content)
            && fs::symlink_metadata(&file).is_ok_and(|m| m.is_file() && m.len() == size)
            && fs::read(&file).is_ok_and(|on_disk| on_disk == bytes);
        // A file there that this program did not write (the manifest does not list it, or its
        // bytes are not what was written) is the user's: never replaced.
        if !same && fs::symlink_metadata(&file).is_ok() && !self.ours(path, &file) {
            return Err(Error::SiteFolder { path: file, problem: SiteProblem::NotOurs });
        }
        self.pages.insert(path.to_string(), Entry { content: content.clone(), size, input });
        if same {
            return Ok(false);
        }
        {
            use std::io::Write as _;
            writeln!(self.log, "{content} {path}")
                .map_err(|error| Error::Write { path: self.root.join(PENDING), error })?;
        }
        // Pages are made again from the corpus at will: each is replaced whole (a reader never
        // sees half a page), and all are synced once, before the manifest names them.
        crate::files::write_replacing(&file, bytes)
            .map_err(|e| Error::Write { path: file.clone(), error: e.source })?;
        self.written += 1;
        Ok(true)
    }

    /// Whether `file`, page `path`, is a page this program wrote: listed, with the bytes it
    /// wrote (for a page an interrupted run wrote, the bytes logged).
    fn ours(&self, path: &str, file: &Path) -> bool {
        let Some(entry) = self.before.get(path) else { return false };
        fs::read(file).is_ok_and(|bytes| format!("{:032x}", content_key_bytes(&bytes)) == entry.content)
    }

    /// Keeps page `path` as the previous run made it when that was from inputs of key `input`
    /// and the file is still the size it wrote; false when the page must be made again.
    pub fn reuse(&mut self, path: &str, input: u128) -> bool {
        let Some(entry) = self.before.get(path) else { return false };
        if entry.input.as_deref() != Some(format!("{input:032x}").as_str()) {
            return false;
        }
        let Ok(file) = self.checked_existing(path) else { return false };
        if !fs::symlink_metadata(&file).is_ok_and(|m| m.is_file() && m.len() == entry.size) {
            return false;
        }
        let entry = self.before.remove(path).expect("looked up above");
        self.pages.insert(path.to_string(), entry);
        true
    }

    /// [`SiteFolder::reuse`] of a change's page, whose summary must be kept too: the head of
    /// that summary, or `None` when the page must be made again.
    pub fn reuse_change(&mut self, path: &str, input: u128) -> Option<SummaryHead> {
        let head = SummaryHead::read(self.summaries.get(input)?)?;
        self.reuse(path, input).then(|| {
            self.changes.insert(input, None);
            head
        })
    }

    /// What the summary of the change page made or kept this run from inputs of key `input`
    /// says of theme `theme`, the `part`th theme it lists: `None` when there is no such page,
    /// its summary does not read back or that part is not the theme. Only that part is read
    /// whole.
    pub fn theme_touched(&self, input: u128, theme: &str, part: usize) -> Option<ThemeTouched> {
        let bytes = match self.changes.get(&input)? {
            Some(made) => made.as_slice(),
            None => self.summaries.get(input)?,
        };
        let (_, themes) = summary_parts(bytes)?;
        let (name, json) = themes.get(part)?;
        let touched: ThemeTouched = serde_json::from_str(json).ok()?;
        (*name == theme && touched.theme == theme).then_some(touched)
    }

    /// The pages put or kept so far, in order.
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
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
        let mut removed = 0;
        // (Pages kept were taken out of `before`.)
        let gone: Vec<&String> = self.before.keys().filter(|p| !self.pages.contains_key(*p)).collect();
        for page in gone {
            let Ok(file) = self.checked_existing(page) else { continue };
            // Only a page with the bytes written: a file put there since is the user's.
            if fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) && self.ours(page, &file) {
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
        let bytes = self.pages.values().map(|e| e.size).sum();
        let pages = self.pages.len();
        let manifest = Manifest { format: MANIFEST_FORMAT.to_string(), pages: self.pages };
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if self.written > 0 {
            crate::files::FileSystems::open([self.root.as_path()])
                .and_then(|f| f.sync())
                .map_err(|e| Error::Write { path: e.path, error: e.source })?;
        }
        // The summaries before the manifest that names their pages: those kept as they were,
        // those made added (appended, when none is dropped).
        let summaries: Vec<(u128, &[u8])> = self
            .changes
            .iter()
            .filter_map(|(key, made)| Some((*key, made.as_deref().or_else(|| self.summaries.get(*key))?)))
            .collect();
        self.summaries.store(&summaries);
        let file = self.root.join(MANIFEST);
        // Written as it is serialized.
        crate::files::write_durably_with(&file, crate::files::Temporary::PerProcess, None, |out| {
            let mut out = io::BufWriter::new(out);
            serde_json::to_writer(&mut out, &manifest).map_err(io::Error::from)?;
            io::Write::flush(&mut out)
        })
        .map_err(|e| Error::Write { path: file, error: e.source })?;
        let pending = self.root.join(PENDING);
        fs::remove_file(&pending).map_err(|error| Error::Write { path: pending, error })?;
        Ok(SiteWritten { pages, written: self.written, removed, bytes })
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

/// What [`MANIFEST`] says, or `None` when it is not one this version writes.
///
/// An earlier version's manifest ([`OLDER_FORMATS`]) is read for its pages and their bytes
/// only, without what they were made from: every page is made again, and the files of its
/// pages are known as this program's, to be replaced or removed.
fn parse_manifest(text: &str) -> Option<Manifest> {
    let mut manifest: Manifest = serde_json::from_str(text).ok()?;
    let hex = |k: &str| k.len() == 32 && k.bytes().all(|b| b.is_ascii_hexdigit());
    let known = manifest.format == MANIFEST_FORMAT || OLDER_FORMATS.contains(&manifest.format.as_str());
    let sound =
        known && manifest.pages.values().all(|e| hex(&e.content) && e.input.as_deref().is_none_or(hex));
    if manifest.format != MANIFEST_FORMAT {
        manifest.format = MANIFEST_FORMAT.to_string();
        manifest.pages.values_mut().for_each(|entry| entry.input = None);
    }
    sound.then_some(manifest)
}

/// The formats of [`MANIFEST`] earlier versions wrote (their pages listed as now, with more
/// fields, which are ignored).
const OLDER_FORMATS: [&str; 3] = ["communique site 1", "communique site 2", "communique site 3"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_refuses_what_it_did_not_write() {
        let key = format!("{:032x}", 7u128);
        let text = format!(
            r#"{{"format":"{MANIFEST_FORMAT}","pages":{{"index.html":{{"content":"{key}","size":3}},"a/b.html":{{"content":"{key}","size":4,"input":"{key}"}}}}}}"#
        );
        let manifest = parse_manifest(&text).unwrap();
        assert_eq!(manifest.pages["a/b.html"].size, 4);
        assert_eq!(manifest.pages["a/b.html"].input.as_deref(), Some(key.as_str()));
        let again = parse_manifest(&serde_json::to_string(&manifest).unwrap()).unwrap();
        assert_eq!(again.pages["a/b.html"].input, manifest.pages["a/b.html"].input);
        assert_eq!(again.pages.keys().collect::<Vec<_>>(), ["a/b.html", "index.html"]);
        // An earlier version's: its pages, made from nothing known (all made again).
        let older = text
            .replace(MANIFEST_FORMAT, "communique site 2")
            .replace(r#""size":4"#, r#""size":4,"data":{"stats":{}}"#);
        let manifest = parse_manifest(&older).unwrap();
        assert_eq!((manifest.pages["a/b.html"].size, manifest.pages["a/b.html"].input.as_ref()), (4, None));
        assert_eq!(manifest.format, MANIFEST_FORMAT);
        assert!(parse_manifest(&text.replace(MANIFEST_FORMAT, "communique site 5")).is_none());
        assert!(parse_manifest(&text.replacen(&key, "zz", 1)).is_none());
        assert!(parse_manifest("communique site 1\n").is_none());
    }

    #[test]
    fn a_summary_kept_reads_back_its_head_and_each_part_alone() {
        let sentence = |text: &str| crate::themes::Sentence { paragraph: 2, text: text.to_string() };
        let touched = |theme: &str, text: &str| ThemeTouched {
            theme: theme.to_string(),
            paragraphs: 1,
            new_sentences: vec![sentence(text)],
            edited_sentences: Vec::new(),
            dropped_sentences: vec![sentence("Gone \"quoted\" <b>.")],
        };
        let summary = ChangeSummary {
            stats: crate::align::Stats { unchanged: 3, ..Default::default() },
            themes: vec![touched("inflation", "Prices rose."), touched("labor", "Jobs \u{202e}grew.")],
        };
        let bytes = encode_summary(&summary);
        assert_eq!(SummaryHead::read(&bytes), Some(SummaryHead::of(&summary)));
        let (_, parts) = summary_parts(&bytes).unwrap();
        for ((name, json), theme) in parts.iter().zip(&summary.themes) {
            assert_eq!(
                (*name, &serde_json::from_str::<ThemeTouched>(json).unwrap()),
                (theme.theme.as_str(), theme)
            );
        }
        for cut in 0..bytes.len() {
            assert_eq!(SummaryHead::read(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(summary_parts(&longer), None);
    }
}
