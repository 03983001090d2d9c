//! The `Diff` model: what changed between two meetings, paragraph by paragraph. Its JSON form
//! is the `communique.diff/1` contract of DESIGN.md.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    /// Set when only the entries touching some themes are kept (`diff --theme`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
}

/// Which entries a diff keeps: those touching any of some themes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// The themes asked for.
    pub themes: Vec<String>,
    /// How many entries touch none of them and were left out; `stats` still count them.
    pub left_out: usize,
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
    pub fn as_str(self) -> &'static str {
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
    /// Themes either side touches.
    pub themes: Vec<String>,
    /// The redline: `equal` + `delete` texts rebuild the old side, `equal` + `insert` the new
    /// one, several paragraphs of a side joined by `"\n\n"`.
    pub spans: Vec<Span>,
}

/// One piece of a redline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// What the text is.
    pub op: Op,
    /// The text.
    pub text: String,
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

    /// Whether anything changed in this entry (its text, or its place).
    pub fn is_change(&self) -> bool {
        self.kind != Kind::Unchanged || self.moved
    }
}

impl Diff {
    /// Keeps only the entries touching one of `themes` (entries' `themes` must be filled).
    pub fn keep_themes(&mut self, themes: &[String]) {
        let before = self.paragraphs.len();
        self.paragraphs.retain(|e| e.themes.iter().any(|t| themes.contains(t)));
        self.filter = Some(Filter { themes: themes.to_vec(), left_out: before - self.paragraphs.len() });
    }

    /// Whether the two sides differ at all.
    pub fn has_changes(&self) -> bool {
        self.paragraphs.iter().any(Entry::is_change)
    }
}
