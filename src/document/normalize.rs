//! Comparison keys: the form in which paragraphs and sentences are compared.
//!
//! A key is computed from the stored text and never replaces it.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The comparison key of a paragraph or sentence: NFKC, case-folded, quotes and dashes
/// unified, whitespace collapsed to single spaces and trimmed.
pub fn comparison_key(text: &str) -> String {
    key(text, true)
}

/// The typographic key of a text: its comparison key with its case kept. Two texts with the
/// same typographic key differ in typography only — the kind of hyphen, dash, quote or space,
/// a compatibility form — and a reader sees the same words.
pub fn typography_key(text: &str) -> String {
    key(text, false)
}

fn key(text: &str, fold_case: bool) -> String {
    let mut key = Key::with_capacity(text.len(), fold_case);
    let mut rest = text;
    while !rest.is_empty() {
        // ASCII, most of any text, a byte at a time without decoding.
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        key.push_ascii_run(&rest.as_bytes()[..ascii]);
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if unify(c).is_some() {
            key.push(c);
        } else if is_combining_mark(c) {
            // A mark may compose with what precedes it: normalize the whole text instead.
            let mut key = Key::with_capacity(text.len(), fold_case);
            text.nfkc().for_each(|c| key.push(c));
            return key.finish();
        } else {
            // A starter followed by a starter normalizes on its own.
            std::iter::once(c).nfkc().for_each(|c| key.push(c));
        }
    }
    key.finish()
}

/// A key being built: whitespace collapsed and trimmed, quotes and dashes unified, lower case.
/// Its text is bytes, written from whole characters (so always UTF-8).
struct Key {
    text: Vec<u8>,
    pending_space: bool,
    fold_case: bool,
}

impl Key {
    fn with_capacity(capacity: usize, fold_case: bool) -> Self {
        Self { text: Vec::with_capacity(capacity), pending_space: false, fold_case }
    }

    /// [`Key::push`] of each of some ASCII characters: the runs between spaces are copied
    /// through a table (lower case, the backtick as an apostrophe), not pushed byte by byte.
    fn push_ascii_run(&mut self, mut bytes: &[u8]) {
        self.text.reserve(bytes.len());
        let table = if self.fold_case { &FOLDED } else { &KEPT };
        while !bytes.is_empty() {
            let word = bytes.iter().position(|&b| is_ascii_space(b)).unwrap_or(bytes.len());
            if word > 0 {
                if self.pending_space {
                    self.text.push(b' ');
                    self.pending_space = false;
                }
                self.text.extend(bytes[..word].iter().map(|&b| table[usize::from(b)]));
            }
            let rest = &bytes[word..];
            let spaces = rest.iter().position(|&b| !is_ascii_space(b)).unwrap_or(rest.len());
            if spaces > 0 {
                self.pending_space = !self.text.is_empty();
            }
            bytes = &rest[spaces..];
        }
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = !self.text.is_empty();
            return;
        }
        if self.pending_space {
            self.text.push(b' ');
            self.pending_space = false;
        }
        match unify(c) {
            Some(u) => self.push_char(u),
            None if !self.fold_case => self.push_char(c),
            None => c.to_lowercase().for_each(|c| self.push_char(c)),
        }
    }

    fn push_char(&mut self, c: char) {
        self.text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    fn finish(self) -> String {
        String::from_utf8(self.text).expect("a key is written from whole characters")
    }
}

/// What an ASCII byte becomes in a key that keeps case: itself, but the backtick, an
/// apostrophe (as [`unify`] says).
const KEPT: [u8; 256] = ascii_table(false);
/// What an ASCII byte becomes in a case-folded key: lower case, the backtick an apostrophe.
const FOLDED: [u8; 256] = ascii_table(true);

const fn ascii_table(fold_case: bool) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'`' => b'\'',
            c if fold_case => c.to_ascii_lowercase(),
            c => c,
        };
        b += 1;
    }
    table
}

/// Whether an ASCII byte is whitespace as `char::is_whitespace` says: tab to carriage return,
/// and the space (`u8::is_ascii_whitespace` leaves out the vertical tab).
pub fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
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
    fn combining_marks_compose_as_in_nfkc() {
        assert_eq!(comparison_key("Co\u{302}te d\u{2019}Ivoire"), "côte d'ivoire");
        assert_eq!(comparison_key("Côte d’Ivoire"), "côte d'ivoire");
        assert_eq!(comparison_key("ﬁnal ½"), "final 1⁄2");
    }

    #[test]
    fn typography_keys_keep_case() {
        use super::typography_key;
        assert_eq!(
            typography_key("mortgage\u{2011}backed \u{201C}MBS\u{201D}\u{a0}x"),
            "mortgage-backed \"MBS\" x"
        );
        assert_ne!(typography_key("Agency"), typography_key("agency"));
    }

    #[test]
    fn ascii_is_keyed_as_any_other_character() {
        // `Key::push` one character at a time is the definition; ASCII takes a shorter way.
        let slow = |text: &str, fold_case: bool| {
            let mut key = super::Key::with_capacity(text.len(), fold_case);
            text.chars().for_each(|c| key.push(c));
            key.finish()
        };
        for text in
            ["  A\tb\x0bC\x0c d\r\n`e´ ", "Ünïcode – ‘quotes’\u{a0}and `ticks`", "x\u{2003}Y\u{85}z", ""]
        {
            for fold_case in [true, false] {
                assert_eq!(super::key(text, fold_case), slow(text, fold_case), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_is_keyed_as_any_other_character_in_any_text(
            text in "[ \t\x0b\x0c\r\na-zA-Z0-9`'.,é\u{2019}\u{a0}]{0,40}",
            fold_case: bool,
        ) {
            let mut key = super::Key::with_capacity(text.len(), fold_case);
            text.chars().for_each(|c| key.push(c));
            proptest::prop_assert_eq!(super::key(&text, fold_case), key.finish());
        }
    }

    #[test]
    fn empty_text_has_empty_key() {
        assert_eq!(comparison_key(" \t "), "");
    }
}
