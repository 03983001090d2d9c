//! Prints the sentences of text files, one per line, prefixed with the paragraph number: a way
//! to eyeball the sentence splitter on real series.
//!
//! `cargo run --example sentences -- ../shared/corpora/fomc/2025-07-30.txt`

use communique::document::import::{ImportOptions, import_bytes};
use communique::document::sentences;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let imported = import_bytes(std::fs::read(&path)?, &path, ImportOptions { raw: true })?;
        for (i, paragraph) in imported.paragraphs.iter().enumerate() {
            for span in sentences(paragraph) {
                println!("{path}\t¶{}\t{}", i + 1, span.of(paragraph).trim_end());
            }
        }
    }
    Ok(())
}
