//! Candidate search, so pairing never compares every paragraph with every other.
//!
//! Each paragraph is indexed under its *signature*: the tokens that are rare enough (held by at
//! most `cap` paragraphs) plus its few rarest tokens whatever their frequency, so even an
//! all-boilerplate paragraph can be found. A query walks the postings of its own signature and
//! keeps the targets with the most weight in common. Postings are bounded by `cap` (but for the
//! few forced tokens), so the cost grows about linearly with the input.

use super::profile::{Profile, Weights};

/// How many of its rarest tokens every paragraph is indexed under, however common they are.
const FORCED: usize = 3;

/// An inverted index over one side's paragraphs.
pub struct Index {
    /// Token `t`'s postings are `postings[starts[t]..starts[t + 1]]`, in order of position
    /// (token ids are dense, so one offset per token of the vocabulary: no hashing, and one
    /// allocation for all the lists).
    starts: Vec<u32>,
    postings: Vec<u32>,
    cap: u32,
    /// How many targets there are (indexed or not).
    len: usize,
    scratch: Scratch,
}

/// What a query accumulates: each target's weight in common so far, and which targets it
/// touched. One per thread querying an index at the same time as others.
#[derive(Debug, Default)]
pub struct Scratch {
    scores: Vec<f64>,
    touched: Vec<usize>,
}

impl Index {
    /// Indexes `targets` (by position in the slice; `None` for paragraphs not to index).
    pub fn new(targets: &[Option<&Profile>], weights: &Weights) -> Self {
        let cap = cap(weights_population(targets));
        // (token, target) for every signature token, in order of target; then a counting sort
        // by token, which keeps each list in order of target.
        let mut entries: Vec<(u32, u32)> = Vec::new();
        for (i, profile) in targets.iter().enumerate() {
            if let Some(p) = profile {
                let i = u32::try_from(i).expect("fewer than 2^32 paragraphs");
                entries.extend(signature(p, weights, cap).into_iter().map(|t| (t, i)));
            }
        }
        let mut starts = vec![0u32; weights.vocabulary() + 1];
        for &(t, _) in &entries {
            starts[t as usize + 1] += 1;
        }
        for t in 1..starts.len() {
            starts[t] += starts[t - 1];
        }
        let mut next = starts.clone();
        let mut postings = vec![0u32; entries.len()];
        for (t, i) in entries {
            let at = &mut next[t as usize];
            postings[*at as usize] = i;
            *at += 1;
        }
        Self { starts, postings, cap, len: targets.len(), scratch: Scratch::default() }
    }

    /// Up to `limit` targets sharing the most signature weight with `query`, best first; among
    /// equals, those nearest `at`, the query's place in its document (0 at its start, towards
    /// 1 at its end; a target's place is its position over the number of targets).
    pub fn candidates(&mut self, query: &Profile, at: f64, weights: &Weights, limit: usize) -> Vec<usize> {
        let mut scratch = std::mem::take(&mut self.scratch);
        let found = self.candidates_with(query, at, weights, limit, &mut scratch);
        self.scratch = scratch;
        found
    }

    /// [`Index::candidates`], accumulating in `scratch` (so that several threads can query one
    /// index at once).
    pub fn candidates_with(
        &self,
        query: &Profile,
        at: f64,
        weights: &Weights,
        limit: usize,
        scratch: &mut Scratch,
    ) -> Vec<usize> {
        let Scratch { scores, touched } = scratch;
        if scores.len() != self.len {
            *scores = vec![0.0; self.len];
        }
        for t in signature(query, weights, self.cap) {
            let (from, to) = (self.starts[t as usize], self.starts[t as usize + 1]);
            for &i in &self.postings[from as usize..to as usize] {
                let i = i as usize;
                if scores[i] == 0.0 {
                    touched.push(i);
                }
                scores[i] += weights.of(t);
            }
        }
        // Most weight first, then nearest the query's place, then by position: a total order
        // (positions are distinct), so keeping the best `limit` as they come gives what sorting
        // all would. Among targets that tie (copies of one boilerplate paragraph, where no word
        // is rare), each query so gets those around it, not all the same first ones. A query
        // touches hundreds of targets in a long document: most are turned away by comparing
        // them with the last of those kept.
        let len = self.len as f64;
        let place = |i: usize| (i as f64 / len - at).abs();
        let better = |a: &(f64, f64, usize), b: &(f64, f64, usize)| {
            b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)).is_lt()
        };
        let mut found: Vec<(f64, f64, usize)> = Vec::with_capacity(limit + 1);
        for i in touched.drain(..) {
            let score = std::mem::take(&mut scores[i]);
            if limit == 0 || (found.len() == limit && score < found[limit - 1].0) {
                continue;
            }
            let item = (score, place(i), i);
            if found.len() == limit && !better(&item, &found[limit - 1]) {
                continue;
            }
            let slot = found.partition_point(|kept| better(kept, &item));
            found.insert(slot, item);
            found.truncate(limit);
        }
        found.into_iter().map(|(_, _, i)| i).collect()
    }
}

fn weights_population(targets: &[Option<&Profile>]) -> usize {
    targets.iter().flatten().count()
}

/// Postings longer than this are left to the forced tokens: about √n, at least 32.
fn cap(population: usize) -> u32 {
    ((population as f64).sqrt() as u32).max(32)
}

fn signature(profile: &Profile, weights: &Weights, cap: u32) -> Vec<u32> {
    // (Room for every token at once: collecting through a filter grows the list step by step.)
    let mut rare: Vec<u32> = Vec::with_capacity(profile.distinct());
    rare.extend(profile.tokens().filter(|&t| weights.df(t) <= cap));
    if rare.len() < FORCED {
        // The FORCED rarest, in order of rarity ((df, token) is a total order: tokens are
        // distinct), without sorting them all.
        let mut by_rarity: Vec<u32> = profile.tokens().collect();
        let key = |&t: &u32| (weights.df(t), t);
        if by_rarity.len() > FORCED {
            by_rarity.select_nth_unstable_by_key(FORCED - 1, key);
            by_rarity.truncate(FORCED);
        }
        by_rarity.sort_by_key(key);
        for t in by_rarity {
            if !rare.contains(&t) {
                rare.push(t);
            }
        }
    }
    rare
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::profile::Interner;

    #[test]
    fn finds_the_paragraph_sharing_rare_words() {
        let mut interner = Interner::default();
        let texts = [
            "The Committee decided to maintain the target range",
            "The Committee noted inflation in Iraq",
            "The Committee welcomed Mozambique and the Sahel",
            "The Committee decided to maintain the target range unchanged",
        ];
        let profiles: Vec<Profile> = texts.iter().map(|t| Profile::new(&interner.tokens(t))).collect();
        let weights = Weights::new(interner.len(), &profiles);
        let targets: Vec<Option<&Profile>> = profiles[..3].iter().map(Some).collect();
        let mut index = Index::new(&targets, &weights);
        assert_eq!(index.candidates(&profiles[3], 0.0, &weights, 1), [0]);
        let query = Profile::new(&interner.tokens("Sahel"));
        assert_eq!(index.candidates(&query, 0.0, &weights, 5), [2]);
    }
}
