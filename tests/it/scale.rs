//! No command is quadratic in the size of one meeting: every command runs on a meeting of one
//! huge paragraph (and its successor, with most sentences edited) at n and at 4n bytes, and may
//! take at most about 8 times as long on the larger, where a linear command takes 4 times and a
//! quadratic one 16. Times are the CPU time of the command's process (not wall time), so that
//! other work on the machine, and the other tests running at the same time, disturb them less; the absolute numbers are in BENCHMARKS.md
//! (`scripts/pathological.sh`, release build).

use crate::common;

use std::process::Command;
use std::time::Duration;

use common::TestEnv;

/// The CPU time of `communique ARGS` (and of what it waited for), as the shell's `times`
/// reports it for its one child. Not the CPU time of all this process's children: the other
/// tests of this binary run theirs at the same time.
fn timed(env: &TestEnv, args: &[&str]) -> Duration {
    let template = env.command();
    let mut cmd = Command::new("sh");
    cmd.env_clear().envs(template.get_envs().filter_map(|(k, v)| Some((k, v?))));
    if let Some(dir) = template.get_current_dir() {
        cmd.current_dir(dir);
    }
    let script = r#""$0" "$@" > /dev/null || exit; times"#;
    let out = cmd
        .args(["-c", script, env!("CARGO_BIN_EXE_communique"), "-C", "corpus"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "communique {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    // Two lines of user and system time, the shell's then its children's: `0m0.120000s 0m0.010000s`.
    let children = report.lines().nth(1).unwrap_or_else(|| panic!("`times` printed {report:?}"));
    children
        .split_whitespace()
        .map(|t| seconds(t).unwrap_or_else(|| panic!("`times` printed {report:?}")))
        .sum()
}

/// `1m2.5s` as a duration.
fn seconds(time: &str) -> Option<Duration> {
    let (minutes, seconds) = time.strip_suffix('s')?.split_once('m')?;
    Some(Duration::from_secs_f64(minutes.parse::<f64>().ok()? * 60.0 + seconds.parse::<f64>().ok()?))
}

/// The sentences of the shipped FOMC statements, in order.
fn fomc_sentences() -> Vec<String> {
    let mut out = Vec::new();
    for path in common::fomc_statements() {
        let text = std::fs::read_to_string(path).unwrap();
        let body = text.splitn(3, "+++").nth(2).unwrap();
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            let mut rest = line.trim();
            // Sentence ends: a full stop, a space and a capital.
            while let Some(at) = rest
                .match_indices(". ")
                .map(|(i, _)| i)
                .find(|&i| rest[i + 2..].chars().next().is_some_and(char::is_uppercase))
            {
                out.push(rest[..=at].to_string());
                rest = &rest[at + 2..];
            }
            out.push(rest.to_string());
        }
    }
    out
}

/// A meeting of one paragraph of about `size` bytes of real sentences, each made unique, and
/// its successor: every tenth sentence dropped, every other one with a word changed, every third
/// with a phrase of its own inserted.
fn one_paragraph_pair(size: usize) -> (String, String) {
    let sentences = fomc_sentences();
    let (mut old, mut new) = (Vec::new(), Vec::new());
    let mut total = 0;
    for (k, s) in sentences.iter().cycle().enumerate() {
        if total >= size {
            break;
        }
        let sentence = format!("{} (copy {k}).", s.trim_end_matches(['.', '!', '?']));
        total += sentence.len() + 1;
        if k % 10 != 9 {
            let mut edited = if k % 2 == 0 { sentence.replacen(" the ", " a ", 1) } else { sentence.clone() };
            if k % 3 == 0 {
                edited = edited.replacen(' ', &format!(" as of item {k} "), 1);
            }
            new.push(edited);
        }
        old.push(sentence);
    }
    (old.join(" ") + "\n", new.join(" ") + "\n")
}

/// A corpus holding the pair of `size` bytes as `s/2020-01-01-a` and `s/2020-02-01-b`, with
/// themes.
fn corpus(size: usize) -> TestEnv {
    let env = TestEnv::with_corpus();
    let (old, new) = one_paragraph_pair(size);
    for (name, text, date) in [("a", old, "2020-01-01"), ("b", new, "2020-02-01")] {
        let file = env.file(&format!("{name}.txt"), text);
        env.ok(&["add", file.to_str().unwrap(), "--series", "s", "--date", date, "--slug", name]);
    }
    env.append_settings(
        r#"
[themes.inflation]
label = "Inflation"
terms = ["inflation*", "price stability", "prices"]

[themes.employment]
label = "Employment"
terms = ["employment", "labor market*", "unemployment"]

[themes.rates]
label = "Interest rates"
terms = ["federal funds rate", "target range", "interest rate*"]
"#,
    );
    env
}

#[test]
fn every_command_grows_linearly_with_one_huge_paragraph() {
    const N: usize = 64 * 1024;
    let (small, large) = (corpus(N), corpus(4 * N));
    let (a, b) = ("s/2020-01-01-a", "s/2020-02-01-b");
    let commands: &[&[&str]] = &[
        &["diff", a, b],
        &["diff", a, b, "--format", "json"],
        &["blame", "federal funds rate"],
        &["annotate", b],
        &["grep", "inflation"],
        &["show", b],
        &["show", b, "--format", "json"],
        &["themes", a, b],
        &["report", a, b, "--format", "md"],
        &["report", a, b, "--format", "html"],
        &["report", a, b, "--format", "json"],
        &["report", a, b, "-o", "report.docx"],
    ];
    let mut slow = Vec::new();
    for args in commands {
        let (n, four_n) = (timed(&small, args), timed(&large, args));
        eprintln!(
            "{args:?}: {n:.2?}, {four_n:.2?} ({:.1}×)",
            four_n.as_secs_f64() / n.as_secs_f64().max(0.001)
        );
        // Linear is 4×; 8× and a tenth of a second of slack for start-up and a busy machine.
        if four_n > n * 8 + Duration::from_millis(100) {
            slow.push(format!("{args:?}: {n:.2?} at {N} bytes, {four_n:.2?} at {} bytes", 4 * N));
        }
    }
    assert!(slow.is_empty(), "super-linear:\n{}", slow.join("\n"));
}
