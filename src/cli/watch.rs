//! `watch`: the loop that drives `ops::watch::Watch`, waits between polls, prints what each
//! poll found, and stops on a signal or at `--until`.
//!
//! One channel wakes the loop: the answer of the request under way (sent from a thread of its
//! own, so that a slow server never delays Ctrl-C) and the signal handler's message. A signal
//! that comes during an import (`ops::add_sources`, one commit) is read only once the import
//! is over: the corpus is never left half-changed by us (and the commit survives being killed
//! anyway: `corpus/transaction.rs`).

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use super::args::WatchArgs;
use super::commands::print_diff;
use super::error::CommandError;
use super::{Palette, import_note, note, settings, warning};
use communique::files;
use communique::ops::watch::{Imported, Outcome, Polled, Watch, WatchOptions};
use communique::ops::{self, AddNote, FetchAnswer, FetchError, Workspace};
use communique::render::diff::Context as Shown;

/// What wakes the loop.
enum Wake {
    /// Ctrl-C or SIGTERM.
    Signal,
    /// The answer to the request under way.
    Answer(Result<FetchAnswer, FetchError>),
}

/// How a wait ended.
enum Waited<T> {
    Done(T),
    Signal,
    Deadline,
}

/// Runs `watch` until a signal (then marks the process interrupted: exit 130), `--until`
/// (exit 0) or, with `--once`, after one poll.
pub(super) fn watch(ws: &Workspace, args: &WatchArgs, color: Palette, out: &mut dyn Write) -> Result<()> {
    let options = WatchOptions {
        url: args.url.clone(),
        series: args.series.clone(),
        every: args.every,
        timeout: args.timeout.map_or(ops::DEFAULT_TIMEOUT, Duration::from_secs),
        max_size: args.max_size.unwrap_or(files::DEFAULT_MAX_SIZE),
        raw: args.raw,
        verify: !args.no_verify,
    };
    let (wake, woken) = mpsc::channel();
    let signal = wake.clone();
    ctrlc::set_handler(move || {
        let _ = signal.send(Wake::Signal);
    })
    .context("cannot catch Ctrl-C")?;
    let deadline = args
        .until
        .map(|until| Instant::now() + (until - chrono::Local::now()).to_std().unwrap_or(Duration::ZERO));
    let mut watch = Watch::new(options);
    let mut first = true;
    if !args.once {
        let until = args.until.map(|u| format!(" until {}", u.format("%Y-%m-%d %H:%M"))).unwrap_or_default();
        note(&format!("watching {} every {}{until}; Ctrl-C to stop", args.url, human(args.every)));
    }
    loop {
        let request = watch.request();
        let answering = wake.clone();
        std::thread::spawn(move || {
            let _ = answering.send(Wake::Answer(request.send()));
        });
        let answer = match wait(&woken, deadline.map(|d| d.saturating_duration_since(Instant::now())), true) {
            Waited::Done(answer) => answer,
            Waited::Signal => return interrupted(),
            Waited::Deadline => return Ok(()),
        };
        let polled = watch.handle(ws, answer);
        for message in ws.corpus().take_warnings() {
            warning(&message);
        }
        if args.once
            && let Outcome::Failed(error) = polled.outcome
        {
            return Err(error.into());
        }
        let delay = polled.delay;
        tell(ws, args, color, out, &watch, polled, first)?;
        first = false;
        if args.once {
            return Ok(());
        }
        let pause = match deadline {
            Some(deadline) => delay.min(deadline.saturating_duration_since(Instant::now())),
            None => delay,
        };
        match wait(&woken, Some(pause), false) {
            Waited::Signal => return interrupted(),
            Waited::Done(_) | Waited::Deadline => {}
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(());
        }
    }
}

/// Waits for the answer (`answer`: else only for a signal) at most `limit` (forever when
/// `None`).
fn wait(
    woken: &Receiver<Wake>,
    limit: Option<Duration>,
    answer: bool,
) -> Waited<Result<FetchAnswer, FetchError>> {
    let started = Instant::now();
    loop {
        let got = match limit {
            Some(limit) => match limit.checked_sub(started.elapsed()) {
                Some(left) => woken.recv_timeout(left),
                None => Err(RecvTimeoutError::Timeout),
            },
            None => woken.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match got {
            Ok(Wake::Signal) => return Waited::Signal,
            Ok(Wake::Answer(got)) if answer => return Waited::Done(got),
            // (No answer is awaited between polls: none can come then.)
            Ok(Wake::Answer(_)) => {}
            Err(_) => return Waited::Deadline,
        }
    }
}

/// Ends the watch on a signal: exit 130, as a shell reports a command ended by Ctrl-C.
fn interrupted() -> Result<()> {
    note("stopped");
    super::INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// Tells the user what a poll (the first one: `first`) found: one line on stderr per event (an import, a failure, a
/// recovery, a page missing or in conflict), the diff of an import on stdout (or `--exec`).
fn tell(
    ws: &Workspace,
    args: &WatchArgs,
    color: Palette,
    out: &mut dyn Write,
    watch: &Watch,
    polled: Polled,
    first: bool,
) -> Result<()> {
    let url = &watch.options().url;
    if let Some(count) = polled.recovered {
        let polls = if count == 1 { "poll" } else { "polls" };
        // Said even under --quiet: the failure it ends was.
        let _ = writeln!(std::io::stderr(), "note: {url} answers again (after {count} failed {polls})");
    }
    match polled.outcome {
        Outcome::Failed(error) => {
            if polled.news {
                let error = CommandError::from(anyhow::Error::from(error));
                warning(&format!(
                    "{}; trying again in {} (backing off while it fails)",
                    error.message(),
                    human(polled.delay)
                ));
            }
        }
        Outcome::Missing if polled.news => {
            note(&format!("{url}: not found (404); waiting for it to appear"));
        }
        Outcome::Conflict { id, stored_source } => {
            let from = stored_source.map(|s| format!(" (from {s})")).unwrap_or_default();
            warning(&format!(
                "{url} shows a text for {id} other than the one stored{from}; left alone: to replace it, run \
                 `communique add --replace --series {} {url}`",
                args.series
            ));
        }
        Outcome::Unchanged(id) if first => {
            note(&format!("{url} shows {id}, which the corpus holds; waiting for a change"));
        }
        Outcome::Unchanged(id) if args.verbose => note(&format!("unchanged: {id}")),
        Outcome::NotModified if args.verbose => note("not modified (304)"),
        Outcome::Imported(imported) => imported_one(ws, args, color, out, imported)?,
        Outcome::Missing | Outcome::Unchanged(_) | Outcome::NotModified => {}
    }
    Ok(())
}

/// An import: its notes and a line on stderr, then its diff on stdout or `--exec`.
fn imported_one(
    ws: &Workspace,
    args: &WatchArgs,
    color: Palette,
    out: &mut dyn Write,
    imported: Imported,
) -> Result<()> {
    let Imported { id, previous, corrected, answer } = imported;
    for message in &answer.notes {
        match message {
            // What the clean-up did, as `add` says it: only what it left out unless --verbose.
            AddNote::Import(file, n) if args.verbose || n.drops_text() => import_note(file, n),
            AddNote::NewSeries(series) => {
                note(&format!("created series {series}; give it a label in communique.toml"));
            }
            AddNote::DateFromText { date, words, .. } => {
                note(&format!("{id}: date {date} read from the text (\"{words}\")"));
            }
            AddNote::Import(..) | AddNote::DateFromFrontMatter { .. } | AddNote::Unchanged(_) => {}
        }
    }
    let what = if corrected { "corrected" } else { "imported" };
    match &previous {
        Some(previous) => note(&format!("{what} {id} (compared with {previous})")),
        None => note(&format!("{what} {id}, the series' first meeting: nothing to compare it with")),
    }
    if let Some(command) = &args.exec {
        out.flush()?;
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .arg("communique-watch")
            .arg(id.to_string())
            .env("COMMUNIQUE_ID", id.to_string())
            .env("COMMUNIQUE_PREVIOUS", previous.as_deref().unwrap_or(""))
            .env("COMMUNIQUE_CORPUS", ws.corpus().root())
            .stdin(std::process::Stdio::null())
            .status();
        match status {
            Ok(status) if status.success() => {}
            Ok(status) => warning(&format!("--exec for {id}: {}; watching goes on", describe(status))),
            Err(e) => warning(&format!("--exec for {id}: cannot run sh: {e}; watching goes on")),
        }
        return Ok(());
    }
    let Some(previous) = previous else { return Ok(()) };
    let side = |arg: String| ops::Input { arg, file: false };
    let answer = ops::diff(&side(previous), &side(id.to_string()), &ops::DiffOptions::default(), &|| Ok(ws))?;
    let format = Some(args.format);
    print_diff(out, &answer, format, Shown::Folded, &|| settings(color, Some(ws.corpus()), args.width))?;
    out.flush()?;
    Ok(())
}

/// How a command ended, in words.
fn describe(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt as _;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("the command exited with {code}"),
        (None, Some(signal)) => format!("the command was killed by signal {signal}"),
        _ => "the command failed".to_string(),
    }
}

/// A duration as `--every` takes it: `100ms`, `30s`, `5m`, `2h`, `1m30s`.
fn human(duration: Duration) -> String {
    let ms = duration.as_millis();
    if !ms.is_multiple_of(1000) || ms == 0 {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let parts = [(h, "h"), (m, "m"), (s, "s")];
    parts.iter().filter(|(n, _)| *n > 0).map(|(n, unit)| format!("{n}{unit}")).collect()
}
