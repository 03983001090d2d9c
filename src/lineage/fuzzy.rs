//! Near variants of a phrase for `blame --fuzzy`: word sequences a word or two away (a word
//! changed, inserted or dropped, or two adjacent words swapped), so "continue to monitor" also
//! surfaces "will carefully monitor" and "reserves ample" finds "ample reserves".
//!
//! 1. **Windows.** Every run of `n − k` to `n + k` consecutive words of every paragraph (`n`
//!    the phrase's words, `k` the edits allowed) whose word edit distance to the phrase
//!    ([`edits`](super::edits)) is at most `k`. A window must hold at least `n − k` of the
//!    phrase's words (an alignment keeps or swaps that many), which rules out most starts
//!    before any distance is computed; one table per start gives every length, and only its
//!    cells at most `k` from the diagonal are computed (a cell farther is farther than `k`).
//! 2. **Regions.** Overlapping windows are one region, and a region is read once: windows are
//!    taken greedily by distance, then by how many of the phrase's words they hold, then by
//!    how close their length is to the phrase's, then by position, and each one taken rules
//!    out those overlapping it. So "Iraqi security forces" is taken, not "Iraqi security
//!    forces and" beside it; "foreign terrorist fighters", not "foreign terrorist" (as close
//!    to "foreign fighters", as long, and earlier, but holding one of its words, not two);
//!    "ample reserves", not "maintaining ample". An exact occurrence (distance 0) is taken
//!    first and is no variant, nor is any window around it. A window that is a piece of the
//!    phrase ("ample" of "reserves ample") is not a variant.
//! 3. **Counts.** Where a variant appears, how often and where first is what `blame` of its
//!    own text answers: every meeting is searched for every variant with the matcher `blame`
//!    uses ([`PhraseSet`], one pass per paragraph), not read off the windows taken, which miss
//!    occurrences inside other regions.
//! 4. **Ranking.** The fewest edits first, then the most used, then the earliest; the limit
//!    applies after ranking, so the closest variant is always listed.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use super::edits::{Aligned, Step, Table};
use super::{MeetingRef, Phrase, PhraseSet};
use crate::document::{Meeting, Span, push_word_key, words};
use crate::text::hash::FxHashMap;

/// One near variant, with where it first appeared and how often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The variant as first written.
    pub text: String,
    /// Word edits from the phrase: a word changed, inserted or dropped, or two adjacent words
    /// swapped, each one edit.
    pub edits: usize,
    /// Those edits, in reading order (as many as `edits`).
    pub changes: Vec<Change>,
    /// The variant against the phrase, piece by piece in reading order, for display; not in
    /// JSON.
    #[serde(skip)]
    pub redline: Vec<Piece>,
    /// Where it first appeared.
    pub first: MeetingRef,
    /// The paragraph (1-based) of that first appearance.
    pub paragraph: usize,
    /// How many meetings have it.
    pub meetings: usize,
}

/// One word edit from the phrase to a variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What the edit does.
    pub kind: ChangeKind,
    /// The phrase's word as asked (both words, in the phrase's order, for a swap); `None` for
    /// an insertion.
    pub phrase: Option<String>,
    /// The variant's word as written (both words for a swap); `None` for a deletion.
    pub variant: Option<String>,
}

/// The kind of a word edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A phrase word replaced by another.
    Substitute,
    /// A word the phrase does not have.
    Insert,
    /// A phrase word the variant leaves out.
    Delete,
    /// Two adjacent phrase words in the other order.
    Swap,
}

/// A piece of a variant's redline. The `Same` and `New` pieces, in order, rebuild the
/// variant's text; the `Same` and `Old` pieces give the phrase's words in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text of the variant (its byte range) that keeps the phrase's words, with what lies
    /// between words.
    Same(Span),
    /// Words of the phrase, as asked, that the variant leaves out or replaces here (the
    /// phrase's order for a swap).
    Old(String),
    /// Words of the variant (its byte range) that the phrase does not have here.
    New(Span),
}

/// How many word edits a variant of an `n`-word phrase may have.
fn allowed(n: usize) -> usize {
    if n <= 2 { 1 } else { 2 }
}

/// Near variants of `phrase` in `meetings` (chronological order), the closest first, at most
/// `limit`. Exact occurrences are not variants; a one-word phrase has none (a variant keeps at
/// least one of the phrase's words).
pub fn variants(phrase: &Phrase, meetings: &[Meeting], limit: usize) -> Vec<Variant> {
    let mut scan = Scan::new(phrase);
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut seen: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
    let mut taken = Vec::new();
    for meeting in meetings {
        for text in meeting.document.paragraph_texts() {
            scan.paragraph(text, &mut taken);
            for &(start, len, edits) in &taken {
                let words = scan.ids[start..start + len].to_vec();
                seen.entry(words).or_insert_with(|| {
                    let span = Span::new(scan.spans[start].start, scan.spans[start + len - 1].end);
                    candidates.push(Candidate { edits, text: span.of(text).to_string() });
                    candidates.len() - 1
                });
            }
        }
    }
    if limit == 0 || candidates.is_empty() {
        return Vec::new();
    }
    // Only variants that can make the list are counted: those no farther than the
    // `limit`-th closest.
    let mut distances: Vec<usize> = candidates.iter().map(|c| c.edits).collect();
    distances.sort_unstable();
    let farthest = distances[distances.len().min(limit) - 1];
    candidates.retain(|c| c.edits <= farthest);
    let mut counted = counted(&candidates, meetings);
    // The closest first: what the phrase may have been meant as; then the most used.
    counted.sort_by(|a, b| {
        rank(a.edits, a.meetings, &a.first, &a.phrase.text).cmp(&rank(
            b.edits,
            b.meetings,
            &b.first,
            &b.phrase.text,
        ))
    });
    counted.truncate(limit);
    let mut out: Vec<Variant> = counted.iter().filter_map(|c| placed(c, &mut scan)).collect();
    // (The same order, unless a `*` in a document made a variant read differently.)
    out.sort_by(|a, b| {
        rank(a.edits, a.meetings, &a.first, &a.text).cmp(&rank(b.edits, b.meetings, &b.first, &b.text))
    });
    out
}

/// The order of variants: the fewest edits, then the most meetings, then the earliest (then
/// by id and text, so that the order is total).
fn rank<'a>(
    edits: usize,
    meetings: usize,
    first: &'a MeetingRef,
    text: &'a str,
) -> (usize, Reverse<usize>, chrono::NaiveDate, &'a str, &'a str) {
    (edits, Reverse(meetings), first.date, &first.id, text)
}

/// A variant found, before it is counted.
struct Candidate {
    /// Its distance from the phrase.
    edits: usize,
    /// Its text where it was found first.
    text: String,
}

/// A variant counted as `blame` counts it.
struct Counted<'m> {
    /// Its distance from the phrase.
    edits: usize,
    /// Its text where it was found first, as a phrase.
    phrase: Phrase,
    /// The meetings that have it.
    meetings: usize,
    /// The first of them, named and read.
    first: MeetingRef,
    first_meeting: &'m Meeting,
}

/// How many meetings have each candidate, and the first that does: every meeting searched
/// for all of them at once, with the matcher `blame` uses.
fn counted<'m>(candidates: &[Candidate], meetings: &'m [Meeting]) -> Vec<Counted<'m>> {
    let (edits, phrases): (Vec<usize>, Vec<Phrase>) =
        candidates.iter().filter_map(|c| Some((c.edits, Phrase::parse(&c.text)?))).unzip();
    let set = PhraseSet::new(&phrases);
    let mut tally: Vec<(usize, Option<&Meeting>)> = vec![(0, None); phrases.len()];
    for meeting in meetings {
        let found = set.occurring(meeting.document.paragraph_texts(), |_| true);
        for (t, _) in tally.iter_mut().zip(found).filter(|(_, f)| *f) {
            t.0 += 1;
            t.1.get_or_insert(meeting);
        }
    }
    edits
        .into_iter()
        .zip(phrases)
        .zip(tally)
        .filter_map(|((edits, phrase), (meetings, first))| {
            let first_meeting = first?;
            Some(Counted { edits, phrase, meetings, first: MeetingRef::of(first_meeting), first_meeting })
        })
        .collect()
}

/// A counted variant placed as `blame` places it (the first paragraph of its first meeting
/// that has it), with its text as written there and its edits from the phrase.
fn placed(c: &Counted, scan: &mut Scan) -> Option<Variant> {
    let doc = &c.first_meeting.document;
    let (p, hit) =
        (0..doc.paragraphs().len()).find_map(|p| c.phrase.find(doc.paragraph_text(p)).map(|m| (p, m)))?;
    let paragraph = doc.paragraph_text(p);
    let written = hit.span.of(paragraph);
    // The text as first written, unless it reads as another phrase (a `*` after a word).
    let (text, spans): (&str, Vec<Span>) = match Phrase::parse(written) {
        Some(again) if again.same_tokens(&c.phrase) => {
            let spans = words(paragraph)
                .skip(hit.token)
                .take(c.phrase.len())
                .map(|s| Span::new(s.start - hit.span.start, s.end - hit.span.start))
                .collect();
            (written, spans)
        }
        _ => (&c.phrase.text, words(&c.phrase.text).collect()),
    };
    let (edits, changes, redline) = scan.compare(text, &spans);
    Some(Variant {
        text: text.to_string(),
        edits,
        changes,
        redline,
        first: c.first.clone(),
        paragraph: p + 1,
        meetings: c.meetings,
    })
}

/// The search of one phrase's windows, with buffers reused from paragraph to paragraph.
struct Scan<'p> {
    phrase: &'p Phrase,
    /// Words in the phrase.
    n: usize,
    /// Edits allowed.
    k: usize,
    /// Every word key met, numbered.
    ids_of: FxHashMap<String, u32>,
    /// For each numbered word, its class: the set of phrase words it is (0: none).
    class: Vec<u32>,
    /// For each class, whether it is phrase word `a`: `is[class · n + a]`.
    is: Vec<bool>,
    /// The current paragraph's word spans and numbered words.
    spans: Vec<Span>,
    ids: Vec<u32>,
    /// How many of the paragraph's first `i` words are phrase words.
    phrase_words_before: Vec<usize>,
    table: Table,
    key: String,
}

impl<'p> Scan<'p> {
    fn new(phrase: &'p Phrase) -> Self {
        let n = phrase.len();
        let k = allowed(n);
        Self {
            phrase,
            n,
            k,
            ids_of: FxHashMap::default(),
            class: Vec::new(),
            is: vec![false; n],
            spans: Vec::new(),
            ids: Vec::new(),
            phrase_words_before: Vec::new(),
            table: Table::new(n, n + k),
            key: String::new(),
        }
    }

    /// The number of the word whose key is in `self.key`.
    fn number(&mut self) -> u32 {
        if let Some(&id) = self.ids_of.get(self.key.as_str()) {
            return id;
        }
        let is: Vec<bool> = (0..self.n)
            .map(|a| {
                let (key, prefix) = self.phrase.token(a);
                if prefix { self.key.starts_with(key) } else { self.key == key }
            })
            .collect();
        let class = if is.iter().any(|&x| x) {
            match self.is.chunks(self.n).position(|c| c == is.as_slice()) {
                Some(c) => c,
                None => {
                    self.is.extend(is);
                    self.is.len() / self.n - 1
                }
            }
        } else {
            0
        };
        let id = self.class.len() as u32;
        self.class.push(class as u32);
        self.ids_of.insert(self.key.clone(), id);
        id
    }

    /// Whether word number `id` is phrase word `a`.
    fn is(&self, id: u32, a: usize) -> bool {
        self.is[self.class[id as usize] as usize * self.n + a]
    }

    /// Reads a paragraph into `spans` and `ids`.
    fn read(&mut self, text: &str) {
        self.spans.clear();
        self.ids.clear();
        self.phrase_words_before.clear();
        self.phrase_words_before.push(0);
        for span in words(text) {
            self.key.clear();
            push_word_key(span.of(text), &mut self.key);
            let id = self.number();
            self.spans.push(span);
            self.ids.push(id);
            let before = self.phrase_words_before[self.phrase_words_before.len() - 1];
            self.phrase_words_before.push(before + usize::from(self.class[id as usize] != 0));
        }
    }

    /// The windows of `text` taken as variants, as `(start, len, edits)` (see the module
    /// header: every window close enough, then the closest of each region).
    fn paragraph(&mut self, text: &str, taken: &mut Vec<(usize, usize, usize)>) {
        taken.clear();
        if self.n == 0 {
            return;
        }
        self.read(text);
        let (n, k) = (self.n, self.k);
        // A window holds at least `n − k` of the phrase's words (an alignment with `k` edits
        // keeps or swaps that many), and at least one: so it is at least that long.
        let needed = n.saturating_sub(k).max(1);
        let held = |from: usize, to: usize| self.phrase_words_before[to] - self.phrase_words_before[from];
        let words = self.ids.len();
        // (edits, phrase words held, distance of the length from the phrase's, start, length)
        let mut windows: Vec<(usize, Reverse<usize>, usize, usize, usize)> = Vec::new();
        for start in 0..words {
            let longest = (n + k).min(words - start);
            if longest < needed || held(start, start + longest) < needed {
                continue;
            }
            let ids = &self.ids[start..start + longest];
            let (class, is) = (&self.class, &self.is);
            self.table.fill_within(longest, k, |a, b| is[class[ids[b] as usize] as usize * n + a]);
            for len in needed..=longest {
                let edits = self.table.distance(len);
                if edits > k
                    || held(start, start + len) < needed
                    || (edits > 0 && len < n && self.piece_of_phrase(&ids[..len]))
                {
                    continue;
                }
                windows.push((edits, Reverse(held(start, start + len)), len.abs_diff(n), start, len));
            }
        }
        windows.sort_unstable();
        let mut used = vec![false; words];
        for (edits, _, _, start, len) in windows {
            if used[start..start + len].iter().any(|&u| u) {
                continue;
            }
            used[start..start + len].fill(true);
            if edits > 0 {
                taken.push((start, len, edits));
            }
        }
    }

    /// Whether the words `ids` are a run of the phrase's words ("ample" of "reserves ample").
    fn piece_of_phrase(&self, ids: &[u32]) -> bool {
        (0..=self.n - ids.len()).any(|at| ids.iter().enumerate().all(|(b, &id)| self.is(id, at + b)))
    }

    /// The edits from the phrase to `text` (whose words are at `spans`): their number, each
    /// edit, and the redline.
    fn compare(&mut self, text: &str, spans: &[Span]) -> (usize, Vec<Change>, Vec<Piece>) {
        let phrase = self.phrase;
        let ids: Vec<u32> = spans
            .iter()
            .map(|s| {
                self.key.clear();
                push_word_key(s.of(text), &mut self.key);
                self.number()
            })
            .collect();
        let same = |a: usize, b: usize| self.is(ids[b], a);
        let mut table = Table::new(self.n, ids.len());
        table.fill(ids.len(), same);
        let aligned = table.alignment(ids.len(), same);
        let asked: Vec<Span> = words(&phrase.text).collect();
        let phrase_words = |r: &std::ops::Range<usize>| {
            (!r.is_empty()).then(|| phrase.text[asked[r.start].start..asked[r.end - 1].end].to_string())
        };
        let variant_words = |r: &std::ops::Range<usize>| (!r.is_empty()).then(|| joined(spans, r.clone()));
        let changes: Vec<Change> = aligned
            .iter()
            .filter_map(|s| {
                let kind = match s.step {
                    Step::Keep => return None,
                    Step::Substitute => ChangeKind::Substitute,
                    Step::Insert => ChangeKind::Insert,
                    Step::Delete => ChangeKind::Delete,
                    Step::Swap => ChangeKind::Swap,
                };
                Some(Change {
                    kind,
                    phrase: phrase_words(&s.phrase),
                    variant: variant_words(&s.window).map(|w| w.of(text).to_string()),
                })
            })
            .collect();
        let redline = redline(&aligned, spans, text.len(), &phrase_words);
        (changes.len(), changes, redline)
    }
}

/// The span from the first to the last of `spans[range]`.
fn joined(spans: &[Span], range: std::ops::Range<usize>) -> Span {
    Span::new(spans[range.start].start, spans[range.end - 1].end)
}

/// The redline of an alignment: runs of kept words as they are; each run of edits between them
/// as the phrase's words there (`Old`) then the variant's (`New`). A deletion stands before
/// the word that follows it, or after the last word.
fn redline(
    aligned: &[Aligned],
    spans: &[Span],
    text_len: usize,
    phrase_words: &dyn Fn(&std::ops::Range<usize>) -> Option<String>,
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = 0;
    let same_until = |pieces: &mut Vec<Piece>, at: &mut usize, end: usize| {
        if end > *at {
            pieces.push(Piece::Same(Span::new(*at, end)));
            *at = end;
        }
    };
    let mut i = 0;
    while i < aligned.len() {
        if aligned[i].step == Step::Keep {
            let end = spans[aligned[i].window.start].end;
            same_until(&mut pieces, &mut at, end);
            i += 1;
            continue;
        }
        let run_start = i;
        while i < aligned.len() && aligned[i].step != Step::Keep {
            i += 1;
        }
        let run = &aligned[run_start..i];
        let phrase = run[0].phrase.start..run[run.len() - 1].phrase.end;
        let window = run[0].window.start..run[run.len() - 1].window.end;
        let old = phrase_words(&phrase);
        if window.is_empty() {
            // Dropped words only: before the next word, after the separator.
            let before = spans.get(window.start).map_or(text_len, |s| s.start);
            same_until(&mut pieces, &mut at, before);
            pieces.extend(old.map(Piece::Old));
        } else {
            let new = joined(spans, window);
            same_until(&mut pieces, &mut at, new.start);
            pieces.extend(old.map(Piece::Old));
            pieces.push(Piece::New(new));
            at = new.end;
        }
    }
    same_until(&mut pieces, &mut at, text_len);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::test_meeting as meeting;

    fn variants_of(phrase: &str, meetings: &[Meeting]) -> Vec<Variant> {
        variants(&Phrase::parse(phrase).unwrap(), meetings, 10)
    }

    /// The redline in plain markers, as the text output writes it.
    fn marked(v: &Variant) -> String {
        let mut out = String::new();
        for (i, piece) in v.redline.iter().enumerate() {
            match piece {
                Piece::Same(s) => out.push_str(s.of(&v.text)),
                Piece::Old(words) => {
                    let alone = !matches!(v.redline.get(i + 1), Some(Piece::New(_)));
                    let last = i + 1 == v.redline.len();
                    out.push_str(&match (alone, last) {
                        (true, true) => format!(" [-{words}-]"),
                        (true, false) => format!("[-{words}-] "),
                        _ => format!("[-{words}-]"),
                    });
                }
                Piece::New(s) => out.push_str(&format!("{{+{}+}}", s.of(&v.text))),
            }
        }
        out
    }

    #[test]
    fn finds_a_word_or_two_away() {
        let meetings = [meeting(
            "2020-01-01",
            &["The Committee will carefully monitor the data.", "It will continue to monitor risks."],
        )];
        let found = variants_of("continue to monitor", &meetings);
        let texts: Vec<&str> = found.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(texts, ["will carefully monitor"]);
        assert_eq!(marked(&found[0]), "[-continue to-]{+will carefully+} monitor");
        assert_eq!(found[0].edits, 2);
    }

    #[test]
    fn marks_every_kind_of_edit() {
        let meetings = [meeting(
            "2020-01-01",
            &[
                "Efforts to restore durable peace.",
                "Efforts to restore peace.",
                "Maintaining ample reserves, as before.",
                "Iraqi security forces.",
                "Foreign terrorist fighters.",
            ],
        )];
        let cases = [
            ("to restore lasting peace", "to restore [-lasting-]{+durable+} peace"),
            ("to restore lasting peace", "to restore [-lasting-] peace"),
            ("reserves ample", "[-reserves ample-]{+ample reserves+}"),
            ("Iraqi security force", "Iraqi security [-force-]{+forces+}"),
            ("foreign fighters", "Foreign {+terrorist+} fighters"),
            ("foreign armed fighters today", "Foreign [-armed-]{+terrorist+} fighters [-today-]"),
        ];
        for (phrase, expected) in cases {
            let found = variants_of(phrase, &meetings);
            let shown: Vec<String> = found.iter().map(marked).collect();
            assert!(shown.contains(&expected.to_string()), "{phrase}: {shown:?}");
        }
        let found = variants_of("to restore lasting peace", &meetings);
        let durable = found.iter().find(|v| v.text == "to restore durable peace").unwrap();
        assert_eq!(
            durable.changes,
            [Change {
                kind: ChangeKind::Substitute,
                phrase: Some("lasting".into()),
                variant: Some("durable".into())
            }]
        );
        let swapped = &variants_of("reserves ample", &meetings)[0];
        assert_eq!((swapped.text.as_str(), swapped.edits), ("ample reserves", 1));
        assert_eq!(
            swapped.changes,
            [Change {
                kind: ChangeKind::Swap,
                phrase: Some("reserves ample".into()),
                variant: Some("ample reserves".into())
            }]
        );
    }

    #[test]
    fn the_closest_window_of_a_region_and_no_piece_of_the_phrase() {
        let meetings = [
            meeting("2020-01-01", &["The Iraqi security forces and the police."]),
            meeting("2021-01-01", &["Ample supply; reserves fell."]),
        ];
        let texts: Vec<String> =
            variants_of("Iraqi security force", &meetings).into_iter().map(|v| v.text).collect();
        assert_eq!(texts.first().map(String::as_str), Some("Iraqi security forces"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("forces and")), "{texts:?}");
        let texts: Vec<String> =
            variants_of("reserves ample", &meetings).into_iter().map(|v| v.text).collect();
        assert!(!texts.iter().any(|t| t.eq_ignore_ascii_case("ample") || t == "reserves"), "{texts:?}");
    }

    #[test]
    fn an_exact_occurrence_and_what_surrounds_it_are_no_variant() {
        let meetings = [meeting("2020-01-01", &["It will continue to monitor risks closely."])];
        assert_eq!(variants_of("continue to monitor", &meetings), []);
        assert_eq!(variants_of("monitor", &meetings), []);
    }

    #[test]
    fn counts_are_those_of_an_exact_search() {
        // In 2019 "x a b c" surrounds an exact occurrence, so no window there is a variant; in
        // 2020 it is one. It is in both, and first in 2019, as blame of "x a b c" says.
        let meetings =
            [meeting("2019-01-01", &["Nothing.", "x a b c d."]), meeting("2020-01-01", &["x a b c."])];
        let found = variants_of("a b c d", &meetings);
        let v = found.iter().find(|v| v.text == "x a b c").unwrap();
        assert_eq!((v.meetings, v.first.id.as_str(), v.paragraph), (2, "s/2019-01-01", 2));
        // Words as the word rule cuts them: "longer-run" is "longer" "run".
        let meetings = [
            meeting("2019-01-01", &["Risks to longer-run stability."]),
            meeting("2020-01-01", &["Its longer run goals.", "Longer-run goals."]),
        ];
        let found = variants_of("longer-run goal", &meetings);
        let goals = found.iter().find(|v| v.text == "longer run goals").unwrap();
        assert_eq!((goals.meetings, goals.first.id.as_str(), goals.paragraph), (1, "s/2020-01-01", 1));
        assert_eq!(marked(goals), "longer run [-goal-]{+goals+}");
    }

    #[test]
    fn closest_first_then_most_used() {
        let meetings = [
            meeting("2020-01-01", &["a b x y."]),
            meeting("2021-01-01", &["a b x y."]),
            meeting("2022-01-01", &["a b c x."]),
        ];
        let found = variants_of("a b c d", &meetings);
        let ranked: Vec<(&str, usize, usize)> =
            found.iter().map(|v| (v.text.as_str(), v.edits, v.meetings)).collect();
        assert_eq!(ranked, [("a b c x", 1, 1), ("a b x y", 2, 2)]);
        assert_eq!(variants(&Phrase::parse("a b c d").unwrap(), &meetings, 1).len(), 1);
    }
}
