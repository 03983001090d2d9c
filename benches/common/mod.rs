//! What the benchmarks share: the shipped FOMC statements.

use communique::document::storage;

/// The shipped FOMC statements, in date order: each one's date and paragraphs.
pub fn fomc() -> Vec<(chrono::NaiveDate, Vec<String>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fomc");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCE.md"));
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let (_, body) = storage::split_front_matter(&text).unwrap();
            let date = p.file_stem().unwrap().to_str().unwrap().parse().unwrap();
            (date, storage::body_paragraphs(body).map(str::to_string).collect())
        })
        .collect()
}
