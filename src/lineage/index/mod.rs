//! The positional word index of a series (docs/DESIGN.md, "Files in the git directory"): for
//! every distinct paragraph of the meetings indexed, its text, its number of words and where
//! each word key occurs in it; for every meeting, its id, the content key of its body and its
//! paragraphs. `blame`, `grep` and the theme timeline read it instead of every meeting's text.
//!
//! The index is an accelerator only: what it answers for a meeting is what reading the
//! meeting answers. Words are cut and keyed by the token rule ([`crate::document::words`],
//! [`crate::document::push_word_key`]), as [`crate::lineage::Phrase`] matching cuts them; phrase occurrences
//! are found from positions and checked again on the paragraph's text by the callers, which
//! also need that text (the sentence of a blame, the context of a grep hit).
//!
//! Paragraphs are stored once per segment however many meetings repeat them (successive
//! statements repeat most of theirs), and whatever is computed of a paragraph is computed
//! once. The bytes are blocks ([`Blocks`], [`Sink`]) that the corpus stores opaquely; a block
//! that does not read or decode is [`Damaged`], and the caller answers without the index.
//!
//! Blocks of a segment, in order (numbers are little-endian; `v` is an unsigned LEB128 varint):
//! - `0..P`: the distinct paragraphs' texts (UTF-8); a paragraph's number is its block's;
//! - `P..P+T`: one postings list per word key, keys in byte order: per paragraph holding the
//!   key (increasing), `v` paragraph (delta from the previous, the first whole), `v` count,
//!   then `v` word positions in the paragraph (0-based, deltas, the first whole);
//! - the dictionary, in chunks of about 4 KiB: `v` ordinal of its first key, then per
//!   key `v` length and its bytes (a key's postings are block `P + ordinal`);
//! - the dictionary's index: per chunk, `v` length and the bytes of its first key;
//! - the paragraphs' word counts: `v` per paragraph;
//! - the meetings: `v` count, then per meeting `v` length and bytes of its id, its body's
//!   content key (`u128`), `v` paragraph count and `v` each paragraph's number;
//! - the meta block, last: `b"words"`, then `u32` P, T, first dictionary chunk, chunks, index,
//!   word counts and meetings blocks.

mod build;
mod read;

pub use build::Builder;
pub use read::{Forward, Index, IndexedMeeting, Occurrences};

/// The format of the word index: bump it whenever the token rule, the keys or the encoding
/// change (a build with another format rebuilds the index).
pub const FORMAT: u32 = 1;

/// About how many bytes of keys a dictionary chunk holds.
const CHUNK: usize = 4096;

/// The meta block's tag.
const META: &[u8] = b"words";

/// A segment's blocks, read one at a time.
pub trait Blocks {
    /// How many blocks there are.
    fn count(&self) -> u32;
    /// Block `i`, if it is there and whole.
    fn block(&self, i: u32) -> Option<Vec<u8>>;
}

/// Where a segment's blocks are written, numbered from 0 in the order pushed.
pub trait Sink {
    /// Appends a block.
    fn push(&mut self, block: &[u8]);
}

/// Blocks held in memory: a segment built by a command that could not store it.
impl Blocks for Vec<Vec<u8>> {
    fn count(&self) -> u32 {
        u32::try_from(self.len()).unwrap_or(u32::MAX)
    }

    fn block(&self, i: u32) -> Option<Vec<u8>> {
        self.get(i as usize).cloned()
    }
}

impl Sink for Vec<Vec<u8>> {
    fn push(&mut self, block: &[u8]) {
        Vec::push(self, block.to_vec());
    }
}

/// An index block that is missing, damaged or does not decode: the index cannot answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Damaged;

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a block of the word index is damaged")
    }
}

impl std::error::Error for Damaged {}

/// Appends `n` as an LEB128 varint.
pub(crate) fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads varints and byte strings from a block.
pub(crate) struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> Self {
        Self { bytes }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(crate) fn varint(&mut self) -> Result<u64, Damaged> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.bytes.split_first().ok_or(Damaged)?;
            self.bytes = rest;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err(Damaged)
    }

    fn u32(&mut self) -> Result<u32, Damaged> {
        u32::try_from(self.varint()?).map_err(|_| Damaged)
    }

    fn bytes(&mut self, n: usize) -> Result<&'b [u8], Damaged> {
        let (head, rest) = self.bytes.split_at_checked(n).ok_or(Damaged)?;
        self.bytes = rest;
        Ok(head)
    }

    /// A `v` length and that many bytes.
    fn string(&mut self) -> Result<&'b [u8], Damaged> {
        let n = self.varint()?;
        self.bytes(usize::try_from(n).map_err(|_| Damaged)?)
    }

    fn fixed_u32(&mut self) -> Result<u32, Damaged> {
        Ok(u32::from_le_bytes(self.bytes(4)?.try_into().expect("four bytes")))
    }
}

#[cfg(test)]
mod tests;
