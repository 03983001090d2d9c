//! Phrases as sequences of word tokens (docs/DESIGN.md "Words"): case, punctuation and `/` do not
//! matter, and a token ending in `*` matches any token starting with it.

use std::collections::VecDeque;

use super::annotate::{step, word_id};
use crate::document::{Span, push_word_key, words};
use crate::text::hash::FxHashMap;

/// A phrase to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase as the user wrote it.
    pub text: String,
    tokens: Vec<Token>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Token {
    key: String,
    prefix: bool,
}

/// Where a phrase matched in a text: the spans of its first and last tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// From the start of the first matched token to the end of the last.
    pub span: Span,
    /// Index of the first matched token among the text's tokens.
    pub token: usize,
}

impl Phrase {
    /// Reads a phrase; `None` when it has no word at all.
    pub fn parse(text: &str) -> Option<Self> {
        let tokens: Vec<Token> = words(text)
            .map(|w| {
                let mut key = String::new();
                push_word_key(w.of(text), &mut key);
                Token { key, prefix: text[w.end..].starts_with('*') }
            })
            .collect();
        (!tokens.is_empty()).then(|| Self { text: text.to_string(), tokens })
    }

    /// Its tokens: each one's comparison key, and whether it matches any word starting with
    /// it. [`Phrase::from_tokens`] makes the same phrase again (kept compiled, as the
    /// settings' themes are).
    pub fn tokens(&self) -> impl Iterator<Item = (&str, bool)> {
        self.tokens.iter().map(|t| (t.key.as_str(), t.prefix))
    }

    /// The phrase `text` whose tokens [`Phrase::tokens`] gave; `None` without any.
    pub fn from_tokens<'t>(text: &str, tokens: impl IntoIterator<Item = (&'t str, bool)>) -> Option<Self> {
        let tokens: Vec<Token> =
            tokens.into_iter().map(|(key, prefix)| Token { key: key.to_string(), prefix }).collect();
        (!tokens.is_empty()).then(|| Self { text: text.to_string(), tokens })
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the phrase has no token (never true for a parsed phrase).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Whether `other` has the same tokens (whatever its text): the two match the same words.
    pub(crate) fn same_tokens(&self, other: &Phrase) -> bool {
        self.tokens == other.tokens
    }

    /// Token `i`: its comparison key, and whether it matches any word starting with it.
    pub(crate) fn token(&self, i: usize) -> (&str, bool) {
        let token = &self.tokens[i];
        (&token.key, token.prefix)
    }

    /// Whether the phrase matches the words whose comparison keys `key(at)`, `key(at + 1)`, …
    /// gives (the caller makes sure there are enough).
    pub(crate) fn matches_keys<'k>(&self, key: impl Fn(usize) -> &'k str, at: usize) -> bool {
        self.tokens.iter().enumerate().all(|(j, t)| {
            let word = key(at + j);
            if t.prefix { word.starts_with(&t.key) } else { word == t.key }
        })
    }

    /// Every match in `text` (non-overlapping, left to right).
    pub fn find_all(&self, text: &str) -> Vec<Match> {
        let spans: Vec<Span> = words(text).collect();
        let mut out = Vec::new();
        let mut i = 0;
        let mut scratch = String::new();
        while i + self.tokens.len() <= spans.len() {
            let hit =
                self.tokens.iter().enumerate().all(|(j, t)| matches(t, spans[i + j].of(text), &mut scratch));
            if hit {
                let last = spans[i + self.tokens.len() - 1];
                out.push(Match { span: Span::new(spans[i].start, last.end), token: i });
                i += self.tokens.len();
            } else {
                i += 1;
            }
        }
        out
    }

    /// The first match in `text`, if any.
    pub fn find(&self, text: &str) -> Option<Match> {
        // A cheap test first: a plain-ASCII text must contain the first token's letters.
        let first = &self.tokens[0];
        // (A mixed number's key, `2-3/4`, may be written `2 3/4`: no shortcut for a `-`.)
        if text.is_ascii()
            && first.key.is_ascii()
            && !first.key.contains('-')
            && !contains_ignore_ascii_case(text, &first.key)
        {
            return None;
        }
        self.find_all(text).into_iter().next()
    }
}

/// Many phrases looked for at once: one pass over a text finds which of them it holds, where
/// looking for each in turn would read the text once per phrase (a report looks for every
/// phrase inserted or deleted between two meetings in the other meeting and in the series,
/// and a long meeting with many edits made that quadratic).
///
/// Each word's comparison form is fingerprinted, and each run of as many words as a phrase
/// has is fingerprinted as it passes (a rolling hash per phrase length); a fingerprint that
/// names a phrase is checked word by word, so the answer is exactly [`Phrase::find`]'s.
/// Phrases with a `*` token are looked for one by one.
#[derive(Debug)]
pub struct PhraseSet<'p> {
    phrases: &'p [Phrase],
    /// The distinct phrase lengths, each with its phrases by sequence fingerprint.
    lengths: Vec<(usize, FxHashMap<u64, Vec<usize>>)>,
    /// Phrases with a `*` token.
    starred: Vec<usize>,
}

/// The base of the rolling hash of word fingerprints (odd, so powers never vanish).
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// The fingerprint of a sequence of word fingerprints: `Σ w[j]·BASE^(n−1−j)`, wrapping.
fn sequence_print(words: impl IntoIterator<Item = u64>) -> u64 {
    words.into_iter().fold(0, |h, w| h.wrapping_mul(BASE).wrapping_add(w))
}

impl<'p> PhraseSet<'p> {
    /// Prepares to look for `phrases`.
    pub fn new(phrases: &'p [Phrase]) -> Self {
        let mut lengths: Vec<(usize, FxHashMap<u64, Vec<usize>>)> = Vec::new();
        let mut starred = Vec::new();
        for (i, phrase) in phrases.iter().enumerate() {
            if phrase.tokens.iter().any(|t| t.prefix) {
                starred.push(i);
                continue;
            }
            let print = sequence_print(phrase.tokens.iter().map(|t| t.key.bytes().fold(0, step)));
            let n = phrase.len();
            let at = match lengths.iter().position(|(len, _)| *len == n) {
                Some(at) => at,
                None => {
                    lengths.push((n, FxHashMap::default()));
                    lengths.len() - 1
                }
            };
            lengths[at].1.entry(print).or_default().push(i);
        }
        Self { phrases, lengths, starred }
    }

    /// The phrases (indices into those given to [`PhraseSet::new`]) that occur in one of
    /// `paragraphs`, among those `wanted` says (a phrase never spans two paragraphs); reading
    /// stops once all wanted ones are found.
    pub fn occurring<'t>(
        &self,
        paragraphs: impl IntoIterator<Item = &'t str>,
        wanted: impl Fn(usize) -> bool,
    ) -> Vec<bool> {
        let mut found = vec![false; self.phrases.len()];
        let mut missing = (0..self.phrases.len()).filter(|&i| wanted(i)).count();
        for (i, f) in found.iter_mut().enumerate() {
            // Unwanted phrases count as found, so that they are never checked.
            *f = !wanted(i);
        }
        let longest = self.lengths.iter().map(|(n, _)| *n).max().unwrap_or(0);
        // BASE^n for each length, to take the word leaving a window out of its fingerprint.
        let powers: Vec<u64> = self.lengths.iter().map(|(n, _)| BASE.wrapping_pow(*n as u32)).collect();
        let mut scratch = String::new();
        for text in paragraphs {
            if missing == 0 {
                break;
            }
            for &i in &self.starred {
                if !found[i] && self.phrases[i].find(text).is_some() {
                    found[i] = true;
                    missing -= 1;
                }
            }
            // The last `longest` words (span and fingerprint) and each length's rolling print.
            let mut window: VecDeque<(Span, u64)> = VecDeque::with_capacity(longest + 1);
            let mut prints = vec![0u64; self.lengths.len()];
            for span in words(text) {
                if missing == 0 || self.lengths.is_empty() {
                    break;
                }
                let id = word_id(text, span, &mut scratch);
                window.push_back((span, id));
                for (k, (n, table)) in self.lengths.iter().enumerate() {
                    prints[k] = prints[k].wrapping_mul(BASE).wrapping_add(id);
                    if window.len() > *n {
                        let (_, leaving) = window[window.len() - 1 - n];
                        prints[k] = prints[k].wrapping_sub(leaving.wrapping_mul(powers[k]));
                    } else if window.len() < *n {
                        continue;
                    }
                    let Some(candidates) = table.get(&prints[k]) else { continue };
                    let start = window.len() - n;
                    for &i in candidates {
                        if found[i] {
                            continue;
                        }
                        let phrase = &self.phrases[i];
                        let same = phrase
                            .tokens
                            .iter()
                            .zip(window.range(start..))
                            .all(|(t, (w, _))| matches(t, w.of(text), &mut scratch));
                        if same {
                            found[i] = true;
                            missing -= 1;
                        }
                    }
                }
                if window.len() > longest {
                    window.pop_front();
                }
            }
        }
        // Unwanted phrases were marked found only to skip them.
        for (i, f) in found.iter_mut().enumerate() {
            *f = *f && wanted(i);
        }
        found
    }
}

fn matches(token: &Token, word: &str, scratch: &mut String) -> bool {
    if word.is_ascii() && token.key.is_ascii() {
        // An ASCII word's key, byte by byte (`ascii_key_byte`), against the phrase's.
        let key = token.key.as_bytes();
        let same = |w: &[u8]| w.iter().zip(key).all(|(a, b)| crate::document::ascii_key_byte(*a) == *b);
        if token.prefix {
            word.len() >= key.len() && same(&word.as_bytes()[..key.len()])
        } else {
            word.len() == key.len() && same(word.as_bytes())
        }
    } else {
        scratch.clear();
        push_word_key(word, scratch);
        if token.prefix { scratch.starts_with(&token.key) } else { *scratch == token.key }
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(phrase: &str, text: &str) -> Option<String> {
        Phrase::parse(phrase).unwrap().find(text).map(|m| m.span.of(text).to_string())
    }

    #[test]
    fn tokens_ignore_case_punctuation_and_slashes() {
        assert_eq!(found("daesh isis", "the fight against Daesh/ISIS, and"), Some("Daesh/ISIS".into()));
        assert_eq!(
            found("Coalition's sole purpose", "the Coalition’s sole purpose"),
            Some("Coalition’s sole purpose".into())
        );
        assert_eq!(
            found("4-1/4 to 4-1/2 percent", "at 4-1/4 to 4-1/2 percent."),
            Some("4-1/4 to 4-1/2 percent".into())
        );
        assert_eq!(found("sole purpose", "the sole purposes"), None);
    }

    #[test]
    fn a_star_matches_a_prefix() {
        assert_eq!(found("Africa*", "in sub-Saharan African states"), Some("African".into()));
        assert_eq!(found("lake chad", "the Lake Chad basin"), Some("Lake Chad".into()));
    }

    #[test]
    fn only_words_make_a_phrase() {
        assert_eq!(Phrase::parse(" — / "), None);
        assert_eq!(Phrase::parse("federal funds rate").unwrap().len(), 3);
    }

    #[test]
    fn a_phrase_set_finds_what_each_phrase_finds() {
        let vocabulary = ["the", "Rate", "rates", "Côte", "ﬁnal", "a", "of", "ISIS", "daesh", "to"];
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        for _ in 0..50 {
            let paragraphs: Vec<String> = (0..next(4) + 1)
                .map(|_| {
                    let words: Vec<&str> =
                        (0..next(60)).map(|_| vocabulary[next(vocabulary.len())]).collect();
                    words.join(if next(2) == 0 { " " } else { ", " })
                })
                .collect();
            let phrases: Vec<Phrase> = (0..30)
                .filter_map(|_| {
                    let words: Vec<String> = (0..next(5) + 1)
                        .map(|_| {
                            let w = vocabulary[next(vocabulary.len())];
                            let head: String = w.chars().take(2).collect();
                            if next(8) == 0 { format!("{head}*") } else { w.to_uppercase() }
                        })
                        .collect();
                    Phrase::parse(&words.join(" "))
                })
                .collect();
            let set = PhraseSet::new(&phrases);
            let wanted = |i: usize| i % 3 != 1;
            let found = set.occurring(paragraphs.iter().map(String::as_str), wanted);
            for (i, phrase) in phrases.iter().enumerate() {
                let expected = wanted(i) && paragraphs.iter().any(|p| phrase.find(p).is_some());
                assert_eq!(found[i], expected, "{:?} in {paragraphs:?}", phrase.text);
            }
        }
    }

    #[test]
    fn all_matches_left_to_right() {
        let p = Phrase::parse("the rate").unwrap();
        assert_eq!(p.find_all("The rate and the RATE").len(), 2);
    }
}
