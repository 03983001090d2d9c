//! Level 1: which paragraphs of the old meeting became which of the new, as a careful reader
//! links them, measured on the real gold set of `tests/golden/real` (see
//! docs/DESIGN.md, "Alignment").
//!
//! 1. **Anchors**: identical paragraphs in order, by patience diff of the texts. Only the
//!    paragraphs left over are normalized and profiled, so a long document with a handful of
//!    edits costs little more than reading it.
//! 2. **Exact moves**: paragraphs left over with the same comparison key (moved, or changed only
//!    in typography).
//! 3. **Pairs anywhere**: remaining paragraphs paired best first by their pair score (weighted
//!    similarity, plus wording kept in runs of four words, less the distance between their
//!    places), found through the candidate [`Index`].
//! 4. **Pieces**: a leftover paragraph that carries the text of a paragraph of the other side
//!    whose partner is its neighbour joins that group: splits and merges. One unrelated
//!    paragraph may stand between if the piece carries more; anywhere, if it carries most of
//!    its text there and brings what the group lacks. Headings never do.
//! 5. **Rewrites in place**: what is left between the same two unmoved groups pairs in order at
//!    a lower similarity (or, for a short paragraph grown long, by the share of it kept); then
//!    pieces again. Only when the two texts correspond (enough old paragraphs paired with
//!    confidence): two different texts of one series have no places to keep.
//! 6. **Moves**: groups outside the heaviest run that keeps its order are marked moved.
//! 7. **Why**, when asked: each group's rule and evidence, and the closest candidate of each
//!    paragraph left alone.
//!
//! A leading list marker ("10.", "(a)") is not part of what is compared: renumbering is no
//! rewording, and two paragraphs numbered alike are no more alike for it.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use similar::DiffOp;

use super::Options;
use super::index::{Index, Scratch};
use super::model::{Closest, Piece, Rule, Why};
use super::patience;
use super::profile::{Interner, Keys, Profile, Weights};
use crate::document::comparison_key;
use crate::text::hash::{FxHashMap, FxHashSet};
use crate::text::{par, sorted_common};

/// What the aligner knows of a paragraph: for an anchor nothing more is needed; a leftover
/// gets its comparison key and token profile.
#[derive(Default)]
pub(crate) struct Para {
    anchored: bool,
    /// A short line without a sentence end: a section heading, never a piece of a split or
    /// merge.
    heading: bool,
    key: String,
    profile: Profile,
    /// The profile's weight ([`Profile::mass`]), once the weights are known: taken once, not
    /// at each of the dozen comparisons a paragraph takes part in.
    mass: f64,
    /// Fingerprints of its runs of [`SHINGLE`] words, sorted: wording kept in order.
    shingles: Vec<u64>,
}

/// How many words in a row make a shingle.
const SHINGLE: usize = 4;

/// The sorted, distinct fingerprints of the runs of [`SHINGLE`] tokens.
fn shingles(tokens: &[u32]) -> Vec<u64> {
    let mut out: Vec<u64> = tokens
        .windows(SHINGLE)
        .map(|w| {
            w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &t| (h ^ u64::from(t)).wrapping_mul(0x100_0000_01b3))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Old and new paragraphs (0-based) that correspond; one side may be empty.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    pub old: Vec<usize>,
    pub new: Vec<usize>,
    pub moved: bool,
    /// The step that made the group.
    pub rule: Rule,
    /// Why, in detail, when asked (`Options::explain`).
    pub why: Option<Box<Why>>,
}

impl Group {
    fn one_sided(old: Vec<usize>, new: Vec<usize>, rule: Rule) -> Self {
        Self { old, new, moved: false, rule, why: None }
    }
}

/// Share of a piece's weight found in its paragraph for it to count as found whole.
const WHOLE: f64 = 0.9;

/// At most this many paragraphs found on both sides join the leftovers in weighing words.
const BACKGROUND: usize = 64;

/// How many candidates to score exactly per paragraph.
const CANDIDATES: usize = 12;
/// Ranking bonus for a pair that stays between the same anchors (not part of the similarity).
const SAME_GAP_BONUS: f64 = 0.05;

struct State {
    groups: Vec<Group>,
    old_group: Vec<Option<usize>>,
    new_group: Vec<Option<usize>>,
}

impl State {
    fn link(&mut self, old: usize, new: usize, rule: Rule) {
        let g = self.groups.len();
        self.groups.push(Group { old: vec![old], new: vec![new], moved: false, rule, why: None });
        self.old_group[old] = Some(g);
        self.new_group[new] = Some(g);
    }
}

/// Aligns paragraphs, returning groups in output order: the new meeting's order, each deleted
/// paragraph where it stood.
pub(crate) fn align(
    old_texts: &[&str],
    new_texts: &[&str],
    options: &Options,
    deadline: Option<Instant>,
) -> Vec<Group> {
    align_with(old_texts, new_texts, options, deadline, Rounds::Changed)
}

/// Which leftovers each round of growing splits and merges weighs after the first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rounds {
    /// Those the last round's joins may have changed (the answer is the same as `All`'s).
    Changed,
    /// All of them (what `Changed` is tested against).
    #[cfg_attr(not(test), allow(dead_code))]
    All,
}

fn align_with(
    old_texts: &[&str],
    new_texts: &[&str],
    options: &Options,
    deadline: Option<Instant>,
    rounds: Rounds,
) -> Vec<Group> {
    let mut state = State {
        groups: Vec::new(),
        old_group: vec![None; old_texts.len()],
        new_group: vec![None; new_texts.len()],
    };
    anchor(old_texts, new_texts, &mut state, deadline);
    let (old_gap, new_gap) = gaps(&state);

    // Leftovers get their comparison keys; those equal on both sides pair up (moved, or changed
    // only in typography).
    let keyed = |texts: &[&str], links: &[Option<usize>]| -> Vec<Para> {
        let mut paras: Vec<Para> =
            links.iter().map(|link| Para { anchored: link.is_some(), ..Para::default() }).collect();
        let leftovers: Vec<usize> = (0..texts.len()).filter(|&i| links[i].is_none()).collect();
        let keys = par::map(&leftovers, |&i| (is_heading(texts[i]), comparison_key(texts[i])));
        for (i, (heading, key)) in leftovers.into_iter().zip(keys) {
            paras[i].heading = heading;
            paras[i].key = key;
        }
        paras
    };
    let mut old = keyed(old_texts, &state.old_group);
    let mut new = keyed(new_texts, &state.new_group);
    match_exact(&old, &new, &mut state);

    // What is still unpaired gets a token profile, and token weights are measured on exactly
    // those paragraphs (the same set whichever side is old): what sets them apart.
    // Word keys are cut, words numbered, and bags and shingles made on every core for a long
    // document; words are numbered in runs, then renumbered in order, so token ids are what
    // numbering the texts one by one gives (`Interner::intern_all`).
    let mut interner = Interner::default();
    for (paras, texts, links) in
        [(&mut old, old_texts, &state.old_group), (&mut new, new_texts, &state.new_group)]
    {
        let leftovers: Vec<usize> = (0..texts.len()).filter(|&i| links[i].is_none()).collect();
        let keys = par::map(&leftovers, |&i| Keys::of(without_marker(texts[i])));
        let tokens = interner.intern_all(&keys);
        let bags = par::map(&tokens, |tokens| (Profile::new(tokens), shingles(tokens)));
        for (i, (profile, shingles)) in leftovers.into_iter().zip(bags) {
            paras[i].profile = profile;
            paras[i].shingles = shingles;
        }
    }
    let unpaired = |paras: &[Para], links: &[Option<usize>]| -> Vec<usize> {
        (0..paras.len()).filter(|&i| links[i].is_none()).collect()
    };
    let (old_left, new_left) = (unpaired(&old, &state.old_group), unpaired(&new, &state.new_group));
    // A few paragraphs found on both sides join the count, so that when little is left over,
    // words common to the whole document ("the", "Council") still weigh little.
    let paired: Vec<usize> = (0..old_texts.len()).filter(|&o| state.old_group[o].is_some()).collect();
    let step = paired.len().div_ceil(BACKGROUND).max(1);
    let background: Vec<Profile> =
        paired.iter().step_by(step).map(|&o| Profile::new(&interner.tokens(old_texts[o]))).collect();
    let weights = Weights::new(
        interner.len(),
        old_left
            .iter()
            .map(|&i| &old[i].profile)
            .chain(new_left.iter().map(|&i| &new[i].profile))
            .chain(&background),
    );
    for para in old.iter_mut().chain(new.iter_mut()).filter(|p| !p.anchored) {
        para.mass = para.profile.mass(&weights);
    }
    let (old, new) = (old.as_slice(), new.as_slice());

    pair_similar(old, new, &weights, options, &mut state, &old_gap, &new_gap);
    let mut growth = Growth::default();
    growth.prefetch(old, new, &weights, &state);
    grow(old, new, &weights, options, &mut state, &mut growth, rounds);
    if pair_in_place(old, new, &weights, options, &mut state) {
        grow(old, new, &weights, options, &mut state, &mut growth, rounds);
    }
    mark_moves(&mut state.groups, old, new);
    let explained = if options.explain {
        explain(
            ExplainInput { old_texts, new_texts, old, new, weights: &weights, interner: &interner, options },
            &mut state,
        )
    } else {
        Explained::default()
    };
    order(state, old.len(), new.len(), &explained)
}

/// Whether a paragraph reads as a section heading ("Key ECB interest rates", "Asset purchase
/// programme (APP)", "NOTICE", "The Security Council,"): at most eight words, and no sentence
/// end, semicolon or colon at its end.
pub(crate) fn is_heading(text: &str) -> bool {
    let text = text.trim_end();
    let most = if text.ends_with(',') { COMMA_HEADING } else { HEADING };
    if text.ends_with(['.', ';', ':', '!', '?', '…']) {
        return false;
    }
    // Counting stops past `most`: a long paragraph is not cut into words to learn it is long.
    let words = crate::document::words(text).take(most + 1).count();
    words > 0 && words <= most
}

/// A paragraph's text without its leading list marker ("10. ", "(a) ", "iv) "): where a
/// paragraph stands in a list is not its wording (a renumbered paragraph is not reworded, and
/// two paragraphs numbered alike are not alike).
fn without_marker(text: &str) -> &str {
    let trimmed = text.trim_start();
    let (inner, rest) = match trimmed.strip_prefix('(') {
        Some(rest) => (rest, true),
        None => (trimmed, false),
    };
    let len = inner.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(inner.len());
    let after = &inner[len..];
    let closed = if rest { after.strip_prefix(')') } else { after.strip_prefix(['.', ')']) };
    match closed {
        Some(tail) if (1..=MARKER).contains(&len) && tail.starts_with(char::is_whitespace) => {
            let marker = &inner[..len];
            // Numbers below 1000 (not a year), single letters, or roman numerals.
            if (marker.len() < MARKER && marker.bytes().all(|b| b.is_ascii_digit()))
                || marker.len() == 1
                || marker.bytes().all(|b| b"ivxlIVXL".contains(&b))
            {
                tail.trim_start()
            } else {
                text
            }
        }
        _ => text,
    }
}

/// The longest list marker ("xiii").
const MARKER: usize = 4;

/// The most words a heading has.
const HEADING: usize = 8;
/// The most words a heading ending in a comma has ("The Security Council,"): longer, it is a
/// clause of a resolution's preamble ("Welcoming the important role of the African Union,").
const COMMA_HEADING: usize = 3;

fn anchor(old: &[&str], new: &[&str], state: &mut State, deadline: Option<Instant>) {
    // Diff 64-bit fingerprints rather than texts (hashing each text once), and only those found
    // on both sides: a reshuffled, fully edited document then costs nothing here instead of a
    // quadratic search for a common subsequence that is not there.
    let old_hashes: Vec<u64> = old.iter().map(|t| fingerprint(t)).collect();
    let new_hashes: Vec<u64> = new.iter().map(|t| fingerprint(t)).collect();
    let in_old: FxHashSet<u64> = old_hashes.iter().copied().collect();
    let in_new: FxHashSet<u64> = new_hashes.iter().copied().collect();
    let old_keep: Vec<usize> = (0..old.len()).filter(|&i| in_new.contains(&old_hashes[i])).collect();
    let new_keep: Vec<usize> = (0..new.len()).filter(|&i| in_old.contains(&new_hashes[i])).collect();
    let a: Vec<u64> = old_keep.iter().map(|&i| old_hashes[i]).collect();
    let b: Vec<u64> = new_keep.iter().map(|&i| new_hashes[i]).collect();
    for op in patience::diff(&a, &b, deadline) {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            for k in 0..len {
                let (o, n) = (old_keep[old_index + k], new_keep[new_index + k]);
                // Make sure: equal fingerprints of different texts are no anchor.
                if old[o] == new[n] {
                    state.link(o, n, Rule::Identical);
                }
            }
        }
    }
}

/// A fast 64-bit fingerprint of a text, eight bytes at a time.
fn fingerprint(text: &str) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = text.as_bytes();
    let mut hash = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        hash = (hash.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    hash ^ (hash >> 32)
}

/// For each paragraph, how many anchors precede it: paragraphs with the same number lie
/// between the same two anchors.
fn gaps(state: &State) -> (Vec<usize>, Vec<usize>) {
    let count = |links: &[Option<usize>]| {
        let mut seen = 0;
        links
            .iter()
            .map(|g| {
                if g.is_some() {
                    seen += 1;
                }
                seen
            })
            .collect()
    };
    (count(&state.old_group), count(&state.new_group))
}

fn match_exact(old: &[Para], new: &[Para], state: &mut State) {
    // (The fast hash: tens of thousands of whole paragraphs are keyed in a long document.)
    let mut waiting: FxHashMap<&str, VecDeque<usize>> = FxHashMap::default();
    for (n, p) in new.iter().enumerate().filter(|(n, _)| state.new_group[*n].is_none()) {
        waiting.entry(p.key.as_str()).or_default().push_back(n);
    }
    for (o, p) in old.iter().enumerate() {
        if state.old_group[o].is_none()
            && let Some(n) = waiting.get_mut(p.key.as_str()).and_then(VecDeque::pop_front)
        {
            state.link(o, n, Rule::SameKey);
        }
    }
}

/// How much two leftover paragraphs look like one paragraph revised: their weighted similarity,
/// plus up to `options.kept_bonus` for wording kept in order (shared runs of words), less up
/// to `options.distance_penalty` for standing at different places in their documents.
fn pair_score(old: &[Para], new: &[Para], o: usize, n: usize, weights: &Weights, options: &Options) -> f64 {
    let dice = dice(&old[o], &new[n], weights);
    let kept = sorted_common(&old[o].shingles, &new[n].shingles).min(KEPT_FULL) as f64 / KEPT_FULL as f64;
    let distance = (place(o, old.len()) - place(n, new.len())).abs();
    dice + options.kept_bonus * kept - options.distance_penalty * distance
}

/// [`Profile::dice`] of two leftovers, with their masses taken once.
fn dice(a: &Para, b: &Para, weights: &Weights) -> f64 {
    a.profile.dice_given(&b.profile, weights, (a.mass, b.mass))
}

/// [`Profile::containment_in`] of two leftovers, with the first one's mass taken once.
fn containment(a: &Para, b: &Para, weights: &Weights) -> f64 {
    a.profile.containment_given(&b.profile, weights, a.mass)
}

/// Where paragraph `i` of `len` stands in its document, from 0 (first) towards 1.
fn place(i: usize, len: usize) -> f64 {
    i as f64 / len as f64
}

/// Shared shingles that earn the whole bonus for kept wording.
const KEPT_FULL: usize = 10;

fn pair_similar(
    old: &[Para],
    new: &[Para],
    weights: &Weights,
    options: &Options,
    state: &mut State,
    old_gap: &[usize],
    new_gap: &[usize],
) {
    // Pairs that score alike are taken in the order of the two texts together, not of their
    // positions (the fingerprints are taken once per paragraph, not once per comparison).
    let old_print: Vec<u64> = old.iter().map(|p| fingerprint(&p.key)).collect();
    let new_print: Vec<u64> = new.iter().map(|p| fingerprint(&p.key)).collect();
    let tie = |o: usize, n: usize| old_print[o] ^ new_print[n];
    let mut leftovers: Vec<usize> = (0..old.len()).filter(|&o| state.old_group[o].is_none()).collect();
    // A paragraph whose candidates were all taken by better pairs looks again among the
    // paragraphs still left (copies of one boilerplate paragraph offer the same dozen to all).
    for _ in 0..ROUNDS {
        let targets: Vec<Option<&Profile>> =
            new.iter().enumerate().map(|(n, p)| state.new_group[n].is_none().then_some(&p.profile)).collect();
        if leftovers.is_empty() || targets.iter().all(Option::is_none) {
            return;
        }
        let index = Index::new(&targets, weights);
        // Each leftover's candidates are searched and scored on their own (on every core for
        // a long document), and kept in the leftovers' order.
        let found = par::map_with(&leftovers, Scratch::default, |scratch, &o| {
            let mut scored = Vec::new();
            for n in index.candidates_with(&old[o].profile, place(o, old.len()), weights, CANDIDATES, scratch)
            {
                let score = pair_score(old, new, o, n, weights, options);
                if score >= options.threshold {
                    let bonus = if old_gap[o] == new_gap[n] { SAME_GAP_BONUS } else { 0.0 };
                    scored.push((score + bonus, o, n));
                }
            }
            scored
        });
        let mut scored: Vec<(f64, usize, usize)> = found.into_iter().flatten().collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| tie(a.1, a.2).cmp(&tie(b.1, b.2))));
        let mut crowded = Vec::new();
        for (_, o, n) in scored {
            if state.old_group[o].is_none() {
                if state.new_group[n].is_none() {
                    state.link(o, n, Rule::Similar);
                } else {
                    crowded.push(o);
                }
            }
        }
        crowded.retain(|&o| state.old_group[o].is_none());
        crowded.sort_unstable();
        crowded.dedup();
        leftovers = crowded;
    }
}

/// How many rounds pairing anywhere takes: the first, then up to three in which the paragraphs
/// whose candidates were all taken look again.
const ROUNDS: usize = 4;

/// Grows splits and merges until no group grows (at most three rounds).
fn grow(
    old: &[Para],
    new: &[Para],
    weights: &Weights,
    options: &Options,
    state: &mut State,
    growth: &mut Growth,
    rounds: Rounds,
) {
    // After the first round, only leftovers whose proposals the last round's joins may have
    // changed are weighed again (see `Changes::touches`): the others would propose what failed.
    let mut last: Option<Changes> = None;
    for _ in 0..3 {
        match grow_groups(old, new, weights, options, state, growth, last.as_ref()) {
            Some(changes) => last = (rounds == Rounds::Changed).then_some(changes),
            None => break,
        }
    }
}

/// What one round of [`grow_groups`] changed: the groups that took members or were made, and
/// on each side the paragraphs it linked.
///
/// A proposal of leftover `me` for `other` (see [`proposal`]) reads `other`'s group and its
/// members on both sides, and whether `me`'s following leftovers are still left over; the rest
/// (what `me` carries, its candidates) depends on the texts alone. Links and members are only
/// ever added, so for a leftover none of whose candidates is in a changed group, and none of
/// whose following leftovers was linked, all it reads stayed the same through the round: any
/// proposal it made would have been checked again on the same state and made, linking it. Such
/// a leftover proposes nothing, in this round as in the next, and is not weighed again.
struct Changes {
    groups: FxHashSet<usize>,
    /// Leftovers, by side (`Side::New` first), that stand in a stretch of leftovers ended by a
    /// paragraph linked in the round: their runs of pieces may now stop sooner.
    before_linked: [FxHashSet<usize>; 2],
}

impl Changes {
    /// Whether leftover `me` on `side`, with `candidates`, must be weighed again.
    fn touches(&self, state: &State, side: Side, me: usize, candidates: &[usize]) -> bool {
        self.before_linked[side as usize].contains(&me)
            || candidates
                .iter()
                .any(|&t| other_link(state, side, t).is_some_and(|g| self.groups.contains(&g)))
    }
}

/// Pairs what is left between the same two unmoved groups, in order: a paragraph rewritten in
/// place, sharing less wording than a pair found anywhere must (`options.threshold`) but at
/// least `options.rewrite`. Headings pair only with headings. Returns whether any pair was made.
fn pair_in_place(
    old: &[Para],
    new: &[Para],
    weights: &Weights,
    options: &Options,
    state: &mut State,
) -> bool {
    // (A share of a few paragraphs says little: a short statement keeps its places.)
    if old.len() >= FEW && correspondence(old, new, weights, state) < options.corresponding {
        return false;
    }
    // The unmoved groups, and for each leftover how many of them precede it.
    let linked: Vec<usize> = (0..state.groups.len())
        .filter(|&g| !state.groups[g].old.is_empty() && !state.groups[g].new.is_empty())
        .collect();
    let mut by_new = linked.clone();
    by_new.sort_by_key(|&g| state.groups[g].new[0]);
    let items: Vec<(usize, u64)> = by_new.iter().map(|&g| (state.groups[g].old[0], 1)).collect();
    let keep = heaviest_increasing(&items, old.len());
    let mut old_mark = vec![0usize; old.len() + 1];
    let mut new_mark = vec![0usize; new.len() + 1];
    for (_, &g) in by_new.iter().enumerate().filter(|(k, _)| keep[*k]) {
        old_mark[state.groups[g].old[0] + 1] += 1;
        new_mark[state.groups[g].new[0] + 1] += 1;
    }
    let prefix = |marks: &mut Vec<usize>| {
        for i in 1..marks.len() {
            marks[i] += marks[i - 1];
        }
    };
    prefix(&mut old_mark);
    prefix(&mut new_mark);
    let old_left: Vec<usize> = (0..old.len()).filter(|&o| state.old_group[o].is_none()).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&n| state.new_group[n].is_none()).collect();
    if old_left.is_empty() || new_left.is_empty() {
        return false;
    }
    // Candidate pairs in the same gap: every pair in a small gap, the index's candidates in a
    // large one.
    let mut gaps: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for &o in &old_left {
        gaps.entry(old_mark[o]).or_default().0.push(o);
    }
    for &n in &new_left {
        gaps.entry(new_mark[n]).or_default().1.push(n);
    }
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    let score = |o: usize, n: usize, pairs: &mut Vec<(usize, usize, f64)>| {
        if old[o].heading == new[n].heading {
            let d = dice(&old[o], &new[n], weights);
            // A paragraph grown from a short one (or cut down to one) keeps little of the
            // other's weight but holds most of the shorter one's, some of it in runs of words.
            let d = if sorted_common(&old[o].shingles, &new[n].shingles) > 0 {
                let (a, b) = (&old[o], &new[n]);
                d.max(options.expand * containment(a, b, weights).max(containment(b, a, weights)))
            } else {
                d
            };
            if d >= options.rewrite {
                pairs.push((o, n, d));
            }
        }
    };
    let mut index: Option<Index> = None;
    for (olds, news) in gaps.values() {
        if olds.is_empty() || news.is_empty() {
            continue;
        }
        if olds.len() * news.len() <= SMALL_GAP {
            for &o in olds {
                for &n in news {
                    score(o, n, &mut pairs);
                }
            }
        } else {
            let index = index.get_or_insert_with(|| {
                let targets: Vec<Option<&Profile>> = new
                    .iter()
                    .enumerate()
                    .map(|(n, p)| state.new_group[n].is_none().then_some(&p.profile))
                    .collect();
                Index::new(&targets, weights)
            });
            for &o in olds {
                for n in index.candidates(&old[o].profile, place(o, old.len()), weights, CANDIDATES) {
                    if new_mark[n] == old_mark[o] {
                        score(o, n, &mut pairs);
                    }
                }
            }
        }
    }
    // The heaviest set of pairs in order on both sides.
    pairs.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    let items: Vec<(usize, u64)> = pairs.iter().map(|&(o, _, d)| (o, (d * 1e6) as u64)).collect();
    let keep = heaviest_increasing(&items, old.len());
    let mut made = false;
    for (&(o, n, _), k) in pairs.iter().zip(keep) {
        if k {
            state.link(o, n, Rule::InPlace);
            made = true;
        }
    }
    made
}

/// The share of old paragraphs paired with confidence: identical, the same but for
/// typography, or in a group (one to one, a split or a merge) whose two sides have a weighted
/// similarity of at least one half.
fn correspondence(old: &[Para], new: &[Para], weights: &Weights, state: &State) -> f64 {
    let confident: usize = state
        .groups
        .iter()
        .filter(|group| match group.rule {
            Rule::Identical | Rule::SameKey => true,
            // An identical paragraph that took pieces on: kept whole, and more.
            _ if group.old.iter().any(|&o| old[o].anchored) => true,
            _ if group.old.is_empty() || group.new.is_empty() => false,
            _ => {
                let side =
                    |list: &[usize], paras: &[Para]| Profile::sum(list.iter().map(|&i| &paras[i].profile));
                side(&group.old, old).dice(&side(&group.new, new), weights) >= 0.5
            }
        })
        .map(|group| group.old.len())
        .sum();
    confident as f64 / old.len().max(1) as f64
}

/// Below this many old paragraphs, rewrites in place do not ask how far the texts correspond.
const FEW: usize = 10;

/// Gaps with at most this many leftover pairs are scored in full.
const SMALL_GAP: usize = 2500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Leftovers are new paragraphs: look for splits.
    New = 0,
    /// Leftovers are old paragraphs: look for merges.
    Old = 1,
}

/// Lets leftover paragraphs join a group whose single paragraph on the other side contains
/// them and whose paragraphs on their side are their neighbours: splits (leftover new
/// paragraphs) and merges (leftover old ones). Proposals from both sides are weighed together,
/// best gain first, so comparing B with A mirrors comparing A with B. Returns whether any
/// group grew.
fn grow_groups(
    old: &[Para],
    new: &[Para],
    weights: &Weights,
    options: &Options,
    state: &mut State,
    growth: &mut Growth,
    last: Option<&Changes>,
) -> Option<Changes> {
    let Growth { candidates, carried } = growth;
    let mut proposals: Vec<(Proposal, Side, usize)> = Vec::new();
    for (side, cache) in [Side::New, Side::Old].into_iter().zip(candidates.iter_mut()) {
        let at = Looking::new(side, old, new, weights, options);
        let (mine, theirs) = (at.mine, at.theirs);
        if (0..mine.len()).all(|me| link_of(state, side, me).is_some()) {
            continue;
        }
        // Each leftover's candidates were looked up before growing began (`Growth::prefetch`).
        let mut leftovers: Vec<usize> =
            (0..mine.len()).filter(|&me| link_of(state, side, me).is_none()).collect();
        for &me in &leftovers {
            cache.of(mine, theirs, me, weights);
        }
        leftovers.retain(|&me| {
            last.is_none_or(|last| last.touches(state, side, me, &cache.found[&me].candidates))
        });
        // Each leftover proposes on its own (on every core for a long document), with what is
        // known of what leftovers carry; what it works out besides is kept for what follows.
        let (found, known) = (&cache.found, &*carried);
        let made = par::map(&leftovers, |&me| {
            let Found { candidates, holder } = &found[&me];
            let mut learnt = Carried::default();
            let mut memo = Memo { known: Some(known), learnt: &mut learnt };
            let mut made = Vec::new();
            for &t in candidates {
                if can_take_more(state, side, t)
                    && let Some(p) = proposal(&at, state, me, t, *holder == Some(t), &mut memo)
                {
                    made.push((p, side, me));
                }
            }
            (made, learnt)
        });
        for (made, learnt) in made {
            proposals.extend(made);
            carried.extend(learnt);
        }
    }
    // Best gain first; ties by position in the old, then the new meeting, whichever side
    // proposed.
    let place = |p: &Proposal, side: Side, me: usize| match side {
        Side::New => (p.other, me),
        Side::Old => (me, p.other),
    };
    proposals.sort_by(|a, b| {
        b.0.gain.total_cmp(&a.0.gain).then_with(|| place(&a.0, a.1, a.2).cmp(&place(&b.0, b.1, b.2)))
    });
    let mut changes = Changes { groups: FxHashSet::default(), before_linked: Default::default() };
    let mut linked: [Vec<usize>; 2] = Default::default();
    for (p, side, me) in proposals {
        // Earlier joins may have changed the picture: check again.
        if link_of(state, side, me).is_some() || !can_take_more(state, side, p.other) {
            continue;
        }
        let at = Looking::new(side, old, new, weights, options);
        let Some(Proposal { other, group, run, .. }) =
            proposal(&at, state, me, p.other, p.holder, &mut Memo::of(carried))
        else {
            continue;
        };
        let g = match group {
            Some(g) => g,
            None => {
                let g = state.groups.len();
                let group = match side {
                    Side::New => Group::one_sided(vec![other], Vec::new(), Rule::Pieces),
                    Side::Old => Group::one_sided(Vec::new(), vec![other], Rule::Pieces),
                };
                state.groups.push(group);
                match side {
                    Side::New => state.old_group[other] = Some(g),
                    Side::Old => state.new_group[other] = Some(g),
                }
                linked[other_side(side) as usize].push(other);
                g
            }
        };
        for &m in &run {
            match side {
                Side::New => state.new_group[m] = Some(g),
                Side::Old => state.old_group[m] = Some(g),
            }
        }
        linked[side as usize].extend(&run);
        let list = match side {
            Side::New => &mut state.groups[g].new,
            Side::Old => &mut state.groups[g].old,
        };
        list.extend(&run);
        list.sort_unstable();
        state.groups[g].rule = Rule::Pieces;
        changes.groups.insert(g);
    }
    if changes.groups.is_empty() {
        return None;
    }
    // Each linked paragraph ends the stretch of leftovers before it.
    for side in [Side::New, Side::Old] {
        for &q in &linked[side as usize] {
            for p in (0..q).rev().take_while(|&p| link_of(state, side, p).is_none()) {
                changes.before_linked[side as usize].insert(p);
            }
        }
    }
    Some(changes)
}

fn other_side(side: Side) -> Side {
    match side {
        Side::New => Side::Old,
        Side::Old => Side::New,
    }
}

/// What growing splits and merges keeps from one round of [`grow_groups`] to the next (and
/// from one [`grow`] to the next): each side's candidates, and which leftovers carry which
/// paragraph's text.
#[derive(Default)]
struct Growth {
    candidates: [PieceCandidates; 2],
    carried: Carried,
}

/// The candidates of each leftover paragraph for the group it may join, kept across rounds:
/// the index holds every paragraph of the other side that is not an anchor, which no round
/// changes, so a paragraph's candidates stay the same.
#[derive(Default)]
struct PieceCandidates {
    index: Option<Index>,
    found: HashMap<usize, Found>,
}

/// A leftover's candidates, and which of them holds most of its weight (the only one it may
/// join away from its neighbours: a document of near-copies would otherwise offer every copy).
struct Found {
    candidates: Vec<usize>,
    holder: Option<usize>,
}

impl Found {
    fn new(mine: &Para, theirs: &[Para], candidates: Vec<usize>, weights: &Weights) -> Self {
        let holder = candidates
            .iter()
            .map(|&t| (t, containment(mine, &theirs[t], weights)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(t, _)| t);
        Self { candidates, holder }
    }
}

impl Growth {
    /// Looks up the candidates of every paragraph still left over, all at once (on every core
    /// for a long document): the only ones growing will ask for, since no paragraph is left
    /// over again once linked.
    fn prefetch(&mut self, old: &[Para], new: &[Para], weights: &Weights, state: &State) {
        for (side, cache) in [Side::New, Side::Old].into_iter().zip(self.candidates.iter_mut()) {
            let (mine, theirs) = match side {
                Side::New => (new, old),
                Side::Old => (old, new),
            };
            let leftovers: Vec<usize> =
                (0..mine.len()).filter(|&me| link_of(state, side, me).is_none()).collect();
            if leftovers.is_empty() {
                continue;
            }
            let index: &Index = index_of(&mut cache.index, theirs, weights);
            let found = par::map_with(&leftovers, Scratch::default, |scratch, &me| {
                let candidates = index.candidates_with(
                    &mine[me].profile,
                    place(me, mine.len()),
                    weights,
                    CANDIDATES,
                    scratch,
                );
                Found::new(&mine[me], theirs, candidates, weights)
            });
            cache.found.extend(leftovers.into_iter().zip(found));
        }
    }
}

impl PieceCandidates {
    fn of(&mut self, mine: &[Para], theirs: &[Para], me: usize, weights: &Weights) -> &Found {
        let Self { index, found } = self;
        let index = index_of(index, theirs, weights);
        found.entry(me).or_insert_with(|| {
            let candidates = index.candidates(&mine[me].profile, place(me, mine.len()), weights, CANDIDATES);
            Found::new(&mine[me], theirs, candidates, weights)
        })
    }
}

/// The index of the other side's paragraphs that are not anchors, built when first needed.
fn index_of<'a>(index: &'a mut Option<Index>, theirs: &[Para], weights: &Weights) -> &'a mut Index {
    index.get_or_insert_with(|| {
        let targets: Vec<Option<&Profile>> =
            theirs.iter().map(|p| (!p.anchored).then_some(&p.profile)).collect();
        Index::new(&targets, weights)
    })
}

/// What a leftover paragraph carries of a paragraph of the other side's text, by (side of
/// the leftover, leftover, other): it depends on their texts only, so it is worked out once
/// (a run of leftovers is checked again from each of its paragraphs, and in every round).
type Carried = FxHashMap<(bool, usize, usize), Carry>;

/// What is known of what leftovers carry (shared, read only, when several threads propose at
/// once), and what is worked out besides.
struct Memo<'a> {
    known: Option<&'a Carried>,
    learnt: &'a mut Carried,
}

impl<'a> Memo<'a> {
    /// A memo that keeps what it works out in `carried`.
    fn of(carried: &'a mut Carried) -> Self {
        Self { known: None, learnt: carried }
    }

    fn get(&mut self, key: (bool, usize, usize), work: impl FnOnce() -> Carry) -> Carry {
        match self.known.and_then(|known| known.get(&key)) {
            Some(&carry) => carry,
            None => *self.learnt.entry(key).or_insert_with(work),
        }
    }
}

#[derive(Clone, Copy)]
struct Carry {
    /// Share of the leftover's weight found in the other paragraph.
    contained: f64,
    /// Whether they share `options.piece_runs` runs of words.
    runs: bool,
    /// Whether that makes it a piece: enough of it found there, with wording kept in runs or
    /// a large share found.
    carries: bool,
}

/// The leftovers of one side, looking for the paragraphs of the other side they may join: what
/// growing weighs them with.
#[derive(Clone, Copy)]
struct Looking<'a> {
    side: Side,
    mine: &'a [Para],
    theirs: &'a [Para],
    weights: &'a Weights,
    options: &'a Options,
}

impl<'a> Looking<'a> {
    fn new(side: Side, old: &'a [Para], new: &'a [Para], weights: &'a Weights, options: &'a Options) -> Self {
        let (mine, theirs) = match side {
            Side::New => (new, old),
            Side::Old => (old, new),
        };
        Self { side, mine, theirs, weights, options }
    }
}

/// What leftover `m` carries of `other`'s text, worked out once.
fn carry(at: &Looking, m: usize, other: usize, carried: &mut Memo) -> Carry {
    let Looking { side, mine, theirs, weights, options } = *at;
    carried.get((side == Side::New, m, other), || {
        let contained = containment(&mine[m], &theirs[other], weights);
        let runs = sorted_common(&mine[m].shingles, &theirs[other].shingles) >= options.piece_runs;
        let carries =
            !mine[m].heading && contained >= options.containment && (runs || contained >= options.carried);
        Carry { contained, runs, carries }
    })
}

/// A way for a leftover paragraph (with its leftover neighbours) to join `other`'s group.
struct Proposal {
    other: usize,
    /// Whether `other` is the paragraph that holds most of the leftover.
    holder: bool,
    group: Option<usize>,
    run: Vec<usize>,
    gain: f64,
}

/// Whether `me` may join `other`'s group as a piece of a split or merge: `me` carries
/// `other`'s text (at least `options.containment` of its weight is found there) and brings
/// `other` text its current partners do not (at least `options.coverage` of `other`'s weight),
/// and it stands next to those partners (or, when `other` has none, with leftover neighbours
/// that carry its text too, the group then matching `other` at least as well as a pair must).
/// Headings are never pieces.
fn proposal(
    at: &Looking,
    state: &State,
    me: usize,
    other: usize,
    holder: bool,
    carried: &mut Memo,
) -> Option<Proposal> {
    let Looking { side, mine, theirs, weights, options } = *at;
    if mine[me].heading || theirs[other].heading {
        return None;
    }
    let (mine_now, group) = match other_link(state, side, other) {
        Some(g) => (members(&state.groups[g], side).to_vec(), Some(g)),
        None => (Vec::new(), None),
    };
    // Checked before any weighing (it needs none): most candidates of a paragraph left over
    // are already paired with paragraphs that are not its neighbours.
    let next_to = mine_now.is_empty() || mine_now.iter().any(|&m| m.abs_diff(me) <= 1);
    if !next_to && !holder {
        return None;
    }
    let near = mine_now.iter().any(|&m| m.abs_diff(me) <= 1 + options.piece_gap);
    let mut carry = |m: usize| carry(at, m, other, carried);
    let mine_carry = carry(me);
    // Beyond its neighbours, a piece must carry more of the paragraph's text the farther it
    // stands (across one unrelated paragraph `gap_piece` of its weight, anywhere `far_piece`),
    // with wording kept in runs: not a date or a phrase that any paragraph might hold.
    let least = if next_to {
        0.0
    } else if near {
        options.gap_piece
    } else {
        options.far_piece
    };
    if !mine_carry.carries || mine_carry.contained < least || (!next_to && !mine_carry.runs) {
        return None;
    }
    let mut run = vec![me];
    let mut next = me + 1;
    while group.is_none() && next < mine.len() && link_of(state, side, next).is_none() && carry(next).carries
    {
        run.push(next);
        next += 1;
    }
    if group.is_none() && run.len() < 2 {
        return None;
    }
    let target = &theirs[other].profile;
    let covered = |list: &mut dyn Iterator<Item = &usize>| {
        Profile::sum(list.map(|&m| &mine[m].profile)).common_share(target, weights)
    };
    let before = covered(&mut mine_now.iter());
    let after = covered(&mut mine_now.iter().chain(&run));
    let dice = Profile::sum(mine_now.iter().chain(&run).map(|&m| &mine[m].profile)).dice(target, weights);
    // A piece found whole in the paragraph (a fragment cut by a page break, a sentence made a
    // paragraph) needs to bring nothing more.
    let whole = mine_carry.contained >= WHOLE;
    // Away from its group's paragraphs, a piece must bring text they do not carry: a copy of
    // what they carry is a paragraph of its own.
    let enough = if group.is_some() {
        (whole && next_to) || after - before >= options.coverage
    } else {
        dice >= options.threshold
    };
    enough.then_some(Proposal { other, holder, group, run, gain: after - before })
}

fn link_of(state: &State, side: Side, i: usize) -> Option<usize> {
    match side {
        Side::New => state.new_group[i],
        Side::Old => state.old_group[i],
    }
}

fn other_link(state: &State, side: Side, i: usize) -> Option<usize> {
    match side {
        Side::New => state.old_group[i],
        Side::Old => state.new_group[i],
    }
}

fn members(group: &Group, side: Side) -> &[usize] {
    match side {
        Side::New => &group.new,
        Side::Old => &group.old,
    }
}

/// Whether paragraph `t` of the other side may gain partners: it is alone, or the only one on
/// its side of its group (so groups stay one-to-many or many-to-one).
fn can_take_more(state: &State, side: Side, t: usize) -> bool {
    match other_link(state, side, t) {
        None => true,
        Some(g) => {
            let group = &state.groups[g];
            match side {
                Side::New => group.old.len() == 1,
                Side::Old => group.new.len() == 1,
            }
        }
    }
}

/// What `explain` needs of the alignment.
struct ExplainInput<'a> {
    old_texts: &'a [&'a str],
    new_texts: &'a [&'a str],
    old: &'a [Para],
    new: &'a [Para],
    weights: &'a Weights,
    interner: &'a Interner,
    options: &'a Options,
}

/// Why paragraphs left alone are alone: (new or old paragraph, explanation).
#[derive(Default)]
struct Explained {
    inserted: HashMap<usize, Why>,
    deleted: HashMap<usize, Why>,
}

/// How many shared words an explanation names.
const SHARED_WORDS: usize = 8;

/// Share of a sentence's weight found in a paragraph for it to count as found there.
const SENTENCE_FOUND: f64 = 0.8;

/// Says why each group was made (its rule, the similarity, the rarest words shared, for a
/// split or merge what each piece carries) and, for each paragraph left alone, which paragraph
/// of the other side came closest.
fn explain(input: ExplainInput, state: &mut State) -> Explained {
    let ExplainInput { old_texts, new_texts, old, new, weights, interner, options } = input;
    let names = interner.names();
    let shared_words = |a: &Profile, b: &Profile| -> Vec<String> {
        let mut common: Vec<u32> = a.common_tokens(b).collect();
        // Rarest first; among words as rare, the longer (more telling) first.
        let name = |t: u32| names[t as usize];
        common.sort_by(|&x, &y| {
            weights.of(y).total_cmp(&weights.of(x)).then_with(|| {
                name(y).chars().count().cmp(&name(x).chars().count()).then_with(|| name(x).cmp(name(y)))
            })
        });
        common.into_iter().take(SHARED_WORDS).map(|t| names[t as usize].to_string()).collect()
    };
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    for group in &mut state.groups {
        let why = match (group.old.as_slice(), group.new.as_slice()) {
            _ if group.rule == Rule::Identical => {
                Why { rule: Rule::Identical, similarity: 1.0, ..Why::default() }
            }
            _ if group.rule == Rule::SameKey => {
                Why { rule: Rule::SameKey, similarity: 1.0, ..Why::default() }
            }
            ([o], [n]) => Why {
                rule: group.rule,
                similarity: round(old[*o].profile.dice(&new[*n].profile, weights)),
                shared: shared_words(&old[*o].profile, &new[*n].profile),
                ..Why::default()
            },
            (one_old, many_new) => {
                // A split (one old, several new) or a merge: the pieces against the one.
                let (one_para, pieces, piece_paras, piece_texts) = if one_old.len() == 1 {
                    (&old[one_old[0]], many_new, new, new_texts)
                } else {
                    (&new[many_new[0]], one_old, old, old_texts)
                };
                let all = Profile::sum(pieces.iter().map(|&m| &piece_paras[m].profile));
                let pieces = pieces
                    .iter()
                    .map(|&m| {
                        let text = piece_texts[m];
                        let mut found = Vec::new();
                        for (k, sentence) in crate::document::sentences(text).iter().enumerate() {
                            let tokens = interner.lookup(sentence.of(text));
                            let profile = Profile::new(&tokens);
                            if !tokens.is_empty()
                                && profile.containment_in(&one_para.profile, weights) >= SENTENCE_FOUND
                            {
                                found.push(k + 1);
                            }
                        }
                        Piece {
                            paragraph: m + 1,
                            contained: round(
                                piece_paras[m].profile.containment_in(&one_para.profile, weights),
                            ),
                            sentences: found,
                        }
                    })
                    .collect();
                Why {
                    rule: Rule::Pieces,
                    similarity: round(all.dice(&one_para.profile, weights)),
                    shared: shared_words(&all, &one_para.profile),
                    pieces,
                    ..Why::default()
                }
            }
        };
        group.why = Some(Box::new(why));
    }
    // The closest paragraph of the other side, for each paragraph left alone.
    let mut out = Explained::default();
    let new_side = |g: &Group| g.new.clone();
    let old_side = |g: &Group| g.old.clone();
    for (mine, theirs, links, theirs_links, mine_side, into, is_new) in [
        (
            new,
            old,
            &state.new_group,
            &state.old_group,
            &new_side as &dyn Fn(&Group) -> Vec<usize>,
            &mut out.inserted,
            true,
        ),
        (old, new, &state.old_group, &state.new_group, &old_side, &mut out.deleted, false),
    ] {
        let targets: Vec<Option<&Profile>> =
            theirs.iter().map(|p| (!p.anchored).then_some(&p.profile)).collect();
        let mut index = Index::new(&targets, weights);
        for me in (0..mine.len()).filter(|&i| links[i].is_none()) {
            let closest = index
                .candidates(&mine[me].profile, place(me, mine.len()), weights, CANDIDATES)
                .into_iter()
                .map(|t| {
                    let score = if is_new {
                        pair_score(old, new, t, me, weights, options)
                    } else {
                        pair_score(old, new, me, t, weights, options)
                    };
                    (t, score)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
            into.insert(
                me,
                Why {
                    rule: Rule::Unpaired,
                    closest: closest.map(|(t, score)| Closest {
                        paragraph: t + 1,
                        // Rounded down: a score just below what pairing needs must not
                        // read as reaching it (0.2496 as 0.250 against 0.25).
                        score: (score.max(0.0) * 1000.0).floor() / 1000.0,
                        needed: options.threshold,
                        paired_with: match theirs_links[t] {
                            Some(g) => mine_side(&state.groups[g]).iter().map(|m| m + 1).collect(),
                            None => Vec::new(),
                        },
                    }),
                    ..Why::default()
                },
            );
        }
    }
    out
}

/// Marks as moved the groups outside the heaviest subsequence that keeps old and new order.
/// Every group weighs the same, but an identical paragraph a little more, so when a move is
/// ambiguous (two neighbours swapped) the reworded one is the one that moved.
fn mark_moves(groups: &mut [Group], old: &[Para], new: &[Para]) {
    let mut matched: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].old.is_empty()).collect();
    matched.sort_by_key(|&g| groups[g].new[0]);
    let items: Vec<(usize, u64)> = matched
        .iter()
        .map(|&g| {
            let group = &groups[g];
            let (o, n) = (&old[group.old[0]], &new[group.new[0]]);
            let identical = group.old.len() == 1 && group.new.len() == 1 && (o.anchored || o.key == n.key);
            (group.old[0], 1000 + u64::from(identical))
        })
        .collect();
    let keep = heaviest_increasing(&items, old.len());
    for (i, &g) in matched.iter().enumerate() {
        groups[g].moved = !keep[i];
    }
}

/// For `(position, weight)` items, which belong to one heaviest subsequence with strictly
/// increasing positions (a Fenwick tree of prefix maxima over positions below `bound`).
fn heaviest_increasing(items: &[(usize, u64)], bound: usize) -> Vec<bool> {
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); bound + 1];
    let mut best = vec![0u64; items.len()];
    let mut previous = vec![usize::MAX; items.len()];
    for (i, &(position, weight)) in items.iter().enumerate() {
        // Best chain ending below `position`.
        let (mut k, mut top) = (position, (0u64, usize::MAX));
        while k > 0 {
            if tree[k].0 > top.0 {
                top = tree[k];
            }
            k &= k - 1;
        }
        best[i] = top.0 + weight;
        previous[i] = top.1;
        let mut k = position + 1;
        while k <= bound {
            if best[i] > tree[k].0 {
                tree[k] = (best[i], i);
            }
            k += k & k.wrapping_neg();
        }
    }
    let mut keep = vec![false; items.len()];
    let mut at = (0..items.len()).max_by_key(|&i| (best[i], std::cmp::Reverse(i))).unwrap_or(usize::MAX);
    while at != usize::MAX {
        keep[at] = true;
        at = previous[at];
    }
    keep
}

/// Puts groups in the new meeting's order, with unmatched old paragraphs as deletions where
/// they stood: before the first unmoved group that comes after them in the old meeting.
fn order(mut state: State, old_len: usize, new_len: usize, explained: &Explained) -> Vec<Group> {
    for n in 0..new_len {
        if state.new_group[n].is_none() {
            let g = state.groups.len();
            let mut group = Group::one_sided(Vec::new(), vec![n], Rule::Unpaired);
            group.why = explained.inserted.get(&n).cloned().map(Box::new);
            state.groups.push(group);
            state.new_group[n] = Some(g);
        }
    }
    let mut out = Vec::with_capacity(state.groups.len() + old_len);
    let mut next_deleted = 0;
    let mut emitted = vec![false; state.groups.len()];
    let flush = |until: usize, next: &mut usize, out: &mut Vec<Group>, old_group: &[Option<usize>]| {
        while *next < until {
            if old_group[*next].is_none() {
                let mut group = Group::one_sided(vec![*next], Vec::new(), Rule::Unpaired);
                group.why = explained.deleted.get(next).cloned().map(Box::new);
                out.push(group);
            }
            *next += 1;
        }
    };
    for n in 0..new_len {
        let g = state.new_group[n].expect("every new paragraph has a group");
        if emitted[g] {
            continue;
        }
        emitted[g] = true;
        let group = &state.groups[g];
        if let (Some(&first_old), false) = (group.old.first(), group.moved) {
            flush(first_old, &mut next_deleted, &mut out, &state.old_group);
        }
        out.push(group.clone());
    }
    flush(old_len, &mut next_deleted, &mut out, &state.old_group);
    out
}

#[cfg(test)]
mod tests {
    use super::{Options, Rounds, Rule, align, align_with, heaviest_increasing, is_heading, without_marker};

    #[test]
    fn list_markers_are_left_out_and_nothing_else() {
        assert_eq!(without_marker("10. Decides to remain seized"), "Decides to remain seized");
        assert_eq!(without_marker("(a) submit a plan"), "submit a plan");
        assert_eq!(without_marker("iv) report"), "report");
        assert_eq!(without_marker("(xii) report"), "report");
        for kept in
            ["2021. A year", "Decides. 10", "(UNOCI) and", "U.S. dollar", "10.5 per cent", "(a)b", "12345. x"]
        {
            assert_eq!(without_marker(kept), kept);
        }
    }

    #[test]
    fn a_comma_ends_a_heading_only_when_it_is_very_short() {
        assert!(is_heading("The Security Council,"));
        assert!(is_heading("Key ECB interest rates"));
        assert!(!is_heading("Welcoming the important role of the African Union,"));
        assert!(!is_heading("Decides to remain seized of the matter."));
    }

    fn kept(items: &[(usize, u64)], bound: usize) -> Vec<usize> {
        let keep = heaviest_increasing(items, bound);
        items.iter().zip(keep).filter(|(_, k)| *k).map(|(i, _)| i.0).collect()
    }

    #[test]
    fn heaviest_increasing_subsequence() {
        let ones = |v: &[usize]| v.iter().map(|&p| (p, 1)).collect::<Vec<_>>();
        assert_eq!(kept(&ones(&[0, 1, 5, 2, 3, 4]), 6), [0, 1, 2, 3, 4]);
        assert_eq!(kept(&ones(&[3, 0, 1, 2]), 4), [0, 1, 2]);
        assert!(kept(&[], 0).is_empty());
        // A swap of neighbours keeps the heavier one in place.
        assert_eq!(kept(&[(0, 10), (2, 10), (1, 11), (3, 10)], 4), [0, 1, 3]);
        assert_eq!(kept(&[(0, 10), (2, 11), (1, 10), (3, 10)], 4), [0, 2, 3]);
    }

    #[test]
    fn a_text_split_paragraph_by_paragraph_still_corresponds() {
        // Eight of ten paragraphs split whole, one rewritten in place, one kept: the rewrite
        // pairs as it would if correspondence were not asked.
        let words =
            ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
        let sentence = |i: usize, j: usize| -> String {
            let words = (0..9).map(|k| format!("{}{i}{}", words[(i * 7 + j * 3 + k) % 10], k + j * 10));
            words.collect::<Vec<_>>().join(" ") + "."
        };
        let (mut old, mut new) = (Vec::new(), Vec::new());
        for i in 0..8 {
            old.push(format!("{} {}", sentence(i, 0), sentence(i, 1)));
            new.push(sentence(i, 0));
            new.push(sentence(i, 1));
        }
        old.push("The Council notes the report on the situation in Haiti and requests further updates on the elections.".into());
        new.push("Welcomes the briefing on Haiti and asks for monthly reports about security and humanitarian access.".into());
        old.push("Decides to remain seized of the matter.".into());
        new.push("Decides to remain seized of the matter.".into());
        let (old, new): (Vec<&str>, Vec<&str>) =
            (old.iter().map(String::as_str).collect(), new.iter().map(String::as_str).collect());
        let groups =
            |corresponding| align(&old, &new, &Options { corresponding, ..Options::default() }, None);
        let asked = groups(Options::default().corresponding);
        assert!(asked.iter().any(|g| g.rule == Rule::InPlace && g.old == [8] && g.new == [16]));
        assert_eq!(asked, groups(0.0));
    }

    #[test]
    fn identical_documents_without_a_unique_paragraph_stay_identical() {
        // A table of votes: 2,100 paragraphs, "Yes" and "No" in turn, nothing unique.
        let texts: Vec<&str> = (0..2_100).map(|i| if i % 2 == 0 { "Yes" } else { "No" }).collect();
        let groups = align(&texts, &texts, &Options::default(), None);
        assert!(groups.iter().all(|g| g.rule == Rule::Identical && !g.moved));
    }

    #[test]
    fn near_copies_each_find_a_copy() {
        // One boilerplate paragraph forty times (a series' statements run together), each copy
        // edited in one word: no word is rare, so every copy ties with every other. Each must
        // still find a partner, not only the dozen that stand first.
        let text = "The Committee will continue to monitor the implications of incoming information for the economic outlook.";
        let old: Vec<&str> = vec![text; 40];
        let edits = ["carefully", "closely", "notably", "still", "fully"];
        let new: Vec<String> = (0..40)
            .map(|i| {
                let mut words: Vec<&str> = text.split(' ').collect();
                words[(i * 3) % 8 + 4] = edits[i % edits.len()];
                words.join(" ")
            })
            .collect();
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        let groups = align(&old, &new, &Options::default(), None);
        let alone = groups.iter().filter(|g| g.old.is_empty() || g.new.is_empty()).count();
        assert_eq!(alone, 0, "{groups:?}");
    }

    /// The groups of both ways of growing splits and merges, as comparable text.
    fn both_ways(old: &[&str], new: &[&str]) -> (String, String) {
        let show = |rounds| {
            let groups = align_with(old, new, &Options::default(), None, rounds);
            groups
                .iter()
                .map(|g| format!("{:?}->{:?} {:?} {}\n", g.old, g.new, g.rule, g.moved))
                .collect::<String>()
        };
        (show(Rounds::Changed), show(Rounds::All))
    }

    /// Weighing again only the leftovers a round's joins may have changed gives what weighing
    /// all of them gives: on every consecutive pair of the real gold set, both ways, and on
    /// near-copies of a real series shuffled, edited and cut (where growing takes several
    /// rounds, one join changing what the next may take).
    #[test]
    fn growing_only_what_changed_grows_as_growing_all() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/real/texts");
        let mut series: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
        series.sort();
        let mut pairs = 0;
        let mut grown = 0;
        for dir in series.iter().filter(|p| p.is_dir()) {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            files.sort();
            let texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
            for pair in texts.windows(2) {
                let paragraphs = |t: &'_ str| -> Vec<String> {
                    t.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
                };
                let (a, b) = (paragraphs(&pair[0]), paragraphs(&pair[1]));
                let (a, b): (Vec<&str>, Vec<&str>) =
                    (a.iter().map(String::as_str).collect(), b.iter().map(String::as_str).collect());
                for (old, new) in [(&a, &b), (&b, &a)] {
                    let (changed, all) = both_ways(old, new);
                    assert_eq!(changed, all);
                    pairs += 1;
                    grown += usize::from(changed.contains("Pieces"));
                }
            }
        }
        assert!(pairs >= 80 && grown >= 20, "{pairs} pairs, {grown} with splits or merges");

        // Near-copies: each paragraph of a few real statements five times over, shuffled, one
        // word changed in each, and every third one cut in two at a space near its middle.
        let fomc = root.join("fomc");
        let mut base: Vec<String> = Vec::new();
        for name in ["2008-09-16.txt", "2008-10-29.txt", "2008-12-16.txt", "2009-01-28.txt"] {
            let text = std::fs::read_to_string(fomc.join(name)).unwrap();
            base.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
        }
        let mut old: Vec<String> = Vec::new();
        for copy in 1..=5 {
            old.extend(base.iter().map(|p| format!("{p} (copy {copy})")));
        }
        let mut seed = 1994u64;
        let mut below = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % n as u64) as usize
        };
        let mut new: Vec<String> = old.clone();
        for i in (1..new.len()).rev() {
            let j = below(i + 1);
            new.swap(i, j);
        }
        let mut cut: Vec<String> = Vec::new();
        for (k, p) in new.iter().enumerate() {
            let mut words: Vec<&str> = p.split(' ').collect();
            let w = below(words.len());
            words[w] = "notably";
            let p = words.join(" ");
            match p[..p.len() / 2].rfind(' ') {
                Some(at) if k % 3 == 0 => {
                    cut.push(p[..at].to_string());
                    cut.push(p[at + 1..].to_string());
                }
                _ => cut.push(p),
            }
        }
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let new: Vec<&str> = cut.iter().map(String::as_str).collect();
        for (a, b) in [(&old, &new), (&new, &old)] {
            let (changed, all) = both_ways(a, b);
            assert_eq!(changed, all);
            assert!(changed.contains("Pieces"));
        }
    }
}
