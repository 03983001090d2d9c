//! The engine alone, on real FOMC statements from the shipped corpus: two consecutive
//! statements, all 240 against a copy with a handful of edits, and all 240 against a shuffled
//! copy with every paragraph edited. Run with `cargo bench`; see BENCHMARKS.md.

use communique::align::{self, Options, Side};
use communique::document::{Document, Meta};

mod common;

fn main() {
    divan::main();
}

fn statements() -> Vec<Vec<String>> {
    common::fomc().into_iter().map(|(_, paragraphs)| paragraphs).collect()
}

fn doc(paragraphs: &[String]) -> Document {
    let meta =
        Meta { series: "fomc".into(), date: chrono::NaiveDate::MIN, title: None, place: None, source: None };
    Document::new(meta, paragraphs)
}

fn run(a: &Document, b: &Document) -> align::Diff {
    align::diff(a, b, Side::default(), Side::default(), &Options::default())
}

/// Every `step`-th paragraph gets one word changed.
fn edited(paragraphs: &[String], step: usize) -> Vec<String> {
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| if i % step == 0 { p.replacen(" the ", " a ", 1) } else { p.clone() })
        .collect()
}

#[divan::bench]
fn consecutive_statements(bencher: divan::Bencher) {
    let all = statements();
    let (a, b) = (doc(&all[all.len() - 2]), doc(&all[all.len() - 1]));
    bencher.bench(|| run(divan::black_box(&a), divan::black_box(&b)));
}

#[divan::bench]
fn all_statements_few_edits(bencher: divan::Bencher) {
    let all: Vec<String> = statements().concat();
    let a = doc(&all);
    let b = doc(&edited(&all, 150));
    // Fresh documents each time: segmentation is cached inside a document.
    bencher.with_inputs(|| (a.clone(), b.clone())).bench_values(|(a, b)| run(&a, &b));
}

#[divan::bench(args = [1, 2, 4])]
fn shuffled_every_paragraph_edited(bencher: divan::Bencher, scale: usize) {
    let all: Vec<String> = statements().concat();
    let base: Vec<String> =
        (0..scale).flat_map(|copy| all.iter().map(move |p| format!("{p} (copy {copy})"))).collect();
    let mut shuffled = edited(&base, 1);
    // A fixed permutation: reverse, then interleave halves.
    shuffled.reverse();
    let half = shuffled.len() / 2;
    let shuffled: Vec<String> = (0..half)
        .flat_map(|i| [shuffled[i].clone(), shuffled[half + i].clone()])
        .chain(shuffled.get(2 * half).cloned())
        .collect();
    let (a, b) = (doc(&base), doc(&shuffled));
    bencher.with_inputs(|| (a.clone(), b.clone())).bench_values(|(a, b)| run(&a, &b));
}
