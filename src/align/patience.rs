//! Patience diff that stays near-linear on long sequences.
//!
//! `similar`'s patience diff runs Myers over the items unique on each side, including those
//! found on one side only, so when most items changed (a long paragraph with most sentences
//! edited) that Myers run costs the product of the lengths, and only the deadline stops it. Here
//! the anchors are the items unique on both sides, in the longest run that keeps their order
//! (a longest increasing subsequence, `O(n log n)`), and Myers only runs between two anchors.
//! Short sequences, where the two agree but for ties, keep `similar`'s answer (and the word
//! diff of a sentence its Myers diff).

use std::hash::Hash;
use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::text::hash::FxHashMap;

/// Up to this many items on both sides together, `similar`'s patience diff is used as it is.
const SHORT: usize = 2_000;

/// Largest stretch between two anchors (after its common ends), as the square of its mean
/// length, searched by Myers; a larger one is replaced whole. This bound, not a clock, keeps a
/// diff's cost in check, so the answer is the same on any machine under any load.
const MYERS_AREA: usize = 4_000_000;

/// The operations turning `old` into `new`, as `similar`'s patience diff gives them.
pub(crate) fn diff<T: Hash + Ord>(old: &[T], new: &[T], deadline: Option<Instant>) -> Vec<DiffOp> {
    diff_or(Algorithm::Patience, old, new, deadline)
}

/// The operations turning `old` into `new`: `short`'s answer for short sequences, the anchored
/// patience diff for long ones (the word tokens of one huge sentence, for Myers).
pub(crate) fn diff_or<T: Hash + Ord>(
    short: Algorithm,
    old: &[T],
    new: &[T],
    deadline: Option<Instant>,
) -> Vec<DiffOp> {
    if old.len() + new.len() <= SHORT {
        return capture_diff_slices_deadline(short, old, new, deadline);
    }
    let mut ops = Vec::new();
    let (mut o, mut n) = (0, 0);
    for (a, b) in anchors(old, new).into_iter().chain([(old.len(), new.len())]) {
        // The stretch's common ends first, in linear time (as Myers would: a long run of
        // repeated items, identical on both sides, stays equal).
        let head = old[o..a].iter().zip(&new[n..b]).take_while(|(x, y)| x == y).count();
        let tail = old[o + head..a]
            .iter()
            .rev()
            .zip(new[n + head..b].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        if head > 0 {
            ops.push(DiffOp::Equal { old_index: o, new_index: n, len: head });
        }
        let (start_old, start_new, end_old, end_new) = (o + head, n + head, a - tail, b - tail);
        let (x, y) = (end_old - start_old, end_new - start_new);
        // Myers costs about ((x + y) / 2)² steps here when the sides share little, however
        // lopsided the stretch (2 items against 20,000 cost as much as 10,000 against 10,000).
        if x > 0 && y > 0 && ((x + y) / 2).saturating_mul((x + y) / 2) > MYERS_AREA {
            // Nothing in common found by the anchors in so long a stretch: replaced whole.
            ops.push(DiffOp::Replace { old_index: start_old, old_len: x, new_index: start_new, new_len: y });
        } else {
            let (old_part, new_part) = (&old[start_old..end_old], &new[start_new..end_new]);
            for op in capture_diff_slices_deadline(Algorithm::Myers, old_part, new_part, deadline) {
                ops.push(shift(op, start_old, start_new));
            }
        }
        if tail > 0 {
            ops.push(DiffOp::Equal { old_index: end_old, new_index: end_new, len: tail });
        }
        if a < old.len() {
            ops.push(DiffOp::Equal { old_index: a, new_index: b, len: 1 });
        }
        (o, n) = (a + 1, b + 1);
    }
    ops
}

/// The items found once on each side, as `(old, new)` positions: the longest run of them in the
/// same order on both sides.
fn anchors<T: Hash + Eq>(old: &[T], new: &[T]) -> Vec<(usize, usize)> {
    // Per item: how often on each side, and where (the last time).
    let mut seen: FxHashMap<&T, (u32, u32, usize, usize)> = FxHashMap::default();
    for (i, item) in old.iter().enumerate() {
        let entry = seen.entry(item).or_insert((0, 0, 0, 0));
        entry.0 += 1;
        entry.2 = i;
    }
    for (j, item) in new.iter().enumerate() {
        if let Some(entry) = seen.get_mut(item) {
            entry.1 += 1;
            entry.3 = j;
        }
    }
    let mut pairs: Vec<(usize, usize)> =
        seen.into_values().filter(|&(a, b, _, _)| a == 1 && b == 1).map(|(_, _, i, j)| (i, j)).collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (sorted by old position) whose new positions increase
/// (patience sorting: `tails[k]` ends the best run of length `k + 1` found so far).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = Vec::with_capacity(pairs.len());
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < j);
        before.push(at.checked_sub(1).map(|p| tails[p]));
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        run.push(pairs[k]);
        at = before[k];
    }
    run.reverse();
    run
}

/// `op` with its positions moved by `old` and `new`.
fn shift(op: DiffOp, old: usize, new: usize) -> DiffOp {
    match op {
        DiffOp::Equal { old_index, new_index, len } => {
            DiffOp::Equal { old_index: old_index + old, new_index: new_index + new, len }
        }
        DiffOp::Delete { old_index, old_len, new_index } => {
            DiffOp::Delete { old_index: old_index + old, old_len, new_index: new_index + new }
        }
        DiffOp::Insert { old_index, new_index, new_len } => {
            DiffOp::Insert { old_index: old_index + old, new_index: new_index + new, new_len }
        }
        DiffOp::Replace { old_index, old_len, new_index, new_len } => {
            DiffOp::Replace { old_index: old_index + old, old_len, new_index: new_index + new, new_len }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rebuilds `new` from `old` and the operations; checks they cover both sides in order.
    fn apply(old: &[u32], new: &[u32], ops: &[DiffOp]) -> Vec<u32> {
        let (mut o, mut n, mut out) = (0, 0, Vec::new());
        for op in ops {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            assert_eq!((old_range.start, new_range.start), (o, n), "{ops:?}");
            if let DiffOp::Equal { .. } = op {
                assert_eq!(old[old_range.clone()], new[new_range.clone()]);
            }
            out.extend_from_slice(&new[new_range.clone()]);
            (o, n) = (old_range.end, new_range.end);
        }
        assert_eq!((o, n), (old.len(), new.len()));
        out
    }

    #[test]
    fn long_sequences_rebuild_and_keep_their_common_items() {
        let mut state = 3u64;
        let mut next = |k: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % k
        };
        let old: Vec<u32> = (0..5_000).collect();
        // Two thirds edited, a few moved, some repeated.
        let mut new: Vec<u32> = old.iter().map(|&x| if next(3) == 0 { x } else { 10_000 + x }).collect();
        for _ in 0..50 {
            let (a, b) = (next(5_000) as usize, next(5_000) as usize);
            new.swap(a, b);
        }
        new.extend([7, 7, 7]);
        let ops = diff(&old, &new, None);
        assert_eq!(apply(&old, &new, &ops), new);
        let equal: usize =
            ops.iter().filter(|op| matches!(op, DiffOp::Equal { .. })).map(|op| op.old_range().len()).sum();
        let kept = old.iter().filter(|x| new.contains(x)).count();
        assert!(equal * 10 >= kept * 9, "{equal} of {kept} common items kept");
    }

    #[test]
    fn a_long_stretch_without_anchors_is_replaced_whole_without_a_clock() {
        // Nothing unique on either side: one stretch of 2,500 × 2,500, over the Myers area.
        let old: Vec<u32> = (0..2_500).map(|i| i % 2).collect();
        let new: Vec<u32> = (0..2_500).map(|i| (i + 1) % 2).collect();
        let ops = diff(&old, &new, None);
        assert_eq!(ops, [DiffOp::Replace { old_index: 0, old_len: 2_500, new_index: 0, new_len: 2_500 }]);
        assert_eq!(apply(&old, &new, &ops), new);
        // However lopsided: 2 items against 10,000 cost Myers as much as 5,001 against 5,001.
        let many: Vec<u32> = (0..10_000).map(|i| i % 2).collect();
        let ops = diff(&[1, 0], &many, None);
        assert_eq!(apply(&[1, 0], &many, &ops), many);
        assert!(matches!(ops[..], [DiffOp::Replace { .. }]), "{ops:?}");
        // Common ends are kept whatever the length: identical repeated items stay equal.
        let ops = diff(&old, &old, None);
        assert_eq!(ops, [DiffOp::Equal { old_index: 0, new_index: 0, len: 2_500 }]);
        let mut one_changed = old.clone();
        one_changed[1_000] = 7;
        let ops = diff(&old, &one_changed, None);
        assert_eq!(apply(&old, &one_changed, &ops), one_changed);
        let changed: usize =
            ops.iter().filter(|op| !matches!(op, DiffOp::Equal { .. })).map(|op| op.new_range().len()).sum();
        assert_eq!(changed, 1, "{ops:?}");
        // A shorter stretch is still searched: the common items are kept.
        let ops = diff(&old[..1_500], &new[..1_500], None);
        assert_eq!(apply(&old[..1_500], &new[..1_500], &ops), new[..1_500]);
        assert!(ops.iter().any(|op| matches!(op, DiffOp::Equal { len, .. } if *len > 100)), "{ops:?}");
    }

    #[test]
    fn longest_increasing_run() {
        let pairs = [(0, 3), (1, 0), (2, 1), (3, 4), (4, 2), (5, 5)];
        assert_eq!(longest_increasing(&pairs), [(1, 0), (2, 1), (4, 2), (5, 5)]);
        assert!(longest_increasing(&[]).is_empty());
    }
}
