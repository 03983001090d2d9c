//! `log`: the corpus history.

use std::io::{self, Write};

use serde::Serialize;

use super::{Label, Settings, sanitize_line};
use crate::corpus::CommitInfo;

#[derive(Serialize)]
struct LogJson<'a> {
    schema: &'static str,
    commits: &'a [CommitInfo],
}

/// Writes the history as JSON (`communique.log/1`).
pub fn json(out: &mut dyn Write, commits: &[CommitInfo]) -> io::Result<()> {
    super::json::write(out, &LogJson { schema: "communique.log/1", commits })
}

/// Writes the history one commit a line: short id, date, author, message.
pub fn text(out: &mut dyn Write, commits: &[CommitInfo], settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let author_width = commits.iter().map(|c| sanitize_line(&c.author).chars().count()).max().unwrap_or(0);
    for c in commits {
        writeln!(
            out,
            "{} {} {:author_width$}  {}",
            s.paint(Label::Commit, &c.commit[..7]),
            s.paint(Label::Meta, c.date.format("%Y-%m-%d %H:%M")),
            sanitize_line(&c.author),
            sanitize_line(&c.message)
        )?;
    }
    Ok(())
}
