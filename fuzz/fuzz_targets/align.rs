//! The aligner on two documents (the input split at its first NUL byte, each side's lines its
//! paragraphs): never a panic; every paragraph in exactly one entry; spans rebuild both sides;
//! a moved sentence names the sentence it moved to or from; with `explain`, every entry says
//! why.
#![no_main]

use communique::align::{Options, diff};
use communique::document::{Document, Meta};
use libfuzzer_sys::fuzz_target;

fn document(text: &str) -> Document {
    let meta = Meta { series: "s".into(), date: "2020-01-01".parse().unwrap(), title: None, place: None, source: None };
    Document::new(meta, text.lines().map(str::trim).filter(|l| !l.is_empty()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (a, b) = text.split_once('\0').unwrap_or((text, ""));
    let (old, new) = (document(a), document(b));
    let explain = data.len() % 2 == 0;
    let options = Options { explain, ..Options::default() };
    let result = diff(&old, &new, Default::default(), Default::default(), &options);
    if let Err(problem) = result.verify(&old, &new) {
        panic!("{problem}\nold: {a:?}\nnew: {b:?}");
    }
    if explain && result.paragraphs.iter().any(|e| e.why.is_none()) {
        panic!("an entry without why\nold: {a:?}\nnew: {b:?}");
    }
});
