//! Property tests: segmentation covers text exactly; the storage format round-trips.

use communique::document::{Document, Meta, comparison_key, sentences, storage, word_key, word_keys, words};
use proptest::prelude::*;

/// Paragraph-like text: words, numbers, abbreviations, quotes, brackets and stops in any order.
fn paragraph() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,9}",
        "[0-9]{1,4}(\\.[0-9])?",
        Just("U.S.".to_string()),
        Just("No.".to_string()),
        Just("e.g.".to_string()),
        Just("(a)".to_string()),
        Just("1/4".to_string()),
        Just("Daesh/ISIS".to_string()),
        "[.!?;:,…]",
        "[\"“”’()\\[\\]]",
        Just("é".to_string()),
        Just("–".to_string()),
    ];
    prop::collection::vec((piece, prop_oneof![Just(" "), Just(""), Just("  "), Just("\t")]), 1..40)
        .prop_map(|parts| {
            parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect::<String>().trim().to_string()
        })
        .prop_filter("non-empty", |s| !s.is_empty())
}

/// Any text: every script, combining marks, emoji, controls, ideographs, numbers in all their
/// forms.
fn any_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        paragraph(),
        "\\PC{1,12}",
        "[\u{0300}-\u{036F}\u{0600}-\u{06FF}\u{0400}-\u{04FF}\u{4E00}-\u{4E2F}\u{3040}-\u{30FF}]{1,8}",
        "[0-9]{1,3}[-\u{2011}/.,][0-9]{1,3}(/[0-9])?",
        "[A-Z]{1,3}/[A-Z0-9.]{1,4}/[0-9]{1,4}",
        "[\u{1F600}-\u{1F64F}\u{0000}-\u{001F}\u{00A0}\u{2028}]{1,3}",
    ];
    prop::collection::vec(piece, 1..8).prop_map(|parts| parts.join(" "))
}

fn meta() -> Meta {
    Meta {
        series: "s".into(),
        date: chrono::NaiveDate::from_ymd_opt(2021, 6, 28).unwrap(),
        title: Some("T \"q\" 'x'".into()),
        place: None,
        source: None,
    }
}

proptest! {
    #[test]
    fn sentences_cover_each_paragraph_exactly_in_order(text in paragraph()) {
        let spans = sentences(&text);
        prop_assert!(!spans.is_empty());
        prop_assert_eq!(spans[0].start, 0);
        prop_assert_eq!(spans.last().unwrap().end, text.len());
        for w in spans.windows(2) {
            prop_assert_eq!(w[0].end, w[1].start);
        }
        for s in &spans {
            prop_assert!(!s.is_empty());
        }
        let rebuilt: String = spans.iter().map(|s| s.of(&text)).collect();
        prop_assert_eq!(rebuilt, text);
    }

    #[test]
    fn every_letter_and_digit_is_in_exactly_one_token(text in any_text()) {
        use unicode_normalization::UnicodeNormalization;
        // Outside tokens, no character whose normal form has a letter or digit.
        let wordless = |gap: &str| !gap.chars().any(|c| c.to_string().nfkc().any(char::is_alphanumeric));
        let mut last_end = 0;
        for w in words(&text) {
            prop_assert!(w.start >= last_end && w.end > w.start);
            let token = w.of(&text);
            // A letter or digit, or a compatibility character whose normal form has one (`㈀`).
            prop_assert!(!word_key(token).is_empty(), "{:?}", token);
            // Only a mixed number (`2 3/4`) holds a space; nothing else breaks a line.
            prop_assert!(token.chars().all(|c| !c.is_whitespace() || c == ' '), "{:?}", token);
            prop_assert!(wordless(&text[last_end..w.start]), "{:?}", &text[last_end..w.start]);
            last_end = w.end;
        }
        prop_assert!(wordless(&text[last_end..]), "{:?}", &text[last_end..]);
    }

    #[test]
    fn the_nfkc_form_has_the_same_keys(text in any_text()) {
        use unicode_normalization::UnicodeNormalization;
        // Vulgar fractions aside (NFKC writes `2¾` as `23⁄4`, another number).
        prop_assume!(!text.chars().any(|c| matches!(c, '\u{BC}'..='\u{BE}' | '\u{2150}'..='\u{215E}')));
        // And characters whose normal form is several tokens (`ゟ` is `より`, `㍻` is `平成`):
        // a character is never cut, so it stays one. A character is cut and normalized with
        // the combining marks after it (`㈀` and the Telugu length mark U+0C55 make `(ᄀ)` and
        // the mark, two tokens of the normal form but one character of the text).
        let segments = {
            let mut segments: Vec<String> = Vec::new();
            for c in text.chars() {
                match segments.last_mut() {
                    Some(last) if unicode_normalization::char::canonical_combining_class(c) != 0
                        && !last.starts_with(char::is_whitespace) => last.push(c),
                    _ => segments.push(c.to_string()),
                }
            }
            segments
        };
        prop_assume!(segments.iter().all(|s| words(&s.nfkc().collect::<String>()).count() <= 1));
        let nfkc: String = text.nfkc().collect();
        prop_assert_eq!(word_keys(&text), word_keys(&nfkc), "{:?} / {:?}", text, nfkc);
    }

    #[test]
    fn documents_segment_without_overlap(paragraphs in prop::collection::vec(paragraph(), 1..6)) {
        let doc = Document::new(meta(), &paragraphs);
        prop_assert_eq!(doc.paragraphs().len(), paragraphs.len());
        for (p, text) in doc.paragraphs().iter().zip(&paragraphs) {
            prop_assert_eq!(p.span.of(doc.text()), text.as_str());
            let rebuilt: String = p.sentences(&doc).iter().map(|s| s.span.of(doc.text())).collect();
            prop_assert_eq!(&rebuilt, text);
        }
    }

    #[test]
    fn storage_round_trips(paragraphs in prop::collection::vec(paragraph(), 1..6)) {
        let doc = Document::new(meta(), &paragraphs);
        prop_assert_eq!(storage::parse(&storage::render(&doc)).unwrap(), doc);
    }

    #[test]
    fn comparison_keys_are_idempotent(text in paragraph()) {
        let key = comparison_key(&text);
        prop_assert_eq!(comparison_key(&key), key.clone());
        prop_assert!(!key.contains("  "));
    }
}

/// A series of meetings of sentences over a small vocabulary (so words and sentences repeat,
/// move, vanish and return), as paragraph texts.
fn series_of_meetings() -> impl Strategy<Value = Vec<Vec<String>>> {
    let word = prop::sample::select(vec![
        "Council",
        "decides",
        "extend",
        "mandate",
        "mission",
        "elections",
        "support",
        "the",
        "of",
        "calls",
        "upon",
        "parties",
        "ceasefire",
        "humanitarian",
        "access",
        "welcomes",
        "report",
    ]);
    let sentence = prop::collection::vec(word, 1..9).prop_map(|w| {
        let mut s = w.join(" ");
        s.push('.');
        // A capital after the previous stop, so that each is a sentence of its own.
        s[..1].to_uppercase() + &s[1..]
    });
    let paragraph = prop::collection::vec(sentence, 1..4).prop_map(|s| s.join(" "));
    prop::collection::vec(prop::collection::vec(paragraph, 1..5), 1..7)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Word origins: one per word token of the last meeting, never a later meeting; a meeting
    /// written again word for word has the origins it had; a word's origin is never later than
    /// the first meeting holding its sentence word for word.
    #[test]
    fn word_origins_are_consistent(meetings in series_of_meetings()) {
        use communique::lineage::{Memo, Prints, word_origins};
        let mut memo = Memo::default();
        let prints: Vec<Prints> = meetings.iter().map(|m| Prints::of(m.iter().map(String::as_str), &mut memo)).collect();
        let origins = |upto: usize| word_origins(&prints[..=upto].iter().collect::<Vec<_>>());
        let last = meetings.len() - 1;
        let found = origins(last);
        let words: Vec<Vec<String>> = meetings[last]
            .iter()
            .flat_map(|p| sentences(p).into_iter().map(|s| word_keys(s.of(p))).collect::<Vec<_>>())
            .collect();
        prop_assert_eq!(found.len(), words.iter().map(Vec::len).sum::<usize>());
        prop_assert!(found.iter().all(|&o| o as usize <= last));
        let mut at = 0;
        for sentence in &words {
            let first = meetings.iter().position(|m| {
                m.iter().any(|p| sentences(p).iter().any(|s| word_keys(s.of(p)) == *sentence))
            });
            for &o in &found[at..at + sentence.len()] {
                prop_assert!(first.is_some_and(|f| o as usize <= f));
            }
            at += sentence.len();
        }
        for earlier in 0..last {
            if meetings[earlier] == meetings[last] {
                prop_assert_eq!(origins(earlier), found.clone());
            }
        }
    }

    /// A word changed in one sentence leaves every other word of the meeting its origin.
    #[test]
    fn a_rewritten_neighbour_leaves_the_other_words_their_origins(
        meetings in series_of_meetings(),
        pick in any::<prop::sample::Index>(),
    ) {
        use communique::lineage::{Memo, Prints, word_origins};
        let last = meetings.last().unwrap();
        // The next meeting: one word of the last replaced by a word never used before.
        let text = last.join("\n");
        let spans: Vec<_> = words(&text).collect();
        let target = spans[pick.index(spans.len())];
        let edited_text = format!("{}Zanzibar{}", &text[..target.start], &text[target.end..]);
        let edited: Vec<String> = edited_text.split('\n').map(str::to_string).collect();
        let mut series = meetings.clone();
        series.push(edited);
        let mut memo = Memo::default();
        let prints: Vec<Prints> = series.iter().map(|m| Prints::of(m.iter().map(String::as_str), &mut memo)).collect();
        let all: Vec<&Prints> = prints.iter().collect();
        let before = word_origins(&all[..all.len() - 1]);
        let after = word_origins(&all);
        let changed = spans.iter().position(|s| *s == target).unwrap();
        prop_assert_eq!(after.len(), before.len());
        for (k, (a, b)) in after.iter().zip(&before).enumerate() {
            if k == changed {
                prop_assert_eq!(*a as usize, series.len() - 1);
            } else {
                prop_assert_eq!(a, b, "word {} of {:?}", k, last);
            }
        }
    }
}
