//! Reading and scoring the golden set of `tests/golden/` (shared by the golden test and the
//! threshold-tuning example).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use communique::align::{self, Diff, Side};
use communique::document::Document;
use communique::document::import::{ImportOptions, load};
use serde_json::Value;

/// One case: both documents, read as `diff FILE_A FILE_B` reads files, and the expected entries.
pub struct Case {
    pub name: String,
    pub edits: String,
    pub old: Document,
    pub new: Document,
    pub expected: Vec<(String, bool, Vec<usize>, Vec<usize>)>,
}

/// How a run of the engine did on the set.
#[derive(Default)]
pub struct Report {
    pub cases: usize,
    pub right: usize,
    pub total: usize,
    pub by_edit: BTreeMap<String, (usize, usize)>,
    pub misses: Vec<String>,
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
                old: load("old.txt", old_text.as_bytes(), ImportOptions::default()).unwrap().document,
                new: load("new.txt", new_text.as_bytes(), ImportOptions::default()).unwrap().document,
                expected: case["expected"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| {
                        (
                            v["kind"].as_str().unwrap().to_string(),
                            v["moved"].as_bool().unwrap(),
                            numbers(&v["old"]),
                            numbers(&v["new"]),
                        )
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
        let got: BTreeSet<(String, bool, Vec<usize>, Vec<usize>)> = diff
            .paragraphs
            .iter()
            .map(|e| (e.kind.as_str().to_string(), e.moved, e.old.clone(), e.new.clone()))
            .collect();
        for exp in &case.expected {
            let ok = got.contains(exp);
            report.total += 1;
            report.right += usize::from(ok);
            let stat = report.by_edit.entry(case.edits.clone()).or_default();
            stat.0 += usize::from(ok);
            stat.1 += 1;
            if !ok {
                report.misses.push(format!("{}: expected {exp:?}", case.name));
            }
        }
    }
    report
}
