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

/// The token rule of docs/DESIGN.md "Words", written again from the document and nothing else:
/// the keys of `text`'s tokens. (Normalize first — NFKC, a vulgar fraction after a digit as
/// `-N/M`, any hyphen `-`, the fraction slash `/` — then cut: a symbol, a number with its
/// joins, an ideograph, a run of letters, digits and marks.)
fn reference_keys(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut prepared = String::new();
    for c in text.chars() {
        let vulgar = matches!(c, '\u{BC}'..='\u{BE}' | '\u{2150}'..='\u{215E}');
        if vulgar && prepared.ends_with(|d: char| d.is_ascii_digit()) {
            prepared.push('-');
        }
        prepared.push(c);
    }
    let normal: Vec<char> = prepared
        .nfkc()
        .map(|c| match c {
            '\u{2044}' => '/',
            '\u{2010}' | '\u{2011}' => '-',
            c => c,
        })
        .collect();
    let ideograph = |c: char| {
        matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF | 0xFF66..=0xFF9D | 0x20000..=0x3FFFF)
    };
    let mark = |c: char| unicode_normalization::char::is_combining_mark(c);
    let at = |i: usize| normal.get(i).copied();
    let digit = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let digits_from = |i: usize| (i..).take_while(|&k| digit(k)).count();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < normal.len() {
        let c = normal[i];
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        if ideograph(c) {
            i += 1;
            while at(i).is_some_and(mark) {
                i += 1;
            }
            keys.push(normal[start..i].iter().collect::<String>().to_lowercase());
            continue;
        }
        // A symbol: capitals, then parts after slashes, one of them all digits.
        let caps = (i..).take_while(|&k| at(k).is_some_and(|c| c.is_ascii_uppercase())).count();
        if (1..=8).contains(&caps) && at(i + caps) == Some('/') {
            let mut end = i + caps;
            let mut parts = Vec::new();
            while at(end) == Some('/') {
                let mut n = (end + 1..)
                    .take_while(|&k| {
                        at(k).is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
                    })
                    .count();
                while n > 0 && at(end + n) == Some('.') {
                    n -= 1;
                }
                if n == 0 {
                    break;
                }
                parts.push(normal[end + 1..end + 1 + n].iter().collect::<String>());
                end += 1 + n;
            }
            let whole = !at(end).is_some_and(char::is_alphanumeric);
            if whole && parts.iter().any(|p| p.chars().all(|c| c.is_ascii_digit())) {
                keys.push(normal[start..end].iter().collect::<String>().to_lowercase());
                i = end;
                continue;
            }
        }
        // A word or a number: a run, and while it ends with a digit, its joins.
        loop {
            while at(i).is_some_and(|c| (c.is_alphanumeric() && !ideograph(c)) || mark(c)) {
                i += 1;
            }
            if !digit(i.wrapping_sub(1)) || i == start {
                break;
            }
            let all_digits = normal[start..i].iter().all(char::is_ascii_digit);
            let next = match at(i) {
                Some('.' | ',' | '/') if digit(i + 1) => Some(i + 1 + digits_from(i + 1)),
                Some('-')
                    if digits_from(i + 1) > 0
                        && at(i + 1 + digits_from(i + 1)) == Some('/')
                        && digit(i + 2 + digits_from(i + 1)) =>
                {
                    let s = i + 2 + digits_from(i + 1);
                    Some(s + digits_from(s))
                }
                Some('-')
                    if all_digits
                        && i - start == 4
                        && digits_from(i + 1) == 2
                        && at(i + 3) == Some('-')
                        && digits_from(i + 4) == 2 =>
                {
                    Some(i + 6)
                }
                Some(' ')
                    if all_digits
                        && digits_from(i + 1) == 1
                        && at(i + 2) == Some('/')
                        && matches!(at(i + 3), Some('2' | '3' | '4' | '8'))
                        && at(i + 1) < at(i + 3)
                        && !at(i + 4).is_some_and(char::is_alphanumeric) =>
                {
                    Some(i + 4)
                }
                _ => None,
            };
            match next {
                Some(n) => i = n,
                None => break,
            }
        }
        let token: String = normal[start..i].iter().collect();
        keys.push(token.to_lowercase().replace(' ', "-"));
    }
    keys
}

/// The reference's first appearance and every meeting that has `phrase` (paragraph numbers).
fn reference_blame(phrase: &str, meetings: &[communique::document::Meeting]) -> Vec<(String, usize)> {
    let wanted = reference_keys(phrase);
    meetings
        .iter()
        .filter_map(|m| {
            m.document.paragraph_texts().enumerate().find_map(|(p, text)| {
                reference_keys(text)
                    .windows(wanted.len())
                    .any(|w| w == wanted.as_slice())
                    .then(|| (m.id.clone(), p + 1))
            })
        })
        .collect()
}

/// Meetings that write the same things in their different forms.
fn variant_meetings() -> Vec<communique::document::Meeting> {
    use communique::document::{Document, Meeting, Meta};
    let texts = [
        (
            "2001-01-31",
            "The Committee bought $2\u{BE} billion of securities at 3\u{2011}1/2 percent. The Communique\u{301} was read.",
        ),
        (
            "2001-03-20",
            "The Committee bought $2-3/4 billion of securities at 3-1/2 percent. The Communiqué was read.",
        ),
        (
            "2001-05-15",
            "The Committee bought $2 3/4 billion of mortgage\u{2011}backed securities; the Coalition\u{2019}s S/RES/2233 (2015).",
        ),
        ("2001-06-27", "安理会决定将联索援助团的任务期限延长十二个月，至2016年3月31日。"),
        (
            "2001-08-21",
            "安理会决定将联索援助团的任务期限延长六个月。Le Conseil de sécurité décide; Совет Безопасности; مجلس الأمن.",
        ),
        (
            "2001-10-02",
            "Inflation at 6-1/2 percent, inflation expectations at 2 percent inflation, on 2001-10-02.",
        ),
    ];
    texts
        .iter()
        .map(|(date, text)| {
            let meta = Meta {
                series: "v".into(),
                date: date.parse().unwrap(),
                title: None,
                place: None,
                source: None,
            };
            Meeting {
                id: format!("v/{date}"),
                series: "v".into(),
                date: meta.date,
                document: Document::new(meta, [*text]),
            }
        })
        .collect()
}

#[test]
fn the_reference_rule_reads_the_documented_examples() {
    assert_eq!(reference_keys("to 3-3/4 and 2\u{BE}, 2 3/4"), ["to", "3-3/4", "and", "2-3/4", "2-3/4"]);
    assert_eq!(reference_keys("S/RES/2233 (2015); Daesh/ISIS"), ["s/res/2233", "2015", "daesh", "isis"]);
    assert_eq!(reference_keys("十二个月"), ["十", "二", "个", "月"]);
    assert_eq!(reference_keys("Communique\u{301}"), ["communiqué"]);
}

/// `blame` (the library's answer) agrees with the reference rule on numbers, fractions,
/// accents, typographic variants, symbols and ideographs, and on phrases sampled from every
/// FOMC statement.
#[test]
fn blame_and_grep_agree_with_the_reference_rule() {
    use communique::lineage::{self, Phrase};
    let variants = variant_meetings();
    let phrases = [
        "2 3/4 billion",
        "2-3/4 billion",
        "2\u{BE} billion",
        "3-1/2 percent",
        "Communiqué was read",
        "mortgage-backed securities",
        "Coalition's",
        "S/RES/2233",
        "十二个月",
        "延长六个月",
        "Conseil de sécurité",
        "Совет Безопасности",
        "مجلس الأمن",
        "2 percent inflation",
        "2001-10-02",
    ];
    for phrase in phrases {
        let expected = reference_blame(phrase, &variants);
        assert!(!expected.is_empty(), "{phrase} is in the texts");
        let answer = lineage::blame(&Phrase::parse(phrase).unwrap(), &variants);
        let got: Vec<(String, usize)> =
            answer.appearances.iter().map(|a| (a.id.clone(), a.paragraph)).collect();
        assert_eq!(got, expected, "{phrase}");
        let hits = lineage::grep(&Phrase::parse(phrase).unwrap(), &variants, 2);
        let mut grepped: Vec<&str> = hits.iter().map(|h| h.meeting.id.as_str()).collect();
        grepped.dedup();
        assert_eq!(grepped, expected.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), "grep {phrase}");
    }
    // The first three are one number in three forms, in three meetings.
    assert_eq!(reference_blame("2 3/4 billion", &variants).len(), 3);

    let fomc: Vec<communique::document::Meeting> = common::fomc_statements()
        .iter()
        .map(|p| {
            let document =
                communique::document::storage::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
            let stem = p.file_stem().unwrap().to_str().unwrap();
            communique::document::Meeting {
                id: format!("fomc/{stem}"),
                series: "fomc".into(),
                date: document.meta.date,
                document,
            }
        })
        .collect();
    let mut checked = 0;
    for (k, m) in fomc.iter().enumerate().step_by(9) {
        let text = m.document.paragraph_text(k % m.document.paragraphs().len());
        let words: Vec<&str> = text.split(' ').collect();
        let len = 2 + k % 5;
        if words.len() <= len {
            continue;
        }
        let start = (k * 7) % (words.len() - len);
        let phrase = words[start..start + len].join(" ");
        let Some(parsed) = Phrase::parse(&phrase) else { continue };
        let got: Vec<(String, usize)> =
            lineage::blame(&parsed, &fomc).appearances.iter().map(|a| (a.id.clone(), a.paragraph)).collect();
        assert_eq!(got, reference_blame(&phrase, &fomc), "{phrase}");
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
}

/// Three rate moves as a reader sees them: every number whole in the redline.
#[test]
fn rate_moves_read_whole() {
    let env = TestEnv::new();
    let shipped = common::repo().join("corpus");
    for (name, old, new) in [
        ("rate_move_2008_12_16", "fomc/2008-10-29", "fomc/2008-12-16"),
        ("rate_move_2022_12_14", "fomc/2022-11-02", "fomc/2022-12-14"),
        ("rate_move_2023_02_01", "fomc/2022-12-14", "fomc/2023-02-01"),
    ] {
        let out = env.ok(&["-C", shipped.to_str().unwrap(), "diff", old, new, "--width", "100"]);
        // The paragraph that sets the rate.
        let rate: Vec<&str> = out
            .split("\n\n")
            .filter(|entry| entry.contains("target range") || entry.contains("federal funds rate"))
            .collect();
        assert!(!rate.is_empty(), "{out}");
        insta::assert_snapshot!(name, rate.join("\n\n"));
    }
}

/// Every paragraph of every shipped series: its tokens and what lies between rebuild it
/// exactly, and every number written with a fraction or decimals is one token.
#[test]
fn every_shipped_paragraph_rebuilds_and_keeps_its_numbers_whole() {
    use communique::document::{storage, words};
    let corpus = common::repo().join("corpus");
    let mut files = Vec::new();
    for series in std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        files.extend(
            std::fs::read_dir(series)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCE.md")),
        );
    }
    assert!(files.len() > 260, "{}", files.len());
    let (mut numbers, mut paragraphs) = (0, 0);
    for file in &files {
        let doc = storage::parse(&std::fs::read_to_string(file).unwrap()).unwrap();
        for text in doc.paragraph_texts() {
            paragraphs += 1;
            let spans: Vec<_> = words(text).collect();
            let mut rebuilt = String::new();
            let mut at = 0;
            for s in &spans {
                assert!(s.start >= at, "{}: overlapping tokens", file.display());
                rebuilt.push_str(&text[at..s.start]);
                rebuilt.push_str(s.of(text));
                at = s.end;
            }
            rebuilt.push_str(&text[at..]);
            assert_eq!(rebuilt, text, "{}", file.display());
            // A digit, then `/`, `.` or a hyphen and a fraction, then a digit: inside one token.
            let bytes = text.as_bytes();
            for (i, w) in bytes.windows(3).enumerate() {
                let joined = w[0].is_ascii_digit() && matches!(w[1], b'/' | b'.') && w[2].is_ascii_digit();
                if joined {
                    numbers += 1;
                    assert!(
                        spans.iter().any(|s| s.start <= i && i + 3 <= s.end),
                        "{}: {:?} cut",
                        file.display(),
                        &text[i.saturating_sub(8)..(i + 10).min(text.len())]
                    );
                }
            }
        }
    }
    assert!(paragraphs > 2000 && numbers > 400, "{paragraphs} paragraphs, {numbers} numbers");
}
