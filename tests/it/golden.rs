//! The golden set: real documents of every shared series with labelled edits applied (see
//! `examples/golden.rs`), read the way `communique diff FILE_A FILE_B` reads files. Every
//! expected paragraph entry (kind, moved, old and new numbers) must come out exactly, but for the
//! known misses pinned in `tests/golden/known-misses.jsonl`; every diff must satisfy the
//! invariants.
//!
//! A new miss fails the test, and so does a pinned miss that the engine now gets right (or gets
//! wrong differently): the list says what the engine does today, no more, no less.

use std::collections::BTreeMap;

use crate::common::golden::{Entry, Miss};
use crate::common::{self, golden};

use communique::align;

/// Where the known misses are pinned, one JSON object a line.
const KNOWN_MISSES: &str = "tests/golden/known-misses.jsonl";

#[test]
fn labelled_edits_on_real_series_come_out_right() {
    let cases = golden::cases(&common::repo().join("tests/golden"));
    let report = golden::evaluate(&cases, &align::Options::default(), |case, diff| {
        common::check_invariants(&case.old, &case.new, diff)
    });
    let per_edit: Vec<String> = report.by_edit.iter().map(|(e, (r, t))| format!("{e}: {r}/{t}")).collect();
    println!(
        "{} cases, {}/{} entries right ({:.2}%)\n{}",
        report.cases,
        report.right,
        report.total,
        report.accuracy() * 100.0,
        per_edit.join("\n"),
    );
    assert!(report.cases > 600, "the golden set is there");
    assert!(report.broken.is_empty(), "invariants broken:\n{}", report.broken.join("\n"));
    let pinned = known_misses();
    let problems = compare(&pinned, &report.misses);
    let current: Vec<String> = report.misses.iter().map(|m| serde_json::to_string(m).unwrap()).collect();
    assert!(
        problems.is_empty(),
        "the misses on the golden set are not the {} pinned in {KNOWN_MISSES}:\n{}\n\n\
         If the change is intended, replace that file with the current misses:\n{}",
        pinned.len(),
        problems.join("\n"),
        current.join("\n")
    );
}

/// The pinned misses.
fn known_misses() -> Vec<Miss> {
    let text = std::fs::read_to_string(common::repo().join(KNOWN_MISSES)).unwrap();
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{KNOWN_MISSES}:{}: {e}", i + 1))
        })
        .collect()
}

/// What differs between the pinned misses and the misses of this run, one line each: a new
/// miss, a pinned miss now right, a pinned miss now wrong in another way.
fn compare(pinned: &[Miss], found: &[Miss]) -> Vec<String> {
    let key = |m: &Miss| (m.case.clone(), m.expected.clone());
    let pinned: BTreeMap<(String, Entry), &Miss> = pinned.iter().map(|m| (key(m), m)).collect();
    let found: BTreeMap<(String, Entry), &Miss> = found.iter().map(|m| (key(m), m)).collect();
    let mut problems = Vec::new();
    for (k, miss) in &found {
        match pinned.get(k) {
            None => problems.push(format!("new miss: {miss}")),
            Some(old) if old.got != miss.got => {
                problems.push(format!("pinned miss answered differently: {miss} (pinned: {old})"))
            }
            Some(_) => {}
        }
    }
    for (k, miss) in &pinned {
        if !found.contains_key(k) {
            problems.push(format!("pinned miss now right (remove it from the list): {miss}"));
        }
    }
    problems
}

#[test]
fn the_pins_catch_a_new_miss_a_fixed_one_and_a_changed_one() {
    let entry = |kind: &str, old: &[usize], new: &[usize]| Entry {
        kind: kind.to_string(),
        moved: false,
        old: old.to_vec(),
        new: new.to_vec(),
    };
    let miss = |case: &str, got: Vec<Entry>| Miss {
        case: case.to_string(),
        expected: entry("split", &[8], &[7, 8]),
        got,
    };
    let a = miss("a", vec![entry("modified", &[8], &[7])]);
    let b = miss("b", vec![entry("modified", &[8], &[8])]);
    assert!(compare(&[a.clone(), b.clone()], &[b.clone(), a.clone()]).is_empty());
    let new = compare(std::slice::from_ref(&a), &[a.clone(), b.clone()]);
    assert_eq!(new, ["new miss: b: expected split ¶8 → ¶7+¶8, got modified ¶8 → ¶8"]);
    let fixed = compare(&[a.clone(), b.clone()], std::slice::from_ref(&a));
    assert_eq!(fixed.len(), 1);
    assert!(fixed[0].starts_with("pinned miss now right (remove it from the list): b:"), "{fixed:?}");
    let changed = compare(std::slice::from_ref(&a), &[miss("a", vec![entry("deleted", &[8], &[])])]);
    assert_eq!(changed.len(), 1);
    assert!(changed[0].starts_with("pinned miss answered differently: a:"), "{changed:?}");
}
