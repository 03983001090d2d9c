//! The command line: clap definitions ([`args`]) and one small function per subcommand that
//! opens the corpus once, calls one function of `communique::ops` and hands the answer to a
//! renderer. Part of the binary, not the library: it reaches the library only through `ops`,
//! `render`, `corpus` (to open and complete), `document` (flag values) and `files`
//! (`src/layers.rs` checks it). No analysis logic lives here.

pub mod args;
mod commands;

mod complete;
mod error;
mod man;
mod output;
mod progress;
mod site;
mod watch;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

use args::{Cli, ColorChoice, Command};
use communique::corpus::Corpus;
pub(crate) use communique::render::Palette;
use communique::render::{Settings, Styles};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Set when a command was stopped by a signal it caught (`watch`): the process exits 130.
pub(crate) static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Prints `note: …` on stderr, unless `--quiet`.
pub(crate) fn note(message: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        let _ = writeln!(io::stderr(), "note: {}", communique::render::sanitize_line(message));
    }
}

/// Prints `warning: …` on stderr, even under `--quiet`: something the user must know about
/// their data. One line: a newline in it (from a file name, say) is shown as `\\n`.
pub(crate) fn warning(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {}", communique::render::sanitize(message).replace('\n', "\\n"));
}

/// Prints a note of the import: one that says text was left out is printed even under
/// `--quiet` (a loss is never silent).
pub(crate) fn import_note(file: &str, note: &communique::document::import::Note) {
    let message = format!("{file}: {note}");
    if note.drops_text() {
        let _ = writeln!(io::stderr(), "note: {}", communique::render::sanitize_line(&message));
    } else {
        self::note(&message);
    }
}

/// Runs the command line and returns the process's exit code: 0 on success; 1 on a negative
/// answer (`diff --exit-code`, `blame`) or a refused command; 2 on a usage error (a bad flag
/// value too); 3 on an internal failure (see [`error::Kind`]); 130 when `watch` is stopped by
/// Ctrl-C or SIGTERM. A failure is one `error:` line
/// on stderr, then its `hint:` lines.
pub fn main() -> ExitCode {
    // `COMPLETE=bash communique` and the like: dynamic completion, answered before parsing.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .shells(complete::SHELLS)
        .complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // A usage error quotes what was typed: shown like document text, so an escape
            // sequence in an argument never reaches the terminal raw.
            let _ = write!(io::stderr(), "{}", communique::render::sanitize(&usage_error(&e)));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
        Err(e) => e.exit(), // --help, --version: clap's own output
    };
    QUIET.store(cli.global.quiet, Ordering::Relaxed);
    let stdout_terminal = io::stdout().is_terminal();
    let stdout_palette = palette(cli.global.color, stdout_terminal);
    let stderr_color = palette(cli.global.color, io::stderr().is_terminal()) == Palette::Ansi;
    let page = stdout_terminal && !cli.global.no_pager && pages(&cli.command);
    let mut sink = output::Sink::open(page);
    let result = commands::run(&cli, stdout_palette, &mut sink);
    let finished = sink.finish();
    match result.and_then(|ok| finished.map(|()| ok).map_err(Into::into)) {
        Ok(_) if INTERRUPTED.load(Ordering::Relaxed) => ExitCode::from(130),
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let error = error::CommandError::from(e);
            error.print(stderr_color);
            ExitCode::from(error.kind.exit_code())
        }
    }
}

/// Clap's message for a usage error; a bad value (quoted by clap and by our value parsers) is
/// written on one line, its control characters shown as escapes, in clap's words, with our
/// hints for the value parsers' errors.
fn usage_error(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.as_str()),
        _ => None,
    };
    match (error.kind(), context(ContextKind::InvalidArg), context(ContextKind::InvalidValue)) {
        (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
            let why = std::error::Error::source(error);
            let hints: String = why
                .map(error::usage_hints)
                .unwrap_or_default()
                .iter()
                .map(|h| format!("hint: {h}\n"))
                .collect();
            format!(
                "error: invalid value '{}' for '{arg}': {}\n{hints}\nFor more information, try '--help'.\n",
                communique::render::sanitize_line(value),
                communique::render::sanitize_line(&why.map(ToString::to_string).unwrap_or_default())
            )
        }
        _ => error.render().to_string(),
    }
}

/// Whether a command's output may be long enough to page: not those that change the corpus
/// or print scripts, nor `watch`, whose output comes as it happens.
fn pages(command: &Command) -> bool {
    !matches!(
        command,
        Command::Init { .. }
            | Command::Add(_)
            | Command::Rm { .. }
            | Command::Completions { .. }
            | Command::Watch(_)
    )
}

/// The palette: `--color`, then `NO_COLOR`, then `CLICOLOR_FORCE`, then whether the stream is
/// a terminal.
pub(crate) fn palette(choice: ColorChoice, is_terminal: bool) -> Palette {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Debug => return Palette::Debug,
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto
            if set("CLICOLOR_FORCE") && std::env::var("CLICOLOR_FORCE").as_deref() != Ok("0") =>
        {
            true
        }
        ColorChoice::Auto => is_terminal,
    };
    if color { Palette::Ansi } else { Palette::Plain }
}

/// Output settings for stdout, resolved once: the palette's styles with the `[colors]` of the
/// corpus the command opened (if any) over the default colors.
fn settings(palette: Palette, corpus: Option<&Corpus>, width: Option<usize>) -> anyhow::Result<Settings> {
    let width = width.or_else(|| {
        io::stdout()
            .is_terminal()
            .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .flatten()
            .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
    });
    Ok(Settings { styles: styles(palette, corpus)?, width })
}

/// The styles of `palette`, with the corpus's `[colors]` over the defaults; a wrong entry is an
/// error naming the file, whatever the palette.
fn styles(palette: Palette, corpus: Option<&Corpus>) -> anyhow::Result<Styles> {
    use anyhow::Context as _;
    let Some(corpus) = corpus else { return Ok(Styles::resolve(palette, &Default::default())?) };
    Styles::resolve(palette, &corpus.config().colors)
        .with_context(|| corpus.root().join(communique::corpus::config::FILE_NAME).display().to_string())
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|e| e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
