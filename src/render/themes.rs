//! `themes`: the timeline of a series (a table with a sparkline per theme) and two meetings
//! compared theme by theme, as text, Markdown or JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::diff::{markdown_spans, spans_redline};
use super::report::edited_place;
use super::{Label, Settings, code_md, escape_md, sanitize, sanitize_line, wrap_labelled};
use crate::themes::{Comparison, Counts, Sentence, Theme, Timeline};

/// Writes any themes answer as JSON.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    super::json::write(out, value)
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per value, from `▁` to `█` up to `peak`; a space for zero (no mention).
pub(crate) fn sparkline(values: &[f64], peak: f64) -> String {
    values
        .iter()
        .map(|&v| {
            if v <= 0.0 || peak <= 0.0 {
                ' '
            } else {
                let level = ((v / peak) * (BARS.len() as f64)).ceil() as usize;
                BARS[level.clamp(1, BARS.len()) - 1]
            }
        })
        .collect()
}

/// `values` squeezed into `width` buckets (means), or as they are when they fit.
pub(crate) fn buckets(values: &[f64], width: usize) -> Vec<f64> {
    let n = values.len();
    if n <= width || width == 0 {
        return values.to_vec();
    }
    (0..width)
        .map(|b| {
            let part = &values[b * n / width..((b + 1) * n / width).max(b * n / width + 1)];
            part.iter().sum::<f64>() / part.len() as f64
        })
        .collect()
}

/// `text` padded with spaces to `width` display columns.
pub(crate) fn pad(text: &str, width: usize) -> String {
    let shown = textwrap::core::display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// `text` in at most `width` columns: cut, with `…` at the end, when it is wider.
fn fit(text: &str, width: usize) -> String {
    if textwrap::core::display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A share as a percentage.
fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A signed difference: `+3`, `−2`, `0`.
pub(crate) fn signed(value: f64, decimals: usize) -> String {
    let rounded = format!("{:.decimals$}", value.abs());
    let zero = rounded.chars().all(|c| c == '0' || c == '.');
    match (zero, value < 0.0) {
        (true, _) => rounded,
        (false, true) => format!("−{rounded}"),
        (false, false) => format!("+{rounded}"),
    }
}

/// Writes the timeline as a table: per theme a sparkline of its share of each meeting, the
/// latest meeting's share and mentions with the change against the one before, and the first
/// and last meetings mentioning it.
pub fn timeline_text(
    out: &mut dyn Write,
    series: &str,
    timeline: &Timeline,
    themes: &[Theme],
    settings: &Settings,
) -> io::Result<()> {
    let s = &settings.styles;
    let meetings = &timeline.meetings;
    let (Some(first), Some(last)) = (meetings.first(), meetings.last()) else {
        return writeln!(out, "No meetings of {} in that range.", sanitize(series));
    };
    let count =
        if meetings.len() == 1 { "1 meeting".to_string() } else { format!("{} meetings", meetings.len()) };
    writeln!(
        out,
        "{} {}",
        s.paint(Label::Series, sanitize(series)),
        s.paint(Label::Meta, format!("· {count}, {} to {}", first.date, last.date))
    )?;
    writeln!(
        out,
        "{}",
        s.paint(
            Label::Meta,
            "Bars: each theme's share of a meeting's words (paragraphs touching it), up to its peak; \
             blank: not mentioned."
        )
    )?;
    writeln!(out)?;

    let label_width = themes
        .iter()
        .map(|t| textwrap::core::display_width(&sanitize_line(&t.label)))
        .max()
        .unwrap_or(5)
        .clamp(5, 28);
    // label, bars, latest share, change, mentions (change), peak, first, last
    let fixed = label_width + 2 + 2 + 7 + 2 + 9 + 2 + 10 + 2 + 7 + 2 + 10 + 2 + 10;
    let bars = match settings.width {
        Some(width) => width.saturating_sub(fixed).clamp(8.min(meetings.len()), meetings.len()),
        None => meetings.len().min(60),
    };
    let (from, to) = (first.date.format("%Y").to_string(), last.date.format("%Y").to_string());
    let span = if from == to { from } else { format!("{from}…{to}") };
    // The column is as wide as its head when the series has fewer meetings than that.
    let column = bars.max(textwrap::core::display_width(&span));
    let header = [
        pad("theme", label_width),
        pad(&span, column),
        pad("latest", 7),
        pad("change", 9),
        pad("mentions", 10),
        pad("peak", 7),
        pad("first", 10),
        "last".to_string(),
    ];
    writeln!(out, "{}", s.paint(Label::Meta, header.join("  ").trim_end()))?;
    for theme in themes {
        let counts: Vec<Counts> =
            meetings.iter().map(|m| m.themes.get(theme.name.as_str()).copied().unwrap_or_default()).collect();
        let shares: Vec<f64> = counts.iter().map(|c| c.share).collect();
        let peak = shares.iter().copied().fold(0.0, f64::max);
        let latest = counts[counts.len() - 1];
        let before = counts.len().checked_sub(2).map(|i| counts[i]);
        let change = before.map_or_else(
            || "—".to_string(),
            |b| format!("{} pp", signed((latest.share - b.share) * 100.0, 1)),
        );
        let mentions = match before {
            Some(b) => {
                format!("{} ({})", latest.mentions, signed(latest.mentions as f64 - b.mentions as f64, 0))
            }
            None => latest.mentions.to_string(),
        };
        let mentioned: Vec<usize> = (0..counts.len()).filter(|&i| counts[i].mentions > 0).collect();
        let date = |i: Option<&usize>| i.map_or_else(|| "—".to_string(), |&i| meetings[i].date.to_string());
        let label = fit(&sanitize_line(&theme.label), label_width);
        writeln!(
            out,
            "{}  {}  {}  {}  {}  {}  {}  {}",
            s.paint(Label::ThemeLabel, pad(&label, label_width)),
            s.paint(Label::ThemeBars, pad(&sparkline(&buckets(&shares, bars), peak), column)),
            pad(&percent(latest.share), 7),
            pad(&change, 9),
            pad(&mentions, 10),
            s.paint(Label::Meta, pad(&percent(peak), 7)),
            s.paint(Label::Meta, pad(&date(mentioned.first()), 10)),
            s.paint(Label::Meta, date(mentioned.last())),
        )?;
    }
    Ok(())
}

/// Writes the timeline as a Markdown table: one row per meeting, one column per theme.
pub fn timeline_markdown(out: &mut dyn Write, timeline: &Timeline, themes: &[Theme]) -> io::Result<()> {
    writeln!(
        out,
        "Each cell: mentions / paragraphs touching the theme / their share of the meeting's words."
    )?;
    writeln!(out)?;
    let labels: Vec<String> = themes.iter().map(|t| escape_md(&t.label)).collect();
    writeln!(out, "| meeting | date | {} |", labels.join(" | "))?;
    writeln!(out, "|---|---|{}", "---:|".repeat(themes.len()))?;
    for meeting in &timeline.meetings {
        let cells: Vec<String> = themes
            .iter()
            .map(|t| {
                let c = meeting.themes.get(t.name.as_str()).copied().unwrap_or_default();
                format!("{} / {} / {}", c.mentions, c.paragraphs, percent(c.share))
            })
            .collect();
        writeln!(out, "| {} | {} | {} |", escape_md(&meeting.id), meeting.date, cells.join(" | "))?;
    }
    Ok(())
}

/// The cells of one theme's row in a comparison.
fn compare_row(change: &crate::themes::ThemeChange) -> [String; 5] {
    let counts = [
        (change.new_sentences.len(), "new"),
        (change.edited_sentences.len(), "edited"),
        (change.dropped_sentences.len(), "dropped"),
    ];
    let parts: Vec<String> =
        counts.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
    let sentences = if parts.is_empty() { "—".to_string() } else { parts.join(", ") };
    [
        format!("{} → {}", change.paragraphs.old, change.paragraphs.new),
        format!("{} → {}", change.mentions.old, change.mentions.new),
        change.changed.to_string(),
        format!("+{} −{}", change.words_added, change.words_removed),
        sentences,
    ]
}

const COMPARE_HEADER: [&str; 6] = ["theme", "paragraphs", "mentions", "changed", "words", "sentences"];

/// Writes two meetings compared theme by theme: a table, then each theme's new and dropped
/// sentences.
pub fn compare_text(out: &mut dyn Write, comparison: &Comparison, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    writeln!(
        out,
        "{} {}",
        s.paint(Label::DiffHeader, "---"),
        super::diff::side_line(&comparison.old, settings)
    )?;
    writeln!(
        out,
        "{} {}",
        s.paint(Label::DiffHeader, "+++"),
        super::diff::side_line(&comparison.new, settings)
    )?;
    writeln!(out)?;
    let rows: Vec<(String, [String; 5], bool)> = comparison
        .themes
        .iter()
        .map(|c| (sanitize_line(&c.label).into_owned(), compare_row(c), c.moved()))
        .collect();
    let mut widths: Vec<usize> = COMPARE_HEADER.iter().map(|h| h.len()).collect();
    for (label, cells, _) in &rows {
        let all = std::iter::once(label).chain(cells.iter());
        for (w, cell) in widths.iter_mut().zip(all) {
            *w = (*w).max(textwrap::core::display_width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| pad(c, *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", s.paint(Label::Meta, line(COMPARE_HEADER.to_vec())))?;
    for (label, cells, moved) in &rows {
        let text = line(std::iter::once(label.as_str()).chain(cells.iter().map(String::as_str)).collect());
        if *moved {
            writeln!(out, "{text}")?;
        } else {
            writeln!(out, "{}", s.paint(Label::ThemeUnchanged, text))?;
        }
    }
    for change in comparison.themes.iter().filter(|c| has_sentences(c)) {
        writeln!(out)?;
        writeln!(out, "{}", s.paint(Label::ThemeLabel, sanitize_line(&change.label)))?;
        let print = |out: &mut dyn Write, sign: &str, sentence: &Sentence, style: Label| {
            let label = format!("  {sign} ¶{}", sentence.paragraph);
            let width = textwrap::core::display_width(&label) + 2;
            let text = wrap_labelled(&label, width, &sanitize(&sentence.text), settings.width);
            let (head, body) = text.split_at(label.len());
            writeln!(out, "{}{}", s.paint(style, head), body)
        };
        for sentence in &change.new_sentences {
            print(out, "+", sentence, Label::DiffInsert)?;
        }
        // An edited sentence: its redline, under a label as wide as the others'.
        for edited in &change.edited_sentences {
            let label = format!("  ~ {}", edited_place(&edited.old, &edited.new));
            let columns = textwrap::core::display_width(&label);
            // The redline is indented by spaces, as many as the label's columns and two more.
            let text = spans_redline(&edited.redline, settings, columns + 2, None);
            writeln!(out, "{}{}", s.paint(Label::Meta, &label), &text[columns..])?;
        }
        for sentence in &change.dropped_sentences {
            print(out, "-", sentence, Label::DiffDelete)?;
        }
    }
    Ok(())
}

/// Whether a theme has sentences new, edited or dropped to list.
fn has_sentences(change: &crate::themes::ThemeChange) -> bool {
    !change.new_sentences.is_empty()
        || !change.edited_sentences.is_empty()
        || !change.dropped_sentences.is_empty()
}

/// Writes two meetings compared theme by theme as Markdown.
pub fn compare_markdown(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    let side = |s: &crate::align::Side| match s.date {
        Some(date) => format!("`{}` ({date})", code_md(&s.id)),
        None => format!("`{}`", code_md(&s.id)),
    };
    writeln!(out, "Themes from {} to {}", side(&comparison.old), side(&comparison.new))?;
    writeln!(out)?;
    writeln!(out, "| {} |", COMPARE_HEADER.join(" | "))?;
    writeln!(out, "|---|---:|---:|---:|---:|---|")?;
    for change in &comparison.themes {
        let cells = compare_row(change);
        writeln!(out, "| {} | {} |", escape_md(&change.label), cells.join(" | "))?;
    }
    for change in comparison.themes.iter().filter(|c| has_sentences(c)) {
        writeln!(out, "\n### {}\n", escape_md(&change.label))?;
        for s in &change.new_sentences {
            writeln!(out, "- **new** ¶{}: <ins>{}</ins>", s.paragraph, escape_md(&s.text))?;
        }
        for e in &change.edited_sentences {
            writeln!(out, "- **edited** {}: {}", edited_place(&e.old, &e.new), markdown_spans(&e.redline))?;
        }
        for s in &change.dropped_sentences {
            writeln!(out, "- **dropped** ¶{}: <del>{}</del>", s.paragraph, escape_md(&s.text))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_to_the_peak_and_leave_absence_blank() {
        assert_eq!(sparkline(&[0.0, 0.1, 0.5, 1.0], 1.0), " ▁▄█");
        assert_eq!(sparkline(&[0.0, 0.0], 0.0), "  ");
        assert_eq!(buckets(&[1.0, 3.0, 5.0, 7.0], 2), [2.0, 6.0]);
        assert_eq!(buckets(&[1.0, 2.0, 3.0], 2), [1.0, 2.5]);
        assert_eq!(buckets(&[1.0, 2.0], 5), [1.0, 2.0]);
    }

    #[test]
    fn a_label_too_wide_is_cut_by_columns_with_an_ellipsis() {
        assert_eq!(fit("Inflation", 28), "Inflation");
        assert_eq!(fit("Inflation expectations and the labor market", 12), "Inflation e…");
        // Ideographs take two columns each.
        assert_eq!(fit("通货膨胀预期与劳动力市场", 9), "通货膨胀…");
        assert_eq!(textwrap::core::display_width(&fit("通货膨胀预期与劳动力市场", 9)), 9);
    }

    #[test]
    fn signed_numbers_use_a_real_minus() {
        assert_eq!(signed(2.0, 0), "+2");
        assert_eq!(signed(-1.26, 1), "−1.3");
        assert_eq!(signed(-0.01, 1), "0.0");
        assert_eq!(signed(0.0, 0), "0");
    }
}
