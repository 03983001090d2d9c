//! Where a command's output goes: stdout, or a pager when stdout is a terminal (like git:
//! `$COMMUNIQUE_PAGER`, `$PAGER`, else `less` with `LESS=FRX`).

use std::io::{self, BufWriter, Write};
use std::process::{Child, ChildStdin, Command, Stdio};

/// The destination of stdout.
pub(super) struct Sink {
    inner: Inner,
}

enum Inner {
    Stdout(BufWriter<io::Stdout>),
    Pager { child: Child, input: BufWriter<ChildStdin> },
}

impl Sink {
    /// Stdout, or the pager when `page`.
    pub(super) fn open(page: bool) -> Self {
        // Buffered: a long diff is thousands of lines, and a write per line costs a system call.
        let stdout = || Inner::Stdout(BufWriter::with_capacity(64 * 1024, io::stdout()));
        let inner = if page { pager().unwrap_or_else(stdout) } else { stdout() };
        Self { inner }
    }

    /// Writes what is held back, flushes, and waits for the pager to be closed.
    pub(super) fn finish(self) -> io::Result<()> {
        match self.inner {
            Inner::Stdout(mut out) => out.flush(),
            Inner::Pager { mut child, input } => {
                // Closing the pager's input tells it the text is complete; then wait for the
                // reader to quit it, so the prompt does not come back under the text.
                let flushed = input.into_inner().map(drop).map_err(|e| e.into_error());
                child.wait()?;
                match flushed {
                    Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
                    _ => Ok(()),
                }
            }
        }
    }
}

impl Inner {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Inner::Stdout(out) => out,
            Inner::Pager { input, .. } => input,
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.writer().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.writer().flush()
    }
}

/// The pager, started; `None` when none is wanted (`cat`, empty) or it cannot start.
fn pager() -> Option<Inner> {
    let command = ["COMMUNIQUE_PAGER", "PAGER"]
        .iter()
        .find_map(|name| std::env::var(name).ok())
        .unwrap_or_else(|| "less".to_string());
    let command = command.trim();
    if command.is_empty() || command == "cat" {
        return None;
    }
    let mut pager = Command::new("sh");
    pager.arg("-c").arg(command).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // Quit if one screen is enough, keep colors, leave the text on the screen.
        pager.env("LESS", "FRX");
    }
    let mut child = pager.spawn().ok()?;
    let input = BufWriter::with_capacity(64 * 1024, child.stdin.take()?);
    Some(Inner::Pager { child, input })
}
