//! Near variants of a phrase for `blame --fuzzy`: word sequences a word or two away (changed,
//! inserted or dropped words), so "continue to monitor" also surfaces "will carefully monitor".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::MeetingRef;
use crate::document::Meeting;
use crate::document::{word_key, word_keys, words};
use crate::text::hash::FxHashSet;

/// One near variant, with where it first appeared and how often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The variant as first written.
    pub text: String,
    /// Words changed, inserted or dropped relative to the phrase.
    pub edits: usize,
    /// The variant's words that are not in the phrase.
    pub differing: Vec<String>,
    /// Where those words are in `text` (byte ranges of its word tokens), for marking; not in
    /// JSON.
    #[serde(skip)]
    pub marks: Vec<(usize, usize)>,
    /// Where it first appeared.
    pub first: MeetingRef,
    /// The paragraph (1-based) of that first appearance.
    pub paragraph: usize,
    /// How many meetings have it.
    pub meetings: usize,
}

/// How many word edits a variant of an `n`-word phrase may have.
fn allowed(n: usize) -> usize {
    if n <= 2 { 1 } else { 2 }
}

/// Word-level edit distance.
fn distance(a: &[String], b: &[String]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let next = (diagonal + usize::from(x != y)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Near variants of `phrase` (its word keys) in `meetings`, the most used first.
/// Exact occurrences are not variants.
pub fn variants(phrase: &[String], meetings: &[Meeting], limit: usize) -> Vec<Variant> {
    let n = phrase.len();
    let max = allowed(n);
    let mut found: BTreeMap<Vec<String>, Variant> = BTreeMap::new();
    for meeting in meetings {
        // A set: a long meeting can hold thousands of distinct variants.
        let mut seen_here: FxHashSet<Vec<String>> = FxHashSet::default();
        for (p, text) in meeting.document.paragraph_texts().enumerate() {
            let spans: Vec<_> = words(text).collect();
            let keys = word_keys(text);
            let mut i = 0;
            while i < keys.len() {
                // The closest window starting here, anchored on the phrase's first or last word.
                let best = (n.saturating_sub(max).max(1)..=n + max)
                    .filter(|&len| i + len <= keys.len())
                    .map(|len| (distance(phrase, &keys[i..i + len]), len))
                    .filter(|&(d, len)| {
                        d > 0 && d <= max && (keys[i] == phrase[0] || keys[i + len - 1] == phrase[n - 1])
                    })
                    // A window around an exact occurrence is that occurrence, not a variant.
                    .filter(|&(_, len)| !keys[i..i + len].windows(n).any(|w| w == phrase))
                    .min_by_key(|&(d, len)| (d, len.abs_diff(n)));
                let Some((d, len)) = best else {
                    i += 1;
                    continue;
                };
                let window = keys[i..i + len].to_vec();
                let variant = found.entry(window.clone()).or_insert_with(|| {
                    let text = text[spans[i].start..spans[i + len - 1].end].to_string();
                    let differing: Vec<String> =
                        window.iter().filter(|w| !phrase.contains(w)).cloned().collect();
                    let marks = words(&text)
                        .map(|w| (w.start, w.end))
                        .filter(|&(a, b)| differing.contains(&word_key(&text[a..b])))
                        .collect();
                    Variant {
                        text,
                        edits: d,
                        differing,
                        marks,
                        first: MeetingRef::of(meeting),
                        paragraph: p + 1,
                        meetings: 0,
                    }
                });
                if seen_here.insert(window) {
                    variant.meetings += 1;
                }
                i += len;
            }
        }
    }
    let mut out: Vec<Variant> = found.into_values().collect();
    // The variants most used first: that is what a reader is after.
    out.sort_by(|a, b| {
        b.meetings.cmp(&a.meetings).then(a.edits.cmp(&b.edits)).then(a.first.date.cmp(&b.first.date))
    });
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Meta};

    #[test]
    fn finds_a_word_or_two_away() {
        let date: chrono::NaiveDate = "2020-01-01".parse().unwrap();
        let meta = Meta { series: "s".into(), date, title: None, place: None, source: None };
        let doc = Document::new(
            meta,
            ["The Committee will carefully monitor the data.", "It will continue to monitor risks."],
        );
        let meetings = [Meeting { id: "s/x".into(), series: "s".into(), date, document: doc }];
        let phrase = word_keys("continue to monitor");
        let found = variants(&phrase, &meetings, 10);
        let texts: Vec<&str> = found.iter().map(|v| v.text.as_str()).collect();
        assert!(texts.contains(&"will carefully monitor"), "{texts:?}");
        assert!(!texts.contains(&"continue to monitor"));
        let carefully = found.iter().find(|v| v.text == "will carefully monitor").unwrap();
        assert_eq!(
            (carefully.edits, carefully.differing.clone()),
            (2, vec!["will".to_string(), "carefully".to_string()])
        );
    }

    #[test]
    fn word_distance() {
        let w = |s: &str| word_keys(s);
        assert_eq!(distance(&w("a b c"), &w("a b c")), 0);
        assert_eq!(distance(&w("a b c"), &w("a x c")), 1);
        assert_eq!(distance(&w("a b c"), &w("a c")), 1);
        assert_eq!(distance(&w("a b c"), &w("a b c d")), 1);
    }
}
