//! Import of any bytes as text, Markdown or HTML (the first byte chooses): never a panic; an
//! imported document has paragraphs of one line each, with text, that survive storage.
#![no_main]

use communique::document::import::{ImportOptions, import_bytes};
use communique::document::{Meta, storage};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let name = ["meeting.txt", "meeting.md", "meeting.html"][usize::from(choice % 3)];
    let raw = choice & 0x80 != 0;
    let Ok(imported) = import_bytes(bytes, name, ImportOptions { raw }) else { return };
    assert!(!imported.paragraphs.is_empty(), "an import without an error has text");
    for p in &imported.paragraphs {
        assert!(!p.trim().is_empty(), "an empty paragraph: {p:?}");
        assert!(!p.contains('\n'), "a paragraph is one line: {p:?}");
        assert_eq!(p.trim(), p, "paragraphs are trimmed: {p:?}");
    }
    // What is stored reads back the same.
    let meta = Meta { series: "s".into(), date: "2020-01-01".parse().unwrap(), title: None, place: None, source: None };
    let stored = storage::render_parts(&meta, imported.paragraphs.iter().map(String::as_str));
    let back = storage::parse(&stored).expect("a stored document parses");
    assert_eq!(back.paragraph_texts().collect::<Vec<_>>(), imported.paragraphs);
});
