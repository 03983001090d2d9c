//! Figures in any text, and the figures that changed between two (the input split at its first
//! NUL byte, each side's lines its paragraphs): never a panic; each figure a non-empty span on
//! character boundaries, in order, none overlapping the next; each figure that changed stands
//! in the paragraph it names, on its side, and a pair is two different values.
#![no_main]

use communique::align::{Options, diff};
use communique::document::{Document, Meta};
use communique::signals::figures::{changed_figures, figures};
use libfuzzer_sys::fuzz_target;

fn document(text: &str) -> Document {
    let meta = Meta { series: "s".into(), date: "2020-01-01".parse().unwrap(), title: None, place: None, source: None };
    Document::new(meta, text.lines().map(str::trim).filter(|l| !l.is_empty()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut end = 0;
    for figure in figures(text) {
        let span = figure.span;
        assert!(span.start < span.end && span.end <= text.len(), "{span:?} in {text:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= end, "figures overlap in {text:?}");
        end = span.end;
    }
    let (a, b) = text.split_once('\0').unwrap_or((text, ""));
    let (old, new) = (document(a), document(b));
    let engine = diff(&old, &new, Default::default(), Default::default(), &Options::default());
    for f in changed_figures(&engine.paragraphs.iter().collect::<Vec<_>>()) {
        assert!(f.old.is_some() || f.new.is_some());
        assert_ne!(f.old, f.new, "a pair of one value\nold: {a:?}\nnew: {b:?}");
        for (value, paragraph, doc) in [(&f.old, f.old_paragraph, &old), (&f.new, f.new_paragraph, &new)] {
            if let (Some(value), Some(p)) = (value, paragraph) {
                assert!(doc.paragraph_text(p - 1).contains(value.as_str()), "{value:?} not in ¶{p}\nold: {a:?}\nnew: {b:?}");
            }
        }
    }
});
