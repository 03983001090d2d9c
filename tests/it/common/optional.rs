//! Tests that need more than Rust and git: they skip loudly on a machine without the tool, and
//! fail where `.ci/run` requires it.
//!
//! A skip prints one line, `SKIPPED: TEST: WHY (HOW)`, straight to stderr: past the test
//! harness's capture, so it shows even though the test passes, and `cargo test 2>&1 | grep -c
//! SKIPPED:` counts the skips. `scripts/install-test-tools.sh` installs what they need on
//! Debian; `.ci/run` runs it and sets each `COMMUNIQUE_REQUIRE_…=1`, so that in CI a missing
//! tool fails the test instead of skipping it.

use std::io::Write;

/// Something a test needs beyond Rust and git.
#[derive(Clone, Copy, Debug)]
pub enum Need {
    /// Headless Chromium, to render the HTML report as a reader sees it.
    Browser,
    /// Unprivileged user and mount namespaces (`unshare -rm`), to mount a small tmpfs as a full
    /// disk.
    UserNamespaces,
    /// Making device nodes (`mknod` as root), to give `report -o` a device of the test's own.
    DeviceNodes,
    /// Python with python-docx, to make Word files with an independent real tool.
    PythonDocx,
    /// zsh and fish, to complete a command line in each shell.
    Shells,
}

impl Need {
    /// The environment variable that, set to `1`, turns a skip into a failure.
    pub fn variable(self) -> &'static str {
        match self {
            Need::Browser => "COMMUNIQUE_REQUIRE_BROWSER",
            Need::UserNamespaces => "COMMUNIQUE_REQUIRE_USERNS",
            Need::DeviceNodes => "COMMUNIQUE_REQUIRE_MKNOD",
            Need::PythonDocx => "COMMUNIQUE_REQUIRE_DOCX",
            Need::Shells => "COMMUNIQUE_REQUIRE_SHELLS",
        }
    }

    /// How to get it.
    fn remedy(self) -> &'static str {
        match self {
            Need::Browser => "install chromium or run scripts/install-test-tools.sh",
            Need::UserNamespaces => {
                "allow unprivileged user namespaces (outside a container) or run scripts/install-test-tools.sh"
            }
            Need::DeviceNodes => "run the tests as root with the mknod capability",
            Need::PythonDocx => "install python3-docx or run scripts/install-test-tools.sh",
            Need::Shells => "install zsh and fish or run scripts/install-test-tools.sh",
        }
    }
}

/// What a test does when what it needs is missing.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Go on: it is there.
    Run,
    /// Skip, printing this line.
    Skip(String),
    /// Fail with this message: it is required.
    Fail(String),
}

/// The verdict for `test`, given whether `need` was found (or why not) and whether it is
/// required.
pub fn verdict(test: &str, need: Need, found: Result<(), String>, required: bool) -> Verdict {
    let Err(why) = found else {
        return Verdict::Run;
    };
    if required {
        Verdict::Fail(format!("{test}: {why}, and {}=1 requires it ({})", need.variable(), need.remedy()))
    } else {
        Verdict::Skip(format!("SKIPPED: {test}: {why} ({})", need.remedy()))
    }
}

/// What the calling test needs, when `found` is `Ok`. Otherwise it panics when the need's
/// variable is `1`, and else prints the `SKIPPED:` line and returns `None` (the caller returns,
/// or leaves out the part that needs the tool).
pub fn available<T>(need: Need, found: Result<T, String>) -> Option<T> {
    let required = std::env::var_os(need.variable()).is_some_and(|v| v == "1");
    let thread = std::thread::current();
    // The test harness names each test's thread after the test.
    let test = thread.name().filter(|name| *name != "main").unwrap_or("a test");
    let why = match found {
        Ok(it) => return Some(it),
        Err(why) => why,
    };
    match verdict(test, need, Err(why), required) {
        Verdict::Run => None,
        Verdict::Skip(line) => {
            // Not `eprintln!`, which the harness captures and shows only for failed tests.
            let _ = writeln!(std::io::stderr().lock(), "{line}");
            None
        }
        Verdict::Fail(message) => panic!("{message}"),
    }
}

#[test]
fn a_missing_tool_skips_with_a_countable_line_unless_required() {
    let found = verdict("t", Need::Browser, Ok(()), true);
    assert_eq!(found, Verdict::Run);
    let missing = || Err("no chromium on PATH".to_string());
    assert_eq!(
        verdict("report::html", Need::Browser, missing(), false),
        Verdict::Skip(
            "SKIPPED: report::html: no chromium on PATH (install chromium or run scripts/install-test-tools.sh)"
                .to_string()
        )
    );
    let Verdict::Fail(message) = verdict("report::html", Need::Browser, missing(), true) else {
        panic!("a required tool that is missing fails the test");
    };
    assert!(message.contains("COMMUNIQUE_REQUIRE_BROWSER=1") && message.contains("no chromium"), "{message}");
}

/// Chromium (Debian's `chromium`; `scripts/install-test-tools.sh` installs it), or why not.
pub fn chromium() -> Result<std::path::PathBuf, String> {
    let found = ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::var_os("PATH")?
            .to_str()?
            .split(':')
            .map(|dir| std::path::Path::new(dir).join(name))
            .find(|p| p.is_file())
    });
    found.ok_or_else(|| "no chromium or chromium-browser on PATH".to_string())
}

/// A Python that can import python-docx (Debian's `python3-docx` is for `/usr/bin/python3`),
/// or why not.
pub fn python_docx() -> Result<std::path::PathBuf, String> {
    ["/usr/bin/python3", "python3"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|python| {
            std::process::Command::new(python)
                .args(["-c", "import docx"])
                .output()
                .is_ok_and(|out| out.status.success())
        })
        .ok_or_else(|| "no python3 with python-docx".to_string())
}

/// A shell program on PATH (`zsh`, `fish`), or why not.
pub fn shell(name: &str) -> Result<std::path::PathBuf, String> {
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()))
        .ok_or_else(|| format!("no {name} on PATH"))
}
