//! Themes: definitions read from `communique.toml`, the timeline checked against a brute-force
//! count on the real FOMC series, `diff --theme` and `themes A B` as a user sees them.

use crate::common;

use common::TestEnv;
use communique::document::{storage, word_keys, words};
use serde_json::Value;

/// Themes written the way a user would, with prefixes, multi-word terms and terms that
/// overlap (`funds rate`, `federal funds`, `federal funds rate`, `rate`).
const THEMES: &str = r#"
[themes.prices]
label = "Prices"
terms = ["inflation*", "price stability", "prices"]

[themes.jobs]
terms = ["maximum employment", "labor market*", "unemployment rate", "job*"]

[themes.rates]
label = "Rates"
terms = ["funds rate", "federal funds", "federal funds rate", "rate", "target range"]

[themes.crisis]
label = "Financial strains"
terms = ["financial*", "credit", "strains", "turmoil", "Lehman"]
series = ["fomc"]

[themes.elsewhere]
label = "Not for the FOMC"
terms = ["Daesh", "Committee"]
series = ["coalition"]
"#;

/// A temporary corpus with the FOMC statements of the shipped corpus and [`THEMES`].
fn fomc_with_themes(dates: Option<&[&str]>) -> TestEnv {
    let env = TestEnv::with_corpus();
    env.add_fomc(dates);
    env.append_settings(THEMES);
    env
}

/// A term as the brute force reads it: word keys, and whether each ends in `*`.
type Term = Vec<(String, bool)>;

fn term(text: &str) -> Term {
    words(text).map(|w| (word_keys(w.of(text)).remove(0), text[w.end..].starts_with('*'))).collect()
}

/// Brute force: mentions of `terms` in a paragraph's words, leftmost first, longest at a place.
fn mentions(terms: &[Term], paragraph: &[String]) -> usize {
    let matches_at = |t: &Term, i: usize| {
        i + t.len() <= paragraph.len()
            && t.iter().enumerate().all(|(j, (key, prefix))| {
                if *prefix { paragraph[i + j].starts_with(key.as_str()) } else { paragraph[i + j] == *key }
            })
    };
    let (mut count, mut i) = (0, 0);
    while i < paragraph.len() {
        match terms.iter().filter(|t| matches_at(t, i)).map(Vec::len).max() {
            Some(len) => {
                count += 1;
                i += len;
            }
            None => i += 1,
        }
    }
    count
}

#[test]
fn the_timeline_agrees_with_a_brute_force_count_on_every_fomc_statement() {
    let env = fomc_with_themes(None);
    let json: Value = serde_json::from_str(&env.ok(&["themes", "--format", "json"])).unwrap();
    assert_eq!(json["schema"], "communique.themes/1");
    // `elsewhere` applies to another series only.
    assert_eq!(json["themes"], serde_json::json!(["prices", "jobs", "rates", "crisis"]));
    let themes: Vec<(&str, Vec<Term>)> = vec![
        ("prices", ["inflation*", "price stability", "prices"].map(term).to_vec()),
        ("jobs", ["maximum employment", "labor market*", "unemployment rate", "job*"].map(term).to_vec()),
        (
            "rates",
            ["funds rate", "federal funds", "federal funds rate", "rate", "target range"].map(term).to_vec(),
        ),
        ("crisis", ["financial*", "credit", "strains", "turmoil", "Lehman"].map(term).to_vec()),
    ];
    let meetings = json["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 240);
    let mut checked = 0;
    for meeting in meetings {
        let id = meeting["id"].as_str().unwrap();
        let text = std::fs::read_to_string(env.corpus().join(format!("{id}.md"))).unwrap();
        let (_, body) = storage::split_front_matter(&text).unwrap();
        let paragraphs: Vec<Vec<String>> = storage::body_paragraphs(body).map(word_keys).collect();
        let total: usize = paragraphs.iter().map(Vec::len).sum();
        for (name, terms) in &themes {
            let per_paragraph: Vec<usize> = paragraphs.iter().map(|p| mentions(terms, p)).collect();
            let touching: Vec<usize> = (0..paragraphs.len()).filter(|&p| per_paragraph[p] > 0).collect();
            let words: usize = touching.iter().map(|&p| paragraphs[p].len()).sum();
            let got = &meeting["themes"][name];
            assert_eq!(got["mentions"], per_paragraph.iter().sum::<usize>(), "{id} {name}");
            assert_eq!(got["paragraphs"], touching.len(), "{id} {name}");
            assert_eq!(got["words"], words, "{id} {name}");
            let share = (words as f64 / total as f64 * 1e4).round() / 1e4;
            assert!((got["share"].as_f64().unwrap() - share).abs() < 1e-9, "{id} {name}");
            checked += usize::from(got["mentions"].as_u64().unwrap() > 0);
        }
    }
    assert!(checked > 500, "the themes should be mentioned often enough to test something: {checked}");
}

#[test]
fn timeline_as_text_and_markdown() {
    let env = fomc_with_themes(Some(&["2007-08-07", "2007-08-17", "2007-09-18", "2008-10-29", "2008-12-16"]));
    insta::assert_snapshot!("timeline_text", env.ok(&["themes"]));
    insta::assert_snapshot!(
        "timeline_md",
        env.ok(&["themes", "--format", "md", "--theme", "crisis", "--theme", "rates"])
    );
    let since = env.ok(&["themes", "--since", "2008-01-01", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&since).unwrap()["meetings"].as_array().unwrap().len(), 2);
}

#[test]
fn diff_keeps_the_entries_touching_a_theme_and_says_how_many_it_left_out() {
    let env = fomc_with_themes(Some(&["2008-10-29", "2008-12-16"]));
    let out = env.ok(&["diff", "fomc/2008-10-29", "fomc/2008-12-16", "--theme", "crisis"]);
    insta::assert_snapshot!("diff_theme_plain", out);
    let colored =
        env.ok(&["--color", "debug", "diff", "fomc/2008-10-29", "fomc/2008-12-16", "--theme", "crisis"]);
    insta::assert_snapshot!("diff_theme_colored", colored);

    let all: Value =
        serde_json::from_str(&env.ok(&["diff", "fomc/2008-10-29", "fomc/2008-12-16", "--format", "json"]))
            .unwrap();
    let json: Value = serde_json::from_str(&env.ok(&[
        "diff",
        "fomc/2008-10-29",
        "fomc/2008-12-16",
        "--format",
        "json",
        "--theme",
        "crisis",
    ]))
    .unwrap();
    // Without --theme every entry is kept, and names the themes it touches.
    assert!(all.get("filter").is_none());
    let entries = all["paragraphs"].as_array().unwrap();
    let touching: Vec<&Value> =
        entries.iter().filter(|e| e["themes"].as_array().unwrap().iter().any(|t| t == "crisis")).collect();
    assert!(!touching.is_empty() && touching.len() < entries.len());
    assert_eq!(json["paragraphs"].as_array().unwrap().len(), touching.len());
    assert_eq!(json["filter"]["themes"], serde_json::json!(["crisis"]));
    assert_eq!(json["filter"]["left_out"], entries.len() - touching.len());
    assert_eq!(json["stats"], all["stats"], "stats count the whole diff");
    for entry in entries {
        let text = format!("{}\n{}", entry_side(entry, "insert"), entry_side(entry, "delete"));
        let mentions_prices =
            ["inflation", "prices", "price stability"].iter().any(|t| text.to_lowercase().contains(t));
        let tagged = entry["themes"].as_array().unwrap().iter().any(|t| t == "prices");
        assert_eq!(tagged, mentions_prices, "{entry}");
    }
}

#[test]
fn a_theme_filtered_diff_counts_what_it_shows_and_says_when_it_shows_nothing() {
    let env = fomc_with_themes(Some(&["2008-10-29", "2008-12-16"]));
    let (a, b) = ("fomc/2008-10-29", "fomc/2008-12-16");
    let json: Value =
        serde_json::from_str(&env.ok(&["diff", a, b, "--format", "json", "--theme", "crisis"])).unwrap();
    let shown = json["paragraphs"].as_array().unwrap().len();
    let stat = env.ok(&["diff", a, b, "--stat", "--theme", "crisis"]);
    let totals: Vec<&str> = stat.lines().filter(|l| l.contains(" paragraph")).collect();
    // The totals describe the entries shown; the whole diff's are named as such.
    assert!(
        totals.iter().any(|l| l.trim_start().starts_with(&format!("shown: {shown} paragraph"))),
        "{stat}"
    );
    let whole = json["stats"]["modified"].as_u64().unwrap();
    assert!(
        stat.lines()
            .any(|l| l.trim_start().starts_with("whole diff: ") && l.contains(&format!("{whole} modified"))),
        "{stat}"
    );
    // A theme no changed paragraph touches: not "No differences.", the meetings differ.
    env.append_settings("\n[themes.gold]\nterms = [\"gold standard\"]\n");
    let out = env.ok(&["diff", a, b, "--theme", "gold"]);
    assert!(!out.contains("No differences."), "{out}");
    assert!(out.contains("No changed paragraph touches"), "{out}");
    let same = env.ok(&["diff", a, a, "--theme", "crisis"]);
    assert!(same.contains("No differences."), "{same}");
}

#[test]
fn diff_can_ask_for_a_theme_of_another_series() {
    let env = fomc_with_themes(Some(&["2008-10-29", "2008-12-16"]));
    let args = ["diff", "fomc/2008-10-29", "fomc/2008-12-16", "--format", "json"];
    let plain: Value = serde_json::from_str(&env.ok(&args)).unwrap();
    let all = plain["paragraphs"].as_array().unwrap();
    assert!(all.iter().all(|e| !e["themes"].as_array().unwrap().iter().any(|t| t == "elsewhere")));
    let asked: Value =
        serde_json::from_str(&env.ok(&[&args[..], &["--theme", "elsewhere"]].concat())).unwrap();
    let kept = asked["paragraphs"].as_array().unwrap();
    let with_committee = all.iter().filter(|e| e.to_string().contains("Committee")).count();
    assert!(with_committee > 0);
    assert_eq!(kept.len(), with_committee);
    // It is applied, and said to be another series' theme.
    let out = env.run(&[&args[..], &["--theme", "elsewhere"]].concat());
    assert!(
        out.stderr.contains(
            "warning: theme \"elsewhere\" is defined for coalition; fomc/2008-12-16 is in another series"
        ),
        "{}",
        out.stderr
    );
    assert!(!env.run(&[&args[..], &["--theme", "crisis"]].concat()).stderr.contains("warning"));
}

/// One side of a diff entry's text: the spans that are not `skip`.
fn entry_side(entry: &Value, skip: &str) -> String {
    entry["spans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] != skip)
        .map(|s| s["text"].as_str().unwrap())
        .collect()
}

#[test]
fn themes_compares_two_meetings_theme_by_theme() {
    let env = fomc_with_themes(Some(&["2008-10-29", "2008-12-16"]));
    insta::assert_snapshot!("compare_text", env.ok(&["themes", "fomc/2008-10-29", "fomc/2008-12-16"]));
    let json: Value =
        serde_json::from_str(&env.ok(&["themes", "fomc/2008-10-29", "fomc/2008-12-16", "--format", "json"]))
            .unwrap();
    assert_eq!(json["schema"], "communique.themes.compare/2");
    let crisis = json["themes"].as_array().unwrap().iter().find(|t| t["theme"] == "crisis").unwrap();
    assert!(crisis["words_added"].as_u64().unwrap() > 0);
    assert!(!crisis["new_sentences"].as_array().unwrap().is_empty());
    insta::assert_snapshot!(
        "compare_md",
        env.ok(&["themes", "fomc/2008-10-29", "fomc/2008-12-16", "--format", "md", "--theme", "rates"])
    );
}

#[test]
fn a_malformed_theme_names_the_file_and_line_and_changes_nothing() {
    let env = fomc_with_themes(Some(&["2008-10-29", "2008-12-16"]));
    let settings = env.corpus().join("communique.toml");
    let good = std::fs::read_to_string(&settings).unwrap();
    let line = good.lines().count() + 3;
    std::fs::write(&settings, format!("{good}\n[themes.bad]\nterms = [\"Af*rica\"]\n")).unwrap();
    let before = env.state();
    for args in [&["themes"][..], &["diff", "fomc:latest~1", "fomc:latest"], &["list"]] {
        let error = env.fails(args);
        assert!(error.starts_with("error: corpus/communique.toml: "), "{error}");
        assert!(error.contains(&format!("line {line}: theme \"bad\": term \"Af*rica\"")), "{error}");
        assert!(error.contains("can only end a word"), "{error}");
    }
    assert_eq!(env.state(), before);

    std::fs::write(&settings, format!("{good}\n[themes.bad]\nlabel = \"B\"\n")).unwrap();
    assert!(env.fails(&["themes"]).contains(&format!("line {}: missing field `terms`", line - 1)));
    std::fs::write(&settings, format!("{good}\n[themes.bad]\nterms = []\n")).unwrap();
    assert!(env.fails(&["themes"]).contains(&format!("line {line}: theme \"bad\": no terms")));
}

#[test]
fn naming_themes_and_series_wrongly_gets_a_clear_error() {
    let env = fomc_with_themes(Some(&["2008-10-29", "2008-12-16"]));
    let error = env.fails(&["themes", "--theme", "crises"]);
    assert!(
        error.contains("no theme \"crises\"") && error.ends_with("\nhint: did you mean \"crisis\"?"),
        "{error}"
    );
    let upper: Value =
        serde_json::from_str(&env.ok(&["themes", "--theme", "CRISIS", "--format", "json"])).unwrap();
    assert_eq!(upper["themes"], serde_json::json!(["crisis"]));
    let error = env.fails(&["diff", "fomc:latest~1", "fomc:latest", "--theme", "nope"]);
    assert!(error.ends_with("(it has: prices, jobs, rates, crisis, elsewhere)"), "{error}");
    assert!(env.fails(&["themes", "--series", "nope"]).contains("nope"));
    // Two series: the timeline needs to know which.
    let file = env.file("rome.txt", "The Coalition met in Rome. Daesh was discussed.");
    let add = ["add", "--series", "coalition", "--date", "2021-06-28", file.to_str().unwrap()];
    // A new series is recorded in communique.toml, whose theme edits are not committed yet:
    // refused rather than committed along or lost.
    let before = env.state();
    assert!(env.fails(&add).contains("communique.toml has uncommitted edits"));
    assert_eq!(env.state(), before);
    let git = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "Themes",
            "communique.toml",
        ])
        .current_dir(env.corpus())
        .env("HOME", env.path().join("home"))
        .status()
        .unwrap();
    assert!(git.success());
    env.ok(&add);
    let error = env.fails(&["themes"]);
    assert!(error.ends_with("2 series (coalition, fomc)\nhint: choose one with --series"), "{error}");
    let json: Value =
        serde_json::from_str(&env.ok(&["themes", "--series", "coalition", "--format", "json"])).unwrap();
    assert_eq!(json["themes"], serde_json::json!(["prices", "jobs", "rates", "elsewhere"]));
    assert_eq!(json["meetings"][0]["themes"]["elsewhere"]["mentions"], 1);
}

#[test]
fn a_new_corpus_has_commented_starter_themes_and_says_so() {
    let env = TestEnv::with_corpus();
    let settings = std::fs::read_to_string(env.corpus().join("communique.toml")).unwrap();
    assert!(settings.contains("#   [themes.africa]") && settings.contains("#   [themes.detainees]"));
    let file = env.file("a.txt", "Inflation rose.");
    env.ok(&["add", "--series", "s", "--date", "2020-01-01", file.to_str().unwrap()]);
    let error = env.fails(&["themes"]);
    assert!(error.contains("no themes are defined in") && error.contains("communique.toml"), "{error}");
    // Files compared without a corpus need one for --theme, and say so.
    let other = env.file("b.txt", "Inflation fell.");
    let bare = TestEnv::new();
    let out = bare.run(&["diff", file.to_str().unwrap(), other.to_str().unwrap(), "--theme", "x"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("--theme reads themes from a corpus"), "{}", out.stderr);
}

#[test]
fn the_shipped_corpus_defines_the_themes_its_series_call_for() {
    let corpus = common::repo().join("corpus");
    let workspace = communique::ops::Workspace::open(Some(&corpus)).unwrap();
    let names =
        |series: &str| workspace.themes_for(series).iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    for (series, wanted) in [
        (
            "coalition",
            &[
                "africa",
                "detainees",
                "iraq",
                "syria",
                "afghanistan",
                "stabilization",
                "financing",
                "propaganda",
                "civilians",
            ][..],
        ),
        ("fomc", &["inflation", "labor-market", "balance-sheet", "guidance", "risks"]),
        ("unami-iraq", &["political-process", "human-rights", "humanitarian", "kurdistan", "kuwait"]),
        ("amisom-somalia", &["al-shabaab", "piracy", "amisom-forces", "humanitarian", "arms-embargo"]),
    ] {
        let defined = names(series);
        for name in wanted {
            assert!(defined.iter().any(|d| d == name), "{series} lacks {name}: {defined:?}");
        }
    }
    // Every theme of every series is mentioned somewhere in it.
    let env = TestEnv::new();
    for series in ["coalition", "fomc", "unami-iraq", "amisom-somalia"] {
        let out = env
            .command()
            .arg("-C")
            .arg(&corpus)
            .args(["themes", "--series", series, "--format", "json"])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        for name in json["themes"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            let total: u64 = json["meetings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["themes"][name]["mentions"].as_u64().unwrap())
                .sum();
            assert!(total > 0, "{series}: theme {name} is never mentioned");
        }
    }
}

mod matching {
    use super::{Term, mentions, term};
    use communique::document::word_keys;
    use communique::themes::{Matcher, Scratch, Theme, parse_term};
    use proptest::prelude::*;

    const WORDS: &[&str] = &["lake", "chad", "Lake", "CHAD", "basin", "lakes", "ch", "the", "Chadian"];

    fn text() -> impl Strategy<Value = String> {
        let word = prop::sample::select(WORDS);
        let gap = prop::sample::select(&[" ", ", ", "/", " — ", "-", "\n\n"][..]);
        prop::collection::vec((word, gap), 0..30)
            .prop_map(|parts| parts.into_iter().map(|(w, g)| format!("{w}{g}")).collect())
    }

    fn terms() -> impl Strategy<Value = Vec<String>> {
        let word = prop::sample::select(&["lake", "chad", "ch*", "basin", "lake*", "the"][..]);
        prop::collection::vec(prop::collection::vec(word, 1..4).prop_map(|w| w.join(" ")), 1..4)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, rng_seed: proptest::test_runner::RngSeed::Fixed(1994), ..ProptestConfig::default() })]

        /// Mentions are the brute force's: per paragraph, leftmost first, the longest term at a
        /// word, never overlapping, each span the words of one term.
        #[test]
        fn mentions_match_the_brute_force(text in text(), terms in terms()) {
            let theme = Theme {
                name: "t".into(),
                label: "t".into(),
                terms: terms.iter().map(|t| parse_term(t).unwrap()).collect(),
                series: Vec::new(),
            };
            let found = Matcher::new(&[&theme]).text(&text, &mut Scratch::default());
            let parsed: Vec<Term> = terms.iter().map(|t| term(t)).collect();
            let expected: usize = text.split("\n\n").map(|p| mentions(&parsed, &word_keys(p))).sum();
            prop_assert_eq!(found.len(), expected);
            for pair in found.windows(2) {
                prop_assert!(pair[0].span.end <= pair[1].span.start);
            }
            for m in &found {
                let words = word_keys(m.span.of(&text));
                prop_assert!(!m.span.of(&text).contains("\n\n"));
                prop_assert!(parsed.iter().any(|t| t.len() == words.len() && mentions(std::slice::from_ref(t), &words) == 1));
            }
        }
    }
}

#[test]
fn the_timeline_columns_line_up_however_short_the_series() {
    // Series of 1, 3 and 12 meetings, each shorter than the head of the bars' column.
    let all = ["2008-09-16", "2008-10-29", "2008-12-16", "2009-01-28", "2009-03-18", "2009-04-29"];
    let more: Vec<&str> = all
        .iter()
        .copied()
        .chain(["2009-06-24", "2009-08-12", "2009-09-23", "2009-11-04", "2009-12-16", "2010-01-27"])
        .collect();
    for dates in [&all[..1], &all[..3], &more[..]] {
        let env = fomc_with_themes(Some(dates));
        let text = env.ok(&["themes", "--series", "fomc", "--width", "120"]);
        let lines: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("theme ")).collect();
        // A byte offset in characters.
        let column = |line: &str, at: usize| line[..at].chars().count();
        let head = lines[0];
        // Where each head after the bars starts, in characters, is where its values start.
        for name in ["latest", "change", "mentions", "peak", "first", "last"] {
            let at = column(head, head.find(name).unwrap());
            for row in &lines[1..] {
                let cell: String = row.chars().skip(at).take(1).collect();
                let before: String = row.chars().skip(at - 2).take(2).collect();
                assert!(cell != " " && before == "  ", "{name} of {} meetings:\n{text}", dates.len());
            }
        }
    }
}
