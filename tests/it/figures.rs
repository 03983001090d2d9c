//! Figures that changed, checked against 20 pairs of real statements whose changed figures were
//! listed by hand before the feature ran on them (`tests/data/figures/`: the texts, their
//! SOURCE notes, `pairs.json` and the labelling rules in `README.md`): 6 FOMC, 4 ECB, 8 UN
//! Security Council mandates, the FOMC's longer-run goals, a US emergency notice.
//!
//! A figure found is right when its old and new values (as compared: case, spaces, dashes and
//! thousands separators aside) are those of a labelled record, a pair or a figure on one side
//! only. References (resolution numbers, document symbols) are labelled so that the feature is
//! seen to leave them out: they count against precision when reported, and are not to be found.
//! The floors are today's results: raise them when the feature improves, never lower them to let
//! a change through. `cargo test --test it figures:: -- --nocapture` prints every miss.

use std::path::Path;

use communique::align::{self, Options};
use communique::document::Document;
use communique::document::import::{ImportOptions, load};
use communique::signals::figures::{FigureChange, changed_figures, value_key};
use serde::Deserialize;

/// (measure, floor).
const FLOORS: &[(&str, f64)] = &[("precision", 0.76), ("recall", 0.87), ("paired recall", 0.88)];

#[derive(Deserialize)]
struct Labelled {
    series: String,
    old: String,
    new: String,
    figures: Vec<Record>,
}

#[derive(Deserialize)]
struct Record {
    label: String,
    kind: String,
    old: Option<String>,
    new: Option<String>,
}

fn document(series: &str, file: &str) -> Document {
    let path = Path::new("tests/data/figures").join(series).join(file);
    load(file, std::fs::read(&path).unwrap(), ImportOptions::default()).unwrap().document
}

fn key(value: &Option<String>) -> Option<String> {
    value.as_deref().map(value_key)
}

/// What the feature reports for one labelled pair.
fn found(pair: &Labelled) -> Vec<FigureChange> {
    let (old, new) = (document(&pair.series, &pair.old), document(&pair.series, &pair.new));
    let diff = align::diff(&old, &new, Default::default(), Default::default(), &Options::default());
    changed_figures(&diff.paragraphs.iter().collect::<Vec<_>>())
}

#[test]
fn changed_figures_are_found_and_paired_as_a_reader_pairs_them() {
    let pairs: Vec<Labelled> =
        serde_json::from_str(&std::fs::read_to_string("tests/data/figures/pairs.json").unwrap()).unwrap();
    assert_eq!(pairs.len(), 20);
    let (mut reported, mut right, mut wanted, mut got, mut pairs_wanted, mut pairs_got) = (0, 0, 0, 0, 0, 0);
    for pair in &pairs {
        let found = found(pair);
        let mut used = vec![false; found.len()];
        println!("== {}: {} → {}", pair.series, pair.old, pair.new);
        for record in &pair.figures {
            let hit = found.iter().enumerate().position(|(i, f)| {
                !used[i] && key(&f.old) == key(&record.old) && key(&f.new) == key(&record.new)
            });
            if let Some(i) = hit {
                used[i] = true;
            }
            if record.kind == "reference" {
                continue;
            }
            wanted += 1;
            let paired = record.old.is_some() && record.new.is_some();
            pairs_wanted += usize::from(paired);
            if hit.is_some() {
                got += 1;
                pairs_got += usize::from(paired);
            } else {
                println!("  missed  {:?} → {:?}  ({})", record.old, record.new, record.label);
            }
        }
        for (i, f) in found.iter().enumerate() {
            reported += 1;
            let reference = used[i]
                && pair.figures.iter().any(|r| {
                    r.kind == "reference" && key(&r.old) == key(&f.old) && key(&r.new) == key(&f.new)
                });
            if used[i] && !reference {
                right += 1;
            } else {
                println!("  wrong   {:?} → {:?}  [{}] ({})", f.old, f.new, f.measure.as_str(), f.label);
            }
        }
    }
    let measures = [
        ("precision", right as f64 / reported.max(1) as f64),
        ("recall", got as f64 / wanted.max(1) as f64),
        ("paired recall", pairs_got as f64 / pairs_wanted.max(1) as f64),
    ];
    println!(
        "{} reported, {right} right; {got} of {wanted} labelled figures found, {pairs_got} of {pairs_wanted} pairs",
        reported
    );
    for ((name, value), (floor_name, floor)) in measures.iter().zip(FLOORS) {
        assert_eq!(name, floor_name);
        println!("{name}: {value:.3} (floor {floor})");
        assert!(*value >= *floor, "{name} fell to {value:.3}, under its floor {floor}");
    }
}
