//! Reading and scoring the real gold set of `tests/golden/real/`: consecutive documents of real
//! series, every paragraph labelled by reading both texts (rules in `RULES.md`). Shared by the
//! `real_gold` test and `examples/real_gold.rs`.
//!
//! A *link* is one entry's pair of paragraph lists (old numbers, new numbers). The engine's link
//! is right when a labelled link has exactly the same lists; precision, recall and F1 count
//! links. Per-kind recall counts labelled links of each kind found exactly; *rewrites* are the
//! labelled `modified` links whose two paragraphs share less than half their words (plain Dice
//! over word keys); *moved accuracy* is, over the labelled links found with both sides
//! non-empty, the share whose `moved` flag agrees.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use communique::align::{self, Side};
use communique::document::Document;
use communique::document::import::{ImportOptions, load};
use serde::Deserialize;

/// One labelled link, as in a label file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Link {
    pub old: Vec<usize>,
    pub new: Vec<usize>,
    pub kind: String,
    pub moved: bool,
    #[serde(default)]
    pub borderline: bool,
    #[serde(default)]
    pub note: Option<String>,
}

impl Link {
    fn key(&self) -> (Vec<usize>, Vec<usize>) {
        (self.old.clone(), self.new.clone())
    }
}

#[derive(Deserialize)]
struct LabelFile {
    series: String,
    old: String,
    new: String,
    links: Vec<Link>,
}

/// One labelled pair.
pub struct Pair {
    /// `series/old → new`.
    pub name: String,
    pub old: Document,
    pub new: Document,
    pub links: Vec<Link>,
}

/// The links of every label file under `dir/labels`, by pair name (`series/old → new`): a second
/// labelling of some pairs, to measure how far two readers agree.
pub fn label_links(dir: &Path) -> HashMap<String, Vec<Link>> {
    std::fs::read_dir(dir.join("labels"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let label: LabelFile = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (format!("{}/{} → {}", label.series, label.old, label.new), label.links)
        })
        .collect()
}

/// Every labelled pair under `dir` (`tests/golden/real`), in file-name order; panics on a label
/// file that does not cover both documents exactly.
pub fn pairs(dir: &Path) -> Vec<Pair> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("labels"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let label: LabelFile = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let read = |file: &str| {
                let bytes = std::fs::read(dir.join("texts").join(&label.series).join(file)).unwrap();
                load(file, bytes, ImportOptions::default()).unwrap().document
            };
            let pair = Pair {
                name: format!("{}/{} → {}", label.series, label.old, label.new),
                old: read(&label.old),
                new: read(&label.new),
                links: label.links,
            };
            check_cover(&pair);
            pair
        })
        .collect()
}

fn check_cover(pair: &Pair) {
    let mut old = vec![0; pair.old.paragraphs().len()];
    let mut new = vec![0; pair.new.paragraphs().len()];
    for l in &pair.links {
        l.old.iter().for_each(|&o| old[o - 1] += 1);
        l.new.iter().for_each(|&n| new[n - 1] += 1);
    }
    assert!(
        old.iter().chain(&new).all(|&c| c == 1),
        "{}: the labels do not cover every paragraph exactly once",
        pair.name
    );
}

/// The engine's links for a pair.
pub fn engine(pair: &Pair, options: &align::Options) -> Vec<Link> {
    let diff = align::diff(&pair.old, &pair.new, Side::default(), Side::default(), options);
    diff.paragraphs
        .iter()
        .map(|e| Link {
            old: e.old.clone(),
            new: e.new.clone(),
            kind: e.kind.as_str().to_string(),
            moved: e.moved,
            borderline: false,
            note: None,
        })
        .collect()
}

/// What `git diff` of the two files (a paragraph a line) links: identical lines in order
/// (Myers), every other line deleted or inserted.
pub fn git_like(pair: &Pair) -> Vec<Link> {
    let old: Vec<&str> = pair.old.paragraph_texts().collect();
    let new: Vec<&str> = pair.new.paragraph_texts().collect();
    let mut links = Vec::new();
    let link = |old: Vec<usize>, new: Vec<usize>, kind: &str| Link {
        old,
        new,
        kind: kind.to_string(),
        moved: false,
        borderline: false,
        note: None,
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new) {
        for change in op.iter_changes(&old, &new) {
            match (change.old_index(), change.new_index()) {
                (Some(o), Some(n)) => links.push(link(vec![o + 1], vec![n + 1], "unchanged")),
                (Some(o), None) => links.push(link(vec![o + 1], vec![], "deleted")),
                (None, Some(n)) => links.push(link(vec![], vec![n + 1], "inserted")),
                (None, None) => {}
            }
        }
    }
    links
}

/// Counts for one way of linking, over some pairs.
#[derive(Clone, Debug, Default)]
pub struct Score {
    /// Links found that are labelled.
    pub right: usize,
    /// Links found.
    pub found: usize,
    /// Links labelled.
    pub labelled: usize,
    /// Per labelled kind: (found exactly, labelled).
    pub by_kind: BTreeMap<String, (usize, usize)>,
    /// Labelled rewrites: (found, labelled).
    pub rewrites: (usize, usize),
    /// Over labelled links found with both sides: (moved flag agrees, count).
    pub moved: (usize, usize),
    /// Labelled links not found, and what was found instead, for reading.
    pub misses: Vec<Miss>,
    /// Links found that are not labelled.
    pub wrong: Vec<(String, Link)>,
}

/// A labelled link not found.
#[derive(Clone, Debug)]
pub struct Miss {
    pub pair: String,
    pub expected: Link,
    pub got: Vec<Link>,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.found)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.right, self.labelled)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn kind_recall(&self, kind: &str) -> f64 {
        self.by_kind.get(kind).map_or(f64::NAN, |&(r, t)| ratio(r, t))
    }
    pub fn rewrite_recall(&self) -> f64 {
        ratio(self.rewrites.0, self.rewrites.1)
    }
    pub fn moved_accuracy(&self) -> f64 {
        ratio(self.moved.0, self.moved.1)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { f64::NAN } else { a as f64 / b as f64 }
}

/// Which links count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every labelled link.
    All,
    /// Labelled links not flagged borderline; a found link touching a paragraph of a borderline
    /// link is not counted either way.
    Clear,
}

/// Scores `found` links against the labels of every pair.
pub fn score(pairs: &[Pair], scope: Scope, mut found: impl FnMut(&Pair) -> Vec<Link>) -> Score {
    let mut s = Score::default();
    for pair in pairs {
        let got = found(pair);
        let skip_old: BTreeSet<usize> = match scope {
            Scope::All => BTreeSet::new(),
            Scope::Clear => pair.links.iter().filter(|l| l.borderline).flat_map(|l| l.old.clone()).collect(),
        };
        let skip_new: BTreeSet<usize> = match scope {
            Scope::All => BTreeSet::new(),
            Scope::Clear => pair.links.iter().filter(|l| l.borderline).flat_map(|l| l.new.clone()).collect(),
        };
        let touches_skipped = |l: &Link| {
            l.old.iter().any(|o| skip_old.contains(o)) || l.new.iter().any(|n| skip_new.contains(n))
        };
        let got_by_key: HashMap<(Vec<usize>, Vec<usize>), &Link> = got.iter().map(|l| (l.key(), l)).collect();
        let labelled: BTreeSet<(Vec<usize>, Vec<usize>)> = pair.links.iter().map(Link::key).collect();
        for l in pair.links.iter().filter(|l| !(scope == Scope::Clear && l.borderline)) {
            s.labelled += 1;
            let hit = got_by_key.get(&l.key());
            s.right += usize::from(hit.is_some());
            let kind = s.by_kind.entry(l.kind.clone()).or_default();
            kind.0 += usize::from(hit.is_some());
            kind.1 += 1;
            if l.kind == "modified" && word_dice(pair, l) < 0.5 {
                s.rewrites.0 += usize::from(hit.is_some());
                s.rewrites.1 += 1;
            }
            match hit {
                Some(h) if !l.old.is_empty() && !l.new.is_empty() => {
                    s.moved.0 += usize::from(h.moved == l.moved);
                    s.moved.1 += 1;
                }
                Some(_) => {}
                None => s.misses.push(Miss {
                    pair: pair.name.clone(),
                    expected: l.clone(),
                    got: got
                        .iter()
                        .filter(|g| {
                            g.old.iter().any(|o| l.old.contains(o)) || g.new.iter().any(|n| l.new.contains(n))
                        })
                        .cloned()
                        .collect(),
                }),
            }
        }
        for g in &got {
            if scope == Scope::Clear && touches_skipped(g) {
                continue;
            }
            s.found += 1;
            if !labelled.contains(&g.key()) {
                s.wrong.push((pair.name.clone(), g.clone()));
            }
        }
    }
    s
}

/// Plain Dice over the word keys of a link's two sides (several paragraphs of a side together).
pub fn word_dice(pair: &Pair, link: &Link) -> f64 {
    let bag = |doc: &Document, numbers: &[usize]| {
        let mut bag: HashMap<String, usize> = HashMap::new();
        for &n in numbers {
            let text = doc.paragraph_text(n - 1);
            for w in communique::document::words(text) {
                let mut key = String::new();
                communique::document::push_word_key(w.of(text), &mut key);
                *bag.entry(key).or_default() += 1;
            }
        }
        bag
    };
    let (a, b) = (bag(&pair.old, &link.old), bag(&pair.new, &link.new));
    let total: usize = a.values().sum::<usize>() + b.values().sum::<usize>();
    let common: usize = a.iter().map(|(k, &n)| n.min(b.get(k).copied().unwrap_or(0))).sum();
    if total == 0 { 1.0 } else { 2.0 * common as f64 / total as f64 }
}

/// A short, readable form of a link: `split ¶3 → ¶4,5 (moved)`.
pub fn show(link: &Link) -> String {
    let list = |v: &[usize]| {
        if v.is_empty() {
            "–".to_string()
        } else {
            v.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
        }
    };
    format!(
        "{} ¶{} → ¶{}{}{}",
        link.kind,
        list(&link.old),
        list(&link.new),
        if link.moved { " (moved)" } else { "" },
        if link.borderline { " [borderline]" } else { "" }
    )
}
