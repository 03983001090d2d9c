//! The word index of each series ([`lineage::index`]), kept up to date in the corpus's
//! segment files ([`crate::corpus::segments`]) and read by `blame`, `grep` and `themes`.
//!
//! Before a question is answered from it, the index of each series asked about is brought up
//! to date: the body key of every meeting comes from the file stamps ([`Corpus::body_keys`]),
//! and a meeting counts as indexed only if a segment holds its id with that key. The others
//! (new, edited, or never indexed, as after `git clone`) are read and indexed into a new
//! segment. Small segments are merged when there are more than [`MAX_SEGMENTS`], and a segment
//! whose meetings are mostly out of date (edited or removed since) is merged with them, so
//! adding one meeting to a long series writes one small file, not the series.
//!
//! Whatever goes wrong only makes the answer slower: a segment that cannot be written, or a
//! block that does not read back whole ([`Damaged`]), makes the question answered by reading
//! every meeting, as without an index (and a damaged segment is deleted, to be rebuilt).

use std::cell::RefCell;

use super::Progress;
use crate::corpus::cache::{Kind as CacheKind, Table};
use crate::corpus::segments::{Segment, SegmentWriter, Segments};
use crate::corpus::{Corpus, Listing, MeetingId};
use crate::lineage::index::{Blocks, Builder, Damaged, Forward, Index, Sink};
use crate::lineage::{self, Appearance, Hit, MeetingRef, Phrase, Presence};
use crate::text::hash::{FxHashMap, FxHashSet, content_key};
use crate::themes::{self, Matcher, ParagraphCounts, Theme, Timeline};

/// The word index's segment files.
const WORDS: CacheKind = CacheKind { name: "word index", format: lineage::index::FORMAT };

/// Each segment's paragraphs' theme mentions, per set of theme terms (`theme counts`): a
/// segment never changes (its file is named by its bytes), so what the terms find in it is
/// found once. The header's communique version covers changes to how mentions are counted.
const COUNTS: CacheKind = CacheKind { name: "theme counts", format: lineage::index::FORMAT * 1000 + 1 };

/// Above this many segments in a series, the small ones are merged.
pub(super) const MAX_SEGMENTS: usize = 8;

/// A stored segment's blocks.
impl Blocks for Segment {
    fn count(&self) -> u32 {
        Segment::count(self)
    }

    fn block(&self, i: u32) -> Option<Vec<u8>> {
        Segment::block(self, i)
    }
}

/// Blocks written to a new segment file.
struct Writer(SegmentWriter);

impl Sink for Writer {
    fn push(&mut self, block: &[u8]) {
        self.0.push(block);
    }
}

/// The index of one series, up to date with its meetings in the work tree.
pub(super) struct SeriesIndex {
    store: Segments,
    /// What theme terms found in each segment ([`COUNTS`]).
    counts: Table,
    segments: Vec<Index<Segment>>,
    /// Each meeting's segment and place in it, by id.
    at: FxHashMap<String, (usize, usize)>,
    /// Segments found damaged while answering.
    damaged: RefCell<FxHashSet<usize>>,
}

/// Per segment of a series' index, each paragraph's earliest meeting as a place in the series
/// ([`Indexes::places`]).
pub(super) struct Places {
    earliest: Vec<FxHashMap<u32, usize>>,
    /// The segments holding any of them, turned round ([`Index::forward`]).
    forward: Vec<Option<Forward>>,
}

/// A segment among the indexes of a question: its series' place, its own.
type Place = (usize, usize);

/// The indexes of the series a question reads, by series name.
pub(super) struct Indexes {
    series: Vec<(String, SeriesIndex)>,
}

impl Indexes {
    /// The indexes of the series of `ids`, each brought up to date; `None` when one cannot be
    /// (a segment not written, a meeting that does not read): the caller then reads the
    /// meetings, and meets the same errors as without an index.
    pub(super) fn of(
        corpus: &Corpus,
        listing: &Listing,
        ids: &[MeetingId],
        progress: &mut dyn Progress,
    ) -> Option<Self> {
        Self::of_known(corpus, listing, ids, &FxHashMap::default(), progress)
    }

    /// [`Indexes::of`], with `known` the bodies of meetings just written (by id), indexed as
    /// they are rather than read back and keyed from their files. Only the index trusts them:
    /// a question asks the files for their keys, and indexes again a meeting whose file does
    /// not hold what was indexed for it.
    pub(super) fn of_known(
        corpus: &Corpus,
        listing: &Listing,
        ids: &[MeetingId],
        known: &FxHashMap<String, &str>,
        progress: &mut dyn Progress,
    ) -> Option<Self> {
        let mut names: Vec<&str> = ids.iter().map(|id| &*id.series).collect();
        names.sort_unstable();
        names.dedup();
        let mut series = Vec::with_capacity(names.len());
        for name in names {
            series.push((name.to_string(), SeriesIndex::update(corpus, listing, name, known, progress)?));
        }
        Some(Self { series })
    }

    /// Where meeting `id` is: its series' index (and its place among them), its segment, and
    /// the meeting there.
    fn find(&self, id: &MeetingId, name: &str) -> Result<(&SeriesIndex, Place, usize), Damaged> {
        let at = self.series.iter().position(|(series, _)| *series == *id.series).ok_or(Damaged)?;
        let index = &self.series[at].1;
        let &(s, m) = index.at.get(name).ok_or(Damaged)?;
        Ok((index, (at, s), m))
    }

    /// Meeting `id` (named `name`): its series' index, its place, and the paragraphs in
    /// which `phrase` occurs, as (position in the meeting, paragraph number), in order.
    fn holding(
        &self,
        matching: &mut Matching,
        id: &MeetingId,
        name: &str,
        phrase: &Phrase,
    ) -> Result<Holding<'_>, Damaged> {
        let (index, place, m) = self.find(id, name)?;
        let set = matching.get(index, place, phrase)?;
        let paragraphs = &index.segments[place.1].meetings()[m].paragraphs;
        let holding = paragraphs.iter().enumerate().filter(|(_, p)| set.contains(p)).map(|(i, &p)| (i, p));
        Ok((index, place, holding.collect()))
    }

    /// Deletes the segments found damaged, so that the next command rebuilds what they held.
    pub(super) fn discard_damaged(&self) {
        for (_, index) in &self.series {
            for &s in index.damaged.borrow().iter() {
                if let Some(segment) = index.segments.get(s) {
                    index.store.remove(segment_name(segment));
                }
            }
        }
    }

    /// What `blame` finds in each of `ids` (date order): whether it has `phrase`, and where
    /// it first appears there.
    /// With `first_only`, stops after the first meeting that has it.
    pub(super) fn blame(
        &self,
        phrase: &Phrase,
        ids: &[MeetingId],
        first_only: bool,
    ) -> Result<Vec<(Presence, Option<Appearance>)>, Damaged> {
        let mut matching = Matching::default();
        // Per segment and paragraph: the sentence and match of its first occurrence.
        let mut first: FxHashMap<(Place, u32), Option<Appearance>> = FxHashMap::default();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let name = id.to_string();
            let (index, place, holding) = self.holding(&mut matching, id, &name, phrase)?;
            let mut found = None;
            if let Some(&(i, p)) = holding.first() {
                let key = (place, p);
                if let std::collections::hash_map::Entry::Vacant(entry) = first.entry(key) {
                    let text = index.read(place.1, |seg| seg.text(p))?;
                    entry.insert(lineage::appearance_in(phrase, "", id.date, i, &text));
                }
                // Its words are there in order: the paragraph must match.
                let template = first[&key].as_ref().ok_or_else(|| index.damage(place.1))?;
                found = Some(Appearance {
                    id: name.clone(),
                    date: id.date,
                    paragraph: i + 1,
                    ..template.clone()
                });
            }
            let presence = Presence {
                id: id.to_string(),
                series: id.series.to_string(),
                date: id.date,
                present: found.is_some(),
            };
            let stop = first_only && found.is_some();
            out.push((presence, found));
            if stop {
                break;
            }
        }
        Ok(out)
    }

    /// Every occurrence of `phrase` in `ids` (date order) with `context` words either side,
    /// as `grep` finds them.
    pub(super) fn grep(
        &self,
        phrase: &Phrase,
        ids: &[MeetingId],
        context: usize,
    ) -> Result<Vec<Hit>, Damaged> {
        let mut matching = Matching::default();
        let mut hits: FxHashMap<(Place, u32), Vec<Hit>> = FxHashMap::default();
        let mut out = Vec::new();
        for id in ids {
            let name = id.to_string();
            let (index, place, holding) = self.holding(&mut matching, id, &name, phrase)?;
            let meeting = MeetingRef { id: name, date: id.date };
            for (i, p) in holding {
                let key = (place, p);
                if let std::collections::hash_map::Entry::Vacant(entry) = hits.entry(key) {
                    let text = index.read(place.1, |seg| seg.text(p))?;
                    let mut found = Vec::new();
                    lineage::hits_in(phrase, &meeting, 0, &text, context, &mut found);
                    if found.is_empty() {
                        return Err(index.damage(place.1));
                    }
                    entry.insert(found);
                }
                out.extend(hits[&key].iter().map(|hit| Hit {
                    meeting: meeting.clone(),
                    paragraph: i + 1,
                    ..hit.clone()
                }));
            }
        }
        Ok(out)
    }

    /// For each of `phrases`, the first of `ids` (date order) that has it, by its place in
    /// `ids`. Each segment's paragraphs holding each phrase are found once, then one pass over
    /// the meetings they serve, so a phrase found nowhere costs one look-up per segment.
    pub(super) fn first_holding(
        &self,
        phrases: &[&Phrase],
        ids: &[MeetingId],
    ) -> Result<Vec<Option<usize>>, Damaged> {
        let place: FxHashMap<String, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.to_string(), i)).collect();
        if !place.keys().all(|name| self.series.iter().any(|(_, index)| index.at.contains_key(name))) {
            return Err(Damaged);
        }
        let mut first: Vec<Option<usize>> = vec![None; phrases.len()];
        for (_, index) in &self.series {
            for s in 0..index.segments.len() {
                // Paragraph → the phrases it has.
                let mut holders: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
                for (i, phrase) in phrases.iter().enumerate() {
                    for (p, _) in index.read(s, |segment| segment.occurrences(phrase))? {
                        holders.entry(p).or_default().push(i);
                    }
                }
                if holders.is_empty() {
                    continue;
                }
                for (m, meeting) in index.segments[s].meetings().iter().enumerate() {
                    // Only where this segment is the meeting's (a stale copy may be elsewhere).
                    let Some(&at) = place.get(&meeting.id) else { continue };
                    if index.at.get(&meeting.id) != Some(&(s, m)) {
                        continue;
                    }
                    for i in meeting.paragraphs.iter().filter_map(|p| holders.get(p)).flatten() {
                        if first[*i].is_none_or(|f| at < f) {
                            first[*i] = Some(at);
                        }
                    }
                }
            }
        }
        Ok(first)
    }

    /// For a walk along one series, `ids` in date order (the only series of these indexes):
    /// per segment, each indexed paragraph's earliest meeting, as a place in `ids`. So the
    /// earliest meeting before any place that holds a phrase is found from the phrase's
    /// paragraphs alone ([`Indexes::first_holding_before`]), not by looking at every meeting.
    pub(super) fn places(&self, ids: &[MeetingId]) -> Result<Places, Damaged> {
        let [(_, index)] = self.series.as_slice() else { return Err(Damaged) };
        let place: FxHashMap<String, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.to_string(), i)).collect();
        if !place.keys().all(|name| index.at.contains_key(name)) {
            return Err(Damaged);
        }
        let mut earliest: Vec<FxHashMap<u32, usize>> = vec![FxHashMap::default(); index.segments.len()];
        for (s, segment) in index.segments.iter().enumerate() {
            for (m, meeting) in segment.meetings().iter().enumerate() {
                // Only where this segment is the meeting's (a stale copy may be elsewhere).
                let Some(&at) = place.get(&meeting.id) else { continue };
                if index.at.get(&meeting.id) != Some(&(s, m)) {
                    continue;
                }
                for p in &meeting.paragraphs {
                    earliest[s].entry(*p).and_modify(|e| *e = (*e).min(at)).or_insert(at);
                }
            }
        }
        let forward = earliest
            .iter()
            .enumerate()
            .map(|(s, earliest)| match earliest.is_empty() {
                true => Ok(None),
                false => index.read(s, Index::forward).map(Some),
            })
            .collect::<Result<_, Damaged>>()?;
        Ok(Places { earliest, forward })
    }

    /// [`Indexes::first_holding`] of the meetings before place `limit` of a walk's series
    /// ([`Indexes::places`]): for each phrase, the earliest place that holds it.
    pub(super) fn first_holding_before(
        &self,
        places: &Places,
        phrases: &[&Phrase],
        limit: usize,
    ) -> Result<Vec<Option<usize>>, Damaged> {
        let [(_, index)] = self.series.as_slice() else { return Err(Damaged) };
        let mut first: Vec<Option<usize>> = vec![None; phrases.len()];
        for (s, (earliest, forward)) in places.earliest.iter().zip(&places.forward).enumerate() {
            let Some(forward) = forward else { continue };
            for (i, phrase) in phrases.iter().enumerate() {
                for p in index.read(s, |segment| segment.holding(forward, phrase))? {
                    if let Some(&at) = earliest.get(&p).filter(|&&at| at < limit) {
                        first[i] = Some(first[i].map_or(at, |f| f.min(at)));
                    }
                }
            }
        }
        Ok(first)
    }

    /// The theme timeline of `ids` (date order, one series) for `themes`.
    pub(super) fn timeline(&self, themes: &[&Theme], ids: &[MeetingId]) -> Result<Timeline, Damaged> {
        // Per segment used: every paragraph's counts.
        let mut counts: FxHashMap<Place, Vec<ParagraphCounts>> = FxHashMap::default();
        let mut places = Vec::with_capacity(ids.len());
        for id in ids {
            let name = id.to_string();
            let (index, place, m) = self.find(id, &name)?;
            if let std::collections::hash_map::Entry::Vacant(entry) = counts.entry(place) {
                entry.insert(index.read(place.1, |segment| stored_counts(&index.counts, segment, themes))?);
            }
            places.push((name, index, place, m));
        }
        let meetings = ids.iter().zip(places).map(|(id, (name, index, key, m))| {
            let table = &counts[&key];
            let paragraphs =
                index.segments[key.1].meetings()[m].paragraphs.iter().map(|&p| &table[p as usize]);
            (name, id.date, paragraphs.collect())
        });
        Ok(themes::timeline_of(&Matcher::new(themes), meetings))
    }
}

/// [`paragraph_counts`], as `table` keeps it for this segment and these themes' terms when it
/// does (and kept there when it did not).
fn stored_counts(
    table: &Table,
    segment: &Index<Segment>,
    themes: &[&Theme],
) -> Result<Vec<ParagraphCounts>, Damaged> {
    let key = counts_key(segment_name(segment), themes);
    let words = segment.words()?;
    if let Some(counts) = table.get(key).and_then(|bytes| decode_counts(&bytes, words, themes.len())) {
        return Ok(counts);
    }
    let counts = paragraph_counts(segment, themes)?;
    table.store(&[(key, encode_counts(&counts))]);
    Ok(counts)
}

/// The key of a segment's counts for `themes`: its name (the hash of its bytes) and every
/// term's tokens, theme by theme.
fn counts_key(segment: &str, themes: &[&Theme]) -> u128 {
    let mut text = String::from(segment);
    for theme in themes {
        text.push('\u{1}');
        for term in &theme.terms {
            text.push('\u{2}');
            for (key, prefix) in term.tokens() {
                text.push(if prefix { '\u{3}' } else { '\u{4}' });
                text.push_str(key);
            }
        }
    }
    content_key(&text)
}

/// Per paragraph, its themes with mentions: `v` how many, then `v` theme and `v` mentions
/// each, in theme order.
fn encode_counts(counts: &[ParagraphCounts]) -> Vec<u8> {
    let mut out = Vec::new();
    for paragraph in counts {
        let found = paragraph.mentions.iter().enumerate().filter(|(_, n)| **n > 0);
        lineage::index::put(&mut out, found.clone().count() as u64);
        for (t, &n) in found {
            lineage::index::put(&mut out, t as u64);
            lineage::index::put(&mut out, n as u64);
        }
    }
    out
}

/// What [`encode_counts`] wrote for paragraphs of `words` words, with `themes` themes; `None`
/// unless it reads whole and fits them.
fn decode_counts(bytes: &[u8], words: &[u32], themes: usize) -> Option<Vec<ParagraphCounts>> {
    let mut r = lineage::index::Reader::new(bytes);
    let mut out = Vec::with_capacity(words.len());
    for &n in words {
        let mut mentions = vec![0; themes];
        let mut last = None;
        for _ in 0..r.varint().ok()? {
            let t = usize::try_from(r.varint().ok()?)
                .ok()
                .filter(|&t| t < themes && last.is_none_or(|l| t > l))?;
            last = Some(t);
            mentions[t] = usize::try_from(r.varint().ok()?).ok().filter(|&m| m > 0)?;
        }
        out.push(ParagraphCounts { words: n as usize, mentions });
    }
    r.is_empty().then_some(out)
}

/// Every paragraph's words and theme mentions in one segment.
fn paragraph_counts(segment: &Index<Segment>, themes: &[&Theme]) -> Result<Vec<ParagraphCounts>, Damaged> {
    let words = segment.words()?;
    let mut found: FxHashMap<u32, Vec<(usize, u32, u32)>> = FxHashMap::default();
    for (t, theme) in themes.iter().enumerate() {
        for term in &theme.terms {
            for (p, starts) in segment.occurrences(term)? {
                found.entry(p).or_default().extend(starts.into_iter().map(|at| (t, at, term.len() as u32)));
            }
        }
    }
    let mut out: Vec<ParagraphCounts> =
        words.iter().map(|&n| ParagraphCounts { words: n as usize, mentions: Vec::new() }).collect();
    for (p, mut matches) in found {
        out[p as usize].mentions = themes::mentions_from(themes.len(), &mut matches);
    }
    Ok(out)
}

/// A meeting's series index, its place, and the paragraphs holding a phrase (see
/// `Indexes::holding`).
type Holding<'a> = (&'a SeriesIndex, Place, Vec<(usize, u32)>);

/// The paragraphs of each segment in which a phrase occurs, found once per segment.
#[derive(Default)]
struct Matching {
    sets: FxHashMap<Place, FxHashSet<u32>>,
}

impl Matching {
    fn get(&mut self, index: &SeriesIndex, key: Place, phrase: &Phrase) -> Result<&FxHashSet<u32>, Damaged> {
        if let std::collections::hash_map::Entry::Vacant(entry) = self.sets.entry(key) {
            let found = index.read(key.1, |segment| segment.occurrences(phrase))?;
            entry.insert(found.into_iter().map(|(p, _)| p).collect());
        }
        Ok(&self.sets[&key])
    }
}

/// The file name of a stored segment.
fn segment_name(segment: &Index<Segment>) -> &str {
    segment.blocks().name()
}

impl SeriesIndex {
    /// Segment `s` read by `read`; a failure marks it damaged.
    fn read<T>(
        &self,
        s: usize,
        read: impl FnOnce(&Index<Segment>) -> Result<T, Damaged>,
    ) -> Result<T, Damaged> {
        read(&self.segments[s]).map_err(|_| self.damage(s))
    }

    fn damage(&self, s: usize) -> Damaged {
        self.damaged.borrow_mut().insert(s);
        Damaged
    }

    /// The index of `series`, brought up to date with its meetings in the work tree.
    fn update(
        corpus: &Corpus,
        listing: &Listing,
        series: &str,
        known: &FxHashMap<String, &str>,
        progress: &mut dyn Progress,
    ) -> Option<Self> {
        let ids: Vec<MeetingId> = listing.series(series).cloned().collect();
        let names: Vec<String> = ids.iter().map(ToString::to_string).collect();
        // The keys of the meetings whose bodies are known, from them; the others' from their
        // files.
        let unknown: Vec<MeetingId> = ids
            .iter()
            .zip(&names)
            .filter(|(_, name)| !known.contains_key(*name))
            .map(|(id, _)| id.clone())
            .collect();
        let mut read = corpus.body_keys(&unknown).ok()?.into_iter();
        let keys = names.iter().map(|name| match known.get(name) {
            Some(body) => Some(content_key(body)),
            None => read.next(),
        });
        let mut wanted: FxHashMap<&str, u128> = names
            .iter()
            .map(String::as_str)
            .zip(keys)
            .map(|(name, key)| Some((name, key?)))
            .collect::<Option<_>>()?;
        let store = corpus.segments(WORDS, series);
        let mut segments = Vec::new();
        for file in store.open() {
            let name = file.name().to_string();
            match Index::open(file) {
                Ok(segment) => segments.push(segment),
                Err(Damaged) => store.remove(&name),
            }
        }
        let (mut at, live) = placed(&segments, &wanted);
        let missing: Vec<(&MeetingId, &str)> = ids
            .iter()
            .zip(&names)
            .map(|(id, name)| (id, name.as_str()))
            .filter(|(_, name)| !at.contains_key(*name))
            .collect();
        let merged = to_merge(&segments, &live, !missing.is_empty());
        let copied: usize = merged.iter().map(|&s| live[s]).sum();
        if missing.is_empty() && copied == 0 {
            // Only segments that serve no meeting any more: deleted, nothing written.
            for &s in merged.iter().rev() {
                store.remove(segment_name(&segments.remove(s)));
            }
            // The places of the meetings in the segments that are left.
            at = placed(&segments, &wanted).0;
        } else {
            let mut writer = Writer(store.writer()?);
            let mut builder = Builder::new();
            progress.start(missing.len() + copied, "indexing");
            let built = (|| {
                for &s in &merged {
                    copy_live(&segments[s], &wanted, &mut builder, &mut writer, &mut || progress.step())?;
                }
                for &(id, name) in &missing {
                    progress.step();
                    let body = match known.get(name) {
                        Some(body) => std::borrow::Cow::Borrowed(*body),
                        None => std::borrow::Cow::Owned(corpus.body(id).ok()?),
                    };
                    let key = content_key(&body);
                    // Keyed by the text read: if the file changed since its key was taken,
                    // this is the text the answer reads.
                    wanted.insert(name, key);
                    builder.add(name, key, crate::document::storage::body_paragraphs(&body), &mut writer);
                }
                Some(())
            })();
            progress.finish();
            built?;
            builder.finish(&mut writer);
            let name = writer.0.finish()?;
            let written = store.open().into_iter().find(|f| f.name() == name)?;
            let written = Index::open(written).ok()?;
            let mut kept: Vec<Index<Segment>> = Vec::with_capacity(segments.len() + 1);
            for (s, segment) in segments.into_iter().enumerate() {
                if merged.contains(&s) {
                    // (Not if it was the very same bytes, now under the same name.)
                    if segment_name(&segment) != name {
                        store.remove(segment_name(&segment));
                    }
                } else {
                    kept.push(segment);
                }
            }
            kept.push(written);
            segments = kept;
            at = placed(&segments, &wanted).0;
        }
        // Every meeting must be there now (a meeting whose file changed between its key and
        // its reading is there under the key of what was read).
        if at.len() != ids.len() {
            return None;
        }
        let counts = corpus.table(COUNTS, series);
        Some(Self { store, counts, segments, at, damaged: RefCell::default() })
    }
}

/// Where each meeting of `wanted` (id → body key) is indexed under its key (the first segment
/// holding it), and how many meetings each segment serves.
fn placed(
    segments: &[Index<Segment>],
    wanted: &FxHashMap<&str, u128>,
) -> (FxHashMap<String, (usize, usize)>, Vec<usize>) {
    let mut at: FxHashMap<String, (usize, usize)> = FxHashMap::default();
    let mut live = vec![0; segments.len()];
    for (s, segment) in segments.iter().enumerate() {
        for (m, meeting) in segment.meetings().iter().enumerate() {
            if wanted.get(meeting.id.as_str()) == Some(&meeting.key) && !at.contains_key(&meeting.id) {
                at.insert(meeting.id.clone(), (s, m));
                live[s] += 1;
            }
        }
    }
    (at, live)
}

/// The segments to merge into the next one written: none while there are at most
/// [`MAX_SEGMENTS`] (counting the one about to be written) and none is mostly out of date;
/// otherwise every segment but the largest, and the largest too when it is mostly out of
/// date or holds less than the others together. A segment serving no meeting always goes.
fn to_merge(segments: &[Index<Segment>], live: &[usize], adding: bool) -> Vec<usize> {
    let stale = |s: usize| {
        let all = segments[s].meetings().len();
        all - live[s] > all / 4
    };
    let empty: Vec<usize> = (0..segments.len()).filter(|&s| live[s] == 0).collect();
    let count = segments.len() + usize::from(adding);
    let any_stale = (0..segments.len()).any(stale);
    if count <= MAX_SEGMENTS && !any_stale {
        return empty;
    }
    let Some(largest) = (0..segments.len()).max_by_key(|&s| live[s]) else { return empty };
    let others: usize = live.iter().sum::<usize>() - live[largest];
    let whole = stale(largest) || live[largest] < others;
    (0..segments.len()).filter(|&s| s != largest || whole).collect()
}

/// Adds the meetings of `segment` still up to date to `builder`, reading each paragraph once.
fn copy_live(
    segment: &Index<Segment>,
    wanted: &FxHashMap<&str, u128>,
    builder: &mut Builder,
    writer: &mut Writer,
    step: &mut dyn FnMut(),
) -> Option<()> {
    let mut renumbered: FxHashMap<u32, u32> = FxHashMap::default();
    for meeting in segment.meetings() {
        if wanted.get(meeting.id.as_str()) != Some(&meeting.key) {
            continue;
        }
        step();
        let mut numbers = Vec::with_capacity(meeting.paragraphs.len());
        for &p in &meeting.paragraphs {
            let n = match renumbered.get(&p) {
                Some(&n) => n,
                None => {
                    let n = builder.paragraph(&segment.text(p).ok()?, writer);
                    renumbered.insert(p, n);
                    n
                }
            };
            numbers.push(n);
        }
        builder.add_numbered(&meeting.id, meeting.key, numbers);
    }
    Some(())
}
