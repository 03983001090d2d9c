//! Themes (docs/DESIGN.md "Themes"): named lists of terms, and where a text mentions them.
//!
//! A term is a sequence of word tokens (docs/DESIGN.md "Words"): case, punctuation and `/` do not
//! matter, and a token written with a trailing `*` matches any token starting with it. A
//! theme's mentions in a paragraph are the non-overlapping matches of its terms, leftmost
//! first and, where several terms match at one place, the longest: with the terms `Lake Chad`
//! and `Chad`, "the Lake Chad basin" mentions the theme once. A paragraph touches a theme when
//! it mentions it; a mention never spans two paragraphs.
//!
//! Pure computation: the corpus reads the tables of `communique.toml` as written, and `ops`
//! turns them into [`Theme`]s ([`parse_term`]). A diff is tagged in a view of this layer's own
//! ([`ThemedDiff`]), not in the engine's model.
//!
//! Layer: imports `document`, `text`, `align` and `lineage`; never the corpus.

mod compare;
mod timeline;
mod view;

pub use compare::{Comparison, Edited, Pair, Sentence, ThemeChange, compare};
pub use timeline::{Counts, MeetingThemes, ParagraphCounts, Timeline, timeline, timeline_of};
pub use view::{Filter, Mentions, TaggedEntry, ThemedDiff};

use crate::align::Entry;
use crate::document::{Span, push_word_key, words};
use crate::lineage::Phrase;
use crate::text::hash::FxHashMap;

/// A named list of terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Its name, as in `--theme africa`.
    pub name: String,
    /// Its readable name ("Africa"); the name when none is given.
    pub label: String,
    /// Its terms.
    pub terms: Vec<Phrase>,
    /// The series it applies to; empty for all.
    pub series: Vec<String>,
}

impl Theme {
    /// Whether the theme applies to meetings of `series`.
    pub fn applies_to(&self, series: &str) -> bool {
        self.series.is_empty() || self.series.iter().any(|s| s == series)
    }
}

/// Reads a term; why it is not one otherwise.
pub fn parse_term(text: &str) -> Result<Phrase, String> {
    // A `*` only makes sense at the end of a word: "Af*rica" or "* fighters" would silently
    // mean something else than written.
    for (i, _) in text.match_indices('*') {
        let after_word = text[..i].chars().next_back().is_some_and(char::is_alphanumeric);
        let before_word = text[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
        if !after_word || before_word {
            return Err(format!(
                "term \"{text}\": a * can only end a word, as in \"Africa*\" (any word starting with Africa)"
            ));
        }
    }
    Phrase::parse(text).ok_or_else(|| format!("term \"{text}\" has no word in it"))
}

/// One mention: which theme (index into the matcher's themes) and where, in bytes of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The theme's index.
    pub theme: usize,
    /// From the first matched word's start to the last one's end.
    pub span: Span,
}

/// Finds the mentions of several themes, reading each text's words once.
#[derive(Debug)]
pub struct Matcher<'a> {
    themes: Vec<&'a Theme>,
    /// Terms by their first token, when that token is a whole word.
    by_first: FxHashMap<&'a str, Vec<(usize, &'a Phrase)>>,
    /// Terms whose first token is a prefix (`Africa*`).
    by_prefix: Vec<(&'a str, usize, &'a Phrase)>,
}

/// Buffers reused from one text to the next.
#[derive(Debug, Default)]
pub struct Scratch {
    spans: Vec<Span>,
    keys: String,
    /// Where each word's key ends in `keys`.
    ends: Vec<usize>,
    /// Per theme, the first word a new mention may start at.
    free: Vec<usize>,
    /// Per theme, the longest term matching at the current word.
    longest: Vec<usize>,
}

impl<'a> Matcher<'a> {
    /// A matcher for `themes`; mentions name them by their index in this list.
    pub fn new(themes: &[&'a Theme]) -> Self {
        let mut by_first: FxHashMap<&str, Vec<(usize, &Phrase)>> = FxHashMap::default();
        let mut by_prefix = Vec::new();
        for (t, theme) in themes.iter().enumerate() {
            for term in &theme.terms {
                let (key, prefix) = term.token(0);
                if prefix {
                    by_prefix.push((key, t, term));
                } else {
                    by_first.entry(key).or_default().push((t, term));
                }
            }
        }
        Self { themes: themes.to_vec(), by_first, by_prefix }
    }

    /// The themes, in the order mentions name them.
    pub fn themes(&self) -> &[&'a Theme] {
        &self.themes
    }

    /// The mentions in one paragraph, in text order, and its number of words.
    pub fn paragraph(&self, text: &str, scratch: &mut Scratch, out: &mut Vec<Mention>) -> usize {
        let Scratch { spans, keys, ends, free, longest } = scratch;
        spans.clear();
        spans.extend(words(text));
        keys.clear();
        ends.clear();
        for span in spans.iter() {
            push_word_key(span.of(text), keys);
            ends.push(keys.len());
        }
        let key = |i: usize| &keys[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        free.clear();
        free.resize(self.themes.len(), 0);
        longest.clear();
        longest.resize(self.themes.len(), 0);
        for i in 0..spans.len() {
            let word = key(i);
            let exact = self.by_first.get(word).into_iter().flatten().map(|(t, term)| (*t, *term));
            let prefixed =
                self.by_prefix.iter().filter(|(p, _, _)| word.starts_with(p)).map(|(_, t, term)| (*t, *term));
            let mut any = false;
            for (t, term) in exact.chain(prefixed) {
                let n = term.len();
                if i >= free[t] && n > longest[t] && i + n <= spans.len() && term.matches_keys(key, i) {
                    longest[t] = n;
                    any = true;
                }
            }
            if !any {
                continue;
            }
            for (t, n) in longest.iter_mut().enumerate() {
                if *n > 0 {
                    out.push(Mention { theme: t, span: Span::new(spans[i].start, spans[i + *n - 1].end) });
                    free[t] = i + *n;
                    *n = 0;
                }
            }
        }
        spans.len()
    }

    /// The mentions in a text of one or more paragraphs joined by `"\n\n"` (a diff entry's
    /// side), in text order; a mention never spans two paragraphs.
    pub fn text(&self, text: &str, scratch: &mut Scratch) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut offset = 0;
        for paragraph in text.split("\n\n") {
            let start = out.len();
            self.paragraph(paragraph, scratch, &mut out);
            for m in &mut out[start..] {
                m.span = Span::new(m.span.start + offset, m.span.end + offset);
            }
            offset += paragraph.len() + 2;
        }
        out
    }

    /// The themes (indices) a diff entry touches on either side.
    pub fn entry(&self, entry: &Entry, scratch: &mut Scratch) -> Vec<usize> {
        let mut touched: Vec<usize> = [entry.old_text(), entry.new_text()]
            .iter()
            .flat_map(|side| self.text(side, scratch))
            .map(|m| m.theme)
            .collect();
        touched.sort_unstable();
        touched.dedup();
        touched
    }
}

/// Each theme's number of mentions in a paragraph, from where its terms match there: `found`
/// holds `(theme, position of the first word, words)` for every match of every term, overlapping
/// ones too. Counted as [`Matcher::paragraph`] finds them: per theme, leftmost first and, of the
/// terms matching at one word, the longest; a mention ends before the next may start.
pub fn mentions_from(themes: usize, found: &mut [(usize, u32, u32)]) -> Vec<usize> {
    found.sort_unstable_by_key(|&(theme, start, words)| (theme, start, std::cmp::Reverse(words)));
    let mut counts = vec![0; themes];
    let mut free = (usize::MAX, 0u64);
    for &(theme, start, words) in found.iter() {
        if free.0 != theme {
            free = (theme, 0);
        }
        if u64::from(start) >= free.1 {
            counts[theme] += 1;
            free.1 = u64::from(start) + u64::from(words);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(name: &str, terms: &[&str]) -> Theme {
        Theme {
            name: name.into(),
            label: name.into(),
            terms: terms.iter().map(|t| parse_term(t).unwrap()).collect(),
            series: Vec::new(),
        }
    }

    fn mentions(themes: &[&Theme], text: &str) -> Vec<(usize, String)> {
        Matcher::new(themes)
            .text(text, &mut Scratch::default())
            .into_iter()
            .map(|m| (m.theme, m.span.of(text).to_string()))
            .collect()
    }

    #[test]
    fn terms_match_as_word_tokens_with_prefixes() {
        let africa = theme("africa", &["Africa*", "Sahel", "sub-Saharan", "Lake Chad"]);
        assert_eq!(
            mentions(&[&africa], "In sub‑Saharan AFRICAN states, the sahel and Lake/Chad; not Chad alone."),
            [(0, "sub‑Saharan".into()), (0, "AFRICAN".into()), (0, "sahel".into()), (0, "Lake/Chad".into())]
        );
        assert_eq!(mentions(&[&africa], "Sahelian; Lake"), []);
    }

    #[test]
    fn overlapping_terms_are_one_mention_and_themes_are_counted_apart() {
        let africa = theme("africa", &["Chad", "Lake Chad", "Lake Chad Basin"]);
        let water = theme("water", &["lake*"]);
        assert_eq!(
            mentions(&[&africa, &water], "the Lake Chad Basin and Chad"),
            [(0, "Lake Chad Basin".into()), (1, "Lake".into()), (0, "Chad".into())]
        );
        // A term repeated back to back is two mentions; overlapping copies of one are not.
        let very = theme("v", &["very very"]);
        assert_eq!(mentions(&[&very], "very very very very very").len(), 2);
    }

    #[test]
    fn a_mention_never_spans_two_paragraphs() {
        let t = theme("t", &["Lake Chad"]);
        assert_eq!(mentions(&[&t], "the Lake\n\nChad and Lake Chad"), [(0, "Lake Chad".into())]);
        let found = Matcher::new(&[&t]).text("a\n\nLake Chad", &mut Scratch::default());
        assert_eq!(found[0].span, Span::new(3, 12));
    }

    #[test]
    fn mentions_from_positions_are_the_matchers() {
        let africa = theme("africa", &["Chad", "Lake Chad", "Lake Chad Basin", "basin"]);
        let water = theme("water", &["lake*", "very very", "very"]);
        let themes = [&africa, &water];
        let vocabulary = ["Lake", "Chad", "Basin", "very", "lakes", "the"];
        let mut state = 11u64;
        for _ in 0..300 {
            let words: Vec<&str> = (0..20)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    vocabulary[(state >> 33) as usize % vocabulary.len()]
                })
                .collect();
            let text = words.join(" ");
            let mut expected = vec![0; themes.len()];
            for m in Matcher::new(&themes).text(&text, &mut Scratch::default()) {
                expected[m.theme] += 1;
            }
            // Every match of every term, as the word index gives them.
            let keys = crate::document::word_keys(&text);
            let mut found = Vec::new();
            for (t, theme) in themes.iter().enumerate() {
                for term in &theme.terms {
                    for i in (0..keys.len()).filter(|&i| i + term.len() <= keys.len()) {
                        if term.matches_keys(|k| keys[k].as_str(), i) {
                            found.push((t, i as u32, term.len() as u32));
                        }
                    }
                }
            }
            assert_eq!(mentions_from(themes.len(), &mut found), expected, "{text}");
        }
    }

    #[test]
    fn stars_only_end_words() {
        assert!(parse_term("Africa*").is_ok());
        assert!(parse_term("foreign terrorist fighter*").is_ok());
        for bad in ["*", "Af*rica", "* fighters", "al-*", " - "] {
            assert!(parse_term(bad).is_err(), "{bad}");
        }
    }
}
