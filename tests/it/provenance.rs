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

/// Whether a sheet token is a word token of communique (punctuation is not; see
/// docs/DESIGN.md "Words").
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

/// Word Dice of two word lists, as multisets.
fn dice(a: &[String], b: &[String]) -> f64 {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut common = 0;
    for w in a {
        if let Some(at) = rest.iter().position(|x| *x == w) {
            rest.swap_remove(at);
            common += 1;
        }
    }
    2.0 * common as f64 / (a.len() + b.len()).max(1) as f64
}

/// A fresh corpus holding the series of `data` (a folder of `tests/data`) named `series`, each
/// from the folder of that name (its `.txt` files, in date order).
fn corpus_of(data: &str, series: &[&str]) -> TestEnv {
    let env = TestEnv::with_corpus();
    let data = common::repo().join("tests/data").join(data);
    for series in series {
        let mut files: Vec<String> = std::fs::read_dir(data.join(series))
            .unwrap()
            .map(|e| e.unwrap().path().to_str().unwrap().to_string())
            .filter(|p| p.ends_with(".txt"))
            .collect();
        files.sort();
        let mut args = vec!["add", "--series", series];
        args.extend(files.iter().map(String::as_str));
        env.ok(&args);
    }
    env
}

/// A corpus of two real series: the 1267 sanctions resolutions and the ISIL/Daesh ones.
fn terrorism_resolutions() -> TestEnv {
    corpus_of("across", &["1267-isil-sanctions", "isil-daesh"])
}

#[test]
fn across_names_the_language_resolution_2170_took_from_the_1267_resolutions() {
    use communique::document::{storage, word_keys};
    let env = terrorism_resolutions();
    let target = "isil-daesh/2014-08-15-s-res-2170-2014";
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["annotate", target, "--format", "json"];
        args.extend(extra);
        serde_json::from_str(&env.ok(&args)).unwrap()
    };
    // Alone, the first resolution of its series is all new.
    let alone = json(&[]);
    let sentences = alone["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 48);
    assert!(sentences.iter().all(|s| s["origin"]["id"] == target && s.get("from_series").is_none()));

    // The earlier 1267 resolutions, read independently: each one's sentences' words.
    let mut earlier: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    let mut stored: Vec<_> = std::fs::read_dir(env.corpus().join("1267-isil-sanctions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCE.md"))
        .collect();
    stored.sort();
    for path in stored {
        let doc = storage::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if doc.meta.date.to_string().as_str() >= "2014-08-15" {
            continue;
        }
        let mut words = Vec::new();
        for p in doc.paragraphs() {
            words.extend(p.sentences(&doc).iter().map(|s| word_keys(s.text(&doc))));
        }
        let id = format!("1267-isil-sanctions/{}", path.file_stem().unwrap().to_str().unwrap());
        earlier.push((id, words));
    }
    // A sentence is borrowed when an earlier 1267 sentence holds its wording or is at least 0.5
    // alike to it; it is then dated to a meeting that does.
    let across = json(&["--across"]);
    let mut borrowed = 0;
    for s in across["sentences"].as_array().unwrap() {
        let words = word_keys(s["text"].as_str().unwrap());
        // Alike: at least 0.5 by word Dice, with a run of 4 words in common (all, if fewer).
        let run = |sentence: &Vec<String>| {
            (1..=words.len())
                .rev()
                .find(|&n| words.windows(n).any(|w| sentence.windows(n).any(|x| x == w)))
                .unwrap_or(0)
        };
        let holds = |sentence: &Vec<String>| {
            dice(&words, sentence) >= 0.5 && run(sentence) >= 4.min(words.len())
                || words.len() >= 2 && sentence.windows(words.len()).any(|w| w == words.as_slice())
        };
        let expected = earlier.iter().any(|(_, sentences)| sentences.iter().any(holds));
        let origin = s["origin"]["id"].as_str().unwrap();
        assert_eq!(s.get("from_series").is_some(), expected, "{s}");
        if expected {
            borrowed += 1;
            assert_eq!(s["from_series"], "1267-isil-sanctions");
            let (_, there) = earlier.iter().find(|(id, _)| id == origin).expect("an earlier 1267 resolution");
            assert!(there.iter().any(holds), "{origin} lacks {s}");
        } else {
            assert_eq!(origin, target);
        }
    }
    assert!(borrowed >= 20, "{borrowed} sentences borrowed");
    let text = env.ok(&["annotate", target, "--across"]);
    assert!(
        text.contains(&format!(
            "{borrowed} sentences take language first used in another series: 1267-isil-sanctions {borrowed}."
        )),
        "{text}"
    );
}

#[test]
fn a_report_shows_where_each_word_comes_from_and_language_borrowed_from_another_series() {
    let env = terrorism_resolutions();
    let (old, new) = ("isil-daesh/2014-08-15-s-res-2170-2014", "isil-daesh/2014-09-24-s-res-2178-2014");
    let report: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", old, new, "--format", "json"])).unwrap();
    // Every word of the later meeting, in order, with its origin.
    let annotation: serde_json::Value =
        serde_json::from_str(&env.ok(&["annotate", new, "--words", "--format", "json"])).unwrap();
    assert_eq!(report["provenance"]["words"], annotation["words"]);
    assert_eq!(report["provenance"]["paragraphs"], annotation["paragraphs"]);
    // The corpus has two series: new language first written in the other is dated there.
    let firsts: Vec<&str> =
        report["new_language"].as_array().unwrap().iter().filter_map(|l| l["first"]["id"].as_str()).collect();
    assert!(firsts.iter().any(|id| id.starts_with("1267-isil-sanctions/")), "{firsts:?}");

    let html = env.ok(&["report", old, new, "--format", "html"]);
    let section = &html[html.find("<section id=\"provenance\">").expect("a provenance section")..];
    let section = &section[..section.find("</section>").unwrap()];
    let words = report["provenance"]["words"].as_array().unwrap();
    // One shaded run per change of origin within a paragraph, each naming its meeting.
    let mut runs = 0;
    let mut last: Option<(&serde_json::Value, &serde_json::Value)> = None;
    for w in words {
        let key = (&w["paragraph"], &w["origin"]["id"]);
        if last != Some(key) {
            runs += 1;
        }
        last = Some(key);
    }
    assert_eq!(section.matches(" title=\"first in ").count(), runs);
    // The shaded paragraphs are the meeting's paragraphs, whole.
    let shaded = &section[section.find("<p class=\"provenance\">").unwrap()..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in shaded.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    let text = text.replace("&amp;", "&");
    let paragraphs: Vec<&str> =
        report["provenance"]["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(text.trim_end(), paragraphs.join("\n"));
}

#[test]
fn a_sentence_first_written_inside_a_longer_one_is_dated_there_as_blame_dates_it() {
    for (series, sentence, earlier, later) in [
        ("ecb", "We are not pre-committing to a particular rate path.", "ecb/2024-04-11", "ecb/2024-06-06"),
        (
            "g7",
            "We reaffirm our unwavering support for Ukraine for as long as it takes.",
            "g7/2023-05-20-g7-hiroshima-leaders-communique",
            "g7/2024-06-14-g7-leaders-statement-8",
        ),
    ] {
        let env = corpus_of("contained", &[series]);
        let annotation: serde_json::Value =
            serde_json::from_str(&env.ok(&["annotate", later, "--format", "json"])).unwrap();
        let dated = annotation["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["text"] == sentence)
            .unwrap_or_else(|| panic!("{later} has {sentence:?}"));
        assert_eq!(
            (dated["origin"]["id"].as_str(), dated["similarity"].as_f64()),
            (Some(earlier), Some(1.0))
        );
        let blame: serde_json::Value =
            serde_json::from_str(&env.ok(&["blame", sentence, "--format", "json"])).unwrap();
        assert_eq!(blame["first"]["id"], earlier);
        // Not as a sentence of its own there: inside a longer one.
        assert_ne!(blame["first"]["sentence"], sentence);
    }
}

/// A clause split off a long sentence keeps its words' origins: an unrelated new sentence
/// sharing a few of the long sentence's words does not take them (found by review on the real
/// UNIFIL resolutions 488 and 501).
#[test]
fn a_clause_split_off_a_long_sentence_keeps_its_words() {
    let env = corpus_of(".", &["unifil"]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&[
        "annotate",
        "unifil/1982-02-25-s-res-501-1982",
        "--words",
        "--format",
        "json",
    ]))
    .unwrap();
    let paragraphs = json["paragraphs"].as_array().unwrap();
    let words = json["words"].as_array().unwrap();
    let clause = "That the Force \"shall not use force except in self-defence\"";
    let (p, at) = paragraphs
        .iter()
        .enumerate()
        .find_map(|(p, text)| text.as_str().unwrap().find(clause).map(|at| (p + 1, at)))
        .expect("the clause in resolution 501");
    let inside: Vec<&serde_json::Value> = words
        .iter()
        .filter(|w| {
            w["paragraph"] == p && (at..at + clause.len()).contains(&(w["start"].as_u64().unwrap() as usize))
        })
        .collect();
    assert_eq!(inside.len(), 11);
    for w in inside {
        assert_eq!(w["origin"]["id"], "unifil/1981-06-19-s-res-488-1981", "{w}");
    }
}

/// Every paragraph is shown whole in the words' views, one without words and the punctuation
/// before a paragraph's first word included (found by review).
#[test]
fn the_words_views_show_every_paragraph_whole() {
    let env = TestEnv::with_corpus();
    let file = env.file(
        "2024-01-01.txt",
        "Rates are unchanged.\n\n***\n\n(a) Monitor hostilities;\n\n\"Quoted\" text.\n",
    );
    env.ok(&["add", "--series", "s", file.to_str().unwrap()]);
    let plain = env.ok(&["annotate", "s:latest", "--words"]);
    for shown in ["│ ***", "│ (a) Monitor hostilities;", "│ \"Quoted\" text."] {
        assert!(plain.contains(shown), "{shown:?} in\n{plain}");
    }
    let html = env.ok(&["report", "s:latest", "s:latest", "--format", "html"]);
    assert!(html.contains("<p class=\"provenance\">***</p>"), "{html}");
    assert!(html.contains("&quot;Quoted&quot; text.</span>"), "{html}");
}
