//! The alignment engine: paragraph ▸ sentence ▸ word, with moves, splits and merges.
//!
//! Pure computation: documents in, a [`Diff`] out. No file system, git or terminal.
//!
//! - `paragraphs` decides which paragraphs correspond (anchors, exact moves, similar pairs,
//!   splits, merges, moves), using the token `profile`s and the candidate `index`;
//! - `redline` aligns the sentences inside each group;
//! - `words` writes the word-level redline of each sentence pair.
//!
//! Layer: imports only `document` and `text`. Its [`Diff`] knows nothing of themes (the
//! themes layer tags it) or of the corpus.

mod index;
pub mod model;
mod paragraphs;
mod patience;
pub(crate) mod profile;
mod redline;
mod words;

use std::time::{Duration, Instant};

pub use model::{Closest, Diff, Entry, Kind, Op, Piece, Place, Rule, SCHEMA, Side, Span, Stats, Why};

use crate::document::{Document, count_words, sentences};
use crate::text::par;
use paragraphs::Group;
use redline::{Plan, SEPARATOR, Unit};

/// Tuning of the engine. The defaults were chosen by measurement on the real gold set
/// (`tests/golden/real`: 45 consecutive pairs of real series labelled by reading;
/// `cargo run --release --example real_gold -- --grid`) and checked on the synthetic golden
/// set (`cargo run --release --example tune`); numbers in `BENCHMARKS.md`, "Alignment on real
/// revisions".
#[derive(Clone, Debug)]
pub struct Options {
    /// Least pair score for two paragraphs, anywhere in their documents, to be one paragraph
    /// revised. The score is their weighted similarity (rare words weigh more), plus up to
    /// `kept_bonus` for wording kept in order, less up to `distance_penalty` for standing at
    /// different places. Rewrites of real revisions score 0.2 to 0.4 where unrelated
    /// paragraphs rarely pass 0.28, so 0.25 finds most rewrites for few false pairs.
    pub threshold: f64,
    /// Bonus for wording kept in order: shared runs of four words, the whole bonus at ten.
    pub kept_bonus: f64,
    /// Penalty for standing at different relative places in the two documents (the whole
    /// penalty from one end to the other).
    pub distance_penalty: f64,
    /// Least weighted similarity for two paragraphs left between the same two unmoved
    /// paragraphs, in the same order, to be the same paragraph rewritten in place.
    pub rewrite: f64,
    /// Least share of a leftover paragraph's weight found in another for it to be a piece of
    /// that paragraph's split or merge (real pieces are often reworded: a quarter of them keep
    /// less than 0.37).
    pub containment: f64,
    /// Runs of four words that a piece must share with the paragraph it comes from (or goes
    /// to), unless at least `carried` of its weight is found there: wording carried over, not
    /// a shared topic.
    pub piece_runs: usize,
    /// Share of a piece's weight found in its paragraph that makes it a piece without shared
    /// runs of words.
    pub carried: f64,
    /// Least share of a paragraph's weight that a further piece must bring to its split or
    /// merge, beyond what the pieces already there carry.
    pub coverage: f64,
    /// How many unrelated paragraphs may stand between a piece and its group's paragraphs on
    /// the same side, if it carries at least `gap_piece` of its weight ("nearly consecutive",
    /// as readers label pieces: an operative paragraph cut around a sub-paragraph).
    pub piece_gap: usize,
    /// Share of a leftover's weight found in a paragraph that lets it join that paragraph's
    /// split or merge across `piece_gap` unrelated paragraphs.
    pub gap_piece: f64,
    /// Share of a leftover's weight found in a paragraph that lets it join that paragraph's
    /// split or merge wherever it stands (a clause carried into a paragraph far away), if it
    /// brings text the group's paragraphs do not carry.
    pub far_piece: f64,
    /// Weight, in the score of a rewrite in place, of the share of the shorter paragraph held
    /// by the longer, when they share a run of words: a one-line preamble grown into a long
    /// one keeps most of its words but little of the long one's weight.
    pub expand: f64,
    /// Least share of the old meeting's paragraphs paired with confidence (identical, or in a
    /// group whose sides have a weighted similarity of one half) for any rewrite in place:
    /// two texts that correspond that little (a sanctions resolution and a mandate renewal of
    /// one series, a statement for another occasion) have no places to keep. Not asked of an
    /// old text of fewer than ten paragraphs.
    pub corresponding: f64,
    /// Least word similarity (Dice) for two sentences to be the same sentence reworded, below
    /// which a sentence is shown deleted and another inserted.
    pub sentence_threshold: f64,
    /// Time after which the sequence diffs settle for a coarser answer. None by default: the
    /// answer must not depend on the machine's speed or load (two runs of one diff under load
    /// differed). Each sequence diff is bounded by its size instead (`patience::MYERS_AREA`).
    pub timeout: Option<Duration>,
    /// Whether each entry says why its paragraphs were paired or left alone (`Entry::why`).
    pub explain: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            threshold: 0.25,
            kept_bonus: 0.1,
            distance_penalty: 0.3,
            rewrite: 0.2,
            containment: 0.2,
            piece_runs: 3,
            carried: 0.4,
            coverage: 0.05,
            piece_gap: 1,
            gap_piece: 0.4,
            far_piece: 0.8,
            expand: 0.4,
            corresponding: 0.38,
            sentence_threshold: 0.5,
            timeout: None,
            explain: false,
        }
    }
}

/// The word-level redline of a sentence edited from one meeting to the next, by the rules of
/// a diff's sentences, but never shown as rewritten whole: the two are known to be one
/// sentence, and a sentence extended to three times its length still reads as its words
/// plus the new ones. `equal` + `delete` texts rebuild `old`, `equal` + `insert` texts rebuild
/// `new`.
pub fn word_redline(old: &str, new: &str) -> Vec<Span> {
    let mut out = redline::Redline::default();
    words::diff_words_below(old, new, &mut out, None, 0.0);
    out.into_spans()
}

/// Compares two documents.
pub fn diff(old: &Document, new: &Document, old_side: Side, new_side: Side, options: &Options) -> Diff {
    let deadline = options.timeout.map(|t| Instant::now() + t);
    let old_texts: Vec<&str> = old.paragraph_texts().collect();
    let new_texts: Vec<&str> = new.paragraph_texts().collect();
    let groups = paragraphs::align(&old_texts, &new_texts, options, deadline);

    // Every changed group's redline is planned first, so that a sentence deleted in one place
    // and inserted in another can be shown as moved in both. Groups are planned and written
    // independently of each other (on every core for a long document), in order.
    let kinds: Vec<Kind> = groups.iter().map(|g| kind(old, new, g)).collect();
    // Only changed groups have a plan and a redline to work out; an unchanged one is its text.
    let changed: Vec<usize> = (0..groups.len()).filter(|&g| kinds[g] != Kind::Unchanged).collect();
    // Plans, in the order of `changed` (an unchanged group has none).
    let plans = par::map(&changed, |&g| {
        let group = &groups[g];
        match kinds[g] {
            Kind::Inserted | Kind::Deleted => Plan::one_sided(units(old, &group.old), units(new, &group.new)),
            _ => Plan::new(
                units(old, &group.old),
                units(new, &group.new),
                options.sentence_threshold,
                deadline,
            ),
        }
    });
    let moves = redline::moves(&plans);

    let jobs: Vec<(usize, usize)> = changed.iter().copied().enumerate().collect();
    let mut written = par::map(&jobs, |&(k, g)| {
        let (moved_to, moved_from) = &moves[k];
        let find = |list: &[(usize, Place)], i: usize| list.iter().find(|m| m.0 == i).map(|m| m.1);
        let spans = plans[k].write(|i| find(moved_to, i), |j| find(moved_from, j), deadline);
        // Words are counted once, for the similarity and for the words added and removed.
        let words = SpanWords::of(&spans);
        let entry = entry(old, new, &groups[g], kinds[g], spans, &words);
        (entry, (words.new, words.old))
    })
    .into_iter();
    let mut stats = Stats::default();
    let paragraphs: Vec<Entry> = groups
        .iter()
        .zip(kinds)
        .map(|(group, kind)| {
            let (entry, words) = match kind {
                // (An unchanged paragraph adds and removes no word, and its similarity is 1.)
                Kind::Unchanged => {
                    let spans = vec![Span::new(Op::Equal, joined(old, &group.old))];
                    (entry(old, new, group, kind, spans, &SpanWords::default()), (0, 0))
                }
                _ => written.next().expect("a redline for every changed group"),
            };
            stats.count(&entry, words);
            entry
        })
        .collect();
    Diff { schema: SCHEMA.to_string(), old: old_side, new: new_side, stats, paragraphs }
}

/// What happened to a group's paragraphs.
fn kind(old: &Document, new: &Document, group: &Group) -> Kind {
    match (group.old.as_slice(), group.new.as_slice()) {
        ([], _) => Kind::Inserted,
        (_, []) => Kind::Deleted,
        ([o], [n]) if old.paragraph_text(*o) == new.paragraph_text(*n) => Kind::Unchanged,
        ([_], [_]) => Kind::Modified,
        ([_], _) => Kind::Split,
        _ => Kind::Merged,
    }
}

/// Some paragraphs of a document, joined by [`SEPARATOR`].
fn joined(doc: &Document, list: &[usize]) -> String {
    list.iter().map(|&p| doc.paragraph_text(p)).collect::<Vec<_>>().join(SEPARATOR)
}

fn entry(
    old: &Document,
    new: &Document,
    group: &Group,
    kind: Kind,
    spans: Vec<Span>,
    words: &SpanWords,
) -> Entry {
    let similarity = match kind {
        Kind::Inserted | Kind::Deleted => 0.0,
        Kind::Unchanged => 1.0,
        _ => similarity(&spans, words),
    };
    // Paragraphs the same in typography have the same comparison key, and all those left over
    // with the same key on both sides pair by it (`Rule::SameKey`): only those can be.
    let same_typography = || {
        crate::document::typography_key(old.paragraph_text(group.old[0]))
            == crate::document::typography_key(new.paragraph_text(group.new[0]))
    };
    let typography_only = kind == Kind::Modified && group.rule == Rule::SameKey && same_typography();
    debug_assert!(kind != Kind::Modified || group.rule == Rule::SameKey || !same_typography());
    Entry {
        kind,
        moved: group.moved,
        old: group.old.iter().map(|i| i + 1).collect(),
        new: group.new.iter().map(|i| i + 1).collect(),
        similarity,
        typography_only,
        spans,
        why: group.why.clone(),
    }
}

/// The sentences of some paragraphs of a document, with separators between paragraphs.
fn units<'d>(doc: &'d Document, paragraphs: &[usize]) -> Vec<Unit<'d>> {
    let mut out = Vec::new();
    for (k, &p) in paragraphs.iter().enumerate() {
        if k > 0 {
            out.push(Unit { text: SEPARATOR, place: None });
        }
        // Only the sentences' spans: their word tokens, which segmenting the paragraph would
        // cut too, are not needed here.
        let text = doc.paragraph_text(p);
        out.extend(sentences(text).iter().enumerate().map(|(s, span)| Unit {
            text: span.of(text),
            place: Some(Place { paragraph: p + 1, sentence: s + 1 }),
        }));
    }
    out
}

/// Word tokens of an entry's spans: in equal spans, in deleted ones (old side only) and in
/// inserted ones (new side only).
#[derive(Default)]
struct SpanWords {
    equal: usize,
    old: usize,
    new: usize,
}

impl SpanWords {
    fn of(spans: &[Span]) -> Self {
        let mut words = Self::default();
        for s in spans {
            let n = count_words(&s.text);
            match s.op {
                Op::Equal => words.equal += n,
                Op::Delete => words.old += n,
                Op::Insert => words.new += n,
            }
        }
        words
    }
}

/// Share of words in common: `2·equal / (old + new)`.
fn similarity(spans: &[Span], words: &SpanWords) -> f64 {
    let (equal, old, new) = (words.equal, words.equal + words.old, words.equal + words.new);
    if old + new == 0 {
        return if spans.iter().all(|s| s.op == Op::Equal) { 1.0 } else { 0.0 };
    }
    let value = 2.0 * equal as f64 / (old + new) as f64;
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Meta;

    fn doc(paragraphs: &[&str]) -> Document {
        let meta =
            Meta { series: "s".into(), date: chrono::NaiveDate::MIN, title: None, place: None, source: None };
        Document::new(meta, paragraphs)
    }

    fn run(old: &[&str], new: &[&str]) -> Diff {
        diff(&doc(old), &doc(new), Side::default(), Side::default(), &Options::default())
    }

    fn summary(d: &Diff) -> Vec<String> {
        d.paragraphs
            .iter()
            .map(|e| {
                format!("{}{} {:?}->{:?}", e.kind.as_str(), if e.moved { "+moved" } else { "" }, e.old, e.new)
            })
            .collect()
    }

    const A: &str = "The Committee decided to maintain the target range for the federal funds rate at 4-1/4 to 4-1/2 percent.";
    const B: &str =
        "Recent indicators suggest that growth of economic activity moderated in the first half of the year.";
    const C: &str =
        "The Ministers welcomed the presence of delegations from several African nations as observers.";
    const D: &str = "Daesh/ISIS no longer controls territory, but the threat remains in Iraq and Syria.";

    #[test]
    fn identical_documents_are_all_unchanged() {
        let d = run(&[A, B, C], &[A, B, C]);
        assert_eq!(summary(&d), ["unchanged [1]->[1]", "unchanged [2]->[2]", "unchanged [3]->[3]"]);
        assert!(!d.has_changes());
    }

    #[test]
    fn modified_inserted_deleted() {
        let b2 = B.replace("moderated", "slowed");
        let d = run(&[A, B, C], &[A, &b2, D]);
        assert_eq!(
            summary(&d),
            ["unchanged [1]->[1]", "modified [2]->[2]", "inserted []->[3]", "deleted [3]->[]"]
        );
        assert_eq!(d.paragraphs[1].old_text(), B);
        assert_eq!(d.paragraphs[1].new_text(), b2);
    }

    #[test]
    fn a_moved_paragraph_is_marked() {
        let d = run(&[A, B, C, D], &[B, C, A, D]);
        assert_eq!(
            summary(&d),
            ["unchanged [2]->[1]", "unchanged [3]->[2]", "unchanged+moved [1]->[3]", "unchanged [4]->[4]"]
        );
    }

    #[test]
    fn split_and_merge() {
        let joined = format!("{A} {B}");
        let d = run(&[&joined, C], &[A, B, C]);
        assert_eq!(summary(&d), ["split [1]->[1, 2]", "unchanged [2]->[3]"]);
        assert_eq!(d.paragraphs[0].new_text(), format!("{A}\n\n{B}"));
        let d = run(&[A, B, C], &[&joined, C]);
        assert_eq!(summary(&d), ["merged [1, 2]->[1]", "unchanged [3]->[2]"]);
        assert_eq!(d.paragraphs[0].old_text(), format!("{A}\n\n{B}"));
    }

    #[test]
    fn unrelated_paragraphs_are_not_paired() {
        let d = run(&[A, B], &[A, C]);
        assert_eq!(summary(&d), ["unchanged [1]->[1]", "inserted []->[2]", "deleted [2]->[]"]);
    }
}
