//! The command line: clap definitions ([`args`]) and one small function per subcommand that
//! wires library calls to a renderer. No analysis logic lives here.

pub mod args;
mod commands;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::render::{Settings, Styles};
use args::{Cli, ColorChoice};

/// Runs the command line and returns the process's exit code: 0 on success, 1 on a runtime
/// error (one line on stderr), 2 on a usage error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = use_color(cli.global.color, io::stdout().is_terminal());
    let stderr_color = use_color(cli.global.color, io::stderr().is_terminal());
    match commands::run(cli, color) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let message = format!("{e:#}").replace('\n', " ");
            let prefix = if stderr_color { "\x1b[1;31merror:\x1b[0m" } else { "error:" };
            let _ = writeln!(io::stderr(), "{prefix} {message}");
            ExitCode::FAILURE
        }
    }
}

/// Whether to color: `--color`, then `NO_COLOR`, then `CLICOLOR_FORCE`, then whether the
/// stream is a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto
            if set("CLICOLOR_FORCE") && std::env::var("CLICOLOR_FORCE").as_deref() != Ok("0") =>
        {
            true
        }
        ColorChoice::Auto => is_terminal,
    }
}

/// Output settings for stdout, resolved once.
fn settings(color: bool, width: Option<usize>) -> Settings {
    let width = width.or_else(|| {
        io::stdout()
            .is_terminal()
            .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .flatten()
            .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
    });
    Settings { styles: if color { Styles::colored() } else { Styles::plain() }, width }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|e| e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
