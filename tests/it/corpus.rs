//! The corpus end to end: the real binary against temporary git corpora.

use crate::common;

use common::{TestEnv, repo, seed};
use serde_json::Value;

fn add_seed(env: &TestEnv) {
    let out = env.add_seed();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn git_log(env: &TestEnv) -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["log", "--format=%s"])
        .current_dir(env.corpus())
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn init_creates_settings_repository_and_first_commit() {
    let env = TestEnv::new();
    insta::assert_snapshot!(
        "init_output",
        env.run(&["init", "corpus"])
            .snapshot()
            .replace(&env.path().canonicalize().unwrap().display().to_string(), "[TMP]")
    );
    assert!(env.corpus().join("communique.toml").is_file());
    assert!(env.corpus().join(".git").is_dir());
    assert_eq!(git_log(&env), ["Create communique corpus"]);
    for dir in ["corpus", "corpus/inner"] {
        let out = env.command().args(["init", dir]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8(out.stderr).unwrap().contains("corpus is already a corpus"));
    }
    assert!(!env.corpus().join("inner").exists());
}

#[test]
fn init_under_dash_c_makes_the_folder_as_init_dir_does() {
    let env = TestEnv::new();
    for (args, made) in
        [(&["-C", "made/by/c", "init"][..], "made/by/c"), (&["-C", "under", "init", "inner"], "under/inner")]
    {
        let out = env.run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(env.path().join(made).join("communique.toml").is_file(), "{args:?}");
        assert!(out.stdout.trim_end().ends_with(made), "{args:?}: {}", out.stdout);
    }
}

#[test]
fn init_inside_an_existing_repository_uses_it() {
    let env = TestEnv::new();
    std::process::Command::new("git").args(["init", "-q"]).current_dir(env.path()).status().unwrap();
    env.ok(&["init", "corpus"]);
    assert!(!env.corpus().join(".git").exists());
    let out = std::process::Command::new("git")
        .args(["show", "--name-only", "--format="])
        .current_dir(env.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "corpus/communique.toml");
}

#[test]
fn commits_touch_only_corpus_files_in_a_shared_repository() {
    let env = TestEnv::new();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git").args(args).current_dir(env.path()).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    env.file("notes.txt", "my own work, staged\n");
    git(&["add", "notes.txt"]);
    env.ok(&["init", "corpus"]);
    add_seed(&env);
    assert_eq!(
        git(&["show", "--name-only", "--format="]).trim(),
        "corpus/coalition/2021-06-28-rome.md\ncorpus/communique.toml"
    );
    assert_eq!(git(&["status", "--porcelain"]), "A  notes.txt\n");
}

#[test]
fn the_seed_imports_as_nine_paragraphs_with_title_and_source() {
    let env = TestEnv::with_corpus();
    let out = env.add_seed();
    assert_eq!(out.stdout, "coalition/2021-06-28-rome\n");
    insta::assert_snapshot!("add_seed_notes", out.stderr.replace(seed().to_str().unwrap(), "[SEED]"));
    let shown = json(&env.ok(&["show", "rome", "--format", "json"]));
    let paragraphs = shown["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 9);
    assert_eq!(
        shown["meeting"]["title"],
        "Ministerial Meeting of the Global Coalition against Daesh: Joint Communiqué"
    );
    assert_eq!(
        shown["meeting"]["source"],
        "eeas.europa.eu/delegations/syria/100897/ministerial-meeting-global-coalition-against-daesh-joint-communiqué_en"
    );
    let last = paragraphs[8]["text"].as_str().unwrap();
    assert!(last.ends_with("circumstances pending."), "no footer: {last}");
    let fourth = paragraphs[3]["text"].as_str().unwrap();
    assert!(fourth.contains("operational efficiency and coordination of our collective efforts"));
    assert!(
        paragraphs[6]["text"].as_str().unwrap().contains("law obligations, including fair trial guarantees")
    );
    let stored = std::fs::read_to_string(env.corpus().join("coalition/2021-06-28-rome.md")).unwrap();
    insta::assert_snapshot!("seed_stored_file", stored);
}

#[test]
fn show_text_and_list_snapshots() {
    let env = TestEnv::with_corpus();
    add_seed(&env);
    insta::assert_snapshot!("show_rome_text", env.run(&["show", "rome", "--width", "80"]).snapshot());
    insta::assert_snapshot!("list_text", env.run(&["list"]).snapshot());
    insta::assert_snapshot!("list_json", env.run(&["list", "--format", "json"]).snapshot());
}

#[test]
fn add_many_records_one_commit_and_lists_in_date_order() {
    let env = TestEnv::with_corpus();
    let files: Vec<String> = std::fs::read_dir(repo().join("corpus/fomc"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".md") && !p.ends_with("SOURCE.md"))
        .collect();
    assert_eq!(files.len(), 240);
    let mut args = vec!["add", "--series", "fomc"];
    args.extend(files.iter().map(String::as_str));
    let added = env.ok(&args);
    assert_eq!(added.lines().count(), 240);
    assert_eq!(git_log(&env), ["Add 240 meetings to fomc", "Create communique corpus"]);
    let listed = json(&env.ok(&["list", "--format", "json"]));
    let meetings = listed["meetings"].as_array().unwrap();
    assert_eq!(listed["schema"], "communique.list/1");
    assert_eq!(meetings.len(), 240);
    assert_eq!(meetings[0]["id"], "fomc/1994-02-04");
    assert_eq!(meetings[239]["id"], "fomc/2026-09-16");
    assert!(meetings.windows(2).all(|w| w[0]["date"].as_str() <= w[1]["date"].as_str()));
    // Each stored file is byte for byte what was imported: the shipped corpus round-trips.
    let shipped = std::fs::read_to_string(repo().join("corpus/fomc/2025-07-30.md")).unwrap();
    assert_eq!(std::fs::read_to_string(env.corpus().join("fomc/2025-07-30.md")).unwrap(), shipped);
    assert_eq!(json(&env.ok(&["show", "latest", "--format", "json"]))["meeting"]["id"], "fomc/2026-09-16");
}

#[test]
fn every_reference_form_resolves() {
    let env = TestEnv::with_corpus();
    add_seed(&env);
    let second =
        env.file("2022-05-11-marrakech.txt", "The Ministers met in Marrakech.\n\nThey agreed again.\n");
    env.ok(&["add", second.to_str().unwrap(), "--place", "Marrakech"]);
    let id = |r: &str| {
        json(&env.ok(&["show", r, "--format", "json"]))["meeting"]["id"].as_str().unwrap().to_string()
    };
    let rome = "coalition/2021-06-28-rome";
    let marrakech = "coalition/2022-05-11-marrakech";
    for (reference, expected) in [
        (rome, rome),
        ("2021-06-28", rome),
        ("rome", rome),
        ("ROME", rome),
        ("rome-2021", rome),
        ("coalition/rome", rome),
        ("first", rome),
        ("latest", marrakech),
        ("coalition:latest", marrakech),
        ("latest~1", rome),
        ("marrakech^", rome),
        ("2022-05-11", marrakech),
    ] {
        assert_eq!(id(reference), expected, "{reference}");
    }
    assert_eq!(
        env.fails(&["show", "rom"]),
        "error: no meeting matches \"rom\"\nhint: did you mean \"rome\" (coalition/2021-06-28-rome)?"
    );
    assert_eq!(
        env.fails(&["show", "latest~2"]),
        "error: coalition/2022-05-11-marrakech has only 1 earlier meeting in series coalition, not 2"
    );
}

#[test]
fn an_ambiguous_reference_lists_the_candidates() {
    let env = TestEnv::with_corpus();
    add_seed(&env);
    let again = env.file("2024-06-08.txt", "The Ministers met in Rome again.\n");
    env.ok(&["add", again.to_str().unwrap(), "--place", "Rome"]);
    assert_eq!(
        env.fails(&["show", "rome"]),
        "error: \"rome\" is ambiguous: it matches coalition/2021-06-28-rome, coalition/2024-06-08-rome\n\
         hint: use one of these ids"
    );
}

#[test]
fn replace_records_a_correction_readable_at_earlier_revisions() {
    let env = TestEnv::with_corpus();
    add_seed(&env);
    let fixed = env.file("fixed.txt", "The corrected first paragraph.\n\nA second one.\n");
    let refused = env.fails(&["add", fixed.to_str().unwrap(), "--date", "2021-06-28", "--place", "Rome"]);
    assert_eq!(
        refused,
        "error: coalition/2021-06-28-rome already exists\nhint: pass --replace to record a correction"
    );
    assert_eq!(
        env.ok(&["add", fixed.to_str().unwrap(), "--date", "2021-06-28", "--place", "Rome", "--replace"]),
        "coalition/2021-06-28-rome\n"
    );
    assert_eq!(
        git_log(&env),
        ["Correct coalition/2021-06-28-rome", "Add coalition/2021-06-28-rome", "Create communique corpus"]
    );
    let now = json(&env.ok(&["show", "rome", "--format", "json"]));
    assert_eq!(now["paragraphs"].as_array().unwrap().len(), 2);
    let before = json(&env.ok(&["show", "rome@HEAD~1", "--format", "json"]));
    assert_eq!(before["paragraphs"].as_array().unwrap().len(), 9);
    assert_eq!(before["meeting"]["id"], "coalition/2021-06-28-rome");
    assert!(env.fails(&["show", "rome@HEAD~2"]).contains("no meeting matches \"rome@HEAD~2\""));
    assert!(env.fails(&["show", "rome@nosuchrev"]).contains("unknown revision \"nosuchrev\""));
    // Re-adding identical text changes nothing and makes no commit.
    env.ok(&["add", fixed.to_str().unwrap(), "--date", "2021-06-28", "--place", "Rome", "--replace"]);
    assert_eq!(git_log(&env).len(), 3);
}

#[test]
fn log_shows_the_corpus_and_one_meeting() {
    let env = TestEnv::with_corpus();
    add_seed(&env);
    let other = env.file("2022-05-11.txt", "Another meeting.\n");
    env.ok(&["add", other.to_str().unwrap(), "--slug", "marrakech"]);
    insta::assert_snapshot!("log_text", env.run(&["log"]).snapshot());
    let mine = json(&env.ok(&["log", "rome", "--format", "json"]));
    let commits = mine["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 1);
    assert_eq!(commits[0]["message"], "Add coalition/2021-06-28-rome");
    assert_eq!(commits[0]["author"], "Test Author");
    assert_eq!(env.ok(&["log", "-n", "1"]).lines().count(), 1);
}

#[test]
fn rm_removes_in_one_commit() {
    let env = TestEnv::with_corpus();
    add_seed(&env);
    assert_eq!(env.ok(&["rm", "rome"]), "Removed coalition/2021-06-28-rome\n");
    assert!(!env.corpus().join("coalition/2021-06-28-rome.md").exists());
    assert_eq!(git_log(&env)[0], "Remove coalition/2021-06-28-rome");
    assert_eq!(env.ok(&["list"]), "");
    // The removed text is still readable in history.
    assert_eq!(
        json(&env.ok(&["show", "rome@HEAD~1", "--format", "json"]))["paragraphs"].as_array().unwrap().len(),
        9
    );
    // So is its history, as `git log -- PATH` follows a deleted path: by its id.
    let log = env.ok(&["log", "coalition/2021-06-28-rome"]);
    let subjects: Vec<&str> = log.lines().collect();
    assert_eq!(subjects.len(), 2, "{log}");
    assert!(subjects[0].contains("Remove coalition/2021-06-28-rome"), "{log}");
    assert!(subjects[1].contains("Add coalition/2021-06-28-rome"), "{log}");
    // A reference that never named a meeting is still an error.
    assert!(env.fails(&["log", "coalition/2021-06-29"]).starts_with("error: no meeting matches"));
}

#[test]
fn the_corpus_is_found_from_a_subfolder_and_from_the_environment() {
    let env = TestEnv::with_corpus();
    add_seed(&env);
    let out = env.command().current_dir(env.corpus().join("coalition")).args(["list"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("coalition/2021-06-28-rome"));
    let out = env
        .command()
        .env("COMMUNIQUE_CORPUS", env.corpus())
        .args(["show", "rome", "--format", "md"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("# Ministerial Meeting"));
    let out = env.command().args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("no corpus here"));
}

#[test]
fn crlf_and_bom_are_accepted() {
    let env = TestEnv::with_corpus();
    let file = env.file("2023-01-02.txt", b"\xEF\xBB\xBFFirst line\r\nwrapped here.\r\n\r\nSecond.\r\n");
    env.ok(&["add", file.to_str().unwrap(), "--series", "s"]);
    let shown = json(&env.ok(&["show", "2023-01-02", "--format", "json"]));
    assert_eq!(shown["paragraphs"][0]["text"], "First line wrapped here.");
    assert_eq!(shown["paragraphs"][1]["text"], "Second.");
}

#[test]
fn html_and_markdown_import() {
    let env = TestEnv::with_corpus();
    let html = env.file(
        "2023-06-08-riyadh.html",
        "<html><head><script>x()</script></head><body><nav><p>Menu</p></nav><h1>Joint Statement</h1><p>The Ministers met in Riyadh on 8 June 2023.</p><ul><li>First point.</li><li>Second point.</li></ul><footer><p>Contact</p></footer></body></html>",
    );
    env.ok(&["add", html.to_str().unwrap(), "--series", "coalition"]);
    let shown = json(&env.ok(&["show", "riyadh", "--format", "json"]));
    assert_eq!(shown["meeting"]["title"], "Joint Statement");
    let texts: Vec<&str> =
        shown["paragraphs"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["The Ministers met in Riyadh on 8 June 2023.", "First point.", "Second point."]);
    let md = env.file(
        "notes.md",
        "# Statement of 3 March 2024\n\nThe **Ministers** met, see [the site](https://example.org).\n",
    );
    env.ok(&["add", md.to_str().unwrap()]);
    let shown = json(&env.ok(&["show", "2024-03-03", "--format", "json"]));
    assert_eq!(shown["paragraphs"][0]["text"], "The Ministers met, see the site.");
    assert_eq!(shown["meeting"]["id"], "coalition/2024-03-03-notes");
}

#[test]
fn a_stored_listing_follows_every_change_to_its_folder() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2020-01-29", "2020-03-03", "2020-03-15"]));
    let folder = env.corpus().join("fomc");
    std::fs::write(folder.join("notes.md"), "Not a meeting.\n").unwrap();
    let list = || {
        let out = env.run(&["list", "--format", "json"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let ids: Vec<String> = json(&out.stdout)["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect();
        (ids, out.stderr)
    };
    let (ids, warnings) = list();
    assert_eq!(ids, ["fomc/2020-01-29", "fomc/2020-03-03", "fomc/2020-03-15"]);
    assert!(warnings.contains("notes.md"), "{warnings}");
    // Once the folder's last change is a few seconds old, its listing is kept and read back,
    // warnings and all.
    std::thread::sleep(std::time::Duration::from_millis(3500));
    assert_eq!(list(), (ids.clone(), warnings.clone()));
    let stored = env.corpus().join(".git/communique/listing/fomc.bin");
    assert!(stored.exists());
    assert_eq!(list(), (ids.clone(), warnings.clone()), "from what was stored");

    // A meeting copied in by hand, the folder's modification time then set back: its change
    // time still tells.
    let meta = std::fs::metadata(&folder).unwrap();
    std::fs::copy(folder.join("2020-03-15.md"), folder.join("2020-04-29.md")).unwrap();
    std::fs::File::open(&folder).unwrap().set_modified(meta.modified().unwrap()).unwrap();
    assert_eq!(std::fs::metadata(&folder).unwrap().modified().unwrap(), meta.modified().unwrap());
    let (after, _) = list();
    assert_eq!(after.last().map(String::as_str), Some("fomc/2020-04-29"), "{after:?}");
    // Removed, renamed: each seen.
    std::fs::remove_file(folder.join("2020-01-29.md")).unwrap();
    std::fs::rename(folder.join("2020-03-03.md"), folder.join("2020-06-10.md")).unwrap();
    std::fs::remove_file(folder.join("notes.md")).unwrap();
    let (after, warnings) = list();
    assert_eq!(after, ["fomc/2020-03-15", "fomc/2020-04-29", "fomc/2020-06-10"]);
    assert!(!warnings.contains("notes.md"), "{warnings}");
    // A damaged stored listing is read as none.
    std::fs::write(&stored, b"garbage").unwrap();
    assert_eq!(list().0, after);
}

#[test]
fn stored_summaries_follow_edits_and_keep_their_warnings() {
    let env = TestEnv::with_corpus();
    env.add_fomc(Some(&["2020-01-29", "2020-03-03", "2020-03-15"]));
    let file = env.corpus().join("fomc/2020-03-03.md");
    // A front matter that disagrees with the file name: listed with a warning, every time.
    let text = std::fs::read_to_string(&file).unwrap().replace("date = 2020-03-03", "date = 2020-03-04");
    std::fs::write(&file, &text).unwrap();
    let list = || {
        let out = env.run(&["list", "--format", "json"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        (json(&out.stdout), out.stderr)
    };
    let (first, warnings) = list();
    assert!(warnings.contains("2020-03-04"), "{warnings}");
    std::thread::sleep(std::time::Duration::from_millis(3500));
    assert_eq!(list(), (first.clone(), warnings.clone()));
    assert!(env.corpus().join(".git/communique/summaries/fomc.bin").exists());
    assert_eq!(list(), (first.clone(), warnings.clone()), "from what was stored");
    // Retitled in place with as many bytes and the modification time set back.
    let meta = std::fs::metadata(&file).unwrap();
    let retitled = text.replace("date = 2020-03-04", "date = 2020-03-03");
    assert_eq!(retitled.len(), text.len());
    std::fs::write(&file, &retitled).unwrap();
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(meta.modified().unwrap()).unwrap();
    let (after, warnings) = list();
    assert!(!warnings.contains("2020-03-04"), "{warnings}");
    assert_eq!(after, first, "the same summaries, without the warning");
    // A paragraph more: counted.
    std::fs::write(&file, format!("{retitled}\nOne more paragraph.\n")).unwrap();
    let (after, _) = list();
    let paragraphs = |v: &Value| v["meetings"][1]["paragraphs"].as_u64().unwrap();
    assert_eq!(paragraphs(&after), paragraphs(&first) + 1);
}

/// The settings are kept parsed, with their themes' terms compiled, keyed by their text: the
/// next opening reads them from there, and any change to the file, a damaged cache or a wrong
/// file gives what parsing the file gives.
#[test]
fn stored_settings_give_what_parsing_the_file_gives() {
    use communique::ops::Workspace;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    Workspace::init(&root).unwrap();
    let settings = root.join("communique.toml");
    let shipped = std::fs::read_to_string(common::repo().join("corpus/communique.toml")).unwrap();
    std::fs::write(&settings, &shipped).unwrap();
    // One file per corpus, named by its path.
    let folder = root.join(".git/communique/settings");
    let stored = folder.join(
        format!(
            "{:032x}",
            xxhash_rust::xxh3::xxh3_128(root.canonicalize().unwrap().as_os_str().as_encoded_bytes())
        ) + ".bin",
    );
    let opened = || {
        let ws = Workspace::open(Some(&root)).unwrap();
        let config = ws.corpus().config();
        (
            ws.themes().to_vec(),
            format!("{:?} {:?}", config.series, config.colors),
            format!("{:?}", config.themes),
        )
    };
    let parsed = opened();
    assert!(parsed.0.len() >= 5, "the shipped themes");
    assert!(stored.is_file(), "kept after the first opening");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    let kept = std::fs::read(&stored).unwrap();
    assert!(opened() == parsed, "from the stored settings");
    assert_eq!(std::fs::read(&stored).unwrap(), kept, "read, not written again");

    // An edit: a new term (the same length, so only the text tells).
    let edited = shipped.replacen("\nterms = [\"Africa*\"", "\nterms = [\"Zanzibar\", \"Africa*\"", 1);
    assert_ne!(edited, shipped);
    std::fs::write(&settings, &edited).unwrap();
    let after = opened();
    assert!(after != parsed);
    assert!(after.0.iter().any(|t| t.terms.iter().any(|p| p.text == "Zanzibar")));
    assert!(opened() == after, "the edit, stored");

    // A wrong term is an error every time, though good settings were stored before.
    std::fs::write(&settings, shipped.replacen("\nterms = [\"Africa*\"", "\nterms = [\"Af*rica\"", 1))
        .unwrap();
    for _ in 0..2 {
        let Err(error) = Workspace::open(Some(&root)) else { panic!("a wrong term opened") };
        let error = format!("{error:?}");
        assert!(error.contains("Af*rica"), "{error}");
    }

    // Damaged bytes anywhere in the stored file: the answer of parsing the file.
    std::fs::write(&settings, &shipped).unwrap();
    opened();
    let intact = std::fs::read(&stored).unwrap();
    for at in (0..intact.len()).step_by(97) {
        let mut bytes = intact.clone();
        bytes[at] ^= 0x5a;
        std::fs::write(&stored, &bytes).unwrap();
        assert!(opened() == parsed, "byte {at} damaged");
    }
}
