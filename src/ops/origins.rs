//! Origins kept per meeting, so that `annotate` reads the meeting and one stored entry rather
//! than its series.
//!
//! What `annotate` finds for a meeting depends on the meeting and on every meeting before it
//! in its series. So an entry is keyed by a chain over the series: each meeting's id and the
//! content key of its body, folded in date order ([`chain`]). The keys of the earlier
//! meetings come from the corpus's file stamps ([`Corpus::body_keys`]), without reading them;
//! the meeting annotated is read, and keyed by the text read. Any edit, insertion or removal
//! before it gives another chain and so a miss, never a stale answer.
//!
//! A miss computes the whole series once ([`lineage::trace_each`],
//! [`lineage::word_origins_each`]) and stores every meeting's entry: annotating another
//! meeting of the same series is then a hit too. The entries live in the corpus's table of
//! `origins` ([`crate::corpus::cache::Table`]), one file per series.

use std::cell::OnceCell;

use super::Error;
use crate::corpus::cache::Kind as CacheKind;
use crate::corpus::{Corpus, Listing, MeetingId};
use crate::document::Document;
use crate::lineage::{self, Annotation, MeetingRef, Prints};
use crate::text::hash::content_key;

/// The table of origins.
const ORIGINS: CacheKind =
    CacheKind { name: "origins", format: lineage::stored::FORMAT * 1000 + Prints::FORMAT };

/// The cache of sentence prints.
const PRINTS: CacheKind = CacheKind { name: "sentence prints", format: Prints::FORMAT };

/// The meetings of a series before one, with what identifies their texts.
pub(super) struct History<'c> {
    corpus: &'c Corpus,
    series: String,
    ids: Vec<MeetingId>,
    /// The content key of each one's body.
    keys: Vec<u128>,
    /// The chain through each one: `chains[i]` covers meetings `0..=i`.
    chains: Vec<u128>,
    /// Their sentence prints, read when an answer is not stored.
    /// and whether they are of the texts `keys` name.
    prints: OnceCell<(Vec<Prints>, bool)>,
    /// The meetings as answers name them, made on first use.
    refs: OnceCell<Vec<MeetingRef>>,
}

impl<'c> History<'c> {
    /// The meetings of `id`'s series before it, in the work tree.
    pub(super) fn before(corpus: &'c Corpus, listing: &Listing, id: &MeetingId) -> Result<Self, Error> {
        Self::of(corpus, &id.series, listing.before(id))
    }

    /// Every meeting of `series`, in the work tree: for a walk along it, where the meetings
    /// before the one at place `n` are the first `n`.
    pub(super) fn of_series(corpus: &'c Corpus, listing: &Listing, series: &str) -> Result<Self, Error> {
        Self::of(corpus, series, listing.series(series).cloned().collect())
    }

    /// The meetings `ids` of `series`, in date order.
    fn of(corpus: &'c Corpus, series: &str, ids: Vec<MeetingId>) -> Result<Self, Error> {
        let keys = corpus.body_keys(&ids)?;
        let mut chains = Vec::with_capacity(ids.len());
        let (mut at, mut name) = (0, String::new());
        for (id, key) in ids.iter().zip(&keys) {
            name.clear();
            name.push_str(&id.series);
            name.push('/');
            id.push_stem(&mut name);
            at = chain_str(at, &name, *key);
            chains.push(at);
        }
        Ok(Self {
            corpus,
            series: series.to_string(),
            ids,
            keys,
            chains,
            prints: OnceCell::new(),
            refs: OnceCell::new(),
        })
    }

    /// How many meetings it holds.
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The meetings as answers name them.
    pub(super) fn refs(&self) -> &[MeetingRef] {
        self.refs
            .get_or_init(|| self.ids.iter().map(|m| MeetingRef { id: m.to_string(), date: m.date }).collect())
    }

    /// The index of meeting `id`, if it is one of them.
    pub(super) fn position(&self, id: &MeetingId) -> Option<usize> {
        // In date order, as `MeetingId` sorts (date, series, slug).
        self.ids.binary_search(id).ok()
    }

    /// The meetings.
    pub(super) fn ids(&self) -> &[MeetingId] {
        &self.ids
    }

    /// Their sentence prints, and whether they are of the texts the keys name (a file written
    /// since its key was taken is read as it is now).
    fn prints(&self) -> Result<(&[Prints], bool), Error> {
        if let Some((prints, same)) = self.prints.get() {
            return Ok((prints, *same));
        }
        let (prints, keys) = prints(self.corpus, &self.ids, &self.keys)?;
        let same = keys == self.keys;
        let (prints, same) = self.prints.get_or_init(|| (prints, same));
        Ok((prints, *same))
    }

    /// The annotation of `target` (text `doc`, body key `key`) as the meeting after the
    /// first `n` of these.
    pub(super) fn annotation(
        &self,
        n: usize,
        target: MeetingRef,
        doc: &Document,
        key: u128,
        min_similarity: f64,
    ) -> Result<Annotation, Error> {
        let before = &self.refs()[..n];
        let entry = |chain: u128| sentences_key(chain, min_similarity);
        let table = self.corpus.table(ORIGINS, &self.series);
        let through = self.through(n, &target, key);
        if let Some(traced) =
            table.get(entry(through)).and_then(|bytes| lineage::stored::decode_sentences(&bytes))
            && let Some(annotation) = lineage::traced_annotation(before, target.clone(), doc, &traced)
        {
            return Ok(annotation);
        }
        let (prints, same) = self.prints()?;
        let own = Prints::of(doc.paragraph_texts(), &mut lineage::Memo::default());
        let series: Vec<&Prints> = prints[..n].iter().chain([&own]).collect();
        // What is stored for the meetings before, from the first on: the pass resumes after it.
        let stored = if same { table.read_all() } else { Default::default() };
        let known: Vec<Vec<lineage::Traced>> = (0..n)
            .map_while(|i| stored.get(entry(self.chains[i])).and_then(lineage::stored::decode_sentences))
            .collect();
        drop(stored);
        let mut entries = Vec::new();
        let mut last = Vec::new();
        let mut keep = |i: usize, traced: Vec<lineage::Traced>| {
            let chain = if i < n { self.chains[i] } else { through };
            entries.push((entry(chain), lineage::stored::encode_sentences(&traced)));
            if i == n {
                last = traced;
            }
        };
        let used: Vec<u128> = match lineage::trace_after(&series, min_similarity, &known, &mut keep) {
            Some(()) => self.chains[..known.len()].iter().map(|&chain| entry(chain)).collect(),
            None => {
                lineage::trace_each(&series, min_similarity, &mut keep);
                Vec::new()
            }
        };
        if same {
            table.store_with(&entries, &used);
        }
        Ok(lineage::traced_annotation(before, target, doc, &last).expect("an origin per sentence"))
    }

    /// Fills in the origin of every word of `annotation`, the annotation of `doc` (body key
    /// `key`) as the meeting after the first `n` of these.
    pub(super) fn words(
        &self,
        n: usize,
        annotation: &mut Annotation,
        doc: &Document,
        key: u128,
    ) -> Result<(), Error> {
        let before = &self.refs()[..n];
        let table = self.corpus.table(ORIGINS, &self.series);
        let through = self.through(n, &annotation.meeting, key);
        let most = doc.paragraph_texts().map(str::len).sum();
        let stored = table
            .get(words_key(through))
            .and_then(|bytes| lineage::stored::decode_words(&bytes, most))
            .and_then(|origins| lineage::word_list(doc, &origins, before, &annotation.meeting));
        let words = match stored {
            Some(words) => words,
            None => {
                let (prints, same) = self.prints()?;
                let own = Prints::of(doc.paragraph_texts(), &mut lineage::Memo::default());
                let series: Vec<&Prints> = prints[..n].iter().chain([&own]).collect();
                // What is stored for the meetings before, from the first on: the pass resumes
                // after it.
                let stored = if same { table.read_all() } else { Default::default() };
                let known: Vec<Vec<u32>> = (0..n)
                    .map_while(|i| {
                        let most = prints[i].words();
                        stored
                            .get(words_key(self.chains[i]))
                            .and_then(|b| lineage::stored::decode_words(b, most))
                    })
                    .collect();
                drop(stored);
                let mut entries = Vec::new();
                let mut last = Vec::new();
                let mut keep = |i: usize, origins: Vec<u32>| {
                    let chain = if i < n { self.chains[i] } else { through };
                    entries.push((words_key(chain), lineage::stored::encode_words(&origins)));
                    if i == n {
                        last = origins;
                    }
                };
                let (whole, used) = match lineage::word_origins_after(&series, &known, &mut keep) {
                    Some(whole) => {
                        (whole, self.chains[..known.len()].iter().map(|&c| words_key(c)).collect())
                    }
                    None => (lineage::word_origins_each(&series, &mut keep), Vec::new()),
                };
                if same && whole {
                    table.store_with(&entries, &used);
                }
                lineage::word_list(doc, &last, before, &annotation.meeting).expect("an origin per word")
            }
        };
        annotation.words = Some(words);
        annotation.paragraphs = doc.paragraph_texts().map(str::to_string).collect();
        Ok(())
    }

    /// The chain through the first `n` meetings and then `target`, whose body has key `key`.
    fn through(&self, n: usize, target: &MeetingRef, key: u128) -> u128 {
        let before = n.checked_sub(1).map_or(0, |i| self.chains[i]);
        chain_str(before, &target.id, key)
    }
}

/// The chain key after `before` (0 for none) of the meeting named `id`, whose body has key
/// `key`.
fn chain_str(before: u128, id: &str, key: u128) -> u128 {
    // On the stack for ids of ordinary length: this runs once per meeting of a series.
    let length = 16 + 8 + id.len() + 16;
    let mut small = [0u8; 160];
    let mut large = Vec::new();
    let bytes: &mut [u8] = if length <= small.len() {
        &mut small[..length]
    } else {
        large.resize(length, 0);
        &mut large
    };
    bytes[..16].copy_from_slice(&before.to_le_bytes());
    bytes[16..24].copy_from_slice(&(id.len() as u64).to_le_bytes());
    bytes[24..24 + id.len()].copy_from_slice(id.as_bytes());
    bytes[24 + id.len()..].copy_from_slice(&key.to_le_bytes());
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The table key of a meeting's sentence origins at a threshold.
fn sentences_key(chain: u128, min_similarity: f64) -> u128 {
    let mut bytes = chain.to_le_bytes().to_vec();
    bytes.extend_from_slice(b"sentences");
    bytes.extend_from_slice(&min_similarity.to_bits().to_le_bytes());
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// The table key of a meeting's word origins.
fn words_key(chain: u128) -> u128 {
    let mut bytes = chain.to_le_bytes().to_vec();
    bytes.extend_from_slice(b"words");
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// The sentence prints of meetings of one series, in the order given, whose bodies have
/// `keys` as far as is known: from the corpus's cache for texts reduced before (unread),
/// computed for the others, which are then added to it. With them, the keys of the texts
/// they are of.
pub(super) fn prints(
    corpus: &Corpus,
    ids: &[MeetingId],
    keys: &[u128],
) -> Result<(Vec<Prints>, Vec<u128>), Error> {
    let Some(first) = ids.first() else { return Ok((Vec::new(), Vec::new())) };
    let cache = corpus.cache(PRINTS, &first.series);
    let mut bodies: Vec<String> = Vec::new();
    let mut missed = false;
    let mut actual = Vec::with_capacity(ids.len());
    let mut prints = Vec::with_capacity(ids.len());
    for (id, key) in ids.iter().zip(keys) {
        let cached =
            cache.get(*key).and_then(Prints::decode).and_then(|(p, rest)| rest.is_empty().then_some(p));
        match cached {
            Some(p) => {
                actual.push(*key);
                prints.push(Some(p));
            }
            None => {
                missed = true;
                let body = corpus.body(id)?;
                actual.push(content_key(&body));
                bodies.push(body);
                prints.push(None);
            }
        }
    }
    let from_cache: Vec<bool> = prints.iter().map(Option::is_some).collect();
    let mut read = bodies.iter();
    let mut memo = lineage::Memo::default();
    let prints: Vec<Prints> = prints
        .into_iter()
        .map(|p| {
            p.unwrap_or_else(|| {
                let body = read.next().expect("a body for each print not cached");
                Prints::of(crate::document::storage::body_paragraphs(body), &mut memo)
            })
        })
        .collect();
    if missed {
        // The prints read from the cache as they are there; the others encoded.
        let encoded: Vec<Option<Vec<u8>>> = (prints.iter().zip(&from_cache))
            .map(|(p, &cached)| {
                (!cached).then(|| {
                    let mut bytes = Vec::new();
                    p.encode(&mut bytes);
                    bytes
                })
            })
            .collect();
        let used: Vec<(u128, &[u8])> = (actual.iter().zip(&encoded))
            .map(|(key, new)| (*key, new.as_deref().or_else(|| cache.get(*key)).expect("cached or encoded")))
            .collect();
        cache.store(&used);
    }
    Ok((prints, actual))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// The annotation of `s:latest` with its words, as `annotate --words` makes it.
    fn annotate(corpus: &Corpus, rewrite: Option<(&str, &str)>) -> Annotation {
        let located = corpus.locate("s:latest").unwrap();
        let (doc, key) = corpus.load_keyed(&located).unwrap();
        let listing = corpus.listing().unwrap();
        let history = History::before(corpus, &listing, &located.id).unwrap();
        // A meeting rewritten after its key was taken, before its text is read.
        if let Some((path, text)) = rewrite {
            fs::write(corpus.root().join(path), text).unwrap();
        }
        let target = MeetingRef { id: located.id.to_string(), date: doc.meta.date };
        let n = history.len();
        let mut annotation = history.annotation(n, target, &doc, key, 0.5).unwrap();
        history.words(n, &mut annotation, &doc, key).unwrap();
        annotation
    }

    /// A meeting file of series `s`.
    fn text(date: &str, body: &str) -> String {
        format!("+++\nseries = \"s\"\ndate = {date}\n+++\n\n{body}\n")
    }

    /// A corpus of series `s` holding `bodies` (date, body).
    fn series(bodies: &[(&str, &str)]) -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::init(dir.path()).unwrap();
        fs::create_dir(dir.path().join("s")).unwrap();
        for (date, body) in bodies {
            fs::write(dir.path().join(format!("s/{date}.md")), text(date, body)).unwrap();
        }
        (dir, corpus)
    }

    #[test]
    fn a_meeting_added_resumes_from_the_stored_origins_and_answers_as_a_fresh_run() {
        let (dir, corpus) = series(&[
            ("2020-01-01", "Growth was solid. Inflation stayed low.\n\nThe Council extends the mandate."),
            ("2020-02-01", "Growth was moderate. Inflation stayed low.\n\nThe Council extends the mandate."),
            ("2020-03-01", "Growth was moderate. Inflation rose a little.\n\nThe Council will review it."),
        ]);
        annotate(&corpus, None);
        let added = "Growth was solid again. Inflation rose a little.\n\nThe Council extends the mandate.";
        fs::write(dir.path().join("s/2020-04-01.md"), text("2020-04-01", added)).unwrap();
        let resumed = annotate(&corpus, None);
        // Every meeting's entries are still there, read and kept with the new one's.
        let listing = corpus.listing().unwrap();
        let history = History::of_series(&corpus, &listing, "s").unwrap();
        let stored = corpus.table(ORIGINS, "s").read_all();
        for chain in &history.chains {
            assert!(
                stored.get(words_key(*chain)).is_some() && stored.get(sentences_key(*chain, 0.5)).is_some()
            );
        }
        fs::remove_dir_all(dir.path().join(".git/communique")).unwrap();
        assert_eq!(resumed, annotate(&corpus, None));
    }

    #[test]
    fn a_meeting_rewritten_during_a_run_is_not_stored_under_its_old_key() {
        let (dir, corpus) = series(&[
            ("2020-01-01", "Growth was solid. Inflation stayed low."),
            ("2020-02-01", "Growth was moderate. Inflation stayed low."),
            ("2020-03-01", "Growth was moderate. Inflation rose a little."),
        ]);
        let middle = "s/2020-02-01.md";
        let original = fs::read_to_string(dir.path().join(middle)).unwrap();
        let rewritten = text("2020-02-01", "Output was strong. Prices rose a little.");
        // Rewritten after the keys are taken: the answer is of the rewritten text, and nothing
        // is stored under the keys of the text that was there before.
        annotate(&corpus, Some((middle, &rewritten)));
        fs::write(dir.path().join(middle), &original).unwrap();
        let answer = annotate(&corpus, None);
        fs::remove_dir_all(dir.path().join(".git/communique")).unwrap();
        let fresh = annotate(&corpus, None);
        assert_eq!(answer, fresh);
        assert!(fresh.words.as_ref().is_some_and(|w| !w.is_empty()));
    }
}
