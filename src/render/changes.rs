//! `changes`: the change sizes of a series as text (a sparkline, then a table with a bar per
//! change and the outliers marked, then the largest rewrites), Markdown or JSON; and the
//! inline SVG chart of them that reports and the site's series pages draw.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::report::drawn;
use super::themes::{buckets, pad, signed, sparkline};
use super::{Label, Settings, code_md, escape_markup, escape_md, sanitize_line};
use crate::ops::changes::{Change, Changes, OUTLIER_SCORE};

/// Writes the change sizes as JSON (`communique.changes/1`).
pub fn json(out: &mut dyn Write, changes: &Changes) -> io::Result<()> {
    super::json::write(out, changes)
}

/// Eighths of a cell, for the bars of the table.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// The widest bar of the table, in columns.
const BAR: usize = 16;

/// A bar of `value` up to `peak` in at most [`BAR`] columns, in eighths of a column; at
/// least one eighth for any value above zero.
fn bar(value: usize, peak: usize) -> String {
    if value == 0 || peak == 0 {
        return String::new();
    }
    let eighths = ((value as f64 / peak as f64) * (BAR * 8) as f64).round().max(1.0) as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    out
}

/// A similarity as a percentage.
fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A count of words: `1 word`, `12 words`.
fn words(n: usize) -> String {
    if n == 1 { "1 word".to_string() } else { format!("{n} words") }
}

/// A median, without a fraction when it has none.
fn number(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// What the outliers' line says of one: `fomc/2008-12-16 (+310 −152: 462 words, score 9.4)`.
fn outlier_note(change: &Change) -> String {
    format!(
        "{} (+{} −{}: {}, score {:.1})",
        change.id,
        change.words_inserted,
        change.words_deleted,
        words(change.size),
        change.score
    )
}

/// The line naming the largest rewrites, or saying that none stands out.
fn outliers_line(changes: &Changes) -> String {
    let named: Vec<String> =
        changes.outliers.iter().filter_map(|id| changes.get(id)).map(outlier_note).collect();
    if named.is_empty() {
        return format!(
            "Largest rewrites: none stands out (none {OUTLIER_SCORE} robust deviations above the median)."
        );
    }
    format!("Largest rewrites: {}.", named.join("; "))
}

/// The sizes of the changes, in order.
fn sizes(changes: &Changes) -> Vec<f64> {
    changes.changes.iter().map(|c| c.size as f64).collect()
}

/// The header line: the series, its meetings, dates, and the median change.
fn header(changes: &Changes) -> String {
    let (first, last) = (&changes.changes[0], &changes.changes[changes.changes.len() - 1]);
    let count = if changes.changes.len() == 1 {
        "1 change".to_string()
    } else {
        format!("{} changes", changes.changes.len())
    };
    format!(
        "· {} meetings, {count} from {} to {}; median {} (median absolute deviation {})",
        changes.meetings,
        first.date,
        last.date,
        words_f(changes.median),
        number(changes.mad)
    )
}

/// A median count of words: `62 words`, `61.5 words`.
fn words_f(value: f64) -> String {
    if value == 1.0 { "1 word".to_string() } else { format!("{} words", number(value)) }
}

/// Writes the change sizes as a table: a header, a sparkline of every change's size, one row
/// per change (its bar up to the largest, `◆` and its score for an outlier), then the largest
/// rewrites.
pub fn text(out: &mut dyn Write, changes: &Changes, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let series = sanitize_line(&changes.series);
    if changes.changes.is_empty() {
        return writeln!(out, "No change between meetings of {series} in that range.");
    }
    writeln!(out, "{} {}", s.paint(Label::Series, &series), s.paint(Label::Meta, header(changes)))?;
    let values = sizes(changes);
    let peak = values.iter().copied().fold(0.0, f64::max);
    let columns = match settings.width {
        Some(width) => width.saturating_sub(2).clamp(8.min(values.len()), values.len()),
        None => values.len().min(60),
    };
    writeln!(
        out,
        "{}",
        s.paint(
            Label::Meta,
            format!(
                "Bars: words inserted + deleted against the meeting before, up to the largest ({}){}.",
                words(peak as usize),
                if columns < values.len() { "; each a mean of several changes" } else { "" }
            )
        )
    )?;
    writeln!(out, "  {}", s.paint(Label::ChangesBars, sparkline(&buckets(&values, columns), peak)))?;
    writeln!(out)?;

    let ids: Vec<String> = changes.changes.iter().map(|c| sanitize_line(&c.id).into_owned()).collect();
    let id_width = ids.iter().map(|i| textwrap::core::display_width(i)).max().unwrap_or(7).max(7);
    let head = [
        pad("date", 10),
        pad("meeting", id_width),
        format!("{:>8}", "inserted"),
        format!("{:>8}", "deleted"),
        format!("{:>10}", "similarity"),
        format!("{:>9}", "¶ changed"),
        format!("{:>5}", "moved"),
        format!("{:>6}", "score"),
        "size".to_string(),
    ];
    writeln!(out, "{}", s.paint(Label::Meta, head.join("  ")))?;
    let most = changes.changes.iter().map(|c| c.size).max().unwrap_or(0);
    for (change, id) in changes.changes.iter().zip(&ids) {
        let line = format!(
            "{}  {}  {}  {}  {}  {}  {}  ",
            s.paint(Label::Meta, change.date),
            s.paint(Label::MeetingId, pad(id, id_width)),
            s.paint(Label::DiffInsert, format!("{:>8}", format!("+{}", change.words_inserted))),
            s.paint(Label::DiffDelete, format!("{:>8}", format!("−{}", change.words_deleted))),
            format_args!("{:>10}", percent(change.similarity)),
            format_args!("{:>9}", change.paragraphs.changed()),
            format_args!("{:>5}", change.paragraphs.moved),
        );
        let score = format!("{:>6}", signed(change.score, 1));
        let drawn = bar(change.size, most);
        if change.outlier {
            writeln!(
                out,
                "{line}{}  {} {}",
                s.paint(Label::ChangesOutlier, score),
                s.paint(Label::ChangesOutlier, drawn),
                s.paint(Label::ChangesOutlier, "◆")
            )?;
        } else {
            writeln!(out, "{line}{score}  {}", s.paint(Label::ChangesBars, drawn).to_string().trim_end())?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", s.paint(Label::ChangesOutlier, sanitize_line(&outliers_line(changes))))?;
    writeln!(
        out,
        "{}",
        s.paint(
            Label::Meta,
            format!(
                "◆ outlier: score = (size − median) / (1.4826 × median absolute deviation, at least 1) ≥ {OUTLIER_SCORE}."
            )
        )
    )
}

/// Writes the change sizes as Markdown: the header, the sparkline, a table, the largest
/// rewrites.
pub fn markdown(out: &mut dyn Write, changes: &Changes) -> io::Result<()> {
    writeln!(out, "## Changes: `{}`\n", code_md(&changes.series))?;
    if changes.changes.is_empty() {
        return writeln!(out, "No change between meetings in that range.");
    }
    writeln!(out, "{}\n", sparkline_md(changes))?;
    writeln!(
        out,
        "| date | meeting | inserted | deleted | similarity | ¶ changed | moved | score | outlier |"
    )?;
    writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---|")?;
    for c in &changes.changes {
        writeln!(
            out,
            "| {} | `{}` | +{} | −{} | {} | {} | {} | {} | {} |",
            c.date,
            code_md(&c.id),
            c.words_inserted,
            c.words_deleted,
            percent(c.similarity),
            c.paragraphs.changed(),
            c.paragraphs.moved,
            signed(c.score, 1),
            if c.outlier { "◆" } else { "" }
        )?;
    }
    writeln!(out, "\n{}", escape_md(&outliers_line(changes)))
}

/// One line of Markdown: `Change size: ▁▂█▁ (239 changes, 1994-03-22 to 2026-09-16; median
/// 62 words)`, the sparkline in a code span; what a Markdown report shows of its series.
pub(crate) fn sparkline_md(changes: &Changes) -> String {
    let values = sizes(changes);
    let peak = values.iter().copied().fold(0.0, f64::max);
    let line = sparkline(&buckets(&values, 60), peak).replace(' ', "\u{a0}");
    format!(
        "Change size, words inserted + deleted: `{line}` ({})",
        escape_md(header(changes).trim_start_matches("· "))
    )
}

/// The change sizes as an inline SVG bar chart (a polyline thinned by [`drawn`] when there
/// are more changes than columns): each change's size, the median as a dashed line, the
/// outliers named, the change into `marked` (with what it is) drawn darker and marked;
/// `note` under it.
pub(crate) fn chart(h: &mut String, changes: &Changes, marked: Option<(&str, &str)>, note: &str) {
    let n = changes.changes.len();
    if n == 0 {
        return;
    }
    let (width, height, left, right, top, bottom) = (720.0, 220.0, 44.0, 12.0, 18.0, 28.0);
    let values = sizes(changes);
    let peak = values.iter().copied().fold(1.0, f64::max);
    let plot = width - left - right;
    let x = |i: usize| left + plot * (i as f64 + 0.5) / n as f64;
    let y = |v: f64| top + (height - top - bottom) * (1.0 - v / peak);
    let _ = writeln!(
        h,
        "<figure class=\"changes\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"changes-title\">\n<title id=\"changes-title\">Words inserted and deleted from each meeting to the next, \
         {n} changes from {} to {}</title>",
        changes.changes[0].date,
        changes.changes[n - 1].date
    );
    for fraction in [0.0, 0.5, 1.0] {
        let _ = writeln!(
            h,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d1d9e0\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}</text>",
            width - right,
            left - 4.0,
            y(peak * fraction) + 4.0,
            peak * fraction,
            y = y(peak * fraction)
        );
    }
    // Bars while each has a column of its own; beyond, the line through their tops.
    if n as f64 <= plot / 2.0 {
        let w = (plot / n as f64 * 0.8).max(1.0);
        for (i, c) in changes.changes.iter().enumerate() {
            let fill = if c.outlier { "#bf3989" } else { "#8c959f" };
            let _ = writeln!(
                h,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{}: +{} −{}</title></rect>",
                x(i) - w / 2.0,
                y(c.size as f64),
                y(0.0) - y(c.size as f64),
                escape_markup(&c.id),
                c.words_inserted,
                c.words_deleted
            );
        }
    } else {
        let points: Vec<String> = drawn(&values, |i| x(i) - left)
            .into_iter()
            .map(|i| format!("{:.1},{:.1}", x(i), y(values[i])))
            .collect();
        let _ = writeln!(
            h,
            "<polyline fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    let _ = writeln!(
        h,
        "<line x1=\"{left}\" x2=\"{}\" y1=\"{m:.1}\" y2=\"{m:.1}\" stroke=\"#1a7f37\" stroke-dasharray=\"4 3\"><title>median: {}</title></line>",
        width - right,
        words_f(changes.median),
        m = y(changes.median)
    );
    // The outliers named, the largest first, each at its bar.
    for (k, id) in changes.outliers.iter().enumerate() {
        let Some(i) = changes.changes.iter().position(|c| c.id == *id) else { continue };
        let c = &changes.changes[i];
        let anchor = if x(i) > width - 120.0 {
            "end"
        } else if x(i) < left + 60.0 {
            "start"
        } else {
            "middle"
        };
        let _ = writeln!(
            h,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#bf3989\"/><text class=\"outlier\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            x(i),
            y(c.size as f64),
            x(i),
            (y(c.size as f64) - 6.0 - 11.0 * (k % 2) as f64).max(10.0),
            c.date
        );
    }
    if let Some((id, what)) = marked
        && let Some(i) = changes.changes.iter().position(|c| c.id == id)
    {
        let c = &changes.changes[i];
        let _ = writeln!(
            h,
            "<line class=\"marked\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{}\" stroke=\"#0969da\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"><title>{}: {} (+{} −{})</title></line>",
            height - bottom,
            escape_markup(what),
            escape_markup(&c.id),
            c.words_inserted,
            c.words_deleted,
            x = x(i)
        );
    }
    let _ = writeln!(
        h,
        "<text x=\"{left}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n</svg>",
        height - 8.0,
        changes.changes[0].date,
        width - right,
        height - 8.0,
        changes.changes[n - 1].date
    );
    let named: Vec<String> = changes
        .outliers
        .iter()
        .filter_map(|id| changes.get(id))
        .map(|c| escape_markup(&outlier_note(c)))
        .collect();
    let outliers = if named.is_empty() {
        "No change stands out.".to_string()
    } else {
        format!("Largest rewrites: {}.", named.join("; "))
    };
    let _ = writeln!(
        h,
        "<figcaption>{outliers}<br><span class=\"meta\">{}</span></figcaption>\n</figure>",
        escape_markup(note)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model read from anywhere (JSON) may hold markup and controls in its ids: the chart
    /// escapes them, the text shows them as visible escapes.
    #[test]
    fn ids_are_escaped_in_the_chart_and_sanitized_in_text() {
        let point = |id: &str, day: u32, words: usize| crate::ops::changes::Point {
            id: id.to_string(),
            date: chrono::NaiveDate::from_ymd_opt(2020, 1, day).unwrap(),
            title: None,
            words,
        };
        let stats = |added: usize| Some(crate::align::Stats { words_added: added, ..Default::default() });
        let hostile = "s/<script>alert(1)</script>\u{202e}x";
        let points: Vec<_> = (1..=9).map(|d| point(if d == 9 { hostile } else { "s/a" }, d, 10)).collect();
        let mut all = vec![None];
        all.extend((1..8).map(|_| stats(2)));
        all.push(stats(500));
        let changes = Changes::build("s<b>", &points, &all, true);
        assert_eq!(changes.outliers, [hostile]);
        let mut h = String::new();
        chart(&mut h, &changes, Some((hostile, "<i>marked</i>")), "note <u>");
        assert!(
            !h.contains("<script>") && !h.contains("<i>") && !h.contains("<u>") && !h.contains('\u{202e}'),
            "{h}"
        );
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\u{202e}x"), "{h}");
        let mut out = Vec::new();
        text(&mut out, &changes, &Settings::default()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains('\u{202e}') && out.contains("\\u{202e}x"), "{out}");
    }

    #[test]
    fn bars_grow_in_eighths_up_to_the_widest() {
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(10, 10), "█".repeat(BAR));
        assert_eq!(bar(5, 10), "█".repeat(BAR / 2));
        assert_eq!(bar(1, 1000), "▏");
        assert_eq!(bar(1, 64), "▎");
        assert_eq!(bar(1, 16), "█");
    }
}
