//! A diff seen through themes: which themes each entry touches, which entries are kept
//! (`diff --theme`), and where the asked-for themes are mentioned (for highlighting). The
//! engine's [`Diff`] knows nothing of themes; this view adds them, and its JSON form is the
//! `communique.diff/1` contract (docs/DESIGN.md, "JSON schemas").

use serde::{Deserialize, Serialize};

use super::{Matcher, Scratch};
use crate::align::{Diff, Entry, Kind, SCHEMA, Side, Span, Stats, Why};
use crate::signals::{FigureChange, WatchedPhrase, changed_figures};
use crate::text::par;

/// A diff whose entries are tagged with the themes they touch.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemedDiff {
    /// The earlier meeting.
    pub old: Side,
    /// The later meeting.
    pub new: Side,
    /// Counts per kind, of the whole diff (entries left out by a filter included).
    pub stats: Stats,
    /// The entries kept, in the new meeting's order.
    pub paragraphs: Vec<TaggedEntry>,
    /// Set when only the entries touching some themes are kept.
    pub filter: Option<Filter>,
    /// The figures that changed in the entries kept ([`ThemedDiff::find_figures`]).
    pub figures: Vec<FigureChange>,
    /// The watched phrases of the later meeting's series, with whether each meeting has each
    /// (set by the caller, who knows the corpus).
    pub watched: Vec<WatchedPhrase>,
}

/// One entry of a diff and the themes it touches.
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedEntry {
    /// The engine's entry.
    pub entry: Entry,
    /// The names of the themes either side touches.
    pub themes: Vec<String>,
    /// Word tokens only on the new side, and only on the old side ([`Entry::word_counts`]).
    pub words: (usize, usize),
    /// Where the highlighted themes are mentioned, when some are ([`ThemedDiff::highlight`]).
    pub mentions: Option<Mentions>,
}

/// Byte ranges of theme mentions in an entry's old and new texts ([`Entry::old_text`],
/// [`Entry::new_text`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mentions {
    /// In the old side's text.
    pub old: Vec<crate::document::Span>,
    /// In the new side's text.
    pub new: Vec<crate::document::Span>,
}

/// Which entries a diff keeps: those touching any of some themes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// The themes asked for.
    pub themes: Vec<String>,
    /// How many entries touch none of them and were left out; `stats` still count them.
    pub left_out: usize,
}

impl ThemedDiff {
    /// `diff` with every entry tagged with the themes of `matcher` it touches (none when
    /// `matcher` has no theme).
    pub fn tag(diff: Diff, matcher: &Matcher<'_>) -> Self {
        // Each entry is tagged on its own (on every core for a long diff with many changes, or
        // with themes to look for: an unchanged entry without them costs nothing).
        let changed = diff.paragraphs.iter().filter(|e| e.kind != Kind::Unchanged).count();
        let work = if matcher.themes().is_empty() { changed } else { diff.paragraphs.len() };
        let parallel = work >= par::PARALLEL_FROM;
        let tags = par::map_with_when(parallel, &diff.paragraphs, Scratch::default, |scratch, entry| {
            let themes = if matcher.themes().is_empty() {
                Vec::new()
            } else {
                matcher.entry(entry, scratch).into_iter().map(|t| matcher.themes()[t].name.clone()).collect()
            };
            (themes, entry.word_counts())
        });
        let paragraphs = diff
            .paragraphs
            .into_iter()
            .zip(tags)
            .map(|(entry, (themes, words))| TaggedEntry { entry, themes, words, mentions: None })
            .collect();
        Self {
            old: diff.old,
            new: diff.new,
            stats: diff.stats,
            paragraphs,
            filter: None,
            figures: Vec::new(),
            watched: Vec::new(),
        }
    }

    /// Finds the figures that changed in the entries kept (typography-only changes aside).
    pub fn find_figures(&mut self) {
        let entries: Vec<&Entry> = self
            .paragraphs
            .iter()
            .map(|t| &t.entry)
            .filter(|e| e.is_change() && !e.typography_only)
            .collect();
        self.figures = changed_figures(&entries);
    }

    /// Keeps only the entries touching one of `themes`.
    pub fn keep(&mut self, themes: &[String]) {
        let before = self.paragraphs.len();
        self.paragraphs.retain(|e| e.themes.iter().any(|t| themes.contains(t)));
        self.filter = Some(Filter { themes: themes.to_vec(), left_out: before - self.paragraphs.len() });
    }

    /// Finds where the themes of `matcher` are mentioned in every entry kept.
    pub fn highlight(&mut self, matcher: &Matcher<'_>) {
        let mut scratch = Scratch::default();
        for tagged in &mut self.paragraphs {
            let mut spans =
                |text: &str| matcher.text(text, &mut scratch).into_iter().map(|m| m.span).collect::<Vec<_>>();
            tagged.mentions =
                Some(Mentions { old: spans(&tagged.entry.old_text()), new: spans(&tagged.entry.new_text()) });
        }
    }

    /// Shows the paragraphs that differ in typography only as unchanged, in their new form
    /// (`diff --ignore-typography`, as `git diff -w` hides whitespace); the counts follow.
    /// The new numbers of the paragraphs so shown.
    pub fn ignore_typography(&mut self) -> Vec<usize> {
        let mut shown = Vec::new();
        for tagged in self.paragraphs.iter_mut().filter(|t| t.entry.typography_only) {
            let entry = &mut tagged.entry;
            self.stats.modified -= 1;
            self.stats.unchanged += 1;
            self.stats.words_added -= tagged.words.0;
            self.stats.words_removed -= tagged.words.1;
            tagged.words = (0, 0);
            tagged.mentions = None;
            entry.spans = vec![Span::new(crate::align::Op::Equal, entry.new_text())];
            entry.kind = Kind::Unchanged;
            entry.similarity = 1.0;
            shown.extend(&entry.new);
        }
        shown
    }

    /// Whether the entries kept show any change.
    pub fn has_changes(&self) -> bool {
        self.paragraphs.iter().any(|e| e.entry.is_change())
    }

    /// Counts of the entries kept (all of them without a filter).
    pub fn shown_stats(&self) -> Stats {
        let mut stats = Stats::default();
        for tagged in &self.paragraphs {
            stats.count(&tagged.entry, tagged.words);
        }
        stats
    }
}

/// The JSON form of an entry: the engine's fields with the themes before the spans.
#[derive(Serialize)]
struct EntryOut<'a> {
    kind: Kind,
    moved: bool,
    old: &'a [usize],
    new: &'a [usize],
    similarity: f64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    typography_only: bool,
    themes: &'a [String],
    spans: &'a [Span],
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a Why>,
}

/// The JSON form read back.
#[derive(Deserialize)]
struct EntryIn {
    kind: Kind,
    moved: bool,
    old: Vec<usize>,
    new: Vec<usize>,
    similarity: f64,
    #[serde(default)]
    typography_only: bool,
    #[serde(default)]
    themes: Vec<String>,
    spans: Vec<Span>,
    #[serde(default)]
    why: Option<Box<Why>>,
}

impl Serialize for TaggedEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let e = &self.entry;
        EntryOut {
            kind: e.kind,
            moved: e.moved,
            old: &e.old,
            new: &e.new,
            similarity: e.similarity,
            typography_only: e.typography_only,
            themes: &self.themes,
            spans: &e.spans,
            why: e.why.as_deref(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for TaggedEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let EntryIn { kind, moved, old, new, similarity, typography_only, themes, spans, why } =
            EntryIn::deserialize(deserializer)?;
        let entry = Entry { kind, moved, old, new, similarity, typography_only, spans, why };
        Ok(Self { words: entry.word_counts(), entry, themes, mentions: None })
    }
}

/// The JSON form of a themed diff: `communique.diff/1`.
#[derive(Serialize)]
struct DiffOut<'a> {
    schema: &'a str,
    old: &'a Side,
    new: &'a Side,
    stats: &'a Stats,
    paragraphs: &'a [TaggedEntry],
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<&'a Filter>,
    figures: &'a [FigureChange],
    watched: &'a [WatchedPhrase],
}

impl Serialize for ThemedDiff {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DiffOut {
            schema: SCHEMA,
            old: &self.old,
            new: &self.new,
            stats: &self.stats,
            paragraphs: &self.paragraphs,
            filter: self.filter.as_ref(),
            figures: &self.figures,
            watched: &self.watched,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Options, diff};
    use crate::document::{Document, Meta};
    use crate::themes::{Theme, parse_term};

    fn doc(paragraphs: &[&str]) -> Document {
        let meta =
            Meta { series: "s".into(), date: chrono::NaiveDate::MIN, title: None, place: None, source: None };
        Document::new(meta, paragraphs)
    }

    fn themed() -> ThemedDiff {
        let old = doc(&["Inflation rose.", "Growth was steady.", "The Committee will act."]);
        let new =
            doc(&["Inflation rose sharply.", "Growth was steady.", "The Committee will act as needed."]);
        let engine = diff(&old, &new, Side::of("s/a", &old), Side::of("s/b", &new), &Options::default());
        let theme = Theme {
            name: "inflation".into(),
            label: "Inflation".into(),
            terms: vec![parse_term("inflation").unwrap()],
            series: vec![],
        };
        ThemedDiff::tag(engine, &Matcher::new(&[&theme]))
    }

    #[test]
    fn entries_are_tagged_kept_and_highlighted() {
        let mut d = themed();
        let tags: Vec<&[String]> = d.paragraphs.iter().map(|e| e.themes.as_slice()).collect();
        assert_eq!(tags, [&["inflation".to_string()][..], &[], &[]]);
        let stats = d.stats;
        d.keep(&["inflation".into()]);
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.filter, Some(Filter { themes: vec!["inflation".into()], left_out: 2 }));
        assert_eq!(d.stats, stats, "the counts stay the whole diff's");
        let theme = Theme {
            name: "inflation".into(),
            label: "Inflation".into(),
            terms: vec![parse_term("inflation").unwrap()],
            series: vec![],
        };
        d.highlight(&Matcher::new(&[&theme]));
        let mentions = d.paragraphs[0].mentions.as_ref().unwrap();
        assert_eq!(mentions.old, [crate::document::Span::new(0, 9)]);
        assert_eq!(mentions.new, [crate::document::Span::new(0, 9)]);
    }

    #[test]
    fn the_json_form_is_the_diff_contract_and_reads_back() {
        let mut d = themed();
        let json = serde_json::to_string(&d).unwrap();
        // The keys in the contract's order (serde_json keeps the order written).
        let order = |keys: &[&str], text: &str| {
            let at: Vec<usize> = keys.iter().map(|k| text.find(&format!("\"{k}\":")).expect(k)).collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{keys:?} out of order in {text}");
        };
        order(&["schema", "old", "new", "stats", "paragraphs", "figures", "watched"], &json);
        let entry = &json[json.find("\"paragraphs\":").unwrap()..];
        order(&["kind", "moved", "old", "new", "similarity", "themes", "spans"], entry);
        assert!(json.starts_with(&format!("{{\"schema\":\"{SCHEMA}\"")), "{json}");
        assert!(!json.contains("\"filter\""), "no filter key when none: {json}");
        d.keep(&["inflation".into()]);
        let json = serde_json::to_string(&d).unwrap();
        assert!(
            json.ends_with(r#""filter":{"themes":["inflation"],"left_out":2},"figures":[],"watched":[]}"#),
            "{json}"
        );
        let entries: Vec<TaggedEntry> = serde_json::from_value(
            serde_json::from_str::<serde_json::Value>(&json).unwrap()["paragraphs"].clone(),
        )
        .unwrap();
        assert_eq!(entries, d.paragraphs);
    }
}
