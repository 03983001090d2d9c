//! Sentence and word segmentation of any text: never a panic; sentences cover the paragraph
//! exactly, in order; word tokens (docs/DESIGN.md "Words") are in order, on character
//! boundaries, each with a key, and no letter or digit is left between them.
#![no_main]

use communique::document::{sentences, word_key, words};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let spans = sentences(text);
    let mut at = 0;
    for span in &spans {
        assert_eq!(span.start, at, "sentences are contiguous in {text:?}");
        assert!(span.end > span.start, "no empty sentence in {text:?}");
        at = span.end;
    }
    assert_eq!(at, if spans.is_empty() { 0 } else { text.len() }, "sentences cover {text:?}");
    let mut last = 0;
    // Between tokens: no letter or digit (a character whose normal form has none, as a lone
    // halfwidth sound mark, may stand there: it is no word).
    let wordless = |gap: &str| !gap.chars().any(char::is_alphanumeric) || words(gap).next().is_none();
    for w in words(text) {
        assert!(w.start >= last && w.end > w.start, "in order: {text:?}");
        assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
        let word = w.of(text);
        assert!(!word_key(word).is_empty(), "a token has a key: {word:?}");
        assert!(wordless(&text[last..w.start]), "left between tokens: {:?}", &text[last..w.start]);
        last = w.end;
    }
    assert!(wordless(&text[last..]), "left after the tokens: {:?}", &text[last..]);
});
