//! `blame`, `annotate` and `grep` for reading: presence strips, a blame-like column, keyword in
//! context. JSON forms are the models serialized.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Label, Settings, sanitize, sanitize_line};
use crate::lineage::{Annotation, Blame, Hit, Piece, Variant, WordOrigin};

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

/// The colours of age, oldest first.
const AGES: [Label; 5] =
    [Label::AnnotateAge0, Label::AnnotateAge1, Label::AnnotateAge2, Label::AnnotateAge3, Label::AnnotateAge4];

/// The age band (an index into [`AGES`]) of an origin at `rank` of the meetings' span (0 the
/// oldest, 1 the meeting itself).
fn age(rank: f64) -> usize {
    match rank {
        r if r < 0.25 => 0,
        r if r < 0.5 => 1,
        r if r < 0.75 => 2,
        r if r < 1.0 => 3,
        _ => 4,
    }
}

/// The age label of a sentence whose origin lies at `rank` of the meetings' span.
fn age_label(rank: f64) -> Label {
    AGES[age(rank)]
}

/// Writes the annotation like `git blame`: origin date and id, then the sentence; with word
/// origins, the words instead: each paragraph with its words shaded by age in colour, one run
/// of words a line in plain text.
pub fn annotate(out: &mut dyn Write, a: &Annotation, settings: &Settings) -> io::Result<()> {
    if let Some(words) = &a.words {
        return self::words(out, a, words, settings);
    }
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
        // A sentence dated through edits says how far it drifted from that first wording.
        let mark = if sentence.similarity < 1.0 {
            format!(" ~{:.2}", (sentence.similarity.clamp(0.0, 0.99) * 100.0).floor() / 100.0)
        } else {
            "      ".to_string()
        };
        writeln!(out, "{}{mark}│ {}", s.paint(age_label(rank), left), sanitize(&sentence.text))?;
    }
    let total = a.sentences.len().max(1) as f64;
    let (top, new) = a.summary();
    if let Some((year, count)) = top {
        writeln!(
            out,
            "\n{:.0}% of sentences date from {year}; {:.0}% are new in this meeting; ~ marks sentences edited since, with their word similarity to that first wording.",
            count as f64 * 100.0 / total,
            new as f64 * 100.0 / total
        )?;
    }
    // Language borrowed from other series (`--across`), by series.
    let mut borrowed: BTreeMap<&str, usize> = BTreeMap::new();
    for series in a.sentences.iter().filter_map(|s| s.from_series.as_deref()) {
        *borrowed.entry(series).or_default() += 1;
    }
    if !borrowed.is_empty() {
        let count: usize = borrowed.values().sum();
        let by_series: Vec<String> =
            borrowed.iter().map(|(series, n)| format!("{} {n}", sanitize_line(series))).collect();
        writeln!(
            out,
            "{count} sentence{} take{} language first used in another series: {}.",
            if count == 1 { "" } else { "s" },
            if count == 1 { "s" } else { "" },
            by_series.join(", ")
        )?;
    }
    Ok(())
}

/// A run of words introduced by the same meeting: its paragraph, the byte range from its first
/// word to the start of the next run (or the paragraph's end), and the origin.
pub(crate) struct Run<'a> {
    pub(crate) paragraph: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) origin: &'a crate::lineage::MeetingRef,
}

/// The age bands of the words of a meeting: where each origin lies between the oldest and the
/// meeting itself, in five bands ([`AGES`]).
pub(crate) struct Ages<'a> {
    /// The oldest origin's date.
    pub(crate) first: chrono::NaiveDate,
    span_days: f64,
    meeting: &'a crate::lineage::MeetingRef,
}

impl<'a> Ages<'a> {
    /// The bands of `words`, words of `meeting`.
    pub(crate) fn of(words: &[WordOrigin], meeting: &'a crate::lineage::MeetingRef) -> Self {
        let first = words.iter().map(|w| w.origin.date).min().unwrap_or(meeting.date);
        Self { first, span_days: (meeting.date - first).num_days().max(1) as f64, meeting }
    }

    /// The band of `origin` (0 the oldest, 4 the meeting itself).
    pub(crate) fn band(&self, origin: &crate::lineage::MeetingRef) -> usize {
        let rank = (origin.date - self.first).num_days() as f64 / self.span_days;
        age(if origin.id == self.meeting.id { 1.0 } else { rank.min(0.99) })
    }

    /// Per band present: the dates it covers and its share of `words` in percent.
    pub(crate) fn legend(&self, words: &[WordOrigin]) -> Vec<(usize, String, String)> {
        let mut bands: BTreeMap<usize, (chrono::NaiveDate, chrono::NaiveDate, usize)> = BTreeMap::new();
        for w in words {
            let entry = bands.entry(self.band(&w.origin)).or_insert((w.origin.date, w.origin.date, 0));
            entry.0 = entry.0.min(w.origin.date);
            entry.1 = entry.1.max(w.origin.date);
            entry.2 += 1;
        }
        let total = words.len().max(1) as f64;
        bands
            .into_iter()
            .map(|(band, (from, to, count))| {
                let dates = if from == to { from.to_string() } else { format!("{from}–{to}") };
                let share = count as f64 * 100.0 / total;
                (band, dates, if share < 0.5 { "<1%".to_string() } else { format!("{share:.0}%") })
            })
            .collect()
    }
}

/// The runs of `words`: consecutive words of one paragraph with one origin.
pub(crate) fn runs<'a>(words: &'a [WordOrigin], paragraph_len: impl Fn(usize) -> usize) -> Vec<Run<'a>> {
    let mut runs: Vec<Run<'a>> = Vec::new();
    for w in words {
        match runs.last_mut() {
            Some(run) if run.paragraph == w.paragraph && run.origin == &w.origin => {}
            _ => {
                if let Some(run) = runs.last_mut().filter(|r| r.paragraph == w.paragraph) {
                    run.end = w.start;
                }
                runs.push(Run { paragraph: w.paragraph, start: w.start, end: 0, origin: &w.origin });
            }
        }
        let run = runs.last_mut().expect("just pushed");
        run.end = w.end;
    }
    // Each run reaches to the next of its paragraph, the last to the paragraph's end, and the
    // first starts at the paragraph's start, so the runs hold the whole text.
    for i in 0..runs.len() {
        let next = runs.get(i + 1).filter(|n| n.paragraph == runs[i].paragraph).map(|n| n.start);
        runs[i].end = next.unwrap_or_else(|| paragraph_len(runs[i].paragraph));
        if i == 0 || runs[i - 1].paragraph != runs[i].paragraph {
            runs[i].start = 0;
        }
    }
    runs
}

/// The runs of each of `count` paragraphs (none for a paragraph without words).
pub(crate) fn by_paragraph<'r, 'a>(runs: &'r [Run<'a>], count: usize) -> Vec<Vec<&'r Run<'a>>> {
    let mut out: Vec<Vec<&Run>> = vec![Vec::new(); count];
    for run in runs {
        if let Some(slot) = out.get_mut(run.paragraph - 1) {
            slot.push(run);
        }
    }
    out
}

/// Writes the origin of every word. In colour (and under `--color debug`), each paragraph is
/// written whole with its runs coloured by age, under a legend of the ages; in plain text,
/// one run a line like `git blame`: the origin's date and id, then the words.
fn words(out: &mut dyn Write, a: &Annotation, words: &[WordOrigin], settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let paragraphs = &a.paragraphs;
    let paragraph = |p: usize| paragraphs.get(p - 1).map_or("", String::as_str);
    let runs = runs(words, |p| paragraph(p).len());
    let ages = Ages::of(words, &a.meeting);
    let first_date = ages.first;
    let total = words.len().max(1) as f64;
    let grouped = by_paragraph(&runs, paragraphs.len());
    if s.markers() {
        let column = runs.iter().map(|r| r.origin.id.chars().count()).max().unwrap_or(0);
        for (p, runs) in grouped.iter().enumerate() {
            if p > 0 {
                writeln!(out)?;
            }
            writeln!(out, "¶{}", p + 1)?;
            if runs.is_empty() {
                // A paragraph without words has no origin.
                writeln!(out, "{:w$} │ {}", "", sanitize_line(paragraph(p + 1).trim_end()), w = column + 11)?;
            }
            for run in runs {
                let text = paragraph(run.paragraph).get(run.start..run.end).unwrap_or("").trim_end();
                writeln!(out, "{} {:column$} │ {}", run.origin.date, run.origin.id, sanitize_line(text))?;
            }
        }
    } else {
        // The legend: each age band present, with the dates it covers and its share of words.
        let mut legend = s.canvas();
        legend.push("Words first written in: ");
        for (i, (band, dates, share)) in ages.legend(words).into_iter().enumerate() {
            if i > 0 {
                legend.push("  ");
            }
            legend.paint(AGES[band], &format!("■ {dates}"));
            legend.push(&format!(" {share}"));
        }
        writeln!(out, "{}\n", legend.finish())?;
        for (p, runs) in grouped.iter().enumerate() {
            if p > 0 {
                writeln!(out)?;
            }
            let mut line = s.canvas();
            if runs.is_empty() {
                line.push(&sanitize(paragraph(p + 1)));
            }
            for run in runs {
                let text = paragraph(run.paragraph).get(run.start..run.end).unwrap_or("");
                // The spacing after a run's last word stays unstyled.
                let kept = text.trim_end();
                line.paint(AGES[ages.band(run.origin)], &sanitize(kept));
                line.push(&sanitize(&text[kept.len()..]));
            }
            writeln!(out, "{}", line.finish().trim_end())?;
        }
    }
    let new = words.iter().filter(|w| w.origin.id == a.meeting.id).count();
    writeln!(
        out,
        "\n{} words; {:.0}% new in this meeting, the oldest from {first_date}.",
        words.len(),
        new as f64 * 100.0 / total
    )
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
