//! Nothing lost, nothing written outside: where communique writes (special files, symbolic
//! links), what it agrees to read (special files, size limits), many processes at once, a full
//! disk, and git hooks. Each test names the class of bad input it covers; the README's
//! "Reliability" section lists them all.

use crate::common;

use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::optional::{self, Need};
use common::{TestEnv, corpus, fsck_clean, git, refused};

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// A null device (as /dev/null: character device 1, 3) made in `dir`, or why not.
fn null_device(dir: &Path) -> Result<PathBuf, String> {
    let null = dir.join("null");
    let out = Command::new("mknod").arg(&null).args(["c", "1", "3"]).output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(null)
    } else {
        Err(format!("`mknod` could not make a device ({})", String::from_utf8_lossy(&out.stderr).trim()))
    }
}

// ---------------------------------------------------------------------------------------------
// Class: output paths that are not plain files (`report -o`)

/// Reads a FIFO in another process while `f` runs; what was read.
fn read_fifo_while(fifo: &Path, f: impl FnOnce()) -> Vec<u8> {
    let reader =
        Command::new("timeout").args(["10", "cat"]).arg(fifo).stdout(Stdio::piped()).spawn().unwrap();
    f();
    // If nothing opened the FIFO for writing, `cat` is still waiting: open it ourselves
    // (without blocking) so it sees the end.
    let _ = std::fs::OpenOptions::new().write(true).custom_flags(libc_o_nonblock()).open(fifo);
    reader.wait_with_output().unwrap().stdout
}

/// `O_NONBLOCK` on Linux.
fn libc_o_nonblock() -> i32 {
    0o4000
}

#[test]
fn report_output_into_a_fifo_writes_through_it_and_keeps_it() {
    let (env, _) = corpus();
    env.ok(&[
        "add",
        "--series",
        "coalition",
        "--date",
        "2022-01-01",
        env.file("2022-01-01.txt", "New text.").to_str().unwrap(),
    ]);
    let fifo = env.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let read = read_fifo_while(&fifo, || {
        env.ok(&[
            "report",
            "coalition:latest~1",
            "coalition:latest",
            "--format",
            "md",
            "-o",
            fifo.to_str().unwrap(),
        ]);
    });
    assert!(String::from_utf8_lossy(&read).contains("New text."), "the report went through the FIFO");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
}

#[test]
fn report_output_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let (env, _) = corpus();
    env.ok(&[
        "add",
        "--series",
        "coalition",
        "--date",
        "2022-01-01",
        env.file("2022-01-01.txt", "New text.").to_str().unwrap(),
    ]);
    let target = env.file("target.md", "old content");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = env.path().join("link.md");
    symlink("target.md", &link).unwrap();
    env.ok(&["report", "coalition:latest~1", "coalition:latest", "-o", "link.md"]);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("New text."), "the target holds the report");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the file keeps its permissions");
    // A link to a file that does not exist yet: the file is created where the link points.
    let dangling = env.path().join("dangling.md");
    symlink("made.md", &dangling).unwrap();
    env.ok(&["report", "coalition:latest~1", "coalition:latest", "-o", "dangling.md"]);
    assert!(std::fs::read_to_string(env.path().join("made.md")).unwrap().contains("New text."));
    assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
    let leftovers: Vec<_> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn report_output_into_a_device_writes_to_it_and_a_folder_is_refused() {
    let (env, _) = corpus();
    env.ok(&[
        "add",
        "--series",
        "coalition",
        "--date",
        "2022-01-01",
        env.file("2022-01-01.txt", "New text.").to_str().unwrap(),
    ]);
    let report = |out: &str| env.run(&["report", "coalition:latest~1", "coalition:latest", "-o", out]);
    // A null device: written to, never replaced. Not root, /dev/null itself: a writer that
    // replaced it could not (/dev is not writable) and would fail. As root, a null device of our
    // own (as /dev/null is), so that such a writer cannot harm the machine.
    let null = if is_root() {
        optional::available(Need::DeviceNodes, null_device(env.path()))
    } else {
        Some("/dev/null".into())
    };
    if let Some(null) = null {
        assert_eq!(report(null.to_str().unwrap()).code, 0);
        assert!(std::fs::symlink_metadata(&null).unwrap().file_type().is_char_device(), "still a device");
    }
    // A device that is always full: the error says so.
    let out = report("/dev/full");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: cannot write /dev/full: no space left on device\nhint: free some space and try again\n"
    );
    assert!(std::fs::symlink_metadata("/dev/full").unwrap().file_type().is_char_device());
    std::fs::create_dir(env.path().join("folder")).unwrap();
    let message = env.fails(&["report", "coalition:latest~1", "coalition:latest", "-o", "folder"]);
    assert_eq!(message, "error: cannot write folder: is a folder\nhint: name a file to write");
    assert!(env.path().join("folder").is_dir());
}

// ---------------------------------------------------------------------------------------------
// Class: symbolic links inside the corpus (nothing is ever written outside it)

#[test]
fn add_refuses_a_series_folder_that_is_a_symlink_before_writing_anything() {
    let (env, _) = corpus();
    let outside = env.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    symlink(&outside, env.corpus().join("elsewhere")).unwrap();
    let before = env.state();
    let file = env.file("2022-01-01.txt", "The Ministers met.");
    let message = env.fails(&["add", "--series", "elsewhere", file.to_str().unwrap()]);
    assert!(message.contains("symbolic link"), "{message}");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing written outside the corpus");
    assert_eq!(env.state(), before);
    fsck_clean(&env);
}

#[test]
fn add_refuses_a_committed_symlink_series_and_a_symlinked_meeting_file() {
    let (env, _) = corpus();
    // A series folder that is a committed symbolic link.
    let outside = env.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    symlink(&outside, env.corpus().join("linked")).unwrap();
    git(&env, &env.corpus(), &["add", "linked"]);
    git(&env, &env.corpus(), &["-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "link"]);
    let before = env.state();
    let file = env.file("2022-01-01.txt", "The Ministers met.");
    refused(&env, &before, &["add", "--series", "linked", file.to_str().unwrap()], "symbolic link");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);

    // A meeting file replaced by a link to a file outside: --replace and rm must not write
    // through it or remove what it points to.
    let victim = env.file("victim.txt", "not the corpus's");
    let stored = env.corpus().join("coalition/2021-06-28-rome.md");
    std::fs::remove_file(&stored).unwrap();
    symlink(&victim, &stored).unwrap();
    let before = env.state();
    let file = env.file("2021-06-28.txt", "Corrected text.");
    let message =
        env.fails(&["add", "--replace", "--series", "coalition", "--slug", "rome", file.to_str().unwrap()]);
    assert!(message.contains("symbolic link"), "{message}");
    let message = env.fails(&["rm", "coalition/2021-06-28-rome"]);
    assert!(message.contains("symbolic link"), "{message}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not the corpus's");
    assert_eq!(env.state(), before);
}

#[test]
fn links_left_where_communique_writes_its_temporary_files_are_not_followed() {
    let (env, _) = corpus();
    let victim = env.file("victim.txt", "not the corpus's");
    // Where the journal and a meeting file are first written, before being renamed.
    symlink(&victim, env.corpus().join("..communique-transaction.tmp")).unwrap();
    symlink(&victim, env.corpus().join("coalition/.2022-01-01.md.tmp")).unwrap();
    let file = env.file("2022-01-01.txt", "New text.");
    env.ok(&["add", "--series", "coalition", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not the corpus's");
    assert!(env.ok(&["show", "coalition/2022-01-01"]).contains("New text."));
    assert_eq!(git(&env, &env.corpus(), &["status", "--porcelain", "--untracked-files=all"]), "");
}

#[test]
fn a_journal_communique_did_not_write_resets_nothing() {
    let (env, _) = corpus();
    // An edit of the user's, and a file named like our journal naming that meeting.
    let stored = env.corpus().join("coalition/2021-06-28-rome.md");
    let edited = std::fs::read_to_string(&stored).unwrap() + "\nAn edit not yet committed.\n";
    std::fs::write(&stored, &edited).unwrap();
    std::fs::write(env.corpus().join(".communique-transaction"), "notes\ncoalition/2021-06-28-rome.md\n")
        .unwrap();
    // Reading warns and goes on; writing refuses; the edit is kept.
    let out = env.run(&["list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("not a journal communique wrote"), "{}", out.stderr);
    let file = env.file("2022-01-01.txt", "New text.");
    let message = env.fails(&["add", "--series", "coalition", file.to_str().unwrap()]);
    assert!(message.contains("not a journal communique wrote"), "{message}");
    assert_eq!(std::fs::read_to_string(&stored).unwrap(), edited);
}

// ---------------------------------------------------------------------------------------------
// Class: input files that are not plain files, or too large

#[test]
fn add_refuses_devices_and_fifos_at_once() {
    let (env, before) = corpus();
    let started = Instant::now();
    let message = env.fails(&["add", "--series", "coalition", "--date", "2022-01-01", "/dev/zero"]);
    assert!(message.contains("not a regular file"), "{message}");
    let fifo = env.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let message =
        env.fails(&["add", "--series", "coalition", "--date", "2022-01-01", fifo.to_str().unwrap()]);
    assert!(message.contains("not a regular file"), "{message}");
    let message = env.fails(&["diff", "/dev/zero", "coalition:latest"]);
    assert!(message.contains("not a regular file"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(5), "refused without reading");
    assert_eq!(env.state(), before);
}

#[test]
fn add_refuses_a_file_over_the_size_limit_without_reading_it_and_the_limit_can_be_raised() {
    let (env, before) = corpus();
    // A 3 GB sparse file: refused from its size alone.
    let sparse = env.path().join("2022-01-01.txt");
    let file = std::fs::File::create(&sparse).unwrap();
    file.set_len(3_000_000_000).unwrap();
    let started = Instant::now();
    let message = env.fails(&["add", "--series", "coalition", sparse.to_str().unwrap()]);
    assert!(started.elapsed() < Duration::from_secs(2), "refused from its size");
    assert!(message.contains("--max-size"), "{message}");
    let message = env.fails(&["diff", sparse.to_str().unwrap(), "coalition:latest"]);
    assert!(message.contains("--max-size"), "{message}");
    assert_eq!(env.state(), before);

    // A 2 MB text is refused under a 1 MB limit and accepted when the limit is raised.
    let line = "The Committee decided to maintain the target range for the federal funds rate. ";
    let text: String = (0..2_000_000 / line.len()).map(|i| format!("{i} {line}\n\n")).collect();
    let big = env.file("2022-02-02.txt", &text);
    let message = env.fails(&["add", "--series", "coalition", "--max-size", "1M", big.to_str().unwrap()]);
    assert!(message.contains("1 MiB") && message.contains("--max-size"), "{message}");
    env.ok(&["add", "--series", "coalition", "--max-size", "3M", big.to_str().unwrap()]);
    // A size that is not a size is a usage error (exit 2), clap's message naming the flag.
    let out = env.run(&["add", "--series", "coalition", "--max-size", "lots", big.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: invalid value 'lots' for '--max-size"), "{}", out.stderr);
}

#[test]
fn a_binary_file_is_refused_from_its_first_block() {
    let (env, before) = corpus();
    // Binary from the first block on, and 200 MB long (over the default limit it would be
    // refused for its size; here the limit is raised so the first block decides).
    let path = env.path().join("2022-01-01.txt");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.resize(4096, 7);
    std::fs::write(&path, &bytes).unwrap();
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(200_000_000).unwrap();
    let started = Instant::now();
    let message = env.fails(&["add", "--series", "coalition", "--max-size", "1G", path.to_str().unwrap()]);
    assert!(message.contains("binary"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(2), "refused from the first block");
    assert_eq!(env.state(), before);
}

// ---------------------------------------------------------------------------------------------
// Class: many processes at once

#[test]
fn writers_and_readers_at_once_never_fail_each_other() {
    let env = TestEnv::with_corpus();
    env.ok(&[
        "add",
        "--series",
        "s",
        "--date",
        "2000-01-01",
        env.file("2000-01-01.txt", "First.").to_str().unwrap(),
    ]);
    let stop = Instant::now() + Duration::from_secs(20);
    let outcome = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..8)
            .map(|w| {
                let env = &env;
                scope.spawn(move || {
                    let mut done = Vec::new();
                    let mut i = 0;
                    while Instant::now() < stop {
                        i += 1;
                        let date = format!("{}-{:02}-{:02}", 2001 + w, 1 + (i / 28) % 12, 1 + i % 28);
                        let file = env.file(&format!("{date}.txt"), format!("Writer {w}, meeting {i}."));
                        let out = env.run(&["add", "--series", "s", file.to_str().unwrap()]);
                        if out.code == 0 {
                            done.push(format!("s/{date}"));
                        } else {
                            assert!(
                                out.stderr.contains("the corpus is busy"),
                                "writer {w}, add {i} failed: {}",
                                out.stderr
                            );
                        }
                    }
                    done
                })
            })
            .collect();
        let readers: Vec<_> = (0..4)
            .map(|r| {
                let env = &env;
                scope.spawn(move || {
                    let mut reads = 0;
                    while Instant::now() < stop {
                        let args: &[&str] = match reads % 3 {
                            0 => &["list"],
                            1 => &["show", "s:latest"],
                            _ => &["log", "-n", "3"],
                        };
                        let out = env.run(args);
                        assert_eq!(out.code, 0, "reader {r}: {args:?}: {}", out.stderr);
                        reads += 1;
                    }
                    reads
                })
            })
            .collect();
        let added: Vec<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
        let reads: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
        (added, reads)
    });
    let (added, reads) = outcome;
    assert!(added.len() > 40 && reads > 40, "{} adds, {reads} reads", added.len());
    let listed = env.ok(&["list", "--format", "json"]);
    for id in &added {
        assert!(listed.contains(&format!("\"{id}\"")), "{id} was added but is not listed");
    }
    assert_eq!(git(&env, &env.corpus(), &["status", "--porcelain", "--untracked-files=all"]), "");
    assert_eq!(
        git(&env, &env.corpus(), &["rev-list", "--count", "HEAD"]).trim(),
        (added.len() + 2).to_string(),
        "one commit per add"
    );
    fsck_clean(&env);
}

#[test]
fn init_twice_at_once_makes_one_corpus() {
    for _ in 0..10 {
        let env = TestEnv::new();
        let spawn = || {
            env.command()
                .args(["init", "corpus"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let outcomes = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        assert!(outcomes.iter().any(|o| o.status.success()));
        for failed in outcomes.iter().filter(|o| !o.status.success()) {
            let stderr = String::from_utf8_lossy(&failed.stderr);
            assert!(stderr.contains("already a corpus") || stderr.contains("busy"), "{stderr}");
        }
        assert_eq!(git(&env, &env.corpus(), &["rev-list", "--count", "HEAD"]).trim(), "1");
        assert_eq!(git(&env, &env.corpus(), &["status", "--porcelain"]), "");
    }
}

// ---------------------------------------------------------------------------------------------
// Class: a full disk

/// Whether this machine lets a process mount in a private user and mount namespace (not in
/// most containers), or why not.
fn private_mounts() -> Result<(), String> {
    match Command::new("unshare").args(["-rm", "true"]).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`unshare -rm true` failed ({}) to mount a small tmpfs as a full disk",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("no `unshare` (util-linux) to mount a small tmpfs as a full disk: {e}")),
    }
}

/// Runs `script` with `$BIN` set to the binary, in a private mount namespace where `dir` is a
/// fresh tmpfs of `kilobytes`; `None` (after a `SKIPPED:` line) where this machine does not
/// allow that.
fn on_a_small_disk(
    env: &TestEnv,
    dir: &Path,
    kilobytes: usize,
    script: &str,
) -> Option<std::process::Output> {
    optional::available(Need::UserNamespaces, private_mounts())?;
    let script = format!("mount -t tmpfs -o size={kilobytes}k tmpfs \"$DIR\" && {script}");
    Some(
        Command::new("unshare")
            .args(["-rm", "sh", "-c", &script])
            .current_dir(env.path())
            .env("BIN", env!("CARGO_BIN_EXE_communique"))
            .env("DIR", dir)
            .env("HOME", env.path().join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap(),
    )
}

#[test]
fn a_full_disk_says_so_and_keeps_the_corpus() {
    let env = TestEnv::new();
    let disk = env.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let big = env.file("2022-01-01.txt", "The Ministers met in Rome. ".repeat(40_000));
    // On a 600 KB disk: make a corpus, add one meeting, fill the disk, add a 1 MB meeting.
    // Then, as if a change had been interrupted (a journal naming an edited file), fill the
    // disk again and read: the reader cannot undo the change, says so, and still lists; with
    // space again, the next command undoes it.
    let script = format!(
        "cd \"$DIR\" && \"$BIN\" init corpus >/dev/null && \
         printf 'The Ministers met.\\n' > 2021-06-28.txt && \
         \"$BIN\" -C corpus add --series s 2021-06-28.txt >/dev/null && \
         (head -c 10000000 /dev/zero > filler 2>/dev/null; true) && \
         (\"$BIN\" -C corpus add --series s {big} 2>\"$HOME/add.err\"; echo \"add exit $?\" >> \"$HOME/add.err\") ; \
         rm -f filler; cat \"$HOME/add.err\"; \"$BIN\" -C corpus list; echo \"list exit $?\"; \
         git -C corpus status --porcelain; git -C corpus fsck --no-progress 2>&1; echo \"fsck exit $?\"; \
         printf '+++\\nseries = \"s\"\\ndate = 2021-06-28\\n+++\\n\\nThe new text.\\n' > corpus/s/2021-06-28.md; \
         printf 'communique transaction\\ns/2021-06-28.md\\t%s\\n' \"$(git hash-object corpus/s/2021-06-28.md)\" > corpus/.communique-transaction; \
         (head -c 10000000 /dev/zero > filler 2>/dev/null; true); \
         \"$BIN\" -C corpus list > \"$HOME/pending.out\" 2> \"$HOME/pending.err\"; echo \"pending exit $?\"; \
         cat \"$HOME/pending.err\"; rm -f filler; \
         \"$BIN\" -C corpus list 2>&1; echo \"recovered exit $?\"; \
         git -C corpus status --porcelain; cat corpus/s/2021-06-28.md",
        big = big.display()
    );
    let Some(out) = on_a_small_disk(&env, &disk, 600, &script) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let all = format!("{stdout}\n--- stderr\n{stderr}");
    let error_lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(error_lines.len(), 1, "one error line:\n{all}");
    assert!(error_lines[0].contains("no space left on device"), "{all}");
    assert!(error_lines[0].contains("nothing was changed"), "{all}");
    assert!(
        stdout.contains(&format!("{}\nhint: free some space and run the command again\n", error_lines[0])),
        "{all}"
    );
    assert!(stdout.contains("add exit 1"), "{all}");
    assert!(stdout.contains("list exit 0"), "{all}");
    assert!(!stdout.contains("s/2022-01-01"), "{all}");
    assert!(stdout.contains("fsck exit 0"), "{all}");
    // Reading while a change is pending and cannot be settled: a warning, and the listing.
    assert!(stdout.contains("pending exit 0"), "{all}");
    let warning = stdout.lines().find(|l| l.starts_with("warning:")).unwrap_or_default();
    assert!(warning.contains("interrupted change"), "{all}");
    let listed = std::fs::read_to_string(env.path().join("home/pending.out")).unwrap();
    assert!(listed.contains("s/2021-06-28"), "{listed}");
    // With space again, the change is undone: the file is HEAD's again and git status clean.
    assert!(stdout.contains("recovered exit 0"), "{all}");
    let after = stdout.split("recovered exit 0").nth(1).unwrap();
    assert!(after.trim().ends_with("+++\n\nThe Ministers met."), "{all}");
}

// ---------------------------------------------------------------------------------------------
// Class: git hooks (run as `git commit` runs them)

fn hook(env: &TestEnv, name: &str, script: &str) {
    let path = env.corpus().join(".git/hooks").join(name);
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_failing_pre_commit_hook_refuses_the_change_and_no_verify_skips_it() {
    let (env, before) = corpus();
    hook(&env, "pre-commit", "#!/bin/sh\necho 'policy: no meetings on Saturdays' >&2\nexit 1\n");
    let file = env.file("2022-01-01.txt", "New text.");
    let args = ["add", "--series", "coalition", "--date", "2022-01-01", file.to_str().unwrap()];
    // The hook's own words on stderr, as with git, then our error line and its hint.
    for args in [&args[..], &["rm", "coalition/2021-06-28-rome"]] {
        let out = env.run(args);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 3, "{}", out.stderr);
        assert_eq!(lines[0], "policy: no meetings on Saturdays");
        assert!(lines[1].starts_with("error: the pre-commit hook"), "{}", lines[1]);
        assert_eq!(lines[2], "hint: fix what it says, or pass --no-verify to skip it");
        assert_eq!(env.state(), before);
        fsck_clean(&env);
    }

    // The hook sees the change staged, as with `git commit`.
    hook(&env, "pre-commit", "#!/bin/sh\ngit diff --cached --name-only > ../staged.txt\n");
    env.ok(&args);
    let staged = std::fs::read_to_string(env.path().join("staged.txt")).unwrap();
    assert_eq!(staged.trim(), "coalition/2022-01-01.md");

    hook(&env, "pre-commit", "#!/bin/sh\nexit 1\n");
    let file = env.file("2022-02-02.txt", "Another text.");
    env.ok(&["add", "--no-verify", "--series", "coalition", "--date", "2022-02-02", file.to_str().unwrap()]);
    env.ok(&["rm", "--no-verify", "coalition/2022-02-02"]);
}

#[test]
fn a_post_commit_hook_runs_after_the_commit() {
    let (env, _) = corpus();
    hook(&env, "post-commit", "#!/bin/sh\ngit log -1 --format=%s > ../after.txt\necho hook-output\nexit 3\n");
    let file = env.file("2022-01-01.txt", "New text.");
    let out = env.run(&["add", "--series", "coalition", "--date", "2022-01-01", file.to_str().unwrap()]);
    assert_eq!(out.code, 0, "a post-commit hook cannot undo the commit: {}", out.stderr);
    assert_eq!(out.stdout, "coalition/2022-01-01\n", "hook output stays off stdout");
    assert!(out.stderr.contains("hook-output"));
    let subject = std::fs::read_to_string(env.path().join("after.txt")).unwrap();
    assert!(subject.contains("coalition/2022-01-01"), "{subject}");
}

// ---------------------------------------------------------------------------------------------
// Class: found by an adversarial pass after the first fixes (each failed on that commit)

#[test]
fn a_journal_naming_edits_and_files_it_did_not_write_loses_nothing() {
    let (env, _) = corpus();
    let stored = env.corpus().join("coalition/2021-06-28-rome.md");
    let edited = std::fs::read_to_string(&stored).unwrap() + "\nMY EDIT\n";
    std::fs::write(&stored, &edited).unwrap();
    std::fs::write(env.corpus().join("my-notes.txt"), "precious").unwrap();
    // A journal in our format, naming the edited meeting and an untracked file.
    std::fs::write(
        env.corpus().join(".communique-transaction"),
        "communique transaction\ncoalition/2021-06-28-rome.md\t0123456789012345678901234567890123456789\nmy-notes.txt\t-\n",
    )
    .unwrap();
    env.ok(&["list"]);
    assert_eq!(std::fs::read_to_string(&stored).unwrap(), edited, "the edit is kept");
    assert_eq!(std::fs::read_to_string(env.corpus().join("my-notes.txt")).unwrap(), "precious");

    assert!(!env.corpus().join(".communique-transaction").exists(), "the journal is settled");

    // A journal that git tracks came with a checkout: never acted on.
    let (env, _) = corpus();
    std::fs::write(env.corpus().join(".communique-transaction"), "communique transaction\nmy-notes.txt\t-\n")
        .unwrap();
    git(&env, &env.corpus(), &["add", ".communique-transaction"]);
    git(&env, &env.corpus(), &["-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "journal"]);
    std::fs::write(env.corpus().join("my-notes.txt"), "precious").unwrap();
    let out = env.run(&["list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("not a journal communique wrote"), "{}", out.stderr);
    assert!(env.corpus().join("my-notes.txt").exists());
    assert!(env.corpus().join(".communique-transaction").exists());
}

#[test]
fn report_to_dev_stdout_appends_through_the_descriptor() {
    let (env, _) = corpus();
    env.ok(&["add", "--series", "coalition", env.file("2022-01-01.txt", "New text.").to_str().unwrap()]);
    let log = env.file("log.txt", "IMPORTANT EARLIER LOG\n");
    let status = env
        .command()
        .args(["-C", "corpus", "report", "coalition:latest~1", "coalition:latest", "-o", "/dev/stdout"])
        .stdout(std::fs::OpenOptions::new().append(true).open(&log).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(written.starts_with("IMPORTANT EARLIER LOG\n") && written.contains("New text."), "{written}");
}

#[test]
fn a_lock_left_on_the_branch_by_a_killed_change_is_cleared_with_its_journal() {
    let (env, _) = corpus();
    let branch = git(&env, &env.corpus(), &["symbolic-ref", "HEAD"]);
    std::fs::write(env.corpus().join(".git").join(format!("{}.lock", branch.trim())), "").unwrap();
    std::fs::write(
        env.corpus().join(".communique-transaction"),
        "communique transaction\ncoalition/2022-01-01.md\t-\n",
    )
    .unwrap();
    env.ok(&["add", "--series", "coalition", env.file("2022-01-01.txt", "New text.").to_str().unwrap()]);
    assert_eq!(git(&env, &env.corpus(), &["status", "--porcelain", "--untracked-files=all"]), "");
}

/// A folder on the way to a journaled path replaced by a link since the change was killed:
/// recovery deletes nothing through it (neither the temporary file there nor a file whose
/// bytes match the journal), and says why the change is not settled.
#[test]
fn recovery_removes_nothing_through_a_folder_that_became_a_link() {
    let (env, _) = corpus();
    let outside = env.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let theirs = outside.join("2030-01-01.md");
    std::fs::write(&theirs, "+++\nseries = \"ext\"\ndate = 2030-01-01\n+++\n\nNot ours.\n").unwrap();
    let temporary = outside.join(".2030-01-01.md.tmp");
    std::fs::write(&temporary, "not ours either").unwrap();
    symlink(&outside, env.corpus().join("ext")).unwrap();
    let id = git(&env, &env.corpus(), &["hash-object", theirs.to_str().unwrap()]);
    std::fs::write(
        env.corpus().join(".communique-transaction"),
        format!("communique transaction\next/2030-01-01.md\t{}\n", id.trim()),
    )
    .unwrap();
    let out = env.run(&["list"]);
    assert!(out.stderr.contains("interrupted change") && out.stderr.contains("link"), "{}", out.stderr);
    let file = env.file("2022-01-01.txt", "New text.");
    let message = env.fails(&["add", "--series", "coalition", file.to_str().unwrap()]);
    assert!(message.contains("link"), "{message}");
    assert!(theirs.exists() && temporary.exists(), "recovery deleted through the link");
    assert!(env.corpus().join(".communique-transaction").exists(), "the change is not settled");
}

/// A change killed after the branch moved leaves files already as HEAD has them: recovery
/// rewrites none of them (same inode), only makes their index entries, and git sees a
/// clean work tree and index. One killed before leaves its files: those are put back.
#[test]
fn recovery_rewrites_only_the_files_that_differ_from_head() {
    use std::os::unix::fs::MetadataExt;
    let (env, _) = corpus();
    let done = "coalition/2021-06-28-rome.md";
    let stored = env.corpus().join(done);
    let id = git(&env, &env.corpus(), &["hash-object", stored.to_str().unwrap()]);
    // Not put back: a new file the change wrote, HEAD did not move for it.
    let new = env.corpus().join("coalition/2030-01-01.md");
    std::fs::write(&new, "+++\nseries = \"coalition\"\ndate = 2030-01-01\n+++\n\nNew.\n").unwrap();
    let new_id = git(&env, &env.corpus(), &["hash-object", new.to_str().unwrap()]);
    let inode = std::fs::metadata(&stored).unwrap().ino();
    std::fs::write(
        env.corpus().join(".communique-transaction"),
        format!(
            "communique transaction\n{done}\t{}\ncoalition/2030-01-01.md\t{}\n",
            id.trim(),
            new_id.trim()
        ),
    )
    .unwrap();
    env.ok(&["list"]);
    assert!(!env.corpus().join(".communique-transaction").exists(), "settled");
    assert_eq!(std::fs::metadata(&stored).unwrap().ino(), inode, "a file as HEAD has it was rewritten");
    assert!(!new.exists(), "the file of the change HEAD does not have is removed");
    assert_eq!(git(&env, &env.corpus(), &["status", "--porcelain", "--untracked-files=all"]), "");
    assert_eq!(git(&env, &env.corpus(), &["diff-files", "--name-only"]), "");
}

#[test]
fn a_series_folder_that_is_a_link_is_not_read() {
    let (env, _) = corpus();
    let outside = env.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(
        outside.join("2021-05-01.md"),
        "+++\nseries = \"ext\"\ndate = 2021-05-01\n+++\n\nSECRET outside.\n",
    )
    .unwrap();
    symlink(&outside, env.corpus().join("ext")).unwrap();
    for args in [&["show", "ext/2021-05-01"][..], &["show", "ext:latest"], &["annotate", "ext/2021-05-01"]] {
        let out = env.run(args);
        assert_ne!(out.code, 0, "{args:?}: {}", out.stdout);
        assert!(!out.stdout.contains("SECRET"), "{args:?}");
    }
    let out = env.run(&["list"]);
    assert!(out.stderr.contains("ext/ is a symbolic link"), "{}", out.stderr);
}

#[test]
fn a_fifo_in_place_of_a_meeting_file_is_refused_not_waited_on() {
    let (env, _) = corpus();
    let stored = env.corpus().join("coalition/2021-06-28-rome.md");
    std::fs::remove_file(&stored).unwrap();
    assert!(Command::new("mkfifo").arg(&stored).status().unwrap().success());
    let started = Instant::now();
    let message = env.fails(&["rm", "coalition/2021-06-28-rome"]);
    assert!(message.contains("not a regular file"), "{message}");
    let file = env.file("2021-06-28.txt", "Corrected.");
    let message =
        env.fails(&["add", "--replace", "--series", "coalition", "--slug", "rome", file.to_str().unwrap()]);
    assert!(message.contains("not a regular file"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_staged_edit_is_not_overwritten() {
    let (env, before) = corpus();
    let stored = env.corpus().join("coalition/2021-06-28-rome.md");
    let original = std::fs::read_to_string(&stored).unwrap();
    std::fs::write(&stored, original.clone() + "\nSTAGED EDIT\n").unwrap();
    git(&env, &env.corpus(), &["add", "coalition/2021-06-28-rome.md"]);
    std::fs::write(&stored, &original).unwrap(); // the work tree as HEAD, the index not
    let staged = env.state();
    assert_ne!(staged, before);
    let file = env.file("2021-06-28.txt", "Corrected.");
    let message =
        env.fails(&["add", "--replace", "--series", "coalition", "--slug", "rome", file.to_str().unwrap()]);
    assert!(message.contains("uncommitted edits"), "{message}");
    assert_eq!(env.state(), staged);
}

#[test]
fn readers_do_not_wait_for_a_change_under_way() {
    let (env, _) = corpus();
    hook(&env, "pre-commit", "#!/bin/sh\nsleep 6\nexit 1\n");
    let file = env.file("2022-01-01.txt", "New text.");
    let mut writer = env
        .command()
        .args(["-C", "corpus", "add", "--series", "coalition", file.to_str().unwrap()])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the change is under way (its journal written).
    let journal = env.corpus().join(".communique-transaction");
    let started = Instant::now();
    while !journal.exists() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(journal.exists(), "the change started");
    let read = Instant::now();
    let out = env.run(&["list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(read.elapsed() < Duration::from_secs(3), "the reader waited {:?}", read.elapsed());
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(!writer.wait().unwrap().success(), "the hook refused the change");
}

#[test]
fn limits_at_their_extremes_neither_panic_nor_suggest_what_they_refuse() {
    let (env, _) = corpus();
    let file = env.file("2022-01-01.txt", "The Ministers met again, this time in Paris, and agreed.");
    env.ok(&[
        "diff",
        "--max-size",
        "18446744073709551615",
        "--",
        file.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    let message = env.fails(&["add", "--series", "coalition", "--max-size", "10", file.to_str().unwrap()]);
    let suggested = message.rsplit("--max-size ").next().unwrap().trim_end_matches(')');
    env.ok(&["add", "--series", "coalition", "--max-size", suggested, file.to_str().unwrap()]);
}

#[test]
fn a_usage_error_quoting_an_escape_sequence_is_shown_escaped() {
    let env = TestEnv::new();
    let out = env.run(&["list", "--format", "\u{1b}]0;PWN\u{7}\u{1b}[2J\u{202e}\u{9b}"]);
    assert_eq!(out.code, 2);
    assert!(!out.stderr.chars().any(|c| c.is_control() && c != '\n' || c == '\u{202e}'), "{:?}", out.stderr);
}
