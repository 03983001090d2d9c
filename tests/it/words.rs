//! Words as readers see them (issue 14): numbers whole, every script, one rule for diff, blame
//! and themes. These tests pin the findings on real text.

use crate::common::{self, TestEnv};
use serde_json::Value;

/// Whether a span boundary between `left` and `right` (texts of one side, in order) falls
/// inside a number as a reader sees it: `3-3` | `/4`, `4` | `-1/2`, `2` | `.5`, `1` | `,000`.
fn cuts_a_number(left: &str, right: &str) -> bool {
    let l: Vec<char> = left.chars().rev().take(2).collect();
    let r: Vec<char> = right.chars().take(2).collect();
    let (Some(&l0), Some(&r0)) = (l.first(), r.first()) else { return false };
    let digit = |c: Option<&char>| c.is_some_and(char::is_ascii_digit);
    let joiner = |c: char| matches!(c, '/' | '-' | '.' | ',' | '\u{2011}' | '\u{2044}');
    (l0.is_ascii_digit() && (r0.is_ascii_digit() || (joiner(r0) && digit(r.get(1)))))
        || (joiner(l0) && digit(l.get(1)) && r0.is_ascii_digit())
}

/// The boundaries of each side's pieces in a diff entry's spans that cut a number.
fn number_cuts(entry: &Value) -> Vec<String> {
    let spans = entry["spans"].as_array().unwrap();
    let mut cuts = Vec::new();
    for side in ["delete", "insert"] {
        let pieces: Vec<(&str, &str)> = spans
            .iter()
            .map(|s| (s["op"].as_str().unwrap(), s["text"].as_str().unwrap()))
            .filter(|(op, _)| *op == "equal" || *op == side)
            .collect();
        for pair in pieces.windows(2) {
            if pair[0].0 != pair[1].0 && cuts_a_number(pair[0].1, pair[1].1) {
                cuts.push(format!("{:?} | {:?}", pair[0].1, pair[1].1));
            }
        }
    }
    cuts
}

#[test]
fn the_check_sees_a_cut_number() {
    assert!(cuts_a_number("rate to 3-3", "/4 to"));
    assert!(cuts_a_number("to 4", "-1/2 percent"));
    assert!(cuts_a_number("to 1", "/4"));
    assert!(!cuts_a_number("to ", "3-1/2"));
    assert!(!cuts_a_number("percent", ". The"));
    assert!(!cuts_a_number("in 2014", ". The"));
}

/// Every consecutive pair of FOMC statements whose target range moved: no redline piece starts
/// or ends inside a number.
#[test]
fn fomc_rate_moves_are_never_cut_mid_number() {
    let env = TestEnv::new();
    let shipped = common::repo().join("corpus");
    let shipped = shipped.to_str().unwrap();
    let files = common::fomc_statements();
    let ids: Vec<String> =
        files.iter().map(|p| format!("fomc/{}", p.file_stem().unwrap().to_string_lossy())).collect();
    let mut cut = Vec::new();
    let mut pairs = 0;
    for pair in ids.windows(2) {
        let json: Value =
            serde_json::from_str(&env.ok(&["-C", shipped, "diff", &pair[0], &pair[1], "--format", "json"]))
                .unwrap();
        let moved = json["paragraphs"].as_array().unwrap().iter().any(|e| {
            e["spans"].as_array().unwrap().iter().any(|s| {
                s["op"] != "equal" && s["text"].as_str().unwrap().chars().any(|c| c.is_ascii_digit())
            })
        });
        if !moved {
            continue;
        }
        pairs += 1;
        for entry in json["paragraphs"].as_array().unwrap() {
            for c in number_cuts(entry) {
                cut.push(format!("{} → {}: {c}", pair[0], pair[1]));
            }
        }
    }
    assert!(pairs > 30, "{pairs} pairs with a number changed");
    assert!(cut.is_empty(), "{} cuts in {pairs} pairs:\n{}", cut.len(), cut.join("\n"));
}

#[test]
fn blame_finds_the_literal_phrase_not_a_number_s_tail() {
    let env = TestEnv::new();
    let shipped = common::repo().join("corpus");
    let args = ["-C", shipped.to_str().unwrap(), "blame", "2 percent inflation", "--format", "json"];
    let json: Value = serde_json::from_str(&env.ok(&args)).unwrap();
    assert_eq!(json["first"]["id"], "fomc/2014-03-19", "{}", json["first"]);
}

#[test]
fn decomposed_and_precomposed_accents_are_one_word() {
    let env = TestEnv::with_corpus();
    let file = env.file("2021-06-28.txt", "The final Communiqué was adopted.\n");
    env.ok(&["add", "--series", "s", file.to_str().unwrap()]);
    for phrase in ["Communiqué", "Communique\u{301}", "COMMUNIQUÉ"] {
        let out = env.run(&["blame", phrase, "--format", "json"]);
        assert_eq!(out.code, 0, "{phrase:?} not found: {}", out.stderr);
    }
}

/// A Chinese mandate renewal that changes twelve months to six: one modified paragraph whose
/// redline holds the changed characters only, not a deleted and an inserted paragraph.
#[test]
fn a_chinese_paragraph_changed_inside_a_run_is_modified() {
    let env = TestEnv::new();
    let a = env.file("a.txt", "安理会决定将联索援助团的任务期限延长十二个月，至2016年3月31日。\n");
    let b = env.file("b.txt", "安理会决定将联索援助团的任务期限延长六个月，至2016年3月31日。\n");
    let json: Value = serde_json::from_str(&env.ok(&[
        "diff",
        "--format",
        "json",
        "--",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]))
    .unwrap();
    let entries = json["paragraphs"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{json}");
    assert_eq!(entries[0]["kind"], "modified", "{json}");
    let changed = |op: &str| -> String {
        entries[0]["spans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["op"] == op)
            .map(|s| s["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!((changed("delete").as_str(), changed("insert").as_str()), ("十二", "六"), "{json}");
}

/// Two versions of a statement that differ in typography only: a non-breaking hyphen, curly
/// quotes, a no-break space.
fn typography_pair(env: &TestEnv) -> (String, String) {
    let a = env.file(
        "a.txt",
        "The agency mortgage-backed securities were \"held\" at 2 percent.\n\nInflation rose sharply in the second quarter of the year.\n",
    );
    let b = env.file(
        "b.txt",
        "The agency mortgage\u{2011}backed securities were \u{201C}held\u{201D} at 2\u{a0}percent.\n\nInflation fell sharply in the second quarter of the year.\n",
    );
    (a.to_str().unwrap().to_string(), b.to_str().unwrap().to_string())
}

#[test]
fn typography_only_changes_are_labelled_and_can_be_hidden() {
    let env = TestEnv::new();
    let (a, b) = typography_pair(&env);
    let text = env.ok(&["diff", "--", &a, &b]);
    assert!(text.contains("¶1 → ¶1  modified (typography only)"), "{text}");
    assert!(text.contains("¶2 → ¶2  modified  "), "a real change is not typography: {text}");
    let json: Value = serde_json::from_str(&env.ok(&["diff", "--format", "json", "--", &a, &b])).unwrap();
    let entries = json["paragraphs"].as_array().unwrap();
    assert_eq!(entries[0]["typography_only"], true, "{json}");
    assert!(entries[1].get("typography_only").is_none(), "only when true: {json}");

    let hidden = env.ok(&["diff", "--ignore-typography", "--", &a, &b]);
    assert!(
        hidden.contains("¶1 = ¶1  The agency mortgage\u{2011}backed"),
        "shown unchanged, as it now reads: {hidden}"
    );
    assert!(hidden.contains("¶2 → ¶2  modified"), "{hidden}");
    let json: Value =
        serde_json::from_str(&env.ok(&["diff", "--ignore-typography", "--format", "json", "--", &a, &b]))
            .unwrap();
    assert_eq!((json["stats"]["modified"].as_u64(), json["stats"]["unchanged"].as_u64()), (Some(1), Some(1)));
    // Nothing but typography: no difference at all.
    let c = env.file("c.txt", "The agency mortgage\u{2011}backed securities were \u{201C}held\u{201D} at 2\u{a0}percent.\n\nInflation rose sharply in the second quarter of the year.\n");
    let out = env.run(&["diff", "--ignore-typography", "--exit-code", "--", &a, c.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("No differences."), "{}", out.stdout);
    assert_eq!(env.run(&["diff", "--exit-code", "--", &a, c.to_str().unwrap()]).code, 1);
}

#[test]
fn a_report_lists_typography_only_changes_in_its_summary() {
    let env = TestEnv::with_corpus();
    let (a, b) = typography_pair(&env);
    env.ok(&["add", "--series", "s", "--date", "2020-01-01", &a]);
    env.ok(&["add", "--series", "s", "--date", "2020-02-01", &b]);
    let md = env.ok(&["report", "s:first", "s:latest"]);
    assert!(md.contains("Typography only (hyphens, dashes, quotes, spaces), shown unchanged: ¶1."), "{md}");
    let json: Value =
        serde_json::from_str(&env.ok(&["report", "s:first", "s:latest", "--format", "json"])).unwrap();
    assert_eq!(json["summary"]["typography_only"], serde_json::json!([1]));
    assert_eq!(json["redline"][0]["kind"], "unchanged", "{}", json["redline"]);
}
