//! `annotate --words`: the meeting that introduced each word token of a meeting.
//!
//! The method is WikiWho's (Flöck & Acosta, "WikiWho: precise and efficient attribution of
//! authorship of revisioned content", WWW 2014), on communiqués' sentences. The series is read
//! in order, carrying every word's origin from one meeting to the next:
//!
//! 1. A sentence whose word sequence appeared before, in any earlier meeting, takes the origins
//!    its words had at their first appearance: a sentence (or paragraph) that was moved, or
//!    removed and brought back, keeps its words' origins.
//! 2. The other sentences are compared with the previous meeting's sentences that were not
//!    carried over whole. Pairs sharing at least [`PAIRED`] of the shorter one's words are
//!    diffed word by word,
//!    the most alike first, so a sentence moved and edited at once keeps the origins of its
//!    unchanged words, and a sentence split in two (or two merged) gives each part its words.
//! 3. The words still unmatched on both sides are matched in runs of at least [`STRAY_RUN`]
//!    words, the longest first, as WikiWho diffs the unmatched text of two revisions (a lone
//!    word common to two unrelated sentences is not the same word).
//! 4. What is left is new in the meeting.
//!
//! A word is never matched with a word of an earlier meeting but through the previous
//! meeting, except by a whole sentence coming back (step 1): a word deleted and later retyped
//! inside another sentence is new again, as WikiWho's gold standard has it.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use super::{MeetingRef, Prints};
use crate::document::{self, Document, words};
use crate::text::hash::FxHashMap;
use crate::text::sorted_common;

/// Two sentences sharing at least this share of the shorter one's words are diffed with each
/// other first.
pub const PAIRED: f64 = 0.5;

/// More sentence pairs than this between two meetings and step 2 is left to step 3 (a meeting
/// of thousands of one-line sentences, all rewritten, would otherwise compare every pair).
const MOST_PAIRS: usize = 250_000;

/// The most word comparisons step 2 may spend scoring pairs.
const MOST_PAIR_WORK: usize = 50_000_000;

/// The fewest words in a row step 3 matches: a lone word common to two unrelated sentences
/// ("a", "the") is not the same word. (WikiWho's toy history has it so: in revision 1, "A
/// tree" is new, not the "a" of "on a hill" moved.)
const STRAY_RUN: usize = 2;

/// The most sentences of the previous meeting one sentence is diffed with in step 2 (the most
/// alike first): its own earlier form, and the parts of a merge.
const MOST_PARTNERS: usize = 4;

/// The most places of a pair of words step 3 follows a run from.
const MOST_STARTS: usize = 64;

/// Word diffs of more words than this (both sides) may search for [`DIFF_TIME`] at most.
const LONG: usize = 2_000;

/// How long one long word diff may search before it settles for a coarser answer.
const DIFF_TIME: Duration = Duration::from_millis(200);

/// One word token of an annotated meeting and the meeting that introduced it (JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordOrigin {
    /// Its paragraph (1-based).
    pub paragraph: usize,
    /// Where it is in the paragraph's text (byte offsets, end exclusive).
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// The word as written.
    pub word: String,
    /// The meeting that introduced it.
    pub origin: MeetingRef,
}

/// A sentence as word provenance reads it: the fingerprint of its word sequence and its
/// words' fingerprints in order (from a meeting's [`Prints`]).
#[derive(Clone, Copy, Debug)]
struct Sentence<'p> {
    print: u64,
    words: &'p [u64],
}

/// The sentences of a meeting's prints.
fn sentences(prints: &Prints) -> Vec<Sentence<'_>> {
    (0..prints.len()).map(|s| Sentence { print: prints.print(s), words: prints.in_order(s) }).collect()
}

/// The origin of every word token of the last of `series` (the prints of one series' meetings,
/// in order), as the index of the meeting that introduced it, in document order.
pub fn word_origins(series: &[&Prints]) -> Vec<u32> {
    let mut last = Vec::new();
    word_origins_each(series, |_, origins| last = origins);
    last
}

/// [`word_origins`] of every meeting of `series` in one pass: `each` is given each meeting's
/// index and its words' origins. Returns whether every diff ran to the end: a long one cut
/// short at its time limit (`DIFF_TIME`) gives coarser origins that another run, on a faster or idler
/// machine, would not give, and that are not to be kept as the answer.
pub fn word_origins_each(series: &[&Prints], each: impl FnMut(usize, Vec<u32>)) -> bool {
    word_origins_after(series, &[] as &[Vec<u32>], each).expect("nothing known to disagree with")
}

/// [`word_origins_each`] resumed after the first `known.len()` meetings of `series`, whose
/// words' origins are `known` (what a pass gave them, as stored): `each` is given the meetings
/// after those. The state a pass carries is rebuilt from them, so the answer is the pass's
/// answer, in the time of the meetings left and a read of the ones known. `None`, having
/// called `each` for none, when `known` cannot be a pass's (more meetings than the series, a
/// count of origins not the meeting's count of words, an origin after its meeting).
pub fn word_origins_after(
    series: &[&Prints],
    known: &[impl AsRef<[u32]>],
    mut each: impl FnMut(usize, Vec<u32>),
) -> Option<bool> {
    if known.len() > series.len() {
        return None;
    }
    let mut whole = true;
    let mut first_seen: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    let mut previous: Vec<Vec<u32>> = Vec::new();
    let mut before: Vec<Sentence<'_>> = Vec::new();
    for (i, (prints, origins)) in series.iter().zip(known).enumerate() {
        let current = sentences(prints);
        let mut rest = origins.as_ref();
        if rest.iter().any(|&origin| origin as usize > i) {
            return None;
        }
        let last = i + 1 == known.len();
        previous.clear();
        for sentence in &current {
            let (these, after) = rest.split_at_checked(sentence.words.len())?;
            rest = after;
            if !sentence.words.is_empty() {
                first_seen.entry(sentence.print).or_insert_with(|| these.to_vec());
            }
            if last {
                previous.push(these.to_vec());
            }
        }
        if !rest.is_empty() {
            return None;
        }
        before = current;
    }
    for (i, prints) in series.iter().enumerate().skip(known.len()) {
        let current = sentences(prints);
        let origins = step(&current, &before, &previous, &first_seen, i as u32, &mut whole);
        for (sentence, origins) in current.iter().zip(&origins) {
            if !sentence.words.is_empty() {
                first_seen.entry(sentence.print).or_insert_with(|| origins.clone());
            }
        }
        each(i, origins.iter().flatten().copied().collect());
        previous = origins;
        before = current;
    }
    Some(whole)
}

/// The origins of the words of `current` (meeting `meeting`), given the previous meeting's
/// sentences `before` and their words' origins.
fn step(
    current: &[Sentence<'_>],
    before: &[Sentence<'_>],
    before_origins: &[Vec<u32>],
    first_seen: &FxHashMap<u64, Vec<u32>>,
    meeting: u32,
    whole: &mut bool,
) -> Vec<Vec<u32>> {
    // Step 1: sentences seen before, whole. First those the previous meeting has in the same
    // order (a diff of the two meetings' sequences of sentence prints), then those it has
    // elsewhere (the nearest), then those of earlier meetings: a sentence written twice in a
    // meeting may have two histories, and each copy keeps its own.
    let mut origins: Vec<Option<Vec<u32>>> = vec![None; current.len()];
    let mut taken = vec![false; before.len()];
    let old_prints: Vec<u64> = before.iter().map(|s| s.print).collect();
    let new_prints: Vec<u64> = current.iter().map(|s| s.print).collect();
    for op in diff(&old_prints, &new_prints, whole) {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            for k in 0..len {
                taken[old_index + k] = true;
                origins[new_index + k] = Some(before_origins[old_index + k].clone());
            }
        }
    }
    let mut by_print: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (b, sentence) in before.iter().enumerate() {
        if !taken[b] {
            by_print.entry(sentence.print).or_default().push(b);
        }
    }
    for (s, sentence) in current.iter().enumerate() {
        if origins[s].is_some() {
            continue;
        }
        if sentence.words.is_empty() {
            origins[s] = Some(Vec::new());
            continue;
        }
        let nearest = by_print.get_mut(&sentence.print).and_then(|left| {
            let at = (0..left.len()).min_by_key(|&i| left[i].abs_diff(s))?;
            Some(left.remove(at))
        });
        if let Some(b) = nearest {
            taken[b] = true;
            origins[s] = Some(before_origins[b].clone());
        } else if let Some(known) = first_seen.get(&sentence.print) {
            origins[s] = Some(known.clone());
        }
    }
    // The words left: per sentence, each word's origin once matched.
    let open: Vec<usize> = (0..current.len()).filter(|&s| origins[s].is_none()).collect();
    let offered: Vec<usize> = (0..before.len()).filter(|&b| !taken[b]).collect();
    let mut found: Vec<Vec<Option<u32>>> = open.iter().map(|&s| vec![None; current[s].words.len()]).collect();
    let mut used: Vec<Vec<bool>> = offered.iter().map(|&b| vec![false; before[b].words.len()]).collect();

    // Step 2: the most alike pairs first.
    // (Each pair costs both bags' lengths to score: one huge sentence against thousands of
    // others is left to step 3.)
    let open_words: usize = open.iter().map(|&s| current[s].words.len()).sum();
    let offered_words: usize = offered.iter().map(|&b| before[b].words.len()).sum();
    let work =
        offered.len().saturating_mul(open_words).saturating_add(open.len().saturating_mul(offered_words));
    if open.len().saturating_mul(offered.len()) <= MOST_PAIRS && work <= MOST_PAIR_WORK {
        let bag = |words: &[u64]| {
            let mut bag = words.to_vec();
            bag.sort_unstable();
            bag
        };
        let open_bags: Vec<Vec<u64>> = open.iter().map(|&s| bag(current[s].words)).collect();
        let offered_bags: Vec<Vec<u64>> = offered.iter().map(|&b| bag(before[b].words)).collect();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (u, a) in open_bags.iter().enumerate() {
            for (p, b) in offered_bags.iter().enumerate() {
                // Shared words over the shorter sentence's: a clause split off a long sentence
                // is all in it, however little of it it is.
                let alike = sorted_common(a, b) as f64 / a.len().min(b.len()).max(1) as f64;
                if alike >= PAIRED {
                    pairs.push((alike, u, p));
                }
            }
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        // Words still unmatched per sentence, and pairs diffed per sentence of this meeting.
        let mut open_left: Vec<usize> = open.iter().map(|&s| current[s].words.len()).collect();
        let mut offered_left: Vec<usize> = offered.iter().map(|&b| before[b].words.len()).collect();
        let mut tried = vec![0; open.len()];
        for (_, u, p) in pairs {
            if open_left[u] == 0 || offered_left[p] == 0 || tried[u] == MOST_PARTNERS {
                continue;
            }
            tried[u] += 1;
            let new: Vec<(usize, u64)> = unmatched(current[open[u]].words, |k| found[u][k].is_some());
            let old: Vec<(usize, u64)> = unmatched(before[offered[p]].words, |k| used[p][k]);
            for (n, o) in equal_pairs(&old, &new, whole) {
                found[u][new[n].0] = Some(before_origins[offered[p]][old[o].0]);
                used[p][old[o].0] = true;
                open_left[u] -= 1;
                offered_left[p] -= 1;
            }
        }
    }

    // Step 3: what is left, on both sides, in runs of words.
    let new: Vec<(usize, usize, u64)> = open
        .iter()
        .enumerate()
        .flat_map(|(u, &s)| {
            let found = &found[u];
            current[s]
                .words
                .iter()
                .enumerate()
                .filter(move |(k, _)| found[*k].is_none())
                .map(move |(k, &w)| (u, k, w))
        })
        .collect();
    let old: Vec<(usize, usize, u64)> = offered
        .iter()
        .enumerate()
        .flat_map(|(p, &b)| {
            let used = &used[p];
            before[b].words.iter().enumerate().filter(move |(k, _)| !used[*k]).map(move |(k, &w)| (p, k, w))
        })
        .collect();
    let old_words: Vec<u64> = old.iter().map(|t| t.2).collect();
    let new_words: Vec<u64> = new.iter().map(|t| t.2).collect();
    for (n, o) in runs(&old_words, &new_words) {
        let (u, k, _) = new[n];
        let (p, j, _) = old[o];
        found[u][k] = Some(before_origins[offered[p]][j]);
    }

    // Step 4: the rest is new.
    for (u, &s) in open.iter().enumerate() {
        origins[s] = Some(found[u].iter().map(|o| o.unwrap_or(meeting)).collect());
    }
    origins.into_iter().map(|o| o.expect("every sentence traced")).collect()
}

/// The steps of a diff of `old` and `new`; one of more than [`LONG`] items searches for
/// [`DIFF_TIME`] at most, and `whole` is cleared when it may have been cut short. Short ones
/// are never timed: a clock read at every step of the search would cost more than the search
/// (`similar` reads it at each one when given a deadline).
fn diff(old: &[u64], new: &[u64], whole: &mut bool) -> Vec<DiffOp> {
    let deadline = (old.len() + new.len() > LONG).then(|| Instant::now() + DIFF_TIME);
    let ops = capture_diff_slices_deadline(Algorithm::Myers, old, new, deadline);
    if deadline.is_some_and(|at| Instant::now() >= at) {
        *whole = false;
    }
    ops
}

/// The words of a sentence not yet matched (`done(k)` false), with their positions.
fn unmatched(words: &[u64], done: impl Fn(usize) -> bool) -> Vec<(usize, u64)> {
    words.iter().enumerate().filter(|(k, _)| !done(*k)).map(|(k, &w)| (k, w)).collect()
}

/// The pairs `(new, old)` of indices into `new` and `old` whose words the diff keeps equal.
fn equal_pairs(old: &[(usize, u64)], new: &[(usize, u64)], whole: &mut bool) -> Vec<(usize, usize)> {
    if old.is_empty() || new.is_empty() {
        return Vec::new();
    }
    let a: Vec<u64> = old.iter().map(|t| t.1).collect();
    let b: Vec<u64> = new.iter().map(|t| t.1).collect();
    let mut out = Vec::new();
    for op in diff(&a, &b, whole) {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            out.extend((0..len).map(|k| (new_index + k, old_index + k)));
        }
    }
    out
}

/// The pairs `(new, old)` of indices of words in runs of at least [`STRAY_RUN`] words the
/// same on both sides, the longest first, each word used once; a run may have moved.
fn runs(old: &[u64], new: &[u64]) -> Vec<(usize, usize)> {
    let mut starts: FxHashMap<&[u64], Vec<usize>> = FxHashMap::default();
    for (i, pair) in old.windows(STRAY_RUN).enumerate() {
        starts.entry(pair).or_default().push(i);
    }
    // Every maximal run shared, found from the pair of words that starts it.
    let mut shared: Vec<(usize, usize, usize)> = Vec::new();
    for (j, pair) in new.windows(STRAY_RUN).enumerate() {
        // (A pair of words repeated all over a huge rewritten meeting is followed from its
        // first places only, so the work stays linear.)
        for &i in starts.get(pair).into_iter().flatten().take(MOST_STARTS) {
            if i > 0 && j > 0 && old[i - 1] == new[j - 1] {
                continue; // the continuation of a run one word earlier
            }
            let len = old[i..].iter().zip(&new[j..]).take_while(|(a, b)| a == b).count();
            shared.push((len, j, i));
        }
    }
    shared.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut new_used, mut old_used) = (vec![false; new.len()], vec![false; old.len()]);
    let mut out = Vec::new();
    for (len, j, i) in shared {
        // What longer runs left of this one: its stretches free on both sides, if long enough.
        let mut k = 0;
        while k < len {
            let free = (k..len).take_while(|&d| !new_used[j + d] && !old_used[i + d]).count();
            if free >= STRAY_RUN {
                for d in k..k + free {
                    new_used[j + d] = true;
                    old_used[i + d] = true;
                    out.push((j + d, i + d));
                }
            }
            k += free.max(1);
        }
    }
    out
}

/// The word tokens of `doc`, the meeting `meeting`, with their origins (`origins` from
/// [`word_origins`], indices into the meetings `before` it and then `meeting` itself); `None`
/// unless there is one origin per word, each one of those meetings.
pub fn word_list(
    doc: &Document,
    origins: &[u32],
    before: &[MeetingRef],
    meeting: &MeetingRef,
) -> Option<Vec<WordOrigin>> {
    let mut out = Vec::with_capacity(origins.len());
    let mut next = origins.iter();
    for (p, text) in doc.paragraph_texts().enumerate() {
        for span in document::sentences(text) {
            let sentence = span.of(text).trim_end();
            for w in words(sentence) {
                let origin = *next.next()?;
                out.push(WordOrigin {
                    paragraph: p + 1,
                    start: span.start + w.start,
                    end: span.start + w.end,
                    word: w.of(sentence).to_string(),
                    origin: match (origin as usize).cmp(&before.len()) {
                        std::cmp::Ordering::Less => before[origin as usize].clone(),
                        std::cmp::Ordering::Equal => meeting.clone(),
                        std::cmp::Ordering::Greater => return None,
                    },
                });
            }
        }
    }
    next.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_diff_cut_short_is_told_apart() {
        let mut whole = true;
        let short: Vec<u64> = (0..100).collect();
        diff(&short, &short[50..], &mut whole);
        assert!(whole);
        // Nothing in common: the search runs through every edit count, far past the deadline.
        let old: Vec<u64> = (0..50_000).collect();
        let new: Vec<u64> = (50_000..100_000).collect();
        let started = Instant::now();
        diff(&old, &new, &mut whole);
        assert!(!whole, "{:?}", started.elapsed());
    }
    use crate::lineage::test_meeting as meeting;

    fn origins(texts: &[&str]) -> Vec<(String, u32)> {
        let meetings: Vec<_> =
            texts.iter().enumerate().map(|(i, t)| meeting(&format!("2020-01-{:02}", i + 1), &[t])).collect();
        let mut memo = crate::lineage::Memo::default();
        let prints: Vec<Prints> =
            meetings.iter().map(|m| Prints::of(m.document.paragraph_texts(), &mut memo)).collect();
        let found = word_origins(&prints.iter().collect::<Vec<_>>());
        let last = &meetings.last().unwrap().document;
        let words: Vec<String> = words(last.text()).map(|w| w.of(last.text()).to_string()).collect();
        words.into_iter().zip(found).collect()
    }

    fn show(found: &[(String, u32)]) -> String {
        found.iter().map(|(w, o)| format!("{w}/{o}")).collect::<Vec<_>>().join(" ")
    }

    /// Every meeting's origins from one pass over `series`, and from passes resumed after
    /// each number of meetings whose origins the first gave: the same.
    fn resumed_is_the_pass(series: &[Prints], every: usize) {
        let series: Vec<&Prints> = series.iter().collect();
        let mut all = Vec::new();
        assert!(word_origins_each(&series, |_, origins| all.push(origins)));
        for k in (0..=series.len()).step_by(every).chain([series.len() - 1, series.len()]) {
            let mut rest = Vec::new();
            let whole = word_origins_after(&series, &all[..k], |i, origins| rest.push((i, origins)));
            assert_eq!(whole, Some(true));
            let expected: Vec<(usize, Vec<u32>)> = all.iter().cloned().enumerate().skip(k).collect();
            assert!(rest == expected, "resumed after {k} meetings");
        }
    }

    #[test]
    fn a_pass_resumed_from_what_it_gave_gives_the_same_on_real_series() {
        resumed_is_the_pass(&crate::lineage::shipped_series("fomc", 80), 7);
        resumed_is_the_pass(&crate::lineage::shipped_series("unami-iraq", 40), 3);
    }

    #[test]
    fn a_sentence_written_twice_with_two_histories_comes_back_with_the_first() {
        let texts = [
            "The Council extends the mandate.",
            "The Council extends the mandate of the mission. The Council extends the mandate of the mission.",
            "Something else entirely.",
            "The Council extends the mandate of the mission.",
        ];
        let mut memo = crate::lineage::Memo::default();
        let series: Vec<Prints> = texts.iter().map(|t| Prints::of([*t], &mut memo)).collect();
        let refs: Vec<&Prints> = series.iter().collect();
        let mut all = Vec::new();
        word_origins_each(&refs, |_, origins| all.push(origins));
        // The two copies differ, and the one that comes back is the first.
        assert_ne!(all[1][..8], all[1][8..]);
        assert_eq!(all[3], all[1][..8]);
        resumed_is_the_pass(&series, 1);
    }

    #[test]
    fn origins_that_no_pass_gives_are_refused() {
        let series = crate::lineage::shipped_series("fomc", 3);
        let series: Vec<&Prints> = series.iter().collect();
        let mut all = Vec::new();
        word_origins_each(&series, |_, origins| all.push(origins));
        let refused = |known: &[Vec<u32>]| {
            let mut called = false;
            let answer = word_origins_after(&series, known, |_, _| called = true);
            answer.is_none() && !called
        };
        let mut short = all.clone();
        short[1].pop();
        let mut long = all.clone();
        long[0].push(0);
        let mut later = all.clone();
        later[1][0] = 2;
        let more = [all.clone(), all.clone()].concat();
        assert!(refused(&short) && refused(&long) && refused(&later) && refused(&more));
        assert!(!refused(&all[..2]));
    }

    proptest::proptest! {
        /// Series whose meetings draw their sentences from a few, repeated, moved, dropped and
        /// brought back, and edited a word at a time: resumed anywhere, the pass's answer.
        #[test]
        fn a_pass_resumed_anywhere_gives_the_pass_answer(
            meetings in proptest::collection::vec(
                proptest::collection::vec((0usize..8, 0usize..6, 0usize..4), 0..6),
                1..9,
            ),
        ) {
            const SENTENCES: [&str; 8] = [
                "The Council extends the mandate",
                "It condemns the attacks on civilians",
                "Inflation remains elevated and growth is moderate",
                "The Committee decided to raise the target range",
                "Members welcomed the progress made",
                "The mission will support elections",
                "Risks to the outlook are balanced",
                "It calls for the release of all hostages",
            ];
            const WORDS: [&str; 4] = ["further", "strongly", "somewhat", "the"];
            let texts: Vec<String> = meetings
                .iter()
                .map(|sentences| {
                    let text: String = sentences
                        .iter()
                        .map(|&(s, at, word)| {
                            let mut words: Vec<&str> = SENTENCES[s].split(' ').collect();
                            if at > 0 {
                                let at = at.min(words.len());
                                words.insert(at, WORDS[word]);
                            }
                            format!("{}. ", words.join(" "))
                        })
                        .collect();
                    text.trim_end().to_string()
                })
                .collect();
            let mut memo = crate::lineage::Memo::default();
            let series: Vec<Prints> = texts.iter().map(|text| Prints::of([text.as_str()], &mut memo)).collect();
            resumed_is_the_pass(&series, 1);
        }
    }

    #[test]
    fn a_word_keeps_its_origin_through_a_move_and_a_return() {
        let found = origins(&[
            "The mandate is extended. Elections are supported.",
            "Elections are supported. The mandate is extended until June.",
            "Something else entirely.",
            "The mandate is extended until June. Elections are fully supported.",
        ]);
        assert_eq!(
            show(&found),
            "The/0 mandate/0 is/0 extended/0 until/1 June/1 Elections/3 are/3 fully/3 supported/3"
        );
    }

    #[test]
    fn a_rewritten_neighbour_leaves_a_word_its_origin() {
        let found = origins(&[
            "Inflation remains elevated.",
            "Inflation has eased but remains elevated.",
            "Inflation has eased substantially but remains somewhat elevated.",
        ]);
        assert_eq!(
            show(&found),
            "Inflation/0 has/1 eased/1 substantially/2 but/1 remains/0 somewhat/2 elevated/0"
        );
    }

    #[test]
    fn a_split_sentence_keeps_both_halves() {
        let found = origins(&[
            "The Council condemns the attacks and calls for the release of all hostages.",
            "The Council condemns the attacks. It calls for the release of all hostages.",
        ]);
        assert_eq!(
            show(&found),
            "The/0 Council/0 condemns/0 the/0 attacks/0 It/1 calls/0 for/0 the/0 release/0 of/0 all/0 hostages/0"
        );
    }
}
