//! The `Diff` model: what changed between two meetings, paragraph by paragraph. Its JSON form
//! is the contract of docs/DESIGN.md, "communique.diff/1" (with the theme tags that
//! `themes::ThemedDiff` adds: the engine knows nothing of themes).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::document::count_words;

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.diff/1";

/// A comparison of two meetings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The earlier meeting.
    pub old: Side,
    /// The later meeting.
    pub new: Side,
    /// Counts per kind.
    pub stats: Stats,
    /// One entry per paragraph group, in the new meeting's order; a deleted paragraph stands
    /// where it stood.
    pub paragraphs: Vec<Entry>,
}

/// One side of a comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// The meeting's id, or the file's path.
    pub id: String,
    /// The meeting's date, when known.
    pub date: Option<NaiveDate>,
    /// The title, when known.
    pub title: Option<String>,
    /// Where the meeting took place, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The commit the text was read at (`REF@REV`), when not the current text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

impl Side {
    /// The side of a meeting known as `id`, with what its metadata says.
    pub fn of(id: impl Into<String>, doc: &crate::document::Document) -> Self {
        let meta = &doc.meta;
        Self {
            id: id.into(),
            date: Some(meta.date),
            title: meta.title.clone(),
            place: meta.place.clone(),
            revision: None,
        }
    }
}

/// Counts of entries per kind, and of words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Entries of kind `unchanged` (moved or not).
    pub unchanged: usize,
    /// Entries of kind `modified`.
    pub modified: usize,
    /// Entries of kind `inserted`.
    pub inserted: usize,
    /// Entries of kind `deleted`.
    pub deleted: usize,
    /// Entries of kind `split`.
    pub split: usize,
    /// Entries of kind `merged`.
    pub merged: usize,
    /// Entries whose position relative to the unmoved text changed.
    pub moved: usize,
    /// Word tokens only in the new meeting's spans.
    #[serde(default)]
    pub words_added: usize,
    /// Word tokens only in the old meeting's spans.
    #[serde(default)]
    pub words_removed: usize,
}

impl Stats {
    /// Counts `entry`, with its word tokens only on the new side and only on the old.
    pub fn count(&mut self, entry: &Entry, (added, removed): (usize, usize)) {
        match entry.kind {
            Kind::Unchanged => self.unchanged += 1,
            Kind::Modified => self.modified += 1,
            Kind::Inserted => self.inserted += 1,
            Kind::Deleted => self.deleted += 1,
            Kind::Split => self.split += 1,
            Kind::Merged => self.merged += 1,
        }
        self.moved += usize::from(entry.moved);
        self.words_added += added;
        self.words_removed += removed;
    }

    /// Whether any entry counted is a change.
    pub fn any_change(&self) -> bool {
        self.modified + self.inserted + self.deleted + self.split + self.merged + self.moved > 0
    }

    /// The non-zero counts, as `3 modified`, `1 inserted`…, in the order a summary reads them.
    pub fn parts(&self) -> Vec<String> {
        [
            (self.modified, "modified"),
            (self.inserted, "inserted"),
            (self.deleted, "deleted"),
            (self.split, "split"),
            (self.merged, "merged"),
            (self.moved, "moved"),
            (self.unchanged, "unchanged"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect()
    }
}

/// What happened to a paragraph (or a group of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The same text on both sides.
    Unchanged,
    /// One paragraph, reworded.
    Modified,
    /// Only in the new meeting.
    Inserted,
    /// Only in the old meeting.
    Deleted,
    /// One old paragraph became several new ones.
    Split,
    /// Several old paragraphs became one new one.
    Merged,
}

impl Kind {
    /// The kind's name as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unchanged => "unchanged",
            Self::Modified => "modified",
            Self::Inserted => "inserted",
            Self::Deleted => "deleted",
            Self::Split => "split",
            Self::Merged => "merged",
        }
    }
}

/// One paragraph entry of a diff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// What happened.
    pub kind: Kind,
    /// Whether the paragraph's position relative to the unmoved text changed.
    pub moved: bool,
    /// 1-based numbers of the old paragraphs (empty when inserted).
    pub old: Vec<usize>,
    /// 1-based numbers of the new paragraphs (empty when deleted).
    pub new: Vec<usize>,
    /// Share of words in common, in [0, 1].
    pub similarity: f64,
    /// Whether a modified paragraph differs in typography only (hyphens, dashes, quotes,
    /// spaces, compatibility forms: [`crate::document::typography_key`]); in JSON only when
    /// true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub typography_only: bool,
    /// The redline: `equal` + `delete` texts rebuild the old side, `equal` + `insert` the new
    /// one, several paragraphs of a side joined by `"\n\n"`.
    pub spans: Vec<Span>,
    /// Why the paragraphs were paired (or left alone), when asked (`diff --explain`); in JSON
    /// only then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Box<Why>>,
}

/// Why an entry's paragraphs were paired, or left alone (`diff --explain`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Why {
    /// The step of the engine that made the entry.
    pub rule: Rule,
    /// Weighted similarity of the two sides (rare words weigh more), in [0, 1].
    pub similarity: f64,
    /// The words both sides hold that weigh the most (the rarest), rarest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<String>,
    /// For a split or merge: what each paragraph of the side with several carries of the one
    /// paragraph of the other side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<Piece>,
    /// For a paragraph left alone: the paragraph of the other side that came closest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closest: Option<Closest>,
}

/// The step of the engine that made an entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The same text, in order with the other identical paragraphs.
    Identical,
    /// The same text but for typography, case or spacing (or moved).
    SameKey,
    /// Paired anywhere in the documents, by similarity.
    Similar,
    /// Paired between the same two unmoved paragraphs: rewritten in place.
    InPlace,
    /// Pieces of a split or merge, carrying the other side's text.
    Pieces,
    /// Left alone: nothing free on the other side was similar enough.
    #[default]
    Unpaired,
}

impl Rule {
    /// What the rule says, for a reader.
    pub const fn describe(self) -> &'static str {
        match self {
            Self::Identical => "identical text",
            Self::SameKey => "the same text but for typography, case or spacing",
            Self::Similar => "paired by similarity",
            Self::InPlace => "rewritten in place: it stands between the same neighbours on both sides",
            Self::Pieces => "its pieces carry the other side's text",
            Self::Unpaired => "left alone",
        }
    }
}

/// What one piece of a split or merge carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Piece {
    /// The piece's paragraph number (on its side).
    pub paragraph: usize,
    /// Share of its weight found in the other side's paragraph, in [0, 1].
    pub contained: f64,
    /// Its sentences (numbered from 1) found there nearly whole.
    pub sentences: Vec<usize>,
}

/// The paragraph of the other side that came closest to one left alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Closest {
    /// Its paragraph number.
    pub paragraph: usize,
    /// Its pair score (similarity, kept wording, distance), below what pairing needs.
    pub score: f64,
    /// What pairing needs (`align::Options::threshold`).
    pub needed: f64,
    /// The paragraphs of this entry's side it is paired with instead (empty when it is free).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paired_with: Vec<usize>,
}

/// One piece of a redline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// What the text is.
    pub op: Op,
    /// The text.
    pub text: String,
    /// For an inserted sentence that was deleted elsewhere (another paragraph, or another place
    /// in this one): where it stood in the old meeting. In JSON only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<Place>,
    /// For a deleted sentence inserted elsewhere: where it stands in the new meeting. In JSON
    /// only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<Place>,
}

impl Span {
    /// A piece with no move.
    pub fn new(op: Op, text: impl Into<String>) -> Self {
        Self { op, text: text.into(), moved_from: None, moved_to: None }
    }

    /// Where the sentence moved from or to, when it moved.
    pub fn moved(&self) -> Option<Place> {
        self.moved_from.or(self.moved_to)
    }
}

/// A sentence's place in a meeting: its paragraph and its sentence in that paragraph, both
/// numbered from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The paragraph's number.
    pub paragraph: usize,
    /// The sentence's number in the paragraph.
    pub sentence: usize,
}

/// The operation of a redline piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// On both sides.
    Equal,
    /// Only on the old side.
    Delete,
    /// Only on the new side.
    Insert,
}

impl Entry {
    /// The old side's text, rebuilt from the spans.
    pub fn old_text(&self) -> String {
        self.spans.iter().filter(|s| s.op != Op::Insert).map(|s| s.text.as_str()).collect()
    }

    /// The new side's text, rebuilt from the spans.
    pub fn new_text(&self) -> String {
        self.spans.iter().filter(|s| s.op != Op::Delete).map(|s| s.text.as_str()).collect()
    }

    /// Word tokens only in the new side's spans, and only in the old side's: what a diff's
    /// `words_added` and `words_removed` add up.
    pub fn word_counts(&self) -> (usize, usize) {
        self.spans.iter().fold((0, 0), |(added, removed), s| match s.op {
            Op::Insert => (added + count_words(&s.text), removed),
            Op::Delete => (added, removed + count_words(&s.text)),
            Op::Equal => (added, removed),
        })
    }

    /// What happened, as a reader is told: the kind's name, `modified (typography only)` for a
    /// paragraph that differs in typography only.
    pub fn kind_label(&self) -> &'static str {
        if self.typography_only { "modified (typography only)" } else { self.kind.as_str() }
    }

    /// Whether anything changed in this entry (its text, or its place).
    pub fn is_change(&self) -> bool {
        self.kind != Kind::Unchanged || self.moved
    }
}

impl Diff {
    /// Whether the two sides differ at all.
    pub fn has_changes(&self) -> bool {
        self.paragraphs.iter().any(Entry::is_change)
    }
}

impl Diff {
    /// Checks the contract (docs/DESIGN.md, "communique.diff/1") against the two documents
    /// compared: every paragraph of each side in exactly one entry, the spans of every entry
    /// rebuilding its paragraphs exactly (several joined by `"\n\n"`), numbers in range,
    /// similarity in [0, 1], no empty span. For tests and fuzzing; the first violation,
    /// described.
    pub fn verify(
        &self,
        old: &crate::document::Document,
        new: &crate::document::Document,
    ) -> Result<(), String> {
        let mut seen_old = vec![0; old.paragraphs().len()];
        let mut seen_new = vec![0; new.paragraphs().len()];
        for (k, e) in self.paragraphs.iter().enumerate() {
            let rebuild = |doc: &crate::document::Document, numbers: &[usize]| {
                numbers.iter().map(|&n| doc.paragraph_text(n - 1)).collect::<Vec<_>>().join("\n\n")
            };
            for &o in &e.old {
                *seen_old.get_mut(o.wrapping_sub(1)).ok_or(format!("entry {k}: old ¶{o} out of range"))? += 1;
            }
            for &n in &e.new {
                *seen_new.get_mut(n.wrapping_sub(1)).ok_or(format!("entry {k}: new ¶{n} out of range"))? += 1;
            }
            if e.old_text() != rebuild(old, &e.old) {
                return Err(format!(
                    "entry {k} ({:?} {:?}): spans do not rebuild the old text",
                    e.kind, e.old
                ));
            }
            if e.new_text() != rebuild(new, &e.new) {
                return Err(format!(
                    "entry {k} ({:?} {:?}): spans do not rebuild the new text",
                    e.kind, e.new
                ));
            }
            if !(0.0..=1.0).contains(&e.similarity) {
                return Err(format!("entry {k}: similarity {} out of [0, 1]", e.similarity));
            }
            if e.spans.iter().any(|s| s.text.is_empty()) {
                return Err(format!("entry {k}: an empty span"));
            }
            // A moved sentence names a sentence that exists on the other side, and is one.
            for s in &e.spans {
                let (doc, place) = match (s.op, s.moved_from, s.moved_to) {
                    (_, None, None) => continue,
                    (Op::Insert, Some(p), None) => (old, p),
                    (Op::Delete, None, Some(p)) => (new, p),
                    _ => return Err(format!("entry {k}: a move on the wrong kind of span")),
                };
                let sentences = doc
                    .paragraphs()
                    .get(place.paragraph.wrapping_sub(1))
                    .map(|p| p.sentences(doc))
                    .ok_or(format!("entry {k}: moved to or from ¶{} out of range", place.paragraph))?;
                let there = sentences.get(place.sentence.wrapping_sub(1)).ok_or(format!(
                    "entry {k}: sentence {} of ¶{} out of range",
                    place.sentence, place.paragraph
                ))?;
                if crate::document::comparison_key(there.span.of(doc.text()))
                    != crate::document::comparison_key(&s.text)
                {
                    return Err(format!(
                        "entry {k}: the moved sentence is not the one at ¶{}.{}",
                        place.paragraph, place.sentence
                    ));
                }
            }
        }
        if let Some(o) = seen_old.iter().position(|&c| c != 1) {
            return Err(format!("old ¶{} appears {} times", o + 1, seen_old[o]));
        }
        if let Some(n) = seen_new.iter().position(|&c| c != 1) {
            return Err(format!("new ¶{} appears {} times", n + 1, seen_new[n]));
        }
        Ok(())
    }
}
