//! `list`: meetings in date order.

use std::io::{self, Write};

use serde::Serialize;

use super::{Label, Settings, sanitize_line};
use crate::corpus::Summary;

/// The JSON form (`communique.list/1`).
#[derive(Serialize)]
struct ListJson<'a> {
    schema: &'static str,
    meetings: &'a [Summary],
}

/// Writes the listing as JSON.
pub fn json(out: &mut dyn Write, meetings: &[Summary]) -> io::Result<()> {
    super::json::write(out, &ListJson { schema: "communique.list/1", meetings })
}

/// Writes the listing as aligned text, one meeting a line.
pub fn text(out: &mut dyn Write, meetings: &[Summary], settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    // Every field on the meeting's one line: a line feed in a title or place is shown, never
    // obeyed (it would print a row that is no meeting).
    let place = |m: &Summary| sanitize_line(m.place.as_deref().unwrap_or("")).into_owned();
    let id_width = meetings.iter().map(|m| sanitize_line(&m.id).chars().count()).max().unwrap_or(0);
    let place_width = meetings.iter().map(|m| place(m).chars().count()).max().unwrap_or(0);
    for m in meetings {
        let counts = format!("{:>3} ¶ {:>6} words", m.paragraphs, m.words);
        let place = place(m);
        let line = format!(
            "{}  {:id_width$}  {:place_width$}  {}",
            s.paint(Label::Meta, m.date),
            s.paint(Label::MeetingId, sanitize_line(&m.id)),
            place,
            s.paint(Label::Meta, counts),
        );
        match &m.title {
            Some(title) => writeln!(out, "{line}  {}", sanitize_line(title))?,
            None => writeln!(out, "{}", line.trim_end())?,
        }
    }
    Ok(())
}
