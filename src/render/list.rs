//! `list`: meetings in date order.

use std::io::{self, Write};

use owo_colors::OwoColorize;
use serde::Serialize;

use super::{Settings, sanitize};
use crate::corpus::Summary;

/// The JSON form (`communique.list/1`).
#[derive(Serialize)]
struct ListJson<'a> {
    schema: &'static str,
    meetings: &'a [Summary],
}

/// Writes the listing as JSON.
pub fn json(out: &mut dyn Write, meetings: &[Summary]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &ListJson { schema: "communique.list/1", meetings })?;
    writeln!(out)
}

/// Writes the listing as aligned text, one meeting a line.
pub fn text(out: &mut dyn Write, meetings: &[Summary], settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let id_width = meetings.iter().map(|m| m.id.chars().count()).max().unwrap_or(0);
    let place_width =
        meetings.iter().map(|m| m.place.as_deref().unwrap_or("").chars().count()).max().unwrap_or(0);
    for m in meetings {
        let counts = format!("{:>3} ¶ {:>6} words", m.paragraphs, m.words);
        let place = sanitize(m.place.as_deref().unwrap_or(""));
        let line = format!(
            "{}  {:id_width$}  {:place_width$}  {}",
            m.date.style(s.meta),
            m.id.style(s.id),
            place,
            counts.style(s.meta),
        );
        match &m.title {
            Some(title) => writeln!(out, "{line}  {}", sanitize(title))?,
            None => writeln!(out, "{}", line.trim_end())?,
        }
    }
    Ok(())
}
