//! Figures that changed between two meetings: rates, ranges, amounts, counts, votes and dates
//! in the changed paragraphs, paired across the two sides by the words around them.
//!
//! 1. **Finding figures.** One pattern ([`PATTERN`]) reads, at each place, the longest thing a
//!    reader would call one figure: a reference (`resolution 2010 (2011)`, `S/2009/439`,
//!    `paragraph 4`, `Executive Order 14065`), which is not a figure and hides the numbers in
//!    it; a vote (`12 – 0 vote`); a date (`31 August 2010`, `July 31, 2014`, `September
//!    2023`); a range with its unit (`3-1/2 to 3-3/4 percent`, `5.2 percent to 5.5 percent`);
//!    an amount (`€1,350 billion`); a level with its unit (`-0.50%`, `4 3/4 percent`, `25
//!    basis points`); a duration (`twelve months`); a count in digits or words (`17,731`,
//!    `seven`). A number glued to letters (`G7`, `COVID-19`, `2x9`) is part of a name; a
//!    paragraph's leading `1.` is its number.
//! 2. **Keeping the changed ones.** Only the sides of changed entries are read, and only
//!    figures touching an inserted or deleted piece of the redline count: a figure the word
//!    diff kept equal stayed in its place.
//! 3. **Pairing.** An old and a new figure of the same measure (a percentage with a percentage,
//!    a count with a count; a duration may become a date) are paired by their context: the
//!    words before (back to where the sentence starts) and after each, weighted by nearness,
//!    function words and the words after weighing less. The best pairs are taken first; a
//!    pair needs [`MIN_CONTEXT`] alike contexts. A pair whose two values are the same is a
//!    figure that moved, not one that changed, and is left out. What is not paired is listed
//!    as only old or only new.
//! 4. **Labelling.** A pair's label is the words next to the figure that both sides share
//!    (`target range for the federal funds rate`), else those of the new side.
//!
//! Costs grow with the text, not its square: a long text full of changed figures compares each
//! old figure with the new ones of about its rank.
//!
//! Checked against 20 pairs of real statements labelled by hand (`tests/data/figures/`):
//! `tests/it/figures.rs` prints the precision and recall and fails under the floors it names.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::align::{Entry, Kind as EntryKind, Op};
use crate::document::{Span, word_key, words};

/// What a figure measures; only figures of one measure are paired (and a duration with a
/// date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A rate or level: percent, `%`.
    Percent,
    /// A change of a rate: basis points, percentage points.
    Points,
    /// Money: a currency sign or code, or millions and billions.
    Amount,
    /// A count, in digits or words.
    Count,
    /// A calendar date, month or year.
    Date,
    /// A vote tally, `12 – 0`.
    Vote,
    /// A length of time: `twelve months`, `60 days`.
    Duration,
    /// A time of day: `15:30 CET`.
    Time,
}

impl Measure {
    /// The measure's name, as JSON writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Percent => "percent",
            Self::Points => "points",
            Self::Amount => "amount",
            Self::Count => "count",
            Self::Date => "date",
            Self::Vote => "vote",
            Self::Duration => "duration",
            Self::Time => "time",
        }
    }

    /// Whether a figure of this measure may be paired with one of `other`.
    fn pairs_with(self, other: Self) -> bool {
        self == other || matches!((self, other), (Self::Duration, Self::Date) | (Self::Date, Self::Duration))
    }
}

/// One figure found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Its measure.
    pub measure: Measure,
    /// Where it is in the text, in bytes.
    pub span: Span,
}

/// One figure that changed: a pair, or a figure on one side only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureChange {
    /// What the figure is of: the words next to it (`target range for the federal funds
    /// rate`), shared by both sides when it is a pair.
    pub label: String,
    /// Its measure (the new side's, for a pair).
    pub measure: Measure,
    /// The old value as written; `None` when the figure is only in the new meeting.
    pub old: Option<String>,
    /// The new value as written; `None` when the figure is only in the old meeting.
    pub new: Option<String>,
    /// The old paragraph (1-based) it stands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_paragraph: Option<usize>,
    /// The new paragraph (1-based) it stands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_paragraph: Option<usize>,
}

/// The least context similarity (weighted word overlap, 0 to 1) for two figures to be paired.
pub const MIN_CONTEXT: f64 = 0.25;

/// The most pairs of figures compared; beyond, each figure is compared with the
/// 2 × [`NEAR_RANKS`] + 1 new figures of about its rank.
const PAIR_ALL: usize = 250_000;

/// How far in rank from its own an old figure's partners are looked for in a long text.
const NEAR_RANKS: usize = 64;

/// What a function word of a context weighs against another word.
const FILLER_WEIGHT: f64 = 0.25;

/// What the words after a figure weigh against those before it.
const AFTER_WEIGHT: f64 = 0.5;

/// What being in paragraphs the engine paired adds to two figures' context similarity.
const SAME_ENTRY: f64 = 0.2;

/// Words of context either side of a figure that pairing compares.
const CONTEXT: usize = 6;

/// Words of context either side of a figure that a label may take.
const LABEL_CONTEXT: usize = 12;

/// The pattern of a figure: alternatives tried in this order at each place (the regex crate
/// takes the first alternative that matches where the leftmost match starts).
pub const PATTERN: &str = concat!(
    r"(?i)",
    // References: not figures; they hide the numbers in them.
    r"(?P<reference>",
    r"\bresolutions?\s+\d{3,4}(?:\s*\(\d{4}\))?(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)\d{3,4}(?:\s*\(\d{4}\))?)*",
    r"|\b[SAE]/(?:[A-Z]+/)*\d{2,4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*",
    r"|\b(?:paragraphs?|sections?|articles?|annex|executive\s+orders?|chapter|E\.O\.)\s+(?:\d+|[IVXLC]+\b)(?:\s*\([a-z0-9]+\))*(?:(?:\s*,\s*|\s+and\s+|\s+to\s+|\s+through\s+)\d+(?:\s*\([a-z0-9]+\))*)*",
    r"|\bNo\.\s*\d+",
    // A resolution cited by its number and year without the word: `2110 (2013)`.
    r"|\b\d{3,4}\s*\(\d{4}\)",
    r")",
    // A vote: `12 – 0 vote`, `a vote of 9 to 3`.
    r"|(?P<vote>\d{1,2}\s*[–—-]\s*\d{1,2})\s+vote\b",
    r"|\bvote\s+of\s+(?P<vote2>\d{1,2}\s*(?:[–—-]|to)\s*\d{1,2})\b",
    // Dates.
    r"|(?P<date>",
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?MONTHS(?:,?\s+\d{4})?",
    r"|MONTHS\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b",
    r"|MONTHS\s+\d{4}\b",
    r"|\b(?:mid|early|late)[-‑\s]+\d{4}\b",
    r"|\b(?:end|beginning|start|middle|first\s+half|second\s+half|first\s+quarter|second\s+quarter|third\s+quarter|fourth\s+quarter)\s+of\s+(?:(?:MONTHS\s+)?\d{4}\b|MONTHS|(?:this|next|the)\s+year\b)",
    r"|MONTHS",
    r")",
    // A time of day.
    r"|(?P<time>\b\d{1,2}:\d{2}(?:\s*(?:CET|CEST|GMT|UTC|EST|EDT|ET|a\.m\.|p\.m\.))?|\b\d{1,2}\.\d{2}\s*(?:a\.m\.|p\.m\.))",
    // A range with its unit.
    r"|(?P<range>",
    r"(?:CURRENCY\s*)?VALUE(?:\s*SCALE)?(?:\s*UNIT)?(?:\s+to\s+|\s*[–—]\s*)(?:CURRENCY\s*)?VALUE(?:\s*SCALE)?\s*UNIT",
    r")",
    // Money, levels and changes of rates.
    r"|(?P<amount>CURRENCY\s*VALUE(?:\s*SCALE\b)?|VALUE\s*SCALE\s+(?:euros?|dollars?|pounds?|yen)\b)",
    r"|(?P<measure>VALUE\s*UNIT)",
    r"|(?P<scaled>VALUE\s*SCALE\b)",
    // A length of time.
    r"|(?P<duration>(?:VALUE|WORDS|\bone)[\s-]+(?:days?|weeks?|months?|years?)\b)",
    // Counts and years.
    r"|(?P<count>(?:VALUE|WORDS)(?:[-‑](?:tier|fold|year|month|week|day)s?\b)?)",
);

/// Pieces of [`PATTERN`], substituted where it names them.
const PIECES: [(&str, &str); 6] = [
    (
        "MONTHS",
        r"\b(?-i:January|February|March|April|May|June|July|August|September|October|November|December)\b",
    ),
    ("CURRENCY", r"(?:€|\$|£|¥|US\$|\bEUR\b|\bUSD\b)"),
    ("SCALE", r"(?:billion|million|trillion|bn)"),
    (
        "UNIT",
        r"(?:percent\b|per\s+cent\b|%|percentage\s+points?\b|basis\s+points?\b|bps?\b|[-‑](?:basis|percentage)[-‑]points?\b)",
    ),
    ("VALUE", r"(?:[-−+]?\d+(?:[-‑\x{2010}\s]\d+)?/\d+|[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"),
    (
        "WORDS",
        r"\b(?:zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b",
    ),
];

/// [`PATTERN`] with its pieces substituted; without its ranges when `ranges` is false.
fn compile(ranges: bool) -> Regex {
    let mut pattern = PATTERN.to_string();
    if !ranges {
        pattern = pattern.replace("(?P<range>", r"(?P<range>\b\B");
    }
    for (name, piece) in PIECES {
        pattern = pattern.replace(name, piece);
    }
    Regex::new(&pattern).expect("the figures' pattern is valid")
}

static FIGURES: LazyLock<Regex> = LazyLock::new(|| compile(true));

/// Names of [`PATTERN`]'s groups that are figures, in its order.
const GROUPS: [&str; 10] =
    ["vote", "vote2", "date", "time", "range", "amount", "measure", "scaled", "duration", "count"];

/// The figures of `text`, in order.
pub fn figures(text: &str) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut at = 0;
    while at <= text.len() {
        let Some(caps) = FIGURES.captures_at(text, at) else { break };
        let whole = caps.get(0).expect("a match");
        at = whole.end().max(whole.start() + 1);
        while !text.is_char_boundary(at.min(text.len())) {
            at += 1;
        }
        let Some((name, group)) = GROUPS.iter().find_map(|name| caps.name(name).map(|g| (*name, g))) else {
            // A reference.
            continue;
        };
        if name == "range" && !is_range(text, group.start(), group.as_str()) {
            // Two figures: the first alone, and the next one read from where it ends.
            if let Some(first) = single(&text[..group.end()], group.start()) {
                at = first.span.end;
                out.push(first);
            }
            continue;
        }
        if let Some(figure) = classify(text, name, group.start(), group.end()) {
            out.push(figure);
        }
    }
    // A year right after a rate names the rate (`1.9% in 2024`), not a date of its own.
    let mut kept: Vec<Figure> = Vec::with_capacity(out.len());
    for figure in out {
        let year = figure.measure == Measure::Date && is_year(&text[figure.span.start..figure.span.end]);
        let after_rate = kept.last().is_some_and(|last| {
            matches!(last.measure, Measure::Percent | Measure::Points)
                && matches!(text[last.span.end..figure.span.start].trim(), "in" | "for" | "and" | "in both")
        });
        if !(year && after_rate) {
            kept.push(figure);
        }
    }
    kept
}

/// Whether `text` is a year: four digits from 1000 to 2999.
fn is_year(text: &str) -> bool {
    text.len() == 4 && text.starts_with(['1', '2']) && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a range found at `start` is one: not `from X to Y` (a change told in one text),
/// and its two ends of one unit.
fn is_range(text: &str, start: usize, range: &str) -> bool {
    // (The last word only: the text before may be long.)
    let before = text[..start].trim_end().as_bytes();
    if before.len() >= 4 && before[before.len() - 4..].eq_ignore_ascii_case(b"from") {
        return false;
    }
    let lower = range.to_lowercase();
    let units = ["percent", "per cent", "%", "basis point", "percentage point", "bp"];
    let found: Vec<&str> = units.iter().copied().filter(|u| lower.contains(u)).collect();
    found.len() <= 1
}

/// The first figure of `text` from `start`, ranges aside.
fn single(text: &str, start: usize) -> Option<Figure> {
    static SINGLE: LazyLock<Regex> = LazyLock::new(|| compile(false));
    let caps = SINGLE.captures_at(text, start)?;
    let (name, group) = GROUPS.iter().find_map(|name| caps.name(name).map(|g| (*name, g)))?;
    classify(text, name, group.start(), group.end())
}

/// The figure the pattern's group `name` found from `start` to `end`; `None` for a number
/// that is part of a name or a list's numbering.
fn classify(text: &str, name: &str, mut start: usize, end: usize) -> Option<Figure> {
    let matched = &text[start..end];
    // A sign glued to a word is a hyphen (`COVID-19`, `2021-22`), not a sign.
    if matched.starts_with(['-', '−', '+'])
        && text[..start].chars().next_back().is_some_and(char::is_alphanumeric)
    {
        start += matched.chars().next().map_or(0, char::len_utf8);
    }
    let matched = &text[start..end];
    let mut back = text[..start].chars().rev();
    let (before, before2) = (back.next(), back.next());
    let after = text[end..].chars().next();
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    // Part of a name or a code (`G7`, `2x9`, `COVID-19`, `S/2009/439` read in part).
    if glued(after) || glued(before) || matches!(before, Some('.' | ',')) {
        return None;
    }
    if matches!(before, Some('-' | '‑' | '/')) && glued(before2) {
        return None;
    }
    let measure = match name {
        "vote" | "vote2" => Measure::Vote,
        "date" => {
            // `May` alone is a month only after a word that takes one.
            if matched == "May" {
                // (A few bytes back only: the text before may be long.)
                let mut from = start.saturating_sub(16);
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                let word = text[from..start].split_whitespace().next_back().unwrap_or("").to_lowercase();
                if !["in", "since", "of", "until", "from", "through", "by", "early", "late", "mid", "end"]
                    .contains(&word.as_str())
                {
                    return None;
                }
            }
            Measure::Date
        }
        "time" => Measure::Time,
        "amount" | "scaled" => Measure::Amount,
        "duration" => Measure::Duration,
        "range" | "measure" => unit_measure(matched),
        _ => {
            // A list's numbering: `(1)`, or `4.` where a sentence starts.
            if before == Some('(') && after == Some(')') {
                return None;
            }
            let opening =
                text[..start].trim_end().is_empty() || text[..start].trim_end().ends_with(['.', ';', ':']);
            if opening && text[end..].starts_with(['.', ')']) {
                return None;
            }
            let digits = matched.trim_start_matches(['-', '−', '+']);
            if is_year(digits) { Measure::Date } else { Measure::Count }
        }
    };
    Some(Figure { measure, span: Span { start, end } })
}

/// The measure a level or range's unit names.
fn unit_measure(text: &str) -> Measure {
    let lower = text.to_lowercase();
    if lower.contains("point") || lower.ends_with("bp") || lower.ends_with("bps") {
        Measure::Points
    } else if lower.contains(['€', '$', '£', '¥']) || lower.contains("eur") || lower.contains("usd") {
        Measure::Amount
    } else {
        Measure::Percent
    }
}

/// A value as compared: case, spaces, dashes and thousands separators do not matter.
pub fn value_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '‑' | '\u{2010}' | '–' | '—' | '−' => out.push('-'),
            ',' => {}
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out.replace("per cent", "percent").replace(" %", "%").trim().to_string()
}

/// A figure on one side of a changed entry, with what pairing needs.
#[derive(Debug)]
struct Found {
    figure: Figure,
    /// The figure as written.
    text: String,
    /// Its value as compared ([`value_key`]).
    value: String,
    /// Word keys before (nearest first) and after (nearest first).
    before: Vec<String>,
    after: Vec<String>,
    /// The words before and after as written (for the label).
    before_text: Vec<String>,
    after_text: Vec<String>,
    /// The paragraph (1-based) it stands in.
    paragraph: Option<usize>,
    /// The entry of the diff it was found in.
    entry: usize,
    /// Where it starts in its side of the entry.
    position: usize,
}

/// The figures that changed between the two sides of a diff's entries.
pub fn changed_figures(entries: &[&Entry]) -> Vec<FigureChange> {
    let mut old = Vec::new();
    let mut new = Vec::new();
    for (i, entry) in entries.iter().enumerate().filter(|(_, e)| e.kind != EntryKind::Unchanged) {
        side_figures(entry, i, Op::Delete, &mut old);
        side_figures(entry, i, Op::Insert, &mut new);
    }
    pair(old, new)
}

/// The figures of one side of `entry` that touch a piece only that side has.
fn side_figures(entry: &Entry, index: usize, only: Op, out: &mut Vec<Found>) {
    let mut text = String::new();
    // Byte ranges of the side's own pieces.
    let mut changed: Vec<(usize, usize)> = Vec::new();
    for span in entry.spans.iter().filter(|s| s.op == Op::Equal || s.op == only) {
        if span.op == only {
            changed.push((text.len(), text.len() + span.text.len()));
        }
        text.push_str(&span.text);
    }
    if changed.is_empty() {
        return;
    }
    let numbers = if only == Op::Delete { &entry.old } else { &entry.new };
    // Where each paragraph of the side starts (paragraphs are joined by "\n\n").
    let starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices("\n\n").map(|(at, _)| at + 2)).collect();
    let tokens: Vec<Span> = words(&text).collect();
    let found = figures(&text);
    // The words before a figure stop where its sentence starts: those past it name something
    // else ("Inflation was 2 percent. Unemployment was 5 percent." reordered). The words after
    // it run on (on 20 real pairs, stopping them too paired worse).
    let stops = |gap: &str| gap.contains(['.', ';', ':', '\n']);
    // The changed pieces and the figures are both in text order: one pointer serves.
    let mut piece = 0;
    for &figure in &found {
        let Span { start, end } = figure.span;
        while piece < changed.len() && changed[piece].1 <= start {
            piece += 1;
        }
        // Overlapping a changed piece (a figure the word diff kept whole stayed in its place).
        if changed.get(piece).is_none_or(|&(a, _)| a >= end) {
            continue;
        }
        let first = tokens.partition_point(|w| w.end <= start);
        let last = tokens.partition_point(|w| w.start < end);
        let mut before = (Vec::new(), Vec::new());
        let mut edge = start;
        for w in tokens[..first].iter().rev() {
            if stops(&text[w.end..edge]) || before.0.len() == LABEL_CONTEXT {
                break;
            }
            edge = w.start;
            before.0.push(word_key(&text[w.start..w.end]));
            before.1.push(text[w.start..w.end].to_string());
        }
        let mut after = (Vec::new(), Vec::new());
        for w in tokens[last..].iter() {
            if after.0.len() == LABEL_CONTEXT {
                break;
            }
            after.0.push(word_key(&text[w.start..w.end]));
            after.1.push(text[w.start..w.end].to_string());
        }
        let ((before, before_text), (after, after_text)) = (before, after);
        let p = starts.partition_point(|&s| s <= start).saturating_sub(1);
        out.push(Found {
            text: text[start..end].to_string(),
            value: value_key(&text[start..end]),
            figure,
            before,
            after,
            before_text,
            after_text,
            paragraph: numbers.get(p).copied(),
            entry: index,
            position: start,
        });
    }
}

/// How alike two figures' contexts are: each shared word weighs more the nearer it is to both
/// figures; 1 for the same words in the same places.
fn context_similarity(a: &Found, b: &Found) -> f64 {
    let weight = |i: usize| 1.0 / (1.0 + i as f64);
    // A function word ("was", "the", "at") says little of what a figure is: it weighs less.
    let of = |word: &str| if FILLER.contains(&word) { FILLER_WEIGHT } else { 1.0 };
    let side = |x: &[String], y: &[String]| {
        let (x, y) = (&x[..x.len().min(CONTEXT)], &y[..y.len().min(CONTEXT)]);
        let mut shared = 0.0;
        for (i, word) in x.iter().enumerate() {
            if let Some(j) = y.iter().position(|w| w == word) {
                shared += weight(i).min(weight(j)) * of(word);
            }
        }
        let total = |v: &[String]| v.iter().enumerate().map(|(i, w)| weight(i) * of(w)).sum::<f64>();
        (shared, total(x).max(total(y)))
    };
    let (before, before_total) = side(&a.before, &b.before);
    let (after, after_total) = side(&a.after, &b.after);
    // What precedes a figure names it more often than what follows ("the rate … at 2
    // percent"): the words after weigh half.
    let total = before_total + AFTER_WEIGHT * after_total;
    if total == 0.0 { 0.0 } else { (before + AFTER_WEIGHT * after) / total }
}

/// Pairs old and new figures, best contexts first; pairs of equal values are moves and left
/// out.
fn pair(old: Vec<Found>, new: Vec<Found>) -> Vec<FigureChange> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    // Every old figure with every new one, unless that is too many (a long text rewritten
    // throughout, a table of rates): then each with the new figures of about its rank (both
    // sides are in the diff's order), so that the work grows with the figures, not their square.
    let all = old.len().saturating_mul(new.len()) <= PAIR_ALL;
    for (i, o) in old.iter().enumerate() {
        let (from, to) = if all {
            (0, new.len())
        } else {
            let center = i * new.len() / old.len().max(1);
            (center.saturating_sub(NEAR_RANKS), (center + NEAR_RANKS + 1).min(new.len()))
        };
        for (j, n) in new.iter().enumerate().take(to).skip(from) {
            if !o.figure.measure.pairs_with(n.figure.measure) {
                continue;
            }
            let mut score = context_similarity(o, n);
            if o.figure.measure != n.figure.measure {
                score *= 0.8;
            }
            if o.entry == n.entry {
                // Paragraphs the engine paired: their figures are more likely the same slot.
                score += SAME_ENTRY;
            }
            if o.value == n.value {
                // The same value: a figure that stayed, if its context did too.
                score += 0.05;
            }
            if score >= MIN_CONTEXT {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut old_taken, mut new_taken) = (vec![false; old.len()], vec![false; new.len()]);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, i, j) in candidates {
        if !old_taken[i] && !new_taken[j] {
            old_taken[i] = true;
            new_taken[j] = true;
            pairs.push((i, j));
        }
    }
    // Each change with where it stands: its paragraphs, and its place in the newer side (or
    // the older one, for a figure only there).
    let mut out: Vec<(Option<usize>, Option<usize>, usize, FigureChange)> = Vec::new();
    for (i, j) in pairs {
        let (o, n) = (&old[i], &new[j]);
        if o.value == n.value {
            continue;
        }
        out.push((
            o.paragraph,
            n.paragraph,
            n.position,
            FigureChange {
                label: shared_label(o, n),
                measure: n.figure.measure,
                old: Some(written(o)),
                new: Some(written(n)),
                old_paragraph: o.paragraph,
                new_paragraph: n.paragraph,
            },
        ));
    }
    for (i, o) in old.iter().enumerate().filter(|(i, _)| !old_taken[*i]) {
        let _ = i;
        out.push((
            o.paragraph,
            None,
            o.position,
            FigureChange {
                label: own_label(o),
                measure: o.figure.measure,
                old: Some(written(o)),
                new: None,
                old_paragraph: o.paragraph,
                new_paragraph: None,
            },
        ));
    }
    for (j, n) in new.iter().enumerate().filter(|(j, _)| !new_taken[*j]) {
        let _ = j;
        out.push((
            None,
            n.paragraph,
            n.position,
            FigureChange {
                label: own_label(n),
                measure: n.figure.measure,
                old: None,
                new: Some(written(n)),
                old_paragraph: None,
                new_paragraph: n.paragraph,
            },
        ));
    }
    // In the new meeting's order; figures only in the old one after those of the paragraph
    // they stood before.
    out.sort_by_key(|(o, n, at, _)| (n.or(*o).unwrap_or(0), n.is_none(), o.unwrap_or(0), *at));
    out.into_iter().map(|(_, _, _, change)| change).collect()
}

/// The value as the text writes it.
fn written(found: &Found) -> String {
    found.text.clone()
}

/// The most words a label takes.
const LABEL_WORDS: usize = 7;

/// Words a label neither starts nor ends with.
const FILLER: &[&str] = &[
    "a",
    "about",
    "above",
    "an",
    "and",
    "approximately",
    "are",
    "around",
    "as",
    "at",
    "be",
    "below",
    "between",
    "by",
    "for",
    "from",
    "in",
    "is",
    "its",
    "later",
    "no",
    "of",
    "on",
    "or",
    "than",
    "that",
    "the",
    "their",
    "this",
    "to",
    "total",
    "until",
    "up",
    "was",
    "were",
    "which",
    "with",
    "within",
];

/// Whether a word can stand in a label: not a number, not a sign.
fn labelling(key: &str) -> bool {
    key.chars().any(char::is_alphabetic) && !key.chars().any(|c| c.is_ascii_digit())
}

/// `words` (in text order) with filler trimmed from both ends.
fn trimmed(words: &[String]) -> String {
    // (A lone letter is what is left of an abbreviation's end: "S" of "U.S.".)
    let is_filler = |w: &String| FILLER.contains(&word_key(w).as_str()) || w.chars().count() == 1;
    let start = words.iter().position(|w| !is_filler(w)).unwrap_or(words.len());
    let end = words.iter().rposition(|w| !is_filler(w)).map_or(start, |e| e + 1);
    words[start..end.max(start)].join(" ")
}

/// The longest run of words both contexts hold, in text order, without numbers.
fn common_run(a_keys: &[String], a_text: &[String], b_keys: &[String]) -> Vec<String> {
    let mut best = (0, 0);
    for i in 0..a_keys.len() {
        for j in 0..b_keys.len() {
            let mut k = 0;
            while i + k < a_keys.len()
                && j + k < b_keys.len()
                && a_keys[i + k] == b_keys[j + k]
                && labelling(&a_keys[i + k])
            {
                k += 1;
            }
            // (On a tie, the run nearer the figure, which ends the words before it.)
            if k > 0 && k >= best.1 {
                best = (i, k);
            }
        }
    }
    a_text[best.0..best.0 + best.1].to_vec()
}

/// A pair's label: the longest run of words before both figures, else after both, else the
/// new side's own.
fn shared_label(old: &Found, new: &Found) -> String {
    if new.figure.measure == Measure::Vote {
        return "vote".to_string();
    }
    let in_order = |v: &[String]| v.iter().rev().cloned().collect::<Vec<_>>();
    let before = common_run(&in_order(&old.before), &in_order(&old.before_text), &in_order(&new.before));
    // The words nearest the figures, at most a few.
    let label = trimmed(&before[before.len().saturating_sub(LABEL_WORDS)..]);
    if label.split(' ').filter(|w| !w.is_empty()).count() >= 1 && !label.is_empty() {
        return label;
    }
    let label = trimmed(&common_run(&old.after, &old.after_text, &new.after));
    if !label.is_empty() {
        return label;
    }
    own_label(new)
}

/// A figure's own label: the words just before it (up to four, back to the nearest number),
/// else just after it.
fn own_label(found: &Found) -> String {
    if found.figure.measure == Measure::Vote {
        return "vote".to_string();
    }
    let near = |keys: &[String], text: &[String], n: usize| -> Vec<String> {
        keys.iter().zip(text).take_while(|(k, _)| labelling(k)).take(n).map(|(_, t)| t.clone()).collect()
    };
    let mut before = near(&found.before, &found.before_text, 4);
    before.reverse();
    let label = trimmed(&before);
    if !label.is_empty() {
        return label;
    }
    trimmed(&near(&found.after, &found.after_text, 3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The figures of `text` as written, each with its measure.
    fn found(text: &str) -> Vec<(&str, &'static str)> {
        figures(text).into_iter().map(|f| (&text[f.span.start..f.span.end], f.measure.as_str())).collect()
    }

    #[test]
    fn figures_are_read_whole_with_their_units() {
        assert_eq!(
            found("raise the target range to 1‑1/2 to 1-3/4 percent by a 12 – 0 vote"),
            [("1‑1/2 to 1-3/4 percent", "percent"), ("12 – 0", "vote")]
        );
        assert_eq!(
            found("lowered it by 50 basis points to 4 3/4 percent"),
            [("50 basis points", "points"), ("4 3/4 percent", "percent")]
        );
        assert_eq!(
            found("decreased by 10 basis points to -0.50%"),
            [("10 basis points", "points"), ("-0.50%", "percent")]
        );
        assert_eq!(
            found("envelope of €1,350 billion until end of June 2021"),
            [("€1,350 billion", "amount"), ("end of June 2021", "date")]
        );
        assert_eq!(
            found("until 31 August 2010, or July 31, 2014"),
            [("31 August 2010", "date"), ("July 31, 2014", "date")]
        );
        assert_eq!(
            found("a ceiling of 17,731 and seven formed units for twelve months"),
            [("17,731", "count"), ("seven", "count"), ("twelve months", "duration")]
        );
        assert_eq!(found("press releases at 15:30 CET"), [("15:30 CET", "time")]);
        assert_eq!(
            found("at least through mid-2013, then late 2014"),
            [("mid-2013", "date"), ("late 2014", "date")]
        );
        // A change told in one text is two figures; two units are two figures.
        assert_eq!(
            found("from 4 percent to 4 3/4 percent"),
            [("4 percent", "percent"), ("4 3/4 percent", "percent")]
        );
        assert_eq!(
            found("by 0.5 percentage point to 1-1/4 percent"),
            [("0.5 percentage point", "points"), ("1-1/4 percent", "percent")]
        );
    }

    #[test]
    fn references_names_and_numbering_are_not_figures() {
        assert!(found("Recalling resolutions 1772 (2007), 2010 (2011) and 2036 (2012)").is_empty());
        assert!(found("the report S/2009/439 and paragraphs 27 to 29 of Executive Order 14065").is_empty());
        assert!(found("the G7, COVID-19, TLTRO III and the Consultative Group 2x9").is_empty());
        assert!(found("(1) The rate. 4. Decides").is_empty());
        assert!(found("including 2107 (2013) and 2110 (2013)").is_empty());
        // `May` is a month only where a month is meant.
        assert!(found("May the Council decide").is_empty());
        assert_eq!(found("issued in May"), [("May", "date")]);
        // A year after a rate names the rate.
        assert_eq!(found("2.3% in 2024"), [("2.3%", "percent")]);
    }

    /// The figures that changed from `old` to `new` (one paragraph each), as `(label, old, new)`.
    fn changed(old: &str, new: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let doc = |text: &str| {
            let meta = crate::document::Meta {
                series: "s".into(),
                date: chrono::NaiveDate::MIN,
                title: None,
                place: None,
                source: None,
            };
            crate::document::Document::new(meta, [text])
        };
        let diff = crate::align::diff(
            &doc(old),
            &doc(new),
            Default::default(),
            Default::default(),
            &Default::default(),
        );
        changed_figures(&diff.paragraphs.iter().collect::<Vec<_>>())
            .into_iter()
            .map(|f| (f.label, f.old, f.new))
            .collect()
    }

    #[test]
    fn figures_are_paired_by_the_words_of_their_own_sentence() {
        let found = changed(
            "Inflation was 2 percent. Unemployment was 5 percent.",
            "Unemployment was 4 percent. Inflation was 3 percent.",
        );
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(_, o, n)| (o.as_deref().unwrap_or("—"), n.as_deref().unwrap_or("—")))
            .collect();
        assert!(
            pairs.contains(&("2 percent", "3 percent")) && pairs.contains(&("5 percent", "4 percent")),
            "{found:?}"
        );
        // A figure's label is the words next to it, and figures come in the text's order.
        let found = changed(
            "Output rose 2.5 percent in 2012 and unemployment was 7.9 percent.",
            "Output rose 2.1 percent in 2012 and unemployment was 7.2 percent.",
        );
        let labels: Vec<&str> = found.iter().map(|(l, _, _)| l.as_str()).collect();
        assert_eq!(labels, ["Output rose", "unemployment"], "{found:?}");
    }

    #[test]
    fn values_compare_without_separators_dashes_or_case() {
        assert_eq!(value_key("1‑1/2 to 1–3/4 Per Cent"), "1-1/2 to 1-3/4 percent");
        assert_eq!(value_key("7,060"), value_key("7060"));
    }

    proptest! {
        /// Whatever the text, figures are non-empty, in order, apart, on character boundaries.
        #[test]
        fn figures_are_ordered_spans_of_the_text(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("percent".to_string()), Just("to".to_string()), Just("–".to_string()),
                    Just("May".to_string()), Just("vote".to_string()), Just("€".to_string()),
                    Just("billion".to_string()), Just("resolution".to_string()), Just("(2011)".to_string()),
                    Just("‑".to_string()), Just("basis points".to_string()), Just("seven".to_string()),
                    "[0-9]{1,5}", "[0-9]{1,2}/[0-9]", "[0-9],[0-9]{3}", "-?[0-9]\\.[0-9]{2}%", "[a-zé]{1,6}", "[.,;()/ ]",
                ],
                0..40,
            ),
            glue in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("  ")], 40),
        ) {
            let text: String = words.iter().zip(glue.iter().cycle()).map(|(w, g)| format!("{w}{g}")).collect();
            let mut end = 0;
            for f in figures(&text) {
                prop_assert!(f.span.start < f.span.end && f.span.end <= text.len());
                prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
                prop_assert!(f.span.start >= end);
                end = f.span.end;
            }
        }
    }
}
