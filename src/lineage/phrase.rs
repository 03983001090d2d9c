//! Phrases as sequences of word tokens (DESIGN.md "Words"): case, punctuation and `/` do not
//! matter, and a token ending in `*` matches any token starting with it.

use crate::document::{Span, push_word_key, words};

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

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the phrase has no token (never true for a parsed phrase).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
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
        if text.is_ascii() && first.key.is_ascii() && !contains_ignore_ascii_case(text, &first.key) {
            return None;
        }
        self.find_all(text).into_iter().next()
    }
}

fn matches(token: &Token, word: &str, scratch: &mut String) -> bool {
    if word.is_ascii() && token.key.is_ascii() {
        if token.prefix {
            word.len() >= token.key.len() && word[..token.key.len()].eq_ignore_ascii_case(&token.key)
        } else {
            word.eq_ignore_ascii_case(&token.key)
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
    fn all_matches_left_to_right() {
        let p = Phrase::parse("the rate").unwrap();
        assert_eq!(p.find_all("The rate and the RATE").len(), 2);
    }
}
