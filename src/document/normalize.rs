//! Comparison keys: the form in which paragraphs and sentences are compared.
//!
//! A key is computed from the stored text and never replaces it.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The comparison key of a paragraph or sentence: NFKC, case-folded, quotes and dashes
/// unified, whitespace collapsed to single spaces and trimmed.
pub fn comparison_key(text: &str) -> String {
    // Most official text is already in NFKC (plain ASCII always is): skip the normalizer then.
    if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        key_of(text.chars(), text.len())
    } else {
        key_of(text.nfkc(), text.len())
    }
}

fn key_of(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut key = String::with_capacity(capacity);
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = !key.is_empty();
            continue;
        }
        if pending_space {
            key.push(' ');
            pending_space = false;
        }
        match unify(c) {
            Some(u) => key.push(u),
            None => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// The plain ASCII stand-in for typographic quotes and dashes.
fn unify(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::comparison_key;

    #[test]
    fn unifies_quotes_dashes_case_and_space() {
        assert_eq!(
            comparison_key("  The Coalition’s  “sole”\u{a0}purpose – ISIS\u{2011}K "),
            "the coalition's \"sole\" purpose - isis-k"
        );
    }

    #[test]
    fn equal_texts_that_differ_only_in_typography_share_a_key() {
        assert_eq!(
            comparison_key("agency mortgage\u{2011}backed securities"),
            comparison_key("Agency  mortgage-backed securities")
        );
    }

    #[test]
    fn empty_text_has_empty_key() {
        assert_eq!(comparison_key(" \t "), "");
    }
}
