//! `blame`, `annotate` and `grep` for reading: presence strips, a blame-like column, keyword in
//! context. JSON forms are the models serialized.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Label, Settings, sanitize, sanitize_line};
use crate::lineage::{Annotation, Blame, Hit, Piece, Variant};

/// Writes any lineage answer as pretty JSON.
pub fn json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    super::json::write(out, value)
}

/// Highlights the phrase (by its matched text) inside a sentence.
fn highlight(sentence: &str, matched: Option<(usize, usize)>, settings: &Settings) -> String {
    let s = &settings.styles;
    match matched {
        Some((start, end)) if end <= sentence.len() => {
            let mark = &sentence[start..end];
            let mark = if s.markers() {
                format!("**{}**", sanitize(mark))
            } else {
                s.paint(Label::PhraseMatch, sanitize(mark)).to_string()
            };
            format!("{}{mark}{}", sanitize(&sentence[..start]), sanitize(&sentence[end..]))
        }
        _ => sanitize(sentence).into_owned(),
    }
}

/// A meeting as a line names it: its id, and its date unless the id holds it
/// (`fomc/2026-06-17`, `coalition/rome · 2021-06-28`).
fn meeting(id: &str, date: chrono::NaiveDate, settings: &Settings) -> String {
    let mut line = settings.styles.canvas();
    line.paint(Label::MeetingId, &sanitize_line(id));
    if let Some(date) = super::date_beside(id, date) {
        line.push(" · ");
        line.paint(Label::Meta, &date);
    }
    line.finish()
}

/// An appearance as a line names it: its meeting and paragraph.
fn appearance(a: &crate::lineage::Appearance, settings: &Settings) -> String {
    format!("{} · ¶{}", meeting(&a.id, a.date, settings), a.paragraph)
}

/// Writes the blame: first appearance, a presence strip per series, last seen, gaps.
pub fn blame(out: &mut dyn Write, blame: &Blame, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let earlier = blame.before_window.as_ref().and_then(|b| b.first.as_ref().map(|f| (b.since, f)));
    let Some(first) = &blame.first else {
        writeln!(
            out,
            "\"{}\" appears in none of the {} meetings searched.",
            sanitize_line(&blame.phrase),
            blame.meetings.len()
        )?;
        if let Some((since, earlier)) = earlier {
            writeln!(
                out,
                "It first appeared in {}, before {since}.",
                meeting(&earlier.id, earlier.date, settings)
            )?;
        }
        // The variants come closest first.
        if let Some(closest) = blame.variants.as_ref().and_then(|v| v.first()) {
            writeln!(
                out,
                "Closest variant: \"{}\" ({} · {}).",
                sanitize_line(&closest.text),
                s.paint(Label::MeetingId, &closest.first.id),
                closest.first.date
            )?;
        }
        return variants(out, blame, settings);
    };
    let phrase = sanitize_line(&blame.phrase);
    match (&blame.before_window, earlier) {
        // The window's first appearance is not the first: the true one, then the window's.
        (_, Some((since, earlier))) => {
            writeln!(
                out,
                "\"{phrase}\" first appeared in {}, before this window",
                appearance(earlier, settings)
            )?;
            writeln!(out, "    {}", highlight(&earlier.sentence, earlier.matched, settings))?;
            writeln!(out, "First in this window (since {since}): {}", appearance(first, settings))?;
        }
        (Some(window), None) => writeln!(
            out,
            "\"{phrase}\" first appeared in {} (in no meeting before {})",
            appearance(first, settings),
            window.since
        )?,
        (None, None) => writeln!(out, "\"{phrase}\" first appeared in {}", appearance(first, settings))?,
    }
    writeln!(out, "    {}", highlight(&first.sentence, first.matched, settings))?;
    writeln!(out)?;
    let mut by_series: BTreeMap<&str, Vec<bool>> = BTreeMap::new();
    for m in &blame.meetings {
        by_series.entry(m.series.as_str()).or_default().push(m.present);
    }
    let label_width = by_series.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    let cells_per_line = settings.width.map_or(80, |w| w.saturating_sub(label_width + 2).max(20));
    for (series, cells) in &by_series {
        for (row, chunk) in cells.chunks(cells_per_line).enumerate() {
            let label = if row == 0 { *series } else { "" };
            let mut strip = s.canvas();
            for &present in chunk {
                if present {
                    strip.paint(Label::BlamePresent, "█");
                } else {
                    strip.paint(Label::BlameAbsent, "·");
                }
            }
            writeln!(out, "{label:<label_width$}  {}", strip.finish())?;
        }
    }
    let last = blame.appearances.last().expect("first implies one");
    writeln!(
        out,
        "\nIn {} of {} meetings{}; last seen in {}.",
        blame.appearances.len(),
        blame.meetings.len(),
        if blame.before_window.is_some() { " of this window" } else { "" },
        meeting(&last.id, last.date, settings)
    )?;
    for (before, back) in blame.gaps() {
        writeln!(
            out,
            "Dropped out after {} ({}), back in {} ({}).",
            s.paint(Label::MeetingId, &before.id),
            before.date,
            s.paint(Label::MeetingId, &back.id),
            back.date
        )?;
    }
    variants(out, blame, settings)
}

/// The near variants of `--fuzzy`, each redlined against the phrase like `git diff
/// --word-diff`: `[-old-]{+new+}` for a changed word, `{+new+}` for an inserted one, `[-old-]`
/// for a dropped one where it stood, `[-a b-]{+b a+}` for two words swapped; in color, the
/// phrase's words in `blame.variant.delete` and the variant's in `blame.variant`.
fn variants(out: &mut dyn Write, blame: &Blame, settings: &Settings) -> io::Result<()> {
    let Some(variants) = blame.variants.as_ref().filter(|v| !v.is_empty()) else { return Ok(()) };
    writeln!(out, "\nNear variants:")?;
    for v in variants {
        writeln!(
            out,
            "  {}  ({} edit{}, {} meeting{}, first {})",
            redline(v, settings),
            v.edits,
            if v.edits == 1 { "" } else { "s" },
            v.meetings,
            if v.meetings == 1 { "" } else { "s" },
            meeting(&v.first.id, v.first.date, settings)
        )?;
    }
    Ok(())
}

/// A variant's text with its edits marked (its bare text when it has no redline, as when read
/// back from JSON).
fn redline(v: &Variant, settings: &Settings) -> String {
    let s = &settings.styles;
    if v.redline.is_empty() {
        return sanitize_line(&v.text).into_owned();
    }
    let of = |span: &crate::document::Span| sanitize_line(v.text.get(span.start..span.end).unwrap_or(""));
    let mut shown = String::new();
    for (i, piece) in v.redline.iter().enumerate() {
        match piece {
            Piece::Same(span) => shown.push_str(&of(span)),
            Piece::Old(words) => {
                let words = sanitize_line(words);
                let mark = if s.markers() {
                    format!("[-{words}-]")
                } else {
                    s.paint(Label::BlameVariantDelete, &words).to_string()
                };
                // Dropped words alone stand between words: a space sets them off.
                match v.redline.get(i + 1) {
                    Some(Piece::New(_)) => shown.push_str(&mark),
                    Some(_) => {
                        shown.push_str(&mark);
                        shown.push(' ');
                    }
                    None => {
                        shown.push(' ');
                        shown.push_str(&mark);
                    }
                }
            }
            Piece::New(span) => {
                let words = of(span);
                if s.markers() {
                    let _ = write!(shown, "{{+{words}+}}");
                } else {
                    let _ = write!(shown, "{}", s.paint(Label::BlameVariant, &words));
                }
            }
        }
    }
    shown
}

/// The age label of a sentence whose origin lies at `rank` of the meetings' span (0 the
/// oldest, 1 the meeting itself).
fn age_label(rank: f64) -> Label {
    match rank {
        r if r < 0.25 => Label::AnnotateAge0,
        r if r < 0.5 => Label::AnnotateAge1,
        r if r < 0.75 => Label::AnnotateAge2,
        r if r < 1.0 => Label::AnnotateAge3,
        _ => Label::AnnotateAge4,
    }
}

/// Writes the annotation like `git blame`: origin date and id, then the sentence.
pub fn annotate(out: &mut dyn Write, a: &Annotation, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let first_date = a.sentences.iter().map(|s| s.origin.date).min().unwrap_or(a.meeting.date);
    let span_days = (a.meeting.date - first_date).num_days().max(1) as f64;
    let column = a.sentences.iter().map(|s| s.origin.id.chars().count()).max().unwrap_or(0);
    let mut paragraph = 0;
    for sentence in &a.sentences {
        if paragraph != 0 && sentence.paragraph != paragraph {
            writeln!(out)?;
        }
        paragraph = sentence.paragraph;
        let rank = (sentence.origin.date - first_date).num_days() as f64 / span_days;
        let rank = if sentence.origin.id == a.meeting.id { 1.0 } else { rank.min(0.99) };
        let left = format!("{} {:column$}", sentence.origin.date, sentence.origin.id);
        let mark = if sentence.similarity < 1.0 { " ~" } else { "  " };
        writeln!(out, "{}{mark}│ {}", s.paint(age_label(rank), left), sanitize(&sentence.text))?;
    }
    let total = a.sentences.len().max(1) as f64;
    let (top, new) = a.summary();
    if let Some((year, count)) = top {
        writeln!(
            out,
            "\n{:.0}% of sentences date from {year}; {:.0}% are new in this meeting; ~ marks sentences edited since.",
            count as f64 * 100.0 / total,
            new as f64 * 100.0 / total
        )?;
    }
    Ok(())
}

/// Writes keyword-in-context lines.
pub fn grep(out: &mut dyn Write, hits: &[Hit], settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    for hit in hits {
        let matched = if s.markers() {
            format!("**{}**", sanitize(&hit.matched))
        } else {
            s.paint(Label::PhraseMatch, sanitize(&hit.matched)).to_string()
        };
        writeln!(
            out,
            "{} {} ¶{}: …{}{matched}{}…",
            s.paint(Label::Meta, hit.meeting.date),
            s.paint(Label::MeetingId, &hit.meeting.id),
            hit.paragraph,
            sanitize(&hit.before),
            sanitize(&hit.after)
        )?;
    }
    Ok(())
}
