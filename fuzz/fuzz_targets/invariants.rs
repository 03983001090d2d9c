//! What every importer must hold to, shared by the `import_*` targets.

use communique::document::import::{ImportOptions, Note, import_bytes};
use communique::document::{Meta, storage};

/// Imports `bytes` as the file `name`, raw and cleaned, and checks the invariants: no panic;
/// both succeed or fail alike; an import without an error has paragraphs, each non-empty,
/// trimmed and one line; what is stored parses back to the same paragraphs; and the clean-up
/// loses nothing unannounced (every word of the raw import is in a cleaned paragraph or in a
/// note that says where it went).
pub fn check(bytes: &[u8], name: &str) {
    let raw = import_bytes(bytes.to_vec(), name, ImportOptions { raw: true });
    let clean = import_bytes(bytes.to_vec(), name, ImportOptions { raw: false });
    let (raw, clean) = match (raw, clean) {
        (Ok(raw), Ok(clean)) => (raw, clean),
        (Err(_), Err(_)) => return,
        // The clean-up never drops the first paragraph: it cannot empty a text.
        (Ok(_), Err(e)) => panic!("the cleaned import failed ({e}) but the raw one did not"),
        (Err(e), Ok(_)) => panic!("the raw import failed ({e}) but the cleaned one did not"),
    };
    for imported in [&raw, &clean] {
        assert!(!imported.paragraphs.is_empty(), "an import without an error has text");
        for p in &imported.paragraphs {
            assert!(!p.trim().is_empty(), "an empty paragraph: {p:?}");
            assert!(!p.contains('\n'), "a paragraph is one line: {p:?}");
            assert_eq!(p.trim(), p, "paragraphs are trimmed: {p:?}");
        }
        let meta = Meta {
            series: "s".into(),
            date: "2020-01-01".parse().unwrap(),
            title: None,
            place: None,
            source: None,
        };
        let stored = storage::render_parts(&meta, imported.paragraphs.iter().map(String::as_str));
        let back = storage::parse(&stored).expect("a stored document parses");
        assert_eq!(back.paragraph_texts().collect::<Vec<_>>(), imported.paragraphs);
    }
    let mut before: Vec<&str> = raw.paragraphs.iter().flat_map(|p| p.split_whitespace()).collect();
    let mut after: Vec<&str> = clean.paragraphs.iter().flat_map(|p| p.split_whitespace()).collect();
    for note in &clean.notes {
        match note {
            Note::Title(text) | Note::Source(text) | Note::ContactDropped(text) => {
                after.extend(text.split_whitespace());
            }
            _ => {}
        }
    }
    // A web page's paragraphs left out around its statement are listed, with why.
    after.extend(clean.dropped.iter().flat_map(|d| d.text.split_whitespace()));
    before.sort_unstable();
    after.sort_unstable();
    assert_eq!(before, after, "the clean-up lost or invented words");
}
