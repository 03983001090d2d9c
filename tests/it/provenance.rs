//! Word provenance (`annotate --words`) against WikiWho's explained toy history
//! (`tests/data/wikiwho-toy/`): 28 revisions of a one-paragraph article, with the revision that
//! introduced every token of every revision given by hand.

use std::collections::BTreeMap;

use crate::common::{self, TestEnv};

/// The gold: per revision, its tokens (as the sheet writes them) and their origin revisions.
fn gold() -> BTreeMap<usize, Vec<(String, usize)>> {
    let csv =
        std::fs::read_to_string(common::repo().join("tests/data/wikiwho-toy/expected_token_authorship.csv"))
            .unwrap();
    let mut out: BTreeMap<usize, Vec<(String, usize)>> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        // rev_id,editor,"action, …",token_position,token,author,origin,deleted: the action is
        // the only quoted field, so the fields after it are read from the end.
        let (rev, rest) = line.split_once(',').unwrap();
        let fields: Vec<&str> = rest.rsplitn(5, ',').collect();
        let (origin, token) = (fields[1], fields[3]);
        out.entry(rev.parse().unwrap()).or_default().push((token.to_string(), origin.parse().unwrap()));
    }
    out
}

/// Whether a sheet token is a word token of communique (punctuation is not: docs/DESIGN.md
/// "Words").
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

#[test]
fn word_origins_agree_with_wikiwho_on_every_revision_of_its_toy_history() {
    let env = TestEnv::with_corpus();
    let revisions = common::repo().join("tests/data/wikiwho-toy/revisions");
    let date = |rev: usize| format!("2002-12-{:02}", rev + 1);
    let mut paths = Vec::new();
    for rev in 0..28 {
        let text = std::fs::read_to_string(revisions.join(format!("rev-{rev:02}.txt"))).unwrap();
        paths.push(env.file(&format!("{}.txt", date(rev)), text).to_str().unwrap().to_string());
    }
    let mut args = vec!["add", "--series", "toy"];
    args.extend(paths.iter().map(String::as_str));
    env.ok(&args);

    let gold = gold();
    assert_eq!(gold.len(), 28);
    let mut report = Vec::new();
    let (mut right, mut total) = (0, 0);
    for (&rev, tokens) in &gold {
        let json = env.ok(&["annotate", &format!("toy/{}", date(rev)), "--words", "--format", "json"]);
        let answer: serde_json::Value = serde_json::from_str(&json).unwrap();
        let words = answer["words"].as_array().unwrap();
        let expected: Vec<&(String, usize)> = tokens.iter().filter(|(t, _)| is_word(t)).collect();
        let found: Vec<String> = words.iter().map(|w| w["word"].as_str().unwrap().to_string()).collect();
        let wanted: Vec<String> = expected.iter().map(|(t, _)| t.clone()).collect();
        assert_eq!(found, wanted, "revision {rev}: the word tokens are the sheet's words");
        let mut misses = Vec::new();
        for (w, (token, origin)) in words.iter().zip(&expected) {
            let got = w["origin"]["id"].as_str().unwrap();
            if got != format!("toy/{}", date(*origin)) {
                misses.push(format!("{token}: {got} for revision {origin}"));
            }
        }
        right += expected.len() - misses.len();
        total += expected.len();
        let share = (expected.len() - misses.len()) as f64 / expected.len() as f64;
        if share < 0.95 {
            report.push(format!("revision {rev}: {:.0}% right; {misses:?}", share * 100.0));
        }
    }
    eprintln!("{right} of {total} word tokens right");
    assert!(report.is_empty(), "{right} of {total} words right:\n{}", report.join("\n"));
}

#[test]
fn words_are_written_as_runs_by_origin_in_plain_text_and_as_coloured_paragraphs() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2024-01-31", "2024-03-20", "2024-05-01"]));
    let plain = env.ok(&["annotate", "fomc/2024-05-01", "--words"]);
    insta::assert_snapshot!("annotate_words_plain", plain);
    let coloured = env.ok(&["--color", "debug", "annotate", "fomc/2024-05-01", "--words"]);
    insta::assert_snapshot!("annotate_words_debug", coloured);
    // Both views hold the whole text of every paragraph after its first word.
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["annotate", "fomc/2024-05-01", "--words", "--format", "json"]))
            .unwrap();
    let paragraphs = json["paragraphs"].as_array().unwrap();
    let mut unlabelled = coloured.replace(">>", "");
    for band in 0..5 {
        unlabelled = unlabelled.replace(&format!("<<annotate.age.{band}::"), "");
    }
    for (p, text) in paragraphs.iter().enumerate() {
        let text = text.as_str().unwrap();
        let squeezed = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(squeezed(&unlabelled).contains(&squeezed(text)), "¶{}", p + 1);
    }
    for w in json["words"].as_array().unwrap() {
        let p = w["paragraph"].as_u64().unwrap() as usize - 1;
        let (start, end) = (w["start"].as_u64().unwrap() as usize, w["end"].as_u64().unwrap() as usize);
        assert_eq!(&paragraphs[p].as_str().unwrap()[start..end], w["word"].as_str().unwrap());
    }
}
