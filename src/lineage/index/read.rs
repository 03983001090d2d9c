//! Reading a segment of the word index: the meetings when opened, the rest block by block.

use std::cell::OnceCell;

use super::{Blocks, Damaged, META, Reader};
use crate::lineage::Phrase;

/// One segment of the word index, open.
pub struct Index<B> {
    blocks: B,
    paragraphs: u32,
    first_chunk: u32,
    /// The first key of each dictionary chunk.
    pub(super) dictionary: Vec<Vec<u8>>,
    words_block: u32,
    meetings: Vec<IndexedMeeting>,
    words: OnceCell<Vec<u32>>,
}

/// A meeting as the index holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedMeeting {
    /// Its id.
    pub id: String,
    /// The content key of the body indexed.
    pub key: u128,
    /// Its paragraphs, in order, by number.
    pub paragraphs: Vec<u32>,
}

/// Where a phrase occurs: per paragraph (by number, increasing), the position of its first
/// word at each occurrence (increasing; occurrences may overlap).
pub type Occurrences = Vec<(u32, Vec<u32>)>;

impl<B: Blocks> Index<B> {
    /// Opens a segment: its meta block, dictionary index and meetings are read now.
    pub fn open(blocks: B) -> Result<Self, Damaged> {
        let count = blocks.count();
        let meta = blocks.block(count.checked_sub(1).ok_or(Damaged)?).ok_or(Damaged)?;
        let mut r = Reader::new(meta.strip_prefix(META).ok_or(Damaged)?);
        let mut n = [0u32; 7];
        for slot in &mut n {
            *slot = r.fixed_u32()?;
        }
        let [paragraphs, terms, first_chunk, chunks, index, words_block, meetings_block] = n;
        let consistent = paragraphs.checked_add(terms) == Some(first_chunk)
            && first_chunk.checked_add(chunks) == Some(index)
            && words_block == index + 1
            && meetings_block == index + 2
            && meetings_block.checked_add(2) == Some(count)
            && r.is_empty();
        if !consistent {
            return Err(Damaged);
        }
        let bytes = blocks.block(index).ok_or(Damaged)?;
        let mut r = Reader::new(&bytes);
        let mut dictionary = Vec::with_capacity(chunks as usize);
        while !r.is_empty() {
            dictionary.push(r.string()?.to_vec());
        }
        if dictionary.len() != chunks as usize {
            return Err(Damaged);
        }
        let bytes = blocks.block(meetings_block).ok_or(Damaged)?;
        let mut r = Reader::new(&bytes);
        let n = r.varint()?;
        let mut meetings = Vec::with_capacity(n.min(1 << 20) as usize);
        for _ in 0..n {
            let id = String::from_utf8(r.string()?.to_vec()).map_err(|_| Damaged)?;
            let key = u128::from_le_bytes(r.bytes(16)?.try_into().expect("sixteen bytes"));
            let k = r.varint()?;
            let mut numbers = Vec::with_capacity(k.min(1 << 16) as usize);
            for _ in 0..k {
                let p = r.u32()?;
                if p >= paragraphs {
                    return Err(Damaged);
                }
                numbers.push(p);
            }
            meetings.push(IndexedMeeting { id, key, paragraphs: numbers });
        }
        if !r.is_empty() {
            return Err(Damaged);
        }
        Ok(Self {
            blocks,
            paragraphs,
            first_chunk,
            dictionary,
            words_block,
            meetings,
            words: OnceCell::new(),
        })
    }

    /// Its blocks.
    pub fn blocks(&self) -> &B {
        &self.blocks
    }

    /// The meetings it holds.
    pub fn meetings(&self) -> &[IndexedMeeting] {
        &self.meetings
    }

    /// The text of paragraph `p`.
    pub fn text(&self, p: u32) -> Result<String, Damaged> {
        if p >= self.paragraphs {
            return Err(Damaged);
        }
        String::from_utf8(self.blocks.block(p).ok_or(Damaged)?).map_err(|_| Damaged)
    }

    /// Every paragraph's number of words, by number.
    pub fn words(&self) -> Result<&[u32], Damaged> {
        if let Some(words) = self.words.get() {
            return Ok(words);
        }
        let bytes = self.blocks.block(self.words_block).ok_or(Damaged)?;
        let mut r = Reader::new(&bytes);
        let words = (0..self.paragraphs).map(|_| r.u32()).collect::<Result<Vec<u32>, Damaged>>()?;
        if !r.is_empty() {
            return Err(Damaged);
        }
        Ok(self.words.get_or_init(|| words))
    }

    /// Where `phrase` occurs: the positions at which each of its tokens matches a word, the
    /// next token the next word, and so on (a phrase never spans two paragraphs).
    pub fn occurrences(&self, phrase: &Phrase) -> Result<Occurrences, Damaged> {
        let mut lists = Vec::with_capacity(phrase.len());
        for j in 0..phrase.len() {
            let list = self.token(phrase.token(j))?;
            if list.is_empty() {
                return Ok(Vec::new());
            }
            lists.push(list);
        }
        let (first, rest) = lists.split_first().expect("a phrase has a token");
        let mut out = Vec::new();
        for (p, starts) in first {
            let Some(others) = rest
                .iter()
                .map(|list| list.binary_search_by_key(p, |(q, _)| *q).ok().map(|i| &list[i].1))
                .collect::<Option<Vec<&Vec<u32>>>>()
            else {
                continue;
            };
            let found: Vec<u32> = starts
                .iter()
                .copied()
                .filter(|&i| {
                    others.iter().enumerate().all(|(j, positions)| {
                        i.checked_add(j as u32 + 1).is_some_and(|at| positions.binary_search(&at).is_ok())
                    })
                })
                .collect();
            if !found.is_empty() {
                out.push((*p, found));
            }
        }
        Ok(out)
    }

    /// The positions of the words a phrase token matches: those of its key, or with a prefix
    /// token, of every key starting with it.
    fn token(&self, (key, prefix): (&str, bool)) -> Result<Occurrences, Damaged> {
        let ordinals = self.ordinals(key.as_bytes(), prefix)?;
        match ordinals.as_slice() {
            [] => Ok(Vec::new()),
            [one] => self.postings(*one),
            many => {
                let mut all: Vec<(u32, u32)> = Vec::new();
                for &o in many {
                    for (p, positions) in self.postings(o)? {
                        all.extend(positions.into_iter().map(|i| (p, i)));
                    }
                }
                all.sort_unstable();
                let mut out: Occurrences = Vec::new();
                for (p, i) in all {
                    match out.last_mut() {
                        Some((q, positions)) if *q == p => positions.push(i),
                        _ => out.push((p, vec![i])),
                    }
                }
                Ok(out)
            }
        }
    }

    /// The ordinals of the key `key`, or of every key starting with it.
    fn ordinals(&self, key: &[u8], prefix: bool) -> Result<Vec<u32>, Damaged> {
        // The last chunk whose first key is at most `key`: where `key` would be.
        let start = self.dictionary.partition_point(|first| first.as_slice() <= key).saturating_sub(1);
        let mut out = Vec::new();
        for c in start..self.dictionary.len() {
            let bytes = self.blocks.block(self.first_chunk + c as u32).ok_or(Damaged)?;
            let mut r = Reader::new(&bytes);
            let mut ordinal = r.u32()?;
            while !r.is_empty() {
                let word = r.string()?;
                let hit = if prefix { word.starts_with(key) } else { word == key };
                if hit {
                    out.push(ordinal);
                } else if word > key {
                    // Keys are in byte order: those starting with `key` come before any
                    // greater key that does not.
                    return Ok(out);
                }
                ordinal = ordinal.checked_add(1).ok_or(Damaged)?;
            }
            if !prefix && !out.is_empty() {
                return Ok(out);
            }
        }
        Ok(out)
    }

    /// The postings of the key with this ordinal.
    fn postings(&self, ordinal: u32) -> Result<Occurrences, Damaged> {
        let mut out: Occurrences = Vec::new();
        self.each_posting(ordinal, |p, at| {
            match out.last_mut() {
                Some((q, positions)) if *q == p => positions.push(at),
                _ => out.push((p, vec![at])),
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `visit` with each paragraph and position of the key with this ordinal, in order
    /// (paragraphs increasing, positions increasing within each).
    fn each_posting(
        &self,
        ordinal: u32,
        visit: impl FnMut(u32, u32) -> Result<(), Damaged>,
    ) -> Result<(), Damaged> {
        self.each_posting_in(&self.posting_bytes(ordinal)?, visit)
    }

    /// The postings block of the key with this ordinal.
    fn posting_bytes(&self, ordinal: u32) -> Result<Vec<u8>, Damaged> {
        let block = self.paragraphs.checked_add(ordinal).filter(|b| *b < self.first_chunk).ok_or(Damaged)?;
        self.blocks.block(block).ok_or(Damaged)
    }

    /// [`Index::each_posting`] of a postings block read.
    fn each_posting_in(
        &self,
        bytes: &[u8],
        mut visit: impl FnMut(u32, u32) -> Result<(), Damaged>,
    ) -> Result<(), Damaged> {
        let mut r = Reader::new(bytes);
        let mut p = 0u32;
        let mut first = true;
        while !r.is_empty() {
            let delta = r.u32()?;
            p = if first { delta } else { p.checked_add(delta).filter(|_| delta > 0).ok_or(Damaged)? };
            first = false;
            if p >= self.paragraphs {
                return Err(Damaged);
            }
            let n = r.varint()?;
            if n == 0 {
                return Err(Damaged);
            }
            let mut at = 0u32;
            for k in 0..n {
                let delta = r.u32()?;
                at = if k == 0 {
                    delta
                } else {
                    at.checked_add(delta).filter(|_| delta > 0).ok_or(Damaged)?
                };
                visit(p, at)?;
            }
        }
        Ok(())
    }

    /// The segment turned the other way round: every paragraph as the ordinals of its words'
    /// keys. Read once (every key's postings), it finds a phrase from the postings of its
    /// rarest token alone ([`Index::holding`]): what a walk along a series needs, which asks
    /// for the sentences of every change.
    pub fn forward(&self) -> Result<Forward, Damaged> {
        let words = self.words()?;
        let mut starts = Vec::with_capacity(words.len() + 1);
        let mut total = 0u32;
        starts.push(0);
        for &n in words {
            total = total.checked_add(n).ok_or(Damaged)?;
            starts.push(total);
        }
        let terms = self.first_chunk - self.paragraphs;
        let postings = (0..terms).map(|o| self.posting_bytes(o)).collect::<Result<Vec<_>, _>>()?;
        // Each word is a position of one key, of a byte at least: counts of words that the
        // postings cannot hold are not believed (nor allocated for).
        if u64::from(total) > postings.iter().map(|b| b.len() as u64).sum::<u64>() {
            return Err(Damaged);
        }
        let mut ordinals = vec![u32::MAX; total as usize];
        let mut counts = vec![0u32; terms as usize];
        for (o, bytes) in (0..terms).zip(&postings) {
            self.each_posting_in(bytes, |p, at| {
                let p = p as usize;
                let slot = (at < words[p]).then(|| (starts[p] + at) as usize).ok_or(Damaged)?;
                // Each word has one key.
                if ordinals[slot] != u32::MAX {
                    return Err(Damaged);
                }
                ordinals[slot] = o;
                counts[o as usize] += 1;
                Ok(())
            })?;
        }
        if ordinals.contains(&u32::MAX) {
            return Err(Damaged);
        }
        Ok(Forward { starts, ordinals, counts })
    }

    /// The paragraphs where `phrase` occurs (by number, increasing), with `forward` this
    /// segment's [`Index::forward`]: the postings of the token with the fewest occurrences
    /// give the candidates, and the paragraphs' words tell which of them hold the phrase.
    pub fn holding(&self, forward: &Forward, phrase: &Phrase) -> Result<Vec<u32>, Damaged> {
        if forward.counts.len() != (self.first_chunk - self.paragraphs) as usize
            || forward.starts.len() != self.paragraphs as usize + 1
        {
            return Err(Damaged);
        }
        let mut tokens: Vec<Vec<u32>> = Vec::with_capacity(phrase.len());
        let mut occurring: Vec<u64> = Vec::with_capacity(phrase.len());
        for j in 0..phrase.len() {
            let (key, prefix) = phrase.token(j);
            let ordinals = self.ordinals(key.as_bytes(), prefix)?;
            if ordinals.is_empty() {
                return Ok(Vec::new());
            }
            // (Increasing, as the dictionary numbers its keys, and each a key of the segment.)
            if !ordinals.is_sorted_by(|a, b| a < b) {
                return Err(Damaged);
            }
            let counts = ordinals.iter().map(|&o| forward.counts.get(o as usize).copied().ok_or(Damaged));
            occurring.push(counts.map(|count| count.map(u64::from)).sum::<Result<u64, Damaged>>()?);
            tokens.push(ordinals);
        }
        let d = (0..tokens.len()).min_by_key(|&j| occurring[j]).expect("a phrase has a token");
        let driver = &tokens[d];
        let mut out: Vec<u32> = Vec::new();
        for &o in driver {
            self.each_posting(o, |p, at| {
                if out.last() == Some(&p) {
                    return Ok(());
                }
                let words = forward.paragraph(p);
                let Some(start) = (at as usize).checked_sub(d).filter(|s| s + tokens.len() <= words.len())
                else {
                    return Ok(());
                };
                // (A token's ordinals are in increasing order.)
                let holds = tokens
                    .iter()
                    .enumerate()
                    .all(|(j, ordinals)| ordinals.binary_search(&words[start + j]).is_ok());
                if holds {
                    out.push(p);
                }
                Ok(())
            })?;
        }
        // A prefix token's keys each list their paragraphs in order; together they do not.
        if driver.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        Ok(out)
    }
}

/// A segment's paragraphs as the ordinals of their words' keys ([`Index::forward`]).
pub struct Forward {
    /// Where each paragraph's words start in `ordinals`, then where the last one's end.
    starts: Vec<u32>,
    ordinals: Vec<u32>,
    /// How many words have each key.
    counts: Vec<u32>,
}

impl Forward {
    fn paragraph(&self, p: u32) -> &[u32] {
        let p = p as usize;
        &self.ordinals[self.starts[p] as usize..self.starts[p + 1] as usize]
    }
}
