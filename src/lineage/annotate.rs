//! `annotate`: every sentence of a meeting with the meeting where it first appeared.
//!
//! Two steps. Each meeting is first reduced to its [`Prints`]: per sentence, a fingerprint of
//! its word sequence and its sorted bag of word fingerprints. That depends on the meeting's
//! text alone, so the corpus can keep it in a cache keyed by content. Then [`trace`] reads the
//! series in order. A sentence whose words appeared before, in that order, takes the origin of
//! their first appearance (so a sentence that disappeared and came back keeps its first origin,
//! and a verbatim sentence is never dated after its earliest verbatim occurrence). Otherwise its
//! closest sentence in the previous meeting, if similar enough, passes on its origin: a chain
//! of close edits leads back to the ancestor. Otherwise it is new.

use serde::{Deserialize, Serialize};

use super::{Meeting, MeetingRef};
use crate::document::{self, Document, Span, push_word_key, words};
use crate::text::hash::FxHashMap;
use crate::text::sorted_dice;

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.annotate/1";

/// The answer of `annotate` (JSON `communique.annotate/1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Always `SCHEMA`.
    pub schema: String,
    /// The meeting annotated.
    pub meeting: MeetingRef,
    /// Its sentences, in order.
    pub sentences: Vec<Annotated>,
    /// With `--words`: the paragraphs' texts, which the words' offsets point into.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<String>,
    /// With `--words`: every word token and the meeting that introduced it, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<super::WordOrigin>>,
}

impl Annotation {
    /// The year most sentences date from (the latest of equals) and how many do, if any
    /// sentence; and how many sentences are new in the meeting itself.
    pub fn summary(&self) -> (Option<(i32, usize)>, usize) {
        let mut years: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
        for s in &self.sentences {
            *years.entry(chrono::Datelike::year(&s.origin.date)).or_default() += 1;
        }
        let new = self.sentences.iter().filter(|s| s.origin.id == self.meeting.id).count();
        let top = years.into_iter().max_by_key(|(year, count)| (*count, std::cmp::Reverse(*year)));
        (top, new)
    }
}

/// The meeting a sentence comes from.
pub type Origin = MeetingRef;

/// One sentence and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotated {
    /// Its paragraph (1-based).
    pub paragraph: usize,
    /// The sentence.
    pub text: String,
    /// The meeting where it (or its ancestor) first appeared.
    pub origin: Origin,
    /// Word similarity to the sentence as it first appeared, in [0, 1].
    pub similarity: f64,
    /// With `--across`: the other series the wording comes from, when it appeared there
    /// before it did in the meeting's own (`origin` is then that series' meeting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_series: Option<String>,
}

/// One meeting's sentences as annotate compares them: per sentence its paragraph, a
/// fingerprint of its word sequence, and its words' fingerprints sorted (the bag that word
/// similarity is measured on). Computed from the text alone; see [`Prints::of`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prints {
    sentences: Vec<Print>,
    /// The sentences' sorted bags, one after the other.
    words: Vec<u64>,
    /// The same words in text order: sentence `s` holds the same range as its bag.
    sequence: Vec<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Print {
    /// The paragraph (0-based).
    paragraph: u32,
    /// A fingerprint of the word sequence.
    sequence: u64,
    /// Where the sentence's bag ends in `Prints::words` (it starts where the previous ends).
    end: u32,
}

/// Paragraphs already reduced, by text: official series repeat most paragraphs word for word
/// from one meeting to the next, and a repeated paragraph is not segmented again.
#[derive(Debug, Default)]
pub struct Memo<'t> {
    paragraphs: FxHashMap<&'t str, Prints>,
    scratch: String,
}

impl Prints {
    /// The encoding of [`Prints::encode`], including the rules that make prints (sentence
    /// splitting, word tokens, word fingerprints): change it whenever any of them changes, so
    /// no cache made by another build is read.
    pub const FORMAT: u32 = 4;

    /// The prints of a meeting's paragraphs, reusing (and filling) `memo`.
    pub fn of<'t>(paragraphs: impl IntoIterator<Item = &'t str>, memo: &mut Memo<'t>) -> Self {
        let mut prints = Self::default();
        for (p, text) in paragraphs.into_iter().enumerate() {
            let paragraph = u32::try_from(p).expect("fewer than 2³² paragraphs");
            let Memo { paragraphs, scratch } = memo;
            let known = paragraphs.entry(text).or_insert_with(|| Self::paragraph(text, scratch));
            prints.extend(known, paragraph);
        }
        prints
    }

    /// The prints of one paragraph (numbered 0).
    fn paragraph(text: &str, scratch: &mut String) -> Self {
        let mut prints = Self::default();
        for span in document::sentences(text) {
            let sentence = span.of(text).trim_end();
            let start = prints.words.len();
            push_word_ids(sentence, &mut prints.words, scratch);
            prints.sequence.extend_from_slice(&prints.words[start..]);
            let sequence = prints.words[start..].iter().fold(SEQUENCE_SEED, |s, &w| mix(s, w));
            prints.words[start..].sort_unstable();
            let end = u32::try_from(prints.words.len()).expect("fewer than 2³² words");
            prints.sentences.push(Print { paragraph: 0, sequence, end });
        }
        prints
    }

    /// Appends `other`'s sentences as paragraph `paragraph`.
    fn extend(&mut self, other: &Self, paragraph: u32) {
        let offset = u32::try_from(self.words.len()).expect("fewer than 2³² words");
        self.words.extend_from_slice(&other.words);
        self.sequence.extend_from_slice(&other.sequence);
        self.sentences.extend(other.sentences.iter().map(|s| Print { paragraph, end: s.end + offset, ..*s }));
    }

    /// Appends sentence `s` of `other` as a sentence of paragraph 0.
    fn push_sentence(&mut self, other: &Self, s: usize) {
        let range = other.range(s);
        self.words.extend_from_slice(&other.words[range.clone()]);
        self.sequence.extend_from_slice(&other.sequence[range]);
        let end = u32::try_from(self.words.len()).expect("fewer than 2³² words");
        self.sentences.push(Print { paragraph: 0, sequence: other.sentences[s].sequence, end });
    }

    /// The fingerprint of sentence `s`'s word sequence.
    pub(super) fn print(&self, s: usize) -> u64 {
        self.sentences[s].sequence
    }

    /// The word fingerprints of sentence `s`, in text order.
    pub(super) fn in_order(&self, s: usize) -> &[u64] {
        &self.sequence[self.range(s)]
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Whether the meeting has no sentence.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Number of words.
    pub fn words(&self) -> usize {
        self.sequence.len()
    }

    /// The sorted word fingerprints of sentence `s`.
    fn bag(&self, s: usize) -> &[u64] {
        &self.words[self.range(s)]
    }

    /// Where sentence `s`'s words are in `words` and `sequence`.
    fn range(&self, s: usize) -> std::ops::Range<usize> {
        let start = if s == 0 { 0 } else { self.sentences[s - 1].end as usize };
        start..self.sentences[s].end as usize
    }

    /// The paragraphs' words in text order, each with its paragraph number (0-based).
    fn paragraph_sequences(&self) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
        let mut s = 0;
        std::iter::from_fn(move || {
            let first = *self.sentences.get(s)?;
            let start = self.range(s).start;
            while self.sentences.get(s).is_some_and(|x| x.paragraph == first.paragraph) {
                s += 1;
            }
            Some((first.paragraph, start..self.range(s - 1).end))
        })
    }

    /// Appends the binary form to `out`: sentence count, word count, per sentence its
    /// paragraph, sequence fingerprint and bag end, then the words sorted by sentence, then
    /// in text order; little-endian.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.sentences.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.words.len() as u32).to_le_bytes());
        for s in &self.sentences {
            out.extend_from_slice(&s.paragraph.to_le_bytes());
            out.extend_from_slice(&s.sequence.to_le_bytes());
            out.extend_from_slice(&s.end.to_le_bytes());
        }
        for w in self.words.iter().chain(&self.sequence) {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }

    /// Reads the binary form of [`Prints::encode`] from the front of `bytes`; the prints and
    /// the bytes after them, or `None` when they are not a well-formed encoding.
    pub fn decode(bytes: &[u8]) -> Option<(Self, &[u8])> {
        let mut reader = Reader(bytes);
        let sentences = reader.u32()? as usize;
        let words = reader.u32()? as usize;
        // Refuse counts the bytes cannot hold before reserving memory for them.
        if sentences.checked_mul(16)?.checked_add(words.checked_mul(16)?)? > reader.0.len() {
            return None;
        }
        let mut prints = Self {
            sentences: Vec::with_capacity(sentences),
            words: Vec::with_capacity(words),
            sequence: Vec::with_capacity(words),
        };
        let mut last_end = 0;
        for _ in 0..sentences {
            let (paragraph, sequence, end) = (reader.u32()?, reader.u64()?, reader.u32()?);
            if end < last_end || end as usize > words {
                return None;
            }
            last_end = end;
            prints.sentences.push(Print { paragraph, sequence, end });
        }
        if last_end as usize != words {
            return None;
        }
        for _ in 0..words {
            prints.words.push(reader.u64()?);
        }
        for _ in 0..words {
            prints.sequence.push(reader.u64()?);
        }
        Some((prints, reader.0))
    }
}

/// A fingerprint of the word sequence of `text` (docs/DESIGN.md "Words"), or `None` when it has no
/// word: texts with the same words in the same order have the same print, whatever their case,
/// punctuation and spacing. A set of prints stands in for a set of word lists at a fraction of
/// the cost (no string per word); `words` and `key` are scratch space.
pub fn sequence_print(text: &str, words: &mut Vec<u64>, key: &mut String) -> Option<u64> {
    words.clear();
    push_word_ids(text, words, key);
    (!words.is_empty()).then(|| words.iter().fold(SEQUENCE_SEED, |s, &w| mix(s, w)))
}

/// Little-endian numbers from the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }
}

pub(super) const SEQUENCE_SEED: u64 = 0x9e_37_79_b9_7f_4a_7c_15;

/// Folds a word fingerprint into a sequence fingerprint (order matters).
pub(super) fn mix(sequence: u64, word: u64) -> u64 {
    (sequence ^ word).wrapping_mul(0xbf_58_47_6d_1c_e4_e5_b9).rotate_left(29) ^ 0x94_d0_49_bb_13_31_11_eb
}

/// Appends the fingerprints of `text`'s words, in order (see [`word_id`]).
fn push_word_ids(text: &str, out: &mut Vec<u64>, scratch: &mut String) {
    out.extend(words(text).map(|w| word_id(text, w, scratch)));
}

/// One byte of a word fingerprint.
pub(super) fn step(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A 64-bit fingerprint of a word's comparison form (docs/DESIGN.md "Words"), computed without
/// allocating for ASCII words: annotate compares a whole series' sentences, and a table of
/// every word costs more than the comparison itself.
pub(super) fn word_id(text: &str, span: Span, scratch: &mut String) -> u64 {
    let word = span.of(text);
    if word.is_ascii() {
        // The key of an ASCII token, byte by byte (`ascii_key_byte`).
        word.bytes().fold(0, |hash, b| step(hash, document::ascii_key_byte(b)))
    } else {
        scratch.clear();
        push_word_key(word, scratch);
        scratch.bytes().fold(0, step)
    }
}

/// A sentence's origin: a meeting's index and where the first wording is in it (a range of
/// its words in text order: a sentence of it, or a stretch inside a longer one).
#[derive(Clone, Copy, Debug)]
struct Source {
    meeting: u32,
    start: u32,
    end: u32,
}

impl Source {
    /// Sentence `s` of meeting `meeting`, as its own origin.
    fn sentence(meeting: usize, prints: &Prints, s: usize) -> Self {
        let range = prints.range(s);
        Self { meeting: meeting as u32, start: range.start as u32, end: range.end as u32 }
    }
}

/// The shortest wording, in words, looked for inside earlier sentences: a one-word sentence
/// ("Voting") found inside a longer one says nothing of where it comes from.
pub const SHORTEST_CONTAINED: usize = 2;

/// Every distinct paragraph of the meetings read so far, with an index of its word pairs, to
/// find where a wording first appeared inside a longer sentence: as `blame` finds a phrase
/// (within one paragraph, across its sentences).
///
/// The index is one list of occurrences, each linked to the next of the same pair, so that
/// adding a paragraph allocates nothing per pair (a map of lists cost more than the search).
#[derive(Default)]
struct Wordings {
    /// Per distinct paragraph: the meeting where it first appeared and its words' range in
    /// that meeting's sequence.
    paragraphs: Vec<(u32, std::ops::Range<usize>)>,
    /// The paragraphs already held, by the fingerprint of their words.
    held: crate::text::hash::FxHashSet<u64>,
    /// Per pair of consecutive words (by fingerprint): its first and last occurrence and how
    /// many there are.
    pairs: FxHashMap<u64, (u32, u32, u32)>,
    /// Every occurrence, in the order read: paragraph, word, and the next occurrence of the
    /// same pair (`u32::MAX` for none).
    occurrences: Vec<(u32, u32, u32)>,
}

/// The fingerprint of a pair of consecutive words.
fn pair(a: u64, b: u64) -> u64 {
    mix(mix(SEQUENCE_SEED, a), b)
}

impl Wordings {
    /// Adds the paragraphs of meeting `meeting` not held yet.
    fn add(&mut self, meeting: usize, prints: &Prints) {
        for (_, range) in prints.paragraph_sequences() {
            let words = &prints.sequence[range.clone()];
            let print = words.iter().fold(SEQUENCE_SEED, |h, &w| mix(h, w));
            if words.len() < SHORTEST_CONTAINED || !self.held.insert(print) {
                continue;
            }
            let paragraph = self.paragraphs.len() as u32;
            for (k, two) in words.windows(2).enumerate() {
                let at = u32::try_from(self.occurrences.len()).expect("fewer than 2³² words");
                self.occurrences.push((paragraph, k as u32, u32::MAX));
                let entry = self.pairs.entry(pair(two[0], two[1])).or_insert((at, at, 0));
                if entry.2 > 0 {
                    self.occurrences[entry.1 as usize].2 = at;
                    entry.1 = at;
                }
                entry.2 += 1;
            }
            self.paragraphs.push((meeting as u32, range));
        }
    }

    /// The first place `words` occur in the paragraphs held (read in chronological order),
    /// given the meetings' prints.
    fn first(&self, words: &[u64], series: &[&Prints]) -> Option<Source> {
        if words.len() < SHORTEST_CONTAINED {
            return None;
        }
        // The rarest pair of the wording: every occurrence of the wording holds it.
        let (at, &(first, _, _)) = words
            .windows(2)
            .enumerate()
            .map(|(k, two)| (k, self.pairs.get(&pair(two[0], two[1]))))
            .map(|(k, found)| found.map(|f| (k, f)))
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .min_by_key(|(_, (_, _, count))| *count)?;
        // Paragraphs were added in chronological order: the first that holds it is the first.
        let mut next = first;
        while next != u32::MAX {
            let (paragraph, k, after) = self.occurrences[next as usize];
            next = after;
            let (meeting, range) = &self.paragraphs[paragraph as usize];
            let Some(start) = (k as usize).checked_sub(at).map(|d| range.start + d) else { continue };
            let end = start + words.len();
            let sequence = &series[*meeting as usize].sequence;
            if end <= range.end && &sequence[start..end] == words {
                return Some(Source { meeting: *meeting, start: start as u32, end: end as u32 });
            }
        }
        None
    }
}

/// Where each sentence of the last of `series` (one series' prints, chronological) comes from:
/// the index of its origin meeting and its word similarity to the wording there.
///
/// A sentence's origin is the earlier of two: the first meeting where its words appeared in
/// that order (as a sentence, or inside a longer one: what `blame` of the sentence finds), and
/// the origin of the most alike sentence of the previous meeting, if at least
/// `min_similarity` alike (word Dice), so that a chain of edits leads back to the first
/// wording.
pub fn trace(series: &[&Prints], min_similarity: f64) -> Vec<(usize, f64)> {
    assert!(!series.is_empty(), "at least the meeting to annotate");
    let mut last = Vec::new();
    trace_each(series, min_similarity, |_, traced| last = traced);
    last.into_iter().map(|t| (t.meeting, t.similarity)).collect()
}

/// Where a sentence comes from, as [`trace_each`] finds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Traced {
    /// The index of its origin meeting.
    pub meeting: usize,
    /// Its word similarity to its wording there.
    pub similarity: f64,
    /// Its wording there: a range of that meeting's words in text order
    /// ([`Prints::sequence`]), so that a pass can be resumed from what it found.
    pub(super) words: (u32, u32),
}

/// [`trace`] of every meeting of `series` in one pass: `each` is given each meeting's index
/// and the origins of its sentences, in order.
pub fn trace_each(series: &[&Prints], min_similarity: f64, each: impl FnMut(usize, Vec<Traced>)) {
    trace_after(series, min_similarity, &[] as &[Vec<Traced>], each).expect("nothing known to disagree with");
}

/// [`trace_each`] resumed after the first `known.len()` meetings of `series`, whose sentences'
/// origins are `known` (what a pass gave them, as stored): `each` is given the meetings after
/// those. The state a pass carries is rebuilt from them and from the prints, so the answer is
/// the pass's. `None`, having called `each` for none, when `known` cannot be a pass's (more
/// meetings than the series, a count of origins not the meeting's count of sentences, an
/// origin after its meeting or a wording outside it).
pub fn trace_after(
    series: &[&Prints],
    min_similarity: f64,
    known: &[impl AsRef<[Traced]>],
    mut each: impl FnMut(usize, Vec<Traced>),
) -> Option<()> {
    if known.len() > series.len() {
        return None;
    }
    let mut first_seen: FxHashMap<u64, Source> = FxHashMap::default();
    let mut wordings = Wordings::default();
    let mut previous: Vec<Source> = Vec::new();
    for (i, (prints, traced)) in series.iter().zip(known).enumerate() {
        let traced = traced.as_ref();
        if traced.len() != prints.len() {
            return None;
        }
        let sources = traced
            .iter()
            .map(|t| {
                let (start, end) = t.words;
                let within =
                    t.meeting <= i && start <= end && end as usize <= series[t.meeting].sequence.len();
                within.then_some(Source { meeting: t.meeting as u32, start, end })
            })
            .collect::<Option<Vec<Source>>>()?;
        for (s, (print, source)) in prints.sentences.iter().zip(&sources).enumerate() {
            if !prints.bag(s).is_empty() {
                first_seen.entry(print.sequence).or_insert(*source);
            }
        }
        wordings.add(i, prints);
        previous = sources;
    }
    for (i, prints) in series.iter().enumerate().skip(known.len()) {
        let mut current = Vec::with_capacity(prints.len());
        // The previous meeting's sentences, indexed the first time a sentence needs them.
        let mut candidates: Option<Candidates> = None;
        for (s, print) in prints.sentences.iter().enumerate() {
            let bag = prints.bag(s);
            let known = if bag.is_empty() { None } else { first_seen.get(&print.sequence).copied() };
            let source = known.unwrap_or_else(|| {
                let edited = i.checked_sub(1).and_then(|p| {
                    let before = series[p];
                    let candidates =
                        candidates.get_or_insert_with(|| Candidates::new(before, min_similarity));
                    closest(bag, before, &previous, candidates, min_similarity)
                });
                let verbatim = wordings.first(&prints.sequence[prints.range(s)], series);
                // The earlier of the two; the wording itself when they are of one meeting.
                let source = match (edited, verbatim) {
                    (Some(e), Some(v)) => {
                        if e.meeting < v.meeting {
                            e
                        } else {
                            v
                        }
                    }
                    (found, None) | (None, found) => found.unwrap_or(Source::sentence(i, prints, s)),
                };
                if !bag.is_empty() {
                    first_seen.insert(print.sequence, source);
                }
                source
            });
            current.push(source);
        }
        wordings.add(i, prints);
        let traced = current
            .iter()
            .enumerate()
            .map(|(s, source)| {
                let origin =
                    &series[source.meeting as usize].sequence[source.start as usize..source.end as usize];
                Traced {
                    meeting: source.meeting as usize,
                    similarity: similarity(prints.in_order(s), prints.bag(s), origin),
                    words: (source.start, source.end),
                }
            })
            .collect();
        each(i, traced);
        previous = current;
    }
    Some(())
}

/// The origin of the sentence of the previous meeting most like `bag` (the last of the most
/// alike), if one is at least `min_similarity` alike; `sources` are the previous meeting's
/// sentences' origins, `candidates` its sentences that can reach the threshold.
fn closest(
    bag: &[u64],
    previous: &Prints,
    sources: &[Source],
    candidates: &Candidates,
    min_similarity: f64,
) -> Option<Source> {
    let mut best: Option<(f64, Source)> = None;
    let consider = |s: usize| {
        let other = previous.bag(s);
        // Dice can reach at most 2·min/(a+b): skip what cannot qualify.
        let (a, b) = (bag.len().min(other.len()), bag.len().max(other.len()));
        if 2.0 * (a as f64) < min_similarity * (a + b) as f64 {
            return;
        }
        let similarity = dice(bag, other);
        if similarity >= min_similarity && best.is_none_or(|(b, _)| similarity >= b) {
            best = Some((similarity, sources[s]));
        }
    };
    match candidates {
        Candidates::All => (0..sources.len()).for_each(consider),
        Candidates::Indexed(index) => index.candidates(bag).into_iter().for_each(consider),
    }
    best.map(|(_, source)| source)
}

/// Meetings with fewer sentences are compared sentence by sentence: an index costs more than
/// it saves.
const INDEX_FROM: usize = 16;

/// The most sentences of the previous meeting scored for one sentence. Only a meeting of more
/// sentences can reach it (and then only when they share its rarer words): a meeting of one
/// huge paragraph with every sentence edited would otherwise still compare most pairs.
const MAX_CANDIDATES: usize = 64;

/// The most sentences of other series scored for one sentence (`--across`): thousands of
/// sentences of many meetings share a sentence's rarer words, where one meeting has a few.
const MAX_ELSEWHERE: usize = 4096;

/// Which sentences of the previous meeting [`closest`] scores.
enum Candidates {
    /// Every one (a short meeting, or a threshold that any pair reaches).
    All,
    /// Only those the index finds.
    Indexed(Index),
}

impl Candidates {
    fn new(previous: &Prints, min_similarity: f64) -> Self {
        Self::scoring(previous, min_similarity, MAX_CANDIDATES)
    }

    /// Scoring at most `most` sentences for one.
    fn scoring(previous: &Prints, min_similarity: f64, most: usize) -> Self {
        if previous.len() < INDEX_FROM || min_similarity.is_nan() || min_similarity <= 0.0 {
            Self::All
        } else {
            Self::Indexed(Index::new(previous, min_similarity, most))
        }
    }
}

/// A word occurrence in a bag: the word and how many times it came before in the same bag, so
/// that bags (multisets) compare as sets.
type Element = (u64, u32);

/// The sentences of one meeting indexed for the similarity join of [`closest`], by prefix
/// filtering (Chaudhuri et al., "A primitive operator for similarity joins", 2006; Bayardo et
/// al., "Scaling up all pairs similarity search", 2007): order the words of every bag rarest
/// first; two bags that share at least `o` words share one among the first `len − o + 1` of
/// each. Dice at least `t` needs `o ≥ t·len/(2 − t)` shared words given the length filter, so
/// only the sentences sharing a rare word with a sentence are scored: without it a meeting of
/// one huge paragraph compares every edited sentence with every earlier one (quadratic). The
/// answer is that of scoring every sentence (ties still go to the later sentence, and
/// sentences with the same bag, which score alike, are represented by the last of them),
/// unless more than [`MAX_CANDIDATES`] sentences share its rarest words: then those sharing
/// the rarest are scored.
struct Index {
    /// In how many indexed bags each element occurs.
    frequency: FxHashMap<Element, u32>,
    /// The indexed sentences whose prefix holds each element, in order.
    postings: FxHashMap<Element, Vec<u32>>,
    /// The last sentence without words.
    wordless: Option<u32>,
    min_similarity: f64,
    /// The most sentences scored for one (see [`MAX_CANDIDATES`]).
    most: usize,
}

impl Index {
    fn new(prints: &Prints, min_similarity: f64, most: usize) -> Self {
        // The last sentence of each distinct bag, in sentence order.
        let mut last_of: FxHashMap<&[u64], usize> = FxHashMap::default();
        for s in 0..prints.len() {
            last_of.insert(prints.bag(s), s);
        }
        let mut kept: Vec<usize> = last_of.into_values().collect();
        kept.sort_unstable();
        let mut frequency: FxHashMap<Element, u32> = FxHashMap::default();
        for &s in &kept {
            for element in elements(prints.bag(s)) {
                *frequency.entry(element).or_default() += 1;
            }
        }
        let mut index =
            Self { frequency, postings: FxHashMap::default(), wordless: None, min_similarity, most };
        let mut scratch = Vec::new();
        for &s in &kept {
            let bag = prints.bag(s);
            if bag.is_empty() {
                index.wordless = Some(s as u32);
                continue;
            }
            for &(_, element) in index.prefix(bag, &mut scratch) {
                index.postings.entry(element).or_default().push(s as u32);
            }
        }
        index
    }

    /// The elements of `bag` that any bag alike enough must share one of: its rarest
    /// `len − o + 1`, with `o` the fewest shared words the threshold allows (rounded down by
    /// one, so that floating point never drops a pair).
    fn prefix<'s>(&self, bag: &[u64], scratch: &'s mut Vec<(u32, Element)>) -> &'s [(u32, Element)] {
        scratch.clear();
        scratch.extend(elements(bag).map(|e| (self.frequency.get(&e).copied().unwrap_or(0), e)));
        scratch.sort_unstable();
        let t = self.min_similarity;
        let shared = ((t * bag.len() as f64 / (2.0 - t)).ceil() as usize).saturating_sub(1).max(1);
        let keep = (bag.len() + 1).saturating_sub(shared).min(bag.len());
        &scratch[..keep]
    }

    /// The sentences that may be at least the threshold alike to `bag`, in order.
    fn candidates(&self, bag: &[u64]) -> Vec<usize> {
        if bag.is_empty() {
            return self.wordless.map(|s| s as usize).into_iter().collect();
        }
        let mut scratch = Vec::new();
        let mut found: Vec<usize> = Vec::new();
        // Rarest words first: when they alone bring more than enough sentences, the sentences
        // sharing its rarest words are the ones worth scoring.
        for posting in self.prefix(bag, &mut scratch).iter().filter_map(|(_, e)| self.postings.get(e)) {
            if found.len() + posting.len() > self.most {
                if found.is_empty() {
                    found.extend(posting[posting.len() - self.most..].iter().map(|&s| s as usize));
                }
                break;
            }
            found.extend(posting.iter().map(|&s| s as usize));
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The elements of a sorted bag: each word with its number of earlier occurrences.
fn elements(bag: &[u64]) -> impl Iterator<Item = Element> + '_ {
    let mut run = 0u32;
    bag.iter().enumerate().map(move |(i, &w)| {
        run = if i > 0 && bag[i - 1] == w { run + 1 } else { 0 };
        (w, run)
    })
}

/// The annotation of `target` (its text `doc`), the meeting after `before` in its series;
/// `prints` are theirs. The target's own prints are made from `doc`, so they always match the
/// sentences annotated, whatever version of the text was read.
pub fn annotation(
    before: &[MeetingRef],
    prints: &[Prints],
    target: MeetingRef,
    doc: &Document,
    min_similarity: f64,
) -> Annotation {
    let own = Prints::of(doc.paragraph_texts(), &mut Memo::default());
    let series: Vec<&Prints> = prints.iter().chain([&own]).collect();
    let mut traced = Vec::new();
    trace_each(&series, min_similarity, |_, last| traced = last);
    traced_annotation(before, target, doc, &traced).expect("prints of the annotated text")
}

/// The annotation of `target` (its text `doc`) from the origins [`trace_each`] found for its
/// sentences (indices into `before`, then `target` itself); `None` unless there is one per
/// sentence of `doc`.
pub fn traced_annotation(
    before: &[MeetingRef],
    target: MeetingRef,
    doc: &Document,
    traced: &[Traced],
) -> Option<Annotation> {
    let mut origins = traced.iter();
    let mut sentences = Vec::with_capacity(origins.len());
    for (p, paragraph_text) in doc.paragraph_texts().enumerate() {
        for span in document::sentences(paragraph_text) {
            let &Traced { meeting, similarity, .. } = origins.next()?;
            let origin = match meeting.cmp(&before.len()) {
                std::cmp::Ordering::Less => before[meeting].clone(),
                std::cmp::Ordering::Equal => target.clone(),
                std::cmp::Ordering::Greater => return None,
            };
            sentences.push(Annotated {
                paragraph: p + 1,
                text: span.of(paragraph_text).trim_end().to_string(),
                origin,
                similarity,
                from_series: None,
            });
        }
    }
    if origins.next().is_some() {
        return None;
    }
    Some(Annotation {
        schema: SCHEMA.to_string(),
        meeting: target,
        sentences,
        paragraphs: Vec::new(),
        words: None,
    })
}

/// A meeting of another series, for [`borrowed`]: its reference, series and prints.
#[derive(Clone, Copy, Debug)]
pub struct Elsewhere<'a> {
    /// The meeting.
    pub meeting: &'a MeetingRef,
    /// Its series.
    pub series: &'a str,
    /// Its sentences' prints.
    pub prints: &'a Prints,
}

/// Dates the sentences of `annotation` (whose prints are `own`) to other series where their
/// language appeared first: `elsewhere` are the meetings of the other series before the
/// annotated one, in chronological order. A sentence takes the earlier of the first meeting
/// that holds its wording (inside any sentence) and the first appearance of the most alike
/// sentence (at least `min_similarity` alike), when that is before its own origin.
pub fn borrowed(annotation: &mut Annotation, own: &Prints, elsewhere: &[Elsewhere<'_>], min_similarity: f64) {
    if elsewhere.is_empty() {
        return;
    }
    let series: Vec<&Prints> = elsewhere.iter().map(|e| e.prints).collect();
    let mut wordings = Wordings::default();
    // Every distinct sentence, latest first, so that of equally alike sentences the one that
    // appeared first is chosen (`closest` keeps the last of the most alike).
    let mut first: FxHashMap<u64, (usize, usize)> = FxHashMap::default();
    for (m, prints) in series.iter().enumerate() {
        wordings.add(m, prints);
        for (s, print) in prints.sentences.iter().enumerate() {
            first.entry(print.sequence).or_insert((m, s));
        }
    }
    let mut distinct: Vec<(usize, usize)> = first.into_values().collect();
    distinct.sort_unstable_by(|a, b| b.cmp(a));
    let mut pool = Prints::default();
    for &(m, s) in &distinct {
        pool.push_sentence(series[m], s);
    }
    let sources: Vec<Source> = distinct.iter().map(|&(m, s)| Source::sentence(m, series[m], s)).collect();
    let candidates = Candidates::scoring(&pool, min_similarity, MAX_ELSEWHERE);
    for (s, sentence) in annotation.sentences.iter_mut().enumerate() {
        let bag = own.bag(s);
        if bag.is_empty() {
            continue;
        }
        let verbatim = wordings.first(&own.sequence[own.range(s)], &series);
        // An alike sentence of another body must also share a run of words with it: a word
        // bag half shared ("Economic activity is slowing." and "Economic activity is
        // expanding at a solid pace.") is common prose, not borrowed language.
        let words = own.in_order(s);
        let alike = closest(bag, &pool, &sources, &candidates, min_similarity).filter(|source| {
            let theirs =
                &series[source.meeting as usize].sequence[source.start as usize..source.end as usize];
            longest_run(words, theirs) >= BORROWED_RUN.min(words.len())
        });
        let Some(source) = verbatim.into_iter().chain(alike).min_by_key(|source| source.meeting) else {
            continue;
        };
        let there = &elsewhere[source.meeting as usize];
        if there.meeting.date >= sentence.origin.date {
            continue;
        }
        let origin = &series[source.meeting as usize].sequence[source.start as usize..source.end as usize];
        sentence.origin = there.meeting.clone();
        sentence.similarity = similarity(own.in_order(s), bag, origin);
        sentence.from_series = Some(there.series.to_string());
    }
}

/// The fewest words in a row a sentence shares with an alike sentence of another series to be
/// dated there (or all its words, when it has fewer).
pub const BORROWED_RUN: usize = 4;

/// The length of the longest run of words `a` and `b` share (longest common substring).
fn longest_run(a: &[u64], b: &[u64]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    let mut best = 0;
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal + 1 } else { 0 };
            best = best.max(row[j + 1]);
            diagonal = above;
        }
    }
    best
}

/// Annotates the last of `meetings` (one series, chronological); see [`annotation`].
pub fn annotate(meetings: &[Meeting], min_similarity: f64) -> Annotation {
    let (target, before) = meetings.split_last().expect("at least the meeting to annotate");
    let mut memo = Memo::default();
    let prints: Vec<Prints> =
        before.iter().map(|m| Prints::of(m.document.paragraph_texts(), &mut memo)).collect();
    let references: Vec<MeetingRef> = before.iter().map(MeetingRef::of).collect();
    annotation(&references, &prints, MeetingRef::of(target), &target.document, min_similarity)
}

/// The similarity of a sentence (its words in order, and sorted) to the wording at its origin
/// (in order), to 3 decimals: word Dice, and 1 only for the same words in the same order (the
/// same words reordered are 0.999, an edit all the same).
fn similarity(words: &[u64], bag: &[u64], origin: &[u64]) -> f64 {
    let mut sorted = origin.to_vec();
    sorted.sort_unstable();
    let alike = (dice(bag, &sorted) * 1000.0).round() / 1000.0;
    if alike == 1.0 && words != origin { 0.999 } else { alike }
}

/// Word similarity of two sentences (sorted fingerprints); two sentences without words are alike.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() { 1.0 } else { sorted_dice(a, b) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::test_meeting as meeting;

    fn origins(a: &Annotation) -> Vec<(String, f64)> {
        a.sentences.iter().map(|s| (s.origin.date.to_string(), s.similarity)).collect()
    }

    /// Every meeting's origins from one pass over `series`, and from passes resumed after
    /// each number of meetings whose origins the first gave: the same.
    fn resumed_is_the_pass(series: &[Prints], every: usize, min_similarity: f64) {
        let series: Vec<&Prints> = series.iter().collect();
        let mut all = Vec::new();
        trace_each(&series, min_similarity, |_, traced| all.push(traced));
        for k in (0..=series.len()).step_by(every).chain([series.len() - 1, series.len()]) {
            let mut rest = Vec::new();
            let resumed = trace_after(&series, min_similarity, &all[..k], |i, traced| rest.push((i, traced)));
            assert_eq!(resumed, Some(()));
            let expected: Vec<(usize, Vec<Traced>)> = all.iter().cloned().enumerate().skip(k).collect();
            assert!(rest == expected, "resumed after {k} meetings");
        }
    }

    #[test]
    fn a_trace_resumed_from_what_it_gave_gives_the_same_on_real_series() {
        resumed_is_the_pass(&crate::lineage::shipped_series("fomc", 80), 7, 0.5);
        resumed_is_the_pass(&crate::lineage::shipped_series("amisom-somalia", 30), 3, 0.5);
        resumed_is_the_pass(&crate::lineage::shipped_series("coalition", 12), 1, 0.8);
    }

    #[test]
    fn sentence_origins_that_no_pass_gives_are_refused() {
        let series = crate::lineage::shipped_series("fomc", 3);
        let series: Vec<&Prints> = series.iter().collect();
        let mut all = Vec::new();
        trace_each(&series, 0.5, |_, traced| all.push(traced));
        let refused = |known: &[Vec<Traced>]| {
            let mut called = false;
            let answer = trace_after(&series, 0.5, known, |_, _| called = true);
            answer.is_none() && !called
        };
        let mut short = all.clone();
        short[1].pop();
        let mut later = all.clone();
        later[1][0].meeting = 2;
        let mut outside = all.clone();
        outside[2][0].words.1 = series[all[2][0].meeting].sequence.len() as u32 + 1;
        let more = [all.clone(), all.clone()].concat();
        assert!(refused(&short) && refused(&later) && refused(&outside) && refused(&more));
        assert!(!refused(&all[..2]));
    }

    proptest::proptest! {
        /// Series whose meetings draw their sentences from a few, repeated, moved, dropped and
        /// brought back, and edited a word at a time: resumed anywhere, the pass's answer.
        #[test]
        fn a_trace_resumed_anywhere_gives_the_pass_answer(
            meetings in proptest::collection::vec(
                proptest::collection::vec((0usize..6, 0usize..6, 0usize..4, proptest::bool::ANY), 0..6),
                1..9,
            ),
        ) {
            const SENTENCES: [&str; 6] = [
                "The Council extends the mandate of the mission",
                "It condemns the attacks on civilians",
                "Inflation remains elevated and growth is moderate",
                "The Committee decided to raise the target range",
                "Members welcomed the progress made",
                "Risks to the outlook are balanced",
            ];
            const WORDS: [&str; 4] = ["further", "strongly", "somewhat", "the"];
            let texts: Vec<Vec<String>> = meetings
                .iter()
                .map(|sentences| {
                    // A new paragraph where asked: a wording may come back inside a longer one.
                    let mut paragraphs = vec![String::new()];
                    for &(s, at, word, paragraph) in sentences {
                        let mut words: Vec<&str> = SENTENCES[s].split(' ').collect();
                        if at > 0 {
                            words.insert(at.min(words.len()), WORDS[word]);
                        }
                        if paragraph {
                            paragraphs.push(String::new());
                        }
                        let last = paragraphs.last_mut().expect("a paragraph");
                        last.push_str(&words.join(" "));
                        last.push_str(". ");
                    }
                    paragraphs.iter().map(|p| p.trim_end().to_string()).filter(|p| !p.is_empty()).collect()
                })
                .collect();
            let mut memo = Memo::default();
            let series: Vec<Prints> =
                texts.iter().map(|t| Prints::of(t.iter().map(String::as_str), &mut memo)).collect();
            resumed_is_the_pass(&series, 1, 0.5);
        }
    }

    #[test]
    fn the_ascii_pass_fingerprints_words_like_the_word_tokens() {
        let mut scratch = String::new();
        for text in [
            "",
            "   ",
            "The Committee's 2-1/2 percent target, (a) U.S. 4.5%; Daesh/ISIS--al-Hol",
            "trailing word",
            "x",
            "ÉLÉMENTS non-ASCII: Ｆｕｌｌ width, ﬁnance",
        ] {
            let mut fast = Vec::new();
            push_word_ids(text, &mut fast, &mut scratch);
            let slow: Vec<u64> = words(text).map(|w| word_id(text, w, &mut scratch)).collect();
            assert_eq!(fast, slow, "{text:?}");
            let keys: Vec<u64> = document::word_keys(text).iter().map(|k| k.bytes().fold(0, step)).collect();
            assert_eq!(fast, keys, "{text:?}");
        }
    }

    /// Sentences of a few words drawn from a small vocabulary, so that many pairs are alike,
    /// repeated words, repeated sentences and sentences without words included.
    fn sentences_of(seed: u64, count: usize) -> String {
        let vocabulary =
            ["the", "rate", "Committee", "decided", "to", "keep", "raise", "inflation", "risks", "a"];
        let mut state = seed;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let mut text = String::new();
        for _ in 0..count {
            let words: Vec<&str> = (0..next(9)).map(|_| vocabulary[next(vocabulary.len())]).collect();
            text.push_str(if words.is_empty() { "—" } else { "" });
            text.push_str(&words.join(" "));
            text.push_str(". ");
        }
        text.replace(" .", ".")
    }

    #[test]
    fn the_index_finds_what_comparing_every_sentence_finds() {
        for seed in 0..40 {
            let earlier = sentences_of(seed, MAX_CANDIDATES - 4);
            let later = sentences_of(seed + 100, 200);
            let previous = Prints::of([earlier.as_str()], &mut Memo::default());
            let current = Prints::of([later.as_str()], &mut Memo::default());
            let sources: Vec<Source> =
                (0..previous.len()).map(|s| Source::sentence(0, &previous, s)).collect();
            for t in [0.05, 0.3, 0.5, 0.51, 2.0 / 3.0, 0.8, 0.95, 1.0] {
                let index = Candidates::Indexed(Index::new(&previous, t, MAX_CANDIDATES));
                for s in 0..current.len() {
                    let bag = current.bag(s);
                    let all = closest(bag, &previous, &sources, &Candidates::All, t).map(|s| s.start);
                    let indexed = closest(bag, &previous, &sources, &index, t).map(|s| s.start);
                    assert_eq!(all, indexed, "seed {seed}, threshold {t}, sentence {s}");
                }
            }
        }
    }

    #[test]
    fn the_same_words_reordered_are_an_edit_not_verbatim() {
        let meetings = [
            meeting("2023-01-01", &["Inflation remains elevated and the Committee is attentive."]),
            meeting("2024-01-01", &["The Committee is attentive and inflation remains elevated."]),
        ];
        let a = annotate(&meetings, 0.5);
        assert_eq!(origins(&a), [("2023-01-01".into(), 0.999)]);
    }

    #[test]
    fn verbatim_edited_new_and_returning_sentences() {
        let meetings = [
            meeting("2007-01-01", &["The mandate is extended for twelve months. It supports elections."]),
            meeting(
                "2008-01-01",
                &["The mandate is extended for twelve months. It supports fair elections."],
            ),
            meeting("2009-01-01", &["A new sentence about refugees and returns."]),
            meeting(
                "2010-01-01",
                &[
                    "The mandate is extended for twelve months. It supports fair elections.",
                    "A brand new line on human rights monitoring.",
                ],
            ),
        ];
        let a = annotate(&meetings, 0.5);
        assert_eq!(a.meeting.id, "s/2010-01-01");
        assert_eq!(
            origins(&a),
            [("2007-01-01".into(), 1.0), ("2007-01-01".into(), 0.857), ("2010-01-01".into(), 1.0)]
        );
        assert_eq!(a.sentences[2].paragraph, 2);
    }
}
