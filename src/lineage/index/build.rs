//! Writing a segment of the word index.

use super::{CHUNK, META, Sink, put};
use crate::document::{push_word_key, words};
use crate::text::hash::FxHashMap;

/// Builds one segment: meetings are added one at a time, each new paragraph's text written
/// at once; the postings, dictionary and meetings are written by [`Builder::finish`].
#[derive(Debug, Default)]
pub struct Builder {
    /// Paragraph numbers by the content key of their text.
    paragraphs: FxHashMap<u128, u32>,
    /// Each paragraph's number of words.
    words: Vec<u32>,
    /// Each word key's postings, encoded as they grow, with the last paragraph written.
    terms: FxHashMap<String, (Vec<u8>, u32)>,
    meetings: Vec<u8>,
    meeting_count: u64,
    /// Per word of the paragraph being added: where its key is in `keys`, and its position.
    scratch: Vec<(usize, usize, u32)>,
    keys: String,
}

impl Builder {
    /// A builder with nothing in it.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many meetings were added.
    pub fn len(&self) -> usize {
        self.meeting_count as usize
    }

    /// Whether no meeting was added.
    pub fn is_empty(&self) -> bool {
        self.meeting_count == 0
    }

    /// Adds meeting `id`, whose body has content key `key` and these paragraphs (as the
    /// corpus reads them, in order); the texts of paragraphs not seen before go to `sink`.
    pub fn add<'t>(
        &mut self,
        id: &str,
        key: u128,
        paragraphs: impl IntoIterator<Item = &'t str>,
        sink: &mut dyn Sink,
    ) {
        let numbers: Vec<u32> = paragraphs.into_iter().map(|text| self.paragraph(text, sink)).collect();
        self.add_numbered(id, key, numbers);
    }

    /// Adds meeting `id`, whose body has content key `key`, with paragraphs already added
    /// ([`Builder::paragraph`]), by number: how a merge copies a meeting without reading it.
    pub fn add_numbered(&mut self, id: &str, key: u128, numbers: Vec<u32>) {
        put(&mut self.meetings, id.len() as u64);
        self.meetings.extend_from_slice(id.as_bytes());
        self.meetings.extend_from_slice(&key.to_le_bytes());
        put(&mut self.meetings, numbers.len() as u64);
        for n in numbers {
            put(&mut self.meetings, u64::from(n));
        }
        self.meeting_count += 1;
    }

    /// The number of paragraph `text`, indexed and written to `sink` if new. Paragraph texts
    /// are the segment's first blocks, so `sink` must have had no other block pushed.
    pub fn paragraph(&mut self, text: &str, sink: &mut dyn Sink) -> u32 {
        let content = crate::text::hash::content_key(text);
        if let Some(&n) = self.paragraphs.get(&content) {
            return n;
        }
        let n = self.words.len() as u32;
        self.paragraphs.insert(content, n);
        sink.push(text.as_bytes());
        self.keys.clear();
        self.scratch.clear();
        for (position, span) in words(text).enumerate() {
            let start = self.keys.len();
            push_word_key(span.of(text), &mut self.keys);
            self.scratch.push((start, self.keys.len(), position as u32));
        }
        self.words.push(self.scratch.len() as u32);
        // Grouped by key, positions increasing within each.
        let keys = &self.keys;
        self.scratch.sort_unstable_by(|a, b| keys[a.0..a.1].cmp(&keys[b.0..b.1]).then(a.2.cmp(&b.2)));
        let mut at = 0;
        while at < self.scratch.len() {
            let (start, end, _) = self.scratch[at];
            let key = &keys[start..end];
            let run = self.scratch[at..].iter().take_while(|(s, e, _)| &keys[*s..*e] == key).count();
            if !self.terms.contains_key(key) {
                self.terms.insert(key.to_string(), (Vec::new(), 0));
            }
            let (bytes, last) = self.terms.get_mut(key).expect("a key just inserted");
            // The first paragraph of a list is written whole (its delta from 0).
            put(bytes, u64::from(if bytes.is_empty() { n } else { n - *last }));
            *last = n;
            put(bytes, run as u64);
            let mut previous = 0;
            for &(_, _, position) in &self.scratch[at..at + run] {
                put(bytes, u64::from(position - previous));
                previous = position;
            }
            at += run;
        }
        n
    }

    /// Writes the postings, the dictionary, the word counts, the meetings and the meta block.
    pub fn finish(self, sink: &mut dyn Sink) {
        let paragraphs = self.words.len() as u32;
        let mut terms: Vec<(String, Vec<u8>)> = self.terms.into_iter().map(|(k, (b, _))| (k, b)).collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, postings) in &terms {
            sink.push(postings);
        }
        let first_chunk = paragraphs + terms.len() as u32;
        let mut index = Vec::new();
        let mut chunk = Vec::new();
        let mut chunks = 0u32;
        for (ordinal, (key, _)) in terms.iter().enumerate() {
            if chunk.is_empty() {
                put(&mut chunk, ordinal as u64);
                put(&mut index, key.len() as u64);
                index.extend_from_slice(key.as_bytes());
            }
            put(&mut chunk, key.len() as u64);
            chunk.extend_from_slice(key.as_bytes());
            if chunk.len() >= CHUNK {
                sink.push(&chunk);
                chunk.clear();
                chunks += 1;
            }
        }
        if !chunk.is_empty() {
            sink.push(&chunk);
            chunks += 1;
        }
        let index_block = first_chunk + chunks;
        sink.push(&index);
        let mut counts = Vec::with_capacity(self.words.len() * 2);
        for n in &self.words {
            put(&mut counts, u64::from(*n));
        }
        sink.push(&counts);
        let mut meetings = Vec::with_capacity(self.meetings.len() + 8);
        put(&mut meetings, self.meeting_count);
        meetings.extend_from_slice(&self.meetings);
        sink.push(&meetings);
        let mut meta = META.to_vec();
        for n in [
            paragraphs,
            terms.len() as u32,
            first_chunk,
            chunks,
            index_block,
            index_block + 1,
            index_block + 2,
        ] {
            meta.extend_from_slice(&n.to_le_bytes());
        }
        sink.push(&meta);
    }
}
