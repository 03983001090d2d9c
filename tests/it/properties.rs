//! Property tests: segmentation covers text exactly; the storage format round-trips.

use communique::document::{Document, Meta, comparison_key, sentences, storage, words};
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
    fn words_are_maximal_alphanumeric_runs(text in paragraph()) {
        let mut last_end = 0;
        for w in words(&text) {
            prop_assert!(w.start >= last_end);
            prop_assert!(w.of(&text).chars().all(char::is_alphanumeric));
            prop_assert!(!text[last_end..w.start].chars().any(char::is_alphanumeric));
            last_end = w.end;
        }
        prop_assert!(!text[last_end..].chars().any(char::is_alphanumeric));
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
