//! The golden set: real documents of every shared series with labelled edits applied (see
//! `examples/golden.rs`), read the way `communique diff FILE_A FILE_B` reads files. At least
//! 99% of the expected paragraph entries must come out exactly (kind, moved, old and new
//! numbers), and every diff must satisfy the invariants.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use communique::align::{self, Side};
use communique::document::import::{ImportOptions, load};
use serde_json::Value;

type Key = (String, bool, Vec<usize>, Vec<usize>);

fn key(v: &Value) -> Key {
    let numbers = |v: &Value| v.as_array().unwrap().iter().map(|n| n.as_u64().unwrap() as usize).collect();
    (
        v["kind"].as_str().unwrap().to_string(),
        v["moved"].as_bool().unwrap(),
        numbers(&v["old"]),
        numbers(&v["new"]),
    )
}

#[test]
fn labelled_edits_on_real_series_come_out_right() {
    let dir = common::repo().join("tests/golden");
    let cases = std::fs::read_to_string(dir.join("cases.jsonl")).unwrap();
    let (mut expected_total, mut right_total) = (0, 0);
    let mut by_edit: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut broken = Vec::new();
    let mut count = 0;
    for line in cases.lines() {
        count += 1;
        let case: Value = serde_json::from_str(line).unwrap();
        let old_text = std::fs::read_to_string(dir.join("docs").join(case["doc"].as_str().unwrap())).unwrap();
        let old_paragraphs: Vec<&str> = old_text.split("\n\n").map(str::trim).collect();
        let new_paragraphs: Vec<String> = case["new"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| match p.get("old") {
                Some(o) => old_paragraphs[o.as_u64().unwrap() as usize - 1].to_string(),
                None => p["text"].as_str().unwrap().to_string(),
            })
            .collect();
        let new_text = new_paragraphs.join("\n\n") + "\n";
        let old = load("old.txt", old_text.as_bytes(), ImportOptions::default()).unwrap().document;
        let new = load("new.txt", new_text.as_bytes(), ImportOptions::default()).unwrap().document;
        let diff = align::diff(&old, &new, Side::default(), Side::default(), &align::Options::default());
        if let Err(e) = common::check_invariants(&old, &new, &diff) {
            broken.push(format!("{}: {e}", case["name"]));
        }
        let got: BTreeSet<Key> = diff
            .paragraphs
            .iter()
            .map(|e| (e.kind.as_str().to_string(), e.moved, e.old.clone(), e.new.clone()))
            .collect();
        let edits = case["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("+");
        for exp in case["expected"].as_array().unwrap() {
            let k = key(exp);
            let ok = got.contains(&k);
            expected_total += 1;
            right_total += usize::from(ok);
            let stat = by_edit.entry(edits.clone()).or_default();
            stat.0 += usize::from(ok);
            stat.1 += 1;
            if !ok {
                wrong.push(format!("{}: expected {k:?}", case["name"]));
            }
        }
    }
    let accuracy = right_total as f64 / expected_total as f64;
    let report: Vec<String> = by_edit.iter().map(|(e, (r, t))| format!("{e}: {r}/{t}")).collect();
    println!(
        "{count} cases, {right_total}/{expected_total} entries right ({:.2}%)\n{}",
        accuracy * 100.0,
        report.join("\n")
    );
    assert!(count > 600, "the golden set is there");
    assert!(broken.is_empty(), "invariants broken:\n{}", broken.join("\n"));
    assert!(
        accuracy >= 0.99,
        "accuracy {accuracy:.4} below 0.99; first misses:\n{}",
        wrong[..wrong.len().min(30)].join("\n")
    );
}
