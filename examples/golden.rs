//! Builds the golden set of `tests/golden/`: real documents from the shared corpora with
//! labelled edits applied (modify a few words, move, move-and-modify, insert, delete, split at a
//! sentence boundary, merge two neighbours, reword a third of a paragraph's words, replace a
//! paragraph by an unrelated one of the same series, and combinations), and the paragraph
//! entries the labels imply. The oracle comes from the edits alone, never from the engine.
//!
//! `cargo run --example golden -- ../shared/corpora tests/golden` writes `docs/` and
//! `cases.jsonl` (one case a line: the document, the edited paragraphs, the expected entries).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use communique::document::{sentences, words};
use serde_json::{Value, json};

/// splitmix64: a small deterministic generator, so the set is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A paragraph of the edited document and what it is, in terms of the original.
#[derive(Clone, Debug)]
struct Item {
    text: String,
    /// Original paragraphs (0-based) it comes from; empty when inserted.
    old: Vec<usize>,
    kind: &'static str,
    moved: bool,
    /// Items of one split share a group number.
    group: usize,
}

struct Doc {
    name: String,
    paragraphs: Vec<String>,
}

const EDITS: &[&str] =
    &["modify", "move", "move-modify", "insert", "delete", "split", "merge", "reword", "replace"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (corpora, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let docs = pick_documents(corpora)?;
    fs::create_dir_all(out.join("docs"))?;
    for doc in &docs {
        fs::write(out.join("docs").join(&doc.name), doc.paragraphs.join("\n\n") + "\n")?;
    }
    let donors: Vec<&String> =
        docs.iter().flat_map(|d| &d.paragraphs).filter(|p| words(p).count() >= 12).collect();
    let mut rng = Rng(20_210_628);
    let mut cases = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let mut plans: Vec<Vec<&str>> = EDITS.iter().map(|e| vec![*e]).collect();
        plans.push(vec!["modify", "delete", "insert"]);
        plans.push(vec!["split", "modify", "move"]);
        plans.push(vec!["merge", "insert", "modify"]);
        for plan in plans {
            let mut items: Vec<Item> = doc
                .paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| Item {
                    text: p.clone(),
                    old: vec![i],
                    kind: "unchanged",
                    moved: false,
                    group: i,
                })
                .collect();
            let mut deleted = Vec::new();
            let mut next_group = doc.paragraphs.len();
            let mut applied = Vec::new();
            for edit in &plan {
                // The donor for an insertion comes from another document.
                let donor = loop {
                    let p = donors[rng.below(donors.len())];
                    if !doc.paragraphs.contains(p) {
                        break p.clone();
                    }
                };
                // For a replacement: a paragraph of another document of the same series.
                let kin: Vec<&String> = docs
                    .iter()
                    .filter(|o| o.name != doc.name && series_of(&o.name) == series_of(&doc.name))
                    .flat_map(|o| &o.paragraphs)
                    .filter(|p| words(p).count() >= 12)
                    .collect();
                let donor = if *edit == "replace" && !kin.is_empty() {
                    kin[rng.below(kin.len())].clone()
                } else {
                    donor
                };
                if apply(edit, &mut items, &mut deleted, &mut rng, &donor, &mut next_group, d) {
                    applied.push(*edit);
                }
            }
            if applied.len() != plan.len() {
                continue;
            }
            cases.push(json!({
                "name": format!("{}:{}", doc.name, applied.join("+")),
                "doc": doc.name,
                "edits": applied,
                "new": items.iter().map(|it| match (it.kind, it.old.as_slice()) {
                    ("unchanged", [o]) => json!({"old": o + 1}),
                    _ => json!({"text": it.text}),
                }).collect::<Vec<Value>>(),
                "expected": expected(&items, &deleted),
            }));
        }
    }
    let count = cases.len();
    let lines: Vec<String> = cases.iter().map(serde_json::to_string).collect::<Result<_, _>>()?;
    fs::write(out.join("cases.jsonl"), lines.join("\n") + "\n")?;
    eprintln!("{} documents, {count} cases", docs.len());
    Ok(())
}

/// Up to four documents per series, spread over its years: 4 to 40 paragraphs, at most 16 KB.
fn pick_documents(corpora: &Path) -> Result<Vec<Doc>, Box<dyn std::error::Error>> {
    let mut docs = Vec::new();
    let mut series: Vec<_> =
        fs::read_dir(corpora)?.filter_map(Result::ok).filter(|e| e.path().is_dir()).collect();
    series.sort_by_key(|e| e.file_name());
    for dir in series {
        let name = dir.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = fs::read_dir(dir.path())?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        let fit: Vec<(String, Vec<String>)> = files
            .iter()
            .filter_map(|p| {
                let text = fs::read_to_string(p).ok()?;
                let paragraphs: Vec<String> =
                    text.split("\n\n").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                let unique =
                    paragraphs.iter().collect::<std::collections::BTreeSet<_>>().len() == paragraphs.len();
                (text.len() <= 16_000 && (4..=40).contains(&paragraphs.len()) && unique)
                    .then(|| (p.file_name().unwrap().to_string_lossy().into_owned(), paragraphs))
            })
            .collect();
        let take = fit.len().min(4);
        for k in 0..take {
            let (file, paragraphs) = &fit[k * fit.len() / take];
            docs.push(Doc { name: format!("{name}__{file}"), paragraphs: paragraphs.clone() });
        }
    }
    Ok(docs)
}

fn untouched(items: &[Item]) -> Vec<usize> {
    (0..items.len()).filter(|&i| items[i].kind == "unchanged" && !items[i].moved).collect()
}

fn apply(
    edit: &str,
    items: &mut Vec<Item>,
    deleted: &mut Vec<usize>,
    rng: &mut Rng,
    donor: &str,
    next_group: &mut usize,
    salt: usize,
) -> bool {
    let free = untouched(items);
    let wordy: Vec<usize> = free.iter().copied().filter(|&i| words(&items[i].text).count() >= 12).collect();
    match edit {
        "modify" | "move-modify" => {
            let Some(&i) = wordy.get(rng.below(wordy.len().max(1))).filter(|_| !wordy.is_empty()) else {
                return false;
            };
            items[i].text = modify(&items[i].text, rng, salt);
            items[i].kind = "modified";
            if edit == "move-modify" {
                return relocate(items, i, rng);
            }
            true
        }
        "move" => {
            if free.len() < 2 {
                return false;
            }
            let i = free[rng.below(free.len())];
            relocate(items, i, rng)
        }
        "reword" => {
            let Some(&i) = wordy.get(rng.below(wordy.len().max(1))).filter(|_| !wordy.is_empty()) else {
                return false;
            };
            items[i].text = reword(&items[i].text, rng);
            items[i].kind = "modified";
            true
        }
        "replace" => {
            // Only when the two share little but boilerplate: under 30% of words in common.
            let candidates: Vec<usize> =
                free.iter().copied().filter(|&i| word_dice(&items[i].text, donor) < 0.3).collect();
            if candidates.is_empty() || words(donor).count() < 12 {
                return false;
            }
            let i = candidates[rng.below(candidates.len())];
            deleted.push(items[i].old[0]);
            items[i] = Item {
                text: donor.to_string(),
                old: vec![],
                kind: "inserted",
                moved: false,
                group: *next_group,
            };
            *next_group += 1;
            true
        }
        "insert" => {
            let at = rng.below(items.len() + 1);
            items.insert(
                at,
                Item {
                    text: donor.to_string(),
                    old: vec![],
                    kind: "inserted",
                    moved: false,
                    group: *next_group,
                },
            );
            *next_group += 1;
            true
        }
        "delete" => {
            if free.len() < 2 {
                return false;
            }
            let i = free[rng.below(free.len())];
            deleted.push(items.remove(i).old[0]);
            true
        }
        "split" => {
            let splittable: Vec<usize> =
                free.iter().copied().filter(|&i| sentences(&items[i].text).len() >= 2).collect();
            if splittable.is_empty() {
                return false;
            }
            let i = splittable[rng.below(splittable.len())];
            let spans = sentences(&items[i].text);
            let at = spans[1 + rng.below(spans.len() - 1)].start;
            let text = items[i].text.clone();
            let (a, b) = (text[..at].trim_end().to_string(), text[at..].trim().to_string());
            let group = *next_group;
            *next_group += 1;
            let old = items[i].old.clone();
            items[i] = Item { text: a, old: old.clone(), kind: "split", moved: false, group };
            items.insert(i + 1, Item { text: b, old, kind: "split", moved: false, group });
            true
        }
        "merge" => {
            let pairs: Vec<usize> = free.iter().copied().filter(|&i| free.contains(&(i + 1))).collect();
            if pairs.is_empty() {
                return false;
            }
            let i = pairs[rng.below(pairs.len())];
            let second = items.remove(i + 1);
            let first = &mut items[i];
            first.text = format!("{} {}", first.text, second.text);
            first.old.extend(second.old);
            first.kind = "merged";
            first.group = *next_group;
            *next_group += 1;
            true
        }
        _ => unreachable!("unknown edit {edit}"),
    }
}

/// Moves item `i` at least two places away (a swap of neighbours says nothing about which of
/// the two moved).
fn relocate(items: &mut Vec<Item>, i: usize, rng: &mut Rng) -> bool {
    let n = items.len();
    // Never between the pieces of a split: that would no longer be one split paragraph.
    let inside_split = |j: usize| {
        let rest: Vec<&Item> = items.iter().enumerate().filter(|(k, _)| *k != i).map(|(_, it)| it).collect();
        j > 0
            && j < rest.len()
            && rest[j - 1].kind == "split"
            && rest[j].kind == "split"
            && rest[j - 1].group == rest[j].group
    };
    let targets: Vec<usize> = (0..n).filter(|&j| j.abs_diff(i) >= 2 && !inside_split(j)).collect();
    if targets.is_empty() {
        return false;
    }
    let j = targets[rng.below(targets.len())];
    let mut item = items.remove(i);
    item.moved = true;
    items.insert(j, item);
    true
}

/// Replaces one to three words of at least four letters by other words.
fn modify(text: &str, rng: &mut Rng, salt: usize) -> String {
    const SWAPS: &[&str] =
        &["notably", "firmly", "broadly", "regional", "renewed", "significant", "continued", "urgent"];
    let spans: Vec<_> =
        words(text).filter(|w| w.len() >= 4 && w.of(text).chars().all(char::is_alphabetic)).collect();
    let count = 1 + rng.below(3);
    let mut chosen: Vec<usize> = (0..count).map(|_| rng.below(spans.len())).collect();
    chosen.sort_unstable();
    chosen.dedup();
    let mut out = text.to_string();
    for &k in chosen.iter().rev() {
        let span = spans[k];
        let mut word = SWAPS[(rng.below(SWAPS.len()) + salt) % SWAPS.len()];
        if word.eq_ignore_ascii_case(span.of(text)) {
            word = "particular";
        }
        // Keep the capital of a replaced word, as an editor would.
        let original = span.of(text);
        let word = if original.starts_with(char::is_uppercase) {
            word[..1].to_uppercase() + &word[1..]
        } else {
            word.to_string()
        };
        out.replace_range(span.start..span.end, &word);
    }
    out
}

/// Replaces every third word (of two letters or more) by another: a third of the paragraph
/// reworded.
fn reword(text: &str, rng: &mut Rng) -> String {
    const SWAPS: &[&str] =
        &["further", "strongly", "overall", "current", "broader", "timely", "several", "shared"];
    let spans: Vec<_> =
        words(text).filter(|w| w.len() >= 2 && w.of(text).chars().all(char::is_alphabetic)).collect();
    let mut out = text.to_string();
    for span in spans.iter().skip(rng.below(3)).step_by(3).rev() {
        let original = span.of(text);
        let mut word = SWAPS[rng.below(SWAPS.len())].to_string();
        if word.eq_ignore_ascii_case(original) {
            word = "particular".into();
        }
        if original.starts_with(char::is_uppercase) {
            word = word[..1].to_uppercase() + &word[1..];
        }
        out.replace_range(span.start..span.end, &word);
    }
    out
}

/// Share of words in common (Dice over bags of lower-cased words), the oracle's own measure.
fn word_dice(a: &str, b: &str) -> f64 {
    let bag = |t: &str| {
        let mut v: Vec<String> = words(t).map(|w| w.of(t).to_lowercase()).collect();
        v.sort();
        v
    };
    let (x, y) = (bag(a), bag(b));
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()).max(1) as f64
}

/// The entries the labels imply, as `{kind, moved, old, new}` with 1-based numbers.
fn expected(items: &[Item], deleted: &[usize]) -> Vec<Value> {
    let mut groups: BTreeMap<usize, (usize, Value)> = BTreeMap::new();
    for (n, it) in items.iter().enumerate() {
        let entry = groups.entry(it.group).or_insert_with(|| {
            (n, json!({"kind": it.kind, "moved": it.moved, "old": it.old.iter().map(|o| o + 1).collect::<Vec<_>>(), "new": []}))
        });
        entry.1["new"].as_array_mut().unwrap().push(json!(n + 1));
    }
    let mut out: Vec<(usize, Value)> = groups.into_values().collect();
    out.sort_by_key(|(n, _)| *n);
    let mut out: Vec<Value> = out.into_iter().map(|(_, v)| v).collect();
    for &o in deleted {
        out.push(json!({"kind": "deleted", "moved": false, "old": [o + 1], "new": []}));
    }
    out
}

/// The series folder a golden document came from.
fn series_of(name: &str) -> &str {
    name.split("__").next().unwrap_or("")
}
