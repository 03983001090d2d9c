//! Signals on the shipped series: watched phrases (`watchlist`, and the line `diff`, `report`
//! and the site open with) against a brute force, and the figures that changed on every
//! consecutive pair of the FOMC, UNAMI and AMISOM series against a brute force of the numbers
//! that appear or vanish.

use std::collections::BTreeSet;

use crate::common::{self, TestEnv, corpus_copy};
use communique::align::{self, Options};
use communique::document::{Document, storage, word_keys};
use communique::signals::figures::changed_figures;
use serde_json::Value;

/// The shipped corpus (with its watched phrases) copied into a temporary folder.
fn shipped() -> TestEnv {
    let env = TestEnv::new();
    corpus_copy(&env, &env.path().join("corpus"));
    env
}

/// The meetings of a shipped series, in date order, as stored.
fn series(name: &str) -> Vec<(String, Document)> {
    let dir = common::repo().join("corpus").join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.file_name().unwrap() != "SOURCE.md")
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let id = format!("{name}/{}", p.file_stem().unwrap().to_string_lossy());
            (id, storage::parse(&std::fs::read_to_string(p).unwrap()).unwrap())
        })
        .collect()
}

/// Brute force: whether a paragraph's words hold the phrase's words in a row.
fn holds(document: &Document, phrase: &str) -> bool {
    let wanted = word_keys(phrase);
    document.paragraph_texts().any(|p| word_keys(p).windows(wanted.len()).any(|w| w == wanted.as_slice()))
}

#[test]
fn watchlist_agrees_with_a_brute_force_on_fomc_unami_and_amisom() {
    let env = shipped();
    let mut checked = 0;
    for name in ["fomc", "unami-iraq", "amisom-somalia"] {
        let json: Value =
            serde_json::from_str(&env.ok(&["watchlist", "--series", name, "--format", "json"])).unwrap();
        assert_eq!(json["schema"], "communique.watchlist/1");
        let meetings = series(name);
        let ids: Vec<&str> =
            json["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
        assert_eq!(ids, meetings.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>());
        for watch in json["watches"].as_array().unwrap() {
            for phrase in watch["phrases"].as_array().unwrap() {
                let text = phrase["phrase"].as_str().unwrap();
                let present: Vec<bool> =
                    phrase["present"].as_array().unwrap().iter().map(|p| p.as_bool().unwrap()).collect();
                let brute: Vec<bool> = meetings.iter().map(|(_, doc)| holds(doc, text)).collect();
                assert_eq!(present, brute, "{name}: {text}");
                // Each stretch enters where the phrase appears and leaves where it goes.
                let entered: Vec<&str> = phrase["spells"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["entered"]["id"].as_str().unwrap())
                    .collect();
                let brute_entered: Vec<&str> = (0..brute.len())
                    .filter(|&i| brute[i] && (i == 0 || !brute[i - 1]))
                    .map(|i| meetings[i].0.as_str())
                    .collect();
                assert_eq!(entered, brute_entered, "{name}: {text}");
                checked += present.iter().filter(|&&p| p).count();
            }
        }
    }
    assert!(checked > 150, "the watched phrases should be present often enough to test something: {checked}");
    // A window starting in a stretch says where the stretch entered, before the window.
    let json: Value = serde_json::from_str(&env.ok(&[
        "watchlist",
        "--series",
        "fomc",
        "--since",
        "2016-01-01",
        "--format",
        "json",
    ]))
    .unwrap();
    let phrases = json["watches"][0]["phrases"].as_array().unwrap();
    let some_time = phrases.iter().find(|p| p["phrase"] == "for some time").unwrap();
    assert_eq!(some_time["spells"][0]["entered"]["id"], "fomc/2014-03-19");
    assert_eq!(some_time["spells"][0]["left"]["id"], "fomc/2018-06-13");
    assert_eq!(some_time["present"].as_array().unwrap().len(), json["meetings"].as_array().unwrap().len());
    assert_eq!(json["meetings"][0]["id"], "fomc/2016-01-27");
}

#[test]
fn diff_report_and_stat_open_with_the_watched_phrases_that_moved() {
    let env = shipped();
    let run = |args: &[&str]| env.ok(&[&["--color", "never"][..], args].concat());
    // "patient" left in March 2015; in December 2014 it came back, first seen in January 2004.
    let out = run(&["diff", "fomc/2015-01-28", "fomc/2015-03-18"]);
    assert_eq!(out.lines().nth(2), Some("Watched: − \"patient\""), "{out}");
    let out = run(&["diff", "fomc/2014-10-29", "fomc/2014-12-17"]);
    assert!(out.contains("+ \"patient\" (first seen 2004-01-28)"), "{out}");
    // A phrase new to the series says so.
    let out = run(&["diff", "fomc/2022-01-26", "fomc/2022-03-16", "--stat"]);
    assert!(out.contains("+ \"ongoing increases\" (new to the series)"), "{out}");
    insta::assert_snapshot!("stat_latest", run(&["diff", "fomc:latest~1", "fomc:latest", "--stat"]));
    let report = run(&["report", "fomc/2015-01-28", "fomc/2015-03-18"]);
    let signals = report.find("## Signals").expect("a signals section");
    assert!(signals < report.find("## Summary").unwrap(), "the signals come first");
    assert!(report.contains("Watched: − \"patient\""), "{report}");
    let json: Value =
        serde_json::from_str(&run(&["diff", "fomc/2015-01-28", "fomc/2015-03-18", "--format", "json"]))
            .unwrap();
    let patient = json["watched"].as_array().unwrap().iter().find(|w| w["phrase"] == "patient").unwrap();
    assert_eq!((patient["old"].as_bool(), patient["new"].as_bool()), (Some(true), Some(false)));
    // Two files compared have no series to watch.
    let a = env.file("a.txt", "The Committee can be patient.");
    let b = env.file("b.txt", "The Committee will act.");
    let out = env.ok(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(!out.contains("Watched"), "{out}");
}

#[test]
fn figures_of_the_latest_fomc_change_in_stat_report_and_json() {
    let env = shipped();
    let run = |args: &[&str]| env.ok(&[&["--color", "never"][..], args].concat());
    let json: Value =
        serde_json::from_str(&run(&["diff", "fomc/2026-07-29", "fomc/2026-09-16", "--format", "json"]))
            .unwrap();
    let figures: Vec<(String, String)> = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["old"].as_str().unwrap_or("").to_string(), f["new"].as_str().unwrap_or("").to_string()))
        .collect();
    assert!(figures.contains(&("9 – 3".into(), "12 – 0".into())), "{figures:?}");
    assert!(figures.contains(&("3-1/2 to 3-3/4 percent".into(), "3-3/4 to 4 percent".into())), "{figures:?}");
    let html = run(&["report", "fomc/2026-07-29", "fomc/2026-09-16", "--format", "html"]);
    assert!(html.contains("<caption>Figures that changed</caption>"), "the HTML report lists them");
    assert!(html.contains("<td>3-1/2 to 3-3/4 percent</td><td>3-3/4 to 4 percent</td>"));
}

/// Numbers as a brute force reads them: runs of digits with the separators inside them.
fn numbers(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inside = matches!(c, ',' | '.' | '/')
            && !current.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || inside {
            current.push(c);
        } else if !current.is_empty() {
            out.insert(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.insert(current);
    }
    out
}

#[test]
fn figures_agree_with_a_brute_force_on_every_consecutive_pair() {
    let (mut vanished, mut covered, mut reported) = (0, 0, 0);
    for name in ["fomc", "unami-iraq", "amisom-somalia"] {
        let meetings = series(name);
        for pair in meetings.windows(2) {
            let ((old_id, old), (new_id, new)) = (&pair[0], &pair[1]);
            let diff = align::diff(old, new, Default::default(), Default::default(), &Options::default());
            let figures = changed_figures(&diff.paragraphs.iter().collect::<Vec<_>>());
            for f in &figures {
                reported += 1;
                // Each value stands in the paragraph it names, and a pair is a change.
                if let (Some(value), Some(p)) = (&f.old, f.old_paragraph) {
                    assert!(old.paragraph_text(p - 1).contains(value.as_str()), "{old_id} ¶{p}: {value}");
                }
                if let (Some(value), Some(p)) = (&f.new, f.new_paragraph) {
                    assert!(new.paragraph_text(p - 1).contains(value.as_str()), "{new_id} ¶{p}: {value}");
                }
                assert!(f.old.is_some() || f.new.is_some());
                assert_ne!(f.old, f.new, "{old_id} → {new_id}");
            }
            // Brute force: a number of one meeting that the other does not hold anywhere
            // changed; the figures should name it (unless it is a reference: a resolution's
            // number, a document symbol, a paragraph).
            let (in_old, in_new) = (numbers(old.text()), numbers(new.text()));
            for (mine, theirs, side) in [(&in_old, &in_new, true), (&in_new, &in_old, false)] {
                for number in mine.difference(theirs) {
                    let text = if side { old.text() } else { new.text() };
                    let reference = ["resolution ", "resolutions ", "S/", "paragraph ", "paragraphs "]
                        .iter()
                        .any(|r| text.contains(&format!("{r}{number}")))
                        || text.contains(&format!("({number})"))
                        || text.match_indices(&format!("{number} (")).any(|(at, m)| {
                            let after = &text[at + m.len()..];
                            after.len() > 5
                                && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                                && after.as_bytes()[4] == b')'
                        });
                    if reference {
                        continue;
                    }
                    vanished += 1;
                    let named = figures.iter().any(|f| {
                        let value = if side { &f.old } else { &f.new };
                        value.as_deref().is_some_and(|v| numbers(v).contains(number))
                    });
                    if named {
                        covered += 1;
                    } else {
                        println!(
                            "{old_id} → {new_id}: {} {number} not named",
                            if side { "old" } else { "new" }
                        );
                    }
                }
            }
        }
    }
    let coverage = covered as f64 / vanished.max(1) as f64;
    println!(
        "{covered} of {vanished} numbers that appeared or vanished named ({coverage:.3}); {reported} figures"
    );
    assert!(vanished > 500, "enough numbers change to test something: {vanished}");
    assert!(coverage >= 0.78, "coverage fell to {coverage:.3}, under its floor 0.78");
}
