//! Lineage alone, on the real FOMC series of the shipped corpus (240 statements): the sentence
//! origins of the latest statement (`annotate`), its word origins (`annotate --words`) and
//! near variants of a phrase (`blame --fuzzy`), from prints already made (as the corpus's cache
//! gives them). Run with `cargo bench --bench lineage`; see BENCHMARKS.md.

use communique::document::{Document, Meeting, Meta};
use communique::lineage::{self, Memo, Prints};

mod common;

fn main() {
    divan::main();
}

fn meetings() -> Vec<Meeting> {
    common::fomc()
        .into_iter()
        .map(|(date, paragraphs)| {
            let meta = Meta { series: "fomc".into(), date, title: None, place: None, source: None };
            let document = Document::new(meta, paragraphs);
            Meeting { id: format!("fomc/{date}"), series: "fomc".into(), date, document }
        })
        .collect()
}

fn prints(meetings: &[Meeting]) -> Vec<Prints> {
    let mut memo = Memo::default();
    meetings.iter().map(|m| Prints::of(m.document.paragraph_texts(), &mut memo)).collect()
}

#[divan::bench(sample_count = 20)]
fn sentence_origins(bencher: divan::Bencher) {
    let meetings = meetings();
    let prints = prints(&meetings);
    let series: Vec<&Prints> = prints.iter().collect();
    bencher.bench(|| lineage::trace(divan::black_box(&series), 0.5));
}

#[divan::bench(sample_count = 20)]
fn word_origins(bencher: divan::Bencher) {
    let meetings = meetings();
    let prints = prints(&meetings);
    let series: Vec<&Prints> = prints.iter().collect();
    bencher.bench(|| lineage::word_origins(divan::black_box(&series)));
}

#[divan::bench(sample_count = 20)]
fn fuzzy_variants(bencher: divan::Bencher) {
    let meetings = meetings();
    let phrase = lineage::Phrase::parse("reserves ample").unwrap();
    bencher.bench(|| lineage::variants(divan::black_box(&phrase), &meetings, 10));
}
