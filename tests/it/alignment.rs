//! The findings of real revisions, one test each, on real texts (`tests/golden/real/texts`):
//! a paragraph cut mid-sentence is one split with only the cut marked, a heading is never glued
//! into a split or merge, identical text is never deleted and inserted again inside a split or
//! merge, and a sentence that moves to another paragraph says where it went and where it came
//! from. The scores over the whole real gold set are in `real_gold.rs`.

use crate::common::{self, TestEnv, real_gold};

use communique::align::{self, Diff, Kind, Op, Options, Side};
use communique::document::Document;
use communique::document::import::{ImportOptions, load};

fn text(series: &str, file: &str) -> String {
    std::fs::read_to_string(common::repo().join("tests/golden/real/texts").join(series).join(file)).unwrap()
}

fn doc(text: &str) -> Document {
    load("doc.txt", text.as_bytes().to_vec(), ImportOptions::default()).unwrap().document
}

fn diff(old: &Document, new: &Document) -> Diff {
    let diff = align::diff(old, new, Side::default(), Side::default(), &Options::default());
    diff.verify(old, new).unwrap();
    diff
}

fn paragraphs(text: &str) -> Vec<String> {
    text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}

fn join(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n") + "\n"
}

#[test]
fn a_paragraph_cut_mid_sentence_is_one_split_with_only_the_cut_marked() {
    // A UN resolution's operative paragraph broken in two by a page break, mid-sentence, before
    // a capitalised word (a fragment starting in lower case is re-joined on import already).
    let old = paragraphs(&text("unsc-unamid-darfur", "2012-07-31-s-res-2063-2012.txt"));
    let (k, long) = old.iter().enumerate().max_by_key(|(_, p)| p.len()).unwrap();
    let half = long.len() / 2;
    let cut = half + long[half..].find(|c: char| c.is_uppercase()).unwrap() - 1;
    assert_eq!(&long[cut..=cut], " ");
    let mut new = old.clone();
    new.splice(k..=k, [long[..cut].to_string(), long[cut + 1..].to_string()]);
    let d = diff(&doc(&join(&old)), &doc(&join(&new)));
    let split: Vec<_> = d.paragraphs.iter().filter(|e| e.kind == Kind::Split).collect();
    assert_eq!(split.len(), 1, "{:?}", d.stats);
    assert_eq!((split[0].old.clone(), split[0].new.clone()), (vec![k + 1], vec![k + 1, k + 2]));
    let changes: Vec<(Op, &str)> =
        split[0].spans.iter().filter(|s| s.op != Op::Equal).map(|s| (s.op, s.text.as_str())).collect();
    assert_eq!(changes, [(Op::Delete, " "), (Op::Insert, "\n\n")], "only the cut is marked");
    assert_eq!(d.stats.inserted + d.stats.deleted + d.stats.modified, 0);
}

#[test]
fn no_heading_is_glued_into_a_split_or_merge_and_no_identical_text_is_deleted_then_inserted() {
    let pairs = real_gold::pairs(&common::repo().join("tests/golden/real"));
    let mut groups = 0;
    for pair in &pairs {
        let d = diff(&pair.old, &pair.new);
        for e in d.paragraphs.iter().filter(|e| matches!(e.kind, Kind::Split | Kind::Merged)) {
            groups += 1;
            let texts = e
                .old
                .iter()
                .map(|&o| pair.old.paragraph_text(o - 1))
                .chain(e.new.iter().map(|&n| pair.new.paragraph_text(n - 1)));
            for t in texts {
                let words = communique::document::count_words(t);
                assert!(
                    words > 8 || t.trim_end().ends_with(['.', ';', ':', '!', '?']),
                    "{}: heading {t:?} glued into {:?} {:?} → {:?}",
                    pair.name,
                    e.kind,
                    e.old,
                    e.new
                );
            }
            // A sentence deleted and the same sentence inserted in one entry must say it moved.
            let sentences = |op: Op| -> Vec<String> {
                e.spans
                    .iter()
                    .filter(|s| s.op == op && s.moved().is_none())
                    .flat_map(|s| {
                        communique::document::sentences(&s.text)
                            .into_iter()
                            .map(|span| span.of(&s.text).trim().to_string())
                            .collect::<Vec<_>>()
                    })
                    .filter(|t| communique::document::count_words(t) >= 5)
                    .collect()
            };
            let deleted = sentences(Op::Delete);
            for s in sentences(Op::Insert) {
                assert!(!deleted.contains(&s), "{}: {s:?} deleted and inserted in {:?}", pair.name, e.new);
            }
        }
    }
    assert!(groups > 30, "splits and merges were checked ({groups})");
}

#[test]
fn a_sentence_moved_to_another_paragraph_says_where_it_went() {
    // The last sentence of a real FOMC paragraph moved to the head of the next one.
    let old = paragraphs(&text("fomc", "2014-09-17.txt"));
    let mut new = old.clone();
    let at = old[1].rfind(". ").unwrap() + 2;
    let moved = old[1][at..].to_string();
    new[1] = old[1][..at - 1].to_string();
    new[2] = format!("{moved} {}", old[2]);
    let env = TestEnv::new();
    let (a, b) = (env.file("old.txt", join(&old)), env.file("new.txt", join(&new)));
    let json: Diff = serde_json::from_str(&env.ok(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    let from = json.paragraphs.iter().flat_map(|e| &e.spans).find_map(|s| s.moved_from).expect("a move");
    let to = json.paragraphs.iter().flat_map(|e| &e.spans).find_map(|s| s.moved_to).expect("a move");
    let sentences = |p: &str| communique::document::sentences(p).len();
    assert_eq!((from.paragraph, from.sentence), (2, sentences(&old[1])));
    assert_eq!((to.paragraph, to.sentence), (3, 1));
    let text = env.ok(&["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--color", "never"]);
    let from_note = format!("(moved from ¶2, sentence {})", sentences(&old[1]));
    assert!(text.contains(&from_note) && text.contains("(moved to ¶3, sentence 1)"), "{text}");
}

#[test]
fn explain_says_why_each_entry_was_paired_or_left_alone() {
    let env = TestEnv::new();
    let root = common::repo().join("tests/golden/real/texts/fomc");
    let (a, b) = (root.join("2011-08-09.txt"), root.join("2011-09-21.txt"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    // Without --explain the JSON contract is as it was: no `why`.
    assert!(!env.ok(&["diff", a, b, "--format", "json"]).contains("\"why\""));
    let json: Diff = serde_json::from_str(&env.ok(&["diff", a, b, "--format", "json", "--explain"])).unwrap();
    for e in &json.paragraphs {
        let why = e.why.as_ref().unwrap_or_else(|| panic!("no why for {:?} {:?}", e.old, e.new));
        match e.kind {
            Kind::Inserted | Kind::Deleted => assert_eq!(why.rule, align::Rule::Unpaired),
            Kind::Split => {
                let pieces: Vec<usize> = why.pieces.iter().map(|p| p.paragraph).collect();
                assert_eq!(pieces, e.new, "every piece of the split is explained");
                assert!(why.pieces.iter().all(|p| p.contained > 0.0) && !why.shared.is_empty());
            }
            Kind::Merged => assert_eq!(why.pieces.iter().map(|p| p.paragraph).collect::<Vec<_>>(), e.old),
            Kind::Modified => assert!(why.similarity > 0.0 && !why.shared.is_empty()),
            Kind::Unchanged => {}
        }
    }
    insta::assert_snapshot!(
        "explain_fomc_2011_09",
        env.ok(&["diff", a, b, "--explain", "--color", "never", "--width", "100"])
            .replace(&*common::repo().to_string_lossy(), "REPO")
    );
}

/// The entry of a diff that holds old paragraph `old` (1-based): its kind and both sides.
fn entry_of(d: &Diff, old: usize) -> (Kind, Vec<usize>, Vec<usize>) {
    let e = d.paragraphs.iter().find(|e| e.old.contains(&old)).expect("every old paragraph has an entry");
    (e.kind, e.old.clone(), e.new.clone())
}

#[test]
fn a_one_line_preamble_grown_long_in_its_place_is_a_rewrite() {
    // Darfur 2009 → 2010: "Welcoming the important role of the African Union," became a long
    // paragraph on the AU's role, in the same place. It keeps most of its words but little of
    // the long paragraph's weight; it was shown deleted, and the long one inserted.
    let series = "unsc-unamid-darfur";
    let old = doc(&text(series, "2009-07-30-s-res-1881-2009.txt"));
    let new = doc(&text(series, "2010-07-30-s-res-1935-2010.txt"));
    assert_eq!(entry_of(&diff(&old, &new), 6), (Kind::Modified, vec![6], vec![9]));
}

#[test]
fn a_piece_one_paragraph_away_still_joins_its_merge() {
    // Darfur 2009 → 2010: operative 6 (¶18) and its sub-paragraphs (b) and (c) (¶20, ¶21) became
    // operative 8; sub-paragraph (a) (¶19) between them was dropped. ¶18 was shown deleted.
    let series = "unsc-unamid-darfur";
    let old = doc(&text(series, "2009-07-30-s-res-1881-2009.txt"));
    let new = doc(&text(series, "2010-07-30-s-res-1935-2010.txt"));
    assert_eq!(entry_of(&diff(&old, &new), 18), (Kind::Merged, vec![18, 20, 21], vec![23]));
}

#[test]
fn operatives_run_together_then_set_apart_and_renumbered_are_one_split() {
    // Western Sahara 2007 → 2008: operatives 4 to 10 stood in one paragraph (¶13); the next
    // resolution sets each apart, renumbered 5 to 11 (¶16 to ¶22). The numbers are where each
    // stands, not its wording: "11." in the new text is no reason to doubt it carries "10.".
    let series = "unsc-minurso-western-sahara";
    let old = doc(&text(series, "2007-10-31-s-res-1783-2007.txt"));
    let new = doc(&text(series, "2008-04-30-s-res-1813-2008.txt"));
    assert_eq!(entry_of(&diff(&old, &new), 13), (Kind::Split, vec![13], (16..=22).collect()));
}

#[test]
fn two_texts_that_hardly_correspond_have_no_rewrites_in_place() {
    // Côte d'Ivoire 2007 → 2008: a sanctions resolution, then a mandate renewal of the same
    // series. Operative 10 of each ("10. Requests the Group of Experts to provide a midterm
    // report…", "10. Requests the Secretary-General to keep it regularly informed…") stand in
    // the same place and share "report", "15 April 2008": they were paired as one rewritten.
    let series = "unsc-unoci-cote-divoire";
    let old = doc(&text(series, "2007-10-29-s-res-1782-2007.txt"));
    let new = doc(&text(series, "2008-01-15-s-res-1795-2008.txt"));
    let d = diff(&old, &new);
    for (o, n) in [(11, 12), (25, 25), (29, 27)] {
        assert_eq!(entry_of(&d, o), (Kind::Deleted, vec![o], vec![]), "old ¶{o}");
        assert!(d.paragraphs.iter().any(|e| e.kind == Kind::Inserted && e.new == [n]), "new ¶{n}");
    }
    // Where the texts do correspond, a paragraph rewritten in its place still pairs (the
    // Darfur preamble above, and this FOMC statement's opening, which kept few words).
    let fomc = |date: &str| doc(&text("fomc", &format!("{date}.txt")));
    assert_eq!(
        entry_of(&diff(&fomc("2011-06-22"), &fomc("2011-08-09")), 4),
        (Kind::Modified, vec![4], vec![4])
    );
}
