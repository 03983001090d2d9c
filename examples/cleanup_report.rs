//! Reports, for text files of one paragraph per line, where `add`'s clean-up would change the
//! paragraphs: a check that it leaves real series alone.
//!
//! `cargo run --example cleanup_report -- ../shared/corpora/*/*.txt`

use communique::document::import::{ImportOptions, load};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut files, mut changed) = (0, 0);
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let raw = load(&path, bytes.clone(), ImportOptions { raw: true })?;
        let clean = load(&path, bytes, ImportOptions { raw: false })?;
        files += 1;
        if raw.document.paragraphs().len() != clean.document.paragraphs().len() {
            changed += 1;
            for note in &clean.notes {
                println!("{path}: {note}");
            }
        }
    }
    println!("{changed} of {files} files changed by the clean-up");
    Ok(())
}
