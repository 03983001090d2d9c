//! One function per question.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::index::Indexes;
use super::origins::{self, History};
use super::report::{self as model, Inputs, MeetingInfo, Report};
use super::sides::read;
use super::{Error, Input, Progress, Workspace};
use crate::align::{self, Side};
use crate::corpus::{
    Added, CommitInfo, Corpus, CorpusError, Listing, Located, MeetingId, Source, Summary, Version,
};
use crate::document::import::{Dropped, MetaFlags, Note, date_in_file_name};
use crate::document::{Document, Meeting};
use crate::lineage::{self, Annotation, Appearance, BeforeWindow, Blame, Hit, MeetingRef, Phrase, Prints};
use crate::text::hash::FxHashMap;
use crate::themes::{self, Comparison, Matcher, Theme, ThemedDiff, Timeline};

/// Below this share of words in common, a sentence is new rather than reworded: the default
/// of `annotate`, and what a report uses.
pub const MIN_SIMILARITY: f64 = 0.5;

/// Words of context either side of a `grep` hit, by default.
pub const GREP_CONTEXT: usize = 8;

/// The meetings of the corpus (of one series), in date order.
pub fn list(ws: &Workspace, series: Option<&str>) -> Result<Vec<Summary>, Error> {
    let corpus = ws.corpus();
    let ids = corpus.listing()?.select(series, None, None)?;
    Ok(corpus.summaries(&ids)?)
}

/// A meeting as `show` prints it: its id, its text, and each paragraph's sentences and size.
#[derive(Clone, Debug)]
pub struct Shown {
    /// The meeting's id.
    pub id: String,
    /// Its text.
    pub document: Document,
    /// Per paragraph, in order: where its sentences are in the text, and its word tokens.
    pub paragraphs: Vec<ShownParagraph>,
}

/// One paragraph of a [`Shown`] meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownParagraph {
    /// Its sentences, as spans of the document's text (without trailing whitespace).
    pub sentences: Vec<crate::document::Span>,
    /// How many word tokens it has.
    pub words: usize,
}

impl Shown {
    /// The meeting `id` with text `document`, segmented.
    pub fn of(id: String, document: Document) -> Self {
        let paragraphs = document
            .paragraphs()
            .iter()
            .map(|p| {
                let sentences = p.sentences(&document);
                ShownParagraph {
                    // Without their trailing whitespace, as `Sentence::text` reads them.
                    sentences: sentences
                        .iter()
                        .map(|s| {
                            crate::document::Span::new(s.span.start, s.span.start + s.text(&document).len())
                        })
                        .collect(),
                    words: sentences.iter().map(|s| s.words.len()).sum(),
                }
            })
            .collect();
        Self { id, document, paragraphs }
    }
}

/// A meeting, segmented into sentences.
pub fn show(ws: &Workspace, reference: &str) -> Result<Shown, Error> {
    let corpus = ws.corpus();
    let located = corpus.locate(reference)?;
    let document = corpus.load(&located)?;
    Ok(Shown::of(located.id.to_string(), document))
}

/// The corpus history, or one meeting's.
pub fn log(
    ws: &Workspace,
    reference: Option<&str>,
    max_count: Option<usize>,
) -> Result<Vec<CommitInfo>, Error> {
    let corpus = ws.corpus();
    let Some(reference) = reference else { return Ok(corpus.history(None, max_count)?) };
    match corpus.locate(reference) {
        Ok(meeting) => Ok(corpus.history(Some(&meeting.id), max_count)?),
        Err(error) => {
            // A meeting removed since is named by its id, and its history is still there (as
            // `git log -- PATH` follows a deleted path).
            let removed = MeetingId::from_path(&format!("{}.md", reference.trim_end_matches(".md")));
            let history = match &removed {
                Some(id) => corpus.history(Some(id), max_count)?,
                None => Vec::new(),
            };
            if history.is_empty() { Err(error.into()) } else { Ok(history) }
        }
    }
}

/// What `diff` is asked.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// The engine's settings.
    pub align: align::Options,
    /// Themes to keep entries of (all entries when empty).
    pub themes: Vec<String>,
    /// Files imported without clean-up.
    pub raw: bool,
    /// The largest file read.
    pub max_size: u64,
    /// Paragraphs that differ in typography only are shown as unchanged.
    pub ignore_typography: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self {
            align: align::Options::default(),
            themes: Vec::new(),
            raw: false,
            ignore_typography: false,
            max_size: crate::files::DEFAULT_MAX_SIZE,
        }
    }
}

/// The answer to `diff`.
#[derive(Clone, Debug)]
pub struct DiffAnswer {
    /// The comparison, entries tagged with themes (and those asked for highlighted).
    pub diff: ThemedDiff,
    /// What importing the files compared did.
    pub notes: Vec<(String, Note)>,
    /// Themes asked for that are defined for other series than the later meeting's: each
    /// name, with the series it is for.
    pub foreign_themes: Vec<(String, Vec<String>)>,
}

/// Compares two meetings or files. Themes come from the corpus the meetings came from; files
/// are compared without one unless themes are asked for (see [`diff_documents`]).
pub fn diff<'w>(
    old: &Input,
    new: &Input,
    options: &DiffOptions,
    open: &dyn Fn() -> Result<&'w Workspace, Error>,
) -> Result<DiffAnswer, Error> {
    let old = old.open(open, options.raw, options.max_size)?;
    let new = new.open(open, options.raw, options.max_size)?;
    // A corpus opened only to rule out a reference named like a file has no say over files.
    let ws = if old.from_corpus || new.from_corpus {
        Some(open()?)
    } else if !options.themes.is_empty() {
        Some(open().map_err(|e| Error::ThemesNeedCorpus(Box::new(e)))?)
    } else {
        None
    };
    let mut notes = old.notes;
    notes.extend(new.notes);
    let series = new.document.meta.series.clone();
    let mut diff = diff_documents((&old.document, old.side), (&new.document, new.side), options, ws)?;
    // Watched phrases are the corpus's, for its meetings: a file has no series to watch.
    if let Some(ws) = ws.filter(|_| old.from_corpus && new.from_corpus) {
        diff.watched = super::signals::watched(ws, &old.document, &new.document)?;
    }
    // (Asked themes exist: `diff_documents` refused an unknown one.)
    let foreign_themes = ws
        .map(|ws| {
            ws.themes()
                .iter()
                .filter(|t| options.themes.contains(&t.name) && !t.applies_to(&series))
                .map(|t| (t.name.clone(), t.series.clone()))
                .collect()
        })
        .unwrap_or_default();
    Ok(DiffAnswer { diff, notes, foreign_themes })
}

/// Compares two documents held in memory (each with how the diff names it), with the themes
/// of `ws` when given: entries name the themes of the new side's series they touch, and those
/// of `options.themes` even if defined for other series; with `options.themes`, only the
/// entries touching them are kept and their mentions highlighted.
pub fn diff_documents(
    (old, old_side): (&Document, Side),
    (new, new_side): (&Document, Side),
    options: &DiffOptions,
    ws: Option<&Workspace>,
) -> Result<ThemedDiff, Error> {
    let engine = align::diff(old, new, old_side, new_side, &options.align);
    let series = &new.meta.series;
    let asked = match ws {
        Some(ws) if !options.themes.is_empty() => select_themes(ws, series, &options.themes)?,
        _ => Vec::new(),
    };
    let mut all = ws.map(|ws| ws.themes_for(series)).unwrap_or_default();
    all.extend(asked.iter().filter(|a| !all.iter().any(|t| t.name == a.name)).copied().collect::<Vec<_>>());
    let mut diff = ThemedDiff::tag(engine, &Matcher::new(&all));
    if options.ignore_typography {
        diff.ignore_typography();
    }
    if !asked.is_empty() {
        diff.keep(&asked.iter().map(|t| t.name.clone()).collect::<Vec<_>>());
        diff.highlight(&Matcher::new(&asked));
    }
    diff.find_figures();
    Ok(diff)
}

/// The themes named by `names` (all those of `series` when none), checked against the corpus.
pub fn select_themes<'w>(ws: &'w Workspace, series: &str, names: &[String]) -> Result<Vec<&'w Theme>, Error> {
    let file = ws.corpus().root().join(crate::corpus::config::FILE_NAME);
    if ws.themes().is_empty() {
        return Err(Error::NoThemes { file });
    }
    if names.is_empty() {
        let themes = ws.themes_for(series);
        if themes.is_empty() {
            return Err(Error::NoThemeForSeries { file, series: series.to_string() });
        }
        return Ok(themes);
    }
    let mut selected: Vec<&Theme> = Vec::new();
    for name in names {
        // The name as written, else the only one equal to it but for case.
        let folded: Vec<&Theme> = ws.themes().iter().filter(|t| t.name.eq_ignore_ascii_case(name)).collect();
        let exact = ws.themes().iter().find(|t| t.name == *name);
        let theme = exact.or(if let [one] = folded[..] { Some(one) } else { None }).ok_or_else(|| {
            let known: Vec<String> = ws.themes().iter().map(|t| t.name.clone()).collect();
            let closest = known
                .iter()
                .map(|k| (strsim::jaro_winkler(k, name), k))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k.clone());
            Error::UnknownTheme { name: name.clone(), file: file.clone(), known, closest }
        })?;
        if !selected.iter().any(|t| t.name == theme.name) {
            selected.push(theme);
        }
    }
    Ok(selected)
}

/// The meetings of `ids`, read with progress.
pub(super) fn read_meetings(
    corpus: &Corpus,
    ids: &[MeetingId],
    progress: &mut dyn Progress,
) -> Result<Vec<Meeting>, Error> {
    progress.start(ids.len(), "reading");
    let meetings = corpus.meetings_each(ids, &mut || progress.step());
    progress.finish();
    Ok(meetings?)
}

/// A dated window of a series: which meetings a question reads.
#[derive(Clone, Debug, Default)]
pub struct Window {
    /// One series, or all.
    pub series: Option<String>,
    /// From this date.
    pub since: Option<NaiveDate>,
    /// To this date.
    pub until: Option<NaiveDate>,
}

/// Where a phrase first appeared and every meeting that has it; with `fuzzy`, its near
/// variants too.
pub fn blame(
    ws: &Workspace,
    phrase: &str,
    window: &Window,
    fuzzy: bool,
    progress: &mut dyn Progress,
) -> Result<Blame, Error> {
    let parsed = Phrase::parse(phrase).ok_or_else(|| Error::NoWord(phrase.to_string()))?;
    let corpus = ws.corpus();
    let listing = corpus.listing()?;
    let ids = listing.select(window.series.as_deref(), window.since, window.until)?;
    let before = match window.since.map(|since| since.pred_opt()) {
        Some(Some(eve)) => listing.select(window.series.as_deref(), None, Some(eve))?,
        _ => Vec::new(),
    };
    // Near variants are looked for in every meeting's text: they are not in the index.
    if !fuzzy
        && let Some(answer) = blame_indexed(corpus, &listing, &parsed, (&ids, &before), window, progress)
    {
        return Ok(answer);
    }
    let meetings = read_meetings(corpus, &ids, progress)?;
    let mut answer = lineage::blame(&parsed, &meetings);
    if fuzzy {
        answer.variants = Some(lineage::variants(&parsed, &meetings, 10));
    }
    if let Some(since) = window.since {
        answer.before_window =
            Some(BeforeWindow { since, first: first_appearance(corpus, &parsed, &before, progress)? });
    }
    Ok(answer)
}

/// `blame` of the meetings `ids`, and of `before` the window when it starts at a date, answered
/// from the word index; `None` when the index cannot answer (the meetings are then read).
fn blame_indexed(
    corpus: &Corpus,
    listing: &Listing,
    phrase: &Phrase,
    (ids, before): (&[MeetingId], &[MeetingId]),
    window: &Window,
    progress: &mut dyn Progress,
) -> Option<Blame> {
    let all: Vec<MeetingId> = ids.iter().chain(before).cloned().collect();
    let indexes = Indexes::of(corpus, listing, &all, progress)?;
    let answer = (|| {
        let mut answer = Blame::from_found(phrase, indexes.blame(phrase, ids, false)?);
        if let Some(since) = window.since {
            let first = indexes.blame(phrase, before, true)?.into_iter().find_map(|(_, found)| found);
            answer.before_window = Some(BeforeWindow { since, first });
        }
        Ok::<_, lineage::index::Damaged>(answer)
    })();
    answer.inspect_err(|_| indexes.discard_damaged()).ok()
}

/// The earliest of the meetings `ids` (in date order) that has `phrase`: read a batch at a
/// time, from the oldest, until one has it.
pub(super) fn first_appearance(
    corpus: &Corpus,
    phrase: &Phrase,
    ids: &[MeetingId],
    progress: &mut dyn Progress,
) -> Result<Option<Appearance>, Error> {
    const BATCH: usize = 64;
    progress.start(ids.len(), "reading");
    for batch in ids.chunks(BATCH) {
        let meetings = corpus.meetings_each(batch, &mut || progress.step())?;
        if let Some(first) = lineage::blame(phrase, &meetings).first {
            progress.finish();
            return Ok(Some(first));
        }
    }
    progress.finish();
    Ok(None)
}

/// Keyword in context across the corpus (or one series).
pub fn grep(
    ws: &Workspace,
    pattern: &str,
    series: Option<&str>,
    context: usize,
    progress: &mut dyn Progress,
) -> Result<Vec<Hit>, Error> {
    let phrase = Phrase::parse(pattern).ok_or_else(|| Error::NoWord(pattern.to_string()))?;
    let corpus = ws.corpus();
    let listing = corpus.listing()?;
    let ids = listing.select(series, None, None)?;
    if let Some(indexes) = Indexes::of(corpus, &listing, &ids, progress) {
        match indexes.grep(&phrase, &ids, context) {
            Ok(hits) => return Ok(hits),
            Err(_) => indexes.discard_damaged(),
        }
    }
    Ok(lineage::grep(&phrase, &read_meetings(corpus, &ids, progress)?, context))
}

/// What `annotate` is asked for.
#[derive(Clone, Copy, Debug)]
pub struct AnnotateOptions {
    /// Least word similarity for a sentence to count as an edit of an earlier one.
    pub min_similarity: f64,
    /// Also the origin of every word token.
    pub words: bool,
    /// Also look in the other series for language that appeared there first.
    pub across: bool,
    /// Date the sentences (what is shown of words alone does not need them).
    pub sentences: bool,
}

impl Default for AnnotateOptions {
    fn default() -> Self {
        Self { min_similarity: MIN_SIMILARITY, words: false, across: false, sentences: true }
    }
}

/// Every sentence of a meeting dated to the meeting where it first appeared; with
/// `options.words`, every word too.
pub fn annotate(ws: &Workspace, reference: &str, options: &AnnotateOptions) -> Result<Annotation, Error> {
    let corpus = ws.corpus();
    let located = corpus.locate(reference)?;
    if located.version != Version::WorkTree {
        return Err(Error::AnnotateRevision);
    }
    let (doc, key) = corpus.load_keyed(&located)?;
    let listing = corpus.listing()?;
    let history = History::before(corpus, &listing, &located.id)?;
    let target = meeting_ref(&located.id, &doc);
    let n = history.len();
    let mut annotation = if options.sentences {
        history.annotation(n, target, &doc, key, options.min_similarity)?
    } else {
        Annotation {
            schema: lineage::ANNOTATE_SCHEMA.to_string(),
            meeting: target,
            sentences: Vec::new(),
            paragraphs: Vec::new(),
            words: None,
        }
    };
    if options.across && options.sentences {
        let others = elsewhere(corpus, &listing, &located.id.series, doc.meta.date)?;
        borrow(&others, &doc, &mut annotation, options.min_similarity);
    }
    if options.words {
        history.words(n, &mut annotation, &doc, key)?;
    }
    Ok(annotation)
}

/// The meetings of every series but `series` dated before `until`, with their prints, in
/// date order: where [`borrow`] looks for language another body used first.
fn elsewhere(
    corpus: &Corpus,
    listing: &Listing,
    series: &str,
    until: NaiveDate,
) -> Result<Vec<(MeetingRef, String, Prints)>, Error> {
    let mut meetings: Vec<(MeetingRef, String, Prints)> = Vec::new();
    for other in listing.series_names() {
        if other == series {
            continue;
        }
        let ids: Vec<MeetingId> = listing.series(other).filter(|m| m.date < until).cloned().collect();
        let keys = corpus.body_keys(&ids)?;
        for (m, p) in ids.iter().zip(origins::prints(corpus, &ids, &keys)?.0) {
            meetings.push((MeetingRef { id: m.to_string(), date: m.date }, other.to_string(), p));
        }
    }
    meetings.sort_by(|a, b| (a.0.date, &a.0.id).cmp(&(b.0.date, &b.0.id)));
    Ok(meetings)
}

/// Dates the sentences of `annotation` (text `doc`) to the meetings of `others` (from
/// [`elsewhere`]) dated before it where their language appeared first ([`lineage::borrowed`]).
fn borrow(
    others: &[(MeetingRef, String, Prints)],
    doc: &Document,
    annotation: &mut Annotation,
    min_similarity: f64,
) {
    let elsewhere: Vec<lineage::Elsewhere<'_>> = others
        .iter()
        .take_while(|(meeting, _, _)| meeting.date < doc.meta.date)
        .map(|(meeting, series, prints)| lineage::Elsewhere { meeting, series, prints })
        .collect();
    let own = Prints::of(doc.paragraph_texts(), &mut lineage::Memo::default());
    lineage::borrowed(annotation, &own, &elsewhere, min_similarity);
}

/// A meeting as annotations name it.
fn meeting_ref(id: &MeetingId, doc: &Document) -> MeetingRef {
    MeetingRef { id: id.to_string(), date: doc.meta.date }
}

/// The theme timeline of a series (the only one when the corpus has one).
pub fn themes(
    ws: &Workspace,
    window: &Window,
    names: &[String],
    progress: &mut dyn Progress,
) -> Result<ThemesAnswer, Error> {
    let corpus = ws.corpus();
    let listing = corpus.listing()?;
    let series = one_series(&listing, window)?;
    let ids = listing.select(Some(&series), window.since, window.until)?;
    let selected = select_themes(ws, &series, names)?;
    let indexed = Indexes::of(corpus, &listing, &ids, progress).and_then(|indexes| {
        indexes.timeline(&selected, &ids).inspect_err(|_| indexes.discard_damaged()).ok()
    });
    let timeline = match indexed {
        Some(timeline) => timeline,
        None => themes::timeline(&Matcher::new(&selected), &read_meetings(corpus, &ids, progress)?),
    };
    Ok(ThemesAnswer { series, timeline, themes: selected.into_iter().cloned().collect() })
}

/// The series of `window`, else the only one of the corpus: a corpus of several needs one
/// named (`themes`, `changes`).
pub(super) fn one_series(listing: &Listing, window: &Window) -> Result<String, Error> {
    Ok(match &window.series {
        Some(series) => series.clone(),
        None => match listing.series_names().as_slice() {
            [one] => one.to_string(),
            [] => return Err(Error::NoMeetings),
            many => return Err(Error::ManySeries(many.iter().map(|s| s.to_string()).collect())),
        },
    })
}

/// The answer to `themes` over a series.
#[derive(Clone, Debug)]
pub struct ThemesAnswer {
    /// The series.
    pub series: String,
    /// Its timeline.
    pub timeline: Timeline,
    /// The themes shown, in order.
    pub themes: Vec<Theme>,
}

/// Two meetings compared theme by theme.
pub fn compare_themes(ws: &Workspace, old: &str, new: &str, names: &[String]) -> Result<Comparison, Error> {
    let corpus = ws.corpus();
    let (old, new) = (corpus.locate(old)?, corpus.locate(new)?);
    let (old_doc, new_doc) = (corpus.load(&old)?, corpus.load(&new)?);
    let selected = select_themes(ws, &new.id.series, names)?;
    let diff = engine_diff(&old, &old_doc, &new, &new_doc);
    Ok(themes::compare(&Matcher::new(&selected), &old_doc, &new_doc, &diff))
}

/// Two meetings of the corpus compared with the engine's defaults.
fn engine_diff(old: &Located, old_doc: &Document, new: &Located, new_doc: &Document) -> align::Diff {
    align::diff(
        old_doc,
        new_doc,
        Side::of(old.id.to_string(), old_doc),
        Side::of(new.id.to_string(), new_doc),
        &align::Options::default(),
    )
}

/// From this many meetings in the corpus, `report` finds the corpus's revision on another
/// thread: 155 → 106 ms at 24,000 meetings; at 240, the thread cost more than it saved.
const REVISION_MEANWHILE: usize = 2_000;

/// A change report: the diff, the themes, where each sentence comes from, and the history of
/// new and dropped phrases across the series. `generated` is the report's date.
pub fn report(
    ws: &Workspace,
    old: &str,
    new: &str,
    names: &[String],
    generated: NaiveDate,
    progress: &mut dyn Progress,
) -> Result<Report, Error> {
    let corpus = ws.corpus();
    let listing = corpus.listing()?;
    // The corpus's revision (whether any file differs from HEAD: libgit2 looks at every one)
    // is found on another thread while a report of a large corpus is made.
    let revision =
        (listing.all().len() >= REVISION_MEANWHILE).then(|| corpus.revision_meanwhile()).transpose()?;
    // The series' body keys are asked for twice (origins, then the word index): once is enough.
    let _keys = corpus.remember_keys();
    let mut report = compose(ws, &listing, old, new, names, generated, Timelined::Yes, None, progress)?;
    report.corpus = match revision {
        Some(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
        None => corpus.revision()?,
    };
    Ok(report)
}

/// A walk along one series (a site's change pages): its meetings with their body keys and
/// chain ([`History`]), its word index and each indexed paragraph's earliest meeting, read
/// once for every change of the series instead of once per change (which made a site of a
/// series quadratic in its length).
pub(super) struct Walk<'c> {
    history: History<'c>,
    /// `None` when the index cannot answer: each change then reads the meetings before it.
    indexes: Option<(Indexes, super::index::Places)>,
}

impl<'c> Walk<'c> {
    /// A walk along `series` of the work tree.
    pub(super) fn of(
        corpus: &'c Corpus,
        listing: &Listing,
        series: &str,
        progress: &mut dyn Progress,
    ) -> Result<Self, Error> {
        let history = History::of_series(corpus, listing, series)?;
        let indexes = Indexes::of(corpus, listing, history.ids(), progress).and_then(|indexes| match indexes
            .places(history.ids())
        {
            Ok(places) => Some((indexes, places)),
            Err(_) => {
                indexes.discard_damaged();
                None
            }
        });
        Ok(Self { history, indexes })
    }
}

impl Walk<'_> {
    /// `annotate --words` of meeting `reference` of the work tree (not across series), and
    /// its text: along the walk when the meeting is one of its series', as [`annotate`] would
    /// answer.
    pub(super) fn annotate(&self, ws: &Workspace, reference: &str) -> Result<(Document, Annotation), Error> {
        let corpus = ws.corpus();
        let located = corpus.locate(reference)?;
        if located.version != Version::WorkTree {
            return Err(Error::AnnotateRevision);
        }
        let (doc, key) = corpus.load_keyed(&located)?;
        let target = meeting_ref(&located.id, &doc);
        let annotation = match self.history.position(&located.id) {
            Some(n) => {
                let mut annotation = self.history.annotation(n, target, &doc, key, MIN_SIMILARITY)?;
                self.history.words(n, &mut annotation, &doc, key)?;
                annotation
            }
            None => annotate(ws, reference, &AnnotateOptions { words: true, ..AnnotateOptions::default() })?,
        };
        Ok((doc, annotation))
    }
}

/// Whether a report draws its series' theme timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Timelined {
    /// With the timeline of the series up to the later meeting.
    Yes,
    /// Without (a site draws it once per series).
    No,
}

/// [`report`] of `old` and `new` over `listing`, without the corpus's revision (the caller
/// finds it once, and keeps the body keys for as long as it asks).
#[allow(clippy::too_many_arguments)]
pub(super) fn compose(
    ws: &Workspace,
    listing: &Listing,
    old: &str,
    new: &str,
    names: &[String],
    generated: NaiveDate,
    timelined: Timelined,
    walk: Option<&Walk<'_>>,
    progress: &mut dyn Progress,
) -> Result<Report, Error> {
    let corpus = ws.corpus();
    let (old, new) = (corpus.locate(old)?, corpus.locate(new)?);
    // Both meetings' places along a walk of their series, when there is one and both are its
    // meetings as they are in the work tree.
    let work_tree = old.version == Version::WorkTree && new.version == Version::WorkTree;
    let walked = walk
        .filter(|_| work_tree)
        .and_then(|w| Some((w, w.history.position(&old.id)?, w.history.position(&new.id)?)));
    let ((old_doc, old_key), (new_doc, new_key)) = (corpus.load_keyed(&old)?, corpus.load_keyed(&new)?);
    let (old_id, new_id) = (old.id.to_string(), new.id.to_string());
    // Themes when the corpus has some for the series (or names them); a report without is fine.
    let series = &new.id.series;
    let selected = if names.is_empty() && ws.themes_for(series).is_empty() {
        Vec::new()
    } else {
        select_themes(ws, series, names)?
    };
    let matcher = Matcher::new(&selected);
    let engine = engine_diff(&old, &old_doc, &new, &new_doc);
    let comparison = themes::compare(&matcher, &old_doc, &new_doc, &engine);
    let mut diff = ThemedDiff::tag(engine, &matcher);
    // Typography-only changes are one line of the summary, not redlines.
    let typography_only = diff.ignore_typography();
    diff.find_figures();
    diff.watched = super::signals::watched(ws, &old_doc, &new_doc)?;

    // Where each sentence comes from: both meetings annotated against their series as it is
    // in the work tree, each meeting itself as it was read (it may be from a revision). The
    // series before B is read once; A's is part of it when A comes earlier in the same series.
    // (Along a walk, the whole series: the meetings before one are the first of it.)
    let owned;
    let (before_new, n_new) = match walked {
        Some((walk, _, n)) => (&walk.history, n),
        None => {
            owned = History::before(corpus, listing, &new.id)?;
            (&owned, owned.len())
        }
    };
    let mut new_origins =
        before_new.annotation(n_new, meeting_ref(&new.id, &new_doc), &new_doc, new_key, MIN_SIMILARITY)?;
    let old_ref = meeting_ref(&old.id, &old_doc);
    let mut old_origins = match walked.map(|(_, at, _)| at).or_else(|| before_new.position(&old.id)) {
        Some(at) => before_new.annotation(at, old_ref, &old_doc, old_key, MIN_SIMILARITY)?,
        None => {
            let before_old = History::before(corpus, listing, &old.id)?;
            before_old.annotation(before_old.len(), old_ref, &old_doc, old_key, MIN_SIMILARITY)?
        }
    };
    // Each meeting's series before it, from the word index (read when it cannot answer), then
    // the meeting itself as read: where the phrases the redline inserts into the later
    // meeting, or deletes from the earlier one, first appeared; and the theme timeline.
    let inserted = model::runs(&diff, align::Op::Insert, &old_doc);
    let deleted = model::runs(&diff, align::Op::Delete, &new_doc);
    // (A meeting read from a revision that the work tree no longer has: those before its date.)
    let before = |id: &MeetingId| match walked {
        Some((walk, at_old, at_new)) => {
            walk.history.ids()[..if *id == new.id { at_new } else { at_old }].to_vec()
        }
        None => listing.before(id),
    };
    let as_read = |id: &MeetingId, document: Document| Meeting {
        id: id.to_string(),
        series: id.series.to_string(),
        date: document.meta.date,
        document,
    };
    let (old_meeting, new_meeting) = (as_read(&old.id, old_doc), as_read(&new.id, new_doc));
    // Along a walk, from the places of each paragraph's earliest meeting, read once.
    let walked_first = walked.and_then(|(walk, at_old, at_new)| {
        let (indexes, places) = walk.indexes.as_ref()?;
        let ids = walk.history.ids();
        let first = |runs: &[model::Run], limit: usize| {
            let phrases: Vec<&Phrase> = runs.iter().map(|run| &run.phrase).collect();
            let places = indexes.first_holding_before(places, &phrases, limit)?;
            let refs = places
                .into_iter()
                .map(|at| at.map(|at| MeetingRef { id: ids[at].to_string(), date: ids[at].date }));
            Ok::<_, lineage::index::Damaged>(refs.collect::<Vec<_>>())
        };
        let timeline = match selected.is_empty() || timelined == Timelined::No {
            true => Ok(None),
            false => indexes.timeline(&selected, &ids[..at_new]).map(Some),
        };
        let answer = (|| {
            Ok::<_, lineage::index::Damaged>((first(&inserted, at_new)?, first(&deleted, at_old)?, timeline?))
        })();
        answer.inspect_err(|_| indexes.discard_damaged()).ok()
    });
    let (before_new_ids, before_old_ids) = match walked_first {
        Some(_) => (Vec::new(), Vec::new()),
        None => (before(&new.id), before(&old.id)),
    };
    let both: Vec<MeetingId> = before_new_ids.iter().chain(&before_old_ids).cloned().collect();
    let indexed = if walked_first.is_some() {
        walked_first
    } else {
        Indexes::of(corpus, listing, &both, progress).and_then(|indexes| {
            let answer = (|| {
                let first = |runs: &[model::Run], searched: &[MeetingId]| {
                    let phrases: Vec<&Phrase> = runs.iter().map(|run| &run.phrase).collect();
                    let places = indexes.first_holding(&phrases, searched)?;
                    let refs = places.into_iter().map(|at| {
                        at.map(|at| MeetingRef { id: searched[at].to_string(), date: searched[at].date })
                    });
                    Ok::<_, lineage::index::Damaged>(refs.collect::<Vec<_>>())
                };
                let timeline = match selected.is_empty() || timelined == Timelined::No {
                    true => None,
                    false => Some(indexes.timeline(&selected, &before_new_ids)?),
                };
                Ok::<_, lineage::index::Damaged>((
                    first(&inserted, &before_new_ids)?,
                    first(&deleted, &before_old_ids)?,
                    timeline,
                ))
            })();
            answer.inspect_err(|_| indexes.discard_damaged()).ok()
        })
    };
    let (mut inserted_first, mut deleted_first, mut timeline) = match indexed {
        Some(answer) => answer,
        None => {
            let before_new = read_meetings(corpus, &before_new_ids, progress)?;
            // The earlier meeting's series before it is read again only when it is not the
            // start of the later one's.
            let prefix = before_new_ids.starts_with(&before_old_ids);
            let read_old =
                if prefix { Vec::new() } else { read_meetings(corpus, &before_old_ids, progress)? };
            let before_old = if prefix { &before_new[..before_old_ids.len()] } else { &read_old[..] };
            let timeline = (!selected.is_empty() && timelined == Timelined::Yes)
                .then(|| themes::timeline(&matcher, &before_new));
            let inserted_first = model::first_appearances(&inserted, &before_new);
            (inserted_first, model::first_appearances(&deleted, before_old), timeline)
        }
    };
    // Then each meeting itself, for what its series before it lacks.
    for (runs, first, meeting) in
        [(&inserted, &mut inserted_first, &new_meeting), (&deleted, &mut deleted_first, &old_meeting)]
    {
        let missing: Vec<model::Run> =
            runs.iter().zip(first.iter()).filter(|(_, f)| f.is_none()).map(|(run, _)| run.clone()).collect();
        let mut found = model::first_appearances(&missing, std::slice::from_ref(meeting)).into_iter();
        for f in first.iter_mut().filter(|f| f.is_none()) {
            *f = found.next().flatten();
        }
    }
    if let Some(timeline) = &mut timeline {
        timeline.meetings.extend(themes::timeline(&matcher, std::slice::from_ref(&new_meeting)).meetings);
    }
    let (old_doc, new_doc) = (&old_meeting.document, &new_meeting.document);
    // Its words' origins, and language the other series used first when there are others.
    before_new.words(n_new, &mut new_origins, new_doc, new_key)?;
    if listing.series_names().len() > 1 {
        // The other series are read once, up to the later of the two meetings (twice when the
        // meetings are of two series: each looks outside its own).
        let others = elsewhere(corpus, listing, series, new_doc.meta.date.max(old_doc.meta.date))?;
        borrow(&others, new_doc, &mut new_origins, MIN_SIMILARITY);
        if old.id.series == new.id.series {
            borrow(&others, old_doc, &mut old_origins, MIN_SIMILARITY);
        } else {
            let others = elsewhere(corpus, listing, &old.id.series, old_doc.meta.date)?;
            borrow(&others, old_doc, &mut old_origins, MIN_SIMILARITY);
        }
    }
    let changes = match timelined {
        Timelined::Yes if new.version == Version::WorkTree && listing.contains(&new.id) => {
            Some(series_changes(corpus, listing, &new.id, progress)?)
        }
        _ => None,
    };
    let mut report = model::build(Inputs {
        generated,
        corpus: None,
        old: MeetingInfo::of(&old_id, old_doc),
        new: MeetingInfo::of(&new_id, new_doc),
        diff: &diff,
        typography_only,
        comparison: &comparison,
        old_origins: &old_origins,
        new_origins: &new_origins,
        inserted: inserted.into_iter().zip(inserted_first).collect(),
        deleted: deleted.into_iter().zip(deleted_first).collect(),
        timeline,
    });
    report.changes = changes;
    Ok(report)
}

/// The change sizes of the series of meeting `id` up to it, at most the
/// [`model::CHANGES_SHOWN`] latest.
fn series_changes(
    corpus: &Corpus,
    listing: &Listing,
    id: &MeetingId,
    progress: &mut dyn Progress,
) -> Result<super::Changes, Error> {
    let upto: Vec<MeetingId> = listing.series(&id.series).take_while(|m| *m <= id).cloned().collect();
    let shown = &upto[upto.len().saturating_sub(model::CHANGES_SHOWN + 1)..];
    let summaries = corpus.summaries(shown)?;
    let stats = super::changes::series_stats(corpus, shown, progress)?;
    let points: Vec<super::changes::Point> = summaries
        .into_iter()
        .map(|s| super::changes::Point { id: s.id, date: s.date, title: s.title, words: s.words })
        .collect();
    Ok(super::Changes::build(&id.series, &points, &stats, shown.len() == upto.len()))
}

/// Writes a rendered report to `path`, whole or not at all (see `files::write_output`).
pub fn write_report(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    crate::files::write_output(path, bytes).map_err(|error| Error::Write { path: path.to_path_buf(), error })
}

/// What `add` is asked.
#[derive(Clone, Debug)]
pub struct AddOptions {
    /// The files.
    pub files: Vec<PathBuf>,
    /// Metadata given on the command line.
    pub flags: MetaFlags,
    /// Import without clean-up.
    pub raw: bool,
    /// Replace meetings of the same id.
    pub replace: bool,
    /// The commit message.
    pub message: Option<String>,
    /// The largest file read.
    pub max_size: u64,
    /// Run the corpus's hooks.
    pub verify: bool,
    /// Import and show, but store nothing.
    pub dry_run: bool,
    /// How long fetching a web address may take in all.
    pub timeout: std::time::Duration,
}

impl Default for AddOptions {
    fn default() -> Self {
        Self {
            files: Vec::new(),
            flags: MetaFlags::default(),
            raw: false,
            replace: false,
            message: None,
            max_size: crate::files::DEFAULT_MAX_SIZE,
            dry_run: false,
            timeout: DEFAULT_TIMEOUT,
            verify: true,
        }
    }
}

/// How long fetching a web address may take, unless `add --timeout` says otherwise.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What `add` tells the user besides the ids added.
#[derive(Clone, Debug, PartialEq)]
pub enum AddNote {
    /// What the import of a file did.
    Import(String, Note),
    /// A file named for one day whose front matter says another: the front matter's is the
    /// meeting's date (its new file name follows it).
    DateFromFrontMatter {
        /// The file.
        file: String,
        /// The front matter's date.
        date: NaiveDate,
        /// The file name's.
        named: NaiveDate,
    },
    /// A date read from the text.
    DateFromText {
        /// The file.
        file: String,
        /// The date.
        date: NaiveDate,
        /// The words it was read from.
        words: String,
    },
    /// A series was created.
    NewSeries(String),
    /// A meeting's text was already stored.
    Unchanged(MeetingId),
}

/// The answer to `add`.
#[derive(Clone, Debug)]
pub struct AddAnswer {
    /// The meetings added and replaced (none for a dry run).
    pub added: Added,
    /// What to tell the user, in order.
    pub notes: Vec<AddNote>,
    /// For a dry run, what each file would be stored as.
    pub preview: Vec<Preview>,
}

/// What a file would be stored as (`add --dry-run`).
#[derive(Clone, Debug)]
pub struct Preview {
    /// The id it would have.
    pub id: MeetingId,
    /// The meeting as it would be stored.
    pub document: Document,
    /// The paragraphs of a web page that would be left out, with why.
    pub dropped: Vec<Dropped>,
}

/// Imports files (`options.files`, each read within `options.max_size`) as meetings, all in
/// one commit.
pub fn add(ws: &Workspace, options: &AddOptions, progress: &mut dyn Progress) -> Result<AddAnswer, Error> {
    let sources = options
        .files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            if crate::fetch::is_url(&name) {
                return fetch(&name, options);
            }
            Ok(Source { bytes: read(path, options.max_size)?, name, origin: None })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    add_sources(ws, &sources, options, progress)
}

/// A web address fetched as a source to import.
fn fetch(url: &str, options: &AddOptions) -> Result<Source, Error> {
    let fetched = crate::fetch::fetch(url, options.max_size, options.timeout)
        .map_err(|error| Error::Fetch { url: url.to_string(), error })?;
    Ok(source_of(url, fetched))
}

/// A document fetched from `url` as a source to import.
pub(super) fn source_of(url: &str, fetched: crate::fetch::Fetched) -> Source {
    use crate::document::import::{Format, Origin};
    use crate::fetch::Kind;
    let format = match fetched.kind {
        Kind::Html => Format::Html,
        Kind::Text => Format::Text,
        Kind::Pdf => Format::Pdf,
        Kind::Docx => Format::Docx,
    };
    let origin = Origin { url: Some(fetched.url), format: Some(format), charset: fetched.charset };
    Source { name: url.to_string(), bytes: fetched.bytes, origin: Some(origin) }
}

/// Imports texts held in memory (each named as a file would be: its name may give the date)
/// as meetings, all in one commit; `options.files` and `options.max_size` are not read.
pub fn add_sources(
    ws: &Workspace,
    sources: &[Source],
    options: &AddOptions,
    progress: &mut dyn Progress,
) -> Result<AddAnswer, Error> {
    let corpus = ws.corpus();
    if !options.dry_run {
        corpus.run_hooks(options.verify);
    }
    progress.start(sources.len(), "importing");
    let prepared = corpus.prepare_each(sources, &options.flags, options.raw, &mut || progress.step());
    progress.finish();
    let prepared = prepared?;
    let mut preview = Vec::new();
    let added = if options.dry_run {
        for p in &prepared {
            let document = crate::document::storage::parse(&p.stored)
                .map_err(|source| CorpusError::Storage { file: p.id.path(), source })?;
            preview.push(Preview { id: p.id.clone(), document, dropped: p.dropped.clone() });
        }
        Added::default()
    } else {
        let added = corpus.add(&prepared, options.replace, options.message.as_deref())?;
        let ids: Vec<MeetingId> = prepared.iter().map(|p| p.id.clone()).collect();
        // Indexed from the texts just written rather than read back.
        let known: FxHashMap<String, &str> = prepared
            .iter()
            .filter_map(|p| {
                Some((p.id.to_string(), crate::document::storage::split_front_matter(&p.stored).ok()?.1))
            })
            .collect();
        refresh_index(corpus, &ids, &known, progress);
        added
    };
    let mut notes = Vec::new();
    for p in &prepared {
        notes.extend(p.notes.iter().map(|n| AddNote::Import(p.file.clone(), n.clone())));
        let base = p.file.rsplit(['/', '\\']).next().unwrap_or(&p.file);
        if let (None, Some(Ok(named))) = (options.flags.date, date_in_file_name(base))
            && named != p.id.date
            && p.date_from_text.is_none()
        {
            notes.push(AddNote::DateFromFrontMatter { file: p.file.clone(), date: p.id.date, named });
        }
        if let Some(words) = &p.date_from_text {
            notes.push(AddNote::DateFromText { file: p.file.clone(), date: p.id.date, words: words.clone() });
        }
    }
    notes.extend(added.new_series.iter().map(|s| AddNote::NewSeries(s.clone())));
    notes.extend(added.unchanged.iter().map(|id| AddNote::Unchanged(id.clone())));
    Ok(AddAnswer { added, notes, preview })
}

/// Removes a meeting in one commit; the id removed.
pub fn remove(
    ws: &Workspace,
    reference: &str,
    message: Option<&str>,
    verify: bool,
) -> Result<MeetingId, Error> {
    let corpus = ws.corpus();
    corpus.run_hooks(verify);
    let located = corpus.locate(reference)?;
    if located.version != Version::WorkTree {
        return Err(Error::RemoveRevision(reference.to_string()));
    }
    corpus.remove(&located.id, message)?;
    refresh_index(corpus, std::slice::from_ref(&located.id), &FxHashMap::default(), &mut super::Quiet);
    Ok(located.id)
}

/// Brings the word index of the series of `ids` up to date after a change, so that the next
/// question need not (best effort: a failure only leaves it to that question).
/// `known`: the bodies of meetings just written, by id.
fn refresh_index(
    corpus: &Corpus,
    ids: &[MeetingId],
    known: &FxHashMap<String, &str>,
    progress: &mut dyn Progress,
) {
    if let Ok(listing) = corpus.listing() {
        Indexes::of_known(corpus, &listing, ids, known, progress);
        // The counts of the changes into and out of the meetings added, as the index is kept:
        // `changes` then reads what `add` compared (best effort: `changes` compares what is
        // missing).
        let mut series: Vec<&str> = ids.iter().map(|id| &*id.series).collect();
        series.sort_unstable();
        series.dedup();
        for name in series {
            let all: Vec<MeetingId> = listing.series(name).cloned().collect();
            let _ = super::changes::series_stats(corpus, &all, progress);
        }
    }
}
