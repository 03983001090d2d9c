//! Change size over a series (`communique changes`, JSON `communique.changes/1`): per
//! meeting, the words inserted and deleted against the meeting before it, their similarity,
//! the paragraphs changed, and how far the change stands from the series' usual one; the
//! largest rewrites named.
//!
//! The counts are the engine's, as `diff --ignore-typography` gives them (a paragraph that
//! differs in typography only counts as unchanged, as reports and the site count it). They are
//! kept per pair of texts in the corpus's cache (`.git/communique/stats/SERIES.bin`), keyed by
//! both texts' content keys: a series is compared pair by pair once, then read.
//!
//! [`Changes::build`] is pure: [`changes`] gathers the counts from the corpus, `report` and
//! the site from what they already hold.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Error, Progress, Window, Workspace};
use crate::align::{Side, Stats};
use crate::corpus::{Corpus, MeetingId, cache};
use crate::document::{Document, Meta, storage};
use crate::text::hash::content_key;

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.changes/1";

/// A change is an outlier from this robust score up ([`Change::score`]): 3.5, the cut-off
/// Iglewicz and Hoaglin recommend for the modified z-score.
pub const OUTLIER_SCORE: f64 = 3.5;

/// At most this many outliers are named as the largest rewrites.
pub const MOST_OUTLIERS: usize = 5;

/// The scale of the median absolute deviation that makes it estimate a standard deviation of
/// normally distributed sizes.
const MAD_SCALE: f64 = 1.4826;

/// The change sizes of a series (JSON `communique.changes/1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The series.
    pub series: String,
    /// The meetings of the window, the first included (it has no change when it is the first
    /// of the series).
    pub meetings: usize,
    /// One per meeting of the window that has a meeting before it in the series, in date
    /// order.
    pub changes: Vec<Change>,
    /// The median of the changes' sizes (words inserted plus deleted); 0 without changes.
    pub median: f64,
    /// The median absolute deviation of the sizes from [`Changes::median`].
    pub mad: f64,
    /// The largest rewrites: the ids of the changes whose score is at least
    /// [`OUTLIER_SCORE`], the largest first (the earlier first among equals), at most
    /// [`MOST_OUTLIERS`].
    pub outliers: Vec<String>,
}

/// The change into one meeting from the one before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The meeting's id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
    /// Its title, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The id of the meeting before it in the series.
    pub previous: String,
    /// Word tokens only in this meeting (the engine's `words_added`).
    pub words_inserted: usize,
    /// Word tokens only in the meeting before (the engine's `words_removed`).
    pub words_deleted: usize,
    /// Word tokens of this meeting.
    pub words: usize,
    /// Word tokens of the meeting before.
    pub previous_words: usize,
    /// `words_inserted + words_deleted`: what the outlier rule weighs.
    pub size: usize,
    /// `1 − size / (previous_words + words)`, in [0, 1] to four decimals: the share of the two
    /// meetings' words that both keep (1 for two empty meetings).
    pub similarity: f64,
    /// The engine's paragraph entries per kind.
    pub paragraphs: Paragraphs,
    /// The robust score of the size: `(size − median) / max(1.4826 × MAD, 1)`, to two
    /// decimals (how many "standard deviations" above the series' usual change, estimated
    /// from the median and the median absolute deviation, which a few huge rewrites do not
    /// move; the floor of one word keeps a series of identical changes finite).
    pub score: f64,
    /// Whether the score is at least [`OUTLIER_SCORE`].
    pub outlier: bool,
}

/// The engine's paragraph entries of a change, per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraphs {
    /// Paragraphs reworded.
    pub modified: usize,
    /// Paragraphs only in the later meeting.
    pub inserted: usize,
    /// Paragraphs only in the earlier meeting.
    pub deleted: usize,
    /// Paragraphs split in several.
    pub split: usize,
    /// Groups of paragraphs merged in one.
    pub merged: usize,
    /// Entries whose position relative to the unmoved text changed (some of them also
    /// counted above).
    pub moved: usize,
    /// Entries unchanged (moved or not).
    pub unchanged: usize,
}

impl Paragraphs {
    /// The entries of `stats`.
    pub fn of(stats: &Stats) -> Self {
        Self {
            modified: stats.modified,
            inserted: stats.inserted,
            deleted: stats.deleted,
            split: stats.split,
            merged: stats.merged,
            moved: stats.moved,
            unchanged: stats.unchanged,
        }
    }

    /// Entries whose text changed: modified, inserted, deleted, split and merged (moves
    /// aside).
    pub fn changed(&self) -> usize {
        self.modified + self.inserted + self.deleted + self.split + self.merged
    }
}

/// One meeting as [`Changes::build`] takes it: id, date, title and word tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    /// Its id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
    /// Its title, if any.
    pub title: Option<String>,
    /// Its word tokens.
    pub words: usize,
}

impl Changes {
    /// The change sizes of `series` from its meetings in date order (`meetings`) and the
    /// counts of the change into each (`stats[i]` for `meetings[i]` from `meetings[i - 1]`;
    /// `None` where unknown, and for the first). `first_is_window` says whether the first
    /// meeting is part of the window (false when it is only there as the one before it).
    pub fn build(series: &str, meetings: &[Point], stats: &[Option<Stats>], first_is_window: bool) -> Self {
        let mut changes: Vec<Change> = Vec::with_capacity(meetings.len());
        for (i, meeting) in meetings.iter().enumerate().skip(1) {
            let Some(Some(stats)) = stats.get(i) else { continue };
            let before = &meetings[i - 1];
            let size = stats.words_added + stats.words_removed;
            let total = before.words + meeting.words;
            let similarity =
                if total == 0 { 1.0 } else { round(1.0 - size as f64 / total as f64, 4).clamp(0.0, 1.0) };
            changes.push(Change {
                id: meeting.id.clone(),
                date: meeting.date,
                title: meeting.title.clone(),
                previous: before.id.clone(),
                words_inserted: stats.words_added,
                words_deleted: stats.words_removed,
                words: meeting.words,
                previous_words: before.words,
                size,
                similarity,
                paragraphs: Paragraphs::of(stats),
                score: 0.0,
                outlier: false,
            });
        }
        let sizes: Vec<f64> = changes.iter().map(|c| c.size as f64).collect();
        let median = median(&sizes);
        let mad = median_f(sizes.iter().map(|s| (s - median).abs()).collect());
        let scale = (MAD_SCALE * mad).max(1.0);
        for change in &mut changes {
            // (`+ 0.0`: no −0 for a change a hair under the median.)
            change.score = round((change.size as f64 - median) / scale, 2) + 0.0;
            change.outlier = change.score >= OUTLIER_SCORE;
        }
        let mut ranked: Vec<&Change> = changes.iter().filter(|c| c.outlier).collect();
        ranked.sort_by(|a, b| b.size.cmp(&a.size).then(a.date.cmp(&b.date)));
        let outliers = ranked.iter().take(MOST_OUTLIERS).map(|c| c.id.clone()).collect();
        let shown = meetings.len() - usize::from(!first_is_window && !meetings.is_empty());
        Self {
            schema: SCHEMA.to_string(),
            series: series.to_string(),
            meetings: shown,
            changes,
            median,
            mad,
            outliers,
        }
    }

    /// The change into meeting `id`, if there is one.
    pub fn get(&self, id: &str) -> Option<&Change> {
        self.changes.iter().find(|c| c.id == id)
    }
}

/// `value` to `decimals` decimals.
fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

/// The median of `values` (the mean of the middle two for an even count); 0 for none.
fn median(values: &[f64]) -> f64 {
    median_f(values.to_vec())
}

fn median_f(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// What [`STATS`] keeps of a change: its counts in [`Stats`]' field order.
const STATS: cache::Kind = cache::Kind { name: "change stats", format: 1 };

/// The key of the change from the text of key `old` to that of key `new`.
fn pair_key(old: u128, new: u128) -> u128 {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(&old.to_le_bytes());
    bytes[16..].copy_from_slice(&new.to_le_bytes());
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

fn fields(s: &Stats) -> [usize; 9] {
    [
        s.unchanged,
        s.modified,
        s.inserted,
        s.deleted,
        s.split,
        s.merged,
        s.moved,
        s.words_added,
        s.words_removed,
    ]
}

fn encode(stats: &Stats) -> Vec<u8> {
    let mut out = Vec::with_capacity(36);
    for n in fields(stats) {
        cache::put_count(&mut out, n);
    }
    out
}

fn decode(bytes: &[u8]) -> Option<Stats> {
    let mut r = cache::Reader::new(bytes);
    let mut n = [0usize; 9];
    for slot in &mut n {
        *slot = r.u32()?;
    }
    r.rest().is_empty().then_some(Stats {
        unchanged: n[0],
        modified: n[1],
        inserted: n[2],
        deleted: n[3],
        split: n[4],
        merged: n[5],
        moved: n[6],
        words_added: n[7],
        words_removed: n[8],
    })
}

/// The counts of the change from `old` to `new` as `diff --ignore-typography` gives them:
/// the engine's entries only (no theme, no figure: nothing the counts do not need).
pub fn pair_stats(old: (&Document, &str), new: (&Document, &str)) -> Stats {
    let sides = (Side::of(old.1, old.0), Side::of(new.1, new.0));
    let engine = crate::align::diff(old.0, new.0, sides.0, sides.1, &crate::align::Options::default());
    let mut diff = crate::themes::ThemedDiff::tag(engine, &crate::themes::Matcher::new(&[]));
    diff.ignore_typography();
    diff.stats
}

/// The counts of the change into each meeting of `ids` (one series, date order) from the one
/// before it (`None` for the first): from the cache for pairs of texts compared before,
/// compared on every core for the others, which are then kept.
pub(super) fn series_stats(
    corpus: &Corpus,
    ids: &[MeetingId],
    progress: &mut dyn Progress,
) -> Result<Vec<Option<Stats>>, Error> {
    use rayon::prelude::*;
    let Some(first) = ids.first() else { return Ok(Vec::new()) };
    let keys = corpus.body_keys(ids)?;
    let cache = corpus.cache(STATS, &first.series);
    let mut stats: Vec<Option<Stats>> = vec![None; ids.len()];
    let mut missing = Vec::new();
    for i in 1..ids.len() {
        match cache.get(pair_key(keys[i - 1], keys[i])).and_then(decode) {
            Some(found) => stats[i] = Some(found),
            None => missing.push(i),
        }
    }
    if missing.is_empty() {
        return Ok(stats);
    }
    // The texts of the pairs to compare, each read once, with their actual keys (a stamp may
    // be stale: the key kept is the text's own).
    let mut wanted: Vec<usize> = missing.iter().flat_map(|&i| [i - 1, i]).collect();
    wanted.dedup();
    progress.start(wanted.len(), "reading");
    let mut read: crate::text::hash::FxHashMap<usize, (Document, u128)> = Default::default();
    for &at in &wanted {
        let id = &ids[at];
        let body = corpus.body(id)?;
        let meta =
            Meta { series: id.series.to_string(), date: id.date, title: None, place: None, source: None };
        let key = content_key(&body);
        read.insert(at, (Document::new(meta, storage::body_paragraphs(&body)), key));
        progress.step();
    }
    progress.finish();
    progress.start(missing.len(), "comparing");
    let names: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let computed: Vec<(usize, Stats, u128)> = missing
        .par_iter()
        .map(|&i| {
            let (old, old_key) = &read[&(i - 1)];
            let (new, new_key) = &read[&i];
            (i, pair_stats((old, &names[i - 1]), (new, &names[i])), pair_key(*old_key, *new_key))
        })
        .collect();
    let mut kept = Vec::with_capacity(ids.len());
    for (i, found, key) in &computed {
        stats[*i] = Some(*found);
        kept.push((*key, encode(found)));
        progress.step();
    }
    progress.finish();
    // The pairs found in the cache are kept too, so that the file stays the series' pairs.
    let mut was_missing = vec![false; ids.len()];
    for &i in &missing {
        was_missing[i] = true;
    }
    let found: Vec<(u128, Vec<u8>)> = (1..ids.len())
        .filter(|&i| !was_missing[i])
        .filter_map(|i| Some((pair_key(keys[i - 1], keys[i]), encode(stats[i].as_ref()?))))
        .collect();
    let used: Vec<(u128, &[u8])> = kept.iter().chain(&found).map(|(k, v)| (*k, v.as_slice())).collect();
    cache.store(&used);
    Ok(stats)
}

/// The change sizes of a series (the only one when the corpus has one) within the window's
/// dates: the first meeting of the window compared with the one before it in the series when
/// there is one.
pub fn changes(ws: &Workspace, window: &Window, progress: &mut dyn Progress) -> Result<Changes, Error> {
    let corpus = ws.corpus();
    let listing = corpus.listing()?;
    let series = super::answers::one_series(&listing, window)?;
    let ids = listing.select(Some(&series), window.since, window.until)?;
    // With the meeting before the window, when it starts after the series does.
    let before = ids.first().and_then(|first| listing.series(&series).take_while(|m| *m < first).last());
    let with_before: Vec<MeetingId> = before.into_iter().cloned().chain(ids.iter().cloned()).collect();
    let summaries = corpus.summaries(&with_before)?;
    let stats = series_stats(corpus, &with_before, progress)?;
    let points: Vec<Point> = summaries
        .into_iter()
        .map(|s| Point { id: s.id, date: s.date, title: s.title, words: s.words })
        .collect();
    Ok(Changes::build(&series, &points, &stats, before.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day: u32, words: usize) -> Point {
        Point {
            id: format!("s/2020-01-{day:02}"),
            date: NaiveDate::from_ymd_opt(2020, 1, day).unwrap(),
            title: None,
            words,
        }
    }

    fn stats(added: usize, removed: usize) -> Option<Stats> {
        Some(Stats { words_added: added, words_removed: removed, modified: 1, ..Stats::default() })
    }

    #[test]
    fn the_outlier_rule_names_the_largest_beyond_the_robust_threshold() {
        // Sizes 10, 12, 8, 11, 9, 200, 60: median 11, MAD 2 (scale 2.9652).
        let sizes = [10, 12, 8, 11, 9, 200, 60];
        let points: Vec<Point> = (1..=8).map(|d| point(d, 100)).collect();
        let mut all = vec![None];
        all.extend(sizes.iter().map(|&s| stats(s / 2, s - s / 2)));
        let changes = Changes::build("s", &points, &all, true);
        assert_eq!(changes.changes.len(), 7);
        assert_eq!((changes.median, changes.mad), (11.0, 2.0));
        // (200 − 11) / 2.9652 = 63.74; (60 − 11) / 2.9652 = 16.53; 12: 0.34.
        let scores: Vec<f64> = changes.changes.iter().map(|c| c.score).collect();
        assert_eq!(scores, [-0.34, 0.34, -1.01, 0.0, -0.67, 63.74, 16.53]);
        assert_eq!(changes.outliers, ["s/2020-01-07", "s/2020-01-08"]);
        assert_eq!(changes.changes[5].similarity, 0.0);
        assert_eq!(changes.changes[0].similarity, 0.95);
        assert_eq!(changes.meetings, 8);
    }

    #[test]
    fn at_most_five_outliers_are_named_and_equal_sizes_keep_date_order() {
        let points: Vec<Point> = (1..=20).map(|d| point(d, 500)).collect();
        let mut all = vec![None];
        // Twelve small changes, then seven large ones, two of them of the same size.
        all.extend((0..12).map(|_| stats(5, 5)));
        all.extend([100, 300, 300, 50, 400, 80, 90].map(|s| stats(s, 0)));
        let changes = Changes::build("s", &points, &all, false);
        assert_eq!(changes.median, 10.0);
        assert_eq!(changes.mad, 0.0);
        // MAD 0: the scale is one word; every large change is an outlier, five named.
        assert_eq!(
            changes.outliers,
            ["s/2020-01-18", "s/2020-01-15", "s/2020-01-16", "s/2020-01-14", "s/2020-01-20"]
        );
        assert_eq!(changes.changes.iter().filter(|c| c.outlier).count(), 7);
        // The first meeting was only the one before the window.
        assert_eq!(changes.meetings, 19);
    }

    #[test]
    fn no_change_and_no_meeting_are_calm() {
        let none = Changes::build("s", &[], &[], true);
        assert_eq!((none.changes.len(), none.median, none.outliers.len(), none.meetings), (0, 0.0, 0, 0));
        let same = Changes::build("s", &[point(1, 0), point(2, 0)], &[None, stats(0, 0)], true);
        assert_eq!(
            (same.changes[0].similarity, same.changes[0].score, same.changes[0].outlier),
            (1.0, 0.0, false)
        );
    }

    #[test]
    fn cached_counts_read_back_and_refuse_other_bytes() {
        let s = Stats {
            unchanged: 1,
            modified: 2,
            inserted: 3,
            deleted: 4,
            split: 5,
            merged: 6,
            moved: 7,
            words_added: 8,
            words_removed: 9,
        };
        assert_eq!(decode(&encode(&s)), Some(s));
        let bytes = encode(&s);
        assert_eq!(decode(&bytes[..35]), None);
        assert_eq!(decode(&[bytes.as_slice(), &[0]].concat()), None);
        assert_ne!(pair_key(1, 2), pair_key(2, 1));
    }
}
