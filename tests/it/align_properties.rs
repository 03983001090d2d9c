//! Property tests of the engine, on real paragraphs (from the golden documents) and on
//! generated text: every paragraph accounted for once, spans rebuilding both sides, a document
//! against itself all unchanged, and swapping sides swapping insertions and deletions.

use crate::common;

use std::sync::OnceLock;

use communique::align::{self, Diff, Kind, Side};
use communique::document::{Document, Meta};
use proptest::prelude::*;

fn real_paragraphs() -> &'static Vec<String> {
    static PARAGRAPHS: OnceLock<Vec<String>> = OnceLock::new();
    PARAGRAPHS.get_or_init(|| {
        let dir = common::repo().join("tests/golden/docs");
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        names
            .iter()
            .flat_map(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .split("\n\n")
                    .map(|s| s.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|p| !p.is_empty())
            .collect()
    })
}

fn doc(paragraphs: &[String]) -> Document {
    let meta =
        Meta { series: "s".into(), date: chrono::NaiveDate::MIN, title: None, place: None, source: None };
    Document::new(meta, paragraphs)
}

fn run(a: &Document, b: &Document) -> Diff {
    align::diff(a, b, Side::default(), Side::default(), &align::Options::default())
}

/// A document of real paragraphs (picked by index) or generated ones.
fn paragraphs() -> impl Strategy<Value = Vec<String>> {
    let real = prop::collection::vec(any::<prop::sample::Index>(), 1..12)
        .prop_map(|picks| picks.iter().map(|i| i.get(real_paragraphs()).clone()).collect::<Vec<_>>());
    let words = prop::sample::select(vec![
        "the",
        "Committee",
        "decided",
        "Council",
        "Iraq",
        "rate",
        "percent",
        "Ministers",
        "welcomed",
        "Africa",
        "security",
        "2.5",
        "U.S.",
        "No.",
        "(a)",
        "mandate",
        "extend",
        "inflation",
        "detainees",
        "Sahel",
    ]);
    let sentence = prop::collection::vec(words, 1..14).prop_map(|w| format!("{}.", w.join(" ")));
    let generated =
        prop::collection::vec(prop::collection::vec(sentence, 1..4).prop_map(|s| s.join(" ")), 1..10);
    prop_oneof![real, generated]
}

/// An edited copy: paragraphs dropped, duplicated, moved, rewritten, split and joined.
fn edited(base: Vec<String>) -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    let n = base.len();
    prop::collection::vec((0..6u8, 0..n.max(1), 0..n.max(1), any::<prop::sample::Index>()), 0..6).prop_map(
        move |ops| {
            let mut b = base.clone();
            for (op, i, j, donor) in ops {
                if b.is_empty() {
                    b.push(donor.get(real_paragraphs()).clone());
                    continue;
                }
                let (i, j) = (i % b.len(), j % b.len());
                match op {
                    0 => {
                        b.remove(i);
                    }
                    1 => b.insert(j, donor.get(real_paragraphs()).clone()),
                    2 => {
                        let p = b.remove(i);
                        b.insert(j.min(b.len()), p);
                    }
                    3 => b[i] = b[i].replacen("the", "a", 1).replacen(' ', "  ", 1),
                    4 => {
                        if let Some(at) = b[i].find(". ") {
                            let (x, y) = b[i].split_at(at + 1);
                            let (x, y) = (x.to_string(), y.trim().to_string());
                            b[i] = x;
                            b.insert(i + 1, y);
                        }
                    }
                    _ => {
                        if i + 1 < b.len() {
                            let y = b.remove(i + 1);
                            b[i] = format!("{} {y}", b[i]);
                        }
                    }
                }
            }
            b.retain(|p| !p.trim().is_empty());
            if b.is_empty() {
                b.push("Decides to remain seized of the matter.".into());
            }
            (base.clone(), b)
        },
    )
}

proptest! {
    // A fixed seed: CI sees the same cases every run (PROPTEST_RNG_SEED=random explores anew).
    #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(1994), ..ProptestConfig::with_cases(200) })]

    #[test]
    fn every_paragraph_once_and_spans_rebuild_both_sides((a, b) in paragraphs().prop_flat_map(edited)) {
        let (a, b) = (doc(&a), doc(&b));
        let d = run(&a, &b);
        prop_assert_eq!(common::check_invariants(&a, &b, &d), Ok(()));
    }

    #[test]
    fn a_document_against_itself_is_all_unchanged(a in paragraphs()) {
        let a = doc(&a);
        let d = run(&a, &a);
        prop_assert!(d.paragraphs.iter().all(|e| e.kind == Kind::Unchanged && !e.moved), "{:?}", d.paragraphs);
        prop_assert_eq!(d.paragraphs.len(), a.paragraphs().len());
        prop_assert!(!d.has_changes());
    }

    #[test]
    fn swapping_sides_swaps_insertions_and_deletions((a, b) in paragraphs().prop_flat_map(edited)) {
        // With a paragraph twice on one side, which copy is the inserted one is a coin toss.
        let unique = |v: &[String]| v.iter().map(|p| communique::document::comparison_key(p)).collect::<std::collections::HashSet<_>>().len() == v.len();
        prop_assume!(unique(&a) && unique(&b));
        let (a, b) = (doc(&a), doc(&b));
        let forward = run(&a, &b);
        let backward = run(&b, &a);
        prop_assert_eq!(common::check_invariants(&b, &a, &backward), Ok(()));
        let numbers = |d: &Diff, kind: Kind| {
            let mut v: Vec<usize> = d.paragraphs.iter().filter(|e| e.kind == kind).flat_map(|e| e.old.iter().chain(&e.new).copied()).collect();
            v.sort_unstable();
            v
        };
        prop_assert_eq!(numbers(&forward, Kind::Inserted), numbers(&backward, Kind::Deleted));
        prop_assert_eq!(numbers(&forward, Kind::Deleted), numbers(&backward, Kind::Inserted));
    }
}
