//! `changes`: the change sizes of the shipped FOMC series as a user sees them, checked against
//! brute force (every consecutive pair compared as `diff --ignore-typography` compares it), the
//! per-pair cache, a real outlier verified by reading, and the chart in reports and on the site.

use crate::common;

use common::TestEnv;
use communique::ops::{self, Changes, DiffOptions, Input, Workspace};

/// The shipped corpus, copied to `<tmp>/corpus` as a repository of its own.
fn shipped() -> TestEnv {
    let env = TestEnv::new();
    common::corpus_copy(&env, &env.corpus());
    env
}

#[test]
fn the_fomc_series_as_text_and_json() {
    let env = shipped();
    let out = env.run(&["changes", "--series", "fomc", "--color", "never"]);
    insta::assert_snapshot!("changes_fomc_text", out.snapshot());
    // A window: its first meeting compared with the one before it, out of the window.
    let out = env.run(&[
        "changes",
        "--series",
        "fomc",
        "--since",
        "2008-09-01",
        "--until",
        "2009-06-30",
        "--format",
        "json",
    ]);
    insta::assert_snapshot!("changes_fomc_2008_2009_json", out.snapshot());
    let window: Changes = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(window.changes[0].previous, "fomc/2008-08-05");
    assert_eq!(window.meetings, window.changes.len());
    // The whole series reads back into the model.
    let all: Changes =
        serde_json::from_str(&env.ok(&["changes", "--series", "fomc", "--format", "json"])).unwrap();
    assert_eq!((all.schema.as_str(), all.meetings, all.changes.len()), ("communique.changes/1", 240, 239));
}

/// Every consecutive pair of the shipped FOMC series: what `changes` reports is what the
/// engine's diff (with typography-only paragraphs unchanged) counts, and what the binary's
/// `diff --format json` says for a few of them.
#[test]
fn every_change_is_what_diff_counts() {
    let env = shipped();
    let answer: Changes =
        serde_json::from_str(&env.ok(&["changes", "--series", "fomc", "--format", "json"])).unwrap();
    let ws = Workspace::open(Some(&env.corpus())).unwrap();
    let ids: Vec<String> = ops::list(&ws, Some("fomc")).unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(answer.changes.len(), ids.len() - 1);
    let options = DiffOptions { ignore_typography: true, ..DiffOptions::default() };
    let side = |arg: &str| Input { arg: arg.to_string(), file: false };
    for (pair, change) in ids.windows(2).zip(&answer.changes) {
        assert_eq!((&change.previous, &change.id), (&pair[0], &pair[1]));
        let diff = ops::diff(&side(&pair[0]), &side(&pair[1]), &options, &|| Ok(&ws)).unwrap().diff;
        let s = diff.stats;
        assert_eq!(
            (change.words_inserted, change.words_deleted),
            (s.words_added, s.words_removed),
            "{}",
            change.id
        );
        let p = change.paragraphs;
        assert_eq!(
            (p.modified, p.inserted, p.deleted, p.split, p.merged, p.moved, p.unchanged),
            (s.modified, s.inserted, s.deleted, s.split, s.merged, s.moved, s.unchanged),
            "{}",
            change.id
        );
        let total = (change.words + change.previous_words) as f64;
        assert!((change.similarity - (1.0 - change.size as f64 / total)).abs() < 1e-4, "{}", change.id);
    }
    for id in ["fomc/2008-12-16", "fomc/2020-03-23", "fomc/2026-09-16"] {
        let change = answer.get(id).unwrap();
        let json: serde_json::Value = serde_json::from_str(&env.ok(&[
            "diff",
            &change.previous,
            id,
            "--ignore-typography",
            "--format",
            "json",
        ]))
        .unwrap();
        assert_eq!(json["stats"]["words_added"], change.words_inserted, "{id}");
        assert_eq!(json["stats"]["words_removed"], change.words_deleted, "{id}");
    }
}

/// Read: the statement of 23 March 2020 (unscheduled, at the start of the pandemic) drops the
/// three paragraphs on the economy of 15 March and is the Committee's new programme of
/// purchases and its directive to the Desk: the largest rewrite of the series.
#[test]
fn the_march_2020_emergency_statement_is_the_largest_rewrite() {
    let env = shipped();
    let answer: Changes =
        serde_json::from_str(&env.ok(&["changes", "--series", "fomc", "--format", "json"])).unwrap();
    assert_eq!(answer.outliers.first().map(String::as_str), Some("fomc/2020-03-23"));
    let change = answer.get("fomc/2020-03-23").unwrap();
    assert!(change.outlier && change.score >= ops::changes::OUTLIER_SCORE);
    assert_eq!(change.paragraphs.deleted, 3);
    assert!(answer.outliers.len() <= ops::changes::MOST_OUTLIERS);
    // Every change named is an outlier, and none left out is larger than one named.
    let smallest = answer.outliers.iter().map(|id| answer.get(id).unwrap().size).min().unwrap();
    for c in &answer.changes {
        assert_eq!(c.outlier, c.score >= ops::changes::OUTLIER_SCORE);
        if c.outlier && !answer.outliers.contains(&c.id) {
            assert!(c.size <= smallest);
        }
    }
    let text = env.ok(&["changes", "--series", "fomc", "--color", "never"]);
    assert!(text.contains("Largest rewrites: fomc/2020-03-23 (+489 −572: 1061 words"), "{text}");
}

/// The counts are kept per pair of texts: a second run reads them, a damaged cache is only
/// slower, an edited meeting is compared again.
#[test]
fn the_cache_changes_speed_never_the_answer() {
    let env = shipped();
    let args = ["changes", "--series", "unami-iraq", "--format", "json"];
    let first = env.ok(&args);
    let cache = env.corpus().join(".git/communique/stats/unami-iraq.bin");
    assert!(cache.is_file());
    assert_eq!(env.ok(&args), first);
    let mut bytes = std::fs::read(&cache).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&cache, &bytes).unwrap();
    assert_eq!(env.ok(&args), first);
    // The latest meeting edited: its change is counted again.
    let ws = Workspace::open(Some(&env.corpus())).unwrap();
    let latest = ops::list(&ws, Some("unami-iraq")).unwrap().pop().unwrap().id;
    let file = env.corpus().join(format!("{latest}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{}\n\nA new closing paragraph of seven words.\n", text.trim_end()))
        .unwrap();
    let edited: Changes = serde_json::from_str(&env.ok(&args)).unwrap();
    let before: Changes = serde_json::from_str(&first).unwrap();
    let (old, new) = (before.get(&latest).unwrap(), edited.get(&latest).unwrap());
    assert_eq!(new.words_inserted, old.words_inserted + 7);
    assert_eq!(new.words, old.words + 7);
}

#[test]
fn several_series_need_one_named() {
    let env = shipped();
    let message = env.fails(&["changes"]);
    assert!(message.contains("series") && message.contains("--series"), "{message}");
    let message = env.fails(&["changes", "--series", "fmoc"]);
    assert!(message.contains("fomc"), "{message}");
    let out = env.ok(&["changes", "--series", "fomc", "--since", "2030-01-01", "--color", "never"]);
    assert_eq!(out, "No change between meetings of fomc in that range.\n");
}

#[test]
fn markdown_and_color_labels() {
    let env = shipped();
    let md = env.ok(&["changes", "--series", "fomc", "--format", "md"]);
    assert!(md.starts_with("## Changes: `fomc`\n\nChange size, words inserted + deleted: `"), "{md}");
    assert!(
        md.contains("| 2020-03-23 | `fomc/2020-03-23` | +489 | −572 | 16.4% | 12 | 0 | +8.7 | ◆ |"),
        "{md}"
    );
    assert!(md.contains("\nLargest rewrites: fomc/2020-03-23 (+489 −572: 1061 words"), "{md}");
    // The outlier rule weighs the changes shown: within 2020 alone, the median is larger and
    // March 23 no outlier.
    let window: Changes = serde_json::from_str(&env.ok(&[
        "changes",
        "--series",
        "fomc",
        "--since",
        "2020-01-01",
        "--until",
        "2020-12-31",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(!window.get("fomc/2020-03-23").unwrap().outlier);
    let debug = env.ok(&["changes", "--series", "fomc", "--color", "debug"]);
    assert!(debug.contains("<<changes.outlier::"), "{debug}");
    assert!(debug.contains("<<changes.bars::"), "{debug}");
}

/// A report of a change in HTML charts the series' change sizes with the reported change
/// marked; in Markdown a sparkline line; in JSON the data.
#[test]
fn a_report_charts_the_change_among_the_series() {
    let env = shipped();
    let html = env.ok(&["report", "fomc/2020-03-15", "fomc/2020-03-23", "--format", "html"]);
    let section = html.split("<section id=\"changes\">").nth(1).expect("a change-size section");
    let section = section.split("</section>").next().unwrap();
    assert!(section.contains("<svg"), "{section}");
    assert!(section.contains("class=\"marked\""), "{section}");
    assert!(
        section.contains("<title>this report&#39;s later meeting: fomc/2020-03-23 (+489 −572)</title>"),
        "{section}"
    );
    assert!(section.contains("an outlier"), "{section}");
    let md = env.ok(&["report", "fomc/2020-03-15", "fomc/2020-03-23", "--format", "md"]);
    assert!(md.contains("\nChange size, words inserted + deleted: `"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["report", "fomc/2020-03-15", "fomc/2020-03-23", "--format", "json"]))
            .unwrap();
    let changes = &json["changes"]["changes"];
    // The series up to the later meeting.
    assert_eq!(changes.as_array().unwrap().last().unwrap()["id"], "fomc/2020-03-23");
}

/// The site's series page charts the change sizes from the counts of its change pages, and a
/// second run with nothing changed rewrites nothing.
#[test]
fn the_series_page_charts_its_changes() {
    let env = shipped();
    env.ok(&["site", "-o", "site", "--series", "unami-iraq"]);
    let page = std::fs::read_to_string(env.path().join("site/unami-iraq/index.html")).unwrap();
    let section = page.split("<section id=\"changes\">").nth(1).expect("a change-size section");
    assert!(section.find("<svg").unwrap() < section.find("</section>").unwrap());
    assert!(page.find("id=\"changes\"").unwrap() < page.find("id=\"meetings\"").unwrap());
    // The sizes charted are those of `changes`.
    let answer: Changes =
        serde_json::from_str(&env.ok(&["changes", "--series", "unami-iraq", "--format", "json"])).unwrap();
    let first = &answer.changes[0];
    assert!(section.contains(&format!(
        "<title>{}: +{} −{}</title>",
        first.id, first.words_inserted, first.words_deleted
    )));
    let again = env.run(&["site", "-o", "site", "--series", "unami-iraq"]);
    assert!(again.stderr.starts_with("Wrote 0 of "), "{}", again.stderr);
}
