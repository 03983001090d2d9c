//! What moved on each theme between two meetings (`themes A B`): paragraphs and mentions on
//! each side, words added and removed in the diff entries touching the theme, and the
//! sentences of its paragraphs found on one side only.

use serde::{Deserialize, Serialize};

use super::{Matcher, Mention, Scratch};
use crate::align::{Diff, Side};
use crate::document::Document;
use crate::lineage::sequence_print;
use crate::text::hash::FxHashSet;

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.themes.compare/1";

/// Two meetings compared theme by theme (JSON `communique.themes.compare/1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Always `SCHEMA`.
    pub schema: String,
    /// The earlier meeting.
    pub old: Side,
    /// The later meeting.
    pub new: Side,
    /// One per theme, in the order defined.
    pub themes: Vec<ThemeChange>,
}

/// A count on each side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// In the earlier meeting.
    pub old: usize,
    /// In the later meeting.
    pub new: usize,
}

/// A sentence found on one side only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Its paragraph (1-based) on its side.
    pub paragraph: usize,
    /// The sentence.
    pub text: String,
}

/// What moved on one theme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeChange {
    /// The theme's name.
    pub theme: String,
    /// Its readable name.
    pub label: String,
    /// Mentions of its terms.
    pub mentions: Pair,
    /// Paragraphs touching it.
    pub paragraphs: Pair,
    /// Diff entries touching it (on either side) that changed.
    pub changed: usize,
    /// Words inserted in those entries.
    pub words_added: usize,
    /// Words deleted in those entries.
    pub words_removed: usize,
    /// Sentences of the later meeting's paragraphs touching the theme whose words are in no
    /// sentence of the earlier meeting.
    pub new_sentences: Vec<Sentence>,
    /// Sentences of the earlier meeting's paragraphs touching the theme whose words are in no
    /// sentence of the later meeting.
    pub dropped_sentences: Vec<Sentence>,
}

impl ThemeChange {
    /// Whether anything about the theme differs between the two meetings.
    pub fn moved(&self) -> bool {
        self.changed > 0
            || self.mentions.old != self.mentions.new
            || self.paragraphs.old != self.paragraphs.new
    }
}

/// Compares `old` and `new`, whose diff is `diff`, on the matcher's themes.
pub fn compare(matcher: &Matcher<'_>, old: &Document, new: &Document, diff: &Diff) -> Comparison {
    let themes = matcher.themes();
    let mut scratch = Scratch::default();
    let old_side = Reading::read(matcher, old, &mut scratch);
    let new_side = Reading::read(matcher, new, &mut scratch);
    let mut changes: Vec<ThemeChange> = themes
        .iter()
        .enumerate()
        .map(|(t, theme)| ThemeChange {
            theme: theme.name.clone(),
            label: theme.label.clone(),
            mentions: Pair { old: old_side.mentions[t], new: new_side.mentions[t] },
            paragraphs: Pair { old: old_side.paragraphs(t).count(), new: new_side.paragraphs(t).count() },
            changed: 0,
            words_added: 0,
            words_removed: 0,
            new_sentences: new_side.only_here(new, t, &old_side),
            dropped_sentences: old_side.only_here(old, t, &new_side),
        })
        .collect();
    for entry in diff.paragraphs.iter().filter(|e| e.is_change()) {
        let (added, removed) = entry.word_counts();
        for t in matcher.entry(entry, &mut scratch) {
            changes[t].changed += 1;
            changes[t].words_added += added;
            changes[t].words_removed += removed;
        }
    }
    Comparison { schema: SCHEMA.to_string(), old: diff.old.clone(), new: diff.new.clone(), themes: changes }
}

/// One meeting read for a comparison.
struct Reading {
    /// Mentions per theme.
    mentions: Vec<usize>,
    /// Per paragraph, the themes it touches.
    touched: Vec<Vec<usize>>,
    /// Per sentence, in order, the print of its word sequence ([`sequence_print`]; `None`
    /// without words).
    prints: Vec<Option<u64>>,
    /// Where each paragraph's sentences start in `prints`.
    starts: Vec<usize>,
    /// The prints of all its sentences: computed once, not once per theme as word lists.
    sentences: FxHashSet<u64>,
}

impl Reading {
    fn read(matcher: &Matcher<'_>, doc: &Document, scratch: &mut Scratch) -> Self {
        let mut mentions = vec![0; matcher.themes().len()];
        let mut found: Vec<Mention> = Vec::new();
        let touched = doc
            .paragraph_texts()
            .map(|text| {
                found.clear();
                matcher.paragraph(text, scratch, &mut found);
                let mut themes: Vec<usize> = found.iter().map(|m| m.theme).collect();
                for &t in &themes {
                    mentions[t] += 1;
                }
                themes.sort_unstable();
                themes.dedup();
                themes
            })
            .collect();
        let (mut ids, mut key) = (Vec::new(), String::new());
        let mut prints = Vec::new();
        let mut starts = Vec::with_capacity(doc.paragraphs().len());
        for paragraph in doc.paragraphs() {
            starts.push(prints.len());
            prints.extend(
                paragraph.sentences(doc).iter().map(|s| sequence_print(s.text(doc), &mut ids, &mut key)),
            );
        }
        let sentences = prints.iter().flatten().copied().collect();
        Self { mentions, touched, prints, starts, sentences }
    }

    /// The paragraphs (0-based) touching theme `t`.
    fn paragraphs(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        self.touched.iter().enumerate().filter(move |(_, themes)| themes.contains(&t)).map(|(p, _)| p)
    }

    /// The sentences of this side's paragraphs touching theme `t` that `other` lacks.
    fn only_here(&self, doc: &Document, t: usize, other: &Self) -> Vec<Sentence> {
        let mut out: Vec<Sentence> = Vec::new();
        for p in self.paragraphs(t) {
            for (k, sentence) in doc.paragraphs()[p].sentences(doc).iter().enumerate() {
                let print = self.prints[self.starts[p] + k];
                if print.is_some_and(|print| !other.sentences.contains(&print)) {
                    out.push(Sentence { paragraph: p + 1, text: sentence.text(doc).to_string() });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Options, diff};
    use crate::document::Meta;
    use crate::themes::{Theme, parse_term};

    fn doc(paragraphs: &[&str]) -> Document {
        let date = "2020-01-01".parse().unwrap();
        let meta = Meta { series: "s".into(), date, title: None, place: None, source: None };
        Document::new(meta, paragraphs)
    }

    #[test]
    fn counts_what_moved_on_a_theme() {
        let africa = Theme {
            name: "africa".into(),
            label: "Africa".into(),
            terms: vec![parse_term("Africa*").unwrap(), parse_term("Sahel").unwrap()],
            series: Vec::new(),
        };
        let old = doc(&["We discussed Africa. Troops stay.", "Iraq is stable."]);
        let new =
            doc(&["We discussed Africa and the Sahel. Troops stay.", "Iraq is stable.", "Sahel aid grows."]);
        let d = diff(&old, &new, Default::default(), Default::default(), &Options::default());
        let c = compare(&Matcher::new(&[&africa]), &old, &new, &d);
        let a = &c.themes[0];
        assert_eq!((a.mentions, a.paragraphs), (Pair { old: 1, new: 3 }, Pair { old: 1, new: 2 }));
        assert_eq!((a.changed, a.words_added, a.words_removed), (2, 6, 0));
        let new_texts: Vec<&str> = a.new_sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(new_texts, ["We discussed Africa and the Sahel.", "Sahel aid grows."]);
        assert_eq!(a.dropped_sentences[0].text, "We discussed Africa.");
        assert!(a.moved());
    }
}
