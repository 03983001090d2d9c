//! Sentence splitting and word tokens on real series: the shipped corpus (FOMC, UNAMI, AMISOM,
//! the Rome communiqué) and single documents of the ECB, G7, US-notice and other UN series.

use crate::common;

use communique::document::import::{ImportOptions, import_bytes};
use communique::document::{Document, Meta, storage};

fn shipped(series: &str) -> Vec<(String, Document)> {
    let dir = common::repo().join("corpus").join(series);
    let mut docs: Vec<(String, Document)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCE.md"))
        .map(|p| (p.display().to_string(), storage::parse(&std::fs::read_to_string(&p).unwrap()).unwrap()))
        .collect();
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    docs
}

fn fixture(name: &str) -> Document {
    let path = common::repo().join("tests/data/series").join(name);
    let imported = import_bytes(std::fs::read(&path).unwrap(), name, ImportOptions::default()).unwrap();
    let meta =
        Meta { series: "x".into(), date: chrono::NaiveDate::MIN, title: None, place: None, source: None };
    Document::new(meta, imported.paragraphs)
}

fn all_documents() -> Vec<(String, Document)> {
    let mut docs = Vec::new();
    for series in ["fomc", "unami-iraq", "amisom-somalia", "coalition"] {
        docs.extend(shipped(series));
    }
    for name in [
        "ecb-2019-01-24.txt",
        "g7-2023-05-20-economic-resilience.txt",
        "us-notice-2021-02-11-libya.txt",
        "minurso-2000-07-25-s-res-1309.txt",
        "unoci-2007-06-29-s-res-1763.txt",
    ] {
        docs.push((name.to_string(), fixture(name)));
    }
    docs
}

fn sentences(doc: &Document, paragraph: usize) -> Vec<&str> {
    doc.paragraphs()[paragraph].sentences(doc).iter().map(|s| s.text(doc)).collect()
}

#[test]
fn sentences_and_words_cover_every_real_paragraph_exactly() {
    let docs = all_documents();
    assert!(docs.len() > 260, "the shipped corpus is there");
    for (name, doc) in &docs {
        for (i, p) in doc.paragraphs().iter().enumerate() {
            let spans: Vec<_> = p.sentences(doc).iter().map(|s| s.span).collect();
            assert_eq!(spans.first().unwrap().start, p.span.start, "{name} ¶{}", i + 1);
            assert_eq!(spans.last().unwrap().end, p.span.end, "{name} ¶{}", i + 1);
            assert!(spans.windows(2).all(|w| w[0].end == w[1].start), "{name} ¶{}", i + 1);
            for s in p.sentences(doc) {
                assert!(s.words.iter().all(|w| s.span.start <= w.start && w.end <= s.span.end));
                // A token starts with a letter or digit and holds no line break or tab (a mixed
                // number, `2 3/4`, holds one space).
                assert!(s.words.iter().all(|w| w.of(doc.text()).starts_with(char::is_alphanumeric)));
                assert!(s.words.iter().all(|w| !w.of(doc.text()).contains(['\n', '\t'])));
            }
        }
    }
}

#[test]
fn no_real_sentence_breaks_after_an_abbreviation_or_initial() {
    for (name, doc) in all_documents() {
        for (i, p) in doc.paragraphs().iter().enumerate() {
            for pair in p.sentences(&doc).windows(2) {
                let ended = pair[0].text(&doc);
                let last = ended.rsplit(' ').next().unwrap();
                let bad = [
                    "Mr.", "Mrs.", "Ms.", "Dr.", "U.S.", "U.N.", "e.g.", "i.e.", "No.", "Nos.", "Art.", "St.",
                ]
                .contains(&last)
                    || (last.len() == 2 && last.starts_with(char::is_uppercase) && last.ends_with('.'));
                assert!(!bad, "{name} ¶{}: sentence ends at {last:?}: {ended}", i + 1);
                let next = pair[1].text(&doc);
                let sub_item = next
                    .split_once(')')
                    .is_some_and(|(m, _)| m.len() <= 5 && m.chars().all(|c| "ivxabcdefgh(".contains(c)));
                assert!(
                    !next.starts_with(char::is_lowercase) || sub_item,
                    "{name} ¶{}: sentence starts in lower case: {next}",
                    i + 1
                );
                assert!(!ended.ends_with(", 1.") && !ended.ends_with("; 2."), "{name} ¶{}: {ended}", i + 1);
            }
        }
    }
}

#[test]
fn known_real_paragraphs_split_as_a_reader_would() {
    let fomc = shipped("fomc");
    let (_, july_2025) = fomc.iter().find(|(n, _)| n.ends_with("2025-07-30.md")).unwrap();
    assert_eq!(
        sentences(july_2025, 2),
        [
            "In support of its goals, the Committee decided to maintain the target range for the federal funds rate at 4-1/4 to 4-1/2 percent.",
            "In considering the extent and timing of additional adjustments to the target range for the federal funds rate, the Committee will carefully assess incoming data, the evolving outlook, and the balance of risks.",
            "The Committee will continue reducing its holdings of Treasury securities and agency debt and agency mortgage‑backed securities.",
            "The Committee is strongly committed to supporting maximum employment and returning inflation to its 2 percent objective.",
        ]
    );
    let (_, rome) = &shipped("coalition")[0];
    let first = sentences(rome, 0);
    assert_eq!(first.len(), 4);
    assert!(first[0].ends_with("U.S. Secretary of State Antony J. Blinken."));

    let minurso = fixture("minurso-2000-07-25-s-res-1309.txt");
    let operative: Vec<&str> = minurso
        .paragraphs()
        .iter()
        .flat_map(|p| p.sentences(&minurso).iter().map(|s| s.text(&minurso)))
        .collect();
    assert!(
        operative.iter().any(|s| s.starts_with("1. Decides to extend the mandate of MINURSO")),
        "{operative:#?}"
    );
    assert!(operative.contains(&"3. Decides to remain seized of the matter."), "{operative:#?}");
}

#[test]
fn real_statements_keep_mr_and_numbers_whole() {
    let fomc = shipped("fomc");
    let (_, doc) = fomc.iter().find(|(n, _)| n.ends_with("2010-09-21.md")).unwrap();
    let all: Vec<&str> = doc.paragraphs().iter().enumerate().flat_map(|(i, _)| sentences(doc, i)).collect();
    let hoenig: Vec<&&str> = all.iter().filter(|s| s.contains("Hoenig")).collect();
    assert!(!hoenig.is_empty());
    assert!(hoenig.iter().all(|s| !s.starts_with("Hoenig")), "{hoenig:#?}");
}

/// Inputs the fuzzers (fuzz/, FUZZING.md) found crashing, kept as regression tests.
#[test]
fn fuzz_findings_stay_fixed() {
    // segment, crash-4b6bf9ab: a no-break space (two bytes) before a word ending a sentence.
    for text in ["st~ \u{a0}e. Jo", "of the United Nations,\u{a0}1. Decides to extend", "a\u{2003}b. C"] {
        let spans = communique::document::sentences(text);
        let covered: String = spans.iter().map(|s| s.of(text)).collect();
        assert_eq!(covered, text);
    }
}
