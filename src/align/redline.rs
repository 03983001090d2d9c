//! Level 2: the redline of two aligned paragraph groups, sentence by sentence.
//!
//! Sentences are anchored by comparison key; the sentences between anchors are paired by word
//! similarity, in order, so a reordered, inserted or dropped sentence shows as one unit, and
//! only paired sentences get a word-level redline.

use std::time::Instant;

use similar::DiffOp;

use super::model::{Op, Span};
use super::patience;
use super::profile::Interner;
use super::words::diff_words;
use crate::document::comparison_key;
use crate::text::sorted_dice;

/// The separator between paragraphs of one side of a group, as a unit of its own.
pub(crate) const SEPARATOR: &str = "\n\n";

/// A redline under construction: adjacent pieces of the same operation merge.
#[derive(Debug, Default)]
pub(crate) struct Redline {
    spans: Vec<Span>,
}

impl Redline {
    /// Appends a piece, merging it into the last one when the operation is the same.
    pub(crate) fn push(&mut self, op: Op, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => self.spans.push(Span::new(op, text)),
        }
    }

    /// The finished spans.
    pub(crate) fn into_spans(self) -> Vec<Span> {
        self.spans
    }
}

/// The redline between two sequences of units (sentences, each with its trailing whitespace,
/// and [`SEPARATOR`]s between paragraphs).
pub(crate) fn redline(
    old: &[&str],
    new: &[&str],
    pair_threshold: f64,
    deadline: Option<Instant>,
) -> Vec<Span> {
    let key = |u: &&str| if *u == SEPARATOR { "\u{1}¶".to_string() } else { comparison_key(u) };
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    let mut out = Redline::default();
    let mut interner = Interner::default();
    let mut pending_old = 0..0;
    let mut pending_new = 0..0;
    for op in patience::diff(&old_keys, &new_keys, deadline) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                let block = (pending_old.clone(), pending_new.clone());
                pair_block(old, new, block, pair_threshold, &mut interner, &mut out, deadline);
                for k in 0..len {
                    let (a, b) = (old[old_index + k], new[new_index + k]);
                    if a == b {
                        out.push(Op::Equal, a);
                    } else {
                        diff_words(a, b, &mut out, deadline);
                    }
                }
                pending_old = old_index + len..old_index + len;
                pending_new = new_index + len..new_index + len;
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                pending_old = extend(pending_old, old_index, old_len)
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                pending_new = extend(pending_new, new_index, new_len)
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                pending_old = extend(pending_old, old_index, old_len);
                pending_new = extend(pending_new, new_index, new_len);
            }
        }
    }
    pair_block(old, new, (pending_old, pending_new), pair_threshold, &mut interner, &mut out, deadline);
    out.into_spans()
}

fn extend(range: std::ops::Range<usize>, index: usize, len: usize) -> std::ops::Range<usize> {
    if range.is_empty() { index..index + len } else { range.start..index + len }
}

/// Pairs the sentences of a changed block in order, maximizing total similarity, and writes
/// the block: unpaired old sentences deleted, unpaired new ones inserted, pairs word-diffed.
fn pair_block(
    old: &[&str],
    new: &[&str],
    (olds, news): (std::ops::Range<usize>, std::ops::Range<usize>),
    threshold: f64,
    interner: &mut Interner,
    out: &mut Redline,
    deadline: Option<Instant>,
) {
    if olds.is_empty() && news.is_empty() {
        return;
    }
    let pairs = best_pairs(&old[olds.clone()], &new[news.clone()], threshold, interner);
    let (mut o, mut n) = (olds.start, news.start);
    for (po, pn) in pairs.into_iter().map(|(a, b)| (a + olds.start, b + news.start)) {
        for unit in &old[o..po] {
            out.push(Op::Delete, unit);
        }
        for unit in &new[n..pn] {
            out.push(Op::Insert, unit);
        }
        diff_words(old[po], new[pn], out, deadline);
        (o, n) = (po + 1, pn + 1);
    }
    for unit in &old[o..olds.end] {
        out.push(Op::Delete, unit);
    }
    for unit in &new[n..news.end] {
        out.push(Op::Insert, unit);
    }
}

/// Blocks larger than this on both sides are not paired (a full rewrite).
const MAX_BLOCK: usize = 400;

/// Order-preserving pairs `(i, j)` with similarity at least `threshold` and the largest total
/// similarity (dynamic programming over the block).
fn best_pairs(old: &[&str], new: &[&str], threshold: f64, interner: &mut Interner) -> Vec<(usize, usize)> {
    if old.is_empty() || new.is_empty() || old.len() * new.len() > MAX_BLOCK * MAX_BLOCK / 4 {
        return Vec::new();
    }
    let mut bag = |unit: &str| {
        let mut tokens = interner.tokens(unit);
        tokens.sort_unstable();
        tokens
    };
    let bags_old: Vec<Vec<u32>> = old.iter().map(|u| bag(u)).collect();
    let bags_new: Vec<Vec<u32>> = new.iter().map(|u| bag(u)).collect();
    let (h, w) = (old.len(), new.len());
    let mut score = vec![vec![0.0f64; w + 1]; h + 1];
    for i in (0..h).rev() {
        for j in (0..w).rev() {
            let sim = if old[i] == SEPARATOR || new[j] == SEPARATOR {
                if old[i] == new[j] { 1.0 } else { 0.0 }
            } else {
                sorted_dice(&bags_old[i], &bags_new[j])
            };
            let take = if sim >= threshold { sim + score[i + 1][j + 1] } else { f64::NEG_INFINITY };
            score[i][j] = take.max(score[i + 1][j]).max(score[i][j + 1]);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < h && j < w {
        if score[i][j] == score[i + 1][j] {
            i += 1;
        } else if score[i][j] == score[i][j + 1] {
            j += 1;
        } else {
            pairs.push((i, j));
            i += 1;
            j += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s.op {
                Op::Equal => s.text.clone(),
                Op::Delete => format!("[-{}-]", s.text),
                Op::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    #[test]
    fn an_inserted_sentence_is_one_unit() {
        let old = ["The Ministers met. ", "They agreed."];
        let new = ["The Ministers met. ", "They condemned the attacks. ", "They agreed."];
        assert_eq!(
            show(&redline(&old, &new, 0.5, None)),
            "The Ministers met. {+They condemned the attacks. +}They agreed."
        );
    }

    #[test]
    fn a_reordered_sentence_moves_whole() {
        let old = ["Alpha beta gamma. ", "Delta epsilon zeta. ", "Eta theta iota."];
        let new = ["Delta epsilon zeta. ", "Alpha beta gamma. ", "Eta theta iota."];
        let spans = redline(&old, &new, 0.5, None);
        assert_eq!(
            show(&spans),
            "{+Delta epsilon zeta. +}Alpha beta gamma. [-Delta epsilon zeta. -]Eta theta iota."
        );
    }

    #[test]
    fn paired_sentences_get_word_changes() {
        let old = ["The Committee decided to keep the rate. ", "Risks remain."];
        let new = ["The Committee decided to raise the rate. ", "Risks remain."];
        assert_eq!(
            show(&redline(&old, &new, 0.5, None)),
            "The Committee decided to [-keep-]{+raise+} the rate. Risks remain."
        );
    }

    #[test]
    fn separators_align_between_paragraphs() {
        let old = ["One two three. ", "Four five six."];
        let new = ["One two three.", SEPARATOR, "Four five six."];
        assert_eq!(show(&redline(&old, &new, 0.5, None)), "One two three.[- -]{+\n\n+}Four five six.");
    }
}
