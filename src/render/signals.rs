//! Signals for reading: the watched phrases that appeared or vanished, the figures that
//! changed (one line each, for `diff`, `diff --stat`, reports and the site), and
//! `watchlist`'s strips.

use std::io::{self, Write};

use super::{Label, Settings, sanitize_line};
use crate::ops::Watchlist;
use crate::signals::{FigureChange, WatchedPhrase};

/// The watched phrases that moved, in the settings' order: whether each appeared (`true`) or
/// vanished, and how it is told (`"patient"`, `"some further" (first seen 2004-12-14)`).
pub(crate) fn watched_parts(watched: &[WatchedPhrase], new_id: &str) -> Vec<(bool, String)> {
    watched
        .iter()
        .filter_map(|w| {
            let appeared = w.moved()?;
            let mut told = format!("\"{}\"", sanitize_line(&w.phrase));
            if let Some(first) = w.first_seen.as_ref().filter(|_| appeared) {
                if first.id == new_id {
                    told.push_str(" (new to the series)");
                } else {
                    told.push_str(&format!(" (first seen {})", first.date));
                }
            }
            Some((appeared, told))
        })
        .collect()
}

/// The line that opens a comparison with the watched phrases that moved: `Watched: +
/// "additional policy firming" (first seen 2022-03-16) · − "patient"`; `None` when none did.
pub(crate) fn watched_line(watched: &[WatchedPhrase], new_id: &str, settings: &Settings) -> Option<String> {
    let parts = watched_parts(watched, new_id);
    if parts.is_empty() {
        return None;
    }
    let s = &settings.styles;
    let mut line = s.canvas();
    line.paint(Label::Meta, "Watched:");
    for (i, (appeared, told)) in parts.iter().enumerate() {
        line.push(if i == 0 { " " } else { " · " });
        let (label, sign) = if *appeared { (Label::DiffInsert, "+") } else { (Label::DiffDelete, "−") };
        line.paint(label, &format!("{sign} {told}"));
    }
    Some(line.finish())
}

/// A figure's parts as told: its label, its old value and its new value (`—` for the side
/// without it), each made safe for a line.
pub(crate) fn figure_parts(figure: &FigureChange) -> (String, String, String) {
    let side = |value: &Option<String>| {
        value.as_deref().map_or_else(|| "—".to_string(), |v| sanitize_line(v).into_owned())
    };
    let label = if figure.label.is_empty() {
        figure.measure.as_str().to_string()
    } else {
        sanitize_line(&figure.label).into_owned()
    };
    (label, side(&figure.old), side(&figure.new))
}

/// Where a figure stands: `¶2`, `¶5 → ¶6`.
pub(crate) fn figure_place(figure: &FigureChange) -> String {
    match (figure.old_paragraph, figure.new_paragraph) {
        (Some(o), Some(n)) if o != n => format!("¶{o} → ¶{n}"),
        (_, Some(n)) => format!("¶{n}"),
        (Some(o), None) => format!("¶{o}"),
        (None, None) => String::new(),
    }
}

/// The signals of a comparison as plain lines (each format escapes them its way): the
/// watched phrases that moved (one line, `Watched: + "x" (first seen …) · − "y"`), and each
/// figure that changed (`¶2 target range for the federal funds rate: 3-1/2 to 3-3/4 percent →
/// 3-3/4 to 4 percent`).
pub(crate) fn plain_lines(
    watched: &[WatchedPhrase],
    new_id: &str,
    figures: &[FigureChange],
) -> (Option<String>, Vec<String>) {
    let parts = watched_parts(watched, new_id);
    let watched = (!parts.is_empty()).then(|| {
        let told: Vec<String> = parts
            .iter()
            .map(|(appeared, told)| format!("{} {told}", if *appeared { "+" } else { "−" }))
            .collect();
        format!("Watched: {}", told.join(" · "))
    });
    let figures = figures
        .iter()
        .map(|f| {
            let (label, old, new) = figure_parts(f);
            format!("{} {label}: {old} → {new}", figure_place(f))
        })
        .collect();
    (watched, figures)
}

/// Writes the figures that changed, one per line: `  ¶2  target range for the federal funds
/// rate: 3-1/2 to 3-3/4 percent → 3-3/4 to 4 percent`.
pub fn figures_text(out: &mut dyn Write, figures: &[FigureChange], settings: &Settings) -> io::Result<()> {
    if figures.is_empty() {
        return Ok(());
    }
    let s = &settings.styles;
    writeln!(out, " {}", s.paint(Label::Meta, "Figures that changed:"))?;
    let places: Vec<String> = figures.iter().map(figure_place).collect();
    let width = places.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    for (figure, place) in figures.iter().zip(&places) {
        let (label, old, new) = figure_parts(figure);
        writeln!(
            out,
            "  {}  {label}: {} → {}",
            s.paint(Label::ParagraphNumber, format!("{place:<width$}")),
            s.paint(Label::DiffDelete, old),
            s.paint(Label::DiffInsert, new)
        )?;
    }
    Ok(())
}

/// Writes `watchlist`: per watch, each phrase's presence strip across the series (`█` a
/// meeting that has it, `·` one that does not; a cell stands for several meetings when the
/// series is longer than the line, `▒` when only some of them have it), then where it entered
/// and left.
pub fn watchlist_text(out: &mut dyn Write, list: &Watchlist, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let n = list.meetings.len();
    match (list.meetings.first(), list.meetings.last()) {
        (Some(first), Some(last)) => writeln!(
            out,
            "{} {}",
            s.paint(Label::Series, sanitize_line(&list.series)),
            s.paint(Label::Meta, format!("· {n} meetings, {} to {}", first.date, last.date))
        )?,
        _ => writeln!(
            out,
            "{} {}",
            s.paint(Label::Series, sanitize_line(&list.series)),
            s.paint(Label::Meta, "· no meetings")
        )?,
    }
    let phrase_width = list
        .watches
        .iter()
        .flat_map(|w| &w.phrases)
        .map(|p| p.phrase.chars().count() + 2)
        .max()
        .unwrap_or(0)
        .min(40);
    let cells = settings.width.map_or(60, |w| w.saturating_sub(phrase_width + 6).clamp(10, 120));
    // Meetings per cell: one when they fit.
    let per = n.div_ceil(cells).max(1);
    for watch in &list.watches {
        writeln!(out)?;
        let heading = if watch.label == watch.name {
            sanitize_line(&watch.label).into_owned()
        } else {
            format!("{} ({})", sanitize_line(&watch.label), sanitize_line(&watch.name))
        };
        writeln!(out, "{}", s.paint(Label::ThemeLabel, heading))?;
        for phrase in &watch.phrases {
            let mut strip = s.canvas();
            for chunk in phrase.present.chunks(per) {
                let has = chunk.iter().filter(|&&p| p).count();
                if has == chunk.len() {
                    strip.paint(Label::BlamePresent, "█");
                } else if has > 0 {
                    strip.paint(Label::BlamePresent, "▒");
                } else {
                    strip.paint(Label::BlameAbsent, "·");
                }
            }
            let quoted = format!("\"{}\"", sanitize_line(&phrase.phrase));
            let count = phrase.present.iter().filter(|&&p| p).count();
            writeln!(
                out,
                "  {quoted:<phrase_width$}  {}  {}",
                strip.finish(),
                s.paint(Label::Meta, format!("{count} of {n}"))
            )?;
            let told: Vec<String> = phrase
                .spells
                .iter()
                .map(|spell| {
                    let entered =
                        format!("entered {}", s.paint(Label::MeetingId, sanitize_line(&spell.entered.id)));
                    match &spell.left {
                        Some(left) => {
                            format!("{entered}, left {}", s.paint(Label::MeetingId, sanitize_line(&left.id)))
                        }
                        None => format!("{entered}, still in"),
                    }
                })
                .collect();
            if told.is_empty() {
                writeln!(out, "    {}", s.paint(Label::Meta, "in no meeting"))?;
            }
            for line in told {
                writeln!(out, "    {line}")?;
            }
        }
    }
    Ok(())
}

/// Writes `watchlist` as JSON (`communique.watchlist/1`).
pub fn watchlist_json(out: &mut dyn Write, list: &Watchlist) -> io::Result<()> {
    super::json::write(out, list)
}
