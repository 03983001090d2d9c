//! What moved on each theme between two meetings (`themes A B`): paragraphs and mentions on
//! each side, words added and removed in the diff entries touching the theme, and the
//! sentences naming the theme that are new, dropped or edited.
//!
//! A sentence found on one side only is *edited* when the diff pairs its paragraph with one
//! holding a sentence, also found on one side only, at least [`EDITED`] alike: it is shown
//! once, with its redline, rather than as one sentence dropped and another new.

use serde::{Deserialize, Serialize};

use super::{Matcher, Mention, Scratch};
use crate::align::{Diff, Side, Span, word_redline};
use crate::document::{Document, word_keys};
use crate::lineage::sequence_print;
use crate::text::hash::{FxHashMap, FxHashSet};
use crate::text::sorted_dice;

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.themes.compare/2";

/// How alike (word Dice) a dropped sentence and a new one must be to be one sentence edited:
/// the threshold at which `annotate` takes a sentence for an edit of an earlier one.
pub const EDITED: f64 = 0.5;

/// Sentence pairs looked at in one diff entry, at most: a paragraph group rewritten wholesale
/// in a very long document would otherwise cost the product of its sentence counts.
const MOST_PAIRS: usize = 250_000;

/// Two meetings compared theme by theme (JSON `communique.themes.compare/2`).
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
    /// Every sentence edited from one meeting to the other, themes or not, in the later
    /// meeting's order.
    pub edited_sentences: Vec<Edited>,
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

/// A sentence of the earlier meeting edited into one of the later meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edited {
    /// The earlier wording.
    pub old: Sentence,
    /// The later wording.
    pub new: Sentence,
    /// The word-level redline from one to the other.
    pub redline: Vec<Span>,
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
    /// Sentences of the later meeting naming the theme whose words are in no sentence of the
    /// earlier meeting, edited ones aside.
    pub new_sentences: Vec<Sentence>,
    /// Sentences of the earlier meeting naming the theme whose words are in no sentence of the
    /// later meeting, edited ones aside.
    pub dropped_sentences: Vec<Sentence>,
    /// Sentences edited from one meeting to the other whose earlier or later wording names the
    /// theme.
    pub edited_sentences: Vec<Edited>,
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
    let pairs = edits(diff, (old, &old_side), (new, &new_side));
    let (mut old_edited, mut new_edited) =
        (vec![false; old_side.prints.len()], vec![false; new_side.prints.len()]);
    for &(o, n) in &pairs {
        old_edited[o] = true;
        new_edited[n] = true;
    }
    let edited: Vec<Edited> = pairs
        .iter()
        .map(|&(o, n)| {
            let (old, new) = (old_side.sentence(old, o), new_side.sentence(new, n));
            let redline = word_redline(&old.text, &new.text);
            Edited { old, new, redline }
        })
        .collect();
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
            new_sentences: new_side.only_here(new, t, &old_side, &new_edited),
            dropped_sentences: old_side.only_here(old, t, &new_side, &old_edited),
            edited_sentences: pairs
                .iter()
                .zip(&edited)
                .filter(|((o, n), _)| old_side.names(*o, t) || new_side.names(*n, t))
                .map(|(_, e)| e.clone())
                .collect(),
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
    Comparison {
        schema: SCHEMA.to_string(),
        old: diff.old.clone(),
        new: diff.new.clone(),
        themes: changes,
        edited_sentences: edited,
    }
}

/// The sentences edited from one meeting to the other, as pairs of sentence numbers (0-based,
/// across each document), in the later meeting's order: within each changed diff entry with
/// paragraphs on both sides, the sentences found on one side only are paired, most alike
/// first, when at least [`EDITED`] alike.
fn edits(
    diff: &Diff,
    (old, old_side): (&Document, &Reading),
    (new, new_side): (&Document, &Reading),
) -> Vec<(usize, usize)> {
    let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
    let mut bag = |text: &str| {
        let mut ids: Vec<u32> = word_keys(text)
            .into_iter()
            .map(|key| {
                let next = vocabulary.len() as u32;
                *vocabulary.entry(key).or_insert(next)
            })
            .collect();
        ids.sort_unstable();
        ids
    };
    let mut pairs = Vec::new();
    for entry in diff.paragraphs.iter().filter(|e| e.is_change() && !e.old.is_empty() && !e.new.is_empty()) {
        let olds = old_side.only_in(&entry.old, new_side);
        let news = new_side.only_in(&entry.new, old_side);
        if olds.is_empty() || news.is_empty() || olds.len() * news.len() > MOST_PAIRS {
            continue;
        }
        let old_bags: Vec<Vec<u32>> = olds.iter().map(|&s| bag(old_side.text(old, s))).collect();
        let new_bags: Vec<Vec<u32>> = news.iter().map(|&s| bag(new_side.text(new, s))).collect();
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for (i, a) in old_bags.iter().enumerate() {
            for (j, b) in new_bags.iter().enumerate() {
                let similarity = sorted_dice(a, b);
                if similarity >= EDITED {
                    candidates.push((similarity, i, j));
                }
            }
        }
        // Most alike first; among equals, the earliest, so sentences pair in order.
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let (mut old_taken, mut new_taken) = (vec![false; olds.len()], vec![false; news.len()]);
        for (_, i, j) in candidates {
            if !old_taken[i] && !new_taken[j] {
                old_taken[i] = true;
                new_taken[j] = true;
                pairs.push((olds[i], news[j]));
            }
        }
    }
    pairs.sort_unstable_by_key(|&(o, n)| (n, o));
    pairs
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
    /// Per sentence, the themes it names (a mention starts in it).
    named: Vec<Vec<usize>>,
    /// Per sentence, its paragraph (0-based).
    owner: Vec<usize>,
    /// Where each paragraph's sentences start in `prints`.
    starts: Vec<usize>,
    /// The prints of all its sentences: computed once, not once per theme as word lists.
    sentences: FxHashSet<u64>,
}

impl Reading {
    fn read(matcher: &Matcher<'_>, doc: &Document, scratch: &mut Scratch) -> Self {
        let mut mentions = vec![0; matcher.themes().len()];
        let mut found: Vec<Mention> = Vec::new();
        let (mut ids, mut key) = (Vec::new(), String::new());
        let count = doc.paragraphs().len();
        let (mut touched, mut starts) = (Vec::with_capacity(count), Vec::with_capacity(count));
        let (mut prints, mut named, mut owner) = (Vec::new(), Vec::new(), Vec::new());
        for (p, paragraph) in doc.paragraphs().iter().enumerate() {
            found.clear();
            matcher.paragraph(paragraph.span.of(doc.text()), scratch, &mut found);
            let mut themes: Vec<usize> = found.iter().map(|m| m.theme).collect();
            for &t in &themes {
                mentions[t] += 1;
            }
            themes.sort_unstable();
            themes.dedup();
            touched.push(themes);
            starts.push(prints.len());
            for sentence in paragraph.sentences(doc) {
                prints.push(sequence_print(sentence.text(doc), &mut ids, &mut key));
                owner.push(p);
                // Mentions are placed in the paragraph's text, sentences in the document's.
                let within =
                    sentence.span.start - paragraph.span.start..sentence.span.end - paragraph.span.start;
                let mut themes: Vec<usize> =
                    found.iter().filter(|m| within.contains(&m.span.start)).map(|m| m.theme).collect();
                themes.sort_unstable();
                themes.dedup();
                named.push(themes);
            }
        }
        let sentences = prints.iter().flatten().copied().collect();
        Self { mentions, touched, prints, named, owner, starts, sentences }
    }

    /// The paragraphs (0-based) touching theme `t`.
    fn paragraphs(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        self.touched.iter().enumerate().filter(move |(_, themes)| themes.contains(&t)).map(|(p, _)| p)
    }

    /// The text of sentence `s` (numbered across the document).
    fn text<'d>(&self, doc: &'d Document, s: usize) -> &'d str {
        let p = self.owner[s];
        doc.paragraphs()[p].sentences(doc)[s - self.starts[p]].text(doc)
    }

    /// Sentence `s` with its paragraph, as listed.
    fn sentence(&self, doc: &Document, s: usize) -> Sentence {
        Sentence { paragraph: self.owner[s] + 1, text: self.text(doc, s).to_string() }
    }

    /// Whether sentence `s` names theme `t`.
    fn names(&self, s: usize, t: usize) -> bool {
        self.named[s].contains(&t)
    }

    /// Whether sentence `s` has words and `other` no sentence of the same words.
    fn lacks(&self, s: usize, other: &Self) -> bool {
        self.prints[s].is_some_and(|print| !other.sentences.contains(&print))
    }

    /// The sentences of the paragraphs numbered `paragraphs` (1-based) that `other` lacks.
    fn only_in(&self, paragraphs: &[usize], other: &Self) -> Vec<usize> {
        paragraphs
            .iter()
            .filter_map(|&p| {
                self.starts
                    .get(p - 1)
                    .map(|&start| start..self.starts.get(p).copied().unwrap_or(self.prints.len()))
            })
            .flatten()
            .filter(|&s| self.lacks(s, other))
            .collect()
    }

    /// The sentences naming theme `t` that `other` lacks, but those `edited`.
    fn only_here(&self, doc: &Document, t: usize, other: &Self, edited: &[bool]) -> Vec<Sentence> {
        (0..self.prints.len())
            .filter(|&s| !edited[s] && self.names(s, t) && self.lacks(s, other))
            .map(|s| self.sentence(doc, s))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Op, Options, diff};
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
        assert_eq!(new_texts, ["Sahel aid grows."]);
        // A sentence reworded is one edit, not a sentence dropped and another new.
        assert!(a.dropped_sentences.is_empty());
        let edited = &a.edited_sentences[0];
        assert_eq!(
            (edited.old.text.as_str(), edited.new.text.as_str()),
            ("We discussed Africa.", "We discussed Africa and the Sahel.")
        );
        assert_eq!(
            edited.redline,
            [
                Span::new(Op::Equal, "We discussed Africa"),
                Span::new(Op::Insert, " and the Sahel"),
                Span::new(Op::Equal, ".")
            ]
        );
        assert_eq!(c.edited_sentences, a.edited_sentences);
        assert!(a.moved());
    }

    #[test]
    fn a_theme_lists_the_sentences_that_name_it() {
        let africa = Theme {
            name: "africa".into(),
            label: "Africa".into(),
            terms: vec![parse_term("Africa*").unwrap()],
            series: Vec::new(),
        };
        // One paragraph names Africa; its other sentences, new or dropped, are not about it.
        let old = doc(&["Troops stay in Africa. Budgets are tight."]);
        let new =
            doc(&["Troops stay in Africa. Elections come soon. Budgets are tight everywhere now, it seems."]);
        let d = diff(&old, &new, Default::default(), Default::default(), &Options::default());
        let c = compare(&Matcher::new(&[&africa]), &old, &new, &d);
        let a = &c.themes[0];
        assert!(
            a.new_sentences.is_empty() && a.dropped_sentences.is_empty() && a.edited_sentences.is_empty(),
            "{a:#?}"
        );
        // The comparison still has the edit.
        assert_eq!(c.edited_sentences.len(), 1);
        assert_eq!(c.edited_sentences[0].new.text, "Budgets are tight everywhere now, it seems.");
    }

    #[test]
    fn an_edited_sentence_is_redlined_word_by_word_however_much_it_grew() {
        // FOMC 2007-09-18 → 2007-10-31: a sentence of 9 words extended to 26 (a diff's
        // paragraph redline shows such a pair rewritten whole).
        let old = "Readings on core inflation have improved modestly this year.";
        let new = "Readings on core inflation have improved modestly this year, but recent increases in \
                   energy and commodity prices, among other factors, may put renewed upward pressure on inflation.";
        let spans = word_redline(old, new);
        assert_eq!(
            spans[0],
            Span::new(Op::Equal, "Readings on core inflation have improved modestly this year")
        );
        assert_eq!(spans.iter().filter(|s| s.op == Op::Delete).count(), 0, "{spans:?}");
    }
}
