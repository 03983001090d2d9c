//! Level 3: the word-level redline of two sentences, with a clean-up so it reads like a careful
//! human's: no islands of one short or stop word (or bare punctuation) left "equal" between two
//! changes, and a mostly rewritten sentence shown as one deletion and one insertion.

use std::time::Instant;

use similar::{Algorithm, DiffOp};

use super::model::Op;
use super::patience;
use super::redline::Redline;
use crate::document::count_words;

/// Words too common to stand alone as "unchanged" between two edits.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on", "or",
    "that", "the", "their", "to", "was", "were", "which", "with",
];

/// Below this share of words in common, a sentence pair is shown as rewritten whole.
const REWRITTEN: f64 = 0.35;

/// Splits text into tokens that cover it exactly: the word tokens of the one rule
/// (`document::words`: a number, a symbol or an ideograph is never cut), runs of whitespace,
/// and single other characters; and how many of them are word tokens (what `count_words`
/// says of `text`).
fn tokens(text: &str) -> (Vec<&str>, usize) {
    /// The text between two words: runs of whitespace, single other characters.
    fn gap<'t>(text: &'t str, from: usize, to: usize, out: &mut Vec<&'t str>) {
        let mut start = from;
        let mut space = false;
        for (i, c) in text[from..to].char_indices().map(|(i, c)| (i + from, c)) {
            if i > start && (!c.is_whitespace() || !space) {
                out.push(&text[start..i]);
                start = i;
            }
            space = c.is_whitespace();
        }
        if start < to {
            out.push(&text[start..to]);
        }
    }
    // About a word and a space per six bytes of prose: room for most texts at once.
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut at = 0;
    let mut words = 0;
    for word in crate::document::words(text) {
        gap(text, at, word.start, &mut out);
        out.push(&text[word.start..word.end]);
        at = word.end;
        words += 1;
    }
    gap(text, at, text.len(), &mut out);
    (out, words)
}

/// A run of the redline before it is written out.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chunk {
    Same(String),
    Change(String, String),
}

/// Appends the word-level redline of `old` → `new` to `out`; below [`REWRITTEN`] words in
/// common, the pair is shown as rewritten whole.
pub(crate) fn diff_words(old: &str, new: &str, out: &mut Redline, deadline: Option<Instant>) {
    diff_words_below(old, new, out, deadline, REWRITTEN);
}

/// [`diff_words`], showing the pair rewritten whole below `rewritten` words in common (0:
/// never, for texts already known to be one edited sentence).
pub(crate) fn diff_words_below(
    old: &str,
    new: &str,
    out: &mut Redline,
    deadline: Option<Instant>,
    rewritten: f64,
) {
    let (a, old_words) = tokens(old);
    let (b, new_words) = tokens(new);
    let mut chunks: Vec<Chunk> = Vec::new();
    let change = |chunks: &mut Vec<Chunk>, del: &str, ins: &str| match chunks.last_mut() {
        Some(Chunk::Change(d, i)) => {
            d.push_str(del);
            i.push_str(ins);
        }
        _ => chunks.push(Chunk::Change(del.to_string(), ins.to_string())),
    };
    for op in patience::diff_or(Algorithm::Myers, &a, &b, deadline) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                chunks.push(Chunk::Same(a[old_index..old_index + len].concat()));
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                change(&mut chunks, &a[old_index..old_index + old_len].concat(), "");
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                change(&mut chunks, "", &b[new_index..new_index + new_len].concat());
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => change(
                &mut chunks,
                &a[old_index..old_index + old_len].concat(),
                &b[new_index..new_index + new_len].concat(),
            ),
        }
    }
    let chunks = absorb_islands(trim_changes(chunks));
    let same_words: usize =
        chunks.iter().map(|c| if let Chunk::Same(t) = c { count_words(t) } else { 0 }).sum();
    let most = old_words.max(new_words);
    if most > 0 && (same_words as f64) < rewritten * most as f64 {
        out.push(Op::Delete, old);
        out.push(Op::Insert, new);
        return;
    }
    for chunk in chunks {
        match chunk {
            Chunk::Same(t) => out.push(Op::Equal, &t),
            Chunk::Change(d, i) => {
                out.push(Op::Delete, &d);
                out.push(Op::Insert, &i);
            }
        }
    }
}

/// Moves whitespace that a change deletes and inserts alike out of it, so `[- a; -]{+ +}`
/// reads ` [-a; -]`.
fn trim_changes(chunks: Vec<Chunk>) -> Vec<Chunk> {
    fn same(out: &mut Vec<Chunk>, text: &str) {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Chunk::Same(t)) => t.push_str(text),
            _ => out.push(Chunk::Same(text.to_string())),
        }
    }
    let mut out: Vec<Chunk> = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        match chunk {
            Chunk::Same(t) => same(&mut out, &t),
            Chunk::Change(d, i) => {
                let head = common_space(d.chars(), i.chars());
                same(&mut out, &d[..head]);
                let (d, i) = (&d[head..], &i[head..]);
                let tail = common_space(d.chars().rev(), i.chars().rev());
                let (d_mid, i_mid) = (&d[..d.len() - tail], &i[..i.len() - tail]);
                if !d_mid.is_empty() || !i_mid.is_empty() {
                    out.push(Chunk::Change(d_mid.to_string(), i_mid.to_string()));
                }
                same(&mut out, &d[d.len() - tail..]);
            }
        }
    }
    out
}

fn common_space(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    a.zip(b).take_while(|(x, y)| x == y && x.is_whitespace()).map(|(x, _)| x.len_utf8()).sum()
}

/// Folds an unchanged run between two changes into them when it is only punctuation and
/// spaces, or one short or stop word.
fn absorb_islands(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::with_capacity(chunks.len());
    let mut iter = chunks.into_iter().peekable();
    while let Some(chunk) = iter.next() {
        let island = matches!(
            (&chunk, out.last(), iter.peek()),
            (Chunk::Same(t), Some(Chunk::Change(..)), Some(Chunk::Change(..))) if is_trivial(t)
        );
        if island {
            let Chunk::Same(t) = chunk else { unreachable!() };
            let Some(Chunk::Change(next_d, next_i)) = iter.next() else { unreachable!() };
            let Some(Chunk::Change(d, i)) = out.last_mut() else { unreachable!() };
            d.push_str(&t);
            d.push_str(&next_d);
            i.push_str(&t);
            i.push_str(&next_i);
        } else {
            out.push(chunk);
        }
    }
    out
}

fn is_trivial(text: &str) -> bool {
    let words: Vec<&str> = crate::document::words(text).map(|w| w.of(text)).collect();
    match words.as_slice() {
        [] => true,
        [one] => one.chars().count() <= 2 || STOP_WORDS.contains(&one.to_lowercase().as_str()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::model::Span;

    #[test]
    fn one_figure_changed_in_a_long_repetitive_sentence_is_the_only_change() {
        // A table row read as one sentence: 2,100 figures, nothing unique, one changed.
        let old: String = (0..2_100).map(|i| if i % 3 == 0 { "1 " } else { "0 " }).collect();
        let new = format!("{}2 {}", &old[..700], &old[702..]);
        let out = redline(&old, &new);
        assert_eq!(out.matches("[-").count() + out.matches("{+").count(), 2, "{}", &out[..80]);
        assert!(out.contains("[-1-]{+2+}") || out.contains("[-0-]{+2+}"));
    }

    fn redline(old: &str, new: &str) -> String {
        let mut out = Redline::default();
        diff_words(old, new, &mut out, None);
        out.into_spans()
            .iter()
            .map(|Span { op, text, .. }| match op {
                Op::Equal => text.clone(),
                Op::Delete => format!("[-{text}-]"),
                Op::Insert => format!("{{+{text}+}}"),
            })
            .collect()
    }

    #[test]
    fn tokens_cover_text() {
        assert_eq!(
            tokens("The U.S.  rate, 2.5%").0,
            ["The", " ", "U", ".", "S", ".", "  ", "rate", ",", " ", "2.5", "%"]
        );
        // A number is never cut, so a redline never is.
        assert_eq!(tokens("to 3-3/4 percent").0, ["to", " ", "3-3/4", " ", "percent"]);
        assert_eq!(tokens(""), (vec![], 0));
        // The words among them are the words the one rule counts.
        for text in ["The U.S.  rate, 2.5%", "S/RES/2233 (2015), 3-3/4 – ‘done’", "  "] {
            assert_eq!(tokens(text).1, count_words(text), "{text}");
        }
    }

    #[test]
    fn a_word_change_reads_naturally() {
        assert_eq!(
            redline("The Ministers noted the Pledge Drive.", "The Ministers welcomed the Pledge Drive."),
            "The Ministers [-noted-]{+welcomed+} the Pledge Drive."
        );
    }

    #[test]
    fn stop_word_islands_join_the_change() {
        assert_eq!(
            redline(
                "the Committee decided to keep the rate at 2 percent in view of the outlook",
                "the Committee decided to lower the target to 1 percent in view of the outlook"
            ),
            "the Committee decided to [-keep the rate at 2-]{+lower the target to 1+} percent in view of the outlook"
        );
    }

    #[test]
    fn shared_spaces_leave_the_change() {
        assert_eq!(
            redline("Jefferson; Adriana Kugler; Alberto", "Jefferson; Alberto"),
            "Jefferson; [-Adriana Kugler; -]Alberto"
        );
    }

    #[test]
    fn a_rewritten_sentence_is_one_deletion_and_one_insertion() {
        assert_eq!(
            redline("Growth slowed in the first quarter.", "Inflation remains elevated and uncertain."),
            "[-Growth slowed in the first quarter.-]{+Inflation remains elevated and uncertain.+}"
        );
    }
}
