//! Sentence and word segmentation of any text: never a panic; sentences cover the paragraph
//! exactly, in order; words are maximal runs of alphanumeric characters inside it.
#![no_main]

use communique::document::{sentences, words};
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
    for w in words(text) {
        let word = w.of(text);
        assert!(w.start >= last && !word.is_empty() && word.chars().all(char::is_alphanumeric), "{word:?}");
        assert!(!text[..w.start].chars().next_back().is_some_and(char::is_alphanumeric), "maximal: {word:?}");
        assert!(!text[w.end..].chars().next().is_some_and(char::is_alphanumeric), "maximal: {word:?}");
        last = w.end;
    }
});
