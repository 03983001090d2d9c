//! Reading and scoring the golden set of `tests/golden/` (shared by the golden test and the
//! threshold-tuning example).

use std::collections::BTreeMap;
use std::path::Path;

use communique::align::{self, Diff, Side};
use communique::document::Document;
use communique::document::import::{ImportOptions, load};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One case: both documents, read as `diff FILE_A FILE_B` reads files, and the expected entries.
pub struct Case {
    pub name: String,
    pub edits: String,
    pub old: Document,
    pub new: Document,
    pub expected: Vec<Entry>,
}

/// A paragraph entry as the set labels it: its kind, whether it moved, and its old and new
/// paragraph numbers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub kind: String,
    pub moved: bool,
    pub old: Vec<usize>,
    pub new: Vec<usize>,
}

impl Entry {
    fn of(entry: &align::Entry) -> Self {
        Self {
            kind: entry.kind.as_str().to_string(),
            moved: entry.moved,
            old: entry.old.clone(),
            new: entry.new.clone(),
        }
    }

    /// Whether the two share a paragraph of either side.
    fn overlaps(&self, other: &Entry) -> bool {
        self.old.iter().any(|n| other.old.contains(n)) || self.new.iter().any(|n| other.new.contains(n))
    }
}

impl std::fmt::Display for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let numbers = |ns: &[usize]| ns.iter().map(|n| format!("¶{n}")).collect::<Vec<_>>().join("+");
        let moved = if self.moved { " (moved)" } else { "" };
        write!(f, "{}{moved} {} → {}", self.kind, numbers(&self.old), numbers(&self.new))
    }
}

/// An expected entry the engine did not produce, and the entries it produced instead (those
/// sharing a paragraph with the expected one).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Miss {
    pub case: String,
    pub expected: Entry,
    pub got: Vec<Entry>,
}

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let got: Vec<String> = self.got.iter().map(Entry::to_string).collect();
        let got = if got.is_empty() { "no entry on those paragraphs".to_string() } else { got.join(", ") };
        write!(f, "{}: expected {}, got {got}", self.case, self.expected)
    }
}

/// How a run of the engine did on the set.
#[derive(Default)]
pub struct Report {
    pub cases: usize,
    pub right: usize,
    pub total: usize,
    pub by_edit: BTreeMap<String, (usize, usize)>,
    pub misses: Vec<Miss>,
    pub broken: Vec<String>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        self.right as f64 / self.total.max(1) as f64
    }
}

fn numbers(v: &Value) -> Vec<usize> {
    v.as_array().unwrap().iter().map(|n| n.as_u64().unwrap() as usize).collect()
}

/// Reads every case of the golden set in `dir`.
pub fn cases(dir: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(dir.join("cases.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let case: Value = serde_json::from_str(line).unwrap();
            let old_text =
                std::fs::read_to_string(dir.join("docs").join(case["doc"].as_str().unwrap())).unwrap();
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
            Case {
                name: case["name"].as_str().unwrap().to_string(),
                edits: case["edits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("+"),
                old: load("old.txt", old_text.as_bytes().to_vec(), ImportOptions::default())
                    .unwrap()
                    .document,
                new: load("new.txt", new_text.as_bytes().to_vec(), ImportOptions::default())
                    .unwrap()
                    .document,
                expected: case["expected"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| Entry {
                        kind: v["kind"].as_str().unwrap().to_string(),
                        moved: v["moved"].as_bool().unwrap(),
                        old: numbers(&v["old"]),
                        new: numbers(&v["new"]),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Runs the engine with `options` on every case and scores the entries.
pub fn evaluate(
    cases: &[Case],
    options: &align::Options,
    check: impl Fn(&Case, &Diff) -> Result<(), String>,
) -> Report {
    let mut report = Report::default();
    for case in cases {
        report.cases += 1;
        let diff = align::diff(&case.old, &case.new, Side::default(), Side::default(), options);
        if let Err(e) = check(case, &diff) {
            report.broken.push(format!("{}: {e}", case.name));
        }
        let got: Vec<Entry> = diff.paragraphs.iter().map(Entry::of).collect();
        for exp in &case.expected {
            let ok = got.contains(exp);
            report.total += 1;
            report.right += usize::from(ok);
            let stat = report.by_edit.entry(case.edits.clone()).or_default();
            stat.0 += usize::from(ok);
            stat.1 += 1;
            if !ok {
                let instead = got.iter().filter(|e| e.overlaps(exp)).cloned().collect();
                report.misses.push(Miss { case: case.name.clone(), expected: exp.clone(), got: instead });
            }
        }
    }
    report
}
