//! Nothing lost, nothing let in: the rest of the bad-input matrix (each a one-line error, exit 1,
//! the corpus and its git history unchanged and `git fsck` clean), `add` killed at random
//! points, and two `add`s at once.

use crate::common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestEnv, bad_value, corpus, fsck_clean, git, refused};

#[test]
fn utf16_files_say_so_and_how_to_convert() {
    let (env, before) = corpus();
    let mut little = vec![0xFF, 0xFE];
    let mut big = vec![0xFE, 0xFF];
    for unit in "Hello there.".encode_utf16() {
        little.extend(unit.to_le_bytes());
        big.extend(unit.to_be_bytes());
    }
    for (name, bytes) in [("le.txt", little), ("be.txt", big)] {
        let file = env.file(name, bytes);
        refused(
            &env,
            &before,
            &["add", file.to_str().unwrap(), "--date", "2022-01-01"],
            "this file is UTF-16, not UTF-8\nhint: convert it to UTF-8 first",
        );
    }
    let nul = env.file("nul.txt", b"Text\0with a NUL.");
    refused(&env, &before, &["add", nul.to_str().unwrap(), "--date", "2022-01-01"], "a NUL byte at offset 4");
}

#[test]
fn names_a_reference_or_windows_would_read_otherwise() {
    let (env, before) = corpus();
    let good = env.file("good.txt", "A good paragraph.");
    let good = good.to_str().unwrap();
    for bad in ["latest", "first", "con", "nul", "aux", "prn", "com1", "lpt9"] {
        bad_value(
            &env,
            &before,
            &["add", good, "--date", "2022-01-01", "--series", bad],
            &format!("invalid series \"{bad}\""),
        );
        bad_value(
            &env,
            &before,
            &["add", good, "--date", "2022-01-01", "--slug", bad],
            &format!("invalid slug \"{bad}\""),
        );
    }
    for bad in ["a\\b", "-x", "..", "a/../b"] {
        bad_value(
            &env,
            &before,
            &["add", good, "--date", "2022-01-01", &format!("--series={bad}")],
            "invalid series",
        );
    }
    // Names that only look alike are fine.
    env.ok(&["add", good, "--date", "2022-01-01", "--series", "console", "--slug", "com10"]);
}

#[test]
fn stored_files_with_broken_front_matter_are_named() {
    let (env, _) = corpus();
    let stored = env.corpus().join("coalition/2021-06-28-rome.md");
    let text = std::fs::read_to_string(&stored).unwrap();
    for (broken, expected) in [
        (text.replacen("date = 2021-06-28", "date = \"June\"", 1), "coalition/2021-06-28-rome.md"),
        (text.replacen("+++", "+-+", 1), "coalition/2021-06-28-rome.md"),
        (text.replacen("title = ", "title = [", 1), "coalition/2021-06-28-rome.md"),
    ] {
        std::fs::write(&stored, broken).unwrap();
        let message = env.fails(&["show", "rome"]);
        assert!(message.contains(expected), "{message}");
        assert!(message.contains("fix the file by hand or re-add it with --replace"), "{message}");
    }
    std::fs::write(&stored, text).unwrap();
}

#[test]
fn a_corpus_outside_git_a_detached_head_and_uncommitted_edits_are_refused() {
    // communique.toml in a folder that is in no git repository.
    let env = TestEnv::new();
    let bare = env.path().join("nogit");
    std::fs::create_dir(&bare).unwrap();
    std::fs::write(bare.join("communique.toml"), "").unwrap();
    let file = env.file("a.txt", "Text.");
    let out = env
        .command()
        .arg("-C")
        .arg(&bare)
        .args(["add", "--series", "s", "--date", "2020-01-01", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    common::assert_error_shape(&stderr);
    assert!(stderr.contains("is not inside a git work tree\nhint: run `git init` there"), "{stderr}");
    assert_eq!(std::fs::read_dir(&bare).unwrap().count(), 1, "nothing written");

    // A detached HEAD: no branch to commit to.
    let (env, _) = corpus();
    let head = git(&env, &env.corpus(), &["rev-parse", "HEAD"]);
    git(&env, &env.corpus(), &["checkout", "-q", "--detach", head.trim()]);
    let before = env.state();
    let file = env.file("b.txt", "More text.");
    refused(
        &env,
        &before,
        &["add", "--series", "coalition", "--date", "2022-01-01", file.to_str().unwrap()],
        "HEAD is detached",
    );
    git(&env, &env.corpus(), &["checkout", "-q", "-"]);

    // An uncommitted edit that --replace would overwrite, or rm would delete.
    let stored = env.corpus().join("coalition/2021-06-28-rome.md");
    let edited = std::fs::read_to_string(&stored).unwrap().replace("Rome", "Roma");
    std::fs::write(&stored, &edited).unwrap();
    let before = env.state();
    let seed = common::seed();
    let replace = [
        "add",
        seed.to_str().unwrap(),
        "--series",
        "coalition",
        "--date",
        "2021-06-28",
        "--place",
        "Rome",
        "--replace",
    ];
    let message = env.fails(&replace);
    assert!(message.contains("coalition/2021-06-28-rome.md has uncommitted edits"), "{message}");
    assert_eq!(env.state(), before);
    assert!(env.fails(&["rm", "rome"]).contains("uncommitted edits"));
    assert_eq!(std::fs::read_to_string(&stored).unwrap(), edited, "the edit is still there");
}

/// 200 FOMC statements as files to add.
fn two_hundred(env: &TestEnv) -> Vec<PathBuf> {
    let dir = env.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    common::fomc_statements()
        .iter()
        .take(200)
        .map(|p| {
            let copy = dir.join(p.file_name().unwrap());
            std::fs::copy(p, &copy).unwrap();
            copy
        })
        .collect()
}

/// The ids `list` reports (which also finishes or undoes an interrupted change).
fn ids(env: &TestEnv) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    json["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn add_killed_at_any_point_leaves_all_or_nothing() {
    let env = TestEnv::with_corpus();
    let files = two_hundred(&env);
    let add = |env: &TestEnv| {
        let mut cmd = env.command();
        cmd.args(["-C", "corpus", "add", "--series", "fomc"])
            .args(&files)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    };
    // How long a whole add takes here, on a corpus thrown away.
    let timing = TestEnv::with_corpus();
    let started = Instant::now();
    assert!(add(&timing).status().unwrap().success());
    let whole = started.elapsed();

    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let (mut before_count, mut after_count, mut mid_change) = (0, 0, 0);
    // 24 runs, and up to 24 more while no kill has landed before the change or none after it
    // (a loaded machine can make the timing run slower or faster than the others).
    for run in 0..48 {
        if run >= 24 && before_count > 0 && after_count > 0 {
            break;
        }
        // Kill points spread over the whole run and a little past it.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Half the kills spread over the whole run, half over its end, where files are written.
        let fraction = (seed % 1000) as f64 / 1000.0;
        let at = match run {
            0..24 if run % 2 == 0 => whole.mul_f64(fraction * 1.1),
            0..24 => whole.mul_f64(0.75 + fraction * 0.3),
            // Extra runs: early when no kill came before the change, late when none after.
            _ if before_count == 0 => whole.mul_f64(fraction * 0.2),
            _ => whole.mul_f64(2.0 + fraction),
        };
        let mut child = add(&env).spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        mid_change += usize::from(env.corpus().join(".communique-transaction").exists());
        let listed = ids(&env);
        assert_eq!(
            git(&env, &env.corpus(), &["status", "--porcelain", "--untracked-files=all"]),
            "",
            "run {run}: killed after {at:?}"
        );
        fsck_clean(&env);
        // A pack being written when the kill came leaves nothing where git looks for packs
        // (libgit2's temporaries are written in a folder of ours).
        let packs = std::fs::read_dir(env.corpus().join(".git/objects/pack")).unwrap();
        let names: Vec<String> =
            packs.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(names.iter().all(|name| !name.starts_with("pack_git2_")), "run {run}: {names:?}");
        match listed.len() {
            0 => {
                before_count += 1;
                assert_eq!(
                    git(&env, &env.corpus(), &["rev-list", "--count", "HEAD"]).trim(),
                    "1",
                    "run {run}"
                );
            }
            200 => {
                after_count += 1;
                assert_eq!(
                    git(&env, &env.corpus(), &["rev-list", "--count", "HEAD"]).trim(),
                    "2",
                    "run {run}"
                );
                // Start again from nothing for the next run.
                git(&env, &env.corpus(), &["reset", "-q", "--hard", "HEAD~1"]);
                assert!(ids(&env).is_empty());
            }
            n => panic!("run {run}: killed after {at:?}, {n} of 200 meetings are there"),
        }
    }
    assert!(
        before_count > 0 && after_count > 0,
        "kills landed before ({before_count}) and after ({after_count})"
    );
    eprintln!(
        "{before_count} runs left nothing, {after_count} everything; {mid_change} were killed mid-change"
    );
}

/// What a process killed while writing a pack left in our folder for it is removed by the next
/// change, and git never sees it as garbage.
#[test]
fn a_pack_left_half_written_is_removed_by_the_next_change() {
    let env = TestEnv::with_corpus();
    let incoming = env.corpus().join(".git/objects/communique-incoming");
    std::fs::create_dir(&incoming).unwrap();
    std::fs::write(incoming.join("pack_git2_0123456789abcdef"), vec![7u8; 4096]).unwrap();
    std::fs::write(incoming.join("pack-0123456789abcdef0123456789abcdef01234567.idx"), "half").unwrap();
    let counted = git(&env, &env.corpus(), &["count-objects", "-v"]);
    assert!(counted.contains("size-garbage: 0"), "{counted}");
    let file = env.path().join("2030-01-01.txt");
    std::fs::write(&file, "Statement.\n\nThe Committee decided.\n").unwrap();
    env.ok(&["add", "--series", "syn", file.to_str().unwrap()]);
    assert!(!incoming.exists(), "the leftover is removed");
    // And by a large change, which writes a pack there.
    std::fs::create_dir(&incoming).unwrap();
    std::fs::write(incoming.join("pack_git2_fedcba9876543210"), "left").unwrap();
    let files = two_hundred(&env);
    let mut args = vec!["add", "--series", "fomc"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    env.ok(&args);
    assert!(!incoming.exists(), "the leftover is removed, and the pack moved out");
    let counted = git(&env, &env.corpus(), &["count-objects", "-v"]);
    assert!(counted.contains("\npacks: 1\n") && counted.contains("size-garbage: 0"), "{counted}");
    fsck_clean(&env);
}

#[test]
fn two_adds_at_once_both_land_one_after_the_other() {
    let env = TestEnv::with_corpus();
    let files = two_hundred(&env);
    let (first, second) = files.split_at(100);
    let spawn = |part: &[PathBuf]| {
        env.command()
            .args(["-C", "corpus", "add", "--series", "fomc"])
            .args(part)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(first), spawn(second));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    assert_eq!(ids(&env).len(), 200, "no meeting lost");
    assert_eq!(git(&env, &env.corpus(), &["rev-list", "--count", "HEAD"]).trim(), "3");
    assert_eq!(git(&env, &env.corpus(), &["status", "--porcelain"]), "");
    fsck_clean(&env);

    // The same meeting twice at once: one lands, the other says it exists.
    let file = env.file("2030-01-01.txt", "The Committee met.");
    let spawn_one = || {
        env.command()
            .args(["-C", "corpus", "add", "--series", "fomc", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn_one(), spawn_one());
    let outcomes = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    assert_eq!(outcomes.iter().filter(|o| o.status.success()).count(), 1);
    let failed = outcomes.iter().find(|o| !o.status.success()).unwrap();
    assert!(String::from_utf8_lossy(&failed.stderr).contains("already exists"));
    assert_eq!(ids(&env).len(), 201);
}

#[test]
fn a_held_lock_makes_the_other_add_wait_then_give_up_cleanly() {
    let (env, before) = corpus();
    // Hold the corpus lock from outside, as a running communique would.
    let lock_path = env.corpus().join(".git/communique/lock");
    let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).unwrap();
    lock.lock().unwrap();
    let file = env.file("c.txt", "Text.");
    let started = Instant::now();
    let message =
        env.fails(&["add", "--series", "coalition", "--date", "2022-01-01", file.to_str().unwrap()]);
    assert!(started.elapsed() >= Duration::from_secs(15), "it waited for the lock");
    assert!(message.contains("the corpus is busy"), "{message}");
    assert!(message.ends_with("\nhint: try again when it has finished"), "{message}");
    assert_eq!(env.state(), before);
    drop(lock);
    env.ok(&["add", "--series", "coalition", "--date", "2022-01-01", file.to_str().unwrap()]);
}

/// `size` bytes of real FOMC paragraphs, each made unique, one per line with blank lines between.
fn large_text(size: usize) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for path in common::fomc_statements() {
        let text = std::fs::read_to_string(&path).unwrap();
        let (_, body) = communique::document::storage::split_front_matter(&text).unwrap();
        paragraphs.extend(communique::document::storage::body_paragraphs(body).map(str::to_string));
    }
    paragraphs.sort();
    let (mut out, mut total, mut k) = (Vec::new(), 0, 0);
    while total < size {
        let p = format!("{} (copy {k})", paragraphs[k % paragraphs.len()]);
        total += p.len() + 2;
        out.push(p);
        k += 1;
    }
    out
}

/// Runs the binary with its address space limited to `megabytes`.
fn bounded(env: &TestEnv, megabytes: usize, args: &[&str]) -> std::process::Output {
    let command = format!("ulimit -v {}; exec \"$0\" \"$@\"", megabytes * 1024);
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .arg(env!("CARGO_BIN_EXE_communique"))
        .args(args)
        .current_dir(env.path())
        .env("HOME", env.path().join("home"))
        .output()
        .unwrap()
}

#[test]
fn a_50_mb_file_and_a_5_mb_paragraph_are_accepted_and_diffed_in_bounded_memory() {
    let env = TestEnv::with_corpus();
    let a = large_text(50_000_000);
    let mut b = a.clone();
    for i in (0..b.len()).step_by(50) {
        b[i] = b[i].replacen(" the ", " a ", 1);
    }
    for i in (0..b.len()).rev().step_by(200) {
        b.remove(i);
    }
    let (a_file, b_file) = (env.file("a.txt", a.join("\n\n")), env.file("b.txt", b.join("\n\n")));
    let limit = 1500; // MB of address space: 15 times the two inputs
    let out = bounded(&env, limit, &["diff", "a.txt", "b.txt", "--stat"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stat = String::from_utf8(out.stdout).unwrap();
    assert!(
        stat.lines().last().unwrap().contains(&format!("{} paragraphs", a.len())),
        "{}",
        stat.lines().last().unwrap()
    );

    let out = bounded(
        &env,
        limit,
        &["-C", "corpus", "add", "--series", "big", "--date", "2020-01-01", a_file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = env.ok(&["list", "--format", "json"]);
    assert!(listed.contains(&format!("\"paragraphs\": {}", a.len())), "{listed}");
    let _ = b_file;

    // One paragraph of 5 MB, a few thousand words changed.
    let words: Vec<String> = a.join(" ").split_whitespace().take(800_000).map(str::to_string).collect();
    let mut changed = words.clone();
    for i in (0..changed.len()).step_by(300) {
        changed[i] = "changed".into();
    }
    env.file("p1.txt", words.join(" "));
    env.file("p2.txt", changed.join(" "));
    let out = bounded(&env, limit, &["diff", "p1.txt", "p2.txt", "--stat"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("1 paragraph: 1 modified"));
}

#[test]
fn escape_sequences_in_any_field_never_reach_the_terminal_raw() {
    let env = TestEnv::with_corpus();
    let evil = "Red \x1b[31mtext\x1b[0m, a title \x1b]0;pwned\x07 and a bell\x07.";
    let file = env.file("e.txt", format!("{evil}\n\nThe Committee met. {evil}\n"));
    let out =
        env.run(&["add", file.to_str().unwrap(), "--series", "s", "--date", "2020-01-01", "--slug", "e"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // `add` refuses control characters in --title and --place (tests/it/escaping.rs), so they
    // come in by a hand edit of the stored front matter.
    let stored = env.corpus().join("s/2020-01-01-e.md");
    let toml = |text: &str| text.replace('\x1b', "\\u001b").replace('\x07', "\\u0007");
    let text = std::fs::read_to_string(&stored).unwrap().replacen(
        "+++\n",
        &format!("+++\ntitle = \"Title {}\"\nplace = \"{}\"\n", toml(evil), toml(evil)),
        1,
    );
    std::fs::write(&stored, text).unwrap();
    let other = env.file("f.txt", "The Committee met again.\n");
    env.ok(&["add", other.to_str().unwrap(), "--series", "s", "--date", "2020-02-01"]);
    for args in [
        &["list"][..],
        &["show", "s:first"],
        &["diff", "s:first", "s:latest"],
        &["blame", "committee met"],
        &["annotate", "s:first"],
        &["grep", "red"],
        &["log"],
        &["report", "s:first", "s:latest"],
        &["--color", "always", "show", "s:first"],
    ] {
        let out = env.run(args);
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let raw = text.contains('\x07') || text.contains("\x1b]") || text.contains("\x1b[31m");
            assert!(!raw, "{args:?} let a raw escape into {stream}: {text:?}");
        }
    }
    // An error quoting the input sanitizes it too.
    let out = env.run(&["show", "\x1b]0;x\x07"]);
    assert_eq!(out.code, 1);
    assert!(!out.stderr.contains('\x07') && !out.stderr.contains("\x1b]"), "{:?}", out.stderr);
}

/// A text full of figures, every one of them changed: a table of rates the importer joins into
/// one paragraph, and a long run of "(May)". Figures are compared with those of about their
/// rank, not with every other (which took 73 s and 8.5 GB for the 400 KB table), and the
/// checks around each figure look a bounded way back.
#[test]
fn a_text_full_of_changed_figures_is_diffed_in_bounded_memory() {
    let env = TestEnv::with_corpus();
    let table = |shift: usize| -> String {
        (0..8_000)
            .map(|i| format!("rate {i} from {}.25 to {}.50 percent ", i % 7 + shift, i % 5 + shift))
            .collect()
    };
    env.file("a.txt", table(0));
    env.file("b.txt", table(1));
    let out = bounded(&env, 1500, &["diff", "a.txt", "b.txt", "--stat"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stat = String::from_utf8(out.stdout).unwrap();
    assert!(stat.contains("Figures that changed:"), "{}", &stat[..stat.len().min(400)]);
    let mays = |extra: &str| format!("{extra}{}", "(May) ".repeat(50_000));
    env.file("c.txt", mays(""));
    env.file("d.txt", mays("In "));
    let out = bounded(&env, 1500, &["diff", "c.txt", "d.txt", "--stat"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // `add` keeps the counts of the change it makes, without looking for figures.
    let out = bounded(&env, 1500, &["-C", "corpus", "add", "--series", "t", "--date", "2020-01-01", "a.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = bounded(&env, 1500, &["-C", "corpus", "add", "--series", "t", "--date", "2020-02-01", "b.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
