//! Word tokens, as docs/DESIGN.md "Words" defines them.
//!
//! A word token is a maximal run of Unicode alphanumeric characters; tokens compare
//! case-insensitively after NFKC normalization. Everything else separates tokens, so
//! `Daesh/ISIS` is `daesh isis`.

use unicode_normalization::UnicodeNormalization;

use super::Span;

/// The word tokens of `text`, as spans relative to `text`, in order.
pub fn words(text: &str) -> impl Iterator<Item = Span> + '_ {
    // Bytes for ASCII (most official text), decoding only the characters above it.
    let bytes = text.as_bytes();
    let alphanumeric_at = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (c.is_alphanumeric(), c.len_utf8())
        }
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut i = at;
        loop {
            if i >= bytes.len() {
                at = i;
                return None;
            }
            let (word, len) = alphanumeric_at(i);
            if word {
                break;
            }
            i += len;
        }
        let start = i;
        while i < bytes.len() {
            let (word, len) = alphanumeric_at(i);
            if !word {
                break;
            }
            i += len;
        }
        at = i;
        Some(Span::new(start, i))
    })
}

/// Number of word tokens in `text`, without allocating.
pub fn count_words(text: &str) -> usize {
    words(text).count()
}

/// The comparison form of one word token: NFKC, then lower case.
pub fn word_key(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    push_word_key(word, &mut key);
    key
}

/// Appends the comparison form of `word` to `out` (no allocation for ASCII words once `out`
/// has room).
pub fn push_word_key(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(word.nfkc().flat_map(char::to_lowercase));
    }
}

/// The comparison forms of all word tokens of `text`.
pub fn word_keys(text: &str) -> Vec<String> {
    words(text).map(|w| word_key(w.of(text))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        words(text).map(|s| s.of(text)).collect()
    }

    #[test]
    fn slash_and_apostrophe_separate_tokens() {
        assert_eq!(toks("Daesh/ISIS' toxic"), ["Daesh", "ISIS", "toxic"]);
        assert_eq!(toks("Coalition's"), ["Coalition", "s"]);
    }

    #[test]
    fn numbers_and_fractions_are_tokens() {
        assert_eq!(toks("4-1/4 to 4-1/2 percent"), ["4", "1", "4", "to", "4", "1", "2", "percent"]);
        assert_eq!(toks("2.5"), ["2", "5"]);
    }

    #[test]
    fn unicode_letters_are_alphanumeric() {
        assert_eq!(toks("Côte d’Ivoire — Français"), ["Côte", "d", "Ivoire", "Français"]);
    }

    #[test]
    fn keys_fold_case_and_compatibility_forms() {
        assert_eq!(word_key("ISIS"), "isis");
        assert_eq!(word_key("ﬁnal"), "final");
        assert_eq!(word_keys("Daesh/ISIS"), ["daesh", "isis"]);
    }

    #[test]
    fn empty_and_separator_only_text_has_no_tokens() {
        assert!(toks("").is_empty());
        assert!(toks(" — / ... ").is_empty());
        assert_eq!(count_words("a b  c"), 3);
    }
}
