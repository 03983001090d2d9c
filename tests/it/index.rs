//! The word index answers `blame`, `grep` and `themes` exactly as reading every meeting does:
//! on the real series of the shipped corpus, for many sampled phrases and themes, after
//! meetings are added, edited and removed behind its back, after its files are damaged or of
//! another format, and after a settled meeting is rewritten with its stamp's size and time.
//!
//! What every meeting's text answers is computed here with the library's analysis over the
//! meetings read (`lineage::blame`, `lineage::grep`, `themes::timeline`: the code the commands
//! ran before the index); the commands' answers come from `ops`, which uses the index.

use std::fs;
use std::path::{Path, PathBuf};

use communique::corpus::{Corpus, MeetingId};
use communique::document::{Meeting, word_keys};
use communique::lineage::{self, BeforeWindow, Blame, Hit, Phrase};
use communique::ops::{self, Quiet, Window, Workspace};
use communique::themes::{self, Matcher, Timeline};

use crate::common;

/// The shipped corpus copied into a new repository, with a series of mixed scripts and
/// number forms, and themes of sampled terms that overlap each other.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    copy(&common::repo().join("corpus"), &root);
    let git = std::process::Command::new("git").args(["init", "-q"]).current_dir(&root).status().unwrap();
    assert!(git.success());
    fs::create_dir(root.join("mixed")).unwrap();
    let mixed = [
        (
            "2020-01-01",
            "Côte d’Ivoire and COTE d'Ivoire. 2¾ and 2-3/4 and 2 3/4 percent.\n\n延长十二个月, ﬁnal final FINAL.",
        ),
        (
            "2021-01-01",
            "Daesh/ISIS and S/RES/2233 (2015); Lake Chad, Lake Chad Basin, very very very very.\n\nSahel; Sahelian.",
        ),
    ];
    for (date, body) in mixed {
        let text = format!("+++\nseries = \"mixed\"\ndate = {date}\n+++\n\n{body}\n");
        fs::write(root.join(format!("mixed/{date}.md")), text).unwrap();
    }
    let mut settings = fs::read_to_string(root.join("communique.toml")).unwrap();
    settings.push_str(
        "\n[themes.overlaps]\nterms = [\"Lake Chad\", \"Chad\", \"Lake Chad Basin\", \"lake*\", \"very very\", \
         \"côte\", \"2 3/4\", \"fin*\", \"延 长\"]\nseries = [\"mixed\"]\n",
    );
    for (series, terms) in sampled_terms(&root) {
        let list: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
        settings.push_str(&format!(
            "\n[themes.sampled-{series}]\nterms = [{}]\nseries = [\"{series}\"]\n",
            list.join(", ")
        ));
    }
    fs::write(root.join("communique.toml"), settings).unwrap();
    (dir, root)
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Terms of one to three words taken from each series' meetings, some as prefixes, some
/// prefixes or extensions of each other.
fn sampled_terms(root: &Path) -> Vec<(String, Vec<String>)> {
    let corpus = Corpus::open(root).unwrap();
    let listing = corpus.listing().unwrap();
    let mut out = Vec::new();
    for series in listing.series_names() {
        let ids: Vec<MeetingId> = listing.series(series).cloned().collect();
        let meetings = corpus.meetings(&ids).unwrap();
        let mut terms = Vec::new();
        for (k, m) in meetings.iter().enumerate().step_by(meetings.len().div_ceil(8).max(1)) {
            let keys = word_keys(m.document.paragraph_text(k % m.document.paragraphs().len()));
            if keys.len() < 4 {
                continue;
            }
            let at = (k * 7) % (keys.len() - 3);
            let long = keys[at..at + 3].join(" ");
            terms.push(keys[at..at + 2].join(" "));
            terms.push(long.clone());
            if keys[at].chars().count() > 3 && keys[at].chars().all(char::is_alphanumeric) {
                terms.push(format!("{}*", keys[at].chars().take(3).collect::<String>()));
            }
        }
        out.push((series.to_string(), terms));
    }
    out
}

/// Phrases sampled from every series: one to five words, as written and as keys, with a
/// prefix token now and then, and some found nowhere.
fn sampled_phrases(meetings: &[Meeting], count: usize) -> Vec<String> {
    let mut phrases = vec![
        "the committee will reconsider interplanetary inflation".to_string(),
        "sole purpose".into(),
        "Africa*".into(),
        "côte d ivoire".into(),
        "2 3/4".into(),
        "延 长".into(),
        "lake chad".into(),
        "very very".into(),
        "s/res/2233".into(),
        "fin*".into(),
        "the".into(),
    ];
    let step = (meetings.len() * 3 / count).max(1);
    let mut k = 0;
    while phrases.len() < count && k < meetings.len() * 3 {
        let m = &meetings[k % meetings.len()];
        let text = m.document.paragraph_text((k / 3) % m.document.paragraphs().len());
        let words: Vec<&str> = text.split(' ').collect();
        let len = 1 + k % 5;
        if words.len() > len {
            let start = (k * 13) % (words.len() - len);
            let phrase = words[start..start + len].join(" ");
            match k % 4 {
                0 => phrases.push(word_keys(&phrase).join(" ")),
                1 => {
                    let mut keys = word_keys(&phrase);
                    if let Some(last) = keys.last_mut().filter(|w| w.chars().count() > 2) {
                        *last = format!("{}*", last.chars().take(2).collect::<String>());
                    }
                    phrases.push(keys.join(" "));
                }
                _ => phrases.push(phrase),
            }
        }
        k += step;
    }
    phrases.retain(|p| Phrase::parse(p).is_some());
    phrases
}

/// Every meeting of the corpus in the order `blame` and `grep` read them.
fn read_all(ws: &Workspace) -> (Vec<MeetingId>, Vec<Meeting>) {
    let ids = ws.corpus().listing().unwrap().select(None, None, None).unwrap();
    let meetings = ws.corpus().meetings(&ids).unwrap();
    (ids, meetings)
}

/// `blame` of every meeting's text in a window starting `since`.
fn blame_read(phrase: &Phrase, ids: &[MeetingId], meetings: &[Meeting], since: chrono::NaiveDate) -> Blame {
    let (before, window): (Vec<_>, Vec<_>) = ids.iter().zip(meetings).partition(|(id, _)| id.date < since);
    let window: Vec<Meeting> = window.into_iter().map(|(_, m)| m.clone()).collect();
    let before: Vec<Meeting> = before.into_iter().map(|(_, m)| m.clone()).collect();
    let mut answer = lineage::blame(phrase, &window);
    answer.before_window = Some(BeforeWindow { since, first: lineage::blame(phrase, &before).first });
    answer
}

/// Every answer of the index checked against reading every meeting; the disagreements.
fn disagreements(root: &Path, phrases: &[String]) -> Vec<String> {
    let ws = Workspace::open(Some(root)).unwrap();
    let (ids, meetings) = read_all(&ws);
    let since: chrono::NaiveDate = "2016-01-01".parse().unwrap();
    let mut wrong = Vec::new();
    for text in phrases {
        let phrase = Phrase::parse(text).unwrap();
        let all = ops::blame(&ws, text, &Window::default(), false, &mut Quiet).unwrap();
        if all != lineage::blame(&phrase, &meetings) {
            wrong.push(format!("blame {text:?}"));
        }
        let window = Window { since: Some(since), ..Window::default() };
        let windowed = ops::blame(&ws, text, &window, false, &mut Quiet).unwrap();
        if windowed != blame_read(&phrase, &ids, &meetings, since) {
            wrong.push(format!("blame {text:?} --since {since}"));
        }
        let hits: Vec<Hit> = ops::grep(&ws, text, None, 3, &mut Quiet).unwrap();
        if hits != lineage::grep(&phrase, &meetings, 3) {
            wrong.push(format!("grep {text:?}"));
        }
    }
    let listing = ws.corpus().listing().unwrap();
    for series in listing.series_names() {
        let window = Window { series: Some(series.to_string()), ..Window::default() };
        let answer = ops::themes(&ws, &window, &[], &mut Quiet);
        let Ok(selected) = ops::select_themes(&ws, series, &[]) else {
            assert!(answer.is_err(), "themes of a series without any");
            continue;
        };
        let answer = answer.unwrap();
        let read: Vec<Meeting> = meetings.iter().filter(|m| m.series == series).cloned().collect();
        let expected: Timeline = themes::timeline(&Matcher::new(&selected), &read);
        if answer.timeline != expected {
            wrong.push(format!("themes --series {series}"));
        }
    }
    wrong
}

fn segments(root: &Path, series: &str) -> Vec<PathBuf> {
    let dir = root.join(".git/communique/index").join(series);
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "seg")).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// A meeting file of `series` written in the work tree (as `git pull` brings one).
fn write_meeting(root: &Path, series: &str, date: &str, body: &str) {
    let text = format!("+++\nseries = \"{series}\"\ndate = {date}\n+++\n\n{body}\n");
    fs::write(root.join(format!("{series}/{date}.md")), text).unwrap();
}

#[test]
fn the_index_answers_as_reading_every_meeting_does() {
    let (_dir, root) = corpus();
    let ws = Workspace::open(Some(&root)).unwrap();
    let phrases = sampled_phrases(&read_all(&ws).1, 100);
    assert!(phrases.len() >= 90, "{}", phrases.len());
    // Built on first use, then read.
    assert!(!root.join(".git/communique/index").exists());
    assert_eq!(disagreements(&root, &phrases), Vec::<String>::new(), "first use");
    let built = segments(&root, "fomc");
    assert_eq!(built.len(), 1);
    assert_eq!(disagreements(&root, &phrases), Vec::<String>::new(), "from the index");
    assert_eq!(segments(&root, "fomc"), built, "nothing rewritten");

    // Behind the index's back: a meeting edited, one added, one removed.
    let fomc = root.join("fomc");
    let edited = fomc.join("2008-12-16.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replace("federal funds rate", "policy rate of the sole purpose")).unwrap();
    write_meeting(&root, "fomc", "2030-01-01", "The sole purpose of the Committee is maximum employment.");
    let first =
        fs::read_dir(&fomc).unwrap().map(|e| e.unwrap().path()).filter(|p| p.ends_with("2000-02-02.md"));
    for path in first {
        fs::remove_file(path).unwrap();
    }
    fs::remove_file(root.join("coalition/2021-06-28-rome.md")).unwrap();
    let few = &phrases[..40];
    assert_eq!(disagreements(&root, few), Vec::<String>::new(), "after edits");
    let now = segments(&root, "fomc");
    assert_eq!(now.len(), 2, "the two new texts in a new small segment");
    assert!(now.contains(&built[0]), "the first segment is kept as it was");

    // One meeting at a time, with a question in between: small segments, merged when many.
    for day in 1..=12 {
        write_meeting(
            &root,
            "fomc",
            &format!("2031-01-{day:02}"),
            &format!("Meeting {day}: inflation eased."),
        );
        assert_eq!(disagreements(&root, &phrases[..3]), Vec::<String>::new(), "added {day}");
        let now = segments(&root, "fomc");
        assert!(now.len() <= 8, "{} segments", now.len());
        assert!(now.contains(&built[0]), "the large segment is not rewritten for a small one");
    }
}

#[test]
fn damaged_or_foreign_index_files_change_no_answer() {
    let (_dir, root) = corpus();
    let ws = Workspace::open(Some(&root)).unwrap();
    let phrases = sampled_phrases(&read_all(&ws).1, 24);
    drop(ws);
    assert_eq!(disagreements(&root, &phrases), Vec::<String>::new());
    let file = segments(&root, "fomc").remove(0);
    let intact = fs::read(&file).unwrap();
    let mut state = 0x5eed_u64;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        state >> 11
    };
    let mut wrong = Vec::new();
    for trial in 0..24 {
        let mut bytes = intact.clone();
        match trial % 4 {
            // Eight bytes overwritten anywhere, in the blocks, the rows or the trailer.
            0 | 1 => {
                let at = (next() % (bytes.len() as u64 - 8)) as usize;
                bytes[at..at + 8].copy_from_slice(&next().to_le_bytes());
            }
            // Cut short.
            2 => bytes.truncate((next() % bytes.len() as u64) as usize),
            // Another format: the number after the header's name.
            _ => {
                let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
                bytes[at] ^= 0x40;
            }
        }
        for old in segments(&root, "fomc") {
            fs::remove_file(old).unwrap();
        }
        fs::write(&file, &bytes).unwrap();
        let found = disagreements(&root, &phrases[..4]);
        if !found.is_empty() {
            wrong.push(format!("trial {trial}: {found:?}"));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
    // An index folder that cannot be written: answered by reading the meetings.
    fs::remove_dir_all(root.join(".git/communique/index")).unwrap();
    fs::write(root.join(".git/communique/index"), b"not a folder").unwrap();
    assert_eq!(disagreements(&root, &phrases[..6]), Vec::<String>::new(), "no index");
}

#[test]
fn a_settled_meeting_rewritten_with_its_stamp_kept_is_indexed_again() {
    let (_dir, root) = corpus();
    let ws = Workspace::open(Some(&root)).unwrap();
    let phrases = vec!["federal funds rate".to_string(), "directors".into(), "committee".into()];
    drop(ws);
    // Past the time after which stamps are kept and trusted.
    std::thread::sleep(std::time::Duration::from_millis(3500));
    assert_eq!(disagreements(&root, &phrases), Vec::<String>::new());
    assert!(root.join(".git/communique/stamps/fomc.bin").exists());
    let file = root.join("fomc/2008-12-16.md");
    let meta = fs::symlink_metadata(&file).unwrap();
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replace("Committee", "Directors");
    assert!(edited != text && edited.len() == text.len());
    fs::write(&file, &edited).unwrap();
    fs::File::options().write(true).open(&file).unwrap().set_modified(meta.modified().unwrap()).unwrap();
    assert_eq!(disagreements(&root, &phrases), Vec::<String>::new());
    let ws = Workspace::open(Some(&root)).unwrap();
    let found = ops::blame(&ws, "directors", &Window::default(), false, &mut Quiet).unwrap();
    assert!(found.appearances.iter().any(|a| a.id == "fomc/2008-12-16"), "the rewrite shows");
}

#[test]
fn add_and_rm_keep_the_index_up_to_date() {
    let env = common::TestEnv::with_corpus();
    let dates = ["2020-01-29", "2020-03-03", "2020-03-15"];
    env.add_fomc(Some(&dates));
    let root = env.corpus();
    assert_eq!(segments(&root, "fomc").len(), 1, "indexed by add");
    let file = env.file("2031-05-05.txt", "The Directors met on a sole purpose.");
    env.ok(&["add", "--series", "fomc", file.to_str().unwrap()]);
    let written = segments(&root, "fomc");
    assert_eq!(written.len(), 2, "one small segment for one meeting");
    // Indexed from the texts add wrote, under the keys their files give: a question finds
    // every meeting indexed and writes nothing.
    env.ok(&["grep", "sole purpose"]);
    assert_eq!(segments(&root, "fomc"), written, "nothing indexed again");
    env.ok(&["rm", "fomc/2020-03-03"]);
    let phrases = vec!["sole purpose".to_string(), "the committee".into(), "rate*".into()];
    assert_eq!(disagreements(&root, &phrases), Vec::<String>::new());
    let out = env.ok(&["blame", "sole purpose"]);
    assert!(out.contains("fomc/2031-05-05"), "{out}");
}

/// A report dates the phrases its redline inserts and deletes, and charts the series' themes:
/// from the word index, exactly as reading every meeting (`lineage::blame` of each phrase over
/// the series up to the later meeting, or the earlier one for a deleted phrase) and as the
/// same report with no index.
#[test]
fn reports_date_their_phrases_from_the_index_as_reading_the_series_does() {
    let (_dir, root) = corpus();
    let ws = Workspace::open(Some(&root)).unwrap();
    let (_, meetings) = read_all(&ws);
    let fomc: Vec<&Meeting> = meetings.iter().filter(|m| m.series == "fomc").collect();
    // Consecutive meetings across the years, a pair far apart, one backwards, one across series.
    let mut pairs: Vec<(String, String)> =
        fomc.windows(2).step_by(9).map(|w| (w[0].id.clone(), w[1].id.clone())).collect();
    pairs.push((fomc[10].id.clone(), fomc[200].id.clone()));
    pairs.push((fomc[150].id.clone(), fomc[140].id.clone()));
    let coalition = meetings.iter().find(|m| m.series == "coalition").unwrap();
    pairs.push((coalition.id.clone(), fomc[180].id.clone()));
    let day: chrono::NaiveDate = "2026-12-04".parse().unwrap();
    let through = |id: &str| -> Vec<Meeting> {
        let m = meetings.iter().find(|m| m.id == id).unwrap();
        meetings.iter().filter(|o| o.series == m.series && o.date <= m.date).cloned().collect()
    };
    let mut indexed = Vec::new();
    let mut dated = 0;
    for (old, new) in &pairs {
        let report = ops::report(&ws, old, new, &[], day, &mut Quiet).unwrap();
        for (languages, series) in
            [(&report.new_language, through(new)), (&report.dropped_language, through(old))]
        {
            for language in languages.iter().filter(|l| l.unit == ops::report::Unit::Phrase) {
                let phrase = Phrase::parse(&language.text).unwrap();
                let expected = lineage::blame(&phrase, &series).first.map(|a| a.id);
                assert_eq!(
                    language.first.as_ref().map(|f| f.id.clone()),
                    expected,
                    "{old}..{new}: {:?}",
                    language.text
                );
                dated += 1;
            }
        }
        if let Some(timeline) = &report.timeline {
            let series = through(new);
            let selected = ops::select_themes(&ws, &series[0].series, &[]).unwrap();
            assert_eq!(*timeline, themes::timeline(&Matcher::new(&selected), &series), "{old}..{new}");
        }
        indexed.push(report);
    }
    assert!(dated >= 20, "only {dated} phrases dated");
    assert!(root.join(".git/communique/index/fomc").exists());
    // The same reports with no index (a folder that cannot be written): read from the files.
    fs::remove_dir_all(root.join(".git/communique/index")).unwrap();
    fs::write(root.join(".git/communique/index"), b"not a folder").unwrap();
    for ((old, new), report) in pairs.iter().zip(indexed) {
        assert_eq!(ops::report(&ws, old, new, &[], day, &mut Quiet).unwrap(), report, "{old}..{new}");
    }
}

/// A workspace kept open between questions (as a program using the library keeps one) sees a
/// meeting edited between them: no question reuses the file stamps another one took.
#[test]
fn a_workspace_kept_open_sees_edits_made_between_questions() {
    let (_dir, root) = corpus();
    let ws = Workspace::open(Some(&root)).unwrap();
    let phrase = "zanzibar accord of the committee";
    let before = ops::blame(&ws, phrase, &Window::default(), false, &mut Quiet).unwrap();
    assert!(before.first.is_none());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let ids = ws.corpus().listing().unwrap().select(Some("fomc"), None, None).unwrap();
    let (old, new) = (ids[ids.len() - 2].to_string(), ids[ids.len() - 1].to_string());
    ops::report(&ws, &old, &new, &[], day, &mut Quiet).unwrap();
    let edited = root.join(ids[100].path());
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, format!("{}\nThe Zanzibar accord of the Committee holds.\n", text.trim_end()))
        .unwrap();
    let after = ops::blame(&ws, phrase, &Window::default(), false, &mut Quiet).unwrap();
    assert_eq!(after.first.map(|a| a.id), Some(ids[100].to_string()));
    let hits = ops::grep(&ws, phrase, None, 2, &mut Quiet).unwrap();
    assert_eq!(hits.len(), 1);
}

/// A report whose earlier meeting is read from a revision, and is gone from the work tree since,
/// dates the phrases it drops in the series before that meeting (not at the meeting itself).
#[test]
fn a_removed_meeting_read_from_a_revision_dates_its_dropped_phrases_before_it() {
    let env = common::TestEnv::with_corpus();
    env.add_fomc(Some(&["2018-12-19", "2019-01-30", "2019-03-20", "2019-05-01", "2019-06-19", "2019-07-31"]));
    env.ok(&["rm", "fomc/2019-06-19"]);
    let out = env.ok(&["report", "fomc/2019-06-19@HEAD~1", "fomc/2019-07-31", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut dated = 0;
    for language in report["dropped_language"].as_array().unwrap() {
        if language["unit"] != "phrase" {
            continue;
        }
        let text = language["text"].as_str().unwrap();
        let blame: serde_json::Value =
            serde_json::from_str(&env.run(&["blame", text, "--format", "json"]).stdout).unwrap();
        // The first of the meetings left that has it, if before the removed one; else that one.
        let expected = match blame["first"]["id"].as_str() {
            Some(id) if id < "fomc/2019-06-19" => id.to_string(),
            _ => "fomc/2019-06-19".to_string(),
        };
        assert_eq!(language["first"]["id"], expected.as_str(), "{text:?}");
        dated += usize::from(expected != "fomc/2019-06-19");
    }
    assert!(dated >= 1, "no dropped phrase seen before: {out}");
}

/// The theme counts kept for each segment answer as counting does: after a theme's terms
/// change (the same number of themes, so only the key tells them apart), and with the kept
/// file damaged anywhere.
#[test]
fn stored_theme_counts_follow_the_terms_and_survive_damage() {
    let (_dir, root) = corpus();
    assert_eq!(disagreements(&root, &[]), Vec::<String>::new(), "counted");
    let file = root.join(".git/communique/counts/fomc.bin");
    let stored = fs::read(&file).unwrap();
    assert_eq!(disagreements(&root, &[]), Vec::<String>::new(), "from the stored counts");
    assert_eq!(fs::read(&file).unwrap(), stored, "read, not counted again");

    // Other terms for one theme: counted again, and kept beside the first ones.
    let settings = root.join("communique.toml");
    let text = fs::read_to_string(&settings).unwrap();
    let start = text.find("[themes.sampled-fomc]").unwrap();
    let line = start + text[start..].find("terms = [").unwrap() + "terms = [".len();
    fs::write(&settings, format!("{}\"inflation\", \"labor market\", {}", &text[..line], &text[line..]))
        .unwrap();
    assert_eq!(disagreements(&root, &[]), Vec::<String>::new(), "other terms");
    assert!(fs::read(&file).unwrap().len() > stored.len());

    let intact = fs::read(&file).unwrap();
    let mut state = 0x00c0_ffee_u64;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        state >> 11
    };
    let mut wrong = Vec::new();
    for trial in 0..16 {
        let mut bytes = intact.clone();
        match trial % 4 {
            3 => bytes.truncate((next() % bytes.len() as u64) as usize),
            _ => {
                let at = (next() % (bytes.len() as u64 - 8)) as usize;
                bytes[at..at + 8].copy_from_slice(&next().to_le_bytes());
            }
        }
        fs::write(&file, &bytes).unwrap();
        let found = disagreements(&root, &[]);
        if !found.is_empty() {
            wrong.push(format!("trial {trial}: {found:?}"));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A meeting written by hand and indexed, then deleted by hand: its segment serves no meeting
/// and goes, and the places of the others follow (they pointed past the segments left, and
/// `themes`, `report` and `site` panicked once; found by an adversarial pass over `site`).
#[test]
fn a_segment_left_serving_no_meeting_goes_and_the_others_are_found() {
    let env = common::TestEnv::with_corpus();
    let root = env.corpus();
    fs::create_dir(root.join("a")).unwrap();
    for date in ["2020-01-01", "2020-02-01", "2020-03-01"] {
        write_meeting(
            &root,
            "a",
            date,
            &format!("The Committee decided to hold rates on {date}.\n\nThe Sahel region needs support.\n"),
        );
    }
    env.append_settings("\n[themes.sahel]\nlabel = \"Sahel\"\nterms = [\"Sahel\"]\nseries = [\"a\"]\n");
    let timeline = |env: &common::TestEnv| env.ok(&["themes", "--series", "a", "--format", "json"]);
    let before = timeline(&env);
    write_meeting(&root, "a", "2020-05-01", "May.\n");
    assert!(timeline(&env).contains("2020-05-01"));
    fs::remove_file(root.join("a/2020-05-01.md")).unwrap();
    assert_eq!(timeline(&env), before);
    assert!(env.ok(&["blame", "Sahel region", "--format", "json"]).contains("a/2020-01-01"));
}
