//! `communique diff` end to end: references in a temporary corpus, plain files without one,
//! every output format, and the exit codes.

use crate::common;

use common::TestEnv;
use communique::align::{Diff, Kind};

const OLD: &str = "The Ministers met in Rome. They reaffirmed their shared determination to continue the fight against Daesh/ISIS.

The Ministers noted the 2021 Pledge Drive for Stabilization as an important means to help sustain the recovery of liberated areas.

The Coalition remains committed to promoting efforts to ensure that accused terrorists are treated appropriately.

In Syria, the Coalition stands with the Syrian people in support of a lasting political settlement.
";

const NEW: &str = "In Syria, the Coalition stands with the Syrian people in support of a lasting political settlement.

The Ministers met in Marrakech. They reaffirmed their shared determination to continue the fight against Daesh/ISIS.

The Ministers welcomed the 2022 Pledge Drive for Stabilization as an important means to help sustain the recovery of liberated areas.

The Ministers condemned the attacks against Coalition personnel in the strongest terms.
";

/// A corpus with the two texts as meetings of series `coalition`.
fn corpus() -> TestEnv {
    let env = TestEnv::with_corpus();
    let old = env.file("2021-06-28.txt", OLD);
    let new = env.file("2022-05-11.txt", NEW);
    env.ok(&["add", "--series", "coalition", "--slug", "rome", old.to_str().unwrap()]);
    env.ok(&["add", "--slug", "marrakech", new.to_str().unwrap()]);
    env
}

#[test]
fn text_redline_between_two_meetings() {
    let env = corpus();
    insta::assert_snapshot!(
        "text_redline_rome_marrakech",
        env.run(&["diff", "rome", "marrakech", "--width", "80"]).snapshot()
    );
}

#[test]
fn stat_and_markdown() {
    let env = corpus();
    insta::assert_snapshot!("stat", env.run(&["diff", "rome", "latest", "--stat"]).snapshot());
    insta::assert_snapshot!("markdown", env.run(&["diff", "rome", "latest", "--format", "md"]).snapshot());
}

#[test]
fn json_deserializes_into_the_model() {
    let env = corpus();
    let diff: Diff =
        serde_json::from_str(&env.ok(&["diff", "latest~1", "latest", "--format", "json"])).unwrap();
    assert_eq!(diff.schema, "communique.diff/1");
    assert_eq!(diff.old.id, "coalition/2021-06-28-rome");
    assert_eq!(diff.new.date.unwrap().to_string(), "2022-05-11");
    let entries: Vec<(Kind, bool, Vec<usize>, Vec<usize>)> =
        diff.paragraphs.iter().map(|e| (e.kind, e.moved, e.old.clone(), e.new.clone())).collect();
    assert_eq!(
        entries,
        [
            (Kind::Unchanged, true, vec![4], vec![1]),
            (Kind::Modified, false, vec![1], vec![2]),
            (Kind::Modified, false, vec![2], vec![3]),
            (Kind::Inserted, false, vec![], vec![4]),
            (Kind::Deleted, false, vec![3], vec![]),
        ]
    );
    assert_eq!(diff.stats.moved, 1);
    assert_eq!(diff.paragraphs[1].old_text(), OLD.split("\n\n").next().unwrap());
}

#[test]
fn files_need_no_corpus() {
    let env = TestEnv::new();
    let a = env.file("a.txt", OLD);
    let b = env.file("b.md", NEW);
    let out = env.ok(&["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--format", "json"]);
    let diff: Diff = serde_json::from_str(&out).unwrap();
    assert_eq!(diff.old.date, None);
    assert_eq!(diff.paragraphs.len(), 5);
    let html = env.file("c.html", "<p>The Ministers met in Rome.</p><p>They agreed.</p>");
    let plain = env.file("d.txt", "The Ministers met in Rome.\n\nThey agreed.\n");
    let out = env.run(&["diff", html.to_str().unwrap(), plain.to_str().unwrap(), "--exit-code"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("No differences."));
}

#[test]
fn exit_code_says_whether_they_differ() {
    let env = corpus();
    assert_eq!(env.run(&["diff", "rome", "marrakech"]).code, 0);
    assert_eq!(env.run(&["diff", "rome", "marrakech", "--exit-code"]).code, 1);
    assert_eq!(env.run(&["diff", "rome", "rome", "--exit-code"]).code, 0);
}

#[test]
fn context_and_full_show_unchanged_paragraphs() {
    let env = TestEnv::new();
    let text = |p2: &str| {
        format!("First paragraph stays.\n\n{p2}\n\nThird paragraph stays.\n\nFourth paragraph stays.\n")
    };
    let a = env.file("a.txt", text("The Committee decided to keep the rate."));
    let b = env.file("b.txt", text("The Committee decided to raise the rate."));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let folded = env.ok(&["diff", a, b]);
    assert!(folded.contains("¶1 = ¶1  First paragraph stays."));
    assert!(folded.contains("¶2 → ¶2  modified"));
    assert!(folded.contains("decided to [-keep-]{+raise+} the rate."));
    let context = env.ok(&["diff", a, b, "--context", "1"]);
    assert!(context.contains("\n¶3 → ¶3  unchanged\n    Third paragraph stays."), "{context}");
    assert!(context.contains("¶4 = ¶4  Fourth paragraph stays."));
    let full = env.ok(&["diff", a, b, "--full"]);
    assert!(full.contains("¶4 → ¶4  unchanged\n    Fourth paragraph stays."), "{full}");
}

#[test]
fn color_uses_styles_not_markers() {
    let env = TestEnv::new();
    let a = env.file("a.txt", "The Ministers noted the plan.\n");
    let b = env.file("b.txt", "The Ministers welcomed the plan.\n");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let colored = env.ok(&["diff", a, b, "--color", "always"]);
    assert!(colored.contains("\u{1b}["), "{colored:?}");
    assert!(!colored.contains("[-noted-]"));
    let plain = env.ok(&["diff", a, b]);
    assert!(plain.contains("[-noted-]{+welcomed+}"));
    assert!(!plain.contains('\u{1b}'));
    let forced = env.command().env("CLICOLOR_FORCE", "1").args(["diff", a, b]).output().unwrap();
    assert!(String::from_utf8(forced.stdout).unwrap().contains("\u{1b}["));
    let no_color =
        env.command().env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").args(["diff", a, b]).output().unwrap();
    assert!(!String::from_utf8(no_color.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn a_corrected_meeting_compares_with_its_earlier_text() {
    let env = corpus();
    let fixed = env.file("fixed.txt", NEW.replace("strongest terms", "strongest possible terms"));
    env.ok(&["add", "--date", "2022-05-11", "--slug", "marrakech", "--replace", fixed.to_str().unwrap()]);
    let diff: Diff =
        serde_json::from_str(&env.ok(&["diff", "marrakech@HEAD~1", "marrakech", "--format", "json"]))
            .unwrap();
    let changed: Vec<_> = diff.paragraphs.iter().filter(|e| e.is_change()).collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].kind, Kind::Modified);
    assert_eq!(diff.stats.words_added, 1);
    // The two sides are told apart: the earlier one by its revision, in text and JSON.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD~1"])
        .current_dir(env.corpus())
        .output()
        .unwrap();
    let short = String::from_utf8(head.stdout).unwrap().trim().to_string();
    let text = env.ok(&["diff", "marrakech@HEAD~1", "marrakech"]);
    let headers: Vec<&str> =
        text.lines().filter(|l| l.starts_with("--- ") || l.starts_with("+++ ")).collect();
    assert_eq!(headers.len(), 2, "{text}");
    assert_ne!(headers[0][4..], headers[1][4..], "{text}");
    assert!(headers[0].contains(&format!("@{short}")), "{text}");
    assert_eq!(diff.old.revision.as_deref().map(|r| &r[..7]), Some(short.as_str()));
    assert_eq!(diff.new.revision, None);
}

#[test]
fn bad_arguments_are_one_line_errors() {
    let env = corpus();
    assert_eq!(env.fails(&["diff", "rome", "nowhere.txt"]), "error: cannot read nowhere.txt: no such file");
    assert!(env.fails(&["diff", "rome", "paris"]).starts_with("error: no meeting matches \"paris\""));
    let out = env.run(&["diff", "rome", "marrakech", "--threshold", "2"]);
    assert_eq!(out.code, 2);
    let outside = TestEnv::new();
    let a = outside.file("a.txt", "Text.\n");
    assert!(outside.fails(&["diff", a.to_str().unwrap(), "latest"]).contains("no corpus here"));
}

#[test]
fn folded_lines_are_set_off_by_a_blank_line_as_blocks_are() {
    let env = TestEnv::new();
    let corpus = common::repo().join("corpus");
    let out = env
        .command()
        .arg("-C")
        .arg(&corpus)
        .args(["diff", "fomc/2024-01-31", "fomc/2024-03-20"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut runs = 0;
    for (i, line) in lines.iter().enumerate() {
        let folded = |l: &str| l.starts_with('¶') && l.contains(" = ¶");
        if folded(line) && !folded(lines[i - 1]) {
            runs += 1;
            assert_eq!(lines[i - 1], "", "a run of folded lines right under a block:\n{text}");
        }
    }
    assert!(runs > 0, "{text}");
}
