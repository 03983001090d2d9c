//! Change reports for briefings: one model of what changed between two meetings (JSON
//! `communique.report/2`), rendered as Markdown, HTML or DOCX by the renderers.
//!
//! [`build`] is pure: [`super::report()`] gathers the diff, the theme comparison, the sentence
//! origins and the phrase histories from the corpus, and `build` puts them in the order a
//! briefing reads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::align::{Op, Stats};
use crate::corpus::Revision;
use crate::document::Meeting;
use crate::document::{Document, count_words};
use crate::lineage::{Annotation, MeetingRef, Phrase, PhraseSet, sequence_print};
use crate::signals::{FigureChange, WatchedPhrase};
use crate::text::hash::{FxHashMap, FxHashSet};
use crate::themes::{Comparison, TaggedEntry, ThemedDiff, Timeline};

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.report/2";

/// A report's change-size chart shows at most this many of the latest changes of the series,
/// up to the later meeting (a series compared pair by pair costs one comparison per change the
/// first time; the counts are cached after).
pub const CHANGES_SHOWN: usize = 1_000;

/// A change report (JSON `communique.report/2`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The day the report was made.
    pub generated: NaiveDate,
    /// The corpus revision the meetings were read at.
    pub corpus: Option<Revision>,
    /// The earlier meeting.
    pub old: MeetingInfo,
    /// The later meeting.
    pub new: MeetingInfo,
    /// The watched phrases of the series, with whether each meeting has each.
    #[serde(default)]
    pub watched: Vec<WatchedPhrase>,
    /// The figures that changed.
    #[serde(default)]
    pub figures: Vec<FigureChange>,
    /// Counts per kind and one line per theme that moved.
    pub summary: Summary,
    /// Per theme that moved: its redlined paragraphs, new and dropped sentences.
    pub themes: Vec<ThemeSection>,
    /// Sentences and phrases of the later meeting that the earlier one lacks, edited
    /// sentences aside.
    pub new_language: Vec<Language>,
    /// Sentences and phrases of the earlier meeting that the later one lacks, edited
    /// sentences aside.
    pub dropped_language: Vec<Language>,
    /// Sentences of the earlier meeting edited into one of the later meeting.
    pub edited_language: Vec<EditedLanguage>,
    /// The whole comparison, paragraph by paragraph.
    pub redline: Vec<TaggedEntry>,
    /// The theme timeline of the series up to the later meeting, for the chart.
    pub timeline: Option<Timeline>,
    /// The later meeting word by word: the meeting that introduced each word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// The size of every change of the later meeting's series up to it (at most the
    /// [`CHANGES_SHOWN`] latest), for the change-size chart; none when the later meeting is
    /// not one of the work tree's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<super::Changes>,
    /// How many insertions and deletions the redlines of the report show (theme sections,
    /// edited sentences and the full redline): as many `<ins>` and `<del>` elements as the
    /// HTML form has.
    pub marks: Marks,
}

/// A meeting's words with the meetings that introduced them (`annotate --words`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The meeting's paragraphs, which the words' offsets point into.
    pub paragraphs: Vec<String>,
    /// Every word token, in order, with its origin.
    pub words: Vec<crate::lineage::WordOrigin>,
}

/// A meeting as the report's header names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingInfo {
    /// Its id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
    /// Its title, if any.
    pub title: Option<String>,
    /// Where it took place, if known.
    pub place: Option<String>,
    /// Where its text comes from, if known.
    pub source: Option<String>,
}

impl MeetingInfo {
    /// The header of a meeting read from the corpus as `id`.
    pub fn of(id: &str, document: &Document) -> Self {
        let meta = &document.meta;
        Self {
            id: id.to_string(),
            date: meta.date,
            title: meta.title.clone(),
            place: meta.place.clone(),
            source: meta.source.clone(),
        }
    }
}

/// The summary: counts per kind, and one line per theme that moved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Counts of paragraph entries per kind, and words added and removed.
    pub stats: Stats,
    /// The themes that moved.
    pub themes: Vec<ThemeLine>,
    /// The later meeting's paragraphs that differ in typography only (hyphens, dashes, quotes,
    /// spaces): listed here, shown unchanged in the redline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typography_only: Vec<usize>,
}

/// "Africa: 3 paragraphs changed, +112 / −40 words, 2 new sentences, 1 edited".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeLine {
    /// The theme's name.
    pub theme: String,
    /// Its readable name.
    pub label: String,
    /// Changed paragraph entries touching it.
    pub paragraphs_changed: usize,
    /// Words inserted in them.
    pub words_added: usize,
    /// Words deleted in them.
    pub words_removed: usize,
    /// New sentences naming it.
    pub new_sentences: usize,
    /// Dropped sentences naming it.
    pub dropped_sentences: usize,
    /// Edited sentences naming it (before or after).
    pub edited_sentences: usize,
}

/// One theme's part of the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeSection {
    /// The theme's name.
    pub theme: String,
    /// Its readable name.
    pub label: String,
    /// Its changed paragraph entries, redlined.
    pub entries: Vec<TaggedEntry>,
    /// New sentences naming it.
    pub new_sentences: Vec<crate::themes::Sentence>,
    /// Dropped sentences naming it.
    pub dropped_sentences: Vec<crate::themes::Sentence>,
    /// Edited sentences naming it (before or after), with their redlines.
    pub edited_sentences: Vec<crate::themes::Edited>,
}

/// Whether a piece of language is a whole sentence or a phrase within one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A whole sentence.
    Sentence,
    /// A run of words inserted or deleted inside a paragraph that was kept.
    Phrase,
}

/// Where language found in one meeting only comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum History {
    /// First used in the meeting it is found in.
    New,
    /// Used before, word for word, then absent from the earlier meeting of the two.
    Returning,
    /// An edit of wording first used earlier.
    Edited,
    /// Language of the earlier meeting, first used in `first`.
    Carried,
}

/// A sentence or phrase present in only one of the two meetings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// Sentence or phrase.
    pub unit: Unit,
    /// Its paragraph (1-based) in the meeting that has it.
    pub paragraph: usize,
    /// The text.
    pub text: String,
    /// The meeting where it (or, when edited, its ancestor) first appeared.
    pub first: Option<MeetingRef>,
    /// What that means.
    pub history: History,
}

/// A sentence of the earlier meeting edited into one of the later meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditedLanguage {
    /// The earlier wording and its paragraph.
    pub old: crate::themes::Sentence,
    /// The later wording and its paragraph.
    pub new: crate::themes::Sentence,
    /// The word-level redline from one to the other.
    pub redline: Vec<crate::align::Span>,
    /// The meeting where the earlier wording (or its ancestor) first appeared.
    pub first: Option<MeetingRef>,
}

/// Counts of redline marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    /// Insertions.
    pub ins: usize,
    /// Deletions.
    pub del: usize,
}

/// What [`build`] reads.
pub struct Inputs<'a> {
    /// The day of the report.
    pub generated: NaiveDate,
    /// The corpus revision.
    pub corpus: Option<Revision>,
    /// The earlier meeting's header.
    pub old: MeetingInfo,
    /// The later meeting's header.
    pub new: MeetingInfo,
    /// Their diff, entries tagged with themes, typography-only changes shown unchanged.
    pub diff: &'a ThemedDiff,
    /// The later meeting's paragraphs that differ in typography only.
    pub typography_only: Vec<usize>,
    /// Their comparison theme by theme.
    pub comparison: &'a Comparison,
    /// The earlier meeting annotated against its series.
    pub old_origins: &'a Annotation,
    /// The later meeting annotated against its series.
    pub new_origins: &'a Annotation,
    /// The runs of words inserted into kept paragraphs ([`runs`] with [`Op::Insert`]), each
    /// with its first appearance in the series up to the later meeting.
    pub inserted: Vec<(Run, Option<MeetingRef>)>,
    /// The runs of words deleted from kept paragraphs ([`runs`] with [`Op::Delete`]), each
    /// with its first appearance in the series up to the earlier meeting.
    pub deleted: Vec<(Run, Option<MeetingRef>)>,
    /// The theme timeline of the series up to the later meeting.
    pub timeline: Option<Timeline>,
}

/// Phrases of fewer words are too common to say anything; longer ones are sentences.
const PHRASE_WORDS: std::ops::RangeInclusive<usize> = 3..=12;

/// Puts a report together.
pub fn build(inputs: Inputs<'_>) -> Report {
    let Inputs {
        generated,
        corpus,
        old,
        new,
        diff,
        typography_only,
        comparison,
        old_origins,
        new_origins,
        inserted,
        deleted,
        timeline,
    } = inputs;
    let moved: Vec<&crate::themes::ThemeChange> = comparison.themes.iter().filter(|c| c.moved()).collect();
    let summary = Summary {
        stats: diff.stats,
        themes: moved
            .iter()
            .map(|c| ThemeLine {
                theme: c.theme.clone(),
                label: c.label.clone(),
                paragraphs_changed: c.changed,
                words_added: c.words_added,
                words_removed: c.words_removed,
                new_sentences: c.new_sentences.len(),
                dropped_sentences: c.dropped_sentences.len(),
                edited_sentences: c.edited_sentences.len(),
            })
            .collect(),
        typography_only,
    };
    let themes: Vec<ThemeSection> = moved
        .iter()
        .map(|c| ThemeSection {
            theme: c.theme.clone(),
            label: c.label.clone(),
            entries: diff
                .paragraphs
                .iter()
                .filter(|e| e.entry.is_change() && e.themes.contains(&c.theme))
                .cloned()
                .collect(),
            new_sentences: c.new_sentences.clone(),
            dropped_sentences: c.dropped_sentences.clone(),
            edited_sentences: c.edited_sentences.clone(),
        })
        .collect();

    let (old_info, new_info) = (old, new);
    // Each annotated sentence's print, computed once for every use below.
    let (old_prints, new_prints) = (prints(old_origins), prints(new_origins));
    let in_old: FxHashSet<u64> = old_prints.iter().flatten().copied().collect();
    let in_new: FxHashSet<u64> = new_prints.iter().flatten().copied().collect();
    let (mut ids, mut key) = (Vec::new(), String::new());
    let mut placed = |s: &crate::themes::Sentence| (s.paragraph, sequence_print(&s.text, &mut ids, &mut key));
    let edited = &comparison.edited_sentences;
    let old_edited: Vec<Placed> = edited.iter().map(|e| placed(&e.old)).collect();
    let new_edited: FxHashSet<Placed> = edited.iter().map(|e| placed(&e.new)).collect();
    let origins: FxHashMap<Placed, &MeetingRef> = old_origins
        .sentences
        .iter()
        .zip(&old_prints)
        .rev() // the first of equal sentences in a paragraph wins
        .map(|(s, &print)| ((s.paragraph, print), &s.origin))
        .collect();
    let edited_language: Vec<EditedLanguage> = edited
        .iter()
        .zip(&old_edited)
        .map(|(e, old)| EditedLanguage {
            old: e.old.clone(),
            new: e.new.clone(),
            redline: e.redline.clone(),
            first: origins.get(old).map(|&origin| origin.clone()),
        })
        .collect();
    let old_edited: FxHashSet<Placed> = old_edited.into_iter().collect();
    let mut new_language = only_in(new_origins, &new_prints, &in_old, &new_edited, &new_info.id, false);
    let mut dropped_language = only_in(old_origins, &old_prints, &in_new, &old_edited, &old_info.id, true);
    new_language.extend(phrases(inserted, Op::Insert, &new_info.id));
    dropped_language.extend(phrases(deleted, Op::Delete, &old_info.id));

    let mut marks = Marks::default();
    let entries = themes.iter().flat_map(|t| &t.entries).chain(&diff.paragraphs).map(|t| &t.entry.spans);
    let edits = themes.iter().flat_map(|t| &t.edited_sentences).map(|e| &e.redline);
    for span in entries.chain(edits).chain(edited_language.iter().map(|e| &e.redline)).flatten() {
        match span.op {
            Op::Insert => marks.ins += 1,
            Op::Delete => marks.del += 1,
            Op::Equal => {}
        }
    }
    Report {
        schema: SCHEMA.to_string(),
        generated,
        corpus,
        old: old_info,
        new: new_info,
        watched: diff.watched.clone(),
        figures: diff.figures.clone(),
        summary,
        themes,
        new_language,
        dropped_language,
        edited_language,
        redline: diff.paragraphs.clone(),
        timeline,
        provenance: new_origins
            .words
            .as_ref()
            .map(|words| Provenance { paragraphs: new_origins.paragraphs.clone(), words: words.clone() }),
        marks,
        changes: None,
    }
}

/// The prints of an annotated meeting's sentences' word sequences ([`sequence_print`]), in
/// order.
fn prints(annotation: &Annotation) -> Vec<Option<u64>> {
    let (mut ids, mut key) = (Vec::new(), String::new());
    annotation.sentences.iter().map(|s| sequence_print(&s.text, &mut ids, &mut key)).collect()
}

/// A sentence by its paragraph and the print of its words ([`sequence_print`]).
type Placed = (usize, Option<u64>);

/// The sentences of `annotation`'s meeting (`id`), whose words' prints are `prints`, that are
/// not in `other`, with their origins; those `edited` are listed as edits instead.
fn only_in(
    annotation: &Annotation,
    prints: &[Option<u64>],
    other: &FxHashSet<u64>,
    edited: &FxHashSet<Placed>,
    id: &str,
    dropped: bool,
) -> Vec<Language> {
    let mut seen = FxHashSet::default();
    annotation
        .sentences
        .iter()
        .zip(prints)
        .filter(|(s, print)| {
            !edited.contains(&(s.paragraph, **print))
                && print.is_some_and(|print| !other.contains(&print) && seen.insert(print))
        })
        .map(|(s, _)| Language {
            unit: Unit::Sentence,
            paragraph: s.paragraph,
            text: s.text.clone(),
            first: Some(s.origin.clone()),
            history: if dropped {
                History::Carried
            } else if s.origin.id == id {
                History::New
            } else if s.similarity >= 1.0 {
                History::Returning
            } else {
                History::Edited
            },
        })
        .collect()
}

/// A run of 3 to 12 words inserted (or deleted) inside a paragraph kept from one meeting to
/// the other, that the other meeting does not have: a phrase a report dates.
#[derive(Clone, Debug)]
pub struct Run {
    /// The paragraph it is in (of the meeting it is in).
    pub paragraph: usize,
    /// Its words as written.
    pub text: String,
    /// Its words, to look for.
    pub phrase: Phrase,
}

/// The runs of 3 to 12 words that `op` marks inside paragraphs kept from one meeting to the
/// other, each once, where it first occurs, without those that the `other` meeting has too.
/// Whole sentences are left out (they are listed as sentences).
pub fn runs(diff: &ThemedDiff, op: Op, other: &Document) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for entry in diff.paragraphs.iter().map(|t| &t.entry).filter(|e| !e.old.is_empty() && !e.new.is_empty()) {
        let numbers = if op == Op::Insert { &entry.new } else { &entry.old };
        // Paragraph breaks of this side seen so far: which of the entry's paragraphs a span is in.
        let mut breaks = 0;
        for span in &entry.spans {
            if span.op != op {
                if span.op == Op::Equal {
                    breaks += span.text.matches("\n\n").count();
                }
                continue;
            }
            let paragraph = numbers[breaks.min(numbers.len() - 1)];
            breaks += span.text.matches("\n\n").count();
            let text = span.text.trim().trim_end_matches([',', ';', ':']);
            let sentence_like =
                text.ends_with(['.', '!', '?']) || text.contains(". ") || text.contains("\n\n");
            if !PHRASE_WORDS.contains(&count_words(text)) || sentence_like {
                continue;
            }
            let Some(phrase) = Phrase::parse(text) else { continue };
            if seen.insert(text.to_string()) {
                runs.push(Run { paragraph, text: text.to_string(), phrase });
            }
        }
    }
    // All runs are looked for at once: one pass over the other meeting, not one per run.
    let phrases: Vec<Phrase> = runs.iter().map(|run| run.phrase.clone()).collect();
    let in_other = PhraseSet::new(&phrases).occurring(other.paragraph_texts(), |_| true);
    runs.into_iter().zip(in_other).filter(|(_, found)| !found).map(|(run, _)| run).collect()
}

/// The first appearance of each of `runs` in `series` (date order): the first meeting with
/// a paragraph that has it. One pass over the series for all runs, not one per run (a long
/// meeting with many edits made that quadratic), stopping once every run is found.
pub fn first_appearances<'m>(
    runs: &[Run],
    series: impl IntoIterator<Item = &'m Meeting>,
) -> Vec<Option<MeetingRef>> {
    let phrases: Vec<Phrase> = runs.iter().map(|run| run.phrase.clone()).collect();
    let set = PhraseSet::new(&phrases);
    let mut first: Vec<Option<MeetingRef>> = vec![None; phrases.len()];
    for meeting in series {
        if first.iter().all(Option::is_some) {
            break;
        }
        let here = set.occurring(meeting.document.paragraph_texts(), |i| first[i].is_none());
        for (i, found) in here.into_iter().enumerate() {
            if found {
                first[i] = Some(MeetingRef::of(meeting));
            }
        }
    }
    first
}

/// The runs of one side as language of the report: `op` says which side, `id` is the meeting
/// holding them.
fn phrases(runs: Vec<(Run, Option<MeetingRef>)>, op: Op, id: &str) -> Vec<Language> {
    runs.into_iter()
        .map(|(Run { paragraph, text, .. }, first)| {
            let history = match (&first, op) {
                (_, Op::Delete) => History::Carried,
                (Some(f), _) if f.id != id => History::Returning,
                _ => History::New,
            };
            Language { unit: Unit::Phrase, paragraph, text, first, history }
        })
        .collect()
}
