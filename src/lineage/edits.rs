//! Word edit distance with adjacent swaps, and the alignment behind it, for `blame --fuzzy`.
//!
//! The distance is the optimal string alignment (restricted Damerau–Levenshtein) distance over
//! words: changing, inserting or dropping a word is one edit, and so is swapping two adjacent
//! words ("reserves ample" → "ample reserves"), which plain Levenshtein counts as two. Words are
//! compared through a function, so the caller decides what "same word" means (word keys, a
//! phrase's `*` prefixes).

use std::ops::Range;

/// What one step of an alignment does to the phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A phrase word kept.
    Keep,
    /// A phrase word replaced by another.
    Substitute,
    /// A word the phrase does not have.
    Insert,
    /// A phrase word left out.
    Delete,
    /// Two adjacent phrase words in the other order.
    Swap,
}

/// One step, with the phrase words (`phrase`) and the window words (`window`) it covers:
/// one each for `Keep` and `Substitute`, two each for `Swap`, none on one side for `Insert`
/// (phrase) and `Delete` (window).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Aligned {
    pub step: Step,
    pub phrase: Range<usize>,
    pub window: Range<usize>,
}

/// The distance table of an `n`-word phrase against a window of up to `longest` words:
/// filled once for the longest window, it gives the distance of every shorter window with the
/// same start (column `len` is the window's first `len` words).
pub(crate) struct Table {
    n: usize,
    /// Columns filled.
    len: usize,
    cells: Vec<u32>,
    /// After [`Table::fill_within`], its `k`: distances above it are `k + 1`.
    within: Option<usize>,
}

impl Table {
    /// A table for an `n`-word phrase and windows of up to `longest` words.
    pub fn new(n: usize, longest: usize) -> Self {
        Self { n, len: 0, cells: vec![0; (n + 1) * (longest + 1)], within: None }
    }

    fn at(&self, a: usize, b: usize) -> u32 {
        self.cells[b * (self.n + 1) + a]
    }

    /// Fills the table for a window of `len` words; `same(a, b)` says whether phrase word `a`
    /// and window word `b` are the same word.
    pub fn fill(&mut self, len: usize, same: impl Fn(usize, usize) -> bool) {
        let n = self.n;
        let rows = n + 1;
        if self.cells.len() < rows * (len + 1) {
            self.cells.resize(rows * (len + 1), 0);
        }
        self.len = len;
        self.within = None;
        for a in 0..=n {
            self.cells[a] = a as u32;
        }
        for b in 1..=len {
            let (done, column) = self.cells.split_at_mut(b * rows);
            let left = &done[(b - 1) * rows..];
            column[0] = b as u32;
            for a in 1..=n {
                let kept = same(a - 1, b - 1);
                let mut best = (left[a - 1] + u32::from(!kept)).min(left[a] + 1).min(column[a - 1] + 1);
                if a > 1 && b > 1 && same(a - 1, b - 2) && same(a - 2, b - 1) {
                    best = best.min(done[(b - 2) * rows + a - 2] + 1);
                }
                column[a] = best;
            }
        }
    }

    /// Fills the table for a window of `len` words as far as distances up to `k` go: only the
    /// cells at most `k` from the diagonal (a cell farther is farther than `k`), every value
    /// above `k` written `k + 1`, and no column after two in a row above `k` (nothing after
    /// them can come back). Then [`Table::distance`] is exact up to `k` and `k + 1` above it,
    /// at a cost of `len · (2k + 1)` cells rather than `len · n`.
    pub fn fill_within(&mut self, len: usize, k: usize, same: impl Fn(usize, usize) -> bool) {
        let n = self.n;
        let rows = n + 1;
        if self.cells.len() < rows * (len + 1) {
            self.cells.resize(rows * (len + 1), 0);
        }
        let far = (k + 1) as u32;
        for a in 0..=n.min(k + 1) {
            self.cells[a] = (a as u32).min(far);
        }
        self.len = 0;
        let mut previous_far = false;
        for b in 1..=len {
            let (done, column) = self.cells.split_at_mut(b * rows);
            let left = &done[(b - 1) * rows..];
            column[0] = (b as u32).min(far);
            // The cells just outside the band, which the band's cells and the next column's
            // read, are far.
            if b > k + 1 && b - k - 1 <= n {
                column[b - k - 1] = far;
            }
            if b + k < n {
                column[b + k + 1] = far;
            }
            let mut lowest = column[0];
            for a in b.saturating_sub(k).max(1)..=(b + k).min(n) {
                let kept = same(a - 1, b - 1);
                let mut best = (left[a - 1] + u32::from(!kept)).min(left[a] + 1).min(column[a - 1] + 1);
                if a > 1 && b > 1 && same(a - 1, b - 2) && same(a - 2, b - 1) {
                    best = best.min(done[(b - 2) * rows + a - 2] + 1);
                }
                column[a] = best.min(far);
                lowest = lowest.min(column[a]);
            }
            self.len = b;
            if lowest >= far && previous_far {
                break;
            }
            previous_far = lowest >= far;
        }
        self.within = Some(k);
    }

    /// The distance between the phrase and the window's first `len` words (`len` at most the
    /// length asked for; after [`Table::fill_within`], `k + 1` stands for anything farther).
    pub fn distance(&self, len: usize) -> usize {
        match self.within {
            // Past the columns filled, or outside the band.
            Some(k) if len > self.len || len.abs_diff(self.n) > k => k + 1,
            _ => self.at(self.n, len) as usize,
        }
    }

    /// A cheapest alignment of the phrase with the window's first `len` words, in reading
    /// order. Where several are as cheap, kept words are preferred, then a swap, a
    /// substitution, a deletion, an insertion, read from the end.
    pub fn alignment(&self, len: usize, same: impl Fn(usize, usize) -> bool) -> Vec<Aligned> {
        debug_assert!(self.within.is_none(), "an alignment needs the whole table (Table::fill)");
        let (mut a, mut b) = (self.n, len);
        let mut steps = Vec::new();
        while a > 0 || b > 0 {
            let here = self.at(a, b);
            let diagonal = a > 0 && b > 0;
            let (step, da, db) = if diagonal && same(a - 1, b - 1) && here == self.at(a - 1, b - 1) {
                (Step::Keep, 1, 1)
            } else if a > 1
                && b > 1
                && same(a - 1, b - 2)
                && same(a - 2, b - 1)
                && here == self.at(a - 2, b - 2) + 1
            {
                (Step::Swap, 2, 2)
            } else if diagonal && here == self.at(a - 1, b - 1) + 1 {
                (Step::Substitute, 1, 1)
            } else if a > 0 && here == self.at(a - 1, b) + 1 {
                (Step::Delete, 1, 0)
            } else {
                (Step::Insert, 0, 1)
            };
            steps.push(Aligned { step, phrase: a - da..a, window: b - db..b });
            a -= da;
            b -= db;
        }
        steps.reverse();
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').filter(|w| !w.is_empty()).collect()
    }

    fn table(phrase: &str, window: &str) -> (Table, impl Fn(usize, usize) -> bool) {
        let (p, w) = (words(phrase), words(window));
        let mut t = Table::new(p.len(), w.len());
        let same = move |a: usize, b: usize| p[a] == w[b];
        t.fill(words(window).len(), &same);
        (t, same)
    }

    fn distance(phrase: &str, window: &str) -> usize {
        table(phrase, window).0.distance(words(window).len())
    }

    fn steps(phrase: &str, window: &str) -> Vec<Step> {
        let (t, same) = table(phrase, window);
        t.alignment(words(window).len(), same).into_iter().map(|s| s.step).collect()
    }

    #[test]
    fn a_swap_of_two_adjacent_words_is_one_edit() {
        assert_eq!(distance("reserves ample", "ample reserves"), 1);
        assert_eq!(distance("a b c d", "a c b d"), 1);
        // Not adjacent: two substitutions.
        assert_eq!(distance("a b c", "c b a"), 2);
        // The restricted distance edits no word twice: "ca" → "abc" is 3, not 2.
        assert_eq!(distance("c a", "a b c"), 3);
    }

    #[test]
    fn changes_insertions_and_deletions_are_one_edit_each() {
        assert_eq!(distance("a b c", "a b c"), 0);
        assert_eq!(distance("a b c", "a x c"), 1);
        assert_eq!(distance("a b c", "a c"), 1);
        assert_eq!(distance("a b c", "a b c d"), 1);
        assert_eq!(distance("foreign fighters", "foreign terrorist fighters"), 1);
        assert_eq!(distance("to restore lasting peace", "to restore durable peace"), 1);
        assert_eq!(distance("a b", ""), 2);
        assert_eq!(distance("", "a b"), 2);
    }

    #[test]
    fn one_fill_gives_every_shorter_window() {
        let (t, _) = table("iraqi security force", "iraqi security forces and");
        let found: Vec<usize> = (0..=4).map(|len| t.distance(len)).collect();
        assert_eq!(found, [3, 2, 1, 1, 2]);
    }

    #[test]
    fn the_alignment_names_each_edit() {
        use Step::*;
        assert_eq!(steps("iraqi security force", "iraqi security forces"), [Keep, Keep, Substitute]);
        assert_eq!(steps("foreign fighters", "foreign terrorist fighters"), [Keep, Insert, Keep]);
        assert_eq!(steps("to restore lasting peace", "to restore peace"), [Keep, Keep, Delete, Keep]);
        assert_eq!(steps("reserves ample", "ample reserves"), [Swap]);
        assert_eq!(steps("a b c d", "x b d c"), [Substitute, Keep, Swap]);
        let (t, same) = table("to restore lasting peace", "to durable peace");
        let aligned = t.alignment(3, same);
        assert_eq!(
            aligned,
            [
                Aligned { step: Keep, phrase: 0..1, window: 0..1 },
                Aligned { step: Delete, phrase: 1..2, window: 1..1 },
                Aligned { step: Substitute, phrase: 2..3, window: 1..2 },
                Aligned { step: Keep, phrase: 3..4, window: 2..3 },
            ]
        );
    }

    #[test]
    fn the_alignment_costs_the_distance_and_the_band_agrees() {
        // Every pair of short sequences over three words: the alignment's edits are the
        // distance, it rebuilds both sides, and the banded table gives the same distances up
        // to its bound.
        let all: Vec<String> = (0..5)
            .flat_map(|len| {
                (0..3usize.pow(len)).map(move |mut x| {
                    (0..len)
                        .map(|_| {
                            let w = ["a", "b", "c"][x % 3];
                            x /= 3;
                            w
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
            })
            .collect();
        for p in &all {
            for w in &all {
                let (t, same) = table(p, w);
                let len = words(w).len();
                for k in 0..3 {
                    let mut within = Table::new(words(p).len(), 0);
                    within.fill_within(len, k, &same);
                    for l in 0..=len {
                        let expected = t.distance(l).min(k + 1);
                        assert_eq!(within.distance(l), expected, "{p:?} → {w:?}[..{l}] within {k}");
                    }
                }
                let aligned = t.alignment(len, &same);
                let edits = aligned.iter().filter(|s| s.step != Step::Keep).count();
                assert_eq!(edits, t.distance(len), "{p:?} → {w:?}");
                let phrase_words: Vec<usize> = aligned.iter().flat_map(|s| s.phrase.clone()).collect();
                let window_words: Vec<usize> = aligned.iter().flat_map(|s| s.window.clone()).collect();
                assert_eq!(phrase_words, (0..words(p).len()).collect::<Vec<_>>());
                assert_eq!(window_words, (0..len).collect::<Vec<_>>());
                for s in &aligned {
                    match s.step {
                        Step::Keep => assert!(same(s.phrase.start, s.window.start)),
                        Step::Swap => {
                            assert!(same(s.phrase.start, s.window.start + 1));
                            assert!(same(s.phrase.start + 1, s.window.start));
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}
