//! `annotate`: every sentence of a meeting with the meeting where it first appeared.
//!
//! The series is read in order. A sentence whose tokens appeared before takes the origin of
//! their first appearance (so a sentence that disappeared and came back keeps its first
//! origin, and a verbatim sentence is never dated after its earliest verbatim occurrence).
//! Otherwise its closest sentence in the previous meeting, if similar enough, passes on its
//! origin: a chain of close edits leads back to the ancestor. Otherwise it is new.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::{Meeting, MeetingRef};
use crate::align::hash::FxHashMap;
use crate::align::profile::sorted_dice;
use crate::document::{self, Span, push_word_key, words};

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.annotate/1";

/// The answer of `annotate` (JSON `communique.annotate/1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The meeting annotated.
    pub meeting: MeetingRef,
    /// Its sentences, in order.
    pub sentences: Vec<Annotated>,
}

/// The meeting a sentence comes from.
pub type Origin = MeetingRef;

/// One sentence and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotated {
    /// Its paragraph (1-based).
    pub paragraph: usize,
    /// The sentence.
    pub text: String,
    /// The meeting where it (or its ancestor) first appeared.
    pub origin: Origin,
    /// Word similarity to the sentence as it first appeared, in [0, 1].
    pub similarity: f64,
}

/// A sentence's origin while reading the series: the meeting's index and the original words.
#[derive(Clone)]
struct Source {
    meeting: usize,
    words: Rc<Vec<u64>>,
}

/// A sentence as read: its sorted word fingerprints and its origin.
type Read = (Rc<Vec<u64>>, Source);

/// A 64-bit fingerprint of a word's comparison form (DESIGN.md "Words"), computed without
/// allocating for ASCII words: annotate compares a whole series' sentences, and a table of
/// every word costs more than the comparison itself.
fn word_id(text: &str, span: Span, scratch: &mut String) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let word = span.of(text);
    let bytes = if word.is_ascii() {
        None
    } else {
        scratch.clear();
        push_word_key(word, scratch);
        Some(scratch.as_bytes())
    };
    let mut hash = 0u64;
    match bytes {
        None => {
            for b in word.bytes() {
                hash = (hash.rotate_left(5) ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(K);
            }
        }
        Some(bytes) => {
            for &b in bytes {
                hash = (hash.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
            }
        }
    }
    hash
}

/// Annotates the last of `meetings` (one series, chronological). Sentences at least
/// `min_similarity` alike (word Dice) count as edits of one another.
pub fn annotate(meetings: &[Meeting], min_similarity: f64) -> Annotation {
    let target = meetings.len().checked_sub(1).expect("at least the meeting to annotate");
    let mut scratch = String::new();
    let mut first_seen: FxHashMap<Vec<u64>, Source> = FxHashMap::default();
    let mut previous: Vec<Read> = Vec::new();
    // A paragraph repeated word for word gives its sentences the origins it gave them first:
    // each sentence's words are then already known. Skip segmenting it again.
    let mut seen_paragraphs: FxHashMap<&str, Vec<Read>> = FxHashMap::default();
    let mut sentences = Vec::new();
    for (i, meeting) in meetings.iter().enumerate() {
        let doc = &meeting.document;
        let mut current = Vec::new();
        for (p, paragraph_text) in doc.paragraph_texts().enumerate() {
            if i != target {
                if let Some(known) = seen_paragraphs.get(paragraph_text) {
                    current.extend(known.iter().cloned());
                    continue;
                }
            }
            let start = current.len();
            // Sentence spans only: the words are hashed straight from the text, without the
            // per-sentence word lists a document would keep.
            for span in document::sentences(paragraph_text) {
                let text = span.of(paragraph_text).trim_end();
                let tokens: Vec<u64> = words(text).map(|w| word_id(text, w, &mut scratch)).collect();
                let mut bag = tokens.clone();
                bag.sort_unstable();
                let bag = Rc::new(bag);
                let source = match first_seen.get(&tokens) {
                    Some(source) => source.clone(),
                    None => {
                        let closest = previous
                            .iter()
                            // Dice can reach at most 2·min/(a+b): skip what cannot qualify.
                            .filter(|(words, _)| {
                                let (a, b) = (bag.len().min(words.len()), bag.len().max(words.len()));
                                2.0 * a as f64 >= min_similarity * (a + b) as f64
                            })
                            .map(|(words, source)| (dice(&bag, words), source))
                            .filter(|(similarity, _)| *similarity >= min_similarity)
                            .max_by(|a, b| a.0.total_cmp(&b.0));
                        let source = match closest {
                            Some((_, source)) => source.clone(),
                            None => Source { meeting: i, words: Rc::clone(&bag) },
                        };
                        if !tokens.is_empty() {
                            first_seen.insert(tokens, source.clone());
                        }
                        source
                    }
                };
                if i == target {
                    let similarity = (dice(&bag, &source.words) * 1000.0).round() / 1000.0;
                    sentences.push(Annotated {
                        paragraph: p + 1,
                        text: text.to_string(),
                        origin: meetings[source.meeting].reference(),
                        similarity: if bag.is_empty() { 1.0 } else { similarity },
                    });
                }
                current.push((bag, source));
            }
            seen_paragraphs.entry(paragraph_text).or_insert_with(|| current[start..].to_vec());
        }
        previous = current;
    }
    Annotation { schema: SCHEMA.to_string(), meeting: meetings[target].reference(), sentences }
}

/// Word similarity of two sentences (sorted fingerprints); two sentences without words are alike.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() { 1.0 } else { sorted_dice(a, b) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::test_meeting as meeting;

    fn origins(a: &Annotation) -> Vec<(String, f64)> {
        a.sentences.iter().map(|s| (s.origin.date.to_string(), s.similarity)).collect()
    }

    #[test]
    fn verbatim_edited_new_and_returning_sentences() {
        let meetings = [
            meeting("2007-01-01", &["The mandate is extended for twelve months. It supports elections."]),
            meeting(
                "2008-01-01",
                &["The mandate is extended for twelve months. It supports fair elections."],
            ),
            meeting("2009-01-01", &["A new sentence about refugees and returns."]),
            meeting(
                "2010-01-01",
                &[
                    "The mandate is extended for twelve months. It supports fair elections.",
                    "A brand new line on human rights monitoring.",
                ],
            ),
        ];
        let a = annotate(&meetings, 0.5);
        assert_eq!(a.meeting.id, "s/2010-01-01");
        assert_eq!(
            origins(&a),
            [("2007-01-01".into(), 1.0), ("2007-01-01".into(), 0.857), ("2010-01-01".into(), 1.0)]
        );
        assert_eq!(a.sentences[2].paragraph, 2);
    }
}
