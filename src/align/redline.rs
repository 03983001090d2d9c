//! Level 2: the redline of two aligned paragraph groups, sentence by sentence.
//!
//! Sentences are anchored by comparison key; the sentences between anchors are paired by word
//! similarity, in order, so a reordered, inserted or dropped sentence shows as one unit, and
//! only paired sentences get a word-level redline. A sentence cut in two (or two joined),
//! across a paragraph break too, pairs as one, so the text common to both sides shows once and
//! only the cut is marked. A whole sentence deleted in one place and inserted in another is
//! marked moved, with where it went (see [`moves`]).

use std::ops::Range;
use std::time::Instant;

use similar::DiffOp;

use super::model::{Op, Place, Span};
use super::patience;
use super::profile::Interner;
use super::words::diff_words;
use crate::document::{comparison_key, count_words};
use crate::text::hash::FxHashMap;
use crate::text::{par, sorted_common, sorted_dice};

/// The separator between paragraphs of one side of a group, as a unit of its own.
pub(crate) const SEPARATOR: &str = "\n\n";

/// A redline under construction: adjacent pieces of the same operation merge, but for a moved
/// sentence, which stays a piece of its own.
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
            Some(last) if last.op == op && last.moved().is_none() => last.text.push_str(text),
            _ => self.spans.push(Span::new(op, text)),
        }
    }

    /// Appends a whole sentence deleted here and inserted elsewhere (or the reverse), as a
    /// piece of its own that says where it went (or came from).
    fn push_moved(&mut self, op: Op, text: &str, place: Place) {
        let mut span = Span::new(op, text);
        match op {
            Op::Delete => span.moved_to = Some(place),
            _ => span.moved_from = Some(place),
        }
        self.spans.push(span);
    }

    /// The finished spans.
    pub(crate) fn into_spans(self) -> Vec<Span> {
        self.spans
    }
}

/// A unit of a group's redline: a sentence with its trailing whitespace, and where it stands
/// (its paragraph and sentence numbers), or a [`SEPARATOR`] between two paragraphs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unit<'d> {
    pub text: &'d str,
    pub place: Option<Place>,
}

/// One step of a group's redline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Units with the same comparison key: equal, or differing in typography.
    Same(usize, usize),
    /// Units reworded: one sentence, or one sentence split in several (or several merged in
    /// one), word-diffed as one text.
    Pair(Range<usize>, Range<usize>),
    /// An old unit with no counterpart here.
    Delete(usize),
    /// A new unit with no counterpart here.
    Insert(usize),
}

/// How a group's redline is made: its units on both sides and the steps.
#[derive(Debug, Default)]
pub(crate) struct Plan<'d> {
    pub old: Vec<Unit<'d>>,
    pub new: Vec<Unit<'d>>,
    pub steps: Vec<Step>,
    /// The units' comparison keys, when the plan needed them (empty for a one-sided plan).
    old_keys: Vec<String>,
    new_keys: Vec<String>,
}

impl<'d> Plan<'d> {
    /// The plan of a group with units on one side only: every unit deleted (or inserted).
    pub(crate) fn one_sided(old: Vec<Unit<'d>>, new: Vec<Unit<'d>>) -> Self {
        let steps = (0..old.len()).map(Step::Delete).chain((0..new.len()).map(Step::Insert)).collect();
        Self { old, new, steps, old_keys: Vec::new(), new_keys: Vec::new() }
    }

    /// The plan between two sequences of units: sentences anchored by comparison key, the
    /// sentences between anchors paired by word similarity, in order (one with one, or one with
    /// a run of up to three across a paragraph break).
    pub(crate) fn new(
        old: Vec<Unit<'d>>,
        new: Vec<Unit<'d>>,
        pair_threshold: f64,
        deadline: Option<Instant>,
    ) -> Self {
        let key = |u: &Unit| if u.text == SEPARATOR { "\u{1}¶".to_string() } else { comparison_key(u.text) };
        let old_keys: Vec<String> = old.iter().map(key).collect();
        let new_keys: Vec<String> = new.iter().map(key).collect();
        let mut steps = Vec::new();
        let mut pending_old = 0..0;
        let mut pending_new = 0..0;
        for op in patience::diff(&old_keys, &new_keys, deadline) {
            match op {
                DiffOp::Equal { old_index, new_index, len } => {
                    let block = (pending_old.clone(), pending_new.clone());
                    pair_block(&old, &new, block, pair_threshold, &mut steps);
                    steps.extend((0..len).map(|k| Step::Same(old_index + k, new_index + k)));
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
        pair_block(&old, &new, (pending_old, pending_new), pair_threshold, &mut steps);
        Self { old, new, steps, old_keys, new_keys }
    }

    /// The comparison key of old unit `i` (taken once, by the plan when it has them).
    fn old_key(&self, i: usize) -> std::borrow::Cow<'_, str> {
        self.old_keys.get(i).map_or_else(|| comparison_key(self.old[i].text).into(), |k| k.as_str().into())
    }

    /// The comparison key of new unit `j`.
    fn new_key(&self, j: usize) -> std::borrow::Cow<'_, str> {
        self.new_keys.get(j).map_or_else(|| comparison_key(self.new[j].text).into(), |k| k.as_str().into())
    }

    /// The sentences this plan deletes whole (old unit numbers).
    pub(crate) fn deleted(&self) -> impl Iterator<Item = usize> + '_ {
        self.steps.iter().filter_map(|s| match s {
            Step::Delete(i) if self.old[*i].place.is_some() => Some(*i),
            _ => None,
        })
    }

    /// The sentences this plan inserts whole (new unit numbers).
    pub(crate) fn inserted(&self) -> impl Iterator<Item = usize> + '_ {
        self.steps.iter().filter_map(|s| match s {
            Step::Insert(i) if self.new[*i].place.is_some() => Some(*i),
            _ => None,
        })
    }

    /// Writes the redline; `moved_to(i)` says where old unit `i` went when it moved,
    /// `moved_from(j)` where new unit `j` came from.
    pub(crate) fn write(
        &self,
        moved_to: impl Fn(usize) -> Option<Place>,
        moved_from: impl Fn(usize) -> Option<Place>,
        deadline: Option<Instant>,
    ) -> Vec<Span> {
        let mut out = Redline::default();
        let join = |units: &[Unit]| units.iter().map(|u| u.text).collect::<String>();
        for step in &self.steps {
            match step {
                Step::Same(i, j) => {
                    let (a, b) = (self.old[*i].text, self.new[*j].text);
                    if a == b {
                        out.push(Op::Equal, a);
                    } else {
                        diff_words(a, b, &mut out, deadline);
                    }
                }
                Step::Pair(olds, news) => {
                    let (a, b) = (join(&self.old[olds.clone()]), join(&self.new[news.clone()]));
                    diff_words(&a, &b, &mut out, deadline);
                }
                Step::Delete(i) => match moved_to(*i) {
                    Some(place) => out.push_moved(Op::Delete, self.old[*i].text, place),
                    None => out.push(Op::Delete, self.old[*i].text),
                },
                Step::Insert(j) => match moved_from(*j) {
                    Some(place) => out.push_moved(Op::Insert, self.new[*j].text, place),
                    None => out.push(Op::Insert, self.new[*j].text),
                },
            }
        }
        out.into_spans()
    }
}

fn extend(range: Range<usize>, index: usize, len: usize) -> Range<usize> {
    if range.is_empty() { index..index + len } else { range.start..index + len }
}

/// Pairs the units of a changed block in order, maximizing total similarity: unpaired old
/// units deleted, unpaired new ones inserted.
fn pair_block(
    old: &[Unit],
    new: &[Unit],
    (olds, news): (Range<usize>, Range<usize>),
    threshold: f64,
    steps: &mut Vec<Step>,
) {
    if olds.is_empty() && news.is_empty() {
        return;
    }
    let pairs = best_pairs(&old[olds.clone()], &new[news.clone()], threshold);
    let (mut o, mut n) = (olds.start, news.start);
    for (po, pn) in pairs {
        let (po, pn) =
            (po.start + olds.start..po.end + olds.start, pn.start + news.start..pn.end + news.start);
        steps.extend((o..po.start).map(Step::Delete));
        steps.extend((n..pn.start).map(Step::Insert));
        (o, n) = (po.end, pn.end);
        if po.len() == 1 && pn.len() == 1 && old[po.start].text == SEPARATOR {
            steps.push(Step::Same(po.start, pn.start));
        } else {
            steps.push(Step::Pair(po, pn));
        }
    }
    steps.extend((o..olds.end).map(Step::Delete));
    steps.extend((n..news.end).map(Step::Insert));
}

/// Blocks larger than this on both sides are not paired (a full rewrite).
const MAX_BLOCK: usize = 400;

/// At most this many sentences of one side are paired with one sentence of the other.
const MAX_RUN: usize = 3;

/// Share of each sentence of a run that must be found in the one sentence it is paired with.
const RUN_PIECE: f64 = 0.5;

/// Order-preserving pairs of unit ranges with similarity at least `threshold` and the largest
/// total similarity (dynamic programming over the block). A range is one sentence, or on one
/// side of a pair a run of up to [`MAX_RUN`] sentences (with the paragraph breaks between
/// them) each mostly found in the other side's sentence: a sentence cut in two, or two joined.
fn best_pairs(old: &[Unit], new: &[Unit], threshold: f64) -> Vec<(Range<usize>, Range<usize>)> {
    if old.is_empty() || new.is_empty() || old.len() * new.len() > MAX_BLOCK * MAX_BLOCK / 4 {
        return Vec::new();
    }
    // Token ids are only compared within the block: an interner of its own, sized for its
    // words (about one per six bytes of official prose), so it seldom has to grow.
    let bytes: usize = old.iter().chain(new).map(|u| u.text.len()).sum();
    let mut interner = Interner::with_capacity(bytes / 6 + 1, bytes);
    let mut bag = |unit: &Unit| {
        let mut tokens = if unit.text == SEPARATOR { Vec::new() } else { interner.tokens(unit.text) };
        tokens.sort_unstable();
        tokens
    };
    let bags_old: Vec<Vec<u32>> = old.iter().map(&mut bag).collect();
    let bags_new: Vec<Vec<u32>> = new.iter().map(&mut bag).collect();
    let runs_old = runs(old, &bags_old);
    let runs_new = runs(new, &bags_new);
    let (h, w) = (old.len(), new.len());
    // score[i][j]: the best total from old[i..] and new[j..]; choice: the ranges taken there.
    let mut score = vec![vec![0.0f64; w + 1]; h + 1];
    let mut choice: Vec<Vec<Option<(usize, usize)>>> = vec![vec![None; w + 1]; h + 1];
    for i in (0..h).rev() {
        for j in (0..w).rev() {
            let mut best = score[i + 1][j].max(score[i][j + 1]);
            let mut took = None;
            let separators = (old[i].text == SEPARATOR, new[j].text == SEPARATOR);
            if separators == (true, true) {
                if 1.0 + score[i + 1][j + 1] > best {
                    best = 1.0 + score[i + 1][j + 1];
                    took = Some((i + 1, j + 1));
                }
            } else if separators == (false, false) {
                for (oe, ob) in &runs_old[i] {
                    for (ne, nb) in &runs_new[j] {
                        let (many_old, many_new) = (*oe > i + 1, *ne > j + 1);
                        if many_old && many_new {
                            continue;
                        }
                        let sim = sorted_dice(ob, nb);
                        let pieces_fit = match (many_old, many_new) {
                            (true, _) => pieces_found(old, &bags_old, i..*oe, nb),
                            (_, true) => pieces_found(new, &bags_new, j..*ne, ob),
                            _ => true,
                        };
                        if sim >= threshold && pieces_fit && sim + score[*oe][*ne] > best {
                            best = sim + score[*oe][*ne];
                            took = Some((*oe, *ne));
                        }
                    }
                }
            }
            score[i][j] = best;
            choice[i][j] = took;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < h && j < w {
        if let Some((oe, ne)) = choice[i][j] {
            pairs.push((i..oe, j..ne));
            (i, j) = (oe, ne);
        } else if score[i][j] == score[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// For each unit that is a sentence, the runs starting there: (end, tokens of the run, sorted),
/// one to [`MAX_RUN`] sentences with the paragraph breaks between them.
fn runs(units: &[Unit], bags: &[Vec<u32>]) -> Vec<Vec<(usize, Vec<u32>)>> {
    (0..units.len())
        .map(|i| {
            let mut out = Vec::new();
            if units[i].text == SEPARATOR {
                return out;
            }
            let mut tokens: Vec<u32> = Vec::new();
            let mut sentences = 0;
            for (k, unit) in units.iter().enumerate().skip(i) {
                if unit.text == SEPARATOR {
                    continue;
                }
                tokens.extend(&bags[k]);
                tokens.sort_unstable();
                sentences += 1;
                out.push((k + 1, tokens.clone()));
                if sentences == MAX_RUN {
                    break;
                }
            }
            out
        })
        .collect()
}

/// Whether every sentence of `range` has at least [`RUN_PIECE`] of its tokens in `other`.
fn pieces_found(units: &[Unit], bags: &[Vec<u32>], range: Range<usize>, other: &[u32]) -> bool {
    range.filter(|&k| units[k].text != SEPARATOR).all(|k| {
        let bag = &bags[k];
        !bag.is_empty() && sorted_common(bag, other) as f64 >= RUN_PIECE * bag.len() as f64
    })
}

/// A plan's moved sentences: its old units that went elsewhere, with their new places, and
/// its new units that came from elsewhere, with their old places.
pub(crate) type Moves = (Vec<(usize, Place)>, Vec<(usize, Place)>);

/// Sentences deleted in one place and inserted in another, with at least this many words,
/// are shown as moved.
const MOVED_WORDS: usize = 5;

/// Where the sentences deleted whole in one group and inserted whole in another (or in
/// another place of the same group) went: for each plan, its old units that moved and their
/// new places, and its new units that moved and their old places. Sentences are matched by
/// comparison key; a key deleted or inserted more than once (repeated boilerplate) is no move.
pub(crate) fn moves(plans: &[Plan]) -> Vec<Moves> {
    // Keys are worked out for each plan on its own (on every core when there are many
    // sentences to key), then gathered in order.
    let parallel = plans.iter().map(|plan| plan.steps.len()).sum::<usize>() >= par::PARALLEL_FROM;
    let deleted: Vec<Vec<(String, usize)>> = par::map_with_when(
        parallel,
        plans,
        || (),
        |(), plan| {
            plan.deleted()
                .filter(|&i| count_words(plan.old[i].text) >= MOVED_WORDS)
                .map(|i| (plan.old_key(i).into_owned(), i))
                .collect()
        },
    );
    let mut waiting: FxHashMap<&str, Vec<(usize, usize)>> = FxHashMap::default();
    for (p, keys) in deleted.iter().enumerate() {
        for (key, i) in keys {
            waiting.entry(key.as_str()).or_default().push((p, *i));
        }
    }
    let mut out: Vec<Moves> = vec![Default::default(); plans.len()];
    if waiting.is_empty() {
        return out;
    }
    let inserted: Vec<Vec<(String, usize)>> = par::map_with_when(
        parallel,
        plans,
        || (),
        |(), plan| {
            plan.inserted()
                .map(|j| (plan.new_key(j), j))
                .filter(|(key, _)| waiting.contains_key(key.as_ref()))
                .map(|(key, j)| (key.into_owned(), j))
                .collect()
        },
    );
    let mut arriving: FxHashMap<&str, Vec<(usize, usize)>> = FxHashMap::default();
    for (p, keys) in inserted.iter().enumerate() {
        for (key, j) in keys {
            arriving.entry(key.as_str()).or_default().push((p, *j));
        }
    }
    // A sentence deleted (or inserted) in several places, boilerplate repeated, has no one place
    // it moved to: only a sentence deleted once and inserted once is a move.
    for (key, news) in arriving {
        if let ([(q, i)], [(p, j)]) = (waiting[key].as_slice(), news.as_slice())
            && let (Some(from), Some(to)) = (plans[*q].old[*i].place, plans[*p].new[*j].place)
        {
            out[*q].0.push((*i, to));
            out[*p].1.push((*j, from));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The redline of units given as texts (one group), moves inside it marked.
    fn redline(old: &[&str], new: &[&str], threshold: f64, deadline: Option<Instant>) -> Vec<Span> {
        fn units<'a>(texts: &[&'a str]) -> Vec<Unit<'a>> {
            texts
                .iter()
                .enumerate()
                .map(|(k, &text)| Unit {
                    text,
                    place: (text != SEPARATOR).then_some(Place { paragraph: 1, sentence: k + 1 }),
                })
                .collect()
        }
        let plan = Plan::new(units(old), units(new), threshold, deadline);
        let moves = moves(std::slice::from_ref(&plan));
        let (to, from) = &moves[0];
        let find = |list: &[(usize, Place)], i: usize| list.iter().find(|m| m.0 == i).map(|m| m.1);
        plan.write(|i| find(to, i), |j| find(from, j), deadline)
    }

    fn show(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match (s.op, s.moved()) {
                (Op::Equal, _) => s.text.clone(),
                (Op::Delete, None) => format!("[-{}-]", s.text),
                (Op::Insert, None) => format!("{{+{}+}}", s.text),
                (Op::Delete, Some(p)) => format!("[-{}-](to {}.{})", s.text, p.paragraph, p.sentence),
                (Op::Insert, Some(p)) => format!("{{+{}+}}(from {}.{})", s.text, p.paragraph, p.sentence),
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
        // A sentence of five words or more that moves says where it went and where it came
        // from.
        let s = "The Council decided to extend the mandate for one year. ";
        let t = "It welcomed the report of the Secretary-General. ";
        let old = [s, t, "Alpha beta gamma."];
        let new = [t, s, "Alpha beta gamma."];
        assert_eq!(
            show(&redline(&old, &new, 0.5, None)),
            format!("{{+{t}+}}(from 1.2){s}[-{t}-](to 1.1)Alpha beta gamma.")
        );
    }

    #[test]
    fn a_repeated_sentence_is_no_move() {
        // Boilerplate deleted twice and inserted twice elsewhere has no one place it moved to.
        let s = "The Council decided to extend the mandate for one year. ";
        let t = "It welcomed the report of the Secretary-General. ";
        let old = [s, s, t];
        let new = [t, s, s];
        assert!(redline(&old, &new, 0.5, None).iter().all(|span| span.moved().is_none()));
    }

    #[test]
    fn a_sentence_cut_across_paragraphs_shows_only_the_cut() {
        // The finding: `{+The Ministers welcomed … the Sahel region. +}[-The Ministers welcomed
        // … the Sahel region and -]{+They +}` where a reader expects `region[- and-]{+. ¶ They+}`.
        let old = [
            "The Ministers welcomed the progress made in the Sahel region and they called for more support.",
        ];
        let new = [
            "The Ministers welcomed the progress made in the Sahel region.",
            SEPARATOR,
            "They called for more support.",
        ];
        assert_eq!(
            show(&redline(&old, &new, 0.5, None)),
            "The Ministers welcomed the progress made in the Sahel region[- and they-]{+.\n\nThey+} called for more support."
        );
        // And the mirror, two sentences of two paragraphs joined.
        assert_eq!(
            show(&redline(&new, &old, 0.5, None)),
            "The Ministers welcomed the progress made in the Sahel region[-.\n\nThey -]{+ and they +}called for more support."
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
