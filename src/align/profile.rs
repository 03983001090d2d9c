//! Bags of word tokens and their weighted overlap: the similarity measure of the engine.
//!
//! Each token weighs `ln(1 + N / df)`, where `N` is the number of paragraphs on both sides and
//! `df` the number holding the token. Words in every paragraph ("the", "Committee") weigh
//! little, so paragraphs that share only boilerplate score low, while a paragraph with a third
//! of its words changed keeps most of its weight in common.

use std::hash::BuildHasher;

use rayon::prelude::*;

use crate::document::{push_word_key, words};
use crate::text::hash::FxHasher;
use crate::text::par;

/// Token ids for word keys, shared by both sides of a comparison. The keys are kept end to end
/// in one string, and the table holds ids: a new word is no allocation of its own.
#[derive(Debug, Default)]
pub struct Interner {
    /// Ids, found by the hash of their key.
    table: hashbrown::HashTable<u32>,
    /// Every key, end to end, in order of id.
    keys: String,
    /// Where each key ends in `keys`, by id.
    ends: Vec<usize>,
    buffer: String,
}

/// The hash the interner's table files a key under.
fn hash_key(key: &str) -> u64 {
    std::hash::BuildHasherDefault::<FxHasher>::default().hash_one(key)
}

/// The word keys of a text, end to end: what interning needs of it, worked out apart from
/// any interner (so on any thread).
#[derive(Debug, Default)]
pub struct Keys {
    keys: String,
    /// Where each word's key ends in `keys`.
    ends: Vec<usize>,
}

impl Keys {
    /// The word keys of `text`, in order.
    pub fn of(text: &str) -> Self {
        let mut keys = String::with_capacity(text.len());
        let mut ends = Vec::with_capacity(text.len() / 6 + 1);
        for w in words(text) {
            push_word_key(w.of(text), &mut keys);
            ends.push(keys.len());
        }
        Self { keys, ends }
    }

    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.keys[start..end])
    }
}

impl Interner {
    /// An interner with room for `words` distinct words of `bytes` bytes in all.
    pub fn with_capacity(words: usize, bytes: usize) -> Self {
        Self {
            table: hashbrown::HashTable::with_capacity(words),
            keys: String::with_capacity(bytes),
            ends: Vec::with_capacity(words),
            buffer: String::new(),
        }
    }

    /// The id of the word key in `self.buffer`, assigning the next one when new.
    fn id_of_buffer(&mut self) -> u32 {
        let key = std::mem::take(&mut self.buffer);
        let id = self.id_of(&key);
        self.buffer = key;
        id
    }

    /// The id of a word key, assigning the next one when new.
    fn id_of(&mut self, key: &str) -> u32 {
        let Self { table, keys, ends, .. } = self;
        let name = |id: u32| key_of(keys, ends, id);
        match table.entry(hash_key(key), |&id| name(id) == key, |&id| hash_key(name(id))) {
            hashbrown::hash_table::Entry::Occupied(found) => *found.get(),
            hashbrown::hash_table::Entry::Vacant(place) => {
                let next = u32::try_from(ends.len()).expect("fewer than 2^32 distinct words");
                keys.push_str(key);
                ends.push(keys.len());
                place.insert(next);
                next
            }
        }
    }

    /// The id of a key this interner knows.
    fn find(&self, key: &str) -> Option<u32> {
        self.table.find(hash_key(key), |&id| key_of(&self.keys, &self.ends, id) == key).copied()
    }

    /// The token ids of some word keys, in order: the same as [`Interner::tokens`] of the
    /// text they were taken from.
    pub fn intern(&mut self, keys: &Keys) -> Vec<u32> {
        keys.iter().map(|key| self.id_of(key)).collect()
    }

    /// The token ids of many texts' word keys: what [`Interner::intern`] of each in turn gives
    /// (ids in order of first appearance), numbered on every core for many texts. Each run of
    /// texts numbers its own words; its distinct words then get their ids in order, run by
    /// run, and its tokens are renumbered.
    pub fn intern_all(&mut self, keys: &[Keys]) -> Vec<Vec<u32>> {
        if keys.len() < par::PARALLEL_FROM {
            return keys.iter().map(|k| self.intern(k)).collect();
        }
        let mut numbered: Vec<(Interner, Vec<Vec<u32>>)> = keys
            .par_chunks(keys.len().div_ceil(RUNS))
            .map(|run| {
                let mut own = Interner::default();
                let tokens = run.iter().map(|k| own.intern(k)).collect();
                (own, tokens)
            })
            .collect();
        let ids: Vec<Vec<u32>> = numbered
            .iter()
            .map(|(own, _)| {
                (0..own.len()).map(|id| self.id_of(key_of(&own.keys, &own.ends, id as u32))).collect()
            })
            .collect();
        numbered.par_iter_mut().zip(&ids).for_each(|((_, tokens), ids)| {
            for t in tokens.iter_mut().flatten() {
                *t = ids[*t as usize];
            }
        });
        numbered.into_iter().flat_map(|(_, tokens)| tokens).collect()
    }

    /// Every token's word key, by id.
    pub fn names(&self) -> Vec<&str> {
        (0..self.ends.len()).map(|id| key_of(&self.keys, &self.ends, id as u32)).collect()
    }

    /// The ids of `text`'s words that this interner knows, in order (a word it does not know
    /// weighs nothing in this comparison, so it is left out).
    pub fn lookup(&self, text: &str) -> Vec<u32> {
        let mut buffer = String::new();
        words(text)
            .filter_map(|w| {
                buffer.clear();
                push_word_key(w.of(text), &mut buffer);
                self.find(&buffer)
            })
            .collect()
    }

    /// How many distinct tokens there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The token ids of `text`'s words, in order.
    pub fn tokens(&mut self, text: &str) -> Vec<u32> {
        // About one word per six bytes of official prose.
        let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
        for w in words(text) {
            self.buffer.clear();
            push_word_key(w.of(text), &mut self.buffer);
            tokens.push(self.id_of_buffer());
        }
        tokens
    }
}

/// How many runs [`Interner::intern_all`] cuts its texts into: a few per core, so that a run
/// of long texts does not keep one core busy while the others wait.
const RUNS: usize = 16;

/// The key of token `id`, from the keys end to end and where each ends.
fn key_of<'a>(keys: &'a str, ends: &[usize], id: u32) -> &'a str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    &keys[start..ends[id]]
}

/// A bag of tokens: `(token, count)` sorted by token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    counts: Vec<(u32, u32)>,
}

impl Profile {
    /// The bag of these tokens.
    pub fn new(tokens: &[u32]) -> Self {
        let mut sorted = tokens.to_vec();
        sorted.sort_unstable();
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for t in sorted {
            match counts.last_mut() {
                Some((last, n)) if *last == t => *n += 1,
                _ => counts.push((t, 1)),
            }
        }
        Self { counts }
    }

    /// The union (sum) of several bags.
    pub fn sum<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> Self {
        // Each bag is sorted: merge them one into the next, in linear time (a split or merge
        // has a few pieces) rather than sorting them all together.
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for profile in profiles {
            if counts.is_empty() {
                counts.extend_from_slice(&profile.counts);
                continue;
            }
            let (a, b) = (std::mem::take(&mut counts), &profile.counts);
            counts.reserve(a.len() + b.len());
            let (mut i, mut j) = (0, 0);
            while i < a.len() && j < b.len() {
                match a[i].0.cmp(&b[j].0) {
                    std::cmp::Ordering::Less => {
                        counts.push(a[i]);
                        i += 1;
                    }
                    std::cmp::Ordering::Greater => {
                        counts.push(b[j]);
                        j += 1;
                    }
                    std::cmp::Ordering::Equal => {
                        counts.push((a[i].0, a[i].1 + b[j].1));
                        i += 1;
                        j += 1;
                    }
                }
            }
            counts.extend_from_slice(&a[i..]);
            counts.extend_from_slice(&b[j..]);
        }
        Self { counts }
    }

    /// The distinct tokens both bags hold.
    pub fn common_tokens<'a>(&'a self, other: &'a Profile) -> impl Iterator<Item = u32> + 'a {
        let theirs = &other.counts;
        self.counts
            .iter()
            .map(|&(t, _)| t)
            .filter(move |t| theirs.binary_search_by_key(t, |&(u, _)| u).is_ok())
    }

    /// How many distinct tokens the bag holds.
    pub fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// The distinct tokens.
    pub fn tokens(&self) -> impl Iterator<Item = u32> + '_ {
        self.counts.iter().map(|&(t, _)| t)
    }

    /// The bag's weight: what [`Profile::dice`] and [`Profile::containment_in`] divide by.
    pub fn mass(&self, weights: &Weights) -> f64 {
        self.counts.iter().map(|&(t, n)| f64::from(n) * weights.of(t)).sum()
    }

    /// Weight in common with `other`.
    fn common(&self, other: &Profile, weights: &Weights) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        let (a, b) = (&self.counts, &other.counts);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += f64::from(a[i].1.min(b[j].1)) * weights.of(a[i].0);
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Weighted Dice coefficient: `2·common / (mass(a) + mass(b))`, in [0, 1].
    pub fn dice(&self, other: &Profile, weights: &Weights) -> f64 {
        self.dice_given(other, weights, (self.mass(weights), other.mass(weights)))
    }

    /// [`Profile::dice`], the two bags' masses already taken (`(mine, theirs)`).
    pub fn dice_given(&self, other: &Profile, weights: &Weights, (mine, theirs): (f64, f64)) -> f64 {
        let total = mine + theirs;
        if total == 0.0 { 0.0 } else { 2.0 * self.common(other, weights) / total }
    }

    /// How much of `other`'s weight is found in this bag, in [0, 1].
    pub fn common_share(&self, other: &Profile, weights: &Weights) -> f64 {
        let mass = other.mass(weights);
        if mass == 0.0 { 0.0 } else { self.common(other, weights) / mass }
    }

    /// How much of this bag's weight is found in `other`, in [0, 1].
    pub fn containment_in(&self, other: &Profile, weights: &Weights) -> f64 {
        self.containment_given(other, weights, self.mass(weights))
    }

    /// [`Profile::containment_in`], this bag's mass already taken.
    pub fn containment_given(&self, other: &Profile, weights: &Weights, mass: f64) -> f64 {
        if mass == 0.0 { 0.0 } else { self.common(other, weights) / mass }
    }
}

/// Token weights for one comparison.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    weight: Vec<f64>,
    df: Vec<u32>,
}

impl Weights {
    /// Weights from the paragraphs of both sides.
    pub fn new<'a>(vocabulary: usize, profiles: impl IntoIterator<Item = &'a Profile>) -> Self {
        let mut df = vec![0u32; vocabulary];
        let mut n = 0usize;
        for p in profiles {
            n += 1;
            for t in p.tokens() {
                df[t as usize] += 1;
            }
        }
        let weight =
            df.iter().map(|&d| if d == 0 { 0.0 } else { (1.0 + n as f64 / f64::from(d)).ln() }).collect();
        Self { weight, df }
    }

    /// A token's weight (none for a token not counted).
    pub fn of(&self, token: u32) -> f64 {
        self.weight.get(token as usize).copied().unwrap_or(0.0)
    }

    /// How many tokens there are: ids are below this.
    pub fn vocabulary(&self) -> usize {
        self.df.len()
    }

    /// How many paragraphs hold a token.
    pub fn df(&self, token: u32) -> u32 {
        self.df[token as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(texts: &[&str]) -> (Vec<Profile>, Weights) {
        let mut interner = Interner::default();
        let profiles: Vec<Profile> = texts.iter().map(|t| Profile::new(&interner.tokens(t))).collect();
        let weights = Weights::new(interner.len(), &profiles);
        (profiles, weights)
    }

    #[test]
    fn interning_all_at_once_numbers_as_one_by_one() {
        // Every paragraph of the real gold set's texts: thousands, so they are numbered in
        // runs on every core, with words first seen in any run.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/real/texts");
        let mut paragraphs = Vec::new();
        for series in std::fs::read_dir(&root).unwrap() {
            let series = series.unwrap().path();
            if !series.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&series).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                paragraphs.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
            }
        }
        paragraphs.sort();
        assert!(paragraphs.len() > 4 * par::PARALLEL_FROM, "{}", paragraphs.len());
        let keys: Vec<Keys> = paragraphs.iter().map(|p| Keys::of(p)).collect();
        let mut one_by_one = Interner::default();
        let expected: Vec<Vec<u32>> = keys.iter().map(|k| one_by_one.intern(k)).collect();
        let mut all = Interner::default();
        assert_eq!(all.intern_all(&keys), expected);
        assert_eq!(all.names(), one_by_one.names());
        // And on top of words already known.
        let mut known = Interner::default();
        known.tokens("Committee inflation Sahel");
        let mut one_by_one = Interner::default();
        one_by_one.tokens("Committee inflation Sahel");
        let expected: Vec<Vec<u32>> = keys.iter().map(|k| one_by_one.intern(k)).collect();
        assert_eq!(known.intern_all(&keys), expected);
        assert_eq!(known.names(), one_by_one.names());
    }

    #[test]
    fn identical_bags_score_one_and_disjoint_zero() {
        let (p, w) = setup(&["a b c", "c b a", "x y z"]);
        assert!((p[0].dice(&p[1], &w) - 1.0).abs() < 1e-9);
        assert_eq!(p[0].dice(&p[2], &w), 0.0);
    }

    #[test]
    fn boilerplate_weighs_less_than_substance() {
        let (p, w) = setup(&[
            "The Committee decided to keep rates unchanged",
            "The Committee noted risks to the outlook",
            "The Committee will assess incoming information",
            "The Committee decided to keep rates steady",
        ]);
        assert!(p[0].dice(&p[3], &w) > 0.7);
        assert!(p[0].dice(&p[1], &w) < 0.35);
    }

    #[test]
    fn containment_sees_a_part_in_the_whole() {
        let (p, w) = setup(&["one two three four five six", "four five six", "seven"]);
        assert!((p[1].containment_in(&p[0], &w) - 1.0).abs() < 1e-9);
        assert!(p[0].containment_in(&p[1], &w) < 0.6);
        let sum = Profile::sum([&p[1], &p[2]]);
        assert_eq!(sum.tokens().count(), 4);
    }

    #[test]
    fn a_sum_is_the_bag_of_all_the_tokens() {
        let mut interner = Interner::default();
        let texts = ["b a c a", "c d c", "", "e a", "d"];
        let parts: Vec<Profile> = texts.iter().map(|t| Profile::new(&interner.tokens(t))).collect();
        let all: Vec<u32> = texts.iter().flat_map(|t| interner.tokens(t)).collect();
        assert_eq!(Profile::sum(&parts), Profile::new(&all));
        assert_eq!(Profile::sum(&parts[..0]), Profile::default());
    }
}
